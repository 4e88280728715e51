/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-audit-record.c: one change to a customer, from the activity log or the local journal. */

#include "config.h"

#define G_LOG_DOMAIN "pd-audit-record"

#include "pd-api-error.h"
#include "pd-audit-record.h"
#include "pd-json.h"
#include "pd-profile-change.h"

struct _PdAuditRecord
{
  GObject          parent_instance;

  char            *id;
  char            *customer_id;
  char            *customer_name;
  char            *user_principal_name;
  char            *operation_type;
  PdAuditOperation operation;
  PdAuditStatus    status;
  GDateTime       *date;
  char            *old_value;
  char            *new_value;
  char            *correlation_id;
  char            *request_id;
  gboolean         is_local;
};

G_DEFINE_FINAL_TYPE (PdAuditRecord, pd_audit_record, G_TYPE_OBJECT)

static void
pd_audit_record_finalize (GObject *object)
{
  PdAuditRecord *self = PD_AUDIT_RECORD (object);

  g_free (self->id);
  g_free (self->customer_id);
  g_free (self->customer_name);
  g_free (self->user_principal_name);
  g_free (self->operation_type);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_free (self->old_value);
  g_free (self->new_value);
  g_free (self->correlation_id);
  g_free (self->request_id);

  G_OBJECT_CLASS (pd_audit_record_parent_class)->finalize (object);
}

static void
pd_audit_record_class_init (PdAuditRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_audit_record_finalize;
}

static void
pd_audit_record_init (PdAuditRecord *self)
{
}

static PdAuditOperation
operation_from_type (const char *type)
{
  static const struct { const char *type; PdAuditOperation operation; } known[] = {
    { PD_AUDIT_OPERATION_TYPE_BILLING_PROFILE, PD_AUDIT_OPERATION_BILLING_PROFILE },
    { "update_customer_partner_contract_company_name", PD_AUDIT_OPERATION_COMPANY_NAME },
    { "add_customer", PD_AUDIT_OPERATION_ADD_CUSTOMER },
    { "remove_partner_customer_relationship", PD_AUDIT_OPERATION_REMOVE_RELATIONSHIP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (type, known[i].type) == 0)
      return known[i].operation;
  return PD_AUDIT_OPERATION_OTHER;
}

static PdAuditStatus
status_from_text (const char *text)
{
  if (text == NULL)
    return PD_AUDIT_STATUS_UNKNOWN;
  if (g_ascii_strcasecmp (text, "succeeded") == 0)
    return PD_AUDIT_STATUS_SUCCEEDED;
  if (g_ascii_strcasecmp (text, "failed") == 0)
    return PD_AUDIT_STATUS_FAILED;
  if (g_ascii_strcasecmp (text, "progress") == 0)
    return PD_AUDIT_STATUS_PROGRESS;
  return PD_AUDIT_STATUS_UNKNOWN;
}

/* Empty strings say nothing: kept as NULL so "absent" has one spelling. */
static char *
dup_nonempty (JsonObject *object,
              const char *name)
{
  char *value = pd_json_object_dup_string_ci (object, name);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/**
 * pd_audit_record_new_from_json:
 * @object: an item of the audit records collection
 *
 * Returns: (transfer full) (nullable): the record
 */
PdAuditRecord *
pd_audit_record_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(PdAuditRecord) self = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (PD_TYPE_AUDIT_RECORD, NULL);
  self->operation_type = dup_nonempty (object, "operationType");
  date = dup_nonempty (object, "operationDate");
  if (date != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      /* Dates without an offset are UTC, as the service writes them. */
      self->date = g_date_time_new_from_iso8601 (date, utc);
    }
  if (self->operation_type == NULL || self->date == NULL)
    {
      g_set_error_literal (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL,
                           "An audit record has no operation type or date");
      return NULL;
    }

  self->operation = operation_from_type (self->operation_type);
  self->id = dup_nonempty (object, "id");
  self->customer_id = dup_nonempty (object, "customerId");
  self->customer_name = dup_nonempty (object, "customerName");
  self->user_principal_name = dup_nonempty (object, "userPrincipalName");
  self->status = status_from_text (pd_json_object_get_string_ci (object, "operationStatus"));
  self->old_value = dup_nonempty (object, "resourceOldValue");
  self->new_value = dup_nonempty (object, "resourceNewValue");
  self->correlation_id = dup_nonempty (object, "originalCorrelationId");

  return g_steal_pointer (&self);
}

/**
 * pd_audit_record_new_local:
 *
 * Returns: (transfer full): a billing-profile change made from this computer
 */
PdAuditRecord *
pd_audit_record_new_local (const char    *customer_id,
                           GDateTime     *date,
                           const char    *user_principal_name,
                           const char    *old_value,
                           const char    *new_value,
                           PdAuditStatus  status,
                           const char    *request_id,
                           const char    *correlation_id)
{
  PdAuditRecord *self;

  g_return_val_if_fail (customer_id != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  self = g_object_new (PD_TYPE_AUDIT_RECORD, NULL);
  self->is_local = TRUE;
  self->customer_id = g_strdup (customer_id);
  self->date = g_date_time_to_utc (date);
  self->user_principal_name = g_strdup (user_principal_name);
  self->operation_type = g_strdup (PD_AUDIT_OPERATION_TYPE_BILLING_PROFILE);
  self->operation = PD_AUDIT_OPERATION_BILLING_PROFILE;
  self->status = status;
  self->old_value = g_strdup (old_value);
  self->new_value = g_strdup (new_value);
  self->request_id = g_strdup (request_id);
  self->correlation_id = g_strdup (correlation_id);
  self->id = g_strdup_printf ("local:%s", request_id != NULL ? request_id : "");

  return self;
}

#define GETTER(type, name) \
  type \
  pd_audit_record_get_##name (PdAuditRecord *self) \
  { \
    g_return_val_if_fail (PD_IS_AUDIT_RECORD (self), (type) 0); \
    return self->name; \
  }

GETTER (const char *, id)
GETTER (const char *, customer_id)
GETTER (const char *, customer_name)
GETTER (const char *, user_principal_name)
GETTER (const char *, operation_type)
GETTER (PdAuditOperation, operation)
GETTER (PdAuditStatus, status)
GETTER (GDateTime *, date)
GETTER (const char *, old_value)
GETTER (const char *, new_value)
GETTER (const char *, correlation_id)
GETTER (const char *, request_id)
GETTER (gboolean, is_local)

/* The same fields set to the same values (old values aside: the service may not say). */
static gboolean
same_new_values (PdAuditRecord *a,
                 PdAuditRecord *b)
{
  g_autoptr(GPtrArray) changes_a = pd_profile_changes_diff (a->old_value, a->new_value, NULL);
  g_autoptr(GPtrArray) changes_b = pd_profile_changes_diff (b->old_value, b->new_value, NULL);

  if (changes_a->len == 0 || changes_a->len != changes_b->len)
    return FALSE;
  for (guint i = 0; i < changes_a->len; i++)
    {
      PdProfileChange *change_a = g_ptr_array_index (changes_a, i);
      PdProfileChange *change_b = g_ptr_array_index (changes_b, i);

      if (change_a->field != change_b->field ||
          !pd_str_equal0 (change_a->new_value, change_b->new_value))
        return FALSE;
    }
  return TRUE;
}

gboolean
pd_audit_record_is_same_change (PdAuditRecord *local,
                                PdAuditRecord *service)
{
  GTimeSpan apart;

  g_return_val_if_fail (PD_IS_AUDIT_RECORD (local), FALSE);
  g_return_val_if_fail (PD_IS_AUDIT_RECORD (service), FALSE);

  if (local->correlation_id != NULL && service->correlation_id != NULL)
    return g_ascii_strcasecmp (local->correlation_id, service->correlation_id) == 0;

  if (local->customer_id == NULL || service->customer_id == NULL ||
      g_ascii_strcasecmp (local->customer_id, service->customer_id) != 0 ||
      local->operation != service->operation)
    return FALSE;
  apart = g_date_time_difference (local->date, service->date);
  if (ABS (apart) > PD_AUDIT_RECORD_SAME_CHANGE_SECONDS * G_TIME_SPAN_SECOND)
    return FALSE;
  return same_new_values (local, service);
}

int
pd_audit_record_compare_newest_first (gconstpointer a,
                                      gconstpointer b)
{
  PdAuditRecord *record_a = PD_AUDIT_RECORD ((gpointer) a);
  PdAuditRecord *record_b = PD_AUDIT_RECORD ((gpointer) b);

  return g_date_time_compare (record_b->date, record_a->date);
}
