/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-export.c: Export… in a real window against a sandbox, under Xvfb: the file read
 * back equals what the list shows (searched and sorted, or all), in English and Russian,
 * with billing details as the server stores them, and a cancel leaves no file. */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-export"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-export-dialog.h"
#include "pd-test-csv.h"
#include "pd-cache.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define N_CUSTOMERS 300
#define TIMEOUT_MS  30000

static PdSandboxProcess *sandbox;
static PdApplication *app;
static char *work_dir;

typedef struct
{
  PdClient        *client;
  PdWindow        *window;
  PdCustomersPage *page;
  GtkColumnView   *view;
  GListModel      *model;
  guint            n_customers;
} Fixture;

static guint
n_shown (Fixture *fixture)
{
  return pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (fixture->model));
}

static GtkWidget *
find (GtkWidget  *root,
      const char *id)
{
  GtkWidget *widget = pd_test_ui_find_by_id (root, id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
list_loaded (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !pd_customers_page_get_loading (fixture->page) && n_shown (fixture) == fixture->n_customers;
}

static void
open_window (Fixture *fixture)
{
  fixture->window = pd_test_ui_window_new (app, fixture->client, "Sandbox");
  fixture->page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture->window));
  fixture->view = GTK_COLUMN_VIEW (find (GTK_WIDGET (fixture->window), "column_view"));
  fixture->model = pd_customers_page_get_model (fixture->page);
  g_assert_true (pd_test_ui_wait_until (list_loaded, fixture, TIMEOUT_MS));
  pd_test_ui_run_for (100);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->client = pd_test_client_new (sandbox);
  fixture->n_customers = N_CUSTOMERS;
  open_window (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_test_ui_window_close (&fixture->window);
  g_clear_object (&fixture->client);
}

static char *
target_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static void
search_for (Fixture    *fixture,
            const char *text,
            guint       min_matches,
            guint       max_matches)
{
  GtkWidget *entry = find (GTK_WIDGET (fixture->window), "search_entry");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  pd_test_ui_assert_soon (!pd_customer_list_model_get_pending (PD_CUSTOMER_LIST_MODEL (fixture->model))
                          && n_shown (fixture) >= min_matches
                          && n_shown (fixture) <= max_matches, TIMEOUT_MS);
  pd_test_ui_run_for (200);
}

static void
sort_by (Fixture    *fixture,
         const char *column,
         const char *order)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sort.column", "s", column));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sort.order", "s", order));
  pd_test_ui_run_for (200);
}

/* A click (gtk_widget_activate() clicks 250 ms later, as a key press does). */
static void
click (GtkWidget  *root,
       const char *id)
{
  g_signal_emit_by_name (find (root, id), "clicked");
}

/* The visible top-level window of @type (the export dialog, the question it asks). */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static PdExportDialog *
find_export_dialog (void)
{
  return find_toplevel (PD_TYPE_EXPORT_DIALOG);
}

/* Export… from the page: the dialog it opens, set to write to @path. */
static PdExportDialog *
open_export_dialog (Fixture    *fixture,
                    const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PdExportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "customers.export", NULL));
  pd_test_ui_assert_soon ((dialog = find_export_dialog ()) != NULL, TIMEOUT_MS);
  pd_export_dialog_set_file (dialog, file);
  return dialog;
}

/* Presses Export with the choices made, and waits until the dialog is gone. */
static void
run_export (PdExportDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click (GTK_WIDGET (dialog), "export_button");
  g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &weak, TIMEOUT_MS));
  pd_test_ui_run_for (50);
}

static const char *
row_subtitle (PdExportDialog *dialog,
              const char     *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (find (GTK_WIDGET (dialog), row)));
}

/* The header is the list's column titles, as shown. */
static void
assert_header (Fixture *fixture,
               GStrv    header)
{
  GListModel *columns = gtk_column_view_get_columns (fixture->view);

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (header[i], ==, gtk_column_view_column_get_title (column));
    }
}

/* The records are what the list shows now, row by row: the cells on screen, and every
 * customer of the model (the view only makes the rows in sight). */
static void
assert_records_shown (Fixture   *fixture,
                      GPtrArray *records)
{
  g_autoptr(GPtrArray) cells = pd_test_ui_column_view_rows (fixture->view);

  g_assert_cmpuint (records->len, ==, n_shown (fixture) + 1);
  g_assert_cmpuint (cells->len, >, 0);
  for (guint i = 0; i < cells->len && i + 1 < records->len; i++)
    {
      GStrv cell = g_ptr_array_index (cells, i);
      GStrv record = g_ptr_array_index (records, i + 1);

      g_assert_cmpuint (g_strv_length (cell), ==, 4);
      g_assert_cmpstr (record[0], ==, cell[0]);
      g_assert_cmpstr (record[1], ==, cell[1]);
      g_assert_cmpstr (record[2], ==, cell[2]);
      /* Values as stored: the list shows the relationship's title. */
      g_assert_cmpstr (pd_customer_relationship_title (record[3]), ==, cell[3]);
    }

  for (guint i = 0; i + 1 < records->len; i++)
    {
      g_autoptr(PdCustomer) customer = g_list_model_get_item (fixture->model, i);
      GStrv record = g_ptr_array_index (records, i + 1);

      g_assert_cmpstr (record[0], ==, pd_customer_get_company_name (customer));
      g_assert_cmpstr (record[1], ==, pd_customer_get_domain (customer));
      g_assert_cmpstr (record[2], ==, pd_customer_get_tenant_id (customer));
      g_assert_cmpstr (record[3], ==, pd_customer_get_relationship (customer));
    }
}

static void
assert_toast (Fixture *fixture,
              guint    n)
{
  g_autofree char *count = g_strdup_printf ("%'u", n);
  g_autofree char *text = g_strdup_printf (ngettext ("Exported %s customer",
                                                     "Exported %s customers", n), count);

  pd_test_ui_assert_soon (pd_test_ui_find_by_label (GTK_WIDGET (fixture->window), text) != NULL,
                          TIMEOUT_MS);
}

/* Searched and sorted: "Customers shown" writes those rows in that order; "All customers"
 * every row in that order, which the list shows once the search is cleared. */
static void
export_shown_and_all (Fixture *fixture)
{
  g_autofree char *shown_path = target_path ("shown.csv");
  g_autofree char *all_path = target_path ("all.csv");
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *all_text = NULL;
  PdExportDialog *dialog;
  guint n;

  sort_by (fixture, "domain", "descending");
  search_for (fixture, "ПАО", 2, 20);
  n = n_shown (fixture);

  dialog = open_export_dialog (fixture, shown_path);
  g_assert_true (gtk_widget_get_visible (find (GTK_WIDGET (dialog), "shown_row")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (GTK_WIDGET (dialog),
                                                                      "shown_check"))));
  all_text = g_strdup_printf (ngettext ("%s customer", "%s customers", N_CUSTOMERS), "300");
  g_assert_cmpstr (row_subtitle (dialog, "all_row"), ==, all_text);
  run_export (dialog);
  assert_toast (fixture, n);

  shown = pd_test_csv_read_file (shown_path);
  assert_header (fixture, g_ptr_array_index (shown, 0));
  assert_records_shown (fixture, shown);

  dialog = open_export_dialog (fixture, all_path);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (GTK_WIDGET (dialog), "all_check")), TRUE);
  run_export (dialog);
  all = pd_test_csv_read_file (all_path);
  g_assert_cmpuint (all->len, ==, N_CUSTOMERS + 1);

  search_for (fixture, "", N_CUSTOMERS, N_CUSTOMERS);
  assert_header (fixture, g_ptr_array_index (all, 0));
  assert_records_shown (fixture, all);
}

static void
test_shown_and_all (Fixture       *fixture,
                    gconstpointer  data)
{
  export_shown_and_all (fixture);
}

/* Without a search there is nothing to choose: one row, all customers. */
static void
test_no_choice (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = target_path ("no-choice.csv");
  g_autoptr(GPtrArray) records = NULL;
  PdExportDialog *dialog = open_export_dialog (fixture, path);

  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (dialog), "shown_row")));
  g_assert_true (gtk_widget_get_visible (find (GTK_WIDGET (dialog), "all_row")));
  run_export (dialog);
  records = pd_test_csv_read_file (path);
  assert_records_shown (fixture, records);
}

static void
test_russian (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "ru", TRUE);
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      setlocale (LC_ALL, old_locale);
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      goto out;
    }
  if (g_strcmp0 (_("Company name"), "Company name") == 0)
    {
      setlocale (LC_ALL, old_locale);
      g_test_skip ("po/ru.po has no translation of “Company name”");
      goto out;
    }

  pd_test_ui_window_close (&fixture->window);
  open_window (fixture);
  export_shown_and_all (fixture);
  {
    g_autofree char *path = target_path ("all.csv");
    g_autoptr(GPtrArray) records = pd_test_csv_read_file (path);
    GStrv header = g_ptr_array_index (records, 0);

    g_assert_cmpstr (header[0], ==, _("Company name"));
    g_assert_cmpstr (header[0], !=, "Company name");
    g_assert_cmpstr (header[2], !=, "Microsoft ID");
  }
  pd_test_ui_window_close (&fixture->window);
  setlocale (LC_ALL, old_locale);

out:
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* A few customers with billing details: each cell is what the server stores. */
static void
test_billing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = target_path ("billing.csv");
  g_autoptr(GPtrArray) records = NULL;
  PdExportDialog *dialog;
  GStrv header;

  sort_by (fixture, "company-name", "ascending");
  search_for (fixture, "ПАО", 2, 20);
  dialog = open_export_dialog (fixture, path);
  gtk_switch_set_active (GTK_SWITCH (find (GTK_WIDGET (dialog), "billing_switch")), TRUE);
  run_export (dialog);
  assert_toast (fixture, n_shown (fixture));

  records = pd_test_csv_read_file (path);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 4 + PD_CUSTOMER_EXPORT_N_BILLING_FIELDS);
  assert_header (fixture, header);
  g_assert_cmpstr (header[4], ==, pd_profile_field_get_title (PD_PROFILE_FIELD_FIRST_NAME));
  assert_records_shown (fixture, records);

  for (guint i = 1; i < records->len; i++)
    {
      GStrv record = g_ptr_array_index (records, i);
      g_autoptr(PdBillingProfile) stored = pd_test_get_billing (fixture->client, record[2], NULL);

      for (guint f = 0; f < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; f++)
        g_assert_cmpstr (record[4 + f], ==,
                         pd_billing_profile_get_field (stored, pd_customer_export_billing_fields[f]));
      g_assert_cmpstr (record[6], !=, "");
    }
}

/* An account opened within the hour is exported as the cache keeps it: no second read. */
static void
test_billing_fresh_cache (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = target_path ("billing-cached.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (fixture->client);
  g_autoptr(PdCustomer) opened = NULL;
  g_autoptr(PdBillingProfile) cached = NULL;
  PdExportDialog *dialog;
  GStrv first;
  guint email = G_MAXUINT;

  for (guint f = 0; f < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; f++)
    if (pd_customer_export_billing_fields[f] == PD_PROFILE_FIELD_EMAIL)
      email = f;
  g_assert_cmpuint (email, !=, G_MAXUINT);

  sort_by (fixture, "company-name", "ascending");
  search_for (fixture, "ПАО", 2, 20);

  /* The first one shown was opened a moment ago: its account is in the cache, with an
   * email the service does not have. */
  {
    g_autoptr(PdCustomer) shown = g_list_model_get_item (fixture->model, 0);

    opened = pd_test_get_customer (fixture->client, pd_customer_get_id (shown), NULL);
    cached = pd_billing_profile_copy (pd_customer_get_billing_profile (opened));
    pd_billing_profile_set_email (cached, "cached@example.com");
    pd_customer_set_billing_profile (opened, cached);
    pd_cache_store_customer (cache, opened);
    pd_cache_sync (cache);
  }

  dialog = open_export_dialog (fixture, path);
  gtk_switch_set_active (GTK_SWITCH (find (GTK_WIDGET (dialog), "billing_switch")), TRUE);
  run_export (dialog);
  records = pd_test_csv_read_file (path);
  first = g_ptr_array_index (records, 1);
  g_assert_cmpstr (first[2], ==, pd_customer_get_tenant_id (opened));
  g_assert_cmpstr (first[4 + email], ==, "cached@example.com");
  /* The others were read from the service. */
  for (guint i = 2; i < records->len; i++)
    {
      GStrv record = g_ptr_array_index (records, i);
      g_autoptr(PdBillingProfile) stored = pd_test_get_billing (fixture->client, record[2], NULL);

      g_assert_cmpstr (record[4 + email], ==, pd_billing_profile_get_email (stored));
    }
}

/* A folder that is gone: the dialog says so in a sentence naming the file, writes
 * nothing, and stays until closed. */
static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (work_dir, "gone", "customers.csv", NULL);
  PdExportDialog *dialog = open_export_dialog (fixture, path);
  GtkStack *stack = GTK_STACK (find (GTK_WIDGET (dialog), "stack"));
  GtkLabel *label = GTK_LABEL (find (GTK_WIDGET (dialog), "error_label"));
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click (GTK_WIDGET (dialog), "export_button");
  pd_test_ui_assert_soon (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0,
                          TIMEOUT_MS);
  g_assert_nonnull (strstr (gtk_label_get_text (label), "“customers.csv”"));
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (dialog), "export_button")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  click (GTK_WIDGET (dialog), "cancel_button");
  g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &weak, TIMEOUT_MS));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

/* As a click on a response button does: the response, and the dialog goes. */
static void
answer (AdwMessageDialog *ask,
        const char       *response)
{
  gpointer weak = ask;

  g_object_add_weak_pointer (G_OBJECT (ask), &weak);
  adw_message_dialog_response (ask, response);
  gtk_window_destroy (GTK_WINDOW (ask));
  g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &weak, TIMEOUT_MS));
}

/* 300 billing reads: asked first, with an estimate; declined, nothing is written; then
 * accepted, every customer has its details. */
static void
test_large_asks_first (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = target_path ("large.csv");
  g_autofree char *heading = g_strdup_printf (ngettext ("Read Billing Details of %s Customer?",
                                                        "Read Billing Details of %s Customers?",
                                                        N_CUSTOMERS), "300");
  g_autofree char *body = g_strdup_printf (ngettext ("Partner Center is asked once for each "
                                                     "customer: this takes about %u minute.",
                                                     "Partner Center is asked once for each "
                                                     "customer: this takes about %u minutes.",
                                                     2), 2);
  g_autoptr(GPtrArray) records = NULL;
  PdExportDialog *dialog = open_export_dialog (fixture, path);
  AdwMessageDialog *ask;
  gpointer weak = dialog;

  gtk_switch_set_active (GTK_SWITCH (find (GTK_WIDGET (dialog), "billing_switch")), TRUE);
  click (GTK_WIDGET (dialog), "export_button");
  pd_test_ui_assert_soon ((ask = find_message_dialog ()) != NULL, TIMEOUT_MS);
  g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, heading);
  g_assert_cmpstr (adw_message_dialog_get_body (ask), ==, body);
  answer (ask, "cancel");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (find_export_dialog () == dialog);

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click (GTK_WIDGET (dialog), "export_button");
  pd_test_ui_assert_soon ((ask = find_message_dialog ()) != NULL, TIMEOUT_MS);
  answer (ask, "export");
  g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &weak, 120000));

  records = pd_test_csv_read_file (path);
  g_assert_cmpuint (records->len, ==, N_CUSTOMERS + 1);
  for (guint i = 1; i < records->len; i++)
    g_assert_cmpstr (((GStrv) g_ptr_array_index (records, i))[6], !=, "");
}

/* Cancel while billing details are read: no file, and an earlier one as it was. */
static void
test_cancel (void)
{
  g_autoptr(PdSandboxProcess) slow = pd_test_sandbox_start (30, "--latency-ms", "700", NULL);
  g_autofree char *new_path = target_path ("cancelled.csv");
  g_autofree char *old_path = target_path ("kept.csv");
  const char *paths[] = { new_path, old_path };
  Fixture fixture = { 0 };

  fixture.client = pd_test_client_new (slow);
  fixture.n_customers = 30;
  open_window (&fixture);
  g_assert_true (g_file_set_contents (old_path, "keep me", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      PdExportDialog *dialog = open_export_dialog (&fixture, paths[i]);
      GtkStack *stack = GTK_STACK (find (GTK_WIDGET (dialog), "stack"));
      GtkWidget *progress_label = find (GTK_WIDGET (dialog), "progress_label");
      gpointer weak = dialog;

      g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
      gtk_switch_set_active (GTK_SWITCH (find (GTK_WIDGET (dialog), "billing_switch")), TRUE);
      click (GTK_WIDGET (dialog), "export_button");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "progress");
      /* Some read, not all (30 at four a time over 700 ms take 5.6 s). */
      pd_test_ui_run_for (1600);
      g_assert_false (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (progress_label)), " 0 of 30 customers"));
      click (GTK_WIDGET (dialog), "cancel_button");
      g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &weak, TIMEOUT_MS));
      pd_test_ui_run_for (200);
    }

  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "keep me");
  }

  pd_test_ui_window_close (&fixture.window);
  g_clear_object (&fixture.client);
}

/* The work folder and all in it (the cache holds Mesa's shader cache too). */
static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL)
         && info != NULL)
    remove_tree (child);
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache_dir = NULL;
  int result;

  /* A cache of the test's own: the app may keep the list there. */
  work_dir = g_dir_make_tmp ("test-ui-export-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  cache_dir = g_build_filename (work_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  pd_test_ui_bind_translations ();

  sandbox = pd_test_sandbox_start (N_CUSTOMERS, NULL);
  app = pd_test_ui_application_new (APPLICATION_ID ".Test");

#define ADD_TEST(path, func) \
  g_test_add ("/ui/export/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("shown-and-all", test_shown_and_all);
  ADD_TEST ("no-choice", test_no_choice);
  ADD_TEST ("russian", test_russian);
  ADD_TEST ("billing", test_billing);
  ADD_TEST ("billing-fresh-cache", test_billing_fresh_cache);
  ADD_TEST ("large-asks-first", test_large_asks_first);
  ADD_TEST ("error", test_error);
  g_test_add_func ("/ui/export/cancel", test_cancel);

  result = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&sandbox);
  {
    g_autoptr(GFile) work = g_file_new_for_path (work_dir);

    remove_tree (work);
  }
  g_free (work_dir);

  return result;
}
