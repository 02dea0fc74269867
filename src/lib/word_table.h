/* SPDX-License-Identifier: MIT */
/*
 * word_table.h - constant word lists merged into one table: which of the
 * lists a folded word is in, as a bit mask, in one hash probe.
 *
 * The rules that look at the words around a name ask of one word whether it
 * is a function word, a month, a title, a legal form... Scanned one list at
 * a time, a word missing from all of them (the usual answer) costs a compare
 * per entry of every list. Here each list is a bit; the table maps a word to
 * the bits of the lists that hold it, and a miss usually ends at the first
 * slot. The table is filled once from constant lists and only read after, so
 * threads may share it.
 */
#ifndef ENTIDX_WORD_TABLE_H
#define ENTIDX_WORD_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* One list: its words (folded, no duplicates needed) and its bit. */
typedef struct entidx_word_list {
    const char *const *words;
    size_t n;
    uint32_t bit;
} entidx_word_list;

#define ENTIDX_WORD_TABLE_MAX   2048 /* words, counted once per list that holds them */
#define ENTIDX_WORD_TABLE_SLOTS (2 * ENTIDX_WORD_TABLE_MAX)

typedef struct entidx_word_table_entry {
    const char *word;
    uint32_t len;
    uint32_t bits; /* of every list that holds the word */
} entidx_word_table_entry;

typedef struct entidx_word_table {
    /* per slot: 0 for empty, else the entry's index + 1 in the low 12 bits
       and the upper 20 bits of its word's hash (a miss rarely reads an entry) */
    uint32_t slot[ENTIDX_WORD_TABLE_SLOTS];
    entidx_word_table_entry entry[ENTIDX_WORD_TABLE_MAX];
    size_t n;
    uint32_t max_len; /* of any word: a longer one is in no list */
} entidx_word_table;

/*
 * Fill t from lists[0..n_lists), whose words number at most
 * ENTIDX_WORD_TABLE_MAX in all (a word in several lists counts once per
 * list). Returns 0, or -1 when there are more (t then holds the first ones).
 */
int entidx_word_table_build(entidx_word_table *t, const entidx_word_list *lists, size_t n_lists);

/* The bits of the lists that hold the folded word w[0..len), 0 for none. */
uint32_t entidx_word_table_bits(const entidx_word_table *t, const char *w, size_t len);

#endif
