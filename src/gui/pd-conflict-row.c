/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-conflict-row.c: one field someone else changed: their value beside the user's, and a choice. */

#include "config.h"

#define G_LOG_DOMAIN "pd-conflict-row"

#include <glib/gi18n.h>

#include "pd-conflict-row.h"
#include "pd-edit-form.h"
#include "pd-resources.h"

struct _PdConflictRow
{
  AdwActionRow     parent_instance;

  GtkToggleButton *mine_button;
  GtkToggleButton *theirs_button;
  GtkWidget       *undecided_icon;

  PdProfileForm   *form;
  PdProfileField   field;
  gulong           conflict_handler;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (PdConflictRow, pd_conflict_row, ADW_TYPE_ACTION_ROW)

/* Returns: (transfer full) */
static char *
display_value (PdConflictRow *self,
               const char    *value)
{
  PdProfileField field = self->field;

  if (value == NULL || *value == '\0')
    /* Translators: shown in a conflict for a field that has no value */
    return g_strdup (_("(empty)"));

  /* As the form's drop-down shows it: a name, not a code. */
  if (field == PD_PROFILE_FIELD_LANGUAGE)
    return g_strdup (pd_language_get_name (value));
  if (field == PD_PROFILE_FIELD_CULTURE)
    return pd_culture_get_name (value);
  if (field == PD_PROFILE_FIELD_STATE)
    {
      PdCountryRules *rules = pd_profile_form_get_rules (self->form);
      const char * const *states = rules != NULL ? pd_country_rules_get_states (rules) : NULL;
      PdBillingProfile *profile = pd_profile_form_get_profile (self->form);
      PdAddress *address = pd_billing_profile_get_default_address (profile);

      /* The form shows a drop-down of names when the country lists its states. */
      if (states != NULL && states[0] != NULL && address != NULL
          && pd_address_get_country (address) != NULL)
        return g_strdup (pd_country_rules_get_state_name (pd_address_get_country (address),
                                                          value));
    }

  return g_strdup (value);
}

static void
sync_from_form (PdConflictRow *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *mine = NULL;
  PdConflictChoice choice;

  if (self->form == NULL || !pd_profile_form_get_has_conflict (self->form))
    return;

  /* Translators: a conflict between an edit and a change someone else saved;
   * %1$s is their value, %2$s the user's */
  theirs = display_value (self, pd_profile_form_get_theirs_value (self->form, self->field));
  mine = display_value (self, pd_profile_form_get_mine_value (self->form, self->field));
  subtitle = g_strdup_printf (_("Theirs: %1$s\nYours: %2$s"), theirs, mine);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);

  choice = pd_profile_form_get_choice (self->form, self->field);
  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->mine_button, choice == PD_CONFLICT_CHOICE_MINE);
  gtk_toggle_button_set_active (self->theirs_button, choice == PD_CONFLICT_CHOICE_THEIRS);
  self->syncing = FALSE;

  gtk_widget_set_visible (self->undecided_icon, choice == PD_CONFLICT_CHOICE_NONE);
}

static void
on_mine_toggled (PdConflictRow *self)
{
  if (!self->syncing && gtk_toggle_button_get_active (self->mine_button))
    pd_conflict_row_choose (self, PD_CONFLICT_CHOICE_MINE);
}

static void
on_theirs_toggled (PdConflictRow *self)
{
  if (!self->syncing && gtk_toggle_button_get_active (self->theirs_button))
    pd_conflict_row_choose (self, PD_CONFLICT_CHOICE_THEIRS);
}

static void
pd_conflict_row_dispose (GObject *object)
{
  PdConflictRow *self = PD_CONFLICT_ROW (object);

  if (self->form != NULL)
    g_clear_signal_handler (&self->conflict_handler, self->form);
  g_clear_object (&self->form);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CONFLICT_ROW);

  G_OBJECT_CLASS (pd_conflict_row_parent_class)->dispose (object);
}

static void
pd_conflict_row_class_init (PdConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_conflict_row_dispose;

  /* Pulls the resource object out of the static library (its constructor registers it). */
  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdConflictRow, mine_button);
  gtk_widget_class_bind_template_child (widget_class, PdConflictRow, theirs_button);
  gtk_widget_class_bind_template_child (widget_class, PdConflictRow, undecided_icon);
  gtk_widget_class_bind_template_callback (widget_class, on_mine_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_theirs_toggled);
}

static void
pd_conflict_row_init (PdConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_conflict_row_new:
 * @form: the form in conflict
 * @field: a field of pd_profile_form_get_conflict_fields()
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
pd_conflict_row_new (PdProfileForm  *form,
                     PdProfileField  field)
{
  PdConflictRow *self;

  g_return_val_if_fail (PD_IS_PROFILE_FORM (form), NULL);

  self = g_object_new (PD_TYPE_CONFLICT_ROW, NULL);
  self->form = g_object_ref (form);
  self->field = field;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), pd_profile_field_get_title (field));
  self->conflict_handler = g_signal_connect_object (form, "conflict-changed",
                                                    G_CALLBACK (sync_from_form), self,
                                                    G_CONNECT_SWAPPED);
  sync_from_form (self);

  return GTK_WIDGET (self);
}

PdProfileField
pd_conflict_row_get_field (PdConflictRow *self)
{
  g_return_val_if_fail (PD_IS_CONFLICT_ROW (self), PD_PROFILE_FIELD_NONE);

  return self->field;
}

void
pd_conflict_row_choose (PdConflictRow    *self,
                        PdConflictChoice  choice)
{
  g_return_if_fail (PD_IS_CONFLICT_ROW (self));

  if (self->form != NULL)
    pd_profile_form_resolve (self->form, self->field, choice);
}

void
pd_conflict_row_focus_choice (PdConflictRow *self)
{
  g_return_if_fail (PD_IS_CONFLICT_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->mine_button));
}
