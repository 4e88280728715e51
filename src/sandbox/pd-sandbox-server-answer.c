/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-answer.c: the server's answers in the service's format, and request headers. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <glib/gi18n.h>

#include "pd-sandbox-json.h"
#include "pd-sandbox-server-private.h"

/* The reference's limit on an error description, in characters. */
#define MAX_DESCRIPTION 1024

void
pd_sandbox_respond (PdSandboxRequest *req,
                    guint             status,
                    GString          *body)
{
  gsize len = body->len;

  /* --corrupt-rate: a 200 whose JSON is cut off half-way, as a broken proxy would send. */
  if (req->corrupt && status == SOUP_STATUS_OK)
    len = len / 2;
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, PD_SANDBOX_JSON_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

void
pd_sandbox_respond_node (PdSandboxRequest *req,
                         guint             status,
                         JsonNode         *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  pd_sandbox_respond (req, status, g_string_new (text));
}

void
pd_sandbox_respond_collection (PdSandboxRequest    *req,
                               gint64               total,
                               GPtrArray           *rows,
                               guint                size,
                               gsize                item_size,
                               PdSandboxAppendItem  append_item,
                               GString             *links)
{
  GString *body = g_string_sized_new (item_size * MIN (rows->len, size) + links->len + 512);

  g_string_append_printf (body, "{\"totalCount\":%" G_GINT64_FORMAT ",\"items\":[", total);
  for (guint i = 0; i < rows->len && i < size; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      append_item (body, g_ptr_array_index (rows, i));
    }
  g_string_append (body, "],\"links\":{");
  g_string_append_len (body, links->str, links->len);
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Collection\"}}");
  g_string_free (links, TRUE);

  pd_sandbox_respond (req, SOUP_STATUS_OK, body);
}

void
pd_sandbox_respond_error (PdSandboxRequest *req,
                          guint             status,
                          int               code,
                          const char       *description)
{
  GString *body = g_string_new (NULL);
  /* Descriptions quote the path and the query, which may carry any bytes. */
  g_autofree char *valid = g_utf8_make_valid (description, -1);

  if (g_utf8_strlen (valid, -1) > MAX_DESCRIPTION)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, MAX_DESCRIPTION - 1);

      g_free (valid);
      valid = g_strconcat (head, "…", NULL);
    }

  g_string_append_printf (body, "{\"code\":%d,\"description\":", code);
  pd_sandbox_json_append_string (body, valid);
  g_string_append (body, ",\"data\":[],\"source\":\"PartnerFD\"}");
  pd_sandbox_respond (req, status, body);
}

void
pd_sandbox_respond_throttled (PdSandboxRequest *req)
{
  GString *body = g_string_new ("{\"statusCode\":429,\"message\":");
  g_autofree char *message = NULL;
  const guint seconds = 1;

  message = g_strdup_printf (ngettext ("Rate limit is exceeded. Try again in %u second.",
                                       "Rate limit is exceeded. Try again in %u seconds.",
                                       seconds),
                             seconds);
  pd_sandbox_json_append_string (body, message);
  g_string_append_c (body, '}');
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", "1");
  pd_sandbox_respond (req, 429, body);
}

void
pd_sandbox_respond_not_found (PdSandboxRequest *req)
{
  pd_sandbox_respond_error (req, SOUP_STATUS_NOT_FOUND, PD_SANDBOX_CODE_NOT_FOUND,
                            _("The requested resource was not found."));
}

void
pd_sandbox_respond_customer_not_found (PdSandboxRequest *req,
                                       const char       *id)
{
  g_autofree char *description = g_strdup_printf (_("Customer tenant “%s” was not found."), id);

  pd_sandbox_respond_error (req, SOUP_STATUS_NOT_FOUND, PD_SANDBOX_CODE_TENANT_NOT_FOUND,
                            description);
}

void
pd_sandbox_respond_method_not_allowed (PdSandboxRequest *req,
                                       const char       *allow)
{
  g_autofree char *description = g_strdup_printf (_("Method %s is not allowed here."),
                                                  soup_server_message_get_method (req->msg));

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Allow", allow);
  pd_sandbox_respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, PD_SANDBOX_CODE_NOT_FOUND,
                            description);
}

void
pd_sandbox_respond_internal (PdSandboxRequest *req,
                             const GError     *error)
{
  g_warning ("%s", error->message);
  pd_sandbox_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, 500, error->message);
}

void
pd_sandbox_respond_too_large (PdSandboxRequest *req)
{
  pd_sandbox_respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                            PD_SANDBOX_CODE_INVALID_INPUT,
                            _("The request body is too large: the limit is one megabyte."));
}

const char *
pd_sandbox_request_header (PdSandboxRequest *req,
                           const char       *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}
