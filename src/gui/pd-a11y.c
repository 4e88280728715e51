/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-a11y.c: accessibility fix-ups the widgets of GTK 4.8 and libadwaita 1.2 need. */

#include "config.h"

#define G_LOG_DOMAIN "pd-a11y"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-a11y.h"

/* "Sign-In _Authority" → "Sign-In Authority"; "__" stays one underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '\0')
            break;
          p++;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* What GTK 4.8 gets wrong, and what a screen reader then says:
 *  - a button with a mnemonic gets its raw label and its label child's text as name:
 *    "_Submit Submit". A check button keeps the underscore: "_Partner Center".
 *  - a widget without a name is named by its type: an icon button is "GtkImage", a
 *    stack page "GtkStackPage", a list row "GtkListItemWidget", an empty label "GtkLabel".
 *  - rows of a plain GtkListBox (the stack sidebar's, a drop-down's) have no name.
 * Widgets come from .ui files, from code, and from inside GTK's own dialogs (message
 * dialogs, About, Shortcuts) alike, so the fix-up is made where every widget passes: when
 * it is shown or mapped (emission hooks), and again when the text it is named
 * from changes. Screen readers also see the pages a stack or a leaflet does not show
 * (they stay visible, only unmapped): those are named when their parent is mapped. */

#define FIXED_KEY "pd-a11y-fixed"

static void
set_label (gpointer    accessible,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (accessible),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* An empty label: "nothing to say" rather than the type name GTK 4.8 would make up. */
static void
set_no_label (gpointer accessible)
{
  set_label (accessible, "");
}

static void
set_label_stripped (gpointer    accessible,
                    const char *text,
                    gboolean    use_underline)
{
  g_autofree char *label = use_underline ? strip_mnemonic (text) : g_strdup (text);

  set_label (accessible, label);
}

/* What the few icons GTK and libadwaita put on buttons without a tooltip (a toast's close
 * button, About's back button, the shortcuts' search) mean. */
static const char *
icon_label (const char *icon_name)
{
  if (g_strcmp0 (icon_name, "window-close-symbolic") == 0)
    return _("Close");
  if (g_strcmp0 (icon_name, "go-previous-symbolic") == 0)
    return _("Back");
  if (g_strcmp0 (icon_name, "edit-find-symbolic") == 0)
    return _("Search");

  return NULL;
}

static void
name_button (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (button));

  if (label != NULL && *label != '\0')
    {
      /* GTK relates the button to its label child too: the name would be said twice. */
      set_label_stripped (button, label, gtk_button_get_use_underline (button));
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (button),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  else if (tooltip != NULL || icon_label (gtk_button_get_icon_name (button)) != NULL)
    {
      if (tooltip == NULL)
        tooltip = icon_label (gtk_button_get_icon_name (button));
      /* An icon, or an icon with a state ("Demo Data"), says what the button does only
       * in its tooltip. (This comes after a .ui file's accessible label: keep the two
       * the same.) */
      set_label (button, tooltip);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (button),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
}

static void
name_check_button (GtkCheckButton *button)
{
  const char *label = gtk_check_button_get_label (button);

  if (label != NULL)
    set_label_stripped (button, label, gtk_check_button_get_use_underline (button));
}

/* An image says nothing unless its tooltip does: the words are its button's or label's. */
static void
name_image (GtkImage *image)
{
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (image));

  if (tooltip != NULL)
    set_label (image, tooltip);
  else
    gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

/* An empty label (a code not yet received) is not there for a screen reader. */
static void
hide_empty_label (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN,
                               text == NULL || *text == '\0',
                               -1);
}

static gboolean
refix_idle (gpointer user_data)
{
  GtkWidget *widget = user_data;

  if (GTK_IS_IMAGE (widget))
    name_image (GTK_IMAGE (widget));
  else
    hide_empty_label (GTK_LABEL (widget));

  return G_SOURCE_REMOVE;
}

/* Showing a widget clears its hidden state after notify::visible: hide it again once
 * GTK is done. */
static void
refix_when_shown (GtkWidget *widget)
{
  if (gtk_widget_get_visible (widget))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, refix_idle, g_object_ref (widget), g_object_unref);
}

static void
name_stack_page (GtkStackPage *page)
{
  const char *title = gtk_stack_page_get_title (page);

  if (title != NULL)
    set_label_stripped (page, title, gtk_stack_page_get_use_underline (page));
  else
    set_no_label (page);
}

static gboolean
is_plain_row (GtkWidget *widget)
{
  return !ADW_IS_PREFERENCES_ROW (widget)
         && (GTK_IS_LIST_BOX_ROW (widget)
             || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"));
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = GTK_IS_LABEL (child) ? child : first_label (child);

      if (label != NULL)
        return label;
    }

  return NULL;
}

/* A row says its first label, as it shows (the stack sidebar's "Account", a check
 * button's words, a drop-down's choice): the relation follows the label's text, so
 * reused rows stay right. The customer list's rows are named when bound instead. */
static void
name_row (GtkWidget *row)
{
  GtkWidget *label = first_label (row);

  if (label != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                    -1);
  else
    set_no_label (row);
}

/* A group's list says the group's title ("Company"); libadwaita 1.2 names some of them
 * only. */
static void
name_list_box (GtkWidget *list)
{
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);
  const char *title = group != NULL ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group))
                                    : NULL;

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  set_label (list, title != NULL ? title : "");
}

/* Inner widgets of GTK's lists that GTK 4.8 names by type; rows that should say more
 * are named by their owner (see pd_a11y_label_customer_row()). */
static gboolean
is_nameless_inner_widget (GtkWidget *widget)
{
  static const char * const types[] = {
    "GtkColumnListView", "GtkColumnViewCell", "GtkListView", "GtkGridView", NULL,
  };

  return g_strv_contains ((const char * const *) types, G_OBJECT_TYPE_NAME (widget));
}

static void
watch (gpointer     object,
       const char  *signal,
       GCallback    callback)
{
  g_signal_connect (object, signal, callback, NULL);
}

/* The column view's header row says its columns: "Company name, Domain, …". */
static void
name_column_header (GtkWidget     *header,
                    GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GString) label = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *title = gtk_column_view_column_get_title (column);

      if (title == NULL || !gtk_column_view_column_get_visible (column))
        continue;
      /* Translators: between the column titles the header row of a list is read as. */
      g_string_append_printf (label, "%s%s", label->len > 0 ? C_("column titles", ", ") : "",
                              title);
    }
  set_label (header, label->str);
}

static void
name_stack_pages (GtkStack *stack)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (stack));

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      GtkStackPage *page = GTK_STACK_PAGE (item);

      if (g_object_get_data (G_OBJECT (page), FIXED_KEY) != NULL)
        continue;
      g_object_set_data (G_OBJECT (page), FIXED_KEY, GINT_TO_POINTER (TRUE));
      name_stack_page (page);
      watch (page, "notify::title", G_CALLBACK (name_stack_page));
    }
}

/* Once per widget: name it now and whenever its words change. */
static void
fix_widget (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));

  if (GTK_IS_BUTTON (widget))
    {
      name_button (GTK_BUTTON (widget));
      watch (widget, "notify::label", G_CALLBACK (name_button));
      watch (widget, "notify::use-underline", G_CALLBACK (name_button));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      name_check_button (GTK_CHECK_BUTTON (widget));
      watch (widget, "notify::label", G_CALLBACK (name_check_button));
      watch (widget, "notify::use-underline", G_CALLBACK (name_check_button));
    }
  /* libadwaita names its own rows (title and subtitle). */
  else if (is_plain_row (widget))
    name_row (widget);
  else if (GTK_IS_IMAGE (widget))
    {
      name_image (GTK_IMAGE (widget));
      watch (widget, "notify::visible", G_CALLBACK (refix_when_shown));
    }
  else if (GTK_IS_LABEL (widget))
    {
      hide_empty_label (GTK_LABEL (widget));
      watch (widget, "notify::label", G_CALLBACK (hide_empty_label));
      watch (widget, "notify::visible", G_CALLBACK (refix_when_shown));
    }
  else if (GTK_IS_STACK (widget))
    name_stack_pages (GTK_STACK (widget));
  else if (GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (widget))
           && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ROW)
    name_column_header (widget, GTK_COLUMN_VIEW (gtk_widget_get_parent (widget)));
  else if (GTK_IS_LIST_BOX (widget))
    name_list_box (widget);
  else if (is_nameless_inner_widget (widget))
    set_no_label (widget);
}

static void
fix_tree (GtkWidget *widget)
{
  fix_widget (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_tree (child);
}

/* On map, and on show: a widget shown where nothing is mapped yet (a page not shown) is
 * seen by screen readers long before it is mapped, with all it holds. */
static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_params,
          const GValue          *params,
          gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* A window, as it appears: all of it, whatever its widgets will map. */
  if (GTK_IS_ROOT (widget)
      || (!gtk_widget_get_mapped (widget) && (parent == NULL || !gtk_widget_get_mapped (parent))))
    {
      fix_tree (widget);
      return TRUE;
    }

  fix_widget (widget);
  /* Children their parent keeps unmapped (pages not shown) are never mapped here. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && !gtk_widget_get_child_visible (child))
      fix_tree (child);

  return TRUE;
}

/**
 * pd_a11y_init:
 *
 * Names every widget the app will show the way a screen reader should say it (see
 * above). Call once, before the first window is made.
 */
void
pd_a11y_init (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* GtkWidget's signals exist once its class does. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_signal_add_emission_hook (g_signal_lookup ("show", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

/**
 * pd_a11y_label_customer_row:
 * @cell: a widget inside a row of the customer list
 * @customer: the row's customer
 *
 * Names the row @cell is in by the customer's company and domain, as a screen reader
 * should say it when the row gets the focus (GTK 4.8 would say "GtkListItemWidget").
 * Call it from the factory's bind and when the customer changes: rows are reused.
 */
void
pd_a11y_label_customer_row (GtkWidget  *cell,
                            PdCustomer *customer)
{
  g_return_if_fail (GTK_IS_WIDGET (cell));
  g_return_if_fail (PD_IS_CUSTOMER (customer));

  for (GtkWidget *w = gtk_widget_get_parent (cell); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)) == GTK_ACCESSIBLE_ROLE_ROW)
      {
        /* Translators: a row of the customer list as a screen reader says it:
         * company name, domain. */
        g_autofree char *label = g_strdup_printf (C_("customer row", "%1$s, %2$s"),
                                                  pd_customer_get_company_name (customer),
                                                  pd_customer_get_domain (customer));

        set_label (w, label);
        /* Named: the map hook must not blank it. */
        g_object_set_data (G_OBJECT (w), FIXED_KEY, GINT_TO_POINTER (TRUE));
        return;
      }
}

/**
 * pd_a11y_label_entry_row:
 * @row: an entry row with its title set
 *
 * The focus of an #AdwEntryRow sits in the text inside it, and libadwaita 1.2 gives
 * that text no name: a screen reader would announce a nameless text field. The row's
 * visible title becomes the text's accessible name.
 */
void
pd_a11y_label_entry_row (AdwEntryRow *row)
{
  const char *title;
  g_autofree char *label = NULL;
  GtkEditable *text;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (title == NULL || text == NULL)
    return;

  label = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row))
          ? strip_mnemonic (title) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}
