/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-window.c: the modal form that edits a customer's billing profile and submits it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-edit-window"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-address-choice.h"
#include "pd-api-error.h"
#include "pd-conflict-row.h"
#include "pd-edit-window.h"
#include "pd-core.h"
#include "pd-sign-in-page.h"
#include "pd-window.h"
#include "pd-resources.h"

#define ADDRESS_FIELDS (PD_PROFILE_FIELD_ADDRESS_LINE1 | PD_PROFILE_FIELD_ADDRESS_LINE2 | \
                        PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_STATE | \
                        PD_PROFILE_FIELD_POSTAL_CODE | PD_PROFILE_FIELD_COUNTRY)

typedef struct
{
  PdProfileField  field;
  GtkWidget      *row;        /* the input (for STATE: the entry; the combo is handled too) */
  GtkWidget      *error_row;  /* a list row under the input with the message */
  GtkLabel       *error_label;
} FieldRow;

/* The inputs, in the order of the form. */
enum {
  ROW_COMPANY_NAME,
  ROW_FIRST_NAME,
  ROW_LAST_NAME,
  ROW_EMAIL,
  ROW_PHONE,
  ROW_COUNTRY,
  ROW_LINE1,
  ROW_LINE2,
  ROW_CITY,
  ROW_STATE,
  ROW_POSTAL_CODE,
  ROW_LANGUAGE,
  ROW_CULTURE,
  N_ROWS
};

struct _PdEditWindow
{
  AdwWindow        parent_instance;

  /* template */
  GtkWidget       *cancel_button;
  GtkWidget       *submit_button;
  GtkWidget       *spinner;
  GtkScrolledWindow *scrolled_window;
  GtkWidget       *error_box;
  GtkLabel        *error_label;
  GtkWidget       *retry_button;
  GtkWidget       *sign_in_button;
  GtkWidget       *copy_details_button;
  AdwPreferencesGroup *conflict_group;
  PdAddressChoice *address_choice;
  GtkWidget       *fields_box;
  AdwEntryRow     *company_name_row;
  GtkLabel        *domain_label;
  GtkLabel        *tenant_id_label;
  AdwEntryRow     *first_name_row;
  AdwEntryRow     *last_name_row;
  AdwEntryRow     *email_row;
  AdwEntryRow     *phone_row;
  AdwActionRow    *country_row;
  GtkLabel        *country_label;
  AdwEntryRow     *line1_row;
  AdwEntryRow     *line2_row;
  AdwEntryRow     *city_row;
  AdwComboRow     *state_combo_row;
  AdwEntryRow     *state_row;
  AdwEntryRow     *postal_code_row;
  AdwComboRow     *language_row;
  AdwComboRow     *culture_row;

  PdClient        *client;
  PdCustomer      *customer;
  PdProfileForm   *form;
  GBindingGroup   *profile_bindings;
  GBindingGroup   *address_bindings;
  GSignalGroup    *profile_signals;
  GSignalGroup    *address_signals;
  GCancellable    *cancellable;
  GError          *last_error;
  GPtrArray       *conflict_rows;
  /* The address the server already checked (or the user confirmed): not asked twice. */
  PdAddress       *checked_address;
  /* The profile of the PUT in flight: once sent, aborting it may come too late. */
  PdBillingProfile *sent;
  /* What an aborted PUT sent, while re-reading whether it landed anyway. */
  PdBillingProfile *aborted;
  /* Resubmits after a refusal where nothing was in conflict (bounded). */
  guint            silent_resubmits;

  FieldRow         rows[N_ROWS];
  GStrv            state_codes;
  GStrv            language_codes;
  GStrv            culture_codes;
  GtkWidget       *focus_before_busy; /* weak */
  guint            reveal_source;
  gboolean         syncing_combos;
  gboolean         close_confirmed;
};

G_DEFINE_FINAL_TYPE (PdEditWindow, pd_edit_window, ADW_TYPE_WINDOW)

/* A GtkListBox hands Tab to the next row and gives up (leaving the whole group) when
 * that row takes no focus. Rows the keyboard should step over pass it on instead. */
static gboolean
pass_focus_on (GtkWidget        *row,
               GtkDirectionType  direction)
{
  gboolean forward;

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
    case GTK_DIR_DOWN:
      forward = TRUE;
      break;
    case GTK_DIR_TAB_BACKWARD:
    case GTK_DIR_UP:
      forward = FALSE;
      break;
    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    default:
      return FALSE;
    }

  for (GtkWidget *w = forward ? gtk_widget_get_next_sibling (row)
                              : gtk_widget_get_prev_sibling (row);
       w != NULL;
       w = forward ? gtk_widget_get_next_sibling (w) : gtk_widget_get_prev_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w) && gtk_widget_get_visible (w))
      return gtk_widget_child_focus (w, direction);

  return FALSE;
}

/* The message under a field with a problem: read, never a Tab stop. */
#define PD_TYPE_FORM_ERROR_ROW (pd_form_error_row_get_type ())
G_DECLARE_FINAL_TYPE (PdFormErrorRow, pd_form_error_row, PD, FORM_ERROR_ROW, GtkListBoxRow)

struct _PdFormErrorRow
{
  GtkListBoxRow parent_instance;
};

G_DEFINE_FINAL_TYPE (PdFormErrorRow, pd_form_error_row, GTK_TYPE_LIST_BOX_ROW)

static void
pd_form_error_row_class_init (PdFormErrorRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->focus = pass_focus_on;
}

static void
pd_form_error_row_init (PdFormErrorRow *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
}

/* A value the form shows but does not edit (domain, Microsoft ID, country): its text
 * stays selectable with the mouse, and Tab goes from field to field past it. */
#define PD_TYPE_FORM_INFO_ROW (pd_form_info_row_get_type ())
G_DECLARE_FINAL_TYPE (PdFormInfoRow, pd_form_info_row, PD, FORM_INFO_ROW, AdwActionRow)

struct _PdFormInfoRow
{
  AdwActionRow parent_instance;
};

G_DEFINE_FINAL_TYPE (PdFormInfoRow, pd_form_info_row, ADW_TYPE_ACTION_ROW)

static void
pd_form_info_row_class_init (PdFormInfoRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->focus = pass_focus_on;
}

static void
pd_form_info_row_init (PdFormInfoRow *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void submit_put (PdEditWindow *self);
static void queue_reveal_focused_error (PdEditWindow *self);

static PdAddress *
copy_address (PdEditWindow *self)
{
  return pd_billing_profile_get_default_address (pd_profile_form_get_profile (self->form));
}

/* Entry rows cannot hold NULL; the model keeps NULL for "no value". */
static gboolean
null_to_empty (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static gboolean
empty_to_null (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL && *text != '\0' ? text : NULL);
  return TRUE;
}

static void
bind_text (GBindingGroup *group,
           const char    *property,
           AdwEntryRow   *row)
{
  g_binding_group_bind_full (group, property, row, "text",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             null_to_empty, empty_to_null, NULL, NULL);
}

/* Display names for the languages Partner Center's markets list. */
const char *
pd_language_get_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", N_("Arabic") }, { "cs", N_("Czech") }, { "da", N_("Danish") },
    { "de", N_("German") }, { "el", N_("Greek") }, { "en", N_("English") },
    { "es", N_("Spanish") }, { "fi", N_("Finnish") }, { "fr", N_("French") },
    { "he", N_("Hebrew") }, { "hu", N_("Hungarian") }, { "it", N_("Italian") },
    { "ja", N_("Japanese") }, { "kk", N_("Kazakh") }, { "ko", N_("Korean") },
    { "nb", N_("Norwegian Bokmål") }, { "nl", N_("Dutch") }, { "pl", N_("Polish") },
    { "pt", N_("Portuguese") }, { "ro", N_("Romanian") }, { "ru", N_("Russian") },
    { "sv", N_("Swedish") }, { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") },
    { "zh", N_("Chinese") },
  };

  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (names[i].code, code) == 0)
      return _(names[i].name);

  return code;
}

static GStrv
codes_with_current (const char * const *codes,
                    const char         *current,
                    gboolean            with_empty)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean found = FALSE;

  /* An empty first entry lets an optional value stay empty, and keeps the combo
   * from silently picking the first state when none was set. */
  if (with_empty)
    g_strv_builder_add (builder, "");
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_strv_builder_add (builder, codes[i]);
      if (g_strcmp0 (codes[i], current) == 0)
        found = TRUE;
    }
  /* A value the rules don't list is still shown (and flagged by the check). */
  if (!found && current != NULL && *current != '\0')
    g_strv_builder_add (builder, current);

  return g_strv_builder_end (builder);
}

static guint
index_of (GStrv       codes,
          const char *value)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], value != NULL ? value : "") == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
sync_combos_from_profile (PdEditWindow *self)
{
  PdBillingProfile *copy = pd_profile_form_get_profile (self->form);
  guint pos;

  self->syncing_combos = TRUE;

  pos = index_of (self->language_codes, pd_billing_profile_get_language (copy));
  if (pos != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->language_row, pos);
  pos = index_of (self->culture_codes, pd_billing_profile_get_culture (copy));
  if (pos != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->culture_row, pos);
  if (self->state_codes != NULL)
    {
      pos = index_of (self->state_codes, pd_address_get_state (copy_address (self)));
      if (pos != GTK_INVALID_LIST_POSITION)
        adw_combo_row_set_selected (self->state_combo_row, pos);
    }

  self->syncing_combos = FALSE;
}

static void
set_combo_model (AdwComboRow *row,
                 GStrv        codes,
                 const char *(*display) (const char *code, gpointer data),
                 gpointer     data)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (list, display (codes[i], data));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static const char *
display_language (const char *code,
                  gpointer    data)
{
  return pd_language_get_name (code);
}

static const char *
display_culture (const char *code,
                 gpointer    data)
{
  return code;
}

static const char *
display_state (const char *code,
               gpointer    data)
{
  if (*code == '\0')
    /* Translators: no state / province selected */
    return C_("state", "None");

  return pd_country_rules_get_state_name (data, code);
}

/* (Re)builds the drop-downs from the country's lists; before the rules arrive they
 * hold just the current values. */
static void
build_combos (PdEditWindow *self)
{
  PdCountryRules *rules = pd_profile_form_get_rules (self->form);
  PdBillingProfile *copy = pd_profile_form_get_profile (self->form);
  PdAddress *address = copy_address (self);
  const char * const *states = rules != NULL ? pd_country_rules_get_states (rules) : NULL;
  const char *country = address != NULL ? pd_address_get_country (address) : NULL;

  self->syncing_combos = TRUE;

  g_strfreev (self->language_codes);
  self->language_codes = codes_with_current (rules != NULL ? pd_country_rules_get_supported_languages (rules) : NULL,
                                             pd_billing_profile_get_language (copy), FALSE);
  set_combo_model (self->language_row, self->language_codes, display_language, NULL);

  g_strfreev (self->culture_codes);
  self->culture_codes = codes_with_current (rules != NULL ? pd_country_rules_get_supported_cultures (rules) : NULL,
                                            pd_billing_profile_get_culture (copy), FALSE);
  set_combo_model (self->culture_row, self->culture_codes, display_culture, NULL);

  g_clear_pointer (&self->state_codes, g_strfreev);
  if (states != NULL && states[0] != NULL)
    {
      self->state_codes = codes_with_current (states,
                                              address != NULL ? pd_address_get_state (address) : NULL,
                                              TRUE);
      set_combo_model (self->state_combo_row, self->state_codes, display_state, (gpointer) country);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->state_combo_row), self->state_codes != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->state_row), self->state_codes == NULL);

  self->syncing_combos = FALSE;
  sync_combos_from_profile (self);
}

static void
on_combo_selected (PdEditWindow *self,
                   GParamSpec   *pspec,
                   AdwComboRow  *row)
{
  guint pos = adw_combo_row_get_selected (row);
  PdBillingProfile *copy = pd_profile_form_get_profile (self->form);
  GStrv codes;
  PdProfileField field;

  if (self->syncing_combos || pos == GTK_INVALID_LIST_POSITION)
    return;

  if (row == self->language_row)
    {
      codes = self->language_codes;
      field = PD_PROFILE_FIELD_LANGUAGE;
    }
  else if (row == self->culture_row)
    {
      codes = self->culture_codes;
      field = PD_PROFILE_FIELD_CULTURE;
    }
  else
    {
      codes = self->state_codes;
      field = PD_PROFILE_FIELD_STATE;
    }

  if (codes == NULL || pos >= g_strv_length (codes))
    return;

  pd_billing_profile_set_field (copy, field, *codes[pos] != '\0' ? codes[pos] : NULL);
}

static void
update_errors (PdEditWindow *self)
{
  for (guint i = 0; i < N_ROWS; i++)
    {
      FieldRow *fr = &self->rows[i];
      const char *message = pd_profile_form_get_error (self->form, fr->field);
      GtkWidget *inputs[3] = { fr->row, NULL, NULL };

      /* The focus sits in an entry row's inner text: it must carry the description too. */
      if (GTK_IS_EDITABLE (fr->row))
        inputs[1] = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (fr->row)));
      if (fr->field == PD_PROFILE_FIELD_STATE)
        inputs[2] = GTK_WIDGET (self->state_combo_row);

      gtk_label_set_text (fr->error_label, message != NULL ? message : "");
      gtk_widget_set_visible (fr->error_row, message != NULL);

      for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
        {
          if (inputs[j] == NULL)
            continue;
          if (message != NULL)
            {
              /* The inner text of an entry row is not styled: the row shows the state. */
              if (j != 1)
                gtk_widget_add_css_class (inputs[j], "error");
              /* The problem in words is what a screen reader says after the label. */
              gtk_accessible_update_property (GTK_ACCESSIBLE (inputs[j]),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                              -1);
            }
          else
            {
              gtk_widget_remove_css_class (inputs[j], "error");
              gtk_accessible_reset_property (GTK_ACCESSIBLE (inputs[j]),
                                             GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
            }
        }
    }

  queue_reveal_focused_error (self);
}

/* The viewport scrolls the focused text into view, not the message under its row:
 * bring the row and its message in, when the page is tall enough for both. */
static gboolean
reveal_focused_error (gpointer data)
{
  PdEditWindow *self = data;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled_window);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->reveal_source = 0;

  if (self->form == NULL || focus == NULL || content == NULL)
    return G_SOURCE_REMOVE;
  /* The viewport's child: its coordinates are the scrolled content's. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  for (guint i = 0; i < N_ROWS; i++)
    {
      FieldRow *fr = &self->rows[i];
      GtkWidget *row = fr->row;
      graphene_rect_t row_bounds, error_bounds;
      double top, bottom, value, page;

      if (fr->field == PD_PROFILE_FIELD_STATE
          && gtk_widget_get_visible (GTK_WIDGET (self->state_combo_row)))
        row = GTK_WIDGET (self->state_combo_row);
      if (!gtk_widget_get_visible (fr->error_row)
          || (focus != row && !gtk_widget_is_ancestor (focus, row)))
        continue;
      if (!gtk_widget_compute_bounds (row, content, &row_bounds)
          || !gtk_widget_compute_bounds (fr->error_row, content, &error_bounds))
        break;

      top = row_bounds.origin.y;
      bottom = error_bounds.origin.y + error_bounds.size.height;
      value = gtk_adjustment_get_value (adjustment);
      page = gtk_adjustment_get_page_size (adjustment);
      if (bottom > value + page)
        value = MIN (top, bottom - page);
      if (top < value)
        value = top;
      /* Ends the viewport's own scrolling animation, which stops at the text. */
      if (value != gtk_adjustment_get_value (adjustment))
        gtk_adjustment_set_value (adjustment, value);
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
queue_reveal_focused_error (PdEditWindow *self)
{
  /* Low priority: after the new message row has its size and place. */
  if (self->reveal_source == 0)
    self->reveal_source = g_idle_add_full (G_PRIORITY_LOW, reveal_focused_error,
                                           g_object_ref (self), g_object_unref);
}

static void
update_actions (PdEditWindow *self)
{
  gboolean busy = pd_profile_form_get_busy (self->form);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  /* A locked field must not keep the focus: Cancel (which aborts) takes it, and the
   * field gets it back when the request ends. */
  if (busy && focus != NULL && gtk_widget_is_ancestor (focus, self->fields_box))
    {
      g_set_weak_pointer (&self->focus_before_busy, focus);
      gtk_widget_grab_focus (self->cancel_button);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.submit",
                                 pd_profile_form_get_can_submit (self->form));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.retry",
                                 pd_profile_form_get_can_submit (self->form));

  /* Locked while the request runs: what is sent is what the user sees. */
  gtk_widget_set_sensitive (self->fields_box, !busy);
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
on_profile_replaced (PdEditWindow *self)
{
  PdBillingProfile *copy = pd_profile_form_get_profile (self->form);

  g_binding_group_set_source (self->profile_bindings, copy);
  g_binding_group_set_source (self->address_bindings, copy_address (self));
  g_signal_group_set_target (self->profile_signals, copy);
  g_signal_group_set_target (self->address_signals, copy_address (self));
  sync_combos_from_profile (self);
}

static void
on_copy_changed (PdEditWindow *self)
{
  /* The address object may have been replaced. */
  g_binding_group_set_source (self->address_bindings, copy_address (self));
  g_signal_group_set_target (self->address_signals, copy_address (self));
  sync_combos_from_profile (self);
}

static void
scroll_to_top (PdEditWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
hide_error (PdEditWindow *self)
{
  g_clear_error (&self->last_error);
  gtk_widget_set_visible (self->error_box, FALSE);
}

static gboolean
is_sign_in_required (const GError *error)
{
  return g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED);
}

/* A sentence for the user without a server error behind it (nothing to copy). */
static void
show_notice (PdEditWindow *self,
             const char   *message)
{
  g_clear_error (&self->last_error);
  gtk_widget_set_visible (self->sign_in_button, FALSE);
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_widget_set_visible (self->copy_details_button, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.copy-details", FALSE);
  scroll_to_top (self);
}

static void
show_error (PdEditWindow *self,
            const GError *error)
{
  g_autofree char *message = NULL;
  gboolean sign_in = is_sign_in_required (error)
                     && PD_IS_OAUTH_TOKEN_PROVIDER (pd_client_get_token_provider (self->client));

  if (sign_in)
    message = g_strdup (_("Your session has expired. Your changes are kept: sign in again, "
                          "and they are submitted."));
  else
    message = pd_api_error_to_user_message (error);

  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  gtk_widget_set_visible (self->sign_in_button, sign_in);
  gtk_widget_set_visible (self->retry_button, !sign_in);
  gtk_widget_set_visible (self->copy_details_button, TRUE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.copy-details", TRUE);
  scroll_to_top (self);
}

/* A 400 that names a field: say it at that field too (the banner keeps Retry and Copy
 * Details), so the user sees where to look; it goes once they change that field. */
static void
show_field_error (PdEditWindow *self,
                  const GError *error)
{
  PdProfileField field = pd_profile_form_field_from_error (error);
  const char *description = pd_api_error_get_description (error);

  if (field != PD_PROFILE_FIELD_NONE && description != NULL && *description != '\0')
    pd_profile_form_set_server_error (self->form, field, description);
}

static void
rebuild_conflict_rows (PdEditWindow *self)
{
  PdProfileFields fields = pd_profile_form_get_conflict_fields (self->form);

  for (guint i = 0; i < self->conflict_rows->len; i++)
    adw_preferences_group_remove (self->conflict_group, g_ptr_array_index (self->conflict_rows, i));
  g_ptr_array_set_size (self->conflict_rows, 0);

  if (!pd_profile_form_get_has_conflict (self->form))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conflict_group), FALSE);
      return;
    }

  for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
    {
      GtkWidget *row;

      if ((fields & f) == 0)
        continue;
      row = pd_conflict_row_new (self->form, f);
      adw_preferences_group_add (self->conflict_group, row);
      g_ptr_array_add (self->conflict_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->conflict_group), TRUE);
  scroll_to_top (self);
}

static void
reset_cancellable (PdEditWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* The server holds the user's values: done, as after a successful PUT. */
static void
finish_saved (PdEditWindow     *self,
              PdBillingProfile *answer)
{
  /* May be the form's own original, which the commit replaces. */
  g_autoptr(PdBillingProfile) saved = g_object_ref (answer);

  g_clear_object (&self->sent);
  g_clear_object (&self->aborted);
  pd_profile_form_set_busy (self->form, FALSE);
  pd_profile_form_commit (self->form, saved);
  rebuild_conflict_rows (self);
  g_signal_emit (self, signals[SAVED], 0, saved);
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_theirs_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdEditWindow) self = user_data;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(GError) error = NULL;

  theirs = pd_client_get_billing_profile_finish (PD_CLIENT (source), result, &error);
  /* Cancelled: whoever cancelled (Cancel, a new submit, closing) owns the busy state, and
   * after dispose there is no form left to touch. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  pd_profile_form_set_busy (self->form, FALSE);

  if (theirs == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Rebased on their version: the next submit goes against their etag, and every
   * field they changed is shown beside the user's value. */
  pd_profile_form_set_conflict (self->form, theirs);
  /* Their language or culture may be one the drop-downs don't list yet. */
  build_combos (self);
  rebuild_conflict_rows (self);

  if (pd_profile_form_get_has_conflict (self->form))
    return;

  /* Every field they changed already holds the user's value. */
  if (!pd_profile_form_get_is_dirty (self->form))
    {
      /* The server holds exactly what the user wants (an earlier PUT of ours landed
       * although its answer was lost): saved, not a dead end with nothing to submit. */
      finish_saved (self, pd_profile_form_get_original (self->form));
      return;
    }

  /* Rebased on their etag without overwriting anything of theirs: send again. */
  if (pd_profile_form_get_can_submit (self->form) && self->silent_resubmits < 3)
    {
      self->silent_resubmits++;
      pd_profile_form_set_busy (self->form, TRUE);
      submit_put (self);
    }
}

static void
on_abort_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdEditWindow) self = user_data;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(PdBillingProfile) aborted = NULL;
  g_autoptr(GError) error = NULL;

  server = pd_client_get_billing_profile_finish (PD_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  aborted = g_steal_pointer (&self->aborted);
  if (server == NULL)
    {
      show_error (self, error);
      return;
    }

  if (aborted == NULL || !pd_billing_profile_equal (server, aborted))
    {
      show_notice (self, _("Submitting was stopped. Nothing was changed."));
      return;
    }

  /* Stopped too late: the server took the change. */
  if (pd_billing_profile_equal (pd_profile_form_get_profile (self->form), aborted))
    {
      finish_saved (self, server);
      return;
    }

  /* The user went on editing meanwhile: the account shows what was saved, and the
   * form keeps the newer edits on top of it (and its etag). */
  {
    g_autoptr(PdBillingProfile) edits = NULL;
    PdProfileFields later;

    edits = pd_billing_profile_copy (pd_profile_form_get_profile (self->form));
    later = pd_billing_profile_diff (aborted, edits) & ~PD_PROFILE_FIELD_OTHER;

    g_signal_emit (self, signals[SAVED], 0, server);
    pd_profile_form_commit (self->form, server);
    for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
      if ((later & f) != 0)
        pd_billing_profile_set_field (pd_profile_form_get_profile (self->form), f,
                                      pd_billing_profile_get_field (edits, f));
    rebuild_conflict_rows (self);
  }
}

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdEditWindow) self = user_data;
  g_autoptr(PdBillingProfile) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = pd_client_update_billing_profile_finish (PD_CLIENT (source), result, &error);

  if (saved != NULL)
    {
      finish_saved (self, saved);
      return;
    }

  /* See on_theirs_fetched: a cancelled request leaves the busy state alone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sent);

  if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_CONFLICT))
    {
      /* Never re-submit blindly: read what is there now and let the user decide. */
      pd_client_get_billing_profile_async (self->client, pd_customer_get_id (self->customer),
                                           self->cancellable, on_theirs_fetched,
                                           g_object_ref (self));
      return;
    }

  pd_profile_form_set_busy (self->form, FALSE);
  show_field_error (self, error);
  show_error (self, error);
}

static void
submit_put (PdEditWindow *self)
{
  g_clear_object (&self->sent);
  self->sent = pd_billing_profile_copy (pd_profile_form_get_profile (self->form));
  pd_client_update_billing_profile_async (self->client, pd_customer_get_id (self->customer),
                                          pd_profile_form_get_profile (self->form),
                                          self->cancellable, on_put_done, g_object_ref (self));
}

static void
remember_checked_address (PdEditWindow *self)
{
  g_clear_object (&self->checked_address);
  if (copy_address (self) != NULL)
    self->checked_address = pd_address_copy (copy_address (self));
}

static void
on_address_validated (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdEditWindow) self = user_data;
  g_autoptr(PdAddressValidation) validation = NULL;
  g_autoptr(GPtrArray) differing = NULL;
  g_autoptr(GError) error = NULL;
  PdAddress *entered;
  GPtrArray *suggested;

  validation = pd_client_validate_address_finish (PD_CLIENT (source), result, &error);

  /* See on_theirs_fetched: a cancelled request leaves the busy state alone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  entered = copy_address (self);
  if (validation == NULL)
    {
      /* The old service form: 400 for an address it refuses. Anything else (the check
       * service is down) must not block saving: the PUT is validated by the server. */
      /* A lost session fails the PUT too: ask to sign in right away. */
      if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID)
          || is_sign_in_required (error))
        {
          pd_profile_form_set_busy (self->form, FALSE);
          show_field_error (self, error);
          show_error (self, error);
          return;
        }
      g_debug ("Address check failed, submitting anyway: %s", error->message);
      remember_checked_address (self);
      submit_put (self);
      return;
    }

  suggested = pd_address_validation_get_suggested_addresses (validation);
  differing = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < suggested->len; i++)
    if (pd_address_differs (entered, g_ptr_array_index (suggested, i)))
      g_ptr_array_add (differing, g_object_ref (g_ptr_array_index (suggested, i)));

  remember_checked_address (self);

  if (differing->len == 0)
    {
      submit_put (self);
      return;
    }

  /* Stop and ask: the user picks "You entered" or a suggestion, then submits again. */
  pd_profile_form_set_busy (self->form, FALSE);
  pd_address_choice_set_addresses (self->address_choice, entered, differing,
                                   pd_address_validation_get_message (validation));
  gtk_widget_set_visible (GTK_WIDGET (self->address_choice), TRUE);
  scroll_to_top (self);
}

static void
apply_address_choice (PdEditWindow *self)
{
  PdAddress *chosen = pd_address_choice_get_selected (self->address_choice);
  PdAddress *address = copy_address (self);

  if (pd_address_choice_get_suggestion_selected (self->address_choice) && address != NULL)
    {
      /* Country stays: the form never changes it. The state shows in the suggestion
       * the user picked, so taking it is not silent. */
      pd_address_set_address_line1 (address, pd_address_get_address_line1 (chosen));
      pd_address_set_address_line2 (address, pd_address_get_address_line2 (chosen));
      pd_address_set_city (address, pd_address_get_city (chosen));
      pd_address_set_state (address, pd_address_get_state (chosen));
      pd_address_set_postal_code (address, pd_address_get_postal_code (chosen));
    }

  remember_checked_address (self);
  gtk_widget_set_visible (GTK_WIDGET (self->address_choice), FALSE);
}

static gboolean
address_needs_check (PdEditWindow *self)
{
  PdProfileFields changed = pd_profile_form_get_changed_fields (self->form);

  if ((changed & ADDRESS_FIELDS) == 0 || copy_address (self) == NULL)
    return FALSE;

  return self->checked_address == NULL
         || pd_address_differs (self->checked_address, copy_address (self));
}

void
pd_edit_window_submit (PdEditWindow *self)
{
  g_return_if_fail (PD_IS_EDIT_WINDOW (self));

  if (!pd_profile_form_get_can_submit (self->form))
    return;

  hide_error (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->address_choice)))
    {
      apply_address_choice (self);
      /* The suggestion was the address already stored: nothing left to send. Never
       * leave the user in front of a greyed-out Submit without a word. */
      if (!pd_profile_form_get_is_dirty (self->form))
        {
          GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

          if (PD_IS_WINDOW (parent))
            pd_window_add_toast (PD_WINDOW (parent), adw_toast_new (_("No changes to submit")));
          self->close_confirmed = TRUE;
          gtk_window_close (GTK_WINDOW (self));
          return;
        }
    }
  /* The values may have changed with the choice. */
  if (!pd_profile_form_get_can_submit (self->form))
    return;

  self->silent_resubmits = 0;
  reset_cancellable (self);
  pd_profile_form_set_busy (self->form, TRUE);

  if (address_needs_check (self))
    pd_client_validate_address_async (self->client, copy_address (self), self->cancellable,
                                      on_address_validated, g_object_ref (self));
  else
    submit_put (self);
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
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  PdOpenUriFunc open_uri = NULL;
  gpointer open_uri_data = NULL;
  GtkWindow *window;

  if (!PD_IS_OAUTH_TOKEN_PROVIDER (tokens))
    return;

  if (PD_IS_WINDOW (parent))
    open_uri = pd_window_get_open_uri_func (PD_WINDOW (parent), &open_uri_data);

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
    {
      g_autoptr(PdBillingProfile) sent = g_steal_pointer (&self->sent);

      /* Abort the request; the edits stay for another try. */
      reset_cancellable (self);
      pd_profile_form_set_busy (self->form, FALSE);

      /* A PUT may reach the server although its answer never comes back: read what is
       * there rather than leave the user guessing. */
      if (sent != NULL)
        {
          g_set_object (&self->aborted, sent);
          pd_client_get_billing_profile_async (self->client, pd_customer_get_id (self->customer),
                                               self->cancellable, on_abort_checked,
                                               g_object_ref (self));
        }
      return;
    }

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
  /* The focus goes away while the window is torn down: nothing to reveal then. */
  g_signal_handlers_disconnect_by_func (self, queue_reveal_focused_error, self);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->profile_bindings != NULL)
    g_binding_group_set_source (self->profile_bindings, NULL);
  if (self->address_bindings != NULL)
    g_binding_group_set_source (self->address_bindings, NULL);
  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->address_signals != NULL)
    g_signal_group_set_target (self->address_signals, NULL);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_EDIT_WINDOW);

  g_clear_object (&self->profile_bindings);
  g_clear_object (&self->address_bindings);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->address_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->form);
  g_clear_object (&self->client);
  g_clear_object (&self->customer);
  g_clear_object (&self->checked_address);
  g_clear_object (&self->sent);
  g_clear_object (&self->aborted);
  g_clear_weak_pointer (&self->focus_before_busy);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_edit_window_parent_class)->dispose (object);
}

static void
pd_edit_window_finalize (GObject *object)
{
  PdEditWindow *self = PD_EDIT_WINDOW (object);

  g_clear_error (&self->last_error);
  g_strfreev (self->state_codes);
  g_strfreev (self->language_codes);
  g_strfreev (self->culture_codes);

  G_OBJECT_CLASS (pd_edit_window_parent_class)->finalize (object);
}

static void
pd_edit_window_class_init (PdEditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_edit_window_dispose;
  object_class->finalize = pd_edit_window_finalize;
  window_class->close_request = pd_edit_window_close_request;

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
  g_type_ensure (PD_TYPE_FORM_INFO_ROW);
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
  BIND (company_name_row);
  BIND (domain_label);
  BIND (tenant_id_label);
  BIND (first_name_row);
  BIND (last_name_row);
  BIND (email_row);
  BIND (phone_row);
  BIND (country_row);
  BIND (country_label);
  BIND (line1_row);
  BIND (line2_row);
  BIND (city_row);
  BIND (state_combo_row);
  BIND (state_row);
  BIND (postal_code_row);
  BIND (language_row);
  BIND (culture_row);
#undef BIND

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
add_error_row (PdEditWindow   *self,
               guint           index,
               PdProfileField  field,
               GtkWidget      *row)
{
  FieldRow *fr = &self->rows[index];
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *label;

  fr->field = field;
  fr->row = row;
  if (ADW_IS_ENTRY_ROW (row))
    pd_a11y_label_entry_row (ADW_ENTRY_ROW (row));

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  fr->error_label = GTK_LABEL (label);

  fr->error_row = g_object_new (PD_TYPE_FORM_ERROR_ROW, NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (fr->error_row), label);
  gtk_widget_set_visible (fr->error_row, FALSE);

  /* Right under its field, inside the same boxed list. */
  g_assert (GTK_IS_LIST_BOX (list));
  gtk_list_box_insert (GTK_LIST_BOX (list), fr->error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
}

static void
pd_edit_window_init (PdEditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->conflict_rows = g_ptr_array_new ();

  add_error_row (self, ROW_COMPANY_NAME, PD_PROFILE_FIELD_COMPANY_NAME,
                 GTK_WIDGET (self->company_name_row));
  add_error_row (self, ROW_FIRST_NAME, PD_PROFILE_FIELD_FIRST_NAME,
                 GTK_WIDGET (self->first_name_row));
  add_error_row (self, ROW_LAST_NAME, PD_PROFILE_FIELD_LAST_NAME,
                 GTK_WIDGET (self->last_name_row));
  add_error_row (self, ROW_EMAIL, PD_PROFILE_FIELD_EMAIL, GTK_WIDGET (self->email_row));
  add_error_row (self, ROW_PHONE, PD_PROFILE_FIELD_PHONE_NUMBER, GTK_WIDGET (self->phone_row));
  add_error_row (self, ROW_COUNTRY, PD_PROFILE_FIELD_COUNTRY, GTK_WIDGET (self->country_row));
  add_error_row (self, ROW_LINE1, PD_PROFILE_FIELD_ADDRESS_LINE1, GTK_WIDGET (self->line1_row));
  add_error_row (self, ROW_LINE2, PD_PROFILE_FIELD_ADDRESS_LINE2, GTK_WIDGET (self->line2_row));
  add_error_row (self, ROW_CITY, PD_PROFILE_FIELD_CITY, GTK_WIDGET (self->city_row));
  add_error_row (self, ROW_STATE, PD_PROFILE_FIELD_STATE, GTK_WIDGET (self->state_row));
  add_error_row (self, ROW_POSTAL_CODE, PD_PROFILE_FIELD_POSTAL_CODE,
                 GTK_WIDGET (self->postal_code_row));
  add_error_row (self, ROW_LANGUAGE, PD_PROFILE_FIELD_LANGUAGE, GTK_WIDGET (self->language_row));
  add_error_row (self, ROW_CULTURE, PD_PROFILE_FIELD_CULTURE, GTK_WIDGET (self->culture_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.copy-details", FALSE);

  self->profile_bindings = g_binding_group_new ();
  bind_text (self->profile_bindings, "company-name", self->company_name_row);
  bind_text (self->profile_bindings, "first-name", self->first_name_row);
  bind_text (self->profile_bindings, "last-name", self->last_name_row);
  bind_text (self->profile_bindings, "email", self->email_row);

  self->address_bindings = g_binding_group_new ();
  bind_text (self->address_bindings, "address-line1", self->line1_row);
  bind_text (self->address_bindings, "address-line2", self->line2_row);
  bind_text (self->address_bindings, "city", self->city_row);
  bind_text (self->address_bindings, "state", self->state_row);
  bind_text (self->address_bindings, "postal-code", self->postal_code_row);
  bind_text (self->address_bindings, "phone-number", self->phone_row);

  /* Drop-downs follow the copy by hand: they show names, the copy holds codes. */
  self->profile_signals = g_signal_group_new (PD_TYPE_BILLING_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify",
                                  G_CALLBACK (on_copy_changed), self);
  self->address_signals = g_signal_group_new (PD_TYPE_ADDRESS);
  g_signal_group_connect_swapped (self->address_signals, "notify::state",
                                  G_CALLBACK (sync_combos_from_profile), self);

  g_signal_connect_swapped (self, "notify::focus-widget",
                            G_CALLBACK (queue_reveal_focused_error), self);

  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
  g_signal_connect_swapped (self->culture_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
  g_signal_connect_swapped (self->state_combo_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
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
  build_combos (self);
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
  PdCompanyProfile *company;
  PdAddress *address;
  const char *country;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER (customer), NULL);
  g_return_val_if_fail (rules == NULL || PD_IS_COUNTRY_RULES (rules), NULL);

  profile = pd_customer_get_billing_profile (customer);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (PD_TYPE_EDIT_WINDOW, NULL);
  self->client = g_object_ref (client);
  self->customer = g_object_ref (customer);
  self->form = pd_profile_form_new (profile, rules);

  company = pd_customer_get_company_profile (customer);
  gtk_label_set_text (self->domain_label,
                      company != NULL && pd_company_profile_get_domain (company) != NULL
                      ? pd_company_profile_get_domain (company) : "");
  gtk_label_set_text (self->tenant_id_label,
                      company != NULL && pd_company_profile_get_tenant_id (company) != NULL
                      ? pd_company_profile_get_tenant_id (company) : pd_customer_get_id (customer));

  address = copy_address (self);
  country = address != NULL ? pd_address_get_country (address) : NULL;
  gtk_label_set_text (self->country_label, country != NULL ? pd_country_get_name (country) : "");

  g_signal_connect_swapped (self->form, "notify::profile", G_CALLBACK (on_profile_replaced), self);
  g_signal_connect_swapped (self->form, "notify::errors", G_CALLBACK (update_errors), self);
  g_signal_connect_swapped (self->form, "notify::can-submit", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->form, "notify::busy", G_CALLBACK (update_actions), self);

  on_profile_replaced (self);
  build_combos (self);
  update_errors (self);
  update_actions (self);

  if (rules == NULL && country != NULL)
    pd_client_get_country_rules_async (client, country, self->cancellable, on_rules_loaded,
                                       g_object_ref (self));

  /* The first field takes the focus: typing starts right away. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->company_name_row));

  return self;
}

PdProfileForm *
pd_edit_window_get_form (PdEditWindow *self)
{
  g_return_val_if_fail (PD_IS_EDIT_WINDOW (self), NULL);

  return self->form;
}
