/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client.c: the Partner Center REST API client (one SoupSession, async only): the object,
 * its settings and URLs, and what its calls share. The calls are by resource in
 * pd-client-customers.c, pd-client-profiles.c and pd-client-addresses.c. */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include <libsoup/soup.h>

#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-request.h"

#define DEFAULT_MAX_ATTEMPTS  4
#define DEFAULT_BASE_DELAY_MS 500
#define DEFAULT_MAX_DELAY_MS  8000
/* Seconds of silence after which a request is given up as stalled (and a GET retried).
 * It counts from the last byte, not from the start: a big page that keeps coming is fine. */
#define DEFAULT_IO_TIMEOUT_S  45
/* The largest answer read: a page of 500 customers is about 200 kB. */
#define DEFAULT_MAX_RESPONSE_SIZE (32 * 1024 * 1024)

struct _PdClient
{
  GObject          parent_instance;

  SoupSession     *session;
  PdTokenProvider *token_provider;
  char            *base_url;     /* as given, without trailing '/' or "/v1" */
  char            *host_root;    /* scheme://host[:port], where next links are resolved */
  char            *api_root;     /* base_url + "/v1" */
  char            *locale;
  char            *service_name; /* for people: "Partner Center", a custom host, … */

  guint            max_attempts;
  guint            base_delay_ms;
  guint            max_delay_ms;
  guint            io_timeout_s;
  gsize            max_response_size;
  guint            n_slow;       /* requests being retried because the server stalled */
  guint            n_throttled;  /* answers of 429, ever */
  guint            max_streams;  /* listings pd_client_list_all_customers_async() runs */
  gint64           streams_min_page_time;

  GHashTable      *country_rules;          /* ISO code → PdCountryRules */
  GHashTable      *country_rules_waiters;  /* ISO code → GPtrArray of GTask */
};

G_DEFINE_FINAL_TYPE (PdClient, pd_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN_PROVIDER,
  PROP_LOCALE,
  PROP_SLOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------------------- */
/* Locale and URLs */

/* Maps a bare language to the region Partner Center's cultures use for it. */
static const char *
default_region (const char *language)
{
  static const struct { const char *language; const char *region; } regions[] = {
    { "en", "US" }, { "zh", "CN" }, { "kk", "KZ" }, { "ja", "JP" }, { "ko", "KR" },
    { "uk", "UA" }, { "cs", "CZ" }, { "da", "DK" }, { "sv", "SE" }, { "nb", "NO" },
    { "el", "GR" }, { "he", "IL" }, { "hy", "AM" }, { "ka", "GE" }, { "be", "BY" },
    { "uz", "UZ" }, { "ky", "KG" }, { "tg", "TJ" }, { "az", "AZ" }, { "vi", "VN" },
    { "sl", "SI" }, { "et", "EE" }, { "ar", "SA" }, { "hi", "IN" }, { "ms", "MY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (language, regions[i].language))
      return regions[i].region;

  return NULL;
}

/* "ru_RU.UTF-8" → "ru-RU", "ru" → "ru-RU", "C" → "en-US". */
static char *
locale_from_language_names (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup (names[i]);
      const char *region;
      char *separator;
      gsize language_len;

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX"))
        break;

      name[strcspn (name, ".@")] = '\0';
      separator = strchr (name, '_');
      language_len = separator != NULL ? (gsize) (separator - name) : strlen (name);
      if (language_len < 2 || language_len > 3)
        continue;

      if (separator != NULL)
        {
          *separator = '\0';
          region = separator + 1;
          if (*region == '\0')
            region = NULL;
        }
      else
        region = NULL;

      if (region != NULL)
        {
          g_autofree char *upper = g_ascii_strup (region, -1);
          g_autofree char *lower = g_ascii_strdown (name, -1);

          return g_strdup_printf ("%s-%s", lower, upper);
        }
      else
        {
          g_autofree char *lower = g_ascii_strdown (name, -1);
          g_autofree char *upper = g_ascii_strup (name, -1);

          region = default_region (lower);
          return g_strdup_printf ("%s-%s", lower, region != NULL ? region : upper);
        }
    }

  return g_strdup ("en-US");
}

static char *
normalize_base_url (const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url));
  gsize len = strlen (url);

  const char *scheme_end;
  const char *path;

  /* "https://host/", "https://host/v1" and "https://host/v1/" all mean the same. */
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  /* Only a /v1 in the path: in "https://v1" it is the host. */
  scheme_end = strstr (url, "://");
  path = scheme_end != NULL ? strchr (scheme_end + 3, '/') : url;
  if (g_str_has_suffix (url, "/v1") && path != NULL && url + len - 3 >= path)
    {
      len -= 3;
      url[len] = '\0';
      while (len > 0 && url[len - 1] == '/')
        url[--len] = '\0';
    }

  return g_steal_pointer (&url);
}

static char *
host_root_of (const char *url)
{
  const char *scheme_end = strstr (url, "://");
  const char *path;

  if (scheme_end == NULL)
    return g_strdup (url);

  path = strchr (scheme_end + 3, '/');
  if (path == NULL)
    return g_strdup (url);

  return g_strndup (url, path - url);
}

/* Resolves a links.next uri. It already contains /v1, so an absolute path goes on the
 * host root; a path without /v1 (seen in some self links) goes on the API root. */
char *
pd_client_resolve_link (PdClient   *self,
                        const char *uri)
{
  if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://"))
    {
      g_autofree char *root = host_root_of (uri);

      /* Never send the bearer token to another host. */
      if (g_ascii_strcasecmp (root, self->host_root) != 0)
        return NULL;
      return g_strdup (uri);
    }

  if (g_str_has_prefix (uri, "/v1/") || g_str_equal (uri, "/v1") ||
      g_str_has_prefix (uri, "/v1?"))
    return g_strconcat (self->host_root, uri, NULL);

  if (uri[0] == '/')
    return g_strconcat (self->api_root, uri, NULL);

  if (g_str_has_prefix (uri, "v1/"))
    return g_strconcat (self->host_root, "/", uri, NULL);

  return g_strconcat (self->api_root, "/", uri, NULL);
}

/* ------------------------------------------------------------------------------------- */
/* GObject */

static void
pd_client_dispose (GObject *object)
{
  PdClient *self = PD_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->token_provider);
  g_clear_pointer (&self->country_rules, g_hash_table_unref);
  g_clear_pointer (&self->country_rules_waiters, g_hash_table_unref);

  G_OBJECT_CLASS (pd_client_parent_class)->dispose (object);
}

static void
pd_client_finalize (GObject *object)
{
  PdClient *self = PD_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->host_root, g_free);
  g_clear_pointer (&self->api_root, g_free);
  g_clear_pointer (&self->locale, g_free);
  g_clear_pointer (&self->service_name, g_free);

  G_OBJECT_CLASS (pd_client_parent_class)->finalize (object);
}

static void
pd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdClient *self = PD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, pd_client_get_base_url (self));
      break;

    case PROP_TOKEN_PROVIDER:
      g_value_set_object (value, pd_client_get_token_provider (self));
      break;

    case PROP_LOCALE:
      g_value_set_string (value, pd_client_get_locale (self));
      break;

    case PROP_SLOW:
      g_value_set_boolean (value, pd_client_get_slow (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdClient *self = PD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);

        g_free (self->base_url);
        self->base_url = normalize_base_url (url != NULL ? url : PD_BASE_URL_GLOBAL);
        g_free (self->host_root);
        self->host_root = host_root_of (self->base_url);
        g_free (self->api_root);
        self->api_root = g_strconcat (self->base_url, "/v1", NULL);
      }
      break;

    case PROP_TOKEN_PROVIDER:
      g_set_object (&self->token_provider, g_value_get_object (value));
      break;

    case PROP_LOCALE:
      pd_client_set_locale (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_client_class_init (PdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_client_dispose;
  object_class->finalize = pd_client_finalize;
  object_class->get_property = pd_client_get_property;
  object_class->set_property = pd_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         PD_BASE_URL_GLOBAL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN_PROVIDER] =
    g_param_spec_object ("token-provider", NULL, NULL,
                         PD_TYPE_TOKEN_PROVIDER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCALE] =
    g_param_spec_string ("locale", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * PdClient:slow:
   *
   * Whether a request is being sent again because the server stopped answering it: the
   * service is slow right now, and the UI can say so while it waits.
   */
  properties[PROP_SLOW] =
    g_param_spec_boolean ("slow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_client_init (PdClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("partner-desk/%s", PACKAGE_VERSION);

  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "user-agent", user_agent,
                                /* Silence, not the whole request: see DEFAULT_IO_TIMEOUT_S. */
                                "timeout", DEFAULT_IO_TIMEOUT_S,
                                /* libsoup's 2 would queue the history's 3 windows;
                                 * the parallel customer listing runs up to
                                 * PD_CLIENT_DEFAULT_MAX_STREAMS, and the account a user
                                 * opens meanwhile must not wait behind them. */
                                "max-conns-per-host", PD_CLIENT_DEFAULT_MAX_STREAMS + 4,
                                "max-conns", PD_CLIENT_DEFAULT_MAX_STREAMS + 8,
                                NULL);
  self->io_timeout_s = DEFAULT_IO_TIMEOUT_S;
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
  self->max_streams = PD_CLIENT_DEFAULT_MAX_STREAMS;
  self->streams_min_page_time = PD_CLIENT_STREAMS_MIN_PAGE_TIME;
  self->locale = locale_from_language_names ();
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->country_rules = g_hash_table_new_full (g_str_hash, g_str_equal,
                                               g_free, g_object_unref);
  self->country_rules_waiters = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
}

/**
 * pd_client_new:
 * @base_url: PD_BASE_URL_GLOBAL, PD_BASE_URL_21VIANET or any http(s) URL, without /v1
 * @token_provider: where bearer tokens come from
 *
 * Returns: (transfer full): a new client
 */
PdClient *
pd_client_new (const char      *base_url,
               PdTokenProvider *token_provider)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (PD_IS_TOKEN_PROVIDER (token_provider), NULL);

  return g_object_new (PD_TYPE_CLIENT,
                       "base-url", base_url,
                       "token-provider", token_provider,
                       NULL);
}

const char *
pd_client_get_base_url (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->base_url;
}

PdTokenProvider *
pd_client_get_token_provider (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->token_provider;
}

const char *
pd_client_get_locale (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->locale;
}

/**
 * pd_client_set_locale:
 * @self: a #PdClient
 * @locale: (nullable): an X-Locale value such as "ru-RU"; %NULL for the UI language
 */
void
pd_client_set_locale (PdClient   *self,
                      const char *locale)
{
  g_autofree char *value = NULL;

  g_return_if_fail (PD_IS_CLIENT (self));

  value = locale != NULL && *locale != '\0' ? g_strdup (locale)
                                            : locale_from_language_names ();
  if (g_strcmp0 (value, self->locale) == 0)
    return;

  g_free (self->locale);
  self->locale = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCALE]);
}

const char *
pd_client_get_service_name (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), NULL);

  return self->service_name;
}

/**
 * pd_client_set_service_name:
 * @self: a #PdClient
 * @name: (nullable): the connection's name for people, e.g. "Partner Center" or a custom
 *   server's host; %NULL when the client does not know it
 *
 * The name the client's errors give the server (pd_api_error_get_service()), so that a
 * message about an unreachable server names the one the user chose.
 */
void
pd_client_set_service_name (PdClient   *self,
                            const char *name)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  g_free (self->service_name);
  self->service_name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
}

void
pd_client_set_retry_policy (PdClient *self,
                            guint     max_attempts,
                            guint     base_delay_ms,
                            guint     max_delay_ms)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
}

/**
 * pd_client_get_slow:
 * @self: a #PdClient
 *
 * Returns: whether a request is being retried because the server stalled on it
 */
gboolean
pd_client_get_slow (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), FALSE);

  return self->n_slow > 0;
}

void
pd_client_add_slow_request (PdClient *self,
                            int       delta)
{
  gboolean was_slow;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (delta >= 0 || self->n_slow >= (guint) -delta);

  was_slow = self->n_slow > 0;
  self->n_slow += delta;
  if (was_slow != (self->n_slow > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOW]);
}

void
pd_client_add_throttled (PdClient *self)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->n_throttled++;
}

guint
pd_client_get_n_throttled (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), 0);

  return self->n_throttled;
}

void
pd_client_set_max_streams (PdClient *self,
                           guint     max_streams)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->max_streams = max_streams;
}

void
pd_client_set_streams_min_page_time (PdClient *self,
                                     gint64    usec)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->streams_min_page_time = MAX (usec, 0);
}

gint64
pd_client_get_streams_min_page_time (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), 0);

  return self->streams_min_page_time;
}

guint
pd_client_get_max_streams (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), 0);

  return self->max_streams;
}

void
pd_client_set_io_timeout (PdClient *self,
                          guint     seconds)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->io_timeout_s = MAX (seconds, 1);
  soup_session_set_timeout (self->session, self->io_timeout_s);
}

guint
pd_client_get_io_timeout (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), 0);

  return self->io_timeout_s;
}

void
pd_client_set_max_response_size (PdClient *self,
                                 gsize     size)
{
  g_return_if_fail (PD_IS_CLIENT (self));

  self->max_response_size = MAX (size, 1024);
}

gsize
pd_client_get_max_response_size (PdClient *self)
{
  g_return_val_if_fail (PD_IS_CLIENT (self), 0);

  return self->max_response_size;
}

/* ------------------------------------------------------------------------------------- */
/* For pd-request.c and the pager */

SoupSession *
pd_client_get_session (PdClient *self)
{
  g_assert (PD_IS_CLIENT (self));

  return self->session;
}

void
pd_client_get_retry_policy (PdClient *self,
                            guint    *max_attempts,
                            guint    *base_delay_ms,
                            guint    *max_delay_ms)
{
  g_assert (PD_IS_CLIENT (self));

  if (max_attempts != NULL)
    *max_attempts = self->max_attempts;
  if (base_delay_ms != NULL)
    *base_delay_ms = self->base_delay_ms;
  if (max_delay_ms != NULL)
    *max_delay_ms = self->max_delay_ms;
}

/* ------------------------------------------------------------------------------------- */
/* For the calls (pd-client-*.c) */

char *
pd_client_api_url (PdClient   *self,
                   const char *path_format,
                   ...)
{
  g_autofree char *path = NULL;
  va_list args;

  g_assert (PD_IS_CLIENT (self));

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return g_strconcat (self->api_root, path, NULL);
}

char *
pd_client_customer_url (PdClient   *self,
                        const char *customer_id,
                        const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (customer_id, NULL, FALSE);

  return pd_client_api_url (self, "/customers/%s%s", escaped, suffix);
}

GHashTable *
pd_client_get_country_rules_cache (PdClient *self)
{
  g_assert (PD_IS_CLIENT (self));

  return self->country_rules;
}

GHashTable *
pd_client_get_country_rules_waiters (PdClient *self)
{
  g_assert (PD_IS_CLIENT (self));

  return self->country_rules_waiters;
}

static void
get_model_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdModelFromJson from_json = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer model;

  model = pd_request_send_finish_model (result, from_json, NULL, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
pd_client_get_model_async (PdClient            *self,
                           char                *url,
                           PdModelFromJson      from_json,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_assert (PD_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, from_json, NULL);

  pd_request_send_async (pd_request_new (self, "GET", url, NULL), cancellable,
                         get_model_cb, task);
}

gpointer
pd_client_task_finish (PdClient      *self,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
