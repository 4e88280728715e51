/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-request.h: one Partner Center API call (internal to the core, not in pd-core.h). */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-client.h"
#include "pd-json.h"
#include "pd-response.h"

G_BEGIN_DECLS

typedef struct
{
  PdClient    *client;
  char        *method;
  char        *url;
  GPtrArray   *headers;           /* name, value, name, value, … */
  GBytes      *body;
  char        *request_id;        /* the same on every retry: the idempotency key */
  char        *correlation_id;
  gboolean     retry_answers;     /* GET-like: retry network errors, 5xx and 429 */
  gboolean     retry_unanswered;  /* PUT: retry only when nothing was answered */
  gboolean     resent_unanswered; /* a PUT went out again after getting no answer */
  gboolean     reauthorized;
  gboolean     slow;              /* retried after a stall: counted in PdClient:slow */
  guint        attempt;
  char        *token;
  SoupMessage *message;
} PdRequest;

PdRequest  *pd_request_new                    (PdClient            *client,
                                               const char          *method,
                                               char                *url,
                                               const char          *correlation_id);
void        pd_request_add_header             (PdRequest           *request,
                                               const char          *name,
                                               const char          *value);
void        pd_request_set_json_body          (PdRequest           *request,
                                               JsonObject          *object);
void        pd_request_send_async             (PdRequest           *request,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PdResponse *pd_request_send_finish            (GAsyncResult        *result,
                                               GError             **error);
PdRequest  *pd_request_from_result            (GAsyncResult        *result);

/* pd_request_send_finish() and then pd_response_to_model().
 * @response: (out) (optional) (nullable): the answer, whenever one came (a model or not)
 * Returns: (transfer full) (nullable) */
gpointer    pd_request_send_finish_model      (GAsyncResult        *result,
                                               PdModelFromJson      from_json,
                                               PdResponse         **response,
                                               GError             **error);

G_END_DECLS
