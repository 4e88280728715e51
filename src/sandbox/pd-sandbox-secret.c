/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-secret.c: random tokens from the kernel, and comparing them in constant time. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-secret"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <glib/gstdio.h>

#include "pd-sandbox-secret.h"

/* /dev/urandom for kernels or sandboxes (seccomp) without getrandom(2). */
static gboolean
read_urandom (guint8 *buffer,
              gsize   len)
{
  int fd = g_open ("/dev/urandom", O_RDONLY | O_CLOEXEC, 0);
  gsize done = 0;

  if (fd < 0)
    return FALSE;
  while (done < len)
    {
      ssize_t n = read (fd, buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  g_close (fd, NULL);

  return done == len;
}

void
pd_sandbox_random_bytes (guint8 *buffer,
                         gsize   len)
{
  gsize done = 0;

  g_return_if_fail (buffer != NULL || len == 0);

  /* Not GRand or g_uuid_string_random(): GLib's generator is a Mersenne Twister, whose
   * next outputs follow from enough earlier ones (tokens, codes, request ids). */
  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  if (done < len && !read_urandom (buffer + done, len - done))
    g_error ("No source of secure random numbers (getrandom, /dev/urandom)");
}

guint32
pd_sandbox_random_below (guint32 bound)
{
  guint32 limit;
  guint32 value;

  g_return_val_if_fail (bound > 0, 0);

  /* Redraw the top sliver that would favour small numbers. */
  limit = G_MAXUINT32 - (G_MAXUINT32 % bound);
  do
    pd_sandbox_random_bytes ((guint8 *) &value, sizeof value);
  while (value >= limit);

  return value % bound;
}

char *
pd_sandbox_random_token (const char *prefix)
{
  guint8 bytes[32];
  GString *out = g_string_new (prefix);

  pd_sandbox_random_bytes (bytes, sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (out, "%02x", bytes[i]);
  memset (bytes, 0, sizeof bytes);

  return g_string_free (out, FALSE);
}

/* SHA-256 of @text: comparing digests makes the time independent of both lengths. */
static void
digest_of (const char *text,
           guint8      digest[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 32;

  g_checksum_update (checksum, (const guchar *) text, strlen (text));
  g_checksum_get_digest (checksum, digest, &len);
  g_assert (len == 32);
}

gboolean
pd_sandbox_secret_equal (const char *a,
                         const char *b)
{
  guint8 digest_a[32];
  guint8 digest_b[32];
  guint8 difference = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  digest_of (a, digest_a);
  digest_of (b, digest_b);
  for (gsize i = 0; i < sizeof digest_a; i++)
    difference |= digest_a[i] ^ digest_b[i];

  return difference == 0;
}
