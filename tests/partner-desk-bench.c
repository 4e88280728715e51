/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-bench.c: times loading every customer through PdClient (and curl, python3). */

#include "config.h"

#define G_LOG_DOMAIN "partner-desk-bench"

#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "partner-desk-bench-cache.h"
#include "pd-client-private.h"
#include "pd-test-util.h"

/* Untimed: walks links.next once (urllib + json) and writes a curl config that asks for
 * the same pages: per page its URL, the same headers PdClient sends that matter to the
 * server (Authorization, Accept, MS-ContinuationToken) and output to /dev/null. The
 * sandbox's continuation tokens encode the position, so they can be asked again. */
static const char collect_script[] =
  "import json, os, sys, urllib.request\n"
  "base, size, token, path = sys.argv[1], sys.argv[2], os.environ['PD_TOKEN'], sys.argv[3]\n"
  "def q(s):\n"
  "    return '\"' + s.replace('\\\\', '\\\\\\\\').replace('\"', '\\\\\"') + '\"'\n"
  "url, extra = base + '/v1/customers?size=' + size, {}\n"
  "pages = 0\n"
  "with open(path, 'w') as cfg:\n"
  "    while True:\n"
  "        headers = {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'}\n"
  "        headers.update(extra)\n"
  "        if pages:\n"
  "            cfg.write('next\\n')\n"
  "        cfg.write('url = %s\\noutput = \"/dev/null\"\\nfail\\n' % q(url))\n"
  "        cfg.write('write-out = \"%{http_code} %{size_download} %{num_connects}\\\\n\"\\n')\n"
  "        for k, v in headers.items():\n"
  "            cfg.write('header = %s\\n' % q(k + ': ' + v))\n"
  "        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:\n"
  "            page = json.loads(r.read().decode('utf-8-sig'))\n"
  "        pages += 1\n"
  "        nxt = page.get('links', {}).get('next')\n"
  "        if not nxt:\n"
  "            break\n"
  "        url = base + nxt['uri']\n"
  "        extra = {h['key']: h['value'] for h in nxt.get('headers', [])}\n"
  "print(0, pages, 0, 0)\n";

/* What a scripting admin would write: urllib and json, following links.next. Each
 * urlopen() opens a new connection (urllib sends "Connection: close"), as such a script
 * does; the time includes json.loads of every page but builds no objects beyond that. */
static const char python_script[] =
  "import json, os, sys, time, urllib.request\n"
  "base, size, token = sys.argv[1], sys.argv[2], os.environ['PD_TOKEN']\n"
  "url, extra = base + '/v1/customers?size=' + size, {}\n"
  "customers = pages = 0\n"
  "start = time.monotonic()\n"
  "while True:\n"
  "    headers = {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'}\n"
  "    headers.update(extra)\n"
  "    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:\n"
  "        page = json.loads(r.read().decode('utf-8-sig'))\n"
  "    pages += 1\n"
  "    customers += len(page['items'])\n"
  "    nxt = page.get('links', {}).get('next')\n"
  "    if not nxt:\n"
  "        break\n"
  "    url = base + nxt['uri']\n"
  "    extra = {h['key']: h['value'] for h in nxt.get('headers', [])}\n"
  "print(customers, pages, time.monotonic() - start, 0)\n";

typedef struct
{
  GPtrArray *kept;     /* NULL: count only (warm-up) */
  guint      n_customers;
  guint      n_pages;
  guint      total_count;
} Load;

static void
load_page (GPtrArray *customers,
           guint      total_count,
           gpointer   user_data)
{
  Load *load = user_data;

  load->n_pages++;
  load->n_customers += customers->len;
  load->total_count = total_count;
  /* Keep them, as the app's list model does: the RSS figure must include them. */
  if (load->kept != NULL)
    for (guint i = 0; i < customers->len; i++)
      g_ptr_array_add (load->kept, g_object_ref (g_ptr_array_index (customers, i)));
}

static gboolean
load_all (PdClient  *client,
          guint      page_size,
          Load      *load,
          double    *seconds,
          GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  pd_client_list_customers_async (client, page_size, load_page, load, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  ok = pd_client_list_customers_finish (client, result, NULL, error);
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return ok;
}

/* The same through pd_client_list_all_customers_async(): pages in domain streams when
 * the list is long enough. @streams: how many ran at once (0: it read page after page). */
static gboolean
load_all_parallel (PdClient  *client,
                   guint      page_size,
                   Load      *load,
                   guint     *n_distinct,
                   guint     *streams,
                   double    *seconds,
                   GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  pd_client_list_all_customers_async (client, page_size, load_page, load, NULL, NULL,
                                      pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  *streams = pd_client_list_all_customers_get_streams (client, result);
  ok = pd_client_list_all_customers_finish (client, result, n_distinct, error);
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return ok;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  /* Linux reports ru_maxrss in kilobytes. */
  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;
  return usage.ru_maxrss;
}

static gboolean
run_script (const char  *script,
            const char  *base_url,
            const char  *token,
            guint        page_size,
            const char  *extra_arg,  /* (nullable) */
            guint       *n_customers,
            guint       *n_pages,
            double      *seconds,
            GError     **error)
{
  g_autofree char *size = g_strdup_printf ("%u", page_size);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PD_TOKEN", token, TRUE);
  const char *argv[] = { "python3", "-c", script, base_url, size, extra_arg, NULL };
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s", err != NULL ? err : "");
      return FALSE;
    }
  if (sscanf (out, "%u %u %lf", n_customers, n_pages, seconds) != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Unexpected output: %s", out);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint   n_pages;
  guint   n_connections;
  guint64 n_bytes;
  double  seconds;
} CurlRun;

/* The transfer floor: one curl process fetches every page, in order, over one keep-alive
 * connection (curl reuses it between the URLs of one config file), writing the bodies to
 * /dev/null. The time is the whole curl process, its start-up included (a few ms).
 * The config comes from one untimed walk of the pages (collect_script); it holds the
 * bearer token, so it lives only for this run. */
static gboolean
write_curl_config (const char  *base_url,
                   const char  *token,
                   guint        page_size,
                   char       **config,
                   GError     **error)
{
  guint n_customers = 0, n_pages = 0;
  double unused = 0;
  int fd;

  fd = g_file_open_tmp ("partner-desk-bench-XXXXXX.curlrc", config, error);
  if (fd < 0)
    return FALSE;
  close (fd);

  return run_script (collect_script, base_url, token, page_size, *config,
                     &n_customers, &n_pages, &unused, error);
}

static gboolean
run_curl (const char  *config,
          CurlRun     *run,
          GError     **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "curl", "--silent", "--show-error", "--config", config, NULL };
  int wait_status = 0;
  gint64 start;

  *run = (CurlRun) { 0, };
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &wait_status, error))
    return FALSE;
  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s", err != NULL ? err : "");
      return FALSE;
    }

  /* One line per transfer: status, bytes, new connections opened for it. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint status = 0, connects = 0;
      guint64 bytes = 0;

      if (*lines[i] == '\0')
        continue;
      if (sscanf (lines[i], "%u %" G_GUINT64_FORMAT " %u", &status, &bytes, &connects) != 3
          || status != 200)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Unexpected curl transfer: %s", lines[i]);
          return FALSE;
        }
      run->n_pages++;
      run->n_bytes += bytes;
      run->n_connections += connects;
    }
  return TRUE;
}

#define MAX_ROUNDS 20

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdTokenProvider) provider = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *curl_config = NULL;
  const char *base_url;
  const char *token;
  int sandbox_customers = 0;
  int page_size = PD_CLIENT_MAX_PAGE_SIZE;
  gboolean json = FALSE;
  gboolean compare = FALSE;
  int rounds = 0;
  int rounds_given = 0;
  int cache_customers = 0;
  Load load = { 0, };
  double pd_seconds[MAX_ROUNDS] = { 0, };
  double curl_seconds[MAX_ROUNDS] = { 0, };
  double py_seconds_all[MAX_ROUNDS] = { 0, };
  double curl_ratio[MAX_ROUNDS] = { 0, };
  double py_ratio[MAX_ROUNDS] = { 0, };
  double pd_best, pd_median;
  CurlRun last_curl = { 0, };
  guint last_py_customers = 0;
  gboolean same_pages = TRUE;
  int latency_ms = 0;
  int max_streams = PD_CLIENT_DEFAULT_MAX_STREAMS;
  gboolean parallel = FALSE;
  double par_seconds[MAX_ROUNDS] = { 0, };
  guint par_streams = 0;
  guint par_customers = 0;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint,
      "API base URL (token from PARTNER_DESK_TOKEN)", "URL" },
    { "sandbox", 0, 0, G_OPTION_ARG_INT, &sandbox_customers,
      "Start a sandbox with N customers on a temporary database", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "Customers per page (500)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &compare,
      "Also time curl and a python3 urllib loop on the same pages", NULL },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      "Have the sandbox delay every answer by MS, as the real service's round trip does "
      "(implies --parallel)", "MS" },
    { "parallel", 0, 0, G_OPTION_ARG_NONE, &parallel,
      "Also time the listing in parallel domain streams, taking turns with the plain one",
      NULL },
    { "streams", 0, 0, G_OPTION_ARG_INT, &max_streams,
      "Streams at once for --parallel (default 12)", "K" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds,
      "Time every contender N times, taking turns (3 with --compare, else 1)", "N" },
    { "cache", 0, 0, G_OPTION_ARG_INT, &cache_customers,
      "Instead: time the local cache writing and loading N customers", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- time loading every customer");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (cache_customers > 0)
    return pd_bench_cache ((guint) cache_customers, json);

  rounds_given = rounds;
  if (rounds == 0)
    rounds = 1;

  if ((endpoint == NULL) == (sandbox_customers <= 0))
    {
      g_printerr ("Give either --endpoint URL or --sandbox N\n");
      return 2;
    }

  if (sandbox_customers > 0)
    {
      /* Run from the build tree without meson's environment: use the sandbox built
       * next to this program. */
      if (g_getenv ("PARTNER_DESK_SANDBOX") == NULL)
        {
          g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
          g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
          g_autofree char *built = dir != NULL
            ? g_build_filename (dir, "..", "src", "sandbox", "partner-desk-sandbox", NULL)
            : NULL;

          if (built != NULL && g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
            g_setenv ("PARTNER_DESK_SANDBOX", built, TRUE);
        }

      if (!json)
        g_printerr ("Starting a sandbox with %d customers…\n", sandbox_customers);
      if (latency_ms > 0)
        {
          g_autofree char *latency = g_strdup_printf ("%d", latency_ms);

          sandbox = pd_test_sandbox_start ((guint) sandbox_customers, "--latency-ms", latency,
                                           NULL);
        }
      else
        sandbox = pd_test_sandbox_start ((guint) sandbox_customers, NULL);
      base_url = pd_sandbox_process_get_base_url (sandbox);
      token = pd_sandbox_process_get_token (sandbox);
    }
  else
    {
      base_url = endpoint;
      token = g_getenv ("PARTNER_DESK_TOKEN");
      if (token == NULL || *token == '\0')
        {
          g_printerr ("Set PARTNER_DESK_TOKEN to the bearer token\n");
          return 2;
        }
    }

  provider = pd_static_token_provider_new (token);
  client = pd_client_new (base_url, provider);
  if (latency_ms > 0)
    parallel = TRUE;
  if (max_streams < 1 || max_streams > PD_CLIENT_DEFAULT_MAX_STREAMS + 4)
    {
      g_printerr ("--streams takes 1 to %d (the client's connections per host)\n",
                  PD_CLIENT_DEFAULT_MAX_STREAMS + 4);
      return 2;
    }
  pd_client_set_max_streams (client, (guint) max_streams);
  /* --parallel measures the streams themselves, loopback or not. */
  pd_client_set_streams_min_page_time (client, 0);
  if (rounds < 1 || rounds > MAX_ROUNDS)
    {
      g_printerr ("--rounds takes 1 to %d\n", MAX_ROUNDS);
      return 2;
    }
  if (rounds_given == 0)
    rounds = compare ? 3 : 1;

  if (compare)
    {
      /* One untimed pass first, so every contender meets a warm server. */
      Load warm = { 0, };
      double warm_seconds;

      if (!load_all (client, (guint) page_size, &warm, &warm_seconds, &error))
        {
          g_printerr ("Warm-up failed: %s\n", error->message);
          return 1;
        }
      if (!write_curl_config (base_url, token, (guint) page_size, &curl_config, &error))
        {
          g_printerr ("Collecting the pages for curl failed: %s\n", error->message);
          return 1;
        }
    }

  /* The machine may be busy with other work: with several rounds, the contenders take
   * turns (PdClient, curl, python3) and each round's ratios compare runs made seconds
   * apart; the summary gives medians. */
  for (int round = 0; round < rounds; round++)
    {
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
      double seconds = 0;

      load = (Load) { kept, 0, 0, 0 };
      if (!load_all (client, (guint) page_size, &load, &seconds, &error))
        {
          g_printerr ("Loading failed: %s\n", error->message);
          g_unlink (curl_config);
          return 1;
        }
      pd_seconds[round] = seconds;

      if (parallel)
        {
          g_autoptr(GPtrArray) par_kept = NULL;
          Load par_load = { 0, };

          /* The plain round's customers go first, as a reload does. */
          g_clear_pointer (&kept, g_ptr_array_unref);
          load.kept = NULL;
          par_kept = g_ptr_array_new_with_free_func (g_object_unref);
          par_load.kept = par_kept;
          if (!load_all_parallel (client, (guint) page_size, &par_load, &par_customers,
                                  &par_streams, &par_seconds[round], &error))
            {
              g_printerr ("Loading in streams failed: %s\n", error->message);
              return 1;
            }
          if (par_customers != load.n_customers)
            g_printerr ("warning: %u customers in streams, %u page after page\n",
                        par_customers, load.n_customers);
          if (!json)
            g_print ("Round %d: page after page %.3f s, in streams %.3f s "
                     "(%u at once; %u customers)\n", round + 1, seconds, par_seconds[round],
                     par_streams, par_customers);
        }

      if (compare)
        {
          CurlRun curl = { 0, };
          guint py_customers = 0, py_pages = 0;
          double py_seconds = 0;

          if (!run_curl (curl_config, &curl, &error))
            {
              g_printerr ("curl run failed: %s\n", error->message);
              g_unlink (curl_config);
              return 1;
            }
          if (!run_script (python_script, base_url, token, (guint) page_size, NULL,
                           &py_customers, &py_pages, &py_seconds, &error))
            {
              g_printerr ("python3 loop failed: %s\n", error->message);
              g_unlink (curl_config);
              return 1;
            }
          curl_seconds[round] = curl.seconds;
          py_seconds_all[round] = py_seconds;
          curl_ratio[round] = seconds / curl.seconds;
          py_ratio[round] = seconds / py_seconds;
          last_curl = curl;
          last_py_customers = py_customers;
          if (curl.n_pages != load.n_pages || py_pages != load.n_pages ||
              py_customers != load.n_customers)
            same_pages = FALSE;
          if (!json)
            g_print ("Round %d: PdClient %.3f s, curl %.3f s, python3 %.3f s: "
                     "PdClient / curl %.2fx, PdClient / python3 %.2fx\n",
                     round + 1, seconds, curl.seconds, py_seconds,
                     curl_ratio[round], py_ratio[round]);
        }
      /* The customers of this round go before the next one, as a reload does. */
    }
  if (curl_config != NULL)
    g_unlink (curl_config);

  pd_best = pd_seconds[0];
  for (int i = 1; i < rounds; i++)
    pd_best = MIN (pd_best, pd_seconds[i]);
  pd_median = pd_test_median (pd_seconds, (guint) rounds);

  if (json && parallel)
    g_print ("{\"customers\": %u, \"pages\": %u, \"seconds\": %.3f, "
             "\"parallel_seconds\": %.3f, \"parallel_streams\": %u, "
             "\"parallel_customers\": %u, \"latency_ms\": %d, \"peak_rss_kb\": %ld}\n",
             load.n_customers, load.n_pages, pd_median,
             pd_test_median (par_seconds, (guint) rounds), par_streams, par_customers, latency_ms, peak_rss_kb ());
  else if (json)
    g_print ("{\"customers\": %u, \"pages\": %u, \"seconds\": %.3f, \"peak_rss_kb\": %ld}\n",
             load.n_customers, load.n_pages, pd_median, peak_rss_kb ());
  else if (rounds == 1)
    g_print ("PdClient: %u customers (totalCount %u) in %u pages, %.3f s, peak RSS %ld kB "
             "(libsoup keep-alive, every page parsed into PdCustomer objects, all kept)\n",
             load.n_customers, load.total_count, load.n_pages, pd_median, peak_rss_kb ());
  else
    g_print ("PdClient: %u customers (totalCount %u) in %u pages, median %.3f s "
             "(best %.3f s) of %d rounds, peak RSS %ld kB "
             "(libsoup keep-alive, every page parsed into PdCustomer objects, all kept)\n",
             load.n_customers, load.total_count, load.n_pages, pd_median, pd_best, rounds,
             peak_rss_kb ());

  if (parallel && !json)
    g_print ("In streams: %u customers, median %.3f s of %d round%s, %u streams at once "
             "(0: read page after page), latency %d ms\n",
             par_customers, pd_test_median (par_seconds, (guint) rounds), rounds,
             rounds == 1 ? "" : "s", par_streams, latency_ms);

  if (compare)
    {
      FILE *out = json ? stderr : stdout;

      fprintf (out, "curl:     %u pages, %.1f MB, median %.3f s "
                    "(the transfer floor: one curl process, %u TCP connection%s, "
                    "bodies to /dev/null, no parsing)\n",
               last_curl.n_pages, last_curl.n_bytes / 1e6,
               pd_test_median (curl_seconds, (guint) rounds), last_curl.n_connections,
               last_curl.n_connections == 1 ? "" : "s");
      fprintf (out, "python3:  %u customers in %u pages, median %.3f s "
                    "(urllib.request.urlopen per page, a new connection each, + json.loads)\n",
               last_py_customers, last_curl.n_pages,
               pd_test_median (py_seconds_all, (guint) rounds));
      fprintf (out, "PdClient / curl:    %.2fx  (median of the rounds' ratios; target: at most 2x)\n",
               pd_test_median (curl_ratio, (guint) rounds));
      fprintf (out, "PdClient / python3: %.2fx  (median of the rounds' ratios; target: at most 1x)\n",
               pd_test_median (py_ratio, (guint) rounds));
      if (!same_pages)
        fprintf (out, "warning: the contenders did not see the same pages\n");
    }

  return 0;
}
