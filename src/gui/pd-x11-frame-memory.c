/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-x11-frame-memory.c: keeps the memory that X11 frames are drawn in and sent in.
 *
 * Under X11 with the cairo renderer (no usable GL, or GSK_RENDERER=cairo, as the benchmark
 * runs under Xvfb), GTK 4.8 draws each frame into a new image of the damaged area, made
 * with malloc, and cairo sends it to the X server through a MIT-SHM segment from a pool of
 * its own. Both kinds of memory came fresh after a pause, and every page of fresh memory
 * costs a page fault on first touch: about 800 for a whole 1100×800 frame, 10 µs each on
 * the benchmark's machine. While the list loads, that made the longest main-loop stalls
 * under Xvfb. Under Wayland, and with GL, GTK keeps its buffers from frame to frame; this
 * does the same for the two X11 cairo ones:
 *
 * - The shared memory. Cairo destroys a pool as soon as no image in it is in use, so after
 *   a pause the next large frame got a new segment, faulted in by the app and the X server
 *   alike: 37–50 ms stalls, against 17–34 ms with this (five `bench-ui` loads of 100,000
 *   customers each way, turn about). Cairo keeps a pool while any image in it is alive. So
 *   a pool is made for a whole frame of the window, and one tiny image is kept in it as
 *   long as the display lives.
 *
 * - The image. Freed at the end of a frame, its memory went to the main thread's next
 *   allocations, and the next large frame's image came from fresh heap pages. So a block
 *   the size of a whole frame (and some room for the frame's own small allocations) is
 *   kept allocated between frames, its pages touched in idle time, and freed just before
 *   GTK paints (an emission hook on the frame clock's "paint", which runs before GTK's
 *   handler), for the image to take; after the paint it is taken again.
 *
 * The cost is those pages, resident (about 4 MB for the pool and 4.5 MB for the block, for
 * a 1100×800 window); nothing changes under Wayland or with the GL renderer. */

#include "config.h"

#include "pd-x11-frame-memory.h"

#include <string.h>
#include <unistd.h>
#ifdef HAVE_MINCORE
#include <sys/mman.h>
#endif

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#ifdef HAVE_CAIRO_XLIB
#include <cairo-xlib.h>
#endif

#define FRAME_MEMORY_KEY "pd-x11-frame-memory"
#define SURFACE_WATCHED_KEY "pd-x11-frame-memory-watched"
#define CLOCK_DISPLAY_KEY "pd-x11-frame-memory-display"

/* Room in the image's block for what GTK allocates in a paint before the image, such as
 * the frame's render nodes: with 1 MiB, the frames that redraw the whole list took no
 * page faults in the benchmark. */
#define PAINT_ALLOCATIONS_ROOM (1 << 20)
/* The block's pages are touched in idle time, for at most this long per dispatch. */
#define TOUCH_SLICE_US 1000
#define TOUCH_BATCH 64

#if defined (GDK_WINDOWING_X11) && defined (HAVE_CAIRO_XLIB)

static gsize
page_size (void)
{
  static gsize size = 0;

  if (g_once_init_enter (&size))
    g_once_init_leave (&size, (gsize) sysconf (_SC_PAGESIZE));
  return size;
}

typedef struct
{
  cairo_surface_t *keeper;      /* the tiny image that keeps the pool */
  gsize            largest;     /* the largest frame the pool takes, in bytes */
  gpointer         image_block; /* kept for the next frame's image, NULL while it paints */
  gsize            image_block_bytes;
  guintptr         touched;     /* the next of image_block's pages to touch */
  guint            touch_source;
} FrameMemory;

/* Makes the page at @address resident: in a block that is only kept, a write of garbage
 * is what it takes. */
static inline void
touch_page (FrameMemory *memory,
            guintptr     address)
{
  guintptr block = (guintptr) memory->image_block;

  /* The block's first page begins before it. */
  *(volatile char *) MAX (address, block) = 0;
}

/* Touches the block's pages that are not resident, TOUCH_BATCH pages at a time, until
 * TOUCH_SLICE_US have passed. Usually the block is where the last frame's image and block
 * were, all resident, and the pages are only looked at: writing to each, resident or not,
 * took 0.3 ms a frame. */
static gboolean
touch_image_block_cb (gpointer user_data)
{
  FrameMemory *memory = user_data;
  gsize page = page_size ();
  guintptr end = (guintptr) memory->image_block + memory->image_block_bytes;
  gint64 deadline = g_get_monotonic_time () + TOUCH_SLICE_US;

  while (memory->touched < end)
    {
      gsize pages = MIN (TOUCH_BATCH, (end - memory->touched + page - 1) / page);
#ifdef HAVE_MINCORE
      unsigned char resident[TOUCH_BATCH];

      if (mincore ((void *) memory->touched, pages * page, (void *) resident) != 0)
        memset (resident, 0, sizeof resident);
      for (gsize i = 0; i < pages; i++)
        if ((resident[i] & 1) == 0)
          touch_page (memory, memory->touched + i * page);
#else
      for (gsize i = 0; i < pages; i++)
        touch_page (memory, memory->touched + i * page);
#endif
      memory->touched += pages * page;
      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }
  memory->touch_source = 0;
  return G_SOURCE_REMOVE;
}

static void
take_image_block (FrameMemory *memory)
{
  if (memory->image_block != NULL || memory->image_block_bytes == 0)
    return;
  /* Usually where the last frame's image and block were, so already resident. */
  memory->image_block = g_malloc (memory->image_block_bytes);
  memory->touched = (guintptr) memory->image_block & ~(guintptr) (page_size () - 1);
  memory->touch_source = g_idle_add_full (G_PRIORITY_LOW, touch_image_block_cb, memory, NULL);
}

static void
release_image_block (FrameMemory *memory)
{
  g_clear_handle_id (&memory->touch_source, g_source_remove);
  g_clear_pointer (&memory->image_block, g_free);
}

static void
frame_memory_free (FrameMemory *memory)
{
  g_clear_pointer (&memory->keeper, cairo_surface_destroy);
  release_image_block (memory);
  g_free (memory);
}

static FrameMemory *
frame_memory_get (GdkDisplay *display)
{
  FrameMemory *memory = g_object_get_data (G_OBJECT (display), FRAME_MEMORY_KEY);

  if (memory == NULL)
    {
      memory = g_new0 (FrameMemory, 1);
      g_object_set_data_full (G_OBJECT (display), FRAME_MEMORY_KEY, memory,
                              (GDestroyNotify) frame_memory_free);
    }
  return memory;
}

/* Cairo makes a new pool for an image that fits in none: the largest image the pool then
 * takes is that image's size rounded up to a power of two, and the pool holds eight of
 * them. So a pool made for a whole frame of the window takes frames of up to twice that,
 * and several at once: one still being sent while the next is drawn. */
static void
keep_pool_for (FrameMemory *memory,
               GdkDisplay  *display,
               int          width,
               int          height)
{
  gsize frame_bytes = (gsize) width * (gsize) height * 4;
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  int screen = DefaultScreen (xdisplay);
  cairo_surface_t *root;
  cairo_surface_t *sizing;
  cairo_surface_t *keeper;
  gsize largest = 1 << 16;

  if (memory->largest >= frame_bytes)
    return;

  root = cairo_xlib_surface_create (xdisplay, RootWindow (xdisplay, screen),
                                    DefaultVisual (xdisplay, screen), 1, 1);
  /* Images made "similar" to an X surface are the ones cairo puts in its pool. */
  sizing = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, width, height);
  /* 128 bytes, the least cairo puts in a pool. */
  keeper = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, 8, 4);
  cairo_surface_destroy (sizing);
  cairo_surface_destroy (root);

  /* The old keeper goes after the new one is made: its pool, if another, then goes. */
  g_clear_pointer (&memory->keeper, cairo_surface_destroy);
  memory->keeper = keeper;
  /* As cairo counts: the power of two above the image, 64 KiB at least. */
  while (largest <= frame_bytes)
    largest <<= 1;
  memory->largest = largest;
}

/* Like the pool, the block only grows: a window made smaller may be made larger again. */
static void
keep_image_block_for (FrameMemory *memory,
                      gsize        frame_bytes)
{
  gsize block_bytes = frame_bytes + PAINT_ALLOCATIONS_ROOM;

  if (memory->image_block_bytes >= block_bytes)
    return;
  release_image_block (memory);
  memory->image_block_bytes = block_bytes;
  take_image_block (memory);
}

static void
keep_memory_for (GdkDisplay *display,
                 int         width,
                 int         height)
{
  gsize frame_bytes = (gsize) width * (gsize) height * 4;
  FrameMemory *memory;

  /* Small frames cost little (and a window not yet laid out is 1×1). */
  if (frame_bytes < 1 << 16)
    return;
  memory = frame_memory_get (display);
  keep_pool_for (memory, display, width, height);
  keep_image_block_for (memory, frame_bytes);
}

static FrameMemory *
frame_memory_for_clock (GdkFrameClock *clock)
{
  GdkDisplay *display = g_object_get_data (G_OBJECT (clock), CLOCK_DISPLAY_KEY);

  return display != NULL ? g_object_get_data (G_OBJECT (display), FRAME_MEMORY_KEY) : NULL;
}

static gboolean
clock_paint_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  FrameMemory *memory = frame_memory_for_clock (g_value_get_object (&params[0]));

  if (memory != NULL)
    release_image_block (memory);
  return TRUE;
}

static void
clock_after_paint_cb (GdkFrameClock *clock,
                      gpointer       user_data)
{
  FrameMemory *memory = frame_memory_for_clock (clock);

  if (memory != NULL)
    take_image_block (memory);
}

static void
watch_clock (GdkSurface *surface)
{
  static gsize hooked = 0;
  GdkFrameClock *clock = gdk_surface_get_frame_clock (surface);

  if (g_once_init_enter (&hooked))
    {
      /* A hook runs before the handlers, so before GTK's paint allocates the image. */
      g_signal_add_emission_hook (g_signal_lookup ("paint", GDK_TYPE_FRAME_CLOCK), 0,
                                  clock_paint_hook, NULL, NULL);
      g_once_init_leave (&hooked, 1);
    }
  g_object_set_data_full (G_OBJECT (clock), CLOCK_DISPLAY_KEY,
                          g_object_ref (gdk_surface_get_display (surface)), g_object_unref);
  g_signal_connect (clock, "after-paint", G_CALLBACK (clock_after_paint_cb), NULL);
}

static void
surface_layout_cb (GdkSurface *surface,
                   int         width,
                   int         height,
                   gpointer    user_data)
{
  int scale = gdk_surface_get_scale_factor (surface);

  keep_memory_for (gdk_surface_get_display (surface), width * scale, height * scale);
}

#endif

/**
 * pd_x11_frame_memory_keep:
 * @widget: a realized widget
 *
 * When @widget's window is drawn by cairo on X11, keeps the memory its frames are drawn
 * in (a block for each frame's image) and sent in (a pool of shared memory), for as long
 * as the display lives, and grows both with the window. Elsewhere it does nothing.
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
      watch_clock (surface);
    }
#endif
}
