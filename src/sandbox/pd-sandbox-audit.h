/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-audit.h: what the activity log's writers share: who, when, values in PascalCase. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sandbox's own partner tenant, the partnerId of every record. */
#define PD_SANDBOX_PARTNER_ID   "5b7c4e0a-2d6f-4c1e-9a83-0f5d2b6e7c41"
/* Who changes things with the static token (--token, the demo's): no person signed in. */
#define PD_SANDBOX_DEMO_USER    "demo@partnerdesk.sandbox"
/* The application id of the static token, and of the seeded records. */
#define PD_SANDBOX_DEMO_APP_ID  "0e3f5a9c-6b1d-4f27-8c54-3a9d7e2b1f60"

#define PD_SANDBOX_OP_BILLING   "update_customer_billing_profile"
#define PD_SANDBOX_OP_COMPANY   "update_customer_partner_contract_company_name"
#define PD_SANDBOX_OP_ADD       "add_customer"

/* 100 ns ticks since 1970-01-01 UTC, the precision of operationDate's 7 digits. */
#define PD_SANDBOX_TICKS_PER_SECOND G_GINT64_CONSTANT (10000000)
#define PD_SANDBOX_TICKS_PER_DAY    (PD_SANDBOX_TICKS_PER_SECOND * 86400)

/* Now, in ticks. */
gint64  pd_sandbox_audit_now              (void);
/* A stored camelCase billing profile as the record's PascalCase value: Id, FirstName,
 * LastName, Email, Culture, Language, CompanyName, DefaultAddress {Country, Region, City,
 * State, AddressLine1..3, PostalCode, FirstName, LastName, PhoneNumber}; a member the
 * profile lacks is null, as the service's serializer writes it.
 * Returns: (transfer full) (nullable): NULL when @billing_json is not a JSON object. */
char   *pd_sandbox_audit_billing_value    (const char *billing_json);
/* {"CompanyName":@company_name}. Returns: (transfer full). */
char   *pd_sandbox_audit_company_value    (const char *company_name);

G_END_DECLS
