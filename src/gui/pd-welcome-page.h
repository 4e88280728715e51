/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-welcome-page.h: the first page without a connection: demo data or settings. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_WELCOME_PAGE (pd_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PdWelcomePage, pd_welcome_page, PD, WELCOME_PAGE, GtkWidget)

GtkWidget *pd_welcome_page_new (void);

G_END_DECLS
