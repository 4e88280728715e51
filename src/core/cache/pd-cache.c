/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache.c: the local cache of a connection: the customer list and the accounts read, in
 * SQLite, per connection, written and read by one worker thread in the order asked. Only
 * what the list and the account pages show: never a token, a secret or an etag. */

#include "config.h"

#define G_LOG_DOMAIN "pd-cache"

#include "pd-cache-private.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include "pd-json.h"
#include "pd-local-store.h"

G_DEFINE_FINAL_TYPE (PdCache, pd_cache, G_TYPE_OBJECT)

typedef enum
{
  JOB_BEGIN,
  JOB_ADD,
  JOB_END,
  JOB_SNAPSHOT,
  JOB_STORE,
  JOB_LOAD_CUSTOMERS,
  JOB_LOAD_CUSTOMER,
  JOB_LOAD_BILLING,
  JOB_CLEAR,
  JOB_SYNC,
} JobKind;

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
} SyncPoint;

typedef struct
{
  JobKind     kind;
  int         epoch;       /* writes: the clear epoch when asked */
  GTask      *task;        /* loads */
  GPtrArray  *customers;   /* JOB_ADD */
  PdCustomerSnapshot *snapshot;  /* JOB_SNAPSHOT */
  gboolean    complete;    /* JOB_END, JOB_SNAPSHOT */
  char       *id;          /* JOB_STORE, JOB_LOAD_CUSTOMER */
  char       *relationship;
  char       *company_json;
  char       *billing_json;
  gint64      read_at;
  char      **ids;         /* JOB_LOAD_BILLING */
  gint64      fresh_since;
  SyncPoint  *sync;        /* JOB_SYNC */
} Job;

static void
job_free (Job *job)
{
  if (job->task != NULL)
    pd_cache_unref_task_on_its_context (job->task);
  g_clear_pointer (&job->customers, g_ptr_array_unref);
  g_clear_pointer (&job->snapshot, pd_customer_snapshot_unref);
  g_free (job->id);
  g_free (job->relationship);
  g_free (job->company_json);
  g_free (job->billing_json);
  g_strfreev (job->ids);
  g_free (job);
}

static Job *
job_new (PdCache *self,
         JobKind  kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->epoch = g_atomic_int_get (&self->clear_epoch);
  return job;
}

/* A job that answers through a task. */
static Job *
job_new_load (PdCache             *self,
              JobKind              kind,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Job *job = job_new (self, kind);

  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  return job;
}

/* ---- The worker ---- */

typedef struct
{
  PdCustomer *customer;
  GDateTime  *read_at;
} CustomerResult;

static void
customer_result_free (CustomerResult *result)
{
  g_clear_object (&result->customer);
  g_clear_pointer (&result->read_at, g_date_time_unref);
  g_free (result);
}

static gboolean
is_write (JobKind kind)
{
  return kind == JOB_BEGIN || kind == JOB_ADD || kind == JOB_END || kind == JOB_SNAPSHOT ||
         kind == JOB_STORE;
}

/* The list as a snapshot of the table has it, as one listing: customers are made a batch at
 * a time here, on the worker, and dropped once written. */
static void
write_snapshot (PdCache            *self,
                PdCustomerSnapshot *snapshot,
                gboolean            complete)
{
  guint n_rows = pd_customer_snapshot_get_n_rows (snapshot);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  pd_cache_store_begin (self);
  for (guint row = 0; row < n_rows && !self->damaged; row++)
    {
      if (!pd_customer_snapshot_row_is_current (snapshot, row))
        continue;
      g_ptr_array_add (batch, pd_customer_snapshot_new_customer (snapshot, row));
      if (batch->len == PD_CACHE_BATCH_ROWS)
        {
          pd_cache_store_add (self, batch);
          g_ptr_array_set_size (batch, 0);
        }
    }
  if (batch->len > 0)
    pd_cache_store_add (self, batch);
  pd_cache_store_end (self, complete);
}

static void
run_job_on_file (PdCache *self,
                 Job     *job,
                 gboolean ready)
{
  switch (job->kind)
    {
    case JOB_BEGIN:
      pd_cache_store_begin (self);
      break;
    case JOB_ADD:
      pd_cache_store_add (self, job->customers);
      break;
    case JOB_END:
      pd_cache_store_end (self, job->complete);
      break;
    case JOB_SNAPSHOT:
      write_snapshot (self, job->snapshot, job->complete);
      break;
    case JOB_STORE:
      pd_cache_store_profile (self, job->id, job->relationship, job->company_json,
                              job->billing_json, job->read_at);
      break;
    case JOB_LOAD_CUSTOMERS:
      pd_cache_run_load (self, g_steal_pointer (&job->task), ready);
      break;
    case JOB_LOAD_CUSTOMER:
      {
        CustomerResult *result = g_new0 (CustomerResult, 1);
        gint64 read_at = 0;

        result->customer = ready ? pd_cache_store_read_customer (self, job->id, &read_at)
                                 : NULL;
        if (result->customer != NULL)
          result->read_at = pd_local_store_date_from_usec (read_at);
        pd_cache_return_on_context (g_steal_pointer (&job->task), result,
                                    (GDestroyNotify) customer_result_free);
      }
      break;
    case JOB_LOAD_BILLING:
      pd_cache_return_on_context (g_steal_pointer (&job->task),
                                  ready ? pd_cache_store_read_billing (
                                            self, (const char * const *) job->ids,
                                            job->fresh_since)
                                        : g_hash_table_new (g_str_hash, g_str_equal),
                                  (GDestroyNotify) g_hash_table_unref);
      break;
    case JOB_CLEAR:
    case JOB_SYNC:
    default:
      g_assert_not_reached ();
    }
}

/* The cache's writes (a second or more for 100,000 customers) must not take the CPU
 * from the window or from a listing: its thread runs at a lower priority (Linux sets the
 * nice value per thread). */
static void
lower_worker_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the cache thread's priority: %s", g_strerror (errno));
#endif
}

/* On the worker thread. */
static void
run_job_now (PdCache *self,
             Job     *job)
{
  gboolean ready;

  /* A listing's pages share a transaction only while they follow each other. */
  if (job->kind != JOB_ADD && self->db != NULL)
    pd_cache_db_commit_batch (self);

  if (job->kind == JOB_SYNC)
    {
      g_mutex_lock (&job->sync->lock);
      job->sync->done = TRUE;
      g_cond_signal (&job->sync->cond);
      g_mutex_unlock (&job->sync->lock);
      job_free (job);
      return;
    }
  if (job->kind == JOB_CLEAR)
    {
      pd_cache_db_delete_files (self);
      job_free (job);
      return;
    }
  /* What was asked before a clear would be deleted by it. */
  if (is_write (job->kind) && job->epoch != g_atomic_int_get (&self->clear_epoch))
    {
      job_free (job);
      return;
    }

  ready = pd_cache_db_ensure_open (self);
  if (ready || !is_write (job->kind))
    run_job_on_file (self, job, ready);
  pd_cache_db_set_aside_if_damaged (self);
  job_free (job);
}

static void
run_job (gpointer job_data,
         gpointer user_data)
{
  PdCache *self = user_data;

  lower_worker_priority ();
  g_atomic_int_dec_and_test (&self->n_queued);
  run_job_now (self, job_data);
  g_atomic_int_dec_and_test (&self->n_unfinished);
}

static void
push (PdCache *self,
      Job     *job)
{
  g_atomic_int_inc (&self->n_unfinished);
  g_atomic_int_inc (&self->n_queued);
  g_thread_pool_push (self->worker, job, NULL);
}

static void
pd_cache_finalize (GObject *object)
{
  PdCache *self = PD_CACHE (object);

  /* Waits for the writes asked for: what was listed is kept on quit. */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  pd_cache_db_close (self);
  g_free (self->directory);
  g_free (self->path);

  G_OBJECT_CLASS (pd_cache_parent_class)->finalize (object);
}

static void
pd_cache_class_init (PdCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_cache_finalize;
}

static void
pd_cache_init (PdCache *self)
{
  self->worker = g_thread_pool_new (run_job, self, 1, FALSE, NULL);
}

PdCache *
pd_cache_new (const char *directory)
{
  PdCache *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (PD_TYPE_CACHE, NULL);
  self->directory = g_strdup (directory);
  self->path = g_build_filename (directory, PD_CACHE_FILE, NULL);
  return self;
}

/* The caches open now, by connection (main thread only). */
static GHashTable *caches;

static GObject *
new_cache (const char *directory)
{
  return G_OBJECT (pd_cache_new (directory));
}

PdCache *
pd_cache_dup_for_client (PdClient *client)
{
  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);

  return pd_local_store_dup_shared (&caches, client, new_cache);
}

const char *
pd_cache_get_path (PdCache *self)
{
  g_return_val_if_fail (PD_IS_CACHE (self), NULL);

  return self->path;
}

void
pd_cache_load_customers_async (PdCache             *self,
                               PdCustomerPageFunc   page_func,
                               gpointer             page_data,
                               GDestroyNotify       page_data_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (page_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_load (self, JOB_LOAD_CUSTOMERS, pd_cache_load_customers_async, cancellable, callback, user_data);
  g_task_set_task_data (job->task, pd_cache_load_new (page_func, page_data, page_data_destroy),
                        (GDestroyNotify) pd_cache_load_free);

  /* A first start has no file, nor has a start after the cache was cleared: nothing to
   * read, and the worker would make the file and its tables first (about 10 ms), while
   * the listing waits for this answer. With no job unfinished, nothing of ours is about
   * to make the file before this load would have run. */
  if (g_atomic_int_get (&self->n_unfinished) == 0
      && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      pd_cache_run_load (self, g_steal_pointer (&job->task), FALSE);
      job_free (job);
      return;
    }
  push (self, job);
}

gboolean
pd_cache_load_customers_finish (PdCache       *self,
                                GAsyncResult  *result,
                                guint         *n_customers,
                                GDateTime    **updated_at,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_cache_load_customers_async, FALSE);

  return pd_cache_load_propagate (G_TASK (result), n_customers, updated_at, error);
}

void
pd_cache_begin_customers (PdCache *self)
{
  g_return_if_fail (PD_IS_CACHE (self));

  push (self, job_new (self, JOB_BEGIN));
}

void
pd_cache_add_customers (PdCache   *self,
                        GPtrArray *customers)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (customers != NULL);

  job = job_new (self, JOB_ADD);
  job->customers = g_ptr_array_ref (customers);
  push (self, job);
}

void
pd_cache_write_customers (PdCache            *self,
                          PdCustomerSnapshot *snapshot,
                          gboolean            complete)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (snapshot != NULL);

  job = job_new (self, JOB_SNAPSHOT);
  job->snapshot = pd_customer_snapshot_ref (snapshot);
  job->complete = complete;
  push (self, job);
}

void
pd_cache_end_customers (PdCache  *self,
                        gboolean  complete)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));

  job = job_new (self, JOB_END);
  job->complete = complete;
  push (self, job);
}

/* Returns: (transfer full): the company profile as JSON (the list's fields, the email,
 * the registration number and the address). */
static char *
company_to_json (PdCompanyProfile *company)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  GString *text = g_string_new (NULL);
  PdAddress *address = pd_company_profile_get_address (company);
  const struct { const char *member; const char *value; } fields[] = {
    { "tenantId", pd_company_profile_get_tenant_id (company) },
    { "domain", pd_company_profile_get_domain (company) },
    { "companyName", pd_company_profile_get_company_name (company) },
    { "email", pd_company_profile_get_email (company) },
    { "organizationRegistrationNumber",
      pd_company_profile_get_organization_registration_number (company) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL && *fields[i].value != '\0')
      json_object_set_string_member (object, fields[i].member, fields[i].value);
  if (address != NULL)
    json_object_set_object_member (object, "address", pd_address_to_json (address));

  node = json_node_init_object (json_node_alloc (), object);
  pd_json_append_node (text, node);
  return g_string_free (text, FALSE);
}

/* Returns: (transfer full): the billing profile as JSON, its etag left out. */
static char *
billing_to_json (PdBillingProfile *billing)
{
  g_autoptr(PdBillingProfile) copy = pd_billing_profile_copy (billing);
  GString *text = g_string_new (NULL);

  pd_billing_profile_set_etag (copy, NULL);
  pd_billing_profile_write (copy, text);
  return g_string_free (text, FALSE);
}

void
pd_cache_store_customer (PdCache    *self,
                         PdCustomer *customer)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  PdBillingProfile *billing;
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (PD_IS_CUSTOMER (customer));

  /* A list item has no account to keep. */
  billing = pd_customer_get_billing_profile (customer);
  if (billing == NULL || *pd_customer_get_id (customer) == '\0')
    return;

  /* The JSON is written here: the customer is the caller's, and may change after. */
  job = job_new (self, JOB_STORE);
  job->id = g_strdup (pd_customer_get_id (customer));
  job->relationship = g_strdup (pd_customer_get_relationship (customer));
  job->company_json = company_to_json (pd_customer_get_company_profile (customer));
  job->billing_json = billing_to_json (billing);
  job->read_at = pd_local_store_usec_from_date (now);
  push (self, job);
}

void
pd_cache_load_customer_async (PdCache             *self,
                              const char          *customer_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (customer_id != NULL);

  job = job_new_load (self, JOB_LOAD_CUSTOMER, pd_cache_load_customer_async, cancellable, callback, user_data);
  job->id = g_strdup (customer_id);
  push (self, job);
}

PdCustomer *
pd_cache_load_customer_finish (PdCache       *self,
                               GAsyncResult  *result,
                               GDateTime    **read_at,
                               GError       **error)
{
  CustomerResult *customer_result;
  PdCustomer *customer;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_cache_load_customer_async, NULL);

  customer_result = g_task_propagate_pointer (G_TASK (result), error);
  if (read_at != NULL)
    *read_at = customer_result != NULL ? g_steal_pointer (&customer_result->read_at) : NULL;
  if (customer_result == NULL)
    return NULL;
  customer = g_steal_pointer (&customer_result->customer);
  customer_result_free (customer_result);
  return customer;
}

void
pd_cache_load_billing_profiles_async (PdCache             *self,
                                      const char * const  *customer_ids,
                                      GDateTime           *fresh_since,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));
  g_return_if_fail (customer_ids != NULL);

  job = job_new_load (self, JOB_LOAD_BILLING, pd_cache_load_billing_profiles_async, cancellable, callback, user_data);
  job->ids = g_strdupv ((char **) customer_ids);
  job->fresh_since = fresh_since != NULL ? pd_local_store_usec_from_date (fresh_since)
                                         : G_MININT64;
  push (self, job);
}

GHashTable *
pd_cache_load_billing_profiles_finish (PdCache       *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_cache_load_billing_profiles_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pd_cache_clear (PdCache *self)
{
  g_return_if_fail (PD_IS_CACHE (self));

  g_atomic_int_inc (&self->clear_epoch);
  push (self, job_new (self, JOB_CLEAR));
}

void
pd_cache_delete_for_client (PdClient *client)
{
  g_autofree char *directory = NULL;
  PdCache *open;

  g_return_if_fail (PD_IS_CLIENT (client));

  open = pd_local_store_lookup_shared (caches, client);
  if (open != NULL)
    {
      pd_cache_clear (open);
      pd_cache_sync (open);
      return;
    }

  /* Nobody has it open: the files go at once, as a clear would delete them. */
  directory = pd_local_store_dup_directory (client);
  {
    g_autoptr(PdCache) closed = pd_cache_new (directory);

    pd_cache_clear (closed);
  }
}

void
pd_cache_sync (PdCache *self)
{
  SyncPoint point = { 0, };
  Job *job;

  g_return_if_fail (PD_IS_CACHE (self));

  g_mutex_init (&point.lock);
  g_cond_init (&point.cond);
  job = job_new (self, JOB_SYNC);
  job->sync = &point;
  push (self, job);

  g_mutex_lock (&point.lock);
  while (!point.done)
    g_cond_wait (&point.cond, &point.lock);
  g_mutex_unlock (&point.lock);
  g_mutex_clear (&point.lock);
  g_cond_clear (&point.cond);
}
