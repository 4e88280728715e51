/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-adaptive-layout.c: a bin layout that tells its widget how wide it is, in characters. */

#include "config.h"

#define G_LOG_DOMAIN "pd-adaptive-layout"

#include "pd-adaptive-layout.h"

/* libadwaita 1.2 has no breakpoints. A page that drops columns or a sidebar when narrow
 * watches "width-chars" instead: it counts in characters, not pixels, so the same page
 * adapts at a wider window when the text is larger (200 % text needs twice the room).
 * Like GtkBinLayout, every child gets the whole allocation. */
struct _PdAdaptiveLayout
{
  GtkLayoutManager parent_instance;

  int              width_chars;
  int              pending_width_chars;
  guint            notify_id;
};

G_DEFINE_FINAL_TYPE (PdAdaptiveLayout, pd_adaptive_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_WIDTH_CHARS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_adaptive_layout_measure (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            GtkOrientation    orientation,
                            int               for_size,
                            int              *minimum,
                            int              *natural,
                            int              *minimum_baseline,
                            int              *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static gboolean
notify_width_cb (gpointer user_data)
{
  PdAdaptiveLayout *self = user_data;

  self->notify_id = 0;
  if (self->width_chars != self->pending_width_chars)
    {
      self->width_chars = self->pending_width_chars;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_CHARS]);
    }

  return G_SOURCE_REMOVE;
}

static int
measure_width_chars (GtkWidget *widget,
                     int        width)
{
  PangoFontMetrics *metrics;
  int char_width;

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);

  return char_width > 0 ? width * PANGO_SCALE / char_width : width / 8;
}

static void
pd_adaptive_layout_allocate (GtkLayoutManager *manager,
                             GtkWidget        *widget,
                             int               width,
                             int               height,
                             int               baseline)
{
  PdAdaptiveLayout *self = PD_ADAPTIVE_LAYOUT (manager);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_should_layout (child))
        gtk_widget_allocate (child, width, height, baseline, NULL);
    }

  /* Not now: the page's answer hides or shows widgets, which must not happen in the
   * middle of laying them out. Right after, before GTK lays out again (GTK's resize runs
   * at G_PRIORITY_HIGH_IDLE + 10): the frame after a resize may show the old choice. */
  self->pending_width_chars = measure_width_chars (widget, width);
  if (self->pending_width_chars != self->width_chars && self->notify_id == 0)
    self->notify_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, notify_width_cb, self, NULL);
}

static void
pd_adaptive_layout_dispose (GObject *object)
{
  PdAdaptiveLayout *self = PD_ADAPTIVE_LAYOUT (object);

  g_clear_handle_id (&self->notify_id, g_source_remove);

  G_OBJECT_CLASS (pd_adaptive_layout_parent_class)->dispose (object);
}

static void
pd_adaptive_layout_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdAdaptiveLayout *self = PD_ADAPTIVE_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_WIDTH_CHARS:
      g_value_set_int (value, pd_adaptive_layout_get_width_chars (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_adaptive_layout_class_init (PdAdaptiveLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->dispose = pd_adaptive_layout_dispose;
  object_class->get_property = pd_adaptive_layout_get_property;
  layout_class->measure = pd_adaptive_layout_measure;
  layout_class->allocate = pd_adaptive_layout_allocate;

  properties[PROP_WIDTH_CHARS] =
    g_param_spec_int ("width-chars", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_adaptive_layout_init (PdAdaptiveLayout *self)
{
}

GtkLayoutManager *
pd_adaptive_layout_new (void)
{
  return g_object_new (PD_TYPE_ADAPTIVE_LAYOUT, NULL);
}

int
pd_adaptive_layout_get_width_chars (PdAdaptiveLayout *self)
{
  g_return_val_if_fail (PD_IS_ADAPTIVE_LAYOUT (self), 0);

  return self->width_chars;
}

PdAdaptiveLayout *
pd_adaptive_layout_get_for_widget (GtkWidget *widget)
{
  GtkLayoutManager *layout;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  layout = gtk_widget_get_layout_manager (widget);
  g_return_val_if_fail (PD_IS_ADAPTIVE_LAYOUT (layout), NULL);

  return PD_ADAPTIVE_LAYOUT (layout);
}
