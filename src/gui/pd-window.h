/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window.h: the main window: welcome page, customer list, customer pages. */
#pragma once

#include <adwaita.h>

#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow *pd_window_new                (AdwApplication *app);

/* A NULL @client shows the welcome page; @connection_title names the connection
 * ("Demo Data", "Partner Center", a host) in the title. */
void      pd_window_set_client         (PdWindow       *self,
                                        PdClient       *client,
                                        const char     *connection_title);
PdClient *pd_window_get_client         (PdWindow       *self);

/* Shows a spinner page with @message while a connection is being set up (the demo
 * server starting); pd_window_set_client ends it. */
void      pd_window_show_connecting    (PdWindow       *self,
                                        const char     *message);

void      pd_window_add_toast          (PdWindow       *self,
                                        AdwToast       *toast);
void      pd_window_show_customer      (PdWindow       *self,
                                        PdCustomer     *customer);
void      pd_window_customer_changed   (PdWindow       *self,
                                        PdCustomer     *customer);

/* The list page, for tests. */
GtkWidget *pd_window_get_customers_page (PdWindow      *self);

G_END_DECLS
