/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-export.c: the customer list's "Export…" (customers.export): the rows
 * shown and all rows, in the list's order, handed to the export dialog. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customers-page"

#include "pd-customers-page-private.h"
#include "pd-export-dialog.h"

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdCustomersPage *self = PD_CUSTOMERS_PAGE (widget);
  PdCustomerSnapshot *snapshot = pd_customer_list_model_get_snapshot (self->model);
  g_autofree guint32 *shown_rows = NULL;
  g_autofree guint32 *all_rows = NULL;
  g_autoptr(PdCustomerExport) shown = NULL;
  g_autoptr(PdCustomerExport) all = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  PdExportDialog *dialog;
  guint n_shown, n_all;

  if (self->client == NULL || pd_customer_list_model_get_n_customers (self->model) == 0)
    return;

  /* The rows as they are now: the dialog keeps the snapshot, whatever the list does
   * meanwhile. */
  shown_rows = pd_customer_list_model_dup_shown_rows (self->model, &n_shown);
  all_rows = pd_customer_list_model_dup_all_rows (self->model, &n_all);
  shown = pd_customer_export_new (snapshot, shown_rows, n_shown);
  all = pd_customer_export_new (snapshot, all_rows, n_all);

  dialog = pd_export_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 self->client, shown, all, self->state == PD_LOAD_RUNNING);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_export_action (PdCustomersPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.export",
                                 self->client != NULL
                                 && pd_customer_list_model_get_n_customers (self->model) > 0);
}

void
pd_customers_page_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "customers.export", NULL, export_activated);
  /* Ctrl+E is Edit on the account page: Export takes Shift too. A binding of the page,
   * not an application accelerator: with GTK 4.8 under X11 one with Shift kept F10
   * from opening the main menu (test-ui-keyboard's sort-menu). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "customers.export", NULL);
}

void
pd_customers_page_export_init (PdCustomersPage *self)
{
  g_signal_connect_object (self->model, "changed",
                           G_CALLBACK (update_export_action), self, G_CONNECT_SWAPPED);
  update_export_action (self);
}
