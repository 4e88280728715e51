/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-csv-writer.c: fields and records of RFC 4180 CSV, as spreadsheet programs read them. */

#include "config.h"

#define G_LOG_DOMAIN "pd-csv-writer"

#include <string.h>

#include "pd-csv-writer.h"

static gboolean
needs_quotes (const char *value,
              gsize       length)
{
  if (length == 0)
    return FALSE;
  /* Spaces and tabs at the ends are data: quoted, no reader may trim them. */
  if (g_ascii_isspace (value[0]) || g_ascii_isspace (value[length - 1]))
    return TRUE;

  return strpbrk (value, ",\"\r\n") != NULL;
}

void
pd_csv_append_field (GString    *out,
                     const char *value)
{
  gsize length;

  g_return_if_fail (out != NULL);

  if (value == NULL)
    return;

  length = strlen (value);
  if (!needs_quotes (value, length))
    {
      g_string_append_len (out, value, length);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
pd_csv_append_record (GString            *out,
                      const char * const *fields,
                      gsize               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pd_csv_append_field (out, fields[i]);
    }
  g_string_append (out, PD_CSV_LINE_END);
}
