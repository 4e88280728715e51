/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-form-choices.h: the edit form's drop-downs: names for the codes they hold, shown in full. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Translated display name of a two-letter language code; the code when unknown. */
const char *pd_language_get_name         (const char  *code);
/* Translated display name of a culture ("ru-RU": "Russian (Russia)"); the code when
 * unknown. (transfer full) */
char       *pd_culture_get_name          (const char  *code);
/* Gives @row (a GtkStringList's strings) item factories that show each name in full,
 * with a check mark on the chosen one in the pop-up list. */
void        pd_combo_row_show_full_names (AdwComboRow *row);

G_END_DECLS
