/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sandbox-audit.c: the sandbox's activity log (GET /v1/auditrecords) over raw HTTP. */

#include "config.h"

#include <sqlite3.h>

#define G_LOG_DOMAIN "test-sandbox-audit"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-test-sandbox-http.h"
#include "pd-test-util.h"

#define DEMO_USER       "demo@partnerdesk.sandbox"
#define DEMO_APP_ID     "0e3f5a9c-6b1d-4f27-8c54-3a9d7e2b1f60"
#define BILLING_OP      "update_customer_billing_profile"
#define RENAME_OP       "update_customer_partner_contract_company_name"
#define CORRELATION_ID  "96514ebe-c1b2-4865-cb46-2c2d20a2e911"
#define TEST_CLIENT_ID  "11111111-2222-3333-4444-555555555555"
#define TEST_REDIRECT   "http://127.0.0.1:9/"
#define TEST_VERIFIER   "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define TEST_CHALLENGE  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

/* ---- asking for records ---- */

/* "2026-12-02", @days from today (UTC). */
static char *
day_text (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* The filter parameter, URL-encoded: {"Field":@field,"Value":@value,"Operator":@op}. */
static char *
filter_param (const char *field,
              const char *value,
              const char *operator)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "Value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "Operator");
  json_builder_add_string_value (builder, operator);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  return g_uri_escape_string (json, NULL, FALSE);
}

/* GET /v1/auditrecords?@query (NULL: none), with X-Locale @locale unless NULL. */
static Response *
get_records (Sandbox    *sandbox,
             const char *query,
             const char *locale)
{
  g_autofree char *path = g_strconcat ("/v1/auditrecords", query != NULL ? "?" : "", query,
                                       NULL);

  return http (sandbox, TRUE, "GET", path, NULL, "X-Locale", locale != NULL ? locale : "en-US",
               NULL);
}

/* The items of a 200 page. */
static JsonArray *
items_of (Response *page)
{
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (object (page), "attributes"),
                     "objectType"), ==, "Collection");
  return json_object_get_array_member (object (page), "items");
}

static JsonObject *
item (Response *page,
      guint     index)
{
  JsonArray *items = items_of (page);

  g_assert_cmpuint (json_array_get_length (items), >, index);
  return json_array_get_object_element (items, index);
}

/* The records of @customer_id in the last 30 days, newest first. */
static Response *
customer_records (Sandbox    *sandbox,
                  const char *customer_id)
{
  g_autofree char *filter = filter_param ("CustomerId", customer_id, "equals");
  g_autofree char *query = g_strdup_printf ("filter=%s", filter);

  return get_records (sandbox, query, NULL);
}

/* A record's old or new value (a JSON string), parsed; asserts it is an object. */
static JsonNode *
value_of (JsonObject *record,
          const char *member)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  g_assert_true (json_object_has_member (record, member));
  value = json_from_string (json_object_get_string_member (record, member), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (value));

  return value;
}

static const char *
address_member (JsonNode   *value,
                const char *member)
{
  JsonObject *address = json_object_get_object_member (json_node_get_object (value),
                                                       "DefaultAddress");

  return json_object_get_string_member (address, member);
}

/* ---- the records of billing PUTs ---- */

/* Changes customer @id's city to @city with @headers' MS-CorrelationId (NULL: none);
 * asserts the 200. */
static void
put_city (Sandbox    *sandbox,
          const char *id,
          const char *city,
          const char *bearer)
{
  g_autoptr(Response) current = get_billing (sandbox, id);
  g_autofree char *path = billing_path (id);
  g_autofree char *body = NULL;
  g_autofree char *if_match = NULL;
  g_autoptr(Response) put = NULL;
  JsonObject *billing = object (current);

  json_object_set_string_member (address_of (billing), "city", city);
  body = to_json (billing);
  if_match = g_strdup_printf ("\"%s\"", etag_of (billing));
  if (bearer != NULL)
    put = http (sandbox, FALSE, "PUT", path, body, "If-Match", if_match, "Authorization", bearer,
                "MS-CorrelationId", CORRELATION_ID, NULL);
  else
    put = http (sandbox, TRUE, "PUT", path, body, "If-Match", if_match,
                "MS-CorrelationId", CORRELATION_ID, NULL);
  g_assert_cmpuint (put->status, ==, 200);
}

/* The record's shape, as the reference's sample has it. */
static void
assert_record_shape (JsonObject *record,
                     const char *customer_id,
                     const char *operation_type)
{
  g_auto(GStrv) operation_words = g_strsplit (operation_type, "_", -1);
  g_autofree char *operation = g_strjoinv ("", operation_words);
  g_autofree char *prefix = NULL;
  g_autoptr(GRegex) date = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z$",
                                        0, 0, NULL);
  const char *partner = json_object_get_string_member (record, "partnerId");
  const char *id = json_object_get_string_member (record, "id");
  g_auto(GStrv) id_parts = g_strsplit (id, "_", -1);

  g_assert_true (g_uuid_string_is_valid (partner));
  prefix = g_strdup_printf ("%s_%s_", partner, customer_id);
  g_assert_true (g_str_has_prefix (id, prefix));
  /* partner_customer_operation_ticks, the operation without its underscores. */
  g_assert_cmpuint (g_strv_length (id_parts), ==, 4);
  g_assert_cmpstr (id_parts[2], ==, operation);
  g_assert_true (strspn (id_parts[3], "0123456789") == strlen (id_parts[3]));
  g_assert_cmpstr (json_object_get_string_member (record, "customerId"), ==, customer_id);
  g_assert_cmpstr (json_object_get_string_member (record, "operationType"), ==, operation_type);
  g_assert_cmpstr (json_object_get_string_member (record, "resourceType"), ==, "customer");
  g_assert_cmpstr (json_object_get_string_member (record, "operationStatus"), ==, "succeeded");
  g_assert_true (g_regex_match (date, json_object_get_string_member (record, "operationDate"),
                                0, NULL));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (record, "customizedData")));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (record, "attributes"), "objectType"), ==,
                   "AuditRecord");
}

/* operationDate as a GDateTime; asserts it parses. */
static GDateTime *
date_of (JsonObject *record)
{
  GDateTime *date = g_date_time_new_from_iso8601 (json_object_get_string_member (record,
                                                                                 "operationDate"),
                                                  NULL);

  g_assert_nonnull (date);
  return date;
}

static void
test_billing_put (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autofree char *path = billing_path (id);
  g_autoptr(Response) before = customer_records (sandbox, id);
  gint64 seeded = json_object_get_int_member (object (before), "totalCount");
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(JsonNode) old_value = NULL;
  g_autoptr(JsonNode) new_value = NULL;
  g_autoptr(JsonNode) older_old = NULL;
  g_autoptr(JsonNode) older_new = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = NULL;
  JsonObject *newest;

  put_city (sandbox, id, "Казань", NULL);
  /* A refused PUT changes nothing, and writes no record. */
  stale = http (sandbox, TRUE, "PUT", path, "{}", "If-Match", "\"0\"", NULL);
  g_assert_cmpuint (stale->status, ==, 412);
  put_city (sandbox, id, "Самара", NULL);

  after = customer_records (sandbox, id);
  g_assert_cmpint (json_object_get_int_member (object (after), "totalCount"), ==, seeded + 2);
  newest = item (after, 0);
  assert_record_shape (newest, id, BILLING_OP);
  g_assert_cmpstr (json_object_get_string_member (newest, "userPrincipalName"), ==, DEMO_USER);
  g_assert_cmpstr (json_object_get_string_member (newest, "applicationId"), ==, DEMO_APP_ID);
  g_assert_cmpstr (json_object_get_string_member (newest, "originalCorrelationId"), ==,
                   CORRELATION_ID);
  g_assert_cmpstr (json_object_get_string_member (newest, "customerName"), ==, "ООО «Ромашка»");
  when = date_of (newest);
  g_assert_cmpint (ABS (g_date_time_difference (now, when)), <, 60 * G_USEC_PER_SEC);

  /* The whole profile before and after, in PascalCase; newest first. */
  old_value = value_of (newest, "resourceOldValue");
  new_value = value_of (newest, "resourceNewValue");
  g_assert_cmpstr (address_member (old_value, "City"), ==, "Казань");
  g_assert_cmpstr (address_member (new_value, "City"), ==, "Самара");
  g_assert_cmpstr (address_member (new_value, "PostalCode"), ==, "125009");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (new_value), "FirstName"),
                   ==, "Иван");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (new_value),
                                                  "CompanyName"), ==, "ООО «Ромашка»");
  older_old = value_of (item (after, 1), "resourceOldValue");
  older_new = value_of (item (after, 1), "resourceNewValue");
  g_assert_cmpstr (address_member (older_old, "City"), ==, "Москва");
  g_assert_cmpstr (address_member (older_new, "City"), ==, "Казань");
}

/* Signs in through the sandbox's authorize page (auto-approved) and token endpoint, as
 * the app does. Returns: "Bearer <access token>". */
static char *
sign_in_bearer (Sandbox *sandbox)
{
  g_autofree char *query = soup_form_encode ("client_id", TEST_CLIENT_ID, "response_type", "code",
                                             "redirect_uri", TEST_REDIRECT,
                                             "scope", "https://api.partnercenter.microsoft.com/"
                                                      "user_impersonation offline_access",
                                             "state", "s", "code_challenge", TEST_CHALLENGE,
                                             "code_challenge_method", "S256", NULL);
  g_autofree char *url = g_strdup_printf ("%s/organizations/oauth2/v2.0/authorize?%s",
                                          sandbox->base_url, query);
  g_autoptr(SoupMessage) authorize = soup_message_new ("GET", url);
  g_autofree char *redirect = pd_test_authorize_redirect (sandbox->session, authorize);
  g_autoptr(GUri) uri = g_uri_parse (redirect, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = soup_form_decode (g_uri_get_query (uri));
  g_autofree char *form = soup_form_encode ("grant_type", "authorization_code",
                                            "client_id", TEST_CLIENT_ID,
                                            "code", g_hash_table_lookup (params, "code"),
                                            "redirect_uri", TEST_REDIRECT,
                                            "code_verifier", TEST_VERIFIER, NULL);
  g_autofree char *token_url = g_strconcat (sandbox->base_url,
                                            "/organizations/oauth2/v2.0/token", NULL);
  g_autoptr(SoupMessage) redeem = soup_message_new_from_encoded_form ("POST", token_url,
                                                                      g_steal_pointer (&form));
  g_autoptr(Response) tokens = send_message (sandbox, redeem, g_new0 (Response, 1));

  g_assert_cmpuint (tokens->status, ==, 200);
  return g_strdup_printf ("Bearer %s",
                          json_object_get_string_member (object (tokens), "access_token"));
}

static void
test_signed_in_user (void)
{
  const char *args[] = { "--auto-approve", "--user", "Ada Lovelace <ada@fabrikam.onmicrosoft.com>",
                         NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *id = customer_id (sandbox, 2);
  g_autofree char *bearer = sign_in_bearer (sandbox);
  g_autoptr(Response) records = NULL;
  JsonObject *newest;

  put_city (sandbox, id, "Bellevue", bearer);
  records = customer_records (sandbox, id);
  newest = item (records, 0);
  assert_record_shape (newest, id, BILLING_OP);
  g_assert_cmpstr (json_object_get_string_member (newest, "userPrincipalName"), ==,
                   "ada@fabrikam.onmicrosoft.com");
  g_assert_cmpstr (json_object_get_string_member (newest, "applicationId"), ==, TEST_CLIENT_ID);
}

/* ---- the query ---- */

/* Walks every page from @query with @size records a page; asserts every record comes once,
 * newest first, totalCount the same on every page and equal to what came, and the last
 * page without a next link. Returns: (transfer full): the records. */
static GPtrArray *
walk_pages (Sandbox    *sandbox,
            const char *query,
            guint       size,
            guint      *pages)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_strdup_printf ("/v1/auditrecords?%s&size=%u", query, size);
  g_autofree char *token = NULL;
  g_autoptr(GDateTime) previous = NULL;
  gint64 total = -1;

  for (*pages = 0; path != NULL; (*pages)++)
    {
      g_autoptr(Response) page = get_list_page (sandbox, path, token);
      JsonArray *items = items_of (page);

      if (total < 0)
        total = json_object_get_int_member (object (page), "totalCount");
      g_assert_cmpint (json_object_get_int_member (object (page), "totalCount"), ==, total);
      g_assert_cmpuint (json_array_get_length (items), <=, size);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *record = json_array_get_object_element (items, i);
          g_autoptr(GDateTime) date = date_of (record);

          g_assert_true (g_hash_table_add (seen,
                                           g_strdup (json_object_get_string_member (record,
                                                                                    "id"))));
          if (previous != NULL)
            g_assert_cmpint (g_date_time_compare (date, previous), <=, 0);
          g_clear_pointer (&previous, g_date_time_unref);
          previous = g_date_time_ref (date);
          g_ptr_array_add (records, json_object_ref (record));
        }
      if (next_link (page, &path, &token) != NULL)
        g_assert_cmpuint (json_array_get_length (items), ==, size);
    }

  g_assert_cmpint (records->len, ==, total);
  return g_steal_pointer (&records);
}

static void
test_paging (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (30, NULL);
  g_autofree char *start = day_text (-29);
  g_autofree char *query = g_strdup_printf ("startDate=%s", start);
  g_autofree char *filter = filter_param ("ResourceType", "subscription", "equals");
  g_autofree char *filtered = g_strdup_printf ("startDate=%s&filter=%s", start, filter);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(Response) bad_token = NULL;
  g_autoptr(Response) bad_size = NULL;
  guint pages = 0;

  /* Each seeded customer changed its e-mail 5 to 8 days ago and a subscription 18 to 21. */
  all = walk_pages (sandbox, query, 7, &pages);
  g_assert_cmpuint (all->len, ==, 60);
  g_assert_cmpuint (pages, ==, 9);

  /* The filter holds on the next pages: the token carries the whole query. */
  subscriptions = walk_pages (sandbox, filtered, 4, &pages);
  g_assert_cmpuint (subscriptions->len, ==, 30);
  g_assert_cmpuint (pages, ==, 8);
  for (guint i = 0; i < subscriptions->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (subscriptions, i),
                                                    "resourceType"), ==, "subscription");

  bad_token = get_list_page (sandbox, "/v1/auditrecords?size=7&seekOperation=Next", "x,bm9wZQ==");
  assert_error (bad_token, 400, 800002);
  bad_size = get_records (sandbox, "size=lots", NULL);
  assert_error (bad_size, 400, 800002);
}

/* The records a filter lets through, in the default window; asserts a 200. */
static JsonArray *
filtered_items (Sandbox    *sandbox,
                const char *field,
                const char *value,
                const char *operator,
                Response  **page)
{
  g_autofree char *filter = filter_param (field, value, operator);
  g_autofree char *start = day_text (-29);
  g_autofree char *query = g_strdup_printf ("startDate=%s&filter=%s&size=500", start, filter);

  *page = get_records (sandbox, query, NULL);
  return items_of (*page);
}

static void
test_filters (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 1);
  g_autofree char *upper = g_ascii_strup (id, -1);
  g_autoptr(Response) by_id = NULL;
  g_autoptr(Response) by_upper = NULL;
  g_autoptr(Response) by_name = NULL;
  g_autoptr(Response) by_type = NULL;
  g_autoptr(Response) unknown_field = NULL;
  g_autoptr(Response) wrong_operator = NULL;
  g_autoptr(Response) not_json = NULL;
  JsonArray *items;

  items = filtered_items (sandbox, "CustomerId", id, "equals", &by_id);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "customerId"), ==, id);
  g_assert_cmpuint (json_array_get_length (filtered_items (sandbox, "customerid", upper,
                                                           "Equals", &by_upper)), ==, 2);

  /* A substring of the name, case folded (Cyrillic too). */
  items = filtered_items (sandbox, "CompanyName", "РОМАШ", "substring", &by_name);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "customerName"), ==, "ООО «Ромашка»");

  items = filtered_items (sandbox, "ResourceType", "subscription", "equals", &by_type);
  g_assert_cmpuint (json_array_get_length (items), ==, 10);

  /* Only the documented fields and operators. */
  {
    g_autofree char *field = filter_param ("Domain", "x", "equals");
    g_autofree char *operator = filter_param ("CompanyName", "x", "starts_with");
    g_autofree char *q1 = g_strdup_printf ("filter=%s", field);
    g_autofree char *q2 = g_strdup_printf ("filter=%s", operator);

    unknown_field = get_records (sandbox, q1, NULL);
    wrong_operator = get_records (sandbox, q2, NULL);
    not_json = get_records (sandbox, "filter=%7Bnope", NULL);
    assert_error (unknown_field, 400, 2000);
    assert_error (wrong_operator, 400, 2000);
    assert_error (not_json, 400, 2000);
  }
}

static void
test_date_limits (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (3, NULL);
  g_autofree char *day_89 = day_text (-89);
  g_autofree char *day_91 = day_text (-91);
  g_autofree char *day_60 = day_text (-60);
  g_autofree char *day_29 = day_text (-29);
  g_autofree char *today = day_text (0);
  g_autofree char *q_old = g_strdup_printf ("startDate=%s", day_91);
  g_autofree char *q_kept = g_strdup_printf ("startDate=%s", day_89);
  g_autofree char *q_wide = g_strdup_printf ("startDate=%s&endDate=%s", day_60, day_29);
  g_autofree char *q_month = g_strdup_printf ("startDate=%s&endDate=%s", day_29, today);
  g_autofree char *q_reversed = g_strdup_printf ("startDate=%s&endDate=%s", today, day_29);
  g_autofree char *q_time = g_strdup_printf ("startDate=%sT00:00:00Z&endDate=%sT23:59:59.5Z",
                                             day_29, today);
  g_autofree char *expected_ru = russian_catalogue_text (
    "The start date is more than 90 days ago: activity records are kept for 90 days.");
  g_autoptr(Response) too_old = get_records (sandbox, q_old, NULL);
  g_autoptr(Response) too_old_ru = get_records (sandbox, q_old, "ru-RU");
  g_autoptr(Response) kept = get_records (sandbox, q_kept, NULL);
  g_autoptr(Response) too_wide = get_records (sandbox, q_wide, NULL);
  g_autoptr(Response) month = get_records (sandbox, q_month, NULL);
  g_autoptr(Response) reversed = get_records (sandbox, q_reversed, NULL);
  g_autoptr(Response) with_time = get_records (sandbox, q_time, NULL);
  g_autoptr(Response) not_a_date = get_records (sandbox, "startDate=2026-13-01", NULL);
  g_autoptr(Response) defaults = get_records (sandbox, NULL, NULL);

  /* 90 days back at most, 30 days a request: 400 in the service's error shape. */
  assert_error (too_old, 400, 800002);
  g_assert_cmpstr (json_object_get_string_member (object (too_old), "source"), ==, "PartnerFD");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object (too_old), "data")));
  assert_error (too_wide, 400, 800002);
  assert_error (reversed, 400, 800002);
  assert_error (not_a_date, 400, 800002);
  g_assert_cmpuint (kept->status, ==, 200);
  g_assert_cmpuint (month->status, ==, 200);
  g_assert_cmpuint (with_time->status, ==, 200);

  /* Without dates: the last 30 days, as with them. */
  g_assert_cmpint (json_object_get_int_member (object (defaults), "totalCount"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (object (month), "totalCount"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (object (with_time), "totalCount"), ==, 6);
  /* 89 to 59 days ago: at least each customer's addition, 77 to 80 days ago. */
  g_assert_cmpint (json_object_get_int_member (object (kept), "totalCount"), >=, 3);

  assert_error (too_old_ru, 400, 800002);
  if (expected_ru == NULL)
    {
      g_test_skip ("po/ru.po has no Russian for the activity log's messages yet");
      return;
    }
  g_assert_cmpstr (json_object_get_string_member (object (too_old_ru), "description"), ==,
                   expected_ru);
}

/* POSTs the rename control with the admin token; @user may be NULL. */
static Response *
rename_company (Sandbox    *sandbox,
                const char *id,
                const char *name,
                const char *user)
{
  g_autofree char *url = g_strconcat (sandbox->base_url, "/sandbox/rename-company", NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", sandbox->token);
  g_autoptr(SoupMessage) msg = NULL;
  char *form = soup_form_encode ("customerId", id, "companyName", name,
                                 user != NULL ? "userPrincipalName" : NULL, user, NULL);

  msg = soup_message_new_from_encoded_form ("POST", url, form);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "MS-CorrelationId",
                                CORRELATION_ID);

  return send_message (sandbox, msg, g_new0 (Response, 1));
}

static void
test_rename_control (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  g_autofree char *id = customer_id (sandbox, 2);
  g_autoptr(Response) before = get_billing (sandbox, id);
  g_autoptr(Response) renamed = rename_company (sandbox, id, "Cascade Cloud Holdings Inc.",
                                                "maria.garcia@contoso.onmicrosoft.com");
  g_autoptr(Response) unknown = rename_company (sandbox, "nope", "X", NULL);
  g_autoptr(Response) empty = rename_company (sandbox, id, "", NULL);
  g_autoptr(Response) not_admin = http (sandbox, FALSE, "POST", "/sandbox/rename-company", "",
                                        "Authorization", "Bearer nope", NULL);
  g_autoptr(Response) after = get_billing (sandbox, id);
  g_autoptr(Response) company = NULL;
  g_autoptr(Response) records = customer_records (sandbox, id);
  g_autoptr(JsonNode) old_value = NULL;
  g_autoptr(JsonNode) new_value = NULL;
  g_autofree char *company_path = g_strdup_printf ("/v1/customers/%s/profiles/company", id);
  JsonObject *newest = item (records, 0);

  g_assert_cmpuint (renamed->status, ==, 200);
  assert_error (unknown, 404, 60003);
  assert_error (empty, 400, 800002);
  g_assert_cmpuint (not_admin->status, ==, 401);

  /* The record, newest, as the answer has it. */
  assert_record_shape (newest, id, RENAME_OP);
  g_assert_cmpstr (json_object_get_string_member (newest, "id"), ==,
                   json_object_get_string_member (object (renamed), "id"));
  g_assert_cmpstr (json_object_get_string_member (newest, "customerName"), ==,
                   "Cascade Cloud Holdings Inc.");
  g_assert_cmpstr (json_object_get_string_member (newest, "userPrincipalName"), ==,
                   "maria.garcia@contoso.onmicrosoft.com");
  g_assert_cmpstr (json_object_get_string_member (newest, "originalCorrelationId"), ==,
                   CORRELATION_ID);
  old_value = value_of (newest, "resourceOldValue");
  new_value = value_of (newest, "resourceNewValue");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (old_value),
                                                  "CompanyName"), ==,
                   "Cascade Cloud Systems Inc.");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (new_value),
                                                  "CompanyName"), ==,
                   "Cascade Cloud Holdings Inc.");

  /* The company profile and the billing profile follow, under a new etag. */
  company = http (sandbox, TRUE, "GET", company_path, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (object (company), "companyName"), ==,
                   "Cascade Cloud Holdings Inc.");
  g_assert_cmpstr (json_object_get_string_member (object (after), "companyName"), ==,
                   "Cascade Cloud Holdings Inc.");
  g_assert_cmpstr (etag_of (object (after)), !=, etag_of (object (before)));
}

/* Every seeded record of @id over the 90 days, oldest first. */
static GPtrArray *
seeded_history (Sandbox    *sandbox,
                const char *id)
{
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  g_autofree char *filter = filter_param ("CustomerId", id, "equals");

  for (int from = -89; from <= 0; from += 30)
    {
      g_autofree char *start = day_text (from);
      g_autofree char *end = day_text (MIN (from + 29, 0));
      g_autofree char *query = g_strdup_printf ("startDate=%s&endDate=%s&filter=%s", start, end,
                                                filter);
      g_autoptr(Response) page = get_records (sandbox, query, NULL);
      JsonArray *items = items_of (page);

      for (guint i = json_array_get_length (items); i > 0; i--)
        g_ptr_array_add (history, json_object_ref (json_array_get_object_element (items, i - 1)));
    }

  return g_steal_pointer (&history);
}

static void
test_seeded (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(GPtrArray) history = seeded_history (sandbox, id);
  g_autoptr(Response) billing = get_billing (sandbox, id);
  g_autoptr(JsonNode) last_new = NULL;
  g_autoptr(JsonNode) renamed_old = NULL;
  const char * const expected[] = { "add_customer", BILLING_OP, "create_order", RENAME_OP,
                                    "update_subscription", BILLING_OP };
  JsonObject *stored = object (billing);
  JsonObject *now;

  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < history->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (history, i),
                                                    "operationType"), ==, expected[i]);
  /* Orders and subscriptions carry no values. */
  g_assert_false (json_object_has_member (g_ptr_array_index (history, 2), "resourceOldValue"));
  g_assert_false (json_object_has_member (g_ptr_array_index (history, 2), "resourceNewValue"));
  g_assert_false (json_object_has_member (g_ptr_array_index (history, 0), "resourceOldValue"));

  /* The newest billing change ends at what the store holds now. */
  last_new = value_of (g_ptr_array_index (history, 5), "resourceNewValue");
  now = json_node_get_object (last_new);
  g_assert_cmpstr (json_object_get_string_member (now, "Email"), ==,
                   json_object_get_string_member (stored, "email"));
  g_assert_cmpstr (json_object_get_string_member (now, "CompanyName"), ==,
                   json_object_get_string_member (stored, "companyName"));
  g_assert_cmpstr (address_member (last_new, "PhoneNumber"), ==,
                   json_object_get_string_member (address_of (stored), "phoneNumber"));
  g_assert_cmpstr (address_member (last_new, "AddressLine2"), ==, "офис 12");
  g_assert_true (json_node_is_null (json_object_get_member (
                   json_object_get_object_member (now, "DefaultAddress"), "AddressLine3")));
  /* The rename's new name is today's, its old one another company's. */
  renamed_old = value_of (g_ptr_array_index (history, 3), "resourceOldValue");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (renamed_old),
                                                  "CompanyName"), !=, "ООО «Ромашка»");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (history, 3),
                                                  "customerName"), ==, "ООО «Ромашка»");
}

/* A demo database seeded before the activity log existed gets its seeded history when the
 * sandbox opens it, ending at what it stores now. */
static void
test_seeded_backfill (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(Response) billing = NULL;
  g_autoptr(JsonNode) last_new = NULL;
  sqlite3 *db = NULL;
  const char *keep[] = { "--seed", "10", NULL };

  sandbox_stop (sandbox);
  g_assert_cmpint (sqlite3_open (sandbox->database, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_records", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  sandbox_spawn (sandbox, keep);
  history = seeded_history (sandbox, id);
  g_assert_cmpuint (history->len, ==, 6);
  billing = get_billing (sandbox, id);
  last_new = value_of (g_ptr_array_index (history, 5), "resourceNewValue");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (last_new), "Email"), ==,
                   json_object_get_string_member (object (billing), "email"));

  /* Opened again, it adds nothing more. */
  sandbox_stop (sandbox);
  sandbox_spawn (sandbox, keep);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = seeded_history (sandbox, id);
  g_assert_cmpuint (history->len, ==, 6);
}

static void
test_no_audit (void)
{
  const char *args[] = { "--no-audit", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (3, args);
  g_autoptr(Response) refused = get_records (sandbox, NULL, NULL);
  g_autoptr(Response) customers = http (sandbox, TRUE, "GET", "/v1/customers", NULL, NULL);

  /* As the 21Vianet cloud: no such resource, in the service's error shape. */
  assert_error (refused, 404, 1000);
  g_assert_cmpuint (customers->status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  /* No GSettings schemas in the isolated directories for GIO's proxy module. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox/audit/billing-put", test_billing_put);
  g_test_add_func ("/sandbox/audit/signed-in-user", test_signed_in_user);
  g_test_add_func ("/sandbox/audit/paging", test_paging);
  g_test_add_func ("/sandbox/audit/filters", test_filters);
  g_test_add_func ("/sandbox/audit/date-limits", test_date_limits);
  g_test_add_func ("/sandbox/audit/rename-control", test_rename_control);
  g_test_add_func ("/sandbox/audit/seeded", test_seeded);
  g_test_add_func ("/sandbox/audit/seeded-backfill", test_seeded_backfill);
  g_test_add_func ("/sandbox/audit/no-audit", test_no_audit);

  return g_test_run ();
}
