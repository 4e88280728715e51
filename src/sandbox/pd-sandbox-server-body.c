/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-body.c: request bodies read as the service reads them, in camelCase. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-server-private.h"

/* json-glib's parser recurses once per level; the API's bodies nest four deep. */
#define MAX_JSON_DEPTH 64

/* Names the service knows, in their camelCase spelling: request bodies may use any case. */
static const char *known_names[] = {
  "id", "firstName", "middleName", "lastName", "email", "culture", "language", "companyName",
  "defaultAddress", "country", "region", "city", "state", "district", "addressLine1",
  "addressLine2", "addressLine3", "postalCode", "phoneNumber", "links", "self", "uri",
  "method", "headers", "key", "value", "attributes", "etag", "objectType",
};

static char *
camel_name (const char *name)
{
  char *out;

  for (gsize i = 0; i < G_N_ELEMENTS (known_names); i++)
    if (g_ascii_strcasecmp (known_names[i], name) == 0)
      return g_strdup (known_names[i]);

  out = g_strdup (name);
  out[0] = g_ascii_tolower (out[0]);
  return out;
}

/* A deep copy with camelCase member names and without null members: the service leaves
 * out null fields and answers in camelCase whatever case it was sent. */
static JsonNode *
camelize (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      g_autoptr(JsonObject) out = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      /* In the order sent, so what is stored reads like what the client wrote. */
      json_object_iter_init_ordered (&iter, in);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autofree char *camel = NULL;

          if (JSON_NODE_HOLDS_NULL (member))
            continue;
          camel = camel_name (name);
          json_object_set_member (out, camel, camelize (member));
        }
      return json_node_init_object (json_node_alloc (), out);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      g_autoptr(JsonArray) out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, camelize (json_array_get_element (in, i)));
      return json_node_init_array (json_node_alloc (), out);
    }

  return json_node_copy (node);
}

/* Whether @data nests arrays and objects deeper than MAX_JSON_DEPTH. json-glib's parser
 * recurses once per level: 80,000 brackets overflow the stack, so this scan comes first. */
gboolean
pd_sandbox_json_too_deep (const char *data,
                          gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      const char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return FALSE;
}

static void
respond_too_deep (PdSandboxRequest *req)
{
  g_autofree char *description =
    g_strdup_printf (ngettext ("The JSON in the request body is nested more than %d level deep.",
                               "The JSON in the request body is nested more than %d levels "
                               "deep.", MAX_JSON_DEPTH),
                     MAX_JSON_DEPTH);

  pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_INPUT,
                            description);
}

/* Parses a request body as a JSON object (leading BOM allowed). On failure it answers
 * (400, or 413 for a body over the limit) and returns NULL. */
JsonNode *
pd_sandbox_parse_body (PdSandboxRequest *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *data;
  gsize len;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &len);
  if (len > PD_SANDBOX_MAX_BODY_SIZE)
    {
      pd_sandbox_respond_too_large (req);
      return NULL;
    }
  if (data != NULL && len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;
  if (data != NULL && pd_sandbox_json_too_deep (data, len))
    {
      respond_too_deep (req);
      return NULL;
    }
  if (data == NULL
      || !json_parser_load_from_data (parser, data, len, NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_INPUT,
                                _("The request body is not a valid JSON object."));
      return NULL;
    }

  return camelize (json_parser_get_root (parser));
}

JsonNode *
pd_sandbox_parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}
