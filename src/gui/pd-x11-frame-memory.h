/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-x11-frame-memory.h: keeps the memory that X11 frames are drawn in and sent in. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void pd_x11_frame_memory_keep (GtkWidget *widget);

G_END_DECLS
