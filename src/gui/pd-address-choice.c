/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-address-choice.c: "You entered" beside the server's "Suggested" address; the user picks. */

#include "config.h"

#define G_LOG_DOMAIN "pd-address-choice"

#include <glib/gi18n.h>

#include "pd-address-choice.h"
#include "pd-resources.h"

struct _PdAddressChoice
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *message_label;
  GtkFlowBox     *choices_box;

  PdAddress      *entered;
  GPtrArray      *suggested;   /* PdAddress */
  GPtrArray      *buttons;     /* GtkCheckButton, [0] is "You entered" */
};

G_DEFINE_FINAL_TYPE (PdAddressChoice, pd_address_choice, GTK_TYPE_WIDGET)

static char *
format_with_country (PdAddress *address)
{
  g_autofree char *lines = pd_address_format (address);
  const char *country = pd_address_get_country (address);

  if (country == NULL || *country == '\0')
    return g_steal_pointer (&lines);

  return g_strdup_printf ("%s\n%s", lines, pd_country_get_name (country));
}

static GtkWidget *
make_card (PdAddressChoice *self,
           const char      *title,
           PdAddress       *address)
{
  g_autofree char *text = format_with_country (address);
  GtkWidget *button, *box, *heading, *label;
  GtkCheckButton *group = self->buttons->len > 0 ? g_ptr_array_index (self->buttons, 0) : NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), label);

  button = gtk_check_button_new ();
  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), box);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  /* The visible heading and address are what a screen reader should read. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  g_ptr_array_add (self->buttons, button);

  return button;
}

static void
pd_address_choice_dispose (GObject *object)
{
  PdAddressChoice *self = PD_ADDRESS_CHOICE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ADDRESS_CHOICE);
  g_clear_object (&self->entered);
  g_clear_pointer (&self->suggested, g_ptr_array_unref);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_address_choice_parent_class)->dispose (object);
}

static void
pd_address_choice_class_init (PdAddressChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_address_choice_dispose;

  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-address-choice.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAddressChoice, box);
  gtk_widget_class_bind_template_child (widget_class, PdAddressChoice, message_label);
  gtk_widget_class_bind_template_child (widget_class, PdAddressChoice, choices_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pd_address_choice_init (PdAddressChoice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->buttons = g_ptr_array_new ();
}

GtkWidget *
pd_address_choice_new (void)
{
  return g_object_new (PD_TYPE_ADDRESS_CHOICE, NULL);
}

void
pd_address_choice_set_addresses (PdAddressChoice *self,
                                 PdAddress       *entered,
                                 GPtrArray       *suggested,
                                 const char      *message)
{
  GtkWidget *child;

  g_return_if_fail (PD_IS_ADDRESS_CHOICE (self));
  g_return_if_fail (PD_IS_ADDRESS (entered));
  g_return_if_fail (suggested != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))) != NULL)
    gtk_flow_box_remove (self->choices_box, child);
  g_ptr_array_set_size (self->buttons, 0);

  g_set_object (&self->entered, entered);
  g_clear_pointer (&self->suggested, g_ptr_array_unref);
  self->suggested = g_ptr_array_ref (suggested);

  gtk_flow_box_append (self->choices_box,
                       /* Translators: the address as the user typed it */
                       make_card (self, _("You Entered"), entered));
  for (guint i = 0; i < suggested->len; i++)
    {
      g_autofree char *title = NULL;

      if (suggested->len == 1)
        /* Translators: the address the address service proposes */
        title = g_strdup (_("Suggested"));
      else
        /* Translators: one of several addresses the address service proposes */
        title = g_strdup_printf (_("Suggested %u"), i + 1);
      gtk_flow_box_append (self->choices_box,
                           make_card (self, title, g_ptr_array_index (suggested, i)));
    }

  /* Nothing changes unless the user asks for it. */
  gtk_check_button_set_active (g_ptr_array_index (self->buttons, 0), TRUE);

  if (message != NULL && *message != '\0')
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_label), message);
}

PdAddress *
pd_address_choice_get_selected (PdAddressChoice *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_CHOICE (self), NULL);

  for (guint i = 1; i < self->buttons->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->buttons, i)))
      return g_ptr_array_index (self->suggested, i - 1);

  return self->entered;
}

gboolean
pd_address_choice_get_suggestion_selected (PdAddressChoice *self)
{
  g_return_val_if_fail (PD_IS_ADDRESS_CHOICE (self), FALSE);

  return pd_address_choice_get_selected (self) != self->entered;
}

void
pd_address_choice_select (PdAddressChoice *self,
                          int              index)
{
  g_return_if_fail (PD_IS_ADDRESS_CHOICE (self));
  g_return_if_fail (index + 1 < (int) self->buttons->len);

  gtk_check_button_set_active (g_ptr_array_index (self->buttons, index + 1), TRUE);
}

static gboolean
differs (const char *a,
         const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") != 0;
}

gboolean
pd_address_differs (PdAddress *entered,
                    PdAddress *suggested)
{
  g_return_val_if_fail (PD_IS_ADDRESS (entered), FALSE);
  g_return_val_if_fail (PD_IS_ADDRESS (suggested), FALSE);

  return differs (pd_address_get_address_line1 (entered), pd_address_get_address_line1 (suggested))
      || differs (pd_address_get_address_line2 (entered), pd_address_get_address_line2 (suggested))
      || differs (pd_address_get_city (entered), pd_address_get_city (suggested))
      || differs (pd_address_get_state (entered), pd_address_get_state (suggested))
      || differs (pd_address_get_postal_code (entered), pd_address_get_postal_code (suggested))
      || differs (pd_address_get_country (entered), pd_address_get_country (suggested));
}
