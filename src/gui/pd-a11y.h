/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-a11y.h: accessibility fix-ups the widgets of GTK 4.8 and libadwaita 1.2 need. */

#pragma once

#include <adwaita.h>

#include "pd-core.h"

G_BEGIN_DECLS

void pd_a11y_init               (void);
void pd_a11y_label_entry_row    (AdwEntryRow *row);
void pd_a11y_label_customer_row (GtkWidget   *cell,
                                 PdCustomer  *customer);

G_END_DECLS
