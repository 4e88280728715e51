/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-models.c: model properties (notify only on change), copy/equal/diff, formatting. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-core.h"

typedef struct
{
  GHashTable *counts; /* property name → number of notify emissions */
} NotifyCounter;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  NotifyCounter *counter = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, pspec->name));

  g_hash_table_insert (counter->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static void
counter_init (NotifyCounter *counter,
              gpointer       object)
{
  counter->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (notify_cb), counter);
}

static guint
counter_get (NotifyCounter *counter,
             const char    *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, name));
}

static guint
counter_total (NotifyCounter *counter)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, counter->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);

  return total;
}

static void
counter_clear (NotifyCounter *counter,
               gpointer       object)
{
  g_signal_handlers_disconnect_by_data (object, counter);
  g_clear_pointer (&counter->counts, g_hash_table_unref);
}

static PdBillingProfile *
make_profile (void)
{
  PdBillingProfile *profile = pd_billing_profile_new ();
  PdAddress *address = pd_billing_profile_get_default_address (profile);

  pd_billing_profile_set_id (profile, "b1");
  pd_billing_profile_set_company_name (profile, "ООО «Ромашка»");
  pd_billing_profile_set_first_name (profile, "Иван");
  pd_billing_profile_set_last_name (profile, "Петров");
  pd_billing_profile_set_email (profile, "ivan@romashka.ru");
  pd_billing_profile_set_language (profile, "ru");
  pd_billing_profile_set_culture (profile, "ru-RU");
  pd_billing_profile_set_etag (profile, "etag-1");
  pd_address_set_country (address, "RU");
  pd_address_set_city (address, "Москва");
  pd_address_set_address_line1 (address, "ул. Тверская, д. 1");
  pd_address_set_postal_code (address, "125009");
  pd_address_set_phone_number (address, "+74951234567");

  return profile;
}

static void
test_address_notify (void)
{
  g_autoptr(PdAddress) address = pd_address_new ();
  g_autofree char *city = NULL;
  NotifyCounter counter;

  counter_init (&counter, address);

  /* Empty to empty, in either spelling, is no change. */
  pd_address_set_city (address, NULL);
  pd_address_set_city (address, "");
  g_assert_cmpuint (counter_total (&counter), ==, 0);
  g_assert_cmpstr (pd_address_get_city (address), ==, "");

  pd_address_set_city (address, "Berlin");
  pd_address_set_city (address, "Berlin");
  g_assert_cmpuint (counter_get (&counter, "city"), ==, 1);

  g_object_set (address, "city", "Hamburg", "postal-code", "20095", NULL);
  g_object_set (address, "city", "Hamburg", NULL);
  g_assert_cmpuint (counter_get (&counter, "city"), ==, 2);
  g_assert_cmpuint (counter_get (&counter, "postal-code"), ==, 1);
  g_object_get (address, "city", &city, NULL);
  g_assert_cmpstr (city, ==, "Hamburg");

  pd_address_set_city (address, NULL);
  g_assert_cmpuint (counter_get (&counter, "city"), ==, 3);
  g_assert_cmpstr (pd_address_get_city (address), ==, "");

  /* Every field is a property with its own notification. */
  {
    const char *names[] = { "country", "region", "state", "address-line1", "address-line2",
                            "address-line3", "first-name", "middle-name", "last-name",
                            "phone-number" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *value = NULL;

        g_object_set (address, names[i], "x", NULL);
        g_object_set (address, names[i], "x", NULL);
        g_object_get (address, names[i], &value, NULL);
        g_assert_cmpstr (value, ==, "x");
        g_assert_cmpuint (counter_get (&counter, names[i]), ==, 1);
      }
  }

  counter_clear (&counter, address);
  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_address_copy_equal (void)
{
  g_autoptr(PdAddress) address = pd_address_new ();
  g_autoptr(PdAddress) copy = NULL;

  pd_address_set_country (address, "US");
  pd_address_set_city (address, "Redmond");
  copy = pd_address_copy (address);
  g_assert_true (pd_address_equal (address, copy));

  pd_address_set_city (copy, "Seattle");
  g_assert_false (pd_address_equal (address, copy));
  g_assert_cmpstr (pd_address_get_city (address), ==, "Redmond");

  pd_address_set_city (copy, "Redmond");
  pd_address_set_region (copy, "");
  g_assert_true (pd_address_equal (address, copy));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_address_format (void)
{
  struct
  {
    const char *country, *state, *region, *city, *line1, *line2, *postal, *expected;
  } cases[] = {
    { "US", "WA", NULL, "Redmond", "1 Microsoft Way", NULL, "98052",
      "1 Microsoft Way\nRedmond, WA 98052" },
    { "DE", NULL, NULL, "Berlin", "Unter den Linden 1", "Hinterhaus", "10117",
      "Unter den Linden 1\nHinterhaus\n10117 Berlin" },
    { "FR", NULL, NULL, "Paris", "1 rue de Rivoli", NULL, "75001",
      "1 rue de Rivoli\n75001 Paris" },
    { "RU", NULL, "Московская область", "Москва", "ул. Тверская, д. 1", NULL, "125009",
      "ул. Тверская, д. 1\nМосква\nМосковская область\n125009" },
    { "CN", "GD", NULL, "Guangzhou", "Tianhe Road 1", NULL, "510000",
      "510000\nGuangdong Guangzhou\nTianhe Road 1" },
    { "JP", NULL, NULL, "Tokyo", "1-1 Chiyoda", NULL, "100-0001",
      "〒100-0001\nTokyo\n1-1 Chiyoda" },
    { "GB", NULL, NULL, "London", "10 Downing Street", NULL, "SW1A 2AA",
      "10 Downing Street\nLondon\nSW1A 2AA" },
    { "US", NULL, "wa", "redmond", "1 ms way", NULL, "98052",
      "1 ms way\nredmond, wa 98052" },
    { "XX", NULL, NULL, "Somewhere", "Main street 1", NULL, "123",
      "Main street 1\nSomewhere 123" },
    /* Untidy values (found by fuzz/fuzz-address-format): no padded or empty line. */
    { "JP", NULL, NULL, "Tokyo", "1-1 Chiyoda", NULL, " 100-0001\t",
      "〒100-0001\nTokyo\n1-1 Chiyoda" },
    { "DE", NULL, NULL, "Berlin\n\n  Mitte ", "Unter den Linden 1\r\n", NULL, "10117",
      "Unter den Linden 1\n10117 Berlin\nMitte" },
    { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdAddress) address = pd_address_new ();
      g_autofree char *text = NULL;

      pd_address_set_country (address, cases[i].country);
      pd_address_set_state (address, cases[i].state);
      pd_address_set_region (address, cases[i].region);
      pd_address_set_city (address, cases[i].city);
      pd_address_set_address_line1 (address, cases[i].line1);
      pd_address_set_address_line2 (address, cases[i].line2);
      pd_address_set_postal_code (address, cases[i].postal);
      text = pd_address_format (address);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_country_names (void)
{
  const char *codes[] = { "CN", "RU", "KZ", "US", "GB", "DE", "FR", "JP", "IN", "BR", "AM",
                          "AZ", "BY", "HU", "KG", "MD", "TJ", "UZ", "UA", "PL", "IT", "ES",
                          "NL", "CA", "MX", "AU" };

  g_assert_cmpstr (pd_country_get_name ("RU"), ==, "Russia");
  g_assert_cmpstr (pd_country_get_name ("gb"), ==, "United Kingdom");
  g_assert_cmpstr (pd_country_get_name ("CN"), ==, "China");
  g_assert_cmpstr (pd_country_get_name ("QQ"), ==, "QQ");
  g_assert_cmpstr (pd_country_get_name (NULL), ==, "");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_cmpstr (pd_country_get_name (codes[i]), !=, codes[i]);
}

static void
test_billing_notify (void)
{
  g_autoptr(PdBillingProfile) profile = pd_billing_profile_new ();
  g_autoptr(PdAddress) address = pd_address_new ();
  NotifyCounter counter;
  PdAddress *value = NULL;

  g_assert_nonnull (pd_billing_profile_get_default_address (profile));
  counter_init (&counter, profile);

  pd_billing_profile_set_company_name (profile, "Contoso");
  pd_billing_profile_set_company_name (profile, "Contoso");
  g_object_set (profile, "company-name", "Contoso", NULL);
  g_assert_cmpuint (counter_get (&counter, "company-name"), ==, 1);

  g_object_set (profile, "first-name", "Ann", "last-name", "Lee", "email", "a@b.c",
                "language", "en", "culture", "en-US", "id", "1", "etag", "e1", NULL);
  g_object_set (profile, "first-name", "Ann", "last-name", "Lee", "email", "a@b.c",
                "language", "en", "culture", "en-US", "id", "1", "etag", "e1", NULL);
  g_assert_cmpuint (counter_total (&counter), ==, 8);
  g_assert_cmpstr (pd_billing_profile_get_etag (profile), ==, "e1");

  g_object_set (profile, "default-address", address, NULL);
  g_object_set (profile, "default-address", address, NULL);
  g_assert_cmpuint (counter_get (&counter, "default-address"), ==, 1);
  g_object_get (profile, "default-address", &value, NULL);
  g_assert_true (value == address);
  g_clear_object (&value);

  /* NULL means an empty address, never no address. */
  pd_billing_profile_set_default_address (profile, NULL);
  g_assert_nonnull (pd_billing_profile_get_default_address (profile));
  g_assert_true (pd_billing_profile_get_default_address (profile) != address);
  g_assert_cmpuint (counter_get (&counter, "default-address"), ==, 2);

  counter_clear (&counter, profile);
  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_billing_fields (void)
{
  g_autoptr(PdBillingProfile) profile = pd_billing_profile_new ();

  for (guint bit = PD_PROFILE_FIELD_FIRST; bit < PD_PROFILE_FIELD_LAST; bit <<= 1)
    {
      g_autofree char *value = g_strdup_printf ("v%u", bit);

      g_assert_cmpstr (pd_billing_profile_get_field (profile, bit), ==, "");
      pd_billing_profile_set_field (profile, bit, value);
      g_assert_cmpstr (pd_billing_profile_get_field (profile, bit), ==, value);
      g_assert_nonnull (pd_profile_field_get_key (bit));
      g_assert_cmpstr (pd_profile_field_get_title (bit), !=, "");
    }

  g_assert_null (pd_billing_profile_get_field (profile, PD_PROFILE_FIELD_OTHER));
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (profile)), ==,
                   pd_billing_profile_get_field (profile, PD_PROFILE_FIELD_CITY));
  g_assert_cmpstr (pd_profile_field_get_title (PD_PROFILE_FIELD_POSTAL_CODE), ==, "Postal code");
  g_assert_cmpstr (pd_profile_field_get_key (PD_PROFILE_FIELD_POSTAL_CODE), ==,
                   "defaultAddress.postalCode");
  g_assert_null (pd_profile_field_get_key (PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_STATE));

  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_billing_copy_equal_diff (void)
{
  g_autoptr(PdBillingProfile) profile = make_profile ();
  g_autoptr(PdBillingProfile) copy = pd_billing_profile_copy (profile);
  PdAddress *copy_address = pd_billing_profile_get_default_address (copy);

  g_assert_true (copy_address != pd_billing_profile_get_default_address (profile));
  g_assert_true (pd_billing_profile_equal (profile, copy));
  g_assert_cmpuint (pd_billing_profile_diff (profile, copy), ==, 0);
  g_assert_cmpstr (pd_billing_profile_get_etag (copy), ==, "etag-1");

  /* The etag is not data: a re-read profile with a new etag is still equal. */
  pd_billing_profile_set_etag (copy, "etag-2");
  g_assert_true (pd_billing_profile_equal (profile, copy));

  /* Editing the copy leaves the original alone. */
  pd_address_set_city (copy_address, "Казань");
  pd_billing_profile_set_first_name (copy, "Пётр");
  g_assert_cmpstr (pd_address_get_city (pd_billing_profile_get_default_address (profile)), ==,
                   "Москва");
  g_assert_false (pd_billing_profile_equal (profile, copy));
  g_assert_cmpuint (pd_billing_profile_diff (profile, copy), ==,
                    PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_FIRST_NAME);

  pd_address_set_city (copy_address, "Москва");
  pd_billing_profile_set_first_name (copy, "Иван");
  pd_address_set_middle_name (copy_address, "Сергеевич");
  g_assert_cmpuint (pd_billing_profile_diff (profile, copy), ==,
                    PD_PROFILE_FIELD_ADDRESS_MIDDLE_NAME);
  pd_address_set_middle_name (copy_address, "");
  g_assert_true (pd_billing_profile_equal (profile, copy));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&profile));
}

static void
test_billing_diff_unknown (void)
{
  const char *json_a = "{\"id\":\"1\",\"companyName\":\"A\",\"futureField\":1,"
                       "\"defaultAddress\":{\"city\":\"X\",\"district\":\"D1\"},"
                       "\"attributes\":{\"etag\":\"e1\","
                       "\"objectType\":\"CustomerBillingProfile\"}}";
  const char *json_b = "{\"Id\":\"1\",\"CompanyName\":\"A\",\"FutureField\":1,"
                       "\"DefaultAddress\":{\"City\":\"X\",\"District\":\"D2\"},"
                       "\"Attributes\":{\"Etag\":\"e2\","
                       "\"ObjectType\":\"CustomerBillingProfile\"}}";
  const char *json_c = "{\"id\":\"1\",\"companyName\":\"A\",\"futureField\":1,"
                       "\"defaultAddress\":{\"city\":\"X\",\"district\":\"D1\"},"
                       "\"attributes\":{\"etag\":\"e9\","
                       "\"objectType\":\"CustomerBillingProfile\"}}";
  g_autoptr(JsonNode) node_a = json_from_string (json_a, NULL);
  g_autoptr(JsonNode) node_b = json_from_string (json_b, NULL);
  g_autoptr(JsonNode) node_c = json_from_string (json_c, NULL);
  g_autoptr(PdBillingProfile) a = pd_billing_profile_new_from_json (json_node_get_object (node_a),
                                                                    NULL);
  g_autoptr(PdBillingProfile) b = pd_billing_profile_new_from_json (json_node_get_object (node_b),
                                                                    NULL);
  g_autoptr(PdBillingProfile) c = pd_billing_profile_new_from_json (json_node_get_object (node_c),
                                                                    NULL);

  /* Only the district differs, which the app does not show: that is "other". */
  g_assert_cmpuint (pd_billing_profile_diff (a, b), ==, PD_PROFILE_FIELD_OTHER);
  g_assert_false (pd_billing_profile_equal (a, b));
  /* Only the etag differs. */
  g_assert_cmpuint (pd_billing_profile_diff (a, c), ==, 0);
  g_assert_true (pd_billing_profile_equal (a, c));

  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&c));
}

static void
test_company_profile_notify (void)
{
  g_autoptr(PdCompanyProfile) profile = pd_company_profile_new ();
  g_autoptr(PdAddress) address = pd_address_new ();
  NotifyCounter counter;

  counter_init (&counter, profile);
  g_object_set (profile, "tenant-id", "t", "domain", "d", "company-name", "c", "email", "e",
                "organization-registration-number", "1234567890", "address", address, NULL);
  g_object_set (profile, "tenant-id", "t", "domain", "d", "company-name", "c", "email", "e",
                "organization-registration-number", "1234567890", "address", address, NULL);
  g_assert_cmpuint (counter_total (&counter), ==, 6);
  pd_company_profile_set_address (profile, NULL);
  g_assert_null (pd_company_profile_get_address (profile));
  g_assert_cmpuint (counter_get (&counter, "address"), ==, 2);

  counter_clear (&counter, profile);
  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_customer_shortcuts (void)
{
  g_autoptr(PdCustomer) customer = pd_customer_new ();
  g_autoptr(PdCompanyProfile) profile = pd_company_profile_new ();
  g_autoptr(PdCompanyProfile) same = NULL;
  g_autoptr(PdBillingProfile) billing = pd_billing_profile_new ();
  g_autofree char *name = NULL;
  NotifyCounter counter;

  g_assert_nonnull (pd_customer_get_company_profile (customer));
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "");
  counter_init (&counter, customer);

  pd_company_profile_set_company_name (profile, "ООО «Ромашка»");
  pd_company_profile_set_domain (profile, "romashka.onmicrosoft.com");
  pd_company_profile_set_tenant_id (profile, "0F0E0D0C-aaaa");
  pd_customer_set_company_profile (customer, profile);
  pd_customer_set_company_profile (customer, profile);
  g_assert_cmpuint (counter_get (&counter, "company-profile"), ==, 1);
  g_assert_cmpuint (counter_get (&counter, "company-name"), ==, 1);
  g_assert_cmpuint (counter_get (&counter, "domain"), ==, 1);
  g_assert_cmpuint (counter_get (&counter, "tenant-id"), ==, 1);
  g_object_get (customer, "company-name", &name, NULL);
  g_assert_cmpstr (name, ==, "ООО «Ромашка»");

  /* The key is folded: Cyrillic capitals match their lower case. */
  g_assert_nonnull (strstr (pd_customer_get_search_key (customer), "ромашка"));
  g_assert_nonnull (strstr (pd_customer_get_search_key (customer), "0f0e0d0c"));
  g_assert_true (pd_customer_get_search_key (customer) == pd_customer_get_search_key (customer));
  {
    g_autofree char *query = pd_customer_fold_for_search ("РОМАШ");

    g_assert_nonnull (strstr (pd_customer_get_search_key (customer), query));
  }

  /* Changing the company profile in place notifies the customer and refreshes the key. */
  pd_company_profile_set_company_name (profile, "ООО «Василёк»");
  g_assert_cmpuint (counter_get (&counter, "company-name"), ==, 2);
  g_assert_cmpuint (counter_get (&counter, "domain"), ==, 1);
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "ООО «Василёк»");
  g_assert_nonnull (strstr (pd_customer_get_search_key (customer), "василёк"));
  g_assert_null (strstr (pd_customer_get_search_key (customer), "ромашка"));

  /* A replacement with the same values notifies only the profile itself. */
  same = pd_company_profile_copy (profile);
  pd_customer_set_company_profile (customer, same);
  g_assert_cmpuint (counter_get (&counter, "company-profile"), ==, 2);
  g_assert_cmpuint (counter_get (&counter, "company-name"), ==, 2);
  g_assert_cmpuint (counter_get (&counter, "tenant-id"), ==, 1);

  /* The old profile no longer reaches the customer. */
  pd_company_profile_set_company_name (profile, "Old");
  g_assert_cmpuint (counter_get (&counter, "company-name"), ==, 2);
  g_assert_cmpstr (pd_customer_get_company_name (customer), ==, "ООО «Василёк»");

  pd_customer_set_relationship (customer, "reseller");
  pd_customer_set_relationship (customer, "reseller");
  g_assert_cmpuint (counter_get (&counter, "relationship"), ==, 1);
  g_assert_cmpuint (counter_get (&counter, "relationship-title"), ==, 1);
  g_assert_cmpstr (pd_customer_get_relationship_title (customer), ==, "Reseller");

  pd_customer_set_billing_profile (customer, billing);
  pd_customer_set_billing_profile (customer, billing);
  g_assert_cmpuint (counter_get (&counter, "billing-profile"), ==, 1);

  pd_customer_set_id (customer, "id");
  pd_customer_set_id (customer, "id");
  g_assert_cmpuint (counter_get (&counter, "id"), ==, 1);

  counter_clear (&counter, customer);
  g_assert_finalize_object (g_steal_pointer (&customer));
  g_assert_finalize_object (g_steal_pointer (&same));
  g_assert_finalize_object (g_steal_pointer (&profile));
  g_assert_finalize_object (g_steal_pointer (&billing));
}

static void
test_relationship_titles (void)
{
  struct { const char *value, *title; } cases[] = {
    { "none", "None" }, { "reseller", "Reseller" }, { "advisor", "Advisor" },
    { "syndication", "Syndication" }, { "microsoft_support", "Microsoft Support" },
    { "unknown", "Unknown" }, { "something_new", "something_new" }, { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PdCustomer) customer = pd_customer_new ();

      pd_customer_set_relationship (customer, cases[i].value);
      g_assert_cmpstr (pd_customer_get_relationship_title (customer), ==, cases[i].title);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no files, and GLib 2.74 leaks the
   * isolated directory names, which LeakSanitizer cannot attribute without frame pointers. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/address/notify", test_address_notify);
  g_test_add_func ("/models/address/copy-equal", test_address_copy_equal);
  g_test_add_func ("/models/address/format", test_address_format);
  g_test_add_func ("/models/address/country-names", test_country_names);
  g_test_add_func ("/models/billing/notify", test_billing_notify);
  g_test_add_func ("/models/billing/fields", test_billing_fields);
  g_test_add_func ("/models/billing/copy-equal-diff", test_billing_copy_equal_diff);
  g_test_add_func ("/models/billing/diff-unknown", test_billing_diff_unknown);
  g_test_add_func ("/models/company-profile/notify", test_company_profile_notify);
  g_test_add_func ("/models/customer/shortcuts", test_customer_shortcuts);
  g_test_add_func ("/models/customer/relationship-titles", test_relationship_titles);

  return g_test_run ();
}
