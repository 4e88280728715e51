/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page.h: the customer list (Dashboard → Customers) with search and sorting. */
#pragma once

#include <gtk/gtk.h>

#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_CUSTOMERS_PAGE (pd_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomersPage, pd_customers_page, PD, CUSTOMERS_PAGE, GtkWidget)

GtkWidget  *pd_customers_page_new                  (void);

/* Replaces the list with @client's customers (NULL: empties it and stops loading). */
void        pd_customers_page_set_client           (PdCustomersPage *self,
                                                    PdClient        *client);
PdClient   *pd_customers_page_get_client           (PdCustomersPage *self);
void        pd_customers_page_set_connection_title (PdCustomersPage *self,
                                                    const char      *title);
/* The signed-in account shown under the connection name (NULL or "": none). */
void        pd_customers_page_set_account          (PdCustomersPage *self,
                                                    const char      *account);
const char *pd_customers_page_get_account          (PdCustomersPage *self);

/* Reloads, keeping the selected customer and the scroll position. */
void        pd_customers_page_refresh              (PdCustomersPage *self);
/* Shows the search bar and focuses its entry. */
void        pd_customers_page_start_search         (PdCustomersPage *self);
void        pd_customers_page_focus_list           (PdCustomersPage *self);
/* Finds the row of @customer's id, takes its new values and re-sorts. */
void        pd_customers_page_customer_changed     (PdCustomersPage *self,
                                                    PdCustomer      *customer);

/* Whether customers are still arriving from the server (notified as "loading"). */
gboolean    pd_customers_page_get_loading          (PdCustomersPage *self);
/* The service could not be reached: the list shows what was listed before, read-only. */
gboolean    pd_customers_page_get_offline          (PdCustomersPage *self);
/* The selection model behind the column view (sorted and filtered). */
GListModel *pd_customers_page_get_model            (PdCustomersPage *self);

G_END_DECLS
