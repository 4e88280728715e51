/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-api-error.c: the PD_API_ERROR domain, its server details, and its words for people. */

#include "config.h"

#define G_LOG_DOMAIN "pd-api-error"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "pd-api-error.h"
#include "pd-auth-error.h"

typedef struct
{
  guint  http_status;
  char  *server_code;
  char  *description;
  char  *request_id;
  char  *correlation_id;
  guint  retry_after;
  PdApiErrorCause cause;
  char  *service;
} PdApiErrorPrivate;

static void
pd_api_error_private_init (PdApiErrorPrivate *priv)
{
  priv->http_status = 0;
  priv->server_code = NULL;
  priv->description = NULL;
  priv->request_id = NULL;
  priv->correlation_id = NULL;
  priv->retry_after = 0;
  priv->cause = PD_API_ERROR_CAUSE_NONE;
  priv->service = NULL;
}

static void
pd_api_error_private_copy (const PdApiErrorPrivate *src_priv,
                           PdApiErrorPrivate       *dest_priv)
{
  dest_priv->http_status = src_priv->http_status;
  dest_priv->server_code = g_strdup (src_priv->server_code);
  dest_priv->description = g_strdup (src_priv->description);
  dest_priv->request_id = g_strdup (src_priv->request_id);
  dest_priv->correlation_id = g_strdup (src_priv->correlation_id);
  dest_priv->retry_after = src_priv->retry_after;
  dest_priv->cause = src_priv->cause;
  dest_priv->service = g_strdup (src_priv->service);
}

static void
pd_api_error_private_clear (PdApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->description, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->correlation_id, g_free);
  g_clear_pointer (&priv->service, g_free);
}

/* Extended errors keep the details through g_error_copy and g_task_return_error. */
G_DEFINE_EXTENDED_ERROR (PdApiError, pd_api_error)

static const char *
code_name (int code)
{
  switch ((PdApiErrorCode) code)
    {
    case PD_API_ERROR_NETWORK:      return "network";
    case PD_API_ERROR_UNAUTHORIZED: return "unauthorized";
    case PD_API_ERROR_FORBIDDEN:    return "forbidden";
    case PD_API_ERROR_NOT_FOUND:    return "not-found";
    case PD_API_ERROR_CONFLICT:     return "conflict";
    case PD_API_ERROR_INVALID:      return "invalid";
    case PD_API_ERROR_THROTTLED:    return "throttled";
    case PD_API_ERROR_SERVER:       return "server";
    case PD_API_ERROR_PROTOCOL:     return "protocol";
    default:                        return "unknown";
    }
}

GError *
pd_api_error_new (PdApiErrorCode  code,
                  guint           http_status,
                  const char     *server_code,
                  const char     *description,
                  const char     *request_id,
                  const char     *correlation_id)
{
  PdApiErrorPrivate *priv;
  GError *error;

  /* The message is for logs and developers; people get pd_api_error_to_user_message(). */
  if (description != NULL && *description != '\0')
    error = g_error_new (PD_API_ERROR, code, "%s", description);
  else if (http_status != 0)
    error = g_error_new (PD_API_ERROR, code, "HTTP %u (%s)", http_status, code_name (code));
  else
    error = g_error_new (PD_API_ERROR, code, "Partner Center API error (%s)", code_name (code));

  priv = pd_api_error_get_private (error);
  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->description = g_strdup (description);
  priv->request_id = g_strdup (request_id);
  priv->correlation_id = g_strdup (correlation_id);

  return error;
}

gboolean
pd_api_error_is_offline (const GError *error)
{
  return g_error_matches (error, PD_API_ERROR, PD_API_ERROR_NETWORK)
         || g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_NETWORK);
}

guint
pd_api_error_get_http_status (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->http_status : 0;
}

const char *
pd_api_error_get_server_code (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->server_code : NULL;
}

const char *
pd_api_error_get_description (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->description : NULL;
}

const char *
pd_api_error_get_request_id (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->request_id : NULL;
}

const char *
pd_api_error_get_correlation_id (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->correlation_id : NULL;
}

guint
pd_api_error_get_retry_after (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->retry_after : 0;
}

void
pd_api_error_set_retry_after (GError *error,
                              guint   seconds)
{
  PdApiErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  g_return_if_fail (error->domain == PD_API_ERROR);

  priv = pd_api_error_get_private (error);

  priv->retry_after = seconds;
}

PdApiErrorCause
pd_api_error_get_cause (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, PD_API_ERROR_CAUSE_NONE);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->cause : PD_API_ERROR_CAUSE_NONE;
}

void
pd_api_error_set_cause (GError          *error,
                        PdApiErrorCause  cause)
{
  g_return_if_fail (error != NULL);
  g_return_if_fail (error->domain == PD_API_ERROR);

  pd_api_error_get_private (error)->cause = cause;
}

const char *
pd_api_error_get_service (const GError *error)
{
  PdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = error->domain == PD_API_ERROR ? pd_api_error_get_private (error) : NULL;
  return priv != NULL ? priv->service : NULL;
}

void
pd_api_error_set_service (GError     *error,
                          const char *service)
{
  PdApiErrorPrivate *priv;

  g_return_if_fail (error != NULL);
  g_return_if_fail (error->domain == PD_API_ERROR);

  priv = pd_api_error_get_private (error);
  g_free (priv->service);
  priv->service = service != NULL && *service != '\0' ? g_strdup (service) : NULL;
}

static const char *
cause_name (PdApiErrorCause cause)
{
  switch (cause)
    {
    case PD_API_ERROR_CAUSE_ENDLESS_PAGES: return "endless-pages";
    case PD_API_ERROR_CAUSE_REDIRECTED:    return "redirected";
    case PD_API_ERROR_CAUSE_TOO_LARGE:     return "too-large";
    case PD_API_ERROR_CAUSE_TIMED_OUT:     return "timed-out";
    case PD_API_ERROR_CAUSE_NONE:
    default:                               return NULL;
    }
}

static gboolean
is_network_io_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) ||
         error->domain == G_RESOLVER_ERROR;
}

/* What the client found wrong itself, or NULL: it says more than the code. */
static char *
cause_to_user_message (PdApiErrorCause  cause,
                       const char      *service)
{
  switch (cause)
    {
    case PD_API_ERROR_CAUSE_ENDLESS_PAGES:
      return g_strdup (_("Partner Center kept sending more pages than the list has, so "
                         "Partner Desk stopped reading it. Try again later."));

    case PD_API_ERROR_CAUSE_REDIRECTED:
      return g_strdup (_("Partner Center redirected the request to another address, which "
                         "it never does. Partner Desk did not follow it. Check the "
                         "connection's API address."));

    case PD_API_ERROR_CAUSE_TOO_LARGE:
      return g_strdup (_("Partner Center sent an answer far larger than expected, so "
                         "Partner Desk did not read it. Try again later."));

    case PD_API_ERROR_CAUSE_TIMED_OUT:
      if (service != NULL)
        /* Translators: %s names the connection the user chose: "Partner Center", "Demo
         * Data", "Partner Center operated by 21Vianet" or a custom server's host. */
        return g_strdup_printf (_("%s stopped answering. Check your internet connection "
                                  "and try again."), service);
      return g_strdup (_("Partner Center stopped answering. Check your internet connection "
                         "and try again."));

    case PD_API_ERROR_CAUSE_NONE:
    default:
      return NULL;
    }
}

static char *
api_error_to_user_message (const GError *error)
{
  const char *description = pd_api_error_get_description (error);
  gboolean has_description = description != NULL && *description != '\0';
  const char *service = pd_api_error_get_service (error);
  char *message = cause_to_user_message (pd_api_error_get_cause (error), service);

  if (message != NULL)
    return message;

  switch ((PdApiErrorCode) error->code)
    {
    case PD_API_ERROR_NETWORK:
      if (service != NULL)
        /* Translators: %s names the connection the user chose: "Partner Center", "Demo
         * Data", "Partner Center operated by 21Vianet" or a custom server's host. */
        return g_strdup_printf (_("Could not reach %s. Check your internet connection and "
                                  "try again."), service);
      return g_strdup (_("Could not reach Partner Center. Check your internet connection "
                         "and try again."));

    case PD_API_ERROR_UNAUTHORIZED:
      return g_strdup (_("Your sign-in has expired or was not accepted. Sign in again."));

    case PD_API_ERROR_FORBIDDEN:
      return g_strdup (_("Your account is not allowed to do this. Ask a global admin of "
                         "your partner account to check your roles."));

    case PD_API_ERROR_NOT_FOUND:
      return g_strdup (_("Partner Center could not find this customer or record. "
                         "It may have been removed."));

    case PD_API_ERROR_CONFLICT:
      return g_strdup (_("Someone else changed this profile in the meantime. Review the "
                         "current values and submit your changes again."));

    case PD_API_ERROR_INVALID:
      if (has_description)
        /* Translators: %s is Partner Center's own explanation, in the X-Locale language. */
        return g_strdup_printf (_("Partner Center did not accept the changes: %s"),
                                description);
      return g_strdup (_("Partner Center did not accept the changes. Check the values and "
                         "try again."));

    case PD_API_ERROR_THROTTLED:
      {
        guint seconds = pd_api_error_get_retry_after (error);

        if (seconds > 0)
          return g_strdup_printf (ngettext ("Partner Center is receiving too many requests. "
                                            "Try again in %u second.",
                                            "Partner Center is receiving too many requests. "
                                            "Try again in %u seconds.",
                                            seconds),
                                  seconds);
        return g_strdup (_("Partner Center is receiving too many requests. Wait a minute "
                           "and try again."));
      }

    case PD_API_ERROR_SERVER:
      return g_strdup (_("Partner Center had a problem answering. Try again later."));

    case PD_API_ERROR_PROTOCOL:
      if (g_strcmp0 (pd_api_error_get_server_code (error), PD_API_ERROR_CODE_NO_ETAG) == 0)
        return g_strdup (_("Partner Center did not say which version of this billing "
                           "profile it holds, so the changes were not saved: they could "
                           "overwrite someone else's. Try again later."));
      return g_strdup (_("Partner Center sent an answer that Partner Desk could not "
                         "understand. Try again later."));

    default:
      break;
    }

  if (has_description)
    return g_strdup_printf (_("Partner Center reported an error: %s"), description);
  return g_strdup (_("Partner Center reported an error."));
}

static char *
auth_error_to_user_message (const GError *error)
{
  switch ((PdAuthErrorCode) error->code)
    {
    case PD_AUTH_ERROR_CANCELLED:
      return g_strdup (_("The sign-in was cancelled."));

    case PD_AUTH_ERROR_DECLINED:
      return g_strdup (_("The sign-in was declined, so Partner Desk is not signed in. "
                         "Sign in again and approve the request to continue."));

    case PD_AUTH_ERROR_MFA_REQUIRED:
      return g_strdup (_("Your organization requires multifactor authentication for Partner "
                         "Center. Sign in with the browser and complete the additional "
                         "verification."));

    case PD_AUTH_ERROR_CONSENT_REQUIRED:
      return g_strdup (_("The app registration has not been granted access to Partner Center "
                         "yet. Ask a global admin of your tenant to consent to it, then sign "
                         "in again."));

    case PD_AUTH_ERROR_APP_NOT_FOUND:
      return g_strdup (_("The application (client) ID was not found. Check the ID in the "
                         "connection settings and that the app is registered in the cloud "
                         "you chose."));

    case PD_AUTH_ERROR_WRONG_CLOUD:
      return g_strdup (_("This account or app registration belongs to a different cloud. "
                         "Check whether the connection should be Partner Center or Partner "
                         "Center operated by 21Vianet."));

    case PD_AUTH_ERROR_EXPIRED:
      if (g_strcmp0 (pd_auth_error_get_service_error (error), "browser_timeout") == 0)
        return g_strdup (_("The sign-in was not completed in the browser in time, so Partner "
                           "Desk stopped waiting for it. Start the sign-in again."));
      return g_strdup (_("The sign-in code expired before it was entered. Start the sign-in "
                         "again to get a new code."));

    case PD_AUTH_ERROR_SIGN_IN_REQUIRED:
      return g_strdup (_("Your session has ended. Sign in again to continue."));

    case PD_AUTH_ERROR_NETWORK:
      return g_strdup (_("Could not reach the sign-in service. Check your internet connection "
                         "and try again."));

    case PD_AUTH_ERROR_SERVICE:
    default:
      break;
    }

  return g_strdup (_("The sign-in service reported an error. Try again, and quote the "
                     "details if you contact support."));
}

char *
pd_api_error_to_user_message (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == PD_API_ERROR)
    return api_error_to_user_message (error);

  if (error->domain == PD_AUTH_ERROR)
    return auth_error_to_user_message (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("The operation was cancelled."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("Partner Center took too long to answer. Check your internet "
                       "connection and try again."));

  if (error->domain == G_TLS_ERROR)
    return g_strdup (_("A secure connection to Partner Center could not be established."));

  if (is_network_io_error (error))
    return g_strdup (_("Could not reach Partner Center. Check your internet connection "
                       "and try again."));

  /* Translators: %s is a technical error message, possibly in English. */
  return g_strdup_printf (_("Something went wrong: %s"), error->message);
}

/**
 * pd_api_error_to_history_message:
 *
 * The same place for reading a customer's history (the audit records): the errors that
 * call has its own reasons for get sentences of their own; the rest say what
 * pd_api_error_to_user_message() says.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
pd_api_error_to_history_message (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_FORBIDDEN))
    return g_strdup (_("Reading the history needs the Admin agent or Global admin role in "
                       "Partner Center. Ask a global admin of your partner account to "
                       "assign it to you."));

  if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID))
    return g_strdup (_("Partner Center refused the history's date range: it keeps the "
                       "last 90 days. Check that this computer's date is right, then try "
                       "again."));

  if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_NOT_FOUND))
    return g_strdup (_("This Partner Center has no activity log, so only the changes made "
                       "from this computer are shown."));

  return pd_api_error_to_user_message (error);
}

/* What the one-line messages can say went wrong: fewer cases than the full sentences. */
typedef enum
{
  STATUS_UNREACHABLE,
  STATUS_SIGN_IN_EXPIRED,
  STATUS_FORBIDDEN,
  STATUS_THROTTLED,
  STATUS_SERVER,
  STATUS_PROTOCOL,
  STATUS_SIGN_IN,
  STATUS_OTHER,
  N_STATUS_REASONS
} StatusReason;

/* Whole sentences, one per reason and activity: a translation may need to change the
 * start of the sentence with its reason (no "Could not refresh: %s" with a fragment). */
static const char * const status_messages[N_STATUS_REASONS][2] = {
  /* Translators: the status bar under the customer list, which still shows the customers
   * loaded so far (first) or loaded before the refresh (second). */
  [STATUS_UNREACHABLE] = { N_("Could not load all customers: Partner Center is not reachable"),
                           N_("Could not refresh: Partner Center is not reachable") },
  [STATUS_SIGN_IN_EXPIRED] = { N_("Could not load all customers: the sign-in has expired"),
                               N_("Could not refresh: the sign-in has expired") },
  [STATUS_FORBIDDEN] = { N_("Could not load all customers: access denied"),
                         N_("Could not refresh: access denied") },
  [STATUS_THROTTLED] = { N_("Could not load all customers: too many requests"),
                         N_("Could not refresh: too many requests") },
  [STATUS_SERVER] = { N_("Could not load all customers: server problem"),
                      N_("Could not refresh: server problem") },
  [STATUS_PROTOCOL] = { N_("Could not load all customers: unreadable answer"),
                        N_("Could not refresh: unreadable answer") },
  [STATUS_SIGN_IN] = { N_("Could not load all customers: sign-in problem"),
                       N_("Could not refresh: sign-in problem") },
  [STATUS_OTHER] = { N_("Could not load all customers: an error occurred"),
                     N_("Could not refresh: an error occurred") },
};

static StatusReason
status_reason (const GError *error)
{
  if (error->domain == PD_AUTH_ERROR)
    return STATUS_SIGN_IN;
  if (error->domain != PD_API_ERROR)
    return STATUS_OTHER;

  switch ((PdApiErrorCode) error->code)
    {
    case PD_API_ERROR_NETWORK:      return STATUS_UNREACHABLE;
    case PD_API_ERROR_UNAUTHORIZED: return STATUS_SIGN_IN_EXPIRED;
    case PD_API_ERROR_FORBIDDEN:    return STATUS_FORBIDDEN;
    case PD_API_ERROR_THROTTLED:    return STATUS_THROTTLED;
    case PD_API_ERROR_SERVER:       return STATUS_SERVER;
    case PD_API_ERROR_PROTOCOL:     return STATUS_PROTOCOL;
    case PD_API_ERROR_NOT_FOUND:
    case PD_API_ERROR_CONFLICT:
    case PD_API_ERROR_INVALID:
    default:                        return STATUS_OTHER;
    }
}

char *
pd_api_error_to_status_message (const GError       *error,
                                PdApiErrorActivity  activity)
{
  const char *service;
  StatusReason reason;

  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (activity == PD_API_ERROR_ACTIVITY_LOAD
                        || activity == PD_API_ERROR_ACTIVITY_REFRESH, NULL);

  reason = status_reason (error);
  service = pd_api_error_get_service (error);
  if (reason == STATUS_UNREACHABLE && service != NULL)
    {
      /* Translators: the status bar under the customer list, which still shows the
       * customers loaded so far; %s names the connection ("Partner Center", "Demo Data",
       * a custom server's host). */
      if (activity == PD_API_ERROR_ACTIVITY_LOAD)
        return g_strdup_printf (_("Could not load all customers: %s is not reachable"),
                                service);
      /* Translators: as above, under the customers loaded before the refresh. */
      return g_strdup_printf (_("Could not refresh: %s is not reachable"), service);
    }

  return g_strdup (_(status_messages[reason][activity]));
}

char *
pd_api_error_to_details (const GError *error)
{
  GString *details;

  g_return_val_if_fail (error != NULL, NULL);

  details = g_string_new (NULL);

  /* Untranslated on purpose: this text is pasted into support requests. */
  if (error->domain == PD_API_ERROR)
    {
      const char *value;
      guint number;

      g_string_append_printf (details, "Error: %s\n", code_name (error->code));
      if ((number = pd_api_error_get_http_status (error)) != 0)
        g_string_append_printf (details, "HTTP status: %u\n", number);
      if ((value = pd_api_error_get_server_code (error)) != NULL)
        g_string_append_printf (details, "Code: %s\n", value);
      if ((value = pd_api_error_get_description (error)) != NULL)
        g_string_append_printf (details, "Description: %s\n", value);
      else
        g_string_append_printf (details, "Message: %s\n", error->message);
      if ((number = pd_api_error_get_retry_after (error)) != 0)
        g_string_append_printf (details, "Retry-After: %u\n", number);
      if ((value = cause_name (pd_api_error_get_cause (error))) != NULL)
        g_string_append_printf (details, "Cause: %s\n", value);
      if ((value = pd_api_error_get_request_id (error)) != NULL)
        g_string_append_printf (details, "MS-RequestId: %s\n", value);
      if ((value = pd_api_error_get_correlation_id (error)) != NULL)
        g_string_append_printf (details, "MS-CorrelationId: %s\n", value);
    }
  else if (error->domain == PD_AUTH_ERROR)
    {
      const char *value;

      g_string_append_printf (details, "Sign-in error: %s\n",
                              pd_auth_error_code_to_string (error->code));
      if ((value = pd_auth_error_get_service_error (error)) != NULL)
        g_string_append_printf (details, "Error: %s\n", value);
      if ((value = pd_auth_error_get_service_code (error)) != NULL)
        g_string_append_printf (details, "Code: %s\n", value);
      if ((value = pd_auth_error_get_description (error)) != NULL)
        g_string_append_printf (details, "Description: %s\n", value);
      else
        g_string_append_printf (details, "Message: %s\n", error->message);
      if ((value = pd_auth_error_get_trace_id (error)) != NULL)
        g_string_append_printf (details, "Trace ID: %s\n", value);
      if ((value = pd_auth_error_get_correlation_id (error)) != NULL)
        g_string_append_printf (details, "Correlation ID: %s\n", value);
    }
  else
    {
      g_string_append_printf (details, "Error: %s %d\n",
                              g_quark_to_string (error->domain), error->code);
      g_string_append_printf (details, "Message: %s\n", error->message);
    }

  /* No trailing newline: callers put it in a label or the clipboard. */
  if (details->len > 0 && details->str[details->len - 1] == '\n')
    g_string_truncate (details, details->len - 1);

  return g_string_free (details, FALSE);
}
