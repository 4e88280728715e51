/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window.c: the main window: welcome page, customer list, customer pages. */

#include "config.h"

#define G_LOG_DOMAIN "pd-window"

#include <glib/gi18n.h>

#include "pd-customer-page.h"
#include "pd-customers-page.h"
#include "pd-welcome-page.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *connecting_status;
  GtkSpinner           *connecting_spinner;
  AdwLeaflet           *leaflet;
  PdCustomersPage      *customers_page;

  GSettings            *settings;
  PdClient             *client;
  GtkWidget            *customer_page;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pd_window_update_actions (PdWindow *self)
{
  gboolean browsing = self->client != NULL;
  GtkWidget *visible = adw_leaflet_get_visible_child (self->leaflet);
  gboolean on_list = browsing && visible == GTK_WIDGET (self->customers_page);
  const struct { const char *name; gboolean enabled; } states[] = {
    { "back", browsing && !on_list },
    { "search", on_list },
    { "refresh", on_list },
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

static const GActionEntry win_entries[] = {
  { "back", back_action },
  { "search", search_action },
  { "refresh", refresh_action },
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
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->client);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_status);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, customers_page);
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

  gtk_spinner_stop (self->connecting_spinner);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customers_page));
  pd_window_drop_customer_page (self);

  g_set_object (&self->client, client);
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
  g_return_if_fail (PD_IS_WINDOW (self));

  pd_window_set_client (self, NULL, NULL);
  adw_status_page_set_title (self->connecting_status,
                             message != NULL ? message : _("Connecting…"));
  gtk_spinner_start (self->connecting_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
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
