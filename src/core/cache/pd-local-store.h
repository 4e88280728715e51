/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-local-store.h: what the journal and the cache share: one directory per connection under
 * the user's cache directory, private SQLite files, times as integers. Core-internal. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "pd-client.h"

G_BEGIN_DECLS

/* Names the connection without saying it: a hash of cloud, API URL, tenant and account;
 * "demo" for the local sandbox. Returns: (transfer full) */
char       *pd_local_store_dup_key       (PdClient      *client);
/* <user cache dir>/partner-desk/<key>. Returns: (transfer full) */
char       *pd_local_store_dup_directory (PdClient      *client);

typedef GObject *(*PdLocalStoreNewFunc) (const char *directory);

/* The object of @client's connection in @registry (a hash table of the caller's, made on
 * first use; main thread only), made with @new_func when none lives: everyone who asks
 * while it lives shares it. Returns: (transfer full) */
gpointer    pd_local_store_dup_shared    (GHashTable         **registry,
                                          PdClient            *client,
                                          PdLocalStoreNewFunc  new_func);
/* Returns: (nullable) (transfer none): the object of @client's connection if one lives. */
gpointer    pd_local_store_lookup_shared (GHashTable          *registry,
                                          PdClient            *client);

/* Makes @directory (0700) and @path in it (0600, before SQLite opens it: it gives its side
 * files the same mode) and opens it read-write. On failure *db may be set (for its error
 * message): the caller closes it. */
gboolean    pd_local_store_open          (const char          *directory,
                                          const char          *path,
                                          sqlite3            **db,
                                          GError             **error);
/* The value of "PRAGMA @name", or -1 when it cannot be read. */
int         pd_local_store_get_pragma    (sqlite3             *db,
                                          const char          *name);

/* GLib 2.74 has no microsecond Unix times: they are built here. */
gint64      pd_local_store_usec_from_date (GDateTime          *date);
/* Returns: (nullable): NULL when @usec is out of GDateTime's range. */
GDateTime  *pd_local_store_date_from_usec (gint64              usec);

/* Binds @text, or NULL for NULL. */
void        pd_local_store_bind_text     (sqlite3_stmt        *stmt,
                                          int                  index,
                                          const char          *text);

G_END_DECLS
