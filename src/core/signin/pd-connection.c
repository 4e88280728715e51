/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-connection.c: which Partner Center to talk to and where to sign in for it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-connection"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-connection.h"
#include "pd-core-enums.h"

/* From the reference: the API hosts of both clouds (as PD_BASE_URL_* in pd-client.h). */
#define API_BASE_URL_GLOBAL "https://api.partnercenter.microsoft.com"
#define API_BASE_URL_CHINA  "https://partner.partnercenterapi.microsoftonline.cn"

struct _PdConnection
{
  GObject  parent_instance;

  PdCloud  cloud;
  char    *api_base_url;
  char    *authority;
  char    *scope;
  char    *client_id;
  char    *tenant;
  char    *title;      /* cached translation or host */
};

G_DEFINE_FINAL_TYPE (PdConnection, pd_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLOUD,
  PROP_API_BASE_URL,
  PROP_AUTHORITY,
  PROP_SCOPE,
  PROP_CLIENT_ID,
  PROP_TENANT,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  return g_strdup (g_uri_get_host (uri));
}

static char *
compute_title (PdConnection *self)
{
  switch (self->cloud)
    {
    case PD_CLOUD_GLOBAL:
      return g_strdup (_("Partner Center"));
    case PD_CLOUD_CHINA:
      return g_strdup (_("Partner Center operated by 21Vianet"));
    case PD_CLOUD_SANDBOX:
      /* Translators: the local demo server, named in the header bar. */
      return g_strdup (_("Sandbox"));
    case PD_CLOUD_CUSTOM:
    default:
      {
        char *host = host_of (self->api_base_url);

        return host != NULL ? host : g_strdup (_("Custom connection"));
      }
    }
}

static void
update_title (PdConnection *self)
{
  g_autofree char *title = compute_title (self);

  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Sets *@field to @value without trailing slashes (URLs) and notifies on change. */
static void
set_string (PdConnection *self,
            char        **field,
            const char   *value,
            gboolean      is_url,
            guint         prop_id)
{
  g_autofree char *normalized = NULL;

  if (value != NULL)
    {
      normalized = g_strstrip (g_strdup (value));
      if (is_url)
        {
          gsize len = strlen (normalized);

          while (len > 0 && normalized[len - 1] == '/')
            normalized[--len] = '\0';
        }
      if (*normalized == '\0')
        g_clear_pointer (&normalized, g_free);
    }

  if (g_strcmp0 (*field, normalized) == 0)
    return;

  g_free (*field);
  *field = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pd_connection_finalize (GObject *object)
{
  PdConnection *self = PD_CONNECTION (object);

  g_clear_pointer (&self->api_base_url, g_free);
  g_clear_pointer (&self->authority, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (pd_connection_parent_class)->finalize (object);
}

static void
pd_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdConnection *self = PD_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CLOUD:
      g_value_set_enum (value, pd_connection_get_cloud (self));
      break;
    case PROP_API_BASE_URL:
      g_value_set_string (value, pd_connection_get_api_base_url (self));
      break;
    case PROP_AUTHORITY:
      g_value_set_string (value, pd_connection_get_authority (self));
      break;
    case PROP_SCOPE:
      g_value_set_string (value, pd_connection_get_scope (self));
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, pd_connection_get_client_id (self));
      break;
    case PROP_TENANT:
      g_value_set_string (value, pd_connection_get_tenant (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, pd_connection_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_connection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdConnection *self = PD_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CLOUD:
      pd_connection_set_cloud (self, g_value_get_enum (value));
      break;
    case PROP_API_BASE_URL:
      pd_connection_set_api_base_url (self, g_value_get_string (value));
      break;
    case PROP_AUTHORITY:
      pd_connection_set_authority (self, g_value_get_string (value));
      break;
    case PROP_SCOPE:
      pd_connection_set_scope (self, g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      pd_connection_set_client_id (self, g_value_get_string (value));
      break;
    case PROP_TENANT:
      pd_connection_set_tenant (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_connection_class_init (PdConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_connection_finalize;
  object_class->get_property = pd_connection_get_property;
  object_class->set_property = pd_connection_set_property;

  properties[PROP_CLOUD] =
    g_param_spec_enum ("cloud", NULL, NULL, PD_TYPE_CLOUD, PD_CLOUD_GLOBAL, flags);
  properties[PROP_API_BASE_URL] =
    g_param_spec_string ("api-base-url", NULL, NULL, NULL, flags);
  properties[PROP_AUTHORITY] =
    g_param_spec_string ("authority", NULL, NULL, NULL, flags);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL, flags);
  properties[PROP_TENANT] =
    g_param_spec_string ("tenant", NULL, NULL, PD_DEFAULT_TENANT, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_connection_init (PdConnection *self)
{
  self->cloud = PD_CLOUD_GLOBAL;
  self->title = compute_title (self);
}

/**
 * pd_connection_new_for_cloud:
 * @cloud: the cloud
 *
 * Returns: (transfer full): a connection with @cloud's API host, authority and scope
 */
PdConnection *
pd_connection_new_for_cloud (PdCloud cloud)
{
  PdConnection *self = g_object_new (PD_TYPE_CONNECTION, "cloud", cloud, NULL);

  switch (cloud)
    {
    case PD_CLOUD_GLOBAL:
      pd_connection_set_api_base_url (self, API_BASE_URL_GLOBAL);
      pd_connection_set_authority (self, PD_AUTHORITY_GLOBAL);
      pd_connection_set_scope (self, PD_SCOPE_GLOBAL);
      break;
    case PD_CLOUD_CHINA:
      pd_connection_set_api_base_url (self, API_BASE_URL_CHINA);
      pd_connection_set_authority (self, PD_AUTHORITY_CHINA);
      pd_connection_set_scope (self, PD_SCOPE_CHINA);
      break;
    case PD_CLOUD_SANDBOX:
      /* The sandbox plays Entra with the global scope names. */
      pd_connection_set_scope (self, PD_SCOPE_GLOBAL);
      pd_connection_set_client_id (self, PD_SANDBOX_CLIENT_ID);
      break;
    case PD_CLOUD_CUSTOM:
    default:
      break;
    }

  return self;
}

/**
 * pd_connection_new_for_sandbox:
 * @base_url: the sandbox's base URL
 *
 * Returns: (transfer full): a sandbox connection signing in at the sandbox itself
 */
PdConnection *
pd_connection_new_for_sandbox (const char *base_url)
{
  PdConnection *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = pd_connection_new_for_cloud (PD_CLOUD_SANDBOX);
  pd_connection_set_api_base_url (self, base_url);
  pd_connection_set_authority (self, base_url);
  return self;
}

/**
 * pd_connection_copy:
 * @self: a #PdConnection
 *
 * Returns: (transfer full): a copy to edit (the connection window edits a copy)
 */
PdConnection *
pd_connection_copy (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return g_object_new (PD_TYPE_CONNECTION,
                       "cloud", self->cloud,
                       "api-base-url", self->api_base_url,
                       "authority", self->authority,
                       "scope", self->scope,
                       "client-id", self->client_id,
                       "tenant", self->tenant,
                       NULL);
}

PdCloud
pd_connection_get_cloud (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), PD_CLOUD_GLOBAL);

  return self->cloud;
}

void
pd_connection_set_cloud (PdConnection *self,
                         PdCloud       cloud)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  if (self->cloud == cloud)
    return;

  self->cloud = cloud;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOUD]);
  update_title (self);
}

const char *
pd_connection_get_api_base_url (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->api_base_url;
}

void
pd_connection_set_api_base_url (PdConnection *self,
                                 const char   *api_base_url)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  set_string (self, &self->api_base_url, api_base_url, TRUE, PROP_API_BASE_URL);
  update_title (self);
}

const char *
pd_connection_get_authority (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->authority;
}

void
pd_connection_set_authority (PdConnection *self,
                             const char   *authority)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  set_string (self, &self->authority, authority, TRUE, PROP_AUTHORITY);
}

const char *
pd_connection_get_scope (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->scope;
}

void
pd_connection_set_scope (PdConnection *self,
                         const char   *scope)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  set_string (self, &self->scope, scope, FALSE, PROP_SCOPE);
}

const char *
pd_connection_get_client_id (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->client_id;
}

void
pd_connection_set_client_id (PdConnection *self,
                             const char   *client_id)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  set_string (self, &self->client_id, client_id, FALSE, PROP_CLIENT_ID);
}

const char *
pd_connection_get_tenant (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->tenant != NULL ? self->tenant : PD_DEFAULT_TENANT;
}

void
pd_connection_set_tenant (PdConnection *self,
                          const char   *tenant)
{
  g_return_if_fail (PD_IS_CONNECTION (self));

  /* Unset and "organizations" mean the same: store one spelling so notify stays honest. */
  if (tenant != NULL && g_str_equal (tenant, PD_DEFAULT_TENANT))
    tenant = NULL;
  set_string (self, &self->tenant, tenant, FALSE, PROP_TENANT);
}

const char *
pd_connection_get_title (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);

  return self->title;
}

/**
 * pd_connection_url_is_safe:
 * @url: (nullable): an API base URL or a sign-in authority
 *
 * Sign-in codes and bearer tokens travel to these addresses, so they must be https; plain
 * http only for this computer (a local sandbox), where nothing crosses a network.
 *
 * Returns: whether @url is https with a host, or http to localhost, 127.0.0.1 or ::1
 */
gboolean
pd_connection_url_is_safe (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;

  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1");
}

gboolean
pd_connection_is_complete (PdConnection *self)
{
  g_return_val_if_fail (PD_IS_CONNECTION (self), FALSE);

  /* A connection that would send codes and tokens in clear text is not usable. */
  return pd_connection_url_is_safe (self->api_base_url) &&
         pd_connection_url_is_safe (self->authority) &&
         self->scope != NULL && self->client_id != NULL;
}

/**
 * pd_connection_dup_endpoint_url:
 * @self: a #PdConnection
 * @endpoint: "authorize", "token" or "devicecode"
 *
 * Returns: (transfer full) (nullable): the endpoint's URL, %NULL without an authority
 */
char *
pd_connection_dup_endpoint_url (PdConnection *self,
                                const char   *endpoint)
{
  g_autofree char *tenant = NULL;

  g_return_val_if_fail (PD_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  if (self->authority == NULL)
    return NULL;

  tenant = g_uri_escape_string (pd_connection_get_tenant (self), NULL, FALSE);
  return g_strdup_printf ("%s/%s/oauth2/v2.0/%s", self->authority, tenant, endpoint);
}
