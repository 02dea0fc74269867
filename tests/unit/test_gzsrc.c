/* SPDX-License-Identifier: MIT */
/*
 * test_gzsrc.c - tests for src/lib/gzsrc.c: plain, gzip and multi-member
 * input read back exactly; truncated and corrupt gzip reported when found,
 * with the file and compressed offset; a damaged member in the middle costs
 * only itself; trailing garbage reported; missing files reported with errno.
 */
#include "test_support.h"
#include "gzsrc.h"
#include "isal.h"

#include <errno.h>
#include <unistd.h>
#include <zlib.h>

#define TEXT_LEN 20000

static char text[TEXT_LEN];

/* Write data as a gzip file with zlib's gz* interface; mode "wb" or "ab" (a new member). */
static void gz_write_file(const char *path, const char *mode, const void *data, size_t len)
{
    gzFile gz = gzopen(path, mode);
    assert_non_null(gz);
    if (len > 0)
        assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
    assert_int_equal(gzclose(gz), Z_OK);
}

/* Result of reading a whole source. */
typedef struct read_result {
    int rc;          /* first failing read, else close */
    int failed_read; /* number of reads that reported damage (ENTIDX_ECORRUPT) */
    size_t len;      /* bytes delivered */
} read_result;

/*
 * Read a whole source in chunks of `chunk` bytes into out. Damage reports
 * (ENTIDX_ECORRUPT) are counted and reading goes on, as the contract says;
 * `err` keeps the first one.
 */
static read_result read_all(const char *path, size_t chunk, char *out, size_t cap,
                            entidx_error *err)
{
    read_result res = {0, 0, 0};
    entidx_gzsrc *s = NULL;
    entidx_error later = ENTIDX_ERROR_INIT;

    res.rc = entidx_gzsrc_open(&s, path, err);
    if (res.rc < 0)
        return res;
    assert_string_equal(entidx_gzsrc_path(s), path);
    for (;;) {
        size_t got = 12345, want = cap - res.len < chunk ? cap - res.len : chunk;
        int rc = entidx_gzsrc_read(s, out + res.len, want, &got, res.failed_read ? &later : err);
        if (rc < 0) {
            assert_int_equal(rc, ENTIDX_ECORRUPT);
            assert_int_equal(got, 0);
            if (res.failed_read++ == 0)
                res.rc = rc;
            assert_true(res.failed_read < 10);
            continue;
        }
        assert_true(got <= want);
        if (got == 0)
            break;
        res.len += got;
        assert_true(entidx_gzsrc_offset(s) == res.len);
        assert_true(res.len < cap); /* the test buffers are larger than any input */
    }
    /* at the end, reading keeps returning 0 bytes */
    {
        size_t got = 1;
        char c;
        assert_int_equal(entidx_gzsrc_read(s, &c, 1, &got, NULL), ENTIDX_OK);
        assert_int_equal(got, 0);
    }
    assert_int_equal(entidx_gzsrc_close(s, NULL), ENTIDX_OK); /* damage is reported by reads */
    return res;
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < TEXT_LEN; i++)
        text[i] = (char)('a' + (i * 7 + i / 13) % 26);
    for (size_t i = 80; i < TEXT_LEN; i += 81)
        text[i] = '\n';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_cleanup();
    return 0;
}

/* entidx_crc32() is zlib's crc32(), with ISA-L or without, whole or in pieces. */
static void test_crc32_is_zlibs(void **state)
{
    static const size_t lens[] = {0, 1, 7, 15, 16, 17, 63, 64, 65, 255, 4096, 100003};
    unsigned char *buf = malloc(100003 + 16);
    uint32_t state32 = 12345;
    (void)state;
    assert_non_null(buf);
    for (size_t i = 0; i < 100003 + 16; i++) {
        state32 = state32 * 1103515245u + 12345u;
        buf[i] = (unsigned char)(state32 >> 16);
    }
    for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
        for (size_t align = 0; align < 3; align++) {
            const unsigned char *p = buf + align;
            uint32_t want = (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)lens[l]);
            size_t cut = lens[l] / 3;
            assert_int_equal(entidx_crc32(0, p, lens[l]), want);
            assert_int_equal(entidx_crc32(entidx_crc32(0, p, cut), p + cut, lens[l] - cut), want);
        }
    }
    assert_int_equal(entidx_crc32(0, "123456789", 9), 0xCBF43926u); /* the check value */
    free(buf);
}

/* ENTIDX_INFLATE=zlib turns ISA-L off; otherwise the name says what is used. */
static void test_gzsrc_inflate_name_follows_the_environment(void **state)
{
    const char *was = getenv("ENTIDX_INFLATE");
    char *saved = was ? strdup(was) : NULL;
    const char *name;
    (void)state;
    assert_int_equal(setenv("ENTIDX_INFLATE", "zlib", 1), 0);
    assert_string_equal(entidx_inflate_name(), "zlib");
    assert_int_equal(unsetenv("ENTIDX_INFLATE"), 0);
    name = entidx_inflate_name();
    assert_true(strcmp(name, "zlib") == 0 || strcmp(name, "isal") == 0);
    if (saved != NULL)
        assert_int_equal(setenv("ENTIDX_INFLATE", saved, 1), 0);
    free(saved);
}

static void test_gzsrc_reads_plain_file_exactly(void **state)
{
    static char back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path = ts_write_temp(0, text, TEXT_LEN);
    static const size_t chunks[] = {1, 7, 4096, 1 << 20};
    (void)state;

    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        read_result res;
        memset(back, 0, sizeof(back));
        res = read_all(path, chunks[i], back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, TEXT_LEN);
        assert_memory_equal(back, text, TEXT_LEN);
    }
    /* a plain file that starts like gzip (0x1f) but is not */
    {
        static const char odd[] = "\x1f not gzip\n";
        read_result res;
        path = ts_write_temp(1, odd, sizeof(odd) - 1);
        res = read_all(path, 4096, back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, sizeof(odd) - 1);
        assert_memory_equal(back, odd, sizeof(odd) - 1);
    }
    /* an empty file */
    {
        read_result res;
        path = ts_write_temp(2, "", 0);
        res = read_all(path, 4096, back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, 0);
    }
}

static void test_gzsrc_reads_gzip_file_exactly(void **state)
{
    static char back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path = ts_temp_path(0, ".gz");
    static const size_t chunks[] = {1, 333, 65536};
    size_t raw_len;
    char *raw;
    (void)state;

    gz_write_file(path, "wb", text, TEXT_LEN);
    raw = ts_read_file(path, &raw_len);
    assert_true(raw_len >= 18);
    assert_int_equal((unsigned char)raw[0], 0x1f); /* it really is gzip */
    assert_int_equal((unsigned char)raw[1], 0x8b);
    assert_true(raw_len < TEXT_LEN);
    free(raw);

    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        read_result res;
        memset(back, 0, sizeof(back));
        res = read_all(path, chunks[i], back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, TEXT_LEN);
        assert_memory_equal(back, text, TEXT_LEN);
    }

    /* the name does not matter: gzip data in a ".txt" file is inflated too */
    path = ts_temp_path(1, ".txt");
    gz_write_file(path, "wb", "hello\n", 6);
    {
        read_result res = read_all(path, 4096, back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, 6);
        assert_memory_equal(back, "hello\n", 6);
    }
    /* an empty gzip member gives no bytes */
    path = ts_temp_path(2, ".gz");
    gz_write_file(path, "wb", "", 0);
    {
        read_result res = read_all(path, 4096, back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_OK);
        assert_int_equal(res.len, 0);
    }
}

static void test_gzsrc_reads_every_member(void **state)
{
    static char back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *path = ts_temp_path(0, ".gz");
    read_result res;
    (void)state;

    /* "ab" appends a second gzip member, as `cat a.gz b.gz` would */
    gz_write_file(path, "wb", text, 1000);
    gz_write_file(path, "ab", text + 1000, 3000);
    res = read_all(path, 4096, back, sizeof(back), &err);
    assert_int_equal(res.rc, ENTIDX_OK);
    assert_int_equal(res.len, 4000);
    assert_memory_equal(back, text, 4000);

    /* three members, one of them empty, read one byte at a time */
    gz_write_file(path, "ab", "", 0);
    gz_write_file(path, "ab", "tail", 4);
    res = read_all(path, 1, back, sizeof(back), &err);
    assert_int_equal(res.rc, ENTIDX_OK);
    assert_int_equal(res.len, 4004);
    assert_memory_equal(back, text, 4000);
    assert_memory_equal(back + 4000, "tail", 4);
}

static void test_gzsrc_reports_truncated_gzip(void **state)
{
    static char back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *gz_path = ts_temp_path(0, ".gz");
    const char *path;
    read_result res;
    size_t raw_len;
    char *raw;
    (void)state;

    gz_write_file(gz_path, "wb", text, TEXT_LEN);
    raw = ts_read_file(gz_path, &raw_len);
    path = ts_write_temp(1, raw, raw_len - 10); /* the trailer and 2 bytes of data lost */
    free(raw);

    res = read_all(path, 4096, back, sizeof(back), &err);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT, "truncated gzip data");
    assert_string_equal(err.msg, "truncated gzip data: the member at byte 0 ends early");
    assert_int_equal(res.failed_read, 1); /* reported by a read, once */
    assert_string_equal(err.path, path);
    assert_int_equal(err.sys_errno, 0);
    assert_true(res.len < TEXT_LEN);
    assert_memory_equal(back, text, res.len);                /* what came out is right */
    assert_true(err.offset == (uint64_t)(raw_len - 10) + 1); /* compressed offset: the end, + 1 */
    assert_int_equal(err.line, 0);
}

static void test_gzsrc_reports_truncated_header(void **state)
{
    static char back[64];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *gz_path = ts_temp_path(0, ".gz");
    const char *path;
    read_result res;
    size_t raw_len;
    char *raw;
    (void)state;

    gz_write_file(gz_path, "wb", "hello", 5);
    raw = ts_read_file(gz_path, &raw_len);
    path = ts_write_temp(1, raw, 12); /* inside the deflate data */
    free(raw);
    res = read_all(path, sizeof(back), back, sizeof(back), &err);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT, "truncated gzip data");
    assert_string_equal(err.path, path);
}

static void test_gzsrc_reports_corrupt_gzip(void **state)
{
    static char back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *gz_path = ts_temp_path(0, ".gz");
    const char *path;
    read_result res;
    size_t raw_len;
    char *raw;
    (void)state;

    gz_write_file(gz_path, "wb", text, TEXT_LEN);
    raw = ts_read_file(gz_path, &raw_len);
    raw[raw_len / 2] ^= 0xff;
    path = ts_write_temp(1, raw, raw_len);

    res = read_all(path, 4096, back, sizeof(back), &err);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT, "corrupt gzip data (");
    assert_non_null(strstr(err.msg, "in the member at byte 0; compressed bytes "));
    assert_non_null(strstr(err.msg, " skipped (no gzip member after them)"));
    assert_int_equal(res.failed_read, 1);
    assert_string_equal(err.path, path);
    /* the compressed offset where inflate found the damage: at or after the flipped byte */
    assert_true(err.offset - 1 >= raw_len / 2 && err.offset - 1 <= raw_len);
    assert_memory_equal(back, text, res.len > raw_len / 2 ? raw_len / 2 : res.len);

    /* a damaged CRC in the trailer */
    raw[raw_len / 2] ^= 0xff;
    raw[raw_len - 6] ^= 0x01;
    path = ts_write_temp(2, raw, raw_len);
    res = read_all(path, 4096, back, sizeof(back), &err);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT, "corrupt gzip data (incorrect data check)");
    assert_string_equal(err.path, path);
    assert_true(err.offset == raw_len - 4 + 1); /* found after the CRC, before the length */
    assert_int_equal(res.len, TEXT_LEN);        /* delivered before the check failed */
    free(raw);
}

/* Append the bytes of a one-member gzip file of `len` bytes of data to `all`. */
static size_t append_member(char *all, size_t at, const void *data, size_t len)
{
    const char *path = ts_temp_path(3, ".gz");
    size_t n;
    char *raw;
    gz_write_file(path, "wb", data, len);
    raw = ts_read_file(path, &n);
    memcpy(all + at, raw, n);
    free(raw);
    return at + n;
}

static void test_gzsrc_skips_a_damaged_member_and_reads_the_next(void **state)
{
    static char all[TEXT_LEN * 3], back[TEXT_LEN * 3];
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t a_end, b_end, c_end;
    const char *path;
    read_result res;
    char want[200];
    (void)state;

    a_end = append_member(all, 0, text, 5000);
    b_end = append_member(all, a_end, text + 5000, 5000);
    c_end = append_member(all, b_end, "the last member\n", 16);
    all[a_end + (b_end - a_end) / 2] ^= 0x55; /* the middle of member B */
    path = ts_write_temp(0, all, c_end);

    static const size_t chunks[] = {1, 100, 65536};
    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        res = read_all(path, chunks[i], back, sizeof(back), &err);
        assert_int_equal(res.rc, ENTIDX_ECORRUPT);
        assert_int_equal(res.failed_read, 1);
        snprintf(want, sizeof(want), "in the member at byte %zu; compressed bytes ", a_end);
        assert_non_null(strstr(err.msg, want));
        snprintf(want, sizeof(want), " skipped, reading on at the gzip member at byte %zu", b_end);
        assert_non_null(strstr(err.msg, want));
        assert_true(err.offset - 1 >= a_end + (b_end - a_end) / 2 && err.offset - 1 <= b_end);
        /* member A whole, then what B gave before the damage, then member C whole */
        assert_true(res.len >= 5000 + 16);
        assert_memory_equal(back, text, 5000);
        assert_memory_equal(back + res.len - 16, "the last member\n", 16);
    }
}

static void test_gzsrc_reports_trailing_garbage(void **state)
{
    static char all[TEXT_LEN * 2], back[TEXT_LEN * 2];
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t a_end, b_end;
    const char *path;
    read_result res;
    char want[200];
    (void)state;

    a_end = append_member(all, 0, text, 3000);
    memcpy(all + a_end, "not gzip at all\n", 16);
    path = ts_write_temp(0, all, a_end + 16);
    res = read_all(path, 4096, back, sizeof(back), &err);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT,
                        "16 bytes of trailing data after the last gzip member ignored");
    assert_true(err.offset == a_end + 1);
    assert_int_equal(res.len, 3000);
    assert_memory_equal(back, text, 3000);

    /* garbage between two members: both members are read */
    b_end = append_member(all, a_end + 16, "second\n", 7);
    path = ts_write_temp(1, all, b_end);
    res = read_all(path, 4096, back, sizeof(back), &err);
    snprintf(want, sizeof(want), "bytes %zu-%zu between gzip members are not gzip data; skipped",
             a_end, a_end + 15);
    assert_entidx_error(res.rc, err, ENTIDX_ECORRUPT, want);
    assert_int_equal(res.failed_read, 1);
    assert_int_equal(res.len, 3007);
    assert_memory_equal(back + 3000, "second\n", 7);
}

static void test_gzsrc_reports_missing_files(void **state)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_gzsrc *s = (entidx_gzsrc *)&err; /* must be reset to NULL */
    (void)state;

    assert_entidx_error(entidx_gzsrc_open(&s, "/nonexistent/corpus.gz", &err), err, ENTIDX_EIO,
                        "cannot open");
    assert_string_equal(err.msg, "cannot open: No such file or directory");
    assert_int_equal(err.sys_errno, ENOENT);
    assert_string_equal(err.path, "/nonexistent/corpus.gz");
    assert_null(s);
    /* a NULL error record is allowed */
    assert_int_equal(entidx_gzsrc_open(&s, "/nonexistent/corpus.gz", NULL), ENTIDX_EIO);
    assert_null(s);
    assert_int_equal(entidx_gzsrc_close(NULL, NULL), ENTIDX_OK);
}

static void test_gzsrc_offset_counts_uncompressed_bytes(void **state)
{
    const char *path = ts_temp_path(0, ".gz");
    entidx_gzsrc *s = NULL;
    char buf[1000];
    size_t got, total = 0;
    (void)state;

    gz_write_file(path, "wb", text, 5000);
    assert_int_equal(entidx_gzsrc_open(&s, path, NULL), ENTIDX_OK);
    assert_true(entidx_gzsrc_offset(s) == 0);
    assert_int_equal(entidx_gzsrc_read(s, buf, 10, &got, NULL), ENTIDX_OK);
    assert_int_equal(got, 10);
    assert_true(entidx_gzsrc_offset(s) == 10);
    assert_memory_equal(buf, text, 10);
    total = 10;
    for (;;) {
        assert_int_equal(entidx_gzsrc_read(s, buf, sizeof(buf), &got, NULL), ENTIDX_OK);
        if (got == 0)
            break;
        assert_memory_equal(buf, text + total, got);
        total += got;
        assert_true(entidx_gzsrc_offset(s) == total);
    }
    assert_int_equal(total, 5000);
    assert_true(entidx_gzsrc_offset(s) == 5000);
    /* reading at the end keeps returning 0 bytes */
    assert_int_equal(entidx_gzsrc_read(s, buf, sizeof(buf), &got, NULL), ENTIDX_OK);
    assert_int_equal(got, 0);
    assert_true(entidx_gzsrc_offset(s) == 5000);
    assert_int_equal(entidx_gzsrc_close(s, NULL), ENTIDX_OK);
}

static void test_gzsrc_reads_standard_input(void **state)
{
    const char *path = ts_temp_path(0, ".gz");
    entidx_gzsrc *s = NULL;
    char buf[64];
    size_t got;
    int saved, fd;
    FILE *f;
    (void)state;

    gz_write_file(path, "wb", "from stdin\n", 11);
    saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    f = fopen(path, "rb");
    assert_non_null(f);
    fd = fileno(f);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    fclose(f);

    assert_int_equal(entidx_gzsrc_open(&s, "-", NULL), ENTIDX_OK);
    assert_string_equal(entidx_gzsrc_path(s), "-");
    assert_int_equal(entidx_gzsrc_read(s, buf, sizeof(buf), &got, NULL), ENTIDX_OK);
    assert_int_equal(got, 11);
    assert_memory_equal(buf, "from stdin\n", 11);
    assert_int_equal(entidx_gzsrc_read(s, buf, sizeof(buf), &got, NULL), ENTIDX_OK);
    assert_int_equal(got, 0);
    assert_int_equal(entidx_gzsrc_close(s, NULL), ENTIDX_OK);

    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    close(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_gzsrc_reads_plain_file_exactly, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reads_gzip_file_exactly, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reads_every_member, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reports_truncated_gzip, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reports_truncated_header, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reports_corrupt_gzip, teardown),
        cmocka_unit_test_teardown(test_gzsrc_skips_a_damaged_member_and_reads_the_next, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reports_trailing_garbage, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reports_missing_files, teardown),
        cmocka_unit_test_teardown(test_gzsrc_offset_counts_uncompressed_bytes, teardown),
        cmocka_unit_test_teardown(test_gzsrc_reads_standard_input, teardown),
        cmocka_unit_test(test_gzsrc_inflate_name_follows_the_environment),
        cmocka_unit_test(test_crc32_is_zlibs),
    };
    return cmocka_run_group_tests_name("gzsrc", tests, setup, NULL);
}
