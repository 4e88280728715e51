/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-check.c: checks a billing profile against the country's rules and the API's limits. */
#include "config.h"

#define G_LOG_DOMAIN "pd-profile-check"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-profile-check.h"

/* The reference's limits, in characters. */
#define NAME_MAX_LENGTH          50
#define ADDRESS_LINE_MAX_LENGTH  200
#define STATE_MAX_LENGTH         2

/* Countries where Partner Center requires a phone number, for checks without rules. */
static const char * const phone_required_countries[] = {
  "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", NULL
};

/* What a valid postal code looks like, for messages that show one. */
static const struct
{
  const char *country;
  const char *sample;
} postal_code_samples[] = {
  { "AM", "0010" }, { "AU", "2000" }, { "AZ", "AZ1000" }, { "BR", "01310-100" },
  { "BY", "220030" }, { "CA", "K1A 0B1" }, { "CN", "100000" }, { "DE", "10115" },
  { "ES", "28001" }, { "FR", "75001" }, { "GB", "SW1A 1AA" }, { "HU", "1051" },
  { "IN", "110001" }, { "IT", "00118" }, { "JP", "100-0001" }, { "KG", "720001" },
  { "KZ", "050000" }, { "MD", "MD-2001" }, { "MX", "06000" }, { "NL", "1011 AB" },
  { "PL", "00-950" }, { "RU", "123456" }, { "TJ", "734025" }, { "UA", "01001" },
  { "US", "98052" }, { "UZ", "100000" },
};

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
add_error (GHashTable     *errors,
           PdProfileField  field,
           char           *message)
{
  /* The first problem found is the one shown: later checks assume the earlier passed. */
  if (g_hash_table_contains (errors, GUINT_TO_POINTER (field)))
    {
      g_free (message);
      return;
    }

  g_hash_table_insert (errors, GUINT_TO_POINTER (field), message);
}

static gboolean
too_long (const char *value,
          glong       max_length)
{
  return value != NULL && g_utf8_strlen (value, -1) > max_length;
}

static gboolean
is_email (const char *value)
{
  /* Deliberately loose: one @, something before, a dotted domain after, no spaces. The
   * server has the final word; this catches typos. */
  return g_regex_match_simple ("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$", value, 0, 0);
}

static gboolean
list_contains_ci (const char * const *list,
                  const char         *value)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], value) == 0)
      return TRUE;

  return FALSE;
}

static void
check_name (GHashTable     *errors,
            PdProfileField  field,
            const char     *value)
{
  gboolean first = field == PD_PROFILE_FIELD_FIRST_NAME;

  if (is_blank (value))
    add_error (errors, field, g_strdup (first ? _("Enter a first name.")
                                              : _("Enter a last name.")));
  else if (too_long (value, NAME_MAX_LENGTH) && first)
    add_error (errors, field,
               g_strdup_printf (ngettext ("A first name can have at most %d character.",
                                          "A first name can have at most %d characters.",
                                          NAME_MAX_LENGTH),
                                NAME_MAX_LENGTH));
  else if (too_long (value, NAME_MAX_LENGTH))
    add_error (errors, field,
               g_strdup_printf (ngettext ("A last name can have at most %d character.",
                                          "A last name can have at most %d characters.",
                                          NAME_MAX_LENGTH),
                                NAME_MAX_LENGTH));
}

static void
check_address_line (GHashTable     *errors,
                    PdProfileField  field,
                    const char     *value)
{
  if (too_long (value, ADDRESS_LINE_MAX_LENGTH))
    add_error (errors, field,
               g_strdup_printf (ngettext ("An address line can have at most %d character.",
                                          "An address line can have at most %d characters.",
                                          ADDRESS_LINE_MAX_LENGTH),
                                ADDRESS_LINE_MAX_LENGTH));
}

static void
check_postal_code (GHashTable     *errors,
                   PdCountryRules *rules,
                   const char     *country,
                   const char     *country_name,
                   const char     *postal_code)
{
  if (is_blank (postal_code))
    {
      if (rules != NULL && pd_country_rules_get_is_postal_code_required (rules))
        add_error (errors, PD_PROFILE_FIELD_POSTAL_CODE, g_strdup (_("Enter a postal code.")));
      return;
    }

  if (rules == NULL || pd_country_rules_match_postal_code (rules, postal_code))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (postal_code_samples); i++)
    if (g_ascii_strcasecmp (postal_code_samples[i].country, country) == 0)
      {
        /* Translators: the first %s is a country name, the second a sample postal code. */
        add_error (errors, PD_PROFILE_FIELD_POSTAL_CODE,
                   g_strdup_printf (_("A postal code in %1$s looks like %2$s."),
                                    country_name, postal_code_samples[i].sample));
        return;
      }

  /* Translators: %s is a country name. */
  add_error (errors, PD_PROFILE_FIELD_POSTAL_CODE,
             g_strdup_printf (_("This is not a postal code as written in %s."), country_name));
}

static void
check_phone (GHashTable     *errors,
             PdCountryRules *rules,
             const char     *country,
             const char     *country_name,
             const char     *phone)
{
  gboolean required;

  if (rules != NULL)
    required = pd_country_rules_get_is_phone_required (rules);
  else
    required = country != NULL && g_strv_contains (phone_required_countries, country);

  if (is_blank (phone))
    {
      if (required)
        /* Translators: %s is a country name. */
        add_error (errors, PD_PROFILE_FIELD_PHONE_NUMBER,
                   g_strdup_printf (_("Enter a phone number: Partner Center requires one for "
                                      "customers in %s."), country_name));
      return;
    }

  if (rules != NULL && !pd_country_rules_match_phone_number (rules, phone))
    /* Translators: %s is a country name. */
    add_error (errors, PD_PROFILE_FIELD_PHONE_NUMBER,
               g_strdup_printf (_("This is not a phone number as written in %s. Check the "
                                  "digits and the area code."), country_name));
}

static void
check_state (GHashTable     *errors,
             PdCountryRules *rules,
             const char     *state)
{
  const char * const *states = rules != NULL ? pd_country_rules_get_states (rules) : NULL;

  if (is_blank (state))
    {
      if (rules != NULL && pd_country_rules_get_is_state_required (rules))
        add_error (errors, PD_PROFILE_FIELD_STATE, g_strdup (_("Choose a state or province.")));
      return;
    }

  if (states != NULL && states[0] != NULL)
    {
      if (!list_contains_ci (states, state))
        add_error (errors, PD_PROFILE_FIELD_STATE,
                   g_strdup (_("Choose a state or province from the list.")));
      return;
    }

  if (too_long (state, STATE_MAX_LENGTH))
    add_error (errors, PD_PROFILE_FIELD_STATE,
               g_strdup_printf (ngettext ("Enter the state or province as a code of at most "
                                          "%d letter.",
                                          "Enter the state or province as a code of at most "
                                          "%d letters.",
                                          STATE_MAX_LENGTH),
                                STATE_MAX_LENGTH));
}

static void
check_language (GHashTable     *errors,
                PdCountryRules *rules,
                const char     *country_name,
                const char     *language)
{
  const char * const *languages =
    rules != NULL ? pd_country_rules_get_supported_languages (rules) : NULL;

  if (is_blank (language))
    {
      add_error (errors, PD_PROFILE_FIELD_LANGUAGE, g_strdup (_("Choose a language.")));
      return;
    }

  if (languages != NULL && languages[0] != NULL)
    {
      if (!list_contains_ci (languages, language))
        /* Translators: %s is a country name. */
        add_error (errors, PD_PROFILE_FIELD_LANGUAGE,
                   g_strdup_printf (_("Choose one of the languages Partner Center supports "
                                      "for %s."), country_name));
      return;
    }

  if (strlen (language) != 2 || !g_ascii_isalpha (language[0]) || !g_ascii_isalpha (language[1]))
    add_error (errors, PD_PROFILE_FIELD_LANGUAGE,
               g_strdup (_("Enter a two-letter language code, like “en”.")));
}

static void
check_culture (GHashTable     *errors,
               PdCountryRules *rules,
               const char     *country_name,
               const char     *culture)
{
  const char * const *cultures =
    rules != NULL ? pd_country_rules_get_supported_cultures (rules) : NULL;

  if (is_blank (culture))
    {
      add_error (errors, PD_PROFILE_FIELD_CULTURE, g_strdup (_("Choose a culture.")));
      return;
    }

  if (cultures != NULL && cultures[0] != NULL)
    {
      if (!list_contains_ci (cultures, culture))
        /* Translators: %s is a country name; a culture is a locale like en-US. */
        add_error (errors, PD_PROFILE_FIELD_CULTURE,
                   g_strdup_printf (_("Choose one of the cultures Partner Center supports "
                                      "for %s."), country_name));
      return;
    }

  if (!g_regex_match_simple ("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", culture, 0, 0))
    add_error (errors, PD_PROFILE_FIELD_CULTURE,
               g_strdup (_("Enter a culture like “en-US”.")));
}

GHashTable *
pd_profile_check (PdBillingProfile *profile,
                  PdCountryRules   *rules)
{
  g_autoptr(GHashTable) errors = NULL;
  PdAddress *address;
  const char *country;
  const char *country_name;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (profile), NULL);
  g_return_val_if_fail (rules == NULL || PD_IS_COUNTRY_RULES (rules), NULL);

  errors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  address = pd_billing_profile_get_default_address (profile);

  country = pd_address_get_country (address);
  if (is_blank (country) && rules != NULL)
    country = pd_country_rules_get_iso2_code (rules);
  country_name = pd_country_get_name (country);

  if (is_blank (pd_billing_profile_get_company_name (profile)))
    add_error (errors, PD_PROFILE_FIELD_COMPANY_NAME, g_strdup (_("Enter a company name.")));

  check_name (errors, PD_PROFILE_FIELD_FIRST_NAME, pd_billing_profile_get_first_name (profile));
  check_name (errors, PD_PROFILE_FIELD_LAST_NAME, pd_billing_profile_get_last_name (profile));

  if (is_blank (pd_billing_profile_get_email (profile)))
    add_error (errors, PD_PROFILE_FIELD_EMAIL, g_strdup (_("Enter an email address.")));
  else if (!is_email (pd_billing_profile_get_email (profile)))
    add_error (errors, PD_PROFILE_FIELD_EMAIL,
               g_strdup (_("Enter an email address like name@example.com.")));

  check_phone (errors, rules, country, country_name, pd_address_get_phone_number (address));

  if (is_blank (pd_address_get_address_line1 (address)))
    add_error (errors, PD_PROFILE_FIELD_ADDRESS_LINE1, g_strdup (_("Enter a street address.")));
  check_address_line (errors, PD_PROFILE_FIELD_ADDRESS_LINE1,
                      pd_address_get_address_line1 (address));
  check_address_line (errors, PD_PROFILE_FIELD_ADDRESS_LINE2,
                      pd_address_get_address_line2 (address));

  if (is_blank (pd_address_get_city (address))
      && rules != NULL && pd_country_rules_get_is_city_required (rules))
    add_error (errors, PD_PROFILE_FIELD_CITY, g_strdup (_("Enter a city.")));

  check_state (errors, rules, pd_address_get_state (address));
  check_postal_code (errors, rules, country, country_name,
                     pd_address_get_postal_code (address));
  check_language (errors, rules, country_name, pd_billing_profile_get_language (profile));
  check_culture (errors, rules, country_name, pd_billing_profile_get_culture (profile));

  return g_steal_pointer (&errors);
}
