/* SPDX-License-Identifier: MIT */
/*
 * test_utf8.c - tests for src/lib/utf8.c: strict decoding (every invalid form
 * is one byte of code point -1) and encoding.
 */
#include "test_support.h"
#include "utf8.h"

static void expect_decode(const char *bytes, size_t avail, int32_t cp, size_t len)
{
    int32_t got = -2;
    size_t n = entidx_utf8_decode((const uint8_t *)bytes, avail, &got);
    if (n != len || got != cp)
        fail_msg("decoding %02x (%zu bytes): got %d in %zu bytes, expected %d in %zu",
                 (unsigned char)bytes[0], avail, (int)got, n, (int)cp, len);
}

static void test_utf8_decodes_ascii(void **state)
{
    (void)state;
    expect_decode("A", 1, 'A', 1);
    expect_decode("Ab", 2, 'A', 1); /* one code point at a time */
    expect_decode("\x7f", 1, 0x7f, 1);
    expect_decode("\0x", 2, 0, 1); /* NUL is a code point */
}

static void test_utf8_decodes_multibyte_sequences(void **state)
{
    (void)state;
    expect_decode("\xc2\x80", 2, 0x80, 2);             /* smallest 2-byte */
    expect_decode("\xc3\xa7", 2, 0xe7, 2);             /* ç */
    expect_decode("\xc3\xa7o", 3, 0xe7, 2);            /* followed by more text */
    expect_decode("\xdf\xbf", 2, 0x7ff, 2);            /* largest 2-byte */
    expect_decode("\xe0\xa0\x80", 3, 0x800, 3);        /* smallest 3-byte */
    expect_decode("\xe2\x80\x99", 3, 0x2019, 3);       /* ’ */
    expect_decode("\xed\x9f\xbf", 3, 0xd7ff, 3);       /* just below the surrogates */
    expect_decode("\xee\x80\x80", 3, 0xe000, 3);       /* just above them */
    expect_decode("\xef\xbf\xbf", 3, 0xffff, 3);       /* largest 3-byte */
    expect_decode("\xf0\x90\x80\x80", 4, 0x10000, 4);  /* smallest 4-byte */
    expect_decode("\xf0\x9f\x98\x80", 4, 0x1f600, 4);  /* 😀 */
    expect_decode("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4); /* the last code point */
}

static void test_utf8_rejects_overlong_forms(void **state)
{
    (void)state;
    expect_decode("\xc0\x80", 2, -1, 1);         /* overlong NUL */
    expect_decode("\xc1\xbf", 2, -1, 1);         /* overlong 0x7f */
    expect_decode("\xe0\x80\x80", 3, -1, 1);     /* overlong NUL, 3 bytes */
    expect_decode("\xe0\x9f\xbf", 3, -1, 1);     /* overlong 0x7ff */
    expect_decode("\xf0\x80\x80\x80", 4, -1, 1); /* overlong NUL, 4 bytes */
    expect_decode("\xf0\x8f\xbf\xbf", 4, -1, 1); /* overlong 0xffff */
}

static void test_utf8_rejects_surrogates_and_values_past_the_range(void **state)
{
    (void)state;
    expect_decode("\xed\xa0\x80", 3, -1, 1);     /* U+D800 */
    expect_decode("\xed\xbf\xbf", 3, -1, 1);     /* U+DFFF */
    expect_decode("\xf4\x90\x80\x80", 4, -1, 1); /* U+110000 */
    expect_decode("\xf5\x80\x80\x80", 4, -1, 1); /* lead byte past F4 */
    expect_decode("\xf8\x88\x80\x80", 4, -1, 1);
    expect_decode("\xfe", 1, -1, 1);
    expect_decode("\xff", 1, -1, 1);
}

static void test_utf8_truncated_sequences_are_one_invalid_byte(void **state)
{
    (void)state;
    expect_decode("\xe2\x82", 2, -1, 1);         /* € missing its last byte */
    expect_decode("\xe2\x82\xac", 2, -1, 1);     /* the full bytes, but only 2 available */
    expect_decode("\xc3", 1, -1, 1);             /* lead byte at the end */
    expect_decode("\xf0\x9f\x98", 3, -1, 1);     /* 4-byte sequence cut short */
    expect_decode("\xe2\x82 x", 4, -1, 1);       /* continuation replaced by a space */
    expect_decode("\xc3\x28", 2, -1, 1);         /* bad continuation */
    expect_decode("\xf0\x9f\x98\x41", 4, -1, 1); /* bad last continuation */
}

static void test_utf8_rejects_stray_continuation_bytes(void **state)
{
    (void)state;
    expect_decode("\x80", 1, -1, 1);
    expect_decode("\xbf", 1, -1, 1);
    expect_decode("\x80\x80\x80", 3, -1, 1);
    expect_decode("\xa7o", 2, -1, 1); /* the tail of ç without its lead */
}

static void test_utf8_encodes_exact_bytes(void **state)
{
    char out[4];
    (void)state;

    assert_int_equal(entidx_utf8_encode('A', out), 1);
    assert_memory_equal(out, "A", 1);
    assert_int_equal(entidx_utf8_encode(0, out), 1);
    assert_int_equal(out[0], 0);
    assert_int_equal(entidx_utf8_encode(0xe7, out), 2);
    assert_memory_equal(out, "\xc3\xa7", 2);
    assert_int_equal(entidx_utf8_encode(0x2019, out), 3);
    assert_memory_equal(out, "\xe2\x80\x99", 3);
    assert_int_equal(entidx_utf8_encode(0x1f600, out), 4);
    assert_memory_equal(out, "\xf0\x9f\x98\x80", 4);
    assert_int_equal(entidx_utf8_encode(0x10ffff, out), 4);
    assert_memory_equal(out, "\xf4\x8f\xbf\xbf", 4);
}

static void test_utf8_encode_round_trips_and_rejects_invalid(void **state)
{
    static const int32_t cps[] = {0,       0x41,    0x7f,    0x80,     0x7ff,
                                  0x800,   0xd7ff,  0xe000,  0xfffd,   0xffff,
                                  0x10000, 0x1f600, 0xfffff, 0x100000, 0x10ffff};
    char out[4];
    (void)state;

    for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        int32_t back = -2;
        size_t n = entidx_utf8_encode(cps[i], out);
        size_t want = cps[i] < 0x80 ? 1 : cps[i] < 0x800 ? 2 : cps[i] < 0x10000 ? 3 : 4;
        assert_int_equal(n, want);
        assert_int_equal(entidx_utf8_decode((const uint8_t *)out, n, &back), n);
        assert_int_equal(back, cps[i]);
        assert_true(entidx_utf8_valid(out, n));
    }
    /* every code point of the BMP and a sample above it survive the round trip */
    for (int32_t cp = 0; cp <= 0x10ffff; cp += (cp < 0x10000 ? 1 : 0x101)) {
        int32_t back = -2;
        size_t n = entidx_utf8_encode(cp, out);
        if (cp >= 0xd800 && cp <= 0xdfff) {
            assert_int_equal(n, 0);
            continue;
        }
        if (n == 0 || entidx_utf8_decode((const uint8_t *)out, n, &back) != n || back != cp)
            fail_msg("U+%04X does not round-trip", (unsigned)cp);
    }
    assert_int_equal(entidx_utf8_encode(0xd800, out), 0);
    assert_int_equal(entidx_utf8_encode(0xdfff, out), 0);
    assert_int_equal(entidx_utf8_encode(0x110000, out), 0);
    assert_int_equal(entidx_utf8_encode(-1, out), 0);
    assert_int_equal(entidx_utf8_encode(INT32_MAX, out), 0);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_int_equal(entidx_utf8_valid("", 0), 1);
    assert_int_equal(entidx_utf8_valid("Germany", 7), 1);
    assert_int_equal(entidx_utf8_valid("Cura\xc3\xa7\x61o", 8), 1);
    assert_int_equal(entidx_utf8_valid("S\xc3\x83O TOM\xc3\x89 \xf0\x9f\x98\x80", 15), 1);
    assert_int_equal(entidx_utf8_valid("a\0b", 3), 1); /* NUL is valid UTF-8 */
    assert_int_equal(entidx_utf8_valid("Cura\xc3", 5), 0);
    assert_int_equal(entidx_utf8_valid("Cura\xc3\xa7\x61o", 5), 0); /* cut inside ç */
    assert_int_equal(entidx_utf8_valid("ab\xff", 3), 0);
    assert_int_equal(entidx_utf8_valid("\xc0\x80", 2), 0);
    assert_int_equal(entidx_utf8_valid("\xed\xa0\x80", 3), 0);
    assert_int_equal(entidx_utf8_valid("\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(entidx_utf8_valid("x\x80y", 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decodes_ascii),
        cmocka_unit_test(test_utf8_decodes_multibyte_sequences),
        cmocka_unit_test(test_utf8_rejects_overlong_forms),
        cmocka_unit_test(test_utf8_rejects_surrogates_and_values_past_the_range),
        cmocka_unit_test(test_utf8_truncated_sequences_are_one_invalid_byte),
        cmocka_unit_test(test_utf8_rejects_stray_continuation_bytes),
        cmocka_unit_test(test_utf8_encodes_exact_bytes),
        cmocka_unit_test(test_utf8_encode_round_trips_and_rejects_invalid),
        cmocka_unit_test(test_utf8_valid),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
