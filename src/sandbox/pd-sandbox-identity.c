/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity.c: the sandbox playing Entra ID: authorize, token, device code, tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pd-sandbox-identity.h"
#include "pd-sandbox-secret.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define HTML_TYPE "text/html; charset=utf-8"

#define CODE_LIFETIME_S        600
#define DEVICE_CODE_LIFETIME_S 900
#define USEC                   G_GINT64_CONSTANT (1000000)
/* Timers fire a little early or late: a poll this much before the interval still counts. */
#define POLL_TOLERANCE_US      (200 * 1000)

#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"

/* AADSTS codes as Entra ID sends them; the app maps them to its own translated sentences. */
#define AADSTS_MISSING_PARAMETER  900144
#define AADSTS_APP_NOT_FOUND      700016
#define AADSTS_MFA_REQUIRED       50076
#define AADSTS_CONSENT_REQUIRED   65001
#define AADSTS_USER_DECLINED      65004
#define AADSTS_LOGIN_REQUIRED     50058
#define AADSTS_PKCE_REQUIRED      9002325
#define AADSTS_PKCE_MISMATCH      501481
#define AADSTS_BAD_GRANT          70000
#define AADSTS_CODE_EXPIRED       70008
#define AADSTS_PENDING            70016
#define AADSTS_DEVICE_EXPIRED     70019
#define AADSTS_REFRESH_REVOKED    700082
#define AADSTS_REDIRECT_MISMATCH  50011
#define AADSTS_UNSUPPORTED_GRANT  70003
#define AADSTS_BAD_RESPONSE_TYPE  700054

typedef struct
{
  char   *client_id;
  char   *redirect_uri;
  char   *challenge;
  char   *scope;
  char   *tenant;
  gint64  expires;          /* monotonic µs */
} AuthCode;

typedef struct
{
  char     *client_id;
  char     *scope;
  char     *tenant;
  gboolean  revoked;
} Grant;

typedef enum
{
  DEVICE_PENDING,
  DEVICE_APPROVED,
  DEVICE_DECLINED,
} DeviceState;

typedef struct
{
  char        *user_code;
  char        *client_id;
  char        *scope;
  char        *tenant;
  gint64       expires;     /* monotonic µs */
  gint64       last_poll;   /* monotonic µs; 0 before the first poll */
  guint        polls;       /* polls answered, slow_down excluded */
  DeviceState  state;
} Device;

struct _PdSandboxIdentity
{
  GObject     parent_instance;

  gboolean    auto_approve;
  char       *client_id;
  guint       token_lifetime;
  guint       device_interval;
  char       *user_name;
  char       *user_email;

  GHashTable *codes;          /* code → AuthCode */
  GHashTable *grants;         /* refresh token → Grant */
  GHashTable *access_tokens;  /* access token → gint64* expiry (monotonic µs), kept expired */
  GHashTable *devices;        /* device code → Device */
};

G_DEFINE_FINAL_TYPE (PdSandboxIdentity, pd_sandbox_identity, G_TYPE_OBJECT)

static void
auth_code_free (AuthCode *code)
{
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->challenge);
  g_free (code->scope);
  g_free (code->tenant);
  g_free (code);
}

static void
grant_free (Grant *grant)
{
  g_free (grant->client_id);
  g_free (grant->scope);
  g_free (grant->tenant);
  g_free (grant);
}

static void
device_free (Device *device)
{
  g_free (device->user_code);
  g_free (device->client_id);
  g_free (device->scope);
  g_free (device->tenant);
  g_free (device);
}

/* ---- small helpers ---- */

static char *
random_secret (const char *prefix)
{
  return pd_sandbox_random_token (prefix);
}

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

/* A stable GUID-shaped id from @seed, so the same user gets the same oid every run. */
static char *
guid_from (const char *seed)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", md5, md5 + 8, md5 + 12, md5 + 16, md5 + 20);
}

static gboolean
is_guid (const char *text)
{
  return g_uuid_string_is_valid (text);
}

static const char *
form_get (GHashTable *form,
          const char *name)
{
  const char *value = form != NULL ? g_hash_table_lookup (form, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* "ABCD-EFGH" from letters that cannot be misread (no vowels: no words either). */
static char *
new_user_code (void)
{
  static const char letters[] = "BCDFGHJKLMNPQRSTVWXZ";
  char code[10];

  for (guint i = 0; i < 9; i++)
    code[i] = letters[pd_sandbox_random_below (sizeof letters - 1)];
  code[4] = '-';
  code[9] = '\0';

  return g_strdup (code);
}

/* Upper case, without spaces or dashes: people type codes loosely. */
static char *
normalize_user_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));

  return g_string_free (out, FALSE);
}

static GHashTable *
decode_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (data == NULL || len == 0)
    return g_hash_table_new (g_str_hash, g_str_equal);
  text = g_strndup (data, len);

  return soup_form_decode (text);
}

static GHashTable *
decode_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return g_hash_table_new (g_str_hash, g_str_equal);

  return soup_form_decode (query);
}

/* ---- answers ---- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  char *text = json_to_string (node, FALSE);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Members may echo form fields, which can carry any bytes: JSON must be UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  /* Tokens must not end up in a cache. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_TAKE, text, strlen (text));
}

/* Entra's error body. Descriptions follow the request's language, like every error the
 * sandbox sends; the app shows its own sentence for each error and keeps the code for
 * support. */
static void
respond_oauth_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error,
                     guint              aadsts,
                     const char        *description)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* Descriptions may quote what the client sent: JSON must stay valid UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (description, -1);
  g_autofree char *text = g_strdup_printf ("AADSTS%u: %s", aadsts, valid);
  g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");
  g_autofree char *trace_id = g_uuid_string_random ();
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *correlation = soup_message_headers_get_one (request_headers, "client-request-id");
  g_autofree char *new_correlation = NULL;
  JsonArray *codes = json_array_new ();

  if (correlation == NULL || !g_utf8_validate (correlation, -1, NULL))
    correlation = new_correlation = g_uuid_string_random ();
  json_array_add_int_element (codes, aadsts);
  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "error_description", text);
  json_object_set_array_member (object, "error_codes", codes);
  json_object_set_string_member (object, "timestamp", timestamp);
  json_object_set_string_member (object, "trace_id", trace_id);
  json_object_set_string_member (object, "correlation_id", correlation);
  respond_json (msg, status, object);
}

static void
respond_missing (SoupServerMessage *msg,
                 const char        *name)
{
  g_autofree char *description =
    g_strdup_printf (_("The request body must contain the following parameter: '%s'."), name);

  respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                       AADSTS_MISSING_PARAMETER, description);
}

static void
respond_unknown_client (SoupServerMessage *msg,
                        const char        *client_id)
{
  g_autofree char *description =
    g_strdup_printf (_("Application with identifier '%s' was not found in the directory "
                       "'Sandbox'. This can happen if the application has not been installed by "
                       "the administrator of the tenant."), client_id);

  respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client",
                       AADSTS_APP_NOT_FOUND, description);
}

/* Sends @query's error to the application's redirect_uri, as Entra does after a sign-in. */
static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               GHashTable        *params)
{
  g_autofree char *query = soup_form_encode_hash (params);
  g_autofree char *location = g_strconcat (redirect_uri,
                                           strchr (redirect_uri, '?') != NULL ? "&" : "?",
                                           query, NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
redirect_error (SoupServerMessage *msg,
                const char        *redirect_uri,
                const char        *state,
                const char        *error,
                guint              aadsts,
                const char        *description)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  /* Descriptions may quote what the client sent: JSON must stay valid UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (description, -1);
  g_autofree char *text = g_strdup_printf ("AADSTS%u: %s", aadsts, valid);

  g_hash_table_insert (params, (char *) "error", (char *) error);
  g_hash_table_insert (params, (char *) "error_description", text);
  if (state != NULL)
    g_hash_table_insert (params, (char *) "state", (char *) state);
  redirect_with (msg, redirect_uri, params);
}

/* ---- pages ---- */

static const char page_style[] =
  "body{margin:0;font-family:system-ui,'Cantarell','Segoe UI',sans-serif;"
  "background:#f6f5f4;color:#241f31}"
  "main{max-width:30rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;"
  "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
  "h1{font-size:1.4rem;margin:0 0 1rem}"
  "dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}"
  "dt{font-weight:600}dd{margin:0;word-break:break-all}"
  "input[type=text]{font:inherit;font-size:1.3rem;letter-spacing:.1em;padding:.4rem;"
  "width:100%;box-sizing:border-box;text-transform:uppercase}"
  ".buttons{display:flex;flex-direction:row-reverse;gap:.75rem;margin-top:1.5rem}"
  "button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #c0bfbc;"
  "background:#fff;cursor:pointer}"
  "button.approve{background:#3584e4;border-color:#3584e4;color:#fff}"
  ".note{color:#5e5c64;font-size:.9rem}.error{color:#c01c28}";

static GString *
page_begin (const char *language,
            const char *title)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  g_autofree char *lang = g_markup_escape_text (language, -1);
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (page,
                          "%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title><style>%s</style></head>\n<body><main>\n"
                          "<h1>%s</h1>\n",
                          lang, escaped, page_style, escaped);
  return page;
}

static void
page_paragraph (GString    *page,
                const char *css_class,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (css_class != NULL)
    g_string_append_printf (page, "<p class=\"%s\">%s</p>\n", css_class, escaped);
  else
    g_string_append_printf (page, "<p>%s</p>\n", escaped);
}

static void
page_term (GString    *page,
           const char *term,
           const char *value)
{
  g_autofree char *t = g_markup_escape_text (term, -1);
  g_autofree char *v = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (page, "<dt>%s</dt><dd>%s</dd>\n", t, v);
}

static void
page_hidden (GString    *page,
             const char *name,
             const char *value)
{
  g_autofree char *n = NULL;
  g_autofree char *v = NULL;

  if (value == NULL)
    return;
  n = g_markup_escape_text (name, -1);
  v = g_markup_escape_text (value, -1);
  g_string_append_printf (page, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", n, v);
}

static void
page_buttons (GString *page)
{
  g_autofree char *approve = g_markup_escape_text (_("Approve"), -1);
  g_autofree char *decline = g_markup_escape_text (_("Decline"), -1);

  /* Approve first: Enter in the code field presses the first button. The row is laid out
   * reversed, so it still shows on the right, after Decline. */
  g_string_append_printf (page,
                          "<div class=\"buttons\">"
                          "<button type=\"submit\" name=\"action\" value=\"approve\" "
                          "class=\"approve\">%s</button>"
                          "<button type=\"submit\" name=\"action\" value=\"decline\">%s</button>"
                          "</div>\n",
                          approve, decline);
}

static void
page_respond (SoupServerMessage *msg,
              guint              status,
              GString           *page,
              const char        *language)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len;

  g_string_append (page, "</main></body></html>\n");
  len = page->len;
  soup_message_headers_replace (headers, "Content-Language", language);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, HTML_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

static void
respond_bad_request_page (SoupServerMessage *msg,
                          const char        *language,
                          const char        *text)
{
  GString *page = page_begin (language, _("Sign-in request not valid"));

  page_paragraph (page, "error", text);
  page_respond (msg, SOUP_STATUS_BAD_REQUEST, page, language);
}

/* ---- tokens ---- */

/* An unsigned JWT: the app reads the account from it for display only. */
static char *
make_id_token (PdSandboxIdentity *self,
               const char        *base_url,
               const char        *client_id,
               const char        *tenant)
{
  static const char header[] = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *oid = guid_from (self->user_email);
  g_autofree char *tid = NULL;
  g_autofree char *iss = NULL;
  const char *domain = strchr (self->user_email, '@');
  gint64 now = g_get_real_time () / USEC;

  tid = tenant != NULL && is_guid (tenant) ? g_ascii_strdown (tenant, -1)
                                           : guid_from (domain != NULL ? domain + 1 : "sandbox");
  iss = g_strdup_printf ("%s/%s/v2.0", base_url, tid);
  json_object_set_string_member (claims, "aud", client_id);
  json_object_set_string_member (claims, "iss", iss);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "nbf", now);
  json_object_set_int_member (claims, "exp", now + self->token_lifetime);
  json_object_set_string_member (claims, "name", self->user_name);
  json_object_set_string_member (claims, "oid", oid);
  json_object_set_string_member (claims, "preferred_username", self->user_email);
  json_object_set_string_member (claims, "tid", tid);
  json_object_set_string_member (claims, "ver", "2.0");

  node = json_node_init_object (json_node_alloc (), claims);
  payload = json_to_string (node, FALSE);
  header64 = base64url ((const guchar *) header, strlen (header));
  payload64 = base64url ((const guchar *) payload, strlen (payload));

  /* The empty third part is the missing signature of an "alg":"none" token. */
  return g_strdup_printf ("%s.%s.", header64, payload64);
}

/* Forgets codes nobody can use any more, so a long demo does not grow without bound.
 * Expired access tokens stay a day: the API tells "expired" from "never issued" with them. */
static void
prune (PdSandboxIdentity *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((AuthCode *) value)->expires <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Device *) value)->expires + 3600 * USEC <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value + 24 * 3600 * USEC <= now)
      g_hash_table_iter_remove (&iter);
}

/* Issues an access, a refresh and an id token, and answers with them. */
static void
respond_tokens (PdSandboxIdentity *self,
                SoupServerMessage *msg,
                const char        *base_url,
                const char        *client_id,
                const char        *scope,
                const char        *tenant)
{
  g_autoptr(JsonObject) object = json_object_new ();
  char *access_token = random_secret ("sandbox-at-");
  char *refresh_token = random_secret ("sandbox-rt-");
  g_autofree char *id_token = make_id_token (self, base_url, client_id, tenant);
  gint64 *expiry = g_new (gint64, 1);
  Grant *grant = g_new0 (Grant, 1);

  prune (self);
  *expiry = g_get_monotonic_time () + (gint64) self->token_lifetime * USEC;
  g_hash_table_insert (self->access_tokens, access_token, expiry);

  /* Refresh tokens are issued whatever the scope (Entra wants offline_access): a sandbox
   * that is lenient here keeps demos working with any scope. */
  grant->client_id = g_strdup (client_id);
  grant->scope = g_strdup (scope);
  grant->tenant = g_strdup (tenant);
  g_hash_table_insert (self->grants, refresh_token, grant);

  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_string_member (object, "scope", scope != NULL ? scope : "");
  json_object_set_int_member (object, "expires_in", self->token_lifetime);
  json_object_set_int_member (object, "ext_expires_in", self->token_lifetime);
  json_object_set_string_member (object, "access_token", access_token);
  json_object_set_string_member (object, "refresh_token", refresh_token);
  json_object_set_string_member (object, "id_token", id_token);
  respond_json (msg, SOUP_STATUS_OK, object);
}

static gboolean
client_known (PdSandboxIdentity *self,
              const char        *client_id)
{
  return self->client_id == NULL || g_strcmp0 (self->client_id, client_id) == 0;
}

static gboolean
pkce_matches (const char *verifier,
              const char *challenge)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *computed = NULL;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  computed = base64url (digest, len);

  return pd_sandbox_secret_equal (computed, challenge);
}

/* ---- authorize ---- */

static gboolean
redirect_uri_allowed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);

  return g_strcmp0 (host, "127.0.0.1") == 0 || g_ascii_strcasecmp (host, "localhost") == 0;
}

static void
approve_page (PdSandboxIdentity *self,
              SoupServerMessage *msg,
              GHashTable        *params,
              const char        *path,
              const char        *language)
{
  static const char * const carried[] = {
    "client_id", "response_type", "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method", "prompt", "login_hint", "response_mode",
  };
  GString *page = page_begin (language, _("Sign in to the Partner Desk sandbox"));
  g_autofree char *action = g_markup_escape_text (path, -1);

  page_paragraph (page, NULL, _("An application asks to use the sandbox’s Partner Center API "
                                "as you. Approve only if you started this sign-in."));
  g_string_append (page, "<dl>\n");
  page_term (page, _("Application (client) ID"), form_get (params, "client_id"));
  page_term (page, _("Permissions"), form_get (params, "scope"));
  page_term (page, _("Account"), self->user_email);
  g_string_append (page, "</dl>\n");
  g_string_append_printf (page, "<form method=\"post\" action=\"%s\">\n", action);
  for (gsize i = 0; i < G_N_ELEMENTS (carried); i++)
    page_hidden (page, carried[i], form_get (params, carried[i]));
  page_buttons (page);
  g_string_append (page, "</form>\n");
  page_paragraph (page, "note", _("This is the sandbox’s demo sign-in: no password is needed "
                                  "and nothing leaves this computer."));
  page_respond (msg, SOUP_STATUS_OK, page, language);
}

static void
issue_code (PdSandboxIdentity *self,
            SoupServerMessage *msg,
            GHashTable        *params,
            const char        *tenant)
{
  g_autoptr(GHashTable) answer = g_hash_table_new (g_str_hash, g_str_equal);
  char *code = random_secret ("sandbox-code-");
  AuthCode *entry = g_new0 (AuthCode, 1);
  const char *state = form_get (params, "state");

  entry->client_id = g_strdup (form_get (params, "client_id"));
  entry->redirect_uri = g_strdup (form_get (params, "redirect_uri"));
  entry->challenge = g_strdup (form_get (params, "code_challenge"));
  entry->scope = g_strdup (form_get (params, "scope"));
  entry->tenant = g_strdup (tenant);
  entry->expires = g_get_monotonic_time () + CODE_LIFETIME_S * USEC;
  g_hash_table_insert (self->codes, code, entry);

  g_hash_table_insert (answer, (char *) "code", code);
  if (state != NULL)
    g_hash_table_insert (answer, (char *) "state", (char *) state);
  redirect_with (msg, entry->redirect_uri, answer);
}

static void
authorize (PdSandboxIdentity *self,
           SoupServerMessage *msg,
           const char        *tenant,
           const char        *language)
{
  const char *method = soup_server_message_get_method (msg);
  const gboolean post = strcmp (method, "POST") == 0;
  g_autoptr(GHashTable) params = NULL;
  const char *client_id;
  const char *redirect_uri;
  const char *state;
  const char *login_hint;
  const char *action;

  if (!post && strcmp (method, "GET") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  params = post ? decode_body (msg) : decode_query (msg);
  client_id = form_get (params, "client_id");
  redirect_uri = form_get (params, "redirect_uri");
  state = form_get (params, "state");
  login_hint = form_get (params, "login_hint");

  /* Without a trustworthy redirect_uri the error can only be shown here. */
  if (client_id == NULL)
    {
      respond_bad_request_page (msg, language, _("The sign-in request has no application "
                                                 "(client) ID."));
      return;
    }
  if (redirect_uri == NULL || !redirect_uri_allowed (redirect_uri))
    {
      respond_bad_request_page (msg, language,
                                _("The reply address of the sign-in request must be "
                                  "http://127.0.0.1:PORT/… or http://localhost:PORT/…."));
      return;
    }

  if (!client_known (self, client_id))
    {
      g_autofree char *description =
        g_strdup_printf (_("Application with identifier '%s' was not found in the directory "
                           "'Sandbox'. This can happen if the application has not been installed "
                           "by the administrator of the tenant."), client_id);

      redirect_error (msg, redirect_uri, state, "unauthorized_client", AADSTS_APP_NOT_FOUND,
                      description);
      return;
    }
  if (g_strcmp0 (form_get (params, "response_type"), "code") != 0)
    {
      redirect_error (msg, redirect_uri, state, "unsupported_response_type",
                      AADSTS_BAD_RESPONSE_TYPE,
                      _("response_type 'code' is required: only the authorization code flow "
                        "is enabled for this application."));
      return;
    }
  if (form_get (params, "code_challenge") == NULL
      || g_strcmp0 (form_get (params, "code_challenge_method"), "S256") != 0)
    {
      redirect_error (msg, redirect_uri, state, "invalid_request", AADSTS_PKCE_REQUIRED,
                      _("Proof Key for Code Exchange is required: send code_challenge with "
                        "code_challenge_method S256."));
      return;
    }

  /* Test accounts whose sign-in the directory refuses, like a real tenant's policies. */
  if (login_hint != NULL && g_ascii_strncasecmp (login_hint, "mfa@", 4) == 0)
    {
      redirect_error (msg, redirect_uri, state, "interaction_required", AADSTS_MFA_REQUIRED,
                      _("Due to a configuration change made by your administrator, or because "
                        "you moved to a new location, you must use multi-factor authentication "
                        "to access the Partner Center API."));
      return;
    }
  if (login_hint != NULL && g_ascii_strncasecmp (login_hint, "consent@", 8) == 0)
    {
      redirect_error (msg, redirect_uri, state, "consent_required", AADSTS_CONSENT_REQUIRED,
                      _("The user or administrator has not consented to use the application. "
                        "Send an interactive authorization request for this user and resource."));
      return;
    }

  if (post)
    {
      action = form_get (params, "action");
      if (g_strcmp0 (action, "approve") == 0)
        issue_code (self, msg, params, tenant);
      else
        redirect_error (msg, redirect_uri, state, "access_denied", AADSTS_USER_DECLINED,
                        _("The user has declined to consent to access the app."));
      return;
    }

  if (self->auto_approve)
    {
      issue_code (self, msg, params, tenant);
      return;
    }
  if (g_strcmp0 (form_get (params, "prompt"), "none") == 0)
    {
      redirect_error (msg, redirect_uri, state, "login_required", AADSTS_LOGIN_REQUIRED,
                      _("The user is not signed in and prompt=none forbids asking."));
      return;
    }

  approve_page (self, msg, params, g_uri_get_path (soup_server_message_get_uri (msg)), language);
}

/* ---- token ---- */

static void
token_authorization_code (PdSandboxIdentity *self,
                          SoupServerMessage *msg,
                          GHashTable        *form,
                          const char        *base_url)
{
  const char *code = form_get (form, "code");
  const char *verifier = form_get (form, "code_verifier");
  const char *client_id = form_get (form, "client_id");
  g_autofree char *key = NULL;
  AuthCode *entry = NULL;

  if (code == NULL)
    {
      respond_missing (msg, "code");
      return;
    }

  /* A code is good for one redemption, right or wrong: take it out now. */
  if (!g_hash_table_steal_extended (self->codes, code, (gpointer *) &key, (gpointer *) &entry))
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_BAD_GRANT,
                           _("The provided authorization code is not valid or was already "
                             "redeemed."));
      return;
    }
  if (g_get_monotonic_time () >= entry->expires)
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_CODE_EXPIRED,
                         _("The provided authorization code has expired."));
  else if (g_strcmp0 (client_id, entry->client_id) != 0)
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_BAD_GRANT,
                         _("The authorization code was issued to another application."));
  else if (g_strcmp0 (form_get (form, "redirect_uri"), entry->redirect_uri) != 0)
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                         AADSTS_REDIRECT_MISMATCH,
                         _("The redirect URI does not match the one of the authorization "
                           "request."));
  else if (verifier == NULL || !pkce_matches (verifier, entry->challenge))
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_PKCE_MISMATCH,
                         _("The code_verifier does not match the code_challenge supplied in the "
                           "authorization request."));
  else
    respond_tokens (self, msg, base_url, entry->client_id, entry->scope, entry->tenant);

  auth_code_free (entry);
}

static void
token_refresh (PdSandboxIdentity *self,
               SoupServerMessage *msg,
               GHashTable        *form,
               const char        *base_url)
{
  const char *refresh_token = form_get (form, "refresh_token");
  const char *client_id = form_get (form, "client_id");
  const char *scope = form_get (form, "scope");
  g_autofree char *key = NULL;
  Grant *grant = NULL;

  if (refresh_token == NULL)
    {
      respond_missing (msg, "refresh_token");
      return;
    }
  grant = g_hash_table_lookup (self->grants, refresh_token);
  if (grant == NULL)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_BAD_GRANT,
                           _("The provided refresh token is not valid or was already used."));
      return;
    }
  if (grant->revoked)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_REFRESH_REVOKED,
                           _("The refresh token has expired or was revoked. The user must sign "
                             "in again."));
      return;
    }
  if (g_strcmp0 (client_id, grant->client_id) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_BAD_GRANT,
                           _("The refresh token was issued to another application."));
      return;
    }

  /* Rotation: the used token is gone, the answer carries its successor. */
  g_hash_table_steal_extended (self->grants, refresh_token, (gpointer *) &key, (gpointer *) &grant);
  respond_tokens (self, msg, base_url, grant->client_id,
                  scope != NULL ? scope : grant->scope, grant->tenant);
  grant_free (grant);
}

static void
token_device_code (PdSandboxIdentity *self,
                   SoupServerMessage *msg,
                   GHashTable        *form,
                   const char        *base_url)
{
  const char *device_code = form_get (form, "device_code");
  const char *client_id = form_get (form, "client_id");
  gint64 now = g_get_monotonic_time ();
  g_autofree char *key = NULL;
  Device *device;

  if (device_code == NULL)
    {
      respond_missing (msg, "device_code");
      return;
    }
  device = g_hash_table_lookup (self->devices, device_code);
  if (device == NULL || g_strcmp0 (client_id, device->client_id) != 0)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", AADSTS_BAD_GRANT,
                           _("The provided device code is not valid."));
      return;
    }
  if (now >= device->expires)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "expired_token", AADSTS_DEVICE_EXPIRED,
                           _("The device code has expired: start the sign-in again."));
      return;
    }
  if (device->last_poll != 0
      && now - device->last_poll < (gint64) self->device_interval * USEC - POLL_TOLERANCE_US)
    {
      device->last_poll = now;
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "slow_down", AADSTS_PENDING,
                           _("The device code is polled faster than the interval allows: "
                             "wait longer between polls."));
      return;
    }
  device->last_poll = now;
  device->polls++;

  /* With --auto-approve the person "types the code" between the first and second poll. */
  if (self->auto_approve && device->state == DEVICE_PENDING && device->polls >= 2)
    device->state = DEVICE_APPROVED;

  switch (device->state)
    {
    case DEVICE_PENDING:
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "authorization_pending",
                           AADSTS_PENDING,
                           _("The user has not yet finished authenticating, but did not cancel "
                             "the flow."));
      break;
    case DEVICE_DECLINED:
      g_hash_table_remove (self->devices, device_code);
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "access_denied", AADSTS_USER_DECLINED,
                           _("The user has declined the sign-in."));
      break;
    case DEVICE_APPROVED:
      g_hash_table_steal_extended (self->devices, device_code, (gpointer *) &key,
                                   (gpointer *) &device);
      respond_tokens (self, msg, base_url, device->client_id, device->scope, device->tenant);
      device_free (device);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
token (PdSandboxIdentity *self,
       SoupServerMessage *msg,
       const char        *base_url)
{
  g_autoptr(GHashTable) form = decode_body (msg);
  const char *grant_type = form_get (form, "grant_type");
  const char *client_id = form_get (form, "client_id");

  if (grant_type == NULL)
    respond_missing (msg, "grant_type");
  else if (client_id == NULL)
    respond_missing (msg, "client_id");
  else if (!client_known (self, client_id))
    respond_unknown_client (msg, client_id);
  else if (strcmp (grant_type, "authorization_code") == 0)
    token_authorization_code (self, msg, form, base_url);
  else if (strcmp (grant_type, "refresh_token") == 0)
    token_refresh (self, msg, form, base_url);
  else if (strcmp (grant_type, DEVICE_CODE_GRANT) == 0)
    token_device_code (self, msg, form, base_url);
  else
    respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         AADSTS_UNSUPPORTED_GRANT,
                         _("The provided grant_type is not supported."));
}

/* ---- device code ---- */

static void
devicecode (PdSandboxIdentity *self,
            SoupServerMessage *msg,
            const char        *base_url,
            const char        *tenant)
{
  g_autoptr(GHashTable) form = decode_body (msg);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *verification_uri = g_strdup_printf ("%s/devicelogin", base_url);
  g_autofree char *message = NULL;
  const char *client_id = form_get (form, "client_id");
  const char *scope = form_get (form, "scope");
  char *device_code;
  Device *device;

  if (client_id == NULL)
    {
      respond_missing (msg, "client_id");
      return;
    }
  if (scope == NULL)
    {
      respond_missing (msg, "scope");
      return;
    }
  if (!client_known (self, client_id))
    {
      respond_unknown_client (msg, client_id);
      return;
    }

  prune (self);
  device = g_new0 (Device, 1);
  device->user_code = new_user_code ();
  device->client_id = g_strdup (client_id);
  device->scope = g_strdup (scope);
  device->tenant = g_strdup (tenant);
  device->expires = g_get_monotonic_time () + DEVICE_CODE_LIFETIME_S * USEC;
  device->state = DEVICE_PENDING;
  device_code = random_secret ("sandbox-dc-");
  g_hash_table_insert (self->devices, device_code, device);

  /* Entra's message is English whatever the locale; the app shows its own text anyway. */
  message = g_strdup_printf ("To sign in, use a web browser to open the page %s and enter the "
                             "code %s to authenticate.", verification_uri, device->user_code);
  json_object_set_string_member (object, "device_code", device_code);
  json_object_set_string_member (object, "user_code", device->user_code);
  json_object_set_string_member (object, "verification_uri", verification_uri);
  json_object_set_int_member (object, "expires_in", DEVICE_CODE_LIFETIME_S);
  json_object_set_int_member (object, "interval", self->device_interval);
  json_object_set_string_member (object, "message", message);
  respond_json (msg, SOUP_STATUS_OK, object);
}

static Device *
find_device (PdSandboxIdentity *self,
             const char        *user_code)
{
  g_autofree char *wanted = normalize_user_code (user_code);
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_monotonic_time ();

  if (*wanted == '\0')
    return NULL;

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Device *device = value;
      g_autofree char *code = normalize_user_code (device->user_code);

      if (strcmp (code, wanted) == 0 && device->state == DEVICE_PENDING && now < device->expires)
        return device;
    }

  return NULL;
}

static void
devicelogin (PdSandboxIdentity *self,
             SoupServerMessage *msg,
             const char        *language)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) params = NULL;
  GString *page;
  const char *code;
  Device *device;

  if (strcmp (method, "GET") == 0)
    {
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;

      params = decode_query (msg);
      label = g_markup_escape_text (_("Code"), -1);
      value = g_markup_escape_text (form_get (params, "code") != NULL ? form_get (params, "code")
                                                                       : "", -1);
      page = page_begin (language, _("Sign in on another device"));
      page_paragraph (page, NULL, _("Enter the code that the application shows, then approve "
                                    "or decline the sign-in."));
      g_string_append_printf (page,
                              "<form method=\"post\" action=\"/devicelogin\">\n"
                              "<label for=\"code\">%s</label>\n"
                              "<input type=\"text\" id=\"code\" name=\"code\" value=\"%s\" "
                              "autocomplete=\"off\" autofocus required>\n",
                              label, value);
      page_buttons (page);
      g_string_append (page, "</form>\n");
      page_paragraph (page, "note", _("This is the sandbox’s demo sign-in: no password is "
                                      "needed and nothing leaves this computer."));
      page_respond (msg, SOUP_STATUS_OK, page, language);
      return;
    }
  if (strcmp (method, "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  params = decode_body (msg);
  code = form_get (params, "code");
  device = code != NULL ? find_device (self, code) : NULL;
  if (device == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The code “%s” is not valid or has expired. "
                                                 "Check the code the application shows."),
                                               code != NULL ? code : "");

      page = page_begin (language, _("Sign in on another device"));
      page_paragraph (page, "error", text);
      g_string_append (page, "<p><a href=\"/devicelogin\">");
      {
        g_autofree char *again = g_markup_escape_text (_("Try again"), -1);

        g_string_append (page, again);
      }
      g_string_append (page, "</a></p>\n");
      page_respond (msg, SOUP_STATUS_BAD_REQUEST, page, language);
      return;
    }

  if (g_strcmp0 (form_get (params, "action"), "approve") == 0)
    {
      g_autofree char *text = NULL;

      device->state = DEVICE_APPROVED;
      text = g_strdup_printf (_("You signed in as %s. You can close this window and return to "
                                "the application."), self->user_email);
      page = page_begin (language, _("Signed in"));
      page_paragraph (page, NULL, text);
    }
  else
    {
      device->state = DEVICE_DECLINED;
      page = page_begin (language, _("Sign-in declined"));
      page_paragraph (page, NULL, _("The application was not signed in. You can close this "
                                    "window."));
    }
  page_respond (msg, SOUP_STATUS_OK, page, language);
}

/* ---- test controls ---- */

static gboolean
from_loopback (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return address != NULL && G_IS_INET_SOCKET_ADDRESS (address)
         && g_inet_address_get_is_loopback (
              g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static void
test_control (PdSandboxIdentity *self,
              SoupServerMessage *msg,
              const char        *what)
{
  g_autoptr(JsonObject) object = json_object_new ();
  GHashTableIter iter;
  gpointer value;
  guint count = 0;
  gint64 now = g_get_monotonic_time ();

  if (!from_loopback (msg))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (strcmp (what, "revoke") == 0)
    {
      g_hash_table_iter_init (&iter, self->grants);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (!((Grant *) value)->revoked)
          {
            ((Grant *) value)->revoked = TRUE;
            count++;
          }
      json_object_set_int_member (object, "revokedRefreshTokens", count);
    }
  else if (strcmp (what, "expire") == 0)
    {
      /* Access tokens stay known, so the API can tell "expired" from "never issued";
       * waiting device codes expire too, for the device flow's expiry path. */
      g_hash_table_iter_init (&iter, self->access_tokens);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (*(gint64 *) value > now)
          {
            *(gint64 *) value = now;
            count++;
          }
      json_object_set_int_member (object, "expiredAccessTokens", count);
      count = 0;
      g_hash_table_iter_init (&iter, self->devices);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Device *) value)->expires > now)
          {
            ((Device *) value)->expires = now;
            count++;
          }
      json_object_set_int_member (object, "expiredDeviceCodes", count);
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  respond_json (msg, SOUP_STATUS_OK, object);
}

/* ---- public ---- */

PdSandboxPathKind
pd_sandbox_identity_classify (const char *path)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  g_return_val_if_fail (path != NULL, PD_SANDBOX_PATH_API);

  if (g_str_has_prefix (path, "/sandbox/"))
    return PD_SANDBOX_PATH_TEST;
  if (strcmp (path, "/devicelogin") == 0 || strcmp (path, "/devicelogin/") == 0)
    return PD_SANDBOX_PATH_IDENTITY;

  /* "/{tenant}/oauth2/v2.0/{endpoint}" */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n == 5 && *parts[0] == '\0' && *parts[1] != '\0' && strcmp (parts[2], "oauth2") == 0
      && strcmp (parts[3], "v2.0") == 0
      && (strcmp (parts[4], "authorize") == 0 || strcmp (parts[4], "token") == 0
          || strcmp (parts[4], "devicecode") == 0))
    return PD_SANDBOX_PATH_IDENTITY;

  return PD_SANDBOX_PATH_API;
}

void
pd_sandbox_identity_handle (PdSandboxIdentity *self,
                            SoupServerMessage *msg,
                            const char        *base_url,
                            const char        *language)
{
  const char *path;
  g_auto(GStrv) parts = NULL;

  g_return_if_fail (PD_IS_SANDBOX_IDENTITY (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (base_url != NULL);

  path = g_uri_get_path (soup_server_message_get_uri (msg));
  if (language == NULL)
    language = "en";

  switch (pd_sandbox_identity_classify (path))
    {
    case PD_SANDBOX_PATH_TEST:
      test_control (self, msg, path + strlen ("/sandbox/"));
      return;
    case PD_SANDBOX_PATH_IDENTITY:
      break;
    case PD_SANDBOX_PATH_API:
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_str_has_prefix (path, "/devicelogin"))
    {
      devicelogin (self, msg, language);
      return;
    }

  parts = g_strsplit (path, "/", -1);
  if (strcmp (parts[4], "authorize") == 0)
    authorize (self, msg, parts[1], language);
  else if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
    }
  else if (strcmp (parts[4], "token") == 0)
    token (self, msg, base_url);
  else
    devicecode (self, msg, base_url, parts[1]);
}

PdSandboxTokenState
pd_sandbox_identity_check_token (PdSandboxIdentity *self,
                                 const char        *token)
{
  gint64 *expiry;

  g_return_val_if_fail (PD_IS_SANDBOX_IDENTITY (self), PD_SANDBOX_TOKEN_UNKNOWN);

  if (token == NULL)
    return PD_SANDBOX_TOKEN_UNKNOWN;
  expiry = g_hash_table_lookup (self->access_tokens, token);
  if (expiry == NULL)
    return PD_SANDBOX_TOKEN_UNKNOWN;

  return g_get_monotonic_time () < *expiry ? PD_SANDBOX_TOKEN_VALID : PD_SANDBOX_TOKEN_EXPIRED;
}

/* "Name <user@domain>" → name and address; a bare address names itself. */
static void
parse_user (const char  *user,
            char       **name,
            char       **email)
{
  const char *open = strchr (user, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL && close > open + 1)
    {
      g_autofree char *raw_name = g_strndup (user, open - user);

      *email = g_strstrip (g_strndup (open + 1, close - open - 1));
      *name = g_strdup (g_strstrip (raw_name));
      if (**name == '\0')
        {
          g_free (*name);
          *name = g_strdup (*email);
        }
    }
  else
    {
      *email = g_strstrip (g_strdup (user));
      *name = g_strdup (*email);
    }
}

static void
pd_sandbox_identity_finalize (GObject *object)
{
  PdSandboxIdentity *self = PD_SANDBOX_IDENTITY (object);

  g_free (self->client_id);
  g_free (self->user_name);
  g_free (self->user_email);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->grants, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->devices, g_hash_table_unref);

  G_OBJECT_CLASS (pd_sandbox_identity_parent_class)->finalize (object);
}

static void
pd_sandbox_identity_class_init (PdSandboxIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_sandbox_identity_finalize;
}

static void
pd_sandbox_identity_init (PdSandboxIdentity *self)
{
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) auth_code_free);
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) grant_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) device_free);
}

PdSandboxIdentity *
pd_sandbox_identity_new (const PdSandboxIdentityOptions *options)
{
  PdSandboxIdentity *self = g_object_new (PD_TYPE_SANDBOX_IDENTITY, NULL);
  const char *user = options != NULL && options->user != NULL ? options->user
                                                               : PD_SANDBOX_DEFAULT_USER;

  self->auto_approve = options != NULL && options->auto_approve;
  self->client_id = options != NULL ? g_strdup (options->client_id) : NULL;
  self->token_lifetime = options != NULL && options->token_lifetime > 0
                         ? options->token_lifetime : 3600;
  self->device_interval = options != NULL && options->device_interval > 0
                          ? options->device_interval : 5;
  parse_user (user, &self->user_name, &self->user_email);

  return self;
}
