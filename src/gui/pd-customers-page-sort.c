/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-sort.c: the customer list's "Sort By" menu: the column and the direction
 * as stateful actions, in step with the column headers (and so with the remembered sort). */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include "pd-customers-page-private.h"

static const char * const order_keys[] = { "ascending", "descending" };

static gboolean
get_descending (PdCustomersPage *self)
{
  GAction *order = g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "order");
  g_autoptr(GVariant) state = g_action_get_state (order);

  return g_str_equal (g_variant_get_string (state, NULL), order_keys[TRUE]);
}

static PdCustomerColumn
get_column (PdCustomersPage *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "column");
  g_autoptr(GVariant) state = g_action_get_state (action);
  PdCustomerColumn column = PD_CUSTOMER_COLUMN_COMPANY_NAME;

  pd_customer_column_from_key (g_variant_get_string (state, NULL), &column);
  return column;
}

/* The headers take the new order: the column view's sorter tells the page, which moves the
 * list, remembers the sort and updates these states (pd_customers_page_sort_show). */
static void
sort_by (PdCustomersPage  *self,
         PdCustomerColumn  column,
         gboolean          descending)
{
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static void
change_column_state (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       user_data)
{
  PdCustomersPage *self = user_data;
  PdCustomerColumn column;

  if (pd_customer_column_from_key (g_variant_get_string (value, NULL), &column))
    sort_by (self, column, get_descending (self));
}

static void
change_order_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  PdCustomersPage *self = user_data;
  const char *order = g_variant_get_string (value, NULL);

  if (g_str_equal (order, order_keys[FALSE]) || g_str_equal (order, order_keys[TRUE]))
    sort_by (self, get_column (self), g_str_equal (order, order_keys[TRUE]));
}

void
pd_customers_page_sort_add_actions (PdCustomersPage *self)
{
  /* Activating a radio item changes the state to its target. */
  const GActionEntry entries[] = {
    { "column", NULL, "s", "'company-name'", change_column_state },
    { "order", NULL, "s", "'ascending'", change_order_state },
  };

  self->sort_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->sort_actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort", G_ACTION_GROUP (self->sort_actions));
}

void
pd_customers_page_sort_show (PdCustomersPage  *self,
                             PdCustomerColumn  column,
                             gboolean          descending)
{
  GAction *column_action = g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions),
                                                       "column");
  GAction *order_action = g_action_map_lookup_action (G_ACTION_MAP (self->sort_actions), "order");

  g_simple_action_set_state (G_SIMPLE_ACTION (column_action),
                             g_variant_new_string (pd_customer_column_to_key (column)));
  g_simple_action_set_state (G_SIMPLE_ACTION (order_action),
                             g_variant_new_string (order_keys[descending != FALSE]));
}
