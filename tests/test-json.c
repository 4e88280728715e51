/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the JSON mapping against the reference's published samples (tests/data). */
#include "config.h"

#include <locale.h>

#include "pd-core.h"
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

  /* Written back in camelCase, the nulls still null, unknown members kept. */
  g_assert_false (json_object_has_member (out, "FirstName"));
  g_assert_cmpstr (json_object_get_string_member (out, "firstName"), ==, "FirstName");
  g_assert_false (json_object_has_member (out, "DefaultAddress"));
  out_address = json_object_get_object_member (out, "defaultAddress");
  g_assert_true (json_object_get_null_member (out_address, "region"));
  g_assert_true (json_object_get_null_member (out_address, "addressLine2"));
  g_assert_cmpstr (json_object_get_string_member (out_address, "country"), ==, "US");
  links = json_object_get_object_member (out, "links");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (links, "self"),
                                                  "uri"),
                   ==, "/v1/customers/<customer-tenant-id>/profiles/billing");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out,
                                                                                 "attributes"),
                                                  "etag"), ==, "<etag>");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out,
                                                                                 "attributes"),
                                                  "objectType"), ==, "CustomerBillingProfile");

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
  g_test_add_func ("/json/error/bodies", test_error_bodies);
  g_test_add_func ("/json/customer/list-page", test_list_page);
  g_test_add_func ("/json/customer/by-id", test_customer_by_id);
  g_test_add_func ("/json/billing/round-trip", test_billing_round_trip);
  g_test_add_func ("/json/billing/unknown-fields", test_billing_unknown_fields);
  g_test_add_func ("/json/billing/null-vs-absent", test_billing_null_vs_absent);
  g_test_add_func ("/json/billing/pascal-case", test_billing_pascal_case);
  g_test_add_func ("/json/company-profile", test_company_profile);
  g_test_add_func ("/json/country-rules", test_country_rules);
  g_test_add_func ("/json/address-validation", test_address_validation);

  return g_test_run ();
}
