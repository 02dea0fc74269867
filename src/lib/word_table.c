/* SPDX-License-Identifier: MIT */
/*
 * word_table.c - constant word lists merged into one hash table. See
 * word_table.h.
 */
#include <string.h>

#include "dict.h"
#include "word_table.h"

#define INDEX_BITS 12 /* entry index + 1 fits: ENTIDX_WORD_TABLE_MAX < 1 << 12 */
#define INDEX_MASK ((1u << INDEX_BITS) - 1)
#define TAG_MASK   (~INDEX_MASK)

_Static_assert(ENTIDX_WORD_TABLE_MAX < (1u << INDEX_BITS), "entry indexes must fit the slot");
_Static_assert((ENTIDX_WORD_TABLE_SLOTS & (ENTIDX_WORD_TABLE_SLOTS - 1)) == 0,
               "slots: a power of two");

/* The slot where w's probe sequence starts, and the tag its slot holds. */
static size_t home(const char *w, size_t len, uint32_t *tag)
{
    uint64_t h = entidx_hash(w, len);
    *tag = (uint32_t)(h >> 32) & TAG_MASK;
    return (size_t)h & (ENTIDX_WORD_TABLE_SLOTS - 1);
}

/* The entry of w[0..len), or NULL. */
static const entidx_word_table_entry *find(const entidx_word_table *t, const char *w, size_t len)
{
    uint32_t tag;
    for (size_t s = home(w, len, &tag);; s = (s + 1) & (ENTIDX_WORD_TABLE_SLOTS - 1)) {
        uint32_t v = t->slot[s];
        const entidx_word_table_entry *e;
        if (v == 0)
            return NULL;
        if ((v & TAG_MASK) != tag)
            continue;
        e = &t->entry[(v & INDEX_MASK) - 1];
        if (e->len == len && memcmp(e->word, w, len) == 0)
            return e;
    }
}

int entidx_word_table_build(entidx_word_table *t, const entidx_word_list *lists, size_t n_lists)
{
    memset(t, 0, sizeof(*t));
    for (size_t l = 0; l < n_lists; l++) {
        for (size_t k = 0; k < lists[l].n; k++) {
            const char *w = lists[l].words[k];
            size_t len = strlen(w);
            entidx_word_table_entry *e = (entidx_word_table_entry *)find(t, w, len);
            uint32_t tag;
            size_t s;
            if (e != NULL) {
                e->bits |= lists[l].bit;
                continue;
            }
            if (t->n == ENTIDX_WORD_TABLE_MAX)
                return -1;
            /* at most half the slots are full: an empty one is near */
            for (s = home(w, len, &tag); t->slot[s] != 0;
                 s = (s + 1) & (ENTIDX_WORD_TABLE_SLOTS - 1))
                ;
            e = &t->entry[t->n++];
            e->word = w;
            e->len = (uint32_t)len;
            e->bits = lists[l].bit;
            t->slot[s] = tag | (uint32_t)t->n;
            if (e->len > t->max_len)
                t->max_len = e->len;
        }
    }
    return 0;
}

uint32_t entidx_word_table_bits(const entidx_word_table *t, const char *w, size_t len)
{
    const entidx_word_table_entry *e;
    if (len == 0 || len > t->max_len)
        return 0;
    e = find(t, w, len);
    return e != NULL ? e->bits : 0;
}
