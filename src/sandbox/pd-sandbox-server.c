/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server.c: the sandbox's HTTP server speaking the Partner Center customer API. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n.h>

#include "pd-sandbox-identity.h"
#include "pd-sandbox-secret.h"
#include "pd-sandbox-server-private.h"

/* The kernel's own cap (net.core.somaxconn caps it again); GLib's default is 10. */
#define LISTEN_BACKLOG SOMAXCONN

/* glibc's catalogue generation counter: bumping it makes gettext look at LANGUAGE again. */
extern int _nl_msg_cat_cntr;

G_DEFINE_FINAL_TYPE (PdSandboxServer, pd_sandbox_server, G_TYPE_OBJECT)

/* An answer waiting for --latency-ms. */
typedef struct
{
  PdSandboxServer   *self;
  SoupServerMessage *msg;
  guint              source_id;
} Delayed;

/* ---- routing ---- */

/* Whether the request uses @method, the only one the resource allows; answers 405 when not. */
static gboolean
method_allowed (PdSandboxRequest *req,
                const char       *method)
{
  if (strcmp (soup_server_message_get_method (req->msg), method) == 0)
    return TRUE;

  pd_sandbox_respond_method_not_allowed (req, method);
  return FALSE;
}

/* /v1/customers…, split at the slashes: "", "v1", "customers", {id}, "profiles", …. */
static void
route_customers (PdSandboxRequest  *req,
                 char             **parts,
                 guint              n,
                 GHashTable        *query)
{
  const char *method = soup_server_message_get_method (req->msg);
  const gboolean profile = n == 6 && strcmp (parts[4], "profiles") == 0;

  if (n == 3)
    {
      if (method_allowed (req, "GET"))
        pd_sandbox_handle_list_customers (req, query);
    }
  else if (n == 4)
    {
      if (method_allowed (req, "GET"))
        pd_sandbox_handle_get_customer (req, parts[3]);
    }
  else if (profile && strcmp (parts[5], "billing") == 0)
    {
      if (strcmp (method, "GET") == 0)
        pd_sandbox_handle_get_billing (req, parts[3]);
      else if (strcmp (method, "PUT") == 0)
        pd_sandbox_handle_put_billing (req, parts[3]);
      else
        pd_sandbox_respond_method_not_allowed (req, "GET, PUT");
    }
  else if (profile && strcmp (parts[5], "company") == 0)
    {
      if (method_allowed (req, "GET"))
        pd_sandbox_handle_get_company (req, parts[3]);
    }
  else
    pd_sandbox_respond_not_found (req);
}

static void
route (PdSandboxRequest *req,
       const char       *path)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  GUri *uri = soup_server_message_get_uri (req->msg);
  g_autoptr(GHashTable) query = NULL;

  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  /* "/v1/customers/x" → "", "v1", "customers", "x"; a trailing slash is ignored. */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n > 1 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  if (n < 3 || *parts[0] != '\0' || strcmp (parts[1], "v1") != 0)
    pd_sandbox_respond_not_found (req);
  else if (strcmp (parts[2], "customers") == 0)
    route_customers (req, parts, n, query);
  else if (strcmp (parts[2], "auditrecords") == 0 && n == 3)
    {
      /* --no-audit: the 21Vianet cloud has no activity log API, so no such resource. */
      if (req->self->no_audit)
        pd_sandbox_respond_not_found (req);
      else if (method_allowed (req, "GET"))
        pd_sandbox_handle_list_audit_records (req, query);
    }
  else if (strcmp (parts[2], "countryvalidationrules") == 0 && n == 4)
    {
      if (method_allowed (req, "GET"))
        pd_sandbox_handle_get_country_rules (req, parts[3]);
    }
  else if (strcmp (parts[2], "validations") == 0 && n == 4 && strcmp (parts[3], "address") == 0)
    {
      if (method_allowed (req, "POST"))
        pd_sandbox_handle_validate_address (req);
    }
  else
    pd_sandbox_respond_not_found (req);
}

/* The bearer token of the request, or NULL after answering 401 when there is none. */
static const char *
bearer_token (PdSandboxRequest *req)
{
  const char *header = pd_sandbox_request_header (req, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_UNAUTHORIZED, PD_SANDBOX_CODE_TOKEN_MISSING,
                                _("The authorization token is missing."));
      return NULL;
    }
  return header + 7;
}

/* Besides the static --token, the access tokens the sandbox issued as identity service. */
static gboolean
check_issued_token (PdSandboxRequest *req,
                    const char       *token)
{
  switch (pd_sandbox_identity_check_token (req->self->identity, token))
    {
    case PD_SANDBOX_TOKEN_VALID:
      return TRUE;
    case PD_SANDBOX_TOKEN_EXPIRED:
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate",
                                    "Bearer error=\"invalid_token\", "
                                    "error_description=\"The access token has expired\"");
      pd_sandbox_respond_error (req, SOUP_STATUS_UNAUTHORIZED, PD_SANDBOX_CODE_TOKEN_EXPIRED,
                                _("The access token has expired."));
      return FALSE;
    case PD_SANDBOX_TOKEN_UNKNOWN:
    default:
      pd_sandbox_respond_error (req, SOUP_STATUS_UNAUTHORIZED, PD_SANDBOX_CODE_ACCESS_DENIED,
                                _("Access denied: the authorization token is not valid."));
      return FALSE;
    }
}

/* Whether the request's bearer token opens paths of @kind; answers 401 when not. The test
 * controls (/sandbox/…) end every session at once: only the holder of the admin token
 * (--token, --token-file) may use them, not an access token the sandbox issued. */
static gboolean
check_token (PdSandboxRequest  *req,
             PdSandboxPathKind  kind)
{
  const char *token = bearer_token (req);

  if (token == NULL)
    return FALSE;
  if (pd_sandbox_secret_equal (token, req->self->token))
    return TRUE;
  if (kind != PD_SANDBOX_PATH_TEST)
    return check_issued_token (req, token);

  pd_sandbox_respond_error (req, SOUP_STATUS_UNAUTHORIZED, PD_SANDBOX_CODE_ACCESS_DENIED,
                            _("Access denied: the test controls need the sandbox’s own token."));
  return FALSE;
}

/* "127.0.0.1", "localhost" or "[::1]", with an optional ":PORT". Anything else may be a
 * name an attacker's DNS points at 127.0.0.1, to reach the sandbox from a web page. */
static gboolean
host_is_loopback (const char *host)
{
  g_autofree char *name = NULL;
  const char *rest;

  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');

      if (end == NULL)
        return FALSE;
      name = g_strndup (host, end + 1 - host);
      rest = end + 1;
    }
  else
    {
      rest = host + strcspn (host, ":");
      name = g_strndup (host, rest - host);
    }

  if (*rest == ':')
    {
      rest++;
      if (*rest == '\0' || strlen (rest) > 5 || strspn (rest, "0123456789") != strlen (rest))
        return FALSE;
    }
  else if (*rest != '\0')
    return FALSE;

  return strcmp (name, "127.0.0.1") == 0 || g_ascii_strcasecmp (name, "localhost") == 0
         || strcmp (name, "[::1]") == 0;
}

static gboolean
check_host (PdSandboxRequest *req)
{
  const char *header = pd_sandbox_request_header (req, "Host");
  const char *uri_host = g_uri_get_host (soup_server_message_get_uri (req->msg));

  /* The request line may carry an absolute URI, whose host libsoup uses instead. */
  if ((header == NULL || host_is_loopback (header))
      && uri_host != NULL
      && (strcmp (uri_host, "127.0.0.1") == 0 || g_ascii_strcasecmp (uri_host, "localhost") == 0
          || strcmp (uri_host, "::1") == 0))
    return TRUE;

  pd_sandbox_respond_error (req, SOUP_STATUS_MISDIRECTED_REQUEST, PD_SANDBOX_CODE_INVALID_INPUT,
                            _("The Host header must name this computer: 127.0.0.1, [::1] or "
                              "localhost."));
  return FALSE;
}

static gboolean
roll (PdSandboxServer *self,
      double           rate)
{
  /* Always draw, so one --fault-seed gives the same sequence whatever the rates. */
  double value = g_rand_double (self->fault_rand);

  return value < rate;
}

/* MS-RequestId and MS-CorrelationId go back as sent, or new when not sent. */
static void
set_request_ids (PdSandboxRequest *req)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (req->msg);
  const char *names[] = { "MS-RequestId", "MS-CorrelationId" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = pd_sandbox_request_header (req, names[i]);
      g_autofree char *fresh = NULL;

      /* Set once, when the headers arrived: a delayed answer keeps them. */
      if (soup_message_headers_get_one (response_headers, names[i]) != NULL)
        continue;
      if (value == NULL)
        value = fresh = g_uuid_string_random ();
      soup_message_headers_replace (response_headers, names[i], value);
    }
}

/* Error texts follow X-Locale, pages for browsers Accept-Language (its first choice): the
 * server is single-threaded, so switching gettext's language per request is safe.
 * Returns: the language used, "en" or "ru". */
static const char *
use_locale (const char *x_locale,
            const char *accept_language)
{
  const char *language = "en";
  const char *wanted = x_locale != NULL ? x_locale : accept_language;

  while (wanted != NULL && g_ascii_isspace (*wanted))
    wanted++;
  if (wanted != NULL && g_ascii_strncasecmp (wanted, "ru", 2) == 0
      && !g_ascii_isalpha (wanted[2]))
    language = "ru";

  if (g_strcmp0 (g_getenv ("LANGUAGE"), language) != 0)
    {
      g_setenv ("LANGUAGE", language, TRUE);
      ++_nl_msg_cat_cntr;
    }

  return language;
}

/* What every answer carries: the request ids, and texts in the request's language.
 * Returns: the language, "en" or "ru". */
static const char *
prepare_answer (PdSandboxRequest *req)
{
  set_request_ids (req);
  return use_locale (pd_sandbox_request_header (req, "X-Locale"),
                     pd_sandbox_request_header (req, "Accept-Language"));
}

static void
process (PdSandboxServer   *self,
         SoupServerMessage *msg,
         gboolean           faults)
{
  PdSandboxRequest req = { self, msg, FALSE };
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  PdSandboxPathKind kind = pd_sandbox_identity_classify (path);
  const char *language;
  gboolean drop, fail, throttle;

  language = prepare_answer (&req);

  /* Test controls are never faulted: a test must be able to rely on them. They are
   * checked when the headers arrive too; this covers a request that got here anyway. */
  if (kind == PD_SANDBOX_PATH_TEST)
    {
      g_autofree char *base_url = pd_sandbox_server_get_base_url (self);

      if (!check_token (&req, PD_SANDBOX_PATH_TEST))
        return;
      /* The one control that changes the data; the others are the identity service's. */
      if (strcmp (path, "/sandbox/rename-company") == 0)
        pd_sandbox_handle_rename_company (&req);
      else
        pd_sandbox_identity_handle (self->identity, msg, base_url, language);
      return;
    }

  drop = roll (self, faults ? self->faults.drop_rate : 0);
  fail = roll (self, faults ? self->faults.fail_rate : 0);
  throttle = roll (self, faults ? self->faults.throttle_rate : 0);
  req.corrupt = roll (self, faults ? self->faults.corrupt_rate : 0);

  if (drop)
    {
      g_autoptr(GIOStream) stream = NULL;

      /* Half the dropped writes are lost after the commit, as when a connection breaks
       * on the way back: the client must not assume a dropped PUT did nothing. */
      if (kind == PD_SANDBOX_PATH_API && strcmp (soup_server_message_get_method (msg), "PUT") == 0
          && g_rand_boolean (self->fault_rand) && check_token (&req, PD_SANDBOX_PATH_API))
        route (&req, path);

      stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (fail)
    {
      pd_sandbox_respond_error (&req, SOUP_STATUS_SERVICE_UNAVAILABLE, 503,
                                _("The service is temporarily unavailable. Try again later."));
      return;
    }
  if (throttle)
    {
      pd_sandbox_respond_throttled (&req);
      return;
    }

  /* The identity service's endpoints take no bearer token: they hand them out. */
  if (kind == PD_SANDBOX_PATH_IDENTITY)
    {
      g_autofree char *base_url = pd_sandbox_server_get_base_url (self);

      pd_sandbox_identity_handle (self->identity, msg, base_url, language);
      return;
    }

  if (!check_token (&req, PD_SANDBOX_PATH_API))
    return;

  route (&req, path);
}

static void
delayed_free (Delayed *delayed)
{
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  PdSandboxServer *self = delayed->self;

  self->delayed = g_list_remove (self->delayed, delayed);
  soup_server_message_unpause (delayed->msg);
  process (self, delayed->msg, TRUE);
  delayed_free (delayed);

  return G_SOURCE_REMOVE;
}

/* Whether a request body is still to come after the headers. */
static gboolean
body_pending (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_NONE:
      return FALSE;
    case SOUP_ENCODING_CONTENT_LENGTH:
      return soup_message_headers_get_content_length (headers) > 0;
    default:
      return TRUE;
    }
}

/* Host, token and length are known with the headers: refuse there, before any of the
 * body is read (an unauthenticated 400 MB PUT used to be read into memory first). */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  PdSandboxRequest req = { self, msg, FALSE };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  PdSandboxPathKind kind;

  /* libsoup refused it already (a bad path, say): its answer stands. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  kind = pd_sandbox_identity_classify (g_uri_get_path (soup_server_message_get_uri (msg)));
  prepare_answer (&req);

  if (!check_host (&req)
      || (kind != PD_SANDBOX_PATH_IDENTITY && !check_token (&req, kind)))
    ;
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_content_length (headers) > PD_SANDBOX_MAX_BODY_SIZE)
    pd_sandbox_respond_too_large (&req);
  else
    return;

  /* Without a body libsoup sends the answer as usual and keeps the connection. */
  if (body_pending (msg))
    pd_sandbox_server_answer_and_close (self, msg);
}

/* A chunked body has no length up front: it is cut off at the limit while it arrives. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  PdSandboxRequest req = { self, msg, FALSE };

  if (soup_server_message_get_request_body (msg)->length <= PD_SANDBOX_MAX_BODY_SIZE)
    return;

  pd_sandbox_respond_too_large (&req);
  pd_sandbox_server_answer_and_close (self, msg);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), user_data, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), user_data, 0);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *no_faults = soup_message_headers_get_one (headers, "X-Sandbox-No-Faults");
  gboolean faults = g_strcmp0 (no_faults, "1") != 0
                    && pd_sandbox_identity_classify (path) != PD_SANDBOX_PATH_TEST;

  if (faults && self->faults.latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = self;
      delayed->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      delayed->source_id = g_timeout_add (self->faults.latency_ms, delayed_cb, delayed);
      self->delayed = g_list_prepend (self->delayed, delayed);
      return;
    }

  process (self, msg, faults);
}

static void
pd_sandbox_server_dispose (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  for (GList *l = self->delayed; l != NULL; l = l->next)
    {
      Delayed *delayed = l->data;

      g_source_remove (delayed->source_id);
      delayed_free (delayed);
    }
  g_clear_pointer (&self->delayed, g_list_free);

  /* Refused connections finish closing from the main loop, without the server. */
  pd_sandbox_server_release_lingering (self);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->identity);

  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->dispose (object);
}

static void
pd_sandbox_server_finalize (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  g_free (self->token);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->etag_rand, g_rand_free);

  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->finalize (object);
}

static void
pd_sandbox_server_class_init (PdSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_server_dispose;
  object_class->finalize = pd_sandbox_server_finalize;
}

static void
pd_sandbox_server_init (PdSandboxServer *self)
{
  /* Etags of writes must not repeat across restarts: seed from the clock. */
  self->etag_rand = g_rand_new ();
  self->identity = pd_sandbox_identity_new (NULL);
}

PdSandboxServer *
pd_sandbox_server_new (PdSandboxStore        *store,
                       const char            *token,
                       const PdSandboxFaults *faults)
{
  PdSandboxServer *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (PD_TYPE_SANDBOX_SERVER, NULL);
  self->store = store;
  self->token = g_strdup (token);
  self->audit_ticks = pd_sandbox_store_audit_last_ticks (store);
  if (faults != NULL)
    self->faults = *faults;
  self->fault_rand = g_rand_new_with_seed (self->faults.fault_seed);
  self->soup = soup_server_new ("server-header", "partner-desk-sandbox/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb),
                           self, 0);

  return self;
}

gboolean
pd_sandbox_server_listen (PdSandboxServer  *self,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (PD_IS_SANDBOX_SERVER (self), FALSE);

  /* Our own socket, not soup_server_listen(): GLib listens with a backlog of 10, and the
   * kernel drops what does not fit while the server is busy (a burst of 100 clients lost
   * some of them). */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  return soup_server_listen_socket (self->soup, socket, 0, error);
}

char *
pd_sandbox_server_get_base_url (PdSandboxServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (PD_IS_SANDBOX_SERVER (self), NULL);

  /* Not soup_server_get_uris(): libsoup 3.2 leaks the socket address it reads. */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

void
pd_sandbox_server_set_audit_available (PdSandboxServer *self,
                                       gboolean         available)
{
  g_return_if_fail (PD_IS_SANDBOX_SERVER (self));

  self->no_audit = !available;
}

void
pd_sandbox_server_set_identity (PdSandboxServer   *self,
                                PdSandboxIdentity *identity)
{
  g_return_if_fail (PD_IS_SANDBOX_SERVER (self));
  g_return_if_fail (PD_IS_SANDBOX_IDENTITY (identity));

  g_set_object (&self->identity, identity);
}
