/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-conflict-view.c: the fields someone else changed while the user edited, one row each. */

#include "config.h"

#define G_LOG_DOMAIN "pd-conflict-view"

#include "pd-conflict-row.h"
#include "pd-conflict-view.h"
#include "pd-resources.h"

struct _PdConflictView
{
  AdwPreferencesGroup  parent_instance;

  PdProfileForm       *form;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (PdConflictView, pd_conflict_view, ADW_TYPE_PREFERENCES_GROUP)

static void
pd_conflict_view_dispose (GObject *object)
{
  PdConflictView *self = PD_CONFLICT_VIEW (object);

  g_clear_object (&self->form);
  /* The rows themselves belong to the group, which drops them. */
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_conflict_view_parent_class)->dispose (object);
}

static void
pd_conflict_view_class_init (PdConflictViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_conflict_view_dispose;

  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/pd-conflict-view.ui");
}

static void
pd_conflict_view_init (PdConflictView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
}

void
pd_conflict_view_set_form (PdConflictView *self,
                           PdProfileForm  *form)
{
  g_return_if_fail (PD_IS_CONFLICT_VIEW (self));
  g_return_if_fail (PD_IS_PROFILE_FORM (form));

  g_set_object (&self->form, form);
}

gboolean
pd_conflict_view_update (PdConflictView *self)
{
  PdProfileFields fields;

  g_return_val_if_fail (PD_IS_CONFLICT_VIEW (self), FALSE);
  g_return_val_if_fail (self->form != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (!pd_profile_form_get_has_conflict (self->form))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return FALSE;
    }

  /* Rebuilt rather than updated: a second conflict may name other fields. */
  fields = pd_profile_form_get_conflict_fields (self->form);
  for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
    {
      GtkWidget *row;

      if ((fields & f) == 0)
        continue;
      row = pd_conflict_row_new (self->form, f);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  return TRUE;
}

void
pd_conflict_view_focus_first_choice (PdConflictView *self)
{
  PdProfileFields unresolved;

  g_return_if_fail (PD_IS_CONFLICT_VIEW (self));

  if (self->rows->len == 0)
    return;

  unresolved = pd_profile_form_get_unresolved_fields (self->form);
  for (guint i = 0; i < self->rows->len; i++)
    {
      PdConflictRow *row = g_ptr_array_index (self->rows, i);

      if ((unresolved & pd_conflict_row_get_field (row)) != 0)
        {
          pd_conflict_row_focus_choice (row);
          return;
        }
    }
  pd_conflict_row_focus_choice (g_ptr_array_index (self->rows, 0));
}
