/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window.h: the main window: welcome page, customer list, customer pages. */
#pragma once

#include <adwaita.h>

#include "pd-application.h"
#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow *pd_window_new                (AdwApplication *app);

/* A NULL @client shows the welcome page; @connection_title names the connection
 * ("Demo Data", "Partner Center", a host) in the title. A client set here brings its own
 * tokens (demo data, --endpoint): any sign-in provider of the window is dropped. */
void      pd_window_set_client         (PdWindow       *self,
                                        PdClient       *client,
                                        const char     *connection_title);
PdClient *pd_window_get_client         (PdWindow       *self);

/* Shows a spinner page with @message while a connection is being set up (the demo
 * server starting), after a moment so that a quick one does not flash it;
 * pd_window_set_client ends it. */
void      pd_window_show_connecting    (PdWindow       *self,
                                        const char     *message);

void      pd_window_add_toast          (PdWindow       *self,
                                        AdwToast       *toast);
void      pd_window_show_customer      (PdWindow       *self,
                                        PdCustomer     *customer);
void      pd_window_customer_changed   (PdWindow       *self,
                                        PdCustomer     *customer);

/* Works on @provider's connection: signs in with the stored refresh token (straight to the
 * list), else shows the sign-in page; offline, an error page with Retry. NULL: no sign-in
 * (pd_window_set_client also drops the provider). */
void                  pd_window_set_token_provider (PdWindow             *self,
                                                    PdOAuthTokenProvider *provider);
PdOAuthTokenProvider *pd_window_get_token_provider (PdWindow             *self);
/* Shows the sign-in page for the current provider; @reason: (nullable): the error that made
 * it necessary, shown on the page. */
void                  pd_window_show_sign_in       (PdWindow             *self,
                                                    const GError         *reason);
/* How sign-in opens web addresses (default: gtk_show_uri); tests follow them instead. */
void                  pd_window_set_open_uri_func  (PdWindow             *self,
                                                    PdOpenUriFunc         func,
                                                    gpointer              user_data);
/* Returns: (nullable): the function set with pd_window_set_open_uri_func. */
PdOpenUriFunc         pd_window_get_open_uri_func  (PdWindow             *self,
                                                    gpointer             *user_data);
/* The kind of connection the window works on, as the connection settings name it: from
 * the sign-in provider's cloud, else as set with pd_window_set_connection_kind (which
 * pd_window_set_client guesses: a loopback address is the demo sandbox). NONE: none. */
PdConnectionKind      pd_window_get_connection_kind (PdWindow            *self);
/* Call after pd_window_set_client to say what its client is (demo data, --endpoint). */
void                  pd_window_set_connection_kind (PdWindow            *self,
                                                     PdConnectionKind     kind);
/* Connection Settings for the connection the window is on, not yet shown. */
GtkWidget            *pd_window_new_connection_settings (PdWindow         *self);
/* "welcome", "connecting", "sign-in", "offline" or "browse", for tests. */
const char           *pd_window_get_view           (PdWindow             *self);
GtkWidget            *pd_window_get_sign_in_page   (PdWindow             *self);

/* The list page, for tests. */
GtkWidget *pd_window_get_customers_page (PdWindow      *self);

G_END_DECLS
