/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client.c: the Partner Center REST API client (one SoupSession, async only). */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include <libsoup/soup.h>

#include "pd-api-error.h"
#include "pd-client.h"
#include "pd-customer-private.h"
#include "pd-json.h"

#define DEFAULT_MAX_ATTEMPTS  4
#define DEFAULT_BASE_DELAY_MS 500
#define DEFAULT_MAX_DELAY_MS  8000
/* A Retry-After longer than this is handed to the caller as THROTTLED instead of making
 * a user wait in front of a spinner. */
#define MAX_RETRY_AFTER_S     60
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

struct _PdClient
{
  GObject          parent_instance;

  SoupSession     *session;
  PdTokenProvider *token_provider;
  char            *base_url;     /* as given, without trailing '/' or "/v1" */
  char            *host_root;    /* scheme://host[:port], where next links are resolved */
  char            *api_root;     /* base_url + "/v1" */
  char            *locale;

  guint            max_attempts;
  guint            base_delay_ms;
  guint            max_delay_ms;

  GHashTable      *country_rules;          /* ISO code → PdCountryRules */
  GHashTable      *country_rules_waiters;  /* ISO code → GPtrArray of GTask */
};

G_DEFINE_FINAL_TYPE (PdClient, pd_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN_PROVIDER,
  PROP_LOCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------- */
/* Locale and URLs */

/* Maps a bare language to the region Partner Center's cultures use for it. */
static const char *
default_region (const char *language)
{
  static const struct { const char *language; const char *region; } regions[] = {
    { "en", "US" }, { "zh", "CN" }, { "kk", "KZ" }, { "ja", "JP" }, { "ko", "KR" },
    { "uk", "UA" }, { "cs", "CZ" }, { "da", "DK" }, { "sv", "SE" }, { "nb", "NO" },
    { "el", "GR" }, { "he", "IL" }, { "hy", "AM" }, { "ka", "GE" }, { "be", "BY" },
    { "uz", "UZ" }, { "ky", "KG" }, { "tg", "TJ" }, { "az", "AZ" }, { "vi", "VN" },
    { "sl", "SI" }, { "et", "EE" }, { "ar", "SA" }, { "hi", "IN" }, { "ms", "MY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (language, regions[i].language))
      return regions[i].region;

  return NULL;
}

/* "ru_RU.UTF-8" → "ru-RU", "ru" → "ru-RU", "C" → "en-US". */
static char *
locale_from_language_names (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup (names[i]);
      const char *region;
      char *separator;
      gsize language_len;

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX"))
        break;

      name[strcspn (name, ".@")] = '\0';
      separator = strchr (name, '_');
      language_len = separator != NULL ? (gsize) (separator - name) : strlen (name);
      if (language_len < 2 || language_len > 3)
        continue;

      if (separator != NULL)
        {
          *separator = '\0';
          region = separator + 1;
          if (*region == '\0')
            region = NULL;
        }
      else
        region = NULL;

      if (region != NULL)
        {
          g_autofree char *upper = g_ascii_strup (region, -1);
          g_autofree char *lower = g_ascii_strdown (name, -1);

          return g_strdup_printf ("%s-%s", lower, upper);
        }
      else
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);
          g_autofree char *upper = g_ascii_strup (name, -1);

          region = default_region (lower);
          return g_strdup_printf ("%s-%s", lower, region != NULL ? region : upper);
        }
    }

  return g_strdup ("en-US");
}

static char *
normalize_base_url (const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url));
  gsize len = strlen (url);

  /* "https://host/", "https://host/v1" and "https://host/v1/" all mean the same. */
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  if (g_str_has_suffix (url, "/v1"))
    {
      len -= 3;
      url[len] = '\0';
      while (len > 0 && url[len - 1] == '/')
        url[--len] = '\0';
    }

  return g_steal_pointer (&url);
}

static char *
host_root_of (const char *url)
{
  const char *scheme_end = strstr (url, "://");
  const char *path;

  if (scheme_end == NULL)
    return g_strdup (url);

  path = strchr (scheme_end + 3, '/');
  if (path == NULL)
    return g_strdup (url);

  return g_strndup (url, path - url);
}

/* Resolves a links.next uri. It already contains /v1, so an absolute path goes on the
 * host root; a path without /v1 (seen in some self links) goes on the API root. */
static char *
resolve_link (PdClient   *self,
              const char *uri)
{
  if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://"))
    {
      g_autofree char *root = host_root_of (uri);

      /* Never send the bearer token to another host. */
      if (g_ascii_strcasecmp (root, self->host_root) != 0)
        return NULL;
      return g_strdup (uri);
    }

  if (g_str_has_prefix (uri, "/v1/") || g_str_equal (uri, "/v1") ||
      g_str_has_prefix (uri, "/v1?"))
    return g_strconcat (self->host_root, uri, NULL);

  if (uri[0] == '/')
    return g_strconcat (self->api_root, uri, NULL);

  if (g_str_has_prefix (uri, "v1/"))
    return g_strconcat (self->host_root, "/", uri, NULL);

  return g_strconcat (self->api_root, "/", uri, NULL);
}

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* ------------------------------------------------------------------------------------- */
/* One logical call: headers, token, retries, error mapping */

typedef struct
{
  PdClient    *client;
  char        *method;
  char        *url;
  GPtrArray   *headers;           /* name, value, name, value, … */
  GBytes      *body;
  char        *request_id;        /* the same on every retry: the idempotency key */
  char        *correlation_id;
  gboolean     retry_answers;     /* GET-like: retry network errors, 5xx and 429 */
  gboolean     retry_unanswered;  /* PUT: retry only when nothing was answered */
  gboolean     resent_unanswered; /* a PUT went out again after getting no answer */
  gboolean     reauthorized;
  guint        attempt;
  char        *token;
  SoupMessage *message;
} PdRequest;

typedef struct
{
  GBytes *body;
  guint   status;
  char   *request_id;
  char   *correlation_id;
} PdResponse;

static void
pd_request_free (PdRequest *request)
{
  g_clear_object (&request->client);
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->url, g_free);
  g_clear_pointer (&request->headers, g_ptr_array_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->correlation_id, g_free);
  g_clear_pointer (&request->token, g_free);
  g_clear_object (&request->message);
  g_free (request);
}

static void
pd_response_free (PdResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->request_id, g_free);
  g_clear_pointer (&response->correlation_id, g_free);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdResponse, pd_response_free)

static PdRequest *
pd_request_new (PdClient   *client,
                const char *method,
                char       *url,             /* (transfer full) */
                const char *correlation_id)  /* (nullable): one per user action */
{
  PdRequest *request = g_new0 (PdRequest, 1);

  request->client = g_object_ref (client);
  request->method = g_strdup (method);
  request->url = url;
  request->headers = g_ptr_array_new_with_free_func (g_free);
  request->request_id = g_uuid_string_random ();
  request->correlation_id = correlation_id != NULL ? g_strdup (correlation_id)
                                                   : g_uuid_string_random ();
  request->retry_answers = g_str_equal (method, "GET");
  return request;
}

static void
pd_request_add_header (PdRequest  *request,
                       const char *name,
                       const char *value)
{
  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

static void
pd_request_set_json_body (PdRequest  *request,
                          JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_bytes_new_take (text, strlen (text));
}

static const char *
response_header_or (SoupMessage *message,
                    const char  *name,
                    const char  *fallback)
{
  const char *value = NULL;

  if (message != NULL)
    value = soup_message_headers_get_one (soup_message_get_response_headers (message), name);

  return value != NULL && *value != '\0' ? value : fallback;
}

/* Seconds from Retry-After (delta-seconds or an HTTP date); 0 when absent. */
static guint
parse_retry_after (SoupMessage *message)
{
  const char *value;
  guint64 seconds;
  char *end = NULL;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && (*end == '\0' || g_ascii_isspace (*end)))
    return (guint) MIN (seconds, G_MAXUINT);

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan span;

    if (when == NULL)
      return 0;
    span = g_date_time_difference (when, now);
    return span > 0 ? (guint) ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
  }
}

/* Turns a non-2xx answer into PD_API_ERROR with the server's code and description. */
static GError *
error_from_answer (guint        status,
                   GBytes      *body,
                   const char  *request_id,
                   const char  *correlation_id,
                   guint        retry_after)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *server_code = NULL;
  g_autofree char *description = NULL;
  PdApiErrorCode code;
  GError *error;

  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      root = pd_json_parse (data, (gssize) len, NULL);
    }

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      server_code = pd_json_dup_code (object);
      description = pd_json_object_dup_string_ci (object, "description");
      /* The throttling answer is {statusCode, message} instead. */
      if (description == NULL)
        description = pd_json_object_dup_string_ci (object, "message");
    }

  if (status == 400 && g_strcmp0 (server_code, "2055") == 0)
    code = PD_API_ERROR_CONFLICT;
  else if (status == 401)
    code = PD_API_ERROR_UNAUTHORIZED;
  else if (status == 403)
    code = PD_API_ERROR_FORBIDDEN;
  else if (status == 404 || status == 410)
    code = PD_API_ERROR_NOT_FOUND;
  else if (status == 409 || status == 412)
    code = PD_API_ERROR_CONFLICT;
  else if (status == 429)
    code = PD_API_ERROR_THROTTLED;
  else if (status >= 500)
    code = PD_API_ERROR_SERVER;
  else if (status >= 400)
    code = PD_API_ERROR_INVALID;
  else
    code = PD_API_ERROR_PROTOCOL;

  error = pd_api_error_new (code, status, server_code, description,
                            request_id, correlation_id);
  if (retry_after > 0)
    pd_api_error_set_retry_after (error, retry_after);

  return error;
}

static gboolean
is_retryable_transport_error (const GError *error)
{
  /* A certificate problem will not fix itself by asking again. */
  return error->domain != G_TLS_ERROR &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static guint
backoff_delay_ms (PdClient *self,
                  guint     attempt)
{
  guint64 delay = self->base_delay_ms;

  for (guint i = 1; i < attempt && delay < self->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->max_delay_ms);

  /* A little jitter so many clients throttled together do not come back together. */
  if (delay >= 4)
    delay += g_random_int_range (0, (gint32) (delay / 4));

  return (guint) delay;
}

static void request_attempt (GTask *task);

static gboolean
retry_timeout_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  request_attempt (g_steal_pointer (&task));
  return G_SOURCE_REMOVE;
}

/* Waits @delay_ms (or until cancelled) on the task's context, then sends again. */
static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }

  g_source_set_callback (source, retry_timeout_cb, task, NULL);
  g_source_attach (source, g_task_get_context (task));
}

static void
return_response (GTask       *task,
                 PdRequest   *request,
                 GBytes      *body,
                 guint        status)
{
  PdResponse *response = g_new0 (PdResponse, 1);

  response->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  response->status = status;
  response->request_id = g_strdup (response_header_or (request->message, "MS-RequestId",
                                                       request->request_id));
  response->correlation_id = g_strdup (response_header_or (request->message,
                                                           "MS-CorrelationId",
                                                           request->correlation_id));
  g_task_return_pointer (task, response, (GDestroyNotify) pd_response_free);
}

static void handle_answer (GTask  *task,
                           GBytes *body,
                           GError *error);

/* ------------------------------------------------------------------------------------- */
/* Reading the body. soup_session_send_and_read_async() splices it into a memory stream
 * 8 kB at a time, growing the buffer as it goes: a 165 kB list page took ~20 main-loop
 * rounds and several reallocations. With a Content-Length the body is read into a buffer
 * of that size in as few reads as the socket allows. */

typedef struct
{
  GTask         *task;    /* the request's */
  GInputStream  *stream;
  guint8        *buffer;
  gsize          size;
  GOutputStream *memory;  /* without a Content-Length */
  GError        *error;
} BodyRead;

static void
body_read_free (BodyRead *read)
{
  g_clear_object (&read->task);
  g_clear_object (&read->stream);
  g_clear_pointer (&read->buffer, g_free);
  g_clear_object (&read->memory);
  g_clear_error (&read->error);
  g_free (read);
}

static void
body_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BodyRead *read = user_data;
  g_autoptr(GBytes) body = NULL;

  /* Closing finishes the message, so the connection is idle (and reused) before the
   * next request goes out. A failure to close changes nothing about what was read. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);

  if (read->error == NULL)
    body = g_bytes_new_take (g_steal_pointer (&read->buffer), read->size);
  handle_answer (g_steal_pointer (&read->task), body, g_steal_pointer (&read->error));
  body_read_free (read);
}

static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BodyRead *read = user_data;
  gsize n_read = 0;

  if (g_input_stream_read_all_finish (read->stream, result, &n_read, &read->error) &&
      n_read < read->size)
    read->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                       "Connection terminated unexpectedly");

  g_input_stream_close_async (read->stream, G_PRIORITY_DEFAULT, NULL, body_closed_cb, read);
}

static void
body_spliced_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BodyRead *read = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (read->memory, result, &error) >= 0)
    body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (read->memory));
  handle_answer (g_steal_pointer (&read->task), body, g_steal_pointer (&error));
  body_read_free (read);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdRequest *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  SoupMessageHeaders *headers;
  BodyRead *read;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      handle_answer (g_steal_pointer (&task), NULL, error);
      return;
    }

  read = g_new0 (BodyRead, 1);
  read->task = g_steal_pointer (&task);
  read->stream = g_steal_pointer (&stream);
  headers = soup_message_get_response_headers (request->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) <= G_MAXINT32)
    {
      read->size = (gsize) soup_message_headers_get_content_length (headers);
      /* One byte more, so the body can be looked at as text without a copy. */
      read->buffer = g_malloc (read->size + 1);
      read->buffer[read->size] = '\0';
      g_input_stream_read_all_async (read->stream, read->buffer, read->size,
                                     G_PRIORITY_DEFAULT, g_task_get_cancellable (read->task),
                                     body_read_cb, read);
    }
  else
    {
      read->memory = g_memory_output_stream_new_resizable ();
      g_output_stream_splice_async (read->memory, read->stream,
                                    G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                    G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                    G_PRIORITY_DEFAULT, g_task_get_cancellable (read->task),
                                    body_spliced_cb, read);
    }
}

/* @body: (nullable) (transfer none); @error: (nullable) (transfer full): what
 * soup_session_send_and_read_finish() would give. */
static void
handle_answer (GTask  *task_,
               GBytes *body,
               GError *error_)
{
  g_autoptr(GTask) task = task_;
  PdRequest *request = g_task_get_task_data (task);
  PdClient *self = request->client;
  g_autoptr(GError) error = error_;
  const char *request_id;
  const char *correlation_id;
  guint status;

  status = soup_message_get_status (request->message);

  if (error != NULL)
    {
      gboolean answered = status != SOUP_STATUS_NONE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (is_retryable_transport_error (error) &&
          request->attempt < self->max_attempts &&
          (request->retry_answers || (request->retry_unanswered && !answered)))
        {
          g_debug ("%s %s: %s; trying again", request->method, request->url, error->message);
          if (!request->retry_answers)
            request->resent_unanswered = TRUE;
          schedule_retry (g_steal_pointer (&task), backoff_delay_ms (self, request->attempt));
          return;
        }

      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_NETWORK, status, NULL,
                                                   error->message, request->request_id,
                                                   request->correlation_id));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      return_response (task, request, body, status);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && !request->reauthorized)
    {
      /* The token may have expired since it was handed out: one fresh try. */
      request->reauthorized = TRUE;
      pd_token_provider_invalidate (self->token_provider, request->token);
      request->attempt--;
      request_attempt (g_steal_pointer (&task));
      return;
    }

  request_id = response_header_or (request->message, "MS-RequestId", request->request_id);
  correlation_id = response_header_or (request->message, "MS-CorrelationId",
                                       request->correlation_id);

  if (request->retry_answers &&
      (status >= 500 || status == HTTP_TOO_MANY_REQUESTS))
    {
      guint retry_after = status == HTTP_TOO_MANY_REQUESTS
                            ? parse_retry_after (request->message) : 0;

      if (request->attempt < self->max_attempts && retry_after <= MAX_RETRY_AFTER_S)
        {
          guint delay_ms = retry_after > 0 ? retry_after * 1000
                                           : backoff_delay_ms (self, request->attempt);

          g_debug ("%s %s: HTTP %u; trying again in %u ms",
                   request->method, request->url, status, delay_ms);
          schedule_retry (g_steal_pointer (&task), delay_ms);
          return;
        }
    }

  g_task_return_error (task, error_from_answer (status, body, request_id, correlation_id,
                                                status == HTTP_TOO_MANY_REQUESTS
                                                  ? parse_retry_after (request->message)
                                                  : 0));
}

static void
got_token_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdRequest *request = g_task_get_task_data (task);
  PdClient *self = request->client;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  g_clear_pointer (&request->token, g_free);
  request->token = pd_token_provider_get_token_finish (PD_TOKEN_PROVIDER (source), result,
                                                       &error);
  if (request->token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, request->url);
  if (request->message == NULL)
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_NETWORK, 0, NULL,
                                                   "Invalid URL", request->request_id,
                                                   request->correlation_id));
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  authorization = g_strconcat ("Bearer ", request->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "MS-RequestId", request->request_id);
  soup_message_headers_replace (headers, "MS-CorrelationId", request->correlation_id);
  soup_message_headers_replace (headers, "X-Locale", pd_client_get_locale (self));
  soup_message_headers_replace (headers, "MS-PartnerCenter-Application", PACKAGE_NAME);
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (request->headers, i),
                                  g_ptr_array_index (request->headers, i + 1));

  if (request->body != NULL)
    {
      soup_message_set_request_body_from_bytes (request->message,
                                                "application/json; charset=utf-8",
                                                request->body);
      /* libsoup 3.2 silently resends a request whose reused keep-alive connection
       * closed without an answer, and then sends an empty body. On a fresh connection
       * that failure comes back to us, and our retry resends the whole body. */
      soup_message_add_flags (request->message, SOUP_MESSAGE_NEW_CONNECTION);
    }

  request->attempt++;
  cancellable = g_task_get_cancellable (task);
  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           cancellable, sent_cb, g_steal_pointer (&task));
}

static void
request_attempt (GTask *task)
{
  PdRequest *request = g_task_get_task_data (task);

  /* Asked every time: a provider may refresh between retries. */
  pd_token_provider_get_token_async (request->client->token_provider,
                                     g_task_get_cancellable (task),
                                     got_token_cb, task);
}

/* Sends @request (taking it), with retries. Finish gives a PdResponse on 2xx. */
static void
pd_request_send_async (PdRequest           *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  task = g_task_new (request->client, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_request_send_async);
  g_task_set_task_data (task, request, (GDestroyNotify) pd_request_free);

  request_attempt (task);
}

static PdResponse *
pd_request_send_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == pd_request_send_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static PdRequest *
pd_request_from_result (GAsyncResult *result)
{
  return g_task_get_task_data (G_TASK (result));
}

/* Parses a 2xx body into an object; PROTOCOL (with the request's ids) otherwise. */
static JsonNode *
parse_response_object_filtered (PdResponse          *response,
                                const PdJsonFilter  *filter,
                                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize len;

  data = g_bytes_get_data (response->body, &len);
  root = pd_json_parse_filtered (data != NULL ? data : "", (gssize) len, filter,
                                 &local_error);
  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      local_error = g_error_new_literal (PD_API_ERROR, PD_API_ERROR_PROTOCOL,
                                         "The answer is not a JSON object");
    }

  if (root == NULL)
    {
      g_propagate_error (error, pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status,
                                                  NULL, local_error->message,
                                                  response->request_id,
                                                  response->correlation_id));
      return NULL;
    }

  return g_steal_pointer (&root);
}

static JsonNode *
parse_response_object (PdResponse  *response,
                       GError     **error)
{
  return parse_response_object_filtered (response, NULL, error);
}

/* Model constructors report their own errors; give them the request's ids. */
static GError *
protocol_error_for (PdResponse   *response,
                    const GError *model_error)
{
  return pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status, NULL,
                           model_error != NULL ? model_error->message
                                               : "Unexpected answer",
                           response->request_id, response->correlation_id);
}

/* ------------------------------------------------------------------------------------- */
/* GObject */

static void
pd_client_dispose (GObject *object)
{
  PdClient *self = PD_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->token_provider);
  g_clear_pointer (&self->country_rules, g_hash_table_unref);
  g_clear_pointer (&self->country_rules_waiters, g_hash_table_unref);

  G_OBJECT_CLASS (pd_client_parent_class)->dispose (object);
}

static void
pd_client_finalize (GObject *object)
{
  PdClient *self = PD_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->host_root, g_free);
  g_clear_pointer (&self->api_root, g_free);
  g_clear_pointer (&self->locale, g_free);

  G_OBJECT_CLASS (pd_client_parent_class)->finalize (object);
}

static void
pd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdClient *self = PD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_client_get_base_url (self));
      break;

    case PROP_TOKEN_PROVIDER:
      g_value_set_object (value, pd_client_get_token_provider (self));
      break;

    case PROP_LOCALE:
      g_value_set_string (value, pd_client_get_locale (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdClient *self = PD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);

        g_free (self->base_url);
        self->base_url = normalize_base_url (url != NULL ? url : PD_BASE_URL_GLOBAL);
        g_free (self->host_root);
        self->host_root = host_root_of (self->base_url);
        g_free (self->api_root);
        self->api_root = g_strconcat (self->base_url, "/v1", NULL);
      }
      break;

    case PROP_TOKEN_PROVIDER:
      g_set_object (&self->token_provider, g_value_get_object (value));
      break;

    case PROP_LOCALE:
      pd_client_set_locale (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_client_class_init (PdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_client_dispose;
  object_class->finalize = pd_client_finalize;
  object_class->get_property = pd_client_get_property;
  object_class->set_property = pd_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_BASE_URL_GLOBAL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN_PROVIDER] =
    g_param_spec_object ("token-provider", NULL, NULL,
                         PD_TYPE_TOKEN_PROVIDER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCALE] =
    g_param_spec_string ("locale", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_client_init (PdClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("partner-desk/%s", PACKAGE_VERSION);

  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "user-agent", user_agent,
                                /* The .NET SDK waits 3 minutes; a page of 500 is big. */
                                "timeout", 180,
                                NULL);
  self->locale = locale_from_language_names ();
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->country_rules = g_hash_table_new_full (g_str_hash, g_str_equal,
                                               g_free, g_object_unref);
  self->country_rules_waiters = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_client_new:
 * @base_url: PD_BASE_URL_GLOBAL, PD_BASE_URL_21VIANET or any http(s) URL, without /v1
 * @token_provider: where bearer tokens come from
 *
 * Returns: (transfer full): a new client
 */
PdClient *
pd_client_new (const char      *base_url,
               PdTokenProvider *token_provider)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (PD_IS_TOKEN_PROVIDER (token_provider), NULL);

  return g_object_new (PD_TYPE_CLIENT,
                       "base-url", base_url,
                       "token-provider", token_provider,
                       NULL);
}

const char *
pd_client_get_base_url (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->base_url;
}

PdTokenProvider *
pd_client_get_token_provider (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->token_provider;
}

const char *
pd_client_get_locale (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->locale;
}

/**
 * pd_client_set_locale:
 * @self: a #PdClient
 * @locale: (nullable): an X-Locale value such as "ru-RU"; %NULL for the UI language
 */
void
pd_client_set_locale (PdClient   *self,
                      const char *locale)
{
  g_autofree char *value = NULL;

  g_return_if_fail (PD_IS_CLIENT (self));

  value = locale != NULL && *locale != '\0' ? g_strdup (locale)
                                            : locale_from_language_names ();
  if (g_strcmp0 (value, self->locale) == 0)
    return;

  g_free (self->locale);
  self->locale = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCALE]);
}

void
pd_client_set_retry_policy (PdClient *self,
                            guint     max_attempts,
                            guint     base_delay_ms,
                            guint     max_delay_ms)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
}

/* ------------------------------------------------------------------------------------- */
/* Customer pages: list and search */

/* Pages are pipelined: when page N arrives, a quick scan of its bytes finds links.next and
 * page N+1 is requested at once; meanwhile a worker thread parses page N and builds its
 * models. Pages are parsed one at a time and delivered strictly in order. */

typedef struct
{
  PdCustomerPageFunc  page_func;
  gpointer            page_data;
  GDestroyNotify      page_data_destroy;
  char               *correlation_id;  /* one for the whole listing */
  char               *previous_link;   /* guards against a server that loops */
  GHashTable         *parsed;          /* sequence number → PageResult, not yet delivered */
  GQueue              to_parse;        /* PageData fetched, waiting for the parser */
  gboolean            parsing;
  guint               next_fetch_seq;
  guint               next_deliver_seq;
  guint               n_customers;
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
  g_clear_pointer (&data->previous_link, g_free);
  g_clear_pointer (&data->parsed, g_hash_table_unref);
  g_queue_clear_full (&data->to_parse, (GDestroyNotify) page_data_free);
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
  /* Queued pages hold the task: drop them so it can go. */
  g_queue_clear_full (&data->to_parse, (GDestroyNotify) page_data_free);
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

typedef struct
{
  GTask     *list_task;
  char      *uri;
  char      *method;
  GPtrArray *headers;  /* name, value, … */
  guint      status;
  char      *request_id;
  char      *correlation_id;
} NextLink;

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

/* On the main context: ask for the next page (while the worker parses this one). */
static gboolean
next_link_cb (gpointer user_data)
{
  NextLink *link = user_data;
  GTask *task = link->list_task;
  PdClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(GString) key = NULL;
  PdRequest *request;

  if (data->finished)
    return G_SOURCE_REMOVE;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      list_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    "Operation was cancelled"));
      return G_SOURCE_REMOVE;
    }

  url = resolve_link (self, link->uri);
  if (url == NULL)
    {
      list_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL, link->status, NULL,
                                                 "The next link points to another host",
                                                 link->request_id, link->correlation_id));
      return G_SOURCE_REMOVE;
    }

  key = g_string_new (url);
  for (guint i = 0; i < link->headers->len; i++)
    g_string_append_printf (key, "\n%s", (char *) g_ptr_array_index (link->headers, i));
  if (g_strcmp0 (key->str, data->previous_link) == 0)
    {
      list_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL, link->status, NULL,
                                                 "The next link repeats the last one",
                                                 link->request_id, link->correlation_id));
      return G_SOURCE_REMOVE;
    }
  g_free (data->previous_link);
  data->previous_link = g_string_free (g_steal_pointer (&key), FALSE);

  request = pd_request_new (self, link->method, g_steal_pointer (&url), data->correlation_id);
  for (guint i = 0; i + 1 < link->headers->len; i += 2)
    pd_request_add_header (request, g_ptr_array_index (link->headers, i),
                           g_ptr_array_index (link->headers, i + 1));

  fetch_page (g_object_ref (task), request);
  return G_SOURCE_REMOVE;
}

/* Skips one JSON string starting at data[*pos] == '"'; FALSE when it does not end. */
static gboolean
scan_string (const char *data,
             gsize       len,
             gsize      *pos)
{
  for (gsize i = *pos + 1; i < len; i++)
    {
      if (data[i] == '\\')
        i++;
      else if (data[i] == '"')
        {
          *pos = i + 1;
          return TRUE;
        }
    }
  return FALSE;
}

static void
scan_space (const char *data,
            gsize       len,
            gsize      *pos)
{
  while (*pos < len && g_ascii_isspace (data[*pos]))
    (*pos)++;
}

/* Skips one JSON value (object, array, string or scalar) at data[*pos]. */
static gboolean
scan_value (const char *data,
            gsize       len,
            gsize      *pos)
{
  guint depth = 0;

  while (*pos < len)
    {
      char c = data[*pos];

      if (c == '"')
        {
          if (!scan_string (data, len, pos))
            return FALSE;
          if (depth == 0)
            return TRUE;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return TRUE;  /* a scalar ended by its container */
          if (--depth == 0)
            {
              (*pos)++;
              return TRUE;
            }
        }
      else if (c == ',' && depth == 0)
        return TRUE;
      (*pos)++;
    }
  return depth == 0;
}

/* Whether data[pos] starts the rest of a top-level object after a member's value: more
 * `, "name": value` members, then its closing brace and nothing but space. */
static gboolean
scan_is_top_level_tail (const char *data,
                        gsize       len,
                        gsize       pos)
{
  for (;;)
    {
      scan_space (data, len, &pos);
      if (pos >= len)
        return FALSE;
      if (data[pos] == '}')
        {
          pos++;
          scan_space (data, len, &pos);
          return pos == len;
        }
      if (data[pos] != ',')
        return FALSE;
      pos++;
      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != '"' || !scan_string (data, len, &pos))
        return FALSE;
      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != ':')
        return FALSE;
      pos++;
      scan_space (data, len, &pos);
      if (!scan_value (data, len, &pos))
        return FALSE;
    }
}

/* Partner Center and the sandbox put "links" near the end of a 165 kB page: look for it
 * from the end, and take it when what follows its value closes the top-level object
 * (so it cannot be a member of an item, nor text in a string). Returns: (nullable). */
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
      gsize pos, value_start, backslashes = 0;

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

      pos = key_start + key_len;
      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != ':')
        continue;
      pos++;
      scan_space (data, len, &pos);
      value_start = pos;
      if (!scan_value (data, len, &pos) || !scan_is_top_level_tail (data, len, pos))
        return NULL;
      return pd_json_parse (data + value_start, (gssize) (pos - value_start), NULL);
    }
  return NULL;
}

/* Finds the top-level "links" member (any case) without building the whole tree, so the
 * next page can be requested before this one is parsed. Returns: (nullable) its value. */
static JsonNode *
scan_links (const char *data,
            gsize       len)
{
  gsize pos = 0;
  JsonNode *links;

  data = pd_json_strip_bom (data, (gssize *) &len);
  links = scan_links_from_end (data, len);
  if (links != NULL)
    return links;
  scan_space (data, len, &pos);
  if (pos >= len || data[pos] != '{')
    return NULL;
  pos++;

  while (pos < len)
    {
      gsize key_start, key_end, value_start;

      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != '"')
        return NULL;
      key_start = pos + 1;
      if (!scan_string (data, len, &pos))
        return NULL;
      key_end = pos - 1;
      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != ':')
        return NULL;
      pos++;
      scan_space (data, len, &pos);
      value_start = pos;
      if (!scan_value (data, len, &pos))
        return NULL;

      if (key_end - key_start == 5 && g_ascii_strncasecmp (data + key_start, "links", 5) == 0)
        return pd_json_parse (data + value_start, (gssize) (pos - value_start), NULL);

      scan_space (data, len, &pos);
      if (pos >= len || data[pos] != ',')
        return NULL;
      pos++;
    }
  return NULL;
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
      if (key == NULL || value == NULL)
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

  /* The fast path: customers straight from the text, no tree in between. Anything unusual
   * in the page (other spellings, billing profiles, bad JSON, …) goes down the tree path
   * instead, which is the reference for what a page means. */
  customers = g_ptr_array_new_full (PD_CLIENT_MAX_PAGE_SIZE, g_object_unref);
  {
    gsize len;
    const char *data = g_bytes_get_data (page->response->body, &len);

    flat = data != NULL &&
           pd_json_read_records (data, (gssize) len, "items", pd_customer_record_fields,
                                 PD_CUSTOMER_RECORD_N_FIELDS, page_members,
                                 add_customer_record, customers, &root);
  }
  if (!flat)
    {
      g_ptr_array_set_size (customers, 0);
      root = parse_response_object_filtered (page->response, page_members, &error);
      if (root == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
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
      if (link != NULL)
        g_main_context_invoke_full (g_task_get_context (page->list_task), G_PRIORITY_DEFAULT,
                                    next_link_cb, link, (GDestroyNotify) next_link_free);
    }

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      PdCustomer *customer;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_task_return_error (task, protocol_error_for (page->response, NULL));
          return;
        }

      customer = pd_customer_new_from_json (json_node_get_object (item), &error);
      if (customer == NULL)
        {
          g_task_return_error (task, protocol_error_for (page->response, error));
          return;
        }
      g_ptr_array_add (customers, customer);
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

      data->n_customers += parsed->customers->len;
      if (data->page_func != NULL)
        data->page_func (parsed->customers, parsed->total_count, data->page_data);
      g_hash_table_remove (data->parsed, GUINT_TO_POINTER (data->next_deliver_seq));
      data->next_deliver_seq++;

      if (data->finished)
        return;
      if (!has_next)
        {
          data->finished = TRUE;
          g_task_return_int (task, data->n_customers);
          return;
        }
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
        if (link != NULL)
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

static void
start_listing (PdClient           *self,
               char               *url,   /* (transfer full) */
               gpointer            source_tag,
               PdCustomerPageFunc  page_func,
               gpointer            page_data,
               GDestroyNotify      page_data_destroy,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  data = g_new0 (ListData, 1);
  data->page_func = page_func;
  data->page_data = page_data;
  data->page_data_destroy = page_data_destroy;
  data->correlation_id = g_uuid_string_random ();
  data->parsed = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_result_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  fetch_page (task, pd_request_new (self, "GET", url, data->correlation_id));
}

static gboolean
finish_listing (PdClient      *self,
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

/**
 * pd_client_list_customers_async:
 * @self: a #PdClient
 * @page_size: customers per page (clamped to 1..500)
 * @page_func: (scope notified): called on this thread's main context for each page, in order
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the listing ends
 * @cancellable: (nullable): a #GCancellable; no page is delivered after it is cancelled
 * @callback: called when every page was delivered or on the first error
 * @user_data: data for @callback
 */
void
pd_client_list_customers_async (PdClient            *self,
                                guint                page_size,
                                PdCustomerPageFunc   page_func,
                                gpointer             page_data,
                                GDestroyNotify       page_data_destroy,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  start_listing (self, g_strdup_printf ("%s/customers?size=%u", self->api_root, page_size),
                 pd_client_list_customers_async,
                 page_func, page_data, page_data_destroy, cancellable, callback, user_data);
}

gboolean
pd_client_list_customers_finish (PdClient      *self,
                                 GAsyncResult  *result,
                                 guint         *n_customers,
                                 GError       **error)
{
  return finish_listing (self, result, pd_client_list_customers_async, n_customers, error);
}

/**
 * pd_client_search_customers_async:
 * @self: a #PdClient
 * @field: the field to match
 * @prefix: what the field starts with (case ignored by the server)
 * @page_size: customers per page (clamped to 1..500)
 * @page_func: (scope notified): called for each page, in order
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the search ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
pd_client_search_customers_async (PdClient            *self,
                                  PdSearchField        field,
                                  const char          *prefix,
                                  guint                page_size,
                                  PdCustomerPageFunc   page_func,
                                  gpointer             page_data,
                                  GDestroyNotify       page_data_destroy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) filter = NULL;
  g_autofree char *filter_json = NULL;
  g_autofree char *filter_escaped = NULL;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Field");
  json_builder_add_string_value (builder, field == PD_SEARCH_FIELD_DOMAIN ? "Domain"
                                                                          : "CompanyName");
  json_builder_set_member_name (builder, "Value");
  json_builder_add_string_value (builder, prefix);
  json_builder_set_member_name (builder, "Operator");
  json_builder_add_string_value (builder, "starts_with");
  json_builder_end_object (builder);
  filter = json_builder_get_root (builder);
  filter_json = json_to_string (filter, FALSE);
  filter_escaped = g_uri_escape_string (filter_json, NULL, FALSE);

  page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  start_listing (self, g_strdup_printf ("%s/customers?size=%u&filter=%s",
                                        self->api_root, page_size, filter_escaped),
                 pd_client_search_customers_async,
                 page_func, page_data, page_data_destroy, cancellable, callback, user_data);
}

gboolean
pd_client_search_customers_finish (PdClient      *self,
                                   GAsyncResult  *result,
                                   guint         *n_customers,
                                   GError       **error)
{
  return finish_listing (self, result, pd_client_search_customers_async, n_customers, error);
}

/* ------------------------------------------------------------------------------------- */
/* Single resources */

typedef gpointer (*ModelFromJson) (JsonObject *object, GError **error);

/* GETs @url and builds a model from the answer on the main thread (small bodies). */
static void
get_model_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModelFromJson from_json = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gpointer model;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = parse_response_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  model = from_json (json_node_get_object (root), &error);
  if (model == NULL)
    {
      g_task_return_error (task, protocol_error_for (response, error));
      return;
    }

  g_task_return_pointer (task, model, g_object_unref);
}

static void
get_model_async (PdClient            *self,
                 char                *url,  /* (transfer full) */
                 ModelFromJson        from_json,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, from_json, NULL);

  pd_request_send_async (pd_request_new (self, "GET", url, NULL), cancellable,
                         get_model_cb, task);
}

static gpointer
get_model_finish (PdClient      *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
customer_url (PdClient   *self,
              const char *customer_id,
              const char *suffix)
{
  g_autofree char *escaped = escape_segment (customer_id);

  return g_strconcat (self->api_root, "/customers/", escaped, suffix, NULL);
}

void
pd_client_get_customer_async (PdClient            *self,
                              const char          *customer_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, ""),
                   (ModelFromJson) pd_customer_new_from_json,
                   pd_client_get_customer_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_customer_finish:
 *
 * Returns: (transfer full): the customer with both profiles
 */
PdCustomer *
pd_client_get_customer_finish (PdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return get_model_finish (self, result, pd_client_get_customer_async, error);
}

void
pd_client_get_billing_profile_async (PdClient            *self,
                                     const char          *customer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, "/profiles/billing"),
                   (ModelFromJson) pd_billing_profile_new_from_json,
                   pd_client_get_billing_profile_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_billing_profile_finish:
 *
 * Returns: (transfer full): the billing profile with its etag
 */
PdBillingProfile *
pd_client_get_billing_profile_finish (PdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return get_model_finish (self, result, pd_client_get_billing_profile_async, error);
}

void
pd_client_get_company_profile_async (PdClient            *self,
                                     const char          *customer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, "/profiles/company"),
                   (ModelFromJson) pd_company_profile_new_from_json,
                   pd_client_get_company_profile_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_company_profile_finish:
 *
 * Returns: (transfer full): the company profile
 */
PdCompanyProfile *
pd_client_get_company_profile_finish (PdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return get_model_finish (self, result, pd_client_get_company_profile_async, error);
}

/* ------------------------------------------------------------------------------------- */
/* Billing profile update */

typedef struct
{
  char             *customer_id;
  PdBillingProfile *sent;
  char             *correlation_id;
  GError           *conflict;  /* kept while checking what the server holds */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_clear_pointer (&data->customer_id, g_free);
  g_clear_object (&data->sent);
  g_clear_pointer (&data->correlation_id, g_free);
  g_clear_error (&data->conflict);
  g_free (data);
}

static void
update_check_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  response = pd_request_send_finish (result, &error);
  if (response != NULL)
    root = parse_response_object (response, &error);
  if (root != NULL)
    server = pd_billing_profile_new_from_json (json_node_get_object (root), &error);

  if (server != NULL && data->conflict == NULL)
    {
      /* The PUT answered 200 without a body: the server copy is the answer. */
      g_task_return_pointer (task, g_steal_pointer (&server), g_object_unref);
      return;
    }

  /* Our own first PUT got through before the connection broke: not a conflict. */
  if (server != NULL && pd_billing_profile_equal (server, data->sent))
    {
      g_task_return_pointer (task, g_steal_pointer (&server), g_object_unref);
      return;
    }

  if (data->conflict != NULL)
    g_task_return_error (task, g_steal_pointer (&data->conflict));
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
update_check (GTask *task)
{
  PdClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);

  pd_request_send_async (pd_request_new (self, "GET",
                                         customer_url (self, data->customer_id,
                                                       "/profiles/billing"),
                                         data->correlation_id),
                         g_task_get_cancellable (task), update_check_cb, task);
}

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  PdRequest *request = pd_request_from_result (result);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdBillingProfile *profile;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      if (request->resent_unanswered &&
          g_error_matches (error, PD_API_ERROR, PD_API_ERROR_CONFLICT))
        {
          /* The first PUT may have been applied and only its answer lost, which
           * changed the etag under the retry: look before calling it a conflict. */
          g_debug ("A resent PUT met a conflict; comparing with the server's copy");
          data->conflict = g_steal_pointer (&error);
          update_check (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (response->body) == 0)
    {
      update_check (g_steal_pointer (&task));
      return;
    }

  root = parse_response_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  profile = pd_billing_profile_new_from_json (json_node_get_object (root), &error);
  if (profile == NULL)
    {
      g_task_return_error (task, protocol_error_for (response, error));
      return;
    }

  g_task_return_pointer (task, profile, g_object_unref);
}

/**
 * pd_client_update_billing_profile_async:
 * @self: a #PdClient
 * @customer_id: the customer's tenant id
 * @profile: the full profile to store, with the etag that was read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the server's answer
 * @user_data: data for @callback
 *
 * PUTs @profile with `If-Match`. A changed etag is %PD_API_ERROR_CONFLICT.
 */
void
pd_client_update_billing_profile_async (PdClient            *self,
                                        const char          *customer_id,
                                        PdBillingProfile    *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  GTask *task;
  UpdateData *data;
  PdRequest *request;
  const char *etag;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (PD_IS_BILLING_PROFILE (profile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_update_billing_profile_async);

  data = g_new0 (UpdateData, 1);
  data->customer_id = g_strdup (customer_id);
  data->sent = pd_billing_profile_copy (profile);
  data->correlation_id = g_uuid_string_random ();
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);

  request = pd_request_new (self, "PUT", customer_url (self, customer_id, "/profiles/billing"),
                            data->correlation_id);
  /* With If-Match a repeated PUT cannot apply twice: it is safe to resend when
   * nothing came back. Anything the server answered is final. */
  request->retry_answers = FALSE;
  request->retry_unanswered = TRUE;

  etag = pd_billing_profile_get_etag (profile);
  if (etag != NULL && *etag != '\0')
    {
      g_autofree char *if_match = NULL;

      /* If-Match takes a quoted entity tag; an etag that arrived quoted already (or weak,
       * W/"…") is sent as it is, since quoting it twice never matches. */
      if (etag[0] == '"' || g_str_has_prefix (etag, "W/\""))
        if_match = g_strdup (etag);
      else
        if_match = g_strdup_printf ("\"%s\"", etag);

      pd_request_add_header (request, "If-Match", if_match);
    }

  body = pd_billing_profile_to_json (profile);
  pd_request_set_json_body (request, body);

  pd_request_send_async (request, cancellable, update_cb, task);
}

/**
 * pd_client_update_billing_profile_finish:
 *
 * Returns: (transfer full): the stored profile with its new etag
 */
PdBillingProfile *
pd_client_update_billing_profile_finish (PdClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_update_billing_profile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Country rules, cached; concurrent requests for one country share one fetch */

static void
country_rules_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdClient) self = PD_CLIENT (source);
  g_autofree char *code = user_data;
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdCountryRules) rules = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autofree char *key = NULL;

  response = pd_request_send_finish (result, &error);
  if (response != NULL)
    root = parse_response_object (response, &error);
  if (root != NULL)
    {
      g_autoptr(GError) model_error = NULL;

      rules = pd_country_rules_new_from_json (json_node_get_object (root), &model_error);
      if (rules == NULL)
        error = protocol_error_for (response, model_error);
    }

  if (self->country_rules_waiters == NULL)
    return;  /* disposed */

  if (!g_hash_table_steal_extended (self->country_rules_waiters, code,
                                    (gpointer *) &key, (gpointer *) &waiters))
    return;

  if (rules != NULL)
    g_hash_table_replace (self->country_rules, g_strdup (code), g_object_ref (rules));

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (rules != NULL)
        g_task_return_pointer (task, g_object_ref (rules), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
pd_client_get_country_rules_async (PdClient            *self,
                                   const char          *iso2_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *code = NULL;
  g_autofree char *escaped = NULL;
  PdCountryRules *cached;
  GPtrArray *waiters;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (iso2_code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_get_country_rules_async);

  code = g_ascii_strup (iso2_code, -1);
  cached = g_hash_table_lookup (self->country_rules, code);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  waiters = g_hash_table_lookup (self->country_rules_waiters, code);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->country_rules_waiters, g_strdup (code), waiters);

  /* Shared by every waiter, so no single waiter's cancellable stops it; a cancelled
   * waiter gets G_IO_ERROR_CANCELLED from its own task. */
  escaped = escape_segment (code);
  pd_request_send_async (pd_request_new (self, "GET",
                                         g_strconcat (self->api_root,
                                                      "/countryvalidationrules/",
                                                      escaped, NULL),
                                         NULL),
                         NULL, country_rules_cb, g_steal_pointer (&code));
  /* The shared fetch holds a reference so the waiters' tasks complete. */
  g_object_ref (self);
}

/**
 * pd_client_get_country_rules_finish:
 *
 * Returns: (transfer full): the country's rules
 */
PdCountryRules *
pd_client_get_country_rules_finish (PdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_get_country_rules_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Address validation */

static gboolean
bytes_are_blank (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  data = pd_json_strip_bom (data != NULL ? data : "", (gssize *) &len);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static void
validate_address_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAddress *address = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdAddressValidation *validation;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      /* Before mid-2021 the service answered an invalid address with 400 / 2007. */
      if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID) &&
          g_strcmp0 (pd_api_error_get_server_code (error), "2007") == 0)
        {
          g_autoptr(JsonObject) object = json_object_new ();
          const char *message = pd_api_error_get_description (error);

          json_object_set_string_member (object, "status", "None");
          if (message != NULL)
            json_object_set_string_member (object, "validationMessage", message);
          json_object_set_object_member (object, "originalAddress",
                                         pd_address_to_json (address));
          validation = pd_address_validation_new_from_json (object, &error);
          if (validation != NULL)
            g_task_return_pointer (task, validation, g_object_unref);
          else
            g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* ... and a valid one with an empty 200. */
  if (bytes_are_blank (response->body))
    {
      g_task_return_pointer (task, pd_address_validation_new_verified (address),
                             g_object_unref);
      return;
    }

  root = parse_response_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  validation = pd_address_validation_new_from_json (json_node_get_object (root), &error);
  if (validation == NULL)
    {
      g_task_return_error (task, protocol_error_for (response, error));
      return;
    }

  g_task_return_pointer (task, validation, g_object_unref);
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

void
pd_client_validate_address_async (PdClient            *self,
                                  PdAddress           *address,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;
  PdRequest *request;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (PD_IS_ADDRESS (address));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_validate_address_async);
  g_task_set_task_data (task, pd_address_copy (address), g_object_unref);

  set_string_or_null (body, "AddressLine1", pd_address_get_address_line1 (address));
  set_string_or_null (body, "AddressLine2", pd_address_get_address_line2 (address));
  set_string_or_null (body, "City", pd_address_get_city (address));
  set_string_or_null (body, "State", pd_address_get_state (address));
  set_string_or_null (body, "PostalCode", pd_address_get_postal_code (address));
  set_string_or_null (body, "Country", pd_address_get_country (address));

  request = pd_request_new (self, "POST", g_strconcat (self->api_root, "/validations/address",
                                                       NULL),
                            NULL);
  /* Validation changes nothing on the server, so it retries like a GET. */
  request->retry_answers = TRUE;
  pd_request_set_json_body (request, body);

  pd_request_send_async (request, cancellable, validate_address_cb, task);
}

/**
 * pd_client_validate_address_finish:
 *
 * Returns: (transfer full): the validation outcome
 */
PdAddressValidation *
pd_client_validate_address_finish (PdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_validate_address_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
