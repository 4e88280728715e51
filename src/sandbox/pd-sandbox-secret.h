/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-secret.h: random tokens from the kernel, and comparing them in constant time. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fills @buffer from the kernel's CSPRNG (getrandom(2), else /dev/urandom); aborts when
 * neither works, since a guessable token is worse than no server. */
void      pd_sandbox_random_bytes   (guint8     *buffer,
                                     gsize       len);
/* A uniformly random number in [0, @bound). */
guint32   pd_sandbox_random_below   (guint32     bound);
/* Returns: (transfer full): @prefix followed by 64 hex digits (256 random bits). */
char     *pd_sandbox_random_token   (const char *prefix);
/* Whether @a equals @b, in time that does not depend on where they differ (nor on the
 * length of the secret @b). NULL equals nothing. */
gboolean  pd_sandbox_secret_equal   (const char *a,
                                     const char *b);

G_END_DECLS
