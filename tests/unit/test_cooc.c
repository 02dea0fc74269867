/* SPDX-License-Identifier: MIT */
/*
 * test_cooc.c - tests for src/lib/cooc.c: pair counts, document frequencies,
 * ordering, --min-count and --top, on documents known by hand.
 */
#include "test_support.h"
#include "alloc.h"

#include <math.h>

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

static void test_cooc_measures_and_sentence_level(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz);
    entidx_cooc_opts opts = ENTIDX_COOC_OPTS_INIT;
    entidx_cooc_result r;
    (void)state;

    assert_int_equal(entidx_cooc_run(ix, NULL, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_buckets, 1);
    assert_string_equal(r.buckets[0], "");
    /* A-B: N = 6 documents, count 3, df 3 and 4 */
    assert_int_equal(r.pairs[0].units, 6);
    assert_true(fabs(r.pairs[0].pmi - 0.5849625) < 1e-6);        /* log2(3*6/(3*4)) */
    assert_true(fabs(r.pairs[0].npmi - 0.5849625 / 1.0) < 1e-6); /* -log2(3/6) = 1 */
    assert_true(fabs(r.pairs[0].jaccard - 0.75) < 1e-9);
    assert_true(fabs(r.pairs[0].dice - 6.0 / 7.0) < 1e-9);
    assert_true(fabs(r.pairs[0].g2 - 3.8190850) < 1e-6);
    entidx_cooc_result_free(&r);

    /* sentences (mention k of a document in sentence k / 2): units are
       d0s0 {A,B} d0s1 {C} d1s0 {A,B} d2s0 {B,C} d2s1 {C} d3s0 {D} d5s0 {A,B} */
    opts.level = ENTIDX_COOC_SENTENCE;
    assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_pairs, 2);
    expect_pair(&r.pairs[0], 0, 1, 3, 3, 4);
    expect_pair(&r.pairs[1], 1, 2, 1, 4, 3);
    assert_int_equal(r.pairs[0].units, 7);
    entidx_cooc_result_free(&r);

    /* window: mention k of a document is at token 3k, so in {A,B,C} A-B and B-C are 3
       apart and A-C 6; in {B,C,C} B-C is 3 apart */
    opts.level = ENTIDX_COOC_WINDOW;
    opts.window = 3;
    assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_pairs, 2);
    expect_pair(&r.pairs[0], 0, 1, 3, 3, 4);
    expect_pair(&r.pairs[1], 1, 2, 2, 4, 2);
    assert_int_equal(r.pairs[0].units, 6);
    entidx_cooc_result_free(&r);
    opts.window = 2;
    assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_pairs, 0);
    entidx_cooc_result_free(&r);
    opts.window = 6;
    assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_pairs, 3);
    entidx_cooc_result_free(&r);

    /* orientation and filters: pairs with C, C as a */
    opts.level = ENTIDX_COOC_DOC;
    opts.with = 2;
    assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
    assert_int_equal(r.n_pairs, 2);
    expect_pair(&r.pairs[0], 2, 1, 2, 2, 4);
    expect_pair(&r.pairs[1], 2, 0, 1, 2, 3);
    entidx_cooc_result_free(&r);

    /* a restricted set of documents: N and df are counted on it */
    {
        static const uint32_t docs[] = {0, 2};
        opts.with = -1;
        opts.docs = docs;
        opts.n_docs = 2;
        assert_int_equal(entidx_cooc_run(ix, &opts, &r, NULL), ENTIDX_OK);
        expect_pair(&r.pairs[0], 1, 2, 2, 2, 2);
        assert_int_equal(r.pairs[0].units, 2);
        entidx_cooc_result_free(&r);
        opts.docs = NULL;
    }

    /* the pair budget is an error, never a silent cut */
    opts.max_pairs = 2;
    {
        entidx_error err = ENTIDX_ERROR_INIT;
        assert_int_equal(entidx_cooc_run(ix, &opts, &r, &err), ENTIDX_ELIMIT);
        assert_non_null(strstr(err.msg, "more than 2 distinct pairs"));
        assert_null(r.pairs);
    }
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_cooc_bucket_labels(void **state)
{
    static const struct {
        entidx_cooc_bucket b;
        const char *date, *want;
    } cases[] = {
        {ENTIDX_BUCKET_DAY, "2019-06-28T10:00:00", "2019-06-28"},
        {ENTIDX_BUCKET_MONTH, "2019-06-28", "2019-06"},
        {ENTIDX_BUCKET_YEAR, "1987-02-26T15:01:01", "1987"},
        {ENTIDX_BUCKET_WEEK, "2021-01-03", "2020-W53"},
        {ENTIDX_BUCKET_WEEK, "2021-01-04", "2021-W01"},
        {ENTIDX_BUCKET_WEEK, "2019-12-30", "2020-W01"},
        {ENTIDX_BUCKET_WEEK, "2018-12-31", "2019-W01"},
        {ENTIDX_BUCKET_WEEK, "2016-01-01", "2015-W53"},
        {ENTIDX_BUCKET_WEEK, "2019-06-28", "2019-W26"},
        {ENTIDX_BUCKET_MONTH, "", ""},
        {ENTIDX_BUCKET_MONTH, "28 June 2019", ""},
        {ENTIDX_BUCKET_MONTH, "2019-13-01", ""},
        {ENTIDX_BUCKET_NONE, "2019-06-28", ""},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[16];
        entidx_cooc_bucket_label(cases[i].b, cases[i].date, strlen(cases[i].date), out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("%s: got '%s', expected '%s'", cases[i].date, out, cases[i].want);
    }
}

/* entidx_cooc_run() with its 1st, 2nd, ... allocation failing: ENTIDX_ENOMEM, nothing leaked. */
static void test_cooc_survives_every_allocation_failure(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz);
    entidx_cooc_opts opts = ENTIDX_COOC_OPTS_INIT;
    unsigned long n;
    (void)state;
    for (int level = 0; level < 2; level++) {
        if (level == 1)
            opts.level = ENTIDX_COOC_SENTENCE;
        entidx_cooc_result want;
        memset(&want, 0, sizeof(want));
        assert_int_equal(entidx_cooc_run(ix, &opts, &want, NULL), ENTIDX_OK);
        assert_true(want.n_pairs > 0);
        for (n = 1;; n++) {
            entidx_cooc_result r;
            int rc;
            memset(&r, 0, sizeof(r));
            entidx_alloc_fail_at(n);
            rc = entidx_cooc_run(ix, &opts, &r, NULL);
            entidx_alloc_fail_at(0);
            if (rc == ENTIDX_OK) {
                assert_int_equal(r.n_pairs, want.n_pairs);
                entidx_cooc_result_free(&r);
                break;
            }
            assert_int_equal(rc, ENTIDX_ENOMEM);
        }
        assert_true(n > 1);
        entidx_cooc_result_free(&want);
    }
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cooc_survives_every_allocation_failure),
        cmocka_unit_test(test_cooc_counts_document_pairs_in_order),
        cmocka_unit_test(test_cooc_applies_min_count_and_top),
        cmocka_unit_test(test_cooc_measures_and_sentence_level),
        cmocka_unit_test(test_cooc_bucket_labels),
    };
    return cmocka_run_group_tests_name("cooc", tests, NULL, NULL);
}
