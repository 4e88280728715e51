/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection-window.c: choose the cloud (or demo data) and the app registration to use. */

#include "config.h"

#define G_LOG_DOMAIN "pd-connection-window"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-application.h"
#include "pd-core.h"
#include "pd-connection-window.h"

/* The README's section on the app registration (the anchor GitHub makes of its heading,
 * "Registering the app in Microsoft Entra ID"). */
#define REGISTRATION_HELP_URI PACKAGE_WEBSITE "#registering-the-app-in-microsoft-entra-id"

struct _PdConnectionWindow
{
  AdwWindow       parent_instance;

  GtkCheckButton *global_check;
  GtkCheckButton *china_check;
  GtkCheckButton *demo_check;
  GtkCheckButton *custom_check;
  GtkWidget      *custom_group;
  AdwEntryRow    *url_row;
  AdwEntryRow    *authority_row;
  AdwEntryRow    *scope_row;
  GtkLabel       *custom_error_label;
  GtkWidget      *sign_in_group;
  AdwEntryRow    *client_id_row;
  AdwEntryRow    *tenant_row;
  GtkLabel       *sign_in_error_label;
  GtkWidget      *demo_group;
  GtkWidget      *connect_button;
  GtkLabel       *registration_help_link;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PdConnectionWindow, pd_connection_window, ADW_TYPE_WINDOW)

static void select_kind (PdConnectionWindow *self,
                         PdConnectionKind    kind);

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
  /* Codes and tokens go there: plain http only for this computer. */
  return pd_connection_url_is_safe (text);
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Marks @row and returns whether it is valid; @message (nullable) explains a bad value. */
static gboolean
check_row (AdwEntryRow  *row,
           gboolean      valid,
           gboolean      show,
           const char   *message,
           const char  **first_message)
{
  GtkAccessible *text = GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (row)));

  if (!valid && show)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      if (*first_message == NULL)
        *first_message = message;
      /* The focus is in the row's text: a screen reader says the problem there too. */
      if (message != NULL)
        gtk_accessible_update_property (text, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_property (text, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  return valid;
}

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
update_sensitivity (PdConnectionWindow *self)
{
  PdConnectionKind kind = get_kind (self);
  gboolean custom = kind == PD_CONNECTION_CUSTOM;
  gboolean sign_in = kind != PD_CONNECTION_DEMO;
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *authority = row_text (self->authority_row);
  g_autofree char *scope = row_text (self->scope_row);
  g_autofree char *client_id = row_text (self->client_id_row);
  const char *custom_message = NULL;
  const char *sign_in_message = NULL;
  gboolean valid = TRUE;

  gtk_widget_set_visible (self->custom_group, custom);
  gtk_widget_set_visible (self->sign_in_group, sign_in);
  gtk_widget_set_visible (self->demo_group, !sign_in);

  if (custom)
    {
      /* Empty required fields only block Connect; a typed wrong value is marked. */
      valid &= check_row (self->url_row, url_is_valid (url), *url != '\0',
                          _("The API base URL must be an https address. Plain http is "
                            "allowed only for this computer (localhost, 127.0.0.1 or ::1)."),
                          &custom_message);
      valid &= check_row (self->authority_row, url_is_valid (authority), *authority != '\0',
                          _("The sign-in authority must be an https address, such as "
                            "https://login.microsoftonline.com. Plain http is allowed only for "
                            "this computer (localhost, 127.0.0.1 or ::1)."),
                          &custom_message);
      valid &= check_row (self->scope_row, *scope != '\0', FALSE, NULL, &custom_message);
    }
  show_message (self->custom_error_label, custom ? custom_message : NULL);

  if (sign_in)
    valid &= check_row (self->client_id_row, g_uuid_string_is_valid (client_id),
                        *client_id != '\0',
                        _("An application (client) ID looks like "
                          "00000000-0000-0000-0000-000000000000."),
                        &sign_in_message);
  show_message (self->sign_in_error_label, sign_in ? sign_in_message : NULL);

  gtk_widget_set_sensitive (self->connect_button, valid);
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
save_row (PdConnectionWindow *self,
          const char         *key,
          AdwEntryRow        *row)
{
  g_autofree char *text = row_text (row);

  g_settings_set_string (self->settings, key, text);
}

static void
connect_clicked_cb (PdConnectionWindow *self)
{
  GApplication *app = g_application_get_default ();
  PdConnectionKind kind = get_kind (self);

  if (!gtk_widget_get_sensitive (self->connect_button))
    return;

  /* Remembered for the next start: addresses and IDs only, never a token. */
  if (kind != PD_CONNECTION_DEMO)
    {
      save_row (self, "client-id", self->client_id_row);
      save_row (self, "tenant", self->tenant_row);
    }
  if (kind == PD_CONNECTION_CUSTOM)
    {
      save_row (self, "connection-url", self->url_row);
      save_row (self, "custom-authority", self->authority_row);
      save_row (self, "custom-scope", self->scope_row);
    }

  if (PD_IS_APPLICATION (app))
    pd_application_connect (PD_APPLICATION (app), kind, NULL, TRUE);

  gtk_window_close (GTK_WINDOW (self));
}

/* The first field to fill in for the service chosen, or the choice itself when the
 * service needs none (the sandbox). */
static GtkWidget *
first_field (PdConnectionWindow *self)
{
  switch (get_kind (self))
    {
    case PD_CONNECTION_CUSTOM:
      return GTK_WIDGET (self->url_row);
    case PD_CONNECTION_DEMO:
      return GTK_WIDGET (self->demo_check);
    default:
      return GTK_WIDGET (self->client_id_row);
    }
}

static void
pd_connection_window_show (GtkWidget *widget)
{
  PdConnectionWindow *self = PD_CONNECTION_WINDOW (widget);

  /* Not the header's Cancel, which GTK would pick as the first thing to focus. */
  gtk_window_set_focus (GTK_WINDOW (self), first_field (self));

  GTK_WIDGET_CLASS (pd_connection_window_parent_class)->show (widget);
}

/* Enter on a service choice connects, as it does in the fields: Space still only picks
 * the choice. */
static gboolean
choice_key_pressed_cb (PdConnectionWindow    *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkWidget *choice = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  gtk_check_button_set_active (GTK_CHECK_BUTTON (choice), TRUE);
  gtk_widget_activate_default (choice);
  return GDK_EVENT_STOP;
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
  widget_class->show = pd_connection_window_show;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-connection-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, global_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, china_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, demo_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, custom_check);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, custom_group);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, authority_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, scope_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, custom_error_label);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, tenant_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, demo_group);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, PdConnectionWindow,
                                        registration_help_link);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
load_row (PdConnectionWindow *self,
          const char         *key,
          AdwEntryRow        *row)
{
  g_autofree char *text = g_settings_get_string (self->settings, key);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  pd_a11y_label_entry_row (row);
}

static void
pd_connection_window_init (PdConnectionWindow *self)
{
  g_autofree char *authority = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *help_link = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  help_link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", REGISTRATION_HELP_URI,
                                      _("How to Register the App"));
  gtk_label_set_markup (self->registration_help_link, help_link);

  self->settings = g_settings_new (APPLICATION_ID);
  load_row (self, "connection-url", self->url_row);
  load_row (self, "custom-authority", self->authority_row);
  load_row (self, "custom-scope", self->scope_row);
  load_row (self, "client-id", self->client_id_row);
  load_row (self, "tenant", self->tenant_row);

  /* A custom connection usually differs from the global cloud in its API host only. */
  authority = g_settings_get_string (self->settings, "custom-authority");
  if (*authority == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->authority_row), PD_AUTHORITY_GLOBAL);
  scope = g_settings_get_string (self->settings, "custom-scope");
  if (*scope == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->scope_row), PD_SCOPE_GLOBAL);

  select_kind (self, g_settings_get_enum (self->settings, "connection-kind"));

  /* Enter anywhere in the form connects. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  {
    AdwEntryRow *rows[] = { self->url_row, self->authority_row, self->scope_row,
                            self->client_id_row, self->tenant_row };
    GtkCheckButton *choices[] = { self->global_check, self->china_check, self->demo_check,
                                  self->custom_check };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      adw_entry_row_set_activates_default (rows[i], TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
      {
        GtkEventController *keys = gtk_event_controller_key_new ();

        /* Ahead of the check button's own Enter, which only toggles it. */
        gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
        g_signal_connect_object (keys, "key-pressed", G_CALLBACK (choice_key_pressed_cb), self,
                                 G_CONNECT_SWAPPED);
        gtk_widget_add_controller (GTK_WIDGET (choices[i]), keys);
      }
  }
}

static void
select_kind (PdConnectionWindow *self,
             PdConnectionKind    kind)
{
  switch (kind)
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
  return g_object_new (PD_TYPE_CONNECTION_WINDOW, "transient-for", parent, NULL);
}

/**
 * pd_connection_window_set_current:
 * @kind: the kind of connection in use; %PD_CONNECTION_NONE keeps the remembered one
 * @api_base_url: (nullable): for %PD_CONNECTION_CUSTOM, its API address
 * @authority: (nullable): for %PD_CONNECTION_CUSTOM, its sign-in authority
 * @scope: (nullable): for %PD_CONNECTION_CUSTOM, its scope
 *
 * Starts the choice from the connection in use: after --demo or --endpoint it is not the
 * one remembered in the settings.
 */
void
pd_connection_window_set_current (PdConnectionWindow *self,
                                  PdConnectionKind    kind,
                                  const char         *api_base_url,
                                  const char         *authority,
                                  const char         *scope)
{
  g_return_if_fail (PD_IS_CONNECTION_WINDOW (self));

  if (kind == PD_CONNECTION_NONE)
    return;

  if (kind == PD_CONNECTION_CUSTOM)
    {
      if (api_base_url != NULL && *api_base_url != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->url_row), api_base_url);
      if (authority != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->authority_row), authority);
      if (scope != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->scope_row), scope);
    }

  select_kind (self, kind);
}
