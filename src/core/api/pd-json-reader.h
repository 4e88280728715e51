/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-reader.h: JSON text into trees, flat records or one member's raw text (internal). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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
/* The raw text of the member @name of the object @data, found as
 * pd_json_object_get_member_ci() finds it in the tree: the exact spelling (its last
 * value when repeated), else the first other spelling. FALSE when absent or not JSON. */
gboolean    pd_json_find_member              (const char   *data,
                                              gsize         len,
                                              const char   *name,
                                              const char  **value,
                                              gsize        *value_len);

G_END_DECLS
