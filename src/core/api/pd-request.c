/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-request.c: one Partner Center API call: headers, token, sending, retries, errors. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "pd-api-error.h"
#include "pd-client-private.h"
#include "pd-json.h"
#include "pd-request.h"

/* A Retry-After longer than this is handed to the caller as THROTTLED instead of making
 * a user wait in front of a spinner. */
#define MAX_RETRY_AFTER_S     60
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
/* Bytes read at a time from an answer without a Content-Length. */
#define READ_CHUNK_SIZE       (64 * 1024)

static void
pd_request_free (PdRequest *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->url, g_free);
  g_clear_pointer (&request->headers, g_ptr_array_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->correlation_id, g_free);
  /* Wiped: a freed copy of a bearer token must not linger in the heap. */
  g_clear_pointer (&request->token, secret_password_free);
  g_clear_object (&request->message);
  if (request->slow)
    pd_client_add_slow_request (request->client, -1);
  g_clear_object (&request->client);
  g_free (request);
}

PdRequest *
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

void
pd_request_add_header (PdRequest  *request,
                       const char *name,
                       const char *value)
{
  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
pd_request_set_json_body (PdRequest  *request,
                          JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  GString *text = g_string_new (NULL);

  /* The core's one writer (json-glib's leaves U+001F unescaped, which is not JSON). */
  json_node_set_object (node, object);
  pd_json_append_node (text, node);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_string_free_to_bytes (text);
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

static gboolean
has_retry_after (guint status)
{
  return status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE;
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
max_attempts_of (PdClient *self)
{
  guint max_attempts;

  pd_client_get_retry_policy (self, &max_attempts, NULL, NULL);
  return max_attempts;
}

static guint
backoff_delay_ms (PdClient *self,
                  guint     attempt)
{
  guint base_delay_ms, max_delay_ms;
  guint64 delay;

  pd_client_get_retry_policy (self, NULL, &base_delay_ms, &max_delay_ms);
  delay = base_delay_ms;
  for (guint i = 1; i < attempt && delay < max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, max_delay_ms);

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
 * of that size in as few reads as the socket allows; without one, in 64 kB reads into a
 * doubling buffer. Either way nothing larger than the client's limit is accepted. */

typedef struct
{
  GTask         *task;    /* the request's */
  GInputStream  *stream;
  guint8        *buffer;
  gsize          size;    /* with a Content-Length: its value; else what was read so far */
  gsize          allocated;
  gsize          limit;   /* the most that is accepted */
  GError        *error;
} BodyRead;

static void
body_read_free (BodyRead *read)
{
  g_clear_object (&read->task);
  g_clear_object (&read->stream);
  g_clear_pointer (&read->buffer, g_free);
  g_clear_error (&read->error);
  g_free (read);
}

static GError *
too_large_error (PdRequest *request)
{
  GError *error;

  error = pd_api_error_new (PD_API_ERROR_PROTOCOL,
                            soup_message_get_status (request->message), NULL,
                            "The answer is larger than the client accepts",
                            response_header_or (request->message, "MS-RequestId",
                                                request->request_id),
                            response_header_or (request->message, "MS-CorrelationId",
                                                request->correlation_id));
  pd_api_error_set_cause (error, PD_API_ERROR_CAUSE_TOO_LARGE);
  return error;
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
    {
      /* One byte more than the body, a NUL, so it can be looked at as text. */
      read->buffer = g_realloc (read->buffer, read->size + 1);
      read->buffer[read->size] = '\0';
      body = g_bytes_new_take (g_steal_pointer (&read->buffer), read->size);
    }
  handle_answer (g_steal_pointer (&read->task), body, g_steal_pointer (&read->error));
  body_read_free (read);
}

static void
body_finish (BodyRead *read)
{
  /* Closing early (too large) drops the connection rather than reading the rest. */
  g_input_stream_close_async (read->stream, G_PRIORITY_DEFAULT, NULL, body_closed_cb, read);
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

  body_finish (read);
}

static void body_read_more (BodyRead *read);

static void
body_chunk_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BodyRead *read = user_data;
  gssize n_read;

  n_read = g_input_stream_read_finish (read->stream, result, &read->error);
  if (n_read <= 0)
    {
      body_finish (read);
      return;
    }

  read->size += (gsize) n_read;
  body_read_more (read);
}

/* Reads a body of unknown length in chunks, refusing it once it passes the limit (a
 * chunked answer could otherwise grow until memory runs out). */
static void
body_read_more (BodyRead *read)
{
  if (read->size > read->limit)
    {
      PdRequest *request = g_task_get_task_data (read->task);

      read->error = too_large_error (request);
      body_finish (read);
      return;
    }

  /* Grown by doubling: a 165 kB page takes a few reallocations, not one per chunk. */
  if (read->allocated - read->size < READ_CHUNK_SIZE)
    {
      read->allocated = MAX (read->allocated * 2, read->size + READ_CHUNK_SIZE);
      read->buffer = g_realloc (read->buffer, read->allocated);
    }
  g_input_stream_read_async (read->stream, read->buffer + read->size, READ_CHUNK_SIZE,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (read->task),
                             body_chunk_cb, read);
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
  const char *content_encoding;
  BodyRead *read;
  gsize limit;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      handle_answer (g_steal_pointer (&task), NULL, error);
      return;
    }

  limit = pd_client_get_max_response_size (request->client);
  read = g_new0 (BodyRead, 1);
  read->task = g_steal_pointer (&task);
  read->stream = g_steal_pointer (&stream);
  read->limit = limit;
  headers = soup_message_get_response_headers (request->message);
  content_encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  /* A compressed body's Content-Length is its compressed size, while the stream gives it
   * decompressed (libsoup's content decoder): then its length is unknown, and the limit
   * applies to what it inflates to. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (content_encoding == NULL || g_ascii_strcasecmp (content_encoding, "identity") == 0))
    {
      goffset length = soup_message_headers_get_content_length (headers);

      /* Refused before anything is allocated: the length is the server's word. */
      if (length < 0 || (guint64) length > limit)
        {
          read->error = too_large_error (request);
          body_finish (read);
          return;
        }

      /* One byte more is asked for than the body has: the read then ends at the body's
       * end as libsoup sees it, which finishes the message, so closing keeps the
       * connection for the next request. Closed after exactly Content-Length bytes, the
       * message was unfinished and libsoup dropped the connection: every page of a
       * listing opened a new one (a TLS handshake each, against the real service). */
      read->size = (gsize) length;
      read->buffer = g_malloc (read->size + 1);
      g_input_stream_read_all_async (read->stream, read->buffer, read->size + 1,
                                     G_PRIORITY_DEFAULT, g_task_get_cancellable (read->task),
                                     body_read_cb, read);
    }
  else
    body_read_more (read);
}

/* The request failed before a whole answer came (@status is what came of one): retried
 * when that is safe, else returned as PD_API_ERROR_NETWORK. */
static void
handle_transport_error (GTask  *task_,
                        guint   status,
                        GError *error_)
{
  g_autoptr(GTask) task = task_;
  PdRequest *request = g_task_get_task_data (task);
  PdClient *self = request->client;
  g_autoptr(GError) error = error_;
  gboolean answered = status != SOUP_STATUS_NONE;
  gboolean stalled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  GError *network_error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == PD_API_ERROR)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A stalled PUT may still be applied by the server: only GETs go again then. */
  if (is_retryable_transport_error (error) &&
      request->attempt < max_attempts_of (self) &&
      (request->retry_answers ||
       (request->retry_unanswered && !answered && !stalled)))
    {
      g_debug ("%s %s: %s; trying again", request->method, request->url, error->message);
      if (!request->retry_answers)
        request->resent_unanswered = TRUE;
      if (stalled && !request->slow)
        {
          request->slow = TRUE;
          pd_client_add_slow_request (self, 1);
        }
      schedule_retry (g_steal_pointer (&task), backoff_delay_ms (self, request->attempt));
      return;
    }

  network_error = pd_api_error_new (PD_API_ERROR_NETWORK, status, NULL, error->message,
                                    request->request_id, request->correlation_id);
  if (stalled)
    pd_api_error_set_cause (network_error, PD_API_ERROR_CAUSE_TIMED_OUT);
  g_task_return_error (task, network_error);
}

/* @body: (nullable) (transfer none); @error: (nullable) (transfer full): what
 * soup_session_send_and_read_finish() would give. */
static void
handle_answer (GTask  *task_,
               GBytes *body,
               GError *error)
{
  g_autoptr(GTask) task = task_;
  PdRequest *request = g_task_get_task_data (task);
  PdClient *self = request->client;
  const char *request_id;
  const char *correlation_id;
  guint status;

  status = soup_message_get_status (request->message);

  if (error != NULL)
    {
      handle_transport_error (g_steal_pointer (&task), status, error);
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
      pd_token_provider_invalidate (pd_client_get_token_provider (self), request->token);
      request->attempt--;
      request_attempt (g_steal_pointer (&task));
      return;
    }

  request_id = response_header_or (request->message, "MS-RequestId", request->request_id);
  correlation_id = response_header_or (request->message, "MS-CorrelationId",
                                       request->correlation_id);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      GError *redirected;

      /* The API never redirects: following one would send the token, or take a page,
       * from wherever it points (SOUP_MESSAGE_NO_REDIRECT keeps libsoup from it). */
      redirected = pd_api_error_new (PD_API_ERROR_PROTOCOL, status, NULL,
                                     "The server answered with a redirect",
                                     request_id, correlation_id);
      pd_api_error_set_cause (redirected, PD_API_ERROR_CAUSE_REDIRECTED);
      g_task_return_error (task, redirected);
      return;
    }

  /* Counted whether or not it is retried: a listing in parallel streams backs off. */
  if (status == HTTP_TOO_MANY_REQUESTS)
    pd_client_add_throttled (self);

  if (request->retry_answers &&
      (status >= 500 || status == HTTP_TOO_MANY_REQUESTS))
    {
      /* A 503 says when to come back as a 429 does (RFC 9110, 10.2.3). */
      guint retry_after = has_retry_after (status) ? parse_retry_after (request->message) : 0;

      if (request->attempt < max_attempts_of (self) && retry_after <= MAX_RETRY_AFTER_S)
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
                                                has_retry_after (status)
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
  char *authorization;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  g_clear_pointer (&request->token, secret_password_free);
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
  secret_password_free (authorization);
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

  /* The API never redirects; handle_answer() reports one instead of following it. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  request->attempt++;
  cancellable = g_task_get_cancellable (task);
  soup_session_send_async (pd_client_get_session (self), request->message, G_PRIORITY_DEFAULT,
                           cancellable, sent_cb, g_steal_pointer (&task));
}

static void
request_attempt (GTask *task)
{
  PdRequest *request = g_task_get_task_data (task);

  /* Asked every time: a provider may refresh between retries. */
  pd_token_provider_get_token_async (pd_client_get_token_provider (request->client),
                                     g_task_get_cancellable (task),
                                     got_token_cb, task);
}

/* Sends @request (taking it), with retries. Finish gives a PdResponse on 2xx. */
void
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

PdResponse *
pd_request_send_finish (GAsyncResult  *result,
                        GError       **error)
{
  PdClient *client = g_task_get_source_object (G_TASK (result));
  GError *local_error = NULL;
  PdResponse *response;

  g_assert (g_task_get_source_tag (G_TASK (result)) == pd_request_send_async);

  response = g_task_propagate_pointer (G_TASK (result), &local_error);
  /* Errors say which server they are about: the user may have chosen another than
   * Partner Center. */
  if (local_error != NULL && local_error->domain == PD_API_ERROR)
    pd_api_error_set_service (local_error, pd_client_get_service_name (client));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return response;
}

PdRequest *
pd_request_from_result (GAsyncResult *result)
{
  return g_task_get_task_data (G_TASK (result));
}

gpointer
pd_request_send_finish_model (GAsyncResult     *result,
                              PdModelFromJson   from_json,
                              PdResponse      **response,
                              GError          **error)
{
  g_autoptr(PdResponse) answer = NULL;
  gpointer model;

  answer = pd_request_send_finish (result, error);
  if (answer == NULL)
    return NULL;

  model = pd_response_to_model (answer, from_json, error);
  if (response != NULL)
    *response = g_steal_pointer (&answer);
  return model;
}
