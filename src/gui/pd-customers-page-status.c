/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-status.c: what the customer list page shows of its state: the list or a
 * status page, and the status bar's count, spinner, warning and buttons. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include <glib/gi18n.h>

#include "pd-customers-page-private.h"

void
pd_customers_page_set_tooltip (GtkWidget  *widget,
                               const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static char *
format_count (guint n)
{
  /* The ' flag groups digits as the locale does ("12,000", "12 000"). */
  return g_strdup_printf ("%'u", n);
}

static void
update_count_label (PdCustomersPage *self)
{
  guint loaded = pd_customer_list_model_get_n_customers (self->model);
  g_autofree char *loaded_text = format_count (loaded);
  g_autofree char *text = NULL;
  /* Offline, the banner says why the rows are old: the bar only counts them. */
  gboolean failed = self->state == PD_LOAD_FAILED && self->failure != NULL && !self->offline;
  g_autofree char *failure_message = failed ? pd_api_error_to_user_message (self->failure) : NULL;

  gtk_widget_set_visible (self->status_warning, failed);
  pd_customers_page_set_tooltip (GTK_WIDGET (self->count_label), failure_message);
  if (failed)
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");

  if (failed)
    {
      /* The rows shown are the ones loaded so far, or those from before the refresh. */
      text = pd_api_error_to_status_message (self->failure,
                                             self->refreshing ? PD_API_ERROR_ACTIVITY_REFRESH
                                                              : PD_API_ERROR_ACTIVITY_LOAD);
    }
  else if (self->state == PD_LOAD_RUNNING && self->client != NULL
           && pd_client_get_slow (self->client))
    {
      /* Translators: in the status bar while loading, when a page took long and is being
       * asked for again. */
      text = g_strdup (_("The service is slow to answer: still trying…"));
    }
  else if (self->refreshing && self->state == PD_LOAD_RUNNING)
    {
      /* The rows are the old ones until the refresh ends: a count would claim too much. */
      text = g_strdup (_("Refreshing…"));
    }
  else if (self->refreshing && self->state == PD_LOAD_STOPPED)
    {
      text = g_strdup (_("Refresh stopped: the list may be out of date"));
    }
  else if ((self->state == PD_LOAD_DONE || self->state == PD_LOAD_IDLE || self->offline)
           && *pd_customer_list_model_get_query (self->model) != '\0')
    {
      guint shown = pd_customer_list_model_get_n_shown (self->model);
      g_autofree char *shown_text = format_count (shown);

      /* Translators: while searching, "Showing 3 of 12,000 customers"; the plural
       * follows the total. */
      text = g_strdup_printf (ngettext ("Showing %1$s of %2$s customer",
                                        "Showing %1$s of %2$s customers", loaded),
                              shown_text, loaded_text);
    }
  else if (self->state == PD_LOAD_DONE || self->state == PD_LOAD_IDLE || self->offline)
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

/* How old the rows are, beside the count, when they may be old: from the cache, or once a
 * load has been complete (a refresh keeps them until it ends). */
static void
update_age_label (PdCustomersPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (self->listed_at == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->age_label), FALSE);
      return;
    }

  now = g_date_time_new_now_utc ();
  text = pd_customers_page_format_age (self->listed_at, now);
  if (g_strcmp0 (text, gtk_label_get_label (self->age_label)) != 0)
    gtk_label_set_label (self->age_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->age_label), TRUE);
}

/* Only when they change: the view is updated on every page and snapshot. */
static void
set_retry_button (PdCustomersPage *self,
                  const char      *label,
                  const char      *tooltip)
{
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (self->status_retry_button)), label) != 0)
    gtk_button_set_label (GTK_BUTTON (self->status_retry_button), label);
  pd_customers_page_set_tooltip (self->status_retry_button, tooltip);
}

/* How far a running listing has come: a bar when the list's length is known (the server's
 * totalCount, or for a refresh the rows it lists again), else a spinner. The bar moves only
 * with the snapshots, a few times a second; a spinner is redrawn every frame, which on a
 * desktop without GPU cost a tenth of a 100,000-customer load. */
static void
update_progress (PdCustomersPage *self,
                 gboolean         running)
{
  guint expected = self->total_count;
  gboolean determinate;

  if (expected == 0 && self->refreshing)
    expected = pd_customer_list_model_get_n_customers (self->model);
  determinate = running && expected > 0;

  if (determinate)
    {
      double fraction = MIN ((double) self->listing_customers / expected, 1.0);

      if (gtk_progress_bar_get_fraction (self->status_progress) != fraction)
        gtk_progress_bar_set_fraction (self->status_progress, fraction);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_progress), determinate);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), running && !determinate);
  gtk_spinner_set_spinning (self->status_spinner, running && !determinate);
}

/* The rows came (after loading, an error, or a search that found none): the keyboard
 * starts on them, unless the user is typing a search. */
static void
focus_first_rows (PdCustomersPage *self,
                  const char      *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (g_str_equal (page, "list") && gtk_widget_get_mapped (GTK_WIDGET (self))
      && (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_bar))))
    pd_customers_page_focus_list (self);
}

/* GTK 4.8 shows screen readers a stack's hidden pages too: the list's rows made ahead of
 * the customers (blank), or kept while nothing matches, would be read out. Set when the
 * page changes: a screen reader hears of each change. */
void
pd_customers_page_hide_list_from_screen_readers (PdCustomersPage *self,
                                                 gboolean         hidden)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->scrolled_window),
                               GTK_ACCESSIBLE_STATE_HIDDEN, hidden, -1);
}

void
pd_customers_page_update_view (PdCustomersPage *self)
{
  guint n_loaded = pd_customer_list_model_get_n_customers (self->model);
  guint n_shown = pd_customer_list_model_get_n_shown (self->model);
  gboolean running = self->state == PD_LOAD_RUNNING;
  const char *page;

  if (n_loaded == 0 && self->state == PD_LOAD_FAILED)
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

  if (!g_str_equal (page, gtk_stack_get_visible_child_name (self->content_stack)))
    {
      pd_customers_page_hide_list_from_screen_readers (self, !g_str_equal (page, "list"));
      gtk_stack_set_visible_child_name (self->content_stack, page);
      focus_first_rows (self, page);
    }

  update_progress (self, running);
  gtk_widget_set_visible (self->stop_button, running);
  /* Offline, Retry is the banner's. */
  gtk_widget_set_visible (self->status_retry_button,
                          n_loaded > 0 && !self->offline
                          && (self->state == PD_LOAD_STOPPED || self->state == PD_LOAD_FAILED));
  /* "Load All" only continues a first load the user stopped; anything else asks again. */
  if (self->state == PD_LOAD_STOPPED && !self->refreshing)
    set_retry_button (self, _("_Load All"), _("Load the remaining customers"));
  else
    set_retry_button (self, _("_Retry"), self->refreshing ? _("Refresh the list again")
                                                          : _("Load the remaining customers"));
  /* The status pages speak for an empty list: the bar only counts rows. */
  gtk_widget_set_visible (self->status_bar, n_loaded > 0);

  update_count_label (self);
  update_age_label (self);
  pd_customers_page_update_banner (self);
}
