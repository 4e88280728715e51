/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-conflict-row.h: one field someone else changed: their value beside the user's, and a choice. */
#pragma once

#include <adwaita.h>

#include "pd-profile-form.h"

G_BEGIN_DECLS

#define PD_TYPE_CONFLICT_ROW (pd_conflict_row_get_type ())

G_DECLARE_FINAL_TYPE (PdConflictRow, pd_conflict_row, PD, CONFLICT_ROW, AdwActionRow)

GtkWidget      *pd_conflict_row_new       (PdProfileForm  *form,
                                           PdProfileField  field);
PdProfileField  pd_conflict_row_get_field (PdConflictRow  *self);
/* The same as clicking "Keep Mine" / "Use Theirs". */
/* Puts the keyboard focus on the row's choice ("Keep Mine"), as on the first choice to make. */
void            pd_conflict_row_focus_choice (PdConflictRow *self);
void            pd_conflict_row_choose    (PdConflictRow  *self,
                                           PdConflictChoice choice);

G_END_DECLS
