/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-reader.c: JSON text into json-glib trees, flat records or one member's raw text,
 * all read with the walker; its syntax errors as translated PD_API_ERROR_PROTOCOL. */
#include "config.h"

#define G_LOG_DOMAIN "pd-json"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-api-error.h"
#include "pd-json-reader.h"
#include "pd-json-walker.h"

/* The error a walk stopped with, as a translated PD_API_ERROR_PROTOCOL. */
static GError *
walker_error (PdJsonWalker *w)
{
  g_autofree char *formatted = NULL;
  const char *message = NULL;

  switch (pd_json_walker_get_syntax (w))
    {
    case PD_JSON_SYNTAX_TRUNCATED:
      message = _("The server's answer ends in the middle of its JSON text.");
      break;
    case PD_JSON_SYNTAX_BAD_UTF8:
      /* Translators: %lu is a position in the server's answer, in bytes. */
      formatted = g_strdup_printf (_("The server's answer is not valid UTF-8 at byte %lu."),
                                   (unsigned long) pd_json_walker_get_offset (w));
      break;
    case PD_JSON_SYNTAX_TOO_DEEP:
      message = _("The server's answer nests its JSON too deeply.");
      break;
    case PD_JSON_SYNTAX_OK:
    case PD_JSON_SYNTAX_INVALID:
    default:
      /* Translators: %lu is a position in the server's answer, in bytes. */
      formatted = g_strdup_printf (_("The server's answer is not valid JSON at byte %lu."),
                                   (unsigned long) pd_json_walker_get_offset (w));
      break;
    }

  return pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                           formatted != NULL ? formatted : message, NULL, NULL);
}

/* The tree reader ------------------------------------------------------------------ */

typedef struct
{
  PdJsonWalker  walker;
  GString      *text;   /* scratch for string values */
  GPtrArray    *keys;   /* scratch GString per depth for member names */
} Reader;

static JsonNode *read_value (Reader             *reader,
                             PdJsonToken         token,
                             const PdJsonFilter *filter);

/* The NUMBER token just walked as an int node when it is a plain integer that fits. */
static JsonNode *
number_node (PdJsonWalker *w,
             GString      *scratch)
{
  gsize len;
  const guchar *p = (const guchar *) pd_json_walker_get_token (w, &len);
  const guchar *start = p;
  const guchar *end = p + len;
  gboolean negative = FALSE;
  guint64 magnitude = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  /* Plain integers up to 19 digits fit; the rest are doubles, as in json-glib. */
  if (end - p <= 19)
    {
      while (p < end && *p >= '0' && *p <= '9')
        magnitude = magnitude * 10 + (*p++ - '0');
      if (p == end &&
          magnitude <= (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
        return json_node_init_int (json_node_alloc (),
                                   negative ? (gint64) (0 - magnitude) : (gint64) magnitude);
    }

  g_string_truncate (scratch, 0);
  g_string_append_len (scratch, (const char *) start, end - start);
  return json_node_init_double (json_node_alloc (), g_ascii_strtod (scratch->str, NULL));
}

/* Whether @text (@len bytes) is @name (@name_len bytes), or ASCII case aside. */
static inline gboolean
text_equal (const char *text,
            gsize       len,
            const char *name,
            gsize       name_len,
            gboolean    ignore_case)
{
  if (len != name_len)
    return FALSE;
  return ignore_case ? g_ascii_strncasecmp (text, name, len) == 0
                     : memcmp (text, name, len) == 0;
}

/* The filter entry naming the current member, ignoring ASCII case, or NULL. */
static const PdJsonFilter *
filter_find (const PdJsonFilter *filter,
             const char         *name)
{
  for (; filter->name != NULL; filter++)
    if (g_ascii_strcasecmp (filter->name, name) == 0)
      return filter;
  return NULL;
}

static JsonNode *
read_object (Reader             *reader,
             const PdJsonFilter *filter)
{
  PdJsonWalker *w = &reader->walker;
  g_autoptr(JsonObject) object = json_object_new ();
  GString *key;
  PdJsonToken token;

  /* Arrays count as depth too, so there can be a gap to fill. */
  while (reader->keys->len < w->depth)
    g_ptr_array_add (reader->keys, g_string_sized_new (32));
  key = g_ptr_array_index (reader->keys, w->depth - 1);

  while ((token = pd_json_walker_next (w)) == PD_JSON_NAME)
    {
      const PdJsonFilter *entry = NULL;
      JsonNode *value;

      pd_json_walker_get_string (w, key);
      token = pd_json_walker_next (w);
      if (filter != NULL && (entry = filter_find (filter, key->str)) == NULL)
        {
          /* Checked like the rest, so a filtered answer fails where a full one
           * would; just not built. */
          if (!pd_json_walker_skip (w, token, NULL, NULL))
            return NULL;
          continue;
        }

      value = read_value (reader, token, entry != NULL ? entry->members : NULL);
      if (value == NULL)
        return NULL;
      /* A repeated name keeps the last value, as json-glib's parser does. */
      json_object_set_member (object, key->str, value);
    }

  if (token != PD_JSON_END_OBJECT)
    return NULL;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Reader             *reader,
            const PdJsonFilter *filter)
{
  g_autoptr(JsonArray) array = json_array_new ();
  PdJsonToken token;

  while ((token = pd_json_walker_next (&reader->walker)) != PD_JSON_END_ARRAY)
    {
      JsonNode *value = read_value (reader, token, filter);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);
    }

  return json_node_init_array (json_node_alloc (), array);
}

/* Builds the value whose first token is @token.
 * @filter: (nullable): applies to an object's members, or to an array's elements. */
static JsonNode *
read_value (Reader             *reader,
            PdJsonToken         token,
            const PdJsonFilter *filter)
{
  PdJsonWalker *w = &reader->walker;

  switch (token)
    {
    case PD_JSON_BEGIN_OBJECT:
      return read_object (reader, filter);
    case PD_JSON_BEGIN_ARRAY:
      return read_array (reader, filter);
    case PD_JSON_STRING:
      pd_json_walker_get_string (w, reader->text);
      return json_node_init_string (json_node_alloc (), reader->text->str);
    case PD_JSON_NUMBER:
      return number_node (w, reader->text);
    case PD_JSON_TRUE:
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case PD_JSON_FALSE:
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case PD_JSON_NULL:
      return json_node_init_null (json_node_alloc ());
    case PD_JSON_ERROR:
    case PD_JSON_END:
    case PD_JSON_NAME:
    case PD_JSON_END_OBJECT:
    case PD_JSON_END_ARRAY:
    default:
      /* The walker only gives a value token (or an error) where a value goes. */
      return NULL;
    }
}

static void
free_key_buffer (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
reader_init (Reader     *reader,
             const char *data,
             gssize      len)
{
  pd_json_walker_init (&reader->walker, data, len);
  reader->text = g_string_sized_new (256);
  reader->keys = g_ptr_array_new_with_free_func (free_key_buffer);
}

static void
reader_clear (Reader *reader)
{
  g_string_free (reader->text, TRUE);
  g_ptr_array_unref (reader->keys);
}

JsonNode *
pd_json_parse (const char  *data,
               gssize       len,
               GError     **error)
{
  return pd_json_parse_filtered (data, len, NULL, error);
}

JsonNode *
pd_json_parse_filtered (const char          *data,
                        gssize               len,
                        const PdJsonFilter  *filter,
                        GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  Reader reader;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader_init (&reader, data, len);
  if (pd_json_walker_is_at_end (&reader.walker))
    {
      reader_clear (&reader);
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The server sent an empty answer."),
                                           NULL, NULL));
      return NULL;
    }

  root = read_value (&reader, pd_json_walker_next (&reader.walker), filter);
  if (root != NULL && pd_json_walker_next (&reader.walker) != PD_JSON_END)
    g_clear_pointer (&root, json_node_unref);
  if (root == NULL)
    g_propagate_error (error, walker_error (&reader.walker));

  reader_clear (&reader);
  return g_steal_pointer (&root);
}

/* Flat records: a list page's customers straight into models, no tree in between. */

/* Reads the object whose '{' was just walked as the fields whose parent is @level. FALSE
 * when the record is not plain (or not JSON): the tree path decides then. */
static gboolean
read_record (Reader                  *reader,
             const PdJsonRecordField *fields,
             guint                    n_fields,
             int                      level,
             char                   **values,
             guint32                 *present)
{
  PdJsonWalker *w = &reader->walker;
  PdJsonToken token;

  while ((token = pd_json_walker_next (w)) == PD_JSON_NAME)
    {
      int field = -1;
      gboolean other_spelling = FALSE;
      gsize len;
      const char *name = pd_json_walker_get_text (w, reader->text, &len);

      for (guint i = 0; i < n_fields && field < 0; i++)
        if (fields[i].parent == level)
          {
            gsize name_len = strlen (fields[i].name);

            if (text_equal (name, len, fields[i].name, name_len, FALSE))
              field = (int) i;
            else if (text_equal (name, len, fields[i].name, name_len, TRUE))
              other_spelling = TRUE;
          }

      token = pd_json_walker_next (w);
      if (field < 0)
        {
          /* Which spelling the model would take is the tree's business. */
          if (other_spelling || !pd_json_walker_skip (w, token, NULL, NULL))
            return FALSE;
          continue;
        }

      if ((*present & (1u << field)) != 0)
        return FALSE;
      *present |= 1u << field;

      switch (fields[field].kind)
        {
        case PD_JSON_FIELD_STRING:
          if (token == PD_JSON_STRING)
            {
              GString *text = reader->text;

              pd_json_walker_get_string (w, text);
              values[field] = g_strndup (text->str, text->len);
            }
          else if (token != PD_JSON_NULL)
            return FALSE;
          break;

        case PD_JSON_FIELD_OBJECT:
          if (token != PD_JSON_BEGIN_OBJECT ||
              !read_record (reader, fields, n_fields, field, values, present))
            return FALSE;
          break;

        case PD_JSON_FIELD_UNSUPPORTED:
        default:
          return FALSE;
        }
    }

  return token == PD_JSON_END_OBJECT;
}

static gboolean
read_records (Reader                  *reader,
              const PdJsonRecordField *fields,
              guint                    n_fields,
              PdJsonRecordFunc         func,
              gpointer                 user_data)
{
  char *values[32] = { NULL, };
  PdJsonToken token;

  if (pd_json_walker_next (&reader->walker) != PD_JSON_BEGIN_ARRAY)
    return FALSE;

  while ((token = pd_json_walker_next (&reader->walker)) == PD_JSON_BEGIN_OBJECT)
    {
      guint32 present = 0;
      gboolean go_on = FALSE;

      if (read_record (reader, fields, n_fields, -1, values, &present))
        go_on = func (values, present, user_data);
      for (guint i = 0; i < n_fields; i++)
        g_clear_pointer (&values[i], g_free);
      if (!go_on)
        return FALSE;
    }

  return token == PD_JSON_END_ARRAY;
}

gboolean
pd_json_read_records (const char               *data,
                      gssize                    len,
                      const char               *array_name,
                      const PdJsonRecordField  *fields,
                      guint                     n_fields,
                      const PdJsonFilter       *filter,
                      PdJsonRecordFunc          func,
                      gpointer                  user_data,
                      JsonNode                **root)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) key = NULL;
  gsize array_name_len;
  gboolean seen_array = FALSE;
  gboolean ok = FALSE;
  PdJsonToken token;
  Reader reader;

  g_return_val_if_fail (array_name != NULL, FALSE);
  g_return_val_if_fail (fields != NULL && n_fields <= 32, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (root != NULL && *root == NULL, FALSE);

  array_name_len = strlen (array_name);
  reader_init (&reader, data, len);
  key = g_string_sized_new (32);
  if (pd_json_walker_next (&reader.walker) != PD_JSON_BEGIN_OBJECT)
    goto out;
  object = json_object_new ();

  while ((token = pd_json_walker_next (&reader.walker)) == PD_JSON_NAME)
    {
      const PdJsonFilter *entry;
      gsize text_len;
      const char *text = pd_json_walker_get_text (&reader.walker, key, &text_len);

      if (text_equal (text, text_len, array_name, array_name_len, FALSE))
        {
          if (seen_array)
            goto out;
          seen_array = TRUE;
          if (!read_records (&reader, fields, n_fields, func, user_data))
            goto out;
          continue;
        }
      if (text_equal (text, text_len, array_name, array_name_len, TRUE))
        goto out;

      pd_json_walker_get_string (&reader.walker, key);
      entry = filter != NULL ? filter_find (filter, key->str) : NULL;
      token = pd_json_walker_next (&reader.walker);
      if (entry != NULL)
        {
          JsonNode *value = read_value (&reader, token, entry->members);

          if (value == NULL)
            goto out;
          json_object_set_member (object, key->str, value);
        }
      else if (!pd_json_walker_skip (&reader.walker, token, NULL, NULL))
        goto out;
    }

  ok = token == PD_JSON_END_OBJECT && pd_json_walker_next (&reader.walker) == PD_JSON_END &&
       seen_array;
  if (ok)
    *root = json_node_init_object (json_node_alloc (), object);

out:
  reader_clear (&reader);
  return ok;
}

/* A member's raw text, found as the tree finds it ---------------------------------- */

gboolean
pd_json_find_member (const char  *data,
                     gsize        len,
                     const char  *name,
                     const char **value,
                     gsize       *value_len)
{
  g_autoptr(GString) key = g_string_sized_new (32);
  g_autofree char *ci_spelling = NULL;
  const char *exact = NULL, *ci = NULL;
  gsize exact_len = 0, ci_len = 0;
  PdJsonWalker w;
  PdJsonToken token;

  g_return_val_if_fail (name != NULL, FALSE);

  pd_json_walker_init (&w, data, (gssize) len);
  if (pd_json_walker_next (&w) != PD_JSON_BEGIN_OBJECT)
    return FALSE;

  /* The tree's rule (pd_json_object_get_member_ci): the exact spelling first, else the
   * first other spelling in member order; a repeated name keeps its last value. */
  while ((token = pd_json_walker_next (&w)) == PD_JSON_NAME)
    {
      gboolean is_exact, is_ci;
      const char *start;
      gsize span;

      pd_json_walker_get_string (&w, key);
      is_exact = strcmp (key->str, name) == 0;
      is_ci = !is_exact && g_ascii_strcasecmp (key->str, name) == 0 &&
              (ci_spelling == NULL || strcmp (ci_spelling, key->str) == 0);
      token = pd_json_walker_next (&w);
      if (!pd_json_walker_skip (&w, token, &start, &span))
        return FALSE;
      if (is_exact)
        exact = start, exact_len = span;
      else if (is_ci)
        {
          if (ci_spelling == NULL)
            ci_spelling = g_strdup (key->str);
          ci = start, ci_len = span;
        }
    }
  if (token != PD_JSON_END_OBJECT)
    return FALSE;

  if (exact == NULL && ci == NULL)
    return FALSE;
  if (value != NULL)
    *value = exact != NULL ? exact : ci;
  if (value_len != NULL)
    *value_len = exact != NULL ? exact_len : ci_len;
  return TRUE;
}
