/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-form.c: what the edit form shows: every value of the account page, for a customer
 * of each seeded country; Edit in reach in the header bar; conflict values readable. */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "pd-account-page.h"
#include "pd-conflict-row.h"
#include "pd-customer-page.h"
#include "pd-edit-form.h"
#include "pd-edit-window.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

/* Enough demo customers that every country of the seed has some. */
#define N_CUSTOMERS 200
#define TIMEOUT_MS  20000

#define wait_until(condition, data) \
  g_assert_true (pd_test_ui_wait_until ((PdTestUiPredicate) (condition), (data), TIMEOUT_MS))

typedef struct
{
  PdSandboxProcess *sandbox;
  PdClient         *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = pd_test_sandbox_start (N_CUSTOMERS, NULL);
  fixture->client = pd_test_client_new (fixture->sandbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  pd_sandbox_process_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static void
collect_page (GPtrArray *customers,
              guint      total_count,
              gpointer   user_data)
{
  GPtrArray *all = user_data;

  for (guint i = 0; i < customers->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (customers, i)));
}

/* The first customer of @country, read by id (both profiles, the etag). */
static PdCustomer *
find_customer_of (Fixture    *fixture,
                  const char *country)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  pd_client_list_customers_async (fixture->client, N_CUSTOMERS, collect_page, all, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_list_customers_finish (fixture->client, result, &n, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(PdCustomer) customer = NULL;
      PdBillingProfile *billing;
      PdAddress *address;

      customer = pd_test_get_customer (fixture->client,
                                       pd_customer_get_id (g_ptr_array_index (all, i)), NULL);
      billing = pd_customer_get_billing_profile (customer);
      address = billing != NULL ? pd_billing_profile_get_default_address (billing) : NULL;
      if (address != NULL && g_strcmp0 (pd_address_get_country (address), country) == 0)
        return g_steal_pointer (&customer);
    }

  g_error ("The sandbox seeded no customer in %s", country);
  return NULL;
}

static gboolean
account_loaded (gpointer data)
{
  return pd_account_page_get_customer (data) != NULL;
}

static gboolean
rules_loaded (gpointer data)
{
  return pd_profile_form_get_rules (pd_edit_window_get_form (data)) != NULL;
}

static GtkWidget *
account_child (GtkWidget  *page,
               const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, PD_TYPE_ACCOUNT_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
form_child (GtkWindow  *window,
            const char *name)
{
  GtkWidget *widget = pd_test_ui_find_by_id (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return widget;
}

/* What the form shows: the texts of its visible inputs, drop-downs and values. A state
 * drop-down showing a state's name shows its code too: the account page writes US
 * addresses with the code ("Redmond, WA 98052"). */
static void
collect_form_texts (GtkWidget *widget,
                    GString   *texts,
                    PdAddress *address)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (ADW_IS_ENTRY_ROW (widget))
    g_string_append_printf (texts, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (ADW_IS_COMBO_ROW (widget))
    {
      GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (widget));
      const char *shown = item != NULL ? gtk_string_object_get_string (item) : "";
      const char *state = pd_address_get_state (address);

      g_string_append_printf (texts, "%s\n", shown);
      if (*state != '\0'
          && g_strcmp0 (shown, pd_country_rules_get_state_name (pd_address_get_country (address),
                                                                 state)) == 0)
        g_string_append_printf (texts, "%s\n", state);
      return;
    }
  /* Values, not row titles: the form's value labels are selectable. */
  else if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_form_texts (child, texts, address);
}

/* Every word of every value the account page shows is somewhere in the form. */
static void
assert_account_values_in_form (GtkWidget  *page,
                               const char *form_texts)
{
  static const char * const labels[] = {
    "company_name_label", "domain_label", "tenant_id_label", "relationship_label",
    "contact_name_label", "email_label", "phone_label", "address_label", "language_label",
    "culture_label",
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (account_child (page, labels[i])));
      g_auto(GStrv) words = g_strsplit_set (shown, " \n,", -1);

      for (guint j = 0; words[j] != NULL; j++)
        {
          const char *word = words[j];

          /* The mark a Japanese address writes before its postal code is not a value. */
          if (g_str_has_prefix (word, "〒"))
            word += strlen ("〒");
          if (*word == '\0' || g_str_equal (word, "—"))
            continue;
          if (strstr (form_texts, word) == NULL)
            g_error ("The account page's %s shows “%s”, the form does not:\n%s", labels[i],
                     word, form_texts);
        }
    }
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_values (Fixture       *fixture,
             gconstpointer  data)
{
  const char *country = data;
  g_autoptr(PdCustomer) customer = find_customer_of (fixture, country);
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *region = g_strdup_printf ("Region %s", country);
  g_autofree char *culture_name = NULL;
  GtkWidget *main_window = gtk_window_new ();
  GtkWidget *page = pd_account_page_new (fixture->client, customer);
  PdBillingProfile *billing = pd_customer_get_billing_profile (customer);
  PdAddress *address = pd_billing_profile_get_default_address (billing);
  gboolean has_states;
  GtkWindow *edit;
  GtkWidget *region_row;
  GtkStringObject *culture;
  GtkWidget *shown;

  gtk_window_set_child (GTK_WINDOW (main_window), page);
  gtk_window_present (GTK_WINDOW (main_window));
  wait_until (account_loaded, page);

  /* The culture reads as the language does: a name, not a code. */
  culture_name = pd_culture_get_name (pd_billing_profile_get_culture (billing));
  g_assert_cmpstr (culture_name, !=, pd_billing_profile_get_culture (billing));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (account_child (page, "culture_label"))), ==,
                   culture_name);

  edit = pd_account_page_edit (PD_ACCOUNT_PAGE (page));
  g_assert_nonnull (edit);
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  wait_until (rules_loaded, edit);

  collect_form_texts (GTK_WIDGET (pd_test_ui_find_by_type (GTK_WIDGET (edit), PD_TYPE_EDIT_FORM)),
                      texts, address);
  assert_account_values_in_form (page, texts->str);

  /* The region has its own free-text row wherever there is no list of states, and
   * wherever the address holds one (China has both). */
  has_states = gtk_widget_get_visible (form_child (edit, "state_combo_row"));
  region_row = form_child (edit, "region_row");
  if (*pd_address_get_region (address) != '\0')
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (region_row)), ==,
                     pd_address_get_region (address));
  g_assert_true (gtk_widget_get_visible (region_row)
                 == (!has_states || *pd_address_get_region (address) != '\0'));
  culture = adw_combo_row_get_selected_item (ADW_COMBO_ROW (form_child (edit, "culture_row")));
  g_assert_nonnull (culture);
  g_assert_cmpstr (gtk_string_object_get_string (culture), ==, culture_name);
  /* …in full: "English (United Kingdom)" is longer than a drop-down's own label takes. */
  pd_test_ui_run_for (200);
  shown = pd_test_ui_find_by_label (form_child (edit, "culture_row"), culture_name);
  g_assert_nonnull (shown);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (shown))));

  if (!gtk_widget_get_visible (region_row))
    {
      gtk_window_destroy (GTK_WINDOW (main_window));
      return;
    }

  /* What is typed there is what the server stores, and what the page shows after. */
  gtk_editable_set_text (GTK_EDITABLE (region_row), region);
  g_assert_true (pd_profile_form_get_can_submit (pd_edit_window_get_form (PD_EDIT_WINDOW (edit))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.submit", NULL));
  wait_until (window_gone, &edit);

  server = pd_test_get_billing (fixture->client, pd_customer_get_id (customer), NULL);
  g_assert_cmpstr (pd_address_get_region (pd_billing_profile_get_default_address (server)), ==,
                   region);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (account_child (page, "address_label"))),
                            region));

  gtk_window_destroy (GTK_WINDOW (main_window));
}

static gboolean
customer_page_loaded (gpointer data)
{
  return pd_account_page_get_customer (
    PD_ACCOUNT_PAGE (pd_customer_page_get_account_page (data))) != NULL;
}

static GtkWindow *
find_edit_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_EDIT_WINDOW (window))
        return window;
    }

  return NULL;
}

static gboolean
edit_window_open (gpointer data)
{
  return find_edit_window () != NULL;
}

/* Edit sits in the header bar: scrolling the account does not take it away. */
static void
test_edit_in_header_bar (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdCustomer) customer = find_customer_of (fixture, "RU");
  GtkWidget *main_window = gtk_window_new ();
  GtkWidget *page = pd_customer_page_new (fixture->client, customer);
  GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));
  GtkWidget *button = pd_test_ui_find_by_id (page, "edit_button");
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  GtkWindow *edit;
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (main_window), 700, 400);
  gtk_window_set_child (GTK_WINDOW (main_window), page);
  gtk_window_present (GTK_WINDOW (main_window));

  g_assert_nonnull (button);
  g_assert_nonnull (gtk_widget_get_ancestor (button, ADW_TYPE_HEADER_BAR));
  g_assert_false (gtk_widget_is_ancestor (button, account));
  wait_until (customer_page_loaded, page);
  pd_test_ui_run_for (200);
  g_assert_true (gtk_widget_is_sensitive (button));

  /* Scrolled to the end of the account, the button is still on screen. */
  scrolled = gtk_widget_get_ancestor (account_child (account, "company_name_label"),
                                     GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  pd_test_ui_run_for (200);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_compute_bounds (button, main_window, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (main_window));

  g_assert_true (gtk_widget_activate (button));
  wait_until (edit_window_open, NULL);
  edit = find_edit_window ();
  g_assert_true (gtk_window_get_transient_for (edit) == GTK_WINDOW (main_window));

  gtk_window_destroy (edit);
  gtk_window_destroy (GTK_WINDOW (main_window));
}

/* WCAG's relative luminance of an sRGB pixel (0–255 channels). */
static double
luminance (const guchar *bgra)
{
  double rgb[3] = { bgra[2] / 255.0, bgra[1] / 255.0, bgra[0] / 255.0 };

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);

  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/* The best contrast any pixel of @label has with its background (its top-left pixel),
 * as drawn inside @root. */
static double
label_contrast (GtkWidget *root,
                GtkWidget *label)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (root);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (root);
  int height = gtk_widget_get_height (root);
  gsize stride = (gsize) width * 4;
  graphene_rect_t bounds;
  double background, best = 1;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (root)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  g_assert_true (gtk_widget_compute_bounds (label, root, &bounds));
  background = luminance (pixels + (gsize) bounds.origin.y * stride
                          + (gsize) bounds.origin.x * 4);
  for (int y = bounds.origin.y; y < bounds.origin.y + bounds.size.height && y < height; y++)
    for (int x = bounds.origin.x; x < bounds.origin.x + bounds.size.width && x < width; x++)
      {
        double l = luminance (pixels + (gsize) y * stride + (gsize) x * 4);
        double ratio = (MAX (l, background) + 0.05) / (MIN (l, background) + 0.05);

        best = MAX (best, ratio);
      }

  return best;
}

static GtkWidget *
find_subtitle (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "subtitle"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_subtitle (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* "Theirs / Yours" of an undecided conflict reads at WCAG AA contrast (4.5:1) in the
 * light and the dark style. */
static void
test_conflict_contrast (Fixture       *fixture,
                        gconstpointer  data)
{
  AdwColorScheme scheme = GPOINTER_TO_INT (data);
  g_autoptr(PdCustomer) customer = find_customer_of (fixture, "RU");
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdProfileForm) form = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row, *subtitle;
  double contrast;

  form = pd_profile_form_new (pd_customer_get_billing_profile (customer), NULL);
  pd_address_set_city (pd_billing_profile_get_default_address (pd_profile_form_get_profile (form)),
                       "Казань");
  theirs = pd_billing_profile_copy (pd_customer_get_billing_profile (customer));
  pd_address_set_city (pd_billing_profile_get_default_address (theirs), "Самара");
  pd_profile_form_set_conflict (form, theirs);
  row = pd_conflict_row_new (form, PD_PROFILE_FIELD_CITY);
  g_assert_cmpint (pd_profile_form_get_choice (form, PD_PROFILE_FIELD_CITY), ==,
                   PD_CONFLICT_CHOICE_NONE);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_widget_set_margin_start (group, 12);
  gtk_widget_set_margin_end (group, 12);
  gtk_window_set_child (GTK_WINDOW (window), group);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 200);
  gtk_window_present (GTK_WINDOW (window));
  pd_test_ui_run_for (500);

  subtitle = find_subtitle (row);
  g_assert_nonnull (subtitle);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (subtitle)), "Самара"));
  contrast = label_contrast (group, subtitle);
  g_test_message ("Theirs/Yours contrast: %.2f", contrast);
  g_assert_cmpfloat (contrast, >=, 4.5);

  gtk_window_destroy (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  /* Every country pd-sandbox-seed.c makes customers in. */
  static const char * const countries[] = { "RU", "CN", "US", "DE", "KZ", "GB", "FR", "JP" };
  g_autoptr(PdApplication) app = NULL;

  pd_test_ui_isolate_cache ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  pd_test_ui_bind_translations ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* Started, the app has loaded its style sheet, as it has when it runs. */
  app = pd_test_ui_application_new ("io.github.partnerdesk.TestForm");

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/form/account-values/%s", countries[i]);

      g_test_add (path, Fixture, countries[i], fixture_set_up, test_values, fixture_tear_down);
    }
  g_test_add ("/ui/form/edit-in-header-bar", Fixture, NULL, fixture_set_up,
              test_edit_in_header_bar, fixture_tear_down);
  g_test_add ("/ui/form/conflict-contrast/light", Fixture,
              GINT_TO_POINTER (ADW_COLOR_SCHEME_FORCE_LIGHT), fixture_set_up,
              test_conflict_contrast, fixture_tear_down);
  g_test_add ("/ui/form/conflict-contrast/dark", Fixture,
              GINT_TO_POINTER (ADW_COLOR_SCHEME_FORCE_DARK), fixture_set_up,
              test_conflict_contrast, fixture_tear_down);

  return g_test_run ();
}
