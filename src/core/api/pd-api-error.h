/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-api-error.h: the one error domain for talking to Partner Center, with server details. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_API_ERROR (pd_api_error_quark ())

/**
 * PdApiErrorCode:
 * @PD_API_ERROR_NETWORK: the server could not be reached or the connection broke
 * @PD_API_ERROR_UNAUTHORIZED: 401: the sign-in is missing or expired
 * @PD_API_ERROR_FORBIDDEN: 403: the account may not do this
 * @PD_API_ERROR_NOT_FOUND: 404
 * @PD_API_ERROR_CONFLICT: 409, 412, or 400 with code 2055: changed elsewhere
 * @PD_API_ERROR_INVALID: 400: the server refused a value (see the description)
 * @PD_API_ERROR_THROTTLED: 429: too many requests
 * @PD_API_ERROR_SERVER: 5xx
 * @PD_API_ERROR_PROTOCOL: the answer could not be understood (bad JSON, wrong shape)
 */
typedef enum
{
  PD_API_ERROR_NETWORK,
  PD_API_ERROR_UNAUTHORIZED,
  PD_API_ERROR_FORBIDDEN,
  PD_API_ERROR_NOT_FOUND,
  PD_API_ERROR_CONFLICT,
  PD_API_ERROR_INVALID,
  PD_API_ERROR_THROTTLED,
  PD_API_ERROR_SERVER,
  PD_API_ERROR_PROTOCOL,
} PdApiErrorCode;

/**
 * PdApiErrorCause:
 * @PD_API_ERROR_CAUSE_NONE: nothing more specific than the code
 * @PD_API_ERROR_CAUSE_ENDLESS_PAGES: (protocol) the next links repeat or run far past
 *   `totalCount`
 * @PD_API_ERROR_CAUSE_REDIRECTED: (protocol) the server answered with a redirect, which the
 *   API never does
 * @PD_API_ERROR_CAUSE_TOO_LARGE: (protocol) the answer is larger than any real one
 * @PD_API_ERROR_CAUSE_TIMED_OUT: (network) the server stopped sending, even after retries
 *
 * What the client itself found wrong with an answer, so the user message can say it.
 */
typedef enum
{
  PD_API_ERROR_CAUSE_NONE,
  PD_API_ERROR_CAUSE_ENDLESS_PAGES,
  PD_API_ERROR_CAUSE_REDIRECTED,
  PD_API_ERROR_CAUSE_TOO_LARGE,
  PD_API_ERROR_CAUSE_TIMED_OUT,
} PdApiErrorCause;

/* The server code of the PD_API_ERROR_PROTOCOL error for a billing profile the server
 * gives no etag for: without a version a PUT would overwrite whatever is there. */
#define PD_API_ERROR_CODE_NO_ETAG "PartnerDesk.NoEtag"

GQuark      pd_api_error_quark              (void);

/* Builds an error with details; any of the strings may be NULL. */
GError     *pd_api_error_new                (PdApiErrorCode  code,
                                             guint           http_status,
                                             const char     *server_code,
                                             const char     *description,
                                             const char     *request_id,
                                             const char     *correlation_id);

/* Details carried by a PD_API_ERROR (NULL / 0 for other errors or when unknown). */
/* The service could not be reached (no network, refused, timed out, or the sign-in
 * service unreachable): what was read before may be shown, read-only, until it can be. */
gboolean    pd_api_error_is_offline         (const GError   *error);
guint       pd_api_error_get_http_status    (const GError   *error);
const char *pd_api_error_get_server_code    (const GError   *error);
const char *pd_api_error_get_description    (const GError   *error);
const char *pd_api_error_get_request_id     (const GError   *error);
const char *pd_api_error_get_correlation_id (const GError   *error);
/* Seconds from Retry-After, 0 when none. */
guint       pd_api_error_get_retry_after    (const GError   *error);
void        pd_api_error_set_retry_after    (GError         *error,
                                             guint           seconds);
/* The connection the error is about, for people ("Partner Center", "Demo Data", a custom
 * server's host); NULL when unknown. The client sets it on the errors of its requests. */
const char *pd_api_error_get_service        (const GError   *error);
void        pd_api_error_set_service        (GError         *error,
                                             const char     *service);
PdApiErrorCause pd_api_error_get_cause      (const GError   *error);
void        pd_api_error_set_cause          (GError         *error,
                                             PdApiErrorCause cause);

/* THE place that turns an error into words for people: a translated sentence saying
 * what happened and what to do. Works for any GError (network, cancelled, …). */
char       *pd_api_error_to_user_message    (const GError   *error);
/* The same for reading a customer's history: 403 names the role it needs, 400 the date
 * range, 404 says the cloud keeps no activity log; others as above. */
char       *pd_api_error_to_history_message (const GError   *error);
/**
 * PdApiErrorActivity:
 * @PD_API_ERROR_ACTIVITY_LOAD: loading the customer list; the rows so far are shown
 * @PD_API_ERROR_ACTIVITY_REFRESH: loading again a list that was complete; its rows are shown
 *
 * What the user was doing when the error came: the one-line message starts by saying it.
 */
typedef enum
{
  PD_API_ERROR_ACTIVITY_LOAD,
  PD_API_ERROR_ACTIVITY_REFRESH,
} PdApiErrorActivity;

/* The same place, one line long, for a status bar that stays while the rows may be out of
 * date ("Could not refresh: Partner Center is not reachable"); its tooltip gives the full
 * sentence of pd_api_error_to_user_message(). */
char       *pd_api_error_to_status_message  (const GError      *error,
                                             PdApiErrorActivity activity);
/* Multi-line text for "Copy details": code, HTTP status, description, MS-RequestId,
 * MS-CorrelationId (labels not translated: it goes to support). */
char       *pd_api_error_to_details         (const GError   *error);

G_END_DECLS
