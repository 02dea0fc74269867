/* SPDX-License-Identifier: MIT */
/*
 * test_index.c - tests for index_writer.c / index_reader.c: round trip of
 * documents, postings and forward lists; the same bytes however the writer
 * was told its sources, spilled or merged; atomic replacement; rejection of
 * foreign, truncated, damaged and newer files.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "test_support.h"
#include "alloc.h"
#include "index_format.h"
#include "index_int.h"
#include "varint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const char gaz[] = "id\ttype\tname\n"
                          "A\tORG\tAlpha\n"
                          "B\tORG\tBeta\n"
                          "C\tCOUNTRY\tGamma\n"
                          "D\tPERSON\tDelta\n";

static entidx_doc make_doc(const char *id, const char *title, const char *date)
{
    entidx_doc d;
    memset(&d, 0, sizeof(d));
    d.id = id;
    d.id_len = strlen(id);
    d.title = title;
    d.title_len = strlen(title);
    d.date = date;
    d.date_len = strlen(date);
    d.url = "";
    d.path = "corpus.jsonl";
    d.line = 7;
    return d;
}

/* docs: d0 = {A x2, C}, d1 = {}, d2 = {C, B}, d3 = {A} */
static const char *build(entidx_gazetteer *gz, int slot)
{
    static const uint32_t m0[] = {2, 0, 0}, m2[] = {2, 1}, m3[] = {0};
    const char *path = ts_temp_path(slot, ".idx");
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    d = make_doc("doc-0", "First, \"quoted\"", "2020-01-02");
    assert_int_equal(entidx_index_writer_add(w, &d, ts_mentions(m0, 3), 3, &err), ENTIDX_OK);
    d = make_doc("doc-1", "", "");
    assert_int_equal(entidx_index_writer_add(w, &d, NULL, 0, &err), ENTIDX_OK);
    d = make_doc("doc-2", "Third", "2021-05-06");
    assert_int_equal(entidx_index_writer_add(w, &d, ts_mentions(m2, 2), 2, &err), ENTIDX_OK);
    d = make_doc("doc-3", "Fourth", "");
    assert_int_equal(entidx_index_writer_add(w, &d, ts_mentions(m3, 1), 1, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_docs(w), 4);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);
    return path;
}

static void expect_list(entidx_iter *it, const uint32_t *num, const uint32_t *cnt, size_t n)
{
    uint32_t a, b;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(entidx_iter_next(it, &a, &b, NULL), 1);
        assert_int_equal(a, num[i]);
        assert_int_equal(b, cnt[i]);
    }
    assert_int_equal(entidx_iter_next(it, &a, &b, NULL), 0);
}

static void test_index_round_trips_documents_and_postings(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = build(gz, 0);
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc_info info;
    entidx_iter it;
    uint32_t nd;
    uint64_t nm;
    (void)state;

    assert_int_equal(entidx_index_open(&ix, path, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_doc_count(ix), 4);
    assert_int_equal(entidx_index_entity_count(ix), 4);
    {
        const entidx_gazetteer *stored;
        assert_int_equal(entidx_index_load_gazetteer(ix, &stored, &err), ENTIDX_OK);
        assert_int_equal(entidx_gazetteer_count(stored), 4);
        assert_true(entidx_gazetteer_fingerprint(stored) == entidx_gazetteer_fingerprint(gz));
    }
    assert_int_equal(entidx_index_doc(ix, 0, &info, &err), ENTIDX_OK);
    assert_int_equal(info.title_len, 15);
    assert_memory_equal(info.title, "First, \"quoted\"", 15);
    assert_memory_equal(info.date, "2020-01-02", 10);
    assert_memory_equal(info.path, "corpus.jsonl", 12);
    assert_int_equal(info.line, 7);
    assert_int_equal(entidx_index_doc(ix, 1, &info, &err), ENTIDX_OK);
    assert_int_equal(info.title_len, 0);
    assert_int_equal(entidx_index_doc(ix, 4, &info, &err), ENTIDX_EINVAL);

    {
        static const uint32_t docs_a[] = {0, 3}, cnt_a[] = {2, 1};
        static const uint32_t docs_c[] = {0, 2}, cnt_c[] = {1, 1};
        assert_int_equal(entidx_index_postings(ix, 0, &it, &err), ENTIDX_OK);
        expect_list(&it, docs_a, cnt_a, 2);
        assert_int_equal(entidx_index_postings(ix, 2, &it, &err), ENTIDX_OK);
        expect_list(&it, docs_c, cnt_c, 2);
        assert_int_equal(entidx_index_postings(ix, 3, &it, &err), ENTIDX_OK);
        expect_list(&it, NULL, NULL, 0);
    }
    {
        static const uint32_t ents0[] = {0, 2}, cnt0[] = {2, 1};
        static const uint32_t ents2[] = {1, 2}, cnt2[] = {1, 1};
        assert_int_equal(entidx_index_doc_entities(ix, 0, &it, &err), ENTIDX_OK);
        expect_list(&it, ents0, cnt0, 2);
        assert_int_equal(entidx_index_doc_entities(ix, 1, &it, &err), ENTIDX_OK);
        expect_list(&it, NULL, NULL, 0);
        assert_int_equal(entidx_index_doc_entities(ix, 2, &it, &err), ENTIDX_OK);
        expect_list(&it, ents2, cnt2, 2);
    }
    entidx_index_entity_stats(ix, 0, &nd, &nm);
    assert_int_equal(nd, 2);
    assert_int_equal(nm, 3);
    assert_int_equal(entidx_index_verify(ix, &err), ENTIDX_OK);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_output_is_deterministic(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    size_t la, lb;
    char *a = ts_read_file(build(gz, 0), &la);
    char *b = ts_read_file(build(gz, 1), &lb);
    (void)state;
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_rejects_foreign_truncated_and_damaged_files(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = build(gz, 0);
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t len;
    char *bytes = ts_read_file(path, &len);
    (void)state;

    /* not an index at all */
    assert_entidx_error(entidx_index_open(&ix,
                                          ts_write_temp(1,
                                                        "hello, world, this is text and "
                                                        "not an index file",
                                                        49),
                                          &err),
                        err, ENTIDX_ECORRUPT, "not an entidx index");
    assert_entidx_error(entidx_index_open(&ix,
                                          ts_write_temp(1,
                                                        "{\"id\": 1}\n{\"id\": 2}\n{\"id\": "
                                                        "3}\n{\"id\": 4}\n",
                                                        40),
                                          &err),
                        err, ENTIDX_ECORRUPT, "not an entidx index");
    assert_entidx_error(entidx_index_open(&ix, ts_write_temp(1, "", 0), &err), err, ENTIDX_ECORRUPT,
                        "empty file");
    assert_entidx_error(entidx_index_open(&ix, "/nonexistent.idx", &err), err, ENTIDX_EIO,
                        "cannot open index");

    /* every truncation is caught at open */
    for (size_t cut = 0; cut < len; cut++) {
        const char *p = ts_write_temp(1, bytes, cut);
        int rc = entidx_index_open(&ix, p, &err);
        if (rc != ENTIDX_ECORRUPT)
            fail_msg("truncation at %zu: rc %d (%s)", cut, rc, err.msg);
        assert_null(ix);
    }
    /* every single-bit flip is caught by open or verify, never a crash */
    for (size_t i = 0; i < len; i++) {
        const char *p;
        int rc;
        bytes[i] ^= 0x10;
        p = ts_write_temp(1, bytes, len);
        rc = entidx_index_open(&ix, p, &err);
        if (rc == ENTIDX_OK) {
            rc = entidx_index_verify(ix, &err);
            entidx_index_close(ix);
            ix = NULL;
        }
        if (rc != ENTIDX_ECORRUPT && rc != ENTIDX_EVERSION)
            fail_msg("bit flip at byte %zu not detected (rc %d)", i, rc);
        bytes[i] ^= 0x10;
    }
    free(bytes);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_rejects_a_newer_format_version(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t len;
    char *bytes = ts_read_file(build(gz, 0), &len);
    (void)state;

    entidx_put_u32le((uint8_t *)bytes + 8, ENTIDX_INDEX_VERSION + 1);
    assert_entidx_error(entidx_index_open(&ix, ts_write_temp(1, bytes, len), &err), err,
                        ENTIDX_EVERSION, "newer than this entidx supports");
    free(bytes);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_rejects_an_older_format_version(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t len;
    char *bytes = ts_read_file(build(gz, 0), &len);
    (void)state;

    entidx_put_u32le((uint8_t *)bytes + 8, 0);
    assert_entidx_error(entidx_index_open(&ix, ts_write_temp(1, bytes, len), &err), err,
                        ENTIDX_EVERSION, "index format version 0 is no longer read");
    free(bytes);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_round_trips_sentences_and_sources(void **state)
{
    static const entidx_index_mention m0[] = {
        {0, 4, 40}, {2, 1, 12}, {0, 1, 10}, {0, 4, 44}, {0, 9, 90}};
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc_info info;
    entidx_iter it;
    uint32_t d, c, sent[8];
    entidx_doc doc = make_doc("x0", "", "");
    (void)state;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    doc.path = "a.jsonl";
    assert_int_equal(entidx_index_writer_add(w, &doc, m0, 5, &err), ENTIDX_OK);
    doc.line = 8;
    assert_int_equal(entidx_index_writer_add(w, &doc, m0 + 1, 1, &err), ENTIDX_OK);
    doc.path = "b.jsonl";
    doc.line = 1;
    assert_int_equal(entidx_index_writer_add(w, &doc, m0, 1, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);

    assert_int_equal(entidx_index_open(&ix, path, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_verify(ix, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_doc(ix, 1, &info, &err), ENTIDX_OK);
    assert_int_equal(info.path_len, 7);
    assert_memory_equal(info.path, "a.jsonl", 7);
    assert_int_equal(info.line, 8);
    assert_int_equal(entidx_index_doc(ix, 2, &info, &err), ENTIDX_OK);
    assert_memory_equal(info.path, "b.jsonl", 7);
    /* entity 0: doc 0 with 4 mentions in sentences 1, 4, 9; doc 2 in sentence 4 */
    assert_int_equal(entidx_index_postings(ix, 0, &it, &err), ENTIDX_OK);
    assert_int_equal(entidx_iter_sentences(&it, sent, 8, &err), 0); /* nothing read yet */
    assert_int_equal(entidx_iter_next(&it, &d, &c, &err), 1);
    assert_int_equal(d, 0);
    assert_int_equal(c, 4);
    assert_int_equal(entidx_iter_sentences(&it, sent, 8, &err), 3);
    assert_int_equal(sent[0], 1);
    assert_int_equal(sent[1], 4);
    assert_int_equal(sent[2], 9);
    assert_int_equal(entidx_iter_sentences(&it, sent, 1, &err), 3); /* capped copy */
    assert_int_equal(entidx_iter_positions(&it, sent, 8, &err), 4);
    assert_int_equal(sent[0], 10);
    assert_int_equal(sent[1], 40);
    assert_int_equal(sent[2], 44);
    assert_int_equal(sent[3], 90);
    assert_int_equal(entidx_iter_next(&it, &d, &c, &err), 1);
    assert_int_equal(d, 2);
    assert_int_equal(entidx_iter_sentences(&it, sent, 8, &err), 1);
    assert_int_equal(sent[0], 4);
    assert_int_equal(entidx_iter_next(&it, &d, &c, &err), 0);
    /* entity 2: docs 0 and 1, sentence 1 each */
    assert_int_equal(entidx_index_postings(ix, 2, &it, &err), ENTIDX_OK);
    assert_int_equal(entidx_iter_next(&it, &d, &c, &err), 1);
    assert_int_equal(entidx_iter_sentences(&it, sent, 8, &err), 1);
    assert_int_equal(sent[0], 1);
    /* forward lists have no sentences */
    assert_int_equal(entidx_index_doc_entities(ix, 0, &it, &err), ENTIDX_OK);
    assert_int_equal(entidx_iter_next(&it, &d, &c, &err), 1);
    assert_int_equal(entidx_iter_sentences(&it, sent, 8, &err), 0);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/*
 * A corpus of n documents from docs [first, first + n) of a fixed pattern:
 * entity 0 in every document (so it has skip entries), the others now and
 * then; written with the given memory limit.
 */
static const char *build_hinted(entidx_gazetteer *gz, int slot, uint32_t first, uint32_t n,
                                size_t mem_limit, unsigned *runs, const char *const *expect,
                                size_t n_expect)
{
    entidx_index_writer_opts opts = ENTIDX_INDEX_WRITER_OPTS_INIT;
    const char *path = ts_temp_path(slot, ".idx");
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;

    opts.mem_limit = mem_limit;
    assert_int_equal(entidx_index_writer_open(&w, path, gz, &opts, &err), ENTIDX_OK);
    if (expect != NULL)
        assert_int_equal(entidx_index_writer_expect_sources(w, expect, n_expect, &err), ENTIDX_OK);
    for (uint32_t k = first; k < first + n; k++) {
        entidx_index_mention m[4];
        size_t nm = 0;
        memset(m, 0, sizeof(m));
        char id[32];
        entidx_doc d;
        snprintf(id, sizeof(id), "doc-%u", (unsigned)k);
        d = make_doc(id, "", k % 7 == 0 ? "2020-01-01" : "");
        d.path = k < 300 ? "first.jsonl" : "second.jsonl";
        d.line = k + 1;
        m[nm].entity = 0;
        m[nm].position = 10 * (k % 5);
        m[nm++].sentence = k % 5;
        if (k % 3 == 0) {
            m[nm].entity = 1;
            m[nm++].sentence = 0;
        }
        if (k % 11 == 0) {
            m[nm].entity = 3;
            m[nm].position = 25;
            m[nm++].sentence = 2;
            m[nm].entity = 3;
            m[nm].position = 71;
            m[nm++].sentence = 7;
        }
        assert_int_equal(entidx_index_writer_add(w, &d, m, nm, &err), ENTIDX_OK);
    }
    if (runs != NULL)
        *runs = entidx_index_writer_runs(w);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);
    return path;
}

static const char *build_many(entidx_gazetteer *gz, int slot, uint32_t first, uint32_t n,
                              size_t mem_limit, unsigned *runs)
{
    return build_hinted(gz, slot, first, n, mem_limit, runs, NULL, 0);
}

/*
 * The documents' files announced beforehand let the writer put the document
 * records straight into the index; right or wrong, the announcement changes
 * no byte of it.
 */
static void test_index_expected_sources_do_not_change_the_bytes(void **state)
{
    static const char *const right[] = {"first.jsonl", "second.jsonl"};
    static const char *const more[] = {"first.jsonl", "second.jsonl", "third.jsonl"};
    static const char *const other[] = {"first.jsonl", "other.jsonl"};
    static const char *const shorter[] = {"first.jsonl"};
    static const char *const repeated[] = {"first.jsonl", "first.jsonl", "second.jsonl"};
    static const struct {
        const char *const *v;
        size_t n;
    } hints[] = {{right, 2}, {more, 3}, {other, 2}, {shorter, 1}, {right, 0}, {repeated, 3}};
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index *ix = NULL;
    size_t la, lb;
    char *a = ts_read_file(build_many(gz, 0, 0, 3000, (size_t)1 << 30, NULL), &la);
    size_t le;
    char *empty = ts_read_file(build_many(gz, 2, 0, 0, (size_t)1 << 30, NULL), &le);
    (void)state;

    for (size_t h = 0; h < sizeof(hints) / sizeof(hints[0]); h++) {
        for (int spill = 0; spill < 2; spill++) {
            const char *path = build_hinted(gz, 1, 0, 3000, spill ? 4096 : (size_t)1 << 30, NULL,
                                            hints[h].v, hints[h].n);
            char *b = ts_read_file(path, &lb);
            assert_int_equal(la, lb);
            assert_memory_equal(a, b, la);
            free(b);
            assert_int_equal(entidx_index_open(&ix, path, NULL), ENTIDX_OK);
            assert_int_equal(entidx_index_verify(ix, NULL), ENTIDX_OK);
            entidx_index_close(ix);
        }
        /* no document at all: the announced files are not sources */
        {
            char *b = ts_read_file(
                build_hinted(gz, 3, 0, 0, (size_t)1 << 30, NULL, hints[h].v, hints[h].n), &lb);
            assert_int_equal(le, lb);
            assert_memory_equal(empty, b, lb);
            free(b);
        }
    }
    free(a);
    free(empty);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/*
 * Where the file system makes files without a name (O_TMPFILE), announced
 * files (one named twice in a row counts once) have the records streamed
 * into the index, kept there when the documents came from exactly those; an
 * empty announcement streams nothing.
 */
static void test_index_announcement_streams_where_it_can(void **state)
{
    static const char *const files[] = {"a.jsonl", "a.jsonl", "b.jsonl"};
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = ts_temp_path(0, ".idx");
    char *dir = strdup(path);
    entidx_index_writer *w = NULL;
    entidx_doc d = make_doc("doc-0", "", "");
    int fd = -1;
    (void)state;

    *strrchr(dir, '/') = '\0';
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR, 0600);
#endif
    free(dir);
    if (fd < 0) {
        entidx_gazetteer_free(gz);
        ts_cleanup();
        skip(); /* the writer spools the records here, as it would unannounced */
    }
    close(fd);
    for (int announce = 0; announce < 2; announce++) {
        assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, NULL), ENTIDX_OK);
        assert_int_equal(entidx_index_writer_expect_sources(w, files, announce ? 3 : 0, NULL),
                         ENTIDX_OK);
        d.path = "a.jsonl";
        assert_int_equal(entidx_index_writer_add(w, &d, NULL, 0, NULL), ENTIDX_OK);
        assert_false(entidx__index_writer_streams(w)); /* b.jsonl is still to come */
        d.path = "b.jsonl";
        assert_int_equal(entidx_index_writer_add(w, &d, NULL, 0, NULL), ENTIDX_OK);
        assert_int_equal(entidx__index_writer_streams(w), announce);
        assert_int_equal(entidx_index_writer_finish(w, NULL), ENTIDX_OK);
        assert_false(entidx__index_writer_streams(w));
        entidx_index_writer_free(w);
    }
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* The announcement comes before the first document, or not at all. */
static void test_index_expected_sources_come_first(void **state)
{
    static const char *const files[] = {"corpus.jsonl"};
    static const uint32_t m0[] = {2, 0};
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d = make_doc("doc-0", "First", "");
    (void)state;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_add(w, &d, ts_mentions(m0, 2), 2, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_expect_sources(w, files, 1, &err), ENTIDX_EINVAL);
    assert_string_equal(err.msg, "the input files are announced before the first document");
    /* the writer goes on as if never told */
    assert_int_equal(entidx_index_writer_finish(w, NULL), ENTIDX_OK);
    entidx_index_writer_free(w);
    assert_int_equal(access(path, F_OK), 0);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_spilling_does_not_change_the_bytes(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index *ix = NULL;
    unsigned runs_small = 0, runs_big = 0;
    size_t la, lb;
    char *a = ts_read_file(build_many(gz, 0, 0, 3000, (size_t)1 << 30, &runs_big), &la);
    const char *small = build_many(gz, 1, 0, 3000, 4096, &runs_small);
    char *b = ts_read_file(small, &lb);
    (void)state;

    assert_int_equal(runs_big, 0);
    assert_true(runs_small >= 2);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_int_equal(entidx_index_open(&ix, small, NULL), ENTIDX_OK);
    assert_int_equal(entidx_index_verify(ix, NULL), ENTIDX_OK);
    {
        uint32_t nd;
        uint64_t nm;
        entidx_index_entity_stats(ix, 0, &nd, &nm);
        assert_int_equal(nd, 3000);
        entidx_index_entity_stats(ix, 3, &nd, &nm);
        assert_int_equal(nd, 273); /* k % 11 == 0 for k < 3000 */
        assert_int_equal(nm, 546);
    }
    entidx_index_close(ix);
    free(a);
    free(b);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_merge_equals_one_run(void **state)
{
    static const char other[] = "id\ttype\tname\nA\tORG\tAlpha\n";
    entidx_gazetteer *gz = ts_gazetteer(gaz), *gz2 = ts_gazetteer(other);
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *in[3], *out;
    size_t la, lb;
    char *a, *b;
    (void)state;

    a = ts_read_file(build_many(gz, 0, 0, 600, (size_t)1 << 30, NULL), &la);
    in[0] = build_many(gz, 1, 0, 250, (size_t)1 << 30, NULL); /* a shard cut inside a file */
    in[1] = build_many(gz, 2, 250, 100, 4096, NULL);
    in[2] = build_many(gz, 3, 350, 250, (size_t)1 << 30, NULL);
    out = ts_temp_path(4, ".idx");
    assert_int_equal(entidx_index_merge(out, in, 3, NULL, &err), ENTIDX_OK);
    b = ts_read_file(out, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(b);

    /* shards of other gazetteers do not merge */
    in[1] = build_many(gz2 == NULL ? gz : gz2, 5, 0, 0, (size_t)1 << 30, NULL);
    assert_entidx_error(entidx_index_merge(ts_temp_path(6, ".idx"), in, 2, NULL, &err), err,
                        ENTIDX_EINVAL, "built with other gazetteers");
    assert_entidx_error(entidx_index_merge(ts_temp_path(6, ".idx"), in, 0, NULL, &err), err,
                        ENTIDX_EINVAL, "nothing to merge");
    free(a);
    entidx_gazetteer_free(gz);
    entidx_gazetteer_free(gz2);
    ts_cleanup();
}

static void test_index_skip_to_agrees_with_a_linear_scan(void **state)
{
    static const uint32_t targets[] = {0, 1, 5, 127, 128, 129, 300, 1000, 1001, 2999, 3000, 5000};
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(
        entidx_index_open(&ix, build_many(gz, 0, 0, 3000, (size_t)1 << 30, NULL), &err), ENTIDX_OK);
    for (uint32_t e = 0; e < 4; e++) {
        for (size_t k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
            entidx_iter a, b;
            uint32_t da, ca, db = 0, cb = 0;
            int ra, rb;
            assert_int_equal(entidx_index_postings(ix, e, &a, &err), ENTIDX_OK);
            assert_int_equal(entidx_index_postings(ix, e, &b, &err), ENTIDX_OK);
            ra = entidx_iter_skip_to(&a, targets[k], &da, &ca, &err);
            while ((rb = entidx_iter_next(&b, &db, &cb, &err)) == 1 && db < targets[k])
                ;
            assert_int_equal(ra, rb);
            if (ra == 1) {
                assert_int_equal(da, db);
                assert_int_equal(ca, cb);
                /* and the iterator goes on from there */
                ra = entidx_iter_next(&a, &da, &ca, &err);
                rb = entidx_iter_next(&b, &db, &cb, &err);
                assert_int_equal(ra, rb);
                if (ra == 1)
                    assert_int_equal(da, db);
            }
        }
    }
    /* successive probes on one iterator */
    {
        entidx_iter it;
        uint32_t d, c;
        assert_int_equal(entidx_index_postings(ix, 3, &it, &err), ENTIDX_OK);
        assert_int_equal(entidx_iter_skip_to(&it, 1500, &d, &c, &err), 1);
        assert_int_equal(d, 1507); /* the first multiple of 11 from 1500 */
        assert_int_equal(c, 2);
        assert_int_equal(entidx_iter_skip_to(&it, 2990, &d, &c, &err), 1);
        assert_int_equal(d, 2992);
        assert_int_equal(entidx_iter_skip_to(&it, 2993, &d, &c, &err), 0);
    }
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* A flipped byte inside each section of an index with skip entries is caught. */
static void test_index_verify_catches_a_flip_in_every_section(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    size_t len;
    char *bytes = ts_read_file(build_many(gz, 0, 0, 600, (size_t)1 << 30, NULL), &len);
    (void)state;

    for (unsigned k = 1; k <= ENTIDX_INDEX_N_SECTIONS; k++) {
        const uint8_t *row =
            (const uint8_t *)bytes + ENTIDX_INDEX_HEADER_LEN + (k - 1) * ENTIDX_INDEX_SECTION_LEN;
        uint64_t off = entidx_get_u64le(row + 8), slen = entidx_get_u64le(row + 16);
        entidx_index *ix = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        int rc;
        if (slen == 0)
            fail_msg("section %u is empty in the fixture", k);
        bytes[off + slen / 2] ^= 0x01;
        rc = entidx_index_open(&ix, ts_write_temp(1, bytes, len), &err);
        if (rc == ENTIDX_OK) {
            rc = entidx_index_verify(ix, &err);
            entidx_index_close(ix);
        }
        if (rc != ENTIDX_ECORRUPT || strstr(err.msg, "corrupt index") == NULL)
            fail_msg("flip in section %u: rc %d (%s)", k, rc, err.msg);
        bytes[off + slen / 2] ^= 0x01;
    }
    free(bytes);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_finish_replaces_atomically_and_reports_errors(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    struct stat st;
    (void)state;

    /* a directory that does not exist: error names the path, nothing is created */
    assert_entidx_error(entidx_index_writer_open(&w, "/nonexistent-dir/x.idx", gz, NULL, &err), err,
                        ENTIDX_EIO, "cannot create a temporary file");
    assert_string_equal(err.path, "/nonexistent-dir");
    assert_null(w);

    /* an abandoned writer leaves the previous index untouched */
    {
        const char *path = build(gz, 0);
        size_t before, after;
        char *a = ts_read_file(path, &before), *b;
        entidx_doc d = make_doc("other", "", "");
        assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
        assert_int_equal(entidx_index_writer_add(w, &d, NULL, 0, &err), ENTIDX_OK);
        entidx_index_writer_free(w);
        b = ts_read_file(path, &after);
        assert_int_equal(before, after);
        assert_memory_equal(a, b, before);
        assert_int_equal(stat(path, &st), 0);
        free(a);
        free(b);
    }
    {
        uint32_t bad = 99;
        entidx_doc d = make_doc("x", "", "");
        assert_int_equal(entidx_index_writer_open(&w, ts_temp_path(2, ".idx"), gz, NULL, &err),
                         ENTIDX_OK);
        assert_entidx_error(entidx_index_writer_add(w, &d, ts_mentions(&bad, 1), 1, &err), err,
                            ENTIDX_EINVAL, "entity number 99 out of range");
        entidx_index_writer_free(w);
    }
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_index_iterator_rejects_a_wrapping_delta(void **state)
{
    /* doc 5, then a delta of 2^64 - 3 that would wrap around to doc 2 */
    static const unsigned char list[] = {0x05, 0x01, 0xfd, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0x01, 0x01};
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_iter it;
    uint32_t number, count;
    (void)state;

    memset(&it, 0, sizeof(it));
    it.p = list;
    it.end = list + sizeof(list);
    it.left = 2;
    it.limit = 10;
    assert_int_equal(entidx_iter_next(&it, &number, &count, &err), 1);
    assert_int_equal(number, 5);
    assert_entidx_error(entidx_iter_next(&it, &number, &count, &err), err, ENTIDX_ECORRUPT,
                        "list entry out of range");
}

static void test_index_open_survives_every_allocation_failure(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = build(gz, 0);
    (void)state;
    for (unsigned long n = 1;; n++) {
        entidx_index *ix = NULL;
        int rc;
        entidx_alloc_fail_at(n);
        rc = entidx_index_open(&ix, path, NULL);
        entidx_alloc_fail_at(0);
        if (rc == ENTIDX_OK) {
            entidx_index_close(ix);
            break;
        }
        assert_int_equal(rc, ENTIDX_ENOMEM);
        assert_null(ix);
    }
    entidx_gazetteer_free(gz);
    ts_cleanup();
}


/* A gazetteer with the alias features a name table must carry. */
static const char lookup_gaz[] = "id\ttype\tname\taliases\n"
                                 "CAN\tCOUNTRY\tCanada\tCanadian{stem,demonym}\n"
                                 "USA\tCOUNTRY\tUnited States\tU.S.|US{exact}|America\n"
                                 "WHO\tORG\tWorld Health Organization\tWHO{exact}\n"
                                 "MCO\tORG\tMoody's\tMoody's Investors Service\n"
                                 "GEO\tCOUNTRY\tGeorgia\t\n"
                                 "GEO_US\tPLACE\tGeorgia{ambiguous}\tPeach State\n"
                                 "JOR\tCOUNTRY\tJordan\tHashemite Kingdom{anycase}\n";

static const char *const lookup_names[] = {"Canada",
                                           "canada",
                                           "CANADA",
                                           "Canadians",
                                           "Canadian",
                                           "United States",
                                           "united states",
                                           "U.S.",
                                           "US",
                                           "us",
                                           "America",
                                           "WHO",
                                           "who",
                                           "World Health Organization",
                                           "Moody's",
                                           "Moody",
                                           "Moody's Investors Service",
                                           "Georgia",
                                           "GEORGIA",
                                           "Peach State",
                                           "Jordan",
                                           "hashemite kingdom",
                                           "Nowhere",
                                           "",
                                           "  ",
                                           "United",
                                           "States",
                                           "Jordan's"};

/* The index's name table answers exactly as the gazetteer it stores. */
static void test_index_lookup_agrees_with_the_stored_gazetteer(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(lookup_gaz);
    const char *path = ts_temp_path(0, ".idx");
    const entidx_gazetteer *stored;
    entidx_index_writer *w = NULL;
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);
    assert_int_equal(entidx_index_open(&ix, path, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_verify(ix, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_load_gazetteer(ix, &stored, &err), ENTIDX_OK);
    for (size_t i = 0; i < sizeof(lookup_names) / sizeof(lookup_names[0]); i++) {
        const char *name = lookup_names[i];
        entidx_lookup_match a[8], b[8];
        size_t na, nb;
        assert_int_equal(entidx_index_lookup(ix, name, strlen(name), a, 8, &na, &err), ENTIDX_OK);
        assert_int_equal(entidx_gazetteer_lookup(stored, name, strlen(name), b, 8, &nb, &err),
                         ENTIDX_OK);
        if (na != nb)
            fail_msg("'%s': %zu matches through the index, %zu through the gazetteer", name, na,
                     nb);
        for (size_t k = 0; k < na; k++) {
            assert_int_equal(a[k].entity, b[k].entity);
            assert_string_equal(a[k].alias, b[k].alias);
            assert_int_equal(a[k].flags, b[k].flags);
            assert_int_equal(a[k].case_ok, b[k].case_ok);
            assert_int_equal(a[k].skipped, b[k].skipped);
        }
    }
    /* and the answers are the expected ones, not merely equal */
    {
        entidx_lookup_match m[8];
        size_t n;
        assert_int_equal(entidx_index_lookup(ix, "Canadians", 9, m, 8, &n, &err), ENTIDX_OK);
        assert_int_equal(n, 1);
        assert_int_equal(m[0].entity, 0);
        assert_string_equal(m[0].alias, "Canadian");
        assert_int_equal(entidx_index_lookup(ix, "Georgia", 7, m, 8, &n, &err), ENTIDX_OK);
        assert_int_equal(n, 2);
        assert_int_equal(m[0].entity, 4);
        assert_int_equal(m[1].entity, 5);
        assert_int_equal(m[1].skipped, 0); /* an index resolves every name it knows */
        assert_int_equal(entidx_index_lookup(ix, "us", 2, m, 8, &n, &err), ENTIDX_OK);
        assert_int_equal(n, 1);
        assert_int_equal(m[0].case_ok, 0); /* US is exact: lower case does not satisfy it */
        assert_int_equal(entidx_index_lookup(ix, "Moody", 5, m, 8, &n, &err), ENTIDX_OK);
        assert_true(n == 0 || m[0].case_ok == 0);
    }
    /* ids, entities and aliases as the gazetteer has them */
    for (uint32_t e = 0; e < entidx_gazetteer_count(gz); e++) {
        entidx_entity x, y;
        uint32_t found;
        entidx_gazetteer_entity(gz, e, &x);
        assert_int_equal(entidx_index_entity(ix, e, &y, &err), ENTIDX_OK);
        assert_string_equal(x.id, y.id);
        assert_string_equal(x.type, y.type);
        assert_string_equal(x.name, y.name);
        assert_int_equal(x.n_aliases, y.n_aliases);
        assert_int_equal(x.name_flags, y.name_flags);
        assert_string_equal(y.path, path);
        for (size_t k = 0; k < x.n_aliases; k++) {
            const char *alias;
            assert_int_equal(entidx_index_entity_alias(ix, e, k, &alias, &err), ENTIDX_OK);
            assert_string_equal(alias, entidx_gazetteer_alias(gz, e, k));
        }
        assert_int_equal(entidx_index_find_id(ix, x.id, strlen(x.id), &found, &err), ENTIDX_OK);
        assert_int_equal(found, e);
    }
    {
        entidx_entity y;
        const char *alias;
        uint32_t found;
        assert_int_equal(entidx_index_find_id(ix, "ZZZ", 3, &found, &err), ENTIDX_ENOTFOUND);
        assert_int_equal(entidx_index_find_id(ix, "GEO_", 4, &found, &err), ENTIDX_ENOTFOUND);
        assert_entidx_error(entidx_index_entity(ix, 7, &y, &err), err, ENTIDX_EINVAL,
                            "no entity number 7");
        assert_entidx_error(entidx_index_entity_alias(ix, 4, 0, &alias, &err), err, ENTIDX_EINVAL,
                            "entity 4 has no alias 0");
    }
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* Recompute every section CRC and the header CRC, as a careful forger would. */
static void refresh_checksums(char *bytes)
{
    uint8_t *h = (uint8_t *)bytes;
    size_t table_end = ENTIDX_INDEX_HEADER_LEN + ENTIDX_INDEX_N_SECTIONS * ENTIDX_INDEX_SECTION_LEN;
    uLong c;
    for (unsigned k = 0; k < ENTIDX_INDEX_N_SECTIONS; k++) {
        uint8_t *row = h + ENTIDX_INDEX_HEADER_LEN + k * ENTIDX_INDEX_SECTION_LEN;
        uint64_t off = entidx_get_u64le(row + 8), len = entidx_get_u64le(row + 16);
        entidx_put_u32le(row + 4, (uint32_t)crc32(crc32(0L, Z_NULL, 0), h + off, (uInt)len));
    }
    c = crc32(0L, Z_NULL, 0);
    c = crc32(c, h, ENTIDX_INDEX_HEADER_LEN - 4);
    c = crc32(c, h + ENTIDX_INDEX_HEADER_LEN, (uInt)(table_end - ENTIDX_INDEX_HEADER_LEN));
    entidx_put_u32le(h + 36, (uint32_t)c);
}

/*
 * A name or id table that disagrees with the entity table, checksums and all,
 * is caught by verify; lookups through it never crash and never name an
 * entity that is not there.
 */
static void test_index_verify_catches_forged_lookup_tables(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(lookup_gaz);
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t len;
    char *bytes;
    (void)state;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);
    bytes = ts_read_file(path, &len);
    for (unsigned k = ENTIDX_SEC_KEYS; k <= ENTIDX_SEC_IDS; k++) {
        const uint8_t *row =
            (const uint8_t *)bytes + ENTIDX_INDEX_HEADER_LEN + (k - 1) * ENTIDX_INDEX_SECTION_LEN;
        uint64_t off = entidx_get_u64le(row + 8), slen = entidx_get_u64le(row + 16);
        for (uint64_t at = off; at < off + slen; at++) {
            char *copy = malloc(len);
            entidx_index *ix = NULL;
            int rc;
            memcpy(copy, bytes, len);
            copy[at] ^= 0x01;
            refresh_checksums(copy);
            rc = entidx_index_open(&ix, ts_write_temp(1, copy, len), &err);
            if (rc == ENTIDX_OK) {
                for (size_t i = 0; i < sizeof(lookup_names) / sizeof(lookup_names[0]); i++) {
                    entidx_lookup_match m[8];
                    size_t n;
                    const char *name = lookup_names[i];
                    if (entidx_index_lookup(ix, name, strlen(name), m, 8, &n, NULL) == ENTIDX_OK) {
                        for (size_t j = 0; j < n && j < 8; j++)
                            assert_true(m[j].entity < 7);
                    }
                }
                rc = entidx_index_verify(ix, &err);
                entidx_index_close(ix);
            }
            if (rc != ENTIDX_ECORRUPT)
                fail_msg("forged byte %llu of section %u not detected (rc %d)",
                         (unsigned long long)(at - off), k, rc);
            free(copy);
        }
    }
    free(bytes);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* Lookups and entity reads fail cleanly at every allocation, then succeed. */
static void test_index_lookup_survives_every_allocation_failure(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(lookup_gaz);
    const char *path = ts_temp_path(0, ".idx");
    entidx_index_writer *w = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(entidx_index_writer_open(&w, path, gz, NULL, &err), ENTIDX_OK);
    assert_int_equal(entidx_index_writer_finish(w, &err), ENTIDX_OK);
    entidx_index_writer_free(w);
    for (unsigned long n = 1;; n++) {
        entidx_index *ix = NULL;
        entidx_lookup_match m[4];
        const entidx_gazetteer *stored;
        size_t nm = 0;
        int rc;
        assert_int_equal(entidx_index_open(&ix, path, &err), ENTIDX_OK);
        entidx_alloc_fail_at(n);
        rc = entidx_index_lookup(ix, "Canadians", 9, m, 4, &nm, NULL);
        if (rc == ENTIDX_OK)
            rc = entidx_index_load_gazetteer(ix, &stored, NULL);
        entidx_alloc_fail_at(0);
        entidx_index_close(ix);
        if (rc == ENTIDX_OK) {
            assert_int_equal(nm, 1);
            break;
        }
        assert_int_equal(rc, ENTIDX_ENOMEM);
    }
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* build()'s index written with allocations failing: the first error, or ENTIDX_OK. */
static int build_or_fail(entidx_gazetteer *gz, const char *path, int announce, int *announce_rc)
{
    static const uint32_t m0[] = {2, 0, 0}, m2[] = {2, 1};
    static const char *const files[] = {"corpus.jsonl"};
    entidx_index_writer *w = NULL;
    entidx_doc d;
    int rc;

    if ((rc = entidx_index_writer_open(&w, path, gz, NULL, NULL)) < 0) {
        assert_null(w);
        return rc;
    }
    /* a failed announcement leaves the writer as if it had not been made */
    *announce_rc = announce ? entidx_index_writer_expect_sources(w, files, 1, NULL) : ENTIDX_OK;
    d = make_doc("doc-0", "First", "2020-01-02");
    if ((rc = entidx_index_writer_add(w, &d, ts_mentions(m0, 3), 3, NULL)) == ENTIDX_OK) {
        d = make_doc("doc-1", "", "");
        rc = entidx_index_writer_add(w, &d, ts_mentions(m2, 2), 2, NULL);
    }
    if (rc == ENTIDX_OK)
        rc = entidx_index_writer_finish(w, NULL);
    entidx_index_writer_free(w);
    return rc;
}

/*
 * Fail the 1st, 2nd, ... allocation of writing a small index end to end until
 * it succeeds: every failure is ENTIDX_ENOMEM, leaves no file, and leaks
 * nothing (LeakSanitizer in the ASan build, valgrind in CI).
 */
static void test_index_writer_survives_every_allocation_failure(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *path = ts_temp_path(1, ".idx");
    entidx_index *ix = NULL;
    unsigned long n;
    (void)state;
    /* until the n-th allocation is past the last one: each failure either
       fails the build with nothing left behind, or is absorbed (by a failed
       announcement, say) and the index comes out whole */
    for (int announce = 0; announce < 2; announce++) {
        unsigned long announce_failed = 0, made;
        for (n = 1;; n++) {
            int rc, announce_rc;
            entidx_alloc_fail_at(n);
            rc = build_or_fail(gz, path, announce, &announce_rc);
            made = entidx_alloc_count();
            entidx_alloc_fail_at(0);
            if (rc != ENTIDX_OK) {
                assert_int_equal(rc, ENTIDX_ENOMEM);
                assert_int_equal(access(path, F_OK), -1); /* no partial output */
                continue;
            }
            assert_int_equal(entidx_index_open(&ix, path, NULL), ENTIDX_OK);
            assert_int_equal(entidx_index_doc_count(ix), 2);
            assert_int_equal(entidx_index_verify(ix, NULL), ENTIDX_OK);
            entidx_index_close(ix);
            assert_int_equal(unlink(path), 0);
            if (made < n)
                break; /* no allocation failed */
            if (announce_rc != ENTIDX_OK) {
                assert_int_equal(announce_rc, ENTIDX_ENOMEM);
                announce_failed++;
            }
        }
        assert_true(n > 5);
        assert_true(announce ? announce_failed >= 3 : announce_failed == 0);
    }
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* The same for entidx_index_merge() of two indexes. */
static void test_index_merge_survives_every_allocation_failure(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(gaz);
    const char *in[2], *out = ts_temp_path(2, ".idx");
    entidx_index *ix = NULL;
    unsigned long n;
    (void)state;
    in[0] = build(gz, 0);
    in[1] = in[0];
    for (n = 1;; n++) {
        int rc;
        entidx_alloc_fail_at(n);
        rc = entidx_index_merge(out, in, 2, NULL, NULL);
        entidx_alloc_fail_at(0);
        if (rc == ENTIDX_OK)
            break;
        assert_int_equal(rc, ENTIDX_ENOMEM);
        assert_int_equal(access(out, F_OK), -1);
    }
    assert_true(n > 5);
    assert_int_equal(entidx_index_open(&ix, out, NULL), ENTIDX_OK);
    assert_int_equal(entidx_index_doc_count(ix), 8);
    entidx_index_close(ix);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/*
 * The fuzz target's seed index (tests/fuzz/corpus/index/small.idx) verifies
 * and resolves its names with this build: its name table is keyed by
 * entidx_hash(), and a seed written by a build with another hash only
 * exercises the refusal (the seed was made by `entidx index` from three
 * entities, Germany, Canada and the WHO, and two documents).
 */
static void test_the_fuzz_seed_index_verifies(void **state)
{
    char path[4096];
    entidx_index *ix = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_lookup_match m[2];
    size_t n = 0;
    (void)state;

    snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/index/small.idx", ENTIDX_SOURCE_DIR);
    assert_int_equal(entidx_index_open(&ix, path, &err), ENTIDX_OK);
    if (entidx_index_verify(ix, &err) != ENTIDX_OK)
        fail_msg("%s (make the seed again: see this test's comment)", err.msg);
    assert_int_equal(entidx_index_lookup(ix, "Germany", 7, m, 2, &n, &err), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(entidx_index_doc_count(ix), 2);
    entidx_index_close(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_fuzz_seed_index_verifies),
        cmocka_unit_test(test_index_round_trips_documents_and_postings),
        cmocka_unit_test(test_index_writer_survives_every_allocation_failure),
        cmocka_unit_test(test_index_merge_survives_every_allocation_failure),
        cmocka_unit_test(test_index_output_is_deterministic),
        cmocka_unit_test(test_index_rejects_foreign_truncated_and_damaged_files),
        cmocka_unit_test(test_index_rejects_a_newer_format_version),
        cmocka_unit_test(test_index_rejects_an_older_format_version),
        cmocka_unit_test(test_index_round_trips_sentences_and_sources),
        cmocka_unit_test(test_index_spilling_does_not_change_the_bytes),
        cmocka_unit_test(test_index_expected_sources_do_not_change_the_bytes),
        cmocka_unit_test(test_index_expected_sources_come_first),
        cmocka_unit_test(test_index_announcement_streams_where_it_can),
        cmocka_unit_test(test_index_merge_equals_one_run),
        cmocka_unit_test(test_index_verify_catches_a_flip_in_every_section),
        cmocka_unit_test(test_index_skip_to_agrees_with_a_linear_scan),
        cmocka_unit_test(test_index_finish_replaces_atomically_and_reports_errors),
        cmocka_unit_test(test_index_iterator_rejects_a_wrapping_delta),
        cmocka_unit_test(test_index_open_survives_every_allocation_failure),
        cmocka_unit_test(test_index_lookup_agrees_with_the_stored_gazetteer),
        cmocka_unit_test(test_index_verify_catches_forged_lookup_tables),
        cmocka_unit_test(test_index_lookup_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
