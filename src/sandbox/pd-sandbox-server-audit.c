/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-audit.c: the activity log: GET /v1/auditrecords and the rename control. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-audit.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server-private.h"

/* The reference: records are kept 90 days, one request covers at most 30. */
#define KEPT_DAYS  90
#define RANGE_DAYS 30
/* 1970-01-01 in .NET ticks (from 0001-01-01): the service's record ids end with .NET ticks. */
#define DOTNET_UNIX_EPOCH G_GINT64_CONSTANT (621355968000000000)
#define TOKEN_VERSION "a1"

typedef enum
{
  FILTER_NONE,
  FILTER_CUSTOMER_ID,
  FILTER_COMPANY_NAME,
  FILTER_RESOURCE_TYPE,
} FilterField;

/* ---- who, when ---- */

PdSandboxAuditRecord *
pd_sandbox_audit_record_new (PdSandboxRequest *req,
                             const char       *customer_id,
                             const char       *customer_name,
                             const char       *operation_type)
{
  PdSandboxAuditRecord *record = g_new0 (PdSandboxAuditRecord, 1);
  SoupMessageHeaders *answer = soup_server_message_get_response_headers (req->msg);
  const char *header = pd_sandbox_request_header (req, "Authorization");
  const char *user = NULL;
  const char *application = NULL;

  /* The request got here with a valid token: when the identity service did not issue it,
   * it is the static one, which no person signed in for. */
  if (header == NULL || strlen (header) <= 7
      || !pd_sandbox_identity_token_owner (req->self->identity, header + 7, &user,
                                           &application))
    user = PD_SANDBOX_DEMO_USER, application = PD_SANDBOX_DEMO_APP_ID;

  /* Strictly after the last record: newest first is one order, and ids stay unique. */
  req->self->audit_ticks = MAX (pd_sandbox_audit_now (), req->self->audit_ticks + 1);
  record->ticks = req->self->audit_ticks;
  record->customer_id = g_strdup (customer_id);
  record->customer_name = g_strdup (customer_name);
  record->user_principal_name = g_strdup (user);
  record->application_id = g_strdup (application != NULL ? application : PD_SANDBOX_DEMO_APP_ID);
  record->resource_type = g_strdup ("customer");
  record->operation_type = g_strdup (operation_type);
  record->operation_status = g_strdup ("succeeded");
  /* The caller's MS-CorrelationId, or the one the answer carries when it sent none. */
  record->correlation_id = g_strdup (soup_message_headers_get_one (answer, "MS-CorrelationId"));

  return record;
}

/* ---- records as JSON ---- */

/* "2020-09-02T23:26:19.7753934Z" */
static char *
format_ticks (gint64 ticks)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ticks / PD_SANDBOX_TICKS_PER_SECOND);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%07" G_GINT64_FORMAT "Z", seconds,
                          ticks % PD_SANDBOX_TICKS_PER_SECOND);
}

/* The service's id: partner, customer, operation without underscores, .NET ticks. */
static char *
record_id (const PdSandboxAuditRecord *record)
{
  g_autoptr(GString) operation = g_string_new (NULL);

  for (const char *p = record->operation_type; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (operation, *p);

  return g_strdup_printf ("%s_%s_%s_%" G_GINT64_FORMAT, PD_SANDBOX_PARTNER_ID,
                          record->customer_id, operation->str,
                          DOTNET_UNIX_EPOCH + record->ticks);
}

static void
append_record (GString                    *out,
               const PdSandboxAuditRecord *record)
{
  g_autofree char *id = record_id (record);
  g_autofree char *date = format_ticks (record->ticks);

  g_string_append_c (out, '{');
  pd_sandbox_json_append_member (out, "id", id);
  pd_sandbox_json_append_member (out, "partnerId", PD_SANDBOX_PARTNER_ID);
  pd_sandbox_json_append_member (out, "customerId", record->customer_id);
  pd_sandbox_json_append_member (out, "customerName", record->customer_name);
  pd_sandbox_json_append_member (out, "userPrincipalName", record->user_principal_name);
  pd_sandbox_json_append_member (out, "applicationId", record->application_id);
  pd_sandbox_json_append_member (out, "resourceType", record->resource_type);
  pd_sandbox_json_append_member (out, "resourceOldValue", record->old_value);
  pd_sandbox_json_append_member (out, "resourceNewValue", record->new_value);
  pd_sandbox_json_append_member (out, "operationType", record->operation_type);
  pd_sandbox_json_append_member (out, "originalCorrelationId", record->correlation_id);
  pd_sandbox_json_append_member (out, "operationDate", date);
  pd_sandbox_json_append_member (out, "operationStatus", record->operation_status);
  g_string_append (out, ",\"customizedData\":[],\"attributes\":{\"objectType\":\"AuditRecord\"}}");
}

/* ---- what a GET asks for ---- */

typedef struct
{
  const char          *seek;        /* the query's seekOperation, NULL when not sent */
  guint64              size;
  PdSandboxAuditQuery  query;       /* its strings point to @value */
  FilterField          field;
  char                *value;       /* the filter's value; folded for a company name */
  gint64               before_ticks;
  gint64               before_seq;
  gint64               total;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->value, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

/* "2020-09-02" (midnight UTC, @date_only set) or an ISO 8601 date and time (UTC unless
 * it says otherwise), as ticks. */
static gboolean
parse_date (const char *text,
            gint64     *ticks,
            gboolean   *date_only)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  *date_only = strlen (text) == 10 && text[4] == '-' && text[7] == '-'
               && strspn (text, "0123456789-") == 10;
  if (*date_only)
    {
      int year = atoi (text), month = atoi (text + 5), day = atoi (text + 8);

      if (g_date_valid_dmy (day, month, year))
        time = g_date_time_new (utc, year, month, day, 0, 0, 0);
    }
  else
    time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;

  *ticks = g_date_time_to_unix (time) * PD_SANDBOX_TICKS_PER_SECOND
           + g_date_time_get_microsecond (time) * (PD_SANDBOX_TICKS_PER_SECOND / G_USEC_PER_SEC);
  return TRUE;
}

static gboolean
refuse (PdSandboxRequest *req,
        int               code,
        const char       *description)
{
  pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, code, description);
  return FALSE;
}

/* startDate and endDate: either may be left out (the last 30 days; 30 days from the
 * start; 30 days up to the end). The 90- and 30-day limits answer 400. */
static gboolean
read_dates (PdSandboxRequest    *req,
            GHashTable          *query,
            PdSandboxAuditQuery *range)
{
  const char *start_text = query != NULL ? g_hash_table_lookup (query, "startDate") : NULL;
  const char *end_text = query != NULL ? g_hash_table_lookup (query, "endDate") : NULL;
  const gint64 now = pd_sandbox_audit_now ();
  const gint64 span = RANGE_DAYS * PD_SANDBOX_TICKS_PER_DAY;
  /* Midnight UTC, 90 days ago: a start date on that day is still accepted. */
  const gint64 kept_from = (now / PD_SANDBOX_TICKS_PER_DAY - KEPT_DAYS) * PD_SANDBOX_TICKS_PER_DAY;
  gint64 start = 0, end = 0;
  gboolean start_day = FALSE, end_day = FALSE;

  if ((start_text != NULL && !parse_date (start_text, &start, &start_day))
      || (end_text != NULL && !parse_date (end_text, &end, &end_day)))
    return refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
                   _("The start and end dates must be written as 2020-09-02 or as an "
                     "ISO 8601 date and time."));
  if (start_text == NULL)
    start = MAX ((end_text != NULL ? end : now) - span, kept_from);
  if (end_text == NULL)
    end = start + span;

  if (start < kept_from)
    return refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
                   _("The start date is more than 90 days ago: activity records are kept "
                     "for 90 days."));
  if (end < start)
    return refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
                   _("The end date is before the start date."));
  if (end - start > span)
    return refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
                   _("One request covers at most 30 days: the end date is more than 30 days "
                     "after the start date."));

  range->start_ticks = start;
  /* An end date alone takes in that whole day; a date and time, up to that moment. */
  range->end_ticks = end_day ? end + PD_SANDBOX_TICKS_PER_DAY : end + 1;
  return TRUE;
}

/* The documented filters: CustomerId equals, CompanyName substring, ResourceType equals. */
static gboolean
parse_filter (const char   *filter,
              FilterField  *field,
              char        **value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *name;
  const char *text;
  const char *operator;

  if (pd_sandbox_json_too_deep (filter, strlen (filter))
      || !json_parser_load_from_data (parser, filter, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  name = pd_sandbox_json_get_string_ci (object, "Field");
  text = pd_sandbox_json_get_string_ci (object, "Value");
  operator = pd_sandbox_json_get_string_ci (object, "Operator");
  if (name == NULL || text == NULL || operator == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (name, "CustomerId") == 0 && g_ascii_strcasecmp (operator, "equals") == 0)
    *field = FILTER_CUSTOMER_ID;
  else if (g_ascii_strcasecmp (name, "CompanyName") == 0
           && g_ascii_strcasecmp (operator, "substring") == 0)
    *field = FILTER_COMPANY_NAME;
  else if (g_ascii_strcasecmp (name, "ResourceType") == 0
           && g_ascii_strcasecmp (operator, "equals") == 0)
    *field = FILTER_RESOURCE_TYPE;
  else
    return FALSE;

  *value = *field == FILTER_COMPANY_NAME ? pd_sandbox_fold (text) : g_strdup (text);
  return TRUE;
}

/* The token carries the position and the whole query: the next link's uri does not. */
static char *
encode_token (const Page                 *page,
              const PdSandboxAuditRecord *last)
{
  g_autofree char *ticks = g_strdup_printf ("%" G_GINT64_FORMAT, last->ticks);
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, last->seq);
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, page->total);
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, page->query.start_ticks);
  g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, page->query.end_ticks);
  g_autofree char *field = g_strdup_printf ("%d", (int) page->field);
  const char *fields[] = { TOKEN_VERSION, ticks, seq, total, start, end, field,
                           page->value != NULL ? page->value : "", NULL };

  return pd_sandbox_json_token_new (fields);
}

static gboolean
decode_token (const char *token,
              Page       *page)
{
  g_auto(GStrv) parts = pd_sandbox_json_token_read (token, TOKEN_VERSION, 8);
  gint64 field;

  if (parts == NULL
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &page->before_ticks, NULL)
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, &page->before_seq, NULL)
      || !g_ascii_string_to_signed (parts[3], 10, 0, G_MAXINT64, &page->total, NULL)
      || !g_ascii_string_to_signed (parts[4], 10, 0, G_MAXINT64, &page->query.start_ticks, NULL)
      || !g_ascii_string_to_signed (parts[5], 10, 0, G_MAXINT64, &page->query.end_ticks, NULL)
      || !g_ascii_string_to_signed (parts[6], 10, FILTER_NONE, FILTER_RESOURCE_TYPE, &field,
                                    NULL))
    return FALSE;

  page->field = (FilterField) field;
  page->value = page->field != FILTER_NONE ? g_strdup (parts[7]) : NULL;
  return TRUE;
}

/* The first page's query: dates, filter, and how many records match. */
static gboolean
read_first_page (PdSandboxRequest *req,
                 GHashTable       *query,
                 Page             *page)
{
  const char *filter = query != NULL ? g_hash_table_lookup (query, "filter") : NULL;

  if (!read_dates (req, query, &page->query))
    return FALSE;
  if (filter != NULL && !parse_filter (filter, &page->field, &page->value))
    return refuse (req, PD_SANDBOX_CODE_BAD_FILTER,
                   _("The filter is not valid: Field must be CustomerId or ResourceType with "
                     "Operator equals, or CompanyName with Operator substring; Value a "
                     "string."));
  page->before_ticks = G_MAXINT64;
  page->before_seq = G_MAXINT64;
  return TRUE;
}

/* Reads the page size, then the query from the continuation token (next pages) or the
 * parameters (first page). Answers and returns FALSE when the request is not valid. */
static gboolean
read_page_request (PdSandboxRequest *req,
                   GHashTable       *query,
                   Page             *page)
{
  g_autoptr(GError) error = NULL;

  page->seek = query != NULL ? g_hash_table_lookup (query, "seekOperation") : NULL;
  if (!pd_sandbox_read_page_size (req, query, &page->size))
    return FALSE;

  if (page->seek != NULL && g_ascii_strcasecmp (page->seek, "Next") == 0)
    {
      if (!decode_token (pd_sandbox_request_header (req, "MS-ContinuationToken"), page))
        return refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
                       _("The continuation token (MS-ContinuationToken header) is missing or "
                         "not valid."));
    }
  else if (!read_first_page (req, query, page))
    return FALSE;

  page->query.customer_id = page->field == FILTER_CUSTOMER_ID ? page->value : NULL;
  page->query.name_substring = page->field == FILTER_COMPANY_NAME ? page->value : NULL;
  page->query.resource_type = page->field == FILTER_RESOURCE_TYPE ? page->value : NULL;

  if (page->seek == NULL)
    {
      page->total = pd_sandbox_store_audit_count (req->self->store, &page->query, &error);
      if (page->total < 0)
        {
          pd_sandbox_respond_internal (req, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* The links of a page: itself as asked, and the next page when @rows holds one row more. */
static void
append_page_links (GString    *body,
                   GUri       *uri,
                   const Page *page,
                   GPtrArray  *rows)
{
  const char *query = g_uri_get_query (uri);
  g_autofree char *self_uri = g_strconcat ("/v1/auditrecords", query != NULL ? "?" : "",
                                           query, NULL);

  pd_sandbox_json_append_self_link (body, self_uri);
  if (rows->len > page->size)
    {
      g_autofree char *token = encode_token (page, g_ptr_array_index (rows, page->size - 1));
      g_autofree char *next_uri = g_strdup_printf ("/v1/auditrecords?size=%u&seekOperation=Next",
                                                   (guint) page->size);

      g_string_append_c (body, ',');
      pd_sandbox_json_append_next_link (body, next_uri, token);
    }
}

void
pd_sandbox_handle_list_audit_records (PdSandboxRequest *req,
                                      GHashTable       *query)
{
  g_auto(Page) page = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GString *body;

  if (!read_page_request (req, query, &page))
    return;

  /* One extra row tells whether a next page exists. */
  rows = pd_sandbox_store_audit_list (req->self->store, &page.query, page.before_ticks,
                                      page.before_seq, page.size + 1, &error);
  if (rows == NULL)
    {
      pd_sandbox_respond_internal (req, error);
      return;
    }

  body = g_string_sized_new (1500 * MIN (rows->len, page.size) + 512);
  g_string_append_printf (body, "{\"totalCount\":%" G_GINT64_FORMAT ",\"items\":[", page.total);
  for (guint i = 0; i < rows->len && i < page.size; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      append_record (body, g_ptr_array_index (rows, i));
    }
  g_string_append (body, "],\"links\":{");
  append_page_links (body, soup_server_message_get_uri (req->msg), &page, rows);
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Collection\"}}");

  pd_sandbox_respond (req, SOUP_STATUS_OK, body);
}

/* ---- the rename control ---- */

/* The form in the request's body (application/x-www-form-urlencoded). */
static GHashTable *
request_form (PdSandboxRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_strndup (data != NULL ? data : "", len);

  return soup_form_decode (text);
}

/* The API's company profile is read-only: this plays a change made elsewhere (the
 * portal, another partner user) and writes its record, as the service would. The
 * billing profile's company name follows, with a new etag, as a PUT does. */
void
pd_sandbox_handle_rename_company (PdSandboxRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(PdSandboxCustomer) customer = NULL;
  g_autoptr(PdSandboxAuditRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *company_text = NULL;
  g_autofree char *billing_text = NULL;
  const char *id, *name, *user;
  GString *body;

  if (strcmp (soup_server_message_get_method (req->msg), "POST") != 0)
    {
      pd_sandbox_respond_method_not_allowed (req, "POST");
      return;
    }
  form = request_form (req);
  id = g_hash_table_lookup (form, "customerId");
  name = g_hash_table_lookup (form, "companyName");
  user = g_hash_table_lookup (form, "userPrincipalName");
  if (id == NULL || name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL)
      || (user != NULL && !g_utf8_validate (user, -1, NULL)))
    {
      refuse (req, PD_SANDBOX_CODE_INVALID_INPUT,
              _("The form needs customerId and a companyName that is not empty."));
      return;
    }
  customer = pd_sandbox_lookup_customer (req, id);
  if (customer == NULL)
    return;

  etag = pd_sandbox_seed_new_etag (req->self->etag_rand);
  company_text = pd_sandbox_company_with_name (customer, name);
  billing_text = pd_sandbox_billing_with_name (customer, name, etag);
  record = pd_sandbox_audit_record_new (req, customer->id, name, PD_SANDBOX_OP_COMPANY);
  if (user != NULL && *user != '\0')
    {
      g_free (record->user_principal_name);
      record->user_principal_name = g_strdup (user);
    }
  record->old_value = pd_sandbox_audit_company_value (customer->company_name);
  record->new_value = pd_sandbox_audit_company_value (name);
  if (!pd_sandbox_store_update_billing (req->self->store, customer->id, name, company_text,
                                        billing_text, etag, record, &error))
    {
      pd_sandbox_respond_internal (req, error);
      return;
    }

  body = g_string_new (NULL);
  append_record (body, record);
  pd_sandbox_respond (req, SOUP_STATUS_OK, body);
}
