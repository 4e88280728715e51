/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-token-provider.c: sign-in to Entra ID: the provider's state, properties, signals
 * and the helpers its flows share. The flows and the tokens live in pd-oauth-*.c. */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include <libsecret/secret.h>

#include "pd-oauth-token-provider-private.h"

/* How long the loopback server waits for the browser before giving up. */
#define DEFAULT_BROWSER_TIMEOUT_S   600

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
/* State changes the other files make: they notify and emit from here */

void
pd_oauth_token_free (char *token)
{
  secret_password_free (token);  /* wipes before freeing */
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

void
pd_oauth_token_provider_set_signed_in (PdOAuthTokenProvider *self,
                                       gboolean              signed_in)
{
  if (self->signed_in == signed_in)
    return;

  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

void
pd_oauth_token_provider_set_account_name (PdOAuthTokenProvider *self,
                                          const char           *name)
{
  set_string_notify (self, &self->account_name, name, PROP_ACCOUNT_NAME);
}

void
pd_oauth_token_provider_set_account_username (PdOAuthTokenProvider *self,
                                              const char           *username)
{
  set_string_notify (self, &self->account_username, username, PROP_ACCOUNT_USERNAME);
}

void
pd_oauth_token_provider_emit_sign_in_required (PdOAuthTokenProvider *self)
{
  g_signal_emit (self, signals[SIGN_IN_REQUIRED], 0);
}

void
pd_oauth_token_provider_emit_keyring_failed (PdOAuthTokenProvider *self,
                                             const GError         *error)
{
  g_signal_emit (self, signals[KEYRING_FAILED], 0, error);
}

/* ------------------------------------------------------------------------------------- */
/* Tasks: what the flows and the token store do alike */

GTask *
pd_oauth_token_provider_new_sign_in_task (PdOAuthTokenProvider *self,
                                          gpointer              source_tag,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!pd_connection_is_complete (self->connection))
    {
      pd_oauth_task_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     "The connection needs an authority, "
                                                     "a scope and a client ID"));
      return NULL;
    }

  return task;
}

/* The public _finish functions' own checks, made here on their behalf. */
gboolean
pd_oauth_token_provider_finish_boolean (PdOAuthTokenProvider  *self,
                                        GAsyncResult          *result,
                                        gpointer               source_tag,
                                        GError               **error)
{
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pd_oauth_task_fail (GTask  *task,
                    GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

GSource *
pd_oauth_task_wait_source_new (GTask       *task,
                               guint        interval_ms,
                               GSourceFunc  callback)
{
  GSource *source = g_timeout_source_new (interval_ms);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* The cancellable as a child: cancelling dispatches the timeout at once. */
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }

  g_source_set_callback (source, callback, task, NULL);
  g_source_attach (source, g_task_get_context (task));
  return source;
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
  g_clear_pointer (&self->access_token, pd_oauth_token_free);
  g_clear_pointer (&self->refresh_token, pd_oauth_token_free);
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
