/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-billing-round-trip.c: a billing profile read and written back is its text as
 * received, byte for byte; after edits, every member not edited still is, in order. */
#include "config.h"

#include <string.h>

#include "pd-core.h"
#include "pd-fuzz.h"
#include "pd-json.h"

typedef struct
{
  char  *name;   /* decoded */
  char  *value;  /* raw text */
} Member;

static void
member_free (gpointer data)
{
  Member *member = data;

  g_free (member->name);
  g_free (member->value);
  g_free (member);
}

/* The top-level members of the object @text, as written. */
static GPtrArray *
members_of (const char *text,
            gsize       len)
{
  GPtrArray *members = g_ptr_array_new_with_free_func (member_free);
  g_autoptr(GString) name = g_string_new (NULL);
  PdJsonWalker w;
  PdJsonToken token;

  pd_json_walker_init (&w, text, (gssize) len);
  PD_FUZZ_CHECK (pd_json_walker_next (&w) == PD_JSON_BEGIN_OBJECT);
  while ((token = pd_json_walker_next (&w)) == PD_JSON_NAME)
    {
      Member *member = g_new0 (Member, 1);
      const char *value;
      gsize value_len;

      pd_json_walker_get_string (&w, name);
      PD_FUZZ_CHECK (pd_json_walker_skip (&w, pd_json_walker_next (&w), &value, &value_len));
      member->name = g_strdup (name->str);
      member->value = g_strndup (value, value_len);
      g_ptr_array_add (members, member);
    }
  PD_FUZZ_CHECK (token == PD_JSON_END_OBJECT);
  return members;
}

static gboolean
is_edited (const char *name)
{
  return g_ascii_strcasecmp (name, "firstName") == 0 ||
         g_ascii_strcasecmp (name, "defaultAddress") == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(JsonNode) root = pd_json_parse (text, (gssize) size, NULL);
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) copy = NULL;
  g_autoptr(PdBillingProfile) read_back = NULL;
  g_autoptr(GString) same = g_string_new (NULL);
  g_autoptr(GString) edited = g_string_new (NULL);
  g_autoptr(JsonNode) edited_root = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  guint j = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  profile = pd_billing_profile_new_from_json_text (json_node_get_object (root), text, size, NULL);
  if (profile == NULL)
    return 0;

  /* Unedited: the text as received, from its '{' to its '}'. */
  pd_billing_profile_write (profile, same);
  before = members_of (text, size);
  after = members_of (same->str, same->len);
  PD_FUZZ_CHECK (before->len == after->len);
  {
    gssize len = (gssize) size;
    const char *start = pd_json_strip_bom (text, &len);

    /* Only space around the object, and the BOM, are not in the body. */
    while (len > 0 && strchr (" \t\r\n", start[len - 1]) != NULL)
      len--;
    while (len > 0 && strchr (" \t\r\n", *start) != NULL)
      start++, len--;
    PD_FUZZ_CHECK ((gsize) len == same->len && memcmp (start, same->str, same->len) == 0);
  }

  /* Edited in a copy, as the form does: the edited fields change, nothing else. */
  copy = pd_billing_profile_copy (profile);
  pd_billing_profile_set_first_name (copy, "Fuzz \"quoted\" \\ \xD0\xB8\xD0\xBC\xD1\x8F");
  pd_address_set_city (pd_billing_profile_get_default_address (copy), "Fuzzville");
  pd_billing_profile_write (copy, edited);
  edited_root = pd_json_parse (edited->str, edited->len, NULL);
  PD_FUZZ_CHECK (edited_root != NULL && JSON_NODE_HOLDS_OBJECT (edited_root));

  g_clear_pointer (&after, g_ptr_array_unref);
  after = members_of (edited->str, edited->len);
  for (guint i = 0; i < before->len; i++)
    {
      Member *was = g_ptr_array_index (before, i);
      Member *is;

      PD_FUZZ_CHECK (j < after->len);
      is = g_ptr_array_index (after, j++);
      PD_FUZZ_CHECK (strcmp (was->name, is->name) == 0);
      if (!is_edited (was->name))
        PD_FUZZ_CHECK (strcmp (was->value, is->value) == 0);
    }
  /* Added at the end: only what was edited. */
  for (; j < after->len; j++)
    PD_FUZZ_CHECK (is_edited (((Member *) g_ptr_array_index (after, j))->name));

  /* And read back, the edits are there. */
  read_back = pd_billing_profile_new_from_json_text (json_node_get_object (edited_root),
                                                     edited->str, edited->len, NULL);
  PD_FUZZ_CHECK (read_back != NULL);
  PD_FUZZ_CHECK (strcmp (pd_billing_profile_get_first_name (read_back),
                         pd_billing_profile_get_first_name (copy)) == 0);
  PD_FUZZ_CHECK (strcmp (pd_address_get_city (pd_billing_profile_get_default_address (read_back)),
                         "Fuzzville") == 0);
  PD_FUZZ_CHECK (strcmp (pd_billing_profile_get_etag (read_back),
                         pd_billing_profile_get_etag (profile)) == 0);

  return 0;
}
