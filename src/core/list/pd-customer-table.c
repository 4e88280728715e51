/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-table.c: the customer table's own thread: takes pages in, folds and dedupes
 * them, has them merged into every column's order (pd-customer-orders.c), and publishes
 * immutable snapshots. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-table"

#include <string.h>

#include "pd-customer-rows-private.h"
#include "pd-customer-table.h"
#include "pd-run-on-context.h"

/* ---- The table's thread ---- */

typedef enum
{
  JOB_ADD,
  JOB_BEGIN_REFRESH,
  JOB_FINISH,
  JOB_FLUSH,
  JOB_RESERVE,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind  kind;
  guint64  serial;
  gboolean remove_unseen;
  guint    n_expected;  /* JOB_RESERVE */
  /* JOB_ADD: (element-type PdCustomer), the table's own from now on */
  GPtrArray *customers;
} Job;

static void
job_free (Job *job)
{
  /* On the table's thread: the last reference, so a page's customers are finalized
   * here, not on the main thread. */
  g_clear_pointer (&job->customers, g_ptr_array_unref);
  g_free (job);
}

/* Where snapshots go: shared by the table, its thread and every delivery on its way, so
 * a delivery that arrives after the table is gone finds nobody and does no harm. */
typedef struct
{
  GWeakRef table;
} Mailbox;

static void
mailbox_clear (gpointer data)
{
  Mailbox *mailbox = data;

  g_weak_ref_clear (&mailbox->table);
}

static void
mailbox_unref (Mailbox *mailbox)
{
  g_atomic_rc_box_release_full (mailbox, mailbox_clear);
}

typedef struct
{
  GAsyncQueue        *queue;
  GMainContext       *context;
  Mailbox            *mailbox;
  guint               publish_interval_ms;
  guint               n_expected;      /* the load's length by the server, 0: not told */
  PdSortScratch       sort_scratch;    /* for the added rows' keys, told n_expected */

  Arena              *arena;
  guint               n_rows;
  char               *text_cursor;
  gsize               text_left;
  /* Open addressing on the id: a slot holds row + 1 and a tag of the id's hash (see
   * slot_new()), 0 is empty. */
  guint32            *slots;
  guint               n_slots;
  guint               n_used_slots;
  guint32            *current;
  guint               current_words;
  guint               n_current;
  guint32            *seen;  /* NULL unless a refresh is running */
  /* What the running refresh changed so far, for the snapshot that ends it. */
  PdCustomerRefreshChanges refresh_changes;
  gboolean            ending_refresh;
  GArray             *pending;  /* new rows since the last snapshot */
  gboolean            changed;
  gboolean            finishing;  /* the next snapshot ends a load */
  gint                shown_order;  /* atomic: the order the list shows, or -1 */
  guint64             serial;
  PdCustomerSnapshot *last;  /* the last snapshot published */
} Worker;

static char *
worker_alloc_text (Worker *w,
                   gsize   len)
{
  char *text;

  if (len > w->text_left)
    {
      gsize size = MAX (TEXT_BLOCK_SIZE, len);

      /* The rest of the old block is wasted: at most one row's text per block. */
      w->text_cursor = g_malloc (size);
      w->text_left = size;
      g_ptr_array_add (w->arena->text_blocks, w->text_cursor);
    }

  text = w->text_cursor;
  w->text_cursor += len;
  w->text_left -= len;
  return text;
}

static guint8
worker_intern_relationship (Worker     *w,
                            const char *relationship)
{
  guint i;

  for (i = 0; i < MAX_RELATIONSHIPS && w->arena->relationships[i] != NULL; i++)
    if (strcmp (w->arena->relationships[i], relationship) == 0)
      return (guint8) i;

  /* A server inventing hundreds of relationships gets the last slot for the rest. */
  if (i == MAX_RELATIONSHIPS)
    return MAX_RELATIONSHIPS - 1;

  w->arena->relationships[i] = g_strndup (relationship, pd_customer_field_length (relationship));
  return (guint8) i;
}

static void
worker_grow_bits (Worker *w,
                  guint   n_rows)
{
  gsize needed = n_words (n_rows);

  if (needed <= w->current_words)
    return;

  needed = MAX (needed, w->current_words * 2);
  w->current = g_renew (guint32, w->current, needed);
  memset (w->current + w->current_words, 0, (needed - w->current_words) * sizeof (guint32));
  if (w->seen != NULL)
    {
      w->seen = g_renew (guint32, w->seen, needed);
      memset (w->seen + w->current_words, 0, (needed - w->current_words) * sizeof (guint32));
    }
  w->current_words = needed;
}

/* A slot's low bits hold row + 1 (rows are fewer than 2^24, so row + 1 fits in 25
 * bits); the bits above, the top bits of the id's hash. A probe compares ids only when
 * the tags agree: reading another row's id is a cache miss in a random place, and most
 * probes of a new id would pay it for nothing. */
#define SLOT_ROW_BITS 25
#define SLOT_ROW_MASK ((1u << SLOT_ROW_BITS) - 1)

G_STATIC_ASSERT (PD_CUSTOMER_TABLE_MAX_ROWS < SLOT_ROW_MASK);

static inline guint32
slot_new (guint row,
          guint hash)
{
  return (row + 1) | (hash & ~SLOT_ROW_MASK);
}

static inline guint
slot_row (guint32 slot)
{
  return (slot & SLOT_ROW_MASK) - 1;
}

static inline gboolean
slot_tag_matches (guint32 slot,
                  guint   hash)
{
  return ((slot ^ hash) & ~SLOT_ROW_MASK) == 0;
}

static void worker_insert_slot (Worker *w, guint row);

static void
worker_rehash (Worker *w,
               guint   n_slots)
{
  g_free (w->slots);
  w->n_slots = n_slots;
  w->slots = g_new0 (guint32, n_slots);
  w->n_used_slots = 0;

  for (guint row = 0; row < w->n_rows; row++)
    if (bit_is_set (w->current, row))
      worker_insert_slot (w, row);
}

static void
worker_insert_slot_hashed (Worker *w,
                           guint   row,
                           guint   hash)
{
  guint mask = w->n_slots - 1;
  guint i = hash & mask;

  while (w->slots[i] != 0)
    i = (i + 1) & mask;
  w->slots[i] = slot_new (row, hash);
  w->n_used_slots++;
}

static void
worker_insert_slot (Worker *w,
                    guint   row)
{
  worker_insert_slot_hashed (w, row, g_str_hash (row_id (arena_row (w->arena, row))));
}

/* The slot holding the current row with @id, or the empty slot where it would go. */
static guint
worker_find_slot (Worker     *w,
                  const char *id,
                  guint       hash)
{
  guint mask = w->n_slots - 1;
  guint i = hash & mask;

  while (w->slots[i] != 0
         && (!slot_tag_matches (w->slots[i], hash)
             || strcmp (row_id (arena_row (w->arena, slot_row (w->slots[i]))), id) != 0))
    i = (i + 1) & mask;

  return i;
}

static gboolean
same_values (Worker              *w,
             const Row           *row,
             const char          *name,
             const char          *domain,
             const char          *tenant,
             guint8               relationship)
{
  PdCustomerRowValues values;

  pd_customer_row_get_values (w->arena, row, &values);
  return row->relationship == relationship
         && strncmp (values.company_name, name, pd_customer_field_length (name)) == 0
         && values.company_name[pd_customer_field_length (name)] == '\0'
         && strncmp (values.domain, domain, pd_customer_field_length (domain)) == 0
         && values.domain[pd_customer_field_length (domain)] == '\0'
         && strncmp (values.tenant_id, tenant, pd_customer_field_length (tenant)) == 0
         && values.tenant_id[pd_customer_field_length (tenant)] == '\0';
}

/* Drops the current row in @slot from the id index: open addressing requires the rest
 * of its probe run to be seated again. */
static inline void
worker_retire_slot (Worker *w,
                    guint   slot)
{
  guint mask = w->n_slots - 1;

  bit_clear (w->current, slot_row (w->slots[slot]));
  w->n_current--;
  w->slots[slot] = 0;
  w->n_used_slots--;
  for (guint i = (slot + 1) & mask; w->slots[i] != 0; i = (i + 1) & mask)
    {
      guint moved = slot_row (w->slots[i]);

      w->slots[i] = 0;
      w->n_used_slots--;
      worker_insert_slot (w, moved);
    }
}

/* The lengths and flags a row's text (built in a scratch string) comes with. */
typedef struct
{
  gsize  name_key_len;
  gsize  domain_key_len;
  gsize  fold_len;
  guint8 flags;
} RowShape;

/* Writes a row's text to @scratch: the folded name, domain and tenant (the search text,
 * each part ending in NUL), then the id and the values as shown; a domain that is its own
 * folding, and a tenant id whose folding is the id, are stored once. */
static inline RowShape
build_row_text (GString    *scratch,
                const char *id,
                gsize       id_len,
                const char *name,
                gsize       name_len,
                const char *domain,
                gsize       domain_len,
                const char *tenant,
                gsize       tenant_len)
{
  RowShape shape;
  gboolean tenant_is_id, domain_is_folded;

  g_string_truncate (scratch, 0);
  pd_customer_fold_append (scratch, name, name_len);
  shape.name_key_len = scratch->len;
  g_string_append_c (scratch, '\0');
  pd_customer_fold_append (scratch, domain, domain_len);
  shape.domain_key_len = scratch->len - shape.name_key_len - 1;
  /* A domain is mostly its own folding (lower-case ASCII): then it is shown from there. */
  domain_is_folded = shape.domain_key_len == domain_len
                     && memcmp (scratch->str + shape.name_key_len + 1, domain, domain_len) == 0;
  g_string_append_c (scratch, '\0');
  pd_customer_fold_append (scratch, tenant, tenant_len);
  shape.fold_len = scratch->len;
  tenant_is_id = tenant_len == id_len && memcmp (scratch->str + scratch->len - tenant_len, id, id_len) == 0;
  /* When the folded tenant id is the id, it is stored once (see row_id()). */
  if (!tenant_is_id)
    {
      g_string_append_c (scratch, '\0');
      g_string_append_len (scratch, id, id_len);
    }
  g_string_append_c (scratch, '\0');
  g_string_append_len (scratch, name, name_len);
  g_string_append_c (scratch, '\0');
  if (!domain_is_folded)
    {
      g_string_append_len (scratch, domain, domain_len);
      g_string_append_c (scratch, '\0');
    }
  if (!tenant_is_id)
    {
      g_string_append_len (scratch, tenant, tenant_len);
      g_string_append_c (scratch, '\0');
    }

  shape.flags = (tenant_is_id ? ROW_TENANT_IS_ID : 0) | (domain_is_folded ? ROW_DOMAIN_IS_FOLDED : 0);
  return shape;
}

/* Appends a row with @scratch's text and makes it the current one for its id. */
static inline void
worker_append_row (Worker         *w,
                   const GString  *scratch,
                   const RowShape *shape,
                   guint8          relationship,
                   guint           hash)
{
  guint row = w->n_rows;
  Row *entry;

  if (w->arena->blocks[row >> ROW_BLOCK_BITS] == NULL)
    w->arena->blocks[row >> ROW_BLOCK_BITS] = g_new0 (Row, ROW_BLOCK_SIZE);
  entry = &w->arena->blocks[row >> ROW_BLOCK_BITS][row & (ROW_BLOCK_SIZE - 1)];
  entry->text = memcpy (worker_alloc_text (w, scratch->len), scratch->str, scratch->len);
  entry->name_len = (guint16) shape->name_key_len;
  entry->domain_len = (guint16) shape->domain_key_len;
  entry->fold_len = (guint16) shape->fold_len;
  entry->relationship = relationship;
  entry->flags = shape->flags;
  w->n_rows++;

  worker_grow_bits (w, w->n_rows);
  bit_set (w->current, row);
  w->n_current++;
  if (w->seen != NULL)
    bit_set (w->seen, row);
  worker_insert_slot_hashed (w, row, hash);
  g_array_append_val (w->pending, row);
  w->changed = TRUE;
}

static void
worker_add_one (Worker     *w,
                GString    *scratch,
                const char *id,
                const char *name,
                const char *domain,
                const char *tenant,
                const char *relationship)
{
  guint8 relationship_index = worker_intern_relationship (w, relationship);
  gsize id_len = pd_customer_field_length (id);
  RowShape shape;
  guint hash;
  guint slot;

  if (id_len == 0 || id[id_len] != '\0')
    return;  /* no id (the client reports those), or one too long to be an id */

  if ((w->n_used_slots + 1) * 2 > w->n_slots)
    worker_rehash (w, MAX (w->n_slots * 2, 1024));

  hash = g_str_hash (id);
  slot = worker_find_slot (w, id, hash);
  if (w->slots[slot] != 0)
    {
      guint old = slot_row (w->slots[slot]);
      /* A customer sent twice in one refresh (parallel streams, a fallback) counts once. */
      gboolean first_seen = w->seen != NULL && !bit_is_set (w->seen, old);

      if (w->seen != NULL)
        bit_set (w->seen, old);
      if (same_values (w, arena_row (w->arena, old), name, domain, tenant, relationship_index))
        return;
      if (first_seen)
        w->refresh_changes.changed++;

      /* New values: a new row replaces the old one (rows never change). */
      worker_retire_slot (w, slot);
    }
  else if (w->seen != NULL)
    {
      w->refresh_changes.added++;
    }

  if (w->n_rows >= PD_CUSTOMER_TABLE_MAX_ROWS)
    return;

  shape = build_row_text (scratch, id, id_len,
                          name, pd_customer_field_length (name),
                          domain, pd_customer_field_length (domain),
                          tenant, pd_customer_field_length (tenant));
  worker_append_row (w, scratch, &shape, relationship_index, hash);
}

static void
worker_add (Worker *w,
            Job    *job)
{
  g_autoptr(GString) scratch = g_string_sized_new (512);

  for (guint i = 0; i < job->customers->len; i++)
    {
      PdCustomer *customer = g_ptr_array_index (job->customers, i);
      const char *id = pd_customer_get_id (customer);

      if (id == NULL || *id == '\0')
        continue;
      worker_add_one (w, scratch, id,
                      pd_customer_get_company_name (customer),
                      pd_customer_get_domain (customer),
                      pd_customer_get_tenant_id (customer),
                      pd_customer_get_relationship (customer));
    }
}

/* The most rows a reservation makes room for: a server's totalCount is only its word,
 * and a larger list still grows as it comes (4 MiB of slots at this size). */
#define MAX_RESERVED_ROWS (512 * 1024)

/* Makes room in the id index (and the row bits) for @n_expected rows at once: growing by
 * doubling as the pages come rehashed every row several times and touched fresh memory
 * each time, which a virtual machine's first touch makes dear. */
static void
worker_reserve (Worker *w,
                guint   n_expected)
{
  guint n_slots = 1024;

  n_expected = MIN (n_expected, MAX_RESERVED_ROWS);
  w->n_expected = n_expected;
  pd_sort_scratch_reserve (&w->sort_scratch, n_expected);
  while (n_slots < 2 * (n_expected + 1))
    n_slots *= 2;
  if (n_slots > w->n_slots)
    worker_rehash (w, n_slots);
  worker_grow_bits (w, n_expected);
}

static void
worker_remove_unseen (Worker *w)
{
  gboolean removed = FALSE;

  for (guint row = 0; row < w->n_rows; row++)
    if (bit_is_set (w->current, row) && !bit_is_set (w->seen, row))
      {
        bit_clear (w->current, row);
        w->n_current--;
        w->refresh_changes.removed++;
        removed = TRUE;
      }

  if (removed)
    {
      worker_rehash (w, w->n_slots);
      w->changed = TRUE;
    }
}

typedef struct
{
  Mailbox            *mailbox;
  PdCustomerSnapshot *snapshot;
} Delivery;

static gboolean deliver_snapshot (gpointer user_data);

static void
delivery_free (gpointer user_data)
{
  Delivery *delivery = user_data;

  pd_customer_snapshot_unref (delivery->snapshot);
  mailbox_unref (delivery->mailbox);
  g_free (delivery);
}

static void
worker_deliver (Worker             *w,
                PdCustomerSnapshot *snapshot)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->mailbox = g_atomic_rc_box_acquire (w->mailbox);
  delivery->snapshot = pd_customer_snapshot_ref (snapshot);
  /* Not g_main_context_invoke(): from here it would run the delivery on this thread
   * whenever the main loop is between iterations (see pd-run-on-context.h). */
  pd_run_on_context (w->context, deliver_snapshot, delivery, delivery_free,
                     "[pd-customer-table] deliver");
}

/* A snapshot of the table as it is, with no orders yet. */
static PdCustomerSnapshot *
worker_new_snapshot (Worker *w)
{
  PdCustomerSnapshot *snapshot = g_new0 (PdCustomerSnapshot, 1);

  g_atomic_ref_count_init (&snapshot->ref);
  snapshot->arena = pd_customer_arena_ref (w->arena);
  snapshot->n_rows = w->n_rows;
  snapshot->n_customers = w->n_current;
  snapshot->serial = w->serial;
  snapshot->current = g_memdup2 (w->current, MAX (n_words (w->n_rows), 1) * sizeof (guint32));
  return snapshot;
}

static void
worker_publish (Worker *w)
{
  PdCustomerSnapshot *snapshot;
  g_autofree guint32 *added = NULL;
  guint n_added = 0;
  gint shown = g_atomic_int_get (&w->shown_order);

  snapshot = worker_new_snapshot (w);

  /* Pending rows replaced again before this snapshot are not in it. */
  added = g_new (guint32, MAX (w->pending->len, 1));
  for (guint i = 0; i < w->pending->len; i++)
    {
      guint32 row = g_array_index (w->pending, guint32, i);

      if (bit_is_set (w->current, row))
        added[n_added++] = row;
    }
  g_array_set_size (w->pending, 0);

  if (w->ending_refresh)
    {
      snapshot->ends_refresh = TRUE;
      snapshot->refresh_changes = w->refresh_changes;
      w->ending_refresh = FALSE;
    }

  /* The snapshot that ends a load is what the list waits for, and the pages no longer
   * need the CPU: its orders are built on two threads. Told the list's order, the table
   * builds that one first, split between the two, and publishes it alone; then the same
   * rows with every order, the others built here while the main thread draws the list
   * (100,000 customers: the list 10–15 ms sooner after the last page, and the rest
   * about 30 ms later). */
  if (w->finishing && shown >= 0
      && pd_customer_snapshot_build_shown_order (snapshot, w->last, added, n_added,
                                                 (PdCustomerOrder) shown, &w->sort_scratch))
    {
      PdCustomerSnapshot *partial = snapshot;

      worker_deliver (w, partial);
      snapshot = worker_new_snapshot (w);
      pd_customer_snapshot_build_other_orders (snapshot, partial, w->last, added, n_added,
                                               &w->sort_scratch);
      pd_customer_snapshot_unref (partial);
    }
  else
    {
      pd_customer_snapshot_build_orders (snapshot, w->last, added, n_added, w->finishing,
                                         &w->sort_scratch);
    }
  /* The load is over: its keys' room goes back (the next load is told its own length). */
  if (w->finishing)
    pd_sort_scratch_clear (&w->sort_scratch);
  w->finishing = FALSE;

  g_clear_pointer (&w->last, pd_customer_snapshot_unref);
  w->last = snapshot;
  w->changed = FALSE;
  worker_deliver (w, snapshot);
}

/* How long after a snapshot the next may come. Each merges the new rows into orders of
 * every row: with many rows, fewer snapshots (a second apart at 100,000) keep that work in
 * proportion. The load's length, when the server told it, counts from the first page on:
 * counting the rows alone, a quick load of 100,000 had a second snapshot of some 65,000
 * rows a quarter second in, whose orders took this thread 45–60 ms while pages still
 * came. A length the server only claims never makes the pause longer than a second. */
static gint64
worker_publish_pause_us (Worker *w)
{
  guint pause_ms = MAX (w->n_current / 100, MIN (w->n_expected / 100, 1000));

  return (gint64) MAX (w->publish_interval_ms, pause_ms) * 1000;
}

static gpointer
worker_main (gpointer user_data)
{
  Worker *w = user_data;
  gint64 next_publish = 0;
  gint64 last_publish = 0;

  for (;;)
    {
      Job *job;
      gint64 now = g_get_monotonic_time ();

      if (w->changed && now >= next_publish)
        {
          worker_publish (w);
          last_publish = now;
          next_publish = now + worker_publish_pause_us (w);
          continue;
        }

      if (w->changed)
        job = g_async_queue_timeout_pop (w->queue, (guint64) (next_publish - now));
      else
        job = g_async_queue_pop (w->queue);

      if (job == NULL)
        continue;  /* time to publish */

      w->serial = MAX (w->serial, job->serial);
      switch (job->kind)
        {
        case JOB_ADD:
          worker_add (w, job);
          /* The keys the next snapshot sorts: their room made resident now, while the
           * pages come, not by the build the list waits for. */
          pd_sort_scratch_make_resident (&w->sort_scratch, w->pending->len);
          break;

        case JOB_BEGIN_REFRESH:
          g_free (w->seen);
          w->seen = g_new0 (guint32, MAX (w->current_words, 1));
          memset (&w->refresh_changes, 0, sizeof w->refresh_changes);
          break;

        case JOB_FINISH:
          if (job->remove_unseen && w->seen != NULL)
            worker_remove_unseen (w);
          w->ending_refresh = w->seen != NULL;
          g_clear_pointer (&w->seen, g_free);
          /* Whoever waits for this serial gets a snapshot, changed or not. */
          w->changed = TRUE;
          w->finishing = TRUE;
          w->n_expected = 0;
          next_publish = 0;
          break;

        case JOB_FLUSH:
          w->changed = TRUE;
          next_publish = 0;
          break;

        case JOB_RESERVE:
          worker_reserve (w, job->n_expected);
          /* Told with the first page, after its snapshot went out: the next waits for the
           * pause this length sets (not for one asked for at once). */
          if (next_publish != 0)
            next_publish = MAX (next_publish, last_publish + worker_publish_pause_us (w));
          break;

        case JOB_QUIT:
          job_free (job);
          return NULL;

        default:
          g_assert_not_reached ();
        }
      job_free (job);
    }
}

static void
worker_free (Worker *w)
{
  g_async_queue_unref (w->queue);
  g_main_context_unref (w->context);
  mailbox_unref (w->mailbox);
  g_clear_pointer (&w->last, pd_customer_snapshot_unref);
  pd_customer_arena_unref (w->arena);
  g_free (w->slots);
  g_free (w->current);
  g_free (w->seen);
  g_array_unref (w->pending);
  pd_sort_scratch_clear (&w->sort_scratch);
  g_free (w);
}

/* ---- The table object (main thread) ---- */

struct _PdCustomerTable
{
  GObject             parent_instance;

  Worker             *worker;
  GThread            *thread;
  guint64             serial;
  PdCustomerSnapshot *snapshot;
};

G_DEFINE_FINAL_TYPE (PdCustomerTable, pd_customer_table, G_TYPE_OBJECT)

enum
{
  SIGNAL_PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
deliver_snapshot (gpointer user_data)
{
  Delivery *delivery = user_data;
  g_autoptr(PdCustomerTable) self = g_weak_ref_get (&delivery->mailbox->table);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_clear_pointer (&self->snapshot, pd_customer_snapshot_unref);
  self->snapshot = pd_customer_snapshot_ref (delivery->snapshot);
  g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0, self->snapshot);

  return G_SOURCE_REMOVE;
}

static void
push_job (PdCustomerTable *self,
          Job             *job)
{
  job->serial = ++self->serial;
  g_async_queue_push (self->worker->queue, job);
}

static void
pd_customer_table_dispose (GObject *object)
{
  PdCustomerTable *self = PD_CUSTOMER_TABLE (object);

  if (self->thread != NULL)
    {
      Job *job = g_new0 (Job, 1);

      job->kind = JOB_QUIT;
      push_job (self, job);
      g_thread_join (g_steal_pointer (&self->thread));
      g_weak_ref_set (&self->worker->mailbox->table, NULL);
    }

  G_OBJECT_CLASS (pd_customer_table_parent_class)->dispose (object);
}

static void
pd_customer_table_finalize (GObject *object)
{
  PdCustomerTable *self = PD_CUSTOMER_TABLE (object);

  /* The thread has ended (dispose): nothing else uses the worker. */
  g_clear_pointer (&self->worker, worker_free);
  g_clear_pointer (&self->snapshot, pd_customer_snapshot_unref);

  G_OBJECT_CLASS (pd_customer_table_parent_class)->finalize (object);
}

static void
pd_customer_table_class_init (PdCustomerTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_customer_table_dispose;
  object_class->finalize = pd_customer_table_finalize;

  /**
   * PdCustomerTable::published:
   * @snapshot: (transfer none): the new snapshot
   *
   * A new snapshot is ready (on the main context the table was made on).
   */
  signals[SIGNAL_PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  PD_TYPE_CUSTOMER_SNAPSHOT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pd_customer_table_init (PdCustomerTable *self)
{
}

PdCustomerTable *
pd_customer_table_new (guint publish_interval_ms)
{
  PdCustomerTable *self = g_object_new (PD_TYPE_CUSTOMER_TABLE, NULL);
  Worker *w = g_new0 (Worker, 1);

  w->queue = g_async_queue_new_full ((GDestroyNotify) job_free);
  w->context = g_main_context_ref_thread_default ();
  w->mailbox = g_atomic_rc_box_new0 (Mailbox);
  g_weak_ref_init (&w->mailbox->table, self);
  w->publish_interval_ms = publish_interval_ms;
  w->shown_order = -1;
  w->arena = pd_customer_arena_new ();
  w->pending = g_array_new (FALSE, FALSE, sizeof (guint32));
  w->last = pd_customer_snapshot_new_empty (w->arena);
  worker_rehash (w, 1024);

  self->worker = w;
  self->snapshot = pd_customer_snapshot_ref (w->last);
  /* At most 15 bytes: GLib 2.74 leaves a longer name unset (pthread_setname_np()). */
  self->thread = g_thread_new ("pd-customer-tbl", worker_main, w);

  return self;
}

guint64
pd_customer_table_add (PdCustomerTable *self,
                       GPtrArray       *customers)
{
  Job *job;

  g_return_val_if_fail (PD_IS_CUSTOMER_TABLE (self), 0);
  g_return_val_if_fail (customers != NULL, 0);

  /* Nothing per customer here: reading, folding and sorting are the table thread's. */
  job = g_new0 (Job, 1);
  job->kind = JOB_ADD;
  job->customers = g_ptr_array_ref (customers);
  push_job (self, job);

  return self->serial;
}

void
pd_customer_table_set_shown_order (PdCustomerTable *self,
                                   PdCustomerOrder  order)
{
  g_return_if_fail (PD_IS_CUSTOMER_TABLE (self));
  g_return_if_fail (order < PD_CUSTOMER_N_ORDERS);

  g_atomic_int_set (&self->worker->shown_order, (gint) order);
}

void
pd_customer_table_reserve (PdCustomerTable *self,
                           guint            n_customers)
{
  Job *job;

  g_return_if_fail (PD_IS_CUSTOMER_TABLE (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_RESERVE;
  job->n_expected = n_customers;
  push_job (self, job);
}

void
pd_customer_table_begin_refresh (PdCustomerTable *self)
{
  Job *job;

  g_return_if_fail (PD_IS_CUSTOMER_TABLE (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_BEGIN_REFRESH;
  push_job (self, job);
}

guint64
pd_customer_table_finish_load (PdCustomerTable *self,
                               gboolean         remove_unseen)
{
  Job *job;

  g_return_val_if_fail (PD_IS_CUSTOMER_TABLE (self), 0);

  job = g_new0 (Job, 1);
  job->kind = JOB_FINISH;
  job->remove_unseen = remove_unseen;
  push_job (self, job);

  return self->serial;
}

guint64
pd_customer_table_flush (PdCustomerTable *self)
{
  Job *job;

  g_return_val_if_fail (PD_IS_CUSTOMER_TABLE (self), 0);

  job = g_new0 (Job, 1);
  job->kind = JOB_FLUSH;
  push_job (self, job);

  return self->serial;
}

PdCustomerSnapshot *
pd_customer_table_get_snapshot (PdCustomerTable *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_TABLE (self), NULL);

  return self->snapshot;
}
