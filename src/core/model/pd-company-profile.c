/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-company-profile.c: a customer's company profile, read from JSON (the API cannot update it). */
#include "config.h"

#define G_LOG_DOMAIN "pd-company-profile"

#include <glib/gi18n.h>

#include "pd-api-error.h"
#include "pd-company-profile.h"
#include "pd-company-profile-private.h"
#include "pd-json.h"

typedef enum
{
  FIELD_TENANT_ID,
  FIELD_DOMAIN,
  FIELD_COMPANY_NAME,
  FIELD_EMAIL,
  FIELD_ORGANIZATION_REGISTRATION_NUMBER,
  N_FIELDS
} Field;

static const struct
{
  const char *property;
  const char *member;
} fields[N_FIELDS] = {
  { "tenant-id", "tenantId" },
  { "domain", "domain" },
  { "company-name", "companyName" },
  { "email", "email" },
  { "organization-registration-number", "organizationRegistrationNumber" },
};

/* Keep in step with pd_company_profile_new_from_json(): what is not named here is not
 * built when a list page is parsed. */
const PdJsonFilter pd_company_profile_json_members[] = {
  { "tenantId", NULL },
  { "domain", NULL },
  { "companyName", NULL },
  { "email", NULL },
  { "organizationRegistrationNumber", NULL },
  { "address", NULL },
  { NULL, NULL }
};

struct _PdCompanyProfile
{
  GObject parent_instance;

  char *values[N_FIELDS];
  PdAddress *address;

  /* Owners told about every change (see pd-company-profile-private.h): nearly always one
   * customer, kept inline; more in @more_watches. */
  PdCompanyProfileWatchFunc watch_func;
  gpointer watch_owner;
  GArray *more_watches;
};

typedef struct
{
  PdCompanyProfileWatchFunc func;
  gpointer owner;
} Watch;

G_DEFINE_FINAL_TYPE (PdCompanyProfile, pd_company_profile, G_TYPE_OBJECT)

enum
{
  PROP_0,
  /* 1 .. N_FIELDS: the string fields */
  PROP_ADDRESS = N_FIELDS + 1,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_string (PdCompanyProfile *self,
            Field             field)
{
  g_return_val_if_fail (PD_IS_COMPANY_PROFILE (self), NULL);

  return self->values[field] != NULL ? self->values[field] : "";
}

static void
set_string (PdCompanyProfile *self,
            Field             field,
            const char       *value)
{
  g_return_if_fail (PD_IS_COMPANY_PROFILE (self));

  if (pd_set_string (&self->values[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

static void
pd_company_profile_dispose (GObject *object)
{
  PdCompanyProfile *self = PD_COMPANY_PROFILE (object);

  g_clear_object (&self->address);

  G_OBJECT_CLASS (pd_company_profile_parent_class)->dispose (object);
}

static void
pd_company_profile_finalize (GObject *object)
{
  PdCompanyProfile *self = PD_COMPANY_PROFILE (object);

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->values[i]);
  g_clear_pointer (&self->more_watches, g_array_unref);

  G_OBJECT_CLASS (pd_company_profile_parent_class)->finalize (object);
}

static void
pd_company_profile_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdCompanyProfile *self = PD_COMPANY_PROFILE (object);

  if (prop_id >= 1 && prop_id <= N_FIELDS)
    g_value_set_string (value, get_string (self, prop_id - 1));
  else if (prop_id == PROP_ADDRESS)
    g_value_set_object (value, self->address);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
pd_company_profile_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdCompanyProfile *self = PD_COMPANY_PROFILE (object);

  if (prop_id >= 1 && prop_id <= N_FIELDS)
    set_string (self, prop_id - 1, g_value_get_string (value));
  else if (prop_id == PROP_ADDRESS)
    pd_company_profile_set_address (self, g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* The class closure of "notify": runs for every notification, before the handlers. */
static void
pd_company_profile_notify (GObject    *object,
                           GParamSpec *pspec)
{
  g_autoptr(PdCompanyProfile) self = g_object_ref (PD_COMPANY_PROFILE (object));
  g_autoptr(GArray) more = NULL;

  if (G_OBJECT_CLASS (pd_company_profile_parent_class)->notify != NULL)
    G_OBJECT_CLASS (pd_company_profile_parent_class)->notify (object, pspec);

  /* A watcher may remove itself (or others) from its callback: work on a copy. */
  if (self->more_watches != NULL)
    more = g_array_copy (self->more_watches);
  if (self->watch_func != NULL)
    self->watch_func (self->watch_owner, pspec);
  for (guint i = 0; more != NULL && i < more->len; i++)
    {
      Watch *watch = &g_array_index (more, Watch, i);

      watch->func (watch->owner, pspec);
    }
}

static void
pd_company_profile_class_init (PdCompanyProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->notify = pd_company_profile_notify;
  object_class->dispose = pd_company_profile_dispose;
  object_class->finalize = pd_company_profile_finalize;
  object_class->get_property = pd_company_profile_get_property;
  object_class->set_property = pd_company_profile_set_property;

  for (guint i = 0; i < N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (fields[i].property, NULL, NULL, "",
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);

  /* NULL without delegated admin access to the customer. */
  properties[PROP_ADDRESS] =
    g_param_spec_object ("address", NULL, NULL, PD_TYPE_ADDRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_company_profile_init (PdCompanyProfile *self)
{
}

PdCompanyProfile *
pd_company_profile_new (void)
{
  return g_object_new (PD_TYPE_COMPANY_PROFILE, NULL);
}

/**
 * pd_company_profile_new_from_json:
 *
 * Returns: (transfer full): the profile, or %NULL with PD_API_ERROR_PROTOCOL.
 */
PdCompanyProfile *
pd_company_profile_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_autoptr(PdCompanyProfile) self = NULL;
  JsonNode *address_node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  address_node = pd_json_object_get_member_ci (object, "address");
  if (address_node != NULL && !JSON_NODE_HOLDS_OBJECT (address_node)
      && !JSON_NODE_HOLDS_NULL (address_node))
    {
      g_propagate_error (error,
                         pd_api_error_new (PD_API_ERROR_PROTOCOL, 0, NULL,
                                           _("The company profile's address is not an object."),
                                           NULL, NULL));
      return NULL;
    }

  self = pd_company_profile_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    {
      char *value = pd_json_object_dup_string_ci (object, fields[i].member);

      /* Stored as pd_set_string would, without copying the copy. */
      if (value != NULL && *value == '\0')
        g_clear_pointer (&value, g_free);
      self->values[i] = value;
    }

  if (address_node != NULL && JSON_NODE_HOLDS_OBJECT (address_node))
    self->address = pd_address_new_from_json (json_node_get_object (address_node));

  return g_steal_pointer (&self);
}

void
pd_company_profile_add_watch (PdCompanyProfile          *self,
                              PdCompanyProfileWatchFunc  func,
                              gpointer                   owner)
{
  Watch watch = { func, owner };

  g_return_if_fail (PD_IS_COMPANY_PROFILE (self));
  g_return_if_fail (func != NULL);

  if (self->watch_func == NULL)
    {
      self->watch_func = func;
      self->watch_owner = owner;
      return;
    }

  if (self->more_watches == NULL)
    self->more_watches = g_array_new (FALSE, FALSE, sizeof (Watch));
  g_array_append_val (self->more_watches, watch);
}

void
pd_company_profile_remove_watch (PdCompanyProfile *self,
                                 gpointer          owner)
{
  g_return_if_fail (PD_IS_COMPANY_PROFILE (self));

  if (self->watch_func != NULL && self->watch_owner == owner)
    {
      self->watch_func = NULL;
      self->watch_owner = NULL;
      return;
    }

  for (guint i = 0; self->more_watches != NULL && i < self->more_watches->len; i++)
    if (g_array_index (self->more_watches, Watch, i).owner == owner)
      {
        g_array_remove_index (self->more_watches, i);
        return;
      }
}

static char *
take_nonempty (char **value)
{
  char *taken = g_steal_pointer (value);

  if (taken != NULL && *taken == '\0')
    g_clear_pointer (&taken, g_free);
  return taken;
}

PdCompanyProfile *
pd_company_profile_new_take_strings (char **tenant_id,
                                     char **domain,
                                     char **company_name,
                                     char **email,
                                     char **organization_registration_number)
{
  PdCompanyProfile *self = pd_company_profile_new ();

  self->values[FIELD_TENANT_ID] = take_nonempty (tenant_id);
  self->values[FIELD_DOMAIN] = take_nonempty (domain);
  self->values[FIELD_COMPANY_NAME] = take_nonempty (company_name);
  self->values[FIELD_EMAIL] = take_nonempty (email);
  self->values[FIELD_ORGANIZATION_REGISTRATION_NUMBER] =
    take_nonempty (organization_registration_number);

  return self;
}

/**
 * pd_company_profile_copy:
 *
 * Returns: (transfer full): an independent copy (the address copied too).
 */
PdCompanyProfile *
pd_company_profile_copy (PdCompanyProfile *self)
{
  PdCompanyProfile *copy;

  g_return_val_if_fail (PD_IS_COMPANY_PROFILE (self), NULL);

  copy = pd_company_profile_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  if (self->address != NULL)
    copy->address = pd_address_copy (self->address);

  return copy;
}

const char *
pd_company_profile_get_tenant_id (PdCompanyProfile *self)
{
  return get_string (self, FIELD_TENANT_ID);
}

void
pd_company_profile_set_tenant_id (PdCompanyProfile *self,
                                  const char       *tenant_id)
{
  set_string (self, FIELD_TENANT_ID, tenant_id);
}

const char *
pd_company_profile_get_domain (PdCompanyProfile *self)
{
  return get_string (self, FIELD_DOMAIN);
}

void
pd_company_profile_set_domain (PdCompanyProfile *self,
                               const char       *domain)
{
  set_string (self, FIELD_DOMAIN, domain);
}

const char *
pd_company_profile_get_company_name (PdCompanyProfile *self)
{
  return get_string (self, FIELD_COMPANY_NAME);
}

void
pd_company_profile_set_company_name (PdCompanyProfile *self,
                                     const char       *company_name)
{
  set_string (self, FIELD_COMPANY_NAME, company_name);
}

const char *
pd_company_profile_get_email (PdCompanyProfile *self)
{
  return get_string (self, FIELD_EMAIL);
}

void
pd_company_profile_set_email (PdCompanyProfile *self,
                              const char       *email)
{
  set_string (self, FIELD_EMAIL, email);
}

PdAddress *
pd_company_profile_get_address (PdCompanyProfile *self)
{
  g_return_val_if_fail (PD_IS_COMPANY_PROFILE (self), NULL);

  return self->address;
}

/**
 * pd_company_profile_set_address:
 * @address: (nullable): kept by reference
 */
void
pd_company_profile_set_address (PdCompanyProfile *self,
                                PdAddress        *address)
{
  g_return_if_fail (PD_IS_COMPANY_PROFILE (self));
  g_return_if_fail (address == NULL || PD_IS_ADDRESS (address));

  if (g_set_object (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

const char *
pd_company_profile_get_organization_registration_number (PdCompanyProfile *self)
{
  return get_string (self, FIELD_ORGANIZATION_REGISTRATION_NUMBER);
}

void
pd_company_profile_set_organization_registration_number (PdCompanyProfile *self,
                                                         const char       *number)
{
  set_string (self, FIELD_ORGANIZATION_REGISTRATION_NUMBER, number);
}
