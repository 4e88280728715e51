/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-private.h: what the identity service's endpoints share. */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-sandbox-identity.h"

G_BEGIN_DECLS

#define PD_SANDBOX_USEC G_GINT64_CONSTANT (1000000)

/* AADSTS codes as Entra ID sends them; the app maps them to its own translated sentences. */
#define AADSTS_MISSING_PARAMETER  900144
#define AADSTS_APP_NOT_FOUND      700016
#define AADSTS_MFA_REQUIRED       50076
#define AADSTS_CONSENT_REQUIRED   65001
#define AADSTS_USER_DECLINED      65004
#define AADSTS_LOGIN_REQUIRED     50058
#define AADSTS_PKCE_REQUIRED      9002325
#define AADSTS_PKCE_MISMATCH      501481
#define AADSTS_BAD_GRANT          70000
#define AADSTS_CODE_EXPIRED       70008
#define AADSTS_PENDING            70016
#define AADSTS_DEVICE_EXPIRED     70019
#define AADSTS_REFRESH_REVOKED    700082
#define AADSTS_REDIRECT_MISMATCH  50011
#define AADSTS_UNSUPPORTED_GRANT  70003
#define AADSTS_BAD_RESPONSE_TYPE  700054

/* An authorization code waiting to be redeemed at the token endpoint. */
typedef struct
{
  char   *client_id;
  char   *redirect_uri;
  char   *challenge;
  char   *scope;
  char   *tenant;
  gint64  expires;          /* monotonic µs */
} PdSandboxAuthCode;

/* What a refresh token stands for. */
typedef struct
{
  char     *client_id;
  char     *scope;
  char     *tenant;
  gboolean  revoked;
} PdSandboxGrant;

typedef enum
{
  PD_SANDBOX_DEVICE_PENDING,
  PD_SANDBOX_DEVICE_APPROVED,
  PD_SANDBOX_DEVICE_DECLINED,
} PdSandboxDeviceState;

/* An access token issued: until when it opens the API, and for which application (the
 * activity log's applicationId). */
typedef struct
{
  gint64  expires;          /* monotonic µs; kept after it passes */
  char   *client_id;
} PdSandboxAccess;

/* A device-code sign-in: the app polls with the device code, the person types the user code. */
typedef struct
{
  char                 *user_code;
  char                 *client_id;
  char                 *scope;
  char                 *tenant;
  gint64                expires;     /* monotonic µs */
  gint64                last_poll;   /* monotonic µs; 0 before the first poll */
  guint                 polls;       /* polls answered, slow_down excluded */
  PdSandboxDeviceState  state;
} PdSandboxDevice;

struct _PdSandboxIdentity
{
  GObject     parent_instance;

  gboolean    auto_approve;
  char       *client_id;
  guint       token_lifetime;
  guint       device_interval;
  char       *user_name;
  char       *user_email;

  GHashTable *codes;          /* code → PdSandboxAuthCode */
  GHashTable *grants;         /* refresh token → PdSandboxGrant */
  GHashTable *access_tokens;  /* access token → PdSandboxAccess, kept expired */
  GHashTable *devices;        /* device code → PdSandboxDevice */
};

void        pd_sandbox_auth_code_free               (PdSandboxAuthCode *code);
void        pd_sandbox_grant_free                   (PdSandboxGrant    *grant);
void        pd_sandbox_device_free                  (PdSandboxDevice   *device);
void        pd_sandbox_access_free                  (PdSandboxAccess   *access);

/* ---- pd-sandbox-identity-answer.c: forms in, OAuth answers out ---- */

/* Returns: (transfer full): the form in the request body, or in the query. */
GHashTable *pd_sandbox_form_from_body               (SoupServerMessage *msg);
GHashTable *pd_sandbox_form_from_query              (SoupServerMessage *msg);
/* The form field @name, NULL when absent or empty. */
const char *pd_sandbox_form_get                     (GHashTable        *form,
                                                     const char        *name);
/* The form field @name, or NULL after answering that the request lacks it. */
const char *pd_sandbox_form_require                 (SoupServerMessage *msg,
                                                     GHashTable        *form,
                                                     const char        *name);
/* Answers @object (taking no reference), as no-store. */
void        pd_sandbox_oauth_respond_json           (SoupServerMessage *msg,
                                                     guint              status,
                                                     JsonObject        *object);
/* "AADSTS@aadsts: @description", made valid UTF-8. Returns: (transfer full). */
char       *pd_sandbox_oauth_error_text             (guint              aadsts,
                                                     const char        *description);
/* Returns: (transfer full): the translated sentence for an application id not known. */
char       *pd_sandbox_oauth_unknown_client_text    (const char        *client_id);
void        pd_sandbox_oauth_respond_error          (SoupServerMessage *msg,
                                                     guint              status,
                                                     const char        *error,
                                                     guint              aadsts,
                                                     const char        *description);
void        pd_sandbox_oauth_respond_invalid_grant  (SoupServerMessage *msg,
                                                     guint              aadsts,
                                                     const char        *description);
void        pd_sandbox_oauth_respond_unknown_client (SoupServerMessage *msg,
                                                     const char        *client_id);
/* 405 with an Allow header and no body, as Entra's endpoints answer. */
void        pd_sandbox_oauth_respond_not_allowed    (SoupServerMessage *msg,
                                                     const char        *allow);

/* ---- pd-sandbox-identity-page.c: the pages people see in the browser ---- */

/* Returns: (transfer full): the page's head and title, for the functions below. */
GString    *pd_sandbox_page_begin                   (const char        *language,
                                                     const char        *title);
/* @css_class: (nullable) */
void        pd_sandbox_page_paragraph               (GString           *page,
                                                     const char        *css_class,
                                                     const char        *text);
void        pd_sandbox_page_term                    (GString           *page,
                                                     const char        *term,
                                                     const char        *value);
/* Nothing when @value is NULL. */
void        pd_sandbox_page_hidden                  (GString           *page,
                                                     const char        *name,
                                                     const char        *value);
void        pd_sandbox_page_buttons                 (GString           *page);
/* The note that says no password is asked and nothing leaves the computer. */
void        pd_sandbox_page_demo_note               (GString           *page);
/* Ends @page and answers with it; takes @page. */
void        pd_sandbox_page_respond                 (SoupServerMessage *msg,
                                                     guint              status,
                                                     GString           *page,
                                                     const char        *language);
void        pd_sandbox_page_respond_bad_request     (SoupServerMessage *msg,
                                                     const char        *language,
                                                     const char        *text);

/* ---- pd-sandbox-identity-issue.c: issuing tokens ---- */

gboolean    pd_sandbox_identity_client_known        (PdSandboxIdentity *self,
                                                     const char        *client_id);
/* Whether @verifier hashes (S256) to @challenge. */
gboolean    pd_sandbox_pkce_matches                 (const char        *verifier,
                                                     const char        *challenge);
/* Forgets codes nobody can use any more. */
void        pd_sandbox_identity_prune               (PdSandboxIdentity *self);
/* Issues an access, a refresh and an id token, and answers with them. */
void        pd_sandbox_identity_respond_tokens      (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *base_url,
                                                     const char        *client_id,
                                                     const char        *scope,
                                                     const char        *tenant);

/* ---- the endpoints ---- */

/* pd-sandbox-identity-authorize.c: {tenant}/oauth2/v2.0/authorize */
void        pd_sandbox_identity_authorize           (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *tenant,
                                                     const char        *language);
/* pd-sandbox-identity-token.c: {tenant}/oauth2/v2.0/token */
void        pd_sandbox_identity_token               (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *base_url);
/* pd-sandbox-identity-device.c: {tenant}/oauth2/v2.0/devicecode and /devicelogin */
void        pd_sandbox_identity_devicecode          (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *base_url,
                                                     const char        *tenant);
void        pd_sandbox_identity_devicelogin         (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *language);
/* pd-sandbox-identity-controls.c: /sandbox/{what} */
void        pd_sandbox_identity_test_control        (PdSandboxIdentity *self,
                                                     SoupServerMessage *msg,
                                                     const char        *what);

G_END_DECLS
