/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-server-validation.c: the country validation rules and address validation endpoints. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-server"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-rules.h"
#include "pd-sandbox-server-private.h"

void
pd_sandbox_handle_get_country_rules (PdSandboxRequest *req,
                                     const char       *iso2)
{
  const PdSandboxCountry *country = pd_sandbox_rules_lookup (iso2);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *description = NULL;

  if (country == NULL || strlen (iso2) != 2)
    {
      description = g_strdup_printf (_("No validation rules for country “%s”."), iso2);
      pd_sandbox_respond_error (req, SOUP_STATUS_NOT_FOUND, PD_SANDBOX_CODE_NOT_FOUND, description);
      return;
    }

  node = pd_sandbox_rules_to_json (country);
  pd_sandbox_respond_node (req, SOUP_STATUS_OK, node);
}

void
pd_sandbox_handle_validate_address (PdSandboxRequest *req)
{
  g_autoptr(JsonNode) body = pd_sandbox_parse_body (req);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *description = NULL;

  if (body == NULL)
    return;

  answer = pd_sandbox_rules_validate_address (json_node_get_object (body), &description);
  if (answer == NULL)
    {
      pd_sandbox_respond_error (req, SOUP_STATUS_BAD_REQUEST, PD_SANDBOX_CODE_INVALID_PROPERTY,
                                description);
      return;
    }

  pd_sandbox_respond_node (req, SOUP_STATUS_OK, answer);
}
