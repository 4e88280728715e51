/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-oauth-token-provider-private.h: what the provider's files (the GObject, the two sign-in
 * flows, the token store and the identity-service POST) share. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pd-oauth-token-provider.h"

G_BEGIN_DECLS

/* The one refresh in flight (pd-oauth-token-store.c). */
typedef struct _PdOAuthRefresh PdOAuthRefresh;

struct _PdOAuthTokenProvider
{
  GObject         parent_instance;

  PdConnection   *connection;
  gboolean        use_keyring;
  SoupSession    *session;

  /* Tokens: in memory only, wiped when dropped (pd_oauth_token_free). */
  char           *access_token;
  gint64          expires_at;        /* monotonic µs */
  gint64          lifetime;          /* µs the current access token was issued for */
  char           *refresh_token;
  char           *account_name;
  char           *account_username;
  gboolean        signed_in;
  /* Bumped by every sign-in and sign-out, so a refresh started before is not applied. */
  guint           generation;

  PdOAuthRefresh *refresh;           /* the refresh in flight, shared by all waiters */

  /* Keyring writes in flight; sign-out clears only after them, or a late store
   * would bring a token back. */
  guint           keyring_writes;
  GPtrArray      *after_keyring_writes;  /* GTask of sign-outs waiting */

  guint           refresh_margin;
  char           *login_hint;
  guint           device_poll_interval_ms;
  guint           browser_timeout_s;
};

/* pd-oauth-token-provider.c: state changes that notify or emit, and small shared helpers */

void      pd_oauth_token_free                      (char                 *token);
void      pd_oauth_token_provider_set_signed_in    (PdOAuthTokenProvider *self,
                                                    gboolean              signed_in);
void      pd_oauth_token_provider_set_account_name (PdOAuthTokenProvider *self,
                                                    const char           *name);
void      pd_oauth_token_provider_set_account_username
                                                   (PdOAuthTokenProvider *self,
                                                    const char           *username);
void      pd_oauth_token_provider_emit_sign_in_required
                                                   (PdOAuthTokenProvider *self);
void      pd_oauth_token_provider_emit_keyring_failed
                                                   (PdOAuthTokenProvider *self,
                                                    const GError         *error);
/* A task for a sign-in; %NULL (and the callback told) when the connection is incomplete. */
GTask    *pd_oauth_token_provider_new_sign_in_task (PdOAuthTokenProvider *self,
                                                    gpointer              source_tag,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* What every public boolean _finish checks and returns. */
gboolean  pd_oauth_token_provider_finish_boolean   (PdOAuthTokenProvider *self,
                                                    GAsyncResult         *result,
                                                    gpointer              source_tag,
                                                    GError              **error);
/* Fails @task; takes both @task and @error. */
void      pd_oauth_task_fail                       (GTask                *task,
                                                    GError               *error);
/* A source on @task's context that calls @callback (with @task) after @interval_ms, or as
 * soon as the task's cancellable is cancelled: the callback checks which. */
GSource  *pd_oauth_task_wait_source_new            (GTask                *task,
                                                    guint                 interval_ms,
                                                    GSourceFunc           callback);

/* pd-oauth-post.c: one call to the identity service */

/* POSTs @form (transfer full, from soup_form_encode) to @url (nullable). Finish gives the
 * JSON object of a 2xx answer; an OAuth error answer becomes PD_AUTH_ERROR. */
void        pd_oauth_post_form_async  (PdOAuthTokenProvider  *self,
                                       const char            *url,
                                       char                  *form,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
JsonObject *pd_oauth_post_form_finish (GAsyncResult          *result,
                                       GError               **error);
char       *pd_oauth_token_endpoint   (PdOAuthTokenProvider  *self);
const char *pd_oauth_or_empty         (const char            *value);
/* A number of seconds from an answer, @fallback when missing or malformed, clamped. */
guint       pd_oauth_seconds_member   (JsonObject            *object,
                                       const char            *name,
                                       guint                  fallback,
                                       guint                  min,
                                       guint                  max);

/* pd-oauth-token-store.c: the tokens, in memory and in the keyring, and refreshing them */

void      pd_oauth_token_provider_iface_init  (PdTokenProviderInterface *iface);
/* Takes a flow's token answer as the new sign-in and stores it; takes @task (returned
 * TRUE when stored, or the error). */
void      pd_oauth_token_provider_finish_sign_in (PdOAuthTokenProvider *self,
                                                  GTask                *task,
                                                  JsonObject           *answer);

G_END_DECLS
