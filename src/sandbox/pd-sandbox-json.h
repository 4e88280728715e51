/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-sandbox-json.h: JSON written as text, where the sandbox's hot paths skip json-glib trees. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as a JSON string literal (quoted, escaped, invalid UTF-8 replaced by U+FFFD);
 * null when NULL. */
void  pd_sandbox_json_append_string     (GString    *out,
                                         const char *text);

/* Appends the member "self":{"uri":@uri,"method":"GET","headers":[]} of a links object. */
void  pd_sandbox_json_append_self_link  (GString    *out,
                                         const char *uri);

G_END_DECLS
