/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-cache.c: the window on its local cache (under Xvfb, against real sandboxes):
 * opening on the cached list, the refresh's merge, offline, Clear Cached Data, and a
 * damaged cache file. */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-cache"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pd-account-page.h"
#include "pd-application.h"
#include "pd-customer-list-model.h"
#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-offline-banner.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define TIMEOUT_MS 20000

static PdApplication *app;

typedef struct
{
  PdClient        *client;
  PdWindow        *window;
  PdCustomersPage *page;
  GListModel      *model;
} Fixture;

static GtkWidget *
find (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = pd_test_ui_find_by_id (GTK_WIDGET (fixture->window), id);

  g_assert_nonnull (widget);
  return widget;
}

static guint
n_shown (Fixture *fixture)
{
  return pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (fixture->model));
}

static const char *
page_name (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack")));
}

static void
show_window (Fixture          *fixture,
             PdSandboxProcess *sandbox)
{
  g_clear_object (&fixture->client);
  fixture->client = pd_test_client_new (sandbox);
  fixture->window = pd_test_ui_window_new (app, fixture->client, "Sandbox");
  fixture->page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture->window));
  fixture->model = pd_customers_page_get_model (fixture->page);
}

/* Closes the window and waits until everything it asked the cache to write is written. */
static void
close_window (Fixture *fixture)
{
  g_autoptr(PdCache) cache = NULL;

  pd_test_ui_window_close (&fixture->window);
  if (fixture->client != NULL)
    {
      cache = pd_cache_dup_for_client (fixture->client);
      pd_cache_sync (cache);
    }
  g_clear_object (&fixture->client);
}

static void
wait_until_loaded (Fixture *fixture,
                   guint    n_customers)
{
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture->page)
                          && n_shown (fixture) == n_customers
                          && g_str_equal (page_name (fixture), "list"), TIMEOUT_MS);
  pd_test_ui_run_for (100);
}

static char *
cache_dir (void)
{
  /* Sandboxes are on loopback: their data is the demo connection's. */
  return g_build_filename (g_get_user_cache_dir (), "partner-desk", "demo", NULL);
}

static char *
cache_file (void)
{
  g_autofree char *dir = cache_dir ();

  return g_build_filename (dir, "cache.sqlite", NULL);
}

static void
ignore_page (GPtrArray *customers,
             guint      total_count,
             gpointer   user_data)
{
}

static guint
count_cached (PdClient *client)
{
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  guint n = 0;

  pd_cache_load_customers_async (cache, ignore_page, NULL, NULL, NULL, pd_test_store_result,
                                 &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_cache_load_customers_finish (cache, result, &n, &updated_at, &error));
  g_assert_no_error (error);
  return n;
}

static guint
position_of_name (Fixture    *fixture,
                  const char *name)
{
  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(PdCustomer) customer = g_list_model_get_item (fixture->model, i);

      if (g_strcmp0 (pd_customer_get_company_name (customer), name) == 0)
        return i;
    }
  return G_MAXUINT;
}

static char *
id_at (Fixture *fixture,
       guint    position)
{
  g_autoptr(PdCustomer) customer = g_list_model_get_item (fixture->model, position);

  return g_strdup (pd_customer_get_id (customer));
}

static void
rename_company (PdSandboxProcess *sandbox,
                const char       *id,
                const char       *name)
{
  g_autoptr(SoupSession) session = soup_session_new ();

  g_assert_cmpuint (pd_test_sandbox_post (session, sandbox, "/sandbox/rename-company",
                                          soup_form_encode ("customerId", id,
                                                            "companyName", name, NULL)),
                    ==, 200);
}

/* The window opens on the cached list at once, refreshes it in the background, and says
 * what the refresh changed. */
static void
test_warm_start_merges (void)
{
  g_autoptr(PdSandboxProcess) first = pd_test_sandbox_start (300, NULL);
  g_autoptr(PdSandboxProcess) second = NULL;
  Fixture fixture = { 0 };
  g_autofree char *file = cache_file ();
  g_autofree char *renamed_id = NULL;
  GtkWidget *age_label;
  GStatBuf buf;

  show_window (&fixture, first);
  wait_until_loaded (&fixture, 300);
  renamed_id = id_at (&fixture, 10);
  close_window (&fixture);

  /* Only the current user may read it. */
  g_assert_cmpint (g_stat (file, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* The service now has three customers fewer (the seed draws the same first ones), one
   * renamed, and answers slowly: the cached list is what shows first. */
  second = pd_test_sandbox_start (297, "--latency-ms", "1500", NULL);
  rename_company (second, renamed_id, "Zzz Renamed Holdings");
  show_window (&fixture, second);
  pd_test_ui_assert_soon (n_shown (&fixture) == 300 && g_str_equal (page_name (&fixture), "list"),
                          1200);
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  age_label = find (&fixture, "age_label");
  g_assert_true (gtk_widget_get_visible (age_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (age_label)), ==, "Updated just now");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (&fixture, "count_label"))), ==,
                   "Refreshing…");
  g_assert_cmpuint (position_of_name (&fixture, "Zzz Renamed Holdings"), ==, G_MAXUINT);

  /* While it refreshes, the user selects the customer that was renamed meanwhile. */
  {
    guint position = G_MAXUINT;

    for (guint i = 0; i < n_shown (&fixture) && position == G_MAXUINT; i++)
      {
        g_autofree char *id = id_at (&fixture, i);

        if (g_str_equal (id, renamed_id))
          position = i;
      }
    g_assert_cmpuint (position, !=, G_MAXUINT);
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture.model), position, TRUE);
  }

  /* The refresh ends: the renamed one moved (to its new name's place), the removed ones
   * went, and the window says so. */
  wait_until_loaded (&fixture, 297);
  {
    guint position = position_of_name (&fixture, "Zzz Renamed Holdings");
    g_autofree char *id = NULL;

    g_assert_cmpuint (position, !=, G_MAXUINT);
    id = id_at (&fixture, position);
    g_assert_cmpstr (id, ==, renamed_id);
    /* The selection went with it. */
    g_assert_cmpuint (pd_customer_list_model_get_selected (PD_CUSTOMER_LIST_MODEL (fixture.model)),
                      ==, position);
  }
  pd_test_ui_assert_soon (pd_test_ui_find_by_label (GTK_WIDGET (fixture.window),
                                                    "1 changed, 3 removed") != NULL,
                          TIMEOUT_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (&fixture, "count_label"))), ==,
                   "297 customers");
  close_window (&fixture);
}

static gboolean
banner_revealed (GtkWidget *root)
{
  GtkWidget *banner = pd_test_ui_find_by_type (root, PD_TYPE_OFFLINE_BANNER);

  return banner != NULL && pd_offline_banner_get_revealed (PD_OFFLINE_BANNER (banner));
}

static GtkWidget *
open_customer (Fixture *fixture,
               guint    position)
{
  GtkWidget *customer_page;

  g_signal_emit_by_name (find (fixture, "column_view"), "activate", position);
  customer_page = pd_test_ui_wait_for_customer_page (fixture->window, TIMEOUT_MS);
  return GTK_WIDGET (pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (customer_page)));
}

static const char *
account_state (GtkWidget *account_page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (pd_test_ui_find_by_id (account_page,
                                                                             "stack")));
}

/* The service goes away: the cached list and the account read before stay readable, with
 * a lasting notice, and Edit off; when it is back, the list refreshes by itself. */
static void
test_offline (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (40, NULL);
  g_autoptr(PdSandboxProcess) back = NULL;
  g_autoptr(GUri) uri = g_uri_parse (pd_sandbox_process_get_base_url (sandbox),
                                     G_URI_FLAGS_NONE, NULL);
  g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (uri));
  g_autofree char *database = NULL;
  g_autofree char *opened_id = NULL;
  Fixture fixture = { 0 };
  GtkWidget *account;
  GtkWidget *banner;
  guint n_matches;
  g_autofree char *query = NULL;

  show_window (&fixture, sandbox);
  wait_until_loaded (&fixture, 40);
  opened_id = id_at (&fixture, 3);
  account = open_customer (&fixture, 3);
  pd_test_ui_assert_soon (g_str_equal (account_state (account), "content"), TIMEOUT_MS);
  pd_test_ui_go_back_to_list (fixture.window, TIMEOUT_MS);
  close_window (&fixture);

  /* Nothing answers on that port now. */
  pd_sandbox_process_stop (sandbox);
  show_window (&fixture, sandbox);
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page)
                          && pd_customers_page_get_offline (fixture.page), TIMEOUT_MS);
  g_assert_cmpuint (n_shown (&fixture), ==, 40);
  g_assert_cmpstr (page_name (&fixture), ==, "list");
  banner = find (&fixture, "offline_banner");
  g_assert_true (pd_offline_banner_get_revealed (PD_OFFLINE_BANNER (banner)));
  g_assert_true (g_str_has_prefix (pd_offline_banner_get_title (PD_OFFLINE_BANNER (banner)),
                                   "Offline — showing customers as of "));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (&fixture, "count_label"))), ==,
                   "40 customers");
  g_assert_false (gtk_widget_get_visible (find (&fixture, "status_retry_button")));

  /* The account read before shows, read-only. */
  account = open_customer (&fixture, 3);
  pd_test_ui_assert_soon (g_str_equal (account_state (account), "content")
                          && pd_account_page_get_offline (PD_ACCOUNT_PAGE (account)), TIMEOUT_MS);
  g_assert_true (banner_revealed (account));
  g_assert_false (pd_account_page_get_can_edit (PD_ACCOUNT_PAGE (account)));
  g_assert_null (pd_account_page_edit (PD_ACCOUNT_PAGE (account)));
  {
    GtkWidget *edit = find (&fixture, "edit_button");

    g_assert_false (gtk_widget_is_sensitive (edit));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (edit), ==,
                     "Editing needs a connection to the service");
  }
  pd_test_ui_go_back_to_list (fixture.window, TIMEOUT_MS);

  /* One never opened has nothing to show. */
  account = open_customer (&fixture, 4);
  pd_test_ui_assert_soon (g_str_equal (account_state (account), "error"), TIMEOUT_MS);
  pd_test_ui_go_back_to_list (fixture.window, TIMEOUT_MS);

  /* Offline, the list still searches. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.search", NULL));
  {
    g_autoptr(PdCustomer) first = g_list_model_get_item (fixture.model, 0);
    g_auto(GStrv) words = g_strsplit (pd_customer_get_company_name (first), " ", 2);

    query = g_strdup (words[0]);
  }
  gtk_editable_set_text (GTK_EDITABLE (find (&fixture, "search_entry")), query);
  pd_test_ui_assert_soon (n_shown (&fixture) > 0 && n_shown (&fixture) < 40, TIMEOUT_MS);
  n_matches = n_shown (&fixture);

  /* The service comes back (on the same address, with the same data): the list refreshes
   * by itself, keeping the search, and the notice goes. */
  database = g_build_filename (g_object_get_data (G_OBJECT (sandbox), "pd-test-temp-dir"),
                               "sandbox.db", NULL);
  back = pd_test_sandbox_start (40, "--port", port, "--database", database,
                                "--token", pd_sandbox_process_get_token (sandbox), NULL);
  pd_test_ui_assert_soon (!pd_customers_page_get_offline (fixture.page)
                          && !pd_customers_page_get_loading (fixture.page), TIMEOUT_MS);
  g_assert_false (pd_offline_banner_get_revealed (PD_OFFLINE_BANNER (banner)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (&fixture, "search_entry"))), ==,
                   query);
  g_assert_cmpuint (n_shown (&fixture), ==, n_matches);
  g_assert_cmpuint (pd_customer_list_model_get_n_customers (PD_CUSTOMER_LIST_MODEL (fixture.model)),
                    ==, 40);
  close_window (&fixture);
  (void) opened_id;
}

/* Clear Cached Data empties the connection's cache; the list on screen stays. */
static void
test_clear (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (25, NULL);
  Fixture fixture = { 0 };
  g_autoptr(PdCache) cache = NULL;

  show_window (&fixture, sandbox);
  wait_until_loaded (&fixture, 25);
  cache = pd_cache_dup_for_client (fixture.client);
  pd_cache_sync (cache);
  g_assert_cmpuint (count_cached (fixture.client), ==, 25);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.clear-cache",
                                             NULL));
  pd_test_ui_assert_soon (pd_test_ui_find_by_label (GTK_WIDGET (fixture.window),
                                                    "Cached data cleared") != NULL, TIMEOUT_MS);
  pd_cache_sync (cache);
  g_assert_cmpuint (count_cached (fixture.client), ==, 0);
  g_assert_cmpuint (n_shown (&fixture), ==, 25);
  g_clear_object (&cache);
  close_window (&fixture);
}

/* A damaged cache file is set aside, never trusted: the list comes from the service, and
 * the cache is whole again afterwards. */
static void
test_damaged (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (30, NULL);
  g_autofree char *dir = cache_dir ();
  g_autofree char *file = cache_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  Fixture fixture = { 0 };
  gboolean set_aside = FALSE;
  const char *name;
  char garbage[8192];

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7 + 3);
  memcpy (garbage, "SQLite format 3", 16);  /* a header, and nonsense after it */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (file, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  show_window (&fixture, sandbox);
  wait_until_loaded (&fixture, 30);
  g_assert_false (pd_customers_page_get_offline (fixture.page));
  close_window (&fixture);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    set_aside |= g_str_has_prefix (name, "cache.sqlite.damaged");
  g_assert_true (set_aside);

  fixture.client = pd_test_client_new (sandbox);
  g_assert_cmpuint (count_cached (fixture.client), ==, 30);
  g_clear_object (&fixture.client);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  pd_test_ui_isolate_cache ();
  /* Offline pages try again every half second here, not every half minute. */
  g_setenv ("PARTNER_DESK_OFFLINE_RETRY_MS", "500", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  pd_test_ui_bind_translations ();

  app = pd_test_ui_application_new ("io.github.partnerdesk.PartnerDesk.TestCache");

  g_test_add_func ("/ui/cache/warm-start-merges", test_warm_start_merges);
  g_test_add_func ("/ui/cache/offline", test_offline);
  g_test_add_func ("/ui/cache/clear", test_clear);
  g_test_add_func ("/ui/cache/damaged", test_damaged);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
