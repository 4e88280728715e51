/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-account-page.h: a customer's account information, read-only, and the edit window it opens. */
#pragma once

#include <adwaita.h>

#include "pd-client.h"
#include "pd-customer.h"

G_BEGIN_DECLS

#define PD_TYPE_ACCOUNT_PAGE (pd_account_page_get_type ())

G_DECLARE_FINAL_TYPE (PdAccountPage, pd_account_page, PD, ACCOUNT_PAGE, GtkWidget)

/* Reads @customer by id (pd_client_get_customer_async) for both profiles and the etag.
 * Emits "saved" (PdBillingProfile *server_answer) after a successful edit. */
GtkWidget    *pd_account_page_new          (PdClient      *client,
                                            PdCustomer    *customer);
void          pd_account_page_reload       (PdAccountPage *self);
/* Returns: (nullable) (transfer none): the customer as read, NULL until loaded. */
PdCustomer   *pd_account_page_get_customer (PdAccountPage *self);
/* Whether Edit can open: the account is loaded with its billing profile ("can-edit"). */
gboolean      pd_account_page_get_can_edit (PdAccountPage *self);
/* The service could not be reached a moment ago: shows the account read before at once
 * (read-only, if the cache has it), then asks the service behind it. */
void          pd_account_page_prefer_cached (PdAccountPage *self);
/* The account shown was read earlier (the service cannot be reached): read-only. */
gboolean      pd_account_page_get_offline  (PdAccountPage *self);
/* Opens the edit window (account.edit); returns it, NULL when not loaded yet.
 * Returns: (nullable) (transfer none) */
GtkWindow    *pd_account_page_edit         (PdAccountPage *self);

/* Reads the customer again (the current etag), then opens the edit window with @values'
 * @fields filled in; nothing is written until the user submits. */
void          pd_account_page_restore      (PdAccountPage    *self,
                                            PdProfileFields   fields,
                                            PdBillingProfile *values);

G_END_DECLS
