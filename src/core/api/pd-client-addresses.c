/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-addresses.c: PdClient's address calls: a country's address rules (cached for
 * the client's lifetime) and the service's check of one address. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include "pd-api-error.h"
#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-json.h"
#include "pd-request.h"

/* ------------------------------------------------------------------------------------- */
/* Country rules, cached; concurrent requests for one country share one fetch */

static gpointer
country_rules_from_json (JsonObject  *object,
                         const char  *raw,
                         gsize        raw_len,
                         GError     **error)
{
  return pd_country_rules_new_from_json (object, error);
}

static void
country_rules_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdClient) self = PD_CLIENT (source);
  g_autofree char *code = user_data;
  GHashTable *waiting = pd_client_get_country_rules_waiters (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCountryRules) rules = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autofree char *key = NULL;

  rules = pd_request_send_finish_model (result, country_rules_from_json, NULL, &error);

  if (waiting == NULL)
    return;  /* disposed */

  if (!g_hash_table_steal_extended (waiting, code, (gpointer *) &key, (gpointer *) &waiters))
    return;

  if (rules != NULL)
    g_hash_table_replace (pd_client_get_country_rules_cache (self), g_strdup (code),
                          g_object_ref (rules));

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
  GHashTable *waiting;
  PdCountryRules *cached;
  GPtrArray *waiters;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (iso2_code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_get_country_rules_async);

  code = g_ascii_strup (iso2_code, -1);
  cached = g_hash_table_lookup (pd_client_get_country_rules_cache (self), code);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  waiting = pd_client_get_country_rules_waiters (self);
  waiters = g_hash_table_lookup (waiting, code);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (waiting, g_strdup (code), waiters);

  /* Shared by every waiter, so no single waiter's cancellable stops it; a cancelled
   * waiter gets G_IO_ERROR_CANCELLED from its own task. */
  escaped = g_uri_escape_string (code, NULL, FALSE);
  pd_request_send_async (pd_request_new (self, "GET",
                                         pd_client_api_url (self, "/countryvalidationrules/%s",
                                                            escaped),
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
  return pd_client_task_finish (self, result, pd_client_get_country_rules_async, error);
}

/* ------------------------------------------------------------------------------------- */
/* Address validation */

/* Whether @body holds no JSON value at all: a BOM and white space at most, as the walker
 * (the one JSON grammar) sees them. */
static gboolean
body_is_blank (GBytes *body)
{
  PdJsonWalker w;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  pd_json_walker_init (&w, data, (gssize) len);
  return pd_json_walker_is_at_end (&w);
}

static gpointer
address_validation_from_json (JsonObject  *object,
                              const char  *raw,
                              gsize        raw_len,
                              GError     **error)
{
  return pd_address_validation_new_from_json (object, error);
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
  if (body_is_blank (response->body))
    {
      g_task_return_pointer (task, pd_address_validation_new_verified (address),
                             g_object_unref);
      return;
    }

  validation = pd_response_to_model (response, address_validation_from_json, &error);
  if (validation == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
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

  request = pd_request_new (self, "POST", pd_client_api_url (self, "/validations/address"),
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
  return pd_client_task_finish (self, result, pd_client_validate_address_async, error);
}
