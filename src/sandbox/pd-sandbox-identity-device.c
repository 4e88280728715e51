/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-device.c: the device code flow: a code for the app, a page for people. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <string.h>
#include <glib/gi18n.h>

#include "pd-sandbox-identity-private.h"
#include "pd-sandbox-secret.h"

#define DEVICE_CODE_LIFETIME_S 900

/* "ABCD-EFGH" from letters that cannot be misread (no vowels: no words either). */
static char *
new_user_code (void)
{
  static const char letters[] = "BCDFGHJKLMNPQRSTVWXZ";
  char code[10];

  for (guint i = 0; i < 9; i++)
    code[i] = letters[pd_sandbox_random_below (sizeof letters - 1)];
  code[4] = '-';
  code[9] = '\0';

  return g_strdup (code);
}

/* Upper case, without spaces or dashes: people type codes loosely. */
static char *
normalize_user_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));

  return g_string_free (out, FALSE);
}

void
pd_sandbox_identity_devicecode (PdSandboxIdentity *self,
                                SoupServerMessage *msg,
                                const char        *base_url,
                                const char        *tenant)
{
  g_autoptr(GHashTable) form = pd_sandbox_form_from_body (msg);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *verification_uri = g_strdup_printf ("%s/devicelogin", base_url);
  g_autofree char *message = NULL;
  const char *client_id;
  const char *scope;
  char *device_code;
  PdSandboxDevice *device;

  if ((client_id = pd_sandbox_form_require (msg, form, "client_id")) == NULL
      || (scope = pd_sandbox_form_require (msg, form, "scope")) == NULL)
    return;
  if (!pd_sandbox_identity_client_known (self, client_id))
    {
      pd_sandbox_oauth_respond_unknown_client (msg, client_id);
      return;
    }

  pd_sandbox_identity_prune (self);
  device = g_new0 (PdSandboxDevice, 1);
  device->user_code = new_user_code ();
  device->client_id = g_strdup (client_id);
  device->scope = g_strdup (scope);
  device->tenant = g_strdup (tenant);
  device->expires = g_get_monotonic_time () + DEVICE_CODE_LIFETIME_S * PD_SANDBOX_USEC;
  device->state = PD_SANDBOX_DEVICE_PENDING;
  device_code = pd_sandbox_random_token ("sandbox-dc-");
  g_hash_table_insert (self->devices, device_code, device);

  /* Entra's message is English whatever the locale; the app shows its own text anyway. */
  message = g_strdup_printf ("To sign in, use a web browser to open the page %s and enter the "
                             "code %s to authenticate.", verification_uri, device->user_code);
  json_object_set_string_member (object, "device_code", device_code);
  json_object_set_string_member (object, "user_code", device->user_code);
  json_object_set_string_member (object, "verification_uri", verification_uri);
  json_object_set_int_member (object, "expires_in", DEVICE_CODE_LIFETIME_S);
  json_object_set_int_member (object, "interval", self->device_interval);
  json_object_set_string_member (object, "message", message);
  pd_sandbox_oauth_respond_json (msg, SOUP_STATUS_OK, object);
}

/* The sign-in waiting for @user_code, NULL when none is (or it has expired). */
static PdSandboxDevice *
find_device (PdSandboxIdentity *self,
             const char        *user_code)
{
  g_autofree char *wanted = normalize_user_code (user_code);
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_monotonic_time ();

  if (*wanted == '\0')
    return NULL;

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PdSandboxDevice *device = value;
      g_autofree char *code = normalize_user_code (device->user_code);

      if (strcmp (code, wanted) == 0 && device->state == PD_SANDBOX_DEVICE_PENDING
          && now < device->expires)
        return device;
    }

  return NULL;
}

/* GET /devicelogin: the form where the person types the code (?code= fills it in). */
static void
respond_code_form (SoupServerMessage *msg,
                   const char        *language)
{
  g_autoptr(GHashTable) params = pd_sandbox_form_from_query (msg);
  const char *code = pd_sandbox_form_get (params, "code");
  g_autofree char *label = g_markup_escape_text (_("Code"), -1);
  g_autofree char *value = g_markup_escape_text (code != NULL ? code : "", -1);
  GString *page = pd_sandbox_page_begin (language, _("Sign in on another device"));

  pd_sandbox_page_paragraph (page, NULL, _("Enter the code that the application shows, then "
                                           "approve or decline the sign-in."));
  g_string_append_printf (page,
                          "<form method=\"post\" action=\"/devicelogin\">\n"
                          "<label for=\"code\">%s</label>\n"
                          "<input type=\"text\" id=\"code\" name=\"code\" value=\"%s\" "
                          "autocomplete=\"off\" autofocus required>\n",
                          label, value);
  pd_sandbox_page_buttons (page);
  g_string_append (page, "</form>\n");
  pd_sandbox_page_demo_note (page);
  pd_sandbox_page_respond (msg, SOUP_STATUS_OK, page, language);
}

static void
respond_code_unknown (SoupServerMessage *msg,
                      const char        *code,
                      const char        *language)
{
  g_autofree char *text = g_strdup_printf (_("The code “%s” is not valid or has expired. "
                                             "Check the code the application shows."),
                                           code != NULL ? code : "");
  g_autofree char *again = g_markup_escape_text (_("Try again"), -1);
  GString *page = pd_sandbox_page_begin (language, _("Sign in on another device"));

  pd_sandbox_page_paragraph (page, "error", text);
  g_string_append (page, "<p><a href=\"/devicelogin\">");
  g_string_append (page, again);
  g_string_append (page, "</a></p>\n");
  pd_sandbox_page_respond (msg, SOUP_STATUS_BAD_REQUEST, page, language);
}

void
pd_sandbox_identity_devicelogin (PdSandboxIdentity *self,
                                 SoupServerMessage *msg,
                                 const char        *language)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) params = NULL;
  GString *page;
  const char *code;
  PdSandboxDevice *device;

  if (strcmp (method, "GET") == 0)
    {
      respond_code_form (msg, language);
      return;
    }
  if (strcmp (method, "POST") != 0)
    {
      pd_sandbox_oauth_respond_not_allowed (msg, "GET, POST");
      return;
    }

  params = pd_sandbox_form_from_body (msg);
  code = pd_sandbox_form_get (params, "code");
  device = code != NULL ? find_device (self, code) : NULL;
  if (device == NULL)
    {
      respond_code_unknown (msg, code, language);
      return;
    }

  if (g_strcmp0 (pd_sandbox_form_get (params, "action"), "approve") == 0)
    {
      g_autofree char *text = NULL;

      device->state = PD_SANDBOX_DEVICE_APPROVED;
      text = g_strdup_printf (_("You signed in as %s. You can close this window and return to "
                                "the application."), self->user_email);
      page = pd_sandbox_page_begin (language, _("Signed in"));
      pd_sandbox_page_paragraph (page, NULL, text);
    }
  else
    {
      device->state = PD_SANDBOX_DEVICE_DECLINED;
      page = pd_sandbox_page_begin (language, _("Sign-in declined"));
      pd_sandbox_page_paragraph (page, NULL, _("The application was not signed in. You can "
                                               "close this window."));
    }
  pd_sandbox_page_respond (msg, SOUP_STATUS_OK, page, language);
}
