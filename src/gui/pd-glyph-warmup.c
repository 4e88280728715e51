/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-glyph-warmup.c: draws a widget's likely text once, off screen, while the main loop is
 * idle, so that the frame that first shows such text finds its glyphs already hinted and
 * rasterized.
 *
 * Why: cairo keeps each font's glyph images, and the first frame that draws a glyph pays
 * for loading it (FreeType runs the font's hinting program) and rasterizing it. The
 * customers page shows no text until its first customers come, and then a screenful at
 * once: that frame was the load's longest main-loop stall. */

#include "config.h"

#define G_LOG_DOMAIN "pd-glyph-warmup"

#include "pd-glyph-warmup.h"

typedef struct
{
  GWeakRef  widget;
  char     *sample;
} Warmup;

static void
warmup_free (gpointer data)
{
  Warmup *warmup = data;

  g_weak_ref_clear (&warmup->widget);
  g_free (warmup->sample);
  g_free (warmup);
}

static gboolean
warm_up_cb (gpointer data)
{
  Warmup *warmup = data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&warmup->widget);
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height, scale;

  /* In a window: its style, and so its font, is the one it will show with (the widget
   * itself may be hidden, as the list is until its first customers come). */
  if (widget == NULL || gtk_widget_get_root (widget) == NULL)
    return G_SOURCE_REMOVE;

  /* The widget's own Pango context: its font, and the display's font options, so the
   * glyphs land in the same cairo font as the widget's text. */
  layout = gtk_widget_create_pango_layout (widget, warmup->sample);
  pango_layout_get_pixel_size (layout, &width, &height);
  scale = gtk_widget_get_scale_factor (widget);
  /* Drawn whole, not clipped: cairo skips glyphs it would not draw. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1) * scale,
                                        MAX (height, 1) * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return G_SOURCE_REMOVE;
}

/**
 * pd_glyph_warmup_schedule:
 * @widget: a widget in a window, whose font the text will be drawn in
 * @sample: the characters it is likely to show
 *
 * Draws @sample in @widget's font off screen when the main loop is next idle (a low
 * priority, a millisecond or two), unless @widget is gone or out of its window by then.
 */
void
pd_glyph_warmup_schedule (GtkWidget  *widget,
                          const char *sample)
{
  Warmup *warmup;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (sample != NULL);

  warmup = g_new0 (Warmup, 1);
  g_weak_ref_init (&warmup->widget, widget);
  warmup->sample = g_strdup (sample);
  g_idle_add_full (G_PRIORITY_LOW, warm_up_cb, warmup, warmup_free);
}
