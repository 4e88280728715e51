/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-offline-retry.c: when an offline page tries again by itself. */

#include "config.h"

#include "pd-offline-retry.h"

/* A network that just came back often needs a moment (addresses, DNS) before it works. */
#define NETWORK_SETTLE_MS 1000

struct _PdOfflineRetry
{
  GObject          parent_instance;

  guint            interval_ms;
  guint            timeout_id;
  guint            settle_id;
  GNetworkMonitor *monitor;
  gulong           network_changed_id;
};

G_DEFINE_FINAL_TYPE (PdOfflineRetry, pd_offline_retry, G_TYPE_OBJECT)

enum {
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
interval_cb (gpointer user_data)
{
  PdOfflineRetry *self = user_data;

  g_signal_emit (self, signals[RETRY], 0);
  return G_SOURCE_CONTINUE;
}

static void
settled_cb (gpointer user_data)
{
  PdOfflineRetry *self = user_data;

  self->settle_id = 0;
  g_signal_emit (self, signals[RETRY], 0);
}

static void
network_changed_cb (PdOfflineRetry *self,
                    gboolean        available)
{
  if (!available || self->timeout_id == 0)
    return;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add_once (NETWORK_SETTLE_MS, settled_cb, self);
}

static void
pd_offline_retry_dispose (GObject *object)
{
  PdOfflineRetry *self = PD_OFFLINE_RETRY (object);

  pd_offline_retry_stop (self);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  self->monitor = NULL;

  G_OBJECT_CLASS (pd_offline_retry_parent_class)->dispose (object);
}

static void
pd_offline_retry_class_init (PdOfflineRetryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_offline_retry_dispose;

  /**
   * PdOfflineRetry::retry:
   *
   * Time to try reaching the service again.
   */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_offline_retry_init (PdOfflineRetry *self)
{
}

PdOfflineRetry *
pd_offline_retry_new (guint interval_ms)
{
  PdOfflineRetry *self = g_object_new (PD_TYPE_OFFLINE_RETRY, NULL);
  const char *override = g_getenv ("PARTNER_DESK_OFFLINE_RETRY_MS");

  /* Tests do not wait half a minute (HACKING.md). */
  if (override != NULL && g_ascii_strtoull (override, NULL, 10) > 0)
    interval_ms = (guint) MIN (g_ascii_strtoull (override, NULL, 10), G_MAXUINT);
  self->interval_ms = MAX (interval_ms, 100);
  /* The default monitor is a singleton that lives as long as the process. */
  self->monitor = g_network_monitor_get_default ();
  self->network_changed_id = g_signal_connect_object (self->monitor, "network-changed",
                                                      G_CALLBACK (network_changed_cb), self,
                                                      G_CONNECT_SWAPPED);
  return self;
}

void
pd_offline_retry_start (PdOfflineRetry *self)
{
  g_return_if_fail (PD_IS_OFFLINE_RETRY (self));

  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (self->interval_ms, interval_cb, self);
}

void
pd_offline_retry_stop (PdOfflineRetry *self)
{
  g_return_if_fail (PD_IS_OFFLINE_RETRY (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
}

gboolean
pd_offline_retry_get_active (PdOfflineRetry *self)
{
  g_return_val_if_fail (PD_IS_OFFLINE_RETRY (self), FALSE);

  return self->timeout_id != 0;
}
