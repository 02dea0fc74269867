/* SPDX-License-Identifier: MIT */
/*
 * test_varint.c - tests for src/lib/varint.c: LEB128 and little-endian codecs,
 * and the bounds-checked cursor every index read goes through.
 */
#include "test_support.h"
#include "varint.h"

static void test_varint_round_trips_boundaries(void **state)
{
    static const uint64_t v[] = {
        0, 1, 127, 128, 16383, 16384, UINT32_MAX, (uint64_t)UINT32_MAX + 1, UINT64_MAX};
    (void)state;
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint8_t buf[ENTIDX_VARINT_MAX];
        entidx_cursor c;
        uint64_t back = 0;
        size_t n = entidx_varint_put(buf, v[i]);
        entidx_cursor_init(&c, buf, n);
        assert_int_equal(entidx_cursor_varint(&c, &back), 0);
        assert_true(back == v[i]);
        assert_ptr_equal(c.p, buf + n);
        assert_false(c.bad);
    }
    {
        uint8_t buf[ENTIDX_VARINT_MAX];
        assert_int_equal(entidx_varint_put(buf, 127), 1);
        assert_int_equal(entidx_varint_put(buf, 128), 2);
        assert_int_equal(entidx_varint_put(buf, UINT64_MAX), 10);
    }
}

static void test_varint_rejects_truncated_and_overlong_input(void **state)
{
    static const uint8_t truncated[] = {0x80, 0x80};
    static const uint8_t overlong[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
    static const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x00};
    static const uint8_t big[] = {0x80, 0x80, 0x80, 0x80, 0x10}; /* 2^32 */
    entidx_cursor c;
    uint64_t v;
    uint32_t v32;
    (void)state;

    entidx_cursor_init(&c, truncated, sizeof(truncated));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_true(c.bad);
    entidx_cursor_init(&c, overlong, sizeof(overlong));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    entidx_cursor_init(&c, eleven, sizeof(eleven));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    entidx_cursor_init(&c, big, sizeof(big));
    assert_int_equal(entidx_cursor_varint32(&c, &v32), -1);
    entidx_cursor_init(&c, big, sizeof(big));
    assert_int_equal(entidx_cursor_varint(&c, &v), 0);
    assert_true(v == (uint64_t)1 << 32);
    entidx_cursor_init(&c, NULL, 0);
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
}

static void test_varint_fixed_width_and_byte_strings(void **state)
{
    uint8_t buf[16];
    entidx_cursor c;
    uint32_t a, len;
    uint64_t b;
    const char *s;
    (void)state;

    entidx_put_u32le(buf, 0x01020304u);
    entidx_put_u64le(buf + 4, 0x0102030405060708ull);
    assert_int_equal(buf[0], 0x04);
    assert_int_equal(buf[4], 0x08);
    entidx_cursor_init(&c, buf, 12);
    assert_int_equal(entidx_cursor_u32le(&c, &a), 0);
    assert_int_equal(entidx_cursor_u64le(&c, &b), 0);
    assert_int_equal(a, 0x01020304u);
    assert_true(b == 0x0102030405060708ull);
    assert_int_equal(entidx_cursor_u32le(&c, &a), -1); /* nothing left */

    buf[0] = 3;
    memcpy(buf + 1, "abc", 3);
    entidx_cursor_init(&c, buf, 4);
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "abc", 3);
    entidx_cursor_init(&c, buf, 3); /* the string runs past the end */
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), -1);
    assert_true(c.bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_varint_round_trips_boundaries),
        cmocka_unit_test(test_varint_rejects_truncated_and_overlong_input),
        cmocka_unit_test(test_varint_fixed_width_and_byte_strings),
    };
    return cmocka_run_group_tests_name("varint", tests, NULL, NULL);
}
