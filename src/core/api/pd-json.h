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
/* The walker: the one JSON grammar of the core (strict RFC 8259, UTF-8 checked, nesting at
 * most PD_JSON_MAX_DEPTH deep, \u0000 refused). It hands out one token at a time with its
 * raw text; the tree reader, the record reader, the object writer and the pager's link
 * scan are built on it. */
#define PD_JSON_MAX_DEPTH 512

typedef enum
{
  PD_JSON_ERROR,         /* not JSON: see the walker's syntax and offset */
  PD_JSON_END,           /* the text ended after its value */
  PD_JSON_BEGIN_OBJECT,
  PD_JSON_END_OBJECT,
  PD_JSON_BEGIN_ARRAY,
  PD_JSON_END_ARRAY,
  PD_JSON_NAME,          /* a member name (the ':' after it is walked too) */
  PD_JSON_STRING,
  PD_JSON_NUMBER,
  PD_JSON_TRUE,
  PD_JSON_FALSE,
  PD_JSON_NULL,
} PdJsonToken;

typedef enum
{
  PD_JSON_SYNTAX_OK,
  PD_JSON_SYNTAX_INVALID,    /* not JSON at the offset */
  PD_JSON_SYNTAX_TRUNCATED,  /* the text ends before the value does */
  PD_JSON_SYNTAX_BAD_UTF8,   /* not UTF-8 at the offset */
  PD_JSON_SYNTAX_TOO_DEEP,
} PdJsonSyntax;

typedef struct
{
  /*< private >*/
  const guchar *start;
  const guchar *pos;
  const guchar *end;
  const guchar *token;      /* the last token's raw text */
  const guchar *token_end;
  guint         depth;
  guint         state;
  gboolean      escaped;    /* the last string token has escapes */
  PdJsonSyntax  syntax;
  guint32       objects[PD_JSON_MAX_DEPTH / 32 + 1];  /* bit per depth: an object */
} PdJsonWalker;

/* Walks @data (a leading BOM skipped; @len may be -1 for NUL-terminated). No copy. */
void         pd_json_walker_init             (PdJsonWalker *w,
                                              const char   *data,
                                              gssize        len);
/* Walks the members of a top-level object from @offset, where a member's name starts, as
 * if the walk had come there from the object's '{' (after a ','). */
void         pd_json_walker_init_in_object   (PdJsonWalker *w,
                                              const char   *data,
                                              gsize         len,
                                              gsize         offset);
PdJsonToken  pd_json_walker_next             (PdJsonWalker *w);
/* Moves past the value whose first token @token was just walked; its whole raw text is
 * then *@value (@value_len bytes). FALSE when that value is not JSON. */
gboolean     pd_json_walker_skip             (PdJsonWalker *w,
                                              PdJsonToken   token,
                                              const char  **value,
                                              gsize        *value_len);
/* The raw text of the last token (a name or string with its quotes). */
const char  *pd_json_walker_get_token        (PdJsonWalker *w,
                                              gsize        *len);
/* The last NAME or STRING token, decoded, into @out (replacing its contents). */
void         pd_json_walker_get_string       (PdJsonWalker *w,
                                              GString      *out);
/* Where the walk is (after an error: where the text is wrong), in bytes from the start
 * (after the BOM). */
gsize        pd_json_walker_get_offset       (PdJsonWalker *w);

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
/* Writes a member's new value into @out: @old_value is the member's raw text, or NULL when
 * the member is to be added (then FALSE means "add nothing"). */
typedef gboolean (*PdJsonWriteFunc) (GString    *out,
                                     const char *old_value,
                                     gsize       old_len,
                                     gpointer    data);
/* A PdJsonWriteFunc for a model's string field (@data, a string): the value, or null when
 * emptied (a member that was not there is not added empty). */
gboolean    pd_json_write_string_value       (GString          *out,
                                              const char       *old_value,
                                              gsize             old_len,
                                              gpointer          data);
typedef struct
{
  const char      *name;   /* matched ignoring ASCII case */
  gboolean         add;    /* when no member has the name, add one at the end */
  PdJsonWriteFunc  write;
  gpointer         data;
} PdJsonEdit;
/* Appends the object @raw to @out byte for byte (names, spacing, order, numbers as
 * written), except the values of the members @edits name, in every spelling, which their
 * write function replaces. At most 64 edits. FALSE (and @out as it was) when @raw is not
 * one JSON object. */
gboolean    pd_json_write_object             (GString          *out,
                                              const char       *raw,
                                              gsize             raw_len,
                                              const PdJsonEdit *edits,
                                              guint             n_edits);
/* @value as a JSON string (quoted, escaped). */
void        pd_json_append_string            (GString      *out,
                                              const char   *value);
/* @node as compact JSON text; a non-finite double is written as null (JSON has neither
 * infinity nor NaN). For values that have no source text to copy. */
void        pd_json_append_node              (GString      *out,
                                              JsonNode     *node);
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
