/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server.c: the sandbox's HTTP server speaking the Partner Center customer API. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-sandbox-identity.h"
#include "pd-sandbox-rules.h"
#include "pd-sandbox-secret.h"
#include "pd-sandbox-json.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define MAX_PAGE_SIZE 500
/* A billing profile is about a kilobyte: a megabyte is plenty, and bounds what one request
 * can make the server hold. */
#define MAX_BODY_SIZE (1024 * 1024)
/* json-glib's parser recurses once per level; the API's bodies nest four deep. */
#define MAX_JSON_DEPTH 64
/* The reference's limit on an error description, in characters. */
#define MAX_DESCRIPTION 1024
/* The kernel's own cap (net.core.somaxconn caps it again); GLib's default is 10. */
#define LISTEN_BACKLOG SOMAXCONN
/* After refusing a request early, what of its body is read and thrown away, so the client
 * sees the answer rather than a reset (lingering close, as web servers do). */
#define LINGER_MAX_BYTES (16 * 1024 * 1024)
#define LINGER_TIMEOUT_S 2

/* Error codes from the reference. */
#define CODE_NOT_FOUND        1000
#define CODE_BAD_FILTER       2000
#define CODE_ETAG_INVALID     2055
#define CODE_TENANT_NOT_FOUND 60003
#define CODE_TOKEN_MISSING    800001
#define CODE_INVALID_INPUT    800002
#define CODE_ACCESS_DENIED    400
#define CODE_TOKEN_EXPIRED    401

/* glibc's catalogue generation counter: bumping it makes gettext look at LANGUAGE again. */
extern int _nl_msg_cat_cntr;

struct _PdSandboxServer
{
  GObject            parent_instance;

  SoupServer        *soup;
  PdSandboxStore    *store;
  PdSandboxIdentity *identity;
  char              *token;
  PdSandboxFaults    faults;
  GRand             *fault_rand;
  GRand             *etag_rand;
  GList             *delayed;      /* (element-type Delayed) answers waiting for --latency-ms */
  GList             *lingering;    /* (element-type Linger) refused connections being closed */
};

G_DEFINE_FINAL_TYPE (PdSandboxServer, pd_sandbox_server, G_TYPE_OBJECT)

/* One request being answered. */
typedef struct
{
  PdSandboxServer   *self;
  SoupServerMessage *msg;
  gboolean           corrupt;
} Request;

typedef struct
{
  PdSandboxServer   *self;
  SoupServerMessage *msg;
  guint              source_id;
} Delayed;

/* A connection taken from libsoup to answer before the body: written, then drained. */
typedef struct
{
  PdSandboxServer *self;         /* NULL once the server is gone */
  GIOStream       *stream;
  GBytes          *answer;
  GCancellable    *cancellable;
  guint            timeout_id;
  gsize            drained;
  guint8           buffer[16384];
} Linger;

static void process (PdSandboxServer *self, SoupServerMessage *msg, gboolean faults);

/* ---- answers ---- */

static void
respond (Request *req,
         guint    status,
         GString *body)
{
  gsize len = body->len;

  /* --corrupt-rate: a 200 whose JSON is cut off half-way, as a broken proxy would send. */
  if (req->corrupt && status == SOUP_STATUS_OK)
    len = len / 2;
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, JSON_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static void
respond_node (Request  *req,
              guint     status,
              JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  respond (req, status, g_string_new (text));
}

static void
respond_error (Request    *req,
               guint       status,
               int         code,
               const char *description)
{
  GString *body = g_string_new (NULL);
  /* Descriptions quote the path and the query, which may carry any bytes. */
  g_autofree char *valid = g_utf8_make_valid (description, -1);

  if (g_utf8_strlen (valid, -1) > MAX_DESCRIPTION)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, MAX_DESCRIPTION - 1);

      g_free (valid);
      valid = g_strconcat (head, "…", NULL);
    }

  g_string_append_printf (body, "{\"code\":%d,\"description\":", code);
  pd_sandbox_json_append_string (body, valid);
  g_string_append (body, ",\"data\":[],\"source\":\"PartnerFD\"}");
  respond (req, status, body);
}

static void
respond_throttled (Request *req)
{
  GString *body = g_string_new ("{\"statusCode\":429,\"message\":");
  g_autofree char *message = NULL;
  const guint seconds = 1;

  message = g_strdup_printf (ngettext ("Rate limit is exceeded. Try again in %u second.",
                                       "Rate limit is exceeded. Try again in %u seconds.",
                                       seconds),
                             seconds);
  pd_sandbox_json_append_string (body, message);
  g_string_append_c (body, '}');
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", "1");
  respond (req, 429, body);
}

static void
respond_not_found (Request *req)
{
  respond_error (req, SOUP_STATUS_NOT_FOUND, CODE_NOT_FOUND,
                 _("The requested resource was not found."));
}

static void
respond_customer_not_found (Request    *req,
                            const char *id)
{
  g_autofree char *description = g_strdup_printf (_("Customer tenant “%s” was not found."), id);

  respond_error (req, SOUP_STATUS_NOT_FOUND, CODE_TENANT_NOT_FOUND, description);
}

static void
respond_method_not_allowed (Request    *req,
                            const char *allow)
{
  g_autofree char *description = g_strdup_printf (_("Method %s is not allowed here."),
                                                  soup_server_message_get_method (req->msg));

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Allow", allow);
  respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, CODE_NOT_FOUND, description);
}

static void
respond_internal (Request      *req,
                  const GError *error)
{
  g_warning ("%s", error->message);
  respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, 500, error->message);
}

/* ---- helpers ---- */

static const char *
request_header (Request    *req,
                const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

/* MS-RequestId and MS-CorrelationId go back as sent, or new when not sent. */
static void
set_request_ids (Request *req)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (req->msg);
  const char *names[] = { "MS-RequestId", "MS-CorrelationId" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = request_header (req, names[i]);
      g_autofree char *fresh = NULL;

      /* Set once, when the headers arrived: a delayed answer keeps them. */
      if (soup_message_headers_get_one (response_headers, names[i]) != NULL)
        continue;
      if (value == NULL)
        value = fresh = g_uuid_string_random ();
      soup_message_headers_replace (response_headers, names[i], value);
    }
}

/* Error texts follow X-Locale, pages for browsers Accept-Language (its first choice): the
 * server is single-threaded, so switching gettext's language per request is safe.
 * Returns: the language used, "en" or "ru". */
static const char *
use_locale (const char *x_locale,
            const char *accept_language)
{
  const char *language = "en";
  const char *wanted = x_locale != NULL ? x_locale : accept_language;

  while (wanted != NULL && g_ascii_isspace (*wanted))
    wanted++;
  if (wanted != NULL && g_ascii_strncasecmp (wanted, "ru", 2) == 0
      && !g_ascii_isalpha (wanted[2]))
    language = "ru";

  if (g_strcmp0 (g_getenv ("LANGUAGE"), language) != 0)
    {
      g_setenv ("LANGUAGE", language, TRUE);
      ++_nl_msg_cat_cntr;
    }

  return language;
}

/* Names the service knows, in their camelCase spelling: request bodies may use any case. */
static const char *known_names[] = {
  "id", "firstName", "middleName", "lastName", "email", "culture", "language", "companyName",
  "defaultAddress", "country", "region", "city", "state", "district", "addressLine1",
  "addressLine2", "addressLine3", "postalCode", "phoneNumber", "links", "self", "uri",
  "method", "headers", "key", "value", "attributes", "etag", "objectType",
};

static char *
camel_name (const char *name)
{
  char *out;

  for (gsize i = 0; i < G_N_ELEMENTS (known_names); i++)
    if (g_ascii_strcasecmp (known_names[i], name) == 0)
      return g_strdup (known_names[i]);

  out = g_strdup (name);
  out[0] = g_ascii_tolower (out[0]);
  return out;
}

/* A deep copy with camelCase member names and without null members: the service leaves
 * out null fields and answers in camelCase whatever case it was sent. */
static JsonNode *
camelize (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      g_autoptr(JsonObject) out = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      /* In the order sent, so what is stored reads like what the client wrote. */
      json_object_iter_init_ordered (&iter, in);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autofree char *camel = NULL;

          if (JSON_NODE_HOLDS_NULL (member))
            continue;
          camel = camel_name (name);
          json_object_set_member (out, camel, camelize (member));
        }
      return json_node_init_object (json_node_alloc (), out);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      g_autoptr(JsonArray) out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, camelize (json_array_get_element (in, i)));
      return json_node_init_array (json_node_alloc (), out);
    }

  return json_node_copy (node);
}

/* Whether @data nests arrays and objects deeper than MAX_JSON_DEPTH. json-glib's parser
 * recurses once per level: 80,000 brackets overflow the stack, so this scan comes first. */
static gboolean
json_too_deep (const char *data,
               gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      const char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return FALSE;
}

static void
respond_too_deep (Request *req)
{
  g_autofree char *description =
    g_strdup_printf (ngettext ("The JSON in the request body is nested more than %d level deep.",
                               "The JSON in the request body is nested more than %d levels "
                               "deep.", MAX_JSON_DEPTH),
                     MAX_JSON_DEPTH);

  respond_error (req, SOUP_STATUS_BAD_REQUEST, CODE_INVALID_INPUT, description);
}

static void
respond_too_large (Request *req)
{
  respond_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, CODE_INVALID_INPUT,
                 _("The request body is too large: the limit is one megabyte."));
}

/* Parses a request body as a JSON object (leading BOM allowed). On failure it answers
 * (400, or 413 for a body over the limit) and returns NULL. */
static JsonNode *
parse_body (Request *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *data;
  gsize len;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &len);
  if (len > MAX_BODY_SIZE)
    {
      respond_too_large (req);
      return NULL;
    }
  if (data != NULL && len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;
  if (data != NULL && json_too_deep (data, len))
    {
      respond_too_deep (req);
      return NULL;
    }
  if (data == NULL
      || !json_parser_load_from_data (parser, data, len, NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, CODE_INVALID_INPUT,
                     _("The request body is not a valid JSON object."));
      return NULL;
    }

  return camelize (json_parser_get_root (parser));
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

/* A case-insensitive member lookup for the filter, whose names the docs write PascalCase. */
static const char *
get_string_ci (JsonObject *object,
               const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member))
    if (g_ascii_strcasecmp (member_name, name) == 0
        && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
      return json_node_get_string (member);

  return NULL;
}

static void
append_links_self (GString    *out,
                   const char *uri)
{
  g_string_append (out, "\"self\":{\"uri\":");
  pd_sandbox_json_append_string (out, uri);
  g_string_append (out, ",\"method\":\"GET\",\"headers\":[]}");
}

/* ---- continuation tokens ---- */

/* The token carries the position and the query, because the next link's uri does not. */
static char *
encode_token (gint64         after_seq,
              gint64         total,
              PdSandboxField field,
              const char    *prefix)
{
  g_autofree char *payload = g_strdup_printf ("v1|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d|%s",
                                              after_seq, total, (int) field,
                                              prefix != NULL ? prefix : "");
  g_autofree char *encoded = g_base64_encode ((const guchar *) payload, strlen (payload));
  g_autofree char *nonce = g_uuid_string_random ();

  return g_strdup_printf ("%s,%s", nonce, encoded);
}

static gboolean
decode_token (const char      *token,
              gint64          *after_seq,
              gint64          *total,
              PdSandboxField  *field,
              char           **prefix)
{
  const char *comma;
  g_autofree guchar *decoded = NULL;
  g_autofree char *payload = NULL;
  g_auto(GStrv) parts = NULL;
  gsize len = 0;
  gint64 field_value;

  if (token == NULL || (comma = strchr (token, ',')) == NULL)
    return FALSE;
  decoded = g_base64_decode (comma + 1, &len);
  if (decoded == NULL || len == 0)
    return FALSE;
  payload = g_strndup ((const char *) decoded, len);
  parts = g_strsplit (payload, "|", 5);
  if (g_strv_length (parts) != 5 || strcmp (parts[0], "v1") != 0
      || !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, after_seq, NULL)
      || !g_ascii_string_to_signed (parts[2], 10, 0, G_MAXINT64, total, NULL)
      || !g_ascii_string_to_signed (parts[3], 10, PD_SANDBOX_FIELD_NONE, PD_SANDBOX_FIELD_DOMAIN,
                                    &field_value, NULL)
      || !g_utf8_validate (parts[4], -1, NULL))
    return FALSE;

  *field = (PdSandboxField) field_value;
  *prefix = g_strdup (parts[4]);
  return TRUE;
}

/* ---- endpoints ---- */

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

  if (json_too_deep (filter, strlen (filter))
      || !json_parser_load_from_data (parser, filter, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  name = get_string_ci (object, "Field");
  value = get_string_ci (object, "Value");
  operator = get_string_ci (object, "Operator");
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

static void
list_customers (Request    *req,
                GHashTable *query)
{
  const char *size_text = query != NULL ? g_hash_table_lookup (query, "size") : NULL;
  const char *seek = query != NULL ? g_hash_table_lookup (query, "seekOperation") : NULL;
  const char *filter = query != NULL ? g_hash_table_lookup (query, "filter") : NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *self_uri = NULL;
  PdSandboxField field = PD_SANDBOX_FIELD_NONE;
  gint64 after_seq = 0;
  gint64 total;
  guint64 size = MAX_PAGE_SIZE;
  GString *body;

  if (size_text != NULL
      && !g_ascii_string_to_unsigned (size_text, 10, 0, G_MAXUINT32, &size, NULL))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, CODE_INVALID_INPUT,
                     _("The page size must be a whole number (0 for the default page)."));
      return;
    }
  /* size=0 is the default page (Microsoft's own search example sends it); the service
   * answers at most 500 per page whatever is asked. */
  if (size == 0)
    size = MAX_PAGE_SIZE;
  size = MIN (size, MAX_PAGE_SIZE);

  if (seek != NULL && g_ascii_strcasecmp (seek, "Next") == 0)
    {
      if (!decode_token (request_header (req, "MS-ContinuationToken"),
                         &after_seq, &total, &field, &prefix))
        {
          respond_error (req, SOUP_STATUS_BAD_REQUEST, CODE_INVALID_INPUT,
                         _("The continuation token (MS-ContinuationToken header) is missing or "
                           "not valid."));
          return;
        }
    }
  else
    {
      if (filter != NULL && !parse_filter (filter, &field, &prefix))
        {
          respond_error (req, SOUP_STATUS_BAD_REQUEST, CODE_BAD_FILTER,
                         _("The filter is not valid: Field must be CompanyName or Domain, "
                           "Value a string and Operator starts_with."));
          return;
        }
      total = pd_sandbox_store_count (req->self->store, field, prefix, &error);
      if (total < 0)
        {
          respond_internal (req, error);
          return;
        }
    }

  /* One extra row tells whether a next page exists. */
  rows = pd_sandbox_store_list (req->self->store, field, prefix, after_seq, size + 1, &error);
  if (rows == NULL)
    {
      respond_internal (req, error);
      return;
    }

  body = g_string_sized_new (400 * MIN (rows->len, size) + 512);
  g_string_append_printf (body, "{\"totalCount\":%" G_GINT64_FORMAT ",\"items\":[", total);
  for (guint i = 0; i < rows->len && i < size; i++)
    {
      PdSandboxCustomer *row = g_ptr_array_index (rows, i);

      if (i > 0)
        g_string_append_c (body, ',');
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
  g_string_append (body, "],\"links\":{");

  if (seek != NULL)
    self_uri = g_strdup_printf ("/v1/customers?size=%u&seekOperation=Next", (guint) size);
  else if (filter != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);

      self_uri = g_strdup_printf ("/v1/customers?size=%u&filter=%s", (guint) size, escaped);
    }
  else
    self_uri = g_strdup_printf ("/v1/customers?size=%u", (guint) size);
  append_links_self (body, self_uri);

  if (rows->len > size)
    {
      PdSandboxCustomer *last = g_ptr_array_index (rows, size - 1);
      g_autofree char *token = encode_token (last->seq, total, field, prefix);

      g_string_append_printf (body, ",\"next\":{\"uri\":"
                                    "\"/v1/customers?size=%u&seekOperation=Next\","
                                    "\"method\":\"GET\",\"headers\":[{\"key\":"
                                    "\"MS-ContinuationToken\",\"value\":", (guint) size);
      pd_sandbox_json_append_string (body, token);
      g_string_append (body, "}]}");
    }
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Collection\"}}");

  respond (req, SOUP_STATUS_OK, body);
}

static PdSandboxCustomer *
lookup_customer (Request    *req,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  PdSandboxCustomer *customer;

  customer = pd_sandbox_store_get (req->self->store, id, &error);
  if (error != NULL)
    respond_internal (req, error);
  else if (customer == NULL)
    respond_customer_not_found (req, id);

  return customer;
}

static void
get_customer (Request    *req,
              const char *id)
{
  g_autoptr(PdSandboxCustomer) customer = lookup_customer (req, id);
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
  append_links_self (body, self_uri);
  g_string_append (body, "},\"attributes\":{\"objectType\":\"Customer\"}}");

  respond (req, SOUP_STATUS_OK, body);
}

static void
set_etag_header (Request    *req,
                 const char *etag)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "ETag", quoted);
}

static void
get_billing (Request    *req,
             const char *id)
{
  g_autoptr(PdSandboxCustomer) customer = lookup_customer (req, id);

  if (customer == NULL)
    return;

  set_etag_header (req, customer->etag);
  respond (req, SOUP_STATUS_OK, g_string_new (customer->billing_json));
}

static void
get_company (Request    *req,
             const char *id)
{
  g_autoptr(PdSandboxCustomer) customer = lookup_customer (req, id);

  if (customer == NULL)
    return;

  respond (req, SOUP_STATUS_OK, g_string_new (customer->company_json));
}

/* If-Match compares strongly (RFC 9110, 13.1.1), as the service does: a weak entity tag
 * (W/"…") never matches, nor "*" (the point of If-Match here is that the caller read the
 * current profile). A strong tag matches when it is @etag, quoted, or bare as the docs'
 * samples write it. The header may list several tags. */
static gboolean
if_match_matches (const char *header,
                  const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);
  gsize etag_len = strlen (etag);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);
      gsize len = strlen (tag);

      if (len == etag_len + 2 && tag[0] == '"' && tag[len - 1] == '"' &&
          memcmp (tag + 1, etag, etag_len) == 0)
        return TRUE;
      if (tag[0] != '"' && !g_str_has_prefix (tag, "W/") && strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
put_billing (Request    *req,
             const char *id)
{
  g_autoptr(PdSandboxCustomer) customer = lookup_customer (req, id);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) company = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *self_uri = NULL;
  g_autofree char *billing_text = NULL;
  g_autofree char *company_text = NULL;
  JsonObject *billing;
  JsonObject *links;
  JsonObject *self_link;
  JsonObject *attributes;
  const char *header;
  int code = 0;

  if (customer == NULL)
    return;

  header = request_header (req, "If-Match");
  if (header == NULL || *header == '\0')
    {
      respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, CODE_ETAG_INVALID,
                     _("The If-Match header with the billing profile’s etag is required."));
      return;
    }
  if (!if_match_matches (header, customer->etag))
    {
      respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, CODE_ETAG_INVALID,
                     _("Etag is no longer valid: the billing profile was changed by someone "
                       "else. Read it again and retry."));
      return;
    }

  body = parse_body (req);
  if (body == NULL)
    return;
  billing = json_node_get_object (body);

  if (!pd_sandbox_rules_check_billing (billing, &code, &description))
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, code, description);
      return;
    }

  /* The id and the links are the server's; the rest of the body, unknown members
   * included, replaces the stored profile. */
  stored = parse_text (customer->billing_json);
  if (stored != NULL && JSON_NODE_HOLDS_OBJECT (stored)
      && json_object_has_member (json_node_get_object (stored), "id"))
    json_object_set_string_member (billing, "id",
                                   json_object_get_string_member (json_node_get_object (stored),
                                                                  "id"));

  self_uri = g_strdup_printf ("/v1/customers/%s/profiles/billing", customer->id);
  self_link = json_object_new ();
  json_object_set_string_member (self_link, "uri", self_uri);
  json_object_set_string_member (self_link, "method", "GET");
  json_object_set_array_member (self_link, "headers", json_array_new ());
  links = json_object_new ();
  json_object_set_object_member (links, "self", self_link);
  json_object_set_object_member (billing, "links", links);

  etag = pd_sandbox_seed_new_etag (req->self->etag_rand);
  if (json_object_has_member (billing, "attributes")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (billing, "attributes")))
    attributes = json_object_get_object_member (billing, "attributes");
  else
    {
      attributes = json_object_new ();
      json_object_set_object_member (billing, "attributes", attributes);
    }
  json_object_set_string_member (attributes, "etag", etag);
  json_object_set_string_member (attributes, "objectType", "CustomerBillingProfile");

  /* The company name is edited through the billing profile and shows in the list. */
  company = parse_text (customer->company_json);
  if (company != NULL && JSON_NODE_HOLDS_OBJECT (company))
    json_object_set_string_member (json_node_get_object (company), "companyName",
                                   json_object_get_string_member (billing, "companyName"));

  billing_text = json_to_string (body, FALSE);
  company_text = company != NULL ? json_to_string (company, FALSE)
                                 : g_strdup (customer->company_json);
  if (!pd_sandbox_store_update_billing (req->self->store, customer->id,
                                        json_object_get_string_member (billing, "companyName"),
                                        company_text, billing_text, etag, &error))
    {
      respond_internal (req, error);
      return;
    }

  set_etag_header (req, etag);
  respond (req, SOUP_STATUS_OK, g_string_new (billing_text));
}

static void
get_country_rules (Request    *req,
                   const char *iso2)
{
  const PdSandboxCountry *country = pd_sandbox_rules_lookup (iso2);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *description = NULL;

  if (country == NULL || strlen (iso2) != 2)
    {
      description = g_strdup_printf (_("No validation rules for country “%s”."), iso2);
      respond_error (req, SOUP_STATUS_NOT_FOUND, CODE_NOT_FOUND, description);
      return;
    }

  node = pd_sandbox_rules_to_json (country);
  respond_node (req, SOUP_STATUS_OK, node);
}

static void
validate_address (Request *req)
{
  g_autoptr(JsonNode) body = parse_body (req);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *description = NULL;

  if (body == NULL)
    return;

  answer = pd_sandbox_rules_validate_address (json_node_get_object (body), &description);
  if (answer == NULL)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_PROPERTY, description);
      return;
    }

  respond_node (req, SOUP_STATUS_OK, answer);
}

static void
route (Request    *req,
       const char *path)
{
  const char *method = soup_server_message_get_method (req->msg);
  g_auto(GStrv) parts = NULL;
  guint n;
  GUri *uri = soup_server_message_get_uri (req->msg);
  g_autoptr(GHashTable) query = NULL;

  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  /* "/v1/customers/x" → "", "v1", "customers", "x"; a trailing slash is ignored. */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n > 1 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  if (n < 3 || *parts[0] != '\0' || strcmp (parts[1], "v1") != 0)
    {
      respond_not_found (req);
      return;
    }

  if (strcmp (parts[2], "customers") == 0)
    {
      const gboolean get = strcmp (method, "GET") == 0;

      if (n == 3)
        get ? list_customers (req, query) : respond_method_not_allowed (req, "GET");
      else if (n == 4)
        get ? get_customer (req, parts[3]) : respond_method_not_allowed (req, "GET");
      else if (n == 6 && strcmp (parts[4], "profiles") == 0 && strcmp (parts[5], "billing") == 0)
        {
          if (get)
            get_billing (req, parts[3]);
          else if (strcmp (method, "PUT") == 0)
            put_billing (req, parts[3]);
          else
            respond_method_not_allowed (req, "GET, PUT");
        }
      else if (n == 6 && strcmp (parts[4], "profiles") == 0 && strcmp (parts[5], "company") == 0)
        get ? get_company (req, parts[3]) : respond_method_not_allowed (req, "GET");
      else
        respond_not_found (req);
    }
  else if (strcmp (parts[2], "countryvalidationrules") == 0 && n == 4)
    {
      if (strcmp (method, "GET") == 0)
        get_country_rules (req, parts[3]);
      else
        respond_method_not_allowed (req, "GET");
    }
  else if (strcmp (parts[2], "validations") == 0 && n == 4 && strcmp (parts[3], "address") == 0)
    {
      if (strcmp (method, "POST") == 0)
        validate_address (req);
      else
        respond_method_not_allowed (req, "POST");
    }
  else
    respond_not_found (req);
}

/* The bearer token of the request, or NULL after answering 401 when there is none. */
static const char *
bearer_token (Request *req)
{
  const char *header = request_header (req, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, CODE_TOKEN_MISSING,
                     _("The authorization token is missing."));
      return NULL;
    }
  return header + 7;
}

static gboolean
check_token (Request *req)
{
  const char *token = bearer_token (req);

  if (token == NULL)
    return FALSE;
  if (pd_sandbox_secret_equal (token, req->self->token))
    return TRUE;

  /* Besides the static --token, the access tokens the sandbox issued as identity service. */
  switch (pd_sandbox_identity_check_token (req->self->identity, token))
    {
    case PD_SANDBOX_TOKEN_VALID:
      return TRUE;
    case PD_SANDBOX_TOKEN_EXPIRED:
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate",
                                    "Bearer error=\"invalid_token\", "
                                    "error_description=\"The access token has expired\"");
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, CODE_TOKEN_EXPIRED,
                     _("The access token has expired."));
      return FALSE;
    case PD_SANDBOX_TOKEN_UNKNOWN:
    default:
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, CODE_ACCESS_DENIED,
                     _("Access denied: the authorization token is not valid."));
      return FALSE;
    }
}

/* The test controls (/sandbox/…) end every session at once: only the holder of the admin
 * token (--token, --token-file) may use them, not an access token the sandbox issued. */
static gboolean
check_admin_token (Request *req)
{
  const char *token = bearer_token (req);

  if (token == NULL)
    return FALSE;
  if (pd_sandbox_secret_equal (token, req->self->token))
    return TRUE;

  respond_error (req, SOUP_STATUS_UNAUTHORIZED, CODE_ACCESS_DENIED,
                 _("Access denied: the test controls need the sandbox’s own token."));
  return FALSE;
}

/* "127.0.0.1", "localhost" or "[::1]", with an optional ":PORT". Anything else may be a
 * name an attacker's DNS points at 127.0.0.1, to reach the sandbox from a web page. */
static gboolean
host_is_loopback (const char *host)
{
  g_autofree char *name = NULL;
  const char *rest;

  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');

      if (end == NULL)
        return FALSE;
      name = g_strndup (host, end + 1 - host);
      rest = end + 1;
    }
  else
    {
      rest = host + strcspn (host, ":");
      name = g_strndup (host, rest - host);
    }

  if (*rest == ':')
    {
      rest++;
      if (*rest == '\0' || strlen (rest) > 5 || strspn (rest, "0123456789") != strlen (rest))
        return FALSE;
    }
  else if (*rest != '\0')
    return FALSE;

  return strcmp (name, "127.0.0.1") == 0 || g_ascii_strcasecmp (name, "localhost") == 0
         || strcmp (name, "[::1]") == 0;
}

static gboolean
check_host (Request *req)
{
  const char *header = request_header (req, "Host");
  const char *uri_host = g_uri_get_host (soup_server_message_get_uri (req->msg));

  /* The request line may carry an absolute URI, whose host libsoup uses instead. */
  if ((header == NULL || host_is_loopback (header))
      && uri_host != NULL
      && (strcmp (uri_host, "127.0.0.1") == 0 || g_ascii_strcasecmp (uri_host, "localhost") == 0
          || strcmp (uri_host, "::1") == 0))
    return TRUE;

  respond_error (req, SOUP_STATUS_MISDIRECTED_REQUEST, CODE_INVALID_INPUT,
                 _("The Host header must name this computer: 127.0.0.1, [::1] or localhost."));
  return FALSE;
}

static gboolean
roll (PdSandboxServer *self,
      double           rate)
{
  /* Always draw, so one --fault-seed gives the same sequence whatever the rates. */
  double value = g_rand_double (self->fault_rand);

  return value < rate;
}

static void
process (PdSandboxServer   *self,
         SoupServerMessage *msg,
         gboolean           faults)
{
  Request req = { self, msg, FALSE };
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  PdSandboxPathKind kind = pd_sandbox_identity_classify (path);
  const char *language;
  gboolean drop, fail, throttle;

  set_request_ids (&req);
  language = use_locale (request_header (&req, "X-Locale"),
                         request_header (&req, "Accept-Language"));

  /* Test controls are never faulted: a test must be able to rely on them. They are
   * checked when the headers arrive too; this covers a request that got here anyway. */
  if (kind == PD_SANDBOX_PATH_TEST)
    {
      g_autofree char *base_url = pd_sandbox_server_get_base_url (self);

      if (check_admin_token (&req))
        pd_sandbox_identity_handle (self->identity, msg, base_url, language);
      return;
    }

  drop = roll (self, faults ? self->faults.drop_rate : 0);
  fail = roll (self, faults ? self->faults.fail_rate : 0);
  throttle = roll (self, faults ? self->faults.throttle_rate : 0);
  req.corrupt = roll (self, faults ? self->faults.corrupt_rate : 0);

  if (drop)
    {
      g_autoptr(GIOStream) stream = NULL;

      /* Half the dropped writes are lost after the commit, as when a connection breaks
       * on the way back: the client must not assume a dropped PUT did nothing. */
      if (kind == PD_SANDBOX_PATH_API && strcmp (soup_server_message_get_method (msg), "PUT") == 0
          && g_rand_boolean (self->fault_rand) && check_token (&req))
        route (&req, path);

      stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (fail)
    {
      respond_error (&req, SOUP_STATUS_SERVICE_UNAVAILABLE, 503,
                     _("The service is temporarily unavailable. Try again later."));
      return;
    }
  if (throttle)
    {
      respond_throttled (&req);
      return;
    }

  /* The identity service's endpoints take no bearer token: they hand them out. */
  if (kind == PD_SANDBOX_PATH_IDENTITY)
    {
      g_autofree char *base_url = pd_sandbox_server_get_base_url (self);

      pd_sandbox_identity_handle (self->identity, msg, base_url, language);
      return;
    }

  if (!check_token (&req))
    return;

  route (&req, path);
}

static void
delayed_free (Delayed *delayed)
{
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  PdSandboxServer *self = delayed->self;

  self->delayed = g_list_remove (self->delayed, delayed);
  soup_server_message_unpause (delayed->msg);
  process (self, delayed->msg, TRUE);
  delayed_free (delayed);

  return G_SOURCE_REMOVE;
}

/* ---- refusing before the body ---- */

static void
linger_free (Linger *linger)
{
  if (linger->self != NULL)
    linger->self->lingering = g_list_remove (linger->self->lingering, linger);
  g_clear_handle_id (&linger->timeout_id, g_source_remove);
  g_io_stream_close (linger->stream, NULL, NULL);
  g_clear_object (&linger->stream);
  g_clear_object (&linger->cancellable);
  g_clear_pointer (&linger->answer, g_bytes_unref);
  g_free (linger);
}

static gboolean
linger_timeout_cb (gpointer user_data)
{
  Linger *linger = user_data;

  linger->timeout_id = 0;
  g_cancellable_cancel (linger->cancellable);
  return G_SOURCE_REMOVE;
}

static void
linger_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Linger *linger = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  linger->drained += MAX (n, 0);
  if (n <= 0 || linger->drained > LINGER_MAX_BYTES)
    {
      linger_free (linger);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), linger->buffer, sizeof linger->buffer,
                             G_PRIORITY_LOW, linger->cancellable, linger_read_cb, linger);
}

static void
linger_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Linger *linger = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (linger->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      linger_free (linger);
      return;
    }

  /* The answer is out; what the client still sends is read and dropped for a while, since
   * closing with unread data makes the kernel send a reset that can destroy the answer. */
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (linger->stream), linger->buffer,
                             sizeof linger->buffer, G_PRIORITY_LOW, linger->cancellable,
                             linger_read_cb, linger);
}

/* Sends the answer already set on @msg and closes the connection, without reading the
 * body: libsoup 3.2 would read all of it first (into memory) and only then answer. */
static void
answer_and_close (PdSandboxServer   *self,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) content = soup_message_body_flatten (body);
  guint status = soup_server_message_get_status (msg);
  GString *out = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  GIOStream *stream;
  Linger *linger;

  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_set_content_length (headers, g_bytes_get_size (content));
  g_string_append_printf (out, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (out, "%s: %s\r\n", name, value);
  g_string_append (out, "\r\n");
  g_string_append_len (out, g_bytes_get_data (content, NULL), g_bytes_get_size (content));

  /* May free @msg: nothing of it is used after this. */
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_string_free (out, TRUE);
      return;
    }

  linger = g_new0 (Linger, 1);
  linger->self = self;
  linger->stream = stream;
  linger->answer = g_string_free_to_bytes (out);
  linger->cancellable = g_cancellable_new ();
  linger->timeout_id = g_timeout_add_seconds (LINGER_TIMEOUT_S, linger_timeout_cb, linger);
  self->lingering = g_list_prepend (self->lingering, linger);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (linger->answer, NULL),
                                   g_bytes_get_size (linger->answer), G_PRIORITY_DEFAULT,
                                   linger->cancellable, linger_written_cb, linger);
}

/* Whether a request body is still to come after the headers. */
static gboolean
body_pending (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_NONE:
      return FALSE;
    case SOUP_ENCODING_CONTENT_LENGTH:
      return soup_message_headers_get_content_length (headers) > 0;
    default:
      return TRUE;
    }
}

/* Host, token and length are known with the headers: refuse there, before any of the
 * body is read (an unauthenticated 400 MB PUT used to be read into memory first). */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  Request req = { self, msg, FALSE };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  PdSandboxPathKind kind;

  /* libsoup refused it already (a bad path, say): its answer stands. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  kind = pd_sandbox_identity_classify (g_uri_get_path (soup_server_message_get_uri (msg)));
  set_request_ids (&req);
  use_locale (request_header (&req, "X-Locale"), request_header (&req, "Accept-Language"));

  if (!check_host (&req)
      || (kind == PD_SANDBOX_PATH_API && !check_token (&req))
      || (kind == PD_SANDBOX_PATH_TEST && !check_admin_token (&req)))
    ;
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_content_length (headers) > MAX_BODY_SIZE)
    respond_too_large (&req);
  else
    return;

  /* Without a body libsoup sends the answer as usual and keeps the connection. */
  if (body_pending (msg))
    answer_and_close (self, msg);
}

/* A chunked body has no length up front: it is cut off at the limit while it arrives. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  Request req = { self, msg, FALSE };

  if (soup_server_message_get_request_body (msg)->length <= MAX_BODY_SIZE)
    return;

  respond_too_large (&req);
  answer_and_close (self, msg);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), user_data, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), user_data, 0);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PdSandboxServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *no_faults = soup_message_headers_get_one (headers, "X-Sandbox-No-Faults");
  gboolean faults = g_strcmp0 (no_faults, "1") != 0
                    && pd_sandbox_identity_classify (path) != PD_SANDBOX_PATH_TEST;

  if (faults && self->faults.latency_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = self;
      delayed->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      delayed->source_id = g_timeout_add (self->faults.latency_ms, delayed_cb, delayed);
      self->delayed = g_list_prepend (self->delayed, delayed);
      return;
    }

  process (self, msg, faults);
}

static void
pd_sandbox_server_dispose (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  for (GList *l = self->delayed; l != NULL; l = l->next)
    {
      Delayed *delayed = l->data;

      g_source_remove (delayed->source_id);
      delayed_free (delayed);
    }
  g_clear_pointer (&self->delayed, g_list_free);

  /* Refused connections finish closing from the main loop, without the server. */
  for (GList *l = self->lingering; l != NULL; l = l->next)
    {
      Linger *linger = l->data;

      linger->self = NULL;
      g_cancellable_cancel (linger->cancellable);
    }
  g_clear_pointer (&self->lingering, g_list_free);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->identity);

  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->dispose (object);
}

static void
pd_sandbox_server_finalize (GObject *object)
{
  PdSandboxServer *self = PD_SANDBOX_SERVER (object);

  g_free (self->token);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->etag_rand, g_rand_free);

  G_OBJECT_CLASS (pd_sandbox_server_parent_class)->finalize (object);
}

static void
pd_sandbox_server_class_init (PdSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_sandbox_server_dispose;
  object_class->finalize = pd_sandbox_server_finalize;
}

static void
pd_sandbox_server_init (PdSandboxServer *self)
{
  /* Etags of writes must not repeat across restarts: seed from the clock. */
  self->etag_rand = g_rand_new ();
  self->identity = pd_sandbox_identity_new (NULL);
}

PdSandboxServer *
pd_sandbox_server_new (PdSandboxStore        *store,
                       const char            *token,
                       const PdSandboxFaults *faults)
{
  PdSandboxServer *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (PD_TYPE_SANDBOX_SERVER, NULL);
  self->store = store;
  self->token = g_strdup (token);
  if (faults != NULL)
    self->faults = *faults;
  self->fault_rand = g_rand_new_with_seed (self->faults.fault_seed);
  self->soup = soup_server_new ("server-header", "partner-desk-sandbox/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb),
                           self, 0);

  return self;
}

gboolean
pd_sandbox_server_listen (PdSandboxServer  *self,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (PD_IS_SANDBOX_SERVER (self), FALSE);

  /* Our own socket, not soup_server_listen(): GLib listens with a backlog of 10, and the
   * kernel drops what does not fit while the server is busy (a burst of 100 clients lost
   * some of them). */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  return soup_server_listen_socket (self->soup, socket, 0, error);
}

char *
pd_sandbox_server_get_base_url (PdSandboxServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (PD_IS_SANDBOX_SERVER (self), NULL);

  /* Not soup_server_get_uris(): libsoup 3.2 leaks the socket address it reads. */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

void
pd_sandbox_server_set_identity (PdSandboxServer   *self,
                                PdSandboxIdentity *identity)
{
  g_return_if_fail (PD_IS_SANDBOX_SERVER (self));
  g_return_if_fail (PD_IS_SANDBOX_IDENTITY (identity));

  g_set_object (&self->identity, identity);
}
