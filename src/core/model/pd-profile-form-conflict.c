/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-form-conflict.c: the form model when a save was refused as stale: the rebase on
 * the server's profile, the fields in conflict and the user's choice for each. */

#include "config.h"

#define G_LOG_DOMAIN "pd-profile-form"

#include "pd-profile-form-private.h"

static PdProfileFields
unresolved_fields (PdProfileForm *self)
{
  PdProfileFields unresolved = 0;

  for (guint f = PD_PROFILE_FIELD_FIRST; f <= PD_PROFILE_FIELD_LAST; f <<= 1)
    {
      if ((self->conflict_fields & f) == 0)
        continue;
      if (GPOINTER_TO_UINT (g_hash_table_lookup (self->choices, GUINT_TO_POINTER (f)))
          == PD_CONFLICT_CHOICE_NONE)
        unresolved |= f;
    }

  return unresolved;
}

void
pd_profile_form_drop_conflict (PdProfileForm *self)
{
  gboolean had_conflict = self->theirs != NULL;

  g_clear_object (&self->theirs);
  g_clear_object (&self->mine);
  self->conflict_fields = 0;
  self->both_changed_fields = 0;
  g_hash_table_remove_all (self->choices);

  if (had_conflict)
    pd_profile_form_emit_conflict_changed (self, TRUE);
}

/**
 * pd_profile_form_set_conflict:
 * @self: the form
 * @theirs: the profile as the server holds it now, with its etag
 *
 * Rebases the user's edits on @theirs. Nothing the other writer saved is dropped
 * without a row saying so: every field they changed becomes a conflict field.
 */
void
pd_profile_form_set_conflict (PdProfileForm    *self,
                              PdBillingProfile *theirs)
{
  g_autoptr(PdBillingProfile) rebased = NULL;
  g_autoptr(PdBillingProfile) new_original = NULL;
  PdProfileFields mine_changed, theirs_changed, mine_vs_theirs;
  gboolean had_conflict = self->theirs != NULL;

  g_return_if_fail (PD_IS_PROFILE_FORM (self));
  g_return_if_fail (PD_IS_BILLING_PROFILE (theirs));

  /* A second conflict while the first is open: the current copy is "mine". */
  g_clear_object (&self->mine);
  g_clear_object (&self->theirs);
  g_hash_table_remove_all (self->choices);

  self->mine = pd_billing_profile_copy (self->copy);
  self->theirs = pd_billing_profile_copy (theirs);

  mine_changed = pd_billing_profile_diff (self->original, self->mine) & ~PD_PROFILE_FIELD_OTHER;
  theirs_changed = pd_billing_profile_diff (self->original, self->theirs);
  mine_vs_theirs = pd_billing_profile_diff (self->mine, self->theirs);

  /* Fields the app doesn't model can't be shown or chosen: theirs win (the rebase).
   * A field where theirs already equals the user's value is no conflict: there is
   * nothing to choose (e.g. our own PUT landed although its answer was lost). */
  self->conflict_fields = theirs_changed & mine_vs_theirs & ~PD_PROFILE_FIELD_OTHER;
  self->both_changed_fields = self->conflict_fields & mine_changed & mine_vs_theirs;

  /* Start from theirs (their etag, their unknown members), then put the user's
   * edits back on top. */
  rebased = pd_billing_profile_copy (self->theirs);
  for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
    {
      PdConflictChoice choice;

      if ((mine_changed & f) != 0 && (self->both_changed_fields & f) != 0)
        {
          /* The user's value stays in the field until they pick. */
          pd_billing_profile_set_field (rebased, f,
                                        pd_billing_profile_get_field (self->mine, f));
          choice = PD_CONFLICT_CHOICE_NONE;
        }
      else if ((mine_changed & f) != 0 && (theirs_changed & f) == 0)
        {
          pd_billing_profile_set_field (rebased, f,
                                        pd_billing_profile_get_field (self->mine, f));
          continue;
        }
      else if ((self->conflict_fields & f) != 0)
        /* Only they changed it: their value is shown in the field and in a row the
         * user can flip. */
        choice = PD_CONFLICT_CHOICE_THEIRS;
      else
        continue;

      g_hash_table_insert (self->choices, GUINT_TO_POINTER (f), GUINT_TO_POINTER (choice));
    }

  new_original = pd_billing_profile_copy (self->theirs);

  if (self->conflict_fields == 0)
    {
      /* Nothing to show or choose: just rebase on their etag, silently. */
      g_clear_object (&self->theirs);
      g_clear_object (&self->mine);
      self->both_changed_fields = 0;
      g_hash_table_remove_all (self->choices);
    }

  pd_profile_form_rebase (self, new_original, rebased);

  if (had_conflict || self->theirs != NULL)
    pd_profile_form_emit_conflict_changed (self, had_conflict != (self->theirs != NULL));
}

gboolean
pd_profile_form_get_has_conflict (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), FALSE);

  return self->theirs != NULL;
}

PdBillingProfile *
pd_profile_form_get_theirs (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return self->theirs;
}

PdProfileFields
pd_profile_form_get_conflict_fields (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), 0);

  return self->conflict_fields;
}

PdProfileFields
pd_profile_form_get_both_changed_fields (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), 0);

  return self->both_changed_fields;
}

PdProfileFields
pd_profile_form_get_unresolved_fields (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), 0);

  return unresolved_fields (self);
}

const char *
pd_profile_form_get_mine_value (PdProfileForm  *self,
                                PdProfileField  field)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  if (self->mine == NULL)
    return NULL;

  return pd_billing_profile_get_field (self->mine, field);
}

const char *
pd_profile_form_get_theirs_value (PdProfileForm  *self,
                                  PdProfileField  field)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  if (self->theirs == NULL)
    return NULL;

  return pd_billing_profile_get_field (self->theirs, field);
}

PdConflictChoice
pd_profile_form_get_choice (PdProfileForm  *self,
                            PdProfileField  field)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), PD_CONFLICT_CHOICE_NONE);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->choices, GUINT_TO_POINTER (field)));
}

void
pd_profile_form_resolve (PdProfileForm    *self,
                         PdProfileField    field,
                         PdConflictChoice  choice)
{
  PdBillingProfile *source;

  g_return_if_fail (PD_IS_PROFILE_FORM (self));
  g_return_if_fail (choice == PD_CONFLICT_CHOICE_MINE || choice == PD_CONFLICT_CHOICE_THEIRS);

  if ((self->conflict_fields & field) == 0)
    return;

  source = choice == PD_CONFLICT_CHOICE_MINE ? self->mine : self->theirs;
  g_hash_table_insert (self->choices, GUINT_TO_POINTER (field), GUINT_TO_POINTER (choice));
  /* Notifies the copy, which recomputes dirty/valid/can-submit. */
  pd_billing_profile_set_field (self->copy, field, pd_billing_profile_get_field (source, field));
  pd_profile_form_update_can_submit (self);

  pd_profile_form_emit_conflict_changed (self, FALSE);
}

void
pd_profile_form_clear_conflict (PdProfileForm *self)
{
  g_return_if_fail (PD_IS_PROFILE_FORM (self));

  pd_profile_form_drop_conflict (self);
  pd_profile_form_update_can_submit (self);
}
