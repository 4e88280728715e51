/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-secret-store.h: refresh tokens in the Secret Service keyring, per connection and account. */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "pd-connection.h"

G_BEGIN_DECLS

#define PD_SECRET_SCHEMA_NAME "io.github.partnerdesk.PartnerDesk.RefreshToken"

/* Attributes: "authority", "tenant", "client-id", "account" (the username). */
const SecretSchema *pd_secret_store_get_schema    (void);

/* Stores (or replaces) the refresh token of @account on @connection. */
void                pd_secret_store_store_async   (PdConnection         *connection,
                                                   const char           *account,
                                                   const char           *refresh_token,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            pd_secret_store_store_finish  (GAsyncResult         *result,
                                                   GError              **error);

/* The newest refresh token stored for @connection (any account). Finish returns NULL
 * without an error when there is none; free the token with secret_password_free(). */
void                pd_secret_store_lookup_async  (PdConnection         *connection,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char               *pd_secret_store_lookup_finish (GAsyncResult         *result,
                                                   char                **account,
                                                   GError              **error);

/* Removes every refresh token stored for @connection (all accounts). */
void                pd_secret_store_clear_async   (PdConnection         *connection,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            pd_secret_store_clear_finish  (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
