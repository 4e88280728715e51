/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-field.h: names for the fields of a billing profile, for diffs and validation. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PdProfileField:
 *
 * One field of a billing profile (including its default address). Used as a bit in
 * #PdProfileFields for diffs, and as a key for validation messages.
 */
typedef enum /*< flags >*/
{
  PD_PROFILE_FIELD_NONE                = 0,
  PD_PROFILE_FIELD_COMPANY_NAME        = 1 << 0,
  PD_PROFILE_FIELD_FIRST_NAME          = 1 << 1,
  PD_PROFILE_FIELD_LAST_NAME           = 1 << 2,
  PD_PROFILE_FIELD_EMAIL               = 1 << 3,
  PD_PROFILE_FIELD_LANGUAGE            = 1 << 4,
  PD_PROFILE_FIELD_CULTURE             = 1 << 5,
  PD_PROFILE_FIELD_COUNTRY             = 1 << 6,
  PD_PROFILE_FIELD_REGION              = 1 << 7,
  PD_PROFILE_FIELD_CITY                = 1 << 8,
  PD_PROFILE_FIELD_STATE               = 1 << 9,
  PD_PROFILE_FIELD_ADDRESS_LINE1       = 1 << 10,
  PD_PROFILE_FIELD_ADDRESS_LINE2       = 1 << 11,
  PD_PROFILE_FIELD_ADDRESS_LINE3       = 1 << 12,
  PD_PROFILE_FIELD_POSTAL_CODE         = 1 << 13,
  PD_PROFILE_FIELD_ADDRESS_FIRST_NAME  = 1 << 14,
  PD_PROFILE_FIELD_ADDRESS_MIDDLE_NAME = 1 << 15,
  PD_PROFILE_FIELD_ADDRESS_LAST_NAME   = 1 << 16,
  PD_PROFILE_FIELD_PHONE_NUMBER        = 1 << 17,
  /* Fields the app does not model (district, tags, future fields) differ. */
  PD_PROFILE_FIELD_OTHER               = 1 << 18,
} PdProfileField;

typedef guint PdProfileFields;

#define PD_PROFILE_FIELD_FIRST PD_PROFILE_FIELD_COMPANY_NAME
#define PD_PROFILE_FIELD_LAST  PD_PROFILE_FIELD_OTHER

const char *pd_profile_field_get_title (PdProfileField field);
const char *pd_profile_field_get_key   (PdProfileField field);

G_END_DECLS
