/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed.h: deterministic demo customers for a new sandbox database. */
#pragma once

#include <glib.h>

#include "pd-sandbox-store.h"

G_BEGIN_DECLS

/* Inserts @count demo customers in one transaction and marks the store seeded. The same
 * @count always gives the same customers (ids, names, addresses, etags). */
/* Gives the first demo customers of a database seeded without an activity log their
 * seeded history (nothing when it has records). */
gboolean  pd_sandbox_seed_backfill_history (PdSandboxStore *store,
                                            GError        **error);
gboolean  pd_sandbox_seed_populate  (PdSandboxStore  *store,
                                     guint            count,
                                     GError         **error);

/* pd-sandbox-seed-audit.c: the activity log of customer @customer_id over the last 80
 * days before @now_ticks, ending at its stored profile @billing_json: added (as
 * @old_company_name), a phone number changed, an order, renamed to @company_name, a
 * subscription changed, the contact e-mail changed. Draws from @rand. */
gboolean  pd_sandbox_seed_audit_customer (PdSandboxStore  *store,
                                          GRand           *rand,
                                          gint64           now_ticks,
                                          const char      *customer_id,
                                          const char      *company_name,
                                          const char      *old_company_name,
                                          const char      *billing_json,
                                          GError         **error);

/* A new etag: a signed 64-bit number as text, as the service sends. */
char     *pd_sandbox_seed_new_etag  (GRand           *rand);

/* A GUID-shaped id from @rand. */
char     *pd_sandbox_seed_new_guid  (GRand           *rand);

G_END_DECLS
