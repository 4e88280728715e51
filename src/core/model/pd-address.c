/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address.c: a postal address, its JSON mapping, and its display in the country's order. */
#include "config.h"

#define G_LOG_DOMAIN "pd-address"

#include <glib/gi18n.h>

#include "pd-address.h"
#include "pd-address-private.h"
#include "pd-country-rules.h"
#include "pd-json-fields-private.h"

typedef enum
{
  FIELD_COUNTRY,
  FIELD_REGION,
  FIELD_CITY,
  FIELD_STATE,
  FIELD_ADDRESS_LINE1,
  FIELD_ADDRESS_LINE2,
  FIELD_ADDRESS_LINE3,
  FIELD_POSTAL_CODE,
  FIELD_FIRST_NAME,
  FIELD_MIDDLE_NAME,
  FIELD_LAST_NAME,
  FIELD_PHONE_NUMBER,
  N_FIELDS
} Field;

/* Property name and JSON member name of each field, in the order of Field. */
static const PdJsonField fields[N_FIELDS] = {
  { "country", "country" },
  { "region", "region" },
  { "city", "city" },
  { "state", "state" },
  { "address-line1", "addressLine1" },
  { "address-line2", "addressLine2" },
  { "address-line3", "addressLine3" },
  { "postal-code", "postalCode" },
  { "first-name", "firstName" },
  { "middle-name", "middleName" },
  { "last-name", "lastName" },
  { "phone-number", "phoneNumber" },
};

struct _PdAddress
{
  GObject parent_instance;

  char *values[N_FIELDS];
  char *read[N_FIELDS];  /* the values as read: only fields that differ are rewritten */
  PdJsonSource source;   /* nothing for a new address */
};

G_DEFINE_FINAL_TYPE (PdAddress, pd_address, G_TYPE_OBJECT)

/* Property ids are the field index + 1. */
#define N_PROPS (N_FIELDS + 1)
static GParamSpec *properties[N_PROPS];

static const char *
get_field (PdAddress *self,
           Field      field)
{
  g_return_val_if_fail (PD_IS_ADDRESS (self), NULL);

  return self->values[field] != NULL ? self->values[field] : "";
}

static void
set_field (PdAddress  *self,
           Field       field,
           const char *value)
{
  g_return_if_fail (PD_IS_ADDRESS (self));

  if (pd_set_string (&self->values[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

static void
pd_address_finalize (GObject *object)
{
  PdAddress *self = PD_ADDRESS (object);

  pd_json_fields_free (N_FIELDS, self->values, self->read);
  pd_json_source_clear (&self->source);

  G_OBJECT_CLASS (pd_address_parent_class)->finalize (object);
}

static void
pd_address_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PdAddress *self = PD_ADDRESS (object);

  if (prop_id >= 1 && prop_id < N_PROPS)
    g_value_set_string (value, get_field (self, prop_id - 1));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
pd_address_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdAddress *self = PD_ADDRESS (object);

  if (prop_id >= 1 && prop_id < N_PROPS)
    set_field (self, prop_id - 1, g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
pd_address_class_init (PdAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_address_finalize;
  object_class->get_property = pd_address_get_property;
  object_class->set_property = pd_address_set_property;

  /* Empty fields read as "", never NULL, so they bind straight to entries. */
  for (guint i = 0; i < N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (fields[i].property, NULL, NULL, "",
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_address_init (PdAddress *self)
{
}

PdAddress *
pd_address_new (void)
{
  return g_object_new (PD_TYPE_ADDRESS, NULL);
}

/**
 * pd_address_new_from_json:
 * @object: an address object, in camelCase or PascalCase
 *
 * Returns: (transfer full): the address; unknown members are kept for pd_address_to_json().
 */
PdAddress *
pd_address_new_from_json (JsonObject *object)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  text = pd_json_text_from_tree (object);
  return pd_address_new_from_json_text (object, text->str, text->len);
}

PdAddress *
pd_address_new_from_json_text (JsonObject *object,
                               const char *raw,
                               gsize       raw_len)
{
  PdAddress *self;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (raw != NULL, NULL);

  self = pd_address_new ();
  pd_json_source_init (&self->source, object, raw, raw_len);
  pd_json_fields_read (fields, N_FIELDS, object, self->values, self->read);

  return self;
}

gboolean
pd_address_is_edited (PdAddress *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS (self), FALSE);

  for (guint i = 0; i < N_FIELDS; i++)
    if (!pd_str_equal0 (self->values[i], self->read[i]))
      return TRUE;
  return FALSE;
}

gboolean
pd_address_is_empty (PdAddress *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS (self), TRUE);

  for (guint i = 0; i < N_FIELDS; i++)
    if (self->values[i] != NULL)
      return FALSE;
  return self->source.raw == NULL;
}

const char *
pd_address_get_raw (PdAddress *self,
                    gsize     *len)
{
  g_return_val_if_fail (PD_IS_ADDRESS (self), NULL);

  *len = self->source.raw_len;
  return self->source.raw;
}

void
pd_address_write (PdAddress *self,
                  GString   *out)
{
  PdJsonEdit edits[N_FIELDS];
  guint n_edits;

  g_return_if_fail (PD_IS_ADDRESS (self));

  /* Only what was edited changes; the rest goes back as it came. */
  n_edits = pd_json_fields_get_edits (fields, N_FIELDS, self->values, self->read, edits);

  if (self->source.raw != NULL &&
      pd_json_write_object (out, self->source.raw, self->source.raw_len, edits, n_edits))
    return;
  g_assert (self->source.raw == NULL);

  /* A new address: its filled-in fields. */
  pd_json_write_object (out, "{}", 2, edits, n_edits);
}

/**
 * pd_address_to_json:
 *
 * Returns: (transfer full): the address as pd_address_write() writes it: every member read
 *   from the server kept as it was; edited fields emptied are null when the server had
 *   them, else left out.
 */
JsonObject *
pd_address_to_json (PdAddress *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (PD_IS_ADDRESS (self), NULL);

  pd_address_write (self, text);
  return pd_json_tree_from_text (text);
}

/**
 * pd_address_copy:
 *
 * Returns: (transfer full): an independent copy, unknown members included.
 */
PdAddress *
pd_address_copy (PdAddress *self)
{
  PdAddress *copy;

  g_return_val_if_fail (PD_IS_ADDRESS (self), NULL);

  copy = pd_address_new ();
  pd_json_fields_copy (N_FIELDS, self->values, self->read, copy->values, copy->read);
  pd_json_source_copy (&copy->source, &self->source);

  return copy;
}

gboolean
pd_address_unknown_members_equal (PdAddress *a,
                                  PdAddress *b)
{
  g_autoptr(JsonObject) rest_a = pd_json_source_dup_unknown (&a->source, fields, N_FIELDS);
  g_autoptr(JsonObject) rest_b = pd_json_source_dup_unknown (&b->source, fields, N_FIELDS);

  return json_object_equal (rest_a, rest_b);
}

gboolean
pd_address_equal (PdAddress *a,
                  PdAddress *b)
{
  g_return_val_if_fail (PD_IS_ADDRESS (a), FALSE);
  g_return_val_if_fail (PD_IS_ADDRESS (b), FALSE);

  if (a == b)
    return TRUE;

  for (guint i = 0; i < N_FIELDS; i++)
    if (!pd_str_equal0 (a->values[i], b->values[i]))
      return FALSE;

  return pd_address_unknown_members_equal (a, b);
}

/* Formatting ---------------------------------------------------------------------- */

static gboolean
country_in (const char *country,
            const char *list)
{
  g_auto(GStrv) codes = g_strsplit (list, " ", -1);

  return country != NULL && g_strv_contains ((const char * const *) codes, country);
}

static void
add_line (GPtrArray  *lines,
          const char *line)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line != NULL ? line : ""));

  if (*stripped != '\0')
    g_ptr_array_add (lines, g_steal_pointer (&stripped));
}

/* Joins the non-empty parts with @separator. */
static char *
join_parts (const char *separator,
            ...)
{
  GString *s = g_string_new (NULL);
  va_list args;
  const char *part;

  va_start (args, separator);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (part));

      if (*stripped == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, separator);
      g_string_append (s, stripped);
    }
  va_end (args);

  return g_string_free (s, FALSE);
}

/* The parts of an address that formatting places, stripped and looked up once. */
typedef struct
{
  const char *country;
  const char *city;
  const char *state;       /* the code */
  const char *state_name;  /* the code's name, "" without a state */
  const char *region;
  const char *postal;
  const char *street[3];
} AddressParts;

static void
add_street_lines (const AddressParts *p,
                  GPtrArray          *lines)
{
  for (guint i = 0; i < G_N_ELEMENTS (p->street); i++)
    add_line (lines, p->street[i]);
}

/* China, Taiwan, Japan, Korea: written from the largest unit down, the postal code on top.
 * Returns FALSE for other countries. */
static gboolean
add_lines_largest_first (const AddressParts *p,
                         GPtrArray          *lines)
{
  if (country_in (p->country, "CN TW"))
    add_line (lines, p->postal);
  else if (country_in (p->country, "JP KR"))
    {
      if (*p->postal != '\0')
        g_ptr_array_add (lines, g_strdup_printf ("%s%s",
                                                 g_str_equal (p->country, "JP") ? "〒" : "",
                                                 p->postal));
    }
  else
    return FALSE;

  g_ptr_array_add (lines, join_parts (" ", p->state_name, p->region, p->city, NULL));
  add_street_lines (p, lines);
  return TRUE;
}

/* Everywhere else the street comes first; countries differ in where the postal code,
 * the state and the region go. */
static void
add_lines_street_first (const AddressParts *p,
                        GPtrArray          *lines)
{
  const char *country = p->country;

  add_street_lines (p, lines);

  if (country_in (country, "RU BY KZ UA KG TJ UZ AM AZ MD GE"))
    {
      /* Street, city, region, then the postal code on its own line. */
      add_line (lines, p->city);
      g_ptr_array_add (lines, join_parts (", ", p->region, p->state_name, NULL));
      add_line (lines, p->postal);
    }
  else if (country_in (country, "US CA AU"))
    {
      /* Company profiles carry the state in "region" ("wa"): show it where the state goes. */
      gboolean region_as_state = *p->state == '\0';
      g_autofree char *state_postal = join_parts (country_in (country, "AU") ? "  " : " ",
                                                  region_as_state ? p->region : p->state,
                                                  p->postal, NULL);

      g_ptr_array_add (lines, join_parts (country_in (country, "AU") ? " " : ", ",
                                          p->city, state_postal, NULL));
      if (!region_as_state)
        add_line (lines, p->region);
    }
  else if (country_in (country, "GB IE"))
    {
      add_line (lines, p->city);
      add_line (lines, p->region);
      add_line (lines, p->state_name);
      add_line (lines, p->postal);
    }
  else if (country_in (country, "IN"))
    {
      g_ptr_array_add (lines, join_parts (" ", p->city, p->postal, NULL));
      g_ptr_array_add (lines, join_parts (", ", p->region, p->state_name, NULL));
    }
  else if (country_in (country, "BR"))
    {
      g_ptr_array_add (lines, join_parts (" – ", p->city, p->state, NULL));
      add_line (lines, p->postal);
    }
  else if (country_in (country, "MX"))
    {
      g_autofree char *postal_city = join_parts (" ", p->postal, p->city, NULL);

      g_ptr_array_add (lines, join_parts (", ", postal_city, p->state, NULL));
    }
  else if (country_in (country, "DE FR IT ES NL PL AT CH BE LU DK SE NO FI IS PT CZ SK HU "
                                "SI HR RS RO BG GR LT LV EE TR IL"))
    {
      /* Most of Europe: "12345 City". */
      g_ptr_array_add (lines, join_parts (" ", p->postal, p->city, NULL));
      g_ptr_array_add (lines, join_parts (", ", p->region, p->state_name, NULL));
    }
  else
    {
      g_ptr_array_add (lines, join_parts (" ", p->city, p->state, p->postal, NULL));
      add_line (lines, p->region);
    }
}

/* One line per line: a value with line breaks of its own (the server's text, or a paste)
 * is split, and no line is empty or padded (found by fuzz/fuzz-address-format). */
static char *
join_lines (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (lines, i), "\n", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          const char *part = g_strstrip (parts[j]);

          if (*part == '\0')
            continue;
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, part);
        }
    }
  return g_string_free (text, FALSE);
}

/**
 * pd_address_format:
 *
 * The postal part of the address (street lines, city, state or region, postal code),
 * one line per line as the address's country writes it: the postal code first in China
 * and Japan, after the city in Germany and France, last in Russia, "City, ST 12345" in
 * the United States. Names and phone number are not included: they are shown as the
 * contact. No country line.
 *
 * Returns: (transfer full): the lines joined with '\n'; "" for an empty address.
 */
char *
pd_address_format (PdAddress *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *state_name = NULL;
  g_autofree char *postal_code = NULL;
  AddressParts parts;

  g_return_val_if_fail (PD_IS_ADDRESS (self), NULL);

  parts.country = get_field (self, FIELD_COUNTRY);
  parts.city = get_field (self, FIELD_CITY);
  parts.state = get_field (self, FIELD_STATE);
  parts.region = get_field (self, FIELD_REGION);
  /* Stripped here: the JP mark goes right before the code. */
  parts.postal = postal_code = g_strstrip (g_strdup (get_field (self, FIELD_POSTAL_CODE)));
  state_name = g_strdup (*parts.state != '\0'
                         ? pd_country_rules_get_state_name (parts.country, parts.state) : "");
  parts.state_name = state_name;
  parts.street[0] = get_field (self, FIELD_ADDRESS_LINE1);
  parts.street[1] = get_field (self, FIELD_ADDRESS_LINE2);
  parts.street[2] = get_field (self, FIELD_ADDRESS_LINE3);

  if (!add_lines_largest_first (&parts, lines))
    add_lines_street_first (&parts, lines);

  return join_lines (lines);
}

/* Country names --------------------------------------------------------------------- */

static const struct
{
  const char *code;
  const char *name;
} countries[] = {
  { "AE", N_("United Arab Emirates") },
  { "AM", N_("Armenia") },
  { "AT", N_("Austria") },
  { "AU", N_("Australia") },
  { "AZ", N_("Azerbaijan") },
  { "BE", N_("Belgium") },
  { "BG", N_("Bulgaria") },
  { "BR", N_("Brazil") },
  { "BY", N_("Belarus") },
  { "CA", N_("Canada") },
  { "CH", N_("Switzerland") },
  { "CN", N_("China") },
  { "CZ", N_("Czechia") },
  { "DE", N_("Germany") },
  { "DK", N_("Denmark") },
  { "EE", N_("Estonia") },
  { "ES", N_("Spain") },
  { "FI", N_("Finland") },
  { "FR", N_("France") },
  { "GB", N_("United Kingdom") },
  { "GE", N_("Georgia") },
  { "GR", N_("Greece") },
  { "HK", N_("Hong Kong") },
  { "HR", N_("Croatia") },
  { "HU", N_("Hungary") },
  { "IE", N_("Ireland") },
  { "IL", N_("Israel") },
  { "IN", N_("India") },
  { "IT", N_("Italy") },
  { "JP", N_("Japan") },
  { "KG", N_("Kyrgyzstan") },
  { "KR", N_("South Korea") },
  { "KZ", N_("Kazakhstan") },
  { "LT", N_("Lithuania") },
  { "LV", N_("Latvia") },
  { "MD", N_("Moldova") },
  { "MX", N_("Mexico") },
  { "NL", N_("Netherlands") },
  { "NO", N_("Norway") },
  { "NZ", N_("New Zealand") },
  { "PL", N_("Poland") },
  { "PT", N_("Portugal") },
  { "RO", N_("Romania") },
  { "RS", N_("Serbia") },
  { "RU", N_("Russia") },
  { "SE", N_("Sweden") },
  { "SG", N_("Singapore") },
  { "SK", N_("Slovakia") },
  { "TJ", N_("Tajikistan") },
  { "TR", N_("Türkiye") },
  { "TW", N_("Taiwan") },
  { "UA", N_("Ukraine") },
  { "US", N_("United States") },
  { "UZ", N_("Uzbekistan") },
  { "ZA", N_("South Africa") },
};

/**
 * pd_country_get_name:
 * @iso2_code: (nullable): an ISO 3166 alpha-2 code, any case
 *
 * Returns: (transfer none): the translated country name, or @iso2_code when unknown
 *   ("" for NULL).
 */
const char *
pd_country_get_name (const char *iso2_code)
{
  if (iso2_code == NULL)
    return "";

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (countries[i].code, iso2_code) == 0)
      return _(countries[i].name);

  return iso2_code;
}

/* Accessors ------------------------------------------------------------------------- */

const char *
pd_address_get_country (PdAddress *self)
{
  return get_field (self, FIELD_COUNTRY);
}
void
pd_address_set_country (PdAddress  *self,
                        const char *country)
{
  set_field (self, FIELD_COUNTRY, country);
}

const char *
pd_address_get_region (PdAddress *self)
{
  return get_field (self, FIELD_REGION);
}
void
pd_address_set_region (PdAddress  *self,
                       const char *region)
{
  set_field (self, FIELD_REGION, region);
}

const char *
pd_address_get_city (PdAddress *self)
{
  return get_field (self, FIELD_CITY);
}
void
pd_address_set_city (PdAddress  *self,
                     const char *city)
{
  set_field (self, FIELD_CITY, city);
}

const char *
pd_address_get_state (PdAddress *self)
{
  return get_field (self, FIELD_STATE);
}
void
pd_address_set_state (PdAddress  *self,
                      const char *state)
{
  set_field (self, FIELD_STATE, state);
}

const char *
pd_address_get_address_line1 (PdAddress *self)
{
  return get_field (self, FIELD_ADDRESS_LINE1);
}
void
pd_address_set_address_line1 (PdAddress  *self,
                              const char *line)
{
  set_field (self, FIELD_ADDRESS_LINE1, line);
}

const char *
pd_address_get_address_line2 (PdAddress *self)
{
  return get_field (self, FIELD_ADDRESS_LINE2);
}
void
pd_address_set_address_line2 (PdAddress  *self,
                              const char *line)
{
  set_field (self, FIELD_ADDRESS_LINE2, line);
}

const char *
pd_address_get_address_line3 (PdAddress *self)
{
  return get_field (self, FIELD_ADDRESS_LINE3);
}
void
pd_address_set_address_line3 (PdAddress  *self,
                              const char *line)
{
  set_field (self, FIELD_ADDRESS_LINE3, line);
}

const char *
pd_address_get_postal_code (PdAddress *self)
{
  return get_field (self, FIELD_POSTAL_CODE);
}
void
pd_address_set_postal_code (PdAddress  *self,
                            const char *postal_code)
{
  set_field (self, FIELD_POSTAL_CODE, postal_code);
}

const char *
pd_address_get_first_name (PdAddress *self)
{
  return get_field (self, FIELD_FIRST_NAME);
}
void
pd_address_set_first_name (PdAddress  *self,
                           const char *first_name)
{
  set_field (self, FIELD_FIRST_NAME, first_name);
}

const char *
pd_address_get_middle_name (PdAddress *self)
{
  return get_field (self, FIELD_MIDDLE_NAME);
}
void
pd_address_set_middle_name (PdAddress  *self,
                            const char *middle_name)
{
  set_field (self, FIELD_MIDDLE_NAME, middle_name);
}

const char *
pd_address_get_last_name (PdAddress *self)
{
  return get_field (self, FIELD_LAST_NAME);
}
void
pd_address_set_last_name (PdAddress  *self,
                          const char *last_name)
{
  set_field (self, FIELD_LAST_NAME, last_name);
}

const char *
pd_address_get_phone_number (PdAddress *self)
{
  return get_field (self, FIELD_PHONE_NUMBER);
}
void
pd_address_set_phone_number (PdAddress  *self,
                             const char *phone_number)
{
  set_field (self, FIELD_PHONE_NUMBER, phone_number);
}
