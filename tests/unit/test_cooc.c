/* SPDX-License-Identifier: MIT */
/*
 * test_cooc.c - tests for src/lib/cooc.c: pair counts, document frequencies,
 * ordering, --min-count and --top, on documents known by hand.
 */
#include "test_support.h"

static const char gaz[] = "id\ttype\tname\n"
                          "A\tORG\tAlpha\n"
                          "B\tORG\tBeta\n"
                          "C\tORG\tGamma\n"
                          "D\tORG\tDelta\n";

/* docs: {A,B,C} {A,B} {B,C,C} {D} {} {A,B} */
static entidx_index *open_fixture(entidx_gazetteer **gz)
{
    static const uint32_t d0[] = {0, 1, 2}, d1[] = {0, 1}, d2[] = {2, 1, 2}, d3[] = {3},
                          d5[] = {1, 0};
    static const uint32_t *docs[] = {d0, d1, d2, d3, NULL, d5};
    static const size_t lens[] = {3, 2, 3, 1, 0, 2};
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_index *ix = NULL;

    *gz = ts_gazetteer(gaz);
    assert_int_equal(entidx_index_writer_open(&w, path, *gz, NULL, NULL), ENTIDX_OK);
    for (int i = 0; i < 6; i++) {
        entidx_doc d;
        memset(&d, 0, sizeof(d));
        d.id = d.title = d.date = d.url = "";
        assert_int_equal(
            entidx_index_writer_add(w, &d, ts_mentions(docs[i], lens[i]), lens[i], NULL),
            ENTIDX_OK);
    }
    assert_int_equal(entidx_index_writer_finish(w, NULL), ENTIDX_OK);
    entidx_index_writer_free(w);
    assert_int_equal(entidx_index_open(&ix, path, NULL), ENTIDX_OK);
    return ix;
}

static void expect_pair(const entidx_cooc_pair *p, uint32_t a, uint32_t b, uint32_t count,
                        uint32_t df_a, uint32_t df_b)
{
    assert_int_equal(p->a, a);
    assert_int_equal(p->b, b);
    assert_int_equal(p->count, count);
    assert_int_equal(p->df_a, df_a);
    assert_int_equal(p->df_b, df_b);
}

static void test_cooc_counts_document_pairs_in_order(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz);
    entidx_cooc_pair *pairs;
    size_t n;
    (void)state;

    assert_int_equal(entidx_cooc_compute(ix, NULL, &pairs, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 3);
    expect_pair(&pairs[0], 0, 1, 3, 3, 4); /* A-B in docs 0, 1, 5 */
    expect_pair(&pairs[1], 1, 2, 2, 4, 2); /* B-C in docs 0, 2 (C twice in 2 counts once) */
    expect_pair(&pairs[2], 0, 2, 1, 3, 2);
    entidx_cooc_free(pairs);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_cooc_applies_min_count_and_top(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz);
    entidx_cooc_opts opts = ENTIDX_COOC_OPTS_INIT;
    entidx_cooc_pair *pairs;
    size_t n;
    (void)state;

    opts.min_count = 2;
    assert_int_equal(entidx_cooc_compute(ix, &opts, &pairs, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 2);
    entidx_cooc_free(pairs);
    opts.min_count = 1;
    opts.top = 1;
    assert_int_equal(entidx_cooc_compute(ix, &opts, &pairs, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    expect_pair(&pairs[0], 0, 1, 3, 3, 4);
    entidx_cooc_free(pairs);
    opts.top = 0;
    opts.min_count = 10;
    assert_int_equal(entidx_cooc_compute(ix, &opts, &pairs, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 0);
    assert_null(pairs);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cooc_counts_document_pairs_in_order),
        cmocka_unit_test(test_cooc_applies_min_count_and_top),
    };
    return cmocka_run_group_tests_name("cooc", tests, NULL, NULL);
}
