/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-ui-keys.c: real key presses for UI tests, through the X server (XTest) under Xvfb. */

#include "config.h"

#define G_LOG_DOMAIN "pd-test-ui-keys"

#include <gdk/x11/gdkx.h>
#include <signal.h>
#include <sys/wait.h>
#include <X11/Xatom.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>

#include "pd-test-ui-keys.h"
#include "pd-test-ui-util.h"

/* Long enough for GDK to read the events the X server has queued and for GTK to act on
 * them (a key binding may queue an idle of its own). */
#define SETTLE_MS 40

/* Keysyms the map lacked, and the spare key codes bound to them: bound once, then kept
 * (rebinding a code while its last press is still queued in GDK would change that press). */
static GHashTable *bound_codes;

static Display *
get_xdisplay (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_assert (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* Whether a window manager runs on @xdisplay (it names itself on the root window). */
static gboolean
window_manager_runs_on (Display *xdisplay)
{
  Atom check = XInternAtom (xdisplay, "_NET_SUPPORTING_WM_CHECK", False);
  Atom type;
  int format;
  unsigned long n_items, remaining;
  unsigned char *data = NULL;
  gboolean runs;

  XGetWindowProperty (xdisplay, DefaultRootWindow (xdisplay), check, 0, 1, False, XA_WINDOW,
                      &type, &format, &n_items, &remaining, &data);
  runs = type == XA_WINDOW && n_items == 1;
  g_clear_pointer (&data, XFree);

  return runs;
}

static gboolean
window_manager_runs (void)
{
  return window_manager_runs_on (get_xdisplay ());
}

gboolean
pd_test_ui_keys_available (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  int event_base, error_base, major, minor;

  if (display == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;

  return XTestQueryExtension (gdk_x11_display_get_xdisplay (display), &event_base, &error_base,
                              &major, &minor)
         && window_manager_runs ();
}

GPid
pd_test_ui_keys_start_window_manager (void)
{
  const char *argv[] = { "openbox", NULL };
  g_autoptr(GError) error = NULL;
  Display *xdisplay = XOpenDisplay (NULL);
  GPid pid = 0;

  /* Before GDK opens the display: it looks for a window manager once and keeps the answer
   * for a while. */
  g_return_val_if_fail (gdk_display_get_default () == NULL, 0);

  if (xdisplay == NULL)
    return 0;

  if (!window_manager_runs_on (xdisplay)
      && g_spawn_async (NULL, (char **) argv, NULL,
                        G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                        | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &pid, &error))
    {
      for (guint i = 0; i < 100 && !window_manager_runs_on (xdisplay); i++)
        g_usleep (50 * 1000);
      /* It names itself before it has finished setting up. */
      g_usleep (G_USEC_PER_SEC);
    }
  else if (error != NULL)
    {
      g_printerr ("No window manager for the key press tests: %s\n", error->message);
    }

  XCloseDisplay (xdisplay);
  return pid;
}

void
pd_test_ui_keys_stop_window_manager (GPid pid)
{
  if (pid == 0)
    return;

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

void
pd_test_ui_keys_focus_window (GtkWindow *window)
{
  GdkSurface *surface;

  g_return_if_fail (GTK_IS_WINDOW (window));

  pd_test_ui_assert_soon (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);
  /* The window manager gives it on presenting, as on a desktop; asking without one would
   * be newer than the requests GTK makes for its popups, which would then lose it. */
  if (pd_test_ui_wait_until ((PdTestUiPredicate) gtk_window_is_active, window, 2000))
    {
      /* Placing and focusing it takes the window manager a few more events. */
      pd_test_ui_run_for (300);
      return;
    }
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  XSetInputFocus (get_xdisplay (), gdk_x11_surface_get_xid (surface), RevertToParent,
                  CurrentTime);
  XSync (get_xdisplay (), False);
  pd_test_ui_assert_soon (gtk_window_is_active (window), 5000);
}

/* A key code with no keysyms at all: free to bind. */
static KeyCode
find_spare_code (Display *xdisplay)
{
  int min_code, max_code, per_code;
  KeySym *syms;
  KeyCode spare = 0;

  XDisplayKeycodes (xdisplay, &min_code, &max_code);
  syms = XGetKeyboardMapping (xdisplay, min_code, max_code - min_code + 1, &per_code);
  for (int code = max_code; code >= min_code && spare == 0; code--)
    {
      gboolean empty = TRUE;

      for (int i = 0; i < per_code; i++)
        empty &= syms[(code - min_code) * per_code + i] == NoSymbol;
      if (empty && !g_hash_table_contains (bound_codes, GUINT_TO_POINTER (code)))
        spare = code;
    }
  XFree (syms);

  g_assert (spare != 0);
  return spare;
}

/* The key code that gives @keysym, and whether Shift must be held for it. */
static KeyCode
code_for_keysym (KeySym    keysym,
                 gboolean *shift)
{
  Display *xdisplay = get_xdisplay ();
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);
  KeySym both[2] = { keysym, keysym };
  gpointer bound;

  *shift = FALSE;
  if (code != 0 && XkbKeycodeToKeysym (xdisplay, code, 0, 0) == keysym)
    return code;
  if (code != 0 && XkbKeycodeToKeysym (xdisplay, code, 0, 1) == keysym)
    {
      *shift = TRUE;
      return code;
    }

  if (bound_codes == NULL)
    bound_codes = g_hash_table_new (NULL, NULL);
  bound = g_hash_table_lookup (bound_codes, GSIZE_TO_POINTER (keysym));
  if (bound != NULL)
    return GPOINTER_TO_UINT (bound);

  /* Not on the map (Cyrillic on a "us" map): bind it to a spare code, on both levels,
   * and let GDK hear of the new map before the key comes. */
  code = find_spare_code (xdisplay);
  XChangeKeyboardMapping (xdisplay, code, G_N_ELEMENTS (both), both, 1);
  XSync (xdisplay, False);
  g_hash_table_insert (bound_codes, GSIZE_TO_POINTER (keysym), GUINT_TO_POINTER (code));
  g_hash_table_insert (bound_codes, GUINT_TO_POINTER (code), GUINT_TO_POINTER (code));
  pd_test_ui_run_for (SETTLE_MS);

  return code;
}

static void
fake_key (KeySym   keysym,
          gboolean press)
{
  Display *xdisplay = get_xdisplay ();

  XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, keysym), press, CurrentTime);
}

static void
send_key (guint           keyval,
          GdkModifierType modifiers)
{
  Display *xdisplay = get_xdisplay ();
  gboolean shift;
  KeyCode code = code_for_keysym (keyval, &shift);

  if (shift)
    modifiers |= GDK_SHIFT_MASK;

  if (modifiers & GDK_CONTROL_MASK)
    fake_key (XK_Control_L, True);
  if (modifiers & GDK_ALT_MASK)
    fake_key (XK_Alt_L, True);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key (XK_Shift_L, True);

  XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
  XSync (xdisplay, False);
  pd_test_ui_run_for (SETTLE_MS);
  XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);

  if (modifiers & GDK_SHIFT_MASK)
    fake_key (XK_Shift_L, False);
  if (modifiers & GDK_ALT_MASK)
    fake_key (XK_Alt_L, False);
  if (modifiers & GDK_CONTROL_MASK)
    fake_key (XK_Control_L, False);
}

/* Waits until the X server has sent what came before, and GTK has acted on it. */
static void
settle (void)
{
  XSync (get_xdisplay (), False);
  pd_test_ui_run_for (SETTLE_MS);
}

void
pd_test_ui_press_key (guint           keyval,
                      GdkModifierType modifiers)
{
  g_return_if_fail (pd_test_ui_keys_available ());

  send_key (keyval, modifiers);
  settle ();
}

void
pd_test_ui_type_text (const char *text)
{
  g_return_if_fail (pd_test_ui_keys_available ());
  g_return_if_fail (g_utf8_validate (text, -1, NULL));

  /* At a brisk typist's pace: each key is handled before the next comes. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      send_key (c == '\n' ? GDK_KEY_Return : gdk_unicode_to_keyval (c), 0);
      settle ();
    }
}
