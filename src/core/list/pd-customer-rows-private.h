/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-rows-private.h: how the customer table keeps its rows, shared by the
 * snapshots (pd-customer-snapshot.c), the table's thread (pd-customer-table.c) and the
 * orders it builds (pd-customer-orders.c). */
#pragma once

#include <string.h>

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
  ROW_DOMAIN_IS_FOLDED = 1 << 1,
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
  /* Set on the snapshot that ends a refresh (pd_customer_table_begin_refresh()). */
  gboolean        ends_refresh;
  PdCustomerRefreshChanges refresh_changes;
};

/* Compares two keys of known length as bytes: folded UTF-8 so this is code point order,
 * the same for every locale (and the same as the C locale's collation). */
static inline int
compare_keys (const char *a,
              gsize       a_len,
              const char *b,
              gsize       b_len)
{
  gsize n = MIN (a_len, b_len);
  gsize i = 0;

  /* Eight bytes at a time, read big-endian so integer order is byte order: merging
   * pages compares keys millions of times, and a call to memcmp() per key was most of
   * the table thread's time. */
  for (; i + 8 <= n; i += 8)
    {
      guint64 x, y;

      memcpy (&x, a + i, 8);
      memcpy (&y, b + i, 8);
      if (x != y)
        return GUINT64_FROM_BE (x) < GUINT64_FROM_BE (y) ? -1 : 1;
    }
  for (; i < n; i++)
    if (a[i] != b[i])
      return (guchar) a[i] < (guchar) b[i] ? -1 : 1;

  return (a_len > b_len) - (a_len < b_len);
}

static inline int
compare_name (const Row *a,
              const Row *b)
{
  return compare_keys (a->text, a->name_len, b->text, b->name_len);
}

static inline int
compare_domain (const Row *a,
                const Row *b)
{
  return compare_keys (a->text + a->name_len + 1, a->domain_len,
                       b->text + b->name_len + 1, b->domain_len);
}

static inline int
compare_tenant (const Row *a,
                const Row *b)
{
  gsize a_skip = a->name_len + 1 + a->domain_len + 1;
  gsize b_skip = b->name_len + 1 + b->domain_len + 1;

  return compare_keys (a->text + a_skip, a->fold_len - a_skip,
                       b->text + b_skip, b->fold_len - b_skip);
}

/* A total order for each column: ties go by name, then by id, so every run of the same
 * pages gives the same order. */
static inline int
pd_customer_row_compare (const Row       *a,
              const Row       *b,
              PdCustomerOrder  order)
{
  int result = 0;

  switch (order)
    {
    case PD_CUSTOMER_ORDER_DOMAIN:
      result = compare_domain (a, b);
      break;
    case PD_CUSTOMER_ORDER_TENANT_ID:
      result = compare_tenant (a, b);
      break;
    case PD_CUSTOMER_ORDER_COMPANY_NAME:
    case PD_CUSTOMER_ORDER_RELATIONSHIP:
    case PD_CUSTOMER_N_ORDERS:
    default:
      break;
    }
  if (result == 0)
    result = compare_name (a, b);
  if (result == 0)
    result = strcmp (row_id (a), row_id (b));
  return result;
}

Arena              *pd_customer_arena_new          (void);
Arena              *pd_customer_arena_ref          (Arena               *arena);
void                pd_customer_arena_unref        (Arena               *arena);
void                pd_customer_row_get_values     (Arena               *arena,
                                                    const Row           *row,
                                                    PdCustomerRowValues *values);
void                pd_customer_fold_append        (GString             *out,
                                                    const char          *text,
                                                    gsize                len);
gsize               pd_customer_field_length       (const char          *text);
PdCustomerSnapshot *pd_customer_snapshot_new_empty (Arena               *arena);

/* Room for the sort keys of an order build (pd-customer-orders.c), kept by the table's
 * thread: told the load's length, it makes the room's pages resident as the rows come, so
 * that the build ending the load, which the list waits for, touches no fresh memory (its
 * 4 MB at 100,000 had cost that build 10 ms in page faults on a virtual machine). */
typedef struct
{
  gpointer keys;      /* capacity sort keys, or NULL */
  guint    capacity;
  guint    resident;  /* the keys whose pages were touched */
} PdSortScratch;

void                pd_sort_scratch_reserve        (PdSortScratch       *scratch,
                                                    guint                n_rows);
void                pd_sort_scratch_make_resident  (PdSortScratch       *scratch,
                                                    guint                n_rows);
void                pd_sort_scratch_clear          (PdSortScratch       *scratch);

/* pd-customer-orders.c: fills @snapshot's orders (its rows, current bits and count set):
 * @added (current rows new since @last) sorted and merged into each of @last's orders,
 * and the relationship order from the name order. @parallel: the orders may be built on
 * two threads (when nothing else is waiting for the CPU). @scratch (nullable): the keys'
 * room, when it has enough (for these three and the orders built on this thread). */
void                pd_customer_snapshot_build_orders (PdCustomerSnapshot       *snapshot,
                                                       const PdCustomerSnapshot *last,
                                                       const guint32            *added,
                                                       guint                     n_added,
                                                       gboolean                  parallel,
                                                       PdSortScratch            *scratch);
/* Only @shown's order (and the name order, which the relationship order is made from), on
 * two threads; FALSE, with no order built, when too few rows were added to gain by it. */
gboolean            pd_customer_snapshot_build_shown_order (PdCustomerSnapshot       *snapshot,
                                                            const PdCustomerSnapshot *last,
                                                            const guint32            *added,
                                                            guint                     n_added,
                                                            PdCustomerOrder           shown,
                                                            PdSortScratch            *scratch);
/* The orders @partial (the same rows, built by the above) has, copied; the others built
 * as pd_customer_snapshot_build_orders() does, on this thread alone: the other core is the
 * main thread's, drawing the list the partial snapshot brought. */
void                pd_customer_snapshot_build_other_orders (PdCustomerSnapshot       *snapshot,
                                                             const PdCustomerSnapshot *partial,
                                                             const PdCustomerSnapshot *last,
                                                             const guint32            *added,
                                                             guint                     n_added,
                                                             PdSortScratch            *scratch);

G_END_DECLS
