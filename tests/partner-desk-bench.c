/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-bench.c: times loading every customer through PdClient (and curl, python3). */

#include "config.h"

#define G_LOG_DOMAIN "partner-desk-bench"

#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include "pd-test-util.h"

/* The transfer floor: curl fetches each page; Python only finds the next link with a
 * regular expression on the tail of the body, so no JSON parsing is charged to curl. */
static const char curl_script[] =
  "import os, re, subprocess, sys, time\n"
  "base, size, token = sys.argv[1], sys.argv[2], os.environ['PD_TOKEN']\n"
  "uri_re = re.compile(rb'\"next\"\\s*:\\s*\\{[^}]*?\"uri\"\\s*:\\s*\"([^\"]*)\"', re.S)\n"
  "tok_re = re.compile(rb'\"key\"\\s*:\\s*\"MS-ContinuationToken\"\\s*,'\n"
  "                    rb'\\s*\"value\"\\s*:\\s*\"([^\"]*)\"', re.S)\n"
  "url, extra = base + '/v1/customers?size=' + size, []\n"
  "pages = 0\n"
  "nbytes = 0\n"
  "start = time.monotonic()\n"
  "while True:\n"
  "    body = subprocess.run(['curl', '-sS', '--fail', '-H', 'Authorization: Bearer ' + token,\n"
  "                           '-H', 'Accept: application/json'] + extra + [url],\n"
  "                          stdout=subprocess.PIPE, check=True).stdout\n"
  "    pages += 1\n"
  "    nbytes += len(body)\n"
  "    tail = body[body.rfind(b'\"links\"'):]\n"
  "    m = uri_re.search(tail)\n"
  "    if not m:\n"
  "        break\n"
  "    url = base + m.group(1).decode().replace('\\\\/', '/')\n"
  "    t = tok_re.search(tail)\n"
  "    extra = ['-H', 'MS-ContinuationToken: ' + t.group(1).decode()] if t else []\n"
  "print(0, pages, time.monotonic() - start, nbytes)\n";

/* What a scripting admin would write: urllib and json, following links.next. */
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
            guint       *n_customers,
            guint       *n_pages,
            double      *seconds,
            GError     **error)
{
  g_autofree char *size = g_strdup_printf ("%u", page_size);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PD_TOKEN", token, TRUE);
  const char *argv[] = { "python3", "-c", script, base_url, size, NULL };
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdTokenProvider) provider = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *endpoint = NULL;
  const char *base_url;
  const char *token;
  int sandbox_customers = 0;
  int page_size = PD_CLIENT_MAX_PAGE_SIZE;
  gboolean json = FALSE;
  gboolean compare = FALSE;
  Load load = { 0, };
  double seconds = 0;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint,
      "API base URL (token from PARTNER_DESK_TOKEN)", "URL" },
    { "sandbox", 0, 0, G_OPTION_ARG_INT, &sandbox_customers,
      "Start a sandbox with N customers on a temporary database", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "Customers per page (500)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &compare,
      "Also time curl and a python3 urllib loop on the same pages", NULL },
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
    }

  kept = g_ptr_array_new_with_free_func (g_object_unref);
  load.kept = kept;
  if (!load_all (client, (guint) page_size, &load, &seconds, &error))
    {
      g_printerr ("Loading failed: %s\n", error->message);
      return 1;
    }

  if (json)
    g_print ("{\"customers\": %u, \"pages\": %u, \"seconds\": %.3f, \"peak_rss_kb\": %ld}\n",
             load.n_customers, load.n_pages, seconds, peak_rss_kb ());
  else
    g_print ("PdClient: %u customers (totalCount %u) in %u pages, %.3f s, peak RSS %ld kB\n",
             load.n_customers, load.total_count, load.n_pages, seconds, peak_rss_kb ());

  if (compare)
    {
      guint curl_customers = 0, curl_pages = 0, py_customers = 0, py_pages = 0;
      double curl_seconds = 0, py_seconds = 0;
      FILE *out = json ? stderr : stdout;

      if (!run_script (curl_script, base_url, token, (guint) page_size,
                       &curl_customers, &curl_pages, &curl_seconds, &error))
        {
          g_printerr ("curl loop failed: %s\n", error->message);
          return 1;
        }
      if (!run_script (python_script, base_url, token, (guint) page_size,
                       &py_customers, &py_pages, &py_seconds, &error))
        {
          g_printerr ("python3 loop failed: %s\n", error->message);
          return 1;
        }

      fprintf (out, "curl:     %u pages, %.3f s\n", curl_pages, curl_seconds);
      fprintf (out, "python3:  %u customers in %u pages, %.3f s\n",
               py_customers, py_pages, py_seconds);
      fprintf (out, "PdClient / curl:    %.2fx\n", seconds / curl_seconds);
      fprintf (out, "PdClient / python3: %.2fx\n", seconds / py_seconds);
      if (curl_pages != load.n_pages || py_pages != load.n_pages ||
          py_customers != load.n_customers)
        fprintf (out, "warning: the contenders did not see the same pages\n");
    }

  return 0;
}
