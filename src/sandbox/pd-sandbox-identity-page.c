/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-identity-page.c: the pages people see: sign-in approval, the device code form. */

#include "config.h"

#define G_LOG_DOMAIN "pd-sandbox-identity"

#include <glib/gi18n.h>

#include "pd-sandbox-identity-private.h"

#define HTML_TYPE "text/html; charset=utf-8"

static const char page_style[] =
  "body{margin:0;font-family:system-ui,'Cantarell','Segoe UI',sans-serif;"
  "background:#f6f5f4;color:#241f31}"
  "main{max-width:30rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;"
  "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
  "h1{font-size:1.4rem;margin:0 0 1rem}"
  "dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}"
  "dt{font-weight:600}dd{margin:0;word-break:break-all}"
  "input[type=text]{font:inherit;font-size:1.3rem;letter-spacing:.1em;padding:.4rem;"
  "width:100%;box-sizing:border-box;text-transform:uppercase}"
  ".buttons{display:flex;flex-direction:row-reverse;gap:.75rem;margin-top:1.5rem}"
  "button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #c0bfbc;"
  "background:#fff;cursor:pointer}"
  "button.approve{background:#3584e4;border-color:#3584e4;color:#fff}"
  ".note{color:#5e5c64;font-size:.9rem}.error{color:#c01c28}";

GString *
pd_sandbox_page_begin (const char *language,
                       const char *title)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  g_autofree char *lang = g_markup_escape_text (language, -1);
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (page,
                          "%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title><style>%s</style></head>\n<body><main>\n"
                          "<h1>%s</h1>\n",
                          lang, escaped, page_style, escaped);
  return page;
}

void
pd_sandbox_page_paragraph (GString    *page,
                           const char *css_class,
                           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (css_class != NULL)
    g_string_append_printf (page, "<p class=\"%s\">%s</p>\n", css_class, escaped);
  else
    g_string_append_printf (page, "<p>%s</p>\n", escaped);
}

void
pd_sandbox_page_term (GString    *page,
                      const char *term,
                      const char *value)
{
  g_autofree char *t = g_markup_escape_text (term, -1);
  g_autofree char *v = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (page, "<dt>%s</dt><dd>%s</dd>\n", t, v);
}

void
pd_sandbox_page_hidden (GString    *page,
                        const char *name,
                        const char *value)
{
  g_autofree char *n = NULL;
  g_autofree char *v = NULL;

  if (value == NULL)
    return;
  n = g_markup_escape_text (name, -1);
  v = g_markup_escape_text (value, -1);
  g_string_append_printf (page, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", n, v);
}

void
pd_sandbox_page_buttons (GString *page)
{
  g_autofree char *approve = g_markup_escape_text (_("Approve"), -1);
  g_autofree char *decline = g_markup_escape_text (_("Decline"), -1);

  /* Approve first: Enter in the code field presses the first button. The row is laid out
   * reversed, so it still shows on the right, after Decline. */
  g_string_append_printf (page,
                          "<div class=\"buttons\">"
                          "<button type=\"submit\" name=\"action\" value=\"approve\" "
                          "class=\"approve\">%s</button>"
                          "<button type=\"submit\" name=\"action\" value=\"decline\">%s</button>"
                          "</div>\n",
                          approve, decline);
}

void
pd_sandbox_page_demo_note (GString *page)
{
  pd_sandbox_page_paragraph (page, "note", _("This is the sandbox’s demo sign-in: no password "
                                             "is needed and nothing leaves this computer."));
}

void
pd_sandbox_page_respond (SoupServerMessage *msg,
                         guint              status,
                         GString           *page,
                         const char        *language)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len;

  g_string_append (page, "</main></body></html>\n");
  len = page->len;
  soup_message_headers_replace (headers, "Content-Language", language);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, HTML_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

void
pd_sandbox_page_respond_bad_request (SoupServerMessage *msg,
                                     const char        *language,
                                     const char        *text)
{
  GString *page = pd_sandbox_page_begin (language, _("Sign-in request not valid"));

  pd_sandbox_page_paragraph (page, "error", text);
  pd_sandbox_page_respond (msg, SOUP_STATUS_BAD_REQUEST, page, language);
}
