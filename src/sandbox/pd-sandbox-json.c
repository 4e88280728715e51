/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-json.c: JSON as text where hot paths skip json-glib trees; lenient lookups. */

#include "config.h"

#include <string.h>

#include "pd-sandbox-json.h"

void
pd_sandbox_json_append_string (GString    *out,
                               const char *text)
{
  /* The characters with a short escape, and the letter after the backslash for each. */
  static const char escaped[] = "\"\\\n\r\t";
  static const char letters[] = "\"\\nrt";
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* Texts may echo a request's bytes (a path, a query): JSON must be UTF-8 whatever came. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      const char *short_escape;

      if (*p >= 0x20 && *p != '"' && *p != '\\')
        {
          g_string_append_c (out, (char) *p);
          continue;
        }
      short_escape = strchr (escaped, *p);
      if (short_escape != NULL)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, letters[short_escape - escaped]);
        }
      else
        g_string_append_printf (out, "\\u%04x", *p);
    }
  g_string_append_c (out, '"');
}

void
pd_sandbox_json_append_member (GString    *out,
                               const char *name,
                               const char *value)
{
  if (value == NULL)
    return;
  if (out->len > 0 && out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  pd_sandbox_json_append_string (out, name);
  g_string_append_c (out, ':');
  pd_sandbox_json_append_string (out, value);
}

void
pd_sandbox_json_append_next_link (GString    *out,
                                  const char *uri,
                                  const char *token)
{
  g_string_append (out, "\"next\":{\"uri\":");
  pd_sandbox_json_append_string (out, uri);
  g_string_append (out, ",\"method\":\"GET\",\"headers\":[{\"key\":\"MS-ContinuationToken\","
                        "\"value\":");
  pd_sandbox_json_append_string (out, token);
  g_string_append (out, "}]}");
}

char *
pd_sandbox_json_token_new (const char * const *fields)
{
  g_autofree char *payload = g_strjoinv ("|", (char **) fields);
  g_autofree char *encoded = g_base64_encode ((const guchar *) payload, strlen (payload));
  g_autofree char *nonce = g_uuid_string_random ();

  return g_strdup_printf ("%s,%s", nonce, encoded);
}

char **
pd_sandbox_json_token_read (const char *token,
                            const char *version,
                            guint       n_fields)
{
  const char *comma;
  g_autofree guchar *decoded = NULL;
  g_autofree char *payload = NULL;
  g_auto(GStrv) fields = NULL;
  gsize len = 0;

  if (token == NULL || (comma = strchr (token, ',')) == NULL)
    return NULL;
  decoded = g_base64_decode (comma + 1, &len);
  if (decoded == NULL || len == 0)
    return NULL;
  payload = g_strndup ((const char *) decoded, len);
  fields = g_strsplit (payload, "|", n_fields);
  if (g_strv_length (fields) != n_fields || strcmp (fields[0], version) != 0
      || !g_utf8_validate (fields[n_fields - 1], -1, NULL))
    return NULL;

  return g_steal_pointer (&fields);
}

const char *
pd_sandbox_json_get_string_ci (JsonObject *object,
                               const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member))
    if (g_ascii_strcasecmp (member_name, name) == 0
        && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
      return json_node_get_string (member);

  return NULL;
}

void
pd_sandbox_json_append_self_link (GString    *out,
                                  const char *uri)
{
  g_string_append (out, "\"self\":{\"uri\":");
  pd_sandbox_json_append_string (out, uri);
  g_string_append (out, ",\"method\":\"GET\",\"headers\":[]}");
}
