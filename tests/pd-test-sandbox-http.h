/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-sandbox-http.h: a sandbox process of the test's own, and raw HTTP to it. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A sandbox with no PdClient in front: the conformance tests check the server alone. */
typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *database;
  char        *base_url;
  char        *token;
  SoupSession *session;
} Sandbox;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  GError             *error;    /* transport failure (dropped connection) */
} Response;

/* Starts the sandbox on @sandbox's database with @extra arguments (NULL-terminated). */
void        sandbox_spawn  (Sandbox            *sandbox,
                            const char * const *extra);
/* Starts a sandbox on a new database with @seed customers and @extra arguments. */
Sandbox    *sandbox_start  (guint               seed,
                            const char * const *extra);
/* SIGTERM, and the sandbox must exit cleanly. */
void        sandbox_stop   (Sandbox            *sandbox);
void        sandbox_free   (Sandbox            *sandbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sandbox, sandbox_free)

void        response_free  (Response           *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* @path may carry a query; @body is JSON or NULL; then header name/value pairs, NULL-ended.
 * The bearer token is sent unless @auth is FALSE. */
Response   *http           (Sandbox            *sandbox,
                            gboolean            auth,
                            const char         *method,
                            const char         *path,
                            const char         *body,
                            ...);
/* Sends @msg and fills @response (taken and returned). */
Response   *send_message   (Sandbox            *sandbox,
                            SoupMessage        *msg,
                            Response           *response);
/* The answer's JSON object; asserts it is one. */
JsonObject *object         (Response           *response);
/* Asserts the service's error shape with @status and @code, and a description. */
void        assert_error   (Response           *response,
                            guint               status,
                            gint64              code);

/* The id of seeded customer @index (0: ООО «Ромашка», 1: Guangdong, 2: Washington). */
char       *customer_id    (Sandbox            *sandbox,
                            guint               index);
char       *billing_path   (const char         *id);
JsonObject *address_of     (JsonObject         *billing);
const char *etag_of        (JsonObject         *billing);
char       *to_json        (JsonObject         *object_);
/* PUTs @billing with If-Match "@etag" (quoted) and X-Locale @locale (NULL: en-US). */
Response   *put_billing    (Sandbox            *sandbox,
                            const char         *id,
                            JsonObject         *billing,
                            const char         *etag,
                            const char         *locale);
Response   *get_billing    (Sandbox            *sandbox,
                            const char         *id);
/* GETs the list page at @path, with the continuation token @token unless it is NULL. */
Response   *get_list_page  (Sandbox            *sandbox,
                            const char         *path,
                            const char         *token);
/* Where a list goes on after @page: its next link (NULL on the last page), whose path
 * and continuation token replace *@path and *@token (both NULL on the last page). */
JsonObject *next_link      (Response           *page,
                            char              **path,
                            char              **token);

gboolean    has_cyrillic   (const char         *text);
/* The Russian text of @msgid in the build's catalogue; NULL when it has none yet. */
char       *russian_catalogue_text (const char *msgid);

G_END_DECLS
