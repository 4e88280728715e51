/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-audit.c: what the activity log's writers share: who, when, values in PascalCase. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-audit"

#include <json-glib/json-glib.h>

#include "pd-sandbox-audit.h"
#include "pd-sandbox-json.h"

/* camelCase member → PascalCase name, in the order the service writes them. */
typedef struct
{
  const char *member;
  const char *name;
} Mapping;

static const Mapping profile_members[] = {
  { "id", "Id" },
  { "firstName", "FirstName" },
  { "lastName", "LastName" },
  { "email", "Email" },
  { "culture", "Culture" },
  { "language", "Language" },
  { "companyName", "CompanyName" },
};

static const Mapping address_members[] = {
  { "country", "Country" },
  { "region", "Region" },
  { "city", "City" },
  { "state", "State" },
  { "addressLine1", "AddressLine1" },
  { "addressLine2", "AddressLine2" },
  { "addressLine3", "AddressLine3" },
  { "postalCode", "PostalCode" },
  { "firstName", "FirstName" },
  { "lastName", "LastName" },
  { "phoneNumber", "PhoneNumber" },
};

gint64
pd_sandbox_audit_now (void)
{
  return g_get_real_time () * (PD_SANDBOX_TICKS_PER_SECOND / G_USEC_PER_SEC);
}

/* Appends "Name":value for each of @mappings, null where @object (nullable) has no string. */
static void
append_members (GString       *out,
                JsonObject    *object,
                const Mapping *mappings,
                gsize          n_mappings)
{
  for (gsize i = 0; i < n_mappings; i++)
    {
      JsonNode *node = object != NULL ? json_object_get_member (object, mappings[i].member)
                                      : NULL;

      if (i > 0)
        g_string_append_c (out, ',');
      pd_sandbox_json_append_string (out, mappings[i].name);
      g_string_append_c (out, ':');
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        pd_sandbox_json_append_string (out, json_node_get_string (node));
      else
        g_string_append (out, "null");
    }
}

char *
pd_sandbox_audit_billing_value (const char *billing_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *billing;
  JsonObject *address = NULL;
  JsonNode *address_node;
  GString *out;

  g_return_val_if_fail (billing_json != NULL, NULL);

  if (!json_parser_load_from_data (parser, billing_json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  billing = json_node_get_object (json_parser_get_root (parser));
  address_node = json_object_get_member (billing, "defaultAddress");
  if (address_node != NULL && JSON_NODE_HOLDS_OBJECT (address_node))
    address = json_node_get_object (address_node);

  out = g_string_new ("{");
  append_members (out, billing, profile_members, G_N_ELEMENTS (profile_members));
  g_string_append (out, ",\"DefaultAddress\":");
  if (address != NULL)
    {
      g_string_append_c (out, '{');
      append_members (out, address, address_members, G_N_ELEMENTS (address_members));
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

char *
pd_sandbox_audit_company_value (const char *company_name)
{
  GString *out = g_string_new ("{\"CompanyName\":");

  pd_sandbox_json_append_string (out, company_name);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}
