/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-object.h: tolerant lookups in json-glib objects, and the models' string rule
 * (internal). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Member lookup ignoring ASCII case ("FirstName" finds "firstName"); exact match first.
 * Returns: (nullable) (transfer none) */
JsonNode   *pd_json_object_get_member_ci     (JsonObject   *object,
                                              const char   *name);
gboolean    pd_json_object_has_member_ci     (JsonObject   *object,
                                              const char   *name);
/* Returns: (nullable): the string value, NULL when absent, null or not a string. */
const char *pd_json_object_get_string_ci     (JsonObject   *object,
                                              const char   *name);
/* Like get_string_ci but numbers and booleans are turned into text too. */
char       *pd_json_object_dup_string_ci     (JsonObject   *object,
                                              const char   *name);
/* Returns: (nullable) (transfer none) */
JsonObject *pd_json_object_get_object_ci     (JsonObject   *object,
                                              const char   *name);
/* Returns: (nullable) (transfer none) */
JsonArray  *pd_json_object_get_array_ci      (JsonObject   *object,
                                              const char   *name);
/* TRUE/FALSE from a boolean, a number or "true"/"false"; @fallback otherwise. */
gboolean    pd_json_object_get_boolean_ci    (JsonObject   *object,
                                              const char   *name,
                                              gboolean      fallback);
/* An error body's `code` as text, whether it came as a number or a string.
 * Returns: (nullable) (transfer full) */
char       *pd_json_dup_code                 (JsonObject   *object);
/* Removes every member whose name matches @name ignoring case. */
void        pd_json_object_remove_member_ci  (JsonObject   *object,
                                              const char   *name);
/* Deep copy with every member name turned to camelCase (first letter lowered), so a
 * PascalCase source is written back the way responses spell it. @object may be NULL. */
JsonObject *pd_json_object_copy_camel        (JsonObject   *object);
/* Stores @value in *@slot (NULL for empty); TRUE when the value changed. NULL and "" are
 * the same value: both are written back the same way (null or omitted by the source). */
gboolean    pd_set_string                    (char        **slot,
                                              const char   *value);
/* String equality where NULL and "" are equal. */
gboolean    pd_str_equal0                    (const char   *a,
                                              const char   *b);

G_END_DECLS
