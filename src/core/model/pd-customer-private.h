/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-private.h: what the client needs from PdCustomer beyond its public API. */
#pragma once

#include "pd-customer.h"
#include "pd-json.h"

G_BEGIN_DECLS

/* Every member pd_customer_new_from_json() reads, for pd_json_parse_filtered(): a list
 * page is built without the members no model keeps (attributes, links, …). */
extern const PdJsonFilter pd_customer_json_members[];

/* The same members as flat record fields, for pd_json_read_records(). */
typedef enum
{
  PD_CUSTOMER_RECORD_ID,
  PD_CUSTOMER_RECORD_RELATIONSHIP,
  PD_CUSTOMER_RECORD_COMPANY_PROFILE,
  PD_CUSTOMER_RECORD_BILLING_PROFILE,
  PD_CUSTOMER_RECORD_TENANT_ID,
  PD_CUSTOMER_RECORD_DOMAIN,
  PD_CUSTOMER_RECORD_COMPANY_NAME,
  PD_CUSTOMER_RECORD_EMAIL,
  PD_CUSTOMER_RECORD_ORGANIZATION_REGISTRATION_NUMBER,
  PD_CUSTOMER_RECORD_ADDRESS,
  PD_CUSTOMER_RECORD_N_FIELDS
} PdCustomerRecordField;

extern const PdJsonRecordField pd_customer_record_fields[PD_CUSTOMER_RECORD_N_FIELDS];

/* The customer pd_customer_new_from_json() makes of the same item, taking the strings it
 * keeps from @values. Returns: (nullable): NULL when the item has no ID (the tree path
 * then reports it). */
PdCustomer *pd_customer_new_from_record (char    **values,
                                         guint32   present);

/* pd_customer_new_from_json() keeping the text of the billing profile to write it back.
 * @raw: (nullable): @object's text as received. */
PdCustomer *pd_customer_new_from_json_text (JsonObject  *object,
                                            const char  *raw,
                                            gsize        raw_len,
                                            GError     **error);

G_END_DECLS
