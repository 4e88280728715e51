/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-submit.h: the edit form's submit flow: address check, PUT, conflict, a stopped PUT. */
#pragma once

#include <glib-object.h>

#include "pd-client.h"
#include "pd-profile-form.h"

G_BEGIN_DECLS

#define PD_TYPE_EDIT_SUBMIT (pd_edit_submit_get_type ())

G_DECLARE_FINAL_TYPE (PdEditSubmit, pd_edit_submit, PD, EDIT_SUBMIT, GObject)

/* Submits @form's copy as customer @customer_id's billing profile. It keeps the form's
 * "busy" up to date and tells how each attempt ends with a signal; it shows nothing:
 *   "address-suggested" (PdAddress *entered, GPtrArray *suggestions, const char *message):
 *     the service suggests other addresses; the user picks (pd_edit_submit_confirm_address)
 *     and submits again.
 *   "rebased": the PUT met a newer version; the copy is rebased on it (the form's conflict).
 *   "saved" (PdBillingProfile *answer, gboolean complete): the server holds @answer, which
 *     the form committed; @complete unless the user went on editing after a stopped PUT.
 *   "stopped": a stopped PUT did not reach the server; the edits stay.
 *   "failed" (GError *error): the edits stay; a field the server refused has its message. */
PdEditSubmit *pd_edit_submit_new             (PdClient      *client,
                                              const char    *customer_id,
                                              PdProfileForm *form);
/* Checks the address when it changed since the last check, then PUTs. */
void          pd_edit_submit_start           (PdEditSubmit  *self);
/* Aborts the request in flight (Cancel while busy); a PUT that may have landed anyway is
 * read back, and ends in "saved" or "stopped". */
void          pd_edit_submit_stop            (PdEditSubmit  *self);
/* Drops whatever runs, without a word (the window closes). */
void          pd_edit_submit_cancel          (PdEditSubmit  *self);
/* The user's answer to "address-suggested": @suggestion (nullable: keep what was entered)
 * goes into the copy, and that address counts as checked. */
void          pd_edit_submit_confirm_address (PdEditSubmit  *self,
                                              PdAddress     *suggestion);

G_END_DECLS
