/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile-private.h: the billing profile's fields and state, shared by the object
 * (pd-billing-profile.c) and its JSON mapping (pd-billing-profile-json.c). */
#pragma once

#include "pd-billing-profile.h"
#include "pd-json-fields-private.h"

G_BEGIN_DECLS

typedef enum
{
  FIELD_ID,
  FIELD_FIRST_NAME,
  FIELD_LAST_NAME,
  FIELD_EMAIL,
  FIELD_CULTURE,
  FIELD_LANGUAGE,
  FIELD_COMPANY_NAME,
  N_FIELDS
} Field;

/* Property and JSON member of each string field, in the order of Field. */
extern const PdJsonField pd_billing_profile_fields[N_FIELDS];

struct _PdBillingProfile
{
  GObject parent_instance;

  char *values[N_FIELDS];
  char *read[N_FIELDS];  /* the values as read: only fields that differ are rewritten */
  PdAddress *default_address;
  char *etag;
  char *read_etag;
  /* The resource as read: the PUT body is its text, byte for byte, but for the edited
   * fields (links, attributes, unknown members, numbers, names, order: all as the server
   * wrote them). */
  PdJsonSource source;
};

G_END_DECLS
