/* SPDX-License-Identifier: MIT */
/*
 * test_utf8.c - tests for src/lib/utf8.c: strict decoding (every invalid form
 * is one byte of code point -1) and encoding.
 */
#include "test_support.h"
#include "utf8.h"

static void expect_decode(const char *bytes, size_t avail, int32_t cp, size_t len)
{
    int32_t got;
    size_t n = entidx_utf8_decode((const uint8_t *)bytes, avail, &got);
    if (n != len || got != cp)
        fail_msg("decoding %02x...: got U+%04X in %zu bytes, expected %d in %zu",
                 (unsigned char)bytes[0], (unsigned)got, n, (int)cp, len);
}

static void test_utf8_decodes_valid_sequences(void **state)
{
    (void)state;
    expect_decode("A", 1, 'A', 1);
    expect_decode("\xc3\xa7", 2, 0xe7, 2);             /* ç */
    expect_decode("\xe2\x80\x99", 3, 0x2019, 3);       /* ’ */
    expect_decode("\xf0\x9f\x98\x80", 4, 0x1f600, 4);  /* 😀 */
    expect_decode("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4); /* the last code point */
}

static void test_utf8_rejects_invalid_sequences_one_byte_at_a_time(void **state)
{
    (void)state;
    expect_decode("\xc0\x80", 2, -1, 1);         /* overlong NUL */
    expect_decode("\xe0\x80\x80", 3, -1, 1);     /* overlong */
    expect_decode("\xed\xa0\x80", 3, -1, 1);     /* surrogate */
    expect_decode("\xf4\x90\x80\x80", 4, -1, 1); /* past U+10FFFF */
    expect_decode("\xe2\x82", 2, -1, 1);         /* truncated */
    expect_decode("\x80", 1, -1, 1);             /* stray continuation */
    expect_decode("\xff", 1, -1, 1);
    expect_decode("\xc3\x28", 2, -1, 1); /* bad continuation */
}

static void test_utf8_encodes_and_validates(void **state)
{
    static const int32_t cps[] = {0, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff};
    char out[4];
    (void)state;
    for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        int32_t back;
        size_t n = entidx_utf8_encode(cps[i], out);
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(entidx_utf8_decode((const uint8_t *)out, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    assert_int_equal(entidx_utf8_encode(0xd800, out), 0);
    assert_int_equal(entidx_utf8_encode(0x110000, out), 0);
    assert_int_equal(entidx_utf8_encode(-1, out), 0);
    assert_true(entidx_utf8_valid("Cura\xc3\xa7\x61o", 8));
    assert_false(entidx_utf8_valid("Cura\xc3", 5));
    assert_true(entidx_utf8_valid("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decodes_valid_sequences),
        cmocka_unit_test(test_utf8_rejects_invalid_sequences_one_byte_at_a_time),
        cmocka_unit_test(test_utf8_encodes_and_validates),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
