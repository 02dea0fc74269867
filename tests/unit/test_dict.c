/* SPDX-License-Identifier: MIT */
/*
 * test_dict.c - tests for src/lib/dict.c: insert-or-find semantics, growth,
 * binary keys, and allocation failure during growth.
 */
#include "test_support.h"
#include "alloc.h"
#include "dict.h"

static void test_dict_inserts_and_finds(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *slot;
    (void)state;

    assert_null(entidx_dict_get(&d, "x", 1)); /* empty table */
    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 5, &slot), 1);
    assert_int_equal(*slot, 5);
    /* an existing key keeps its value and says so */
    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 9, &slot), 0);
    assert_int_equal(*slot, 5);
    *slot = 6;
    assert_int_equal(*entidx_dict_get(&d, "germany", 7), 6);
    assert_null(entidx_dict_get(&d, "german", 6));
    assert_null(entidx_dict_get(&d, "germanyx", 8));
    assert_int_equal(d.count, 1);
    entidx_dict_dispose(&d);
    entidx_dict_dispose(&d); /* twice is fine */
}

static void test_dict_holds_many_keys(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    char key[32];
    uint32_t *slot;
    (void)state;

    for (uint32_t i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof(key), "key-%u", (unsigned)i);
        assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, i, &slot), 1);
    }
    assert_int_equal(d.count, 100000);
    assert_true(d.count * 2 <= d.mask + 1); /* load factor at most 1/2 */
    for (uint32_t i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof(key), "key-%u", (unsigned)i);
        const uint32_t *v = entidx_dict_get(&d, key, (size_t)n);
        assert_non_null(v);
        assert_int_equal(*v, i);
    }
    entidx_dict_dispose(&d);
}

static void test_dict_keys_are_bytes(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *slot;
    (void)state;

    assert_int_equal(entidx_dict_upsert(&d, "a\0b", 3, 1, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "a\0c", 3, 2, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "", 0, 3, &slot), 1);
    assert_int_equal(*entidx_dict_get(&d, "a\0b", 3), 1);
    assert_int_equal(*entidx_dict_get(&d, "a\0c", 3), 2);
    assert_int_equal(*entidx_dict_get(&d, "", 0), 3);
    assert_null(entidx_dict_get(&d, "a", 1));
    /* the hash differs for nearby keys and is never 0 (0 marks an empty slot) */
    assert_true(entidx_hash("ab", 2) != entidx_hash("ba", 2));
    assert_true(entidx_hash("", 0) != 0);
    entidx_dict_dispose(&d);
}

static void test_dict_survives_allocation_failure(void **state)
{
    (void)state;
    for (unsigned long fail = 1; fail < 40; fail++) {
        entidx_dict d = ENTIDX_DICT_INIT;
        char key[16];
        uint32_t *slot;
        int rc = 0;
        uint32_t i;
        entidx_alloc_fail_at(fail);
        for (i = 0; i < 200 && rc >= 0; i++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)i);
            rc = entidx_dict_upsert(&d, key, (size_t)n, i, &slot);
        }
        entidx_alloc_fail_at(0);
        if (rc < 0) {
            assert_int_equal(rc, ENTIDX_ENOMEM);
            /* what was inserted before the failure is still there */
            for (uint32_t j = 0; j + 1 < i; j++) {
                int n = snprintf(key, sizeof(key), "k%u", (unsigned)j);
                assert_non_null(entidx_dict_get(&d, key, (size_t)n));
            }
        }
        entidx_dict_dispose(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dict_inserts_and_finds),
        cmocka_unit_test(test_dict_holds_many_keys),
        cmocka_unit_test(test_dict_keys_are_bytes),
        cmocka_unit_test(test_dict_survives_allocation_failure),
    };
    return cmocka_run_group_tests_name("dict", tests, NULL, NULL);
}
