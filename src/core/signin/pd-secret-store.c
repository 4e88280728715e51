/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-secret-store.c: refresh tokens in the Secret Service keyring, per connection and account. */

#include "config.h"

#define G_LOG_DOMAIN "pd-secret-store"

#include <glib/gi18n.h>

#include "pd-secret-store.h"

const SecretSchema *
pd_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    PD_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "authority", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "tenant", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
or_empty (const char *value)
{
  return value != NULL ? value : "";
}

/* The attributes naming @connection (without the account): what lookup and clear match. */
static GHashTable *
connection_attributes (PdConnection *connection)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "authority",
                       (gpointer) or_empty (pd_connection_get_authority (connection)));
  g_hash_table_insert (attributes, (gpointer) "tenant",
                       (gpointer) or_empty (pd_connection_get_tenant (connection)));
  g_hash_table_insert (attributes, (gpointer) "client-id",
                       (gpointer) or_empty (pd_connection_get_client_id (connection)));
  return attributes;
}

/* The task of a keyring call on @connection; @attributes is set to the ones naming it. */
static GTask *
connection_task_new (PdConnection         *connection,
                     gpointer              source_tag,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data,
                     GHashTable          **attributes)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *attributes = connection_attributes (connection);
  return task;
}

/* What the boolean _finish functions check (on their behalf) and return. */
static gboolean
propagate_boolean (GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------- */

/* Ends a store or a clear: both answer TRUE, or the keyring's error. */
static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_get_source_tag (task) == pd_secret_store_store_async)
    secret_password_store_finish (result, &error);
  else  /* FALSE without an error just means there was nothing to remove. */
    secret_password_clear_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pd_secret_store_store_async (PdConnection        *connection,
                             const char          *account,
                             const char          *refresh_token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_CONNECTION (connection));
  g_return_if_fail (refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = connection_task_new (connection, pd_secret_store_store_async, cancellable, callback,
                              user_data, &attributes);
  g_hash_table_insert (attributes, (gpointer) "account", (gpointer) or_empty (account));

  /* Translators: the keyring item's name in Passwords and Keys: %1$s is the connection
   * ("Partner Center"), %2$s the account (an email address). */
  label = g_strdup_printf (_("Partner Desk sign-in to %1$s as %2$s"),
                           pd_connection_get_title (connection), or_empty (account));

  secret_password_storev (pd_secret_store_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, refresh_token, cancellable, write_cb, task);
}

gboolean
pd_secret_store_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return propagate_boolean (result, pd_secret_store_store_async, error);
}

/* ------------------------------------------------------------------------------------- */

typedef struct
{
  char *token;
  char *account;
} LookupResult;

static void
lookup_result_free (LookupResult *lookup)
{
  g_clear_pointer (&lookup->token, secret_password_free);
  g_clear_pointer (&lookup->account, g_free);
  g_free (lookup);
}

static void
retrieve_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretRetrievable *item = SECRET_RETRIEVABLE (source);
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;
  SecretValue *value;
  LookupResult *lookup;

  value = secret_retrievable_retrieve_secret_finish (item, result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  attributes = secret_retrievable_get_attributes (item);
  lookup = g_new0 (LookupResult, 1);
  lookup->token = g_strdup (secret_value_get_text (value));  /* wiped on free */
  lookup->account = g_strdup (g_hash_table_lookup (attributes, "account"));
  secret_value_unref (value);

  if (lookup->token == NULL || *lookup->token == '\0')
    {
      lookup_result_free (lookup);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, lookup, (GDestroyNotify) lookup_result_free);
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items;
  SecretRetrievable *newest = NULL;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Several accounts may have signed in on this connection: the last one wins. */
  for (GList *l = items; l != NULL; l = l->next)
    if (newest == NULL ||
        secret_retrievable_get_modified (l->data) >= secret_retrievable_get_modified (newest))
      newest = l->data;

  if (newest == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      secret_retrievable_retrieve_secret (newest, cancellable, retrieve_cb,
                                          g_steal_pointer (&task));
    }

  g_list_free_full (items, g_object_unref);
}

void
pd_secret_store_lookup_async (PdConnection        *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_CONNECTION (connection));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = connection_task_new (connection, pd_secret_store_lookup_async, cancellable, callback,
                              user_data, &attributes);
  secret_password_searchv (pd_secret_store_get_schema (), attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                           cancellable, search_cb, task);
}

/**
 * pd_secret_store_lookup_finish:
 * @result: the #GAsyncResult
 * @account: (out) (optional) (transfer full): the token's account
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the refresh token (free with secret_password_free()),
 *   or %NULL: none stored (@error unset) or the keyring failed (@error set)
 */
char *
pd_secret_store_lookup_finish (GAsyncResult  *result,
                               char         **account,
                               GError       **error)
{
  LookupResult *lookup;
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        pd_secret_store_lookup_async, NULL);

  if (account != NULL)
    *account = NULL;

  lookup = g_task_propagate_pointer (G_TASK (result), error);
  if (lookup == NULL)
    return NULL;

  token = g_steal_pointer (&lookup->token);
  if (account != NULL)
    *account = g_steal_pointer (&lookup->account);
  lookup_result_free (lookup);

  return token;
}

/* ------------------------------------------------------------------------------------- */

void
pd_secret_store_clear_async (PdConnection        *connection,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (PD_IS_CONNECTION (connection));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = connection_task_new (connection, pd_secret_store_clear_async, cancellable, callback,
                              user_data, &attributes);
  secret_password_clearv (pd_secret_store_get_schema (), attributes, cancellable,
                          write_cb, task);
}

gboolean
pd_secret_store_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return propagate_boolean (result, pd_secret_store_clear_async, error);
}
