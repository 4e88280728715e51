/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-x11-frame-memory.c: keeps the shared memory that X11 frames are sent in.
 *
 * Under X11 with the cairo renderer (no usable GL, or GSK_RENDERER=cairo, as the benchmark
 * runs under Xvfb), GTK 4.8 draws each frame into an image that cairo sends to the X server
 * through a MIT-SHM segment from a pool of its own. Cairo destroys a pool as soon as no
 * image in it is in use, so after a pause the next large frame gets a new segment, and the
 * app and the X server both take a page fault on every page of it: about 530 faults for a
 * 900×600 frame, 10 µs each on the benchmark's machine. While the list loads, that made
 * most of the longest main-loop stalls under Xvfb: 37–50 ms, against 17–34 ms with this
 * (five `bench-ui` loads of 100,000 customers each way, turn about).
 *
 * Cairo keeps a pool while any image in it is alive. So a pool is made for a whole frame
 * of the window, and one tiny image is kept in it as long as the display lives: frames
 * after the first reuse pages already touched. The cost is those pages, resident (about
 * 4 MB for a 1100×800 window); nothing changes under Wayland or with the GL renderer. */

#include "config.h"

#include "pd-x11-frame-memory.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#ifdef HAVE_CAIRO_XLIB
#include <cairo-xlib.h>
#endif

#define FRAME_MEMORY_KEY "pd-x11-frame-memory"
#define SURFACE_WATCHED_KEY "pd-x11-frame-memory-watched"

#if defined (GDK_WINDOWING_X11) && defined (HAVE_CAIRO_XLIB)

typedef struct
{
  cairo_surface_t *keeper;      /* the tiny image that keeps the pool */
  gsize            largest;     /* the largest frame the pool takes, in bytes */
} FrameMemory;

static void
frame_memory_free (FrameMemory *memory)
{
  g_clear_pointer (&memory->keeper, cairo_surface_destroy);
  g_free (memory);
}

/* Cairo makes a new pool for an image that fits in none: the largest image the pool then
 * takes is that image's size rounded up to a power of two, and the pool holds eight of
 * them. So a pool made for a whole frame of the window takes frames of up to twice that,
 * and several at once: one still being sent while the next is drawn. */
static void
keep_pool_for (GdkDisplay *display,
               int         width,
               int         height)
{
  FrameMemory *memory = g_object_get_data (G_OBJECT (display), FRAME_MEMORY_KEY);
  gsize frame_bytes = (gsize) width * (gsize) height * 4;
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  int screen = DefaultScreen (xdisplay);
  cairo_surface_t *root;
  cairo_surface_t *sizing;
  cairo_surface_t *keeper;
  gsize largest = 1 << 16;

  /* Small frames cost little (and a window not yet laid out is 1×1). */
  if (frame_bytes < largest || (memory != NULL && memory->largest >= frame_bytes))
    return;

  root = cairo_xlib_surface_create (xdisplay, RootWindow (xdisplay, screen),
                                    DefaultVisual (xdisplay, screen), 1, 1);
  /* Images made "similar" to an X surface are the ones cairo puts in its pool. */
  sizing = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, width, height);
  /* 128 bytes, the least cairo puts in a pool. */
  keeper = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, 8, 4);
  cairo_surface_destroy (sizing);
  cairo_surface_destroy (root);

  if (memory == NULL)
    {
      memory = g_new0 (FrameMemory, 1);
      g_object_set_data_full (G_OBJECT (display), FRAME_MEMORY_KEY, memory,
                              (GDestroyNotify) frame_memory_free);
    }
  /* The old keeper goes after the new one is made: its pool, if another, then goes. */
  g_clear_pointer (&memory->keeper, cairo_surface_destroy);
  memory->keeper = keeper;
  /* As cairo counts: the power of two above the image, 64 KiB at least. */
  while (largest <= frame_bytes)
    largest <<= 1;
  memory->largest = largest;
}

static void
surface_layout_cb (GdkSurface *surface,
                   int         width,
                   int         height,
                   gpointer    user_data)
{
  int scale = gdk_surface_get_scale_factor (surface);

  keep_pool_for (gdk_surface_get_display (surface), width * scale, height * scale);
}

#endif

/**
 * pd_x11_frame_memory_keep:
 * @widget: a realized widget
 *
 * When @widget's window is drawn by cairo on X11, keeps a pool of shared memory that
 * holds the window's frames, for as long as the display lives, and grows it with the
 * window. Elsewhere it does nothing.
 */
void
pd_x11_frame_memory_keep (GtkWidget *widget)
{
#if defined (GDK_WINDOWING_X11) && defined (HAVE_CAIRO_XLIB)
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  if (surface == NULL || !GDK_IS_X11_DISPLAY (gdk_surface_get_display (surface)) ||
      !GSK_IS_CAIRO_RENDERER (renderer))
    return;

  surface_layout_cb (surface, gdk_surface_get_width (surface),
                     gdk_surface_get_height (surface), NULL);
  if (g_object_get_data (G_OBJECT (surface), SURFACE_WATCHED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (surface), SURFACE_WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (surface, "layout", G_CALLBACK (surface_layout_cb), NULL);
    }
#endif
}
