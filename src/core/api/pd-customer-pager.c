/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-pager.c: a customer listing or search, page by page, in order. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include "pd-api-error.h"
#include "pd-client-private.h"
#include "pd-customer-pager.h"
#include "pd-customer-private.h"
#include "pd-json.h"
#include "pd-request.h"
#include "pd-run-on-context.h"

/* How far past `totalCount` a listing may run before the server is taken to be looping:
 * the count may grow while the list is read, and a page may come short. */
#define EXTRA_PAGES                10
#define EXTRA_CUSTOMERS_PERCENT    25
/* Without a `totalCount`, the most customers a listing is allowed to bring. */
#define MAX_CUSTOMERS_WITHOUT_TOTAL 1000000

/* The one header a next link may set: the API's position in the collection. Any other
 * (Authorization, Host, …) is the server's wish about our request, and not followed. */
#define CONTINUATION_TOKEN "MS-ContinuationToken"

/* Pages are pipelined: when page N arrives, a quick scan of its bytes finds links.next and
 * page N+1 is requested at once; meanwhile a worker thread parses page N and builds its
 * models. Pages are parsed one at a time and delivered strictly in order. */

/* The most pages that may have come without being handed over yet: the next one is
 * asked for only when one of them is. The bounds on a listing (totalCount) are known
 * once its first page is handed over, and pages that come faster than they parse must
 * not pile up: on a kept-alive connection a server answers faster than a page parses. */
#define MAX_PAGES_AHEAD 4

typedef struct _NextLink NextLink;
static void next_link_free (NextLink *link);

typedef struct
{
  PdCustomerPageFunc  page_func;
  PdPagerItemFromJson item_from_json;  /* NULL: customers, read the fast way */
  gpointer            page_data;
  GDestroyNotify      page_data_destroy;
  char               *correlation_id;  /* one for the whole listing */
  GHashTable         *seen_links;      /* continuation tokens (or URLs) already followed */
  guint               page_size;
  guint               total_count;     /* the collection's size by `totalCount`, 0: unknown */
  gboolean            counted_first;   /* the first page was counted */
  GHashTable         *parsed;          /* sequence number → PageResult, not yet delivered */
  GQueue              to_parse;        /* PageData fetched, waiting for the parser */
  gboolean            parsing;
  guint               next_fetch_seq;
  guint               next_deliver_seq;
  guint               n_customers;
  NextLink           *deferred_link;   /* to follow once a page is handed over */
  gboolean            finished;        /* the task returned; late arrivals are dropped */
} ListData;

typedef struct
{
  GPtrArray *customers;
  guint      total_count;
  gboolean   has_next;
} PageResult;

static void
page_result_free (PageResult *result)
{
  g_clear_pointer (&result->customers, g_ptr_array_unref);
  g_free (result);
}

typedef struct _PageData PageData;
static void page_data_free (PageData *page);

static void
list_data_free (ListData *data)
{
  if (data->page_data_destroy != NULL)
    data->page_data_destroy (data->page_data);
  g_clear_pointer (&data->correlation_id, g_free);
  g_clear_pointer (&data->seen_links, g_hash_table_unref);
  g_clear_pointer (&data->parsed, g_hash_table_unref);
  g_queue_clear_full (&data->to_parse, (GDestroyNotify) page_data_free);
  g_clear_pointer (&data->deferred_link, next_link_free);
  g_free (data);
}

static void
list_return_error (GTask  *task,
                   GError *error)  /* (transfer full) */
{
  ListData *data = g_task_get_task_data (task);

  if (data->finished)
    {
      g_error_free (error);
      return;
    }
  data->finished = TRUE;
  /* Queued pages and a deferred link hold the task: drop them so it can go. */
  g_queue_clear_full (&data->to_parse, (GDestroyNotify) page_data_free);
  g_clear_pointer (&data->deferred_link, next_link_free);
  g_task_return_error (task, error);
}

struct _PageData
{
  GTask      *list_task;     /* the listing, on whose context the link is handled */
  PdResponse *response;
  guint       seq;
  gboolean    link_handled;  /* the next page was already asked for */
  gboolean    has_next;      /* valid when link_handled */
};

static void
page_data_free (PageData *page)
{
  g_clear_object (&page->list_task);
  g_clear_pointer (&page->response, pd_response_free);
  g_free (page);
}

struct _NextLink
{
  GTask     *list_task;
  char      *uri;
  char      *method;
  GPtrArray *headers;  /* name, value, … */
  guint      status;
  char      *request_id;
  char      *correlation_id;
};

static void
next_link_free (NextLink *link)
{
  g_clear_object (&link->list_task);
  g_clear_pointer (&link->uri, g_free);
  g_clear_pointer (&link->method, g_free);
  g_clear_pointer (&link->headers, g_ptr_array_unref);
  g_clear_pointer (&link->request_id, g_free);
  g_clear_pointer (&link->correlation_id, g_free);
  g_free (link);
}

static void fetch_page (GTask     *task,
                        PdRequest *request);

/* ------------------------------------------------------------------------------------- */
/* Paging control: a server whose next links cycle or never end must not keep the client
 * asking (8,550 requests in 30 s were seen) or growing the list without bound. */

static GError *
endless_pages_error (guint       status,
                     const char *description,
                     const char *request_id,
                     const char *correlation_id)
{
  GError *error = pd_api_error_new (PD_API_ERROR_PROTOCOL, status, NULL, description,
                                    request_id, correlation_id);

  pd_api_error_set_cause (error, PD_API_ERROR_CAUSE_ENDLESS_PAGES);
  return error;
}

/* The most customers the listing may bring, given what the server said it has. */
static guint64
max_customers (ListData *data)
{
  if (data->total_count == 0)
    return MAX_CUSTOMERS_WITHOUT_TOTAL;
  return (guint64) data->total_count +
         (guint64) data->total_count * EXTRA_CUSTOMERS_PERCENT / 100 + data->page_size;
}

/* The most pages: every page may come short, so twice the full pages, and then some. */
static guint64
max_pages (ListData *data)
{
  guint64 customers = data->total_count > 0 ? data->total_count : MAX_CUSTOMERS_WITHOUT_TOTAL;
  guint64 full_pages = (customers + data->page_size - 1) / data->page_size;

  return 2 * full_pages + EXTRA_PAGES;
}

/* Whether following @link is allowed; otherwise returns the listing's error. */
static gboolean
check_next_link (ListData    *data,
                 const char  *url,
                 const char  *continuation_token,
                 guint        status,
                 const char  *request_id,
                 const char  *correlation_id,
                 GError     **error)
{
  /* The token is what names a position; a link without one is named by its URL. */
  const char *key = continuation_token != NULL ? continuation_token : url;

  if (g_hash_table_contains (data->seen_links, key))
    {
      g_propagate_error (error, endless_pages_error (status,
                                                     "The next link repeats an earlier one",
                                                     request_id, correlation_id));
      return FALSE;
    }

  /* next_fetch_seq pages were asked for; this one would be one more. */
  if ((guint64) data->next_fetch_seq + 1 > max_pages (data))
    {
      g_propagate_error (error, endless_pages_error (status,
                                                     "The next links run far past the "
                                                     "collection's totalCount",
                                                     request_id, correlation_id));
      return FALSE;
    }

  g_hash_table_add (data->seen_links, g_strdup (key));
  return TRUE;
}

/* Takes a delivered page into the counts; FALSE (with the error) when too many came. */
static gboolean
count_page (ListData    *data,
            guint        n_customers,
            guint        total_count,
            gboolean     has_next,
            GError     **error)
{
  /* The first page's count is the one a looping server would not keep changing. Only a
   * count above that page's own items says how large the collection is: a collection
   * type whose totalCount is the page's own count (as Partner Center's resource
   * collections can be) must not stop a long list. Without one, only the fixed bounds
   * and the repeated-token check apply. */
  if (!data->counted_first)
    {
      data->counted_first = TRUE;
      if (has_next && total_count > n_customers)
        data->total_count = total_count;
    }
  data->n_customers += n_customers;

  if (data->n_customers > max_customers (data))
    {
      g_propagate_error (error, endless_pages_error (0, "The pages bring far more customers "
                                                     "than the collection's totalCount",
                                                     NULL, data->correlation_id));
      return FALSE;
    }
  return TRUE;
}

/* On the main context: ask for the next page (while the worker parses this one). */
static gboolean
next_link_cb (gpointer user_data)
{
  NextLink *link = user_data;
  GTask *task = link->list_task;
  PdClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  const char *token = NULL;
  PdRequest *request;

  if (data->finished)
    return G_SOURCE_REMOVE;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      list_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    "Operation was cancelled"));
      return G_SOURCE_REMOVE;
    }

  url = pd_client_resolve_link (self, link->uri);
  if (url == NULL)
    {
      list_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL, link->status, NULL,
                                                 "The next link points to another host",
                                                 link->request_id, link->correlation_id));
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i + 1 < link->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (link->headers, i), CONTINUATION_TOKEN) == 0)
      token = g_ptr_array_index (link->headers, i + 1);
  if (!check_next_link (data, url, token, link->status, link->request_id,
                        link->correlation_id, &error))
    {
      list_return_error (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  request = pd_request_new (self, link->method, g_steal_pointer (&url), data->correlation_id);
  for (guint i = 0; i + 1 < link->headers->len; i += 2)
    pd_request_add_header (request, g_ptr_array_index (link->headers, i),
                           g_ptr_array_index (link->headers, i + 1));

  fetch_page (g_object_ref (task), request);
  return G_SOURCE_REMOVE;
}

/* Whether the walk, inside the top-level object just after a member's value, comes to
 * the object's end: more members, its closing brace, then nothing but space. */
static gboolean
scan_is_top_level_tail (PdJsonWalker *w)
{
  PdJsonToken token;

  while ((token = pd_json_walker_next (w)) == PD_JSON_NAME)
    if (!pd_json_walker_skip (w, pd_json_walker_next (w), NULL, NULL))
      return FALSE;
  return token == PD_JSON_END_OBJECT && pd_json_walker_next (w) == PD_JSON_END;
}

/* Partner Center and the sandbox put "links" near the end of a 165 kB page: look for it
 * from the end, and take it when the walk from there closes the top-level object (so it
 * cannot be a member of an item, nor text in a string). Returns: (nullable). */
static JsonNode *
scan_links_from_end (const char *data,
                     gsize       len)
{
  static const char key[] = "\"links\"";
  const gsize key_len = sizeof key - 1;
  gsize search_end = len;

  while (search_end >= key_len)
    {
      gsize key_start = search_end - key_len + 1;
      gsize backslashes = 0;
      const char *value;
      gsize value_len;
      PdJsonWalker w;

      /* Backwards by hand: g_strrstr_len() would first walk the whole body for a NUL. */
      while (key_start-- > 0)
        if (data[key_start] == '"' && memcmp (data + key_start, key, key_len) == 0)
          break;
      if (key_start == G_MAXSIZE)
        return NULL;
      search_end = key_start + key_len - 1;

      /* An escaped quote is inside a string. */
      for (gsize i = key_start; i > 0 && data[i - 1] == '\\'; i--)
        backslashes++;
      if (backslashes % 2 != 0)
        continue;

      /* The same walker as every other reader, from the member on. */
      pd_json_walker_init_in_object (&w, data, len, key_start);
      if (pd_json_walker_next (&w) != PD_JSON_NAME)
        continue;
      if (!pd_json_walker_skip (&w, pd_json_walker_next (&w), &value, &value_len) ||
          !scan_is_top_level_tail (&w))
        return NULL;
      return pd_json_parse (value, (gssize) value_len, NULL);
    }
  return NULL;
}

/* Finds the top-level "links" member (any case) without building the whole tree, so the
 * next page can be requested before this one is parsed. Returns: (nullable) its value. */
static JsonNode *
scan_links (const char *data,
            gsize       len)
{
  const char *value;
  gsize value_len;
  JsonNode *links;

  data = pd_json_strip_bom (data, (gssize *) &len);
  links = scan_links_from_end (data, len);
  if (links != NULL)
    return links;
  /* Elsewhere in the page: walk its members, as the tree would find it. */
  if (!pd_json_find_member (data, len, "links", &value, &value_len))
    return NULL;
  return pd_json_parse (value, (gssize) value_len, NULL);
}

/* Returns: (nullable): the next link in @links, for the listing @page belongs to. */
static NextLink *
next_link_new (PageData   *page,
               JsonObject *links)
{
  JsonObject *next = links != NULL ? pd_json_object_get_object_ci (links, "next") : NULL;
  const char *uri = next != NULL ? pd_json_object_get_string_ci (next, "uri") : NULL;
  const char *method;
  JsonArray *headers;
  NextLink *link;

  if (uri == NULL || *uri == '\0')
    return NULL;

  method = pd_json_object_get_string_ci (next, "method");
  headers = pd_json_object_get_array_ci (next, "headers");

  link = g_new0 (NextLink, 1);
  link->list_task = g_object_ref (page->list_task);
  link->uri = g_strdup (uri);
  link->method = g_ascii_strup (method != NULL && *method != '\0' ? method : "GET", -1);
  link->headers = g_ptr_array_new_with_free_func (g_free);
  link->status = page->response->status;
  link->request_id = g_strdup (page->response->request_id);
  link->correlation_id = g_strdup (page->response->correlation_id);
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *header = json_array_get_element (headers, i);
      const char *key;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (header))
        continue;
      key = pd_json_object_get_string_ci (json_node_get_object (header), "key");
      value = pd_json_object_get_string_ci (json_node_get_object (header), "value");
      if (key == NULL || value == NULL || g_ascii_strcasecmp (key, CONTINUATION_TOKEN) != 0)
        continue;
      g_ptr_array_add (link->headers, g_strdup (key));
      g_ptr_array_add (link->headers, g_strdup (value));
    }

  return link;
}

/* What the worker reads of a page; the customers' attributes and links are not built. */
static const PdJsonFilter page_members[] = {
  { "items", pd_customer_json_members },
  { "totalCount", NULL },
  { "links", NULL },
  { NULL, NULL }
};

static gboolean
add_customer_record (char     **values,
                     guint32    present,
                     gpointer   user_data)
{
  GPtrArray *customers = user_data;
  PdCustomer *customer = pd_customer_new_from_record (values, present);

  if (customer == NULL)
    return FALSE;
  g_ptr_array_add (customers, customer);
  return TRUE;
}

/* What the worker reads of a page of other items: all of each item. */
static const PdJsonFilter item_page_members[] = {
  { "items", NULL },
  { "totalCount", NULL },
  { "links", NULL },
  { NULL, NULL }
};

/* The page's object, with its customers in @customers when they could be read straight
 * from the text (*@flat); else the whole tree, the reference for what a page means.
 * Returns: (transfer full) (nullable) */
static JsonNode *
read_page (PageData   *page,
           GPtrArray  *customers,
           gboolean   *flat,
           GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  const char *data = g_bytes_get_data (page->response->body, &len);
  ListData *list = g_task_get_task_data (page->list_task);

  if (list->item_from_json != NULL)
    {
      *flat = FALSE;
      return pd_response_parse_object_filtered (page->response, item_page_members, error);
    }

  /* The fast path: customers straight from the text, no tree in between. Anything unusual
   * in the page (other spellings, billing profiles, bad JSON, …) goes down the tree path
   * instead. */
  *flat = data != NULL &&
          pd_json_read_records (data, (gssize) len, "items", pd_customer_record_fields,
                                PD_CUSTOMER_RECORD_N_FIELDS, page_members,
                                add_customer_record, customers, &root);
  if (*flat)
    return g_steal_pointer (&root);

  g_ptr_array_set_size (customers, 0);
  return pd_response_parse_object_filtered (page->response, page_members, error);
}

/* Adds the customers (or the listing's items) of the tree's @items (the tree path of
 * read_page()). */
static gboolean
add_customer_items (PageData   *page,
                    JsonArray  *items,
                    GPtrArray  *customers,
                    GError    **error)
{
  ListData *list = g_task_get_task_data (page->list_task);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(GError) model_error = NULL;
      gpointer customer;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_propagate_error (error, pd_response_protocol_error (page->response, NULL));
          return FALSE;
        }

      if (list->item_from_json != NULL)
        customer = list->item_from_json (json_node_get_object (item), &model_error);
      else
        customer = pd_customer_new_from_json (json_node_get_object (item), &model_error);
      if (customer == NULL)
        {
          g_propagate_error (error, pd_response_protocol_error (page->response, model_error));
          return FALSE;
        }
      g_ptr_array_add (customers, customer);
    }
  return TRUE;
}

/* Runs in a worker thread: JSON parsing and model building stay off the main loop. */
static void
parse_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PageData *page = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  PageResult *result;
  JsonObject *object;
  JsonArray *items;
  JsonNode *total;
  gboolean has_next;
  gboolean flat;

  customers = g_ptr_array_new_full (PD_CLIENT_MAX_PAGE_SIZE, g_object_unref);
  root = read_page (page, customers, &flat, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = json_node_get_object (root);
  items = flat ? NULL : pd_json_object_get_array_ci (object, "items");
  if (!flat && items == NULL)
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL,
                                                   page->response->status, NULL,
                                                   "The page has no items",
                                                   page->response->request_id,
                                                   page->response->correlation_id));
      return;
    }

  /* When the quick scan on the main thread could not find the links, send them now. */
  has_next = page->has_next;
  if (!page->link_handled)
    {
      NextLink *link = next_link_new (page, pd_json_object_get_object_ci (object, "links"));

      has_next = link != NULL;
      /* Not g_main_context_invoke(): from this worker it would send the request right
       * here whenever the main loop is between iterations (see pd-run-on-context.h). */
      if (link != NULL)
        pd_run_on_context (g_task_get_context (page->list_task), next_link_cb, link,
                           (GDestroyNotify) next_link_free, "[pd-customer-pager] next page");
    }

  if (items != NULL && !add_customer_items (page, items, customers, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (PageResult, 1);
  result->customers = g_steal_pointer (&customers);
  result->has_next = has_next;
  total = pd_json_object_get_member_ci (object, "totalCount");
  if (total != NULL && JSON_NODE_HOLDS_VALUE (total) &&
      json_node_get_value_type (total) == G_TYPE_INT64)
    result->total_count = (guint) CLAMP (json_node_get_int (total), 0, G_MAXUINT);

  g_task_return_pointer (task, result, (GDestroyNotify) page_result_free);
}

static void parse_next_page (GTask *task);

static void
page_parsed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  PageData *page = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  PageResult *parsed;

  parsed = g_task_propagate_pointer (G_TASK (result), &error);
  data->parsing = FALSE;
  if (data->finished)
    {
      g_clear_pointer (&parsed, page_result_free);
      return;
    }
  if (parsed == NULL)
    {
      list_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_insert (data->parsed, GUINT_TO_POINTER (page->seq), parsed);

  /* A later page can finish parsing first; hand them over in order. */
  while ((parsed = g_hash_table_lookup (data->parsed,
                                        GUINT_TO_POINTER (data->next_deliver_seq))) != NULL)
    {
      gboolean has_next = parsed->has_next;

      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          list_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                        "Operation was cancelled"));
          return;
        }

      if (!count_page (data, parsed->customers->len, parsed->total_count, has_next, &error))
        {
          list_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (data->page_func != NULL)
        data->page_func (parsed->customers, parsed->total_count, data->page_data);
      g_hash_table_remove (data->parsed, GUINT_TO_POINTER (data->next_deliver_seq));
      data->next_deliver_seq++;

      if (data->finished)
        return;
      if (!has_next)
        {
          data->finished = TRUE;
          g_clear_pointer (&data->deferred_link, next_link_free);
          g_task_return_int (task, data->n_customers);
          return;
        }
    }

  /* A page was handed over: the next one may be asked for (within the bounds the
   * first page set). */
  if (data->deferred_link != NULL)
    {
      NextLink *link = g_steal_pointer (&data->deferred_link);

      next_link_cb (link);
      next_link_free (link);
    }

  parse_next_page (task);
}

/* One page is parsed at a time: the pages arrive faster than they parse, and a second
 * parsing thread would only take the CPU from the server and the main loop. */
static void
parse_next_page (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GTask) parse_task = NULL;
  PageData *page;

  if (data->parsing || data->finished || g_queue_is_empty (&data->to_parse))
    return;

  page = g_queue_pop_head (&data->to_parse);
  data->parsing = TRUE;

  parse_task = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                           page_parsed_cb, g_object_ref (task));
  g_task_set_source_tag (parse_task, parse_page_thread);
  g_task_set_task_data (parse_task, page, (GDestroyNotify) page_data_free);
  /* The outcome is read in page_parsed_cb even when cancelled. */
  g_task_set_check_cancellable (parse_task, FALSE);
  g_task_run_in_thread (parse_task, parse_page_thread);
}

static void
page_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PdResponse *response;
  PageData *page;

  response = pd_request_send_finish (result, &error);
  if (data->finished)
    {
      g_clear_pointer (&response, pd_response_free);
      return;
    }
  if (response == NULL)
    {
      list_return_error (task, g_steal_pointer (&error));
      return;
    }

  page = g_new0 (PageData, 1);
  page->response = response;
  page->list_task = g_object_ref (task);
  page->seq = data->next_fetch_seq++;

  /* Ask for the next page right away: locating the links member is a quick scan of the
   * bytes (no tree is built), while parsing the page takes a worker thread a while. */
  {
    gsize len;
    const char *bytes = g_bytes_get_data (response->body, &len);
    g_autoptr(JsonNode) links = bytes != NULL ? scan_links (bytes, len) : NULL;

    if (links != NULL && JSON_NODE_HOLDS_OBJECT (links))
      {
        NextLink *link = next_link_new (page, json_node_get_object (links));

        page->link_handled = TRUE;
        page->has_next = link != NULL;
        if (link != NULL && data->next_fetch_seq - data->next_deliver_seq >= MAX_PAGES_AHEAD)
          {
            g_assert (data->deferred_link == NULL);
            data->deferred_link = link;
          }
        else if (link != NULL)
          {
            next_link_cb (link);
            next_link_free (link);
          }
      }
  }

  if (data->finished)
    {
      page_data_free (page);
      return;
    }

  g_queue_push_tail (&data->to_parse, page);
  parse_next_page (task);
}

/* @task: (transfer full) the list task. */
static void
fetch_page (GTask     *task,
            PdRequest *request)
{
  pd_request_send_async (request, g_task_get_cancellable (task), page_fetched_cb, task);
}

void
pd_customer_pager_start (PdClient           *self,
                         char               *url,   /* (transfer full) */
                         guint               page_size,
                         gpointer            source_tag,
                         PdCustomerPageFunc  page_func,
                         gpointer            page_data,
                         GDestroyNotify      page_data_destroy,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  pd_pager_start_items (self, url, page_size, source_tag, NULL, page_func, page_data,
                        page_data_destroy, cancellable, callback, user_data);
}

void
pd_pager_start_items (PdClient            *self,
                      char                *url,   /* (transfer full) */
                      guint                page_size,
                      gpointer             source_tag,
                      PdPagerItemFromJson  item_from_json,
                      PdCustomerPageFunc   page_func,
                      gpointer             page_data,
                      GDestroyNotify       page_data_destroy,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  data = g_new0 (ListData, 1);
  data->page_func = page_func;
  data->item_from_json = item_from_json;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->correlation_id = g_uuid_string_random ();
  data->page_size = MAX (page_size, 1);
  data->seen_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->parsed = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_result_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  fetch_page (task, pd_request_new (self, "GET", url, data->correlation_id));
}

gboolean
pd_customer_pager_finish (PdClient      *self,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          guint         *n_customers,
                          GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_customers != NULL)
    *n_customers = (guint) n;
  return TRUE;
}
