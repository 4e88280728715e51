/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-load.c: the customer list page loading its customers, page by page, into
 * its table, and what the list is once a load ends (done, stopped, failed). */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include "pd-customers-page-private.h"

PdCustomersCall *
pd_customers_call_new (PdCustomersPage *self)
{
  PdCustomersCall *call = g_new0 (PdCustomersCall, 1);

  call->self = g_object_ref (self);
  call->generation = self->generation;

  return call;
}

void
pd_customers_call_free (gpointer user_data)
{
  PdCustomersCall *call = user_data;

  g_object_unref (call->self);
  g_free (call);
}

gboolean
pd_customers_call_is_current (PdCustomersCall *call)
{
  return call->self->table != NULL && call->generation == call->self->generation;
}

static void published_cb (PdCustomersPage    *self,
                          PdCustomerSnapshot *snapshot);

/* A new table: the rows of the old one are other customers (or another connection's). */
void
pd_customers_page_clear_customers (PdCustomersPage *self)
{
  PdCustomerColumn column;
  gboolean descending;

  if (self->table != NULL)
    g_clear_signal_handler (&self->published_id, self->table);
  g_clear_object (&self->table);
  self->table = pd_customer_table_new (PD_PUBLISH_INTERVAL_MS);
  self->published_id = g_signal_connect_object (self->table, "published",
                                                G_CALLBACK (published_cb), self,
                                                G_CONNECT_SWAPPED);
  /* The end of a load then shows the list in its order first, the others just after. */
  if (pd_customer_columns_find_sort (self->column_view, &column, &descending))
    pd_customer_table_set_shown_order (self->table, (PdCustomerOrder) column);
  self->finish_serial = 0;
  self->total_count = 0;
  pd_customer_list_model_set_snapshot (self->model, pd_customer_table_get_snapshot (self->table));
}

static void
customer_page_cb (GPtrArray *customers,
                  guint      total_count,
                  gpointer   user_data)
{
  PdCustomersCall *data = user_data;
  PdCustomersPage *self = data->self;

  if (!pd_customers_call_is_current (data))
    return;

  g_debug ("page of %u customers (total %u) at %" G_GINT64_FORMAT " ms", customers->len,
           total_count, g_get_monotonic_time () / 1000);
  pd_customer_table_add (self->table, customers);
  self->listing_pages++;
  self->listing_customers += customers->len;
  /* Only a count above the page's own says how long the list is: some collections give
   * the page's count as totalCount (see the pager's bounds). The rows and their count
   * change with the table's snapshots (published_cb), a few times a second. */
  if (total_count > customers->len && total_count != self->total_count)
    {
      self->total_count = total_count;
      pd_customer_table_reserve (self->table, total_count);
      pd_customers_page_update_view (self);
    }
}

static void
restore_scroll_cb (gpointer user_data)
{
  g_autoptr(PdCustomersPage) self = user_data;
  GtkAdjustment *vadjustment;

  if (self->disposed || !gtk_widget_get_mapped (GTK_WIDGET (self->scrolled_window)))
    return;

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  if (gtk_adjustment_get_value (vadjustment) != self->restore_scroll)
    gtk_adjustment_set_value (vadjustment, self->restore_scroll);
}

/* The load has ended: the list takes @state once the table has shown its last rows. */
static void
end_load (PdCustomersPage *self,
          PdLoadState      state,
          const GError    *error)
{
  /* A complete pass over every page: whoever did not come is gone from the server. */
  gboolean remove_unseen = state == PD_LOAD_DONE && self->sweeping;

  self->final_state = state;
  self->finish_serial = pd_customer_table_finish_load (self->table, remove_unseen);
  pd_customers_page_cache_listing_ended (self, state, error);
}

static void
list_customers_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdCustomersCall *data = user_data;
  PdCustomersPage *self = data->self;
  g_autoptr(GError) error = NULL;
  guint n_customers = 0;
  gboolean ok;

  ok = pd_client_list_all_customers_finish (PD_CLIENT (source), result, &n_customers, &error);
  if (ok)
    g_debug ("listing done: %u customers, %u streams", n_customers,
             pd_client_list_all_customers_get_streams (PD_CLIENT (source), result));

  if (!pd_customers_call_is_current (data))
    {
      pd_customers_call_free (data);
      return;
    }

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_load (self, PD_LOAD_STOPPED, NULL);
        }
      else if (g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED)
               && pd_customers_page_ask_sign_in (self, error))
        {
          /* The session is gone: the window asks to sign in again, then reloads; that
           * emptied the page, so this load is over already. An open edit form asks by
           * itself when it submits, keeping its edits: then the window does not take
           * over, and the list (and the customer page under the form) stays. */
          if (pd_customers_call_is_current (data))
            end_load (self, PD_LOAD_STOPPED, NULL);
        }
      else
        {
          g_autofree char *message = pd_api_error_to_user_message (error);

          /* The error page speaks when nothing is loaded; with rows on screen, the status
           * bar says it for as long as the rows may be out of date (a toast would go). */
          adw_status_page_set_description (self->error_status, message);
          g_clear_error (&self->failure);
          end_load (self, PD_LOAD_FAILED, error);
          self->failure = g_steal_pointer (&error);
        }
      pd_customers_call_free (data);
      return;
    }

  end_load (self, PD_LOAD_DONE, NULL);
  pd_customers_call_free (data);
}

static void
published_cb (PdCustomersPage    *self,
              PdCustomerSnapshot *snapshot)
{
  gboolean finished = self->finish_serial != 0
                      && pd_customer_snapshot_get_serial (snapshot) >= self->finish_serial;
  PdCustomerRefreshChanges changes;

  pd_customer_list_model_set_snapshot (self->model, snapshot);

  if (!finished)
    {
      pd_customers_page_update_view (self);
      return;
    }

  self->finish_serial = 0;
  if (self->final_state == PD_LOAD_DONE)
    self->total_count = pd_customer_snapshot_get_n_customers (snapshot);
  /* A refresh of rows the user had (not the rest of a first load) says what it changed. */
  if (self->refreshing && self->final_state == PD_LOAD_DONE
      && pd_customer_snapshot_get_refresh_changes (snapshot, &changes))
    pd_customers_page_announce_changes (self, &changes);
  if (self->sweeping && self->final_state == PD_LOAD_DONE)
    {
      /* Rows may have come or gone above the view: put it back where it was. */
      g_idle_add_once (restore_scroll_cb, g_object_ref (self));
    }
  self->sweeping = FALSE;
  /* The cache takes the list from the table once it is whole (or as far as it came):
   * written on its own thread after the listing, it never competes with it. */
  if (self->caching && (self->final_state == PD_LOAD_DONE || self->listing_pages > 0))
    pd_cache_write_customers (self->cache, snapshot, self->final_state == PD_LOAD_DONE);
  self->caching = FALSE;
  pd_customers_page_set_state (self, self->final_state);
}

/* Whatever load or cache read runs is stale from now on. */
static void
cancel_load (PdCustomersPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  pd_customers_page_cancel_server_search (self);
  /* A listing cut short by another: that one writes the cache. */
  self->caching = FALSE;
  self->generation++;
  self->finish_serial = 0;
  self->sweeping = FALSE;
}

static void
list_from_service (PdCustomersPage *self)
{
  self->caching = self->cache != NULL;
  self->listing_pages = 0;
  self->listing_customers = 0;

  self->load_cancellable = g_cancellable_new ();
  pd_customers_page_set_state (self, PD_LOAD_RUNNING);

  /* Over a slow link, in parallel streams (pd-client-streams.c); pages come in no set
   * order, which the table does not mind. */
  pd_client_list_all_customers_async (self->client,
                                      PD_CLIENT_MAX_PAGE_SIZE,
                                      customer_page_cb, pd_customers_call_new (self),
                                      pd_customers_call_free,
                                      self->load_cancellable,
                                      list_customers_cb, pd_customers_call_new (self));
}

/* The rows on screen stay while the service lists every customer again; at the end, those
 * that did not come go. */
static void
start_refresh (PdCustomersPage *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  pd_customer_table_begin_refresh (self->table);
  self->sweeping = TRUE;
  self->restore_scroll = gtk_adjustment_get_value (vadjustment);
  list_from_service (self);
}

void
pd_customers_page_start_load (PdCustomersPage *self,
                              gboolean         keep_rows)
{
  cancel_load (self);

  if (self->client == NULL)
    {
      pd_customers_page_clear_customers (self);
      pd_customers_page_set_state (self, PD_LOAD_IDLE);
      return;
    }

  if (keep_rows && (pd_customer_list_model_get_n_customers (self->model) > 0 || self->from_cache))
    {
      /* Resuming a stopped or failed first load is no refresh: the rows are only the
       * first pages. Rows from the cache are a whole list, only an old one. */
      if (self->state == PD_LOAD_DONE || self->state == PD_LOAD_IDLE || self->from_cache)
        self->refreshing = TRUE;
      start_refresh (self);
      return;
    }

  pd_customers_page_clear_customers (self);
  self->refreshing = FALSE;
  list_from_service (self);
}

/* ---- Opening on the cached list ---- */

static void
cached_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data)
{
  PdCustomersCall *data = user_data;

  if (pd_customers_call_is_current (data))
    pd_customer_table_add (data->self->table, customers);
}

static void
cache_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdCustomersCall *data = user_data;
  PdCustomersPage *self = data->self;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GError) error = NULL;
  guint n_customers = 0;
  gboolean ok;

  ok = pd_cache_load_customers_finish (PD_CACHE (source), result, &n_customers, &updated_at,
                                       &error);
  if (!pd_customers_call_is_current (data))
    {
      pd_customers_call_free (data);
      return;
    }
  pd_customers_call_free (data);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stop: the cached rows read so far stay, as a stopped load's would. */
      end_load (self, PD_LOAD_STOPPED, NULL);
      return;
    }
  if (!ok)
    {
      /* A cache that cannot be read is no cache: the list comes from the service. */
      g_message ("Could not read the cached customers: %s", error->message);
      n_customers = 0;
    }

  g_debug ("%u cached customers at %" G_GINT64_FORMAT " ms", n_customers,
           g_get_monotonic_time () / 1000);
  g_clear_object (&self->load_cancellable);
  if (n_customers == 0)
    {
      list_from_service (self);
      return;
    }

  /* The cached rows show at once; the service's listing sweeps over them. */
  g_clear_pointer (&self->listed_at, g_date_time_unref);
  self->listed_at = g_steal_pointer (&updated_at);
  self->from_cache = TRUE;
  self->refreshing = TRUE;
  pd_customer_table_flush (self->table);
  start_refresh (self);
}

/* A new connection: its cached list shows first (if it has one), then the service's. */
void
pd_customers_page_start_from_cache (PdCustomersPage *self)
{
  if (self->client == NULL || self->cache == NULL)
    {
      pd_customers_page_start_load (self, FALSE);
      return;
    }

  cancel_load (self);
  pd_customers_page_clear_customers (self);
  self->refreshing = FALSE;
  self->from_cache = FALSE;
  /* Stop stops the cache read too. */
  self->load_cancellable = g_cancellable_new ();
  pd_customers_page_set_state (self, PD_LOAD_RUNNING);
  pd_cache_load_customers_async (self->cache, cached_page_cb, pd_customers_call_new (self),
                                 pd_customers_call_free, self->load_cancellable,
                                 cache_loaded_cb, pd_customers_call_new (self));
}
