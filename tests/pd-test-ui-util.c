/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-ui-util.c: helpers for UI tests: wait on the main loop, find widgets, read cells. */

#include "config.h"

#define G_LOG_DOMAIN "pd-test-ui-util"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pd-customer-page.h"
#include "pd-test-ui-util.h"
#include "pd-test-util.h"

static void
wake_up_cb (gpointer user_data)
{
  gboolean *fired = user_data;

  *fired = TRUE;
}

void
pd_test_ui_iterate (void)
{
  gboolean fired = FALSE;
  guint id;

  /* A timeout bounds the blocking iteration, so a wait never sleeps past its end. */
  id = g_timeout_add_once (20, wake_up_cb, &fired);
  g_main_context_iteration (NULL, TRUE);
  if (!fired)
    g_source_remove (id);
}

void
pd_test_ui_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    pd_test_ui_iterate ();
}

gboolean
pd_test_ui_wait_until (PdTestUiPredicate predicate,
                       gpointer          user_data,
                       guint             timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (user_data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      pd_test_ui_iterate ();
    }

  return TRUE;
}

gboolean
pd_test_ui_pointer_is_null (gpointer pointer_location)
{
  return *(gpointer *) pointer_location == NULL;
}

static char *isolated_cache;

static void
remove_isolated_cache (void)
{
  pd_test_remove_dir (isolated_cache);
  g_clear_pointer (&isolated_cache, g_free);
}

void
pd_test_ui_isolate_cache (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (isolated_cache);
  isolated_cache = g_dir_make_tmp ("partner-desk-test-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", isolated_cache, TRUE);
  atexit (remove_isolated_cache);
}

PdWindow *
pd_test_ui_window_new (PdApplication *app,
                       PdClient      *client,
                       const char    *title)
{
  PdWindow *window = pd_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  pd_window_set_client (window, client, title);
  return window;
}

void
pd_test_ui_window_close (PdWindow **window)
{
  if (*window != NULL)
    gtk_window_destroy (GTK_WINDOW (*window));
  *window = NULL;
  pd_test_ui_run_for (50);
}

GtkWidget *
pd_test_ui_wait_for_customer_page (PdWindow *window,
                                   guint     timeout_ms)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (pd_test_ui_find_by_id (GTK_WIDGET (window), "leaflet"));

  pd_test_ui_assert_soon (PD_IS_CUSTOMER_PAGE (adw_leaflet_get_visible_child (leaflet)),
                          timeout_ms);
  return adw_leaflet_get_visible_child (leaflet);
}

void
pd_test_ui_go_back_to_list (PdWindow *window,
                            guint     timeout_ms)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (pd_test_ui_find_by_id (GTK_WIDGET (window), "leaflet"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  pd_test_ui_assert_soon (adw_leaflet_get_visible_child (leaflet)
                            == pd_window_get_customers_page (window)
                          && !adw_leaflet_get_child_transition_running (leaflet), timeout_ms);
}

void
pd_test_ui_forget_cache (PdClient *client)
{
  g_autoptr(PdCache) cache = pd_cache_dup_for_client (client);

  pd_cache_clear (cache);
  pd_cache_sync (cache);
}

void
pd_test_ui_bind_translations (void)
{
  const char *localedir = g_getenv ("PARTNER_DESK_LOCALEDIR");

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

PdApplication *
pd_test_ui_application_new (const char *application_id)
{
  g_autoptr(GError) error = NULL;
  PdApplication *app;

  app = g_object_new (PD_TYPE_APPLICATION,
                      "application-id", application_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/partnerdesk/PartnerDesk",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

typedef gboolean (*Matcher) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             Matcher        matcher,
             gconstpointer  data)
{
  if (matcher (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, matcher, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
match_id (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), data) == 0;
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static char *
strip_mnemonic (const char *text)
{
  GString *string = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (string, *p++);
      else if (*p != '_')
        g_string_append_c (string, *p);
    }

  return g_string_free (string, FALSE);
}

const char *
pd_test_ui_get_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  if (ADW_IS_WINDOW_TITLE (widget))
    return adw_window_title_get_title (ADW_WINDOW_TITLE (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

  return NULL;
}

static gboolean
match_label (GtkWidget     *widget,
             gconstpointer  data)
{
  const char *text = pd_test_ui_get_text (widget);
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return FALSE;

  stripped = strip_mnemonic (text);
  return g_str_equal (text, data) || g_str_equal (stripped, data);
}

GtkWidget *
pd_test_ui_find_by_id (GtkWidget  *root,
                       const char *buildable_id)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  return find_widget (root, match_id, buildable_id);
}

GtkWidget *
pd_test_ui_find_by_type (GtkWidget *root,
                         GType      type)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  return find_widget (root, match_type, GSIZE_TO_POINTER (type));
}

GtkWidget *
pd_test_ui_find_by_label (GtkWidget  *root,
                          const char *label)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  return find_widget (root, match_label, label);
}

static void
collect_inscriptions (GtkWidget  *widget,
                      GStrvBuilder *builder)
{
  if (GTK_IS_INSCRIPTION (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      g_strv_builder_add (builder, text != NULL ? text : "");
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, builder);
}

typedef struct
{
  double y;
  GStrv  texts;
} ShownRow;

static int
compare_shown_rows (gconstpointer a,
                    gconstpointer b)
{
  const ShownRow *row_a = a;
  const ShownRow *row_b = b;

  return (row_a->y > row_b->y) - (row_a->y < row_b->y);
}

static GPtrArray *
column_view_rows (GtkColumnView *view,
                  gboolean       in_view_only)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (ShownRow));
  GtkWidget *list = NULL;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), rows);

  /* The rows live in the column view's internal list view. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL && list == NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list = child;

  if (list == NULL)
    return rows;

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GStrvBuilder) builder = NULL;
      graphene_point_t origin;
      ShownRow shown_row;

      /* A row made since the last layout (the view is told of more rows while it fills)
       * has no place yet: it is not shown. */
      if (!gtk_widget_get_mapped (row) || gtk_widget_get_height (row) == 0 ||
          !gtk_widget_compute_point (row, list, &GRAPHENE_POINT_INIT (0, 0), &origin))
        continue;

      /* GTK keeps rows laid out above and below what the list shows. */
      if (in_view_only
          && (origin.y < 0 || origin.y + gtk_widget_get_height (row) > gtk_widget_get_height (list)))
        continue;

      builder = g_strv_builder_new ();
      collect_inscriptions (row, builder);
      shown_row.y = origin.y;
      shown_row.texts = g_strv_builder_end (builder);
      if (shown_row.texts[0] != NULL)
        g_array_append_val (shown, shown_row);
      else
        g_strfreev (shown_row.texts);
    }

  /* Top to bottom, as laid out: the widgets' order need not be the rows'. */
  g_array_sort (shown, compare_shown_rows);
  for (guint i = 0; i < shown->len; i++)
    g_ptr_array_add (rows, g_array_index (shown, ShownRow, i).texts);

  return rows;
}

GPtrArray *
pd_test_ui_column_view_rows (GtkColumnView *view)
{
  return column_view_rows (view, FALSE);
}

GPtrArray *
pd_test_ui_column_view_rows_in_view (GtkColumnView *view)
{
  return column_view_rows (view, TRUE);
}
