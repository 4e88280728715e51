/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-welcome-page.c: the first page without a connection: demo data or settings. */

#include "config.h"

#define G_LOG_DOMAIN "pd-welcome-page"

#include <adwaita.h>

#include "pd-welcome-page.h"

struct _PdWelcomePage
{
  GtkWidget  parent_instance;

  GtkWidget *demo_button;
};

G_DEFINE_FINAL_TYPE (PdWelcomePage, pd_welcome_page, GTK_TYPE_WIDGET)

/* The first thing a new user does is try the demo: Enter (or Space) does that at once,
 * instead of the focus starting on the header bar's menu button. */
static void
pd_welcome_page_map (GtkWidget *widget)
{
  PdWelcomePage *self = PD_WELCOME_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (pd_welcome_page_parent_class)->map (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), self->demo_button);
  gtk_widget_grab_focus (self->demo_button);
}

static void
pd_welcome_page_unmap (GtkWidget *widget)
{
  PdWelcomePage *self = PD_WELCOME_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* A hidden default would still take Enter on the other pages. */
  if (GTK_IS_WINDOW (root)
      && gtk_window_get_default_widget (GTK_WINDOW (root)) == self->demo_button)
    gtk_window_set_default_widget (GTK_WINDOW (root), NULL);

  GTK_WIDGET_CLASS (pd_welcome_page_parent_class)->unmap (widget);
}

static void
pd_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_WELCOME_PAGE);
  /* dispose_template only unparents bound children: the unbound top box stays. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (object));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (object)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pd_welcome_page_parent_class)->dispose (object);
}

static void
pd_welcome_page_class_init (PdWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_welcome_page_dispose;
  widget_class->map = pd_welcome_page_map;
  widget_class->unmap = pd_welcome_page_unmap;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWelcomePage, demo_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_welcome_page_init (PdWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_welcome_page_new (void)
{
  return g_object_new (PD_TYPE_WELCOME_PAGE, NULL);
}
