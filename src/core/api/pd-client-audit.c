/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-audit.c: PdClient's audit records call: a customer's last 90 days of activity,
 * in three 30-day windows read in parallel, each page by page (through the pager). */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include "pd-audit-record.h"
#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-customer-pager.h"
#include "pd-json.h"

/* The service keeps 90 days and answers at most 30 days a request: three windows. */
#define WINDOW_DAYS 30
#define N_WINDOWS   3
/* Records per page: the collections' usual maximum. */
#define AUDIT_PAGE_SIZE 500

typedef struct
{
  PdAuditPageFunc  page_func;
  gpointer         page_data;
  GDestroyNotify   page_data_destroy;
  GCancellable    *cancellable;  /* the windows': cancelled on the first error */
  gulong           cancelled_id;
  GCancellable    *caller_cancellable;
  guint            n_running;
  guint            n_records;
  GError          *error;        /* the first window's error */
} AuditData;

static void
audit_data_free (AuditData *data)
{
  if (data->page_data_destroy != NULL)
    data->page_data_destroy (data->page_data);
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_clear_error (&data->error);
  g_free (data);
}

/* One window's pages go straight on: records are shown as they arrive, whichever window
 * brings them first. */
static void
window_page_cb (GPtrArray *records,
                guint      total_count,
                gpointer   user_data)
{
  GTask *task = user_data;
  AuditData *data = g_task_get_task_data (task);

  if (data->error != NULL || g_cancellable_is_cancelled (data->cancellable))
    return;
  data->n_records += records->len;
  if (data->page_func != NULL && records->len > 0)
    data->page_func (records, data->page_data);
}

static void
window_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AuditData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!pd_customer_pager_finish (PD_CLIENT (source), result, pd_client_list_audit_records_async,
                                 NULL, &error) && data->error == NULL)
    {
      /* The other windows would only be thrown away: stop them. */
      data->error = g_steal_pointer (&error);
      g_cancellable_cancel (data->cancellable);
    }

  if (--data->n_running > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else if (g_cancellable_is_cancelled (data->caller_cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  else
    g_task_return_int (task, data->n_records);
}

/* The `filter` query for one customer, URI-escaped. Returns: (transfer full) */
static char *
customer_filter (const char *customer_id)
{
  g_autoptr(GString) filter = g_string_new ("{\"Field\":\"CustomerId\",\"Value\":");

  pd_json_append_string (filter, customer_id);
  g_string_append (filter, ",\"Operator\":\"equals\"}");
  return g_uri_escape_string (filter->str, NULL, FALSE);
}

/* The URL of window @index (0: the newest 30 days) counted back from @today (UTC). */
static char *
window_url (PdClient   *self,
            GDateTime  *today,
            const char *filter,
            guint       index)
{
  g_autoptr(GDateTime) end = g_date_time_add_days (today, -(int) (index * WINDOW_DAYS));
  g_autoptr(GDateTime) start = g_date_time_add_days (end, -(WINDOW_DAYS - 1));
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *end_text = g_date_time_format (end, "%Y-%m-%d");

  /* Both dates count: 90 days in all, the oldest start no older than the service keeps. */
  return pd_client_api_url (self, "/auditrecords?startDate=%s&endDate=%s&size=%u&filter=%s",
                            start_text, end_text, AUDIT_PAGE_SIZE, filter);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *windows)
{
  g_cancellable_cancel (windows);
}

/**
 * pd_client_list_audit_records_async:
 * @self: a #PdClient
 * @customer_id: the customer's tenant id
 * @now: (nullable): the moment the 90 days end (NULL: now)
 * @page_func: (scope notified): called on this thread's main context with each page's
 *   records as it arrives (windows interleave: the caller orders them)
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the listing ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every window was read, or on the first error
 * @user_data: data for @callback
 *
 * Reads `GET /v1/auditrecords` for @customer_id: three 30-day windows at once, each
 * paged. The first error (403, 400, 429, 404 where the cloud has no audit records, …)
 * stops the other windows and ends the call; the pages delivered so far stand.
 */
void
pd_client_list_audit_records_async (PdClient            *self,
                                    const char          *customer_id,
                                    GDateTime           *now,
                                    PdAuditPageFunc      page_func,
                                    gpointer             page_data,
                                    GDestroyNotify       page_data_destroy,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *filter = NULL;
  AuditData *data;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_list_audit_records_async);
  /* The windows' outcome decides, even when the caller cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (AuditData, 1);
  data->page_func = page_func;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) audit_data_free);

  today = now != NULL ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  filter = customer_filter (customer_id);
  data->n_running = N_WINDOWS;
  for (guint i = 0; i < N_WINDOWS; i++)
    pd_pager_start_items (self, window_url (self, today, filter, i), AUDIT_PAGE_SIZE,
                          pd_client_list_audit_records_async,
                          (PdPagerItemFromJson) pd_audit_record_new_from_json,
                          window_page_cb, task, NULL, data->cancellable, window_done_cb,
                          g_object_ref (task));
}

/**
 * pd_client_list_audit_records_finish:
 * @n_records: (out) (optional): how many records were delivered
 *
 * Returns: TRUE when all 90 days were read
 */
gboolean
pd_client_list_audit_records_finish (PdClient      *self,
                                     GAsyncResult  *result,
                                     guint         *n_records,
                                     GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_list_audit_records_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_records != NULL)
    *n_records = (guint) n;
  return TRUE;
}
