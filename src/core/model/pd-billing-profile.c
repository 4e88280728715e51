/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile.c: the billing profile: its fields, copies and diffs (its JSON mapping
 * is in pd-billing-profile-json.c). */
#include "config.h"

#define G_LOG_DOMAIN "pd-billing-profile"

#include "pd-address-private.h"
#include "pd-billing-profile-private.h"

const PdJsonField pd_billing_profile_fields[N_FIELDS] = {
  { "id", "id" },
  { "first-name", "firstName" },
  { "last-name", "lastName" },
  { "email", "email" },
  { "culture", "culture" },
  { "language", "language" },
  { "company-name", "companyName" },
};

G_DEFINE_FINAL_TYPE (PdBillingProfile, pd_billing_profile, G_TYPE_OBJECT)

enum
{
  PROP_0,
  /* 1 .. N_FIELDS: the string fields */
  PROP_DEFAULT_ADDRESS = N_FIELDS + 1,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_string (PdBillingProfile *self,
            Field             field)
{
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  return self->values[field] != NULL ? self->values[field] : "";
}

static void
set_string (PdBillingProfile *self,
            Field             field,
            const char       *value)
{
  g_return_if_fail (PD_IS_BILLING_PROFILE (self));

  if (pd_set_string (&self->values[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

static void
pd_billing_profile_dispose (GObject *object)
{
  PdBillingProfile *self = PD_BILLING_PROFILE (object);

  g_clear_object (&self->default_address);

  G_OBJECT_CLASS (pd_billing_profile_parent_class)->dispose (object);
}

static void
pd_billing_profile_finalize (GObject *object)
{
  PdBillingProfile *self = PD_BILLING_PROFILE (object);

  pd_json_fields_free (N_FIELDS, self->values, self->read);
  g_free (self->etag);
  g_free (self->read_etag);
  pd_json_source_clear (&self->source);

  G_OBJECT_CLASS (pd_billing_profile_parent_class)->finalize (object);
}

static void
pd_billing_profile_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdBillingProfile *self = PD_BILLING_PROFILE (object);

  if (prop_id >= 1 && prop_id <= N_FIELDS)
    {
      g_value_set_string (value, get_string (self, prop_id - 1));
      return;
    }

  switch (prop_id)
    {
    case PROP_DEFAULT_ADDRESS:
      g_value_set_object (value, pd_billing_profile_get_default_address (self));
      break;

    case PROP_ETAG:
      g_value_set_string (value, pd_billing_profile_get_etag (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_billing_profile_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdBillingProfile *self = PD_BILLING_PROFILE (object);

  if (prop_id >= 1 && prop_id <= N_FIELDS)
    {
      set_string (self, prop_id - 1, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_DEFAULT_ADDRESS:
      pd_billing_profile_set_default_address (self, g_value_get_object (value));
      break;

    case PROP_ETAG:
      pd_billing_profile_set_etag (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_billing_profile_class_init (PdBillingProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_billing_profile_dispose;
  object_class->finalize = pd_billing_profile_finalize;
  object_class->get_property = pd_billing_profile_get_property;
  object_class->set_property = pd_billing_profile_set_property;

  /* Empty fields read as "", never NULL, so they bind straight to entries. */
  for (guint i = 0; i < N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (pd_billing_profile_fields[i].property, NULL, NULL, "",
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);

  /* Never NULL: a profile without an address has an empty one. */
  properties[PROP_DEFAULT_ADDRESS] =
    g_param_spec_object ("default-address", NULL, NULL, PD_TYPE_ADDRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* attributes.etag: sent back as If-Match; not part of equal/diff. */
  properties[PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_billing_profile_init (PdBillingProfile *self)
{
  self->default_address = pd_address_new ();
}

PdBillingProfile *
pd_billing_profile_new (void)
{
  return g_object_new (PD_TYPE_BILLING_PROFILE, NULL);
}

/**
 * pd_billing_profile_copy:
 *
 * Returns: (transfer full): an independent copy (address, etag, the text as read, and
 *   which fields were edited).
 */
PdBillingProfile *
pd_billing_profile_copy (PdBillingProfile *self)
{
  PdBillingProfile *copy;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  copy = pd_billing_profile_new ();
  pd_json_fields_copy (N_FIELDS, self->values, self->read, copy->values, copy->read);
  g_set_object (&copy->default_address, NULL);
  copy->default_address = pd_address_copy (self->default_address);
  copy->etag = g_strdup (self->etag);
  copy->read_etag = g_strdup (self->read_etag);
  pd_json_source_copy (&copy->source, &self->source);

  return copy;
}

/* Members the app does not model (the address and the etag aside). */
static JsonObject *
dup_unknown_members (PdBillingProfile *self)
{
  JsonObject *rest = pd_json_source_dup_unknown (&self->source, pd_billing_profile_fields,
                                                 N_FIELDS);
  JsonObject *attributes;

  pd_json_object_remove_member_ci (rest, "defaultAddress");

  attributes = pd_json_object_get_object_ci (rest, "attributes");
  if (attributes != NULL)
    {
      pd_json_object_remove_member_ci (attributes, "etag");
      if (json_object_get_size (attributes) == 0)
        pd_json_object_remove_member_ci (rest, "attributes");
    }

  return rest;
}

static gboolean
unknown_members_equal (PdBillingProfile *a,
                       PdBillingProfile *b)
{
  g_autoptr(JsonObject) rest_a = dup_unknown_members (a);
  g_autoptr(JsonObject) rest_b = dup_unknown_members (b);

  return json_object_equal (rest_a, rest_b)
         && pd_address_unknown_members_equal (a->default_address, b->default_address);
}

/**
 * pd_billing_profile_diff:
 *
 * Returns: the fields whose values differ (the etag never counts; the id and members
 *   the app does not model count as %PD_PROFILE_FIELD_OTHER).
 */
PdProfileFields
pd_billing_profile_diff (PdBillingProfile *a,
                         PdBillingProfile *b)
{
  PdProfileFields diff = 0;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (a), 0);
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (b), 0);

  if (a == b)
    return 0;

  for (guint bit = PD_PROFILE_FIELD_FIRST; bit <= PD_PROFILE_FIELD_LAST; bit <<= 1)
    {
      if (bit == PD_PROFILE_FIELD_OTHER)
        continue;
      if (!pd_str_equal0 (pd_billing_profile_get_field (a, bit),
                          pd_billing_profile_get_field (b, bit)))
        diff |= bit;
    }

  if (!pd_str_equal0 (a->values[FIELD_ID], b->values[FIELD_ID]) || !unknown_members_equal (a, b))
    diff |= PD_PROFILE_FIELD_OTHER;

  return diff;
}

gboolean
pd_billing_profile_equal (PdBillingProfile *a,
                          PdBillingProfile *b)
{
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (a), FALSE);
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (b), FALSE);

  return pd_billing_profile_diff (a, b) == 0;
}

/**
 * pd_billing_profile_get_field:
 * @field: one field (not a combination)
 *
 * Returns: (transfer none): the field's value, "" when empty; %NULL for
 *   %PD_PROFILE_FIELD_OTHER and other values that are not a single field.
 */
const char *
pd_billing_profile_get_field (PdBillingProfile *self,
                              PdProfileField    field)
{
  PdAddress *address;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  address = self->default_address;

  switch (field)
    {
    case PD_PROFILE_FIELD_COMPANY_NAME:        return get_string (self, FIELD_COMPANY_NAME);
    case PD_PROFILE_FIELD_FIRST_NAME:          return get_string (self, FIELD_FIRST_NAME);
    case PD_PROFILE_FIELD_LAST_NAME:           return get_string (self, FIELD_LAST_NAME);
    case PD_PROFILE_FIELD_EMAIL:               return get_string (self, FIELD_EMAIL);
    case PD_PROFILE_FIELD_LANGUAGE:            return get_string (self, FIELD_LANGUAGE);
    case PD_PROFILE_FIELD_CULTURE:             return get_string (self, FIELD_CULTURE);
    case PD_PROFILE_FIELD_COUNTRY:             return pd_address_get_country (address);
    case PD_PROFILE_FIELD_REGION:              return pd_address_get_region (address);
    case PD_PROFILE_FIELD_CITY:                return pd_address_get_city (address);
    case PD_PROFILE_FIELD_STATE:               return pd_address_get_state (address);
    case PD_PROFILE_FIELD_ADDRESS_LINE1:       return pd_address_get_address_line1 (address);
    case PD_PROFILE_FIELD_ADDRESS_LINE2:       return pd_address_get_address_line2 (address);
    case PD_PROFILE_FIELD_ADDRESS_LINE3:       return pd_address_get_address_line3 (address);
    case PD_PROFILE_FIELD_POSTAL_CODE:         return pd_address_get_postal_code (address);
    case PD_PROFILE_FIELD_ADDRESS_FIRST_NAME:  return pd_address_get_first_name (address);
    case PD_PROFILE_FIELD_ADDRESS_MIDDLE_NAME: return pd_address_get_middle_name (address);
    case PD_PROFILE_FIELD_ADDRESS_LAST_NAME:   return pd_address_get_last_name (address);
    case PD_PROFILE_FIELD_PHONE_NUMBER:        return pd_address_get_phone_number (address);
    case PD_PROFILE_FIELD_NONE:
    case PD_PROFILE_FIELD_OTHER:
    default:
      return NULL;
    }
}

/**
 * pd_billing_profile_set_field:
 * @field: one field (not a combination, not %PD_PROFILE_FIELD_OTHER)
 * @value: (nullable): the new value; NULL and "" both mean empty
 *
 * Sets a profile field or a field of the default address (which notifies on the address).
 */
void
pd_billing_profile_set_field (PdBillingProfile *self,
                              PdProfileField    field,
                              const char       *value)
{
  PdAddress *address;

  g_return_if_fail (PD_IS_BILLING_PROFILE (self));

  address = self->default_address;

  switch (field)
    {
    case PD_PROFILE_FIELD_COMPANY_NAME:  set_string (self, FIELD_COMPANY_NAME, value); break;
    case PD_PROFILE_FIELD_FIRST_NAME:    set_string (self, FIELD_FIRST_NAME, value); break;
    case PD_PROFILE_FIELD_LAST_NAME:     set_string (self, FIELD_LAST_NAME, value); break;
    case PD_PROFILE_FIELD_EMAIL:         set_string (self, FIELD_EMAIL, value); break;
    case PD_PROFILE_FIELD_LANGUAGE:      set_string (self, FIELD_LANGUAGE, value); break;
    case PD_PROFILE_FIELD_CULTURE:       set_string (self, FIELD_CULTURE, value); break;
    case PD_PROFILE_FIELD_COUNTRY:       pd_address_set_country (address, value); break;
    case PD_PROFILE_FIELD_REGION:        pd_address_set_region (address, value); break;
    case PD_PROFILE_FIELD_CITY:          pd_address_set_city (address, value); break;
    case PD_PROFILE_FIELD_STATE:         pd_address_set_state (address, value); break;
    case PD_PROFILE_FIELD_ADDRESS_LINE1: pd_address_set_address_line1 (address, value); break;
    case PD_PROFILE_FIELD_ADDRESS_LINE2: pd_address_set_address_line2 (address, value); break;
    case PD_PROFILE_FIELD_ADDRESS_LINE3: pd_address_set_address_line3 (address, value); break;
    case PD_PROFILE_FIELD_POSTAL_CODE:   pd_address_set_postal_code (address, value); break;
    case PD_PROFILE_FIELD_ADDRESS_FIRST_NAME:
      pd_address_set_first_name (address, value);
      break;
    case PD_PROFILE_FIELD_ADDRESS_MIDDLE_NAME:
      pd_address_set_middle_name (address, value);
      break;
    case PD_PROFILE_FIELD_ADDRESS_LAST_NAME:
      pd_address_set_last_name (address, value);
      break;
    case PD_PROFILE_FIELD_PHONE_NUMBER:
      pd_address_set_phone_number (address, value);
      break;
    case PD_PROFILE_FIELD_NONE:
    case PD_PROFILE_FIELD_OTHER:
    default:
      g_critical ("%s: %u is not a single settable field", G_STRFUNC, (guint) field);
    }
}

const char *
pd_billing_profile_get_id (PdBillingProfile *self)
{
  return get_string (self, FIELD_ID);
}

void
pd_billing_profile_set_id (PdBillingProfile *self,
                           const char       *id)
{
  set_string (self, FIELD_ID, id);
}

const char *
pd_billing_profile_get_first_name (PdBillingProfile *self)
{
  return get_string (self, FIELD_FIRST_NAME);
}

void
pd_billing_profile_set_first_name (PdBillingProfile *self,
                                   const char       *first_name)
{
  set_string (self, FIELD_FIRST_NAME, first_name);
}

const char *
pd_billing_profile_get_last_name (PdBillingProfile *self)
{
  return get_string (self, FIELD_LAST_NAME);
}

void
pd_billing_profile_set_last_name (PdBillingProfile *self,
                                  const char       *last_name)
{
  set_string (self, FIELD_LAST_NAME, last_name);
}

const char *
pd_billing_profile_get_email (PdBillingProfile *self)
{
  return get_string (self, FIELD_EMAIL);
}

void
pd_billing_profile_set_email (PdBillingProfile *self,
                              const char       *email)
{
  set_string (self, FIELD_EMAIL, email);
}

const char *
pd_billing_profile_get_culture (PdBillingProfile *self)
{
  return get_string (self, FIELD_CULTURE);
}

void
pd_billing_profile_set_culture (PdBillingProfile *self,
                                const char       *culture)
{
  set_string (self, FIELD_CULTURE, culture);
}

const char *
pd_billing_profile_get_language (PdBillingProfile *self)
{
  return get_string (self, FIELD_LANGUAGE);
}

void
pd_billing_profile_set_language (PdBillingProfile *self,
                                 const char       *language)
{
  set_string (self, FIELD_LANGUAGE, language);
}

const char *
pd_billing_profile_get_company_name (PdBillingProfile *self)
{
  return get_string (self, FIELD_COMPANY_NAME);
}

void
pd_billing_profile_set_company_name (PdBillingProfile *self,
                                     const char       *company_name)
{
  set_string (self, FIELD_COMPANY_NAME, company_name);
}

/**
 * pd_billing_profile_get_default_address:
 *
 * Returns: (transfer none): the address; never %NULL (empty when the server sent none).
 */
PdAddress *
pd_billing_profile_get_default_address (PdBillingProfile *self)
{
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  return self->default_address;
}

/**
 * pd_billing_profile_set_default_address:
 * @address: (nullable): the address (kept by reference, not copied); %NULL for an empty one
 */
void
pd_billing_profile_set_default_address (PdBillingProfile *self,
                                        PdAddress        *address)
{
  g_autoptr(PdAddress) empty = NULL;

  g_return_if_fail (PD_IS_BILLING_PROFILE (self));
  g_return_if_fail (address == NULL || PD_IS_ADDRESS (address));

  if (address == NULL)
    address = empty = pd_address_new ();

  if (g_set_object (&self->default_address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_ADDRESS]);
}

const char *
pd_billing_profile_get_etag (PdBillingProfile *self)
{
  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  return self->etag != NULL ? self->etag : "";
}

void
pd_billing_profile_set_etag (PdBillingProfile *self,
                             const char       *etag)
{
  g_return_if_fail (PD_IS_BILLING_PROFILE (self));

  if (pd_set_string (&self->etag, etag))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETAG]);
}
