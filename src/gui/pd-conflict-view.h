/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-conflict-view.h: the fields someone else changed while the user edited, one row each. */
#pragma once

#include <adwaita.h>

#include "pd-profile-form.h"

G_BEGIN_DECLS

#define PD_TYPE_CONFLICT_VIEW (pd_conflict_view_get_type ())

G_DECLARE_FINAL_TYPE (PdConflictView, pd_conflict_view, PD, CONFLICT_VIEW, AdwPreferencesGroup)

/* The form whose conflict the view shows (once, before the first update). */
void     pd_conflict_view_set_form (PdConflictView *self,
                                    PdProfileForm  *form);
/* Rebuilds the rows from the form's conflict fields and shows the view when there are
 * any. Returns: whether the view is shown. */
gboolean pd_conflict_view_update   (PdConflictView *self);
/* Puts the keyboard focus on the first choice the user still has to make (or the first
 * row's): after a conflict the keyboard is where the work is. */
void     pd_conflict_view_focus_first_choice (PdConflictView *self);

G_END_DECLS
