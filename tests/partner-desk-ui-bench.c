/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-ui-bench.c: times the real customer list in a real window against a sandbox
 * with N customers: the cold load, keystrokes, clearing, sorting, a warm start on the
 * cached list and a full refresh, optionally over a slow link; prints JSON. */

/* RUSAGE_THREAD: the main thread's own page faults in the trace. */
#define _GNU_SOURCE

#include "config.h"

#define G_LOG_DOMAIN "partner-desk-ui-bench"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pd-cache.h"
#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

/*
 * Each action is timed from the change to the frame that shows it (the frame clock's
 * after-paint), and its main-thread work is the longest the main loop was kept from
 * running meanwhile: from a poll's return to the next poll (the main context's poll
 * function, wrapped), which adds no wakeups to what is measured.
 */

static GtkWidget *window;
static PdCustomersPage *page;
static GListModel *model;
/* When the main loop last left its poll, or an action began: what holds the loop is
 * counted from there (0: the next stretch is not counted). */
static gint64 held_since;
static gint64 held_worst;
/* Where each stretch the loop was held goes while an action is timed (NULL: nowhere). */
static GArray *recording_gaps;
static guint paints;
static gint64 last_paint;
/* When the model first had rows (0: not yet): what the first frame's drawing adds. */
static gint64 rows_in_model_at;
/* PD_BENCH_TRACE=1: the cold load's timeline on stderr, in ms from its start: each frame
 * with the time its phases took, each change of the view's row count, and each stretch
 * the main loop was held over 8 ms with the main thread's own CPU time in it (the rest:
 * other threads and processes had the CPU). 0: not tracing. */
static gint64 trace_start;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
process_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* The sandbox's process id, as text. */
static const char *sandbox_pid;

/* µs of CPU (user and system, to 10 ms) in a /proc …/stat file, and the name it gives, or
 * -1 when it cannot be read. */
static gint64
read_stat_cpu_us (const char  *path,
                  char       **name)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *open;
  const char *close;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (open = strchr (text, '(')) == NULL || (close = strrchr (text, ')')) == NULL)
    return -1;
  /* After the name: state, then utime and stime are the 12th and 13th fields. */
  fields = g_strsplit (close + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return -1;
  if (name != NULL)
    *name = g_strndup (open + 1, close - open - 1);
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10))
         * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/* µs of CPU the sandbox has taken (its threads, those ended too): on a machine of few
 * CPUs the window's threads share them with the server, and a load can go no faster than
 * the CPU time of both over the number of CPUs. */
static gint64
sandbox_cpu_us (void)
{
  g_autofree char *path = NULL;

  if (sandbox_pid == NULL)
    return 0;
  path = g_build_filename ("/proc", sandbox_pid, "stat", NULL);
  return MAX (read_stat_cpu_us (path, NULL), 0);
}

static gint64 held_since_cpu;
static GPollFunc plain_poll;
static gboolean watching;

/* What holds the main loop from @since on counts (0: from its next poll on). */
static void
held_from (gint64 since)
{
  held_since = since;
  held_since_cpu = since != 0 && trace_start != 0 ? thread_cpu_us () : 0;
}

/* The main context's poll: the stretch since the last poll returned (or since an action
 * began, see held_from()) is how long the main loop was kept from running. A 1 ms
 * high-priority tick that measured how late it came woke the main thread a thousand
 * times a second during the window's loads, not the plain client's listings, and made
 * them slower (the README gives the figures). */
static gint
watching_poll (GPollFD *fds,
               guint    n_fds,
               gint     timeout)
{
  gint result;

  if (watching && held_since != 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 held = now - held_since;

      held_worst = MAX (held_worst, held);
      if (recording_gaps != NULL)
        g_array_append_val (recording_gaps, held);
      if (trace_start != 0 && held > 8000)
        g_printerr ("%8.1f main loop held %.1f ms (its own CPU %.1f ms)\n",
                    (now - trace_start) / 1000.0, held / 1000.0,
                    (thread_cpu_us () - held_since_cpu) / 1000.0);
    }

  result = plain_poll (fds, n_fds, timeout);

  if (watching)
    held_from (g_get_monotonic_time ());
  return result;
}

static void
watch_start (void)
{
  GMainContext *context = g_main_context_default ();

  if (plain_poll == NULL)
    {
      plain_poll = g_main_context_get_poll_func (context);
      g_main_context_set_poll_func (context, watching_poll);
    }
  held_from (0);
  watching = TRUE;
}

static void
watch_stop (void)
{
  watching = FALSE;
}

/* When each phase of the frame being drawn ended: our handlers run after GTK's. */
enum { PHASE_BEFORE_PAINT, PHASE_LAYOUT, PHASE_PAINT, N_PHASES };
static gint64 phase_end[N_PHASES];
/* The frame (counted as paints counts them) each phase last ran in: a frame with nothing
 * to lay out or paint skips those phases. */
static guint phase_frame[N_PHASES];
/* The main thread's minor page faults by then (traced only): under X11 with cairo, GTK 4.8
 * draws each frame into a new image, and its first touch decides much of the paint. */
static glong phase_faults[N_PHASES];

static glong
minor_faults (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_minflt;
}

static glong
thread_minor_faults (void)
{
  return minor_faults (RUSAGE_THREAD);
}

static glong
process_minor_faults (void)
{
  return minor_faults (RUSAGE_SELF);
}

static void
phase_cb (GdkFrameClock *clock,
          gpointer       phase)
{
  phase_end[GPOINTER_TO_UINT (phase)] = g_get_monotonic_time ();
  phase_frame[GPOINTER_TO_UINT (phase)] = paints + 1;
  if (trace_start != 0)
    phase_faults[GPOINTER_TO_UINT (phase)] = thread_minor_faults ();
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  paints++;
  last_paint = g_get_monotonic_time ();
  if (trace_start != 0 && (phase_frame[PHASE_BEFORE_PAINT] != paints ||
                           phase_frame[PHASE_LAYOUT] != paints ||
                           phase_frame[PHASE_PAINT] != paints))
    g_printerr ("%8.1f frame: no layout or no paint\n",
                (last_paint - trace_start) / 1000.0);
  else if (trace_start != 0)
    g_printerr ("%8.1f frame: update and layout %.1f, paint %.1f, after-paint %.1f ms; "
                "page faults in paint: %ld\n",
                (last_paint - trace_start) / 1000.0,
                (phase_end[PHASE_LAYOUT] - phase_end[PHASE_BEFORE_PAINT]) / 1000.0,
                (phase_end[PHASE_PAINT] - phase_end[PHASE_LAYOUT]) / 1000.0,
                (last_paint - phase_end[PHASE_PAINT]) / 1000.0,
                phase_faults[PHASE_PAINT] - phase_faults[PHASE_LAYOUT]);
}

static void
items_changed_cb (GListModel *list)
{
  /* Not the model's items: the view's rows are made, blank, before any customer. */
  if (rows_in_model_at == 0 && pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (list)) > 0)
    rows_in_model_at = g_get_monotonic_time ();
  if (trace_start != 0)
    g_printerr ("%8.1f rows in the view: %u\n", (g_get_monotonic_time () - trace_start) / 1000.0,
                g_list_model_get_n_items (list));
}

typedef gboolean (*Done) (void);

/* Runs until @done holds at an after-paint; returns µs since @start. When it holds
 * already, the last frame showed it: the main loop has not run since that frame's check. */
static gint64
until_painted (gint64 start,
               Done   done)
{
  gint64 end = start + 120 * G_USEC_PER_SEC;

  if (paints > 0 && last_paint >= start && done ())
    return last_paint - start;

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
all_rows (void)
{
  return g_list_model_get_n_items (model) == expected;
}

static gboolean
any_shown (void)
{
  return pd_customer_list_model_get_n_shown (PD_CUSTOMER_LIST_MODEL (model)) > 0;
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

/* CPU time of this process's threads so far, by name and id: where the load's work went
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

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *comm = NULL;
      gint64 cpu = read_stat_cpu_us (path, &comm);

      if (cpu >= 0)
        g_hash_table_insert (by_name, g_strdup_printf ("%s/%s", comm, tid),
                             GSIZE_TO_POINTER ((gsize) cpu));
    }

  g_string_append (json, "    \"thread_cpu_ms\": {");
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_string_append_printf (json, "%s\"%s\": %lu", first ? "" : ", ", (const char *) key,
                              (unsigned long) (GPOINTER_TO_SIZE (value) / 1000));
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

/* µs the kernel takes to hand out a fresh page of memory on its first touch: in a
 * virtual machine that backs its memory lazily it can be ten times a bare machine's, and
 * every new image, text block and order array pays it. Printed so that figures from
 * different machines can be read side by side. */
static double
page_first_touch_us (void)
{
  const gsize size = 16 * 1024 * 1024;
  const gsize page_size = (gsize) sysconf (_SC_PAGESIZE);
  volatile char *memory;
  gint64 start;
  double us;

  memory = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED)
    return -1;
  start = g_get_monotonic_time ();
  for (gsize i = 0; i < size; i += page_size)
    memory[i] = 1;
  us = (double) (g_get_monotonic_time () - start) / (double) (size / page_size);
  munmap ((void *) memory, size);
  return us;
}

/* ---- The plain client: the floor for the window ---- */

typedef struct
{
  guint  n;
  gint64 first_page;
  gint64 start;
  /* µs of CPU the listing took: the main thread's, the whole process's, the sandbox's. */
  gint64 main_cpu;
  gint64 process_cpu;
  gint64 sandbox_cpu;
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

/* Lists every customer with the plain client, one page after another or (@all) as the
 * page does, in parallel streams when the link is slow; µs taken. @streams: (out)
 * (optional): how many streams ran at most (0: one page after another). */
static gint64
time_client_listing (PdClient   *client,
                     gboolean    all,
                     ClientLoad *load,
                     guint      *streams)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_customers = 0;
  gint64 taken;

  *load = (ClientLoad) { 0, 0, g_get_monotonic_time (), thread_cpu_us (), process_cpu_us (),
                         sandbox_cpu_us () };
  if (all)
    pd_client_list_all_customers_async (client, PD_CLIENT_MAX_PAGE_SIZE, client_page_cb, load,
                                        NULL, NULL, pd_test_store_result, &result);
  else
    pd_client_list_customers_async (client, PD_CLIENT_MAX_PAGE_SIZE, client_page_cb, load,
                                    NULL, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  taken = g_get_monotonic_time () - load->start;
  load->main_cpu = thread_cpu_us () - load->main_cpu;
  load->process_cpu = process_cpu_us () - load->process_cpu;
  load->sandbox_cpu = sandbox_cpu_us () - load->sandbox_cpu;
  if (all)
    {
      g_assert_true (pd_client_list_all_customers_finish (client, result, &n_customers, &error));
      if (streams != NULL)
        *streams = pd_client_list_all_customers_get_streams (client, result);
    }
  else
    {
      g_assert_true (pd_client_list_customers_finish (client, result, &n_customers, &error));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_customers, ==, expected);

  return taken;
}

/* ---- The window ---- */

/* A new window with a customers page; @client (if any) is set before the window shows, as
 * a start does, and the clock starts there. Returns the start. */
static gint64
open_window (PdClient *client)
{
  gint64 start;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  page = PD_CUSTOMERS_PAGE (pd_customers_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  model = pd_customers_page_get_model (page);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  rows_in_model_at = 0;

  start = g_get_monotonic_time ();
  if (client != NULL)
    pd_customers_page_set_client (page, client);
  gtk_window_present (GTK_WINDOW (window));
  /* Realized now, its first frame still to come. */
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint",
                    G_CALLBACK (phase_cb), GUINT_TO_POINTER (PHASE_BEFORE_PAINT));
  g_signal_connect (gtk_widget_get_frame_clock (window), "layout",
                    G_CALLBACK (phase_cb), GUINT_TO_POINTER (PHASE_LAYOUT));
  g_signal_connect (gtk_widget_get_frame_clock (window), "paint",
                    G_CALLBACK (phase_cb), GUINT_TO_POINTER (PHASE_PAINT));
  return start;
}

/* ---- The actions ---- */

/* With PD_BENCH_TRACE, the timeline of what starts at @start goes to stderr. */
static void
trace_begin (const char *what,
             gint64      start)
{
  if (g_getenv ("PD_BENCH_TRACE") == NULL)
    return;
  trace_start = start;
  g_printerr ("%s started at %" G_GINT64_FORMAT " µs (CLOCK_MONOTONIC, as perf -k)\n", what,
              start);
}

/* One load of the list in a new window, as a first start: nothing cached. */
typedef struct
{
  gint64 start;
  /* µs from the start to the first rows drawn, and to all of them. */
  gint64 first_rows;
  gint64 all_shown;
  /* µs of CPU it took: the main thread's, the whole process's, the sandbox's. */
  gint64 main_cpu;
  gint64 process_cpu;
  gint64 sandbox_cpu;
  /* The process's minor page faults: on this kind of machine, what fresh memory costs. */
  glong page_faults;
} WindowLoad;

/* Opens a new window and lets it settle (its rows are made ahead as while a start waits
 * for the service), then sets @client on its page and runs until every customer is drawn.
 * @gaps (optional): where the stretches the main loop is held go meanwhile. @trace:
 * PD_BENCH_TRACE follows it. */
static void
load_in_new_window (PdClient   *client,
                    GArray     *gaps,
                    gboolean    trace,
                    WindowLoad *load)
{
  /* Whatever a run before left for this connection ("demo" on loopback) would make it a
   * warm start. */
  pd_test_ui_forget_cache (client);
  open_window (NULL);
  pd_test_ui_run_for (500);

  recording_gaps = gaps;
  held_from (0);
  rows_in_model_at = 0;
  load->start = g_get_monotonic_time ();
  if (trace)
    trace_begin ("load", load->start);
  load->main_cpu = thread_cpu_us ();
  load->process_cpu = process_cpu_us ();
  load->sandbox_cpu = sandbox_cpu_us ();
  load->page_faults = process_minor_faults ();
  pd_customers_page_set_client (page, client);
  load->first_rows = until_painted (load->start, any_shown);
  load->all_shown = until_painted (load->start, all_shown);
  load->main_cpu = thread_cpu_us () - load->main_cpu;
  load->process_cpu = process_cpu_us () - load->process_cpu;
  load->sandbox_cpu = sandbox_cpu_us () - load->sandbox_cpu;
  load->page_faults = process_minor_faults () - load->page_faults;
  recording_gaps = NULL;
  trace_start = 0;
}

/* The window's first load, with nothing cached: the first rows drawn, then all of them. */
static void
time_cold_load (PdClient   *client,
                ClientLoad *plain,
                gint64      client_time,
                GString    *json)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  WindowLoad load;
  double floor_s;

  load_in_new_window (client, gaps, TRUE, &load);
  /* Even with every CPU busy all along, the load takes this long (Xvfb's share left out). */
  floor_s = (double) (load.process_cpu + load.sandbox_cpu) / 1e6 / g_get_num_processors ();

  g_string_append_printf (json,
                          "  \"load\": {\"client_s\": %.3f, \"window_s\": %.3f, \"ratio\": %.2f,\n"
                          "           \"client_first_page_ms\": %.0f, \"window_first_rows_ms\": %.0f,\n"
                          "           \"rows_in_model_ms\": %.0f,\n"
                          "           \"client_main_cpu_ms\": %.0f, \"window_main_cpu_ms\": %.0f,\n"
                          "           \"client_process_cpu_ms\": %.0f, \"window_process_cpu_ms\": %.0f,\n"
                          "           \"client_sandbox_cpu_ms\": %.0f, \"window_sandbox_cpu_ms\": %.0f,\n"
                          "           \"window_cpu_floor_s\": %.3f, \"cpu_floor_ratio\": %.2f,\n"
                          "           \"window_page_faults\": %ld},\n",
                          client_time / 1e6, load.all_shown / 1e6,
                          (double) load.all_shown / (double) client_time,
                          plain->first_page / 1000.0, load.first_rows / 1000.0,
                          (rows_in_model_at - load.start) / 1000.0,
                          plain->main_cpu / 1000.0, load.main_cpu / 1000.0,
                          plain->process_cpu / 1000.0, load.process_cpu / 1000.0,
                          plain->sandbox_cpu / 1000.0, load.sandbox_cpu / 1000.0,
                          floor_s, floor_s * 1e6 / (double) client_time, load.page_faults);
  print_stats (json, "load_main_loop_gaps", gaps);
  g_string_append (json, ",\n");
}

/* Keystrokes, five rounds of the same typing, each ended by clearing. */
static void
time_typing (GString *json)
{
  g_autoptr(GArray) typing_latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) typing_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) typing_sync = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) clear_latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) clear_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Broad single letters, narrowing words, Cyrillic, and nothing at all. */
  const char * const queries[] = { "l", "lo", "loc", "9", "о", "оо", "ооо", "e", "zzzzqq", "a" };
  GtkWidget *search_entry = pd_test_ui_find_by_id (GTK_WIDGET (page), "search_entry");
  gboolean verbose = g_getenv ("PD_BENCH_VERBOSE") != NULL;

  pd_customers_page_start_search (page);
  pd_test_ui_run_for (300);
  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i <= G_N_ELEMENTS (queries); i++)
      {
        gboolean clearing = i == G_N_ELEMENTS (queries);
        gint64 latency, start;

        start = g_get_monotonic_time ();
        held_worst = 0;
        held_from (start);
        gtk_editable_set_text (GTK_EDITABLE (search_entry), clearing ? "" : queries[i]);
        latency = g_get_monotonic_time () - start;
        g_array_append_val (typing_sync, latency);
        if (verbose)
          g_printerr ("%-8s handler %6.1f ms", clearing ? "(clear)" : queries[i], latency / 1000.0);
        latency = until_painted (start, search_settled);
        if (verbose)
          g_printerr ("  frame %6.1f ms  gap %6.1f ms  shown %u\n", latency / 1000.0,
                      held_worst / 1000.0, g_list_model_get_n_items (model));
        g_array_append_val (clearing ? clear_latency : typing_latency, latency);
        g_array_append_val (clearing ? clear_work : typing_work, held_worst);
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
}

/* Sorting by each column, then reversing it; the list's default order (company name,
 * ascending) at the end, which the next window takes from the settings. */
static void
time_sorting (GString *json)
{
  g_autoptr(GArray) sort_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reverse_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char * const columns[] = { "Company name", "Domain", "Microsoft ID", "Relationship" };
  GtkColumnView *view = GTK_COLUMN_VIEW (pd_test_ui_find_by_id (GTK_WIDGET (page), "column_view"));
  GListModel *view_columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) first = NULL;

  for (guint round = 0; round < 3; round++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      for (guint direction = 0; direction < 2; direction++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, c);
          gint64 work, start;

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
  g_string_append (json, ",\n");

  first = g_list_model_get_item (view_columns, 0);
  gtk_column_view_sort_by_column (view, first, GTK_SORT_ASCENDING);
  pd_test_ui_run_for (100);
}

/* ---- The next start: the cached list, then the service's ---- */

/* The window goes, and the connection's cache with it once written out, as on quitting:
 * the next window opens the file as a new start of the app does. Returns the cache's
 * directory. */
static char *
close_window_and_cache (PdClient *client)
{
  PdCache *cache = pd_cache_dup_for_client (client);
  char *directory = g_path_get_dirname (pd_cache_get_path (cache));

  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  page = NULL;
  model = NULL;
  pd_test_ui_run_for (200);
  pd_cache_sync (cache);
  g_object_add_weak_pointer (G_OBJECT (cache), (gpointer *) &cache);
  g_object_unref (cache);
  /* Else the new window would share the open cache: no start at all. */
  g_assert_null (cache);

  return directory;
}

/* The cache's own part of a warm start: opening the file (with its check) and reading the
 * list in pages, on a cache of its own (closed again before the window opens). */
static void
time_cache_read (const char *directory,
                 GString    *json)
{
  g_autoptr(PdCache) cache = pd_cache_new (directory);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ClientLoad load = { 0, 0, g_get_monotonic_time () };
  guint n_customers = 0;
  gint64 taken;

  pd_cache_load_customers_async (cache, client_page_cb, &load, NULL, NULL,
                                 pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  taken = g_get_monotonic_time () - load.start;
  g_assert_true (pd_cache_load_customers_finish (cache, result, &n_customers, NULL, &error));
  g_assert_no_error (error);
  /* The whole list was kept: the warm start has every row to show. */
  g_assert_cmpuint (n_customers, ==, expected);
  g_assert_cmpuint (load.n, ==, expected);

  g_string_append_printf (json, "  \"cache_read\": {\"first_page_ms\": %.1f, \"all_ms\": %.0f},\n",
                          load.first_page / 1000.0, taken / 1000.0);
}

static gboolean
not_loading (void)
{
  return !pd_customers_page_get_loading (page);
}

/* A new window on a new client of the same sandbox (the same cache key): the cached rows
 * first, all of them, then the background refresh's end. */
static void
time_warm_start (PdSandboxProcess *sandbox,
                 PdClient         *client,
                 GString          *json)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PdClient) next_client = NULL;
  g_autofree char *directory = close_window_and_cache (client);
  gint64 start, first_rows, all, refreshed;
  gboolean all_before_refresh;

  time_cache_read (directory, json);
  pd_test_ui_run_for (200);

  next_client = pd_test_client_new (sandbox);
  recording_gaps = gaps;
  held_from (0);
  start = open_window (next_client);
  trace_begin ("warm start", start);
  first_rows = until_painted (start, any_shown);
  all = until_painted (start, all_rows);
  all_before_refresh = pd_customers_page_get_loading (page);
  refreshed = until_painted (start, not_loading);
  recording_gaps = NULL;
  trace_start = 0;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);

  g_string_append_printf (json,
                          "  \"warm_start\": {\"first_rows_ms\": %.0f, \"rows_in_model_ms\": %.0f,\n"
                          "                 \"all_rows_ms\": %.0f, \"all_rows_before_refresh_ended\": %s,\n"
                          "                 \"refreshed_s\": %.3f},\n",
                          first_rows / 1000.0, (rows_in_model_at - start) / 1000.0, all / 1000.0,
                          all_before_refresh ? "true" : "false", refreshed / 1e6);
  print_stats (json, "warm_start_main_loop_gaps", gaps);
  g_string_append (json, ",\n");
}

/* Ctrl+R: the service lists every customer again over the rows shown. */
static void
time_refresh (GString *json)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, refreshed;

  pd_test_ui_run_for (300);
  recording_gaps = gaps;
  held_from (0);
  start = g_get_monotonic_time ();
  pd_customers_page_refresh (page);
  g_assert_true (pd_customers_page_get_loading (page));
  refreshed = until_painted (start, not_loading);
  recording_gaps = NULL;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);

  g_string_append_printf (json, "  \"refresh\": {\"s\": %.3f},\n", refreshed / 1e6);
  print_stats (json, "refresh_main_loop_gaps", gaps);
  g_string_append (json, ",\n");
}

/* ---- The load again, turn about with the plain client ---- */

/* The machine's speed wanders within a run: one load of the window against the quicker
 * of two plain listings moved by a quarter from run to run. So the two take turns,
 * @rounds times, each load of the window right after a listing of the plain client (as
 * the page lists), and each round's ratio is of those two; their median is the run's.
 * Each load is a first start of the list (a new window, nothing cached), but not of the
 * process: the memory the list takes is the process's already, where the first load
 * pays for fresh pages (its window_page_faults against theirs). The main loop is
 * watched only during the window's loads, as in the first one. */
static void
time_turn_about (PdClient *client,
                 guint     rounds,
                 GString  *json)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) client_s = g_string_new (NULL);
  g_autoptr(GString) window_s = g_string_new (NULL);
  g_autoptr(GString) ratio_text = g_string_new (NULL);
  g_autoptr(GString) faults = g_string_new (NULL);
  g_autoptr(GString) cpu = g_string_new (NULL);

  for (guint round = 0; round < rounds; round++)
    {
      const char *separator = round > 0 ? ", " : "";
      WindowLoad load;
      ClientLoad plain;
      gint64 client_time;
      double ratio;

      g_free (close_window_and_cache (client));
      watch_stop ();
      /* The closed window's cache was written out: its pages go to the disk now, not
       * during the listing; then the same rest as the window has before its load. */
      sync ();
      pd_test_ui_run_for (500);
      client_time = time_client_listing (client, TRUE, &plain, NULL);
      watch_start ();
      load_in_new_window (client, NULL, FALSE, &load);
      ratio = (double) load.all_shown / (double) client_time;
      g_array_append_val (ratios, ratio);
      g_string_append_printf (client_s, "%s%.3f", separator, client_time / 1e6);
      g_string_append_printf (window_s, "%s%.3f", separator, load.all_shown / 1e6);
      g_string_append_printf (ratio_text, "%s%.2f", separator, ratio);
      g_string_append_printf (faults, "%s%ld", separator, load.page_faults);
      g_string_append_printf (cpu, "%s%.0f", separator, load.process_cpu / 1000.0);
    }

  g_string_append_printf (json,
                          "  \"load_turn_about\": {\"client_s\": [%s],\n"
                          "                      \"window_s\": [%s],\n"
                          "                      \"ratio\": [%s], \"ratio_median\": %.2f,\n"
                          "                      \"window_page_faults\": [%s],\n"
                          "                      \"window_process_cpu_ms\": [%s]},\n",
                          client_s->str, window_s->str, ratio_text->str,
                          pd_test_median ((double *) ratios->data, ratios->len),
                          faults->str, cpu->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\n");
  g_autofree char *latency_text = NULL;
  gboolean load_only = FALSE;
  int latency_ms = 0;
  int rounds = -1;
  long vm_hwm_end;
  GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &expected, "Sandbox customers (default 100000)", "N" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      "Start the sandbox with this latency per request: cold load, warm start and refresh "
      "only", "MS" },
    { "load-only", 0, 0, G_OPTION_ARG_NONE, &load_only,
      "Stop after the load and the rounds (for profiling)", NULL },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds,
      "Then load again this many times, turn about with the plain client (default 5 on "
      "loopback, 0 with a latency)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the customer list");
  ClientLoad plain, all_load;
  gint64 client_time, all_time;
  guint streams = 0;

  /* First: GLib keeps its first answer for the cache directory, and a cache left by an
   * earlier run would turn the cold load into a warm start. */
  pd_test_ui_isolate_cache ();
  setlocale (LC_ALL, "");
  expected = 100000;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || latency_ms < 0 || rounds < -1)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "--latency-ms and --rounds take 0 or more");
      return 2;
    }

  /* Over a slow link each listing takes seconds, and the window keeps up with the client. */
  if (rounds == -1)
    rounds = latency_ms > 0 ? 0 : 5;

  gtk_init ();
  adw_init ();

  latency_text = g_strdup_printf ("%d", latency_ms);
  sandbox = latency_ms > 0 ? pd_test_sandbox_start (expected, "--latency-ms", latency_text, NULL)
                           : pd_test_sandbox_start (expected, NULL);
  client = pd_test_client_new (sandbox);
  sandbox_pid = pd_sandbox_process_get_identifier (sandbox);

  /* The plain client on the same server, one page after another (the floor for the
   * window's load on loopback) and as the page lists (in streams over a slow link). */
  client_time = time_client_listing (client, FALSE, &plain, NULL);
  all_time = time_client_listing (client, TRUE, &all_load, &streams);
  g_string_append_printf (json,
                          "  \"customers\": %u,\n  \"latency_ms\": %d,\n"
                          "  \"client\": {\"sequential_s\": %.3f, \"sequential_first_page_ms\": %.0f,\n"
                          "             \"all_s\": %.3f, \"all_first_page_ms\": %.0f, \"all_streams\": %u},\n",
                          expected, latency_ms, client_time / 1e6, plain.first_page / 1000.0,
                          all_time / 1e6, all_load.first_page / 1000.0, streams);
  g_string_append_printf (json, "  \"machine\": {\"cpus\": %u, \"page_first_touch_us\": %.1f},\n",
                          g_get_num_processors (), page_first_touch_us ());

  watch_start ();
  /* The first listing pays for the sandbox's cold pages: the window is compared with the
   * quicker of the two. */
  time_cold_load (client, client_time <= all_time ? &plain : &all_load,
                  MIN (client_time, all_time), json);
  print_thread_cpu (json);
  if (!load_only)
    {
      /* Typing and sorting never wait for the service: a slow link changes nothing there. */
      if (latency_ms == 0)
        {
          time_typing (json);
          time_sorting (json);
        }
      /* The list's own memory, before a second window adds its own. */
      g_string_append_printf (json, "  \"vm_hwm_before_warm_start_kb\": %ld,\n", vm_hwm_kb ());
      time_warm_start (sandbox, client, json);
      time_refresh (json);
    }
  /* Before the rounds: each of them makes the list anew, and its peak is the first's. */
  vm_hwm_end = vm_hwm_kb ();
  if (rounds > 0)
    time_turn_about (client, rounds, json);
  g_string_append_printf (json, "  \"vm_hwm_kb\": %ld\n}\n", vm_hwm_end);
  fputs (json->str, stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (100);
  return 0;
}
