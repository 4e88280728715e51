/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-window.h: the modal form that edits a customer's billing profile and submits it. */
#pragma once

#include <adwaita.h>

#include "pd-client.h"
#include "pd-customer.h"
#include "pd-edit-form.h"
#include "pd-profile-form.h"

G_BEGIN_DECLS

#define PD_TYPE_EDIT_WINDOW (pd_edit_window_get_type ())

G_DECLARE_FINAL_TYPE (PdEditWindow, pd_edit_window, PD, EDIT_WINDOW, AdwWindow)

/* @customer must carry its billing profile (as read with its etag: the one the PUT sends)
 * and its company profile. @rules: (nullable): fetched when NULL.
 * Emits "saved" (PdBillingProfile *server_answer) after a successful submit, then closes. */
PdEditWindow  *pd_edit_window_new      (PdClient       *client,
                                        PdCustomer     *customer,
                                        PdCountryRules *rules);
/* Returns: (transfer none) */
PdProfileForm *pd_edit_window_get_form (PdEditWindow   *self);
/* Puts @values' @fields into the form's copy, as if typed: the form's checks, the address
 * check and the conflict handling all apply on submit (Restore These Values). */
void           pd_edit_window_start_with_values (PdEditWindow     *self,
                                                 PdProfileFields   fields,
                                                 PdBillingProfile *values);
/* Submits as Ctrl+Return does (no-op unless the form can be submitted). */
void           pd_edit_window_submit   (PdEditWindow   *self);

G_END_DECLS
