/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer-export.c: customers of the list, in the list's order, as a CSV file. */

#include "config.h"

#define G_LOG_DOMAIN "pd-customer-export"

#include <glib/gi18n.h>

#include "pd-api-error.h"
#include "pd-csv-writer.h"
#include "pd-customer-export.h"

/* The file goes out in pieces of about this size: 100,000 customers are some 15 MB. */
#define CHUNK_SIZE (64 * 1024)

/* Contact, email, phone, address, language, culture: what an admin mails or checks.
 * The address's own name fields and region are left out: the portal rarely fills them. */
const PdProfileField pd_customer_export_billing_fields[PD_CUSTOMER_EXPORT_N_BILLING_FIELDS] = {
  PD_PROFILE_FIELD_FIRST_NAME,
  PD_PROFILE_FIELD_LAST_NAME,
  PD_PROFILE_FIELD_EMAIL,
  PD_PROFILE_FIELD_PHONE_NUMBER,
  PD_PROFILE_FIELD_ADDRESS_LINE1,
  PD_PROFILE_FIELD_ADDRESS_LINE2,
  PD_PROFILE_FIELD_ADDRESS_LINE3,
  PD_PROFILE_FIELD_CITY,
  PD_PROFILE_FIELD_STATE,
  PD_PROFILE_FIELD_POSTAL_CODE,
  PD_PROFILE_FIELD_COUNTRY,
  PD_PROFILE_FIELD_LANGUAGE,
  PD_PROFILE_FIELD_CULTURE,
};

struct _PdCustomerExport
{
  GObject             parent_instance;

  PdCustomerSnapshot *snapshot;
  guint32            *rows;
  guint               n_rows;
  GHashTable         *profiles;  /* id → PdBillingProfile, or NULL: no billing columns */
};

G_DEFINE_FINAL_TYPE (PdCustomerExport, pd_customer_export, G_TYPE_OBJECT)

static void
pd_customer_export_finalize (GObject *object)
{
  PdCustomerExport *self = PD_CUSTOMER_EXPORT (object);

  g_clear_pointer (&self->snapshot, pd_customer_snapshot_unref);
  g_clear_pointer (&self->profiles, g_hash_table_unref);
  g_free (self->rows);

  G_OBJECT_CLASS (pd_customer_export_parent_class)->finalize (object);
}

static void
pd_customer_export_class_init (PdCustomerExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_customer_export_finalize;
}

static void
pd_customer_export_init (PdCustomerExport *self)
{
}

/**
 * pd_customer_export_new:
 * @snapshot: the list's snapshot
 * @rows: (array length=n_rows): row indices of @snapshot, in the order the file lists them
 *
 * An export of the customers at @rows, with the columns the list shows, values as stored
 * (the relationship as the API sends it: "reseller", not the list's translated title).
 */
PdCustomerExport *
pd_customer_export_new (PdCustomerSnapshot *snapshot,
                        const guint32      *rows,
                        guint               n_rows)
{
  PdCustomerExport *self;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  self = g_object_new (PD_TYPE_CUSTOMER_EXPORT, NULL);
  self->snapshot = pd_customer_snapshot_ref (snapshot);
  self->rows = g_memdup2 (rows, (gsize) n_rows * sizeof (guint32));
  self->n_rows = n_rows;

  return self;
}

guint
pd_customer_export_get_n_rows (PdCustomerExport *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (self), 0);

  return self->n_rows;
}

GStrv
pd_customer_export_dup_customer_ids (PdCustomerExport *self)
{
  GStrv ids;

  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (self), NULL);

  ids = g_new0 (char *, self->n_rows + 1);
  for (guint i = 0; i < self->n_rows; i++)
    {
      PdCustomerRowValues values;

      pd_customer_snapshot_get_values (self->snapshot, self->rows[i], &values);
      ids[i] = g_strdup (values.id);
    }

  return ids;
}

void
pd_customer_export_set_billing_profiles (PdCustomerExport *self,
                                         GHashTable       *profiles)
{
  g_return_if_fail (PD_IS_CUSTOMER_EXPORT (self));

  if (profiles != NULL)
    g_hash_table_ref (profiles);
  g_clear_pointer (&self->profiles, g_hash_table_unref);
  self->profiles = profiles;
}

gboolean
pd_customer_export_get_with_billing (PdCustomerExport *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (self), FALSE);

  return self->profiles != NULL;
}

GStrv
pd_customer_export_dup_headers (PdCustomerExport *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (self), NULL);

  /* The list's column titles (pd-customers-page.ui): the same messages, so the same
   * translations. */
  g_strv_builder_add (builder, _("Company name"));
  g_strv_builder_add (builder, _("Domain"));
  g_strv_builder_add (builder, _("Microsoft ID"));
  g_strv_builder_add (builder, _("Relationship"));
  if (self->profiles != NULL)
    for (guint i = 0; i < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; i++)
      g_strv_builder_add (builder, pd_profile_field_get_title (pd_customer_export_billing_fields[i]));

  return g_strv_builder_end (builder);
}

static void
append_header (PdCustomerExport *self,
               GString          *out)
{
  g_auto(GStrv) headers = pd_customer_export_dup_headers (self);

  pd_csv_append_record (out, (const char * const *) headers, g_strv_length (headers));
}

static void
append_customer (PdCustomerExport *self,
                 GString          *out,
                 guint             index)
{
  const char *fields[4 + PD_CUSTOMER_EXPORT_N_BILLING_FIELDS] = { NULL };
  PdCustomerRowValues values;
  guint n_fields = 4;

  pd_customer_snapshot_get_values (self->snapshot, self->rows[index], &values);
  fields[0] = values.company_name;
  fields[1] = values.domain;
  fields[2] = values.tenant_id;
  fields[3] = values.relationship;

  if (self->profiles != NULL)
    {
      PdBillingProfile *profile = g_hash_table_lookup (self->profiles, values.id);

      for (guint i = 0; i < PD_CUSTOMER_EXPORT_N_BILLING_FIELDS; i++)
        fields[n_fields++] = profile != NULL
                             ? pd_billing_profile_get_field (profile,
                                                             pd_customer_export_billing_fields[i])
                             : NULL;
    }

  pd_csv_append_record (out, fields, n_fields);
}

void
pd_customer_export_write (PdCustomerExport *self,
                          GString          *out)
{
  g_return_if_fail (PD_IS_CUSTOMER_EXPORT (self));
  g_return_if_fail (out != NULL);

  g_string_append (out, PD_CSV_BYTE_ORDER_MARK);
  append_header (self, out);
  for (guint i = 0; i < self->n_rows; i++)
    append_customer (self, out, i);
}

/* After a failure: a new file goes; an earlier one stays as it was, since closing a
 * replacing stream with a cancelled cancellable drops the replacement. (Dropping the
 * stream unclosed would put the part written in place.) */
static void
abandon (GFile         *file,
         GOutputStream *stream,
         gboolean       existed)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  if (stream != NULL && !g_output_stream_is_closed (stream))
    g_output_stream_close (stream, cancelled, NULL);
  /* GLib writes a file that did not exist in place, under its name. */
  if (!existed)
    g_file_delete (file, NULL, NULL);
}

static gboolean
save (PdCustomerExport *self,
      GFile            *file,
      GCancellable     *cancellable,
      GError          **error)
{
  gboolean existed = g_file_query_exists (file, NULL);
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GString) chunk = g_string_sized_new (CHUNK_SIZE + 4096);
  GOutputStream *stream;

  file_stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (file_stream == NULL)
    return FALSE;
  stream = G_OUTPUT_STREAM (file_stream);

  g_string_append (chunk, PD_CSV_BYTE_ORDER_MARK);
  append_header (self, chunk);
  for (guint i = 0; i <= self->n_rows; i++)
    {
      if (i < self->n_rows)
        append_customer (self, chunk, i);
      if (chunk->len < CHUNK_SIZE && i < self->n_rows)
        continue;

      if (!g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error))
        {
          abandon (file, stream, existed);
          return FALSE;
        }
      g_string_truncate (chunk, 0);
    }

  if (!g_output_stream_close (stream, cancellable, error))
    {
      abandon (file, stream, existed);
      return FALSE;
    }

  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (save (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pd_customer_export_save_async (PdCustomerExport   *self,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_CUSTOMER_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_customer_export_save_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  /* A cancel must reach the thread, which cleans up: not answered before it did. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pd_customer_export_save_finish (PdCustomerExport *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (PD_IS_CUSTOMER_EXPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pd_customer_export_error_to_user_message:
 * @error: why saving (or reading billing details) failed
 * @file_name: the file's name as shown to people
 *
 * The one place for sentences about exports; errors of Partner Center go to
 * pd_api_error_to_user_message().
 *
 * Returns: (transfer full): a translated sentence
 */
char *
pd_customer_export_error_to_user_message (const GError *error,
                                          const char   *file_name)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  if (error->domain != G_IO_ERROR)
    return pd_api_error_to_user_message (error);

  switch (error->code)
    {
    case G_IO_ERROR_NO_SPACE:
      /* Translators: %s is a file name. */
      return g_strdup_printf (_("Could not save “%s”: the disk is full. Free some space "
                                "or choose another place, and export again."), file_name);
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      /* Translators: %s is a file name. */
      return g_strdup_printf (_("Could not save “%s”: you may not write there. Choose "
                                "another folder, and export again."), file_name);
    case G_IO_ERROR_NOT_FOUND:
      /* Translators: %s is a file name. */
      return g_strdup_printf (_("Could not save “%s”: its folder no longer exists. Choose "
                                "another folder, and export again."), file_name);
    default:
      /* Translators: %1$s is a file name, %2$s the system's explanation. */
      return g_strdup_printf (_("Could not save “%1$s”: %2$s"), file_name, error->message);
    }
}
