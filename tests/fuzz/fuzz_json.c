/* SPDX-License-Identifier: MIT */
/*
 * fuzz_json.c - arbitrary bytes as one JSON Lines record: the field
 * extractor the reader uses must reject or decode, never overrun, and its
 * one-pass string decoding must give what decoding run by run gives
 * (entidx__json_fields_plain()): the same status, error offset and message,
 * values and decoded bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"id", "title", "text", "date"};
    entidx_json_value vals[4], ref_vals[4];
    entidx_buf scratch = ENTIDX_BUF_INIT, ref = ENTIDX_BUF_INIT;
    size_t err_off = 0, ref_off = 0;
    const char *msg = NULL, *ref_msg = NULL;
    int rc = entidx_json_fields((const char *)data, size, keys, 4, vals, &scratch, &err_off, &msg);
    int ref_rc = entidx__json_fields_plain((const char *)data, size, keys, 4, ref_vals, &ref,
                                           &ref_off, &ref_msg);
    if (rc != ref_rc)
        abort();
    if (rc == 0) {
        if (scratch.len != ref.len || (ref.len > 0 && memcmp(scratch.ptr, ref.ptr, ref.len) != 0))
            abort();
        for (size_t i = 0; i < 4; i++) {
            if (vals[i].type != ref_vals[i].type || vals[i].off != ref_vals[i].off ||
                vals[i].len != ref_vals[i].len)
                abort();
        }
    } else if (err_off != ref_off || msg != ref_msg) {
        abort();
    }
    entidx_buf_dispose(&scratch);
    entidx_buf_dispose(&ref);
    return 0;
}
