/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-history-page.c: a customer's history: the service's activity log and this computer's
 * journal, merged, newest first, each change in words, with Restore These Values. */

#include "config.h"

#define G_LOG_DOMAIN "pd-history-page"

#include <glib/gi18n.h>

#include "pd-core.h"
#include "pd-history-page.h"
#include "pd-resources.h"

struct _PdHistoryPage
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkSpinner    *more_spinner;
  AdwStatusPage *error_page;
  GtkWidget     *notice_box;
  GtkLabel      *notice_label;
  GtkWidget     *notice_retry;
  GtkListBox    *list;

  PdClient      *client;
  PdCustomer    *customer;
  PdJournal     *journal;
  GCancellable  *cancellable;
  GPtrArray     *service;   /* PdAuditRecord from the activity log */
  GPtrArray     *local;     /* PdAuditRecord from the journal */
  GError        *error;     /* the activity log's, when it could not be read */
  guint          pending;   /* sources still loading */
  gboolean       loaded_once;
};

G_DEFINE_FINAL_TYPE (PdHistoryPage, pd_history_page, GTK_TYPE_WIDGET)

enum {
  RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- words ---------------------------------------------------------------------------- */

/* Who, as people know them: the signed-in person's name with their sign-in name. */
static char *
who_text (PdHistoryPage *self,
          PdAuditRecord *record)
{
  const char *upn = pd_audit_record_get_user_principal_name (record);
  PdTokenProvider *provider = pd_client_get_token_provider (self->client);

  if (upn == NULL)
    return g_strdup (pd_audit_record_get_is_local (record) ? _("You") : _("Someone"));
  if (PD_IS_OAUTH_TOKEN_PROVIDER (provider))
    {
      PdOAuthTokenProvider *oauth = PD_OAUTH_TOKEN_PROVIDER (provider);
      const char *name = pd_oauth_token_provider_get_account_name (oauth);

      if (name != NULL && *name != '\0' &&
          g_strcmp0 (pd_oauth_token_provider_get_account_username (oauth), upn) == 0)
        /* Translators: a person: %1$s their name, %2$s their sign-in name. */
        return g_strdup_printf (_("%1$s (%2$s)"), name, upn);
    }
  return g_strdup (upn);
}

/* Operations besides the account's, in words where they are common; any other is shown
 * by the service's own name, which never fails. (Whole sentences with literal formats, so
 * the compiler checks each against its arguments.) */
static char *
other_title_text (const char *type,
                  const char *who)
{
  g_autofree char *words = NULL;

  /* Translators: %s is who (a sign-in name), here and in the next few sentences. */
  if (g_strcmp0 (type, "create_order") == 0)
    return g_strdup_printf (_("%s placed an order"), who);
  if (g_strcmp0 (type, "update_order") == 0)
    return g_strdup_printf (_("%s changed an order"), who);
  if (g_strcmp0 (type, "update_subscription") == 0)
    return g_strdup_printf (_("%s changed a subscription"), who);
  if (g_strcmp0 (type, "create_customer_user") == 0)
    return g_strdup_printf (_("%s added a user"), who);
  if (g_strcmp0 (type, "delete_customer_user") == 0)
    return g_strdup_printf (_("%s removed a user"), who);
  if (g_strcmp0 (type, "update_customer_user") == 0)
    return g_strdup_printf (_("%s changed a user"), who);
  if (g_strcmp0 (type, "update_customer_spending_budget") == 0)
    return g_strdup_printf (_("%s changed the spending budget"), who);

  words = g_strdelimit (g_strdup (type), "_", ' ');
  /* Translators: %1$s is who, %2$s the service's name of the operation ("assign
   * license"), shown as it comes. */
  return g_strdup_printf (_("%1$s: %2$s"), who, words);
}

/* The operation in a sentence naming who did it. */
static char *
title_text (PdAuditRecord *record,
            const char    *who,
            PdProfileFields fields)
{
  switch (pd_audit_record_get_operation (record))
    {
    case PD_AUDIT_OPERATION_BILLING_PROFILE:
      if ((fields & ~(PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_STATE |
                      PD_PROFILE_FIELD_ADDRESS_LINE1 | PD_PROFILE_FIELD_ADDRESS_LINE2 |
                      PD_PROFILE_FIELD_ADDRESS_LINE3 | PD_PROFILE_FIELD_POSTAL_CODE |
                      PD_PROFILE_FIELD_COUNTRY | PD_PROFILE_FIELD_REGION)) == 0 && fields != 0)
        /* Translators: %s is who (a name and sign-in name, or "You"). */
        return g_strdup_printf (_("%s changed the billing address"), who);
      /* Translators: %s is who (a name and sign-in name, or "You"). */
      return g_strdup_printf (_("%s changed the billing profile"), who);
    case PD_AUDIT_OPERATION_COMPANY_NAME:
      /* Translators: %s is who (a name and sign-in name). */
      return g_strdup_printf (_("%s changed the company name"), who);
    case PD_AUDIT_OPERATION_ADD_CUSTOMER:
      /* Translators: %s is who (a name and sign-in name). */
      return g_strdup_printf (_("%s added the customer"), who);
    case PD_AUDIT_OPERATION_REMOVE_RELATIONSHIP:
      /* Translators: %s is who (a name and sign-in name). */
      return g_strdup_printf (_("%s removed the relationship with the customer"), who);
    case PD_AUDIT_OPERATION_OTHER:
    default:
      return other_title_text (pd_audit_record_get_operation_type (record), who);
    }
}

static const char *
value_text (const char *value)
{
  return value != NULL && *value != '\0' ? value : _("(empty)");
}

/* One line per field: "City: Moscow → Kazan". */
static char *
changes_text (GPtrArray *changes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      PdProfileChange *change = g_ptr_array_index (changes, i);
      const char *title = pd_profile_field_get_title (change->field);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (change->old_value != NULL)
        /* Translators: %1$s a field ("City"), %2$s its value before, %3$s after. */
        g_string_append_printf (text, _("%1$s: %2$s → %3$s"), title,
                                value_text (change->old_value), value_text (change->new_value));
      else
        /* Translators: %1$s a field ("City"), %2$s the value it was set to (the value
         * before is not known). */
        g_string_append_printf (text, _("%1$s: set to %2$s"), title,
                                value_text (change->new_value));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* When, in the user's time zone and the locale's way of writing dates and times. */
static char *
date_text (PdAuditRecord *record)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (pd_audit_record_get_date (record));

  return g_date_time_format (local, "%x %X");
}

/* ---- rows ----------------------------------------------------------------------------- */

static void
restore_clicked (GtkButton     *button,
                 PdHistoryPage *self)
{
  GPtrArray *changes = g_object_get_data (G_OBJECT (button), "changes");
  g_autoptr(PdBillingProfile) values = pd_billing_profile_new ();
  PdProfileFields fields = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      PdProfileChange *change = g_ptr_array_index (changes, i);

      if (change->old_value == NULL || (change->field & PD_PROFILE_FORM_FIELDS) == 0)
        continue;
      pd_billing_profile_set_field (values, change->field, change->old_value);
      fields |= change->field;
    }
  if (fields != 0)
    g_signal_emit (self, signals[RESTORE], 0, fields, values);
}

static GtkWidget *
tag_new (const char *text,
         const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  return label;
}

/* Whether Restore can put the change's earlier values back through the form. */
static gboolean
can_restore (PdAuditRecord *record,
             GPtrArray     *changes)
{
  if (pd_audit_record_get_status (record) == PD_AUDIT_STATUS_FAILED)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      PdProfileChange *change = g_ptr_array_index (changes, i);

      if (change->old_value != NULL && (change->field & PD_PROFILE_FORM_FIELDS) != 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
row_new (PdHistoryPage *self,
         PdAuditRecord *record,
         GPtrArray     *changes)  /* (transfer full) */
{
  g_autofree char *who = who_text (self, record);
  g_autofree char *title = title_text (record, who, pd_profile_changes_get_fields (changes));
  g_autofree char *when = date_text (record);
  g_autofree char *details = changes->len > 0 ? changes_text (changes) : NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (top), label);
  if (pd_audit_record_get_is_local (record))
    gtk_box_append (GTK_BOX (top), tag_new (_("This computer"), "dim-label"));
  if (pd_audit_record_get_status (record) == PD_AUDIT_STATUS_FAILED)
    gtk_box_append (GTK_BOX (top), tag_new (_("Not saved"), "error"));
  gtk_box_append (GTK_BOX (box), top);

  label = gtk_label_new (when);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  if (details != NULL)
    {
      label = gtk_label_new (details);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "changes");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (can_restore (record, changes))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore These Values"));

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, _("Open the edit form with the values from before "
                                             "this change"));
      g_object_set_data_full (G_OBJECT (button), "changes", g_ptr_array_ref (changes),
                              (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  g_ptr_array_unref (changes);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* ---- merging -------------------------------------------------------------------------- */

/* Whether the journal's @local is the same change as one of the service's records. */
static gboolean
known_to_service (PdHistoryPage *self,
                  PdAuditRecord *local)
{
  for (guint i = 0; i < self->service->len; i++)
    if (pd_audit_record_is_same_change (local, g_ptr_array_index (self->service, i)))
      return TRUE;
  return FALSE;
}

static gboolean
describes_profile (PdAuditRecord *record)
{
  PdAuditOperation operation = pd_audit_record_get_operation (record);

  return operation == PD_AUDIT_OPERATION_BILLING_PROFILE ||
         operation == PD_AUDIT_OPERATION_COMPANY_NAME;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return pd_audit_record_compare_newest_first (*(PdAuditRecord **) a, *(PdAuditRecord **) b);
}

/* The rows again, from every record so far: few enough to rebuild as pages arrive. */
static void
show_records (PdHistoryPage *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  for (guint i = 0; i < self->service->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (self->service, i)));
  for (guint i = 0; i < self->local->len; i++)
    if (!known_to_service (self, g_ptr_array_index (self->local, i)))
      g_ptr_array_add (all, g_object_ref (g_ptr_array_index (self->local, i)));
  g_ptr_array_sort (all, compare_newest_first);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < all->len; i++)
    {
      PdAuditRecord *record = g_ptr_array_index (all, i);
      const char *previous = NULL;
      GPtrArray *changes;

      /* A change without its old value is read against the change before it. */
      for (guint j = i + 1; j < all->len && previous == NULL; j++)
        if (describes_profile (g_ptr_array_index (all, j)) &&
            pd_audit_record_get_status (g_ptr_array_index (all, j)) != PD_AUDIT_STATUS_FAILED)
          previous = pd_audit_record_get_new_value (g_ptr_array_index (all, j));

      changes = describes_profile (record)
                ? pd_profile_changes_diff (pd_audit_record_get_old_value (record),
                                           pd_audit_record_get_new_value (record), previous)
                : g_ptr_array_new ();
      gtk_list_box_append (self->list, row_new (self, record, changes));
    }

  if (all->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "content");
}

/* What stays once every source answered: the list, the empty state, or the error. */
static void
show_outcome (PdHistoryPage *self)
{
  gboolean no_audit_api = self->error != NULL &&
                          g_error_matches (self->error, PD_API_ERROR, PD_API_ERROR_NOT_FOUND);
  gboolean has_rows = gtk_widget_get_first_child (GTK_WIDGET (self->list)) != NULL;
  g_autofree char *message = self->error != NULL
                             ? pd_api_error_to_history_message (self->error) : NULL;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_spinner_set_spinning (self->more_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_spinner), FALSE);

  /* The journal alone still tells something: the error goes above it. */
  gtk_widget_set_visible (self->notice_box, message != NULL);
  gtk_widget_set_visible (self->notice_retry, message != NULL && !no_audit_api);
  if (message != NULL)
    gtk_label_set_label (self->notice_label, message);

  if (has_rows || no_audit_api)
    gtk_stack_set_visible_child_name (self->stack, "content");
  else if (message != NULL)
    {
      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
source_done (PdHistoryPage *self)
{
  g_assert (self->pending > 0);
  if (--self->pending == 0)
    {
      show_outcome (self);
      g_object_notify (G_OBJECT (self), "loading");
    }
}

static void
on_page (GPtrArray *records,
         gpointer   user_data)
{
  PdHistoryPage *self = user_data;

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (self->service, g_object_ref (g_ptr_array_index (records, i)));
  show_records (self);
}

static void
on_audit_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PdHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_client_list_audit_records_finish (PD_CLIENT (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
  source_done (self);
}

static void
on_journal_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PdHistoryPage) self = user_data;
  g_autoptr(GPtrArray) records = pd_journal_list_finish (PD_JOURNAL (source), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable) || records == NULL)
    return;
  g_ptr_array_extend_and_steal (self->local, g_steal_pointer (&records));
  show_records (self);
  source_done (self);
}

/* 21Vianet has no activity log: asking would only bring a 404. */
static gboolean
has_audit_api (PdHistoryPage *self)
{
  return g_strcmp0 (pd_client_get_base_url (self->client), PD_BASE_URL_21VIANET) != 0;
}

void
pd_history_page_reload (PdHistoryPage *self)
{
  const char *id;

  g_return_if_fail (PD_IS_HISTORY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Hidden: it loads when next shown, not before anyone looks. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->loaded_once = FALSE;
      self->pending = 0;
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->service, 0);
  g_ptr_array_set_size (self->local, 0);
  g_clear_error (&self->error);
  self->loaded_once = TRUE;

  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_spinner), TRUE);
  gtk_spinner_set_spinning (self->more_spinner, TRUE);
  gtk_widget_set_visible (self->notice_box, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  id = pd_customer_get_id (self->customer);
  self->pending = 1;
  pd_journal_list_async (self->journal, id, self->cancellable, on_journal_done,
                         g_object_ref (self));
  if (has_audit_api (self))
    {
      self->pending++;
      pd_client_list_audit_records_async (self->client, id, NULL, on_page, self, NULL,
                                          self->cancellable, on_audit_done,
                                          g_object_ref (self));
    }
  else
    self->error = g_error_new_literal (PD_API_ERROR, PD_API_ERROR_NOT_FOUND,
                                       "The 21Vianet cloud has no audit records");
  g_object_notify (G_OBJECT (self), "loading");
}

gboolean
pd_history_page_get_loading (PdHistoryPage *self)
{
  g_return_val_if_fail (PD_IS_HISTORY_PAGE (self), FALSE);

  return self->pending > 0;
}

/* ---- the object ----------------------------------------------------------------------- */

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_history_page_reload (PD_HISTORY_PAGE (widget));
}

/* The account page never waits on the history: it loads when first shown. */
static void
pd_history_page_map (GtkWidget *widget)
{
  PdHistoryPage *self = PD_HISTORY_PAGE (widget);

  GTK_WIDGET_CLASS (pd_history_page_parent_class)->map (widget);
  if (!self->loaded_once)
    pd_history_page_reload (self);
}

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, pd_history_page_get_loading (PD_HISTORY_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_history_page_dispose (GObject *object)
{
  PdHistoryPage *self = PD_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_HISTORY_PAGE);
  g_clear_object (&self->client);
  g_clear_object (&self->customer);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (pd_history_page_parent_class)->dispose (object);
}

static void
pd_history_page_finalize (GObject *object)
{
  PdHistoryPage *self = PD_HISTORY_PAGE (object);

  g_clear_pointer (&self->service, g_ptr_array_unref);
  g_clear_pointer (&self->local, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (pd_history_page_parent_class)->finalize (object);
}

static void
pd_history_page_class_init (PdHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pd_history_page_get_property;
  object_class->dispose = pd_history_page_dispose;
  object_class->finalize = pd_history_page_finalize;
  widget_class->map = pd_history_page_map;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdHistoryPage::restore:
   * @fields: the #PdProfileFields to put back
   * @values: a #PdBillingProfile holding their earlier values
   */
  signals[RESTORE] = g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                   PD_TYPE_BILLING_PROFILE);

  (void) pd_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/partnerdesk/PartnerDesk/pd-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, notice_box);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, notice_retry);
  gtk_widget_class_bind_template_child (widget_class, PdHistoryPage, list);
  gtk_widget_class_install_action (widget_class, "history.reload", NULL, reload_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pd_history_page_init (PdHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->service = g_ptr_array_new_with_free_func (g_object_unref);
  self->local = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
pd_history_page_new (PdClient   *client,
                     PdCustomer *customer)
{
  PdHistoryPage *self;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PD_IS_CUSTOMER (customer), NULL);

  self = g_object_new (PD_TYPE_HISTORY_PAGE, NULL);
  self->client = g_object_ref (client);
  self->customer = g_object_ref (customer);
  self->journal = pd_journal_dup_for_client (client);
  return GTK_WIDGET (self);
}
