/* SPDX-License-Identifier: MIT */
/*
 * tokenize.h - split UTF-8 text into word tokens with byte offsets into the
 * original text and a folded form for dictionary lookup.
 *
 * A token is a run of word characters (letters, marks, digits). Inside a token
 * these join: an apostrophe ("O'Neill", "d'Ivoire"), "&" ("AT&T") and a dot
 * ("U.S", "Amazon.com"), each only when a word character follows. A dotted
 * acronym of single letters keeps its final dot ("U.S.", "U.K."). A trailing
 * possessive "'s"/"’s" is not part of the token (flag ENTIDX_TOK_POSSESSIVE).
 * Hyphens and dashes split tokens ("US-led" -> "US", "led").
 * * ENTIDX_TOK_JOIN marks a token that a multi-word name may continue into: what
 * separates it from the previous token is only white space (line breaks too),
 * or only dashes ("Guinea-Bissau", not "Ireland - Independent"), or the dot
 * of an abbreviation or initial ("Joseph R. Biden"); never a blank line.
 * ENTIDX_TOK_JOIN_PAST_POSSESSIVE marks a token that only a name written with
 * a possessive may continue into ("People's Republic of China"): the previous
 * token has ENTIDX_TOK_POSSESSIVE, and what follows its "'s" up to this token
 * would have allowed ENTIDX_TOK_JOIN.
 *
 * Sentences: each token records the number (from 0) of its sentence. A new
 * sentence starts after ".", "!" or "?" when the next word does not begin in
 * lower case, and after a blank line. A dot after an abbreviation ("Mr.",
 * "Jan.", "Corp."), an initial ("R.") or inside a dotted acronym ("U.S.")
 * does not end a sentence.
 */
#ifndef ENTIDX_TOKENIZE_H
#define ENTIDX_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum {
    ENTIDX_TOK_JOIN = 1,       /* may continue a multi-word name from the previous token */
    ENTIDX_TOK_POSSESSIVE = 2, /* followed by a possessive 's that is not part of the token */
    ENTIDX_TOK_JOIN_PAST_POSSESSIVE = 4 /* may continue a name that has the previous
                                           token's possessive in it */
};

/* Letter-case shape of a token (compared by the matcher's case rules). The
   shapes with capitals are the values from ENTIDX_SHAPE_UPPER on. */
enum {
    ENTIDX_SHAPE_NONE = 0,  /* no letters (digits only) */
    ENTIDX_SHAPE_LOWER = 1, /* "germany" */
    ENTIDX_SHAPE_UPPER = 2, /* "GERMANY", "US", "U.S." */
    ENTIDX_SHAPE_TITLE = 3, /* "Germany": first letter upper, the others lower */
    ENTIDX_SHAPE_MIXED = 4  /* "McDonald", "iPhone" */
};

typedef struct entidx_token {
    uint32_t start;    /* first byte in the text */
    uint32_t end;      /* one past the last byte; excludes a possessive suffix */
    uint32_t norm_off; /* folded form: tokens->norm.ptr + norm_off */
    uint32_t norm_len;
    uint32_t sentence; /* sentence number in the text, from 0 */
    uint8_t flags;     /* ENTIDX_TOK_* */
    uint8_t shape;     /* ENTIDX_SHAPE_* */
} entidx_token;

typedef struct entidx_tokens {
    entidx_token *v;
    size_t n;
    size_t cap;
    entidx_buf norm; /* folded forms of all tokens, back to back */
    size_t text_len; /* the length of the text they are of (offsets are into it) */
} entidx_tokens;

#define ENTIDX_TOKENS_INIT             \
    {                                  \
        NULL, 0, 0, ENTIDX_BUF_INIT, 0 \
    }

/*
 * Tokenize text[0..len) into toks (previous contents are replaced). Invalid
 * UTF-8 bytes separate tokens. Returns 0, ENTIDX_ENOMEM, or ENTIDX_ELIMIT when
 * len does not fit 32-bit offsets.
 */
int entidx_tokenize(entidx_tokens *toks, const char *text, size_t len);

/*
 * entidx_tokenize() without its fast path for ASCII text: the general
 * scanner alone, one character or token at a time. Same results; for the
 * fuzz target that checks that the two agree.
 */
int entidx__tokenize_stepwise(entidx_tokens *toks, const char *text, size_t len);

void entidx_tokens_dispose(entidx_tokens *toks);

#endif
