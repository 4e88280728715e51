/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client-customers.c: PdClient's customer calls: the listing and the search, page by
 * page (through the pager), and one customer with its profiles. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-customer-pager.h"
#include "pd-customer-private.h"
#include "pd-json.h"

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
  pd_customer_pager_start (self, pd_client_api_url (self, "/customers?size=%u", page_size),
                           page_size,
                           pd_client_list_customers_async,
                           page_func, page_data, page_data_destroy, cancellable, callback,
                           user_data);
}

gboolean
pd_client_list_customers_finish (PdClient      *self,
                                 GAsyncResult  *result,
                                 guint         *n_customers,
                                 GError       **error)
{
  return pd_customer_pager_finish (self, result, pd_client_list_customers_async, n_customers,
                                   error);
}

/* The `filter` query of a search: {"Field":…,"Value":@prefix,"Operator":"starts_with"}.
 * Returns: (transfer full): the JSON text, URI-escaped. */
static char *
search_filter (PdSearchField  field,
               const char    *prefix)
{
  g_autoptr(GString) filter = g_string_new ("{\"Field\":");

  pd_json_append_string (filter, field == PD_SEARCH_FIELD_DOMAIN ? "Domain" : "CompanyName");
  g_string_append (filter, ",\"Value\":");
  pd_json_append_string (filter, prefix);
  g_string_append (filter, ",\"Operator\":\"starts_with\"}");

  return g_uri_escape_string (filter->str, NULL, FALSE);
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
  g_autofree char *filter = NULL;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  filter = search_filter (field, prefix);
  page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  pd_customer_pager_start (self, pd_client_api_url (self, "/customers?size=%u&filter=%s",
                                                    page_size, filter),
                           page_size,
                           pd_client_search_customers_async,
                           page_func, page_data, page_data_destroy, cancellable, callback,
                           user_data);
}

gboolean
pd_client_search_customers_finish (PdClient      *self,
                                   GAsyncResult  *result,
                                   guint         *n_customers,
                                   GError       **error)
{
  return pd_customer_pager_finish (self, result, pd_client_search_customers_async, n_customers,
                                   error);
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

  pd_client_get_model_async (self, pd_client_customer_url (self, customer_id, ""),
                             (PdModelFromJson) pd_customer_new_from_json_text,
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
  return pd_client_task_finish (self, result, pd_client_get_customer_async, error);
}
