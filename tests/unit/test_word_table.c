/* SPDX-License-Identifier: MIT */
/*
 * test_word_table.c - tests for src/lib/word_table.c: a word's bits are those
 * of every list that holds it, near misses find nothing, a full table still
 * finds every word, and lists that outgrow it are refused.
 */
#include "test_support.h"
#include "word_table.h"

static const char *const forms[] = {"corp", "inc", "co", "ltd"};
static const char *const heads[] = {"bank", "corp", "air"};
static const char *const one_letter[] = {"a"};

static uint32_t bits_of(const entidx_word_table *t, const char *w)
{
    return entidx_word_table_bits(t, w, strlen(w));
}

static void test_word_table_bits_of_every_list(void **state)
{
    static entidx_word_table t;
    const entidx_word_list lists[] = {
        {forms, 4, 1u << 0}, {heads, 3, 1u << 5}, {one_letter, 1, 1u << 31}};
    (void)state;

    assert_int_equal(entidx_word_table_build(&t, lists, 3), 0);
    assert_int_equal(t.n, 7); /* "corp" once */
    assert_int_equal(t.max_len, 4);
    assert_int_equal(bits_of(&t, "corp"), (1u << 0) | (1u << 5));
    assert_int_equal(bits_of(&t, "inc"), 1u << 0);
    assert_int_equal(bits_of(&t, "co"), 1u << 0);
    assert_int_equal(bits_of(&t, "ltd"), 1u << 0);
    assert_int_equal(bits_of(&t, "bank"), 1u << 5);
    assert_int_equal(bits_of(&t, "air"), 1u << 5);
    assert_int_equal(bits_of(&t, "a"), 1u << 31);
    /* near misses: a prefix, a longer word, another case, nothing */
    assert_int_equal(bits_of(&t, "cor"), 0);
    assert_int_equal(bits_of(&t, "corps"), 0);
    assert_int_equal(bits_of(&t, "banks"), 0);
    assert_int_equal(bits_of(&t, "Corp"), 0);
    assert_int_equal(bits_of(&t, "c"), 0);
    assert_int_equal(bits_of(&t, ""), 0);
    /* the length counts, not a NUL: "cor" of "corp" is no word */
    assert_int_equal(entidx_word_table_bits(&t, "corp", 3), 0);
    assert_int_equal(entidx_word_table_bits(&t, "incorporated", 3), 1u << 0);
}

/* Words "w0" to "w<n-1>" into words[], their bytes in store (room for any size_t). */
static void many_words(char (*store)[24], const char **words, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        snprintf(store[k], sizeof(store[k]), "w%zu", k);
        words[k] = store[k];
    }
}

static void test_word_table_full_finds_every_word(void **state)
{
    static entidx_word_table t;
    static char store[ENTIDX_WORD_TABLE_MAX][24];
    static const char *words[ENTIDX_WORD_TABLE_MAX];
    entidx_word_list lists[3];
    (void)state;

    many_words(store, words, ENTIDX_WORD_TABLE_MAX);
    /* three lists, a third of the words each (the last takes the rest) */
    for (int l = 0; l < 3; l++) {
        size_t first = (size_t)l * (ENTIDX_WORD_TABLE_MAX / 3);
        size_t n = l < 2 ? ENTIDX_WORD_TABLE_MAX / 3 : ENTIDX_WORD_TABLE_MAX - first;
        lists[l].words = words + first;
        lists[l].n = n;
        lists[l].bit = 1u << (3 * l);
    }
    assert_int_equal(entidx_word_table_build(&t, lists, 3), 0);
    assert_int_equal(t.n, ENTIDX_WORD_TABLE_MAX);
    for (size_t k = 0; k < ENTIDX_WORD_TABLE_MAX; k++) {
        size_t l = k / (ENTIDX_WORD_TABLE_MAX / 3);
        uint32_t want = 1u << (3 * (l > 2 ? 2 : l));
        if (bits_of(&t, words[k]) != want)
            fail_msg("%s: bits %x, expected %x", words[k], (unsigned)bits_of(&t, words[k]),
                     (unsigned)want);
    }
    assert_int_equal(bits_of(&t, "w2048"), 0);
    assert_int_equal(bits_of(&t, "x1"), 0);
}

static void test_word_table_refuses_too_many_words(void **state)
{
    static entidx_word_table t;
    static char store[ENTIDX_WORD_TABLE_MAX + 1][24];
    static const char *words[ENTIDX_WORD_TABLE_MAX + 1];
    entidx_word_list list;
    (void)state;

    many_words(store, words, ENTIDX_WORD_TABLE_MAX + 1);
    list.words = words;
    list.n = ENTIDX_WORD_TABLE_MAX + 1;
    list.bit = 1;
    assert_int_equal(entidx_word_table_build(&t, &list, 1), -1);
    assert_int_equal(t.n, ENTIDX_WORD_TABLE_MAX);
    /* the words before the limit are there, the one past it is not */
    assert_int_equal(bits_of(&t, "w0"), 1);
    assert_int_equal(bits_of(&t, "w2047"), 1);
    assert_int_equal(bits_of(&t, "w2048"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_table_bits_of_every_list),
        cmocka_unit_test(test_word_table_full_finds_every_word),
        cmocka_unit_test(test_word_table_refuses_too_many_words),
    };
    return cmocka_run_group_tests_name("word_table", tests, NULL, NULL);
}
