/* SPDX-License-Identifier: MIT */
/*
 * dict.c - open-addressing hash table, byte-string key -> uint32.
 */
#include "internal.h"
#include "dict.h"

#define MIN_SLOTS 16

/* Little-endian loads, so the hash (stored in index files through maptable.h) is portable. */
static uint64_t load64(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8); /* one load; compilers do not merge the byte loop below */
    return v;
#else
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
#endif
}

static uint64_t load32(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
#else
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
#endif
}

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/*
 * Multiply-xorshift over 8-byte words; good spread for short name keys. The
 * last partial word is read with loads that overlap what came before (the
 * length is mixed in first, so this stays unambiguous): a short word costs
 * two or three loads, not a loop over its bytes.
 */
uint64_t entidx_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)len * 0x87c37b91114253d5ULL), tail;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        h ^= fmix64(load64(p + i));
        h = (h << 27 | h >> 37) * 0x4cf5ad432745937fULL;
    }
    if (i < len) {
        if (len >= 8)
            tail = load64(p + len - 8);
        else if (len >= 4)
            tail = load32(p) | load32(p + len - 4) << 32;
        else
            tail = (uint64_t)p[0] | (uint64_t)p[len / 2] << 8 | (uint64_t)p[len - 1] << 16;
        h ^= fmix64(tail ^ 0x52dce729ULL);
    }
    h = fmix64(h);
    return h ? h : 1;
}

/* What a slot stores of a 64-bit hash (dict.h). */
static uint32_t slot_hash(uint64_t h)
{
    uint32_t t = (uint32_t)(h >> 32);
    return t ? t : 1;
}

/*
 * Do the len bytes at a and b agree? Keys are mostly a word or two: a few
 * loads that may overlap, inline, cost less than a call to memcmp(), which
 * every probe that finds its key makes.
 */
static inline int same_bytes(const unsigned char *a, const unsigned char *b, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            if (load64(a + i) != load64(b + i))
                return 0;
        }
        return load64(a + len - 8) == load64(b + len - 8);
    }
    if (len >= 4)
        return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
    /* 0 to 3 bytes: the first, middle and last cover them */
    return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
}

#if defined(__GNUC__)
__attribute__((always_inline)) /* its callers' loops: with same_bytes() GCC stopped inlining it */
#endif
static inline entidx_dict_slot *
find_slot(const entidx_dict *d, uint32_t h, const char *key, size_t len)
{
    size_t i = (size_t)h & d->mask;
    for (;;) {
        entidx_dict_slot *s = &d->slots[i];
        if (s->hash == 0)
            return s;
        if (s->hash == h && s->key_len == len &&
            same_bytes((const unsigned char *)d->keys.ptr + s->key_off, (const unsigned char *)key,
                       len))
            return s;
        i = (i + 1) & d->mask;
    }
}

/* Rehash into a table of nslots slots (a power of two that keeps the load at or below 1/2). */
static int resize(entidx_dict *d, size_t nslots)
{
    entidx_dict_slot *old = d->slots;
    size_t old_n = d->slots ? d->mask + 1 : 0;
    /* (the slot comes from 32 bits of hash: 2^32 slots at most) */
    entidx_dict_slot *ns =
        nslots - 1 <= UINT32_MAX ? entidx_calloc_table(nslots * sizeof(*ns)) : NULL;

    if (ns == NULL)
        return ENTIDX_ENOMEM;
    d->slots = ns;
    d->mask = nslots - 1;
    for (size_t i = 0; i < old_n; i++) {
        size_t j;
        if (old[i].hash == 0)
            continue;
        j = (size_t)old[i].hash & d->mask;
        while (ns[j].hash != 0)
            j = (j + 1) & d->mask;
        ns[j] = old[i];
    }
    entidx_free(old);
    return ENTIDX_OK;
}

static int grow(entidx_dict *d)
{
    return resize(d, d->slots ? (d->mask + 1) * 2 : MIN_SLOTS);
}

int entidx_dict_reserve(entidx_dict *d, size_t n)
{
    size_t nslots = d->slots ? d->mask + 1 : MIN_SLOTS;
    if (n > SIZE_MAX / 4 / sizeof(entidx_dict_slot))
        return ENTIDX_ENOMEM;
    while (nslots < n * 2)
        nslots *= 2;
    return d->slots != NULL && nslots == d->mask + 1 ? ENTIDX_OK : resize(d, nslots);
}

int entidx_dict_upsert(entidx_dict *d, const char *key, size_t len, uint32_t value,
                       uint32_t **slot_out)
{
    return entidx_dict_upsert_hashed(d, key, len, entidx_hash(key, len), value, slot_out);
}

void entidx_dict_prefetch(const entidx_dict *d, uint64_t h)
{
#if defined(__GNUC__)
    if (d->slots != NULL)
        __builtin_prefetch(&d->slots[(size_t)slot_hash(h) & d->mask], 1);
#else
    (void)d;
    (void)h;
#endif
}

int entidx_dict_upsert_hashed(entidx_dict *d, const char *key, size_t len, uint64_t full,
                              uint32_t value, uint32_t **slot_out)
{
    uint32_t h = slot_hash(full);
    entidx_dict_slot *s;
    int rc;

    /* keep the load factor at or below 1/2 */
    if (d->slots == NULL || (d->count + 1) * 2 > d->mask + 1) {
        if ((rc = grow(d)) < 0)
            return rc;
    }
    s = find_slot(d, h, key, len);
    if (s->hash != 0) {
        *slot_out = &s->value;
        return 0;
    }
    if (len > UINT32_MAX || d->keys.len > UINT32_MAX - len)
        return ENTIDX_ELIMIT;
    s->key_off = (uint32_t)d->keys.len;
    if ((rc = entidx_buf_put(&d->keys, key, len)) < 0)
        return rc;
    s->hash = h;
    s->key_len = (uint32_t)len;
    s->value = value;
    d->count++;
    *slot_out = &s->value;
    return 1;
}

const uint32_t *entidx_dict_get_hashed(const entidx_dict *d, const char *key, size_t len,
                                       uint64_t h)
{
    entidx_dict_slot *s;
    if (d->slots == NULL)
        return NULL;
    s = find_slot(d, slot_hash(h), key, len);
    return s->hash != 0 ? &s->value : NULL;
}

const uint32_t *entidx_dict_get(const entidx_dict *d, const char *key, size_t len)
{
    return d->slots == NULL ? NULL : entidx_dict_get_hashed(d, key, len, entidx_hash(key, len));
}

void entidx_dict_dispose(entidx_dict *d)
{
    entidx_free(d->slots);
    d->slots = NULL;
    d->mask = 0;
    d->count = 0;
    entidx_buf_dispose(&d->keys);
}
