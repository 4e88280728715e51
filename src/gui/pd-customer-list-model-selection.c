/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-list-model-selection.c: the list model as a GtkSelectionModel: one customer
 * selected at most, followed by id as the rows change (see reselect() in the model). */

#include "config.h"

#include "pd-customer-list-model-private.h"

static gboolean
pd_customer_list_model_is_selected (GtkSelectionModel *model,
                                    guint              position)
{
  return PD_CUSTOMER_LIST_MODEL (model)->selected_position == position;
}

static GtkBitset *
pd_customer_list_model_get_selection_in_range (GtkSelectionModel *model,
                                               guint              position,
                                               guint              n_items)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (model);
  GtkBitset *result = gtk_bitset_new_empty ();

  if (self->selected_position != GTK_INVALID_LIST_POSITION
      && self->selected_position >= position
      && self->selected_position - position < n_items)
    gtk_bitset_add (result, self->selected_position);

  return result;
}

static gboolean
pd_customer_list_model_select_item (GtkSelectionModel *model,
                                    guint              position,
                                    gboolean           unselect_rest)
{
  pd_customer_list_model_set_selected (PD_CUSTOMER_LIST_MODEL (model), position);
  return TRUE;
}

static gboolean
pd_customer_list_model_unselect_item (GtkSelectionModel *model,
                                      guint              position)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (model);

  if (self->selected_position == position)
    pd_customer_list_model_set_selected (self, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
pd_customer_list_model_unselect_all (GtkSelectionModel *model)
{
  pd_customer_list_model_set_selected (PD_CUSTOMER_LIST_MODEL (model),
                                       GTK_INVALID_LIST_POSITION);
  return TRUE;
}

void
pd_customer_list_model_selection_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = pd_customer_list_model_is_selected;
  iface->get_selection_in_range = pd_customer_list_model_get_selection_in_range;
  iface->select_item = pd_customer_list_model_select_item;
  iface->unselect_item = pd_customer_list_model_unselect_item;
  iface->unselect_all = pd_customer_list_model_unselect_all;
}
