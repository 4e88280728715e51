/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-account-page.c: a customer's account information, read-only, and the edit window it opens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-account-page"

#include <glib/gi18n.h>

#include "pd-account-page.h"
#include "pd-api-error.h"
#include "pd-cache.h"
#include "pd-edit-form.h"
#include "pd-edit-window.h"
#include "pd-offline-banner.h"
#include "pd-offline-retry.h"
#include "pd-resources.h"

struct _PdAccountPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkLabel      *company_name_label;
  GtkLabel      *domain_label;
  GtkLabel      *tenant_id_label;
  GtkLabel      *relationship_label;
  GtkLabel      *contact_name_label;
  GtkLabel      *email_label;
  GtkLabel      *phone_label;
  GtkLabel      *address_label;
  GtkLabel      *language_label;
  GtkLabel      *culture_label;
  PdOfflineBanner *offline_banner;

  PdClient      *client;
  /* Accounts read are kept there, to be read when the service cannot be reached. */
  PdCache       *cache;
  PdOfflineRetry *offline_retry;
  /* What is shown is the cached account: read-only until the service answers. */
  gboolean       offline;
  PdCustomer    *listed;    /* as given (a list item) */
  PdCustomer    *customer;  /* as read by id: both profiles, the etag */
  GCancellable  *cancellable;
  GtkWindow     *edit_window; /* weak */
  gboolean       can_edit;
};

G_DEFINE_FINAL_TYPE (PdAccountPage, pd_account_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_EDIT,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The Edit button lives in the customer page's header bar, outside this widget: it
 * follows the property, Ctrl+E follows the action. */
static void
set_can_edit (PdAccountPage *self,
              gboolean       can_edit)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.edit", can_edit);
  if (self->can_edit == can_edit)
    return;

  self->can_edit = can_edit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_EDIT]);
}

static void
set_value (GtkLabel   *label,
           const char *value)
{
  /* An em dash for "nothing", so an empty field reads as empty, not as broken. */
  gtk_label_set_text (label, value != NULL && *value != '\0' ? value : "—");
}

/* Domains, Microsoft IDs and emails shorten in the middle rather than break over lines
 * (pd-account-page.ui): the whole value is in the tooltip. */
static void
set_identifier (GtkLabel   *label,
                const char *value)
{
  set_value (label, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               value != NULL && *value != '\0' ? value : NULL);
}

static void
show_customer (PdAccountPage *self)
{
  PdCompanyProfile *company = pd_customer_get_company_profile (self->customer);
  PdBillingProfile *billing = pd_customer_get_billing_profile (self->customer);
  PdAddress *address = billing != NULL ? pd_billing_profile_get_default_address (billing) : NULL;
  const char *company_name = NULL;

  /* The billing profile carries the name the edit form changes. */
  if (billing != NULL)
    company_name = pd_billing_profile_get_company_name (billing);
  if ((company_name == NULL || *company_name == '\0') && company != NULL)
    company_name = pd_company_profile_get_company_name (company);

  set_value (self->company_name_label, company_name);
  set_identifier (self->domain_label,
                  company != NULL ? pd_company_profile_get_domain (company) : NULL);
  set_identifier (self->tenant_id_label,
                  company != NULL && pd_company_profile_get_tenant_id (company) != NULL
                  ? pd_company_profile_get_tenant_id (company)
                  : pd_customer_get_id (self->customer));
  set_value (self->relationship_label, pd_customer_get_relationship_title (self->customer));

  if (billing != NULL)
    {
      const char *first = pd_billing_profile_get_first_name (billing);
      const char *last = pd_billing_profile_get_last_name (billing);
      g_autofree char *name = NULL;
      g_autofree char *culture = NULL;

      /* Translators: a person's full name: %1$s the first name, %2$s the last name */
      name = g_strstrip (g_strdup_printf (C_("full name", "%1$s %2$s"),
                                          first != NULL ? first : "", last != NULL ? last : ""));
      set_value (self->contact_name_label, name);
      set_identifier (self->email_label, pd_billing_profile_get_email (billing));
      set_value (self->language_label,
                 pd_billing_profile_get_language (billing) != NULL
                 ? pd_language_get_name (pd_billing_profile_get_language (billing)) : NULL);
      culture = pd_billing_profile_get_culture (billing) != NULL
                ? pd_culture_get_name (pd_billing_profile_get_culture (billing)) : NULL;
      set_value (self->culture_label, culture);
    }
  else
    {
      set_value (self->contact_name_label, NULL);
      set_identifier (self->email_label, NULL);
      set_value (self->language_label, NULL);
      set_value (self->culture_label, NULL);
    }

  if (address != NULL)
    {
      g_autofree char *lines = pd_address_format (address);
      const char *country = pd_address_get_country (address);
      g_autofree char *text = NULL;

      if (country != NULL && *country != '\0')
        text = g_strdup_printf ("%s\n%s", lines, pd_country_get_name (country));
      else
        text = g_steal_pointer (&lines);
      set_value (self->address_label, text);
      set_value (self->phone_label, pd_address_get_phone_number (address));
    }
  else
    {
      set_value (self->address_label, NULL);
      set_value (self->phone_label, NULL);
    }
}

static void
set_offline (PdAccountPage *self,
             gboolean       offline)
{
  if (offline)
    pd_offline_retry_start (self->offline_retry);
  else
    pd_offline_retry_stop (self->offline_retry);
  pd_offline_banner_set_revealed (self->offline_banner, offline);
  if (self->offline == offline)
    return;

  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

static void
show_error (PdAccountPage *self,
            const GError  *error)
{
  g_autofree char *message = pd_api_error_to_user_message (error);

  set_offline (self, FALSE);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

typedef struct
{
  PdAccountPage *self;
  GError        *error;  /* why the service's copy could not be read, or NULL */
  gboolean       then_reload;  /* the cache first: the service is asked after it */
} CachedRead;

static void
on_cached_customer_loaded (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  CachedRead *read = user_data;
  g_autoptr(PdAccountPage) self = read->self;
  g_autoptr(GError) service_error = read->error;
  gboolean then_reload = read->then_reload;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GDateTime) read_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;

  g_free (read);
  customer = pd_cache_load_customer_finish (PD_CACHE (source), result, &read_at, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (customer == NULL || read_at == NULL)
    {
      if (then_reload)
        pd_account_page_reload (self);
      else
        {
          gtk_spinner_set_spinning (self->spinner, FALSE);
          show_error (self, service_error);
        }
      return;
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);

  /* Never edited from here: an edit starts from a fresh read (a current etag). */
  g_set_object (&self->customer, customer);
  show_customer (self);
  local = g_date_time_to_local (read_at);
  /* Translators: the date and time in "showing the account as read on %s"; see strftime(3) */
  date = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
  /* Translators: a lasting notice over an account read earlier, while the service cannot
   * be reached; %s is a date and time. */
  title = g_strdup_printf (_("Offline — showing the account as read on %s. Editing needs a "
                             "connection."), date);
  pd_offline_banner_set_title (self->offline_banner, title);
  set_offline (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "content");
  set_can_edit (self, FALSE);
  /* Shown from the cache first: now the service, behind the cached account. */
  if (then_reload)
    pd_account_page_reload (self);
}

void
pd_account_page_prefer_cached (PdAccountPage *self)
{
  CachedRead *read;

  g_return_if_fail (PD_IS_ACCOUNT_PAGE (self));

  if (self->cache == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  read = g_new0 (CachedRead, 1);
  read->self = g_object_ref (self);
  read->then_reload = TRUE;
  pd_cache_load_customer_async (self->cache, pd_customer_get_id (self->listed),
                                self->cancellable, on_cached_customer_loaded, read);
}

static void
on_customer_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdAccountPage) self = user_data;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = pd_client_get_customer_finish (PD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (customer == NULL && pd_api_error_is_offline (error) && self->cache != NULL)
    {
      CachedRead *read = g_new0 (CachedRead, 1);

      /* The service cannot be reached: what was read here before shows, read-only. */
      read->self = g_object_ref (self);
      read->error = g_steal_pointer (&error);
      pd_cache_load_customer_async (self->cache, pd_customer_get_id (self->listed),
                                    self->cancellable, on_cached_customer_loaded, read);
      return;
    }

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (customer == NULL)
    {
      show_error (self, error);
      return;
    }

  if (self->cache != NULL)
    pd_cache_store_customer (self->cache, customer);
  set_offline (self, FALSE);
  g_set_object (&self->customer, customer);
  show_customer (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
  set_can_edit (self, pd_customer_get_billing_profile (customer) != NULL);
}

void
pd_account_page_reload (PdAccountPage *self)
{
  g_return_if_fail (PD_IS_ACCOUNT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_can_edit (self, FALSE);
  /* Offline, the cached account stays in view while the service is asked again. */
  if (!self->offline)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  pd_client_get_customer_async (self->client, pd_customer_get_id (self->listed),
                                self->cancellable, on_customer_loaded, g_object_ref (self));
}

static void
on_saved (PdAccountPage    *self,
          PdBillingProfile *saved)
{
  PdCompanyProfile *company = pd_customer_get_company_profile (self->customer);

  /* Show the server's answer, not what was typed. */
  pd_customer_set_billing_profile (self->customer, saved);
  if (company != NULL && pd_billing_profile_get_company_name (saved) != NULL)
    pd_company_profile_set_company_name (company, pd_billing_profile_get_company_name (saved));
  show_customer (self);
  if (self->cache != NULL)
    pd_cache_store_customer (self->cache, self->customer);

  g_signal_emit (self, signals[SAVED], 0, saved);
}

GtkWindow *
pd_account_page_edit (PdAccountPage *self)
{
  PdEditWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (PD_IS_ACCOUNT_PAGE (self), NULL);

  if (self->edit_window != NULL)
    {
      gtk_window_present (self->edit_window);
      return self->edit_window;
    }
  /* A cached account has no current etag: edits start from a fresh read only. */
  if (self->customer == NULL || pd_customer_get_billing_profile (self->customer) == NULL
      || self->offline)
    return NULL;

  /* The etag in self->customer is the one read when the page loaded: that is the
   * version the user looked at before deciding to edit. */
  window = pd_edit_window_new (self->client, self->customer, NULL);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  g_signal_connect_object (window, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);

  self->edit_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->edit_window);
  gtk_window_present (GTK_WINDOW (window));

  return GTK_WINDOW (window);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pd_account_page_edit (PD_ACCOUNT_PAGE (widget));
}

static void
banner_retry_cb (PdAccountPage *self)
{
  pd_account_page_reload (self);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_account_page_reload (PD_ACCOUNT_PAGE (widget));
}

static void
pd_account_page_dispose (GObject *object)
{
  PdAccountPage *self = PD_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->offline_retry != NULL)
    pd_offline_retry_stop (self->offline_retry);
  g_clear_object (&self->offline_retry);
  if (self->edit_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->edit_window), (gpointer *) &self->edit_window);
  self->edit_window = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ACCOUNT_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->listed);
  g_clear_object (&self->customer);

  G_OBJECT_CLASS (pd_account_page_parent_class)->dispose (object);
}

static void
pd_account_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdAccountPage *self = PD_ACCOUNT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_EDIT:
      g_value_set_boolean (value, pd_account_page_get_can_edit (self));
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, pd_account_page_get_offline (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_account_page_class_init (PdAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_account_page_dispose;
  object_class->get_property = pd_account_page_get_property;

  /**
   * PdAccountPage:can-edit:
   *
   * Whether the account is loaded with a billing profile to edit.
   */
  properties[PROP_CAN_EDIT] =
    g_param_spec_boolean ("can-edit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PdAccountPage:offline:
   *
   * Whether the account shown is the cached one, read-only, because the service could not
   * be reached.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdAccountPage::saved:
   * @profile: the billing profile as the server answered the PUT
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_BILLING_PROFILE);

  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-account-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PdAccountPage, name)
  BIND (stack);
  BIND (spinner);
  BIND (error_page);
  BIND (company_name_label);
  BIND (domain_label);
  BIND (tenant_id_label);
  BIND (relationship_label);
  BIND (contact_name_label);
  BIND (email_label);
  BIND (phone_label);
  BIND (address_label);
  BIND (language_label);
  BIND (culture_label);
  BIND (offline_banner);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, banner_retry_cb);

  gtk_widget_class_install_action (widget_class, "account.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "account.reload", NULL, reload_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* A row's title wraps between words only: libadwaita's title breaks anywhere, with a
 * hyphen ("Идентифика-тор"), when a narrow window squeezes it next to its value. The
 * label is the row's own, found by its style class. */
static void
keep_titles_whole (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title")
      && gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW) != NULL)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD);
      gtk_label_set_attributes (GTK_LABEL (widget), attrs);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    keep_titles_whole (child);
}

static void
pd_account_page_init (PdAccountPage *self)
{
  GtkEventController *shortcuts;

  g_type_ensure (PD_TYPE_OFFLINE_BANNER);
  gtk_widget_init_template (GTK_WIDGET (self));
  keep_titles_whole (GTK_WIDGET (self));
  self->offline_retry = pd_offline_retry_new (PD_OFFLINE_RETRY_SECONDS * 1000);
  g_signal_connect_object (self->offline_retry, "retry",
                           G_CALLBACK (pd_account_page_reload), self, G_CONNECT_SWAPPED);

  /* Ctrl+E wherever the focus is in the window, as long as this page is shown. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("account.edit")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  set_can_edit (self, FALSE);
}

/**
 * pd_account_page_new:
 * @client: the client
 * @customer: the customer (a list item is enough: the page reads it by id)
 *
 * Returns: (transfer floating): the page, loading
 */
GtkWidget *
pd_account_page_new (PdClient   *client,
                     PdCustomer *customer)
{
  PdAccountPage *self;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER (customer), NULL);

  self = g_object_new (PD_TYPE_ACCOUNT_PAGE, NULL);
  self->client = g_object_ref (client);
  self->cache = pd_cache_dup_for_client (client);
  self->listed = g_object_ref (customer);
  pd_account_page_reload (self);

  return GTK_WIDGET (self);
}

PdCustomer *
pd_account_page_get_customer (PdAccountPage *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_PAGE (self), NULL);

  return self->customer;
}

gboolean
pd_account_page_get_offline (PdAccountPage *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_PAGE (self), FALSE);

  return self->offline;
}

gboolean
pd_account_page_get_can_edit (PdAccountPage *self)
{
  g_return_val_if_fail (PD_IS_ACCOUNT_PAGE (self), FALSE);

  return self->can_edit;
}

typedef struct
{
  PdAccountPage    *self;
  PdProfileFields   fields;
  PdBillingProfile *values;
} Restore;

static void
restore_free (Restore *restore)
{
  g_clear_object (&restore->self);
  g_clear_object (&restore->values);
  g_free (restore);
}

static void
on_restore_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Restore *restore = user_data;
  PdAccountPage *self = restore->self;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  customer = pd_client_get_customer_finish (PD_CLIENT (source), result, &error);
  if (customer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = pd_api_error_to_user_message (error);

          gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
        }
      restore_free (restore);
      return;
    }

  /* The version on screen is the one the edit starts from: the current one. */
  g_set_object (&self->customer, customer);
  show_customer (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
  set_can_edit (self, pd_customer_get_billing_profile (customer) != NULL);

  window = pd_account_page_edit (self);
  if (window != NULL)
    pd_edit_window_start_with_values (PD_EDIT_WINDOW (window), restore->fields, restore->values);
  restore_free (restore);
}

void
pd_account_page_restore (PdAccountPage    *self,
                         PdProfileFields   fields,
                         PdBillingProfile *values)
{
  Restore *restore;

  g_return_if_fail (PD_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (PD_IS_BILLING_PROFILE (values));

  /* An edit already open has the user's own typing: it is not replaced. */
  if (self->edit_window != NULL)
    {
      gtk_window_present (self->edit_window);
      return;
    }

  restore = g_new0 (Restore, 1);
  restore->self = g_object_ref (self);
  restore->fields = fields;
  restore->values = g_object_ref (values);
  pd_client_get_customer_async (self->client, pd_customer_get_id (self->listed),
                                self->cancellable, on_restore_read, restore);
}
