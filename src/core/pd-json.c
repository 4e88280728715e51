/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json.c: tolerant JSON reading (BOM, any-case names, number-or-string codes) and writing. */
#include "config.h"

#define G_LOG_DOMAIN "pd-json"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-api-error.h"
#include "pd-json.h"

const char *
pd_json_strip_bom (const char *data,
                   gssize     *len)
{
  gssize n;

  g_return_val_if_fail (len != NULL, data);

  if (data == NULL)
    return NULL;

  n = *len < 0 ? (gssize) strlen (data) : *len;
  if (n >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *len = n - 3;
      return data + 3;
    }

  *len = n;
  return data;
}

JsonNode *
pd_json_parse (const char  *data,
               gssize       len,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;
  JsonNode *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = pd_json_strip_bom (data != NULL ? data : "", &len);

  /* Mutable: callers may edit what they parse (the sandbox does, tests do). */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           local_error->message, NULL, NULL));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The server sent an empty answer."),
                                           NULL, NULL));
      return NULL;
    }

  return json_node_ref (root);
}

typedef struct
{
  const char *name;
  JsonNode *found;
} FindData;

static void
find_member_ci (JsonObject  *object,
                const char  *member_name,
                JsonNode    *member_node,
                gpointer     user_data)
{
  FindData *data = user_data;

  if (data->found == NULL && g_ascii_strcasecmp (member_name, data->name) == 0)
    data->found = member_node;
}

JsonNode *
pd_json_object_get_member_ci (JsonObject *object,
                              const char *name)
{
  FindData data = { name, NULL };
  JsonNode *node;

  g_return_val_if_fail (name != NULL, NULL);

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node != NULL)
    return node;

  json_object_foreach_member (object, find_member_ci, &data);
  return data.found;
}

gboolean
pd_json_object_has_member_ci (JsonObject *object,
                              const char *name)
{
  return pd_json_object_get_member_ci (object, name) != NULL;
}

const char *
pd_json_object_get_string_ci (JsonObject *object,
                              const char *name)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
pd_json_object_dup_string_ci (JsonObject *object,
                              const char *name)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");

  return NULL;
}

JsonObject *
pd_json_object_get_object_ci (JsonObject *object,
                              const char *name)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
pd_json_object_get_array_ci (JsonObject *object,
                             const char *name)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

gboolean
pd_json_object_get_boolean_ci (JsonObject *object,
                               const char *name,
                               gboolean    fallback)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_ascii_strcasecmp (s, "true") == 0)
        return TRUE;
      if (g_ascii_strcasecmp (s, "false") == 0)
        return FALSE;
    }

  return fallback;
}

char *
pd_json_dup_code (JsonObject *object)
{
  g_autofree char *code = pd_json_object_dup_string_ci (object, "code");

  if (code == NULL || *code == '\0')
    return NULL;

  return g_steal_pointer (&code);
}

typedef struct
{
  const char *name;
  gboolean keep_exact;
  GPtrArray *matches;
} RemoveData;

static void
collect_member_ci (JsonObject  *object,
                   const char  *member_name,
                   JsonNode    *member_node,
                   gpointer     user_data)
{
  RemoveData *data = user_data;

  if (g_ascii_strcasecmp (member_name, data->name) == 0
      && !(data->keep_exact && strcmp (member_name, data->name) == 0))
    g_ptr_array_add (data->matches, g_strdup (member_name));
}

static void
remove_members_ci (JsonObject *object,
                   const char *name,
                   gboolean    keep_exact)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  RemoveData data = { name, keep_exact, matches };

  /* Collect first: removing while iterating is not allowed. */
  json_object_foreach_member (object, collect_member_ci, &data);
  for (guint i = 0; i < matches->len; i++)
    json_object_remove_member (object, g_ptr_array_index (matches, i));
}

void
pd_json_object_remove_member_ci (JsonObject *object,
                                 const char *name)
{
  g_return_if_fail (object != NULL);
  g_return_if_fail (name != NULL);

  remove_members_ci (object, name, FALSE);
}

void
pd_json_object_remove_other_spellings (JsonObject *object,
                                       const char *name)
{
  g_return_if_fail (object != NULL);
  g_return_if_fail (name != NULL);

  remove_members_ci (object, name, TRUE);
}

static JsonNode *copy_node_camel (JsonNode *node);

static char *
camel_name (const char *name)
{
  char *copy = g_strdup (name);

  /* Only a leading ASCII capital followed by a lower-case letter is PascalCase; keep
   * acronyms like "ID" or "URL" as they are. */
  if (g_ascii_isupper (copy[0]) && (copy[1] == '\0' || !g_ascii_isupper (copy[1])))
    copy[0] = g_ascii_tolower (copy[0]);

  return copy;
}

static JsonObject *
copy_object_camel (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *name = camel_name (l->data);

      json_object_set_member (copy, name,
                              copy_node_camel (json_object_get_member (object, l->data)));
    }

  return copy;
}

static JsonNode *
copy_node_camel (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (copy, copy_object_camel (json_node_get_object (node)));
      return copy;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy_array = json_array_sized_new (json_array_get_length (array));
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy_array,
                                copy_node_camel (json_array_get_element (array, i)));
      json_node_take_array (copy, copy_array);
      return copy;
    }

  return json_node_copy (node);
}

JsonObject *
pd_json_object_copy_camel (JsonObject *object)
{
  if (object == NULL)
    return json_object_new ();

  return copy_object_camel (object);
}

void
pd_json_object_write_string (JsonObject *out,
                             JsonObject *source,
                             const char *name,
                             const char *value)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (name != NULL);

  /* Other spellings go; the camelCase member is replaced where it stands, so the
   * written object keeps the server's member order. */
  remove_members_ci (out, name, TRUE);

  if (value != NULL && *value != '\0')
    json_object_set_string_member (out, name, value);
  else if (pd_json_object_has_member_ci (source, name))
    json_object_set_null_member (out, name);
  else if (json_object_has_member (out, name))
    json_object_remove_member (out, name);
}

gboolean
pd_str_equal0 (const char *a,
               const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

gboolean
pd_set_string (char       **slot,
               const char  *value)
{
  g_assert (slot != NULL);

  if (pd_str_equal0 (*slot, value))
    return FALSE;

  g_free (*slot);
  *slot = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
  return TRUE;
}
