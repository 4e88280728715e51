/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-sandbox-http.c: a sandbox process of the test's own, and raw HTTP to it. */

#include "config.h"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-test-sandbox-http.h"
#include "pd-test-util.h"

/* glibc's catalogue generation counter: bumping it makes gettext look at LANGUAGE again. */
extern int _nl_msg_cat_cntr;

/* ---- a sandbox process of our own ---- */

#ifdef __linux__
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

void
sandbox_spawn (Sandbox            *sandbox,
               const char * const *extra)
{
  const char *exe = g_getenv ("PARTNER_DESK_SANDBOX");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token_line = NULL;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, sandbox->database);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
#ifdef __linux__
  /* A crashed test must not leave sandboxes behind (they would also hold meson's pipe). */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  sandbox->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox->process));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  token_line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_nonnull (token_line);
  g_assert_true (g_str_has_prefix (token_line, "PARTNER_DESK_TOKEN="));

  g_free (sandbox->base_url);
  g_free (sandbox->token);
  sandbox->base_url = g_steal_pointer (&url);
  sandbox->token = g_strdup (token_line + strlen ("PARTNER_DESK_TOKEN="));
}

/* Starts a sandbox on a new database with @seed customers and @extra arguments. */
Sandbox *
sandbox_start (guint               seed,
               const char * const *extra)
{
  Sandbox *sandbox = g_new0 (Sandbox, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_autoptr(GProxyResolver) resolver = NULL;
  g_auto(GStrv) argv = NULL;

  sandbox->dir = g_dir_make_tmp ("test-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  sandbox->database = g_build_filename (sandbox->dir, "sandbox.sqlite", NULL);
  /* No proxy look-up: the default resolver reads GSettings, which tests do not install. */
  resolver = g_simple_proxy_resolver_new (NULL, NULL);
  sandbox->session = soup_session_new_with_options ("proxy-resolver", resolver, NULL);

  g_strv_builder_add_many (args, "--seed", seed_text, NULL);
  if (extra != NULL)
    g_strv_builder_addv (args, (const char **) extra);
  argv = g_strv_builder_end (args);
  sandbox_spawn (sandbox, (const char * const *) argv);

  return sandbox;
}

/* SIGTERM, and the sandbox must exit cleanly. */
void
sandbox_stop (Sandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  if (sandbox->process == NULL)
    return;
  g_subprocess_send_signal (sandbox->process, SIGTERM);
  g_subprocess_wait (sandbox->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sandbox->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sandbox->process), ==, 0);
  g_clear_object (&sandbox->process);
}

void
sandbox_free (Sandbox *sandbox)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  sandbox_stop (sandbox);
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (sandbox->database, suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (sandbox->dir);
  g_clear_object (&sandbox->session);
  g_free (sandbox->dir);
  g_free (sandbox->database);
  g_free (sandbox->base_url);
  g_free (sandbox->token);
  g_free (sandbox);
}

/* ---- HTTP ---- */

void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_error (&response->error);
  g_free (response);
}

/* @path may carry a query; @body is JSON or NULL; then header name/value pairs, NULL-ended.
 * The bearer token is sent unless @auth is FALSE. */
Response *
http (Sandbox    *sandbox,
      gboolean    auth,
      const char *method,
      const char *path,
      const char *body,
      ...)
{
  g_autofree char *url = g_strconcat (sandbox->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Response *response = g_new0 (Response, 1);
  SoupMessageHeaders *headers;
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (auth)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", sandbox->token);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");

  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return send_message (sandbox, msg, response);
}

/* Sends @msg and fills @response; the identity tests build their own messages. */
Response *
send_message (Sandbox     *sandbox,
              SoupMessage *msg,
              Response    *response)
{
  g_autoptr(GAsyncResult) result = NULL;

  soup_session_send_and_read_async (sandbox->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    pd_test_store_result, &result);
  pd_test_wait_for_result (&result);

  response->body = soup_session_send_and_read_finish (sandbox->session, result,
                                                      &response->error);
  if (response->body == NULL)
    return response;

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (response->body, &len);

      if (json_parser_load_from_data (parser, data, len, NULL))
        response->json = json_node_copy (json_parser_get_root (parser));
    }

  return response;
}

JsonObject *
object (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

void
assert_error (Response   *response,
              guint       status,
              gint64      code)
{
  JsonObject *error = object (response);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (error, "description"), !=, "");
}

/* The id of seeded customer @index (0: ООО «Ромашка», 1: Guangdong, 2: Washington). */
char *
customer_id (Sandbox *sandbox,
             guint    index)
{
  g_autoptr(Response) list = http (sandbox, TRUE, "GET", "/v1/customers?size=3", NULL, NULL);
  JsonArray *items;

  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), >, index);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, index),
                                                  "id"));
}

char *
billing_path (const char *id)
{
  return g_strdup_printf ("/v1/customers/%s/profiles/billing", id);
}

JsonObject *
address_of (JsonObject *billing)
{
  return json_object_get_object_member (billing, "defaultAddress");
}

const char *
etag_of (JsonObject *billing)
{
  return json_object_get_string_member (json_object_get_object_member (billing, "attributes"),
                                        "etag");
}

char *
to_json (JsonObject *object_)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object_);

  return json_to_string (node, FALSE);
}

/* PUTs @billing with If-Match "@etag" (quoted). */
Response *
put_billing (Sandbox    *sandbox,
             const char *id,
             JsonObject *billing,
             const char *etag,
             const char *locale)
{
  g_autofree char *path = billing_path (id);
  g_autofree char *body = to_json (billing);
  g_autofree char *if_match = g_strdup_printf ("\"%s\"", etag);

  return http (sandbox, TRUE, "PUT", path, body, "If-Match", if_match,
               "X-Locale", locale != NULL ? locale : "en-US", NULL);
}

Response *
get_billing (Sandbox    *sandbox,
             const char *id)
{
  g_autofree char *path = billing_path (id);

  return http (sandbox, TRUE, "GET", path, NULL, "X-Sandbox-No-Faults", "1", NULL);
}

/* GETs the list page at @path, with the continuation token @token unless it is NULL. */
Response *
get_list_page (Sandbox    *sandbox,
               const char *path,
               const char *token)
{
  if (token != NULL)
    return http (sandbox, TRUE, "GET", path, NULL, "MS-ContinuationToken", token, NULL);
  return http (sandbox, TRUE, "GET", path, NULL, NULL);
}

/* Where the list goes on after @page: its next link (NULL on the last page), whose path
 * and continuation token replace *@path and *@token (both NULL on the last page). */
JsonObject *
next_link (Response  *page,
           char     **path,
           char     **token)
{
  JsonObject *links = json_object_get_object_member (object (page), "links");
  JsonObject *next;

  g_clear_pointer (path, g_free);
  g_clear_pointer (token, g_free);
  if (!json_object_has_member (links, "next"))
    return NULL;

  next = json_object_get_object_member (links, "next");
  *path = g_strdup (json_object_get_string_member (next, "uri"));
  *token = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (next, "headers"), 0),
    "value"));
  return next;
}

/* ---- languages ---- */

gboolean
has_cyrillic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_CYRILLIC)
      return TRUE;
  return FALSE;
}

/* The Russian text of @msgid in the build's catalogue; NULL when it has none yet. */
char *
russian_catalogue_text (const char *msgid)
{
  const char *localedir = g_getenv ("PARTNER_DESK_LOCALEDIR");
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  const char *text;
  char *result = NULL;

  if (localedir == NULL)
    return NULL;

  setlocale (LC_ALL, "");
  setlocale (LC_MESSAGES, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "ru", TRUE);
  ++_nl_msg_cat_cntr;
  text = dgettext (GETTEXT_PACKAGE, msgid);
  if (text != msgid && strcmp (text, msgid) != 0)
    result = g_strdup (text);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  ++_nl_msg_cat_cntr;

  return result;
}
