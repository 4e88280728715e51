/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sandbox.c: the sandbox server over raw HTTP: auth, paging, search, writes, faults. */

#include "config.h"

#define G_LOG_DOMAIN "test-sandbox"

#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-test-sandbox-http.h"
#include "pd-test-util.h"

/* ---- tests ---- */

static void
test_auth_missing_token (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autoptr(Response) none = http (sandbox, FALSE, "GET", "/v1/customers", NULL,
                                   "MS-RequestId", "11111111-2222-3333-4444-555555555555",
                                   "MS-CorrelationId", "66666666-7777-8888-9999-000000000000",
                                   NULL);
  g_autoptr(Response) wrong = http (sandbox, FALSE, "GET", "/v1/customers", NULL,
                                    "Authorization", "Bearer nope", NULL);

  assert_error (none, 401, 800001);
  g_assert_cmpstr (soup_message_headers_get_one (none->headers, "Content-Type"), ==,
                   "application/json; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (none->headers, "MS-RequestId"), ==,
                   "11111111-2222-3333-4444-555555555555");
  g_assert_cmpstr (soup_message_headers_get_one (none->headers, "MS-CorrelationId"), ==,
                   "66666666-7777-8888-9999-000000000000");
  g_assert_cmpuint (wrong->status, ==, 401);
}

static void
test_list_paging (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (1234, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_strdup ("/v1/customers?size=500");
  g_autofree char *token = NULL;
  guint pages = 0;

  while (path != NULL)
    {
      g_autoptr(Response) page = get_list_page (sandbox, path, token);
      JsonObject *root;
      JsonObject *next;
      JsonArray *items;

      g_assert_cmpuint (page->status, ==, 200);
      root = object (page);
      g_assert_cmpint (json_object_get_int_member (root, "totalCount"), ==, 1234);
      items = json_object_get_array_member (root, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, 500);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          const char *id = json_object_get_string_member (item, "id");

          g_assert_nonnull (json_object_get_object_member (item, "companyProfile"));
          g_assert_false (json_object_has_member (item, "billingProfile"));
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }
      pages++;

      next = next_link (page, &path, &token);
      if (next != NULL)
        {
          JsonArray *headers = json_object_get_array_member (next, "headers");
          JsonObject *header = json_array_get_object_element (headers, 0);
          g_autoptr(Response) without = NULL;

          g_assert_cmpstr (json_object_get_string_member (next, "method"), ==, "GET");
          g_assert_cmpstr (path, ==, "/v1/customers?size=500&seekOperation=Next");
          g_assert_cmpstr (json_object_get_string_member (header, "key"), ==,
                           "MS-ContinuationToken");

          /* The next page cannot be had without the header. */
          without = http (sandbox, TRUE, "GET", path, NULL, NULL);
          assert_error (without, 400, 800002);
        }
    }

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1234);
}

static guint
search (Sandbox    *sandbox,
        const char *field,
        const char *value,
        gint64     *total,
        char      **first_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) filter_node = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Response) page = NULL;
  JsonArray *items;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "Value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "Operator");
  json_builder_add_string_value (builder, "starts_with");
  json_builder_end_object (builder);
  filter_node = json_builder_get_root (builder);
  filter = json_to_string (filter_node, FALSE);
  escaped = g_uri_escape_string (filter, NULL, FALSE);
  path = g_strdup_printf ("/v1/customers?size=500&filter=%s", escaped);

  page = http (sandbox, TRUE, "GET", path, NULL, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  *total = json_object_get_int_member (object (page), "totalCount");
  items = json_object_get_array_member (object (page), "items");
  if (first_name != NULL && json_array_get_length (items) > 0)
    *first_name = g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_array_get_object_element (items, 0), "companyProfile"),
      field[0] == 'D' ? "domain" : "companyName"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *profile = json_object_get_object_member (json_array_get_object_element (items, i),
                                                           "companyProfile");
      const char *name = json_object_get_string_member (profile,
                                                        field[0] == 'D' ? "domain" : "companyName");
      g_autofree char *folded_name = g_utf8_casefold (name, -1);
      g_autofree char *folded_value = g_utf8_casefold (value, -1);

      g_assert_true (g_str_has_prefix (folded_name, folded_value));
    }

  return json_array_get_length (items);
}

static void
test_list_filter (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (1234, NULL);
  g_autofree char *first = NULL;
  g_autoptr(Response) bad = NULL;
  gint64 total = 0;

  /* Lower case against the stored "ООО «Ромашка»": Cyrillic case folding. */
  g_assert_cmpuint (search (sandbox, "CompanyName", "ооо «ром", &total, &first), >, 0);
  g_assert_cmpint (total, >=, 1);
  g_assert_cmpstr (first, ==, "ООО «Ромашка»");
  g_clear_pointer (&first, g_free);

  g_assert_cmpuint (search (sandbox, "CompanyName", "深圳市腾云", &total, &first), >, 0);
  g_assert_cmpstr (first, ==, "深圳市腾云科技有限公司");
  g_clear_pointer (&first, g_free);

  g_assert_cmpuint (search (sandbox, "Domain", "ROMASHKA.", &total, NULL), ==, 1);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpuint (search (sandbox, "CompanyName", "zzzz-nothing", &total, NULL), ==, 0);
  g_assert_cmpint (total, ==, 0);

  /* A search pages like the full list: the continuation token carries the filter. */
  {
    g_autofree char *path = g_strdup ("/v1/customers?size=40&filter="
                                      "%7B%22Field%22%3A%22CompanyName%22%2C%22Value%22%3A"
                                      "%22%D0%BE%D0%BE%D0%BE%22%2C%22Operator%22%3A"
                                      "%22starts_with%22%7D");
    g_autofree char *token = NULL;
    gint64 expected = -1;
    guint seen = 0;
    guint pages = 0;

    while (path != NULL)
      {
        g_autoptr(Response) page = get_list_page (sandbox, path, token);
        JsonArray *items;

        g_assert_cmpuint (page->status, ==, 200);
        expected = json_object_get_int_member (object (page), "totalCount");
        items = json_object_get_array_member (object (page), "items");
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonObject *profile = json_object_get_object_member (
              json_array_get_object_element (items, i), "companyProfile");

            g_assert_true (g_str_has_prefix (json_object_get_string_member (profile,
                                                                            "companyName"),
                                             "ООО"));
          }
        seen += json_array_get_length (items);
        pages++;

        next_link (page, &path, &token);
      }

    g_assert_cmpint (expected, >, 40);
    g_assert_cmpuint (seen, ==, expected);
    g_assert_cmpuint (pages, ==, (expected + 39) / 40);
  }

  bad = http (sandbox, TRUE, "GET",
              "/v1/customers?filter=%7B%22Field%22%3A%22Email%22%2C%22Value%22%3A%22a%22%2C"
              "%22Operator%22%3A%22starts_with%22%7D", NULL, NULL);
  assert_error (bad, 400, 2000);
}

static void
test_customer_get (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 1);
  g_autofree char *path = g_strdup_printf ("/v1/customers/%s", id);
  g_autofree char *company_path = g_strdup_printf ("/v1/customers/%s/profiles/company", id);
  g_autoptr(Response) customer = http (sandbox, TRUE, "GET", path, NULL, NULL);
  g_autoptr(Response) company = http (sandbox, TRUE, "GET", company_path, NULL, NULL);
  g_autoptr(Response) missing = http (sandbox, TRUE, "GET", "/v1/customers/nope", NULL, NULL);
  g_autoptr(Response) nowhere = http (sandbox, TRUE, "GET", "/v1/nowhere", NULL, NULL);
  JsonObject *billing;

  g_assert_cmpuint (customer->status, ==, 200);
  billing = json_object_get_object_member (object (customer), "billingProfile");
  g_assert_nonnull (etag_of (billing));
  g_assert_cmpstr (json_object_get_string_member (address_of (billing), "country"), ==, "CN");
  g_assert_cmpstr (json_object_get_string_member (address_of (billing), "state"), ==, "GD");
  g_assert_cmpstr (json_object_get_string_member (billing, "culture"), ==, "zh-CN");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (object (customer), "companyProfile"),
                     "companyName"), ==, "深圳市腾云科技有限公司");

  g_assert_cmpuint (company->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (company), "tenantId"), ==, id);

  assert_error (missing, 404, 60003);
  assert_error (nowhere, 404, 1000);
}

static void
test_billing_put_roundtrip (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(Response) before = get_billing (sandbox, id);
  g_autoptr(Response) put = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) list = NULL;
  g_autofree char *old_etag = NULL;
  JsonObject *billing;
  JsonObject *stored;

  g_assert_cmpuint (before->status, ==, 200);
  billing = object (before);
  old_etag = g_strdup (etag_of (billing));
  json_object_set_string_member (billing, "companyName", "ООО «Ромашка Плюс»");
  json_object_set_string_member (address_of (billing), "city", "Подольск");
  json_object_set_string_member (address_of (billing), "postalCode", "142100");

  put = put_billing (sandbox, id, billing, old_etag, NULL);
  g_assert_cmpuint (put->status, ==, 200);
  g_assert_cmpstr (etag_of (object (put)), !=, old_etag);

  after = get_billing (sandbox, id);
  stored = object (after);
  g_assert_cmpstr (etag_of (stored), ==, etag_of (object (put)));
  g_assert_cmpstr (json_object_get_string_member (stored, "companyName"), ==,
                   "ООО «Ромашка Плюс»");
  g_assert_cmpstr (json_object_get_string_member (address_of (stored), "city"), ==, "Подольск");
  /* Members the app does not know survive the round trip. */
  g_assert_cmpstr (json_object_get_string_member (address_of (stored), "futureField"), ==,
                   "keep me");
  g_assert_cmpstr (json_object_get_string_member (address_of (stored), "middleName"), ==,
                   "Сергеевич");
  g_assert_cmpstr (json_object_get_string_member (address_of (stored), "district"), ==,
                   "Тверской");

  /* The company name shows in the list too. */
  list = http (sandbox, TRUE, "GET", "/v1/customers?size=1", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (json_object_get_array_member (object (list),
                                                                                  "items"), 0),
                     "companyProfile"), "companyName"), ==, "ООО «Ромашка Плюс»");
}

static void
test_billing_put_pascal_case (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 2);
  g_autoptr(Response) before = get_billing (sandbox, id);
  g_autofree char *path = billing_path (id);
  g_autofree char *body = NULL;
  g_autofree char *if_match = NULL;
  g_autoptr(Response) put = NULL;
  g_autoptr(Response) after = NULL;
  JsonObject *billing = object (before);
  JsonObject *address = address_of (billing);

  /* The docs' sample body: PascalCase names, unquoted etag, nulls. */
  body = g_strdup_printf ("{\"Id\":\"x\",\"FirstName\":\"Emily\",\"LastName\":\"Johnson\","
                          "\"Email\":\"emily@example.com\",\"Culture\":\"en-US\","
                          "\"Language\":\"en\",\"CompanyName\":\"Cascade Cloud Systems Inc.\","
                          "\"DefaultAddress\":{\"Country\":\"US\",\"Region\":null,"
                          "\"City\":\"Redmond\",\"State\":\"WA\","
                          "\"AddressLine1\":\"One Microsoft Way\",\"AddressLine2\":null,"
                          "\"PostalCode\":\"98052\",\"FirstName\":\"Emily\","
                          "\"LastName\":\"Johnson\",\"PhoneNumber\":\"4255555555\"},"
                          "\"Attributes\":{\"Etag\":\"%s\","
                          "\"ObjectType\":\"CustomerBillingProfile\"}}", etag_of (billing));
  if_match = g_strdup (etag_of (billing));
  g_assert_nonnull (address);
  put = http (sandbox, TRUE, "PUT", path, body, "If-Match", if_match, NULL);
  g_assert_cmpuint (put->status, ==, 200);

  after = get_billing (sandbox, id);
  g_assert_cmpstr (json_object_get_string_member (object (after), "email"), ==,
                   "emily@example.com");
  g_assert_cmpstr (json_object_get_string_member (address_of (object (after)), "addressLine1"),
                   ==, "One Microsoft Way");
  /* A full replace: what the PUT left out (null) is gone; the id stays the server's. */
  g_assert_false (json_object_has_member (address_of (object (after)), "addressLine2"));
  g_assert_cmpstr (json_object_get_string_member (object (after), "id"), ==,
                   json_object_get_string_member (billing, "id"));
}

static void
test_billing_put_stale_etag (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(Response) first = get_billing (sandbox, id);
  g_autoptr(Response) colleague = NULL;
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *path = billing_path (id);
  g_autofree char *body = NULL;
  g_autofree char *old_etag = g_strdup (etag_of (object (first)));
  g_autofree char *colleague_etag = NULL;
  JsonObject *billing = object (first);

  /* A colleague writes first. */
  json_object_set_string_member (billing, "firstName", "Пётр");
  colleague = put_billing (sandbox, id, billing, old_etag, NULL);
  g_assert_cmpuint (colleague->status, ==, 200);
  colleague_etag = g_strdup (etag_of (object (colleague)));

  /* We write with the etag we read before: refused, nothing changed. */
  json_object_set_string_member (billing, "firstName", "Павел");
  stale = put_billing (sandbox, id, billing, old_etag, NULL);
  assert_error (stale, 412, 2055);

  body = to_json (billing);
  missing = http (sandbox, TRUE, "PUT", path, body, NULL);
  assert_error (missing, 412, 2055);

  after = get_billing (sandbox, id);
  g_assert_cmpstr (json_object_get_string_member (object (after), "firstName"), ==, "Пётр");
  g_assert_cmpstr (etag_of (object (after)), ==, colleague_etag);
}

static void
test_billing_put_invalid (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(Response) first = get_billing (sandbox, id);
  g_autoptr(Response) postal = NULL;
  g_autoptr(Response) phone = NULL;
  g_autoptr(Response) culture = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *etag = g_strdup (etag_of (object (first)));
  JsonObject *billing = object (first);
  const char *description;

  json_object_set_string_member (address_of (billing), "postalCode", "12-34");
  postal = put_billing (sandbox, id, billing, etag, NULL);
  assert_error (postal, 400, 3000);
  description = json_object_get_string_member (object (postal), "description");
  g_assert_nonnull (strstr (description, "postalCode"));

  json_object_set_string_member (address_of (billing), "postalCode", "125009");
  json_object_remove_member (address_of (billing), "phoneNumber");
  phone = put_billing (sandbox, id, billing, etag, NULL);
  assert_error (phone, 400, 600051);
  g_assert_nonnull (strstr (json_object_get_string_member (object (phone), "description"),
                            "phoneNumber"));

  json_object_set_string_member (address_of (billing), "phoneNumber", "+7 495 000-00-00");
  json_object_set_string_member (billing, "culture", "zh-CN");
  culture = put_billing (sandbox, id, billing, etag, NULL);
  assert_error (culture, 400, 3000);

  after = get_billing (sandbox, id);
  g_assert_cmpstr (etag_of (object (after)), ==, etag);
  g_assert_cmpstr (json_object_get_string_member (address_of (object (after)), "phoneNumber"),
                   ==, "+7 495 123-45-67");
}

/* Every seeded profile passes the sandbox's own rules: PUT unchanged gives 200. */
static void
test_billing_seed_valid (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (300, NULL);
  g_autoptr(Response) list = http (sandbox, TRUE, "GET", "/v1/customers?size=300", NULL, NULL);
  JsonArray *items = json_object_get_array_member (object (list), "items");
  g_autoptr(GHashTable) countries = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (json_array_get_length (items), ==, 300);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "id");
      g_autoptr(Response) billing = get_billing (sandbox, id);
      g_autoptr(Response) put = NULL;
      g_autofree char *etag = g_strdup (etag_of (object (billing)));

      g_hash_table_add (countries,
                        (gpointer) g_intern_string (json_object_get_string_member (
                          address_of (object (billing)), "country")));
      put = put_billing (sandbox, id, object (billing), etag, NULL);
      if (put->status != 200)
        g_test_message ("%s: %s", id, (const char *) g_bytes_get_data (put->body, NULL));
      g_assert_cmpuint (put->status, ==, 200);
    }

  /* The mix the demo promises. */
  g_assert_true (g_hash_table_contains (countries, "CN"));
  g_assert_true (g_hash_table_contains (countries, "RU"));
  g_assert_true (g_hash_table_contains (countries, "KZ"));
  g_assert_true (g_hash_table_contains (countries, "DE"));
  g_assert_true (g_hash_table_contains (countries, "US"));
  g_assert_true (g_hash_table_contains (countries, "GB"));
}

/* The same --seed gives the same customers, ids included. */
static void
test_seed_deterministic (void)
{
  g_autoptr(Sandbox) first = sandbox_start (50, NULL);
  g_autoptr(Sandbox) second = sandbox_start (50, NULL);
  g_autoptr(Response) a = http (first, TRUE, "GET", "/v1/customers?size=50", NULL, NULL);
  g_autoptr(Response) b = http (second, TRUE, "GET", "/v1/customers?size=50", NULL, NULL);

  g_assert_cmpuint (a->status, ==, 200);
  g_assert_cmpuint (b->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (a->body, NULL), g_bytes_get_size (a->body),
                   g_bytes_get_data (b->body, NULL), g_bytes_get_size (b->body));
}

static void
test_locale_russian (void)
{
  g_autofree char *expected = russian_catalogue_text ("The authorization token is missing.");

  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autoptr(Response) ru = http (sandbox, FALSE, "GET", "/v1/customers", NULL,
                                 "X-Locale", "ru-RU", NULL);
  g_autoptr(Response) en = http (sandbox, FALSE, "GET", "/v1/customers", NULL,
                                 "X-Locale", "en-US", NULL);
  g_autoptr(Response) missing = http (sandbox, TRUE, "GET", "/v1/customers/nope", NULL,
                                      "X-Locale", "ru-RU", NULL);

  assert_error (ru, 401, 800001);
  assert_error (en, 401, 800001);
  g_assert_cmpstr (json_object_get_string_member (object (en), "description"), ==,
                   "The authorization token is missing.");
  if (expected == NULL)
    {
      g_test_skip ("po/ru.po has no Russian for the sandbox's messages yet");
      return;
    }
  g_assert_cmpstr (json_object_get_string_member (object (ru), "description"), ==, expected);
  g_assert_true (has_cyrillic (json_object_get_string_member (object (ru), "description")));
  g_assert_false (has_cyrillic (json_object_get_string_member (object (en), "description")));
  g_assert_true (has_cyrillic (json_object_get_string_member (object (missing), "description")));
}

static void
test_durability_restart (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 2);
  g_autoptr(Response) first = get_billing (sandbox, id);
  g_autoptr(Response) put = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *etag = g_strdup (etag_of (object (first)));
  g_autofree char *new_etag = NULL;
  const char *keep_token[] = { "--token", "restart-token", "--seed", "50", NULL };

  json_object_set_string_member (address_of (object (first)), "addressLine1", "2 Durable Way");
  put = put_billing (sandbox, id, object (first), etag, NULL);
  g_assert_cmpuint (put->status, ==, 200);
  new_etag = g_strdup (etag_of (object (put)));

  /* Stop right after the 200 and start again on the same file. */
  sandbox_stop (sandbox);
  sandbox_spawn (sandbox, keep_token);
  g_assert_cmpstr (sandbox->token, ==, "restart-token");

  after = get_billing (sandbox, id);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (address_of (object (after)), "addressLine1"),
                   ==, "2 Durable Way");
  g_assert_cmpstr (etag_of (object (after)), ==, new_etag);

  /* Not seeded a second time. */
  {
    g_autoptr(Response) list = http (sandbox, TRUE, "GET", "/v1/customers?size=1", NULL, NULL);

    g_assert_cmpint (json_object_get_int_member (object (list), "totalCount"), ==, 10);
  }
}

static void
test_faults_throttle (void)
{
  const char *extra[] = { "--throttle-rate", "1", "--fault-seed", "1", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (10, extra);
  g_autoptr(Response) throttled = http (sandbox, TRUE, "GET", "/v1/customers", NULL, NULL);
  g_autoptr(Response) exempt = http (sandbox, TRUE, "GET", "/v1/customers", NULL,
                                     "X-Sandbox-No-Faults", "1", NULL);
  JsonObject *body;

  g_assert_cmpuint (throttled->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (throttled->headers, "Retry-After"), ==, "1");
  body = object (throttled);
  g_assert_cmpint (json_object_get_int_member (body, "statusCode"), ==, 429);
  g_assert_nonnull (json_object_get_string_member (body, "message"));

  g_assert_cmpuint (exempt->status, ==, 200);
}

static void
test_faults_fail_drop_corrupt (void)
{
  const char *fail_args[] = { "--fail-rate", "1", NULL };
  const char *drop_args[] = { "--drop-rate", "1", NULL };
  const char *corrupt_args[] = { "--corrupt-rate", "1", "--latency-ms", "50", NULL };
  g_autoptr(Sandbox) fail = sandbox_start (10, fail_args);
  g_autoptr(Sandbox) drop = sandbox_start (10, drop_args);
  g_autoptr(Sandbox) corrupt = sandbox_start (10, corrupt_args);
  g_autoptr(Response) failed = http (fail, TRUE, "GET", "/v1/customers", NULL, NULL);
  g_autoptr(Response) dropped = http (drop, TRUE, "GET", "/v1/customers", NULL, NULL);
  g_autoptr(Response) dropped_exempt = http (drop, TRUE, "GET", "/v1/customers", NULL,
                                             "X-Sandbox-No-Faults", "1", NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Response) corrupted = http (corrupt, TRUE, "GET", "/v1/customers", NULL, NULL);

  g_assert_cmpint (g_get_monotonic_time () - start, >=, 50 * 1000);
  assert_error (failed, 503, 503);
  g_assert_nonnull (dropped->error);
  g_assert_cmpuint (dropped_exempt->status, ==, 200);
  g_assert_cmpuint (corrupted->status, ==, 200);
  g_assert_null (corrupted->json);
}

static void
test_country_rules (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  const char *known[] = { "CN", "RU", "KZ", "US", "GB", "DE", "FR", "us" };
  g_autoptr(Response) missing = http (sandbox, TRUE, "GET", "/v1/countryvalidationrules/XX",
                                      NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/countryvalidationrules/%s", known[i]);
      g_autoptr(Response) rules = http (sandbox, TRUE, "GET", path, NULL, NULL);
      g_autofree char *upper = g_ascii_strup (known[i], -1);
      JsonObject *root;

      g_assert_cmpuint (rules->status, ==, 200);
      root = object (rules);
      g_assert_cmpstr (json_object_get_string_member (root, "iso2Code"), ==, upper);
      g_assert_true (json_object_has_member (root, "supportedCultures"));
      g_assert_true (json_object_has_member (root, "countryCallingCodes"));

      if (strcmp (upper, "CN") == 0 || strcmp (upper, "US") == 0)
        {
          JsonArray *states = json_object_get_array_member (
            json_object_get_object_member (root, "states"), "value");
          const char *wanted = upper[0] == 'C' ? "GD" : "WA";
          gboolean found = FALSE;

          g_assert_true (json_object_get_boolean_member (root, "isStateRequired"));
          for (guint j = 0; j < json_array_get_length (states); j++)
            found |= strcmp (json_array_get_string_element (states, j), wanted) == 0;
          g_assert_true (found);
        }
    }

  assert_error (missing, 404, 1000);
}

static void
test_address_validation (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autoptr(Response) messy = http (sandbox, TRUE, "POST", "/v1/validations/address",
                                    "{\"AddressLine1\":\"1  Microsoft Way\",\"City\":\"REDMOND\","
                                    "\"State\":\"wa\",\"PostalCode\":\"98052\",\"Country\":\"US\"}",
                                    NULL);
  g_autoptr(Response) clean = http (sandbox, TRUE, "POST", "/v1/validations/address",
                                    "{\"addressLine1\":\"ул. Тверская, д. 7\",\"city\":\"Москва\","
                                    "\"postalCode\":\"125009\",\"country\":\"RU\"}", NULL);
  g_autoptr(Response) broken = http (sandbox, TRUE, "POST", "/v1/validations/address",
                                     "{\"AddressLine1\":\"1 Main St\",\"City\":\"Austin\","
                                     "\"State\":\"ZZ\",\"PostalCode\":\"787\",\"Country\":\"US\"}",
                                     NULL);
  JsonObject *suggestion;

  g_assert_cmpuint (messy->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (messy), "status"), ==, "StreetPartial");
  suggestion = json_array_get_object_element (
    json_object_get_array_member (object (messy), "suggestedAddresses"), 0);
  g_assert_cmpstr (json_object_get_string_member (suggestion, "city"), ==, "Redmond");
  g_assert_cmpstr (json_object_get_string_member (suggestion, "state"), ==, "WA");
  g_assert_cmpstr (json_object_get_string_member (suggestion, "addressLine1"), ==,
                   "1 Microsoft Way");
  g_assert_true (g_regex_match_simple ("^98052-\\d{4}$",
                                       json_object_get_string_member (suggestion, "postalCode"),
                                       0, 0));

  g_assert_cmpuint (clean->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (clean), "status"), ==,
                   "VerifiedShippable");

  g_assert_cmpuint (broken->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object (broken), "status"), ==,
                   "InteractionRequired");
  g_assert_nonnull (strstr (json_object_get_string_member (object (broken), "validationMessage"),
                            "PostalCode"));
}

/* ---- identity service ---- */

#define TEST_CLIENT_ID  "11111111-2222-3333-4444-555555555555"
#define TEST_REDIRECT   "http://127.0.0.1:9/"
#define TEST_SCOPE      "https://api.partnercenter.microsoft.com/user_impersonation " \
                        "offline_access openid profile"
#define TEST_VERIFIER   "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
/* RFC 7636, appendix B: the S256 challenge of TEST_VERIFIER. */
#define TEST_CHALLENGE  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
#define DEVICE_GRANT    "urn:ietf:params:oauth:grant-type:device_code"

/* GET @path_and_query without following redirects; @accept_language may be NULL. */
static Response *
get_page (Sandbox    *sandbox,
          const char *path_and_query,
          const char *accept_language)
{
  g_autofree char *url = g_strconcat (sandbox->base_url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                  accept_language);

  return send_message (sandbox, msg, g_new0 (Response, 1));
}

/* POSTs @body, a form already encoded (it may hold what soup_form_encode() would never
 * write), to @path without following redirects; with X-Locale @locale unless NULL. */
static Response *
post_encoded_form (Sandbox    *sandbox,
                   const char *path,
                   const char *body,
                   const char *locale)
{
  g_autofree char *url = g_strconcat (sandbox->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (locale != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "X-Locale", locale);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);

  return send_message (sandbox, msg, g_new0 (Response, 1));
}

/* POSTs a form (name/value pairs, NULL-ended) to @path, without following redirects. */
static Response *
post_form (Sandbox    *sandbox,
           const char *path,
           ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, path);
  body = soup_form_encode_valist (va_arg (args, const char *), args);
  va_end (args);

  return post_encoded_form (sandbox, path, body, NULL);
}

/* POSTs to a test control (/sandbox/…) with the admin token, as a test harness would. */
static Response *
post_control (Sandbox    *sandbox,
              const char *path)
{
  return http (sandbox, TRUE, "POST", path, "", NULL);
}

static const char *
body_text (Response *response)
{
  gsize len;
  const char *data;

  g_assert_nonnull (response->body);
  data = g_bytes_get_data (response->body, &len);
  /* GBytes from libsoup are not NUL-terminated; keep a terminated copy in the response. */
  if (len == 0 || data[len - 1] != '\0')
    {
      GByteArray *array = g_bytes_unref_to_array (response->body);

      g_byte_array_append (array, (const guint8 *) "", 1);
      response->body = g_byte_array_free_to_bytes (array);
    }

  return g_bytes_get_data (response->body, NULL);
}

/* The redirect's query parameters (the Location must go to @redirect_uri). */
static GHashTable *
redirect_params (Response   *response,
                 const char *redirect_uri)
{
  const char *location;
  g_autoptr(GUri) uri = NULL;

  g_assert_cmpuint (response->status, ==, 302);
  location = soup_message_headers_get_one (response->headers, "Location");
  g_assert_nonnull (location);
  g_assert_true (g_str_has_prefix (location, redirect_uri));
  uri = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert_nonnull (uri);
  g_assert_nonnull (g_uri_get_query (uri));

  return soup_form_decode (g_uri_get_query (uri));
}

static char *
authorize_query (const char *client_id,
                 const char *login_hint)
{
  g_autofree char *query = NULL;

  query = soup_form_encode ("client_id", client_id, "response_type", "code",
                            "redirect_uri", TEST_REDIRECT, "scope", TEST_SCOPE,
                            "state", "state-42", "code_challenge", TEST_CHALLENGE,
                            "code_challenge_method", "S256",
                            login_hint != NULL ? "login_hint" : NULL, login_hint, NULL);

  return g_strdup_printf ("/organizations/oauth2/v2.0/authorize?%s", query);
}

/* Auto-approved authorize: returns the code. */
static char *
authorize_code (Sandbox *sandbox)
{
  g_autofree char *path = authorize_query (TEST_CLIENT_ID, NULL);
  g_autoptr(Response) response = get_page (sandbox, path, NULL);
  g_autoptr(GHashTable) params = redirect_params (response, TEST_REDIRECT);

  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "state-42");
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  return g_strdup (g_hash_table_lookup (params, "code"));
}

static Response *
redeem_code (Sandbox    *sandbox,
             const char *code,
             const char *verifier)
{
  return post_form (sandbox, "/organizations/oauth2/v2.0/token",
                    "grant_type", "authorization_code", "client_id", TEST_CLIENT_ID,
                    "code", code, "redirect_uri", TEST_REDIRECT, "code_verifier", verifier,
                    "scope", TEST_SCOPE, NULL);
}

static void
assert_oauth_error (Response   *response,
                    const char *error,
                    gint64      aadsts)
{
  JsonObject *body = object (response);
  g_autofree char *prefix = g_strdup_printf ("AADSTS%" G_GINT64_FORMAT ":", aadsts);

  g_assert_cmpuint (response->status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (body, "error"), ==, error);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "error_description"),
                                   prefix));
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (body,
                                                                             "error_codes"), 0),
                   ==, aadsts);
  g_assert_true (json_object_has_member (body, "trace_id"));
  g_assert_true (json_object_has_member (body, "correlation_id"));
  g_assert_true (json_object_has_member (body, "timestamp"));
}

/* Checks a token answer; returns its access token, and its refresh token in @refresh. */
static char *
assert_tokens (Response  *response,
               char     **refresh)
{
  JsonObject *body = object (response);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (body, "expires_in"), >, 0);
  g_assert_cmpint (json_object_get_int_member (body, "ext_expires_in"), >, 0);
  g_assert_nonnull (json_object_get_string_member (body, "scope"));
  g_assert_nonnull (json_object_get_string_member (body, "id_token"));
  g_assert_cmpstr (json_object_get_string_member (body, "access_token"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (body, "refresh_token"), !=, "");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==,
                   "no-store");
  if (refresh != NULL)
    *refresh = g_strdup (json_object_get_string_member (body, "refresh_token"));

  return g_strdup (json_object_get_string_member (body, "access_token"));
}

/* Signs in as the app does (the authorize page auto-approves, the code is redeemed with
 * the verifier); asserts the token answer. Returns its access token, and its refresh
 * token in @refresh when not NULL. */
static char *
sign_in (Sandbox  *sandbox,
         char    **refresh)
{
  g_autofree char *code = authorize_code (sandbox);
  g_autoptr(Response) tokens = redeem_code (sandbox, code, TEST_VERIFIER);

  return assert_tokens (tokens, refresh);
}

/* The refresh-token grant for @client_id, asking for @scope unless it is NULL. */
static Response *
refresh_grant (Sandbox    *sandbox,
               const char *client_id,
               const char *refresh_token,
               const char *scope)
{
  /* A NULL name ends the form: without a scope, "scope" is not sent at all. */
  return post_form (sandbox, "/organizations/oauth2/v2.0/token",
                    "grant_type", "refresh_token", "client_id", client_id,
                    "refresh_token", refresh_token, scope != NULL ? "scope" : NULL, scope,
                    NULL);
}

/* The claims of an unsigned JWT. */
static JsonNode *
jwt_claims (const char *jwt)
{
  g_auto(GStrv) parts = g_strsplit (jwt, ".", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *header = NULL;
  g_autofree guchar *payload = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      GString *text = g_string_new (parts[i]);

      g_string_replace (text, "-", "+", 0);
      g_string_replace (text, "_", "/", 0);
      while (text->len % 4 != 0)
        g_string_append_c (text, '=');
      g_free (parts[i]);
      parts[i] = g_string_free (text, FALSE);
    }
  header = g_base64_decode (parts[0], &len);
  g_assert_true (json_parser_load_from_data (parser, (const char *) header, len, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                                                    json_parser_get_root (parser)), "alg"),
                   ==, "none");
  payload = g_base64_decode (parts[1], &len);
  g_assert_true (json_parser_load_from_data (parser, (const char *) payload, len, &error));
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static Response *
get_customers_with (Sandbox    *sandbox,
                    const char *access_token)
{
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", access_token);

  return http (sandbox, FALSE, "GET", "/v1/customers?size=1", NULL,
               "Authorization", bearer, "X-Locale", "en-US", NULL);
}

static void
test_identity_authorization_code (void)
{
  const char *args[] = { "--auto-approve", "--client-id", TEST_CLIENT_ID,
                         "--user", "Ada Lovelace <ada@fabrikam.onmicrosoft.com>", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *code = authorize_code (sandbox);
  g_autofree char *code2 = authorize_code (sandbox);
  g_autoptr(Response) wrong = redeem_code (sandbox, code, "not-the-verifier-0123456789-0123456789");
  g_autoptr(Response) again = redeem_code (sandbox, code, TEST_VERIFIER);
  g_autoptr(Response) right = redeem_code (sandbox, code2, TEST_VERIFIER);
  g_autoptr(Response) reused = redeem_code (sandbox, code2, TEST_VERIFIER);
  g_autoptr(Response) api = NULL;
  g_autoptr(Response) stranger = NULL;
  g_autoptr(JsonNode) claims = NULL;
  g_autofree char *access_token = NULL;
  JsonObject *id;

  assert_oauth_error (wrong, "invalid_grant", 501481);
  /* One redemption per code, even a failed one. */
  assert_oauth_error (again, "invalid_grant", 70000);
  access_token = assert_tokens (right, NULL);
  assert_oauth_error (reused, "invalid_grant", 70000);

  claims = jwt_claims (json_object_get_string_member (object (right), "id_token"));
  id = json_node_get_object (claims);
  g_assert_cmpstr (json_object_get_string_member (id, "name"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (id, "preferred_username"), ==,
                   "ada@fabrikam.onmicrosoft.com");
  g_assert_cmpstr (json_object_get_string_member (id, "aud"), ==, TEST_CLIENT_ID);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (id, "iss"), sandbox->base_url));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (id, "oid")));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (id, "tid")));
  g_assert_cmpint (json_object_get_int_member (id, "exp"), >,
                   json_object_get_int_member (id, "iat"));

  /* The API takes the issued token as well as the static one. */
  api = get_customers_with (sandbox, access_token);
  g_assert_cmpuint (api->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object (api), "totalCount"), ==, 5);
  stranger = get_customers_with (sandbox, "sandbox-at-never-issued");
  assert_error (stranger, 401, 400);
}

static void
test_identity_refresh_rotation (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) replay = NULL;
  g_autoptr(Response) other_app = NULL;
  g_autoptr(Response) api = NULL;
  g_autofree char *refresh1 = NULL;
  g_autofree char *refresh2 = NULL;
  g_autofree char *access1 = sign_in (sandbox, &refresh1);
  g_autofree char *access2 = NULL;

  second = refresh_grant (sandbox, TEST_CLIENT_ID, refresh1, TEST_SCOPE);
  access2 = assert_tokens (second, &refresh2);
  g_assert_cmpstr (refresh2, !=, refresh1);
  g_assert_cmpstr (access2, !=, access1);

  /* Rotation: the used refresh token is spent. */
  replay = refresh_grant (sandbox, TEST_CLIENT_ID, refresh1, NULL);
  assert_oauth_error (replay, "invalid_grant", 70000);
  other_app = refresh_grant (sandbox, "another-app", refresh2, NULL);
  assert_oauth_error (other_app, "invalid_grant", 70000);

  api = get_customers_with (sandbox, access2);
  g_assert_cmpuint (api->status, ==, 200);
}

static Response *
request_device_code (Sandbox    *sandbox,
                     const char *client_id)
{
  return post_form (sandbox, "/organizations/oauth2/v2.0/devicecode",
                    "client_id", client_id, "scope", TEST_SCOPE, NULL);
}

static Response *
poll_device (Sandbox    *sandbox,
             const char *device_code)
{
  return post_form (sandbox, "/organizations/oauth2/v2.0/token",
                    "grant_type", DEVICE_GRANT, "client_id", TEST_CLIENT_ID,
                    "device_code", device_code, NULL);
}

static void
test_identity_device_code (void)
{
  const char *args[] = { "--auto-approve", "--device-interval", "1", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) start = request_device_code (sandbox, TEST_CLIENT_ID);
  g_autoptr(Response) pending = NULL;
  g_autoptr(Response) too_fast = NULL;
  g_autoptr(Response) done = NULL;
  g_autoptr(Response) api = NULL;
  g_autofree char *verification_uri = g_strdup_printf ("%s/devicelogin", sandbox->base_url);
  g_autofree char *access_token = NULL;
  JsonObject *body;
  const char *user_code;

  g_assert_cmpuint (start->status, ==, 200);
  body = object (start);
  user_code = json_object_get_string_member (body, "user_code");
  g_assert_true (g_regex_match_simple ("^[A-Z]{4}-[A-Z]{4}$", user_code, 0, 0));
  g_assert_cmpstr (json_object_get_string_member (body, "verification_uri"), ==, verification_uri);
  g_assert_cmpint (json_object_get_int_member (body, "expires_in"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (body, "interval"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (body, "message"), user_code));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "message"), verification_uri));

  pending = poll_device (sandbox, json_object_get_string_member (body, "device_code"));
  assert_oauth_error (pending, "authorization_pending", 70016);
  too_fast = poll_device (sandbox, json_object_get_string_member (body, "device_code"));
  g_assert_cmpstr (json_object_get_string_member (object (too_fast), "error"), ==, "slow_down");
  g_usleep (1100 * 1000);
  done = poll_device (sandbox, json_object_get_string_member (body, "device_code"));
  access_token = assert_tokens (done, NULL);
  api = get_customers_with (sandbox, access_token);
  g_assert_cmpuint (api->status, ==, 200);
}

static void
test_identity_device_page (void)
{
  const char *args[] = { "--device-interval", "1", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) declined_start = request_device_code (sandbox, TEST_CLIENT_ID);
  g_autoptr(Response) approved_start = request_device_code (sandbox, TEST_CLIENT_ID);
  g_autoptr(Response) page = get_page (sandbox, "/devicelogin", "en-US,en;q=0.8");
  g_autoptr(Response) pending = NULL;
  g_autoptr(Response) decline = NULL;
  g_autoptr(Response) declined = NULL;
  g_autoptr(Response) approve = NULL;
  g_autoptr(Response) approved = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *access_token = NULL;
  const char *declined_code = json_object_get_string_member (object (declined_start),
                                                             "device_code");
  const char *approved_code = json_object_get_string_member (object (approved_start),
                                                             "device_code");

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (page->headers, "Content-Type"),
                                   "text/html"));
  g_assert_nonnull (strstr (body_text (page), "<form method=\"post\" action=\"/devicelogin\">"));

  /* Without --auto-approve nothing happens until someone uses the page. */
  pending = poll_device (sandbox, declined_code);
  assert_oauth_error (pending, "authorization_pending", 70016);

  decline = post_form (sandbox, "/devicelogin",
                       "code", json_object_get_string_member (object (declined_start),
                                                              "user_code"),
                       "action", "decline", NULL);
  g_assert_cmpuint (decline->status, ==, 200);
  g_usleep (1100 * 1000);
  declined = poll_device (sandbox, declined_code);
  assert_oauth_error (declined, "access_denied", 65004);

  /* People type codes loosely: lower case, no dash. */
  lower = g_ascii_strdown (json_object_get_string_member (object (approved_start), "user_code"),
                           -1);
  lower[4] = ' ';
  approve = post_form (sandbox, "/devicelogin", "code", lower, "action", "approve", NULL);
  g_assert_cmpuint (approve->status, ==, 200);
  g_assert_nonnull (strstr (body_text (approve), "admin@contoso.onmicrosoft.com"));
  approved = poll_device (sandbox, approved_code);
  access_token = assert_tokens (approved, NULL);

  /* A used code is gone; the page says so and escapes what was typed. */
  unknown = post_form (sandbox, "/devicelogin", "code", "<b>BAD</b>", "action", "approve", NULL);
  g_assert_cmpuint (unknown->status, ==, 400);
  g_assert_null (strstr (body_text (unknown), "<b>BAD"));
  g_assert_nonnull (strstr (body_text (unknown), "&lt;b&gt;BAD"));
}

static void
test_identity_device_expiry (void)
{
  const char *args[] = { "--auto-approve", "--device-interval", "1", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) start = request_device_code (sandbox, TEST_CLIENT_ID);
  g_autoptr(Response) expire = post_control (sandbox, "/sandbox/expire");
  g_autoptr(Response) poll = NULL;

  g_assert_cmpuint (expire->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object (expire), "expiredDeviceCodes"), ==, 1);
  poll = poll_device (sandbox, json_object_get_string_member (object (start), "device_code"));
  assert_oauth_error (poll, "expired_token", 70019);
}

static void
test_identity_token_expiry (void)
{
  const char *args[] = { "--auto-approve", "--token-lifetime", "1", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *code = authorize_code (sandbox);
  g_autofree char *code2 = authorize_code (sandbox);
  g_autoptr(Response) tokens = redeem_code (sandbox, code, TEST_VERIFIER);
  g_autoptr(Response) tokens2 = redeem_code (sandbox, code2, TEST_VERIFIER);
  g_autoptr(Response) fresh = NULL;
  g_autoptr(Response) lapsed = NULL;
  g_autoptr(Response) expire = NULL;
  g_autoptr(Response) expired = NULL;
  g_autoptr(Response) static_token = NULL;
  g_autofree char *access_token = assert_tokens (tokens, NULL);
  g_autofree char *access_token2 = assert_tokens (tokens2, NULL);

  g_assert_cmpint (json_object_get_int_member (object (tokens), "expires_in"), ==, 1);
  fresh = get_customers_with (sandbox, access_token);
  g_assert_cmpuint (fresh->status, ==, 200);

  /* --token-lifetime runs out… */
  g_usleep (1100 * 1000);
  lapsed = get_customers_with (sandbox, access_token);
  assert_error (lapsed, 401, 401);
  g_assert_cmpstr (json_object_get_string_member (object (lapsed), "description"), ==,
                   "The access token has expired.");
  g_assert_nonnull (soup_message_headers_get_one (lapsed->headers, "WWW-Authenticate"));

  /* …and /sandbox/expire ends them at once; the static --token is not affected. */
  expire = post_control (sandbox, "/sandbox/expire");
  g_assert_cmpuint (expire->status, ==, 200);
  expired = get_customers_with (sandbox, access_token2);
  assert_error (expired, 401, 401);
  static_token = http (sandbox, TRUE, "GET", "/v1/customers?size=1", NULL, NULL);
  g_assert_cmpuint (static_token->status, ==, 200);
}

static void
test_identity_expire_now (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *refresh = NULL;
  g_autofree char *access_token = sign_in (sandbox, &refresh);
  g_autoptr(Response) before = get_customers_with (sandbox, access_token);
  g_autoptr(Response) expire = post_control (sandbox, "/sandbox/expire");
  g_autoptr(Response) after = get_customers_with (sandbox, access_token);
  g_autoptr(Response) refreshed = NULL;
  g_autoptr(Response) again = NULL;
  g_autofree char *new_access = NULL;

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object (expire), "expiredAccessTokens"), ==, 1);
  assert_error (after, 401, 401);

  /* What a client does on that 401: refresh once, and carry on. */
  refreshed = refresh_grant (sandbox, TEST_CLIENT_ID, refresh, NULL);
  new_access = assert_tokens (refreshed, NULL);
  again = get_customers_with (sandbox, new_access);
  g_assert_cmpuint (again->status, ==, 200);
}

static void
test_identity_revoke (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) revoke = NULL;
  g_autoptr(Response) refresh = NULL;
  g_autoptr(Response) api = NULL;
  g_autoptr(Response) wrong_method = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = sign_in (sandbox, &refresh_token);

  revoke = post_control (sandbox, "/sandbox/revoke");
  g_assert_cmpuint (revoke->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object (revoke), "revokedRefreshTokens"), ==, 1);
  refresh = refresh_grant (sandbox, TEST_CLIENT_ID, refresh_token, NULL);
  assert_oauth_error (refresh, "invalid_grant", 700082);

  /* Revoking refresh tokens leaves the access token alone until it expires. */
  api = get_customers_with (sandbox, access_token);
  g_assert_cmpuint (api->status, ==, 200);
  wrong_method = http (sandbox, TRUE, "GET", "/sandbox/revoke", NULL, NULL);
  g_assert_cmpuint (wrong_method->status, ==, 405);
}

static void
test_identity_unknown_client (void)
{
  const char *args[] = { "--auto-approve", "--client-id", TEST_CLIENT_ID, NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *path = authorize_query ("99999999-0000-0000-0000-000000000000", NULL);
  g_autoptr(Response) authorize = get_page (sandbox, path, NULL);
  g_autoptr(GHashTable) params = redirect_params (authorize, TEST_REDIRECT);
  g_autoptr(Response) device = request_device_code (sandbox,
                                                    "99999999-0000-0000-0000-000000000000");
  const char *description = g_hash_table_lookup (params, "error_description");

  g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, "unauthorized_client");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "state-42");
  g_assert_true (g_str_has_prefix (description, "AADSTS700016: "));
  g_assert_nonnull (strstr (description, "99999999-0000-0000-0000-000000000000"));
  g_assert_null (g_hash_table_lookup (params, "code"));
  assert_oauth_error (device, "unauthorized_client", 700016);
}

static void
test_identity_login_hints (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *mfa_path = authorize_query (TEST_CLIENT_ID, "mfa@contoso.onmicrosoft.com");
  g_autofree char *consent_path = authorize_query (TEST_CLIENT_ID,
                                                   "consent@contoso.onmicrosoft.com");
  g_autoptr(Response) mfa = get_page (sandbox, mfa_path, NULL);
  g_autoptr(Response) consent = get_page (sandbox, consent_path, NULL);
  g_autoptr(GHashTable) mfa_params = redirect_params (mfa, TEST_REDIRECT);
  g_autoptr(GHashTable) consent_params = redirect_params (consent, TEST_REDIRECT);

  g_assert_cmpstr (g_hash_table_lookup (mfa_params, "error"), ==, "interaction_required");
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (mfa_params, "error_description"),
                                   "AADSTS50076: "));
  g_assert_cmpstr (g_hash_table_lookup (mfa_params, "state"), ==, "state-42");
  g_assert_cmpstr (g_hash_table_lookup (consent_params, "error"), ==, "consent_required");
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (consent_params, "error_description"),
                                   "AADSTS65001: "));
}

/* What the sign-in page's form posts back: the request (with @state) and the person's
 * @action, "approve" or "decline". */
static Response *
answer_sign_in_page (Sandbox    *sandbox,
                     const char *state,
                     const char *action)
{
  return post_form (sandbox, "/organizations/oauth2/v2.0/authorize",
                    "client_id", TEST_CLIENT_ID, "response_type", "code",
                    "redirect_uri", TEST_REDIRECT, "scope", TEST_SCOPE, "state", state,
                    "code_challenge", TEST_CHALLENGE, "code_challenge_method", "S256",
                    "action", action, NULL);
}

static void
test_identity_approve_page (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  g_autofree char *path = authorize_query ("<app&\"id\">", NULL);
  g_autoptr(Response) page = get_page (sandbox, path, "en-US,en;q=0.9");
  g_autoptr(Response) approve = NULL;
  g_autoptr(Response) decline = NULL;
  g_autoptr(Response) tokens = NULL;
  g_autoptr(Response) bad_redirect = NULL;
  g_autoptr(GHashTable) approved = NULL;
  g_autoptr(GHashTable) declined = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *bad_query = NULL;
  const char *html;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (page->headers, "Content-Type"),
                                   "text/html"));
  html = body_text (page);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<style>"));
  g_assert_nonnull (strstr (html, "value=\"approve\""));
  g_assert_nonnull (strstr (html, "value=\"decline\""));
  /* Every value shown is escaped. */
  g_assert_null (strstr (html, "<app&"));
  g_assert_nonnull (strstr (html, "&lt;app&amp;&quot;id&quot;&gt;"));
  g_assert_nonnull (strstr (html, "user_impersonation"));

  /* The form posts the request back with the person's answer. */
  approve = answer_sign_in_page (sandbox, "s1", "approve");
  approved = redirect_params (approve, TEST_REDIRECT);
  g_assert_cmpstr (g_hash_table_lookup (approved, "state"), ==, "s1");
  tokens = redeem_code (sandbox, g_hash_table_lookup (approved, "code"), TEST_VERIFIER);
  access_token = assert_tokens (tokens, NULL);

  decline = answer_sign_in_page (sandbox, "s2", "decline");
  declined = redirect_params (decline, TEST_REDIRECT);
  g_assert_cmpstr (g_hash_table_lookup (declined, "error"), ==, "access_denied");
  g_assert_cmpstr (g_hash_table_lookup (declined, "state"), ==, "s2");
  g_assert_nonnull (g_hash_table_lookup (declined, "error_description"));
  g_assert_null (g_hash_table_lookup (declined, "code"));

  /* Only loopback reply addresses: anything else is refused on the page itself. */
  bad_query = g_strdup_printf ("/common/oauth2/v2.0/authorize?client_id=%s&response_type=code"
                               "&redirect_uri=https%%3A%%2F%%2Fevil.example%%2F&scope=x"
                               "&code_challenge=%s&code_challenge_method=S256",
                               TEST_CLIENT_ID, TEST_CHALLENGE);
  bad_redirect = get_page (sandbox, bad_query, NULL);
  g_assert_cmpuint (bad_redirect->status, ==, 400);
  g_assert_null (soup_message_headers_get_one (bad_redirect->headers, "Location"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (bad_redirect->headers,
                                                                 "Content-Type"), "text/html"));
}

static void
test_identity_page_russian (void)
{
  g_autofree char *expected = russian_catalogue_text ("Sign in on another device");
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  g_autoptr(Response) ru = get_page (sandbox, "/devicelogin", "ru-RU,ru;q=0.9,en;q=0.8");
  g_autoptr(Response) en = get_page (sandbox, "/devicelogin", "en-GB,ru;q=0.5");

  g_assert_cmpuint (ru->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (ru->headers, "Content-Language"), ==, "ru");
  g_assert_cmpstr (soup_message_headers_get_one (en->headers, "Content-Language"), ==, "en");
  g_assert_nonnull (strstr (body_text (ru), "<html lang=\"ru\">"));
  g_assert_false (has_cyrillic (body_text (en)));
  if (expected == NULL)
    {
      g_test_skip ("po/ru.po has no Russian for the identity pages yet");
      return;
    }
  g_assert_nonnull (strstr (body_text (ru), expected));
}

/* The identity service's error descriptions follow the request's language too. */
static void
test_identity_error_russian (void)
{
  g_autofree char *expected =
    russian_catalogue_text ("The provided refresh token is not valid or was already used.");
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  g_autoptr(Response) response = post_encoded_form (sandbox, "/organizations/oauth2/v2.0/token",
                                                    "grant_type=refresh_token&client_id="
                                                    TEST_CLIENT_ID "&refresh_token=bogus",
                                                    "ru-RU");

  g_assert_cmpuint (response->status, ==, 400);
  g_assert_nonnull (strstr (body_text (response), "invalid_grant"));
  if (expected == NULL)
    {
      g_test_skip ("po/ru.po has no Russian for the identity errors yet");
      return;
    }
  g_assert_nonnull (strstr (body_text (response), expected));
}

/* ---- hardening: raw HTTP, where libsoup's client would hide what the server does ---- */

#define RAW_TIMEOUT_S 10

static guint16
sandbox_port (Sandbox *sandbox)
{
  const char *colon = strrchr (sandbox->base_url, ':');
  guint64 port = 0;

  g_assert_nonnull (colon);
  g_assert_true (g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL));
  return (guint16) port;
}

/* A plain TCP connection to the sandbox; reads and writes time out instead of hanging. */
static GSocketConnection *
raw_connect (Sandbox *sandbox)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, RAW_TIMEOUT_S);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", sandbox_port (sandbox),
                                                NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* Whether all of @data went out (FALSE once the server closed the connection). */
static gboolean
raw_write (GSocketConnection *connection,
           const void        *data,
           gsize              len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

/* "METHOD PATH HTTP/1.1" with Host (unless @host is NULL: then it must be among the
 * extra header lines), the sandbox's token when @auth, extra header lines (NULL-ended). */
static char *
raw_head (Sandbox    *sandbox,
          gboolean    auth,
          const char *method,
          const char *path,
          const char *host,
          ...)
{
  GString *head = g_string_new (NULL);
  const char *line;
  va_list args;

  g_string_append_printf (head, "%s %s HTTP/1.1\r\n", method, path);
  if (host != NULL)
    g_string_append_printf (head, "Host: %s\r\n", host);
  if (auth)
    g_string_append_printf (head, "Authorization: Bearer %s\r\n", sandbox->token);
  va_start (args, host);
  while ((line = va_arg (args, const char *)) != NULL)
    g_string_append_printf (head, "%s\r\n", line);
  va_end (args);
  g_string_append (head, "\r\n");

  return g_string_free (head, FALSE);
}

/* Reads one answer (head, then Content-Length bytes). Fails the test when none comes. */
static Response *
raw_read (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) data = g_byte_array_new ();
  Response *response = g_new0 (Response, 1);
  g_autoptr(GError) error = NULL;
  const char *end = NULL;
  gsize head_len = 0;
  goffset length;
  guint8 buffer[16384];

  while (end == NULL)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (data, buffer, n);
      end = g_strstr_len ((const char *) data->data, data->len, "\r\n\r\n");
    }
  head_len = (const guint8 *) end - data->data + 4;

  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (soup_headers_parse_response ((const char *) data->data, head_len,
                                              response->headers, NULL, &response->status,
                                              NULL));
  length = soup_message_headers_get_content_length (response->headers);
  while (data->len < head_len + length)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (data, buffer, n);
    }

  response->body = g_bytes_new (data->data + head_len, length);
  if (length > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, (const char *) data->data + head_len, length,
                                      NULL))
        response->json = json_node_copy (json_parser_get_root (parser));
    }

  return response;
}

/* A new connection on which @head is sent: the body (if any) is the caller's. */
static GSocketConnection *
raw_open (Sandbox    *sandbox,
          const char *head)
{
  GSocketConnection *connection = raw_connect (sandbox);

  g_assert_true (raw_write (connection, head, strlen (head)));
  return connection;
}

/* Sends @head (and @body when not NULL) on a new connection and reads the answer. */
static Response *
raw_request (Sandbox    *sandbox,
             const char *head,
             const char *body)
{
  g_autoptr(GSocketConnection) connection = raw_open (sandbox, head);

  if (body != NULL)
    g_assert_true (raw_write (connection, body, strlen (body)));

  return raw_read (connection);
}

/* The sandbox still answers (it did not crash). */
static void
assert_alive (Sandbox *sandbox)
{
  g_autoptr(Response) list = http (sandbox, TRUE, "GET", "/v1/customers?size=1", NULL, NULL);

  g_assert_no_error (list->error);
  g_assert_cmpuint (list->status, ==, 200);
}

/* Item 1: deeply nested JSON is refused before the recursive parser sees it; so are
 * bodies over the size limit, both in the API's error shape. */
static void
test_hardening_deep_json (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autoptr(Response) first = get_billing (sandbox, id);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", etag_of (object (first)));
  g_autofree char *path = billing_path (id);
  g_autoptr(GString) deep = g_string_new ("{\"companyName\":");
  g_autoptr(GString) shallow = g_string_new ("{\"country\":\"US\",\"x\":");
  g_autoptr(GString) big = g_string_new ("{\"country\":\"US\",\"city\":\"");
  g_autoptr(GString) deep_filter = g_string_new (NULL);
  g_autoptr(Response) put = NULL;
  g_autoptr(Response) validate = NULL;
  g_autoptr(Response) fine = NULL;
  g_autoptr(Response) large = NULL;
  g_autoptr(Response) search = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *search_path = NULL;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  put = http (sandbox, TRUE, "PUT", path, deep->str, "If-Match", etag, NULL);
  g_assert_no_error (put->error);
  assert_error (put, 400, 800002);
  validate = http (sandbox, TRUE, "POST", "/v1/validations/address", deep->str, NULL);
  g_assert_no_error (validate->error);
  assert_error (validate, 400, 800002);
  assert_alive (sandbox);

  /* The filter is JSON too, in the query. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep_filter, '[');
  escaped = g_uri_escape_string (deep_filter->str, NULL, FALSE);
  search_path = g_strdup_printf ("/v1/customers?size=10&filter=%s", escaped);
  search = http (sandbox, TRUE, "GET", search_path, NULL, NULL);
  g_assert_no_error (search->error);
  assert_error (search, 400, 2000);

  /* Ordinary nesting still works. */
  for (guint i = 0; i < 20; i++)
    g_string_append (shallow, "[");
  for (guint i = 0; i < 20; i++)
    g_string_append (shallow, "]");
  g_string_append_c (shallow, '}');
  fine = http (sandbox, TRUE, "POST", "/v1/validations/address", shallow->str, NULL);
  g_assert_cmpuint (fine->status, ==, 200);

  /* Two megabytes of valid JSON: too large. */
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"}");
  large = http (sandbox, TRUE, "POST", "/v1/validations/address", big->str, NULL);
  g_assert_no_error (large->error);
  assert_error (large, 413, 800002);

  after = get_billing (sandbox, id);
  g_assert_cmpstr (etag_of (object (after)), ==, etag_of (object (first)));
  assert_alive (sandbox);
}

/* Item 2: the token and the length are checked when the headers arrive, before any of the
 * body is read; a chunked body is cut off at the limit while it is read. */
static void
test_hardening_early_reject (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 0);
  g_autofree char *path = billing_path (id);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", sandbox_port (sandbox));
  g_autofree char *unauthenticated = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *chunked = NULL;
  g_autoptr(GSocketConnection) c3 = NULL;
  g_autoptr(Response) r1 = NULL;
  g_autoptr(Response) r2 = NULL;
  g_autoptr(Response) r3 = NULL;
  g_autofree char *chunk = NULL;
  gsize sent = 0;

  /* 400 MB announced, none sent: the 401 must come anyway. */
  unauthenticated = raw_head (sandbox, FALSE, "PUT", path, host,
                              "Content-Type: application/json",
                              "Content-Length: 400000000", NULL);
  r1 = raw_request (sandbox, unauthenticated, NULL);
  assert_error (r1, 401, 800001);
  g_assert_cmpstr (soup_message_headers_get_one (r1->headers, "Connection"), ==, "close");

  /* With the token: 413 at once. */
  huge = raw_head (sandbox, TRUE, "PUT", path, host, "Content-Type: application/json",
                   "If-Match: \"x\"", "Content-Length: 400000000", NULL);
  r2 = raw_request (sandbox, huge, NULL);
  assert_error (r2, 413, 800002);

  /* Chunked, never finished: 413 once the limit is passed, not after the last chunk. */
  chunked = raw_head (sandbox, TRUE, "POST", "/v1/validations/address", host,
                      "Content-Type: application/json", "Transfer-Encoding: chunked", NULL);
  c3 = raw_open (sandbox, chunked);
  chunk = g_strdup_printf ("10000\r\n%65536s\r\n", "");
  while (sent < 3 * 1024 * 1024 && raw_write (c3, chunk, strlen (chunk)))
    sent += 65536;
  r3 = raw_read (c3);
  assert_error (r3, 413, 800002);

  assert_alive (sandbox);
}

/* Item 3: wrong JSON types are refused, naming the field, and nothing is stored. */
static void
test_hardening_field_types (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (10, NULL);
  g_autofree char *id = customer_id (sandbox, 2);
  g_autoptr(Response) first = get_billing (sandbox, id);
  g_autofree char *etag = g_strdup (etag_of (object (first)));
  g_autofree char *original = to_json (object (first));
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) ok = NULL;
  /* member (in "defaultAddress" when the name has a dot), bad value, name in the answer */
  static const struct
  {
    const char *member;
    const char *json;
    const char *named;
  } cases[] = {
    { "firstName", "{}", "firstName" },
    { "lastName", "12345", "lastName" },
    { "email", "[\"a@b.c\"]", "email" },
    { "companyName", "true", "companyName" },
    { "culture", "{\"x\":1}", "culture" },
    { "defaultAddress", "\"1 Main St\"", "defaultAddress" },
    { "attributes", "[]", "attributes" },
    { "links", "7", "links" },
    { ".state", "[]", "defaultAddress.state" },
    { ".city", "42", "defaultAddress.city" },
    { ".addressLine2", "{}", "defaultAddress.addressLine2" },
    { ".phoneNumber", "5551234567", "defaultAddress.phoneNumber" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* A deep copy: json_node_copy() would share the object. */
      g_autoptr(JsonNode) copy = json_from_string (original, NULL);
      JsonObject *billing = json_node_get_object (copy);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(Response) put = NULL;
      const char *description;

      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      if (cases[i].member[0] == '.')
        json_object_set_member (address_of (billing), cases[i].member + 1,
                                json_node_copy (json_parser_get_root (parser)));
      else
        json_object_set_member (billing, cases[i].member,
                                json_node_copy (json_parser_get_root (parser)));

      put = put_billing (sandbox, id, billing, etag, NULL);
      g_test_message ("%s: %s", cases[i].named, cases[i].json);
      assert_error (put, 400, 3000);
      description = json_object_get_string_member (object (put), "description");
      g_test_message ("%s", description);
      g_assert_nonnull (strstr (description, cases[i].named));
    }

  after = get_billing (sandbox, id);
  g_assert_cmpstr (etag_of (object (after)), ==, etag);

  /* Null is "absent", as before; the untouched profile still saves. */
  ok = put_billing (sandbox, id, object (first), etag, NULL);
  g_assert_cmpuint (ok->status, ==, 200);
}

static void
assert_valid_json_error (Response *response,
                         guint     status)
{
  gsize len;
  const char *data;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  data = g_bytes_get_data (response->body, &len);
  g_assert_true (g_utf8_validate (data, len, NULL));
  g_assert_nonnull (response->json);
  g_assert_cmpint (g_utf8_strlen (json_object_get_string_member (object (response),
                                                                 "description"), -1),
                   <=, 1024);
}

/* Item 4: what the path carries is echoed as valid UTF-8, and within the 1024 characters
 * the reference allows a description. */
static void
test_hardening_utf8_errors (void)
{
  const char *args[] = { "--client-id", "11111111-2222-3333-4444-555555555555", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(Response) customer = http (sandbox, TRUE, "GET", "/v1/customers/%ff", NULL, NULL);
  g_autoptr(Response) billing = http (sandbox, TRUE, "GET",
                                      "/v1/customers/a%C3%28b/profiles/billing", NULL, NULL);
  g_autoptr(Response) rules = http (sandbox, TRUE, "GET", "/v1/countryvalidationrules/%fe%ff",
                                    NULL, NULL);
  g_autoptr(Response) token = NULL;
  g_autoptr(Response) long_id = NULL;
  g_autoptr(GString) path = g_string_new ("/v1/customers/");
  const char *description;

  assert_valid_json_error (customer, 404);
  g_assert_cmpint (json_object_get_int_member (object (customer), "code"), ==, 60003);
  assert_valid_json_error (billing, 404);
  assert_valid_json_error (rules, 404);

  for (guint i = 0; i < 3000; i++)
    g_string_append (path, "%D0%96");
  long_id = http (sandbox, TRUE, "GET", path->str, NULL, NULL);
  assert_valid_json_error (long_id, 404);
  description = json_object_get_string_member (object (long_id), "description");
  g_assert_nonnull (strstr (description, "ЖЖЖ"));

  /* The identity service echoes the application id it does not know. */
  token = post_encoded_form (sandbox, "/organizations/oauth2/v2.0/token",
                             "grant_type=refresh_token&refresh_token=x&client_id=%ff%fe", NULL);
  g_assert_no_error (token->error);
  g_assert_cmpuint (token->status, ==, 400);
  g_assert_true (g_utf8_validate (g_bytes_get_data (token->body, NULL),
                                  g_bytes_get_size (token->body), NULL));
  g_assert_nonnull (token->json);
}

/* Item 5: size=0, as Microsoft's own search example sends it, means the default page. */
static void
test_hardening_size_zero (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (510, NULL);
  g_autoptr(Response) list = http (sandbox, TRUE, "GET", "/v1/customers?size=0", NULL, NULL);
  g_autoptr(Response) search = NULL;
  g_autoptr(Response) negative = NULL;
  g_autofree char *filter = g_uri_escape_string ("{\"Field\":\"CompanyName\",\"Value\":\"a\","
                                                 "\"Operator\":\"starts_with\"}", NULL, FALSE);
  g_autofree char *search_path = g_strdup_printf ("/v1/customers?size=0&filter=%s", filter);
  JsonObject *links;

  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (list), "items")),
                    ==, 500);
  links = json_object_get_object_member (object (list), "links");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (links, "next"),
                                                  "uri"),
                   ==, "/v1/customers?size=500&seekOperation=Next");

  search = http (sandbox, TRUE, "GET", search_path, NULL, NULL);
  g_assert_cmpuint (search->status, ==, 200);

  negative = http (sandbox, TRUE, "GET", "/v1/customers?size=-1", NULL, NULL);
  assert_error (negative, 400, 800002);
}

/* ---- item 6: many clients at once ---- */

typedef struct
{
  char              *request;
  GString           *answer;
  GError            *error;
  GSocketConnection *connection;
  guint8             buffer[4096];
  guint             *pending;     /* clients not finished */
  guint             *connected;   /* clients whose TCP handshake completed */
  gboolean          *go;          /* send once connected */
} Client;

static void
client_finish (Client *client,
               GError *error)
{
  client->error = error;
  g_clear_object (&client->connection);
  (*client->pending)--;
}

static void
client_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      client_finish (client, error);
      return;
    }
  g_string_append_len (client->answer, (const char *) client->buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), client->buffer, sizeof client->buffer,
                             G_PRIORITY_DEFAULT, NULL, client_read_cb, client);
}

static void
client_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Client *client = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      client_finish (client, error);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (client->connection)),
                             client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT, NULL,
                             client_read_cb, client);
}

static void
client_send (Client *client)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));

  g_output_stream_write_all_async (out, client->request, strlen (client->request),
                                   G_PRIORITY_DEFAULT, NULL, client_written_cb, client);
}

static void
client_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Client *client = user_data;
  GError *error = NULL;

  client->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result,
                                                       &error);
  if (client->connection == NULL)
    {
      client_finish (client, error);
      return;
    }
  (*client->connected)++;
  if (*client->go)
    client_send (client);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* 100 clients arrive while the server is busy (here: stopped): the kernel must queue every
 * connection for it, and each must get its answer. A listen backlog of 10 drops the SYNs of
 * the rest, and they only get in by retrying, seconds later, or not at all. */
static void
test_hardening_concurrent (void)
{
  enum { N_CLIENTS = 100 };
  g_autoptr(Sandbox) sandbox = sandbox_start (N_CLIENTS, NULL);
  g_autofree char *size = g_strdup_printf ("/v1/customers?size=%u", N_CLIENTS);
  g_autoptr(Response) list = http (sandbox, TRUE, "GET", size, NULL, NULL);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", sandbox_port (sandbox));
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback,
                                                                 sandbox_port (sandbox));
  JsonArray *items = json_object_get_array_member (object (list), "items");
  Client clients[N_CLIENTS];
  guint pending = N_CLIENTS;
  guint connected = 0;
  guint connected_while_busy;
  guint answered = 0;
  gboolean go = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  memset (clients, 0, sizeof clients);
  g_assert_cmpuint (json_array_get_length (items), ==, N_CLIENTS);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "id");
      g_autoptr(Response) billing = get_billing (sandbox, id);
      g_autofree char *path = billing_path (id);
      g_autofree char *body = NULL;
      g_autofree char *if_match = NULL;
      g_autofree char *length = NULL;
      g_autofree char *head = NULL;

      json_object_set_string_member (address_of (object (billing)), "addressLine2", "Suite 9");
      body = to_json (object (billing));
      if_match = g_strdup_printf ("If-Match: \"%s\"", etag_of (object (billing)));
      length = g_strdup_printf ("Content-Length: %zu", strlen (body));
      head = raw_head (sandbox, TRUE, "PUT", path, host, "Content-Type: application/json",
                       if_match, length, "Connection: close", NULL);
      clients[i].request = g_strconcat (head, body, NULL);
      clients[i].answer = g_string_new (NULL);
      clients[i].pending = &pending;
      clients[i].connected = &connected;
      clients[i].go = &go;
    }

  /* Stopped, the server accepts nothing: only the kernel's queue holds the connections. */
  g_subprocess_send_signal (sandbox->process, SIGSTOP);
  g_socket_client_set_timeout (socket_client, 20);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_socket_client_connect_async (socket_client, G_SOCKET_CONNECTABLE (address), NULL,
                                   client_connected_cb, &clients[i]);
  /* A dropped SYN is sent again after a second, and dropped again while nobody accepts. */
  timeout_id = g_timeout_add (3000, set_flag_cb, &timed_out);
  while (connected + (N_CLIENTS - pending) < N_CLIENTS && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  connected_while_busy = connected;
  g_subprocess_send_signal (sandbox->process, SIGCONT);

  go = TRUE;
  for (guint i = 0; i < N_CLIENTS; i++)
    if (clients[i].connection != NULL)
      client_send (&clients[i]);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      if (clients[i].error != NULL)
        g_test_message ("client %u: %s", i, clients[i].error->message);
      else if (g_str_has_prefix (clients[i].answer->str, "HTTP/1.1 200 "))
        answered++;
      else
        g_test_message ("client %u: %.40s", i, clients[i].answer->str);
      g_clear_error (&clients[i].error);
      g_string_free (clients[i].answer, TRUE);
      g_free (clients[i].request);
    }
  g_assert_cmpuint (connected_while_busy, ==, N_CLIENTS);
  g_assert_cmpuint (answered, ==, N_CLIENTS);
}

/* ---- item 7 ---- */

/* The test controls take the admin token (--token), nothing less. */
static void
test_hardening_test_controls (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autofree char *access_token = sign_in (sandbox, NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", access_token);
  g_autoptr(Response) anonymous_expire = post_form (sandbox, "/sandbox/expire", NULL);
  g_autoptr(Response) anonymous_revoke = post_form (sandbox, "/sandbox/revoke", NULL);
  g_autoptr(Response) user_expire = http (sandbox, FALSE, "POST", "/sandbox/expire", "",
                                          "Authorization", bearer, NULL);
  g_autoptr(Response) still = get_customers_with (sandbox, access_token);
  g_autoptr(Response) admin_expire = post_control (sandbox, "/sandbox/expire");
  g_autoptr(Response) expired = get_customers_with (sandbox, access_token);

  assert_error (anonymous_expire, 401, 800001);
  assert_error (anonymous_revoke, 401, 800001);
  g_assert_cmpuint (user_expire->status, ==, 401);
  g_assert_cmpuint (still->status, ==, 200);
  g_assert_cmpuint (admin_expire->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (object (admin_expire), "expiredAccessTokens"),
                   ==, 1);
  assert_error (expired, 401, 401);
}

/* Generated secrets carry 256 random bits, not GLib's UUIDs (from a Mersenne Twister,
 * whose version nibble is always 4): the admin token, and every access token. The kernel's
 * generator itself cannot be observed from outside; this shows the UUIDs are gone. */
static void
test_hardening_random_tokens (void)
{
  const char *args[] = { "--auto-approve", NULL };
  g_autoptr(Sandbox) sandbox = sandbox_start (5, args);
  g_autoptr(GRegex) admin = g_regex_new ("^sandbox-[0-9a-f]{64}$", 0, 0, NULL);
  g_autoptr(GRegex) access = g_regex_new ("^sandbox-at-[0-9a-f]{64}$", 0, 0, NULL);
  guint version_four = 0;

  g_assert_true (g_regex_match (admin, sandbox->token, 0, NULL));
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *access_token = sign_in (sandbox, NULL);
      const char *hex = access_token + strlen ("sandbox-at-");

      g_assert_true (g_regex_match (access, access_token, 0, NULL));
      /* Where a UUID without dashes has its version digit. */
      if (hex[12] == '4' && hex[32 + 12] == '4')
        version_four++;
    }
  g_assert_cmpuint (version_four, <, 8);
}

/* Only loopback names in Host: a DNS-rebound name reaches the port but is refused. */
static void
test_hardening_host (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  guint16 port = sandbox_port (sandbox);
  /* The name, and whether ":PORT" follows it. */
  static const struct { const char *name; gboolean port; } refused[] = {
    { "evil.example", FALSE }, { "evil.example", TRUE }, { "127.0.0.1.evil.example", TRUE },
    { "localhost.evil.example", FALSE }, { "10.0.0.1", TRUE }, { "[::2]", TRUE },
    { "127.0.0.1:x", FALSE }, { "127.0.0.1:80:80", FALSE },
  }, accepted[] = {
    { "127.0.0.1", TRUE }, { "127.0.0.1", FALSE }, { "localhost", TRUE },
    { "LocalHost", FALSE }, { "[::1]", TRUE }, { "[::1]", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *host = refused[i].port ? g_strdup_printf ("%s:%u", refused[i].name, port)
                                              : g_strdup (refused[i].name);
      g_autofree char *head = raw_head (sandbox, TRUE, "GET", "/v1/customers?size=1", host,
                                        NULL);
      g_autofree char *page_head = raw_head (sandbox, FALSE, "GET", "/devicelogin", host, NULL);
      g_autoptr(Response) answer = raw_request (sandbox, head, NULL);
      g_autoptr(Response) page = raw_request (sandbox, page_head, NULL);

      g_test_message ("Host: %s", host);
      /* libsoup itself refuses some of these with a bare 400. */
      if (answer->status == 400 && answer->json == NULL)
        continue;
      assert_error (answer, 421, 800002);
      g_assert_cmpuint (page->status, ==, 421);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *host = accepted[i].port ? g_strdup_printf ("%s:%u", accepted[i].name,
                                                                  port)
                                               : g_strdup (accepted[i].name);
      g_autofree char *head = raw_head (sandbox, TRUE, "GET", "/v1/customers?size=1", host,
                                        NULL);
      g_autoptr(Response) answer = raw_request (sandbox, head, NULL);

      g_test_message ("Host: %s", host);
      g_assert_cmpuint (answer->status, ==, 200);
    }

  /* An absolute URI in the request line names the host as well. */
  {
    g_autofree char *head = raw_head (sandbox, TRUE, "GET",
                                      "http://evil.example/v1/customers?size=1",
                                      "127.0.0.1", NULL);
    g_autoptr(Response) answer = raw_request (sandbox, head, NULL);

    g_assert_cmpuint (answer->status, ==, 421);
  }
}

/* The token can come from a file or stdin instead of the command line (process list). */
static void
test_hardening_token_file (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  g_autofree char *file = g_build_filename (sandbox->dir, "token", NULL);
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  g_autoptr(GError) error = NULL;
  gsize cmdline_len = 0;
  const char *args[] = { "--token-file", file, NULL };
  g_autoptr(Response) list = NULL;
  g_autoptr(Response) wrong = NULL;

  g_assert_true (g_file_set_contents (file, "file-secret-0123456789\n", -1, &error));
  g_assert_no_error (error);
  sandbox_stop (sandbox);
  sandbox_spawn (sandbox, args);
  g_assert_cmpstr (sandbox->token, ==, "file-secret-0123456789");
  list = http (sandbox, TRUE, "GET", "/v1/customers?size=1", NULL, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  wrong = http (sandbox, FALSE, "GET", "/v1/customers?size=1", NULL,
                "Authorization", "Bearer file-secret-0123456780", NULL);
  g_assert_cmpuint (wrong->status, ==, 401);

  cmdline_path = g_strdup_printf ("/proc/%s/cmdline",
                                  g_subprocess_get_identifier (sandbox->process));
  /* The arguments are NUL-separated: join them to search the whole command line. */
  if (g_file_get_contents (cmdline_path, &cmdline, &cmdline_len, NULL))
    {
      for (gsize i = 0; i < cmdline_len; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      g_assert_null (strstr (cmdline, "file-secret"));
    }
  g_unlink (file);
}

/* --token-file - reads the first line of stdin. */
static void
test_hardening_token_stdin (void)
{
  g_autoptr(Sandbox) sandbox = sandbox_start (5, NULL);
  const char *exe = g_getenv ("PARTNER_DESK_SANDBOX");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token_line = NULL;
  const char *secret = "stdin-secret-42\n";

  sandbox_stop (sandbox);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, exe, "--database", sandbox->database, "--port", "0",
                              "--token-file", "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), secret,
                                            strlen (secret), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error));
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  token_line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token_line, ==, "PARTNER_DESK_TOKEN=stdin-secret-42");
  g_free (sandbox->base_url);
  sandbox->base_url = g_steal_pointer (&url);
  g_free (sandbox->token);
  sandbox->token = g_strdup ("stdin-secret-42");
  sandbox->process = g_object_ref (process);
  assert_alive (sandbox);
}

/* An unreadable or empty token file is an error, not a silently generated token. */
static void
test_hardening_token_file_bad (void)
{
  const char *exe = g_getenv ("PARTNER_DESK_SANDBOX");
  g_autofree char *dir = g_dir_make_tmp ("test-sandbox-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (dir, "sandbox.sqlite", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  const char *files[] = { missing, empty };

  g_assert_true (g_file_set_contents (empty, "\n", -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, exe, "--database", database, "--port", "0",
                                  "--seed", "1", "--token-file", files[i], NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (process, NULL, &error));
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
    }
  g_unlink (empty);
  g_unlink (database);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* GIO's default proxy resolver (libgiognomeproxy) reads GSettings schemas, which the
   * isolated test directories do not have: loopback needs no proxy anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox/auth/missing-token", test_auth_missing_token);
  g_test_add_func ("/sandbox/list/paging", test_list_paging);
  g_test_add_func ("/sandbox/list/filter", test_list_filter);
  g_test_add_func ("/sandbox/customer/get", test_customer_get);
  g_test_add_func ("/sandbox/billing/put-roundtrip", test_billing_put_roundtrip);
  g_test_add_func ("/sandbox/billing/put-pascal-case", test_billing_put_pascal_case);
  g_test_add_func ("/sandbox/billing/put-stale-etag", test_billing_put_stale_etag);
  g_test_add_func ("/sandbox/billing/put-invalid", test_billing_put_invalid);
  g_test_add_func ("/sandbox/billing/seed-valid", test_billing_seed_valid);
  g_test_add_func ("/sandbox/seed/deterministic", test_seed_deterministic);
  g_test_add_func ("/sandbox/locale/russian", test_locale_russian);
  g_test_add_func ("/sandbox/durability/restart", test_durability_restart);
  g_test_add_func ("/sandbox/faults/throttle", test_faults_throttle);
  g_test_add_func ("/sandbox/faults/fail-drop-corrupt", test_faults_fail_drop_corrupt);
  g_test_add_func ("/sandbox/rules/countries", test_country_rules);
  g_test_add_func ("/sandbox/validation/address", test_address_validation);
  g_test_add_func ("/sandbox/identity/authorization-code", test_identity_authorization_code);
  g_test_add_func ("/sandbox/identity/refresh-rotation", test_identity_refresh_rotation);
  g_test_add_func ("/sandbox/identity/device-code", test_identity_device_code);
  g_test_add_func ("/sandbox/identity/device-page", test_identity_device_page);
  g_test_add_func ("/sandbox/identity/device-expiry", test_identity_device_expiry);
  g_test_add_func ("/sandbox/identity/token-expiry", test_identity_token_expiry);
  g_test_add_func ("/sandbox/identity/expire-now", test_identity_expire_now);
  g_test_add_func ("/sandbox/identity/revoke", test_identity_revoke);
  g_test_add_func ("/sandbox/identity/unknown-client", test_identity_unknown_client);
  g_test_add_func ("/sandbox/identity/login-hints", test_identity_login_hints);
  g_test_add_func ("/sandbox/identity/approve-page", test_identity_approve_page);
  g_test_add_func ("/sandbox/identity/page-russian", test_identity_page_russian);
  g_test_add_func ("/sandbox/identity/error-russian", test_identity_error_russian);
  g_test_add_func ("/sandbox/hardening/deep-json", test_hardening_deep_json);
  g_test_add_func ("/sandbox/hardening/early-reject", test_hardening_early_reject);
  g_test_add_func ("/sandbox/hardening/field-types", test_hardening_field_types);
  g_test_add_func ("/sandbox/hardening/utf8-errors", test_hardening_utf8_errors);
  g_test_add_func ("/sandbox/hardening/size-zero", test_hardening_size_zero);
  g_test_add_func ("/sandbox/hardening/concurrent", test_hardening_concurrent);
  g_test_add_func ("/sandbox/hardening/test-controls", test_hardening_test_controls);
  g_test_add_func ("/sandbox/hardening/random-tokens", test_hardening_random_tokens);
  g_test_add_func ("/sandbox/hardening/host", test_hardening_host);
  g_test_add_func ("/sandbox/hardening/token-file", test_hardening_token_file);
  g_test_add_func ("/sandbox/hardening/token-stdin", test_hardening_token_stdin);
  g_test_add_func ("/sandbox/hardening/token-file-bad", test_hardening_token_file_bad);

  return g_test_run ();
}
