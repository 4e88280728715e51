/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-offline-banner.h: a lasting strip above a page's content: what is shown while the
 * service cannot be reached, and Retry (AdwBanner comes with libadwaita 1.3). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_OFFLINE_BANNER (pd_offline_banner_get_type ())

G_DECLARE_FINAL_TYPE (PdOfflineBanner, pd_offline_banner, PD, OFFLINE_BANNER, GtkWidget)

const char *pd_offline_banner_get_title    (PdOfflineBanner *self);
void        pd_offline_banner_set_title    (PdOfflineBanner *self,
                                            const char      *title);
gboolean    pd_offline_banner_get_revealed (PdOfflineBanner *self);
void        pd_offline_banner_set_revealed (PdOfflineBanner *self,
                                            gboolean         revealed);

G_END_DECLS
