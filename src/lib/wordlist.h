/* SPDX-License-Identifier: MIT */
/*
 * wordlist.h - membership of a folded word in a short constant word list
 * (abbreviations, titles, function words). The lists are small and scanned
 * linearly; the first byte rejects most entries before any length check.
 */
#ifndef ENTIDX_WORDLIST_H
#define ENTIDX_WORDLIST_H

#include <stddef.h>
#include <string.h>

static inline int entidx_word_in(const char *w, size_t len, const char *const *words,
                                 size_t n_words)
{
    if (len == 0)
        return 0;
    for (size_t k = 0; k < n_words; k++) {
        if (words[k][0] == w[0] && strlen(words[k]) == len && memcmp(words[k], w, len) == 0)
            return 1;
    }
    return 0;
}

#endif
