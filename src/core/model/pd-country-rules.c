/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-country-rules.c: a market's validation rules, pattern checks, and state/province names. */
#include "config.h"

#define G_LOG_DOMAIN "pd-country-rules"

#include <glib/gi18n.h>

#include "pd-api-error.h"
#include "pd-country-rules.h"
#include "pd-json.h"

struct _PdCountryRules
{
  GObject parent_instance;

  char *iso2_code;
  char *default_culture;
  gboolean is_state_required;
  gboolean is_postal_code_required;
  gboolean is_city_required;
  gboolean is_phone_required;
  GStrv states;
  GStrv supported_languages;
  GStrv supported_cultures;
  GStrv calling_codes;
  char *postal_code_regex;
  char *phone_number_regex;

  /* Compiled on first use; a pattern GRegex cannot compile stays NULL with the flag set. */
  GRegex *postal_code_pattern;
  GRegex *phone_number_pattern;
  gboolean postal_code_compiled;
  gboolean phone_number_compiled;
};

G_DEFINE_FINAL_TYPE (PdCountryRules, pd_country_rules, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ISO2_CODE,
  PROP_DEFAULT_CULTURE,
  PROP_IS_STATE_REQUIRED,
  PROP_IS_POSTAL_CODE_REQUIRED,
  PROP_IS_CITY_REQUIRED,
  PROP_IS_PHONE_REQUIRED,
  PROP_STATES,
  PROP_SUPPORTED_LANGUAGES,
  PROP_SUPPORTED_CULTURES,
  PROP_CALLING_CODES,
  PROP_POSTAL_CODE_REGEX,
  PROP_PHONE_NUMBER_REGEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Countries where Partner Center requires a phone number (the reference's list). */
static const char * const phone_required_countries[] = {
  "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", NULL
};

static void
pd_country_rules_finalize (GObject *object)
{
  PdCountryRules *self = PD_COUNTRY_RULES (object);

  g_free (self->iso2_code);
  g_free (self->default_culture);
  g_strfreev (self->states);
  g_strfreev (self->supported_languages);
  g_strfreev (self->supported_cultures);
  g_strfreev (self->calling_codes);
  g_free (self->postal_code_regex);
  g_free (self->phone_number_regex);
  g_clear_pointer (&self->postal_code_pattern, g_regex_unref);
  g_clear_pointer (&self->phone_number_pattern, g_regex_unref);

  G_OBJECT_CLASS (pd_country_rules_parent_class)->finalize (object);
}

static void
pd_country_rules_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdCountryRules *self = PD_COUNTRY_RULES (object);

  switch (prop_id)
    {
    case PROP_ISO2_CODE:
      g_value_set_string (value, pd_country_rules_get_iso2_code (self));
      break;

    case PROP_DEFAULT_CULTURE:
      g_value_set_string (value, pd_country_rules_get_default_culture (self));
      break;

    case PROP_IS_STATE_REQUIRED:
      g_value_set_boolean (value, self->is_state_required);
      break;

    case PROP_IS_POSTAL_CODE_REQUIRED:
      g_value_set_boolean (value, self->is_postal_code_required);
      break;

    case PROP_IS_CITY_REQUIRED:
      g_value_set_boolean (value, self->is_city_required);
      break;

    case PROP_IS_PHONE_REQUIRED:
      g_value_set_boolean (value, self->is_phone_required);
      break;

    case PROP_STATES:
      g_value_set_boxed (value, self->states);
      break;

    case PROP_SUPPORTED_LANGUAGES:
      g_value_set_boxed (value, self->supported_languages);
      break;

    case PROP_SUPPORTED_CULTURES:
      g_value_set_boxed (value, self->supported_cultures);
      break;

    case PROP_CALLING_CODES:
      g_value_set_boxed (value, self->calling_codes);
      break;

    case PROP_POSTAL_CODE_REGEX:
      g_value_set_string (value, self->postal_code_regex);
      break;

    case PROP_PHONE_NUMBER_REGEX:
      g_value_set_string (value, self->phone_number_regex);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_country_rules_class_init (PdCountryRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_country_rules_finalize;
  object_class->get_property = pd_country_rules_get_property;

  /* Rules are read once from the server and never change: all read-only. */
  properties[PROP_ISO2_CODE] = g_param_spec_string ("iso2-code", NULL, NULL, "", ro);
  properties[PROP_DEFAULT_CULTURE] = g_param_spec_string ("default-culture", NULL, NULL, "", ro);
  properties[PROP_IS_STATE_REQUIRED] =
    g_param_spec_boolean ("is-state-required", NULL, NULL, FALSE, ro);
  properties[PROP_IS_POSTAL_CODE_REQUIRED] =
    g_param_spec_boolean ("is-postal-code-required", NULL, NULL, FALSE, ro);
  properties[PROP_IS_CITY_REQUIRED] =
    g_param_spec_boolean ("is-city-required", NULL, NULL, FALSE, ro);
  properties[PROP_IS_PHONE_REQUIRED] =
    g_param_spec_boolean ("is-phone-required", NULL, NULL, FALSE, ro);
  properties[PROP_STATES] = g_param_spec_boxed ("states", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_SUPPORTED_LANGUAGES] =
    g_param_spec_boxed ("supported-languages", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_SUPPORTED_CULTURES] =
    g_param_spec_boxed ("supported-cultures", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_CALLING_CODES] =
    g_param_spec_boxed ("calling-codes", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_POSTAL_CODE_REGEX] =
    g_param_spec_string ("postal-code-regex", NULL, NULL, NULL, ro);
  properties[PROP_PHONE_NUMBER_REGEX] =
    g_param_spec_string ("phone-number-regex", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_country_rules_init (PdCountryRules *self)
{
}

/* Reads a list in either published shape: `name: {"value": [...]}`, `name: [...]`, or the
 * flattened `flatName: [...]`. Non-string items are skipped. */
static GStrv
read_list (JsonObject *object,
           const char *name,
           const char *flat_name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;
  JsonNode *node;

  node = pd_json_object_get_member_ci (object, name);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    array = pd_json_object_get_array_ci (json_node_get_object (node), "value");
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);

  if (array == NULL)
    array = pd_json_object_get_array_ci (object, flat_name);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }

  return g_strv_builder_end (builder);
}

/**
 * pd_country_rules_new_from_json:
 *
 * Returns: (transfer full): the rules, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has no country code.
 */
PdCountryRules *
pd_country_rules_new_from_json (JsonObject  *object,
                                GError     **error)
{
  PdCountryRules *self;
  g_autofree char *iso2 = NULL;
  g_autofree char *postal_regex = NULL;
  g_autofree char *phone_regex = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iso2 = pd_json_object_dup_string_ci (object, "iso2Code");
  if (iso2 == NULL || *iso2 == '\0')
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The country rules have no country code."),
                                           NULL, NULL));
      return NULL;
    }

  self = g_object_new (PD_TYPE_COUNTRY_RULES, NULL);
  self->iso2_code = g_ascii_strup (iso2, -1);
  self->default_culture = pd_json_object_dup_string_ci (object, "defaultCulture");
  self->is_state_required = pd_json_object_get_boolean_ci (object, "isStateRequired", FALSE);
  self->is_postal_code_required =
    pd_json_object_get_boolean_ci (object, "isPostalCodeRequired", FALSE);
  self->is_city_required = pd_json_object_get_boolean_ci (object, "isCityRequired", FALSE);
  /* The service does not publish this flag; a member of that name wins if it ever does. */
  self->is_phone_required =
    pd_json_object_get_boolean_ci (object, "isPhoneNumberRequired",
                                   g_strv_contains (phone_required_countries,
                                                    self->iso2_code));
  self->states = read_list (object, "states", "supportedStatesList");
  self->supported_languages = read_list (object, "supportedLanguages",
                                         "supportedLanguagesList");
  self->supported_cultures = read_list (object, "supportedCultures", "supportedCulturesList");
  self->calling_codes = read_list (object, "countryCallingCodes", "countryCallingCodesList");

  postal_regex = pd_json_object_dup_string_ci (object, "postalCodeRegex");
  phone_regex = pd_json_object_dup_string_ci (object, "phoneNumberRegex");
  pd_set_string (&self->postal_code_regex, postal_regex);
  pd_set_string (&self->phone_number_regex, phone_regex);

  return self;
}

const char *
pd_country_rules_get_iso2_code (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return self->iso2_code;
}

const char *
pd_country_rules_get_default_culture (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return self->default_culture != NULL ? self->default_culture : "";
}

gboolean
pd_country_rules_get_is_state_required (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), FALSE);

  return self->is_state_required;
}

gboolean
pd_country_rules_get_is_postal_code_required (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), FALSE);

  return self->is_postal_code_required;
}

gboolean
pd_country_rules_get_is_city_required (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), FALSE);

  return self->is_city_required;
}

gboolean
pd_country_rules_get_is_phone_required (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), FALSE);

  return self->is_phone_required;
}

const char * const *
pd_country_rules_get_states (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return (const char * const *) self->states;
}

const char * const *
pd_country_rules_get_supported_languages (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return (const char * const *) self->supported_languages;
}

const char * const *
pd_country_rules_get_supported_cultures (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return (const char * const *) self->supported_cultures;
}

const char * const *
pd_country_rules_get_calling_codes (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return (const char * const *) self->calling_codes;
}

const char *
pd_country_rules_get_postal_code_regex (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return self->postal_code_regex;
}

const char *
pd_country_rules_get_phone_number_regex (PdCountryRules *self)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), NULL);

  return self->phone_number_regex;
}

static gboolean
match_pattern (const char  *pattern,
               GRegex     **compiled,
               gboolean    *tried,
               const char  *value)
{
  if (pattern == NULL)
    return TRUE;

  if (!*tried)
    {
      g_autoptr(GError) error = NULL;

      *tried = TRUE;
      *compiled = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);
      if (*compiled == NULL)
        g_warning ("Cannot use the server's pattern “%s”: %s", pattern, error->message);
    }

  /* A pattern we cannot understand must not block the user: the server checks again. */
  if (*compiled == NULL)
    return TRUE;

  return g_regex_match (*compiled, value != NULL ? value : "", 0, NULL);
}

gboolean
pd_country_rules_match_postal_code (PdCountryRules *self,
                                    const char     *postal_code)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), TRUE);

  return match_pattern (self->postal_code_regex, &self->postal_code_pattern,
                        &self->postal_code_compiled, postal_code);
}

gboolean
pd_country_rules_match_phone_number (PdCountryRules *self,
                                     const char     *phone_number)
{
  g_return_val_if_fail (PD_IS_COUNTRY_RULES (self), TRUE);

  return match_pattern (self->phone_number_regex, &self->phone_number_pattern,
                        &self->phone_number_compiled, phone_number);
}

/* State and province names ------------------------------------------------------------ */

typedef struct
{
  const char *code;
  const char *name;
} StateName;

static const StateName us_states[] = {
  { "AK", NC_("US state", "Alaska") },
  { "AL", NC_("US state", "Alabama") },
  { "AR", NC_("US state", "Arkansas") },
  { "AZ", NC_("US state", "Arizona") },
  { "CA", NC_("US state", "California") },
  { "CO", NC_("US state", "Colorado") },
  { "CT", NC_("US state", "Connecticut") },
  { "DC", NC_("US state", "District of Columbia") },
  { "DE", NC_("US state", "Delaware") },
  { "FL", NC_("US state", "Florida") },
  { "GA", NC_("US state", "Georgia") },
  { "HI", NC_("US state", "Hawaii") },
  { "IA", NC_("US state", "Iowa") },
  { "ID", NC_("US state", "Idaho") },
  { "IL", NC_("US state", "Illinois") },
  { "IN", NC_("US state", "Indiana") },
  { "KS", NC_("US state", "Kansas") },
  { "KY", NC_("US state", "Kentucky") },
  { "LA", NC_("US state", "Louisiana") },
  { "MA", NC_("US state", "Massachusetts") },
  { "MD", NC_("US state", "Maryland") },
  { "ME", NC_("US state", "Maine") },
  { "MI", NC_("US state", "Michigan") },
  { "MN", NC_("US state", "Minnesota") },
  { "MO", NC_("US state", "Missouri") },
  { "MS", NC_("US state", "Mississippi") },
  { "MT", NC_("US state", "Montana") },
  { "NC", NC_("US state", "North Carolina") },
  { "ND", NC_("US state", "North Dakota") },
  { "NE", NC_("US state", "Nebraska") },
  { "NH", NC_("US state", "New Hampshire") },
  { "NJ", NC_("US state", "New Jersey") },
  { "NM", NC_("US state", "New Mexico") },
  { "NV", NC_("US state", "Nevada") },
  { "NY", NC_("US state", "New York") },
  { "OH", NC_("US state", "Ohio") },
  { "OK", NC_("US state", "Oklahoma") },
  { "OR", NC_("US state", "Oregon") },
  { "PA", NC_("US state", "Pennsylvania") },
  { "RI", NC_("US state", "Rhode Island") },
  { "SC", NC_("US state", "South Carolina") },
  { "SD", NC_("US state", "South Dakota") },
  { "TN", NC_("US state", "Tennessee") },
  { "TX", NC_("US state", "Texas") },
  { "UT", NC_("US state", "Utah") },
  { "VA", NC_("US state", "Virginia") },
  { "VT", NC_("US state", "Vermont") },
  { "WA", NC_("US state", "Washington") },
  { "WI", NC_("US state", "Wisconsin") },
  { "WV", NC_("US state", "West Virginia") },
  { "WY", NC_("US state", "Wyoming") },
  { NULL, NULL }
};

/* China's provinces, municipalities and regions by the two-letter codes Partner Center uses. */
static const StateName cn_provinces[] = {
  { "AH", NC_("Chinese province", "Anhui") },
  { "BJ", NC_("Chinese province", "Beijing") },
  { "CQ", NC_("Chinese province", "Chongqing") },
  { "FJ", NC_("Chinese province", "Fujian") },
  { "GD", NC_("Chinese province", "Guangdong") },
  { "GS", NC_("Chinese province", "Gansu") },
  { "GX", NC_("Chinese province", "Guangxi") },
  { "GZ", NC_("Chinese province", "Guizhou") },
  { "HA", NC_("Chinese province", "Henan") },
  { "HB", NC_("Chinese province", "Hubei") },
  { "HE", NC_("Chinese province", "Hebei") },
  { "HI", NC_("Chinese province", "Hainan") },
  { "HK", NC_("Chinese province", "Hong Kong") },
  { "HL", NC_("Chinese province", "Heilongjiang") },
  { "HN", NC_("Chinese province", "Hunan") },
  { "JL", NC_("Chinese province", "Jilin") },
  { "JS", NC_("Chinese province", "Jiangsu") },
  { "JX", NC_("Chinese province", "Jiangxi") },
  { "LN", NC_("Chinese province", "Liaoning") },
  { "MO", NC_("Chinese province", "Macao") },
  { "NM", NC_("Chinese province", "Inner Mongolia") },
  { "NX", NC_("Chinese province", "Ningxia") },
  { "QH", NC_("Chinese province", "Qinghai") },
  { "SC", NC_("Chinese province", "Sichuan") },
  { "SD", NC_("Chinese province", "Shandong") },
  { "SH", NC_("Chinese province", "Shanghai") },
  { "SN", NC_("Chinese province", "Shaanxi") },
  { "SX", NC_("Chinese province", "Shanxi") },
  { "TJ", NC_("Chinese province", "Tianjin") },
  { "TW", NC_("Chinese province", "Taiwan") },
  { "XJ", NC_("Chinese province", "Xinjiang") },
  { "XZ", NC_("Chinese province", "Tibet") },
  { "YN", NC_("Chinese province", "Yunnan") },
  { "ZJ", NC_("Chinese province", "Zhejiang") },
  { NULL, NULL }
};

static const StateName ca_provinces[] = {
  { "AB", NC_("Canadian province", "Alberta") },
  { "BC", NC_("Canadian province", "British Columbia") },
  { "MB", NC_("Canadian province", "Manitoba") },
  { "NB", NC_("Canadian province", "New Brunswick") },
  { "NL", NC_("Canadian province", "Newfoundland and Labrador") },
  { "NS", NC_("Canadian province", "Nova Scotia") },
  { "NT", NC_("Canadian province", "Northwest Territories") },
  { "NU", NC_("Canadian province", "Nunavut") },
  { "ON", NC_("Canadian province", "Ontario") },
  { "PE", NC_("Canadian province", "Prince Edward Island") },
  { "QC", NC_("Canadian province", "Quebec") },
  { "SK", NC_("Canadian province", "Saskatchewan") },
  { "YT", NC_("Canadian province", "Yukon") },
  { NULL, NULL }
};

/**
 * pd_country_rules_get_state_name:
 * @country: (nullable): ISO 3166 alpha-2 code
 * @state_code: (nullable): the state as the API carries it
 *
 * Returns: (transfer none): the translated name for US states, Canadian provinces and
 *   Chinese provinces; @state_code itself otherwise ("" for NULL).
 */
const char *
pd_country_rules_get_state_name (const char *country,
                                 const char *state_code)
{
  const StateName *table = NULL;
  const char *context;

  if (state_code == NULL)
    return "";
  if (country == NULL)
    return state_code;

  if (g_ascii_strcasecmp (country, "US") == 0)
    {
      table = us_states;
      context = "US state";
    }
  else if (g_ascii_strcasecmp (country, "CN") == 0)
    {
      table = cn_provinces;
      context = "Chinese province";
    }
  else if (g_ascii_strcasecmp (country, "CA") == 0)
    {
      table = ca_provinces;
      context = "Canadian province";
    }
  else
    return state_code;

  for (guint i = 0; table[i].code != NULL; i++)
    if (g_ascii_strcasecmp (table[i].code, state_code) == 0)
      return g_dpgettext2 (NULL, context, table[i].name);

  return state_code;
}
