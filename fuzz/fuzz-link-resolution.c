/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-link-resolution.c: however a page's links.next uri is written, the pager follows
 * it only to the host it signed in to (the bearer token goes with the request).
 * Input: the base URL on the first line, the uri after it. */
#include "config.h"

#include <string.h>

#include "pd-client-private.h"
#include "pd-core.h"
#include "pd-fuzz.h"

/* libsoup's parse of request URLs. */
#define HTTP_URI_FLAGS (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH | \
                        G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_FRAGMENT | \
                        G_URI_FLAGS_SCHEME_NORMALIZE)

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a) != NULL ? g_uri_get_host (a) : "",
                             g_uri_get_host (b) != NULL ? g_uri_get_host (b) : "") == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(PdTokenProvider) tokens = NULL;
  g_autoptr(PdClient) client = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *resolved = NULL;
  char *uri;

  /* Text only (a JSON string holds no NUL); a base URL the client accepts. */
  if (strlen (text) != size || !g_utf8_validate (text, -1, NULL))
    return 0;
  uri = strchr (text, '\n');
  if (uri == NULL)
    return 0;
  *uri++ = '\0';
  if (!g_str_has_prefix (text, "http://") && !g_str_has_prefix (text, "https://"))
    return 0;
  base = g_uri_parse (text, HTTP_URI_FLAGS, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0')
    return 0;

  /* A client (and its SoupSession) per base URL seen, kept: making one per input would
   * be most of the time spent. */
  {
    static GHashTable *clients;

    if (clients == NULL || g_hash_table_size (clients) > 256)
      {
        g_clear_pointer (&clients, g_hash_table_unref);
        clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      }
    client = g_hash_table_lookup (clients, text);
    if (client == NULL)
      {
        tokens = pd_static_token_provider_new ("token");
        client = pd_client_new (text, tokens);
        g_hash_table_insert (clients, g_strdup (text), client);
      }
    g_object_ref (client);
  }
  /* The client's own idea of its base (it drops a trailing /v1). Where that is not the
   * origin given, every request fails; that is pd_client_new's to refuse, not this
   * target's question ("https://v1" becomes "https:": found by this target, reported). */
  {
    g_autoptr(GUri) used = g_uri_parse (pd_client_get_base_url (client), HTTP_URI_FLAGS, NULL);

    if (used == NULL || !same_origin (base, used))
      return 0;
  }
  resolved = pd_client_resolve_link (client, uri);
  if (resolved == NULL)
    return 0;

  /* A URL libsoup cannot parse is an error for the request, not a leak of the token. */
  target = g_uri_parse (resolved, HTTP_URI_FLAGS, NULL);
  if (target != NULL)
    PD_FUZZ_CHECK (same_origin (base, target));

  return 0;
}
