/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-bench-cache.c: times the local cache: a listing written in pages, the list
 * loaded back (first page and all) as the window does at start. */

#include "config.h"

#define G_LOG_DOMAIN "partner-desk-bench"

#include <glib/gstdio.h>

#include "partner-desk-bench-cache.h"
#include "pd-test-util.h"

#define WRITE_PAGE 500

static const char *const words[] = {
  "Contoso", "Fabrikam", "Ромашка", "Северсталь", "北京科技", "Tailspin", "Wide World",
  "Adventure Works", "Ёлка", "Litware", "Proseware", "Café", "Αθήνα", "Northwind",
};

/* Customers as a listing brings them, in pages of WRITE_PAGE. */
static GPtrArray *
make_pages (guint n)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GRand *rand = g_rand_new_with_seed (10);

  for (guint i = 0; i < n; i += WRITE_PAGE)
    {
      GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (i + WRITE_PAGE, n); j++)
        {
          PdCustomer *customer = pd_customer_new ();
          PdCompanyProfile *company = pd_customer_get_company_profile (customer);
          g_autofree char *id = g_strdup_printf ("%08x-4779-4e57-944c-%012x",
                                                 g_rand_int (rand), j);
          g_autofree char *name = g_strdup_printf ("%s %s %u",
                                                   words[g_rand_int_range (rand, 0, 14)],
                                                   words[g_rand_int_range (rand, 0, 14)], j);
          g_autofree char *domain = g_strdup_printf ("customer%u.onmicrosoft.com", j);
          g_autofree char *tenant = g_strdup_printf ("%08x-1111-2222-3333-%012x",
                                                     g_rand_int (rand), j);

          pd_customer_set_id (customer, id);
          pd_customer_set_relationship (customer, "reseller");
          pd_company_profile_set_company_name (company, name);
          pd_company_profile_set_domain (company, domain);
          pd_company_profile_set_tenant_id (company, tenant);
          g_ptr_array_add (page, customer);
        }
      g_ptr_array_add (pages, page);
    }
  g_rand_free (rand);
  return pages;
}

static double
write_all (PdCache   *cache,
           GPtrArray *pages)
{
  gint64 start = g_get_monotonic_time ();

  pd_cache_begin_customers (cache);
  for (guint i = 0; i < pages->len; i++)
    pd_cache_add_customers (cache, g_ptr_array_index (pages, i));
  pd_cache_end_customers (cache, TRUE);
  pd_cache_sync (cache);
  return (g_get_monotonic_time () - start) / 1e6;
}

typedef struct
{
  gint64        start;
  gint64        first_page;
  guint         n_customers;
  GAsyncResult *result;
} Load;

static void
on_page (GPtrArray *customers,
         guint      total_count,
         gpointer   data)
{
  Load *load = data;

  if (load->first_page == 0)
    load->first_page = g_get_monotonic_time ();
  load->n_customers += customers->len;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ((Load *) data)->result = g_object_ref (result);
}

/* Returns: whether all came; *first and *all in seconds. */
static gboolean
load_all (PdCache *cache,
          guint    expected,
          double  *first,
          double  *all)
{
  Load load = { g_get_monotonic_time (), 0, 0, NULL };
  g_autoptr(GError) error = NULL;
  guint n = 0;
  gboolean ok;

  pd_cache_load_customers_async (cache, on_page, &load, NULL, NULL, on_loaded, &load);
  while (load.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  *all = (g_get_monotonic_time () - load.start) / 1e6;
  *first = (load.first_page - load.start) / 1e6;
  ok = pd_cache_load_customers_finish (cache, load.result, &n, NULL, &error);
  g_object_unref (load.result);
  if (!ok || n != expected || load.n_customers != expected)
    {
      g_printerr ("Loading the cache failed: %u of %u customers%s%s\n", n, expected,
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return FALSE;
    }
  return TRUE;
}

int
pd_bench_cache (guint    n,
                gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("partner-desk-bench-cache-XXXXXX", &error);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(PdCache) cache = NULL;
  double write_s, rewrite_s, cold_first, cold_all, warm_first, warm_all;
  GStatBuf st = { 0, };
  int status = 0;

  if (directory == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pages = make_pages (n);

  cache = pd_cache_new (directory);
  write_s = write_all (cache, pages);
  /* A refresh: every row again, all of them already there. */
  rewrite_s = write_all (cache, pages);
  g_clear_object (&cache);
  g_stat (pd_cache_get_path (cache = pd_cache_new (directory)), &st);

  /* A new cache object opens (and checks) the file, as the app does at start; the file's
   * pages are in the kernel's cache, as after a recent run. */
  if (!load_all (cache, n, &cold_first, &cold_all) ||
      !load_all (cache, n, &warm_first, &warm_all))
    status = 1;
  g_clear_object (&cache);
  pd_test_remove_dir (directory);
  if (status != 0)
    return status;

  if (json)
    g_print ("{\"cache_customers\": %u, \"write_seconds\": %.3f, \"rewrite_seconds\": %.3f, "
             "\"load_first_page_seconds\": %.4f, \"load_seconds\": %.3f, "
             "\"reload_first_page_seconds\": %.4f, \"reload_seconds\": %.3f, "
             "\"file_bytes\": %" G_GINT64_FORMAT "}\n",
             n, write_s, rewrite_s, cold_first, cold_all, warm_first, warm_all,
             (gint64) st.st_size);
  else
    g_print ("PdCache, %u customers: written in pages of %d in %.3f s (again: %.3f s); "
             "loaded from a new PdCache: first page %.1f ms, all %.3f s (again: %.1f ms, "
             "%.3f s); file %.1f MB\n",
             n, WRITE_PAGE, write_s, rewrite_s, cold_first * 1e3, cold_all,
             warm_first * 1e3, warm_all, st.st_size / 1e6);
  return 0;
}
