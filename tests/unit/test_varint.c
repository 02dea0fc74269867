/* SPDX-License-Identifier: MIT */
/*
 * test_varint.c - tests for src/lib/varint.c: LEB128 and little-endian codecs,
 * and the bounds-checked cursor every index read goes through; and for the
 * growable buffer and arrays they write into (buf.c, alloc.c).
 */
#include "test_support.h"
#include "alloc.h"
#include "buf.h"
#include "varint.h"

/* Encode v, check the exact bytes, decode them back through a cursor. */
static void expect_varint(uint64_t v, const uint8_t *bytes, size_t n_bytes)
{
    uint8_t buf[ENTIDX_VARINT_MAX + 1];
    entidx_cursor c;
    uint64_t back = 12345;
    size_t n;

    memset(buf, 0xaa, sizeof(buf));
    n = entidx_varint_put(buf, v);
    if (n != n_bytes)
        fail_msg("varint %llu: %zu bytes, expected %zu", (unsigned long long)v, n, n_bytes);
    assert_memory_equal(buf, bytes, n_bytes);
    assert_int_equal(buf[n], 0xaa); /* nothing written past the end */

    entidx_cursor_init(&c, buf, n);
    assert_int_equal(entidx_cursor_varint(&c, &back), 0);
    assert_true(back == v);
    assert_ptr_equal(c.p, buf + n);
    assert_ptr_equal(c.end, buf + n);
    assert_int_equal(c.bad, 0);
}

#define EXPECT_VARINT(v, ...)                               \
    do {                                                    \
        static const uint8_t b_[] = {__VA_ARGS__};          \
        expect_varint((v), b_, sizeof(b_) / sizeof(b_[0])); \
    } while (0)

static void test_varint_round_trips_boundaries(void **state)
{
    (void)state;
    EXPECT_VARINT(0, 0x00);
    EXPECT_VARINT(1, 0x01);
    EXPECT_VARINT(127, 0x7f);
    EXPECT_VARINT(128, 0x80, 0x01);
    EXPECT_VARINT(300, 0xac, 0x02);
    EXPECT_VARINT(16383, 0xff, 0x7f);
    EXPECT_VARINT(16384, 0x80, 0x80, 0x01);
    EXPECT_VARINT(UINT32_MAX, 0xff, 0xff, 0xff, 0xff, 0x0f);
    EXPECT_VARINT((uint64_t)UINT32_MAX + 1, 0x80, 0x80, 0x80, 0x80, 0x10);
    EXPECT_VARINT(UINT64_MAX, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    EXPECT_VARINT((uint64_t)1 << 63, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
}

static void test_varint_reads_a_sequence_through_one_cursor(void **state)
{
    uint8_t buf[64];
    size_t n = 0;
    entidx_cursor c;
    uint64_t v;
    uint32_t v32;
    (void)state;

    n += entidx_varint_put(buf + n, 5);
    n += entidx_varint_put(buf + n, 16384);
    n += entidx_varint_put(buf + n, UINT32_MAX);
    n += entidx_varint_put(buf + n, UINT64_MAX);
    assert_int_equal(n, 1 + 3 + 5 + 10);
    entidx_cursor_init(&c, buf, n);
    assert_int_equal(entidx_cursor_varint(&c, &v), 0);
    assert_true(v == 5);
    assert_int_equal(entidx_cursor_varint32(&c, &v32), 0);
    assert_int_equal(v32, 16384);
    assert_int_equal(entidx_cursor_varint32(&c, &v32), 0); /* UINT32_MAX itself fits */
    assert_true(v32 == UINT32_MAX);
    assert_int_equal(entidx_cursor_varint(&c, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_ptr_equal(c.p, c.end);
    assert_int_equal(c.bad, 0);
    /* and one more read runs past the end */
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);
}

static void test_varint_truncated_input_fails_and_sets_bad(void **state)
{
    static const uint8_t truncated[] = {0x80, 0x80};
    static const uint8_t truncated_max[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    entidx_cursor c;
    uint64_t v = 77;
    uint32_t v32 = 77;
    (void)state;

    entidx_cursor_init(&c, truncated, sizeof(truncated));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);
    assert_ptr_equal(c.p, c.end); /* a failed cursor reads nothing more */
    assert_true(v == 77);         /* output untouched */

    entidx_cursor_init(&c, truncated_max, sizeof(truncated_max));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);

    entidx_cursor_init(&c, truncated, sizeof(truncated));
    assert_int_equal(entidx_cursor_varint32(&c, &v32), -1);
    assert_int_equal(c.bad, 1);
    assert_int_equal(v32, 77);

    /* empty input */
    entidx_cursor_init(&c, NULL, 0);
    assert_int_equal(c.bad, 0);
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);

    /* init starts a fresh cursor */
    entidx_cursor_init(&c, truncated, 0);
    assert_int_equal(c.bad, 0);
}

static void test_varint_overlong_input_fails(void **state)
{
    /* eleven bytes: ten continuation bytes and a terminator */
    static const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x00};
    /* ten bytes whose last one carries bits past 64 */
    static const uint8_t overflow[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
    static const uint8_t tenth_continues[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                              0xff, 0xff, 0xff, 0x81, 0x00};
    entidx_cursor c;
    uint64_t v = 0;
    (void)state;

    entidx_cursor_init(&c, eleven, sizeof(eleven));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);
    assert_ptr_equal(c.p, c.end);

    entidx_cursor_init(&c, overflow, sizeof(overflow));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);

    entidx_cursor_init(&c, tenth_continues, sizeof(tenth_continues));
    assert_int_equal(entidx_cursor_varint(&c, &v), -1);
    assert_int_equal(c.bad, 1);
}

static void test_varint_varint32_rejects_values_past_uint32(void **state)
{
    static const uint8_t two_pow_32[] = {0x80, 0x80, 0x80, 0x80, 0x10};
    uint8_t buf[ENTIDX_VARINT_MAX];
    entidx_cursor c;
    uint64_t v;
    uint32_t v32 = 9;
    size_t n;
    (void)state;

    entidx_cursor_init(&c, two_pow_32, sizeof(two_pow_32));
    assert_int_equal(entidx_cursor_varint32(&c, &v32), -1);
    assert_int_equal(c.bad, 1);
    assert_int_equal(v32, 9);

    /* the same bytes are fine as a 64-bit varint */
    entidx_cursor_init(&c, two_pow_32, sizeof(two_pow_32));
    assert_int_equal(entidx_cursor_varint(&c, &v), 0);
    assert_true(v == (uint64_t)1 << 32);

    n = entidx_varint_put(buf, UINT64_MAX);
    entidx_cursor_init(&c, buf, n);
    assert_int_equal(entidx_cursor_varint32(&c, &v32), -1);
    assert_int_equal(c.bad, 1);
}

static void test_varint_fixed_width_little_endian(void **state)
{
    static const uint8_t want32[] = {0x04, 0x03, 0x02, 0x01};
    static const uint8_t want64[] = {0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01};
    uint8_t buf[16];
    entidx_cursor c;
    uint32_t a = 0;
    uint64_t b = 0;
    (void)state;

    memset(buf, 0, sizeof(buf));
    entidx_put_u32le(buf, 0x01020304u);
    entidx_put_u64le(buf + 4, 0x0102030405060708ull);
    assert_memory_equal(buf, want32, 4);
    assert_memory_equal(buf + 4, want64, 8);
    assert_int_equal(buf[12], 0);
    assert_int_equal(entidx_get_u32le(buf), 0x01020304u);
    assert_true(entidx_get_u64le(buf + 4) == 0x0102030405060708ull);

    entidx_put_u32le(buf, UINT32_MAX);
    entidx_put_u64le(buf + 4, UINT64_MAX);
    assert_true(entidx_get_u32le(buf) == UINT32_MAX);
    assert_true(entidx_get_u64le(buf + 4) == UINT64_MAX);
    entidx_put_u64le(buf + 4, 0x8000000000000001ull);
    assert_true(entidx_get_u64le(buf + 4) == 0x8000000000000001ull);

    entidx_put_u32le(buf, 0xdeadbeefu);
    entidx_put_u64le(buf + 4, 0x0102030405060708ull);
    entidx_cursor_init(&c, buf, 12);
    assert_int_equal(entidx_cursor_u32le(&c, &a), 0);
    assert_int_equal(a, 0xdeadbeefu);
    assert_int_equal(entidx_cursor_u64le(&c, &b), 0);
    assert_true(b == 0x0102030405060708ull);
    assert_ptr_equal(c.p, buf + 12);
    assert_int_equal(c.bad, 0);

    /* short reads fail and mark the cursor bad */
    entidx_cursor_init(&c, buf, 3);
    assert_int_equal(entidx_cursor_u32le(&c, &a), -1);
    assert_int_equal(c.bad, 1);
    assert_ptr_equal(c.p, c.end);
    entidx_cursor_init(&c, buf, 7);
    assert_int_equal(entidx_cursor_u64le(&c, &b), -1);
    assert_int_equal(c.bad, 1);
    entidx_cursor_init(&c, buf, 11);
    assert_int_equal(entidx_cursor_u32le(&c, &a), 0);
    assert_int_equal(entidx_cursor_u64le(&c, &b), -1); /* 7 bytes left of 8 */
    assert_int_equal(c.bad, 1);
}

static void test_varint_cursor_bytes(void **state)
{
    uint8_t buf[32];
    entidx_cursor c;
    const char *s = NULL;
    uint32_t len = 99;
    (void)state;

    buf[0] = 3;
    memcpy(buf + 1, "abc", 3);
    buf[4] = 0; /* an empty string next */
    entidx_cursor_init(&c, buf, 5);
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), 0);
    assert_int_equal(len, 3);
    assert_ptr_equal(s, (const char *)buf + 1); /* points into the data */
    assert_memory_equal(s, "abc", 3);
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), 0);
    assert_int_equal(len, 0);
    assert_ptr_equal(c.p, c.end);
    assert_int_equal(c.bad, 0);

    /* the string runs one byte past the end */
    entidx_cursor_init(&c, buf, 3);
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), -1);
    assert_int_equal(c.bad, 1);
    assert_ptr_equal(c.p, c.end);

    /* a huge length (2^32 - 1) with nothing behind it */
    {
        size_t n = entidx_varint_put(buf, UINT32_MAX);
        entidx_cursor_init(&c, buf, n + 4);
        assert_int_equal(entidx_cursor_bytes(&c, &s, &len), -1);
        assert_int_equal(c.bad, 1);
    }
    /* a length that does not fit 32 bits */
    {
        size_t n = entidx_varint_put(buf, (uint64_t)UINT32_MAX + 1);
        entidx_cursor_init(&c, buf, n);
        assert_int_equal(entidx_cursor_bytes(&c, &s, &len), -1);
        assert_int_equal(c.bad, 1);
    }
    /* a truncated length */
    buf[0] = 0x80;
    entidx_cursor_init(&c, buf, 1);
    assert_int_equal(entidx_cursor_bytes(&c, &s, &len), -1);
    assert_int_equal(c.bad, 1);
}

/*
 * entidx_buf_put_varint() writes in place when the buffer has room and
 * through a copy when it must grow first (or has a cap): the same bytes
 * either way, NUL-terminated, and a cap is still enforced.
 */
static void test_varint_buf_put_in_place_or_grown(void **state)
{
    static const uint64_t values[] = {0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, UINT64_MAX};
    entidx_buf b = ENTIDX_BUF_INIT, capped = ENTIDX_BUF_INIT;
    uint8_t want[64 * ENTIDX_VARINT_MAX];
    size_t n = 0;
    (void)state;
    /* many rounds, so that some puts land with room to spare and some at the end */
    for (int round = 0; round < 64; round++) {
        for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
            size_t before = b.len;
            uint64_t v = values[k];
            assert_int_equal(entidx_buf_put_varint(&b, v), 0);
            assert_int_equal(b.len - before, entidx_varint_put(want, v));
            assert_memory_equal(b.ptr + before, want, b.len - before);
            assert_int_equal(b.ptr[b.len], '\0');
        }
    }
    n = b.len;
    assert_int_equal(n, 64 * (1 + 1 + 1 + 2 + 2 + 2 + 3 + 5 + 10));
    entidx_buf_dispose(&b);

    capped.cap = 3;
    assert_int_equal(entidx_buf_put_varint(&capped, 16384), 0); /* 3 bytes: at the cap */
    assert_int_equal(entidx_buf_put_varint(&capped, 1), ENTIDX_ELIMIT);
    assert_int_equal(capped.len, 3);
    entidx_buf_dispose(&capped);
}

/* Appends that fit the allocation still stop at the cap (the inline path). */
static void test_varint_buf_put_in_place_stops_at_the_cap(void **state)
{
    entidx_buf b = ENTIDX_BUF_INIT;
    (void)state;

    b.cap = 10;
    assert_int_equal(entidx_buf_put(&b, "abcd", 4), 0); /* allocates more than the cap */
    assert_true(b.size > 11);
    assert_int_equal(entidx_buf_put(&b, "efghi", 5), 0);
    assert_int_equal(entidx_buf_putc(&b, 'j'), 0); /* at the cap */
    assert_int_equal(entidx_buf_put(&b, "k", 1), ENTIDX_ELIMIT);
    assert_int_equal(entidx_buf_putc(&b, 'k'), ENTIDX_ELIMIT);
    assert_int_equal(entidx_buf_put(&b, "", 0), 0);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.ptr, "abcdefghij");
    entidx_buf_dispose(&b);
}

/*
 * Reserving at once (in huge-page memory from 2 MiB on) keeps what is there,
 * and a failed allocation leaves buffer and array as they were.
 */
static void test_varint_buf_and_array_reserve_at_once(void **state)
{
    entidx_buf b = ENTIDX_BUF_INIT;
    uint32_t *v = NULL;
    size_t cap = 0, big = (size_t)3 << 20;
    (void)state;

    assert_int_equal(entidx_buf_puts(&b, "kept"), 0);
    assert_int_equal(entidx_buf_reserve_table(&b, 10), 0); /* small: as entidx_buf_reserve() */
    entidx_alloc_fail_at(1);
    assert_int_equal(entidx_buf_reserve_table(&b, big), ENTIDX_ENOMEM);
    entidx_alloc_fail_at(0);
    assert_string_equal(b.ptr, "kept");
    assert_int_equal(entidx_buf_reserve_table(&b, big), 0);
    assert_true(b.size >= 4 + big + 1);
    assert_string_equal(b.ptr, "kept");
    memset(b.ptr + b.len, 'x', big); /* the room is there */
    b.len += big;
    b.ptr[b.len] = '\0';
    assert_int_equal(entidx_buf_reserve_table(&b, 1), 0);
    entidx_buf_dispose(&b);

    assert_int_equal(entidx_array_grow((void **)&v, &cap, 3, sizeof(*v)), 0);
    v[0] = 7, v[1] = 8, v[2] = 9;
    entidx_alloc_fail_at(1);
    assert_int_equal(entidx_array_reserve_table((void **)&v, &cap, big, sizeof(*v)), ENTIDX_ENOMEM);
    entidx_alloc_fail_at(0);
    assert_int_equal(v[2], 9);
    assert_int_equal(entidx_array_reserve_table((void **)&v, &cap, big, sizeof(*v)), 0);
    assert_int_equal(cap, big);
    assert_int_equal(v[0], 7);
    assert_int_equal(v[1], 8);
    assert_int_equal(v[2], 9);
    v[big - 1] = 1;
    assert_int_equal(entidx_array_reserve_table((void **)&v, &cap, 10, sizeof(*v)), 0);
    assert_int_equal(cap, big); /* never shrinks */
    entidx_free(v);
}

/*
 * An array of the gazetteer's tables that grows past what was reserved stays
 * in huge-page memory (2 MiB-aligned from 2 MiB on), doubling, and keeps its
 * contents; a failed allocation leaves it as it was.
 */
static void test_varint_array_grows_in_table_memory(void **state)
{
    uint64_t *v = NULL;
    size_t cap = 0, big = ((size_t)2 << 20) / sizeof(*v); /* 2 MiB of elements */
    (void)state;

    assert_int_equal(entidx_array_grow_table((void **)&v, &cap, 3, sizeof(*v)), 0);
    assert_int_equal(cap, 16); /* small: as entidx_array_grow() */
    v[0] = 7, v[2] = 9;
    entidx_alloc_fail_at(1);
    assert_int_equal(entidx_array_grow_table((void **)&v, &cap, big + 1, sizeof(*v)),
                     ENTIDX_ENOMEM);
    entidx_alloc_fail_at(0);
    assert_int_equal(cap, 16);
    assert_int_equal(v[2], 9);
    assert_int_equal(entidx_array_grow_table((void **)&v, &cap, big + 1, sizeof(*v)), 0);
    assert_int_equal(cap, 2 * big); /* doubled from 16 */
    assert_int_equal((uintptr_t)v % ((size_t)2 << 20), 0);
    assert_int_equal(v[0], 7);
    assert_int_equal(v[2], 9);
    v[cap - 1] = 11; /* the room is there */
    assert_int_equal(entidx_array_grow_table((void **)&v, &cap, cap, sizeof(*v)), 0);
    assert_int_equal(cap, 2 * big); /* no growth while there is room */

    /* past a reservation of no power of two: doubled from it */
    assert_int_equal(entidx_array_reserve_table((void **)&v, &cap, 2 * big + 5, sizeof(*v)), 0);
    v[2 * big + 4] = 13;
    assert_int_equal(entidx_array_grow_table((void **)&v, &cap, 2 * big + 6, sizeof(*v)), 0);
    assert_int_equal(cap, 4 * big + 10);
    assert_int_equal((uintptr_t)v % ((size_t)2 << 20), 0);
    assert_int_equal(v[0], 7);
    assert_int_equal(v[2 * big - 1], 11);
    assert_int_equal(v[2 * big + 4], 13);
    entidx_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_varint_round_trips_boundaries),
        cmocka_unit_test(test_varint_reads_a_sequence_through_one_cursor),
        cmocka_unit_test(test_varint_truncated_input_fails_and_sets_bad),
        cmocka_unit_test(test_varint_overlong_input_fails),
        cmocka_unit_test(test_varint_varint32_rejects_values_past_uint32),
        cmocka_unit_test(test_varint_fixed_width_little_endian),
        cmocka_unit_test(test_varint_cursor_bytes),
        cmocka_unit_test(test_varint_buf_put_in_place_or_grown),
        cmocka_unit_test(test_varint_buf_put_in_place_stops_at_the_cap),
        cmocka_unit_test(test_varint_buf_and_array_reserve_at_once),
        cmocka_unit_test(test_varint_array_grows_in_table_memory),
    };
    return cmocka_run_group_tests_name("varint", tests, NULL, NULL);
}
