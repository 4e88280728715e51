/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-frame-memory.c: under X11 with cairo, a frame after a pause reuses the shared
 * memory segment of the frames before it, and draws into memory already touched, also
 * after the window grows (pd-x11-frame-memory.c). */

/* RTLD_NEXT */
#define _GNU_SOURCE

#include "config.h"

#define G_LOG_DOMAIN "test-ui-frame-memory"

#include <dlfcn.h>
#include <gtk/gtk.h>
#include <sys/resource.h>
#include <sys/shm.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "pd-customers-page.h"
#include "pd-test-ui-util.h"

/* The page faults a frame takes depend on how glibc's malloc reuses freed memory; under
 * AddressSanitizer another allocator (and its shadow memory) decides. */
#if defined (__GLIBC__) && !defined (__SANITIZE_ADDRESS__)
#define ASSERT_PAGE_FAULTS 1
#else
#define ASSERT_PAGE_FAULTS 0
#endif
#if defined (__has_feature)
#if __has_feature (address_sanitizer)
#undef ASSERT_PAGE_FAULTS
#define ASSERT_PAGE_FAULTS 0
#endif
#endif

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

/* Shared memory segments made so far. Cairo makes each pool of MIT-SHM images with
 * shmget(): defined in the test program, this one is found before the C library's when a
 * library's call is resolved, so it counts them, then hands each call on. */
static guint segments_made;

int
shmget (key_t  key,
        size_t size,
        int    flags)
{
  static int (*libc_shmget) (key_t, size_t, int);

  if (libc_shmget == NULL)
    libc_shmget = (int (*) (key_t, size_t, int)) dlsym (RTLD_NEXT, "shmget");
  g_atomic_int_inc (&segments_made);
  return libc_shmget (key, size, flags);
}

static long
whole_window_pages (GtkWidget *window)
{
  int scale = gtk_widget_get_scale_factor (window);

  return (long) gtk_widget_get_width (window) * scale * gtk_widget_get_height (window) * scale *
         4 / 4096;
}

/* The program's own allocations between frames, kept to the end: they take the memory the
 * last frame's image freed, as the list's do while it loads. */
static GPtrArray *kept_allocations;

static void
allocate_between_frames (void)
{
  for (guint i = 0; i < 2048; i++)
    g_ptr_array_add (kept_allocations, g_malloc0 (1024));
}

/* After each pause, a frame of the whole window goes through a segment made before the
 * pause: without the kept pool, cairo drops its pool in the pause and the frame makes a
 * new one, touching every page of it afresh (528 page faults at 900×600, 1,055 at
 * 1200×900, measured).
 *
 * And the image GTK draws the frame into takes the block kept for it: without it, the
 * image came from fresh heap pages, as the allocations between frames had taken the last
 * image's (520–590 page faults a frame at either size, measured; none with the block).
 * That is how glibc's malloc reuses memory, so it is asserted with glibc's malloc only. */
static void
assert_frames_reuse_segments (GtkWidget *window)
{
  for (guint i = 0; i < 5; i++)
    {
      guint made = g_atomic_int_get (&segments_made);
      long faults;

      allocate_between_frames ();
      pd_test_ui_run_for (PAUSE_MS);
      faults = page_faults ();
      redraw_whole_window (window);
      faults = page_faults () - faults;
      made = g_atomic_int_get (&segments_made) - made;
      g_test_message ("a frame of %dx%d after a pause: %u new segments, %ld page faults",
                      gtk_widget_get_width (window), gtk_widget_get_height (window), made,
                      faults);
      /* The first frames at a size may need a pool, and a block, that fits them. */
      if (i >= 2)
        {
          g_assert_cmpuint (made, ==, 0);
          if (ASSERT_PAGE_FAULTS)
            g_assert_cmpint (faults, <, whole_window_pages (window) / 8);
        }
    }
}

static void
test_kept_across_pauses (void)
{
  GtkWidget *window;

  kept_allocations = g_ptr_array_new_with_free_func (g_free);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pd_customers_page_new ()));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  pd_test_ui_assert_soon (frames_drawn > 0, TIMEOUT_MS);

  if (g_atomic_int_get (&segments_made) == 0)
    {
      /* An X server without MIT-SHM: cairo sends the frames in the X protocol itself. */
      g_test_skip ("the frames go without shared memory here");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  assert_frames_reuse_segments (window);

  /* A larger window needs a larger pool; it, too, is kept. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  pd_test_ui_assert_soon (gtk_widget_get_width (window) >= 1200, TIMEOUT_MS);
  assert_frames_reuse_segments (window);

  gtk_window_destroy (GTK_WINDOW (window));
  pd_test_ui_run_for (50);
  g_clear_pointer (&kept_allocations, g_ptr_array_unref);
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
