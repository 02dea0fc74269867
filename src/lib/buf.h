/* SPDX-License-Identifier: MIT */
/*
 * buf.h - growable byte buffer with a hard cap (curl's dynbuf idea): appending
 * past the cap fails with ENTIDX_ELIMIT instead of growing without bound.
 * Caller-owned storage: ENTIDX_BUF_INIT, then entidx_buf_dispose().
 */
#ifndef ENTIDX_BUF_H
#define ENTIDX_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct entidx_buf {
    char *ptr;   /* contents, NUL-terminated when size > 0 */
    size_t len;  /* bytes used, excluding the terminator */
    size_t size; /* bytes allocated */
    size_t cap;  /* maximum len; 0 = SIZE_MAX/2 */
} entidx_buf;

#define ENTIDX_BUF_INIT \
    {                   \
        NULL, 0, 0, 0   \
    }

/* Make room for `extra` more bytes (plus the terminator): 0, ENTIDX_ENOMEM or ENTIDX_ELIMIT. */
int entidx_buf_reserve(entidx_buf *b, size_t extra);
/* The same at once, in memory that asks for huge pages from 2 MiB on
 * (entidx_array_reserve_table()). */
int entidx_buf_reserve_table(entidx_buf *b, size_t extra);
/* entidx_buf_put() when the bytes may not fit: grows the buffer first. */
int entidx_buf_put_grow(entidx_buf *b, const void *data, size_t len);

/*
 * Append len bytes: 0, ENTIDX_ENOMEM or ENTIDX_ELIMIT. Inline, since the
 * tagger, the JSON decoder and the index writer append a few bytes at a
 * time: when they fit, in the allocation and under the cap, there is no call.
 */
static inline int entidx_buf_put(entidx_buf *b, const void *data, size_t len)
{
    if (len < b->size - b->len && (b->cap == 0 || len <= b->cap - b->len)) {
        if (len)
            memcpy(b->ptr + b->len, data, len);
        b->len += len;
        b->ptr[b->len] = '\0';
        return 0;
    }
    return entidx_buf_put_grow(b, data, len);
}

static inline int entidx_buf_putc(entidx_buf *b, char c)
{
    if (b->size - b->len > 1 && (b->cap == 0 || b->len < b->cap)) {
        b->ptr[b->len++] = c;
        b->ptr[b->len] = '\0';
        return 0;
    }
    return entidx_buf_put_grow(b, &c, 1);
}
int entidx_buf_puts(entidx_buf *b, const char *s);
/* A varint of two bytes or more (entidx_buf_put_varint() takes the rest). */
int entidx__buf_put_long_varint(entidx_buf *b, uint64_t v);

/*
 * Append v as a varint (varint.h): 0, ENTIDX_ENOMEM or ENTIDX_ELIMIT. Inline
 * for one byte, the usual size of the deltas and counts the index writer
 * appends by the million.
 */
static inline int entidx_buf_put_varint(entidx_buf *b, uint64_t v)
{
    return v < 0x80 ? entidx_buf_putc(b, (char)v) : entidx__buf_put_long_varint(b, v);
}
int entidx_buf_put_u32le(entidx_buf *b, uint32_t v);
int entidx_buf_put_u64le(entidx_buf *b, uint64_t v);
/* Forget the contents, keep the allocation. */
void entidx_buf_clear(entidx_buf *b);
/* Free the contents; the buffer may be reused afterwards. */
void entidx_buf_dispose(entidx_buf *b);

#endif
