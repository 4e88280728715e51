/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the Partner Desk entry point: set up gettext, then run the application. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");

  /* Tests and uninstalled runs point at the build tree's compiled catalogs. */
  localedir = g_getenv ("PARTNER_DESK_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
