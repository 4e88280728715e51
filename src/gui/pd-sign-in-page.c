/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sign-in-page.c: sign in to a connection with the browser or a device code. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sign-in-page"

#include <glib/gi18n.h>

#include "pd-sign-in-page.h"

struct _PdSignInPage
{
  GtkWidget             parent_instance;

  GtkLabel             *title_label;
  GtkStack             *stack;
  GtkSpinner           *browser_spinner;
  GtkSpinner           *device_spinner;
  GtkLabel             *code_label;
  GtkLabel             *address_label;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  GtkWidget            *copy_details_button;
  GtkWidget            *retry_button;
  GtkWidget            *error_buttons;
  GtkWidget            *browser_address_box;
  GtkLabel             *browser_address_label;
  GtkWidget            *show_address_button;
  GtkLabel             *failed_address_label;

  PdOAuthTokenProvider *provider;
  GCancellable         *cancellable;
  PdOpenUriFunc         open_uri;
  gpointer              open_uri_data;
  char                 *user_code;
  char                 *verification_uri;
  /* The browser sign-in's address, for people whose browser did not open (or who want
   * another one); NULL outside a browser sign-in. */
  char                 *browser_uri;
  GError               *last_error;
  /* The way of signing in that failed last, for the error's Try Again; NULL when the error
   * did not come from a sign-in started here. */
  const char           *failed_action;
};

enum
{
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PdSignInPage, pd_sign_in_page, GTK_TYPE_WIDGET)

static void
update_title (PdSignInPage *self)
{
  PdConnection *connection = NULL;
  g_autofree char *title = NULL;

  if (self->provider != NULL)
    connection = pd_oauth_token_provider_get_connection (self->provider);

  if (connection != NULL)
    /* Translators: %s names the cloud, e.g. "Partner Center operated by 21Vianet". */
    title = g_strdup_printf (_("Sign In to %s"), pd_connection_get_title (connection));
  else
    title = g_strdup (_("Sign In"));

  gtk_label_set_text (self->title_label, title);
}

static void
set_view (PdSignInPage *self,
          const char   *view)
{
  gboolean busy = g_strcmp0 (view, "start") != 0;
  gboolean browser_failed = g_strcmp0 (view, "browser-failed") == 0;
  gboolean has_browser_uri = self->browser_uri != NULL;

  gtk_stack_set_visible_child_name (self->stack, view);
  gtk_spinner_set_spinning (self->browser_spinner, g_strcmp0 (view, "browser") == 0);
  gtk_spinner_set_spinning (self->device_spinner, g_strcmp0 (view, "device") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.browser",
                                 !busy && self->provider != NULL);
  /* From a browser that did not open, a code is the other way in (it stops the wait). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.device",
                                 (!busy || browser_failed) && self->provider != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.retry-browser",
                                 browser_failed && has_browser_uri);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.retry",
                                 !busy && self->provider != NULL
                                 && self->failed_action != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.copy-code",
                                 g_strcmp0 (view, "device") == 0 && self->user_code != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.open-address",
                                 g_strcmp0 (view, "device") == 0
                                 && self->verification_uri != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.show-address",
                                 g_strcmp0 (view, "browser") == 0 && self->browser_uri != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.copy-address",
                                 (g_strcmp0 (view, "browser") == 0 || browser_failed)
                                 && has_browser_uri);
  gtk_widget_set_visible (self->show_address_button,
                          g_strcmp0 (view, "browser") == 0 && self->browser_uri != NULL
                          && !gtk_widget_get_visible (self->browser_address_box));
}

static void
show_browser_address (PdSignInPage *self)
{
  if (self->browser_uri == NULL)
    return;

  gtk_label_set_text (self->browser_address_label, self->browser_uri);
  gtk_widget_set_visible (self->browser_address_box, TRUE);
  gtk_widget_set_visible (self->show_address_button, FALSE);
}

static void
forget_browser_address (PdSignInPage *self)
{
  g_clear_pointer (&self->browser_uri, g_free);
  gtk_label_set_text (self->browser_address_label, "");
  gtk_widget_set_visible (self->browser_address_box, FALSE);
}

/* The error card's buttons: details to copy when there is an error of the sign-in, Try
 * Again when a sign-in started here failed. */
static void
update_error_buttons (PdSignInPage *self)
{
  gboolean has_details = self->last_error != NULL;
  gboolean can_retry = self->failed_action != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.copy-details", has_details);
  gtk_widget_set_visible (self->copy_details_button, has_details);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.retry",
                                 can_retry && self->provider != NULL);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->error_buttons, has_details || can_retry);
}

/* Without an error of the sign-in itself, there are no details to copy. */
static void
forget_error (PdSignInPage *self)
{
  g_clear_error (&self->last_error);
  self->failed_action = NULL;
  update_error_buttons (self);
}

static void
hide_error (PdSignInPage *self)
{
  forget_error (self);
  gtk_widget_set_visible (self->error_box, FALSE);
}

void
pd_sign_in_page_show_error (PdSignInPage *self,
                            const GError *error)
{
  g_autofree char *message = NULL;

  g_return_if_fail (PD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  message = pd_api_error_to_user_message (error);
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  /* A reason given from outside (the session ended) has no sign-in of its own to retry. */
  self->failed_action = NULL;
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  update_error_buttons (self);
}

static void
reset_cancellable (PdSignInPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
clear_code (PdSignInPage *self)
{
  g_clear_pointer (&self->user_code, g_free);
  g_clear_pointer (&self->verification_uri, g_free);
  gtk_label_set_text (self->code_label, "");
  gtk_label_set_text (self->address_label, "");
  forget_browser_address (self);
}

/* @action: the action that started the sign-in, for Try Again. */
static void
finish_sign_in (PdSignInPage *self,
                gboolean      ok,
                GError       *error,
                const char   *action)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_code (self);

  if (!ok)
    {
      pd_sign_in_page_show_error (self, error);
      self->failed_action = action;
      update_error_buttons (self);
      set_view (self, "start");
      return;
    }

  set_view (self, "start");

  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
browser_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_oauth_token_provider_sign_in_browser_finish (PD_OAUTH_TOKEN_PROVIDER (source),
                                                       result, &error);
  finish_sign_in (self, ok, error, "sign-in.browser");
}

static void
device_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_oauth_token_provider_sign_in_device_finish (PD_OAUTH_TOKEN_PROVIDER (source),
                                                      result, &error);
  finish_sign_in (self, ok, error, "sign-in.device");
}

static void
uri_shown_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;
  /* The page may be gone by the time the portal answers: its children are then cleared. */
  if (self->stack == NULL)
    return;

  pd_sign_in_page_report_browser_failure (self, error);
}

static void
show_uri (PdSignInPage *self,
          const char   *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->open_uri != NULL)
    self->open_uri (uri, self->open_uri_data);
  else
    gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                       NULL, uri_shown_cb, g_object_ref (self));
}

static void
open_uri_cb (const char *uri,
             gpointer    user_data)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (user_data);

  g_free (self->browser_uri);
  self->browser_uri = g_strdup (uri);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "browser") == 0)
    set_view (self, "browser");
  show_uri (self, uri);
}

static void
show_code_cb (const char *user_code,
              const char *verification_uri,
              const char *message,
              guint       expires_in,
              gpointer    user_data)
{
  PdSignInPage *self = user_data;

  g_free (self->user_code);
  self->user_code = g_strdup (user_code);
  g_free (self->verification_uri);
  self->verification_uri = g_strdup (verification_uri);
  gtk_label_set_text (self->code_label, user_code);
  gtk_label_set_text (self->address_label, verification_uri);
  set_view (self, "device");
}

static void
browser_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);

  g_return_if_fail (self->provider != NULL);

  hide_error (self);
  reset_cancellable (self);
  set_view (self, "browser");
  /* The page outlives the call: the callback holds a reference, and dispose cancels. */
  pd_oauth_token_provider_sign_in_browser_async (self->provider, open_uri_cb, self,
                                                 self->cancellable, browser_done_cb,
                                                 g_object_ref (self));
}

static void
device_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);

  g_return_if_fail (self->provider != NULL);

  hide_error (self);
  reset_cancellable (self);
  clear_code (self);
  /* The code view appears once the service has handed out a code (show_code_cb). */
  set_view (self, "browser");
  pd_oauth_token_provider_sign_in_device_async (self->provider, show_code_cb, self,
                                                self->cancellable, device_done_cb,
                                                g_object_ref (self));
}

/* The browser did not open: the address goes on waiting for whatever opens it. */
static void
retry_browser_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);
  g_autofree char *uri = g_strdup (self->browser_uri);

  if (uri == NULL)
    return;

  set_view (self, "browser");
  show_uri (self, uri);
}

/* The error card's Try Again: the way of signing in that failed, from the start. */
static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);

  if (self->failed_action != NULL)
    gtk_widget_activate_action (widget, self->failed_action, NULL);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_sign_in_page_cancel (PD_SIGN_IN_PAGE (widget));
}

/* sign-in.copy-code and sign-in.copy-address: what is on display, to type or paste on
 * another device or in another browser. */
static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);
  const char *text = g_str_equal (action_name, "sign-in.copy-code") ? self->user_code
                                                                    : self->browser_uri;

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
open_address_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);

  if (self->verification_uri != NULL)
    show_uri (self, self->verification_uri);
}

static void
show_address_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  show_browser_address (PD_SIGN_IN_PAGE (widget));
}

static void
copy_details_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (widget);
  g_autofree char *details = NULL;

  if (self->last_error == NULL)
    return;

  details = pd_api_error_to_details (self->last_error);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), details);
}

static void
pd_sign_in_page_dispose (GObject *object)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SIGN_IN_PAGE);
  /* The scrolled window at the top has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (pd_sign_in_page_parent_class)->dispose (object);
}

static void
pd_sign_in_page_finalize (GObject *object)
{
  PdSignInPage *self = PD_SIGN_IN_PAGE (object);

  g_free (self->user_code);
  g_free (self->verification_uri);
  g_free (self->browser_uri);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (pd_sign_in_page_parent_class)->finalize (object);
}

static void
pd_sign_in_page_class_init (PdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_sign_in_page_dispose;
  object_class->finalize = pd_sign_in_page_finalize;

  /**
   * PdSignInPage::signed-in:
   *
   * The provider has signed in through this page.
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, browser_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, device_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, copy_details_button);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, browser_address_box);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, browser_address_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, show_address_button);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, failed_address_label);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdSignInPage, error_buttons);

  gtk_widget_class_install_action (widget_class, "sign-in.browser", NULL, browser_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.device", NULL, device_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-code", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.open-address", NULL,
                                   open_address_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-details", NULL,
                                   copy_details_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.show-address", NULL,
                                   show_address_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-address", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.retry-browser", NULL,
                                   retry_browser_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.retry", NULL, retry_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_sign_in_page_init (PdSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_title (self);
  hide_error (self);
  set_view (self, "start");
}

GtkWidget *
pd_sign_in_page_new (void)
{
  return g_object_new (PD_TYPE_SIGN_IN_PAGE, NULL);
}

void
pd_sign_in_page_set_provider (PdSignInPage         *self,
                              PdOAuthTokenProvider *provider)
{
  g_return_if_fail (PD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (provider == NULL || PD_IS_OAUTH_TOKEN_PROVIDER (provider));

  if (self->provider != provider)
    {
      /* A sign-in under way belongs to the old connection. */
      g_cancellable_cancel (self->cancellable);
      g_set_object (&self->provider, provider);
      clear_code (self);
      hide_error (self);
    }

  update_title (self);
  set_view (self, "start");
}

PdOAuthTokenProvider *
pd_sign_in_page_get_provider (PdSignInPage *self)
{
  g_return_val_if_fail (PD_IS_SIGN_IN_PAGE (self), NULL);

  return self->provider;
}

void
pd_sign_in_page_set_open_uri_func (PdSignInPage  *self,
                                   PdOpenUriFunc  func,
                                   gpointer       user_data)
{
  g_return_if_fail (PD_IS_SIGN_IN_PAGE (self));

  self->open_uri = func;
  self->open_uri_data = user_data;
}

void
pd_sign_in_page_report_browser_failure (PdSignInPage *self,
                                        const GError *error)
{
  const char *view;

  g_return_if_fail (PD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (error != NULL);

  /* Not g_warning: a computer without a browser is a normal case the page handles. */
  g_message ("Could not open the web browser: %s", error->message);
  view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "browser") == 0 && self->browser_uri != NULL)
    {
      /* The sign-in keeps waiting: the address works in any browser on this computer. */
      hide_error (self);
      gtk_label_set_text (self->failed_address_label, self->browser_uri);
      set_view (self, "browser-failed");
    }
  else if (g_strcmp0 (view, "device") == 0)
    {
      /* It is this computer's browser, not the sign-in, that failed: nothing to copy. */
      forget_error (self);
      gtk_label_set_text (self->error_label,
                          _("Could not open a web browser on this computer. Open the address "
                            "shown above on any device."));
      gtk_widget_set_visible (self->error_box, TRUE);
    }
}

void
pd_sign_in_page_cancel (PdSignInPage *self)
{
  g_return_if_fail (PD_IS_SIGN_IN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  clear_code (self);
  set_view (self, "start");
}

const char *
pd_sign_in_page_get_user_code (PdSignInPage *self)
{
  g_return_val_if_fail (PD_IS_SIGN_IN_PAGE (self), NULL);

  return self->user_code;
}

const char *
pd_sign_in_page_get_view (PdSignInPage *self)
{
  g_return_val_if_fail (PD_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
window_signed_in_cb (GtkWindow *window)
{
  gtk_window_close (window);
}

GtkWindow *
pd_sign_in_window_new (GtkWindow            *parent,
                       PdOAuthTokenProvider *provider,
                       PdOpenUriFunc         open_uri,
                       gpointer              open_uri_data)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *page;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (provider), NULL);

  window = g_object_new (ADW_TYPE_WINDOW,
                         "transient-for", parent,
                         "modal", TRUE,
                         "destroy-with-parent", TRUE,
                         "default-width", 480,
                         "default-height", 560,
                         "title", _("Sign In"),
                         NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  page = pd_sign_in_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  pd_sign_in_page_set_provider (PD_SIGN_IN_PAGE (page), provider);
  pd_sign_in_page_set_open_uri_func (PD_SIGN_IN_PAGE (page), open_uri, open_uri_data);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), "pd-sign-in-page", page);
  /* After the window's own handlers (the caller's resubmit) have run. */
  g_signal_connect_object (page, "signed-in", G_CALLBACK (window_signed_in_cb), window,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  return GTK_WINDOW (window);
}

PdSignInPage *
pd_sign_in_window_get_page (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), "pd-sign-in-page");
}
