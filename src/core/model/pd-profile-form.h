/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-form.h: the edit form's model: a working copy, dirty/valid state, conflicts. */
#pragma once

#include <glib-object.h>

#include "pd-billing-profile.h"
#include "pd-country-rules.h"
#include "pd-profile-field.h"

G_BEGIN_DECLS

/**
 * PdConflictChoice:
 * @PD_CONFLICT_CHOICE_NONE: the user has not decided yet
 * @PD_CONFLICT_CHOICE_MINE: keep the value the user typed
 * @PD_CONFLICT_CHOICE_THEIRS: take the value someone else saved
 */
typedef enum
{
  PD_CONFLICT_CHOICE_NONE,
  PD_CONFLICT_CHOICE_MINE,
  PD_CONFLICT_CHOICE_THEIRS,
} PdConflictChoice;

/* The fields the form shows and edits, in the order of the form. */
#define PD_PROFILE_FORM_FIELDS (PD_PROFILE_FIELD_COMPANY_NAME | PD_PROFILE_FIELD_FIRST_NAME | \
                                PD_PROFILE_FIELD_LAST_NAME | PD_PROFILE_FIELD_EMAIL | \
                                PD_PROFILE_FIELD_PHONE_NUMBER | PD_PROFILE_FIELD_ADDRESS_LINE1 | \
                                PD_PROFILE_FIELD_ADDRESS_LINE2 | PD_PROFILE_FIELD_CITY | \
                                PD_PROFILE_FIELD_STATE | PD_PROFILE_FIELD_POSTAL_CODE | \
                                PD_PROFILE_FIELD_LANGUAGE | PD_PROFILE_FIELD_CULTURE)

#define PD_TYPE_PROFILE_FORM (pd_profile_form_get_type ())

G_DECLARE_FINAL_TYPE (PdProfileForm, pd_profile_form, PD, PROFILE_FORM, GObject)

/* @original: the profile as read when Edit began (its etag is the one the PUT sends);
 * @rules: (nullable): the country's rules, may be set later. */
PdProfileForm    *pd_profile_form_new                 (PdBillingProfile *original,
                                                       PdCountryRules   *rules);

/* Returns: (transfer none): the profile as read (or as last saved / rebased on a conflict). */
PdBillingProfile *pd_profile_form_get_original        (PdProfileForm    *self);
/* Returns: (transfer none): the working copy the rows bind to ("profile"). */
PdBillingProfile *pd_profile_form_get_profile         (PdProfileForm    *self);
/* Returns: (nullable) (transfer none) */
PdCountryRules   *pd_profile_form_get_rules           (PdProfileForm    *self);
void              pd_profile_form_set_rules           (PdProfileForm    *self,
                                                       PdCountryRules   *rules);
/* The etag the next PUT sends as If-Match. */
const char       *pd_profile_form_get_etag            (PdProfileForm    *self);

gboolean          pd_profile_form_get_is_dirty        (PdProfileForm    *self);
gboolean          pd_profile_form_get_is_valid        (PdProfileForm    *self);
/* TRUE when dirty, valid, not busy and every conflict has a choice. */
gboolean          pd_profile_form_get_can_submit      (PdProfileForm    *self);
gboolean          pd_profile_form_get_busy            (PdProfileForm    *self);
void              pd_profile_form_set_busy            (PdProfileForm    *self,
                                                       gboolean          busy);
/* Fields of the copy that differ from the original. */
PdProfileFields   pd_profile_form_get_changed_fields  (PdProfileForm    *self);

/* Returns: (transfer none) (element-type PdProfileField utf8): from pd_profile_check,
 * plus the server's refusals (pd_profile_form_set_server_error), recomputed on every
 * change of the copy ("errors", notified when it changes). "is-valid" counts only the
 * client's checks. */
GHashTable       *pd_profile_form_get_errors          (PdProfileForm    *self);
/* Returns: (nullable): the translated problem with @field. */
const char       *pd_profile_form_get_error           (PdProfileForm    *self,
                                                       PdProfileField    field);

/* The form field a 400 from the server names (its description's JSON path, any case;
 * code 600051 → phone), or PD_PROFILE_FIELD_NONE. */
PdProfileField    pd_profile_form_field_from_error    (const GError     *error);
/* Shows the server's @message at @field until the user changes that field or a save
 * succeeds; NULL @message forgets it. */
void              pd_profile_form_set_server_error    (PdProfileForm    *self,
                                                       PdProfileField    field,
                                                       const char       *message);
void              pd_profile_form_clear_server_errors (PdProfileForm    *self);

/* The save succeeded: @saved (the server's answer) becomes the original and the copy. */
void              pd_profile_form_commit              (PdProfileForm    *self,
                                                       PdBillingProfile *saved);

/* The PUT was refused as stale: @theirs is the profile as it is now on the server.
 * The copy is rebased on @theirs (its etag, its unknown fields), keeping the user's edits;
 * fields only they changed take their value, fields both changed keep the user's value
 * until pd_profile_form_resolve() picks one (can-submit stays FALSE until then). */
void              pd_profile_form_set_conflict        (PdProfileForm    *self,
                                                       PdBillingProfile *theirs);
gboolean          pd_profile_form_get_has_conflict    (PdProfileForm    *self);
/* Returns: (nullable) (transfer none) */
PdBillingProfile *pd_profile_form_get_theirs          (PdProfileForm    *self);
/* Form fields someone else changed (shown as conflict rows). */
PdProfileFields   pd_profile_form_get_conflict_fields (PdProfileForm    *self);
/* Of those, the ones the user changed too, to a different value. */
PdProfileFields   pd_profile_form_get_both_changed_fields (PdProfileForm *self);
/* Conflict fields without a choice yet. */
PdProfileFields   pd_profile_form_get_unresolved_fields (PdProfileForm  *self);
/* The user's value for @field when the conflict arrived. */
const char       *pd_profile_form_get_mine_value      (PdProfileForm    *self,
                                                       PdProfileField    field);
const char       *pd_profile_form_get_theirs_value    (PdProfileForm    *self,
                                                       PdProfileField    field);
PdConflictChoice  pd_profile_form_get_choice          (PdProfileForm    *self,
                                                       PdProfileField    field);
/* Sets the copy's @field to the user's or their value and records the choice. */
void              pd_profile_form_resolve             (PdProfileForm    *self,
                                                       PdProfileField    field,
                                                       PdConflictChoice  choice);
/* Forgets the conflict (the rows go away); the rebased copy and etag stay. */
void              pd_profile_form_clear_conflict      (PdProfileForm    *self);

G_END_DECLS
