/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-validation.h: the answer of POST /v1/validations/address. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-address.h"

G_BEGIN_DECLS

#define PD_TYPE_ADDRESS_VALIDATION (pd_address_validation_get_type ())

G_DECLARE_FINAL_TYPE (PdAddressValidation, pd_address_validation, PD, ADDRESS_VALIDATION, GObject)

/* An empty 200 (the pre-2021 form) is a verified address: pass NULL. */
PdAddressValidation *pd_address_validation_new_from_json         (JsonObject          *object,
                                                                  GError             **error);
PdAddressValidation *pd_address_validation_new_verified          (PdAddress           *original);

/* "Verified", "StreetPartial", … as sent; "Verified" for the empty-200 form. */
const char          *pd_address_validation_get_status            (PdAddressValidation *self);
/* TRUE for Verified / VerifiedShippable. */
gboolean             pd_address_validation_is_verified           (PdAddressValidation *self);
/* Returns: (nullable): the server's message. */
const char          *pd_address_validation_get_message           (PdAddressValidation *self);
/* Returns: (nullable) (transfer none) */
PdAddress           *pd_address_validation_get_original_address  (PdAddressValidation *self);
/* Returns: (transfer none) (element-type PdAddress): never NULL. */
GPtrArray           *pd_address_validation_get_suggested_addresses (PdAddressValidation *self);

G_END_DECLS
