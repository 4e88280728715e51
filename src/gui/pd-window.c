/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window.c: the main window: welcome page, customer list, customer pages. */

#include "config.h"

#define G_LOG_DOMAIN "pd-window"

#include <glib/gi18n.h>

#include "pd-account-page.h"
#include "pd-connection-window.h"
#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-edit-window.h"
#include "pd-open-uri.h"
#include "pd-sign-in-page.h"
#include "pd-welcome-page.h"
#include "pd-window-private.h"


/* A connection that is ready at once (the demo server starts in a blink, a stored sign-in
 * restores as fast) must not flash a spinner page: its words and spinner appear only when
 * the wait is long enough to notice. */
#define CONNECTING_DELAY_MS 500

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
connecting_delay_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  self->connecting_delay_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_status), TRUE);
  gtk_spinner_start (self->connecting_spinner);

  return G_SOURCE_REMOVE;
}

void
pd_window_hide_connecting (PdWindow *self)
{
  g_clear_handle_id (&self->connecting_delay_id, g_source_remove);
  gtk_spinner_stop (self->connecting_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_status), FALSE);
}

void
pd_window_update_actions (PdWindow *self)
{
  gboolean browsing = self->client != NULL;
  GtkWidget *visible = adw_leaflet_get_visible_child (self->leaflet);
  gboolean on_list = browsing && visible == GTK_WIDGET (self->customers_page);
  const struct { const char *name; gboolean enabled; } states[] = {
    { "back", browsing && !on_list },
    { "search", on_list },
    { "refresh", on_list },
    { "clear-cache", browsing },
    { "sign-out", self->provider != NULL
                  && pd_oauth_token_provider_get_signed_in (self->provider) },
    { "retry-sign-in", self->provider != NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), states[i].name);

      /* Template signals may arrive before the actions are added in init. */
      if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), states[i].enabled);
    }
}

static void
pd_window_drop_customer_page (PdWindow *self)
{
  if (self->customer_page == NULL)
    return;

  adw_leaflet_remove (self->leaflet, self->customer_page);
  self->customer_page = NULL;
}

static void
leaflet_transition_cb (PdWindow *self)
{
  /* The customer page stays until the slide back has finished, so it does not
   * vanish mid-animation; the list under it kept its selection and scroll. */
  if (!adw_leaflet_get_child_transition_running (self->leaflet)
      && adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->customers_page))
    pd_window_drop_customer_page (self);
}

static void
leaflet_visible_child_cb (PdWindow *self)
{
  if (adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->customers_page))
    {
      pd_customers_page_focus_list (self->customers_page);
      if (!adw_leaflet_get_child_transition_running (self->leaflet))
        pd_window_drop_customer_page (self);
    }

  pd_window_update_actions (self);
}

/* The welcome page stays mapped while the stack cross-fades away from it: its default
 * button must not take an Enter meant for the page coming in (the search, say). */
static void
main_stack_changed_cb (PdWindow *self)
{
  GtkWidget *welcome = gtk_stack_get_child_by_name (self->main_stack, "welcome");
  GtkWidget *default_widget = gtk_window_get_default_widget (GTK_WINDOW (self));

  if (default_widget != NULL && gtk_stack_get_visible_child (self->main_stack) != welcome
      && gtk_widget_is_ancestor (default_widget, welcome))
    gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdWindow *self = user_data;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customers_page));
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  PdWindow *self = user_data;

  pd_customers_page_start_search (self->customers_page);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PdWindow *self = user_data;

  pd_customers_page_refresh (self->customers_page);
}

/* Whether an edit form of this window is open: it asks for sign-in by itself, keeping its
 * edits, so the pages under it must stay. */
gboolean
pd_window_has_edit_window (PdWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PD_IS_EDIT_WINDOW (window) && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        return TRUE;
    }

  return FALSE;
}

/* The list's load found the session gone. An open edit form asks by itself when its
 * submit fails, keeping the edits: the list (and the customer page under the form) must
 * not vanish meanwhile, so then the list shows the error instead. */
static gboolean
sign_in_needed_cb (PdWindow        *self,
                   const GError    *error,
                   PdCustomersPage *page)
{
  if (pd_window_has_edit_window (self))
    return FALSE;

  pd_window_show_sign_in (self, error);
  return TRUE;
}

static void
customer_activated_cb (PdWindow        *self,
                       PdCustomer      *customer,
                       PdCustomersPage *page)
{
  pd_window_show_customer (self, customer);
}

static void
customer_changed_cb (PdWindow       *self,
                     PdCustomer     *customer,
                     PdCustomerPage *page)
{
  pd_window_customer_changed (self, customer);
}

static void
signed_in_cb (PdWindow *self)
{
  if (self->provider != NULL)
    pd_window_show_signed_in (self);
}

/* win.show-toast("text"): how pages and dialogs report a finished job without knowing the
 * window (they are leaves; the window reacts). */
static void
show_toast_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PdWindow *self = user_data;

  pd_window_add_toast (self, adw_toast_new (g_variant_get_string (parameter, NULL)));
}

/* win.clear-cache: the connection's cached list and accounts go. What is on screen stays
 * (it is the service's, as read); the next start lists everything from the service. */
static void
clear_cache_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PdWindow *self = user_data;
  g_autoptr(PdCache) cache = NULL;

  if (self->client == NULL)
    return;

  cache = pd_cache_dup_for_client (self->client);
  pd_cache_clear (cache);
  pd_window_add_toast (self, adw_toast_new (_("Cached data cleared")));
}

static const GActionEntry win_entries[] = {
  { "show-toast", show_toast_action, "s" },
  { "clear-cache", clear_cache_action },
  { "back", back_action },
  { "search", search_action },
  { "refresh", refresh_action },
  { "sign-out", pd_window_sign_out_action },
  { "retry-sign-in", pd_window_retry_sign_in_action },
};

static void
pd_window_save_size (PdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* A maximized window's default size is still the restored one: keep it. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  pd_window_save_size (PD_WINDOW (window));

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  self->customer_page = NULL;
  g_clear_handle_id (&self->connecting_delay_id, g_source_remove);
  g_cancellable_cancel (self->auth_cancellable);
  g_clear_object (&self->auth_cancellable);
  if (self->provider != NULL)
    g_signal_handlers_disconnect_by_data (self->provider, self);
  g_clear_object (&self->provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->client);
  g_clear_object (&self->account_cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  window_class->close_request = pd_window_close_request;

  g_type_ensure (PD_TYPE_WELCOME_PAGE);
  g_type_ensure (PD_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (PD_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_status);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sign_in_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, offline_status);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_needed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_transition_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_visible_child_cb);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->main_stack, "notify::visible-child",
                           G_CALLBACK (main_stack_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  pd_window_update_actions (self);
}

PdWindow *
pd_window_new (AdwApplication *app)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (app), NULL);

  return g_object_new (PD_TYPE_WINDOW, "application", app, NULL);
}

void
pd_window_set_client (PdWindow   *self,
                      PdClient   *client,
                      const char *connection_title)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (client == NULL || PD_IS_CLIENT (client));

  /* A client handed in from outside (demo data, --endpoint) brings its own tokens. */
  pd_window_drop_provider (self);
  self->connection_kind = pd_connection_kind_for_client (client);
  pd_window_apply_client (self, client, connection_title);
}

PdConnectionKind
pd_window_get_connection_kind (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), PD_CONNECTION_NONE);

  if (self->provider != NULL)
    return pd_connection_kind_for_cloud (
      pd_connection_get_cloud (pd_oauth_token_provider_get_connection (self->provider)));

  return self->client != NULL ? self->connection_kind : PD_CONNECTION_NONE;
}

void
pd_window_set_connection_kind (PdWindow         *self,
                               PdConnectionKind  kind)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  self->connection_kind = kind;
}

void
pd_window_apply_client (PdWindow   *self,
                        PdClient   *client,
                        const char *connection_title)
{
  pd_customers_page_set_account (self->customers_page, NULL);

  pd_window_hide_connecting (self);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customers_page));
  pd_window_drop_customer_page (self);

  g_set_object (&self->client, client);
  /* Its errors name the connection the user chose, not always Partner Center. */
  if (client != NULL && connection_title != NULL)
    pd_client_set_service_name (client, connection_title);
  pd_customers_page_set_connection_title (self->customers_page, connection_title);
  pd_customers_page_set_client (self->customers_page, client);

  if (client != NULL && connection_title != NULL)
    {
      /* Translators: the window title; %s names the connection, e.g. "Demo Data". */
      g_autofree char *title = g_strdup_printf (_("Partner Desk — %s"), connection_title);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Partner Desk"));
    }

  gtk_stack_set_visible_child_name (self->main_stack, client != NULL ? "browse" : "welcome");
  if (client != NULL)
    pd_customers_page_focus_list (self->customers_page);

  pd_window_update_actions (self);
}

/**
 * pd_window_new_connection_settings:
 *
 * Returns: (transfer floating): the Connection Settings window, transient for @self and
 *   starting from the connection @self is on, not yet shown
 */
GtkWidget *
pd_window_new_connection_settings (PdWindow *self)
{
  PdConnection *connection = NULL;
  const char *url = NULL;
  const char *authority = NULL;
  const char *scope = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  if (self->provider != NULL)
    connection = pd_oauth_token_provider_get_connection (self->provider);
  if (connection != NULL)
    {
      url = pd_connection_get_api_base_url (connection);
      authority = pd_connection_get_authority (connection);
      scope = pd_connection_get_scope (connection);
    }
  else if (self->client != NULL)
    {
      url = pd_client_get_base_url (self->client);
    }

  dialog = pd_connection_window_new (GTK_WINDOW (self));
  pd_connection_window_set_current (PD_CONNECTION_WINDOW (dialog),
                                    pd_window_get_connection_kind (self), url, authority, scope);

  return dialog;
}

PdClient *
pd_window_get_client (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->client;
}

void
pd_window_show_connecting (PdWindow   *self,
                           const char *message)
{
  gboolean shown;

  g_return_if_fail (PD_IS_WINDOW (self));

  /* A new message for a wait already on screen (Signing In… after Connecting…) shows at
   * once; only a new wait is delayed. */
  shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "connecting") == 0
          && gtk_widget_get_visible (GTK_WIDGET (self->connecting_status));
  pd_window_apply_client (self, NULL, NULL);
  adw_status_page_set_title (self->connecting_status,
                             message != NULL ? message : _("Connecting…"));
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  if (shown)
    connecting_delay_cb (self);
  else
    self->connecting_delay_id = g_timeout_add (CONNECTING_DELAY_MS, connecting_delay_cb, self);
}

void
pd_window_add_toast (PdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
pd_window_show_customer (PdWindow   *self,
                         PdCustomer *customer)
{
  GtkWidget *page;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (PD_IS_CUSTOMER (customer));
  g_return_if_fail (self->client != NULL);

  pd_window_drop_customer_page (self);

  page = pd_customer_page_new (self->client, customer);
  /* The list could not reach the service a moment ago: the account read before shows at
   * once instead of after the client's retries (seconds), and the service is asked behind
   * it. */
  if (pd_customers_page_get_offline (self->customers_page))
    pd_account_page_prefer_cached (
      PD_ACCOUNT_PAGE (pd_customer_page_get_account_page (PD_CUSTOMER_PAGE (page))));
  g_signal_connect_object (page, "customer-changed", G_CALLBACK (customer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_leaflet_append (self->leaflet, page);
  self->customer_page = page;
  adw_leaflet_set_visible_child (self->leaflet, page);
  pd_window_update_actions (self);
}

void
pd_window_customer_changed (PdWindow   *self,
                            PdCustomer *customer)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (PD_IS_CUSTOMER (customer));

  pd_customers_page_customer_changed (self->customers_page, customer);
}

GtkWidget *
pd_window_get_customers_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->customers_page);
}

const char *
pd_window_get_view (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkWidget *
pd_window_get_sign_in_page (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sign_in_page);
}
