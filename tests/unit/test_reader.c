/* SPDX-License-Identifier: MIT */
/*
 * test_reader.c - tests for src/lib/reader.c, record.c, linereader.c and
 * walk.c: JSON Lines framing and field selection, records framed and decoded
 * apart, bad records with file:line:column and recovery, the line cap,
 * plain text per file and per line, gzip input, directory walks.
 */
#include "test_support.h"
#include "alloc.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Open a reader over `len` bytes written to temporary slot `slot`; fails the test on error. */
static entidx_reader *open_bytes(int slot, const char *content, size_t len,
                                 const entidx_reader_opts *opts)
{
    entidx_reader *r = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path = ts_write_temp(slot, content, len);
    if (entidx_reader_open(&r, path, opts, &err) != ENTIDX_OK)
        fail_msg("open: %s", err.msg);
    assert_non_null(r);
    return r;
}

static entidx_reader *open_text(int slot, const char *content, const entidx_reader_opts *opts)
{
    return open_bytes(slot, content, strlen(content), opts);
}

/* The path of temporary slot `slot` as ts_write_temp made it (same name every time). */
static const char *slot_path(int slot)
{
    static char buf[8][512];
    const char *dir = getenv("TMPDIR");
    snprintf(buf[slot], sizeof(buf[slot]), "%s/entidx-test-%ld-%d", dir ? dir : "/tmp",
             (long)getpid(), slot);
    return buf[slot];
}

static void assert_doc_str(const char *got, size_t got_len, const char *want)
{
    assert_int_equal(got_len, strlen(want));
    assert_string_equal(got, want); /* also NUL-terminated */
}

static void assert_field(const entidx_doc *d, size_t i, const char *name, const char *text,
                         size_t len)
{
    assert_true(i < d->n_fields);
    assert_string_equal(d->fields[i].name, name);
    assert_int_equal(d->fields[i].len, len);
    assert_memory_equal(d->fields[i].text, text, len);
}

#define ASSERT_FIELD(d, i, name, lit) assert_field((d), (i), (name), (lit), sizeof(lit) - 1)

static int teardown(void **state)
{
    (void)state;
    ts_cleanup();
    return 0;
}

static void test_reader_frames_jsonl_records(void **state)
{
    static const char jsonl[] =
        "{\"id\":\"a1\",\"title\":\"Germany\",\"date\":\"2020-01-02\",\"url\":\"http://x/1\","
        "\"text\":\"Hello \\u00e7 \\\"q\\\"\",\"other\":[1,{\"text\":\"no\"}]}\n"
        "{\"text\":\"no id here\",\"title\":\"T2\"}\n"
        "{\"id\":42,\"title\":null,\"text\":\"x\"}\n"
        "{\"id\":-1.5e3,\"title\":null,\"date\":true,\"url\":{},\"text\":\"y\"}\n"
        "{\"id\":\"only\"}\n";
    entidx_reader *r = open_text(0, jsonl, NULL);
    const char *path = slot_path(0);
    char want_id[600];
    entidx_doc d;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "a1");
    assert_doc_str(d.title, d.title_len, "Germany");
    assert_doc_str(d.date, d.date_len, "2020-01-02");
    assert_doc_str(d.url, d.url_len, "http://x/1");
    assert_int_equal(d.n_fields, 2); /* default text fields: title, then text */
    ASSERT_FIELD(&d, 0, "title", "Germany");
    ASSERT_FIELD(&d, 1, "text", "Hello \xc3\xa7 \"q\"");
    assert_string_equal(d.path, path);
    assert_int_equal(d.line, 1);
    assert_true(entidx_reader_line(r) == 1);

    /* a missing id becomes PATH:LINE */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    snprintf(want_id, sizeof(want_id), "%s:2", path);
    assert_doc_str(d.id, d.id_len, want_id);
    assert_doc_str(d.date, d.date_len, "");
    assert_doc_str(d.url, d.url_len, "");
    assert_int_equal(d.n_fields, 2);
    ASSERT_FIELD(&d, 0, "title", "T2");
    ASSERT_FIELD(&d, 1, "text", "no id here");
    assert_int_equal(d.line, 2);

    /* a numeric id is taken as written; a null title is absent */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "42");
    assert_doc_str(d.title, d.title_len, "");
    assert_int_equal(d.n_fields, 1);
    ASSERT_FIELD(&d, 0, "text", "x");
    assert_int_equal(d.line, 3);

    /* metadata that is not a string is ignored */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "-1.5e3");
    assert_doc_str(d.title, d.title_len, "");
    assert_doc_str(d.date, d.date_len, "");
    assert_doc_str(d.url, d.url_len, "");
    assert_int_equal(d.n_fields, 1);
    ASSERT_FIELD(&d, 0, "text", "y");

    /* no text field at all: a document with no fields */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "only");
    assert_int_equal(d.n_fields, 0);
    assert_int_equal(d.line, 5);

    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0); /* and stays at the end */
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_skips_blank_lines_and_handles_crlf_and_bom(void **state)
{
    static const char jsonl[] = "\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"first\"}\r\n"
                                "\r\n"
                                "\n"
                                "   \t\n"
                                "{\"id\":\"crlf\",\"text\":\"line\\r\\nbreak\"}  \r\n"
                                "\n"
                                "{\"id\":\"last\",\"text\":\"no newline\"}";
    entidx_reader *r = open_text(0, jsonl, NULL);
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "bom");
    ASSERT_FIELD(&d, 0, "text", "first");
    assert_int_equal(d.line, 1);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "crlf");
    ASSERT_FIELD(&d, 0, "text", "line\r\nbreak");
    assert_int_equal(d.line, 5);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "last");
    ASSERT_FIELD(&d, 0, "text", "no newline");
    assert_int_equal(d.line, 7);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_reports_bad_records_and_goes_on(void **state)
{
    entidx_reader *r = open_text(0,
                                 "{\"id\":\"a\",\"text\":\"one\"}\n"
                                 "{\"id\": \"x\", \"text\": }\n"
                                 "{\"id\":\"b\",\"text\":\"two\"}\n"
                                 "[1,2]\n"
                                 "{\"id\":\"c\",\"text\":5}\n"
                                 "{\"id\":\"c2\",\"title\":[\"t\"]}\n"
                                 "{\"id\":\"d\",\"text\":\"four\"} x\n"
                                 "{\"id\":\"e\",\"text\":\"five\"}\n",
                                 NULL);
    const char *path = slot_path(0);
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "a");

    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_EPARSE, "expected a value");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 21); /* the "}" where a value should be */
    assert_string_equal(err.path, path);

    /* the next call returns the following good record */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "b");
    ASSERT_FIELD(&d, 0, "text", "two");
    assert_int_equal(d.line, 3);

    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_EPARSE,
                        "record is not a JSON object");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.path, path);

    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_EPARSE,
                        "field 'text' is not a string");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.path, path);

    /* "title" is a text field too (default), so an array there is an error */
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_EPARSE,
                        "field 'title' is not a string");
    assert_int_equal(err.line, 6);

    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_EPARSE,
                        "unexpected data after the JSON object");
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 26);

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "e");
    assert_int_equal(d.line, 8);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

/* Two documents with the same fields and metadata (pointers may differ). */
static void assert_same_doc(const entidx_doc *a, const entidx_doc *b)
{
    assert_doc_str(b->id, b->id_len, a->id);
    assert_doc_str(b->title, b->title_len, a->title);
    assert_doc_str(b->date, b->date_len, a->date);
    assert_doc_str(b->url, b->url_len, a->url);
    assert_string_equal(b->path, a->path);
    assert_int_equal(b->line, a->line);
    assert_int_equal(b->n_fields, a->n_fields);
    for (size_t i = 0; i < a->n_fields; i++)
        assert_field(b, i, a->fields[i].name, a->fields[i].text, a->fields[i].len);
}

/*
 * Records framed by entidx_reader_next_raw() and decoded by a decoder of
 * their own come out as entidx_reader_next() gives them: the same
 * documents, the same errors at the same line and column, in every format.
 */
static void check_raw_matches_next(const char *content, const entidx_reader_opts *opts)
{
    entidx_reader *plain = open_text(0, content, opts), *framed = NULL;
    entidx_record_decoder *dec = NULL;
    entidx_error e1 = ENTIDX_ERROR_INIT, e2 = ENTIDX_ERROR_INIT;
    int rc1, rc2;

    assert_int_equal(entidx_reader_open(&framed, slot_path(0), opts, &e2), ENTIDX_OK);
    assert_int_equal(entidx_record_decoder_new(&dec, opts, &e2), ENTIDX_OK);
    do {
        entidx_doc d1, d2;
        const char *raw;
        size_t raw_len;
        rc1 = entidx_reader_next(plain, &d1, &e1);
        rc2 = entidx_reader_next_raw(framed, &d2, &raw, &raw_len, &e2);
        if (rc2 == 1 && raw != NULL) {
            /* decoded from a copy, as another thread would */
            char *copy = malloc(raw_len + 1);
            assert_non_null(copy);
            memcpy(copy, raw, raw_len);
            copy[raw_len] = '\0';
            assert_int_equal(d2.id_len, 0);
            assert_int_equal(d2.n_fields, 0);
            rc2 = entidx_record_decode(dec, d2.path, d2.line, copy, raw_len, &d2, &e2);
            free(copy);
        }
        assert_int_equal(rc2, rc1);
        if (rc1 == 1) {
            assert_same_doc(&d1, &d2);
        } else if (rc1 < 0) {
            assert_string_equal(e2.msg, e1.msg);
            assert_string_equal(e2.path, e1.path);
            assert_int_equal(e2.line, e1.line);
            assert_int_equal(e2.column, e1.column);
        }
    } while (rc1 != 0);
    entidx_record_decoder_free(dec);
    assert_int_equal(entidx_reader_close(plain, &e1), ENTIDX_OK);
    assert_int_equal(entidx_reader_close(framed, &e2), ENTIDX_OK);
}

static void test_reader_raw_records_decode_as_read(void **state)
{
    entidx_reader_opts small = ENTIDX_READER_OPTS_INIT, fields = ENTIDX_READER_OPTS_INIT,
                       lines = ENTIDX_READER_OPTS_INIT;
    (void)state;

    check_raw_matches_next(
        "\xef\xbb\xbf{\"id\":\"a\",\"title\":\"T\",\"text\":\"one\\n\\u00e9\"}  \t\n"
        "\n   \n"
        "{\"id\": \"x\", \"text\": }\n"
        "{\"text\":\"no id\",\"date\":\"2020\",\"url\":\"u\"}\r\n"
        "[1,2]\n"
        "{\"id\":7,\"text\":5}\n"
        "{\"id\":8,\"text\":\"number id\"}\n"
        "{\"id\":\"d\",\"text\":\"four\"} x\n"
        "{\"id\":\"e\",\"text\":null,\"title\":\"only a title\"}",
        NULL);
    small.max_doc_bytes = 24; /* the second record's decoded text is longer */
    check_raw_matches_next("{\"text\":\"short\"}\n{\"text\":\"\\u0041 long enough\"}\n"
                           "{\"text\":\"a line longer than the cap itself\"}\n{\"id\":\"z\"}\n",
                           &small);
    fields.id_field = "uid";
    fields.text_fields[0] = "body";
    fields.text_fields[1] = "summary";
    fields.n_text_fields = 2;
    check_raw_matches_next("{\"uid\":\"u1\",\"id\":\"no\",\"summary\":\"S\",\"body\":\"B\"}\n"
                           "{\"id\":\"x\",\"summary\":\"only summary\"}\n",
                           &fields);
    /* plain text: the documents themselves, no records to decode */
    check_raw_matches_next("A whole file.\nOf text.\n", NULL);
    lines.format = ENTIDX_FORMAT_LINES;
    check_raw_matches_next("one\n\ntwo\n", &lines);
}

static void test_reader_raw_record_is_the_trimmed_line(void **state)
{
    entidx_reader *r = open_text(0, "\xef\xbb\xbf{\"id\":\"a\"} \t\r\n\n{\"id\":\"b\"}", NULL);
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d;
    const char *raw;
    size_t len;
    (void)state;

    assert_int_equal(entidx_reader_next_raw(r, &d, &raw, &len, &err), 1);
    assert_non_null(raw);
    assert_int_equal(len, 10);
    assert_memory_equal(raw, "{\"id\":\"a\"}", 10);
    assert_int_equal(d.line, 1);
    assert_string_equal(d.path, slot_path(0));
    assert_int_equal(d.id_len, 0);
    assert_int_equal(d.n_fields, 0);
    assert_int_equal(entidx_reader_next_raw(r, &d, &raw, &len, &err), 1);
    assert_int_equal(len, 10);
    assert_memory_equal(raw, "{\"id\":\"b\"}", 10);
    assert_int_equal(d.line, 3);
    assert_int_equal(entidx_reader_next_raw(r, &d, &raw, &len, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_caps_line_length(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path;
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    opts.max_doc_bytes = 64;
    r = open_text(
        0,
        "{\"id\":\"ok1\",\"text\":\"a\"}\n"
        "{\"id\":\"long\",\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n"
        "{\"id\":\"ok3\",\"text\":\"b\"}\n"
        "{\"id\":\"long-at-end\",\"text\":\"ccccccccccccccccccccccccccccccccccccccccccc\"}",
        &opts);
    path = slot_path(0);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "ok1");
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_ELIMIT,
                        "line longer than 64 bytes; skipped");
    assert_int_equal(err.line, 2);
    assert_string_equal(err.path, path);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "ok3");
    assert_int_equal(d.line, 3);
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_ELIMIT,
                        "line longer than 64 bytes; skipped");
    assert_int_equal(err.line, 4);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);

    /* a line exactly at the cap is accepted */
    {
        char line[80];
        memset(line, ' ', sizeof(line));
        memcpy(line, "{\"id\":\"exact\"}", 14);
        line[64] = '\n';
        line[65] = '\0';
        r = open_text(1, line, &opts);
        assert_int_equal(entidx_reader_next(r, &d, &err), 1);
        assert_doc_str(d.id, d.id_len, "exact");
        assert_int_equal(entidx_reader_next(r, &d, &err), 0);
        assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
    }
}

static void test_reader_cap_excludes_crlf(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char line[80];
    entidx_reader *r;
    entidx_doc d;
    int rc;
    (void)state;

    /* a 64-byte record under a 64-byte cap, ended by CRLF instead of LF */
    opts.max_doc_bytes = 64;
    memset(line, ' ', sizeof(line));
    memcpy(line, "{\"id\":\"crlf\"}", 13); /* then spaces up to byte 64 */
    memcpy(line + 64, "\r\n", 3);          /* with the terminating NUL */
    r = open_text(0, line, &opts);
    rc = entidx_reader_next(r, &d, &err);
    if (rc != 1) {
        entidx_reader_close(r, NULL);
        fail_msg("64-byte line + CRLF under a 64-byte cap: rc %d (%s)", rc, err.msg);
    }
    assert_doc_str(d.id, d.id_len, "crlf");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_reads_a_line_longer_than_one_buffer(void **state)
{
    enum { BIG = 300000 };
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc d;
    char *content = malloc(BIG + 200);
    size_t n = 0;
    (void)state;

    assert_non_null(content);
    n += (size_t)snprintf(content + n, 100, "{\"id\":\"big\",\"text\":\"");
    for (size_t i = 0; i < BIG; i++)
        content[n + i] = (char)('a' + i % 26);
    n += BIG;
    n += (size_t)snprintf(content + n, 100, "\"}\n{\"id\":\"after\",\"text\":\"t\"}\n");
    r = open_bytes(0, content, n, NULL);

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "big");
    assert_int_equal(d.n_fields, 1);
    assert_string_equal(d.fields[0].name, "text");
    assert_int_equal(d.fields[0].len, BIG);
    assert_memory_equal(d.fields[0].text, content + 20, BIG); /* after {"id":"big","text":" */
    free(content);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "after");
    assert_int_equal(d.line, 2);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_skips_a_line_longer_than_its_buffer(void **state)
{
    enum { BIG = 700000 };
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc d;
    char *content = malloc(BIG + 200);
    size_t n = 0;
    (void)state;

    assert_non_null(content);
    n += (size_t)snprintf(content + n, 100, "{\"id\":\"before\"}\n{\"id\":\"big\",\"text\":\"");
    memset(content + n, 'z', BIG);
    n += BIG;
    n += (size_t)snprintf(content + n, 100, "\"}\n{\"id\":\"after\",\"text\":\"t\"}\n");
    opts.max_doc_bytes = 100;
    r = open_bytes(0, content, n, &opts);
    free(content);

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "before");
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_ELIMIT,
                        "line longer than 100 bytes; skipped");
    assert_int_equal(err.line, 2);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "after");
    assert_int_equal(d.line, 3);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_small_cap_keeps_generated_ids(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char want_id[600];
    entidx_reader *r;
    entidx_doc d;
    int rc;
    (void)state;

    /* a 12-byte record fits a 16-byte cap; its generated id "PATH:1" is metadata, not text */
    opts.max_doc_bytes = 16;
    r = open_text(0, "{\"text\":\"a\"}\n", &opts);
    snprintf(want_id, sizeof(want_id), "%s:1", slot_path(0));
    assert_true(strlen(want_id) > 16);
    rc = entidx_reader_next(r, &d, &err);
    if (rc != 1) {
        entidx_reader_close(r, NULL);
        fail_msg("JSONL record without id under a 16-byte cap: rc %d (%s)", rc, err.msg);
    }
    assert_doc_str(d.id, d.id_len, want_id);
    ASSERT_FIELD(&d, 0, "text", "a");
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_small_cap_keeps_generated_line_ids(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char want_id[600];
    entidx_reader *r;
    entidx_doc d;
    int rc;
    (void)state;

    /* the same for LINES: a 5-byte line under a 16-byte cap */
    opts.max_doc_bytes = 16;
    opts.format = ENTIDX_FORMAT_LINES;
    r = open_text(1, "short\n", &opts);
    snprintf(want_id, sizeof(want_id), "%s:1", slot_path(1));
    rc = entidx_reader_next(r, &d, &err);
    if (rc != 1) {
        entidx_reader_close(r, NULL);
        fail_msg("LINES document under a 16-byte cap: rc %d (%s)", rc, err.msg);
    }
    assert_doc_str(d.id, d.id_len, want_id);
    ASSERT_FIELD(&d, 0, "text", "short");
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_uses_configured_field_names(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    opts.id_field = "uid";
    opts.title_field = "headline";
    opts.date_field = "published";
    opts.url_field = "link";
    opts.text_fields[0] = "body";
    opts.text_fields[1] = "summary";
    opts.n_text_fields = 2;
    r = open_text(0,
                  "{\"uid\":\"u1\",\"id\":\"no\",\"body\":\"B\",\"text\":\"T\",\"headline\":\"H\","
                  "\"title\":\"no\",\"published\":\"2021\",\"link\":\"L\",\"summary\":\"S\"}\n"
                  "{\"id\":\"x\",\"summary\":\"only summary\"}\n",
                  &opts);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "u1");
    assert_doc_str(d.title, d.title_len, "H");
    assert_doc_str(d.date, d.date_len, "2021");
    assert_doc_str(d.url, d.url_len, "L");
    assert_int_equal(d.n_fields, 2); /* in configured order, not file order */
    ASSERT_FIELD(&d, 0, "body", "B");
    ASSERT_FIELD(&d, 1, "summary", "S");

    /* "id" is not the id field any more: the id is generated */
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    {
        char want_id[600];
        snprintf(want_id, sizeof(want_id), "%s:2", slot_path(0));
        assert_doc_str(d.id, d.id_len, want_id);
    }
    assert_int_equal(d.n_fields, 1);
    ASSERT_FIELD(&d, 0, "summary", "only summary");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);

    /* too many text fields is an invalid option */
    {
        entidx_reader *bad = (entidx_reader *)&err;
        opts.n_text_fields = ENTIDX_MAX_TEXT_FIELDS + 1;
        assert_entidx_error(entidx_reader_open(&bad, ts_write_temp(1, "", 0), &opts, &err), err,
                            ENTIDX_EINVAL, "at most 8 text fields");
        assert_null(bad);
    }
}

static void test_reader_auto_detects_plain_text(void **state)
{
    static const char content[] = "\n  Headline here  \r\n\nBody text about Germany.\n";
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r = open_text(0, content, NULL);
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, slot_path(0));
    assert_doc_str(d.title, d.title_len, "Headline here");
    assert_doc_str(d.date, d.date_len, "");
    assert_doc_str(d.url, d.url_len, "");
    assert_int_equal(d.n_fields, 1);
    /* the whole file, so mention offsets are offsets into it */
    assert_field(&d, 0, "text", content, sizeof(content) - 1);
    assert_int_equal(d.line, 1);
    assert_string_equal(d.path, slot_path(0));
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);

    /* JSON-looking text that does not start with '{' is plain text too */
    r = open_text(1, "[{\"id\":1}]\n", NULL);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, slot_path(1));
    assert_int_equal(d.n_fields, 1);
    ASSERT_FIELD(&d, 0, "text", "[{\"id\":1}]\n");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);

    /* leading white space and a BOM before '{' still mean JSONL */
    r = open_text(2, "\xef\xbb\xbf\n  \n{\"id\":\"j\",\"text\":\"t\"}\n", NULL);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.id, d.id_len, "j");
    assert_int_equal(d.line, 3);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_reads_a_large_text_file_whole(void **state)
{
    enum { BIG = 600000 };
    char *content = malloc(BIG);
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    assert_non_null(content);
    for (size_t i = 0; i < BIG; i++)
        content[i] = (i % 61 == 60) ? '\n' : (char)('a' + i % 26);
    memcpy(content, "Title line\n", 11);
    opts.format = ENTIDX_FORMAT_TEXT;
    r = open_bytes(0, content, BIG, &opts);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_doc_str(d.title, d.title_len, "Title line");
    assert_int_equal(d.n_fields, 1);
    assert_field(&d, 0, "text", content, BIG);
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);

    /* over the cap: reported once, then the end */
    opts.max_doc_bytes = 1000;
    r = open_bytes(1, content, BIG, &opts);
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_ELIMIT,
                        "document larger than 1000 bytes; skipped");
    assert_string_equal(err.path, slot_path(1));
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
    free(content);
}

static void test_reader_reads_one_document_per_line(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char want_id[600];
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    opts.format = ENTIDX_FORMAT_LINES;
    r = open_text(0, "first line\n\n{\"id\":\"not json here\"}\r\nlast", &opts);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    snprintf(want_id, sizeof(want_id), "%s:1", slot_path(0));
    assert_doc_str(d.id, d.id_len, want_id);
    assert_doc_str(d.title, d.title_len, "");
    assert_int_equal(d.n_fields, 1);
    ASSERT_FIELD(&d, 0, "text", "first line");
    assert_int_equal(d.line, 1);

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    snprintf(want_id, sizeof(want_id), "%s:3", slot_path(0));
    assert_doc_str(d.id, d.id_len, want_id);
    ASSERT_FIELD(&d, 0, "text", "{\"id\":\"not json here\"}"); /* taken as text, CR dropped */
    assert_int_equal(d.line, 3);

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    snprintf(want_id, sizeof(want_id), "%s:4", slot_path(0));
    assert_doc_str(d.id, d.id_len, want_id);
    ASSERT_FIELD(&d, 0, "text", "last");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_true(entidx_reader_line(r) == 4);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_lines_skips_white_space_only_lines(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    char want_id[600];
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    /* "each non-blank line is a document": a line of spaces and tabs is blank */
    opts.format = ENTIDX_FORMAT_LINES;
    r = open_text(0, "one\n  \t \r\ntwo\n", &opts);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    ASSERT_FIELD(&d, 0, "text", "one");
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    snprintf(want_id, sizeof(want_id), "%s:3", slot_path(0));
    if (d.n_fields != 1 || d.fields[0].len != 3) {
        entidx_reader_close(r, NULL);
        fail_msg("white-space-only line 2 became a document");
    }
    assert_doc_str(d.id, d.id_len, want_id);
    ASSERT_FIELD(&d, 0, "text", "two");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    assert_int_equal(entidx_reader_close(r, &err), ENTIDX_OK);
}

static void test_reader_reads_gzip_jsonl_like_plain(void **state)
{
    static const char jsonl[] = "{\"id\":\"g1\",\"title\":\"T\",\"text\":\"Hello\"}\n"
                                "\n"
                                "{\"text\":\"second\"}\n"
                                "{\"id\":\"g3\",\"text\":5}\n"
                                "{\"id\":\"g4\",\"text\":\"fourth\"}\n";
    const char *gz_path = ts_temp_path(1, ".jsonl.gz");
    entidx_error err = ENTIDX_ERROR_INIT, err2 = ENTIDX_ERROR_INIT;
    entidx_reader *plain, *gz = NULL;
    gzFile f;
    (void)state;

    f = gzopen(gz_path, "wb");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, jsonl, sizeof(jsonl) - 1), (int)(sizeof(jsonl) - 1));
    assert_int_equal(gzclose(f), Z_OK);

    plain = open_text(0, jsonl, NULL);
    assert_int_equal(entidx_reader_open(&gz, gz_path, NULL, &err), ENTIDX_OK);
    for (int i = 0;; i++) {
        entidx_doc a, b;
        int ra = entidx_reader_next(plain, &a, &err);
        int rb = entidx_reader_next(gz, &b, &err2);
        assert_int_equal(ra, rb);
        assert_true(i < 10);
        if (ra == 0)
            break;
        if (ra < 0) {
            assert_string_equal(err.msg, err2.msg);
            assert_true(err.line == err2.line);
            assert_string_equal(err2.path, gz_path);
            continue;
        }
        assert_true(a.line == b.line);
        assert_int_equal(a.n_fields, b.n_fields);
        for (size_t k = 0; k < a.n_fields; k++) {
            assert_string_equal(a.fields[k].name, b.fields[k].name);
            assert_int_equal(a.fields[k].len, b.fields[k].len);
            assert_memory_equal(a.fields[k].text, b.fields[k].text, a.fields[k].len);
        }
        assert_string_equal(a.title, b.title);
        if (a.id[0] == 'g')
            assert_string_equal(a.id, b.id);
        else {
            char want_id[600];
            snprintf(want_id, sizeof(want_id), "%s:3", gz_path);
            assert_string_equal(b.id, want_id);
        }
        assert_string_equal(b.path, gz_path);
    }
    assert_int_equal(entidx_reader_close(plain, &err), ENTIDX_OK);
    assert_int_equal(entidx_reader_close(gz, &err2), ENTIDX_OK);
}

static void test_reader_reports_truncated_gzip(void **state)
{
    static char jsonl[40000];
    const char *gz_path = ts_temp_path(0, ".gz");
    const char *path;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r = NULL;
    size_t raw_len, n = 0;
    char *raw;
    int rc, docs = 0, corrupt = 0;
    gzFile f;
    (void)state;

    for (int i = 0; n + 100 < sizeof(jsonl); i++)
        n += (size_t)snprintf(jsonl + n, sizeof(jsonl) - n,
                              "{\"id\":\"d%d\",\"text\":\"record %d of the file\"}\n", i, i * 7919);
    f = gzopen(gz_path, "wb");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, jsonl, (unsigned)n), (int)n);
    assert_int_equal(gzclose(f), Z_OK);
    raw = ts_read_file(gz_path, &raw_len);
    path = ts_write_temp(1, raw, raw_len - 10);
    free(raw);

    assert_int_equal(entidx_reader_open(&r, path, NULL, &err), ENTIDX_OK);
    for (int guard = 0; guard < 10000; guard++) {
        entidx_doc d;
        rc = entidx_reader_next(r, &d, &err);
        if (rc == 1) {
            docs++;
            continue;
        }
        if (rc == ENTIDX_ECORRUPT) {
            assert_non_null(strstr(err.msg, "truncated gzip data"));
            assert_string_equal(err.path, path);
            corrupt = 1;
            break;
        }
        if (rc == 0)
            break;
        assert_int_equal(rc, ENTIDX_EPARSE); /* the cut last line, at worst */
    }
    rc = entidx_reader_close(r, &err);
    if (!corrupt) {
        assert_entidx_error(rc, err, ENTIDX_ECORRUPT, "truncated gzip data");
        assert_string_equal(err.path, path);
    }
    assert_true(docs > 100);
}

static void test_reader_reports_missing_file(void **state)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r = (entidx_reader *)&err;
    (void)state;
    assert_entidx_error(entidx_reader_open(&r, "/nonexistent/corpus.jsonl", NULL, &err), err,
                        ENTIDX_EIO, "cannot open");
    assert_int_equal(err.sys_errno, ENOENT);
    assert_string_equal(err.path, "/nonexistent/corpus.jsonl");
    assert_null(r);
    assert_int_equal(entidx_reader_close(NULL, NULL), ENTIDX_OK);
}

/* Open and read a whole file; returns the first error, or the number of documents. */
static int read_everything(const char *path, const entidx_reader_opts *opts)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r = NULL;
    int rc, docs = 0;
    entidx_doc d;

    if ((rc = entidx_reader_open(&r, path, opts, &err)) < 0) {
        assert_null(r);
        assert_int_equal(err.code, rc);
        return rc;
    }
    while ((rc = entidx_reader_next(r, &d, &err)) == 1)
        docs++;
    if (rc < 0)
        assert_int_equal(err.code, rc);
    assert_int_equal(entidx_reader_close(r, NULL), ENTIDX_OK);
    return rc < 0 ? rc : docs;
}

static void test_reader_survives_allocation_failure(void **state)
{
    static const char jsonl[] = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"one\"}\n"
                                "{\"text\":\"no id\"}\n"
                                "{\"id\":\"c\",\"text\":\"three\"}\n";
    static const entidx_input_format formats[] = {ENTIDX_FORMAT_AUTO, ENTIDX_FORMAT_TEXT,
                                                  ENTIDX_FORMAT_LINES};
    static const int want_docs[] = {3, 1, 3};
    const char *path = ts_write_temp(0, jsonl, sizeof(jsonl) - 1);
    (void)state;

    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
        unsigned long total;
        opts.format = formats[f];
        entidx_alloc_fail_at(0);
        assert_int_equal(read_everything(path, &opts), want_docs[f]);
        total = entidx_alloc_count();
        assert_true(total >= 3);
        for (unsigned long fail = 1; fail <= total; fail++) {
            int rc;
            entidx_alloc_fail_at(fail);
            rc = read_everything(path, &opts);
            entidx_alloc_fail_at(0);
            if (rc != ENTIDX_ENOMEM)
                fail_msg("format %d, allocation %lu of %lu failed: got %d, expected ENOMEM",
                         (int)formats[f], fail, total, rc);
        }
    }
}

static void touch(const char *dir, const char *name)
{
    char p[700];
    FILE *f;
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
}

static void test_reader_expands_directories_in_order(void **state)
{
    const char *dir = ts_temp_path(0, ".d");
    static const char *const files_made[] = {"b.txt", "a.txt",       "sub/c.txt",
                                             ".x",    "sub/.hidden", "B.txt"};
    char p[1024], sub[600], hidden_dir[600];
    char **files = NULL;
    size_t n = 99;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(hidden_dir, sizeof(hidden_dir), "%s/.git", dir);
    assert_int_equal(mkdir(hidden_dir, 0700), 0);
    for (size_t i = 0; i < sizeof(files_made) / sizeof(files_made[0]); i++)
        touch(dir, files_made[i]);
    touch(hidden_dir, "inside.txt");

    assert_int_equal(entidx_expand_inputs(&files, &n, &dir, 1, &err), ENTIDX_OK);
    assert_int_equal(n, 4);
    snprintf(p, sizeof(p), "%s/B.txt", dir); /* byte order: 'B' < 'a' */
    assert_string_equal(files[0], p);
    snprintf(p, sizeof(p), "%s/a.txt", dir);
    assert_string_equal(files[1], p);
    snprintf(p, sizeof(p), "%s/b.txt", dir);
    assert_string_equal(files[2], p);
    snprintf(p, sizeof(p), "%s/sub/c.txt", dir);
    assert_string_equal(files[3], p);
    entidx_paths_free(files, n);

    /* files and "-" stay as given, in argument order; a trailing slash makes no "//" */
    {
        char with_slash[1024], file_b[1024];
        const char *inputs[3];
        snprintf(with_slash, sizeof(with_slash), "%s/", sub);
        snprintf(file_b, sizeof(file_b), "%s/b.txt", dir);
        inputs[0] = file_b;
        inputs[1] = "-";
        inputs[2] = with_slash;
        assert_int_equal(entidx_expand_inputs(&files, &n, inputs, 3, &err), ENTIDX_OK);
        assert_int_equal(n, 3);
        assert_string_equal(files[0], file_b);
        assert_string_equal(files[1], "-");
        snprintf(p, sizeof(p), "%s/c.txt", sub);
        assert_string_equal(files[2], p);
        entidx_paths_free(files, n);
    }

    /* a symbolic link back to a parent is a loop: reported, not followed forever, and the
       other files of the walk are still listed */
    {
        char **before;
        size_t n_before;
        assert_int_equal(entidx_expand_inputs(&before, &n_before, &dir, 1, &err), ENTIDX_OK);
        snprintf(p, sizeof(p), "%s/up", sub);
        assert_int_equal(symlink("..", p), 0);
        files = (char **)&err;
        assert_entidx_error(entidx_expand_inputs(&files, &n, &dir, 1, &err), err, ENTIDX_EIO,
                            "directory loop (a symbolic link leads back to a parent); skipped");
        assert_string_equal(err.path, p);
        assert_true(n_before > 0);
        assert_int_equal(n, n_before);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(files[i], before[i]);
        entidx_paths_free(files, n);
        entidx_paths_free(before, n_before);
        unlink(p);
    }

    /* out of memory anywhere in the walk: ENTIDX_ENOMEM, nothing leaked */
    {
        unsigned long total;
        entidx_alloc_fail_at(0);
        assert_int_equal(entidx_expand_inputs(&files, &n, &dir, 1, &err), ENTIDX_OK);
        total = entidx_alloc_count();
        entidx_paths_free(files, n);
        assert_true(total >= 5);
        for (unsigned long fail = 1; fail <= total; fail++) {
            int rc;
            entidx_alloc_fail_at(fail);
            rc = entidx_expand_inputs(&files, &n, &dir, 1, &err);
            entidx_alloc_fail_at(0);
            assert_int_equal(rc, ENTIDX_ENOMEM);
            assert_int_equal(err.code, ENTIDX_ENOMEM);
            assert_null(files);
        }
    }

    /* a missing path */
    {
        const char *missing = "/nonexistent/dir";
        assert_entidx_error(entidx_expand_inputs(&files, &n, &missing, 1, &err), err, ENTIDX_EIO,
                            "cannot open");
        assert_int_equal(err.sys_errno, ENOENT);
        assert_string_equal(err.path, "/nonexistent/dir");
        assert_null(files);
    }

    for (size_t i = 0; i < sizeof(files_made) / sizeof(files_made[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, files_made[i]);
        unlink(p);
    }
    snprintf(p, sizeof(p), "%s/inside.txt", hidden_dir);
    unlink(p);
    rmdir(hidden_dir);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_reader_frames_jsonl_records, teardown),
        cmocka_unit_test_teardown(test_reader_skips_blank_lines_and_handles_crlf_and_bom, teardown),
        cmocka_unit_test_teardown(test_reader_reports_bad_records_and_goes_on, teardown),
        cmocka_unit_test_teardown(test_reader_raw_records_decode_as_read, teardown),
        cmocka_unit_test_teardown(test_reader_raw_record_is_the_trimmed_line, teardown),
        cmocka_unit_test_teardown(test_reader_caps_line_length, teardown),
        cmocka_unit_test_teardown(test_reader_cap_excludes_crlf, teardown),
        cmocka_unit_test_teardown(test_reader_reads_a_line_longer_than_one_buffer, teardown),
        cmocka_unit_test_teardown(test_reader_skips_a_line_longer_than_its_buffer, teardown),
        cmocka_unit_test_teardown(test_reader_small_cap_keeps_generated_ids, teardown),
        cmocka_unit_test_teardown(test_reader_small_cap_keeps_generated_line_ids, teardown),
        cmocka_unit_test_teardown(test_reader_uses_configured_field_names, teardown),
        cmocka_unit_test_teardown(test_reader_auto_detects_plain_text, teardown),
        cmocka_unit_test_teardown(test_reader_reads_a_large_text_file_whole, teardown),
        cmocka_unit_test_teardown(test_reader_reads_one_document_per_line, teardown),
        cmocka_unit_test_teardown(test_reader_lines_skips_white_space_only_lines, teardown),
        cmocka_unit_test_teardown(test_reader_reads_gzip_jsonl_like_plain, teardown),
        cmocka_unit_test_teardown(test_reader_reports_truncated_gzip, teardown),
        cmocka_unit_test_teardown(test_reader_reports_missing_file, teardown),
        cmocka_unit_test_teardown(test_reader_survives_allocation_failure, teardown),
        cmocka_unit_test_teardown(test_reader_expands_directories_in_order, teardown),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
