/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client.c: PdClient against a real partner-desk-sandbox process on loopback. */

#include "config.h"

#define G_LOG_DOMAIN "test-client"

#include <locale.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pd-json.h"
#include "pd-test-util.h"

#define ROMASHKA "ООО «Ромашка»"

/* One sandbox with 1,234 customers for the tests that do not inject faults. */
static PdSandboxProcess *shared_sandbox;

static PdSandboxProcess *
shared (void)
{
  if (shared_sandbox == NULL)
    shared_sandbox = pd_test_sandbox_start (1234, NULL);
  return shared_sandbox;
}

/* ------------------------------------------------------------------------------------- */
/* Helpers */

typedef struct
{
  GPtrArray    *customers;     /* all delivered, in order */
  guint         n_pages;
  guint         total_count;
  GCancellable *cancel_after_first;
} Collected;

static void
collected_clear (Collected *collected)
{
  g_clear_pointer (&collected->customers, g_ptr_array_unref);
  g_clear_object (&collected->cancel_after_first);
}

static void
collect_page (GPtrArray *customers,
              guint      total_count,
              gpointer   user_data)
{
  Collected *collected = user_data;

  /* Pages arrive on the main thread: the test's default context. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  collected->n_pages++;
  collected->total_count = total_count;
  for (guint i = 0; i < customers->len; i++)
    g_ptr_array_add (collected->customers, g_object_ref (g_ptr_array_index (customers, i)));

  if (collected->cancel_after_first != NULL)
    g_cancellable_cancel (collected->cancel_after_first);
}

/* Lists every customer; asserts success. */
static void
list_all (PdClient  *client,
          guint      page_size,
          Collected *collected)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  collected->customers = g_ptr_array_new_with_free_func (g_object_unref);
  pd_client_list_customers_async (client, page_size, collect_page, collected, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_list_customers_finish (client, result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, collected->customers->len);
}

static PdCustomer *
find_by_name (GPtrArray  *customers,
              const char *name)
{
  for (guint i = 0; i < customers->len; i++)
    if (g_strcmp0 (pd_customer_get_company_name (g_ptr_array_index (customers, i)), name) == 0)
      return g_ptr_array_index (customers, i);
  return NULL;
}

/* The id of the first customer whose company name is @name, from a search. */
static char *
find_customer_id (PdClient   *client,
                  const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), };
  PdCustomer *customer;
  char *id;

  pd_client_search_customers_async (client, PD_SEARCH_FIELD_COMPANY_NAME, name, 500,
                                    collect_page, &collected, NULL, NULL,
                                    pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_search_customers_finish (client, result, NULL, &error));
  g_assert_no_error (error);

  customer = find_by_name (collected.customers, name);
  g_assert_nonnull (customer);
  id = g_strdup (pd_customer_get_id (customer));
  collected_clear (&collected);
  return id;
}

static PdBillingProfile *
get_billing (PdClient    *client,
             const char  *customer_id,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_client_get_billing_profile_async (client, customer_id, NULL,
                                       pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_client_get_billing_profile_finish (client, result, error);
}

static PdBillingProfile *
update_billing (PdClient          *client,
                const char        *customer_id,
                PdBillingProfile  *profile,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_client_update_billing_profile_async (client, customer_id, profile, NULL,
                                          pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  return pd_client_update_billing_profile_finish (client, result, error);
}

/* What the server stores, read around the client (no faults, no models). */
static JsonObject *
raw_get_object (PdSandboxProcess *sandbox,
                const char       *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  const char *data;
  gsize len;

  url = g_strconcat (pd_sandbox_process_get_base_url (sandbox), path, NULL);
  message = soup_message_new ("GET", url);
  headers = soup_message_get_request_headers (message);
  authorization = g_strconcat ("Bearer ", pd_sandbox_process_get_token (sandbox), NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-Sandbox-No-Faults", "1");

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  data = g_bytes_get_data (body, &len);
  root = pd_json_parse (data, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gboolean
has_cyrillic (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0400 && c <= 0x04FF)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------- */
/* Units that need no server */

static void
test_error_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) throttled = NULL;
  g_autoptr(GError) cancelled = NULL;
  g_autofree char *message = NULL;
  g_autofree char *details = NULL;
  g_autofree char *throttled_message = NULL;
  g_autofree char *cancelled_message = NULL;

  error = pd_api_error_new (PD_API_ERROR_INVALID, 400, "600051", "Phone number is required",
                            "req-1", "corr-1");
  copy = g_error_copy (error);
  g_assert_error (copy, PD_API_ERROR, PD_API_ERROR_INVALID);
  g_assert_cmpuint (pd_api_error_get_http_status (copy), ==, 400);
  g_assert_cmpstr (pd_api_error_get_server_code (copy), ==, "600051");
  g_assert_cmpstr (pd_api_error_get_request_id (copy), ==, "req-1");
  g_assert_cmpstr (pd_api_error_get_correlation_id (copy), ==, "corr-1");

  message = pd_api_error_to_user_message (copy);
  g_assert_nonnull (strstr (message, "Phone number is required"));

  details = pd_api_error_to_details (copy);
  g_assert_nonnull (strstr (details, "HTTP status: 400"));
  g_assert_nonnull (strstr (details, "Code: 600051"));
  g_assert_nonnull (strstr (details, "MS-RequestId: req-1"));
  g_assert_nonnull (strstr (details, "MS-CorrelationId: corr-1"));

  throttled = pd_api_error_new (PD_API_ERROR_THROTTLED, 429, NULL, NULL, NULL, NULL);
  pd_api_error_set_retry_after (throttled, 57);
  g_assert_cmpuint (pd_api_error_get_retry_after (throttled), ==, 57);
  throttled_message = pd_api_error_to_user_message (throttled);
  g_assert_nonnull (strstr (throttled_message, "57"));

  cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_assert_cmpuint (pd_api_error_get_http_status (cancelled), ==, 0);
  g_assert_null (pd_api_error_get_request_id (cancelled));
  cancelled_message = pd_api_error_to_user_message (cancelled);
  g_assert_nonnull (cancelled_message);
}

static void
count_notify (guint *counter)
{
  (*counter)++;
}

static void
test_locale_from_environment (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("x");
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *saved_lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(PdClient) russian = NULL;
  g_autoptr(PdClient) plain = NULL;
  guint notified = 0;

  g_setenv ("LANGUAGE", "ru", TRUE);
  russian = pd_client_new ("http://127.0.0.1:1/", provider);
  g_assert_cmpstr (pd_client_get_locale (russian), ==, "ru-RU");

  g_setenv ("LANGUAGE", "", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);
  plain = pd_client_new ("http://127.0.0.1:1", provider);
  g_assert_cmpstr (pd_client_get_locale (plain), ==, "en-US");

  /* The locale notifies only when it changes. */
  g_signal_connect_swapped (plain, "notify::locale", G_CALLBACK (count_notify), &notified);
  pd_client_set_locale (plain, "en-US");
  g_assert_cmpuint (notified, ==, 0);
  pd_client_set_locale (plain, "ru-RU");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (pd_client_get_locale (plain), ==, "ru-RU");

  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (saved_lc_all != NULL)
    g_setenv ("LC_ALL", saved_lc_all, TRUE);
  else
    g_unsetenv ("LC_ALL");

  /* A trailing slash or /v1 on the base URL does not leak into request URLs. */
  g_assert_cmpstr (pd_client_get_base_url (russian), ==, "http://127.0.0.1:1");
}

/* ------------------------------------------------------------------------------------- */
/* Reading */

static void
test_list_paging (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Collected collected = { 0, };

  list_all (client, 500, &collected);

  g_assert_cmpuint (collected.n_pages, ==, 3);
  g_assert_cmpuint (collected.total_count, ==, 1234);
  g_assert_cmpuint (collected.customers->len, ==, 1234);
  for (guint i = 0; i < collected.customers->len; i++)
    {
      PdCustomer *customer = g_ptr_array_index (collected.customers, i);

      g_assert_nonnull (pd_customer_get_id (customer));
      g_assert_nonnull (pd_customer_get_company_name (customer));
      /* Every customer exactly once. */
      g_assert_true (g_hash_table_add (ids, (gpointer) pd_customer_get_id (customer)));
    }
  g_assert_nonnull (find_by_name (collected.customers, ROMASHKA));

  g_hash_table_remove_all (ids);
  collected_clear (&collected);
}

static void
test_list_page_size_clamped (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  Collected collected = { 0, };

  /* Above the maximum: still pages of 500. */
  list_all (client, 100000, &collected);
  g_assert_cmpuint (collected.n_pages, ==, 3);
  g_assert_cmpuint (collected.customers->len, ==, 1234);
  collected_clear (&collected);
}

static void
test_list_cancel (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Collected collected = { 0, };
  guint n = 0;

  collected.customers = g_ptr_array_new_with_free_func (g_object_unref);
  collected.cancel_after_first = g_cancellable_new ();
  pd_client_list_customers_async (client, 100, collect_page, &collected, NULL,
                                  collected.cancel_after_first,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_client_list_customers_finish (client, result, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Let anything still queued run: no page may follow the cancel. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (collected.n_pages, ==, 1);
  g_assert_cmpuint (collected.customers->len, ==, 100);
  collected_clear (&collected);
}

static void
search_expect_prefix (PdClient      *client,
                      PdSearchField  field,
                      const char    *prefix,
                      const char    *must_find)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folded_prefix = g_utf8_casefold (prefix, -1);
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), };
  gboolean found = FALSE;
  guint n = 0;

  pd_client_search_customers_async (client, field, prefix, 500, collect_page, &collected,
                                    NULL, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_search_customers_finish (client, result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 1234);
  g_assert_cmpuint (collected.total_count, ==, n);

  for (guint i = 0; i < collected.customers->len; i++)
    {
      PdCustomer *customer = g_ptr_array_index (collected.customers, i);
      const char *value = field == PD_SEARCH_FIELD_DOMAIN ? pd_customer_get_domain (customer)
                                                          : pd_customer_get_company_name (customer);
      g_autofree char *folded = g_utf8_casefold (value, -1);

      g_assert_true (g_str_has_prefix (folded, folded_prefix));
      if (g_strcmp0 (value, must_find) == 0)
        found = TRUE;
    }
  g_assert_true (found);
  collected_clear (&collected);
}

static void
test_search_company_name (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());

  /* Lower case Cyrillic finds the upper case name: the server folds case. */
  search_expect_prefix (client, PD_SEARCH_FIELD_COMPANY_NAME, "ооо «ром", ROMASHKA);
}

static void
test_search_domain (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  g_autofree char *prefix = NULL;
  const char *domain;

  pd_client_get_customer_async (client, id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  customer = pd_client_get_customer_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_customer_get_id (customer), ==, id);
  g_assert_nonnull (pd_customer_get_billing_profile (customer));
  g_assert_nonnull (pd_billing_profile_get_etag (pd_customer_get_billing_profile (customer)));

  domain = pd_customer_get_domain (customer);
  g_assert_nonnull (domain);
  g_assert_cmpuint (strlen (domain), >, 4);
  prefix = g_ascii_strup (domain, 4);
  search_expect_prefix (client, PD_SEARCH_FIELD_DOMAIN, prefix, domain);
}

static void
test_get_not_found (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;

  pd_client_get_customer_async (client, "00000000-0000-0000-0000-000000000000", NULL,
                                pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  customer = pd_client_get_customer_finish (client, result, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NOT_FOUND);
  g_assert_null (customer);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 404);
  g_assert_nonnull (pd_api_error_get_request_id (error));
  g_assert_nonnull (pd_api_error_get_correlation_id (error));
}

static void
test_company_profile (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCompanyProfile) profile = NULL;

  pd_client_get_company_profile_async (client, id, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  profile = pd_client_get_company_profile_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_company_profile_get_company_name (profile), ==, ROMASHKA);
}

static void
test_country_rules_cached (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCountryRules) rules1 = NULL;
  g_autoptr(PdCountryRules) rules2 = NULL;
  g_autoptr(PdCountryRules) rules3 = NULL;

  /* Two at once share one request; a later one comes from the cache. */
  pd_client_get_country_rules_async (client, "CN", NULL, pd_test_store_result, &first);
  pd_client_get_country_rules_async (client, "cn", NULL, pd_test_store_result, &second);
  pd_test_wait_for_result (&first);
  pd_test_wait_for_result (&second);
  rules1 = pd_client_get_country_rules_finish (client, first, &error);
  g_assert_no_error (error);
  rules2 = pd_client_get_country_rules_finish (client, second, &error);
  g_assert_no_error (error);
  g_assert_true (rules1 == rules2);
  g_assert_cmpstr (pd_country_rules_get_iso2_code (rules1), ==, "CN");
  g_assert_cmpuint (g_strv_length ((char **) pd_country_rules_get_states (rules1)), >, 0);

  pd_client_get_country_rules_async (client, "CN", NULL, pd_test_store_result, &third);
  pd_test_wait_for_result (&third);
  rules3 = pd_client_get_country_rules_finish (client, third, &error);
  g_assert_no_error (error);
  g_assert_true (rules3 == rules1);
}

static void
test_validate_address (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdAddress) address = pd_address_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAddressValidation) validation = NULL;

  pd_address_set_country (address, "US");
  pd_address_set_city (address, "Redmond");
  pd_address_set_state (address, "WA");
  pd_address_set_address_line1 (address, "1 Microsoft Way");
  pd_address_set_postal_code (address, "98052");

  pd_client_validate_address_async (client, address, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  validation = pd_client_validate_address_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (validation);
  g_assert_nonnull (pd_address_validation_get_status (validation));
}

/* ------------------------------------------------------------------------------------- */
/* Writing */

static void
test_billing_update_read_back (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) fresh = NULL;
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) read_back = NULL;
  g_autofree char *old_etag = NULL;

  profile = get_billing (client, id, &error);
  g_assert_no_error (error);
  old_etag = g_strdup (pd_billing_profile_get_etag (profile));
  g_assert_nonnull (old_etag);

  pd_billing_profile_set_first_name (profile, "Анна");
  pd_address_set_city (pd_billing_profile_get_default_address (profile), "Санкт-Петербург");

  stored = update_billing (client, id, profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (stored), ==, "Анна");
  g_assert_cmpstr (pd_billing_profile_get_etag (stored), !=, old_etag);

  /* A different client, so nothing can come from a cache. */
  fresh = pd_test_client_new (shared ());
  read_back = get_billing (fresh, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (read_back), ==, "Анна");
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (read_back)),
                   ==, "Санкт-Петербург");
  g_assert_cmpstr (pd_billing_profile_get_etag (read_back), ==,
                   pd_billing_profile_get_etag (stored));
  g_assert_true (pd_billing_profile_equal (read_back, profile));
}

static void
test_billing_put_stale_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) colleague = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdBillingProfile) theirs_stored = NULL;
  g_autoptr(PdBillingProfile) refused = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  mine = get_billing (client, id, &error);
  g_assert_no_error (error);
  theirs = pd_billing_profile_copy (mine);

  /* A colleague saves first, with the same etag. */
  pd_billing_profile_set_last_name (theirs, "Коллегина");
  theirs_stored = update_billing (colleague, id, theirs, &error);
  g_assert_no_error (error);

  pd_billing_profile_set_last_name (mine, "Моя");
  refused = update_billing (client, id, mine, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_CONFLICT);
  g_assert_null (refused);
  g_assert_nonnull (pd_api_error_get_request_id (error));
  g_clear_error (&error);

  /* Nothing was overwritten. */
  server = get_billing (client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_last_name (server), ==, "Коллегина");
  g_assert_cmpstr (pd_billing_profile_get_etag (server), ==,
                   pd_billing_profile_get_etag (theirs_stored));
}

/* An etag that arrives already quoted goes into If-Match as it is, not quoted twice. */
static void
test_billing_put_quoted_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *quoted = NULL;

  mine = get_billing (client, id, &error);
  g_assert_no_error (error);
  quoted = g_strdup_printf ("\"%s\"", pd_billing_profile_get_etag (mine));
  pd_billing_profile_set_etag (mine, quoted);
  pd_billing_profile_set_first_name (mine, "Цитата");

  stored = update_billing (client, id, mine, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  server = get_billing (client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (server), ==, "Цитата");
}

static void
test_billing_unknown_fields_survive (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autofree char *path = g_strdup_printf ("/v1/customers/%s/profiles/billing", id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  JsonObject *address_before;
  JsonObject *address_after;
  const char *names[] = { "futureField", "middleName", "district" };

  before = raw_get_object (shared (), path);
  address_before = pd_json_object_get_object_ci (before, "defaultAddress");
  g_assert_nonnull (address_before);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (pd_json_object_get_member_ci (address_before, names[i]));

  profile = get_billing (client, id, &error);
  g_assert_no_error (error);
  pd_address_set_postal_code (pd_billing_profile_get_default_address (profile), "101001");
  stored = update_billing (client, id, profile, &error);
  g_assert_no_error (error);

  after = raw_get_object (shared (), path);
  address_after = pd_json_object_get_object_ci (after, "defaultAddress");
  g_assert_nonnull (address_after);
  g_assert_cmpstr (pd_json_object_get_string_ci (address_after, "postalCode"), ==, "101001");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *a = pd_json_object_get_member_ci (address_before, names[i]);
      JsonNode *b = pd_json_object_get_member_ci (address_after, names[i]);

      g_assert_nonnull (b);
      g_assert_true (json_node_equal (a, b));
    }
}

static void
test_error_russian_description (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) refused = NULL;
  g_autofree char *message = NULL;

  profile = get_billing (client, id, &error);
  g_assert_no_error (error);
  /* Russia requires a phone number. */
  pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), NULL);

  refused = update_billing (client, id, profile, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_INVALID);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 400);
  g_assert_nonnull (pd_api_error_get_description (error));
  g_assert_false (has_cyrillic (pd_api_error_get_description (error)));
  g_clear_error (&error);

  pd_client_set_locale (client, "ru-RU");
  refused = update_billing (client, id, profile, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_INVALID);
  g_assert_true (has_cyrillic (pd_api_error_get_description (error)));
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, pd_api_error_get_description (error)));
}

static void
test_error_unauthorized (void)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("not-the-token");
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), };

  client = pd_client_new (pd_sandbox_process_get_base_url (shared ()), provider);
  pd_client_list_customers_async (client, 10, collect_page, &collected, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_client_list_customers_finish (client, result, NULL, &error));
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 401);
  g_assert_cmpuint (collected.n_pages, ==, 0);
  collected_clear (&collected);
}

/* ------------------------------------------------------------------------------------- */
/* Faults */

static void
test_fault_throttled (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (40, "--throttle-rate", "0.3",
                                                               "--fault-seed", "7", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  Collected collected = { 0, };
  gboolean saw_throttle = FALSE;

  /* Without retries the 429 shows, with its Retry-After. */
  pd_client_set_retry_policy (client, 1, 10, 200);
  for (guint i = 0; i < 30 && !saw_throttle; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdCountryRules) rules = NULL;
      g_autoptr(PdClient) once = pd_test_client_new (sandbox);

      pd_client_set_retry_policy (once, 1, 10, 200);
      pd_client_get_country_rules_async (once, "US", NULL, pd_test_store_result, &result);
      pd_test_wait_for_result (&result);
      rules = pd_client_get_country_rules_finish (once, result, &error);
      if (rules == NULL)
        {
          g_assert_error (error, PD_API_ERROR, PD_API_ERROR_THROTTLED);
          g_assert_cmpuint (pd_api_error_get_retry_after (error), ==, 1);
          g_assert_nonnull (pd_api_error_get_description (error));
          saw_throttle = TRUE;
          g_clear_error (&error);
        }
    }
  g_assert_true (saw_throttle);

  /* With retries (Retry-After honoured) everything arrives. */
  pd_client_set_retry_policy (client, 8, 10, 200);
  list_all (client, 10, &collected);
  g_assert_cmpuint (collected.customers->len, ==, 40);
  g_assert_cmpuint (collected.n_pages, ==, 4);
  collected_clear (&collected);
}

static void
test_fault_server_error_retried (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (200, "--fail-rate", "0.3",
                                                               "--fault-seed", "3", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Collected collected = { 0, };

  pd_client_set_retry_policy (client, 10, 5, 50);
  list_all (client, 20, &collected);
  g_assert_cmpuint (collected.customers->len, ==, 200);
  g_assert_cmpuint (collected.n_pages, ==, 10);
  for (guint i = 0; i < collected.customers->len; i++)
    g_assert_true (g_hash_table_add (ids, (gpointer) pd_customer_get_id (
                                            g_ptr_array_index (collected.customers, i))));
  g_hash_table_remove_all (ids);
  collected_clear (&collected);
}

static void
test_fault_server_error_reported (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (10, "--fail-rate", "1", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;

  pd_client_get_customer_async (client, "00000000-0000-0000-0000-000000000000", NULL,
                                pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  customer = pd_client_get_customer_finish (client, result, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_SERVER);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 503);
}

static void
test_fault_corrupt (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (30, "--corrupt-rate", "1", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(JsonObject) list = NULL;
  Collected collected = { g_ptr_array_new_with_free_func (g_object_unref), };
  const char *id;

  pd_client_list_customers_async (client, 10, collect_page, &collected, NULL, NULL,
                                  pd_test_store_result, &list_result);
  pd_test_wait_for_result (&list_result);
  g_assert_false (pd_client_list_customers_finish (client, list_result, NULL, &error));
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_nonnull (pd_api_error_get_request_id (error));
  g_assert_cmpuint (collected.n_pages, ==, 0);
  g_clear_error (&error);

  list = raw_get_object (sandbox, "/v1/customers?size=1");
  id = json_object_get_string_member (
         json_array_get_object_element (pd_json_object_get_array_ci (list, "items"), 0), "id");
  pd_client_get_billing_profile_async (client, id, NULL, pd_test_store_result, &get_result);
  pd_test_wait_for_result (&get_result);
  profile = pd_client_get_billing_profile_finish (client, get_result, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_null (profile);
  collected_clear (&collected);
}

static void
test_fault_dropped (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (200, "--drop-rate", "0.25",
                                                               "--fault-seed", "11", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *path = NULL;
  Collected collected = { 0, };
  PdCustomer *first;

  pd_client_set_retry_policy (client, 10, 5, 50);
  list_all (client, 20, &collected);
  g_assert_cmpuint (collected.customers->len, ==, 200);
  g_assert_cmpuint (collected.n_pages, ==, 10);

  /* A PUT whose connection drops is sent again; it either lands or meets its own
   * earlier copy, which counts as success. */
  first = g_ptr_array_index (collected.customers, 0);
  profile = get_billing (client, pd_customer_get_id (first), &error);
  g_assert_no_error (error);
  pd_billing_profile_set_email (profile, "dropped@example.com");
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(PdBillingProfile) again = NULL;

      g_clear_object (&stored);
      stored = update_billing (client, pd_customer_get_id (first), profile, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pd_billing_profile_get_email (stored), ==, "dropped@example.com");
      /* Next round from the stored copy, with its new etag. */
      again = pd_billing_profile_copy (stored);
      pd_billing_profile_set_first_name (again, i % 2 == 0 ? "Round" : "Again");
      g_set_object (&profile, again);
    }

  path = g_strdup_printf ("/v1/customers/%s/profiles/billing", pd_customer_get_id (first));
  after = raw_get_object (sandbox, path);
  g_assert_cmpstr (pd_json_object_get_string_ci (after, "email"), ==, "dropped@example.com");
  collected_clear (&collected);
}

static void
test_sandbox_start_async (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdSandboxProcess) sandbox = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(PdCustomer) missing = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  const char *argv_extra[] = { "--database", NULL, "--seed", "3", NULL };

  dir = g_dir_make_tmp ("partner-desk-test-XXXXXX", &error);
  g_assert_no_error (error);
  database = g_build_filename (dir, "sandbox.db", NULL);
  argv_extra[1] = database;

  pd_sandbox_process_start_async (argv_extra, NULL, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  sandbox = pd_sandbox_process_start_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pd_sandbox_process_get_base_url (sandbox), "http://127.0.0.1:"));
  g_assert_nonnull (pd_sandbox_process_get_token (sandbox));

  /* It answers, and after stop() it is gone. */
  client = pd_test_client_new (sandbox);
  pd_client_get_customer_async (client, "00000000-0000-0000-0000-000000000000", NULL,
                                pd_test_store_result, &get_result);
  pd_test_wait_for_result (&get_result);
  missing = pd_client_get_customer_finish (client, get_result, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&get_result);

  pd_sandbox_process_stop (sandbox);
  pd_client_set_retry_policy (client, 1, 1, 1);
  pd_client_get_customer_async (client, "00000000-0000-0000-0000-000000000000", NULL,
                                pd_test_store_result, &get_result);
  pd_test_wait_for_result (&get_result);
  missing = pd_client_get_customer_finish (client, get_result, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NETWORK);

  g_clear_object (&sandbox);
  g_clear_object (&client);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_remove (path);
      }
  }
  g_rmdir (dir);
}

/* A profile without an etag never goes out without one: the client reads the server's
 * version, and sends against it when nothing changed since the profile was read. */
static void
test_billing_put_without_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) fresh = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  mine = get_billing (client, id, &error);
  g_assert_no_error (error);
  pd_billing_profile_set_etag (mine, NULL);
  pd_billing_profile_set_first_name (mine, "Безэтагова");

  stored = update_billing (client, id, mine, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (stored), ==, "Безэтагова");

  server = get_billing (fresh, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (server), ==, "Безэтагова");
  g_assert_cmpstr (pd_billing_profile_get_etag (server), ==,
                   pd_billing_profile_get_etag (stored));
}

/* ... and when someone changed it meanwhile, that is a conflict: nothing is overwritten. */
static void
test_billing_put_without_etag_changed (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) colleague = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(PdBillingProfile) theirs_stored = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  mine = get_billing (client, id, &error);
  g_assert_no_error (error);
  theirs = get_billing (colleague, id, &error);
  g_assert_no_error (error);
  pd_billing_profile_set_last_name (theirs, "Коллегова");
  theirs_stored = update_billing (colleague, id, theirs, &error);
  g_assert_no_error (error);

  pd_billing_profile_set_etag (mine, NULL);
  pd_billing_profile_set_last_name (mine, "Моя");
  stored = update_billing (client, id, mine, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_CONFLICT);
  g_assert_null (stored);
  g_clear_error (&error);

  server = get_billing (colleague, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_last_name (server), ==, "Коллегова");
  g_assert_cmpstr (pd_billing_profile_get_etag (server), ==,
                   pd_billing_profile_get_etag (theirs_stored));
}

/* When the server gives no version either, the user is told why nothing was saved. */
static void
test_billing_no_etag_message (void)
{
  g_autoptr(GError) no_etag = pd_api_error_new (PD_API_ERROR_PROTOCOL, 200,
                                                PD_API_ERROR_CODE_NO_ETAG, NULL, NULL, NULL);
  g_autoptr(GError) other = pd_api_error_new (PD_API_ERROR_PROTOCOL, 200, NULL, NULL, NULL,
                                              NULL);
  g_autofree char *message = pd_api_error_to_user_message (no_etag);
  g_autofree char *other_message = pd_api_error_to_user_message (other);

  g_assert_cmpstr (message, !=, other_message);
  g_assert_nonnull (strstr (message, "version"));
}

/* A weak etag (W/"…") never matches If-Match, which compares strongly: the sandbox
 * refuses it as the service does, and nothing is stored. */
static void
test_billing_put_weak_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *weak = NULL;
  g_autofree char *first_name = NULL;

  mine = get_billing (client, id, &error);
  g_assert_no_error (error);
  first_name = g_strdup (pd_billing_profile_get_first_name (mine));
  weak = g_strdup_printf ("W/\"%s\"", pd_billing_profile_get_etag (mine));
  pd_billing_profile_set_etag (mine, weak);
  pd_billing_profile_set_first_name (mine, "Слабая");

  stored = update_billing (client, id, mine, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_CONFLICT);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 412);
  g_assert_null (stored);
  g_clear_error (&error);

  server = get_billing (client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_billing_profile_get_first_name (server), ==, first_name);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* See pd_test_client_new(): clients made here directly need it too. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client/unit/error-details", test_error_details);
  g_test_add_func ("/client/unit/locale", test_locale_from_environment);

  g_test_add_func ("/client/list/paging", test_list_paging);
  g_test_add_func ("/client/list/page-size-clamped", test_list_page_size_clamped);
  g_test_add_func ("/client/list/cancel", test_list_cancel);
  g_test_add_func ("/client/search/company-name", test_search_company_name);
  g_test_add_func ("/client/search/domain", test_search_domain);
  g_test_add_func ("/client/get/not-found", test_get_not_found);
  g_test_add_func ("/client/get/company-profile", test_company_profile);
  g_test_add_func ("/client/country-rules/cached", test_country_rules_cached);
  g_test_add_func ("/client/validate-address", test_validate_address);
  g_test_add_func ("/client/billing/update-read-back", test_billing_update_read_back);
  g_test_add_func ("/client/billing/put-stale-etag", test_billing_put_stale_etag);
  g_test_add_func ("/client/billing/put-quoted-etag", test_billing_put_quoted_etag);
  g_test_add_func ("/client/billing/unknown-fields-survive",
                   test_billing_unknown_fields_survive);
  g_test_add_func ("/client/errors/russian-description", test_error_russian_description);
  g_test_add_func ("/client/errors/unauthorized", test_error_unauthorized);
  g_test_add_func ("/client/faults/throttled", test_fault_throttled);
  g_test_add_func ("/client/faults/server-error-retried", test_fault_server_error_retried);
  g_test_add_func ("/client/faults/server-error-reported", test_fault_server_error_reported);
  g_test_add_func ("/client/faults/corrupt", test_fault_corrupt);
  g_test_add_func ("/client/faults/dropped", test_fault_dropped);
  g_test_add_func ("/client/sandbox/start-async", test_sandbox_start_async);
  g_test_add_func ("/client/billing/put-without-etag", test_billing_put_without_etag);
  g_test_add_func ("/client/billing/put-without-etag-changed",
                   test_billing_put_without_etag_changed);
  g_test_add_func ("/client/billing/no-etag-message", test_billing_no_etag_message);
  g_test_add_func ("/client/billing/put-weak-etag", test_billing_put_weak_etag);

  status = g_test_run ();

  g_clear_object (&shared_sandbox);
  return status;
}
