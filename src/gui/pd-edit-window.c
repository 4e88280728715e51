/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-window.c: the modal form that edits a customer's billing profile and submits it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-edit-window"

#include <glib/gi18n.h>

#include "pd-address-choice.h"
#include "pd-api-error.h"
#include "pd-conflict-view.h"
#include "pd-core.h"
#include "pd-edit-form.h"
#include "pd-edit-submit.h"
#include "pd-edit-window.h"
#include "pd-open-uri.h"
#include "pd-resources.h"
#include "pd-sign-in-page.h"

struct _PdEditWindow
{
  AdwWindow          parent_instance;

  /* template */
  GtkWidget         *cancel_button;
  GtkWidget         *submit_button;
  GtkWidget         *spinner;
  GtkScrolledWindow *scrolled_window;
  GtkWidget         *error_box;
  GtkLabel          *error_label;
  GtkWidget         *retry_button;
  GtkWidget         *sign_in_button;
  GtkWidget         *copy_details_button;
  PdConflictView    *conflict_group;
  PdAddressChoice   *address_choice;
  PdEditForm        *fields_box;

  PdClient          *client;
  PdCustomer        *customer;
  PdProfileForm     *form;
  PdEditSubmit      *submit;
  GCancellable      *cancellable;  /* reading the country's rules */
  GError            *last_error;
  GtkWidget         *focus_before_busy; /* weak */
  gboolean           close_confirmed;
};

G_DEFINE_FINAL_TYPE (PdEditWindow, pd_edit_window, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (PdEditWindow *self)
{
  gboolean busy = pd_profile_form_get_busy (self->form);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  /* A locked field must not keep the focus: Cancel (which aborts) takes it, and the
   * field gets it back when the request ends. */
  if (busy && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->fields_box)))
    {
      g_set_weak_pointer (&self->focus_before_busy, focus);
      gtk_widget_grab_focus (self->cancel_button);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.submit",
                                 pd_profile_form_get_can_submit (self->form));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.retry",
                                 pd_profile_form_get_can_submit (self->form));

  /* Locked while the request runs: what is sent is what the user sees. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conflict_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_choice), !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);

  if (!busy && self->focus_before_busy != NULL)
    {
      if (gtk_widget_is_sensitive (self->focus_before_busy))
        gtk_widget_grab_focus (self->focus_before_busy);
      g_clear_weak_pointer (&self->focus_before_busy);
    }
}

static void
scroll_to_top (PdEditWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
update_conflict (PdEditWindow *self)
{
  if (pd_conflict_view_update (self->conflict_group))
    {
      scroll_to_top (self);
      pd_conflict_view_focus_first_choice (self->conflict_group);
    }
}

static void
hide_error (PdEditWindow *self)
{
  g_clear_error (&self->last_error);
  gtk_widget_set_visible (self->error_box, FALSE);
}

/* The banner over the form: @message, with Copy Details when an @error is behind it, and
 * Sign In instead of Retry when only signing in again helps. */
static void
show_banner (PdEditWindow *self,
             const char   *message,
             const GError *error,
             gboolean      sign_in)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  gtk_widget_set_visible (self->sign_in_button, sign_in);
  gtk_widget_set_visible (self->retry_button, !sign_in);
  gtk_widget_set_visible (self->copy_details_button, error != NULL);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.copy-details", error != NULL);
  scroll_to_top (self);
}

static void
show_error (PdEditWindow *self,
            const GError *error)
{
  g_autofree char *message = NULL;
  gboolean sign_in = g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED)
                     && PD_IS_OAUTH_TOKEN_PROVIDER (pd_client_get_token_provider (self->client));

  if (sign_in)
    message = g_strdup (_("Your session has expired. Your changes are kept: sign in again, "
                          "and they are submitted."));
  else
    message = pd_api_error_to_user_message (error);

  show_banner (self, message, error, sign_in);
}

static void
on_address_suggested (PdEditWindow *self,
                      PdAddress    *entered,
                      GPtrArray    *suggestions,
                      const char   *message)
{
  pd_address_choice_set_addresses (self->address_choice, entered, suggestions, message);
  gtk_widget_set_visible (GTK_WIDGET (self->address_choice), TRUE);
  scroll_to_top (self);
}

static void
on_rebased (PdEditWindow *self)
{
  /* Their language or culture may be one the drop-downs don't list yet. */
  pd_edit_form_update_choices (self->fields_box);
  update_conflict (self);
}

static void
on_saved (PdEditWindow     *self,
          PdBillingProfile *answer,
          gboolean          complete)
{
  update_conflict (self);
  g_signal_emit (self, signals[SAVED], 0, answer);
  if (complete)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
on_stopped (PdEditWindow *self)
{
  /* Nothing from the server to copy: a sentence for the user alone. */
  show_banner (self, _("Submitting was stopped. Nothing was changed."), NULL, FALSE);
}

/* The address choice on display is the user's answer: it goes into the copy. Returns
 * FALSE when that left nothing to submit (the window closes, with a word). */
static gboolean
take_address_choice (PdEditWindow *self)
{
  PdAddress *suggestion = NULL;

  if (pd_address_choice_get_suggestion_selected (self->address_choice))
    suggestion = pd_address_choice_get_selected (self->address_choice);
  pd_edit_submit_confirm_address (self->submit, suggestion);
  gtk_widget_set_visible (GTK_WIDGET (self->address_choice), FALSE);

  /* The suggestion was the address already stored: nothing left to send. Never
   * leave the user in front of a greyed-out Submit without a word. */
  if (!pd_profile_form_get_is_dirty (self->form))
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

      if (parent != NULL)
        gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-toast", "s",
                                    _("No changes to submit"));
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return FALSE;
    }

  return TRUE;
}

void
pd_edit_window_submit (PdEditWindow *self)
{
  g_return_if_fail (PD_IS_EDIT_WINDOW (self));

  if (!pd_profile_form_get_can_submit (self->form))
    return;

  hide_error (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->address_choice))
      && !take_address_choice (self))
    return;
  /* The values may have changed with the choice. */
  if (!pd_profile_form_get_can_submit (self->form))
    return;

  pd_edit_submit_start (self->submit);
}

static void
signed_in_cb (PdEditWindow *self)
{
  /* The same profile as before, with the etag the form was opened with: a colleague's
   * change meanwhile still ends in the conflict view, never overwritten. */
  pd_edit_window_submit (self);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdEditWindow *self = PD_EDIT_WINDOW (widget);
  PdTokenProvider *tokens = pd_client_get_token_provider (self->client);
  PdOpenUriFunc open_uri;
  gpointer open_uri_data;
  GtkWindow *window;

  if (!PD_IS_OAUTH_TOKEN_PROVIDER (tokens))
    return;

  /* The main window below holds it (tests replace the browser there). */
  open_uri = pd_open_uri_get_for_window (GTK_WINDOW (self), &open_uri_data);
  window = pd_sign_in_window_new (GTK_WINDOW (self), PD_OAUTH_TOKEN_PROVIDER (tokens),
                                  open_uri, open_uri_data);
  g_signal_connect_object (pd_sign_in_window_get_page (window), "signed-in",
                           G_CALLBACK (signed_in_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (window);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_edit_window_submit (PD_EDIT_WINDOW (widget));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdEditWindow *self = PD_EDIT_WINDOW (widget);

  if (pd_profile_form_get_busy (self->form))
    pd_edit_submit_stop (self->submit);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
copy_details_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PdEditWindow *self = PD_EDIT_WINDOW (widget);
  g_autofree char *details = NULL;

  if (self->last_error == NULL)
    return;

  details = pd_api_error_to_details (self->last_error);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), details);
}

static gboolean
close_discarded (gpointer data)
{
  PdEditWindow *self = data;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
on_discard_response (PdEditWindow *self,
                     const char   *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Not from inside the dialog's response: closing us destroys the dialog (transient
   * for us) while it is still emitting. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_discarded, g_object_ref (self), g_object_unref);
}

static gboolean
pd_edit_window_close_request (GtkWindow *window)
{
  PdEditWindow *self = PD_EDIT_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->close_confirmed || !pd_profile_form_get_is_dirty (self->form))
    {
      g_cancellable_cancel (self->cancellable);
      if (self->submit != NULL)
        pd_edit_submit_cancel (self->submit);
      return GTK_WINDOW_CLASS (pd_edit_window_parent_class)->close_request (window);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard changes?"),
                                                       _("The changes you made to this account will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
pd_edit_window_dispose (GObject *object)
{
  PdEditWindow *self = PD_EDIT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->submit != NULL)
    {
      pd_edit_submit_cancel (self->submit);
      g_signal_handlers_disconnect_by_data (self->submit, self);
    }
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_EDIT_WINDOW);

  g_clear_object (&self->submit);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->form);
  g_clear_object (&self->client);
  g_clear_object (&self->customer);
  g_clear_weak_pointer (&self->focus_before_busy);

  G_OBJECT_CLASS (pd_edit_window_parent_class)->dispose (object);
}

static void
pd_edit_window_finalize (GObject *object)
{
  PdEditWindow *self = PD_EDIT_WINDOW (object);

  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (pd_edit_window_parent_class)->finalize (object);
}

/* Never larger than the window it was opened from: on a small screen or a narrow window
 * the form scrolls inside (its default size is for a roomy desktop). The first show
 * only: a size the user gave the window stays. */
static void
pd_edit_window_show (GtkWidget *widget)
{
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (widget)));

  if (parent != NULL && !gtk_widget_get_realized (widget) && gtk_widget_get_mapped (parent))
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (widget), &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (widget),
                                   MIN (width, gtk_widget_get_width (parent)),
                                   MIN (height, gtk_widget_get_height (parent)));
    }

  GTK_WIDGET_CLASS (pd_edit_window_parent_class)->show (widget);
}

static void
pd_edit_window_class_init (PdEditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  /* The form's inputs, named in the template as the form's internal children. */
  static const char * const form_inputs[] = {
    "company_name_row", "first_name_row", "last_name_row", "email_row", "phone_row",
    "country_row", "line1_row", "line2_row", "city_row", "state_combo_row", "state_row",
    "postal_code_row", "language_row", "culture_row",
  };

  object_class->dispose = pd_edit_window_dispose;
  object_class->finalize = pd_edit_window_finalize;
  window_class->close_request = pd_edit_window_close_request;
  widget_class->show = pd_edit_window_show;

  /**
   * PdEditWindow::saved:
   * @profile: the billing profile as the server answered the PUT
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_BILLING_PROFILE);

  g_type_ensure (PD_TYPE_ADDRESS_CHOICE);
  g_type_ensure (PD_TYPE_CONFLICT_VIEW);
  g_type_ensure (PD_TYPE_EDIT_FORM);
  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-edit-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PdEditWindow, name)
  BIND (cancel_button);
  BIND (submit_button);
  BIND (spinner);
  BIND (scrolled_window);
  BIND (error_box);
  BIND (error_label);
  BIND (retry_button);
  BIND (sign_in_button);
  BIND (copy_details_button);
  BIND (conflict_group);
  BIND (address_choice);
  BIND (fields_box);
#undef BIND
  /* Not used here, but still this window's template children by name (offset 0: no
   * field), as they were before the form had a widget of its own: whoever drives the
   * window (the UI tests) finds them with gtk_widget_get_template_child(). */
  for (guint i = 0; i < G_N_ELEMENTS (form_inputs); i++)
    gtk_widget_class_bind_template_child_full (widget_class, form_inputs[i], FALSE, 0);

  gtk_widget_class_install_action (widget_class, "edit.submit", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "edit.retry", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "edit.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "edit.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "edit.copy-details", NULL, copy_details_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "edit.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "edit.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, GDK_CONTROL_MASK,
                                       "edit.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "edit.cancel", NULL);
}

static void
pd_edit_window_init (PdEditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.copy-details", FALSE);
}

static void
on_rules_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdEditWindow) self = user_data;
  g_autoptr(PdCountryRules) rules = NULL;
  g_autoptr(GError) error = NULL;

  rules = pd_client_get_country_rules_finish (PD_CLIENT (source), result, &error);
  if (rules == NULL)
    {
      /* Without them the API's limits still apply, and the server has the last word. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No country rules: %s", error->message);
      return;
    }

  if (self->form == NULL)
    return;

  pd_profile_form_set_rules (self->form, rules);
  pd_edit_form_update_choices (self->fields_box);
}

static void
connect_submit (PdEditWindow *self)
{
  self->submit = pd_edit_submit_new (self->client, pd_customer_get_id (self->customer),
                                     self->form);
  g_signal_connect_swapped (self->submit, "address-suggested",
                            G_CALLBACK (on_address_suggested), self);
  g_signal_connect_swapped (self->submit, "rebased", G_CALLBACK (on_rebased), self);
  g_signal_connect_swapped (self->submit, "saved", G_CALLBACK (on_saved), self);
  g_signal_connect_swapped (self->submit, "stopped", G_CALLBACK (on_stopped), self);
  g_signal_connect_swapped (self->submit, "failed", G_CALLBACK (show_error), self);
}

/**
 * pd_edit_window_new:
 * @client: the client
 * @customer: the customer, read by id (billing profile with its etag)
 * @rules: (nullable): the country's rules
 *
 * Returns: (transfer none): the window, not yet shown; like any toplevel it is owned
 *   by GTK until it is closed
 */
PdEditWindow *
pd_edit_window_new (PdClient       *client,
                    PdCustomer     *customer,
                    PdCountryRules *rules)
{
  PdEditWindow *self;
  PdBillingProfile *profile;
  PdAddress *address;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER (customer), NULL);
  g_return_val_if_fail (rules == NULL || PD_IS_COUNTRY_RULES (rules), NULL);

  profile = pd_customer_get_billing_profile (customer);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (PD_TYPE_EDIT_WINDOW, NULL);
  self->client = g_object_ref (client);
  self->customer = g_object_ref (customer);
  self->form = pd_profile_form_new (profile, rules);
  connect_submit (self);
  pd_conflict_view_set_form (self->conflict_group, self->form);
  pd_edit_form_bind (self->fields_box, self->form, customer);

  g_signal_connect_swapped (self->form, "notify::can-submit", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->form, "notify::busy", G_CALLBACK (update_actions), self);
  update_actions (self);

  address = pd_billing_profile_get_default_address (profile);
  if (rules == NULL && address != NULL && pd_address_get_country (address) != NULL)
    pd_client_get_country_rules_async (client, pd_address_get_country (address),
                                       self->cancellable, on_rules_loaded, g_object_ref (self));

  pd_edit_form_focus_first (self->fields_box);

  return self;
}

PdProfileForm *
pd_edit_window_get_form (PdEditWindow *self)
{
  g_return_val_if_fail (PD_IS_EDIT_WINDOW (self), NULL);

  return self->form;
}

void
pd_edit_window_start_with_values (PdEditWindow     *self,
                                  PdProfileFields   fields,
                                  PdBillingProfile *values)
{
  PdBillingProfile *copy;

  g_return_if_fail (PD_IS_EDIT_WINDOW (self));
  g_return_if_fail (PD_IS_BILLING_PROFILE (values));

  copy = pd_profile_form_get_profile (self->form);
  for (guint bit = PD_PROFILE_FIELD_FIRST; bit <= PD_PROFILE_FIELD_LAST; bit <<= 1)
    if ((fields & bit & PD_PROFILE_FORM_FIELDS) != 0)
      pd_billing_profile_set_field (copy, bit, pd_billing_profile_get_field (values, bit));
  /* A restored language or culture may be one the drop-downs don't list yet. */
  pd_edit_form_update_choices (self->fields_box);
}
