/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache.h: the local cache of a connection: the customer list and the accounts read, so
 * the app starts on the last list at once and reads them offline. Nothing secret in it. */
#pragma once

#include <gio/gio.h>

#include "pd-client.h"
#include "pd-customer.h"
#include "pd-customer-snapshot.h"

G_BEGIN_DECLS

/* Customers per call of a load's page function. */
#define PD_CACHE_LOAD_PAGE 2000

#define PD_TYPE_CACHE (pd_cache_get_type ())

G_DECLARE_FINAL_TYPE (PdCache, pd_cache, PD, CACHE, GObject)

/* The cache in @directory (created 0700; the file, cache.sqlite, 0600). Nothing is read or
 * written on the calling thread: one worker thread does it all, in the order asked. A
 * damaged or foreign file is set aside (cache.sqlite.damaged-<UTC time>) and a new one made. */
PdCache    *pd_cache_new                          (const char           *directory);
/* The cache of @client's connection, shared by everyone who asks while it lives: under the
 * user's cache directory, partner-desk/<pd_journal_dup_key_for_client()>/.
 * Returns: (transfer full) */
PdCache    *pd_cache_dup_for_client               (PdClient             *client);
const char *pd_cache_get_path                     (PdCache              *self);

/* The cached list, after every write asked before, delivered on the caller's thread-default
 * main context in pages (@page_func gets at most PD_CACHE_LOAD_PAGE customers, transfer
 * none; its total_count is 0) in the order of the folded company name
 * (pd_customer_table_fold_text(), then id): the first page is the top of the list's default
 * sort. @page_data_destroy is called before the callback. */
void        pd_cache_load_customers_async         (PdCache              *self,
                                                   PdCustomerPageFunc    page_func,
                                                   gpointer              page_data,
                                                   GDestroyNotify        page_data_destroy,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* @n_customers: (out) (optional): how many were delivered.
 * @updated_at: (out) (optional) (transfer full): the end of the last complete listing, NULL
 *   when there was none. An empty or unusable cache is 0 customers and no error. */
gboolean    pd_cache_load_customers_finish        (PdCache              *self,
                                                   GAsyncResult         *result,
                                                   guint                *n_customers,
                                                   GDateTime           **updated_at,
                                                   GError              **error);

/* A listing starts: from now on the cache remembers which customers arrive. */
void        pd_cache_begin_customers              (PdCache              *self);
/* Keeps (by id) the list values of @customers (element-type PdCustomer): id, relationship,
 * company name, domain, Microsoft ID. The array is referenced and read on the worker, so
 * neither it nor the customers may change afterwards. Written in batches of up to a few
 * thousand rows per transaction. */
void        pd_cache_add_customers                (PdCache              *self,
                                                   GPtrArray            *customers);
/* The list as @snapshot (of the list's table) has it, written as one listing on the
 * worker: @complete as for pd_cache_end_customers(). Nothing is copied here, and the
 * snapshot is immutable: the worker reads it when its turn comes, after the listing that
 * made it, so writing the cache never competes with the listing itself. */
void        pd_cache_write_customers              (PdCache              *self,
                                                   PdCustomerSnapshot   *snapshot,
                                                   gboolean              complete);
/* The listing ended. @complete: every customer came, so the customers not added since
 * pd_cache_begin_customers() go (with their accounts) and the update time becomes now.
 * Otherwise (stopped, failed) what came is kept, nothing goes and the update time stays. */
void        pd_cache_end_customers                (PdCache              *self,
                                                   gboolean              complete);

/* Keeps @customer's account as read now: its relationship, company and billing profiles
 * (a list item, which has no billing profile, is not kept). The billing profile's etag is
 * left out: an edit always starts from a fresh read, so a cached profile can never be PUT. */
void        pd_cache_store_customer               (PdCache              *self,
                                                   PdCustomer           *customer);
void        pd_cache_load_customer_async          (PdCache              *self,
                                                   const char           *customer_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* @read_at: (out) (optional) (transfer full): when it was read; NULL when not cached.
 * Returns: (nullable) (transfer full): the customer, NULL without an error when it is not
 *   cached. */
PdCustomer *pd_cache_load_customer_finish         (PdCache              *self,
                                                   GAsyncResult         *result,
                                                   GDateTime           **read_at,
                                                   GError              **error);
/* The cached billing profiles of @customer_ids read at or after @fresh_since (any age when
 * NULL), for an export with billing details. */
void        pd_cache_load_billing_profiles_async  (PdCache              *self,
                                                   const char * const   *customer_ids,
                                                   GDateTime            *fresh_since,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns: (transfer full) (element-type utf8 PdBillingProfile): customer id → profile,
 *   only the ids cached fresh enough. */
GHashTable *pd_cache_load_billing_profiles_finish (PdCache              *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Deletes everything this cache holds, after the writes asked before (the file goes, with
 * any damaged ones set aside; the cache stays usable, empty). */
void        pd_cache_clear                        (PdCache              *self);
/* Deletes the cache file of @client's connection, open or not (sign-out, account switch):
 * an open cache is cleared as by pd_cache_clear(), and this returns when the file is gone. */
void        pd_cache_delete_for_client            (PdClient             *client);
/* Blocks until every write asked before has been done (tests, quitting the app). */
void        pd_cache_sync                         (PdCache              *self);

G_END_DECLS
