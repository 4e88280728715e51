/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-issue.c: issuing tokens: access, refresh and (unsigned) id tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>

#include "pd-sandbox-identity-private.h"
#include "pd-sandbox-secret.h"

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

/* A stable GUID-shaped id from @seed, so the same user gets the same oid every run. */
static char *
guid_from (const char *seed)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", md5, md5 + 8, md5 + 12, md5 + 16, md5 + 20);
}

/* An unsigned JWT: the app reads the account from it for display only. */
static char *
make_id_token (PdSandboxIdentity *self,
               const char        *base_url,
               const char        *client_id,
               const char        *tenant)
{
  static const char header[] = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *header64 = NULL;
  g_autofree char *payload64 = NULL;
  g_autofree char *oid = guid_from (self->user_email);
  g_autofree char *tid = NULL;
  g_autofree char *iss = NULL;
  const char *domain = strchr (self->user_email, '@');
  gint64 now = g_get_real_time () / PD_SANDBOX_USEC;

  tid = tenant != NULL && g_uuid_string_is_valid (tenant) ? g_ascii_strdown (tenant, -1)
                                           : guid_from (domain != NULL ? domain + 1 : "sandbox");
  iss = g_strdup_printf ("%s/%s/v2.0", base_url, tid);
  json_object_set_string_member (claims, "aud", client_id);
  json_object_set_string_member (claims, "iss", iss);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "nbf", now);
  json_object_set_int_member (claims, "exp", now + self->token_lifetime);
  json_object_set_string_member (claims, "name", self->user_name);
  json_object_set_string_member (claims, "oid", oid);
  json_object_set_string_member (claims, "preferred_username", self->user_email);
  json_object_set_string_member (claims, "tid", tid);
  json_object_set_string_member (claims, "ver", "2.0");

  node = json_node_init_object (json_node_alloc (), claims);
  payload = json_to_string (node, FALSE);
  header64 = base64url ((const guchar *) header, strlen (header));
  payload64 = base64url ((const guchar *) payload, strlen (payload));

  /* The empty third part is the missing signature of an "alg":"none" token. */
  return g_strdup_printf ("%s.%s.", header64, payload64);
}

/* Forgets codes nobody can use any more, so a long demo does not grow without bound.
 * Expired access tokens stay a day: the API tells "expired" from "never issued" with them. */
void
pd_sandbox_identity_prune (PdSandboxIdentity *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((PdSandboxAuthCode *) value)->expires <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((PdSandboxDevice *) value)->expires + 3600 * PD_SANDBOX_USEC <= now)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((PdSandboxAccess *) value)->expires + 24 * 3600 * PD_SANDBOX_USEC <= now)
      g_hash_table_iter_remove (&iter);
}

/* Issues an access, a refresh and an id token, and answers with them. */
void
pd_sandbox_identity_respond_tokens (PdSandboxIdentity *self,
                                    SoupServerMessage *msg,
                                    const char        *base_url,
                                    const char        *client_id,
                                    const char        *scope,
                                    const char        *tenant)
{
  g_autoptr(JsonObject) object = json_object_new ();
  char *access_token = pd_sandbox_random_token ("sandbox-at-");
  char *refresh_token = pd_sandbox_random_token ("sandbox-rt-");
  g_autofree char *id_token = make_id_token (self, base_url, client_id, tenant);
  PdSandboxAccess *access = g_new0 (PdSandboxAccess, 1);
  PdSandboxGrant *grant = g_new0 (PdSandboxGrant, 1);

  pd_sandbox_identity_prune (self);
  access->expires = g_get_monotonic_time () + (gint64) self->token_lifetime * PD_SANDBOX_USEC;
  access->client_id = g_strdup (client_id);
  g_hash_table_insert (self->access_tokens, access_token, access);

  /* Refresh tokens are issued whatever the scope (Entra wants offline_access): a sandbox
   * that is lenient here keeps demos working with any scope. */
  grant->client_id = g_strdup (client_id);
  grant->scope = g_strdup (scope);
  grant->tenant = g_strdup (tenant);
  g_hash_table_insert (self->grants, refresh_token, grant);

  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_string_member (object, "scope", scope != NULL ? scope : "");
  json_object_set_int_member (object, "expires_in", self->token_lifetime);
  json_object_set_int_member (object, "ext_expires_in", self->token_lifetime);
  json_object_set_string_member (object, "access_token", access_token);
  json_object_set_string_member (object, "refresh_token", refresh_token);
  json_object_set_string_member (object, "id_token", id_token);
  pd_sandbox_oauth_respond_json (msg, SOUP_STATUS_OK, object);
}

gboolean
pd_sandbox_identity_client_known (PdSandboxIdentity *self,
                                  const char        *client_id)
{
  return self->client_id == NULL || g_strcmp0 (self->client_id, client_id) == 0;
}

gboolean
pd_sandbox_pkce_matches (const char *verifier,
                         const char *challenge)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *computed = NULL;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  computed = base64url (digest, len);

  return pd_sandbox_secret_equal (computed, challenge);
}
