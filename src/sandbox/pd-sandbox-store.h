/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-store.h: the sandbox's SQLite store of customers and their profiles. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdSandboxStore PdSandboxStore;

typedef enum
{
  PD_SANDBOX_FIELD_NONE,
  PD_SANDBOX_FIELD_COMPANY_NAME,
  PD_SANDBOX_FIELD_DOMAIN,
} PdSandboxField;

/* One customer row; the JSON columns hold complete camelCase objects. */
typedef struct
{
  gint64  seq;
  char   *id;
  char   *company_name;
  char   *domain;
  char   *tenant_id;
  char   *relationship;
  char   *company_json;
  char   *billing_json;
  char   *etag;
} PdSandboxCustomer;

void             pd_sandbox_customer_free        (PdSandboxCustomer *customer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxCustomer, pd_sandbox_customer_free)

/* One activity-log record (GET /v1/auditrecords). The service's id is made from the
 * columns when it is sent, so it is not stored. */
typedef struct
{
  gint64  seq;
  gint64  ticks;                /* operationDate: 100 ns since 1970-01-01 UTC */
  char   *customer_id;
  char   *customer_name;        /* the company name when the record was written */
  char   *user_principal_name;
  char   *application_id;
  char   *resource_type;        /* "customer", "order", "subscription", … */
  char   *operation_type;       /* "update_customer_billing_profile", … */
  char   *operation_status;     /* "succeeded", "failed", "progress" */
  char   *old_value;            /* (nullable) PascalCase JSON text */
  char   *new_value;            /* (nullable) PascalCase JSON text */
  char   *correlation_id;       /* (nullable) MS-CorrelationId of the request */
} PdSandboxAuditRecord;

void             pd_sandbox_audit_record_free    (PdSandboxAuditRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxAuditRecord, pd_sandbox_audit_record_free)

/* Which records a GET asks for: operation dates in [@start_ticks, @end_ticks), and the
 * filter's conditions that are not NULL. */
typedef struct
{
  gint64      start_ticks;
  gint64      end_ticks;
  const char *customer_id;      /* equals, ignoring case */
  const char *name_substring;   /* folded (pd_sandbox_fold), within the folded customerName */
  const char *resource_type;    /* equals, ignoring case */
} PdSandboxAuditQuery;

/* Opens (creating when missing) the database at @path, in WAL mode. */
PdSandboxStore  *pd_sandbox_store_open           (const char        *path,
                                                  GError           **error);
void             pd_sandbox_store_free           (PdSandboxStore    *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxStore, pd_sandbox_store_free)

/* Whether the database has been seeded (a seeding interrupted half-way rolls back). */
gboolean         pd_sandbox_store_is_seeded      (PdSandboxStore    *store);

/* Seeding: one transaction around many inserts. */
gboolean         pd_sandbox_store_begin          (PdSandboxStore    *store,
                                                  GError           **error);
gboolean         pd_sandbox_store_insert         (PdSandboxStore    *store,
                                                  const PdSandboxCustomer *customer,
                                                  GError           **error);
/* Marks the store seeded and commits. */
gboolean         pd_sandbox_store_commit_seed    (PdSandboxStore    *store,
                                                  GError           **error);
void             pd_sandbox_store_rollback       (PdSandboxStore    *store);
gboolean         pd_sandbox_store_commit         (PdSandboxStore    *store,
                                                  GError           **error);

/* Number of customers matching (all with PD_SANDBOX_FIELD_NONE); -1 on error. */
gint64           pd_sandbox_store_count          (PdSandboxStore    *store,
                                                  PdSandboxField     field,
                                                  const char        *prefix,
                                                  GError           **error);

/* Up to @limit customers after position @after_seq in a stable order, whose folded
 * @field starts with @prefix (already folded). Only the columns of a list item are filled
 * (no JSON). Returns: (transfer full) (element-type PdSandboxCustomer): NULL on error. */
GPtrArray       *pd_sandbox_store_list           (PdSandboxStore    *store,
                                                  PdSandboxField     field,
                                                  const char        *prefix,
                                                  gint64             after_seq,
                                                  guint              limit,
                                                  GError           **error);

/* Returns: (transfer full) (nullable): the customer; NULL with no error when unknown. */
PdSandboxCustomer *pd_sandbox_store_get          (PdSandboxStore    *store,
                                                  const char        *id,
                                                  GError           **error);

/* Replaces the billing profile (and the company name that follows it) and writes @record
 * (nullable) in one committed transaction: a change is never stored without its record. */
gboolean         pd_sandbox_store_update_billing (PdSandboxStore    *store,
                                                  const char        *id,
                                                  const char        *company_name,
                                                  const char        *company_json,
                                                  const char        *billing_json,
                                                  const char        *etag,
                                                  const PdSandboxAuditRecord *record,
                                                  GError           **error);

/* Adds a record; inside the seed's transaction, or committed on its own. */
gboolean         pd_sandbox_store_audit_insert   (PdSandboxStore    *store,
                                                  const PdSandboxAuditRecord *record,
                                                  GError           **error);
/* Number of records matching @query; -1 on error. */
gint64           pd_sandbox_store_audit_count    (PdSandboxStore    *store,
                                                  const PdSandboxAuditQuery *query,
                                                  GError           **error);
/* Up to @limit records matching @query, newest first, that come after the record
 * (@before_ticks, @before_seq) in that order (G_MAXINT64 for both: from the newest).
 * Returns: (transfer full) (element-type PdSandboxAuditRecord): NULL on error. */
GPtrArray       *pd_sandbox_store_audit_list     (PdSandboxStore    *store,
                                                  const PdSandboxAuditQuery *query,
                                                  gint64             before_ticks,
                                                  gint64             before_seq,
                                                  guint              limit,
                                                  GError           **error);
/* The newest record's operation date (0 when there is none). */
gint64           pd_sandbox_store_audit_last_ticks (PdSandboxStore  *store);

/* The case-insensitive search key: NFC, then case-folded (Cyrillic, Greek, … included). */
char            *pd_sandbox_fold                 (const char        *text);

G_END_DECLS
