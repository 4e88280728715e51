/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cache.c: the local cache in the core: the list's values and order, listings that end
 * whole or not, accounts and their age, files per connection, clearing, damaged files. */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-test-util.h"

static GThread *main_thread;

static PdCustomer *
list_customer (const char *id,
               const char *name,
               const char *domain)
{
  PdCustomer *customer = pd_customer_new ();
  PdCompanyProfile *company = pd_customer_get_company_profile (customer);
  g_autofree char *tenant = g_strdup_printf ("tenant-%s", id);

  pd_customer_set_id (customer, id);
  pd_customer_set_relationship (customer, "reseller");
  pd_company_profile_set_company_name (company, name);
  pd_company_profile_set_domain (company, domain);
  pd_company_profile_set_tenant_id (company, tenant);
  return customer;
}

static GPtrArray *
customers_array (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

typedef struct
{
  GPtrArray *customers;  /* all delivered, in order */
  guint      n_pages;
  gboolean   destroyed;
} Loaded;

static void
on_page (GPtrArray *customers,
         guint      total_count,
         gpointer   data)
{
  Loaded *loaded = data;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_false (loaded->destroyed);
  g_assert_cmpuint (customers->len, >, 0);
  g_assert_cmpuint (customers->len, <=, PD_CACHE_LOAD_PAGE);
  for (guint i = 0; i < customers->len; i++)
    g_ptr_array_add (loaded->customers, g_object_ref (g_ptr_array_index (customers, i)));
  loaded->n_pages++;
}

static void
on_page_data_destroyed (gpointer data)
{
  ((Loaded *) data)->destroyed = TRUE;
}

/* Loads the list; *updated_at set when not NULL. Returns: (transfer full) */
static GPtrArray *
load (PdCache    *cache,
      GDateTime **updated_at,
      guint      *n_pages)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = NULL;
  Loaded loaded = { customers_array (), 0, FALSE };
  guint n = G_MAXUINT;

  pd_cache_load_customers_async (cache, on_page, &loaded, on_page_data_destroyed, NULL,
                                 pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (loaded.destroyed);
  g_assert_true (pd_cache_load_customers_finish (cache, result, &n, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, loaded.customers->len);
  if (updated_at != NULL)
    *updated_at = g_steal_pointer (&date);
  if (n_pages != NULL)
    *n_pages = loaded.n_pages;
  return loaded.customers;
}

static PdCustomer *
find (GPtrArray  *customers,
      const char *id)
{
  for (guint i = 0; i < customers->len; i++)
    if (g_strcmp0 (pd_customer_get_id (g_ptr_array_index (customers, i)), id) == 0)
      return g_ptr_array_index (customers, i);
  return NULL;
}

static int
compare_by_folded_name (gconstpointer a,
                        gconstpointer b)
{
  PdCustomer *x = *(PdCustomer **) a, *y = *(PdCustomer **) b;
  g_autofree char *fx = pd_customer_table_fold_text (pd_customer_get_company_name (x));
  g_autofree char *fy = pd_customer_table_fold_text (pd_customer_get_company_name (y));
  int result = strcmp (fx, fy);

  return result != 0 ? result : strcmp (pd_customer_get_id (x), pd_customer_get_id (y));
}

static char *
cache_dir (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), "test-cache", name, NULL);
}

static gboolean
file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Runs @sql on the cache file behind the cache's back (the cache closed). */
static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A new database at @path (replacing the file there) made by @sql. */
static void
make_database (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
count_on_file (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* ------------------------------------------------------------------------------------- */

/* The list's values come back as written, in any script, in the folded name's order, from
 * the connection's file, private to the user. */
static void
test_round_trip (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("cache-token");
  g_autoptr(PdClient) client = pd_client_new ("http://127.0.0.1:9", provider);
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (client);
  g_autoptr(PdCache) again = pd_cache_dup_for_client (client);
  g_autoptr(GPtrArray) written = customers_array ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *directory = g_build_filename (g_get_user_cache_dir (), "partner-desk",
                                                 "demo", NULL);
  g_autofree char *expected = g_build_filename (directory, "cache.sqlite", NULL);
  GStatBuf st;

  g_assert_true (cache == again);
  g_assert_cmpstr (pd_cache_get_path (cache), ==, expected);

  /* Nothing cached yet: empty, never updated, no error. */
  loaded = load (cache, &updated_at, NULL);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_assert_null (updated_at);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  g_ptr_array_add (written, list_customer ("id-ru", "ООО «Ромашка»", "romashka.ru"));
  g_ptr_array_add (written, list_customer ("id-cn", "北京科技有限公司", "beijing.cn"));
  g_ptr_array_add (written, list_customer ("id-emoji", "Café 🚀 Ünïcode", "cafe.example"));
  g_ptr_array_add (written, list_customer ("id-en", "contoso", "contoso.com"));
  g_ptr_array_add (written, list_customer ("id-en2", "Contoso", "contoso2.com"));
  pd_cache_begin_customers (cache);
  pd_cache_add_customers (cache, written);
  pd_cache_end_customers (cache, TRUE);

  loaded = load (cache, &updated_at, NULL);
  g_assert_nonnull (updated_at);
  g_assert_cmpuint (loaded->len, ==, written->len);
  for (guint i = 0; i < written->len; i++)
    {
      PdCustomer *a = g_ptr_array_index (written, i);
      PdCustomer *b = find (loaded, pd_customer_get_id (a));

      g_assert_nonnull (b);
      g_assert_cmpstr (pd_customer_get_company_name (b), ==, pd_customer_get_company_name (a));
      g_assert_cmpstr (pd_customer_get_domain (b), ==, pd_customer_get_domain (a));
      g_assert_cmpstr (pd_customer_get_tenant_id (b), ==, pd_customer_get_tenant_id (a));
      g_assert_cmpstr (pd_customer_get_relationship (b), ==, "reseller");
      g_assert_null (pd_customer_get_billing_profile (b));
    }
  /* Folded: "contoso" and "Contoso" tie, so the id decides. */
  g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, 0)), ==, "id-emoji");
  g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, 1)), ==, "id-en");
  g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, 2)), ==, "id-en2");
  g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, 3)), ==, "id-ru");
  g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, 4)), ==, "id-cn");

  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (directory, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  /* WAL's side files get the file's mode too. */
  {
    g_autofree char *wal = g_strconcat (expected, "-wal", NULL);

    if (g_stat (wal, &st) == 0)
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  g_assert_cmpint (count_on_file (expected, "PRAGMA application_id"), !=, 0);
  g_assert_cmpint (count_on_file (expected, "PRAGMA user_version"), ==, 1);
}

/* Thousands of customers in pages of at most PD_CACHE_LOAD_PAGE, on the main thread, in
 * the order of the folded name then the id, as the list's default sort. */
static void
test_order (void)
{
  g_autofree char *directory = cache_dir ("order");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GPtrArray) written = customers_array ();
  g_autoptr(GPtrArray) loaded = NULL;
  static const char *const names[] = {
    "Яблоко", "яблоко", "Äpfel", "apple", "Zebra", "zebra ", "東京", "ß-Straße", "", "Ёлка",
    "Елка", "🙂 Smile", "1C", "Ω",
  };
  guint n_pages = 0;

  for (guint i = 0; i < 4321; i++)
    {
      /* Ids in another order than the names, unique by their end. */
      g_autofree char *id = g_strdup_printf ("%08x-%u", (i * 2654435761u) >> 4, i);
      g_autofree char *name = g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], i % 7);

      g_ptr_array_add (written, list_customer (id, name, "example.com"));
    }
  pd_cache_begin_customers (cache);
  for (guint i = 0; i < written->len; i += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (i + 500, written->len); j++)
        g_ptr_array_add (page, g_object_ref (g_ptr_array_index (written, j)));
      pd_cache_add_customers (cache, page);
    }
  pd_cache_end_customers (cache, TRUE);

  loaded = load (cache, NULL, &n_pages);
  g_assert_cmpuint (loaded->len, ==, written->len);
  g_assert_cmpuint (n_pages, ==, 3);
  g_ptr_array_sort (written, compare_by_folded_name);
  for (guint i = 0; i < written->len; i++)
    g_assert_cmpstr (pd_customer_get_id (g_ptr_array_index (loaded, i)), ==,
                     pd_customer_get_id (g_ptr_array_index (written, i)));
}

static void
add_named (PdCache            *cache,
           const char * const *ids)
{
  g_autoptr(GPtrArray) page = customers_array ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("Company %s", ids[i]);

      g_ptr_array_add (page, list_customer (ids[i], name, "example.com"));
    }
  pd_cache_add_customers (cache, page);
}

static char *
loaded_ids (PdCache    *cache,
            GDateTime **updated_at)
{
  g_autoptr(GPtrArray) loaded = load (cache, updated_at, NULL);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < loaded->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            pd_customer_get_id (g_ptr_array_index (loaded, i)));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* A complete listing replaces the list and dates it; one that stopped only adds. */
static void
test_listing (void)
{
  g_autofree char *directory = cache_dir ("listing");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) second = NULL;
  g_autoptr(GDateTime) third = NULL;
  g_autofree char *ids = NULL;

  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "a", "b", NULL });
  add_named (cache, (const char *[]) { "c", NULL });
  pd_cache_end_customers (cache, TRUE);
  ids = loaded_ids (cache, &first);
  g_assert_cmpstr (ids, ==, "a b c");
  g_assert_nonnull (first);
  g_clear_pointer (&ids, g_free);

  /* Stopped after "a" and a new "d": nothing goes, the date stays. */
  g_usleep (2000);
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "a", "d", NULL });
  pd_cache_end_customers (cache, FALSE);
  ids = loaded_ids (cache, &second);
  g_assert_cmpstr (ids, ==, "a b c d");
  g_assert_true (g_date_time_equal (first, second));
  g_clear_pointer (&ids, g_free);

  /* Whole: who did not come is gone (renamed ones move), and the date is now. */
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "d", NULL });
  {
    g_autoptr(GPtrArray) page = customers_array ();

    g_ptr_array_add (page, list_customer ("b", "AAA renamed", "example.com"));
    pd_cache_add_customers (cache, page);
  }
  pd_cache_end_customers (cache, TRUE);
  ids = loaded_ids (cache, &third);
  g_assert_cmpstr (ids, ==, "b d");
  g_assert_cmpint (g_date_time_compare (third, first), >, 0);
  g_clear_pointer (&ids, g_free);

  /* An end without a beginning deletes nothing. */
  pd_cache_end_customers (cache, TRUE);
  ids = loaded_ids (cache, NULL);
  g_assert_cmpstr (ids, ==, "b d");
}

static PdCustomer *
load_one (PdCache     *cache,
          const char  *id,
          GDateTime  **read_at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdCustomer *customer;

  pd_cache_load_customer_async (cache, id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  customer = pd_cache_load_customer_finish (cache, result, read_at, &error);
  g_assert_no_error (error);
  return customer;
}

static GHashTable *
load_billing (PdCache            *cache,
              const char * const *ids,
              GDateTime          *fresh_since)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *profiles;

  pd_cache_load_billing_profiles_async (cache, ids, fresh_since, NULL, pd_test_store_result,
                                        &result);
  pd_test_wait_for_result (&result);
  profiles = pd_cache_load_billing_profiles_finish (cache, result, &error);
  g_assert_no_error (error);
  return profiles;
}

static char *
file_text (const char *path)
{
  char *text = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  /* As one string for strstr, NULs and all. */
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  return text;
}

/* An account read from the sandbox comes back whole, with when it was read, but never its
 * etag. */
static void
test_profiles (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (30, NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autofree char *id = pd_test_find_customer_id (client, "ООО «Ромашка»");
  g_autoptr(PdCustomer) read = pd_test_get_customer (client, id, NULL);
  g_autoptr(PdCustomer) cached = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) read_at = NULL;
  g_autofree char *directory = cache_dir ("profiles");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autofree char *text = NULL;
  PdBillingProfile *billing, *cached_billing;
  PdAddress *address, *cached_address;
  const char *etag;

  billing = pd_customer_get_billing_profile (read);
  g_assert_nonnull (billing);
  etag = pd_billing_profile_get_etag (billing);
  g_assert_cmpstr (etag, !=, "");

  /* Not cached: NULL, no error. */
  g_assert_null (load_one (cache, id, &read_at));
  g_assert_null (read_at);

  pd_cache_store_customer (cache, read);
  cached = load_one (cache, id, &read_at);
  g_assert_nonnull (cached);
  g_assert_nonnull (read_at);
  g_assert_cmpint (g_date_time_compare (read_at, before), >=, 0);
  g_assert_cmpstr (pd_customer_get_id (cached), ==, id);
  g_assert_cmpstr (pd_customer_get_relationship (cached), ==,
                   pd_customer_get_relationship (read));
  g_assert_cmpstr (pd_customer_get_company_name (cached), ==, "ООО «Ромашка»");
  g_assert_cmpstr (pd_customer_get_domain (cached), ==, pd_customer_get_domain (read));
  g_assert_cmpstr (pd_customer_get_tenant_id (cached), ==, pd_customer_get_tenant_id (read));
  g_assert_cmpstr (pd_company_profile_get_email (pd_customer_get_company_profile (cached)),
                   ==, pd_company_profile_get_email (pd_customer_get_company_profile (read)));

  cached_billing = pd_customer_get_billing_profile (cached);
  g_assert_nonnull (cached_billing);
  /* Every field as read, the address too; the etag is not kept: no PUT from the cache. */
  g_assert_cmpuint (pd_billing_profile_diff (billing, cached_billing), ==, 0);
  address = pd_billing_profile_get_default_address (billing);
  cached_address = pd_billing_profile_get_default_address (cached_billing);
  g_assert_cmpstr (pd_address_get_city (cached_address), ==, pd_address_get_city (address));
  g_assert_cmpstr (pd_address_get_country (cached_address), ==,
                   pd_address_get_country (address));
  g_assert_cmpstr (pd_billing_profile_get_etag (cached_billing), ==, "");
  pd_cache_sync (cache);
  text = file_text (pd_cache_get_path (cache));
  g_assert_null (strstr (text, etag));
  g_clear_pointer (&text, g_free);
  {
    g_autofree char *wal = g_strconcat (pd_cache_get_path (cache), "-wal", NULL);

    if (file_exists (wal))
      {
        text = file_text (wal);
        g_assert_null (strstr (text, etag));
      }
  }
}

/* The ids of the sandbox's first @n customers. Returns: (transfer full) */
static GStrv
listed_ids (PdClient *client,
            guint     n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  Loaded loaded = { customers_array (), 0, FALSE };

  pd_client_list_customers_async (client, 5, on_page, &loaded, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_list_customers_finish (client, result, NULL, NULL));
  g_assert_cmpuint (loaded.customers->len, >=, n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (ids, pd_customer_get_id (g_ptr_array_index (loaded.customers, i)));
  g_ptr_array_unref (loaded.customers);
  return g_strv_builder_end (ids);
}

/* For an export: the cached billing profiles of the ids asked, any age or read since. */
static void
test_billing_fresh (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (30, NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_auto(GStrv) ids = listed_ids (client, 2);
  g_autoptr(PdCustomer) old = pd_test_get_customer (client, ids[0], NULL);
  g_autoptr(PdCustomer) recent = pd_test_get_customer (client, ids[1], NULL);
  g_autofree char *directory = cache_dir ("billing");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GDateTime) between = NULL;
  g_autoptr(GHashTable) profiles = NULL;
  const char *asked[] = { ids[0], ids[1], "missing", NULL };

  pd_cache_store_customer (cache, old);
  pd_cache_sync (cache);
  g_usleep (2000);
  between = g_date_time_new_now_utc ();
  g_usleep (2000);
  pd_cache_store_customer (cache, recent);

  profiles = load_billing (cache, asked, NULL);
  g_assert_cmpuint (g_hash_table_size (profiles), ==, 2);
  g_assert_cmpuint (pd_billing_profile_diff (g_hash_table_lookup (profiles, ids[0]),
                                             pd_customer_get_billing_profile (old)), ==, 0);
  g_assert_cmpuint (pd_billing_profile_diff (g_hash_table_lookup (profiles, ids[1]),
                                             pd_customer_get_billing_profile (recent)), ==, 0);
  g_clear_pointer (&profiles, g_hash_table_unref);

  profiles = load_billing (cache, asked, between);
  g_assert_cmpuint (g_hash_table_size (profiles), ==, 1);
  g_assert_true (g_hash_table_contains (profiles, ids[1]));
}

/* An account made here, not read: what a cache keeps of a read one. */
static PdCustomer *
account (const char *id)
{
  PdCustomer *customer = list_customer (id, "Account Holder", "example.com");
  g_autoptr(PdBillingProfile) billing = pd_billing_profile_new ();

  pd_billing_profile_set_first_name (billing, "Анна");
  pd_customer_set_billing_profile (customer, billing);
  return customer;
}

/* The accounts of customers a complete listing did not send go with them; nothing goes
 * after a listing that stopped. */
static void
test_listing_accounts (void)
{
  g_autofree char *directory = cache_dir ("listing-accounts");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(PdCustomer) keep = account ("keep");
  g_autoptr(PdCustomer) gone = account ("gone");
  g_autoptr(PdCustomer) cached = NULL;

  pd_cache_store_customer (cache, keep);
  pd_cache_store_customer (cache, gone);
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "keep", NULL });
  pd_cache_end_customers (cache, FALSE);
  cached = load_one (cache, "gone", NULL);
  g_assert_nonnull (cached);
  g_assert_cmpstr (pd_billing_profile_get_first_name (pd_customer_get_billing_profile (cached)),
                   ==, "Анна");
  g_clear_object (&cached);

  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "keep", NULL });
  pd_cache_end_customers (cache, TRUE);
  g_assert_null (load_one (cache, "gone", NULL));
  cached = load_one (cache, "keep", NULL);
  g_assert_nonnull (cached);
}

/* Two connections, two files: neither sees the other's customers. */
static void
test_connections (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("cache-token");
  g_autoptr(PdClient) demo = pd_client_new ("http://127.0.0.1:9", provider);
  g_autoptr(PdClient) remote = pd_client_new ("https://partner.example.com", provider);
  g_autoptr(PdCache) a = pd_cache_dup_for_client (demo);
  g_autoptr(PdCache) b = pd_cache_dup_for_client (remote);
  g_autofree char *a_ids = NULL;
  g_autofree char *b_ids = NULL;

  g_assert_true (a != b);
  g_assert_cmpstr (pd_cache_get_path (a), !=, pd_cache_get_path (b));
  g_assert_null (strstr (pd_cache_get_path (b), "example"));

  pd_cache_begin_customers (a);
  add_named (a, (const char *[]) { "only-a", NULL });
  pd_cache_end_customers (a, TRUE);
  pd_cache_begin_customers (b);
  add_named (b, (const char *[]) { "only-b", NULL });
  pd_cache_end_customers (b, TRUE);

  a_ids = loaded_ids (a, NULL);
  b_ids = loaded_ids (b, NULL);
  g_assert_cmpstr (a_ids, ==, "only-a");
  g_assert_cmpstr (b_ids, ==, "only-b");
}

/* A first start has no file: the load answers empty without making one (the worker would
 * make the file and its tables first, and the listing waits for the answer). A load asked
 * after writes still reads them, as ever. */
static void
test_first_start (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("cache-token");
  g_autoptr(PdClient) client = pd_client_new ("https://first-start.example.com", provider);
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (client);
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *path = g_strdup (pd_cache_get_path (cache));
  g_autofree char *ids = NULL;

  g_assert_false (file_exists (path));
  ids = loaded_ids (cache, &updated_at);
  g_assert_cmpstr (ids, ==, "");
  g_assert_null (updated_at);
  g_assert_false (file_exists (path));
  g_clear_pointer (&ids, g_free);

  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "first", NULL });
  pd_cache_end_customers (cache, TRUE);
  ids = loaded_ids (cache, &updated_at);
  g_assert_cmpstr (ids, ==, "first");
  g_assert_nonnull (updated_at);
  g_assert_true (file_exists (path));
}

/* A clear deletes the file, writes asked before it included; the cache goes on empty. A
 * connection's cache is deleted whether open or not; its journal stays. */
static void
test_clear (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("cache-token");
  g_autoptr(PdClient) client = pd_client_new ("https://clear.example.com", provider);
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (client);
  g_autoptr(PdJournal) journal = pd_journal_dup_for_client (client);
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *path = g_strdup (pd_cache_get_path (cache));
  g_autofree char *journal_path = g_strdup (pd_journal_get_path (journal));
  g_autofree char *ids = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "x", "y", NULL });
  pd_cache_end_customers (cache, TRUE);
  pd_cache_sync (cache);
  g_assert_true (file_exists (path));
  g_assert_cmpint (count_on_file (path, "SELECT count(*) FROM customers"), ==, 2);

  /* Queued writes before the clear go with it. */
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "z", NULL });
  pd_cache_clear (cache);
  pd_cache_sync (cache);
  g_assert_false (file_exists (path));
  ids = loaded_ids (cache, &updated_at);
  g_assert_cmpstr (ids, ==, "");
  g_assert_null (updated_at);
  g_clear_pointer (&ids, g_free);

  /* Usable again. */
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "w", NULL });
  pd_cache_end_customers (cache, TRUE);
  ids = loaded_ids (cache, NULL);
  g_assert_cmpstr (ids, ==, "w");
  g_clear_pointer (&ids, g_free);

  /* Open: deleted, and it says so by returning after. */
  pd_journal_list_async (journal, "w", NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (file_exists (journal_path));
  pd_cache_delete_for_client (client);
  g_assert_false (file_exists (path));
  ids = loaded_ids (cache, NULL);
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);

  /* Closed. */
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "v", NULL });
  pd_cache_end_customers (cache, TRUE);
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_true (file_exists (path));
  pd_cache_delete_for_client (client);
  g_assert_false (file_exists (path));
  g_assert_true (file_exists (journal_path));
}

/* pd_cache_sync() returns when the rows are in the file. */
static void
test_sync (void)
{
  g_autofree char *directory = cache_dir ("sync");
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GPtrArray) page = customers_array ();

  for (guint i = 0; i < 12345; i++)
    {
      g_autofree char *id = g_strdup_printf ("sync-%05u", i);

      g_ptr_array_add (page, list_customer (id, id, "example.com"));
    }
  pd_cache_begin_customers (cache);
  pd_cache_add_customers (cache, page);
  pd_cache_end_customers (cache, TRUE);
  pd_cache_sync (cache);
  g_assert_cmpint (count_on_file (pd_cache_get_path (cache), "SELECT count(*) FROM customers"),
                   ==, 12345);
  g_assert_cmpint (count_on_file (pd_cache_get_path (cache),
                                  "SELECT count(*) FROM meta WHERE key = 'updated_at'"), ==, 1);
}

/* ------------------------------------------------------------------------------------- */
/* Damaged and foreign files */

static guint
count_set_aside (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "cache.sqlite.damaged-"))
      n++;
  return n;
}

/* The newest file set aside, whole. Returns: (transfer full) */
static char *
newest_set_aside (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;
  char *newest = NULL;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "cache.sqlite.damaged-") &&
        (newest == NULL || strcmp (name, newest) > 0))
      {
        g_free (newest);
        newest = g_strdup (name);
      }
  g_assert_nonnull (newest);
  return newest;
}

/* A cache with a few thousand customers, closed. */
static void
make_cache (const char *directory,
            guint       n)
{
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GPtrArray) page = customers_array ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("made-%05u", i);
      g_autofree char *name = g_strdup_printf ("Made Company Number %u with a long name", i);

      g_ptr_array_add (page, list_customer (id, name, "made.example.com"));
    }
  pd_cache_begin_customers (cache);
  pd_cache_add_customers (cache, page);
  pd_cache_end_customers (cache, TRUE);
  g_assert_finalize_object (g_steal_pointer (&cache));
}

/* Opens @directory's file after @damage, which must be set aside (once, said once) with its
 * bytes kept; the new cache is empty, ours and works. */
static void
check_set_aside (const char *directory,
                 const char *what)
{
  g_autofree char *path = g_build_filename (directory, "cache.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_path = NULL;
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *ids = NULL;
  gsize before_len = 0, after_len = 0;
  guint n_aside = count_set_aside (directory);

  g_test_message ("%s", what);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_test_expect_message ("pd-cache", G_LOG_LEVEL_MESSAGE, "*not usable*set aside as*");
  ids = loaded_ids (cache, &updated_at);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (ids, ==, "");
  g_assert_null (updated_at);

  g_assert_cmpuint (count_set_aside (directory), ==, MIN (n_aside + 1, 2));
  aside = newest_set_aside (directory);
  g_assert_true (g_str_has_suffix (aside, "Z"));
  aside_path = g_build_filename (directory, aside, NULL);
  g_assert_true (g_file_get_contents (aside_path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);

  /* The new file is ours and works. */
  pd_cache_begin_customers (cache);
  add_named (cache, (const char *[]) { "fresh", NULL });
  pd_cache_end_customers (cache, TRUE);
  g_clear_pointer (&ids, g_free);
  ids = loaded_ids (cache, NULL);
  g_assert_cmpstr (ids, ==, "fresh");
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_cmpint (count_on_file (path, "PRAGMA user_version"), ==, 1);
}

static void
test_damaged (void)
{
  g_autofree char *directory = cache_dir ("damaged");
  g_autofree char *path = g_build_filename (directory, "cache.sqlite", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);

  g_assert_true (g_file_set_contents (path, "This is not a database, just some text.\n"
                                      "Nothing to see here, and more than a header.\n",
                                      -1, NULL));
  check_set_aside (directory, "garbage");

  /* Someone else's SQLite database. */
  make_database (path, "PRAGMA application_id = 1234; PRAGMA user_version = 1;"
                       "CREATE TABLE customers (x); INSERT INTO customers VALUES (1)");
  check_set_aside (directory, "foreign");

  /* One with no mark at all but tables. */
  make_database (path, "CREATE TABLE notes (x)");
  check_set_aside (directory, "unmarked");
  /* At most two are kept. */
  g_assert_cmpuint (count_set_aside (directory), ==, 2);

  /* A newer app's cache: not misread. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_cache (directory, 10);
  exec_on_file (path, "PRAGMA user_version = 2");
  check_set_aside (directory, "newer");

  /* Truncated in the middle. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_cache (directory, 5000);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_cmpuint (len, >, 64 * 1024);
  g_assert_true (g_file_set_contents (path, text, (gssize) len / 2, NULL));
  check_set_aside (directory, "truncated");
  g_clear_pointer (&text, g_free);

  /* A page overwritten in the middle. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_cache (directory, 5000);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  memset (text + len / 2, 0x5a, 4096);
  g_assert_true (g_file_set_contents (path, text, (gssize) len, NULL));
  check_set_aside (directory, "overwritten page");
  g_clear_pointer (&text, g_free);

  /* Not readable by its owner. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
      make_cache (directory, 10);
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      {
        g_autoptr(PdCache) cache = pd_cache_new (directory);
        g_autofree char *ids = NULL;

        g_test_expect_message ("pd-cache", G_LOG_LEVEL_MESSAGE, "*not usable*set aside as*");
        ids = loaded_ids (cache, NULL);
        g_test_assert_expected_messages ();
        g_assert_cmpstr (ids, ==, "");
      }
    }
}

/* Rows the cache would never write are skipped, the others load. */
static void
test_bad_rows (void)
{
  g_autofree char *directory = cache_dir ("bad-rows");
  g_autofree char *path = g_build_filename (directory, "cache.sqlite", NULL);
  g_autoptr(PdCache) cache = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *sql = NULL;

  make_cache (directory, 3);
  huge = g_strnfill (200 * 1024, 'x');
  sql = g_strdup_printf (
    "INSERT INTO customers VALUES ('', 'reseller', 'Empty id', NULL, NULL, 'empty id', 1);"
    "INSERT INTO customers VALUES ('bad-utf8', NULL, CAST (x'41ff42' AS TEXT), NULL, NULL, "
    "'a', 1);"
    "INSERT INTO customers VALUES ('huge', NULL, '%s', NULL, NULL, 'b', 1);"
    "INSERT INTO customers VALUES (CAST (x'c0' AS TEXT), NULL, 'bad id', NULL, NULL, 'c', 1);"
    "INSERT INTO customers VALUES ('nulls', NULL, NULL, NULL, NULL, 'd', 1);"
    "INSERT INTO profiles VALUES ('made-00000', NULL, '{', 'not json', 0);",
    huge);
  exec_on_file (path, sql);

  cache = pd_cache_new (directory);
  ids = loaded_ids (cache, NULL);
  g_assert_cmpstr (ids, ==, "nulls made-00000 made-00001 made-00002");
  /* A cached account that does not parse is not cached. */
  g_assert_null (load_one (cache, "made-00000", NULL));
}

/* A load cancelled: no page after it, the page data freed, G_IO_ERROR_CANCELLED. */
static void
test_cancel (void)
{
  g_autofree char *directory = cache_dir ("cancel");
  g_autoptr(PdCache) cache = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = customers_array ();
  Loaded loaded = { pages, 0, FALSE };

  make_cache (directory, 5000);
  cache = pd_cache_new (directory);
  pd_cache_load_customers_async (cache, on_page, &loaded, on_page_data_destroyed,
                                 cancellable, pd_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_cache_load_customers_finish (cache, result, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (loaded.n_pages, ==, 0);
  g_assert_true (loaded.destroyed);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/cache/round-trip", test_round_trip);
  g_test_add_func ("/cache/order", test_order);
  g_test_add_func ("/cache/listing", test_listing);
  g_test_add_func ("/cache/listing/accounts", test_listing_accounts);
  g_test_add_func ("/cache/profiles", test_profiles);
  g_test_add_func ("/cache/billing-fresh", test_billing_fresh);
  g_test_add_func ("/cache/connections", test_connections);
  g_test_add_func ("/cache/first-start", test_first_start);
  g_test_add_func ("/cache/clear", test_clear);
  g_test_add_func ("/cache/sync", test_sync);
  g_test_add_func ("/cache/damaged", test_damaged);
  g_test_add_func ("/cache/bad-rows", test_bad_rows);
  g_test_add_func ("/cache/cancel", test_cancel);

  return g_test_run ();
}
