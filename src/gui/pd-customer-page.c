/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-page.c: one customer: header bar with Edit, a menu of sections, the Account page. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-page"

#include <glib/gi18n.h>

#include "pd-account-page.h"
#include "pd-adaptive-layout.h"
#include "pd-customer-page.h"
#include "pd-history-page.h"
#include "pd-resources.h"

struct _PdCustomerPage
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *sidebar;
  GtkWidget      *switcher_bar;
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkWidget      *edit_button;

  PdClient       *client;
  PdCustomer     *customer;
  GtkWidget      *account_page;
  GtkWidget      *history_page;
};

G_DEFINE_FINAL_TYPE (PdCustomerPage, pd_customer_page, GTK_TYPE_WIDGET)

enum {
  CUSTOMER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_title (PdCustomerPage *self)
{
  const char *name = pd_customer_get_company_name (self->customer);

  adw_window_title_set_title (self->window_title, name != NULL ? name : "");
}

static void
on_account_saved (PdCustomerPage   *self,
                  PdBillingProfile *saved)
{
  PdCompanyProfile *company = pd_customer_get_company_profile (self->customer);

  /* The list's item follows the server's answer: the row shows it, the list re-sorts. */
  pd_customer_set_billing_profile (self->customer, saved);
  if (company != NULL && pd_billing_profile_get_company_name (saved) != NULL)
    pd_company_profile_set_company_name (company, pd_billing_profile_get_company_name (saved));
  update_title (self);
  /* The new change goes to the top of the history (now, or when it is next shown). */
  pd_history_page_reload (PD_HISTORY_PAGE (self->history_page));

  g_signal_emit (self, signals[CUSTOMER_CHANGED], 0, self->customer);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s",
                              _("Account information updated"));
}

/* Below this many average characters the section list goes: the section gets the room. */
#define NARROW_CHARS 75

static void
width_chars_cb (PdCustomerPage *self)
{
  PdAdaptiveLayout *layout = pd_adaptive_layout_get_for_widget (GTK_WIDGET (self));
  gboolean wide = pd_adaptive_layout_get_width_chars (layout) >= NARROW_CHARS;

  gtk_widget_set_visible (self->sidebar, wide);
  /* The line between the section list and the section. */
  gtk_widget_set_visible (gtk_widget_get_next_sibling (self->sidebar), wide);
  gtk_widget_set_visible (self->switcher_bar, !wide);
}

/* Restore These Values: the edit form opens from the Account section, with them filled in. */
static void
on_restore (PdCustomerPage   *self,
            PdProfileFields   fields,
            PdBillingProfile *values)
{
  pd_account_page_restore (PD_ACCOUNT_PAGE (self->account_page), fields, values);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdCustomerPage *self = PD_CUSTOMER_PAGE (widget);

  pd_account_page_edit (PD_ACCOUNT_PAGE (self->account_page));
}

/* Edit belongs to the Account section: it shows with it, and works once it has loaded. */
static void
update_edit_action (PdCustomerPage *self)
{
  PdAccountPage *account = PD_ACCOUNT_PAGE (self->account_page);
  gboolean on_account = account != NULL
                        && gtk_stack_get_visible_child (self->stack) == self->account_page;

  gboolean offline = account != NULL && pd_account_page_get_offline (account);

  gtk_widget_set_visible (self->edit_button, on_account);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit",
                                 on_account && pd_account_page_get_can_edit (account));
  /* Why Edit is off, where the pointer and the screen reader look for it. */
  gtk_widget_set_tooltip_text (self->edit_button,
                               offline ? _("Editing needs a connection to the service")
                                       : _("Edit the account information (Ctrl+E)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_widget_get_tooltip_text (self->edit_button), -1);
}

static void
pd_customer_page_dispose (GObject *object)
{
  PdCustomerPage *self = PD_CUSTOMER_PAGE (object);

  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  /* Taking the stack apart changes its visible child: nothing to update then. */
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_func (self->stack, update_edit_action, self);
  if (self->account_page != NULL)
    g_signal_handlers_disconnect_by_func (self->account_page, update_edit_action, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CUSTOMER_PAGE);
  self->account_page = NULL;
  self->history_page = NULL;
  g_clear_object (&self->client);
  g_clear_object (&self->customer);

  G_OBJECT_CLASS (pd_customer_page_parent_class)->dispose (object);
}

static void
pd_customer_page_class_init (PdCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_customer_page_dispose;

  /**
   * PdCustomerPage::customer-changed:
   * @customer: the customer as given (the list's item), with the saved values
   *
   * The customer was saved: the list shows it anew and re-sorts.
   */
  signals[CUSTOMER_CHANGED] =
    g_signal_new ("customer-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_CUSTOMER);

  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, box);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdCustomerPage, switcher_bar);
  gtk_widget_class_install_action (widget_class, "customer.edit", NULL, edit_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, PD_TYPE_ADAPTIVE_LAYOUT);
}

static void
pd_customer_page_init (PdCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit", FALSE);

  g_signal_connect_object (gtk_widget_get_layout_manager (GTK_WIDGET (self)),
                           "notify::width-chars", G_CALLBACK (width_chars_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * pd_customer_page_new:
 * @client: the client
 * @customer: the list's item
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
pd_customer_page_new (PdClient   *client,
                      PdCustomer *customer)
{
  PdCustomerPage *self;
  GtkStackPage *page;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER (customer), NULL);

  self = g_object_new (PD_TYPE_CUSTOMER_PAGE, NULL);
  self->client = g_object_ref (client);
  self->customer = g_object_ref (customer);

  update_title (self);
  g_signal_connect_swapped (customer, "notify::company-name", G_CALLBACK (update_title), self);

  /* A stack so more sections (subscriptions, users, …) can join the menu later. */
  self->account_page = pd_account_page_new (client, customer);
  page = gtk_stack_add_named (self->stack, self->account_page, "account");
  /* Translators: the section of a customer, as in Partner Center (Учетная запись) */
  gtk_stack_page_set_title (page, _("Account"));
  g_signal_connect_object (self->account_page, "saved", G_CALLBACK (on_account_saved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account_page, "notify::can-edit",
                           G_CALLBACK (update_edit_action), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account_page, "notify::offline",
                           G_CALLBACK (update_edit_action), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (update_edit_action), self, G_CONNECT_SWAPPED);
  update_edit_action (self);

  self->history_page = pd_history_page_new (client, customer);
  page = gtk_stack_add_named (self->stack, self->history_page, "history");
  /* Translators: the section of a customer listing who changed what (История) */
  gtk_stack_page_set_title (page, _("History"));
  g_signal_connect_object (self->history_page, "restore", G_CALLBACK (on_restore), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

PdCustomer *
pd_customer_page_get_customer (PdCustomerPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_PAGE (self), NULL);

  return self->customer;
}

GtkWidget *
pd_customer_page_get_account_page (PdCustomerPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_PAGE (self), NULL);

  return self->account_page;
}

GtkWidget *
pd_customer_page_get_history_page (PdCustomerPage *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_PAGE (self), NULL);

  return self->history_page;
}
