/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-orders.c: a snapshot's column orders, on the table's thread: the new rows
 * sorted and merged into the previous snapshot's orders, and the relationship order. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-table"

#include "pd-customer-rows-private.h"

/* The words of a row's sort key held beside it: 32 bytes decide nearly every comparison
 * of the sandbox's and real customer lists (names repeat; then the id decides). */
#define SORT_KEY_WORDS 4
#define KEY_BYTES      (SORT_KEY_WORDS * 8)

/* A row with the first bytes of its whole sort key beside it (see row_sort_key()):
 * sorting and merging compare these integers and read a row's text only when they tie. */
typedef struct
{
  guint64 key[SORT_KEY_WORDS];
  guint32 row;
} KeyedRow;

/* Without @arena, rows whose keys are equal compare equal (see sort_keyed_deep()). */
static inline int
compare_keyed (const KeyedRow  *x,
               const KeyedRow  *y,
               Arena           *arena,
               PdCustomerOrder  order)
{
  for (guint i = 0; i < SORT_KEY_WORDS; i++)
    if (x->key[i] != y->key[i])
      return x->key[i] < y->key[i] ? -1 : 1;
  if (arena == NULL)
    return 0;
  return pd_customer_row_compare (arena_row (arena, x->row), arena_row (arena, y->row), order);
}

static inline gboolean
same_key (const KeyedRow *x,
          const KeyedRow *y)
{
  return memcmp (x->key, y->key, sizeof x->key) == 0;
}

static inline void
swap_keyed (KeyedRow *a,
            KeyedRow *b)
{
  KeyedRow t = *a;

  *a = *b;
  *b = t;
}

/* Sorts @rows[0..@n) by their keys: a quicksort with the comparison inlined (a call per
 * comparison through qsort was much of a sort's time), insertion sort for short runs. The
 * pivot is drawn at random, so no order of rows a server sends makes it quadratic. */
static void
sort_keyed (KeyedRow        *rows,
            gsize            n,
            Arena           *arena,
            PdCustomerOrder  order,
            guint32         *random_state)
{
  while (n > 16)
    {
      KeyedRow *pivot = &rows[n - 1];
      gsize i = 0, j = n - 2;

      /* xorshift32: a pivot at random, cheaply. */
      *random_state ^= *random_state << 13;
      *random_state ^= *random_state >> 17;
      *random_state ^= *random_state << 5;
      swap_keyed (&rows[*random_state % n], pivot);

      /* Hoare's partition: [0, i) is not above the pivot, (j, n - 1) not below. Rows are
       * distinct (one current row per id), but their keys alone may tie: both scans stop
       * on an equal one, so many ties still split evenly. */
      for (;;)
        {
          while (compare_keyed (&rows[i], pivot, arena, order) < 0)
            i++;
          while (j > i && compare_keyed (pivot, &rows[j], arena, order) < 0)
            j--;
          if (i >= j)
            break;
          swap_keyed (&rows[i], &rows[j]);
          i++;
          j--;
        }
      swap_keyed (&rows[i], pivot);

      /* Recurse into the smaller side, loop on the larger: the stack stays shallow. */
      if (i < n - i - 1)
        {
          sort_keyed (rows, i, arena, order, random_state);
          rows += i + 1;
          n -= i + 1;
        }
      else
        {
          sort_keyed (rows + i + 1, n - i - 1, arena, order, random_state);
          n = i;
        }
    }

  for (gsize i = 1; i < n; i++)
    for (gsize j = i; j > 0 && compare_keyed (&rows[j], &rows[j - 1], arena, order) < 0; j--)
      swap_keyed (&rows[j], &rows[j - 1]);
}

typedef struct
{
  const char *text;
  gsize       len;  /* the last part's (the id's) is not known: it ends in a NUL */
} KeyPart;

/*
 * The row's whole key in @order: the column's folded text, then (to break ties as
 * pd_customer_row_compare() does) the folded name, then the id, each but the id ended by
 * a NUL. Keys and ids hold no NUL (control characters are folded to spaces), so comparing
 * these strings bytewise is comparing the rows: a key that is a prefix of another ends in
 * the NUL, below any byte of the other.
 *
 * Puts its bytes from @offset on in @out's key, as integers in byte order (equal integers
 * say nothing; unequal ones decide); returns TRUE when the whole key ends within them.
 */
static inline gboolean
row_sort_key_at (const Row       *row,
                 PdCustomerOrder  order,
                 gsize            offset,
                 KeyedRow        *out)
{
  KeyPart parts[3];
  char buf[KEY_BYTES];
  gsize n_parts = 0, used = 0, at = 0, i;

  if (order == PD_CUSTOMER_ORDER_DOMAIN)
    parts[n_parts++] = (KeyPart) { row->text + row->name_len + 1, row->domain_len };
  else if (order == PD_CUSTOMER_ORDER_TENANT_ID)
    {
      gsize skip = row->name_len + 1 + row->domain_len + 1;

      parts[n_parts++] = (KeyPart) { row->text + skip, row->fold_len - skip };
    }
  parts[n_parts++] = (KeyPart) { row->text, row->name_len };
  parts[n_parts++] = (KeyPart) { row_id (row), 0 };

  /* Each part but the id is followed by a NUL. */
  for (i = 0; i < n_parts && used < sizeof buf; i++)
    {
      gboolean last = i + 1 == n_parts;
      gsize len = last ? strnlen (parts[i].text, offset + sizeof buf - at + 1) : parts[i].len;
      gsize from = offset > at ? offset - at : 0;

      if (from < len)
        {
          gsize n = MIN (len - from, sizeof buf - used);

          memcpy (buf + used, parts[i].text + from, n);
          used += n;
          from += n;
        }
      if (!last && from == len && used < sizeof buf)
        buf[used++] = '\0';
      at += len + (last ? 0 : 1);
    }
  memset (buf + used, 0, sizeof buf - used);

  for (guint w = 0; w < SORT_KEY_WORDS; w++)
    {
      guint64 word;

      memcpy (&word, buf + 8 * w, 8);
      out->key[w] = GUINT64_FROM_BE (word);
    }
  return i == n_parts && at <= offset + sizeof buf;
}

/* The start of the row's whole key (see row_sort_key_at()). */
static inline void
row_sort_key (const Row       *row,
              PdCustomerOrder  order,
              KeyedRow        *out)
{
  row_sort_key_at (row, order, 0, out);
}

/* Past this many bytes of equal keys, or for fewer rows than this, tied rows are
 * compared whole (a hostile server's thousands of long, equal names must not make a
 * pass per 32 bytes over them all). */
#define DEEP_KEY_BYTES 256
#define DEEP_MIN_ROWS  8

/*
 * Sorts @rows, whose keys hold their whole keys' bytes from @offset on, by their keys
 * alone; then each run of rows whose keys tie (long names that begin alike, and names
 * that repeat: the sandbox's 100,000 customers have 2,875 names) is sorted again by
 * the next bytes of their keys. Comparing tied rows' text (a cache miss each, and again
 * at every level of the quicksort) made the name order's sort 4–8 times as long as the
 * other columns'. The rows' keys end as they began: the merge compares them with the
 * previous order's.
 */
static void
sort_keyed_deep (KeyedRow        *rows,
                 gsize            n,
                 Arena           *arena,
                 PdCustomerOrder  order,
                 gsize            offset,
                 guint32         *random_state)
{
  sort_keyed (rows, n, NULL, order, random_state);

  for (gsize start = 0, end; start < n; start = end)
    {
      KeyedRow first = rows[start];
      gboolean ended = FALSE;

      for (end = start + 1; end < n && same_key (&rows[end], &first); end++)
        ;
      if (end - start < 2)
        continue;

      if (end - start < DEEP_MIN_ROWS || offset + KEY_BYTES >= DEEP_KEY_BYTES)
        {
          sort_keyed (rows + start, end - start, arena, order, random_state);
          continue;
        }

      for (gsize i = start; i < end; i++)
        ended |= row_sort_key_at (arena_row (arena, rows[i].row), order, offset + KEY_BYTES,
                                  &rows[i]);
      /* A key that ended within the tied bytes: compare the rows themselves. */
      if (ended)
        sort_keyed (rows + start, end - start, arena, order, random_state);
      else
        sort_keyed_deep (rows + start, end - start, arena, order, offset + KEY_BYTES,
                         random_state);
      for (gsize i = start; i < end; i++)
        memcpy (rows[i].key, first.key, sizeof first.key);
    }
}

/* ---- The sort keys' room (see PdSortScratch) ---- */

void
pd_sort_scratch_reserve (PdSortScratch *scratch,
                         guint          n_rows)
{
  guint capacity;

  if (n_rows <= scratch->capacity)
    return;
  /* At least double: a server telling a longer list on every page must not make the
   * table drop and touch the room anew each time. */
  capacity = MAX (n_rows, MIN (scratch->capacity, G_MAXUINT / 2) * 2);
  pd_sort_scratch_clear (scratch);
  /* Not touched here: a large block is fresh from the kernel, and the pages become
   * resident as pd_sort_scratch_make_resident() is told of the rows. */
  scratch->keys = g_malloc_n (capacity, sizeof (KeyedRow));
  scratch->capacity = capacity;
}

/* The page size or a divisor of it: one write per page makes it resident. */
#define TOUCH_STRIDE 4096

void
pd_sort_scratch_make_resident (PdSortScratch *scratch,
                               guint          n_rows)
{
  volatile char *bytes = scratch->keys;
  gsize end;

  n_rows = MIN (n_rows, scratch->capacity);
  if (n_rows <= scratch->resident)
    return;
  end = (gsize) n_rows * sizeof (KeyedRow);
  for (gsize at = (gsize) scratch->resident * sizeof (KeyedRow) / TOUCH_STRIDE * TOUCH_STRIDE;
       at < end; at += TOUCH_STRIDE)
    bytes[at] = 0;
  scratch->resident = n_rows;
}

void
pd_sort_scratch_clear (PdSortScratch *scratch)
{
  g_clear_pointer (&scratch->keys, g_free);
  scratch->capacity = 0;
  scratch->resident = 0;
}

/* Room for @n_rows keys: @scratch's when it has enough, else a new block, put in @owned
 * for the caller to free. */
static KeyedRow *
keys_room (PdSortScratch  *scratch,
           guint           n_rows,
           KeyedRow      **owned)
{
  if (scratch != NULL && scratch->capacity >= n_rows && n_rows > 0)
    return scratch->keys;
  *owned = g_new (KeyedRow, MAX (n_rows, 1));
  return *owned;
}

/* Puts @rows (the added rows) in @keyed with their keys in @order. */
static void
key_rows (Arena           *arena,
          const guint32   *rows,
          guint            n_rows,
          KeyedRow        *keyed,
          PdCustomerOrder  order)
{
  /* Added rows are the newest ones: their Row structs and text lie one after another. */
  for (guint i = 0; i < n_rows; i++)
    {
      keyed[i].row = rows[i];
      row_sort_key (arena_row (arena, rows[i]), order, &keyed[i]);
    }
}

/* Sorts @rows (the added rows) in @order into @keyed, keys beside them. */
static void
sort_rows (Arena           *arena,
           const guint32   *rows,
           guint            n_rows,
           KeyedRow        *keyed,
           PdCustomerOrder  order)
{
  guint32 random_state = g_random_int () | 1;

  key_rows (arena, rows, n_rows, keyed, order);
  sort_keyed_deep (keyed, n_rows, arena, order, 0, &random_state);
}

/* How far ahead the merge asks for the previous order's rows and their text: each is a
 * cache miss in a random place, and waiting for them one by one was most of a merge. */
#define PREFETCH_ROWS 16
#define PREFETCH_TEXT 8

static inline void
prefetch_previous (Arena         *arena,
                   const guint32 *previous,
                   guint          n_previous,
                   guint          i)
{
  if (i + PREFETCH_ROWS < n_previous)
    __builtin_prefetch (arena_row (arena, previous[i + PREFETCH_ROWS]));
  if (i + PREFETCH_TEXT < n_previous)
    {
      const Row *ahead = arena_row (arena, previous[i + PREFETCH_TEXT]);

      __builtin_prefetch (ahead->text);
      __builtin_prefetch (row_id (ahead));
    }
}

/* The first of @previous[@lo..@hi) not below @row (rows no longer current keep their
 * places in the previous order). */
static guint
lower_bound (Arena           *arena,
             const guint32   *previous,
             guint            lo,
             guint            hi,
             const Row       *row,
             PdCustomerOrder  order)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (pd_customer_row_compare (arena_row (arena, previous[mid]), row, order) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The previous order without the rows that are no longer current, merged with @added
 * (sorted the same way). Few added rows: a binary search for each, the rest copied in
 * runs; many (the first pages, a refresh): one pass over both, each previous row's key
 * made once. */
static guint
merge_into (const PdCustomerSnapshot *snapshot,
            PdCustomerOrder           order,
            const guint32            *previous,
            guint                     n_previous,
            const KeyedRow           *added,
            guint                     n_added,
            guint32                  *merged)
{
  Arena *arena = snapshot->arena;
  const guint32 *current = snapshot->current;
  gboolean search = (guint64) n_added * g_bit_storage (n_previous) < (guint64) n_previous;
  guint out = 0;
  guint from = 0;

  if (search)
    {
      for (guint j = 0; j < n_added; j++)
        {
          guint lo = lower_bound (arena, previous, from, n_previous,
                                  arena_row (arena, added[j].row), order);

          for (; from < lo; from++)
            if (bit_is_set (current, previous[from]))
              merged[out++] = previous[from];
          merged[out++] = added[j].row;
        }
    }
  else
    {
      guint j = 0;

      for (; from < n_previous && j < n_added; from++)
        {
          KeyedRow old;

          prefetch_previous (arena, previous, n_previous, from);
          if (!bit_is_set (current, previous[from]))
            continue;
          old.row = previous[from];
          row_sort_key (arena_row (arena, old.row), order, &old);
          while (j < n_added && compare_keyed (&added[j], &old, arena, order) < 0)
            merged[out++] = added[j++].row;
          merged[out++] = old.row;
        }
      for (; j < n_added; j++)
        merged[out++] = added[j].row;
    }
  for (; from < n_previous; from++)
    if (bit_is_set (current, previous[from]))
      merged[out++] = previous[from];

  return out;
}

static guint32 *
merge_order (const PdCustomerSnapshot *snapshot,
             PdCustomerOrder           order,
             const guint32            *previous,
             guint                     n_previous,
             const KeyedRow           *added,
             guint                     n_added)
{
  guint32 *merged = g_new (guint32, MAX (snapshot->n_customers, 1));
  guint out = merge_into (snapshot, order, previous, n_previous, added, n_added, merged);

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

/* One column's order: the added rows sorted, then merged into the previous order. */
typedef struct
{
  PdCustomerSnapshot       *snapshot;
  const PdCustomerSnapshot *last;
  const guint32            *added;
  guint                     n_added;
  PdCustomerOrder           order;
} OrderJob;

static void
build_order (OrderJob *job,
             KeyedRow *keyed)
{
  sort_rows (job->snapshot->arena, job->added, job->n_added, keyed, job->order);
  job->snapshot->orders[job->order] = merge_order (job->snapshot, job->order,
                                                   job->last->orders[job->order],
                                                   job->last->n_customers,
                                                   keyed, job->n_added);
}

static gpointer
build_order_thread (gpointer user_data)
{
  OrderJob *job = user_data;
  g_autofree KeyedRow *keyed = g_new (KeyedRow, MAX (job->n_added, 1));

  build_order (job, keyed);
  return NULL;
}

/* Half of an order built on two threads (see build_order_split()): its added rows are
 * sorted, then merged with its part of the previous order into its part of the result. */
typedef struct
{
  const PdCustomerSnapshot *snapshot;
  PdCustomerOrder           order;
  const guint32            *previous;
  guint                     n_previous;
  KeyedRow                 *added;
  guint                     n_added;
  guint32                  *merged;
  guint                     n_merged;  /* out */
} HalfJob;

static gpointer
build_half (gpointer user_data)
{
  HalfJob *job = user_data;
  guint32 random_state = g_random_int () | 1;

  sort_keyed_deep (job->added, job->n_added, job->snapshot->arena, job->order, 0,
                   &random_state);
  job->n_merged = merge_into (job->snapshot, job->order, job->previous, job->n_previous,
                              job->added, job->n_added, job->merged);
  return NULL;
}

/* Rows drawn to choose where an order is split: their median. */
#define SPLIT_SAMPLE_ROWS 31

/*
 * One order on two threads, for the snapshot the list waits for at the end of a load:
 * the added rows are split at the median of a sample of them, and the previous order
 * where that row would go; each side is then sorted and merged on a thread of its own,
 * into its own part of the result (the previous side's current rows, counted, say where
 * the other part starts).
 */
static guint32 *
build_order_split (const PdCustomerSnapshot *snapshot,
                   const PdCustomerSnapshot *last,
                   const guint32            *added,
                   guint                     n_added,
                   PdCustomerOrder           order,
                   PdSortScratch            *scratch)
{
  Arena *arena = snapshot->arena;
  const guint32 *previous = last->orders[order];
  guint n_previous = last->n_customers;
  g_autofree KeyedRow *owned = NULL;
  KeyedRow *keyed = keys_room (scratch, n_added, &owned);
  guint32 *merged = g_new (guint32, MAX (snapshot->n_customers, 1));
  KeyedRow sample[SPLIT_SAMPLE_ROWS];
  const Row *pivot;
  guint32 random_state = g_random_int () | 1;
  guint n_low = 0, lo, n_previous_low = 0;
  HalfJob low, high;
  GThread *thread;

  g_assert (n_added > 0);
  key_rows (arena, added, n_added, keyed, order);

  for (guint i = 0; i < SPLIT_SAMPLE_ROWS; i++)
    sample[i] = keyed[g_random_int_range (0, (gint32) n_added)];
  sort_keyed (sample, SPLIT_SAMPLE_ROWS, arena, order, &random_state);
  pivot = arena_row (arena, sample[SPLIT_SAMPLE_ROWS / 2].row);

  /* The added rows below the pivot row to the front; the pivot row stays above. */
  for (guint i = 0; i < n_added; i++)
    if (pd_customer_row_compare (arena_row (arena, keyed[i].row), pivot, order) < 0)
      swap_keyed (&keyed[i], &keyed[n_low++]);

  /* The previous rows below it, and how many of them are current. */
  lo = lower_bound (arena, previous, 0, n_previous, pivot, order);
  for (guint i = 0; i < lo; i++)
    n_previous_low += bit_is_set (snapshot->current, previous[i]);

  low = (HalfJob) { snapshot, order, previous, lo, keyed, n_low, merged, 0 };
  high = (HalfJob) { snapshot, order, previous + lo, n_previous - lo, keyed + n_low,
                     n_added - n_low, merged + n_previous_low + n_low, 0 };
  thread = g_thread_new ("pd-customer-ord", build_half, &high);
  build_half (&low);
  g_thread_join (thread);

  g_assert (low.n_merged == n_previous_low + n_low);
  g_assert (low.n_merged + high.n_merged == snapshot->n_customers);
  return merged;
}

/* Below this many added rows a second thread costs more than it saves. */
#define PARALLEL_MIN_ROWS 8192

/* Builds the orders @partial (the same rows) lacks, and copies those it has; with
 * @parallel, the first to build on a thread of its own, the others here. */
static void
build_orders (PdCustomerSnapshot       *snapshot,
              const PdCustomerSnapshot *partial,
              const PdCustomerSnapshot *last,
              const guint32            *added,
              guint                     n_added,
              gboolean                  parallel,
              PdSortScratch            *scratch)
{
  g_autofree KeyedRow *owned = NULL;
  KeyedRow *keyed = keys_room (scratch, n_added, &owned);
  OrderJob jobs[PD_CUSTOMER_ORDER_RELATIONSHIP];
  GThread *thread = NULL;
  guint on_thread = PD_CUSTOMER_N_ORDERS;
  gsize order_size = MAX (snapshot->n_customers, 1) * sizeof (guint32);

  for (guint order = 0; order < PD_CUSTOMER_N_ORDERS; order++)
    if (partial != NULL && partial->orders[order] != NULL)
      snapshot->orders[order] = g_memdup2 (partial->orders[order], order_size);

  for (guint order = 0; order < PD_CUSTOMER_ORDER_RELATIONSHIP; order++)
    {
      jobs[order] = (OrderJob) { snapshot, last, added, n_added, order };
      /* The first to build goes to the thread: the name order, unless it was copied (the
       * costliest: names repeat, so more of them tie on their first bytes). */
      if (snapshot->orders[order] == NULL && on_thread == PD_CUSTOMER_N_ORDERS
          && parallel && n_added >= PARALLEL_MIN_ROWS)
        {
          on_thread = order;
          thread = g_thread_new ("pd-customer-ord", build_order_thread, &jobs[order]);
        }
    }
  for (guint order = 0; order < PD_CUSTOMER_ORDER_RELATIONSHIP; order++)
    if (order != on_thread && snapshot->orders[order] == NULL)
      build_order (&jobs[order], keyed);
  if (thread != NULL)
    g_thread_join (thread);

  if (snapshot->orders[PD_CUSTOMER_ORDER_RELATIONSHIP] == NULL)
    snapshot->orders[PD_CUSTOMER_ORDER_RELATIONSHIP] =
      relationship_order (snapshot, snapshot->orders[PD_CUSTOMER_ORDER_COMPANY_NAME]);
}

void
pd_customer_snapshot_build_orders (PdCustomerSnapshot       *snapshot,
                                   const PdCustomerSnapshot *last,
                                   const guint32            *added,
                                   guint                     n_added,
                                   gboolean                  parallel,
                                   PdSortScratch            *scratch)
{
  build_orders (snapshot, NULL, last, added, n_added, parallel, scratch);
}

gboolean
pd_customer_snapshot_build_shown_order (PdCustomerSnapshot       *snapshot,
                                        const PdCustomerSnapshot *last,
                                        const guint32            *added,
                                        guint                     n_added,
                                        PdCustomerOrder           shown,
                                        PdSortScratch            *scratch)
{
  PdCustomerOrder sorted = shown == PD_CUSTOMER_ORDER_RELATIONSHIP
                           ? PD_CUSTOMER_ORDER_COMPANY_NAME : shown;

  if (n_added < PARALLEL_MIN_ROWS)
    return FALSE;

  snapshot->orders[sorted] = build_order_split (snapshot, last, added, n_added, sorted,
                                                scratch);
  if (shown == PD_CUSTOMER_ORDER_RELATIONSHIP)
    snapshot->orders[shown] = relationship_order (snapshot, snapshot->orders[sorted]);
  return TRUE;
}

void
pd_customer_snapshot_build_other_orders (PdCustomerSnapshot       *snapshot,
                                         const PdCustomerSnapshot *partial,
                                         const PdCustomerSnapshot *last,
                                         const guint32            *added,
                                         guint                     n_added,
                                         PdSortScratch            *scratch)
{
  build_orders (snapshot, partial, last, added, n_added, FALSE, scratch);
}
