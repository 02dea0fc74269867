/* SPDX-License-Identifier: MIT */
/*
 * wordlist.h - membership of a folded word in a short constant word list
 * (abbreviations, titles, function words). The lists are small and scanned
 * linearly; the first byte rejects most entries, the rest are compared byte
 * by byte (no strlen per entry).
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
        const char *e = words[k];
        size_t j = 1;
        if (e[0] != w[0])
            continue;
        /* w holds no NUL, so the compare stops at e's end without reading past it */
        while (j < len && e[j] == w[j])
            j++;
        if (j == len && e[len] == '\0')
            return 1;
    }
    return 0;
}

#endif
