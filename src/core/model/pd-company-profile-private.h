/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-company-profile-private.h: what PdCustomer needs from PdCompanyProfile beyond its API. */
#pragma once

#include "pd-company-profile.h"
#include "pd-json.h"

G_BEGIN_DECLS

/* Called for every property notification of the profile, before its "notify" handlers. */
typedef void (*PdCompanyProfileWatchFunc) (gpointer     owner,
                                           GParamSpec  *pspec);

/* A customer mirrors its profile's name, domain and tenant: it watches the profile this
 * way instead of connecting to "notify", which costs more than the rest of the model when
 * a listing builds 100,000 customers. @owner is not referenced: remove it before it goes. */
void pd_company_profile_add_watch    (PdCompanyProfile          *self,
                                      PdCompanyProfileWatchFunc  func,
                                      gpointer                   owner);
void pd_company_profile_remove_watch (PdCompanyProfile          *self,
                                      gpointer                   owner);

/* Every member pd_company_profile_new_from_json() reads, for pd_json_parse_filtered(). */
extern const PdJsonFilter pd_company_profile_json_members[];

/* A profile from a flat record (see pd_json_read_records): takes each non-NULL string
 * (setting it to NULL); "" is stored as NULL, as pd_company_profile_new_from_json does. */
PdCompanyProfile *pd_company_profile_new_take_strings (char **tenant_id,
                                                       char **domain,
                                                       char **company_name,
                                                       char **email,
                                                       char **organization_registration_number);

G_END_DECLS
