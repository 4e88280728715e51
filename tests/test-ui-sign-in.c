/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-sign-in.c: signing in through the window against the sandbox identity service:
 * browser and device code, restore at start, sign out, and an edit meeting an expired session. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <libsoup/soup.h>

#include "pd-account-page.h"
#include "pd-application.h"
#include "pd-connection-window.h"
#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-edit-window.h"
#include "pd-sign-in-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define ROMASHKA "ООО «Ромашка»"
#define TIMEOUT  30000

static PdSandboxProcess *sandbox;
static PdApplication *app;
static SoupSession *browser;
static gboolean use_keyring;

typedef struct
{
  PdConnection         *connection;
  PdOAuthTokenProvider *provider;
  PdWindow             *window;
  guint                 n_opened;
  guint                 n_failed;   /* addresses no browser could open */
} Fixture;

/* The "browser": asks the sandbox's authorize endpoint (another process, so blocking is
 * fine) and then follows its redirect to the app's loopback port asynchronously, since the
 * app answers it on this very main loop. */
static void
follow_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static void
open_uri_cb (const char *uri,
             gpointer    user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(SoupMessage) authorize = soup_message_new ("GET", uri);
  g_autoptr(SoupMessage) redirect = NULL;
  g_autofree char *location = NULL;

  fixture->n_opened++;
  g_assert_true (g_str_has_prefix (uri, pd_sandbox_process_get_base_url (sandbox)));
  location = pd_test_authorize_redirect (browser, authorize);
  redirect = soup_message_new ("GET", location);
  soup_session_send_and_read_async (browser, redirect, G_PRIORITY_DEFAULT, NULL,
                                    follow_cb, NULL);
}

static char *
keyring_lookup (PdConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  pd_secret_store_lookup_async (connection, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  token = pd_secret_store_lookup_finish (result, NULL, &error);
  g_assert_no_error (error);

  return token;
}

static void
keyring_clear (PdConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_secret_store_clear_async (connection, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  pd_secret_store_clear_finish (result, &error);
  g_assert_no_error (error);
}

static PdWindow *
new_window (Fixture *fixture)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));

  pd_window_set_open_uri_func (window, open_uri_cb, fixture);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->connection = pd_connection_new_for_sandbox (pd_sandbox_process_get_base_url (sandbox));
  if (use_keyring)
    keyring_clear (fixture->connection);
  fixture->provider = pd_oauth_token_provider_new (fixture->connection, use_keyring);
  fixture->window = new_window (fixture);
  pd_window_set_token_provider (fixture->window, fixture->provider);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_test_ui_window_close (&fixture->window);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->connection);
}

static gboolean
view_is (PdWindow   *window,
         const char *view)
{
  return g_strcmp0 (pd_window_get_view (window), view) == 0;
}

static gboolean
list_loaded (PdWindow *window)
{
  PdCustomersPage *page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (window));

  return view_is (window, "browse")
         && !pd_customers_page_get_loading (page)
         && pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (pd_customers_page_get_model (page))) > 0;
}

static void
activate_button (GtkWidget  *root,
                 const char *label)
{
  GtkWidget *button = pd_test_ui_find_by_label (root, label);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static void
assert_header_shows_account (PdWindow *window)
{
  PdCustomersPage *page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (window));
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_CUSTOMERS_PAGE,
                                                  "connection_label");

  /* The sandbox's default user, from the id_token. */
  g_assert_nonnull (strstr (pd_customers_page_get_account (page), "Demo Admin"));
  g_assert_nonnull (strstr (pd_customers_page_get_account (page),
                            "admin@contoso.onmicrosoft.com"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   pd_connection_get_title (pd_oauth_token_provider_get_connection (
                     pd_window_get_token_provider (window))));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Demo Admin"));
  /* Errors of the list name this connection, not always Partner Center. */
  g_assert_cmpstr (pd_client_get_service_name (pd_window_get_client (window)), ==,
                   gtk_label_get_text (GTK_LABEL (label)));
}

static void
sign_in_with_browser (Fixture *fixture)
{
  GtkWidget *page = pd_window_get_sign_in_page (fixture->window);

  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  activate_button (page, "Sign In with Browser");
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  g_assert_cmpuint (fixture->n_opened, ==, 1);
}

static void
test_browser (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *stored = NULL;

  /* Nothing stored yet: the window asks to sign in, with the cloud in the title. */
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  g_assert_nonnull (pd_test_ui_find_by_label (pd_window_get_sign_in_page (fixture->window),
                                              "Sign In to Sandbox"));

  sign_in_with_browser (fixture);
  assert_header_shows_account (fixture->window);
  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture->provider));

  if (use_keyring)
    {
      stored = keyring_lookup (fixture->connection);
      g_assert_nonnull (stored);
    }
}

static void
record_uri_cb (const char *uri,
               gpointer    user_data)
{
  char **recorded = user_data;

  g_free (*recorded);
  *recorded = g_strdup (uri);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

/* When the browser does not open (or the user wants another one), the sign-in address is
 * there to select or copy, and the sign-in goes on with it; no empty "Copy Details". */
static void
test_browser_address (Fixture       *fixture,
                      gconstpointer  data)
{
  PdSignInPage *page = PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window));
  g_autofree char *uri = NULL;
  g_autofree char *copied = NULL;
  GObject *address_label, *address_box, *copy_details;

  address_label = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_SIGN_IN_PAGE,
                                                 "browser_address_label");
  address_box = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_SIGN_IN_PAGE,
                                               "browser_address_box");
  copy_details = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_SIGN_IN_PAGE,
                                                "copy_details_button");

  /* A browser that never shows anything. */
  pd_window_set_open_uri_func (fixture->window, record_uri_cb, &uri);
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (copy_details)));
  /* An error from the sign-in has details to copy; only then is the button there. */
  {
    g_autoptr(GError) error = g_error_new_literal (PD_AUTH_ERROR, PD_AUTH_ERROR_DECLINED,
                                                   "declined");

    pd_sign_in_page_show_error (page, error);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (copy_details)));
  }
  activate_button (GTK_WIDGET (page), "Sign In with Browser");
  pd_test_ui_assert_soon (uri != NULL, TIMEOUT);
  g_assert_cmpstr (pd_sign_in_page_get_view (page), ==, "browser");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (address_box)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (copy_details)));

  activate_button (GTK_WIDGET (page), "Show the Sign-In Address");
  pd_test_ui_assert_soon (gtk_widget_get_visible (GTK_WIDGET (address_box)), TIMEOUT);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (address_label)), ==, uri);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (address_label)));

  activate_button (GTK_WIDGET (page), "Copy Address");
  /* A button activated from the keyboard clicks a moment later. */
  pd_test_ui_run_for (400);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (page)), NULL,
                                 read_text_cb, &copied);
  pd_test_ui_assert_soon (copied != NULL, TIMEOUT);
  g_assert_cmpstr (copied, ==, uri);

  /* Opened by hand: the sign-in that was waiting completes. */
  open_uri_cb (uri, fixture);
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (address_box)));
}

static GtkWidget *
page_child (PdSignInPage *page,
            const char   *name)
{
  GtkWidget *widget = pd_test_ui_find_by_id (GTK_WIDGET (page), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
click (PdSignInPage *page,
       const char   *name)
{
  GtkWidget *button = page_child (page, name);

  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

/* A computer where no browser opens: the opener says so, as gtk_show_uri would. */
static void
no_browser_cb (const char *uri,
               gpointer    user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                 "No application handles https");

  fixture->n_failed++;
  pd_sign_in_page_report_browser_failure (
    PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window)), error);
}

/* No browser: no spinner saying to go on in it, but the address to copy, Try Again (which
 * works once there is a browser) and a device code instead. */
static void
test_browser_not_opened (Fixture       *fixture,
                         gconstpointer  data)
{
  PdSignInPage *page = PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window));
  GtkWidget *address = page_child (page, "failed_address_label");
  g_autofree char *copied = NULL;

  pd_window_set_open_uri_func (fixture->window, no_browser_cb, fixture);
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  activate_button (GTK_WIDGET (page), "Sign In with Browser");
  pd_test_ui_assert_soon (g_strcmp0 (pd_sign_in_page_get_view (page), "browser-failed") == 0,
                          TIMEOUT);
  pd_test_ui_assert_soon (!gtk_stack_get_transition_running (GTK_STACK (page_child (page,
                                                                                    "stack"))),
                          TIMEOUT);
  g_assert_cmpuint (fixture->n_failed, ==, 1);
  g_assert_true (gtk_widget_is_drawable (page_child (page, "browser_failed_heading")));
  g_assert_false (gtk_widget_is_drawable (page_child (page, "browser_spinner")));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (page_child (page, "browser_spinner"))));
  g_assert_false (gtk_widget_get_visible (page_child (page, "error_box")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (address)),
                                   pd_sandbox_process_get_base_url (sandbox)));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (address)));

  /* X11's clipboard changes hands asynchronously, and an earlier test of this process may
   * have left an address there: read until the copy arrives (or time runs out). */
  click (page, "failed_copy_address_button");
  for (gint64 end = g_get_monotonic_time () + (gint64) TIMEOUT * 1000;
       g_strcmp0 (copied, gtk_label_get_text (GTK_LABEL (address))) != 0
       && g_get_monotonic_time () < end;)
    {
      g_clear_pointer (&copied, g_free);
      pd_test_ui_run_for (200);
      gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (page)), NULL,
                                     read_text_cb, &copied);
      pd_test_ui_assert_soon (copied != NULL, TIMEOUT);
    }
  g_assert_cmpstr (copied, ==, gtk_label_get_text (GTK_LABEL (address)));

  /* Still no browser: the same failure, not a spinner. */
  click (page, "retry_browser_button");
  pd_test_ui_run_for (400);
  g_assert_cmpuint (fixture->n_failed, ==, 2);
  g_assert_cmpstr (pd_sign_in_page_get_view (page), ==, "browser-failed");

  /* A browser now: Try Again opens the same sign-in, which completes. */
  pd_window_set_open_uri_func (fixture->window, open_uri_cb, fixture);
  click (page, "retry_browser_button");
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  g_assert_cmpuint (fixture->n_opened, ==, 1);
}

static void
test_browser_not_opened_use_code (Fixture       *fixture,
                                  gconstpointer  data)
{
  PdSignInPage *page = PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window));

  pd_oauth_token_provider_set_device_poll_interval_ms (fixture->provider, 1100);
  pd_window_set_open_uri_func (fixture->window, no_browser_cb, fixture);
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  activate_button (GTK_WIDGET (page), "Sign In with Browser");
  pd_test_ui_assert_soon (g_strcmp0 (pd_sign_in_page_get_view (page), "browser-failed") == 0,
                          TIMEOUT);
  pd_test_ui_assert_soon (!gtk_stack_get_transition_running (GTK_STACK (page_child (page,
                                                                                    "stack"))),
                          TIMEOUT);

  click (page, "device_instead_button");
  pd_test_ui_assert_soon (pd_sign_in_page_get_user_code (page) != NULL
                          || list_loaded (fixture->window), TIMEOUT);
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  /* The browser sign-in was dropped, not opened again. */
  g_assert_cmpuint (fixture->n_failed, ==, 1);
  g_assert_cmpuint (fixture->n_opened, ==, 0);
}

/* A declined device code: the error says so and Try Again gets a new code that works. */
static void
test_device_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  PdSignInPage *page = PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window));
  g_autofree char *declined = NULL;

  pd_oauth_token_provider_set_device_poll_interval_ms (fixture->provider, 1100);
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  g_assert_false (gtk_widget_get_visible (page_child (page, "retry_button")));
  activate_button (GTK_WIDGET (page), "Use a Device Code Instead");
  pd_test_ui_assert_soon (pd_sign_in_page_get_user_code (page) != NULL, TIMEOUT);
  declined = g_strdup (pd_sign_in_page_get_user_code (page));
  /* Before the second poll, when --auto-approve would approve it. */
  g_assert_cmpuint (pd_test_sandbox_post (browser, sandbox, "/devicelogin",
                                          soup_form_encode ("code", declined,
                                                            "action", "decline", NULL)),
                    ==, SOUP_STATUS_OK);

  pd_test_ui_assert_soon (gtk_widget_get_visible (page_child (page, "error_box")), TIMEOUT);
  g_assert_cmpstr (pd_sign_in_page_get_view (page), ==, "start");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_child (page, "error_label"))),
                            "declined"));
  pd_test_ui_run_for (400);
  click (page, "retry_button");

  pd_test_ui_assert_soon (pd_sign_in_page_get_user_code (page) != NULL
                          || list_loaded (fixture->window), TIMEOUT);
  g_assert_false (gtk_widget_get_visible (page_child (page, "error_box")));
  g_assert_cmpstr (pd_sign_in_page_get_user_code (page), !=, declined);
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
}

/* The connecting page (the demo server starting, a sign-in restoring) shows its spinner only
 * for a wait long enough to notice: a quick one does not flash it. */
static void
test_connecting_no_flash (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *status = pd_test_ui_find_by_id (window, "connecting_status");
  GtkSpinner *spinner = GTK_SPINNER (pd_test_ui_find_by_id (window, "connecting_spinner"));

  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);

  pd_window_show_connecting (fixture->window, "Starting the Demo Server…");
  g_assert_true (view_is (fixture->window, "connecting"));
  pd_test_ui_run_for (200);
  g_assert_false (gtk_widget_get_visible (status));
  g_assert_false (gtk_spinner_get_spinning (spinner));
  pd_window_show_sign_in (fixture->window, NULL);
  pd_test_ui_run_for (600);
  g_assert_false (gtk_widget_get_visible (status));

  /* A longer wait: the spinner and what is happening. */
  pd_window_show_connecting (fixture->window, "Starting the Demo Server…");
  pd_test_ui_run_for (700);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_true (gtk_spinner_get_spinning (spinner));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "Starting the Demo Server…");
  /* The next step of the same wait shows at once. */
  pd_window_show_connecting (fixture->window, "Signing In…");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Signing In…");

  pd_window_show_sign_in (fixture->window, NULL);
  g_assert_false (gtk_spinner_get_spinning (spinner));
}

static guint
count_labels (GtkWidget  *root,
              const char *text)
{
  guint n = GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

/* A keyring that cannot keep the sign-in is said once, not on every token refresh. */
static void
test_keyring_failed (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *text = "Sign-in won't be remembered: the keyring is not available.";
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 "The collection is locked");

  sign_in_with_browser (fixture);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), text), ==, 0);

  /* What the provider says when the Secret Service refuses the token. */
  g_signal_emit_by_name (fixture->provider, "keyring-failed", error);
  g_signal_emit_by_name (fixture->provider, "keyring-failed", error);
  pd_test_ui_run_for (300);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), text), ==, 1);
  pd_test_ui_run_for (1000);
  g_assert_cmpuint (count_labels (GTK_WIDGET (fixture->window), text), ==, 1);
}

static void
test_device (Fixture       *fixture,
             gconstpointer  data)
{
  PdSignInPage *page = PD_SIGN_IN_PAGE (pd_window_get_sign_in_page (fixture->window));
  GObject *code_label = gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_SIGN_IN_PAGE,
                                                       "code_label");

  pd_oauth_token_provider_set_device_poll_interval_ms (fixture->provider, 1100);
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  activate_button (GTK_WIDGET (page), "Use a Device Code Instead");

  /* The code appears in the page while the sandbox says authorization_pending. */
  pd_test_ui_assert_soon (g_strcmp0 (pd_sign_in_page_get_view (page), "device") == 0
                          || list_loaded (fixture->window), TIMEOUT);
  if (!list_loaded (fixture->window))
    {
      const char *code = pd_sign_in_page_get_user_code (page);

      g_assert_nonnull (code);
      g_assert_cmpuint (strlen (code), >=, 8);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (code_label)), ==, code);
      g_assert_true (gtk_label_get_selectable (GTK_LABEL (code_label)));
    }
  else
    {
      g_test_message ("approved before the code view was seen");
    }

  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  assert_header_shows_account (fixture->window);
  g_assert_cmpuint (fixture->n_opened, ==, 0);
}

static void
test_restore_and_sign_out (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PdOAuthTokenProvider) provider = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *cache_path = NULL;
  PdWindow *window;

  if (!use_keyring)
    {
      g_test_skip ("no Secret Service");
      return;
    }

  sign_in_with_browser (fixture);

  /* A new start on the same connection: straight to the list, no browser. */
  provider = pd_oauth_token_provider_new (fixture->connection, TRUE);
  window = new_window (fixture);
  pd_window_set_token_provider (window, provider);
  pd_test_ui_assert_soon (list_loaded (window), TIMEOUT);
  g_assert_cmpuint (fixture->n_opened, ==, 1);
  assert_header_shows_account (window);

  /* The account's customers are cached on this computer, under its own key. */
  {
    g_autoptr(PdCache) cache = pd_cache_dup_for_client (pd_window_get_client (window));

    pd_cache_sync (cache);
    cache_path = g_strdup (pd_cache_get_path (cache));
  }
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  g_assert_null (strstr (cache_path, "/demo/"));

  /* Sign out: back to the sign-in page, nothing left in the keyring, and the account's
   * cache gone with it. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sign-out"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "sign-out", NULL);
  pd_test_ui_assert_soon (view_is (window, "sign-in"), TIMEOUT);
  g_assert_false (pd_oauth_token_provider_get_signed_in (provider));
  stored = keyring_lookup (fixture->connection);
  g_assert_null (stored);
  g_assert_false (g_file_test (cache_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sandbox again on the same address and data (the same connection), with @user signing
 * in (NULL: its default): the sandbox before is kept until the end, its directory holds
 * the data. */
static GPtrArray *retired_sandboxes;

static void
restart_sandbox_as (const char *user)
{
  g_autoptr(GUri) uri = g_uri_parse (pd_sandbox_process_get_base_url (sandbox),
                                     G_URI_FLAGS_NONE, NULL);
  g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (uri));
  /* The data stay where the first sandbox kept them. */
  PdSandboxProcess *first = retired_sandboxes->len > 0 ? g_ptr_array_index (retired_sandboxes, 0)
                                                       : sandbox;
  g_autofree char *database = g_build_filename (g_object_get_data (G_OBJECT (first),
                                                                   "pd-test-temp-dir"),
                                                "sandbox.db", NULL);

  pd_sandbox_process_stop (sandbox);
  g_ptr_array_add (retired_sandboxes, g_steal_pointer (&sandbox));
  sandbox = pd_test_sandbox_start (7, "--auto-approve", "--device-interval", "1",
                                   "--port", port, "--database", database,
                                   user != NULL ? "--user" : NULL, user, NULL);
}

static char *
dup_cache_path (PdWindow *window)
{
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (pd_window_get_client (window));

  pd_cache_sync (cache);
  return g_strdup (pd_cache_get_path (cache));
}

/* Someone else signs in on the same connection (the session ended): the customers cached
 * for the account before go. */
static void
test_switch_account (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *first_cache = NULL;
  g_autofree char *second_cache = NULL;
  PdCustomersPage *page;

  sign_in_with_browser (fixture);
  first_cache = dup_cache_path (fixture->window);
  g_assert_true (g_file_test (first_cache, G_FILE_TEST_EXISTS));

  /* The service forgets the session; another admin signs in. */
  restart_sandbox_as ("Other Admin <other@contoso.onmicrosoft.com>");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  pd_test_ui_assert_soon (view_is (fixture->window, "sign-in"), TIMEOUT);
  activate_button (pd_window_get_sign_in_page (fixture->window), "Sign In with Browser");
  pd_test_ui_assert_soon (list_loaded (fixture->window), TIMEOUT);
  page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture->window));
  g_assert_nonnull (strstr (pd_customers_page_get_account (page), "other@contoso"));

  second_cache = dup_cache_path (fixture->window);
  g_assert_cmpstr (second_cache, !=, first_cache);
  g_assert_true (g_file_test (second_cache, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (first_cache, G_FILE_TEST_EXISTS));

  restart_sandbox_as (NULL);
}

static PdCustomer *
find_romashka (PdWindow *window)
{
  GListModel *model = pd_customers_page_get_model (
    PD_CUSTOMERS_PAGE (pd_window_get_customers_page (window)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdCustomer) customer = g_list_model_get_item (model, i);

      if (g_strcmp0 (pd_customer_get_company_name (customer), ROMASHKA) == 0)
        return customer;
    }

  return NULL;
}

static GtkWindow *
find_transient_for (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == parent
          && pd_sign_in_window_get_page (window) != NULL
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
test_expired_during_edit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PdClient) reader = NULL;
  g_autoptr(PdCustomer) stored = NULL;
  g_autofree char *etag = NULL;
  PdAccountPage *account;
  GtkWindow *edit;
  GtkWindow *sign_in;
  GObject *city_row;
  GObject *error_label;
  GObject *sign_in_button;

  sign_in_with_browser (fixture);
  pd_window_show_customer (fixture->window, find_romashka (fixture->window));
  account = PD_ACCOUNT_PAGE (pd_test_ui_find_by_type (GTK_WIDGET (fixture->window),
                                                      PD_TYPE_ACCOUNT_PAGE));
  g_assert_nonnull (account);
  pd_test_ui_assert_soon (pd_account_page_get_customer (account) != NULL, TIMEOUT);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (account), "account.edit", NULL));
  edit = pd_account_page_edit (account);
  g_assert_true (PD_IS_EDIT_WINDOW (edit));
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  pd_test_ui_assert_soon (pd_profile_form_get_rules (
                            pd_edit_window_get_form (PD_EDIT_WINDOW (edit))) != NULL, TIMEOUT);
  etag = g_strdup (pd_billing_profile_get_etag (
    pd_profile_form_get_original (pd_edit_window_get_form (PD_EDIT_WINDOW (edit)))));

  city_row = gtk_widget_get_template_child (GTK_WIDGET (edit), PD_TYPE_EDIT_WINDOW, "city_row");
  gtk_editable_set_text (GTK_EDITABLE (city_row), "Казань");

  /* The session ends while the form is open: no refresh can save it. */
  pd_test_sandbox_end_sessions (browser, sandbox);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.submit", NULL));

  sign_in_button = gtk_widget_get_template_child (GTK_WIDGET (edit), PD_TYPE_EDIT_WINDOW,
                                                  "sign_in_button");
  pd_test_ui_assert_soon (gtk_widget_get_visible (GTK_WIDGET (sign_in_button)), TIMEOUT);
  error_label = gtk_widget_get_template_child (GTK_WIDGET (edit), PD_TYPE_EDIT_WINDOW,
                                               "error_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "session has expired"));
  /* Every edit kept, the form still open, the list still behind it. */
  g_assert_nonnull (edit);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city_row)), ==, "Казань");
  g_assert_true (pd_profile_form_get_is_dirty (pd_edit_window_get_form (PD_EDIT_WINDOW (edit))));
  g_assert_true (view_is (fixture->window, "browse"));

  /* Sign in again from the form: a small window over it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.sign-in", NULL));
  pd_test_ui_assert_soon ((sign_in = find_transient_for (edit)) != NULL, TIMEOUT);
  g_assert_nonnull (sign_in);
  g_assert_true (gtk_window_get_modal (sign_in));
  activate_button (GTK_WIDGET (pd_sign_in_window_get_page (sign_in)), "Sign In with Browser");

  /* The resubmit goes through, and the form closes. */
  pd_test_ui_assert_soon (edit == NULL, TIMEOUT);
  g_assert_cmpuint (fixture->n_opened, ==, 2);

  reader = pd_test_client_new (sandbox);
  stored = pd_test_get_customer (reader, pd_customer_get_id (find_romashka (fixture->window)),
                                 NULL);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (
                     pd_customer_get_billing_profile (stored))), ==, "Казань");
  /* Submitted against the etag the form was opened with, then a new one. */
  g_assert_cmpstr (pd_billing_profile_get_etag (pd_customer_get_billing_profile (stored)), !=,
                   etag);
}

/* The list meets the expired session while an edit form is open: the form will ask to sign
 * in by itself; the pages under it stay (the list says it could not refresh). */
static void
test_list_expired_during_edit (Fixture       *fixture,
                               gconstpointer  data)
{
  PdCustomersPage *list = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture->window));
  AdwLeaflet *leaflet;
  PdAccountPage *account;
  GtkWidget *customer_page;
  GtkWindow *edit;

  sign_in_with_browser (fixture);
  pd_window_show_customer (fixture->window, find_romashka (fixture->window));
  account = PD_ACCOUNT_PAGE (pd_test_ui_find_by_type (GTK_WIDGET (fixture->window),
                                                      PD_TYPE_ACCOUNT_PAGE));
  pd_test_ui_assert_soon (pd_account_page_get_customer (account) != NULL, TIMEOUT);
  edit = pd_account_page_edit (account);
  g_assert_true (PD_IS_EDIT_WINDOW (edit));
  leaflet = ADW_LEAFLET (pd_test_ui_find_by_id (GTK_WIDGET (fixture->window), "leaflet"));
  customer_page = adw_leaflet_get_visible_child (leaflet);
  g_assert_true (customer_page != GTK_WIDGET (list));

  pd_test_sandbox_end_sessions (browser, sandbox);
  pd_customers_page_refresh (list);
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (list), TIMEOUT);
  pd_test_ui_run_for (200);

  g_assert_true (view_is (fixture->window, "browse"));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == customer_page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (edit)));

  gtk_window_destroy (edit);
  pd_test_ui_run_for (50);
}

static GtkWidget *
connection_child (GtkWidget  *window,
                  const char *name)
{
  GObject *object = gtk_widget_get_template_child (window, PD_TYPE_CONNECTION_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static PdWindow *
app_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PD_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as
 * hyphens ("### Registering the app" → "registering-the-app"). */
static char *
heading_anchor (const char *line)
{
  GString *anchor = g_string_new (NULL);

  for (const char *p = line + strspn (line, "# "); *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (anchor, g_ascii_tolower (*p));
      else if (*p == ' ')
        g_string_append_c (anchor, '-');
    }

  return g_string_free (anchor, FALSE);
}

/* "The README explains how to register one" is a link, to a section that exists. */
static void
assert_registration_help_links_readme (GtkWidget *window)
{
  GtkWidget *link = connection_child (window, "registration_help_link");
  g_autofree char *uri = NULL;
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_auto(GStrv) lines = NULL;
  const char *fragment;
  gboolean found = FALSE;

  g_assert_true (gtk_widget_is_drawable (link));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (link)), ==, "How to Register the App");
  /* The markup is <a href="…">…</a>: the address is between the first quotes. */
  uri = g_strdup (strchr (gtk_label_get_label (GTK_LABEL (link)), '"') + 1);
  *strchr (uri, '"') = '\0';
  g_assert_true (g_str_has_prefix (uri, PACKAGE_WEBSITE "#"));
  fragment = strchr (uri, '#') + 1;
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  lines = g_strsplit (readme, "\n", -1);
  for (guint i = 0; lines[i] != NULL && !found; i++)
    if (g_str_has_prefix (lines[i], "## ") || g_str_has_prefix (lines[i], "### "))
      {
        g_autofree char *anchor = heading_anchor (lines[i]);

        found = g_str_equal (anchor, fragment);
      }
  g_assert_true (found);
}

static void
test_connection_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *client_id = NULL;
  GtkWidget *window = pd_connection_window_new (NULL);
  GtkWidget *connect = connection_child (window, "connect_button");
  GtkWidget *client_id_row = connection_child (window, "client_id_row");
  GtkWidget *error_label = connection_child (window, "sign_in_error_label");
  PdWindow *main_window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  /* The demo needs no app registration; the clouds do, and say so inline. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (connection_child (window, "demo_check")), TRUE);
  g_assert_false (gtk_widget_get_visible (connection_child (window, "sign_in_group")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (connection_child (window, "china_check")), TRUE);
  g_assert_true (gtk_widget_get_visible (connection_child (window, "sign_in_group")));
  g_assert_false (gtk_widget_get_visible (connection_child (window, "custom_group")));
  pd_test_ui_run_for (100);
  assert_registration_help_links_readme (window);

  gtk_editable_set_text (GTK_EDITABLE (client_id_row), "");
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_false (gtk_widget_get_visible (error_label));

  gtk_editable_set_text (GTK_EDITABLE (client_id_row), "not-an-id");
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_true (gtk_widget_has_css_class (client_id_row, "error"));
  g_assert_true (gtk_widget_get_visible (error_label));

  gtk_editable_set_text (GTK_EDITABLE (client_id_row), "11111111-2222-3333-4444-555555555555");
  g_assert_true (gtk_widget_get_sensitive (connect));
  g_assert_false (gtk_widget_has_css_class (client_id_row, "error"));
  g_assert_false (gtk_widget_get_visible (error_label));

  /* Custom: three more addresses, checked as typed. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (connection_child (window, "custom_check")), TRUE);
  g_assert_true (gtk_widget_get_visible (connection_child (window, "custom_group")));
  gtk_editable_set_text (GTK_EDITABLE (connection_child (window, "url_row")), "ftp://x");
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_true (gtk_widget_get_visible (connection_child (window, "custom_error_label")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (connection_child (window, "china_check")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (connect));

  /* Connect: remembered (no secret in it), and the app's window asks to sign in to
   * 21Vianet, naming it. */
  gtk_widget_activate (connect);
  pd_test_ui_assert_soon (window == NULL, TIMEOUT);
  g_assert_cmpint (g_settings_get_enum (settings, "connection-kind"), ==, PD_CONNECTION_CHINA);
  client_id = g_settings_get_string (settings, "client-id");
  g_assert_cmpstr (client_id, ==, "11111111-2222-3333-4444-555555555555");

  main_window = app_window ();
  g_assert_nonnull (main_window);
  pd_test_ui_assert_soon (view_is (main_window, "sign-in"), TIMEOUT);
  g_assert_nonnull (pd_test_ui_find_by_label (pd_window_get_sign_in_page (main_window),
                                              "Sign In to Partner Center operated by 21Vianet"));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (main_window)), "21Vianet"));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

int
main (int   argc,
      char *argv[])
{
  int result;

  /* The keyring runner's private bus would start the accessibility registry, which writes
   * to our stdout and breaks TAP. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  pd_test_ui_isolate_cache ();
  gtk_test_init (&argc, &argv, NULL);
  pd_test_ui_bind_translations ();

  /* The keyring runner (tests/run-with-keyring.sh) sets this; without it, memory only. */
  use_keyring = g_getenv ("PD_TEST_KEYRING_DIR") != NULL;

  sandbox = pd_test_sandbox_start (7, "--auto-approve", "--device-interval", "1", NULL);
  retired_sandboxes = g_ptr_array_new_with_free_func (g_object_unref);
  browser = soup_session_new ();
  app = pd_test_ui_application_new (APPLICATION_ID ".Test");

#define ADD_TEST(path, func) \
  g_test_add ("/ui/sign-in/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("browser", test_browser);
  ADD_TEST ("device-code", test_device);
  ADD_TEST ("browser-address", test_browser_address);
  ADD_TEST ("browser-not-opened", test_browser_not_opened);
  ADD_TEST ("browser-not-opened-use-code", test_browser_not_opened_use_code);
  ADD_TEST ("device-retry", test_device_retry);
  ADD_TEST ("connecting-no-flash", test_connecting_no_flash);
  ADD_TEST ("keyring-failed", test_keyring_failed);
  ADD_TEST ("restore-and-sign-out", test_restore_and_sign_out);
  ADD_TEST ("expired-during-edit", test_expired_during_edit);
  ADD_TEST ("list-expired-during-edit", test_list_expired_during_edit);
  ADD_TEST ("switch-account", test_switch_account);
  g_test_add_func ("/ui/sign-in/connection-settings", test_connection_settings);

  result = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&browser);
  pd_sandbox_process_stop (sandbox);
  g_clear_object (&sandbox);
  g_clear_pointer (&retired_sandboxes, g_ptr_array_unref);

  return result;
}
