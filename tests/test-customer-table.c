/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-customer-table.c: the customer list's table: merging pages into sorted orders,
 * replacing and removing customers, and searching, including hostile input. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-core.h"
#include "pd-customer-rows-private.h"
#include "pd-test-util.h"

/* Waits for the table to publish everything up to @serial. */
static PdCustomerSnapshot *
wait_for (PdCustomerTable *table,
          guint64          serial)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (pd_customer_snapshot_get_serial (pd_customer_table_get_snapshot (table)) < serial)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  return pd_customer_table_get_snapshot (table);
}

static GPtrArray *
page_of (guint first,
         guint n)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", i * 2654435761u, i);
      g_autofree char *name = g_strdup_printf ("Company %u", (i * 7919u) % 100000u);
      g_autofree char *domain = g_strdup_printf ("d%u.example.com", (i * 104729u) % 99991u);

      g_ptr_array_add (page, pd_test_customer_new (id, name, domain, i % 3 ? "reseller" : "advisor"));
    }

  return page;
}

static const char *
value_of (PdCustomerSnapshot *snapshot,
          guint               row,
          PdCustomerOrder     order)
{
  PdCustomerRowValues values;

  pd_customer_snapshot_get_values (snapshot, row, &values);
  switch (order)
    {
    case PD_CUSTOMER_ORDER_DOMAIN:
      return values.domain;
    case PD_CUSTOMER_ORDER_TENANT_ID:
      return values.tenant_id;
    case PD_CUSTOMER_ORDER_RELATIONSHIP:
      return pd_customer_relationship_title (values.relationship);
    case PD_CUSTOMER_ORDER_COMPANY_NAME:
    case PD_CUSTOMER_N_ORDERS:
    default:
      return values.company_name;
    }
}

/* Every current row once, in @order by the column's folding. */
static void
assert_sorted_in (PdCustomerSnapshot *snapshot,
                  PdCustomerOrder     order)
{
  const guint32 *rows = pd_customer_snapshot_get_order (snapshot, order);
  guint n = pd_customer_snapshot_get_n_customers (snapshot);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_nonnull (rows);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (pd_customer_snapshot_row_is_current (snapshot, rows[i]));
      g_assert_true (g_hash_table_add (seen, GUINT_TO_POINTER (rows[i])));
      if (i > 0)
        {
          g_autofree char *a = pd_customer_fold_for_search (value_of (snapshot, rows[i - 1], order));
          g_autofree char *b = pd_customer_fold_for_search (value_of (snapshot, rows[i], order));

          g_assert_cmpint (strcmp (a, b), <=, 0);
        }
    }
}

static void
assert_sorted (PdCustomerSnapshot *snapshot)
{
  for (guint order = 0; order < PD_CUSTOMER_N_ORDERS; order++)
    assert_sorted_in (snapshot, order);
}

static void
note_thread_cb (PdCustomerTable    *table,
                PdCustomerSnapshot *snapshot,
                gpointer            user_data)
{
  GThread **thread = user_data;

  *thread = g_thread_self ();
}

/* Snapshots are delivered on the thread that runs the table's main context, also when the
 * table's thread publishes while that loop is not running (a window being closed, a
 * callback that blocks): from g_main_context_invoke(), the table's thread took the free
 * context and emitted "published" itself, into GTK. */
static void
test_published_on_context_thread (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) page = page_of (0, 100);
  GThread *published_on = NULL;
  guint64 serial;

  g_signal_connect (table, "published", G_CALLBACK (note_thread_cb), &published_on);
  pd_customer_table_add (table, page);
  serial = pd_customer_table_finish_load (table, FALSE);

  /* The main loop is not running meanwhile: the snapshot waits for it. */
  g_usleep (300 * 1000);
  g_assert_null (published_on);

  wait_for (table, serial);
  g_assert_true (published_on == g_thread_self ());
}

static void
test_pages_merge_sorted (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  PdCustomerSnapshot *snapshot;
  guint64 serial = 0;

  /* Twenty pages, each merged into the orders as it comes. */
  for (guint p = 0; p < 20; p++)
    {
      g_autoptr(GPtrArray) page = page_of (p * 500, 500);

      serial = pd_customer_table_add (table, page);
    }
  serial = pd_customer_table_finish_load (table, FALSE);
  snapshot = wait_for (table, serial);

  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 10000);
  assert_sorted (snapshot);
}

/* Customers whose names and domains repeat, and begin alike for longer than the bytes
 * the orders keep beside each row (32): the rows tie on those and are put in order by
 * the rest of their names, then by id. Some names end where another goes on, some run
 * past 256 bytes. */
static GPtrArray *
page_of_ties (guint first,
              guint n)
{
  static const char * const names[] = {
    "Contoso",
    "Contoso International Holdings Group of Companies",
    "Contoso International Holdings Group of Companies Limited",
    "Contoso International Holdings Group of Companies Limited Partnership",
    "contoso international holdings group of companies limited",
    "ООО «Северный Ветер Инжиниринг и Консалтинг»",
    "ООО «Северный Ветер Инжиниринг и Консалтинг» Филиал",
    "ООО «Северный Ветер»",
    "深圳市腾云科技有限公司南山分公司深圳市腾云科技有限公司",
  };
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *very_long = g_strnfill (300, 'A');
  g_autofree char *very_long_b = g_strconcat (very_long, "B", NULL);

  for (guint i = first; i < first + n; i++)
    {
      guint pick = (i * 40503u) % (G_N_ELEMENTS (names) + 2);
      const char *name = pick < G_N_ELEMENTS (names) ? names[pick]
                         : pick == G_N_ELEMENTS (names) ? very_long : very_long_b;
      g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", i * 2654435761u, i);
      g_autofree char *domain = g_strdup_printf ("contoso-international-holdings-%u.example.com",
                                                 (i * 7u) % 5u);

      g_ptr_array_add (page, pd_test_customer_new (id, name, domain, "reseller"));
    }

  return page;
}

/* @order is the whole order: the column, then the name, then the id. */
static void
assert_ordered_whole_in (PdCustomerSnapshot *snapshot,
                         PdCustomerOrder     order)
{
  const guint32 *rows = pd_customer_snapshot_get_order (snapshot, order);
  guint n = pd_customer_snapshot_get_n_customers (snapshot);

  for (guint i = 1; i < n; i++)
    {
      PdCustomerRowValues a, b;
      g_autofree char *a_column = NULL, *b_column = NULL, *a_name = NULL, *b_name = NULL;
      int result;

      pd_customer_snapshot_get_values (snapshot, rows[i - 1], &a);
      pd_customer_snapshot_get_values (snapshot, rows[i], &b);
      a_column = pd_customer_fold_for_search (value_of (snapshot, rows[i - 1], order));
      b_column = pd_customer_fold_for_search (value_of (snapshot, rows[i], order));
      a_name = pd_customer_fold_for_search (a.company_name);
      b_name = pd_customer_fold_for_search (b.company_name);

      result = strcmp (a_column, b_column);
      if (result == 0)
        result = strcmp (a_name, b_name);
      if (result == 0)
        result = strcmp (a.id, b.id);
      if (result >= 0)
        g_error ("Order %u, rows %u and %u: “%s” “%s” %s before “%s” “%s” %s", order,
                 i - 1, i, a_column, a_name, a.id, b_column, b_name, b.id);
    }
}

/* Every column's order is the whole order. */
static void
assert_ordered_whole (PdCustomerSnapshot *snapshot)
{
  assert_ordered_whole_in (snapshot, PD_CUSTOMER_ORDER_COMPANY_NAME);
  assert_ordered_whole_in (snapshot, PD_CUSTOMER_ORDER_DOMAIN);
  assert_ordered_whole_in (snapshot, PD_CUSTOMER_ORDER_TENANT_ID);
}

static void
test_ties_sorted_whole (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) first = page_of_ties (0, 5000);
  PdCustomerSnapshot *snapshot;
  guint64 serial;

  /* One large page (sorted at once), then pages merged into the orders one by one. */
  serial = pd_customer_table_add (table, first);
  snapshot = wait_for (table, serial);
  assert_ordered_whole (snapshot);
  for (guint p = 0; p < 10; p++)
    {
      g_autoptr(GPtrArray) page = page_of_ties (5000 + p * 500, 500);

      serial = pd_customer_table_add (table, page);
    }
  serial = pd_customer_table_finish_load (table, FALSE);
  snapshot = wait_for (table, serial);

  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 10000);
  assert_ordered_whole (snapshot);
}

static void
collect_snapshot_cb (PdCustomerTable    *table,
                     PdCustomerSnapshot *snapshot,
                     gpointer            user_data)
{
  g_ptr_array_add (user_data, pd_customer_snapshot_ref (snapshot));
}

/* Every current row once, in @order's whole order (the column, the name, the id; for
 * the relationship order, the title's folding). */
static void
assert_order_complete (PdCustomerSnapshot *snapshot,
                       PdCustomerOrder     order)
{
  assert_sorted_in (snapshot, order);
  if (order != PD_CUSTOMER_ORDER_RELATIONSHIP)
    assert_ordered_whole_in (snapshot, order);
}

/*
 * Told the order the list shows, the table ends a load with that order alone, built on
 * two threads (the added rows split at one of them, and the previous order where it
 * goes), then with the same rows and every order. Names repeat and begin alike past the
 * bytes kept beside each row, and some earlier customers come again with new values, so
 * the previous order holds rows no longer current on both sides of the split.
 */
static void
test_shown_order_first (void)
{
  /* The name order (names tie most), another sorted one, and the one made from the name
   * order; each with an order built for the second snapshot, checked whole there. Each
   * with the load's length as a server may tell it: right, not told, or too short (the
   * sort keys' room the table keeps for it is then too small, and the builds make their
   * own). */
  static const struct { PdCustomerOrder shown, other; guint told; } cases[] = {
    { PD_CUSTOMER_ORDER_COMPANY_NAME, PD_CUSTOMER_ORDER_DOMAIN, 14000 },
    { PD_CUSTOMER_ORDER_DOMAIN, PD_CUSTOMER_ORDER_COMPANY_NAME, 0 },
    { PD_CUSTOMER_ORDER_RELATIONSHIP, PD_CUSTOMER_ORDER_TENANT_ID, 6000 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      PdCustomerOrder shown = cases[c].shown;
      /* A long interval: one snapshot for the first page, the next at the end. */
      g_autoptr(PdCustomerTable) table = pd_customer_table_new (60 * 1000);
      g_autoptr(GPtrArray) snapshots =
        g_ptr_array_new_with_free_func ((GDestroyNotify) pd_customer_snapshot_unref);
      g_autoptr(GPtrArray) first = page_of_ties (0, 4000);
      g_autoptr(GPtrArray) again = page_of (0, 2000);
      PdCustomerSnapshot *partial, *complete;
      guint64 serial;
      gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      g_signal_connect (table, "published", G_CALLBACK (collect_snapshot_cb), snapshots);
      pd_customer_table_set_shown_order (table, shown);
      wait_for (table, pd_customer_table_add (table, first));
      if (cases[c].told != 0)
        pd_customer_table_reserve (table, cases[c].told);

      pd_customer_table_add (table, again);
      for (guint p = 0; p < 20; p++)
        {
          g_autoptr(GPtrArray) page = page_of_ties (4000 + p * 500, 500);

          pd_customer_table_add (table, page);
        }
      serial = pd_customer_table_finish_load (table, FALSE);
      while (snapshots->len < 3 || pd_customer_snapshot_get_serial (g_ptr_array_index (snapshots, snapshots->len - 1)) < serial)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          g_main_context_iteration (NULL, TRUE);
        }
      g_assert_cmpuint (snapshots->len, ==, 3);
      partial = g_ptr_array_index (snapshots, 1);
      complete = g_ptr_array_index (snapshots, 2);

      g_assert_cmpuint (pd_customer_snapshot_get_serial (partial), ==, serial);
      g_assert_cmpuint (pd_customer_snapshot_get_n_customers (partial), ==, 14000);
      g_assert_cmpuint (pd_customer_snapshot_get_n_customers (complete), ==, 14000);
      for (guint order = 0; order < PD_CUSTOMER_N_ORDERS; order++)
        {
          gboolean expected = order == shown
                              || (shown == PD_CUSTOMER_ORDER_RELATIONSHIP
                                  && order == PD_CUSTOMER_ORDER_COMPANY_NAME);

          g_assert_cmpint (pd_customer_snapshot_has_order (partial, order), ==, expected);
          g_assert_true (pd_customer_snapshot_has_order (complete, order));
        }
      assert_order_complete (partial, shown);
      assert_order_complete (complete, cases[c].other);
      g_assert_cmpmem (pd_customer_snapshot_get_order (partial, shown), 14000 * sizeof (guint32),
                       pd_customer_snapshot_get_order (complete, shown), 14000 * sizeof (guint32));
    }
}

static void
test_same_id_replaces (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) page = page_of (0, 100);
  g_autoptr(GPtrArray) again = page_of (0, 100);
  g_autoptr(PdCustomerSnapshot) before = NULL;
  PdCustomerSnapshot *snapshot;
  PdCustomer *renamed = g_ptr_array_index (again, 42);
  g_autoptr(PdCompanyProfile) company = pd_company_profile_copy (pd_customer_get_company_profile (renamed));
  guint old_row;
  guint row;

  before = pd_customer_snapshot_ref (wait_for (table, pd_customer_table_add (table, page)));
  old_row = pd_customer_snapshot_find (before, pd_customer_get_id (renamed));
  g_assert_cmpuint (old_row, !=, G_MAXUINT);

  /* The same page again (a server search, a refresh) adds nobody; one renamed moves. */
  pd_company_profile_set_company_name (company, "Aaa First");
  pd_customer_set_company_profile (renamed, company);
  pd_customer_table_add (table, again);
  snapshot = wait_for (table, pd_customer_table_flush (table));

  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 100);
  row = pd_customer_snapshot_find (snapshot, pd_customer_get_id (renamed));
  g_assert_cmpuint (row, !=, old_row);
  g_assert_false (pd_customer_snapshot_row_is_current (snapshot, old_row));
  g_assert_cmpuint (pd_customer_snapshot_get_order (snapshot, PD_CUSTOMER_ORDER_COMPANY_NAME)[0], ==, row);
  /* The old snapshot is untouched: the main thread may still be showing it. */
  g_assert_true (pd_customer_snapshot_row_is_current (before, old_row));
  g_assert_cmpstr (value_of (before, old_row, PD_CUSTOMER_ORDER_COMPANY_NAME), !=, "Aaa First");
  assert_sorted (snapshot);
}

static void
test_refresh_removes_unseen (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) all = page_of (0, 300);
  g_autoptr(GPtrArray) most = page_of (0, 250);
  PdCustomerSnapshot *snapshot;

  pd_customer_table_add (table, all);
  wait_for (table, pd_customer_table_finish_load (table, FALSE));

  /* A stopped refresh removes nobody; a complete one removes who did not come. */
  pd_customer_table_begin_refresh (table);
  pd_customer_table_add (table, most);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, FALSE));
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 300);

  pd_customer_table_begin_refresh (table);
  pd_customer_table_add (table, most);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, TRUE));
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 250);
  g_assert_cmpuint (pd_customer_snapshot_find (snapshot, pd_customer_get_id (g_ptr_array_index (all, 260))),
                    ==, G_MAXUINT);
  assert_sorted (snapshot);
}

/* Room made ahead (the listing's totalCount) changes nothing of what the table holds:
 * not for rows already in, nor during a refresh, nor when a server's count is absurd. */
static void
test_reserve (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) first = page_of (0, 3000);
  g_autoptr(GPtrArray) rest = page_of (3000, 3000);
  g_autoptr(GPtrArray) most = page_of (0, 5000);
  PdCustomerSnapshot *snapshot;

  pd_customer_table_add (table, first);
  pd_customer_table_reserve (table, 6000);
  pd_customer_table_add (table, rest);
  /* The same ids again: replaced, not added. */
  pd_customer_table_add (table, first);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, FALSE));
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 6000);
  for (guint i = 0; i < first->len; i++)
    {
      g_assert_cmpuint (pd_customer_snapshot_find (snapshot, pd_customer_get_id (g_ptr_array_index (first, i))),
                        !=, G_MAXUINT);
      g_assert_cmpuint (pd_customer_snapshot_find (snapshot, pd_customer_get_id (g_ptr_array_index (rest, i))),
                        !=, G_MAXUINT);
    }
  assert_sorted (snapshot);

  /* A refresh told of a list far longer than any: the rows it saw stay, the others go. */
  pd_customer_table_begin_refresh (table);
  pd_customer_table_reserve (table, G_MAXUINT);
  pd_customer_table_add (table, most);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, TRUE));
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 5000);
  g_assert_cmpuint (pd_customer_snapshot_find (snapshot, pd_customer_get_id (g_ptr_array_index (rest, 2500))),
                    ==, G_MAXUINT);
  g_assert_cmpuint (pd_customer_snapshot_find (snapshot, pd_customer_get_id (g_ptr_array_index (rest, 1999))),
                    !=, G_MAXUINT);
  assert_sorted (snapshot);
}

/* Told the load's length, the table keeps that length's pace from the first page on: the
 * first page at once, then nothing for a second (a server's absurd length makes it no
 * longer), then the next. By its rows alone, 5,500 of them, the next would have come
 * 55 ms after the first. (How many rows the table has read by then depends on the
 * machine: under the sanitizers, with other tests running, not all of them.) */
static void
test_reserve_paces_snapshots (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (10);
  g_autoptr(GPtrArray) snapshots =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pd_customer_snapshot_unref);
  g_autoptr(GPtrArray) first = page_of (0, 500);
  gint64 first_at, second_at, end;
  PdCustomerSnapshot *snapshot;

  g_signal_connect (table, "published", G_CALLBACK (collect_snapshot_cb), snapshots);
  wait_for (table, pd_customer_table_add (table, first));
  first_at = g_get_monotonic_time ();
  pd_customer_table_reserve (table, G_MAXUINT);
  for (guint p = 1; p <= 10; p++)
    {
      g_autoptr(GPtrArray) page = page_of (p * 500, 500);

      pd_customer_table_add (table, page);
    }

  end = first_at + 10 * G_USEC_PER_SEC;
  while (snapshots->len < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  second_at = g_get_monotonic_time ();
  /* (first_at is when the first snapshot reached this thread, a little after it went.) */
  g_assert_cmpint (second_at - first_at, >=, 600 * 1000);
  /* A second, not the 5 s of the 512 Ki rows the table makes room for at most. */
  g_assert_cmpint (second_at - first_at, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (g_ptr_array_index (snapshots, 1)),
                    >, 500);
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (g_ptr_array_index (snapshots, 1)),
                    <=, 5500);

  pd_customer_table_add (table, first);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, FALSE));
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 5500);
  assert_sorted (snapshot);
}

/* The sort keys' room grows at least twofold: a server telling a longer list with every
 * page makes it anew a few times, not once a page (each time touching its pages again). */
static void
test_sort_scratch_grows (void)
{
  PdSortScratch scratch = { NULL, 0, 0 };
  guint n_grown = 0;

  pd_sort_scratch_reserve (&scratch, 500);
  g_assert_nonnull (scratch.keys);
  g_assert_cmpuint (scratch.capacity, ==, 500);
  pd_sort_scratch_make_resident (&scratch, 400);
  g_assert_cmpuint (scratch.resident, ==, 400);
  /* Told of more rows than it holds: as many as it holds. */
  pd_sort_scratch_make_resident (&scratch, 900);
  g_assert_cmpuint (scratch.resident, ==, 500);

  for (guint told = 501; told <= 100000; told += 500)
    {
      guint capacity = scratch.capacity;

      pd_sort_scratch_reserve (&scratch, told);
      g_assert_cmpuint (scratch.capacity, >=, told);
      if (scratch.capacity != capacity)
        {
          n_grown++;
          g_assert_cmpuint (scratch.capacity, >=, 2 * capacity);
          g_assert_cmpuint (scratch.resident, ==, 0);
        }
    }
  g_assert_cmpuint (n_grown, <=, 8);

  /* Told less: the room stays. */
  pd_sort_scratch_reserve (&scratch, 10);
  g_assert_cmpuint (scratch.capacity, >=, 100000);

  pd_sort_scratch_clear (&scratch);
  g_assert_null (scratch.keys);
  g_assert_cmpuint (scratch.capacity, ==, 0);
}

/* The snapshot that ends a refresh says what it changed, each customer counted once
 * however often it came. */
static void
test_refresh_changes (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) first = page_of (0, 300);
  g_autoptr(GPtrArray) second = page_of (10, 300);
  PdCustomerRefreshChanges changes = { 99, 99, 99 };
  PdCustomerSnapshot *snapshot;
  PdCustomer *renamed;

  pd_customer_table_add (table, first);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, FALSE));
  g_assert_false (pd_customer_snapshot_get_refresh_changes (snapshot, &changes));

  /* Customers 10..309 come (300..309 are new, 0..9 are gone), 20 is renamed, and the
   * second page comes twice. */
  renamed = g_ptr_array_index (second, 10);
  pd_company_profile_set_company_name (pd_customer_get_company_profile (renamed), "Renamed Ltd");
  pd_customer_table_begin_refresh (table);
  pd_customer_table_add (table, second);
  pd_customer_table_add (table, second);
  snapshot = wait_for (table, pd_customer_table_finish_load (table, TRUE));
  g_assert_true (pd_customer_snapshot_get_refresh_changes (snapshot, &changes));
  g_assert_cmpuint (changes.added, ==, 10);
  g_assert_cmpuint (changes.changed, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 10);
  g_assert_cmpuint (pd_customer_snapshot_get_n_customers (snapshot), ==, 300);

  /* The next snapshot (a flush) ends no refresh. */
  snapshot = wait_for (table, pd_customer_table_flush (table));
  g_assert_false (pd_customer_snapshot_get_refresh_changes (snapshot, &changes));
}

static guint
count_matches (PdCustomerSnapshot *snapshot,
               const char         *text)
{
  g_autofree char *query = pd_customer_table_fold_query (text);
  g_autoptr(PdCustomerMatches) matches = pd_customer_snapshot_match (snapshot, query, NULL, NULL);

  return pd_customer_matches_get_count (matches);
}

static PdCustomerSnapshot *
mixed_snapshot (PdCustomerTable *table)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *long_name = NULL;
  GString *huge = g_string_new (NULL);

  for (guint i = 0; i < 3000; i++)
    g_string_append (huge, "Я");
  long_name = g_string_free (huge, FALSE);

  g_ptr_array_add (page, pd_test_customer_new ("a1", "ООО «Ромашка»", "romashka.ru", "reseller"));
  g_ptr_array_add (page, pd_test_customer_new ("a2", "Café Müller", "cafe.de", "advisor"));
  g_ptr_array_add (page, pd_test_customer_new ("a3", "北京科技有限公司", "bjkj.cn", "reseller"));
  g_ptr_array_add (page, pd_test_customer_new ("a4", "שלום בע\"מ", "shalom.co.il", "reseller"));
  g_ptr_array_add (page, pd_test_customer_new ("a5", "Rocket 🚀 Labs", "rocket.example", "reseller"));
  g_ptr_array_add (page, pd_test_customer_new ("a6", long_name, "long.example", "reseller"));
  g_ptr_array_add (page, pd_test_customer_new ("a7", "Line\nBreak Ltd", "line.example", "reseller"));

  pd_customer_table_add (table, page);
  return wait_for (table, pd_customer_table_flush (table));
}

static void
test_search (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  PdCustomerSnapshot *snapshot = mixed_snapshot (table);
  g_autofree char *pasted = g_strnfill (10000, 'x');
  PdCustomerRowValues values;

  g_assert_cmpuint (count_matches (snapshot, "ромашка"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "РОМАШКА"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "CAFE.DE"), ==, 1);
  /* A composed and a decomposed é are one letter (NFKC). */
  g_assert_cmpuint (count_matches (snapshot, "cafe\xcc\x81"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "科技"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "שלום"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "🚀"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, "a4"), ==, 1);  /* the Microsoft ID */
  /* A pasted line break is not text to find, and never joins two parts. */
  g_assert_cmpuint (count_matches (snapshot, "line\nbreak"), ==, 0);
  g_assert_cmpuint (count_matches (snapshot, "Line Break"), ==, 1);
  g_assert_cmpuint (count_matches (snapshot, pasted), ==, 0);
  g_assert_cmpuint (count_matches (snapshot, "."), ==, 7);
  g_assert_cmpuint (count_matches (snapshot, "\xcc\x81"), ==, 0);  /* a lone combining mark */

  /* A hostile server's 3,000-letter name is kept cut, on a character boundary. */
  pd_customer_snapshot_get_values (snapshot, pd_customer_snapshot_find (snapshot, "a6"), &values);
  g_assert_cmpuint (strlen (values.company_name), <=, 1024);
  g_assert_true (g_utf8_validate (values.company_name, -1, NULL));
}

static void
test_search_narrows_and_cancels (void)
{
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) page = page_of (0, 5000);
  g_autoptr(PdCustomerMatches) broad = NULL;
  g_autoptr(PdCustomerMatches) narrow = NULL;
  g_autoptr(PdCustomerMatches) full = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree guint32 *rows = NULL;
  PdCustomerSnapshot *snapshot;
  guint n = 0;

  pd_customer_table_add (table, page);
  snapshot = wait_for (table, pd_customer_table_flush (table));

  broad = pd_customer_snapshot_match (snapshot, "1", NULL, NULL);
  narrow = pd_customer_snapshot_match (snapshot, "12", broad, NULL);
  full = pd_customer_snapshot_match (snapshot, "12", NULL, NULL);
  g_assert_cmpuint (pd_customer_matches_get_count (narrow), ==, pd_customer_matches_get_count (full));
  g_assert_cmpuint (pd_customer_matches_get_count (narrow), <, pd_customer_matches_get_count (broad));
  for (guint row = 0; row < pd_customer_snapshot_get_n_rows (snapshot); row++)
    g_assert_cmpint (pd_customer_matches_contains (narrow, row), ==,
                     pd_customer_matches_contains (full, row));

  /* The matches in a column's order, as the list shows them. */
  rows = pd_customer_snapshot_collect (snapshot, PD_CUSTOMER_ORDER_DOMAIN, full, &n);
  g_assert_cmpuint (n, ==, pd_customer_matches_get_count (full));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (value_of (snapshot, rows[i - 1], PD_CUSTOMER_ORDER_DOMAIN),
                             value_of (snapshot, rows[i], PD_CUSTOMER_ORDER_DOMAIN)), <=, 0);

  g_cancellable_cancel (cancellable);
  g_assert_null (pd_customer_snapshot_match (snapshot, "1", NULL, cancellable));
}

/* The quick folding gives exactly what the Unicode one gives, on every character of the
 * ranges it handles and around them. */
static void
test_fold_matches_unicode (void)
{
  for (gunichar c = 1; c < 0x500; c++)
    {
      char text[16];
      int n;
      g_autofree char *quick = NULL;
      g_autofree char *unicode = NULL;

      if (c < 0x20 || c == 0x7f)
        continue;
      n = g_unichar_to_utf8 (c, text);
      memcpy (text + n, "Ab", 3);
      quick = pd_customer_table_fold_text (text);
      unicode = pd_customer_fold_for_search (text);
      g_assert_cmpstr (quick, ==, unicode);
    }
}

/* The table's thread has a name a profiler shows: GLib 2.74 sets none longer than 15 bytes. */
static void
test_thread_named (void)
{
#ifdef __linux__
  g_autoptr(PdCustomerTable) table = pd_customer_table_new (0);
  g_autoptr(GPtrArray) page = page_of (0, 100);
  g_autoptr(GDir) tasks = NULL;
  const char *tid;
  gboolean found = FALSE;

  /* Running, and has taken its first job. */
  pd_customer_table_add (table, page);
  wait_for (table, pd_customer_table_finish_load (table, FALSE));

  tasks = g_dir_open ("/proc/self/task", 0, NULL);
  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL))
        found |= g_strcmp0 (g_strchomp (comm), "pd-customer-tbl") == 0;
    }

  g_assert_true (found);
#else
  g_test_skip ("Threads' names are read from Linux's /proc");
#endif
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/customer-table/published-on-context-thread", test_published_on_context_thread);
  g_test_add_func ("/customer-table/fold-matches-unicode", test_fold_matches_unicode);
  g_test_add_func ("/customer-table/pages-merge-sorted", test_pages_merge_sorted);
  g_test_add_func ("/customer-table/shown-order-first", test_shown_order_first);
  g_test_add_func ("/customer-table/ties-sorted-whole", test_ties_sorted_whole);
  g_test_add_func ("/customer-table/same-id-replaces", test_same_id_replaces);
  g_test_add_func ("/customer-table/reserve", test_reserve);
  g_test_add_func ("/customer-table/reserve-paces-snapshots", test_reserve_paces_snapshots);
  g_test_add_func ("/customer-table/sort-scratch-grows", test_sort_scratch_grows);
  g_test_add_func ("/customer-table/thread-named", test_thread_named);
  g_test_add_func ("/customer-table/refresh-removes-unseen", test_refresh_removes_unseen);
  g_test_add_func ("/customer-table/refresh-changes", test_refresh_changes);
  g_test_add_func ("/customer-table/search", test_search);
  g_test_add_func ("/customer-table/search-narrows-and-cancels", test_search_narrows_and_cancels);

  return g_test_run ();
}
