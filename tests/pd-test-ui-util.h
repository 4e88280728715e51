/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-ui-util.h: helpers for UI tests: wait on the main loop, find widgets, read cells. */
#pragma once

#include <gtk/gtk.h>

#include "pd-application.h"
#include "pd-window.h"

G_BEGIN_DECLS

typedef gboolean (*PdTestUiPredicate) (gpointer user_data);

/* Iterates the default main context until @predicate holds or @timeout_ms passes;
 * returns whether it held. */
gboolean    pd_test_ui_wait_until             (PdTestUiPredicate  predicate,
                                               gpointer           user_data,
                                               guint              timeout_ms);
/* Asserts that @expr becomes true within @timeout_ms while the main context runs. */
#define pd_test_ui_assert_soon(expr, timeout_ms)                                     \
  G_STMT_START {                                                                     \
    gint64 pd_test_ui_end_ = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(expr))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > pd_test_ui_end_)                               \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #expr);    \
        pd_test_ui_iterate ();                                                       \
      }                                                                              \
  } G_STMT_END

/* One bounded main-context iteration (returns after at most ~20 ms). */
void        pd_test_ui_iterate                (void);
/* Runs the main context for @ms milliseconds (lets frames be drawn). */
void        pd_test_ui_run_for                (guint              ms);

/* A predicate for pd_test_ui_wait_until(): whether the pointer at @pointer_location (a
 * weak pointer, say) is NULL. */
gboolean    pd_test_ui_pointer_is_null        (gpointer           pointer_location);

/* Points XDG_CACHE_HOME at a new temporary directory, removed when the test exits: the
 * app keeps its customer cache and journal there, and gtk_test_init() isolates nothing.
 * Call first in main(): GLib keeps the first answer to g_get_user_cache_dir(). */
void        pd_test_ui_isolate_cache          (void);

/* Empties the cache of @client's connection (and waits until it is): for tests that
 * need a first start, with nothing cached by the tests before them. */
void        pd_test_ui_forget_cache           (PdClient          *client);

/* The C.UTF-8 locale, and the app's text domain bound to the build tree's catalogues
 * (PARTNER_DESK_LOCALEDIR, else the installed ones), as main() does for the app. Call it
 * after gtk_test_init(), which turns setlocale off. */
void        pd_test_ui_bind_translations      (void);
/* A registered PdApplication with id @application_id (not unique, so tests may run side
 * by side) and the app's resources; g_assert_no_error inside. */
PdApplication *pd_test_ui_application_new     (const char        *application_id);

/* A main window of @app, presented, on @client (its connection named @title); its list
 * starts loading, not waited for. */
PdWindow   *pd_test_ui_window_new             (PdApplication     *app,
                                               PdClient          *client,
                                               const char        *title);
/* Destroys *@window, if any, sets it to NULL and lets the main loop see it go. */
void        pd_test_ui_window_close           (PdWindow         **window);
/* The customer page the list opened, once it is the leaflet's visible child. */
GtkWidget  *pd_test_ui_wait_for_customer_page (PdWindow          *window,
                                               guint              timeout_ms);
/* Alt+Left (win.back), and the wait until the list is back in view, transition over. */
void        pd_test_ui_go_back_to_list        (PdWindow          *window,
                                               guint              timeout_ms);

/* Depth-first searches below (and including) @root. */
GtkWidget  *pd_test_ui_find_by_id             (GtkWidget         *root,
                                               const char        *buildable_id);
GtkWidget  *pd_test_ui_find_by_type           (GtkWidget         *root,
                                               GType              type);
/* A label, button, window title or status page whose visible text (mnemonic
 * underscores removed) is @label. */
GtkWidget  *pd_test_ui_find_by_label          (GtkWidget         *root,
                                               const char        *label);
/* The visible text of a label, button, AdwWindowTitle title or AdwStatusPage title. */
const char *pd_test_ui_get_text               (GtkWidget         *widget);

/* The texts of the GtkInscriptions of each row the column view currently shows, top
 * to bottom: (element-type GStrv) one array of cell texts per row. */
GPtrArray  *pd_test_ui_column_view_rows       (GtkColumnView     *view);
/* The same, only the rows wholly inside the list's area (not those GTK keeps laid out
 * above and below it). */
GPtrArray  *pd_test_ui_column_view_rows_in_view (GtkColumnView   *view);

G_END_DECLS
