/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-rules.h: the sandbox's country rules, billing-profile checks, address validation. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Error codes of the reference that the checks answer with. */
#define PD_SANDBOX_CODE_INVALID_PROPERTY 3000
#define PD_SANDBOX_CODE_PHONE_MISSING    600051

typedef struct
{
  const char *iso2;
  const char *default_culture;
  const char *states;          /* space-separated codes, NULL when there is no list */
  const char *languages;       /* space-separated */
  const char *cultures;        /* space-separated */
  const char *calling_codes;   /* space-separated */
  const char *postal_regex;    /* NULL when there is no pattern */
  const char *phone_regex;
  gboolean    state_required;
  gboolean    postal_required;
  gboolean    city_required;
  gboolean    phone_required;
  gboolean    registration_number;
  gboolean    vat_id;
  const char *tax_id_format;
  const char *tax_id_sample;
} PdSandboxCountry;

/* Returns: (nullable): the rules of @iso2 (case-insensitive), NULL when unknown. */
const PdSandboxCountry *pd_sandbox_rules_lookup           (const char *iso2);

/* The GET /v1/countryvalidationrules/{iso2} body. Returns: (transfer full). */
JsonNode               *pd_sandbox_rules_to_json          (const PdSandboxCountry *country);

/* Checks a camelCase billing profile as PUT would store it. Returns TRUE when valid;
 * otherwise sets @out_code and a translated @out_description naming the field. */
gboolean                pd_sandbox_rules_check_billing    (JsonObject  *billing,
                                                           int         *out_code,
                                                           char       **out_description);

/* Whether @value matches @pattern (anchored by the pattern itself); TRUE without pattern. */
gboolean                pd_sandbox_rules_match            (const char  *pattern,
                                                           const char  *value);

/* Answers POST /v1/validations/address for a camelCase @address. Returns: (transfer full):
 * the response object, or NULL with a translated @out_description when the input is unusable. */
JsonNode               *pd_sandbox_rules_validate_address (JsonObject  *address,
                                                           char       **out_description);

G_END_DECLS
