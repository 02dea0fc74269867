/* SPDX-License-Identifier: MIT */
/*
 * acronym.c - acronyms that a document defines for itself ("the Farm Credit
 * Administration (FCA)"): find a definition in raw text, and tell whether
 * its words are an entity's name. See acronym.h.
 *
 * Both work on raw bytes: the tagger asks about the document's other texts,
 * which are not tokenized until their turn. Words are runs of ASCII letters
 * and digits, bytes of UTF-8 sequences, and the marks that stand inside
 * names (- ' . &), between blanks or line ends.
 */
#include "acronym.h"

#include <string.h>

#define RUN_WINDOW 256 /* bytes before the opening bracket looked at for the run */
#define MAX_WORDS  32  /* words of a run or a name */

typedef struct word {
    const char *p;
    size_t n;
} word;

/* White space between words: blanks and line ends. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || u >= 0x80 ||
           c == '-' || c == '\'' || c == '.' || c == '&';
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Words that stand inside a name without giving its acronym a letter (compared as written). */
static const struct {
    const char *w;
    size_t n;
} function_words[] = {{"&", 1},   {"a", 1},    {"y", 1},   {"an", 2},  {"at", 2},  {"da", 2},
                      {"de", 2},  {"di", 2},   {"do", 2},  {"du", 2},  {"et", 2},  {"in", 2},
                      {"la", 2},  {"le", 2},   {"of", 2},  {"on", 2},  {"to", 2},  {"and", 3},
                      {"das", 3}, {"del", 3},  {"der", 3}, {"des", 3}, {"dos", 3}, {"for", 3},
                      {"fur", 3}, {"les", 3},  {"the", 3}, {"und", 3}, {"van", 3}, {"von", 3},
                      {"für", 4}, {"della", 5}};

static int function_word(const char *p, size_t n, int any_case)
{
    if (n > 5)
        return 0;
    for (size_t k = 0; k < sizeof(function_words) / sizeof(function_words[0]); k++) {
        const char *f = function_words[k].w;
        size_t m = 0;
        if (function_words[k].n != n)
            continue;
        while (m < n && (p[m] == f[m] || (any_case && (p[m] | 0x20) == f[m] && is_upper(p[m]))))
            m++;
        if (m == n)
            return 1;
    }
    return 0;
}

/*
 * Is p[0, n) a dotted abbreviation: capitals each followed by a dot, the
 * last dot optional ("U.S.")?
 */
static int dotted(const char *p, size_t n)
{
    size_t k = 0, letters = 0;
    while (k < n) {
        if (!is_upper(p[k]))
            return 0;
        letters++;
        k++;
        if (k < n && p[k] != '.')
            return 0;
        k += k < n;
    }
    return letters >= 2;
}

/* Split p[0, n) into its words (at most MAX_WORDS: the last ones are kept). */
static size_t split(const char *p, size_t n, word *out)
{
    size_t count = 0, k = 0;
    while (k < n) {
        size_t start;
        while (k < n && is_space(p[k]))
            k++;
        start = k;
        while (k < n && !is_space(p[k]))
            k++;
        if (k > start) {
            if (count == MAX_WORDS) {
                memmove(out, out + 1, (MAX_WORDS - 1) * sizeof(*out));
                count--;
            }
            out[count].p = p + start;
            out[count++].n = k - start;
        }
    }
    return count;
}

/*
 * The capitals of an acronym as written into out ("PBoC" -> "PBC", "U.S." ->
 * "US"), and their number; 0 if it has none to spell.
 */
static size_t acronym_letters(const char *acro, size_t n, char *out)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        char c = acro[k];
        if (is_upper(c)) {
            if (m == ENTIDX_ACRONYM_MAX)
                return 0;
            out[m++] = c;
        } else if (!((c >= 'a' && c <= 'z') || c == '.' || c == '&')) {
            return 0;
        }
    }
    return m >= 2 ? m : 0;
}

/*
 * Do the words before the opening bracket at text[paren] spell letters[0, n)
 * with their initials? Then set *run, *run_len.
 */
static int spelt_before(const char *text, size_t paren, const char *letters, size_t n,
                        const char **run, size_t *run_len)
{
    word w[MAX_WORDS];
    char got[ENTIDX_ACRONYM_MAX];
    size_t start = paren, count, have = 0;

    while (start > 0 && paren - start < RUN_WINDOW &&
           (is_word_byte(text[start - 1]) || is_space(text[start - 1])))
        start--;
    if (start > 0 && is_word_byte(text[start - 1])) /* (the window cut a word) */
        while (start < paren && !is_space(text[start]))
            start++;
    count = split(text + start, paren - start, w);
    if (count == 0 || function_word(w[count - 1].p, w[count - 1].n, 0))
        return 0;
    for (size_t k = count; k-- > 0;) {
        const char *p = w[k].p;
        size_t m = w[k].n;
        if (function_word(p, m, 0))
            continue;
        if (!is_upper(p[0]))
            return 0;
        if (dotted(p, m)) {
            size_t letters_in = (m + 1) / 2;
            if (have + letters_in > n)
                return 0;
            memmove(got + letters_in, got, have);
            for (size_t j = 0; j < letters_in; j++)
                got[j] = p[2 * j];
            have += letters_in;
        } else {
            memmove(got + 1, got, have);
            got[0] = p[0];
            have++;
        }
        if (have == n) {
            if (memcmp(got, letters, n) != 0)
                return 0;
            *run = p;
            *run_len = (size_t)(w[count - 1].p + w[count - 1].n - p);
            return 1;
        }
    }
    return 0;
}

int entidx__acronym_definition(const char *text, size_t len, const char *acro, size_t n,
                               const char **run, size_t *run_len)
{
    char letters[ENTIDX_ACRONYM_MAX];
    size_t n_letters = acronym_letters(acro, n, letters);
    const char *at, *end = text + len;

    if (n_letters == 0)
        return 0;
    for (int k = 0; k < 2; k++) {
        const char open = k == 0 ? '(' : '<', close = k == 0 ? ')' : '>';
        for (at = text; (size_t)(end - at) >= n + 2 &&
                        (at = memchr(at, open, (size_t)(end - at) - n - 1)) != NULL;
             at++) {
            if (memcmp(at + 1, acro, n) == 0 && at[n + 1] == close &&
                spelt_before(text, (size_t)(at - text), letters, n_letters, run, run_len))
                return 1;
        }
    }
    return 0;
}

/*
 * A word's letters for comparing: ASCII folded to lower case, UTF-8 bytes
 * kept, marks dropped, a final possessive "'s" or "’s" dropped; into out
 * (at most `cap` bytes kept).
 */
static size_t folded(const char *p, size_t n, char *out, size_t cap)
{
    size_t m = 0;
    if (n > 2 && p[n - 1] == 's' && p[n - 2] == '\'')
        n -= 2;
    else if (n > 4 && p[n - 1] == 's' && memcmp(p + n - 4, "\xe2\x80\x99", 3) == 0)
        n -= 4;
    for (size_t k = 0; k < n && m < cap; k++) {
        unsigned char c = (unsigned char)p[k];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            out[m++] = (char)(c | 0x20);
        else if ((c >= '0' && c <= '9') || c >= 0x80)
            out[m++] = (char)c;
    }
    return m;
}

#define FOLDED_MAX                                                                 \
    16 /* bytes of a word compared: enough for the first four letters and prefixes \
        */

typedef struct folded_word {
    char b[FOLDED_MAX];
    size_t n;
} folded_word;

/*
 * The words of p[0, n) to compare, function words aside, dotted
 * abbreviations letter by letter, and a hyphen before a capital splitting a
 * word ("Agence France-Presse" has the words of "Agence France Presse";
 * "Co-operation" stays one).
 */
static size_t content_words(const char *p, size_t n, folded_word *out)
{
    word w[MAX_WORDS];
    size_t count = split(p, n, w), m = 0;
    for (size_t k = 0; k < count && m < MAX_WORDS; k++) {
        const char *q = w[k].p, *end = w[k].p + w[k].n;
        if (function_word(q, w[k].n, 1))
            continue;
        if (dotted(q, w[k].n)) {
            for (size_t at = 0; at < w[k].n && m < MAX_WORDS; at += 2) {
                out[m].b[0] = (char)(q[at] | 0x20);
                out[m++].n = 1;
            }
            continue;
        }
        while (q < end && m < MAX_WORDS) {
            const char *part = q;
            while (q < end && !(*q == '-' && q + 1 < end && is_upper(q[1])))
                q++;
            out[m].n = folded(part, (size_t)(q - part), out[m].b, FOLDED_MAX);
            m += out[m].n > 0;
            q += q < end; /* (the hyphen) */
        }
    }
    return m;
}

/* Are two folded words alike: one a prefix of the other, or the same first four bytes? */
static int alike(const folded_word *a, const folded_word *b)
{
    size_t shorter = a->n < b->n ? a->n : b->n;
    return memcmp(a->b, b->b, shorter) == 0 || (shorter >= 4 && memcmp(a->b, b->b, 4) == 0);
}

/* Are the na words of a alike the na words of b from b[at]? */
static int alike_at(const folded_word *a, size_t na, const folded_word *b, size_t at)
{
    for (size_t k = 0; k < na; k++) {
        if (!alike(&a[k], &b[at + k]))
            return 0;
    }
    return 1;
}

int entidx__acronym_run_is(const char *run, size_t run_len, const char *name)
{
    folded_word a[MAX_WORDS], b[MAX_WORDS];
    size_t na = content_words(run, run_len, a), nb = content_words(name, strlen(name), b);
    if (na == 0 || na > nb || (na < nb && na < 2))
        return 0;
    return alike_at(a, na, b, 0) || alike_at(a, na, b, nb - na);
}
