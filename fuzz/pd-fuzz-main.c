/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-fuzz-main.c: runs a fuzz target over saved inputs without libFuzzer (any compiler),
 * so the seed corpus and every crash found are regression tests:
 *   fuzz-TARGET FILE_OR_DIRECTORY…
 * Each file of each directory is one input, in name order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd-fuzz.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

static guint
run_directory (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      n += g_file_test (file, G_FILE_TEST_IS_DIR) ? run_directory (file) : run_file (file);
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE_OR_DIRECTORY…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    n += g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? run_directory (argv[i])
                                                   : run_file (argv[i]);

  /* An empty corpus would pass without testing anything. */
  if (n == 0)
    {
      g_printerr ("%s: no inputs\n", argv[0]);
      return 1;
    }
  printf ("%s: %u inputs, no failure\n", argv[0], n);
  return 0;
}
