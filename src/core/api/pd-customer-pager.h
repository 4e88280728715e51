/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-pager.h: customer listing and search, page by page (internal to the core). */

#pragma once

#include <json-glib/json-glib.h>

#include "pd-client.h"

G_BEGIN_DECLS

/* Starts a listing of @url (transfer full), asked with `size=@page_size`, on @self's task
 * context; finish with pd_customer_pager_finish() and the same @source_tag. A listing whose
 * next links repeat, or run far past `totalCount`, ends in PD_API_ERROR_PROTOCOL. */
void     pd_customer_pager_start  (PdClient            *self,
                                   char                *url,
                                   guint                page_size,
                                   gpointer             source_tag,
                                   PdCustomerPageFunc   page_func,
                                   gpointer             page_data,
                                   GDestroyNotify       page_data_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* Builds one item of a page of another collection; NULL with @error when it is not one. */
typedef gpointer (*PdPagerItemFromJson) (JsonObject  *object,
                                         GError     **error);
/* The same paging (and its limits) for a collection of other items: @item_from_json
 * builds each one (on a worker thread); NULL pages customers. */
void     pd_pager_start_items      (PdClient            *self,
                                    char                *url,
                                    guint                page_size,
                                    gpointer             source_tag,
                                    PdPagerItemFromJson  item_from_json,
                                    PdCustomerPageFunc   page_func,
                                    gpointer             page_data,
                                    GDestroyNotify       page_data_destroy,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean pd_customer_pager_finish (PdClient            *self,
                                   GAsyncResult        *result,
                                   gpointer             source_tag,
                                   guint               *n_customers,
                                   GError             **error);

G_END_DECLS
