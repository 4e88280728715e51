/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-run-on-context.h: how the core's threads hand work to a caller's main context. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @func on @context's thread, at the default priority, after what was handed to the
 * same context before it. Not g_main_context_invoke(): on a thread whose default context
 * is @context (any thread that pushed none, when @context is the global default) it runs
 * @func right there whenever it can acquire the context, which the main loop leaves free
 * between iterations. Not at idle priority either: a window that animates can keep the
 * main loop busy above it. @name: a static string, for profilers. */
static inline void
pd_run_on_context (GMainContext   *context,
                   GSourceFunc     func,
                   gpointer        data,
                   GDestroyNotify  destroy,
                   const char     *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
  g_source_unref (source);
}

G_END_DECLS
