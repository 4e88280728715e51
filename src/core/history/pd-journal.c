/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-journal.c: the local journal of submits made from this computer, in SQLite, per
 * connection. Only what was submitted and the request's ids: never a token or secret. */

#include "config.h"

#define G_LOG_DOMAIN "pd-journal"

#include <sqlite3.h>

#include "pd-journal.h"
#include "pd-local-store.h"
#include "pd-oauth-token-provider.h"
#include "pd-run-on-context.h"

#define SCHEMA_VERSION 1
#define JOURNAL_FILE   "journal.sqlite"

struct _PdJournal
{
  GObject      parent_instance;

  char        *directory;
  char        *path;
  GThreadPool *worker;  /* one thread: the jobs run in order */
  sqlite3     *db;      /* the worker's alone */
  gboolean     broken;  /* opening failed: say so once, then do nothing */
};

G_DEFINE_FINAL_TYPE (PdJournal, pd_journal, G_TYPE_OBJECT)

typedef struct
{
  PdAuditRecord *record;  /* add it */
  GTask         *task;    /* or list for the task's customer */
  char          *customer_id;
} Job;

static gboolean
unref_task (gpointer task)
{
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->record);
  /* The task holds the journal: its last reference must not go on the worker, whose
   * journal would then wait for itself to end. */
  if (job->task != NULL)
    pd_run_on_context (g_task_get_context (job->task), unref_task, job->task, NULL,
                       "[pd-journal] unref task");
  g_free (job->customer_id);
  g_free (job);
}

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS entries ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id TEXT NOT NULL,"
  "  date_us INTEGER NOT NULL,"
  "  account TEXT,"
  "  old_value TEXT,"
  "  new_value TEXT,"
  "  status INTEGER NOT NULL,"
  "  request_id TEXT,"
  "  correlation_id TEXT);"
  "CREATE INDEX IF NOT EXISTS entries_by_customer ON entries (customer_id, date_us);"
  "PRAGMA user_version = 1;";

static gboolean
open_db (PdJournal  *self,
         GError    **error)
{
  int version;

  if (!pd_local_store_open (self->directory, self->path, &self->db, error))
    return FALSE;

  /* A newer app's journal is left alone rather than misread. */
  version = pd_local_store_get_pragma (self->db, "user_version");
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The journal %s has schema version %d", self->path, version);
      return FALSE;
    }
  if (sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not open the journal %s: %s",
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_open (PdJournal *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !self->broken)
    return TRUE;
  if (self->broken)
    return FALSE;
  if (!open_db (self, &error))
    {
      /* The journal is a help, not a condition: the app works without it. */
      g_warning ("%s", error->message);
      self->broken = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
insert_record (PdJournal     *self,
               PdAuditRecord *record)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) oldest = g_date_time_add_days (now, -PD_JOURNAL_KEEP_DAYS);

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO entries (customer_id, date_us, account, old_value, "
                          "new_value, status, request_id, correlation_id) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK)
    {
      pd_local_store_bind_text (stmt, 1, pd_audit_record_get_customer_id (record));
      sqlite3_bind_int64 (stmt, 2, pd_local_store_usec_from_date (pd_audit_record_get_date (record)));
      pd_local_store_bind_text (stmt, 3, pd_audit_record_get_user_principal_name (record));
      pd_local_store_bind_text (stmt, 4, pd_audit_record_get_old_value (record));
      pd_local_store_bind_text (stmt, 5, pd_audit_record_get_new_value (record));
      sqlite3_bind_int (stmt, 6, pd_audit_record_get_status (record));
      pd_local_store_bind_text (stmt, 7, pd_audit_record_get_request_id (record));
      pd_local_store_bind_text (stmt, 8, pd_audit_record_get_correlation_id (record));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Could not write to the journal: %s", sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM entries WHERE date_us < ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, pd_local_store_usec_from_date (oldest));
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
}

static GPtrArray *
select_records (PdJournal  *self,
                const char *customer_id)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT date_us, account, old_value, new_value, status, request_id, "
                          "correlation_id FROM entries WHERE customer_id = ? "
                          "ORDER BY date_us DESC, id DESC", -1, &stmt, NULL) != SQLITE_OK)
    return records;

  pd_local_store_bind_text (stmt, 1, customer_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) date =
        pd_local_store_date_from_usec (sqlite3_column_int64 (stmt, 0));

      if (date == NULL)
        continue;
      g_ptr_array_add (records, pd_audit_record_new_local (
        customer_id, date,
        (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2),
        (const char *) sqlite3_column_text (stmt, 3),
        sqlite3_column_int (stmt, 4),
        (const char *) sqlite3_column_text (stmt, 5),
        (const char *) sqlite3_column_text (stmt, 6)));
    }
  sqlite3_finalize (stmt);
  return records;
}

/* On the worker thread. */
static void
run_job (gpointer job_data,
         gpointer user_data)
{
  Job *job = job_data;
  PdJournal *self = user_data;
  gboolean ready = ensure_open (self);

  if (job->record != NULL && ready)
    insert_record (self, job->record);
  else if (job->task != NULL)
    {
      /* A journal that cannot open is an empty one: the service's history still shows. */
      if (ready)
        g_task_return_pointer (job->task, select_records (self, job->customer_id),
                               (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_pointer (job->task, g_ptr_array_new_with_free_func (g_object_unref),
                               (GDestroyNotify) g_ptr_array_unref);
    }
  job_free (job);
}

static void
pd_journal_finalize (GObject *object)
{
  PdJournal *self = PD_JOURNAL (object);

  /* Waits for the writes asked for: a submit's entry is never dropped on quit. */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->directory);
  g_free (self->path);

  G_OBJECT_CLASS (pd_journal_parent_class)->finalize (object);
}

static void
pd_journal_class_init (PdJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_journal_finalize;
}

static void
pd_journal_init (PdJournal *self)
{
  self->worker = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
}

PdJournal *
pd_journal_new (const char *directory)
{
  PdJournal *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (PD_TYPE_JOURNAL, NULL);
  self->directory = g_strdup (directory);
  self->path = g_build_filename (directory, JOURNAL_FILE, NULL);
  return self;
}

const char *
pd_journal_get_path (PdJournal *self)
{
  g_return_val_if_fail (PD_IS_JOURNAL (self), NULL);

  return self->path;
}

const char *
pd_journal_get_account_for_client (PdClient *client)
{
  PdTokenProvider *provider;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  provider = pd_client_get_token_provider (client);
  if (!PD_IS_OAUTH_TOKEN_PROVIDER (provider))
    return NULL;
  return pd_oauth_token_provider_get_account_username (PD_OAUTH_TOKEN_PROVIDER (provider));
}

char *
pd_journal_dup_key_for_client (PdClient *client)
{
  return pd_local_store_dup_key (client);
}

/* The journals open now, by key (main thread only): the edit window and the history page
 * share one writer. */
static GHashTable *journals;

static GObject *
new_journal (const char *directory)
{
  return G_OBJECT (pd_journal_new (directory));
}

PdJournal *
pd_journal_dup_for_client (PdClient *client)
{
  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  return pd_local_store_dup_shared (&journals, client, new_journal);
}

void
pd_journal_add (PdJournal     *self,
                PdAuditRecord *record)
{
  Job *job;

  g_return_if_fail (PD_IS_JOURNAL (self));
  g_return_if_fail (PD_IS_AUDIT_RECORD (record));

  job = g_new0 (Job, 1);
  job->record = g_object_ref (record);
  g_thread_pool_push (self->worker, job, NULL);
}

void
pd_journal_list_async (PdJournal           *self,
                       const char          *customer_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PD_IS_JOURNAL (self));
  g_return_if_fail (customer_id != NULL);

  job = g_new0 (Job, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, pd_journal_list_async);
  job->customer_id = g_strdup (customer_id);
  g_thread_pool_push (self->worker, job, NULL);
}

GPtrArray *
pd_journal_list_finish (PdJournal     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
