/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-post.c: one call to the identity service: a form POST in, a JSON object or a
 * PD_AUTH_ERROR out. */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include "pd-auth-error.h"
#include "pd-json.h"
#include "pd-oauth-token-provider-private.h"

typedef struct
{
  SoupMessage *message;
} PostData;

static void
post_data_free (PostData *post)
{
  g_clear_object (&post->message);
  g_free (post);
}

/* Turns an error body ({"error", "error_description", "error_codes", …}) into PD_AUTH_ERROR. */
static GError *
error_from_oauth_object (JsonObject *object)
{
  const char *service_error = pd_json_object_get_string_ci (object, "error");
  const char *subcode = pd_json_object_get_string_ci (object, "suberror");
  JsonArray *codes = pd_json_object_get_array_ci (object, "error_codes");
  guint first_code = 0;

  if (subcode == NULL)
    subcode = pd_json_object_get_string_ci (object, "error_subcode");
  if (codes != NULL && json_array_get_length (codes) > 0 &&
      JSON_NODE_HOLDS_VALUE (json_array_get_element (codes, 0)))
    first_code = (guint) json_array_get_int_element (codes, 0);

  return pd_auth_error_new_from_service (service_error, subcode,
                                         pd_json_object_get_string_ci (object,
                                                                       "error_description"),
                                         first_code,
                                         pd_json_object_get_string_ci (object, "trace_id"),
                                         pd_json_object_get_string_ci (object, "correlation_id"));
}

static void
post_form_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PostData *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  guint status;
  const char *data;
  gsize len;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_NETWORK, NULL, NULL,
                                                      error->message, NULL, NULL));
      return;
    }

  status = soup_message_get_status (post->message);
  data = g_bytes_get_data (body, &len);
  root = pd_json_parse (data != NULL ? data : "", (gssize) len, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (object != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, json_object_ref (object), (GDestroyNotify) json_object_unref);
      return;
    }

  if (object != NULL && pd_json_object_get_string_ci (object, "error") != NULL)
    {
      g_task_return_error (task, error_from_oauth_object (object));
      return;
    }

  {
    g_autofree char *description =
      g_strdup_printf ("The identity service answered HTTP %u without a usable body", status);

    g_task_return_error (task, pd_auth_error_new (PD_AUTH_ERROR_SERVICE, NULL, NULL,
                                                  description, NULL, NULL));
  }
}

void
pd_oauth_post_form_async (PdOAuthTokenProvider *self,
                          const char           *url,
                          char                 *form,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  GTask *task;
  PostData *post;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_oauth_post_form_async);

  if (url == NULL)
    {
      g_free (form);
      pd_oauth_task_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     "The connection has no sign-in authority"));
      return;
    }

  post = g_new0 (PostData, 1);
  post->message = soup_message_new_from_encoded_form ("POST", url, form);
  g_task_set_task_data (task, post, (GDestroyNotify) post_data_free);
  if (post->message == NULL)
    {
      pd_oauth_task_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     "The sign-in authority is not a valid URL"));
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (post->message),
                                "Accept", "application/json");
  /* The form carries codes and refresh tokens: it goes where it was sent or nowhere (the
   * identity service does not redirect these; a 3xx ends as a service error). */
  soup_message_add_flags (post->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (self->session, post->message, G_PRIORITY_DEFAULT,
                                    cancellable, post_form_cb, task);
}

JsonObject *
pd_oauth_post_form_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == pd_oauth_post_form_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
pd_oauth_token_endpoint (PdOAuthTokenProvider *self)
{
  return pd_connection_dup_endpoint_url (self->connection, "token");
}

const char *
pd_oauth_or_empty (const char *value)
{
  return value != NULL ? value : "";
}

/* A number of seconds from an identity service answer: a JSON integer or a string of
 * digits (Entra's v1 endpoints send strings). Anything else ("-1", "5s", 1.5, an
 * overflow) is @fallback; the result is clamped to @min..@max. */
guint
pd_oauth_seconds_member (JsonObject *object,
                         const char *name,
                         guint       fallback,
                         guint       min,
                         guint       max)
{
  g_autofree char *text = pd_json_object_dup_string_ci (object, name);
  guint64 value;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    value = fallback;

  return (guint) CLAMP (value, min, max);
}
