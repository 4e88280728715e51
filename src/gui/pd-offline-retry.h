/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-offline-retry.h: while the service cannot be reached, says when to try again: when
 * the network comes back, and every so often (a server can come back on its own). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How often an offline page tries again by itself. */
#define PD_OFFLINE_RETRY_SECONDS 30

#define PD_TYPE_OFFLINE_RETRY (pd_offline_retry_get_type ())

G_DECLARE_FINAL_TYPE (PdOfflineRetry, pd_offline_retry, PD, OFFLINE_RETRY, GObject)

/* Emits "retry" every @interval_ms while started, and soon after the network monitor says
 * the network is back. */
PdOfflineRetry *pd_offline_retry_new      (guint           interval_ms);
void            pd_offline_retry_start    (PdOfflineRetry *self);
void            pd_offline_retry_stop     (PdOfflineRetry *self);
gboolean        pd_offline_retry_get_active (PdOfflineRetry *self);

G_END_DECLS
