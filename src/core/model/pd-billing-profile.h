/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile.h: a customer's billing profile, the resource the edit form changes. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-address.h"
#include "pd-profile-field.h"

G_BEGIN_DECLS

#define PD_TYPE_BILLING_PROFILE (pd_billing_profile_get_type ())

G_DECLARE_FINAL_TYPE (PdBillingProfile, pd_billing_profile, PD, BILLING_PROFILE, GObject)

/* String getters return "" for an empty field, never NULL (so properties bind straight to
 * entries); setters treat NULL and "" alike and notify only on a real change. to_json writes
 * an empty field as null when the server sent the member, and leaves it out otherwise. */
PdBillingProfile *pd_billing_profile_new               (void);
PdBillingProfile *pd_billing_profile_new_from_json     (JsonObject        *object,
                                                        GError           **error);
/* @raw: @object's text as received: the PUT body keeps it but for the edited fields. */
PdBillingProfile *pd_billing_profile_new_from_json_text (JsonObject      *object,
                                                        const char      *raw,
                                                        gsize            raw_len,
                                                        GError         **error);
/* The PUT body: the text as received, but for the edited fields. */
void              pd_billing_profile_write             (PdBillingProfile  *self,
                                                        GString           *out);
JsonObject       *pd_billing_profile_to_json           (PdBillingProfile  *self);
/* The profile as read, before any edit. */
PdBillingProfile *pd_billing_profile_dup_as_read       (PdBillingProfile  *self);
PdBillingProfile *pd_billing_profile_copy              (PdBillingProfile  *self);
gboolean          pd_billing_profile_equal             (PdBillingProfile  *a,
                                                        PdBillingProfile  *b);
PdProfileFields   pd_billing_profile_diff              (PdBillingProfile  *a,
                                                        PdBillingProfile  *b);
const char       *pd_billing_profile_get_field         (PdBillingProfile  *self,
                                                        PdProfileField     field);
void              pd_billing_profile_set_field         (PdBillingProfile  *self,
                                                        PdProfileField     field,
                                                        const char        *value);

const char       *pd_billing_profile_get_id            (PdBillingProfile  *self);
void              pd_billing_profile_set_id            (PdBillingProfile  *self,
                                                        const char        *id);
const char       *pd_billing_profile_get_first_name    (PdBillingProfile  *self);
void              pd_billing_profile_set_first_name    (PdBillingProfile  *self,
                                                        const char        *first_name);
const char       *pd_billing_profile_get_last_name     (PdBillingProfile  *self);
void              pd_billing_profile_set_last_name     (PdBillingProfile  *self,
                                                        const char        *last_name);
const char       *pd_billing_profile_get_email         (PdBillingProfile  *self);
void              pd_billing_profile_set_email         (PdBillingProfile  *self,
                                                        const char        *email);
const char       *pd_billing_profile_get_culture       (PdBillingProfile  *self);
void              pd_billing_profile_set_culture       (PdBillingProfile  *self,
                                                        const char        *culture);
const char       *pd_billing_profile_get_language      (PdBillingProfile  *self);
void              pd_billing_profile_set_language      (PdBillingProfile  *self,
                                                        const char        *language);
const char       *pd_billing_profile_get_company_name  (PdBillingProfile  *self);
void              pd_billing_profile_set_company_name  (PdBillingProfile  *self,
                                                        const char        *company_name);
PdAddress        *pd_billing_profile_get_default_address (PdBillingProfile *self);
void              pd_billing_profile_set_default_address (PdBillingProfile *self,
                                                          PdAddress        *address);
const char       *pd_billing_profile_get_etag          (PdBillingProfile  *self);
void              pd_billing_profile_set_etag          (PdBillingProfile  *self,
                                                        const char        *etag);

G_END_DECLS
