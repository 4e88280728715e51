/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server.h: the sandbox's HTTP server speaking the Partner Center customer API. */
#pragma once

#include <glib-object.h>

#include "pd-sandbox-identity.h"
#include "pd-sandbox-store.h"

G_BEGIN_DECLS

/* Fault injection: rates are probabilities (0..1) per request. */
typedef struct
{
  guint   latency_ms;
  double  fail_rate;
  double  throttle_rate;
  double  drop_rate;
  double  corrupt_rate;
  guint32 fault_seed;
} PdSandboxFaults;

#define PD_TYPE_SANDBOX_SERVER (pd_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxServer, pd_sandbox_server, PD, SANDBOX_SERVER, GObject)

/* @store must outlive the server. */
PdSandboxServer *pd_sandbox_server_new          (PdSandboxStore        *store,
                                                 const char            *token,
                                                 const PdSandboxFaults *faults);
/* Listens on 127.0.0.1:@port (0: any free port). */
gboolean         pd_sandbox_server_listen       (PdSandboxServer       *self,
                                                 guint                  port,
                                                 GError               **error);
/* Returns: (transfer full): "http://127.0.0.1:PORT", without a trailing slash. */
char            *pd_sandbox_server_get_base_url (PdSandboxServer       *self);
/* Replaces the identity service (one with default options is there from the start). */
void             pd_sandbox_server_set_identity (PdSandboxServer       *self,
                                                 PdSandboxIdentity     *identity);

/* Whether GET /v1/auditrecords is there (the default); the 21Vianet cloud has no activity
 * log API, and answers 404 as for any unknown path. */
void             pd_sandbox_server_set_audit_available (PdSandboxServer *self,
                                                        gboolean         available);

G_END_DECLS
