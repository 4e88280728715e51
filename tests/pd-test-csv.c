/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-csv.c: a strict RFC 4180 reader of the tests' own, to read exported files back.
 * Written apart from the app's writer on purpose: a test must not read with the code it
 * checks. */

#include "config.h"

#include <string.h>

#include "pd-test-csv.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  char       *error;
} Reader;

static gboolean
fail (Reader     *reader,
      const char *what)
{
  reader->error = g_strdup_printf ("%s at byte %td", what, reader->p - reader->start);
  return FALSE;
}

/* A quoted field, from its opening quote to past its closing one. */
static gboolean
read_quoted (Reader  *reader,
             GString *field)
{
  reader->p++;
  for (;;)
    {
      if (reader->p >= reader->end)
        return fail (reader, "Unterminated quoted field");
      if (*reader->p == '"')
        {
          if (reader->p + 1 < reader->end && reader->p[1] == '"')
            {
              g_string_append_c (field, '"');
              reader->p += 2;
              continue;
            }
          reader->p++;
          return TRUE;
        }
      g_string_append_c (field, *reader->p++);
    }
}

static gboolean
read_plain (Reader  *reader,
            GString *field)
{
  while (reader->p < reader->end && *reader->p != ',' && *reader->p != '\r')
    {
      if (*reader->p == '"' || *reader->p == '\n')
        return fail (reader, "A quote or a bare LF in an unquoted field");
      g_string_append_c (field, *reader->p++);
    }
  return TRUE;
}

/* One record up to and including its CRLF. */
static GStrv
read_record (Reader *reader)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (;;)
    {
      g_autoptr(GString) field = g_string_new (NULL);
      gboolean ok = reader->p < reader->end && *reader->p == '"'
                    ? read_quoted (reader, field)
                    : read_plain (reader, field);

      if (!ok)
        return NULL;
      if (!g_utf8_validate (field->str, field->len, NULL))
        {
          fail (reader, "Invalid UTF-8");
          return NULL;
        }
      g_strv_builder_add (builder, field->str);

      if (reader->p < reader->end && *reader->p == ',')
        {
          reader->p++;
          continue;
        }
      if (reader->end - reader->p >= 2 && reader->p[0] == '\r' && reader->p[1] == '\n')
        {
          reader->p += 2;
          return g_strv_builder_end (builder);
        }
      fail (reader, "Expected a comma or CRLF after a field");
      return NULL;
    }
}

GPtrArray *
pd_test_csv_parse (const char  *text,
                   gsize        length,
                   char       **error_message)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Reader reader = { text, text, text + length, NULL };

  while (reader.p < reader.end)
    {
      GStrv record = read_record (&reader);

      if (record == NULL)
        {
          *error_message = reader.error;
          return NULL;
        }
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

GPtrArray *
pd_test_csv_read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 3);
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);

  records = pd_test_csv_parse (contents + 3, length - 3, &message);
  if (records == NULL)
    g_error ("%s: %s", path, message);

  return records;
}
