/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile-check.c: client-side validation against country rules and the API's limits. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-core.h"
#include "pd-json.h"

static PdCountryRules *
load_rules (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  PdCountryRules *rules;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  root = pd_json_parse (contents, length, &error);
  g_assert_no_error (error);
  rules = pd_country_rules_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);

  return rules;
}

static PdCountryRules *
rules_for (const char *iso2)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "iso2Code", iso2);
  return pd_country_rules_new_from_json (object, NULL);
}

static PdBillingProfile *
make_us_profile (void)
{
  PdBillingProfile *profile = pd_billing_profile_new ();
  PdAddress *address = pd_billing_profile_get_default_address (profile);

  pd_billing_profile_set_company_name (profile, "Contoso");
  pd_billing_profile_set_first_name (profile, "Ann");
  pd_billing_profile_set_last_name (profile, "Lee");
  pd_billing_profile_set_email (profile, "ann@contoso.com");
  pd_billing_profile_set_language (profile, "en");
  pd_billing_profile_set_culture (profile, "en-US");
  pd_address_set_country (address, "US");
  pd_address_set_state (address, "WA");
  pd_address_set_city (address, "Redmond");
  pd_address_set_address_line1 (address, "1 Microsoft Way");
  pd_address_set_postal_code (address, "98052");
  pd_address_set_phone_number (address, "4255555555");

  return profile;
}

static const char *
error_for (GHashTable     *errors,
           PdProfileField  field)
{
  return g_hash_table_lookup (errors, GUINT_TO_POINTER (field));
}

static void
test_valid (void)
{
  g_autoptr(PdCountryRules) us = load_rules ("country-rules-us.json");
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = pd_profile_check (profile, us);
  g_autoptr(GHashTable) errors_without_rules = pd_profile_check (profile, NULL);

  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_cmpuint (g_hash_table_size (errors_without_rules), ==, 0);
}

static void
test_required (void)
{
  g_autoptr(PdCountryRules) us = load_rules ("country-rules-us.json");
  g_autoptr(PdBillingProfile) profile = pd_billing_profile_new ();
  g_autoptr(GHashTable) errors = NULL;

  pd_address_set_country (pd_billing_profile_get_default_address (profile), "US");
  pd_billing_profile_set_first_name (profile, "   ");
  errors = pd_profile_check (profile, us);

  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_COMPANY_NAME), ==, "Enter a company name.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_FIRST_NAME), ==, "Enter a first name.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LAST_NAME), ==, "Enter a last name.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_EMAIL), ==, "Enter an email address.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_ADDRESS_LINE1), ==,
                   "Enter a street address.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_CITY), ==, "Enter a city.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_STATE), ==, "Choose a state or province.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_POSTAL_CODE), ==, "Enter a postal code.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LANGUAGE), ==, "Choose a language.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_CULTURE), ==, "Choose a culture.");
  /* Not mandatory in the United States. */
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER));
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_ADDRESS_LINE2));
}

static void
test_lengths (void)
{
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = NULL;
  g_autofree char *fifty = g_strnfill (50, 'a');
  g_autofree char *long_name = g_strnfill (51, 'a');
  g_autofree char *long_line = g_strnfill (201, 'b');
  GString *cyrillic = g_string_new (NULL);

  /* Fifty Cyrillic letters are 100 bytes but still fifty characters. */
  for (guint i = 0; i < 50; i++)
    g_string_append (cyrillic, "ж");
  pd_billing_profile_set_first_name (profile, cyrillic->str);
  pd_billing_profile_set_last_name (profile, fifty);
  errors = pd_profile_check (profile, NULL);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_clear_pointer (&errors, g_hash_table_unref);
  g_string_free (cyrillic, TRUE);

  pd_billing_profile_set_first_name (profile, long_name);
  pd_billing_profile_set_last_name (profile, long_name);
  pd_address_set_address_line1 (pd_billing_profile_get_default_address (profile), long_line);
  pd_address_set_address_line2 (pd_billing_profile_get_default_address (profile), long_line);
  pd_address_set_state (pd_billing_profile_get_default_address (profile), "WAS");
  errors = pd_profile_check (profile, NULL);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_FIRST_NAME), ==,
                   "A first name can have at most 50 characters.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LAST_NAME), ==,
                   "A last name can have at most 50 characters.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_ADDRESS_LINE1), ==,
                   "An address line can have at most 200 characters.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_ADDRESS_LINE2), ==,
                   "An address line can have at most 200 characters.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_STATE), ==,
                   "Enter the state or province as a code of at most 2 letters.");
}

static void
test_email (void)
{
  const char *bad[] = { "ann", "ann@", "@contoso.com", "ann@contoso", "ann lee@contoso.com",
                        "ann@@contoso.com", "ann@contoso..com" };
  const char *good[] = { "ann@contoso.com", "a.b+c@mail.example.co.uk", "иван@почта.рф" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PdBillingProfile) profile = make_us_profile ();
      g_autoptr(GHashTable) errors = NULL;

      pd_billing_profile_set_email (profile, bad[i]);
      errors = pd_profile_check (profile, NULL);
      g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_EMAIL), ==,
                       "Enter an email address like name@example.com.");
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(PdBillingProfile) profile = make_us_profile ();
      g_autoptr(GHashTable) errors = NULL;

      pd_billing_profile_set_email (profile, good[i]);
      errors = pd_profile_check (profile, NULL);
      g_assert_null (error_for (errors, PD_PROFILE_FIELD_EMAIL));
    }
}

static void
test_patterns (void)
{
  g_autoptr(PdCountryRules) us = load_rules ("country-rules-us.json");
  g_autoptr(PdCountryRules) cn = load_rules ("country-rules-cn-flat.json");
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = NULL;
  PdAddress *address = pd_billing_profile_get_default_address (profile);

  pd_address_set_postal_code (address, "9805");
  pd_address_set_phone_number (address, "12");
  errors = pd_profile_check (profile, us);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_POSTAL_CODE), ==,
                   "A postal code in United States looks like 98052.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER), ==,
                   "This is not a phone number as written in United States. Check the digits "
                   "and the area code.");
  g_clear_pointer (&errors, g_hash_table_unref);

  /* Without rules there is no pattern to check. */
  errors = pd_profile_check (profile, NULL);
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_POSTAL_CODE));
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER));
  g_clear_pointer (&errors, g_hash_table_unref);

  /* China: six digits, state from the flattened list. */
  pd_address_set_country (address, "CN");
  pd_address_set_state (address, "GD");
  pd_address_set_postal_code (address, "51000");
  pd_address_set_phone_number (address, "+86 20 1234 5678");
  pd_billing_profile_set_language (profile, "zh");
  pd_billing_profile_set_culture (profile, "zh-CN");
  errors = pd_profile_check (profile, cn);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_POSTAL_CODE), ==,
                   "A postal code in China looks like 100000.");
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_STATE));
  g_assert_cmpuint (g_hash_table_size (errors), ==, 1);
}

static void
test_lists (void)
{
  g_autoptr(PdCountryRules) us = load_rules ("country-rules-us.json");
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = NULL;

  pd_address_set_state (pd_billing_profile_get_default_address (profile), "XX");
  pd_billing_profile_set_language (profile, "fr");
  pd_billing_profile_set_culture (profile, "fr-FR");
  errors = pd_profile_check (profile, us);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_STATE), ==,
                   "Choose a state or province from the list.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LANGUAGE), ==,
                   "Choose one of the languages Partner Center supports for United States.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_CULTURE), ==,
                   "Choose one of the cultures Partner Center supports for United States.");
  g_clear_pointer (&errors, g_hash_table_unref);

  /* Without lists, only the shape is checked. */
  pd_billing_profile_set_language (profile, "english");
  pd_billing_profile_set_culture (profile, "en_US");
  pd_address_set_state (pd_billing_profile_get_default_address (profile), "XX");
  errors = pd_profile_check (profile, NULL);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LANGUAGE), ==,
                   "Enter a two-letter language code, like “en”.");
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_CULTURE), ==,
                   "Enter a culture like “en-US”.");
  g_assert_null (error_for (errors, PD_PROFILE_FIELD_STATE));
}

static void
test_phone_required (void)
{
  const char *required[] = { "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA" };
  const char *optional[] = { "US", "CN", "DE", "GB" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autoptr(PdBillingProfile) profile = make_us_profile ();
      g_autoptr(PdCountryRules) rules = rules_for (required[i]);
      g_autoptr(GHashTable) errors = NULL;
      g_autoptr(GHashTable) errors_without_rules = NULL;
      g_autofree char *expected = NULL;
      PdAddress *address = pd_billing_profile_get_default_address (profile);

      pd_address_set_country (address, required[i]);
      pd_address_set_state (address, NULL);
      pd_address_set_phone_number (address, "");
      expected = g_strdup_printf ("Enter a phone number: Partner Center requires one for "
                                  "customers in %s.", pd_country_get_name (required[i]));
      errors = pd_profile_check (profile, rules);
      errors_without_rules = pd_profile_check (profile, NULL);
      g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER), ==, expected);
      g_assert_cmpstr (error_for (errors_without_rules, PD_PROFILE_FIELD_PHONE_NUMBER), ==,
                       expected);
    }

  g_assert_cmpstr (pd_country_get_name ("RU"), ==, "Russia");

  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      g_autoptr(PdBillingProfile) profile = make_us_profile ();
      g_autoptr(GHashTable) errors = NULL;

      pd_address_set_country (pd_billing_profile_get_default_address (profile), optional[i]);
      pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), NULL);
      errors = pd_profile_check (profile, NULL);
      g_assert_null (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER));
    }
}

static void
test_russia (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(PdCountryRules) ru = NULL;
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = NULL;
  PdAddress *address = pd_billing_profile_get_default_address (profile);

  json_object_set_string_member (object, "iso2Code", "RU");
  json_object_set_boolean_member (object, "isPostalCodeRequired", TRUE);
  json_object_set_string_member (object, "postalCodeRegex", "^\\d{6}$");
  ru = pd_country_rules_new_from_json (object, NULL);

  pd_address_set_country (address, "RU");
  pd_address_set_state (address, NULL);
  pd_address_set_postal_code (address, "12345");
  pd_address_set_phone_number (address, "+74951234567");
  pd_billing_profile_set_language (profile, "ru");
  pd_billing_profile_set_culture (profile, "ru-RU");
  errors = pd_profile_check (profile, ru);
  g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_POSTAL_CODE), ==,
                   "A postal code in Russia looks like 123456.");
  g_assert_cmpuint (g_hash_table_size (errors), ==, 1);
}

static void
test_russian (void)
{
  const char *localedir = g_getenv ("PARTNER_DESK_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autoptr(PdBillingProfile) profile = make_us_profile ();
  g_autoptr(GHashTable) errors = NULL;
  g_autofree char *long_name = g_strnfill (51, 'a');
  PdAddress *address = pd_billing_profile_get_default_address (profile);

  if (localedir == NULL)
    {
      g_test_skip ("PARTNER_DESK_LOCALEDIR is not set");
      return;
    }
  mo = g_build_filename (localedir, "ru", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The Russian catalogue is not built");
      return;
    }
  if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
    {
      g_test_skip ("The ru_RU.UTF-8 locale is not installed");
      return;
    }

  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (g_str_equal (_("Enter a first name."), "Enter a first name."))
    {
      g_test_skip ("The Russian catalogue has no model strings yet");
    }
  else
    {
      pd_address_set_country (address, "RU");
      pd_address_set_state (address, NULL);
      pd_address_set_phone_number (address, NULL);
      pd_billing_profile_set_first_name (profile, long_name);
      pd_billing_profile_set_last_name (profile, NULL);
      errors = pd_profile_check (profile, NULL);

      g_assert_cmpstr (pd_country_get_name ("RU"), ==, "Россия");
      g_assert_cmpstr (pd_country_rules_get_state_name ("CN", "GD"), ==, "Гуандун");
      g_assert_cmpstr (pd_profile_field_get_title (PD_PROFILE_FIELD_POSTAL_CODE), ==,
                       "Почтовый индекс");
      g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_LAST_NAME), ==, "Введите фамилию.");
      g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_FIRST_NAME), ==,
                       "Имя может содержать не более 50 символов.");
      g_assert_cmpstr (error_for (errors, PD_PROFILE_FIELD_PHONE_NUMBER), ==,
                       "Введите номер телефона: Центр партнеров требует его для клиентов "
                       "из страны «Россия».");
    }

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no files, and GLib 2.74 leaks the
   * isolated directory names, which LeakSanitizer cannot attribute without frame pointers. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile-check/valid", test_valid);
  g_test_add_func ("/profile-check/required", test_required);
  g_test_add_func ("/profile-check/lengths", test_lengths);
  g_test_add_func ("/profile-check/email", test_email);
  g_test_add_func ("/profile-check/patterns", test_patterns);
  g_test_add_func ("/profile-check/lists", test_lists);
  g_test_add_func ("/profile-check/phone-required", test_phone_required);
  g_test_add_func ("/profile-check/russia", test_russia);
  g_test_add_func ("/profile-check/russian", test_russian);

  return g_test_run ();
}
