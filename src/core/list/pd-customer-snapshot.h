/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-snapshot.h: the customer list's rows as the main thread sees them: immutable
 * snapshots of the customer table (pd-customer-table.h), their values, and searching them. */
#pragma once

#include <gio/gio.h>

#include "pd-customer.h"

G_BEGIN_DECLS

/* The orders a snapshot keeps (the list's columns). */
typedef enum
{
  PD_CUSTOMER_ORDER_COMPANY_NAME,
  PD_CUSTOMER_ORDER_DOMAIN,
  PD_CUSTOMER_ORDER_TENANT_ID,
  PD_CUSTOMER_ORDER_RELATIONSHIP,
  PD_CUSTOMER_N_ORDERS
} PdCustomerOrder;

/* The most rows one table holds: beyond this a server is not sending customers. */
#define PD_CUSTOMER_TABLE_MAX_ROWS (16u * 1024u * 1024u)

/* One customer's list values, pointing into a snapshot (valid while it is held). */
typedef struct
{
  const char *id;
  const char *company_name;
  const char *domain;
  const char *tenant_id;
  const char *relationship;
} PdCustomerRowValues;

/* What a refresh changed: customers that came new, that came with other values (renamed,
 * say), and that did not come again (removed; only when the refresh was complete). */
typedef struct
{
  guint added;
  guint changed;
  guint removed;
} PdCustomerRefreshChanges;

/* ---- Snapshots: what the list shows, immutable and safe to read from any thread ---- */

typedef struct _PdCustomerSnapshot PdCustomerSnapshot;

#define PD_TYPE_CUSTOMER_SNAPSHOT (pd_customer_snapshot_get_type ())

GType               pd_customer_snapshot_get_type       (void) G_GNUC_CONST;
PdCustomerSnapshot *pd_customer_snapshot_ref            (PdCustomerSnapshot  *self);
void                pd_customer_snapshot_unref          (PdCustomerSnapshot  *self);
/* Customers in the snapshot (rows replaced or removed are not counted). */
guint               pd_customer_snapshot_get_n_customers (PdCustomerSnapshot *self);
/* The row index space: row indices are < this. */
guint               pd_customer_snapshot_get_n_rows     (PdCustomerSnapshot  *self);
/* The serial of the last change the table had taken in when it made this snapshot. */
guint64             pd_customer_snapshot_get_serial     (PdCustomerSnapshot  *self);
/* Row indices of every customer, ascending in @order (n_customers entries); NULL when
 * the snapshot lacks @order (see pd_customer_snapshot_has_order()). */
const guint32      *pd_customer_snapshot_get_order      (PdCustomerSnapshot  *self,
                                                         PdCustomerOrder      order);
/* Whether the snapshot has @order. Every snapshot has every order, but for one: told what
 * the list shows (pd_customer_table_set_shown_order()), the table ends a load with a
 * snapshot that has only that order, and right after it another with the same rows and
 * every order. */
gboolean            pd_customer_snapshot_has_order      (PdCustomerSnapshot  *self,
                                                         PdCustomerOrder      order);
gboolean            pd_customer_snapshot_row_is_current (PdCustomerSnapshot  *self,
                                                         guint                row);
void                pd_customer_snapshot_get_values     (PdCustomerSnapshot  *self,
                                                         guint                row,
                                                         PdCustomerRowValues *values);
/* A new PdCustomer with the row's values (what the list's cells and pages use). */
PdCustomer         *pd_customer_snapshot_new_customer   (PdCustomerSnapshot  *self,
                                                         guint                row);
/* TRUE for the snapshot that ends a refresh (pd_customer_table_finish_load() after
 * pd_customer_table_begin_refresh()), with what the refresh changed in @changes. */
gboolean            pd_customer_snapshot_get_refresh_changes (PdCustomerSnapshot       *self,
                                                              PdCustomerRefreshChanges *changes);
/* Row numbers of the two snapshots name the same customers (one table made both). */
gboolean            pd_customer_snapshot_same_table     (PdCustomerSnapshot  *self,
                                                         PdCustomerSnapshot  *other);
/* The current row of the customer @id, or G_MAXUINT. A scan: for one lookup, not many. */
guint               pd_customer_snapshot_find           (PdCustomerSnapshot  *self,
                                                         const char          *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCustomerSnapshot, pd_customer_snapshot_unref)

/* ---- Matches: the rows a search finds in one snapshot ---- */

typedef struct _PdCustomerMatches PdCustomerMatches;

PdCustomerMatches  *pd_customer_matches_ref             (PdCustomerMatches   *matches);
void                pd_customer_matches_unref           (PdCustomerMatches   *matches);
guint               pd_customer_matches_get_count       (PdCustomerMatches   *matches);
gboolean            pd_customer_matches_contains        (PdCustomerMatches   *matches,
                                                         guint                row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCustomerMatches, pd_customer_matches_unref)

/* The query as the search compares it (see pd_customer_fold_for_search()), with control
 * characters dropped and white space at the ends trimmed. Never NULL. */
char               *pd_customer_table_fold_query        (const char          *text);
/* How the table folds a value for search and sorting (what pd_customer_fold_for_search()
 * gives, control characters as spaces), for tests. */
char               *pd_customer_table_fold_text         (const char          *text);
/* Scans the current rows of @snapshot for @folded_query (from
 * pd_customer_table_fold_query(), not empty) in the company name, domain and Microsoft ID.
 * With @within (matches of a shorter query that @folded_query contains, in the same
 * snapshot) only those rows are scanned. Safe from any thread. Returns: (nullable): NULL
 * when @cancellable was cancelled. */
PdCustomerMatches  *pd_customer_snapshot_match          (PdCustomerSnapshot  *self,
                                                         const char          *folded_query,
                                                         PdCustomerMatches   *within,
                                                         GCancellable        *cancellable);
/* The matching rows in @order, ascending; *n_rows is set. Returns: (transfer full). */
guint32            *pd_customer_snapshot_collect        (PdCustomerSnapshot  *self,
                                                         PdCustomerOrder      order,
                                                         PdCustomerMatches   *matches,
                                                         guint               *n_rows);

G_END_DECLS
