/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-static-token-provider.c: a fixed bearer token (PARTNER_DESK_TOKEN, the sandbox's). */

#include "config.h"

#define G_LOG_DOMAIN "pd-static-token-provider"

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
    g_task_return_pointer (task, g_strdup (self->token), g_free);
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

  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (pd_static_token_provider_parent_class)->finalize (object);
}

static void
pd_static_token_provider_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PdStaticTokenProvider *self = PD_STATIC_TOKEN_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
      g_free (self->token);
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
  object_class->get_property = pd_static_token_provider_get_property;
  object_class->set_property = pd_static_token_provider_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
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
