/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-customers.c: the paged, filtered customer list, and one customer. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-json.h"
#include "pd-sandbox-server-private.h"

#define MAX_PAGE_SIZE 500

/* The token carries the position and the query, because the next link's uri does not. */
static char *
encode_token (gint64          after_seq,
              gint64          total,
              PdSandboxField  field,
              const char     *prefix)
{
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after_seq);
  g_autofree char *total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  g_autofree char *field_text = g_strdup_printf ("%d", (int) field);
  const char *fields[] = { "v1", after_text, total_text, field_text,
                           prefix != NULL ? prefix : "", NULL };

  return pd_sandbox_json_token_new (fields);
}

static gboolean
decode_token (const char      *token,
              gint64          *after_seq,
              gint64          *total,
              PdSandboxField  *field,
              char           **prefix)
{
  g_auto(GStrv) parts = pd_sandbox_json_token_read (token, "v1", 5);
  gint64 field_value;

  if (parts == NULL
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, after_seq, NULL)
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, total, NULL)
      || !g_ascii_string_to_signed (parts[3], 10, PD_SANDBOX_FIELD_NONE, PD_SANDBOX_FIELD_DOMAIN,
                                    &field_value, NULL))
    return FALSE;

  *field = (PdSandboxField) field_value;
  *prefix = g_strdup (parts[4]);
  return TRUE;
}

static gboolean
parse_filter (const char      *filter,
              PdSandboxField  *field,
              char           **prefix)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *name;
  const char *value;
  const char *operator;

  if (pd_sandbox_json_too_deep (filter, strlen (filter))
      || !json_parser_load_from_data (parser, filter, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  name = pd_sandbox_json_get_string_ci (object, "Field");
  value = pd_sandbox_json_get_string_ci (object, "Value");
  operator = pd_sandbox_json_get_string_ci (object, "Operator");
  if (name == NULL || value == NULL || operator == NULL
      || g_ascii_strcasecmp (operator, "starts_with") != 0)
    return FALSE;

  if (g_ascii_strcasecmp (name, "CompanyName") == 0)
    *field = PD_SANDBOX_FIELD_COMPANY_NAME;
  else if (g_ascii_strcasecmp (name, "Domain") == 0)
    *field = PD_SANDBOX_FIELD_DOMAIN;
  else
    return FALSE;

  *prefix = pd_sandbox_fold (value);
  return TRUE;
}

/* What a list request asks for: a page of customers, from the start or after a row. */
typedef struct
{
  const char     *seek;       /* the query's seekOperation, NULL when not sent */
  const char     *filter;     /* the query's filter, NULL when not sent */
  guint64         size;
  PdSandboxField  field;
  char           *prefix;     /* folded; NULL without a filter */
  gint64          after_seq;
  gint64          total;      /* customers matching, counted on the first page */
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->prefix, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

/* Reads the page size, then the position from the continuation token (next pages) or the
 * filter (first page). Answers and returns FALSE when the request is not valid. */
static gboolean
read_page_request (PdSandboxRequest *req,
                   GHashTable       *query,
                   Page             *page)
{
  g_autoptr(GError) error = NULL;

  page->seek = query != NULL ? g_hash_table_lookup (query, "seekOperation") : NULL;
  page->filter = query != NULL ? g_hash_table_lookup (query, "filter") : NULL;
  if (!pd_sandbox_read_page_size (req, query, &page->size))
    return FALSE;

  if (page->seek != NULL && g_ascii_strcasecmp (page->seek, "Next") == 0)
    {
      if (decode_token (pd_sandbox_request_header (req, "MS-ContinuationToken"),
                        &page->after_seq, &page->total, &page->field, &page->prefix))
        return TRUE;
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_INPUT,
                                _("The continuation token (MS-ContinuationToken header) "
                                  "is missing or not valid."));
      return FALSE;
    }

  if (page->filter != NULL && !parse_filter (page->filter, &page->field, &page->prefix))
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_BAD_FILTER,
                                _("The filter is not valid: Field must be CompanyName or "
                                  "Domain, Value a string and Operator starts_with."));
      return FALSE;
    }
  page->total = pd_sandbox_store_count (req->self->store, page->field, page->prefix, &error);
  if (page->total < 0)
    {
      pd_sandbox_respond_internal (req, error);
      return FALSE;
    }

  return TRUE;
}

static void
append_list_item (GString           *body,
                  PdSandboxCustomer *row)
{
  g_string_append (body, "{\"id\":");
  pd_sandbox_json_append_string (body, row->id);
  g_string_append (body, ",\"companyProfile\":{\"tenantId\":");
  pd_sandbox_json_append_string (body, row->tenant_id);
  g_string_append (body, ",\"domain\":");
  pd_sandbox_json_append_string (body, row->domain);
  g_string_append (body, ",\"companyName\":");
  pd_sandbox_json_append_string (body, row->company_name);
  g_string_append (body, ",\"attributes\":{\"objectType\":\"CustomerCompanyProfile\"}},"
                         "\"relationshipToPartner\":");
  pd_sandbox_json_append_string (body, row->relationship);
  g_string_append (body, ",\"attributes\":{\"objectType\":\"Customer\"}}");
}

/* The links of a page: itself, and the next page when @rows holds one row more than it. */
static void
append_page_links (GString    *body,
                   const Page *page,
                   GPtrArray  *rows)
{
  g_autofree char *self_uri = NULL;
  const guint size = (guint) page->size;

  if (page->seek != NULL)
    self_uri = g_strdup_printf ("/v1/customers?size=%u&seekOperation=Next", size);
  else if (page->filter != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (page->filter, NULL, FALSE);

      self_uri = g_strdup_printf ("/v1/customers?size=%u&filter=%s", size, escaped);
    }
  else
    self_uri = g_strdup_printf ("/v1/customers?size=%u", size);
  pd_sandbox_json_append_self_link (body, self_uri);

  if (rows->len > size)
    {
      PdSandboxCustomer *last = g_ptr_array_index (rows, size - 1);
      g_autofree char *token = encode_token (last->seq, page->total, page->field, page->prefix);

      g_autofree char *next_uri = g_strdup_printf ("/v1/customers?size=%u&seekOperation=Next",
                                                   size);

      g_string_append_c (body, ',');
      pd_sandbox_json_append_next_link (body, next_uri, token);
    }
}

void
pd_sandbox_handle_list_customers (PdSandboxRequest *req,
                                  GHashTable       *query)
{
  g_auto(Page) page = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GString *body;

  if (!read_page_request (req, query, &page))
    return;

  /* One extra row tells whether a next page exists. */
  rows = pd_sandbox_store_list (req->self->store, page.field, page.prefix, page.after_seq,
                                page.size + 1, &error);
  if (rows == NULL)
    {
      pd_sandbox_respond_internal (req, error);
      return;
    }

  body = g_string_sized_new (400 * MIN (rows->len, page.size) + 512);
  g_string_append_printf (body, "{\"totalCount\":%" G_GINT64_FORMAT ",\"items\":[", page.total);
  for (guint i = 0; i < rows->len && i < page.size; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      append_list_item (body, g_ptr_array_index (rows, i));
    }
  g_string_append (body, "],\"links\":{");
  append_page_links (body, &page, rows);
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Collection\"}}");

  pd_sandbox_respond (req, SOUP_STATUS_OK, body);
}

gboolean
pd_sandbox_read_page_size (PdSandboxRequest *req,
                           GHashTable       *query,
                           guint64          *size)
{
  const char *size_text = query != NULL ? g_hash_table_lookup (query, "size") : NULL;

  *size = MAX_PAGE_SIZE;
  if (size_text != NULL
      && !g_ascii_string_to_unsigned (size_text, 10, 0, G_MAXUINT32, size, NULL))
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_INPUT,
                                _("The page size must be a whole number (0 for the default "
                                  "page)."));
      return FALSE;
    }
  /* size=0 is the default page (Microsoft's own search example sends it); the service
   * answers at most 500 per page whatever is asked. */
  if (*size == 0)
    *size = MAX_PAGE_SIZE;
  *size = MIN (*size, MAX_PAGE_SIZE);

  return TRUE;
}

PdSandboxCustomer *
pd_sandbox_lookup_customer (PdSandboxRequest *req,
                            const char       *id)
{
  g_autoptr(GError) error = NULL;
  PdSandboxCustomer *customer;

  customer = pd_sandbox_store_get (req->self->store, id, &error);
  if (error != NULL)
    pd_sandbox_respond_internal (req, error);
  else if (customer == NULL)
    pd_sandbox_respond_customer_not_found (req, id);

  return customer;
}

void
pd_sandbox_handle_get_customer (PdSandboxRequest *req,
                                const char       *id)
{
  g_autoptr(PdSandboxCustomer) customer = pd_sandbox_lookup_customer (req, id);
  g_autofree char *commerce = NULL;
  g_autofree char *self_uri = NULL;
  GString *body;

  if (customer == NULL)
    return;

  /* A stable second id, shaped like the service's commerceId. */
  commerce = g_compute_checksum_for_string (G_CHECKSUM_SHA1, customer->id, -1);
  self_uri = g_strdup_printf ("/customers/%s", customer->id);

  body = g_string_new ("{\"id\":");
  pd_sandbox_json_append_string (body, customer->id);
  g_string_append_printf (body, ",\"commerceId\":\"%.8s-%.4s-%.4s-%.4s-%.12s\"",
                          commerce, commerce + 8, commerce + 12, commerce + 16, commerce + 20);
  g_string_append (body, ",\"companyProfile\":");
  g_string_append (body, customer->company_json);
  g_string_append (body, ",\"billingProfile\":");
  g_string_append (body, customer->billing_json);
  g_string_append (body, ",\"relationshipToPartner\":");
  pd_sandbox_json_append_string (body, customer->relationship);
  g_string_append (body, ",\"allowDelegatedAccess\":true,\"customDomains\":[");
  pd_sandbox_json_append_string (body, customer->domain);
  g_string_append (body, "],\"links\":{");
  pd_sandbox_json_append_self_link (body, self_uri);
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Customer\"}}");

  pd_sandbox_respond (req, SOUP_STATUS_OK, body);
}

void
pd_sandbox_handle_get_company (PdSandboxRequest *req,
                               const char       *id)
{
  g_autoptr(PdSandboxCustomer) customer = pd_sandbox_lookup_customer (req, id);

  if (customer == NULL)
    return;

  pd_sandbox_respond (req, SOUP_STATUS_OK, g_string_new (customer->company_json));
}
