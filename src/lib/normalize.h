/* SPDX-License-Identifier: MIT */
/*
 * normalize.h - what a character is to the matcher, and how it folds.
 *
 * Folding (used on gazetteer aliases and on corpus tokens alike, so both meet
 * in the alias dictionary): Unicode case folding, compatibility decomposition
 * and removal of combining marks (utf8proc), so "Curaçao", "CURAÇAO" and
 * "Curacao" fold to "curacao". Typographic apostrophes fold to "'"; dots are
 * dropped (so "U.S." and "US" fold alike; case rules still tell them apart).
 *
 * Stemming (libstemmer) is wrapped here too: one stemmer per object, not
 * thread-safe, result borrowed until the next call.
 */
#ifndef ENTIDX_NORMALIZE_H
#define ENTIDX_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "entidx/error.h"
#include "buf.h"

/* Character classes for tokenizing. */
enum {
    ENTIDX_CC_SPACE = 1, /* white space of any kind (incl. NBSP, line/paragraph separators) */
    ENTIDX_CC_WORD,      /* letters, marks and digits */
    ENTIDX_CC_APOS,      /* ' and typographic apostrophes (U+2019, U+2018, U+02BC) */
    ENTIDX_CC_DASH,      /* - and Unicode hyphens/dashes: split tokens but let names span them */
    ENTIDX_CC_OTHER      /* punctuation, symbols, controls, invalid bytes */
};

/* Letter case of a code point: 0 none, 1 lower, 2 upper (title case counts as upper). */
enum { ENTIDX_CASE_NONE = 0, ENTIDX_CASE_LOWER = 1, ENTIDX_CASE_UPPER = 2 };

/* Class of a code point (-1 = invalid byte -> ENTIDX_CC_OTHER). */
int entidx_char_class(int32_t cp);
/* Case of a code point (ENTIDX_CASE_*). */
int entidx_char_case(int32_t cp);

/* Append the folded form of cp (possibly empty, e.g. a combining mark or a dot) to out. */
int entidx_fold_append(entidx_buf *out, int32_t cp);

/* Fold a whole string (each code point as above; invalid bytes are dropped). */
int entidx_fold_string(entidx_buf *out, const char *s, size_t len);

typedef struct entidx_stemmer entidx_stemmer;

/* A stemmer for `language` (a Snowball algorithm name such as "english"); EINVAL when unknown. */
int entidx_stemmer_new(entidx_stemmer **out, const char *language, entidx_error *err);
/* Stem a folded UTF-8 word; returns a pointer valid until the next call, or NULL on OOM. */
const char *entidx_stemmer_stem(entidx_stemmer *st, const char *word, size_t len, size_t *out_len);
void entidx_stemmer_free(entidx_stemmer *st);

#endif
