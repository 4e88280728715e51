/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-token.c: the token endpoint: code, refresh token and device code grants. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-identity-private.h"

#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
/* Timers fire a little early or late: a poll this much before the interval still counts. */
#define POLL_TOLERANCE_US (200 * 1000)

static void
token_authorization_code (PdSandboxIdentity *self,
                          SoupServerMessage *msg,
                          GHashTable        *form,
                          const char        *base_url)
{
  const char *code = pd_sandbox_form_require (msg, form, "code");
  const char *verifier = pd_sandbox_form_get (form, "code_verifier");
  const char *client_id = pd_sandbox_form_get (form, "client_id");
  g_autofree char *key = NULL;
  PdSandboxAuthCode *entry = NULL;

  if (code == NULL)
    return;

  /* A code is good for one redemption, right or wrong: take it out now. */
  if (!g_hash_table_steal_extended (self->codes, code, (gpointer *) &key, (gpointer *) &entry))
    {
      pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_BAD_GRANT,
                                              _("The provided authorization code is not valid or "
                                                "was already redeemed."));
      return;
    }
  if (g_get_monotonic_time () >= entry->expires)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_CODE_EXPIRED,
                                            _("The provided authorization code has expired."));
  else if (g_strcmp0 (client_id, entry->client_id) != 0)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_BAD_GRANT,
                                            _("The authorization code was issued to another "
                                              "application."));
  else if (g_strcmp0 (pd_sandbox_form_get (form, "redirect_uri"), entry->redirect_uri) != 0)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_REDIRECT_MISMATCH,
                                            _("The redirect URI does not match the one of the "
                                              "authorization request."));
  else if (verifier == NULL || !pd_sandbox_pkce_matches (verifier, entry->challenge))
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_PKCE_MISMATCH,
                                            _("The code_verifier does not match the "
                                              "code_challenge supplied in the authorization "
                                              "request."));
  else
    pd_sandbox_identity_respond_tokens (self, msg, base_url, entry->client_id, entry->scope,
                                        entry->tenant);

  pd_sandbox_auth_code_free (entry);
}

static void
token_refresh (PdSandboxIdentity *self,
               SoupServerMessage *msg,
               GHashTable        *form,
               const char        *base_url)
{
  const char *refresh_token = pd_sandbox_form_require (msg, form, "refresh_token");
  const char *client_id = pd_sandbox_form_get (form, "client_id");
  const char *scope = pd_sandbox_form_get (form, "scope");
  g_autofree char *key = NULL;
  PdSandboxGrant *grant = NULL;

  if (refresh_token == NULL)
    return;

  grant = g_hash_table_lookup (self->grants, refresh_token);
  if (grant == NULL)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_BAD_GRANT,
                                            _("The provided refresh token is not valid or was "
                                              "already used."));
  else if (grant->revoked)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_REFRESH_REVOKED,
                                            _("The refresh token has expired or was revoked. "
                                              "The user must sign in again."));
  else if (g_strcmp0 (client_id, grant->client_id) != 0)
    pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_BAD_GRANT,
                                            _("The refresh token was issued to another "
                                              "application."));
  else
    {
      /* Rotation: the used token is gone, the answer carries its successor. */
      g_hash_table_steal_extended (self->grants, refresh_token, (gpointer *) &key,
                                   (gpointer *) &grant);
      pd_sandbox_identity_respond_tokens (self, msg, base_url, grant->client_id,
                                          scope != NULL ? scope : grant->scope, grant->tenant);
      pd_sandbox_grant_free (grant);
    }
}

/* The device code @device_code, when it may be polled now. Otherwise NULL after answering
 * why not: unknown, expired, or polled sooner than the interval allows. */
static PdSandboxDevice *
poll_device (PdSandboxIdentity *self,
             SoupServerMessage *msg,
             const char        *device_code,
             const char        *client_id)
{
  PdSandboxDevice *device = g_hash_table_lookup (self->devices, device_code);
  gint64 now = g_get_monotonic_time ();
  gint64 interval = (gint64) self->device_interval * PD_SANDBOX_USEC;

  if (device == NULL || g_strcmp0 (client_id, device->client_id) != 0)
    {
      pd_sandbox_oauth_respond_invalid_grant (msg, AADSTS_BAD_GRANT,
                                              _("The provided device code is not valid."));
      return NULL;
    }
  if (now >= device->expires)
    {
      pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "expired_token",
                                      AADSTS_DEVICE_EXPIRED,
                                      _("The device code has expired: start the sign-in "
                                        "again."));
      return NULL;
    }
  if (device->last_poll != 0 && now - device->last_poll < interval - POLL_TOLERANCE_US)
    {
      device->last_poll = now;
      pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "slow_down", AADSTS_PENDING,
                                      _("The device code is polled faster than the interval "
                                        "allows: wait longer between polls."));
      return NULL;
    }
  device->last_poll = now;
  device->polls++;

  return device;
}

static void
token_device_code (PdSandboxIdentity *self,
                   SoupServerMessage *msg,
                   GHashTable        *form,
                   const char        *base_url)
{
  const char *device_code = pd_sandbox_form_require (msg, form, "device_code");
  g_autofree char *key = NULL;
  PdSandboxDevice *device;

  if (device_code == NULL)
    return;
  device = poll_device (self, msg, device_code, pd_sandbox_form_get (form, "client_id"));
  if (device == NULL)
    return;

  /* With --auto-approve the person "types the code" between the first and second poll. */
  if (self->auto_approve && device->state == PD_SANDBOX_DEVICE_PENDING && device->polls >= 2)
    device->state = PD_SANDBOX_DEVICE_APPROVED;

  switch (device->state)
    {
    case PD_SANDBOX_DEVICE_PENDING:
      pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "authorization_pending",
                                      AADSTS_PENDING,
                                      _("The user has not yet finished authenticating, but did "
                                        "not cancel the flow."));
      break;
    case PD_SANDBOX_DEVICE_DECLINED:
      g_hash_table_remove (self->devices, device_code);
      pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "access_denied",
                                      AADSTS_USER_DECLINED,
                                      _("The user has declined the sign-in."));
      break;
    case PD_SANDBOX_DEVICE_APPROVED:
      g_hash_table_steal_extended (self->devices, device_code, (gpointer *) &key,
                                   (gpointer *) &device);
      pd_sandbox_identity_respond_tokens (self, msg, base_url, device->client_id, device->scope,
                                          device->tenant);
      pd_sandbox_device_free (device);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
pd_sandbox_identity_token (PdSandboxIdentity *self,
                           SoupServerMessage *msg,
                           const char        *base_url)
{
  g_autoptr(GHashTable) form = pd_sandbox_form_from_body (msg);
  const char *grant_type;
  const char *client_id;

  if ((grant_type = pd_sandbox_form_require (msg, form, "grant_type")) == NULL
      || (client_id = pd_sandbox_form_require (msg, form, "client_id")) == NULL)
    return;

  if (!pd_sandbox_identity_client_known (self, client_id))
    pd_sandbox_oauth_respond_unknown_client (msg, client_id);
  else if (strcmp (grant_type, "authorization_code") == 0)
    token_authorization_code (self, msg, form, base_url);
  else if (strcmp (grant_type, "refresh_token") == 0)
    token_refresh (self, msg, form, base_url);
  else if (strcmp (grant_type, DEVICE_CODE_GRANT) == 0)
    token_device_code (self, msg, form, base_url);
  else
    pd_sandbox_oauth_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                                    AADSTS_UNSUPPORTED_GRANT,
                                    _("The provided grant_type is not supported."));
}
