/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache-schema.c: the cache's file: opened only when it is ours, whole and not newer,
 * migrated step by step, set aside when it is not, deleted on request. Worker thread only. */

#include "config.h"

#define G_LOG_DOMAIN "pd-cache"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-cache-private.h"
#include "pd-local-store.h"

/* "PdCa": says the file is Partner Desk's cache (see sqlite3's magic.txt for the idea). */
#define PD_CACHE_APPLICATION_ID 0x50644361

/* Damaged files kept for a look, newest first; older ones are deleted. */
#define DAMAGED_KEPT 2
#define DAMAGED_INFIX ".damaged-"

/* Step N takes a file from schema version N to N + 1, in one transaction with the new
 * user_version. A file made by an older app runs the steps it lacks; one made by a newer
 * app (user_version beyond them) is set aside, never misread. Add a step, never change
 * one that shipped. */
static const char *const migrations[] = {
  /* 0 → 1. The list is stored in its default order, (folded name, id), so loading it is
   * one walk of the table with no sort and no lookups; the id is the unique key upserts
   * go by. */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value INTEGER);"
  "CREATE TABLE customers ("
  "  id TEXT NOT NULL,"
  "  relationship TEXT,"
  "  company_name TEXT,"
  "  domain TEXT,"
  "  tenant_id TEXT,"
  "  name_key TEXT NOT NULL,"  /* pd_customer_table_fold_text (company_name) */
  "  seen INTEGER NOT NULL,"  /* the generation of the last listing that sent it */
  "  PRIMARY KEY (name_key, id)) WITHOUT ROWID;"
  "CREATE UNIQUE INDEX customers_by_id ON customers (id);"
  "CREATE TABLE profiles ("
  "  customer_id TEXT PRIMARY KEY NOT NULL,"
  "  relationship TEXT,"
  "  company TEXT,"            /* the company profile, JSON */
  "  billing TEXT,"            /* the billing profile, JSON, without its etag */
  "  read_at INTEGER NOT NULL);",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

gboolean
pd_cache_db_check (PdCache *self,
                   int      rc,
                   int      expected)
{
  if (rc == expected)
    return TRUE;

  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    self->damaged = TRUE;
  else if (!self->write_failed && rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      /* A full disk, say: the cache is a help, the app goes on without the write. */
      self->write_failed = TRUE;
      g_message ("The cache %s could not be used: %s", self->path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
    }
  return FALSE;
}

gboolean
pd_cache_db_exec (PdCache    *self,
                  const char *sql)
{
  return pd_cache_db_check (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

void
pd_cache_db_commit_batch (PdCache *self)
{
  if (self->batch_rows == 0)
    return;
  self->batch_rows = 0;
  if (!pd_cache_db_exec (self, "COMMIT"))
    pd_cache_db_exec (self, "ROLLBACK");
}

void
pd_cache_db_close (PdCache *self)
{
  if (self->db != NULL)
    pd_cache_db_commit_batch (self);
  self->batch_rows = 0;
  g_clear_pointer (&self->upsert, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  self->listing = FALSE;
  self->generation = 0;
}

/* Returns: (transfer full) (nullable): the first value @sql gives, NULL on an error. */
static char *
dup_text_result (sqlite3    *db,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static int
count_schema_objects (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt,
                          NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
migrate (PdCache  *self,
         int       version,
         char    **why)
{
  for (int step = version; step < SCHEMA_VERSION; step++)
    {
      g_autofree char *sql =
        g_strdup_printf ("BEGIN IMMEDIATE;%s PRAGMA application_id = %d;"
                         "PRAGMA user_version = %d; COMMIT;",
                         migrations[step], PD_CACHE_APPLICATION_ID, step + 1);
      char *message = NULL;

      if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
        {
          *why = g_strdup_printf ("migrating from schema version %d failed: %s", step,
                                  message != NULL ? message : "?");
          sqlite3_free (message);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether the open file is a cache this app can use; migrates an older one. */
static gboolean
check_file (PdCache  *self,
            char    **why)
{
  int application_id = pd_local_store_get_pragma (self->db, "application_id");
  int version = pd_local_store_get_pragma (self->db, "user_version");
  g_autofree char *check = NULL;

  if (application_id < 0 || version < 0)
    {
      *why = g_strdup_printf ("it cannot be read: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  /* A new file is empty: anything else without our mark is someone else's. */
  if (application_id == 0 && version == 0 && count_schema_objects (self->db) == 0)
    return migrate (self, 0, why);
  if (application_id != PD_CACHE_APPLICATION_ID)
    {
      *why = g_strdup_printf ("another program's database (application_id %d)",
                              application_id);
      return FALSE;
    }
  if (version > SCHEMA_VERSION || version < 1)
    {
      *why = g_strdup_printf ("schema version %d, this app knows 1 to %d", version,
                              SCHEMA_VERSION);
      return FALSE;
    }
  /* Reads every page (not the indexes' agreement with the table): a torn or truncated
   * file shows here rather than as rows missing from the list. */
  check = dup_text_result (self->db, "PRAGMA quick_check(1)");
  if (g_strcmp0 (check, "ok") != 0)
    {
      *why = g_strdup_printf ("its integrity check failed: %s",
                              check != NULL ? check : sqlite3_errmsg (self->db));
      return FALSE;
    }
  return migrate (self, version, why);
}

typedef enum
{
  OPENED,
  FILE_BAD,   /* set it aside and make a new one */
  CANNOT,     /* no file can be made here */
} OpenResult;

static OpenResult
try_open (PdCache  *self,
          char    **why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;

  if (!pd_local_store_open (self->directory, self->path, &self->db, &error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      *why = g_strdup (error->message);
      /* The directory is there but the file will not open (no permission on it, say). */
      return g_file_test (self->path, G_FILE_TEST_EXISTS) ? FILE_BAD : CANNOT;
    }

  if (!check_file (self, why))
    return FILE_BAD;

  /* One writer, commits without a sync each: a cache may lose its last writes in a power
   * cut, never its consistency. A file system without WAL keeps the rollback journal. */
  mode = dup_text_result (self->db, "PRAGMA journal_mode = WAL");
  if (mode == NULL)
    {
      *why = g_strdup (sqlite3_errmsg (self->db));
      return FILE_BAD;
    }
  sqlite3_exec (self->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  /* SQLite's default page cache (2 MB): 16 MB read the list no faster than the system's
   * file cache does, and counted whole in the app's peak memory at 100,000 customers. */
  return OPENED;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full): the files set aside, oldest first (their names sort by time). */
static GPtrArray *
list_damaged (PdCache *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (self->directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, PD_CACHE_FILE DAMAGED_INFIX))
      g_ptr_array_add (names, g_build_filename (self->directory, name, NULL));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
delete_side_files (const char *path)
{
  static const char *const sides[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *side = g_strconcat (path, sides[i], NULL);

      g_unlink (side);
    }
}

static void
set_aside (PdCache    *self,
           const char *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S.%fZ");
  g_autofree char *aside = g_strconcat (self->path, DAMAGED_INFIX, stamp, NULL);
  g_autoptr(GPtrArray) damaged = NULL;

  pd_cache_db_close (self);
  /* Its journal or WAL is no use without it, and must not meet the new file. */
  delete_side_files (self->path);
  if (g_rename (self->path, aside) != 0)
    {
      g_unlink (self->path);
      g_clear_pointer (&aside, g_free);
    }
  g_message ("The cache %s was not usable (%s): %s%s; a new one is made.", self->path, why,
             aside != NULL ? "set aside as " : "deleted", aside != NULL ? aside : "");

  damaged = list_damaged (self);
  for (guint i = 0; i + DAMAGED_KEPT < damaged->len; i++)
    g_unlink (g_ptr_array_index (damaged, i));
}

gboolean
pd_cache_db_ensure_open (PdCache *self)
{
  g_autofree char *why = NULL;
  OpenResult result;

  if (self->db != NULL || self->broken)
    return self->db != NULL;

  result = try_open (self, &why);
  if (result == FILE_BAD)
    {
      set_aside (self, why);
      g_clear_pointer (&why, g_free);
      result = try_open (self, &why);
    }
  if (result != OPENED)
    {
      /* The cache is a help, not a condition: the app works without it. */
      g_warning ("No cache: %s", why);
      pd_cache_db_close (self);
      self->broken = TRUE;
      return FALSE;
    }
  self->damaged = FALSE;
  return TRUE;
}

void
pd_cache_db_set_aside_if_damaged (PdCache *self)
{
  if (!self->damaged)
    return;
  self->damaged = FALSE;
  set_aside (self, "it is damaged");
}

void
pd_cache_db_delete_files (PdCache *self)
{
  g_autoptr(GPtrArray) damaged = NULL;

  pd_cache_db_close (self);
  delete_side_files (self->path);
  g_unlink (self->path);
  damaged = list_damaged (self);
  for (guint i = 0; i < damaged->len; i++)
    g_unlink (g_ptr_array_index (damaged, i));
  /* What could not be made before may be possible now. */
  self->broken = FALSE;
  self->damaged = FALSE;
  self->write_failed = FALSE;
}
