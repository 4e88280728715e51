/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-layout.c: narrow windows and large text: columns, identifiers, dialog sizes. */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-layout"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "pd-account-page.h"
#include "pd-application.h"
#include "pd-customer-columns.h"
#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-edit-window.h"
#include "pd-sign-in-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define N_CUSTOMERS 300
#define ROMASHKA    "ООО «Ромашка»"
#define TIMEOUT_MS  20000
/* GTK's text size: 96 dpi in 1024ths, as GNOME's text-scaling-factor sets it. */
#define NORMAL_DPI  (96 * 1024)

static PdSandboxProcess *sandbox;
static PdApplication *app;

typedef struct
{
  PdClient   *client;
  PdCustomer *customer;  /* ООО «Ромашка», read by id: both profiles */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = NULL;

  fixture->client = pd_test_client_new (sandbox);
  id = pd_test_find_customer_id (fixture->client, ROMASHKA);
  fixture->customer = pd_test_get_customer (fixture->client, id, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", NORMAL_DPI, NULL);
  g_clear_object (&fixture->customer);
  g_clear_object (&fixture->client);
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (50);
}

/* The window is @width pixels wide, give or take its frame (no window manager here, so
 * its frame is its own). */
static void
assert_width (GtkWidget *window,
              int        width)
{
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
  g_assert_cmpint (gtk_widget_get_width (window), >=, width - 20);
}

/* The main window, @width pixels wide, with its list loaded. */
static PdWindow *
open_main_window (Fixture *fixture,
                  int      width)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  GtkWidget *page;
  GListModel *model;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  pd_window_set_client (window, fixture->client, "Sandbox");

  page = pd_window_get_customers_page (window);
  model = pd_customers_page_get_model (PD_CUSTOMERS_PAGE (page));
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (PD_CUSTOMERS_PAGE (page))
                          && g_list_model_get_n_items (model) == N_CUSTOMERS, TIMEOUT_MS);
  /* The page adapts after it was laid out at its width. */
  pd_test_ui_run_for (300);
  assert_width (GTK_WIDGET (window), width);

  return window;
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("No column titled “%s”", title);
}

/* The titles of the visible columns, joined with "|". */
static char *
visible_columns (PdWindow *window)
{
  GtkColumnView *view =
    GTK_COLUMN_VIEW (pd_test_ui_find_by_id (GTK_WIDGET (window), "column_view"));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (column))
        g_strv_builder_add (titles, gtk_column_view_column_get_title (column));
    }
  strv = g_strv_builder_end (titles);

  return g_strjoinv ("|", strv);
}

static void
assert_columns (Fixture    *fixture,
                int         width,
                const char *expected)
{
  PdWindow *window = open_main_window (fixture, width);
  gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  g_autofree char *shown = visible_columns (window);

  /* The columns follow the page's width once it is laid out, which a busy machine may
   * take a few frames to do. */
  while (g_strcmp0 (shown, expected) != 0 && g_get_monotonic_time () < end)
    {
      pd_test_ui_iterate ();
      g_free (shown);
      shown = visible_columns (window);
    }
  g_test_message ("%d px: %s", width, shown);
  g_assert_cmpstr (shown, ==, expected);
  close_window (GTK_WIDGET (window));
}

/* The list drops the Microsoft ID, then the domain, as the window narrows. */
static void
test_list_columns (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_columns (fixture, 1280, "Company name|Domain|Microsoft ID|Relationship");
  assert_columns (fixture, 800, "Company name|Domain|Relationship");
  assert_columns (fixture, 360, "Company name|Relationship");
}

/* Twice the text takes twice the room: at 1280 px the list drops the Microsoft ID. */
static void
test_list_large_text (Fixture       *fixture,
                      gconstpointer  data)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 2 * NORMAL_DPI, NULL);
  assert_columns (fixture, 1280, "Company name|Domain|Relationship");
}

/* The header bar fits at 360 px: its title is whole; Refresh is left to the menu. The
 * status bar's words are whole. */
static void
test_list_header_narrow (Fixture       *fixture,
                         gconstpointer  data)
{
  PdWindow *window = open_main_window (fixture, 360);
  GtkWidget *title = pd_test_ui_find_by_id (GTK_WIDGET (window), "window_title");
  GtkWidget *title_label = pd_test_ui_find_by_id (title, "title_label");

  g_assert_false (gtk_widget_get_visible (pd_test_ui_find_by_id (GTK_WIDGET (window),
                                                                 "refresh_button")));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title_label))));
  /* The status bar's count and its age are whole too (an action bar's start half once cut
   * them while its middle stood empty). */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = pd_test_ui_find_by_id (GTK_WIDGET (window),
                                                i == 0 ? "count_label" : "age_label");

      g_assert_true (gtk_widget_get_mapped (label));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
    }
  close_window (GTK_WIDGET (window));

  window = open_main_window (fixture, 800);
  g_assert_true (gtk_widget_get_visible (pd_test_ui_find_by_id (GTK_WIDGET (window),
                                                                "refresh_button")));
  close_window (GTK_WIDGET (window));
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *cells)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, cells);
}

/* A Microsoft ID in the list stays on one line, shortened, whole in its tooltip. */
static void
test_list_tenant_cell (Fixture       *fixture,
                       gconstpointer  data)
{
  PdWindow *window = open_main_window (fixture, 1280);
  GtkColumnView *view =
    GTK_COLUMN_VIEW (pd_test_ui_find_by_id (GTK_WIDGET (window), "column_view"));
  GtkColumnViewColumn *tenant = column_titled (view, "Microsoft ID");
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  int checked = 0;

  /* Narrow the column: a GUID no longer fits. */
  gtk_column_view_column_set_fixed_width (tenant, 120);
  pd_test_ui_run_for (200);

  collect_inscriptions (GTK_WIDGET (view), cells);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkInscription *cell = g_ptr_array_index (cells, i);
      const char *text = gtk_inscription_get_text (cell);

      /* The cells with a GUID in them. */
      if (text == NULL || strlen (text) != 36 || text[8] != '-')
        continue;

      g_assert_cmpint (gtk_inscription_get_text_overflow (cell), !=,
                       GTK_INSCRIPTION_OVERFLOW_CLIP);
      g_assert_cmpuint (gtk_inscription_get_nat_lines (cell), <=, 1);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (cell)), <=, 120);
      g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (cell)));
      g_assert_cmpstr (pd_customer_columns_get_cell_tooltip (GTK_WIDGET (cell)), ==, text);
      checked++;
    }
  g_assert_cmpint (checked, >, 5);

  gtk_column_view_column_set_fixed_width (tenant, -1);
  close_window (GTK_WIDGET (window));
}

/* A customer page in a plain window @width pixels wide, its account loaded. */
static GtkWidget *
open_customer_page (Fixture    *fixture,
                    int         width,
                    GtkWidget **page_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = pd_customer_page_new (fixture->client, fixture->customer);
  GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_ui_assert_soon (pd_account_page_get_customer (PD_ACCOUNT_PAGE (account)) != NULL,
                          TIMEOUT_MS);
  pd_test_ui_run_for (300);
  assert_width (window, width);

  *page_out = page;
  return window;
}

/* One line, never broken inside; the whole value in the tooltip. */
static void
assert_identifier_label (GtkWidget  *account,
                         const char *id,
                         const char *value)
{
  GObject *label = gtk_widget_get_template_child (account, PD_TYPE_ACCOUNT_PAGE, id);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, value);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, value);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >, 0);
}

static void
assert_titles_wrap_words (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title")
      && gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW) != NULL)
    g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (widget)), ==, PANGO_WRAP_WORD);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_titles_wrap_words (child);
}

static void
test_account_identifiers (Fixture       *fixture,
                          gconstpointer  data)
{
  PdCompanyProfile *company = pd_customer_get_company_profile (fixture->customer);
  PdBillingProfile *billing = pd_customer_get_billing_profile (fixture->customer);
  const int widths[] = { 360, 800, 1280 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      GtkWidget *page;
      GtkWidget *window = open_customer_page (fixture, widths[i], &page);
      GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));
      GtkWidget *sidebar = pd_test_ui_find_by_type (page, GTK_TYPE_STACK_SIDEBAR);

      assert_identifier_label (account, "tenant_id_label",
                               pd_company_profile_get_tenant_id (company));
      assert_identifier_label (account, "domain_label", pd_company_profile_get_domain (company));
      assert_identifier_label (account, "email_label", pd_billing_profile_get_email (billing));
      /* Row titles squeezed by their values wrap between words, never inside one. */
      assert_titles_wrap_words (account);
      /* At 360 px the section list gives its room to the section, and a switcher at the
       * bottom still reaches every section (Account, History). */
      g_assert_true (gtk_widget_get_visible (sidebar) == (widths[i] > 360));
      {
        GtkWidget *switcher = pd_test_ui_find_by_type (page, GTK_TYPE_STACK_SWITCHER);

        g_assert_nonnull (switcher);
        g_assert_true (gtk_widget_is_drawable (switcher) == (widths[i] <= 360));
      }

      close_window (window);
    }
}

/* The edit window opens inside a small parent, and scrolls there. */
static void
test_edit_inside_parent (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *window = open_customer_page (fixture, 360, &page);
  GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));
  GtkWindow *edit = pd_account_page_edit (PD_ACCOUNT_PAGE (account));
  GObject *scrolled;
  GtkAdjustment *vadjustment;

  g_assert_nonnull (edit);
  pd_test_ui_assert_soon (gtk_widget_get_mapped (GTK_WIDGET (edit)), TIMEOUT_MS);
  pd_test_ui_run_for (300);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (edit)), <=, gtk_widget_get_width (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (edit)), <=,
                   gtk_widget_get_height (window));
  scrolled = gtk_widget_get_template_child (GTK_WIDGET (edit), PD_TYPE_EDIT_WINDOW,
                                            "scrolled_window");
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                     gtk_adjustment_get_page_size (vadjustment));

  gtk_window_destroy (edit);
  close_window (window);
}

/* The widest a page of the sign-in asks for, over all its views. */
static int
sign_in_page_min_width (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (PD_TYPE_SIGN_IN_PAGE, NULL);
  int min_width;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_ui_run_for (100);
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  close_window (window);

  return min_width;
}

/* The sign-in fits a phone-sized window, in English and in (longer) Russian: no view of
 * it makes the whole window wider. */
static void
test_sign_in_narrow (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));

  g_assert_cmpint (sign_in_page_min_width (), <=, 360);

  g_setenv ("LANGUAGE", "ru", TRUE);
  if (setlocale (LC_ALL, "ru_RU.UTF-8") != NULL)
    {
      g_assert_cmpint (sign_in_page_min_width (), <=, 360);
      setlocale (LC_ALL, old_locale);
    }
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
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
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE,
                "gtk-xft-dpi", NORMAL_DPI, NULL);
  /* GNOME's title buttons: GTK's own default adds two more, and then a 360 px window only
   * gets there once the list dropped what it can (as when the user narrows it). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  sandbox = pd_test_sandbox_start (N_CUSTOMERS, NULL);
  app = pd_test_ui_application_new (APPLICATION_ID ".Test");

#define ADD(path, func) \
  g_test_add ("/ui/layout/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list-columns", test_list_columns);
  ADD ("list-large-text", test_list_large_text);
  ADD ("list-header-narrow", test_list_header_narrow);
  ADD ("list-tenant-cell", test_list_tenant_cell);
  ADD ("account-identifiers", test_account_identifiers);
  ADD ("edit-inside-parent", test_edit_inside_parent);
  ADD ("sign-in-narrow", test_sign_in_narrow);
#undef ADD

  result = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&sandbox);

  return result;
}
