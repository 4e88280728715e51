/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-token-store.c: the provider's tokens: taken from answers, kept in the keyring,
 * restored from it, refreshed, and handed to the client. */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include <string.h>

#include "pd-auth-error.h"
#include "pd-json.h"
#include "pd-oauth-token-provider-private.h"
#include "pd-secret-store.h"

#define DEFAULT_EXPIRES_IN_S        3600
/* Not higher: the sandbox issues 3-second tokens to test refreshing. */
#define MIN_EXPIRES_IN_S            1
#define MAX_EXPIRES_IN_S            86400

/* ------------------------------------------------------------------------------------- */
/* Taking a token answer */

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

static void
set_token (char      **slot,
           const char *value)
{
  g_clear_pointer (slot, pd_oauth_token_free);
  *slot = g_strdup (value);
}

static void
forget_tokens (PdOAuthTokenProvider *self)
{
  g_clear_pointer (&self->access_token, pd_oauth_token_free);
  g_clear_pointer (&self->refresh_token, pd_oauth_token_free);
  self->expires_at = 0;
  pd_oauth_token_provider_set_account_name (self, NULL);
  pd_oauth_token_provider_set_account_username (self, NULL);
  pd_oauth_token_provider_set_signed_in (self, FALSE);
}

/* The account names for display, from the ID token of @answer if it has one. */
static void
apply_account_names (PdOAuthTokenProvider *self,
                     JsonObject           *answer)
{
  g_autoptr(JsonNode) claims = NULL;

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
        pd_oauth_token_provider_set_account_username (self, username);
      pd_oauth_token_provider_set_account_name (self, name != NULL ? name : username);
    }
  else if (self->account_name == NULL && self->account_username != NULL)
    pd_oauth_token_provider_set_account_name (self, self->account_username);
}

/* Takes the tokens of a successful token answer. */
static gboolean
apply_token_answer (PdOAuthTokenProvider  *self,
                    JsonObject            *answer,
                    GError               **error)
{
  const char *access_token = pd_json_object_get_string_ci (answer, "access_token");
  const char *refresh_token = pd_json_object_get_string_ci (answer, "refresh_token");
  guint expires_in;

  if (access_token == NULL || *access_token == '\0')
    {
      g_set_error_literal (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SERVICE,
                           "The identity service answered without an access token");
      return FALSE;
    }

  expires_in = pd_oauth_seconds_member (answer, "expires_in", DEFAULT_EXPIRES_IN_S,
                                        MIN_EXPIRES_IN_S, MAX_EXPIRES_IN_S);

  set_token (&self->access_token, access_token);
  self->lifetime = (gint64) expires_in * G_USEC_PER_SEC;
  self->expires_at = g_get_monotonic_time () + self->lifetime;
  /* Refresh tokens rotate; an answer without one keeps the old one working. */
  if (refresh_token != NULL && *refresh_token != '\0')
    set_token (&self->refresh_token, refresh_token);

  apply_account_names (self, answer);
  pd_oauth_token_provider_set_signed_in (self, TRUE);
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
      pd_oauth_token_provider_emit_keyring_failed (self, error);
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

struct _PdOAuthRefresh
{
  guint         generation;
  GCancellable *cancellable;
  GPtrArray    *waiters;     /* GTask from get_token_internal */
};

static void
refresh_free (PdOAuthRefresh *refresh)
{
  g_clear_object (&refresh->cancellable);
  g_clear_pointer (&refresh->waiters, g_ptr_array_unref);
  g_free (refresh);
}

/* A refresh still in flight no longer matters: a sign-in or sign-out came after it. */
static void
cancel_refresh (PdOAuthTokenProvider *self)
{
  self->generation++;
  if (self->refresh != NULL)
    g_cancellable_cancel (self->refresh->cancellable);
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
  g_task_return_pointer (task, g_strdup (token), (GDestroyNotify) pd_oauth_token_free);
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

/* The refresh token no longer works: sign out, and fail every waiter. */
static void
refresh_failed (PdOAuthTokenProvider *self,
                GPtrArray            *waiters,
                const GError         *error)
{
  g_autoptr(GError) failure = sign_in_required_from (error);
  gboolean was_signed_in = self->signed_in;

  g_debug ("Refreshing the sign-in failed: %s", error->message);

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
    pd_oauth_token_provider_emit_sign_in_required (self);

  for (guint i = 0; i < waiters->len; i++)
    return_error (g_ptr_array_index (waiters, i), failure);
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  PdOAuthRefresh *refresh = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&refresh->waiters);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  gboolean stale = refresh->generation != self->generation;

  answer = pd_oauth_post_form_finish (result, &error);

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

  refresh_failed (self, waiters, error);
}

static void
start_refresh (PdOAuthTokenProvider *self)
{
  const char *client_id = pd_connection_get_client_id (self->connection);
  const char *scope = pd_connection_get_scope (self->connection);
  g_autofree char *url = pd_oauth_token_endpoint (self);
  PdOAuthRefresh *refresh;
  char *form;

  g_assert (self->refresh == NULL);
  g_assert (self->refresh_token != NULL);

  refresh = g_new0 (PdOAuthRefresh, 1);
  refresh->generation = self->generation;
  refresh->cancellable = g_cancellable_new ();
  refresh->waiters = g_ptr_array_new ();
  self->refresh = refresh;

  form = soup_form_encode ("grant_type", "refresh_token",
                           "refresh_token", self->refresh_token,
                           "client_id", pd_oauth_or_empty (client_id),
                           "scope", pd_oauth_or_empty (scope),
                           NULL);
  pd_oauth_post_form_async (self, url, form, refresh->cancellable, refresh_cb, refresh);
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
          pd_oauth_token_provider_emit_sign_in_required (self);
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
      g_clear_pointer (&self->access_token, pd_oauth_token_free);
      self->expires_at = 0;
    }
}

void
pd_oauth_token_provider_iface_init (PdTokenProviderInterface *iface)
{
  iface->get_token_async = pd_oauth_token_provider_get_token_async;
  iface->get_token_finish = pd_oauth_token_provider_get_token_finish;
  iface->invalidate = pd_oauth_token_provider_invalidate;
}

/* ------------------------------------------------------------------------------------- */
/* Finishing a sign-in (both flows), restoring one, signing out */

void
pd_oauth_token_provider_finish_sign_in (PdOAuthTokenProvider *self,
                                        GTask                *task,
                                        JsonObject           *answer)
{
  GError *error = NULL;

  /* A refresh of the previous sign-in must not overwrite this one. */
  cancel_refresh (self);
  g_clear_pointer (&self->refresh_token, pd_oauth_token_free);
  g_clear_pointer (&self->access_token, pd_oauth_token_free);
  pd_oauth_token_provider_set_account_name (self, NULL);

  if (!apply_token_answer (self, answer, &error))
    {
      forget_tokens (self);
      pd_oauth_task_fail (task, error);
      return;
    }

  store_refresh_token (self, task);
}

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

  pd_oauth_token_free (token);
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
      pd_oauth_token_free (token);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_clear_pointer (&self->refresh_token, pd_oauth_token_free);
  self->refresh_token = token;
  pd_oauth_token_provider_set_account_username (self, account);

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
      pd_oauth_task_fail (task, pd_auth_error_new (PD_AUTH_ERROR_SIGN_IN_REQUIRED, NULL, NULL,
                                                   "Sign-ins are not stored", NULL, NULL));
      return;
    }

  pd_secret_store_lookup_async (self->connection, cancellable, restore_lookup_cb, task);
}

gboolean
pd_oauth_token_provider_restore_finish (PdOAuthTokenProvider  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  return pd_oauth_token_provider_finish_boolean (self, result,
                                                 pd_oauth_token_provider_restore_async,
                                                 error);
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

  cancel_refresh (self);
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
  return pd_oauth_token_provider_finish_boolean (self, result,
                                                 pd_oauth_token_provider_sign_out_async,
                                                 error);
}
