/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-country-rules.h: a market's validation rules (GET /v1/countryvalidationrules/{iso2}). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_TYPE_COUNTRY_RULES (pd_country_rules_get_type ())

G_DECLARE_FINAL_TYPE (PdCountryRules, pd_country_rules, PD, COUNTRY_RULES, GObject)

PdCountryRules     *pd_country_rules_new_from_json             (JsonObject     *object,
                                                                GError        **error);

const char         *pd_country_rules_get_iso2_code             (PdCountryRules *self);
const char         *pd_country_rules_get_default_culture       (PdCountryRules *self);
gboolean            pd_country_rules_get_is_state_required     (PdCountryRules *self);
gboolean            pd_country_rules_get_is_postal_code_required (PdCountryRules *self);
gboolean            pd_country_rules_get_is_city_required      (PdCountryRules *self);
/* Whether a phone number is mandatory (the reference's list: AM, AZ, BY, HU, KZ, …). */
gboolean            pd_country_rules_get_is_phone_required     (PdCountryRules *self);
/* Returns: (array zero-terminated=1) (transfer none): empty arrays, never NULL. */
const char * const *pd_country_rules_get_states                (PdCountryRules *self);
const char * const *pd_country_rules_get_supported_languages   (PdCountryRules *self);
const char * const *pd_country_rules_get_supported_cultures    (PdCountryRules *self);
const char * const *pd_country_rules_get_calling_codes         (PdCountryRules *self);
/* Translated name of a state / province code of @country ("CA" → "California",
 * "GD" → "Guangdong"); the code itself when unknown. */
const char         *pd_country_rules_get_state_name            (const char     *country,
                                                                const char     *state_code);
/* Returns: (nullable): the raw patterns from the service. */
const char         *pd_country_rules_get_postal_code_regex     (PdCountryRules *self);
const char         *pd_country_rules_get_phone_number_regex    (PdCountryRules *self);
/* Pattern checks; TRUE when there is no pattern or the pattern cannot be compiled. */
gboolean            pd_country_rules_match_postal_code         (PdCountryRules *self,
                                                                const char     *postal_code);
gboolean            pd_country_rules_match_phone_number        (PdCountryRules *self,
                                                                const char     *phone_number);

G_END_DECLS
