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

/* A request started (+1) or stopped (-1) being retried for slowness: drives :slow. */
void         pd_client_add_slow_request (PdClient   *self,
                                         int         delta);
/* Seconds of silence before a request counts as stalled (default 45; tests use 1). */
void         pd_client_set_io_timeout   (PdClient   *self,
                                         guint       seconds);
guint        pd_client_get_io_timeout   (PdClient   *self);
/* The largest answer body read, in bytes (default 32 MiB; tests use less). */
void         pd_client_set_max_response_size (PdClient *self,
                                              gsize     size);
gsize        pd_client_get_max_response_size (PdClient *self);

G_END_DECLS
