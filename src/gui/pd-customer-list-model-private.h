/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-list-model-private.h: the list model's state, shared by the model
 * (pd-customer-list-model.c) and its selection (pd-customer-list-model-selection.c). */
#pragma once

#include "pd-customer-list-model.h"

G_BEGIN_DECLS

struct _PdCustomerListModel
{
  GObject             parent_instance;

  PdCustomerSnapshot *snapshot;
  PdCustomerOrder     order;
  gboolean            descending;
  /* An order asked for that the newest snapshot lacks: taken with the next that has it
   * (see pd_customer_snapshot_has_order()). */
  gboolean            order_waiting;
  PdCustomerOrder     next_order;
  gboolean            next_descending;
  char               *query;      /* folded; "" shows everyone */
  PdCustomerMatches  *matches;    /* of query in snapshot, or NULL */
  guint32            *visible;    /* matching rows in order, or NULL: the whole order */
  guint               n_visible;
  /* What the view was told: n_visible, except while nothing matches (see hold_rows),
   * while an empty view fills (see ramp_cb) and before any customer, when the view makes
   * blank rows (see pd_customer_list_model_prepare_rows()). */
  guint               n_items;
  guint               ramp_limit;  /* at most this many items for now; G_MAXUINT: all */
  guint               ramp_id;
  guint               prepare_id;
  gboolean            preparing;  /* blank rows are made before any customer */
  guint               fill_later_id;
  /* The order the items were last filled in, and where the view is: see show(). */
  PdCustomerOrder     filled_order;
  gboolean            filled_descending;
  guint               view_start;
  gboolean            held_from_other_table;  /* held items show rows of an older table */

  guint               selected_position;
  guint               selected_row;
  char               *selected_id;

  /* The search running off the main thread, and what it will show. */
  GCancellable       *search_cancellable;
  PdCustomerSnapshot *next_snapshot;
  char               *next_query;

  GHashTable         *items;      /* position → Item */
};

void pd_customer_list_model_selection_iface_init (GtkSelectionModelInterface *iface);

G_END_DECLS
