/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-core.h: everything the core library offers, for the app, the tools and the tests. */
#pragma once

#include "pd-address.h"
#include "pd-address-validation.h"
#include "pd-api-error.h"
#include "pd-auth-error.h"
#include "pd-billing-profile.h"
#include "pd-client.h"
#include "pd-company-profile.h"
#include "pd-connection.h"
#include "pd-core-enums.h"
#include "pd-country-rules.h"
#include "pd-customer.h"
#include "pd-customer-snapshot.h"
#include "pd-customer-table.h"
#include "pd-oauth-token-provider.h"
#include "pd-profile-check.h"
#include "pd-profile-field.h"
#include "pd-profile-form.h"
#include "pd-secret-store.h"
#include "pd-static-token-provider.h"
#include "pd-token-provider.h"
