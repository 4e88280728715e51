/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-object.c: tolerant lookups in json-glib objects (any-case names, number-or-string
 * values), camelCase copies, and the "NULL is empty" string rule the models share. */
#include "config.h"

#define G_LOG_DOMAIN "pd-json"

#include "pd-json-object.h"


JsonNode *
pd_json_object_get_member_ci (JsonObject *object,
                              const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member_node;
  JsonNode *found = NULL;
  guint n_found = 0;
  JsonNode *node;

  g_return_val_if_fail (name != NULL, NULL);

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node != NULL)
    return node;

  /* Models look up every field they know, so most misses are members that are simply
   * absent: walk the table itself (the ordered walk looks each member up again). Only
   * when two spellings match does the member order decide. */
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member_node))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      {
        found = member_node;
        n_found++;
      }
  if (n_found <= 1)
    return found;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member_name, &member_node))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      return member_node;
  return found;
}

/* The member @name (any case) when it is a node of @type, else NULL. */
static JsonNode *
get_member_of_type (JsonObject   *object,
                    const char   *name,
                    JsonNodeType  type)
{
  JsonNode *node = pd_json_object_get_member_ci (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == type ? node : NULL;
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
  JsonNode *node = get_member_of_type (object, name, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
pd_json_object_dup_string_ci (JsonObject *object,
                              const char *name)
{
  JsonNode *node = get_member_of_type (object, name, JSON_NODE_VALUE);
  GType type;

  if (node == NULL)
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
  JsonNode *node = get_member_of_type (object, name, JSON_NODE_OBJECT);

  return node != NULL ? json_node_get_object (node) : NULL;
}

JsonArray *
pd_json_object_get_array_ci (JsonObject *object,
                             const char *name)
{
  JsonNode *node = get_member_of_type (object, name, JSON_NODE_ARRAY);

  return node != NULL ? json_node_get_array (node) : NULL;
}

gboolean
pd_json_object_get_boolean_ci (JsonObject *object,
                               const char *name,
                               gboolean    fallback)
{
  JsonNode *node = get_member_of_type (object, name, JSON_NODE_VALUE);
  GType type;

  if (node == NULL)
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

void
pd_json_object_remove_member_ci (JsonObject *object,
                                 const char *name)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  JsonObjectIter iter;
  const char *member_name;

  g_return_if_fail (object != NULL);
  g_return_if_fail (name != NULL);

  /* Collect first: removing while iterating is not allowed. */
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, NULL))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      g_ptr_array_add (matches, g_strdup (member_name));
  for (guint i = 0; i < matches->len; i++)
    json_object_remove_member (object, g_ptr_array_index (matches, i));
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
