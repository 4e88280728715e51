/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed-data.c: the names, places and people demo customers are drawn from. */

#include "config.h"

#include "pd-sandbox-seed-private.h"

/* A table and its length, for the fields of PdSeedCountry. */
#define TABLE(array) (array), G_N_ELEMENTS (array)
#define NO_TABLE     NULL, 0

/* ---- China ---- */

static const PdSeedCity cn_cities[] = {
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
static const char * const cn_districts[] = {
  "南山区", "福田区", "天河区", "越秀区", "朝阳区", "海淀区", "浦东新区", "徐汇区",
  "西湖区", "滨江区", "武侯区", "锦江区", "鼓楼区", "建邺区", "姑苏区", "吴中区",
  "洪山区", "江汉区", "雁塔区", "碑林区",
};
G_STATIC_ASSERT (G_N_ELEMENTS (cn_districts) == 2 * G_N_ELEMENTS (cn_cities));
static const char * const cn_streets[] = {
  "科技园路", "建国路", "中山路", "人民路", "解放路", "长江路", "滨海大道", "创业路", "学府路", "软件园二期",
};
static const PdSeedWord cn_brands[] = {
  { "腾云", "tengyun" }, { "华信", "huaxin" }, { "鼎盛", "dingsheng" }, { "金桥", "jinqiao" },
  { "星辰", "xingchen" }, { "远航", "yuanhang" }, { "博达", "boda" }, { "智联", "zhilian" },
  { "恒通", "hengtong" }, { "东方", "dongfang" }, { "新创", "xinchuang" }, { "瑞丰", "ruifeng" },
  { "天弘", "tianhong" }, { "锦程", "jincheng" },
};
static const PdSeedWord cn_industries[] = {
  { "科技", "tech" }, { "信息技术", "it" }, { "贸易", "trade" }, { "电子", "elec" },
  { "网络", "net" }, { "软件", "soft" }, { "数据", "data" }, { "物流", "logistics" },
};
static const PdSeedPerson cn_people[] = {
  { "伟", "张", "wei", "zhang", NULL }, { "芳", "王", "fang", "wang", NULL },
  { "娜", "李", "na", "li", NULL }, { "敏", "刘", "min", "liu", NULL },
  { "静", "陈", "jing", "chen", NULL }, { "磊", "杨", "lei", "yang", NULL },
  { "洋", "赵", "yang", "zhao", NULL }, { "勇", "黄", "yong", "huang", NULL },
  { "艳", "周", "yan", "zhou", NULL }, { "杰", "吴", "jie", "wu", NULL },
};

/* ---- Russia ---- */

static const PdSeedCity ru_cities[] = {
  { "Москва", NULL, "Москва", "101000", 28999, "495" },
  { "Санкт-Петербург", NULL, "Санкт-Петербург", "190000", 8999, "812" },
  { "Новосибирск", NULL, "Новосибирская область", "630000", 132, "383" },
  { "Екатеринбург", NULL, "Свердловская область", "620000", 150, "343" },
  { "Казань", NULL, "Республика Татарстан", "420000", 140, "843" },
  { "Нижний Новгород", NULL, "Нижегородская область", "603000", 159, "831" },
  { "Самара", NULL, "Самарская область", "443000", 125, "846" },
  { "Краснодар", NULL, "Краснодарский край", "350000", 90, "861" },
};
static const char * const ru_streets[] = {
  "ул. Тверская", "ул. Ленина", "пр-т Мира", "ул. Садовая", "ул. Пушкина", "Ленинградский пр-т",
  "ул. Гагарина", "наб. Обводного канала", "ул. Советская", "ул. Профсоюзная",
};
static const char * const moscow_districts[] = {
  "Тверской", "Хамовники", "Басманный", "Пресненский",
};
/* District names most Russian cities have. */
static const char * const ru_districts[] = {
  "Центральный", "Ленинский", "Советский", "Октябрьский",
};
static const char * const ru_forms[] = {
  "ООО", "ООО", "ООО", "АО", "ПАО",
};
static const PdSeedWord ru_brands[] = {
  { "Ромашка", "romashka" }, { "Вектор", "vektor" }, { "Сибирь", "sibir" },
  { "Прогресс", "progress" }, { "Техносфера", "tekhnosfera" }, { "Альфа-Строй", "alfastroy" },
  { "Северный Ветер", "severnyveter" }, { "Гранит", "granit" }, { "Меридиан", "meridian" },
  { "Энергия", "energiya" }, { "Волга-Софт", "volgasoft" }, { "Уральские Системы", "uralsys" },
  { "Интеграл", "integral" }, { "Созвездие", "sozvezdie" }, { "Ёлка", "yolka" },
};
static const PdSeedPerson ru_people[] = {
  { "Иван", "Петров", "ivan", "petrov", "Иванович" },
  { "Мария", "Смирнова", "maria", "smirnova", "Сергеевна" },
  { "Алексей", "Кузнецов", "aleksey", "kuznetsov", "Дмитриевич" },
  { "Ольга", "Попова", "olga", "popova", "Александровна" },
  { "Дмитрий", "Соколов", "dmitry", "sokolov", "Андреевич" },
  { "Елена", "Волкова", "elena", "volkova", "Викторовна" },
  { "Сергей", "Морозов", "sergey", "morozov", "Петрович" },
  { "Анна", "Лебедева", "anna", "lebedeva", "Игоревна" },
};

/* ---- Kazakhstan ---- */

static const PdSeedCity kz_cities[] = {
  { "Алматы", NULL, NULL, "050000", 60, "701" },
  { "Астана", NULL, NULL, "010000", 20, "705" },
  { "Шымкент", NULL, NULL, "160000", 50, "707" },
  { "Караганда", NULL, "Карагандинская область", "100000", 30, "747" },
  { "Актобе", NULL, "Актюбинская область", "030000", 20, "777" },
};
static const char * const kz_streets[] = {
  "пр. Абая", "ул. Толе би", "пр. Достык", "ул. Сатпаева", "ул. Кунаева", "пр. Республики",
  "ул. Жандосова",
};
static const char * const kz_forms[] = {
  "ТОО", "ТОО", "ТОО", "АО",
};
static const PdSeedWord kz_brands[] = {
  { "Алтын", "altyn" }, { "Береке", "bereke" }, { "Самрук-Сервис", "samrukservis" },
  { "Жұлдыз", "zhuldyz" }, { "Кайнар", "kainar" }, { "Астана Инвест", "astanainvest" },
  { "Тенгри Софт", "tengrisoft" }, { "Дала", "dala" }, { "Шаңырақ", "shanyraq" },
};
static const PdSeedPerson kz_people[] = {
  { "Нурлан", "Абенов", "nurlan", "abenov", NULL },
  { "Айгерим", "Сейткали", "aigerim", "seitkali", NULL },
  { "Ерлан", "Жаксыбеков", "erlan", "zhaksybekov", NULL },
  { "Динара", "Омарова", "dinara", "omarova", NULL },
  { "Асель", "Ахметова", "asel", "akhmetova", NULL },
  { "Бауыржан", "Исаев", "bauyrzhan", "isaev", NULL },
};

/* ---- Germany ---- */

static const PdSeedCity de_cities[] = {
  { "Berlin", NULL, NULL, "10115", 80, "30" },
  { "München", NULL, "Bayern", "80331", 60, "89" },
  { "Hamburg", NULL, NULL, "20095", 50, "40" },
  { "Köln", NULL, "Nordrhein-Westfalen", "50667", 60, "221" },
  { "Frankfurt am Main", NULL, "Hessen", "60311", 50, "69" },
  { "Stuttgart", NULL, "Baden-Württemberg", "70173", 60, "711" },
  { "Düsseldorf", NULL, "Nordrhein-Westfalen", "40213", 40, "211" },
  { "Leipzig", NULL, "Sachsen", "04109", 40, "341" },
};
static const char * const de_streets[] = {
  "Hauptstraße", "Bahnhofstraße", "Goethestraße", "Schillerstraße", "Lindenallee",
  "Friedrichstraße", "Am Marktplatz", "Industriestraße",
};
static const PdSeedWord de_brands[] = {
  { "Müller", "mueller" }, { "Schneider", "schneider" }, { "Fischer", "fischer" },
  { "Weber", "weber" }, { "Becker", "becker" }, { "Nordlicht", "nordlicht" },
  { "Rheinland", "rheinland" }, { "Alpen", "alpen" }, { "Hansa", "hansa" },
};
static const PdSeedWord de_industries[] = {
  { "Maschinenbau", "maschinenbau" }, { "Logistik", "logistik" }, { "Software", "software" },
  { "Elektrotechnik", "elektro" }, { "Consulting", "consulting" },
  { "Medizintechnik", "medtech" }, { "Bau", "bau" },
};
static const char * const de_forms[] = {
  "GmbH", "GmbH", "AG", "GmbH & Co. KG",
};
static const PdSeedPerson de_people[] = {
  { "Anna", "Schmidt", "anna", "schmidt", NULL }, { "Lukas", "Müller", "lukas", "mueller", NULL },
  { "Laura", "Weber", "laura", "weber", NULL }, { "Jonas", "Wagner", "jonas", "wagner", NULL },
  { "Lena", "Becker", "lena", "becker", NULL }, { "Felix", "Hoffmann", "felix", "hoffmann", NULL },
  { "Jürgen", "Schäfer", "juergen", "schaefer", NULL },
};

/* ---- United States ---- */

static const PdSeedCity us_cities[] = {
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
static const char * const us_streets[] = {
  "Main St", "1st Ave", "Pine St", "Market St", "Broadway", "Oak Ave", "Lake Shore Dr",
  "Congress Ave", "Peachtree St",
};
static const PdSeedWord us_brands[] = {
  { "Blue Ridge", "blueridge" }, { "Cascade", "cascade" }, { "Summit", "summit" },
  { "Redwood", "redwood" }, { "Liberty", "liberty" }, { "Pioneer", "pioneer" },
  { "Silver Lake", "silverlake" }, { "Evergreen", "evergreen" }, { "Harbor", "harbor" },
  { "Prairie", "prairie" },
};
static const PdSeedWord us_industries[] = {
  { "Software", "software" }, { "Analytics", "analytics" }, { "Logistics", "logistics" },
  { "Health", "health" }, { "Robotics", "robotics" }, { "Consulting", "consulting" },
  { "Cloud Systems", "cloud" }, { "Manufacturing", "mfg" },
};
static const char * const us_forms[] = {
  "Inc.", "LLC", "Corp.",
};
static const PdSeedPerson us_people[] = {
  { "John", "Smith", "john", "smith", NULL }, { "Emily", "Johnson", "emily", "johnson", NULL },
  { "Michael", "Brown", "michael", "brown", NULL }, { "Sarah", "Davis", "sarah", "davis", NULL },
  { "David", "Miller", "david", "miller", NULL },
  { "Jessica", "Wilson", "jessica", "wilson", NULL },
  { "María", "García", "maria", "garcia", NULL },
};

/* ---- United Kingdom ---- */

static const PdSeedCity gb_cities[] = {
  { "London", NULL, NULL, "SW1A 1AA", 0, "20" }, { "London", NULL, NULL, "EC1A 1BB", 0, "20" },
  { "Manchester", NULL, NULL, "M1 1AE", 0, "161" },
  { "Edinburgh", NULL, NULL, "EH1 1YZ", 0, "131" },
  { "Bristol", NULL, NULL, "BS1 4DJ", 0, "117" },
  { "Birmingham", NULL, NULL, "B1 1BB", 0, "121" },
  { "Leeds", NULL, NULL, "LS1 4AP", 0, "113" },
};
static const char * const gb_streets[] = {
  "High Street", "Station Road", "Church Lane", "King Street", "Victoria Road", "Queen Street",
};
static const PdSeedWord gb_brands[] = {
  { "Thames Valley", "thamesvalley" }, { "Pennine", "pennine" }, { "Highland", "highland" },
  { "Albion", "albion" }, { "Kingsway", "kingsway" }, { "Oakridge", "oakridge" },
  { "Northern Star", "northernstar" },
};
static const PdSeedWord gb_industries[] = {
  { "Consulting", "consulting" }, { "Digital", "digital" }, { "Engineering", "eng" },
  { "Logistics", "logistics" }, { "Software", "software" },
};
static const char * const gb_forms[] = {
  "Ltd", "Ltd", "PLC", "LLP",
};
static const PdSeedPerson gb_people[] = {
  { "Oliver", "Taylor", "oliver", "taylor", NULL }, { "Amelia", "Jones", "amelia", "jones", NULL },
  { "Harry", "Williams", "harry", "williams", NULL }, { "Isla", "Evans", "isla", "evans", NULL },
  { "George", "Walker", "george", "walker", NULL },
};

/* ---- France ---- */

static const PdSeedCity fr_cities[] = {
  { "Paris", NULL, NULL, "75001", 19, "1" }, { "Lyon", NULL, NULL, "69001", 8, "4" },
  { "Marseille", NULL, NULL, "13001", 15, "4" }, { "Toulouse", NULL, NULL, "31000", 0, "5" },
  { "Bordeaux", NULL, NULL, "33000", 0, "5" }, { "Lille", NULL, NULL, "59000", 0, "3" },
  { "Nantes", NULL, NULL, "44000", 0, "2" },
};
static const char * const fr_streets[] = {
  "rue de Rivoli", "avenue des Champs-Élysées", "boulevard Haussmann", "rue de la République",
  "place Bellecour", "rue Sainte-Catherine",
};
static const PdSeedWord fr_brands[] = {
  { "Lumière", "lumiere" }, { "Durand", "durand" }, { "Bellevue", "bellevue" },
  { "Atlantique", "atlantique" }, { "Provence", "provence" }, { "Horizon", "horizon" },
};
static const PdSeedWord fr_industries[] = {
  { "Conseil", "conseil" }, { "Informatique", "info" }, { "Logistique", "logistique" },
  { "Services", "services" }, { "Ingénierie", "ingenierie" }, { "Distribution", "distrib" },
};
static const char * const fr_forms[] = {
  "SAS", "SARL", "SA",
};
static const PdSeedPerson fr_people[] = {
  { "Camille", "Martin", "camille", "martin", NULL },
  { "Louis", "Bernard", "louis", "bernard", NULL },
  { "Chloé", "Dubois", "chloe", "dubois", NULL }, { "Hugo", "Moreau", "hugo", "moreau", NULL },
  { "Léa", "Laurent", "lea", "laurent", NULL },
};

/* ---- Japan ---- */

static const PdSeedCity jp_cities[] = {
  { "千代田区", NULL, "東京都", "100-0005", 0, "3" },
  { "大阪市北区", NULL, "大阪府", "530-0001", 0, "6" },
  { "横浜市西区", NULL, "神奈川県", "220-0012", 0, "45" },
  { "名古屋市中村区", NULL, "愛知県", "450-0002", 0, "52" },
  { "福岡市博多区", NULL, "福岡県", "812-0011", 0, "92" },
  { "札幌市中央区", NULL, "北海道", "060-0001", 0, "11" },
};
static const char * const jp_streets[] = {
  "丸の内", "梅田", "みなとみらい", "名駅", "博多駅前", "北一条西",
};
static const PdSeedWord jp_brands[] = {
  { "さくらシステム", "sakurasys" }, { "東京データ", "tokyodata" }, { "富士テック", "fujitech" },
  { "青空ソフト", "aozorasoft" }, { "日本ネットワーク", "nihonnet" }, { "大和物流", "yamatolog" },
};
static const PdSeedPerson jp_people[] = {
  { "健", "佐藤", "ken", "sato", NULL }, { "花子", "鈴木", "hanako", "suzuki", NULL },
  { "翔", "高橋", "sho", "takahashi", NULL }, { "美咲", "田中", "misaki", "tanaka", NULL },
};

/* ---- the countries ---- */

/* Fields: iso2, cities, streets, brands, industries, forms, people; culture, language, the
 * other culture and language, one in how many customers uses it; the district tables. */
const PdSeedCountry pd_seed_cn = {
  "CN", TABLE (cn_cities), TABLE (cn_streets), TABLE (cn_brands), TABLE (cn_industries),
  NO_TABLE, TABLE (cn_people), "zh-CN", "zh", "en-US", "en", 5,
  cn_districts, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_ru = {
  "RU", TABLE (ru_cities), TABLE (ru_streets), TABLE (ru_brands), NO_TABLE,
  TABLE (ru_forms), TABLE (ru_people), "ru-RU", "ru", "en-US", "en", 10,
  NULL, TABLE (moscow_districts), TABLE (ru_districts),
};
/* Kazakhstan's three cultures are drawn by its own code. */
const PdSeedCountry pd_seed_kz = {
  "KZ", TABLE (kz_cities), TABLE (kz_streets), TABLE (kz_brands), NO_TABLE,
  TABLE (kz_forms), TABLE (kz_people), NULL, NULL, NULL, NULL, 0,
  NULL, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_de = {
  "DE", TABLE (de_cities), TABLE (de_streets), TABLE (de_brands), TABLE (de_industries),
  TABLE (de_forms), TABLE (de_people), "de-DE", "de", "en-US", "en", 6,
  NULL, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_us = {
  "US", TABLE (us_cities), TABLE (us_streets), TABLE (us_brands), TABLE (us_industries),
  TABLE (us_forms), TABLE (us_people), "en-US", "en", "es-US", "es", 12,
  NULL, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_gb = {
  "GB", TABLE (gb_cities), TABLE (gb_streets), TABLE (gb_brands), TABLE (gb_industries),
  TABLE (gb_forms), TABLE (gb_people), "en-GB", "en", NULL, NULL, 0,
  NULL, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_fr = {
  "FR", TABLE (fr_cities), TABLE (fr_streets), TABLE (fr_brands), TABLE (fr_industries),
  TABLE (fr_forms), TABLE (fr_people), "fr-FR", "fr", "en-US", "en", 8,
  NULL, NO_TABLE, NO_TABLE,
};
const PdSeedCountry pd_seed_jp = {
  "JP", TABLE (jp_cities), TABLE (jp_streets), TABLE (jp_brands), NO_TABLE,
  NO_TABLE, TABLE (jp_people), "ja-JP", "ja", "en-US", "en", 6,
  NULL, NO_TABLE, NO_TABLE,
};

/* ---- the customers tests and screenshots rely on ---- */

static const PdSeedPerson ru_first = { "Иван", "Петров", "ivan", "petrov", "Сергеевич" };
static const PdSeedCity moscow = { "Москва", NULL, "Москва", "125009", 0, "495" };
static const PdSeedPerson cn_first = { "伟", "张", "wei", "zhang", NULL };
static const PdSeedCity shenzhen = { "深圳市", "GD", "广东省", "518057", 0, "755" };
static const PdSeedPerson us_first = { "Emily", "Johnson", "emily", "johnson", NULL };
static const PdSeedCity redmond = { "Redmond", "WA", NULL, "98052", 0, "425" };

/* Fields: country, company name, domain stem, city, postal code, address lines 1 and 2,
 * district, person, phone, registration number, culture, language, future field. */
const PdSeedFixed pd_seed_fixed[PD_SEED_N_FIXED] = {
  { "RU", "ООО «Ромашка»", "romashka", &moscow, "125009", "ул. Тверская, д. 7", "офис 12",
    "Тверской", &ru_first, "+7 495 123-45-67", "1027700132195", "ru-RU", "ru", TRUE },
  { "CN", "深圳市腾云科技有限公司", "tengyuntech", &shenzhen, "518057",
    "南山区科技园南区高新南七道18号", NULL, "南山区", &cn_first, "13812345678", NULL,
    "zh-CN", "zh", FALSE },
  { "US", "Cascade Cloud Systems Inc.", "cascadecloud", &redmond, "98052", "1 Microsoft Way",
    "Building 92", NULL, &us_first, "4255550100", NULL, "en-US", "en", FALSE },
};
