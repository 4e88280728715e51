/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-field.c: translated titles and stable keys for billing profile fields. */
#include "config.h"

#define G_LOG_DOMAIN "pd-profile-field"

#include <glib/gi18n.h>

#include "pd-profile-field.h"

static const struct
{
  PdProfileField field;
  const char *key;
  const char *title;
} field_names[] = {
  { PD_PROFILE_FIELD_COMPANY_NAME, "companyName", N_("Company name") },
  { PD_PROFILE_FIELD_FIRST_NAME, "firstName", N_("First name") },
  { PD_PROFILE_FIELD_LAST_NAME, "lastName", N_("Last name") },
  { PD_PROFILE_FIELD_EMAIL, "email", N_("Email") },
  { PD_PROFILE_FIELD_LANGUAGE, "language", N_("Language") },
  /* Translators: Partner Center's word for the locale used for formats and documents. */
  { PD_PROFILE_FIELD_CULTURE, "culture", N_("Culture") },
  { PD_PROFILE_FIELD_COUNTRY, "defaultAddress.country", N_("Country/region") },
  { PD_PROFILE_FIELD_REGION, "defaultAddress.region", N_("Region") },
  { PD_PROFILE_FIELD_CITY, "defaultAddress.city", N_("City") },
  { PD_PROFILE_FIELD_STATE, "defaultAddress.state", N_("State/province") },
  { PD_PROFILE_FIELD_ADDRESS_LINE1, "defaultAddress.addressLine1", N_("Address line 1") },
  { PD_PROFILE_FIELD_ADDRESS_LINE2, "defaultAddress.addressLine2", N_("Address line 2") },
  { PD_PROFILE_FIELD_ADDRESS_LINE3, "defaultAddress.addressLine3", N_("Address line 3") },
  { PD_PROFILE_FIELD_POSTAL_CODE, "defaultAddress.postalCode", N_("Postal code") },
  { PD_PROFILE_FIELD_ADDRESS_FIRST_NAME, "defaultAddress.firstName",
    N_("First name on the address") },
  { PD_PROFILE_FIELD_ADDRESS_MIDDLE_NAME, "defaultAddress.middleName",
    N_("Middle name on the address") },
  { PD_PROFILE_FIELD_ADDRESS_LAST_NAME, "defaultAddress.lastName",
    N_("Last name on the address") },
  { PD_PROFILE_FIELD_PHONE_NUMBER, "defaultAddress.phoneNumber", N_("Phone number") },
  { PD_PROFILE_FIELD_OTHER, "other", N_("Other details") },
};

/**
 * pd_profile_field_get_title:
 * @field: a single field
 *
 * Returns: (transfer none): the field's translated label ("Postal code"); "" for
 *   %PD_PROFILE_FIELD_NONE or a combination of fields.
 */
const char *
pd_profile_field_get_title (PdProfileField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (field_names[i].field == field)
      return _(field_names[i].title);

  return "";
}

/**
 * pd_profile_field_get_key:
 * @field: a single field
 *
 * The field's place in the billing profile's JSON ("firstName",
 * "defaultAddress.postalCode"): stable, untranslated, and the names the server uses in
 * its messages.
 *
 * Returns: (transfer none) (nullable): %NULL for %PD_PROFILE_FIELD_NONE or a combination.
 */
const char *
pd_profile_field_get_key (PdProfileField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (field_names[i].field == field)
      return field_names[i].key;

  return NULL;
}
