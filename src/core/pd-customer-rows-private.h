/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-rows-private.h: how the customer table keeps its rows, shared by the
 * snapshots (pd-customer-snapshot.c) and the table's thread (pd-customer-table.c). */
#pragma once

#include "pd-customer-snapshot.h"

G_BEGIN_DECLS

#define ROW_BLOCK_BITS  12
#define ROW_BLOCK_SIZE  (1u << ROW_BLOCK_BITS)
#define N_ROW_BLOCKS    (PD_CUSTOMER_TABLE_MAX_ROWS / ROW_BLOCK_SIZE)
#define TEXT_BLOCK_SIZE (256 * 1024)
/* Longer values (a hostile server) are cut for the list: the account page reads them whole. */
#define MAX_FIELD_BYTES 1024
#define MAX_RELATIONSHIPS 256
#define CANCEL_CHECK_ROWS 8192

enum
{
  ROW_TENANT_IS_ID = 1 << 0,
};

typedef struct
{
  const char *text;
  guint16     name_len;    /* bytes of the folded name */
  guint16     domain_len;  /* bytes of the folded domain */
  guint16     fold_len;    /* bytes of the whole search text */
  guint8      relationship;
  guint8      flags;
} Row;

G_STATIC_ASSERT (sizeof (Row) == 16);

/* Everything rows point into; shared by the table's thread and every snapshot. Written
 * only by the table's thread, only past what any published snapshot covers. */
typedef struct
{
  gatomicrefcount ref;
  Row            *blocks[N_ROW_BLOCKS];
  GPtrArray      *text_blocks;
  char           *relationships[MAX_RELATIONSHIPS];
} Arena;

static inline const Row *
arena_row (Arena *arena,
           guint  row)
{
  return &arena->blocks[row >> ROW_BLOCK_BITS][row & (ROW_BLOCK_SIZE - 1)];
}

static inline gboolean
bit_is_set (const guint32 *bits,
            guint          i)
{
  return (bits[i >> 5] >> (i & 31)) & 1;
}

static inline void
bit_set (guint32 *bits,
         guint    i)
{
  bits[i >> 5] |= 1u << (i & 31);
}

static inline void
bit_clear (guint32 *bits,
           guint    i)
{
  bits[i >> 5] &= ~(1u << (i & 31));
}

static inline gsize
n_words (guint n_bits)
{
  return (n_bits + 31) / 32;
}

static inline const char *
row_id (const Row *row)
{
  if (row->flags & ROW_TENANT_IS_ID)
    return row->text + row->name_len + 1 + row->domain_len + 1;
  return row->text + row->fold_len + 1;
}

struct _PdCustomerSnapshot
{
  gatomicrefcount ref;
  Arena          *arena;
  guint           n_rows;
  guint           n_customers;
  guint64         serial;
  guint32        *current;  /* bit per row: the row is the customer's current one */
  guint32        *orders[PD_CUSTOMER_N_ORDERS];
};

Arena              *pd_customer_arena_new          (void);
Arena              *pd_customer_arena_ref          (Arena               *arena);
void                pd_customer_arena_unref        (Arena               *arena);
void                pd_customer_row_get_values     (Arena               *arena,
                                                    const Row           *row,
                                                    PdCustomerRowValues *values);
int                 pd_customer_row_compare        (const Row           *a,
                                                    const Row           *b,
                                                    PdCustomerOrder      order);
void                pd_customer_fold_append        (GString             *out,
                                                    const char          *text,
                                                    gsize                len);
gsize               pd_customer_field_length       (const char          *text);
PdCustomerSnapshot *pd_customer_snapshot_new_empty (Arena               *arena);

G_END_DECLS
