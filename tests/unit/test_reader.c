/* SPDX-License-Identifier: MIT */
/*
 * test_reader.c - tests for src/lib/reader.c, linereader.c and walk.c: JSON
 * Lines framing and field selection, bad records with file:line:column and
 * recovery, the line cap, plain text per file and per line, directory walks.
 */
#include "test_support.h"

#include <sys/stat.h>
#include <unistd.h>

static entidx_reader *open_text(int slot, const char *content, const entidx_reader_opts *opts)
{
    entidx_reader *r = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path = ts_write_temp(slot, content, strlen(content));
    if (entidx_reader_open(&r, path, opts, &err) != ENTIDX_OK)
        fail_msg("open: %s", err.msg);
    return r;
}

static void test_reader_frames_jsonl_records(void **state)
{
    entidx_reader *r =
        open_text(0,
                  "{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2020-01-02\",\"url\":\"u\","
                  "\"text\":\"Hello \\u00e7\"}\n"
                  "\n"
                  "{\"text\":\"no id\"}\r\n"
                  "{\"id\":42,\"title\":null,\"text\":\"x\"}\n",
                  NULL);
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "a1");
    assert_string_equal(d.title, "T");
    assert_string_equal(d.date, "2020-01-02");
    assert_string_equal(d.url, "u");
    assert_int_equal(d.n_fields, 2); /* title, then text */
    assert_string_equal(d.fields[0].name, "title");
    assert_string_equal(d.fields[1].name, "text");
    assert_int_equal(d.fields[1].len, 8);
    assert_memory_equal(d.fields[1].text, "Hello \xc3\xa7", 8);
    assert_int_equal(d.line, 1);

    /* blank lines are skipped; a missing id becomes PATH:LINE; CRLF is fine */
    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.id, ":3"));
    assert_int_equal(d.fields[0].len, 5);

    /* a numeric id is taken as written; a null title is absent */
    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "42");
    assert_string_equal(d.title, "");
    assert_int_equal(d.n_fields, 1);
    assert_int_equal(entidx_reader_next(r, &d, NULL), 0);
    assert_int_equal(entidx_reader_close(r, NULL), ENTIDX_OK);
    ts_cleanup();
}

static void test_reader_skips_bad_records_and_goes_on(void **state)
{
    entidx_reader *r = open_text(0,
                                 "{\"id\":\"a\",\"text\":\"one\"}\n"
                                 "{\"id\": \"b\", \"text\": }\n"
                                 "[1,2]\n"
                                 "{\"id\":\"c\",\"text\":5}\n"
                                 "{\"id\":\"d\",\"text\":\"four\"}\n",
                                 NULL);
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_int_equal(entidx_reader_next(r, &d, &err), ENTIDX_EPARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 21); /* the "}" where a value should be */
    assert_string_equal(err.path, ts_temp_path(0, NULL) /* same name */);
    assert_int_equal(entidx_reader_next(r, &d, &err), ENTIDX_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "not a JSON object"));
    assert_int_equal(entidx_reader_next(r, &d, &err), ENTIDX_EPARSE);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "field 'text' is not a string"));
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_string_equal(d.id, "d");
    assert_int_equal(entidx_reader_next(r, &d, &err), 0);
    entidx_reader_close(r, NULL);
    ts_cleanup();
}

static void test_reader_caps_line_length(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    opts.max_doc_bytes = 64;
    r = open_text(
        0,
        "{\"id\":\"long\",\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n"
        "{\"id\":\"ok\",\"text\":\"b\"}\n",
        &opts);
    assert_entidx_error(entidx_reader_next(r, &d, &err), err, ENTIDX_ELIMIT,
                        "line longer than 64 bytes; skipped");
    assert_int_equal(err.line, 1);
    assert_int_equal(entidx_reader_next(r, &d, &err), 1);
    assert_string_equal(d.id, "ok");
    entidx_reader_close(r, NULL);
    ts_cleanup();
}

static void test_reader_uses_configured_field_names(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_reader *r;
    entidx_doc d;
    (void)state;

    opts.id_field = "uid";
    opts.text_fields[0] = "body";
    opts.n_text_fields = 1;
    r = open_text(0, "{\"uid\":\"u1\",\"id\":\"no\",\"body\":\"B\",\"text\":\"T\"}\n", &opts);
    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, "u1");
    assert_int_equal(d.n_fields, 1);
    assert_string_equal(d.fields[0].name, "body");
    assert_memory_equal(d.fields[0].text, "B", 1);
    entidx_reader_close(r, NULL);
    ts_cleanup();
}

static void test_reader_reads_plain_text_per_file_and_per_line(void **state)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_reader *r = open_text(0, "\n  Headline here\n\nBody text.\n", NULL);
    entidx_doc d;
    (void)state;

    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_string_equal(d.id, ts_temp_path(0, NULL));
    assert_string_equal(d.title, "Headline here");
    assert_int_equal(d.n_fields, 1);
    assert_int_equal(d.fields[0].len, 29); /* the whole file, offsets into it */
    assert_int_equal(entidx_reader_next(r, &d, NULL), 0);
    entidx_reader_close(r, NULL);

    opts.format = ENTIDX_FORMAT_LINES;
    r = open_text(1, "first\n\nthird\n", &opts);
    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_non_null(strstr(d.id, ":1"));
    assert_int_equal(entidx_reader_next(r, &d, NULL), 1);
    assert_non_null(strstr(d.id, ":3"));
    assert_memory_equal(d.fields[0].text, "third", 5);
    assert_int_equal(entidx_reader_next(r, &d, NULL), 0);
    entidx_reader_close(r, NULL);
    ts_cleanup();
}

static void test_reader_expands_directories_in_order(void **state)
{
    const char *dir = ts_temp_path(0, ".d");
    char p[600], sub[600];
    char **files;
    size_t n;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    const char *names[] = {"b.txt", "a.txt", "sub/c.txt", ".hidden"};
    for (size_t i = 0; i < 4; i++) {
        FILE *f;
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
    }
    assert_int_equal(entidx_expand_inputs(&files, &n, &dir, 1, &err), ENTIDX_OK);
    assert_int_equal(n, 3);
    snprintf(p, sizeof(p), "%s/a.txt", dir);
    assert_string_equal(files[0], p);
    snprintf(p, sizeof(p), "%s/b.txt", dir);
    assert_string_equal(files[1], p);
    snprintf(p, sizeof(p), "%s/sub/c.txt", dir);
    assert_string_equal(files[2], p);
    entidx_paths_free(files, n);

    /* a symbolic link back to a parent is a loop, reported, not followed forever */
    snprintf(p, sizeof(p), "%s/sub/up", dir);
    assert_int_equal(symlink("..", p), 0);
    assert_entidx_error(entidx_expand_inputs(&files, &n, &dir, 1, &err), err, ENTIDX_EIO,
                        "directory loop");
    assert_null(files);

    {
        const char *missing = "/nonexistent/dir";
        assert_int_equal(entidx_expand_inputs(&files, &n, &missing, 1, &err), ENTIDX_EIO);
    }
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof(p), "%s/sub/up", dir);
    unlink(p);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_frames_jsonl_records),
        cmocka_unit_test(test_reader_skips_bad_records_and_goes_on),
        cmocka_unit_test(test_reader_caps_line_length),
        cmocka_unit_test(test_reader_uses_configured_field_names),
        cmocka_unit_test(test_reader_reads_plain_text_per_file_and_per_line),
        cmocka_unit_test(test_reader_expands_directories_in_order),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
