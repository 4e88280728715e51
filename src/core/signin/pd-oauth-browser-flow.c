/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-browser-flow.c: browser sign-in, authorization code with PKCE and a loopback
 * redirect (RFC 8252). */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "pd-auth-error.h"
#include "pd-oauth-token-provider-private.h"

/* ------------------------------------------------------------------------------------- */
/* PKCE and the state: random, base64url */

static void
random_bytes (guint8 *buffer,
              gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = getrandom (buffer + done, len - done, 0);

      if (n <= 0)
        g_error ("No randomness for the sign-in: %s", g_strerror (errno));
      done += (gsize) n;
    }
}

static char *
base64url_encode (const guint8 *data,
                  gsize         len)
{
  char *text = g_base64_encode (data, len);
  gsize text_len = strlen (text);

  while (text_len > 0 && text[text_len - 1] == '=')
    text[--text_len] = '\0';
  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  return text;
}

static char *
random_base64url (gsize n_bytes)
{
  guint8 buffer[64];

  g_assert (n_bytes <= sizeof buffer);
  random_bytes (buffer, n_bytes);
  return base64url_encode (buffer, n_bytes);
}

/* RFC 7636 S256: base64url (SHA-256 (verifier)). */
static char *
pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  return base64url_encode (digest, digest_len);
}

/* ------------------------------------------------------------------------------------- */
/* One browser sign-in */

typedef struct
{
  SoupServer *server;
  char       *verifier;
  char       *state;
  char       *redirect_uri;
  GSource    *wait_source;   /* the time limit; it also fires when cancelled */
  gboolean    answered;
} BrowserData;

/* The browser answered, or the wait was cancelled or timed out: whichever comes first
 * takes the task's one reference, and the others are stopped. */
static void
browser_settle (BrowserData *data)
{
  data->answered = TRUE;
  if (data->wait_source != NULL)
    g_source_destroy (data->wait_source);
  g_clear_pointer (&data->wait_source, g_source_unref);
}

static void
browser_data_free (BrowserData *data)
{
  /* A kept-alive browser connection may still bring requests: they must not reach a
   * handler whose task is gone. */
  if (data->server != NULL)
    {
      soup_server_remove_handler (data->server, NULL);
      soup_server_disconnect (data->server);
    }
  g_clear_object (&data->server);
  g_clear_pointer (&data->verifier, pd_oauth_token_free);
  g_clear_pointer (&data->state, g_free);
  g_clear_pointer (&data->redirect_uri, g_free);
  browser_settle (data);
  g_free (data);
}

typedef struct
{
  GTask  *task;
  GError *error;
} LaterReturn;

static gboolean
return_later_cb (gpointer user_data)
{
  LaterReturn *later = user_data;

  pd_oauth_task_fail (later->task, later->error);
  g_free (later);
  return G_SOURCE_REMOVE;
}

/* Fails @task (transfer full) from an idle: not inside the SoupServer handler that the
 * task's data owns. */
static void
fail_later (GTask  *task,
            GError *error)
{
  LaterReturn *later = g_new0 (LaterReturn, 1);

  later->task = task;
  later->error = error;
  g_idle_add (return_later_cb, later);
}

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *heading,
              const char        *text)
{
  g_autofree char *heading_escaped = g_markup_escape_text (heading, -1);
  g_autofree char *text_escaped = g_markup_escape_text (text, -1);
  g_autofree char *title_escaped = g_markup_escape_text (PACKAGE_NAME, -1);
  char *page;

  page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<title>%s</title>"
                          "<style>body{font-family:sans-serif;margin:4em auto;max-width:32em;"
                          "text-align:center}</style></head>"
                          "<body><h1>%s</h1><p>%s</p></body></html>\n",
                          title_escaped, heading_escaped, text_escaped);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

static void
browser_exchange_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = pd_oauth_post_form_finish (result, &error);
  if (answer == NULL)
    {
      pd_oauth_task_fail (task, error);
      return;
    }

  pd_oauth_token_provider_finish_sign_in (self, task, answer);
}

/* Trades the authorization code for tokens; takes @task. */
static void
browser_exchange_code (GTask      *task,
                       const char *code)
{
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  BrowserData *data = g_task_get_task_data (task);
  const char *client_id = pd_connection_get_client_id (self->connection);
  const char *scope = pd_connection_get_scope (self->connection);
  g_autofree char *url = pd_oauth_token_endpoint (self);
  char *form;

  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", code,
                           "redirect_uri", data->redirect_uri,
                           "code_verifier", data->verifier,
                           "client_id", pd_oauth_or_empty (client_id),
                           "scope", pd_oauth_or_empty (scope),
                           NULL);
  pd_oauth_post_form_async (self, url, form, g_task_get_cancellable (task),
                            browser_exchange_cb, task);
}

/* Whether @message is the identity service's redirect for this sign-in; anything else is
 * answered here and ignored. */
static gboolean
loopback_request_is_answer (BrowserData       *data,
                            SoupServerMessage *message,
                            const char        *path,
                            GHashTable        *query)
{
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *service_error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;

  /* Browsers also ask for /favicon.ico; and only the first answer counts. */
  if (data->answered || !g_str_equal (path, "/") ||
      (code == NULL && service_error == NULL))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return FALSE;
    }

  /* The identity service redirects the browser with a GET; anything else is not it. */
  if (soup_server_message_get_method (message) != SOUP_METHOD_GET)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "GET");
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return FALSE;
    }

  /* Someone else's redirect (or a forged one): never exchange a code we did not ask for.
   * Nor give up: any local program, or a web page probing loopback ports, can send one,
   * and the real answer may still come. */
  if (g_strcmp0 (state, data->state) != 0)
    {
      g_debug ("Ignoring a loopback request whose state does not match the sign-in");
      respond_page (message, SOUP_STATUS_BAD_REQUEST, _("Sign-in did not complete"),
                    _("This answer does not belong to the sign-in Partner Desk started. "
                      "Return to Partner Desk and sign in again."));
      return FALSE;
    }

  return TRUE;
}

static void
loopback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GTask *task = user_data;
  BrowserData *data = g_task_get_task_data (task);
  const char *service_error;

  if (!loopback_request_is_answer (data, message, path, query))
    return;

  browser_settle (data);

  service_error = g_hash_table_lookup (query, "error");
  if (service_error != NULL)
    {
      respond_page (message, SOUP_STATUS_OK, _("Sign-in did not complete"),
                    _("Return to Partner Desk to see why."));
      fail_later (task, pd_auth_error_new_from_service (service_error,
                                                        g_hash_table_lookup (query,
                                                                             "error_subcode"),
                                                        g_hash_table_lookup (query,
                                                                             "error_description"),
                                                        0, NULL, NULL));
      return;
    }

  respond_page (message, SOUP_STATUS_OK, _("Signed in"),
                _("You can close this window and return to Partner Desk."));
  browser_exchange_code (task, g_hash_table_lookup (query, "code"));
}

/* The time limit passed, or the sign-in was cancelled, before the browser came back. */
static gboolean
browser_wait_over_cb (gpointer user_data)
{
  GTask *task = user_data;
  BrowserData *data = g_task_get_task_data (task);

  /* Dispatching: dropping our reference is enough, returning REMOVE destroys it. */
  g_clear_pointer (&data->wait_source, g_source_unref);
  browser_settle (data);

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    /* EXPIRED with this service error: the user message says the browser took too long. */
    pd_oauth_task_fail (task, pd_auth_error_new (PD_AUTH_ERROR_EXPIRED, "browser_timeout",
                                                 NULL, "The browser sign-in was not completed "
                                                 "in time", NULL, NULL));
  return G_SOURCE_REMOVE;
}

static char *
build_authorize_url (PdOAuthTokenProvider *self,
                     BrowserData          *data,
                     const char           *challenge)
{
  g_autofree char *endpoint = pd_connection_dup_endpoint_url (self->connection, "authorize");
  const char *params[][2] = {
    { "client_id", pd_connection_get_client_id (self->connection) },
    { "response_type", "code" },
    { "redirect_uri", data->redirect_uri },
    { "response_mode", "query" },
    { "scope", pd_connection_get_scope (self->connection) },
    { "state", data->state },
    { "code_challenge", challenge },
    { "code_challenge_method", "S256" },
    { "login_hint", self->login_hint },
    /* Without a hint, let the admin pick the account (they may have several). */
    { "prompt", self->login_hint == NULL ? "select_account" : NULL },
  };
  GString *url = g_string_new (endpoint);

  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      g_autofree char *value = NULL;

      if (params[i][1] == NULL)
        continue;
      value = g_uri_escape_string (params[i][1], NULL, FALSE);
      g_string_append_printf (url, "%c%s=%s", i == 0 ? '?' : '&', params[i][0], value);
    }

  return g_string_free (url, FALSE);
}

/* Starts the loopback server and picks this sign-in's redirect URI, verifier and state. */
static gboolean
browser_listen (BrowserData  *data,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GSList *uris;
  int port;

  /* RFC 8252: a loopback redirect on an ephemeral port, IPv4 literal (not "localhost"). */
  data->server = soup_server_new (NULL, NULL);
  if (!soup_server_listen_local (data->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_propagate_error (error, pd_auth_error_new (PD_AUTH_ERROR_NETWORK, NULL, NULL,
                                                   local_error->message, NULL, NULL));
      return FALSE;
    }
  uris = soup_server_get_uris (data->server);
  port = uris != NULL ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  data->verifier = random_base64url (32);
  data->state = random_base64url (16);
  data->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/", port);
  return TRUE;
}

/**
 * pd_oauth_token_provider_sign_in_browser_async:
 * @self: a #PdOAuthTokenProvider
 * @open_uri: (scope call): opens the authorize URL for the user
 * @open_uri_data: data for @open_uri
 * @cancellable: (nullable): cancels waiting for the browser
 * @callback: called when signed in or failed
 * @user_data: data for @callback
 */
void
pd_oauth_token_provider_sign_in_browser_async (PdOAuthTokenProvider *self,
                                               PdOpenUriFunc         open_uri,
                                               gpointer              open_uri_data,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  GError *error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  BrowserData *data;
  GTask *task;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (open_uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = pd_oauth_token_provider_new_sign_in_task (self,
                                                   pd_oauth_token_provider_sign_in_browser_async,
                                                   cancellable, callback, user_data);
  if (task == NULL)
    return;

  data = g_new0 (BrowserData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) browser_data_free);
  if (!browser_listen (data, &error))
    {
      pd_oauth_task_fail (task, error);
      return;
    }

  /* The handler and the time limit (which also watches the cancellable) share the one
   * reference we keep here: whichever comes first (data->answered) takes it. */
  soup_server_add_handler (data->server, NULL, loopback_handler, task, NULL);
  data->wait_source = pd_oauth_task_wait_source_new (task, self->browser_timeout_s * 1000,
                                                     browser_wait_over_cb);

  challenge = pkce_challenge (data->verifier);
  url = build_authorize_url (self, data, challenge);
  open_uri (url, open_uri_data);
}

gboolean
pd_oauth_token_provider_sign_in_browser_finish (PdOAuthTokenProvider  *self,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  return pd_oauth_token_provider_finish_boolean (self, result,
                                                 pd_oauth_token_provider_sign_in_browser_async,
                                                 error);
}
