/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-export-dialog.h: Export…: which customers go in the CSV file, with billing details or
 * not, then the progress of reading and writing them. */
#pragma once

#include <adwaita.h>

#include "pd-core.h"

G_BEGIN_DECLS

#define PD_TYPE_EXPORT_DIALOG (pd_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdExportDialog, pd_export_dialog, PD, EXPORT_DIALOG, AdwWindow)

/* More customers than this: asked first, with an estimate, before their billing
 * details are read one by one. */
#define PD_EXPORT_DIALOG_LARGE_COUNT 100

/* @shown: the customers the list shows (searched), @all: every customer of the list, both
 * in the list's order; when they are the same customers there is no choice to make.
 * @partial: the list is still loading. */
PdExportDialog *pd_export_dialog_new      (GtkWindow        *parent,
                                           PdClient         *client,
                                           PdCustomerExport *shown,
                                           PdCustomerExport *all,
                                           gboolean          partial);
/* For tests, which cannot drive the platform's file chooser: Export writes to @file
 * instead of asking; all else happens as after the chooser. */
void            pd_export_dialog_set_file (PdExportDialog   *self,
                                           GFile            *file);

G_END_DECLS
