/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-json-walker.c: the JSON walker and what is built on it agree on every input: the
 * walker, the tree reader, the object writer. */
#include "config.h"

#include <string.h>

#include "pd-fuzz.h"
#include "pd-json.h"

static gboolean
write_marker (GString    *out,
              const char *old_value,
              gsize       old_len,
              gpointer    data)
{
  g_string_append (out, "\"edited\"");
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GString) decoded = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *start = NULL, *stop = NULL;
  gboolean walked;
  PdJsonToken token;
  PdJsonWalker w;
  guint depth = 0;

  /* The walker: tokens inside the text, strings decode to UTF-8 without NUL, and the
   * containers nest as the tokens say. */
  pd_json_walker_init (&w, text, (gssize) size);
  while ((token = pd_json_walker_next (&w)) != PD_JSON_ERROR && token != PD_JSON_END)
    {
      gsize len;
      const char *raw = pd_json_walker_get_token (&w, &len);

      PD_FUZZ_CHECK (raw >= text && raw + len <= text + size && len > 0);
      if (start == NULL)
        start = raw;
      stop = raw + len;
      switch (token)
        {
        case PD_JSON_BEGIN_OBJECT:
        case PD_JSON_BEGIN_ARRAY:
          depth++;
          PD_FUZZ_CHECK (depth <= PD_JSON_MAX_DEPTH);
          break;
        case PD_JSON_END_OBJECT:
        case PD_JSON_END_ARRAY:
          PD_FUZZ_CHECK (depth > 0);
          depth--;
          break;
        case PD_JSON_NAME:
        case PD_JSON_STRING:
          PD_FUZZ_CHECK (raw[0] == '"' && raw[len - 1] == '"' && len >= 2);
          pd_json_walker_get_string (&w, decoded);
          PD_FUZZ_CHECK (g_utf8_validate (decoded->str, decoded->len, NULL));
          PD_FUZZ_CHECK (strlen (decoded->str) == decoded->len);
          break;
        default:
          break;
        }
    }
  walked = token == PD_JSON_END;
  PD_FUZZ_CHECK (!walked || depth == 0);
  PD_FUZZ_CHECK (pd_json_walker_get_offset (&w) <= size);

  /* The tree reader takes exactly what the walker takes. */
  root = pd_json_parse (text, (gssize) size, &error);
  PD_FUZZ_CHECK ((root != NULL) == walked);
  PD_FUZZ_CHECK ((root == NULL) == (error != NULL));
  if (root == NULL)
    return 0;

  /* What the tree writes (where no text was kept) is JSON again: never inf or nan. */
  {
    g_autoptr(GString) out = g_string_new (NULL);
    g_autoptr(JsonNode) again = NULL;
    g_autoptr(GError) again_error = NULL;

    pd_json_append_node (out, root);
    again = pd_json_parse (out->str, out->len, &again_error);
    PD_FUZZ_CHECK (again != NULL);
  }

  /* The object writer with nothing to edit gives the object's text back, byte for byte;
   * with an edit, JSON that has it. */
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(GString) same = g_string_new (NULL);
      g_autoptr(GString) edited = g_string_new (NULL);
      g_autoptr(JsonNode) edited_root = NULL;
      PdJsonEdit edit = { "id", TRUE, write_marker, NULL };

      PD_FUZZ_CHECK (pd_json_write_object (same, text, size, NULL, 0));
      PD_FUZZ_CHECK (same->len == (gsize) (stop - start));
      PD_FUZZ_CHECK (memcmp (same->str, start, same->len) == 0);

      PD_FUZZ_CHECK (pd_json_write_object (edited, text, size, &edit, 1));
      edited_root = pd_json_parse (edited->str, edited->len, NULL);
      PD_FUZZ_CHECK (edited_root != NULL);
      PD_FUZZ_CHECK (g_strcmp0 (pd_json_object_get_string_ci (json_node_get_object (edited_root),
                                                               "id"), "edited") == 0);
    }
  else
    {
      g_autoptr(GString) out = g_string_new ("x");

      PD_FUZZ_CHECK (!pd_json_write_object (out, text, size, NULL, 0));
      PD_FUZZ_CHECK (strcmp (out->str, "x") == 0);
    }

  return 0;
}
