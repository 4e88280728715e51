/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-json.c: JSON written as text, where the sandbox's hot paths skip json-glib trees. */

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
pd_sandbox_json_append_self_link (GString    *out,
                                  const char *uri)
{
  g_string_append (out, "\"self\":{\"uri\":");
  pd_sandbox_json_append_string (out, uri);
  g_string_append (out, ",\"method\":\"GET\",\"headers\":[]}");
}
