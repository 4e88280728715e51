/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-token-provider.c: sign-in to Entra ID (browser with PKCE, device code) and tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <libsecret/secret.h>

#include "pd-auth-error.h"
#include "pd-json.h"
#include "pd-oauth-token-provider.h"
#include "pd-secret-store.h"

#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
/* What Entra answers when a device code omits them. */
#define DEFAULT_DEVICE_INTERVAL_S   5
#define DEFAULT_DEVICE_EXPIRES_IN_S 900
#define DEFAULT_EXPIRES_IN_S        3600
/* RFC 8628: slow_down adds five seconds to the polling interval. */
#define SLOW_DOWN_STEP_MS           5000
/* What the identity service says is clamped to these: a broken or hostile answer must
 * not make us poll in a tight loop, never poll, or overflow a deadline. */
#define MIN_DEVICE_INTERVAL_S       1
#define MAX_DEVICE_INTERVAL_S       60
#define MIN_DEVICE_EXPIRES_IN_S     60
#define MAX_DEVICE_EXPIRES_IN_S     3600
/* Not higher: the sandbox issues 3-second tokens to test refreshing. */
#define MIN_EXPIRES_IN_S            1
#define MAX_EXPIRES_IN_S            86400
/* How long the loopback server waits for the browser before giving up. */
#define DEFAULT_BROWSER_TIMEOUT_S   600

typedef struct _Refresh Refresh;

struct _PdOAuthTokenProvider
{
  GObject       parent_instance;

  PdConnection *connection;
  gboolean      use_keyring;
  SoupSession  *session;

  /* Tokens: in memory only, wiped when dropped. */
  char         *access_token;
  gint64        expires_at;        /* monotonic µs */
  gint64        lifetime;          /* µs the current access token was issued for */
  char         *refresh_token;
  char         *account_name;
  char         *account_username;
  gboolean      signed_in;
  /* Bumped by every sign-in and sign-out, so a refresh started before is not applied. */
  guint         generation;

  Refresh      *refresh;           /* the refresh in flight, shared by all waiters */

  /* Keyring writes in flight; sign-out clears only after them, or a late store
   * would bring a token back. */
  guint         keyring_writes;
  GPtrArray    *after_keyring_writes;  /* GTask of sign-outs waiting */

  guint         refresh_margin;
  char         *login_hint;
  guint         device_poll_interval_ms;
  guint         browser_timeout_s;
};

static void pd_oauth_token_provider_iface_init (PdTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdOAuthTokenProvider, pd_oauth_token_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_TOKEN_PROVIDER,
                                                      pd_oauth_token_provider_iface_init))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_USE_KEYRING,
  PROP_SIGNED_IN,
  PROP_ACCOUNT_NAME,
  PROP_ACCOUNT_USERNAME,
  PROP_REFRESH_MARGIN,
  PROP_LOGIN_HINT,
  PROP_BROWSER_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGN_IN_REQUIRED,
  KEYRING_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------- */
/* Small helpers */

static void
token_free (char *token)
{
  secret_password_free (token);  /* wipes before freeing */
}

static void
set_token (char      **slot,
           const char *value)
{
  g_clear_pointer (slot, token_free);
  *slot = g_strdup (value);
}

static void
set_string_notify (PdOAuthTokenProvider *self,
                   char                **slot,
                   const char           *value,
                   guint                 prop_id)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;

  g_free (*slot);
  *slot = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_signed_in (PdOAuthTokenProvider *self,
               gboolean              signed_in)
{
  if (self->signed_in == signed_in)
    return;

  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

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

/* The claims of a JWT (the ID token): used for the display name only, never trusted. */
static JsonNode *
jwt_claims (const char *jwt)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  g_autofree guchar *data = NULL;
  gsize payload_len;
  gsize len = 0;

  if (jwt == NULL)
    return NULL;

  parts = g_strsplit (jwt, ".", 3);
  if (g_strv_length (parts) < 2)
    return NULL;

  payload_len = strlen (parts[1]);
  payload = g_malloc0 (payload_len + 4);
  memcpy (payload, parts[1], payload_len);
  for (char *p = payload; *p != '\0'; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
    }
  while (payload_len % 4 != 0)
    payload[payload_len++] = '=';

  data = g_base64_decode (payload, &len);
  if (data == NULL || len == 0)
    return NULL;

  return pd_json_parse ((const char *) data, (gssize) len, NULL);
}

/* ------------------------------------------------------------------------------------- */
/* Talking to the identity service: form POST in, JSON object out */

typedef struct
{
  SoupMessage *message;
} PostData;

static void
post_data_free (PostData *post)
{
  g_clear_object (&post->message);
  g_free (post);
}

/* Turns an error body ({"error", "error_description", "error_codes", …}) into PD_AUTH_ERROR. */
static GError *
error_from_oauth_object (JsonObject *object)
{
  const char *service_error = pd_json_object_get_string_ci (object, "error");
  const char *subcode = pd_json_object_get_string_ci (object, "suberror");
  JsonArray *codes = pd_json_object_get_array_ci (object, "error_codes");
  guint first_code = 0;

  if (subcode == NULL)
    subcode = pd_json_object_get_string_ci (object, "error_subcode");
  if (codes != NULL && json_array_get_length (codes) > 0 &&
      JSON_NODE_HOLDS_VALUE (json_array_get_element (codes, 0)))
    first_code = (guint) json_array_get_int_element (codes, 0);

  return pd_auth_error_new_from_service (service_error, subcode,
                                         pd_json_object_get_string_ci (object,
                                                                       "error_description"),
                                         first_code,
                                         pd_json_object_get_string_ci (object, "trace_id"),
                                         pd_json_object_get_string_ci (object, "correlation_id"));
}

static void
post_form_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PostData *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  guint status;
  const char *data;
  gsize len;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_NETWORK, NULL, NULL,
                                                      error->message, NULL, NULL));
      return;
    }

  status = soup_message_get_status (post->message);
  data = g_bytes_get_data (body, &len);
  root = pd_json_parse (data != NULL ? data : "", (gssize) len, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (object != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, json_object_ref (object), (GDestroyNotify) json_object_unref);
      return;
    }

  if (object != NULL && pd_json_object_get_string_ci (object, "error") != NULL)
    {
      g_task_return_error (task, error_from_oauth_object (object));
      return;
    }

  {
    g_autofree char *description =
      g_strdup_printf ("The identity service answered HTTP %u without a usable body", status);

    g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_SERVICE, NULL, NULL,
                                                  description, NULL, NULL));
  }
}

/* POSTs @form (transfer full, from soup_form_encode) to @url. Finish gives the JSON
 * object of a 2xx answer; an OAuth error answer becomes PD_AUTH_ERROR. */
static void
post_form_async (PdOAuthTokenProvider *self,
                 const char           *url,
                 char                 *form,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  GTask *task;
  PostData *post;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, post_form_async);

  if (url == NULL)
    {
      g_free (form);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The connection has no sign-in authority");
      g_object_unref (task);
      return;
    }

  post = g_new0 (PostData, 1);
  post->message = soup_message_new_from_encoded_form ("POST", url, form);
  g_task_set_task_data (task, post, (GDestroyNotify) post_data_free);
  if (post->message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The sign-in authority is not a valid URL");
      g_object_unref (task);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (post->message),
                                "Accept", "application/json");
  /* The form carries codes and refresh tokens: it goes where it was sent or nowhere (the
   * identity service does not redirect these; a 3xx ends as a service error). */
  soup_message_add_flags (post->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (self->session, post->message, G_PRIORITY_DEFAULT,
                                    cancellable, post_form_cb, task);
}

static JsonObject *
post_form_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == post_form_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
token_endpoint (PdOAuthTokenProvider *self)
{
  return pd_connection_dup_endpoint_url (self->connection, "token");
}

static const char *
or_empty (const char *value)
{
  return value != NULL ? value : "";
}

/* ------------------------------------------------------------------------------------- */
/* Tokens */

static void
forget_tokens (PdOAuthTokenProvider *self)
{
  g_clear_pointer (&self->access_token, token_free);
  g_clear_pointer (&self->refresh_token, token_free);
  self->expires_at = 0;
  set_string_notify (self, &self->account_name, NULL, PROP_ACCOUNT_NAME);
  set_string_notify (self, &self->account_username, NULL, PROP_ACCOUNT_USERNAME);
  set_signed_in (self, FALSE);
}

/* A number of seconds from an identity service answer: a JSON integer or a string of
 * digits (Entra's v1 endpoints send strings). Anything else ("-1", "5s", 1.5, an
 * overflow) is @fallback; the result is clamped to @min..@max. */
static guint
seconds_member (JsonObject *object,
                const char *name,
                guint       fallback,
                guint       min,
                guint       max)
{
  g_autofree char *text = pd_json_object_dup_string_ci (object, name);
  guint64 value;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    value = fallback;

  return (guint) CLAMP (value, min, max);
}

/* Takes the tokens of a successful token answer. */
static gboolean
apply_token_answer (PdOAuthTokenProvider  *self,
                    JsonObject            *answer,
                    GError               **error)
{
  const char *access_token = pd_json_object_get_string_ci (answer, "access_token");
  const char *refresh_token = pd_json_object_get_string_ci (answer, "refresh_token");
  g_autoptr(JsonNode) claims = NULL;
  guint expires_in;

  if (access_token == NULL || *access_token == '\0')
    {
      g_set_error_literal (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SERVICE,
                           "The identity service answered without an access token");
      return FALSE;
    }

  expires_in = seconds_member (answer, "expires_in", DEFAULT_EXPIRES_IN_S,
                               MIN_EXPIRES_IN_S, MAX_EXPIRES_IN_S);

  set_token (&self->access_token, access_token);
  self->lifetime = (gint64) expires_in * G_USEC_PER_SEC;
  self->expires_at = g_get_monotonic_time () + self->lifetime;
  /* Refresh tokens rotate; an answer without one keeps the old one working. */
  if (refresh_token != NULL && *refresh_token != '\0')
    set_token (&self->refresh_token, refresh_token);

  claims = jwt_claims (pd_json_object_get_string_ci (answer, "id_token"));
  if (claims != NULL && JSON_NODE_HOLDS_OBJECT (claims))
    {
      JsonObject *object = json_node_get_object (claims);
      const char *username = pd_json_object_get_string_ci (object, "preferred_username");
      const char *name = pd_json_object_get_string_ci (object, "name");

      if (username == NULL)
        username = pd_json_object_get_string_ci (object, "upn");
      if (username == NULL)
        username = pd_json_object_get_string_ci (object, "email");
      if (username != NULL)
        set_string_notify (self, &self->account_username, username, PROP_ACCOUNT_USERNAME);
      set_string_notify (self, &self->account_name, name != NULL ? name : username,
                         PROP_ACCOUNT_NAME);
    }
  else if (self->account_name == NULL && self->account_username != NULL)
    set_string_notify (self, &self->account_name, self->account_username, PROP_ACCOUNT_NAME);

  set_signed_in (self, TRUE);
  return TRUE;
}

/* ------------------------------------------------------------------------------------- */
/* Keyring writes (serialised against sign-out) */

static void clear_keyring (PdOAuthTokenProvider *self,
                           GTask                *task);

static void
keyring_write_done (PdOAuthTokenProvider *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  g_assert (self->keyring_writes > 0);
  if (--self->keyring_writes > 0)
    return;

  waiting = g_steal_pointer (&self->after_keyring_writes);
  self->after_keyring_writes = g_ptr_array_new ();
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    clear_keyring (self, g_ptr_array_index (waiting, i));
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Still signed in: only the next start will ask to sign in again, and the user should
   * know that beforehand. libsecret's messages never contain the secret. */
  if (!pd_secret_store_store_finish (result, &error))
    {
      g_debug ("Could not keep the sign-in in the keyring: %s", error->message);
      g_signal_emit (self, signals[KEYRING_FAILED], 0, error);
    }

  keyring_write_done (self);
  g_task_return_boolean (task, TRUE);
}

/* Stores the current refresh token; @task (nullable) is returned TRUE when done. */
static void
store_refresh_token (PdOAuthTokenProvider *self,
                     GTask                *task)
{
  if (task == NULL)
    {
      task = g_task_new (self, NULL, NULL, NULL);
      g_task_set_source_tag (task, store_refresh_token);
    }

  if (!self->use_keyring || self->refresh_token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  self->keyring_writes++;
  /* Not the caller's cancellable: a half-written keyring entry helps nobody. */
  pd_secret_store_store_async (self->connection, self->account_username, self->refresh_token,
                               NULL, store_cb, task);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_secret_store_clear_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Removes the connection's keyring entries, then returns @task (transfer full). */
static void
clear_keyring (PdOAuthTokenProvider *self,
               GTask                *task)
{
  if (self->keyring_writes > 0)
    {
      g_ptr_array_add (self->after_keyring_writes, task);
      return;
    }

  pd_secret_store_clear_async (self->connection, NULL, clear_cb, task);
}

static void
clear_keyring_quietly_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Could not remove the sign-in from the keyring: %s", error->message);
}

/* ------------------------------------------------------------------------------------- */
/* Getting a token: one refresh in flight, shared by every caller waiting for it */

struct _Refresh
{
  guint         generation;
  GCancellable *cancellable;
  GPtrArray    *waiters;     /* GTask from get_token_internal */
};

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->cancellable);
  g_clear_pointer (&refresh->waiters, g_ptr_array_unref);
  g_free (refresh);
}

static void dispatch_waiter (PdOAuthTokenProvider *self,
                             GTask                *task,
                             gboolean              force_refresh);

static gboolean
access_token_valid_for (PdOAuthTokenProvider *self,
                        gint64                margin_us)
{
  return self->access_token != NULL &&
         self->expires_at - g_get_monotonic_time () > margin_us;
}

static void
return_token (GTask      *task,
              const char *token)
{
  g_task_return_pointer (task, g_strdup (token), (GDestroyNotify) token_free);
  g_object_unref (task);
}

static void
return_error (GTask        *task,
              const GError *error)
{
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, g_error_copy (error));
  g_object_unref (task);
}

/* Every refresh failure that is not the network means: sign in again (keeping the
 * service's codes for support). */
static GError *
sign_in_required_from (const GError *error)
{
  if (error->domain == PD_AUTH_ERROR)
    return pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED,
                              pd_auth_error_get_service_error (error),
                              pd_auth_error_get_service_code (error),
                              pd_auth_error_get_description (error),
                              pd_auth_error_get_trace_id (error),
                              pd_auth_error_get_correlation_id (error));

  return pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED, NULL, NULL, error->message,
                            NULL, NULL);
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  Refresh *refresh = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&refresh->waiters);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonObject) answer = NULL;
  gboolean stale = refresh->generation != self->generation;

  answer = post_form_finish (result, &error);

  if (self->refresh == refresh)
    self->refresh = NULL;
  refresh_free (refresh);

  /* A sign-in or sign-out happened meanwhile: serve the waiters from the new state. */
  if (stale)
    {
      for (guint i = 0; i < waiters->len; i++)
        dispatch_waiter (self, g_ptr_array_index (waiters, i), FALSE);
      return;
    }

  if (answer != NULL && apply_token_answer (self, answer, &error))
    {
      store_refresh_token (self, NULL);
      for (guint i = 0; i < waiters->len; i++)
        return_token (g_ptr_array_index (waiters, i), self->access_token);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_NETWORK))
    {
      /* Offline for a moment: the old token may still have some life in it. */
      for (guint i = 0; i < waiters->len; i++)
        {
          if (access_token_valid_for (self, 0))
            return_token (g_ptr_array_index (waiters, i), self->access_token);
          else
            return_error (g_ptr_array_index (waiters, i), error);
        }
      return;
    }

  {
    gboolean was_signed_in = self->signed_in;

    g_debug ("Refreshing the sign-in failed: %s", error->message);
    failure = sign_in_required_from (error);

    /* A revoked or expired refresh token will never work again: drop it from the keyring. */
    if (self->use_keyring &&
        g_strcmp0 (pd_auth_error_get_service_error (error), "invalid_grant") == 0)
      {
        GTask *clear = g_task_new (self, NULL, clear_keyring_quietly_cb, NULL);

        g_task_set_source_tag (clear, clear_keyring);
        clear_keyring (self, clear);
      }

    forget_tokens (self);
    if (was_signed_in)
      g_signal_emit (self, signals[SIGN_IN_REQUIRED], 0);

    for (guint i = 0; i < waiters->len; i++)
      return_error (g_ptr_array_index (waiters, i), failure);
  }
}

static void
start_refresh (PdOAuthTokenProvider *self)
{
  g_autofree char *url = token_endpoint (self);
  Refresh *refresh;
  char *form;

  g_assert (self->refresh == NULL);
  g_assert (self->refresh_token != NULL);

  refresh = g_new0 (Refresh, 1);
  refresh->generation = self->generation;
  refresh->cancellable = g_cancellable_new ();
  refresh->waiters = g_ptr_array_new ();
  self->refresh = refresh;

  form = soup_form_encode ("grant_type", "refresh_token",
                           "refresh_token", self->refresh_token,
                           "client_id", or_empty (pd_connection_get_client_id (self->connection)),
                           "scope", or_empty (pd_connection_get_scope (self->connection)),
                           NULL);
  post_form_async (self, url, form, refresh->cancellable, refresh_cb, refresh);
}

/* Hands @task (transfer full) a token now, or queues it on a refresh. */
static void
dispatch_waiter (PdOAuthTokenProvider *self,
                 GTask                *task,
                 gboolean              force_refresh)
{
  /* Short-lived tokens (a test sandbox) would otherwise be refreshed on every call. */
  gint64 margin_us = MIN ((gint64) self->refresh_margin * G_USEC_PER_SEC, self->lifetime / 2);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (!force_refresh && access_token_valid_for (self, margin_us))
    {
      return_token (task, self->access_token);
      return;
    }

  if (self->refresh_token == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!force_refresh && access_token_valid_for (self, 0))
        {
          return_token (task, self->access_token);
          return;
        }

      error = pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED, NULL, NULL,
                                 "Not signed in", NULL, NULL);
      if (self->signed_in)
        {
          forget_tokens (self);
          g_signal_emit (self, signals[SIGN_IN_REQUIRED], 0);
        }
      return_error (task, error);
      return;
    }

  if (self->refresh == NULL)
    start_refresh (self);
  g_ptr_array_add (self->refresh->waiters, task);
}

static void
get_token_internal (PdOAuthTokenProvider *self,
                    gboolean              force_refresh,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, get_token_internal);
  dispatch_waiter (self, task, force_refresh);
}

static char *
get_token_internal_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == get_token_internal);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_oauth_token_provider_get_token_async (PdTokenProvider     *provider,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  get_token_internal (PD_OAUTH_TOKEN_PROVIDER (provider), FALSE, cancellable,
                      callback, user_data);
}

static char *
pd_oauth_token_provider_get_token_finish (PdTokenProvider  *provider,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return get_token_internal_finish (result, error);
}

static void
pd_oauth_token_provider_invalidate (PdTokenProvider *provider,
                                    const char      *token)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (provider);

  /* Only the token the server refused: a newer one may already be in hand. The client
   * retries a request once after this, so a 401 costs at most one refresh. */
  if (self->access_token != NULL && g_strcmp0 (token, self->access_token) == 0)
    {
      g_clear_pointer (&self->access_token, token_free);
      self->expires_at = 0;
    }
}

static void
pd_oauth_token_provider_iface_init (PdTokenProviderInterface *iface)
{
  iface->get_token_async = pd_oauth_token_provider_get_token_async;
  iface->get_token_finish = pd_oauth_token_provider_get_token_finish;
  iface->invalidate = pd_oauth_token_provider_invalidate;
}

/* ------------------------------------------------------------------------------------- */
/* Finishing a sign-in (both flows) */

static void
finish_sign_in (PdOAuthTokenProvider *self,
                GTask                *task,   /* (transfer full) */
                JsonObject           *answer)
{
  g_autoptr(GError) error = NULL;

  /* A refresh of the previous sign-in must not overwrite this one. */
  self->generation++;
  if (self->refresh != NULL)
    g_cancellable_cancel (self->refresh->cancellable);
  g_clear_pointer (&self->refresh_token, token_free);
  g_clear_pointer (&self->access_token, token_free);
  set_string_notify (self, &self->account_name, NULL, PROP_ACCOUNT_NAME);

  if (!apply_token_answer (self, answer, &error))
    {
      forget_tokens (self);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  store_refresh_token (self, task);
}

/* ------------------------------------------------------------------------------------- */
/* Browser sign-in: authorization code with PKCE and a loopback redirect */

typedef struct
{
  SoupServer *server;
  char       *verifier;
  char       *state;
  char       *redirect_uri;
  GSource    *cancel_source;
  GSource    *timeout_source;
  gboolean    answered;
} BrowserData;

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
  g_clear_pointer (&data->verifier, token_free);
  g_clear_pointer (&data->state, g_free);
  g_clear_pointer (&data->redirect_uri, g_free);
  if (data->cancel_source != NULL)
    g_source_destroy (data->cancel_source);
  g_clear_pointer (&data->cancel_source, g_source_unref);
  if (data->timeout_source != NULL)
    g_source_destroy (data->timeout_source);
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_free (data);
}

/* The browser answered, or the wait was cancelled or timed out: whichever comes first
 * takes the task's one reference, and the others are stopped. */
static void
browser_settle (BrowserData *data)
{
  data->answered = TRUE;
  if (data->cancel_source != NULL)
    g_source_destroy (data->cancel_source);
  g_clear_pointer (&data->cancel_source, g_source_unref);
  if (data->timeout_source != NULL)
    g_source_destroy (data->timeout_source);
  g_clear_pointer (&data->timeout_source, g_source_unref);
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

  g_task_return_error (later->task, later->error);
  g_object_unref (later->task);
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

  answer = post_form_finish (result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  finish_sign_in (self, task, answer);
}

static void
loopback_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GTask *task = user_data;
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  BrowserData *data = g_task_get_task_data (task);
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *service_error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  g_autofree char *url = NULL;
  char *form;

  /* Browsers also ask for /favicon.ico; and only the first answer counts. */
  if (data->answered || !g_str_equal (path, "/") ||
      (code == NULL && service_error == NULL))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  /* The identity service redirects the browser with a GET; anything else is not it. */
  if (soup_server_message_get_method (message) != SOUP_METHOD_GET)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "GET");
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
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
      return;
    }

  browser_settle (data);

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

  url = token_endpoint (self);
  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", code,
                           "redirect_uri", data->redirect_uri,
                           "code_verifier", data->verifier,
                           "client_id", or_empty (pd_connection_get_client_id (self->connection)),
                           "scope", or_empty (pd_connection_get_scope (self->connection)),
                           NULL);
  post_form_async (self, url, form, g_task_get_cancellable (task), browser_exchange_cb, task);
}

static gboolean
browser_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;
  BrowserData *data = g_task_get_task_data (task);

  /* Dispatching: dropping our reference is enough, returning REMOVE destroys it. */
  g_clear_pointer (&data->cancel_source, g_source_unref);
  browser_settle (data);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
browser_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  BrowserData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->timeout_source, g_source_unref);
  browser_settle (data);
  /* EXPIRED with this service error: the user message says the browser took too long. */
  g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_EXPIRED, "browser_timeout",
                                                NULL, "The browser sign-in was not completed "
                                                "in time", NULL, NULL));
  g_object_unref (task);
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
  g_autoptr(GError) error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  BrowserData *data;
  GTask *task;
  int port;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (open_uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_oauth_token_provider_sign_in_browser_async);

  if (!pd_connection_is_complete (self->connection))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The connection needs an authority, a scope and a client ID");
      g_object_unref (task);
      return;
    }

  data = g_new0 (BrowserData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) browser_data_free);

  /* RFC 8252: a loopback redirect on an ephemeral port, IPv4 literal (not "localhost"). */
  data->server = soup_server_new (NULL, NULL);
  if (!soup_server_listen_local (data->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_NETWORK, NULL, NULL,
                                                    error->message, NULL, NULL));
      g_object_unref (task);
      return;
    }
  uris = soup_server_get_uris (data->server);
  port = uris != NULL ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  data->verifier = random_base64url (32);
  data->state = random_base64url (16);
  data->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/", port);
  challenge = pkce_challenge (data->verifier);

  /* The handler, the cancel source and the time limit share the one reference we keep
   * here: whichever comes first (data->answered) takes it. */
  soup_server_add_handler (data->server, NULL, loopback_handler, task, NULL);
  data->timeout_source = g_timeout_source_new_seconds (self->browser_timeout_s);
  g_source_set_callback (data->timeout_source, browser_timeout_cb, task, NULL);
  g_source_attach (data->timeout_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (browser_cancelled_cb), task,
                             NULL);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }

  url = build_authorize_url (self, data, challenge);
  open_uri (url, open_uri_data);
}

gboolean
pd_oauth_token_provider_sign_in_browser_finish (PdOAuthTokenProvider  *self,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_oauth_token_provider_sign_in_browser_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Device-code sign-in */

typedef struct
{
  char             *device_code;
  guint             interval_ms;
  gint64            deadline;      /* monotonic µs */
  PdDeviceCodeFunc  show_code;
  gpointer          show_code_data;
} DeviceData;

static void
device_data_free (DeviceData *data)
{
  g_clear_pointer (&data->device_code, token_free);
  g_free (data);
}

static void device_poll (GTask *task);

static gboolean
device_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    device_poll (task);
  return G_SOURCE_REMOVE;
}

/* Waits the polling interval (or until cancelled), then polls; takes @task. */
static void
device_schedule_poll (GTask *task)
{
  DeviceData *data = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_timeout_source_new (data->interval_ms);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }

  g_source_set_callback (source, device_timeout_cb, task, NULL);
  g_source_attach (source, g_task_get_context (task));
}

static void
device_poll_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  DeviceData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;
  const char *service_error;

  answer = post_form_finish (result, &error);
  if (answer != NULL)
    {
      finish_sign_in (self, task, answer);
      return;
    }

  service_error = pd_auth_error_get_service_error (error);
  if (g_strcmp0 (service_error, "authorization_pending") == 0)
    {
      g_clear_error (&error);
      device_schedule_poll (task);
      return;
    }
  if (g_strcmp0 (service_error, "slow_down") == 0)
    {
      g_clear_error (&error);
      data->interval_ms = MIN (data->interval_ms + SLOW_DOWN_STEP_MS,
                               MAX_DEVICE_INTERVAL_S * 1000);
      device_schedule_poll (task);
      return;
    }

  /* expired_token → EXPIRED, access_denied → DECLINED, the rest as mapped. */
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
device_poll (GTask *task)
{
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  DeviceData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  char *form;

  if (g_get_monotonic_time () >= data->deadline)
    {
      g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_EXPIRED, "expired_token",
                                                    NULL, "The device code expired",
                                                    NULL, NULL));
      g_object_unref (task);
      return;
    }

  url = token_endpoint (self);
  form = soup_form_encode ("grant_type", DEVICE_CODE_GRANT,
                           "device_code", data->device_code,
                           "client_id", or_empty (pd_connection_get_client_id (self->connection)),
                           NULL);
  post_form_async (self, url, form, g_task_get_cancellable (task), device_poll_cb, task);
}

static void
device_code_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  DeviceData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;
  const char *device_code;
  const char *user_code;
  const char *verification_uri;
  guint expires_in;
  guint interval;

  answer = post_form_finish (result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  device_code = pd_json_object_get_string_ci (answer, "device_code");
  user_code = pd_json_object_get_string_ci (answer, "user_code");
  verification_uri = pd_json_object_get_string_ci (answer, "verification_uri");
  if (verification_uri == NULL)  /* the name of the older v1 endpoint */
    verification_uri = pd_json_object_get_string_ci (answer, "verification_url");
  if (device_code == NULL || user_code == NULL || verification_uri == NULL)
    {
      g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_SERVICE, NULL, NULL,
                                                    "The device code answer is incomplete",
                                                    NULL, NULL));
      g_object_unref (task);
      return;
    }

  expires_in = seconds_member (answer, "expires_in", DEFAULT_DEVICE_EXPIRES_IN_S,
                               MIN_DEVICE_EXPIRES_IN_S, MAX_DEVICE_EXPIRES_IN_S);
  interval = seconds_member (answer, "interval", DEFAULT_DEVICE_INTERVAL_S,
                             MIN_DEVICE_INTERVAL_S, MAX_DEVICE_INTERVAL_S);
  data->device_code = g_strdup (device_code);
  data->interval_ms = self->device_poll_interval_ms > 0 ? self->device_poll_interval_ms
                                                        : interval * 1000;
  data->deadline = g_get_monotonic_time () + (gint64) expires_in * G_USEC_PER_SEC;

  data->show_code (user_code, verification_uri,
                   pd_json_object_get_string_ci (answer, "message"), expires_in,
                   data->show_code_data);

  device_schedule_poll (task);
}

/**
 * pd_oauth_token_provider_sign_in_device_async:
 * @self: a #PdOAuthTokenProvider
 * @show_code: (scope call): shows the code and address to the user
 * @show_code_data: data for @show_code
 * @cancellable: (nullable): stops polling
 * @callback: called when signed in or failed
 * @user_data: data for @callback
 */
void
pd_oauth_token_provider_sign_in_device_async (PdOAuthTokenProvider *self,
                                              PdDeviceCodeFunc      show_code,
                                              gpointer              show_code_data,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  g_autofree char *url = NULL;
  DeviceData *data;
  GTask *task;
  char *form;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (show_code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_oauth_token_provider_sign_in_device_async);

  if (!pd_connection_is_complete (self->connection))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The connection needs an authority, a scope and a client ID");
      g_object_unref (task);
      return;
    }

  data = g_new0 (DeviceData, 1);
  data->show_code = show_code;
  data->show_code_data = show_code_data;
  g_task_set_task_data (task, data, (GDestroyNotify) device_data_free);

  url = pd_connection_dup_endpoint_url (self->connection, "devicecode");
  form = soup_form_encode ("client_id", pd_connection_get_client_id (self->connection),
                           "scope", pd_connection_get_scope (self->connection),
                           NULL);
  post_form_async (self, url, form, cancellable, device_code_cb, task);
}

gboolean
pd_oauth_token_provider_sign_in_device_finish (PdOAuthTokenProvider  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_oauth_token_provider_sign_in_device_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Restore and sign out */

static void
restore_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = get_token_internal_finish (result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  token_free (token);
  g_task_return_boolean (task, TRUE);
}

static void
restore_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  GCancellable *cancellable;
  char *token;

  token = pd_secret_store_lookup_finish (result, &account, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED, NULL,
                                                      NULL,
                                                      error != NULL ? error->message
                                                                    : "No stored sign-in",
                                                      NULL, NULL));
      return;
    }

  /* Signed in meanwhile (another window, a quick user): keep that sign-in. */
  if (self->signed_in)
    {
      token_free (token);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_clear_pointer (&self->refresh_token, token_free);
  self->refresh_token = token;
  set_string_notify (self, &self->account_username, account, PROP_ACCOUNT_USERNAME);

  cancellable = g_task_get_cancellable (task);
  get_token_internal (self, TRUE, cancellable, restore_token_cb, g_steal_pointer (&task));
}

void
pd_oauth_token_provider_restore_async (PdOAuthTokenProvider *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_oauth_token_provider_restore_async);

  if (!self->use_keyring)
    {
      g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED, NULL, NULL,
                                                    "Sign-ins are not stored", NULL, NULL));
      g_object_unref (task);
      return;
    }

  pd_secret_store_lookup_async (self->connection, cancellable, restore_lookup_cb, task);
}

gboolean
pd_oauth_token_provider_restore_finish (PdOAuthTokenProvider  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_oauth_token_provider_restore_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pd_oauth_token_provider_sign_out_async (PdOAuthTokenProvider *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_oauth_token_provider_sign_out_async);

  self->generation++;
  if (self->refresh != NULL)
    g_cancellable_cancel (self->refresh->cancellable);
  forget_tokens (self);

  if (!self->use_keyring)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  clear_keyring (self, task);
}

gboolean
pd_oauth_token_provider_sign_out_finish (PdOAuthTokenProvider  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_oauth_token_provider_sign_out_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* GObject */

static void
pd_oauth_token_provider_dispose (GObject *object)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (pd_oauth_token_provider_parent_class)->dispose (object);
}

static void
pd_oauth_token_provider_finalize (GObject *object)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (object);

  /* Every pending operation holds a reference, so none can be left here. */
  g_assert (self->refresh == NULL);
  g_clear_pointer (&self->access_token, token_free);
  g_clear_pointer (&self->refresh_token, token_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->account_username, g_free);
  g_clear_pointer (&self->login_hint, g_free);
  g_clear_pointer (&self->after_keyring_writes, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_oauth_token_provider_parent_class)->finalize (object);
}

static void
pd_oauth_token_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, pd_oauth_token_provider_get_connection (self));
      break;
    case PROP_USE_KEYRING:
      g_value_set_boolean (value, pd_oauth_token_provider_get_use_keyring (self));
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, pd_oauth_token_provider_get_signed_in (self));
      break;
    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, pd_oauth_token_provider_get_account_name (self));
      break;
    case PROP_ACCOUNT_USERNAME:
      g_value_set_string (value, pd_oauth_token_provider_get_account_username (self));
      break;
    case PROP_REFRESH_MARGIN:
      g_value_set_uint (value, pd_oauth_token_provider_get_refresh_margin (self));
      break;
    case PROP_LOGIN_HINT:
      g_value_set_string (value, pd_oauth_token_provider_get_login_hint (self));
      break;
    case PROP_BROWSER_TIMEOUT:
      g_value_set_uint (value, self->browser_timeout_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_oauth_token_provider_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      /* A copy: the connection window edits its own, and the keyring entries are named
       * after what this provider signed in to. */
      self->connection = pd_connection_copy (g_value_get_object (value));
      break;
    case PROP_USE_KEYRING:
      self->use_keyring = g_value_get_boolean (value);
      break;
    case PROP_REFRESH_MARGIN:
      pd_oauth_token_provider_set_refresh_margin (self, g_value_get_uint (value));
      break;
    case PROP_LOGIN_HINT:
      pd_oauth_token_provider_set_login_hint (self, g_value_get_string (value));
      break;
    case PROP_BROWSER_TIMEOUT:
      self->browser_timeout_s = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_oauth_token_provider_class_init (PdOAuthTokenProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_oauth_token_provider_dispose;
  object_class->finalize = pd_oauth_token_provider_finalize;
  object_class->get_property = pd_oauth_token_provider_get_property;
  object_class->set_property = pd_oauth_token_provider_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, PD_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_KEYRING] =
    g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_NAME] =
    g_param_spec_string ("account-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_USERNAME] =
    g_param_spec_string ("account-username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_MARGIN] =
    g_param_spec_uint ("refresh-margin", NULL, NULL, 0, G_MAXUINT,
                       PD_OAUTH_DEFAULT_REFRESH_MARGIN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_HINT] =
    g_param_spec_string ("login-hint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdOAuthTokenProvider:browser-timeout:
   *
   * Seconds a browser sign-in waits for the browser to come back (tests shorten it).
   */
  properties[PROP_BROWSER_TIMEOUT] =
    g_param_spec_uint ("browser-timeout", NULL, NULL, 1, G_MAXUINT / 1000,
                       DEFAULT_BROWSER_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdOAuthTokenProvider::sign-in-required:
   *
   * A refresh failed while signed in: the user has to sign in again. Requests that
   * needed a token fail with %PD_AUTH_ERROR_SIGN_IN_REQUIRED.
   */
  signals[SIGN_IN_REQUIRED] =
    g_signal_new ("sign-in-required", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PdOAuthTokenProvider::keyring-failed:
   * @error: what the keyring (Secret Service) said; it never contains the token
   *
   * The refresh token could not be stored: the session works, but the next start will
   * ask to sign in again. Emitted for each failed write.
   */
  signals[KEYRING_FAILED] =
    g_signal_new ("keyring-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pd_oauth_token_provider_init (PdOAuthTokenProvider *self)
{
  self->session = soup_session_new_with_options ("timeout", 60, NULL);
  self->refresh_margin = PD_OAUTH_DEFAULT_REFRESH_MARGIN;
  self->browser_timeout_s = DEFAULT_BROWSER_TIMEOUT_S;
  self->after_keyring_writes = g_ptr_array_new ();
}

/**
 * pd_oauth_token_provider_new:
 * @connection: where to sign in (copied)
 * @use_keyring: whether to keep the refresh token in the Secret Service keyring
 *
 * Returns: (transfer full): a provider, signed out until a sign-in or restore
 */
PdOAuthTokenProvider *
pd_oauth_token_provider_new (PdConnection *connection,
                             gboolean      use_keyring)
{
  g_return_val_if_fail (PD_IS_CONNECTION (connection), NULL);

  return g_object_new (PD_TYPE_OAUTH_TOKEN_PROVIDER,
                       "connection", connection,
                       "use-keyring", use_keyring,
                       NULL);
}

PdConnection *
pd_oauth_token_provider_get_connection (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), NULL);

  return self->connection;
}

gboolean
pd_oauth_token_provider_get_use_keyring (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);

  return self->use_keyring;
}

gboolean
pd_oauth_token_provider_get_signed_in (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);

  return self->signed_in;
}

const char *
pd_oauth_token_provider_get_account_name (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), NULL);

  return self->account_name;
}

const char *
pd_oauth_token_provider_get_account_username (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), NULL);

  return self->account_username;
}

guint
pd_oauth_token_provider_get_refresh_margin (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), 0);

  return self->refresh_margin;
}

void
pd_oauth_token_provider_set_refresh_margin (PdOAuthTokenProvider *self,
                                            guint                 seconds)
{
  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));

  if (self->refresh_margin == seconds)
    return;

  self->refresh_margin = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_MARGIN]);
}

const char *
pd_oauth_token_provider_get_login_hint (PdOAuthTokenProvider *self)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), NULL);

  return self->login_hint;
}

void
pd_oauth_token_provider_set_login_hint (PdOAuthTokenProvider *self,
                                        const char           *login_hint)
{
  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));

  if (login_hint != NULL && *login_hint == '\0')
    login_hint = NULL;
  set_string_notify (self, &self->login_hint, login_hint, PROP_LOGIN_HINT);
}

void
pd_oauth_token_provider_set_device_poll_interval_ms (PdOAuthTokenProvider *self,
                                                     guint                 milliseconds)
{
  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));

  self->device_poll_interval_ms = milliseconds;
}
