/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-choice.h: "You entered" beside the server's "Suggested" address; the user picks. */
#pragma once

#include <adwaita.h>

#include "pd-address.h"

G_BEGIN_DECLS

#define PD_TYPE_ADDRESS_CHOICE (pd_address_choice_get_type ())

G_DECLARE_FINAL_TYPE (PdAddressChoice, pd_address_choice, PD, ADDRESS_CHOICE, GtkWidget)

GtkWidget *pd_address_choice_new          (void);
/* @suggested: (element-type PdAddress): the server's suggestions (at least one).
 * "You entered" starts selected: nothing changes unless the user picks a suggestion. */
void       pd_address_choice_set_addresses (PdAddressChoice *self,
                                            PdAddress       *entered,
                                            GPtrArray       *suggested,
                                            const char      *message);
/* Returns: (transfer none): the entered address or the suggestion the user picked. */
PdAddress *pd_address_choice_get_selected (PdAddressChoice *self);
gboolean   pd_address_choice_get_suggestion_selected (PdAddressChoice *self);
/* Selects suggestion @index (-1: what the user entered). */
void       pd_address_choice_select       (PdAddressChoice *self,
                                           int              index);

/* Whether @suggested differs from @entered in anything the form shows. */
gboolean   pd_address_differs             (PdAddress       *entered,
                                           PdAddress       *suggested);

G_END_DECLS
