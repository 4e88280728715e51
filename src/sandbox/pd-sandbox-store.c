/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-store.c: the sandbox's SQLite store of customers and their profiles. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-store"

#include <errno.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "pd-sandbox-store.h"

/* seq is the rowid: a stable order for paging that never changes for a row. */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS customers ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  company_name TEXT NOT NULL,"
  "  domain TEXT NOT NULL,"
  "  tenant_id TEXT NOT NULL,"
  "  relationship TEXT NOT NULL,"
  "  company_json TEXT NOT NULL,"
  "  billing_json TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  fold_name TEXT NOT NULL,"
  "  fold_domain TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  /* The activity log: old and new values are PascalCase JSON texts, NULL when absent. A
   * database from before the log gets the table, empty, when it is opened. */
  "CREATE TABLE IF NOT EXISTS audit_records ("
  "  seq INTEGER PRIMARY KEY,"
  "  ticks INTEGER NOT NULL,"
  "  customer_id TEXT NOT NULL,"
  "  customer_name TEXT NOT NULL,"
  "  fold_customer_name TEXT NOT NULL,"
  "  user_principal_name TEXT NOT NULL,"
  "  application_id TEXT NOT NULL,"
  "  resource_type TEXT NOT NULL,"
  "  operation_type TEXT NOT NULL,"
  "  operation_status TEXT NOT NULL,"
  "  old_value TEXT,"
  "  new_value TEXT,"
  "  correlation_id TEXT);"
  "CREATE INDEX IF NOT EXISTS audit_records_ticks ON audit_records (ticks, seq);";

/* Built after the seed's inserts: one sort instead of 100,000 index updates. */
static const char index_sql[] =
  "CREATE INDEX IF NOT EXISTS customers_fold_name ON customers (fold_name, seq);"
  "CREATE INDEX IF NOT EXISTS customers_fold_domain ON customers (fold_domain, seq);";

#define LIST_COLUMNS "seq, id, company_name, domain, tenant_id, relationship"

#define AUDIT_COLUMNS \
  "seq, ticks, customer_id, customer_name, user_principal_name, application_id," \
  " resource_type, operation_type, operation_status, old_value, new_value, correlation_id"
/* ?1..?2 the dates; ?3..?5 the filter's conditions, unbound (NULL) when not asked for. */
#define AUDIT_WHERE \
  " WHERE ticks >= ?1 AND ticks < ?2" \
  " AND (?3 IS NULL OR customer_id = ?3 COLLATE NOCASE)" \
  " AND (?4 IS NULL OR instr(fold_customer_name, ?4) > 0)" \
  " AND (?5 IS NULL OR resource_type = ?5 COLLATE NOCASE)"

enum
{
  STMT_INSERT,
  STMT_GET,
  STMT_UPDATE,
  STMT_SEEDED,
  STMT_MARK_SEEDED,
  STMT_LIST_ALL,
  STMT_LIST_NAME,
  STMT_LIST_DOMAIN,
  STMT_COUNT_ALL,
  STMT_COUNT_NAME,
  STMT_COUNT_DOMAIN,
  STMT_AUDIT_INSERT,
  STMT_AUDIT_COUNT,
  STMT_AUDIT_LIST,
  STMT_AUDIT_LAST,
  N_STMTS
};

static const char *stmt_sql[N_STMTS] = {
  [STMT_INSERT] =
    "INSERT INTO customers (id, company_name, domain, tenant_id, relationship, company_json,"
    " billing_json, etag, fold_name, fold_domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_GET] =
    "SELECT " LIST_COLUMNS ", company_json, billing_json, etag FROM customers WHERE id = ?1",
  [STMT_UPDATE] =
    "UPDATE customers SET company_name = ?2, fold_name = ?3, company_json = ?4,"
    " billing_json = ?5, etag = ?6 WHERE id = ?1",
  [STMT_SEEDED] = "SELECT value FROM meta WHERE key = 'seeded'",
  [STMT_MARK_SEEDED] = "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?1)",
  [STMT_LIST_ALL] =
    "SELECT " LIST_COLUMNS " FROM customers WHERE seq > ?3 ORDER BY seq LIMIT ?4",
  /* The page's seqs from the prefix's index range first (the unary + keeps the planner
   * off the primary key): with the range unknown when the statement is prepared, SQLite
   * would walk the whole table in seq order looking for matches, a quarter of a second
   * per page of a rare prefix at 100,000 customers. */
  [STMT_LIST_NAME] =
    "SELECT " LIST_COLUMNS " FROM customers WHERE seq IN"
    " (SELECT seq FROM customers"
    "  WHERE fold_name >= ?1 AND fold_name < ?2 AND +seq > ?3 ORDER BY +seq LIMIT ?4)"
    " ORDER BY seq",
  [STMT_LIST_DOMAIN] =
    "SELECT " LIST_COLUMNS " FROM customers WHERE seq IN"
    " (SELECT seq FROM customers"
    "  WHERE fold_domain >= ?1 AND fold_domain < ?2 AND +seq > ?3 ORDER BY +seq LIMIT ?4)"
    " ORDER BY seq",
  [STMT_COUNT_ALL] = "SELECT count(*) FROM customers",
  [STMT_COUNT_NAME] =
    "SELECT count(*) FROM customers WHERE fold_name >= ?1 AND fold_name < ?2",
  [STMT_COUNT_DOMAIN] =
    "SELECT count(*) FROM customers WHERE fold_domain >= ?1 AND fold_domain < ?2",
  [STMT_AUDIT_INSERT] =
    "INSERT INTO audit_records (ticks, customer_id, customer_name, fold_customer_name,"
    " user_principal_name, application_id, resource_type, operation_type, operation_status,"
    " old_value, new_value, correlation_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_AUDIT_COUNT] = "SELECT count(*) FROM audit_records" AUDIT_WHERE,
  [STMT_AUDIT_LIST] =
    "SELECT " AUDIT_COLUMNS " FROM audit_records" AUDIT_WHERE
    " AND (ticks < ?6 OR (ticks = ?6 AND seq < ?7)) ORDER BY ticks DESC, seq DESC LIMIT ?8",
  [STMT_AUDIT_LAST] = "SELECT max(ticks) FROM audit_records",
};

struct _PdSandboxStore
{
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
};

static gboolean
set_error (PdSandboxStore  *store,
           GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Database error: %s"),
               sqlite3_errmsg (store->db));
  return FALSE;
}

static gboolean
exec (PdSandboxStore  *store,
      const char      *sql,
      GError         **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_error (store, error);
  return TRUE;
}

/* Takes a prepared statement back to a clean state for the next use. */
static sqlite3_stmt *
stmt (PdSandboxStore *store,
      int             which)
{
  sqlite3_stmt *s = store->stmts[which];

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

/* Runs a write statement and drops its bindings, which may point to the caller's strings. */
static gboolean
step_write (PdSandboxStore  *store,
            sqlite3_stmt    *s,
            GError         **error)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  if (rc != SQLITE_DONE)
    return set_error (store, error);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *s,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (s, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

void
pd_sandbox_customer_free (PdSandboxCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->id);
  g_free (customer->company_name);
  g_free (customer->domain);
  g_free (customer->tenant_id);
  g_free (customer->relationship);
  g_free (customer->company_json);
  g_free (customer->billing_json);
  g_free (customer->etag);
  g_free (customer);
}

static char *
column_dup (sqlite3_stmt *s,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (s, column);

  return g_strndup ((const char *) text, sqlite3_column_bytes (s, column));
}

static PdSandboxCustomer *
customer_from_row (sqlite3_stmt *s,
                   gboolean      with_json)
{
  PdSandboxCustomer *customer = g_new0 (PdSandboxCustomer, 1);

  customer->seq = sqlite3_column_int64 (s, 0);
  customer->id = column_dup (s, 1);
  customer->company_name = column_dup (s, 2);
  customer->domain = column_dup (s, 3);
  customer->tenant_id = column_dup (s, 4);
  customer->relationship = column_dup (s, 5);
  if (with_json)
    {
      customer->company_json = column_dup (s, 6);
      customer->billing_json = column_dup (s, 7);
      customer->etag = column_dup (s, 8);
    }

  return customer;
}

void
pd_sandbox_store_free (PdSandboxStore *store)
{
  if (store == NULL)
    return;
  for (int i = 0; i < N_STMTS; i++)
    sqlite3_finalize (store->stmts[i]);
  /* Closing the last connection checkpoints the WAL into the main file. */
  sqlite3_close (store->db);
  g_free (store);
}

PdSandboxStore *
pd_sandbox_store_open (const char  *path,
                       GError     **error)
{
  g_autoptr(PdSandboxStore) store = g_new0 (PdSandboxStore, 1);
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      set_error (store, error);
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);

  /* synchronous=FULL: every committed write is on disk before we answer 200. */
  if (!exec (store, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;", error)
      || !exec (store, schema_sql, error))
    return NULL;

  for (int i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (store->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &store->stmts[i], NULL) != SQLITE_OK)
      {
        set_error (store, error);
        return NULL;
      }

  /* A new database is seeded first in rollback-journal mode, which writes the rows once;
   * through WAL they would be written twice (log, then checkpoint). */
  if (pd_sandbox_store_is_seeded (store) && !exec (store, "PRAGMA journal_mode=WAL", error))
    return NULL;

  return g_steal_pointer (&store);
}

gboolean
pd_sandbox_store_is_seeded (PdSandboxStore *store)
{
  sqlite3_stmt *s;
  gboolean seeded;

  g_return_val_if_fail (store != NULL, FALSE);

  s = stmt (store, STMT_SEEDED);
  seeded = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  return seeded;
}

gboolean
pd_sandbox_store_begin (PdSandboxStore  *store,
                        GError         **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
pd_sandbox_store_insert (PdSandboxStore           *store,
                         const PdSandboxCustomer  *customer,
                         GError                  **error)
{
  g_autofree char *fold_name = NULL;
  g_autofree char *fold_domain = NULL;
  sqlite3_stmt *s;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);

  fold_name = pd_sandbox_fold (customer->company_name);
  fold_domain = pd_sandbox_fold (customer->domain);

  s = stmt (store, STMT_INSERT);
  sqlite3_bind_text (s, 1, customer->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, customer->company_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, customer->domain, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, customer->tenant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, customer->relationship, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 6, customer->company_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, customer->billing_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 8, customer->etag, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 9, fold_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 10, fold_domain, -1, SQLITE_STATIC);

  return step_write (store, s, error);
}

gboolean
pd_sandbox_store_commit (PdSandboxStore  *store,
                         GError         **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return exec (store, "COMMIT", error);
}

gboolean
pd_sandbox_store_commit_seed (PdSandboxStore  *store,
                              GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);

  if (!exec (store, index_sql, error))
    return FALSE;

  s = stmt (store, STMT_MARK_SEEDED);
  bind_text (s, 1, stamp);
  rc = sqlite3_step (s);
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return set_error (store, error);

  return exec (store, "COMMIT", error) && exec (store, "PRAGMA journal_mode=WAL", error);
}

void
pd_sandbox_store_rollback (PdSandboxStore *store)
{
  g_return_if_fail (store != NULL);

  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Binds ?1/?2 as the [prefix, prefix + U+10FFFF+1) range: under the BINARY collation
 * (UTF-8 byte order = code point order) exactly the strings that start with @prefix. The
 * bytes F4 90 are greater than any valid UTF-8 continuation of the prefix. */
static void
bind_prefix_range (sqlite3_stmt *s,
                   const char   *prefix)
{
  g_autofree char *upper = g_strconcat (prefix, "\xF4\x90", NULL);

  sqlite3_bind_text (s, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, upper, -1, SQLITE_TRANSIENT);
}

gint64
pd_sandbox_store_count (PdSandboxStore  *store,
                        PdSandboxField   field,
                        const char      *prefix,
                        GError         **error)
{
  sqlite3_stmt *s;
  gint64 count = -1;

  g_return_val_if_fail (store != NULL, -1);

  if (field == PD_SANDBOX_FIELD_NONE || prefix == NULL)
    s = stmt (store, STMT_COUNT_ALL);
  else
    {
      s = stmt (store, field == PD_SANDBOX_FIELD_DOMAIN ? STMT_COUNT_DOMAIN : STMT_COUNT_NAME);
      bind_prefix_range (s, prefix);
    }

  if (sqlite3_step (s) == SQLITE_ROW)
    count = sqlite3_column_int64 (s, 0);
  else
    set_error (store, error);
  sqlite3_reset (s);

  return count;
}

GPtrArray *
pd_sandbox_store_list (PdSandboxStore  *store,
                       PdSandboxField   field,
                       const char      *prefix,
                       gint64           after_seq,
                       guint            limit,
                       GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  if (field == PD_SANDBOX_FIELD_NONE || prefix == NULL)
    s = stmt (store, STMT_LIST_ALL);
  else
    {
      s = stmt (store, field == PD_SANDBOX_FIELD_DOMAIN ? STMT_LIST_DOMAIN : STMT_LIST_NAME);
      bind_prefix_range (s, prefix);
    }
  sqlite3_bind_int64 (s, 3, after_seq);
  sqlite3_bind_int64 (s, 4, limit);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_sandbox_customer_free);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (rows, customer_from_row (s, FALSE));
  sqlite3_reset (s);

  if (rc != SQLITE_DONE)
    {
      set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

PdSandboxCustomer *
pd_sandbox_store_get (PdSandboxStore  *store,
                      const char      *id,
                      GError         **error)
{
  PdSandboxCustomer *customer = NULL;
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  s = stmt (store, STMT_GET);
  bind_text (s, 1, id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    customer = customer_from_row (s, TRUE);
  else if (rc != SQLITE_DONE)
    set_error (store, error);
  sqlite3_reset (s);

  return customer;
}

gboolean
pd_sandbox_store_update_billing (PdSandboxStore              *store,
                                 const char                  *id,
                                 const char                  *company_name,
                                 const char                  *company_json,
                                 const char                  *billing_json,
                                 const char                  *etag,
                                 const PdSandboxAuditRecord  *record,
                                 GError                     **error)
{
  g_autofree char *fold_name = NULL;
  sqlite3_stmt *s;

  g_return_val_if_fail (store != NULL, FALSE);

  fold_name = pd_sandbox_fold (company_name);

  s = stmt (store, STMT_UPDATE);
  bind_text (s, 1, id);
  bind_text (s, 2, company_name);
  bind_text (s, 3, fold_name);
  bind_text (s, 4, company_json);
  bind_text (s, 5, billing_json);
  bind_text (s, 6, etag);

  /* COMMIT returns after the commit (and, with synchronous=FULL, the WAL fsync), so the
   * caller may answer 200 right away. */
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (step_write (store, s, error)
      && (record == NULL || pd_sandbox_store_audit_insert (store, record, error))
      && pd_sandbox_store_commit (store, error))
    return TRUE;

  pd_sandbox_store_rollback (store);
  return FALSE;
}

void
pd_sandbox_audit_record_free (PdSandboxAuditRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->customer_id);
  g_free (record->customer_name);
  g_free (record->user_principal_name);
  g_free (record->application_id);
  g_free (record->resource_type);
  g_free (record->operation_type);
  g_free (record->operation_status);
  g_free (record->old_value);
  g_free (record->new_value);
  g_free (record->correlation_id);
  g_free (record);
}

/* NULL stays NULL (SQL NULL), unlike bind_text's empty string. */
static void
bind_nullable (sqlite3_stmt *s,
               int           index,
               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (s, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (s, index);
}

gboolean
pd_sandbox_store_audit_insert (PdSandboxStore              *store,
                               const PdSandboxAuditRecord  *record,
                               GError                     **error)
{
  g_autofree char *fold_name = NULL;
  sqlite3_stmt *s;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  fold_name = pd_sandbox_fold (record->customer_name);
  s = stmt (store, STMT_AUDIT_INSERT);
  sqlite3_bind_int64 (s, 1, record->ticks);
  bind_text (s, 2, record->customer_id);
  bind_text (s, 3, record->customer_name);
  bind_text (s, 4, fold_name);
  bind_text (s, 5, record->user_principal_name);
  bind_text (s, 6, record->application_id);
  bind_text (s, 7, record->resource_type);
  bind_text (s, 8, record->operation_type);
  bind_text (s, 9, record->operation_status);
  bind_nullable (s, 10, record->old_value);
  bind_nullable (s, 11, record->new_value);
  bind_nullable (s, 12, record->correlation_id);

  return step_write (store, s, error);
}

static void
bind_audit_query (sqlite3_stmt              *s,
                  const PdSandboxAuditQuery *query)
{
  sqlite3_bind_int64 (s, 1, query->start_ticks);
  sqlite3_bind_int64 (s, 2, query->end_ticks);
  if (query->customer_id != NULL)
    sqlite3_bind_text (s, 3, query->customer_id, -1, SQLITE_TRANSIENT);
  if (query->name_substring != NULL)
    sqlite3_bind_text (s, 4, query->name_substring, -1, SQLITE_TRANSIENT);
  if (query->resource_type != NULL)
    sqlite3_bind_text (s, 5, query->resource_type, -1, SQLITE_TRANSIENT);
}

gint64
pd_sandbox_store_audit_count (PdSandboxStore             *store,
                              const PdSandboxAuditQuery  *query,
                              GError                    **error)
{
  sqlite3_stmt *s;
  gint64 count = -1;

  g_return_val_if_fail (store != NULL, -1);
  g_return_val_if_fail (query != NULL, -1);

  s = stmt (store, STMT_AUDIT_COUNT);
  bind_audit_query (s, query);
  if (sqlite3_step (s) == SQLITE_ROW)
    count = sqlite3_column_int64 (s, 0);
  else
    set_error (store, error);
  sqlite3_reset (s);

  return count;
}

static PdSandboxAuditRecord *
audit_record_from_row (sqlite3_stmt *s)
{
  PdSandboxAuditRecord *record = g_new0 (PdSandboxAuditRecord, 1);

  record->seq = sqlite3_column_int64 (s, 0);
  record->ticks = sqlite3_column_int64 (s, 1);
  record->customer_id = column_dup (s, 2);
  record->customer_name = column_dup (s, 3);
  record->user_principal_name = column_dup (s, 4);
  record->application_id = column_dup (s, 5);
  record->resource_type = column_dup (s, 6);
  record->operation_type = column_dup (s, 7);
  record->operation_status = column_dup (s, 8);
  record->old_value = column_dup (s, 9);
  record->new_value = column_dup (s, 10);
  record->correlation_id = column_dup (s, 11);

  return record;
}

GPtrArray *
pd_sandbox_store_audit_list (PdSandboxStore             *store,
                             const PdSandboxAuditQuery  *query,
                             gint64                      before_ticks,
                             gint64                      before_seq,
                             guint                       limit,
                             GError                    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  s = stmt (store, STMT_AUDIT_LIST);
  bind_audit_query (s, query);
  sqlite3_bind_int64 (s, 6, before_ticks);
  sqlite3_bind_int64 (s, 7, before_seq);
  sqlite3_bind_int64 (s, 8, limit);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_sandbox_audit_record_free);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (rows, audit_record_from_row (s));
  sqlite3_reset (s);

  if (rc != SQLITE_DONE)
    {
      set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

gint64
pd_sandbox_store_audit_last_ticks (PdSandboxStore *store)
{
  sqlite3_stmt *s;
  gint64 ticks = 0;

  g_return_val_if_fail (store != NULL, 0);

  s = stmt (store, STMT_AUDIT_LAST);
  if (sqlite3_step (s) == SQLITE_ROW)
    ticks = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);

  return ticks;
}

char *
pd_sandbox_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *normal = NULL;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (normal != NULL ? normal : valid, -1);
}
