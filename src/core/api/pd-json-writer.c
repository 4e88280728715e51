/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-writer.c: JSON text out: strings and trees written compactly, and an object's
 * received text copied byte for byte with only the edited members' values replaced. */
#include "config.h"

#define G_LOG_DOMAIN "pd-json"

#include <math.h>

#include "pd-json-walker.h"
#include "pd-json-writer.h"

void
pd_json_append_string (GString    *out,
                       const char *value)
{
  const guchar *p = (const guchar *) value;

  g_string_append_c (out, '"');
  for (; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7F)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void write_node (GString  *out,
                        JsonNode *node);

void
pd_json_append_node (GString  *out,
                     JsonNode *node)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (node != NULL);

  write_node (out, node);
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            pd_json_append_string (out, name);
            g_string_append_c (out, ':');
            write_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            /* JSON has no infinity nor NaN (json-glib writes "inf.0"): a number too large
             * for a double is only met here when no source text was kept. */
            if (!isfinite (value))
              g_string_append (out, "null");
            else
              g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
          }
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          pd_json_append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/* Where the last token's raw text ends. */
static const guchar *
token_end (PdJsonWalker *w)
{
  gsize len;
  const char *token = pd_json_walker_get_token (w, &len);

  return (const guchar *) token + len;
}

/* The edit for the member @name (any spelling), marked in *@matched; NULL for none. */
static const PdJsonEdit *
find_edit (const PdJsonEdit *edits,
           guint             n_edits,
           const char       *name,
           guint64          *matched)
{
  for (guint i = 0; i < n_edits; i++)
    if (g_ascii_strcasecmp (edits[i].name, name) == 0)
      {
        *matched |= G_GUINT64_CONSTANT (1) << i;
        return &edits[i];
      }
  return NULL;
}

/* Appends the members to add (the edits with `add` that @matched has no bit for), each
 * after a ',' unless the object is still @empty. */
static void
append_new_members (GString          *out,
                    const PdJsonEdit *edits,
                    guint             n_edits,
                    guint64           matched,
                    gboolean          empty)
{
  for (guint i = 0; i < n_edits; i++)
    {
      gsize before;

      if ((matched & (G_GUINT64_CONSTANT (1) << i)) != 0 || !edits[i].add)
        continue;
      before = out->len;
      g_string_append (out, empty ? "" : ",");
      pd_json_append_string (out, edits[i].name);
      g_string_append_c (out, ':');
      if (!edits[i].write (out, NULL, 0, edits[i].data))
        {
          /* Nothing to add after all. */
          g_string_truncate (out, before);
          continue;
        }
      empty = FALSE;
    }
}

gboolean
pd_json_write_object (GString          *out,
                      const char       *raw,
                      gsize             raw_len,
                      const PdJsonEdit *edits,
                      guint             n_edits)
{
  g_autoptr(GString) key = g_string_sized_new (32);
  guint64 matched = 0;
  const guchar *copied;
  const guchar *last_value_end;
  const guchar *close_end;
  gboolean empty = TRUE;
  PdJsonWalker w;
  PdJsonToken token;
  gsize out_len;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n_edits <= 64, FALSE);

  out_len = out->len;
  pd_json_walker_init (&w, raw, (gssize) raw_len);
  if (pd_json_walker_next (&w) != PD_JSON_BEGIN_OBJECT)
    return FALSE;
  copied = (const guchar *) pd_json_walker_get_token (&w, NULL);
  last_value_end = token_end (&w);

  while ((token = pd_json_walker_next (&w)) == PD_JSON_NAME)
    {
      const PdJsonEdit *edit;
      const char *value;
      gsize value_len;

      empty = FALSE;
      /* Every spelling of an edited field gets the new value under its own name, so
       * whichever spelling the service reads sees the edit, and no member is lost. */
      pd_json_walker_get_string (&w, key);
      edit = find_edit (edits, n_edits, key->str, &matched);

      token = pd_json_walker_next (&w);
      if (!pd_json_walker_skip (&w, token, &value, &value_len))
        {
          g_string_truncate (out, out_len);
          return FALSE;
        }
      if (edit != NULL)
        {
          g_string_append_len (out, (const char *) copied, (const guchar *) value - copied);
          edit->write (out, value, value_len, edit->data);
          copied = (const guchar *) value + value_len;
        }
      last_value_end = token_end (&w);
    }
  close_end = token_end (&w);
  if (token != PD_JSON_END_OBJECT || pd_json_walker_next (&w) != PD_JSON_END)
    {
      g_string_truncate (out, out_len);
      return FALSE;
    }

  /* Up to the end of the last member; new members go after it. */
  g_string_append_len (out, (const char *) copied, last_value_end - copied);
  append_new_members (out, edits, n_edits, matched, empty);
  /* The closing brace and the space before it, as received. */
  g_string_append_len (out, (const char *) last_value_end, close_end - last_value_end);
  return TRUE;
}

gboolean
pd_json_write_string_value (GString    *out,
                            const char *old_value,
                            gsize       old_len,
                            gpointer    data)
{
  const char *value = data;

  if (value == NULL || *value == '\0')
    {
      if (old_value == NULL)
        return FALSE;
      g_string_append (out, "null");
      return TRUE;
    }

  pd_json_append_string (out, value);
  return TRUE;
}
