/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-billing-profile-json.c: the billing profile's JSON mapping: read from the resource, and
 * written back as the full resource for a PUT with only the edited fields changed. */
#include "config.h"

#define G_LOG_DOMAIN "pd-billing-profile"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-address-private.h"
#include "pd-api-error.h"
#include "pd-billing-profile-private.h"

/**
 * pd_billing_profile_new_from_json:
 * @object: the resource, camelCase or PascalCase
 *
 * As pd_billing_profile_new_from_json_text() with the tree's own text: numbers that the
 * tree could not hold exactly are then written as the tree holds them.
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has the wrong shape.
 */
PdBillingProfile *
pd_billing_profile_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = pd_json_text_from_tree (object);
  return pd_billing_profile_new_from_json_text (object, text->str, text->len, error);
}

/* The etag: a string's value, or a number's text as written (a tree would round it). */
static char *
dup_etag (const char *raw,
          gsize       raw_len)
{
  g_autoptr(GString) text = NULL;
  const char *attributes, *etag;
  gsize attributes_len, etag_len;
  PdJsonWalker w;

  if (!pd_json_find_member (raw, raw_len, "attributes", &attributes, &attributes_len) ||
      !pd_json_find_member (attributes, attributes_len, "etag", &etag, &etag_len))
    return NULL;

  pd_json_walker_init (&w, etag, (gssize) etag_len);
  switch (pd_json_walker_next (&w))
    {
    case PD_JSON_STRING:
      text = g_string_new (NULL);
      pd_json_walker_get_string (&w, text);
      return *text->str != '\0' ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
    case PD_JSON_NUMBER:
    case PD_JSON_TRUE:
    case PD_JSON_FALSE:
      return g_strndup (etag, etag_len);
    default:
      return NULL;
    }
}

/**
 * pd_billing_profile_new_from_json_text:
 * @object: the resource, camelCase or PascalCase
 * @raw: @object's text as received (the whole object, nothing around it)
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL when the
 *   object has the wrong shape.
 */
PdBillingProfile *
pd_billing_profile_new_from_json_text (JsonObject  *object,
                                       const char  *raw,
                                       gsize        raw_len,
                                       GError     **error)
{
  g_autoptr(PdBillingProfile) self = NULL;
  JsonNode *address_node;
  const char *address_raw;
  gsize address_raw_len;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (raw != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  address_node = pd_json_object_get_member_ci (object, "defaultAddress");
  if (address_node != NULL && !JSON_NODE_HOLDS_OBJECT (address_node)
      && !JSON_NODE_HOLDS_NULL (address_node))
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The billing profile's address is not an object."),
                                           NULL, NULL));
      return NULL;
    }

  self = pd_billing_profile_new ();
  pd_json_source_init (&self->source, object, raw, raw_len);
  pd_json_fields_read (pd_billing_profile_fields, N_FIELDS, object, self->values, self->read);

  if (address_node != NULL && JSON_NODE_HOLDS_OBJECT (address_node) &&
      pd_json_find_member (raw, raw_len, "defaultAddress", &address_raw, &address_raw_len))
    {
      g_clear_object (&self->default_address);
      self->default_address = pd_address_new_from_json_text (json_node_get_object (address_node),
                                                             address_raw, address_raw_len);
    }

  self->etag = dup_etag (raw, raw_len);
  self->read_etag = g_strdup (self->etag);

  return g_steal_pointer (&self);
}

static gboolean
write_address (GString    *out,
               const char *old_value,
               gsize       old_len,
               gpointer    data)
{
  PdAddress *address = data;

  if (old_value == NULL && pd_address_is_empty (address))
    return FALSE;
  pd_address_write (address, out);
  return TRUE;
}

/* attributes with the new etag, the rest of it as it was. */
static gboolean
write_attributes (GString    *out,
                  const char *old_value,
                  gsize       old_len,
                  gpointer    data)
{
  const char *etag = data;
  PdJsonEdit edit = { "etag", TRUE, pd_json_write_string_value, (gpointer) etag };

  if (old_value != NULL && pd_json_write_object (out, old_value, old_len, &edit, 1))
    return TRUE;
  if (old_value == NULL && (etag == NULL || *etag == '\0'))
    return FALSE;
  return pd_json_write_object (out, "{}", 2, &edit, 1);
}

/* The address was edited, or is not the one read. */
static gboolean
address_changed (PdBillingProfile *self)
{
  const char *source, *raw;
  gsize source_len, raw_len;
  gboolean has_source;

  if (pd_address_is_edited (self->default_address))
    return TRUE;

  raw = pd_address_get_raw (self->default_address, &raw_len);
  has_source = pd_json_find_member (self->source.raw, self->source.raw_len, "defaultAddress",
                                    &source, &source_len);
  if (raw == NULL)
    return !pd_address_is_empty (self->default_address) ||
           (has_source && !(source_len == 4 && memcmp (source, "null", 4) == 0));
  return !has_source || source_len != raw_len || memcmp (source, raw, raw_len) != 0;
}

/**
 * pd_billing_profile_write:
 *
 * The full resource for a PUT: the text as received, byte for byte, but for the fields
 * that were edited (their value in every spelling the server used; an emptied field is
 * null when the server sent it, else left out; a new one is added at the end). Unknown
 * members, numbers, member names and order all go back as the server wrote them.
 */
void
pd_billing_profile_write (PdBillingProfile *self,
                          GString          *out)
{
  PdJsonEdit edits[N_FIELDS + 2];
  guint n_edits;

  g_return_if_fail (PD_IS_BILLING_PROFILE (self));
  g_return_if_fail (out != NULL);

  n_edits = pd_json_fields_get_edits (pd_billing_profile_fields, N_FIELDS, self->values,
                                      self->read, edits);
  if (address_changed (self))
    edits[n_edits++] = (PdJsonEdit) { "defaultAddress", TRUE, write_address,
                                      self->default_address };
  if (!pd_str_equal0 (self->etag, self->read_etag))
    edits[n_edits++] = (PdJsonEdit) { "attributes", TRUE, write_attributes, self->etag };

  if (self->source.raw == NULL ||
      !pd_json_write_object (out, self->source.raw, self->source.raw_len, edits, n_edits))
    pd_json_write_object (out, "{}", 2, edits, n_edits);
}

/**
 * pd_billing_profile_to_json:
 *
 * Returns: (transfer full): what pd_billing_profile_write() writes, as a tree.
 */
JsonObject *
pd_billing_profile_to_json (PdBillingProfile *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  pd_billing_profile_write (self, text);
  return pd_json_tree_from_text (text);
}

/**
 * pd_billing_profile_dup_as_read:
 *
 * Returns: (transfer full): the profile as it was read, before any edit.
 */
PdBillingProfile *
pd_billing_profile_dup_as_read (PdBillingProfile *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (self), NULL);

  if (self->source.raw == NULL)
    return pd_billing_profile_new ();
  node = pd_json_parse (self->source.raw, self->source.raw_len, NULL);
  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return pd_billing_profile_new_from_json_text (json_node_get_object (node), self->source.raw,
                                                self->source.raw_len, NULL);
}
