/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-profiles.c: PdClient's profile calls: the company profile, and the billing
 * profile read and written back with its etag (If-Match), conflicts checked. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include "pd-api-error.h"
#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-request.h"

#define BILLING_PROFILE "/profiles/billing"

static gpointer
company_profile_from_json (JsonObject  *object,
                           const char  *raw,
                           gsize        raw_len,
                           GError     **error)
{
  return pd_company_profile_new_from_json (object, error);
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

  pd_client_get_model_async (self, pd_client_customer_url (self, customer_id,
                                                           "/profiles/company"),
                             company_profile_from_json,
                             pd_client_get_company_profile_async, cancellable, callback,
                             user_data);
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
  return pd_client_task_finish (self, result, pd_client_get_company_profile_async, error);
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

  pd_client_get_model_async (self, pd_client_customer_url (self, customer_id, BILLING_PROFILE),
                             (PdModelFromJson) pd_billing_profile_new_from_json_text,
                             pd_client_get_billing_profile_async, cancellable, callback,
                             user_data);
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
  return pd_client_task_finish (self, result, pd_client_get_billing_profile_async, error);
}

/* ------------------------------------------------------------------------------------- */
/* Billing profile update */

typedef struct
{
  char             *customer_id;
  PdBillingProfile *sent;
  char             *correlation_id;
  char             *request_id;  /* of the last PUT sent */
  GError           *conflict;  /* kept while checking what the server holds */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_clear_pointer (&data->customer_id, g_free);
  g_clear_object (&data->sent);
  g_clear_pointer (&data->correlation_id, g_free);
  g_clear_pointer (&data->request_id, g_free);
  g_clear_error (&data->conflict);
  g_free (data);
}

/* The billing profile the server holds, GET under the update's correlation id. */
static void
update_get_server_copy (GTask               *task,
                        GAsyncReadyCallback  callback)
{
  PdClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);

  pd_request_send_async (pd_request_new (self, "GET",
                                         pd_client_customer_url (self, data->customer_id,
                                                                 BILLING_PROFILE),
                                         data->correlation_id),
                         g_task_get_cancellable (task), callback, task);
}

static PdBillingProfile *
billing_profile_finish (GAsyncResult  *result,
                        PdResponse   **response,
                        GError       **error)
{
  return pd_request_send_finish_model (result,
                                       (PdModelFromJson) pd_billing_profile_new_from_json_text,
                                       response, error);
}

static void
update_check_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  server = billing_profile_finish (result, NULL, &error);

  /* Either the PUT answered 200 without a body, and the server copy is the answer; or our
   * own first PUT got through before the connection broke, which is not a conflict. */
  if (server != NULL &&
      (data->conflict == NULL || pd_billing_profile_equal (server, data->sent)))
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
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  PdRequest *request = pd_request_from_result (result);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PdBillingProfile *profile;

  g_free (data->request_id);
  data->request_id = g_strdup (request->request_id);
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
          update_get_server_copy (g_steal_pointer (&task), update_check_cb);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (response->body) == 0)
    {
      update_get_server_copy (g_steal_pointer (&task), update_check_cb);
      return;
    }

  profile = pd_response_to_model (response,
                                  (PdModelFromJson) pd_billing_profile_new_from_json_text,
                                  &error);
  if (profile == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, profile, g_object_unref);
}

/* PUTs data->sent, whose etag goes into If-Match. */
static void
update_send (GTask *task)
{
  PdClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);
  g_autofree char *if_match = NULL;
  GString *body = g_string_new (NULL);
  PdRequest *request;
  const char *etag;

  request = pd_request_new (self, "PUT",
                            pd_client_customer_url (self, data->customer_id, BILLING_PROFILE),
                            data->correlation_id);
  /* With If-Match a repeated PUT cannot apply twice: it is safe to resend when
   * nothing came back. Anything the server answered is final. */
  request->retry_answers = FALSE;
  request->retry_unanswered = TRUE;

  /* The etag goes back exactly as the server gave it: If-Match takes a quoted entity
   * tag, so a bare one is quoted, and one that came quoted (or weak, W/"…", which a
   * strict server never matches) is sent as it is. */
  etag = pd_billing_profile_get_etag (data->sent);
  g_assert (*etag != '\0');
  if (etag[0] == '"' || g_str_has_prefix (etag, "W/\""))
    if_match = g_strdup (etag);
  else
    if_match = g_strdup_printf ("\"%s\"", etag);
  pd_request_add_header (request, "If-Match", if_match);

  /* The text as read but for the edited fields (see pd_billing_profile_write). */
  pd_billing_profile_write (data->sent, body);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_string_free_to_bytes (body);

  pd_request_send_async (request, g_task_get_cancellable (task), update_cb, task);
}

/* The profile had no etag: what the server holds now says which version to send against. */
static void
update_version_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(PdBillingProfile) as_read = NULL;

  server = billing_profile_finish (result, &response, &error);
  if (server == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A PUT without If-Match overwrites whatever is there: never send one. */
  if (*pd_billing_profile_get_etag (server) == '\0')
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status,
                                                   PD_API_ERROR_CODE_NO_ETAG,
                                                   "The billing profile has no etag",
                                                   response->request_id,
                                                   response->correlation_id));
      return;
    }

  /* The edits were made on a version nobody can name: only when the server still holds
   * that one may they go against the server's etag. Otherwise it changed meanwhile. */
  as_read = pd_billing_profile_dup_as_read (data->sent);
  if (!pd_billing_profile_equal (server, as_read))
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_CONFLICT, response->status, NULL,
                                                   "The billing profile changed since it "
                                                   "was read",
                                                   response->request_id,
                                                   response->correlation_id));
      return;
    }

  pd_billing_profile_set_etag (data->sent, pd_billing_profile_get_etag (server));
  update_send (g_steal_pointer (&task));
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
 * PUTs @profile with `If-Match`. A changed etag is %PD_API_ERROR_CONFLICT. A profile
 * without an etag is read again first: it goes with the server's etag when the server
 * still holds the profile as it was read (else %PD_API_ERROR_CONFLICT), and not at all
 * when the server gives no etag either (%PD_API_ERROR_PROTOCOL, server code
 * %PD_API_ERROR_CODE_NO_ETAG).
 */
void
pd_client_update_billing_profile_async (PdClient            *self,
                                        const char          *customer_id,
                                        PdBillingProfile    *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;
  UpdateData *data;

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

  if (*pd_billing_profile_get_etag (profile) == '\0')
    update_get_server_copy (task, update_version_cb);
  else
    update_send (task);
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
  return pd_client_task_finish (self, result, pd_client_update_billing_profile_async, error);
}

void
pd_client_update_billing_profile_get_ids (PdClient      *self,
                                          GAsyncResult  *result,
                                          const char   **request_id,
                                          const char   **correlation_id)
{
  UpdateData *data;

  g_return_if_fail (g_task_is_valid (result, self));
  g_return_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                    pd_client_update_billing_profile_async);

  data = g_task_get_task_data (G_TASK (result));
  if (request_id != NULL)
    *request_id = data->request_id;
  if (correlation_id != NULL)
    *correlation_id = data->request_id != NULL ? data->correlation_id : NULL;
}
