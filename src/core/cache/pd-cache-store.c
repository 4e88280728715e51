/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-cache-store.c: the cache's rows: the list written in batches and read in the order of
 * the folded name, the accounts read as JSON. Worker thread only; values read back are
 * checked, since the file is only ever trusted as far as SQLite vouches for it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-cache"

#include <string.h>

#include "pd-cache-private.h"
#include "pd-customer-private.h"
#include "pd-customer-snapshot.h"
#include "pd-json.h"
#include "pd-local-store.h"

/* Longer values than these are not the service's: such a row is skipped. */
#define MAX_ID_BYTES    1024
#define MAX_TEXT_BYTES  (64 * 1024)
#define MAX_JSON_BYTES  (1024 * 1024)

static gboolean
set_meta (PdCache    *self,
          const char *key,
          gint64      value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (self->db,
                                                    "INSERT OR REPLACE INTO meta (key, value) "
                                                    "VALUES (?, ?)", -1, &stmt, NULL),
                          SQLITE_OK))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  ok = pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_finalize (stmt);
  return ok;
}

static gint64
get_meta (PdCache    *self,
          const char *key)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;
  int rc;

  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (self->db,
                                                    "SELECT value FROM meta WHERE key = ?",
                                                    -1, &stmt, NULL), SQLITE_OK))
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    pd_cache_db_check (self, rc, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return value;
}

gint64
pd_cache_store_get_updated_at (PdCache *self)
{
  return get_meta (self, "updated_at");
}

void
pd_cache_store_begin (PdCache *self)
{
  /* Kept in the file: rows an unfinished listing marked must not pass for this one's. */
  self->generation = get_meta (self, "generation") + 1;
  self->listing = set_meta (self, "generation", self->generation);
}

static void
delete_customer (PdCache    *self,
                 const char *id)
{
  sqlite3_stmt *stmt = NULL;

  if (pd_cache_db_check (self, sqlite3_prepare_v2 (self->db,
                                                   "DELETE FROM customers WHERE id = ?", -1,
                                                   &stmt, NULL), SQLITE_OK))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
}

static void
upsert_customer (PdCache    *self,
                 PdCustomer *customer)
{
  const char *id = pd_customer_get_id (customer);
  const char *name = pd_customer_get_company_name (customer);
  g_autofree char *name_key = pd_customer_table_fold_text (name != NULL ? name : "");
  sqlite3_stmt *stmt = self->upsert;

  if (id == NULL || *id == '\0')
    return;
  pd_local_store_bind_text (stmt, 1, id);
  pd_local_store_bind_text (stmt, 2, pd_customer_get_relationship (customer));
  pd_local_store_bind_text (stmt, 3, name);
  pd_local_store_bind_text (stmt, 4, pd_customer_get_domain (customer));
  pd_local_store_bind_text (stmt, 5, pd_customer_get_tenant_id (customer));
  sqlite3_bind_text (stmt, 6, name_key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, self->generation);
  if (pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE) &&
      sqlite3_changes (self->db) == 0)
    {
      /* Renamed: its place in the order is its key, so it moves (a name that is the same
       * keeps its row, which costs much less). */
      sqlite3_reset (stmt);
      delete_customer (self, id);
      pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
pd_cache_store_add (PdCache   *self,
                    GPtrArray *customers)
{
  if (self->upsert == NULL &&
      !pd_cache_db_check (self, sqlite3_prepare_v3 (
        self->db,
        "INSERT INTO customers (id, relationship, company_name, domain, tenant_id, name_key, "
        "seen) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "relationship = excluded.relationship, company_name = excluded.company_name, "
        "domain = excluded.domain, tenant_id = excluded.tenant_id, seen = excluded.seen "
        "WHERE name_key = excluded.name_key", -1, SQLITE_PREPARE_PERSISTENT,
        &self->upsert, NULL), SQLITE_OK))
    return;

  if (self->batch_rows == 0 && !pd_cache_db_exec (self, "BEGIN"))
    return;
  for (guint i = 0; i < customers->len && !self->damaged; i++)
    upsert_customer (self, g_ptr_array_index (customers, i));
  /* At least one row counts, so an empty page still ends the transaction it opened. */
  self->batch_rows += MAX (customers->len, 1);

  if (self->batch_rows >= PD_CACHE_BATCH_ROWS || g_atomic_int_get (&self->n_queued) == 0)
    pd_cache_db_commit_batch (self);
}

void
pd_cache_store_end (PdCache  *self,
                    gboolean  complete)
{
  g_autoptr(GDateTime) now = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  pd_cache_db_commit_batch (self);
  /* Only a listing seen whole from its start says who is gone. */
  if (!complete || !self->listing)
    {
      self->listing = FALSE;
      return;
    }
  self->listing = FALSE;

  if (!pd_cache_db_exec (self, "BEGIN"))
    return;
  ok = pd_cache_db_check (self, sqlite3_prepare_v2 (self->db,
                                                    "DELETE FROM customers WHERE seen <> ?",
                                                    -1, &stmt, NULL), SQLITE_OK);
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->generation);
      ok = pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
  /* The accounts of customers who are gone go with them. */
  ok = ok && pd_cache_db_exec (self, "DELETE FROM profiles WHERE customer_id NOT IN "
                                     "(SELECT id FROM customers)");
  now = g_date_time_new_now_utc ();
  ok = ok && set_meta (self, "updated_at", pd_local_store_usec_from_date (now));
  if (!ok || !pd_cache_db_exec (self, "COMMIT"))
    pd_cache_db_exec (self, "ROLLBACK");
}

void
pd_cache_store_profile (PdCache    *self,
                        const char *customer_id,
                        const char *relationship,
                        const char *company_json,
                        const char *billing_json,
                        gint64      read_at)
{
  sqlite3_stmt *stmt = NULL;

  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (
        self->db, "INSERT OR REPLACE INTO profiles (customer_id, relationship, company, "
        "billing, read_at) VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL), SQLITE_OK))
    return;
  pd_local_store_bind_text (stmt, 1, customer_id);
  pd_local_store_bind_text (stmt, 2, relationship);
  pd_local_store_bind_text (stmt, 3, company_json);
  pd_local_store_bind_text (stmt, 4, billing_json);
  sqlite3_bind_int64 (stmt, 5, read_at);
  pd_cache_db_check (self, sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Returns: (nullable) (transfer none): column @col when it is NULL-free UTF-8 of at most
 * @max bytes (*ok FALSE otherwise); NULL for NULL. */
static const char *
column_text (sqlite3_stmt *stmt,
             int           col,
             gsize         max,
             gboolean     *ok)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  int len = sqlite3_column_bytes (stmt, col);

  if (text == NULL)
    return NULL;
  if ((gsize) len > max || !g_utf8_validate (text, len, NULL))
    *ok = FALSE;
  return text;
}

/* Returns: (nullable) (transfer full): the customer of the current row, NULL when a value
 * is not one the cache writes. */
static PdCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  char *values[PD_CUSTOMER_RECORD_N_FIELDS] = { NULL, };
  static const PdCustomerRecordField fields[] = {
    PD_CUSTOMER_RECORD_ID, PD_CUSTOMER_RECORD_RELATIONSHIP, PD_CUSTOMER_RECORD_COMPANY_NAME,
    PD_CUSTOMER_RECORD_DOMAIN, PD_CUSTOMER_RECORD_TENANT_ID,
  };
  const char *texts[G_N_ELEMENTS (fields)];
  gboolean ok = TRUE;
  PdCustomer *customer;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    texts[i] = column_text (stmt, (int) i, i == 0 ? MAX_ID_BYTES : MAX_TEXT_BYTES, &ok);
  if (!ok || texts[0] == NULL || *texts[0] == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    values[fields[i]] = g_strdup (texts[i]);
  customer = pd_customer_new_from_record (values, 1u << PD_CUSTOMER_RECORD_COMPANY_PROFILE);
  /* What the record did not take. */
  for (guint i = 0; i < PD_CUSTOMER_RECORD_N_FIELDS; i++)
    g_free (values[i]);
  return customer;
}

guint
pd_cache_store_read_customers (PdCache         *self,
                               PdCachePageSink  sink,
                               gpointer         data)
{
  g_autoptr(GPtrArray) page = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  /* The index gives the order: the first page comes without sorting the rest. */
  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (
        self->db, "SELECT id, relationship, company_name, domain, tenant_id FROM customers "
        "ORDER BY name_key, id", -1, &stmt, NULL), SQLITE_OK))
    return 0;

  page = g_ptr_array_new_full (PD_CACHE_LOAD_PAGE, g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdCustomer *customer = customer_from_row (stmt);

      if (customer == NULL)
        continue;
      g_ptr_array_add (page, customer);
      if (page->len == PD_CACHE_LOAD_PAGE)
        {
          n += page->len;
          if (!sink (g_steal_pointer (&page), data))
            break;
          page = g_ptr_array_new_full (PD_CACHE_LOAD_PAGE, g_object_unref);
        }
    }
  if (rc != SQLITE_ROW)
    pd_cache_db_check (self, rc, SQLITE_DONE);
  sqlite3_finalize (stmt);

  if (page != NULL && page->len > 0)
    {
      n += page->len;
      sink (g_steal_pointer (&page), data);
    }
  return n;
}

/* Returns: (nullable) (transfer full): @json parsed as an object. */
static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL || strlen (json) > MAX_JSON_BYTES)
    return NULL;
  node = pd_json_parse (json, -1, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static PdBillingProfile *
billing_from_json (const char *json)
{
  g_autoptr(JsonObject) object = parse_object (json);

  if (object == NULL)
    return NULL;
  return pd_billing_profile_new_from_json_text (object, json, strlen (json), NULL);
}

PdCustomer *
pd_cache_store_read_customer (PdCache    *self,
                              const char *customer_id,
                              gint64     *read_at)
{
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(JsonObject) company = NULL;
  g_autoptr(PdCompanyProfile) company_profile = NULL;
  g_autoptr(PdBillingProfile) billing = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (
        self->db, "SELECT relationship, company, billing, read_at FROM profiles "
        "WHERE customer_id = ?", -1, &stmt, NULL), SQLITE_OK))
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *relationship = column_text (stmt, 0, MAX_TEXT_BYTES, &ok);

      company = parse_object (column_text (stmt, 1, MAX_JSON_BYTES, &ok));
      billing = billing_from_json (column_text (stmt, 2, MAX_JSON_BYTES, &ok));
      company_profile = company != NULL ? pd_company_profile_new_from_json (company, NULL)
                                        : NULL;
      if (ok && company_profile != NULL && billing != NULL)
        {
          customer = pd_customer_new ();
          pd_customer_set_id (customer, customer_id);
          pd_customer_set_relationship (customer, relationship);
          pd_customer_set_company_profile (customer, company_profile);
          pd_customer_set_billing_profile (customer, billing);
          *read_at = sqlite3_column_int64 (stmt, 3);
        }
    }
  else
    pd_cache_db_check (self, rc, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_steal_pointer (&customer);
}

GHashTable *
pd_cache_store_read_billing (PdCache            *self,
                             const char * const *customer_ids,
                             gint64              fresh_since)
{
  GHashTable *profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                g_object_unref);
  sqlite3_stmt *stmt = NULL;

  if (!pd_cache_db_check (self, sqlite3_prepare_v2 (
        self->db, "SELECT billing FROM profiles WHERE customer_id = ? AND read_at >= ?", -1,
        &stmt, NULL), SQLITE_OK))
    return profiles;

  for (guint i = 0; customer_ids[i] != NULL && !self->damaged; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, customer_ids[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, fresh_since);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          gboolean ok = TRUE;
          const char *json = column_text (stmt, 0, MAX_JSON_BYTES, &ok);
          PdBillingProfile *billing = ok ? billing_from_json (json) : NULL;

          if (billing != NULL)
            g_hash_table_replace (profiles, g_strdup (customer_ids[i]), billing);
        }
      else
        pd_cache_db_check (self, rc, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return profiles;
}
