/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-form.c: the edit form's inputs, bound to a PdProfileForm's working copy. */

#include "config.h"

#define G_LOG_DOMAIN "pd-edit-form"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-edit-form.h"
#include "pd-form-choices.h"
#include "pd-form-rows.h"
#include "pd-core.h"
#include "pd-resources.h"

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
  ROW_LINE3,
  ROW_CITY,
  ROW_STATE,
  ROW_REGION,
  ROW_POSTAL_CODE,
  ROW_LANGUAGE,
  ROW_CULTURE,
  N_ROWS
};

struct _PdEditForm
{
  GtkWidget        parent_instance;

  /* template */
  AdwEntryRow     *company_name_row;
  GtkLabel        *domain_label;
  GtkLabel        *tenant_id_label;
  GtkLabel        *relationship_label;
  AdwEntryRow     *first_name_row;
  AdwEntryRow     *last_name_row;
  AdwEntryRow     *email_row;
  AdwEntryRow     *phone_row;
  AdwActionRow    *country_row;
  GtkLabel        *country_label;
  AdwEntryRow     *line1_row;
  AdwEntryRow     *line2_row;
  AdwEntryRow     *line3_row;
  AdwEntryRow     *city_row;
  AdwComboRow     *state_combo_row;
  AdwEntryRow     *state_row;
  AdwEntryRow     *region_row;
  AdwEntryRow     *postal_code_row;
  AdwComboRow     *language_row;
  AdwComboRow     *culture_row;

  PdProfileForm   *form;
  GBindingGroup   *profile_bindings;
  GBindingGroup   *address_bindings;
  GSignalGroup    *profile_signals;
  GSignalGroup    *address_signals;

  FieldRow         rows[N_ROWS];
  GStrv            state_codes;
  GStrv            language_codes;
  GStrv            culture_codes;
  gulong           focus_handler;  /* on the root's focus-widget */
  guint            reveal_source;
  gboolean         syncing_combos;
  /* Rows shown for a value the address holds stay, even when the user empties them. */
  gboolean         show_line3;
  gboolean         show_state_entry;
  gboolean         show_region;
};

G_DEFINE_FINAL_TYPE (PdEditForm, pd_edit_form, GTK_TYPE_WIDGET)

static void queue_reveal_focused_error (PdEditForm *self);

static PdAddress *
copy_address (PdEditForm *self)
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
sync_combos_from_profile (PdEditForm *self)
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
                 char      *(*display) (const char *code, gpointer data),
                 gpointer     data)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_take (list, display (codes[i], data));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static char *
display_language (const char *code,
                  gpointer    data)
{
  return g_strdup (pd_language_get_name (code));
}

static char *
display_culture (const char *code,
                 gpointer    data)
{
  return pd_culture_get_name (code);
}

static char *
display_state (const char *code,
               gpointer    data)
{
  if (*code == '\0')
    /* Translators: no state / province selected */
    return g_strdup (C_("state", "None"));

  return g_strdup (pd_country_rules_get_state_name (data, code));
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Which free-text rows of the address show. Every value the account page shows has a
 * visible row: a country without a states list keeps its province or oblast in
 * "region" (Russia: «Новосибирская область»), and China has both a state and a region.
 * "state" is a code of at most two letters: its entry shows only when the country
 * wants one without listing them, or the address holds one. */
static void
update_address_rows (PdEditForm *self)
{
  PdCountryRules *rules = pd_profile_form_get_rules (self->form);
  PdAddress *address = copy_address (self);
  gboolean listed = self->state_codes != NULL;

  if (address != NULL)
    {
      self->show_line3 |= has_text (pd_address_get_address_line3 (address));
      self->show_region |= has_text (pd_address_get_region (address));
      self->show_state_entry |= !listed && has_text (pd_address_get_state (address));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->line3_row), self->show_line3);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), !listed || self->show_region);
  gtk_widget_set_visible (GTK_WIDGET (self->state_row),
                          !listed && (self->show_state_entry
                                      || (rules != NULL
                                          && pd_country_rules_get_is_state_required (rules))));
}

/* (Re)builds the drop-downs from the country's lists; before the rules arrive they
 * hold just the current values. */
static void
build_combos (PdEditForm *self)
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

  self->syncing_combos = FALSE;
  sync_combos_from_profile (self);
  update_address_rows (self);
}

static void
on_combo_selected (PdEditForm   *self,
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
update_errors (PdEditForm *self)
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
  PdEditForm *self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = NULL;
  GtkAdjustment *adjustment;

  self->reveal_source = 0;

  if (scrolled != NULL)
    content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (self->form == NULL || focus == NULL || content == NULL)
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
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
queue_reveal_focused_error (PdEditForm *self)
{
  /* Low priority: after the new message row has its size and place. */
  if (self->reveal_source == 0)
    self->reveal_source = g_idle_add_full (G_PRIORITY_LOW, reveal_focused_error,
                                           g_object_ref (self), g_object_unref);
}

static void
on_profile_replaced (PdEditForm *self)
{
  PdBillingProfile *copy = pd_profile_form_get_profile (self->form);

  g_binding_group_set_source (self->profile_bindings, copy);
  g_binding_group_set_source (self->address_bindings, copy_address (self));
  g_signal_group_set_target (self->profile_signals, copy);
  g_signal_group_set_target (self->address_signals, copy_address (self));
  sync_combos_from_profile (self);
}

static void
on_copy_changed (PdEditForm *self)
{
  /* The address object may have been replaced. */
  g_binding_group_set_source (self->address_bindings, copy_address (self));
  g_signal_group_set_target (self->address_signals, copy_address (self));
  sync_combos_from_profile (self);
}

/* The focus moves inside the window without leaving the form: only the root tells. */
static void
pd_edit_form_root (GtkWidget *widget)
{
  PdEditForm *self = PD_EDIT_FORM (widget);

  GTK_WIDGET_CLASS (pd_edit_form_parent_class)->root (widget);

  self->focus_handler = g_signal_connect_swapped (gtk_widget_get_root (widget),
                                                  "notify::focus-widget",
                                                  G_CALLBACK (queue_reveal_focused_error),
                                                  self);
}

static void
pd_edit_form_unroot (GtkWidget *widget)
{
  PdEditForm *self = PD_EDIT_FORM (widget);

  /* The focus goes away while the window is torn down: nothing to reveal then. */
  g_clear_signal_handler (&self->focus_handler, gtk_widget_get_root (widget));
  g_clear_handle_id (&self->reveal_source, g_source_remove);

  GTK_WIDGET_CLASS (pd_edit_form_parent_class)->unroot (widget);
}

static void
pd_edit_form_dispose (GObject *object)
{
  PdEditForm *self = PD_EDIT_FORM (object);

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

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_EDIT_FORM);
  /* The groups' box is the template's root, not a bound child: it goes by hand. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);

  g_clear_object (&self->profile_bindings);
  g_clear_object (&self->address_bindings);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->address_signals);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (pd_edit_form_parent_class)->dispose (object);
}

static void
pd_edit_form_finalize (GObject *object)
{
  PdEditForm *self = PD_EDIT_FORM (object);

  g_strfreev (self->state_codes);
  g_strfreev (self->language_codes);
  g_strfreev (self->culture_codes);

  G_OBJECT_CLASS (pd_edit_form_parent_class)->finalize (object);
}

static void
pd_edit_form_class_init (PdEditFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_edit_form_dispose;
  object_class->finalize = pd_edit_form_finalize;
  widget_class->root = pd_edit_form_root;
  widget_class->unroot = pd_edit_form_unroot;

  g_type_ensure (PD_TYPE_FORM_INFO_ROW);
  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-edit-form.ui");
  /* The inputs are internal children: the window's template names them as its own. */
#define BIND(name) gtk_widget_class_bind_template_child_internal (widget_class, PdEditForm, name)
  BIND (company_name_row);
  BIND (first_name_row);
  BIND (last_name_row);
  BIND (email_row);
  BIND (phone_row);
  BIND (country_row);
  BIND (line1_row);
  BIND (line2_row);
  BIND (line3_row);
  BIND (city_row);
  BIND (state_combo_row);
  BIND (state_row);
  BIND (region_row);
  BIND (postal_code_row);
  BIND (language_row);
  BIND (culture_row);
#undef BIND
  gtk_widget_class_bind_template_child (widget_class, PdEditForm, domain_label);
  gtk_widget_class_bind_template_child (widget_class, PdEditForm, tenant_id_label);
  gtk_widget_class_bind_template_child (widget_class, PdEditForm, relationship_label);
  gtk_widget_class_bind_template_child (widget_class, PdEditForm, country_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
add_error_row (PdEditForm     *self,
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

  fr->error_row = pd_form_error_row_new (label);

  /* Right under its field, inside the same boxed list. */
  g_assert (GTK_IS_LIST_BOX (list));
  gtk_list_box_insert (GTK_LIST_BOX (list), fr->error_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
}

static void
pd_edit_form_init (PdEditForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  add_error_row (self, ROW_LINE3, PD_PROFILE_FIELD_ADDRESS_LINE3, GTK_WIDGET (self->line3_row));
  add_error_row (self, ROW_CITY, PD_PROFILE_FIELD_CITY, GTK_WIDGET (self->city_row));
  add_error_row (self, ROW_STATE, PD_PROFILE_FIELD_STATE, GTK_WIDGET (self->state_row));
  add_error_row (self, ROW_REGION, PD_PROFILE_FIELD_REGION, GTK_WIDGET (self->region_row));
  add_error_row (self, ROW_POSTAL_CODE, PD_PROFILE_FIELD_POSTAL_CODE,
                 GTK_WIDGET (self->postal_code_row));
  add_error_row (self, ROW_LANGUAGE, PD_PROFILE_FIELD_LANGUAGE, GTK_WIDGET (self->language_row));
  add_error_row (self, ROW_CULTURE, PD_PROFILE_FIELD_CULTURE, GTK_WIDGET (self->culture_row));

  self->profile_bindings = g_binding_group_new ();
  bind_text (self->profile_bindings, "company-name", self->company_name_row);
  bind_text (self->profile_bindings, "first-name", self->first_name_row);
  bind_text (self->profile_bindings, "last-name", self->last_name_row);
  bind_text (self->profile_bindings, "email", self->email_row);

  self->address_bindings = g_binding_group_new ();
  bind_text (self->address_bindings, "address-line1", self->line1_row);
  bind_text (self->address_bindings, "address-line2", self->line2_row);
  bind_text (self->address_bindings, "address-line3", self->line3_row);
  bind_text (self->address_bindings, "city", self->city_row);
  bind_text (self->address_bindings, "state", self->state_row);
  bind_text (self->address_bindings, "region", self->region_row);
  bind_text (self->address_bindings, "postal-code", self->postal_code_row);
  bind_text (self->address_bindings, "phone-number", self->phone_row);

  /* Drop-downs follow the copy by hand: they show names, the copy holds codes. */
  self->profile_signals = g_signal_group_new (PD_TYPE_BILLING_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify",
                                  G_CALLBACK (on_copy_changed), self);
  self->address_signals = g_signal_group_new (PD_TYPE_ADDRESS);
  g_signal_group_connect_swapped (self->address_signals, "notify::state",
                                  G_CALLBACK (sync_combos_from_profile), self);

  pd_combo_row_show_full_names (self->language_row);
  pd_combo_row_show_full_names (self->culture_row);
  pd_combo_row_show_full_names (self->state_combo_row);
  g_signal_connect_swapped (self->language_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
  g_signal_connect_swapped (self->culture_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
  g_signal_connect_swapped (self->state_combo_row, "notify::selected",
                            G_CALLBACK (on_combo_selected), self);
}

void
pd_edit_form_bind (PdEditForm    *self,
                   PdProfileForm *form,
                   PdCustomer    *customer)
{
  PdCompanyProfile *company;
  PdAddress *address;
  const char *country;

  g_return_if_fail (PD_IS_EDIT_FORM (self));
  g_return_if_fail (PD_IS_PROFILE_FORM (form));
  g_return_if_fail (PD_IS_CUSTOMER (customer));
  g_return_if_fail (self->form == NULL);

  self->form = g_object_ref (form);

  company = pd_customer_get_company_profile (customer);
  gtk_label_set_text (self->domain_label,
                      company != NULL && pd_company_profile_get_domain (company) != NULL
                      ? pd_company_profile_get_domain (company) : "");
  gtk_label_set_text (self->tenant_id_label,
                      company != NULL && pd_company_profile_get_tenant_id (company) != NULL
                      ? pd_company_profile_get_tenant_id (company) : pd_customer_get_id (customer));
  gtk_label_set_text (self->relationship_label,
                      pd_customer_get_relationship_title (customer) != NULL
                      ? pd_customer_get_relationship_title (customer) : "");

  address = copy_address (self);
  country = address != NULL ? pd_address_get_country (address) : NULL;
  gtk_label_set_text (self->country_label, country != NULL ? pd_country_get_name (country) : "");

  g_signal_connect_swapped (form, "notify::profile", G_CALLBACK (on_profile_replaced), self);
  g_signal_connect_swapped (form, "notify::errors", G_CALLBACK (update_errors), self);

  on_profile_replaced (self);
  build_combos (self);
  update_errors (self);
}

void
pd_edit_form_update_choices (PdEditForm *self)
{
  g_return_if_fail (PD_IS_EDIT_FORM (self));
  g_return_if_fail (self->form != NULL);

  build_combos (self);
}

void
pd_edit_form_focus_first (PdEditForm *self)
{
  g_return_if_fail (PD_IS_EDIT_FORM (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->company_name_row));
}
