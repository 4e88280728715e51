/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the CSV export: quoting, the byte-order mark, rows in the list's order read
 * back with a parser of the test's own, billing columns, files replaced whole or not at
 * all, and billing profiles read in batches from a real sandbox (throttled, cancelled). */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pd-core.h"
#include "pd-csv-writer.h"
#include "pd-test-csv.h"
#include "pd-test-util.h"

static const char * const english_headers[] = {
  "Company name", "Domain", "Microsoft ID", "Relationship", NULL,
};

/* Names a spreadsheet or a careless writer gets wrong. */
static const char * const tricky_names[] = {
  "Contoso, Ltd.",
  "The \"Best\" Company",
  "Line one\nLine two",
  "Carriage\rReturn",
  "Windows\r\nBreak",
  "  Leading spaces",
  "Trailing spaces  ",
  "\tTabbed",
  "ООО «Ромашка»",
  "北京科技有限公司",
  "Emoji 🚀 Rocket Co",
  "=1+2 Formula Inc",
  "Plain Name",
  "\"",
  ",",
};

/* A snapshot of @n customers: the tricky names first, then plain ones. */
static PdCustomerSnapshot *
make_snapshot (guint n)
{
  static const char * const relationships[] = { "reseller", "advisor", "syndication" };
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 serial;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", i * 2654435761u, i);
      g_autofree char *name = i < G_N_ELEMENTS (tricky_names)
                              ? g_strdup (tricky_names[i])
                              : g_strdup_printf ("Company %u, \"branch\" %u", i * 7919u % 1000, i);
      g_autofree char *domain = g_strdup_printf ("d%u.onmicrosoft.com", i * 104729u % 99991u);

      g_ptr_array_add (customers, pd_test_customer_new (id, name, domain, relationships[i % 3]));
    }

  serial = pd_customer_table_add (table, customers);
  pd_customer_table_flush (table);
  while (pd_customer_snapshot_get_serial (pd_customer_table_get_snapshot (table)) < serial)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  return pd_customer_snapshot_ref (pd_customer_table_get_snapshot (table));
}

static GPtrArray *
parse_with_bom (GString *text)
{
  g_autofree char *message = NULL;
  GPtrArray *records;

  g_assert_cmpuint (text->len, >=, 3);
  g_assert_cmpmem (text->str, 3, "\xEF\xBB\xBF", 3);
  records = pd_test_csv_parse (text->str + 3, text->len - 3, &message);
  if (records == NULL)
    g_error ("Not RFC 4180: %s", message);

  return records;
}

/* The records after the header are the snapshot's values of @rows, in order. */
static void
assert_records_are_rows (GPtrArray          *records,
                         PdCustomerSnapshot *snapshot,
                         const guint32      *rows,
                         guint               n_rows,
                         guint               n_columns)
{
  g_assert_cmpuint (records->len, ==, n_rows + 1);
  for (guint i = 0; i < n_rows; i++)
    {
      GStrv record = g_ptr_array_index (records, i + 1);
      PdCustomerRowValues values;

      pd_customer_snapshot_get_values (snapshot, rows[i], &values);
      g_assert_cmpuint (g_strv_length (record), ==, n_columns);
      g_assert_cmpstr (record[0], ==, values.company_name);
      g_assert_cmpstr (record[1], ==, values.domain);
      g_assert_cmpstr (record[2], ==, values.tenant_id);
      g_assert_cmpstr (record[3], ==, values.relationship);
    }
}

static void
test_fields (void)
{
  static const struct
  {
    const char *value;
    const char *written;
  } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { NULL, "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "a\rb", "\"a\rb\"" },
    { "a\nb", "\"a\nb\"" },
    { "a\r\nb", "\"a\r\nb\"" },
    { " lead", "\" lead\"" },
    { "trail ", "\"trail \"" },
    { "\ttab", "\"\ttab\"" },
    { "in side", "in side" },
    { "Ромашка", "Ромашка" },
    { "北京", "北京" },
    { "🚀", "🚀" },
    { "=1+2", "=1+2" },
  };
  const char *fields[] = { "a", "b,c", "" };
  g_autoptr(GString) record = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      pd_csv_append_field (out, cases[i].value);
      g_assert_cmpstr (out->str, ==, cases[i].written);
    }

  pd_csv_append_record (record, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (record->str, ==, "a,\"b,c\",\r\n");
}

/* The list sorted by company name Z to A: the file lists the same rows in that order. */
static void
test_round_trip (void)
{
  g_autoptr(PdCustomerSnapshot) snapshot = make_snapshot (40);
  guint n = pd_customer_snapshot_get_n_customers (snapshot);
  const guint32 *ascending = pd_customer_snapshot_get_order (snapshot, PD_CUSTOMER_ORDER_COMPANY_NAME);
  g_autofree guint32 *rows = g_new (guint32, n);
  g_autoptr(PdCustomerExport) export = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  gboolean seen_formula = FALSE;

  for (guint i = 0; i < n; i++)
    rows[i] = ascending[n - 1 - i];
  export = pd_customer_export_new (snapshot, rows, n);
  g_assert_false (pd_customer_export_get_with_billing (export));
  pd_customer_export_write (export, text);

  /* Every line ends with CRLF; a bare LF or CR appears only inside quotes (parsed). */
  g_assert_true (g_str_has_suffix (text->str, "\r\n"));
  records = parse_with_bom (text);
  g_assert_cmpstrv ((GStrv) g_ptr_array_index (records, 0), english_headers);
  assert_records_are_rows (records, snapshot, rows, n, 4);

  /* Values as stored: not trimmed, the relationship as the API sends it, a formula as
   * typed (see the report: spreadsheets may evaluate it). */
  for (guint i = 1; i < records->len; i++)
    {
      GStrv record = g_ptr_array_index (records, i);

      g_assert_true (g_str_equal (record[3], "reseller") || g_str_equal (record[3], "advisor")
                     || g_str_equal (record[3], "syndication"));
      seen_formula |= g_str_equal (record[0], "=1+2 Formula Inc");
    }
  g_assert_true (seen_formula);
}

/* A search's matches in the domain order: only they, in that order. */
static void
test_search_subset (void)
{
  g_autoptr(PdCustomerSnapshot) snapshot = make_snapshot (300);
  g_autofree char *query = pd_customer_table_fold_query ("branch\" 1");
  g_autoptr(PdCustomerMatches) matches = pd_customer_snapshot_match (snapshot, query, NULL, NULL);
  g_autoptr(PdCustomerExport) export = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree guint32 *rows = NULL;
  guint n_rows;

  rows = pd_customer_snapshot_collect (snapshot, PD_CUSTOMER_ORDER_DOMAIN, matches, &n_rows);
  g_assert_cmpuint (n_rows, >, 10);
  g_assert_cmpuint (n_rows, <, 200);
  export = pd_customer_export_new (snapshot, rows, n_rows);
  pd_customer_export_write (export, text);

  records = parse_with_bom (text);
  assert_records_are_rows (records, snapshot, rows, n_rows, 4);
  for (guint i = 2; i < records->len; i++)
    g_assert_cmpint (g_utf8_collate (((GStrv) g_ptr_array_index (records, i - 1))[1],
                                     ((GStrv) g_ptr_array_index (records, i))[1]), <=, 0);
}

static PdBillingProfile *
make_profile (guint i)
{
  PdBillingProfile *profile = pd_billing_profile_new ();
  g_autoptr(PdAddress) address = pd_address_new ();
  const char *values[PD_CUSTOMER_EXPORT_N_BILLING_FIELDS] = {
    "Иван", "O'Brien, Jr.", "ivan@example.com", "+7 495 123-45-67", "ул. Тверская, д. 1",
    "Line \"two\"", "multi\nline", "北京市", "Moscow", "125009", "RU", "ru", "ru-RU",
  };

  pd_billing_profile_set_default_address (profile, address);
  for (guint f = 0; f < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; f++)
    {
      g_autofree char *value = g_strdup_printf ("%s %u", values[f], i);

      pd_billing_profile_set_field (profile, pd_customer_export_billing_fields[f], value);
    }

  return profile;
}

static void
test_billing_columns (void)
{
  g_autoptr(PdCustomerSnapshot) snapshot = make_snapshot (20);
  const guint32 *rows = pd_customer_snapshot_get_order (snapshot, PD_CUSTOMER_ORDER_DOMAIN);
  g_autoptr(PdCustomerExport) export = pd_customer_export_new (snapshot, rows, 20);
  g_autoptr(GHashTable) profiles = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_object_unref);
  g_auto(GStrv) ids = pd_customer_export_dup_customer_ids (export);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) records = NULL;
  GStrv header;

  g_assert_cmpuint (g_strv_length (ids), ==, 20);
  /* Every customer but the fourth: its profile could not be read. */
  for (guint i = 0; i < 20; i++)
    if (i != 3)
      g_hash_table_insert (profiles, g_strdup (ids[i]), make_profile (i));
  pd_customer_export_set_billing_profiles (export, profiles);
  g_assert_true (pd_customer_export_get_with_billing (export));
  pd_customer_export_write (export, text);

  records = parse_with_bom (text);
  assert_records_are_rows (records, snapshot, rows, 20, 4 + PD_CUSTOMER_EXPORT_N_BILLING_FIELDS);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpstr (header[4], ==, "First name");
  g_assert_cmpstr (header[6], ==, "Email");
  g_assert_cmpstr (header[7], ==, "Phone number");
  g_assert_cmpstr (header[14], ==, "Country/region");
  g_assert_cmpstr (header[16], ==, "Culture");

  for (guint i = 0; i < 20; i++)
    {
      GStrv record = g_ptr_array_index (records, i + 1);
      PdBillingProfile *profile = g_hash_table_lookup (profiles, ids[i]);

      for (guint f = 0; f < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; f++)
        g_assert_cmpstr (record[4 + f], ==,
                         profile != NULL
                         ? pd_billing_profile_get_field (profile, pd_customer_export_billing_fields[f])
                         : "");
    }
  g_assert_cmpstr (((GStrv) g_ptr_array_index (records, 1))[4], ==, "Иван 0");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (records, 1))[10], ==, "multi\nline 0");
}

/* The test's own folder (G_TEST_OPTION_ISOLATE_DIRS makes one per test). */
static const char *
test_dir (void)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  return g_get_user_cache_dir ();
}

static gboolean
save (PdCustomerExport *export,
      GFile            *file,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_customer_export_save_async (export, file, cancellable, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_customer_export_save_finish (export, result, error);
}

static void
test_save_replaces (void)
{
  g_autoptr(PdCustomerSnapshot) snapshot = make_snapshot (200);
  const guint32 *rows = pd_customer_snapshot_get_order (snapshot, PD_CUSTOMER_ORDER_TENANT_ID);
  g_autoptr(PdCustomerExport) export = pd_customer_export_new (snapshot, rows, 200);
  g_autofree char *path = g_build_filename (test_dir (), "customers.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (path, "an older file", -1, NULL));
  g_assert_true (save (export, file, NULL, &error));
  g_assert_no_error (error);

  pd_customer_export_write (export, expected);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, expected->str, expected->len);
  records = pd_test_csv_read_file (path);
  g_assert_cmpuint (records->len, ==, 201);
}

static gboolean
file_has_data (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 && buf.st_size > 0;
}

/* Cancelled before, or while, writing; a folder that is gone: no file is left under the
 * name, an earlier one stays as it was, and the error reads as a sentence. */
static void
test_save_cancel_or_fail (void)
{
  g_autoptr(PdCustomerSnapshot) snapshot = make_snapshot (60000);
  const guint32 *rows = pd_customer_snapshot_get_order (snapshot, PD_CUSTOMER_ORDER_COMPANY_NAME);
  g_autoptr(PdCustomerExport) export = pd_customer_export_new (snapshot, rows, 60000);
  g_autofree char *old_path = g_build_filename (test_dir (), "old.csv", NULL);
  g_autofree char *new_path = g_build_filename (test_dir (), "new.csv", NULL);
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autoptr(GFile) lost = g_file_new_build_filename (test_dir (), "gone", "x.csv", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;

  g_cancellable_cancel (cancelled);
  g_assert_true (g_file_set_contents (old_path, "keep me", -1, NULL));
  g_assert_false (save (export, old_file, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (old_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_assert_false (save (export, new_file, cancelled, &error));
  g_clear_error (&error);
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));

  /* Cancelled while a new file is half written (GLib writes a new file in place). */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    pd_customer_export_save_async (export, new_file, cancellable, pd_test_store_result, &result);
    while (!file_has_data (new_path) && result == NULL)
      g_main_context_iteration (NULL, FALSE);
    g_cancellable_cancel (cancellable);
    pd_test_wait_for_result (&result);
    if (pd_customer_export_save_finish (export, result, &error))
      g_test_incomplete ("The file was written before the cancel came");
    else
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  }

  g_assert_false (save (export, lost, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  message = pd_customer_export_error_to_user_message (error, "x.csv");
  g_assert_nonnull (strstr (message, "“x.csv”"));
  g_assert_true (g_str_has_suffix (message, "."));
}

/* ---- Billing profiles read from a sandbox ---- */

static void
collect_ids (GPtrArray *customers,
             guint      total_count,
             gpointer   user_data)
{
  GPtrArray *ids = user_data;

  for (guint i = 0; i < customers->len; i++)
    g_ptr_array_add (ids, g_strdup (pd_customer_get_id (g_ptr_array_index (customers, i))));
}

/* The first @n customer ids of the sandbox, NULL-terminated. */
static GStrv
list_ids (PdClient *client,
          guint     n)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_client_list_customers_async (client, 100, collect_ids, ids, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_list_customers_finish (client, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, n);
  g_ptr_array_set_size (ids, n);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

typedef struct
{
  guint calls;
  guint last_done;
  guint total;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->last_done);
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static GHashTable *
read_batch (PdClient           *client,
            const char * const *ids,
            Progress           *progress,
            GCancellable       *cancellable,
            guint              *n_failed,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_billing_batch_read_async (client, ids, PD_BILLING_BATCH_MAX_IN_FLIGHT, progress_cb,
                               progress, cancellable, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_billing_batch_read_finish (client, result, n_failed, error);
}

/* What the batch read is what the server stores, read one by one. */
static void
assert_profiles_stored (PdClient    *client,
                        GHashTable  *profiles,
                        GStrv        ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PdBillingProfile *profile = g_hash_table_lookup (profiles, ids[i]);
      g_autoptr(PdBillingProfile) stored = pd_test_get_billing (client, ids[i], NULL);

      g_assert_nonnull (profile);
      for (guint f = 0; f < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; f++)
        g_assert_cmpstr (pd_billing_profile_get_field (profile, pd_customer_export_billing_fields[f]),
                         ==,
                         pd_billing_profile_get_field (stored, pd_customer_export_billing_fields[f]));
    }
}

/* Twelve reads over 200 ms each: four at a time (three rounds), neither one by one nor
 * all at once; an unknown customer counts as not read. */
static void
test_batch_read (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (40, "--latency-ms", "200", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_auto(GStrv) ids = list_ids (client, 12);
  g_autoptr(GHashTable) profiles = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  guint n_failed = G_MAXUINT;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed_ms;

  profiles = read_batch (client, (const char * const *) ids, &progress, NULL, &n_failed, &error);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_no_error (error);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (g_hash_table_size (profiles), ==, 12);
  g_assert_cmpuint (progress.calls, ==, 12);
  g_assert_cmpuint (progress.last_done, ==, 12);
  g_assert_cmpuint (progress.total, ==, 12);
  g_test_message ("12 reads of 200 ms: %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 3 * 200);
  g_assert_cmpint (elapsed_ms, <, 12 * 200 * 3 / 4);
  assert_profiles_stored (client, profiles, ids);

  {
    const char *with_unknown[] = { ids[0], "00000000-0000-0000-0000-000000000000", ids[1], NULL };
    g_autoptr(GHashTable) some = NULL;

    progress = (Progress) { 0 };
    some = read_batch (client, with_unknown, &progress, NULL, &n_failed, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_failed, ==, 1);
    g_assert_cmpuint (g_hash_table_size (some), ==, 2);
  }
}

static guint n_throttled_logged;

static GLogWriterOutput
count_throttled (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0
        && strstr (fields[i].value, "throttled") != NULL)
      n_throttled_logged++;

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* The client gives up on a 429 at once here: the batch itself must wait and ask again,
 * and no customer is skipped. */
static void
test_batch_throttled (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (40, "--throttle-rate", "0.3",
                                                               "--fault-seed", "11", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GHashTable) profiles = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  guint n_failed = G_MAXUINT;

  ids = list_ids (client, 10);
  pd_client_set_retry_policy (client, 1, 10, 10);
  n_throttled_logged = 0;
  profiles = read_batch (client, (const char * const *) ids, &progress, NULL, &n_failed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (g_hash_table_size (profiles), ==, 10);
  g_test_message ("429s waited out by the batch: %u", n_throttled_logged);
  g_assert_cmpuint (n_throttled_logged, >, 0);

  pd_client_set_retry_policy (client, 20, 10, 200);
  assert_profiles_stored (client, profiles, ids);
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* A cancel ends the reads in flight at once, and nothing else is asked. */
static void
test_batch_cancel (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (40, "--latency-ms", "1500", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) ids = list_ids (client, 10);
  g_autoptr(GHashTable) profiles = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  gint64 started = g_get_monotonic_time ();

  g_timeout_add_once (200, cancel_cb, cancellable);
  profiles = read_batch (client, (const char * const *) ids, &progress, cancellable, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (profiles);
  g_assert_cmpuint (progress.calls, ==, 0);
  g_assert_cmpint ((g_get_monotonic_time () - started) / 1000, <, 1200);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_writer_func (count_throttled, NULL, NULL);

  g_test_add_func ("/export/csv/fields", test_fields);
  g_test_add_func ("/export/customers/round-trip", test_round_trip);
  g_test_add_func ("/export/customers/search-subset", test_search_subset);
  g_test_add_func ("/export/customers/billing-columns", test_billing_columns);
  g_test_add_func ("/export/save/replaces", test_save_replaces);
  g_test_add_func ("/export/save/cancel-or-fail", test_save_cancel_or_fail);
  g_test_add_func ("/export/billing-batch/read", test_batch_read);
  g_test_add_func ("/export/billing-batch/throttled", test_batch_throttled);
  g_test_add_func ("/export/billing-batch/cancel", test_batch_cancel);

  return g_test_run ();
}
