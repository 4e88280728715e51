/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-writer.h: JSON text out, and received objects written back with edits (internal). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
