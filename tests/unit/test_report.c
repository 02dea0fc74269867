/* SPDX-License-Identifier: MIT */
/*
 * test_report.c - tests for src/lib/report*.c: the HTML report of a small
 * index known by hand. Checks the structure (balanced tags), the number of
 * bars, points, edges, nodes and table rows, escaping of a hostile entity
 * name, the month axis with an empty month, values equal to the index API's,
 * errors, and byte-identical output for the same input.
 */
#include "test_support.h"

#include <ctype.h>
#include <math.h>

#include "alloc.h"
#include "report_layout.h"
#include "report_svg.h"

/* H's name is hostile: it must come out escaped, never as markup. */
static const char gaz[] = "id\ttype\tname\n"
                          "A\tCOUNTRY\tAlpha\n"
                          "B\tCOUNTRY\tBeta\n"
                          "C\tORG\tGamma\n"
                          "H\tORG\t<script>&\"'\n"
                          "P\tPERSON\tNobody Mentioned\n";

/*
 * docs (entity numbers A=0 B=1 C=2 H=3):
 *   d0 2020-01-05 {A,B,C}   d1 2020-01-20 {A,A,H}   d2 2020-03-02 {B,C,H}
 *   d3 undated    {A,C}     d4 2020-03-31T10:00 {A,B}
 * A: 4 documents, 5 mentions; B: 3, 3; C: 3, 3; H: 2, 2; P: none.
 * Pairs by document: A-B 2, A-C 2, B-C 2, A-H 1, B-H 1, C-H 1.
 */
static entidx_index *open_fixture(entidx_gazetteer **gz, int dated)
{
    static const uint32_t d0[] = {0, 1, 2}, d1[] = {0, 0, 3}, d2[] = {1, 2, 3}, d3[] = {0, 2},
                          d4[] = {0, 1};
    static const uint32_t *docs[] = {d0, d1, d2, d3, d4};
    static const size_t lens[] = {3, 3, 3, 2, 2};
    static const char *const dates[] = {"2020-01-05", "2020-01-20", "2020-03-02", "",
                                        "2020-03-31T10:00:00"};
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_index *ix = NULL;

    *gz = ts_gazetteer(gaz);
    assert_int_equal(entidx_index_writer_open(&w, path, *gz, NULL, NULL), ENTIDX_OK);
    for (int i = 0; i < 5; i++) {
        entidx_doc d;
        memset(&d, 0, sizeof(d));
        d.id = d.title = d.url = "";
        d.date = dated ? dates[i] : "";
        d.date_len = strlen(d.date);
        assert_int_equal(
            entidx_index_writer_add(w, &d, ts_mentions(docs[i], lens[i]), lens[i], NULL),
            ENTIDX_OK);
    }
    assert_int_equal(entidx_index_writer_finish(w, NULL), ENTIDX_OK);
    entidx_index_writer_free(w);
    assert_int_equal(entidx_index_open(&ix, path, NULL), ENTIDX_OK);
    return ix;
}

/* open_memstream() targets (file scope: gcc 12 takes pointers into a local's buffer for dangling).
 */
static char *mem_text;
static size_t mem_len;

/* The report as a NUL-terminated malloc'd string; asserts the return code. */
static char *report_string(const entidx_index *ix, const entidx_report_opts *o, int expect,
                           entidx_error *err)
{
    FILE *f = open_memstream(&mem_text, &mem_len);
    assert_non_null(f);
    assert_int_equal(entidx_report_write(ix, o, f, err), expect);
    assert_int_equal(fclose(f), 0);
    return mem_text;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/*
 * Well-formed nesting: every start tag is closed in order, except void
 * elements and self-closing SVG tags. Returns NULL or what is wrong.
 */
static const char *tag_balance(const char *html)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "link", "input"};
    static char problem[160];
    char stack[64][16];
    size_t depth = 0;
    for (const char *p = strchr(html, '<'); p != NULL; p = strchr(p + 1, '<')) {
        char name[16];
        size_t n = 0;
        int closing = p[1] == '/', is_void = 0;
        const char *q = p + 1 + closing, *end;
        if (p[1] == '!')
            continue; /* <!DOCTYPE html> */
        while (isalnum((unsigned char)*q) && n < sizeof(name) - 1)
            name[n++] = (char)tolower((unsigned char)*q++);
        name[n] = '\0';
        if (n == 0)
            return "a '<' that starts no tag";
        end = strchr(q, '>');
        if (end == NULL)
            return "a tag without '>'";
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0) {
                snprintf(problem, sizeof(problem), "</%s> closes <%s>", name,
                         depth ? stack[depth - 1] : "nothing");
                return problem;
            }
            depth--;
            continue;
        }
        for (size_t i = 0; i < sizeof(voids) / sizeof(voids[0]); i++)
            is_void |= strcmp(name, voids[i]) == 0;
        if (is_void || end[-1] == '/')
            continue;
        if (depth == 64)
            return "nesting too deep";
        memcpy(stack[depth++], name, n + 1);
    }
    if (depth != 0) {
        snprintf(problem, sizeof(problem), "<%s> never closed", stack[depth - 1]);
        return problem;
    }
    return NULL;
}

/* The text of section id="name" (up to its </section>), copied. */
static char *section(const char *html, const char *id)
{
    char open[64];
    const char *start, *end;
    char *copy;
    snprintf(open, sizeof(open), "<section id=\"%s\">", id);
    start = strstr(html, open);
    assert_non_null(start);
    end = strstr(start, "</section>");
    assert_non_null(end);
    copy = strndup(start, (size_t)(end - start));
    assert_non_null(copy);
    return copy;
}

static void test_report_structure_and_counts(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 1);
    char *html = report_string(ix, NULL, ENTIDX_OK, NULL);
    char *ents = section(html, "entities"), *time = section(html, "time"),
         *net = section(html, "network");
    const char *problem = tag_balance(html);
    (void)state;

    if (problem != NULL)
        fail_msg("unbalanced HTML: %s", problem);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "<title>entidx report</title>"));
    /* self-contained: no script, nothing fetched */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "url("));
    /* the hostile name only escaped, in bars, tables, series, nodes */
    assert_int_equal(count(html, "<script>&\"'"), 0);
    assert_true(count(html, "&lt;script&gt;&amp;&quot;&#39;") >= 5);

    /* bar charts: COUNTRY A, B; ORG C, H; PERSON none mentioned */
    assert_int_equal(count(ents, "<rect class=\"bar\""), 4);
    assert_int_equal(count(ents, "<svg"), 2);
    assert_non_null(strstr(ents, "No entity of this type is mentioned."));
    assert_int_equal(count(ents, "<details>"), 2);
    assert_int_equal(count(ents, "<tr><td class=\"n\">"), 4);
    /* table values are the index's figures */
    for (uint32_t e = 0; e < 4; e++) {
        entidx_entity info;
        uint32_t docs;
        uint64_t mentions;
        char row[256];
        entidx_gazetteer_entity(entidx_index_gazetteer(ix), e, &info);
        entidx_index_entity_stats(ix, e, &docs, &mentions);
        snprintf(row, sizeof(row),
                 "<td>%s</td><td>%s</td><td class=\"n\">%u</td><td "
                 "class=\"n\">%llu</td>",
                 info.id, e == 3 ? "&lt;script&gt;&amp;&quot;&#39;" : info.name, (unsigned)docs,
                 (unsigned long long)mentions);
        if (strstr(ents, row) == NULL)
            fail_msg("entity table lacks %s", row);
    }
    assert_non_null(strstr(ents, "<td>A</td><td>Alpha</td><td class=\"n\">4</td><td "
                                 "class=\"n\">5</td>"));
    /* B before C (tie on documents and mentions: by id) */
    assert_true(strstr(ents, "<td>B</td>") < strstr(ents, "<td>C</td>"));

    /* time: 4 series over 2020-01..2020-03, February empty but present */
    assert_non_null(strstr(time, "<h2>Mentions per month</h2>"));
    assert_int_equal(count(time, "<polyline class=\"series\""), 4);
    assert_int_equal(count(time, "<circle class=\"point\""), 12);
    assert_non_null(strstr(time, ">2020-01</text>"));
    assert_non_null(strstr(time, ">2020-02</text>"));
    assert_non_null(strstr(time, ">2020-03</text>"));
    assert_int_equal(count(time, "class=\"month\""), 3);
    /* rows: month, then A B C H mentions (undated d3 left out) */
    assert_non_null(strstr(time, "<tr><td>2020-01</td><td class=\"n\">3</td><td class=\"n\">1</td>"
                                 "<td class=\"n\">1</td><td class=\"n\">1</td></tr>"));
    assert_non_null(strstr(time, "<tr><td>2020-02</td><td class=\"n\">0</td><td class=\"n\">0</td>"
                                 "<td class=\"n\">0</td><td class=\"n\">0</td></tr>"));
    assert_non_null(strstr(time, "<tr><td>2020-03</td><td class=\"n\">1</td><td class=\"n\">2</td>"
                                 "<td class=\"n\">1</td><td class=\"n\">1</td></tr>"));

    /* network: 6 pairs among 4 entities */
    assert_int_equal(count(net, "<line class=\"edge\""), 6);
    assert_int_equal(count(net, "<circle class=\"node\""), 4);
    assert_int_equal(count(net, "<text class=\"node-label\""), 4);
    assert_int_equal(count(net, "<tr><td class=\"n\">"), 6);
    assert_non_null(strstr(net, "<td>Alpha</td><td>Beta</td><td class=\"n\">2</td><td "
                                "class=\"n\">4</td><td class=\"n\">3</td>"));
    /* summary */
    assert_non_null(strstr(html, "<tr><th>Documents</th><td class=\"n\">5</td></tr>"));
    assert_non_null(strstr(html, "<tr><th>Documents with a date</th><td class=\"n\">4</td></tr>"));
    assert_non_null(strstr(html, "<tr><th>First date</th><td class=\"n\">2020-01-05</td></tr>"));
    assert_non_null(strstr(html, "<tr><th>Last date</th><td class=\"n\">2020-03-31</td></tr>"));
    assert_non_null(strstr(html, "<tr><th>Mentions</th><td class=\"n\">13</td></tr>"));

    free(ents);
    free(time);
    free(net);
    free(html);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_report_options_narrow_it(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 1);
    static const char *const org[] = {"ORG"};
    entidx_report_opts o = ENTIDX_REPORT_OPTS_INIT;
    char *html, *net;
    (void)state;

    o.types = org;
    o.n_types = 1;
    o.top = 1;
    o.series = 1;
    o.measure = ENTIDX_COOC_BY_JACCARD;
    o.title = "Q&A <1>";
    html = report_string(ix, &o, ENTIDX_OK, NULL);
    assert_null(tag_balance(html));
    assert_non_null(strstr(html, "<title>Q&amp;A &lt;1&gt;</title>"));
    assert_int_equal(count(html, "<rect class=\"bar\""), 1); /* Gamma only */
    assert_non_null(strstr(html, "<td>C</td><td>Gamma</td>"));
    assert_int_equal(count(html, "<polyline class=\"series\""), 1);
    net = section(html, "network");
    /* only C-H is ORG-ORG: jaccard 1 / (3 + 2 - 1) */
    assert_int_equal(count(net, "<line class=\"edge\""), 1);
    assert_int_equal(count(net, "<circle class=\"node\""), 2);
    assert_non_null(strstr(net, "<th class=\"n\">jaccard</th>"));
    assert_non_null(strstr(net, "<td class=\"n\">0.2500</td>"));
    free(net);
    free(html);

    o.types = NULL;
    o.n_types = 0;
    o.pairs = 2;
    o.measure = ENTIDX_COOC_BY_COUNT;
    o.level = ENTIDX_COOC_SENTENCE;
    html = report_string(ix, &o, ENTIDX_OK, NULL);
    net = section(html, "network");
    assert_int_equal(count(net, "<line class=\"edge\""), 2);
    assert_non_null(strstr(net, "counted in sentences"));
    free(net);
    free(html);

    o.pairs = 0; /* no network wanted: said, not drawn */
    html = report_string(ix, &o, ENTIDX_OK, NULL);
    net = section(html, "network");
    assert_null(tag_balance(html));
    assert_null(strstr(net, "<svg"));
    assert_non_null(strstr(net, "No two entities of the types shown are mentioned together."));
    free(net);
    free(html);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_report_is_deterministic(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 1);
    char *a = report_string(ix, NULL, ENTIDX_OK, NULL),
         *b = report_string(ix, NULL, ENTIDX_OK, NULL);
    (void)state;
    assert_string_equal(a, b);
    free(a);
    free(b);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_report_without_dates_says_so(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 0);
    char *html = report_string(ix, NULL, ENTIDX_OK, NULL), *time = section(html, "time");
    (void)state;
    assert_null(tag_balance(html));
    assert_non_null(strstr(time, "No document has a date"));
    assert_null(strstr(time, "<svg"));
    assert_non_null(strstr(html, "<tr><th>Documents with a date</th><td class=\"n\">0</td></tr>"));
    free(time);
    free(html);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_report_errors(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 1);
    static const char *const bad[] = {"ORG", "NOPE"};
    entidx_report_opts o = ENTIDX_REPORT_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char *html;
    FILE *full;
    (void)state;

    o.types = bad;
    o.n_types = 2;
    html = report_string(ix, &o, ENTIDX_EINVAL, &err);
    assert_entidx_error(ENTIDX_EINVAL, err, ENTIDX_EINVAL,
                        "unknown entity type 'NOPE'; the index has COUNTRY, ORG, PERSON");
    assert_int_equal(strlen(html), 0); /* nothing written before the check */
    free(html);

    o = (entidx_report_opts)ENTIDX_REPORT_OPTS_INIT;
    o.level = ENTIDX_COOC_WINDOW;
    entidx_error_clear(&err);
    free(report_string(ix, &o, ENTIDX_EINVAL, &err));
    assert_entidx_error(ENTIDX_EINVAL, err, ENTIDX_EINVAL, "by document or sentence");

    full = fopen("/dev/full", "w");
    if (full != NULL) { /* a device that is always full: the write error is reported */
        entidx_error_clear(&err);
        assert_int_equal(entidx_report_write(ix, NULL, full, &err), ENTIDX_EIO);
        assert_entidx_error(ENTIDX_EIO, err, ENTIDX_EIO, "writing the report failed");
        fclose(full);
    }
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* Every allocation failure is reported as ENTIDX_ENOMEM, without leaks (ASan). */
static void test_report_out_of_memory(void **state)
{
    entidx_gazetteer *gz;
    entidx_index *ix = open_fixture(&gz, 1);
    unsigned long fail_at = 1;
    (void)state;
    for (;; fail_at++) {
        entidx_error err = ENTIDX_ERROR_INIT;
        FILE *f = open_memstream(&mem_text, &mem_len);
        int rc;
        assert_non_null(f);
        entidx_alloc_fail_at(fail_at);
        rc = entidx_report_write(ix, NULL, f, &err);
        entidx_alloc_fail_at(0);
        fclose(f);
        free(mem_text);
        if (rc == ENTIDX_OK)
            break;
        assert_int_equal(rc, ENTIDX_ENOMEM);
        assert_true(fail_at < 1000);
    }
    assert_true(fail_at > 5);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_svg_primitives(void **state)
{
    FILE *f = open_memstream(&mem_text, &mem_len);
    double step, top;
    (void)state;

    entidx_svg_escs(f, "a&b<c>d\"e'f");
    fputc('|', f);
    entidx_svg_esc_cut(f, "\xC3\xA9t\xC3\xA9s", 3); /* "étés" cut after 2 characters */
    fputc('|', f);
    entidx_svg_esc_cut(f, "abc", 3);
    fputc('|', f);
    entidx_svg_number(f, 1200);
    fputc('|', f);
    entidx_svg_number(f, 0.25);
    fputc('|', f);
    entidx_svg_number(f, -0.0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(mem_text,
                        "a&amp;b&lt;c&gt;d&quot;e&#39;f|\xC3\xA9t\xE2\x80\xA6|abc|1200|0.25|0");
    free(mem_text);

    entidx_svg_ticks(4750, 5, &step, &top);
    assert_true(step == 1000 && top == 5000);
    entidx_svg_ticks(7, 5, &step, &top);
    assert_true(step == 2 && top == 8);
    entidx_svg_ticks(0, 5, &step, &top);
    assert_true(step == 1 && top == 1);
}

static void test_layout_is_deterministic_and_fills_the_square(void **state)
{
    static const entidx_layout_edge edges[] = {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 4, 1}};
    double x1[5], y1[5], x2[5], y2[5];
    entidx_layout_label l[2] = {{100, 100, 5, 50, 12, 0, 0}, {100, 100, 5, 50, 12, 0, 0}};
    (void)state;

    assert_int_equal(entidx_layout_force(x1, y1, 5, edges, 4, 300), 0);
    assert_int_equal(entidx_layout_force(x2, y2, 5, edges, 4, 300), 0);
    assert_memory_equal(x1, x2, sizeof(x1));
    assert_memory_equal(y1, y2, sizeof(y1));
    for (int i = 0; i < 5; i++) {
        assert_true(x1[i] >= 0 && x1[i] <= 1 && y1[i] >= 0 && y1[i] <= 1);
        for (int j = i + 1; j < 5; j++)
            assert_true(fabs(x1[i] - x1[j]) + fabs(y1[i] - y1[j]) > 0.05); /* apart */
    }
    /* two labels of one node: the second goes elsewhere (left of it) */
    entidx_layout_labels(l, 2, 400, 400);
    assert_true(l[0].box_x == 108 && l[0].box_y == 94);
    assert_true(l[1].box_x == 100 - 5 - 3 - 50 && l[1].box_y == 94);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_structure_and_counts),
        cmocka_unit_test(test_report_options_narrow_it),
        cmocka_unit_test(test_report_is_deterministic),
        cmocka_unit_test(test_report_without_dates_says_so),
        cmocka_unit_test(test_report_errors),
        cmocka_unit_test(test_report_out_of_memory),
        cmocka_unit_test(test_svg_primitives),
        cmocka_unit_test(test_layout_is_deterministic_and_fills_the_square),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
