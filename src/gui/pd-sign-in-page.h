/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sign-in-page.h: sign in to a connection with the browser or a device code. */
#pragma once

#include <adwaita.h>

#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_SIGN_IN_PAGE (pd_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (PdSignInPage, pd_sign_in_page, PD, SIGN_IN_PAGE, GtkWidget)

/* Emits "signed-in" when @provider has signed in through the page. */
GtkWidget            *pd_sign_in_page_new               (void);

void                  pd_sign_in_page_set_provider      (PdSignInPage         *self,
                                                         PdOAuthTokenProvider *provider);
PdOAuthTokenProvider *pd_sign_in_page_get_provider      (PdSignInPage         *self);

/* How the authorize URL is opened (default: gtk_show_uri on the page's window); tests
 * follow the URL themselves. NULL restores the default. */
void                  pd_sign_in_page_set_open_uri_func (PdSignInPage         *self,
                                                         PdOpenUriFunc         func,
                                                         gpointer              user_data);

/* Shows @error (e.g. why a sign-in is needed again) under the sign-in buttons. */
void                  pd_sign_in_page_show_error        (PdSignInPage         *self,
                                                         const GError         *error);
/* Says that the address the page asked to open (PdOpenUriFunc, or gtk_show_uri by default)
 * could not be opened: a browser sign-in then shows its address to copy, Try Again, and
 * signing in with a code instead. An opener that stands in for a browser calls it. */
void                  pd_sign_in_page_report_browser_failure (PdSignInPage    *self,
                                                              const GError    *error);
/* Stops a sign-in in progress and returns to the choice of methods. */
void                  pd_sign_in_page_cancel            (PdSignInPage         *self);

/* The device code on display (NULL when none), for tests. */
const char           *pd_sign_in_page_get_user_code     (PdSignInPage         *self);
/* "start", "browser", "browser-failed" or "device". */
const char           *pd_sign_in_page_get_view          (PdSignInPage         *self);

/* A small modal window holding a sign-in page, transient for @parent; it closes itself
 * after "signed-in" (connect to the page, pd_sign_in_window_get_page). */
GtkWindow            *pd_sign_in_window_new             (GtkWindow            *parent,
                                                         PdOAuthTokenProvider *provider,
                                                         PdOpenUriFunc         open_uri,
                                                         gpointer              open_uri_data);
PdSignInPage         *pd_sign_in_window_get_page        (GtkWindow            *window);

G_END_DECLS
