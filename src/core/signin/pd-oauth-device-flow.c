/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-device-flow.c: device-code sign-in (RFC 8628): show a code, poll until approved. */

#include "config.h"

#define G_LOG_DOMAIN "pd-oauth-token-provider"

#include "pd-auth-error.h"
#include "pd-json.h"
#include "pd-oauth-token-provider-private.h"

#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
/* What Entra answers when a device code omits them. */
#define DEFAULT_DEVICE_INTERVAL_S   5
#define DEFAULT_DEVICE_EXPIRES_IN_S 900
/* RFC 8628: slow_down adds five seconds to the polling interval. */
#define SLOW_DOWN_STEP_MS           5000
/* What the identity service says is clamped to these: a broken or hostile answer must
 * not make us poll in a tight loop, never poll, or overflow a deadline. */
#define MIN_DEVICE_INTERVAL_S       1
#define MAX_DEVICE_INTERVAL_S       60
#define MIN_DEVICE_EXPIRES_IN_S     60
#define MAX_DEVICE_EXPIRES_IN_S     3600

typedef struct
{
  char             *device_code;
  guint             interval_ms;
  gint64            deadline;      /* monotonic µs */
  PdDeviceCodeFunc  show_code;
  gpointer          show_code_data;
} DeviceData;

static void
device_data_free (DeviceData *data)
{
  g_clear_pointer (&data->device_code, pd_oauth_token_free);
  g_free (data);
}

static void device_poll (GTask *task);

static gboolean
device_wait_over_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    device_poll (task);
  return G_SOURCE_REMOVE;
}

/* Waits the polling interval (or until cancelled), then polls; takes @task. */
static void
device_schedule_poll (GTask *task)
{
  DeviceData *data = g_task_get_task_data (task);

  g_source_unref (pd_oauth_task_wait_source_new (task, data->interval_ms,
                                                 device_wait_over_cb));
}

static void
device_poll_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  PdOAuthTokenProvider *self = PD_OAUTH_TOKEN_PROVIDER (source);
  DeviceData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;
  const char *service_error;

  answer = pd_oauth_post_form_finish (result, &error);
  if (answer != NULL)
    {
      pd_oauth_token_provider_finish_sign_in (self, task, answer);
      return;
    }

  service_error = pd_auth_error_get_service_error (error);
  if (g_strcmp0 (service_error, "authorization_pending") == 0)
    {
      g_clear_error (&error);
      device_schedule_poll (task);
      return;
    }
  if (g_strcmp0 (service_error, "slow_down") == 0)
    {
      g_clear_error (&error);
      data->interval_ms = MIN (data->interval_ms + SLOW_DOWN_STEP_MS,
                               MAX_DEVICE_INTERVAL_S * 1000);
      device_schedule_poll (task);
      return;
    }

  /* expired_token → EXPIRED, access_denied → DECLINED, the rest as mapped. */
  pd_oauth_task_fail (task, error);
}

static void
device_poll (GTask *task)
{
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  DeviceData *data = g_task_get_task_data (task);
  const char *client_id = pd_connection_get_client_id (self->connection);
  g_autofree char *url = NULL;
  char *form;

  if (g_get_monotonic_time () >= data->deadline)
    {
      pd_oauth_task_fail (task, pd_auth_error_new (PD_AUTH_ERROR_EXPIRED, "expired_token",
                                                   NULL, "The device code expired",
                                                   NULL, NULL));
      return;
    }

  url = pd_oauth_token_endpoint (self);
  form = soup_form_encode ("grant_type", DEVICE_CODE_GRANT,
                           "device_code", data->device_code,
                           "client_id", pd_oauth_or_empty (client_id),
                           NULL);
  pd_oauth_post_form_async (self, url, form, g_task_get_cancellable (task), device_poll_cb,
                            task);
}

/* Takes the device code from @answer and shows it to the user. */
static gboolean
device_show_code (GTask       *task,
                  JsonObject  *answer,
                  GError     **error)
{
  PdOAuthTokenProvider *self = g_task_get_source_object (task);
  DeviceData *data = g_task_get_task_data (task);
  const char *device_code = pd_json_object_get_string_ci (answer, "device_code");
  const char *user_code = pd_json_object_get_string_ci (answer, "user_code");
  const char *verification_uri = pd_json_object_get_string_ci (answer, "verification_uri");
  guint expires_in;
  guint interval;

  if (verification_uri == NULL)  /* the name of the older v1 endpoint */
    verification_uri = pd_json_object_get_string_ci (answer, "verification_url");
  if (device_code == NULL || user_code == NULL || verification_uri == NULL)
    {
      g_propagate_error (error, pd_auth_error_new (PD_AUTH_ERROR_SERVICE, NULL, NULL,
                                                   "The device code answer is incomplete",
                                                   NULL, NULL));
      return FALSE;
    }

  expires_in = pd_oauth_seconds_member (answer, "expires_in", DEFAULT_DEVICE_EXPIRES_IN_S,
                                        MIN_DEVICE_EXPIRES_IN_S, MAX_DEVICE_EXPIRES_IN_S);
  interval = pd_oauth_seconds_member (answer, "interval", DEFAULT_DEVICE_INTERVAL_S,
                                      MIN_DEVICE_INTERVAL_S, MAX_DEVICE_INTERVAL_S);
  data->device_code = g_strdup (device_code);
  data->interval_ms = self->device_poll_interval_ms > 0 ? self->device_poll_interval_ms
                                                        : interval * 1000;
  data->deadline = g_get_monotonic_time () + (gint64) expires_in * G_USEC_PER_SEC;

  data->show_code (user_code, verification_uri,
                   pd_json_object_get_string_ci (answer, "message"), expires_in,
                   data->show_code_data);
  return TRUE;
}

static void
device_code_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  answer = pd_oauth_post_form_finish (result, &error);
  if (answer == NULL || !device_show_code (task, answer, &error))
    {
      pd_oauth_task_fail (task, error);
      return;
    }

  device_schedule_poll (task);
}

/**
 * pd_oauth_token_provider_sign_in_device_async:
 * @self: a #PdOAuthTokenProvider
 * @show_code: (scope call): shows the code and address to the user
 * @show_code_data: data for @show_code
 * @cancellable: (nullable): stops polling
 * @callback: called when signed in or failed
 * @user_data: data for @callback
 */
void
pd_oauth_token_provider_sign_in_device_async (PdOAuthTokenProvider *self,
                                              PdDeviceCodeFunc      show_code,
                                              gpointer              show_code_data,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  g_autofree char *url = NULL;
  DeviceData *data;
  GTask *task;
  char *form;

  g_return_if_fail (PD_IS_OAUTH_TOKEN_PROVIDER (self));
  g_return_if_fail (show_code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = pd_oauth_token_provider_new_sign_in_task (self,
                                                   pd_oauth_token_provider_sign_in_device_async,
                                                   cancellable, callback, user_data);
  if (task == NULL)
    return;

  data = g_new0 (DeviceData, 1);
  data->show_code = show_code;
  data->show_code_data = show_code_data;
  g_task_set_task_data (task, data, (GDestroyNotify) device_data_free);

  url = pd_connection_dup_endpoint_url (self->connection, "devicecode");
  form = soup_form_encode ("client_id", pd_connection_get_client_id (self->connection),
                           "scope", pd_connection_get_scope (self->connection),
                           NULL);
  pd_oauth_post_form_async (self, url, form, cancellable, device_code_cb, task);
}

gboolean
pd_oauth_token_provider_sign_in_device_finish (PdOAuthTokenProvider  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  return pd_oauth_token_provider_finish_boolean (self, result,
                                                 pd_oauth_token_provider_sign_in_device_async,
                                                 error);
}
