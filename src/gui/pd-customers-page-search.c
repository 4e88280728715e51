/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-search.c: the customer list page's search bar: the query for the list,
 * the keys that lead to the results, and asking the server too while the list loads. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include "pd-customers-page-private.h"

void
pd_customers_page_cancel_server_search (PdCustomersPage *self)
{
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->searches_running = 0;
}

static void
search_customers_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PdCustomersCall *data = user_data;
  PdCustomersPage *self = data->self;
  g_autoptr(GError) error = NULL;

  pd_client_search_customers_finish (PD_CLIENT (source), result, NULL, &error);

  /* A failed search is not worth a message: the full list is still on its way. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Server search failed: %s", error->message);

  if (pd_customers_call_is_current (data) && self->searches_running > 0
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->searches_running--;
      pd_customers_page_update_view (self);
    }

  pd_customers_call_free (data);
}

static void
search_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data)
{
  PdCustomersCall *data = user_data;

  if (!pd_customers_call_is_current (data))
    return;

  pd_customer_table_add (data->self->table, customers);
  pd_customers_page_update_view (data->self);
}

static void
server_search_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;
  g_autofree char *prefix = NULL;
  const PdSearchField fields[] = { PD_SEARCH_FIELD_COMPANY_NAME, PD_SEARCH_FIELD_DOMAIN };

  self->search_timeout_id = 0;

  if (self->client == NULL || self->state != PD_LOAD_RUNNING)
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
                                        search_page_cb, pd_customers_call_new (self),
                                        pd_customers_call_free,
                                        self->search_cancellable,
                                        search_customers_cb, pd_customers_call_new (self));
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
  pd_customers_page_cancel_server_search (self);
  if (*folded != '\0' && self->state == PD_LOAD_RUNNING)
    self->search_timeout_id = g_timeout_add_once (PD_SERVER_SEARCH_DELAY_MS, server_search_cb,
                                                  self);

  pd_customers_page_update_view (self);
}

static gboolean
apply_search_cb (gpointer user_data)
{
  PdCustomersPage *self = user_data;

  self->apply_search_id = 0;
  set_query (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  /* The same text again (typed and taken back) changes nothing: a waiting key goes now. */
  pd_customers_page_search_results_cb (self);
  return G_SOURCE_REMOVE;
}

void
pd_customers_page_search_changed_cb (PdCustomersPage *self)
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

/* Whether what the list shows answers the search text as it is now. A key typed a moment
 * ago may not be applied yet, or its scan may still run (100,000 customers). */
static gboolean
results_are_current (PdCustomersPage *self)
{
  g_autofree char *folded = NULL;

  if (self->apply_search_id != 0 || pd_customer_list_model_get_pending (self->model))
    return FALSE;

  /* The search entry tells of a change only after a pause (GtkSearchEntry's delay). */
  folded = pd_customer_table_fold_query (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  return g_strcmp0 (folded, pd_customer_list_model_get_query (self->model)) == 0;
}

static void
run_search_key (PdCustomersPage *self,
                guint            keyval)
{
  if (pd_customer_list_model_get_n_shown (self->model) == 0)
    return;

  focus_first_result (self);
  /* Enter in the search opens the first match at once, as a search box does; back on the
   * list, that row is selected and focused. */
  if (keyval == GDK_KEY_Return)
    pd_customers_page_activate_row (self, 0);
}

/* Down and Enter act on the results of what was typed, never on those of a shorter text
 * still on screen: until they come, the key waits. */
static void
search_key (PdCustomersPage *self,
            guint            keyval)
{
  self->deferred_search_key = 0;
  if (results_are_current (self))
    {
      run_search_key (self, keyval);
      return;
    }

  self->deferred_search_key = keyval;
  /* Text the entry has not passed on yet is searched now: the key should not wait for
   * the entry's pause as well as for the scan. */
  if (self->apply_search_id == 0 && !pd_customer_list_model_get_pending (self->model))
    apply_search_cb (self);
}

void
pd_customers_page_search_results_cb (PdCustomersPage *self)
{
  guint keyval = self->deferred_search_key;

  if (keyval == 0 || !results_are_current (self))
    return;

  self->deferred_search_key = 0;
  run_search_key (self, keyval);
}

/* Down in the search field goes to the first result, wherever the view was. */
gboolean
pd_customers_page_search_key_pressed_cb (PdCustomersPage       *self,
                                         guint                  keyval,
                                         guint                  keycode,
                                         GdkModifierType        state,
                                         GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (results_are_current (self) && pd_customer_list_model_get_n_shown (self->model) == 0)
    return GDK_EVENT_PROPAGATE;

  search_key (self, GDK_KEY_Down);
  return GDK_EVENT_STOP;
}

void
pd_customers_page_search_activate_cb (PdCustomersPage *self)
{
  search_key (self, GDK_KEY_Return);
}

void
pd_customers_page_stop_search_cb (PdCustomersPage *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

void
pd_customers_page_search_mode_cb (PdCustomersPage *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      pd_customers_page_focus_list (self);
    }
}
