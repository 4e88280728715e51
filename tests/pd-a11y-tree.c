/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-a11y-tree.c: prints, as JSON, the AT-SPI tree a screen reader sees of one process. */

/* Usage: pd-a11y-tree PID
 *
 * The UI tests spawn this while they keep their main loop running: AT-SPI calls are
 * synchronous D-Bus calls that the app answers from its main loop, so a process cannot
 * read its own tree. Each node is {"role", "name", "text", "showing", "focusable",
 * "children"}, "text" being what the Text interface holds (a label's words), as Orca
 * reads it. Exits 2 while no application of that PID is on the bus yet. */

#include "config.h"

#include <atspi/atspi.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

/* libatspi 2.46 declares no cleanup functions; its objects are GObjects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiText, g_object_unref)

/* A wrong tree (a node that vanished mid-walk) must not loop forever. */
#define MAX_DEPTH 64

static char *
read_text (AtspiAccessible *node)
{
  g_autoptr(AtspiText) text = atspi_accessible_get_text_iface (node);
  int count;

  if (text == NULL)
    return NULL;

  count = atspi_text_get_character_count (text, NULL);
  if (count <= 0)
    return NULL;

  return atspi_text_get_text (text, 0, count, NULL);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_node (JsonBuilder     *builder,
          AtspiAccessible *node,
          guint            depth)
{
  g_autofree char *role = atspi_accessible_get_role_name (node, NULL);
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  g_autofree char *text = read_text (node);
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (node);
  int n_children = atspi_accessible_get_child_count (node, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "role", role);
  add_string (builder, "name", name);
  add_string (builder, "text", text);
  json_builder_set_member_name (builder, "showing");
  json_builder_add_boolean_value (builder, atspi_state_set_contains (states, ATSPI_STATE_SHOWING));
  json_builder_set_member_name (builder, "focusable");
  json_builder_add_boolean_value (builder,
                                  atspi_state_set_contains (states, ATSPI_STATE_FOCUSABLE));

  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (int i = 0; depth < MAX_DEPTH && i < n_children; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (node, i, NULL);

      if (child != NULL)
        add_node (builder, child, depth + 1);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static AtspiAccessible *
find_application (guint pid)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == pid)
        return g_steal_pointer (&app);
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AtspiAccessible) app = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  guint64 pid;

  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT, &pid, NULL))
    {
      g_printerr ("usage: %s PID\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (atspi_init () < 0)
    {
      g_printerr ("%s: no accessibility bus\n", argv[0]);
      return EXIT_FAILURE;
    }

  app = find_application ((guint) pid);
  if (app == NULL)
    {
      g_printerr ("%s: process %s is not on the accessibility bus\n", argv[0], argv[1]);
      return 2;
    }

  /* The tree changes between walks: read it, not libatspi's cache of an older one. */
  atspi_accessible_set_cache_mask (app, ATSPI_CACHE_NONE);
  add_node (builder, app, 0);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  /* As UTF-8 whatever the locale: g_print() would turn "Ромашка" into "???????". */
  fputs (json, stdout);
  fputc ('\n', stdout);

  return EXIT_SUCCESS;
}
