/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-glyph-warmup.h: draws a widget's likely text once, off screen, before it shows. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void pd_glyph_warmup_schedule (GtkWidget  *widget,
                               const char *sample);

G_END_DECLS
