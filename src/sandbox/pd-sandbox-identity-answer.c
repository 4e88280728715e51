/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-answer.c: forms in, answers out as Entra ID writes them. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-identity-private.h"

#define JSON_TYPE "application/json; charset=utf-8"

const char *
pd_sandbox_form_get (GHashTable *form,
                     const char *name)
{
  const char *value = form != NULL ? g_hash_table_lookup (form, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

GHashTable *
pd_sandbox_form_from_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (data == NULL || len == 0)
    return g_hash_table_new (g_str_hash, g_str_equal);
  text = g_strndup (data, len);

  return soup_form_decode (text);
}

GHashTable *
pd_sandbox_form_from_query (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (query == NULL)
    return g_hash_table_new (g_str_hash, g_str_equal);

  return soup_form_decode (query);
}

const char *
pd_sandbox_form_require (SoupServerMessage *msg,
                         GHashTable        *form,
                         const char        *name)
{
  const char *value = pd_sandbox_form_get (form, name);
  g_autofree char *description = NULL;

  if (value != NULL)
    return value;

  description = g_strdup_printf (_("The request body must contain the following parameter: "
                                   "'%s'."), name);
  pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                                  AADSTS_MISSING_PARAMETER, description);
  return NULL;
}

void
pd_sandbox_oauth_respond_json (SoupServerMessage *msg,
                               guint              status,
                               JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  char *text = json_to_string (node, FALSE);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Members may echo form fields, which can carry any bytes: JSON must be UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  /* Tokens must not end up in a cache. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_TAKE, text, strlen (text));
}

char *
pd_sandbox_oauth_error_text (guint       aadsts,
                             const char *description)
{
  /* Descriptions may quote what the client sent: answers must stay valid UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (description, -1);

  return g_strdup_printf ("AADSTS%u: %s", aadsts, valid);
}

char *
pd_sandbox_oauth_unknown_client_text (const char *client_id)
{
  return g_strdup_printf (_("Application with identifier '%s' was not found in the directory "
                            "'Sandbox'. This can happen if the application has not been "
                            "installed by the administrator of the tenant."), client_id);
}

/* Entra's error body. Descriptions follow the request's language, like every error the
 * sandbox sends; the app shows its own sentence for each error and keeps the code for
 * support. */
void
pd_sandbox_oauth_respond_error (SoupServerMessage *msg,
                                guint              status,
                                const char        *error,
                                guint              aadsts,
                                const char        *description)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = pd_sandbox_oauth_error_text (aadsts, description);
  g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");
  g_autofree char *trace_id = g_uuid_string_random ();
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *correlation = soup_message_headers_get_one (request_headers, "client-request-id");
  g_autofree char *new_correlation = NULL;
  JsonArray *codes = json_array_new ();

  if (correlation == NULL || !g_utf8_validate (correlation, -1, NULL))
    correlation = new_correlation = g_uuid_string_random ();
  json_array_add_int_element (codes, aadsts);
  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "error_description", text);
  json_object_set_array_member (object, "error_codes", codes);
  json_object_set_string_member (object, "timestamp", timestamp);
  json_object_set_string_member (object, "trace_id", trace_id);
  json_object_set_string_member (object, "correlation_id", correlation);
  pd_sandbox_oauth_respond_json (msg, status, object);
}

void
pd_sandbox_oauth_respond_invalid_grant (SoupServerMessage *msg,
                                        guint              aadsts,
                                        const char        *description)
{
  pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", aadsts,
                                  description);
}

void
pd_sandbox_oauth_respond_unknown_client (SoupServerMessage *msg,
                                         const char        *client_id)
{
  g_autofree char *description = pd_sandbox_oauth_unknown_client_text (client_id);

  pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client",
                                  AADSTS_APP_NOT_FOUND, description);
}

void
pd_sandbox_oauth_respond_not_allowed (SoupServerMessage *msg,
                                      const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
}
