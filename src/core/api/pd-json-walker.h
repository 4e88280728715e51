/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json-walker.h: the one JSON grammar of the core, walked a token at a time (internal). */
#pragma once

#include <glib.h>

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
/* The last NAME or STRING token, decoded, without a copy when it has no escapes: *@len
 * bytes, not NUL-terminated; in @scratch (replacing its contents) when it has. */
const char  *pd_json_walker_get_text         (PdJsonWalker *w,
                                              GString      *scratch,
                                              gsize        *len);
/* Where the walk is (after an error: where the text is wrong), in bytes from the start
 * (after the BOM). */
gsize        pd_json_walker_get_offset       (PdJsonWalker *w);
/* What stopped the walk: PD_JSON_SYNTAX_OK until a token was PD_JSON_ERROR. */
PdJsonSyntax pd_json_walker_get_syntax       (PdJsonWalker *w);
/* Whether nothing but white space is left to walk (all of an empty text). */
gboolean     pd_json_walker_is_at_end        (PdJsonWalker *w);

G_END_DECLS
