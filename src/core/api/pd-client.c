/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-client.c: the Partner Center REST API client (one SoupSession, async only). */

#include "config.h"

#define G_LOG_DOMAIN "pd-client"

#include <string.h>

#include <libsoup/soup.h>

#include "pd-api-error.h"
#include "pd-client.h"
#include "pd-client-private.h"
#include "pd-customer-pager.h"
#include "pd-customer-private.h"
#include "pd-json.h"
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

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
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
                                NULL);
  self->io_timeout_s = DEFAULT_IO_TIMEOUT_S;
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
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


/**
 * pd_client_list_customers_async:
 * @self: a #PdClient
 * @page_size: customers per page (clamped to 1..500)
 * @page_func: (scope notified): called on this thread's main context for each page, in order
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the listing ends
 * @cancellable: (nullable): a #GCancellable; no page is delivered after it is cancelled
 * @callback: called when every page was delivered or on the first error
 * @user_data: data for @callback
 */
void
pd_client_list_customers_async (PdClient            *self,
                                guint                page_size,
                                PdCustomerPageFunc   page_func,
                                gpointer             page_data,
                                GDestroyNotify       page_data_destroy,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  pd_customer_pager_start (self, g_strdup_printf ("%s/customers?size=%u", self->api_root,
                                                  page_size),
                           page_size,
                           pd_client_list_customers_async,
                           page_func, page_data, page_data_destroy, cancellable, callback,
                           user_data);
}

gboolean
pd_client_list_customers_finish (PdClient      *self,
                                 GAsyncResult  *result,
                                 guint         *n_customers,
                                 GError       **error)
{
  return pd_customer_pager_finish (self, result, pd_client_list_customers_async, n_customers,
                                   error);
}

/**
 * pd_client_search_customers_async:
 * @self: a #PdClient
 * @field: the field to match
 * @prefix: what the field starts with (case ignored by the server)
 * @page_size: customers per page (clamped to 1..500)
 * @page_func: (scope notified): called for each page, in order
 * @page_data: data for @page_func
 * @page_data_destroy: (nullable): frees @page_data when the search ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
pd_client_search_customers_async (PdClient            *self,
                                  PdSearchField        field,
                                  const char          *prefix,
                                  guint                page_size,
                                  PdCustomerPageFunc   page_func,
                                  gpointer             page_data,
                                  GDestroyNotify       page_data_destroy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) filter = NULL;
  g_autofree char *filter_json = NULL;
  g_autofree char *filter_escaped = NULL;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Field");
  json_builder_add_string_value (builder, field == PD_SEARCH_FIELD_DOMAIN ? "Domain"
                                                                          : "CompanyName");
  json_builder_set_member_name (builder, "Value");
  json_builder_add_string_value (builder, prefix);
  json_builder_set_member_name (builder, "Operator");
  json_builder_add_string_value (builder, "starts_with");
  json_builder_end_object (builder);
  filter = json_builder_get_root (builder);
  filter_json = json_to_string (filter, FALSE);
  filter_escaped = g_uri_escape_string (filter_json, NULL, FALSE);

  page_size = CLAMP (page_size, 1, PD_CLIENT_MAX_PAGE_SIZE);
  pd_customer_pager_start (self, g_strdup_printf ("%s/customers?size=%u&filter=%s",
                                                  self->api_root, page_size, filter_escaped),
                           page_size,
                           pd_client_search_customers_async,
                           page_func, page_data, page_data_destroy, cancellable, callback,
                           user_data);
}

gboolean
pd_client_search_customers_finish (PdClient      *self,
                                   GAsyncResult  *result,
                                   guint         *n_customers,
                                   GError       **error)
{
  return pd_customer_pager_finish (self, result, pd_client_search_customers_async, n_customers,
                                   error);
}

/* ------------------------------------------------------------------------------------- */
/* For pd-request.c */

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
/* Single resources */

/* @raw: the answer's text, which models that are written back keep. */
typedef gpointer (*ModelFromJson) (JsonObject  *object,
                                   const char  *raw,
                                   gsize        raw_len,
                                   GError     **error);

static gpointer
company_profile_from_json (JsonObject  *object,
                           const char  *raw,
                           gsize        raw_len,
                           GError     **error)
{
  return pd_company_profile_new_from_json (object, error);
}

/* The billing profile in @response (parsed as @root), keeping its text to write back. */
static PdBillingProfile *
billing_profile_from_response (PdResponse  *response,
                               JsonNode    *root,
                               GError     **error)
{
  gsize len;
  const char *raw = g_bytes_get_data (response->body, &len);

  return pd_billing_profile_new_from_json_text (json_node_get_object (root), raw, len, error);
}

/* GETs @url and builds a model from the answer on the main thread (small bodies). */
static void
get_model_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModelFromJson from_json = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gpointer model;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = pd_response_parse_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    gsize len;
    const char *raw = g_bytes_get_data (response->body, &len);

    model = from_json (json_node_get_object (root), raw, len, &error);
  }
  if (model == NULL)
    {
      g_task_return_error (task, pd_response_protocol_error (response, error));
      return;
    }

  g_task_return_pointer (task, model, g_object_unref);
}

static void
get_model_async (PdClient            *self,
                 char                *url,  /* (transfer full) */
                 ModelFromJson        from_json,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, from_json, NULL);

  pd_request_send_async (pd_request_new (self, "GET", url, NULL), cancellable,
                         get_model_cb, task);
}

static gpointer
get_model_finish (PdClient      *self,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
customer_url (PdClient   *self,
              const char *customer_id,
              const char *suffix)
{
  g_autofree char *escaped = escape_segment (customer_id);

  return g_strconcat (self->api_root, "/customers/", escaped, suffix, NULL);
}

void
pd_client_get_customer_async (PdClient            *self,
                              const char          *customer_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, ""),
                   (ModelFromJson) pd_customer_new_from_json_text,
                   pd_client_get_customer_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_customer_finish:
 *
 * Returns: (transfer full): the customer with both profiles
 */
PdCustomer *
pd_client_get_customer_finish (PdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return get_model_finish (self, result, pd_client_get_customer_async, error);
}

void
pd_client_get_billing_profile_async (PdClient            *self,
                                     const char          *customer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, "/profiles/billing"),
                   (ModelFromJson) pd_billing_profile_new_from_json_text,
                   pd_client_get_billing_profile_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_billing_profile_finish:
 *
 * Returns: (transfer full): the billing profile with its etag
 */
PdBillingProfile *
pd_client_get_billing_profile_finish (PdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return get_model_finish (self, result, pd_client_get_billing_profile_async, error);
}

void
pd_client_get_company_profile_async (PdClient            *self,
                                     const char          *customer_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  get_model_async (self, customer_url (self, customer_id, "/profiles/company"),
                   company_profile_from_json,
                   pd_client_get_company_profile_async, cancellable, callback, user_data);
}

/**
 * pd_client_get_company_profile_finish:
 *
 * Returns: (transfer full): the company profile
 */
PdCompanyProfile *
pd_client_get_company_profile_finish (PdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return get_model_finish (self, result, pd_client_get_company_profile_async, error);
}

/* ------------------------------------------------------------------------------------- */
/* Billing profile update */

typedef struct
{
  char             *customer_id;
  PdBillingProfile *sent;
  char             *correlation_id;
  GError           *conflict;  /* kept while checking what the server holds */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_clear_pointer (&data->customer_id, g_free);
  g_clear_object (&data->sent);
  g_clear_pointer (&data->correlation_id, g_free);
  g_clear_error (&data->conflict);
  g_free (data);
}

static void
update_check_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdBillingProfile) server = NULL;

  response = pd_request_send_finish (result, &error);
  if (response != NULL)
    root = pd_response_parse_object (response, &error);
  if (root != NULL)
    server = billing_profile_from_response (response, root, &error);

  if (server != NULL && data->conflict == NULL)
    {
      /* The PUT answered 200 without a body: the server copy is the answer. */
      g_task_return_pointer (task, g_steal_pointer (&server), g_object_unref);
      return;
    }

  /* Our own first PUT got through before the connection broke: not a conflict. */
  if (server != NULL && pd_billing_profile_equal (server, data->sent))
    {
      g_task_return_pointer (task, g_steal_pointer (&server), g_object_unref);
      return;
    }

  if (data->conflict != NULL)
    g_task_return_error (task, g_steal_pointer (&data->conflict));
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
update_check (GTask *task)
{
  PdClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);

  pd_request_send_async (pd_request_new (self, "GET",
                                         customer_url (self, data->customer_id,
                                                       "/profiles/billing"),
                                         data->correlation_id),
                         g_task_get_cancellable (task), update_check_cb, task);
}

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  PdRequest *request = pd_request_from_result (result);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdBillingProfile *profile;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      if (request->resent_unanswered &&
          g_error_matches (error, PD_API_ERROR, PD_API_ERROR_CONFLICT))
        {
          /* The first PUT may have been applied and only its answer lost, which
           * changed the etag under the retry: look before calling it a conflict. */
          g_debug ("A resent PUT met a conflict; comparing with the server's copy");
          data->conflict = g_steal_pointer (&error);
          update_check (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (response->body) == 0)
    {
      update_check (g_steal_pointer (&task));
      return;
    }

  root = pd_response_parse_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  profile = billing_profile_from_response (response, root, &error);
  if (profile == NULL)
    {
      g_task_return_error (task, pd_response_protocol_error (response, error));
      return;
    }

  g_task_return_pointer (task, profile, g_object_unref);
}

/* PUTs data->sent, whose etag goes into If-Match. */
static void
update_send (GTask *task)
{
  PdClient *self = g_task_get_source_object (task);
  UpdateData *data = g_task_get_task_data (task);
  g_autofree char *if_match = NULL;
  GString *body = g_string_new (NULL);
  PdRequest *request;
  const char *etag;

  request = pd_request_new (self, "PUT", customer_url (self, data->customer_id,
                                                       "/profiles/billing"),
                            data->correlation_id);
  /* With If-Match a repeated PUT cannot apply twice: it is safe to resend when
   * nothing came back. Anything the server answered is final. */
  request->retry_answers = FALSE;
  request->retry_unanswered = TRUE;

  /* The etag goes back exactly as the server gave it: If-Match takes a quoted entity
   * tag, so a bare one is quoted, and one that came quoted (or weak, W/"…", which a
   * strict server never matches) is sent as it is. */
  etag = pd_billing_profile_get_etag (data->sent);
  g_assert (*etag != '\0');
  if (etag[0] == '"' || g_str_has_prefix (etag, "W/\""))
    if_match = g_strdup (etag);
  else
    if_match = g_strdup_printf ("\"%s\"", etag);
  pd_request_add_header (request, "If-Match", if_match);

  /* The text as read but for the edited fields (see pd_billing_profile_write). */
  pd_billing_profile_write (data->sent, body);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_string_free_to_bytes (body);

  pd_request_send_async (request, g_task_get_cancellable (task), update_cb, task);
}

/* The profile had no etag: what the server holds now says which version to send against. */
static void
update_version_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpdateData *data = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(PdBillingProfile) as_read = NULL;

  response = pd_request_send_finish (result, &error);
  if (response != NULL)
    root = pd_response_parse_object (response, &error);
  if (root != NULL)
    server = billing_profile_from_response (response, root, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (server == NULL)
    {
      g_task_return_error (task, pd_response_protocol_error (response, error));
      return;
    }

  /* A PUT without If-Match overwrites whatever is there: never send one. */
  if (*pd_billing_profile_get_etag (server) == '\0')
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_PROTOCOL, response->status,
                                                   PD_API_ERROR_CODE_NO_ETAG,
                                                   "The billing profile has no etag",
                                                   response->request_id,
                                                   response->correlation_id));
      return;
    }

  /* The edits were made on a version nobody can name: only when the server still holds
   * that one may they go against the server's etag. Otherwise it changed meanwhile. */
  as_read = pd_billing_profile_dup_as_read (data->sent);
  if (!pd_billing_profile_equal (server, as_read))
    {
      g_task_return_error (task, pd_api_error_new (PD_API_ERROR_CONFLICT, response->status, NULL,
                                                   "The billing profile changed since it "
                                                   "was read",
                                                   response->request_id,
                                                   response->correlation_id));
      return;
    }

  pd_billing_profile_set_etag (data->sent, pd_billing_profile_get_etag (server));
  update_send (g_steal_pointer (&task));
}

/**
 * pd_client_update_billing_profile_async:
 * @self: a #PdClient
 * @customer_id: the customer's tenant id
 * @profile: the full profile to store, with the etag that was read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the server's answer
 * @user_data: data for @callback
 *
 * PUTs @profile with `If-Match`. A changed etag is %PD_API_ERROR_CONFLICT. A profile
 * without an etag is read again first: it goes with the server's etag when the server
 * still holds the profile as it was read (else %PD_API_ERROR_CONFLICT), and not at all
 * when the server gives no etag either (%PD_API_ERROR_PROTOCOL, server code
 * %PD_API_ERROR_CODE_NO_ETAG).
 */
void
pd_client_update_billing_profile_async (PdClient            *self,
                                        const char          *customer_id,
                                        PdBillingProfile    *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;
  UpdateData *data;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (PD_IS_BILLING_PROFILE (profile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_update_billing_profile_async);

  data = g_new0 (UpdateData, 1);
  data->customer_id = g_strdup (customer_id);
  data->sent = pd_billing_profile_copy (profile);
  data->correlation_id = g_uuid_string_random ();
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);

  if (*pd_billing_profile_get_etag (profile) == '\0')
    {
      pd_request_send_async (pd_request_new (self, "GET",
                                             customer_url (self, customer_id,
                                                           "/profiles/billing"),
                                             data->correlation_id),
                             cancellable, update_version_cb, task);
      return;
    }

  update_send (task);
}

/**
 * pd_client_update_billing_profile_finish:
 *
 * Returns: (transfer full): the stored profile with its new etag
 */
PdBillingProfile *
pd_client_update_billing_profile_finish (PdClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_update_billing_profile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Country rules, cached; concurrent requests for one country share one fetch */

static void
country_rules_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdClient) self = PD_CLIENT (source);
  g_autofree char *code = user_data;
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdCountryRules) rules = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autofree char *key = NULL;

  response = pd_request_send_finish (result, &error);
  if (response != NULL)
    root = pd_response_parse_object (response, &error);
  if (root != NULL)
    {
      g_autoptr(GError) model_error = NULL;

      rules = pd_country_rules_new_from_json (json_node_get_object (root), &model_error);
      if (rules == NULL)
        error = pd_response_protocol_error (response, model_error);
    }

  if (self->country_rules_waiters == NULL)
    return;  /* disposed */

  if (!g_hash_table_steal_extended (self->country_rules_waiters, code,
                                    (gpointer *) &key, (gpointer *) &waiters))
    return;

  if (rules != NULL)
    g_hash_table_replace (self->country_rules, g_strdup (code), g_object_ref (rules));

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (rules != NULL)
        g_task_return_pointer (task, g_object_ref (rules), g_object_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
pd_client_get_country_rules_async (PdClient            *self,
                                   const char          *iso2_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *code = NULL;
  g_autofree char *escaped = NULL;
  PdCountryRules *cached;
  GPtrArray *waiters;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (iso2_code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_get_country_rules_async);

  code = g_ascii_strup (iso2_code, -1);
  cached = g_hash_table_lookup (self->country_rules, code);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  waiters = g_hash_table_lookup (self->country_rules_waiters, code);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->country_rules_waiters, g_strdup (code), waiters);

  /* Shared by every waiter, so no single waiter's cancellable stops it; a cancelled
   * waiter gets G_IO_ERROR_CANCELLED from its own task. */
  escaped = escape_segment (code);
  pd_request_send_async (pd_request_new (self, "GET",
                                         g_strconcat (self->api_root,
                                                      "/countryvalidationrules/",
                                                      escaped, NULL),
                                         NULL),
                         NULL, country_rules_cb, g_steal_pointer (&code));
  /* The shared fetch holds a reference so the waiters' tasks complete. */
  g_object_ref (self);
}

/**
 * pd_client_get_country_rules_finish:
 *
 * Returns: (transfer full): the country's rules
 */
PdCountryRules *
pd_client_get_country_rules_finish (PdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_get_country_rules_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */
/* Address validation */

static gboolean
bytes_are_blank (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  data = pd_json_strip_bom (data != NULL ? data : "", (gssize *) &len);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static void
validate_address_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdAddress *address = g_task_get_task_data (task);
  g_autoptr(PdResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  PdAddressValidation *validation;

  response = pd_request_send_finish (result, &error);
  if (response == NULL)
    {
      /* Before mid-2021 the service answered an invalid address with 400 / 2007. */
      if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID) &&
          g_strcmp0 (pd_api_error_get_server_code (error), "2007") == 0)
        {
          g_autoptr(JsonObject) object = json_object_new ();
          const char *message = pd_api_error_get_description (error);

          json_object_set_string_member (object, "status", "None");
          if (message != NULL)
            json_object_set_string_member (object, "validationMessage", message);
          json_object_set_object_member (object, "originalAddress",
                                         pd_address_to_json (address));
          validation = pd_address_validation_new_from_json (object, &error);
          if (validation != NULL)
            g_task_return_pointer (task, validation, g_object_unref);
          else
            g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* ... and a valid one with an empty 200. */
  if (bytes_are_blank (response->body))
    {
      g_task_return_pointer (task, pd_address_validation_new_verified (address),
                             g_object_unref);
      return;
    }

  root = pd_response_parse_object (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  validation = pd_address_validation_new_from_json (json_node_get_object (root), &error);
  if (validation == NULL)
    {
      g_task_return_error (task, pd_response_protocol_error (response, error));
      return;
    }

  g_task_return_pointer (task, validation, g_object_unref);
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

void
pd_client_validate_address_async (PdClient            *self,
                                  PdAddress           *address,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;
  PdRequest *request;

  g_return_if_fail (PD_IS_CLIENT (self));
  g_return_if_fail (PD_IS_ADDRESS (address));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_client_validate_address_async);
  g_task_set_task_data (task, pd_address_copy (address), g_object_unref);

  set_string_or_null (body, "AddressLine1", pd_address_get_address_line1 (address));
  set_string_or_null (body, "AddressLine2", pd_address_get_address_line2 (address));
  set_string_or_null (body, "City", pd_address_get_city (address));
  set_string_or_null (body, "State", pd_address_get_state (address));
  set_string_or_null (body, "PostalCode", pd_address_get_postal_code (address));
  set_string_or_null (body, "Country", pd_address_get_country (address));

  request = pd_request_new (self, "POST", g_strconcat (self->api_root, "/validations/address",
                                                       NULL),
                            NULL);
  /* Validation changes nothing on the server, so it retries like a GET. */
  request->retry_answers = TRUE;
  pd_request_set_json_body (request, body);

  pd_request_send_async (request, cancellable, validate_address_cb, task);
}

/**
 * pd_client_validate_address_finish:
 *
 * Returns: (transfer full): the validation outcome
 */
PdAddressValidation *
pd_client_validate_address_finish (PdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_client_validate_address_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
