/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-test-csv.h: a strict RFC 4180 reader of the tests' own, to read exported files back. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads @text (@length bytes, no byte-order mark) as RFC 4180 with CRLF line ends, the
 * last record ending with one too. Anything else (a bare CR or LF outside quotes, a quote
 * in an unquoted field, text after a closing quote, a missing final CRLF, invalid UTF-8)
 * fails with a message in @error_message. Returns: (element-type GStrv) (nullable): the
 * records. */
GPtrArray *pd_test_csv_parse      (const char  *text,
                                   gsize        length,
                                   char       **error_message);
/* Reads the file at @path: asserts it starts with UTF-8's byte-order mark and parses the
 * rest (asserting it parses). */
GPtrArray *pd_test_csv_read_file  (const char  *path);

G_END_DECLS
