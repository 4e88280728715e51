/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-token-provider.h: where PdClient gets its bearer token (static now, sign-in later). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_TOKEN_PROVIDER (pd_token_provider_get_type ())

G_DECLARE_INTERFACE (PdTokenProvider, pd_token_provider, PD, TOKEN_PROVIDER, GObject)

struct _PdTokenProviderInterface
{
  GTypeInterface parent_iface;

  void   (*get_token_async)  (PdTokenProvider      *self,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  char * (*get_token_finish) (PdTokenProvider      *self,
                              GAsyncResult         *result,
                              GError              **error);
  /* The server answered 401 to @token: drop it so the next get refreshes. */
  void   (*invalidate)       (PdTokenProvider      *self,
                              const char           *token);
};

void  pd_token_provider_get_token_async  (PdTokenProvider      *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char *pd_token_provider_get_token_finish (PdTokenProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void  pd_token_provider_invalidate       (PdTokenProvider      *self,
                                          const char           *token);

G_END_DECLS
