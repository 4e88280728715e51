/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-customers.c: the customer list window against a real sandbox, under Xvfb. */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-customers"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pd-account-page.h"
#include "pd-application.h"
#include "pd-connection-window.h"
#include "pd-client-private.h"
#include "pd-customer-list-model.h"
#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-edit-window.h"
#include "pd-offline-banner.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"
#include "pd-window.h"

#define N_CUSTOMERS 300
#define TIMEOUT_MS  20000

static PdSandboxProcess *sandbox;
static PdApplication *app;

typedef struct
{
  PdClient        *client;
  PdWindow        *window;
  PdCustomersPage *page;
  GtkColumnView   *view;
  GListModel      *model;
} Fixture;

/* Customers the list shows. Not the model's n-items: while nothing matches, the model keeps
 * the view's rows, unseen behind the no-match page. */
static guint
n_shown (Fixture *fixture)
{
  return pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (fixture->model));
}

static GtkWidget *
find (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = pd_test_ui_find_by_id (GTK_WIDGET (fixture->window), id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
list_loaded (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !pd_customers_page_get_loading (fixture->page)
         && n_shown (fixture) == N_CUSTOMERS;
}

/* A new window on the fixture's client (named @title), its list not waited for. */
static void
show_window (Fixture    *fixture,
             const char *title)
{
  fixture->window = pd_test_ui_window_new (app, fixture->client, title);
  fixture->page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture->window));
  fixture->view = GTK_COLUMN_VIEW (find (fixture, "column_view"));
  fixture->model = pd_customers_page_get_model (fixture->page);
}

static void
open_window (Fixture *fixture)
{
  show_window (fixture, "Sandbox");
  g_assert_true (pd_test_ui_wait_until (list_loaded, fixture, TIMEOUT_MS));
  pd_test_ui_run_for (100);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->client = pd_test_client_new (sandbox);
  open_window (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  pd_test_ui_window_close (&fixture->window);
  g_clear_object (&fixture->client);
}

static const char *
page_name (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack")));
}

static PdCustomer *
item_at (Fixture *fixture,
         guint    position)
{
  g_autoptr(PdCustomer) customer = g_list_model_get_item (fixture->model, position);

  /* The model keeps it alive: the test only borrows it. */
  return customer;
}

/* Waits for the customer page the list opened (the leaflet's visible child): returns it. */
static GtkWidget *
wait_for_customer_page (Fixture *fixture)
{
  return pd_test_ui_wait_for_customer_page (fixture->window, TIMEOUT_MS);
}

/* Waits until @account_page shows the customer (its stack on "content"). */
static void
wait_for_account (GtkWidget *account_page)
{
  GtkStack *stack = GTK_STACK (pd_test_ui_find_by_id (account_page, "stack"));

  pd_test_ui_assert_soon (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "content") == 0,
                          TIMEOUT_MS);
}

/* Alt+Left, and the wait until the list is back in view (the transition over). */
static void
go_back_to_list (Fixture *fixture)
{
  pd_test_ui_go_back_to_list (fixture->window, TIMEOUT_MS);
}

/* Types @text into the search entry as the user would, after Ctrl+F. */
static void
search_for (Fixture    *fixture,
            const char *text)
{
  GtkWidget *entry = find (fixture, "search_entry");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find (fixture, "search_bar"))));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
wait_for_matches (Fixture *fixture,
                  guint    n)
{
  gint64 end = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;

  while (n_shown (fixture) != n
         || !g_str_equal (page_name (fixture), n > 0 ? "list" : "no-match"))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Expected %u matches on the “%s” page, have %u on “%s”", n,
                 n > 0 ? "list" : "no-match",
                 n_shown (fixture), page_name (fixture));
      pd_test_ui_iterate ();
    }
  /* The filter is incremental: give it time to find more, then check nothing came. */
  pd_test_ui_run_for (300);
  g_assert_cmpuint (n_shown (fixture), ==, n);
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *count_label = find (fixture, "count_label");
  g_autoptr(GPtrArray) rows = NULL;
  AdwWindowTitle *title;
  PdCustomer *first;

  g_assert_cmpstr (page_name (fixture), ==, "list");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "300 customers");
  g_assert_true (gtk_widget_get_mapped (count_label));
  g_assert_false (gtk_widget_get_visible (find (fixture, "stop_button")));

  /* The header names the section as the portal does, and no page the app does not have
   * (the portal's Dashboard). */
  title = ADW_WINDOW_TITLE (find (fixture, "window_title"));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Customers");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "");

  /* Sorted by company name, case and accents folded. */
  for (guint i = 1; i < N_CUSTOMERS; i++)
    {
      const char *name_a = pd_customer_get_company_name (item_at (fixture, i - 1));
      const char *name_b = pd_customer_get_company_name (item_at (fixture, i));
      g_autofree char *a = g_utf8_casefold (name_a, -1);
      g_autofree char *b = g_utf8_casefold (name_b, -1);

      g_assert_cmpint (g_utf8_collate (a, b), <=, 0);
    }

  /* The rows on screen show the customers' values in the four columns. */
  rows = pd_test_ui_column_view_rows (fixture->view);
  g_assert_cmpuint (rows->len, >, 5);
  first = item_at (fixture, 0);
  {
    GStrv cells = g_ptr_array_index (rows, 0);

    g_assert_cmpuint (g_strv_length (cells), ==, 4);
    g_assert_cmpstr (cells[0], ==, pd_customer_get_company_name (first));
    g_assert_cmpstr (cells[1], ==, pd_customer_get_domain (first));
    g_assert_cmpstr (cells[2], ==, pd_customer_get_tenant_id (first));
    g_assert_cmpstr (cells[3], ==, pd_customer_get_relationship_title (first));
  }
}

/* The cairo font that @widget draws @text in: it keeps the glyphs drawn in it. */
static cairo_scaled_font_t *
scaled_font_of (GtkWidget  *widget,
                const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoLayoutRun *run = line->runs->data;

  return pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->item->analysis.font));
}

/* The page draws the list's likely glyphs ahead, off screen, in the column view's font
 * (see pd-glyph-warmup.c), so that the frame that first shows customers finds them made:
 * that helps only if the cells draw in the same cairo font. */
static void
test_cells_font_warmed (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *cell = pd_test_ui_find_by_type (GTK_WIDGET (fixture->view), GTK_TYPE_INSCRIPTION);
  const char * const texts[] = { "Contoso Ltd", "ООО «Северный Ветер»", "3e79c669-0d1a" };

  g_assert_nonnull (cell);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_true (scaled_font_of (cell, texts[i])
                   == scaled_font_of (GTK_WIDGET (fixture->view), texts[i]));
}

static guint
count_named (Fixture    *fixture,
             const char *name)
{
  guint n = 0;

  for (guint i = 0; i < n_shown (fixture); i++)
    if (g_strcmp0 (pd_customer_get_company_name (item_at (fixture, i)), name) == 0)
      n++;

  return n;
}

static void
test_search_cyrillic (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *name = "ООО «Ромашка»";
  g_autoptr(GPtrArray) rows = NULL;
  guint n_named = count_named (fixture, name);
  gboolean found_first = FALSE;

  /* The seed gives a few companies that name (different domains); nothing else
   * contains "ромаш". */
  g_assert_cmpuint (n_named, >=, 1);

  search_for (fixture, "ромаш");
  wait_for_matches (fixture, n_named);
  for (guint i = 0; i < n_named; i++)
    {
      PdCustomer *customer = item_at (fixture, i);

      g_assert_cmpstr (pd_customer_get_company_name (customer), ==, name);
      found_first |= g_strcmp0 (pd_customer_get_domain (customer), "romashka.onmicrosoft.com") == 0;
    }
  g_assert_true (found_first);

  pd_test_ui_run_for (100);
  rows = pd_test_ui_column_view_rows (fixture->view);
  g_assert_cmpuint (rows->len, ==, n_named);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, i))[0], ==, name);

  /* Upper case and the full name find the same. */
  search_for (fixture, "РОМАШКА");
  wait_for_matches (fixture, n_named);

  /* Closing the search shows everyone again. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (find (fixture, "search_bar")), FALSE);
  wait_for_matches (fixture, N_CUSTOMERS);
}

static PdCustomer *
find_customer_by_name (Fixture    *fixture,
                       const char *name)
{
  for (guint i = 0; i < n_shown (fixture); i++)
    if (g_strcmp0 (pd_customer_get_company_name (item_at (fixture, i)), name) == 0)
      return item_at (fixture, i);

  return NULL;
}

static void
test_search_domain (Fixture       *fixture,
                    gconstpointer  data)
{
  PdCustomer *customer = item_at (fixture, 42);
  g_autofree char *domain = g_strdup (pd_customer_get_domain (customer));
  g_autofree char *name = g_strdup (pd_customer_get_company_name (customer));
  g_autofree char *folded = NULL;
  g_autofree char *expected = NULL;
  guint n;

  g_assert_nonnull (domain);
  search_for (fixture, domain);
  pd_test_ui_assert_soon (find_customer_by_name (fixture, name) != NULL
                          && g_str_equal (page_name (fixture), "list"), TIMEOUT_MS);
  pd_test_ui_run_for (300);

  /* The customer is among the matches, and every match contains the text. */
  g_assert_nonnull (find_customer_by_name (fixture, name));
  folded = g_utf8_casefold (domain, -1);
  n = n_shown (fixture);
  g_assert_cmpuint (n, <, N_CUSTOMERS);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (strstr (pd_customer_get_search_key (item_at (fixture, i)), folded));

  expected = g_strdup_printf ("Showing %u of 300 customers", n);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (fixture, "count_label"))), ==, expected);
}

static void
test_search_tenant_id (Fixture       *fixture,
                       gconstpointer  data)
{
  PdCustomer *customer = item_at (fixture, 7);
  g_autofree char *id = g_strdup (pd_customer_get_id (customer));
  const char *tenant_id = pd_customer_get_tenant_id (customer);
  g_autofree char *middle = NULL;

  g_assert_nonnull (tenant_id);
  g_assert_cmpuint (strlen (tenant_id), >=, 20);
  /* A piece from the middle, in upper case: substring, case-insensitive. */
  middle = g_ascii_strup (tenant_id + 9, 9);
  search_for (fixture, middle);
  wait_for_matches (fixture, 1);
  g_assert_cmpstr (pd_customer_get_id (item_at (fixture, 0)), ==, id);
}

static void
test_no_match (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *status = find (fixture, "no_match_status");
  const char *name = "ООО «Ромашка»";
  guint n_named = count_named (fixture, name);

  search_for (fixture, "zzzzqq");
  wait_for_matches (fixture, 0);
  pd_test_ui_run_for (100);
  g_assert_cmpstr (page_name (fixture), ==, "no-match");
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "No Matching Customers");

  /* The rows kept unseen behind the no-match page (see pd_customer_list_model_get_n_shown)
   * never come back stale: the next match shows only its own customers. */
  g_assert_cmpuint (n_named, >=, 1);
  {
    g_autoptr(GPtrArray) rows = NULL;

    gtk_editable_set_text (GTK_EDITABLE (find (fixture, "search_entry")), "ромаш");
    wait_for_matches (fixture, n_named);
    rows = pd_test_ui_column_view_rows (fixture->view);
    g_assert_cmpuint (rows->len, ==, n_named);
    for (guint i = 0; i < rows->len; i++)
      g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, i))[0], ==, name);
  }

  gtk_editable_set_text (GTK_EDITABLE (find (fixture, "search_entry")), "");
  wait_for_matches (fixture, N_CUSTOMERS);
}

static int
compare_domains (PdCustomer *a,
                 PdCustomer *b)
{
  g_autofree char *fa = g_utf8_casefold (pd_customer_get_domain (a), -1);
  g_autofree char *fb = g_utf8_casefold (pd_customer_get_domain (b), -1);

  return g_utf8_collate (fa, fb);
}

static void
assert_sorted_by_domain_descending (Fixture *fixture)
{
  for (guint i = 1; i < n_shown (fixture); i++)
    g_assert_cmpint (compare_domains (item_at (fixture, i - 1), item_at (fixture, i)), >=, 0);
}

static GtkColumnViewColumn *
column_titled (Fixture    *fixture,
               const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (fixture->view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  g_assert_not_reached ();
}

static void
test_column_widths_saved (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GVariant) widths = NULL;
  int width = 0;

  /* What dragging the header's edge does. */
  gtk_column_view_column_set_fixed_width (column_titled (fixture, "Microsoft ID"), 333);
  pd_test_ui_run_for (800);

  widths = g_settings_get_value (settings, "column-widths");
  g_assert_true (g_variant_lookup (widths, "tenant-id", "i", &width));
  g_assert_cmpint (width, ==, 333);
  g_assert_false (g_variant_lookup (widths, "domain", "i", &width));

  pd_test_ui_window_close (&fixture->window);
  open_window (fixture);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (column_titled (fixture, "Microsoft ID")),
                   ==, 333);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (column_titled (fixture, "Domain")),
                   ==, -1);

  g_settings_reset (settings, "column-widths");
}

static void
test_sort_saved (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkColumnViewColumn *domain_column = column_titled (fixture, "Domain");

  /* What a click (ascending), then a second click (descending) on the header does. */
  gtk_column_view_sort_by_column (fixture->view, domain_column, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (fixture->view, domain_column, GTK_SORT_DESCENDING);
  pd_test_ui_run_for (200);

  assert_sorted_by_domain_descending (fixture);
  g_assert_cmpstr (g_settings_get_string (settings, "sort-column"), ==, "domain");
  g_assert_true (g_settings_get_boolean (settings, "sort-descending"));

  /* A new window sorts the same way. */
  pd_test_ui_window_close (&fixture->window);
  open_window (fixture);
  assert_sorted_by_domain_descending (fixture);

  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");
}

/* Scrolls halfway down, once the list is laid out (on a loaded machine the first layout
 * may come late, and a value past a stale upper bound is clamped to 0). */
static void
scroll_to_middle (GtkAdjustment *vadjustment)
{
  pd_test_ui_assert_soon (gtk_adjustment_get_upper (vadjustment)
                          > 2 * gtk_adjustment_get_page_size (vadjustment), TIMEOUT_MS);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
}

/* What the view asks the selection: which row shows as selected. */
static guint
selected_scan (Fixture *fixture)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (fixture->model));

  return gtk_bitset_is_empty (selected) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_minimum (selected);
}

static guint
selected_position (Fixture *fixture)
{
  return selected_scan (fixture);
}

static void
test_refresh_keeps_selection (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkAdjustment *vadjustment;
  g_autofree char *id = NULL;
  double scroll;

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->model), 150, TRUE);
  id = g_strdup (pd_customer_get_id (item_at (fixture, 150)));
  scroll_to_middle (vadjustment);
  pd_test_ui_run_for (200);
  scroll = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (scroll, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_true (pd_customers_page_get_loading (fixture->page));
  g_assert_true (pd_test_ui_wait_until (list_loaded, fixture, TIMEOUT_MS));
  pd_test_ui_run_for (200);

  g_assert_cmpuint (selected_position (fixture), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (pd_customer_get_id (item_at (fixture, selected_position (fixture))), ==, id);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadjustment), scroll, 1.0);
}


/* Sends @keyval to the search field as a key press would reach its controllers. */
static gboolean
press_key_in_search (Fixture *fixture,
                     guint    keyval)
{
  GtkWidget *entry = find (fixture, "search_entry");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller))
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}

/* The texts of the row that has the keyboard focus. */
static char *
focused_row_name (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *cell;

  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->view)));
  cell = pd_test_ui_find_by_type (focus, GTK_TYPE_INSCRIPTION);
  g_assert_nonnull (cell);
  return g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (cell)));
}

static void
test_search_down_goes_to_first (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  g_autofree char *focused = NULL;
  PdCustomer *first;
  GtkWidget *page;

  /* Scrolled away, with a row focused further down, as a user may have left it. */
  scroll_to_middle (vadjustment);
  pd_test_ui_run_for (200);

  search_for (fixture, "o");
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture->page)
                          && n_shown (fixture) > 20, TIMEOUT_MS);
  pd_test_ui_run_for (200);
  first = item_at (fixture, 0);

  g_assert_true (press_key_in_search (fixture, GDK_KEY_Down));
  pd_test_ui_run_for (200);
  g_assert_cmpuint (selected_position (fixture), ==, 0);
  focused = focused_row_name (fixture);
  g_assert_cmpstr (focused, ==, pd_customer_get_company_name (first));

  /* Enter on the focused first row activates it, as the list's own action does. */
  g_assert_true (gtk_widget_activate_action (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                             "list.activate-item", "u", 0));
  page = wait_for_customer_page (fixture);
  g_assert_cmpstr (pd_customer_get_id (pd_customer_page_get_customer (PD_CUSTOMER_PAGE (page))), ==,
                   pd_customer_get_id (first));
}

/* Whether the row at @position is wholly in the view (rows are of one height). */
static gboolean
row_in_view (GtkAdjustment *vadjustment,
             guint          position)
{
  double row_height = gtk_adjustment_get_upper (vadjustment) / N_CUSTOMERS;
  double value = gtk_adjustment_get_value (vadjustment);

  return position * row_height >= value - 1
         && (position + 1) * row_height <= value + gtk_adjustment_get_page_size (vadjustment) + 1;
}

static const char *domain_shown_at (PdCustomerListModel *model,
                                    guint                position);

static void
count_paint_cb (guint *painted)
{
  (*painted)++;
}

static char *
name_at (PdCustomerListModel *model,
         guint                position)
{
  g_autoptr(PdCustomer) shown = pd_customer_list_model_get_customer (model, position);

  return g_strdup (pd_customer_get_company_name (shown));
}

static void
test_sort_shows_top_or_selected (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *id = NULL;
  guint position;

  /* Mid-list with nothing selected: a new order starts at its top (once laid out: on a
   * busy machine the frame may take a while). */
  scroll_to_middle (vadjustment);
  pd_test_ui_run_for (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
  gtk_column_view_sort_by_column (fixture->view, column_titled (fixture, "Domain"),
                                  GTK_SORT_ASCENDING);
  pd_test_ui_assert_soon (gtk_adjustment_get_value (vadjustment) == 0, TIMEOUT_MS);
  /* The first frame there shows the new order's first rows (the model fills the rest of
   * the view's items a frame later). */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view));
    guint painted = 0;
    gulong handler = g_signal_connect_swapped (clock, "after-paint",
                                               G_CALLBACK (count_paint_cb), &painted);
    g_autoptr(GPtrArray) rows = NULL;

    gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
    pd_test_ui_assert_soon (painted > 0, TIMEOUT_MS);
    g_signal_handler_disconnect (clock, handler);
    rows = pd_test_ui_column_view_rows (fixture->view);
    g_assert_cmpuint (rows->len, >=, 10);
    for (guint i = 0; i < MIN (rows->len, 20); i++)
      {
        g_autofree char *expected = name_at (PD_CUSTOMER_LIST_MODEL (fixture->model), i);

        g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, i))[0], ==, expected);
      }
  }

  /* With a customer selected, the new order shows it, still selected. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->model), 150, TRUE);
  id = g_strdup (pd_customer_get_id (item_at (fixture, 150)));
  gtk_column_view_sort_by_column (fixture->view, column_titled (fixture, "Microsoft ID"),
                                  GTK_SORT_DESCENDING);
  pd_test_ui_run_for (300);
  position = selected_position (fixture);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (pd_customer_get_id (item_at (fixture, position)), ==, id);
  pd_test_ui_assert_soon (row_in_view (vadjustment, position), TIMEOUT_MS);

  /* Reversing is reading from the other end: the last becomes the first. */
  {
    g_autofree char *last = g_strdup (pd_customer_get_id (item_at (fixture, N_CUSTOMERS - 1)));

    gtk_column_view_sort_by_column (fixture->view, column_titled (fixture, "Microsoft ID"),
                                    GTK_SORT_ASCENDING);
    pd_test_ui_run_for (100);
    g_assert_cmpstr (pd_customer_get_id (item_at (fixture, 0)), ==, last);
  }

  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");
}

typedef struct
{
  Fixture   *fixture;
  GPtrArray *rows;
} ShownRows;

/* The rows in view as the model shows a change (before any frame). */
static void
capture_rows_in_view_cb (ShownRows *shown)
{
  if (shown->rows == NULL)
    shown->rows = pd_test_ui_column_view_rows_in_view (shown->fixture->view);
}

/*
 * Mid-list, a change that moves many rows without changing how many there are (a customer
 * in view renamed to come first, as after an edit) shows the right rows where the view is
 * as soon as the model shows it, so in the next frame: the page tells the model where the
 * view is, and the model fills the items there first (the others a frame later). A change
 * of the count would not tell: GTK then asks for the items in view again.
 */
static void
test_change_mid_list_rows (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->view));
  PdCustomerListModel *model = PD_CUSTOMER_LIST_MODEL (fixture->model);
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(PdCompanyProfile) company = NULL;
  ShownRows shown = { fixture, NULL };
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint first;
  gulong changed_id;

  /* The view is told of its rows a screenful at a time: the middle of all of them. */
  pd_test_ui_assert_soon (g_list_model_get_n_items (fixture->model) == N_CUSTOMERS, TIMEOUT_MS);
  pd_test_ui_run_for (200);
  scroll_to_middle (vadjustment);
  pd_test_ui_run_for (200);
  before = pd_test_ui_column_view_rows_in_view (fixture->view);
  g_assert_cmpuint (before->len, >=, 5);
  /* The cells: name, domain, Microsoft ID, relationship. */
  first = pd_customer_list_model_find (model, ((GStrv) g_ptr_array_index (before, 0))[2]);
  g_assert_cmpuint (first, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (first, >, 60);

  /* The fourth customer in view becomes the first of all: the three above it move down. */
  customer = pd_customer_list_model_get_customer (model, first + 3);
  company = pd_company_profile_copy (pd_customer_get_company_profile (customer));
  pd_company_profile_set_company_name (company, "Aaaa First Company");
  pd_customer_set_company_profile (customer, company);
  changed_id = g_signal_connect_swapped (model, "changed", G_CALLBACK (capture_rows_in_view_cb),
                                         &shown);
  pd_window_customer_changed (fixture->window, customer);
  pd_test_ui_assert_soon (shown.rows != NULL, TIMEOUT_MS);
  g_signal_handler_disconnect (model, changed_id);
  rows = g_steal_pointer (&shown.rows);

  g_assert_cmpstr (pd_customer_get_id (item_at (fixture, 0)), ==, pd_customer_get_id (customer));
  g_assert_cmpuint (n_shown (fixture), ==, N_CUSTOMERS);
  g_assert_cmpuint (rows->len, ==, before->len);
  /* The view has not moved: the same positions show the new order's customers. */
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv texts = g_ptr_array_index (rows, i);
      g_autofree char *name = name_at (model, first + i);

      g_assert_cmpstr (texts[0], ==, name);
      g_assert_cmpstr (texts[1], ==, domain_shown_at (model, first + i));
    }
}

static void
test_search_bad_input (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *pasted = g_strnfill (10000, 'q');

  /* A pasted wall of text, emoji, a lone combining mark, right-to-left text: no match,
   * at once, and the list comes back whole when the search is cleared. */
  search_for (fixture, pasted);
  wait_for_matches (fixture, 0);
  search_for (fixture, "🚀🚀");
  wait_for_matches (fixture, 0);
  search_for (fixture, "\xcc\x81");
  wait_for_matches (fixture, 0);
  search_for (fixture, "שלום");
  wait_for_matches (fixture, 0);
  search_for (fixture, "");
  wait_for_matches (fixture, N_CUSTOMERS);
  /* A query every customer matches: the Microsoft IDs all have a dash. */
  search_for (fixture, "-");
  wait_for_matches (fixture, N_CUSTOMERS);
}

static void
test_customer_changed (Fixture       *fixture,
                       gconstpointer  data)
{
  /* What the customer page holds: a customer of its own, not the list's row. */
  g_autoptr(PdCustomer) customer =
    pd_customer_list_model_get_customer (PD_CUSTOMER_LIST_MODEL (fixture->model), 10);
  g_autoptr(PdCompanyProfile) company = NULL;

  company = pd_company_profile_copy (pd_customer_get_company_profile (customer));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->model), 10, TRUE);

  /* Renamed (as after an edit): the row moves to its sorted place. */
  pd_company_profile_set_company_name (company, "Aaaa First Company");
  pd_customer_set_company_profile (customer, company);
  pd_window_customer_changed (fixture->window, customer);

  /* At once (the table publishes a change the user made without waiting), and still
   * selected; the row shows the new name. */
  pd_test_ui_assert_soon (g_strcmp0 (pd_customer_get_id (item_at (fixture, 0)),
                                     pd_customer_get_id (customer)) == 0, 2000);
  pd_test_ui_run_for (50);
  g_assert_cmpstr (pd_customer_get_company_name (item_at (fixture, 0)), ==, "Aaaa First Company");
  g_assert_cmpuint (n_shown (fixture), ==, N_CUSTOMERS);
  g_assert_cmpuint (selected_position (fixture), ==, 0);
}

static void
test_open_and_back (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find (fixture, "leaflet"));
  PdCustomer *customer;
  GtkWidget *page;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->model), 5, TRUE);
  customer = item_at (fixture, 5);

  /* Enter (or a double click) on a row opens that customer's page. */
  g_signal_emit_by_name (fixture->view, "activate", 5);
  pd_test_ui_assert_soon (adw_leaflet_get_visible_child (leaflet)
                          != GTK_WIDGET (fixture->page), TIMEOUT_MS);
  page = adw_leaflet_get_visible_child (leaflet);
  g_assert_cmpstr (pd_customer_get_id (pd_customer_page_get_customer (PD_CUSTOMER_PAGE (page))), ==,
                   pd_customer_get_id (customer));

  /* The account's values wrap without hyphens that are not in them; identifiers never
   * wrap ("onmicrosoft.co-m" would be a different address): they shorten in the middle
   * (more in test-ui-layout). */
  {
    const char *ids[] = { "company_name_label", "contact_name_label", "address_label" };
    const char *identifier_ids[] = { "domain_label", "tenant_id_label", "email_label" };
    GtkWidget *account_page = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));

    for (guint i = 0; i < G_N_ELEMENTS (identifier_ids); i++)
      {
        GtkWidget *label = pd_test_ui_find_by_id (account_page, identifier_ids[i]);

        g_assert_false (gtk_label_get_wrap (GTK_LABEL (label)));
        g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==,
                         PANGO_ELLIPSIZE_MIDDLE);
      }
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        GtkWidget *label = pd_test_ui_find_by_id (account_page, ids[i]);
        PangoAttrList *attrs;
        PangoAttrIterator *iter;
        PangoAttribute *attr;

        g_assert_nonnull (label);
        g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
        attrs = gtk_label_get_attributes (GTK_LABEL (label));
        g_assert_nonnull (attrs);
        iter = pango_attr_list_get_iterator (attrs);
        attr = pango_attr_iterator_get (iter, PANGO_ATTR_INSERT_HYPHENS);
        g_assert_nonnull (attr);
        g_assert_cmpint (((PangoAttrInt *) attr)->value, ==, FALSE);
        pango_attr_iterator_destroy (iter);
      }
  }

  /* Alt+Left comes back to the list where it was. */
  go_back_to_list (fixture);
  pd_test_ui_run_for (100);
  g_assert_cmpuint (selected_position (fixture), ==, 5);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->view))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                            GTK_WIDGET (fixture->view)));
}

/* The portal's whole flow in the real window: find a customer by a Cyrillic name, open
 * the account, edit, submit, and check what the server and the window show. */
static void
test_edit_flow (Fixture       *fixture,
                gconstpointer  data)
{
  const char *new_phone = "+7 495 765-43-21";
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  GtkWidget *customer_page;
  GtkWidget *account_page;
  GtkWindow *edit_window;
  GtkWidget *phone_row;
  guint position = 0;

  search_for (fixture, "ромаш");
  pd_test_ui_assert_soon (n_shown (fixture) > 0
                          && g_str_equal (page_name (fixture), "list"), TIMEOUT_MS);
  for (guint i = 0; i < n_shown (fixture); i++)
    if (g_strcmp0 (pd_customer_get_domain (item_at (fixture, i)), "romashka.onmicrosoft.com") == 0)
      {
        /* The list's items change with their positions: keep a customer of our own. */
        g_clear_object (&customer);
        customer = pd_customer_list_model_get_customer (PD_CUSTOMER_LIST_MODEL (fixture->model), i);
        position = i;
      }
  g_assert_nonnull (customer);

  /* Enter on the row opens the customer on its Account section. */
  g_signal_emit_by_name (fixture->view, "activate", position);
  customer_page = wait_for_customer_page (fixture);
  account_page = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (customer_page));
  wait_for_account (account_page);
  g_assert_cmpstr (pd_test_ui_get_text (pd_test_ui_find_by_id (account_page, "company_name_label")),
                   ==, "ООО «Ромашка»");

  /* Edit (Ctrl+E), change the phone, Submit. */
  g_assert_true (gtk_widget_activate_action (account_page, "account.edit", NULL));
  pd_test_ui_assert_soon ((edit_window = pd_account_page_edit (PD_ACCOUNT_PAGE (account_page))) != NULL,
                          TIMEOUT_MS);
  g_object_add_weak_pointer (G_OBJECT (edit_window), (gpointer *) &edit_window);
  phone_row = pd_test_ui_find_by_id (GTK_WIDGET (edit_window), "phone_row");
  gtk_editable_set_text (GTK_EDITABLE (phone_row), new_phone);
  pd_test_ui_assert_soon (gtk_widget_get_sensitive (pd_test_ui_find_by_id (GTK_WIDGET (edit_window),
                                                                           "submit_button")),
                          TIMEOUT_MS);
  pd_edit_window_submit (PD_EDIT_WINDOW (edit_window));
  g_assert_true (pd_test_ui_wait_until (pd_test_ui_pointer_is_null, &edit_window, TIMEOUT_MS));

  /* The server holds the change... */
  server = pd_test_get_billing (fixture->client, pd_customer_get_id (customer), NULL);
  g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (server)),
                   ==, new_phone);

  /* ...and the Account page shows the server's answer. */
  pd_test_ui_assert_soon (g_strcmp0 (pd_test_ui_get_text (pd_test_ui_find_by_id (account_page,
                                                                                 "phone_label")),
                                     new_phone) == 0, TIMEOUT_MS);
}

static void
test_russian (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  GtkWidget *title;
  gboolean translated;

  g_setenv ("LANGUAGE", "ru", TRUE);
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      setlocale (LC_ALL, old_locale);
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      goto out;
    }

  translated = g_strcmp0 (_("Customers"), "Customers") != 0;
  if (!translated)
    {
      setlocale (LC_ALL, old_locale);
      g_test_skip ("po/ru.po has no translation of “Customers” yet");
      goto out;
    }

  pd_test_ui_window_close (&fixture->window);
  open_window (fixture);

  title = find (fixture, "window_title");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, "Клиенты");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==, "");
  /* 300: the "many" form, digits grouped the Russian way. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (fixture, "count_label"))), ==,
                   "300 клиентов");

  /* The portal's own terms further along the flow: Account, Edit, Submit. */
  {
    GtkWidget *customer_page;
    GtkWidget *account_page;
    GtkStack *sections;
    GtkWindow *edit_window;

    g_signal_emit_by_name (fixture->view, "activate", 0);
    customer_page = wait_for_customer_page (fixture);
    sections = GTK_STACK (pd_test_ui_find_by_id (customer_page, "stack"));
    g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (sections,
                                                                   gtk_stack_get_visible_child (sections))),
                     ==, "Учетная запись");

    account_page = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (customer_page));
    wait_for_account (account_page);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pd_test_ui_find_by_id (customer_page,
                                                                              "edit_button"))),
                     ==, "_Изменить");

    edit_window = pd_account_page_edit (PD_ACCOUNT_PAGE (account_page));
    g_assert_nonnull (edit_window);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pd_test_ui_find_by_id (GTK_WIDGET (edit_window),
                                                                              "submit_button"))),
                     ==, "О_тправить");
    gtk_window_destroy (edit_window);
    pd_test_ui_run_for (100);
  }

  pd_test_ui_window_close (&fixture->window);
  setlocale (LC_ALL, old_locale);

out:
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* A sandbox slow enough that the list is still loading while the test acts:
 * four pages of 500, each answer after 1.5 s. */
#define SLOW_CUSTOMERS 2000
#define SLOW_LATENCY   "1500"

static gboolean
first_page_shown (gpointer user_data)
{
  Fixture *fixture = user_data;

  return n_shown (fixture) > 0;
}

static void
open_slow_window (Fixture          *fixture,
                  PdSandboxProcess *slow)
{
  fixture->client = pd_test_client_new (slow);
  /* A first load, page by page: not the list the tests before left in the cache. */
  pd_test_ui_forget_cache (fixture->client);
  show_window (fixture, "Slow sandbox");

  g_assert_true (pd_test_ui_wait_until (first_page_shown, fixture, TIMEOUT_MS));
  g_assert_true (pd_customers_page_get_loading (fixture->page));
}

static void
test_stop_and_resume (void)
{
  g_autoptr(PdSandboxProcess) slow = pd_test_sandbox_start (SLOW_CUSTOMERS, "--latency-ms",
                                                            SLOW_LATENCY, NULL);
  Fixture fixture = { 0 };
  GtkWidget *count_label, *stop_button, *resume_button, *progress, *spinner;
  g_autofree char *expected = NULL;
  double fraction;
  guint n_loaded;

  open_slow_window (&fixture, slow);
  count_label = find (&fixture, "count_label");
  stop_button = find (&fixture, "stop_button");
  resume_button = find (&fixture, "status_retry_button");
  progress = find (&fixture, "status_progress");
  spinner = find (&fixture, "status_spinner");
  pd_test_ui_run_for (100);

  /* While loading: the rows so far, a count against the total, and Stop. */
  g_assert_cmpstr (page_name (&fixture), ==, "list");
  g_assert_true (gtk_widget_get_mapped (stop_button));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (count_label)),
                                   " of 2000 customers"));
  /* The length is known: a bar that moves with the listing, not a spinner. */
  g_assert_true (gtk_widget_get_mapped (progress));
  g_assert_false (gtk_widget_get_visible (spinner));
  fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress));
  g_assert_cmpfloat (fraction, >, 0.0);
  g_assert_cmpfloat (fraction, <, 1.0);
  pd_test_ui_assert_soon (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress))
                          > fraction, TIMEOUT_MS);

  g_signal_emit_by_name (stop_button, "clicked");
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (progress));
  g_assert_false (gtk_widget_get_visible (spinner));

  /* Stopped: what arrived stays, and nothing more comes. */
  n_loaded = n_shown (&fixture);
  pd_test_ui_run_for (2000);
  g_assert_cmpuint (n_shown (&fixture), ==, n_loaded);
  g_assert_cmpuint (n_loaded, <, SLOW_CUSTOMERS);
  expected = g_strdup_printf ("Loaded %u of 2000 customers", n_loaded);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, expected);
  g_assert_false (gtk_widget_get_visible (stop_button));
  g_assert_true (gtk_widget_get_mapped (resume_button));

  g_signal_emit_by_name (resume_button, "clicked");
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page)
                          && n_shown (&fixture) == SLOW_CUSTOMERS,
                          60000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "2000 customers");

  fixture_teardown (&fixture, NULL);
}

/* Pages arriving with rows sorted in above the visible ones do not scroll the view
 * while the user has not scrolled. */
static void
test_load_keeps_top (void)
{
  g_autoptr(PdSandboxProcess) slow = pd_test_sandbox_start (SLOW_CUSTOMERS, "--latency-ms",
                                                            "700", NULL);
  Fixture fixture = { 0 };
  GtkAdjustment *vadjustment;
  guint n_checks = 0;

  open_slow_window (&fixture, slow);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture.view));
  pd_test_ui_run_for (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  while (pd_customers_page_get_loading (fixture.page))
    {
      pd_test_ui_iterate ();
      g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
      n_checks++;
    }
  pd_test_ui_run_for (300);
  g_assert_cmpuint (n_shown (&fixture), ==, SLOW_CUSTOMERS);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  g_assert_cmpuint (n_checks, >, 0);

  fixture_teardown (&fixture, NULL);
}

/* Sorting while the view is still being told of its rows (a screenful at a time, see
 * pd-customer-list-model.c: here after a search that had narrowed the list to one
 * customer is cleared), with a customer selected that the new order puts past the rows
 * the view has: the view ends with that customer in it, once it has them all. */
static void
test_sort_while_filling (void)
{
  Fixture fixture = { 0 };
  GtkAdjustment *vadjustment;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *id = NULL;
  guint position;

  fixture.client = pd_test_client_new (sandbox);
  open_window (&fixture);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture.view));

  /* The sixth customer by name, found by its Microsoft ID, and selected. */
  id = g_strdup (pd_customer_get_id (item_at (&fixture, 5)));
  search_for (&fixture, pd_customer_get_tenant_id (item_at (&fixture, 5)));
  wait_for_matches (&fixture, 1);
  g_assert_cmpuint (g_list_model_get_n_items (fixture.model), ==, 1);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture.model), 0, TRUE);

  /* Everyone again: the view hears of a screenful of rows first. */
  gtk_editable_set_text (GTK_EDITABLE (find (&fixture, "search_entry")), "");
  pd_test_ui_assert_soon (n_shown (&fixture) == N_CUSTOMERS, TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (fixture.model), <, N_CUSTOMERS / 2);
  g_assert_cmpuint (selected_position (&fixture), ==, 5);

  /* The list is by name, ascending: the same column descending puts the sixth last. */
  gtk_column_view_sort_by_column (fixture.view, column_titled (&fixture, "Company name"),
                                  GTK_SORT_DESCENDING);
  /* Asked of the model: the selection the view sees ends where its rows do. */
  position = pd_customer_list_model_get_selected (PD_CUSTOMER_LIST_MODEL (fixture.model));
  g_assert_cmpuint (position, ==, N_CUSTOMERS - 1 - 5);
  g_assert_cmpuint (g_list_model_get_n_items (fixture.model), <=, position);

  pd_test_ui_assert_soon (g_list_model_get_n_items (fixture.model) == N_CUSTOMERS
                          && row_in_view (vadjustment, position), TIMEOUT_MS);
  g_assert_cmpuint (selected_position (&fixture), ==, position);
  g_assert_cmpstr (pd_customer_get_id (item_at (&fixture, position)), ==, id);
  /* And it stays there: nothing placed it on the way and then moved it off. */
  pd_test_ui_run_for (300);
  g_assert_true (row_in_view (vadjustment, position));

  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");
  fixture_teardown (&fixture, NULL);
}

static void
count_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                guint                    *n_made)
{
  (*n_made)++;
}

/* The view's rows are made while the window waits for its first customers (unseen: the
 * list page shows only once there are customers), so that the load makes none; and the
 * rows made ahead show the customers when they come. */
static void
test_rows_made_ahead (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  GtkListItemFactory *factory;
  guint n_made = 0;
  guint n_made_ahead;

  fixture.client = pd_test_client_new (sandbox);
  pd_test_ui_forget_cache (fixture.client);
  /* A window that has no account yet: a start waits for the sign-in or the sandbox. */
  fixture.window = pd_window_new (ADW_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (fixture.window));
  fixture.page = PD_CUSTOMERS_PAGE (pd_window_get_customers_page (fixture.window));
  fixture.view = GTK_COLUMN_VIEW (find (&fixture, "column_view"));
  fixture.model = pd_customers_page_get_model (fixture.page);
  factory = gtk_column_view_column_get_factory (column_titled (&fixture, "Company name"));
  g_signal_connect (factory, "setup", G_CALLBACK (count_setup_cb), &n_made);

  /* GTK keeps about 200 rows. */
  pd_test_ui_assert_soon (n_made >= 200, TIMEOUT_MS);
  pd_test_ui_run_for (300);
  n_made_ahead = n_made;
  g_assert_cmpuint (n_shown (&fixture), ==, 0);
  g_assert_cmpstr (page_name (&fixture), !=, "list");

  pd_window_set_client (fixture.window, fixture.client, "Sandbox");
  g_assert_true (pd_test_ui_wait_until (list_loaded, &fixture, TIMEOUT_MS));
  pd_test_ui_run_for (100);
  g_assert_cmpstr (page_name (&fixture), ==, "list");
  g_assert_cmpuint (n_made, ==, n_made_ahead);

  rows = pd_test_ui_column_view_rows (fixture.view);
  g_assert_cmpuint (rows->len, >, 10);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *name = pd_customer_get_company_name (item_at (&fixture, i));

      g_assert_cmpstr (name, !=, "");
      g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, i))[0], ==, name);
    }

  g_signal_handlers_disconnect_by_func (factory, count_setup_cb, &n_made);
  fixture_teardown (&fixture, NULL);
}

/* A model whose view made its rows ahead; @held gets the items the view holds. */
static PdCustomerListModel *
model_with_rows_made (GPtrArray *held)
{
  PdCustomerListModel *model = pd_customer_list_model_new ();

  pd_customer_list_model_prepare_rows (model);
  pd_test_ui_assert_soon (g_list_model_get_n_items (G_LIST_MODEL (model)) >= 200, TIMEOUT_MS);
  pd_test_ui_run_for (200);  /* the last steps */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_cmpstr (pd_customer_get_company_name (g_ptr_array_index (held, 0)), ==, "");
  return model;
}

/* A table of 300 customers, all published. */
static PdCustomerTable *
table_of_300 (void)
{
  PdCustomerTable *table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 serial;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", i * 2654435761u, i);
      g_autofree char *name = g_strdup_printf ("Company %03u", (i * 7u) % 300u);

      g_ptr_array_add (page, pd_test_customer_new (id, name, "example.com", "reseller"));
    }
  serial = pd_customer_table_add (table, page);
  pd_test_ui_assert_soon (pd_customer_snapshot_get_serial (pd_customer_table_get_snapshot (table))
                          >= serial, TIMEOUT_MS);
  return table;
}

static const char *
held_name (GPtrArray *held,
           guint      position)
{
  return pd_customer_get_company_name (g_ptr_array_index (held, position));
}

/* The items from @first to @last (within what the view holds) show their positions'
 * customers. */
static void
assert_held_range_shown (PdCustomerListModel *model,
                         GPtrArray           *held,
                         guint                first,
                         guint                last)
{
  for (guint i = first; i <= last && i < held->len; i++)
    {
      g_autofree char *expected = name_at (model, i);

      g_assert_cmpstr (held_name (held, i), ==, expected);
    }
}

static void
assert_held_rows_shown (PdCustomerListModel *model,
                        GPtrArray           *held)
{
  assert_held_range_shown (model, held, 0, held->len - 1);
}

/* The model alone, as the view sees it: every row made ahead shows its customer soon
 * after the first snapshot (the first screenful at once, the others a frame later), and
 * not only once another snapshot comes. */
static void
test_rows_made_ahead_filled (void)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdCustomerListModel) model = model_with_rows_made (held);
  g_autoptr(PdCustomerTable) table = table_of_300 ();

  pd_customer_list_model_set_snapshot (model, pd_customer_table_get_snapshot (table));
  g_assert_cmpuint (pd_customer_list_model_get_n_shown (model), ==, 300);
  g_assert_cmpstr (pd_customer_get_company_name (g_ptr_array_index (held, 0)), ==, "Company 000");

  pd_test_ui_run_for (100);
  assert_held_rows_shown (model, held);
}

/* A new order moves every row, and the view holds some 200 items: those about where the
 * view goes (the top, or the selected customer's new place) show their customers at once,
 * the others a frame later; and an item asked for meanwhile shows its customer at once. */
static void
test_new_order_fills_view_first (void)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdCustomerListModel) model = model_with_rows_made (held);
  g_autoptr(PdCustomerTable) table = table_of_300 ();
  g_autoptr(PdCustomer) asked = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *selected_name = NULL;
  guint last = held->len - 1;
  guint selected;

  g_assert_cmpuint (held->len, >, 200);
  pd_customer_list_model_set_snapshot (model, pd_customer_table_get_snapshot (table));
  pd_test_ui_run_for (100);
  assert_held_rows_shown (model, held);

  /* By Microsoft ID: the top's items at once, the last item not yet. */
  pd_customer_list_model_set_order (model, PD_CUSTOMER_ORDER_TENANT_ID, FALSE);
  assert_held_range_shown (model, held, 0, 59);
  expected = name_at (model, last);
  g_assert_cmpstr (held_name (held, last), !=, expected);
  /* Asked for, it shows its customer. */
  asked = g_list_model_get_item (G_LIST_MODEL (model), last);
  g_assert_true (asked == g_ptr_array_index (held, last));
  g_assert_cmpstr (held_name (held, last), ==, expected);
  pd_test_ui_run_for (100);
  assert_held_rows_shown (model, held);

  /* Reversed with a customer selected: the items around its new place at once. */
  pd_customer_list_model_set_selected (model, 150);
  selected_name = name_at (model, 150);
  pd_customer_list_model_set_order (model, PD_CUSTOMER_ORDER_TENANT_ID, TRUE);
  selected = pd_customer_list_model_get_selected (model);
  g_assert_cmpuint (selected, ==, 300 - 1 - 150);
  g_assert_cmpstr (held_name (held, selected), ==, selected_name);
  assert_held_range_shown (model, held, selected - 59, selected + 59);
  pd_test_ui_run_for (100);
  assert_held_rows_shown (model, held);
}

/* The same, when the list empties before the rest are filled (the rows are then kept,
 * unseen, as while nothing matches): they show the customers once there are some again. */
static void
test_rows_made_ahead_held (void)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PdCustomerListModel) model = model_with_rows_made (held);
  g_autoptr(PdCustomerTable) table = table_of_300 ();
  g_autoptr(PdCustomerTable) empty = pd_customer_table_new (0);

  pd_customer_list_model_set_snapshot (model, pd_customer_table_get_snapshot (table));
  pd_customer_list_model_set_snapshot (model, pd_customer_table_get_snapshot (empty));
  g_assert_cmpuint (pd_customer_list_model_get_n_shown (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);  /* kept */
  pd_test_ui_run_for (100);

  pd_customer_list_model_set_snapshot (model, pd_customer_table_get_snapshot (table));
  assert_held_rows_shown (model, held);
}

static void
collect_snapshot_cb (PdCustomerTable    *table,
                     PdCustomerSnapshot *snapshot,
                     gpointer            user_data)
{
  g_ptr_array_add (user_data, pd_customer_snapshot_ref (snapshot));
}

static const char *
domain_shown_at (PdCustomerListModel *model,
                 guint                position)
{
  g_autoptr(PdCustomer) customer = pd_customer_list_model_get_customer (model, position);
  static char domain[256];

  g_strlcpy (domain, pd_company_profile_get_domain (pd_customer_get_company_profile (customer)),
             sizeof domain);
  return domain;
}

/*
 * The snapshot that ends a load comes first with only the order the list shows (the table
 * was told it), then with every order. The model shows the first in its order; asked for
 * another order meanwhile, it keeps showing the list as it was until the second comes; and
 * a snapshot that lacks the model's order is not shown at all (the next one will be).
 */
static void
test_order_waits_for_every_order (void)
{
  g_autoptr(PdCustomerListModel) model = pd_customer_list_model_new ();
  g_autoptr(PdCustomerListModel) other = pd_customer_list_model_new ();
  g_autoptr(PdCustomerListModel) searching = pd_customer_list_model_new ();
  /* A long interval: one snapshot for the first page, the next at the end. */
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (60 * 1000);
  g_autoptr(GPtrArray) snapshots =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pd_customer_snapshot_unref);
  PdCustomerSnapshot *partial, *complete;
  guint64 serial = 0;

  g_signal_connect (table, "published", G_CALLBACK (collect_snapshot_cb), snapshots);
  pd_customer_table_set_shown_order (table, PD_CUSTOMER_ORDER_COMPANY_NAME);
  for (guint p = 0; p < 21; p++)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = p * 500; i < (p + 1) * 500; i++)
        {
          g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", i * 2654435761u, i);
          g_autofree char *name = g_strdup_printf ("Company %05u", i);
          /* Domains the other way round: the two orders start at either end. */
          g_autofree char *domain = g_strdup_printf ("d%05u.example.com", 10499u - i);

          g_ptr_array_add (page, pd_test_customer_new (id, name, domain, "reseller"));
        }
      serial = pd_customer_table_add (table, page);
      if (p == 0)
        pd_test_ui_assert_soon (snapshots->len == 1, TIMEOUT_MS);
    }
  serial = pd_customer_table_finish_load (table, FALSE);
  pd_test_ui_assert_soon (snapshots->len == 3, TIMEOUT_MS);
  partial = g_ptr_array_index (snapshots, 1);
  complete = g_ptr_array_index (snapshots, 2);
  g_assert_cmpuint (pd_customer_snapshot_get_serial (partial), ==, serial);
  g_assert_true (pd_customer_snapshot_has_order (partial, PD_CUSTOMER_ORDER_COMPANY_NAME));
  g_assert_false (pd_customer_snapshot_has_order (partial, PD_CUSTOMER_ORDER_DOMAIN));

  /* Shown in its order; another order waits for the snapshot that has it. */
  pd_customer_list_model_set_snapshot (model, g_ptr_array_index (snapshots, 0));
  pd_customer_list_model_set_snapshot (model, partial);
  g_assert_cmpuint (pd_customer_list_model_get_n_shown (model), ==, 10500);
  g_assert_cmpstr (domain_shown_at (model, 0), ==, "d10499.example.com");
  pd_customer_list_model_set_order (model, PD_CUSTOMER_ORDER_DOMAIN, FALSE);
  g_assert_true (pd_customer_list_model_get_snapshot (model) == partial);
  g_assert_cmpstr (domain_shown_at (model, 0), ==, "d10499.example.com");
  pd_customer_list_model_set_snapshot (model, complete);
  g_assert_cmpuint (pd_customer_list_model_get_n_shown (model), ==, 10500);
  g_assert_cmpstr (domain_shown_at (model, 0), ==, "d00000.example.com");
  g_assert_cmpstr (domain_shown_at (model, 10499), ==, "d10499.example.com");

  /* A model in the domain order does not show a snapshot that has only the name order. */
  pd_customer_list_model_set_snapshot (model, partial);
  g_assert_true (pd_customer_list_model_get_snapshot (model) == complete);
  g_assert_cmpstr (domain_shown_at (model, 0), ==, "d00000.example.com");

  /* Back to the order shown before the second snapshot came: nothing waits any more. */
  pd_customer_list_model_set_snapshot (other, partial);
  pd_customer_list_model_set_order (other, PD_CUSTOMER_ORDER_DOMAIN, FALSE);
  pd_customer_list_model_set_order (other, PD_CUSTOMER_ORDER_COMPANY_NAME, FALSE);
  pd_customer_list_model_set_snapshot (other, complete);
  g_assert_true (pd_customer_list_model_get_snapshot (other) == complete);
  g_assert_cmpstr (domain_shown_at (other, 0), ==, "d10499.example.com");

  /* While a search of the first runs, the list shows the page before it, which has every
   * order: another order still waits, for the search's snapshot lacks it. */
  pd_customer_list_model_set_snapshot (searching, g_ptr_array_index (snapshots, 0));
  pd_customer_list_model_set_query (searching, "Company 0");
  pd_test_ui_assert_soon (!pd_customer_list_model_get_pending (searching), TIMEOUT_MS);
  pd_customer_list_model_set_snapshot (searching, partial);
  g_assert_true (pd_customer_list_model_get_pending (searching));
  pd_customer_list_model_set_order (searching, PD_CUSTOMER_ORDER_DOMAIN, FALSE);
  pd_test_ui_assert_soon (!pd_customer_list_model_get_pending (searching), TIMEOUT_MS);
  g_assert_true (pd_customer_list_model_get_snapshot (searching) == partial);
  g_assert_cmpuint (pd_customer_list_model_get_n_shown (searching), ==, 10000);
  g_assert_cmpstr (domain_shown_at (searching, 0), ==, "d10499.example.com");
  pd_customer_list_model_set_snapshot (searching, complete);
  pd_test_ui_assert_soon (!pd_customer_list_model_get_pending (searching), TIMEOUT_MS);
  g_assert_cmpstr (domain_shown_at (searching, 0), ==, "d00500.example.com");
}

/* A search narrowed the list to a few customers (GTK dropped the other row widgets), then
 * the search is cleared: the first rows show at once, the view hears of the rest a
 * screenful at a time (as while loading) until it has them all, and the rows shown are
 * the list's, top to bottom. */
static void
test_broad_after_narrow (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  guint n_narrow;

  search_for (fixture, "ПАО");
  pd_test_ui_assert_soon (!pd_customer_list_model_get_pending (PD_CUSTOMER_LIST_MODEL (fixture->model))
                          && n_shown (fixture) < N_CUSTOMERS, TIMEOUT_MS);
  pd_test_ui_run_for (300);
  n_narrow = n_shown (fixture);
  g_assert_cmpuint (n_narrow, >, 0);
  g_assert_cmpuint (n_narrow, <, 40);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->model), ==, n_narrow);

  gtk_editable_set_text (GTK_EDITABLE (find (fixture, "search_entry")), "");
  pd_test_ui_assert_soon (n_shown (fixture) == N_CUSTOMERS, TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->model), >, n_narrow);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->model), <, N_CUSTOMERS / 2);

  pd_test_ui_assert_soon (g_list_model_get_n_items (fixture->model) == N_CUSTOMERS, TIMEOUT_MS);
  pd_test_ui_run_for (100);
  rows = pd_test_ui_column_view_rows (fixture->view);
  g_assert_cmpuint (rows->len, >, n_narrow);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, i))[0], ==,
                     pd_customer_get_company_name (item_at (fixture, i)));
}

static void
count_page (GPtrArray *customers,
            guint      total_count,
            gpointer   user_data)
{
  guint *n = user_data;

  *n += customers->len;
}

static void
test_search_while_loading (void)
{
  g_autoptr(PdSandboxProcess) slow = pd_test_sandbox_start (SLOW_CUSTOMERS, "--latency-ms",
                                                            SLOW_LATENCY, NULL);
  g_autoptr(PdClient) client = pd_test_client_new (slow);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = "ООО «Ромашка»";
  Fixture fixture = { 0 };
  guint n_named = 0;

  /* How many customers have that name, as the server knows. */
  pd_client_search_customers_async (client, PD_SEARCH_FIELD_COMPANY_NAME, name,
                                    PD_CLIENT_MAX_PAGE_SIZE, count_page, &n_named, NULL,
                                    NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_search_customers_finish (client, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_named, >, 1);

  open_slow_window (&fixture, slow);
  search_for (&fixture, "ооо «ромашка»");

  /* The server's answer comes before the last page: all of them are listed, and
   * each once, while the list is still loading. */
  pd_test_ui_assert_soon (n_shown (&fixture) == n_named
                          || !pd_customers_page_get_loading (fixture.page), TIMEOUT_MS);
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  for (guint i = 0; i < n_named; i++)
    g_assert_cmpstr (pd_customer_get_company_name (item_at (&fixture, i)), ==, name);

  /* When the pages bring them again, they are not doubled. */
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page), 60000);
  pd_test_ui_run_for (300);
  g_assert_cmpuint (n_shown (&fixture), ==, n_named);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (find (&fixture, "search_bar")), FALSE);
  wait_for_matches (&fixture, SLOW_CUSTOMERS);

  fixture_teardown (&fixture, NULL);
}

/* A service that stops answering mid-page: the client asks again, and the window says it
 * is slow rather than spinning in silence. */
static void
test_slow_service (void)
{
  g_autoptr(PdSandboxProcess) slow = pd_test_sandbox_start (10, "--latency-ms", "1500", NULL);
  Fixture fixture = { 0 };
  AdwStatusPage *status;

  fixture.client = pd_test_client_new (slow);
  pd_client_set_io_timeout (fixture.client, 1);
  show_window (&fixture, "Slow sandbox");
  status = ADW_STATUS_PAGE (find (&fixture, "loading_status"));

  pd_test_ui_assert_soon (pd_client_get_slow (fixture.client), TIMEOUT_MS);
  pd_test_ui_run_for (50);
  g_assert_cmpstr (page_name (&fixture), ==, "loading");
  g_assert_cmpstr (adw_status_page_get_description (status), ==,
                   "The service is slow to answer: still trying…");
  /* Nothing says yet how long the list is: a spinner, no bar. */
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (find (&fixture, "status_spinner"))));
  g_assert_false (gtk_widget_get_visible (find (&fixture, "status_progress")));

  fixture_teardown (&fixture, NULL);
}

static void
test_error_retry (void)
{
  g_autoptr(PdSandboxProcess) failing = pd_test_sandbox_start (10, "--fail-rate", "1", NULL);
  Fixture fixture = { 0 };
  AdwStatusPage *status;
  GtkWidget *retry;

  fixture.client = pd_test_client_new (failing);
  /* Nothing cached: the error page, not the rows the tests before left. */
  pd_test_ui_forget_cache (fixture.client);
  show_window (&fixture, "Failing sandbox");
  status = ADW_STATUS_PAGE (find (&fixture, "error_status"));
  retry = find (&fixture, "error_retry_button");

  /* Every answer is a 503: after the client's retries, the error page says why. */
  pd_test_ui_assert_soon (g_str_equal (page_name (&fixture), "error"), TIMEOUT_MS);
  pd_test_ui_run_for (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_nonnull (adw_status_page_get_description (status));
  g_assert_cmpstr (adw_status_page_get_description (status), !=, "");
  g_assert_true (gtk_widget_get_mapped (retry));

  /* Retry asks again (and fails again here). */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  g_assert_cmpstr (page_name (&fixture), ==, "loading");
  pd_test_ui_assert_soon (g_str_equal (page_name (&fixture), "error"), TIMEOUT_MS);

  fixture_teardown (&fixture, NULL);
}

/* One Enter in the search opens the first match. */
static void
test_search_enter_opens (Fixture       *fixture,
                         gconstpointer  data)
{
  PdCustomer *first;
  GtkWidget *page;

  search_for (fixture, "ромаш");
  wait_for_matches (fixture, count_named (fixture, "ООО «Ромашка»"));
  first = item_at (fixture, 0);

  g_signal_emit_by_name (find (fixture, "search_entry"), "activate");
  page = wait_for_customer_page (fixture);
  g_assert_cmpstr (pd_customer_get_id (pd_customer_page_get_customer (PD_CUSTOMER_PAGE (page))), ==,
                   pd_customer_get_id (first));

  /* Back on the list, that row is the selected one. */
  go_back_to_list (fixture);
  g_assert_cmpuint (selected_position (fixture), ==, 0);

  /* Enter at once after typing, before the list has the new text's results: it opens
   * the first result of what was typed, not the first row still on screen. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (find (fixture, "search_bar")), FALSE);
  wait_for_matches (fixture, N_CUSTOMERS);
  g_assert_cmpstr (pd_customer_get_company_name (item_at (fixture, 0)), !=, "ООО «Ромашка»");
  search_for (fixture, "ромаш");
  g_signal_emit_by_name (find (fixture, "search_entry"), "activate");
  page = wait_for_customer_page (fixture);
  g_assert_cmpstr (pd_customer_get_company_name (pd_customer_page_get_customer (PD_CUSTOMER_PAGE (page))),
                   ==, "ООО «Ромашка»");
  go_back_to_list (fixture);
}

/* The first-run page starts on "Try with Demo Data": Enter tries it. */
static void
test_welcome_focus (void)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));
  GtkWidget *demo_button;

  gtk_window_present (GTK_WINDOW (window));
  pd_test_ui_run_for (200);
  g_assert_cmpstr (pd_window_get_view (window), ==, "welcome");
  demo_button = pd_test_ui_find_by_id (GTK_WIDGET (window), "demo_button");
  g_assert_nonnull (demo_button);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == demo_button);
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == demo_button);

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (50);
}

/* Connection Settings start from the connection the window is on (the demo sandbox
 * here), not from the one remembered in the settings. */
static void
test_connection_settings_current (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window;

  g_assert_cmpint (pd_window_get_connection_kind (fixture->window), ==, PD_CONNECTION_DEMO);
  g_settings_set_string (settings, "connection-kind", "china");

  window = pd_window_new_connection_settings (fixture->window);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_ui_run_for (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    pd_test_ui_find_by_id (window, "demo_check"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    pd_test_ui_find_by_id (window, "china_check"))));
  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (50);

  g_settings_reset (settings, "connection-kind");
}

/* Refreshing against a sandbox that has gone away: the old rows stay, and the status bar
 * says for good (not in a toast) that they may be out of date, with Retry. */
static void
test_refresh_failure (void)
{
  g_autoptr(PdSandboxProcess) doomed = pd_test_sandbox_start (40, NULL);
  Fixture fixture = { 0 };
  GtkWidget *count_label, *retry, *stop, *banner, *banner_retry;
  const char *tooltip;

  fixture.client = pd_test_client_new (doomed);
  show_window (&fixture, "Doomed sandbox");
  count_label = find (&fixture, "count_label");
  retry = find (&fixture, "status_retry_button");
  stop = find (&fixture, "stop_button");

  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page)
                          && n_shown (&fixture) == 40, TIMEOUT_MS);
  pd_test_ui_run_for (100);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "40 customers");

  pd_sandbox_process_stop (doomed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.refresh", NULL));
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  /* Until the refresh ends, the count does not claim the old rows are current. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "Refreshing…");
  g_assert_true (gtk_widget_get_visible (stop));
  /* It lists the 40 rows again: a bar from nothing, not a spinner. */
  g_assert_true (gtk_widget_get_mapped (find (&fixture, "status_progress")));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (find (&fixture,
                                                                            "status_progress"))),
                     ==, 0.0);
  g_assert_false (gtk_widget_get_visible (find (&fixture, "status_spinner")));

  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page), TIMEOUT_MS);
  /* The service cannot be reached: the rows stay, under a lasting notice (long after a
   * toast would have gone). */
  pd_test_ui_run_for (500);
  g_assert_true (pd_customers_page_get_offline (fixture.page));
  g_assert_cmpstr (page_name (&fixture), ==, "list");
  g_assert_cmpuint (n_shown (&fixture), ==, 40);
  banner = find (&fixture, "offline_banner");
  g_assert_true (gtk_widget_get_mapped (banner));
  g_assert_true (g_str_has_prefix (pd_offline_banner_get_title (PD_OFFLINE_BANNER (banner)),
                                   "Offline — showing customers as of "));
  /* The full explanation, naming the connection in use, is at hand. */
  tooltip = gtk_widget_get_tooltip_text (banner);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "Could not reach Doomed sandbox."));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "40 customers");
  g_assert_false (gtk_widget_get_visible (retry));
  g_assert_false (gtk_widget_get_visible (stop));

  /* Retry tries again (and fails again: the sandbox is gone). */
  banner_retry = pd_test_ui_find_by_label (banner, "Retry");
  g_assert_nonnull (banner_retry);
  g_signal_emit_by_name (banner_retry, "clicked");
  g_assert_true (pd_customers_page_get_loading (fixture.page));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, "Refreshing…");
  pd_test_ui_assert_soon (!pd_customers_page_get_loading (fixture.page), TIMEOUT_MS);
  g_assert_true (pd_customers_page_get_offline (fixture.page));
  g_assert_cmpuint (n_shown (&fixture), ==, 40);

  fixture_teardown (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  pd_test_ui_isolate_cache ();
  /* gtk_test_init turns setlocale off: the Russian test sets the locale itself. */
  gtk_test_init (&argc, &argv, NULL);
  pd_test_ui_bind_translations ();

  sandbox = pd_test_sandbox_start (N_CUSTOMERS, NULL);
  app = pd_test_ui_application_new (APPLICATION_ID ".Test");

#define ADD_TEST(path, func) \
  g_test_add ("/ui/customers/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_TEST ("load", test_load);
  ADD_TEST ("cells-font-warmed", test_cells_font_warmed);
  ADD_TEST ("search-cyrillic", test_search_cyrillic);
  ADD_TEST ("search-domain", test_search_domain);
  ADD_TEST ("search-tenant-id", test_search_tenant_id);
  ADD_TEST ("no-match", test_no_match);
  ADD_TEST ("sort-saved", test_sort_saved);
  ADD_TEST ("sort-shows-top-or-selected", test_sort_shows_top_or_selected);
  ADD_TEST ("search-down-goes-to-first", test_search_down_goes_to_first);
  ADD_TEST ("search-bad-input", test_search_bad_input);
  ADD_TEST ("change-mid-list-rows", test_change_mid_list_rows);
  ADD_TEST ("broad-after-narrow", test_broad_after_narrow);
  ADD_TEST ("column-widths-saved", test_column_widths_saved);
  ADD_TEST ("refresh-keeps-selection", test_refresh_keeps_selection);
  ADD_TEST ("customer-changed", test_customer_changed);
  ADD_TEST ("open-and-back", test_open_and_back);
  ADD_TEST ("russian", test_russian);
  ADD_TEST ("edit-flow", test_edit_flow);
  ADD_TEST ("connection-settings-current", test_connection_settings_current);
  ADD_TEST ("search-enter-opens", test_search_enter_opens);
  g_test_add_func ("/ui/customers/welcome-focus", test_welcome_focus);
  g_test_add_func ("/ui/customers/stop-and-resume", test_stop_and_resume);
  g_test_add_func ("/ui/customers/error-retry", test_error_retry);
  g_test_add_func ("/ui/customers/slow-service", test_slow_service);
  g_test_add_func ("/ui/customers/refresh-failure", test_refresh_failure);
  g_test_add_func ("/ui/customers/load-keeps-top", test_load_keeps_top);
  g_test_add_func ("/ui/customers/sort-while-filling", test_sort_while_filling);
  g_test_add_func ("/ui/customers/rows-made-ahead", test_rows_made_ahead);
  g_test_add_func ("/ui/customers/rows-made-ahead-filled", test_rows_made_ahead_filled);
  g_test_add_func ("/ui/customers/order-waits-for-every-order", test_order_waits_for_every_order);
  g_test_add_func ("/ui/customers/rows-made-ahead-held", test_rows_made_ahead_held);
  g_test_add_func ("/ui/customers/new-order-fills-view-first", test_new_order_fills_view_first);
  g_test_add_func ("/ui/customers/search-while-loading", test_search_while_loading);

  result = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&sandbox);

  return result;
}
