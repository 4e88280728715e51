/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile-form.c: the edit form model: dirty/valid tracking and conflict resolution. */

#include "config.h"

#include <locale.h>

#include "pd-core.h"

static const char *profile_json =
  "{"
  "  \"id\": \"b1\","
  "  \"firstName\": \"Ivan\","
  "  \"lastName\": \"Petrov\","
  "  \"email\": \"ivan@example.ru\","
  "  \"culture\": \"ru-RU\","
  "  \"language\": \"ru\","
  "  \"companyName\": \"OOO Romashka\","
  "  \"defaultAddress\": {"
  "    \"country\": \"RU\", \"city\": \"Moscow\", \"addressLine1\": \"Tverskaya 1\","
  "    \"postalCode\": \"125009\", \"firstName\": \"Ivan\", \"lastName\": \"Petrov\","
  "    \"phoneNumber\": \"+74951234567\", \"district\": \"Tverskoy\","
  "    \"futureField\": {\"a\": 1}"
  "  },"
  "  \"attributes\": { \"etag\": \"etag-1\", \"objectType\": \"CustomerBillingProfile\" }"
  "}";

static const char *rules_json =
  "{"
  "  \"iso2Code\": \"RU\", \"defaultCulture\": \"ru-RU\", \"isStateRequired\": false,"
  "  \"supportedLanguages\": { \"value\": [\"ru\", \"en\"] },"
  "  \"supportedCultures\": { \"value\": [\"ru-RU\", \"en-US\"] },"
  "  \"isPostalCodeRequired\": true, \"postalCodeRegex\": \"^\\\\d{6}$\","
  "  \"isCityRequired\": true, \"countryCallingCodes\": { \"value\": [\"7\"] }"
  "}";

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static PdBillingProfile *
make_profile (const char *etag)
{
  g_autoptr(JsonObject) object = parse_object (profile_json);
  g_autoptr(GError) error = NULL;
  PdBillingProfile *profile;

  profile = pd_billing_profile_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  if (etag != NULL)
    pd_billing_profile_set_etag (profile, etag);

  return profile;
}

static PdCountryRules *
make_rules (void)
{
  g_autoptr(JsonObject) object = parse_object (rules_json);
  g_autoptr(GError) error = NULL;
  PdCountryRules *rules;

  rules = pd_country_rules_new_from_json (object, &error);
  g_assert_no_error (error);

  return rules;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
count_signal (GObject *object,
              guint   *counter)
{
  (*counter)++;
}

static void
test_dirty_tracking (void)
{
  g_autoptr(PdBillingProfile) original = make_profile (NULL);
  g_autoptr(PdCountryRules) rules = make_rules ();
  g_autoptr(PdProfileForm) form = NULL;
  PdBillingProfile *copy;
  guint dirty_notifies = 0;

  form = pd_profile_form_new (original, rules);
  copy = pd_profile_form_get_profile (form);

  /* The copy is a different object: the caller's profile never sees typing. */
  g_assert_true (copy != original);
  g_assert_false (pd_profile_form_get_is_dirty (form));
  g_assert_true (pd_profile_form_get_is_valid (form));
  g_assert_false (pd_profile_form_get_can_submit (form));
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, "etag-1");

  g_signal_connect (form, "notify::is-dirty", G_CALLBACK (count_notify), &dirty_notifies);

  pd_billing_profile_set_company_name (copy, "OOO Romashka 2");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_true (pd_profile_form_get_can_submit (form));
  g_assert_cmpuint (dirty_notifies, ==, 1);
  g_assert_cmpstr (pd_billing_profile_get_company_name (original), ==, "OOO Romashka");
  g_assert_cmpuint (pd_profile_form_get_changed_fields (form), ==, PD_PROFILE_FIELD_COMPANY_NAME);

  /* Still dirty: no second notification. */
  pd_billing_profile_set_first_name (copy, "Ivan2");
  g_assert_cmpuint (dirty_notifies, ==, 1);

  /* Back to the original values: clean again. */
  pd_billing_profile_set_first_name (copy, "Ivan");
  pd_billing_profile_set_company_name (copy, "OOO Romashka");
  g_assert_false (pd_profile_form_get_is_dirty (form));
  g_assert_cmpuint (dirty_notifies, ==, 2);

  /* A change inside the address is seen too. */
  pd_address_set_city (pd_billing_profile_get_default_address (copy), "Kazan");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_cmpuint (pd_profile_form_get_changed_fields (form), ==, PD_PROFILE_FIELD_CITY);

  /* Busy blocks submitting. */
  pd_profile_form_set_busy (form, TRUE);
  g_assert_false (pd_profile_form_get_can_submit (form));
  pd_profile_form_set_busy (form, FALSE);
  g_assert_true (pd_profile_form_get_can_submit (form));
}

static void
test_valid_tracking (void)
{
  g_autoptr(PdBillingProfile) original = make_profile (NULL);
  g_autoptr(PdCountryRules) rules = make_rules ();
  g_autoptr(PdProfileForm) form = pd_profile_form_new (original, rules);
  PdBillingProfile *copy = pd_profile_form_get_profile (form);
  PdAddress *address = pd_billing_profile_get_default_address (copy);
  guint valid_notifies = 0, errors_notifies = 0;

  g_signal_connect (form, "notify::is-valid", G_CALLBACK (count_notify), &valid_notifies);
  g_signal_connect (form, "notify::errors", G_CALLBACK (count_notify), &errors_notifies);

  pd_billing_profile_set_email (copy, "not an email");
  g_assert_false (pd_profile_form_get_is_valid (form));
  g_assert_true (pd_profile_form_get_is_dirty (form));
  g_assert_false (pd_profile_form_get_can_submit (form));
  g_assert_nonnull (pd_profile_form_get_error (form, PD_PROFILE_FIELD_EMAIL));
  g_assert_cmpuint (valid_notifies, ==, 1);
  g_assert_cmpuint (errors_notifies, ==, 1);

  /* Another bad value: the errors change, validity does not. */
  pd_address_set_postal_code (address, "12");
  g_assert_nonnull (pd_profile_form_get_error (form, PD_PROFILE_FIELD_POSTAL_CODE));
  g_assert_cmpuint (g_hash_table_size (pd_profile_form_get_errors (form)), ==, 2);
  g_assert_cmpuint (valid_notifies, ==, 1);
  g_assert_cmpuint (errors_notifies, ==, 2);

  pd_billing_profile_set_email (copy, "ivan@example.com");
  pd_address_set_postal_code (address, "125010");
  g_assert_true (pd_profile_form_get_is_valid (form));
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_EMAIL));
  g_assert_true (pd_profile_form_get_can_submit (form));
  g_assert_cmpuint (valid_notifies, ==, 2);

  /* A required field emptied. */
  pd_address_set_city (address, "");
  g_assert_false (pd_profile_form_get_is_valid (form));
  g_assert_nonnull (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY));
}

static void
test_conflict (void)
{
  g_autoptr(PdBillingProfile) original = make_profile ("etag-1");
  g_autoptr(PdBillingProfile) theirs = make_profile ("etag-2");
  g_autoptr(PdCountryRules) rules = make_rules ();
  g_autoptr(PdProfileForm) form = pd_profile_form_new (original, rules);
  g_autoptr(JsonObject) json = NULL;
  PdBillingProfile *copy = pd_profile_form_get_profile (form);
  PdAddress *their_address = pd_billing_profile_get_default_address (theirs);
  guint conflict_signals = 0;

  g_signal_connect (form, "conflict-changed", G_CALLBACK (count_signal), &conflict_signals);

  /* Mine: city and phone and company name. */
  pd_address_set_city (pd_billing_profile_get_default_address (copy), "Kazan");
  pd_address_set_phone_number (pd_billing_profile_get_default_address (copy), "+74950000000");
  pd_billing_profile_set_company_name (copy, "OOO Romashka Plus");
  /* Theirs: city (different), email (only theirs), company name (same as mine). */
  pd_address_set_city (their_address, "Tula");
  pd_billing_profile_set_email (theirs, "office@example.ru");
  pd_billing_profile_set_company_name (theirs, "OOO Romashka Plus");

  pd_profile_form_set_conflict (form, theirs);
  copy = pd_profile_form_get_profile (form);

  g_assert_true (pd_profile_form_get_has_conflict (form));
  g_assert_cmpuint (conflict_signals, ==, 1);
  /* The company name is the same on both sides: not a conflict. */
  g_assert_cmpuint (pd_profile_form_get_conflict_fields (form), ==,
                    PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_EMAIL);
  g_assert_cmpstr (pd_billing_profile_get_company_name (copy), ==, "OOO Romashka Plus");
  g_assert_cmpuint (pd_profile_form_get_both_changed_fields (form), ==, PD_PROFILE_FIELD_CITY);
  g_assert_cmpuint (pd_profile_form_get_unresolved_fields (form), ==, PD_PROFILE_FIELD_CITY);

  /* The user's edits are still in the copy; theirs taken where only they changed. */
  g_assert_cmpstr (pd_billing_profile_get_field (copy, PD_PROFILE_FIELD_CITY), ==, "Kazan");
  g_assert_cmpstr (pd_billing_profile_get_field (copy, PD_PROFILE_FIELD_PHONE_NUMBER), ==,
                   "+74950000000");
  g_assert_cmpstr (pd_billing_profile_get_email (copy), ==, "office@example.ru");
  g_assert_cmpstr (pd_profile_form_get_mine_value (form, PD_PROFILE_FIELD_CITY), ==, "Kazan");
  g_assert_cmpstr (pd_profile_form_get_theirs_value (form, PD_PROFILE_FIELD_CITY), ==, "Tula");
  g_assert_cmpint (pd_profile_form_get_choice (form, PD_PROFILE_FIELD_EMAIL), ==,
                   PD_CONFLICT_CHOICE_THEIRS);

  /* The next PUT goes against their etag. */
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, "etag-2");
  g_assert_true (pd_profile_form_get_is_dirty (form));
  /* Unresolved: no submitting. */
  g_assert_false (pd_profile_form_get_can_submit (form));

  pd_profile_form_resolve (form, PD_PROFILE_FIELD_CITY, PD_CONFLICT_CHOICE_THEIRS);
  g_assert_cmpstr (pd_billing_profile_get_field (copy, PD_PROFILE_FIELD_CITY), ==, "Tula");
  g_assert_cmpuint (pd_profile_form_get_unresolved_fields (form), ==, 0);
  g_assert_true (pd_profile_form_get_can_submit (form));

  pd_profile_form_resolve (form, PD_PROFILE_FIELD_CITY, PD_CONFLICT_CHOICE_MINE);
  g_assert_cmpstr (pd_billing_profile_get_field (copy, PD_PROFILE_FIELD_CITY), ==, "Kazan");
  /* Keeping the original email (undoing theirs) is a choice too, and the user sees it. */
  pd_profile_form_resolve (form, PD_PROFILE_FIELD_EMAIL, PD_CONFLICT_CHOICE_MINE);
  g_assert_cmpstr (pd_billing_profile_get_email (copy), ==, "ivan@example.ru");
  g_assert_cmpuint (conflict_signals, ==, 4);

  /* Unknown members survive the rebase. */
  json = pd_billing_profile_to_json (copy);
  {
    JsonObject *address = json_object_get_object_member (json, "defaultAddress");

    g_assert_nonnull (address);
    g_assert_true (json_object_has_member (address, "futureField"));
    g_assert_cmpstr (json_object_get_string_member (address, "district"), ==, "Tverskoy");
  }

  /* Saved: clean, no conflict. */
  {
    g_autoptr(PdBillingProfile) saved = pd_billing_profile_copy (copy);

    pd_billing_profile_set_etag (saved, "etag-3");
    pd_profile_form_commit (form, saved);
  }
  g_assert_false (pd_profile_form_get_has_conflict (form));
  g_assert_false (pd_profile_form_get_is_dirty (form));
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, "etag-3");
  g_assert_cmpuint (conflict_signals, ==, 5);
}

/* Our own PUT landed although its answer was lost: the server holds exactly what the
 * user typed. No field is in conflict; the form just rebases on the new etag. */
static void
test_conflict_same_values (void)
{
  g_autoptr(PdBillingProfile) original = make_profile ("etag-1");
  g_autoptr(PdBillingProfile) theirs = make_profile ("etag-2");
  g_autoptr(PdProfileForm) form = pd_profile_form_new (original, NULL);
  PdBillingProfile *copy = pd_profile_form_get_profile (form);
  guint conflict_signals = 0, has_conflict_notifies = 0;

  g_signal_connect (form, "conflict-changed", G_CALLBACK (count_signal), &conflict_signals);
  g_signal_connect (form, "notify::has-conflict", G_CALLBACK (count_notify),
                    &has_conflict_notifies);

  pd_address_set_city (pd_billing_profile_get_default_address (copy), "Kazan");
  pd_address_set_city (pd_billing_profile_get_default_address (theirs), "Kazan");

  pd_profile_form_set_conflict (form, theirs);

  g_assert_false (pd_profile_form_get_has_conflict (form));
  g_assert_null (pd_profile_form_get_theirs (form));
  g_assert_cmpuint (pd_profile_form_get_conflict_fields (form), ==, 0);
  g_assert_cmpuint (conflict_signals, ==, 0);
  g_assert_cmpuint (has_conflict_notifies, ==, 0);
  g_assert_cmpstr (pd_profile_form_get_etag (form), ==, "etag-2");
  /* Theirs is what the user has: nothing left to submit. */
  g_assert_false (pd_profile_form_get_is_dirty (form));
  g_assert_false (pd_profile_form_get_can_submit (form));
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (
                     pd_profile_form_get_profile (form))), ==, "Kazan");
}

/* A 400 names its field: by JSON path in any case, or by code 600051 for the phone. */
static void
test_field_from_error (void)
{
  static const struct
  {
    const char     *code;
    const char     *description;
    PdProfileField  field;
  } cases[] = {
    { "3000", "Address field invalid for property: 'defaultAddress.postalCode'",
      PD_PROFILE_FIELD_POSTAL_CODE },
    { "3000", "Недопустимое поле адреса: 'DEFAULTADDRESS.POSTALCODE'.",
      PD_PROFILE_FIELD_POSTAL_CODE },
    { "3000", "Property 'defaultAddress.city' is longer than 100 characters.",
      PD_PROFILE_FIELD_CITY },
    { "3000", "Required property 'companyName' is missing or empty.",
      PD_PROFILE_FIELD_COMPANY_NAME },
    { "600051", "Phone number is required for addresses in RU.", PD_PROFILE_FIELD_PHONE_NUMBER },
    /* Not a field the form shows, or no field at all: the banner alone says it. */
    { "3000", "Property 'defaultAddress.middleName' is longer than 50 characters.",
      PD_PROFILE_FIELD_NONE },
    { "3000", "Something went wrong.", PD_PROFILE_FIELD_NONE },
    { "3000", NULL, PD_PROFILE_FIELD_NONE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = pd_api_error_new (PD_API_ERROR_INVALID, 400, cases[i].code,
                                                  cases[i].description, NULL, NULL);

      g_assert_cmpuint (pd_profile_form_field_from_error (error), ==, cases[i].field);
    }

  /* Only refusals of a value: a server fault naming a field is not the field's problem. */
  {
    g_autoptr(GError) error = pd_api_error_new (PD_API_ERROR_SERVER, 500, "3000",
                                                "Bad 'defaultAddress.city'", NULL, NULL);

    g_assert_cmpuint (pd_profile_form_field_from_error (error), ==, PD_PROFILE_FIELD_NONE);
  }
}

/* The server's message shows with the client's errors, leaves validity alone, and goes
 * when that field changes (not when another one does, nor on the same value again). */
static void
test_server_error (void)
{
  g_autoptr(PdBillingProfile) original = make_profile ("etag-1");
  g_autoptr(PdCountryRules) rules = make_rules ();
  g_autoptr(PdProfileForm) form = pd_profile_form_new (original, rules);
  PdBillingProfile *copy = pd_profile_form_get_profile (form);
  PdAddress *address = pd_billing_profile_get_default_address (copy);
  guint notified = 0;

  g_signal_connect (form, "notify::errors", G_CALLBACK (count_notify), &notified);

  pd_address_set_city (address, "Kazan");
  pd_profile_form_set_server_error (form, PD_PROFILE_FIELD_CITY, "Server says no");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY), ==, "Server says no");
  g_assert_true (pd_profile_form_get_is_valid (form));
  g_assert_true (pd_profile_form_get_can_submit (form));

  pd_billing_profile_set_first_name (copy, "Petr");
  pd_address_set_city (address, "Kazan");
  g_assert_cmpstr (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY), ==, "Server says no");

  pd_address_set_city (address, "Kazan'");
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY));
  g_assert_cmpuint (notified, ==, 2);
  /* Going back to the refused value does not bring the old message back. */
  pd_address_set_city (address, "Kazan");
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_CITY));

  /* The client's own message wins where both speak; the server's stays underneath. */
  pd_address_set_postal_code (address, "12");
  pd_profile_form_set_server_error (form, PD_PROFILE_FIELD_PHONE_NUMBER, "Phone refused");
  pd_profile_form_set_server_error (form, PD_PROFILE_FIELD_POSTAL_CODE, "Postal refused");
  g_assert_cmpstr (pd_profile_form_get_error (form, PD_PROFILE_FIELD_POSTAL_CODE), !=,
                   "Postal refused");
  g_assert_false (pd_profile_form_get_is_valid (form));
  pd_profile_form_set_server_error (form, PD_PROFILE_FIELD_POSTAL_CODE, NULL);

  /* A save forgets what the server refused before. */
  pd_address_set_postal_code (address, "420000");
  g_assert_cmpstr (pd_profile_form_get_error (form, PD_PROFILE_FIELD_PHONE_NUMBER), ==,
                   "Phone refused");
  pd_profile_form_commit (form, copy);
  g_assert_null (pd_profile_form_get_error (form, PD_PROFILE_FIELD_PHONE_NUMBER));

  pd_profile_form_set_server_error (form, PD_PROFILE_FIELD_EMAIL, "Email refused");
  pd_profile_form_clear_server_errors (form);
  g_assert_cmpuint (g_hash_table_size (pd_profile_form_get_errors (form)), ==, 0);
}

static void
test_finalize (void)
{
  PdBillingProfile *original = make_profile (NULL);
  PdProfileForm *form = pd_profile_form_new (original, NULL);
  PdBillingProfile *copy = g_object_ref (pd_profile_form_get_profile (form));

  /* Without rules, the API's limits still apply. */
  pd_billing_profile_set_email (copy, "broken");
  g_assert_false (pd_profile_form_get_is_valid (form));

  g_assert_finalize_object (form);
  /* The form no longer listens: changing the copy must not touch freed memory. */
  pd_billing_profile_set_email (copy, "ok@example.com");
  g_assert_finalize_object (copy);
  g_assert_finalize_object (original);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile-form/dirty", test_dirty_tracking);
  g_test_add_func ("/profile-form/valid", test_valid_tracking);
  g_test_add_func ("/profile-form/conflict", test_conflict);
  g_test_add_func ("/profile-form/conflict-same-values", test_conflict_same_values);
  g_test_add_func ("/profile-form/field-from-error", test_field_from_error);
  g_test_add_func ("/profile-form/server-error", test_server_error);
  g_test_add_func ("/profile-form/finalize", test_finalize);

  return g_test_run ();
}
