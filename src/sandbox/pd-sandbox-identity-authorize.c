/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-authorize.c: the authorize endpoint: the sign-in page, codes, redirects. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-identity-private.h"
#include "pd-sandbox-secret.h"

#define CODE_LIFETIME_S 600

/* Sends @query's error to the application's redirect_uri, as Entra does after a sign-in. */
static void
redirect_with (SoupServerMessage *msg,
               const char        *redirect_uri,
               GHashTable        *params)
{
  g_autofree char *query = soup_form_encode_hash (params);
  g_autofree char *location = g_strconcat (redirect_uri,
                                           strchr (redirect_uri, '?') != NULL ? "&" : "?",
                                           query, NULL);

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
redirect_error (SoupServerMessage *msg,
                const char        *redirect_uri,
                const char        *state,
                const char        *error,
                guint              aadsts,
                const char        *description)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = pd_sandbox_oauth_error_text (aadsts, description);

  g_hash_table_insert (params, (char *) "error", (char *) error);
  g_hash_table_insert (params, (char *) "error_description", text);
  if (state != NULL)
    g_hash_table_insert (params, (char *) "state", (char *) state);
  redirect_with (msg, redirect_uri, params);
}

static gboolean
redirect_uri_allowed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);

  return g_strcmp0 (host, "127.0.0.1") == 0 || g_ascii_strcasecmp (host, "localhost") == 0;
}

static void
approve_page (PdSandboxIdentity *self,
              SoupServerMessage *msg,
              GHashTable        *params,
              const char        *path,
              const char        *language)
{
  static const char * const carried[] = {
    "client_id", "response_type", "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method", "prompt", "login_hint", "response_mode",
  };
  GString *page = pd_sandbox_page_begin (language, _("Sign in to the Partner Desk sandbox"));
  g_autofree char *action = g_markup_escape_text (path, -1);

  pd_sandbox_page_paragraph (page, NULL, _("An application asks to use the sandbox’s Partner "
                                           "Center API as you. Approve only if you started this "
                                           "sign-in."));
  g_string_append (page, "<dl>\n");
  pd_sandbox_page_term (page, _("Application (client) ID"),
                        pd_sandbox_form_get (params, "client_id"));
  pd_sandbox_page_term (page, _("Permissions"), pd_sandbox_form_get (params, "scope"));
  pd_sandbox_page_term (page, _("Account"), self->user_email);
  g_string_append (page, "</dl>\n");
  g_string_append_printf (page, "<form method=\"post\" action=\"%s\">\n", action);
  for (gsize i = 0; i < G_N_ELEMENTS (carried); i++)
    pd_sandbox_page_hidden (page, carried[i], pd_sandbox_form_get (params, carried[i]));
  pd_sandbox_page_buttons (page);
  g_string_append (page, "</form>\n");
  pd_sandbox_page_demo_note (page);
  pd_sandbox_page_respond (msg, SOUP_STATUS_OK, page, language);
}

static void
issue_code (PdSandboxIdentity *self,
            SoupServerMessage *msg,
            GHashTable        *params,
            const char        *tenant)
{
  g_autoptr(GHashTable) answer = g_hash_table_new (g_str_hash, g_str_equal);
  char *code = pd_sandbox_random_token ("sandbox-code-");
  PdSandboxAuthCode *entry = g_new0 (PdSandboxAuthCode, 1);
  const char *state = pd_sandbox_form_get (params, "state");

  entry->client_id = g_strdup (pd_sandbox_form_get (params, "client_id"));
  entry->redirect_uri = g_strdup (pd_sandbox_form_get (params, "redirect_uri"));
  entry->challenge = g_strdup (pd_sandbox_form_get (params, "code_challenge"));
  entry->scope = g_strdup (pd_sandbox_form_get (params, "scope"));
  entry->tenant = g_strdup (tenant);
  entry->expires = g_get_monotonic_time () + CODE_LIFETIME_S * PD_SANDBOX_USEC;
  g_hash_table_insert (self->codes, code, entry);

  g_hash_table_insert (answer, (char *) "code", code);
  if (state != NULL)
    g_hash_table_insert (answer, (char *) "state", (char *) state);
  redirect_with (msg, entry->redirect_uri, answer);
}

/* Sends the application an error, as Entra does, when it cannot sign in with this request
 * (unknown application, no code flow or PKCE) or the account may not (test accounts whose
 * sign-in the directory refuses, like a real tenant's policies). Returns: whether it did. */
static gboolean
refuse_sign_in (PdSandboxIdentity *self,
                SoupServerMessage *msg,
                GHashTable        *params,
                const char        *redirect_uri)
{
  const char *client_id = pd_sandbox_form_get (params, "client_id");
  const char *state = pd_sandbox_form_get (params, "state");
  const char *login_hint = pd_sandbox_form_get (params, "login_hint");

  if (!pd_sandbox_identity_client_known (self, client_id))
    {
      g_autofree char *description = pd_sandbox_oauth_unknown_client_text (client_id);

      redirect_error (msg, redirect_uri, state, "unauthorized_client", AADSTS_APP_NOT_FOUND,
                      description);
    }
  else if (g_strcmp0 (pd_sandbox_form_get (params, "response_type"), "code") != 0)
    redirect_error (msg, redirect_uri, state, "unsupported_response_type",
                    AADSTS_BAD_RESPONSE_TYPE,
                    _("response_type 'code' is required: only the authorization code flow "
                      "is enabled for this application."));
  else if (pd_sandbox_form_get (params, "code_challenge") == NULL
           || g_strcmp0 (pd_sandbox_form_get (params, "code_challenge_method"), "S256") != 0)
    redirect_error (msg, redirect_uri, state, "invalid_request", AADSTS_PKCE_REQUIRED,
                    _("Proof Key for Code Exchange is required: send code_challenge with "
                      "code_challenge_method S256."));
  else if (login_hint != NULL && g_ascii_strncasecmp (login_hint, "mfa@", 4) == 0)
    redirect_error (msg, redirect_uri, state, "interaction_required", AADSTS_MFA_REQUIRED,
                    _("Due to a configuration change made by your administrator, or because "
                      "you moved to a new location, you must use multi-factor authentication "
                      "to access the Partner Center API."));
  else if (login_hint != NULL && g_ascii_strncasecmp (login_hint, "consent@", 8) == 0)
    redirect_error (msg, redirect_uri, state, "consent_required", AADSTS_CONSENT_REQUIRED,
                    _("The user or administrator has not consented to use the application. "
                      "Send an interactive authorization request for this user and resource."));
  else
    return FALSE;

  return TRUE;
}

void
pd_sandbox_identity_authorize (PdSandboxIdentity *self,
                               SoupServerMessage *msg,
                               const char        *tenant,
                               const char        *language)
{
  const char *method = soup_server_message_get_method (msg);
  const gboolean post = strcmp (method, "POST") == 0;
  g_autoptr(GHashTable) params = NULL;
  const char *redirect_uri;
  const char *state;

  if (!post && strcmp (method, "GET") != 0)
    {
      pd_sandbox_oauth_respond_not_allowed (msg, "GET, POST");
      return;
    }

  params = post ? pd_sandbox_form_from_body (msg) : pd_sandbox_form_from_query (msg);
  redirect_uri = pd_sandbox_form_get (params, "redirect_uri");
  state = pd_sandbox_form_get (params, "state");

  /* Without a trustworthy redirect_uri the error can only be shown here. */
  if (pd_sandbox_form_get (params, "client_id") == NULL)
    pd_sandbox_page_respond_bad_request (msg, language, _("The sign-in request has no "
                                                          "application (client) ID."));
  else if (redirect_uri == NULL || !redirect_uri_allowed (redirect_uri))
    pd_sandbox_page_respond_bad_request (msg, language,
                                         _("The reply address of the sign-in request must be "
                                           "http://127.0.0.1:PORT/… or "
                                           "http://localhost:PORT/…."));
  else if (refuse_sign_in (self, msg, params, redirect_uri))
    ;
  else if (post && g_strcmp0 (pd_sandbox_form_get (params, "action"), "approve") != 0)
    redirect_error (msg, redirect_uri, state, "access_denied", AADSTS_USER_DECLINED,
                    _("The user has declined to consent to access the app."));
  else if (post || self->auto_approve)
    issue_code (self, msg, params, tenant);
  else if (g_strcmp0 (pd_sandbox_form_get (params, "prompt"), "none") == 0)
    redirect_error (msg, redirect_uri, state, "login_required", AADSTS_LOGIN_REQUIRED,
                    _("The user is not signed in and prompt=none forbids asking."));
  else
    approve_page (self, msg, params, g_uri_get_path (soup_server_message_get_uri (msg)),
                  language);
}
