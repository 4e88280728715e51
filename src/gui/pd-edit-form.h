/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-form.h: the edit form's inputs, bound to a PdProfileForm's working copy. */
#pragma once

#include <adwaita.h>

#include "pd-customer.h"
#include "pd-form-choices.h"
#include "pd-profile-form.h"

G_BEGIN_DECLS

#define PD_TYPE_EDIT_FORM (pd_edit_form_get_type ())

G_DECLARE_FINAL_TYPE (PdEditForm, pd_edit_form, PD, EDIT_FORM, GtkWidget)

/* Shows @customer's values the form does not edit (domain, Microsoft ID, relationship,
 * country) and binds the inputs to @form's working copy, with each problem under its
 * field. Once. */
void        pd_edit_form_bind            (PdEditForm    *self,
                                          PdProfileForm *form,
                                          PdCustomer    *customer);
/* Rebuilds the drop-downs from the form's rules and the copy's values: after the rules
 * arrive, or a conflict brought values the lists may not hold yet. */
void        pd_edit_form_update_choices  (PdEditForm    *self);
/* The first field takes the focus: typing starts right away. */
void        pd_edit_form_focus_first     (PdEditForm    *self);

G_END_DECLS
