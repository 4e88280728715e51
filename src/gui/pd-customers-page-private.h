/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customers-page-private.h: what the files of the customer list page share. */
#pragma once

#include <adwaita.h>

#include "pd-customer-columns.h"
#include "pd-customer-list-model.h"
#include "pd-customers-page.h"
#include "pd-offline-banner.h"
#include "pd-offline-retry.h"

G_BEGIN_DECLS

/* Server-side search waits for a pause in typing: each keystroke would cost two requests. */
#define PD_SERVER_SEARCH_DELAY_MS 250
/* Pages arrive many times a second: the view and the count change at most this often. */
#define PD_PUBLISH_INTERVAL_MS    250

typedef enum
{
  PD_LOAD_IDLE,
  PD_LOAD_RUNNING,
  PD_LOAD_DONE,
  PD_LOAD_STOPPED,
  PD_LOAD_FAILED,
} PdLoadState;

struct _PdCustomersPage
{
  GtkWidget            parent_instance;

  AdwWindowTitle      *window_title;
  GtkLabel            *connection_label;
  GtkLabel            *account_label;
  GtkWidget           *refresh_button;
  GtkWidget           *connection_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  GtkSpinner          *loading_spinner;
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *columns[PD_N_CUSTOMER_COLUMNS];
  AdwStatusPage       *loading_status;
  AdwStatusPage       *no_match_status;
  AdwStatusPage       *error_status;
  GtkWidget           *status_bar;
  GtkSpinner          *status_spinner;
  GtkProgressBar      *status_progress;
  GtkWidget           *status_warning;
  GtkLabel            *count_label;
  GtkWidget           *stop_button;
  GtkWidget           *status_retry_button;
  GtkLabel            *age_label;
  PdOfflineBanner     *offline_banner;

  GSettings           *settings;
  PdClient            *client;

  /* The customers (deduplicated by id, sorted and searched off the main thread) and
   * the view of them the column view shows. */
  PdCustomerTable     *table;
  PdCustomerListModel *model;
  gulong               published_id;
  /* The load ended: its last rows are on their way in the snapshot with this serial,
   * and then the list is in @final_state. 0 when no load is ending. */
  guint64              finish_serial;
  PdLoadState          final_state;
  /* The running load started with rows kept: at its end, rows not seen go. */
  gboolean             sweeping;

  PdLoadState          state;
  guint                generation;
  guint                total_count;
  GCancellable        *load_cancellable;
  double               restore_scroll;
  /* The running (or last) load started with rows on screen, i.e. it is a refresh. */
  gboolean             refreshing;
  /* The frame clock's "layout" handler that puts the view back at the top, or 0. */
  gulong               keep_top_id;
  GdkFrameClock       *keep_top_clock;
  guint                scroll_position;
  gint64               scroll_frame;    /* the frame it was last placed in */
  /* Why the last load failed, while its rows are still shown. */
  GError              *failure;

  /* The connection's local copy of the list (pd-customers-page-cache.c), whether the
   * running listing writes it when it ends, and the pages and customers that listing
   * brought. */
  PdCache             *cache;
  gboolean             caching;
  guint                listing_pages;
  guint                listing_customers;
  /* The rows came from the cache, and no listing has been complete since. */
  gboolean             from_cache;
  /* When the rows shown were last listed whole (NULL: never). */
  GDateTime           *listed_at;
  guint                age_tick_id;
  /* The service could not be reached: the rows are shown as they were, read-only. */
  gboolean             offline;
  PdOfflineRetry      *offline_retry;

  GCancellable        *search_cancellable;
  guint                search_timeout_id;
  guint                searches_running;

  /* "sort.column" and "sort.order", the main menu's Sort By (pd-customers-page-sort.c). */
  GSimpleActionGroup  *sort_actions;

  guint                save_widths_id;
  guint                apply_search_id;
  /* Down or Enter pressed in the search before its results came: done when they come. */
  guint                deferred_search_key;
  gboolean             restoring_sort;
  gboolean             disposed;
};

/* A call to the client on behalf of one load (or its searches): a newer load makes it
 * stale (pd-customers-page-load.c). */
typedef struct
{
  PdCustomersPage *self;
  guint            generation;
} PdCustomersCall;

PdCustomersCall *pd_customers_call_new        (PdCustomersPage *self);
void             pd_customers_call_free       (gpointer         call);
gboolean         pd_customers_call_is_current (PdCustomersCall *call);

/* pd-customers-page.c */
void     pd_customers_page_set_state           (PdCustomersPage *self,
                                                PdLoadState      state);
void     pd_customers_page_notify_offline      (PdCustomersPage *self);
/* Emits ::sign-in-needed; TRUE when the window took over. */
gboolean pd_customers_page_ask_sign_in         (PdCustomersPage *self,
                                                const GError    *error);
/* Emits ::customer-activated for the row at @position, if there is one. */
void     pd_customers_page_activate_row        (PdCustomersPage *self,
                                                guint            position);

/* pd-customers-page-status.c: which of the stack's pages shows, and the status bar. */
void     pd_customers_page_update_view         (PdCustomersPage *self);
void     pd_customers_page_hide_list_from_screen_readers (PdCustomersPage *self,
                                                          gboolean         hidden);
/* Sets @widget's tooltip when it differs: the view is updated on every snapshot, and GTK
 * 4.8 asks the X server where the pointer is each time a tooltip is set. */
void     pd_customers_page_set_tooltip         (GtkWidget       *widget,
                                                const char      *text);

/* pd-customers-page-load.c: loading pages of customers into the table. */
void     pd_customers_page_start_load          (PdCustomersPage *self,
                                                gboolean         keep_rows);
void     pd_customers_page_clear_customers     (PdCustomersPage *self);

/* pd-customers-page-load.c: a new connection's first rows come from its cache. */
void     pd_customers_page_start_from_cache    (PdCustomersPage *self);

/* pd-customers-page-cache.c: the local copy, the rows' age, offline. */
void     pd_customers_page_open_cache          (PdCustomersPage *self);
void     pd_customers_page_set_offline         (PdCustomersPage *self,
                                                gboolean         offline);
/* The offline banner follows the page's state (called by pd_customers_page_update_view). */
void     pd_customers_page_update_banner       (PdCustomersPage *self);
/* A listing ended in @state (@error when it failed): the rows' age and offline. */
void     pd_customers_page_cache_listing_ended (PdCustomersPage *self,
                                                PdLoadState      state,
                                                const GError    *error);
void     pd_customers_page_announce_changes    (PdCustomersPage          *self,
                                                PdCustomerRefreshChanges *changes);
/* "Updated 5 minutes ago" for rows listed at @then. */
char    *pd_customers_page_format_age          (GDateTime       *then,
                                                GDateTime       *now);

/* pd-customers-page-search.c: the search bar, and asking the server while loading. */
void     pd_customers_page_cancel_server_search (PdCustomersPage       *self);
void     pd_customers_page_search_changed_cb    (PdCustomersPage       *self);
void     pd_customers_page_search_activate_cb   (PdCustomersPage       *self);
/* Runs a Down or Enter the search field held back until its results came. */
void     pd_customers_page_search_results_cb    (PdCustomersPage       *self);
void     pd_customers_page_stop_search_cb       (PdCustomersPage       *self);
void     pd_customers_page_search_mode_cb       (PdCustomersPage       *self);
gboolean pd_customers_page_search_key_pressed_cb (PdCustomersPage       *self,
                                                 guint                  keyval,
                                                 guint                  keycode,
                                                 GdkModifierType        state,
                                                 GtkEventControllerKey *controller);

/* pd-customers-page-export.c: Export… (the action customers.export). */
void     pd_customers_page_export_class_init    (GtkWidgetClass        *widget_class);
void     pd_customers_page_export_init          (PdCustomersPage       *self);

/* pd-customers-page-sort.c: the Sort By menu's actions. */
void     pd_customers_page_sort_add_actions     (PdCustomersPage       *self);
/* The headers show a new order: the menu's radio items follow. */
void     pd_customers_page_sort_show            (PdCustomersPage       *self,
                                                 PdCustomerColumn       column,
                                                 gboolean               descending);

G_END_DECLS
