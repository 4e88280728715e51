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
  if (self->table != NULL)
    g_clear_signal_handler (&self->published_id, self->table);
  g_clear_object (&self->table);
  self->table = pd_customer_table_new (PD_PUBLISH_INTERVAL_MS);
  self->published_id = g_signal_connect_object (self->table, "published",
                                                G_CALLBACK (published_cb), self,
                                                G_CONNECT_SWAPPED);
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
  /* Only a count above the page's own says how long the list is: some collections give
   * the page's count as totalCount (see the pager's bounds). The rows and their count
   * change with the table's snapshots (published_cb), a few times a second. */
  if (total_count > customers->len && total_count != self->total_count)
    {
      self->total_count = total_count;
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
          PdLoadState      state)
{
  /* A complete pass over every page: whoever did not come is gone from the server. */
  gboolean remove_unseen = state == PD_LOAD_DONE && self->sweeping;

  self->final_state = state;
  self->finish_serial = pd_customer_table_finish_load (self->table, remove_unseen);
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

  ok = pd_client_list_customers_finish (PD_CLIENT (source), result, &n_customers, &error);

  if (!pd_customers_call_is_current (data))
    {
      pd_customers_call_free (data);
      return;
    }

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_load (self, PD_LOAD_STOPPED);
        }
      else if (g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED)
               && pd_customers_page_ask_sign_in (self, error))
        {
          /* The session is gone: the window asks to sign in again, then reloads; that
           * emptied the page, so this load is over already. An open edit form asks by
           * itself when it submits, keeping its edits: then the window does not take
           * over, and the list (and the customer page under the form) stays. */
          if (pd_customers_call_is_current (data))
            end_load (self, PD_LOAD_STOPPED);
        }
      else
        {
          g_autofree char *message = pd_api_error_to_user_message (error);

          /* The error page speaks when nothing is loaded; with rows on screen, the status
           * bar says it for as long as the rows may be out of date (a toast would go). */
          adw_status_page_set_description (self->error_status, message);
          g_clear_error (&self->failure);
          self->failure = g_steal_pointer (&error);
          end_load (self, PD_LOAD_FAILED);
        }
      pd_customers_call_free (data);
      return;
    }

  end_load (self, PD_LOAD_DONE);
  pd_customers_call_free (data);
}

static void
published_cb (PdCustomersPage    *self,
              PdCustomerSnapshot *snapshot)
{
  gboolean finished = self->finish_serial != 0
                      && pd_customer_snapshot_get_serial (snapshot) >= self->finish_serial;

  pd_customer_list_model_set_snapshot (self->model, snapshot);

  if (!finished)
    {
      pd_customers_page_update_view (self);
      return;
    }

  self->finish_serial = 0;
  if (self->final_state == PD_LOAD_DONE)
    self->total_count = pd_customer_snapshot_get_n_customers (snapshot);
  if (self->sweeping && self->final_state == PD_LOAD_DONE)
    {
      /* Rows may have come or gone above the view: put it back where it was. */
      g_idle_add_once (restore_scroll_cb, g_object_ref (self));
    }
  self->sweeping = FALSE;
  pd_customers_page_set_state (self, self->final_state);
}

void
pd_customers_page_start_load (PdCustomersPage *self,
                              gboolean         keep_rows)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  pd_customers_page_cancel_server_search (self);
  self->generation++;
  self->finish_serial = 0;
  self->sweeping = FALSE;

  if (self->client == NULL)
    {
      pd_customers_page_clear_customers (self);
      pd_customers_page_set_state (self, PD_LOAD_IDLE);
      return;
    }

  if (keep_rows && pd_customer_list_model_get_n_customers (self->model) > 0)
    {
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      /* Resuming a stopped or failed first load is no refresh: the rows are only the
       * first pages. */
      if (self->state == PD_LOAD_DONE || self->state == PD_LOAD_IDLE)
        self->refreshing = TRUE;

      pd_customer_table_begin_refresh (self->table);
      self->sweeping = TRUE;
      self->restore_scroll = gtk_adjustment_get_value (vadjustment);
    }
  else
    {
      pd_customers_page_clear_customers (self);
      self->refreshing = FALSE;
    }

  self->load_cancellable = g_cancellable_new ();
  pd_customers_page_set_state (self, PD_LOAD_RUNNING);

  pd_client_list_customers_async (self->client,
                                  PD_CLIENT_MAX_PAGE_SIZE,
                                  customer_page_cb, pd_customers_call_new (self),
                                  pd_customers_call_free,
                                  self->load_cancellable,
                                  list_customers_cb, pd_customers_call_new (self));
}
