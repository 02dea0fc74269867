/* SPDX-License-Identifier: MIT */
/*
 * fuzz_varint.c - the postings codec: arbitrary bytes read as a list of
 * numbers are delta-encoded as varints and decoded back exactly; the same
 * bytes decoded as varints directly never overrun.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "varint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_buf b = ENTIDX_BUF_INIT;
    entidx_cursor c;
    uint64_t v, prev = 0, sum = 0;
    size_t n = size / 4;

    entidx_cursor_init(&c, data, size);
    while (entidx_cursor_varint(&c, &v) == 0)
        ;
    /* increasing numbers from the bytes, as postings are */
    for (size_t i = 0; i < n; i++) {
        uint32_t d;
        memcpy(&d, data + 4 * i, 4);
        sum += d;
        if (entidx_buf_put_varint(&b, sum - prev) < 0)
            abort();
        prev = sum;
    }
    entidx_cursor_init(&c, b.ptr, b.len);
    prev = sum = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t d;
        memcpy(&d, data + 4 * i, 4);
        sum += d;
        if (entidx_cursor_varint(&c, &v) != 0 || prev + v != sum)
            abort();
        prev += v;
    }
    if (c.p != c.end)
        abort();
    entidx_buf_dispose(&b);
    return 0;
}
