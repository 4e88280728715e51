/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-a11y.c: what a screen reader reads of this process, and what it must not hear. */

#include "config.h"

#define G_LOG_DOMAIN "pd-test-a11y"

#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#include "pd-test-a11y.h"
#include "pd-test-ui-util.h"

#define READ_TIMEOUT_MS 20000

/* What GTK 4.8 and libadwaita 1.2 build inside their own windows and name by type, out
 * of the app's reach: About's license and credits text views and its inner button, and
 * the Shortcuts window's section menu, search entry and page. Each is "window › node". */
static const char * const known_library_faults[] = {
  "frame \"About\" › text \"GtkTextView\"",
  "frame \"About\" › push button \"GtkButton\"",
  "frame \"Keyboard Shortcuts\" › push button \"GtkMenuButton\"",
  "frame \"Keyboard Shortcuts\" › entry \"GtkSearchEntry\"",
  "frame \"Keyboard Shortcuts\" › panel \"_1\"",
  NULL,
};

/* Lists and tables a person moves through to their rows: the rows must say what they
 * are; an unnamed list is just "list" (Orca adds how many rows it has). */
static const char * const container_roles[] = {
  "list", "table", "tree table", "tree", "scroll pane", NULL,
};

/* Roles a person moves to and acts on: each must say what it is. */
static const char * const control_roles[] = {
  "push button", "toggle button", "check box", "radio button", "menu item",
  "check menu item", "radio menu item", "link", "entry", "text", "password text",
  "spin button", "combo box", "slider", "switch", "table row", "list item", "page tab",
  "tree item", "image", NULL,
};

typedef struct
{
  char     *stdout_text;
  char     *stderr_text;
  int       status;
  gboolean  done;
} Reading;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reading *reading = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &reading->stdout_text, &reading->stderr_text, &error);
  g_assert_no_error (error);
  reading->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  reading->done = TRUE;
}

/* One run of the helper; its exit status, and its output in @json. */
static int
run_helper (char **json)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "pd-a11y-tree", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Reading reading = { 0 };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, helper, pid, NULL);
  g_assert_no_error (error);
  /* The helper's questions are answered by this main loop: keep it running. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &reading);
  pd_test_ui_assert_soon (reading.done, READ_TIMEOUT_MS);

  if (reading.status != 0 && reading.status != 2)
    g_error ("pd-a11y-tree failed (%d): %s", reading.status, reading.stderr_text);
  g_free (reading.stderr_text);
  *json = reading.stdout_text;

  return reading.status;
}

JsonObject *
pd_test_a11y_read_tree (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 end = g_get_monotonic_time () + READ_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  /* GTK registers the application on the accessibility bus a little after start. */
  while (run_helper (&json) == 2)
    {
      g_clear_pointer (&json, g_free);
      if (g_get_monotonic_time () > end)
        g_error ("this process never appeared on the accessibility bus");
      pd_test_ui_run_for (100);
    }

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonArray *
children_of (JsonObject *node)
{
  return json_object_get_array_member (node, "children");
}

JsonObject *
pd_test_a11y_find (JsonObject *node,
                   const char *role,
                   const char *name)
{
  JsonArray *children = children_of (node);

  if ((role == NULL || g_str_equal (json_object_get_string_member (node, "role"), role))
      && g_str_equal (json_object_get_string_member (node, "name"), name))
    return node;

  for (guint i = 0; i < json_array_get_length (children); i++)
    {
      JsonObject *found = pd_test_a11y_find (json_array_get_object_element (children, i),
                                             role, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* "_Submit" → "Submit", as a screen reader should say it. */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_mnemonic (const char *name)
{
  for (const char *p = strchr (name, '_'); p != NULL; p = strchr (p + 1, '_'))
    if (g_unichar_isalnum (g_utf8_get_char (p + 1)))
      return TRUE;

  return FALSE;
}

/* "_Edit Edit", "Submit Submit", "Try with _Demo Data Try with Demo Data". */
static gboolean
is_doubled (const char *name)
{
  for (const char *space = strchr (name, ' '); space != NULL; space = strchr (space + 1, ' '))
    {
      g_autofree char *first = g_strndup (name, space - name);
      g_autofree char *stripped = strip_mnemonic (first);

      if (g_str_equal (stripped, space + 1))
        return TRUE;
    }

  return FALSE;
}

/* GTK 4.8 names a widget it knows no name for by its type: "GtkImage", "PdSignInPage". */
static gboolean
is_type_name (const char *name)
{
  return g_regex_match_simple ("^(Gtk|Adw|Pd)[A-Z][A-Za-z]*$", name, 0, 0);
}

static gboolean
is_control (JsonObject *node)
{
  const char *role = json_object_get_string_member (node, "role");

  if (json_object_get_boolean_member (node, "focusable")
      && !g_strv_contains ((const char * const *) container_roles, role))
    return TRUE;

  return g_strv_contains ((const char * const *) control_roles, role);
}

/* Orca passes over fillers and unfocusable scroll bars (layout, not content): the type
 * names GTK 4.8 gives its own inner widgets there are never spoken. */
static gboolean
is_layout (JsonObject *node)
{
  const char *role = json_object_get_string_member (node, "role");

  return !json_object_get_boolean_member (node, "focusable")
         && (g_str_equal (role, "filler") || g_str_equal (role, "scroll bar"));
}

static const char *
fault_of (JsonObject *node)
{
  const char *name = json_object_get_string_member (node, "name");
  const char *text = json_object_get_string_member (node, "text");

  if (*name == '\0')
    return is_control (node) ? "no name" : NULL;
  if (is_type_name (name) && !is_layout (node))
    return "a type name for a name";
  /* A label's name is its words, underscores and all. */
  if (g_str_equal (name, text))
    return NULL;
  if (has_mnemonic (name))
    return "a mnemonic underscore in the name";
  if (is_doubled (name))
    return "the name said twice";

  return NULL;
}

static gboolean
is_known_library_fault (const char *window,
                        JsonObject *node)
{
  g_autofree char *key = g_strdup_printf ("%s › %s \"%s\"", window,
                                          json_object_get_string_member (node, "role"),
                                          json_object_get_string_member (node, "name"));

  return g_strv_contains (known_library_faults, key);
}

static void
collect_faults (JsonObject *node,
                const char *window,
                const char *path,
                GPtrArray  *faults)
{
  const char *role = json_object_get_string_member (node, "role");
  const char *name = json_object_get_string_member (node, "name");
  JsonArray *children = children_of (node);
  g_autofree char *here = NULL;
  const char *fault;

  /* The path keeps named steps only: the panels between say nothing. */
  if (*name != '\0' || path[0] == '\0')
    here = g_strdup_printf ("%s%s%s \"%s\"", path, path[0] != '\0' ? " › " : "", role, name);
  else
    here = g_strdup (path);

  /* The windows are the application's children. */
  if (window == NULL && path[0] != '\0')
    window = here + strlen (path) + strlen (" › ");

  /* The application node is named by the program (a path, in tests): only its windows
   * are read out. */
  fault = path[0] != '\0' ? fault_of (node) : NULL;
  if (fault != NULL && !(window != NULL && is_known_library_fault (window, node)))
    g_ptr_array_add (faults, g_strdup_printf ("%s: %s%s%s", fault, here,
                                              *name == '\0' ? " › " : "",
                                              *name == '\0' ? role : ""));

  for (guint i = 0; i < json_array_get_length (children); i++)
    collect_faults (json_array_get_object_element (children, i), window, here, faults);
}

GPtrArray *
pd_test_a11y_faults (JsonObject *node)
{
  GPtrArray *faults = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (node != NULL, faults);

  collect_faults (node, NULL, "", faults);
  return faults;
}

void
pd_test_a11y_assert_clean (void)
{
  g_autoptr(JsonObject) tree = pd_test_a11y_read_tree ();
  g_autoptr(GPtrArray) faults = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  faults = pd_test_a11y_faults (tree);
  for (guint i = 0; i < faults->len; i++)
    g_string_append_printf (report, "\n  %s", (const char *) faults->pdata[i]);

  /* Not fatal: the test goes on to the other windows, so one run lists every fault. */
  if (faults->len > 0)
    g_test_fail_printf ("%u things a screen reader would say wrong:%s", faults->len,
                        report->str);
}
