/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-static-token-provider.c: a fixed bearer token (PARTNER_DESK_TOKEN, the sandbox's). */

#include "config.h"

#define G_LOG_DOMAIN "pd-static-token-provider"

#include <stdlib.h>
#include <string.h>

#include <libsecret/secret.h>

#include "pd-api-error.h"
#include "pd-static-token-provider.h"

struct _PdStaticTokenProvider
{
  GObject  parent_instance;

  char    *token;
};

static void pd_static_token_provider_iface_init (PdTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdStaticTokenProvider, pd_static_token_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PD_TYPE_TOKEN_PROVIDER,
                                                      pd_static_token_provider_iface_init))

enum {
  PROP_0,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_static_token_provider_get_token_async (PdTokenProvider     *provider,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  PdStaticTokenProvider *self = PD_STATIC_TOKEN_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_static_token_provider_get_token_async);

  if (self->token == NULL || *self->token == '\0')
    g_task_return_error (task, pd_api_error_new (PD_API_ERROR_UNAUTHORIZED, 0, NULL,
                                                 "No bearer token is configured",
                                                 NULL, NULL));
  else
    g_task_return_pointer (task, g_strdup (self->token), (GDestroyNotify) secret_password_free);
}

static char *
pd_static_token_provider_get_token_finish (PdTokenProvider  *provider,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_static_token_provider_get_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pd_static_token_provider_invalidate (PdTokenProvider *provider,
                                     const char      *token)
{
  /* A fixed token cannot be refreshed: the client's one retry gets the same
   * answer and reports UNAUTHORIZED, which is right for a wrong token. */
}

static void
pd_static_token_provider_iface_init (PdTokenProviderInterface *iface)
{
  iface->get_token_async = pd_static_token_provider_get_token_async;
  iface->get_token_finish = pd_static_token_provider_get_token_finish;
  iface->invalidate = pd_static_token_provider_invalidate;
}

static void
pd_static_token_provider_finalize (GObject *object)
{
  PdStaticTokenProvider *self = PD_STATIC_TOKEN_PROVIDER (object);

  g_clear_pointer (&self->token, secret_password_free);  /* wiped before it is freed */

  G_OBJECT_CLASS (pd_static_token_provider_parent_class)->finalize (object);
}

static void
pd_static_token_provider_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PdStaticTokenProvider *self = PD_STATIC_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_clear_pointer (&self->token, secret_password_free);
      self->token = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_static_token_provider_class_init (PdStaticTokenProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_static_token_provider_finalize;
  object_class->set_property = pd_static_token_provider_set_property;

  /* Write-only: nothing that can list an object's properties (a debugger's inspector,
   * a GObject dump) can read the token back. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_static_token_provider_init (PdStaticTokenProvider *self)
{
}

/**
 * pd_static_token_provider_new:
 * @token: the bearer token
 *
 * Returns: (transfer full): a provider that always hands out @token.
 */
PdTokenProvider *
pd_static_token_provider_new (const char *token)
{
  return g_object_new (PD_TYPE_STATIC_TOKEN_PROVIDER, "token", token, NULL);
}

/**
 * pd_static_token_provider_new_from_environment:
 * @variable: the environment variable holding the token, e.g. "PARTNER_DESK_TOKEN"
 *
 * Takes the token out of the environment: the variable is overwritten and unset, so the
 * browser, the sandbox and every other program started later do not inherit it (and
 * /proc/PID/environ no longer shows it).
 *
 * Returns: (transfer full) (nullable): a provider with the token, %NULL when the variable
 *   is unset or empty
 */
PdTokenProvider *
pd_static_token_provider_new_from_environment (const char *variable)
{
  PdTokenProvider *provider = NULL;
  char *value;

  g_return_val_if_fail (variable != NULL, NULL);

  /* getenv(), not g_getenv(): the bytes in the environment block itself are wiped. */
  value = getenv (variable);
  if (value != NULL && *value != '\0')
    provider = pd_static_token_provider_new (value);
  if (value != NULL)
    explicit_bzero (value, strlen (value));
  g_unsetenv (variable);

  return provider;
}
