/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-profile-form.c: the edit form's model: a working copy, its dirty/valid state and the
 * server's refusals (a stale save's conflict is in pd-profile-form-conflict.c). */

#include "config.h"

#define G_LOG_DOMAIN "pd-profile-form"

#include <string.h>

#include "pd-api-error.h"
#include "pd-profile-check.h"
#include "pd-profile-form-private.h"

/* The sandbox's (and Partner Center's) code for "phone number missing": its description
 * names no field the way the others do. */
#define SERVER_CODE_PHONE_MISSING "600051"

G_DEFINE_FINAL_TYPE (PdProfileForm, pd_profile_form, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ORIGINAL,
  PROP_PROFILE,
  PROP_RULES,
  PROP_IS_DIRTY,
  PROP_IS_VALID,
  PROP_CAN_SUBMIT,
  PROP_BUSY,
  PROP_ERRORS,
  PROP_HAS_CONFLICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CONFLICT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
errors_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);

      if (g_strcmp0 (value, other) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Forgets the server's verdicts on fields whose value the user has changed since. */
static void
prune_server_errors (PdProfileForm *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->server_values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *now = pd_billing_profile_get_field (self->copy, GPOINTER_TO_UINT (key));

      if (g_strcmp0 (now, value) != 0)
        {
          g_hash_table_remove (self->server_errors, key);
          g_hash_table_iter_remove (&iter);
        }
    }
}

void
pd_profile_form_update_can_submit (PdProfileForm *self)
{
  gboolean can_submit;

  can_submit = self->is_dirty && self->is_valid && !self->busy
               && pd_profile_form_get_unresolved_fields (self) == 0;
  if (can_submit != self->can_submit)
    {
      self->can_submit = can_submit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SUBMIT]);
    }
}

/* Recomputed on every change of the copy: the map is small and the check is cheap,
 * and a cache keyed on fields would miss changes to fields the form does not show. */
static void
recompute (PdProfileForm *self)
{
  g_autoptr(GHashTable) errors = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean is_dirty, is_valid;

  errors = pd_profile_check (self->copy, self->rules);
  /* Only the client's rules decide validity: the server's refusal shows at its field but
   * does not lock Submit, so Retry stays possible (its rules may have changed meanwhile). */
  is_valid = g_hash_table_size (errors) == 0;

  prune_server_errors (self);
  g_hash_table_iter_init (&iter, self->server_errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (errors, key))
      g_hash_table_insert (errors, key, g_strdup (value));

  if (!errors_equal (errors, self->errors))
    {
      g_clear_pointer (&self->errors, g_hash_table_unref);
      self->errors = g_steal_pointer (&errors);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS]);
    }

  is_dirty = !pd_billing_profile_equal (self->original, self->copy);
  if (is_dirty != self->is_dirty)
    {
      self->is_dirty = is_dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DIRTY]);
    }

  if (is_valid != self->is_valid)
    {
      self->is_valid = is_valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_VALID]);
    }

  pd_profile_form_update_can_submit (self);
}

static void
on_profile_notify (PdProfileForm *self)
{
  /* The address object itself may have been replaced (an accepted suggestion). */
  g_signal_group_set_target (self->address_signals,
                             pd_billing_profile_get_default_address (self->copy));
  recompute (self);
}

static void
set_copy (PdProfileForm    *self,
          PdBillingProfile *copy)
{
  g_assert (PD_IS_BILLING_PROFILE (copy));

  if (!g_set_object (&self->copy, copy))
    return;

  g_signal_group_set_target (self->profile_signals, self->copy);
  g_signal_group_set_target (self->address_signals,
                             pd_billing_profile_get_default_address (self->copy));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static void
set_original (PdProfileForm    *self,
              PdBillingProfile *original)
{
  if (g_set_object (&self->original, original))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINAL]);
}

void
pd_profile_form_rebase (PdProfileForm    *self,
                        PdBillingProfile *original,
                        PdBillingProfile *copy)
{
  set_original (self, original);
  set_copy (self, copy);
  recompute (self);
}

void
pd_profile_form_emit_conflict_changed (PdProfileForm *self,
                                       gboolean       has_conflict_changed)
{
  if (has_conflict_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONFLICT]);
  g_signal_emit (self, signals[CONFLICT_CHANGED], 0);
}

static void
pd_profile_form_dispose (GObject *object)
{
  PdProfileForm *self = PD_PROFILE_FORM (object);

  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->address_signals != NULL)
    g_signal_group_set_target (self->address_signals, NULL);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->address_signals);
  g_clear_object (&self->original);
  g_clear_object (&self->copy);
  g_clear_object (&self->rules);
  g_clear_object (&self->theirs);
  g_clear_object (&self->mine);

  G_OBJECT_CLASS (pd_profile_form_parent_class)->dispose (object);
}

static void
pd_profile_form_finalize (GObject *object)
{
  PdProfileForm *self = PD_PROFILE_FORM (object);

  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->server_errors, g_hash_table_unref);
  g_clear_pointer (&self->server_values, g_hash_table_unref);

  G_OBJECT_CLASS (pd_profile_form_parent_class)->finalize (object);
}

static void
pd_profile_form_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdProfileForm *self = PD_PROFILE_FORM (object);

  switch (prop_id)
    {
    case PROP_ORIGINAL:
      g_value_set_object (value, pd_profile_form_get_original (self));
      break;
    case PROP_PROFILE:
      g_value_set_object (value, pd_profile_form_get_profile (self));
      break;
    case PROP_RULES:
      g_value_set_object (value, pd_profile_form_get_rules (self));
      break;
    case PROP_IS_DIRTY:
      g_value_set_boolean (value, pd_profile_form_get_is_dirty (self));
      break;
    case PROP_IS_VALID:
      g_value_set_boolean (value, pd_profile_form_get_is_valid (self));
      break;
    case PROP_CAN_SUBMIT:
      g_value_set_boolean (value, pd_profile_form_get_can_submit (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, pd_profile_form_get_busy (self));
      break;
    case PROP_ERRORS:
      g_value_set_boxed (value, pd_profile_form_get_errors (self));
      break;
    case PROP_HAS_CONFLICT:
      g_value_set_boolean (value, pd_profile_form_get_has_conflict (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_profile_form_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdProfileForm *self = PD_PROFILE_FORM (object);

  switch (prop_id)
    {
    case PROP_RULES:
      pd_profile_form_set_rules (self, g_value_get_object (value));
      break;
    case PROP_BUSY:
      pd_profile_form_set_busy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_profile_form_class_init (PdProfileFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_profile_form_dispose;
  object_class->finalize = pd_profile_form_finalize;
  object_class->get_property = pd_profile_form_get_property;
  object_class->set_property = pd_profile_form_set_property;

  properties[PROP_ORIGINAL] =
    g_param_spec_object ("original", NULL, NULL,
                         PD_TYPE_BILLING_PROFILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         PD_TYPE_BILLING_PROFILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL,
                         PD_TYPE_COUNTRY_RULES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DIRTY] =
    g_param_spec_boolean ("is-dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_VALID] =
    g_param_spec_boolean ("is-valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SUBMIT] =
    g_param_spec_boolean ("can-submit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERRORS] =
    g_param_spec_boxed ("errors", NULL, NULL,
                        G_TYPE_HASH_TABLE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONFLICT] =
    g_param_spec_boolean ("has-conflict", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdProfileForm::conflict-changed:
   *
   * A conflict arrived, a choice was made, or the conflict was cleared.
   */
  signals[CONFLICT_CHANGED] =
    g_signal_new ("conflict-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pd_profile_form_init (PdProfileForm *self)
{
  self->choices = g_hash_table_new (NULL, NULL);
  self->server_errors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->server_values = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  self->profile_signals = g_signal_group_new (PD_TYPE_BILLING_PROFILE);
  g_signal_group_connect_swapped (self->profile_signals, "notify",
                                  G_CALLBACK (on_profile_notify), self);
  self->address_signals = g_signal_group_new (PD_TYPE_ADDRESS);
  g_signal_group_connect_swapped (self->address_signals, "notify",
                                  G_CALLBACK (recompute), self);
}

/**
 * pd_profile_form_new:
 * @original: the billing profile as read when Edit began
 * @rules: (nullable): the country's rules
 *
 * Returns: (transfer full): a form editing a copy of @original
 */
PdProfileForm *
pd_profile_form_new (PdBillingProfile *original,
                     PdCountryRules   *rules)
{
  PdProfileForm *self;
  g_autoptr(PdBillingProfile) copy = NULL;

  g_return_val_if_fail (PD_IS_BILLING_PROFILE (original), NULL);
  g_return_val_if_fail (rules == NULL || PD_IS_COUNTRY_RULES (rules), NULL);

  self = g_object_new (PD_TYPE_PROFILE_FORM, NULL);
  /* Our own snapshot: the caller's object may change under us (a list refresh). */
  self->original = pd_billing_profile_copy (original);
  g_set_object (&self->rules, rules);
  copy = pd_billing_profile_copy (original);
  set_copy (self, copy);
  recompute (self);

  return self;
}

PdBillingProfile *
pd_profile_form_get_original (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return self->original;
}

PdBillingProfile *
pd_profile_form_get_profile (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return self->copy;
}

PdCountryRules *
pd_profile_form_get_rules (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return self->rules;
}

void
pd_profile_form_set_rules (PdProfileForm  *self,
                           PdCountryRules *rules)
{
  g_return_if_fail (PD_IS_PROFILE_FORM (self));
  g_return_if_fail (rules == NULL || PD_IS_COUNTRY_RULES (rules));

  if (!g_set_object (&self->rules, rules))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULES]);
  if (self->copy != NULL)
    recompute (self);
}

const char *
pd_profile_form_get_etag (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return pd_billing_profile_get_etag (self->copy);
}

gboolean
pd_profile_form_get_is_dirty (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), FALSE);

  return self->is_dirty;
}

gboolean
pd_profile_form_get_is_valid (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), FALSE);

  return self->is_valid;
}

gboolean
pd_profile_form_get_can_submit (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), FALSE);

  return self->can_submit;
}

gboolean
pd_profile_form_get_busy (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), FALSE);

  return self->busy;
}

void
pd_profile_form_set_busy (PdProfileForm *self,
                          gboolean       busy)
{
  g_return_if_fail (PD_IS_PROFILE_FORM (self));

  busy = !!busy;
  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  pd_profile_form_update_can_submit (self);
}

PdProfileFields
pd_profile_form_get_changed_fields (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), 0);

  return pd_billing_profile_diff (self->original, self->copy);
}

GHashTable *
pd_profile_form_get_errors (PdProfileForm *self)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  return self->errors;
}

const char *
pd_profile_form_get_error (PdProfileForm  *self,
                           PdProfileField  field)
{
  g_return_val_if_fail (PD_IS_PROFILE_FORM (self), NULL);

  if (self->errors == NULL)
    return NULL;

  return g_hash_table_lookup (self->errors, GUINT_TO_POINTER (field));
}

/**
 * pd_profile_form_commit:
 * @self: the form
 * @saved: the profile the server answered the PUT with (new etag)
 *
 * Makes @saved the base of further edits: the form is clean afterwards.
 */
void
pd_profile_form_commit (PdProfileForm    *self,
                        PdBillingProfile *saved)
{
  g_autoptr(PdBillingProfile) original = NULL;
  g_autoptr(PdBillingProfile) copy = NULL;

  g_return_if_fail (PD_IS_PROFILE_FORM (self));
  g_return_if_fail (PD_IS_BILLING_PROFILE (saved));

  pd_profile_form_drop_conflict (self);
  /* Saved: whatever the server refused before is no longer true. */
  g_hash_table_remove_all (self->server_errors);
  g_hash_table_remove_all (self->server_values);
  original = pd_billing_profile_copy (saved);
  copy = pd_billing_profile_copy (saved);
  pd_profile_form_rebase (self, original, copy);
}

/* TRUE when @token names @key: case-insensitive, as the service spells its names either
 * way ("defaultAddress.postalCode", "DefaultAddress.PostalCode"). */
static gboolean
token_is_key (const char *token,
              gsize       len,
              const char *key)
{
  return strlen (key) == len && g_ascii_strncasecmp (token, key, len) == 0;
}

/**
 * pd_profile_form_field_from_error:
 * @error: (nullable): an error from a submit
 *
 * Which form field a 400 (%PD_API_ERROR_INVALID) is about: the service names the
 * property in its description ("… for property: 'defaultAddress.postalCode'"), in
 * any language, by its JSON path; code 600051 means the phone number is missing.
 *
 * Returns: the field, or %PD_PROFILE_FIELD_NONE when the error names no field the form shows
 */
PdProfileField
pd_profile_form_field_from_error (const GError *error)
{
  const char *description;
  const char *p;

  if (!g_error_matches (error, PD_API_ERROR, PD_API_ERROR_INVALID))
    return PD_PROFILE_FIELD_NONE;

  if (g_strcmp0 (pd_api_error_get_server_code (error), SERVER_CODE_PHONE_MISSING) == 0)
    return PD_PROFILE_FIELD_PHONE_NUMBER;

  description = pd_api_error_get_description (error);
  if (description == NULL)
    return PD_PROFILE_FIELD_NONE;

  /* Property names are ASCII words joined by dots; the words around them may be any
   * script, so split on everything else and compare whole tokens. */
  p = description;
  while (*p != '\0')
    {
      const char *start;
      gsize len;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (*p != '\0' && (g_ascii_isalnum (*p) || *p == '_' || *p == '.'))
        p++;
      len = p - start;
      /* A sentence's full stop is not part of the name. */
      while (len > 0 && start[len - 1] == '.')
        len--;
      if (len == 0)
        continue;

      for (guint f = PD_PROFILE_FIELD_FIRST; f < PD_PROFILE_FIELD_OTHER; f <<= 1)
        if ((PD_PROFILE_FORM_FIELDS & f) != 0
            && token_is_key (start, len, pd_profile_field_get_key (f)))
          return f;
    }

  return PD_PROFILE_FIELD_NONE;
}

/**
 * pd_profile_form_set_server_error:
 * @self: the form
 * @field: the field the server refused
 * @message: (nullable): the server's words, or %NULL to forget them
 *
 * Shows @message at @field (in "errors", beside the client's own checks, which win when
 * both have something to say) until the user changes that field's value or a save
 * succeeds. It does not make the form invalid: see recompute().
 */
void
pd_profile_form_set_server_error (PdProfileForm  *self,
                                  PdProfileField  field,
                                  const char     *message)
{
  gpointer key = GUINT_TO_POINTER (field);

  g_return_if_fail (PD_IS_PROFILE_FORM (self));
  g_return_if_fail (field != PD_PROFILE_FIELD_NONE);

  if (message != NULL)
    {
      g_hash_table_insert (self->server_errors, key, g_strdup (message));
      g_hash_table_insert (self->server_values, key,
                           g_strdup (pd_billing_profile_get_field (self->copy, field)));
    }
  else
    {
      g_hash_table_remove (self->server_errors, key);
      g_hash_table_remove (self->server_values, key);
    }

  recompute (self);
}

/**
 * pd_profile_form_clear_server_errors:
 * @self: the form
 *
 * Forgets every field the server refused (a new attempt is on its way).
 */
void
pd_profile_form_clear_server_errors (PdProfileForm *self)
{
  g_return_if_fail (PD_IS_PROFILE_FORM (self));

  if (g_hash_table_size (self->server_errors) == 0)
    return;

  g_hash_table_remove_all (self->server_errors);
  g_hash_table_remove_all (self->server_values);
  recompute (self);
}
