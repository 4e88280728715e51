/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-table.h: the customer list's rows, kept compactly, sorted off the main
 * thread, published as immutable snapshots (pd-customer-snapshot.h). */
#pragma once

#include <gio/gio.h>

#include "pd-customer-snapshot.h"

G_BEGIN_DECLS

/* ---- The table: takes pages in on the main thread, works on its own thread ---- */

#define PD_TYPE_CUSTOMER_TABLE (pd_customer_table_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomerTable, pd_customer_table, PD, CUSTOMER_TABLE, GObject)

/* Snapshots are delivered ("published" signal) on the thread-default main context of
 * the caller, at most every @publish_interval_ms (0: after every change), and at most
 * every 10 ms per thousand customers (a second apart at 100,000); a flush or the end of a
 * load publishes at once. */
PdCustomerTable    *pd_customer_table_new               (guint                publish_interval_ms);
/* Hands @customers (PdCustomer) to the table's thread, which reads them there and drops
 * them: nobody may change them any more (a page's customers, just parsed, are nobody
 * else's). A customer already there (same id) takes the new values. Returns the serial
 * of this change. */
guint64             pd_customer_table_add               (PdCustomerTable     *self,
                                                         GPtrArray           *customers);
/* Makes room for @n_customers (the listing's totalCount, say) before they come; only a
 * hint: the table holds what comes, more or less. */
void                pd_customer_table_reserve           (PdCustomerTable     *self,
                                                         guint                n_customers);
/* From now on, remember which customers arrive, for pd_customer_table_finish_load(). */
void                pd_customer_table_begin_refresh     (PdCustomerTable     *self);
/* Publishes at once everything taken in. With @remove_unseen, customers that did not
 * arrive since pd_customer_table_begin_refresh() are removed (the refresh was complete).
 * Returns the serial the resulting snapshot carries. */
guint64             pd_customer_table_finish_load       (PdCustomerTable     *self,
                                                         gboolean             remove_unseen);
/* Publishes at once everything taken in (after a single change the user made). */
guint64             pd_customer_table_flush             (PdCustomerTable     *self);
/* The order the list shows. The snapshot that ends a load then comes first with that
 * order alone (built on two threads), and the same rows with every order right after it
 * (see pd_customer_snapshot_has_order()). */
void                pd_customer_table_set_shown_order   (PdCustomerTable     *self,
                                                         PdCustomerOrder      order);
/* The newest snapshot published to this thread (never NULL: empty at first). */
PdCustomerSnapshot *pd_customer_table_get_snapshot      (PdCustomerTable     *self);

G_END_DECLS
