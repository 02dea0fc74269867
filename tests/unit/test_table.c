/* SPDX-License-Identifier: MIT */
/*
 * test_table.c - unit tests for the table writer: exact bytes of CSV, TSV,
 * JSONL and TEXT output, row validation, write errors and allocation failures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "entidx/table.h"
#include "internal.h"

/* Read back everything written to `f` (a tmpfile) as a NUL-terminated string. */
static char *slurp(FILE *f, size_t *len)
{
    long size;
    char *s;

    assert_int_equal(fflush(f), 0);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    s = malloc((size_t)size + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)size, f), (size_t)size);
    s[size] = '\0';
    *len = (size_t)size;
    return s;
}

static void assert_output(FILE *f, const char *expected, size_t expected_len)
{
    size_t len;
    char *s = slurp(f, &len);

    if (len != expected_len || memcmp(s, expected, len) != 0)
        print_error("got:\n%s\nexpected:\n%s\n", s, expected);
    assert_int_equal(len, expected_len);
    assert_memory_equal(s, expected, len);
    free(s);
}

#define ASSERT_OUTPUT(f, lit) assert_output((f), (lit), sizeof(lit) - 1)

static entidx_table *new_table(FILE *f, entidx_table_format fmt, const char *const *cols, size_t n)
{
    entidx_table *t = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;

    assert_int_equal(entidx_table_new(&t, f, fmt, cols, n, &err), ENTIDX_OK);
    assert_non_null(t);
    return t;
}

static void finish_ok(entidx_table *t)
{
    entidx_error err = ENTIDX_ERROR_INIT;

    assert_int_equal(entidx_table_finish(t, &err), ENTIDX_OK);
    assert_int_equal(err.code, 0);
    entidx_table_free(t);
}

static void test_csv(void **state)
{
    static const char *const cols[] = {"name", "count", "score"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_CSV, cols, 3);
    assert_int_equal(entidx_table_cstr(t, "Paris"), 0);
    assert_int_equal(entidx_table_int(t, 12), 0);
    assert_int_equal(entidx_table_real(t, 0.5), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, "Smith, John"), 0);
    assert_int_equal(entidx_table_int(t, -3), 0);
    assert_int_equal(entidx_table_real(t, 1e6), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, "He said \"hi\""), 0);
    assert_int_equal(entidx_table_int(t, 0), 0);
    assert_int_equal(entidx_table_real(t, NAN), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_str(t, "line1\nline2XXX", 11), 0);
    assert_int_equal(entidx_table_str(t, NULL, 5), 0);
    assert_int_equal(entidx_table_real(t, 3.14159265), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, "cr\rx"), 0);
    assert_int_equal(entidx_table_int(t, INT64_MIN), 0);
    assert_int_equal(entidx_table_real(t, -0.1), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, ""), 0);
    assert_int_equal(entidx_table_cstr(t, NULL), 0);
    assert_int_equal(entidx_table_real(t, INFINITY), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    finish_ok(t);

    ASSERT_OUTPUT(f, "name,count,score\n"
                     "Paris,12,0.5\n"
                     "\"Smith, John\",-3,1e+06\n"
                     "\"He said \"\"hi\"\"\",0,\n"
                     "\"line1\nline2\",,3.14159\n"
                     "\"cr\rx\",-9223372036854775808,-0.1\n"
                     ",,\n");
    fclose(f);
}

/* Integers at every digit count, both signs and both ends of int64_t, as printf writes them. */
static void test_int_digits(void **state)
{
    static const char *const cols[] = {"n"};
    FILE *f = tmpfile();
    entidx_table *t;
    char expected[64 * 25 + 8] = "n\n", *e = expected + 2;
    size_t len;
    char *got;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_CSV, cols, 1);
    for (int sign = 1; sign >= -1; sign -= 2) {
        int64_t p = 1;
        for (int d = 0; d < 19; d++) {
            int64_t vals[] = {sign * p, sign * (p - 1)};
            for (int k = 0; k < 2; k++) {
                assert_int_equal(entidx_table_int(t, vals[k]), 0);
                assert_int_equal(entidx_table_end_row(t), 0);
                e += sprintf(e, "%lld\n", (long long)vals[k]);
            }
            if (d < 18)
                p *= 10; /* 10^0 .. 10^18 (10^19 does not fit int64_t) */
        }
    }
    assert_int_equal(entidx_table_int(t, INT64_MAX), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_int(t, INT64_MIN), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    e += sprintf(e, "9223372036854775807\n-9223372036854775808\n");
    finish_ok(t);
    got = slurp(f, &len);
    assert_string_equal(got, expected);
    assert_int_equal(len, (size_t)(e - expected));
    free(got);
    fclose(f);
}

static void test_csv_header_quoting(void **state)
{
    static const char *const cols[] = {"a,b", "say \"x\"", "plain", "multi\nline"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_CSV, cols, 4);
    assert_int_equal(entidx_table_cstr(t, "\"\""), 0);
    assert_int_equal(entidx_table_cstr(t, "Cura\xc3\xa7"
                                          "ao"),
                     0);
    assert_int_equal(entidx_table_cstr(t, "tab\there"), 0);
    assert_int_equal(entidx_table_cstr(t, "x"), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    finish_ok(t);
    ASSERT_OUTPUT(f, "\"a,b\",\"say \"\"x\"\"\",plain,\"multi\nline\"\n"
                     "\"\"\"\"\"\",Cura\xc3\xa7"
                     "ao,tab\there,x\n");
    fclose(f);
}

static void test_csv_header_only(void **state)
{
    static const char *const cols[] = {"id"};
    FILE *f = tmpfile();
    (void)state;

    assert_non_null(f);
    finish_ok(new_table(f, ENTIDX_TABLE_CSV, cols, 1));
    ASSERT_OUTPUT(f, "id\n");
    fclose(f);
}

static void test_tsv(void **state)
{
    static const char *const cols[] = {"a\tb", "c\\d", "n"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_TSV, cols, 3);
    assert_int_equal(entidx_table_cstr(t, "x\\y"), 0);
    assert_int_equal(entidx_table_cstr(t, "1\n2\r3\t4"), 0);
    assert_int_equal(entidx_table_real(t, 2.0 / 3.0), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_cstr(t, NULL), 0);
    assert_int_equal(entidx_table_cstr(t, "a,\"b\""), 0);
    assert_int_equal(entidx_table_real(t, NAN), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    finish_ok(t);
    ASSERT_OUTPUT(f, "a\\tb\tc\\\\d\tn\n"
                     "x\\\\y\t1\\n2\\r3\\t4\t0.666667\n"
                     "\ta,\"b\"\t\n");
    fclose(f);
}

static void test_jsonl(void **state)
{
    static const char *const cols[] = {"id", "na\"me", "n", "r"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_JSONL, cols, 4);
    assert_int_equal(entidx_table_cstr(t, "x1"), 0);
    assert_int_equal(entidx_table_cstr(t, "a\"b\\c\nd\re\tf\x01g\x1f/\x7f"), 0);
    assert_int_equal(entidx_table_int(t, 42), 0);
    assert_int_equal(entidx_table_real(t, 2.5), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, NULL), 0);
    assert_int_equal(entidx_table_cstr(t, "Cura\xc3\xa7"
                                          "ao\xff!"),
                     0);
    assert_int_equal(entidx_table_int(t, -7), 0);
    assert_int_equal(entidx_table_real(t, INFINITY), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    /* A truncated 3-byte sequence is two invalid bytes; a NUL byte is escaped. */
    assert_int_equal(entidx_table_str(t, "\xe2\x82", 2), 0);
    assert_int_equal(entidx_table_str(t, "a\0b\xf0\x9f\x98\x80", 7), 0);
    assert_int_equal(entidx_table_int(t, INT64_MAX), 0);
    assert_int_equal(entidx_table_real(t, NAN), 0);
    assert_int_equal(entidx_table_end_row(t), 0);

    assert_int_equal(entidx_table_cstr(t, ""), 0);
    assert_int_equal(entidx_table_cstr(t, "\b\f"), 0);
    assert_int_equal(entidx_table_int(t, 0), 0);
    assert_int_equal(entidx_table_real(t, 1.0e-7), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    finish_ok(t);
    ASSERT_OUTPUT(f, "{\"id\":\"x1\",\"na\\\"me\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f/\x7f\","
                     "\"n\":42,\"r\":2.5}\n"
                     "{\"id\":null,\"na\\\"me\":\"Cura\xc3\xa7"
                     "ao\\ufffd!\","
                     "\"n\":-7,\"r\":null}\n"
                     "{\"id\":\"\\ufffd\\ufffd\",\"na\\\"me\":\"a\\u0000b\xf0\x9f\x98\x80\","
                     "\"n\":9223372036854775807,\"r\":null}\n"
                     "{\"id\":\"\",\"na\\\"me\":\"\\u0008\\u000c\",\"n\":0,\"r\":1e-07}\n");
    fclose(f);
}

/*
 * A byte that JSON escapes, or a character outside ASCII, at every position
 * of strings of 1 to 32 bytes: the 8-byte scan over plain bytes must stop
 * right at it, and what follows must come out as it was.
 */
static void test_jsonl_escapes_at_every_position(void **state)
{
    static const char *const cols[] = {"s"};
    static const struct {
        const char *in, *out;
    } special[] = {{"\"", "\\\""},      {"\\", "\\\\"},      {"\n", "\\n"},
                   {"\x01", "\\u0001"}, {"\x1f", "\\u001f"}, {"\xc3\xa9", "\xc3\xa9"},
                   {"\xff", "\\ufffd"}, {"\x7f", "\x7f"},    {" ", " "}};
    (void)state;

    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
        for (size_t before = 0; before < 20; before++) {
            for (size_t after = 0; after < 13; after += 3) {
                char in[64], want[96];
                size_t n = 0, w = 0;
                FILE *f = tmpfile();
                entidx_table *t;
                assert_non_null(f);
                want[w++] = '{';
                memcpy(want + w, "\"s\":\"", 5);
                w += 5;
                for (size_t i = 0; i < before; i++)
                    in[n++] = want[w++] = (char)('a' + i % 26);
                memcpy(in + n, special[k].in, strlen(special[k].in));
                n += strlen(special[k].in);
                memcpy(want + w, special[k].out, strlen(special[k].out));
                w += strlen(special[k].out);
                for (size_t i = 0; i < after; i++)
                    in[n++] = want[w++] = (char)('A' + i % 26);
                memcpy(want + w, "\"}\n", 3);
                w += 3;
                t = new_table(f, ENTIDX_TABLE_JSONL, cols, 1);
                assert_int_equal(entidx_table_str(t, in, n), 0);
                assert_int_equal(entidx_table_end_row(t), 0);
                finish_ok(t);
                assert_output(f, want, w);
                fclose(f);
            }
        }
    }
}

static void test_text_alignment(void **state)
{
    static const char *const cols[] = {"country", "pop", "code"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_TEXT, cols, 3);
    assert_int_equal(entidx_table_cstr(t, "Cura\xc3\xa7"
                                          "ao"),
                     0);
    assert_int_equal(entidx_table_int(t, 153671), 0);
    assert_int_equal(entidx_table_cstr(t, "CW"), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_cstr(t, "France"), 0);
    assert_int_equal(entidx_table_int(t, 68000000), 0);
    assert_int_equal(entidx_table_cstr(t, "FR"), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_cstr(t, "Peru"), 0);
    assert_int_equal(entidx_table_int(t, 34), 0);
    assert_int_equal(entidx_table_cstr(t, NULL), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    /* Nothing is written before finish. */
    {
        size_t len;
        char *s = slurp(f, &len);
        assert_int_equal(len, 0);
        free(s);
    }
    finish_ok(t);
    ASSERT_OUTPUT(f, "country       pop  code\n"
                     "-------  --------  ----\n"
                     "Cura\xc3\xa7"
                     "ao    153671  CW\n"
                     "France   68000000  FR\n"
                     "Peru           34\n");
    fclose(f);
}

static void test_text_mixed_and_sanitized(void **state)
{
    static const char *const cols[] = {"k", "value"};
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_TEXT, cols, 2);
    assert_int_equal(entidx_table_real(t, 0.25), 0);
    assert_int_equal(entidx_table_cstr(t, "a\tb\xff"), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_cstr(t, "long key"), 0);
    assert_int_equal(entidx_table_int(t, 5), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    finish_ok(t);
    /* Column "k" mixes types: header left-aligned, the number right-aligned. */
    ASSERT_OUTPUT(f, "k         value\n"
                     "--------  -----\n"
                     "    0.25  a b\xef\xbf\xbd\n"
                     "long key      5\n");
    fclose(f);
}

static void test_text_empty(void **state)
{
    static const char *const cols[] = {"name", "n"};
    FILE *f = tmpfile();
    (void)state;

    assert_non_null(f);
    finish_ok(new_table(f, ENTIDX_TABLE_TEXT, cols, 2));
    ASSERT_OUTPUT(f, "name  n\n"
                     "----  -\n");
    fclose(f);
}

static void test_wrong_cell_count(void **state)
{
    static const char *const cols[] = {"a", "b"};
    static const entidx_table_format fmts[] = {ENTIDX_TABLE_CSV, ENTIDX_TABLE_TSV,
                                               ENTIDX_TABLE_JSONL, ENTIDX_TABLE_TEXT};
    static const char *const expected[] = {
        "a,b\n1,2\n",
        "a\tb\n1\t2\n",
        "{\"a\":1,\"b\":2}\n",
        "a  b\n-  -\n1  2\n",
    };
    (void)state;

    for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(fmts); k++) {
        FILE *f = tmpfile();
        entidx_table *t;

        assert_non_null(f);
        t = new_table(f, fmts[k], cols, 2);
        /* Too few cells. */
        assert_int_equal(entidx_table_cstr(t, "short"), 0);
        assert_int_equal(entidx_table_end_row(t), ENTIDX_EINVAL);
        /* Too many cells. */
        assert_int_equal(entidx_table_cstr(t, "x"), 0);
        assert_int_equal(entidx_table_cstr(t, "y"), 0);
        assert_int_equal(entidx_table_cstr(t, "z"), 0);
        assert_int_equal(entidx_table_end_row(t), ENTIDX_EINVAL);
        /* An empty row. */
        assert_int_equal(entidx_table_end_row(t), ENTIDX_EINVAL);
        /* The table is still usable and the bad rows left no trace. */
        assert_int_equal(entidx_table_int(t, 1), 0);
        assert_int_equal(entidx_table_int(t, 2), 0);
        assert_int_equal(entidx_table_end_row(t), 0);
        finish_ok(t);
        assert_output(f, expected[k], strlen(expected[k]));
        fclose(f);
    }
}

static void test_unfinished_row(void **state)
{
    static const char *const cols[] = {"a"};
    entidx_error err = ENTIDX_ERROR_INIT;
    FILE *f = tmpfile();
    entidx_table *t;
    (void)state;

    assert_non_null(f);
    t = new_table(f, ENTIDX_TABLE_CSV, cols, 1);
    assert_int_equal(entidx_table_cstr(t, "pending"), 0);
    assert_int_equal(entidx_table_finish(t, &err), ENTIDX_EINVAL);
    assert_int_equal(err.code, ENTIDX_EINVAL);
    entidx_table_free(t);
    ASSERT_OUTPUT(f, "a\n");
    fclose(f);
}

static void test_new_invalid(void **state)
{
    static const char *const cols[] = {"a", NULL};
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_table *t = (entidx_table *)&err;
    (void)state;

    assert_int_equal(entidx_table_new(&t, stdout, ENTIDX_TABLE_CSV, cols, 0, &err), ENTIDX_EINVAL);
    assert_null(t);
    assert_int_equal(err.code, ENTIDX_EINVAL);
    assert_int_equal(entidx_table_new(&t, stdout, ENTIDX_TABLE_CSV, cols, 2, NULL), ENTIDX_EINVAL);
    assert_int_equal(entidx_table_new(&t, NULL, ENTIDX_TABLE_CSV, cols, 1, NULL), ENTIDX_EINVAL);
    assert_int_equal(entidx_table_new(&t, stdout, (entidx_table_format)42, cols, 1, NULL),
                     ENTIDX_EINVAL);
    assert_null(t);
    entidx_table_free(NULL);
}

static void test_format_parse(void **state)
{
    entidx_table_format fmt = (entidx_table_format)99;
    (void)state;

    assert_int_equal(entidx_table_format_parse("csv", &fmt), 0);
    assert_int_equal(fmt, ENTIDX_TABLE_CSV);
    assert_int_equal(entidx_table_format_parse("tsv", &fmt), 0);
    assert_int_equal(fmt, ENTIDX_TABLE_TSV);
    assert_int_equal(entidx_table_format_parse("jsonl", &fmt), 0);
    assert_int_equal(fmt, ENTIDX_TABLE_JSONL);
    assert_int_equal(entidx_table_format_parse("table", &fmt), 0);
    assert_int_equal(fmt, ENTIDX_TABLE_TEXT);
    fmt = ENTIDX_TABLE_JSONL;
    assert_int_equal(entidx_table_format_parse("CSV", &fmt), ENTIDX_EINVAL);
    assert_int_equal(entidx_table_format_parse("json", &fmt), ENTIDX_EINVAL);
    assert_int_equal(entidx_table_format_parse("", &fmt), ENTIDX_EINVAL);
    assert_int_equal(entidx_table_format_parse(NULL, &fmt), ENTIDX_EINVAL);
    assert_int_equal(fmt, ENTIDX_TABLE_JSONL);
}

static void test_write_error_sticky(void **state)
{
    static const char *const cols[] = {"a"};
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_table *t = NULL;
    FILE *f = fopen("/dev/full", "w");
    (void)state;

    if (f == NULL)
        skip();
    /* Unbuffered: the header write in new() already fails. */
    assert_int_equal(setvbuf(f, NULL, _IONBF, 0), 0);
    assert_int_equal(entidx_table_new(&t, f, ENTIDX_TABLE_CSV, cols, 1, &err), ENTIDX_OK);
    assert_int_equal(entidx_table_cstr(t, "x"), ENTIDX_EIO);
    assert_int_equal(entidx_table_end_row(t), ENTIDX_EIO);
    assert_int_equal(entidx_table_finish(t, &err), ENTIDX_EIO);
    assert_int_equal(err.code, ENTIDX_EIO);
    assert_int_equal(err.sys_errno, ENOSPC);
    assert_memory_equal(err.msg, "write failed", 12);
    entidx_table_free(t);
    fclose(f);
}

static void test_write_error_at_flush(void **state)
{
    static const char *const cols[] = {"a"};
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_table *t = NULL;
    FILE *f = fopen("/dev/full", "w");
    (void)state;

    if (f == NULL)
        skip();
    /* Buffered: the failure shows up when finish() flushes. */
    t = new_table(f, ENTIDX_TABLE_JSONL, cols, 1);
    assert_int_equal(entidx_table_int(t, 1), 0);
    assert_int_equal(entidx_table_end_row(t), 0);
    assert_int_equal(entidx_table_finish(t, &err), ENTIDX_EIO);
    assert_int_equal(err.sys_errno, ENOSPC);
    entidx_table_free(t);
    fclose(f);
}

/* Every allocation failure is reported as ENOMEM, frees what it took, and is sticky. */
static void test_out_of_memory(void **state)
{
    static const char *const cols[] = {"name", "n"};
    static const entidx_table_format fmts[] = {ENTIDX_TABLE_CSV, ENTIDX_TABLE_JSONL,
                                               ENTIDX_TABLE_TEXT};
    (void)state;

    for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(fmts); k++) {
        int done = 0;

        for (unsigned long fail_at = 1; !done && fail_at < 200; fail_at++) {
            FILE *f = tmpfile();
            entidx_error err = ENTIDX_ERROR_INIT;
            entidx_table *t = NULL;
            int rc;

            assert_non_null(f);
            entidx_alloc_fail_at(fail_at);
            rc = entidx_table_new(&t, f, fmts[k], cols, 2, &err);
            if (rc == ENTIDX_OK) {
                for (int r = 0; r < 3; r++) {
                    entidx_table_cstr(t, "some name, \"quoted\"");
                    entidx_table_int(t, r);
                    entidx_table_end_row(t);
                }
                rc = entidx_table_finish(t, &err);
                entidx_table_free(t);
            }
            done = entidx_alloc_count() < fail_at;
            entidx_alloc_fail_at(0);
            if (done)
                assert_int_equal(rc, ENTIDX_OK);
            else
                assert_int_equal(rc, ENTIDX_ENOMEM);
            fclose(f);
        }
        assert_true(done);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_int_digits),
        cmocka_unit_test(test_csv_header_quoting),
        cmocka_unit_test(test_csv_header_only),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_escapes_at_every_position),
        cmocka_unit_test(test_text_alignment),
        cmocka_unit_test(test_text_mixed_and_sanitized),
        cmocka_unit_test(test_text_empty),
        cmocka_unit_test(test_wrong_cell_count),
        cmocka_unit_test(test_unfinished_row),
        cmocka_unit_test(test_new_invalid),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_write_error_sticky),
        cmocka_unit_test(test_write_error_at_flush),
        cmocka_unit_test(test_out_of_memory),
    };

    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
