/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-streams.c: PdClient's listing of every customer in parallel streams, one per
 * first character of the domain, cross-checked against the list's totalCount, with the
 * page-after-page listing to fall back on when anything does not add up. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-customer-pager.h"

/* Every domain starts with a letter or a digit, and the filter ignores case: these 36
 * prefixes partition the customers. That they really do is checked, never assumed. */
static const char stream_prefixes[] = "abcdefghijklmnopqrstuvwxyz0123456789";
#define N_STREAMS (G_N_ELEMENTS (stream_prefixes) - 1)

/* The streams cost 36 first pages more: below this many pages the plain listing is as
 * quick (12 streams take ceil ((pages + 36) / 12) + 1 round trips). */
#define MIN_PARALLEL_PAGES 8
/* The service allows 500 requests a minute per tenant on customers. A parallel listing
 * starts only when all of its requests (the first page, one more the plain listing may
 * have asked for, every stream's pages and one short page per stream) fit in 400, which
 * leaves the app's other calls room: however fast the listing runs, it stays inside any
 * minute's budget. A larger list is read page after page (at most ~200 requests a minute
 * at the service's pace). */
#define REQUEST_BUDGET 400
/* 429s lower the streams in flight by half, at most this often; a 429 with one stream in
 * flight gives the streams up. */
#define BACKOFF_INTERVAL_US (G_USEC_PER_SEC)

typedef enum
{
  MODE_PROBE,           /* the whole list's first page is awaited */
  MODE_SEQUENTIAL,      /* the plain listing goes on: a small list */
  MODE_PARALLEL,        /* the domain streams run */
  MODE_PROBE_COMPLETE,  /* the first page had no next link: it was all */
  MODE_FALLBACK,        /* streams stopping; then the plain listing from the start */
} Mode;

typedef struct _AllData AllData;

typedef struct
{
  AllData  *all;
  GTask    *task;        /* held while the stream's listing runs */
  char      prefix[2];
  guint     sample;      /* customers of the first page with this prefix: the order */
  guint     total;       /* the stream's totalCount, by its first page */
  guint     delivered;   /* customers its pages brought */
  gboolean  first_seen;
} Stream;

struct _AllData
{
  GTask              *task;  /* not held: the data lives in it */
  PdCustomerPageFunc  page_func;
  gpointer            page_data;
  GDestroyNotify      page_data_destroy;
  GCancellable       *caller;
  gulong              caller_id;
  GCancellable       *probe_cancellable;
  GCancellable       *streams_cancellable;
  GCancellable       *sequential_cancellable;
  guint               page_size;
  Mode                mode;
  gboolean            probe_running;
  gboolean            sequential_started;
  guint               probe_count;     /* customers of the first page */
  gboolean            count_only;      /* page after page: customers counted, ids not kept */
  guint               n_delivered;
  gint64              probe_started;   /* when the first page was asked for */
  guint               total;           /* the whole list's totalCount */
  Stream              streams[N_STREAMS];
  guint               order[N_STREAMS];
  guint               n_started;
  guint               n_running;
  guint               n_first_pages;
  guint               max_in_flight;
  guint               most_in_flight;
  guint               throttled_seen;
  gint64              last_backoff_us;
  GHashTable         *ids;             /* every id delivered (strings in id_chunk) */
  GStringChunk       *id_chunk;
  guint               result_streams;  /* for pd_client_list_all_customers_get_streams() */
  gboolean            returned;
};

static void
all_data_free (AllData *data)
{
  if (data->page_data_destroy != NULL)
    data->page_data_destroy (data->page_data);
  if (data->caller != NULL)
    g_cancellable_disconnect (data->caller, data->caller_id);
  g_clear_object (&data->caller);
  g_clear_object (&data->probe_cancellable);
  g_clear_object (&data->streams_cancellable);
  g_clear_object (&data->sequential_cancellable);
  g_clear_pointer (&data->ids, g_hash_table_unref);
  g_clear_pointer (&data->id_chunk, g_string_chunk_free);
  g_free (data);
}

static gboolean
caller_cancelled (AllData *data)
{
  return g_cancellable_is_cancelled (data->caller);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     AllData      *data)
{
  g_cancellable_cancel (data->probe_cancellable);
  g_cancellable_cancel (data->streams_cancellable);
  g_cancellable_cancel (data->sequential_cancellable);
}

static void
forget_ids (AllData *data)
{
  g_hash_table_remove_all (data->ids);
  g_string_chunk_clear (data->id_chunk);
}

/* Page after page, the pager's guards are enough and the count is what came: no set of
 * ids (10 MB and a hash per customer at 100,000, on the main thread). */
static void
count_only (AllData *data)
{
  forget_ids (data);
  data->count_only = TRUE;
  data->n_delivered = 0;
}

/* Hands @customers to the caller, with the whole list's count; with @only_new, only the
 * customers no earlier page brought (the streams overlap the first page). */
static void
deliver (AllData   *data,
         GPtrArray *customers,
         guint      total_count,
         gboolean   only_new)
{
  g_autoptr(GPtrArray) fresh = NULL;

  if (data->count_only)
    {
      data->n_delivered += customers->len;
      if (data->page_func != NULL)
        data->page_func (customers, total_count, data->page_data);
      return;
    }
  if (only_new)
    fresh = g_ptr_array_new_full (customers->len, g_object_unref);
  for (guint i = 0; i < customers->len; i++)
    {
      PdCustomer *customer = g_ptr_array_index (customers, i);
      const char *id = pd_customer_get_id (customer);
      gboolean is_new = id != NULL && !g_hash_table_contains (data->ids, id);

      if (is_new)
        g_hash_table_add (data->ids, g_string_chunk_insert (data->id_chunk, id));
      if (only_new && is_new)
        g_ptr_array_add (fresh, g_object_ref (customer));
    }

  if (data->page_func == NULL)
    return;
  if (!only_new)
    data->page_func (customers, total_count, data->page_data);
  else if (fresh->len > 0)
    data->page_func (fresh, total_count, data->page_data);
}

static void
return_result (AllData *data,
               GError  *error)  /* (transfer full) (nullable) */
{
  g_autoptr(GTask) task = g_object_ref (data->task);

  g_assert (!data->returned);
  data->returned = TRUE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, data->count_only ? data->n_delivered
                                              : g_hash_table_size (data->ids));
}

static void maybe_finish (AllData *data);

/* Stops the streams (the pages they delivered stand: the caller's table keeps each
 * customer once) and, once they stopped, reads the list again from its start. */
static void
fall_back (AllData    *data,
           const char *reason)
{
  g_assert (data->mode == MODE_PARALLEL);

  g_debug ("Listing customers in %u streams: %s; reading them page after page instead",
           (guint) N_STREAMS, reason);
  data->mode = MODE_FALLBACK;
  g_cancellable_cancel (data->streams_cancellable);
  maybe_finish (data);
}

/* ------------------------------------------------------------------------------------- */
/* The plain listing: the first page, then (small list) the rest, or the fall-back */

static void
sequential_page_cb (GPtrArray *customers,
                    guint      total_count,
                    gpointer   user_data)
{
  AllData *data = user_data;

  if (!caller_cancelled (data))
    deliver (data, customers, total_count, FALSE);
}

static void
sequential_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AllData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_client_list_customers_finish (PD_CLIENT (source), result, NULL, &error))
    return_result (data, error);
  else
    return_result (data, NULL);
}

static void
start_sequential (AllData *data)
{
  PdClient *self = g_task_get_source_object (data->task);

  /* The count to report is the complete listing's. */
  count_only (data);
  data->sequential_started = TRUE;
  pd_client_list_customers_async (self, data->page_size, sequential_page_cb, data, NULL,
                                  data->sequential_cancellable, sequential_done_cb,
                                  g_object_ref (data->task));
}

/* ------------------------------------------------------------------------------------- */
/* The domain streams */

static void
stream_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data);
static void
stream_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data);

/* Whether the service answered 429 since the last look: then fewer streams at once, and
 * with only one left, the streams are given up. */
static void
note_throttling (AllData *data)
{
  PdClient *self = g_task_get_source_object (data->task);
  guint n_throttled = pd_client_get_n_throttled (self);
  gint64 now;

  if (n_throttled == data->throttled_seen)
    return;
  data->throttled_seen = n_throttled;

  /* The streams in flight were answered 429 together: one back-off for them. */
  now = g_get_monotonic_time ();
  if (now - data->last_backoff_us < BACKOFF_INTERVAL_US)
    return;
  data->last_backoff_us = now;

  if (data->max_in_flight > 1)
    {
      data->max_in_flight /= 2;
      g_debug ("Listing customers: throttled; at most %u streams at once now",
               data->max_in_flight);
    }
  else
    fall_back (data, "throttled with one stream at a time");
}

static void
start_streams (AllData *data)
{
  PdClient *self = g_task_get_source_object (data->task);

  while (data->mode == MODE_PARALLEL && data->n_started < N_STREAMS &&
         data->n_running < data->max_in_flight)
    {
      Stream *stream = &data->streams[data->order[data->n_started++]];

      stream->task = g_object_ref (data->task);
      data->n_running++;
      data->most_in_flight = MAX (data->most_in_flight, data->n_running);
      pd_client_search_customers_async (self, PD_SEARCH_FIELD_DOMAIN, stream->prefix,
                                        data->page_size, stream_page_cb, stream, NULL,
                                        data->streams_cancellable, stream_done_cb, stream);
    }
}

/* When every stream's first page is in: their counts must add up to the whole list's. */
static gboolean
check_first_pages (AllData *data)
{
  guint64 sum = 0;

  for (guint i = 0; i < N_STREAMS; i++)
    sum += data->streams[i].total;
  if (sum == data->total)
    return TRUE;

  g_debug ("Listing customers: the domain streams count %" G_GUINT64_FORMAT
           " customers, the list %u", sum, data->total);
  return FALSE;
}

static void
stream_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data)
{
  Stream *stream = user_data;
  AllData *data = stream->all;

  if (data->mode != MODE_PARALLEL || caller_cancelled (data))
    return;
  note_throttling (data);
  if (data->mode != MODE_PARALLEL)
    return;

  if (!stream->first_seen)
    {
      stream->first_seen = TRUE;
      stream->total = total_count;
      if (++data->n_first_pages == N_STREAMS && !check_first_pages (data))
        {
          fall_back (data, "the streams' counts do not add up to the list's");
          return;
        }
    }

  stream->delivered += customers->len;
  if (stream->delivered > stream->total)
    {
      fall_back (data, "a stream brought more customers than it counted");
      return;
    }
  deliver (data, customers, data->total, TRUE);
}

static void
stream_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&stream->task);
  AllData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_client_search_customers_finish (PD_CLIENT (source), result, NULL, &error);
  data->n_running--;

  if (data->mode == MODE_PARALLEL && !caller_cancelled (data))
    {
      /* A service that refuses the filter (400), a stream that fails after its retries:
       * the plain listing may still work. */
      if (!ok)
        fall_back (data, error->message);
      else if (!stream->first_seen || stream->delivered != stream->total)
        fall_back (data, "a stream did not bring the customers it counted");
      else
        note_throttling (data);
      start_streams (data);
    }
  maybe_finish (data);
}

/* Lays out the streams, biggest first by how many customers of the first page each
 * holds, so the longest streams do not start last. */
static void
plan_streams (AllData   *data,
              GPtrArray *first_page)
{
  for (guint i = 0; i < N_STREAMS; i++)
    {
      data->streams[i].all = data;
      data->streams[i].prefix[0] = stream_prefixes[i];
      data->streams[i].prefix[1] = '\0';
    }

  for (guint i = 0; i < first_page->len; i++)
    {
      const char *domain = pd_customer_get_domain (g_ptr_array_index (first_page, i));
      const char *at = domain != NULL ? strchr (stream_prefixes,
                                                g_ascii_tolower (domain[0])) : NULL;

      if (at != NULL && *at != '\0')
        data->streams[at - stream_prefixes].sample++;
    }

  /* An insertion sort, stable: ties keep the alphabet's order. */
  for (guint i = 0; i < N_STREAMS; i++)
    {
      guint j = i;

      for (; j > 0 && data->streams[data->order[j - 1]].sample < data->streams[i].sample; j--)
        data->order[j] = data->order[j - 1];
      data->order[j] = i;
    }
}

/* ------------------------------------------------------------------------------------- */
/* The first page decides */

/* Whether reading @total customers in streams is worth it and within the budget. */
static gboolean
parallel_pays (AllData *data,
               guint    first_page_len,
               guint    total)
{
  PdClient *self = g_task_get_source_object (data->task);
  guint64 pages = ((guint64) total + data->page_size - 1) / data->page_size;
  /* Streams win over round trips; a page that came at once (loopback) says the client's
   * own work sets the pace, and 36 more first pages would only add to it. */
  gint64 page_time = g_get_monotonic_time () - data->probe_started;

  return pd_client_get_max_streams (self) > 1 && total > first_page_len &&
         pages > MIN_PARALLEL_PAGES && 2 + N_STREAMS + pages <= REQUEST_BUDGET &&
         page_time >= pd_client_get_streams_min_page_time (self);
}

static void
probe_page_cb (GPtrArray *customers,
               guint      total_count,
               gpointer   user_data)
{
  AllData *data = user_data;

  if (caller_cancelled (data))
    return;

  if (data->mode == MODE_PROBE)
    {
      data->probe_count = customers->len;
      if (!parallel_pays (data, customers->len, total_count))
        {
          data->mode = MODE_SEQUENTIAL;
          count_only (data);
        }
      else
        {
          /* The plain listing stops here (unless this page was its last, which its
           * outcome tells): the streams bring the rest. */
          data->mode = MODE_PARALLEL;
          data->total = total_count;
          g_cancellable_cancel (data->probe_cancellable);
          plan_streams (data, customers);
          deliver (data, customers, total_count, FALSE);
          start_streams (data);
          return;
        }
    }

  if (data->mode == MODE_SEQUENTIAL)
    deliver (data, customers, total_count, FALSE);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AllData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  ok = pd_client_list_customers_finish (PD_CLIENT (source), result, NULL, &error);
  data->probe_running = FALSE;

  switch (data->mode)
    {
    case MODE_PROBE:
    case MODE_SEQUENTIAL:
      return_result (data, ok ? NULL : error);
      return;
    case MODE_PARALLEL:
      /* Its first page had no next link: the server's own listing is complete. */
      if (ok)
        {
          data->mode = MODE_PROBE_COMPLETE;
          g_cancellable_cancel (data->streams_cancellable);
        }
      break;
    case MODE_PROBE_COMPLETE:
    case MODE_FALLBACK:
    default:
      break;
    }
  g_clear_error (&error);
  maybe_finish (data);
}

/* Ends the call, or starts the fall-back, once nothing of the earlier phase runs. */
static void
maybe_finish (AllData *data)
{
  if (data->returned || data->n_running > 0 || data->probe_running || data->sequential_started)
    return;

  if (caller_cancelled (data))
    {
      return_result (data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "Operation was cancelled"));
      return;
    }

  switch (data->mode)
    {
    case MODE_PARALLEL:
      if (data->n_started < N_STREAMS)
        break;
      /* Each stream brought what it counted, the counts add up to the list's: then
       * exactly the list's number of distinct customers means every one of them. */
      if (g_hash_table_size (data->ids) == data->total)
        {
          data->result_streams = data->most_in_flight;
          return_result (data, NULL);
          return;
        }
      fall_back (data, "the streams brought another number of customers than the list's");
      break;
    case MODE_FALLBACK:
      start_sequential (data);
      break;
    case MODE_PROBE_COMPLETE:
      /* What the plain listing would have said; the streams' extra pages stand. */
      data->returned = TRUE;
      g_task_return_int (data->task, data->probe_count);
      break;
    case MODE_PROBE:
    case MODE_SEQUENTIAL:
    default:
      break;
    }
}

/* ------------------------------------------------------------------------------------- */
/* The call */

/**
 * pd_client_list_all_customers_async:
 * @self: a #PdClient
 * @page_size: customers per page (clamped to 1..500)
 * @page_func: (scope notified): called on this thread's main context with the customers
 *   as they come, in no set order; never after @cancellable is cancelled
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the listing ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every customer was delivered, or on an error
 * @user_data: data for @callback
 *
 * Reads the first page of the list. A list of more than a few pages is then read in 36
 * listings filtered on the domain's first character (a–z, 0–9), at most
 * PD_CLIENT_DEFAULT_MAX_STREAMS at once, each paged (and bounded) as the plain listing is;
 * their pages bring only customers not delivered before. It counts as read when the
 * listings' totalCounts add up to the list's, each brought exactly its count and the
 * distinct customers are the list's number. A mismatch, a failed listing (a service that
 * refuses the filter), or 429s with one listing left go back to reading the list page
 * after page from its start, delivering every customer again.
 */
void
pd_client_list_all_customers_async (PdClient            *self,
                                    guint                page_size,
                                    PdCustomerPageFunc   page_func,
                                    gpointer             page_data,
                                    GDestroyNotify       page_data_destroy,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AllData *data;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_list_all_customers_async);
  /* The listings' outcome decides, even when the caller cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (AllData, 1);
  data->task = task;
  data->page_func = page_func;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  data->probe_cancellable = g_cancellable_new ();
  data->streams_cancellable = g_cancellable_new ();
  data->sequential_cancellable = g_cancellable_new ();
  data->max_in_flight = MAX (pd_client_get_max_streams (self), 1);
  data->throttled_seen = pd_client_get_n_throttled (self);
  data->ids = g_hash_table_new (g_str_hash, g_str_equal);
  data->id_chunk = g_string_chunk_new (64 * 1024);
  g_task_set_task_data (task, data, (GDestroyNotify) all_data_free);
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                               data, NULL);
    }

  data->probe_running = TRUE;
  data->probe_started = g_get_monotonic_time ();
  pd_client_list_customers_async (self, data->page_size, probe_page_cb, data, NULL,
                                  data->probe_cancellable, probe_done_cb,
                                  g_steal_pointer (&task));
}

/**
 * pd_client_list_all_customers_finish:
 * @n_customers: (out) (optional): the distinct customers of the listing that completed
 *
 * Returns: TRUE when every customer was delivered
 */
gboolean
pd_client_list_all_customers_finish (PdClient      *self,
                                     GAsyncResult  *result,
                                     guint         *n_customers,
                                     GError       **error)
{
  /* The same shape of result as a plain listing's. */
  return pd_customer_pager_finish (self, result, pd_client_list_all_customers_async,
                                   n_customers, error);
}

guint
pd_client_list_all_customers_get_streams (PdClient     *self,
                                          GAsyncResult *result)
{
  AllData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_list_all_customers_async, 0);

  data = g_task_get_task_data (G_TASK (result));
  return data->result_streams;
}
