/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-private.h: what pd-request.c and pd-customer-pager.c need of a PdClient. */

#pragma once

#include <libsoup/soup.h>

#include "pd-client.h"

G_BEGIN_DECLS

SoupSession *pd_client_get_session      (PdClient   *self);
void         pd_client_get_retry_policy (PdClient   *self,
                                         guint      *max_attempts,
                                         guint      *base_delay_ms,
                                         guint      *max_delay_ms);
/* Returns: (transfer full) (nullable): @uri resolved against the API root; %NULL when it
 * points to another host. */
char        *pd_client_resolve_link     (PdClient   *self,
                                         const char *uri);

G_END_DECLS
