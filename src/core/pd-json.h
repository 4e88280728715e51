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
/* Parses an answer body (BOM stripped) strictly per RFC 8259 (UTF-8 checked, nesting at
 * most 512 deep; \u0000 is refused since json-glib strings end at NUL). Bad, truncated
 * or empty JSON is PD_API_ERROR_PROTOCOL with a translated message.
 * Returns: (transfer full): the root node. */
JsonNode   *pd_json_parse                    (const char   *data,
                                              gssize        len,
                                              GError      **error);
/* Which members to build when parsing a large answer, as a list ended by { NULL }. An
 * object's members not named here (ignoring ASCII case) are checked like the rest but not
 * built. @members does the same for the member's value (for each element when it is an
 * array); NULL builds the whole value. */
typedef struct _PdJsonFilter PdJsonFilter;
struct _PdJsonFilter
{
  const char         *name;
  const PdJsonFilter *members;
};
/* pd_json_parse() building only what @filter names (everything when it is NULL): the same
 * errors on the same input, a smaller tree.
 * Returns: (transfer full): the root node. */
JsonNode   *pd_json_parse_filtered           (const char          *data,
                                              gssize               len,
                                              const PdJsonFilter  *filter,
                                              GError             **error);
/* A member of the flat records pd_json_read_records() reads. */
typedef enum
{
  PD_JSON_FIELD_STRING,       /* a string, or null */
  PD_JSON_FIELD_OBJECT,       /* an object holding the fields that name it as parent */
  PD_JSON_FIELD_UNSUPPORTED,  /* read by the model, but only from a tree */
} PdJsonFieldKind;

typedef struct
{
  const char      *name;    /* exactly as the server spells it */
  int              parent;  /* index of the PD_JSON_FIELD_OBJECT it is in; -1: the record */
  PdJsonFieldKind  kind;
} PdJsonRecordField;

/* @values: one per field, the string value (steal what you keep; the rest is freed) or
 * NULL; @present: bit i set when field i was in the record. FALSE stops the reading. */
typedef gboolean (*PdJsonRecordFunc) (char      **values,
                                      guint32     present,
                                      gpointer    user_data);

/* Reads an object whose member @array_name holds an array of records without building
 * them as trees: @func gets each record's @fields (at most 32); its other members are
 * checked and skipped. The object's other members are built as pd_json_parse_filtered()
 * does with @filter, into *@root (which leaves @array_name out).
 * FALSE, with nothing in *@root, when the text is not JSON, when @func says so, or when a
 * record is not plain: a member whose name matches a field ignoring case but is not spelt
 * exactly, a repeated field, a value of another kind, an UNSUPPORTED field. The caller
 * then parses the tree (pd_json_parse_filtered), which handles all of that and reports
 * the errors: this is a fast path only, so its answers are the tree's by construction. */
gboolean    pd_json_read_records             (const char               *data,
                                              gssize                    len,
                                              const char               *array_name,
                                              const PdJsonRecordField  *fields,
                                              guint                     n_fields,
                                              const PdJsonFilter       *filter,
                                              PdJsonRecordFunc          func,
                                              gpointer                  user_data,
                                              JsonNode                **root);
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
