/* SPDX-License-Identifier: MIT */
/*
 * json.h - extract selected top-level fields from one JSON object (one JSON
 * Lines record), decoding string escapes. Nested values are validated and
 * skipped. Nothing is allocated except through the caller's scratch buffer.
 */
#ifndef ENTIDX_JSON_H
#define ENTIDX_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef enum entidx_json_type {
    ENTIDX_JSON_ABSENT = 0, /* the key did not occur */
    ENTIDX_JSON_STRING,
    ENTIDX_JSON_NUMBER,
    ENTIDX_JSON_BOOL,
    ENTIDX_JSON_NULL,
    ENTIDX_JSON_OBJECT,
    ENTIDX_JSON_ARRAY
} entidx_json_type;

typedef struct entidx_json_value {
    entidx_json_type type;
    size_t off; /* STRING: decoded UTF-8 at scratch->ptr + off; NUMBER/BOOL: raw text, same place */
    size_t len;
} entidx_json_value;

/*
 * Parse `line` (exactly one JSON object, optional surrounding white space) and,
 * for each i < n_keys, store in vals[i] the value of the top-level key keys[i]
 * (vals[i].type = ENTIDX_JSON_ABSENT when missing; a repeated key keeps the
 * last value). Decoded strings and raw scalars are appended to `scratch`
 * (which the function clears first); resolve vals[i].off against scratch->ptr
 * only after the call, since the buffer may move while parsing.
 *
 * String decoding: all JSON escapes including \uXXXX and surrogate pairs
 * (an unpaired surrogate decodes to U+FFFD); raw bytes that are not valid
 * UTF-8 are an error. A \u0000 escape decodes to a NUL byte.
 *
 * Returns 0, ENTIDX_EPARSE (with *err_off = byte offset in line and *msg a
 * static description such as "expected ':' after object key"), ENTIDX_ENOMEM,
 * or ENTIDX_ELIMIT when scratch's cap is exceeded. Nesting deeper than 64
 * levels is ENTIDX_EPARSE. The top-level value must be an object ("record is
 * not a JSON object" otherwise).
 */
int entidx_json_fields(const char *line, size_t len, const char *const *keys, size_t n_keys,
                       entidx_json_value *vals, entidx_buf *scratch, size_t *err_off,
                       const char **msg);

/* The same, decoding strings run by run only (no one-pass copy): for tests. */
int entidx__json_fields_plain(const char *line, size_t len, const char *const *keys, size_t n_keys,
                              entidx_json_value *vals, entidx_buf *scratch, size_t *err_off,
                              const char **msg);

#endif
