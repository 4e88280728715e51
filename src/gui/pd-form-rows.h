/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-form-rows.h: the rows the edit form shows between its inputs; Tab steps over them. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The message under a field with a problem: read, never a Tab stop. */
#define PD_TYPE_FORM_ERROR_ROW (pd_form_error_row_get_type ())
G_DECLARE_FINAL_TYPE (PdFormErrorRow, pd_form_error_row, PD, FORM_ERROR_ROW, GtkListBoxRow)

/* A value the form shows but does not edit (domain, Microsoft ID, country): its text
 * stays selectable with the mouse, and Tab goes from field to field past it. */
#define PD_TYPE_FORM_INFO_ROW (pd_form_info_row_get_type ())
G_DECLARE_FINAL_TYPE (PdFormInfoRow, pd_form_info_row, PD, FORM_INFO_ROW, AdwActionRow)

GtkWidget *pd_form_error_row_new (GtkWidget *message);

G_END_DECLS
