/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the JSON mapping against the reference's published samples (tests/data). */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-core.h"
#include "pd-customer-private.h"
#include "pd-json.h"

static JsonNode *
load_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonNode *root;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  root = pd_json_parse (contents, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  return root;
}

static PdBillingProfile *
load_billing_profile (const char *name)
{
  g_autoptr(JsonNode) root = load_data (name);
  g_autoptr(GError) error = NULL;
  PdBillingProfile *profile;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  profile = pd_billing_profile_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);

  return profile;
}

static void
assert_objects_equal (JsonObject *expected,
                      JsonObject *actual)
{
  if (!json_object_equal (expected, actual))
    {
      g_autoptr(JsonNode) e = json_node_init_object (json_node_alloc (), expected);
      g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), actual);
      g_autofree char *e_text = json_to_string (e, TRUE);
      g_autofree char *a_text = json_to_string (a, TRUE);

      g_test_message ("expected:\n%s\nactual:\n%s", e_text, a_text);
      g_assert_not_reached ();
    }
}

static void
test_bom (void)
{
  g_autoptr(JsonNode) plain = load_data ("billing-profile.json");
  g_autoptr(JsonNode) bom = load_data ("billing-profile-bom.json");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "billing-profile-bom.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  gsize length;
  gssize stripped_length;
  const char *stripped;

  g_assert_true (json_node_equal (plain, bom));

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint ((guchar) contents[0], ==, 0xEF);
  stripped_length = length;
  stripped = pd_json_strip_bom (contents, &stripped_length);
  g_assert_true (stripped == contents + 3);
  g_assert_cmpint (stripped_length, ==, (gssize) length - 3);
  g_assert_cmpint (stripped[0], ==, '{');

  stripped_length = -1;
  stripped = pd_json_strip_bom ("{}", &stripped_length);
  g_assert_cmpstr (stripped, ==, "{}");
  g_assert_cmpint (stripped_length, ==, 2);
}

static void
test_bad_json (void)
{
  const char *bad[] = { "{\"id\": ", "", "\xEF\xBB\xBF", "<html>Bad gateway</html>" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = pd_json_parse (bad[i], -1, &error);

      g_assert_null (root);
      g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
    }
}

static void
test_error_bodies (void)
{
  g_autoptr(JsonNode) number = load_data ("error-code-number.json");
  g_autoptr(JsonNode) string = load_data ("error-code-string.json");
  g_autoptr(JsonNode) throttled = load_data ("throttled.json");
  g_autofree char *number_code = pd_json_dup_code (json_node_get_object (number));
  g_autofree char *string_code = pd_json_dup_code (json_node_get_object (string));
  g_autofree char *throttled_code = pd_json_dup_code (json_node_get_object (throttled));
  g_autofree char *status = NULL;

  g_assert_cmpstr (number_code, ==, "3000");
  g_assert_cmpstr (string_code, ==, "2055");
  g_assert_null (throttled_code);

  g_assert_cmpstr (pd_json_object_get_string_ci (json_node_get_object (number), "Description"),
                   ==, "Partner Organization with partner_id 9999999 could not be found");
  g_assert_cmpstr (pd_json_object_get_string_ci (json_node_get_object (string), "source"),
                   ==, "PartnerApiServiceControllers");
  g_assert_cmpstr (pd_json_object_get_string_ci (json_node_get_object (throttled), "Message"),
                   ==, "Rate limit is exceeded. Try again in 57 seconds.");
  status = pd_json_object_dup_string_ci (json_node_get_object (throttled), "statusCode");
  g_assert_cmpstr (status, ==, "429");
  /* A number is not a string member. */
  g_assert_null (pd_json_object_get_string_ci (json_node_get_object (throttled), "statusCode"));
}

static void
test_list_page (void)
{
  g_autoptr(JsonNode) root = load_data ("customers-page.json");
  JsonObject *page = json_node_get_object (root);
  JsonArray *items = pd_json_object_get_array_ci (page, "items");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;

  g_assert_cmpint (json_object_get_int_member (page, "totalCount"), ==, 2);
  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_null (pd_json_object_get_object_ci (pd_json_object_get_object_ci (page, "links"),
                                               "next"));

  customer = pd_customer_new_from_json (json_array_get_object_element (items, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_customer_get_id (customer), ==, "b44bb1fb-c595-45b0-9e09-d657365580bf");
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "companyName");
  g_assert_cmpstr (pd_customer_get_domain (customer), ==, "domain");
  g_assert_cmpstr (pd_customer_get_tenant_id (customer), ==, "<guid>");
  g_assert_cmpstr (pd_customer_get_relationship (customer), ==, "reseller");
  g_assert_cmpstr (pd_customer_get_relationship_title (customer), ==, "Reseller");
  /* List items carry no billing profile, and no address without delegated access. */
  g_assert_null (pd_customer_get_billing_profile (customer));
  g_assert_null (pd_company_profile_get_address (pd_customer_get_company_profile (customer)));

  g_assert_finalize_object (g_steal_pointer (&customer));
}

static void
test_customer_by_id (void)
{
  g_autoptr(JsonNode) root = load_data ("customer-by-id.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  PdCompanyProfile *company;
  PdBillingProfile *billing;
  PdAddress *address;

  customer = pd_customer_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);

  company = pd_customer_get_company_profile (customer);
  g_assert_cmpstr (pd_company_profile_get_tenant_id (company), ==,
                   "eebd1b55-5360-4438-a11d-5c06918c3014");
  g_assert_cmpstr (pd_company_profile_get_email (company), ==, "a@a.com");
  address = pd_company_profile_get_address (company);
  g_assert_nonnull (address);
  g_assert_cmpstr (pd_address_get_region (address), ==, "wa");
  g_assert_cmpstr (pd_address_get_phone_number (address), ==, "1234567890");

  billing = pd_customer_get_billing_profile (customer);
  g_assert_nonnull (billing);
  g_assert_cmpstr (pd_billing_profile_get_etag (billing), ==, "-4242348048554929329");
  g_assert_cmpstr (pd_billing_profile_get_company_name (billing), ==, "1kl as kjk");
  address = pd_billing_profile_get_default_address (billing);
  g_assert_cmpstr (pd_address_get_state (address), ==, "WA");
  g_assert_cmpstr (pd_address_get_first_name (address), ==, "1kl as");

  /* Missing id: the answer is not a customer. */
  {
    g_autoptr(JsonObject) empty = json_object_new ();
    g_autoptr(GError) local_error = NULL;

    g_assert_null (pd_customer_new_from_json (empty, &local_error));
    g_assert_error (local_error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  }

  g_assert_finalize_object (g_steal_pointer (&customer));
}

static void
test_billing_round_trip (void)
{
  const char *files[] = { "billing-profile.json", "billing-profile-ru.json",
                          "billing-profile-bom.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) root = load_data (files[i]);
      g_autoptr(PdBillingProfile) profile = load_billing_profile (files[i]);
      g_autoptr(PdBillingProfile) copy = pd_billing_profile_copy (profile);
      g_autoptr(JsonObject) out = pd_billing_profile_to_json (profile);
      g_autoptr(JsonObject) copy_out = pd_billing_profile_to_json (copy);

      /* Nothing added, nothing lost, nulls kept as nulls. */
      assert_objects_equal (json_node_get_object (root), out);
      assert_objects_equal (json_node_get_object (root), copy_out);

      /* Even the member order is the server's. */
      {
        g_autoptr(JsonNode) out_node = json_node_init_object (json_node_alloc (), out);
        g_autofree char *expected = json_to_string (root, FALSE);
        g_autofree char *actual = json_to_string (out_node, FALSE);

        g_assert_cmpstr (actual, ==, expected);
      }

      g_assert_finalize_object (g_steal_pointer (&copy));
      g_assert_finalize_object (g_steal_pointer (&profile));
    }
}

static void
test_billing_unknown_fields (void)
{
  g_autoptr(PdBillingProfile) profile = load_billing_profile ("billing-profile-ru.json");
  g_autoptr(JsonObject) out = NULL;
  JsonObject *address;
  PdAddress *default_address = pd_billing_profile_get_default_address (profile);

  g_assert_cmpstr (pd_billing_profile_get_company_name (profile), ==, "ООО «Ромашка»");
  g_assert_cmpstr (pd_address_get_middle_name (default_address), ==, "Сергеевич");
  g_assert_cmpstr (pd_address_get_address_line3 (default_address), ==, "офис 12");
  g_assert_cmpstr (pd_address_get_region (default_address), ==, "Московская область");
  g_assert_cmpstr (pd_address_get_address_line2 (default_address), ==, "");
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "AAAAAAAAB9M=");

  /* The user edits what the form shows; everything else goes back untouched. */
  pd_address_set_city (default_address, "Санкт-Петербург");
  pd_address_set_postal_code (default_address, "190000");
  pd_billing_profile_set_email (profile, "info@romashka.ru");
  out = pd_billing_profile_to_json (profile);

  g_assert_cmpstr (json_object_get_string_member (out, "email"), ==, "info@romashka.ru");
  g_assert_true (json_object_has_member (out, "futureField"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (out, "futureField")));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (out, "links")));
  address = json_object_get_object_member (out, "defaultAddress");
  g_assert_cmpstr (json_object_get_string_member (address, "city"), ==, "Санкт-Петербург");
  g_assert_cmpstr (json_object_get_string_member (address, "postalCode"), ==, "190000");
  g_assert_cmpstr (json_object_get_string_member (address, "district"), ==, "Тверской");
  g_assert_cmpstr (json_object_get_string_member (address, "futureField"), ==, "kept");
  g_assert_cmpstr (json_object_get_string_member (address, "addressLine3"), ==, "офис 12");
  g_assert_cmpstr (json_object_get_string_member (address, "middleName"), ==, "Сергеевич");
  g_assert_cmpstr (json_object_get_string_member (address, "region"), ==, "Московская область");
  g_assert_true (json_object_get_null_member (address, "addressLine2"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out,
                                                                                 "attributes"),
                                                  "etag"), ==, "AAAAAAAAB9M=");

  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_billing_null_vs_absent (void)
{
  g_autoptr(PdBillingProfile) profile = load_billing_profile ("billing-profile.json");
  g_autoptr(PdBillingProfile) ru = load_billing_profile ("billing-profile-ru.json");
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) ru_out = NULL;
  JsonObject *address;

  /* Absent in the source: an empty value stays absent, a new value is added. */
  pd_address_set_region (pd_billing_profile_get_default_address (profile), "");
  pd_address_set_address_line2 (pd_billing_profile_get_default_address (profile), "Suite 100");
  /* Present in the source: clearing it sends null, so the server clears it too. */
  pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), NULL);
  pd_billing_profile_set_culture (profile, "");
  out = pd_billing_profile_to_json (profile);
  address = json_object_get_object_member (out, "defaultAddress");
  g_assert_false (json_object_has_member (address, "region"));
  g_assert_cmpstr (json_object_get_string_member (address, "addressLine2"), ==, "Suite 100");
  g_assert_true (json_object_has_member (address, "phoneNumber"));
  g_assert_true (json_object_get_null_member (address, "phoneNumber"));
  g_assert_true (json_object_get_null_member (out, "culture"));
  g_assert_false (json_object_has_member (address, "middleName"));

  /* A null in the source stays null when still empty, becomes a value when set. */
  pd_address_set_address_line2 (pd_billing_profile_get_default_address (ru), "корпус 2");
  pd_address_set_address_line2 (pd_billing_profile_get_default_address (ru), "");
  ru_out = pd_billing_profile_to_json (ru);
  address = json_object_get_object_member (ru_out, "defaultAddress");
  g_assert_true (json_object_has_member (address, "addressLine2"));
  g_assert_true (json_object_get_null_member (address, "addressLine2"));

  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&ru));

  /* A null address stays null until something is filled in; an absent one stays absent. */
  {
    const char *samples[] = { "{\"id\":\"1\",\"defaultAddress\":null}", "{\"id\":\"1\"}" };

    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      {
        g_autoptr(JsonNode) root = json_from_string (samples[i], NULL);
        g_autoptr(PdBillingProfile) sample =
          pd_billing_profile_new_from_json (json_node_get_object (root), NULL);
        g_autoptr(JsonObject) sample_out = pd_billing_profile_to_json (sample);

        assert_objects_equal (json_node_get_object (root), sample_out);
        pd_address_set_city (pd_billing_profile_get_default_address (sample), "Almaty");
        g_clear_pointer (&sample_out, json_object_unref);
        sample_out = pd_billing_profile_to_json (sample);
        g_assert_cmpstr (json_object_get_string_member (
                           json_object_get_object_member (sample_out, "defaultAddress"), "city"),
                         ==, "Almaty");
        g_assert_finalize_object (g_steal_pointer (&sample));
      }
  }
}

/* Reads @text as the client does (tree plus the text it came from). */
static PdBillingProfile *
billing_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = pd_json_parse (text, -1, &error);
  PdBillingProfile *profile;

  g_assert_no_error (error);
  profile = pd_billing_profile_new_from_json_text (json_node_get_object (root), text,
                                                   strlen (text), &error);
  g_assert_no_error (error);
  return profile;
}

static char *
billing_write (PdBillingProfile *profile)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) check = NULL;

  pd_billing_profile_write (profile, out);
  /* Whatever else, it is JSON. */
  check = pd_json_parse (out->str, out->len, &error);
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* Numbers in fields the app does not show go back as they were written: a tree would
 * turn 1e400 into infinity ("inf.0", not JSON), 2^63 into 9.2233720368547758e+18 and -0
 * into 0. */
static void
test_billing_numbers_as_received (void)
{
  const char *text =
    "{\"id\": \"b1\", \"firstName\": \"Ann\", \"creditLimit\": 1e400,"
    " \"accountNumber\": 9223372036854775808, \"balance\": -0, \"rate\": 0.10000000000000001,"
    " \"tiny\": -1E-400, \"defaultAddress\": {\"country\": \"US\", \"city\": \"Redmond\","
    " \"geo\": {\"lat\": 47.6396250000000000001, \"alt\": 1e999}},"
    " \"attributes\": {\"etag\": 18446744073709551617, \"objectType\": \"CustomerBillingProfile\"}}";
  const char *expected =
    "{\"id\": \"b1\", \"firstName\": \"Anna\", \"creditLimit\": 1e400,"
    " \"accountNumber\": 9223372036854775808, \"balance\": -0, \"rate\": 0.10000000000000001,"
    " \"tiny\": -1E-400, \"defaultAddress\": {\"country\": \"US\", \"city\": \"Seattle\","
    " \"geo\": {\"lat\": 47.6396250000000000001, \"alt\": 1e999}},"
    " \"attributes\": {\"etag\": 18446744073709551617, \"objectType\": \"CustomerBillingProfile\"}}";
  g_autoptr(PdBillingProfile) profile = billing_from_text (text);
  g_autoptr(PdBillingProfile) copy = NULL;
  g_autofree char *unchanged = billing_write (profile);
  g_autofree char *edited = NULL;
  g_autofree char *copied = NULL;

  g_assert_cmpstr (unchanged, ==, text);
  /* A numeric etag is its text, not a rounded double. */
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "18446744073709551617");

  pd_billing_profile_set_first_name (profile, "Anna");
  pd_address_set_city (pd_billing_profile_get_default_address (profile), "Seattle");
  edited = billing_write (profile);
  g_assert_cmpstr (edited, ==, expected);
  copy = pd_billing_profile_copy (profile);
  copied = billing_write (copy);
  g_assert_cmpstr (copied, ==, expected);

  /* With only a tree to go by, a number it cannot hold is never written as one. */
  {
    g_autoptr(JsonNode) root = pd_json_parse (text, -1, NULL);
    g_autoptr(PdBillingProfile) from_tree =
      pd_billing_profile_new_from_json (json_node_get_object (root), NULL);
    g_autofree char *written = billing_write (from_tree);

    g_assert_null (strstr (written, "inf"));
    g_assert_null (strstr (written, "nan"));
  }
}

/* Members the app does not model, or models but did not see edited, keep their type,
 * their value and their name; only the edited fields change. */
static void
test_billing_members_as_received (void)
{
  const char *text =
    "{ \"id\":\"b1\",\"lastName\" : 42, \"companyName\": {\"legal\": \"Acme GmbH\"},"
    " \"Email\": \"upper@acme.example\", \"email\": \"lower@acme.example\","
    " \"culture\": [\"de-DE\"], \"language\": true, \"firstName\": \"Ann\","
    " \"FIRSTNAME\": \"ANN\", \"x\": {\"A\": 1, \"a\": 2},"
    " \"defaultAddress\": {\"City\": \"Berlin\", \"city\": \"Berlin\", \"postalCode\": 10115},"
    " \"attributes\": {\"Etag\": \"e1\"} }";
  const char *expected =
    "{ \"id\":\"b1\",\"lastName\" : 42, \"companyName\": {\"legal\": \"Acme GmbH\"},"
    " \"Email\": \"upper@acme.example\", \"email\": \"lower@acme.example\","
    " \"culture\": [\"de-DE\"], \"language\": true, \"firstName\": \"Berta\","
    " \"FIRSTNAME\": \"Berta\", \"x\": {\"A\": 1, \"a\": 2},"
    " \"defaultAddress\": {\"City\": \"Berlin\", \"city\": \"Berlin\", \"postalCode\": 10115,"
    "\"phoneNumber\":\"+49 30 1234\"},"
    " \"attributes\": {\"Etag\": \"e1\"} }";
  g_autoptr(PdBillingProfile) profile = billing_from_text (text);
  g_autofree char *unchanged = billing_write (profile);
  g_autofree char *edited = NULL;

  g_assert_cmpstr (unchanged, ==, text);
  g_assert_cmpstr (pd_billing_profile_get_last_name (profile), ==, "42");
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "e1");

  /* Edited: the first name (sent in each spelling, under its own name) and a new phone
   * number (added). The last name read as "42" is not edited: it stays a number. */
  pd_billing_profile_set_first_name (profile, "Berta");
  pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), "+49 30 1234");
  edited = billing_write (profile);
  g_assert_cmpstr (edited, ==, expected);

  /* An edit taken back is no edit. */
  pd_billing_profile_set_first_name (profile, "Ann");
  pd_address_set_phone_number (pd_billing_profile_get_default_address (profile), NULL);
  g_clear_pointer (&edited, g_free);
  edited = billing_write (profile);
  g_assert_cmpstr (edited, ==, text);
}

/* A customer read by id keeps its billing profile's text: written back, that member of
 * the answer comes out byte for byte (found as the tree finds it, any spelling). */
static void
test_customer_billing_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "customer-by-id.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *member;
  gsize length, member_len;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  root = pd_json_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  customer = pd_customer_new_from_json_text (json_node_get_object (root), contents, length,
                                             &error);
  g_assert_no_error (error);
  g_assert_true (pd_json_find_member (contents, length, "BILLINGPROFILE", &member, &member_len));
  pd_billing_profile_write (pd_customer_get_billing_profile (customer), out);
  g_assert_cmpuint (out->len, ==, member_len);
  g_assert_true (memcmp (out->str, member, member_len) == 0);

  /* The exact spelling wins, else the first; a repeated name keeps its last value. */
  {
    const char *text = "{\"Links\": 1, \"links\": 2, \"LINKS\": 3, \"links\": [4]}";
    const char *other = "{\"Links\": 1, \"LINKS\": 3, \"Links\": {}}";

    g_assert_true (pd_json_find_member (text, strlen (text), "links", &member, &member_len));
    g_assert_cmpmem (member, member_len, "[4]", 3);
    g_assert_true (pd_json_find_member (other, strlen (other), "links", &member, &member_len));
    g_assert_cmpmem (member, member_len, "{}", 2);
    g_assert_false (pd_json_find_member (other, strlen (other), "link", &member, &member_len));
    g_assert_false (pd_json_find_member ("{\"links\": 1", 12, "links", &member, &member_len));
  }
}

static void
test_billing_pascal_case (void)
{
  g_autoptr(PdBillingProfile) profile = load_billing_profile ("billing-profile-put-pascal.json");
  g_autoptr(PdBillingProfile) camel = load_billing_profile ("billing-profile.json");
  g_autoptr(JsonObject) out = pd_billing_profile_to_json (profile);
  PdAddress *address = pd_billing_profile_get_default_address (profile);
  JsonObject *out_address;
  JsonObject *links;

  g_assert_cmpstr (pd_billing_profile_get_id (profile), ==, "a58ceba5-60ac-48e4-a0bc-2a855811807a");
  g_assert_cmpstr (pd_billing_profile_get_first_name (profile), ==, "FirstName");
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "<etag>");
  g_assert_cmpstr (pd_address_get_address_line1 (address), ==, "One Microsoft Way");
  g_assert_cmpstr (pd_address_get_region (address), ==, "");
  g_assert_cmpstr (pd_address_get_phone_number (address), ==, "4255555555");

  /* Written back as it came: PascalCase names, the nulls still null, unknown members kept
   * (the service reads either spelling; rewriting names is not ours to do). */
  g_assert_false (json_object_has_member (out, "firstName"));
  g_assert_cmpstr (json_object_get_string_member (out, "FirstName"), ==, "FirstName");
  g_assert_false (json_object_has_member (out, "defaultAddress"));
  out_address = json_object_get_object_member (out, "DefaultAddress");
  g_assert_true (json_object_get_null_member (out_address, "Region"));
  g_assert_true (json_object_get_null_member (out_address, "AddressLine2"));
  g_assert_cmpstr (json_object_get_string_member (out_address, "Country"), ==, "US");
  links = json_object_get_object_member (out, "Links");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (links, "Self"),
                                                  "Uri"),
                   ==, "/v1/customers/<customer-tenant-id>/profiles/billing");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out,
                                                                                 "Attributes"),
                                                  "Etag"), ==, "<etag>");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out,
                                                                                 "Attributes"),
                                                  "ObjectType"), ==, "CustomerBillingProfile");

  /* The same profile in the two spellings differs only in its values. */
  g_assert_cmpuint (pd_billing_profile_diff (profile, camel), ==, PD_PROFILE_FIELD_ADDRESS_LINE1 |
                    PD_PROFILE_FIELD_OTHER);

  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&camel));
}

static void
test_company_profile (void)
{
  g_autoptr(JsonNode) root = load_data ("company-profile.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCompanyProfile) profile = NULL;
  g_autoptr(PdCompanyProfile) copy = NULL;

  profile = pd_company_profile_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_company_profile_get_company_name (profile), ==, "DT Demo CSP Customer 005");
  g_assert_cmpstr (pd_company_profile_get_domain (profile), ==,
                   "dtdemocspcustomer005.onmicrosoft.com");
  g_assert_cmpstr (pd_company_profile_get_email (profile), ==, "daniel@hotmail.com.tw");
  g_assert_cmpstr (pd_company_profile_get_organization_registration_number (profile), ==, "");
  g_assert_cmpstr (pd_address_get_city (pd_company_profile_get_address (profile)), ==,
                   "Redmond ");

  copy = pd_company_profile_copy (profile);
  g_assert_true (pd_company_profile_get_address (copy) != pd_company_profile_get_address (profile));
  g_assert_true (pd_address_equal (pd_company_profile_get_address (copy),
                                   pd_company_profile_get_address (profile)));
  g_assert_cmpstr (pd_company_profile_get_tenant_id (copy), ==,
                   "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04");

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_country_rules (void)
{
  g_autoptr(JsonNode) us_root = load_data ("country-rules-us.json");
  g_autoptr(JsonNode) cn_root = load_data ("country-rules-cn-flat.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCountryRules) us = NULL;
  g_autoptr(PdCountryRules) cn = NULL;

  us = pd_country_rules_new_from_json (json_node_get_object (us_root), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_country_rules_get_iso2_code (us), ==, "US");
  g_assert_cmpstr (pd_country_rules_get_default_culture (us), ==, "en-US");
  g_assert_true (pd_country_rules_get_is_state_required (us));
  g_assert_true (pd_country_rules_get_is_postal_code_required (us));
  g_assert_true (pd_country_rules_get_is_city_required (us));
  g_assert_false (pd_country_rules_get_is_phone_required (us));
  g_assert_cmpuint (g_strv_length ((GStrv) pd_country_rules_get_states (us)), ==, 51);
  g_assert_true (g_strv_contains (pd_country_rules_get_states (us), "WA"));
  g_assert_cmpstrv (pd_country_rules_get_supported_languages (us),
                    ((const char * const[]) { "en", "es", NULL }));
  g_assert_cmpstrv (pd_country_rules_get_supported_cultures (us),
                    ((const char * const[]) { "en-US", "es-US", NULL }));
  g_assert_cmpstrv (pd_country_rules_get_calling_codes (us),
                    ((const char * const[]) { "1", NULL }));
  g_assert_true (pd_country_rules_match_postal_code (us, "98052"));
  g_assert_true (pd_country_rules_match_postal_code (us, "98052-6399"));
  g_assert_false (pd_country_rules_match_postal_code (us, "9805"));
  g_assert_false (pd_country_rules_match_postal_code (us, "98052-"));
  g_assert_true (pd_country_rules_match_phone_number (us, "4255555555"));
  g_assert_true (pd_country_rules_match_phone_number (us, "(425)555-5555"));
  g_assert_true (pd_country_rules_match_phone_number (us, "1-425-555-5555"));
  g_assert_false (pd_country_rules_match_phone_number (us, "555-5555"));

  cn = pd_country_rules_new_from_json (json_node_get_object (cn_root), &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains (pd_country_rules_get_states (cn), "GD"));
  g_assert_cmpuint (g_strv_length ((GStrv) pd_country_rules_get_states (cn)), ==, 31);
  g_assert_cmpstrv (pd_country_rules_get_supported_languages (cn),
                    ((const char * const[]) { "zh", "en", NULL }));
  g_assert_cmpstrv (pd_country_rules_get_supported_cultures (cn),
                    ((const char * const[]) { "zh-CN", "en-US", NULL }));
  g_assert_cmpstrv (pd_country_rules_get_calling_codes (cn),
                    ((const char * const[]) { "86", NULL }));
  g_assert_null (pd_country_rules_get_phone_number_regex (cn));
  g_assert_true (pd_country_rules_match_phone_number (cn, "anything"));
  g_assert_true (pd_country_rules_match_postal_code (cn, "510000"));
  g_assert_false (pd_country_rules_match_postal_code (cn, "51000"));

  g_assert_cmpstr (pd_country_rules_get_state_name ("CN", "GD"), ==, "Guangdong");
  g_assert_cmpstr (pd_country_rules_get_state_name ("US", "wa"), ==, "Washington");
  g_assert_cmpstr (pd_country_rules_get_state_name ("US", "CA"), ==, "California");
  g_assert_cmpstr (pd_country_rules_get_state_name ("CA", "QC"), ==, "Quebec");
  g_assert_cmpstr (pd_country_rules_get_state_name ("US", "ZZ"), ==, "ZZ");
  g_assert_cmpstr (pd_country_rules_get_state_name ("RU", "MOW"), ==, "MOW");

  /* Lists are empty, never NULL, when the answer has none; the phone rule comes from the
   * reference's list of countries. */
  {
    g_autoptr(JsonObject) ru_object = json_object_new ();
    g_autoptr(PdCountryRules) ru = NULL;

    json_object_set_string_member (ru_object, "Iso2Code", "ru");
    ru = pd_country_rules_new_from_json (ru_object, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_country_rules_get_iso2_code (ru), ==, "RU");
    g_assert_nonnull (pd_country_rules_get_states (ru));
    g_assert_null (pd_country_rules_get_states (ru)[0]);
    g_assert_true (pd_country_rules_get_is_phone_required (ru));
    g_assert_finalize_object (g_steal_pointer (&ru));
  }

  g_assert_finalize_object (g_steal_pointer (&us));
  g_assert_finalize_object (g_steal_pointer (&cn));
}

static void
test_address_validation (void)
{
  g_autoptr(JsonNode) root = load_data ("address-validation.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdAddressValidation) validation = NULL;
  g_autoptr(PdAddressValidation) empty = NULL;
  g_autoptr(PdAddressValidation) verified = NULL;
  g_autoptr(PdAddress) address = pd_address_new ();
  GPtrArray *suggested;

  validation = pd_address_validation_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_address_validation_get_status (validation), ==, "StreetPartial");
  g_assert_false (pd_address_validation_is_verified (validation));
  g_assert_cmpstr (pd_address_validation_get_message (validation), ==,
                   "Address field invalid for property: 'Region', 'PostalCode', 'City'");
  g_assert_cmpstr (pd_address_get_address_line1 (
                     pd_address_validation_get_original_address (validation)),
                   ==, "Microsoft Way");
  suggested = pd_address_validation_get_suggested_addresses (validation);
  g_assert_cmpuint (suggested->len, ==, 1);
  g_assert_cmpstr (pd_address_get_postal_code (g_ptr_array_index (suggested, 0)), ==,
                   "98052-6399");

  /* The pre-2021 service answered a valid address with an empty 200. */
  empty = pd_address_validation_new_from_json (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_address_validation_get_status (empty), ==, "Verified");
  g_assert_true (pd_address_validation_is_verified (empty));
  g_assert_null (pd_address_validation_get_message (empty));
  g_assert_cmpuint (pd_address_validation_get_suggested_addresses (empty)->len, ==, 0);

  verified = pd_address_validation_new_verified (address);
  g_assert_true (pd_address_validation_is_verified (verified));
  g_assert_true (pd_address_validation_get_original_address (verified) == address);

  g_assert_finalize_object (g_steal_pointer (&validation));
  g_assert_finalize_object (g_steal_pointer (&empty));
  g_assert_finalize_object (g_steal_pointer (&verified));
  g_assert_finalize_object (g_steal_pointer (&address));
}

/* ------------------------------------------------------------------------------------- */
/* The reader itself (pd_json_parse is hand-written: json-glib's is too slow for pages) */

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = pd_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static void
assert_parse_fails (const char *text,
                    gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = pd_json_parse (text, len, &error);

  if (root != NULL)
    g_test_message ("accepted: %s", text);
  g_assert_null (root);
  g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static const char *
string_value (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static void
test_parse_escapes (void)
{
  g_autoptr(JsonNode) all = parse_ok ("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u4E2D \\u0041\"");
  g_autoptr(JsonNode) raw = parse_ok ("[\"Ромашка\", \"深圳市腾云科技\", \"\xF0\x9F\x98\x80\", \"\"]");
  JsonArray *array = json_node_get_array (raw);

  g_assert_cmpstr (string_value (all), ==, "q\" b\\ s/ \b\f\n\r\t \xC3\xA9\xE4\xB8\xAD A");
  g_assert_cmpstr (string_value (json_array_get_element (array, 0)), ==, "Ромашка");
  g_assert_cmpstr (string_value (json_array_get_element (array, 1)), ==, "深圳市腾云科技");
  g_assert_cmpstr (string_value (json_array_get_element (array, 2)), ==, "\xF0\x9F\x98\x80");
  g_assert_cmpstr (string_value (json_array_get_element (array, 3)), ==, "");

  assert_parse_fails ("\"\\x41\"", -1);     /* unknown escape */
  assert_parse_fails ("\"\\u12G4\"", -1);   /* not hex */
  assert_parse_fails ("\"\\u0000\"", -1);   /* would be cut at the NUL */
  assert_parse_fails ("\"tab\there\"", -1); /* raw control character */
  assert_parse_fails ("\"a\nb\"", -1);
  assert_parse_fails ("'single'", -1);
}

static void
test_parse_surrogates (void)
{
  g_autoptr(JsonNode) pair = parse_ok ("\"\\ud83d\\ude00 \\uD834\\uDD1E \\uDBFF\\uDFFF\"");

  /* U+1F600, U+1D11E and U+10FFFF, the last code point. */
  g_assert_cmpstr (string_value (pair), ==, "\xF0\x9F\x98\x80 \xF0\x9D\x84\x9E \xF4\x8F\xBF\xBF");

  assert_parse_fails ("\"\\ud83d\"", -1);          /* high half alone */
  assert_parse_fails ("\"\\ud83d x\"", -1);
  assert_parse_fails ("\"\\ud83d\\u0041\"", -1);   /* followed by no low half */
  assert_parse_fails ("\"\\ud83d\\ud83d\"", -1);
  assert_parse_fails ("\"\\ude00\"", -1);          /* low half alone */
  assert_parse_fails ("\"\\ude00\\ud83d\"", -1);   /* halves swapped */
}

static void
test_parse_invalid_utf8 (void)
{
  const char *bad[] = {
    "\"\xC3\x28\"",               /* lead byte, then no continuation */
    "\"\x80\"",                   /* stray continuation byte */
    "\"\xC0\xAF\"",               /* overlong "/" */
    "\"\xE0\x80\xAF\"",           /* overlong, three bytes */
    "\"\xF0\x80\x80\xAF\"",       /* overlong, four bytes */
    "\"\xED\xA0\x80\"",           /* a surrogate, encoded */
    "\"\xF4\x90\x80\x80\"",       /* above U+10FFFF */
    "\"\xF8\x88\x80\x80\x80\"",   /* five-byte form */
    "\"\xFF\"",
    "{\"k\xFF\": 1}",             /* in a member name */
    "[1, \xC3\xA9]",              /* outside any string */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i], -1);

  /* Where it was is in the message. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = pd_json_parse ("[\"ok\", \"\xC3\x28\"]", -1, &error);

    g_assert_null (root);
    g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "UTF-8"));
    g_assert_nonnull (strstr (error->message, "8"));
  }
}

static void
test_parse_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) too_deep = g_string_new (NULL);
  g_autoptr(JsonNode) mixed = parse_ok (" { \"a\" : [ { \"b\" : [ [ ] , { } , null ] } ] ,"
                                        "\"c\":{\"d\":{\"e\":true}} } ");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = json_object_get_member (json_node_get_object (mixed), "c");
  node = json_object_get_member (json_node_get_object (node), "d");
  node = json_object_get_member (json_node_get_object (node), "e");
  g_assert_true (json_node_get_boolean (node));
  node = json_array_get_element (json_node_get_array (json_object_get_member (
           json_node_get_object (mixed), "a")), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (node), "b")), ==, 3);

  /* 512 levels are fine; 513 are refused (a hostile answer must not blow the stack). */
  for (guint i = 0; i < 256; i++)
    g_string_append (deep, "[{\"k\":");
  g_string_append (deep, "1");
  for (guint i = 0; i < 256; i++)
    g_string_append (deep, "}]");
  root = pd_json_parse (deep->str, deep->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  g_string_append (too_deep, "[");
  g_string_append (too_deep, deep->str);
  g_string_append (too_deep, "]");
  assert_parse_fails (too_deep->str, too_deep->len);

  g_string_truncate (too_deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (too_deep, '[');
  assert_parse_fails (too_deep->str, too_deep->len);
}

static void
test_parse_numbers (void)
{
  g_autoptr(JsonNode) root = parse_ok ("[0, -0, 123, -45, 9223372036854775807, "
                                       "-9223372036854775808, 9223372036854775808, "
                                       "1.5, -1e3, 1E+2, 2.5e-3, 0.0]");
  JsonArray *array = json_node_get_array (root);
  const char *bad[] = {
    "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "--1", "0x10", "NaN", "Infinity",
    "-Infinity", "1.e3", "[1,]", "[,1]", "1 2", "tru", "nulll", "True",
  };

  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 0);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, 0);
  g_assert_cmpint (json_array_get_int_element (array, 2), ==, 123);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, -45);
  g_assert_cmpint (json_array_get_int_element (array, 4), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 5), ==, G_MININT64);
  /* Beyond 64 bits: a double, as json-glib reads it. */
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 6)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 6), ==, 9223372036854775808.0);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 7)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 7), ==, 1.5);
  g_assert_cmpfloat (json_array_get_double_element (array, 8), ==, -1000.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 9), ==, 100.0);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, 10), 0.0025, 1e-12);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 11)), ==, G_TYPE_DOUBLE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i], -1);

  /* A number as the whole answer, and the error code the API sends as one. */
  {
    g_autoptr(JsonNode) number = parse_ok (" 42 ");

    g_assert_cmpint (json_node_get_int (number), ==, 42);
  }
}

static void
test_parse_syntax (void)
{
  const char *bad[] = {
    "{", "}", "{\"a\"}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1,}", "{,\"a\":1}", "{a:1}",
    "{\"a\":1 \"b\":2}", "[1 2]", "[", "]", "{} x", "{}{}", "/* c */ {}", "{} // c",
    "\"unterminated", "\xEF\xBB\xBF\xEF\xBB\xBF{}", "{\"a\":1}\v", "\x00{}",
  };
  g_autoptr(JsonNode) dup = parse_ok ("{\"a\": 1, \"b\": 2, \"a\": 3}");
  g_autoptr(JsonNode) spaced = parse_ok ("\xEF\xBB\xBF \t\r\n{ \"a\" :\n[ true , false , null ] }\n");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i], -1);
  /* An embedded NUL ends nothing: the length says where the answer ends. */
  assert_parse_fails ("{}\0", 3);

  /* A repeated name keeps the last value, as json-glib does. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dup), "a"), ==, 3);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (dup)), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (spaced), "a")), ==, 3);
}

/* The same tree json-glib builds, for every sample the tests use. */
static void
test_parse_like_json_glib (void)
{
  const char *names[] = {
    "address-validation.json", "billing-profile-bom.json", "billing-profile-put-pascal.json",
    "billing-profile-ru.json", "billing-profile.json", "company-profile.json",
    "country-rules-cn-flat.json", "country-rules-us.json", "customer-by-id.json",
    "customers-page.json", "error-code-number.json", "error-code-string.json",
    "throttled.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", names[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) ours = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      gssize text_length;
      const char *text;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      text_length = (gssize) length;
      text = pd_json_strip_bom (contents, &text_length);
      g_assert_true (json_parser_load_from_data (parser, text, text_length, &error));
      g_assert_no_error (error);
      ours = pd_json_parse (contents, (gssize) length, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (ours, json_parser_get_root (parser)));
    }
}

/* Every proper prefix of an answer is an error, and says the answer was cut short. */
static void
test_parse_truncated (void)
{
  const char *names[] = { "customers-page.json", "customer-by-id.json",
                          "billing-profile-ru.json", "country-rules-us.json" };
  g_autoptr(GError) cut_error = NULL;
  g_autoptr(JsonNode) cut = pd_json_parse ("{\"a\":", -1, &cut_error);
  const char *truncated_message;

  g_assert_null (cut);
  g_assert_error (cut_error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
  truncated_message = cut_error->message;

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", names[n], NULL);
      g_autofree char *contents = NULL;
      gsize length;
      gsize end;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      end = length;
      while (end > 0 && g_ascii_isspace (contents[end - 1]))
        end--;

      for (gsize i = 0; i < end; i++)
        {
          g_autoptr(GError) error = NULL;
          /* A copy of exactly @i bytes, so reading past the end is an ASan error. */
          g_autofree char *prefix = g_memdup2 (contents, MAX (i, 1));
          g_autoptr(JsonNode) root = pd_json_parse (prefix, (gssize) i, &error);

          g_assert_null (root);
          g_assert_error (error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
          /* The empty and BOM-only prefixes are "empty"; the rest are cut short. */
          if (i > 3)
            g_assert_cmpstr (error->message, ==, truncated_message);
        }
    }
}

/* The list page is parsed without the members no model reads: the same customers come out,
 * and an error in a member that is not built is still an error. */
static void
test_parse_filtered (void)
{
  static const PdJsonFilter page_members[] = {
    { "items", pd_customer_json_members },
    { "totalCount", NULL },
    { "links", NULL },
    { NULL, NULL }
  };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "customers-page.json",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) filtered = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *full_items;
  JsonArray *filtered_items;
  gsize length;
  const char *with_bad_skipped[] = {
    "{\"items\": [], \"attributes\": {\"x\": [1, 2,]}}",
    "{\"items\": [{\"id\": \"a\", \"attributes\": \"\xC3\x28\"}]}",
    "{\"items\": [{\"id\": \"a\", \"links\": {\"self\": tru}}]}",
    "{\"items\": [{\"id\": \"a\", \"x\": 01}]}",
    "{\"items\": [{\"id\": \"a\", \"x\": \"\\ud800\"}]}",
    "{\"items\": [{\"id\": \"a\", \"x\": {\"y\": [",
  };

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  full = pd_json_parse (contents, (gssize) length, &error);
  g_assert_no_error (error);
  filtered = pd_json_parse_filtered (contents, (gssize) length, page_members, &error);
  g_assert_no_error (error);

  full_items = pd_json_object_get_array_ci (json_node_get_object (full), "items");
  filtered_items = pd_json_object_get_array_ci (json_node_get_object (filtered), "items");
  g_assert_cmpuint (json_array_get_length (full_items), ==,
                    json_array_get_length (filtered_items));
  g_assert_false (json_object_has_member (json_array_get_object_element (filtered_items, 0),
                                          "attributes"));
  for (guint i = 0; i < json_array_get_length (full_items); i++)
    {
      g_autoptr(PdCustomer) a = pd_customer_new_from_json (
        json_array_get_object_element (full_items, i), &error);
      g_autoptr(PdCustomer) b = NULL;

      g_assert_no_error (error);
      b = pd_customer_new_from_json (json_array_get_object_element (filtered_items, i), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pd_customer_get_id (a), ==, pd_customer_get_id (b));
      g_assert_cmpstr (pd_customer_get_company_name (a), ==, pd_customer_get_company_name (b));
      g_assert_cmpstr (pd_customer_get_domain (a), ==, pd_customer_get_domain (b));
      g_assert_cmpstr (pd_customer_get_tenant_id (a), ==, pd_customer_get_tenant_id (b));
      g_assert_cmpstr (pd_customer_get_relationship (a), ==, pd_customer_get_relationship (b));
    }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (filtered), "totalCount"),
                   ==, 2);

  /* A customer with every model member, in PascalCase, keeps them all. */
  {
    const char *item = "{\"items\": [{\"Id\": \"c1\", \"RelationshipToPartner\": \"advisor\","
                       " \"CompanyProfile\": {\"CompanyName\": \"Acme\", \"Domain\": \"acme.example\","
                       " \"TenantId\": \"t1\", \"Email\": \"a@acme.example\", \"Address\":"
                       " {\"Country\": \"DE\", \"City\": \"Berlin\"}, \"Attributes\": {}},"
                       " \"BillingProfile\": {\"FirstName\": \"Ann\", \"Attributes\":"
                       " {\"Etag\": \"e1\"}, \"DefaultAddress\": {\"Country\": \"DE\","
                       " \"District\": \"Mitte\"}}, \"Attributes\": {\"ObjectType\": \"Customer\"}}]}";
    g_autoptr(JsonNode) root = pd_json_parse_filtered (item, -1, page_members, &error);
    g_autoptr(PdCustomer) customer = NULL;
    g_autoptr(JsonObject) billing = NULL;
    PdCompanyProfile *company;

    g_assert_no_error (error);
    customer = pd_customer_new_from_json (json_array_get_object_element (
      pd_json_object_get_array_ci (json_node_get_object (root), "items"), 0), &error);
    g_assert_no_error (error);
    company = pd_customer_get_company_profile (customer);
    g_assert_cmpstr (pd_customer_get_id (customer), ==, "c1");
    g_assert_cmpstr (pd_customer_get_relationship (customer), ==, "advisor");
    g_assert_cmpstr (pd_company_profile_get_email (company), ==, "a@acme.example");
    g_assert_cmpstr (pd_address_get_city (pd_company_profile_get_address (company)), ==, "Berlin");
    g_assert_cmpstr (pd_billing_profile_get_etag (pd_customer_get_billing_profile (customer)),
                     ==, "e1");
    billing = pd_billing_profile_to_json (pd_customer_get_billing_profile (customer));
    /* Written back under the names it came with. */
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (billing, "DefaultAddress"), "District"),
                     ==, "Mitte");
  }

  for (guint i = 0; i < G_N_ELEMENTS (with_bad_skipped); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(JsonNode) root = pd_json_parse_filtered (with_bad_skipped[i], -1, page_members,
                                                         &bad_error);

      g_assert_null (root);
      g_assert_error (bad_error, PD_API_ERROR, PD_API_ERROR_PROTOCOL);
    }
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The customer mirrors its company profile's name, domain and tenant with notifications. */
static void
test_customer_mirrors_profile (void)
{
  g_autoptr(JsonNode) root = load_data ("customers-page.json");
  JsonArray *items = pd_json_object_get_array_ci (json_node_get_object (root), "items");
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCustomer) customer = NULL;
  g_autoptr(PdCustomer) other = NULL;
  g_autoptr(PdCompanyProfile) replacement = pd_company_profile_new ();
  PdCompanyProfile *profile;
  guint name_count = 0, domain_count = 0, other_count = 0;

  customer = pd_customer_new_from_json (json_array_get_object_element (items, 0), &error);
  g_assert_no_error (error);
  profile = pd_customer_get_company_profile (customer);
  g_signal_connect (customer, "notify::company-name", G_CALLBACK (notify_count_cb), &name_count);
  g_signal_connect (customer, "notify::domain", G_CALLBACK (notify_count_cb), &domain_count);
  g_assert_nonnull (strstr (pd_customer_get_search_key (customer), "companyname"));

  pd_company_profile_set_company_name (profile, "Ромашка");
  g_assert_cmpuint (name_count, ==, 1);
  g_assert_cmpuint (domain_count, ==, 0);
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "Ромашка");
  /* The search key follows (folded). */
  g_assert_nonnull (strstr (pd_customer_get_search_key (customer), "ромашка"));
  pd_company_profile_set_company_name (profile, "Ромашка");
  g_assert_cmpuint (name_count, ==, 1);

  /* Two customers sharing a profile both hear of it. */
  other = pd_customer_new ();
  pd_customer_set_company_profile (other, profile);
  g_signal_connect (other, "notify::company-name", G_CALLBACK (notify_count_cb), &other_count);
  pd_company_profile_set_company_name (profile, "Lilie");
  g_assert_cmpuint (name_count, ==, 2);
  g_assert_cmpuint (other_count, ==, 1);

  /* A replaced profile is no longer watched. */
  pd_company_profile_set_company_name (replacement, "Lilie");
  pd_customer_set_company_profile (customer, replacement);
  g_assert_cmpuint (name_count, ==, 2);
  g_assert_cmpuint (domain_count, ==, 1);
  pd_company_profile_set_company_name (profile, "Tulpe");
  g_assert_cmpuint (name_count, ==, 2);
  g_assert_cmpuint (other_count, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&customer));
  pd_company_profile_set_domain (replacement, "after.example");
  g_assert_finalize_object (g_steal_pointer (&other));
  g_assert_finalize_object (g_steal_pointer (&replacement));
}

static gboolean
collect_record (char     **values,
                guint32    present,
                gpointer   user_data)
{
  PdCustomer *customer = pd_customer_new_from_record (values, present);

  if (customer == NULL)
    return FALSE;
  g_ptr_array_add (user_data, customer);
  return TRUE;
}

static const PdJsonFilter record_page_members[] = {
  { "totalCount", NULL },
  { "links", NULL },
  { NULL, NULL }
};

/* Reads @text both ways; returns whether the flat path took it, after checking that the
 * customers it made are the tree path's. */
static gboolean
records_match_tree (const char *text)
{
  g_autoptr(GPtrArray) flat = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) flat_root = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gboolean read;

  read = pd_json_read_records (text, -1, "items", pd_customer_record_fields,
                               PD_CUSTOMER_RECORD_N_FIELDS, record_page_members,
                               collect_record, flat, &flat_root);
  if (!read)
    {
      g_assert_null (flat_root);
      return FALSE;
    }

  tree = pd_json_parse (text, -1, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (tree), "items");
  g_assert_cmpuint (flat->len, ==, json_array_get_length (items));
  g_assert_false (json_object_has_member (json_node_get_object (flat_root), "items"));
  if (json_object_has_member (json_node_get_object (tree), "totalCount"))
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (flat_root), "totalCount"),
                     ==, json_object_get_int_member (json_node_get_object (tree), "totalCount"));

  for (guint i = 0; i < flat->len; i++)
    {
      g_autoptr(PdCustomer) expected = pd_customer_new_from_json (
        json_array_get_object_element (items, i), &error);
      PdCustomer *actual = g_ptr_array_index (flat, i);
      PdCompanyProfile *a;
      PdCompanyProfile *b;

      g_assert_no_error (error);
      g_assert_cmpstr (pd_customer_get_id (actual), ==, pd_customer_get_id (expected));
      g_assert_cmpstr (pd_customer_get_relationship (actual), ==,
                       pd_customer_get_relationship (expected));
      /* The shortcuts first (before the profile exists), then the profile itself. */
      g_assert_cmpstr (pd_customer_get_company_name (actual), ==,
                       pd_customer_get_company_name (expected));
      g_assert_cmpstr (pd_customer_get_domain (actual), ==, pd_customer_get_domain (expected));
      g_assert_cmpstr (pd_customer_get_tenant_id (actual), ==,
                       pd_customer_get_tenant_id (expected));
      g_assert_cmpstr (pd_customer_get_search_key (actual), ==,
                       pd_customer_get_search_key (expected));
      a = pd_customer_get_company_profile (actual);
      b = pd_customer_get_company_profile (expected);
      g_assert_cmpstr (pd_company_profile_get_company_name (a), ==,
                       pd_company_profile_get_company_name (b));
      g_assert_cmpstr (pd_company_profile_get_email (a), ==, pd_company_profile_get_email (b));
      g_assert_cmpstr (pd_company_profile_get_organization_registration_number (a), ==,
                       pd_company_profile_get_organization_registration_number (b));
      g_assert_cmpstr (pd_company_profile_get_tenant_id (a), ==,
                       pd_company_profile_get_tenant_id (b));
      g_assert_null (pd_company_profile_get_address (a));
      g_assert_null (pd_customer_get_billing_profile (actual));
    }

  return TRUE;
}

/* A list page's customers are read without a tree when the page is plain; anything else
 * is left to the tree path, so both give the same customers. */
static void
test_parse_records (void)
{
  const char *plain[] = {
    "{\"totalCount\": 2, \"items\": [{\"id\": \"a\", \"companyProfile\": {\"tenantId\": \"t\","
    " \"domain\": \"a.example\", \"companyName\": \"ООО «Ромашка»\", \"attributes\":"
    " {\"objectType\": \"CustomerCompanyProfile\"}}, \"relationshipToPartner\": \"reseller\","
    " \"attributes\": {\"objectType\": \"Customer\"}}, {\"id\": \"b\"}], \"links\": {\"next\":"
    " {\"uri\": \"/v1/customers?seekOperation=Next\", \"headers\": [{\"key\":"
    " \"MS-ContinuationToken\", \"value\": \"x\"}]}}, \"attributes\": {}}",
    "{\"items\": []}",
    "\xEF\xBB\xBF {\"items\": [{\"id\": \"a\", \"relationshipToPartner\": null,"
    " \"companyProfile\": {\"companyName\": \"\", \"email\": \"e@x\","
    " \"organizationRegistrationNumber\": \"12\\u00e9\", \"unknown\": [1, {\"x\": null}]}}]} ",
    "{\"items\": [{\"id\": \"a\", \"companyProfile\": {}}]}",
  };
  const char *not_plain[] = {
    /* Other spellings: which one counts is the tree's rule. */
    "{\"Items\": [{\"id\": \"a\"}]}",
    "{\"items\": [{\"Id\": \"a\"}]}",
    "{\"items\": [{\"id\": \"a\", \"ID\": \"b\"}]}",
    "{\"items\": [{\"id\": \"a\", \"companyProfile\": {\"CompanyName\": \"x\"}}]}",
    /* Repeated members, other kinds of values. */
    "{\"items\": [{\"id\": \"a\", \"id\": \"b\"}]}",
    "{\"items\": [], \"items\": []}",
    "{\"items\": [{\"id\": 12}]}",
    "{\"items\": [{\"id\": \"a\", \"companyProfile\": null}]}",
    "{\"items\": [{\"id\": \"a\", \"companyProfile\": {\"domain\": true}}]}",
    "{\"items\": [\"a\"]}",
    "{\"items\": {}}",
    /* What only a tree can hold. */
    "{\"items\": [{\"id\": \"a\", \"billingProfile\": {\"firstName\": \"x\"}}]}",
    "{\"items\": [{\"id\": \"a\", \"companyProfile\": {\"address\": {\"city\": \"x\"}}}]}",
    /* No ID: the tree path says so. */
    "{\"items\": [{\"id\": \"\"}]}",
    "{\"items\": [{\"relationshipToPartner\": \"reseller\"}]}",
    /* Not JSON, or not this shape. */
    "{\"items\": [{\"id\": \"a\"}]", "{\"items\": [{\"id\": \"a\"}]} x", "[]", "",
    "{\"items\": [{\"id\": \"a\", \"x\": [1,]}]}", "{\"items\": [{\"id\": \"\xC3\x28\"}]}",
    "{\"totalCount\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      if (!records_match_tree (plain[i]))
        g_test_message ("not read flat: %s", plain[i]);
      g_assert_true (records_match_tree (plain[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_plain); i++)
    {
      if (records_match_tree (not_plain[i]))
        g_test_message ("read flat: %s", not_plain[i]);
      g_assert_false (records_match_tree (not_plain[i]));
    }

  /* The sample page too. */
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "customers-page.json",
                                                   NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (records_match_tree (contents));
  }
}

/* A listed customer makes its company profile when first asked; changes after that are
 * mirrored as for any customer. */
static void
test_customer_pending_profile (void)
{
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdCompanyProfile) replacement = pd_company_profile_new ();
  PdCustomer *customer;
  PdCompanyProfile *profile;
  guint name_count = 0, domain_count = 0, profile_count = 0;

  g_assert_true (pd_json_read_records ("{\"items\": [{\"id\": \"a\", \"companyProfile\":"
                                       " {\"companyName\": \"Ромашка\", \"domain\": \"r.example\","
                                       " \"tenantId\": \"t\"}}]}", -1, "items",
                                       pd_customer_record_fields, PD_CUSTOMER_RECORD_N_FIELDS,
                                       NULL, collect_record, customers, &root));
  customer = g_ptr_array_index (customers, 0);
  g_signal_connect (customer, "notify::company-name", G_CALLBACK (notify_count_cb), &name_count);
  g_signal_connect (customer, "notify::domain", G_CALLBACK (notify_count_cb), &domain_count);
  g_signal_connect (customer, "notify::company-profile", G_CALLBACK (notify_count_cb),
                    &profile_count);

  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "Ромашка");
  profile = pd_customer_get_company_profile (customer);
  g_assert_true (profile == pd_customer_get_company_profile (customer));
  g_assert_cmpstr (pd_company_profile_get_domain (profile), ==, "r.example");
  g_assert_cmpuint (profile_count, ==, 0);

  pd_company_profile_set_domain (profile, "s.example");
  g_assert_cmpuint (domain_count, ==, 1);
  g_assert_cmpstr (pd_customer_get_domain (customer), ==, "s.example");

  /* Replacing a profile still pending compares with what it held. */
  g_ptr_array_set_size (customers, 0);
  g_clear_pointer (&root, json_node_unref);
  name_count = domain_count = profile_count = 0;
  g_assert_true (pd_json_read_records ("{\"items\": [{\"id\": \"b\", \"companyProfile\":"
                                       " {\"companyName\": \"Lilie\", \"domain\": \"l.example\"}}]}",
                                       -1, "items", pd_customer_record_fields,
                                       PD_CUSTOMER_RECORD_N_FIELDS, NULL, collect_record,
                                       customers, &root));
  customer = g_ptr_array_index (customers, 0);
  g_signal_connect (customer, "notify::company-name", G_CALLBACK (notify_count_cb), &name_count);
  g_signal_connect (customer, "notify::domain", G_CALLBACK (notify_count_cb), &domain_count);
  pd_company_profile_set_company_name (replacement, "Lilie");
  pd_customer_set_company_profile (customer, replacement);
  g_assert_cmpuint (name_count, ==, 0);
  g_assert_cmpuint (domain_count, ==, 1);
  g_assert_true (pd_customer_get_company_profile (customer) == replacement);
  g_assert_cmpstr (pd_customer_get_domain (customer), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no files, and GLib 2.74 leaks the
   * isolated directory names, which LeakSanitizer cannot attribute without frame pointers. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/bom", test_bom);
  g_test_add_func ("/json/parse/bad", test_bad_json);
  g_test_add_func ("/json/parse/escapes", test_parse_escapes);
  g_test_add_func ("/json/parse/surrogates", test_parse_surrogates);
  g_test_add_func ("/json/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/json/parse/nesting", test_parse_nesting);
  g_test_add_func ("/json/parse/numbers", test_parse_numbers);
  g_test_add_func ("/json/parse/syntax", test_parse_syntax);
  g_test_add_func ("/json/parse/like-json-glib", test_parse_like_json_glib);
  g_test_add_func ("/json/parse/truncated", test_parse_truncated);
  g_test_add_func ("/json/parse/filtered", test_parse_filtered);
  g_test_add_func ("/json/parse/records", test_parse_records);
  g_test_add_func ("/json/customer/pending-profile", test_customer_pending_profile);
  g_test_add_func ("/json/customer/mirrors-profile", test_customer_mirrors_profile);
  g_test_add_func ("/json/error/bodies", test_error_bodies);
  g_test_add_func ("/json/customer/list-page", test_list_page);
  g_test_add_func ("/json/customer/by-id", test_customer_by_id);
  g_test_add_func ("/json/billing/round-trip", test_billing_round_trip);
  g_test_add_func ("/json/billing/unknown-fields", test_billing_unknown_fields);
  g_test_add_func ("/json/billing/null-vs-absent", test_billing_null_vs_absent);
  g_test_add_func ("/json/billing/pascal-case", test_billing_pascal_case);
  g_test_add_func ("/json/billing/numbers-as-received", test_billing_numbers_as_received);
  g_test_add_func ("/json/billing/members-as-received", test_billing_members_as_received);
  g_test_add_func ("/json/customer/billing-text", test_customer_billing_text);
  g_test_add_func ("/json/company-profile", test_company_profile);
  g_test_add_func ("/json/country-rules", test_country_rules);
  g_test_add_func ("/json/address-validation", test_address_validation);

  return g_test_run ();
}
