/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-util.c: helpers for tests that talk to a real sandbox server. */

#include "config.h"

#define G_LOG_DOMAIN "pd-test-util"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pd-test-util.h"

PdCustomer *
pd_test_customer_new (const char *id,
                      const char *name,
                      const char *domain,
                      const char *relationship)
{
  g_autoptr(PdCompanyProfile) company = pd_company_profile_new ();
  PdCustomer *customer = pd_customer_new ();

  pd_company_profile_set_tenant_id (company, id);
  pd_company_profile_set_domain (company, domain);
  pd_company_profile_set_company_name (company, name);
  pd_customer_set_id (customer, id);
  pd_customer_set_relationship (customer, relationship);
  pd_customer_set_company_profile (customer, company);

  return customer;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
pd_test_median (double *values,
                guint   n)
{
  g_return_val_if_fail (n > 0, 0);

  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void
pd_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR) && !g_file_test (file, G_FILE_TEST_IS_SYMLINK))
        pd_test_remove_dir (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

/* Removes the temporary database directory with the sandbox (object data destroy). */
static void
remove_temp_dir (gpointer data)
{
  g_autofree char *path = data;

  pd_test_remove_dir (path);
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
pd_test_client_new_for_url (const char      *base_url,
                            PdTokenProvider *provider)
{
  PdClient *client;

  /* The GNOME proxy resolver reads GSettings, whose system schemas
   * G_TEST_OPTION_ISOLATE_DIRS hides (and the servers are on loopback anyway).
   * Must happen before the first connection picks the default resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  client = pd_client_new (base_url, provider);
  pd_client_set_locale (client, "en-US");
  pd_client_set_retry_policy (client, 5, 10, 200);

  return client;
}

PdClient *
pd_test_client_new (PdSandboxProcess *sandbox)
{
  g_autoptr(PdTokenProvider) provider = NULL;

  provider = pd_static_token_provider_new (pd_sandbox_process_get_token (sandbox));
  return pd_test_client_new_for_url (pd_sandbox_process_get_base_url (sandbox), provider);
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

gboolean
pd_test_check_result_at (const char  *file,
                         int          line,
                         const char  *func,
                         gboolean     ok,
                         GError      *error,
                         GError     **caller_error)
{
  if (caller_error != NULL)
    {
      if (error != NULL)
        g_propagate_error (caller_error, error);
    }
  else if (error != NULL)
    g_assertion_message_error (G_LOG_DOMAIN, file, line, func, "error", error, 0, 0);
  else if (!ok)
    g_assertion_message_expr (G_LOG_DOMAIN, file, line, func, "the call succeeded");

  return ok;
}

PdCustomer *
pd_test_get_customer_at (const char  *file,
                         int          line,
                         const char  *func,
                         PdClient    *client,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *local_error = NULL;
  PdCustomer *customer;

  pd_client_get_customer_async (client, id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  customer = pd_client_get_customer_finish (client, result, &local_error);
  pd_test_check_result_at (file, line, func, TRUE, local_error, error);

  return customer;
}

PdBillingProfile *
pd_test_get_billing_at (const char  *file,
                        int          line,
                        const char  *func,
                        PdClient    *client,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *local_error = NULL;
  PdBillingProfile *profile;

  pd_client_get_billing_profile_async (client, id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  profile = pd_client_get_billing_profile_finish (client, result, &local_error);
  pd_test_check_result_at (file, line, func, TRUE, local_error, error);

  return profile;
}

PdBillingProfile *
pd_test_update_billing_at (const char        *file,
                           int                line,
                           const char        *func,
                           PdClient          *client,
                           const char        *id,
                           PdBillingProfile  *profile,
                           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *local_error = NULL;
  PdBillingProfile *stored;

  pd_client_update_billing_profile_async (client, id, profile, NULL, pd_test_store_result,
                                          &result);
  pd_test_wait_for_result (&result);
  stored = pd_client_update_billing_profile_finish (client, result, &local_error);
  pd_test_check_result_at (file, line, func, TRUE, local_error, error);

  return stored;
}

typedef struct
{
  const char *name;
  char       *id;     /* of the first customer named name */
} FindByName;

static void
find_by_name_page (GPtrArray *customers,
                   guint      total_count,
                   gpointer   user_data)
{
  FindByName *find = user_data;

  /* Pages arrive on the main thread: the test's default context. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  for (guint i = 0; i < customers->len && find->id == NULL; i++)
    if (g_strcmp0 (pd_customer_get_company_name (g_ptr_array_index (customers, i)),
                   find->name) == 0)
      find->id = g_strdup (pd_customer_get_id (g_ptr_array_index (customers, i)));
}

char *
pd_test_find_customer_id_at (const char *file,
                             int         line,
                             const char *func,
                             PdClient   *client,
                             const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  FindByName find = { name, NULL };

  pd_client_search_customers_async (client, PD_SEARCH_FIELD_COMPANY_NAME, name, 500,
                                    find_by_name_page, &find, NULL, NULL,
                                    pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  pd_test_check_result_at (file, line, func,
                           pd_client_search_customers_finish (client, result, NULL, &error),
                           error, NULL);
  if (find.id == NULL)
    g_assertion_message_expr (G_LOG_DOMAIN, file, line, func, "a customer of that name");

  return find.id;
}

SoupServer *
pd_test_local_server_new (SoupServerCallback   callback,
                          gpointer             user_data,
                          char               **base_url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  soup_server_add_handler (server, NULL, callback, user_data, NULL);
  uris = soup_server_get_uris (server);
  *base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return server;
}

void
pd_test_respond_json (SoupServerMessage *message,
                      guint              status,
                      const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

guint
pd_test_sandbox_post (SoupSession      *session,
                      PdSandboxProcess *sandbox,
                      const char       *path,
                      char             *form)
{
  g_autofree char *url = g_strconcat (pd_sandbox_process_get_base_url (sandbox), path, NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", pd_sandbox_process_get_token (sandbox));
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  message = soup_message_new_from_encoded_form ("POST", url, form != NULL ? form
                                                                          : g_strdup (""));
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                bearer);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (message);
}

void
pd_test_sandbox_end_sessions (SoupSession      *session,
                              PdSandboxProcess *sandbox)
{
  g_assert_cmpuint (pd_test_sandbox_post (session, sandbox, "/sandbox/revoke", NULL), ==,
                    SOUP_STATUS_OK);
  g_assert_cmpuint (pd_test_sandbox_post (session, sandbox, "/sandbox/expire", NULL), ==,
                    SOUP_STATUS_OK);
}

char *
pd_test_authorize_redirect (SoupSession *session,
                            SoupMessage *authorize)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *location;

  soup_message_add_flags (authorize, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, authorize, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (authorize), ==, SOUP_STATUS_FOUND);

  location = soup_message_headers_get_one (soup_message_get_response_headers (authorize),
                                           "Location");
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, "http://127.0.0.1:"));

  return g_strdup (location);
}
