/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-export.h: customers of the list, in the list's order, as a CSV file. */
#pragma once

#include <gio/gio.h>

#include "pd-billing-profile.h"
#include "pd-customer-snapshot.h"

G_BEGIN_DECLS

#define PD_TYPE_CUSTOMER_EXPORT (pd_customer_export_get_type ())

G_DECLARE_FINAL_TYPE (PdCustomerExport, pd_customer_export, PD, CUSTOMER_EXPORT, GObject)

/* The billing profile fields an export with billing details adds, in their column order. */
extern const PdProfileField pd_customer_export_billing_fields[];
#define PD_CUSTOMER_EXPORT_N_BILLING_FIELDS 13

PdCustomerExport *pd_customer_export_new              (PdCustomerSnapshot *snapshot,
                                                       const guint32      *rows,
                                                       guint               n_rows);
guint             pd_customer_export_get_n_rows       (PdCustomerExport   *self);
/* The customers' ids in the export's order. Returns: (transfer full) */
GStrv             pd_customer_export_dup_customer_ids (PdCustomerExport   *self);
/* Adds the billing columns; customers missing from @profiles (id → PdBillingProfile,
 * NULL for none) get empty cells there. The profiles must not change afterwards: the
 * file is written on another thread. */
void              pd_customer_export_set_billing_profiles (PdCustomerExport *self,
                                                           GHashTable       *profiles);
gboolean          pd_customer_export_get_with_billing (PdCustomerExport   *self);
/* The header row's titles, in the UI's language. Returns: (transfer full) */
GStrv             pd_customer_export_dup_headers      (PdCustomerExport   *self);
/* The whole file (byte-order mark, header, one record per customer) appended to @out. */
void              pd_customer_export_write            (PdCustomerExport   *self,
                                                       GString            *out);
/* Writes the file to @file on a worker thread. @file is replaced only when all of it is
 * written: after an error or a cancel an earlier file is untouched and a new one is
 * removed. */
void              pd_customer_export_save_async       (PdCustomerExport   *self,
                                                       GFile              *file,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean          pd_customer_export_save_finish      (PdCustomerExport   *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

/* A sentence for people about an error of saving to the file named @file_name (its
 * display name), or of reading billing details (as pd_api_error_to_user_message()). */
char             *pd_customer_export_error_to_user_message (const GError *error,
                                                            const char   *file_name);

G_END_DECLS
