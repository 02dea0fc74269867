/* SPDX-License-Identifier: MIT */
/*
 * varint.h - LEB128 varints and fixed-width little-endian integers, with
 * bounds-checked decoding through a cursor. Everything read from an index
 * file goes through these.
 */
#ifndef ENTIDX_VARINT_H
#define ENTIDX_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define ENTIDX_VARINT_MAX 10

/* Encode v into out (at least ENTIDX_VARINT_MAX bytes); returns bytes written. */
size_t entidx_varint_put(uint8_t *out, uint64_t v);

void entidx_put_u32le(uint8_t *out, uint32_t v);
void entidx_put_u64le(uint8_t *out, uint64_t v);
uint32_t entidx_get_u32le(const uint8_t *p);
uint64_t entidx_get_u64le(const uint8_t *p);

/* A read cursor over [p, end). Reads past end fail and leave the cursor bad. */
typedef struct entidx_cursor {
    const uint8_t *p;
    const uint8_t *end;
    int bad; /* set once any read ran past end or met a malformed varint */
} entidx_cursor;

void entidx_cursor_init(entidx_cursor *c, const void *data, size_t len);
/* Each returns 0 on success, -1 (and sets c->bad) when the data is short or malformed. */
int entidx__cursor_long_varint(entidx_cursor *c, uint64_t *out);
/* (inline for the one-byte varints most postings hold: one call per posting
   field cost 12% of writing an index's last sections) */
static inline int entidx_cursor_varint(entidx_cursor *c, uint64_t *out)
{
    if (c->p < c->end && *c->p < 0x80) {
        *out = *c->p++;
        return 0;
    }
    return entidx__cursor_long_varint(c, out);
}
int entidx_cursor_varint32(entidx_cursor *c, uint32_t *out);
int entidx_cursor_u32le(entidx_cursor *c, uint32_t *out);
int entidx_cursor_u64le(entidx_cursor *c, uint64_t *out);
/* A varint length followed by that many bytes; *s points into the data. */
int entidx_cursor_bytes(entidx_cursor *c, const char **s, uint32_t *len);

#endif
