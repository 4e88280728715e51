/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-ui-bench.c: times the real customer list in a real window against a sandbox
 * with N customers: load, keystrokes, clearing, sorting; prints JSON. */

#include "config.h"

#define G_LOG_DOMAIN "partner-desk-ui-bench"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

/*
 * Each action is timed from the change to the frame that shows it (the frame clock's
 * after-paint), and its main-thread work is the longest the main loop was kept from
 * running meanwhile: a high-priority 1 ms tick notes how late it comes.
 */

static GtkWidget *window;
static PdCustomersPage *page;
static GListModel *model;
static gint64 tick_last;
static gint64 tick_worst;
static GArray *load_gaps;
static gboolean recording_gaps;
static guint paints;

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - tick_last;

  if (tick_last != 0)
    {
      tick_worst = MAX (tick_worst, gap);
      if (recording_gaps)
        g_array_append_val (load_gaps, gap);
    }
  tick_last = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  paints++;
}

typedef gboolean (*Done) (void);

/* Runs until @done holds at an after-paint; returns µs since @start. */
static gint64
until_painted (gint64 start,
               Done   done)
{
  gint64 end = start + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      guint seen = paints;

      while (paints == seen)
        {
          if (g_get_monotonic_time () > end)
            g_error ("Timed out");
          g_main_context_iteration (NULL, TRUE);
        }
      if (done ())
        return g_get_monotonic_time () - start;
    }
}

static guint expected;

static gboolean
all_shown (void)
{
  return !pd_customers_page_get_loading (page) && g_list_model_get_n_items (model) == expected;
}

static gboolean
any_shown (void)
{
  return g_list_model_get_n_items (model) > 0;
}

static gboolean
search_settled (void)
{
  return !pd_customer_list_model_get_pending (PD_CUSTOMER_LIST_MODEL (model));
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_stats (GString    *json,
             const char *name,
             GArray     *values)
{
  g_array_sort (values, compare_int64);
  g_string_append_printf (json,
                          "    \"%s\": {\"n\": %u, \"p50_ms\": %.1f, \"p95_ms\": %.1f, \"max_ms\": %.1f}",
                          name, values->len,
                          g_array_index (values, gint64, values->len / 2) / 1000.0,
                          g_array_index (values, gint64, MIN (values->len - 1, values->len * 95 / 100)) / 1000.0,
                          g_array_index (values, gint64, values->len - 1) / 1000.0);
}

typedef struct
{
  guint  n;
  gint64 first_page;
  gint64 start;
} ClientLoad;

static void
client_page_cb (GPtrArray *customers,
                guint      total_count,
                gpointer   user_data)
{
  ClientLoad *load = user_data;

  if (load->n == 0)
    load->first_page = g_get_monotonic_time () - load->start;
  load->n += customers->len;
}

/* CPU time of this process's threads so far, by thread name: where the load's work went
 * (the main thread, the table's thread, the parsing pool). */
static void
print_thread_cpu (GString *json)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  const char *tid;
  gboolean first = TRUE;
  long ticks = sysconf (_SC_CLK_TCK);

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *close;
      char *name;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || (close = strrchr (stat, ')')) == NULL)
        continue;
      name = g_strdup_printf ("%.*s/%s", (int) (close - strchr (stat, '(') - 1), strchr (stat, '(') + 1, tid);
      fields = g_strsplit (close + 2, " ", -1);
      if (g_strv_length (fields) < 13)
        {
          g_free (name);
          continue;
        }
      /* utime and stime are fields 14 and 15 of the line, 12 and 13 after the name. */
      value = g_hash_table_lookup (by_name, name);
      g_hash_table_replace (by_name, name,
                            GSIZE_TO_POINTER (GPOINTER_TO_SIZE (value)
                                              + g_ascii_strtoull (fields[11], NULL, 10)
                                              + g_ascii_strtoull (fields[12], NULL, 10)));
    }

  g_string_append (json, "    \"thread_cpu_ms\": {");
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_string_append_printf (json, "%s\"%s\": %lu", first ? "" : ", ", (const char *) key,
                              (unsigned long) (GPOINTER_TO_SIZE (value) * 1000 / ticks));
      first = FALSE;
    }
  g_string_append (json, "},\n");
}

static long
vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\n");
  g_autoptr(GArray) typing_latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) typing_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) typing_sync = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) clear_latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) clear_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sort_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reverse_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Broad single letters, narrowing words, Cyrillic, and nothing at all. */
  const char * const queries[] = { "l", "lo", "loc", "9", "о", "оо", "ооо", "e", "zzzzqq", "a" };
  const char * const columns[] = { "Company name", "Domain", "Microsoft ID", "Relationship" };
  gboolean load_only = FALSE;
  GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &expected, "Sandbox customers (default 100000)", "N" },
    { "load-only", 0, 0, G_OPTION_ARG_NONE, &load_only, "Stop after the load (for profiling)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the customer list");
  ClientLoad load = { 0 };
  gint64 client_time, ui_time, first_rows, start;
  GtkWidget *search_entry;
  GListModel *view_columns;

  setlocale (LC_ALL, "");
  expected = 100000;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  adw_init ();
  load_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));

  sandbox = pd_test_sandbox_start (expected, NULL);
  client = pd_test_client_new (sandbox);

  /* The plain client on the same server: the floor for the window's load. */
  load.start = g_get_monotonic_time ();
  pd_client_list_customers_async (client, PD_CLIENT_MAX_PAGE_SIZE, client_page_cb, &load, NULL,
                                  NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  client_time = g_get_monotonic_time () - load.start;
  g_assert_true (pd_client_list_customers_finish (client, result, NULL, &error));
  g_clear_object (&result);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  page = PD_CUSTOMERS_PAGE (pd_customers_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  model = pd_customers_page_get_model (page);
  search_entry = pd_test_ui_find_by_id (GTK_WIDGET (page), "search_entry");
  pd_test_ui_run_for (500);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, NULL, NULL);

  /* Load: the first rows drawn, then all of them. */
  recording_gaps = TRUE;
  tick_last = 0;
  start = g_get_monotonic_time ();
  pd_customers_page_set_client (page, client);
  first_rows = until_painted (start, any_shown);
  ui_time = until_painted (start, all_shown);
  recording_gaps = FALSE;

  g_string_append_printf (json,
                          "  \"customers\": %u,\n"
                          "  \"load\": {\"client_s\": %.3f, \"window_s\": %.3f, \"ratio\": %.2f,\n"
                          "           \"client_first_page_ms\": %.0f, \"window_first_rows_ms\": %.0f},\n",
                          expected, client_time / 1e6, ui_time / 1e6,
                          (double) ui_time / (double) client_time,
                          load.first_page / 1000.0, first_rows / 1000.0);
  print_stats (json, "load_main_loop_gaps", load_gaps);
  g_string_append (json, ",\n");
  print_thread_cpu (json);
  if (load_only)
    {
      fputs (json->str, stdout);
      return 0;
    }

  /* Keystrokes, five rounds of the same typing, each ended by clearing. */
  pd_customers_page_start_search (page);
  pd_test_ui_run_for (300);
  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i <= G_N_ELEMENTS (queries); i++)
      {
        gboolean clearing = i == G_N_ELEMENTS (queries);
        gint64 latency;

        tick_worst = 0;
        tick_last = g_get_monotonic_time ();
        start = g_get_monotonic_time ();
        gtk_editable_set_text (GTK_EDITABLE (search_entry), clearing ? "" : queries[i]);
        latency = g_get_monotonic_time () - start;
        g_array_append_val (typing_sync, latency);
        if (g_getenv ("PD_BENCH_VERBOSE") != NULL)
          g_printerr ("%-8s handler %6.1f ms", clearing ? "(clear)" : queries[i], latency / 1000.0);
        latency = until_painted (start, search_settled);
        if (g_getenv ("PD_BENCH_VERBOSE") != NULL)
          g_printerr ("  frame %6.1f ms  gap %6.1f ms  shown %u\n", latency / 1000.0,
                      tick_worst / 1000.0, g_list_model_get_n_items (model));
        g_array_append_val (clearing ? clear_latency : typing_latency, latency);
        g_array_append_val (clearing ? clear_work : typing_work, tick_worst);
        pd_test_ui_run_for (50);
      }
  print_stats (json, "keystroke_to_frame", typing_latency);
  g_string_append (json, ",\n");
  print_stats (json, "keystroke_handler", typing_sync);
  g_string_append (json, ",\n");
  print_stats (json, "keystroke_longest_main_loop_gap", typing_work);
  g_string_append (json, ",\n");
  print_stats (json, "clear_to_frame", clear_latency);
  g_string_append (json, ",\n");
  print_stats (json, "clear_longest_main_loop_gap", clear_work);
  g_string_append (json, ",\n");

  /* Sorting by each column, then reversing it. */
  view_columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (pd_test_ui_find_by_id (GTK_WIDGET (page), "column_view")));
  for (guint round = 0; round < 3; round++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      for (guint direction = 0; direction < 2; direction++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, c);
          GtkColumnView *view = gtk_column_view_column_get_column_view (column);
          gint64 work;

          g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, columns[c]);
          start = g_get_monotonic_time ();
          gtk_column_view_sort_by_column (view, column,
                                          direction ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          work = g_get_monotonic_time () - start;
          g_array_append_val (direction ? reverse_work : sort_work, work);
          pd_test_ui_run_for (100);
        }
  print_stats (json, "sort_main_thread", sort_work);
  g_string_append (json, ",\n");
  print_stats (json, "reverse_main_thread", reverse_work);
  g_string_append_printf (json, ",\n  \"vm_hwm_kb\": %ld\n}\n", vm_hwm_kb ());

  fputs (json->str, stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (100);
  return 0;
}
