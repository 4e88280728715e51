/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-change.h: what one change did to a billing profile, field by field. */
#pragma once

#include <glib.h>

#include "pd-profile-field.h"

G_BEGIN_DECLS

/**
 * PdProfileChange:
 * @field: the field (%PD_PROFILE_FIELD_COMPANY_NAME for a company-name change)
 * @old_value: (nullable): the value before; NULL when nobody knows it
 * @new_value: the value after ("" when cleared)
 */
typedef struct
{
  PdProfileField  field;
  char           *old_value;
  char           *new_value;
} PdProfileChange;

void       pd_profile_change_free   (PdProfileChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdProfileChange, pd_profile_change_free)

/* The fields @new_json (a billing profile as JSON text, any member case, e.g. an audit
 * record's PascalCase resourceNewValue) sets to a value other than @old_json's, in the
 * order of PdProfileField. A field @new_json does not hold did not change. When @old_json
 * is NULL, or lacks a field, @previous_json (the previous change's new value) says what it
 * was; else the old value is unknown. A bare JSON string is a company name. Text that is
 * not JSON gives no changes.
 * Returns: (transfer full) (element-type PdProfileChange) */
GPtrArray *pd_profile_changes_diff  (const char      *old_json,
                                     const char      *new_json,
                                     const char      *previous_json);
/* The fields of @changes, as bits. */
PdProfileFields pd_profile_changes_get_fields (GPtrArray *changes);

G_END_DECLS
