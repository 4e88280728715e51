/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-validation.c: the server's verdict on an address, in both published answer forms. */
#include "config.h"

#define G_LOG_DOMAIN "pd-address-validation"

#include <glib/gi18n.h>

#include "pd-address-validation.h"
#include "pd-api-error.h"
#include "pd-json.h"

struct _PdAddressValidation
{
  GObject parent_instance;

  char *status;
  char *message;
  PdAddress *original_address;
  GPtrArray *suggested_addresses;
};

G_DEFINE_FINAL_TYPE (PdAddressValidation, pd_address_validation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_IS_VERIFIED,
  PROP_ORIGINAL_ADDRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_address_validation_dispose (GObject *object)
{
  PdAddressValidation *self = PD_ADDRESS_VALIDATION (object);

  g_clear_object (&self->original_address);
  g_clear_pointer (&self->suggested_addresses, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_address_validation_parent_class)->dispose (object);
}

static void
pd_address_validation_finalize (GObject *object)
{
  PdAddressValidation *self = PD_ADDRESS_VALIDATION (object);

  g_free (self->status);
  g_free (self->message);

  G_OBJECT_CLASS (pd_address_validation_parent_class)->finalize (object);
}

static void
pd_address_validation_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PdAddressValidation *self = PD_ADDRESS_VALIDATION (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, pd_address_validation_get_status (self));
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, pd_address_validation_get_message (self));
      break;

    case PROP_IS_VERIFIED:
      g_value_set_boolean (value, pd_address_validation_is_verified (self));
      break;

    case PROP_ORIGINAL_ADDRESS:
      g_value_set_object (value, pd_address_validation_get_original_address (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_address_validation_class_init (PdAddressValidationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_address_validation_dispose;
  object_class->finalize = pd_address_validation_finalize;
  object_class->get_property = pd_address_validation_get_property;

  /* An answer does not change once received: read-only. */
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "Verified", ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_IS_VERIFIED] = g_param_spec_boolean ("is-verified", NULL, NULL, TRUE, ro);
  properties[PROP_ORIGINAL_ADDRESS] =
    g_param_spec_object ("original-address", NULL, NULL, PD_TYPE_ADDRESS, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_address_validation_init (PdAddressValidation *self)
{
  self->suggested_addresses = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * pd_address_validation_new_from_json:
 * @object: (nullable): the answer's object; %NULL for the empty 200 of the pre-2021 service
 *
 * Returns: (transfer full): the verdict, or %NULL with PD_API_ERROR_PROTOCOL when a
 *   member has the wrong shape.
 */
PdAddressValidation *
pd_address_validation_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(PdAddressValidation) self = NULL;
  JsonNode *original;
  JsonNode *suggested;
  g_autofree char *status = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PD_TYPE_ADDRESS_VALIDATION, NULL);
  if (object == NULL)
    {
      self->status = g_strdup ("Verified");
      return g_steal_pointer (&self);
    }

  original = pd_json_object_get_member_ci (object, "originalAddress");
  suggested = pd_json_object_get_member_ci (object, "suggestedAddresses");
  if ((original != NULL && !JSON_NODE_HOLDS_OBJECT (original) && !JSON_NODE_HOLDS_NULL (original))
      || (suggested != NULL && !JSON_NODE_HOLDS_ARRAY (suggested)
          && !JSON_NODE_HOLDS_NULL (suggested)))
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The address check answer has an unexpected shape."),
                                           NULL, NULL));
      return NULL;
    }

  status = pd_json_object_dup_string_ci (object, "status");
  /* An object without a status (`{}`) is the empty answer in another form. */
  self->status = (status != NULL && *status != '\0') ? g_steal_pointer (&status)
                                                      : g_strdup ("Verified");
  self->message = pd_json_object_dup_string_ci (object, "validationMessage");
  if (self->message != NULL && *self->message == '\0')
    g_clear_pointer (&self->message, g_free);

  if (original != NULL && JSON_NODE_HOLDS_OBJECT (original))
    self->original_address = pd_address_new_from_json (json_node_get_object (original));

  if (suggested != NULL && JSON_NODE_HOLDS_ARRAY (suggested))
    {
      JsonArray *array = json_node_get_array (suggested);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (item))
            g_ptr_array_add (self->suggested_addresses,
                             pd_address_new_from_json (json_node_get_object (item)));
        }
    }

  return g_steal_pointer (&self);
}

/**
 * pd_address_validation_new_verified:
 * @original: (nullable): the address that was checked
 *
 * Returns: (transfer full): a "Verified" verdict without suggestions.
 */
PdAddressValidation *
pd_address_validation_new_verified (PdAddress *original)
{
  PdAddressValidation *self;

  g_return_val_if_fail (original == NULL || PD_IS_ADDRESS (original), NULL);

  self = g_object_new (PD_TYPE_ADDRESS_VALIDATION, NULL);
  self->status = g_strdup ("Verified");
  if (original != NULL)
    self->original_address = g_object_ref (original);

  return self;
}

const char *
pd_address_validation_get_status (PdAddressValidation *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_VALIDATION (self), NULL);

  return self->status != NULL ? self->status : "Verified";
}

gboolean
pd_address_validation_is_verified (PdAddressValidation *self)
{
  const char *status;

  g_return_val_if_fail (PD_IS_ADDRESS_VALIDATION (self), FALSE);

  status = pd_address_validation_get_status (self);
  return g_ascii_strcasecmp (status, "Verified") == 0
         || g_ascii_strcasecmp (status, "VerifiedShippable") == 0;
}

const char *
pd_address_validation_get_message (PdAddressValidation *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_VALIDATION (self), NULL);

  return self->message;
}

PdAddress *
pd_address_validation_get_original_address (PdAddressValidation *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_VALIDATION (self), NULL);

  return self->original_address;
}

GPtrArray *
pd_address_validation_get_suggested_addresses (PdAddressValidation *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_VALIDATION (self), NULL);

  return self->suggested_addresses;
}
