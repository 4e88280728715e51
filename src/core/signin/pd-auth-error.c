/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-auth-error.c: the PD_AUTH_ERROR domain and the mapping of identity-service answers to it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-auth-error"

#include <string.h>

#include "pd-auth-error.h"

typedef struct
{
  char *service_error;
  char *service_code;
  char *description;
  char *trace_id;
  char *correlation_id;
} PdAuthErrorPrivate;

static void
pd_auth_error_private_init (PdAuthErrorPrivate *priv)
{
  priv->service_error = NULL;
  priv->service_code = NULL;
  priv->description = NULL;
  priv->trace_id = NULL;
  priv->correlation_id = NULL;
}

static void
pd_auth_error_private_copy (const PdAuthErrorPrivate *src_priv,
                            PdAuthErrorPrivate       *dest_priv)
{
  dest_priv->service_error = g_strdup (src_priv->service_error);
  dest_priv->service_code = g_strdup (src_priv->service_code);
  dest_priv->description = g_strdup (src_priv->description);
  dest_priv->trace_id = g_strdup (src_priv->trace_id);
  dest_priv->correlation_id = g_strdup (src_priv->correlation_id);
}

static void
pd_auth_error_private_clear (PdAuthErrorPrivate *priv)
{
  g_clear_pointer (&priv->service_error, g_free);
  g_clear_pointer (&priv->service_code, g_free);
  g_clear_pointer (&priv->description, g_free);
  g_clear_pointer (&priv->trace_id, g_free);
  g_clear_pointer (&priv->correlation_id, g_free);
}

/* Extended, like PD_API_ERROR, so the details survive g_error_copy and GTask. */
G_DEFINE_EXTENDED_ERROR (PdAuthError, pd_auth_error)

const char *
pd_auth_error_code_to_string (PdAuthErrorCode code)
{
  switch (code)
    {
    case PD_AUTH_ERROR_CANCELLED:        return "cancelled";
    case PD_AUTH_ERROR_DECLINED:         return "declined";
    case PD_AUTH_ERROR_MFA_REQUIRED:     return "mfa-required";
    case PD_AUTH_ERROR_CONSENT_REQUIRED: return "consent-required";
    case PD_AUTH_ERROR_APP_NOT_FOUND:    return "app-not-found";
    case PD_AUTH_ERROR_WRONG_CLOUD:      return "wrong-cloud";
    case PD_AUTH_ERROR_EXPIRED:          return "expired";
    case PD_AUTH_ERROR_SIGN_IN_REQUIRED: return "sign-in-required";
    case PD_AUTH_ERROR_SERVICE:          return "service";
    case PD_AUTH_ERROR_NETWORK:          return "network";
    default:                             return "unknown";
    }
}

GError *
pd_auth_error_new (PdAuthErrorCode  code,
                   const char      *service_error,
                   const char      *service_code,
                   const char      *description,
                   const char      *trace_id,
                   const char      *correlation_id)
{
  PdAuthErrorPrivate *priv;
  GError *error;

  /* The message is for logs and developers; people get pd_api_error_to_user_message(). */
  if (description != NULL && *description != '\0')
    error = g_error_new (PD_AUTH_ERROR, code, "%s", description);
  else if (service_error != NULL && *service_error != '\0')
    error = g_error_new (PD_AUTH_ERROR, code, "Sign-in error %s (%s)", service_error,
                         pd_auth_error_code_to_string (code));
  else
    error = g_error_new (PD_AUTH_ERROR, code, "Sign-in error (%s)",
                         pd_auth_error_code_to_string (code));

  priv = pd_auth_error_get_private (error);
  priv->service_error = g_strdup (service_error);
  priv->service_code = g_strdup (service_code);
  priv->description = g_strdup (description);
  priv->trace_id = g_strdup (trace_id);
  priv->correlation_id = g_strdup (correlation_id);

  return error;
}

/* "AADSTS50076: Due to …" → 50076; 0 when @text does not start with a code. */
static guint
aadsts_number_of (const char *text)
{
  const char *digits;
  char *end = NULL;
  guint64 number;

  if (text == NULL || !g_str_has_prefix (text, "AADSTS"))
    return 0;

  digits = text + strlen ("AADSTS");
  if (!g_ascii_isdigit (*digits))
    return 0;
  number = g_ascii_strtoull (digits, &end, 10);
  return number <= G_MAXUINT ? (guint) number : 0;
}

static gboolean
number_in (guint        number,
           const guint *list,
           gsize        n_list)
{
  for (gsize i = 0; i < n_list; i++)
    if (list[i] == number)
      return TRUE;
  return FALSE;
}

GError *
pd_auth_error_new_from_service (const char *service_error,
                                const char *error_subcode,
                                const char *description,
                                guint       error_code,
                                const char *trace_id,
                                const char *correlation_id)
{
  /* Entra's codes for "strong authentication is required". */
  static const guint mfa_codes[] = { 50072, 50074, 50076, 50079, 50158 };
  /* "The app needs consent": by the user, by an admin, or not granted to the tenant. */
  static const guint consent_codes[] = { 65001, 90094, 90095 };
  /* The tenant, the Partner Center resource or the app registration is not in this cloud:
   * tenant not found, resource principal not found, cross-cloud requests refused. */
  static const guint wrong_cloud_codes[] = { 90002, 90072, 500011, 900382, 900432, 50049 };
  g_autofree char *service_code = NULL;
  PdAuthErrorCode code;
  guint number;

  number = aadsts_number_of (description);
  if (number == 0)
    number = error_code;
  if (number != 0)
    service_code = g_strdup_printf ("AADSTS%u", number);

  if (number == 700016)
    code = PD_AUTH_ERROR_APP_NOT_FOUND;
  else if (number == 65004 || g_strcmp0 (service_error, "access_denied") == 0 ||
           g_strcmp0 (service_error, "authorization_declined") == 0)
    code = g_strcmp0 (error_subcode, "cancel") == 0 ? PD_AUTH_ERROR_CANCELLED
                                                    : PD_AUTH_ERROR_DECLINED;
  else if (number_in (number, mfa_codes, G_N_ELEMENTS (mfa_codes)))
    code = PD_AUTH_ERROR_MFA_REQUIRED;
  else if (g_strcmp0 (service_error, "consent_required") == 0 ||
           number_in (number, consent_codes, G_N_ELEMENTS (consent_codes)))
    code = PD_AUTH_ERROR_CONSENT_REQUIRED;
  else if (number_in (number, wrong_cloud_codes, G_N_ELEMENTS (wrong_cloud_codes)))
    code = PD_AUTH_ERROR_WRONG_CLOUD;
  else if (g_strcmp0 (service_error, "interaction_required") == 0)
    code = PD_AUTH_ERROR_MFA_REQUIRED;
  else if (g_strcmp0 (service_error, "unauthorized_client") == 0)
    code = PD_AUTH_ERROR_APP_NOT_FOUND;
  else if (g_strcmp0 (service_error, "expired_token") == 0)
    code = PD_AUTH_ERROR_EXPIRED;
  else
    code = PD_AUTH_ERROR_SERVICE;

  return pd_auth_error_new (code, service_error, service_code, description,
                            trace_id, correlation_id);
}

#define DEFINE_GETTER(field)                                               \
  const char *                                                             \
  pd_auth_error_get_##field (const GError *error)                          \
  {                                                                        \
    PdAuthErrorPrivate *priv;                                              \
                                                                           \
    g_return_val_if_fail (error != NULL, NULL);                            \
                                                                           \
    priv = error->domain == PD_AUTH_ERROR ? pd_auth_error_get_private (error) \
                                          : NULL;                          \
    return priv != NULL ? priv->field : NULL;                              \
  }

DEFINE_GETTER (service_error)
DEFINE_GETTER (service_code)
DEFINE_GETTER (description)
DEFINE_GETTER (trace_id)
DEFINE_GETTER (correlation_id)
