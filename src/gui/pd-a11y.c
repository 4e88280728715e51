/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-a11y.c: accessibility fix-ups the widgets of libadwaita 1.2 need. */

#include "config.h"

#define G_LOG_DOMAIN "pd-a11y"

#include <string.h>

#include "pd-a11y.h"

/* "Sign-In _Authority" → "Sign-In Authority"; "__" stays one underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '\0')
            break;
          p++;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * pd_a11y_label_entry_row:
 * @row: an entry row with its title set
 *
 * The focus of an #AdwEntryRow sits in the text inside it, and libadwaita 1.2 gives
 * that text no name: a screen reader would announce a nameless text field. The row's
 * visible title becomes the text's accessible name.
 */
void
pd_a11y_label_entry_row (AdwEntryRow *row)
{
  const char *title;
  g_autofree char *label = NULL;
  GtkEditable *text;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (title == NULL || text == NULL)
    return;

  label = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row))
          ? strip_mnemonic (title) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}
