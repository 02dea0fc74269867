/* SPDX-License-Identifier: MIT */
/*
 * varint.c - LEB128 and little-endian codecs with bounds-checked decoding.
 */
#include "internal.h"
#include "varint.h"

size_t entidx_varint_put(uint8_t *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

void entidx_put_u32le(uint8_t *out, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

void entidx_put_u64le(uint8_t *out, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

uint32_t entidx_get_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t entidx_get_u64le(const uint8_t *p)
{
    return (uint64_t)entidx_get_u32le(p) | (uint64_t)entidx_get_u32le(p + 4) << 32;
}

void entidx_cursor_init(entidx_cursor *c, const void *data, size_t len)
{
    c->p = data;
    c->end = data != NULL ? c->p + len : c->p; /* an empty buffer may have no storage */
    c->bad = 0;
}

static int cursor_fail(entidx_cursor *c)
{
    c->bad = 1;
    c->p = c->end;
    return -1;
}

/* entidx_cursor_varint() of any length (varint.h tries one byte inline). */
int entidx__cursor_long_varint(entidx_cursor *c, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        uint8_t byte;
        if (c->p >= c->end)
            return cursor_fail(c);
        byte = *c->p++;
        if (shift == 63 && byte > 1)
            return cursor_fail(c); /* would overflow 64 bits */
        v |= (uint64_t)(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return cursor_fail(c);
}

int entidx_cursor_varint32(entidx_cursor *c, uint32_t *out)
{
    uint64_t v;
    if (entidx_cursor_varint(c, &v) < 0)
        return -1;
    if (v > UINT32_MAX)
        return cursor_fail(c);
    *out = (uint32_t)v;
    return 0;
}

int entidx_cursor_u32le(entidx_cursor *c, uint32_t *out)
{
    if (c->end - c->p < 4)
        return cursor_fail(c);
    *out = entidx_get_u32le(c->p);
    c->p += 4;
    return 0;
}

int entidx_cursor_u64le(entidx_cursor *c, uint64_t *out)
{
    if (c->end - c->p < 8)
        return cursor_fail(c);
    *out = entidx_get_u64le(c->p);
    c->p += 8;
    return 0;
}

int entidx_cursor_bytes(entidx_cursor *c, const char **s, uint32_t *len)
{
    uint32_t n;
    if (entidx_cursor_varint32(c, &n) < 0)
        return -1;
    if ((size_t)(c->end - c->p) < n)
        return cursor_fail(c);
    *s = (const char *)c->p;
    *len = n;
    c->p += n;
    return 0;
}
