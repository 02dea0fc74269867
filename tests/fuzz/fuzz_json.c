/* SPDX-License-Identifier: MIT */
/*
 * fuzz_json.c - arbitrary bytes as one JSON Lines record: the field
 * extractor the reader uses must reject or decode, never overrun.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"id", "title", "text", "date"};
    entidx_json_value vals[4];
    entidx_buf scratch = ENTIDX_BUF_INIT;
    size_t err_off = 0;
    const char *msg = NULL;
    entidx_json_fields((const char *)data, size, keys, 4, vals, &scratch, &err_off, &msg);
    entidx_buf_dispose(&scratch);
    return 0;
}
