/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-edit-submit.c: the edit form's submit flow: address check, PUT, conflict, a stopped PUT. */

#include "config.h"

#define G_LOG_DOMAIN "pd-edit-submit"

#include "pd-address-choice.h"
#include "pd-api-error.h"
#include "pd-core.h"
#include "pd-edit-submit.h"

#define ADDRESS_FIELDS (PD_PROFILE_FIELD_ADDRESS_LINE1 | PD_PROFILE_FIELD_ADDRESS_LINE2 | \
                        PD_PROFILE_FIELD_CITY | PD_PROFILE_FIELD_STATE | \
                        PD_PROFILE_FIELD_POSTAL_CODE | PD_PROFILE_FIELD_COUNTRY)

/* Resubmits after a refusal where nothing was in conflict: a bound, not a loop. */
#define MAX_SILENT_RESUBMITS 3

struct _PdEditSubmit
{
  GObject           parent_instance;

  PdClient         *client;
  char             *customer_id;
  PdProfileForm    *form;
  GCancellable     *cancellable;
  /* The address the server already checked (or the user confirmed): not asked twice. */
  PdAddress        *checked_address;
  /* The profile of the PUT in flight: once sent, aborting it may come too late. */
  PdBillingProfile *sent;
  /* What an aborted PUT sent, while re-reading whether it landed anyway. */
  PdBillingProfile *aborted;
  guint             silent_resubmits;
};

G_DEFINE_FINAL_TYPE (PdEditSubmit, pd_edit_submit, G_TYPE_OBJECT)

enum {
  ADDRESS_SUGGESTED,
  REBASED,
  SAVED,
  STOPPED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void put (PdEditSubmit *self);

static PdAddress *
copy_address (PdEditSubmit *self)
{
  return pd_billing_profile_get_default_address (pd_profile_form_get_profile (self->form));
}

static void
reset_cancellable (PdEditSubmit *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static gboolean
is_cancelled (const GError *error)
{
  /* Whoever cancelled (Cancel, a new submit, closing) owns the busy state, and after the
   * window is gone there is nothing to tell. */
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A 400 that names a field: say it at that field too (the banner keeps Retry and Copy
 * Details), so the user sees where to look; it goes once they change that field. */
static void
fail (PdEditSubmit *self,
      const GError *error,
      gboolean      at_field)
{
  if (at_field)
    {
      PdProfileField field = pd_profile_form_field_from_error (error);
      const char *description = pd_api_error_get_description (error);

      if (field != PD_PROFILE_FIELD_NONE && description != NULL && *description != '\0')
        pd_profile_form_set_server_error (self->form, field, description);
    }

  g_signal_emit (self, signals[FAILED], 0, error);
}

/* The server holds the user's values: done, as after a successful PUT. */
static void
finish_saved (PdEditSubmit     *self,
              PdBillingProfile *answer)
{
  /* May be the form's own original, which the commit replaces. */
  g_autoptr(PdBillingProfile) saved = g_object_ref (answer);

  g_clear_object (&self->sent);
  g_clear_object (&self->aborted);
  pd_profile_form_set_busy (self->form, FALSE);
  pd_profile_form_commit (self->form, saved);
  g_signal_emit (self, signals[SAVED], 0, saved, TRUE);
}

static void
on_theirs_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdEditSubmit) self = user_data;
  g_autoptr(PdBillingProfile) theirs = NULL;
  g_autoptr(GError) error = NULL;

  theirs = pd_client_get_billing_profile_finish (PD_CLIENT (source), result, &error);
  if (is_cancelled (error))
    return;
  pd_profile_form_set_busy (self->form, FALSE);

  if (theirs == NULL)
    {
      fail (self, error, FALSE);
      return;
    }

  /* Rebased on their version: the next submit goes against their etag, and every
   * field they changed is shown beside the user's value. */
  pd_profile_form_set_conflict (self->form, theirs);
  g_signal_emit (self, signals[REBASED], 0);

  if (pd_profile_form_get_has_conflict (self->form))
    return;

  /* Every field they changed already holds the user's value. */
  if (!pd_profile_form_get_is_dirty (self->form))
    {
      /* The server holds exactly what the user wants (an earlier PUT of ours landed
       * although its answer was lost): saved, not a dead end with nothing to submit. */
      finish_saved (self, pd_profile_form_get_original (self->form));
      return;
    }

  /* Rebased on their etag without overwriting anything of theirs: send again. */
  if (pd_profile_form_get_can_submit (self->form)
      && self->silent_resubmits < MAX_SILENT_RESUBMITS)
    {
      self->silent_resubmits++;
      pd_profile_form_set_busy (self->form, TRUE);
      put (self);
    }
}

/* Each submit goes into this computer's journal: what was sent, against what was read,
 * with the PUT's ids and how it ended. */
static void
journal_submit (PdEditSubmit     *self,
                GAsyncResult     *result,
                PdBillingProfile *sent,
                gboolean          saved)
{
  g_autoptr(PdJournal) journal = pd_journal_dup_for_client (self->client);
  g_autoptr(PdBillingProfile) as_read = pd_billing_profile_dup_as_read (sent);
  g_autoptr(JsonObject) old_json = pd_billing_profile_to_json (as_read);
  g_autoptr(JsonObject) new_json = pd_billing_profile_to_json (sent);
  g_autoptr(JsonNode) old_node = json_node_init_object (json_node_alloc (), old_json);
  g_autoptr(JsonNode) new_node = json_node_init_object (json_node_alloc (), new_json);
  g_autofree char *old_text = json_to_string (old_node, FALSE);
  g_autofree char *new_text = json_to_string (new_node, FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PdAuditRecord) record = NULL;
  const char *request_id = NULL;
  const char *correlation_id = NULL;

  pd_client_update_billing_profile_get_ids (self->client, result, &request_id, &correlation_id);
  if (request_id == NULL)
    return;  /* nothing went out */
  record = pd_audit_record_new_local (self->customer_id, now,
                                      pd_journal_get_account_for_client (self->client),
                                      old_text, new_text,
                                      saved ? PD_AUDIT_STATUS_SUCCEEDED : PD_AUDIT_STATUS_FAILED,
                                      request_id, correlation_id);
  pd_journal_add (journal, record);
}

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PdEditSubmit) self = user_data;
  g_autoptr(PdBillingProfile) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = pd_client_update_billing_profile_finish (PD_CLIENT (source), result, &error);
  if (self->sent != NULL && !is_cancelled (error))
    journal_submit (self, result, self->sent, saved != NULL);

  if (saved != NULL)
    {
      finish_saved (self, saved);
      return;
    }
  if (is_cancelled (error))
    return;

  g_clear_object (&self->sent);

  if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_CONFLICT))
    {
      /* Never re-submit blindly: read what is there now and let the user decide. */
      pd_client_get_billing_profile_async (self->client, self->customer_id, self->cancellable,
                                           on_theirs_fetched, g_object_ref (self));
      return;
    }

  pd_profile_form_set_busy (self->form, FALSE);
  fail (self, error, TRUE);
}

static void
put (PdEditSubmit *self)
{
  g_clear_object (&self->sent);
  self->sent = pd_billing_profile_copy (pd_profile_form_get_profile (self->form));
  pd_client_update_billing_profile_async (self->client, self->customer_id,
                                          pd_profile_form_get_profile (self->form),
                                          self->cancellable, on_put_done, g_object_ref (self));
}

static void
remember_checked_address (PdEditSubmit *self)
{
  g_clear_object (&self->checked_address);
  if (copy_address (self) != NULL)
    self->checked_address = pd_address_copy (copy_address (self));
}

static void
on_address_validated (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdEditSubmit) self = user_data;
  g_autoptr(PdAddressValidation) validation = NULL;
  g_autoptr(GPtrArray) differing = NULL;
  g_autoptr(GError) error = NULL;
  PdAddress *entered;
  GPtrArray *suggested;

  validation = pd_client_validate_address_finish (PD_CLIENT (source), result, &error);
  if (is_cancelled (error))
    return;

  entered = copy_address (self);
  if (validation == NULL)
    {
      /* The old service form: 400 for an address it refuses. Anything else (the check
       * service is down) must not block saving: the PUT is validated by the server. */
      /* A lost session fails the PUT too: ask to sign in right away. */
      if (g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID)
          || g_error_matches (error, PD_AUTH_ERROR, PD_AUTH_ERROR_SIGN_IN_REQUIRED))
        {
          pd_profile_form_set_busy (self->form, FALSE);
          fail (self, error, TRUE);
          return;
        }
      g_debug ("Address check failed, submitting anyway: %s", error->message);
      remember_checked_address (self);
      put (self);
      return;
    }

  suggested = pd_address_validation_get_suggested_addresses (validation);
  differing = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < suggested->len; i++)
    if (pd_address_differs (entered, g_ptr_array_index (suggested, i)))
      g_ptr_array_add (differing, g_object_ref (g_ptr_array_index (suggested, i)));

  remember_checked_address (self);

  if (differing->len == 0)
    {
      put (self);
      return;
    }

  /* Stop and ask: the user picks "You entered" or a suggestion, then submits again. */
  pd_profile_form_set_busy (self->form, FALSE);
  g_signal_emit (self, signals[ADDRESS_SUGGESTED], 0, entered, differing,
                 pd_address_validation_get_message (validation));
}

static gboolean
address_needs_check (PdEditSubmit *self)
{
  PdProfileFields changed = pd_profile_form_get_changed_fields (self->form);

  if ((changed & ADDRESS_FIELDS) == 0 || copy_address (self) == NULL)
    return FALSE;

  return self->checked_address == NULL
         || pd_address_differs (self->checked_address, copy_address (self));
}

void
pd_edit_submit_start (PdEditSubmit *self)
{
  g_return_if_fail (PD_IS_EDIT_SUBMIT (self));

  self->silent_resubmits = 0;
  reset_cancellable (self);
  pd_profile_form_set_busy (self->form, TRUE);

  if (address_needs_check (self))
    pd_client_validate_address_async (self->client, copy_address (self), self->cancellable,
                                      on_address_validated, g_object_ref (self));
  else
    put (self);
}

/* The user went on editing while a stopped PUT landed: the account shows what was
 * saved, and the form keeps the newer edits on top of it (and its etag). */
static void
keep_later_edits (PdEditSubmit     *self,
                  PdBillingProfile *server,
                  PdBillingProfile *aborted)
{
  g_autoptr(PdBillingProfile) edits = NULL;
  PdProfileFields later;

  edits = pd_billing_profile_copy (pd_profile_form_get_profile (self->form));
  later = pd_billing_profile_diff (aborted, edits) & ~PD_PROFILE_FIELD_OTHER;

  pd_profile_form_commit (self->form, server);
  for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
    if ((later & f) != 0)
      pd_billing_profile_set_field (pd_profile_form_get_profile (self->form), f,
                                    pd_billing_profile_get_field (edits, f));
  g_signal_emit (self, signals[SAVED], 0, server, FALSE);
}

static void
on_abort_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdEditSubmit) self = user_data;
  g_autoptr(PdBillingProfile) server = NULL;
  g_autoptr(PdBillingProfile) aborted = NULL;
  g_autoptr(GError) error = NULL;

  server = pd_client_get_billing_profile_finish (PD_CLIENT (source), result, &error);
  if (is_cancelled (error))
    return;

  aborted = g_steal_pointer (&self->aborted);
  if (server == NULL)
    fail (self, error, FALSE);
  else if (aborted == NULL || !pd_billing_profile_equal (server, aborted))
    g_signal_emit (self, signals[STOPPED], 0);
  /* Stopped too late: the server took the change. */
  else if (pd_billing_profile_equal (pd_profile_form_get_profile (self->form), aborted))
    finish_saved (self, server);
  else
    keep_later_edits (self, server, aborted);
}

void
pd_edit_submit_stop (PdEditSubmit *self)
{
  g_autoptr(PdBillingProfile) sent = NULL;

  g_return_if_fail (PD_IS_EDIT_SUBMIT (self));

  /* Abort the request; the edits stay for another try. */
  sent = g_steal_pointer (&self->sent);
  reset_cancellable (self);
  pd_profile_form_set_busy (self->form, FALSE);

  /* A PUT may reach the server although its answer never comes back: read what is
   * there rather than leave the user guessing. */
  if (sent != NULL)
    {
      g_set_object (&self->aborted, sent);
      pd_client_get_billing_profile_async (self->client, self->customer_id, self->cancellable,
                                           on_abort_checked, g_object_ref (self));
    }
}

void
pd_edit_submit_cancel (PdEditSubmit *self)
{
  g_return_if_fail (PD_IS_EDIT_SUBMIT (self));

  g_cancellable_cancel (self->cancellable);
}

void
pd_edit_submit_confirm_address (PdEditSubmit *self,
                                PdAddress    *suggestion)
{
  PdAddress *address;

  g_return_if_fail (PD_IS_EDIT_SUBMIT (self));
  g_return_if_fail (suggestion == NULL || PD_IS_ADDRESS (suggestion));

  address = copy_address (self);
  if (suggestion != NULL && address != NULL)
    {
      /* Country stays: the form never changes it. The state shows in the suggestion
       * the user picked, so taking it is not silent. */
      pd_address_set_address_line1 (address, pd_address_get_address_line1 (suggestion));
      pd_address_set_address_line2 (address, pd_address_get_address_line2 (suggestion));
      pd_address_set_city (address, pd_address_get_city (suggestion));
      pd_address_set_state (address, pd_address_get_state (suggestion));
      pd_address_set_postal_code (address, pd_address_get_postal_code (suggestion));
    }

  remember_checked_address (self);
}

static void
pd_edit_submit_dispose (GObject *object)
{
  PdEditSubmit *self = PD_EDIT_SUBMIT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->form);
  g_clear_object (&self->checked_address);
  g_clear_object (&self->sent);
  g_clear_object (&self->aborted);

  G_OBJECT_CLASS (pd_edit_submit_parent_class)->dispose (object);
}

static void
pd_edit_submit_finalize (GObject *object)
{
  PdEditSubmit *self = PD_EDIT_SUBMIT (object);

  g_free (self->customer_id);

  G_OBJECT_CLASS (pd_edit_submit_parent_class)->finalize (object);
}

static void
pd_edit_submit_class_init (PdEditSubmitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_edit_submit_dispose;
  object_class->finalize = pd_edit_submit_finalize;

  signals[ADDRESS_SUGGESTED] =
    g_signal_new ("address-suggested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, PD_TYPE_ADDRESS, G_TYPE_PTR_ARRAY, G_TYPE_STRING);
  signals[REBASED] =
    g_signal_new ("rebased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PD_TYPE_BILLING_PROFILE, G_TYPE_BOOLEAN);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pd_edit_submit_init (PdEditSubmit *self)
{
  self->cancellable = g_cancellable_new ();
}

PdEditSubmit *
pd_edit_submit_new (PdClient      *client,
                    const char    *customer_id,
                    PdProfileForm *form)
{
  PdEditSubmit *self;

  g_return_val_if_fail (PD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);
  g_return_val_if_fail (PD_IS_PROFILE_FORM (form), NULL);

  self = g_object_new (PD_TYPE_EDIT_SUBMIT, NULL);
  self->client = g_object_ref (client);
  self->customer_id = g_strdup (customer_id);
  self->form = g_object_ref (form);

  return self;
}
