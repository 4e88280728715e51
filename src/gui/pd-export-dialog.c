/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-export-dialog.c: Export…: which customers go in the CSV file, with billing details or
 * not, then the progress of reading and writing them. */

#include "config.h"

#define G_LOG_DOMAIN "pd-export-dialog"

#include <glib/gi18n.h>

#include "pd-cache.h"
#include "pd-export-dialog.h"

/* The estimate before a large export, until reads are measured: about a second per read
 * on the real service, PD_BILLING_BATCH_MAX_IN_FLIGHT at once. */
#define ESTIMATE_MS_PER_READ 1000
/* Reads measured before the time left is shown: the first ones include connecting. */
#define MIN_READS_MEASURED   (2 * PD_BILLING_BATCH_MAX_IN_FLIGHT)

struct _PdExportDialog
{
  AdwWindow         parent_instance;

  GtkWidget        *cancel_button;
  GtkWidget        *export_button;
  GtkStack         *stack;
  GtkWidget        *shown_row;
  GtkWidget        *all_row;
  GtkCheckButton   *shown_check;
  GtkCheckButton   *all_check;
  GtkWidget        *partial_label;
  GtkSwitch        *billing_switch;
  GtkLabel         *progress_label;
  GtkProgressBar   *progress_bar;
  GtkLabel         *remaining_label;
  GtkLabel         *error_label;

  PdClient         *client;
  PdCustomerExport *shown;
  PdCustomerExport *all;
  GFile            *file;        /* tests: written to without asking */

  /* While exporting: what, where, since when. */
  PdCustomerExport *export;
  GFile            *target;
  GCancellable     *cancellable;
  GtkNativeDialog  *chooser;
  gint64            started_at;
  guint             n_failed;
  /* Profiles the cache had, read recently enough to export as they are. */
  GHashTable       *cached;
};

G_DEFINE_FINAL_TYPE (PdExportDialog, pd_export_dialog, ADW_TYPE_WINDOW)

/* "1,500 customers", digits grouped as the locale does. */
static char *
customers_text (guint n)
{
  g_autofree char *count = g_strdup_printf ("%'u", n);

  return g_strdup_printf (ngettext ("%s customer", "%s customers", n), count);
}

static char *
target_name (PdExportDialog *self)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (self->target, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));

  return g_file_get_basename (self->target);
}

static void
show_error (PdExportDialog *self,
            const GError   *error)
{
  g_autofree char *name = target_name (self);
  g_autofree char *message = pd_customer_export_error_to_user_message (error, name);

  g_debug ("Export to %s failed: %s", g_file_peek_path (self->target), error->message);
  gtk_label_set_text (self->error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
}

/* Done: the window says so (a toast outlives this dialog). */
static void
finish (PdExportDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  guint n = pd_customer_export_get_n_rows (self->export);
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;

  if (self->n_failed > 0)
    {
      count = g_strdup_printf ("%'u", self->n_failed);
      message = g_strdup_printf (ngettext ("Exported, but the billing details of %s "
                                           "customer could not be read",
                                           "Exported, but the billing details of %s "
                                           "customers could not be read",
                                           self->n_failed),
                                 count);
    }
  else
    {
      count = g_strdup_printf ("%'u", n);
      message = g_strdup_printf (ngettext ("Exported %s customer", "Exported %s customers", n),
                                 count);
    }

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-toast", "s", message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_customer_export_save_finish (PD_CUSTOMER_EXPORT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  finish (self);
}

static void
save (PdExportDialog *self)
{
  gtk_label_set_text (self->progress_label, _("Saving the file…"));
  gtk_label_set_text (self->remaining_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  pd_customer_export_save_async (self->export, self->target, self->cancellable,
                                 saved_cb, g_object_ref (self));
}

static void
show_time_left (PdExportDialog *self,
                guint           done,
                guint           total)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - self->started_at) / 1000;
  guint64 left_s;
  guint minutes;
  g_autofree char *text = NULL;

  if (done < MIN_READS_MEASURED || done >= total)
    return;

  left_s = (guint64) elapsed_ms * (total - done) / done / 1000;
  if (left_s < 60)
    {
      gtk_label_set_text (self->remaining_label, _("Less than a minute left"));
      return;
    }

  minutes = (guint) MIN ((left_s + 59) / 60, G_MAXUINT);
  text = g_strdup_printf (ngettext ("About %u minute left", "About %u minutes left", minutes),
                          minutes);
  gtk_label_set_text (self->remaining_label, text);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  PdExportDialog *self = user_data;
  g_autofree char *done_text = g_strdup_printf ("%'u", done);
  g_autofree char *total_text = g_strdup_printf ("%'u", total);
  g_autofree char *text = NULL;

  /* Translators: "120 of 1,500": customers whose billing details were read so far. */
  text = g_strdup_printf (ngettext ("Reading billing details: %1$s of %2$s customer",
                                    "Reading billing details: %1$s of %2$s customers",
                                    total),
                          done_text, total_text);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  show_time_left (self, done, total);
}

/* An account opened within this long is exported as it was read: no second read. */
#define FRESH_CACHED_MINUTES 60

static void
billing_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdExportDialog) self = user_data;
  g_autoptr(GHashTable) profiles = NULL;

  /* It fails only when cancelled: customers not read get empty cells. */
  profiles = pd_billing_batch_read_finish (PD_CLIENT (source), result, &self->n_failed, NULL);
  if (profiles == NULL)
    return;

  if (self->cached != NULL)
    {
      GHashTableIter iter;
      gpointer id, profile;

      g_hash_table_iter_init (&iter, self->cached);
      while (g_hash_table_iter_next (&iter, &id, &profile))
        g_hash_table_insert (profiles, g_strdup (id), g_object_ref (profile));
    }
  pd_customer_export_set_billing_profiles (self->export, profiles);
  save (self);
}

/* The profiles the cache did not have fresh: one read per customer from the service. */
static void
cached_profiles_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdExportDialog) self = user_data;
  g_auto(GStrv) ids = pd_customer_export_dup_customer_ids (self->export);
  g_autoptr(GPtrArray) to_read = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->cached, g_hash_table_unref);
  self->cached = pd_cache_load_billing_profiles_finish (PD_CACHE (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  for (guint i = 0; ids[i] != NULL; i++)
    if (self->cached == NULL || !g_hash_table_contains (self->cached, ids[i]))
      g_ptr_array_add (to_read, ids[i]);
  g_ptr_array_add (to_read, NULL);
  g_debug ("export: %u billing profiles from the cache, %u to read",
           self->cached != NULL ? g_hash_table_size (self->cached) : 0, to_read->len - 1);

  progress_cb (0, to_read->len - 1, self);
  pd_billing_batch_read_async (self->client, (const char * const *) to_read->pdata,
                               PD_BILLING_BATCH_MAX_IN_FLIGHT, progress_cb, self,
                               self->cancellable, billing_read_cb, g_object_ref (self));
}

/* Where the export's billing profiles come from: the accounts opened in the last hour as
 * the cache keeps them, and one read per customer from Partner Center for the others. */
static void
gather_billing_profiles (PdExportDialog *self)
{
  g_auto(GStrv) ids = pd_customer_export_dup_customer_ids (self->export);
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (self->client);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) fresh_since = g_date_time_add_minutes (now, -FRESH_CACHED_MINUTES);

  progress_cb (0, g_strv_length (ids), self);
  pd_cache_load_billing_profiles_async (cache, (const char * const *) ids, fresh_since,
                                        self->cancellable, cached_profiles_cb,
                                        g_object_ref (self));
}

/* What happens after the file chooser, the same for tests (pd_export_dialog_set_file). */
static void
start (PdExportDialog *self,
       GFile          *file)
{
  g_set_object (&self->target, file);
  self->started_at = g_get_monotonic_time ();
  gtk_widget_set_visible (self->export_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  if (gtk_switch_get_active (self->billing_switch))
    gather_billing_profiles (self);
  else
    save (self);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PdExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    start (self, file);
}

static void
choose_file (PdExportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->file != NULL)
    {
      start (self, self->file);
      return;
    }

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Export Customers"),
                                                                  GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                  _("_Export"), _("_Cancel")));
  /* Translators: the suggested name of an exported file; %s is the date (2026-12-02).
   * Keep it a valid file name, ending in .csv. */
  name = g_strdup_printf (_("customers-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PdExportDialog   *self)
{
  if (g_str_equal (response, "export"))
    choose_file (self);
}

/* One read per customer: say how long that takes before starting it. */
static void
confirm_large (PdExportDialog *self,
               guint           n)
{
  guint64 seconds = ((guint64) n + PD_BILLING_BATCH_MAX_IN_FLIGHT - 1)
                    / PD_BILLING_BATCH_MAX_IN_FLIGHT * ESTIMATE_MS_PER_READ / 1000;
  guint minutes = (guint) MAX (1, (seconds + 59) / 60);
  g_autofree char *count = g_strdup_printf ("%'u", n);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  heading = g_strdup_printf (ngettext ("Read Billing Details of %s Customer?",
                                       "Read Billing Details of %s Customers?", n), count);
  body = g_strdup_printf (ngettext ("Partner Center is asked once for each customer: this "
                                    "takes about %u minute.",
                                    "Partner Center is asked once for each customer: this "
                                    "takes about %u minutes.", minutes),
                          minutes);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Export"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "export");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_clicked_cb (PdExportDialog *self)
{
  gboolean shown = gtk_widget_get_visible (self->shown_row)
                   && gtk_check_button_get_active (self->shown_check);
  guint n;

  g_set_object (&self->export, (shown ? self->shown : self->all));
  n = pd_customer_export_get_n_rows (self->export);

  if (gtk_switch_get_active (self->billing_switch) && n > PD_EXPORT_DIALOG_LARGE_COUNT)
    confirm_large (self, n);
  else
    choose_file (self);
}

static gboolean
pd_export_dialog_close_request (GtkWindow *window)
{
  PdExportDialog *self = PD_EXPORT_DIALOG (window);

  /* Closing is cancelling: reads stop, and a file being written is not left behind. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (pd_export_dialog_parent_class)->close_request (window);
}

static void
pd_export_dialog_dispose (GObject *object)
{
  PdExportDialog *self = PD_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->shown);
  g_clear_object (&self->all);
  g_clear_object (&self->export);
  g_clear_object (&self->file);
  g_clear_object (&self->target);
  g_clear_pointer (&self->cached, g_hash_table_unref);

  G_OBJECT_CLASS (pd_export_dialog_parent_class)->dispose (object);
}

static void
pd_export_dialog_class_init (PdExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_export_dialog_dispose;
  window_class->close_request = pd_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-export-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PdExportDialog, name)
  BIND (cancel_button);
  BIND (export_button);
  BIND (stack);
  BIND (shown_row);
  BIND (all_row);
  BIND (shown_check);
  BIND (all_check);
  BIND (partial_label);
  BIND (billing_switch);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (remaining_label);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_export_dialog_init (PdExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* The two choices with their counts; one row when they are the same customers. */
static void
show_choice (PdExportDialog *self,
             gboolean        partial)
{
  guint n_shown = pd_customer_export_get_n_rows (self->shown);
  guint n_all = pd_customer_export_get_n_rows (self->all);
  g_autofree char *shown_text = customers_text (n_shown);
  g_autofree char *all_text = customers_text (n_all);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->shown_row), shown_text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->all_row), all_text);
  gtk_widget_set_visible (self->partial_label, partial);

  if (n_shown == n_all)
    {
      gtk_check_button_set_active (self->all_check, TRUE);
      gtk_widget_set_visible (self->shown_row, FALSE);
      /* The row's prefix box too: else its spacing stays and the title moves right. */
      gtk_widget_set_visible (GTK_WIDGET (self->all_check), FALSE);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->all_check)), FALSE);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->all_row), NULL);
    }
  else if (n_shown == 0)
    {
      gtk_check_button_set_active (self->all_check, TRUE);
      gtk_widget_set_sensitive (self->shown_row, FALSE);
    }
}

PdExportDialog *
pd_export_dialog_new (GtkWindow        *parent,
                      PdClient         *client,
                      PdCustomerExport *shown,
                      PdCustomerExport *all,
                      gboolean          partial)
{
  PdExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (shown), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (all), NULL);

  self = g_object_new (PD_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->shown = g_object_ref (shown);
  self->all = g_object_ref (all);
  show_choice (self, partial);

  return self;
}

void
pd_export_dialog_set_file (PdExportDialog *self,
                           GFile          *file)
{
  g_return_if_fail (PD_IS_EXPORT_DIALOG (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->file, file);
}
