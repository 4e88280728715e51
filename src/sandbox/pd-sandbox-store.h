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

/* Replaces the billing profile (and the company name that follows it) in one committed
 * transaction. */
gboolean         pd_sandbox_store_update_billing (PdSandboxStore    *store,
                                                  const char        *id,
                                                  const char        *company_name,
                                                  const char        *company_json,
                                                  const char        *billing_json,
                                                  const char        *etag,
                                                  GError           **error);

/* The case-insensitive search key: NFC, then case-folded (Cyrillic, Greek, … included). */
char            *pd_sandbox_fold                 (const char        *text);

G_END_DECLS
