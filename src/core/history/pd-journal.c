/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-journal.c: the local journal of submits made from this computer, in SQLite, per
 * connection. Only what was submitted and the request's ids: never a token or secret. */

#include "config.h"

#define G_LOG_DOMAIN "pd-journal"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "pd-journal.h"
#include "pd-oauth-token-provider.h"

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
    g_main_context_invoke (g_task_get_context (job->task), unref_task, job->task);
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

/* The file exists with mode 0600 before SQLite opens it (it gives its side files the
 * same mode): the journal says who changed what, which is nobody else's business. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
open_db (PdJournal  *self,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (g_mkdir_with_parents (self->directory, 0700) != 0 ||
      !create_private_file (self->path, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                     "Could not create %s", self->directory);
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_busy_timeout (self->db, 2000);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  /* A newer app's journal is left alone rather than misread. */
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The journal %s has schema version %d", self->path, version);
      return FALSE;
    }
  if (sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  return TRUE;

failed:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not open the journal %s: %s",
               self->path, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
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

/* GLib 2.74 has no microsecond Unix times: they are built here. */
static gint64
to_unix_usec (GDateTime *date)
{
  return g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

static GDateTime *
from_unix_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return seconds != NULL ? g_date_time_add (seconds, usec % G_USEC_PER_SEC) : NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
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
      bind_text (stmt, 1, pd_audit_record_get_customer_id (record));
      sqlite3_bind_int64 (stmt, 2, to_unix_usec (pd_audit_record_get_date (record)));
      bind_text (stmt, 3, pd_audit_record_get_user_principal_name (record));
      bind_text (stmt, 4, pd_audit_record_get_old_value (record));
      bind_text (stmt, 5, pd_audit_record_get_new_value (record));
      sqlite3_bind_int (stmt, 6, pd_audit_record_get_status (record));
      bind_text (stmt, 7, pd_audit_record_get_request_id (record));
      bind_text (stmt, 8, pd_audit_record_get_correlation_id (record));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Could not write to the journal: %s", sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM entries WHERE date_us < ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, to_unix_usec (oldest));
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

  bind_text (stmt, 1, customer_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) date =
        from_unix_usec (sqlite3_column_int64 (stmt, 0));

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
  g_autoptr(GUri) uri = NULL;
  g_autofree char *identity = NULL;
  PdTokenProvider *provider;
  const char *host;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  provider = pd_client_get_token_provider (client);
  if (PD_IS_OAUTH_TOKEN_PROVIDER (provider))
    {
      PdOAuthTokenProvider *oauth = PD_OAUTH_TOKEN_PROVIDER (provider);
      PdConnection *connection = pd_oauth_token_provider_get_connection (oauth);
      const char *account = pd_oauth_token_provider_get_account_username (oauth);

      identity = g_strdup_printf ("%d\n%s\n%s\n%s", pd_connection_get_cloud (connection),
                                  pd_connection_get_api_base_url (connection),
                                  pd_connection_get_tenant (connection),
                                  account != NULL ? account : "");
    }
  else
    {
      /* Demo data lives on a loopback sandbox whose port changes: one fixed key. */
      uri = g_uri_parse (pd_client_get_base_url (client), G_URI_FLAGS_NONE, NULL);
      host = uri != NULL ? g_uri_get_host (uri) : NULL;
      if (g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
          g_strcmp0 (host, "::1") == 0)
        return g_strdup ("demo");
      identity = g_strdup_printf ("token\n%s", pd_client_get_base_url (client));
    }

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
}

/* The journals open now, by key (main thread only): the edit window and the history page
 * share one writer. */
static GHashTable *journals;

static void
forget_journal (gpointer  key,
                GObject  *journal)
{
  g_hash_table_remove (journals, key);
  g_free (key);
}

PdJournal *
pd_journal_dup_for_client (PdClient *client)
{
  g_autofree char *key = NULL;
  g_autofree char *directory = NULL;
  PdJournal *journal;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  if (journals == NULL)
    journals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  key = pd_journal_dup_key_for_client (client);
  journal = g_hash_table_lookup (journals, key);
  if (journal != NULL)
    return g_object_ref (journal);

  directory = g_build_filename (g_get_user_cache_dir (), "partner-desk", key, NULL);
  journal = pd_journal_new (directory);
  g_hash_table_insert (journals, g_strdup (key), journal);
  g_object_weak_ref (G_OBJECT (journal), forget_journal, g_strdup (key));
  return journal;
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
