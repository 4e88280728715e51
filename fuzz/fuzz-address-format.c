/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-address-format.c: any address, from JSON or typed in, formats to UTF-8 lines with
 * no empty or padded line, and reads back from what it writes. */
#include "config.h"

#include <string.h>

#include "pd-address-private.h"
#include "pd-core.h"
#include "pd-fuzz.h"
#include "pd-json.h"

static void
check_format (PdAddress *address)
{
  g_autofree char *text = pd_address_format (address);
  g_auto(GStrv) lines = NULL;

  PD_FUZZ_CHECK (text != NULL);
  PD_FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
  if (*text == '\0')
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (lines[i]));

      PD_FUZZ_CHECK (*lines[i] != '\0');
      PD_FUZZ_CHECK (strcmp (stripped, lines[i]) == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static void (*const setters[]) (PdAddress *, const char *) = {
    pd_address_set_country, pd_address_set_region, pd_address_set_city,
    pd_address_set_state, pd_address_set_address_line1, pd_address_set_address_line2,
    pd_address_set_address_line3, pd_address_set_postal_code, pd_address_set_first_name,
    pd_address_set_middle_name, pd_address_set_last_name, pd_address_set_phone_number,
  };
  const char *text = (const char *) data;
  g_autoptr(JsonNode) root = pd_json_parse (text, (gssize) size, NULL);

  /* As read from the server. */
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(PdAddress) address = pd_address_new_from_json_text (json_node_get_object (root),
                                                                    text, size);
      g_autoptr(PdAddress) copy = pd_address_copy (address);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) again = NULL;

      check_format (address);
      PD_FUZZ_CHECK (pd_address_equal (address, copy));
      pd_address_set_city (copy, "Zürich");
      check_format (copy);
      pd_address_write (copy, out);
      again = pd_json_parse (out->str, out->len, NULL);
      PD_FUZZ_CHECK (again != NULL && JSON_NODE_HOLDS_OBJECT (again));
      PD_FUZZ_CHECK (g_strcmp0 (pd_json_object_get_string_ci (json_node_get_object (again),
                                                               "city"), "Zürich") == 0);
    }

  /* As typed into the form: the input's lines are the fields, in property order. */
  if (g_utf8_validate (text, (gssize) size, NULL) && memchr (text, '\0', size) == NULL)
    {
      g_autoptr(PdAddress) typed = pd_address_new ();
      g_autofree char *copy = g_strndup (text, size);
      g_auto(GStrv) fields = g_strsplit (copy, "\n", G_N_ELEMENTS (setters));

      for (guint i = 0; fields[i] != NULL; i++)
        setters[i] (typed, fields[i]);
      check_format (typed);
    }

  return 0;
}
