/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-window-private.h: what the window's files share (pd-window.c: pages and connection;
 * pd-window-session.c: the signed-in session). */
#pragma once

#include "pd-cache.h"

#include "pd-customers-page.h"
#include "pd-sign-in-page.h"
#include "pd-window.h"

G_BEGIN_DECLS

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *connecting_status;
  GtkSpinner           *connecting_spinner;
  AdwLeaflet           *leaflet;
  PdCustomersPage      *customers_page;
  PdSignInPage         *sign_in_page;
  AdwWindowTitle       *sign_in_title;
  AdwStatusPage        *offline_status;

  GSettings            *settings;
  PdClient             *client;
  GtkWidget            *customer_page;
  /* What a client set from outside is; with a provider, its cloud says. */
  PdConnectionKind      connection_kind;

  PdOAuthTokenProvider *provider;
  /* The cache of the account signed in on this provider's connection: when another account
   * signs in there, this one's cached customers go (pd-window-session.c). */
  PdCache              *account_cache;
  /* The user has been told that this provider's sign-in will not be remembered. */
  gboolean              keyring_warned;
  GCancellable         *auth_cancellable;
  PdOpenUriFunc         open_uri;
  gpointer              open_uri_data;
  guint                 connecting_delay_id;
};

/* pd-window.c */
void pd_window_update_actions       (PdWindow      *self);
void pd_window_hide_connecting      (PdWindow      *self);
gboolean pd_window_has_edit_window  (PdWindow      *self);
void pd_window_apply_client         (PdWindow      *self,
                                     PdClient      *client,
                                     const char    *connection_title);

/* pd-window-session.c */
void pd_window_show_signed_in       (PdWindow      *self);
void pd_window_restore              (PdWindow      *self);
void pd_window_drop_provider        (PdWindow      *self);
void pd_window_retry_sign_in_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data);
void pd_window_sign_out_action      (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data);

G_END_DECLS
