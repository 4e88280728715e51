/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed.c: deterministic demo customers for a new sandbox database. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-seed"

#include <stdlib.h>
#include <string.h>

#include "pd-sandbox-seed.h"

/* Fixed, so every new database with the same --seed holds the same customers. */
#define SEED_RANDOM_SEED 20261125

typedef struct
{
  const char *city;
  const char *state;      /* code, NULL when the country has none */
  const char *region;     /* province / oblast / prefecture, NULL when not used */
  const char *postal;     /* a real code of the city */
  int         spread;     /* digits-only codes: add up to this much for variety */
  const char *area;       /* phone area code or mobile prefix */
} City;

typedef struct
{
  const char *native;
  const char *latin;      /* for domains and e-mail addresses */
} Word;

typedef struct
{
  const char *first;
  const char *last;
  const char *latin_first;
  const char *latin_last;
  const char *middle;     /* patronymic, NULL when the culture has none */
} Person;

/* One demo customer before it becomes JSON. */
typedef struct
{
  const char *country;
  char       *company_name;
  char       *domain_stem;
  const City *city;
  char       *postal;
  char       *line1;
  char       *line2;
  char       *district;
  const Person *person;
  char       *phone;
  const char *culture;
  const char *language;
  char       *registration;
  gboolean    future_field;
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

#define PICK(rand, array) (&(array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

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
postal_code (GRand      *rand,
             const City *city)
{
  gsize len = strlen (city->postal);

  if (city->spread > 0)
    return g_strdup_printf ("%0*d", (int) len,
                            atoi (city->postal) + g_rand_int_range (rand, 0, city->spread + 1));
  return g_strdup (city->postal);
}

/* ---- China ---- */

static const City cn_cities[] = {
  { "深圳市", "GD", "广东省", "518000", 99, "755" },
  { "广州市", "GD", "广东省", "510000", 99, "20" },
  { "北京市", "BJ", "北京市", "100000", 99, "10" },
  { "上海市", "SH", "上海市", "200000", 99, "21" },
  { "杭州市", "ZJ", "浙江省", "310000", 99, "571" },
  { "成都市", "SC", "四川省", "610000", 99, "28" },
  { "南京市", "JS", "江苏省", "210000", 99, "25" },
  { "苏州市", "JS", "江苏省", "215000", 99, "512" },
  { "武汉市", "HB", "湖北省", "430000", 99, "27" },
  { "西安市", "SN", "陕西省", "710000", 99, "29" },
};
/* Two districts of each city in cn_cities, same order. */
static const char *cn_districts[][2] = {
  { "南山区", "福田区" }, { "天河区", "越秀区" }, { "朝阳区", "海淀区" }, { "浦东新区", "徐汇区" },
  { "西湖区", "滨江区" }, { "武侯区", "锦江区" }, { "鼓楼区", "建邺区" }, { "姑苏区", "吴中区" },
  { "洪山区", "江汉区" }, { "雁塔区", "碑林区" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (cn_districts) == G_N_ELEMENTS (cn_cities));
static const char *cn_streets[] = { "科技园路", "建国路", "中山路", "人民路", "解放路", "长江路",
                                    "滨海大道", "创业路", "学府路", "软件园二期" };
static const Word cn_brands[] = {
  { "腾云", "tengyun" }, { "华信", "huaxin" }, { "鼎盛", "dingsheng" }, { "金桥", "jinqiao" },
  { "星辰", "xingchen" }, { "远航", "yuanhang" }, { "博达", "boda" }, { "智联", "zhilian" },
  { "恒通", "hengtong" }, { "东方", "dongfang" }, { "新创", "xinchuang" }, { "瑞丰", "ruifeng" },
  { "天弘", "tianhong" }, { "锦程", "jincheng" },
};
static const Word cn_industries[] = {
  { "科技", "tech" }, { "信息技术", "it" }, { "贸易", "trade" }, { "电子", "elec" },
  { "网络", "net" }, { "软件", "soft" }, { "数据", "data" }, { "物流", "logistics" },
};
static const Person cn_people[] = {
  { "伟", "张", "wei", "zhang", NULL }, { "芳", "王", "fang", "wang", NULL },
  { "娜", "李", "na", "li", NULL }, { "敏", "刘", "min", "liu", NULL },
  { "静", "陈", "jing", "chen", NULL }, { "磊", "杨", "lei", "yang", NULL },
  { "洋", "赵", "yang", "zhao", NULL }, { "勇", "黄", "yong", "huang", NULL },
  { "艳", "周", "yan", "zhou", NULL }, { "杰", "吴", "jie", "wu", NULL },
};

static void
make_cn (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, cn_brands);
  const Word *industry = PICK (rand, cn_industries);
  gboolean joint_stock = g_rand_int_range (rand, 0, 8) == 0;
  const char *street;
  int number;

  demo->country = "CN";
  demo->city = PICK (rand, cn_cities);
  demo->company_name = g_strconcat (demo->city->city, brand->native, industry->native,
                                    joint_stock ? "股份有限公司" : "有限公司", NULL);
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  demo->district = g_strdup (cn_districts[demo->city - cn_cities][g_rand_int_range (rand, 0, 2)]);
  street = *PICK (rand, cn_streets);
  number = g_rand_int_range (rand, 1, 300);
  demo->line1 = g_strdup_printf ("%s%s%d号", demo->district, street, number);
  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      int building = g_rand_int_range (rand, 1, 12);
      int room = g_rand_int_range (rand, 101, 2999);

      demo->line2 = g_strdup_printf ("%d栋%d室", building, room);
    }
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, cn_people);
  {
    int second = g_rand_int_range (rand, 0, 10);
    g_autofree char *tail = digits (rand, 8);

    demo->phone = g_strdup_printf ("13%d%s", second, tail);
  }
  if (g_rand_int_range (rand, 0, 5) == 0)
    demo->culture = "en-US", demo->language = "en";
  else
    demo->culture = "zh-CN", demo->language = "zh";
}

/* ---- Russia ---- */

static const City ru_cities[] = {
  { "Москва", NULL, "Москва", "101000", 28999, "495" },
  { "Санкт-Петербург", NULL, "Санкт-Петербург", "190000", 8999, "812" },
  { "Новосибирск", NULL, "Новосибирская область", "630000", 132, "383" },
  { "Екатеринбург", NULL, "Свердловская область", "620000", 150, "343" },
  { "Казань", NULL, "Республика Татарстан", "420000", 140, "843" },
  { "Нижний Новгород", NULL, "Нижегородская область", "603000", 159, "831" },
  { "Самара", NULL, "Самарская область", "443000", 125, "846" },
  { "Краснодар", NULL, "Краснодарский край", "350000", 90, "861" },
};
static const char *ru_streets[] = { "ул. Тверская", "ул. Ленина", "пр-т Мира", "ул. Садовая",
                                    "ул. Пушкина", "Ленинградский пр-т", "ул. Гагарина",
                                    "наб. Обводного канала", "ул. Советская", "ул. Профсоюзная" };
static const char *moscow_districts[] = { "Тверской", "Хамовники", "Басманный", "Пресненский" };
/* District names most Russian cities have. */
static const char *ru_districts[] = { "Центральный", "Ленинский", "Советский", "Октябрьский" };
static const char *ru_forms[] = { "ООО", "ООО", "ООО", "АО", "ПАО" };
static const Word ru_brands[] = {
  { "Ромашка", "romashka" }, { "Вектор", "vektor" }, { "Сибирь", "sibir" },
  { "Прогресс", "progress" }, { "Техносфера", "tekhnosfera" }, { "Альфа-Строй", "alfastroy" },
  { "Северный Ветер", "severnyveter" }, { "Гранит", "granit" }, { "Меридиан", "meridian" },
  { "Энергия", "energiya" }, { "Волга-Софт", "volgasoft" }, { "Уральские Системы", "uralsys" },
  { "Интеграл", "integral" }, { "Созвездие", "sozvezdie" }, { "Ёлка", "yolka" },
};
static const Person ru_people[] = {
  { "Иван", "Петров", "ivan", "petrov", "Иванович" },
  { "Мария", "Смирнова", "maria", "smirnova", "Сергеевна" },
  { "Алексей", "Кузнецов", "aleksey", "kuznetsov", "Дмитриевич" },
  { "Ольга", "Попова", "olga", "popova", "Александровна" },
  { "Дмитрий", "Соколов", "dmitry", "sokolov", "Андреевич" },
  { "Елена", "Волкова", "elena", "volkova", "Викторовна" },
  { "Сергей", "Морозов", "sergey", "morozov", "Петрович" },
  { "Анна", "Лебедева", "anna", "lebedeva", "Игоревна" },
};

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
  const Word *brand = PICK (rand, ru_brands);
  const char *street;

  demo->country = "RU";
  demo->city = PICK (rand, ru_cities);
  demo->company_name = g_strdup_printf ("%s «%s»", *PICK (rand, ru_forms), brand->native);
  demo->domain_stem = g_strdup (brand->latin);
  street = *PICK (rand, ru_streets);
  demo->line1 = g_strdup_printf ("%s, д. %d", street, g_rand_int_range (rand, 1, 120));
  if (g_rand_int_range (rand, 0, 2) == 0)
    demo->line2 = g_strdup_printf ("офис %d", g_rand_int_range (rand, 1, 500));
  if (g_rand_int_range (rand, 0, 3) == 0)
    demo->district = g_strdup (demo->city == &ru_cities[0] ? *PICK (rand, moscow_districts)
                                                           : *PICK (rand, ru_districts));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, ru_people);
  demo->phone = phone_plus7 (rand, demo->city->area);
  demo->registration = digits (rand, 13);
  if (g_rand_int_range (rand, 0, 10) == 0)
    demo->culture = "en-US", demo->language = "en";
  else
    demo->culture = "ru-RU", demo->language = "ru";
}

/* ---- Kazakhstan ---- */

static const City kz_cities[] = {
  { "Алматы", NULL, NULL, "050000", 60, "701" },
  { "Астана", NULL, NULL, "010000", 20, "705" },
  { "Шымкент", NULL, NULL, "160000", 50, "707" },
  { "Караганда", NULL, "Карагандинская область", "100000", 30, "747" },
  { "Актобе", NULL, "Актюбинская область", "030000", 20, "777" },
};
static const char *kz_streets[] = { "пр. Абая", "ул. Толе би", "пр. Достык", "ул. Сатпаева",
                                    "ул. Кунаева", "пр. Республики", "ул. Жандосова" };
static const char *kz_forms[] = { "ТОО", "ТОО", "ТОО", "АО" };
static const Word kz_brands[] = {
  { "Алтын", "altyn" }, { "Береке", "bereke" }, { "Самрук-Сервис", "samrukservis" },
  { "Жұлдыз", "zhuldyz" }, { "Кайнар", "kainar" }, { "Астана Инвест", "astanainvest" },
  { "Тенгри Софт", "tengrisoft" }, { "Дала", "dala" }, { "Шаңырақ", "shanyraq" },
};
static const Person kz_people[] = {
  { "Нурлан", "Абенов", "nurlan", "abenov", NULL },
  { "Айгерим", "Сейткали", "aigerim", "seitkali", NULL },
  { "Ерлан", "Жаксыбеков", "erlan", "zhaksybekov", NULL },
  { "Динара", "Омарова", "dinara", "omarova", NULL },
  { "Асель", "Ахметова", "asel", "akhmetova", NULL },
  { "Бауыржан", "Исаев", "bauyrzhan", "isaev", NULL },
};

static void
make_kz (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, kz_brands);
  int lang = g_rand_int_range (rand, 0, 10);
  const char *street;

  demo->country = "KZ";
  demo->city = PICK (rand, kz_cities);
  demo->company_name = g_strdup_printf ("%s «%s»", *PICK (rand, kz_forms), brand->native);
  demo->domain_stem = g_strdup (brand->latin);
  street = *PICK (rand, kz_streets);
  demo->line1 = g_strdup_printf ("%s, %d", street, g_rand_int_range (rand, 1, 200));
  if (g_rand_int_range (rand, 0, 2) == 0)
    demo->line2 = g_strdup_printf ("офис %d", g_rand_int_range (rand, 1, 300));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, kz_people);
  demo->phone = phone_plus7 (rand, demo->city->area);
  demo->registration = digits (rand, 12);
  if (lang < 6)
    demo->culture = "ru-RU", demo->language = "ru";
  else if (lang < 9)
    demo->culture = "kk-KZ", demo->language = "kk";
  else
    demo->culture = "en-US", demo->language = "en";
}

/* ---- Germany ---- */

static const City de_cities[] = {
  { "Berlin", NULL, NULL, "10115", 80, "30" },
  { "München", NULL, "Bayern", "80331", 60, "89" },
  { "Hamburg", NULL, NULL, "20095", 50, "40" },
  { "Köln", NULL, "Nordrhein-Westfalen", "50667", 60, "221" },
  { "Frankfurt am Main", NULL, "Hessen", "60311", 50, "69" },
  { "Stuttgart", NULL, "Baden-Württemberg", "70173", 60, "711" },
  { "Düsseldorf", NULL, "Nordrhein-Westfalen", "40213", 40, "211" },
  { "Leipzig", NULL, "Sachsen", "04109", 40, "341" },
};
static const char *de_streets[] = { "Hauptstraße", "Bahnhofstraße", "Goethestraße",
                                    "Schillerstraße", "Lindenallee", "Friedrichstraße",
                                    "Am Marktplatz", "Industriestraße" };
static const Word de_brands[] = {
  { "Müller", "mueller" }, { "Schneider", "schneider" }, { "Fischer", "fischer" },
  { "Weber", "weber" }, { "Becker", "becker" }, { "Nordlicht", "nordlicht" },
  { "Rheinland", "rheinland" }, { "Alpen", "alpen" }, { "Hansa", "hansa" },
};
static const Word de_industries[] = {
  { "Maschinenbau", "maschinenbau" }, { "Logistik", "logistik" }, { "Software", "software" },
  { "Elektrotechnik", "elektro" }, { "Consulting", "consulting" },
  { "Medizintechnik", "medtech" }, { "Bau", "bau" },
};
static const char *de_forms[] = { "GmbH", "GmbH", "AG", "GmbH & Co. KG" };
static const Person de_people[] = {
  { "Anna", "Schmidt", "anna", "schmidt", NULL }, { "Lukas", "Müller", "lukas", "mueller", NULL },
  { "Laura", "Weber", "laura", "weber", NULL }, { "Jonas", "Wagner", "jonas", "wagner", NULL },
  { "Lena", "Becker", "lena", "becker", NULL }, { "Felix", "Hoffmann", "felix", "hoffmann", NULL },
  { "Jürgen", "Schäfer", "juergen", "schaefer", NULL },
};

static void
make_de (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, de_brands);
  const Word *industry = PICK (rand, de_industries);
  const char *street;

  demo->country = "DE";
  demo->city = PICK (rand, de_cities);
  demo->company_name = g_strdup_printf ("%s %s %s", brand->native, industry->native,
                                        *PICK (rand, de_forms));
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  street = *PICK (rand, de_streets);
  demo->line1 = g_strdup_printf ("%s %d", street, g_rand_int_range (rand, 1, 150));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, de_people);
  {
    g_autofree char *tail = digits (rand, 7);

    demo->phone = g_strdup_printf ("+49 %s %s", demo->city->area, tail);
  }
  if (g_rand_int_range (rand, 0, 6) == 0)
    demo->culture = "en-US", demo->language = "en";
  else
    demo->culture = "de-DE", demo->language = "de";
}

/* ---- United States ---- */

static const City us_cities[] = {
  { "Redmond", "WA", NULL, "98052", 0, "425" },
  { "Seattle", "WA", NULL, "98101", 20, "206" },
  { "Austin", "TX", NULL, "78701", 30, "512" },
  { "New York", "NY", NULL, "10001", 40, "212" },
  { "San Francisco", "CA", NULL, "94105", 30, "415" },
  { "Chicago", "IL", NULL, "60601", 40, "312" },
  { "Boston", "MA", NULL, "02108", 10, "617" },
  { "Denver", "CO", NULL, "80202", 20, "303" },
  { "Atlanta", "GA", NULL, "30303", 20, "404" },
  { "Miami", "FL", NULL, "33131", 10, "305" },
};
static const char *us_streets[] = { "Main St", "1st Ave", "Pine St", "Market St", "Broadway",
                                    "Oak Ave", "Lake Shore Dr", "Congress Ave", "Peachtree St" };
static const Word us_brands[] = {
  { "Blue Ridge", "blueridge" }, { "Cascade", "cascade" }, { "Summit", "summit" },
  { "Redwood", "redwood" }, { "Liberty", "liberty" }, { "Pioneer", "pioneer" },
  { "Silver Lake", "silverlake" }, { "Evergreen", "evergreen" }, { "Harbor", "harbor" },
  { "Prairie", "prairie" },
};
static const Word us_industries[] = {
  { "Software", "software" }, { "Analytics", "analytics" }, { "Logistics", "logistics" },
  { "Health", "health" }, { "Robotics", "robotics" }, { "Consulting", "consulting" },
  { "Cloud Systems", "cloud" }, { "Manufacturing", "mfg" },
};
static const char *us_forms[] = { "Inc.", "LLC", "Corp." };
static const Person us_people[] = {
  { "John", "Smith", "john", "smith", NULL }, { "Emily", "Johnson", "emily", "johnson", NULL },
  { "Michael", "Brown", "michael", "brown", NULL }, { "Sarah", "Davis", "sarah", "davis", NULL },
  { "David", "Miller", "david", "miller", NULL },
  { "Jessica", "Wilson", "jessica", "wilson", NULL },
  { "María", "García", "maria", "garcia", NULL },
};

static void
make_us (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, us_brands);
  const Word *industry = PICK (rand, us_industries);
  int number;

  demo->country = "US";
  demo->city = PICK (rand, us_cities);
  demo->company_name = g_strdup_printf ("%s %s %s", brand->native, industry->native,
                                        *PICK (rand, us_forms));
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  number = g_rand_int_range (rand, 1, 9999);
  demo->line1 = g_strdup_printf ("%d %s", number, *PICK (rand, us_streets));
  if (g_rand_int_range (rand, 0, 3) == 0)
    demo->line2 = g_strdup_printf ("Suite %d", g_rand_int_range (rand, 100, 2000));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, us_people);
  demo->phone = g_strdup_printf ("%s555%04d", demo->city->area,
                                 g_rand_int_range (rand, 0, 10000));
  if (g_rand_int_range (rand, 0, 12) == 0)
    demo->culture = "es-US", demo->language = "es";
  else
    demo->culture = "en-US", demo->language = "en";
}

/* ---- United Kingdom ---- */

static const City gb_cities[] = {
  { "London", NULL, NULL, "SW1A 1AA", 0, "20" }, { "London", NULL, NULL, "EC1A 1BB", 0, "20" },
  { "Manchester", NULL, NULL, "M1 1AE", 0, "161" },
  { "Edinburgh", NULL, NULL, "EH1 1YZ", 0, "131" },
  { "Bristol", NULL, NULL, "BS1 4DJ", 0, "117" },
  { "Birmingham", NULL, NULL, "B1 1BB", 0, "121" },
  { "Leeds", NULL, NULL, "LS1 4AP", 0, "113" },
};
static const char *gb_streets[] = { "High Street", "Station Road", "Church Lane", "King Street",
                                    "Victoria Road", "Queen Street" };
static const Word gb_brands[] = {
  { "Thames Valley", "thamesvalley" }, { "Pennine", "pennine" }, { "Highland", "highland" },
  { "Albion", "albion" }, { "Kingsway", "kingsway" }, { "Oakridge", "oakridge" },
  { "Northern Star", "northernstar" },
};
static const Word gb_industries[] = {
  { "Consulting", "consulting" }, { "Digital", "digital" }, { "Engineering", "eng" },
  { "Logistics", "logistics" }, { "Software", "software" },
};
static const char *gb_forms[] = { "Ltd", "Ltd", "PLC", "LLP" };
static const Person gb_people[] = {
  { "Oliver", "Taylor", "oliver", "taylor", NULL }, { "Amelia", "Jones", "amelia", "jones", NULL },
  { "Harry", "Williams", "harry", "williams", NULL }, { "Isla", "Evans", "isla", "evans", NULL },
  { "George", "Walker", "george", "walker", NULL },
};

static void
make_gb (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, gb_brands);
  const Word *industry = PICK (rand, gb_industries);
  int number;

  demo->country = "GB";
  demo->city = PICK (rand, gb_cities);
  demo->company_name = g_strdup_printf ("%s %s %s", brand->native, industry->native,
                                        *PICK (rand, gb_forms));
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  number = g_rand_int_range (rand, 1, 300);
  demo->line1 = g_strdup_printf ("%d %s", number, *PICK (rand, gb_streets));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, gb_people);
  {
    g_autofree char *tail = digits (rand, 7);

    demo->phone = g_strdup_printf ("+44 %s %s", demo->city->area, tail);
  }
  demo->culture = "en-GB", demo->language = "en";
}

/* ---- France ---- */

static const City fr_cities[] = {
  { "Paris", NULL, NULL, "75001", 19, "1" }, { "Lyon", NULL, NULL, "69001", 8, "4" },
  { "Marseille", NULL, NULL, "13001", 15, "4" }, { "Toulouse", NULL, NULL, "31000", 0, "5" },
  { "Bordeaux", NULL, NULL, "33000", 0, "5" }, { "Lille", NULL, NULL, "59000", 0, "3" },
  { "Nantes", NULL, NULL, "44000", 0, "2" },
};
static const char *fr_streets[] = { "rue de Rivoli", "avenue des Champs-Élysées",
                                    "boulevard Haussmann", "rue de la République",
                                    "place Bellecour", "rue Sainte-Catherine" };
static const Word fr_brands[] = {
  { "Lumière", "lumiere" }, { "Durand", "durand" }, { "Bellevue", "bellevue" },
  { "Atlantique", "atlantique" }, { "Provence", "provence" }, { "Horizon", "horizon" },
};
static const Word fr_industries[] = {
  { "Conseil", "conseil" }, { "Informatique", "info" }, { "Logistique", "logistique" },
  { "Services", "services" }, { "Ingénierie", "ingenierie" }, { "Distribution", "distrib" },
};
static const char *fr_forms[] = { "SAS", "SARL", "SA" };
static const Person fr_people[] = {
  { "Camille", "Martin", "camille", "martin", NULL },
  { "Louis", "Bernard", "louis", "bernard", NULL },
  { "Chloé", "Dubois", "chloe", "dubois", NULL }, { "Hugo", "Moreau", "hugo", "moreau", NULL },
  { "Léa", "Laurent", "lea", "laurent", NULL },
};

static void
make_fr (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, fr_brands);
  const Word *industry = PICK (rand, fr_industries);
  int number;
  int pairs[4];

  demo->country = "FR";
  demo->city = PICK (rand, fr_cities);
  demo->company_name = g_strdup_printf ("%s %s %s", brand->native, industry->native,
                                        *PICK (rand, fr_forms));
  demo->domain_stem = g_strconcat (brand->latin, industry->latin, NULL);
  number = g_rand_int_range (rand, 1, 200);
  demo->line1 = g_strdup_printf ("%d %s", number, *PICK (rand, fr_streets));
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, fr_people);
  for (int i = 0; i < 4; i++)
    pairs[i] = g_rand_int_range (rand, i == 0 ? 10 : 0, 100);
  demo->phone = g_strdup_printf ("+33 %s %02d %02d %02d %02d", demo->city->area,
                                 pairs[0], pairs[1], pairs[2], pairs[3]);
  if (g_rand_int_range (rand, 0, 8) == 0)
    demo->culture = "en-US", demo->language = "en";
  else
    demo->culture = "fr-FR", demo->language = "fr";
}

/* ---- Japan ---- */

static const City jp_cities[] = {
  { "千代田区", NULL, "東京都", "100-0005", 0, "3" },
  { "大阪市北区", NULL, "大阪府", "530-0001", 0, "6" },
  { "横浜市西区", NULL, "神奈川県", "220-0012", 0, "45" },
  { "名古屋市中村区", NULL, "愛知県", "450-0002", 0, "52" },
  { "福岡市博多区", NULL, "福岡県", "812-0011", 0, "92" },
  { "札幌市中央区", NULL, "北海道", "060-0001", 0, "11" },
};
static const char *jp_streets[] = { "丸の内", "梅田", "みなとみらい", "名駅", "博多駅前", "北一条西" };
static const Word jp_brands[] = {
  { "さくらシステム", "sakurasys" }, { "東京データ", "tokyodata" }, { "富士テック", "fujitech" },
  { "青空ソフト", "aozorasoft" }, { "日本ネットワーク", "nihonnet" }, { "大和物流", "yamatolog" },
};
static const Person jp_people[] = {
  { "健", "佐藤", "ken", "sato", NULL }, { "花子", "鈴木", "hanako", "suzuki", NULL },
  { "翔", "高橋", "sho", "takahashi", NULL }, { "美咲", "田中", "misaki", "tanaka", NULL },
};

static void
make_jp (GRand *rand,
         Demo  *demo)
{
  const Word *brand = PICK (rand, jp_brands);

  demo->country = "JP";
  demo->city = PICK (rand, jp_cities);
  if (g_rand_boolean (rand))
    demo->company_name = g_strconcat ("株式会社", brand->native, NULL);
  else
    demo->company_name = g_strconcat (brand->native, "株式会社", NULL);
  demo->domain_stem = g_strdup (brand->latin);
  {
    const char *street = *PICK (rand, jp_streets);
    int chome = g_rand_int_range (rand, 1, 9);
    int block = g_rand_int_range (rand, 1, 20);
    int house = g_rand_int_range (rand, 1, 30);

    demo->line1 = g_strdup_printf ("%s%d-%d-%d", street, chome, block, house);
  }
  demo->postal = postal_code (rand, demo->city);
  demo->person = PICK (rand, jp_people);
  {
    /* Ten digits in all: a one-digit area (Tokyo 03) leaves four for the exchange. */
    gboolean short_area = strlen (demo->city->area) == 1;
    int exchange = short_area ? g_rand_int_range (rand, 1000, 10000)
                              : g_rand_int_range (rand, 100, 1000);
    int line = g_rand_int_range (rand, 0, 10000);

    demo->phone = g_strdup_printf ("0%s-%d-%04d", demo->city->area, exchange, line);
  }
  if (g_rand_int_range (rand, 0, 6) == 0)
    demo->culture = "en-US", demo->language = "en";
  else
    demo->culture = "ja-JP", demo->language = "ja";
}

/* The three customers tests and screenshots rely on. */
static const Person ru_first = { "Иван", "Петров", "ivan", "petrov", "Сергеевич" };
static const City moscow = { "Москва", NULL, "Москва", "125009", 0, "495" };
static const Person cn_first = { "伟", "张", "wei", "zhang", NULL };
static const City shenzhen = { "深圳市", "GD", "广东省", "518057", 0, "755" };
static const Person us_first = { "Emily", "Johnson", "emily", "johnson", NULL };
static const City redmond = { "Redmond", "WA", NULL, "98052", 0, "425" };

static void
make_fixed (guint  index,
            Demo  *demo)
{
  switch (index)
    {
    case 0:
      demo->country = "RU";
      demo->company_name = g_strdup ("ООО «Ромашка»");
      demo->domain_stem = g_strdup ("romashka");
      demo->city = &moscow;
      demo->postal = g_strdup ("125009");
      demo->line1 = g_strdup ("ул. Тверская, д. 7");
      demo->line2 = g_strdup ("офис 12");
      demo->district = g_strdup ("Тверской");
      demo->person = &ru_first;
      demo->phone = g_strdup ("+7 495 123-45-67");
      demo->registration = g_strdup ("1027700132195");
      demo->culture = "ru-RU", demo->language = "ru";
      demo->future_field = TRUE;
      break;
    case 1:
      demo->country = "CN";
      demo->company_name = g_strdup ("深圳市腾云科技有限公司");
      demo->domain_stem = g_strdup ("tengyuntech");
      demo->city = &shenzhen;
      demo->postal = g_strdup ("518057");
      demo->line1 = g_strdup ("南山区科技园南区高新南七道18号");
      demo->district = g_strdup ("南山区");
      demo->person = &cn_first;
      demo->phone = g_strdup ("13812345678");
      demo->culture = "zh-CN", demo->language = "zh";
      break;
    default:
      demo->country = "US";
      demo->company_name = g_strdup ("Cascade Cloud Systems Inc.");
      demo->domain_stem = g_strdup ("cascadecloud");
      demo->city = &redmond;
      demo->postal = g_strdup ("98052");
      demo->line1 = g_strdup ("1 Microsoft Way");
      demo->line2 = g_strdup ("Building 92");
      demo->person = &us_first;
      demo->phone = g_strdup ("4255550100");
      demo->culture = "en-US", demo->language = "en";
      break;
    }
}

static void
make_demo (GRand *rand,
           guint  index,
           Demo  *demo)
{
  /* Weights in percent: CN 25, RU 20, US 15, DE 12, KZ 8, GB 8, FR 7, JP 5. */
  int pick;

  if (index < 3)
    {
      make_fixed (index, demo);
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
static void
member (GString    *out,
        const char *name,
        const char *value)
{
  if (value == NULL)
    return;
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  pd_sandbox_json_append_string (out, name);
  g_string_append_c (out, ':');
  pd_sandbox_json_append_string (out, value);
}

static void
member_raw (GString    *out,
            const char *name,
            const char *json)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  pd_sandbox_json_append_string (out, name);
  g_string_append_c (out, ':');
  g_string_append (out, json);
}

static void
links_self (GString    *out,
            const char *uri)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  g_string_append (out, "\"links\":{\"self\":{\"uri\":");
  pd_sandbox_json_append_string (out, uri);
  g_string_append (out, ",\"method\":\"GET\",\"headers\":[]}}");
}

static char *
company_json (const Demo *demo,
              const char *id,
              const char *domain,
              const char *email)
{
  GString *out = g_string_new ("{");
  g_autofree char *uri = g_strdup_printf ("/customers/%s/profiles/company", id);

  member (out, "tenantId", id);
  member (out, "domain", domain);
  member (out, "companyName", demo->company_name);
  member_raw (out, "address", "{");
  member (out, "country", demo->country);
  member (out, "region", demo->city->region);
  member (out, "city", demo->city->city);
  member (out, "state", demo->city->state);
  member (out, "addressLine1", demo->line1);
  member (out, "addressLine2", demo->line2);
  member (out, "postalCode", demo->postal);
  member (out, "phoneNumber", demo->phone);
  g_string_append_c (out, '}');
  member (out, "email", email);
  member (out, "organizationRegistrationNumber", demo->registration);
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

  member (out, "id", billing_id);
  member (out, "firstName", demo->person->first);
  member (out, "lastName", demo->person->last);
  member (out, "email", email);
  member (out, "culture", demo->culture);
  member (out, "language", demo->language);
  member (out, "companyName", demo->company_name);
  member_raw (out, "defaultAddress", "{");
  member (out, "country", demo->country);
  member (out, "region", demo->city->region);
  member (out, "city", demo->city->city);
  member (out, "state", demo->city->state);
  member (out, "district", demo->district);
  member (out, "addressLine1", demo->line1);
  member (out, "addressLine2", demo->line2);
  member (out, "postalCode", demo->postal);
  member (out, "firstName", demo->person->first);
  member (out, "middleName", demo->person->middle);
  member (out, "lastName", demo->person->last);
  member (out, "phoneNumber", demo->phone);
  if (demo->future_field)
    member (out, "futureField", "keep me");
  g_string_append_c (out, '}');
  links_self (out, uri);
  member_raw (out, "attributes", "{");
  member (out, "etag", etag);
  member (out, "objectType", "CustomerBillingProfile");
  g_string_append (out, "}}");

  return g_string_free (out, FALSE);
}

gboolean
pd_sandbox_seed_populate (PdSandboxStore  *store,
                          guint            count,
                          GError         **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED_RANDOM_SEED);

  g_return_val_if_fail (store != NULL, FALSE);

  if (!pd_sandbox_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < count; i++)
    {
      Demo demo = { 0 };
      g_autofree char *id = pd_sandbox_seed_new_guid (rand);
      g_autofree char *billing_id = pd_sandbox_seed_new_guid (rand);
      g_autofree char *etag = pd_sandbox_seed_new_etag (rand);
      g_autofree char *domain = NULL;
      g_autofree char *email = NULL;
      g_autofree char *company = NULL;
      g_autofree char *billing = NULL;
      PdSandboxCustomer row = { 0 };
      gboolean ok;

      make_demo (rand, i, &demo);
      /* The index keeps domains unique, as tenant domains are. */
      if (i < 3)
        domain = g_strdup_printf ("%s.onmicrosoft.com", demo.domain_stem);
      else
        domain = g_strdup_printf ("%s%u.onmicrosoft.com", demo.domain_stem, i);
      email = g_strdup_printf ("%s.%s@%s", demo.person->latin_first, demo.person->latin_last,
                               domain);
      company = company_json (&demo, id, domain, email);
      billing = billing_json (&demo, id, billing_id, email, etag);

      row.id = id;
      row.company_name = demo.company_name;
      row.domain = domain;
      row.tenant_id = id;
      row.relationship = g_rand_int_range (rand, 0, 10) == 0 ? (char *) "advisor"
                                                             : (char *) "reseller";
      row.company_json = company;
      row.billing_json = billing;
      row.etag = etag;
      ok = pd_sandbox_store_insert (store, &row, error);
      demo_clear (&demo);
      if (!ok)
        {
          pd_sandbox_store_rollback (store);
          return FALSE;
        }
    }

  if (!pd_sandbox_store_commit_seed (store, error))
    {
      pd_sandbox_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}
