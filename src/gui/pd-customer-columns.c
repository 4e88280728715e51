/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-columns.c: the customer list's columns: their cells, sorters and widths. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-columns"

#include "pd-a11y.h"
#include "pd-core.h"
#include "pd-customer-columns.h"

static const char * const column_keys[PD_N_CUSTOMER_COLUMNS] = {
  "company-name", "domain", "tenant-id", "relationship",
};

/* The list's width, in average characters, below which a secondary column goes: the
 * Microsoft ID (a 36-character GUID) first, then the domain. The company name and the
 * relationship stay. Counting characters keeps identifiers readable at any text size. */
static const int column_min_list_chars[PD_N_CUSTOMER_COLUMNS] = {
  0, 80, 125, 0,
};

const char *
pd_customer_column_to_key (PdCustomerColumn column)
{
  g_return_val_if_fail (column < PD_N_CUSTOMER_COLUMNS, NULL);

  return column_keys[column];
}

gboolean
pd_customer_column_from_key (const char       *key,
                             PdCustomerColumn *column)
{
  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    if (g_strcmp0 (key, column_keys[i]) == 0)
      {
        *column = i;
        return TRUE;
      }

  return FALSE;
}

const char *
pd_customer_columns_get_cell_tooltip (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_INSCRIPTION (cell), NULL);

  return gtk_inscription_get_text (GTK_INSCRIPTION (cell));
}

/* The cell ellipsizes (an identifier is never broken over lines): the full value is one
 * hover away. Asked for on hover, not set on each refill: GTK 4.8's
 * gtk_widget_set_tooltip_text() asks the X server where the pointer is, a round trip per
 * cell — 800 of them each time the rows change (seconds per keystroke, measured). */
static gboolean
query_cell_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = pd_customer_columns_get_cell_tooltip (cell);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Cells are made in code and filled from the row's customer directly: no GtkBuilder
 * parse per cell and no expression watches, as rows are made while scrolling. A row's
 * customer takes new values in place after a search or a new order (see
 * PdCustomerListModel): its notify refreshes the cell. */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  PdCustomerColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell),
                                 column == PD_CUSTOMER_COLUMN_RELATIONSHIP ? 12 : 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell),
                                 column == PD_CUSTOMER_COLUMN_COMPANY_NAME ? 30
                                 : column == PD_CUSTOMER_COLUMN_RELATIONSHIP ? 20 : 36);
  g_object_set_data (G_OBJECT (cell), "pd-column", GUINT_TO_POINTER (column));
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (query_cell_tooltip_cb), NULL);
  gtk_list_item_set_child (list_item, cell);
}

static void
refresh_cell (GtkListItem *list_item)
{
  PdCustomer *customer = gtk_list_item_get_item (list_item);
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const char *text = NULL;

  switch (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "pd-column")))
    {
    case PD_CUSTOMER_COLUMN_COMPANY_NAME:
      text = pd_customer_get_company_name (customer);
      pd_a11y_label_customer_row (GTK_WIDGET (cell), customer);
      break;
    case PD_CUSTOMER_COLUMN_DOMAIN:
      text = pd_customer_get_domain (customer);
      break;
    case PD_CUSTOMER_COLUMN_TENANT_ID:
      text = pd_customer_get_tenant_id (customer);
      break;
    case PD_CUSTOMER_COLUMN_RELATIONSHIP:
    default:
      text = pd_customer_get_relationship_title (customer);
      break;
    }
  gtk_inscription_set_text (cell, text);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  /* The customer's properties each cell shows: refilling a row notifies each property
   * once, and a cell redraws only for its own (the name's also names the row for screen
   * readers, with the domain). */
  static const char * const signals[PD_N_CUSTOMER_COLUMNS][2] = {
    [PD_CUSTOMER_COLUMN_COMPANY_NAME] = { "notify::company-name", "notify::domain" },
    [PD_CUSTOMER_COLUMN_DOMAIN] = { "notify::domain", NULL },
    [PD_CUSTOMER_COLUMN_TENANT_ID] = { "notify::tenant-id", NULL },
    [PD_CUSTOMER_COLUMN_RELATIONSHIP] = { "notify::relationship", NULL },
  };
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "pd-column"));

  refresh_cell (list_item);
  for (guint i = 0; i < G_N_ELEMENTS (signals[column]) && signals[column][i] != NULL; i++)
    g_signal_connect_swapped (gtk_list_item_get_item (list_item), signals[column][i],
                              G_CALLBACK (refresh_cell), list_item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item),
                                        refresh_cell, list_item);
}

static char *
relationship_sort_key (PdCustomer *customer,
                       gpointer    user_data)
{
  return g_strdup (pd_customer_get_relationship_title (customer));
}

void
pd_customer_columns_set_up (GtkColumnViewColumn * const *columns)
{
  GtkExpression *expressions[PD_N_CUSTOMER_COLUMNS];

  expressions[PD_CUSTOMER_COLUMN_COMPANY_NAME] =
    gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "company-name");
  expressions[PD_CUSTOMER_COLUMN_DOMAIN] =
    gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "domain");
  expressions[PD_CUSTOMER_COLUMN_TENANT_ID] =
    gtk_property_expression_new (PD_TYPE_CUSTOMER, NULL, "tenant-id");
  expressions[PD_CUSTOMER_COLUMN_RELATIONSHIP] =
    gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                 G_CALLBACK (relationship_sort_key), NULL, NULL);
  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    {
      g_autoptr(GtkStringSorter) sorter = gtk_string_sorter_new (expressions[i]);
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      gtk_column_view_column_set_factory (columns[i], factory);

      gtk_string_sorter_set_ignore_case (sorter, TRUE);
      gtk_column_view_column_set_sorter (columns[i], GTK_SORTER (sorter));
    }
}

/* GTK 4.8 cannot tell which column the list is sorted by: ask its sorter with pairs of
 * customers that differ in one column, or in two in opposite orders. */
static PdCustomer *
probe_customer (const char *values[PD_N_CUSTOMER_COLUMNS])
{
  g_autoptr(PdCompanyProfile) company = pd_company_profile_new ();
  PdCustomer *customer = pd_customer_new ();

  pd_company_profile_set_company_name (company, values[PD_CUSTOMER_COLUMN_COMPANY_NAME]);
  pd_company_profile_set_domain (company, values[PD_CUSTOMER_COLUMN_DOMAIN]);
  pd_company_profile_set_tenant_id (company, values[PD_CUSTOMER_COLUMN_TENANT_ID]);
  pd_customer_set_company_profile (customer, company);
  pd_customer_set_id (customer, "probe");
  pd_customer_set_relationship (customer, values[PD_CUSTOMER_COLUMN_RELATIONSHIP]);

  return customer;
}

static GtkOrdering
probe_compare (GtkSorter *sorter,
               guint      column,
               int        other,
               gboolean   other_reversed)
{
  const char *a[PD_N_CUSTOMER_COLUMNS] = { "m", "m", "m", "m" };
  const char *b[PD_N_CUSTOMER_COLUMNS] = { "m", "m", "m", "m" };
  g_autoptr(PdCustomer) first = NULL;
  g_autoptr(PdCustomer) second = NULL;

  a[column] = "a";
  b[column] = "b";
  if (other >= 0)
    {
      a[other] = other_reversed ? "b" : "a";
      b[other] = other_reversed ? "a" : "b";
    }

  first = probe_customer (a);
  second = probe_customer (b);

  return gtk_sorter_compare (sorter, first, second);
}

gboolean
pd_customer_columns_find_sort (GtkColumnView    *view,
                               PdCustomerColumn *column,
                               gboolean         *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);

  for (guint c = 0; c < PD_N_CUSTOMER_COLUMNS; c++)
    {
      GtkOrdering alone = probe_compare (sorter, c, -1, FALSE);
      gboolean primary = alone != GTK_ORDERING_EQUAL;

      for (guint d = 0; primary && d < PD_N_CUSTOMER_COLUMNS; d++)
        {
          if (d == c)
            continue;
          /* If @d decided, flipping its order would flip the answer. */
          primary = probe_compare (sorter, c, d, FALSE) == probe_compare (sorter, c, d, TRUE);
        }

      if (primary)
        {
          *column = c;
          *descending = alone == GTK_ORDERING_LARGER;
          return TRUE;
        }
    }

  return FALSE;
}

void
pd_customer_columns_fit_width (GtkColumnViewColumn * const *columns,
                               int                          width_chars)
{
  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    gtk_column_view_column_set_visible (columns[i], width_chars >= column_min_list_chars[i]);
}

void
pd_customer_columns_save_widths (GtkColumnViewColumn * const *columns,
                                 GSettings                   *settings)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    {
      int width = gtk_column_view_column_get_fixed_width (columns[i]);

      if (width > 0)
        g_variant_builder_add (&builder, "{si}", column_keys[i], width);
    }

  g_settings_set_value (settings, "column-widths", g_variant_builder_end (&builder));
}

void
pd_customer_columns_restore_widths (GtkColumnViewColumn * const *columns,
                                    GSettings                   *settings)
{
  g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");

  for (guint i = 0; i < PD_N_CUSTOMER_COLUMNS; i++)
    {
      int width;

      if (g_variant_lookup (widths, column_keys[i], "i", &width) && width > 0)
        gtk_column_view_column_set_fixed_width (columns[i], width);
    }
}
