/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection-window.h: choose the cloud (or demo data) and the app registration to use. */
#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_CONNECTION_WINDOW (pd_connection_window_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectionWindow, pd_connection_window, PD, CONNECTION_WINDOW, AdwWindow)

/* Starts from the connection remembered in the settings (see pd_connection_window_set_current
 * for the one in use); Connect hands the choice to the application. */
GtkWidget *pd_connection_window_new         (GtkWindow          *parent);
void       pd_connection_window_set_current (PdConnectionWindow *self,
                                             PdConnectionKind    kind,
                                             const char         *api_base_url,
                                             const char         *authority,
                                             const char         *scope);

G_END_DECLS
