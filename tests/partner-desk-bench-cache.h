/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partner-desk-bench-cache.h: the benchmark's --cache N: the local cache's writes and loads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times writing @n customers to a new cache (pages of 500, then the end of a complete
 * listing), writing them again, and loading them (first page, all) from a new PdCache on
 * the file. Prints one JSON object with @json, else lines. Returns: the exit status. */
int pd_bench_cache (guint    n,
                    gboolean json);

G_END_DECLS
