/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-main.c: entry point of partner-desk-sandbox, a local Partner Center API server. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pd-sandbox-identity.h"
#include "pd-sandbox-secret.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server.h"
#include "pd-sandbox-store.h"

#define DEFAULT_SEED_COUNT 300

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
setup_gettext (void)
{
  const char *localedir = g_getenv ("PARTNER_DESK_LOCALEDIR");
  const char *messages;

  setlocale (LC_ALL, "");
  /* glibc ignores LANGUAGE when LC_MESSAGES is plain "C"; the server picks the language
   * of error texts per request through LANGUAGE, so make sure it is honoured. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
    setlocale (LC_MESSAGES, "C.UTF-8");

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  /* JSON bodies are UTF-8 whatever the process's character set. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* The first line of @path ("-": stdin), which must not be empty: the way to pass the token
 * without showing it to everyone in the process list, as --token does. */
static char *
read_token_file (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  char *line;

  if (strcmp (path, "-") == 0)
    {
      char buffer[4096];

      if (fgets (buffer, sizeof buffer, stdin) != NULL)
        contents = g_strdup (buffer);
      else
        contents = g_strdup ("");
    }
  else if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  line = g_strstrip (g_strndup (contents, strcspn (contents, "\r\n")));
  if (*line == '\0' || !g_utf8_validate (line, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The token file “%s” has no token on its first line."), path);
      g_free (line);
      return NULL;
    }

  return line;
}

static gboolean
check_rate (const char  *name,
            double       rate,
            GError     **error)
{
  if (rate >= 0.0 && rate <= 1.0)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s must be between 0 and 1."), name);
  return FALSE;
}

/* What the command line asks for. */
typedef struct
{
  gint             port;
  gint             seed_count;
  gint             latency_ms;
  gint64           fault_seed;
  gint             token_lifetime;
  gint             device_interval;
  gboolean         auto_approve;
  gboolean         no_audit;
  char            *client_id;
  char            *user;
  char            *database;
  char            *token;
  char            *token_file;
  PdSandboxFaults  faults;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->client_id, g_free);
  g_clear_pointer (&options->user, g_free);
  g_clear_pointer (&options->database, g_free);
  g_clear_pointer (&options->token, g_free);
  g_clear_pointer (&options->token_file, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The checks of the options' values after parsing; 2 after saying what is wrong, or 0. */
static int
check_options (Options *o)
{
  g_autoptr(GError) error = NULL;

  if (o->port < 0 || o->port > 65535 || o->seed_count < 0 || o->latency_ms < 0)
    {
      g_printerr (_("%s: --port, --seed and --latency-ms take numbers of 0 or more.\n"),
                  g_get_prgname ());
      return 2;
    }
  if (o->token_lifetime < 1 || o->device_interval < 1)
    {
      g_printerr (_("%s: --token-lifetime and --device-interval take numbers of 1 or more.\n"),
                  g_get_prgname ());
      return 2;
    }
  if (o->user != NULL && strchr (o->user, '@') == NULL)
    {
      g_printerr (_("%s: --user takes “Name <user@domain>”.\n"), g_get_prgname ());
      return 2;
    }
  if (o->token != NULL && o->token_file != NULL)
    {
      g_printerr (_("%s: give --token or --token-file, not both.\n"), g_get_prgname ());
      return 2;
    }
  if (o->token_file != NULL)
    {
      o->token = read_token_file (o->token_file, &error);
      if (o->token == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 2;
        }
    }

  return 0;
}

/* Parses and checks the command line. Returns: the exit status for a refused command line
 * (2, after saying why), or 0. */
static int
parse_options (Options   *o,
               int       *argc,
               char    ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &o->port,
      N_("Port to listen on at 127.0.0.1 (0: any free port)"), N_("PORT") },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &o->database,
      N_("SQLite database file, created and seeded when missing"), N_("PATH") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &o->token,
      N_("Bearer token clients must send (generated when not given)"), N_("TOKEN") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &o->token_file,
      N_("Read the token from the first line of this file (“-”: standard input), keeping it "
         "out of the process list"), N_("PATH") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &o->seed_count,
      N_("Number of demo customers put into a new database"), N_("N") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &o->latency_ms,
      N_("Delay every answer by this many milliseconds"), N_("MS") },
    { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->faults.fail_rate,
      N_("Share of requests answered with 503 (0 to 1)"), N_("RATE") },
    { "throttle-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->faults.throttle_rate,
      N_("Share of requests answered with 429 and Retry-After (0 to 1)"), N_("RATE") },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->faults.drop_rate,
      N_("Share of connections closed without an answer (0 to 1)"), N_("RATE") },
    { "corrupt-rate", 0, 0, G_OPTION_ARG_DOUBLE, &o->faults.corrupt_rate,
      N_("Share of answers sent with a truncated JSON body (0 to 1)"), N_("RATE") },
    { "fault-seed", 0, 0, G_OPTION_ARG_INT64, &o->fault_seed,
      N_("Seed of the fault generator, for repeatable runs"), N_("N") },
    { "auto-approve", 0, 0, G_OPTION_ARG_NONE, &o->auto_approve,
      N_("Approve sign-ins without asking (for tests)"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &o->client_id,
      N_("The only application (client) ID allowed to sign in (default: any)"), N_("ID") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &o->token_lifetime,
      N_("Seconds an issued access token stays valid (default: 3600)"), N_("SECONDS") },
    { "device-interval", 0, 0, G_OPTION_ARG_INT, &o->device_interval,
      N_("Seconds between device-code polls (default: 5)"), N_("SECONDS") },
    { "no-audit", 0, 0, G_OPTION_ARG_NONE, &o->no_audit,
      N_("Answer /v1/auditrecords with 404, as the 21Vianet cloud (which has no activity "
         "log API) does"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &o->user,
      N_("The account that signs in (default: “Demo Admin "
         "<admin@contoso.onmicrosoft.com>”)"),
      N_("\"NAME <EMAIL>\"") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("A local Partner Center API server with demo "
                                           "customers, for demo mode, tests and benchmarks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error)
      || !check_rate ("--fail-rate", o->faults.fail_rate, &error)
      || !check_rate ("--throttle-rate", o->faults.throttle_rate, &error)
      || !check_rate ("--drop-rate", o->faults.drop_rate, &error)
      || !check_rate ("--corrupt-rate", o->faults.corrupt_rate, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  return check_options (o);
}

/* Opens the database, seeding it when new. Returns: (nullable): NULL after saying why. */
static PdSandboxStore *
open_store (const char *database,
            gint        seed_count)
{
  g_autoptr(PdSandboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  store = pd_sandbox_store_open (database, &error);
  if (store == NULL)
    {
      g_printerr (_("%s: cannot open the database “%s”: %s\n"), g_get_prgname (), database,
                  error->message);
      return NULL;
    }
  if (pd_sandbox_store_is_seeded (store))
    {
      if (!pd_sandbox_seed_backfill_history (store, &error))
        g_printerr (_("%s: cannot add the demo history: %s\n"), g_get_prgname (),
                    error->message);
      return g_steal_pointer (&store);
    }

  start = g_get_monotonic_time ();
  if (!pd_sandbox_seed_populate (store, seed_count, &error))
    {
      g_printerr (_("%s: cannot seed the database: %s\n"), g_get_prgname (), error->message);
      return NULL;
    }
  g_printerr (ngettext ("%s: seeded %d demo customer in %.2f s\n",
                        "%s: seeded %d demo customers in %.2f s\n", seed_count),
              g_get_prgname (), seed_count, (g_get_monotonic_time () - start) / 1e6);

  return g_steal_pointer (&store);
}

/* The server with its identity service, listening. Returns: (nullable): NULL after saying
 * why not. */
static PdSandboxServer *
start_server (Options        *o,
              PdSandboxStore *store)
{
  g_autoptr(PdSandboxServer) server = pd_sandbox_server_new (store, o->token, &o->faults);
  g_autoptr(PdSandboxIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  PdSandboxIdentityOptions identity_options = { 0 };

  identity_options.auto_approve = o->auto_approve;
  identity_options.client_id = o->client_id;
  identity_options.token_lifetime = o->token_lifetime;
  identity_options.device_interval = o->device_interval;
  identity_options.user = o->user;
  identity = pd_sandbox_identity_new (&identity_options);
  pd_sandbox_server_set_identity (server, identity);
  pd_sandbox_server_set_audit_available (server, !o->no_audit);
  if (!pd_sandbox_server_listen (server, o->port, &error))
    {
      g_printerr (_("%s: cannot listen on 127.0.0.1:%d: %s\n"), g_get_prgname (), o->port,
                  error->message);
      return NULL;
    }

  return g_steal_pointer (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { .seed_count = DEFAULT_SEED_COUNT, .fault_seed = -1,
                              .token_lifetime = 3600, .device_interval = 5 };
  g_autofree char *base_url = NULL;
  g_autoptr(PdSandboxStore) store = NULL;
  g_autoptr(PdSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  int status;

  setup_gettext ();

  status = parse_options (&options, &argc, &argv);
  if (status != 0)
    return status;
  options.faults.latency_ms = options.latency_ms;
  options.faults.fault_seed = options.fault_seed >= 0 ? (guint32) options.fault_seed
                                                      : g_random_int ();

  if (options.database == NULL)
    options.database = g_build_filename (g_get_user_data_dir (), "partner-desk",
                                         "sandbox.sqlite", NULL);
  /* 256 bits from the kernel: GLib's generator is predictable from its earlier outputs. */
  if (options.token == NULL)
    options.token = pd_sandbox_random_token ("sandbox-");

  store = open_store (options.database, options.seed_count);
  if (store == NULL)
    return 1;
  server = start_server (&options, store);
  if (server == NULL)
    return 1;

  /* Before the announcement: whoever started us may stop us as soon as it has read it. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  /* The protocol with PdSandboxProcess and the tests: base URL, then the token. */
  base_url = pd_sandbox_server_get_base_url (server);
  printf ("%s\n", base_url);
  printf ("PARTNER_DESK_TOKEN=%s\n", options.token);
  fflush (stdout);

  g_main_loop_run (loop);

  /* Server first: it holds a pointer to the store. Then let libsoup finish closing the
   * client connections, which it does from the main loop. */
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&store, pd_sandbox_store_free);

  return 0;
}
