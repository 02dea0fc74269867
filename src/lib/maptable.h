/* SPDX-License-Identifier: MIT */
/*
 * maptable.h - a hash table laid out as bytes: built in memory, written into
 * an index section, and probed in place from the memory-mapped file, so that
 * opening an index costs no table building (the NAMES and IDS sections).
 *
 * Layout (all integers little-endian):
 *
 *   table   := n_slots:u32  slot[n_slots]  record*
 *   slot    := tag:u32  ref:u32
 *   record  := str key  str value       (str: varint length, bytes)
 *
 * n_slots is 0 or a power of two at least twice the number of keys. The slot
 * of a key is found by linear probing from (h & (n_slots - 1)), where
 * h = entidx_hash(key) (dict.c); tag is the high 32 bits of h and ref is the
 * record's offset from the first record plus 1 (0 marks an empty slot).
 * Records follow in insertion order, so equal inputs give equal bytes.
 * Keys are unique. Every read is bounds-checked: a damaged table answers
 * "corrupt", never reads outside its bytes.
 */
#ifndef ENTIDX_MAPTABLE_H
#define ENTIDX_MAPTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct entidx_maptable_entry {
    uint64_t hash; /* entidx_hash of the key */
    uint32_t ref;  /* offset of the record in `records` + 1 */
} entidx_maptable_entry;

/* A table being built: its records, and one entry per record in insertion order. */
typedef struct entidx_maptable_builder {
    entidx_buf records;
    entidx_maptable_entry *entries;
    size_t n, cap;
} entidx_maptable_builder;

#define ENTIDX_MAPTABLE_BUILDER_INIT \
    {                                \
        ENTIDX_BUF_INIT, NULL, 0, 0  \
    }

/* Add a (key, value) record; the key must not be in the table yet. ENTIDX_ENOMEM, ENTIDX_ELIMIT. */
int entidx_maptable_add(entidx_maptable_builder *b, const void *key, size_t key_len,
                        const void *value, size_t value_len);
/* Append the finished table to `out`. */
int entidx_maptable_write(const entidx_maptable_builder *b, entidx_buf *out);
void entidx_maptable_builder_dispose(entidx_maptable_builder *b);

/* A table read in place. */
typedef struct entidx_maptable {
    const uint8_t *slots, *records;
    uint32_t n_slots;
    size_t records_len;
} entidx_maptable;

/* Check the header of a table of `len` bytes at p: 0, or -1 when malformed. */
int entidx_maptable_open(entidx_maptable *t, const void *p, size_t len);
/*
 * Look a key up: 1 and its value (pointing into the table), 0 when absent,
 * -1 when the table is damaged.
 */
int entidx_maptable_get(const entidx_maptable *t, const void *key, size_t key_len,
                        const uint8_t **value, size_t *value_len);

#endif
