/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-adaptive-layout.h: a bin layout that tells its widget how wide it is, in characters. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_ADAPTIVE_LAYOUT (pd_adaptive_layout_get_type ())

G_DECLARE_FINAL_TYPE (PdAdaptiveLayout, pd_adaptive_layout, PD, ADAPTIVE_LAYOUT, GtkLayoutManager)

GtkLayoutManager *pd_adaptive_layout_new             (void);
/* The width the widget was last given, in average characters of its font; 0 before the
 * first allocation. */
int               pd_adaptive_layout_get_width_chars (PdAdaptiveLayout *self);
/* The layout of @widget, which must use a PdAdaptiveLayout. */
PdAdaptiveLayout *pd_adaptive_layout_get_for_widget  (GtkWidget        *widget);

G_END_DECLS
