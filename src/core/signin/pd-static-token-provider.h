/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-static-token-provider.h: a fixed bearer token (PARTNER_DESK_TOKEN, the sandbox's). */
#pragma once

#include "pd-token-provider.h"

G_BEGIN_DECLS

#define PD_TYPE_STATIC_TOKEN_PROVIDER (pd_static_token_provider_get_type ())

G_DECLARE_FINAL_TYPE (PdStaticTokenProvider, pd_static_token_provider,
                      PD, STATIC_TOKEN_PROVIDER, GObject)

PdTokenProvider *pd_static_token_provider_new                  (const char *token);
PdTokenProvider *pd_static_token_provider_new_from_environment (const char *variable);

G_END_DECLS
