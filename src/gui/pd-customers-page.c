/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page.c: the customer list (Dashboard → Customers) with search and sorting. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include "pd-adaptive-layout.h"
#include "pd-customers-page-private.h"
#include "pd-glyph-warmup.h"
#include "pd-x11-frame-memory.h"

/* The rest of the page: pd-customers-page-load.c loads the customers,
 * pd-customers-page-search.c searches them, pd-customers-page-status.c shows where the
 * list is, pd-customers-page-export.c exports them, and pd-customer-columns.c makes its
 * columns. */

#define SAVE_WIDTHS_DELAY_MS 500
/* Below this many average characters the header bar sheds what has another way in. */
#define NARROW_HEADER_CHARS  75

G_DEFINE_FINAL_TYPE (PdCustomersPage, pd_customers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CUSTOMER_ACTIVATED,
  SIGN_IN_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pd_customers_page_set_state (PdCustomersPage *self,
                             PdLoadState      state)
{
  gboolean was_loading = self->state == PD_LOAD_RUNNING;

  if (state != PD_LOAD_FAILED)
    g_clear_error (&self->failure);
  if (state == PD_LOAD_DONE || state == PD_LOAD_IDLE)
    self->refreshing = FALSE;

  self->state = state;
  if (was_loading != (state == PD_LOAD_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  pd_customers_page_update_view (self);
}

void
pd_customers_page_notify_offline (PdCustomersPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
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
  /* The rows the view was told of, which its height is made of: fewer than are shown
   * while an empty view is filled step by step (pd-customer-list-model.c). */
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint selected = pd_customer_list_model_get_selected (self->model);
  guint position = self->scroll_position;
  double value = 0;

  /* The selected customer, wherever a snapshot that came meanwhile has put it. */
  if (position != GTK_INVALID_LIST_POSITION && selected != GTK_INVALID_LIST_POSITION)
    position = self->scroll_position = selected;

  /* Until the view has every row, it is placed again in each frame: a row it does not
   * have yet waits, one near its end cannot be centred yet. Once a frame: scrolling
   * lays the view out again, and GDK gives up on a frame laid out over and over. */
  if (position == GTK_INVALID_LIST_POSITION
      || n_items >= pd_customer_list_model_get_n_shown (self->model))
    stop_keeping_top (self);
  else if (position >= n_items || self->scroll_frame == gdk_frame_clock_get_frame_counter (clock))
    return;
  self->scroll_frame = gdk_frame_clock_get_frame_counter (clock);

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
  self->scroll_frame = -1;
  if (self->keep_top_id != 0 || clock == NULL)
    return;

  /* A new order may change no size: make sure a layout comes. */
  gtk_widget_queue_allocate (GTK_WIDGET (self->column_view));

  self->keep_top_clock = g_object_ref (clock);
  self->keep_top_id = g_signal_connect_after (clock, "layout",
                                              G_CALLBACK (keep_top_layout_cb), self);
}

/* The model fills the items where the view is first (see show() in the model). The rows
 * are all of one height, so the first position shown is the scrolled fraction of them. */
static void
view_scrolled_cb (PdCustomersPage *self,
                  GtkAdjustment   *vadjustment)
{
  double upper = gtk_adjustment_get_upper (vadjustment);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double position = upper > 0 ? gtk_adjustment_get_value (vadjustment) / upper * n_items : 0;

  pd_customer_list_model_set_view_start (self->model, (guint) CLAMP (position, 0, G_MAXUINT));
}

static void
sorter_changed_cb (PdCustomersPage *self)
{
  PdCustomerColumn column;
  gboolean descending;

  /* The column view also changes its sorter while it is being destroyed. */
  if (self->disposed || !pd_customer_columns_find_sort (self->column_view, &column, &descending))
    return;

  pd_customer_list_model_set_order (self->model, (PdCustomerOrder) column, descending);
  pd_customer_table_set_shown_order (self->table, (PdCustomerOrder) column);
  pd_customers_page_sort_show (self, column, descending);
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

  if (column >= PD_N_CUSTOMER_COLUMNS)
    column = PD_CUSTOMER_COLUMN_COMPANY_NAME;

  self->restoring_sort = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->restoring_sort = FALSE;
}

static void
save_widths_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;

  self->save_widths_id = 0;
  pd_customer_columns_save_widths (self->columns, self->settings);
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

/* A narrow window or large text: the list keeps the columns that fit, and the header bar
 * makes room for the title. What it drops is in the main menu: Refresh (also Ctrl+R and
 * F5) and Connection Settings. */
static void
width_chars_cb (PdCustomersPage *self)
{
  PdAdaptiveLayout *layout = pd_adaptive_layout_get_for_widget (GTK_WIDGET (self));
  int width_chars = pd_adaptive_layout_get_width_chars (layout);
  gboolean wide = width_chars >= NARROW_HEADER_CHARS;

  if (self->disposed)
    return;

  pd_customer_columns_fit_width (self->columns, width_chars);
  gtk_widget_set_visible (self->refresh_button, wide);
  gtk_widget_set_visible (self->connection_button, wide);
}

void
pd_customers_page_activate_row (PdCustomersPage *self,
                                guint            position)
{
  g_autoptr(PdCustomer) customer = pd_customer_list_model_get_customer (self->model, position);

  if (customer != NULL)
    g_signal_emit (self, signals[CUSTOMER_ACTIVATED], 0, customer);
}

gboolean
pd_customers_page_ask_sign_in (PdCustomersPage *self,
                               const GError    *error)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, error, &handled);
  return handled;
}

static void
row_activated_cb (PdCustomersPage *self,
                  guint            position,
                  GtkColumnView   *view)
{
  pd_customers_page_activate_row (self, position);
}

static void
stop_clicked_cb (PdCustomersPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
}

static void
retry_clicked_cb (PdCustomersPage *self)
{
  pd_customers_page_start_load (self, TRUE);
}

/* The offline page tries again by itself (pd-offline-retry.c), but never over a load. */
static void
offline_retry_cb (PdCustomersPage *self)
{
  if (self->state != PD_LOAD_RUNNING)
    pd_customers_page_start_load (self, TRUE);
}

static void
model_changed_cb (PdCustomersPage *self)
{
  pd_customers_page_update_view (self);
  pd_customers_page_search_results_cb (self);
}

/* What the list's cells are mostly made of: names, domains and Microsoft IDs in Latin and
 * Cyrillic letters, digits and their punctuation. */
static const char list_glyphs[] =
  "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,-&'()\"«»№ "
  "абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";

static void
pd_customers_page_realize (GtkWidget *widget)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (widget);

  GTK_WIDGET_CLASS (pd_customers_page_parent_class)->realize (widget);

  /* The frame that first shows the list draws a screenful of text at once. With its
   * glyphs made beforehand, at 100,000 customers that frame paints in a median 5.55 ms
   * against 6.75 ms, and the load's longest main-loop stall is 10.6 ms against 12.6 ms
   * (16 runs each, turn about). */
  pd_glyph_warmup_schedule (GTK_WIDGET (self->column_view), list_glyphs);

  /* The list redraws the most of the window, and most often: while it loads, at each key
   * and at each sort. */
  pd_x11_frame_memory_keep (widget);
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
  pd_customers_page_cancel_server_search (self);
  self->caching = FALSE;
  g_clear_handle_id (&self->age_tick_id, g_source_remove);
  if (self->offline_retry != NULL)
    pd_offline_retry_stop (self->offline_retry);
  g_clear_object (&self->offline_retry);
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
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_clear_object (&self->sort_actions);

  G_OBJECT_CLASS (pd_customers_page_parent_class)->dispose (object);
}

static void
pd_customers_page_finalize (GObject *object)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (object);

  g_clear_error (&self->failure);
  g_clear_pointer (&self->listed_at, g_date_time_unref);

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

    case PROP_OFFLINE:
      g_value_set_boolean (value, pd_customers_page_get_offline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Over 80 lines, all declarations: the property, the two signals with their docs, the
 * template's children and callbacks. Nothing here runs in an order that could be lost. */
static void
pd_customers_page_class_init (PdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_customers_page_dispose;
  object_class->finalize = pd_customers_page_finalize;
  object_class->get_property = pd_customers_page_get_property;
  widget_class->realize = pd_customers_page_realize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdCustomersPage::customer-activated:
   * @customer: the customer of the row (a list item)
   *
   * The user opened a customer: its page is for the window to show.
   */
  signals[CUSTOMER_ACTIVATED] =
    g_signal_new ("customer-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_CUSTOMER);

  /**
   * PdCustomersPage::sign-in-needed:
   * @error: why the list could not load (%PD_AUTH_ERROR_SIGN_IN_REQUIRED)
   *
   * The session has ended while loading. A handler that asks the user to sign in again
   * returns %TRUE; with none (or %FALSE, e.g. while an edit form asks by itself), the list
   * shows the error as any other failure.
   *
   * Returns: whether the sign-in is taken care of
   */
  signals[SIGN_IN_NEEDED] =
    g_signal_new ("sign-in-needed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* The cell templates look the type up by name. */
  g_type_ensure (PD_TYPE_CUSTOMER);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-customers-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PdCustomersPage, name)
  BIND (window_title);
  BIND (connection_label);
  BIND (account_label);
  BIND (search_bar);
  BIND (search_entry);
  BIND (content_stack);
  BIND (loading_spinner);
  BIND (scrolled_window);
  BIND (column_view);
  BIND (refresh_button);
  BIND (connection_button);
  BIND (loading_status);
  BIND (no_match_status);
  BIND (error_status);
  BIND (status_bar);
  BIND (status_spinner);
  BIND (status_progress);
  BIND (status_warning);
  BIND (count_label);
  BIND (stop_button);
  BIND (status_retry_button);
  BIND (age_label);
  BIND (offline_banner);
#undef BIND
  /* Into one array, in the order of PdCustomerColumn. */
#define BIND_COLUMN(name, column) \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, \
                                             G_STRUCT_OFFSET (PdCustomersPage, columns[column]))
  BIND_COLUMN ("company_column", PD_CUSTOMER_COLUMN_COMPANY_NAME);
  BIND_COLUMN ("domain_column", PD_CUSTOMER_COLUMN_DOMAIN);
  BIND_COLUMN ("tenant_column", PD_CUSTOMER_COLUMN_TENANT_ID);
  BIND_COLUMN ("relationship_column", PD_CUSTOMER_COLUMN_RELATIONSHIP);
#undef BIND_COLUMN
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "search_changed_cb", G_CALLBACK (pd_customers_page_search_changed_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "search_activate_cb", G_CALLBACK (pd_customers_page_search_activate_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "stop_search_cb", G_CALLBACK (pd_customers_page_stop_search_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "search_mode_cb", G_CALLBACK (pd_customers_page_search_mode_cb));
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  pd_customers_page_export_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, PD_TYPE_ADAPTIVE_LAYOUT);
}

static void
pd_customers_page_init (PdCustomersPage *self)
{
  GtkEventController *key_controller;

  g_type_ensure (PD_TYPE_OFFLINE_BANNER);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->offline_retry = pd_offline_retry_new (PD_OFFLINE_RETRY_SECONDS * 1000);
  g_signal_connect_object (self->offline_retry, "retry",
                           G_CALLBACK (offline_retry_cb), self, G_CONNECT_SWAPPED);
  /* The column view shows the model as it is: the model sorts and searches (off the
   * main thread, see PdCustomerTable); the columns' sorters only say which order the
   * user picked (sorter_changed_cb) and draw the header arrows. */
  self->model = pd_customer_list_model_new ();
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->model));
  g_signal_connect_object (self->model, "changed",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::pending",
                           G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  pd_customers_page_clear_customers (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (view_scrolled_cb), self,
                           G_CONNECT_SWAPPED);

  key_controller = gtk_event_controller_key_new ();
  g_signal_connect_object (key_controller, "key-pressed",
                           G_CALLBACK (pd_customers_page_search_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key_controller);

  pd_customer_columns_set_up (self->columns);
  pd_customers_page_sort_add_actions (self);
  pd_customers_page_export_init (self);
  pd_customer_columns_restore_widths (self->columns, self->settings);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);
  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    g_signal_connect_object (self->columns[i], "notify::fixed-width",
                             G_CALLBACK (column_width_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_widget_get_layout_manager (GTK_WIDGET (self)),
                           "notify::width-chars", G_CALLBACK (width_chars_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  /* No customers yet: whatever page shows, it is not the list. */
  pd_customers_page_hide_list_from_screen_readers (self, TRUE);
  pd_customers_page_update_view (self);

  /* The list's row widgets are made while the window waits for its first customers
   * (unseen: the list shows only with customers), not while they pour in. */
  pd_customer_list_model_prepare_rows (self->model);
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
    g_signal_handlers_disconnect_by_func (self->client, pd_customers_page_update_view, self);
  g_set_object (&self->client, client);
  /* A page that stalls is asked again: say so while it lasts. */
  if (client != NULL)
    g_signal_connect_object (client, "notify::slow",
                             G_CALLBACK (pd_customers_page_update_view), self, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  pd_customers_page_open_cache (self);
  pd_customers_page_start_from_cache (self);
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

  pd_customers_page_start_load (self, TRUE);
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
    if (self->cache != NULL)
      pd_cache_add_customers (self->cache, changed);
  }
  pd_customer_table_flush (self->table);
}

gboolean
pd_customers_page_get_offline (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), FALSE);

  return self->offline;
}

gboolean
pd_customers_page_get_loading (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), FALSE);

  return self->state == PD_LOAD_RUNNING;
}

GListModel *
pd_customers_page_get_model (PdCustomersPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}
