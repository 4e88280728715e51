/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer.h: a customer of the partner, as listed and as read by id. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-billing-profile.h"
#include "pd-company-profile.h"

G_BEGIN_DECLS

#define PD_TYPE_CUSTOMER (pd_customer_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomer, pd_customer, PD, CUSTOMER, GObject)

PdCustomer       *pd_customer_new                      (void);
PdCustomer       *pd_customer_new_from_json            (JsonObject       *object,
                                                        GError          **error);

const char       *pd_customer_get_id                   (PdCustomer       *self);
void              pd_customer_set_id                   (PdCustomer       *self,
                                                        const char       *id);
/* "reseller", "advisor", … as the API sends it. */
const char       *pd_customer_get_relationship         (PdCustomer       *self);
void              pd_customer_set_relationship         (PdCustomer       *self,
                                                        const char       *relationship);
/* Translated, for display ("Reseller"); unknown values come back as sent. */
const char       *pd_customer_get_relationship_title   (PdCustomer       *self);
const char       *pd_customer_relationship_title       (const char       *relationship);
PdCompanyProfile *pd_customer_get_company_profile      (PdCustomer       *self);
void              pd_customer_set_company_profile      (PdCustomer       *self,
                                                        PdCompanyProfile *profile);
/* Returns: (nullable) (transfer none): list items carry none. */
PdBillingProfile *pd_customer_get_billing_profile      (PdCustomer       *self);
void              pd_customer_set_billing_profile      (PdCustomer       *self,
                                                        PdBillingProfile *profile);

/* Read-only shortcuts into the company profile, for list columns and sorting
 * ("company-name", "domain", "tenant-id" properties, notified when the company
 * profile is replaced or its fields change). */
const char       *pd_customer_get_company_name         (PdCustomer       *self);
const char       *pd_customer_get_domain               (PdCustomer       *self);
const char       *pd_customer_get_tenant_id            (PdCustomer       *self);

/* Folded (g_utf8_casefold of name, domain and tenant id joined by '\n'), computed once
 * and cached until the company profile changes: what search-as-you-type compares. */
const char       *pd_customer_get_search_key           (PdCustomer       *self);
/* The folding applied to a search query so it compares with the search key. */
char             *pd_customer_fold_for_search          (const char       *text);

G_END_DECLS
