/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-application.h: the Partner Desk application: options, connection, app actions. */
#pragma once

#include <adwaita.h>

#include "pd-core.h"

G_BEGIN_DECLS

/* Mirrors the "connection-kind" enum of the settings schema. */
typedef enum
{
  PD_CONNECTION_NONE,
  PD_CONNECTION_DEMO,
  PD_CONNECTION_GLOBAL,
  PD_CONNECTION_CHINA,
  PD_CONNECTION_CUSTOM,
} PdConnectionKind;

/* The kind of connection @cloud is, as the settings name it (the sandbox: CUSTOM). */
PdConnectionKind pd_connection_kind_for_cloud  (PdCloud   cloud);
/* The kind of connection a client with its own tokens is: the embedded demo sandbox when
 * it is on this machine, else --endpoint's address (NULL: NONE). */
PdConnectionKind pd_connection_kind_for_client (PdClient *client);

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new     (void);

/* Connects the active window: @kind DEMO starts the embedded sandbox; the others sign in
 * to the connection kept in the settings (client ID, tenant; for CUSTOM the addresses, with
 * @url, when given, as the API base URL): from the keyring if possible, else the sign-in
 * page. (--endpoint uses a fixed token from PARTNER_DESK_TOKEN instead.)
 * With @remember the choice is saved as the connection restored at the next start. */
void           pd_application_connect (PdApplication    *self,
                                       PdConnectionKind  kind,
                                       const char       *url,
                                       gboolean          remember);

G_END_DECLS
