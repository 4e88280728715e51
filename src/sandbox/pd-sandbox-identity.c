/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity.c: the sandbox playing Entra ID: authorize, token, device code, tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>

#include "pd-sandbox-identity-private.h"

G_DEFINE_FINAL_TYPE (PdSandboxIdentity, pd_sandbox_identity, G_TYPE_OBJECT)

void
pd_sandbox_auth_code_free (PdSandboxAuthCode *code)
{
  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->challenge);
  g_free (code->scope);
  g_free (code->tenant);
  g_free (code);
}

void
pd_sandbox_grant_free (PdSandboxGrant *grant)
{
  g_free (grant->client_id);
  g_free (grant->scope);
  g_free (grant->tenant);
  g_free (grant);
}

void
pd_sandbox_access_free (PdSandboxAccess *access)
{
  g_free (access->client_id);
  g_free (access);
}

void
pd_sandbox_device_free (PdSandboxDevice *device)
{
  g_free (device->user_code);
  g_free (device->client_id);
  g_free (device->scope);
  g_free (device->tenant);
  g_free (device);
}

PdSandboxPathKind
pd_sandbox_identity_classify (const char *path)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  g_return_val_if_fail (path != NULL, PD_SANDBOX_PATH_API);

  if (g_str_has_prefix (path, "/sandbox/"))
    return PD_SANDBOX_PATH_TEST;
  if (strcmp (path, "/devicelogin") == 0 || strcmp (path, "/devicelogin/") == 0)
    return PD_SANDBOX_PATH_IDENTITY;

  /* "/{tenant}/oauth2/v2.0/{endpoint}" */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n == 5 && *parts[0] == '\0' && *parts[1] != '\0' && strcmp (parts[2], "oauth2") == 0
      && strcmp (parts[3], "v2.0") == 0
      && (strcmp (parts[4], "authorize") == 0 || strcmp (parts[4], "token") == 0
          || strcmp (parts[4], "devicecode") == 0))
    return PD_SANDBOX_PATH_IDENTITY;

  return PD_SANDBOX_PATH_API;
}

void
pd_sandbox_identity_handle (PdSandboxIdentity *self,
                            SoupServerMessage *msg,
                            const char        *base_url,
                            const char        *language)
{
  const char *path;
  g_auto(GStrv) parts = NULL;

  g_return_if_fail (PD_IS_SANDBOX_IDENTITY (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (base_url != NULL);

  path = g_uri_get_path (soup_server_message_get_uri (msg));
  if (language == NULL)
    language = "en";

  switch (pd_sandbox_identity_classify (path))
    {
    case PD_SANDBOX_PATH_TEST:
      pd_sandbox_identity_test_control (self, msg, path + strlen ("/sandbox/"));
      return;
    case PD_SANDBOX_PATH_IDENTITY:
      break;
    case PD_SANDBOX_PATH_API:
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_str_has_prefix (path, "/devicelogin"))
    {
      pd_sandbox_identity_devicelogin (self, msg, language);
      return;
    }

  parts = g_strsplit (path, "/", -1);
  if (strcmp (parts[4], "authorize") == 0)
    pd_sandbox_identity_authorize (self, msg, parts[1], language);
  else if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    pd_sandbox_oauth_respond_not_allowed (msg, "POST");
  else if (strcmp (parts[4], "token") == 0)
    pd_sandbox_identity_token (self, msg, base_url);
  else
    pd_sandbox_identity_devicecode (self, msg, base_url, parts[1]);
}

PdSandboxTokenState
pd_sandbox_identity_check_token (PdSandboxIdentity *self,
                                 const char        *token)
{
  PdSandboxAccess *access;

  g_return_val_if_fail (PD_IS_SANDBOX_IDENTITY (self), PD_SANDBOX_TOKEN_UNKNOWN);

  if (token == NULL)
    return PD_SANDBOX_TOKEN_UNKNOWN;
  access = g_hash_table_lookup (self->access_tokens, token);
  if (access == NULL)
    return PD_SANDBOX_TOKEN_UNKNOWN;

  return g_get_monotonic_time () < access->expires ? PD_SANDBOX_TOKEN_VALID
                                                   : PD_SANDBOX_TOKEN_EXPIRED;
}

gboolean
pd_sandbox_identity_token_owner (PdSandboxIdentity  *self,
                                 const char         *token,
                                 const char        **user,
                                 const char        **application_id)
{
  PdSandboxAccess *access;

  g_return_val_if_fail (PD_IS_SANDBOX_IDENTITY (self), FALSE);

  access = token != NULL ? g_hash_table_lookup (self->access_tokens, token) : NULL;
  if (access == NULL)
    return FALSE;

  /* Every sign-in of this sandbox is the one account of --user. */
  *user = self->user_email;
  *application_id = access->client_id;
  return TRUE;
}

/* "Name <user@domain>" → name and address; a bare address names itself. */
static void
parse_user (const char  *user,
            char       **name,
            char       **email)
{
  const char *open = strchr (user, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL && close > open + 1)
    {
      g_autofree char *raw_name = g_strndup (user, open - user);

      *email = g_strstrip (g_strndup (open + 1, close - open - 1));
      *name = g_strdup (g_strstrip (raw_name));
      if (**name == '\0')
        {
          g_free (*name);
          *name = g_strdup (*email);
        }
    }
  else
    {
      *email = g_strstrip (g_strdup (user));
      *name = g_strdup (*email);
    }
}

static void
pd_sandbox_identity_finalize (GObject *object)
{
  PdSandboxIdentity *self = PD_SANDBOX_IDENTITY (object);

  g_free (self->client_id);
  g_free (self->user_name);
  g_free (self->user_email);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->grants, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->devices, g_hash_table_unref);

  G_OBJECT_CLASS (pd_sandbox_identity_parent_class)->finalize (object);
}

static void
pd_sandbox_identity_class_init (PdSandboxIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_sandbox_identity_finalize;
}

static void
pd_sandbox_identity_init (PdSandboxIdentity *self)
{
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) pd_sandbox_auth_code_free);
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) pd_sandbox_grant_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) pd_sandbox_access_free);
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) pd_sandbox_device_free);
}

PdSandboxIdentity *
pd_sandbox_identity_new (const PdSandboxIdentityOptions *options)
{
  PdSandboxIdentity *self = g_object_new (PD_TYPE_SANDBOX_IDENTITY, NULL);
  const char *user = options != NULL && options->user != NULL ? options->user
                                                               : PD_SANDBOX_DEFAULT_USER;

  self->auto_approve = options != NULL && options->auto_approve;
  self->client_id = options != NULL ? g_strdup (options->client_id) : NULL;
  self->token_lifetime = options != NULL && options->token_lifetime > 0
                         ? options->token_lifetime : 3600;
  self->device_interval = options != NULL && options->device_interval > 0
                          ? options->device_interval : 5;
  parse_user (user, &self->user_name, &self->user_email);

  return self;
}
