/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity.h: the sandbox playing Entra ID: authorize, token, device code, tokens. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean    auto_approve;     /* sign-ins approve themselves (tests) instead of a page */
  const char *client_id;        /* the only application id accepted; NULL: any */
  guint       token_lifetime;   /* seconds an issued access token stays valid */
  guint       device_interval;  /* seconds a device-code poller must wait between polls */
  const char *user;             /* "Name <user@domain>" of the account that signs in */
} PdSandboxIdentityOptions;

typedef enum
{
  PD_SANDBOX_PATH_API,          /* not ours: the Partner Center API (bearer token needed) */
  PD_SANDBOX_PATH_IDENTITY,     /* {tenant}/oauth2/v2.0/…, /devicelogin: no bearer token */
  PD_SANDBOX_PATH_TEST,         /* /sandbox/…: test controls, never faulted */
} PdSandboxPathKind;

typedef enum
{
  PD_SANDBOX_TOKEN_UNKNOWN,
  PD_SANDBOX_TOKEN_VALID,
  PD_SANDBOX_TOKEN_EXPIRED,
} PdSandboxTokenState;

#define PD_SANDBOX_DEFAULT_USER "Demo Admin <admin@contoso.onmicrosoft.com>"

#define PD_TYPE_SANDBOX_IDENTITY (pd_sandbox_identity_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxIdentity, pd_sandbox_identity, PD, SANDBOX_IDENTITY, GObject)

/* @options: (nullable): NULL for the defaults (no auto-approve, any client, 3600 s, 5 s). */
PdSandboxIdentity   *pd_sandbox_identity_new          (const PdSandboxIdentityOptions *options);
PdSandboxPathKind    pd_sandbox_identity_classify     (const char                     *path);
/* Answers a PD_SANDBOX_PATH_IDENTITY or PD_SANDBOX_PATH_TEST request. @base_url is the
 * sandbox's own ("http://127.0.0.1:PORT"), the authority; @language "en" or "ru" (pages). */
void                 pd_sandbox_identity_handle       (PdSandboxIdentity              *self,
                                                       SoupServerMessage              *msg,
                                                       const char                     *base_url,
                                                       const char                     *language);
PdSandboxTokenState  pd_sandbox_identity_check_token  (PdSandboxIdentity              *self,
                                                       const char                     *token);
/* Who signed in (@user: the userPrincipalName) for the access token @token, and through
 * which application: FALSE when the identity service did not issue @token. The strings
 * belong to @self. */
gboolean             pd_sandbox_identity_token_owner  (PdSandboxIdentity              *self,
                                                       const char                     *token,
                                                       const char                    **user,
                                                       const char                    **application_id);

G_END_DECLS
