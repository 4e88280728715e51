/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-controls.c: test controls: revoke refresh tokens, expire access tokens. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>

#include "pd-sandbox-identity-private.h"

static gboolean
from_loopback (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return address != NULL && G_IS_INET_SOCKET_ADDRESS (address)
         && g_inet_address_get_is_loopback (
              g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Changes one value of a table; returns whether it did (it may have been done already). */
typedef gboolean (*ChangeFunc) (gpointer value,
                                gint64   now);

static gboolean
revoke_grant (gpointer value,
              gint64   now)
{
  PdSandboxGrant *grant = value;

  if (grant->revoked)
    return FALSE;
  grant->revoked = TRUE;
  return TRUE;
}

static gboolean
expire_access_token (gpointer value,
                     gint64   now)
{
  PdSandboxAccess *access = value;

  if (access->expires <= now)
    return FALSE;
  access->expires = now;
  return TRUE;
}

static gboolean
expire_device (gpointer value,
               gint64   now)
{
  PdSandboxDevice *device = value;

  if (device->expires <= now)
    return FALSE;
  device->expires = now;
  return TRUE;
}

/* Returns: how many of @table's values @change changed. */
static guint
change_all (GHashTable *table,
            ChangeFunc  change,
            gint64      now)
{
  GHashTableIter iter;
  gpointer value;
  guint count = 0;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (change (value, now))
      count++;

  return count;
}

void
pd_sandbox_identity_test_control (PdSandboxIdentity *self,
                                  SoupServerMessage *msg,
                                  const char        *what)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gint64 now = g_get_monotonic_time ();

  if (!from_loopback (msg))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    {
      pd_sandbox_oauth_respond_not_allowed (msg, "POST");
      return;
    }

  if (strcmp (what, "revoke") == 0)
    json_object_set_int_member (object, "revokedRefreshTokens",
                                change_all (self->grants, revoke_grant, now));
  else if (strcmp (what, "expire") == 0)
    {
      /* Access tokens stay known, so the API can tell "expired" from "never issued";
       * waiting device codes expire too, for the device flow's expiry path. */
      json_object_set_int_member (object, "expiredAccessTokens",
                                  change_all (self->access_tokens, expire_access_token, now));
      json_object_set_int_member (object, "expiredDeviceCodes",
                                  change_all (self->devices, expire_device, now));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  pd_sandbox_oauth_respond_json (msg, SOUP_STATUS_OK, object);
}
