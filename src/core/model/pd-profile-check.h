/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-check.h: client-side validation of a billing profile (country rules + API limits). */
#pragma once

#include <glib.h>

#include "pd-billing-profile.h"
#include "pd-country-rules.h"

G_BEGIN_DECLS

/**
 * pd_profile_check:
 * @profile: the profile as edited
 * @rules: (nullable): the country's rules; without them only the API's limits apply
 *
 * Checks every field the form edits: required fields, lengths (the reference's limits),
 * email syntax, postal code and phone patterns, state from the country's list, language
 * and culture from the supported lists.
 *
 * Returns: (transfer full) (element-type PdProfileField utf8): a map from the field
 *   (GUINT_TO_POINTER) to a translated sentence saying what is wrong; empty when valid.
 */
GHashTable *pd_profile_check (PdBillingProfile *profile,
                              PdCountryRules   *rules);

G_END_DECLS
