/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile.c: the billing profile, its JSON mapping (full resource for PUT), diffs. */
#include "config.h"

#define G_LOG_DOMAIN "pd-billing-profile"

#include <glib/gi18n.h>

#include "pd-address-private.h"
#include "pd-api-error.h"
#include "pd-billing-profile.h"
#include "pd-json.h"

typedef enum
{
  FIELD_ID,
  FIELD_FIRST_NAME,
  FIELD_LAST_NAME,
  FIELD_EMAIL,
  FIELD_CULTURE,
  FIELD_LANGUAGE,
  FIELD_COMPANY_NAME,
  N_FIELDS
} Field;

static const struct
{
  const char *property;
  const char *member;
  PdProfileField profile_field;
} fields[N_FIELDS] = {
  { "id", "id", PD_PROFILE_FIELD_NONE },
  { "first-name", "firstName", PD_PROFILE_FIELD_FIRST_NAME },
  { "last-name", "lastName", PD_PROFILE_FIELD_LAST_NAME },
  { "email", "email", PD_PROFILE_FIELD_EMAIL },
  { "culture", "culture", PD_PROFILE_FIELD_CULTURE },
  { "language", "language", PD_PROFILE_FIELD_LANGUAGE },
  { "company-name", "companyName", PD_PROFILE_FIELD_COMPANY_NAME },
};

struct _PdBillingProfile
{
  GObject parent_instance;

  char *values[N_FIELDS];
  PdAddress *default_address;
  char *etag;
  /* The resource as read, camelCased: written back on PUT so nothing the server had is
   * lost (links, attributes, future fields), and it tells null from absent. */
  JsonObject *source;
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

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->values[i]);
  g_free (self->etag);
  g_clear_pointer (&self->source, json_object_unref);

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
    properties[i + 1] = g_param_spec_string (fields[i].property, NULL, NULL, "",
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
 * pd_billing_profile_new_from_json:
 * @object: the resource, camelCase or PascalCase
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has the wrong shape.
 */
PdBillingProfile *
pd_billing_profile_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(PdBillingProfile) self = NULL;
  JsonNode *address_node;
  JsonObject *attributes;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  address_node = pd_json_object_get_member_ci (object, "defaultAddress");
  if (address_node != NULL && !JSON_NODE_HOLDS_OBJECT (address_node)
      && !JSON_NODE_HOLDS_NULL (address_node))
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The billing profile's address is not an object."),
                                           NULL, NULL));
      return NULL;
    }

  self = pd_billing_profile_new ();
  self->source = pd_json_object_copy_camel (object);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = pd_json_object_dup_string_ci (object, fields[i].member);

      pd_set_string (&self->values[i], value);
    }

  if (address_node != NULL && JSON_NODE_HOLDS_OBJECT (address_node))
    {
      g_clear_object (&self->default_address);
      self->default_address = pd_address_new_from_json (json_node_get_object (address_node));
    }

  attributes = pd_json_object_get_object_ci (object, "attributes");
  if (attributes != NULL)
    {
      g_autofree char *etag = pd_json_object_dup_string_ci (attributes, "etag");

      pd_set_string (&self->etag, etag);
    }

  return g_steal_pointer (&self);
}

/**
 * pd_billing_profile_to_json:
 *
 * The full resource for a PUT: every member read from the server is kept (links,
 * attributes, unknown fields, and in the address addressLine3, middleName, district, …),
 * names in camelCase, the etag in attributes.etag. Empty fields are null when the server
 * sent them, else left out.
 *
 * Returns: (transfer full)
 */
JsonObject *
pd_billing_profile_to_json (PdBillingProfile *self)
{
  g_autoptr(JsonObject) address = NULL;
  JsonNode *source_address;
  JsonObject *out;
  JsonObject *attributes;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  out = pd_json_object_copy_camel (self->source);
  for (guint i = 0; i < N_FIELDS; i++)
    pd_json_object_write_string (out, self->source, fields[i].member, self->values[i]);

  address = pd_address_to_json (self->default_address);
  pd_json_object_remove_other_spellings (out, "defaultAddress");
  source_address = pd_json_object_get_member_ci (self->source, "defaultAddress");
  if (json_object_get_size (address) == 0 && source_address != NULL
      && JSON_NODE_HOLDS_NULL (source_address))
    json_object_set_null_member (out, "defaultAddress");
  else if (json_object_get_size (address) > 0 || source_address != NULL)
    json_object_set_object_member (out, "defaultAddress", g_steal_pointer (&address));
  else if (json_object_has_member (out, "defaultAddress"))
    json_object_remove_member (out, "defaultAddress");

  attributes = pd_json_object_get_object_ci (out, "attributes");
  if (attributes != NULL)
    json_object_ref (attributes);
  else
    attributes = json_object_new ();
  pd_json_object_write_string (attributes, pd_json_object_get_object_ci (self->source,
                                                                         "attributes"),
                               "etag", self->etag);
  pd_json_object_remove_other_spellings (out, "attributes");
  if (json_object_get_size (attributes) > 0)
    json_object_set_object_member (out, "attributes", attributes);
  else
    {
      if (json_object_has_member (out, "attributes"))
        json_object_remove_member (out, "attributes");
      json_object_unref (attributes);
    }

  return out;
}

/**
 * pd_billing_profile_copy:
 *
 * Returns: (transfer full): an independent copy (address, etag and unknown members too).
 */
PdBillingProfile *
pd_billing_profile_copy (PdBillingProfile *self)
{
  PdBillingProfile *copy;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  copy = pd_billing_profile_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  g_set_object (&copy->default_address, NULL);
  copy->default_address = pd_address_copy (self->default_address);
  copy->etag = g_strdup (self->etag);
  if (self->source != NULL)
    copy->source = pd_json_object_copy_camel (self->source);

  return copy;
}

/* Members the app does not model (the address and the etag aside). */
static JsonObject *
dup_unknown_members (PdBillingProfile *self)
{
  JsonObject *rest = pd_json_object_copy_camel (self->source);
  JsonObject *attributes;

  for (guint i = 0; i < N_FIELDS; i++)
    pd_json_object_remove_member_ci (rest, fields[i].member);
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
