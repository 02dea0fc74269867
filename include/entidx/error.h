/* SPDX-License-Identifier: MIT */
/*
 * entidx/error.h - the caller-owned error record that every fallible function
 * fills on failure. Fixed size: it needs no allocation and no free, so it works
 * under memory exhaustion and carries no thread-local state.
 */
#ifndef ENTIDX_ERROR_H
#define ENTIDX_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

typedef struct entidx_error {
    int code;             /**< entidx_status of the failure, 0 when none */
    int sys_errno;        /**< errno for ENTIDX_EIO, else 0 */
    char msg[256];        /**< what went wrong, without the location */
    char path[256];       /**< input file concerned, "" if none */
    uint64_t line;        /**< 1-based line (or record) number, 0 = unknown */
    uint64_t column;      /**< 1-based byte column, 0 = unknown */
    uint64_t offset;      /**< byte offset in the file + 1, 0 = unknown (used when line is 0) */
    const char *src_file; /**< library source file that raised it (for debugging) */
    int src_line;         /**< library source line that raised it */
} entidx_error;

#define ENTIDX_ERROR_INIT \
    {                     \
        0                 \
    }

/** Reset a record to "no error". Accepts NULL. */
ENTIDX_EXTERN void entidx_error_clear(entidx_error *err);

/**
 * Render `err` as "path:line:column: message" (parts that are unknown are
 * left out) into `buf` of `size` bytes, always NUL-terminated when size > 0.
 *
 * @return buf
 */
ENTIDX_EXTERN const char *entidx_error_format(const entidx_error *err, char *buf, size_t size);

/** A short static name for a status code, e.g. "parse error" for ENTIDX_EPARSE. */
ENTIDX_EXTERN const char *entidx_status_name(int code);

#endif
