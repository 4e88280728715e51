/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-response.c: a 2xx answer's body as a JSON object or a model, errors with its ids. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include "pd-api-error.h"
#include "pd-response.h"

void
pd_response_free (PdResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->request_id, g_free);
  g_clear_pointer (&response->correlation_id, g_free);
  g_free (response);
}

/* Parses a 2xx body into an object; PROTOCOL (with the request's ids) otherwise. */
JsonNode *
pd_response_parse_object_filtered (PdResponse          *response,
                                   const PdJsonFilter  *filter,
                                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize len;

  data = g_bytes_get_data (response->body, &len);
  root = pd_json_parse_filtered (data != NULL ? data : "", (gssize) len, filter,
                                 &local_error);
  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      local_error = g_error_new_literal (PD_API_ERROR, PD_API_ERROR_PROTOCOL,
                                         "The answer is not a JSON object");
    }

  if (root == NULL)
    {
      g_propagate_error (error, pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status,
                                                  NULL, local_error->message,
                                                  response->request_id,
                                                  response->correlation_id));
      return NULL;
    }

  return g_steal_pointer (&root);
}

JsonNode *
pd_response_parse_object (PdResponse  *response,
                          GError     **error)
{
  return pd_response_parse_object_filtered (response, NULL, error);
}

/* Model constructors report their own errors; give them the request's ids. */
GError *
pd_response_protocol_error (PdResponse   *response,
                            const GError *model_error)
{
  return pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status, NULL,
                           model_error != NULL ? model_error->message
                                               : "Unexpected answer",
                           response->request_id, response->correlation_id);
}

gpointer
pd_response_to_model (PdResponse       *response,
                      PdModelFromJson   from_json,
                      GError          **error)
{
  g_autoptr(GError) model_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *raw;
  gsize len;
  gpointer model;

  root = pd_response_parse_object (response, error);
  if (root == NULL)
    return NULL;

  raw = g_bytes_get_data (response->body, &len);
  model = from_json (json_node_get_object (root), raw, len, &model_error);
  if (model == NULL)
    g_propagate_error (error, pd_response_protocol_error (response, model_error));
  return model;
}
