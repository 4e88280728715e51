/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection-window.h: choose the cloud (or demo data) and the app registration to use. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_CONNECTION_WINDOW (pd_connection_window_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectionWindow, pd_connection_window, PD, CONNECTION_WINDOW, AdwWindow)

GtkWidget *pd_connection_window_new (GtkWindow *parent);

G_END_DECLS
