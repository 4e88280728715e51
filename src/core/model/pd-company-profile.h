/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-company-profile.h: a customer's company profile (read-only in the API). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-address.h"

G_BEGIN_DECLS

#define PD_TYPE_COMPANY_PROFILE (pd_company_profile_get_type ())

G_DECLARE_FINAL_TYPE (PdCompanyProfile, pd_company_profile, PD, COMPANY_PROFILE, GObject)

/* String getters return "" for an empty field, never NULL (so properties bind straight to
 * entries); setters treat NULL and "" alike and notify only on a real change. to_json writes
 * an empty field as null when the server sent the member, and leaves it out otherwise. */
PdCompanyProfile *pd_company_profile_new                 (void);
PdCompanyProfile *pd_company_profile_new_from_json       (JsonObject       *object,
                                                          GError          **error);
PdCompanyProfile *pd_company_profile_copy                (PdCompanyProfile *self);

const char       *pd_company_profile_get_tenant_id       (PdCompanyProfile *self);
void              pd_company_profile_set_tenant_id       (PdCompanyProfile *self,
                                                          const char       *tenant_id);
const char       *pd_company_profile_get_domain          (PdCompanyProfile *self);
void              pd_company_profile_set_domain          (PdCompanyProfile *self,
                                                          const char       *domain);
const char       *pd_company_profile_get_company_name    (PdCompanyProfile *self);
void              pd_company_profile_set_company_name    (PdCompanyProfile *self,
                                                          const char       *company_name);
const char       *pd_company_profile_get_email           (PdCompanyProfile *self);
void              pd_company_profile_set_email           (PdCompanyProfile *self,
                                                          const char       *email);
/* Returns: (nullable) (transfer none): absent without delegated admin access. */
PdAddress        *pd_company_profile_get_address         (PdCompanyProfile *self);
void              pd_company_profile_set_address         (PdCompanyProfile *self,
                                                          PdAddress        *address);
const char       *pd_company_profile_get_organization_registration_number (PdCompanyProfile *self);
void              pd_company_profile_set_organization_registration_number (PdCompanyProfile *self,
                                                                           const char       *number);

G_END_DECLS
