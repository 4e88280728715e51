/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-fuzz.h: what every fuzz target shares (libFuzzer's entry point, checks that abort). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A broken invariant is a crash: libFuzzer keeps the input, the regression run fails.
 * Not g_assert: that one can be compiled out. */
#define PD_FUZZ_CHECK(expr)                                                           \
  G_STMT_START {                                                                      \
    if (G_UNLIKELY (!(expr)))                                                         \
      {                                                                               \
        g_printerr ("%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, G_STRFUNC,  \
                    #expr);                                                           \
        abort ();                                                                     \
      }                                                                               \
  } G_STMT_END

G_END_DECLS
