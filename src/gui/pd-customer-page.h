/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-page.h: one customer: its own header bar, a menu of sections, the Account page. */
#pragma once

#include <adwaita.h>

#include "pd-client.h"
#include "pd-customer.h"

G_BEGIN_DECLS

#define PD_TYPE_CUSTOMER_PAGE (pd_customer_page_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomerPage, pd_customer_page, PD, CUSTOMER_PAGE, GtkWidget)

/* Emits "customer-changed" (and asks win.show-toast to say so) when the customer is saved. */
GtkWidget  *pd_customer_page_new              (PdClient       *client,
                                               PdCustomer     *customer);
/* Returns: (transfer none): the customer as given (the list's item). */
PdCustomer *pd_customer_page_get_customer     (PdCustomerPage *self);
/* Returns: (transfer none): the Account section. */
GtkWidget  *pd_customer_page_get_account_page (PdCustomerPage *self);

/* Returns: (transfer none): the History section. */
GtkWidget  *pd_customer_page_get_history_page (PdCustomerPage *self);

G_END_DECLS
