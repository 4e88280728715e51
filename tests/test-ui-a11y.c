/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-a11y.c: every window and dialog, read over AT-SPI as a screen reader reads it. */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-a11y"

#include <adwaita.h>

#include "pd-account-page.h"
#include "pd-application.h"
#include "pd-connection-window.h"
#include "pd-customer-list-model.h"
#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-edit-window.h"
#include "pd-test-a11y.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define ROMASHKA   "ООО «Ромашка»"
#define TIMEOUT_MS 20000

static PdSandboxProcess *sandbox;
static PdApplication *app;

/* The app's main window on @client (NULL: the first-run welcome page). */
static PdWindow *
open_main_window (PdClient *client)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (client != NULL)
    pd_window_set_client (window, client, "Demo Data");
  pd_test_ui_run_for (100);

  return window;
}

static void
close_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  pd_test_ui_run_for (50);
}

static gboolean
list_loaded (PdWindow *window)
{
  PdCustomersPage *page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (window));

  return !pd_customers_page_get_loading (page)
         && pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (pd_customers_page_get_model (page))) > 0;
}

static void
test_welcome (void)
{
  open_main_window (NULL);
  pd_test_a11y_assert_clean ();
  close_all_windows ();
}

/* The list, its rows named by company and domain, and a toast over it. */
static void
test_list (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(PdCustomer) first = NULL;
  g_autoptr(JsonObject) tree = NULL;
  g_autofree char *row_name = NULL;
  PdWindow *window = open_main_window (client);
  GListModel *model;

  pd_test_ui_assert_soon (list_loaded (window), TIMEOUT_MS);
  pd_test_ui_run_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-toast", "s",
                                             "Saved."));
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();

  model = pd_customers_page_get_model (PD_CUSTOMERS_PAGE (pd_window_get_customers_page (window)));
  first = pd_customer_list_model_get_customer (PD_CUSTOMER_LIST_MODEL (model), 0);
  row_name = g_strdup_printf ("%s, %s", pd_customer_get_company_name (first),
                              pd_customer_get_domain (first));
  tree = pd_test_a11y_read_tree ();
  g_assert_nonnull (pd_test_a11y_find (tree, "table row", row_name));

  close_all_windows ();
}

static PdCustomer *
find_romashka (PdClient *client)
{
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);

  return pd_test_get_customer (client, id, NULL);
}

static GtkWidget *
show_account (PdWindow   *window,
              PdCustomer *customer)
{
  GtkWidget *leaflet = pd_test_ui_find_by_id (GTK_WIDGET (window), "leaflet");
  GtkWidget *page;
  GtkWidget *account;

  pd_window_show_customer (window, customer);
  pd_test_ui_assert_soon (PD_IS_CUSTOMER_PAGE (adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet)))
                          && !adw_leaflet_get_child_transition_running (ADW_LEAFLET (leaflet)),
                          TIMEOUT_MS);
  page = adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet));
  account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));
  pd_test_ui_assert_soon (pd_account_page_get_customer (PD_ACCOUNT_PAGE (account)) != NULL,
                          TIMEOUT_MS);
  pd_test_ui_run_for (100);

  return account;
}

/* The customer's page with its account, and Back named by what it does. */
static void
test_customer (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(PdCustomer) customer = find_romashka (client);
  g_autoptr(JsonObject) tree = NULL;
  PdWindow *window = open_main_window (client);

  pd_test_ui_assert_soon (list_loaded (window), TIMEOUT_MS);
  show_account (window, customer);
  pd_test_a11y_assert_clean ();

  tree = pd_test_a11y_read_tree ();
  g_assert_nonnull (pd_test_a11y_find (tree, "push button", "Back to Customers"));
  g_assert_nonnull (pd_test_a11y_find (tree, "push button", "Edit"));

  close_all_windows ();
}

static PdEditWindow *
open_edit_window (PdWindow   *window,
                  PdCustomer *customer)
{
  GtkWidget *account = show_account (window, customer);
  PdEditWindow *edit;

  g_assert_true (gtk_widget_activate_action (account, "account.edit", NULL));
  pd_test_ui_assert_soon ((edit = PD_EDIT_WINDOW (pd_account_page_edit (PD_ACCOUNT_PAGE (account))))
                          != NULL, TIMEOUT_MS);
  pd_test_ui_assert_soon (pd_profile_form_get_rules (pd_edit_window_get_form (edit)) != NULL,
                          TIMEOUT_MS);
  pd_test_ui_run_for (100);

  return edit;
}

static void
set_row_text (PdEditWindow *edit,
              const char   *id,
              const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (pd_test_ui_find_by_id (GTK_WIDGET (edit), id)), text);
}

/* The edit form, the "Discard changes?" dialog, and the form showing a conflict. */
static void
test_edit (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(PdCustomer) customer = find_romashka (client);
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  PdWindow *window = open_main_window (client);
  PdEditWindow *edit;
  PdProfileForm *form;

  pd_test_ui_assert_soon (list_loaded (window), TIMEOUT_MS);
  edit = open_edit_window (window, customer);
  form = pd_edit_window_get_form (edit);
  pd_test_a11y_assert_clean ();

  set_row_text (edit, "city_row", "Казань");
  gtk_window_close (GTK_WINDOW (edit));
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();
  /* "Keep editing". */
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        adw_message_dialog_response (l->data, "cancel");
        gtk_window_destroy (l->data);
      }

  /* A colleague saves first: Submit meets a conflict. */
  theirs = pd_test_get_billing (client, pd_customer_get_id (customer), NULL);
  pd_address_set_city (pd_billing_profile_get_default_address (theirs), "Тула");
  stored = pd_test_update_billing (client, pd_customer_get_id (customer), theirs, NULL);
  pd_edit_window_submit (edit);
  pd_test_ui_assert_soon (!pd_profile_form_get_busy (form)
                          && pd_profile_form_get_has_conflict (form), TIMEOUT_MS);
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();

  pd_profile_form_commit (form, pd_profile_form_get_original (form));
  close_all_windows ();
}

/* The list that could not load, and an account that could not. */
static void
test_errors (void)
{
  g_autoptr(PdSandboxProcess) failing = pd_test_sandbox_start (10, "--fail-rate", "1", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (failing);
  g_autoptr(PdClient) good_client = pd_test_client_new (sandbox);
  g_autoptr(PdCustomer) missing = pd_customer_new ();
  PdWindow *window;
  GtkWidget *stack;
  GtkWidget *account_window = gtk_window_new ();
  GtkWidget *account;

  /* Nothing cached: the list's error page, not the rows of the tests before. */
  pd_test_ui_forget_cache (client);
  window = open_main_window (client);
  stack = pd_test_ui_find_by_id (pd_window_get_customers_page (window), "content_stack");
  pd_test_ui_assert_soon (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)),
                                     "error") == 0, TIMEOUT_MS);

  pd_customer_set_id (missing, "00000000-0000-0000-0000-000000000000");
  account = pd_account_page_new (good_client, missing);
  gtk_window_set_title (GTK_WINDOW (account_window), "Account");
  gtk_window_set_child (GTK_WINDOW (account_window), account);
  gtk_window_present (GTK_WINDOW (account_window));
  stack = pd_test_ui_find_by_id (account, "stack");
  pd_test_ui_assert_soon (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)),
                                     "error") == 0, TIMEOUT_MS);
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();

  close_all_windows ();
}

static void
test_connection_settings (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  PdWindow *window = open_main_window (client);
  GtkWidget *settings = pd_window_new_connection_settings (window);

  gtk_window_present (GTK_WINDOW (settings));
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();

  close_all_windows ();
}

/* The sign-in page of a connection nobody is signed in to. */
static void
test_sign_in (void)
{
  g_autoptr(PdConnection) connection =
    pd_connection_new_for_sandbox (pd_sandbox_process_get_base_url (sandbox));
  g_autoptr(PdOAuthTokenProvider) provider = pd_oauth_token_provider_new (connection, FALSE);
  PdWindow *window = open_main_window (NULL);

  pd_window_set_token_provider (window, provider);
  pd_test_ui_assert_soon (g_str_equal (pd_window_get_view (window), "sign-in"), TIMEOUT_MS);
  pd_test_ui_run_for (100);
  pd_test_a11y_assert_clean ();

  close_all_windows ();
}

static void
test_shortcuts (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  PdWindow *window = open_main_window (client);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  pd_test_ui_run_for (200);
  pd_test_a11y_assert_clean ();

  close_all_windows ();
}

static void
test_about (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);

  open_main_window (client);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  pd_test_ui_run_for (200);
  pd_test_a11y_assert_clean ();

  close_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  int result;

  pd_test_ui_isolate_cache ();
  gtk_test_init (&argc, &argv, NULL);
  pd_test_ui_bind_translations ();
  /* A blinking cursor in a window that lost focus to another test window warns. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  sandbox = pd_test_sandbox_start (7, NULL);
  app = pd_test_ui_application_new (APPLICATION_ID ".TestA11y");

  g_test_add_func ("/ui/a11y/welcome", test_welcome);
  g_test_add_func ("/ui/a11y/list", test_list);
  g_test_add_func ("/ui/a11y/customer", test_customer);
  g_test_add_func ("/ui/a11y/edit", test_edit);
  g_test_add_func ("/ui/a11y/errors", test_errors);
  g_test_add_func ("/ui/a11y/connection-settings", test_connection_settings);
  g_test_add_func ("/ui/a11y/sign-in", test_sign_in);
  g_test_add_func ("/ui/a11y/shortcuts", test_shortcuts);
  g_test_add_func ("/ui/a11y/about", test_about);

  result = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&sandbox);

  return result;
}
