/* SPDX-License-Identifier: MIT */
/*
 * test_tokenize.c - tests for src/lib/tokenize.c and the folding in
 * normalize.c: token boundaries, byte offsets into the original text, folded
 * forms, flags, case shapes, sentence numbers, and robustness.
 */
#include "test_support.h"
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

static void expect_tokens(const char *text, const want_tok *want, size_t n_want)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    assert_int_equal(entidx_tokenize(&toks, text, strlen(text)), ENTIDX_OK);
    if (toks.n != n_want)
        fail_msg("'%s': %zu tokens, expected %zu", text, toks.n, n_want);
    for (size_t i = 0; i < n_want; i++) {
        const entidx_token *t = &toks.v[i];
        if (t->start != want[i].start || t->end != want[i].end || t->flags != want[i].flags ||
            (want[i].shape != 9 && t->shape != want[i].shape) ||
            t->norm_len != strlen(want[i].norm) ||
            memcmp(toks.norm.ptr + t->norm_off, want[i].norm, t->norm_len) != 0)
            fail_msg("'%s' token %zu: [%u,%u) '%.*s' flags %u shape %u; expected [%u,%u) '%s' "
                     "flags %u shape %u",
                     text, i, (unsigned)t->start, (unsigned)t->end, (int)t->norm_len,
                     toks.norm.ptr + t->norm_off, (unsigned)t->flags, (unsigned)t->shape,
                     want[i].start, want[i].end, want[i].norm, want[i].flags, want[i].shape);
    }
    entidx_tokens_dispose(&toks);
}

#define EXPECT(text, ...)                                    \
    do {                                                     \
        static const want_tok w_[] = {__VA_ARGS__};          \
        expect_tokens(text, w_, sizeof(w_) / sizeof(w_[0])); \
    } while (0)

enum {
    L = ENTIDX_SHAPE_LOWER,
    U = ENTIDX_SHAPE_UPPER,
    T = ENTIDX_SHAPE_TITLE,
    M = ENTIDX_SHAPE_MIXED,
    N = ENTIDX_SHAPE_NONE,
    ANY = 9
};

static void test_tokenize_possessives_are_not_part_of_the_token(void **state)
{
    (void)state;
    EXPECT("Germany's economy", {0, 7, "germany", P, T}, {10, 17, "economy", 0, L});
    EXPECT("Germany\xe2\x80\x99s", {0, 7, "germany", P, T});
    EXPECT("Americans' views", {0, 9, "americans", 0, T}, {11, 16, "views", 0, L});
    EXPECT("O'Neill", {0, 7, "o'neill", 0, M});
    EXPECT("d\xe2\x80\x99Ivoire", {0, 10, "d'ivoire", 0, M});
}

static void test_tokenize_keeps_acronym_dots_and_ampersands(void **state)
{
    (void)state;
    EXPECT("U.S. officials", {0, 4, "us", 0, U}, {5, 14, "officials", J, L});
    EXPECT("U.S.-led", {0, 4, "us", 0, U}, {5, 8, "led", J, L});
    EXPECT("in the U.S.", {0, 2, "in", 0, L}, {3, 6, "the", J, L}, {7, 11, "us", J, U});
    EXPECT("AT&T", {0, 4, "at&t", 0, U});
    EXPECT("Amazon.com.", {0, 10, "amazoncom", 0, T});
}

static void test_tokenize_marks_where_names_may_continue(void **state)
{
    (void)state;
    EXPECT("US-led", {0, 2, "us", 0, U}, {3, 6, "led", J, L});
    EXPECT("New\nZealand", {0, 3, "new", 0, T}, {4, 11, "zealand", J, T});
    EXPECT("Germany, France", {0, 7, "germany", 0, T}, {9, 15, "france", 0, T});
    EXPECT("Joseph R. Biden", {0, 6, "joseph", 0, T}, {7, 8, "r", J, U}, {10, 15, "biden", J, T});
    EXPECT("Germany. France", {0, 7, "germany", 0, T}, {9, 15, "france", 0, T});
    EXPECT("Ireland - Independent", {0, 7, "ireland", 0, T}, {10, 21, "independent", 0, T});
    EXPECT("Guinea\xe2\x80\x93" "Bissau", {0, 6, "guinea", 0, T}, {9, 15, "bissau", J, T});
}

static void test_tokenize_folds_case_and_accents_keeping_offsets(void **state)
{
    (void)state;
    EXPECT("Cura\xc3\xa7\x61o", {0, 8, "curacao", 0, T});
    EXPECT("CURA\xc3\x87\x41O", {0, 8, "curacao", 0, U});
    EXPECT("S\xc3\x83O TOM\xc3\x89", {0, 4, "sao", 0, U}, {5, 10, "tome", J, U});
    EXPECT("Stra\xc3\x9f\x65", {0, 7, "strasse", 0, T});
    EXPECT("GERMANY germany McDonald 2019", {0, 7, "germany", 0, U}, {8, 15, "germany", J, L},
           {16, 24, "mcdonald", J, M}, {25, 29, "2019", J, N});
}

static void test_tokenize_survives_invalid_utf8_and_nul_bytes(void **state)
{
    static const char text[] = "ab\xff\xfe"
                               "cd\xe2\x82"
                               "ef\0gh";
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;
    assert_int_equal(entidx_tokenize(&toks, text, sizeof(text) - 1), ENTIDX_OK);
    assert_int_equal(toks.n, 4);
    assert_int_equal(toks.v[1].start, 4);
    assert_int_equal(toks.v[3].start, 11);
    assert_int_equal(toks.v[3].end, 13);
    assert_int_equal(entidx_tokenize(&toks, "", 0), ENTIDX_OK);
    assert_int_equal(toks.n, 0);
    entidx_tokens_dispose(&toks);
}

static void test_tokenize_handles_a_megabyte_token(void **state)
{
    size_t len = 1 << 20;
    char *big = malloc(len);
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;
    assert_non_null(big);
    memset(big, 'a', len);
    assert_int_equal(entidx_tokenize(&toks, big, len), ENTIDX_OK);
    assert_int_equal(toks.n, 1);
    assert_int_equal(toks.v[0].end, len);
    assert_int_equal(toks.v[0].norm_len, len);
    entidx_tokens_dispose(&toks);
    free(big);
}

static void test_tokenize_numbers_sentences(void **state)
{
    static const char text[] = "Mr. Smith met Dr. Jones. They spoke in the U.S. Then? yes! "
                               "No, said he. then on.\n\nNew paragraph";
    /* "yes" and "then" start in lower case, so "?" and the dot of "he." do not end a sentence */
    static const uint32_t want[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3};
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    (void)state;
    assert_int_equal(entidx_tokenize(&toks, text, strlen(text)), ENTIDX_OK);
    assert_int_equal(toks.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < toks.n; i++) {
        if (toks.v[i].sentence != want[i])
            fail_msg("token %zu ('%.*s') in sentence %u, expected %u", i,
                     (int)(toks.v[i].end - toks.v[i].start), text + toks.v[i].start,
                     (unsigned)toks.v[i].sentence, (unsigned)want[i]);
    }
    entidx_tokens_dispose(&toks);
}

static void test_tokenize_classifies_characters(void **state)
{
    (void)state;
    assert_int_equal(entidx_char_class(0x00a0), ENTIDX_CC_SPACE); /* no-break space */
    assert_int_equal(entidx_char_class(0x2013), ENTIDX_CC_DASH);  /* en dash */
    assert_int_equal(entidx_char_class(0x2019), ENTIDX_CC_APOS);
    assert_int_equal(entidx_char_class(0x0416), ENTIDX_CC_WORD);  /* Cyrillic Zhe */
    assert_int_equal(entidx_char_class(0x201c), ENTIDX_CC_OTHER); /* left double quote */
    assert_int_equal(entidx_char_class(-1), ENTIDX_CC_OTHER);
    assert_int_equal(entidx_char_case(0x0130), ENTIDX_CASE_UPPER); /* İ */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_possessives_are_not_part_of_the_token),
        cmocka_unit_test(test_tokenize_keeps_acronym_dots_and_ampersands),
        cmocka_unit_test(test_tokenize_marks_where_names_may_continue),
        cmocka_unit_test(test_tokenize_folds_case_and_accents_keeping_offsets),
        cmocka_unit_test(test_tokenize_survives_invalid_utf8_and_nul_bytes),
        cmocka_unit_test(test_tokenize_handles_a_megabyte_token),
        cmocka_unit_test(test_tokenize_numbers_sentences),
        cmocka_unit_test(test_tokenize_classifies_characters),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
