/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client.c: PdClient against a real partner-desk-sandbox process on loopback. */

#include "config.h"

#define G_LOG_DOMAIN "test-client"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pd-client-private.h"
#include "pd-json.h"
#include "pd-test-util.h"

#define ROMASHKA "ООО «Ромашка»"
/* No customer has this id. */
#define MISSING_ID "00000000-0000-0000-0000-000000000000"

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
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  g_autofree char *prefix = NULL;
  const char *domain;

  customer = pd_test_get_customer (client, id, NULL);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;

  customer = pd_test_get_customer (client, MISSING_ID, &error);
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
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
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
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) read_back = NULL;
  g_autofree char *old_etag = NULL;

  profile = pd_test_get_billing (client, id, NULL);
  old_etag = g_strdup (pd_billing_profile_get_etag (profile));
  g_assert_nonnull (old_etag);

  pd_billing_profile_set_first_name (profile, "Анна");
  pd_address_set_city (pd_billing_profile_get_default_address (profile), "Санкт-Петербург");

  stored = pd_test_update_billing (client, id, profile, NULL);
  g_assert_cmpstr (pd_billing_profile_get_first_name (stored), ==, "Анна");
  g_assert_cmpstr (pd_billing_profile_get_etag (stored), !=, old_etag);

  /* A different client, so nothing can come from a cache. */
  fresh = pd_test_client_new (shared ());
  read_back = pd_test_get_billing (fresh, id, NULL);
  g_assert_cmpstr (pd_billing_profile_get_first_name (read_back), ==, "Анна");
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (read_back)),
                   ==, "Санкт-Петербург");
  g_assert_cmpstr (pd_billing_profile_get_etag (read_back), ==,
                   pd_billing_profile_get_etag (stored));
  g_assert_true (pd_billing_profile_equal (read_back, profile));
}

/* A colleague saves @theirs (last name @their_last_name) first; then @mine (last name
 * "Моя") must be refused as a conflict, and @reader must still find theirs on the server,
 * its etag included. Returns the refusal. */
static GError *
put_after_colleague (PdClient         *client,
                     PdClient         *colleague,
                     PdClient         *reader,
                     const char       *id,
                     PdBillingProfile *mine,
                     PdBillingProfile *theirs,
                     const char       *their_last_name)
{
  g_autoptr(PdBillingProfile) theirs_stored = NULL;
  g_autoptr(PdBillingProfile) refused = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  GError *error = NULL;

  pd_billing_profile_set_last_name (theirs, their_last_name);
  theirs_stored = pd_test_update_billing (colleague, id, theirs, NULL);

  pd_billing_profile_set_last_name (mine, "Моя");
  refused = pd_test_update_billing (client, id, mine, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_CONFLICT);
  g_assert_null (refused);

  /* Nothing was overwritten. */
  server = pd_test_get_billing (reader, id, NULL);
  g_assert_cmpstr (pd_billing_profile_get_last_name (server), ==, their_last_name);
  g_assert_cmpstr (pd_billing_profile_get_etag (server), ==,
                   pd_billing_profile_get_etag (theirs_stored));
  return error;
}

static void
test_billing_put_stale_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) colleague = pd_test_client_new (shared ());
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = pd_test_get_billing (client, id, NULL);
  /* The colleague saves with the same etag. */
  g_autoptr(PdBillingProfile) theirs = pd_billing_profile_copy (mine);

  error = put_after_colleague (client, colleague, client, id, mine, theirs, "Коллегина");
  g_assert_nonnull (pd_api_error_get_request_id (error));
}

/* An etag that arrives already quoted goes into If-Match as it is, not quoted twice. */
static void
test_billing_put_quoted_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *quoted = NULL;

  mine = pd_test_get_billing (client, id, NULL);
  quoted = g_strdup_printf ("\"%s\"", pd_billing_profile_get_etag (mine));
  pd_billing_profile_set_etag (mine, quoted);
  pd_billing_profile_set_first_name (mine, "Цитата");

  stored = pd_test_update_billing (client, id, mine, NULL);
  g_assert_nonnull (stored);

  server = pd_test_get_billing (client, id, NULL);
  g_assert_cmpstr (pd_billing_profile_get_first_name (server), ==, "Цитата");
}

static void
test_billing_unknown_fields_survive (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
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

  profile = pd_test_get_billing (client, id, NULL);
  pd_address_set_postal_code (pd_billing_profile_get_default_address (profile), "101001");
  stored = pd_test_update_billing (client, id, profile, NULL);

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
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) refused = NULL;
  g_autofree char *message = NULL;

  profile = pd_test_get_billing (client, id, NULL);
  /* Russia requires a phone number. */
  pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), NULL);

  refused = pd_test_update_billing (client, id, profile, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_INVALID);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 400);
  g_assert_nonnull (pd_api_error_get_description (error));
  g_assert_false (has_cyrillic (pd_api_error_get_description (error)));
  g_clear_error (&error);

  pd_client_set_locale (client, "ru-RU");
  refused = pd_test_update_billing (client, id, profile, &error);
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

/* A list from a server nobody answers at; the client named @service (nullable). */
static GError *
list_unreachable (const char *service)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new ("token");
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;
  guint16 port;

  /* A port that was free a moment ago, and closed again: nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = pd_client_new (url, provider);
  pd_client_set_retry_policy (client, 1, 0, 0);
  pd_client_set_service_name (client, service);
  g_assert_cmpstr (pd_client_get_service_name (client), ==, service);
  pd_client_list_customers_async (client, 10, NULL, NULL, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_false (pd_client_list_customers_finish (client, result, NULL, &error));
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NETWORK);

  return error;
}

/* An unreachable custom server is not "Partner Center": the messages name the connection. */
static void
test_error_unreachable_names_connection (void)
{
  g_autoptr(GError) custom = list_unreachable ("partner.contoso.example");
  g_autoptr(GError) unnamed = list_unreachable (NULL);
  g_autoptr(GError) copy = g_error_copy (custom);
  g_autofree char *message = pd_api_error_to_user_message (custom);
  g_autofree char *status = pd_api_error_to_status_message (custom,
                                                            PD_API_ERROR_ACTIVITY_REFRESH);
  g_autofree char *copied_message = pd_api_error_to_user_message (copy);
  g_autofree char *unnamed_message = pd_api_error_to_user_message (unnamed);

  g_assert_cmpstr (pd_api_error_get_service (custom), ==, "partner.contoso.example");
  g_assert_cmpstr (message, ==, "Could not reach partner.contoso.example. Check your "
                                "internet connection and try again.");
  g_assert_cmpstr (status, ==, "Could not refresh: partner.contoso.example is not reachable");
  g_assert_cmpstr (copied_message, ==, message);
  /* A client that does not know its connection's name still says something true enough. */
  g_assert_null (pd_api_error_get_service (unnamed));
  g_assert_nonnull (strstr (unnamed_message, "Partner Center"));
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
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;

  customer = pd_test_get_customer (client, MISSING_ID, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_SERVER);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 503);
}

static void
test_fault_corrupt (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (30, "--corrupt-rate", "1", NULL);
  g_autoptr(PdClient) client = pd_test_client_new (sandbox);
  g_autoptr(GAsyncResult) list_result = NULL;
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
  profile = pd_test_get_billing (client, id, &error);
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
  profile = pd_test_get_billing (client, pd_customer_get_id (first), NULL);
  pd_billing_profile_set_email (profile, "dropped@example.com");
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(PdBillingProfile) again = NULL;

      g_clear_object (&stored);
      stored = pd_test_update_billing (client, pd_customer_get_id (first), profile, NULL);
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

/* ------------------------------------------------------------------------------------- */
/* A misbehaving server. The sandbox plays Partner Center as it is; these tests need a
 * server that does what Partner Center never should (loops, redirects, stalls, floods), so
 * a tiny SoupServer on 127.0.0.1 in this process plays it. Only the server is fake: the
 * client under test is the real one, over real HTTP. */

#define HOSTILE_TOKEN "hostile-test-token"
/* Past this many requests a hostile server ends the listing, so a client that does not
 * stop by itself fails its test instead of hanging it. */
#define HOSTILE_MAX_REQUESTS 200

typedef struct _Hostile Hostile;

typedef void (*HostileFunc) (Hostile           *hostile,
                             SoupServerMessage *message,
                             const char        *path,
                             guint              n);  /* 1 for the first request */

struct _Hostile
{
  SoupServer *server;
  char       *base_url;        /* http://127.0.0.1:port */
  HostileFunc func;
  gpointer    data;
  guint       n_requests;
  GPtrArray  *authorizations;  /* the Authorization header of each request */
  GPtrArray  *tokens;          /* MS-ContinuationToken of each request ("" when none) */
  GPtrArray  *extra;           /* X-Extra of each request ("" when none) */
  GPtrArray  *paused;          /* SoupServerMessage never answered */
};

static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Hostile *hostile = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *value;

  hostile->n_requests++;
  value = soup_message_headers_get_one (headers, "Authorization");
  g_ptr_array_add (hostile->authorizations, g_strdup (value != NULL ? value : ""));
  value = soup_message_headers_get_one (headers, "MS-ContinuationToken");
  g_ptr_array_add (hostile->tokens, g_strdup (value != NULL ? value : ""));
  value = soup_message_headers_get_one (headers, "X-Extra");
  g_ptr_array_add (hostile->extra, g_strdup (value != NULL ? value : ""));

  hostile->func (hostile, message, path, hostile->n_requests);
}

static Hostile *
hostile_new (HostileFunc func,
             gpointer    data)
{
  Hostile *hostile = g_new0 (Hostile, 1);

  hostile->func = func;
  hostile->data = data;
  hostile->authorizations = g_ptr_array_new_with_free_func (g_free);
  hostile->tokens = g_ptr_array_new_with_free_func (g_free);
  hostile->extra = g_ptr_array_new_with_free_func (g_free);
  hostile->paused = g_ptr_array_new_with_free_func (g_object_unref);
  hostile->server = pd_test_local_server_new (hostile_handler, hostile, &hostile->base_url);
  return hostile;
}

static void
hostile_free (Hostile *hostile)
{
  soup_server_disconnect (hostile->server);
  g_clear_object (&hostile->server);
  g_clear_pointer (&hostile->paused, g_ptr_array_unref);
  g_clear_pointer (&hostile->authorizations, g_ptr_array_unref);
  g_clear_pointer (&hostile->tokens, g_ptr_array_unref);
  g_clear_pointer (&hostile->extra, g_ptr_array_unref);
  g_free (hostile->base_url);
  g_free (hostile);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Hostile, hostile_free)

/* Keeps @message waiting forever: the server has gone silent. */
static void
hostile_stall (Hostile           *hostile,
               SoupServerMessage *message)
{
  g_ptr_array_add (hostile->paused, g_object_ref (message));
  soup_server_message_pause (message);
}

static PdClient *
hostile_client_new (Hostile *hostile)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new (HOSTILE_TOKEN);

  return pd_test_client_new_for_url (hostile->base_url, provider);
}

/* A page of @n_items customers numbered from @first, and a next link carrying @token
 * (none when NULL) plus @extra_headers (JSON members of the headers array, may be ""). */
static char *
page_json (guint       first,
           guint       n_items,
           guint       total_count,
           const char *token,
           const char *extra_headers)
{
  GString *json = g_string_new ("{\"totalCount\":");

  g_string_append_printf (json, "%u,\"items\":[", total_count);
  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (json, "%s{\"id\":\"c-%u\",\"companyProfile\":"
                                  "{\"companyName\":\"Company %u\"}}",
                            i > 0 ? "," : "", first + i, first + i);
  g_string_append (json, "],\"links\":{");
  if (token != NULL)
    g_string_append_printf (json, "\"next\":{\"uri\":\"/v1/customers?size=2&seekOperation="
                                  "Next\",\"method\":\"GET\",\"headers\":[%s%s{\"key\":"
                                  "\"MS-ContinuationToken\",\"value\":\"%s\"}]}",
                            extra_headers, *extra_headers != '\0' ? "," : "", token);
  g_string_append (json, "},\"attributes\":{\"objectType\":\"Collection\"}}");
  return g_string_free (json, FALSE);
}

/* Lists customers from @client; returns the error (NULL on success). */
static GError *
list_expecting (PdClient  *client,
                Collected *collected)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  collected->customers = g_ptr_array_new_with_free_func (g_object_unref);
  pd_client_list_customers_async (client, 2, collect_page, collected, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  if (!pd_client_list_customers_finish (client, result, NULL, &error))
    g_assert_nonnull (error);
  return error;
}

/* A → B → A: the third link repeats the first. */
static void
cycle_handler (Hostile           *hostile,
               SoupServerMessage *message,
               const char        *path,
               guint              n)
{
  const char *token = g_ptr_array_index (hostile->tokens, n - 1);
  g_autofree char *json = NULL;

  if (n >= HOSTILE_MAX_REQUESTS)
    json = page_json (2 * n, 2, 1000, NULL, "");
  else
    json = page_json (2 * n, 2, 1000, g_str_equal (token, "B") ? "A" : *token == 'A' ? "B"
                                                                                      : "A",
                      "");
  pd_test_respond_json (message, 200, json);
}

static void
test_hostile_next_link_cycle (void)
{
  g_autoptr(Hostile) hostile = hostile_new (cycle_handler, NULL);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Collected collected = { 0, };

  error = list_expecting (client, &collected);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_ENDLESS_PAGES);
  /* First page, A, B: the link back to A is never followed. */
  g_assert_cmpuint (hostile->n_requests, ==, 3);
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, "more pages than the list has"));
  collected_clear (&collected);
}

/* Fresh tokens forever; data says whether the pages are empty. */
static void
endless_handler (Hostile           *hostile,
                 SoupServerMessage *message,
                 const char        *path,
                 guint              n)
{
  gboolean empty = GPOINTER_TO_INT (hostile->data);
  g_autofree char *token = g_strdup_printf ("t%u", n);
  g_autofree char *json = NULL;

  json = page_json (2 * n, empty ? 0 : 2, 6, n >= HOSTILE_MAX_REQUESTS ? NULL : token, "");
  pd_test_respond_json (message, 200, json);
}

static void
test_hostile_next_link_endless (void)
{
  for (int empty = 0; empty <= 1; empty++)
    {
      g_autoptr(Hostile) hostile = hostile_new (endless_handler, GINT_TO_POINTER (empty));
      g_autoptr(PdClient) client = hostile_client_new (hostile);
      g_autoptr(GError) error = NULL;
      Collected collected = { 0, };

      g_test_message ("%s pages", empty ? "empty" : "full");
      error = list_expecting (client, &collected);
      g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
      g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_ENDLESS_PAGES);
      /* totalCount 6 in pages of 2 is 3 pages: the client stops a few pages later. */
      g_assert_cmpuint (hostile->n_requests, <=, 2 * 3 + 10);
      g_assert_cmpuint (collected.customers->len, <=, 6 + 6 / 4 + 2);
      collected_clear (&collected);
    }
}

/* 12 pages of 2 whose totalCount is each page's own count. */
static void
page_count_handler (Hostile           *hostile,
                    SoupServerMessage *message,
                    const char        *path,
                    guint              n)
{
  g_autofree char *token = g_strdup_printf ("t%u", n);
  g_autofree char *json = page_json (2 * n, 2, 2, n < 12 ? token : NULL, "");

  pd_test_respond_json (message, 200, json);
}

static void
test_hostile_page_total_count (void)
{
  g_autoptr(Hostile) hostile = hostile_new (page_count_handler, NULL);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(GError) error = NULL;
  Collected collected = { 0, };

  /* A totalCount that only counts the page says nothing of the list's length: a long
   * list with it is read to the end, not taken for an endless one. */
  error = list_expecting (client, &collected);
  g_assert_no_error (error);
  g_assert_cmpuint (hostile->n_requests, ==, 12);
  g_assert_cmpuint (collected.customers->len, ==, 24);
  collected_clear (&collected);
}

/* The list 302s to another origin (a second server on another port). */
static void
redirect_handler (Hostile           *hostile,
                  SoupServerMessage *message,
                  const char        *path,
                  guint              n)
{
  Hostile *other = hostile->data;
  g_autofree char *location = g_strconcat (other->base_url, path, "?size=2", NULL);

  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
}

static void
good_page_handler (Hostile           *hostile,
                   SoupServerMessage *message,
                   const char        *path,
                   guint              n)
{
  g_autofree char *json = page_json (0, 2, 2, NULL, "");

  pd_test_respond_json (message, 200, json);
}

static void
test_hostile_redirect (void)
{
  g_autoptr(Hostile) other = hostile_new (good_page_handler, NULL);
  g_autoptr(Hostile) hostile = hostile_new (redirect_handler, other);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Collected collected = { 0, };

  error = list_expecting (client, &collected);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_REDIRECTED);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 302);
  g_assert_cmpuint (collected.n_pages, ==, 0);
  /* Not followed (nor retried): the other host never saw a request, nor the token. */
  g_assert_cmpuint (hostile->n_requests, ==, 1);
  g_assert_cmpuint (other->n_requests, ==, 0);
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, "redirected"));
  collected_clear (&collected);
}

/* The first request of each kind gets no answer at all; the next GET is answered. */
static void
stall_handler (Hostile           *hostile,
               SoupServerMessage *message,
               const char        *path,
               guint              n)
{
  if (n == 1 || g_str_equal (soup_server_message_get_method (message), "PUT"))
    {
      hostile_stall (hostile, message);
      return;
    }
  pd_test_respond_json (message, 200,
                        "{\"id\":\"c-1\",\"companyProfile\":{\"companyName\":\"Slow\"}}");
}

static void
count_slow_cb (PdClient   *client,
               GParamSpec *pspec,
               guint      *n_slow_on)
{
  if (pd_client_get_slow (client))
    (*n_slow_on)++;
}

static void
test_hostile_stall (void)
{
  g_autoptr(Hostile) hostile = hostile_new (stall_handler, NULL);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdClient) fresh = hostile_client_new (hostile);
  g_autoptr(PdBillingProfile) profile = pd_billing_profile_new ();
  g_autoptr(PdBillingProfile) stored = NULL;
  guint n_slow_on = 0;
  gint64 start;

  /* A stall is noticed within a minute of silence by default, not after three. */
  g_assert_cmpuint (pd_client_get_io_timeout (fresh), >=, 30);
  g_assert_cmpuint (pd_client_get_io_timeout (fresh), <=, 60);

  pd_client_set_io_timeout (client, 1);
  g_signal_connect (client, "notify::slow", G_CALLBACK (count_slow_cb), &n_slow_on);
  start = g_get_monotonic_time ();
  customer = pd_test_get_customer (client, "c-1", NULL);
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "Slow");
  g_assert_cmpuint (hostile->n_requests, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* The UI was told the service is slow, and told again when it no longer is. */
  g_assert_cmpuint (n_slow_on, ==, 1);
  g_assert_false (pd_client_get_slow (client));

  /* A PUT that stalls may yet be applied: it is reported, not sent again. (With a
   * version, as every PUT must have.) */
  pd_billing_profile_set_etag (profile, "\"1\"");
  stored = pd_test_update_billing (client, "c-1", profile, &error);
  g_assert_null (stored);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NETWORK);
  g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_TIMED_OUT);
  g_assert_cmpuint (hostile->n_requests, ==, 3);
  g_assert_false (pd_client_get_slow (client));
}

/* 503 with Retry-After: data is its value; answered after the first request. */
static void
unavailable_handler (Hostile           *hostile,
                     SoupServerMessage *message,
                     const char        *path,
                     guint              n)
{
  if (n == 1)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Retry-After", hostile->data);
      pd_test_respond_json (message, 503, "{\"code\":\"503\",\"description\":\"Busy\"}");
      return;
    }
  pd_test_respond_json (message, 200,
                        "{\"id\":\"c-1\",\"companyProfile\":{\"companyName\":\"Later\"}}");
}

static void
test_hostile_retry_after_503 (void)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(Hostile) hostile = hostile_new (unavailable_handler, (gpointer) "1");
    g_autoptr(PdClient) client = hostile_client_new (hostile);
    g_autoptr(PdCustomer) customer = NULL;
    gint64 start = g_get_monotonic_time ();

    /* The retry policy alone would come back after 10 ms. */
    customer = pd_test_get_customer (client, "c-1", NULL);
    g_assert_cmpuint (hostile->n_requests, ==, 2);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
  }

  {
    g_autoptr(Hostile) hostile = hostile_new (unavailable_handler, (gpointer) "3600");
    g_autoptr(PdClient) client = hostile_client_new (hostile);
    g_autoptr(PdCustomer) customer = NULL;

    /* An hour is not waited for behind a spinner: it is reported with the delay. */
    customer = pd_test_get_customer (client, "c-1", &error);
    g_assert_error (error, PD_API_ERROR, PD_API_ERROR_SERVER);
    g_assert_cmpuint (pd_api_error_get_retry_after (error), ==, 3600);
    g_assert_cmpuint (hostile->n_requests, ==, 1);
  }
}

/* A valid page of one customer padded to 1 MiB; data says whether it is chunked. */
static void
huge_handler (Hostile           *hostile,
              SoupServerMessage *message,
              const char        *path,
              guint              n)
{
  gboolean chunked = GPOINTER_TO_INT (hostile->data);
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  GString *json = g_string_new ("{\"totalCount\":1,\"items\":[{\"id\":\"c-1\",\"companyProfile\":"
                                "{\"companyName\":\"Huge\"}}],\"padding\":\"");

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (message),
                                         "application/json", NULL);
  if (chunked)
    {
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                         SOUP_ENCODING_CHUNKED);
      for (gsize offset = 0; offset < json->len; offset += 4096)
        soup_message_body_append (body, SOUP_MEMORY_COPY, json->str + offset,
                                  MIN (4096, json->len - offset));
      soup_message_body_complete (body);
    }
  else
    soup_message_body_append (body, SOUP_MEMORY_COPY, json->str, json->len);
  g_string_free (json, TRUE);
}

static void
test_hostile_too_large (void)
{
  for (int chunked = 0; chunked <= 1; chunked++)
    {
      g_autoptr(Hostile) hostile = hostile_new (huge_handler, GINT_TO_POINTER (chunked));
      g_autoptr(PdClient) client = hostile_client_new (hostile);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      Collected collected = { 0, };

      g_test_message ("%s", chunked ? "chunked" : "with Content-Length");
      /* The default is far above any real page; this test's pages are 1 MiB. */
      g_assert_cmpuint (pd_client_get_max_response_size (client), >=, 8 * 1024 * 1024);
      g_assert_cmpuint (pd_client_get_max_response_size (client), <=, 256 * 1024 * 1024);
      pd_client_set_max_response_size (client, 64 * 1024);

      error = list_expecting (client, &collected);
      g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
      g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_TOO_LARGE);
      g_assert_cmpuint (collected.n_pages, ==, 0);
      g_assert_cmpuint (hostile->n_requests, ==, 1);
      message = pd_api_error_to_user_message (error);
      g_assert_nonnull (strstr (message, "larger than expected"));
      collected_clear (&collected);
    }
}

/* A page sent gzip-compressed with its compressed Content-Length; data is the padding
 * (the decompressed page grows by it, the compressed one hardly). */
static void
gzip_handler (Hostile           *hostile,
              SoupServerMessage *message,
              const char        *path,
              guint              n)
{
  gsize padding = GPOINTER_TO_SIZE (hostile->data);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gzip = g_converter_output_stream_new (memory,
                                                                 G_CONVERTER (compressor));
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GError) error = NULL;
  GString *json = g_string_new (NULL);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  g_string_append (json, "{\"totalCount\":3,\"items\":[");
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (json, "%s{\"id\":\"c-%u\",\"companyProfile\":"
                                  "{\"companyName\":\"Zipped %u\"}}", i > 0 ? "," : "", i, i);
  g_string_append (json, "],\"padding\":\"");
  for (gsize i = 0; i < padding; i++)
    g_string_append_c (json, ' ');
  g_string_append (json, "\"}");

  g_output_stream_write_all (gzip, json->str, json->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (gzip, NULL, &error);
  g_assert_no_error (error);
  compressed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_string_free (json, TRUE);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (message), compressed);
}

static void
test_hostile_gzip (void)
{
  /* A compressed answer is read whole: its Content-Length is the compressed size. */
  {
    g_autoptr(Hostile) hostile = hostile_new (gzip_handler, GSIZE_TO_POINTER (200 * 1024));
    g_autoptr(PdClient) client = hostile_client_new (hostile);
    g_autoptr(GError) error = NULL;
    Collected collected = { 0, };

    error = list_expecting (client, &collected);
    g_assert_no_error (error);
    g_assert_cmpuint (collected.customers->len, ==, 3);
    collected_clear (&collected);
  }

  /* A few kB that inflate past the limit are refused like any large answer. */
  {
    g_autoptr(Hostile) hostile = hostile_new (gzip_handler,
                                              GSIZE_TO_POINTER (4 * 1024 * 1024));
    g_autoptr(PdClient) client = hostile_client_new (hostile);
    g_autoptr(GError) error = NULL;
    Collected collected = { 0, };

    pd_client_set_max_response_size (client, 1024 * 1024);
    error = list_expecting (client, &collected);
    g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
    g_assert_cmpint (pd_api_error_get_cause (error), ==, PD_API_ERROR_CAUSE_TOO_LARGE);
    collected_clear (&collected);
  }
}

/* The next link asks for a stolen Authorization, another Host and an extra header. */
static void
link_headers_handler (Hostile           *hostile,
                      SoupServerMessage *message,
                      const char        *path,
                      guint              n)
{
  g_autofree char *json = NULL;

  json = page_json (2 * n, 2, 4, n == 1 ? "t1" : NULL,
                    "{\"key\":\"Authorization\",\"value\":\"Bearer stolen\"},"
                    "{\"key\":\"Host\",\"value\":\"evil.example\"},"
                    "{\"key\":\"X-Extra\",\"value\":\"1\"}");
  pd_test_respond_json (message, 200, json);
}

static void
test_hostile_next_link_headers (void)
{
  g_autoptr(Hostile) hostile = hostile_new (link_headers_handler, NULL);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(GError) error = NULL;
  Collected collected = { 0, };

  error = list_expecting (client, &collected);
  g_assert_no_error (error);
  g_assert_cmpuint (hostile->n_requests, ==, 2);
  g_assert_cmpuint (collected.customers->len, ==, 4);
  /* Only the continuation token was taken from the link. */
  g_assert_cmpstr (g_ptr_array_index (hostile->tokens, 1), ==, "t1");
  g_assert_cmpstr (g_ptr_array_index (hostile->authorizations, 1), ==,
                   "Bearer " HOSTILE_TOKEN);
  g_assert_cmpstr (g_ptr_array_index (hostile->extra, 1), ==, "");
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
  missing = pd_test_get_customer (client, MISSING_ID, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pd_sandbox_process_stop (sandbox);
  pd_client_set_retry_policy (client, 1, 1, 1);
  missing = pd_test_get_customer (client, MISSING_ID, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_NETWORK);

  g_clear_object (&sandbox);
  g_clear_object (&client);
  pd_test_remove_dir (dir);
}

/* A profile without an etag never goes out without one: the client reads the server's
 * version, and sends against it when nothing changed since the profile was read. */
static void
test_billing_put_without_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(PdClient) fresh = pd_test_client_new (shared ());
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  mine = pd_test_get_billing (client, id, NULL);
  pd_billing_profile_set_etag (mine, NULL);
  pd_billing_profile_set_first_name (mine, "Безэтагова");

  stored = pd_test_update_billing (client, id, mine, NULL);
  g_assert_cmpstr (pd_billing_profile_get_first_name (stored), ==, "Безэтагова");

  server = pd_test_get_billing (fresh, id, NULL);
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
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(PdBillingProfile) mine = pd_test_get_billing (client, id, NULL);
  g_autoptr(PdBillingProfile) theirs = pd_test_get_billing (colleague, id, NULL);
  g_autoptr(GError) error = NULL;

  pd_billing_profile_set_etag (mine, NULL);
  error = put_after_colleague (client, colleague, colleague, id, mine, theirs, "Коллегова");
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

/* A service that gives no etag for the profile: read again, still none, so nothing is
 * sent (a PUT without If-Match would overwrite whatever is there). */
static void
no_etag_handler (Hostile           *hostile,
                 SoupServerMessage *message,
                 const char        *path,
                 guint              n)
{
  if (g_str_equal (soup_server_message_get_method (message), "PUT"))
    {
      pd_test_respond_json (message, 200, "{}");
      return;
    }
  pd_test_respond_json (message, 200,
                "{\"firstName\":\"Anna\",\"lastName\":\"Ivanova\",\"email\":\"a@example.com\","
                "\"defaultAddress\":{\"country\":\"RU\",\"city\":\"Moscow\"}}");
}

static void
test_billing_no_etag_from_server (void)
{
  g_autoptr(Hostile) hostile = hostile_new (no_etag_handler, NULL);
  g_autoptr(PdClient) client = hostile_client_new (hostile);
  g_autoptr(PdBillingProfile) profile = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  profile = pd_test_get_billing (client, "c-1", NULL);
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "");
  pd_billing_profile_set_first_name (profile, "Olga");

  stored = pd_test_update_billing (client, "c-1", profile, &error);
  g_assert_null (stored);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_cmpstr (pd_api_error_get_server_code (error), ==, PD_API_ERROR_CODE_NO_ETAG);
  /* The first read and the read again; no PUT. */
  g_assert_cmpuint (hostile->n_requests, ==, 2);
  message = pd_api_error_to_user_message (error);
  g_assert_nonnull (strstr (message, "version"));
}

/* A weak etag (W/"…") never matches If-Match, which compares strongly: the sandbox
 * refuses it as the service does, and nothing is stored. */
static void
test_billing_put_weak_etag (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autofree char *id = pd_test_find_customer_id (client, ROMASHKA);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) mine = NULL;
  g_autoptr(PdBillingProfile) stored = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autofree char *weak = NULL;
  g_autofree char *first_name = NULL;

  mine = pd_test_get_billing (client, id, NULL);
  first_name = g_strdup (pd_billing_profile_get_first_name (mine));
  weak = g_strdup_printf ("W/\"%s\"", pd_billing_profile_get_etag (mine));
  pd_billing_profile_set_etag (mine, weak);
  pd_billing_profile_set_first_name (mine, "Слабая");

  stored = pd_test_update_billing (client, id, mine, &error);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_CONFLICT);
  g_assert_cmpuint (pd_api_error_get_http_status (error), ==, 412);
  g_assert_null (stored);
  g_clear_error (&error);

  server = pd_test_get_billing (client, id, NULL);
  g_assert_cmpstr (pd_billing_profile_get_first_name (server), ==, first_name);
}

/* The base URL a user types, as the client takes it: /v1 and trailing slashes in the path
 * go (the client adds /v1 itself), a host named v1 stays. */
static void
test_base_url (void)
{
  static const struct { const char *typed; const char *base; } cases[] = {
    { "https://api.partnercenter.microsoft.com", "https://api.partnercenter.microsoft.com" },
    { "https://api.partnercenter.microsoft.com/", "https://api.partnercenter.microsoft.com" },
    { "https://api.partnercenter.microsoft.com/v1/", "https://api.partnercenter.microsoft.com" },
    { " http://127.0.0.1:8080/v1 ", "http://127.0.0.1:8080" },
    { "https://v1", "https://v1" },
    { "https://v1/", "https://v1" },
    { "https://v1/v1", "https://v1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdTokenProvider) tokens = pd_static_token_provider_new ("token");
      g_autoptr(PdClient) client = pd_client_new (cases[i].typed, tokens);

      g_assert_cmpstr (pd_client_get_base_url (client), ==, cases[i].base);
    }
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
  g_test_add_func ("/client/unit/base-url", test_base_url);

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
  g_test_add_func ("/client/errors/unreachable-names-connection",
                   test_error_unreachable_names_connection);
  g_test_add_func ("/client/faults/throttled", test_fault_throttled);
  g_test_add_func ("/client/faults/server-error-retried", test_fault_server_error_retried);
  g_test_add_func ("/client/faults/server-error-reported", test_fault_server_error_reported);
  g_test_add_func ("/client/faults/corrupt", test_fault_corrupt);
  g_test_add_func ("/client/faults/dropped", test_fault_dropped);
  g_test_add_func ("/client/hostile/next-link-cycle", test_hostile_next_link_cycle);
  g_test_add_func ("/client/hostile/next-link-endless", test_hostile_next_link_endless);
  g_test_add_func ("/client/hostile/next-link-headers", test_hostile_next_link_headers);
  g_test_add_func ("/client/hostile/page-total-count", test_hostile_page_total_count);
  g_test_add_func ("/client/hostile/redirect", test_hostile_redirect);
  g_test_add_func ("/client/hostile/stall", test_hostile_stall);
  g_test_add_func ("/client/hostile/retry-after-503", test_hostile_retry_after_503);
  g_test_add_func ("/client/hostile/too-large", test_hostile_too_large);
  g_test_add_func ("/client/hostile/gzip", test_hostile_gzip);
  g_test_add_func ("/client/sandbox/start-async", test_sandbox_start_async);
  g_test_add_func ("/client/billing/put-without-etag", test_billing_put_without_etag);
  g_test_add_func ("/client/billing/put-without-etag-changed",
                   test_billing_put_without_etag_changed);
  g_test_add_func ("/client/billing/no-etag-message", test_billing_no_etag_message);
  g_test_add_func ("/client/billing/no-etag-from-server", test_billing_no_etag_from_server);
  g_test_add_func ("/client/billing/put-weak-etag", test_billing_put_weak_etag);

  status = g_test_run ();

  g_clear_object (&shared_sandbox);
  return status;
}
