/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-cache.c: the customer list page and its local copy (PdCache): keeping the
 * copy in step with every listing, saying how old the rows are and what a refresh changed,
 * and staying usable, read-only, while the service cannot be reached. Opening on the
 * cached list is part of loading (pd-customers-page-load.c). */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include <glib/gi18n.h>

#include "pd-customers-page-private.h"

/* "Updated 5 minutes ago" is worth redrawing this often. */
#define AGE_TICK_SECONDS 30

void
pd_customers_page_open_cache (PdCustomersPage *self)
{
  g_clear_object (&self->cache);
  g_clear_pointer (&self->listed_at, g_date_time_unref);
  pd_customers_page_set_offline (self, FALSE);

  if (self->client != NULL)
    self->cache = pd_cache_dup_for_client (self->client);
}

/* ---- What the status bar and the banner say about the rows' age ---- */

char *
pd_customers_page_format_age (GDateTime *then,
                              GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, then);
  gint64 minutes = span / G_TIME_SPAN_MINUTE;
  gint64 hours = span / G_TIME_SPAN_HOUR;
  gint64 days = span / G_TIME_SPAN_DAY;

  if (minutes < 1)
    return g_strdup (_("Updated just now"));
  if (hours < 1)
    return g_strdup_printf (ngettext ("Updated %d minute ago", "Updated %d minutes ago",
                                      (gulong) minutes), (int) minutes);
  if (days < 1)
    return g_strdup_printf (ngettext ("Updated %d hour ago", "Updated %d hours ago",
                                      (gulong) hours), (int) hours);
  if (days < 30)
    return g_strdup_printf (ngettext ("Updated %d day ago", "Updated %d days ago",
                                      (gulong) days), (int) days);
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (then);
    /* Translators: a date in "Updated on %s"; see strftime(3) */
    g_autofree char *date = g_date_time_format (local, _("%-d %B %Y"));

    /* Translators: %s is a date, e.g. "2 December 2026" */
    return g_strdup_printf (_("Updated on %s"), date);
  }
}

/* "2 December, 17:05" in the user's locale and time zone. */
static char *
format_when (GDateTime *then)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (then);

  /* Translators: the date and time in "Offline — showing customers as of %s"; see
   * strftime(3) */
  return g_date_time_format (local, _("%-d %B, %H:%M"));
}

void
pd_customers_page_update_banner (PdCustomersPage *self)
{
  g_autofree char *title = NULL;

  if (self->offline && self->listed_at != NULL)
    {
      g_autofree char *when = format_when (self->listed_at);

      /* Translators: a lasting notice over the list while the service cannot be reached;
       * %s is a date and time. */
      title = g_strdup_printf (_("Offline — showing customers as of %s. Editing needs a "
                                 "connection."), when);
    }
  else if (self->offline)
    {
      title = g_strdup (_("Offline — showing the customers loaded so far. Editing needs a "
                          "connection."));
    }

  if (title != NULL)
    pd_offline_banner_set_title (self->offline_banner, title);
  /* Why, in full, naming the connection ("Could not reach Demo Data. …"). */
  if (self->offline && self->failure != NULL)
    {
      g_autofree char *why = pd_api_error_to_user_message (self->failure);

      pd_customers_page_set_tooltip (GTK_WIDGET (self->offline_banner), why);
    }
  pd_offline_banner_set_revealed (self->offline_banner,
                                  self->offline
                                  && pd_customer_list_model_get_n_customers (self->model) > 0);
}

static gboolean
age_tick_cb (gpointer user_data)
{
  pd_customers_page_update_view (user_data);
  return G_SOURCE_CONTINUE;
}

/* The flag, its notification and the retries; the view is the caller's to update. */
static void
note_offline (PdCustomersPage *self,
              gboolean         offline)
{
  if (self->offline != offline)
    {
      self->offline = offline;
      pd_customers_page_notify_offline (self);
    }

  if (offline)
    pd_offline_retry_start (self->offline_retry);
  else
    pd_offline_retry_stop (self->offline_retry);
}

void
pd_customers_page_set_offline (PdCustomersPage *self,
                               gboolean         offline)
{
  note_offline (self, offline);
  pd_customers_page_update_view (self);
}

/* The listing ended: the cache keeps what came, and a complete one is the list's new age. */
void
pd_customers_page_cache_listing_ended (PdCustomersPage *self,
                                       PdLoadState      state,
                                       const GError    *error)
{
  gboolean complete = state == PD_LOAD_DONE;

  /* The view is not updated here: the table's snapshot that ends the load does it (with
   * the load's state), a few milliseconds later. A frame drawn now would also put off the
   * one that shows the last rows, as GTK draws frames at most one a refresh apart: those
   * rows were drawn 8–19 ms after they reached the view against about 8 ms without it. */
  if (complete)
    {
      g_clear_pointer (&self->listed_at, g_date_time_unref);
      self->listed_at = g_date_time_new_now_utc ();
      self->from_cache = FALSE;
      note_offline (self, FALSE);
    }
  else if (state == PD_LOAD_FAILED && pd_api_error_is_offline (error))
    {
      note_offline (self, TRUE);
    }

  if (self->listed_at != NULL && self->age_tick_id == 0)
    self->age_tick_id = g_timeout_add_seconds (AGE_TICK_SECONDS, age_tick_cb, self);
}

/* Said once the refresh's last rows are on screen. */
void
pd_customers_page_announce_changes (PdCustomersPage          *self,
                                    PdCustomerRefreshChanges *changes)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (changes->added == 0 && changes->changed == 0 && changes->removed == 0)
    return;

  /* Translators: one part of "3 new, 2 changed, 1 removed", said after a refresh. */
  if (changes->added > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u new", "%'u new",
                                                           changes->added), changes->added));
  /* Translators: one part of "3 new, 2 changed, 1 removed": customers whose name, domain
   * or relationship changed. */
  if (changes->changed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u changed", "%'u changed",
                                                           changes->changed), changes->changed));
  /* Translators: one part of "3 new, 2 changed, 1 removed". */
  if (changes->removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u removed", "%'u removed",
                                                           changes->removed), changes->removed));
  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the parts of "3 new, 2 changed, 1 removed" */
  text = g_strjoinv (_(", "), (char **) parts->pdata);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
}
