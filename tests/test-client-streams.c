/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-streams.c: listing every customer in parallel domain streams, against the
 * sandbox and against a small server of the test's own whose domains or filter do not
 * fit the partition. */

#include "config.h"

#define G_LOG_DOMAIN "test-client-streams"

#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pd-client-private.h"
#include "pd-json.h"
#include "pd-test-util.h"

#define FAKE_TOKEN "fake-token"
/* Small pages, so that each stream has several. */
#define PAGE_SIZE 20

/* One sandbox with 3,000 customers for the tests that inject no faults. */
/* A client that goes parallel however quick the first page is (loopback is). */
static PdClient *
streams_client (PdClient *client)
{
  pd_client_set_streams_min_page_time (client, 0);
  return client;
}

static PdSandboxProcess *shared_sandbox;

static PdSandboxProcess *
shared (void)
{
  if (shared_sandbox == NULL)
    shared_sandbox = pd_test_sandbox_start (3000, NULL);
  return shared_sandbox;
}

/* ------------------------------------------------------------------------------------- */
/* What a listing delivered */

typedef struct
{
  GHashTable   *ids;           /* id → number of times delivered */
  guint         n_pages;
  guint         n_delivered;
  GCancellable *cancel_at;     /* cancelled when n_pages reaches cancel_after */
  guint         cancel_after;
  guint         pages_after_cancel;
} Collected;

static void
collected_init (Collected *collected)
{
  *collected = (Collected) { 0, };
  collected->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
collected_clear (Collected *collected)
{
  g_clear_pointer (&collected->ids, g_hash_table_unref);
  g_clear_object (&collected->cancel_at);
}

static void
collect_page (GPtrArray *customers,
              guint      total_count,
              gpointer   user_data)
{
  Collected *collected = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (collected->cancel_at != NULL && g_cancellable_is_cancelled (collected->cancel_at))
    collected->pages_after_cancel++;

  collected->n_pages++;
  for (guint i = 0; i < customers->len; i++)
    {
      const char *id = pd_customer_get_id (g_ptr_array_index (customers, i));
      guint times = GPOINTER_TO_UINT (g_hash_table_lookup (collected->ids, id));

      g_hash_table_replace (collected->ids, g_strdup (id), GUINT_TO_POINTER (times + 1));
      collected->n_delivered++;
    }

  if (collected->cancel_at != NULL && collected->n_pages == collected->cancel_after)
    g_cancellable_cancel (collected->cancel_at);
}

/* Lists every customer the parallel way; returns the error (NULL on success), the count
 * and the streams it ran. */
static GError *
list_all (PdClient  *client,
          Collected *collected,
          guint     *n_customers,
          guint     *n_streams)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  pd_client_list_all_customers_async (client, PAGE_SIZE, collect_page, collected, NULL,
                                      collected->cancel_at, pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  *n_streams = pd_client_list_all_customers_get_streams (client, result);
  if (!pd_client_list_all_customers_finish (client, result, n_customers, &error))
    g_assert_nonnull (error);
  return error;
}

/* The ids of the plain, page-after-page listing. */
static GHashTable *
list_sequential_ids (PdClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Collected collected;

  collected_init (&collected);
  pd_client_list_customers_async (client, 500, collect_page, &collected, NULL, NULL,
                                  pd_test_store_result, &result);
  pd_test_wait_for_result (&result);
  g_assert_true (pd_client_list_customers_finish (client, result, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&collected.ids);
}

/* Every id of @expected delivered, and nothing else. */
static void
assert_same_ids (GHashTable *delivered,
                 GHashTable *expected)
{
  GHashTableIter iter;
  gpointer id;

  g_assert_cmpuint (g_hash_table_size (delivered), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_assert_true (g_hash_table_contains (delivered, id));
}

static void
assert_each_once (GHashTable *delivered)
{
  GHashTableIter iter;
  gpointer times;

  g_hash_table_iter_init (&iter, delivered);
  while (g_hash_table_iter_next (&iter, NULL, &times))
    g_assert_cmpuint (GPOINTER_TO_UINT (times), ==, 1);
}

/* ------------------------------------------------------------------------------------- */
/* A server of the test's own: the paged, filtered list over the domains it is given */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *domains;         /* customer i is "c-i" with domains[i] */
  gboolean    refuse_filter;   /* answer 400, as a service without the filter would */
  guint       delay_ms;        /* answer after this long (0: at once) */
  guint       n_requests;
  guint       n_filtered;
  guint       in_flight;       /* filtered requests not answered yet */
  guint       most_in_flight;
} Fake;

typedef struct
{
  Fake              *fake;
  SoupServerMessage *message;
  gboolean           filtered;
} Delayed;

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  if (delayed->filtered)
    delayed->fake->in_flight--;
  soup_server_message_unpause (delayed->message);
  g_object_unref (delayed->message);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* The filter's Value (the prefix), folded; NULL when it is not a Domain filter. */
static char *
fake_filter_prefix (const char *filter)
{
  g_autoptr(JsonNode) root = pd_json_parse (filter, -1, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                       ? json_node_get_object (root) : NULL;

  if (object == NULL || g_strcmp0 (json_object_get_string_member_with_default (object, "Field",
                                                                               ""),
                                   "Domain") != 0)
    return NULL;
  return g_utf8_casefold (json_object_get_string_member_with_default (object, "Value", ""),
                          -1);
}

/* The page from @offset of the customers whose domain starts with @prefix (all: NULL). */
static char *
fake_page (Fake       *fake,
           const char *prefix,
           guint       offset,
           guint       size)
{
  g_autoptr(GArray) matching = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *json = g_string_new ("{\"items\":[");

  for (guint i = 0; i < fake->domains->len; i++)
    {
      g_autofree char *folded = g_utf8_casefold (g_ptr_array_index (fake->domains, i), -1);

      if (prefix == NULL || g_str_has_prefix (folded, prefix))
        g_array_append_val (matching, i);
    }

  for (guint k = offset; k < matching->len && k < offset + size; k++)
    {
      guint i = g_array_index (matching, guint, k);

      g_string_append_printf (json, "%s{\"id\":\"c-%u\",\"companyProfile\":{\"domain\":",
                              k > offset ? "," : "", i);
      pd_json_append_string (json, g_ptr_array_index (fake->domains, i));
      g_string_append_printf (json, ",\"companyName\":\"Company %u\"}}", i);
    }
  g_string_append_printf (json, "],\"totalCount\":%u,\"links\":{", matching->len);
  if (offset + size < matching->len)
    g_string_append_printf (json, "\"next\":{\"uri\":\"/v1/customers?size=%u&seekOperation="
                                  "Next\",\"method\":\"GET\",\"headers\":[{\"key\":"
                                  "\"MS-ContinuationToken\",\"value\":\"%u;%s\"}]}",
                            size, offset + size, prefix != NULL ? prefix : "*");
  g_string_append (json, "},\"attributes\":{\"objectType\":\"Collection\"}}");
  return g_string_free (json, FALSE);
}

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *token = soup_message_headers_get_one (headers, "MS-ContinuationToken");
  const char *filter = query != NULL ? g_hash_table_lookup (query, "filter") : NULL;
  const char *size_text = query != NULL ? g_hash_table_lookup (query, "size") : NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *json = NULL;
  guint offset = 0;

  fake->n_requests++;
  if (token != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (token, ";", 2);

      offset = (guint) g_ascii_strtoull (parts[0], NULL, 10);
      prefix = g_strcmp0 (parts[1], "*") != 0 ? g_strdup (parts[1]) : NULL;
    }
  else if (filter != NULL)
    prefix = fake_filter_prefix (filter);

  if (prefix != NULL)
    {
      fake->n_filtered++;
      fake->in_flight++;
      fake->most_in_flight = MAX (fake->most_in_flight, fake->in_flight);
    }

  if (prefix != NULL && fake->refuse_filter)
    pd_test_respond_json (message, 400, "{\"code\":2000,\"description\":"
                                        "\"The filter is not supported\"}");
  else
    {
      json = fake_page (fake, prefix, offset, (guint) g_ascii_strtoull (size_text, NULL, 10));
      pd_test_respond_json (message, 200, json);
    }

  if (fake->delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->fake = fake;
      delayed->message = g_object_ref (message);
      delayed->filtered = prefix != NULL;
      soup_server_message_pause (message);
      g_timeout_add (fake->delay_ms, delayed_cb, delayed);
    }
  else if (prefix != NULL)
    fake->in_flight--;
}

/* A server of @n customers: domains from @pick (index → domain) or "d{i}.example" with
 * the first letter turning through the alphabet. */
static Fake *
fake_new (guint n,
          const char *(*pick) (guint i))
{
  Fake *fake = g_new0 (Fake, 1);

  fake->domains = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      const char *odd = pick != NULL ? pick (i) : NULL;

      g_ptr_array_add (fake->domains,
                       odd != NULL ? g_strdup (odd)
                                   : g_strdup_printf ("%c%u.example", 'a' + (i * 7) % 26, i));
    }
  fake->server = pd_test_local_server_new (fake_handler, fake, &fake->base_url);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->domains, g_ptr_array_unref);
  g_free (fake->base_url);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

static PdClient *
fake_client_new (Fake *fake)
{
  g_autoptr(PdTokenProvider) provider = pd_static_token_provider_new (FAKE_TOKEN);

  return streams_client (pd_test_client_new_for_url (fake->base_url, provider));
}

/* "c-0" … "c-{n-1}". */
static GHashTable *
fake_ids (Fake *fake)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < fake->domains->len; i++)
    g_hash_table_add (ids, g_strdup_printf ("c-%u", i));
  return ids;
}

/* ------------------------------------------------------------------------------------- */
/* Tests */

/* A few thousand customers in pages of 20: streams of several pages each, every customer
 * delivered exactly once, the same set as the plain listing. */
static void
test_parallel_exact (void)
{
  g_autoptr(PdClient) client = streams_client (pd_test_client_new (shared ()));
  g_autoptr(GHashTable) expected = list_sequential_ids (client);
  g_autoptr(GError) error = NULL;
  Collected collected;
  guint n = 0, streams = 0;

  collected_init (&collected);
  error = list_all (client, &collected, &n, &streams);
  g_assert_no_error (error);

  g_assert_cmpuint (g_hash_table_size (expected), ==, 3000);
  assert_same_ids (collected.ids, expected);
  assert_each_once (collected.ids);
  g_assert_cmpuint (collected.n_delivered, ==, 3000);
  g_assert_cmpuint (n, ==, 3000);
  /* It went parallel, as many streams at once as allowed. */
  g_assert_cmpuint (streams, ==, PD_CLIENT_DEFAULT_MAX_STREAMS);
  /* 150 pages of the whole list would be 150 pages; the streams bring more, smaller. */
  g_assert_cmpuint (collected.n_pages, >, 3000 / PAGE_SIZE);
  collected_clear (&collected);
}

/* A first page that comes at once (loopback, no latency) says the round trips are not
 * what takes the time: the listing stays page after page, and still brings everyone. */
static void
test_quick_page_sequential (void)
{
  g_autoptr(PdClient) client = pd_test_client_new (shared ());
  g_autoptr(GError) error = NULL;
  Collected collected;
  guint n = 0, streams = 99;

  /* However quick the sandbox is, a page is quicker than a minute. */
  pd_client_set_streams_min_page_time (client, 60 * G_TIME_SPAN_SECOND);
  collected_init (&collected);
  error = list_all (client, &collected, &n, &streams);
  g_assert_no_error (error);
  g_assert_cmpuint (streams, ==, 0);
  g_assert_cmpuint (n, ==, 3000);
  assert_each_once (collected.ids);
  g_assert_cmpuint (collected.n_pages, ==, 3000 / PAGE_SIZE);
  collected_clear (&collected);
}

/* Lists every customer of @fake (with at most @max_streams at once, 0: the default);
 * asserts success and that each of its customers arrived. */
static void
fake_list_all (Fake      *fake,
               guint      max_streams,
               Collected *collected,
               guint     *streams)
{
  g_autoptr(PdClient) client = fake_client_new (fake);
  g_autoptr(GHashTable) expected = fake_ids (fake);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (max_streams > 0)
    pd_client_set_max_streams (client, max_streams);
  collected_init (collected);
  error = list_all (client, collected, &n, streams);
  g_assert_no_error (error);
  assert_same_ids (collected->ids, expected);
  g_assert_cmpuint (n, ==, fake->domains->len);
}

/* At most the client's streams at once, even when the server is slow to answer. */
static void
test_streams_in_flight (void)
{
  g_autoptr(Fake) fake = fake_new (720, NULL);
  Collected collected;
  guint streams = 0;

  /* Long enough that the three overlap even under the sanitizers on a busy machine: at
   * 20 ms one sanitized CI run saw at most two. */
  fake->delay_ms = 100;
  fake_list_all (fake, 3, &collected, &streams);
  assert_each_once (collected.ids);
  g_assert_cmpuint (streams, ==, 3);
  g_assert_cmpuint (fake->most_in_flight, ==, 3);
  collected_clear (&collected);
}

/* A list of a few pages is read page after page, as before: no filtered request. */
static void
test_small_list_sequential (void)
{
  g_autoptr(Fake) fake = fake_new (5 * PAGE_SIZE, NULL);
  Collected collected;
  guint streams = 0;

  fake_list_all (fake, 0, &collected, &streams);
  assert_each_once (collected.ids);
  g_assert_cmpuint (streams, ==, 0);
  g_assert_cmpuint (fake->n_filtered, ==, 0);
  g_assert_cmpuint (fake->n_requests, ==, 5);
  collected_clear (&collected);
}

/* Domains outside a–z and 0–9 (one with a hyphen first, one with an accented letter). */
static const char *
pick_odd_domain (guint i)
{
  if (i == 137)
    return "-dash.example";
  if (i == 411)
    return "\xc3\xa9" "clair.example";  /* éclair */
  return NULL;
}

/* The streams' counts do not add up to the list's: it is read page after page instead,
 * and every customer arrives (the two odd ones too). */
static void
test_odd_domains_fall_back (void)
{
  g_autoptr(Fake) fake = fake_new (600, pick_odd_domain);
  Collected collected;
  guint streams = 0;

  fake_list_all (fake, 0, &collected, &streams);
  g_assert_true (g_hash_table_contains (collected.ids, "c-137"));
  g_assert_true (g_hash_table_contains (collected.ids, "c-411"));
  /* It tried, and then fell back. */
  g_assert_cmpuint (fake->n_filtered, >, 0);
  g_assert_cmpuint (streams, ==, 0);
  collected_clear (&collected);
}

/* A service that answers 400 to the Domain filter: read page after page instead. */
static void
test_filter_refused_falls_back (void)
{
  g_autoptr(Fake) fake = fake_new (600, NULL);
  Collected collected;
  guint streams = 0;

  fake->refuse_filter = TRUE;
  fake_list_all (fake, 0, &collected, &streams);
  g_assert_cmpuint (fake->n_filtered, >, 0);
  g_assert_cmpuint (streams, ==, 0);
  collected_clear (&collected);
}

/* 429s (with Retry-After) on a share of the requests: back off, fall back if need be, and
 * still every customer. */
static void
test_throttled (void)
{
  g_autoptr(PdSandboxProcess) sandbox = pd_test_sandbox_start (600, "--throttle-rate", "0.15",
                                                               "--fault-seed", "11", NULL);
  g_autoptr(PdClient) client = streams_client (pd_test_client_new (sandbox));
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GError) error = NULL;
  Collected collected;
  guint n = 0, streams = 0;

  pd_client_set_retry_policy (client, 10, 10, 200);
  expected = list_sequential_ids (client);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 600);

  collected_init (&collected);
  error = list_all (client, &collected, &n, &streams);
  g_assert_no_error (error);
  assert_same_ids (collected.ids, expected);
  g_assert_cmpuint (n, ==, 600);
  /* The faults did happen. */
  g_assert_cmpuint (pd_client_get_n_throttled (client), >, 0);
  collected_clear (&collected);
}

/* Cancelled while the streams run: G_IO_ERROR_CANCELLED, and no page after the cancel. */
static void
test_cancel (void)
{
  g_autoptr(PdClient) client = streams_client (pd_test_client_new (shared ()));
  g_autoptr(GError) error = NULL;
  Collected collected;
  guint n = 0, streams = 0;

  collected_init (&collected);
  collected.cancel_at = g_cancellable_new ();
  collected.cancel_after = 6;
  error = list_all (client, &collected, &n, &streams);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Let anything still queued run. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (collected.n_pages, ==, 6);
  g_assert_cmpuint (collected.pages_after_cancel, ==, 0);
  g_assert_cmpuint (streams, ==, 0);
  collected_clear (&collected);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client/streams/parallel-exact", test_parallel_exact);
  g_test_add_func ("/client/streams/in-flight", test_streams_in_flight);
  g_test_add_func ("/client/streams/small-list-sequential", test_small_list_sequential);
  g_test_add_func ("/client/streams/quick-page-sequential", test_quick_page_sequential);
  g_test_add_func ("/client/streams/odd-domains-fall-back", test_odd_domains_fall_back);
  g_test_add_func ("/client/streams/filter-refused-falls-back",
                   test_filter_refused_falls_back);
  g_test_add_func ("/client/streams/throttled", test_throttled);
  g_test_add_func ("/client/streams/cancel", test_cancel);

  status = g_test_run ();
  g_clear_object (&shared_sandbox);
  return status;
}
