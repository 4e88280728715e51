/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-a11y.h: what a screen reader reads of this process, and what it must not hear. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The process's AT-SPI tree (the application node: its children are the windows), read
 * by the pd-a11y-tree helper (PD_A11Y_TREE, else next to the test) while this main loop
 * answers it. Each node is a JSON object: "role", "name", "text", "focusable",
 * "children". */
JsonObject *pd_test_a11y_read_tree      (void);

/* The first node at or below @node whose role is @role (or any, if NULL) and whose name
 * is @name; NULL if none. */
JsonObject *pd_test_a11y_find           (JsonObject *node,
                                         const char *role,
                                         const char *name);

/* One line per fault at or below @node, each with the path of roles and names to it: a
 * control without a name, a mnemonic underscore in a name, a name said twice ("_Edit
 * Edit") or a widget's type name in place of a name ("GtkImage"). */
GPtrArray  *pd_test_a11y_faults         (JsonObject *node);

/* Reads the tree and marks the test failed, listing every fault of every window. */
void        pd_test_a11y_assert_clean   (void);

G_END_DECLS
