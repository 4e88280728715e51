/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-auth-error.h: the sign-in error domain, with the identity service's codes kept for support. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_AUTH_ERROR (pd_auth_error_quark ())

/**
 * PdAuthErrorCode:
 * @PD_AUTH_ERROR_CANCELLED: the user cancelled the sign-in at the identity service
 * @PD_AUTH_ERROR_DECLINED: the user declined (access_denied)
 * @PD_AUTH_ERROR_MFA_REQUIRED: the tenant requires multifactor authentication (AADSTS50076, …)
 * @PD_AUTH_ERROR_CONSENT_REQUIRED: an admin has to consent to the app (AADSTS65001, …)
 * @PD_AUTH_ERROR_APP_NOT_FOUND: the client ID is not registered (AADSTS700016)
 * @PD_AUTH_ERROR_WRONG_CLOUD: account, tenant or app belong to the other cloud
 * @PD_AUTH_ERROR_EXPIRED: the device code expired before the user approved it
 * @PD_AUTH_ERROR_SIGN_IN_REQUIRED: no stored sign-in, or refreshing it failed
 * @PD_AUTH_ERROR_SERVICE: any other answer of the identity service
 * @PD_AUTH_ERROR_NETWORK: the identity service could not be reached
 *
 * Cancelling through a #GCancellable gives %G_IO_ERROR_CANCELLED, not
 * %PD_AUTH_ERROR_CANCELLED, so that callers can stay quiet about it.
 */
typedef enum
{
  PD_AUTH_ERROR_CANCELLED,
  PD_AUTH_ERROR_DECLINED,
  PD_AUTH_ERROR_MFA_REQUIRED,
  PD_AUTH_ERROR_CONSENT_REQUIRED,
  PD_AUTH_ERROR_APP_NOT_FOUND,
  PD_AUTH_ERROR_WRONG_CLOUD,
  PD_AUTH_ERROR_EXPIRED,
  PD_AUTH_ERROR_SIGN_IN_REQUIRED,
  PD_AUTH_ERROR_SERVICE,
  PD_AUTH_ERROR_NETWORK,
} PdAuthErrorCode;

GQuark           pd_auth_error_quark              (void);

/* Builds an error with details; any of the strings may be NULL. @service_code is the
 * AADSTS code ("AADSTS50076"). */
GError          *pd_auth_error_new                (PdAuthErrorCode  code,
                                                   const char      *service_error,
                                                   const char      *service_code,
                                                   const char      *description,
                                                   const char      *trace_id,
                                                   const char      *correlation_id);

/* Maps an OAuth error answer (`error`, `error_description`, `error_subcode`, …) to the
 * code that says what the user can do. The AADSTS code is taken from @description
 * when it starts with one, else from @error_code (0 when unknown). */
GError          *pd_auth_error_new_from_service   (const char      *service_error,
                                                   const char      *error_subcode,
                                                   const char      *description,
                                                   guint            error_code,
                                                   const char      *trace_id,
                                                   const char      *correlation_id);

/* Details carried by a PD_AUTH_ERROR (NULL for other errors or when unknown). */
const char      *pd_auth_error_get_service_error  (const GError    *error);
const char      *pd_auth_error_get_service_code   (const GError    *error);
const char      *pd_auth_error_get_description    (const GError    *error);
const char      *pd_auth_error_get_trace_id       (const GError    *error);
const char      *pd_auth_error_get_correlation_id (const GError    *error);

/* A stable name for the code ("mfa-required"), for details and logs. */
const char      *pd_auth_error_code_to_string     (PdAuthErrorCode  code);

G_END_DECLS
