/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pd-csv-writer.h: fields and records of RFC 4180 CSV, as spreadsheet programs read them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* UTF-8's byte-order mark: without it spreadsheet programs read the file in the system's
 * legacy code page, and Cyrillic or Chinese names come out garbled. */
#define PD_CSV_BYTE_ORDER_MARK "\xEF\xBB\xBF"
/* RFC 4180 ends every record, the last one included, with CRLF. */
#define PD_CSV_LINE_END        "\r\n"

/* Appends @value (NULL: empty) as one field, quoted when it holds a comma, a quote, CR or
 * LF, or starts or ends with white space (which spreadsheet programs would trim). */
void pd_csv_append_field  (GString           *out,
                           const char        *value);
/* Appends @n_fields fields separated by commas and the line end. */
void pd_csv_append_record (GString           *out,
                           const char * const *fields,
                           gsize              n_fields);

G_END_DECLS
