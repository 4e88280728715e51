/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache-deliver.c: what the cache's worker hands back to the caller's main context: the
 * list page by page in order, results, and the tasks' last references. */

#include "config.h"

#define G_LOG_DOMAIN "pd-cache"

#include "pd-cache-private.h"
#include "pd-local-store.h"
#include "pd-run-on-context.h"

static void
run_on_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  destroy)
{
  pd_run_on_context (context, func, data, destroy, "[pd-cache]");
}

static gboolean
do_nothing (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* A task holds the cache: its last reference must not go on the worker, whose cache would
 * then wait for the worker to end. */
void
pd_cache_unref_task_on_its_context (GTask *task)
{
  run_on_context (g_task_get_context (task), do_nothing, task, g_object_unref);
}

typedef struct
{
  GTask          *task;
  gpointer        result;
  GDestroyNotify  result_free;
} Return;

static gboolean
return_now (gpointer data)
{
  Return *ret = data;

  g_task_return_pointer (ret->task, g_steal_pointer (&ret->result), ret->result_free);
  return G_SOURCE_REMOVE;
}

static void
return_free (gpointer data)
{
  Return *ret = data;

  if (ret->result != NULL)
    ret->result_free (ret->result);
  g_object_unref (ret->task);
  g_free (ret);
}

/* Returns @result on @task's context, where @task (transfer full) goes too: when the
 * callback has run, the cache is no longer held by the job. */
void
pd_cache_return_on_context (GTask          *task,
                            gpointer        result,
                            GDestroyNotify  result_free)
{
  Return *ret = g_new0 (Return, 1);

  ret->task = task;
  ret->result = result;
  ret->result_free = result_free;
  run_on_context (g_task_get_context (task), return_now, ret, return_free);
}

/* ---- Loading the list: pages handed to the caller's context in order ---- */

struct _PdCacheLoad
{
  PdCustomerPageFunc page_func;
  gpointer           page_data;
  GDestroyNotify     page_data_destroy;
  GMutex             lock;
  GQueue             pages;      /* GPtrArray, then NULL for the end */
  guint              n_customers;
  gint64             updated_at;
};

typedef struct
{
  guint      n_customers;
  GDateTime *updated_at;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->updated_at, g_date_time_unref);
  g_free (result);
}

void
pd_cache_load_free (PdCacheLoad *load)
{
  GPtrArray *page;

  while ((page = g_queue_pop_head (&load->pages)) != NULL)
    g_ptr_array_unref (page);
  g_queue_clear (&load->pages);
  g_mutex_clear (&load->lock);
  if (load->page_data_destroy != NULL)
    load->page_data_destroy (load->page_data);
  g_free (load);
}

/* On the caller's context, once per item queued: takes the oldest, so pages come in order
 * however the sources are dispatched. */
static gboolean
deliver_next (gpointer data)
{
  GTask *task = data;
  PdCacheLoad *load = g_task_get_task_data (task);
  GPtrArray *page;
  LoadResult *result;

  g_mutex_lock (&load->lock);
  page = g_queue_pop_head (&load->pages);
  g_mutex_unlock (&load->lock);

  if (page != NULL)
    {
      if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        load->page_func (page, 0, load->page_data);
      g_ptr_array_unref (page);
      return G_SOURCE_REMOVE;
    }

  /* The end: the page data goes before the callback runs. */
  if (load->page_data_destroy != NULL)
    load->page_data_destroy (load->page_data);
  load->page_data_destroy = NULL;
  load->page_data = NULL;
  result = g_new0 (LoadResult, 1);
  result->n_customers = load->n_customers;
  result->updated_at = load->updated_at != 0
    ? pd_local_store_date_from_usec (load->updated_at) : NULL;
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
  return G_SOURCE_REMOVE;
}

/* @task: (transfer full) */
static void
queue_for_caller (GTask     *task,
                  GPtrArray *page)
{
  PdCacheLoad *load = g_task_get_task_data (task);

  g_mutex_lock (&load->lock);
  g_queue_push_tail (&load->pages, page);
  g_mutex_unlock (&load->lock);
  run_on_context (g_task_get_context (task), deliver_next, task, g_object_unref);
}

static gboolean
sink_page (GPtrArray *customers,
           gpointer   data)
{
  GTask *task = data;
  PdCacheLoad *load = g_task_get_task_data (task);

  load->n_customers += customers->len;
  queue_for_caller (g_object_ref (task), customers);
  return !g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

void
pd_cache_run_load (PdCache  *self,
                   GTask    *task,
                   gboolean  ready)
{
  PdCacheLoad *load = g_task_get_task_data (task);

  /* A cache that cannot open is an empty one: the service still lists. */
  if (ready)
    {
      load->updated_at = pd_cache_store_get_updated_at (self);
      pd_cache_store_read_customers (self, sink_page, task);
    }
  queue_for_caller (task, NULL);
}

PdCacheLoad *
pd_cache_load_new (PdCustomerPageFunc page_func,
                   gpointer           page_data,
                   GDestroyNotify     page_data_destroy)
{
  PdCacheLoad *load = g_new0 (PdCacheLoad, 1);

  load->page_func = page_func;
  load->page_data = page_data;
  load->page_data_destroy = page_data_destroy;
  g_mutex_init (&load->lock);
  g_queue_init (&load->pages);
  return load;
}

gboolean
pd_cache_load_propagate (GTask      *task,
                         guint      *n_customers,
                         GDateTime **updated_at,
                         GError    **error)
{
  LoadResult *result = g_task_propagate_pointer (task, error);

  if (result == NULL)
    return FALSE;
  if (n_customers != NULL)
    *n_customers = result->n_customers;
  if (updated_at != NULL)
    *updated_at = g_steal_pointer (&result->updated_at);
  load_result_free (result);
  return TRUE;
}
