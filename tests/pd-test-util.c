/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-util.c: helpers for tests that talk to a real sandbox server. */

#include "config.h"

#define G_LOG_DOMAIN "pd-test-util"

#include <glib/gstdio.h>

#include "pd-test-util.h"

/* Removes the temporary database directory, SQLite's -wal/-shm files included. */
static void
remove_temp_dir (gpointer data)
{
  g_autofree char *path = data;
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

PdSandboxProcess *
pd_test_sandbox_start (guint       seed,
                       const char *first_extra_arg,
                       ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *database = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  PdSandboxProcess *sandbox;
  va_list args;

  dir = g_dir_make_tmp ("partner-desk-test-XXXXXX", &error);
  g_assert_no_error (error);
  database = g_build_filename (dir, "sandbox.db", NULL);

  g_strv_builder_add_many (builder, "--database", database, "--seed", seed_text, NULL);
  va_start (args, first_extra_arg);
  for (const char *arg = first_extra_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  sandbox = pd_sandbox_process_start_sync ((const char * const *) argv, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sandbox);

  /* Object data is cleared after the process's own finalize stopped the child. */
  g_object_set_data_full (G_OBJECT (sandbox), "pd-test-temp-dir",
                          g_steal_pointer (&dir), remove_temp_dir);

  return sandbox;
}

PdClient *
pd_test_client_new (PdSandboxProcess *sandbox)
{
  g_autoptr(PdTokenProvider) provider = NULL;
  PdClient *client;

  /* The GNOME proxy resolver reads GSettings, whose system schemas
   * G_TEST_OPTION_ISOLATE_DIRS hides (and the sandbox is on loopback anyway).
   * Must happen before the first connection picks the default resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  provider = pd_static_token_provider_new (pd_sandbox_process_get_token (sandbox));
  client = pd_client_new (pd_sandbox_process_get_base_url (sandbox), provider);
  pd_client_set_locale (client, "en-US");
  pd_client_set_retry_policy (client, 5, 10, 200);

  return client;
}

void
pd_test_wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

void
pd_test_store_result (GObject      *source,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  GAsyncResult **result = user_data;

  g_assert_null (*result);
  *result = g_object_ref (res);
}
