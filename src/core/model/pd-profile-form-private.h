/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-form-private.h: the form model's state, shared by the form (pd-profile-form.c)
 * and its conflict handling (pd-profile-form-conflict.c). */
#pragma once

#include "pd-profile-form.h"

G_BEGIN_DECLS

struct _PdProfileForm
{
  GObject           parent_instance;

  PdBillingProfile *original;
  PdBillingProfile *copy;
  PdCountryRules   *rules;

  /* Watch the copy and its address: the address object may be replaced. */
  GSignalGroup     *profile_signals;
  GSignalGroup     *address_signals;

  GHashTable       *errors;
  /* What the server refused, by field, and the value it refused: the message holds until
   * that value changes (not on any notify, which may repeat the same value). */
  GHashTable       *server_errors; /* PdProfileField → message */
  GHashTable       *server_values; /* PdProfileField → value sent (NULL for none) */
  gboolean          is_dirty;
  gboolean          is_valid;
  gboolean          busy;
  gboolean          can_submit;

  /* Conflict state: @theirs as read after the refusal, @mine the copy as it was then. */
  PdBillingProfile *theirs;
  PdBillingProfile *mine;
  PdProfileFields   conflict_fields;
  PdProfileFields   both_changed_fields;
  GHashTable       *choices; /* PdProfileField → PdConflictChoice */
};

/* pd-profile-form.c */

/* Makes @original (as it is) the base and @copy (as it is) the working copy, then
 * recomputes errors, dirty, valid and can-submit. */
void pd_profile_form_rebase               (PdProfileForm    *self,
                                           PdBillingProfile *original,
                                           PdBillingProfile *copy);
/* Recomputes "can-submit" (after a choice, or when the conflict goes). */
void pd_profile_form_update_can_submit    (PdProfileForm    *self);
/* Tells "has-conflict" (when @has_conflict_changed) and "conflict-changed". */
void pd_profile_form_emit_conflict_changed (PdProfileForm   *self,
                                            gboolean         has_conflict_changed);

/* pd-profile-form-conflict.c */

/* Forgets the conflict and its choices, telling whoever listens when there was one. */
void pd_profile_form_drop_conflict        (PdProfileForm    *self);

G_END_DECLS
