/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-welcome-page.c: the first page without a connection: demo data or settings. */

#include "config.h"

#define G_LOG_DOMAIN "pd-welcome-page"

#include <adwaita.h>

#include "pd-welcome-page.h"

struct _PdWelcomePage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PdWelcomePage, pd_welcome_page, GTK_TYPE_WIDGET)

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

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-welcome-page.ui");
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
