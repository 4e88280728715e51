/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-private.h: what the profile models need from PdAddress beyond its public API. */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-address.h"

G_BEGIN_DECLS

/* Whether the members the app does not model (district, future fields, …) are equal. */
gboolean pd_address_unknown_members_equal (PdAddress *a,
                                           PdAddress *b);

/* @raw: the text of @object as received, written back but for the edited fields. */
PdAddress  *pd_address_new_from_json_text    (JsonObject *object,
                                              const char *raw,
                                              gsize       raw_len);
/* Whether a field differs from the value read. */
gboolean    pd_address_is_edited             (PdAddress  *self);
/* No value and nothing read. */
gboolean    pd_address_is_empty              (PdAddress  *self);
/* Returns: (nullable): the text as received, NULL for a new address. */
const char *pd_address_get_raw               (PdAddress  *self,
                                              gsize      *len);
/* Appends the object to send: the text as received with the edited fields replaced
 * (emptied ones null when the member was there), or the filled-in fields of a new one. */
void        pd_address_write                 (PdAddress  *self,
                                              GString    *out);

G_END_DECLS
