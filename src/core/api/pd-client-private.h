/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-private.h: what pd-request.c and pd-customer-pager.c need of a PdClient, and
 * what the files of its calls (pd-client-*.c) share. */

#pragma once

#include <libsoup/soup.h>

#include "pd-client.h"
#include "pd-request.h"

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
/* A request was answered 429 (+1): how often that happened over the client's life, so a
 * caller running requests in parallel can see the service throttling it and slow down. */
void         pd_client_add_throttled    (PdClient   *self);
guint        pd_client_get_n_throttled  (PdClient   *self);
/* The most customer listings pd_client_list_all_customers_async() runs at once (default
 * PD_CLIENT_DEFAULT_MAX_STREAMS; 0 or 1: never in parallel). For the benchmark and tests. */
void         pd_client_set_max_streams  (PdClient   *self,
                                         guint       max_streams);
guint        pd_client_get_max_streams  (PdClient   *self);
/* A page of the real service takes about a second; loopback, a few milliseconds. */
#define PD_CLIENT_STREAMS_MIN_PAGE_TIME (100 * G_TIME_SPAN_MILLISECOND)
/* The listing goes parallel only when its first page took at least this long: a page
 * answered sooner means the client, not the round trip, sets the pace (loopback). */
void         pd_client_set_streams_min_page_time (PdClient *self,
                                                  gint64    usec);
gint64       pd_client_get_streams_min_page_time (PdClient *self);

/* Seconds of silence before a request counts as stalled (default 45; tests use 1). */
void         pd_client_set_io_timeout   (PdClient   *self,
                                         guint       seconds);
guint        pd_client_get_io_timeout   (PdClient   *self);
/* The largest answer body read, in bytes (default 32 MiB; tests use less). */
void         pd_client_set_max_response_size (PdClient *self,
                                              gsize     size);
gsize        pd_client_get_max_response_size (PdClient *self);

/* For the calls. */

/* The API root followed by the path @path_format makes (from its leading '/').
 * Returns: (transfer full) */
char        *pd_client_api_url          (PdClient   *self,
                                         const char *path_format,
                                         ...) G_GNUC_PRINTF (2, 3);
/* /customers/{@customer_id}@suffix on the API root, the id escaped.
 * Returns: (transfer full) */
char        *pd_client_customer_url     (PdClient   *self,
                                         const char *customer_id,
                                         const char *suffix);
/* Country rules fetched so far (ISO code → PdCountryRules), and the tasks waiting for a
 * fetch under way (ISO code → GPtrArray of GTask); NULL once the client is disposed. */
GHashTable  *pd_client_get_country_rules_cache   (PdClient *self);
GHashTable  *pd_client_get_country_rules_waiters (PdClient *self);
/* GETs @url (transfer full) and returns the model @from_json builds of the answer, on a
 * task of @self with @source_tag; finish with pd_client_task_finish(). */
void         pd_client_get_model_async  (PdClient            *self,
                                         char                *url,
                                         PdModelFromJson      from_json,
                                         gpointer             source_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The _finish of a call whose task of @self, tagged @source_tag, returns an object.
 * Returns: (transfer full) (nullable) */
gpointer     pd_client_task_finish      (PdClient            *self,
                                         GAsyncResult        *result,
                                         gpointer             source_tag,
                                         GError             **error);

G_END_DECLS
