/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-local-store.c: the connection's directory under the user's cache directory and the
 * private SQLite files in it, shared by the journal (history/) and the cache. */

#include "config.h"

#define G_LOG_DOMAIN "pd-local-store"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pd-local-store.h"
#include "pd-oauth-token-provider.h"

char *
pd_local_store_dup_key (PdClient *client)
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

char *
pd_local_store_dup_directory (PdClient *client)
{
  g_autofree char *key = pd_local_store_dup_key (client);

  return g_build_filename (g_get_user_cache_dir (), "partner-desk", key, NULL);
}

typedef struct
{
  GHashTable *registry;
  char       *key;
} Entry;

static void
forget_shared (gpointer  data,
               GObject  *object)
{
  Entry *entry = data;

  g_hash_table_remove (entry->registry, entry->key);
  g_free (entry->key);
  g_free (entry);
}

gpointer
pd_local_store_dup_shared (GHashTable          **registry,
                           PdClient             *client,
                           PdLocalStoreNewFunc   new_func)
{
  g_autofree char *key = NULL;
  g_autofree char *directory = NULL;
  GObject *object;
  Entry *entry;

  g_return_val_if_fail (registry != NULL, NULL);
  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (new_func != NULL, NULL);

  if (*registry == NULL)
    *registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  key = pd_local_store_dup_key (client);
  object = g_hash_table_lookup (*registry, key);
  if (object != NULL)
    return g_object_ref (object);

  directory = g_build_filename (g_get_user_cache_dir (), "partner-desk", key, NULL);
  object = new_func (directory);
  entry = g_new0 (Entry, 1);
  entry->registry = *registry;
  entry->key = g_strdup (key);
  g_hash_table_insert (*registry, g_steal_pointer (&key), object);
  g_object_weak_ref (object, forget_shared, entry);
  return object;
}

gpointer
pd_local_store_lookup_shared (GHashTable *registry,
                              PdClient   *client)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  if (registry == NULL)
    return NULL;
  key = pd_local_store_dup_key (client);
  return g_hash_table_lookup (registry, key);
}

/* The file exists with mode 0600 before SQLite opens it (it gives its side files the
 * same mode): what these files hold is nobody else's business. */
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

gboolean
pd_local_store_open (const char  *directory,
                     const char  *path,
                     sqlite3    **db,
                     GError     **error)
{
  g_return_val_if_fail (directory != NULL && path != NULL, FALSE);
  g_return_val_if_fail (db != NULL && *db == NULL, FALSE);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create %s: %s", directory, g_strerror (saved));
      return FALSE;
    }
  if (!create_private_file (path, error))
    return FALSE;

  if (sqlite3_open_v2 (path, db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not open %s: %s", path,
                   *db != NULL ? sqlite3_errmsg (*db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (*db, 2000);
  return TRUE;
}

int
pd_local_store_get_pragma (sqlite3    *db,
                           const char *name)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", name);
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gint64
pd_local_store_usec_from_date (GDateTime *date)
{
  return g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

GDateTime *
pd_local_store_date_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return seconds != NULL ? g_date_time_add (seconds, usec % G_USEC_PER_SEC) : NULL;
}

void
pd_local_store_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}
