/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-change.c: what one change did to a billing profile, field by field. */

#include "config.h"

#define G_LOG_DOMAIN "pd-profile-change"

#include "pd-json.h"
#include "pd-profile-change.h"

void
pd_profile_change_free (PdProfileChange *change)
{
  if (change == NULL)
    return;
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

static JsonNode *
parse_or_null (const char *json)
{
  if (json == NULL || *json == '\0')
    return NULL;
  /* The same strict parser as every answer: a hostile record is only text. */
  return pd_json_parse (json, -1, NULL);
}

/* @field's value in @root, following its key ("defaultAddress.city") ignoring case.
 * Returns: TRUE when the member is there; *@value is "" for null, NULL for an object. */
static gboolean
lookup_field (JsonNode       *root,
              PdProfileField  field,
              char          **value)
{
  g_auto(GStrv) path = NULL;
  JsonObject *object;
  JsonNode *node;

  *value = NULL;
  if (root == NULL)
    return FALSE;

  /* A company-name change may carry the name alone. */
  if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
    {
      if (field != PD_PROFILE_FIELD_COMPANY_NAME)
        return FALSE;
      *value = g_strdup (json_node_get_string (root));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  path = g_strsplit (pd_profile_field_get_key (field), ".", 2);
  if (path[1] != NULL)
    {
      object = pd_json_object_get_object_ci (object, path[0]);
      if (object == NULL)
        return FALSE;
    }

  node = pd_json_object_get_member_ci (object, path[1] != NULL ? path[1] : path[0]);
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    *value = g_strdup ("");
  else
    *value = pd_json_object_dup_string_ci (object, path[1] != NULL ? path[1] : path[0]);
  return *value != NULL;
}

GPtrArray *
pd_profile_changes_diff (const char *old_json,
                         const char *new_json,
                         const char *previous_json)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) pd_profile_change_free);
  g_autoptr(JsonNode) new_root = parse_or_null (new_json);
  g_autoptr(JsonNode) old_root = parse_or_null (old_json);
  g_autoptr(JsonNode) previous_root = parse_or_null (previous_json);

  for (guint bit = PD_PROFILE_FIELD_FIRST; bit < PD_PROFILE_FIELD_OTHER; bit <<= 1)
    {
      g_autofree char *new_value = NULL;
      g_autofree char *old_value = NULL;
      PdProfileChange *change;

      if (!lookup_field (new_root, bit, &new_value))
        continue;
      if (!lookup_field (old_root, bit, &old_value) &&
          !lookup_field (previous_root, bit, &old_value))
        g_clear_pointer (&old_value, g_free);
      /* NULL and "" are the same value, as everywhere in the models. */
      if (old_value != NULL && pd_str_equal0 (old_value, new_value))
        continue;

      change = g_new0 (PdProfileChange, 1);
      change->field = bit;
      change->old_value = g_steal_pointer (&old_value);
      change->new_value = g_steal_pointer (&new_value);
      g_ptr_array_add (changes, change);
    }

  return g_steal_pointer (&changes);
}

PdProfileFields
pd_profile_changes_get_fields (GPtrArray *changes)
{
  PdProfileFields fields = 0;

  g_return_val_if_fail (changes != NULL, 0);

  for (guint i = 0; i < changes->len; i++)
    fields |= ((PdProfileChange *) g_ptr_array_index (changes, i))->field;
  return fields;
}
