/* SPDX-License-Identifier: MIT */
/*
 * test_query.c - tests for src/lib/query.c: parsing, precedence, name
 * resolution errors, and evaluation against document sets known by hand.
 */
#include "test_support.h"
#include "alloc.h"

static const char gaz[] = "id\ttype\tname\taliases\n"
                          "JPN\tCOUNTRY\tJapan\t\n"
                          "USA\tCOUNTRY\tUnited States\tUS|U.S.|America\n"
                          "CHN\tCOUNTRY\tChina\t\n"
                          "NZL\tCOUNTRY\tNew Zealand\t\n"
                          "ATT\tORG\tAT&T\t\n"
                          "ONEILL\tPERSON\tTip O'Neill\tO'Neill\n"
                          "GEO\tCOUNTRY\tGeorgia\t\n"
                          "GA\tSTATE\tGeorgia State\tGeorgia\n"
                          "AND_CO\tORG\tAnd\t\n";

/*
 * doc: entities
 *  0: JPN USA        1: JPN          2: USA CHN      3: CHN
 *  4: NZL ATT        5: (none)       6: JPN USA CHN  7: ONEILL
 */
static entidx_index *ix;
static entidx_gazetteer *gz;

static int setup(void **state)
{
    static const uint32_t d0[] = {0, 1}, d1[] = {0}, d2[] = {1, 2}, d3[] = {2}, d4[] = {3, 4},
                          d6[] = {0, 1, 2, 1}, d7[] = {5};
    static const uint32_t *docs[] = {d0, d1, d2, d3, d4, NULL, d6, d7};
    static const size_t lens[] = {2, 1, 2, 1, 2, 0, 4, 1};
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    (void)state;

    gz = ts_gazetteer(gaz);
    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, NULL), ENTIDX_OK);
    for (int i = 0; i < 8; i++) {
        entidx_doc d;
        char id[16];
        memset(&d, 0, sizeof(d));
        snprintf(id, sizeof(id), "d%d", i);
        d.id = id;
        d.id_len = strlen(id);
        d.title = d.date = d.url = "";
        assert_int_equal(
            entidx_index_writer_add(w, &d, ts_mentions(docs[i], lens[i]), lens[i], NULL),
            ENTIDX_OK);
    }
    assert_int_equal(entidx_index_writer_finish(w, NULL), ENTIDX_OK);
    entidx_index_writer_free(w);
    assert_int_equal(entidx_index_open(&ix, path, NULL), ENTIDX_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
    return 0;
}

/* Run expr and compare with the expected documents, written "0,2,6". */
static void expect(const char *expr, const char *want)
{
    entidx_query *q = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    uint32_t *docs;
    size_t n;
    char got[64] = "";

    if (entidx_query_parse(&q, ix, expr, &err) != ENTIDX_OK)
        fail_msg("'%s' failed to parse: %s (column %llu)", expr, err.msg,
                 (unsigned long long)err.column);
    assert_int_equal(entidx_query_run(q, &docs, &n, &err), ENTIDX_OK);
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(got);
        snprintf(got + used, sizeof(got) - used, "%s%u", i ? "," : "", (unsigned)docs[i]);
    }
    if (strcmp(got, want) != 0)
        fail_msg("'%s' gave {%s}, expected {%s}", expr, got, want);
    entidx_query_docs_free(docs);
    entidx_query_free(q);
}

static void expect_error(const char *expr, int code, uint64_t column, const char *msg)
{
    entidx_query *q = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    int rc = entidx_query_parse(&q, ix, expr, &err);
    assert_null(q);
    if (rc != code || strstr(err.msg, msg) == NULL || err.column != column)
        fail_msg("'%s': rc %d column %llu '%s'; expected rc %d column %llu '%s'", expr, rc,
                 (unsigned long long)err.column, err.msg, code, (unsigned long long)column, msg);
}

static void test_query_single_terms(void **state)
{
    (void)state;
    expect("Japan", "0,1,6");
    expect("japan", "0,1,6");
    expect("\"United States\"", "0,2,6");
    expect("U.S.", "0,2,6");
    expect("id:CHN", "2,3,6");
    expect("type:COUNTRY", "0,1,2,3,4,6");
    expect("AT&T", "4");
    expect("O'Neill", "7");
}

static void test_query_operators_and_precedence(void **state)
{
    (void)state;
    expect("Japan AND \"United States\"", "0,6");
    expect("Japan \"United States\"", "0,6"); /* implicit AND */
    expect("Japan OR China", "0,1,2,3,6");
    expect("NOT Japan", "2,3,4,5,7");
    expect("Japan AND NOT China", "0,1");
    /* AND binds tighter than OR: China OR (Japan AND US) */
    expect("China OR Japan AND US", "0,2,3,6");
    expect("(China OR Japan) AND US", "0,2,6");
    expect("NOT NOT Japan", "0,1,6");
    expect("japan and not (china or us)", "1");
    expect("NOT (Japan OR US OR China OR id:NZL OR AT&T OR O'Neill)", "5");
}

static void test_query_joins_unquoted_multiword_names(void **state)
{
    (void)state;
    expect("New Zealand", "4");
    expect("New Zealand OR Japan", "0,1,4,6");
}

static void test_query_reports_errors_with_columns(void **state)
{
    (void)state;
    expect_error("", ENTIDX_EPARSE, 1, "empty query");
    expect_error("Japan AND", ENTIDX_EPARSE, 10, "expected a name");
    expect_error("(Japan OR China", ENTIDX_EPARSE, 1, "missing ')'");
    expect_error("Japan)", ENTIDX_EPARSE, 6, "unbalanced ')'");
    expect_error("\"Japan", ENTIDX_EPARSE, 1, "unterminated quoted name");
    expect_error("Japan OR Germny", ENTIDX_ENOTFOUND, 10, "unknown entity 'Germny'");
    expect_error("Jpan", ENTIDX_ENOTFOUND, 1, "did you mean 'Japan' (JPN)");
    expect_error("Georgia", ENTIDX_ENOTFOUND, 1, "ambiguous name 'Georgia' matches 2 entities");
    expect_error("id:XXX", ENTIDX_ENOTFOUND, 1, "unknown entity id 'XXX'");
    expect_error("type:PLANET", ENTIDX_ENOTFOUND, 1, "no entity has type 'PLANET'");
    expect_error("AND Japan", ENTIDX_EPARSE, 1, "expected a name, 'NOT' or '(' before 'AND'");
}

static void test_query_names_entities_in_order(void **state)
{
    entidx_query *q = NULL;
    (void)state;
    assert_int_equal(entidx_query_parse(&q, ix, "China OR (Japan AND US) OR id:CHN", NULL),
                     ENTIDX_OK);
    assert_int_equal(entidx_query_entity_count(q), 3);
    assert_int_equal(entidx_query_entity(q, 0), 2);
    assert_int_equal(entidx_query_entity(q, 1), 0);
    assert_int_equal(entidx_query_entity(q, 2), 1);
    entidx_query_free(q);
    /* a quoted operator word is a name (this one is mentioned nowhere) */
    expect("\"And\" AND Japan", "");
    expect("\"And\" OR Japan", "0,1,6");
}

static void test_query_limits_the_number_of_terms(void **state)
{
    size_t n = 10000; /* 60,000 bytes: under the length limit, over the node limit */
    char *expr = malloc(n * 6 + 1);
    entidx_query *q = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;
    assert_non_null(expr);
    for (size_t i = 0; i < n; i++)
        memcpy(expr + i * 6, "Japan ", 6);
    expr[n * 6] = '\0';
    /* a long implicit AND chain would otherwise recurse once per term when evaluated */
    assert_entidx_error(entidx_query_parse(&q, ix, expr, &err), err, ENTIDX_ELIMIT,
                        "query has more than 10000 terms and operators");
    assert_null(q);
    free(expr);
}

static void test_query_survives_deep_nesting(void **state)
{
    char expr[1200];
    entidx_query *q = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;
    memset(expr, '(', 500);
    memcpy(expr + 500, "Japan", 6);
    assert_int_equal(entidx_query_parse(&q, ix, expr, &err), ENTIDX_EPARSE);
    assert_non_null(strstr(err.msg, "nested too deeply"));
}

/* Parse and run with the 1st, 2nd, ... allocation failing: ENTIDX_ENOMEM, nothing leaked. */
static void test_query_survives_every_allocation_failure(void **state)
{
    static const char *const exprs[] = {"Japan", "(Japan OR China) AND NOT US", "US AND China"};
    (void)state;
    for (size_t e = 0; e < sizeof(exprs) / sizeof(exprs[0]); e++) {
        unsigned long n;
        for (n = 1;; n++) {
            entidx_query *q = NULL;
            uint32_t *docs = NULL;
            size_t n_docs = 0;
            int rc;
            entidx_alloc_fail_at(n);
            rc = entidx_query_parse(&q, ix, exprs[e], NULL);
            if (rc == ENTIDX_OK)
                rc = entidx_query_run(q, &docs, &n_docs, NULL);
            entidx_alloc_fail_at(0);
            entidx_query_free(q);
            if (rc == ENTIDX_OK) {
                assert_true(n_docs > 0);
                entidx_query_docs_free(docs);
                break;
            }
            assert_int_equal(rc, ENTIDX_ENOMEM);
            assert_null(docs);
        }
        assert_true(n > 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_survives_every_allocation_failure),
        cmocka_unit_test(test_query_single_terms),
        cmocka_unit_test(test_query_operators_and_precedence),
        cmocka_unit_test(test_query_joins_unquoted_multiword_names),
        cmocka_unit_test(test_query_reports_errors_with_columns),
        cmocka_unit_test(test_query_names_entities_in_order),
        cmocka_unit_test(test_query_survives_deep_nesting),
        cmocka_unit_test(test_query_limits_the_number_of_terms),
    };
    return cmocka_run_group_tests_name("query", tests, setup, teardown);
}
