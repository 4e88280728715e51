/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-edit.c: the edit form against a real sandbox: submit, address choice, conflict,
 * server errors, discarding, validation, and the account page. */

#include "config.h"

#include <adwaita.h>

#include "pd-account-page.h"
#include "pd-address-choice.h"
#include "pd-application.h"
#include "pd-conflict-row.h"
#include "pd-customer-page.h"
#include "pd-edit-window.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

#define ROMASHKA   "ООО «Ромашка»"
#define TIMEOUT_MS 20000

/* Runs the main loop until @condition (@data) holds; fails at the caller's line if it
 * does not within TIMEOUT_MS. */
#define wait_until(condition, data) \
  g_assert_true (pd_test_ui_wait_until ((PdTestUiPredicate) (condition), (data), TIMEOUT_MS))
/* What the server holds for the fixture's customer (asserting the read succeeds). */
#define read_billing(fixture) \
  pd_test_get_billing ((fixture)->client, pd_customer_get_id ((fixture)->customer), NULL)
/* Stores @profile for the fixture's customer behind the form's back, as a colleague would
 * (asserting the server takes it); the stored profile. */
#define put_billing(fixture, profile) \
  pd_test_update_billing ((fixture)->client, pd_customer_get_id ((fixture)->customer), \
                          (profile), NULL)

typedef struct
{
  PdSandboxProcess *sandbox;
  PdClient         *client;
  PdCustomer       *customer;  /* #0, read by id: both profiles and the etag */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *id = NULL;

  /* @data: extra sandbox arguments (a latency), or NULL. */
  if (data != NULL)
    fixture->sandbox = pd_test_sandbox_start (7, "--latency-ms", (const char *) data, NULL);
  else
    fixture->sandbox = pd_test_sandbox_start (7, NULL);
  fixture->client = pd_test_client_new (fixture->sandbox);

  id = pd_test_find_customer_id (fixture->client, ROMASHKA);
  fixture->customer = pd_test_get_customer (fixture->client, id, NULL);
  g_assert_nonnull (pd_customer_get_billing_profile (fixture->customer));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->customer);
  g_clear_object (&fixture->client);
  pd_sandbox_process_stop (fixture->sandbox);
  g_clear_object (&fixture->sandbox);
}

static gpointer
child (gpointer    window,
       const char *name)
{
  GObject *object;

  object = gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_EDIT_WINDOW, name);
  g_assert_nonnull (object);

  return object;
}

static void
set_row_text (PdEditWindow *window,
              const char   *row,
              const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (window, row)), text);
}

static const char *
row_text (PdEditWindow *window,
          const char   *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (window, row)));
}

static gboolean
rules_loaded (gpointer data)
{
  return pd_profile_form_get_rules (pd_edit_window_get_form (data)) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !pd_profile_form_get_busy (pd_edit_window_get_form (data));
}

static void
on_saved (PdEditWindow      *window,
          PdBillingProfile  *saved,
          PdBillingProfile **out)
{
  g_set_object (out, saved);
}

static PdEditWindow *
open_window (Fixture *fixture)
{
  PdEditWindow *window;

  window = pd_edit_window_new (fixture->client, fixture->customer, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (rules_loaded, window);

  return window;
}

static void
submit (PdEditWindow *window)
{
  g_assert_true (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.submit", NULL));
}

static void
close_without_asking (PdEditWindow *window)
{
  /* Forget the edits so closing does not ask. */
  pd_profile_form_commit (pd_edit_window_get_form (window),
                          pd_profile_form_get_original (pd_edit_window_get_form (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_submit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PdBillingProfile) saved = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(JsonObject) json = NULL;
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  const char *etag_before = pd_billing_profile_get_etag (pd_customer_get_billing_profile (fixture->customer));
  JsonObject *address;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_signal_connect (window, "saved", G_CALLBACK (on_saved), &saved);

  /* The first field has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         child (window, "company_name_row"))
                 || gtk_window_get_focus (GTK_WINDOW (window)) == child (window, "company_name_row"));

  g_assert_cmpstr (row_text (window, "company_name_row"), ==, ROMASHKA);
  g_assert_false (gtk_widget_get_sensitive (child (window, "submit_button")));

  set_row_text (window, "city_row", "Казань");
  set_row_text (window, "phone_row", "+7 843 555-12-34");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, etag_before);
  /* The customer's own profile never sees half-typed values. */
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (
                     pd_customer_get_billing_profile (fixture->customer))), ==, "Москва");

  submit (window);
  wait_until (pd_test_ui_pointer_is_null, &window);

  g_assert_nonnull (saved);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (saved)), ==,
                   "Казань");
  g_assert_cmpstr (pd_billing_profile_get_etag (saved), !=, etag_before);

  /* What the server holds now, unknown fields included. */
  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Казань");
  g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (server)),
                   ==, "+7 843 555-12-34");
  g_assert_cmpstr (pd_billing_profile_get_company_name (server), ==, ROMASHKA);
  json = pd_billing_profile_to_json (server);
  address = json_object_get_object_member (json, "defaultAddress");
  g_assert_nonnull (address);
  g_assert_true (json_object_has_member (address, "futureField"));
  g_assert_cmpstr (json_object_get_string_member (address, "district"), ==, "Тверской");
  g_assert_cmpstr (pd_address_get_middle_name (pd_billing_profile_get_default_address (server)),
                   !=, "");
}

static gboolean
choice_or_closed (gpointer data)
{
  PdEditWindow **window = data;

  return *window == NULL || (gtk_widget_get_visible (child (*window, "address_choice"))
                             && not_busy (*window));
}

static void
test_address_choice (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  PdEditWindow *window = open_window (fixture);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* All lower case: the address service suggests "Казань". */
  set_row_text (window, "city_row", "казань");
  submit (window);
  wait_until (choice_or_closed, &window);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (child (window, "address_choice")));
  /* Nothing changed by itself: the field holds what the user typed. */
  g_assert_cmpstr (row_text (window, "city_row"), ==, "казань");
  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Москва");
  g_clear_object (&server);

  pd_address_choice_select (child (window, "address_choice"), 0);
  submit (window);
  wait_until (pd_test_ui_pointer_is_null, &window);

  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Казань");
  /* Country never changes. */
  g_assert_cmpstr (pd_address_get_country (pd_billing_profile_get_default_address (server)), ==,
                   "RU");
}

static void
put_as_colleague (Fixture    *fixture,
                  const char *city,
                  const char *email)
{
  g_autoptr(PdBillingProfile) theirs = read_billing (fixture);
  g_autoptr(PdBillingProfile) answer = NULL;

  pd_address_set_city (pd_billing_profile_get_default_address (theirs), city);
  pd_billing_profile_set_email (theirs, email);
  answer = put_billing (fixture, theirs);
}

static gboolean
conflict_shown (gpointer data)
{
  PdEditWindow *window = data;

  return not_busy (window) && gtk_widget_get_visible (child (window, "conflict_group"));
}

static PdConflictRow *
find_conflict_row (PdEditWindow   *window,
                   PdProfileField  field)
{
  GtkWidget *group = child (window, "conflict_group");

  /* Rows live in the group's list box: walk the tree. */
  for (GtkWidget *w = gtk_widget_get_first_child (group); w != NULL; )
    {
      if (PD_IS_CONFLICT_ROW (w) && pd_conflict_row_get_field (PD_CONFLICT_ROW (w)) == field)
        return PD_CONFLICT_ROW (w);

      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != group && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          if (w == NULL || w == group)
            break;
          w = gtk_widget_get_next_sibling (w);
        }
    }

  return NULL;
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  PdConflictRow *city_conflict;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* Edit began; a colleague saves first. */
  put_as_colleague (fixture, "Тула", "office@romashka.example");

  set_row_text (window, "city_row", "Казань");
  set_row_text (window, "phone_row", "+7 843 555-12-34");
  submit (window);
  wait_until (conflict_shown, window);

  /* Open, with the user's edits, and the colleague's value untouched on the server. */
  g_assert_nonnull (window);
  g_assert_cmpstr (row_text (window, "city_row"), ==, "Казань");
  g_assert_cmpstr (row_text (window, "phone_row"), ==, "+7 843 555-12-34");
  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Тула");
  g_assert_true (pd_profile_form_get_has_conflict (form));
  g_assert_cmpuint (pd_profile_form_get_conflict_fields (form), ==,
                    PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_EMAIL);
  /* The next PUT goes against the new etag. */
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, pd_billing_profile_get_etag (server));
  g_clear_object (&server);

  city_conflict = find_conflict_row (window, PD_PROFILE_FIELD_CITY);
  g_assert_nonnull (city_conflict);
  g_assert_nonnull (find_conflict_row (window, PD_PROFILE_FIELD_EMAIL));
  /* Both changed the city: no submitting until the user picks. */
  g_assert_false (gtk_widget_get_sensitive (child (window, "submit_button")));

  pd_conflict_row_choose (city_conflict, PD_CONFLICT_CHOICE_MINE);
  submit (window);
  wait_until (pd_test_ui_pointer_is_null, &window);

  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Казань");
  g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (server)),
                   ==, "+7 843 555-12-34");
  /* Their change the user did not touch survives, and so do the fields the form
   * doesn't show. */
  g_assert_cmpstr (pd_billing_profile_get_email (server), ==, "office@romashka.example");
  {
    g_autoptr(JsonObject) json = pd_billing_profile_to_json (server);
    JsonObject *address = json_object_get_object_member (json, "defaultAddress");

    g_assert_true (json_object_has_member (address, "futureField"));
    g_assert_cmpstr (json_object_get_string_member (address, "district"), ==, "Тверской");
  }
}

static gboolean
theirs_chosen (gpointer data)
{
  return pd_profile_form_get_choice (data, PD_PROFILE_FIELD_CITY) == PD_CONFLICT_CHOICE_THEIRS;
}

/* The conflict's choices from the keyboard: the focus starts on the first choice to make
 * (Keep Mine), Tab goes to Use Theirs, and Space (a button's activation) picks it. */
static void
test_conflict_keyboard (Fixture       *fixture,
                        gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  PdConflictRow *city_conflict;
  GtkWidget *mine, *theirs;

  put_as_colleague (fixture, "Тула", "office@romashka.example");
  set_row_text (window, "city_row", "Казань");
  submit (window);
  wait_until (conflict_shown, window);

  city_conflict = find_conflict_row (window, PD_PROFILE_FIELD_CITY);
  g_assert_nonnull (city_conflict);
  mine = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (city_conflict),
                                                    PD_TYPE_CONFLICT_ROW, "mine_button"));
  theirs = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (city_conflict),
                                                      PD_TYPE_CONFLICT_ROW, "theirs_button"));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == mine);

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == theirs);
  g_assert_true (gtk_widget_activate (theirs));
  /* A button activated from the keyboard shows itself pressed for a moment first. */
  wait_until (theirs_chosen, form);
  g_assert_cmpint (pd_profile_form_get_choice (form, PD_PROFILE_FIELD_CITY), ==,
                   PD_CONFLICT_CHOICE_THEIRS);
  g_assert_cmpstr (row_text (window, "city_row"), ==, "Тула");

  close_without_asking (window);
}

/* Conflict rows show a language by name, as the form's drop-down does. */
static void
test_conflict_language (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PdBillingProfile) theirs = read_billing (fixture);
  g_autoptr(PdBillingProfile) answer = NULL;
  PdEditWindow *window = open_window (fixture);
  PdConflictRow *row;
  const char *subtitle;

  g_assert_cmpstr (pd_billing_profile_get_language (theirs), !=, "en");
  pd_billing_profile_set_language (theirs, "en");
  answer = put_billing (fixture, theirs);

  set_row_text (window, "city_row", "Казань");
  submit (window);
  wait_until (conflict_shown, window);

  row = find_conflict_row (window, PD_PROFILE_FIELD_LANGUAGE);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, pd_language_get_name ("en")));
  g_assert_nonnull (strstr (subtitle, pd_language_get_name ("ru")));
  g_assert_null (strstr (subtitle, ": en"));

  close_without_asking (window);
}

static gboolean
error_shown (gpointer data)
{
  PdEditWindow *window = data;

  return not_busy (window) && gtk_widget_get_visible (child (window, "error_box"));
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *long_name = g_strnfill (60, 'x');
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  PdAddress *address = pd_billing_profile_get_default_address (pd_profile_form_get_profile (form));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* The middle name is not on the form and not checked here; the server limits it to 50. */
  pd_address_set_middle_name (address, long_name);
  set_row_text (window, "city_row", "Казань");
  submit (window);
  wait_until (error_shown, window);

  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_label_get_text (child (window, "error_label")), !=, "");
  g_assert_cmpstr (row_text (window, "city_row"), ==, "Казань");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_true (gtk_widget_get_visible (child (window, "retry_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "retry_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "copy_details_button")));

  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Москва");

  /* "Copy Details" puts the server's code and the request ids on the clipboard. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *text = NULL;
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.copy-details", NULL));
    gdk_clipboard_read_text_async (clipboard, NULL, pd_test_store_result, &result);
    pd_test_wait_for_result (&result);
    text = gdk_clipboard_read_text_finish (clipboard, result, NULL);
    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, "400"));
  }

  close_without_asking (window);
}

/* The message under a field (the row after it in its list), or NULL when hidden. */
static const char *
field_message (PdEditWindow *window,
               const char   *row)
{
  GtkWidget *error_row = gtk_widget_get_next_sibling (child (window, row));

  g_assert_nonnull (error_row);
  if (!gtk_widget_get_visible (error_row))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (error_row))));
}

/* The server refuses a value the client's rules let through (a city over the API's 100
 * characters): the refusal shows at that field, in the same style and accessible
 * description as the client's own checks, beside the banner; every edit stays; and the
 * message goes as soon as the user changes that field. */
static void
test_server_field_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(GString) city = g_string_new ("К");
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  GtkWidget *city_row = child (window, "city_row");
  GtkWidget *city_text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (city_row)));
  const char *message;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* Mixed case and no spaces: the address check has nothing to suggest. */
  for (guint i = 0; i < 100; i++)
    g_string_append (city, "а");
  set_row_text (window, "first_name_row", "Пётр");
  set_row_text (window, "city_row", city->str);
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY));
  submit (window);
  wait_until (error_shown, window);
  g_assert_nonnull (window);

  /* At the field, with the server's words, which name the property. */
  message = pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "defaultAddress.city"));
  g_assert_cmpstr (field_message (window, "city_row"), ==, message);
  g_assert_true (gtk_widget_has_css_class (city_row, "error"));
  gtk_test_accessible_assert_property (city_row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  gtk_test_accessible_assert_property (city_text, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  g_assert_null (field_message (window, "first_name_row"));

  /* The banner stays, with Retry and Copy Details. */
  g_assert_cmpstr (gtk_label_get_text (child (window, "error_label")), !=, "");
  g_assert_true (gtk_widget_get_visible (child (window, "retry_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "retry_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "copy_details_button")));

  /* Every edit is kept; the server holds none of them. */
  g_assert_cmpstr (row_text (window, "city_row"), ==, city->str);
  g_assert_cmpstr (row_text (window, "first_name_row"), ==, "Пётр");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Москва");

  /* Editing another field leaves it; editing the city clears it. */
  set_row_text (window, "first_name_row", "Пётр Ильич");
  g_assert_cmpstr (field_message (window, "city_row"), ==, message);
  set_row_text (window, "city_row", "Казань");
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY));
  g_assert_null (field_message (window, "city_row"));
  g_assert_false (gtk_widget_has_css_class (city_row, "error"));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (city_row),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (city_text),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_true (gtk_widget_get_sensitive (child (window, "submit_button")));

  close_without_asking (window);
}

static void
test_abort (Fixture       *fixture,
            gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  set_row_text (window, "phone_row", "+7 843 555-12-34");
  submit (window);
  /* Running: spinner, fields locked, Submit off, Cancel aborts. */
  g_assert_true (pd_profile_form_get_busy (form));
  g_assert_true (gtk_widget_get_visible (child (window, "spinner")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "fields_box")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "cancel_button")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.cancel", NULL));
  g_assert_false (pd_profile_form_get_busy (form));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_sensitive (child (window, "fields_box")));
  g_assert_cmpstr (row_text (window, "phone_row"), ==, "+7 843 555-12-34");
  g_assert_true (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_false (gtk_widget_get_visible (child (window, "error_box")));

  /* The app reads back what the server holds and says so: here the PUT never left. */
  wait_until (error_shown, window);
  g_assert_cmpstr (gtk_label_get_text (child (window, "error_label")), ==,
                   "Submitting was stopped. Nothing was changed.");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_true (gtk_widget_get_sensitive (child (window, "submit_button")));
  {
    g_autoptr(PdBillingProfile) server = read_billing (fixture);

    g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (server)),
                     !=, "+7 843 555-12-34");
  }

  close_without_asking (window);
}

/* Cancel after the PUT reached the server (latency 400 ms, cancel at 150 ms): the change
 * is saved there, so the form says so and closes instead of staying open in silence. */
static void
test_abort_too_late (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdBillingProfile) saved = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  PdEditWindow *window = open_window (fixture);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_signal_connect (window, "saved", G_CALLBACK (on_saved), &saved);

  set_row_text (window, "phone_row", "+7 843 555-12-37");
  submit (window);
  pd_test_ui_run_for (150);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.cancel", NULL));
  wait_until (pd_test_ui_pointer_is_null, &window);

  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (server)),
                   ==, "+7 843 555-12-37");
  g_assert_nonnull (saved);
  g_assert_cmpstr (pd_billing_profile_get_etag (saved), ==, pd_billing_profile_get_etag (server));
}

/* After a lost answer, submitting again meets a "conflict" where theirs is the user's
 * own values: that is no conflict, the change is saved. */
static void
test_conflict_with_self (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdBillingProfile) saved = NULL;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdBillingProfile) answer = NULL;
  PdEditWindow *window = open_window (fixture);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_signal_connect (window, "saved", G_CALLBACK (on_saved), &saved);

  set_row_text (window, "phone_row", "+7 843 555-12-38");
  /* The same values reach the server by another way (the lost PUT). */
  theirs = pd_billing_profile_copy (pd_profile_form_get_profile (pd_edit_window_get_form (window)));
  answer = put_billing (fixture, theirs);

  submit (window);
  wait_until (pd_test_ui_pointer_is_null, &window);
  g_assert_nonnull (saved);
  g_assert_cmpstr (pd_billing_profile_get_etag (saved), ==, pd_billing_profile_get_etag (answer));
}

/* The suggestion is the address already stored: choosing it leaves nothing to submit,
 * and the form closes rather than sit there with Submit greyed out. */
static void
test_address_choice_unchanged (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  PdEditWindow *window = open_window (fixture);
  PdBillingProfile *read = pd_customer_get_billing_profile (fixture->customer);
  const char *etag = pd_billing_profile_get_etag (read);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  set_row_text (window, "city_row", "москва");
  submit (window);
  wait_until (choice_or_closed, &window);
  g_assert_nonnull (window);
  pd_address_choice_select (child (window, "address_choice"), 0);
  submit (window);
  wait_until (pd_test_ui_pointer_is_null, &window);

  server = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (server)), ==,
                   "Москва");
  g_assert_cmpstr (pd_billing_profile_get_etag (server), ==, etag);
}

/* Cancel, then submit again at once: the first request's late "cancelled" answer must
 * not unlock the form while the second one runs. */
static void
test_abort_resubmit (Fixture       *fixture,
                     gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);
  g_autoptr(PdBillingProfile) stored = NULL;

  set_row_text (window, "phone_row", "+7 843 555-12-35");
  submit (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.cancel", NULL));
  g_assert_false (pd_profile_form_get_busy (form));
  submit (window);
  g_assert_true (pd_profile_form_get_busy (form));

  /* Well under the sandbox's latency: only the cancelled request can answer meanwhile. */
  pd_test_ui_run_for (300);
  g_assert_true (pd_profile_form_get_busy (form));
  g_assert_false (gtk_widget_get_sensitive (child (window, "fields_box")));

  /* The second request goes through and the form closes. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  wait_until (pd_test_ui_pointer_is_null, &window);
  stored = read_billing (fixture);
  g_assert_cmpstr (pd_address_get_phone_number (pd_billing_profile_get_default_address (stored)),
                   ==, "+7 843 555-12-35");
}

/* The focus of an entry row is in its text: that text carries the visible title as its
 * accessible name (libadwaita 1.2 names only the row). */
static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  const char *rows[] = {
    "company_name_row", "first_name_row", "last_name_row", "email_row", "phone_row",
    "line1_row", "line2_row", "city_row", "state_row", "postal_code_row",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      AdwPreferencesRow *row = child (window, rows[i]);
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));
      g_autofree char *failure = NULL;

      g_assert_nonnull (text);
      failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (text),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                    adw_preferences_row_get_title (row));
      if (failure != NULL)
        g_error ("%s: %s", rows[i], failure);
    }

  close_without_asking (window);
}

/* The "Discard changes?" dialog, which must be open. */
static AdwMessageDialog *
discard_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        return ADW_MESSAGE_DIALOG (item);
    }

  g_assert_not_reached ();
}

/* Gives @dialog the person's @response ("cancel", "discard") and closes it. */
static void
answer_dialog (AdwMessageDialog *dialog,
               const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closing (discarding) while a request runs: the window goes, its request is cancelled
 * and the cancelled answer touches nothing (criticals are fatal here). */
static void
test_close_while_busy (Fixture       *fixture,
                       gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  set_row_text (window, "phone_row", "+7 843 555-12-36");
  submit (window);
  g_assert_true (pd_profile_form_get_busy (pd_edit_window_get_form (window)));

  gtk_window_close (GTK_WINDOW (window));
  answer_dialog (discard_dialog (), "discard");
  wait_until (pd_test_ui_pointer_is_null, &window);
}

static void
test_discard (Fixture       *fixture,
              gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  /* Unchanged: closes without asking. */
  set_row_text (window, "city_row", "Казань");
  set_row_text (window, "city_row", "Москва");
  g_assert_false (pd_profile_form_get_is_dirty (pd_edit_window_get_form (window)));

  set_row_text (window, "city_row", "Казань");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "edit.cancel", NULL));
  dialog = discard_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard changes?");
  g_assert_nonnull (window);

  /* Keep editing: still open with the edit. */
  answer_dialog (dialog, "cancel");
  g_assert_nonnull (window);
  g_assert_cmpstr (row_text (window, "city_row"), ==, "Казань");

  gtk_window_close (GTK_WINDOW (window));
  answer_dialog (discard_dialog (), "discard");
  wait_until (pd_test_ui_pointer_is_null, &window);
}

/* Ctrl+Q with unsaved edits asks first, through the form's own "Discard changes?". */
static void
test_quit_asks (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PdApplication) app = pd_test_ui_application_new (APPLICATION_ID ".TestEdit");
  PdEditWindow *window;
  AdwMessageDialog *dialog;
  GtkWidget *main_window;

  main_window = gtk_application_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (main_window), (gpointer *) &main_window);
  gtk_window_present (GTK_WINDOW (main_window));
  window = open_window (fixture);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (main_window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  set_row_text (window, "city_row", "Казань");

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = discard_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* Keep editing: nothing closes. */
  answer_dialog (dialog, "cancel");
  pd_test_ui_run_for (50);
  g_assert_nonnull (window);
  g_assert_nonnull (main_window);
  g_assert_cmpstr (row_text (window, "city_row"), ==, "Казань");

  /* Discard: the form goes, and the quit goes on. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  answer_dialog (discard_dialog (), "discard");
  wait_until (pd_test_ui_pointer_is_null, &window);
  wait_until (pd_test_ui_pointer_is_null, &main_window);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);
  PdProfileForm *form = pd_edit_window_get_form (window);

  set_row_text (window, "email_row", "bad email");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_false (pd_profile_form_get_is_valid (form));
  g_assert_false (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_true (gtk_widget_has_css_class (child (window, "email_row"), "error"));
  g_assert_nonnull (pd_profile_form_get_error (form, PD_PROFILE_FIELD_EMAIL));
  /* Ctrl+Return does nothing either. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "edit.submit", NULL)
                  && pd_profile_form_get_busy (form));

  set_row_text (window, "email_row", "ivan@romashka.example");
  g_assert_true (pd_profile_form_get_is_valid (form));
  g_assert_true (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_false (gtk_widget_has_css_class (child (window, "email_row"), "error"));

  /* An empty required field. */
  set_row_text (window, "company_name_row", "");
  g_assert_false (gtk_widget_get_sensitive (child (window, "submit_button")));
  g_assert_nonnull (pd_profile_form_get_error (form, PD_PROFILE_FIELD_COMPANY_NAME));

  close_without_asking (window);
}

static gboolean
focus_in (PdEditWindow *window,
          const char   *row)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL
         && (focus == child (window, row) || gtk_widget_is_ancestor (focus, child (window, row)));
}

static void
tab_from (PdEditWindow     *window,
          const char       *from,
          GtkDirectionType  direction,
          const char       *to)
{
  g_assert_true (gtk_widget_grab_focus (child (window, from)));
  g_assert_true (focus_in (window, from));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), direction));
  if (!focus_in (window, to))
    g_error ("Tab from %s went to a %s, not into %s", from,
             G_OBJECT_TYPE_NAME (gtk_window_get_focus (GTK_WINDOW (window))), to);
}

/* Tab goes field to field: past the message under a field with a problem, and past
 * the values the form only shows (one stop each would be two, row and label). */
static void
test_tab_order (Fixture       *fixture,
                gconstpointer  data)
{
  PdEditWindow *window = open_window (fixture);

  tab_from (window, "company_name_row", GTK_DIR_TAB_FORWARD, "first_name_row");
  tab_from (window, "first_name_row", GTK_DIR_TAB_BACKWARD, "company_name_row");
  tab_from (window, "phone_row", GTK_DIR_TAB_FORWARD, "line1_row");
  tab_from (window, "line1_row", GTK_DIR_TAB_BACKWARD, "phone_row");

  set_row_text (window, "email_row", "bad email");
  g_assert_nonnull (pd_profile_form_get_error (pd_edit_window_get_form (window),
                                               PD_PROFILE_FIELD_EMAIL));
  tab_from (window, "email_row", GTK_DIR_TAB_FORWARD, "phone_row");
  tab_from (window, "phone_row", GTK_DIR_TAB_BACKWARD, "email_row");

  g_assert_false (gtk_widget_get_focusable (child (window, "country_row")));

  close_without_asking (window);
}

/* A small screen: the window fits (it scrolls), and the field in focus shows in full
 * with the message under it. */
static void
test_small_screen (Fixture       *fixture,
                   gconstpointer  data)
{
  PdEditWindow *window = pd_edit_window_new (fixture->client, fixture->customer, NULL);
  GtkWidget *scrolled = child (window, "scrolled_window");
  GtkWidget *email = child (window, "email_row");
  GtkWidget *error_row = gtk_widget_get_next_sibling (email);
  int width, height;
  graphene_rect_t bounds;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (height, <=, 640);

  gtk_window_set_default_size (GTK_WINDOW (window), 620, 360);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (rules_loaded, window);

  set_row_text (window, "email_row", "bad email");
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_true (gtk_widget_grab_focus (email));
  pd_test_ui_run_for (500);

  g_assert_true (gtk_widget_compute_bounds (email, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_true (gtk_widget_compute_bounds (error_row, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scrolled));

  close_without_asking (window);
}

static gboolean
account_loaded (gpointer data)
{
  return pd_account_page_get_customer (data) != NULL;
}

static void
test_account_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PdBillingProfile) saved = NULL;
  GtkWidget *main_window = gtk_window_new ();
  GtkWidget *page = pd_account_page_new (fixture->client, fixture->customer);
  GtkWindow *edit;
  GObject *label;

  gtk_window_set_child (GTK_WINDOW (main_window), page);
  gtk_window_present (GTK_WINDOW (main_window));
  wait_until (account_loaded, page);

  label = gtk_widget_get_template_child (page, PD_TYPE_ACCOUNT_PAGE, "company_name_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, ROMASHKA);
  label = gtk_widget_get_template_child (page, PD_TYPE_ACCOUNT_PAGE, "address_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Москва"));

  g_signal_connect (page, "saved", G_CALLBACK (on_saved), &saved);
  g_assert_true (gtk_widget_activate_action (page, "account.edit", NULL));
  edit = pd_account_page_edit (PD_ACCOUNT_PAGE (page));
  g_assert_true (PD_IS_EDIT_WINDOW (edit));
  g_assert_true (gtk_window_get_transient_for (edit) == GTK_WINDOW (main_window));
  g_assert_true (gtk_window_get_modal (edit));
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  wait_until (rules_loaded, edit);

  gtk_editable_set_text (GTK_EDITABLE (child (edit, "city_row")), "Казань");
  submit (PD_EDIT_WINDOW (edit));
  wait_until (pd_test_ui_pointer_is_null, &edit);

  g_assert_nonnull (saved);
  label = gtk_widget_get_template_child (page, PD_TYPE_ACCOUNT_PAGE, "address_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Казань"));

  gtk_window_destroy (GTK_WINDOW (main_window));
}

static gboolean
account_failed (gpointer data)
{
  GObject *stack = gtk_widget_get_template_child (data, PD_TYPE_ACCOUNT_PAGE, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "error") == 0;
}

static void
test_account_page_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PdCustomer) missing = pd_customer_new ();
  GtkWidget *main_window = gtk_window_new ();
  GtkWidget *page;

  pd_customer_set_id (missing, "00000000-0000-0000-0000-000000000000");
  page = pd_account_page_new (fixture->client, missing);
  gtk_window_set_child (GTK_WINDOW (main_window), page);
  gtk_window_present (GTK_WINDOW (main_window));
  wait_until (account_failed, page);

  /* Nothing to edit, and Retry is there. */
  g_assert_false (gtk_widget_activate_action (page, "account.edit", NULL)
                  && pd_account_page_edit (PD_ACCOUNT_PAGE (page)) != NULL);
  g_assert_true (gtk_widget_activate_action (page, "account.reload", NULL));
  wait_until (account_failed, page);

  gtk_window_destroy (GTK_WINDOW (main_window));
}

static gboolean
customer_page_loaded (gpointer data)
{
  return pd_account_page_get_customer (
    PD_ACCOUNT_PAGE (pd_customer_page_get_account_page (data))) != NULL;
}

static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PdBillingProfile) server = NULL;
  GtkWidget *main_window = gtk_window_new ();
  GtkWidget *page = pd_customer_page_new (fixture->client, fixture->customer);
  GtkWidget *account = pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page));
  GtkWindow *edit;
  GObject *title;

  gtk_window_set_child (GTK_WINDOW (main_window), page);
  gtk_window_present (GTK_WINDOW (main_window));
  wait_until (customer_page_loaded, page);

  title = gtk_widget_get_template_child (page, PD_TYPE_CUSTOMER_PAGE, "window_title");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, ROMASHKA);

  edit = pd_account_page_edit (PD_ACCOUNT_PAGE (account));
  g_object_add_weak_pointer (G_OBJECT (edit), (gpointer *) &edit);
  wait_until (rules_loaded, edit);
  gtk_editable_set_text (GTK_EDITABLE (child (edit, "company_name_row")), "ООО «Ромашка Плюс»");
  submit (PD_EDIT_WINDOW (edit));
  wait_until (pd_test_ui_pointer_is_null, &edit);

  /* The customer the list shows follows the server's answer, and so does the title. */
  g_assert_cmpstr (pd_customer_get_company_name (fixture->customer), ==, "ООО «Ромашка Плюс»");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==,
                   "ООО «Ромашка Плюс»");
  server = read_billing (fixture);
  g_assert_cmpstr (pd_billing_profile_get_company_name (server), ==, "ООО «Ромашка Плюс»");

  gtk_window_destroy (GTK_WINDOW (main_window));
}

int
main (int   argc,
      char *argv[])
{
  pd_test_ui_isolate_cache ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* A blinking cursor in a window that lost focus to another test window warns. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_SLOW(path, func) \
  g_test_add (path, Fixture, "1500", fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/edit/submit", test_submit);
  ADD ("/ui/edit/address-choice", test_address_choice);
  ADD ("/ui/edit/conflict", test_conflict);
  ADD ("/ui/edit/conflict-keyboard", test_conflict_keyboard);
  ADD ("/ui/edit/conflict-language", test_conflict_language);
  ADD ("/ui/edit/server-error", test_server_error);
  ADD ("/ui/edit/server-field-error", test_server_field_error);
  ADD ("/ui/edit/discard", test_discard);
  ADD ("/ui/edit/invalid", test_invalid);
  ADD ("/ui/edit/quit-asks", test_quit_asks);
  ADD ("/ui/edit/account-page", test_account_page);
  ADD ("/ui/edit/account-page-error", test_account_page_error);
  ADD ("/ui/edit/customer-page", test_customer_page);
  ADD ("/ui/edit/accessible-names", test_accessible_names);
  ADD ("/ui/edit/tab-order", test_tab_order);
  ADD ("/ui/edit/small-screen", test_small_screen);
  ADD_SLOW ("/ui/edit/abort", test_abort);
  g_test_add ("/ui/edit/abort-too-late", Fixture, "400", fixture_set_up, test_abort_too_late,
              fixture_tear_down);
  ADD ("/ui/edit/conflict-with-self", test_conflict_with_self);
  ADD ("/ui/edit/address-choice-unchanged", test_address_choice_unchanged);
  ADD_SLOW ("/ui/edit/abort-resubmit", test_abort_resubmit);
  ADD_SLOW ("/ui/edit/close-while-busy", test_close_while_busy);
#undef ADD
#undef ADD_SLOW

  return g_test_run ();
}
