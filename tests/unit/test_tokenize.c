/* SPDX-License-Identifier: MIT */
/*
 * test_tokenize.c - tests for src/lib/tokenize.c and the folding in
 * normalize.c: token boundaries, byte offsets into the original text, folded
 * forms, flags, case shapes, sentence numbers, and robustness.
 */
#include "test_support.h"
#include "alloc.h"
#include "normalize.h"
#include "tokenize.h"

typedef struct want_tok {
    unsigned start, end;
    const char *norm;
    unsigned flags;
    unsigned shape;
} want_tok;

#define J ENTIDX_TOK_JOIN
#define P ENTIDX_TOK_POSSESSIVE
#define Q ENTIDX_TOK_JOIN_PAST_POSSESSIVE

enum {
    L = ENTIDX_SHAPE_LOWER,
    U = ENTIDX_SHAPE_UPPER,
    T = ENTIDX_SHAPE_TITLE,
    M = ENTIDX_SHAPE_MIXED,
    N = ENTIDX_SHAPE_NONE
};

static void expect_tokens_len(const char *text, size_t len, const want_tok *want, size_t n_want)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    char msg[512] = "";
    assert_int_equal(entidx_tokenize(&toks, text, len), ENTIDX_OK);
    if (toks.n != n_want) {
        for (size_t i = 0; i < toks.n; i++)
            print_message("  token %zu: [%u,%u) '%.*s' flags %u shape %u\n", i,
                          (unsigned)toks.v[i].start, (unsigned)toks.v[i].end,
                          (int)toks.v[i].norm_len, toks.norm.ptr + toks.v[i].norm_off,
                          (unsigned)toks.v[i].flags, (unsigned)toks.v[i].shape);
        snprintf(msg, sizeof(msg), "'%s': %zu tokens, expected %zu", text, toks.n, n_want);
    }
    for (size_t i = 0; msg[0] == '\0' && i < n_want; i++) {
        const entidx_token *t = &toks.v[i];
        if (t->start != want[i].start || t->end != want[i].end || t->flags != want[i].flags ||
            t->shape != want[i].shape || t->norm_len != strlen(want[i].norm) ||
            memcmp(toks.norm.ptr + t->norm_off, want[i].norm, t->norm_len) != 0)
            snprintf(msg, sizeof(msg),
                     "'%s' token %zu: [%u,%u) '%.*s' flags %u shape %u; expected [%u,%u) '%s' "
                     "flags %u shape %u",
                     text, i, (unsigned)t->start, (unsigned)t->end, (int)t->norm_len,
                     toks.norm.ptr + t->norm_off, (unsigned)t->flags, (unsigned)t->shape,
                     want[i].start, want[i].end, want[i].norm, want[i].flags, want[i].shape);
    }
    entidx_tokens_dispose(&toks); /* before failing: the suite also runs under leak checkers */
    if (msg[0] != '\0')
        fail_msg("%s", msg);
}

#define EXPECT(text, ...)                                                      \
    do {                                                                       \
        static const want_tok w_[] = {__VA_ARGS__};                            \
        expect_tokens_len(text, strlen(text), w_, sizeof(w_) / sizeof(w_[0])); \
    } while (0)

/* For texts with NUL bytes: the length is that of the literal. */
#define EXPECT_LIT(text, ...)                                                      \
    do {                                                                           \
        static const want_tok w_[] = {__VA_ARGS__};                                \
        expect_tokens_len(text, sizeof(text) - 1, w_, sizeof(w_) / sizeof(w_[0])); \
    } while (0)

/*
 * After a possessive, the next word may only continue a name that has the
 * possessive in it ("People's Republic"): flag Q where J would be but for the
 * possessive, none where the gap would not allow J either.
 */
static void test_tokenize_a_possessive_lets_only_names_with_it_go_on(void **state)
{
    (void)state;
    EXPECT("People's Republic", {0, 6, "people", P, T}, {9, 17, "republic", Q, T});
    EXPECT("People\xe2\x80\x99s\n Republic", {0, 6, "people", P, T}, {12, 20, "republic", Q, T});
    EXPECT("People's-Republic", {0, 6, "people", P, T}, {9, 17, "republic", Q, T});
    EXPECT("People's, Republic", {0, 6, "people", P, T}, {10, 18, "republic", 0, T});
    EXPECT("People's - Republic", {0, 6, "people", P, T}, {11, 19, "republic", 0, T});
    EXPECT("People's\n\nRepublic", {0, 6, "people", P, T}, {10, 18, "republic", 0, T});
    EXPECT("People's. Republic", {0, 6, "people", P, T}, {10, 18, "republic", 0, T});
    /* a dot after a possessive is no abbreviation's, even after an initial */
    EXPECT("the A's. Republic", {0, 3, "the", 0, L}, {4, 5, "a", J | P, U},
           {9, 17, "republic", 0, T});
    EXPECT("the Co's. Republic", {0, 3, "the", 0, L}, {4, 6, "co", J | P, T},
           {10, 18, "republic", 0, T});
    EXPECT("People's Republic's Army", {0, 6, "people", P, T}, {9, 17, "republic", Q | P, T},
           {20, 24, "army", Q, T});
    /* the next gap starts afresh */
    EXPECT("People's Republic China", {0, 6, "people", P, T}, {9, 17, "republic", Q, T},
           {18, 23, "china", J, T});
}

static void test_tokenize_possessive_is_not_part_of_the_token(void **state)
{
    (void)state;
    EXPECT("Germany's economy", {0, 7, "germany", P, T}, {10, 17, "economy", Q, L});
    EXPECT("Germany\xe2\x80\x99s", {0, 7, "germany", P, T}); /* U+2019 */
    EXPECT("Germany\xe2\x80\x99s economy", {0, 7, "germany", P, T}, {12, 19, "economy", Q, L});
    EXPECT("GERMANY'S", {0, 7, "germany", P, U});
    /* a plural possessive: the apostrophe is not in the token, and no flag */
    EXPECT("Americans' views", {0, 9, "americans", 0, T}, {11, 16, "views", 0, L});
    /* "'s" followed by more letters is not a possessive */
    EXPECT("Germany'sx", {0, 10, "germany'sx", 0, T});
}

static void test_tokenize_apostrophes_and_ampersands_join_inside_words(void **state)
{
    (void)state;
    EXPECT("O'Neill", {0, 7, "o'neill", 0, M});
    EXPECT("O\xe2\x80\x99Neill", {0, 9, "o'neill", 0, M}); /* typographic apostrophe folds */
    EXPECT("d\xe2\x80\x99Ivoire", {0, 10, "d'ivoire", 0, M});
    EXPECT("AT&T", {0, 4, "at&t", 0, U});
    EXPECT("AT&T's", {0, 4, "at&t", P, U});
    EXPECT("A & B", {0, 1, "a", 0, U}, {4, 5, "b", 0, U}); /* a spaced & separates */
    EXPECT("rock'", {0, 4, "rock", 0, L});
}

static void test_tokenize_keeps_the_final_dot_of_dotted_acronyms(void **state)
{
    (void)state;
    EXPECT("U.S. officials", {0, 4, "us", 0, U}, {5, 14, "officials", J, L});
    EXPECT("U.S.-led", {0, 4, "us", 0, U}, {5, 8, "led", J, L});
    EXPECT("in the U.S.", {0, 2, "in", 0, L}, {3, 6, "the", J, L}, {7, 11, "us", J, U});
    EXPECT("the U.K. and", {0, 3, "the", 0, L}, {4, 8, "uk", J, U}, {9, 12, "and", J, L});
    EXPECT("U.S.A.", {0, 6, "usa", 0, U});
    EXPECT("(U.S.)", {1, 5, "us", 0, U});
}

static void test_tokenize_possessive_after_an_acronym_dot(void **state)
{
    (void)state;
    /* the token keeps its final dot and gets the flag; "s" is no token of its own */
    EXPECT("the U.S.'s allies", {0, 3, "the", 0, L}, {4, 8, "us", J | P, U},
           {11, 17, "allies", Q, L});
    EXPECT("U.K.\xe2\x80\x99s", {0, 4, "uk", P, U});
}

static void test_tokenize_dots_join_inside_words(void **state)
{
    (void)state;
    EXPECT("Amazon.com", {0, 10, "amazoncom", 0, T});
    EXPECT("Amazon.com.", {0, 10, "amazoncom", 0, T}); /* not an acronym: final dot outside */
    EXPECT("Amazon.com is", {0, 10, "amazoncom", 0, T}, {11, 13, "is", J, L});
    EXPECT("end. Next", {0, 3, "end", 0, L}, {5, 9, "next", 0, T});
}

static void test_tokenize_hyphens_split_and_join(void **state)
{
    (void)state;
    EXPECT("US-led", {0, 2, "us", 0, U}, {3, 6, "led", J, L});
    EXPECT("Guinea-Bissau", {0, 6, "guinea", 0, T}, {7, 13, "bissau", J, T});
    EXPECT("Guinea\xe2\x80\x93"
           "Bissau",
           {0, 6, "guinea", 0, T}, {9, 15, "bissau", J, T}); /* en dash */
    EXPECT("Ireland - Independent", {0, 7, "ireland", 0, T}, {10, 21, "independent", 0, T});
    EXPECT("New\n\nZealand", {0, 3, "new", 0, T}, {5, 12, "zealand", 0, T}); /* a blank line */
    /* a lone combining mark folds to nothing: no empty token, and no name spans it */
    EXPECT("New \xcc\x81 Zealand", {0, 3, "new", 0, T}, {7, 14, "zealand", 0, T});
    EXPECT("Ireland -Independent", {0, 7, "ireland", 0, T}, {9, 20, "independent", 0, T});
}

static void test_tokenize_join_flag_follows_the_gap(void **state)
{
    (void)state;
    EXPECT("New Zealand", {0, 3, "new", 0, T}, {4, 11, "zealand", J, T});
    EXPECT("New\nZealand", {0, 3, "new", 0, T}, {4, 11, "zealand", J, T});
    EXPECT("New \r\n\t Zealand", {0, 3, "new", 0, T}, {8, 15, "zealand", J, T});
    EXPECT("New\xc2\xa0Zealand", {0, 3, "new", 0, T}, {5, 12, "zealand", J, T}); /* NBSP */
    EXPECT("Germany, France", {0, 7, "germany", 0, T}, {9, 15, "france", 0, T});
    EXPECT("Germany. France", {0, 7, "germany", 0, T}, {9, 15, "france", 0, T});
    EXPECT("Germany (France)", {0, 7, "germany", 0, T}, {9, 15, "france", 0, T});
    /* the dot of an initial or an abbreviation lets a name go on */
    EXPECT("Joseph R. Biden", {0, 6, "joseph", 0, T}, {7, 8, "r", J, U}, {10, 15, "biden", J, T});
    EXPECT("Mr. Smith", {0, 2, "mr", 0, T}, {4, 9, "smith", J, T});
    EXPECT("Acme Corp. Ltd", {0, 4, "acme", 0, T}, {5, 9, "corp", J, T}, {11, 14, "ltd", J, T});
    /* but only one dot, right after the word */
    EXPECT("R.. Biden", {0, 1, "r", 0, U}, {4, 9, "biden", 0, T});
    EXPECT("R . Biden", {0, 1, "r", 0, U}, {4, 9, "biden", 0, T});
}

/*
 * Words one space apart (taken by a shortcut in tokenize.c) against every way
 * such a run stops: a word that goes on past an apostrophe, a dot, '&' or a
 * non-ASCII letter, a possessive, two spaces, a word of 16 bytes and more
 * (two SSE2 blocks), digits before the first letter, the end of the text.
 */
static void test_tokenize_words_one_space_apart(void **state)
{
    (void)state;
    EXPECT("alpha Beta GAMMA 42 7up x", {0, 5, "alpha", 0, L}, {6, 10, "beta", J, T},
           {11, 16, "gamma", J, U}, {17, 19, "42", J, N}, {20, 23, "7up", J, L},
           {24, 25, "x", J, L});
    EXPECT("big O'Brien AT&T U.S. cafe caf\xc3\xa9 ok", {0, 3, "big", 0, L},
           {4, 11, "o'brien", J, M}, {12, 16, "at&t", J, U}, {17, 21, "us", J, U},
           {22, 26, "cafe", J, L}, {27, 32, "cafe", J, L}, {33, 35, "ok", J, L});
    EXPECT("the Reuters's  Abcdefghijklmnopqrst UVWXYZabcdefghijklmnopq end", {0, 3, "the", 0, L},
           {4, 11, "reuters", J | P, T}, {15, 35, "abcdefghijklmnopqrst", Q, T},
           {36, 59, "uvwxyzabcdefghijklmnopq", J, M}, {60, 63, "end", J, L});
    EXPECT("one 2b3 Z", {0, 3, "one", 0, L}, {4, 7, "2b3", J, L}, {8, 9, "z", J, U});
}

/*
 * Texts shorter than 16 bytes go 8 bytes at a time: words of 8 bytes and
 * more, each beside the bytes just outside the ranges it tests ('@' and '['
 * around A-Z, '`' and '{' around a-z, '/' and ':' around 0-9, 0x7f).
 */
static void test_tokenize_short_texts_at_range_edges(void **state)
{
    (void)state;
    EXPECT("Zaza09AZ@[x", {0, 8, "zaza09az", 0, M}, {10, 11, "x", 0, L});
    /* each edge byte inside an 8-byte window */
    EXPECT("`ab{cdefghij", {1, 3, "ab", 0, L}, {4, 12, "cdefghij", 0, L});
    EXPECT("Z@AB[CDEFGH", {0, 1, "z", 0, U}, {2, 4, "ab", 0, U}, {5, 11, "cdefgh", 0, U});
    EXPECT("09/12:34567890", {0, 2, "09", 0, N}, {3, 5, "12", 0, N}, {6, 14, "34567890", 0, N});
    EXPECT("ab`cd\x7f"
           "efghijk",
           {0, 2, "ab", 0, L}, {3, 5, "cd", 0, L}, {6, 13, "efghijk", 0, L});
    EXPECT("Abcdefg caf\xc3\xa9", {0, 7, "abcdefg", 0, T}, {8, 13, "cafe", J, L});
}

static void test_tokenize_folds_case_and_accents_keeping_offsets(void **state)
{
    (void)state;
    EXPECT("Cura\xc3\xa7\x61o", {0, 8, "curacao", 0, T});
    EXPECT("CURA\xc3\x87\x41O", {0, 8, "curacao", 0, U});
    EXPECT("Curac\xcc\xa7\x61o", {0, 9, "curacao", 0, T}); /* decomposed: c + combining cedilla */
    EXPECT("S\xc3\x83O TOM\xc3\x89", {0, 4, "sao", 0, U}, {5, 10, "tome", J, U});
    EXPECT("Stra\xc3\x9f\x65", {0, 7, "strasse", 0, T});
    EXPECT("Z\xc3\xbcrich's", {0, 7, "zurich", P, T});
    EXPECT("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", /* Москва */
           {0, 12, "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 0, T});
}

static void test_tokenize_case_shapes(void **state)
{
    (void)state;
    EXPECT("GERMANY", {0, 7, "germany", 0, U});
    EXPECT("Germany", {0, 7, "germany", 0, T});
    EXPECT("germany", {0, 7, "germany", 0, L});
    EXPECT("McDonald", {0, 8, "mcdonald", 0, M});
    EXPECT("iPhone", {0, 6, "iphone", 0, M});
    EXPECT("2019", {0, 4, "2019", 0, N});
    EXPECT("G7", {0, 2, "g7", 0, U});
    EXPECT("A", {0, 1, "a", 0, U});
    EXPECT("GERMANY germany McDonald 2019", {0, 7, "germany", 0, U}, {8, 15, "germany", J, L},
           {16, 24, "mcdonald", J, M}, {25, 29, "2019", J, N});
}

static void test_tokenize_invalid_utf8_separates_tokens(void **state)
{
    (void)state;
    EXPECT_LIT("ab\xff"
               "cd",
               {0, 2, "ab", 0, L}, {3, 5, "cd", 0, L});
    EXPECT_LIT("ab\xff\xfe"
               "cd\xe2\x82"
               "ef",
               {0, 2, "ab", 0, L}, {4, 6, "cd", 0, L}, {8, 10, "ef", 0, L});
    {
        entidx_tokens toks = ENTIDX_TOKENS_INIT;
        assert_int_equal(entidx_tokenize(&toks, "\xe2\x82", 2), ENTIDX_OK);
        assert_int_equal(toks.n, 0);
        entidx_tokens_dispose(&toks);
    }
    EXPECT_LIT("x\xe2\x82", {0, 1, "x", 0, L});
    EXPECT_LIT("\x80\x80\x80y", {3, 4, "y", 0, L});
    EXPECT_LIT("a\xc0\x80"
               "b",
               {0, 1, "a", 0, L}, {3, 4, "b", 0, L}); /* overlong NUL */
}

static void test_tokenize_nul_bytes_and_empty_text(void **state)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;

    EXPECT_LIT("New\0Zealand", {0, 3, "new", 0, T}, {4, 11, "zealand", 0, T});
    EXPECT_LIT("\0\0ab\0", {2, 4, "ab", 0, L});

    assert_int_equal(entidx_tokenize(&toks, "", 0), ENTIDX_OK);
    assert_int_equal(toks.n, 0);
    assert_int_equal(entidx_tokenize(&toks, " \n\t.,;-", 7), ENTIDX_OK);
    assert_int_equal(toks.n, 0);
    /* a second call replaces what the first found */
    assert_int_equal(entidx_tokenize(&toks, "one two", 7), ENTIDX_OK);
    assert_int_equal(toks.n, 2);
    assert_int_equal(entidx_tokenize(&toks, "three", 5), ENTIDX_OK);
    assert_int_equal(toks.n, 1);
    assert_int_equal(toks.v[0].norm_off, 0);
    assert_int_equal(toks.v[0].norm_len, 5);
    assert_int_equal(toks.norm.len, 5);
    assert_memory_equal(toks.norm.ptr, "three", 5);
    assert_int_equal(entidx_tokenize(&toks, "", 0), ENTIDX_OK);
    assert_int_equal(toks.n, 0);
    entidx_tokens_dispose(&toks);
    entidx_tokens_dispose(&toks); /* twice is fine */
}

static void test_tokenize_handles_a_megabyte_token(void **state)
{
    size_t len = 1u << 20;
    char *big = malloc(len);
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;

    assert_non_null(big);
    memset(big, 'a', len);
    big[0] = 'Q';
    assert_int_equal(entidx_tokenize(&toks, big, len), ENTIDX_OK);
    assert_int_equal(toks.n, 1);
    assert_int_equal(toks.v[0].start, 0);
    assert_int_equal(toks.v[0].end, len);
    assert_int_equal(toks.v[0].norm_len, len);
    assert_int_equal(toks.v[0].shape, T);
    assert_int_equal(toks.norm.ptr[0], 'q');
    assert_int_equal(toks.norm.ptr[len - 1], 'a');
    entidx_tokens_dispose(&toks);
    free(big);
}

static void test_tokenize_many_tokens_and_random_bytes_terminate(void **state)
{
    enum { LEN = 300000 };
    char *text = malloc(LEN);
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    uint32_t x = 12345;
    (void)state;

    assert_non_null(text);
    /* "a a a ...": 150000 tokens, far past the first capacity */
    for (size_t i = 0; i < LEN; i++)
        text[i] = (i % 2) ? ' ' : 'a';
    assert_int_equal(entidx_tokenize(&toks, text, LEN), ENTIDX_OK);
    assert_int_equal(toks.n, LEN / 2);
    assert_int_equal(toks.v[LEN / 2 - 1].start, LEN - 2);
    assert_int_equal(toks.v[LEN / 2 - 1].end, LEN - 1);
    /* arbitrary bytes: offsets stay ordered and inside the text */
    for (size_t i = 0; i < LEN; i++) {
        x = x * 1103515245u + 12345u;
        text[i] = (char)(x >> 16);
    }
    assert_int_equal(entidx_tokenize(&toks, text, LEN), ENTIDX_OK);
    for (size_t i = 0; i < toks.n; i++) {
        assert_true(toks.v[i].start < toks.v[i].end);
        assert_true(toks.v[i].end <= LEN);
        if (i > 0)
            assert_true(toks.v[i - 1].end <= toks.v[i].start);
        assert_true(toks.v[i].norm_off + toks.v[i].norm_len <= toks.norm.len);
    }
    entidx_tokens_dispose(&toks);
    free(text);
}

static void test_tokenize_rejects_text_past_32_bit_offsets(void **state)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;
    if (sizeof(size_t) <= 4)
        skip();
    /* the length is checked before any byte is read */
    assert_int_equal(entidx_tokenize(&toks, "x", (size_t)UINT32_MAX + 1), ENTIDX_ELIMIT);
    assert_int_equal(toks.n, 0);
    entidx_tokens_dispose(&toks);
}

/* Tokenize text: n_want tokens, token i in sentence want[i]. */
static void expect_sentences(const char *text, const uint32_t *want, size_t n_want)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    assert_int_equal(entidx_tokenize(&toks, text, strlen(text)), ENTIDX_OK);
    assert_int_equal(toks.n, n_want);
    for (size_t i = 0; i < toks.n; i++) {
        if (toks.v[i].sentence != want[i])
            fail_msg("token %zu ('%.*s') in sentence %u, expected %u", i,
                     (int)(toks.v[i].end - toks.v[i].start), text + toks.v[i].start,
                     (unsigned)toks.v[i].sentence, (unsigned)want[i]);
    }
    entidx_tokens_dispose(&toks);
}

static void test_tokenize_numbers_sentences(void **state)
{
    static const char text[] = "Mr. Smith met Dr. Jones. They spoke in the U.S. Then? yes! "
                               "No, said he. then on.\n\nNew paragraph";
    /* "yes" and "then" start in lower case, so "?" and the dot of "he." do not end a
       sentence; "Then" after "U.S." starts one */
    static const uint32_t want[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4};
    (void)state;
    expect_sentences(text, want, sizeof(want) / sizeof(want[0]));
}

/*
 * A number's dots are not an acronym's: the dot after "1.5" ends the
 * sentence, as after "12.5", while "U.S." keeps its last dot.
 */
static void test_tokenize_dot_after_a_decimal_ends_the_sentence(void **state)
{
    static const uint32_t want[] = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3};
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    static const char text[] = "It rose 1.5. Then 12.5. The U.S. Treasury said 2.5.1. Yes";
    (void)state;
    expect_sentences(text, want, sizeof(want) / sizeof(want[0]));
    assert_int_equal(entidx_tokenize(&toks, text, sizeof(text) - 1), ENTIDX_OK);
    assert_int_equal(toks.v[2].end, 11); /* "1.5", without the dot */
    assert_int_equal(toks.v[6].end, 32); /* "U.S." */
    assert_int_equal(toks.v[9].end, 52); /* "2.5.1" */
    entidx_tokens_dispose(&toks);
}

/*
 * A dotted acronym keeps its last dot, so its dot ends no sentence: "the
 * U.S. Treasury". A capitalised word that only starts sentences ("The",
 * "He", "But") after it, with white space only between, starts one.
 */
static void test_tokenize_acronym_before_a_sentence_start(void **state)
{
    static const uint32_t want[] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3};
    static const uint32_t want2[] = {0, 0, 0, 0, 0, 0, 0, 0};
    static const uint32_t want3[] = {0, 1, 1};
    (void)state;
    /* "The" and "He" (after a line break) start sentences; "Treasury" and "the" do not */
    expect_sentences("He lives in U.S. The U.S. Treasury and the U.K. the plan, "
                     "said U.K.\nHe went to the U.N. But",
                     want, sizeof(want) / sizeof(want[0]));
    /* not after punctuation, nor in capitals ("U.S. THE"), nor a word off the list */
    expect_sentences("U.S., The U.S. THE U.S. Thus U.K. Though", want2,
                     sizeof(want2) / sizeof(want2[0]));
    /* after a blank line, which starts a sentence anyway, it is one sentence more, not two */
    expect_sentences("U.S.\n\nThe end", want3, sizeof(want3) / sizeof(want3[0]));
}

/* A text's first sentence is number 0, whatever comes before its first word. */
static void test_tokenize_first_word_opens_sentence_0(void **state)
{
    static const uint32_t want[] = {0, 0, 1};
    (void)state;
    expect_sentences("... Hello there. Bye", want, 3);
    expect_sentences("?! Hello there. Bye", want, 3);
    expect_sentences("\n\n\nHello there. Bye", want, 3);
    expect_sentences("\xe2\x80\x94. Hello there. Bye", want,
                     3); /* a dash, then the general scanner */
}

/*
 * A dot after a listed abbreviation (up to six letters, "Messrs") or an
 * initial does not end a sentence; after a longer word, or one of the list
 * with a letter more ("Septs"), it does.
 */
static void test_tokenize_abbreviations_keep_the_sentence(void **state)
{
    static const char text[] = "Messrs. Smith and Sept. Jones met B. Smith. Messrsx. Lee "
                               "and Septs. Kim";
    static const uint32_t want[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 3};
    (void)state;
    expect_sentences(text, want, sizeof(want) / sizeof(want[0]));
}

/*
 * Every listed abbreviation, capitalised, keeps the sentence across its dot;
 * with a letter more, or a letter less when that is not listed too, it does
 * not. Pins the whole list (the tokenizer searches it in sorted order).
 */
static void test_tokenize_every_listed_abbreviation(void **state)
{
    static const char *const listed[] = {
        "adm",  "apr", "aug",    "capt", "cmdr", "co",   "col", "corp", "dec", "dr",  "feb",
        "ft",   "gen", "gov",    "hon",  "inc",  "jan",  "jr",  "jul",  "jun", "lt",  "ltd",
        "maj",  "mar", "messrs", "mr",   "mrs",  "ms",   "mt",  "no",   "nov", "oct", "pres",
        "prof", "rep", "rev",    "sen",  "sep",  "sept", "sgt", "sr",   "st",  "vs"};
    static const char *const unlisted[] = {
        "a",  "ad",  "ap",    "cap", "cm",  "cor", "de",  "fe",  "ge", "go", "ho", "in", "ja",
        "ma", "mes", "messr", "n",   "no2", "oc",  "pre", "pro", "re", "se", "sg", "v",  "zz"};
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    char text[32];
    (void)state;

    for (size_t k = 0; k < sizeof(listed) / sizeof(listed[0]); k++) {
        for (int more = 0; more < 2; more++) {
            int n = snprintf(text, sizeof(text), "%c%s%s. Smith", listed[k][0] - 'a' + 'A',
                             listed[k] + 1, more ? "x" : "");
            assert_int_equal(entidx_tokenize(&toks, text, (size_t)n), ENTIDX_OK);
            assert_int_equal(toks.n, 2);
            if (toks.v[1].sentence != (uint32_t)more)
                fail_msg("\"%s\": Smith in sentence %u", text, (unsigned)toks.v[1].sentence);
        }
    }
    for (size_t k = 0; k < sizeof(unlisted) / sizeof(unlisted[0]); k++) {
        int n = snprintf(text, sizeof(text), "%c%s. Smith", unlisted[k][0] - 'a' + 'A',
                         unlisted[k] + 1);
        /* one letter is an initial: it keeps the sentence as the listed words do */
        uint32_t want = strlen(unlisted[k]) == 1 ? 0 : 1;
        assert_int_equal(entidx_tokenize(&toks, text, (size_t)n), ENTIDX_OK);
        if (toks.v[toks.n - 1].sentence != want)
            fail_msg("\"%s\": Smith in sentence %u", text, (unsigned)toks.v[toks.n - 1].sentence);
    }
    entidx_tokens_dispose(&toks);
}

static void test_tokenize_survives_allocation_failure(void **state)
{
    static const char text[] = "Germany's economy grew in the U.S. and Cura\xc3\xa7\x61o.";
    unsigned long total;
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;

    entidx_alloc_fail_at(0);
    assert_int_equal(entidx_tokenize(&toks, text, sizeof(text) - 1), ENTIDX_OK);
    total = entidx_alloc_count();
    assert_int_equal(toks.n, 8);
    entidx_tokens_dispose(&toks);
    assert_true(total >= 2); /* the token array and the folded text */

    for (unsigned long fail = 1; fail <= total; fail++) {
        entidx_tokens t2 = ENTIDX_TOKENS_INIT;
        int rc;
        entidx_alloc_fail_at(fail);
        rc = entidx_tokenize(&t2, text, sizeof(text) - 1);
        entidx_alloc_fail_at(0);
        assert_int_equal(rc, ENTIDX_ENOMEM);
        /* the same object works again afterwards */
        assert_int_equal(entidx_tokenize(&t2, text, sizeof(text) - 1), ENTIDX_OK);
        assert_int_equal(t2.n, 8);
        entidx_tokens_dispose(&t2);
    }
}

static void test_tokenize_classifies_characters(void **state)
{
    (void)state;
    assert_int_equal(entidx_char_class('a'), ENTIDX_CC_WORD);
    assert_int_equal(entidx_char_class('7'), ENTIDX_CC_WORD);
    assert_int_equal(entidx_char_class(' '), ENTIDX_CC_SPACE);
    assert_int_equal(entidx_char_class('\n'), ENTIDX_CC_SPACE);
    assert_int_equal(entidx_char_class('\''), ENTIDX_CC_APOS);
    assert_int_equal(entidx_char_class('-'), ENTIDX_CC_DASH);
    assert_int_equal(entidx_char_class('.'), ENTIDX_CC_OTHER);
    assert_int_equal(entidx_char_class(0), ENTIDX_CC_OTHER);
    assert_int_equal(entidx_char_class(0x00a0), ENTIDX_CC_SPACE); /* no-break space */
    assert_int_equal(entidx_char_class(0x2028), ENTIDX_CC_SPACE); /* line separator */
    assert_int_equal(entidx_char_class(0x2013), ENTIDX_CC_DASH);  /* en dash */
    assert_int_equal(entidx_char_class(0x2019), ENTIDX_CC_APOS);
    assert_int_equal(entidx_char_class(0x02bc), ENTIDX_CC_APOS);
    assert_int_equal(entidx_char_class(0x0416), ENTIDX_CC_WORD);  /* Cyrillic Zhe */
    assert_int_equal(entidx_char_class(0x0327), ENTIDX_CC_WORD);  /* combining cedilla */
    assert_int_equal(entidx_char_class(0x201c), ENTIDX_CC_OTHER); /* left double quote */
    assert_int_equal(entidx_char_class(-1), ENTIDX_CC_OTHER);
    assert_int_equal(entidx_char_case('a'), ENTIDX_CASE_LOWER);
    assert_int_equal(entidx_char_case('Z'), ENTIDX_CASE_UPPER);
    assert_int_equal(entidx_char_case('5'), ENTIDX_CASE_NONE);
    assert_int_equal(entidx_char_case(0x00e7), ENTIDX_CASE_LOWER); /* ç */
    assert_int_equal(entidx_char_case(0x0130), ENTIDX_CASE_UPPER); /* İ */
    assert_int_equal(entidx_char_case(0x01c5), ENTIDX_CASE_UPPER); /* Dž, title case */
}

/* Every field of every token the same, and the same folded forms. */
static void expect_same_tokens(const entidx_tokens *a, const entidx_tokens *b, const char *text,
                               size_t len)
{
    if (a->n != b->n)
        fail_msg("'%.*s': %zu tokens, the general scanner finds %zu", (int)len, text, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const entidx_token *x = &a->v[i], *y = &b->v[i];
        if (x->start != y->start || x->end != y->end || x->flags != y->flags ||
            x->shape != y->shape || x->sentence != y->sentence || x->norm_len != y->norm_len ||
            memcmp(a->norm.ptr + x->norm_off, b->norm.ptr + y->norm_off, x->norm_len) != 0)
            fail_msg("'%.*s' token %zu: [%u,%u) '%.*s' flags %u shape %u sentence %u; the general "
                     "scanner finds [%u,%u) '%.*s' flags %u shape %u sentence %u",
                     (int)len, text, i, (unsigned)x->start, (unsigned)x->end, (int)x->norm_len,
                     a->norm.ptr + x->norm_off, (unsigned)x->flags, (unsigned)x->shape,
                     (unsigned)x->sentence, (unsigned)y->start, (unsigned)y->end, (int)y->norm_len,
                     b->norm.ptr + y->norm_off, (unsigned)y->flags, (unsigned)y->shape,
                     (unsigned)y->sentence);
    }
}

/*
 * The fast path for ASCII text (whole-vector words, gaps in a tight loop)
 * against the general scanner alone: each piece after 0 to 17 bytes of
 * filler, so its words meet the 16-byte vector edge and the end of the text
 * at every offset, and cut short at every length.
 */
static void test_tokenize_fast_path_agrees_with_the_general_scanner(void **state)
{
    static const char *const pieces[] = {
        "Mr. Smith met AT&T and U.S. officials on Jan. 5. Then he left",
        "the Guinea-Bissau envoy left - quietly.\n\nA new paragraph: O'Neill's firm",
        "Amazon.com paid $1.5 billion (about 20%) to the\tWorld Bank's fund. x.",
        "counterrevolutionaries ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 abcdefghijklmnop. q",
        "R. Biden? Yes! e.g. 3.14 and 155,221 bags. ABC. iPhone McDONALD Title",
        "AT& T&. it' s' x'y Rock'n'roll. a.b. A.B.C.'s U.S.'s end.\r\n\n  \n next",
        "Germany's. BANK'S x's-y z's\xc3\xa9 q's\xe2\x80\x9d w'ss 1's Fed's\nrate",
        "1.5. 2.5.1 3.5bn. 10.5M 0.25's 1.A.B. 7.x' 8.5&1 9.9.'s 4.\xc3\xa9 5.\xff 6.. 2.0.\n",
        "12345678901234.5 1.123456789012345678Ab 99.5'S. 3.1'x 1.2&. 12. 5.",
        "Ca\xc3\xa7"
        "ao \xe2\x80\x94 Cura\xc3\xa7"
        "ao\xe2\x80\x99s rum, caf\xc3\xa9. \xff bad B\xcc\x81"
        "b",
    };
    entidx_tokens fast = ENTIDX_TOKENS_INIT, ref = ENTIDX_TOKENS_INIT;
    char text[160];
    (void)state;

    /* first calls, with nothing allocated yet, on a gap that is not ASCII */
    assert_int_equal(entidx_tokenize(&fast, "\xe2 x", 3), ENTIDX_OK);
    assert_int_equal(entidx__tokenize_stepwise(&ref, "\xe2 x", 3), ENTIDX_OK);
    expect_same_tokens(&fast, &ref, "\xe2 x", 3);
    assert_int_equal(fast.n, 1);

    for (size_t p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++) {
        size_t plen = strlen(pieces[p]);
        for (size_t shift = 0; shift < 18; shift++) {
            memset(text, shift % 2 ? 'x' : ' ', shift);
            memcpy(text + shift, pieces[p], plen + 1);
            for (size_t cut = shift; cut <= shift + plen; cut++) {
                assert_int_equal(entidx_tokenize(&fast, text, cut), ENTIDX_OK);
                assert_int_equal(entidx__tokenize_stepwise(&ref, text, cut), ENTIDX_OK);
                expect_same_tokens(&fast, &ref, text, cut);
            }
        }
    }
    entidx_tokens_dispose(&fast);
    entidx_tokens_dispose(&ref);
}

static void test_tokenize_fold_string(void **state)
{
    entidx_buf b = ENTIDX_BUF_INIT;
    (void)state;
    assert_int_equal(entidx_fold_string(&b, "CURA\xc3\x87\x41O", 8), ENTIDX_OK);
    assert_string_equal(b.ptr, "curacao");
    entidx_buf_clear(&b);
    assert_int_equal(entidx_fold_string(&b, "U.S.", 4), ENTIDX_OK);
    assert_string_equal(b.ptr, "us");
    entidx_buf_clear(&b);
    assert_int_equal(entidx_fold_string(&b, "C\xc3\xb4te d\xe2\x80\x99Ivoire", 16), ENTIDX_OK);
    assert_string_equal(b.ptr, "cote d'ivoire");
    entidx_buf_clear(&b);
    assert_int_equal(entidx_fold_string(&b,
                                        "a\xff"
                                        "b",
                                        3),
                     ENTIDX_OK); /* invalid dropped */
    assert_string_equal(b.ptr, "ab");
    entidx_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_possessive_is_not_part_of_the_token),
        cmocka_unit_test(test_tokenize_a_possessive_lets_only_names_with_it_go_on),
        cmocka_unit_test(test_tokenize_apostrophes_and_ampersands_join_inside_words),
        cmocka_unit_test(test_tokenize_keeps_the_final_dot_of_dotted_acronyms),
        cmocka_unit_test(test_tokenize_possessive_after_an_acronym_dot),
        cmocka_unit_test(test_tokenize_dots_join_inside_words),
        cmocka_unit_test(test_tokenize_hyphens_split_and_join),
        cmocka_unit_test(test_tokenize_join_flag_follows_the_gap),
        cmocka_unit_test(test_tokenize_words_one_space_apart),
        cmocka_unit_test(test_tokenize_short_texts_at_range_edges),
        cmocka_unit_test(test_tokenize_folds_case_and_accents_keeping_offsets),
        cmocka_unit_test(test_tokenize_case_shapes),
        cmocka_unit_test(test_tokenize_invalid_utf8_separates_tokens),
        cmocka_unit_test(test_tokenize_nul_bytes_and_empty_text),
        cmocka_unit_test(test_tokenize_handles_a_megabyte_token),
        cmocka_unit_test(test_tokenize_many_tokens_and_random_bytes_terminate),
        cmocka_unit_test(test_tokenize_rejects_text_past_32_bit_offsets),
        cmocka_unit_test(test_tokenize_numbers_sentences),
        cmocka_unit_test(test_tokenize_acronym_before_a_sentence_start),
        cmocka_unit_test(test_tokenize_first_word_opens_sentence_0),
        cmocka_unit_test(test_tokenize_dot_after_a_decimal_ends_the_sentence),
        cmocka_unit_test(test_tokenize_abbreviations_keep_the_sentence),
        cmocka_unit_test(test_tokenize_every_listed_abbreviation),
        cmocka_unit_test(test_tokenize_survives_allocation_failure),
        cmocka_unit_test(test_tokenize_classifies_characters),
        cmocka_unit_test(test_tokenize_fold_string),
        cmocka_unit_test(test_tokenize_fast_path_agrees_with_the_general_scanner),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
