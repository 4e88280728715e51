/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-batch.c: the billing profiles of many customers, read a few at a time. */

#include "config.h"

#define G_LOG_DOMAIN "pd-billing-batch"

#include "pd-api-error.h"
#include "pd-billing-batch.h"

/* A read still throttled after the client's retries waits this long at least, doubling
 * while the throttling lasts, up to the maximum. */
#define MIN_THROTTLE_WAIT_MS  1000
#define MAX_THROTTLE_WAIT_MS  60000
/* After this many throttled rounds of one read it counts as failed, so an export ends. */
#define MAX_THROTTLED_ROUNDS  10

typedef struct
{
  PdClient               *client;
  GStrv                   ids;
  guint                   n_ids;
  guint                   next;          /* the next id never asked for */
  GQueue                  again;         /* indices of ids to ask for again */
  guint8                 *rounds;        /* throttled rounds per id */
  guint                   in_flight;
  guint                   max_in_flight;
  guint                   done;
  guint                   failed;
  GHashTable             *profiles;
  /* No read starts before this (monotonic µs): the service asked to wait. */
  gint64                  resume_at;
  guint                   throttle_wait_ms;
  guint                   wake_id;
  GSource                *cancel_source;
  PdBillingBatchProgress  progress;
  gpointer                progress_data;
  gboolean                returned;
} Batch;

/* One read: its batch's task and which id. */
typedef struct
{
  GTask *task;
  guint  index;
} Read;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_clear_handle_id (&batch->wake_id, g_source_remove);
  if (batch->cancel_source != NULL)
    g_source_destroy (batch->cancel_source);
  g_clear_pointer (&batch->cancel_source, g_source_unref);
  g_clear_object (&batch->client);
  g_strfreev (batch->ids);
  g_queue_clear (&batch->again);
  g_free (batch->rounds);
  g_clear_pointer (&batch->profiles, g_hash_table_unref);
  g_free (batch);
}

static void     start_read (GTask   *task,
                            guint    index);
static gboolean wake_cb    (gpointer user_data);

/* Starts what may start; answers the task once nothing is left or it was cancelled (and
 * no read of it is still out). */
static void
pump (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);
  gint64 now;

  if (batch->returned)
    return;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      if (batch->in_flight == 0)
        {
          batch->returned = TRUE;
          g_task_return_error_if_cancelled (task);
        }
      return;
    }

  now = g_get_monotonic_time ();
  if (now < batch->resume_at)
    {
      /* The timer holds the task: no read may be out to hold it meanwhile. */
      if (batch->wake_id == 0)
        batch->wake_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                             (batch->resume_at - now) / 1000 + 1,
                                             wake_cb, g_object_ref (task), g_object_unref);
      return;
    }

  while (batch->in_flight < batch->max_in_flight
         && (!g_queue_is_empty (&batch->again) || batch->next < batch->n_ids))
    {
      if (!g_queue_is_empty (&batch->again))
        start_read (task, GPOINTER_TO_UINT (g_queue_pop_head (&batch->again)));
      else
        start_read (task, batch->next++);
    }

  if (batch->in_flight == 0)
    {
      batch->returned = TRUE;
      g_task_return_pointer (task, g_hash_table_ref (batch->profiles),
                             (GDestroyNotify) g_hash_table_unref);
    }
}

static gboolean
wake_cb (gpointer user_data)
{
  GTask *task = user_data;
  Batch *batch = g_task_get_task_data (task);

  batch->wake_id = 0;
  pump (task);
  return G_SOURCE_REMOVE;
}

/* The service still throttles after the client's own retries: everyone waits, longer
 * each time it still says no. */
static void
hold_back (Batch        *batch,
           guint         index,
           const GError *error)
{
  guint wait_ms = MAX (pd_api_error_get_retry_after (error) * 1000, MIN_THROTTLE_WAIT_MS);

  batch->throttle_wait_ms = CLAMP (MAX (wait_ms, batch->throttle_wait_ms * 2),
                                   MIN_THROTTLE_WAIT_MS, MAX_THROTTLE_WAIT_MS);
  batch->resume_at = MAX (batch->resume_at,
                          g_get_monotonic_time () + (gint64) batch->throttle_wait_ms * 1000);
  g_debug ("Billing profile of %s throttled: reads wait %u ms",
           batch->ids[index], batch->throttle_wait_ms);
  g_queue_push_tail (&batch->again, GUINT_TO_POINTER (index));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(GTask) task = read->task;
  Batch *batch = g_task_get_task_data (task);
  guint index = read->index;
  g_autoptr(GError) error = NULL;
  PdBillingProfile *profile;
  gboolean counted = TRUE;

  g_free (read);
  profile = pd_client_get_billing_profile_finish (PD_CLIENT (source), result, &error);
  batch->in_flight--;

  if (profile != NULL)
    {
      g_hash_table_replace (batch->profiles, g_strdup (batch->ids[index]), profile);
      batch->done++;
      batch->throttle_wait_ms = 0;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* pump() answers once the last read is back. */
      counted = FALSE;
    }
  else if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_THROTTLED)
           && ++batch->rounds[index] < MAX_THROTTLED_ROUNDS)
    {
      hold_back (batch, index, error);
      counted = FALSE;
    }
  else
    {
      g_debug ("Billing profile of %s not read: %s", batch->ids[index], error->message);
      batch->failed++;
      batch->done++;
    }

  /* Not after a cancel: whoever listens may be gone. */
  if (counted && batch->progress != NULL
      && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    batch->progress (batch->done, batch->n_ids, batch->progress_data);

  pump (task);
}

static void
start_read (GTask *task,
            guint  index)
{
  Batch *batch = g_task_get_task_data (task);
  Read *read = g_new0 (Read, 1);

  read->task = g_object_ref (task);
  read->index = index;
  batch->in_flight++;
  pd_client_get_billing_profile_async (batch->client, batch->ids[index],
                                       g_task_get_cancellable (task), read_cb, read);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* Held: the wait's timer may hold the last reference. */
  g_autoptr(GTask) task = g_object_ref (user_data);
  Batch *batch = g_task_get_task_data (task);

  /* A wait for the service ends now: nothing more is asked. */
  g_clear_handle_id (&batch->wake_id, g_source_remove);
  pump (task);
  return G_SOURCE_REMOVE;
}

void
pd_billing_batch_read_async (PdClient               *client,
                             const char * const     *customer_ids,
                             guint                   max_in_flight,
                             PdBillingBatchProgress  progress,
                             gpointer                progress_data,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;

  g_return_if_fail (PD_IS_CLIENT (client));
  g_return_if_fail (customer_ids != NULL);
  g_return_if_fail (max_in_flight > 0);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_billing_batch_read_async);
  /* Every read must be back before the answer: no request outlives the batch. */
  g_task_set_check_cancellable (task, FALSE);

  batch = g_new0 (Batch, 1);
  batch->client = g_object_ref (client);
  batch->ids = g_strdupv ((char **) customer_ids);
  batch->n_ids = g_strv_length (batch->ids);
  batch->rounds = g_new0 (guint8, batch->n_ids);
  batch->max_in_flight = max_in_flight;
  batch->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  batch->progress = progress;
  batch->progress_data = progress_data;
  g_queue_init (&batch->again);
  g_task_set_task_data (task, batch, batch_free);

  if (cancellable != NULL)
    {
      /* The task's reference: the source goes with the batch (batch_free). */
      batch->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (batch->cancel_source, G_SOURCE_FUNC (cancelled_cb), task, NULL);
      g_source_attach (batch->cancel_source, g_task_get_context (task));
    }

  pump (task);
}

GHashTable *
pd_billing_batch_read_finish (PdClient      *client,
                              GAsyncResult  *result,
                              guint         *n_failed,
                              GError       **error)
{
  GHashTable *profiles;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, pd_billing_batch_read_async), NULL);

  profiles = g_task_propagate_pointer (G_TASK (result), error);
  if (n_failed != NULL)
    *n_failed = profiles != NULL
                ? ((Batch *) g_task_get_task_data (G_TASK (result)))->failed
                : 0;

  return profiles;
}
