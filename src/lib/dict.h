/* SPDX-License-Identifier: MIT */
/*
 * dict.h - hash table from byte-string keys to uint32 values.
 *
 * Built once, probed many times: open addressing with linear probing over a
 * power-of-two table of 16-byte slots. A slot stores the upper 32 bits of
 * the key's 64-bit hash, which also choose the slot, so most misses and
 * collisions are rejected without touching key bytes. Keys are copied into an
 * arena owned by the dict. There is no deletion. Iteration order is not
 * meaningful; callers that print must sort.
 */
#ifndef ENTIDX_DICT_H
#define ENTIDX_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct entidx_dict_slot {
    uint32_t hash;    /* entidx_hash(key) >> 32, 1 for 0: 0 marks an empty slot */
    uint32_t key_off; /* offset of the key in the arena */
    uint32_t key_len;
    uint32_t value;
} entidx_dict_slot;

typedef struct entidx_dict {
    entidx_dict_slot *slots;
    size_t mask;  /* table size - 1 */
    size_t count; /* keys stored */
    entidx_buf keys;
} entidx_dict;

#define ENTIDX_DICT_INIT            \
    {                               \
        NULL, 0, 0, ENTIDX_BUF_INIT \
    }

uint64_t entidx_hash(const void *data, size_t len);

/*
 * Find `key` or add it with value `value`. On success *slot_out points at the
 * stored value (valid until the next insertion) and the return is 1 when the
 * key was added, 0 when it already existed (its value is left unchanged).
 * Returns ENTIDX_ENOMEM or ENTIDX_ELIMIT (key arena over 4 GiB) on failure.
 */
int entidx_dict_upsert(entidx_dict *d, const char *key, size_t len, uint32_t value,
                       uint32_t **slot_out);

/* entidx_dict_upsert() for a key whose entidx_hash() is h. */
int entidx_dict_upsert_hashed(entidx_dict *d, const char *key, size_t len, uint64_t h,
                              uint32_t value, uint32_t **slot_out);

/*
 * Start loading the slot where a key with hash h would go into the cache:
 * a caller about to add several keys overlaps their cache misses.
 */
void entidx_dict_prefetch(const entidx_dict *d, uint64_t h);

/*
 * Make room for `n` keys in all, so that adding them moves no slot (a table
 * about to receive many keys skips the rehashing of each doubling).
 * ENTIDX_OK or ENTIDX_ENOMEM.
 */
int entidx_dict_reserve(entidx_dict *d, size_t n);

/* The value stored for `key`, or NULL when absent. Valid until the next insertion. */
const uint32_t *entidx_dict_get(const entidx_dict *d, const char *key, size_t len);

/* entidx_dict_get() for a key whose entidx_hash() is h. */
const uint32_t *entidx_dict_get_hashed(const entidx_dict *d, const char *key, size_t len,
                                       uint64_t h);

void entidx_dict_dispose(entidx_dict *d);

#endif
