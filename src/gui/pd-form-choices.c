/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-form-choices.c: the edit form's drop-downs: names for the codes they hold, shown in full. */

#include "config.h"

#define G_LOG_DOMAIN "pd-form-choices"

#include <glib/gi18n.h>

#include "pd-core.h"
#include "pd-form-choices.h"

/* Display names for the languages of Partner Center's markets. */
const char *
pd_language_get_name (const char *code)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", N_("Arabic") }, { "be", N_("Belarusian") }, { "cs", N_("Czech") },
    { "da", N_("Danish") }, { "de", N_("German") }, { "el", N_("Greek") }, { "en", N_("English") },
    { "es", N_("Spanish") }, { "fi", N_("Finnish") }, { "fr", N_("French") },
    { "he", N_("Hebrew") }, { "hu", N_("Hungarian") }, { "it", N_("Italian") },
    { "ja", N_("Japanese") }, { "kk", N_("Kazakh") }, { "ko", N_("Korean") },
    { "nb", N_("Norwegian Bokmål") }, { "nl", N_("Dutch") }, { "pl", N_("Polish") },
    { "pt", N_("Portuguese") }, { "ro", N_("Romanian") }, { "ru", N_("Russian") },
    { "sv", N_("Swedish") }, { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") },
    { "zh", N_("Chinese") },
  };

  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (names[i].code, code) == 0)
      return _(names[i].name);

  return code;
}

/* "ru-RU" as "Russian (Russia)": the language as the language row names it, and the
 * country as the address names it. */
char *
pd_culture_get_name (const char *code)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *country = NULL;
  const char *language;

  g_return_val_if_fail (code != NULL, NULL);

  parts = g_strsplit (code, "-", 2);
  if (parts[0] == NULL || parts[1] == NULL || *parts[1] == '\0')
    return g_strdup (pd_language_get_name (code));

  language = pd_language_get_name (parts[0]);
  country = g_ascii_strup (parts[1], -1);
  /* An unknown pair reads best as the code itself. */
  if (language == parts[0] && g_str_equal (pd_country_get_name (country), country))
    return g_strdup (code);

  /* Translators: a culture (locale): %1$s the language, %2$s the country, as in
   * "Russian (Russia)" */
  return g_strdup_printf (C_("culture", "%1$s (%2$s)"), language, pd_country_get_name (country));
}

static void
setup_choice_label (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/* In the pop-up list: the name, and a check mark on the chosen one. */
static void
setup_choice_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  g_object_bind_property (item, "selected", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, box);
}

static void
bind_choice_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  if (GTK_IS_BOX (label))
    label = gtk_widget_get_first_child (label);
  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (string));
}

/* The drop-downs' own labels stop at 20 characters: "English (United Kingdom)" and
 * «Английский (Соединенное Королевство)» would be cut in a row with room to spare. */
void
pd_combo_row_show_full_names (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_label), NULL);
  adw_combo_row_set_factory (row, factory);
  g_signal_connect (list_factory, "setup", G_CALLBACK (setup_choice_item), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (bind_choice_label), NULL);
  adw_combo_row_set_list_factory (row, list_factory);
}
