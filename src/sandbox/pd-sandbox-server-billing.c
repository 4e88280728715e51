/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-billing.c: a customer's billing profile: read it, replace it under If-Match. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-audit.h"
#include "pd-sandbox-rules.h"
#include "pd-sandbox-seed.h"
#include "pd-sandbox-server-private.h"

static void
set_etag_header (PdSandboxRequest *req,
                 const char       *etag)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "ETag", quoted);
}

void
pd_sandbox_handle_get_billing (PdSandboxRequest *req,
                               const char       *id)
{
  g_autoptr(PdSandboxCustomer) customer = pd_sandbox_lookup_customer (req, id);

  if (customer == NULL)
    return;

  set_etag_header (req, customer->etag);
  pd_sandbox_respond (req, SOUP_STATUS_OK, g_string_new (customer->billing_json));
}

/* If-Match compares strongly (RFC 9110, 13.1.1), as the service does: a weak entity tag
 * (W/"…") never matches, nor "*" (the point of If-Match here is that the caller read the
 * current profile). A strong tag matches when it is @etag, quoted, or bare as the docs'
 * samples write it. The header may list several tags. */
static gboolean
if_match_matches (const char *header,
                  const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);
  gsize etag_len = strlen (etag);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);
      gsize len = strlen (tag);

      if (len == etag_len + 2 && tag[0] == '"' && tag[len - 1] == '"' &&
          memcmp (tag + 1, etag, etag_len) == 0)
        return TRUE;
      if (tag[0] != '"' && !g_str_has_prefix (tag, "W/") && strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether the request's If-Match names @customer's current etag; answers 412 when not. */
static gboolean
check_if_match (PdSandboxRequest  *req,
                PdSandboxCustomer *customer)
{
  const char *header = pd_sandbox_request_header (req, "If-Match");

  if (header == NULL || *header == '\0')
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, PD_SANDBOX_CODE_ETAG_INVALID,
                                _("The If-Match header with the billing profile’s etag is "
                                  "required."));
      return FALSE;
    }
  if (!if_match_matches (header, customer->etag))
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, PD_SANDBOX_CODE_ETAG_INVALID,
                                _("Etag is no longer valid: the billing profile was changed by "
                                  "someone else. Read it again and retry."));
      return FALSE;
    }

  return TRUE;
}

/* The id and the links are the server's; the rest of the body, unknown members
 * included, replaces the stored profile. The attributes get the new @etag. */
static void
stamp_billing (JsonObject        *billing,
               PdSandboxCustomer *customer,
               const char        *etag)
{
  g_autoptr(JsonNode) stored = pd_sandbox_parse_text (customer->billing_json);
  g_autofree char *self_uri = NULL;
  JsonObject *links;
  JsonObject *self_link;
  JsonObject *attributes;

  if (stored != NULL && JSON_NODE_HOLDS_OBJECT (stored)
      && json_object_has_member (json_node_get_object (stored), "id"))
    json_object_set_string_member (billing, "id",
                                   json_object_get_string_member (json_node_get_object (stored),
                                                                  "id"));

  self_uri = g_strdup_printf ("/v1/customers/%s/profiles/billing", customer->id);
  self_link = json_object_new ();
  json_object_set_string_member (self_link, "uri", self_uri);
  json_object_set_string_member (self_link, "method", "GET");
  json_object_set_array_member (self_link, "headers", json_array_new ());
  links = json_object_new ();
  json_object_set_object_member (links, "self", self_link);
  json_object_set_object_member (billing, "links", links);

  if (json_object_has_member (billing, "attributes")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (billing, "attributes")))
    attributes = json_object_get_object_member (billing, "attributes");
  else
    {
      attributes = json_object_new ();
      json_object_set_object_member (billing, "attributes", attributes);
    }
  json_object_set_string_member (attributes, "etag", etag);
  json_object_set_string_member (attributes, "objectType", "CustomerBillingProfile");
}

/* The company name is edited through the billing profile and shows in the list: the
 * company profile follows it. */
char *
pd_sandbox_company_with_name (PdSandboxCustomer *customer,
                              const char        *company_name)
{
  g_autoptr(JsonNode) company = pd_sandbox_parse_text (customer->company_json);

  if (company == NULL)
    return g_strdup (customer->company_json);
  if (JSON_NODE_HOLDS_OBJECT (company))
    json_object_set_string_member (json_node_get_object (company), "companyName", company_name);

  return json_to_string (company, FALSE);
}

char *
pd_sandbox_billing_with_name (PdSandboxCustomer *customer,
                              const char        *company_name,
                              const char        *etag)
{
  g_autoptr(JsonNode) billing = pd_sandbox_parse_text (customer->billing_json);

  if (billing == NULL || !JSON_NODE_HOLDS_OBJECT (billing))
    return g_strdup (customer->billing_json);
  json_object_set_string_member (json_node_get_object (billing), "companyName", company_name);
  stamp_billing (json_node_get_object (billing), customer, etag);

  return json_to_string (billing, FALSE);
}

void
pd_sandbox_handle_put_billing (PdSandboxRequest *req,
                               const char       *id)
{
  g_autoptr(PdSandboxCustomer) customer = pd_sandbox_lookup_customer (req, id);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *billing_text = NULL;
  g_autofree char *company_text = NULL;
  g_autoptr(PdSandboxAuditRecord) record = NULL;
  JsonObject *billing;
  const char *company_name;
  int code = 0;

  if (customer == NULL || !check_if_match (req, customer))
    return;

  body = pd_sandbox_parse_body (req);
  if (body == NULL)
    return;
  billing = json_node_get_object (body);

  if (!pd_sandbox_rules_check_billing (billing, &code, &description))
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, code, description);
      return;
    }

  etag = pd_sandbox_seed_new_etag (req->self->etag_rand);
  stamp_billing (billing, customer, etag);
  company_name = json_object_get_string_member (billing, "companyName");
  company_text = pd_sandbox_company_with_name (customer, company_name);
  billing_text = json_to_string (body, FALSE);
  /* The whole profile before and after, as the service records a billing update. */
  record = pd_sandbox_audit_record_new (req, customer->id, company_name,
                                        PD_SANDBOX_OP_BILLING);
  record->old_value = pd_sandbox_audit_billing_value (customer->billing_json);
  record->new_value = pd_sandbox_audit_billing_value (billing_text);
  if (!pd_sandbox_store_update_billing (req->self->store, customer->id, company_name,
                                        company_text, billing_text, etag, record, &error))
    {
      pd_sandbox_respond_internal (req, error);
      return;
    }

  set_etag_header (req, etag);
  pd_sandbox_respond (req, SOUP_STATUS_OK, g_string_new (billing_text));
}
