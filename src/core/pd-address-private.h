/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-private.h: what the profile models need from PdAddress beyond its public API. */
#pragma once

#include "pd-address.h"

G_BEGIN_DECLS

/* Whether the members the app does not model (district, future fields, …) are equal. */
gboolean pd_address_unknown_members_equal (PdAddress *a,
                                           PdAddress *b);

G_END_DECLS
