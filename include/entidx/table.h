/* SPDX-License-Identifier: MIT */
/*
 * entidx/table.h - write rows of named columns as CSV (RFC 4180), TSV, JSON
 * Lines or an aligned text table for terminals. Used by every command that
 * prints records, so all outputs quote and escape the same way.
 *
 * CSV: header row, comma separator, fields quoted only when they contain a
 * comma, double quote, CR or LF; quotes doubled; "\n" line ends; UTF-8, no BOM.
 * TSV: header row; tab, newline, carriage return and backslash inside a field
 * are written as \t, \n, \r and \\ (the convention of PostgreSQL COPY and
 * pandas' escapechar).
 * JSONL: one object per row, keys = column names in order; string cells are
 * JSON strings (control characters and invalid UTF-8 escaped or replaced by
 * U+FFFD), integer and real cells are JSON numbers, absent cells are null.
 * TABLE: columns padded to their widest cell (counted in code points), two
 * spaces apart, header underlined; rows are buffered until finish.
 *
 * Write errors are sticky: after the first failure every call is a no-op that
 * returns the same code, and entidx_table_finish() reports it.
 */
#ifndef ENTIDX_TABLE_H
#define ENTIDX_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "error.h"

typedef enum entidx_table_format {
    ENTIDX_TABLE_CSV = 0,
    ENTIDX_TABLE_TSV,
    ENTIDX_TABLE_JSONL,
    ENTIDX_TABLE_TEXT
} entidx_table_format;

typedef struct entidx_table entidx_table;

/**
 * Start a table writing to `out` (borrowed; not closed). The column names are copied.
 * @return ENTIDX_OK, ENTIDX_EINVAL (no columns) or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_table_new(entidx_table **out_table, FILE *out, entidx_table_format format,
                                   const char *const *columns, size_t n_columns, entidx_error *err);

/** Append a string cell (len bytes of UTF-8) to the current row. s may be NULL: an absent cell. */
ENTIDX_EXTERN int entidx_table_str(entidx_table *t, const char *s, size_t len);
/** Append a NUL-terminated string cell (NULL: absent). */
ENTIDX_EXTERN int entidx_table_cstr(entidx_table *t, const char *s);
/** Append an integer cell. */
ENTIDX_EXTERN int entidx_table_int(entidx_table *t, int64_t v);
/** Append a real cell, written with up to 6 significant digits ("%.6g"); NaN/inf as empty/null. */
ENTIDX_EXTERN int entidx_table_real(entidx_table *t, double v);
/**
 * End the current row. A row must have exactly n_columns cells:
 * ENTIDX_EINVAL otherwise. Returns ENTIDX_OK, ENTIDX_EIO on a write error.
 */
ENTIDX_EXTERN int entidx_table_end_row(entidx_table *t);
/** Flush (TEXT: write the buffered table) and report the first error, if any. */
ENTIDX_EXTERN int entidx_table_finish(entidx_table *t, entidx_error *err);
ENTIDX_EXTERN void entidx_table_free(entidx_table *t);

/** Parse "csv", "tsv", "jsonl" or "table" into *out; ENTIDX_EINVAL otherwise. */
ENTIDX_EXTERN int entidx_table_format_parse(const char *name, entidx_table_format *out);

#endif
