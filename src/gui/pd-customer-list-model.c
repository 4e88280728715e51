/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-list-model.c: the customer list as the column view sees it: one snapshot of
 * the customer table, in one order, searched, with one customer selected. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-list-model"

#include <string.h>

#include "pd-customer-list-model-private.h"

/*
 * Why items are tied to positions: GTK 4.8's list keeps about 200 row widgets around
 * what is shown, and any change that replaces their items makes them all anew (a few
 * hundred microseconds each), and one that replaces items it tracks (the top row, the
 * focused one) also looks for each of them among every added item. So an item here is
 * the customer shown at a position: on a new order, search or snapshot, the items at
 * the positions that remain take the values of their new rows in place (the cells are
 * bound to their notify), and the view is told only that rows were added or removed at
 * the end. An item is a live view, never handed on: pd_customer_list_model_get_customer()
 * gives a customer to keep.
 */

/* Items made for positions the view no longer holds are dropped beyond this many. */
#define MAX_IDLE_ITEMS 1024

typedef struct
{
  PdCustomer *customer;
  guint32     row;
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_object_unref (item->customer);
  g_free (item);
}


static void pd_customer_list_model_list_iface_init      (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PdCustomerListModel, pd_customer_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pd_customer_list_model_list_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      pd_customer_list_model_selection_iface_init))

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static inline guint32
row_at (PdCustomerListModel *self,
        guint                position)
{
  guint i = self->descending ? self->n_visible - 1 - position : position;

  if (self->visible != NULL)
    return self->visible[i];
  return pd_customer_snapshot_get_order (self->snapshot, self->order)[i];
}

/* A scan of at most n_visible integers: done once per change, not per row. */
static guint
position_of_row (PdCustomerListModel *self,
                 guint32              row)
{
  const guint32 *rows = self->visible != NULL
                        ? self->visible
                        : pd_customer_snapshot_get_order (self->snapshot, self->order);

  for (guint i = 0; i < self->n_visible; i++)
    if (rows[i] == row)
      return self->descending ? self->n_visible - 1 - i : i;

  return GTK_INVALID_LIST_POSITION;
}

/* Gives the item's customer the values of @row (its notify tells the cells). */
static void
fill_item (PdCustomerListModel *self,
           Item                *item,
           guint32              row)
{
  PdCustomerRowValues values;
  PdCompanyProfile *company = pd_customer_get_company_profile (item->customer);

  item->row = row;
  pd_customer_snapshot_get_values (self->snapshot, row, &values);
  g_object_freeze_notify (G_OBJECT (item->customer));
  pd_customer_set_id (item->customer, values.id);
  pd_customer_set_relationship (item->customer, values.relationship);
  pd_company_profile_set_tenant_id (company, values.tenant_id);
  pd_company_profile_set_domain (company, values.domain);
  pd_company_profile_set_company_name (company, values.company_name);
  g_object_thaw_notify (G_OBJECT (item->customer));
}

static GType
pd_customer_list_model_get_item_type (GListModel *model)
{
  return PD_TYPE_CUSTOMER;
}

static guint
pd_customer_list_model_get_n_items (GListModel *model)
{
  return PD_CUSTOMER_LIST_MODEL (model)->n_items;
}

static gpointer
pd_customer_list_model_get_item (GListModel *model,
                                 guint       position)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (model);
  Item *item;

  /* Past the view's items while it fills (ramp_cb) are customers shown all the same: who
   * counts with pd_customer_list_model_get_n_shown() reads every one. */
  if (position >= MAX (self->n_items, self->n_visible))
    return NULL;

  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item == NULL && position >= self->n_visible && !self->preparing)
    return pd_customer_new ();  /* a held row the view had not asked for: never shown */
  if (item == NULL && position >= self->n_visible)
    {
      /* A row made ahead of the customers (pd_customer_list_model_prepare_rows()): kept,
       * so that the first snapshot fills it in place. */
      item = g_new0 (Item, 1);
      item->customer = pd_customer_new ();
      item->row = G_MAXUINT;
      g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
      return g_object_ref (item->customer);
    }
  if (item == NULL)
    {
      item = g_new0 (Item, 1);
      item->customer = pd_customer_snapshot_new_customer (self->snapshot, row_at (self, position));
      item->row = row_at (self, position);
      g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
    }
  else if (position < self->n_visible && item->row != row_at (self, position))
    {
      /* An item left to be filled a frame later (see show()): whoever asks gets its
       * position's customer now. */
      fill_item (self, item, row_at (self, position));
    }

  return g_object_ref (item->customer);
}

static void
pd_customer_list_model_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pd_customer_list_model_get_item_type;
  iface->get_n_items = pd_customer_list_model_get_n_items;
  iface->get_item = pd_customer_list_model_get_item;
}

/* Puts the selection back on the selected customer after the rows changed under it: the
 * same row, its replacement (same id), or none when it is no longer shown. */
static void
reselect (PdCustomerListModel *self)
{
  guint row;

  self->selected_position = GTK_INVALID_LIST_POSITION;
  if (self->selected_id == NULL)
    return;

  row = self->selected_row;
  if (!pd_customer_snapshot_row_is_current (self->snapshot, row))
    row = pd_customer_snapshot_find (self->snapshot, self->selected_id);
  if (row != G_MAXUINT)
    self->selected_position = position_of_row (self, row);
  self->selected_row = row;
  if (self->selected_position == GTK_INVALID_LIST_POSITION)
    {
      g_clear_pointer (&self->selected_id, g_free);
      self->selected_row = G_MAXUINT;
    }
}

/* Items at positions past the end go (the view drops them), items the view no longer
 * holds go when there are many, the rest show their position's new row; those outside
 * [@first, @end), only once refilled again (see fill_later_cb()). */
static void
refill_items (PdCustomerListModel *self,
              gboolean             all,
              guint                first,
              guint                end)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean drop_idle = g_hash_table_size (self->items) > MAX_IDLE_ITEMS;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);
      Item *item = value;

      if (position >= self->n_visible
          || (drop_idle && G_OBJECT (item->customer)->ref_count == 1))
        g_hash_table_iter_remove (&iter);
      else if (position >= first && position < end
               && (all || item->row != row_at (self, position)))
        fill_item (self, item, row_at (self, position));
    }
}

/* GTK 4.8 builds its ~200 row widgets in the frame a list first gets items, 50–100 ms of
 * main thread on the benchmark's machine (while pages keep arriving): an empty view is told
 * of its rows 20 at a time (about a screenful) until it has built them all, then of the
 * rest. 20 rows take GTK 6–7 ms to build; 40 made the first frame with rows hold the main
 * loop 16–20 ms in a Wayland session (measured with bench-ui --wayland). The same goes for
 * a view that has fewer rows than that and gets many more: a search that narrowed to 110
 * customers, then a key that matches 930 of 1,000 (GTK dropped the other widgets, and
 * built 90 again in one frame: 25–30 ms). */
#define RAMP_STEP     20
#define RAMP_ROWS     240
#define RAMP_INTERVAL 20

/* The selection changed between @first and @last: the view hears of the positions it has
 * items for (while it fills, it asks about the others when they come). */
static void
tell_view_selection (PdCustomerListModel *self,
                     guint                first,
                     guint                last)
{
  if (first >= self->n_items)
    return;
  last = MIN (last, self->n_items - 1);
  gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), first, last - first + 1);
}

static void
tell_view_n_items (PdCustomerListModel *self)
{
  guint old_n = self->n_items;

  self->n_items = MIN (self->n_visible, self->ramp_limit);
  if (self->n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  else if (self->n_items < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old_n - self->n_items, 0);
}

/* The rows made ahead past the first screenful get their customers a frame after the
 * others: filled all at once, GTK measured and drew some 200 rows' text in the frame that
 * first shows the list (2–4 ms more of it, measured, in the frame that already held the
 * main loop longest), where only the first screenful is seen. */
#define FIRST_FILL_ROWS (3 * RAMP_STEP)

static gboolean
fill_later_cb (gpointer user_data)
{
  PdCustomerListModel *self = user_data;

  self->fill_later_id = 0;
  /* The items not filled yet show no row (G_MAXUINT), so any other position's new row.
   * Rows held while nothing matches stay as they are: the next match fills them. */
  if (self->n_visible > 0)
    refill_items (self, FALSE, 0, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static gboolean
prepare_rows_cb (gpointer user_data)
{
  PdCustomerListModel *self = user_data;
  guint old_n = self->n_items;

  /* Customers came first: they fill the rows made so far, and the ramp goes on. */
  if (!self->preparing || self->n_visible > 0 || old_n >= RAMP_ROWS)
    {
      self->prepare_id = 0;
      return G_SOURCE_REMOVE;
    }
  self->n_items = MIN (old_n + RAMP_STEP, RAMP_ROWS);
  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  return G_SOURCE_CONTINUE;
}

/**
 * pd_customer_list_model_prepare_rows:
 *
 * Has the view make its row widgets now, while there is nothing to show: the model tells
 * it of blank rows, RAMP_STEP at a time, as the ramp does. They stay unseen until the
 * first snapshot with customers fills them in place (the page shows the list only then).
 *
 * GTK 4.8 builds its ~200 row widgets in the frames after a list first gets items: made
 * during the first load, they held the main loop about 100 ms out of a 0.6 s load of
 * 100,000 customers on loopback, and the pages waited for it (the next request goes out
 * from the main loop). Made before, while the window waits for the sign-in, the sandbox
 * or the first page, they cost the load nothing.
 */
void
pd_customer_list_model_prepare_rows (PdCustomerListModel *self)
{
  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));

  if (self->n_items > 0 || self->n_visible > 0 || self->prepare_id != 0)
    return;
  self->preparing = TRUE;
  self->prepare_id = g_timeout_add_full (G_PRIORITY_LOW, RAMP_INTERVAL, prepare_rows_cb,
                                         self, NULL);
}

static gboolean
ramp_cb (gpointer user_data)
{
  PdCustomerListModel *self = user_data;
  gboolean done;

  self->ramp_limit += RAMP_STEP;
  done = self->ramp_limit >= MIN (self->n_visible, RAMP_ROWS) || self->n_visible == 0;
  if (done)
    {
      self->ramp_limit = G_MAXUINT;
      self->ramp_id = 0;
    }
  if (self->n_visible > 0)
    tell_view_n_items (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Every change reaches the view at once, not row by row or page by page. */
static void
show (PdCustomerListModel *self,
      PdCustomerSnapshot  *snapshot,
      const char          *query,
      PdCustomerMatches   *matches)
{
  guint old_n = self->n_items;
  guint old_selected = self->selected_position;
  gboolean hold_rows;
  gboolean first_fill;
  gboolean same_table = pd_customer_snapshot_same_table (snapshot, self->snapshot);

  /* An order asked for that the list could not show yet (see set_order()): now, if this
   * snapshot has it. The snapshot has the order shown so far (set_snapshot() and
   * set_order() see to it); no search is running (update() and search_done_cb() end
   * theirs before they get here), so none is left for another order. */
  if (self->order_waiting && pd_customer_snapshot_has_order (snapshot, self->next_order))
    {
      self->order = self->next_order;
      self->descending = self->next_descending;
      self->order_waiting = FALSE;
    }
  g_return_if_fail (pd_customer_snapshot_has_order (snapshot, self->order));

  if (snapshot != self->snapshot)
    {
      g_clear_pointer (&self->snapshot, pd_customer_snapshot_unref);
      self->snapshot = pd_customer_snapshot_ref (snapshot);
    }
  if (query != self->query)
    {
      g_free (self->query);
      self->query = g_strdup (query);
    }
  if (matches != NULL)
    pd_customer_matches_ref (matches);
  g_clear_pointer (&self->matches, pd_customer_matches_unref);
  self->matches = matches;

  g_clear_pointer (&self->visible, g_free);
  if (matches != NULL)
    self->visible = pd_customer_snapshot_collect (snapshot, self->order, matches,
                                                  &self->n_visible);
  else
    self->n_visible = pd_customer_snapshot_get_n_customers (snapshot);

  reselect (self);
  first_fill = self->preparing && self->n_visible > 0;
  if (self->n_visible > 0)
    self->preparing = FALSE;

  /* Nothing matches: the page shows its no-match state instead of the list, so the view's
   * rows are not seen. GTK 4.8 would drop its ~200 row widgets now and build them again at
   * the next key that matches (70–90 ms of main thread each way, measured); keeping them,
   * with the customers they showed, makes both keystrokes cheap. */
  hold_rows = self->n_visible == 0 && old_n > 0;
  if (hold_rows)
    self->held_from_other_table |= !same_table;
  else
    {
      gboolean all = !same_table || self->held_from_other_table;
      guint fill_first = 0, fill_end = G_MAXUINT;

      if (first_fill)
        {
          fill_end = FIRST_FILL_ROWS;
        }
      else if (!all)
        {
          /* A change moves many rows (a new order, a search, a snapshot): the view holds
           * some 200 items, and filling them all was most of the main thread's work for a
           * sort, a reverse or a keystroke (about 3 ms here). The items within a
           * screenful's reach of what the view will show are filled at once, the others a
           * frame later: a new order shows its top or the selected customer (see
           * scroll_after_layout() in the page), anything else shows where the view is. */
          gboolean reordered = self->order != self->filled_order
                               || self->descending != self->filled_descending;
          guint anchor;

          if (reordered)
            anchor = self->selected_position != GTK_INVALID_LIST_POSITION
                     ? self->selected_position : 0;
          else
            anchor = MIN (self->view_start, self->n_visible > 0 ? self->n_visible - 1 : 0);

          fill_first = anchor > FIRST_FILL_ROWS ? anchor - FIRST_FILL_ROWS : 0;
          fill_end = anchor + FIRST_FILL_ROWS;
        }
      refill_items (self, all, fill_first, fill_end);
      self->held_from_other_table = FALSE;
      self->filled_order = self->order;
      self->filled_descending = self->descending;
      if ((fill_first > 0 || fill_end != G_MAXUINT) && self->fill_later_id == 0)
        self->fill_later_id = g_timeout_add (RAMP_INTERVAL, fill_later_cb, self);
    }

  /* The positions that stay keep their items (refilled above): the view hears only of
   * rows added or removed at the end. */
  if (!hold_rows)
    {
      if (old_n < RAMP_ROWS && self->n_visible > old_n + RAMP_STEP && self->ramp_id == 0)
        {
          self->ramp_limit = old_n + RAMP_STEP;
          self->ramp_id = g_timeout_add (RAMP_INTERVAL, ramp_cb, self);
        }
      tell_view_n_items (self);
    }
  if (old_selected != GTK_INVALID_LIST_POSITION && old_selected != self->selected_position)
    tell_view_selection (self, old_selected, old_selected);
  if (self->selected_position != GTK_INVALID_LIST_POSITION)
    tell_view_selection (self, self->selected_position, self->selected_position);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

typedef struct
{
  PdCustomerSnapshot *snapshot;
  char               *query;
  PdCustomerMatches  *within;
} SearchData;

static void
search_data_free (gpointer user_data)
{
  SearchData *data = user_data;

  pd_customer_snapshot_unref (data->snapshot);
  g_free (data->query);
  g_clear_pointer (&data->within, pd_customer_matches_unref);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  PdCustomerMatches *matches;

  matches = pd_customer_snapshot_match (data->snapshot, data->query, data->within, cancellable);
  if (matches == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Search cancelled");
  else
    g_task_return_pointer (task, matches, (GDestroyNotify) pd_customer_matches_unref);
}

static void
set_pending (PdCustomerListModel *self,
             gboolean             pending)
{
  if ((self->search_cancellable != NULL) == pending)
    return;

  if (pending)
    {
      self->search_cancellable = g_cancellable_new ();
    }
  else
    {
      g_clear_object (&self->search_cancellable);
      g_clear_pointer (&self->next_snapshot, pd_customer_snapshot_unref);
      g_clear_pointer (&self->next_query, g_free);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (source);
  SearchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(PdCustomerMatches) matches = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer key or snapshot cancelled this one, and started its own. */
  if (matches == NULL || data->snapshot != self->next_snapshot
      || g_strcmp0 (data->query, self->next_query) != 0)
    return;

  set_pending (self, FALSE);
  show (self, data->snapshot, data->query, matches);
}

/* Shows @snapshot with @query: at once without a query, else after a scan off the main
 * thread; a scan still running for older input is cancelled, never waited for. */
static void
update (PdCustomerListModel *self,
        PdCustomerSnapshot  *target_snapshot,
        const char          *target_query)
{
  /* Held here: they may be the pending search's own, which set_pending() drops. */
  g_autoptr(PdCustomerSnapshot) snapshot = pd_customer_snapshot_ref (target_snapshot);
  g_autofree char *query = g_strdup (target_query);
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  set_pending (self, FALSE);

  if (*query == '\0')
    {
      show (self, snapshot, query, NULL);
      return;
    }

  data = g_new0 (SearchData, 1);
  data->snapshot = pd_customer_snapshot_ref (snapshot);
  data->query = g_strdup (query);
  /* Typing on narrows what is shown: scan only those rows. */
  if (snapshot == self->snapshot && self->matches != NULL && strstr (query, self->query) != NULL)
    data->within = pd_customer_matches_ref (self->matches);

  set_pending (self, TRUE);
  self->next_snapshot = pd_customer_snapshot_ref (snapshot);
  self->next_query = g_strdup (query);

  task = g_task_new (self, self->search_cancellable, search_done_cb, NULL);
  g_task_set_source_tag (task, update);
  g_task_set_task_data (task, data, search_data_free);
  g_task_run_in_thread (task, search_thread);
}

static void
pd_customer_list_model_dispose (GObject *object)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (object);

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_handle_id (&self->ramp_id, g_source_remove);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  g_clear_handle_id (&self->fill_later_id, g_source_remove);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (pd_customer_list_model_parent_class)->dispose (object);
}

static void
pd_customer_list_model_finalize (GObject *object)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (object);

  g_clear_pointer (&self->snapshot, pd_customer_snapshot_unref);
  g_clear_pointer (&self->next_snapshot, pd_customer_snapshot_unref);
  g_clear_pointer (&self->matches, pd_customer_matches_unref);
  g_free (self->visible);
  g_free (self->query);
  g_free (self->next_query);
  g_free (self->selected_id);

  G_OBJECT_CLASS (pd_customer_list_model_parent_class)->finalize (object);
}

static void
pd_customer_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PdCustomerListModel *self = PD_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, pd_customer_list_model_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customer_list_model_class_init (PdCustomerListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_customer_list_model_dispose;
  object_class->finalize = pd_customer_list_model_finalize;
  object_class->get_property = pd_customer_list_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdCustomerListModel::changed:
   *
   * What is shown changed (rows, order, search, or the count), in place or not.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_customer_list_model_init (PdCustomerListModel *self)
{
  g_autoptr(PdCustomerTable) empty = NULL;

  self->query = g_strdup ("");
  self->selected_position = GTK_INVALID_LIST_POSITION;
  self->selected_row = G_MAXUINT;
  self->ramp_limit = G_MAXUINT;
  self->items = g_hash_table_new_full (NULL, NULL, NULL, item_free);

  empty = pd_customer_table_new (0);
  self->snapshot = pd_customer_snapshot_ref (pd_customer_table_get_snapshot (empty));
}

PdCustomerListModel *
pd_customer_list_model_new (void)
{
  return g_object_new (PD_TYPE_CUSTOMER_LIST_MODEL, NULL);
}

void
pd_customer_list_model_set_snapshot (PdCustomerListModel *self,
                                     PdCustomerSnapshot  *snapshot)
{
  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));
  g_return_if_fail (snapshot != NULL);

  /* The snapshot that ends a load may come with only the order the list shows (or showed
   * when the table made it): the same rows with every order follow at once. */
  if (!pd_customer_snapshot_has_order (snapshot, self->order))
    return;

  /* Row numbers belong to one table: a new table's rows are other customers. */
  if (!pd_customer_snapshot_same_table (snapshot, self->snapshot))
    {
      g_clear_pointer (&self->selected_id, g_free);
      self->selected_row = G_MAXUINT;
    }

  update (self, snapshot, self->next_query != NULL ? self->next_query : self->query);
}

guint
pd_customer_list_model_get_n_customers (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), 0);

  return pd_customer_snapshot_get_n_customers (self->snapshot);
}

/**
 * pd_customer_list_model_get_n_shown:
 *
 * How many customers are shown (those that match the search). Not always the model's
 * number of items: while nothing matches, the view keeps the rows it had, unseen.
 */
guint
pd_customer_list_model_get_n_shown (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), 0);

  return self->n_visible;
}

void
pd_customer_list_model_set_query (PdCustomerListModel *self,
                                  const char          *text)
{
  g_autofree char *folded = NULL;
  const char *target;

  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));

  folded = pd_customer_table_fold_query (text);
  target = self->next_query != NULL ? self->next_query : self->query;
  if (g_str_equal (folded, target))
    return;

  update (self, self->next_snapshot != NULL ? self->next_snapshot : self->snapshot, folded);
}

const char *
pd_customer_list_model_get_query (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->query;
}

gboolean
pd_customer_list_model_get_pending (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), FALSE);

  return self->search_cancellable != NULL;
}

void
pd_customer_list_model_set_order (PdCustomerListModel *self,
                                  PdCustomerOrder      order,
                                  gboolean             descending)
{
  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));
  g_return_if_fail (order < PD_CUSTOMER_N_ORDERS);

  self->order_waiting = FALSE;
  if (order == self->order && descending == self->descending)
    return;

  /* The list shows, or its running search will show, a snapshot with only the order
   * shown so far (it ended a load; the one with every order is on its way): the new
   * order waits for that one (see show()). */
  if (!pd_customer_snapshot_has_order (self->snapshot, order)
      || (self->next_snapshot != NULL && !pd_customer_snapshot_has_order (self->next_snapshot, order)))
    {
      self->order_waiting = TRUE;
      self->next_order = order;
      self->next_descending = descending;
      return;
    }

  self->order = order;
  self->descending = descending;
  /* The orders were sorted off the main thread: switching is a walk over the matches
   * at most, reversing is reading from the other end. */
  show (self, self->snapshot, self->query, self->matches);
}

void
pd_customer_list_model_set_view_start (PdCustomerListModel *self,
                                       guint                position)
{
  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));

  self->view_start = position;
}

guint
pd_customer_list_model_get_selected (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), GTK_INVALID_LIST_POSITION);

  return self->selected_position;
}

void
pd_customer_list_model_set_selected (PdCustomerListModel *self,
                                     guint                position)
{
  guint old;

  g_return_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self));

  if (position >= self->n_visible)
    position = GTK_INVALID_LIST_POSITION;
  if (position == self->selected_position)
    return;

  old = self->selected_position;
  self->selected_position = position;
  g_clear_pointer (&self->selected_id, g_free);
  self->selected_row = G_MAXUINT;
  if (position != GTK_INVALID_LIST_POSITION)
    {
      PdCustomerRowValues values;

      self->selected_row = row_at (self, position);
      pd_customer_snapshot_get_values (self->snapshot, self->selected_row, &values);
      self->selected_id = g_strdup (values.id);
    }

  if (old == GTK_INVALID_LIST_POSITION)
    tell_view_selection (self, position, position);
  else if (position == GTK_INVALID_LIST_POSITION)
    tell_view_selection (self, old, old);
  else
    tell_view_selection (self, MIN (old, position), MAX (old, position));
}

guint
pd_customer_list_model_find (PdCustomerListModel *self,
                             const char          *id)
{
  guint row;

  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), GTK_INVALID_LIST_POSITION);

  row = pd_customer_snapshot_find (self->snapshot, id);
  return row != G_MAXUINT ? position_of_row (self, row) : GTK_INVALID_LIST_POSITION;
}

/**
 * pd_customer_list_model_get_customer:
 *
 * The customer shown at @position, as a customer of its own (an item of this model
 * shows whatever is at its position and changes with it).
 *
 * Returns: (transfer full) (nullable)
 */
PdCustomer *
pd_customer_list_model_get_customer (PdCustomerListModel *self,
                                     guint                position)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), NULL);

  if (position >= self->n_visible)
    return NULL;

  return pd_customer_snapshot_new_customer (self->snapshot, row_at (self, position));
}

/**
 * pd_customer_list_model_get_snapshot:
 *
 * Returns: (transfer none): the snapshot shown
 */
PdCustomerSnapshot *
pd_customer_list_model_get_snapshot (PdCustomerListModel *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->snapshot;
}

/* @rows (ascending in the order) as shown: read from the other end when descending. */
static guint32 *
dup_in_direction (PdCustomerListModel *self,
                  const guint32       *rows,
                  guint                n)
{
  guint32 *copy = g_new (guint32, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    copy[i] = rows[self->descending ? n - 1 - i : i];

  return copy;
}

/**
 * pd_customer_list_model_dup_shown_rows:
 * @n_rows: (out): how many
 *
 * What the list shows, for an export: the rows matching the search, in the order shown.
 *
 * Returns: (transfer full) (array length=n_rows): row indices of the snapshot
 */
guint32 *
pd_customer_list_model_dup_shown_rows (PdCustomerListModel *self,
                                       guint               *n_rows)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = self->n_visible;
  return dup_in_direction (self,
                           self->visible != NULL
                           ? self->visible
                           : pd_customer_snapshot_get_order (self->snapshot, self->order),
                           self->n_visible);
}

/**
 * pd_customer_list_model_dup_all_rows:
 * @n_rows: (out): how many
 *
 * Every customer of the snapshot shown, in the order shown, whatever the search.
 *
 * Returns: (transfer full) (array length=n_rows): row indices of the snapshot
 */
guint32 *
pd_customer_list_model_dup_all_rows (PdCustomerListModel *self,
                                     guint               *n_rows)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_LIST_MODEL (self), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = pd_customer_snapshot_get_n_customers (self->snapshot);
  return dup_in_direction (self, pd_customer_snapshot_get_order (self->snapshot, self->order),
                           *n_rows);
}
