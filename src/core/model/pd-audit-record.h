/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-audit-record.h: one change to a customer, from the activity log or the local journal. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PdAuditOperation:
 * @PD_AUDIT_OPERATION_OTHER: any operation the app does not describe field by field
 * @PD_AUDIT_OPERATION_BILLING_PROFILE: `update_customer_billing_profile`
 * @PD_AUDIT_OPERATION_COMPANY_NAME: `update_customer_partner_contract_company_name`
 * @PD_AUDIT_OPERATION_ADD_CUSTOMER: `add_customer`
 * @PD_AUDIT_OPERATION_REMOVE_RELATIONSHIP: `remove_partner_customer_relationship`
 */
typedef enum
{
  PD_AUDIT_OPERATION_OTHER,
  PD_AUDIT_OPERATION_BILLING_PROFILE,
  PD_AUDIT_OPERATION_COMPANY_NAME,
  PD_AUDIT_OPERATION_ADD_CUSTOMER,
  PD_AUDIT_OPERATION_REMOVE_RELATIONSHIP,
} PdAuditOperation;

/**
 * PdAuditStatus:
 * @PD_AUDIT_STATUS_UNKNOWN: the service said nothing or something new
 * @PD_AUDIT_STATUS_PROGRESS: still running
 * @PD_AUDIT_STATUS_SUCCEEDED: done
 * @PD_AUDIT_STATUS_FAILED: refused or broke (a local submit that did not save)
 */
typedef enum
{
  PD_AUDIT_STATUS_UNKNOWN,
  PD_AUDIT_STATUS_PROGRESS,
  PD_AUDIT_STATUS_SUCCEEDED,
  PD_AUDIT_STATUS_FAILED,
} PdAuditStatus;

#define PD_AUDIT_OPERATION_TYPE_BILLING_PROFILE "update_customer_billing_profile"

#define PD_TYPE_AUDIT_RECORD (pd_audit_record_get_type ())

G_DECLARE_FINAL_TYPE (PdAuditRecord, pd_audit_record, PD, AUDIT_RECORD, GObject)

/* An item of `GET /v1/auditrecords` (any member case). NULL with PD_API_ERROR_PROTOCOL
 * when it has no operation date or no operation type: nothing could be said of it. */
PdAuditRecord   *pd_audit_record_new_from_json            (JsonObject    *object,
                                                           GError       **error);
/* A record of the local journal: a submit made from this computer. */
PdAuditRecord   *pd_audit_record_new_local                (const char    *customer_id,
                                                           GDateTime     *date,
                                                           const char    *user_principal_name,
                                                           const char    *old_value,
                                                           const char    *new_value,
                                                           PdAuditStatus  status,
                                                           const char    *request_id,
                                                           const char    *correlation_id);

const char      *pd_audit_record_get_id                   (PdAuditRecord *self);
const char      *pd_audit_record_get_customer_id          (PdAuditRecord *self);
const char      *pd_audit_record_get_customer_name        (PdAuditRecord *self);
/* Returns: (nullable): who did it, as the service names them (their sign-in name). */
const char      *pd_audit_record_get_user_principal_name  (PdAuditRecord *self);
/* The service's name for the operation ("update_customer_billing_profile"). */
const char      *pd_audit_record_get_operation_type       (PdAuditRecord *self);
PdAuditOperation pd_audit_record_get_operation            (PdAuditRecord *self);
PdAuditStatus    pd_audit_record_get_status               (PdAuditRecord *self);
/* Returns: (transfer none): when it happened, in UTC. */
GDateTime       *pd_audit_record_get_date                 (PdAuditRecord *self);
/* Returns: (nullable): the resource before and after, JSON text (PascalCase). */
const char      *pd_audit_record_get_old_value            (PdAuditRecord *self);
const char      *pd_audit_record_get_new_value            (PdAuditRecord *self);
/* Returns: (nullable): the MS-CorrelationId of the call that made the change. */
const char      *pd_audit_record_get_correlation_id       (PdAuditRecord *self);
/* Returns: (nullable): the MS-RequestId (local records only). */
const char      *pd_audit_record_get_request_id           (PdAuditRecord *self);
/* TRUE for a record of the local journal. */
gboolean         pd_audit_record_get_is_local             (PdAuditRecord *self);

/* How far apart in time a local entry and the service's record of the same change may be. */
#define PD_AUDIT_RECORD_SAME_CHANGE_SECONDS (5 * 60)

/* Whether @local (the journal's) and @service (the activity log's) describe one change: the
 * same correlation id; or, when the service gives none, the same customer, fields and new
 * values within PD_AUDIT_RECORD_SAME_CHANGE_SECONDS. */
gboolean         pd_audit_record_is_same_change           (PdAuditRecord *local,
                                                           PdAuditRecord *service);

/* Newest first, for sorting lists of records. */
int              pd_audit_record_compare_newest_first     (gconstpointer  a,
                                                           gconstpointer  b);

G_END_DECLS
