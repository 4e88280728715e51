/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-snapshot.c: the customer list's rows as the main thread sees them: immutable
 * snapshots, their values, and searching them. */

/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-snapshot"

#include <string.h>

#include "pd-company-profile.h"
#include "pd-customer-rows-private.h"

/*
 * Why this exists: the list shows up to a hundred thousand customers and more. A GObject
 * and several strings per customer, sorted and filtered by GTK's generic list models on
 * the main thread, cost seconds per keystroke and half a kilobyte per customer. Here a
 * customer is one row of 16 bytes plus its text packed into large blocks, and all the
 * work that grows with the list (folding, sorting, merging pages) happens on the table's
 * own thread. The main thread only ever sees finished, immutable snapshots.
 *
 * A row's text: the search text first (each part ends in a NUL, so a part is also a C
 * string; searching reads the whole span), then what the list shows:
 *
 *   folded-name \0 folded-domain \0 folded-tenant-id \0 [id \0] name \0 [domain \0] [tenant \0]
 *
 * When the tenant id is the customer id and already folded (as Partner Center sends
 * GUIDs), the id is stored once, as the last part of the search text (ROW_TENANT_IS_ID);
 * a domain that is its own folding (lower-case ASCII, as most are) is shown from the
 * search text (ROW_DOMAIN_IS_FOLDED).
 *
 * Rows never change once written: a customer whose values change gets a new row, and the
 * old one stops being current, so a snapshot the main thread holds stays valid.
 */

Arena *
pd_customer_arena_new (void)
{
  Arena *arena = g_new0 (Arena, 1);

  g_atomic_ref_count_init (&arena->ref);
  arena->text_blocks = g_ptr_array_new_with_free_func (g_free);

  return arena;
}

Arena *
pd_customer_arena_ref (Arena *arena)
{
  g_atomic_ref_count_inc (&arena->ref);
  return arena;
}

void
pd_customer_arena_unref (Arena *arena)
{
  if (!g_atomic_ref_count_dec (&arena->ref))
    return;

  for (guint i = 0; i < N_ROW_BLOCKS && arena->blocks[i] != NULL; i++)
    g_free (arena->blocks[i]);
  for (guint i = 0; i < MAX_RELATIONSHIPS; i++)
    g_free (arena->relationships[i]);
  g_ptr_array_unref (arena->text_blocks);
  g_free (arena);
}

/* ---- Row text ---- */

void
pd_customer_row_get_values (Arena               *arena,
                const Row           *row,
                PdCustomerRowValues *values)
{
  const char *p = row->text + row->fold_len + 1;

  if (row->flags & ROW_TENANT_IS_ID)
    {
      values->id = row->text + row->name_len + 1 + row->domain_len + 1;
    }
  else
    {
      values->id = p;
      p += strlen (p) + 1;
    }
  values->company_name = p;
  p += strlen (p) + 1;
  if (row->flags & ROW_DOMAIN_IS_FOLDED)
    {
      values->domain = row->text + row->name_len + 1;
    }
  else
    {
      values->domain = p;
      p += strlen (p) + 1;
    }
  values->tenant_id = (row->flags & ROW_TENANT_IS_ID) ? values->id : p;
  values->relationship = arena->relationships[row->relationship];
  if (values->relationship == NULL)
    values->relationship = "";
}


/* ---- Folding ---- */

/* The folding of one character when it is its own NFKC form and folds by a simple
 * mapping (ASCII, basic Cyrillic, the Latin-1 letters that do), else 0. */
static gunichar
fold_simple (gunichar c)
{
  if (c < 0x80)
    return g_ascii_tolower ((char) c);
  if (c >= 0x410 && c <= 0x42F)   /* А–Я */
    return c + 0x20;
  if (c >= 0x400 && c <= 0x40F)   /* Ѐ–Џ, Ё */
    return c + 0x50;
  if (c >= 0x430 && c <= 0x45F)   /* а–я, ѐ–џ, ё */
    return c;
  if (c == 0xAB || c == 0xBB)     /* « » */
    return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7))
    return c + 0x20;
  if (c >= 0xE0 && c <= 0xFF && c != 0xF7)
    return c;
  return 0;
}

/* Whether a three-byte character is its own NFKC form and folding, and joins no
 * neighbour in NFKC (a combining mark after it is no such character, and takes the
 * slow way): CJK ideographs, kana letters and Hangul syllables, the text of Chinese,
 * Japanese and Korean names, which took the slow way a name at a time. */
static inline gboolean
is_own_folding_3 (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF)    /* CJK Unified Ideographs */
         || (c >= 0x3041 && c <= 0x3096) /* hiragana letters */
         || (c >= 0x30A1 && c <= 0x30FA) /* katakana letters */
         || (c >= 0xAC00 && c <= 0xD7A3); /* Hangul syllables */
}

/* Appends the search folding of @text to @out: the common scripts (ASCII domains and
 * GUIDs, Latin, Cyrillic and CJK names) a character at a time, anything else through
 * pd_customer_fold_for_search(), which the quick way must match exactly (the tests
 * compare them). Control characters become spaces, so the parts stay apart. */
void
pd_customer_fold_append (GString    *out,
               const char *text,
               gsize       len)
{
  gsize start = out->len;
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;
  guchar *q;

  /* The quick cases never grow: room for @len bytes, written in place. */
  g_string_set_size (out, start + len);
  q = (guchar *) out->str + start;
  while (p < end)
    {
      if (*p < 0x80)
        {
          *q++ = (*p >= 'A' && *p <= 'Z') ? *p + ('a' - 'A') : *p;
          p++;
          continue;
        }
      if ((*p & 0xF0) == 0xE0 && p + 2 < end && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80
          && is_own_folding_3 (((gunichar) (*p & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6)
                               | (p[2] & 0x3F)))
        {
          memcpy (q, p, 3);
          q += 3;
          p += 3;
          continue;
        }
      if ((*p & 0xE0) == 0xC0 && p + 1 < end && (p[1] & 0xC0) == 0x80)
        {
          gunichar c = ((gunichar) (*p & 0x1F) << 6) | (p[1] & 0x3F);
          /* Two-byte characters fold to two-byte ones; ß folds to "ss" (slow way), and an
           * overlong form of ASCII (c < 0x80) is not UTF-8 at all. */
          gunichar folded = c >= 0x80 && c != 0xDF ? fold_simple (c) : 0;

          if (folded != 0)
            {
              q[0] = 0xC0 | (folded >> 6);
              q[1] = 0x80 | (folded & 0x3F);
              q += 2;
              p += 2;
              continue;
            }
        }
      break;
    }

  if (p < end)
    {
      g_autofree char *copy = g_strndup (text, len);
      g_autofree char *slow = pd_customer_fold_for_search (copy);

      g_string_truncate (out, start);
      g_string_append (out, slow);
    }
  else
    {
      g_string_truncate (out, (gsize) ((char *) q - out->str));
    }

  if (out->len - start > MAX_FIELD_BYTES)
    {
      const char *cut = g_utf8_find_prev_char (out->str + start, out->str + start + MAX_FIELD_BYTES + 1);

      g_string_truncate (out, cut != NULL ? (gsize) (cut - out->str) : start);
    }
  for (gsize i = start; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20 || out->str[i] == 0x7f)
      out->str[i] = ' ';
}

/* For the tests: the table's folding of @text. */
char *
pd_customer_table_fold_text (const char *text)
{
  GString *out = g_string_new (NULL);

  pd_customer_fold_append (out, text, strlen (text));
  return g_string_free (out, FALSE);
}

/* The length of @text cut to MAX_FIELD_BYTES on a character boundary. */
gsize
pd_customer_field_length (const char *text)
{
  gsize len = strlen (text);
  const char *cut;

  if (len <= MAX_FIELD_BYTES)
    return len;

  cut = g_utf8_find_prev_char (text, text + MAX_FIELD_BYTES + 1);
  return cut != NULL ? (gsize) (cut - text) : 0;
}

char *
pd_customer_table_fold_query (const char *text)
{
  g_autofree char *folded = pd_customer_fold_for_search (text != NULL ? text : "");
  char *out = folded;

  /* Control characters (a pasted line break) cannot be in the search text. */
  for (const char *in = folded; *in != '\0'; in++)
    if (!((guchar) *in < 0x20 || *in == 0x7f))
      *out++ = *in;
  *out = '\0';

  return g_strdup (g_strstrip (folded));
}

/* ---- Snapshots ---- */


G_DEFINE_BOXED_TYPE (PdCustomerSnapshot, pd_customer_snapshot,
                     pd_customer_snapshot_ref, pd_customer_snapshot_unref)

PdCustomerSnapshot *
pd_customer_snapshot_new_empty (Arena *arena)
{
  PdCustomerSnapshot *self = g_new0 (PdCustomerSnapshot, 1);

  g_atomic_ref_count_init (&self->ref);
  self->arena = pd_customer_arena_ref (arena);
  self->current = g_new0 (guint32, 1);
  for (guint i = 0; i < PD_CUSTOMER_N_ORDERS; i++)
    self->orders[i] = g_new0 (guint32, 1);

  return self;
}

PdCustomerSnapshot *
pd_customer_snapshot_ref (PdCustomerSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
pd_customer_snapshot_unref (PdCustomerSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  for (guint i = 0; i < PD_CUSTOMER_N_ORDERS; i++)
    g_free (self->orders[i]);
  g_free (self->current);
  pd_customer_arena_unref (self->arena);
  g_free (self);
}

guint
pd_customer_snapshot_get_n_customers (PdCustomerSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_customers;
}

guint
pd_customer_snapshot_get_n_rows (PdCustomerSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint64
pd_customer_snapshot_get_serial (PdCustomerSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->serial;
}

const guint32 *
pd_customer_snapshot_get_order (PdCustomerSnapshot *self,
                                PdCustomerOrder     order)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (order < PD_CUSTOMER_N_ORDERS, NULL);

  return self->orders[order];
}

gboolean
pd_customer_snapshot_has_order (PdCustomerSnapshot *self,
                                PdCustomerOrder     order)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (order < PD_CUSTOMER_N_ORDERS, FALSE);

  return self->orders[order] != NULL;
}

gboolean
pd_customer_snapshot_row_is_current (PdCustomerSnapshot *self,
                                     guint               row)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return row < self->n_rows && bit_is_set (self->current, row);
}

void
pd_customer_snapshot_get_values (PdCustomerSnapshot  *self,
                                 guint                row,
                                 PdCustomerRowValues *values)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (values != NULL);

  pd_customer_row_get_values (self->arena, arena_row (self->arena, row), values);
}

PdCustomer *
pd_customer_snapshot_new_customer (PdCustomerSnapshot *self,
                                   guint               row)
{
  g_autoptr(PdCompanyProfile) company = pd_company_profile_new ();
  PdCustomerRowValues values;
  PdCustomer *customer;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  pd_customer_row_get_values (self->arena, arena_row (self->arena, row), &values);
  pd_company_profile_set_tenant_id (company, values.tenant_id);
  pd_company_profile_set_domain (company, values.domain);
  pd_company_profile_set_company_name (company, values.company_name);

  customer = pd_customer_new ();
  pd_customer_set_id (customer, values.id);
  pd_customer_set_relationship (customer, values.relationship);
  pd_customer_set_company_profile (customer, company);

  return customer;
}

gboolean
pd_customer_snapshot_get_refresh_changes (PdCustomerSnapshot       *self,
                                          PdCustomerRefreshChanges *changes)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  *changes = self->refresh_changes;
  return self->ends_refresh;
}

gboolean
pd_customer_snapshot_same_table (PdCustomerSnapshot *self,
                                 PdCustomerSnapshot *other)
{
  g_return_val_if_fail (self != NULL && other != NULL, FALSE);

  return self->arena == other->arena;
}

guint
pd_customer_snapshot_find (PdCustomerSnapshot *self,
                           const char         *id)
{
  g_return_val_if_fail (self != NULL, G_MAXUINT);

  if (id == NULL)
    return G_MAXUINT;

  for (guint row = 0; row < self->n_rows; row++)
    if (bit_is_set (self->current, row)
        && strcmp (row_id (arena_row (self->arena, row)), id) == 0)
      return row;

  return G_MAXUINT;
}

/* ---- Matches ---- */

struct _PdCustomerMatches
{
  gatomicrefcount     ref;
  PdCustomerSnapshot *snapshot;
  guint               count;
  guint32            *bits;
};

PdCustomerMatches *
pd_customer_matches_ref (PdCustomerMatches *matches)
{
  g_return_val_if_fail (matches != NULL, NULL);

  g_atomic_ref_count_inc (&matches->ref);
  return matches;
}

void
pd_customer_matches_unref (PdCustomerMatches *matches)
{
  g_return_if_fail (matches != NULL);

  if (!g_atomic_ref_count_dec (&matches->ref))
    return;

  pd_customer_snapshot_unref (matches->snapshot);
  g_free (matches->bits);
  g_free (matches);
}

guint
pd_customer_matches_get_count (PdCustomerMatches *matches)
{
  g_return_val_if_fail (matches != NULL, 0);

  return matches->count;
}

gboolean
pd_customer_matches_contains (PdCustomerMatches *matches,
                              guint              row)
{
  g_return_val_if_fail (matches != NULL, FALSE);

  return row < matches->snapshot->n_rows && bit_is_set (matches->bits, row);
}

static inline gboolean
row_matches (const Row  *row,
             const char *query,
             gsize       query_len)
{
  /* memmem with both lengths known: a pasted 10,000-character query costs nothing on
   * rows shorter than itself. */
  return row->fold_len >= query_len && memmem (row->text, row->fold_len, query, query_len) != NULL;
}

PdCustomerMatches *
pd_customer_snapshot_match (PdCustomerSnapshot *self,
                            const char         *folded_query,
                            PdCustomerMatches  *within,
                            GCancellable       *cancellable)
{
  g_autoptr(PdCustomerMatches) matches = NULL;
  const guint32 *candidates;
  gsize query_len;
  gsize words;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (folded_query != NULL, NULL);

  matches = g_new0 (PdCustomerMatches, 1);
  g_atomic_ref_count_init (&matches->ref);
  matches->snapshot = pd_customer_snapshot_ref (self);
  words = n_words (self->n_rows);
  matches->bits = g_new0 (guint32, MAX (words, 1));

  candidates = (within != NULL && within->snapshot == self) ? within->bits : self->current;
  query_len = strlen (folded_query);

  /* Row order is arrival order: the text is read front to back, block by block. */
  for (gsize w = 0; w < words; w++)
    {
      guint32 word = candidates[w];

      if ((w & (CANCEL_CHECK_ROWS / 32 - 1)) == 0 && g_cancellable_is_cancelled (cancellable))
        return NULL;

      while (word != 0)
        {
          guint bit = (guint) __builtin_ctz (word);
          guint row = (guint) (w * 32 + bit);

          word &= word - 1;
          if (row_matches (arena_row (self->arena, row), folded_query, query_len))
            {
              bit_set (matches->bits, row);
              matches->count++;
            }
        }
    }

  return g_steal_pointer (&matches);
}

guint32 *
pd_customer_snapshot_collect (PdCustomerSnapshot *self,
                              PdCustomerOrder     order,
                              PdCustomerMatches  *matches,
                              guint              *n_rows)
{
  const guint32 *source;
  guint32 *rows;
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (matches != NULL && matches->snapshot == self, NULL);
  g_return_val_if_fail (order < PD_CUSTOMER_N_ORDERS, NULL);
  g_return_val_if_fail (self->orders[order] != NULL, NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  source = self->orders[order];
  rows = g_new (guint32, MAX (matches->count, 1));
  for (guint i = 0; i < self->n_customers && n < matches->count; i++)
    if (bit_is_set (matches->bits, source[i]))
      rows[n++] = source[i];

  *n_rows = n;
  return rows;
}
