/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-columns.h: the customer list's columns: their cells, sorters and widths. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Matches the "sort-column" enum of the settings schema, PdCustomerOrder, and the order of
 * the columns in pd-customers-page.ui. */
typedef enum
{
  PD_CUSTOMER_COLUMN_COMPANY_NAME,
  PD_CUSTOMER_COLUMN_DOMAIN,
  PD_CUSTOMER_COLUMN_TENANT_ID,
  PD_CUSTOMER_COLUMN_RELATIONSHIP,
  PD_N_CUSTOMER_COLUMNS
} PdCustomerColumn;

/* The column's name in the "sort-column" setting and the Sort By menu ("company-name"…). */
const char *pd_customer_column_to_key       (PdCustomerColumn             column);
gboolean pd_customer_column_from_key        (const char                  *key,
                                             PdCustomerColumn            *column);

/* What a list cell's tooltip shows when hovered: its whole value. */
const char *pd_customer_columns_get_cell_tooltip (GtkWidget                  *cell);
/* Gives each column its cell factory and the sorter that draws its header arrow. */
void     pd_customer_columns_set_up         (GtkColumnViewColumn * const *columns);
/* Which column @view is sorted by, and which way; FALSE when it cannot tell. */
gboolean pd_customer_columns_find_sort      (GtkColumnView               *view,
                                             PdCustomerColumn            *column,
                                             gboolean                    *descending);
/* Shows the columns that fit a list @width_chars average characters wide: secondary
 * columns go first when the window is narrow or the text large. */
void     pd_customer_columns_fit_width      (GtkColumnViewColumn * const *columns,
                                             int                          width_chars);
/* The widths the user dragged the columns to, kept in the "column-widths" setting. */
void     pd_customer_columns_save_widths    (GtkColumnViewColumn * const *columns,
                                             GSettings                   *settings);
void     pd_customer_columns_restore_widths (GtkColumnViewColumn * const *columns,
                                             GSettings                   *settings);

G_END_DECLS
