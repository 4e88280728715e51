/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-util.h: helpers for tests that talk to a real sandbox server. */
#pragma once

#include <libsoup/soup.h>

#include "pd-core.h"
#include "pd-sandbox-process.h"

G_BEGIN_DECLS

/* Where a helper was called from: the helpers that assert take it (through the macros
 * below), so a failure names the test's line, not the helper's. */
#define PD_TEST_HERE __FILE__, __LINE__, G_STRFUNC

/* Starts a sandbox on a fresh temp database (under g_get_tmp_dir, removed on stop) with
 * --seed @seed plus extra args (NULL-terminated varargs); g_assert_no_error inside.
 * No G_GNUC_NULL_TERMINATED: with it GCC rejects the plain `(seed, NULL)` call, since
 * the NULL then falls on the named argument. */
PdSandboxProcess *pd_test_sandbox_start     (guint              seed,
                                             const char        *first_extra_arg,
                                             ...);
/* A list item: @id (also the tenant id), company name, domain and relationship. */
PdCustomer       *pd_test_customer_new      (const char        *id,
                                             const char        *name,
                                             const char        *domain,
                                             const char        *relationship);
/* Removes @path and the files in it (a sandbox's database with SQLite's -wal/-shm). */
void              pd_test_remove_dir        (const char        *path);
/* The median of @n values, sorted in place (the benchmarks' rounds). */
double            pd_test_median            (double            *values,
                                             guint              n);
/* A client on the sandbox with its token, set up as pd_test_client_new_for_url() does. */
PdClient         *pd_test_client_new        (PdSandboxProcess  *sandbox);
/* A client on @base_url with @provider, locale "en-US", and a fast retry policy (5 tries,
 * 10 ms base, 200 ms max) so fault tests run quickly. */
PdClient         *pd_test_client_new_for_url (const char       *base_url,
                                              PdTokenProvider  *provider);
/* Iterates the default main context until *result is set (for _async calls in tests). */
void              pd_test_wait_for_result   (GAsyncResult     **result);
/* Callback storing the result: pass &result as user_data. */
void              pd_test_store_result      (GObject           *source,
                                             GAsyncResult      *res,
                                             gpointer           user_data);

/* For a test's own wrappers of _finish calls: gives @error to the caller when
 * @caller_error is not NULL; otherwise fails the test at @file:@line, as
 * g_assert_no_error() and g_assert_true (@ok) would there. Returns @ok. */
gboolean          pd_test_check_result_at   (const char        *file,
                                             int                line,
                                             const char        *func,
                                             gboolean           ok,
                                             GError            *error,
                                             GError           **caller_error);

/* The client's calls, waited for. With @error NULL they assert success (at the caller's
 * line); otherwise the error is the caller's to check. */
#define pd_test_get_customer(client, id, error) \
  pd_test_get_customer_at (PD_TEST_HERE, client, id, error)
#define pd_test_get_billing(client, id, error) \
  pd_test_get_billing_at (PD_TEST_HERE, client, id, error)
#define pd_test_update_billing(client, id, profile, error) \
  pd_test_update_billing_at (PD_TEST_HERE, client, id, profile, error)
/* The id of the first customer whose company name is @name, found by a server search;
 * asserts the search succeeds and finds one (and that pages come on the main thread). */
#define pd_test_find_customer_id(client, name) \
  pd_test_find_customer_id_at (PD_TEST_HERE, client, name)

PdCustomer       *pd_test_get_customer_at   (const char        *file,
                                             int                line,
                                             const char        *func,
                                             PdClient          *client,
                                             const char        *id,
                                             GError           **error);
PdBillingProfile *pd_test_get_billing_at    (const char        *file,
                                             int                line,
                                             const char        *func,
                                             PdClient          *client,
                                             const char        *id,
                                             GError           **error);
PdBillingProfile *pd_test_update_billing_at (const char        *file,
                                             int                line,
                                             const char        *func,
                                             PdClient          *client,
                                             const char        *id,
                                             PdBillingProfile  *profile,
                                             GError           **error);
char             *pd_test_find_customer_id_at (const char      *file,
                                               int              line,
                                               const char      *func,
                                               PdClient        *client,
                                               const char      *name);

/* A SoupServer of the test's own on 127.0.0.1 (a free port), every path to @callback;
 * its address ("http://127.0.0.1:PORT") in @base_url. For servers that misbehave as the
 * sandbox never does. */
SoupServer       *pd_test_local_server_new  (SoupServerCallback  callback,
                                             gpointer            user_data,
                                             char              **base_url);
/* Answers @message with @status and the JSON text @json (copied). */
void              pd_test_respond_json      (SoupServerMessage  *message,
                                             guint               status,
                                             const char         *json);

/* A blocking POST of @form (taken; NULL for none) to the sandbox's @path with its admin
 * token, as the test controls (/sandbox/expire, /sandbox/revoke) want; returns the
 * status. The sandbox is another process, so blocking is fine. */
guint             pd_test_sandbox_post      (SoupSession        *session,
                                             PdSandboxProcess   *sandbox,
                                             const char         *path,
                                             char               *form);
/* Ends every sign-in on the sandbox as a revoked, then lapsed, session would: revokes its
 * refresh tokens and expires its access tokens (asserting both controls answer 200). */
void              pd_test_sandbox_end_sessions (SoupSession     *session,
                                                PdSandboxProcess *sandbox);
/* What a browser does with the sandbox's sign-in page: sends @authorize (not following
 * redirects), asserts the answer is a 302 to a loopback address, and returns that
 * address. */
char             *pd_test_authorize_redirect (SoupSession       *session,
                                              SoupMessage       *authorize);

G_END_DECLS
