/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-json.h: internal JSON helpers shared by the models and the client (not public API):
 * one header for the walker, the readers and the writer built on it, and the lookups. */
#pragma once

#include "pd-json-walker.h"
#include "pd-json-reader.h"
#include "pd-json-writer.h"
#include "pd-json-object.h"
