/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-token-provider.h: sign-in to Entra ID (browser with PKCE, device code) and tokens. */
#pragma once

#include <gio/gio.h>

#include "pd-connection.h"
#include "pd-token-provider.h"

G_BEGIN_DECLS

/**
 * PdOpenUriFunc:
 * @uri: the authorize URL to open in the user's browser
 * @user_data: the data given with the function
 *
 * Opens @uri for the user (the GUI uses gtk_show_uri()). Called once per browser sign-in.
 */
typedef void (*PdOpenUriFunc)    (const char *uri,
                                  gpointer    user_data);

/**
 * PdDeviceCodeFunc:
 * @user_code: the code to type at @verification_uri ("ABCD-EFGH")
 * @verification_uri: where to type it
 * @message: the identity service's own instructions (in its language), may be %NULL
 * @expires_in: seconds until the code expires
 * @user_data: the data given with the function
 *
 * Shows the device code to the user. Called once per device-code sign-in, before polling.
 */
typedef void (*PdDeviceCodeFunc) (const char *user_code,
                                  const char *verification_uri,
                                  const char *message,
                                  guint       expires_in,
                                  gpointer    user_data);

/* Refresh an access token when it has less than this many seconds left. */
#define PD_OAUTH_DEFAULT_REFRESH_MARGIN 300

#define PD_TYPE_OAUTH_TOKEN_PROVIDER (pd_oauth_token_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdOAuthTokenProvider, pd_oauth_token_provider,
                      PD, OAUTH_TOKEN_PROVIDER, GObject)

/* @use_keyring: keep the refresh token in the Secret Service (FALSE: memory only). */
PdOAuthTokenProvider *pd_oauth_token_provider_new (PdConnection *connection,
                                                   gboolean      use_keyring);
PdConnection *pd_oauth_token_provider_get_connection  (PdOAuthTokenProvider *self);
gboolean      pd_oauth_token_provider_get_use_keyring (PdOAuthTokenProvider *self);
gboolean      pd_oauth_token_provider_get_signed_in   (PdOAuthTokenProvider *self);
/* From the ID token, for display only (never used to decide anything). */
const char   *pd_oauth_token_provider_get_account_name     (PdOAuthTokenProvider *self);
const char   *pd_oauth_token_provider_get_account_username (PdOAuthTokenProvider *self);
guint         pd_oauth_token_provider_get_refresh_margin   (PdOAuthTokenProvider *self);
void          pd_oauth_token_provider_set_refresh_margin   (PdOAuthTokenProvider *self,
                                                            guint                 seconds);
/* Passed as login_hint to the browser sign-in (e.g. the account that was signed in). */
const char   *pd_oauth_token_provider_get_login_hint       (PdOAuthTokenProvider *self);
void          pd_oauth_token_provider_set_login_hint       (PdOAuthTokenProvider *self,
                                                            const char           *login_hint);
/* For tests: poll the device-code endpoint every @milliseconds instead of the service's
 * interval (0: the service's). A slow_down answer still adds 5 s. */
void          pd_oauth_token_provider_set_device_poll_interval_ms
                                                           (PdOAuthTokenProvider *self,
                                                            guint                 milliseconds);

/* Authorization code with PKCE: listens on http://127.0.0.1:PORT/, calls @open_uri with
 * the authorize URL, exchanges the code. Fails with PD_AUTH_ERROR, or G_IO_ERROR_CANCELLED.
 * Pass a cancellable: it waits for the browser until cancelled. */
void     pd_oauth_token_provider_sign_in_browser_async  (PdOAuthTokenProvider  *self,
                                                         PdOpenUriFunc          open_uri,
                                                         gpointer               open_uri_data,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean pd_oauth_token_provider_sign_in_browser_finish (PdOAuthTokenProvider  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

/* Device code: calls @show_code, then polls until approved, declined, expired or cancelled. */
void     pd_oauth_token_provider_sign_in_device_async   (PdOAuthTokenProvider  *self,
                                                         PdDeviceCodeFunc       show_code,
                                                         gpointer               show_code_data,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean pd_oauth_token_provider_sign_in_device_finish  (PdOAuthTokenProvider  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

/* Signs in with the refresh token stored for the connection; PD_AUTH_ERROR_SIGN_IN_REQUIRED
 * when there is none or it no longer works, PD_AUTH_ERROR_NETWORK when offline. */
void     pd_oauth_token_provider_restore_async          (PdOAuthTokenProvider  *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean pd_oauth_token_provider_restore_finish         (PdOAuthTokenProvider  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

/* Forgets the tokens and removes the connection's keyring entries. */
void     pd_oauth_token_provider_sign_out_async         (PdOAuthTokenProvider  *self,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean pd_oauth_token_provider_sign_out_finish        (PdOAuthTokenProvider  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

G_END_DECLS
