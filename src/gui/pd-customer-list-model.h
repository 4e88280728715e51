/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-list-model.h: the customer list as the column view sees it: one snapshot of
 * the customer table, in one order, searched, with one customer selected. */
#pragma once

#include <gtk/gtk.h>

#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_CUSTOMER_LIST_MODEL (pd_customer_list_model_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomerListModel, pd_customer_list_model, PD, CUSTOMER_LIST_MODEL,
                      GObject)

PdCustomerListModel *pd_customer_list_model_new           (void);
/* Has the view make its row widgets ahead of the customers, a few at a time. */
void                 pd_customer_list_model_prepare_rows  (PdCustomerListModel *self);
/* Shows @snapshot (searched first, off the main thread, when a search is on). */
void                 pd_customer_list_model_set_snapshot  (PdCustomerListModel *self,
                                                           PdCustomerSnapshot  *snapshot);
/* Customers in the snapshot shown, searched or not. */
guint                pd_customer_list_model_get_n_customers (PdCustomerListModel *self);
/* Customers shown: those matching the search. While none match, the model keeps the
 * view's rows (unseen: the page shows its no-match state), so its n-items is not 0; nor
 * is it before the first customers, once the view's rows are prepared. */
guint                pd_customer_list_model_get_n_shown   (PdCustomerListModel *self);
/* Searches as the user typed it (folded here); "" or NULL shows everyone. */
void                 pd_customer_list_model_set_query     (PdCustomerListModel *self,
                                                           const char          *text);
/* The folded query of what is shown. */
const char          *pd_customer_list_model_get_query     (PdCustomerListModel *self);
/* TRUE while a search runs: what is shown is about to change. */
gboolean             pd_customer_list_model_get_pending   (PdCustomerListModel *self);
void                 pd_customer_list_model_set_order     (PdCustomerListModel *self,
                                                           PdCustomerOrder      order,
                                                           gboolean             descending);
/* The first position the view shows (its owner tells it as the view scrolls): a change
 * that moves many rows fills the items there first, the others a frame later. */
void                 pd_customer_list_model_set_view_start (PdCustomerListModel *self,
                                                            guint                position);
guint                pd_customer_list_model_get_selected  (PdCustomerListModel *self);
void                 pd_customer_list_model_set_selected  (PdCustomerListModel *self,
                                                           guint                position);
/* The position of the customer @id among those shown, or GTK_INVALID_LIST_POSITION. */
guint                pd_customer_list_model_find          (PdCustomerListModel *self,
                                                           const char          *id);
/* The customer at @position, to keep: the model's items change with their positions. */
PdCustomer          *pd_customer_list_model_get_customer  (PdCustomerListModel *self,
                                                           guint                position);
/* The snapshot shown (what the row indices below index). */
PdCustomerSnapshot  *pd_customer_list_model_get_snapshot  (PdCustomerListModel *self);
/* Row indices of the customers shown (matching the search), top to bottom. */
guint32             *pd_customer_list_model_dup_shown_rows (PdCustomerListModel *self,
                                                           guint               *n_rows);
/* Row indices of every customer of the snapshot, in the order shown, search or not. */
guint32             *pd_customer_list_model_dup_all_rows  (PdCustomerListModel *self,
                                                           guint               *n_rows);

G_END_DECLS
