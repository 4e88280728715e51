/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-open-uri.c: who opens a sign-in address, kept on a window for the dialogs above it. */

#include "config.h"

#define G_LOG_DOMAIN "pd-open-uri"

#include "pd-open-uri.h"

/* Object data rather than a getter on the main window: a dialog (the edit form, its
 * sign-in window) stays a leaf that does not include the main window's header. */
#define OPENER_KEY "pd-open-uri-opener"

typedef struct
{
  PdOpenUriFunc func;
  gpointer      user_data;
} Opener;

void
pd_open_uri_set_for_window (GtkWindow     *window,
                            PdOpenUriFunc  func,
                            gpointer       user_data)
{
  Opener *opener;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (func == NULL)
    {
      g_object_set_data (G_OBJECT (window), OPENER_KEY, NULL);
      return;
    }

  opener = g_new0 (Opener, 1);
  opener->func = func;
  opener->user_data = user_data;
  g_object_set_data_full (G_OBJECT (window), OPENER_KEY, opener, g_free);
}

PdOpenUriFunc
pd_open_uri_get_for_window (GtkWindow *window,
                            gpointer  *user_data)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    {
      Opener *opener = g_object_get_data (G_OBJECT (w), OPENER_KEY);

      if (opener != NULL)
        {
          if (user_data != NULL)
            *user_data = opener->user_data;
          return opener->func;
        }
    }

  if (user_data != NULL)
    *user_data = NULL;
  return NULL;
}
