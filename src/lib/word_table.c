/* SPDX-License-Identifier: MIT */
/*
 * word_table.c - constant word lists merged into one hash table. See
 * word_table.h.
 */
#include <string.h>

#include "word_table.h"

#define INDEX_BITS 12 /* entry index + 1 fits: ENTIDX_WORD_TABLE_MAX < 1 << 12 */
#define INDEX_MASK ((1u << INDEX_BITS) - 1)
#define TAG_MASK   (~INDEX_MASK)
#define SLOT_BITS  12 /* ENTIDX_WORD_TABLE_SLOTS == 1 << SLOT_BITS */

_Static_assert(ENTIDX_WORD_TABLE_MAX < (1u << INDEX_BITS), "entry indexes must fit the slot");
_Static_assert(ENTIDX_WORD_TABLE_SLOTS == 1u << SLOT_BITS, "slots: 1 << SLOT_BITS");

/*
 * The slot where w's probe sequence starts, and the tag its slot holds. The
 * words are short and few: their length and three of their bytes (first,
 * middle, last), mixed by one multiplication, tell them apart well enough
 * (a collision costs a compare), for a fraction of a general hash's work.
 */
static size_t home(const char *w, size_t len, uint32_t *tag)
{
    const unsigned char *p = (const unsigned char *)w;
    uint64_t x = (uint64_t)len | (uint64_t)p[0] << 8 | (uint64_t)p[len / 2] << 16 |
                 (uint64_t)p[len - 1] << 24;
    uint64_t h = x * 0x9e3779b97f4a7c15u; /* the top bits mix all of x */
    *tag = (uint32_t)(h >> 20) & TAG_MASK;
    return (size_t)(h >> (64 - SLOT_BITS));
}

/* Is w[0..len) the entry's word? (Short words: a loop beats a call.) */
static int same_word(const entidx_word_table_entry *e, const char *w, size_t len)
{
    if (e->len != len)
        return 0;
    for (size_t k = 0; k < len; k++) {
        if (e->word[k] != w[k])
            return 0;
    }
    return 1;
}

/* The entry of w[0..len) (len > 0), or NULL. */
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
        if (same_word(e, w, len))
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
            entidx_word_table_entry *e;
            uint32_t tag;
            size_t s;
            if (len == 0)
                continue; /* (never asked for) */
            e = (entidx_word_table_entry *)find(t, w, len);
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
