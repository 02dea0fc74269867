/* SPDX-License-Identifier: MIT */
/*
 * test_dict.c - tests for src/lib/dict.c: insert-or-find semantics, growth,
 * binary keys, allocation failure during growth, and the table allocator
 * (entidx_calloc_table() of alloc.c) its slots come from.
 */
#include "test_support.h"
#include "alloc.h"
#include "dict.h"

#define MANY_KEYS 100000u

static int key_of(char *key, size_t size, uint32_t i)
{
    return snprintf(key, size, "key-%u", (unsigned)i);
}

static void test_dict_get_on_empty_dict(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    (void)state;

    assert_null(entidx_dict_get(&d, "x", 1));
    assert_null(entidx_dict_get(&d, "", 0));
    assert_int_equal(d.count, 0);
    entidx_dict_dispose(&d); /* disposing an empty dict is fine */
    assert_null(d.slots);
}

/* After reserve(n), adding n keys moves nothing; keys already there survive the resize. */
static void test_dict_reserve_makes_room_once(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    const entidx_dict_slot *slots;
    uint32_t *v;
    char key[32];
    (void)state;
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof(key), "early-%d", i);
        assert_int_equal(entidx_dict_upsert(&d, key, strlen(key), (uint32_t)i, &v), 1);
    }
    assert_int_equal(entidx_dict_reserve(&d, 5010), ENTIDX_OK);
    assert_true(d.mask + 1 >= 2 * 5010);
    slots = d.slots;
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof(key), "key-%d", i);
        assert_int_equal(entidx_dict_upsert(&d, key, strlen(key), (uint32_t)(100 + i), &v), 1);
    }
    assert_ptr_equal(d.slots, slots); /* no growth */
    assert_int_equal(d.count, 5010);
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof(key), "early-%d", i);
        assert_non_null(entidx_dict_get(&d, key, strlen(key)));
        assert_int_equal(*entidx_dict_get(&d, key, strlen(key)), i);
    }
    assert_int_equal(*entidx_dict_get(&d, "key-4999", 8), 5099);
    /* reserving less than there is already room for changes nothing */
    assert_int_equal(entidx_dict_reserve(&d, 3), ENTIDX_OK);
    assert_ptr_equal(d.slots, slots);
    entidx_dict_dispose(&d);
}

static void test_dict_inserts_and_gets(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *slot = NULL;
    const uint32_t *v;
    (void)state;

    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 5, &slot), 1);
    assert_non_null(slot);
    assert_int_equal(*slot, 5);
    assert_int_equal(entidx_dict_upsert(&d, "france", 6, 8, &slot), 1);
    assert_int_equal(*slot, 8);
    assert_int_equal(d.count, 2);

    v = entidx_dict_get(&d, "germany", 7);
    assert_non_null(v);
    assert_int_equal(*v, 5);
    v = entidx_dict_get(&d, "france", 6);
    assert_non_null(v);
    assert_int_equal(*v, 8);
    /* prefixes, extensions and other lengths of a key are different keys */
    assert_null(entidx_dict_get(&d, "german", 6));
    assert_null(entidx_dict_get(&d, "germanyx", 8));
    assert_null(entidx_dict_get(&d, "germany", 6));
    assert_null(entidx_dict_get(&d, "Germany", 7));
    assert_null(entidx_dict_get(&d, "", 0));
    /* the key is copied: the caller's buffer may change */
    {
        char buf[8] = "italy";
        assert_int_equal(entidx_dict_upsert(&d, buf, 5, 11, &slot), 1);
        memcpy(buf, "xxxxx", 5);
        v = entidx_dict_get(&d, "italy", 5);
        assert_non_null(v);
        assert_int_equal(*v, 11);
        assert_null(entidx_dict_get(&d, buf, 5));
    }
    entidx_dict_dispose(&d);
    entidx_dict_dispose(&d); /* twice is fine */
    assert_int_equal(d.count, 0);
}

static void test_dict_duplicate_key_returns_0_and_keeps_value(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *slot = NULL, *first;
    (void)state;

    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 5, &slot), 1);
    first = slot;
    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 9, &slot), 0);
    assert_ptr_equal(slot, first);
    assert_int_equal(*slot, 5); /* not overwritten with 9 */
    assert_int_equal(d.count, 1);
    /* the slot is writable: that is how callers update a value */
    *slot = 6;
    assert_int_equal(*entidx_dict_get(&d, "germany", 7), 6);
    assert_int_equal(entidx_dict_upsert(&d, "germany", 7, 0, &slot), 0);
    assert_int_equal(*slot, 6);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.keys.len, 7); /* the key bytes were stored once */
    entidx_dict_dispose(&d);
}

static void test_dict_holds_many_keys_through_growth(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    char key[32];
    uint32_t *slot;
    (void)state;

    for (uint32_t i = 0; i < MANY_KEYS; i++) {
        int n = key_of(key, sizeof(key), i);
        assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, i * 3 + 1, &slot), 1);
        assert_int_equal(*slot, i * 3 + 1);
    }
    assert_int_equal(d.count, MANY_KEYS);
    assert_true(d.count * 2 <= d.mask + 1);     /* load factor at most 1/2 */
    assert_int_equal((d.mask + 1) & d.mask, 0); /* a power of two */
    for (uint32_t i = 0; i < MANY_KEYS; i++) {
        int n = key_of(key, sizeof(key), i);
        const uint32_t *v = entidx_dict_get(&d, key, (size_t)n);
        if (v == NULL || *v != i * 3 + 1)
            fail_msg("key '%s' lost after growth", key);
    }
    /* inserting them again finds every one */
    for (uint32_t i = 0; i < MANY_KEYS; i += 997) {
        int n = key_of(key, sizeof(key), i);
        assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, 0, &slot), 0);
        assert_int_equal(*slot, i * 3 + 1);
    }
    assert_int_equal(d.count, MANY_KEYS);
    assert_null(entidx_dict_get(&d, "key-100000", 10));
    assert_null(entidx_dict_get(&d, "key-", 4));
    entidx_dict_dispose(&d);
}

static void test_dict_keys_with_nul_bytes_and_the_empty_key(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *slot;
    const uint32_t *v;
    (void)state;

    /* the empty key first, into a dict with no key bytes at all */
    assert_int_equal(entidx_dict_upsert(&d, "", 0, 3, &slot), 1);
    assert_int_equal(*slot, 3);
    assert_int_equal(entidx_dict_upsert(&d, "a\0b", 3, 1, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "a\0c", 3, 2, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "\0", 1, 4, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "\0\0", 2, 5, &slot), 1);
    assert_int_equal(entidx_dict_upsert(&d, "a", 1, 6, &slot), 1);
    assert_int_equal(d.count, 6);

    assert_int_equal(entidx_dict_upsert(&d, "", 0, 99, &slot), 0);
    assert_int_equal(*slot, 3);
    assert_int_equal(entidx_dict_upsert(&d, "a\0b", 3, 99, &slot), 0);
    assert_int_equal(*slot, 1);

    v = entidx_dict_get(&d, "a\0b", 3);
    assert_non_null(v);
    assert_int_equal(*v, 1);
    v = entidx_dict_get(&d, "a\0c", 3);
    assert_non_null(v);
    assert_int_equal(*v, 2);
    v = entidx_dict_get(&d, "", 0);
    assert_non_null(v);
    assert_int_equal(*v, 3);
    v = entidx_dict_get(&d, "\0", 1);
    assert_non_null(v);
    assert_int_equal(*v, 4);
    v = entidx_dict_get(&d, "\0\0", 2);
    assert_non_null(v);
    assert_int_equal(*v, 5);
    v = entidx_dict_get(&d, "a", 1);
    assert_non_null(v);
    assert_int_equal(*v, 6);
    assert_null(entidx_dict_get(&d, "a\0", 2));
    assert_null(entidx_dict_get(&d, "a\0d", 3));
    assert_null(entidx_dict_get(&d, "\0\0\0", 3));
    assert_int_equal(d.count, 6);
    entidx_dict_dispose(&d);
}

/*
 * Keys with the same hash and length are told apart by their bytes: for
 * every length to 40 and every position, a key that differs from the stored
 * one in that byte alone is not found, and adding it adds a key.
 */
static void test_dict_tells_apart_keys_that_differ_in_one_byte(void **state)
{
    const uint64_t h = 0x123456789abcdef0ULL; /* one hash for every key */
    (void)state;

    for (size_t len = 1; len <= 40; len++) {
        for (size_t pos = 0; pos < len; pos++) {
            entidx_dict d = ENTIDX_DICT_INIT;
            char key[40], other[40];
            uint32_t *slot;
            const uint32_t *v;
            for (size_t k = 0; k < len; k++)
                key[k] = (char)('a' + k % 26);
            memcpy(other, key, len);
            other[pos] ^= 0x20;
            assert_int_equal(entidx_dict_upsert_hashed(&d, key, len, h, 1, &slot), 1);
            assert_null(entidx_dict_get_hashed(&d, other, len, h));
            v = entidx_dict_get_hashed(&d, key, len, h);
            assert_non_null(v);
            assert_int_equal(*v, 1);
            assert_int_equal(entidx_dict_upsert_hashed(&d, other, len, h, 2, &slot), 1);
            v = entidx_dict_get_hashed(&d, other, len, h);
            assert_non_null(v);
            assert_int_equal(*v, 2);
            entidx_dict_dispose(&d);
        }
    }
}

static void test_dict_hash_is_never_zero_and_spreads(void **state)
{
    char key[16];
    (void)state;
    assert_true(entidx_hash("ab", 2) != entidx_hash("ba", 2));
    assert_true(entidx_hash("", 0) != 0);
    assert_true(entidx_hash("a", 1) != entidx_hash("a\0", 2)); /* the length counts */
    assert_true(entidx_hash("abcdefgh", 8) != entidx_hash("abcdefgh\0", 9));
    assert_true(entidx_hash("germany", 7) == entidx_hash("germany", 7));
    for (uint32_t i = 0; i < 1000; i++) {
        int n = key_of(key, sizeof(key), i);
        assert_true(entidx_hash(key, (size_t)n) != 0);
    }
}

/*
 * Fail each allocation in turn while filling a dict: the failing insertion
 * reports ENTIDX_ENOMEM and changes nothing; every key added before it is
 * still there; insertion then goes on normally. Nothing leaks (ASan/valgrind).
 */
static void test_dict_survives_allocation_failure_during_growth(void **state)
{
    enum { KEYS = 300 };
    unsigned long total;
    int failures_seen = 0;
    (void)state;

    /* count the allocations a full run makes */
    {
        entidx_dict d = ENTIDX_DICT_INIT;
        char key[16];
        uint32_t *slot;
        entidx_alloc_fail_at(0);
        for (uint32_t i = 0; i < KEYS; i++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)i);
            assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, i, &slot), 1);
        }
        total = entidx_alloc_count();
        entidx_dict_dispose(&d);
        assert_true(total >= 6); /* 16 -> 1024 slots is 7 tables, plus the key arena */
    }

    for (unsigned long fail = 1; fail <= total; fail++) {
        entidx_dict d = ENTIDX_DICT_INIT;
        char key[16];
        uint32_t *slot;
        uint32_t failed_at = KEYS;
        size_t count_before = 0, keys_before = 0;

        entidx_alloc_fail_at(fail);
        for (uint32_t i = 0; i < KEYS; i++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)i);
            int rc;
            count_before = d.count;
            keys_before = d.keys.len;
            rc = entidx_dict_upsert(&d, key, (size_t)n, i, &slot);
            if (rc < 0) {
                assert_int_equal(rc, ENTIDX_ENOMEM);
                failed_at = i;
                break;
            }
            assert_int_equal(rc, 1);
        }
        entidx_alloc_fail_at(0);
        if (failed_at == KEYS)
            fail_msg("failing allocation %lu of %lu did not fail an insertion", fail, total);
        failures_seen++;
        /* the failed insertion left no trace */
        assert_int_equal(d.count, count_before);
        assert_int_equal(d.keys.len, keys_before);
        {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)failed_at);
            assert_null(entidx_dict_get(&d, key, (size_t)n));
        }
        /* what was inserted before the failure is still there */
        for (uint32_t j = 0; j < failed_at; j++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)j);
            const uint32_t *v = entidx_dict_get(&d, key, (size_t)n);
            if (v == NULL || *v != j)
                fail_msg("allocation %lu failed: key k%u lost", fail, (unsigned)j);
        }
        /* and the dict is still usable: finish the job */
        for (uint32_t i = failed_at; i < KEYS; i++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)i);
            assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, i, &slot), 1);
        }
        assert_int_equal(d.count, KEYS);
        for (uint32_t j = 0; j < KEYS; j++) {
            int n = snprintf(key, sizeof(key), "k%u", (unsigned)j);
            const uint32_t *v = entidx_dict_get(&d, key, (size_t)n);
            assert_non_null(v);
            assert_int_equal(*v, j);
        }
        entidx_dict_dispose(&d);
    }
    assert_int_equal(failures_seen, (int)total);
}

/* Tables from 2 MiB on are 2 MiB-aligned (huge pages) and zeroed; smaller ones are zeroed. */
static void test_calloc_table_is_zeroed_and_aligned(void **state)
{
    const size_t sizes[] = {1, 4096, (2u << 20) - 1, 2u << 20, (5u << 20) + 3};
    (void)state;
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        unsigned char *p = entidx_calloc_table(sizes[k]);
        size_t nonzero = 0;
        assert_non_null(p);
        for (size_t i = 0; i < sizes[k]; i++)
            nonzero += p[i] != 0;
        assert_int_equal(nonzero, 0);
        if (sizes[k] >= (2u << 20))
            assert_int_equal((uintptr_t)p % (2u << 20), 0);
        memset(p, 0xab, sizes[k]); /* all of it is ours */
        entidx_free(p);
    }
    /* one allocation as far as fault injection counts, and its failure is NULL */
    entidx_alloc_fail_at(1);
    assert_null(entidx_calloc_table(3u << 20));
    assert_int_equal(entidx_alloc_count(), 1);
    entidx_alloc_fail_at(1);
    assert_null(entidx_calloc_table(100));
    entidx_alloc_fail_at(0);
}

/* A dictionary big enough for huge pages keeps its slots on a 2 MiB boundary and works. */
static void test_dict_big_table_is_aligned(void **state)
{
    entidx_dict d = ENTIDX_DICT_INIT;
    uint32_t *v;
    char key[32];
    (void)state;
    assert_int_equal(entidx_dict_reserve(&d, 200000), ENTIDX_OK);
    assert_true((d.mask + 1) * sizeof(entidx_dict_slot) >= (2u << 20));
    assert_int_equal((uintptr_t)d.slots % (2u << 20), 0);
    for (uint32_t i = 0; i < 200000; i++) {
        int n = key_of(key, sizeof(key), i);
        assert_int_equal(entidx_dict_upsert(&d, key, (size_t)n, i, &v), 1);
    }
    for (uint32_t i = 0; i < 200000; i += 997) {
        int n = key_of(key, sizeof(key), i);
        assert_non_null(v = (uint32_t *)entidx_dict_get(&d, key, (size_t)n));
        assert_int_equal(*v, i);
    }
    entidx_dict_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dict_get_on_empty_dict),
        cmocka_unit_test(test_dict_inserts_and_gets),
        cmocka_unit_test(test_dict_duplicate_key_returns_0_and_keeps_value),
        cmocka_unit_test(test_dict_holds_many_keys_through_growth),
        cmocka_unit_test(test_dict_keys_with_nul_bytes_and_the_empty_key),
        cmocka_unit_test(test_dict_tells_apart_keys_that_differ_in_one_byte),
        cmocka_unit_test(test_dict_hash_is_never_zero_and_spreads),
        cmocka_unit_test(test_dict_survives_allocation_failure_during_growth),
        cmocka_unit_test(test_dict_reserve_makes_room_once),
        cmocka_unit_test(test_calloc_table_is_zeroed_and_aligned),
        cmocka_unit_test(test_dict_big_table_is_aligned),
    };
    return cmocka_run_group_tests_name("dict", tests, NULL, NULL);
}
