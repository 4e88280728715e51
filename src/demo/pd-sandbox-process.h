/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-process.h: start partner-desk-sandbox as a child and learn its URL and token. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_SANDBOX_PROCESS (pd_sandbox_process_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxProcess, pd_sandbox_process, PD, SANDBOX_PROCESS, GObject)

/* The executable: $PARTNER_DESK_SANDBOX when set (build tree, tests), else
 * LIBEXECDIR/partner-desk-sandbox. */
char             *pd_sandbox_process_find_executable (void);

/* Spawns the sandbox on a free loopback port with @argv_extra (e.g. "--database", path,
 * "--seed", "300"; NULL-terminated, nullable) and waits for its first lines. */
void              pd_sandbox_process_start_async     (const char * const   *argv_extra,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
PdSandboxProcess *pd_sandbox_process_start_finish    (GAsyncResult         *result,
                                                      GError              **error);
/* Blocking variant for tests and the benchmark. */
PdSandboxProcess *pd_sandbox_process_start_sync      (const char * const   *argv_extra,
                                                      GError              **error);

const char       *pd_sandbox_process_get_base_url    (PdSandboxProcess     *self);
const char       *pd_sandbox_process_get_token       (PdSandboxProcess     *self);
/* The child's process id as text (for /proc, in the benchmarks); NULL once it ended. */
const char       *pd_sandbox_process_get_identifier  (PdSandboxProcess     *self);
/* Terminates the child (also done on finalize). */
void              pd_sandbox_process_stop            (PdSandboxProcess     *self);

G_END_DECLS
