/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile.c: the billing profile, its JSON mapping (full resource for PUT), diffs. */
#include "config.h"

#define G_LOG_DOMAIN "pd-billing-profile"

#include <glib/gi18n.h>
#include <string.h>

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
  char *read[N_FIELDS];  /* the values as read: only fields that differ are rewritten */
  PdAddress *default_address;
  char *etag;
  char *read_etag;
  /* The resource as read, camelCased, for comparing the members the app does not model. */
  JsonObject *source;
  /* The resource's text as received: the PUT body is this text, byte for byte, but for
   * the edited fields (links, attributes, unknown members, numbers, names, order: all
   * as the server wrote them). */
  char *raw;
  gsize raw_len;
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
    {
      g_free (self->values[i]);
      g_free (self->read[i]);
    }
  g_free (self->etag);
  g_free (self->read_etag);
  g_clear_pointer (&self->source, json_object_unref);
  g_free (self->raw);

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
 * As pd_billing_profile_new_from_json_text() with the tree's own text: numbers that the
 * tree could not hold exactly are then written as the tree holds them.
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has the wrong shape.
 */
PdBillingProfile *
pd_billing_profile_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = json_node_init_object (json_node_alloc (), object);
  pd_json_append_node (text, node);
  return pd_billing_profile_new_from_json_text (object, text->str, text->len, error);
}

/* The etag: a string's value, or a number's text as written (a tree would round it). */
static char *
dup_etag (const char *raw,
          gsize       raw_len)
{
  g_autoptr(GString) text = NULL;
  const char *attributes, *etag;
  gsize attributes_len, etag_len;
  PdJsonWalker w;

  if (!pd_json_find_member (raw, raw_len, "attributes", &attributes, &attributes_len) ||
      !pd_json_find_member (attributes, attributes_len, "etag", &etag, &etag_len))
    return NULL;

  pd_json_walker_init (&w, etag, (gssize) etag_len);
  switch (pd_json_walker_next (&w))
    {
    case PD_JSON_STRING:
      text = g_string_new (NULL);
      pd_json_walker_get_string (&w, text);
      return *text->str != '\0' ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
    case PD_JSON_NUMBER:
    case PD_JSON_TRUE:
    case PD_JSON_FALSE:
      return g_strndup (etag, etag_len);
    default:
      return NULL;
    }
}

/**
 * pd_billing_profile_new_from_json_text:
 * @object: the resource, camelCase or PascalCase
 * @raw: @object's text as received (the whole object, nothing around it)
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has the wrong shape.
 */
PdBillingProfile *
pd_billing_profile_new_from_json_text (JsonObject  *object,
                                       const char  *raw,
                                       gsize        raw_len,
                                       GError     **error)
{
  g_autoptr(PdBillingProfile) self = NULL;
  JsonNode *address_node;
  const char *address_raw;
  gsize address_raw_len;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (raw != NULL, NULL);
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
  self->raw = g_strndup (raw, raw_len);
  self->raw_len = raw_len;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = pd_json_object_dup_string_ci (object, fields[i].member);

      pd_set_string (&self->values[i], value);
      self->read[i] = g_strdup (self->values[i]);
    }

  if (address_node != NULL && JSON_NODE_HOLDS_OBJECT (address_node) &&
      pd_json_find_member (raw, raw_len, "defaultAddress", &address_raw, &address_raw_len))
    {
      g_clear_object (&self->default_address);
      self->default_address = pd_address_new_from_json_text (json_node_get_object (address_node),
                                                             address_raw, address_raw_len);
    }

  self->etag = dup_etag (raw, raw_len);
  self->read_etag = g_strdup (self->etag);

  return g_steal_pointer (&self);
}

static gboolean
write_address (GString    *out,
               const char *old_value,
               gsize       old_len,
               gpointer    data)
{
  PdAddress *address = data;

  if (old_value == NULL && pd_address_is_empty (address))
    return FALSE;
  pd_address_write (address, out);
  return TRUE;
}

/* attributes with the new etag, the rest of it as it was. */
static gboolean
write_attributes (GString    *out,
                  const char *old_value,
                  gsize       old_len,
                  gpointer    data)
{
  const char *etag = data;
  PdJsonEdit edit = { "etag", TRUE, pd_json_write_string_value, (gpointer) etag };

  if (old_value != NULL && pd_json_write_object (out, old_value, old_len, &edit, 1))
    return TRUE;
  if (old_value == NULL && (etag == NULL || *etag == '\0'))
    return FALSE;
  return pd_json_write_object (out, "{}", 2, &edit, 1);
}

/* The address was edited, or is not the one read. */
static gboolean
address_changed (PdBillingProfile *self)
{
  const char *source, *raw;
  gsize source_len, raw_len;
  gboolean has_source;

  if (pd_address_is_edited (self->default_address))
    return TRUE;

  raw = pd_address_get_raw (self->default_address, &raw_len);
  has_source = pd_json_find_member (self->raw, self->raw_len, "defaultAddress",
                                    &source, &source_len);
  if (raw == NULL)
    return !pd_address_is_empty (self->default_address) ||
           (has_source && !(source_len == 4 && memcmp (source, "null", 4) == 0));
  return !has_source || source_len != raw_len || memcmp (source, raw, raw_len) != 0;
}

/**
 * pd_billing_profile_write:
 *
 * The full resource for a PUT: the text as received, byte for byte, but for the fields
 * that were edited (their value in every spelling the server used; an emptied field is
 * null when the server sent it, else left out; a new one is added at the end). Unknown
 * members, numbers, member names and order all go back as the server wrote them.
 */
void
pd_billing_profile_write (PdBillingProfile *self,
                          GString          *out)
{
  PdJsonEdit edits[N_FIELDS + 2];
  guint n_edits = 0;

  g_return_if_fail (PD_IS_BILLING_PROFILE (self));
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    if (!pd_str_equal0 (self->values[i], self->read[i]))
      edits[n_edits++] = (PdJsonEdit) { fields[i].member, TRUE, pd_json_write_string_value,
                                        self->values[i] };
  if (address_changed (self))
    edits[n_edits++] = (PdJsonEdit) { "defaultAddress", TRUE, write_address,
                                      self->default_address };
  if (!pd_str_equal0 (self->etag, self->read_etag))
    edits[n_edits++] = (PdJsonEdit) { "attributes", TRUE, write_attributes, self->etag };

  if (self->raw == NULL || !pd_json_write_object (out, self->raw, self->raw_len, edits, n_edits))
    pd_json_write_object (out, "{}", 2, edits, n_edits);
}

/**
 * pd_billing_profile_to_json:
 *
 * Returns: (transfer full): what pd_billing_profile_write() writes, as a tree.
 */
JsonObject *
pd_billing_profile_to_json (PdBillingProfile *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  pd_billing_profile_write (self, text);
  node = pd_json_parse (text->str, text->len, NULL);
  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/**
 * pd_billing_profile_dup_as_read:
 *
 * Returns: (transfer full): the profile as it was read, before any edit.
 */
PdBillingProfile *
pd_billing_profile_dup_as_read (PdBillingProfile *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  if (self->raw == NULL)
    return pd_billing_profile_new ();
  node = pd_json_parse (self->raw, self->raw_len, NULL);
  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return pd_billing_profile_new_from_json_text (json_node_get_object (node), self->raw,
                                                self->raw_len, NULL);
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
  for (guint i = 0; i < N_FIELDS; i++)
    {
      copy->values[i] = g_strdup (self->values[i]);
      copy->read[i] = g_strdup (self->read[i]);
    }
  g_set_object (&copy->default_address, NULL);
  copy->default_address = pd_address_copy (self->default_address);
  copy->etag = g_strdup (self->etag);
  copy->read_etag = g_strdup (self->read_etag);
  if (self->source != NULL)
    copy->source = pd_json_object_copy_camel (self->source);
  if (self->raw != NULL)
    {
      copy->raw = g_strndup (self->raw, self->raw_len);
      copy->raw_len = self->raw_len;
    }

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
