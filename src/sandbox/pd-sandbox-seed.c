/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed.c: deterministic demo customers for a new sandbox database. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-seed"

#include <stdlib.h>
#include <string.h>

#include "pd-sandbox-audit.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-seed-private.h"

/* Fixed, so every new database with the same --seed holds the same customers. */
#define SEED_RANDOM_SEED 20261125
/* The activity log draws from its own generator: the customers stay the same with it. */
#define SEED_AUDIT_RANDOM_SEED 20261202
/* Only the first customers get a seeded history: the demo shows them first, and 100,000
 * histories would slow the seed down for nothing. */
#define SEED_AUDIT_CUSTOMERS 200

/* One demo customer before it becomes JSON. */
typedef struct
{
  const char         *country;
  char               *company_name;
  char               *domain_stem;
  const PdSeedCity   *city;
  char               *postal;
  char               *line1;
  char               *line2;
  char               *district;
  const PdSeedPerson *person;
  char               *phone;
  const char         *culture;
  const char         *language;
  char               *registration;
  gboolean            future_field;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_free (demo->company_name);
  g_free (demo->domain_stem);
  g_free (demo->postal);
  g_free (demo->line1);
  g_free (demo->line2);
  g_free (demo->district);
  g_free (demo->phone);
  g_free (demo->registration);
}

/* An element of one of @country's tables, drawn at random. Every draw counts: the same
 * seed must give the same customers, so the order of the draws below is part of the data. */
#define PICK(rand, country, table) \
  (&(country)->table[g_rand_int_range ((rand), 0, (country)->n_##table)])

static char *
digits (GRand *rand,
        int    n)
{
  char *out = g_malloc (n + 1);

  for (int i = 0; i < n; i++)
    out[i] = (char) ('0' + g_rand_int_range (rand, i == 0 ? 1 : 0, 10));
  out[n] = '\0';

  return out;
}

static char *
postal_code (GRand            *rand,
             const PdSeedCity *city)
{
  gsize len = strlen (city->postal);

  if (city->spread > 0)
    return g_strdup_printf ("%0*d", (int) len,
                            atoi (city->postal) + g_rand_int_range (rand, 0, city->spread + 1));
  return g_strdup (city->postal);
}

/* The postal code in the city drawn, and the contact person. */
static void
draw_postal_and_person (GRand               *rand,
                        const PdSeedCountry *country,
                        Demo                *demo)
{
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, country, people);
}

/* Most customers use the country's own culture; one in other_one_in the other one. */
static void
draw_culture (GRand               *rand,
              const PdSeedCountry *country,
              Demo                *demo)
{
  if (country->other_one_in > 0 && g_rand_int_range (rand, 0, country->other_one_in) == 0)
    demo->culture = country->other_culture, demo->language = country->other_language;
  else
    demo->culture = country->culture, demo->language = country->language;
}

/* "Summit Software Inc.": brand, industry and legal form, with the city drawn between. */
static void
draw_brand_industry_company (GRand               *rand,
                             const PdSeedCountry *country,
                             Demo                *demo)
{
  const PdSeedWord *brand = PICK (rand, country, brands);
  const PdSeedWord *industry = PICK (rand, country, industries);

  demo->country = country->iso2;
  demo->city = PICK (rand, country, cities);
  demo->company_name = g_strdup_printf ("%s %s %s", brand->native, industry->native,
                                        *PICK (rand, country, forms));
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
}

/* "ООО «Ромашка»": legal form and brand, with the city drawn between. */
static void
draw_form_brand_company (GRand               *rand,
                         const PdSeedCountry *country,
                         const PdSeedWord    *brand,
                         Demo                *demo)
{
  demo->country = country->iso2;
  demo->city = PICK (rand, country, cities);
  demo->company_name = g_strdup_printf ("%s «%s»", *PICK (rand, country, forms), brand->native);
  demo->domain_stem = g_strdup (brand->latin);
}

/* "+44 20 1234567": the country code, the city's area code and seven digits. */
static char *
phone_seven_digits (GRand      *rand,
                    const char *country_code,
                    const char *area)
{
  g_autofree char *tail = digits (rand, 7);

  return g_strdup_printf ("%s %s %s", country_code, area, tail);
}

/* "123 Main St": a house number up to @max_number, then a street. */
static char *
number_and_street (GRand               *rand,
                   const PdSeedCountry *country,
                   int                  max_number)
{
  int number = g_rand_int_range (rand, 1, max_number);

  return g_strdup_printf ("%d %s", number, *PICK (rand, country, streets));
}

static void
make_cn (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *cn = &pd_seed_cn;
  const PdSeedWord *brand = PICK (rand, cn, brands);
  const PdSeedWord *industry = PICK (rand, cn, industries);
  gboolean joint_stock = g_rand_int_range (rand, 0, 8) == 0;
  const char *street;
  int number;

  demo->country = cn->iso2;
  demo->city = PICK (rand, cn, cities);
  demo->company_name = g_strconcat (demo->city->city, brand->native, industry->native,
                                    joint_stock ? "股份有限公司" : "有限公司", NULL);
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  demo->district = g_strdup (cn->city_districts[2 * (demo->city - cn->cities)
                                                + g_rand_int_range (rand, 0, 2)]);
  street = *PICK (rand, cn, streets);
  number = g_rand_int_range (rand, 1, 300);
  demo->line1 = g_strdup_printf ("%s%s%d号", demo->district, street, number);
  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      int building = g_rand_int_range (rand, 1, 12);
      int room = g_rand_int_range (rand, 101, 2999);

      demo->line2 = g_strdup_printf ("%d栋%d室", building, room);
    }
  draw_postal_and_person (rand, cn, demo);
  {
    int second = g_rand_int_range (rand, 0, 10);
    g_autofree char *tail = digits (rand, 8);

    demo->phone = g_strdup_printf ("13%d%s", second, tail);
  }
  draw_culture (rand, cn, demo);
}

/* Russia and Kazakhstan share +7 and its way of writing numbers. */
static char *
phone_plus7 (GRand      *rand,
             const char *area)
{
  int a = g_rand_int_range (rand, 100, 1000);
  int b = g_rand_int_range (rand, 0, 100);
  int c = g_rand_int_range (rand, 0, 100);

  return g_strdup_printf ("+7 %s %03d-%02d-%02d", area, a, b, c);
}

static void
make_ru (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *ru = &pd_seed_ru;
  const char *street;

  draw_form_brand_company (rand, ru, PICK (rand, ru, brands), demo);
  street = *PICK (rand, ru, streets);
  demo->line1 = g_strdup_printf ("%s, д. %d", street, g_rand_int_range (rand, 1, 120));
  if (g_rand_int_range (rand, 0, 2) == 0)
    demo->line2 = g_strdup_printf ("офис %d", g_rand_int_range (rand, 1, 500));
  if (g_rand_int_range (rand, 0, 3) == 0)
    demo->district = g_strdup (demo->city == &ru->cities[0] ? *PICK (rand, ru, capital_districts)
                                                            : *PICK (rand, ru, districts));
  draw_postal_and_person (rand, ru, demo);
  demo->phone = phone_plus7 (rand, demo->city->area);
  demo->registration = digits (rand, 13);
  draw_culture (rand, ru, demo);
}

static void
make_kz (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *kz = &pd_seed_kz;
  const PdSeedWord *brand = PICK (rand, kz, brands);
  int lang = g_rand_int_range (rand, 0, 10);
  const char *street;

  draw_form_brand_company (rand, kz, brand, demo);
  street = *PICK (rand, kz, streets);
  demo->line1 = g_strdup_printf ("%s, %d", street, g_rand_int_range (rand, 1, 200));
  if (g_rand_int_range (rand, 0, 2) == 0)
    demo->line2 = g_strdup_printf ("офис %d", g_rand_int_range (rand, 1, 300));
  draw_postal_and_person (rand, kz, demo);
  demo->phone = phone_plus7 (rand, demo->city->area);
  demo->registration = digits (rand, 12);
  if (lang < 6)
    demo->culture = "ru-RU", demo->language = "ru";
  else if (lang < 9)
    demo->culture = "kk-KZ", demo->language = "kk";
  else
    demo->culture = "en-US", demo->language = "en";
}

static void
make_de (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *de = &pd_seed_de;
  const char *street;

  draw_brand_industry_company (rand, de, demo);
  street = *PICK (rand, de, streets);
  demo->line1 = g_strdup_printf ("%s %d", street, g_rand_int_range (rand, 1, 150));
  draw_postal_and_person (rand, de, demo);
  demo->phone = phone_seven_digits (rand, "+49", demo->city->area);
  draw_culture (rand, de, demo);
}

static void
make_us (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *us = &pd_seed_us;

  draw_brand_industry_company (rand, us, demo);
  demo->line1 = number_and_street (rand, us, 9999);
  if (g_rand_int_range (rand, 0, 3) == 0)
    demo->line2 = g_strdup_printf ("Suite %d", g_rand_int_range (rand, 100, 2000));
  draw_postal_and_person (rand, us, demo);
  demo->phone = g_strdup_printf ("%s555%04d", demo->city->area,
                                 g_rand_int_range (rand, 0, 10000));
  draw_culture (rand, us, demo);
}

static void
make_gb (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *gb = &pd_seed_gb;

  draw_brand_industry_company (rand, gb, demo);
  demo->line1 = number_and_street (rand, gb, 300);
  draw_postal_and_person (rand, gb, demo);
  demo->phone = phone_seven_digits (rand, "+44", demo->city->area);
  draw_culture (rand, gb, demo);
}

static void
make_fr (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *fr = &pd_seed_fr;
  int pairs[4];

  draw_brand_industry_company (rand, fr, demo);
  demo->line1 = number_and_street (rand, fr, 200);
  draw_postal_and_person (rand, fr, demo);
  for (int i = 0; i < 4; i++)
    pairs[i] = g_rand_int_range (rand, i == 0 ? 10 : 0, 100);
  demo->phone = g_strdup_printf ("+33 %s %02d %02d %02d %02d", demo->city->area,
                                 pairs[0], pairs[1], pairs[2], pairs[3]);
  draw_culture (rand, fr, demo);
}

static void
make_jp (GRand *rand,
         Demo  *demo)
{
  const PdSeedCountry *jp = &pd_seed_jp;
  const PdSeedWord *brand = PICK (rand, jp, brands);

  demo->country = jp->iso2;
  demo->city = PICK (rand, jp, cities);
  if (g_rand_boolean (rand))
    demo->company_name = g_strconcat ("株式会社", brand->native, NULL);
  else
    demo->company_name = g_strconcat (brand->native, "株式会社", NULL);
  demo->domain_stem = g_strdup (brand->latin);
  {
    const char *street = *PICK (rand, jp, streets);
    int chome = g_rand_int_range (rand, 1, 9);
    int block = g_rand_int_range (rand, 1, 20);
    int house = g_rand_int_range (rand, 1, 30);

    demo->line1 = g_strdup_printf ("%s%d-%d-%d", street, chome, block, house);
  }
  draw_postal_and_person (rand, jp, demo);
  {
    /* Ten digits in all: a one-digit area (Tokyo 03) leaves four for the exchange. */
    gboolean short_area = strlen (demo->city->area) == 1;
    int exchange = short_area ? g_rand_int_range (rand, 1000, 10000)
                              : g_rand_int_range (rand, 100, 1000);
    int line = g_rand_int_range (rand, 0, 10000);

    demo->phone = g_strdup_printf ("0%s-%d-%04d", demo->city->area, exchange, line);
  }
  draw_culture (rand, jp, demo);
}

static void
make_fixed (const PdSeedFixed *fixed,
            Demo              *demo)
{
  demo->country = fixed->country;
  demo->company_name = g_strdup (fixed->company_name);
  demo->domain_stem = g_strdup (fixed->domain_stem);
  demo->city = fixed->city;
  demo->postal = g_strdup (fixed->postal);
  demo->line1 = g_strdup (fixed->line1);
  demo->line2 = g_strdup (fixed->line2);
  demo->district = g_strdup (fixed->district);
  demo->person = fixed->person;
  demo->phone = g_strdup (fixed->phone);
  demo->registration = g_strdup (fixed->registration);
  demo->culture = fixed->culture;
  demo->language = fixed->language;
  demo->future_field = fixed->future_field;
}

static void
make_demo (GRand *rand,
           guint  index,
           Demo  *demo)
{
  /* Weights in percent: CN 25, RU 20, US 15, DE 12, KZ 8, GB 8, FR 7, JP 5. */
  int pick;

  if (index < PD_SEED_N_FIXED)
    {
      make_fixed (&pd_seed_fixed[index], demo);
      return;
    }

  pick = g_rand_int_range (rand, 0, 100);
  if (pick < 25)
    make_cn (rand, demo);
  else if (pick < 45)
    make_ru (rand, demo);
  else if (pick < 60)
    make_us (rand, demo);
  else if (pick < 72)
    make_de (rand, demo);
  else if (pick < 80)
    make_kz (rand, demo);
  else if (pick < 88)
    make_gb (rand, demo);
  else if (pick < 95)
    make_fr (rand, demo);
  else
    make_jp (rand, demo);
}

/* A name the customer of @country may have had before: another demo company's of its
 * country, drawn from @rand. Returns: (transfer full). */
static char *
earlier_company_name (GRand      *rand,
                      const char *country)
{
  static const struct
  {
    const char *iso2;
    void      (*make) (GRand *rand, Demo *demo);
  } makers[] = {
    { "CN", make_cn }, { "RU", make_ru }, { "KZ", make_kz }, { "DE", make_de },
    { "US", make_us }, { "GB", make_gb }, { "FR", make_fr }, { "JP", make_jp },
  };
  Demo other = { 0 };
  char *name = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (makers) && name == NULL; i++)
    if (strcmp (makers[i].iso2, country) == 0)
      {
        makers[i].make (rand, &other);
        name = g_steal_pointer (&other.company_name);
        demo_clear (&other);
      }

  return name != NULL ? name : g_strdup ("Northwind Traders");
}

char *
pd_sandbox_seed_new_guid (GRand *rand)
{
  guint32 parts[6];

  /* One call per statement: argument evaluation order is unspecified in C, and the
   * same seed must give the same ids with any compiler. */
  for (int i = 0; i < 6; i++)
    parts[i] = g_rand_int (rand);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x", parts[0], parts[1] & 0xffff,
                          parts[2] & 0x0fff, (parts[3] & 0x3fff) | 0x8000, parts[4] & 0xffff,
                          parts[5]);
}

char *
pd_sandbox_seed_new_etag (GRand *rand)
{
  guint64 high = g_rand_int (rand);
  guint64 bits = (high << 32) | g_rand_int (rand);

  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) bits);
}

/* JSON writing: the seed is the sandbox's hot path at start-up (100,000 customers must
 * take seconds), so it appends text directly instead of building json-glib trees. */

/* The comma before a member, unless it is the first of its object. */
static void
separate (GString *out)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
}

static void
member_raw (GString    *out,
            const char *name,
            const char *json)
{
  separate (out);
  pd_sandbox_json_append_string (out, name);
  g_string_append_c (out, ':');
  g_string_append (out, json);
}

static void
links_self (GString    *out,
            const char *uri)
{
  separate (out);
  g_string_append (out, "\"links\":{");
  pd_sandbox_json_append_self_link (out, uri);
  g_string_append_c (out, '}');
}

static char *
company_json (const Demo *demo,
              const char *id,
              const char *domain,
              const char *email)
{
  GString *out = g_string_new ("{");
  g_autofree char *uri = g_strdup_printf ("/customers/%s/profiles/company", id);

  pd_sandbox_json_append_member (out, "tenantId", id);
  pd_sandbox_json_append_member (out, "domain", domain);
  pd_sandbox_json_append_member (out, "companyName", demo->company_name);
  member_raw (out, "address", "{");
  pd_sandbox_json_append_member (out, "country", demo->country);
  pd_sandbox_json_append_member (out, "region", demo->city->region);
  pd_sandbox_json_append_member (out, "city", demo->city->city);
  pd_sandbox_json_append_member (out, "state", demo->city->state);
  pd_sandbox_json_append_member (out, "addressLine1", demo->line1);
  pd_sandbox_json_append_member (out, "addressLine2", demo->line2);
  pd_sandbox_json_append_member (out, "postalCode", demo->postal);
  pd_sandbox_json_append_member (out, "phoneNumber", demo->phone);
  g_string_append_c (out, '}');
  pd_sandbox_json_append_member (out, "email", email);
  pd_sandbox_json_append_member (out, "organizationRegistrationNumber", demo->registration);
  links_self (out, uri);
  member_raw (out, "attributes", "{\"objectType\":\"CustomerCompanyProfile\"}");
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

static char *
billing_json (const Demo *demo,
              const char *id,
              const char *billing_id,
              const char *email,
              const char *etag)
{
  GString *out = g_string_new ("{");
  g_autofree char *uri = g_strdup_printf ("/v1/customers/%s/profiles/billing", id);

  pd_sandbox_json_append_member (out, "id", billing_id);
  pd_sandbox_json_append_member (out, "firstName", demo->person->first);
  pd_sandbox_json_append_member (out, "lastName", demo->person->last);
  pd_sandbox_json_append_member (out, "email", email);
  pd_sandbox_json_append_member (out, "culture", demo->culture);
  pd_sandbox_json_append_member (out, "language", demo->language);
  pd_sandbox_json_append_member (out, "companyName", demo->company_name);
  member_raw (out, "defaultAddress", "{");
  pd_sandbox_json_append_member (out, "country", demo->country);
  pd_sandbox_json_append_member (out, "region", demo->city->region);
  pd_sandbox_json_append_member (out, "city", demo->city->city);
  pd_sandbox_json_append_member (out, "state", demo->city->state);
  pd_sandbox_json_append_member (out, "district", demo->district);
  pd_sandbox_json_append_member (out, "addressLine1", demo->line1);
  pd_sandbox_json_append_member (out, "addressLine2", demo->line2);
  pd_sandbox_json_append_member (out, "postalCode", demo->postal);
  pd_sandbox_json_append_member (out, "firstName", demo->person->first);
  pd_sandbox_json_append_member (out, "middleName", demo->person->middle);
  pd_sandbox_json_append_member (out, "lastName", demo->person->last);
  pd_sandbox_json_append_member (out, "phoneNumber", demo->phone);
  if (demo->future_field)
    pd_sandbox_json_append_member (out, "futureField", "keep me");
  g_string_append_c (out, '}');
  links_self (out, uri);
  member_raw (out, "attributes", "{");
  pd_sandbox_json_append_member (out, "etag", etag);
  pd_sandbox_json_append_member (out, "objectType", "CustomerBillingProfile");
  g_string_append (out, "}}");

  return g_string_free (out, FALSE);
}

/* Writes the seeded history of the customer just inserted, from @audit_rand. */
static gboolean
insert_history (PdSandboxStore           *store,
                GRand                    *audit_rand,
                gint64                    now_ticks,
                const PdSandboxCustomer  *row,
                const char               *country,
                GError                  **error)
{
  g_autofree char *old_name = earlier_company_name (audit_rand, country);

  return pd_sandbox_seed_audit_customer (store, audit_rand, now_ticks, row->id,
                                         row->company_name, old_name, row->billing_json,
                                         error);
}

/* All the random draws of customer number @index, in the order seeding makes them:
 * replaying them finds the same customers again. Returns: the relationship. */
static const char *
draw_demo (GRand  *rand,
           guint   index,
           Demo   *demo,
           char  **id,
           char  **billing_id,
           char  **etag)
{
  *id = pd_sandbox_seed_new_guid (rand);
  *billing_id = pd_sandbox_seed_new_guid (rand);
  *etag = pd_sandbox_seed_new_etag (rand);
  make_demo (rand, index, demo);

  return g_rand_int_range (rand, 0, 10) == 0 ? "advisor" : "reseller";
}

/* Draws customer number @index and inserts it, with its history when it is one of the
 * first. */
static gboolean
insert_demo (PdSandboxStore  *store,
             GRand           *rand,
             GRand           *audit_rand,
             gint64           now_ticks,
             guint            index,
             GError         **error)
{
  Demo demo = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *billing_id = NULL;
  g_autofree char *etag = NULL;
  const char *relationship;
  g_autofree char *domain = NULL;
  g_autofree char *email = NULL;
  g_autofree char *company = NULL;
  g_autofree char *billing = NULL;
  PdSandboxCustomer row = { 0 };
  gboolean ok;

  relationship = draw_demo (rand, index, &demo, &id, &billing_id, &etag);
  /* The index keeps domains unique, as tenant domains are. */
  if (index < PD_SEED_N_FIXED)
    domain = g_strdup_printf ("%s.onmicrosoft.com", demo.domain_stem);
  else
    domain = g_strdup_printf ("%s%u.onmicrosoft.com", demo.domain_stem, index);
  email = g_strdup_printf ("%s.%s@%s", demo.person->latin_first, demo.person->latin_last,
                           domain);
  company = company_json (&demo, id, domain, email);
  billing = billing_json (&demo, id, billing_id, email, etag);

  row.id = id;
  row.company_name = demo.company_name;
  row.domain = domain;
  row.tenant_id = id;
  row.relationship = (char *) relationship;
  row.company_json = company;
  row.billing_json = billing;
  row.etag = etag;
  ok = pd_sandbox_store_insert (store, &row, error);
  if (ok && index < SEED_AUDIT_CUSTOMERS)
    ok = insert_history (store, audit_rand, now_ticks, &row, demo.country, error);
  demo_clear (&demo);

  return ok;
}

gboolean
pd_sandbox_seed_populate (PdSandboxStore  *store,
                          guint            count,
                          GError         **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED_RANDOM_SEED);
  g_autoptr(GRand) audit_rand = g_rand_new_with_seed (SEED_AUDIT_RANDOM_SEED);
  /* The history's dates are days before the seeding, so it ends in the recent past. */
  const gint64 now_ticks = pd_sandbox_audit_now ();

  g_return_val_if_fail (store != NULL, FALSE);

  if (!pd_sandbox_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < count; i++)
    if (!insert_demo (store, rand, audit_rand, now_ticks, i, error))
      {
        pd_sandbox_store_rollback (store);
        return FALSE;
      }

  if (!pd_sandbox_store_commit_seed (store, error))
    {
      pd_sandbox_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

/* A demo database seeded before the sandbox kept an activity log has customers but no
 * records: its first customers get their seeded history, ending at what is stored now
 * (the user's own edits included). The seed's draws are replayed to find them. */
gboolean
pd_sandbox_seed_backfill_history (PdSandboxStore  *store,
                                  GError         **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED_RANDOM_SEED);
  g_autoptr(GRand) audit_rand = g_rand_new_with_seed (SEED_AUDIT_RANDOM_SEED);
  const gint64 now_ticks = pd_sandbox_audit_now ();
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);

  if (pd_sandbox_store_audit_last_ticks (store) != 0)
    return TRUE;
  if (!pd_sandbox_store_begin (store, error))
    return FALSE;

  for (guint i = 0; ok && i < SEED_AUDIT_CUSTOMERS; i++)
    {
      Demo demo = { 0 };
      g_autofree char *id = NULL;
      g_autofree char *billing_id = NULL;
      g_autofree char *etag = NULL;
      g_autoptr(PdSandboxCustomer) customer = NULL;

      draw_demo (rand, i, &demo, &id, &billing_id, &etag);
      customer = pd_sandbox_store_get (store, id, error);
      if (customer == NULL && error != NULL && *error != NULL)
        ok = FALSE;
      else if (customer != NULL)
        {
          g_autofree char *old_name = earlier_company_name (audit_rand, demo.country);

          ok = pd_sandbox_seed_audit_customer (store, audit_rand, now_ticks, customer->id,
                                               customer->company_name, old_name,
                                               customer->billing_json, error);
        }
      demo_clear (&demo);
    }

  if (ok)
    ok = pd_sandbox_store_commit (store, error);
  if (!ok)
    pd_sandbox_store_rollback (store);

  return ok;
}
