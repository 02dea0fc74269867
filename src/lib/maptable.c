/* SPDX-License-Identifier: MIT */
/*
 * maptable.c - build a hash table as bytes and probe it in place (layout in
 * maptable.h).
 */
#include "internal.h"
#include "maptable.h"

#include "dict.h"
#include "varint.h"

int entidx_maptable_add(entidx_maptable_builder *b, const void *key, size_t key_len,
                        const void *value, size_t value_len)
{
    size_t ref = b->records.len + 1;
    int rc;

    if (ref > UINT32_MAX || b->n >= UINT32_MAX / 4)
        return ENTIDX_ELIMIT;
    if ((rc = entidx_array_grow((void **)&b->entries, &b->cap, b->n + 1, sizeof(*b->entries))) < 0)
        return rc;
    if ((rc = entidx_buf_put_varint(&b->records, key_len)) < 0 ||
        (rc = entidx_buf_put(&b->records, key, key_len)) < 0 ||
        (rc = entidx_buf_put_varint(&b->records, value_len)) < 0 ||
        (rc = entidx_buf_put(&b->records, value, value_len)) < 0)
        return rc;
    if (b->records.len >= UINT32_MAX)
        return ENTIDX_ELIMIT;
    b->entries[b->n].hash = entidx_hash(key, key_len);
    b->entries[b->n].ref = (uint32_t)ref;
    b->n++;
    return ENTIDX_OK;
}

int entidx_maptable_write(const entidx_maptable_builder *b, entidx_buf *out)
{
    uint32_t n_slots = 0;
    size_t slots_at;
    int rc;

    if (b->n > 0) {
        n_slots = 2;
        while (n_slots < 2 * b->n)
            n_slots *= 2;
    }
    if ((rc = entidx_buf_put_u32le(out, n_slots)) < 0)
        return rc;
    slots_at = out->len;
    if ((rc = entidx_buf_reserve(out, (size_t)n_slots * 8)) < 0)
        return rc;
    memset(out->ptr + slots_at, 0, (size_t)n_slots * 8);
    out->len += (size_t)n_slots * 8;
    for (size_t i = 0; i < b->n; i++) {
        uint32_t s = (uint32_t)b->entries[i].hash & (n_slots - 1);
        uint8_t *slot;
        while (entidx_get_u32le((uint8_t *)out->ptr + slots_at + (size_t)s * 8 + 4) != 0)
            s = (s + 1) & (n_slots - 1);
        slot = (uint8_t *)out->ptr + slots_at + (size_t)s * 8;
        entidx_put_u32le(slot, (uint32_t)(b->entries[i].hash >> 32));
        entidx_put_u32le(slot + 4, b->entries[i].ref);
    }
    return entidx_buf_put(out, b->records.ptr, b->records.len);
}

void entidx_maptable_builder_dispose(entidx_maptable_builder *b)
{
    entidx_buf_dispose(&b->records);
    entidx_free(b->entries);
    b->entries = NULL;
    b->n = b->cap = 0;
}

int entidx_maptable_open(entidx_maptable *t, const void *p, size_t len)
{
    const uint8_t *b = p;
    uint32_t n;

    if (len < 4)
        return -1;
    n = entidx_get_u32le(b);
    if ((n & (n - 1)) != 0 || (uint64_t)n * 8 > len - 4)
        return -1;
    t->n_slots = n;
    t->slots = b + 4;
    t->records = b + 4 + (size_t)n * 8;
    t->records_len = len - 4 - (size_t)n * 8;
    return 0;
}

int entidx_maptable_get(const entidx_maptable *t, const void *key, size_t key_len,
                        const uint8_t **value, size_t *value_len)
{
    uint64_t h;
    uint32_t s;

    if (t->n_slots == 0)
        return 0;
    h = entidx_hash(key, key_len);
    s = (uint32_t)h & (t->n_slots - 1);
    for (uint32_t probes = 0; probes < t->n_slots; probes++) {
        const uint8_t *slot = t->slots + (size_t)s * 8;
        uint32_t ref = entidx_get_u32le(slot + 4);
        if (ref == 0)
            return 0;
        if (entidx_get_u32le(slot) == (uint32_t)(h >> 32)) {
            entidx_cursor c;
            const char *k, *v;
            uint32_t kl, vl;
            if (ref - 1 >= t->records_len)
                return -1;
            entidx_cursor_init(&c, t->records + ref - 1, t->records_len - (ref - 1));
            if (entidx_cursor_bytes(&c, &k, &kl) < 0 || entidx_cursor_bytes(&c, &v, &vl) < 0)
                return -1;
            if (kl == key_len && memcmp(k, key, key_len) == 0) {
                *value = (const uint8_t *)v;
                *value_len = vl;
                return 1;
            }
        }
        s = (s + 1) & (t->n_slots - 1);
    }
    return 0; /* a full table (damaged: a real one is at most half full) */
}
