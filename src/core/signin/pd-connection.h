/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection.h: which Partner Center to talk to and where to sign in for it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PdCloud:
 * @PD_CLOUD_GLOBAL: Partner Center (global, login.microsoftonline.com)
 * @PD_CLOUD_CHINA: Partner Center operated by 21Vianet (login.chinacloudapi.cn)
 * @PD_CLOUD_SANDBOX: the local partner-desk-sandbox, which is its own identity service
 * @PD_CLOUD_CUSTOM: API base URL, authority and scope entered by the admin
 */
typedef enum
{
  PD_CLOUD_GLOBAL,
  PD_CLOUD_CHINA,
  PD_CLOUD_SANDBOX,
  PD_CLOUD_CUSTOM,
} PdCloud;

#define PD_AUTHORITY_GLOBAL  "https://login.microsoftonline.com"
#define PD_AUTHORITY_CHINA   "https://login.chinacloudapi.cn"
#define PD_SCOPE_GLOBAL      "https://api.partnercenter.microsoft.com/user_impersonation " \
                             "offline_access openid profile"
#define PD_SCOPE_CHINA       "https://partner.partnercenterapi.microsoftonline.cn/" \
                             "user_impersonation offline_access openid profile"
#define PD_DEFAULT_TENANT    "organizations"
/* The sandbox accepts any client ID (unless started with --client-id); this one only names
 * the demo. No real app registration's ID is built in. */
#define PD_SANDBOX_CLIENT_ID "partner-desk-sandbox-demo"

#define PD_TYPE_CONNECTION (pd_connection_get_type ())

G_DECLARE_FINAL_TYPE (PdConnection, pd_connection, PD, CONNECTION, GObject)

/* Fills api-base-url, authority and scope for @cloud (empty for SANDBOX and CUSTOM);
 * tenant "organizations"; client-id empty. */
PdConnection *pd_connection_new_for_cloud       (PdCloud       cloud);
/* A SANDBOX connection whose API and authority are @base_url (as the sandbox printed it),
 * with PD_SANDBOX_CLIENT_ID. */
PdConnection *pd_connection_new_for_sandbox     (const char   *base_url);
PdConnection *pd_connection_copy                (PdConnection *self);

PdCloud       pd_connection_get_cloud           (PdConnection *self);
void          pd_connection_set_cloud           (PdConnection *self,
                                                 PdCloud       cloud);
const char   *pd_connection_get_api_base_url    (PdConnection *self);
void          pd_connection_set_api_base_url    (PdConnection *self,
                                                 const char   *api_base_url);
/* The sign-in authority, e.g. "https://login.microsoftonline.com" (no tenant). */
const char   *pd_connection_get_authority       (PdConnection *self);
void          pd_connection_set_authority       (PdConnection *self,
                                                 const char   *authority);
/* Space-separated scopes. */
const char   *pd_connection_get_scope           (PdConnection *self);
void          pd_connection_set_scope           (PdConnection *self,
                                                 const char   *scope);
/* The application (client) ID of the admin's own app registration. */
const char   *pd_connection_get_client_id       (PdConnection *self);
void          pd_connection_set_client_id       (PdConnection *self,
                                                 const char   *client_id);
/* "organizations" when unset or empty. */
const char   *pd_connection_get_tenant          (PdConnection *self);
void          pd_connection_set_tenant          (PdConnection *self,
                                                 const char   *tenant);
/* Translated display name: "Partner Center", "Partner Center operated by 21Vianet",
 * "Sandbox", or the API host of a custom connection. */
const char   *pd_connection_get_title           (PdConnection *self);

/* TRUE when API base URL, authority, scope and client ID are all set. */
gboolean      pd_connection_is_complete         (PdConnection *self);
/* https anywhere, plain http only to localhost, 127.0.0.1 or ::1. */
gboolean      pd_connection_url_is_safe         (const char   *url);
/* {authority}/{tenant}/oauth2/v2.0/{endpoint} ("authorize", "token", "devicecode"). */
char         *pd_connection_dup_endpoint_url    (PdConnection *self,
                                                 const char   *endpoint);

G_END_DECLS
