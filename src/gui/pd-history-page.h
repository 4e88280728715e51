/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-history-page.h: a customer's history: who changed the account, when, what; Restore. */
#pragma once

#include <adwaita.h>

#include "pd-client.h"
#include "pd-customer.h"

G_BEGIN_DECLS

#define PD_TYPE_HISTORY_PAGE (pd_history_page_get_type ())

G_DECLARE_FINAL_TYPE (PdHistoryPage, pd_history_page, PD, HISTORY_PAGE, GtkWidget)

/* Loads when first shown: the service's audit records (not on 21Vianet) and the local
 * journal, newest first. "restore" (guint fields, PdBillingProfile *values): the user
 * asked to put @fields back to @values (a change's earlier values). */
GtkWidget *pd_history_page_new    (PdClient      *client,
                                   PdCustomer    *customer);
/* Reads it all again (after a submit: the new change comes at the top). */
void       pd_history_page_reload (PdHistoryPage *self);
/* Whether every source was read ("loading" is FALSE). */
gboolean   pd_history_page_get_loading (PdHistoryPage *self);

G_END_DECLS
