/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the library's only way to allocate memory. Defaults to libc; tests
 * install a hook that fails the Nth allocation to prove every error path frees
 * what it took (fault injection, as in Lua's ltests.c and curl's torture runs).
 */
#ifndef ENTIDX_ALLOC_H
#define ENTIDX_ALLOC_H

#include <stddef.h>

void *entidx_malloc(size_t size);
void *entidx_calloc(size_t n, size_t size);
void *entidx_realloc(void *ptr, size_t size);
void entidx_free(void *ptr);

/*
 * Zeroed memory for a big table that is probed at random (hash slots, bit
 * sets). From 2 MiB on it is 2 MiB-aligned and, on Linux, asks for
 * transparent huge pages: with 4 KiB pages nearly every probe of a table of
 * tens of MB also misses the TLB, and filling it takes a page fault per 4
 * KiB. Free with entidx_free(). NULL when out of memory.
 */
void *entidx_calloc_table(size_t size);

/* The same without zeroing, for a table about to be filled whole (read from a file). */
void *entidx_malloc_table(size_t size);

/* Copy `len` bytes of `s` into a new NUL-terminated string, or NULL. */
char *entidx_strndup(const char *s, size_t len);

/* Store a*b in *out and return 0, or return -1 when it would overflow. */
int entidx_size_mul(size_t *out, size_t a, size_t b);
int entidx_size_add(size_t *out, size_t a, size_t b);

/* The slow path of entidx_array_grow(): reallocate (doubling) to make room. */
int entidx__array_realloc(void **v, size_t *cap, size_t need, size_t elem);

/*
 * Make room for `need` elements of `elem` bytes in the array *v of capacity
 * *cap (doubling). Returns 0 or ENTIDX_ENOMEM; on failure *v is unchanged.
 * Inline: most calls find the room there (a call per record added is too many
 * when a gazetteer adds millions).
 */
static inline int entidx_array_grow(void **v, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : entidx__array_realloc(v, cap, need, elem);
}

/*
 * Make room for `need` elements at once, in memory that asks for huge pages
 * (as entidx_malloc_table()) when that is 2 MiB or more: for an array about to
 * be filled with millions of records, one page fault per 2 MiB instead of one
 * per 4 KiB. Later growth is as entidx_array_grow().
 */
int entidx_array_reserve_table(void **v, size_t *cap, size_t need, size_t elem);

/* The slow path of entidx_array_grow_table(). */
int entidx__array_grow_table(void **v, size_t *cap, size_t need, size_t elem);

/*
 * entidx_array_grow() for an array that is probed at random once filled (a
 * gazetteer's tables): past 2 MiB it grows (doubling) into new memory that
 * asks for huge pages, as entidx_array_reserve_table(), where realloc() would
 * move it into 4 KiB pages, the estimate made for a file being too small.
 */
static inline int entidx_array_grow_table(void **v, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : entidx__array_grow_table(v, cap, need, elem);
}

/*
 * Test hook: when `fail_at` > 0, the fail_at-th allocation from now fails
 * (and only that one). entidx_alloc_count() returns allocations made since the
 * last call to entidx_alloc_fail_at(). Not thread-safe; for tests only.
 */
void entidx_alloc_fail_at(unsigned long fail_at);
unsigned long entidx_alloc_count(void);

#endif
