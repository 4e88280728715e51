/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address.h: a postal address as Partner Center's API carries it. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PD_TYPE_ADDRESS (pd_address_get_type ())

G_DECLARE_FINAL_TYPE (PdAddress, pd_address, PD, ADDRESS, GObject)

/* String getters return "" for an empty field, never NULL (so properties bind straight to
 * entries); setters treat NULL and "" alike and notify only on a real change. to_json writes
 * an empty field as null when the server sent the member, and leaves it out otherwise. */
PdAddress  *pd_address_new               (void);
PdAddress  *pd_address_new_from_json     (JsonObject  *object);
JsonObject *pd_address_to_json           (PdAddress   *self);
PdAddress  *pd_address_copy              (PdAddress   *self);
gboolean    pd_address_equal             (PdAddress   *a,
                                          PdAddress   *b);
/* Multi-line, in the order the country writes addresses (no country line). */
char       *pd_address_format            (PdAddress   *self);
/* Translated country name for an ISO 3166 alpha-2 code; the code itself when unknown. */
const char *pd_country_get_name          (const char  *iso2_code);

const char *pd_address_get_country       (PdAddress   *self);
void        pd_address_set_country       (PdAddress   *self,
                                          const char  *country);
const char *pd_address_get_region        (PdAddress   *self);
void        pd_address_set_region        (PdAddress   *self,
                                          const char  *region);
const char *pd_address_get_city          (PdAddress   *self);
void        pd_address_set_city          (PdAddress   *self,
                                          const char  *city);
const char *pd_address_get_state         (PdAddress   *self);
void        pd_address_set_state         (PdAddress   *self,
                                          const char  *state);
const char *pd_address_get_address_line1 (PdAddress   *self);
void        pd_address_set_address_line1 (PdAddress   *self,
                                          const char  *line);
const char *pd_address_get_address_line2 (PdAddress   *self);
void        pd_address_set_address_line2 (PdAddress   *self,
                                          const char  *line);
const char *pd_address_get_address_line3 (PdAddress   *self);
void        pd_address_set_address_line3 (PdAddress   *self,
                                          const char  *line);
const char *pd_address_get_postal_code   (PdAddress   *self);
void        pd_address_set_postal_code   (PdAddress   *self,
                                          const char  *postal_code);
const char *pd_address_get_first_name    (PdAddress   *self);
void        pd_address_set_first_name    (PdAddress   *self,
                                          const char  *first_name);
const char *pd_address_get_middle_name   (PdAddress   *self);
void        pd_address_set_middle_name   (PdAddress   *self,
                                          const char  *middle_name);
const char *pd_address_get_last_name     (PdAddress   *self);
void        pd_address_set_last_name     (PdAddress   *self,
                                          const char  *last_name);
const char *pd_address_get_phone_number  (PdAddress   *self);
void        pd_address_set_phone_number  (PdAddress   *self,
                                          const char  *phone_number);

G_END_DECLS
