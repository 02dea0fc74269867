/* SPDX-License-Identifier: MIT */
/*
 * tokenize.c - word tokens with original byte offsets and folded forms.
 */
#include "internal.h"
#include "tokenize.h"
#include "normalize.h"
#include "utf8.h"
#include "wordlist.h"

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
 * inner loops), AI_UPPER or AI_LOWER for letters, AI_GLUE for the bytes
 * that may join a word to more (' . &). AI_UPPER >> 2 is the 0x20 that folds
 * an upper-case letter. Bytes from 0x80 have only AI_HIGH: no class, so
 * never a word here (peek() decodes them); the fast path stops at them.
 */
enum {
    AI_CLASS = 7,
    AI_GLUE = 0x08,
    AI_HIGH = 0x10,
    AI_WORD = 0x20,
    AI_LOWER = 0x40,
    AI_UPPER = 0x80
};
/* clang-format off */
#define W (ENTIDX_CC_WORD | AI_WORD),
#define U (ENTIDX_CC_WORD | AI_WORD | AI_UPPER),
#define L (ENTIDX_CC_WORD | AI_WORD | AI_LOWER),
#define S ENTIDX_CC_SPACE,
#define A (ENTIDX_CC_APOS | AI_GLUE),
#define G (ENTIDX_CC_OTHER | AI_GLUE),
#define D ENTIDX_CC_DASH,
#define O ENTIDX_CC_OTHER,
#define H AI_HIGH,
#define H16 H H H H H H H H H H H H H H H H
static const uint8_t ascii_info[256] = {
    O O O O O O O O O S S S S S O O
    O O O O O O O O O O O O O O O O
    S O O O O O G A O O O O O D G O
    W W W W W W W W W W O O O O O O
    O U U U U U U U U U U U U U U U
    U U U U U U U U U U U O O O O O
    O L L L L L L L L L L L L L L L
    L L L L L L L L L L L O O O O O
    H16 H16 H16 H16 H16 H16 H16 H16
};
#undef H16
#undef H
#undef W
#undef U
#undef L
#undef S
#undef A
#undef G
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
 * company forms, of 2 to LONGEST_ABBREVIATION bytes, in strcmp order
 * (listed_abbreviation() searches them by halves). (Dotted acronyms such
 * as "U.S." keep their dot inside the token, and single letters are
 * initials; both are handled by is_abbreviation().)
 */
#define LONGEST_ABBREVIATION 6 /* "messrs" */
static const char *const abbreviations[] = {
    "adm",  "apr", "aug",    "capt", "cmdr", "co",   "col", "corp", "dec", "dr",  "feb",
    "ft",   "gen", "gov",    "hon",  "inc",  "jan",  "jr",  "jul",  "jun", "lt",  "ltd",
    "maj",  "mar", "messrs", "mr",   "mrs",  "ms",   "mt",  "no",   "nov", "oct", "pres",
    "prof", "rep", "rev",    "sen",  "sep",  "sept", "sgt", "sr",   "st",  "vs"};

/*
 * Bit n of abbreviation_lengths[c - 'a']: some entry of `abbreviations`
 * begins with the letter c and has n bytes (each entry must set its bit; a
 * bit more only costs a search). Most words ("the", "said", "year") are
 * turned away by it.
 */
static const uint8_t abbreviation_lengths[26] = {['a' - 'a'] = 1 << 3,
                                                 ['c' - 'a'] = 1 << 2 | 1 << 3 | 1 << 4,
                                                 ['d' - 'a'] = 1 << 2 | 1 << 3,
                                                 ['f' - 'a'] = 1 << 2 | 1 << 3,
                                                 ['g' - 'a'] = 1 << 3,
                                                 ['h' - 'a'] = 1 << 3,
                                                 ['i' - 'a'] = 1 << 3,
                                                 ['j' - 'a'] = 1 << 2 | 1 << 3,
                                                 ['l' - 'a'] = 1 << 2 | 1 << 3,
                                                 ['m' - 'a'] = 1 << 2 | 1 << 3 | 1 << 6,
                                                 ['n' - 'a'] = 1 << 2 | 1 << 3,
                                                 ['o' - 'a'] = 1 << 3,
                                                 ['p' - 'a'] = 1 << 4,
                                                 ['r' - 'a'] = 1 << 3,
                                                 ['s' - 'a'] = 1 << 2 | 1 << 3 | 1 << 4,
                                                 ['v' - 'a'] = 1 << 2};

/* Is w[0..len) in `abbreviations`? A binary search: the list is in strcmp order. */
static int listed_abbreviation(const char *w, size_t len)
{
    size_t lo = 0, hi = ENTIDX_ARRAY_SIZE(abbreviations);
    unsigned letter = (unsigned)(unsigned char)w[0] - 'a';
    if (letter >= 26 || len > LONGEST_ABBREVIATION || !(abbreviation_lengths[letter] >> len & 1))
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, j = 0;
        const char *e = abbreviations[mid];
        while (j < len && e[j] == w[j]) /* stops at e's NUL: w holds none */
            j++;
        if (j == len && e[j] == '\0')
            return 1;
        if (j < len && (unsigned char)e[j] < (unsigned char)w[j])
            lo = mid + 1; /* e sorts before w (also when e is a prefix of w) */
        else
            hi = mid;
    }
    return 0;
}

static int is_abbreviation(const char *norm, const entidx_token *t)
{
    const char *w = norm + t->norm_off;
    if (t->norm_len == 1) /* an initial (a letter, not a digit: "on Jan. 5. Then") */
        return t->shape != ENTIDX_SHAPE_NONE;
    if (t->norm_len > LONGEST_ABBREVIATION)
        return memchr(w, '.', t->norm_len) != NULL; /* a dotted acronym, or not */
    for (uint32_t k = 0; k < t->norm_len; k++) {
        if (w[k] == '.')
            return 1; /* a dotted acronym */
    }
    return listed_abbreviation(w, t->norm_len);
}

/*
 * What the scanner knows about the gap since the last token, as bits of one
 * word (the fast path keeps it in a register), and the sentence it is in.
 * Line breaks with only white space between are counted to 2 (a paragraph):
 * G_NL1 for one, G_NL2 for two or more.
 */
enum {
    G_JOIN = 1,       /* the gap allows a name to span it (= ENTIDX_TOK_JOIN) */
    G_DOT_OK = 2,     /* an abbreviation dot may still appear in it */
    G_POSSESSIVE = 4, /* after a possessive, and what allows G_JOIN since (no G_JOIN
                         there; = ENTIDX_TOK_JOIN_PAST_POSSESSIVE) */
    G_TERMINAL = 8,   /* it holds a sentence-ending . ! or ? */
    G_SPACE = 16,     /* it holds white space */
    G_DASH = 32,      /* it holds a dash */
    G_NL1 = 64,
    G_NL2 = 128,
    G_ACRONYM = 256 /* after a dotted acronym with its last dot ("U.S."), white space only */
};

_Static_assert((int)G_JOIN == (int)ENTIDX_TOK_JOIN &&
                   (int)G_POSSESSIVE == (int)ENTIDX_TOK_JOIN_PAST_POSSESSIVE,
               "word_start() takes token flags from gap bits");

typedef struct gap {
    unsigned bits; /* G_* */
    uint32_t sentence;
} gap;

/*
 * One character of a gap, cp of class cls (not ENTIDX_CC_WORD): the gap's
 * new bits. after[-1] is the token before the gap, read only while a dot may
 * be an abbreviation's (G_DOT_OK: there is a token; else after may be NULL).
 */
static inline unsigned gap_char(unsigned g, int32_t cp, int cls, const char *norm,
                                const entidx_token *after)
{
    if (cp == '\n')
        g = g & G_NL2 ? g : g & G_NL1 ? (g & ~(unsigned)G_NL1) | G_NL2 : g | G_NL1;
    else if (cls != ENTIDX_CC_SPACE)
        g &= ~(unsigned)(G_NL1 | G_ACRONYM); /* a paragraph break stays one */
    if (cls == ENTIDX_CC_SPACE)
        g = (g & ~(unsigned)G_DOT_OK) | G_SPACE;
    else if (cls == ENTIDX_CC_DASH)
        g = (g & ~(unsigned)G_DOT_OK) | G_DASH;
    else if (cp == '.' && (g & G_DOT_OK) && is_abbreviation(norm, after - 1))
        g &= ~(unsigned)G_DOT_OK;
    else if (cp == '.' || cp == '!' || cp == '?')
        g = (g & ~(unsigned)(G_JOIN | G_DOT_OK | G_POSSESSIVE)) | G_TERMINAL;
    else
        g &= ~(unsigned)(G_JOIN | G_DOT_OK | G_POSSESSIVE);
    return g;
}

/*
 * A word begins after the gap *bits, its first character lower-case or not,
 * after other tokens or not: a new sentence (*sentence) after . ! ? unless
 * the word begins in lower case, or after a blank line; a dash joins words
 * only unspaced ("Guinea-Bissau"), not as a separator (" - "), and no name
 * spans a blank line. Returns the word's flags and starts the next gap.
 */
static inline uint8_t word_start(unsigned *bits, uint32_t *sentence, int after_tokens,
                                 int lower_first)
{
    /* in arithmetic, not branches (& not &&): the outcomes are hard to predict */
    unsigned b = *bits, after = after_tokens != 0, paragraph = (b & G_NL2) != 0;
    unsigned ends = (((b & G_TERMINAL) != 0) & !lower_first) | paragraph;
    unsigned spaced_dash = (b & (G_SPACE | G_DASH)) == (G_SPACE | G_DASH);
    *sentence += ends & after;
    b &= ~((spaced_dash | paragraph) * (unsigned)(G_JOIN | G_POSSESSIVE));
    *bits = b & (G_JOIN | G_DOT_OK);
    return (uint8_t)(b & (G_JOIN | G_POSSESSIVE)); /* (only ever set after a token) */
}

#if defined(__SSE2__) && defined(__GNUC__)
/*
 * The shape of a word from the bits of its upper- and lower-case letters
 * (bit k for its byte k): title case when the only upper-case letter is
 * the first letter.
 */
static uint8_t shape_of_masks(unsigned um, unsigned lm)
{
    /* without branches, which shape a word has being hard to predict: indexed by
       title | no upper-case letter << 1 | no lower-case letter << 2 */
    static const uint8_t shapes[8] = {
        ENTIDX_SHAPE_MIXED, /* upper and lower, the first letter not the only capital */
        ENTIDX_SHAPE_TITLE, /* upper and lower, the first letter the only capital */
        ENTIDX_SHAPE_LOWER, ENTIDX_SHAPE_LOWER, /* no upper */
        ENTIDX_SHAPE_UPPER, ENTIDX_SHAPE_UPPER, /* no lower */
        ENTIDX_SHAPE_NONE,  ENTIDX_SHAPE_NONE}; /* no letters */
    unsigned letters = um | lm;
    unsigned title = um == (letters & (0u - letters));
    return shapes[title | (um == 0) << 1 | (lm == 0) << 2];
}

/*
 * The word of ASCII letters and digits at p, when it is shorter than 16
 * bytes (16 are readable at p): folded into out (16 bytes of room), its
 * shape in *shape. Returns its length, or 16 for a longer word (out and
 * *shape then mean nothing). One vector for the whole word.
 */
static inline size_t short_word(const uint8_t *p, char *out, uint8_t *shape)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i u = in_range(v, 'A', 'Z'), l = in_range(v, 'a', 'z');
    unsigned word =
        (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(u, l), in_range(v, '0', '9')));
    unsigned n = (unsigned)__builtin_ctz(~word); /* bit 16 of ~word is set */
    unsigned keep = (1u << n) - 1;
    _mm_storeu_si128((__m128i *)out, _mm_or_si128(v, _mm_and_si128(u, _mm_set1_epi8(0x20))));
    *shape = shape_of_masks((unsigned)_mm_movemask_epi8(u) & keep,
                            (unsigned)_mm_movemask_epi8(l) & keep);
    return n;
}
#endif

/*
 * Is there, at a, a possessive "'s" that ends the word before it ("Germany's",
 * "BANK'S"): an ASCII apostrophe and s, then the end of the text or an ASCII
 * byte that is not a word character? (A byte from 0x80 may begin a letter
 * that goes on with the word: one_step() decodes it.)
 */
static inline int possessive_at(const uint8_t *a, const uint8_t *stop)
{
    return a[0] == '\'' && stop - a >= 2 && (a[1] | 0x20) == 's' &&
           (stop - a == 2 || !(ascii_info[a[2]] & (AI_WORD | AI_HIGH)));
}

/*
 * Does the word that ends at e go on? ' . & join only a word character after
 * them ("AT&T", "U.S"); without one ("Paris. Then") the word ends, as it does
 * before a possessive "'s". A byte from 0x80 may begin a letter that goes on
 * with the word: such a letter has two bytes from 0x80 at least, so one
 * before ASCII or the end is an invalid byte, which ends the word (so says
 * one_step(), which decodes it).
 */
static inline int word_goes_on(const uint8_t *e, const uint8_t *stop)
{
    return stop - e > 1 && (ascii_info[e[0]] & (AI_GLUE | AI_HIGH)) &&
           (ascii_info[e[1]] & (AI_WORD | AI_HIGH)) && !possessive_at(e, stop);
}

/*
 * A number at q whose first part, q[0..k), is digits, folded into out[0..k):
 * the parts a dot joins to it ("1.5", "2.5.1", "3.5bn"), folded after it
 * without the dots, as one_step() folds them. Sets *kn to the folded length
 * and *shape to the whole number's; returns its length in the text. A
 * number's last dot is never kept: it is no acronym's ("it rose 1.5.").
 */
#if defined(__GNUC__)
__attribute__((noinline)) /* rare: out of the way of ascii_words()' loop */
#endif
static size_t
number_parts(const uint8_t *q, const uint8_t *stop, size_t k, char *out, size_t *kn, uint8_t *shape)
{
    unsigned up = 0, lo = 0;
    int first_case = ENTIDX_CASE_NONE;
    size_t n = k;
    while (stop - q > (ptrdiff_t)k + 1 && q[k] == '.' && ascii_is_word(q[k + 1])) {
        size_t r = ascii_run(q + k + 1, (size_t)(stop - q) - k - 1, out + n, &up, &lo, &first_case);
        k += 1 + r;
        n += r;
    }
    *kn = n;
    *shape = shape_of(up, lo, first_case);
    return k;
}

/*
 * The common case, in one tight loop: gaps of ASCII bytes, and words of ASCII
 * letters and digits (or numbers of such parts joined by dots, "1.5") that
 * end where a word must end (not where an apostrophe, a dot or '&' and a word
 * character follow, nor before a byte from 0x80), with a possessive "'s"
 * after them or not.
 * Adds the words from *pos while they come, with the same state changes as
 * one_step() would make, and stops with *pos at the first byte it does not
 * take (a word it leaves is left whole). The token array and the folded
 * buffer live in locals meanwhile: stores through char pointers would
 * otherwise make the compiler reload them for every word.
 */
#if defined(__GNUC__)
__attribute__((noinline)) /* registers of its own: the loop below needs them all */
#endif
static int
ascii_words(entidx_tokens *toks, const uint8_t *p, size_t len, size_t *pos, gap *g)
{
    const uint8_t *q = p + *pos, *stop = p + len;
    entidx_token *t, *t_end, *first;
    unsigned bits = g->bits;
    uint32_t sentence = g->sentence;
    char *norm, *out;
    /* folded offsets fit 32 bits to the end of the text unless it is huge */
    int near_limit = toks->norm.len + (len - *pos) > UINT32_MAX;
    int rc = ENTIDX_OK;

    /* ASCII never expands: room for the rest of the text, and 16-byte stores */
    if (toks->norm.size - toks->norm.len <= len - *pos + 16 &&
        (rc = entidx_buf_reserve(&toks->norm, len - *pos + 16)) < 0)
        return rc;
    if (toks->v == NULL && (rc = token_room(toks)) < 0)
        return rc; /* (so that the pointers below are into an array) */
    norm = toks->norm.ptr;
    out = norm + toks->norm.len;
    first = toks->v;
    t = first + toks->n;
    t_end = first + toks->cap;
    for (;;) {
        uint8_t info = 0, shape;
        size_t k = 16, kn; /* the word's bytes in the text, and folded */
        int lower_first;
        for (; q < stop && !((info = ascii_info[*q]) & (AI_WORD | AI_HIGH)); q++) {
            if (*q == ' ') { /* the usual gap, in short */
                bits = (bits & ~(unsigned)G_DOT_OK) | G_SPACE;
            } else if (bits == (G_JOIN | G_DOT_OK) && possessive_at(q, stop)) {
                /* right after the word (left to this loop above): as one_step() does */
                t[-1].flags |= ENTIDX_TOK_POSSESSIVE;
                /* only a name with the possessive spans it; a dot after it is no
                   abbreviation's ("the Co's. Next") */
                bits = G_POSSESSIVE;
                q++; /* (and the s, by the loop) */
            } else {
                bits = gap_char(bits, *q, info & AI_CLASS, norm, t);
            }
        }
        if (q == stop || (info & AI_HIGH))
            break;
#if defined(__SSE2__) && defined(__GNUC__)
        if (stop - q >= 16)
            k = short_word(q, out, &shape);
#endif
        if (k == 16) { /* a long word, or one near the end of the text */
            unsigned up = 0, lo = 0;
            int first_case = ENTIDX_CASE_NONE;
            k = ascii_run(q, (size_t)(stop - q), out, &up, &lo, &first_case);
            shape = shape_of(up, lo, first_case);
        }
        lower_first = info & AI_LOWER;
        kn = k;
        if (word_goes_on(q + k, stop)) {
            /* the word goes on, or a number does ("1.5"): its parts are taken here */
            if (shape != ENTIDX_SHAPE_NONE || q[k] != '.' || !ascii_is_word(q[k + 1]))
                break; /* one_step() takes the word */
            k = number_parts(q, stop, k, out, &kn, &shape);
            if (word_goes_on(q + k, stop))
                break;
        }
        if (near_limit && (size_t)(out - norm) + kn > UINT32_MAX) {
            rc = ENTIDX_ELIMIT;
            break;
        }
        if (t == t_end) {
            toks->n = (size_t)(t - first);
            if ((rc = token_room(toks)) < 0)
                break;
            first = toks->v;
            t = first + toks->n;
            t_end = first + toks->cap;
        }
        t->flags = word_start(&bits, &sentence, t > first, lower_first);
        t->start = (uint32_t)(q - p);
        t->end = (uint32_t)(q - p + k);
        t->norm_off = (uint32_t)(out - norm);
        t->norm_len = (uint32_t)kn;
        t->sentence = sentence;
        t->shape = shape;
        t++;
        out += kn;
        q += k;
        bits = G_JOIN | G_DOT_OK;
    }
    *out = '\0';
    g->bits = bits;
    g->sentence = sentence;
    toks->n = (size_t)(t - first);
    toks->norm.len = (size_t)(out - norm);
    *pos = (size_t)(q - p);
    return rc;
}

/*
 * Does the folded word w[0..len) only start sentences, when capitalised
 * ("The", "He", "But")? After a dotted acronym ("in the U.S. The company")
 * it shows the acronym's dot ended a sentence too.
 */
static int sentence_opener(const char *w, size_t len)
{
    static const char *const words[] = {"but",   "he",   "her",  "his",   "however", "it",
                                        "its",   "she",  "the",  "their", "then",    "there",
                                        "these", "they", "this", "those", "we"};
    return entidx_word_in(w, len, words, ENTIDX_ARRAY_SIZE(words));
}

/*
 * One step of the general scanner, at *pos: a gap character, or a whole token
 * (and a possessive "'s" after it). Takes any text; ascii_words() takes its
 * common case faster and must agree with it. After a dotted acronym it takes
 * the gap and the next word too (tokenize() does not call ascii_words() while
 * G_ACRONYM is set), so that a sentence opener there starts a sentence.
 */
static int one_step(entidx_tokens *toks, const scan *s, size_t *pos, gap *g)
{
    size_t i = *pos, len = s->len, n, nn;
    int32_t cp, ncp;
    int cls, ncls, rc;
    entidx_token *t;
    unsigned n_upper = 0, n_lower = 0; /* letters of each case: exact up to 2 */
    unsigned seg_cps = 0;              /* code points since the token's last dot */
    unsigned seg_digits = 0;           /* ASCII digits among them: "1.5" is no acronym */
    int first_case = ENTIDX_CASE_NONE, had_dot = 0, acronym = 1, possessive = 0, final_dot = 0;
    unsigned after_acronym;
    uint32_t sentence_before; /* word_start() may start a sentence (after a blank line) */
    uint8_t flags;

    n = peek(s, i, &cp, &cls);
    if (cls != ENTIDX_CC_WORD) {
        g->bits = gap_char(g->bits, cp, cls, toks->norm.ptr, toks->n ? toks->v + toks->n : NULL);
        *pos = i + n;
        return ENTIDX_OK;
    }
    after_acronym = g->bits & G_ACRONYM;
    sentence_before = g->sentence;
    flags =
        word_start(&g->bits, &g->sentence, toks->n > 0, entidx_char_case(cp) == ENTIDX_CASE_LOWER);
    /* the token is built in place, and counted once it is known to be a word */
    if ((rc = token_room(toks)) < 0)
        return rc;
    t = &toks->v[toks->n];
    t->start = (uint32_t)i;
    t->norm_off = (uint32_t)toks->norm.len;
    t->flags = flags;
    for (;;) {
        /* a run of ASCII letters and digits, counted and folded in one pass, into room
           reserved for the rest of the text (ASCII never expands; the 16 bytes more are
           for ascii_run()'s whole-vector stores) */
        if (i < len && ascii_is_word(s->p[i])) {
            unsigned up = 0, lo = 0;
            size_t k;
            if (toks->norm.size - toks->norm.len <= len - i + 16 &&
                (rc = entidx_buf_reserve(&toks->norm, len - i + 16)) < 0)
                return rc;
            k = ascii_run(s->p + i, len - i, toks->norm.ptr + toks->norm.len, &up, &lo,
                          &first_case);
            toks->norm.ptr[toks->norm.len + k] = '\0';
            n_upper += up;
            n_lower += lo;
            seg_cps += (unsigned)k;
            seg_digits += (unsigned)k - up - lo; /* exact when k is 1, all that counts */
            toks->norm.len += k;
            i += k;
            /* the usual end of a word: an ASCII byte that cannot join it to more */
            if (i == len || !(ascii_info[s->p[i]] & (AI_GLUE | AI_HIGH)))
                break;
            continue;
        }
        n = peek(s, i, &cp, &cls);
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
        nn = peek(s, i + n, &ncp, &ncls);
        if (ncls == ENTIDX_CC_WORD) {
            if (cls == ENTIDX_CC_APOS && is_s(ncp)) {
                int32_t c3;
                int cls3;
                peek(s, i + n + nn, &c3, &cls3);
                if (cls3 != ENTIDX_CC_WORD) {
                    possessive = 1;
                    break;
                }
            }
            if (cp == '.') {
                had_dot = 1;
                if (seg_cps != 1 || seg_digits != 0)
                    acronym = 0;
                seg_cps = seg_digits = 0;
            }
            if ((rc = entidx_fold_append(&toks->norm, cp)) < 0)
                return rc;
            i += n;
            continue;
        }
        if (cp == '.' && had_dot && acronym && seg_cps == 1 && seg_digits == 0) {
            final_dot = 1;
            i += n; /* the final dot of "U.S." belongs to the acronym */
            /* ... and "U.S.'s" is still a possessive */
            n = peek(s, i, &cp, &cls);
            nn = peek(s, i + n, &ncp, &ncls);
            if (cls == ENTIDX_CC_APOS && is_s(ncp)) {
                int32_t c3;
                int cls3;
                peek(s, i + n + nn, &c3, &cls3);
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
    if (after_acronym && g->sentence == sentence_before && t->shape == ENTIDX_SHAPE_TITLE &&
        sentence_opener(toks->norm.ptr + t->norm_off, toks->norm.len - t->norm_off)) {
        g->sentence++; /* "in the U.S. The ...": the acronym's dot ended a sentence */
        t->flags &= (uint8_t)~ENTIDX_TOK_JOIN;
    }
    t->sentence = g->sentence;
    if (possessive) {
        t->flags |= ENTIDX_TOK_POSSESSIVE;
        /* skip the apostrophe and the s */
        i += peek(s, i, &cp, &cls);
        i += peek(s, i, &cp, &cls);
    }
    *pos = i;
    if (t->norm_len == 0) {
        /* only marks that fold to nothing (a stray combining accent): not a word */
        g->bits = 0;
        return ENTIDX_OK;
    }
    toks->n++;
    g->bits = possessive ? G_POSSESSIVE : G_JOIN | G_DOT_OK | (final_dot ? G_ACRONYM : 0);
    return ENTIDX_OK;
}

static int tokenize(entidx_tokens *toks, const char *text, size_t len, int fast)
{
    scan s = {(const uint8_t *)text, len};
    gap g = {0, 0};
    size_t i = 0;
    int rc;

    toks->n = 0;
    toks->text_len = len;
    entidx_buf_clear(&toks->norm);
    if (len > UINT32_MAX)
        return ENTIDX_ELIMIT;
    while (i < len) {
        if (fast && !(g.bits & G_ACRONYM)) {
            if ((rc = ascii_words(toks, s.p, len, &i, &g)) < 0)
                return rc;
            if (i == len)
                break;
        }
        if ((rc = one_step(toks, &s, &i, &g)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

int entidx_tokenize(entidx_tokens *toks, const char *text, size_t len)
{
    return tokenize(toks, text, len, 1);
}

int entidx__tokenize_stepwise(entidx_tokens *toks, const char *text, size_t len)
{
    return tokenize(toks, text, len, 0);
}

void entidx_tokens_dispose(entidx_tokens *toks)
{
    entidx_free(toks->v);
    toks->v = NULL;
    toks->n = toks->cap = 0;
    entidx_buf_dispose(&toks->norm);
}
