/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-ui-keys.h: real key presses for UI tests, through the X server (XTest) under Xvfb. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether key presses can be sent: an X11 display with the XTEST extension, and a window
 * manager (focus and popups as on a desktop). Tests that need them skip without. */
gboolean    pd_test_ui_keys_available         (void);
/* Starts openbox when the display has no window manager (Xvfb): returns its pid, or 0
 * when one runs already or openbox is not installed. Call it before gtk_test_init(). */
GPid        pd_test_ui_keys_start_window_manager (void);
void        pd_test_ui_keys_stop_window_manager  (GPid          pid);

/* Gives the X input focus to @window, as a click on it would: the keys go there. The
 * widget that takes GTK's focus inside it is the window's own business. */
void        pd_test_ui_keys_focus_window      (GtkWindow        *window);

/* Presses and releases @keyval with @modifiers held (Shift, Control, Alt), through the X
 * server, then lets the main loop handle it. The key goes to the window with the X input
 * focus, to its focus widget, as a user's would. */
void        pd_test_ui_press_key              (guint             keyval,
                                               GdkModifierType   modifiers);
/* Types @text (UTF-8; "\n" is Enter) one key at a time, each handled before the next.
 * Characters the keyboard map lacks (Cyrillic on Xvfb's "us" map) are bound to spare
 * key codes first. */
void        pd_test_ui_type_text              (const char       *text);

G_END_DECLS
