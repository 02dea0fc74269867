/* SPDX-License-Identifier: MIT */
/*
 * test_maptable.c - tests for maptable.c: every key found with its value,
 * absent keys absent, equal inputs give equal bytes, and damaged tables
 * answer "corrupt" or "absent" without reading outside their bytes.
 */
#include "test_support.h"
#include "maptable.h"
#include "varint.h"

static void build(entidx_buf *out, unsigned n)
{
    entidx_maptable_builder b = ENTIDX_MAPTABLE_BUILDER_INIT;
    char key[32], val[32];
    for (unsigned i = 0; i < n; i++) {
        int kl = snprintf(key, sizeof(key), "key-%u", i);
        int vl = snprintf(val, sizeof(val), "value %u", i * 7);
        assert_int_equal(entidx_maptable_add(&b, key, (size_t)kl, val, (size_t)vl), ENTIDX_OK);
    }
    assert_int_equal(entidx_maptable_write(&b, out), ENTIDX_OK);
    entidx_maptable_builder_dispose(&b);
}

static void test_maptable_finds_every_key_and_no_other(void **state)
{
    entidx_buf bytes = ENTIDX_BUF_INIT;
    entidx_maptable t;
    const uint8_t *v;
    size_t vl;
    char key[32], want[32];
    (void)state;

    build(&bytes, 5000);
    assert_int_equal(entidx_maptable_open(&t, bytes.ptr, bytes.len), 0);
    assert_int_equal(t.n_slots, 16384); /* the power of two at least twice the keys */
    for (unsigned i = 0; i < 5000; i++) {
        int kl = snprintf(key, sizeof(key), "key-%u", i);
        int wl = snprintf(want, sizeof(want), "value %u", i * 7);
        assert_int_equal(entidx_maptable_get(&t, key, (size_t)kl, &v, &vl), 1);
        assert_int_equal(vl, (size_t)wl);
        assert_memory_equal(v, want, vl);
    }
    for (unsigned i = 5000; i < 6000; i++) {
        int kl = snprintf(key, sizeof(key), "key-%u", i);
        assert_int_equal(entidx_maptable_get(&t, key, (size_t)kl, &v, &vl), 0);
    }
    assert_int_equal(entidx_maptable_get(&t, "", 0, &v, &vl), 0);
    assert_int_equal(entidx_maptable_get(&t, "key-1", 4, &v, &vl), 0); /* a prefix is not a key */
    entidx_buf_dispose(&bytes);
}

static void test_maptable_empty_and_deterministic(void **state)
{
    entidx_buf a = ENTIDX_BUF_INIT, b = ENTIDX_BUF_INIT;
    entidx_maptable t;
    const uint8_t *v;
    size_t vl;
    (void)state;

    build(&a, 0);
    assert_int_equal(a.len, 4); /* n_slots = 0 and nothing else */
    assert_int_equal(entidx_maptable_open(&t, a.ptr, a.len), 0);
    assert_int_equal(entidx_maptable_get(&t, "x", 1, &v, &vl), 0);
    entidx_buf_clear(&a);
    build(&a, 300);
    build(&b, 300);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    entidx_buf_dispose(&a);
    entidx_buf_dispose(&b);
}

static void test_maptable_damage_is_never_read_past(void **state)
{
    entidx_buf bytes = ENTIDX_BUF_INIT;
    char key[32];
    (void)state;

    build(&bytes, 40);
    /* every truncation: rejected at open, or every probe stays inside */
    for (size_t cut = 0; cut < bytes.len; cut++) {
        char *copy = malloc(cut ? cut : 1);
        entidx_maptable t;
        memcpy(copy, bytes.ptr, cut);
        if (entidx_maptable_open(&t, copy, cut) == 0) {
            for (unsigned i = 0; i < 40; i++) {
                const uint8_t *v;
                size_t vl;
                int kl = snprintf(key, sizeof(key), "key-%u", i);
                int rc = entidx_maptable_get(&t, key, (size_t)kl, &v, &vl);
                assert_true(rc >= -1 && rc <= 1);
                if (rc == 1)
                    assert_true(v + vl <= (const uint8_t *)copy + cut);
            }
        }
        free(copy);
    }
    /* a slot count that is not a power of two, or larger than the bytes */
    {
        entidx_maptable t;
        uint8_t bad[12] = {3, 0, 0, 0};
        assert_int_equal(entidx_maptable_open(&t, bad, sizeof(bad)), -1);
        entidx_put_u32le(bad, 4);
        assert_int_equal(entidx_maptable_open(&t, bad, sizeof(bad)), -1);
    }
    /* a slot pointing past the records */
    {
        entidx_maptable t;
        uint8_t *p = (uint8_t *)bytes.ptr;
        const uint8_t *v;
        size_t vl;
        assert_int_equal(entidx_maptable_open(&t, p, bytes.len), 0);
        for (uint32_t s = 0; s < t.n_slots; s++) {
            if (entidx_get_u32le(p + 4 + s * 8 + 4) != 0)
                entidx_put_u32le(p + 4 + s * 8 + 4, 0x7fffffff);
        }
        for (unsigned i = 0; i < 40; i++) {
            int kl = snprintf(key, sizeof(key), "key-%u", i);
            assert_int_equal(entidx_maptable_get(&t, key, (size_t)kl, &v, &vl), -1);
        }
    }
    entidx_buf_dispose(&bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maptable_finds_every_key_and_no_other),
        cmocka_unit_test(test_maptable_empty_and_deterministic),
        cmocka_unit_test(test_maptable_damage_is_never_read_past),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
