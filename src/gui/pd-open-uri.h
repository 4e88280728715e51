/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-open-uri.h: who opens a sign-in address, kept on a window for the dialogs above it. */
#pragma once

#include <gtk/gtk.h>

#include "pd-core.h"

G_BEGIN_DECLS

/* Attaches @func (NULL: the default, gtk_show_uri) to @window: the windows transient for it
 * find it with pd_open_uri_get_for_window() without knowing @window's type. */
void          pd_open_uri_set_for_window (GtkWindow  *window,
                                          PdOpenUriFunc func,
                                          gpointer    user_data);
/* Returns: (nullable): the function attached to @window or to the nearest window it is
 * transient for; NULL when there is none (the sign-in page's default then applies). */
PdOpenUriFunc pd_open_uri_get_for_window (GtkWindow  *window,
                                          gpointer   *user_data);

G_END_DECLS
