/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-customer.c: a customer with its profiles, plus the shortcuts the list shows and searches. */
#include "config.h"

#define G_LOG_DOMAIN "pd-customer"

#include <glib/gi18n.h>

#include "pd-api-error.h"
#include "pd-company-profile-private.h"
#include "pd-customer.h"
#include "pd-customer-private.h"
#include "pd-json.h"

struct _PdCustomer
{
  GObject parent_instance;

  char *id;
  char *relationship;
  /* NULL until needed: a listing builds 100,000 customers, each given its own profile
   * right away, so an empty one made in init would only be thrown away. */
  PdCompanyProfile *company_profile;
  /* A list page's customer keeps its company profile's strings here until the profile is
   * asked for: the list only shows the name, domain and tenant, and one object per
   * customer instead of two is most of the time a long listing spends building models. */
  gboolean has_pending_company;
  char *pending_company[5];  /* tenant, domain, name, email, registration number */
  PdBillingProfile *billing_profile;
  /* Computed on first use; cleared when the company profile changes. */
  char *search_key;
};

G_DEFINE_FINAL_TYPE (PdCustomer, pd_customer, G_TYPE_OBJECT)

/* Keep in step with pd_customer_new_from_json(): what is not named here is not built
 * when a list page is parsed. The billing profile is kept whole (it writes back every
 * member it read). */
const PdJsonFilter pd_customer_json_members[] = {
  { "id", NULL },
  { "relationshipToPartner", NULL },
  { "companyProfile", pd_company_profile_json_members },
  { "billingProfile", NULL },
  { NULL, NULL }
};

/* The same, for the flat reading of list pages: a billing profile or a company address
 * (written back whole, so read from a tree) sends the page down the tree path. */
const PdJsonRecordField pd_customer_record_fields[PD_CUSTOMER_RECORD_N_FIELDS] = {
  [PD_CUSTOMER_RECORD_ID] = { "id", -1, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_RELATIONSHIP] = { "relationshipToPartner", -1, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_COMPANY_PROFILE] = { "companyProfile", -1, PD_JSON_FIELD_OBJECT },
  [PD_CUSTOMER_RECORD_BILLING_PROFILE] = { "billingProfile", -1, PD_JSON_FIELD_UNSUPPORTED },
  [PD_CUSTOMER_RECORD_TENANT_ID] =
    { "tenantId", PD_CUSTOMER_RECORD_COMPANY_PROFILE, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_DOMAIN] =
    { "domain", PD_CUSTOMER_RECORD_COMPANY_PROFILE, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_COMPANY_NAME] =
    { "companyName", PD_CUSTOMER_RECORD_COMPANY_PROFILE, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_EMAIL] =
    { "email", PD_CUSTOMER_RECORD_COMPANY_PROFILE, PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_ORGANIZATION_REGISTRATION_NUMBER] =
    { "organizationRegistrationNumber", PD_CUSTOMER_RECORD_COMPANY_PROFILE,
      PD_JSON_FIELD_STRING },
  [PD_CUSTOMER_RECORD_ADDRESS] =
    { "address", PD_CUSTOMER_RECORD_COMPANY_PROFILE, PD_JSON_FIELD_UNSUPPORTED },
};

enum
{
  PROP_0,
  PROP_ID,
  PROP_RELATIONSHIP,
  PROP_RELATIONSHIP_TITLE,
  PROP_COMPANY_PROFILE,
  PROP_BILLING_PROFILE,
  PROP_COMPANY_NAME,
  PROP_DOMAIN,
  PROP_TENANT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The company profile properties mirrored by the customer, with the same names. */
static const guint shortcut_props[] = { PROP_COMPANY_NAME, PROP_DOMAIN, PROP_TENANT_ID };

static void
company_profile_notify_cb (gpointer    owner,
                           GParamSpec *pspec)
{
  PdCustomer *self = owner;

  for (guint i = 0; i < G_N_ELEMENTS (shortcut_props); i++)
    {
      GParamSpec *shortcut = properties[shortcut_props[i]];

      if (g_str_equal (pspec->name, shortcut->name))
        {
          g_clear_pointer (&self->search_key, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), shortcut);
        }
    }
}

static void
pd_customer_dispose (GObject *object)
{
  PdCustomer *self = PD_CUSTOMER (object);

  if (self->company_profile != NULL)
    pd_company_profile_remove_watch (self->company_profile, self);
  g_clear_object (&self->company_profile);
  g_clear_object (&self->billing_profile);

  G_OBJECT_CLASS (pd_customer_parent_class)->dispose (object);
}

enum { PENDING_TENANT_ID, PENDING_DOMAIN, PENDING_COMPANY_NAME, PENDING_EMAIL,
       PENDING_REGISTRATION_NUMBER };

static void
pd_customer_finalize (GObject *object)
{
  PdCustomer *self = PD_CUSTOMER (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->pending_company); i++)
    g_free (self->pending_company[i]);
  g_free (self->id);
  g_free (self->relationship);
  g_free (self->search_key);

  G_OBJECT_CLASS (pd_customer_parent_class)->finalize (object);
}

static void
pd_customer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PdCustomer *self = PD_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, pd_customer_get_id (self));
      break;

    case PROP_RELATIONSHIP:
      g_value_set_string (value, pd_customer_get_relationship (self));
      break;

    case PROP_RELATIONSHIP_TITLE:
      g_value_set_string (value, pd_customer_get_relationship_title (self));
      break;

    case PROP_COMPANY_PROFILE:
      g_value_set_object (value, pd_customer_get_company_profile (self));
      break;

    case PROP_BILLING_PROFILE:
      g_value_set_object (value, pd_customer_get_billing_profile (self));
      break;

    case PROP_COMPANY_NAME:
      g_value_set_string (value, pd_customer_get_company_name (self));
      break;

    case PROP_DOMAIN:
      g_value_set_string (value, pd_customer_get_domain (self));
      break;

    case PROP_TENANT_ID:
      g_value_set_string (value, pd_customer_get_tenant_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PdCustomer *self = PD_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      pd_customer_set_id (self, g_value_get_string (value));
      break;

    case PROP_RELATIONSHIP:
      pd_customer_set_relationship (self, g_value_get_string (value));
      break;

    case PROP_COMPANY_PROFILE:
      pd_customer_set_company_profile (self, g_value_get_object (value));
      break;

    case PROP_BILLING_PROFILE:
      pd_customer_set_billing_profile (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_customer_class_init (PdCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pd_customer_dispose;
  object_class->finalize = pd_customer_finalize;
  object_class->get_property = pd_customer_get_property;
  object_class->set_property = pd_customer_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, "", rw);
  properties[PROP_RELATIONSHIP] = g_param_spec_string ("relationship", NULL, NULL, "", rw);
  properties[PROP_RELATIONSHIP_TITLE] =
    g_param_spec_string ("relationship-title", NULL, NULL, "", ro);
  /* Never NULL: an empty profile when the server sent none. */
  properties[PROP_COMPANY_PROFILE] =
    g_param_spec_object ("company-profile", NULL, NULL, PD_TYPE_COMPANY_PROFILE, rw);
  properties[PROP_BILLING_PROFILE] =
    g_param_spec_object ("billing-profile", NULL, NULL, PD_TYPE_BILLING_PROFILE, rw);
  properties[PROP_COMPANY_NAME] = g_param_spec_string ("company-name", NULL, NULL, "", ro);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, "", ro);
  properties[PROP_TENANT_ID] = g_param_spec_string ("tenant-id", NULL, NULL, "", ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_customer_init (PdCustomer *self)
{
}

static const char *
pd_str_or_empty (const char *value)
{
  return value != NULL ? value : "";
}

/* Takes @profile as the company profile without notifying (construction, lazy init). */
static void
adopt_company_profile (PdCustomer       *self,
                       PdCompanyProfile *profile)  /* (transfer full) */
{
  g_assert (self->company_profile == NULL);

  self->company_profile = profile;
  /* Not a "notify" handler: connecting one per customer cost more than the rest of the
   * model on a long listing. The customer holds the profile and unwatches in dispose. */
  pd_company_profile_add_watch (profile, company_profile_notify_cb, self);
}

static PdCompanyProfile *
ensure_company_profile (PdCustomer *self)
{
  if (self->has_pending_company)
    {
      self->has_pending_company = FALSE;
      adopt_company_profile (self,
                             pd_company_profile_new_take_strings (
                               &self->pending_company[PENDING_TENANT_ID],
                               &self->pending_company[PENDING_DOMAIN],
                               &self->pending_company[PENDING_COMPANY_NAME],
                               &self->pending_company[PENDING_EMAIL],
                               &self->pending_company[PENDING_REGISTRATION_NUMBER]));
    }
  else if (self->company_profile == NULL)
    adopt_company_profile (self, pd_company_profile_new ());

  return self->company_profile;
}

PdCustomer *
pd_customer_new (void)
{
  PdCustomer *self = g_object_new (PD_TYPE_CUSTOMER, NULL);

  ensure_company_profile (self);
  return self;
}

/**
 * pd_customer_new_from_json:
 * @object: a list item or the answer of GET /v1/customers/{id}
 *
 * Returns: (transfer full): the customer, or %NULL with PD_API_ERROR_PROTOCOL.
 */
PdCustomer *
pd_customer_new_from_json (JsonObject  *object,
                           GError     **error)
{
  return pd_customer_new_from_json_text (object, NULL, 0, error);
}

/**
 * pd_customer_new_from_json_text:
 * @object: the answer of GET /v1/customers/{id}, or a list item
 * @raw: (nullable): @object's text as received, which the billing profile keeps to
 *   write back (see pd_billing_profile_new_from_json_text())
 *
 * Returns: (transfer full): the customer, or %NULL with PD_API_ERROR_PROTOCOL.
 */
PdCustomer *
pd_customer_new_from_json_text (JsonObject  *object,
                                const char  *raw,
                                gsize        raw_len,
                                GError     **error)
{
  g_autoptr(PdCustomer) self = NULL;
  g_autofree char *id = NULL;
  g_autofree char *relationship = NULL;
  JsonObject *company;
  JsonObject *billing;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = pd_json_object_dup_string_ci (object, "id");
  if (id == NULL || *id == '\0')
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("A customer in the server's answer has no ID."),
                                           NULL, NULL));
      return NULL;
    }

  /* Fields are stored directly: nobody can be watching a customer under construction,
   * and notifications cost more than the model on a long listing. */
  self = g_object_new (PD_TYPE_CUSTOMER, NULL);
  self->id = g_steal_pointer (&id);
  relationship = pd_json_object_dup_string_ci (object, "relationshipToPartner");
  if (relationship != NULL && *relationship != '\0')
    self->relationship = g_steal_pointer (&relationship);

  company = pd_json_object_get_object_ci (object, "companyProfile");
  if (company != NULL)
    {
      PdCompanyProfile *profile = pd_company_profile_new_from_json (company, error);

      if (profile == NULL)
        return NULL;
      adopt_company_profile (self, profile);
    }

  billing = pd_json_object_get_object_ci (object, "billingProfile");
  if (billing != NULL)
    {
      g_autoptr(PdBillingProfile) profile = NULL;
      const char *billing_raw;
      gsize billing_raw_len;

      if (raw != NULL &&
          pd_json_find_member (raw, raw_len, "billingProfile", &billing_raw, &billing_raw_len))
        profile = pd_billing_profile_new_from_json_text (billing, billing_raw, billing_raw_len,
                                                         error);
      else
        profile = pd_billing_profile_new_from_json (billing, error);

      if (profile == NULL)
        return NULL;
      self->billing_profile = g_steal_pointer (&profile);
    }

  return g_steal_pointer (&self);
}

PdCustomer *
pd_customer_new_from_record (char    **values,
                             guint32   present)
{
  PdCustomer *self;

  g_return_val_if_fail (values != NULL, NULL);

  if (values[PD_CUSTOMER_RECORD_ID] == NULL || *values[PD_CUSTOMER_RECORD_ID] == '\0')
    return NULL;

  /* As pd_customer_new_from_json(), without a tree in between. */
  self = g_object_new (PD_TYPE_CUSTOMER, NULL);
  self->id = g_steal_pointer (&values[PD_CUSTOMER_RECORD_ID]);
  if (values[PD_CUSTOMER_RECORD_RELATIONSHIP] != NULL &&
      *values[PD_CUSTOMER_RECORD_RELATIONSHIP] != '\0')
    self->relationship = g_steal_pointer (&values[PD_CUSTOMER_RECORD_RELATIONSHIP]);
  if ((present & (1u << PD_CUSTOMER_RECORD_COMPANY_PROFILE)) != 0)
    {
      static const PdCustomerRecordField from[] = {
        [PENDING_TENANT_ID] = PD_CUSTOMER_RECORD_TENANT_ID,
        [PENDING_DOMAIN] = PD_CUSTOMER_RECORD_DOMAIN,
        [PENDING_COMPANY_NAME] = PD_CUSTOMER_RECORD_COMPANY_NAME,
        [PENDING_EMAIL] = PD_CUSTOMER_RECORD_EMAIL,
        [PENDING_REGISTRATION_NUMBER] = PD_CUSTOMER_RECORD_ORGANIZATION_REGISTRATION_NUMBER,
      };

      /* The profile itself is made when first asked for (ensure_company_profile). */
      self->has_pending_company = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (from); i++)
        self->pending_company[i] = g_steal_pointer (&values[from[i]]);
    }

  return self;
}

const char *
pd_customer_get_id (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  return self->id != NULL ? self->id : "";
}

void
pd_customer_set_id (PdCustomer *self,
                    const char *id)
{
  g_return_if_fail (PD_IS_CUSTOMER (self));

  if (pd_set_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pd_customer_get_relationship (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  return self->relationship != NULL ? self->relationship : "";
}

void
pd_customer_set_relationship (PdCustomer *self,
                              const char *relationship)
{
  g_return_if_fail (PD_IS_CUSTOMER (self));

  if (pd_set_string (&self->relationship, relationship))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATIONSHIP]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATIONSHIP_TITLE]);
    }
}

static const struct
{
  const char *value;
  const char *title;
} relationships[] = {
  /* Translators: the customer's relationship to the partner (Partner Center's column). */
  { "none", NC_("relationship", "None") },
  { "reseller", NC_("relationship", "Reseller") },
  { "advisor", NC_("relationship", "Advisor") },
  { "syndication", NC_("relationship", "Syndication") },
  { "microsoft_support", NC_("relationship", "Microsoft Support") },
  { "unknown", NC_("relationship", "Unknown") },
};

/**
 * pd_customer_relationship_title:
 * @relationship: (nullable): "reseller", "advisor", … as the API sends it
 *
 * The translated title of a relationship value; unknown values come back as sent. Safe
 * from any thread (the customer table sorts by it off the main thread).
 */
const char *
pd_customer_relationship_title (const char *relationship)
{
  for (guint i = 0; relationship != NULL && i < G_N_ELEMENTS (relationships); i++)
    if (g_ascii_strcasecmp (relationships[i].value, relationship) == 0)
      return g_dpgettext2 (NULL, "relationship", relationships[i].title);

  return relationship;
}

const char *
pd_customer_get_relationship_title (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  return pd_customer_relationship_title (pd_customer_get_relationship (self));
}

/**
 * pd_customer_get_company_profile:
 *
 * Returns: (transfer none): never %NULL (empty when the server sent none).
 */
PdCompanyProfile *
pd_customer_get_company_profile (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  return ensure_company_profile (self);
}

/**
 * pd_customer_set_company_profile:
 * @profile: (nullable): kept by reference; %NULL for an empty one
 *
 * "company-name", "domain" and "tenant-id" are notified for the values that change.
 */
void
pd_customer_set_company_profile (PdCustomer       *self,
                                 PdCompanyProfile *profile)
{
  g_autoptr(PdCompanyProfile) old = NULL;
  g_autoptr(PdCompanyProfile) empty = NULL;

  g_return_if_fail (PD_IS_CUSTOMER (self));
  g_return_if_fail (profile == NULL || PD_IS_COMPANY_PROFILE (profile));

  if (profile == NULL)
    profile = empty = pd_company_profile_new ();

  /* A pending profile is the old value: compare with it as an object. */
  ensure_company_profile (self);
  if (profile == self->company_profile)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  old = g_steal_pointer (&self->company_profile);
  pd_company_profile_remove_watch (old, self);
  adopt_company_profile (self, g_object_ref (profile));
  g_clear_pointer (&self->search_key, g_free);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_PROFILE]);
  if (!pd_str_equal0 (pd_company_profile_get_company_name (old),
                      pd_company_profile_get_company_name (profile)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_NAME]);
  if (!pd_str_equal0 (pd_company_profile_get_domain (old),
                      pd_company_profile_get_domain (profile)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
  if (!pd_str_equal0 (pd_company_profile_get_tenant_id (old),
                      pd_company_profile_get_tenant_id (profile)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TENANT_ID]);

  g_object_thaw_notify (G_OBJECT (self));
}

PdBillingProfile *
pd_customer_get_billing_profile (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  return self->billing_profile;
}

/**
 * pd_customer_set_billing_profile:
 * @profile: (nullable): kept by reference
 */
void
pd_customer_set_billing_profile (PdCustomer       *self,
                                 PdBillingProfile *profile)
{
  g_return_if_fail (PD_IS_CUSTOMER (self));
  g_return_if_fail (profile == NULL || PD_IS_BILLING_PROFILE (profile));

  if (g_set_object (&self->billing_profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BILLING_PROFILE]);
}

const char *
pd_customer_get_company_name (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  if (self->has_pending_company)
    return pd_str_or_empty (self->pending_company[PENDING_COMPANY_NAME]);
  return pd_company_profile_get_company_name (ensure_company_profile (self));
}

const char *
pd_customer_get_domain (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  if (self->has_pending_company)
    return pd_str_or_empty (self->pending_company[PENDING_DOMAIN]);
  return pd_company_profile_get_domain (ensure_company_profile (self));
}

const char *
pd_customer_get_tenant_id (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  if (self->has_pending_company)
    return pd_str_or_empty (self->pending_company[PENDING_TENANT_ID]);
  return pd_company_profile_get_tenant_id (ensure_company_profile (self));
}

/**
 * pd_customer_fold_for_search:
 * @text: (nullable): what the user typed
 *
 * Normalizes (NFKC, so full-width Latin and compatibility forms match) and case-folds
 * (Unicode, so Cyrillic and Greek fold too).
 *
 * Returns: (transfer full)
 */
char *
pd_customer_fold_for_search (const char *text)
{
  g_autofree char *normalized = NULL;

  if (text == NULL)
    return g_strdup ("");

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  if (normalized == NULL)
    return g_strdup ("");

  return g_utf8_casefold (normalized, -1);
}

const char *
pd_customer_get_search_key (PdCustomer *self)
{
  g_return_val_if_fail (PD_IS_CUSTOMER (self), NULL);

  if (self->search_key == NULL)
    {
      g_autofree char *joined = g_strjoin ("\n",
                                           pd_customer_get_company_name (self),
                                           pd_customer_get_domain (self),
                                           pd_customer_get_tenant_id (self),
                                           NULL);

      self->search_key = pd_customer_fold_for_search (joined);
    }

  return self->search_key;
}
