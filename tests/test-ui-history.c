/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-history.c: the customer's History section against a real sandbox: an edit shows
 * in words, once; Restore These Values through a conflict; 21Vianet without the endpoint. */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "pd-account-page.h"
#include "pd-conflict-row.h"
#include "pd-customer-page.h"
#include "pd-edit-window.h"
#include "pd-history-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

#define ROMASHKA   "ООО «Ромашка»"
#define TIMEOUT_MS 20000

#define wait_until(condition, data) \
  g_assert_true (pd_test_ui_wait_until ((PdTestUiPredicate) (condition), (data), TIMEOUT_MS))

typedef struct
{
  PdSandboxProcess *sandbox;
  PdClient         *client;
  PdCustomer       *customer;
  GtkWidget        *window;
  GtkWidget        *page;
  char             *old_city;
} Fixture;

static gboolean
account_loaded (gpointer data)
{
  return pd_account_page_get_customer (
    PD_ACCOUNT_PAGE (pd_customer_page_get_account_page (data))) != NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *journal_dir = NULL;

  /* Each test starts with an empty journal (the sandbox's customer ids are the same). */
  journal_dir = g_build_filename (g_get_user_cache_dir (), "partner-desk", "demo", NULL);
  pd_test_remove_dir (journal_dir);

  /* @data: extra sandbox argument (--no-audit), or NULL. */
  fixture->sandbox = pd_test_sandbox_start (7, (const char *) data, NULL);
  fixture->client = pd_test_client_new (fixture->sandbox);
  id = pd_test_find_customer_id (fixture->client, ROMASHKA);
  fixture->customer = pd_test_get_customer (fixture->client, id, NULL);
  fixture->old_city = g_strdup (pd_address_get_city (pd_billing_profile_get_default_address (
    pd_customer_get_billing_profile (fixture->customer))));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  fixture->page = pd_customer_page_new (fixture->client, fixture->customer);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (account_loaded, fixture->page);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->customer);
  g_clear_object (&fixture->client);
  g_free (fixture->old_city);
  pd_sandbox_process_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static GtkStack *
sections (Fixture *fixture)
{
  return GTK_STACK (gtk_widget_get_template_child (fixture->page, PD_TYPE_CUSTOMER_PAGE,
                                                   "stack"));
}

static gboolean
history_loaded (gpointer data)
{
  return !pd_history_page_get_loading (data);
}

static PdHistoryPage *
show_history (Fixture *fixture)
{
  GtkWidget *history = pd_customer_page_get_history_page (PD_CUSTOMER_PAGE (fixture->page));

  gtk_stack_set_visible_child_name (sections (fixture), "history");
  pd_test_ui_run_for (50);
  wait_until (history_loaded, history);
  return PD_HISTORY_PAGE (history);
}

/* Every label's text below @root, one per line, in order. */
static void
collect_texts (GtkWidget *root,
               GString   *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (root)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *w = gtk_widget_get_first_child (root); w; w = gtk_widget_get_next_sibling (w))
    collect_texts (w, out);
}

static char *
page_text (PdHistoryPage *history)
{
  GString *out = g_string_new (NULL);

  collect_texts (GTK_WIDGET (history), out);
  return g_string_free (out, FALSE);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gpointer
edit_child (GtkWindow  *window,
            const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_EDIT_WINDOW, name);
}

static gboolean
rules_loaded (gpointer data)
{
  return pd_profile_form_get_rules (pd_edit_window_get_form (data)) != NULL;
}

/* Edits the city through the Account section's edit window, and waits for it to close. */
static void
edit_city (Fixture    *fixture,
           const char *city)
{
  GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (fixture->page));
  GtkWindow *edit;

  gtk_stack_set_visible_child_name (sections (fixture), "account");
  edit = pd_account_page_edit (PD_ACCOUNT_PAGE (account));
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  wait_until (rules_loaded, edit);
  gtk_editable_set_text (GTK_EDITABLE (edit_child (edit, "city_row")), city);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.submit", NULL));
  wait_until (pd_test_ui_pointer_is_null, &edit);
}

/* Edit, then History says who changed what, in words, once (the journal's entry and the
 * service's record are the same change). */
static void
test_edit_shows (Fixture       *fixture,
                 gconstpointer  data)
{
  PdHistoryPage *history = show_history (fixture);
  g_autofree char *before = page_text (history);
  g_autofree char *after = NULL;
  g_autofree char *line = g_strdup_printf ("City: %s → Казань", fixture->old_city);

  if (count (before, "Казань") != 0)
    g_error ("History shows before:\n%s", before);
  edit_city (fixture, "Казань");
  history = show_history (fixture);
  after = page_text (history);
  if (count (after, line) != 1 ||
      count (after, "demo@partnerdesk.sandbox changed the billing address") != 1)
    g_error ("History shows:\n%s", after);
  /* Newest first: the change is the first row. */
  g_assert_true (strstr (after, line) < strstr (after, "\n\n") || strstr (after, "\n\n") == NULL);
}

static gboolean
has_edit_window (gpointer data)
{
  GtkWindow **out = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_EDIT_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *out = window;
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_restore_button (GtkWidget *root)
{
  const char *text = GTK_IS_BUTTON (root) ? gtk_button_get_label (GTK_BUTTON (root)) : NULL;

  if (text != NULL && g_str_equal (text, "_Restore These Values"))
    return root;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found = find_restore_button (w);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
conflict_shown (gpointer data)
{
  return !pd_profile_form_get_busy (pd_edit_window_get_form (data)) &&
         gtk_widget_get_visible (edit_child (data, "conflict_group"));
}

static PdConflictRow *
find_city_conflict (GtkWidget *root)
{
  if (PD_IS_CONFLICT_ROW (root) &&
      pd_conflict_row_get_field (PD_CONFLICT_ROW (root)) == PD_PROFILE_FIELD_CITY)
    return PD_CONFLICT_ROW (root);
  for (GtkWidget *w = gtk_widget_get_first_child (root); w; w = gtk_widget_get_next_sibling (w))
    {
      PdConflictRow *found = find_city_conflict (w);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Restore opens the form on a fresh read with the earlier values; a colleague's save
 * meanwhile goes through the conflict view; the restored value lands, and shows on top. */
static void
test_restore_conflict (Fixture       *fixture,
                       gconstpointer  data)
{
  PdHistoryPage *history;
  GtkWindow *edit = NULL;
  GtkWidget *button;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdBillingProfile) answer = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  GtkWidget *group;
  PdConflictRow *row;

  edit_city (fixture, "Казань");
  history = show_history (fixture);
  button = find_restore_button (GTK_WIDGET (history));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_until (has_edit_window, &edit);
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (edit_child (edit, "city_row"))), ==,
                   fixture->old_city);
  g_assert_true (pd_profile_form_get_is_dirty (pd_edit_window_get_form (PD_EDIT_WINDOW (edit))));

  /* A colleague saves the city meanwhile. */
  theirs = pd_test_get_billing (fixture->client, pd_customer_get_id (fixture->customer), NULL);
  pd_address_set_city (pd_billing_profile_get_default_address (theirs), "Тула");
  answer = pd_test_update_billing (fixture->client, pd_customer_get_id (fixture->customer),
                                   theirs, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.submit", NULL));
  wait_until (conflict_shown, edit);
  group = edit_child (edit, "conflict_group");
  row = find_city_conflict (group);
  g_assert_nonnull (row);
  pd_conflict_row_choose (row, PD_CONFLICT_CHOICE_MINE);
  g_assert_cmpuint (pd_profile_form_get_unresolved_fields (
    pd_edit_window_get_form (PD_EDIT_WINDOW (edit))), ==, 0);
  g_assert_true (pd_profile_form_get_can_submit (pd_edit_window_get_form (PD_EDIT_WINDOW (edit))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "edit.submit", NULL));
  wait_until (pd_test_ui_pointer_is_null, &edit);

  server = pd_test_get_billing (fixture->client, pd_customer_get_id (fixture->customer), NULL);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   fixture->old_city);

  history = show_history (fixture);
  text = page_text (history);
  line = g_strdup_printf ("City: Тула → %s", fixture->old_city);
  if (count (text, line) != 1)
    g_error ("History shows:\n%s", text);
}

/* 21Vianet has no audit records: the section says so and shows the local journal. */
static void
test_no_audit (Fixture       *fixture,
               gconstpointer  data)
{
  PdHistoryPage *history;
  g_autofree char *text = NULL;
  g_autofree char *line = g_strdup_printf ("City: %s → Казань", fixture->old_city);

  edit_city (fixture, "Казань");
  history = show_history (fixture);
  text = page_text (history);
  if (count (text, "no activity log") != 1 || count (text, line) != 1 ||
      count (text, "This computer") != 1 || count (text, "You changed the billing address") != 1)
    g_error ("History shows:\n%s", text);
}

/* The same in Russian: the change in words of the UI's language, and the service's other
 * operations (seeded: an order placed) in words, not by their code. */
static void
test_edit_shows_russian (void)
{
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  Fixture fixture = { NULL, };
  PdHistoryPage *history;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  g_setenv ("LANGUAGE", "ru", TRUE);
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      setlocale (LC_ALL, old_locale);
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      return;
    }

  fixture_set_up (&fixture, NULL);
  line = g_strdup_printf ("Город: %s → Казань", fixture.old_city);
  edit_city (&fixture, "Казань");
  history = show_history (&fixture);
  text = page_text (history);
  if (count (text, line) != 1
      || count (text, "demo@partnerdesk.sandbox: изменен адрес для выставления счетов") != 1
      || count (text, ": размещен заказ") < 1 || count (text, "create_order") != 0)
    g_error ("History shows:\n%s", text);
  fixture_tear_down (&fixture, NULL);

  setlocale (LC_ALL, old_locale);
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  pd_test_ui_isolate_cache ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  pd_test_ui_bind_translations ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/ui/history/edit-shows", Fixture, NULL, fixture_set_up, test_edit_shows,
              fixture_tear_down);
  g_test_add ("/ui/history/restore-conflict", Fixture, NULL, fixture_set_up,
              test_restore_conflict, fixture_tear_down);
  g_test_add_func ("/ui/history/edit-shows-russian", test_edit_shows_russian);
  g_test_add ("/ui/history/no-audit", Fixture, "--no-audit", fixture_set_up, test_no_audit,
              fixture_tear_down);

  return g_test_run ();
}
