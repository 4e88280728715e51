/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-a11y.h: accessibility fix-ups the widgets of libadwaita 1.2 need. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void pd_a11y_label_entry_row (AdwEntryRow *row);

G_END_DECLS
