/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-form-rows.c: the rows the edit form shows between its inputs; Tab steps over them. */

#include "config.h"

#define G_LOG_DOMAIN "pd-form-rows"

#include "pd-form-rows.h"

/* A GtkListBox hands Tab to the next row and gives up (leaving the whole group) when
 * that row takes no focus. Rows the keyboard should step over pass it on instead. */
static gboolean
pass_focus_on (GtkWidget        *row,
               GtkDirectionType  direction)
{
  gboolean forward;

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
    case GTK_DIR_DOWN:
      forward = TRUE;
      break;
    case GTK_DIR_TAB_BACKWARD:
    case GTK_DIR_UP:
      forward = FALSE;
      break;
    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    default:
      return FALSE;
    }

  for (GtkWidget *w = forward ? gtk_widget_get_next_sibling (row)
                              : gtk_widget_get_prev_sibling (row);
       w != NULL;
       w = forward ? gtk_widget_get_next_sibling (w) : gtk_widget_get_prev_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w) && gtk_widget_get_visible (w))
      return gtk_widget_child_focus (w, direction);

  return FALSE;
}

struct _PdFormErrorRow
{
  GtkListBoxRow parent_instance;
};

G_DEFINE_FINAL_TYPE (PdFormErrorRow, pd_form_error_row, GTK_TYPE_LIST_BOX_ROW)

static void
pd_form_error_row_class_init (PdFormErrorRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->focus = pass_focus_on;
}

static void
pd_form_error_row_init (PdFormErrorRow *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
}

struct _PdFormInfoRow
{
  AdwActionRow parent_instance;
};

G_DEFINE_FINAL_TYPE (PdFormInfoRow, pd_form_info_row, ADW_TYPE_ACTION_ROW)

static void
pd_form_info_row_class_init (PdFormInfoRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->focus = pass_focus_on;
}

static void
pd_form_info_row_init (PdFormInfoRow *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}

/**
 * pd_form_error_row_new:
 * @message: the label that shows the message (its child)
 *
 * Returns: (transfer floating): the row, hidden until there is a message
 */
GtkWidget *
pd_form_error_row_new (GtkWidget *message)
{
  GtkWidget *row = g_object_new (PD_TYPE_FORM_ERROR_ROW, NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (message), NULL);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), message);
  gtk_widget_set_visible (row, FALSE);

  return row;
}
