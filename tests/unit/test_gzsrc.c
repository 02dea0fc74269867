/* SPDX-License-Identifier: MIT */
/*
 * test_gzsrc.c - tests for src/lib/gzsrc.c: plain, gzip and multi-member
 * input read back exactly; truncated and corrupt gzip reported with the file
 * and offset; missing files reported with errno.
 */
#include "test_support.h"
#include "gzsrc.h"

#include <errno.h>
#include <zlib.h>

/* gzip `len` bytes of data into a memory buffer (one member); returns its size. */
static size_t gzip_bytes(const char *data, size_t len, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    deflateEnd(&z);
    return cap - z.avail_out;
}

/* Read a whole source; returns the status of the first failing read or of close. */
static int read_all(const char *path, char *out, size_t cap, size_t *len, entidx_error *err)
{
    entidx_gzsrc *s = NULL;
    int rc = entidx_gzsrc_open(&s, path, err);
    *len = 0;
    if (rc < 0)
        return rc;
    for (;;) {
        size_t got;
        rc = entidx_gzsrc_read(s, out + *len, cap - *len, &got, err);
        if (rc < 0 || got == 0)
            break;
        *len += got;
    }
    if (rc < 0) {
        entidx_gzsrc_close(s, NULL);
        return rc;
    }
    return entidx_gzsrc_close(s, err);
}

static char text[20000];

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + (i * 7 + i / 13) % 26);
    return 0;
}

static void test_gzsrc_reads_plain_and_gzip_alike(void **state)
{
    static unsigned char gz[40000];
    static char back[40000];
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t n, len;
    (void)state;

    assert_int_equal(read_all(ts_write_temp(0, text, sizeof(text)), back, sizeof(back), &len, &err),
                     ENTIDX_OK);
    assert_int_equal(len, sizeof(text));
    assert_memory_equal(back, text, len);

    n = gzip_bytes(text, sizeof(text), gz, sizeof(gz));
    assert_int_equal(read_all(ts_write_temp(1, gz, n), back, sizeof(back), &len, &err), ENTIDX_OK);
    assert_int_equal(len, sizeof(text));
    assert_memory_equal(back, text, len);
    ts_cleanup();
}

static void test_gzsrc_reads_every_member(void **state)
{
    static unsigned char gz[40000];
    static char back[40000];
    size_t n1, n2, len;
    (void)state;

    n1 = gzip_bytes(text, 1000, gz, sizeof(gz));
    n2 = gzip_bytes(text + 1000, 3000, gz + n1, sizeof(gz) - n1);
    assert_int_equal(read_all(ts_write_temp(0, gz, n1 + n2), back, sizeof(back), &len, NULL),
                     ENTIDX_OK);
    assert_int_equal(len, 4000);
    assert_memory_equal(back, text, 4000);
    ts_cleanup();
}

static void test_gzsrc_reports_truncated_and_corrupt_gzip(void **state)
{
    static unsigned char gz[40000];
    static char back[40000];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path;
    size_t n, len;
    int rc;
    (void)state;

    n = gzip_bytes(text, sizeof(text), gz, sizeof(gz));
    path = ts_write_temp(0, gz, n - 10);
    rc = read_all(path, back, sizeof(back), &len, &err);
    assert_entidx_error(rc, err, ENTIDX_ECORRUPT, "truncated gzip data");
    assert_string_equal(err.path, path);
    assert_true(err.offset > 0); /* the uncompressed offset reached, + 1 */

    gz[n / 2] ^= 0xff;
    path = ts_write_temp(1, gz, n);
    rc = read_all(path, back, sizeof(back), &len, &err);
    assert_int_equal(rc, ENTIDX_ECORRUPT);
    assert_string_equal(err.path, path);
    assert_non_null(strstr(err.msg, "gzip data"));
    ts_cleanup();
}

static void test_gzsrc_reports_missing_files(void **state)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_gzsrc *s = (entidx_gzsrc *)&err; /* must be reset to NULL */
    (void)state;
    assert_entidx_error(entidx_gzsrc_open(&s, "/nonexistent/corpus.gz", &err), err, ENTIDX_EIO,
                        "cannot open: No such file or directory");
    assert_int_equal(err.sys_errno, ENOENT);
    assert_string_equal(err.path, "/nonexistent/corpus.gz");
    assert_null(s);
    assert_int_equal(entidx_gzsrc_close(NULL, NULL), ENTIDX_OK);
}

static void test_gzsrc_counts_uncompressed_bytes(void **state)
{
    static unsigned char gz[40000];
    entidx_gzsrc *s = NULL;
    char buf[4096];
    size_t n = gzip_bytes(text, 5000, gz, sizeof(gz)), got;
    (void)state;
    assert_int_equal(entidx_gzsrc_open(&s, ts_write_temp(0, gz, n), NULL), ENTIDX_OK);
    assert_int_equal(entidx_gzsrc_read(s, buf, sizeof(buf), &got, NULL), ENTIDX_OK);
    assert_int_equal(entidx_gzsrc_offset(s), got);
    assert_int_equal(entidx_gzsrc_close(s, NULL), ENTIDX_OK);
    ts_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzsrc_reads_plain_and_gzip_alike),
        cmocka_unit_test(test_gzsrc_reads_every_member),
        cmocka_unit_test(test_gzsrc_reports_truncated_and_corrupt_gzip),
        cmocka_unit_test(test_gzsrc_reports_missing_files),
        cmocka_unit_test(test_gzsrc_counts_uncompressed_bytes),
    };
    return cmocka_run_group_tests_name("gzsrc", tests, setup, NULL);
}
