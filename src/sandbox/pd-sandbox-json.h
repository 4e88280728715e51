/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-json.h: JSON as text where hot paths skip json-glib trees; lenient lookups. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends @text as a JSON string literal (quoted, escaped, invalid UTF-8 replaced by U+FFFD);
 * null when NULL. */
void  pd_sandbox_json_append_string     (GString    *out,
                                         const char *text);

/* Appends ,"@name":@value (no comma after a '{'); nothing when @value is NULL. */
void  pd_sandbox_json_append_member     (GString    *out,
                                         const char *name,
                                         const char *value);

/* Appends the member "next" of a links object: GET @uri with the MS-ContinuationToken
 * header @token, as the service pages its collections. */
void  pd_sandbox_json_append_next_link  (GString    *out,
                                         const char *uri,
                                         const char *token);

/* A continuation token: a random nonce, so tokens never repeat and look like the
 * service's, then @fields (the first a version, the last may hold '|') in base64.
 * Returns: (transfer full). */
char  *pd_sandbox_json_token_new        (const char * const *fields);
/* The @n_fields fields of @token; NULL when it is not a token of @version.
 * Returns: (transfer full) (nullable). */
char **pd_sandbox_json_token_read       (const char *token,
                                         const char *version,
                                         guint       n_fields);

/* The string member @name of @object, its name compared ignoring ASCII case (filters write
 * Field, Value, Operator in PascalCase, clients sometimes not); NULL when none. */
const char *pd_sandbox_json_get_string_ci  (JsonObject *object,
                                            const char *name);

/* Appends the member "self":{"uri":@uri,"method":"GET","headers":[]} of a links object. */
void  pd_sandbox_json_append_self_link  (GString    *out,
                                         const char *uri);

G_END_DECLS
