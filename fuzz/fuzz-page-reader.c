/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-page-reader.c: a list page read the fast way (flat records, no tree) gives the same
 * customers as the tree path, on every input the fast path takes. */
#include "config.h"

#include "pd-core.h"
#include "pd-customer-private.h"
#include "pd-fuzz.h"
#include "pd-json.h"

/* As the pager reads a page. */
static const PdJsonFilter page_members[] = {
  { "items", pd_customer_json_members },
  { "totalCount", NULL },
  { "links", NULL },
  { NULL, NULL }
};

static gboolean
add_record (char     **values,
            guint32    present,
            gpointer   user_data)
{
  PdCustomer *customer = pd_customer_new_from_record (values, present);

  if (customer == NULL)
    return FALSE;
  g_ptr_array_add (user_data, customer);
  return TRUE;
}

static void
check_same_customer (PdCustomer *flat,
                     PdCustomer *tree)
{
  PdCompanyProfile *a;
  PdCompanyProfile *b;

  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_id (flat), pd_customer_get_id (tree)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_relationship (flat),
                            pd_customer_get_relationship (tree)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_company_name (flat),
                            pd_customer_get_company_name (tree)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_domain (flat), pd_customer_get_domain (tree)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_tenant_id (flat),
                            pd_customer_get_tenant_id (tree)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_customer_get_search_key (flat),
                            pd_customer_get_search_key (tree)) == 0);
  a = pd_customer_get_company_profile (flat);
  b = pd_customer_get_company_profile (tree);
  PD_FUZZ_CHECK (g_strcmp0 (pd_company_profile_get_email (a),
                            pd_company_profile_get_email (b)) == 0);
  PD_FUZZ_CHECK (g_strcmp0 (pd_company_profile_get_organization_registration_number (a),
                            pd_company_profile_get_organization_registration_number (b)) == 0);
  PD_FUZZ_CHECK (pd_company_profile_get_address (a) == NULL);
  PD_FUZZ_CHECK (pd_customer_get_billing_profile (flat) == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GPtrArray) flat = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) flat_root = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *items;
  gboolean read;

  read = pd_json_read_records (text, (gssize) size, "items", pd_customer_record_fields,
                               PD_CUSTOMER_RECORD_N_FIELDS, page_members, add_record, flat,
                               &flat_root);
  tree = pd_json_parse_filtered (text, (gssize) size, page_members, &error);
  if (!read)
    {
      PD_FUZZ_CHECK (flat_root == NULL);
      return 0;
    }

  /* Whatever the fast path takes, the tree path takes too, with the same customers. */
  PD_FUZZ_CHECK (flat_root != NULL && JSON_NODE_HOLDS_OBJECT (flat_root));
  PD_FUZZ_CHECK (tree != NULL && JSON_NODE_HOLDS_OBJECT (tree));
  object = json_node_get_object (tree);
  items = pd_json_object_get_array_ci (object, "items");
  PD_FUZZ_CHECK (items != NULL);
  PD_FUZZ_CHECK (json_array_get_length (items) == flat->len);
  PD_FUZZ_CHECK (!json_object_has_member (json_node_get_object (flat_root), "items"));

  for (guint i = 0; i < flat->len; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(PdCustomer) expected = NULL;
      g_autoptr(GError) item_error = NULL;

      PD_FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (item));
      expected = pd_customer_new_from_json (json_node_get_object (item), &item_error);
      PD_FUZZ_CHECK (expected != NULL);
      check_same_customer (g_ptr_array_index (flat, i), expected);
    }

  /* The other members are the tree's. */
  {
    JsonNode *a = pd_json_object_get_member_ci (json_node_get_object (flat_root), "totalCount");
    JsonNode *b = pd_json_object_get_member_ci (object, "totalCount");

    PD_FUZZ_CHECK ((a == NULL) == (b == NULL));
    PD_FUZZ_CHECK (a == NULL || json_node_equal (a, b));
  }

  return 0;
}
