/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-auth.c: sign-in flows, token refresh and the keyring, end to end against the sandbox. */

#include "config.h"

#define G_LOG_DOMAIN "test-auth"

#include <string.h>

#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "pd-core.h"
#include "pd-test-util.h"

/* ------------------------------------------------------------------------------------- */
/* Helpers */

/* Every log message of the process, debug ones included, to prove no token is logged. */
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        if (fields[i].length < 0)
          g_string_append (log_text, fields[i].value);
        else
          g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  PdSandboxProcess     *sandbox;
  PdConnection         *connection;
  PdOAuthTokenProvider *provider;
  PdClient             *client;
  SoupSession          *browser;        /* plays the user's browser */
  guint                 sign_in_required;
  /* What the browser saw */
  gboolean              browser_done;
  guint                 loopback_status;
  char                 *tamper_state;   /* when set, replaces the state in the redirect */
  gboolean              stray_first;    /* stray requests to the loopback port first */
  GPtrArray            *queued;         /* SoupMessage the browser sends after this one */
  GArray               *statuses;       /* what the loopback server answered, in order */
  gboolean              decline;        /* press "Decline" on the sign-in page */
  /* What the device flow showed */
  char                 *user_code;
  char                 *verification_uri;
  guint                 expires_in;
  const char           *device_action;  /* "decline", "expire" or NULL (auto-approve) */
} Fixture;

static void
sign_in_required_cb (PdOAuthTokenProvider *provider,
                     Fixture              *fixture)
{
  fixture->sign_in_required++;
}

/* A provider and a client on @sandbox (taken), as the app would set them up. */
static void
fixture_setup (Fixture          *fixture,
               gboolean          use_keyring,
               PdSandboxProcess *sandbox)
{
  fixture->sandbox = sandbox;
  fixture->connection =
    pd_connection_new_for_sandbox (pd_sandbox_process_get_base_url (fixture->sandbox));
  fixture->provider = pd_oauth_token_provider_new (fixture->connection, use_keyring);
  g_signal_connect (fixture->provider, "sign-in-required",
                    G_CALLBACK (sign_in_required_cb), fixture);
  fixture->client = pd_test_client_new_for_url (pd_sandbox_process_get_base_url (fixture->sandbox),
                                                PD_TOKEN_PROVIDER (fixture->provider));
  fixture->browser = soup_session_new ();
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Drops the last reference to @object and asserts it is finalized within 5 s. */
static void
wait_for_finalize (gpointer object)
{
  gpointer weak = object;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  timeout_id = g_timeout_add_seconds (5, timeout_cb, &timed_out);
  while (weak != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (weak);
  if (!timed_out)
    g_source_remove (timeout_id);
}

static void
fixture_teardown (Fixture *fixture)
{
  g_clear_object (&fixture->browser);
  /* Finished requests may still be on their way back (idles, worker threads). */
  wait_for_finalize (g_steal_pointer (&fixture->client));
  wait_for_finalize (g_steal_pointer (&fixture->provider));
  g_assert_finalize_object (g_steal_pointer (&fixture->connection));
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->tamper_state, g_free);
  g_clear_pointer (&fixture->queued, g_ptr_array_unref);
  g_clear_pointer (&fixture->statuses, g_array_unref);
  g_clear_pointer (&fixture->user_code, g_free);
  g_clear_pointer (&fixture->verification_uri, g_free);
}

/* A test control or form POST to the sandbox (see pd_test_sandbox_post()). */
static guint
sandbox_post (Fixture    *fixture,
              const char *path,
              char       *form)   /* (transfer full) (nullable) */
{
  return pd_test_sandbox_post (fixture->browser, fixture->sandbox, path, form);
}

static void
loopback_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  fixture->loopback_status = soup_message_get_status (message);
  if (fixture->statuses != NULL)
    g_array_append_val (fixture->statuses, fixture->loopback_status);

  if (fixture->queued != NULL && fixture->queued->len > 0)
    {
      g_autoptr(SoupMessage) next = g_ptr_array_steal_index (fixture->queued, 0);

      soup_session_send_and_read_async (fixture->browser, next, G_PRIORITY_DEFAULT, NULL,
                                        loopback_cb, fixture);
      return;
    }
  fixture->browser_done = TRUE;
}

/* @location with its query's state replaced by @state. */
static char *
with_state (const char *location,
            const char *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) parsed = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_autoptr(GUri) tampered = NULL;
  g_autofree char *new_query = NULL;
  GHashTable *query;

  g_assert_no_error (error);
  query = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_hash_table_replace (query, g_strdup ("state"), g_strdup (state));
  new_query = soup_form_encode_hash (query);
  g_hash_table_unref (query);
  tampered = soup_uri_copy (parsed, SOUP_URI_QUERY, new_query, SOUP_URI_NONE);
  return g_uri_to_string (tampered);
}

/* Before the real redirect, what any local program or a web page scanning loopback ports
 * can send: a wrong state, a POST, another path. None of them may end the sign-in. */
static SoupMessage *
queue_stray_requests (Fixture    *fixture,
                      const char *location)
{
  g_autofree char *forged = with_state (location, "forged-state");
  g_autofree char *elsewhere = NULL;
  const char *query = strchr (location, '?');
  const char *path_end = strchr (location + strlen ("http://"), '/');

  g_assert_nonnull (query);
  g_assert_nonnull (path_end);
  elsewhere = g_strdup_printf ("%.*s/elsewhere%s", (int) (path_end - location), location,
                               query);
  fixture->statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->queued = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (fixture->queued, soup_message_new ("POST", location));
  g_ptr_array_add (fixture->queued, soup_message_new ("GET", elsewhere));
  g_ptr_array_add (fixture->queued, soup_message_new ("GET", location));
  return soup_message_new ("GET", forged);
}

/* The "browser": asks the sandbox's authorize endpoint (a separate process, so a blocking
 * call is fine), then follows its redirect to our loopback server asynchronously. */
static void
open_uri_cb (const char *uri,
             gpointer    user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(SoupMessage) authorize = soup_message_new ("GET", uri);
  g_autoptr(SoupMessage) redirect = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  g_assert_true (g_str_has_prefix (uri, pd_sandbox_process_get_base_url (fixture->sandbox)));
  g_assert_nonnull (strstr (uri, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (uri, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));

  if (fixture->decline)
    {
      /* The person presses "Decline" on the page: the form posts the request back. */
      g_autoptr(GUri) request = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &error);
      g_autofree char *endpoint = NULL;
      GHashTable *form;

      g_assert_no_error (error);
      form = g_uri_parse_params (g_uri_get_query (request), -1, "&", G_URI_PARAMS_NONE, &error);
      g_assert_no_error (error);
      g_hash_table_replace (form, g_strdup ("action"), g_strdup ("decline"));
      endpoint = g_uri_to_string_partial (request, G_URI_HIDE_QUERY);
      g_clear_object (&authorize);
      authorize = soup_message_new_from_encoded_form ("POST", endpoint,
                                                      soup_form_encode_hash (form));
      g_hash_table_unref (form);
    }

  location = pd_test_authorize_redirect (fixture->browser, authorize);

  if (fixture->tamper_state != NULL)
    {
      char *tampered = with_state (location, fixture->tamper_state);

      g_free (location);
      location = tampered;
    }

  if (fixture->stray_first)
    redirect = queue_stray_requests (fixture, location);
  else
    redirect = soup_message_new ("GET", location);
  soup_session_send_and_read_async (fixture->browser, redirect, G_PRIORITY_DEFAULT, NULL,
                                    loopback_cb, fixture);
}

/* The sign-in flows, waited for: with @error NULL they assert success at the caller's
 * line (pd_test_check_result_at()). */
#define browser_sign_in(fixture, error) browser_sign_in_at (PD_TEST_HERE, fixture, error)
#define device_sign_in(fixture, error)  device_sign_in_at (PD_TEST_HERE, fixture, error)
#define get_token(fixture, error)       get_token_at (PD_TEST_HERE, fixture, error)
#define list_customers(fixture, error)  list_customers_at (PD_TEST_HERE, fixture, error)

static gboolean
browser_sign_in_at (const char  *file,
                    int          line,
                    const char  *func,
                    Fixture     *fixture,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *local_error = NULL;
  gboolean ok;

  fixture->browser_done = FALSE;
  pd_oauth_token_provider_sign_in_browser_async (fixture->provider, open_uri_cb, fixture, NULL,
                                                 pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  ok = pd_oauth_token_provider_sign_in_browser_finish (fixture->provider, result, &local_error);

  /* The browser got its page too (it may finish after the sign-in). */
  while (!fixture->browser_done)
    g_main_context_iteration (NULL, TRUE);

  return pd_test_check_result_at (file, line, func, ok, local_error, error);
}

static void
show_code_cb (const char *user_code,
              const char *verification_uri,
              const char *message,
              guint       expires_in,
              gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->user_code);
  fixture->user_code = g_strdup (user_code);
  fixture->verification_uri = g_strdup (verification_uri);
  fixture->expires_in = expires_in;
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, user_code));

  if (g_strcmp0 (fixture->device_action, "decline") == 0)
    g_assert_cmpuint (sandbox_post (fixture, "/devicelogin",
                                    soup_form_encode ("code", user_code,
                                                      "action", "decline", NULL)),
                      ==, SOUP_STATUS_OK);
  else if (g_strcmp0 (fixture->device_action, "expire") == 0)
    g_assert_cmpuint (sandbox_post (fixture, "/sandbox/expire", NULL), ==, SOUP_STATUS_OK);
}

/* A device-code sign-in on @provider; the code goes to @show_code. */
static gboolean
sign_in_device (PdOAuthTokenProvider  *provider,
                PdDeviceCodeFunc       show_code,
                gpointer               show_code_data,
                GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_oauth_token_provider_sign_in_device_async (provider, show_code, show_code_data, NULL,
                                                pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_oauth_token_provider_sign_in_device_finish (provider, result, error);
}

static gboolean
device_sign_in_at (const char  *file,
                   int          line,
                   const char  *func,
                   Fixture     *fixture,
                   GError     **error)
{
  GError *local_error = NULL;
  gboolean ok = sign_in_device (fixture->provider, show_code_cb, fixture, &local_error);

  return pd_test_check_result_at (file, line, func, ok, local_error, error);
}

/* A token from @provider, waited for. */
static char *
token_of (PdTokenProvider  *provider,
          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_token_provider_get_token_async (provider, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_token_provider_get_token_finish (provider, result, error);
}

static char *
get_token_at (const char  *file,
              int          line,
              const char  *func,
              Fixture     *fixture,
              GError     **error)
{
  GError *local_error = NULL;
  char *token = token_of (PD_TOKEN_PROVIDER (fixture->provider), &local_error);

  pd_test_check_result_at (file, line, func, TRUE, local_error, error);
  return token;
}

/* A real API call through @client: the first page of customers. */
static gboolean
list_first_page (PdClient  *client,
                 GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint n = 0;
  gboolean ok;

  pd_client_list_customers_async (client, 5, NULL, NULL, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  ok = pd_client_list_customers_finish (client, result, &n, error);
  if (ok)
    g_assert_cmpuint (n, >, 0);
  return ok;
}

static gboolean
list_customers_at (const char  *file,
                   int          line,
                   const char  *func,
                   Fixture     *fixture,
                   GError     **error)
{
  GError *local_error = NULL;
  gboolean ok = list_first_page (fixture->client, &local_error);

  return pd_test_check_result_at (file, line, func, ok, local_error, error);
}

static void
sleep_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  /* Keep the main context running: the provider may have work in flight. */
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

/* ------------------------------------------------------------------------------------- */
/* Unit tests: connection and error mapping */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_connection_clouds (void)
{
  g_autoptr(PdConnection) global = pd_connection_new_for_cloud (PD_CLOUD_GLOBAL);
  g_autoptr(PdConnection) china = pd_connection_new_for_cloud (PD_CLOUD_CHINA);
  g_autoptr(PdConnection) custom = pd_connection_new_for_cloud (PD_CLOUD_CUSTOM);
  g_autoptr(PdConnection) copy = NULL;
  g_autofree char *url = NULL;
  guint notifications = 0;

  g_assert_cmpstr (pd_connection_get_api_base_url (global), ==,
                   "https://api.partnercenter.microsoft.com");
  g_assert_cmpstr (pd_connection_get_authority (global), ==, "https://login.microsoftonline.com");
  g_assert_true (g_str_has_prefix (pd_connection_get_scope (global),
                                   "https://api.partnercenter.microsoft.com/user_impersonation"));
  g_assert_nonnull (strstr (pd_connection_get_scope (global), "offline_access"));
  g_assert_cmpstr (pd_connection_get_tenant (global), ==, "organizations");
  g_assert_cmpstr (pd_connection_get_title (global), ==, "Partner Center");
  g_assert_null (pd_connection_get_client_id (global));
  g_assert_false (pd_connection_is_complete (global));

  g_assert_cmpstr (pd_connection_get_api_base_url (china), ==,
                   "https://partner.partnercenterapi.microsoftonline.cn");
  g_assert_cmpstr (pd_connection_get_authority (china), ==, "https://login.chinacloudapi.cn");
  g_assert_true (g_str_has_prefix (pd_connection_get_scope (china),
                                   "https://partner.partnercenterapi.microsoftonline.cn/"
                                   "user_impersonation"));
  g_assert_cmpstr (pd_connection_get_title (china), ==, "Partner Center operated by 21Vianet");

  g_signal_connect (custom, "notify", G_CALLBACK (count_notify), &notifications);
  pd_connection_set_api_base_url (custom, "https://pc.example.com/");
  g_assert_cmpstr (pd_connection_get_api_base_url (custom), ==, "https://pc.example.com");
  g_assert_cmpstr (pd_connection_get_title (custom), ==, "pc.example.com");
  g_assert_cmpuint (notifications, ==, 2);  /* api-base-url and title */
  pd_connection_set_api_base_url (custom, "https://pc.example.com");
  g_assert_cmpuint (notifications, ==, 2);
  pd_connection_set_tenant (custom, "organizations");
  g_assert_cmpuint (notifications, ==, 2);
  pd_connection_set_tenant (custom, "contoso.onmicrosoft.com");
  g_assert_cmpuint (notifications, ==, 3);
  pd_connection_set_authority (custom, "https://login.example.com/");
  url = pd_connection_dup_endpoint_url (custom, "token");
  g_assert_cmpstr (url, ==, "https://login.example.com/contoso.onmicrosoft.com/oauth2/v2.0/token");

  copy = pd_connection_copy (custom);
  g_assert_cmpint (pd_connection_get_cloud (copy), ==, PD_CLOUD_CUSTOM);
  g_assert_cmpstr (pd_connection_get_tenant (copy), ==, "contoso.onmicrosoft.com");
  g_assert_cmpstr (pd_connection_get_authority (copy), ==, "https://login.example.com");
}

static void
test_error_mapping (void)
{
  static const struct
  {
    const char      *error;
    const char      *subcode;
    const char      *description;
    PdAuthErrorCode  expected;
  } cases[] = {
    { "invalid_grant", NULL, "AADSTS50076: Due to a configuration change made by your "
      "administrator, you must use multi-factor authentication.", PD_AUTH_ERROR_MFA_REQUIRED },
    { "interaction_required", NULL, "AADSTS50079: enroll in MFA", PD_AUTH_ERROR_MFA_REQUIRED },
    { "consent_required", NULL, "AADSTS65001: The user or administrator has not consented.",
      PD_AUTH_ERROR_CONSENT_REQUIRED },
    { "unauthorized_client", NULL, "AADSTS700016: Application with identifier 'x' was not "
      "found in the directory.", PD_AUTH_ERROR_APP_NOT_FOUND },
    { "access_denied", NULL, "AADSTS65004: User declined to consent.", PD_AUTH_ERROR_DECLINED },
    { "access_denied", "cancel", "AADSTS50058: cancelled", PD_AUTH_ERROR_CANCELLED },
    { "invalid_request", NULL, "AADSTS90002: Tenant 'x' not found.", PD_AUTH_ERROR_WRONG_CLOUD },
    { "invalid_resource", NULL, "AADSTS500011: The resource principal named "
      "https://partner.partnercenterapi.microsoftonline.cn was not found in the tenant.",
      PD_AUTH_ERROR_WRONG_CLOUD },
    { "expired_token", NULL, "AADSTS70019: expired", PD_AUTH_ERROR_EXPIRED },
    { "invalid_grant", NULL, "AADSTS700082: The refresh token has expired.",
      PD_AUTH_ERROR_SERVICE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) copy = NULL;
      g_autofree char *message = NULL;
      g_autofree char *details = NULL;

      error = pd_auth_error_new_from_service (cases[i].error, cases[i].subcode,
                                              cases[i].description, 0, "trace-1", "corr-2");
      g_assert_error (error, PD_AUTH_ERROR, (gint) cases[i].expected);

      /* The details survive copies (GTask copies errors). */
      copy = g_error_copy (error);
      g_assert_cmpstr (pd_auth_error_get_service_error (copy), ==, cases[i].error);
      g_assert_true (g_str_has_prefix (cases[i].description,
                                       pd_auth_error_get_service_code (copy)));
      g_assert_cmpstr (pd_auth_error_get_trace_id (copy), ==, "trace-1");

      message = pd_api_error_to_user_message (copy);
      g_assert_nonnull (message);
      g_assert_false (g_str_has_prefix (message, "Something went wrong"));
      details = pd_api_error_to_details (copy);
      g_assert_nonnull (strstr (details, pd_auth_error_get_service_code (copy)));
      g_assert_nonnull (strstr (details, "corr-2"));
    }

  /* The code may come only in error_codes. */
  {
    g_autoptr(GError) error = pd_auth_error_new_from_service ("invalid_grant", NULL,
                                                              "Strong authentication needed",
                                                              50076, NULL, NULL);

    g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_MFA_REQUIRED);
    g_assert_cmpstr (pd_auth_error_get_service_code (error), ==, "AADSTS50076");
  }
}

/* ------------------------------------------------------------------------------------- */
/* Browser flow */

static void
never_open_uri_cb (const char *uri,
                   gpointer    user_data)
{
  gboolean *opened = user_data;

  *opened = TRUE;
}

static void
test_browser_sign_in (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint signed_in_notifications = 0;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  g_signal_connect (fixture.provider, "notify::signed-in",
                    G_CALLBACK (count_notify), &signed_in_notifications);

  /* Before signing in, the client gets SIGN_IN_REQUIRED, passed through unchanged. */
  g_assert_false (list_customers (&fixture, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture.sign_in_required, ==, 0);

  browser_sign_in (&fixture, NULL);
  g_assert_cmpuint (fixture.loopback_status, ==, SOUP_STATUS_OK);

  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_assert_cmpuint (signed_in_notifications, ==, 1);
  g_assert_cmpstr (pd_oauth_token_provider_get_account_name (fixture.provider), ==,
                   "Demo Admin");
  g_assert_cmpstr (pd_oauth_token_provider_get_account_username (fixture.provider), ==,
                   "admin@contoso.onmicrosoft.com");

  token = get_token (&fixture, NULL);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, !=, pd_sandbox_process_get_token (fixture.sandbox));

  /* The issued token works on the API. */
  list_customers (&fixture, NULL);
  g_assert_cmpuint (fixture.sign_in_required, ==, 0);

  fixture_teardown (&fixture);
}

static void
test_browser_state_mismatch (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  fixture.tamper_state = g_strdup ("forged-state");

  /* A forged answer is refused (and no code is exchanged), but the sign-in keeps waiting
   * for the real one: only the user's Cancel ends it. */
  pd_oauth_token_provider_sign_in_browser_async (fixture.provider, open_uri_cb, &fixture,
                                                 cancellable, pd_test_store_result, &result);
  while (!fixture.browser_done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture.loopback_status, ==, SOUP_STATUS_BAD_REQUEST);
  sleep_ms (200);
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_oauth_token_provider_sign_in_browser_finish (fixture.provider, result,
                                                                  &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_clear_object (&result);  /* it holds the provider */

  fixture_teardown (&fixture);
}

static void
test_browser_stray_requests (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  fixture.stray_first = TRUE;

  browser_sign_in (&fixture, NULL);
  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture.provider));

  /* Wrong state: 400; POST: 405; another path: 404; then the real redirect: 200. */
  g_assert_cmpuint (fixture.statuses->len, ==, 4);
  g_assert_cmpuint (g_array_index (fixture.statuses, guint, 0), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (g_array_index (fixture.statuses, guint, 1), ==,
                    SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpuint (g_array_index (fixture.statuses, guint, 2), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (g_array_index (fixture.statuses, guint, 3), ==, SOUP_STATUS_OK);

  fixture_teardown (&fixture);
}

static void
test_browser_time_limit (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean opened = FALSE;
  guint limit = 0;
  gint64 start;

  fixture_setup (&fixture, FALSE, pd_test_sandbox_start (1, NULL));

  /* Minutes by default, not forever. */
  g_object_get (fixture.provider, "browser-timeout", &limit, NULL);
  g_assert_cmpuint (limit, >=, 60);
  g_assert_cmpuint (limit, <=, 30 * 60);

  /* The browser never comes back. */
  g_object_set (fixture.provider, "browser-timeout", 1, NULL);
  start = g_get_monotonic_time ();
  pd_oauth_token_provider_sign_in_browser_async (fixture.provider, never_open_uri_cb, &opened,
                                                 NULL, pd_test_store_result, &result);
  g_assert_true (opened);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_oauth_token_provider_sign_in_browser_finish (fixture.provider, result,
                                                                  &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_EXPIRED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, "in the browser in time"));
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_clear_object (&result);  /* it holds the provider */

  fixture_teardown (&fixture);
}

static void
test_browser_declined (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;

  /* Without --auto-approve the sandbox shows its Approve/Decline page. */
  fixture_setup (&fixture, FALSE, pd_test_sandbox_start (1, NULL));
  fixture.decline = TRUE;

  g_assert_false (browser_sign_in (&fixture, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_DECLINED);
  g_assert_cmpstr (pd_auth_error_get_service_error (error), ==, "access_denied");
  g_assert_cmpstr (pd_auth_error_get_service_code (error), ==, "AADSTS65004");
  g_assert_cmpuint (fixture.loopback_status, ==, SOUP_STATUS_OK);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));

  fixture_teardown (&fixture);
}


static void
test_browser_cancelled (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean opened = FALSE;

  /* The user closes the browser and presses Cancel in the app. */
  fixture_setup (&fixture, FALSE, pd_test_sandbox_start (1, NULL));
  pd_oauth_token_provider_sign_in_browser_async (fixture.provider, never_open_uri_cb, &opened,
                                                 cancellable, pd_test_store_result, &result);
  g_assert_true (opened);
  g_cancellable_cancel (cancellable);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_oauth_token_provider_sign_in_browser_finish (fixture.provider, result,
                                                                  &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_clear_object (&result);

  fixture_teardown (&fixture);
}

static void
check_browser_error (const char      *login_hint,
                     const char      *client_id,
                     PdAuthErrorCode  expected,
                     const char      *expected_code)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (client_id != NULL)
    fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", "--client-id", client_id, NULL));
  else
    fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  pd_oauth_token_provider_set_login_hint (fixture.provider, login_hint);

  g_assert_false (browser_sign_in (&fixture, &error));
  g_assert_error (error, PD_AUTH_ERROR, (gint) expected);
  g_assert_cmpstr (pd_auth_error_get_service_code (error), ==, expected_code);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));

  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (message);

  fixture_teardown (&fixture);
}

static void
test_browser_mfa_required (void)
{
  check_browser_error ("mfa@contoso.onmicrosoft.com", NULL,
                       PD_AUTH_ERROR_MFA_REQUIRED, "AADSTS50076");
}

static void
test_browser_consent_required (void)
{
  check_browser_error ("consent@contoso.onmicrosoft.com", NULL,
                       PD_AUTH_ERROR_CONSENT_REQUIRED, "AADSTS65001");
}

static void
test_browser_app_not_found (void)
{
  /* The sandbox knows only this client ID; the connection uses its demo one. */
  check_browser_error (NULL, "11111111-2222-3333-4444-555555555555",
                       PD_AUTH_ERROR_APP_NOT_FOUND, "AADSTS700016");
}

/* ------------------------------------------------------------------------------------- */
/* Device-code flow */

static void
test_device_sign_in (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", "--device-interval", "1", NULL));

  device_sign_in (&fixture, NULL);
  g_assert_nonnull (fixture.user_code);
  g_assert_true (g_str_has_suffix (fixture.verification_uri, "/devicelogin"));
  g_assert_cmpuint (fixture.expires_in, >, 0);
  /* The first poll is answered authorization_pending, the second (a second later) signs in. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 200000);
  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_assert_cmpstr (pd_oauth_token_provider_get_account_username (fixture.provider), ==,
                   "admin@contoso.onmicrosoft.com");

  list_customers (&fixture, NULL);

  fixture_teardown (&fixture);
}

static void
test_device_slow_down (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", "--device-interval", "1", NULL));
  /* Poll too fast: the service answers slow_down, and the provider must add 5 s. */
  pd_oauth_token_provider_set_device_poll_interval_ms (fixture.provider, 100);

  device_sign_in (&fixture, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 5 * G_USEC_PER_SEC);
  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture.provider));

  fixture_teardown (&fixture);
}

/* Nobody approves the device code: the sandbox is told @action ("decline" or "expire")
 * instead, and the sign-in ends in @expected (with @service_error when not NULL). */
static void
check_device_refused (const char      *action,
                      PdAuthErrorCode  expected,
                      const char      *service_error)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--device-interval", "1", NULL));
  fixture.device_action = action;

  g_assert_false (device_sign_in (&fixture, &error));
  g_assert_error (error, PD_AUTH_ERROR, (gint) expected);
  if (service_error != NULL)
    g_assert_cmpstr (pd_auth_error_get_service_error (error), ==, service_error);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));

  fixture_teardown (&fixture);
}

static void
test_device_declined (void)
{
  check_device_refused ("decline", PD_AUTH_ERROR_DECLINED, "access_denied");
}

static void
test_device_expired (void)
{
  check_device_refused ("expire", PD_AUTH_ERROR_EXPIRED, NULL);
}

static void
test_device_cancelled (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Nobody approves: the user gives up. */
  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--device-interval", "1", NULL));
  pd_oauth_token_provider_sign_in_device_async (fixture.provider, show_code_cb, &fixture,
                                                cancellable, pd_test_store_result, &result);
  while (fixture.user_code == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_oauth_token_provider_sign_in_device_finish (fixture.provider, result,
                                                                 &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  fixture_teardown (&fixture);
}

/* ------------------------------------------------------------------------------------- */
/* Tokens during use */

static void
test_refresh_before_expiry (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", "--token-lifetime", "3", NULL));
  pd_oauth_token_provider_set_refresh_margin (fixture.provider, 1);
  browser_sign_in (&fixture, NULL);

  first = get_token (&fixture, NULL);

  /* 2.2 s later the token has < 1 s left: still valid, but due for a refresh. */
  sleep_ms (2200);
  second = get_token (&fixture, NULL);
  g_assert_cmpstr (first, !=, second);

  list_customers (&fixture, NULL);

  /* And after the first token's lifetime, calls keep working on refreshed tokens. */
  sleep_ms (1500);
  list_customers (&fixture, NULL);
  g_assert_cmpuint (fixture.sign_in_required, ==, 0);
  g_assert_true (pd_oauth_token_provider_get_signed_in (fixture.provider));

  fixture_teardown (&fixture);
}

static void
test_refresh_on_401 (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  browser_sign_in (&fixture, NULL);
  list_customers (&fixture, NULL);
  before = get_token (&fixture, &error);

  /* The server forgets the token mid-session: the 401 is recovered by one refresh. */
  g_assert_cmpuint (sandbox_post (&fixture, "/sandbox/expire", NULL), ==, SOUP_STATUS_OK);
  list_customers (&fixture, NULL);

  after = get_token (&fixture, NULL);
  g_assert_cmpstr (before, !=, after);
  g_assert_cmpuint (fixture.sign_in_required, ==, 0);

  fixture_teardown (&fixture);
}

static void
test_refresh_failed (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  fixture_setup (&fixture, FALSE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));
  browser_sign_in (&fixture, NULL);

  pd_test_sandbox_end_sessions (fixture.browser, fixture.sandbox);

  g_assert_false (list_customers (&fixture, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED);
  g_assert_cmpstr (pd_auth_error_get_service_code (error), ==, "AADSTS700082");
  g_assert_cmpuint (fixture.sign_in_required, ==, 1);
  g_assert_false (pd_oauth_token_provider_get_signed_in (fixture.provider));
  g_assert_null (pd_oauth_token_provider_get_account_username (fixture.provider));
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, "Sign in again"));
  g_clear_error (&error);

  /* Signing in again makes the client work again. */
  browser_sign_in (&fixture, NULL);
  list_customers (&fixture, NULL);
  g_assert_cmpuint (fixture.sign_in_required, ==, 1);

  fixture_teardown (&fixture);
}

/* ------------------------------------------------------------------------------------- */
/* Keyring */

static char *
keyring_lookup (PdConnection  *connection,
                const char    *account)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (pd_secret_store_get_schema (), NULL, &error,
                                        "authority", pd_connection_get_authority (connection),
                                        "tenant", pd_connection_get_tenant (connection),
                                        "client-id", pd_connection_get_client_id (connection),
                                        "account", account,
                                        NULL);
  g_assert_no_error (error);
  return secret;
}

static gboolean
bytes_contain (const char *data,
               gsize       len,
               const char *needle)
{
  gsize needle_len = strlen (needle);

  /* Not strstr: keyring files are binary and may hold NUL bytes. */
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (data + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* TRUE when any regular file under @path contains @needle. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (child, needle))
            return TRUE;
        }
      else if (g_file_get_contents (child, &contents, &len, NULL) &&
               bytes_contain (contents, len, needle))
        return TRUE;
    }

  return FALSE;
}

static void
assert_not_on_disk_or_logged (const char *secret)
{
  g_assert_null (strstr (log_text->str, secret));

  const char *dirs[] = {
    g_getenv ("PD_TEST_KEYRING_DIR"),
    g_get_home_dir (),
    g_get_user_data_dir (),
    g_get_user_config_dir (),
    g_get_user_cache_dir (),
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] != NULL)
      g_assert_false (tree_contains (dirs[i], secret));
}

/* What the app does at start: the sign-in back from the keyring, waited for. */
static gboolean
restore (PdOAuthTokenProvider  *provider,
         GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_oauth_token_provider_restore_async (provider, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_oauth_token_provider_restore_finish (provider, result, error);
}

static void
test_keyring (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdOAuthTokenProvider) restored = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *after = NULL;
  const char *account = "admin@contoso.onmicrosoft.com";

  if (g_getenv ("PD_TEST_KEYRING_DIR") == NULL)
    {
      g_test_skip ("needs tests/run-with-keyring.sh (a private Secret Service)");
      return;
    }

  fixture_setup (&fixture, TRUE,
                 pd_test_sandbox_start (1, "--auto-approve", NULL));

  /* Nothing stored yet: restore asks to sign in. */
  g_assert_false (restore (fixture.provider, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED);
  g_clear_error (&error);

  /* Sign-in stores the refresh token in the keyring, under the connection and account. */
  browser_sign_in (&fixture, NULL);
  stored = keyring_lookup (fixture.connection, account);
  g_assert_nonnull (stored);
  g_assert_cmpuint (strlen (stored), >, 0);
  assert_not_on_disk_or_logged (stored);

  /* A new provider (the next start) restores the sign-in from it. */
  restored = pd_oauth_token_provider_new (fixture.connection, TRUE);
  g_assert_true (restore (restored, &error));
  g_assert_no_error (error);
  g_assert_true (pd_oauth_token_provider_get_signed_in (restored));
  g_assert_cmpstr (pd_oauth_token_provider_get_account_username (restored), ==, account);
  g_assert_cmpstr (pd_oauth_token_provider_get_account_name (restored), ==, "Demo Admin");
  {
    /* The restored sign-in works on the API. */
    g_autoptr(PdClient) client = pd_client_new (pd_sandbox_process_get_base_url (fixture.sandbox),
                                                PD_TOKEN_PROVIDER (restored));

    g_assert_true (list_first_page (client, &error));
    g_assert_no_error (error);
  }

  /* Refresh tokens rotate: the keyring follows. */
  while ((rotated = keyring_lookup (fixture.connection, account)) != NULL &&
         g_str_equal (rotated, stored))
    {
      g_clear_pointer (&rotated, secret_password_free);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (rotated);
  assert_not_on_disk_or_logged (rotated);

  /* Sign-out removes it. */
  pd_oauth_token_provider_sign_out_async (restored, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_oauth_token_provider_sign_out_finish (restored, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (pd_oauth_token_provider_get_signed_in (restored));
  after = keyring_lookup (fixture.connection, account);
  g_assert_null (after);

  /* And then there is nothing to restore. */
  g_assert_false (restore (restored, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED);

  g_clear_pointer (&stored, secret_password_free);
  g_clear_pointer (&rotated, secret_password_free);
  wait_for_finalize (g_steal_pointer (&restored));
  fixture_teardown (&fixture);
}

/* ------------------------------------------------------------------------------------- */
/* A misbehaving identity service. The sandbox's answers are well-formed; these tests need
 * numbers Entra never sends, so a tiny SoupServer on 127.0.0.1 in this process plays the
 * identity service. The provider under test is the real one, over real HTTP. */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  const char *interval;           /* JSON text of the device code's "interval" */
  const char *device_expires_in;  /* … of its "expires_in" */
  const char *token_expires_in;   /* … of the token answer's "expires_in" */
  gboolean    approve;            /* device polls get tokens (else authorization_pending) */
  guint       n_polls;
  guint       n_refreshes;
  const char *redirect_to;        /* answer every request with a 307 to this URL */
  guint       n_requests;
} Identity;

static void
identity_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Identity *identity = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *json = NULL;
  const char *grant;

  identity->n_requests++;
  if (identity->redirect_to != NULL)
    {
      soup_server_message_set_redirect (message, SOUP_STATUS_FOUND,
                                        identity->redirect_to);
      return;
    }

  if (g_str_has_suffix (path, "/devicecode"))
    {
      json = g_strdup_printf ("{\"device_code\":\"dc\",\"user_code\":\"ABCD-EFGH\","
                              "\"verification_uri\":\"https://example.invalid/x\","
                              "\"message\":\"Enter ABCD-EFGH\",\"expires_in\":%s,"
                              "\"interval\":%s}",
                              identity->device_expires_in, identity->interval);
      pd_test_respond_json (message, 200, json);
      return;
    }

  form = soup_form_decode (body->data != NULL ? body->data : "");
  grant = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant, "refresh_token") == 0)
    identity->n_refreshes++;
  else
    {
      identity->n_polls++;
      if (!identity->approve)
        {
          pd_test_respond_json (message, 400, "{\"error\":\"authorization_pending\"}");
          return;
        }
    }

  json = g_strdup_printf ("{\"access_token\":\"at-%u\",\"refresh_token\":\"rt\","
                          "\"token_type\":\"Bearer\",\"expires_in\":%s}",
                          identity->n_polls + identity->n_refreshes, identity->token_expires_in);
  pd_test_respond_json (message, 200, json);
}

static void
identity_start (Identity *identity)
{
  identity->server = pd_test_local_server_new (identity_handler, identity, &identity->base_url);
}

static void
identity_stop (Identity *identity)
{
  soup_server_disconnect (identity->server);
  g_clear_object (&identity->server);
  g_clear_pointer (&identity->base_url, g_free);
}

static PdOAuthTokenProvider *
identity_provider_new (Identity *identity)
{
  g_autoptr(PdConnection) connection = pd_connection_new_for_cloud (PD_CLOUD_CUSTOM);

  pd_connection_set_api_base_url (connection, identity->base_url);
  pd_connection_set_authority (connection, identity->base_url);
  pd_connection_set_scope (connection, "https://api.partnercenter.microsoft.com/.default");
  pd_connection_set_client_id (connection, "11111111-2222-3333-4444-555555555555");
  return pd_oauth_token_provider_new (connection, FALSE);
}

static void
store_expires_in_cb (const char *user_code,
                     const char *verification_uri,
                     const char *message,
                     guint       expires_in,
                     gpointer    user_data)
{
  *(guint *) user_data = expires_in;
}

static void
test_device_hostile_numbers (void)
{
  /* interval, device expires_in, what the user is told */
  static const struct { const char *interval; const char *expires_in; guint shown; } cases[] = {
    /* Not a number of seconds: the default 5 s interval, not 1 s. */
    { "\"1abc\"", "5", 60 },
    /* 4294968 × 1000 ms wraps to 704 ms in 32 bits: clamped to 60 s instead. */
    { "4294968", "100000", 3600 },
    /* Negative: defaults (5 s, 900 s). */
    { "-1", "\"-1\"", 900 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Identity identity = { .interval = cases[i].interval,
                            .device_expires_in = cases[i].expires_in,
                            .token_expires_in = "3600" };
      g_autoptr(PdOAuthTokenProvider) provider = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      guint shown = 0;

      g_test_message ("interval %s, expires_in %s", cases[i].interval, cases[i].expires_in);
      identity_start (&identity);
      provider = identity_provider_new (&identity);
      pd_oauth_token_provider_sign_in_device_async (provider, store_expires_in_cb, &shown,
                                                    cancellable, pd_test_store_result,
                                                    &result);
      /* Less than the smallest interval these may become: no poll yet. */
      sleep_ms (2500);
      g_assert_cmpuint (identity.n_polls, ==, 0);
      g_assert_cmpuint (shown, ==, cases[i].shown);

      g_cancellable_cancel (cancellable);
      pd_test_wait_for_result (&result);
      g_assert_false (pd_oauth_token_provider_sign_in_device_finish (provider, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_object (&provider);
      identity_stop (&identity);
    }
}

/* The sign-in form (with its device code, or later a refresh token) goes only where it was
 * sent: a redirect to another host is an error, not followed. */
static void
test_identity_redirect (void)
{
  Identity elsewhere = { .interval = "1", .device_expires_in = "900", .token_expires_in = "3600" };
  Identity identity = { .interval = "1", .device_expires_in = "900", .token_expires_in = "3600" };
  g_autoptr(PdOAuthTokenProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  guint shown = 0;

  identity_start (&elsewhere);
  identity_start (&identity);
  target = g_strdup_printf ("%s/organizations/oauth2/v2.0/devicecode", elsewhere.base_url);
  identity.redirect_to = target;

  provider = identity_provider_new (&identity);
  g_assert_false (sign_in_device (provider, store_expires_in_cb, &shown, &error));
  g_assert_error (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SERVICE);
  g_assert_cmpuint (identity.n_requests, ==, 1);
  g_assert_cmpuint (elsewhere.n_requests, ==, 0);

  g_clear_object (&provider);
  identity_stop (&identity);
  identity_stop (&elsewhere);
}

static void
test_token_hostile_expires_in (void)
{
  /* "-1" used to wrap to a lifetime in the past (a refresh on every call); a huge value
   * overflowed the deadline. Both now mean the default hour. */
  static const char *values[] = { "-1", "\"-1\"", "\"99999999999999999999\"", "\"60s\"" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      Identity identity = { .interval = "1", .device_expires_in = "900",
                            .token_expires_in = values[i], .approve = TRUE };
      g_autoptr(PdOAuthTokenProvider) provider = NULL;
      g_autoptr(GError) error = NULL;
      guint shown = 0;

      g_test_message ("expires_in %s", values[i]);
      identity_start (&identity);
      provider = identity_provider_new (&identity);
      pd_oauth_token_provider_set_device_poll_interval_ms (provider, 10);
      g_assert_true (sign_in_device (provider, store_expires_in_cb, &shown, &error));
      g_assert_no_error (error);

      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *token = token_of (PD_TOKEN_PROVIDER (provider), &error);

          g_assert_no_error (error);
          g_assert_cmpstr (token, ==, "at-1");
        }
      g_assert_cmpuint (identity.n_refreshes, ==, 0);

      g_clear_object (&provider);
      identity_stop (&identity);
    }
}

/* ------------------------------------------------------------------------------------- */
/* Secrets at rest in the process */

static void
test_connection_http_only_loopback (void)
{
  static const struct { const char *url; gboolean safe; } urls[] = {
    { "https://login.microsoftonline.com", TRUE },
    { "https://pc.example.com:8443/api", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://localhost:8080", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://login.example.com", FALSE },
    { "http://10.0.0.1:8080", FALSE },
    { "http://127.0.0.1.example.com", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "https://", FALSE },
    { "not a url", FALSE },
  };
  g_autoptr(PdConnection) connection = pd_connection_new_for_cloud (PD_CLOUD_CUSTOM);
  g_autoptr(PdOAuthTokenProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean opened = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_test_message ("%s", urls[i].url);
      g_assert_cmpint (pd_connection_url_is_safe (urls[i].url), ==, urls[i].safe);
    }

  /* A connection that would send the code in clear text cannot sign in. */
  pd_connection_set_api_base_url (connection, "https://pc.example.com");
  pd_connection_set_authority (connection, "http://login.example.com");
  pd_connection_set_scope (connection, "https://api.partnercenter.microsoft.com/.default");
  pd_connection_set_client_id (connection, "11111111-2222-3333-4444-555555555555");
  g_assert_false (pd_connection_is_complete (connection));
  provider = pd_oauth_token_provider_new (connection, FALSE);
  pd_oauth_token_provider_sign_in_browser_async (provider, never_open_uri_cb, &opened, NULL,
                                                 pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_oauth_token_provider_sign_in_browser_finish (provider, result, &error));
  g_assert_nonnull (error);
  g_assert_false (opened);

  pd_connection_set_authority (connection, "https://login.example.com");
  g_assert_true (pd_connection_is_complete (connection));
  pd_connection_set_api_base_url (connection, "http://pc.example.com");
  g_assert_false (pd_connection_is_complete (connection));
}

static void
test_static_token_secrets (void)
{
  g_autoptr(PdTokenProvider) provider = NULL;
  g_autoptr(PdTokenProvider) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GParamSpec *pspec;

  /* Taken out of the environment, so programs started later do not inherit it. */
  g_setenv ("PD_TEST_TOKEN", "env-secret-token", TRUE);
  provider = pd_static_token_provider_new_from_environment ("PD_TEST_TOKEN");
  g_assert_nonnull (provider);
  g_assert_null (g_getenv ("PD_TEST_TOKEN"));
  {
    g_auto(GStrv) environment = g_get_environ ();

    for (guint i = 0; environment[i] != NULL; i++)
      g_assert_null (strstr (environment[i], "env-secret-token"));
  }

  token = token_of (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "env-secret-token");

  g_unsetenv ("PD_TEST_TOKEN");
  none = pd_static_token_provider_new_from_environment ("PD_TEST_TOKEN");
  g_assert_null (none);

  /* Nothing that lists properties can read the token back. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (provider), "token");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_WRITABLE);
  g_assert_false (pspec->flags & G_PARAM_READABLE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/auth/connection/clouds", test_connection_clouds);
  g_test_add_func ("/auth/error/mapping", test_error_mapping);
  g_test_add_func ("/auth/browser/sign-in", test_browser_sign_in);
  g_test_add_func ("/auth/browser/state-mismatch", test_browser_state_mismatch);
  g_test_add_func ("/auth/browser/stray-requests", test_browser_stray_requests);
  g_test_add_func ("/auth/browser/time-limit", test_browser_time_limit);
  g_test_add_func ("/auth/browser/declined", test_browser_declined);
  g_test_add_func ("/auth/browser/cancelled", test_browser_cancelled);
  g_test_add_func ("/auth/browser/mfa-required", test_browser_mfa_required);
  g_test_add_func ("/auth/browser/consent-required", test_browser_consent_required);
  g_test_add_func ("/auth/browser/app-not-found", test_browser_app_not_found);
  g_test_add_func ("/auth/device/sign-in", test_device_sign_in);
  g_test_add_func ("/auth/device/slow-down", test_device_slow_down);
  g_test_add_func ("/auth/device/declined", test_device_declined);
  g_test_add_func ("/auth/device/expired", test_device_expired);
  g_test_add_func ("/auth/device/cancelled", test_device_cancelled);
  g_test_add_func ("/auth/refresh/before-expiry", test_refresh_before_expiry);
  g_test_add_func ("/auth/refresh/on-401", test_refresh_on_401);
  g_test_add_func ("/auth/refresh/failed", test_refresh_failed);
  g_test_add_func ("/auth/keyring/store-restore-sign-out", test_keyring);
  g_test_add_func ("/auth/device/hostile-numbers", test_device_hostile_numbers);
  g_test_add_func ("/auth/token/hostile-expires-in", test_token_hostile_expires_in);
  g_test_add_func ("/auth/identity/redirect", test_identity_redirect);
  g_test_add_func ("/auth/connection/http-only-loopback", test_connection_http_only_loopback);
  g_test_add_func ("/auth/static-token/secrets", test_static_token_secrets);

  status = g_test_run ();

  /* libsecret keeps its Secret Service proxy until told otherwise. */
  secret_service_disconnect ();
  g_string_free (log_text, TRUE);
  return status;
}
