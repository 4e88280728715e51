/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-batch.h: the billing profiles of many customers, read a few at a time. */
#pragma once

#include <gio/gio.h>

#include "pd-client.h"

G_BEGIN_DECLS

/* At most this many reads at once: the service throttles a partner, not a request. */
#define PD_BILLING_BATCH_MAX_IN_FLIGHT 4

/* @done: profiles read or given up on so far, of @total. Called on the main context. */
typedef void (*PdBillingBatchProgress) (guint    done,
                                        guint    total,
                                        gpointer user_data);

/* Reads the billing profile of each of @customer_ids, at most @max_in_flight at once.
 * A read still throttled after the client's own retries (429) waits and is tried again,
 * with the other reads held back meanwhile; a read that fails otherwise is counted, not
 * fatal. */
void        pd_billing_batch_read_async  (PdClient               *client,
                                          const char * const     *customer_ids,
                                          guint                   max_in_flight,
                                          PdBillingBatchProgress  progress,
                                          gpointer                progress_data,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);
/* Returns: (transfer full): id → PdBillingProfile of the profiles read; *n_failed (may be
 * NULL) is set to how many could not be read. Fails only when cancelled. */
GHashTable *pd_billing_batch_read_finish (PdClient               *client,
                                          GAsyncResult           *result,
                                          guint                  *n_failed,
                                          GError                **error);

G_END_DECLS
