/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json.h: internal JSON helpers shared by the models and the client (not public API). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Skips a leading UTF-8 byte-order mark: returns @data or @data + 3 and shortens *@len
 * (which may be -1 for a NUL-terminated string). No copy is made. */
const char *pd_json_strip_bom                (const char   *data,
                                              gssize       *len);
/* Parses an answer body (BOM stripped). Bad or empty JSON is PD_API_ERROR_PROTOCOL.
 * Returns: (transfer full): the root node. */
JsonNode   *pd_json_parse                    (const char   *data,
                                              gssize        len,
                                              GError      **error);
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
/* Removes the members whose name matches @name ignoring case but is not exactly @name
 * (so setting @name afterwards replaces it in place, keeping the member order). */
void        pd_json_object_remove_other_spellings (JsonObject *object,
                                                   const char *name);
/* Deep copy with every member name turned to camelCase (first letter lowered), so a
 * PascalCase source is written back the way responses spell it. @object may be NULL. */
JsonObject *pd_json_object_copy_camel        (JsonObject   *object);
/* Writes a model's string field into @out: the value when non-empty; JSON null when empty
 * and @source had the member (any case); nothing otherwise. */
void        pd_json_object_write_string      (JsonObject   *out,
                                              JsonObject   *source,
                                              const char   *name,
                                              const char   *value);
/* Stores @value in *@slot (NULL for empty); TRUE when the value changed. NULL and "" are
 * the same value: both are written back the same way (null or omitted by the source). */
gboolean    pd_set_string                    (char        **slot,
                                              const char   *value);
/* String equality where NULL and "" are equal. */
gboolean    pd_str_equal0                    (const char   *a,
                                              const char   *b);

G_END_DECLS
