/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache-private.h: the cache's state and its worker's jobs, shared by the object
 * (pd-cache.c), the file (pd-cache-schema.c) and the rows (pd-cache-store.c). Everything
 * here but the object's fields marked otherwise runs on the worker thread only. */
#pragma once

#include <sqlite3.h>

#include "pd-cache.h"

G_BEGIN_DECLS

#define PD_CACHE_FILE "cache.sqlite"

/* Rows written per transaction at most: a listing's pages are grouped while they queue up. */
#define PD_CACHE_BATCH_ROWS 5000

struct _PdCache
{
  GObject      parent_instance;

  char        *directory;
  char        *path;
  GThreadPool *worker;       /* one thread: the jobs run in order */
  int          clear_epoch;  /* atomic: writes asked before the last clear are dropped */
  int          n_queued;     /* atomic: jobs asked for and not started */
  int          n_unfinished; /* atomic: jobs asked for and not done */

  /* The worker's alone. */
  sqlite3     *db;
  sqlite3_stmt *upsert;      /* a list row, prepared once per file */
  gboolean     broken;       /* no usable file can be made: said once, the cache acts empty */
  gboolean     damaged;      /* a statement found the file corrupt: set aside after the job */
  gboolean     write_failed; /* a write failed: said once */
  gboolean     listing;      /* begun, not ended */
  gint64       generation;   /* the listing's mark in customers.seen */
  guint        batch_rows;   /* rows in the open transaction; 0: none open */
};

/* A page of loaded customers for the caller's thread; FALSE stops the load. */
typedef gboolean (*PdCachePageSink) (GPtrArray *customers,
                                     gpointer   data);

/* pd-cache-deliver.c: back to the caller's context. */
/* Drops @task there: a task holds the cache, which must not go on its own worker. */
void        pd_cache_unref_task_on_its_context (GTask   *task);
/* Returns @result on @task's context; @task: (transfer full), dropped there afterwards. */
void        pd_cache_return_on_context      (GTask         *task,
                                             gpointer       result,
                                             GDestroyNotify result_free);

/* A load of the list, as its task's data. */
typedef struct _PdCacheLoad PdCacheLoad;

PdCacheLoad *pd_cache_load_new              (PdCustomerPageFunc page_func,
                                             gpointer       page_data,
                                             GDestroyNotify page_data_destroy);
void        pd_cache_load_free              (PdCacheLoad   *load);
/* Reads the list (nothing when not @ready: then on any thread) into the pages of @task
 * (transfer full: handed to the last delivery, which returns it). */
void        pd_cache_run_load               (PdCache       *self,
                                             GTask         *task,
                                             gboolean       ready);
gboolean    pd_cache_load_propagate         (GTask         *task,
                                             guint         *n_customers,
                                             GDateTime    **updated_at,
                                             GError       **error);

/* pd-cache-schema.c: the file. */
gboolean    pd_cache_db_ensure_open         (PdCache       *self);
void        pd_cache_db_close               (PdCache       *self);
/* Notes SQLITE_CORRUPT and SQLITE_NOTADB (the file is set aside after the job); says the
 * first failed write. Returns: @rc == @expected. */
gboolean    pd_cache_db_check               (PdCache       *self,
                                             int            rc,
                                             int            expected);
gboolean    pd_cache_db_exec                (PdCache       *self,
                                             const char    *sql);
void        pd_cache_db_commit_batch        (PdCache       *self);
void        pd_cache_db_set_aside_if_damaged (PdCache      *self);
/* Closes the file and deletes it with its side files and those set aside. */
void        pd_cache_db_delete_files        (PdCache       *self);

/* pd-cache-store.c: the rows. */
void        pd_cache_store_begin            (PdCache       *self);
/* Within the open batch; commits it when it is full or nothing else is queued. */
void        pd_cache_store_add              (PdCache       *self,
                                             GPtrArray     *customers);
void        pd_cache_store_end              (PdCache       *self,
                                             gboolean       complete);
void        pd_cache_store_profile          (PdCache       *self,
                                             const char    *customer_id,
                                             const char    *relationship,
                                             const char    *company_json,
                                             const char    *billing_json,
                                             gint64         read_at);
/* Returns: the update time (Unix µs), 0 when never. */
gint64      pd_cache_store_get_updated_at   (PdCache       *self);
/* Hands @sink the list in pages of PD_CACHE_LOAD_PAGE; rows with bad values are skipped.
 * Returns: how many customers were handed over. */
guint       pd_cache_store_read_customers   (PdCache       *self,
                                             PdCachePageSink sink,
                                             gpointer       data);
/* Returns: (nullable) (transfer full) */
PdCustomer *pd_cache_store_read_customer    (PdCache       *self,
                                             const char    *customer_id,
                                             gint64        *read_at);
/* Returns: (transfer full): id → PdBillingProfile. */
GHashTable *pd_cache_store_read_billing     (PdCache       *self,
                                             const char * const *customer_ids,
                                             gint64         fresh_since);

G_END_DECLS
