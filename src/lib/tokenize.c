/* SPDX-License-Identifier: MIT */
/*
 * tokenize.c - word tokens with original byte offsets and folded forms.
 */
#include "internal.h"
#include "tokenize.h"
#include "wordlist.h"
#include "normalize.h"
#include "utf8.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

typedef struct scan {
    const uint8_t *p;
    size_t len;
} scan;

/*
 * The ASCII bytes, looked up without a call: entidx_char_class() in the low
 * bits (AI_CLASS), AI_WORD for its class ENTIDX_CC_WORD (one test in the
 * inner loops), AI_UPPER or AI_LOWER for letters. AI_UPPER >> 2 is the 0x20
 * that folds an upper-case letter. Bytes from 0x80 are 0: no class,
 * so never a word here (peek() decodes them).
 */
enum { AI_CLASS = 7, AI_WORD = 0x20, AI_LOWER = 0x40, AI_UPPER = 0x80 };
/* clang-format off */
#define W (ENTIDX_CC_WORD | AI_WORD),
#define U (ENTIDX_CC_WORD | AI_WORD | AI_UPPER),
#define L (ENTIDX_CC_WORD | AI_WORD | AI_LOWER),
#define S ENTIDX_CC_SPACE,
#define A ENTIDX_CC_APOS,
#define D ENTIDX_CC_DASH,
#define O ENTIDX_CC_OTHER,
static const uint8_t ascii_info[256] = {
    O O O O O O O O O S S S S S O O
    O O O O O O O O O O O O O O O O
    S O O O O O O A O O O O O D O O
    W W W W W W W W W W O O O O O O
    O U U U U U U U U U U U U U U U
    U U U U U U U U U U U O O O O O
    O L L L L L L L L L L L L L L L
    L L L L L L L L L L L O O O O O
};
#undef W
#undef U
#undef L
#undef S
#undef A
#undef D
#undef O
/* clang-format on */

static int ascii_is_word(uint8_t b)
{
    return ascii_info[b] & AI_WORD;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Set bits of a 16-bit mask, counted to 2: shape_of() needs no more. */
static unsigned count_to_2(unsigned m)
{
    return (m != 0) + ((m & (m - 1)) != 0);
}

/* Bytes of v in [lo, hi], as 0xff lanes (signed compares after a shift). */
static __m128i in_range(__m128i v, char lo, char hi)
{
    __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8((char)(-128 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8((char)(-128 + (hi - lo + 1))));
}
#endif

/*
 * The run of ASCII letters and digits at p (at most len bytes), folded to
 * lower case into out, which has room for the run plus 16 bytes. Adds its
 * upper- and lower-case letters to *up and *lo, counted only as far as
 * shape_of() needs (0, 1, 2 or more), and sets *first_case, while it is
 * ENTIDX_CASE_NONE, to the case of the run's first letter; returns its
 * length. With SSE2, 16 bytes at a time: classify, count from the masks,
 * fold with a mask; then 8 at a time in a 64-bit word the same way; then
 * byte by byte.
 */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t
ascii_run(const uint8_t *p, size_t len, char *out, unsigned *up, unsigned *lo, int *first_case)
{
    size_t k = 0;
    uint8_t w;
#if defined(__SSE2__) && defined(__GNUC__)
    for (; k + 16 <= len; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + k));
        __m128i u = in_range(v, 'A', 'Z'), l = in_range(v, 'a', 'z');
        unsigned word =
            (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(u, l), in_range(v, '0', '9')));
        unsigned n = word == 0xffff ? 16 : (unsigned)__builtin_ctz(~word);
        unsigned keep = (1u << n) - 1;
        unsigned um = (unsigned)_mm_movemask_epi8(u) & keep;
        unsigned lm = (unsigned)_mm_movemask_epi8(l) & keep;
        if (*first_case == ENTIDX_CASE_NONE && (um | lm) != 0) /* its lowest letter bit */
            *first_case = um & (um | lm) & (0u - (um | lm)) ? ENTIDX_CASE_UPPER : ENTIDX_CASE_LOWER;
        *up += count_to_2(um);
        *lo += count_to_2(lm);
        _mm_storeu_si128((__m128i *)(out + k),
                         _mm_or_si128(v, _mm_and_si128(u, _mm_set1_epi8(0x20))));
        if (n < 16)
            return k + n;
    }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* then 8 bytes at a time in a 64-bit word (the end of a text; names in a
       gazetteer, mostly shorter than 16 bytes): with every byte below 0x80,
       adding a constant to each byte carries into no other, so its top bit
       tells whether the byte is at least (or above) a bound */
    for (; k + 8 <= len; k += 8) {
        const uint64_t ones = 0x0101010101010101u, top = ones * 0x80;
        uint64_t x, u, l, word, keep;
        unsigned n;
        memcpy(&x, p + k, 8);
        if (x & top)
            break; /* a byte from 0x80: the loop below stops there */
        u = (x + ones * (0x80 - 'A')) & ~(x + ones * (0x7f - 'Z')) & top;
        l = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x7f - 'z')) & top;
        word = u | l | ((x + ones * (0x80 - '0')) & ~(x + ones * (0x7f - '9')) & top);
        n = word == top ? 8 : (unsigned)__builtin_ctzll(~word & top) / 8; /* word bytes */
        keep = n == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;
        u &= keep;
        l &= keep;
        if (*first_case == ENTIDX_CASE_NONE && (u | l) != 0) /* its lowest letter */
            *first_case = u & (u | l) & (0 - (u | l)) ? ENTIDX_CASE_UPPER : ENTIDX_CASE_LOWER;
        *up += (u != 0) + ((u & (u - 1)) != 0); /* counted to 2, as count_to_2() */
        *lo += (l != 0) + ((l & (l - 1)) != 0);
        x |= u >> 2; /* 0x80 >> 2: the 0x20 that folds an upper-case letter */
        memcpy(out + k, &x, 8);
        if (n < 8)
            return k + n;
    }
#endif
    for (; k < len && ((w = ascii_info[p[k]]) & AI_WORD); k++) {
        if (*first_case == ENTIDX_CASE_NONE && (w & (AI_UPPER | AI_LOWER)))
            *first_case = w & AI_UPPER ? ENTIDX_CASE_UPPER : ENTIDX_CASE_LOWER;
        *up += w >> 7;     /* AI_UPPER */
        *lo += w >> 6 & 1; /* AI_LOWER */
        out[k] = (char)(p[k] | (w & AI_UPPER) >> 2);
    }
    return k;
}

/* Decode the code point at i; *cls gets its class. Returns its byte length (0 at end). */
static size_t peek(const scan *s, size_t i, int32_t *cp, int *cls)
{
    size_t n;
    if (i >= s->len) {
        *cp = -1;
        *cls = 0;
        return 0;
    }
    if (s->p[i] < 0x80) {
        *cp = s->p[i];
        *cls = ascii_info[s->p[i]] & AI_CLASS;
        return 1;
    }
    n = entidx_utf8_decode(s->p + i, s->len - i, cp);
    *cls = entidx_char_class(*cp);
    return n;
}

/* Room for one more token at toks->v[toks->n]. */
static int token_room(entidx_tokens *toks)
{
    size_t ncap = toks->cap ? toks->cap * 2 : 256;
    size_t bytes;
    entidx_token *nv;
    if (toks->n < toks->cap)
        return ENTIDX_OK;
    if (entidx_size_mul(&bytes, ncap, sizeof(*nv)) < 0)
        return ENTIDX_ENOMEM;
    nv = entidx_realloc(toks->v, bytes);
    if (nv == NULL)
        return ENTIDX_ENOMEM;
    toks->v = nv;
    toks->cap = ncap;
    return ENTIDX_OK;
}

/* The shape from counts of upper- and lower-case letters (exact up to 2). */
static uint8_t shape_of(unsigned n_upper, unsigned n_lower, int first_case)
{
    if (n_upper + n_lower == 0)
        return ENTIDX_SHAPE_NONE;
    if (n_lower == 0)
        return ENTIDX_SHAPE_UPPER;
    if (n_upper == 0)
        return ENTIDX_SHAPE_LOWER;
    if (first_case == ENTIDX_CASE_UPPER && n_upper == 1)
        return ENTIDX_SHAPE_TITLE;
    return ENTIDX_SHAPE_MIXED;
}

static int is_s(int32_t cp)
{
    return cp == 's' || cp == 'S';
}

/*
 * Folded words that end with a dot without ending a sentence: titles, months,
 * company forms, of 2 to LONGEST_ABBREVIATION bytes. (Dotted acronyms such
 * as "U.S." keep their dot inside the token, and single letters are
 * initials; both are handled by is_abbreviation().)
 */
#define LONGEST_ABBREVIATION 6 /* "messrs" */
static const char *const abbreviations[] = {
    "adm",  "apr", "aug",    "capt", "cmdr", "co",   "col", "corp", "dec", "dr",  "feb",
    "ft",   "gen", "gov",    "hon",  "inc",  "jan",  "jr",  "jul",  "jun", "lt",  "ltd",
    "maj",  "mar", "messrs", "mr",   "mrs",  "ms",   "mt",  "no",   "nov", "oct", "pres",
    "prof", "rep", "rev",    "sen",  "sep",  "sept", "sgt", "sr",   "st",  "vs"};

static int is_abbreviation(const entidx_tokens *toks, const entidx_token *t)
{
    const char *w = toks->norm.ptr + t->norm_off;
    if (t->norm_len == 1) /* an initial (a letter, not a digit: "on Jan. 5. Then") */
        return t->shape != ENTIDX_SHAPE_NONE;
    if (memchr(w, '.', t->norm_len) != NULL)
        return 1; /* a dotted acronym */
    return t->norm_len <= LONGEST_ABBREVIATION &&
           entidx_word_in(w, t->norm_len, abbreviations, ENTIDX_ARRAY_SIZE(abbreviations));
}

/*
 * The common case, taken right after a word ends at *i: one space, then a run
 * of ASCII letters and digits that ends where a word must end (not at an
 * apostrophe, a dot, '&' or a non-ASCII byte). Adds such words while they
 * come, each joined to the one before (a lone space keeps a name going) in
 * the same sentence, and leaves *i at the space before the first that does not
 * fit (the loop in entidx_tokenize() takes that one byte by byte). What it adds
 * is what that loop would: the state it leaves (gap, dot, sentence) is the same
 * as after any word that is not a possessive.
 */
static int simple_words(entidx_tokens *toks, const uint8_t *p, size_t len, size_t *i,
                        uint32_t sentence)
{
    size_t at = *i;
    int rc;

    while (at + 1 < len && p[at] == ' ' && ascii_is_word(p[at + 1])) {
        size_t start = at + 1, k, end;
        unsigned up = 0, lo = 0;
        int first_case = ENTIDX_CASE_NONE;
        entidx_token *t;
        char *out;

        if (toks->norm.size - toks->norm.len <= len - start + 16 &&
            (rc = entidx_buf_reserve(&toks->norm, len - start + 16)) < 0)
            return rc;
        out = toks->norm.ptr + toks->norm.len;
        k = ascii_run(p + start, len - start, out, &up, &lo, &first_case);
        end = start + k;
        if (end < len && (p[end] >= 0x80 || p[end] == '\'' || p[end] == '.' || p[end] == '&')) {
            *out = '\0'; /* the word may go on: the loop takes it from the space */
            break;
        }
        if (toks->norm.len + k > UINT32_MAX)
            return ENTIDX_ELIMIT;
        if ((rc = token_room(toks)) < 0)
            return rc;
        out[k] = '\0';
        t = &toks->v[toks->n++];
        t->start = (uint32_t)start;
        t->end = (uint32_t)end;
        t->norm_off = (uint32_t)toks->norm.len;
        t->norm_len = (uint32_t)k;
        t->flags = ENTIDX_TOK_JOIN;
        t->shape = shape_of(up, lo, first_case);
        t->sentence = sentence;
        toks->norm.len += k;
        at = end;
    }
    *i = at;
    return ENTIDX_OK;
}

int entidx_tokenize(entidx_tokens *toks, const char *text, size_t len)
{
    scan s = {(const uint8_t *)text, len};
    size_t i = 0;
    int gap_ok = 0;   /* the gap since the previous token allows a name to span it */
    int dot_ok = 0;   /* an abbreviation dot may still appear in this gap */
    int terminal = 0; /* the gap holds a sentence-ending . ! or ? */
    int newlines = 0; /* line breaks in the gap with only white space between (2 = paragraph) */
    int gap_space = 0, gap_dash = 0; /* the gap holds white space, a dash */
    uint32_t sentence = 0;
    int rc;

    toks->n = 0;
    entidx_buf_clear(&toks->norm);
    if (len > UINT32_MAX)
        return ENTIDX_ELIMIT;

    while (i < len) {
        int32_t cp, ncp;
        int cls, ncls;
        size_t n, nn;
        entidx_token *t;
        unsigned n_upper = 0, n_lower = 0; /* letters of each case: exact up to 2 */
        unsigned seg_cps = 0;              /* code points since the token's last dot */
        int first_case = ENTIDX_CASE_NONE, had_dot = 0, acronym = 1, possessive = 0;
        if (s.p[i] == ' ') { /* the usual gap, in short */
            gap_space = 1;
            dot_ok = 0;
            i++;
            continue;
        }
        if (s.p[i] < 0x80) { /* peek(), without the call */
            cp = s.p[i];
            cls = ascii_info[s.p[i]] & AI_CLASS;
            n = 1;
        } else {
            n = peek(&s, i, &cp, &cls);
        }
        if (cls != ENTIDX_CC_WORD) {
            if (cp == '\n') {
                newlines++;
            } else if (cls != ENTIDX_CC_SPACE) {
                newlines = newlines >= 2 ? newlines : 0;
            }
            if (cls == ENTIDX_CC_SPACE || cls == ENTIDX_CC_DASH) {
                dot_ok = 0;
                gap_space |= cls == ENTIDX_CC_SPACE;
                gap_dash |= cls == ENTIDX_CC_DASH;
            } else if (cp == '.' && dot_ok && is_abbreviation(toks, &toks->v[toks->n - 1])) {
                dot_ok = 0;
            } else {
                if (cp == '.' || cp == '!' || cp == '?')
                    terminal = 1;
                gap_ok = 0;
                dot_ok = 0;
            }
            i += n;
            continue;
        }
        /* a new sentence: after . ! ? unless the next word is lower-case, or a blank line */
        if (toks->n > 0 &&
            ((terminal && entidx_char_case(cp) != ENTIDX_CASE_LOWER) || newlines >= 2))
            sentence++;
        /* a dash joins words only unspaced ("Guinea-Bissau"), not as a separator (" - ");
           no name spans a blank line */
        if ((gap_space && gap_dash) || newlines >= 2)
            gap_ok = 0;
        terminal = 0;
        newlines = 0;
        gap_space = gap_dash = 0;

        /* the token is built in place, and counted once it is known to be a word */
        if ((rc = token_room(toks)) < 0)
            return rc;
        t = &toks->v[toks->n];
        t->start = (uint32_t)i;
        t->norm_off = (uint32_t)toks->norm.len;
        t->flags = (toks->n > 0 && gap_ok) ? ENTIDX_TOK_JOIN : 0;
        for (;;) {
            /* a run of ASCII letters and digits, most of news text: counted and folded in
               one pass, into room reserved for the rest of the text (ASCII never expands;
               the 16 bytes more are for ascii_run()'s whole-vector stores) */
            if (i < len && ascii_is_word(s.p[i])) {
                unsigned up = 0, lo = 0;
                size_t k;
                if (toks->norm.size - toks->norm.len <= len - i + 16 &&
                    (rc = entidx_buf_reserve(&toks->norm, len - i + 16)) < 0)
                    return rc;
                k = ascii_run(s.p + i, len - i, toks->norm.ptr + toks->norm.len, &up, &lo,
                              &first_case);
                toks->norm.ptr[toks->norm.len + k] = '\0';
                n_upper += up;
                n_lower += lo;
                seg_cps += (unsigned)k;
                toks->norm.len += k;
                i += k;
                /* the usual end of a word: an ASCII byte that cannot join it to more */
                if (i == len || (s.p[i] < 0x80 && s.p[i] != '\'' && s.p[i] != '.' && s.p[i] != '&'))
                    break;
                continue;
            }
            n = peek(&s, i, &cp, &cls);
            if (n == 0)
                break;
            if (cls == ENTIDX_CC_WORD) {
                int c = entidx_char_case(cp);
                if (c == ENTIDX_CASE_UPPER)
                    n_upper++;
                else if (c == ENTIDX_CASE_LOWER)
                    n_lower++;
                if (first_case == ENTIDX_CASE_NONE && c != ENTIDX_CASE_NONE)
                    first_case = c;
                seg_cps++;
                if ((rc = entidx_fold_append(&toks->norm, cp)) < 0)
                    return rc;
                i += n;
                continue;
            }
            if (cls != ENTIDX_CC_APOS && cp != '.' && cp != '&')
                break;
            nn = peek(&s, i + n, &ncp, &ncls);
            if (ncls == ENTIDX_CC_WORD) {
                if (cls == ENTIDX_CC_APOS && is_s(ncp)) {
                    int32_t c3;
                    int cls3;
                    peek(&s, i + n + nn, &c3, &cls3);
                    if (cls3 != ENTIDX_CC_WORD) {
                        possessive = 1;
                        break;
                    }
                }
                if (cp == '.') {
                    had_dot = 1;
                    if (seg_cps != 1)
                        acronym = 0;
                    seg_cps = 0;
                }
                if ((rc = entidx_fold_append(&toks->norm, cp)) < 0)
                    return rc;
                i += n;
                continue;
            }
            if (cp == '.' && had_dot && acronym && seg_cps == 1) {
                i += n; /* the final dot of "U.S." belongs to the acronym */
                /* ... and "U.S.'s" is still a possessive */
                n = peek(&s, i, &cp, &cls);
                nn = peek(&s, i + n, &ncp, &ncls);
                if (cls == ENTIDX_CC_APOS && is_s(ncp)) {
                    int32_t c3;
                    int cls3;
                    peek(&s, i + n + nn, &c3, &cls3);
                    possessive = cls3 != ENTIDX_CC_WORD;
                }
            }
            break;
        }
        if (toks->norm.len > UINT32_MAX)
            return ENTIDX_ELIMIT; /* folding can expand text: offsets must fit 32 bits */
        t->end = (uint32_t)i;
        t->norm_len = (uint32_t)(toks->norm.len - t->norm_off);
        t->shape = shape_of(n_upper, n_lower, first_case);
        t->sentence = sentence;
        if (possessive) {
            t->flags |= ENTIDX_TOK_POSSESSIVE;
            /* skip the apostrophe and the s */
            n = peek(&s, i, &cp, &cls);
            i += n;
            n = peek(&s, i, &cp, &cls);
            i += n;
        }
        if (t->norm_len == 0) {
            /* only marks that fold to nothing (a stray combining accent): not a word */
            gap_ok = 0;
            dot_ok = 0;
            continue;
        }
        toks->n++;
        gap_ok = !possessive;
        dot_ok = 1;
        if (!possessive && (rc = simple_words(toks, s.p, len, &i, sentence)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

void entidx_tokens_dispose(entidx_tokens *toks)
{
    entidx_free(toks->v);
    toks->v = NULL;
    toks->n = toks->cap = 0;
    entidx_buf_dispose(&toks->norm);
}
