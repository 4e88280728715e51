/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-token-provider.c: the interface PdClient asks for bearer tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-token-provider"

#include "pd-token-provider.h"

G_DEFINE_INTERFACE (PdTokenProvider, pd_token_provider, G_TYPE_OBJECT)

static void
pd_token_provider_default_init (PdTokenProviderInterface *iface)
{
}

/**
 * pd_token_provider_get_token_async:
 * @self: a #PdTokenProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is known
 * @user_data: data for @callback
 *
 * Asks for a bearer token; a provider may sign in or refresh on the way.
 */
void
pd_token_provider_get_token_async (PdTokenProvider     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  PdTokenProviderInterface *iface;

  g_return_if_fail (PD_IS_TOKEN_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = PD_TOKEN_PROVIDER_GET_IFACE (self);
  g_return_if_fail (iface->get_token_async != NULL);

  iface->get_token_async (self, cancellable, callback, user_data);
}

/**
 * pd_token_provider_get_token_finish:
 * @self: a #PdTokenProvider
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the token, or %NULL with @error set.
 */
char *
pd_token_provider_get_token_finish (PdTokenProvider  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  PdTokenProviderInterface *iface;

  g_return_val_if_fail (PD_IS_TOKEN_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = PD_TOKEN_PROVIDER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_token_finish != NULL, NULL);

  return iface->get_token_finish (self, result, error);
}

/**
 * pd_token_provider_invalidate:
 * @self: a #PdTokenProvider
 * @token: the token the server refused
 *
 * Tells the provider the server answered 401 to @token, so the next
 * get refreshes instead of handing out the same token again.
 */
void
pd_token_provider_invalidate (PdTokenProvider *self,
                              const char      *token)
{
  PdTokenProviderInterface *iface;

  g_return_if_fail (PD_IS_TOKEN_PROVIDER (self));

  iface = PD_TOKEN_PROVIDER_GET_IFACE (self);
  if (iface->invalidate != NULL)
    iface->invalidate (self, token);
}
