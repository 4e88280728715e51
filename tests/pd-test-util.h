/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-util.h: helpers for tests that talk to a real sandbox server. */
#pragma once

#include "pd-core.h"
#include "pd-sandbox-process.h"

G_BEGIN_DECLS

/* Starts a sandbox on a fresh temp database (under g_get_tmp_dir, removed on stop) with
 * --seed @seed plus extra args (NULL-terminated varargs); g_assert_no_error inside.
 * No G_GNUC_NULL_TERMINATED: with it GCC rejects the plain `(seed, NULL)` call, since
 * the NULL then falls on the named argument. */
PdSandboxProcess *pd_test_sandbox_start     (guint              seed,
                                             const char        *first_extra_arg,
                                             ...);
/* A client on the sandbox with its token, locale "en-US", and a fast retry policy (5 tries,
 * 10 ms base, 200 ms max) so fault tests run quickly. */
PdClient         *pd_test_client_new        (PdSandboxProcess  *sandbox);
/* Iterates the default main context until *result is set (for _async calls in tests). */
void              pd_test_wait_for_result   (GAsyncResult     **result);
/* Callback storing the result: pass &result as user_data. */
void              pd_test_store_result      (GObject           *source,
                                             GAsyncResult      *res,
                                             gpointer           user_data);

G_END_DECLS
