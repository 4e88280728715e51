/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-response.h: a Partner Center API call's 2xx answer (internal to the core). */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-json.h"

G_BEGIN_DECLS

typedef struct
{
  GBytes *body;
  guint   status;
  char   *request_id;
  char   *correlation_id;
} PdResponse;

void        pd_response_free                  (PdResponse          *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdResponse, pd_response_free)

/* The body as a JSON object (built as @filter says): PD_API_ERROR_PROTOCOL with the
 * answer's ids when it is not one.
 * Returns: (transfer full) (nullable) */
JsonNode   *pd_response_parse_object_filtered (PdResponse          *response,
                                               const PdJsonFilter  *filter,
                                               GError             **error);
JsonNode   *pd_response_parse_object          (PdResponse          *response,
                                               GError             **error);
/* A model constructor's @model_error (NULL: "Unexpected answer") with the answer's ids. */
GError     *pd_response_protocol_error        (PdResponse          *response,
                                               const GError        *model_error);

/* A model built from an answer's object; @raw is the answer's text, which models that are
 * written back keep. NULL with a PD_API_ERROR_PROTOCOL when the object is not one. */
typedef gpointer (*PdModelFromJson) (JsonObject  *object,
                                     const char  *raw,
                                     gsize        raw_len,
                                     GError     **error);
/* The model in a 2xx answer: NULL with PD_API_ERROR_PROTOCOL (and the request's ids) when
 * the body is not a JSON object or not the model.
 * Returns: (transfer full) (nullable) */
gpointer    pd_response_to_model              (PdResponse          *response,
                                               PdModelFromJson      from_json,
                                               GError             **error);

G_END_DECLS
