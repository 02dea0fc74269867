/* SPDX-License-Identifier: MIT */
/*
 * buf.c - growable byte buffer with a hard cap.
 */
#include "internal.h"
#include "buf.h"
#include "varint.h"

/* The size b needs for `extra` more bytes and the terminator, into *need: ENTIDX_ELIMIT past its
 * cap. */
static int size_needed(const entidx_buf *b, size_t extra, size_t *need)
{
    size_t cap = b->cap ? b->cap : SIZE_MAX / 2;
    if (extra > cap || b->len > cap - extra)
        return ENTIDX_ELIMIT;
    *need = b->len + extra + 1;
    return ENTIDX_OK;
}

int entidx_buf_reserve(entidx_buf *b, size_t extra)
{
    size_t need, nsize;
    char *p;

    if (size_needed(b, extra, &need) < 0)
        return ENTIDX_ELIMIT;
    if (need <= b->size)
        return ENTIDX_OK;
    nsize = b->size ? b->size : 64;
    while (nsize < need)
        nsize = nsize > SIZE_MAX / 4 ? need : nsize * 2;
    p = entidx_realloc(b->ptr, nsize);
    if (p == NULL)
        return ENTIDX_ENOMEM;
    b->ptr = p;
    b->size = nsize;
    return ENTIDX_OK;
}

int entidx_buf_reserve_table(entidx_buf *b, size_t extra)
{
    size_t need;
    char *p;

    if (size_needed(b, extra, &need) < 0)
        return ENTIDX_ELIMIT;
    if (need <= b->size)
        return ENTIDX_OK;
    if (need < ((size_t)2 << 20))
        return entidx_buf_reserve(b, extra);
    if ((p = entidx_malloc_table(need)) == NULL)
        return ENTIDX_ENOMEM;
    if (b->ptr != NULL)
        memcpy(p, b->ptr, b->len);
    p[b->len] = '\0';
    entidx_free(b->ptr);
    b->ptr = p;
    b->size = need;
    return ENTIDX_OK;
}

int entidx_buf_put_grow(entidx_buf *b, const void *data, size_t len)
{
    int rc = entidx_buf_reserve(b, len);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return ENTIDX_OK;
}

int entidx_buf_puts(entidx_buf *b, const char *s)
{
    return entidx_buf_put(b, s, strlen(s));
}

int entidx__buf_put_long_varint(entidx_buf *b, uint64_t v)
{
    uint8_t tmp[ENTIDX_VARINT_MAX];
    if (b->cap == 0 && b->size - b->len > ENTIDX_VARINT_MAX) { /* in place, with room for the NUL */
        b->len += entidx_varint_put((uint8_t *)b->ptr + b->len, v);
        b->ptr[b->len] = '\0';
        return 0;
    }
    return entidx_buf_put(b, tmp, entidx_varint_put(tmp, v));
}

int entidx_buf_put_u32le(entidx_buf *b, uint32_t v)
{
    uint8_t tmp[4];
    entidx_put_u32le(tmp, v);
    return entidx_buf_put(b, tmp, sizeof(tmp));
}

int entidx_buf_put_u64le(entidx_buf *b, uint64_t v)
{
    uint8_t tmp[8];
    entidx_put_u64le(tmp, v);
    return entidx_buf_put(b, tmp, sizeof(tmp));
}

void entidx_buf_clear(entidx_buf *b)
{
    b->len = 0;
    if (b->ptr != NULL)
        b->ptr[0] = '\0';
}

void entidx_buf_dispose(entidx_buf *b)
{
    entidx_free(b->ptr);
    b->ptr = NULL;
    b->len = 0;
    b->size = 0;
}
