/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client.h: the Partner Center REST API client (one SoupSession, async only). */
#pragma once

#include <gio/gio.h>

#include "pd-address.h"
#include "pd-address-validation.h"
#include "pd-audit-record.h"
#include "pd-billing-profile.h"
#include "pd-company-profile.h"
#include "pd-country-rules.h"
#include "pd-customer.h"
#include "pd-token-provider.h"

G_BEGIN_DECLS

#define PD_BASE_URL_GLOBAL   "https://api.partnercenter.microsoft.com"
#define PD_BASE_URL_21VIANET "https://partner.partnercenterapi.microsoftonline.cn"

/* The page size the service returns without `size`, and its practical maximum. */
#define PD_CLIENT_MAX_PAGE_SIZE 500

typedef enum
{
  PD_SEARCH_FIELD_COMPANY_NAME,
  PD_SEARCH_FIELD_DOMAIN,
} PdSearchField;

/**
 * PdCustomerPageFunc:
 * @customers: (element-type PdCustomer) (transfer none): the page's customers
 * @total_count: the collection's `totalCount` (0 when the server did not say)
 * @user_data: the page data
 *
 * Called on the main context, once per page, as each page arrives.
 */
typedef void (*PdCustomerPageFunc) (GPtrArray *customers,
                                    guint      total_count,
                                    gpointer   user_data);

/**
 * PdAuditPageFunc:
 * @records: (element-type PdAuditRecord) (transfer none): a page's records
 * @user_data: the page data
 *
 * Called on the main context with each page of audit records as it arrives.
 */
typedef void (*PdAuditPageFunc) (GPtrArray *records,
                                 gpointer   user_data);

#define PD_TYPE_CLIENT (pd_client_get_type ())

G_DECLARE_FINAL_TYPE (PdClient, pd_client, PD, CLIENT, GObject)

/* @base_url: PD_BASE_URL_GLOBAL, PD_BASE_URL_21VIANET or any http(s) URL (a sandbox);
 * without the /v1 suffix. */
PdClient            *pd_client_new                         (const char           *base_url,
                                                            PdTokenProvider      *token_provider);
const char          *pd_client_get_base_url                (PdClient             *self);
PdTokenProvider     *pd_client_get_token_provider          (PdClient             *self);
/* X-Locale; defaults to the UI language (e.g. "ru-RU"), "en-US" for C/POSIX. */
const char          *pd_client_get_locale                  (PdClient             *self);
void                 pd_client_set_locale                  (PdClient             *self,
                                                            const char           *locale);
/* The connection's name for people ("Partner Center", a custom server's host), given to
 * the client's errors for their messages (nullable: then they say "Partner Center"). */
const char          *pd_client_get_service_name            (PdClient             *self);
void                 pd_client_set_service_name            (PdClient             *self,
                                                            const char           *name);
/* Retry policy for GETs (and safe PUT retries): up to @max_attempts tries, the delay
 * starting at @base_delay_ms and doubling up to @max_delay_ms; Retry-After wins. */
void                 pd_client_set_retry_policy            (PdClient             *self,
                                                            guint                 max_attempts,
                                                            guint                 base_delay_ms,
                                                            guint                 max_delay_ms);
/* TRUE while a request is sent again because the server stopped answering it ("slow"). */
gboolean             pd_client_get_slow                    (PdClient             *self);

/* All customers, page by page (following links.next). Finish gives the number delivered. */
void                 pd_client_list_customers_async        (PdClient             *self,
                                                            guint                 page_size,
                                                            PdCustomerPageFunc    page_func,
                                                            gpointer              page_data,
                                                            GDestroyNotify        page_data_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             pd_client_list_customers_finish       (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_customers,
                                                            GError              **error);

/* All customers, faster than one page after another when that can be done exactly: the
 * first page of the whole list, then (for a list of many pages) one listing per first
 * character of the domain, up to PD_CLIENT_DEFAULT_MAX_STREAMS at once, their pages
 * delivered as they come, in NO set order, each customer once; checked against the
 * list's totalCount, and read again one page after another from the start when anything
 * does not add up (then customers already delivered come again). @page_func's
 * total_count is the whole list's. Finish gives the number of distinct customers of the
 * listing that completed. */
#define PD_CLIENT_DEFAULT_MAX_STREAMS 12
void                 pd_client_list_all_customers_async    (PdClient             *self,
                                                            guint                 page_size,
                                                            PdCustomerPageFunc    page_func,
                                                            gpointer              page_data,
                                                            GDestroyNotify        page_data_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             pd_client_list_all_customers_finish   (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_customers,
                                                            GError              **error);
/* How many domain listings ran at once at most when the list was read in parallel and
 * that listing completed; 0 when it was read one page after another (small list, or a
 * fall-back). Callable on @result in the callback, before or after _finish. */
guint                pd_client_list_all_customers_get_streams (PdClient          *self,
                                                               GAsyncResult      *result);

/* Server-side search (`starts_with`, case ignored) on one field, paged like the list. */
void                 pd_client_search_customers_async      (PdClient             *self,
                                                            PdSearchField         field,
                                                            const char           *prefix,
                                                            guint                 page_size,
                                                            PdCustomerPageFunc    page_func,
                                                            gpointer              page_data,
                                                            GDestroyNotify        page_data_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             pd_client_search_customers_finish     (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_customers,
                                                            GError              **error);

/* One customer with both profiles (the billing profile's etag included). */
void                 pd_client_get_customer_async          (PdClient             *self,
                                                            const char           *customer_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PdCustomer          *pd_client_get_customer_finish         (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void                 pd_client_get_billing_profile_async   (PdClient             *self,
                                                            const char           *customer_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PdBillingProfile    *pd_client_get_billing_profile_finish  (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* PUT of the full @profile with If-Match: its etag (the one the caller read).
 * Finish returns the server's answer, with the new etag. */
void                 pd_client_update_billing_profile_async  (PdClient           *self,
                                                              const char         *customer_id,
                                                              PdBillingProfile   *profile,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
PdBillingProfile    *pd_client_update_billing_profile_finish (PdClient           *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

void                 pd_client_get_company_profile_async   (PdClient             *self,
                                                            const char           *customer_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PdCompanyProfile    *pd_client_get_company_profile_finish  (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* The request ids of an update's last PUT, for the local journal: callable on @result
 * (in the callback, before or after _finish). Either may be NULL when no PUT went out. */
void                 pd_client_update_billing_profile_get_ids (PdClient          *self,
                                                              GAsyncResult       *result,
                                                              const char        **request_id,
                                                              const char        **correlation_id);

/* A customer's audit records of the last 90 days before @now (NULL: now): three 30-day
 * windows read in parallel, each paged; pages arrive as they come, in no set order. */
void                 pd_client_list_audit_records_async    (PdClient             *self,
                                                            const char           *customer_id,
                                                            GDateTime            *now,
                                                            PdAuditPageFunc       page_func,
                                                            gpointer              page_data,
                                                            GDestroyNotify        page_data_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             pd_client_list_audit_records_finish   (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_records,
                                                            GError              **error);

/* Cached per country for the client's lifetime. */
void                 pd_client_get_country_rules_async     (PdClient             *self,
                                                            const char           *iso2_code,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PdCountryRules      *pd_client_get_country_rules_finish    (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void                 pd_client_validate_address_async      (PdClient             *self,
                                                            PdAddress            *address,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PdAddressValidation *pd_client_validate_address_finish     (PdClient             *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
