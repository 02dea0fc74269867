/* SPDX-License-Identifier: MIT */
/*
 * error_int.h - raising errors inside the library. ENTIDX_FAIL* fill the
 * caller's entidx_error (which may be NULL) and evaluate to the status code, so
 * "raise and return" is one statement:
 *
 *     return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, line, col, "bad type '%s'", t);
 */
#ifndef ENTIDX_ERROR_INT_H
#define ENTIDX_ERROR_INT_H

#include <stdint.h>

#include "entidx/error.h"

#if defined(__GNUC__) || defined(__clang__)
#define ENTIDX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ENTIDX_PRINTF(f, a)
#endif

int entidx__error_set(entidx_error *err, int code, int sys_errno, const char *path, uint64_t line,
                      uint64_t column, const char *src_file, int src_line, const char *fmt, ...)
    ENTIDX_PRINTF(9, 10);

/* Set the byte offset (0-based) of an error already raised; returns err->code. */
int entidx__error_at_offset(entidx_error *err, uint64_t offset);

#define ENTIDX_FAIL(err, code, ...) \
    entidx__error_set((err), (code), 0, NULL, 0, 0, __FILE__, __LINE__, __VA_ARGS__)
#define ENTIDX_FAIL_AT(err, code, path, line, col, ...) \
    entidx__error_set((err), (code), 0, (path), (line), (col), __FILE__, __LINE__, __VA_ARGS__)
#define ENTIDX_FAIL_SYS(err, errnum, path, ...) \
    entidx__error_set((err), ENTIDX_EIO, (errnum), (path), 0, 0, __FILE__, __LINE__, __VA_ARGS__)

#endif
