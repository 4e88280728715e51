/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page.c: the customer list (Dashboard → Customers) with search and sorting. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-window.h"

/* Server-side search waits for a pause in typing: each keystroke would cost two requests. */
#define SERVER_SEARCH_DELAY_MS 250
#define SAVE_WIDTHS_DELAY_MS   500
/* Pages arrive many times a second: the view and the count change at most this often. */
#define PUBLISH_INTERVAL_MS    250

typedef enum
{
  LOAD_IDLE,
  LOAD_RUNNING,
  LOAD_DONE,
  LOAD_STOPPED,
  LOAD_FAILED,
} LoadState;

/* Matches the "sort-column" enum of the settings schema, and the column order. */
enum
{
  COLUMN_COMPANY_NAME,
  COLUMN_DOMAIN,
  COLUMN_TENANT_ID,
  COLUMN_RELATIONSHIP,
  N_COLUMNS
};

static const char * const column_keys[N_COLUMNS] = {
  "company-name", "domain", "tenant-id", "relationship",
};

struct _PdCustomersPage
{
  GtkWidget            parent_instance;

  AdwWindowTitle      *window_title;
  GtkLabel            *connection_label;
  GtkLabel            *account_label;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  GtkSpinner          *loading_spinner;
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *company_column;
  GtkColumnViewColumn *domain_column;
  GtkColumnViewColumn *tenant_column;
  GtkColumnViewColumn *relationship_column;
  AdwStatusPage       *loading_status;
  AdwStatusPage       *no_match_status;
  AdwStatusPage       *error_status;
  GtkWidget           *status_bar;
  GtkSpinner          *status_spinner;
  GtkWidget           *status_warning;
  GtkLabel            *count_label;
  GtkWidget           *stop_button;
  GtkWidget           *status_retry_button;

  GSettings           *settings;
  PdClient            *client;

  /* The customers (deduplicated by id, sorted and searched off the main thread) and
   * the view of them the column view shows. */
  PdCustomerTable     *table;
  PdCustomerListModel *model;
  gulong               published_id;
  /* The load ended: its last rows are on their way in the snapshot with this serial,
   * and then the list is in @final_state. 0 when no load is ending. */
  guint64              finish_serial;
  LoadState            final_state;
  /* The running load started with rows kept: at its end, rows not seen go. */
  gboolean             sweeping;

  LoadState            state;
  guint                generation;
  guint                total_count;
  GCancellable        *load_cancellable;
  double               restore_scroll;
  /* The running (or last) load started with rows on screen, i.e. it is a refresh. */
  gboolean             refreshing;
  /* The frame clock's "layout" handler that puts the view back at the top, or 0. */
  gulong               keep_top_id;
  GdkFrameClock       *keep_top_clock;
  guint                scroll_position;
  /* Why the last load failed, in short and in full, while its rows are still shown. */
  char                *failure_reason;
  char                *failure_message;

  GCancellable        *search_cancellable;
  guint                search_timeout_id;
  guint                searches_running;

  guint                save_widths_id;
  guint                apply_search_id;
  gboolean             restoring_sort;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (PdCustomersPage, pd_customers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  PdCustomersPage *self;
  guint            generation;
} CallData;

static CallData *
call_data_new (PdCustomersPage *self)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->generation = self->generation;

  return data;
}

static void
call_data_free (gpointer user_data)
{
  CallData *data = user_data;

  g_object_unref (data->self);
  g_free (data);
}

static gboolean
call_data_is_current (CallData *data)
{
  return data->self->table != NULL && data->generation == data->self->generation;
}

static GtkColumnViewColumn *
get_column (PdCustomersPage *self,
            guint            index)
{
  GtkColumnViewColumn *columns[N_COLUMNS] = {
    self->company_column, self->domain_column, self->tenant_column, self->relationship_column,
  };

  g_assert (index < N_COLUMNS);
  return columns[index];
}

static char *
format_count (guint n)
{
  /* The ' flag groups digits as the locale does ("12,000", "12 000"). */
  return g_strdup_printf ("%'u", n);
}

/* A few words for the status bar; the full sentence is its tooltip. */
static char *
short_failure_reason (const GError *error)
{
  if (error->domain == PD_API_ERROR)
    {
      switch ((PdApiErrorCode) error->code)
        {
        case PD_API_ERROR_NETWORK:
          return g_strdup (_("Partner Center is not reachable"));
        case PD_API_ERROR_UNAUTHORIZED:
          return g_strdup (_("the sign-in has expired"));
        case PD_API_ERROR_FORBIDDEN:
          return g_strdup (_("access denied"));
        case PD_API_ERROR_THROTTLED:
          return g_strdup (_("too many requests"));
        case PD_API_ERROR_SERVER:
          return g_strdup (_("server problem"));
        case PD_API_ERROR_PROTOCOL:
          return g_strdup (_("unreadable answer"));
        case PD_API_ERROR_NOT_FOUND:
        case PD_API_ERROR_CONFLICT:
        case PD_API_ERROR_INVALID:
        default:
          break;
        }
    }
  else if (error->domain == PD_AUTH_ERROR)
    {
      return g_strdup (_("sign-in problem"));
    }

  return g_strdup (_("an error occurred"));
}

static void
update_count_label (PdCustomersPage *self)
{
  guint loaded = pd_customer_list_model_get_n_customers (self->model);
  g_autofree char *loaded_text = format_count (loaded);
  g_autofree char *text = NULL;
  gboolean failed = self->state == LOAD_FAILED && self->failure_reason != NULL;

  gtk_widget_set_visible (self->status_warning, failed);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label),
                               failed ? self->failure_message : NULL);
  if (failed)
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");

  if (failed && self->refreshing)
    {
      /* Translators: in the status bar under the list, which still shows the customers
       * loaded before; %s is a short reason such as "Partner Center is not reachable". */
      text = g_strdup_printf (_("Could not refresh: %s"), self->failure_reason);
    }
  else if (failed)
    {
      /* Translators: in the status bar under the customers loaded so far; %s is a short
       * reason such as "Partner Center is not reachable". */
      text = g_strdup_printf (_("Could not load all customers: %s"), self->failure_reason);
    }
  else if (self->state == LOAD_RUNNING && self->client != NULL && pd_client_get_slow (self->client))
    {
      /* Translators: in the status bar while loading, when a page took long and is being
       * asked for again. */
      text = g_strdup (_("The service is slow to answer: still trying…"));
    }
  else if (self->refreshing && self->state == LOAD_RUNNING)
    {
      /* The rows are the old ones until the refresh ends: a count would claim too much. */
      text = g_strdup (_("Refreshing…"));
    }
  else if (self->refreshing && self->state == LOAD_STOPPED)
    {
      text = g_strdup (_("Refresh stopped: the list may be out of date"));
    }
  else if ((self->state == LOAD_DONE || self->state == LOAD_IDLE)
           && *pd_customer_list_model_get_query (self->model) != '\0')
    {
      guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      g_autofree char *shown_text = format_count (shown);

      /* Translators: while searching, "Showing 3 of 12,000 customers"; the plural
       * follows the total. */
      text = g_strdup_printf (ngettext ("Showing %1$s of %2$s customer",
                                        "Showing %1$s of %2$s customers", loaded),
                              shown_text, loaded_text);
    }
  else if (self->state == LOAD_DONE || self->state == LOAD_IDLE)
    {
      text = g_strdup_printf (ngettext ("%s customer", "%s customers", loaded), loaded_text);
    }
  else if (self->total_count > 0)
    {
      guint total = MAX (self->total_count, loaded);
      g_autofree char *total_text = format_count (total);

      /* Translators: "Loaded 1,500 of 12,000 customers"; the plural follows the total. */
      text = g_strdup_printf (ngettext ("Loaded %1$s of %2$s customer",
                                        "Loaded %1$s of %2$s customers", total),
                              loaded_text, total_text);
    }
  else
    {
      text = g_strdup_printf (ngettext ("Loaded %s customer", "Loaded %s customers", loaded),
                              loaded_text);
    }

  gtk_label_set_label (self->count_label, text);
}

/* Only when they change: the view is updated on every page and snapshot. */
static void
set_retry_button (PdCustomersPage *self,
                  const char      *label,
                  const char      *tooltip)
{
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (self->status_retry_button)), label) != 0)
    gtk_button_set_label (GTK_BUTTON (self->status_retry_button), label);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->status_retry_button), tooltip) != 0)
    gtk_widget_set_tooltip_text (self->status_retry_button, tooltip);
}

static void
update_view (PdCustomersPage *self)
{
  guint n_loaded = pd_customer_list_model_get_n_customers (self->model);
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean running = self->state == LOAD_RUNNING;
  const char *page;

  if (n_loaded == 0 && self->state == LOAD_FAILED)
    page = "error";
  else if (n_loaded == 0 && (running || self->searches_running > 0))
    page = "loading";
  else if (n_loaded == 0)
    page = "empty";
  else if (pd_customer_list_model_get_pending (self->model)
           && (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "no-match") == 0
               || g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "list") == 0))
    /* A search is on its way: what it finds decides (no flicker to an empty list). */
    page = gtk_stack_get_visible_child_name (self->content_stack);
  else if (n_shown == 0 && !pd_customer_list_model_get_pending (self->model))
    page = "no-match";
  else
    page = "list";

  if (g_str_equal (page, "no-match"))
    {
      if (running || self->searches_running > 0)
        adw_status_page_set_description (self->no_match_status,
                                         _("Customers are still loading: more may match."));
      else
        adw_status_page_set_description (self->no_match_status,
                                         _("Try a different name, domain or Microsoft ID."));
    }

  /* Before the first rows, the loading page says what the status bar would. */
  adw_status_page_set_description (self->loading_status,
                                   self->client != NULL && pd_client_get_slow (self->client)
                                   ? _("The service is slow to answer: still trying…") : NULL);

  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);

  gtk_stack_set_visible_child_name (self->content_stack, page);

  gtk_spinner_set_spinning (self->status_spinner, running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->status_retry_button,
                          n_loaded > 0 && (self->state == LOAD_STOPPED
                                           || self->state == LOAD_FAILED));
  /* "Load All" only continues a first load the user stopped; anything else asks again. */
  if (self->state == LOAD_STOPPED && !self->refreshing)
    set_retry_button (self, _("_Load All"), _("Load the remaining customers"));
  else
    set_retry_button (self, _("_Retry"), self->refreshing ? _("Refresh the list again")
                                                          : _("Load the remaining customers"));
  /* The status pages speak for an empty list: the bar only counts rows. */
  gtk_widget_set_visible (self->status_bar, n_loaded > 0);

  update_count_label (self);
}

static void
set_state (PdCustomersPage *self,
           LoadState        state)
{
  gboolean was_loading = self->state == LOAD_RUNNING;

  if (state != LOAD_FAILED)
    {
      g_clear_pointer (&self->failure_reason, g_free);
      g_clear_pointer (&self->failure_message, g_free);
    }
  if (state == LOAD_DONE || state == LOAD_IDLE)
    self->refreshing = FALSE;

  self->state = state;
  if (was_loading != (state == LOAD_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  update_view (self);
}

static void
add_customers (PdCustomersPage *self,
               GPtrArray       *customers)
{
  pd_customer_table_add (self->table, customers);
}

static void published_cb (PdCustomersPage    *self,
                          PdCustomerSnapshot *snapshot);
static void end_load     (PdCustomersPage    *self,
                          LoadState           state);

/* A new table: the rows of the old one are other customers (or another connection's). */
static void
clear_customers (PdCustomersPage *self)
{
  if (self->table != NULL)
    g_clear_signal_handler (&self->published_id, self->table);
  g_clear_object (&self->table);
  self->table = pd_customer_table_new (PUBLISH_INTERVAL_MS);
  self->published_id = g_signal_connect_object (self->table, "published",
                                                G_CALLBACK (published_cb), self,
                                                G_CONNECT_SWAPPED);
  self->finish_serial = 0;
  self->total_count = 0;
  pd_customer_list_model_set_snapshot (self->model, pd_customer_table_get_snapshot (self->table));
}

static void
stop_keeping_top (PdCustomersPage *self)
{
  /* The clock drops its handlers itself when the window's surface goes. */
  if (self->keep_top_id != 0
      && g_signal_handler_is_connected (self->keep_top_clock, self->keep_top_id))
    g_signal_handler_disconnect (self->keep_top_clock, self->keep_top_id);
  self->keep_top_id = 0;
  g_clear_object (&self->keep_top_clock);
}

static void
keep_top_layout_cb (GdkFrameClock   *clock,
                    PdCustomersPage *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint position = self->scroll_position;
  double value = 0;

  stop_keeping_top (self);

  /* Rows are of one height: the position's offset follows from the list's height. */
  if (position != GTK_INVALID_LIST_POSITION && position < n_items)
    {
      double upper = gtk_adjustment_get_upper (vadjustment);
      double page = gtk_adjustment_get_page_size (vadjustment);
      double row_height = upper / n_items;

      value = CLAMP (position * row_height - (page - row_height) / 2, 0, MAX (upper - page, 0));
    }

  if (gtk_adjustment_get_value (vadjustment) != value)
    gtk_adjustment_set_value (vadjustment, value);
}

/* Once the rows are laid out, before they are drawn: shows @position in the middle of
 * the view, or the top for GTK_INVALID_LIST_POSITION. */
static void
scroll_after_layout (PdCustomersPage *self,
                     guint            position)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view));

  if (self->keep_top_id != 0
      && (clock != self->keep_top_clock
          || !g_signal_handler_is_connected (self->keep_top_clock, self->keep_top_id)))
    stop_keeping_top (self);

  self->scroll_position = position;
  if (self->keep_top_id != 0 || clock == NULL)
    return;

  /* A new order may change no size: make sure a layout comes. */
  gtk_widget_queue_allocate (GTK_WIDGET (self->column_view));

  self->keep_top_clock = g_object_ref (clock);
  self->keep_top_id = g_signal_connect_after (clock, "layout",
                                              G_CALLBACK (keep_top_layout_cb), self);
}

static void
customer_page_cb (GPtrArray *customers,
                  guint      total_count,
                  gpointer   user_data)
{
  CallData *data = user_data;
  PdCustomersPage *self = data->self;

  if (!call_data_is_current (data))
    return;

  g_debug ("page of %u customers (total %u) at %" G_GINT64_FORMAT " ms", customers->len,
           total_count, g_get_monotonic_time () / 1000);
  add_customers (self, customers);
  /* Only a count above the page's own says how long the list is: some collections give
   * the page's count as totalCount (see the pager's bounds). The rows and their count
   * change with the table's snapshots (published_cb), a few times a second. */
  if (total_count > customers->len && total_count != self->total_count)
    {
      self->total_count = total_count;
      update_view (self);
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

static void
list_customers_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CallData *data = user_data;
  PdCustomersPage *self = data->self;
  g_autoptr(GError) error = NULL;
  guint n_customers = 0;
  gboolean ok;

  ok = pd_client_list_customers_finish (PD_CLIENT (source), result, &n_customers, &error);

  if (!call_data_is_current (data))
    {
      call_data_free (data);
      return;
    }

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_load (self, LOAD_STOPPED);
        }
      else if (g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED)
               && PD_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)))
               && !pd_window_has_edit_window (PD_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)))))
        {
          /* The session is gone: the window asks to sign in again, then reloads. An open
           * edit form asks by itself when it submits, keeping its edits: the list (and
           * the customer page under the form) must not vanish meanwhile. */
          end_load (self, LOAD_STOPPED);
          pd_window_show_sign_in (PD_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error);
        }
      else
        {
          g_autofree char *message = pd_api_error_to_user_message (error);

          /* The error page speaks when nothing is loaded; with rows on screen, the status
           * bar says it for as long as the rows may be out of date (a toast would go). */
          adw_status_page_set_description (self->error_status, message);
          g_free (self->failure_reason);
          g_free (self->failure_message);
          self->failure_reason = short_failure_reason (error);
          self->failure_message = g_steal_pointer (&message);
          end_load (self, LOAD_FAILED);
        }
      call_data_free (data);
      return;
    }

  end_load (self, LOAD_DONE);
  call_data_free (data);
}

/* The load has ended: the list takes @state once the table has shown its last rows. */
static void
end_load (PdCustomersPage *self,
          LoadState        state)
{
  /* A complete pass over every page: whoever did not come is gone from the server. */
  gboolean remove_unseen = state == LOAD_DONE && self->sweeping;

  self->final_state = state;
  self->finish_serial = pd_customer_table_finish_load (self->table, remove_unseen);
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
      update_view (self);
      return;
    }

  self->finish_serial = 0;
  if (self->final_state == LOAD_DONE)
    self->total_count = pd_customer_snapshot_get_n_customers (snapshot);
  if (self->sweeping && self->final_state == LOAD_DONE)
    {
      /* Rows may have come or gone above the view: put it back where it was. */
      g_idle_add_once (restore_scroll_cb, g_object_ref (self));
    }
  self->sweeping = FALSE;
  set_state (self, self->final_state);
}

static void
cancel_server_search (PdCustomersPage *self)
{
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->searches_running = 0;
}

static void
start_load (PdCustomersPage *self,
            gboolean         keep_rows)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  cancel_server_search (self);
  self->generation++;
  self->finish_serial = 0;
  self->sweeping = FALSE;

  if (self->client == NULL)
    {
      clear_customers (self);
      set_state (self, LOAD_IDLE);
      return;
    }

  if (keep_rows && pd_customer_list_model_get_n_customers (self->model) > 0)
    {
      GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      /* Resuming a stopped or failed first load is no refresh: the rows are only the
       * first pages. */
      if (self->state == LOAD_DONE || self->state == LOAD_IDLE)
        self->refreshing = TRUE;

      pd_customer_table_begin_refresh (self->table);
      self->sweeping = TRUE;
      self->restore_scroll = gtk_adjustment_get_value (vadjustment);
    }
  else
    {
      clear_customers (self);
      self->refreshing = FALSE;
    }

  self->load_cancellable = g_cancellable_new ();
  set_state (self, LOAD_RUNNING);

  pd_client_list_customers_async (self->client,
                                  PD_CLIENT_MAX_PAGE_SIZE,
                                  customer_page_cb, call_data_new (self), call_data_free,
                                  self->load_cancellable,
                                  list_customers_cb, call_data_new (self));
}

static void
search_customers_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CallData *data = user_data;
  PdCustomersPage *self = data->self;
  g_autoptr(GError) error = NULL;

  pd_client_search_customers_finish (PD_CLIENT (source), result, NULL, &error);

  /* A failed search is not worth a message: the full list is still on its way. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Server search failed: %s", error->message);

  if (call_data_is_current (data) && self->searches_running > 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->searches_running--;
      update_view (self);
    }

  call_data_free (data);
}

static void
search_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data)
{
  CallData *data = user_data;

  if (!call_data_is_current (data))
    return;

  add_customers (data->self, customers);
  update_view (data->self);
}

static void
server_search_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;
  g_autofree char *prefix = NULL;
  const PdSearchField fields[] = { PD_SEARCH_FIELD_COMPANY_NAME, PD_SEARCH_FIELD_DOMAIN };

  self->search_timeout_id = 0;

  if (self->client == NULL || self->state != LOAD_RUNNING)
    return;

  prefix = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (*prefix == '\0')
    return;

  self->search_cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      self->searches_running++;
      pd_client_search_customers_async (self->client, fields[i], prefix,
                                        PD_CLIENT_MAX_PAGE_SIZE,
                                        search_page_cb, call_data_new (self), call_data_free,
                                        self->search_cancellable,
                                        search_customers_cb, call_data_new (self));
    }
}

static void
set_query (PdCustomersPage *self,
           const char      *text)
{
  g_autofree char *folded = pd_customer_table_fold_query (text);

  pd_customer_list_model_set_query (self->model, text);

  /* While the list is still loading, the customer sought may not be here yet: ask the
   * server too, and merge what it finds. */
  cancel_server_search (self);
  if (*folded != '\0' && self->state == LOAD_RUNNING)
    self->search_timeout_id = g_timeout_add_once (SERVER_SEARCH_DELAY_MS, server_search_cb, self);

  update_view (self);
}

/* Cells are made in code and filled from the row's customer directly: no GtkBuilder
 * parse per cell and no expression watches, as rows are made while scrolling. A row's
 * customer takes new values in place after a search or a new order (see
 * PdCustomerListModel): its notify refreshes the cell. */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), column == COLUMN_RELATIONSHIP ? 12 : 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell),
                                 column == COLUMN_COMPANY_NAME ? 30
                                 : column == COLUMN_RELATIONSHIP ? 20 : 36);
  g_object_set_data (G_OBJECT (cell), "pd-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (list_item, cell);
}

static void
refresh_cell (GtkListItem *list_item)
{
  PdCustomer *customer = gtk_list_item_get_item (list_item);
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const char *text = NULL;

  switch (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "pd-column")))
    {
    case COLUMN_COMPANY_NAME:
      text = pd_customer_get_company_name (customer);
      break;
    case COLUMN_DOMAIN:
      text = pd_customer_get_domain (customer);
      break;
    case COLUMN_TENANT_ID:
      text = pd_customer_get_tenant_id (customer);
      break;
    case COLUMN_RELATIONSHIP:
    default:
      text = pd_customer_get_relationship_title (customer);
      break;
    }
  gtk_inscription_set_text (cell, text);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  refresh_cell (list_item);
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify",
                            G_CALLBACK (refresh_cell), list_item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        refresh_cell, list_item);
}

static char *
relationship_sort_key (PdCustomer *customer,
                       gpointer    user_data)
{
  return g_strdup (pd_customer_get_relationship_title (customer));
}

/* GTK 4.8 cannot tell which column the list is sorted by: ask its sorter with pairs of
 * customers that differ in one column, or in two in opposite orders. */
static PdCustomer *
probe_customer (const char *values[N_COLUMNS])
{
  g_autoptr(PdCompanyProfile) company = pd_company_profile_new ();
  PdCustomer *customer = pd_customer_new ();

  pd_company_profile_set_company_name (company, values[COLUMN_COMPANY_NAME]);
  pd_company_profile_set_domain (company, values[COLUMN_DOMAIN]);
  pd_company_profile_set_tenant_id (company, values[COLUMN_TENANT_ID]);
  pd_customer_set_company_profile (customer, company);
  pd_customer_set_id (customer, "probe");
  pd_customer_set_relationship (customer, values[COLUMN_RELATIONSHIP]);

  return customer;
}

static GtkOrdering
probe_compare (GtkSorter *sorter,
               guint      column,
               int        other,
               gboolean   other_reversed)
{
  const char *a[N_COLUMNS] = { "m", "m", "m", "m" };
  const char *b[N_COLUMNS] = { "m", "m", "m", "m" };
  g_autoptr(PdCustomer) first = NULL;
  g_autoptr(PdCustomer) second = NULL;

  a[column] = "a";
  b[column] = "b";
  if (other >= 0)
    {
      a[other] = other_reversed ? "b" : "a";
      b[other] = other_reversed ? "a" : "b";
    }

  first = probe_customer (a);
  second = probe_customer (b);

  return gtk_sorter_compare (sorter, first, second);
}

static gboolean
find_sort_column (PdCustomersPage *self,
                  guint           *column,
                  gboolean        *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkOrdering alone = probe_compare (sorter, c, -1, FALSE);
      gboolean primary = alone != GTK_ORDERING_EQUAL;

      for (guint d = 0; primary && d < N_COLUMNS; d++)
        {
          if (d == c)
            continue;
          /* If @d decided, flipping its order would flip the answer. */
          primary = probe_compare (sorter, c, d, FALSE) == probe_compare (sorter, c, d, TRUE);
        }

      if (primary)
        {
          *column = c;
          *descending = alone == GTK_ORDERING_LARGER;
          return TRUE;
        }
    }

  return FALSE;
}

static void
sorter_changed_cb (PdCustomersPage *self)
{
  guint column;
  gboolean descending;

  /* The column view also changes its sorter while it is being destroyed. */
  if (self->disposed || !find_sort_column (self, &column, &descending))
    return;

  pd_customer_list_model_set_order (self->model, (PdCustomerOrder) column, descending);
  /* A new order starts at its top, unless a customer is selected: then it stays in view. */
  scroll_after_layout (self, pd_customer_list_model_get_selected (self->model));

  if (!self->restoring_sort)
    {
      g_settings_set_enum (self->settings, "sort-column", column);
      g_settings_set_boolean (self->settings, "sort-descending", descending);
    }
}

static void
restore_sort (PdCustomersPage *self)
{
  guint column = g_settings_get_enum (self->settings, "sort-column");
  gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");

  if (column >= N_COLUMNS)
    column = COLUMN_COMPANY_NAME;

  self->restoring_sort = TRUE;
  gtk_column_view_sort_by_column (self->column_view, get_column (self, column),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->restoring_sort = FALSE;
}

static void
save_widths_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;
  GVariantBuilder builder;

  self->save_widths_id = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int width = gtk_column_view_column_get_fixed_width (get_column (self, i));

      if (width > 0)
        g_variant_builder_add (&builder, "{si}", column_keys[i], width);
    }

  g_settings_set_value (self->settings, "column-widths", g_variant_builder_end (&builder));
}

static void
column_width_cb (PdCustomersPage *self)
{
  if (self->disposed)
    return;

  /* A drag changes the width many times a second: save once it settles. */
  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  self->save_widths_id = g_timeout_add_once (SAVE_WIDTHS_DELAY_MS, save_widths_cb, self);
}

static void
restore_widths (PdCustomersPage *self)
{
  g_autoptr(GVariant) widths = g_settings_get_value (self->settings, "column-widths");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int width;

      if (g_variant_lookup (widths, column_keys[i], "i", &width) && width > 0)
        gtk_column_view_column_set_fixed_width (get_column (self, i), width);
    }
}

static void
row_activated_cb (PdCustomersPage *self,
                  guint            position,
                  GtkColumnView   *view)
{
  g_autoptr(PdCustomer) customer = NULL;
  GtkRoot *root;

  customer = pd_customer_list_model_get_customer (self->model, position);
  root = gtk_widget_get_root (GTK_WIDGET (self));

  if (customer != NULL && PD_IS_WINDOW (root))
    pd_window_show_customer (PD_WINDOW (root), customer);
}

static gboolean
apply_search_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;

  self->apply_search_id = 0;
  set_query (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (PdCustomersPage *self)
{
  /* Replacing the text (a paste over a selection) passes through "" on its way: taken
   * at once, that would show everyone, and make every row, for nothing. Ahead of the
   * next frame, only the text as it ends up counts. */
  if (self->apply_search_id == 0)
    self->apply_search_id = g_idle_add_full (G_PRIORITY_HIGH, apply_search_cb, self, NULL);
}

/* GTK 4.8's list has no API to move its keyboard focus to a row: rows tell it through
 * the "list.scroll-to-item" action when they take focus, so that is what moves it. */
static GtkWidget *
get_list_view (PdCustomersPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return GTK_WIDGET (self->column_view);
}

/* Selects the first result and puts the keyboard focus on it, at the top of the view. */
static void
focus_first_result (PdCustomersPage *self)
{
  GtkWidget *list_view = get_list_view (self);

  pd_customer_list_model_set_selected (self->model, 0);
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
  gtk_widget_grab_focus (list_view);
}

/* Down in the search field goes to the first result, wherever the view was. */
static gboolean
search_key_pressed_cb (PdCustomersPage       *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0
      || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return GDK_EVENT_PROPAGATE;

  focus_first_result (self);
  return GDK_EVENT_STOP;
}

static void
search_activate_cb (PdCustomersPage *self)
{
  /* Enter in the search opens the first match at once, as a search box does; back on the
   * list, that row is selected and focused. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      focus_first_result (self);
      row_activated_cb (self, 0, self->column_view);
    }
}

static void
stop_search_cb (PdCustomersPage *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_cb (PdCustomersPage *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      pd_customers_page_focus_list (self);
    }
}

static void
stop_clicked_cb (PdCustomersPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
}

static void
retry_clicked_cb (PdCustomersPage *self)
{
  start_load (self, TRUE);
}

static void
model_changed_cb (PdCustomersPage *self)
{
  update_view (self);
}

static void
pd_customers_page_dispose (GObject *object)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->apply_search_id, g_source_remove);
  stop_keeping_top (self);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  cancel_server_search (self);
  if (self->save_widths_id != 0)
    {
      g_clear_handle_id (&self->save_widths_id, g_source_remove);
      save_widths_cb (self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CUSTOMERS_PAGE);
  /* dispose_template only unparents bound children: the unbound top box stays. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (object));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (object)))
    gtk_widget_unparent (child);

  if (self->table != NULL)
    g_clear_signal_handler (&self->published_id, self->table);
  g_clear_object (&self->table);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_customers_page_parent_class)->dispose (object);
}

static void
pd_customers_page_finalize (GObject *object)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (object);

  g_free (self->failure_reason);
  g_free (self->failure_message);

  G_OBJECT_CLASS (pd_customers_page_parent_class)->finalize (object);
}

static void
pd_customers_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, pd_customers_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customers_page_class_init (PdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_customers_page_dispose;
  object_class->finalize = pd_customers_page_finalize;
  object_class->get_property = pd_customers_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The cell templates look the type up by name. */
  g_type_ensure (PD_TYPE_CUSTOMER);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, connection_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, account_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, company_column);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, domain_column);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, tenant_column);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, relationship_column);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, loading_status);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, no_match_status);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, status_bar);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, status_warning);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, status_retry_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_customers_page_init (PdCustomersPage *self)
{
  GtkExpression *expressions[N_COLUMNS];
  GtkEventController *key_controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  /* The column view shows the model as it is: the model sorts and searches (off the
   * main thread, see PdCustomerTable); the columns' sorters only say which order the
   * user picked (sorter_changed_cb) and draw the header arrows. */
  self->model = pd_customer_list_model_new ();
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->model));
  g_signal_connect_object (self->model, "changed",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::pending",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  clear_customers (self);

  key_controller = gtk_event_controller_key_new ();
  g_signal_connect_object (key_controller, "key-pressed",
                           G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key_controller);

  expressions[COLUMN_COMPANY_NAME] =
    gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "company-name");
  expressions[COLUMN_DOMAIN] = gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "domain");
  expressions[COLUMN_TENANT_ID] =
    gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "tenant-id");
  expressions[COLUMN_RELATIONSHIP] =
    gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                 G_CALLBACK (relationship_sort_key), NULL, NULL);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkStringSorter) sorter = gtk_string_sorter_new (expressions[i]);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      gtk_column_view_column_set_factory (get_column (self, i), factory);

      gtk_string_sorter_set_ignore_case (sorter, TRUE);
      gtk_column_view_column_set_sorter (get_column (self, i), GTK_SORTER (sorter));
    }

  restore_widths (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_signal_connect_object (get_column (self, i), "notify::fixed-width",
                             G_CALLBACK (column_width_cb), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  update_view (self);
}

GtkWidget *
pd_customers_page_new (void)
{
  return g_object_new (PD_TYPE_CUSTOMERS_PAGE, NULL);
}

void
pd_customers_page_set_client (PdCustomersPage *self,
                              PdClient        *client)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (client == NULL || PD_IS_CLIENT (client));

  if (client == self->client && client != NULL)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, update_view, self);
  g_set_object (&self->client, client);
  /* A page that stalls is asked again: say so while it lasts. */
  if (client != NULL)
    g_signal_connect_object (client, "notify::slow", G_CALLBACK (update_view), self,
                             G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  start_load (self, FALSE);
}

PdClient *
pd_customers_page_get_client (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), NULL);

  return self->client;
}

void
pd_customers_page_set_connection_title (PdCustomersPage *self,
                                        const char      *title)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));

  gtk_label_set_text (self->connection_label, title != NULL ? title : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_label), title);
}

/**
 * pd_customers_page_set_account:
 * @account: (nullable): who is signed in, as shown under the connection
 *
 * Shows the signed-in account under the connection name in the header, so the admin
 * always sees which cloud and which account the list belongs to.
 */
void
pd_customers_page_set_account (PdCustomersPage *self,
                               const char      *account)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));

  gtk_label_set_text (self->account_label, account != NULL ? account : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_label), account);
  gtk_widget_set_visible (GTK_WIDGET (self->account_label), account != NULL && *account != '\0');
}

const char *
pd_customers_page_get_account (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), NULL);

  return gtk_label_get_text (self->account_label);
}

void
pd_customers_page_refresh (PdCustomersPage *self)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));

  start_load (self, TRUE);
}

void
pd_customers_page_start_search (PdCustomersPage *self)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
pd_customers_page_focus_list (PdCustomersPage *self)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
pd_customers_page_customer_changed (PdCustomersPage *self,
                                    PdCustomer      *customer)
{
  g_return_if_fail (PD_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (PD_IS_CUSTOMER (customer));

  /* Only a customer of this list: a change made elsewhere must not add one. */
  if (pd_customer_snapshot_find (pd_customer_table_get_snapshot (self->table),
                                 pd_customer_get_id (customer)) == G_MAXUINT)
    return;

  /* The row moves to its sorted place at once; the selection follows it. The table
   * reads customers on its own thread: it gets a copy of the caller's. */
  {
    g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(PdCompanyProfile) company = NULL;
    PdCustomer *copy = pd_customer_new ();

    company = pd_company_profile_copy (pd_customer_get_company_profile (customer));
    pd_customer_set_id (copy, pd_customer_get_id (customer));
    pd_customer_set_relationship (copy, pd_customer_get_relationship (customer));
    pd_customer_set_company_profile (copy, company);
    g_ptr_array_add (changed, copy);
    pd_customer_table_add (self->table, changed);
  }
  pd_customer_table_flush (self->table);
}

gboolean
pd_customers_page_get_loading (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), FALSE);

  return self->state == LOAD_RUNNING;
}

GListModel *
pd_customers_page_get_model (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}
