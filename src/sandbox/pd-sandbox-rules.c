/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-rules.c: the sandbox's country rules, billing-profile checks, address validation. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-rules"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-rules.h"

#define US_STATES \
  "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE " \
  "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY"
/* ISO 3166-2:CN two-letter province codes, as the service lists them. */
#define CN_PROVINCES \
  "AH BJ CQ FJ GD GS GX GZ HA HB HE HI HL HN JL JS JX LN NM NX QH SC SD SH SN SX TJ XJ XZ YN ZJ"
#define CA_PROVINCES "AB BC MB NB NL NS NT NU ON PE QC SK YT"

/* Loose international pattern for countries whose numbering the sandbox does not model. */
#define PHONE_GENERIC "^\\+?[0-9][0-9 ()./-]{4,24}$"
/* 8 / +7, then ten digits with optional separators (Russia and Kazakhstan share +7). */
#define PHONE_PLUS7 "^(\\+?7|8)?[ -]?\\(?\\d{3}\\)?[ -]?\\d{3}[ -]?\\d{2}[ -]?\\d{2}$"

static const PdSandboxCountry countries[] = {
  { "CN", "zh-CN", CN_PROVINCES, "zh en", "zh-CN en-US", "86",
    "^\\d{6}$", "^(\\+?86[ -]?)?(1\\d{10}|0?\\d{2,3}[ -]?\\d{7,8})$",
    TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL, NULL },
  { "RU", "ru-RU", NULL, "ru en", "ru-RU en-US", "7",
    "^\\d{6}$", PHONE_PLUS7,
    FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, "##########", "7707083893" },
  { "KZ", "ru-RU", NULL, "ru kk en", "ru-RU kk-KZ en-US", "7",
    "^\\d{6}$", PHONE_PLUS7,
    FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, "############", "123456789012" },
  { "US", "en-US", US_STATES, "en es", "en-US es-US", "1",
    "^\\d{5}(-\\d{4})?$",
    "^(1[\\-\\/\\.]?)?(\\((\\d{3})\\)|(\\d{3}))[\\-\\/\\.]?(\\d{3})[\\-\\/\\.]?(\\d{4})$",
    TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, "US######", "US999965" },
  { "CA", "en-CA", CA_PROVINCES, "en fr", "en-CA fr-CA", "1",
    "^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$", PHONE_GENERIC,
    TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL, NULL },
  { "GB", "en-GB", NULL, "en", "en-GB", "44",
    "^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "GB#########", "GB999999973" },
  { "DE", "de-DE", NULL, "de en", "de-DE en-US", "49",
    "^\\d{5}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "DE#########", "DE999999999" },
  { "FR", "fr-FR", NULL, "fr en", "fr-FR en-US", "33",
    "^\\d{5}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "FR###########", "FR99999999999" },
  { "JP", "ja-JP", NULL, "ja en", "ja-JP en-US", "81",
    "^\\d{3}-?\\d{4}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL, NULL },
  { "IT", "it-IT", NULL, "it en", "it-IT en-US", "39",
    "^\\d{5}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "IT###########", "IT99999999999" },
  { "ES", "es-ES", NULL, "es en", "es-ES en-US", "34",
    "^\\d{5}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "ES#########", "ESX9999999X" },
  { "NL", "nl-NL", NULL, "nl en", "nl-NL en-US", "31",
    "^\\d{4} ?[A-Za-z]{2}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, "NL#########B##", "NL999999999B01" },
  { "UA", "uk-UA", NULL, "uk ru en", "uk-UA ru-RU en-US", "380",
    "^\\d{5}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, NULL, NULL },
  { "BY", "ru-RU", NULL, "ru be en", "ru-RU be-BY en-US", "375",
    "^\\d{6}$", PHONE_GENERIC,
    FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, NULL, NULL },
};

const PdSandboxCountry *
pd_sandbox_rules_lookup (const char *iso2)
{
  if (iso2 == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (countries[i].iso2, iso2) == 0)
      return &countries[i];

  return NULL;
}

static void
add_list (JsonBuilder *builder,
          const char  *name,
          const char  *words)
{
  g_auto(GStrv) list = g_strsplit (words != NULL ? words : "", " ", -1);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_begin_array (builder);
  for (guint i = 0; list[i] != NULL; i++)
    if (*list[i] != '\0')
      json_builder_add_string_value (builder, list[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  /* The service leaves null fields out rather than sending null. */
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

JsonNode *
pd_sandbox_rules_to_json (const PdSandboxCountry *country)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (country != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "iso2Code", country->iso2);
  add_string (builder, "defaultCulture", country->default_culture);
  add_bool (builder, "isStateRequired", country->state_required);
  add_list (builder, "states", country->states);
  add_list (builder, "supportedLanguages", country->languages);
  add_list (builder, "supportedCultures", country->cultures);
  add_bool (builder, "isPostalCodeRequired", country->postal_required);
  add_string (builder, "postalCodeRegex", country->postal_regex);
  add_bool (builder, "isCityRequired", country->city_required);
  add_bool (builder, "isVatIdSupported", country->vat_id);
  add_string (builder, "taxIdFormat", country->tax_id_format);
  add_string (builder, "taxIdSample", country->tax_id_sample);
  add_string (builder, "phoneNumberRegex", country->phone_regex);
  add_bool (builder, "isRegistrationNumberSupported", country->registration_number);
  add_bool (builder, "isTaxIdSupported", country->tax_id_format != NULL);
  /* Not in the published sample: the sandbox says it so the app need not keep its own list. */
  add_bool (builder, "isPhoneNumberRequired", country->phone_required);
  add_list (builder, "countryCallingCodes", country->calling_codes);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  add_string (builder, "objectType", "CountryInformation");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
pd_sandbox_rules_match (const char *pattern,
                        const char *value)
{
  g_autoptr(GRegex) regex = NULL;

  if (pattern == NULL)
    return TRUE;
  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
  if (regex == NULL)
    return TRUE;

  return g_regex_match (regex, value != NULL ? value : "", 0, NULL);
}

static gboolean
word_in_list (const char *words,
              const char *word)
{
  g_auto(GStrv) list = NULL;

  if (words == NULL || word == NULL)
    return FALSE;
  list = g_strsplit (words, " ", -1);
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], word) == 0)
      return TRUE;

  return FALSE;
}

/* A string member, NULL when absent, null or not a string. */
static const char *
get_str (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

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

static gboolean
fail (int         *out_code,
      char       **out_description,
      int          code,
      char        *description)
{
  *out_code = code;
  *out_description = description;
  return FALSE;
}

static gboolean
fail_required (int *out_code, char **out_description, const char *field)
{
  return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
               g_strdup_printf (_("Required property '%s' is missing or empty."), field));
}

static gboolean
fail_invalid (int *out_code, char **out_description, const char *field)
{
  g_autofree char *quoted = g_strdup_printf ("'%s'", field);

  return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
               g_strdup_printf (_("Address field invalid for property: %s"), quoted));
}

/* Checks a length limit in characters; TRUE when within. */
static gboolean
check_length (int        *out_code,
              char      **out_description,
              const char *field,
              const char *value,
              glong       max)
{
  if (value == NULL || g_utf8_strlen (value, -1) <= max)
    return TRUE;

  return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
               g_strdup_printf (ngettext ("Property '%1$s' is longer than %2$ld character.",
                                          "Property '%1$s' is longer than %2$ld characters.",
                                          (gulong) max),
                                field, max));
}

typedef enum
{
  TYPE_STRING,
  TYPE_OBJECT,
  TYPE_ARRAY,
} MemberType;

/* The members of a billing profile the service knows, with their JSON types; null counts as
 * absent (the service leaves null fields out). Unknown members are kept as sent. */
static const struct
{
  const char *path;      /* dotted, as errors name it */
  MemberType  type;
} billing_types[] = {
  { "id", TYPE_STRING }, { "firstName", TYPE_STRING }, { "middleName", TYPE_STRING },
  { "lastName", TYPE_STRING }, { "email", TYPE_STRING }, { "culture", TYPE_STRING },
  { "language", TYPE_STRING }, { "companyName", TYPE_STRING },
  { "defaultAddress", TYPE_OBJECT },
  { "defaultAddress.id", TYPE_STRING }, { "defaultAddress.country", TYPE_STRING },
  { "defaultAddress.region", TYPE_STRING }, { "defaultAddress.city", TYPE_STRING },
  { "defaultAddress.state", TYPE_STRING }, { "defaultAddress.district", TYPE_STRING },
  { "defaultAddress.addressLine1", TYPE_STRING }, { "defaultAddress.addressLine2", TYPE_STRING },
  { "defaultAddress.addressLine3", TYPE_STRING }, { "defaultAddress.postalCode", TYPE_STRING },
  { "defaultAddress.firstName", TYPE_STRING }, { "defaultAddress.middleName", TYPE_STRING },
  { "defaultAddress.lastName", TYPE_STRING }, { "defaultAddress.phoneNumber", TYPE_STRING },
  { "links", TYPE_OBJECT }, { "links.self", TYPE_OBJECT }, { "links.self.uri", TYPE_STRING },
  { "links.self.method", TYPE_STRING }, { "links.self.headers", TYPE_ARRAY },
  { "attributes", TYPE_OBJECT }, { "attributes.etag", TYPE_STRING },
  { "attributes.objectType", TYPE_STRING },
};

/* The member at dotted @path, NULL when it or an object on the way is absent or null. */
static JsonNode *
member_at (JsonObject *object,
           const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, names[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

/* Checks the JSON type of every known member: a number or an object where the service
 * wants a string must be refused, not stored (the checks below read such a member as
 * absent, and an optional one would pass). */
static gboolean
check_types (JsonObject  *billing,
             int         *out_code,
             char       **out_description)
{
  for (gsize i = 0; i < G_N_ELEMENTS (billing_types); i++)
    {
      const char *path = billing_types[i].path;
      JsonNode *node = member_at (billing, path);

      if (node == NULL)
        continue;
      switch (billing_types[i].type)
        {
        case TYPE_STRING:
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
                         g_strdup_printf (_("Property '%s' must be a string."), path));
          break;
        case TYPE_OBJECT:
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
                         g_strdup_printf (_("Property '%s' must be an object."), path));
          break;
        case TYPE_ARRAY:
        default:
          if (!JSON_NODE_HOLDS_ARRAY (node))
            return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
                         g_strdup_printf (_("Property '%s' must be an array."), path));
          break;
        }
    }

  return TRUE;
}

/* The company name and the e-mail address are required; names have length limits. */
static gboolean
check_names (JsonObject  *billing,
             int         *out_code,
             char       **out_description)
{
  const char *email;

  if (is_blank (get_str (billing, "companyName")))
    return fail_required (out_code, out_description, "companyName");
  if (!check_length (out_code, out_description, "companyName",
                     get_str (billing, "companyName"), 200))
    return FALSE;

  email = get_str (billing, "email");
  if (is_blank (email))
    return fail_required (out_code, out_description, "email");
  if (strchr (email, '@') == NULL || strchr (email, ' ') != NULL
      || email[0] == '@' || g_str_has_suffix (email, "@"))
    return fail_invalid (out_code, out_description, "email");

  return check_length (out_code, out_description, "firstName", get_str (billing, "firstName"), 50)
         && check_length (out_code, out_description, "lastName", get_str (billing, "lastName"), 50);
}

/* Culture and language are required, and must be ones @country supports. */
static gboolean
check_culture (JsonObject              *billing,
               const PdSandboxCountry  *country,
               int                     *out_code,
               char                   **out_description)
{
  const char *value = get_str (billing, "culture");

  if (is_blank (value))
    return fail_required (out_code, out_description, "culture");
  if (!word_in_list (country->cultures, value))
    return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
                 g_strdup_printf (_("Culture '%1$s' is not supported for country %2$s."),
                                  value, country->iso2));
  value = get_str (billing, "language");
  if (is_blank (value))
    return fail_required (out_code, out_description, "language");
  if (!word_in_list (country->languages, value))
    return fail (out_code, out_description, PD_SANDBOX_CODE_INVALID_PROPERTY,
                 g_strdup_printf (_("Language '%1$s' is not supported for country %2$s."),
                                  value, country->iso2));

  return TRUE;
}

/* Address lines, the contact's names and the city: present where required, not too long. */
static gboolean
check_address_lines (JsonObject              *address,
                     const PdSandboxCountry  *country,
                     int                     *out_code,
                     char                   **out_description)
{
  static const struct
  {
    const char *name;
    const char *path;
    glong       max;
    gboolean    required;
  } limits[] = {
    { "addressLine1", "defaultAddress.addressLine1", 200, TRUE },
    { "addressLine2", "defaultAddress.addressLine2", 200, FALSE },
    { "addressLine3", "defaultAddress.addressLine3", 200, FALSE },
    { "firstName", "defaultAddress.firstName", 50, TRUE },
    { "lastName", "defaultAddress.lastName", 50, TRUE },
    { "middleName", "defaultAddress.middleName", 50, FALSE },
  };
  const char *value;

  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      value = get_str (address, limits[i].name);
      if (limits[i].required && is_blank (value))
        return fail_required (out_code, out_description, limits[i].path);
      if (!check_length (out_code, out_description, limits[i].path, value, limits[i].max))
        return FALSE;
    }

  value = get_str (address, "city");
  if (country->city_required && is_blank (value))
    return fail_required (out_code, out_description, "defaultAddress.city");

  return check_length (out_code, out_description, "defaultAddress.city", value, 100);
}

/* State, postal code and phone: required where @country requires them, and well-formed. */
static gboolean
check_address_codes (JsonObject              *address,
                     const PdSandboxCountry  *country,
                     int                     *out_code,
                     char                   **out_description)
{
  const char *value = get_str (address, "state");

  if (is_blank (value))
    {
      if (country->state_required)
        return fail_required (out_code, out_description, "defaultAddress.state");
    }
  else if (g_utf8_strlen (value, -1) > 2
           || (country->states != NULL && !word_in_list (country->states, value)))
    return fail_invalid (out_code, out_description, "defaultAddress.state");

  value = get_str (address, "postalCode");
  if (is_blank (value))
    {
      if (country->postal_required)
        return fail_required (out_code, out_description, "defaultAddress.postalCode");
    }
  else if (!pd_sandbox_rules_match (country->postal_regex, value))
    return fail_invalid (out_code, out_description, "defaultAddress.postalCode");

  value = get_str (address, "phoneNumber");
  if (is_blank (value))
    {
      if (country->phone_required)
        return fail (out_code, out_description, PD_SANDBOX_CODE_PHONE_MISSING,
                     /* Translators: phoneNumber is the API's field name; %s a country code */
                     g_strdup_printf (_("Phone number (defaultAddress.phoneNumber) is required "
                                        "for addresses in %s."), country->iso2));
    }
  else if (!pd_sandbox_rules_match (country->phone_regex, value))
    return fail_invalid (out_code, out_description, "defaultAddress.phoneNumber");

  return TRUE;
}

gboolean
pd_sandbox_rules_check_billing (JsonObject  *billing,
                                int         *out_code,
                                char       **out_description)
{
  const PdSandboxCountry *country;
  JsonNode *address_node;
  JsonObject *address;
  const char *country_code;

  g_return_val_if_fail (billing != NULL, FALSE);
  g_return_val_if_fail (out_code != NULL && out_description != NULL, FALSE);

  if (!check_types (billing, out_code, out_description)
      || !check_names (billing, out_code, out_description))
    return FALSE;

  address_node = json_object_get_member (billing, "defaultAddress");
  if (address_node == NULL || !JSON_NODE_HOLDS_OBJECT (address_node))
    return fail_required (out_code, out_description, "defaultAddress");
  address = json_node_get_object (address_node);

  country_code = get_str (address, "country");
  if (is_blank (country_code))
    return fail_required (out_code, out_description, "defaultAddress.country");
  country = pd_sandbox_rules_lookup (country_code);
  if (country == NULL || strlen (country_code) != 2)
    return fail_invalid (out_code, out_description, "defaultAddress.country");

  return check_culture (billing, country, out_code, out_description)
         && check_address_lines (address, country, out_code, out_description)
         && check_address_codes (address, country, out_code, out_description);
}

/* Trims and collapses runs of white space; NULL stays NULL. */
static char *
tidy_spaces (const char *value)
{
  GString *out;
  gboolean space = FALSE;

  if (value == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* "REDMOND" / "redmond" → "Redmond"; mixed case and uncased scripts are left alone. */
static char *
tidy_city_case (const char *city)
{
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;
  GString *out;
  gboolean word_start = TRUE;

  if (city == NULL)
    return NULL;
  upper = g_utf8_strup (city, -1);
  lower = g_utf8_strdown (city, -1);
  if (g_strcmp0 (upper, lower) == 0 || (strcmp (city, upper) != 0 && strcmp (city, lower) != 0))
    return g_strdup (city);

  out = g_string_new (NULL);
  for (const char *p = city; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, word_start ? g_unichar_totitle (c) : g_unichar_tolower (c));
      word_start = g_unichar_isspace (c) || c == '-';
    }

  return g_string_free (out, FALSE);
}

static char *
tidy_postal_code (const PdSandboxCountry *country,
                  const char             *postal,
                  const char             *street)
{
  g_autofree char *up = NULL;
  GString *compact;

  if (postal == NULL)
    return NULL;

  up = g_ascii_strup (postal, -1);
  compact = g_string_new (NULL);
  for (const char *p = up; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (compact, *p);

  if (strcmp (country->iso2, "US") == 0 && compact->len == 5
      && pd_sandbox_rules_match ("^\\d{5}$", compact->str))
    {
      /* The ZIP+4 add-on the real service suggests; derived from the street so it is stable. */
      g_string_append_printf (compact, "-%04u", g_str_hash (street != NULL ? street : "") % 10000);
    }
  else if ((strcmp (country->iso2, "GB") == 0 || strcmp (country->iso2, "CA") == 0)
           && compact->len > 3)
    g_string_insert_c (compact, compact->len - 3, ' ');
  else if (strcmp (country->iso2, "JP") == 0 && compact->len == 7
           && pd_sandbox_rules_match ("^\\d{7}$", compact->str))
    g_string_insert_c (compact, 3, '-');
  else if (strcmp (country->iso2, "NL") == 0 && compact->len == 6)
    g_string_insert_c (compact, 4, ' ');

  return g_string_free (compact, FALSE);
}

static void
set_or_remove (JsonObject *object,
               const char *name,
               const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else if (json_object_has_member (object, name))
    json_object_remove_member (object, name);
}

static JsonObject *
copy_address (JsonObject *address)
{
  static const char *fields[] = { "country", "region", "city", "state", "addressLine1",
                                  "addressLine2", "addressLine3", "postalCode" };
  JsonObject *copy = json_object_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    set_or_remove (copy, fields[i], get_str (address, fields[i]));

  return copy;
}

static void
set_message (JsonObject *response,
             const char *properties)
{
  g_autofree char *message = g_strdup_printf (_("Address field invalid for property: %s"),
                                              properties);

  json_object_set_string_member (response, "validationMessage", message);
}

/* Adds 'Label' to a comma-separated list of properties. */
static void
append_property (GString    *list,
                 const char *label)
{
  g_string_append_printf (list, "%s'%s'", list->len > 0 ? ", " : "", label);
}

/* @address's member @name as the service would suggest it. Returns: (transfer full)
 * (nullable). */
static char *
tidy_member (JsonObject             *address,
             const char             *name,
             const PdSandboxCountry *country)
{
  g_autofree char *tidy = tidy_spaces (get_str (address, name));

  if (strcmp (name, "city") == 0)
    return tidy_city_case (tidy);
  if (strcmp (name, "state") == 0 && tidy != NULL)
    return g_ascii_strup (tidy, -1);
  if (strcmp (name, "postalCode") == 0)
    return tidy_postal_code (country, tidy, get_str (address, "addressLine1"));

  return g_steal_pointer (&tidy);
}

/* The suggested address: @address tidied; the labels of what changed go to @changed. */
static JsonObject *
suggest_address (JsonObject             *address,
                 const PdSandboxCountry *country,
                 GString                *changed)
{
  /* camelCase name, the PascalCase the service names in validationMessage */
  static const struct { const char *name; const char *label; } props[] = {
    { "addressLine1", "AddressLine1" }, { "addressLine2", "AddressLine2" },
    { "city", "City" }, { "state", "State" }, { "postalCode", "PostalCode" },
  };
  JsonObject *suggested = copy_address (address);

  json_object_set_string_member (suggested, "country", country->iso2);
  for (gsize i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *tidy = tidy_member (address, props[i].name, country);
      const char *sent = get_str (address, props[i].name);

      if (tidy != NULL && *tidy == '\0')
        g_clear_pointer (&tidy, g_free);
      set_or_remove (suggested, props[i].name, tidy);

      if (g_strcmp0 (tidy, sent) != 0 && !(tidy == NULL && is_blank (sent)))
        append_property (changed, props[i].label);
    }

  return suggested;
}

/* The labels of what no simple rewrite can fix in @suggested: the user has to look at it. */
static void
find_invalid (JsonObject             *suggested,
              const PdSandboxCountry *country,
              GString                *invalid)
{
  const char *state = get_str (suggested, "state");
  const char *postal = get_str (suggested, "postalCode");

  if (is_blank (get_str (suggested, "addressLine1")))
    append_property (invalid, "AddressLine1");
  if (country->city_required && is_blank (get_str (suggested, "city")))
    append_property (invalid, "City");
  if ((country->state_required && is_blank (state))
      || (!is_blank (state) && country->states != NULL && !word_in_list (country->states, state)))
    append_property (invalid, "State");
  if ((country->postal_required && is_blank (postal))
      || (!is_blank (postal) && !pd_sandbox_rules_match (country->postal_regex, postal)))
    append_property (invalid, "PostalCode");
}

JsonNode *
pd_sandbox_rules_validate_address (JsonObject  *address,
                                   char       **out_description)
{
  const PdSandboxCountry *country;
  g_autoptr(JsonObject) original = NULL;
  g_autoptr(JsonObject) suggested = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GString) invalid = g_string_new (NULL);
  JsonObject *response;
  JsonNode *root;
  JsonArray *list;
  const char *status;

  g_return_val_if_fail (address != NULL, NULL);

  if (is_blank (get_str (address, "country")))
    {
      *out_description = g_strdup_printf (_("Required property '%s' is missing or empty."),
                                          "country");
      return NULL;
    }

  original = copy_address (address);
  response = json_object_new ();
  root = json_node_init_object (json_node_alloc (), response);
  json_object_set_object_member (response, "originalAddress", json_object_ref (original));

  list = json_array_new ();
  country = pd_sandbox_rules_lookup (get_str (address, "country"));
  if (country == NULL)
    status = "NotValidated";
  else
    {
      suggested = suggest_address (address, country, changed);
      find_invalid (suggested, country, invalid);
      if (invalid->len > 0)
        status = "InteractionRequired";
      else if (changed->len > 0)
        {
          status = "StreetPartial";
          json_array_add_object_element (list, json_object_ref (suggested));
        }
      else
        status = "VerifiedShippable";
    }
  json_object_set_array_member (response, "suggestedAddresses", list);
  if (invalid->len > 0 || changed->len > 0)
    set_message (response, invalid->len > 0 ? invalid->str : changed->str);
  json_object_set_string_member (response, "status", status);
  json_object_unref (response);

  return root;
}
