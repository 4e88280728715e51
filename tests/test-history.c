/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history.c: a customer's history in the core: the field-by-field diff, the audit
 * records' sample, the client's parallel paged windows and errors, the journal, de-duplication. */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pd-json.h"
#include "pd-test-util.h"

#define CUSTOMER_ID "e905b566-4779-4e57-944c-7b1b5312705b"
#define TOKEN       "history-test-token"

static PdProfileChange *
change_at (GPtrArray *changes,
           guint      i)
{
  g_assert_cmpuint (i, <, changes->len);
  return g_ptr_array_index (changes, i);
}

/* PascalCase strings, field by field, with the previous record standing in for a missing
 * old value. */
static void
test_diff_pascal (void)
{
  g_autoptr(GPtrArray) changes = NULL;

  changes = pd_profile_changes_diff (
    "{\"FirstName\":\"Anna\",\"DefaultAddress\":{\"City\":\"Moscow\"}}",
    "{\"FirstName\":\"Anna\",\"DefaultAddress\":{\"City\":\"Kazan\"}}", NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpint (change_at (changes, 0)->field, ==, PD_PROFILE_FIELD_CITY);
  g_assert_cmpstr (change_at (changes, 0)->old_value, ==, "Moscow");
  g_assert_cmpstr (change_at (changes, 0)->new_value, ==, "Kazan");
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* No old value: the previous record's new value says what it was. */
  changes = pd_profile_changes_diff (NULL,
                                     "{\"CompanyName\":\"Fabrikam\",\"Email\":\"a@b.c\","
                                     "\"DefaultAddress\":{\"PostalCode\":\"420000\"}}",
                                     "{\"CompanyName\":\"Contoso\",\"Email\":\"a@b.c\"}");
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpint (change_at (changes, 0)->field, ==, PD_PROFILE_FIELD_COMPANY_NAME);
  g_assert_cmpstr (change_at (changes, 0)->old_value, ==, "Contoso");
  g_assert_cmpint (change_at (changes, 1)->field, ==, PD_PROFILE_FIELD_POSTAL_CODE);
  g_assert_null (change_at (changes, 1)->old_value);
  g_assert_cmpuint (pd_profile_changes_get_fields (changes), ==,
                    PD_PROFILE_FIELD_COMPANY_NAME | PD_PROFILE_FIELD_POSTAL_CODE);
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* null clears; a bare string is a company name; text that is not JSON says nothing. */
  changes = pd_profile_changes_diff ("{\"DefaultAddress\":{\"AddressLine2\":\"Suite 5\"}}",
                                     "{\"DefaultAddress\":{\"AddressLine2\":null}}", NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (change_at (changes, 0)->new_value, ==, "");
  g_clear_pointer (&changes, g_ptr_array_unref);

  changes = pd_profile_changes_diff ("\"Old Name\"", "\"New Name\"", NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpint (change_at (changes, 0)->field, ==, PD_PROFILE_FIELD_COMPANY_NAME);
  g_assert_cmpstr (change_at (changes, 0)->old_value, ==, "Old Name");
  g_clear_pointer (&changes, g_ptr_array_unref);

  changes = pd_profile_changes_diff ("{", "{\"City\":", NULL);
  g_assert_cmpuint (changes->len, ==, 0);
}

static PdAuditRecord *
sample_record (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "audit-records.json",
                                                 NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = pd_json_parse (text, -1, &error);
  g_assert_no_error (error);
  items = pd_json_object_get_array_ci (json_node_get_object (root), "items");
  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return pd_audit_record_new_from_json (json_array_get_object_element (items, 0), NULL);
}

/* The reference's sample, as published. */
static void
test_sample (void)
{
  g_autoptr(PdAuditRecord) record = sample_record ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(PdAuditRecord) unknown = NULL;

  g_assert_nonnull (record);
  g_assert_cmpint (pd_audit_record_get_operation (record), ==,
                   PD_AUDIT_OPERATION_BILLING_PROFILE);
  g_assert_cmpint (pd_audit_record_get_status (record), ==, PD_AUDIT_STATUS_SUCCEEDED);
  g_assert_cmpstr (pd_audit_record_get_customer_id (record), ==, CUSTOMER_ID);
  g_assert_cmpstr (pd_audit_record_get_customer_name (record), ==, "Contoso");
  g_assert_cmpstr (pd_audit_record_get_user_principal_name (record), ==,
                   "admin@partner.onmicrosoft.com");
  g_assert_cmpstr (pd_audit_record_get_correlation_id (record), ==,
                   "96514ebe-c1b2-4865-cb46-2c2d20a2e911");
  g_assert_false (pd_audit_record_get_is_local (record));
  date = g_date_time_format (pd_audit_record_get_date (record), "%Y-%m-%d %H:%M:%S %z");
  g_assert_cmpstr (date, ==, "2020-09-02 23:26:19 +0000");

  changes = pd_profile_changes_diff (pd_audit_record_get_old_value (record),
                                     pd_audit_record_get_new_value (record), NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (change_at (changes, 0)->old_value, ==, "Moscow");
  g_assert_cmpstr (change_at (changes, 0)->new_value, ==, "Kazan");

  /* Unknown operations are records like any other; without a date there is nothing. */
  other = pd_json_parse ("{\"operationType\":\"create_order\",\"operationDate\":"
                         "\"2024-01-05T10:00:00Z\",\"operationStatus\":\"weird\"}", -1, NULL);
  unknown = pd_audit_record_new_from_json (json_node_get_object (other), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_audit_record_get_operation (unknown), ==, PD_AUDIT_OPERATION_OTHER);
  g_assert_cmpint (pd_audit_record_get_status (unknown), ==, PD_AUDIT_STATUS_UNKNOWN);
  g_assert_cmpstr (pd_audit_record_get_operation_type (unknown), ==, "create_order");
  g_clear_pointer (&other, json_node_unref);
  other = pd_json_parse ("{\"operationType\":\"create_order\"}", -1, NULL);
  g_assert_null (pd_audit_record_new_from_json (json_node_get_object (other), &error));
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
}

/* ------------------------------------------------------------------------------------- */
/* A server of the test's own plays the audit records endpoint, until the sandbox's. */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  guint       status;      /* what every request gets when not 200 */
  gboolean    cycle;       /* next links that repeat */
  gboolean    hold_first;  /* keep answers until three windows were asked */
  gboolean    released;    /* the held answers went: no more holding */
  gboolean    hold_expired; /* they went because three windows never came */
  guint       hold_timeout_id;
  GPtrArray  *queries;     /* "startDate endDate token" per request */
  GPtrArray  *held;
  char       *filter;
} Audit;

static char *
record_json (const char *date,
             const char *suffix)
{
  return g_strdup_printf ("{\"id\":\"r-%s-%s\",\"customerId\":\"" CUSTOMER_ID "\","
                          "\"operationType\":\"update_customer_billing_profile\","
                          "\"operationDate\":\"%sT12:00:00Z\",\"operationStatus\":\"succeeded\","
                          "\"resourceNewValue\":\"{\\\"Email\\\":\\\"%s@x.com\\\"}\"}",
                          date, suffix, date, suffix);
}

static void
audit_answer (Audit             *audit,
              SoupServerMessage *message,
              GHashTable        *query,
              const char        *token)
{
  const char *end = g_hash_table_lookup (query, "endDate");
  g_autofree char *first = record_json (end, "a");
  g_autofree char *second = record_json (end, "b");
  g_autofree char *json = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  /* The newest window has a second page. */
  gboolean next = audit->cycle || (g_strcmp0 (end, today) == 0 && token == NULL);

  json = g_strdup_printf ("{\"totalCount\":%u,\"items\":[%s],\"links\":{%s},"
                          "\"attributes\":{\"objectType\":\"Collection\"}}",
                          next ? 2 : 1, token != NULL ? second : first,
                          next ? "\"next\":{\"uri\":\"/v1/auditrecords?seekOperation=Next\","
                                 "\"method\":\"GET\",\"headers\":[{\"key\":"
                                 "\"MS-ContinuationToken\",\"value\":\"t1\"}]}" : "");
  pd_test_respond_json (message, 200, json);
}

/* The distinct windows (start dates) among the held requests. */
static guint
count_held_windows (Audit *audit)
{
  g_autoptr(GHashTable) starts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < audit->held->len; i++)
    {
      GHashTable *query = g_object_get_data (g_ptr_array_index (audit->held, i), "query");

      g_hash_table_add (starts, g_hash_table_lookup (query, "startDate"));
    }
  return g_hash_table_size (starts);
}

static void
release_held (Audit *audit)
{
  audit->released = TRUE;
  g_clear_handle_id (&audit->hold_timeout_id, g_source_remove);
  for (guint i = 0; i < audit->held->len; i++)
    {
      SoupServerMessage *held = g_ptr_array_index (audit->held, i);

      audit_answer (audit, held, g_object_get_data (G_OBJECT (held), "query"), NULL);
      soup_server_message_unpause (held);
    }
}

/* The three windows never all came: answer what came, and let the test fail on it
 * rather than hang. */
static gboolean
hold_expired_cb (gpointer user_data)
{
  Audit *audit = user_data;

  audit->hold_timeout_id = 0;
  audit->hold_expired = TRUE;
  release_held (audit);
  return G_SOURCE_REMOVE;
}

static void
audit_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Audit *audit = user_data;
  const char *token = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "MS-ContinuationToken");

  g_assert_cmpstr (path, ==, "/v1/auditrecords");
  if (audit->status != 200)
    {
      pd_test_respond_json (message, audit->status,
                            "{\"code\":2032,\"description\":\"Access denied\"}");
      return;
    }

  /* A next page's URI carries no dates: answer it as the window it continues. */
  if (token != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GHashTable) next = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (next, "endDate", g_date_time_format (now, "%Y-%m-%d"));
      g_ptr_array_add (audit->queries, g_strdup_printf ("next %s", token));
      audit_answer (audit, message, next, token);
      g_free (g_hash_table_lookup (next, "endDate"));
      return;
    }

  g_assert_nonnull (query);
  g_free (audit->filter);
  audit->filter = g_strdup (g_hash_table_lookup (query, "filter"));
  g_ptr_array_add (audit->queries,
                   g_strdup_printf ("%s %s", (char *) g_hash_table_lookup (query, "startDate"),
                                    (char *) g_hash_table_lookup (query, "endDate")));
  if (audit->hold_first && !audit->released)
    {
      g_object_set_data_full (G_OBJECT (message), "query", g_hash_table_ref (query),
                              (GDestroyNotify) g_hash_table_unref);
      g_ptr_array_add (audit->held, g_object_ref (message));
      soup_server_message_pause (message);
      if (audit->hold_timeout_id == 0)
        audit->hold_timeout_id = g_timeout_add_seconds (20, hold_expired_cb, audit);
      /* All three windows were asked before any answer: they run in parallel. A window
       * asked twice (the client gave up waiting and sent it again) is not a third. */
      if (count_held_windows (audit) == 3)
        release_held (audit);
      return;
    }
  audit_answer (audit, message, query, NULL);
}

static Audit *
audit_new (guint status)
{
  Audit *audit = g_new0 (Audit, 1);

  audit->status = status;
  audit->queries = g_ptr_array_new_with_free_func (g_free);
  audit->held = g_ptr_array_new_with_free_func (g_object_unref);
  audit->server = pd_test_local_server_new (audit_handler, audit, &audit->base_url);
  return audit;
}

static void
audit_free (Audit *audit)
{
  soup_server_disconnect (audit->server);
  g_clear_object (&audit->server);
  g_ptr_array_unref (audit->queries);
  g_clear_handle_id (&audit->hold_timeout_id, g_source_remove);
  g_ptr_array_unref (audit->held);
  g_free (audit->base_url);
  g_free (audit->filter);
  g_free (audit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Audit, audit_free)

static void
collect_records (GPtrArray *records,
                 gpointer   user_data)
{
  GPtrArray *all = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (records, i)));
}

/* Lists the customer's records from @audit; returns the error (NULL on success). */
static GError *
list_records (Audit     *audit,
              GPtrArray *all)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new (TOKEN);
  g_autoptr(PdClient) client = pd_test_client_new_for_url (audit->base_url, provider);
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  guint n = 0;

  pd_client_list_audit_records_async (client, CUSTOMER_ID, NULL, collect_records, all, NULL,
                                      NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  if (pd_client_list_audit_records_finish (client, result, &n, &error))
    g_assert_cmpuint (n, ==, all->len);
  return error;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Three 30-day windows back from today, asked at once, each paged; 90 days in all. */
static void
test_client_windows (void)
{
  g_autoptr(Audit) audit = audit_new (200);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) oldest = g_date_time_add_days (now, -89);
  g_autoptr(GDateTime) end1 = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) start0 = g_date_time_add_days (now, -29);
  g_autoptr(GDateTime) start1 = g_date_time_add_days (now, -59);
  g_autoptr(GDateTime) end2 = g_date_time_add_days (now, -60);
  g_autofree char *w0 = NULL, *w1 = NULL, *w2 = NULL;
  g_autofree char *d_now = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *d_start0 = g_date_time_format (start0, "%Y-%m-%d");
  g_autofree char *d_end1 = g_date_time_format (end1, "%Y-%m-%d");
  g_autofree char *d_start1 = g_date_time_format (start1, "%Y-%m-%d");
  g_autofree char *d_end2 = g_date_time_format (end2, "%Y-%m-%d");
  g_autofree char *d_oldest = g_date_time_format (oldest, "%Y-%m-%d");

  audit->hold_first = TRUE;
  error = list_records (audit, all);
  g_assert_no_error (error);
  g_assert_false (audit->hold_expired);

  /* Two pages from the newest window, one from each other. */
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpuint (audit->queries->len, ==, 4);
  g_ptr_array_sort (audit->queries, compare_strings);
  w0 = g_strdup_printf ("%s %s", d_start0, d_now);
  w1 = g_strdup_printf ("%s %s", d_start1, d_end1);
  w2 = g_strdup_printf ("%s %s", d_oldest, d_end2);
  g_assert_cmpstr (g_ptr_array_index (audit->queries, 0), ==, w2);
  g_assert_cmpstr (g_ptr_array_index (audit->queries, 1), ==, w1);
  g_assert_cmpstr (g_ptr_array_index (audit->queries, 2), ==, w0);
  g_assert_cmpstr (g_ptr_array_index (audit->queries, 3), ==, "next t1");
  g_assert_cmpstr (audit->filter, ==, "{\"Field\":\"CustomerId\",\"Value\":\"" CUSTOMER_ID
                                      "\",\"Operator\":\"equals\"}");
}

/* The pager's guard holds for audit records too: a next link that repeats ends it. */
static void
test_client_cycle (void)
{
  g_autoptr(Audit) audit = audit_new (200);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  audit->cycle = TRUE;
  error = list_records (audit, all);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_ENDLESS_PAGES);
  g_assert_cmpuint (audit->queries->len, <, 12);
}

static void
check_error (guint           status,
             PdApiErrorCode  code,
             const char     *words)
{
  g_autoptr(Audit) audit = audit_new (status);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = list_records (audit, all);
  g_autofree char *message = NULL;

  g_assert_error (error, PD_API_ERROR, (int) code);
  message = pd_api_error_to_history_message (error);
  if (strstr (message, words) == NULL)
    g_error ("“%s” does not say “%s”", message, words);
}

static void
test_client_errors (void)
{
  check_error (403, PD_API_ERROR_FORBIDDEN, "Admin agent");
  check_error (400, PD_API_ERROR_INVALID, "90 days");
  check_error (429, PD_API_ERROR_THROTTLED, "too many requests");
  check_error (404, PD_API_ERROR_NOT_FOUND, "no activity log");
}

/* ------------------------------------------------------------------------------------- */

static GPtrArray *
journal_list (PdJournal  *journal,
              const char *customer_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  pd_journal_list_async (journal, customer_id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  records = pd_journal_list_finish (journal, result, &error);
  g_assert_no_error (error);
  return records;
}

static PdAuditRecord *
local_record (int         days_ago,
              const char *city,
              const char *correlation_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) date = g_date_time_add_days (now, -days_ago);
  g_autofree char *new_value = g_strdup_printf ("{\"DefaultAddress\":{\"City\":\"%s\"}}", city);

  return pd_audit_record_new_local (CUSTOMER_ID, date, "anna@partner.com",
                                    "{\"DefaultAddress\":{\"City\":\"Moscow\"}}", new_value,
                                    PD_AUDIT_STATUS_SUCCEEDED, "req-1", correlation_id);
}

/* Written off the main thread, read back in order, a year kept, private to the user. */
static void
test_journal (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new (TOKEN);
  g_autoptr(PdClient) client = pd_client_new ("http://127.0.0.1:9", provider);
  g_autoptr(PdJournal) journal = pd_journal_dup_for_client (client);
  g_autoptr(PdJournal) again = pd_journal_dup_for_client (client);
  g_autoptr(PdAuditRecord) recent = local_record (1, "Kazan", "corr-1");
  g_autoptr(PdAuditRecord) newest = local_record (0, "Sochi", NULL);
  g_autoptr(PdAuditRecord) old = local_record (PD_JOURNAL_KEEP_DAYS + 5, "Omsk", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "partner-desk", "demo",
                                                "journal.sqlite", NULL);
  g_autofree char *key = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;

  g_assert_true (journal == again);
  g_assert_cmpstr (pd_journal_get_path (journal), ==, expected);

  pd_journal_add (journal, recent);
  pd_journal_add (journal, old);
  pd_journal_add (journal, newest);
  records = journal_list (journal, CUSTOMER_ID);

  /* Newest first; the entry older than a year is gone. */
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (pd_audit_record_get_new_value (g_ptr_array_index (records, 0)), ==,
                   "{\"DefaultAddress\":{\"City\":\"Sochi\"}}");
  g_assert_cmpstr (pd_audit_record_get_correlation_id (g_ptr_array_index (records, 1)), ==,
                   "corr-1");
  g_assert_cmpstr (pd_audit_record_get_request_id (g_ptr_array_index (records, 1)), ==,
                   "req-1");
  g_assert_true (pd_audit_record_get_is_local (g_ptr_array_index (records, 1)));
  g_clear_pointer (&records, g_ptr_array_unref);
  records = journal_list (journal, "someone-else");
  g_assert_cmpuint (records->len, ==, 0);

  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (sqlite3_open_v2 (expected, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Another server is another journal, named by a hash. */
  g_clear_object (&client);
  client = pd_client_new ("https://partner.example.com", provider);
  key = pd_journal_dup_key_for_client (client);
  g_assert_cmpuint (strlen (key), ==, 64);
  g_assert_null (strstr (key, "example"));
}

/* The journal's entry and the service's record of one change show once. */
static void
test_same_change (void)
{
  g_autoptr(PdAuditRecord) service = sample_record ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) near = g_date_time_new (utc, 2020, 9, 2, 23, 24, 0);
  g_autoptr(GDateTime) far = g_date_time_new (utc, 2020, 9, 2, 23, 10, 0);
  const char *old_value = "{\"DefaultAddress\":{\"City\":\"Moscow\"}}";
  const char *kazan = "{\"DefaultAddress\":{\"City\":\"Kazan\"}}";
  g_autoptr(PdAuditRecord) by_id = pd_audit_record_new_local (
    CUSTOMER_ID, far, NULL, old_value, "{}", PD_AUDIT_STATUS_SUCCEEDED, "r",
    "96514EBE-C1B2-4865-CB46-2C2D20A2E911");
  g_autoptr(PdAuditRecord) other_id = pd_audit_record_new_local (
    CUSTOMER_ID, near, NULL, old_value, kazan, PD_AUDIT_STATUS_SUCCEEDED, "r", "other");
  g_autoptr(PdAuditRecord) by_values = pd_audit_record_new_local (
    CUSTOMER_ID, near, NULL, old_value, kazan, PD_AUDIT_STATUS_SUCCEEDED, "r", NULL);
  g_autoptr(PdAuditRecord) too_early = pd_audit_record_new_local (
    CUSTOMER_ID, far, NULL, old_value, kazan, PD_AUDIT_STATUS_SUCCEEDED, "r", NULL);
  g_autoptr(PdAuditRecord) other_value = pd_audit_record_new_local (
    CUSTOMER_ID, near, NULL, old_value, "{\"DefaultAddress\":{\"City\":\"Omsk\"}}",
    PD_AUDIT_STATUS_SUCCEEDED, "r", NULL);

  g_assert_true (pd_audit_record_is_same_change (by_id, service));
  g_assert_false (pd_audit_record_is_same_change (other_id, service));
  g_assert_false (pd_audit_record_is_same_change (too_early, service));
  g_assert_false (pd_audit_record_is_same_change (other_value, service));

  /* Without the service's correlation id: same customer, fields and values, minutes apart. */
  {
    g_autoptr(JsonNode) root = pd_json_parse (
      "{\"customerId\":\"" CUSTOMER_ID "\",\"operationType\":\"update_customer_billing_profile\","
      "\"operationDate\":\"2020-09-02T23:26:19Z\",\"resourceNewValue\":"
      "\"{\\\"DefaultAddress\\\":{\\\"City\\\":\\\"Kazan\\\"}}\"}", -1, NULL);
    g_autoptr(PdAuditRecord) anonymous = pd_audit_record_new_from_json (
      json_node_get_object (root), NULL);

    g_assert_true (pd_audit_record_is_same_change (by_values, anonymous));
    g_assert_false (pd_audit_record_is_same_change (too_early, anonymous));
    g_assert_false (pd_audit_record_is_same_change (other_value, anonymous));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/diff/pascal", test_diff_pascal);
  g_test_add_func ("/history/sample", test_sample);
  g_test_add_func ("/history/client/windows", test_client_windows);
  g_test_add_func ("/history/client/cycle", test_client_cycle);
  g_test_add_func ("/history/client/errors", test_client_errors);
  g_test_add_func ("/history/journal", test_journal);
  g_test_add_func ("/history/same-change", test_same_change);

  return g_test_run ();
}
