/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed.h: deterministic demo customers for a new sandbox database. */
#pragma once

#include <glib.h>

#include "pd-sandbox-store.h"

G_BEGIN_DECLS

/* Inserts @count demo customers in one transaction and marks the store seeded. The same
 * @count always gives the same customers (ids, names, addresses, etags). */
gboolean  pd_sandbox_seed_populate  (PdSandboxStore  *store,
                                     guint            count,
                                     GError         **error);

/* A new etag: a signed 64-bit number as text, as the service sends. */
char     *pd_sandbox_seed_new_etag  (GRand           *rand);

/* A GUID-shaped id from @rand. */
char     *pd_sandbox_seed_new_guid  (GRand           *rand);

G_END_DECLS
