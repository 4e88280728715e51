/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window-session.c: the window's signed-in session: restoring it at start, showing who
 * is signed in, asking to sign in again, signing out, and the browser opener sign-in uses. */

#include "config.h"

#define G_LOG_DOMAIN "pd-window"

#include <glib/gi18n.h>

#include "pd-cache.h"
#include "pd-open-uri.h"
#include "pd-sign-in-page.h"
#include "pd-window-private.h"

static char *
account_display (PdOAuthTokenProvider *provider)
{
  const char *name = pd_oauth_token_provider_get_account_name (provider);
  const char *username = pd_oauth_token_provider_get_account_username (provider);

  if (name != NULL && *name != '\0' && username != NULL && *username != '\0')
    /* Translators: the signed-in account: %1$s the person's name, %2$s the username. */
    return g_strdup_printf (_("%1$s (%2$s)"), name, username);
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  if (username != NULL && *username != '\0')
    return g_strdup (username);

  return NULL;
}

void
pd_window_show_signed_in (PdWindow *self)
{
  PdConnection *connection = pd_oauth_token_provider_get_connection (self->provider);
  g_autoptr(PdClient) client = NULL;
  g_autofree char *account = account_display (self->provider);
  g_autoptr(PdCache) cache = NULL;

  /* A new client for the new session: the list reloads from scratch. */
  client = pd_client_new (pd_connection_get_api_base_url (connection),
                          PD_TOKEN_PROVIDER (self->provider));
  /* Another account on the same connection (the session ended, someone else signed in):
   * the customers cached for the one before are not this one's to see. */
  cache = pd_cache_dup_for_client (client);
  if (self->account_cache != NULL
      && g_strcmp0 (pd_cache_get_path (self->account_cache), pd_cache_get_path (cache)) != 0)
    pd_cache_clear (self->account_cache);
  g_set_object (&self->account_cache, cache);
  pd_window_apply_client (self, client, pd_connection_get_title (connection));
  pd_customers_page_set_account (self->customers_page, account);

  if (account != NULL)
    {
      /* Translators: the window title; %1$s names the cloud, %2$s the signed-in account. */
      g_autofree char *title = g_strdup_printf (_("Partner Desk — %1$s — %2$s"),
                                                pd_connection_get_title (connection), account);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

static void
sign_in_required_cb (PdWindow             *self,
                     PdOAuthTokenProvider *provider)
{
  g_autoptr(GError) error = NULL;

  /* An open edit form asks by itself when its submit fails, keeping the edits; the list
   * under it must not vanish meanwhile. */
  if (pd_window_has_edit_window (self))
    return;

  error = g_error_new_literal (PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED,
                               "Sign-in required");
  pd_window_show_sign_in (self, error);
}

static void
keyring_failed_cb (PdWindow             *self,
                   const GError         *error,
                   PdOAuthTokenProvider *provider)
{
  AdwToast *toast;

  /* Once is enough: each token refresh would say it again. */
  if (self->keyring_warned)
    return;
  self->keyring_warned = TRUE;

  toast = adw_toast_new (_("Sign-in won't be remembered: the keyring is not available."));
  adw_toast_set_timeout (toast, 10);
  pd_window_add_toast (self, toast);
}

static void
restore_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = pd_oauth_token_provider_restore_finish (PD_OAUTH_TOKEN_PROVIDER (source), result, &error);
  /* A sign-in restored for a connection the window has left since is not this window's. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || PD_OAUTH_TOKEN_PROVIDER (source) != self->provider)
    return;

  if (ok)
    {
      pd_window_show_signed_in (self);
      return;
    }

  pd_window_hide_connecting (self);
  if (g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_NETWORK))
    {
      g_autofree char *message = pd_api_error_to_user_message (error);

      adw_status_page_set_description (self->offline_status, message);
      gtk_stack_set_visible_child_name (self->main_stack, "offline");
      pd_window_update_actions (self);
      return;
    }

  /* No stored sign-in is the normal first start: no error to show for it. */
  pd_window_show_sign_in (self, g_error_matches (error, PD_AUTH_ERROR,
                                                 PD_AUTH_ERROR_SIGN_IN_REQUIRED)
                                ? NULL : error);
}

void
pd_window_restore (PdWindow *self)
{
  g_cancellable_cancel (self->auth_cancellable);
  g_clear_object (&self->auth_cancellable);
  self->auth_cancellable = g_cancellable_new ();

  pd_window_show_connecting (self, _("Signing In…"));
  pd_oauth_token_provider_restore_async (self->provider, self->auth_cancellable, restore_cb,
                                         g_object_ref (self));
}

void
pd_window_retry_sign_in_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PdWindow *self = user_data;

  if (self->provider != NULL)
    pd_window_restore (self);
}

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_oauth_token_provider_sign_out_finish (PD_OAUTH_TOKEN_PROVIDER (source), result,
                                                &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = pd_api_error_to_user_message (error);
      pd_window_add_toast (self, adw_toast_new (message));
    }

  if (PD_OAUTH_TOKEN_PROVIDER (source) == self->provider)
    pd_window_show_sign_in (self, NULL);
}

void
pd_window_sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PdWindow *self = user_data;

  if (self->provider == NULL)
    return;

  /* The account's cached customers are nobody else's: they go with the sign-in. The key
   * names the account, so this comes before the sign-out forgets it. */
  if (self->client != NULL)
    pd_cache_delete_for_client (self->client);
  pd_oauth_token_provider_sign_out_async (self->provider, self->auth_cancellable, sign_out_cb,
                                          g_object_ref (self));
}

void
pd_window_drop_provider (PdWindow *self)
{
  g_cancellable_cancel (self->auth_cancellable);
  g_clear_object (&self->auth_cancellable);
  if (self->provider != NULL)
    g_signal_handlers_disconnect_by_data (self->provider, self);
  g_clear_object (&self->provider);
  /* Another connection is no account switch: its cache stays for when it comes back. */
  g_clear_object (&self->account_cache);
  pd_sign_in_page_set_provider (self->sign_in_page, NULL);
}

void
pd_window_set_token_provider (PdWindow             *self,
                              PdOAuthTokenProvider *provider)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (provider == NULL || PD_IS_OAUTH_TOKEN_PROVIDER (provider));

  g_object_ref (self);
  if (provider != NULL)
    g_object_ref (provider);

  pd_window_drop_provider (self);
  pd_window_apply_client (self, NULL, NULL);

  if (provider != NULL)
    {
      self->provider = provider;
      g_signal_connect_object (provider, "sign-in-required", G_CALLBACK (sign_in_required_cb),
                               self, G_CONNECT_SWAPPED);
      self->keyring_warned = FALSE;
      g_signal_connect_object (provider, "keyring-failed", G_CALLBACK (keyring_failed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (provider, "notify::signed-in",
                               G_CALLBACK (pd_window_update_actions), self, G_CONNECT_SWAPPED);
      pd_sign_in_page_set_provider (self->sign_in_page, provider);
      pd_window_restore (self);
    }

  pd_window_update_actions (self);
  g_object_unref (self);
}

PdOAuthTokenProvider *
pd_window_get_token_provider (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->provider;
}

void
pd_window_show_sign_in (PdWindow     *self,
                        const GError *reason)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  if (self->provider == NULL)
    return;

  pd_window_apply_client (self, NULL, NULL);
  pd_sign_in_page_set_provider (self->sign_in_page, self->provider);

  /* Which cloud this window is about to work on, before anyone signs in. */
  {
    const char *cloud = pd_connection_get_title (
      pd_oauth_token_provider_get_connection (self->provider));
    /* Translators: the window title; %s names the connection, e.g. "Demo Data". */
    g_autofree char *title = g_strdup_printf (_("Partner Desk — %s"), cloud);

    adw_window_title_set_subtitle (self->sign_in_title, cloud);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  if (reason != NULL)
    pd_sign_in_page_show_error (self->sign_in_page, reason);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  pd_window_update_actions (self);
}

void
pd_window_set_open_uri_func (PdWindow      *self,
                             PdOpenUriFunc  func,
                             gpointer       user_data)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  self->open_uri = func;
  self->open_uri_data = user_data;
  pd_open_uri_set_for_window (GTK_WINDOW (self), func, user_data);
  pd_sign_in_page_set_open_uri_func (self->sign_in_page, func, user_data);
}

PdOpenUriFunc
pd_window_get_open_uri_func (PdWindow *self,
                             gpointer *user_data)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  if (user_data != NULL)
    *user_data = self->open_uri_data;

  return self->open_uri;
}
