/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-private.h: what the server's files share: the request, answers, handlers. */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-sandbox-server.h"

G_BEGIN_DECLS

#define PD_SANDBOX_JSON_TYPE "application/json; charset=utf-8"
/* A billing profile is about a kilobyte: a megabyte is plenty, and bounds what one request
 * can make the server hold. */
#define PD_SANDBOX_MAX_BODY_SIZE (1024 * 1024)

/* Error codes from the reference. */
#define PD_SANDBOX_CODE_NOT_FOUND        1000
#define PD_SANDBOX_CODE_BAD_FILTER       2000
#define PD_SANDBOX_CODE_ETAG_INVALID     2055
#define PD_SANDBOX_CODE_TENANT_NOT_FOUND 60003
#define PD_SANDBOX_CODE_TOKEN_MISSING    800001
#define PD_SANDBOX_CODE_INVALID_INPUT    800002
#define PD_SANDBOX_CODE_ACCESS_DENIED    400
#define PD_SANDBOX_CODE_TOKEN_EXPIRED    401

struct _PdSandboxServer
{
  GObject            parent_instance;

  SoupServer        *soup;
  PdSandboxStore    *store;
  PdSandboxIdentity *identity;
  char              *token;
  PdSandboxFaults    faults;
  GRand             *fault_rand;
  GRand             *etag_rand;
  GList             *delayed;      /* (element-type Delayed) answers waiting for --latency-ms */
  GList             *lingering;    /* (element-type Linger) refused connections being closed */
  gboolean           no_audit;     /* --no-audit: /v1/auditrecords is not there (21Vianet) */
  gint64             audit_ticks;  /* the last record's date: each new one comes later */
};

/* One request being answered. */
typedef struct
{
  PdSandboxServer   *self;
  SoupServerMessage *msg;
  gboolean           corrupt;      /* --corrupt-rate drew this one: a 200 goes out cut off */
} PdSandboxRequest;

/* ---- pd-sandbox-server-answer.c: answers in the service's format, request headers ---- */

/* Takes @body. */
void        pd_sandbox_respond                     (PdSandboxRequest  *req,
                                                    guint              status,
                                                    GString           *body);
void        pd_sandbox_respond_node                (PdSandboxRequest  *req,
                                                    guint              status,
                                                    JsonNode          *node);
/* The service's error body; @description is cut to the reference's length limit. */
void        pd_sandbox_respond_error               (PdSandboxRequest  *req,
                                                    guint              status,
                                                    int                code,
                                                    const char        *description);
void        pd_sandbox_respond_throttled           (PdSandboxRequest  *req);
void        pd_sandbox_respond_not_found           (PdSandboxRequest  *req);
void        pd_sandbox_respond_customer_not_found  (PdSandboxRequest  *req,
                                                    const char        *id);
void        pd_sandbox_respond_method_not_allowed  (PdSandboxRequest  *req,
                                                    const char        *allow);
void        pd_sandbox_respond_internal            (PdSandboxRequest  *req,
                                                    const GError      *error);
void        pd_sandbox_respond_too_large           (PdSandboxRequest  *req);
const char *pd_sandbox_request_header              (PdSandboxRequest  *req,
                                                    const char        *name);

/* ---- pd-sandbox-server-body.c: request bodies ---- */

/* Whether @data nests arrays and objects too deep for json-glib's recursive parser. */
gboolean    pd_sandbox_json_too_deep               (const char        *data,
                                                    gsize              len);
/* The request body as a camelCase JSON object. On failure it answers (400, or 413 for a
 * body over the limit) and returns NULL. Returns: (transfer full) (nullable). */
JsonNode   *pd_sandbox_parse_body                  (PdSandboxRequest  *req);
/* Stored JSON text as a tree. Returns: (transfer full) (nullable). */
JsonNode   *pd_sandbox_parse_text                  (const char        *text);

/* ---- the handlers of the API's resources ---- */

/* pd-sandbox-server-customers.c */
/* The query's page size (default and at most 500; 0 is the default); answers 400 and
 * returns FALSE when it is not a number. */
gboolean    pd_sandbox_read_page_size              (PdSandboxRequest  *req,
                                                    GHashTable        *query,
                                                    guint64           *size);
/* The customer @id, or NULL after answering 404 (or 500). Returns: (transfer full). */
PdSandboxCustomer *pd_sandbox_lookup_customer      (PdSandboxRequest  *req,
                                                    const char        *id);
void        pd_sandbox_handle_list_customers       (PdSandboxRequest  *req,
                                                    GHashTable        *query);
void        pd_sandbox_handle_get_customer         (PdSandboxRequest  *req,
                                                    const char        *id);
void        pd_sandbox_handle_get_company          (PdSandboxRequest  *req,
                                                    const char        *id);

/* pd-sandbox-server-billing.c */
void        pd_sandbox_handle_get_billing          (PdSandboxRequest  *req,
                                                    const char        *id);
void        pd_sandbox_handle_put_billing          (PdSandboxRequest  *req,
                                                    const char        *id);
/* The company profile's JSON with @company_name. Returns: (transfer full). */
char       *pd_sandbox_company_with_name           (PdSandboxCustomer *customer,
                                                    const char        *company_name);
/* The billing profile's JSON with @company_name, stamped with @etag as a write is.
 * Returns: (transfer full). */
char       *pd_sandbox_billing_with_name           (PdSandboxCustomer *customer,
                                                    const char        *company_name,
                                                    const char        *etag);

/* pd-sandbox-server-audit.c */
/* A record of @operation_type on customer @customer_id (now called @customer_name),
 * made now by whoever @req's bearer token stands for, with @req's correlation id; the
 * caller adds the values. Returns: (transfer full). */
PdSandboxAuditRecord *pd_sandbox_audit_record_new  (PdSandboxRequest  *req,
                                                    const char        *customer_id,
                                                    const char        *customer_name,
                                                    const char        *operation_type);
void        pd_sandbox_handle_list_audit_records   (PdSandboxRequest  *req,
                                                    GHashTable        *query);
/* POST /sandbox/rename-company (test control): customerId, companyName and optionally
 * userPrincipalName in a form. */
void        pd_sandbox_handle_rename_company       (PdSandboxRequest  *req);

/* pd-sandbox-server-validation.c */
void        pd_sandbox_handle_get_country_rules    (PdSandboxRequest  *req,
                                                    const char        *iso2);
void        pd_sandbox_handle_validate_address     (PdSandboxRequest  *req);

/* ---- pd-sandbox-server-linger.c: refusing a request before its body ---- */

/* Sends the answer already set on @msg and closes the connection, without reading the
 * body: libsoup 3.2 would read all of it first (into memory) and only then answer. */
void        pd_sandbox_server_answer_and_close     (PdSandboxServer   *self,
                                                    SoupServerMessage *msg);
/* Lets the connections being closed finish from the main loop, without the server. */
void        pd_sandbox_server_release_lingering    (PdSandboxServer   *self);

G_END_DECLS
