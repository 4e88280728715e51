/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-orders.c: a snapshot's column orders, on the table's thread: the new rows
 * sorted and merged into the previous snapshot's orders, and the relationship order. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-table"

#include "pd-customer-rows-private.h"

typedef struct
{
  Arena           *arena;
  PdCustomerOrder  order;
} SortData;

/* A row with its key's first bytes beside it: sorting compares these integers, in one
 * array, and reads a row's text only when they tie. */
typedef struct
{
  guint64 prefix;
  guint32 row;
} KeyedRow;

static int
compare_keyed_rows (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const KeyedRow *x = a;
  const KeyedRow *y = b;
  SortData *data = user_data;

  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;
  return pd_customer_row_compare (arena_row (data->arena, x->row),
                                  arena_row (data->arena, y->row), data->order);
}

/* Sorts @rows in @order. */
static void
sort_rows (Arena           *arena,
           guint32         *rows,
           guint            n_rows,
           KeyedRow        *scratch,
           PdCustomerOrder  order)
{
  SortData data = { arena, order };

  for (guint i = 0; i < n_rows; i++)
    {
      scratch[i].row = rows[i];
      scratch[i].prefix = pd_customer_row_key_prefix (arena_row (arena, rows[i]), order);
    }
  g_qsort_with_data (scratch, (gint) n_rows, sizeof (KeyedRow), compare_keyed_rows, &data);
  for (guint i = 0; i < n_rows; i++)
    rows[i] = scratch[i].row;
}

/* The previous order without the rows that are no longer current, merged with @added
 * (sorted the same way). Few added rows: a binary search for each, the rest copied in
 * runs; many (the first pages, a refresh): one pass over both. */
static guint32 *
merge_order (const PdCustomerSnapshot *snapshot,
             PdCustomerOrder           order,
             const guint32            *previous,
             guint                     n_previous,
             const guint32            *added,
             guint                     n_added)
{
  Arena *arena = snapshot->arena;
  const guint32 *current = snapshot->current;
  guint32 *merged = g_new (guint32, MAX (snapshot->n_customers, 1));
  gboolean search = (guint64) n_added * g_bit_storage (n_previous) < (guint64) n_previous;
  guint out = 0;
  guint from = 0;

  for (guint j = 0; j < n_added; j++)
    {
      const Row *row = arena_row (arena, added[j]);
      guint lo = from;

      if (search)
        {
          guint hi = n_previous;

          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (pd_customer_row_compare (arena_row (arena, previous[mid]), row, order) < 0)
                lo = mid + 1;
              else
                hi = mid;
            }
        }
      else
        {
          while (lo < n_previous && pd_customer_row_compare (arena_row (arena, previous[lo]), row, order) < 0)
            lo++;
        }
      for (; from < lo; from++)
        if (bit_is_set (current, previous[from]))
          merged[out++] = previous[from];
      merged[out++] = added[j];
    }
  for (; from < n_previous; from++)
    if (bit_is_set (current, previous[from]))
      merged[out++] = previous[from];

  g_assert (out == snapshot->n_customers);
  return merged;
}

/* Relationship order: by the translated title, and within one title by name, which the
 * name order already has, so one stable pass over it does (no sort). */
static guint32 *
relationship_order (const PdCustomerSnapshot *snapshot,
                    const guint32            *by_name)
{
  Arena *arena = snapshot->arena;
  guint n_current = snapshot->n_customers;
  guint rank[MAX_RELATIONSHIPS] = { 0 };
  guint start[MAX_RELATIONSHIPS + 1] = { 0 };
  guint order[MAX_RELATIONSHIPS];
  guint n = 0;
  guint32 *result = g_new (guint32, MAX (n_current, 1));

  while (n < MAX_RELATIONSHIPS && arena->relationships[n] != NULL)
    {
      order[n] = n;
      n++;
    }
  /* Insertion sort of at most a handful of titles. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0; j--)
      {
        const char *a = pd_customer_relationship_title (arena->relationships[order[j - 1]]);
        const char *b = pd_customer_relationship_title (arena->relationships[order[j]]);
        g_autofree char *fa = g_utf8_casefold (a, -1);
        g_autofree char *fb = g_utf8_casefold (b, -1);

        if (g_utf8_collate (fa, fb) <= 0)
          break;
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (guint i = 0; i < n; i++)
    rank[order[i]] = i;

  for (guint i = 0; i < n_current; i++)
    start[rank[arena_row (arena, by_name[i])->relationship] + 1]++;
  for (guint i = 1; i <= MAX_RELATIONSHIPS; i++)
    start[i] += start[i - 1];
  for (guint i = 0; i < n_current; i++)
    result[start[rank[arena_row (arena, by_name[i])->relationship]]++] = by_name[i];

  return result;
}

void
pd_customer_snapshot_build_orders (PdCustomerSnapshot       *snapshot,
                                   const PdCustomerSnapshot *last,
                                   guint32                  *added,
                                   guint                     n_added)
{
  g_autofree KeyedRow *scratch = g_new (KeyedRow, MAX (n_added, 1));

  for (guint order = 0; order < PD_CUSTOMER_ORDER_RELATIONSHIP; order++)
    {
      sort_rows (snapshot->arena, added, n_added, scratch, order);
      snapshot->orders[order] = merge_order (snapshot, order, last->orders[order],
                                             last->n_customers, added, n_added);
    }
  snapshot->orders[PD_CUSTOMER_ORDER_RELATIONSHIP] =
    relationship_order (snapshot, snapshot->orders[PD_CUSTOMER_ORDER_COMPANY_NAME]);
}
