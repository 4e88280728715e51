/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-offline-banner.c: a lasting strip above a page's content while the service cannot be
 * reached. It says what is shown and offers Retry ("retry" signal). */

#include "config.h"

#include "pd-offline-banner.h"

struct _PdOfflineBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkWidget   *retry_button;
};

G_DEFINE_FINAL_TYPE (PdOfflineBanner, pd_offline_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
retry_clicked_cb (PdOfflineBanner *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

static void
pd_offline_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_OFFLINE_BANNER);

  G_OBJECT_CLASS (pd_offline_banner_parent_class)->dispose (object);
}

static void
pd_offline_banner_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdOfflineBanner *self = PD_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, pd_offline_banner_get_title (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, pd_offline_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_offline_banner_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdOfflineBanner *self = PD_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pd_offline_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      pd_offline_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_offline_banner_class_init (PdOfflineBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_offline_banner_dispose;
  object_class->get_property = pd_offline_banner_get_property;
  object_class->set_property = pd_offline_banner_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdOfflineBanner::retry:
   *
   * The user asked to try reaching the service again.
   */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-offline-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOfflineBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PdOfflineBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdOfflineBanner, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_offline_banner_init (PdOfflineBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Hidden, it takes no room and no focus. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

const char *
pd_offline_banner_get_title (PdOfflineBanner *self)
{
  g_return_val_if_fail (PD_IS_OFFLINE_BANNER (self), NULL);

  return gtk_label_get_text (self->title_label);
}

void
pd_offline_banner_set_title (PdOfflineBanner *self,
                             const char      *title)
{
  g_return_if_fail (PD_IS_OFFLINE_BANNER (self));

  if (g_strcmp0 (title, gtk_label_get_text (self->title_label)) == 0)
    return;

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  /* The group is read by its sentence: "Offline — showing customers as of …". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
pd_offline_banner_get_revealed (PdOfflineBanner *self)
{
  g_return_val_if_fail (PD_IS_OFFLINE_BANNER (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self));
}

void
pd_offline_banner_set_revealed (PdOfflineBanner *self,
                                gboolean         revealed)
{
  g_return_if_fail (PD_IS_OFFLINE_BANNER (self));

  revealed = !!revealed;
  if (revealed == pd_offline_banner_get_revealed (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self), revealed);
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}
