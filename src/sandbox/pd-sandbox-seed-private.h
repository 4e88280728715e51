/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed-private.h: the tables demo customers are drawn from (pd-sandbox-seed-data.c). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *city;
  const char *state;      /* code, NULL when the country has none */
  const char *region;     /* province / oblast / prefecture, NULL when not used */
  const char *postal;     /* a real code of the city */
  int         spread;     /* digits-only codes: add up to this much for variety */
  const char *area;       /* phone area code or mobile prefix */
} PdSeedCity;

typedef struct
{
  const char *native;
  const char *latin;      /* for domains and e-mail addresses */
} PdSeedWord;

typedef struct
{
  const char *first;
  const char *last;
  const char *latin_first;
  const char *latin_last;
  const char *middle;     /* patronymic, NULL when the culture has none */
} PdSeedPerson;

/* What one country's random customers are drawn from. A table the country's names or
 * addresses do not use is empty (NULL, 0). */
typedef struct
{
  const char          *iso2;
  const PdSeedCity    *cities;
  guint                n_cities;
  const char * const  *streets;
  guint                n_streets;
  const PdSeedWord    *brands;
  guint                n_brands;
  const PdSeedWord    *industries;
  guint                n_industries;
  const char * const  *forms;              /* legal forms: "GmbH", "ООО", … */
  guint                n_forms;
  const PdSeedPerson  *people;
  guint                n_people;
  /* The country's own culture, and the one that one in @other_one_in customers uses
   * instead (0: none does). */
  const char          *culture;
  const char          *language;
  const char          *other_culture;
  const char          *other_language;
  int                  other_one_in;
  /* CN: two districts of each city, in the order of @cities. */
  const char * const  *city_districts;
  /* RU: the districts of the first city (the capital), and names most other cities have. */
  const char * const  *capital_districts;
  guint                n_capital_districts;
  const char * const  *districts;
  guint                n_districts;
} PdSeedCountry;

/* One of the customers whose data tests and screenshots rely on. */
typedef struct
{
  const char         *country;
  const char         *company_name;
  const char         *domain_stem;
  const PdSeedCity   *city;
  const char         *postal;
  const char         *line1;
  const char         *line2;
  const char         *district;
  const PdSeedPerson *person;
  const char         *phone;
  const char         *registration;
  const char         *culture;
  const char         *language;
  gboolean            future_field;   /* a member the app does not know, to be kept as is */
} PdSeedFixed;

extern const PdSeedCountry pd_seed_cn;
extern const PdSeedCountry pd_seed_ru;
extern const PdSeedCountry pd_seed_kz;
extern const PdSeedCountry pd_seed_de;
extern const PdSeedCountry pd_seed_us;
extern const PdSeedCountry pd_seed_gb;
extern const PdSeedCountry pd_seed_fr;
extern const PdSeedCountry pd_seed_jp;

/* The first customers of every database, in order. */
#define PD_SEED_N_FIXED 3
extern const PdSeedFixed pd_seed_fixed[PD_SEED_N_FIXED];

G_END_DECLS
