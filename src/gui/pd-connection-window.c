/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection-window.c: choose the Partner Center instance (or demo data) to use. */

#include "config.h"

#define G_LOG_DOMAIN "pd-connection-window"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-connection-window.h"

struct _PdConnectionWindow
{
  AdwWindow       parent_instance;

  GtkCheckButton *global_check;
  GtkCheckButton *china_check;
  GtkCheckButton *demo_check;
  GtkCheckButton *custom_check;
  AdwEntryRow    *url_row;
  GtkWidget      *connect_button;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PdConnectionWindow, pd_connection_window, ADW_TYPE_WINDOW)

static PdConnectionKind
get_kind (PdConnectionWindow *self)
{
  if (gtk_check_button_get_active (self->china_check))
    return PD_CONNECTION_CHINA;
  if (gtk_check_button_get_active (self->demo_check))
    return PD_CONNECTION_DEMO;
  if (gtk_check_button_get_active (self->custom_check))
    return PD_CONNECTION_CUSTOM;

  return PD_CONNECTION_GLOBAL;
}

static gboolean
url_is_valid (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0'
         && (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0
             || g_strcmp0 (g_uri_get_scheme (uri), "http") == 0);
}

static void
update_sensitivity (PdConnectionWindow *self)
{
  gboolean custom = get_kind (self) == PD_CONNECTION_CUSTOM;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  gboolean valid = !custom || url_is_valid (url);

  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), custom);
  gtk_widget_set_sensitive (self->connect_button, valid);

  if (custom && *url != '\0' && !valid)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
kind_toggled_cb (PdConnectionWindow *self)
{
  update_sensitivity (self);
}

static void
url_changed_cb (PdConnectionWindow *self)
{
  update_sensitivity (self);
}

static void
connect_clicked_cb (PdConnectionWindow *self)
{
  GApplication *app = g_application_get_default ();
  PdConnectionKind kind = get_kind (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (PD_IS_APPLICATION (app))
    pd_application_connect (PD_APPLICATION (app), kind, url, TRUE);

  gtk_window_close (GTK_WINDOW (self));
}

static void
pd_connection_window_dispose (GObject *object)
{
  PdConnectionWindow *self = PD_CONNECTION_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CONNECTION_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_connection_window_parent_class)->dispose (object);
}

static void
pd_connection_window_class_init (PdConnectionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_connection_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-connection-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, global_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, china_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, demo_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, custom_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_connection_window_init (PdConnectionWindow *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  url = g_settings_get_string (self->settings, "connection-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);

  switch (g_settings_get_enum (self->settings, "connection-kind"))
    {
    case PD_CONNECTION_CHINA:
      gtk_check_button_set_active (self->china_check, TRUE);
      break;
    case PD_CONNECTION_DEMO:
      gtk_check_button_set_active (self->demo_check, TRUE);
      break;
    case PD_CONNECTION_CUSTOM:
      gtk_check_button_set_active (self->custom_check, TRUE);
      break;
    default:
      gtk_check_button_set_active (self->global_check, TRUE);
      break;
    }

  update_sensitivity (self);
}

GtkWidget *
pd_connection_window_new (GtkWindow *parent)
{
  return g_object_new (PD_TYPE_CONNECTION_WINDOW,
                       "transient-for", parent,
                       NULL);
}
