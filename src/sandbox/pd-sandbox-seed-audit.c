/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-seed-audit.c: the activity log of a demo customer's last 80 days, seeded. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-seed"

#include <string.h>
#include <json-glib/json-glib.h>

#include "pd-sandbox-audit.h"
#include "pd-sandbox-seed.h"

/* The partner's people who made the seeded changes, and the Partner Center portal's
 * application (the people work there; the sandbox's demo token is someone else). */
static const char * const seed_users[] = {
  "admin@contoso.onmicrosoft.com",
  "anna.sokolova@contoso.onmicrosoft.com",
  "li.wei@contoso.onmicrosoft.com",
  "james.miller@contoso.onmicrosoft.com",
};
#define PORTAL_APP_ID "8f2b1c6d-3e4a-4b5c-9d7e-1a2b3c4d5e6f"

/* One seeded record before it is written: what, how many days ago, and the values. */
typedef struct
{
  const char *operation_type;
  const char *resource_type;
  int         days_ago;
  const char *customer_name;
  char       *old_value;
  char       *new_value;
} Step;

/* The profile @text with @member of the top level (or of the address, @in_address)
 * replaced by @value. */
static char *
with_member (const char *text,
             gboolean    in_address,
             const char *member,
             const char *value)
{
  /* Parsed again: json_node_copy() would share the object, and change the original. */
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);
  JsonObject *object = json_node_get_object (copy);

  if (in_address && json_object_has_member (object, "defaultAddress"))
    object = json_object_get_object_member (object, "defaultAddress");
  json_object_set_string_member (object, member, value);

  return json_to_string (copy, FALSE);
}

/* An earlier phone number: the last two digits different. */
static char *
earlier_phone (const char *phone)
{
  char *earlier = g_strdup (phone != NULL ? phone : "+1 425 555 0100");
  int changed = 0;

  for (char *p = earlier + strlen (earlier); p > earlier && changed < 2; p--)
    if (g_ascii_isdigit (p[-1]))
      {
        p[-1] = (char) ('0' + (p[-1] - '0' + 3 + changed) % 10);
        changed++;
      }

  return earlier;
}

/* An earlier contact address: the office's shared mailbox at the same domain. */
static char *
earlier_email (const char *email)
{
  const char *at = email != NULL ? strchr (email, '@') : NULL;

  return g_strconcat ("office", at != NULL ? at : "@example.com", NULL);
}

static const char *
address_string (JsonNode   *profile,
                const char *member)
{
  JsonObject *object = json_node_get_object (profile);

  if (!json_object_has_member (object, "defaultAddress"))
    return NULL;
  return json_object_get_string_member_with_default (
    json_object_get_object_member (object, "defaultAddress"), member, NULL);
}

/* Oldest first. Working back from the stored profile (now): 8 days ago the contact
 * e-mail changed; 35 days ago the company got its name; 62 days ago the phone number
 * changed; 80 days ago the customer was added. The last change's new value is the
 * stored profile. */
static void
make_steps (JsonNode   *now,
            const char *name,
            const char *old_name,
            Step        steps[6])
{
  JsonObject *object = json_node_get_object (now);
  g_autofree char *email = earlier_email (json_object_get_string_member_with_default (
                                            object, "email", NULL));
  g_autofree char *phone = earlier_phone (address_string (now, "phoneNumber"));
  g_autofree char *now_text = json_to_string (now, FALSE);
  g_autofree char *p2_text = with_member (now_text, FALSE, "email", email);
  g_autofree char *p1_text = with_member (p2_text, FALSE, "companyName", old_name);
  g_autofree char *p0_text = with_member (p1_text, TRUE, "phoneNumber", phone);

  steps[0] = (Step) { PD_SANDBOX_OP_ADD, "customer", 80, old_name, NULL,
                      pd_sandbox_audit_billing_value (p0_text) };
  steps[1] = (Step) { PD_SANDBOX_OP_BILLING, "customer", 62, old_name,
                      pd_sandbox_audit_billing_value (p0_text),
                      pd_sandbox_audit_billing_value (p1_text) };
  steps[2] = (Step) { "create_order", "order", 47, old_name, NULL, NULL };
  steps[3] = (Step) { PD_SANDBOX_OP_COMPANY, "customer", 35, name,
                      pd_sandbox_audit_company_value (old_name),
                      pd_sandbox_audit_company_value (name) };
  steps[4] = (Step) { "update_subscription", "subscription", 21, name, NULL, NULL };
  steps[5] = (Step) { PD_SANDBOX_OP_BILLING, "customer", 8, name,
                      pd_sandbox_audit_billing_value (p2_text),
                      pd_sandbox_audit_billing_value (now_text) };
}

/* Writes @step as a record @days_ago (give or take a few hours and days), by one of the
 * partner's people. */
static gboolean
insert_step (PdSandboxStore  *store,
             GRand           *rand,
             gint64           now_ticks,
             const char      *customer_id,
             Step            *step,
             GError         **error)
{
  g_autofree char *correlation_id = pd_sandbox_seed_new_guid (rand);
  int jitter_hours = g_rand_int_range (rand, 0, 72);
  int user = g_rand_int_range (rand, 0, G_N_ELEMENTS (seed_users));
  /* One in eight subscription changes failed, as some do. */
  gboolean failed = strcmp (step->resource_type, "subscription") == 0
                    && g_rand_int_range (rand, 0, 8) == 0;
  gint64 seconds = (gint64) step->days_ago * 86400 - jitter_hours * 3600
                   - g_rand_int_range (rand, 0, 3600);
  PdSandboxAuditRecord record = {
    .ticks = now_ticks - seconds * PD_SANDBOX_TICKS_PER_SECOND
             - g_rand_int_range (rand, 0, (int) PD_SANDBOX_TICKS_PER_SECOND),
    .customer_id = (char *) customer_id,
    .customer_name = (char *) step->customer_name,
    .user_principal_name = (char *) seed_users[user],
    .application_id = (char *) PORTAL_APP_ID,
    .resource_type = (char *) step->resource_type,
    .operation_type = (char *) step->operation_type,
    .operation_status = (char *) (failed ? "failed" : "succeeded"),
    .old_value = step->old_value,
    .new_value = step->new_value,
    .correlation_id = correlation_id,
  };

  return pd_sandbox_store_audit_insert (store, &record, error);
}

gboolean
pd_sandbox_seed_audit_customer (PdSandboxStore  *store,
                                GRand           *rand,
                                gint64           now_ticks,
                                const char      *customer_id,
                                const char      *company_name,
                                const char      *old_company_name,
                                const char      *billing_json,
                                GError         **error)
{
  g_autoptr(JsonNode) now = json_from_string (billing_json, NULL);
  Step steps[6];
  gboolean ok = TRUE;

  g_return_val_if_fail (now != NULL && JSON_NODE_HOLDS_OBJECT (now), FALSE);

  make_steps (now, company_name, old_company_name, steps);
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (ok)
        ok = insert_step (store, rand, now_ticks, customer_id, &steps[i], error);
      g_free (steps[i].old_value);
      g_free (steps[i].new_value);
    }

  return ok;
}
