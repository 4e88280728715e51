/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-fields.c: string fields read from a JSON object and written back with only the
 * edited ones changed, shared by PdAddress and PdBillingProfile. */
#include "config.h"

#define G_LOG_DOMAIN "pd-json-fields"

#include "pd-json-fields-private.h"

void
pd_json_source_init (PdJsonSource *source,
                     JsonObject   *object,
                     const char   *raw,
                     gsize         raw_len)
{
  g_assert (object != NULL);
  g_assert (raw != NULL);

  source->object = pd_json_object_copy_camel (object);
  source->raw = g_strndup (raw, raw_len);
  source->raw_len = raw_len;
}

void
pd_json_source_copy (PdJsonSource       *dest,
                     const PdJsonSource *source)
{
  if (source->object != NULL)
    dest->object = pd_json_object_copy_camel (source->object);
  if (source->raw != NULL)
    {
      dest->raw = g_strndup (source->raw, source->raw_len);
      dest->raw_len = source->raw_len;
    }
}

void
pd_json_source_clear (PdJsonSource *source)
{
  g_clear_pointer (&source->object, json_object_unref);
  g_clear_pointer (&source->raw, g_free);
  source->raw_len = 0;
}

JsonObject *
pd_json_source_dup_unknown (const PdJsonSource *source,
                            const PdJsonField  *fields,
                            guint               n_fields)
{
  JsonObject *rest = pd_json_object_copy_camel (source->object);

  for (guint i = 0; i < n_fields; i++)
    pd_json_object_remove_member_ci (rest, fields[i].member);

  return rest;
}

GString *
pd_json_text_from_tree (JsonObject *object)
{
  GString *text = g_string_new (NULL);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  pd_json_append_node (text, node);
  return text;
}

JsonObject *
pd_json_tree_from_text (const GString *text)
{
  g_autoptr(JsonNode) node = pd_json_parse (text->str, text->len, NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

void
pd_json_fields_read (const PdJsonField  *fields,
                     guint               n_fields,
                     JsonObject         *object,
                     char              **values,
                     char              **read)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *value = pd_json_object_dup_string_ci (object, fields[i].member);

      /* "" is stored as NULL, as every setter does. */
      pd_set_string (&values[i], value);
      read[i] = g_strdup (values[i]);
    }
}

void
pd_json_fields_copy (guint          n_fields,
                     char * const  *values,
                     char * const  *read,
                     char         **copy_values,
                     char         **copy_read)
{
  for (guint i = 0; i < n_fields; i++)
    {
      copy_values[i] = g_strdup (values[i]);
      copy_read[i] = g_strdup (read[i]);
    }
}

void
pd_json_fields_free (guint   n_fields,
                     char  **values,
                     char  **read)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_free (values[i]);
      g_free (read[i]);
    }
}

guint
pd_json_fields_get_edits (const PdJsonField  *fields,
                          guint               n_fields,
                          char * const       *values,
                          char * const       *read,
                          PdJsonEdit         *edits)
{
  guint n_edits = 0;

  for (guint i = 0; i < n_fields; i++)
    if (!pd_str_equal0 (values[i], read[i]))
      edits[n_edits++] = (PdJsonEdit) { fields[i].member, TRUE, pd_json_write_string_value,
                                        values[i] };
  return n_edits;
}
