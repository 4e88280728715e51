/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-fields-private.h: string fields read from a JSON object and written back with only
 * the edited ones changed, shared by PdAddress and PdBillingProfile. */
#pragma once

#include "pd-json.h"

G_BEGIN_DECLS

/* One string field of a model: its property and its JSON member (camelCase). */
typedef struct
{
  const char *property;
  const char *member;
} PdJsonField;

/* What a model was read from: written back byte for byte but for the edited fields, so
 * numbers, names and order stay the server's. */
typedef struct
{
  /* The object as read, camelCased, for comparing the members the app does not model. */
  JsonObject *object;
  /* The object's text as received; NULL for a model made here. */
  char       *raw;
  gsize       raw_len;
} PdJsonSource;

/* Keeps (copies of) @object and its text @raw. */
void        pd_json_source_init        (PdJsonSource       *source,
                                        JsonObject         *object,
                                        const char         *raw,
                                        gsize               raw_len);
void        pd_json_source_copy        (PdJsonSource       *dest,
                                        const PdJsonSource *source);
void        pd_json_source_clear       (PdJsonSource       *source);
/* Returns: (transfer full): the members of the object read that @fields do not name. */
JsonObject *pd_json_source_dup_unknown (const PdJsonSource *source,
                                        const PdJsonField  *fields,
                                        guint               n_fields);

/* Returns: (transfer full): @object's text, for a model made from a tree without its
 * text (the tree's own is the closest there is). */
GString    *pd_json_text_from_tree     (JsonObject         *object);
/* Returns: (transfer full): the object that a model's write function put in @text. */
JsonObject *pd_json_tree_from_text     (const GString      *text);

/* @values and @read hold @n_fields strings each, in the order of @fields: the values as
 * edited, and as read (NULL for empty in both). */

/* Reads each field's member of @object (any case) into @values and @read. */
void        pd_json_fields_read        (const PdJsonField  *fields,
                                        guint               n_fields,
                                        JsonObject         *object,
                                        char              **values,
                                        char              **read);
void        pd_json_fields_copy        (guint               n_fields,
                                        char * const       *values,
                                        char * const       *read,
                                        char              **copy_values,
                                        char              **copy_read);
void        pd_json_fields_free        (guint               n_fields,
                                        char              **values,
                                        char              **read);
/* Puts an edit in @edits for each field whose value differs from the one read (it writes
 * the value, or null when emptied); returns how many. */
guint       pd_json_fields_get_edits   (const PdJsonField  *fields,
                                        guint               n_fields,
                                        char * const       *values,
                                        char * const       *read,
                                        PdJsonEdit         *edits);

G_END_DECLS
