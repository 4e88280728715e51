/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-frame-memory.c: under X11 with cairo, a frame after a pause reuses the shared
 * memory of the frames before it, also after the window grows (pd-x11-frame-memory.c). */

#include "config.h"

#define G_LOG_DOMAIN "test-ui-frame-memory"

#include <gtk/gtk.h>
#include <sys/resource.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pd-customers-page.h"
#include "pd-test-ui-util.h"

#define TIMEOUT_MS 10000
/* Longer than cairo takes to see a frame's image sent and drop an empty pool. */
#define PAUSE_MS   300

static guint frames_drawn;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  frames_drawn++;
}

/* Changes the colour of the whole window and waits for the frame that shows it: a frame
 * that sends the whole window to the X server. */
static void
redraw_whole_window (GtkWidget *window)
{
  guint frames = frames_drawn;

  if (gtk_widget_has_css_class (window, "pd-test-tinted"))
    gtk_widget_remove_css_class (window, "pd-test-tinted");
  else
    gtk_widget_add_css_class (window, "pd-test-tinted");
  pd_test_ui_assert_soon (frames_drawn > frames, TIMEOUT_MS);
  /* Let the X server take the image, as cairo will check. */
  gdk_display_sync (gtk_widget_get_display (window));
}

/* Minor page faults: a page of memory touched for the first time. */
static long
page_faults (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_minflt;
}

/* After each pause, a frame of the whole window touches no fresh memory: without the
 * kept pool it takes a page fault on every page of the image it sends (528 at 900×600,
 * 1,055 at 1200×900, measured), with it none. */
static void
assert_frames_reuse_memory (GtkWidget *window)
{
  int scale = gtk_widget_get_scale_factor (window);
  long frame_pages = (long) gtk_widget_get_width (window) * scale *
                     gtk_widget_get_height (window) * scale * 4 / 4096;

  for (guint i = 0; i < 5; i++)
    {
      long faults;

      pd_test_ui_run_for (PAUSE_MS);
      faults = page_faults ();
      redraw_whole_window (window);
      faults = page_faults () - faults;
      g_test_message ("a frame of %dx%d after a pause: %ld page faults",
                      gtk_widget_get_width (window), gtk_widget_get_height (window), faults);
      /* The first frames at a size touch the pool's pages for the first time: cairo may
       * take two of its blocks in turn. */
      if (i >= 2)
        g_assert_cmpint (faults, <, frame_pages / 4);
    }
}

static void
test_kept_across_pauses (void)
{
  GtkWidget *window;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pd_customers_page_new ()));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  pd_test_ui_assert_soon (frames_drawn > 0, TIMEOUT_MS);

  assert_frames_reuse_memory (window);

  /* A larger window needs a larger pool; it, too, is kept. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  pd_test_ui_assert_soon (gtk_widget_get_width (window) >= 1200, TIMEOUT_MS);
  assert_frames_reuse_memory (window);

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  /* The renderer GTK falls back to without GL, and the benchmark's under Xvfb. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (css, ".pd-test-tinted { background-color: #fde; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    g_test_add_func ("/ui/frame-memory/kept-across-pauses", test_kept_across_pauses);
#endif

  return g_test_run ();
}
