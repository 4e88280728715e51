/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-application.c: the Partner Desk application: options, connection, app actions. */

#include "config.h"

#define G_LOG_DOMAIN "pd-application"

#include <errno.h>
#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-application.h"
#include "pd-core.h"
#include "pd-sandbox-process.h"
#include "pd-edit-window.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  PdSandboxProcess *sandbox;
  GCancellable     *sandbox_cancellable;

  /* From the command line of the first instance, applied at the first activation. */
  gboolean          demo_option;
  char             *endpoint_option;
  /* PARTNER_DESK_TOKEN, taken out of the environment at startup (NULL when unset). */
  PdTokenProvider  *environment_tokens;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

PdConnectionKind
pd_connection_kind_for_cloud (PdCloud cloud)
{
  switch (cloud)
    {
    case PD_CLOUD_GLOBAL:
      return PD_CONNECTION_GLOBAL;
    case PD_CLOUD_CHINA:
      return PD_CONNECTION_CHINA;
    case PD_CLOUD_SANDBOX:
    case PD_CLOUD_CUSTOM:
    default:
      return PD_CONNECTION_CUSTOM;
    }
}

PdConnectionKind
pd_connection_kind_for_client (PdClient *client)
{
  const char *url;
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (client == NULL || PD_IS_CLIENT (client), PD_CONNECTION_NONE);

  if (client == NULL)
    return PD_CONNECTION_NONE;

  url = pd_client_get_base_url (client);
  if (g_strcmp0 (url, PD_BASE_URL_GLOBAL) == 0)
    return PD_CONNECTION_GLOBAL;
  if (g_strcmp0 (url, PD_BASE_URL_21VIANET) == 0)
    return PD_CONNECTION_CHINA;

  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0
      || g_strcmp0 (host, "::1") == 0)
    return PD_CONNECTION_DEMO;

  return PD_CONNECTION_CUSTOM;
}

static PdWindow *
pd_application_get_window (PdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PD_IS_WINDOW (window))
    return PD_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PD_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static PdWindow *
pd_application_ensure_window (PdApplication *self)
{
  PdWindow *window = pd_application_get_window (self);

  if (window == NULL)
    window = pd_window_new (ADW_APPLICATION (self));

  return window;
}

static PdWindow *
pd_application_present_window (PdApplication *self)
{
  PdWindow *window = pd_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
pd_application_stop_sandbox (PdApplication *self)
{
  g_cancellable_cancel (self->sandbox_cancellable);
  g_clear_object (&self->sandbox_cancellable);
  if (self->sandbox != NULL)
    pd_sandbox_process_stop (self->sandbox);
  g_clear_object (&self->sandbox);
}

static void
show_error (PdApplication *self,
            const char    *message)
{
  PdWindow *window = pd_application_ensure_window (self);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  pd_window_set_client (window, NULL, NULL);
  pd_window_add_toast (window, toast);
}

static void
sandbox_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PdApplication) self = user_data;
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdTokenProvider) tokens = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  PdWindow *window;

  sandbox = pd_sandbox_process_start_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sandbox_cancellable);

  if (sandbox == NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Could not start the demo server: %s", error->message);
      /* Translators: %s is the system's explanation. */
      message = g_strdup_printf (_("Could not start the demo server: %s"), error->message);
      show_error (self, message);
      return;
    }

  self->sandbox = g_steal_pointer (&sandbox);
  tokens = pd_static_token_provider_new (pd_sandbox_process_get_token (self->sandbox));
  client = pd_client_new (pd_sandbox_process_get_base_url (self->sandbox), tokens);
  window = pd_application_ensure_window (self);
  pd_window_set_client (window, client, _("Demo Data"));
  pd_window_set_connection_kind (window, PD_CONNECTION_DEMO);
}

static void
pd_application_connect_demo (PdApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "partner-desk", NULL);
  g_autofree char *database = g_build_filename (dir, "demo.sqlite", NULL);
  const char *argv_extra[] = { "--database", database, NULL };
  PdWindow *window = pd_application_ensure_window (self);

  pd_application_stop_sandbox (self);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = NULL;

      /* Translators: %1$s is a folder, %2$s the system's explanation. */
      message = g_strdup_printf (_("Could not create the folder %1$s: %2$s"),
                                 dir, g_strerror (saved_errno));
      show_error (self, message);
      return;
    }

  pd_window_show_connecting (window, _("Starting the Demo Server…"));
  self->sandbox_cancellable = g_cancellable_new ();
  pd_sandbox_process_start_async (argv_extra, self->sandbox_cancellable,
                                  sandbox_started_cb, g_object_ref (self));
}

static char *
connection_title_for_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL)
    return g_strdup (g_uri_get_host (uri));

  return g_strdup (url);
}

/* --endpoint: a fixed API address with the token from the environment, no sign-in. */
static void
pd_application_connect_endpoint (PdApplication *self,
                                 const char    *url)
{
  g_autoptr(PdClient) client = NULL;
  g_autofree char *title = NULL;
  PdWindow *window;

  pd_application_stop_sandbox (self);

  /* The token comes from the environment only: never the command line, never a log. */
  if (self->environment_tokens == NULL)
    {
      show_error (self, _("No access token: start Partner Desk with the PARTNER_DESK_TOKEN "
                          "environment variable set to a Partner Center access token."));
      return;
    }

  title = connection_title_for_url (url);
  client = pd_client_new (url, self->environment_tokens);
  window = pd_application_ensure_window (self);
  pd_window_set_client (window, client, title);
  /* The window recognises the two clouds' URLs; any other address, loopback included,
   * is a custom connection here, not the demo sandbox. */
  if (pd_window_get_connection_kind (window) == PD_CONNECTION_DEMO)
    pd_window_set_connection_kind (window, PD_CONNECTION_CUSTOM);
}

static PdConnection *
connection_from_settings (PdApplication    *self,
                          PdConnectionKind  kind)
{
  g_autoptr(PdConnection) connection = NULL;
  g_autofree char *client_id = g_settings_get_string (self->settings, "client-id");
  g_autofree char *tenant = g_settings_get_string (self->settings, "tenant");

  switch (kind)
    {
    case PD_CONNECTION_GLOBAL:
      connection = pd_connection_new_for_cloud (PD_CLOUD_GLOBAL);
      break;

    case PD_CONNECTION_CHINA:
      connection = pd_connection_new_for_cloud (PD_CLOUD_CHINA);
      break;

    case PD_CONNECTION_CUSTOM:
    default:
      {
        g_autofree char *url = g_settings_get_string (self->settings, "connection-url");
        g_autofree char *authority = g_settings_get_string (self->settings, "custom-authority");
        g_autofree char *scope = g_settings_get_string (self->settings, "custom-scope");

        connection = pd_connection_new_for_cloud (PD_CLOUD_CUSTOM);
        pd_connection_set_api_base_url (connection, url);
        pd_connection_set_authority (connection, authority);
        pd_connection_set_scope (connection, scope);
      }
      break;
    }

  pd_connection_set_client_id (connection, client_id);
  pd_connection_set_tenant (connection, *tenant != '\0' ? tenant : NULL);

  return g_steal_pointer (&connection);
}

void
pd_application_connect (PdApplication    *self,
                        PdConnectionKind  kind,
                        const char       *url,
                        gboolean          remember)
{
  g_autoptr(PdConnection) connection = NULL;
  g_autoptr(PdOAuthTokenProvider) provider = NULL;
  PdWindow *window;

  g_return_if_fail (PD_IS_APPLICATION (self));

  if (remember)
    {
      g_settings_set_enum (self->settings, "connection-kind", kind);
      if (kind == PD_CONNECTION_CUSTOM && url != NULL)
        g_settings_set_string (self->settings, "connection-url", url);
    }

  switch (kind)
    {
    case PD_CONNECTION_NONE:
      pd_application_stop_sandbox (self);
      pd_window_set_client (pd_application_ensure_window (self), NULL, NULL);
      return;

    case PD_CONNECTION_DEMO:
      pd_application_connect_demo (self);
      return;

    case PD_CONNECTION_GLOBAL:
    case PD_CONNECTION_CHINA:
    case PD_CONNECTION_CUSTOM:
    default:
      break;
    }

  pd_application_stop_sandbox (self);

  connection = connection_from_settings (self, kind);
  if (kind == PD_CONNECTION_CUSTOM && url != NULL && *url != '\0')
    pd_connection_set_api_base_url (connection, url);

  if (!pd_connection_is_complete (connection))
    {
      show_error (self, _("Enter the application (client) ID of your app registration in the "
                          "connection settings."));
      return;
    }

  /* Signs in with the stored refresh token if there is one, else shows the sign-in page. */
  window = pd_application_ensure_window (self);
  provider = pd_oauth_token_provider_new (connection, TRUE);
  pd_window_set_token_provider (window, provider);
}

static void
pd_application_restore_connection (PdApplication *self)
{
  PdConnectionKind kind = g_settings_get_enum (self->settings, "connection-kind");
  g_autofree char *url = g_settings_get_string (self->settings, "connection-url");

  if (kind != PD_CONNECTION_NONE)
    pd_application_connect (self, kind, url, FALSE);
}

static gboolean
quit_again (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
on_edit_window_gone (PdApplication *self)
{
  /* Not from inside the destruction: other forms may still have to ask. */
  g_idle_add_full (G_PRIORITY_DEFAULT, quit_again, g_object_ref (self), g_object_unref);
}

static void
on_quit_discard_response (PdApplication    *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  GtkWindow *edit = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  /* "Keep Editing" ends the quit: the user stays with the form. */
  if (g_strcmp0 (response, "discard") != 0 || edit == NULL)
    return;

  g_signal_connect_object (edit, "destroy", G_CALLBACK (on_edit_window_gone), self,
                           G_CONNECT_SWAPPED);
}

/* A form with unsaved changes asks "Discard changes?" before the app quits. Returns
 * TRUE when one is asking (the quit goes on if the user discards). */
static gboolean
ask_dirty_edit_window (PdApplication *self)
{
  /* All toplevels: an edit window is transient for the main window, not necessarily
   * one of the application's windows. */
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    {
      GtkWindow *window = l->data;
      g_autoptr(GList) toplevels = NULL;

      if (!PD_IS_EDIT_WINDOW (window)
          || !pd_profile_form_get_is_dirty (pd_edit_window_get_form (PD_EDIT_WINDOW (window))))
        continue;

      gtk_window_present (window);
      /* The form's own close flow: it shows its "Discard changes?" dialog. */
      gtk_window_close (window);

      toplevels = gtk_window_list_toplevels ();
      for (GList *t = toplevels; t != NULL; t = t->next)
        if (ADW_IS_MESSAGE_DIALOG (t->data)
            && gtk_window_get_transient_for (t->data) == window)
          g_signal_connect_object (t->data, "response", G_CALLBACK (on_quit_discard_response),
                                   self, G_CONNECT_SWAPPED);

      return TRUE;
    }

  return FALSE;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdApplication *self = user_data;

  if (ask_dirty_edit_window (self))
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdApplication *self = user_data;
  const char *developers[] = { _("Partner Desk developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", pd_application_get_window (self),
                        "modal", TRUE,
                        "application-name", _("Partner Desk"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("Partner Desk developers"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "comments", _("Look up Partner Center customers and keep their "
                                      "account information up to date."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line, e.g. "Name <email>". */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
connection_settings_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PdApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (pd_window_new_connection_settings (
    pd_application_ensure_window (self))));
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdApplication *self = user_data;

  pd_application_present_window (self);
  pd_application_connect (self, PD_CONNECTION_DEMO, NULL, TRUE);
}

static void
connect_url_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PdApplication *self = user_data;

  pd_application_present_window (self);
  pd_application_connect_endpoint (self, g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "connection-settings", connection_settings_action },
  { "demo", demo_action },
  { "connect-url", connect_url_action, "s" },
};

static int
pd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *endpoint = NULL;

  if (g_variant_dict_contains (options, "demo"))
    self->demo_option = TRUE;
  if (g_variant_dict_lookup (options, "endpoint", "&s", &endpoint))
    {
      /* PARTNER_DESK_TOKEN goes there: plain http only for this computer. */
      if (!pd_connection_url_is_safe (endpoint))
        {
          g_printerr (_("Not an https address (plain http is allowed only for localhost, "
                        "127.0.0.1 or ::1): %s\n"), endpoint);
          return 2;
        }
      self->endpoint_option = g_strdup (endpoint);
    }

  if (!self->demo_option && self->endpoint_option == NULL)
    return -1;

  /* A second instance hands its choice to the running one, which then connects. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_application_get_is_remote (app))
    {
      if (self->endpoint_option != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (app), "connect-url",
                                        g_variant_new_string (self->endpoint_option));
      else
        g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
      return 0;
    }

  return -1;
}

static void
pd_application_startup (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *search_accels[] = { "<Control>f", NULL };
  const char *refresh_accels[] = { "<Control>r", "F5", NULL };
  const char *back_accels[] = { "<Alt>Left", NULL };
  const char *edit_accels[] = { "<Control>e", NULL };

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (app);
  pd_a11y_init ();

  self->settings = g_settings_new (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.back", back_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "account.edit", edit_accels);
}

static void
pd_application_activate (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  gboolean first = pd_application_get_window (self) == NULL;

  pd_application_present_window (self);
  if (!first)
    return;

  if (self->endpoint_option != NULL)
    pd_application_connect_endpoint (self, self->endpoint_option);
  else if (self->demo_option)
    pd_application_connect (self, PD_CONNECTION_DEMO, NULL, FALSE);
  else
    pd_application_restore_connection (self);
}

static void
pd_application_shutdown (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);

  pd_application_stop_sandbox (self);

  G_APPLICATION_CLASS (pd_application_parent_class)->shutdown (app);
}

static void
pd_application_finalize (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  pd_application_stop_sandbox (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->environment_tokens);
  g_free (self->endpoint_option);

  G_OBJECT_CLASS (pd_application_parent_class)->finalize (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pd_application_finalize;
  app_class->handle_local_options = pd_application_handle_local_options;
  app_class->startup = pd_application_startup;
  app_class->activate = pd_application_activate;
  app_class->shutdown = pd_application_shutdown;
}

static void
pd_application_init (PdApplication *self)
{
  const GOptionEntry options[] = {
    { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Start the built-in demo server and show its demo data"), NULL },
    { "endpoint", 'e', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Connect to a Partner Center API base URL; the access token is read from "
         "the PARTNER_DESK_TOKEN environment variable"), N_("URL") },
    { NULL }
  };

  /* Read once and removed, so the browser and every program started from here on (the
   * sandbox, a help viewer, …) do not inherit the token. Here, from main() before the
   * application runs, no other thread can be reading the environment meanwhile. */
  self->environment_tokens = pd_static_token_provider_new_from_environment ("PARTNER_DESK_TOKEN");

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Look up Partner Center customers and keep "
                                              "their account information up to date."));
}

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/partnerdesk/PartnerDesk",
                       NULL);
}
