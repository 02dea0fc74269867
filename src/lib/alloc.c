/* SPDX-License-Identifier: MIT */
/*
 * alloc.c - allocator indirection with a fault-injection hook for tests.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE (Linux) */
#include "internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

/* atomic: threads sharing a gazetteer or an index allocate concurrently */
static atomic_ulong alloc_count;
static unsigned long alloc_fail_at; /* set by single-threaded tests only */

static int should_fail(void)
{
    unsigned long n = atomic_fetch_add(&alloc_count, 1) + 1;
    return alloc_fail_at != 0 && n == alloc_fail_at;
}

void *entidx_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *entidx_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *entidx_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void entidx_free(void *ptr)
{
    free(ptr);
}

void *entidx_malloc_table(size_t size)
{
    size_t rounded;
    void *p;
    if (size < HUGE_PAGE)
        return entidx_malloc(size);
    if (should_fail() || entidx_size_add(&rounded, size, HUGE_PAGE - 1) < 0)
        return NULL;
    rounded &= ~(HUGE_PAGE - 1);
    if ((p = aligned_alloc(HUGE_PAGE, rounded)) == NULL)
        return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* a hint: kernels with transparent huge pages set to "madvise" use them
       only when asked; elsewhere this does nothing. Before the first touch,
       so that the first writes fault in whole huge pages. */
    (void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

void *entidx_calloc_table(size_t size)
{
    void *p = entidx_malloc_table(size);
    if (p != NULL)
        memset(p, 0, size);
    return p;
}

char *entidx_strndup(const char *s, size_t len)
{
    char *p;

    if (len == SIZE_MAX)
        return NULL;
    p = entidx_malloc(len + 1);
    if (p == NULL)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

int entidx_size_mul(size_t *out, size_t a, size_t b)
{
    if (b != 0 && a > SIZE_MAX / b)
        return -1;
    *out = a * b;
    return 0;
}

int entidx_size_add(size_t *out, size_t a, size_t b)
{
    if (a > SIZE_MAX - b)
        return -1;
    *out = a + b;
    return 0;
}

/* The capacity cap doubles to (from 16) to hold need, in *out: ENTIDX_OK or ENTIDX_ENOMEM. */
static int doubled_cap(size_t cap, size_t need, size_t *out)
{
    size_t ncap = cap ? cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return ENTIDX_ENOMEM;
        ncap *= 2;
    }
    *out = ncap;
    return ENTIDX_OK;
}

int entidx__array_realloc(void **v, size_t *cap, size_t need, size_t elem)
{
    size_t ncap, bytes;
    void *nv;

    if (need <= *cap)
        return ENTIDX_OK;
    if (doubled_cap(*cap, need, &ncap) < 0)
        return ENTIDX_ENOMEM;
    if (entidx_size_mul(&bytes, ncap, elem) < 0)
        return ENTIDX_ENOMEM;
    nv = entidx_realloc(*v, bytes);
    if (nv == NULL)
        return ENTIDX_ENOMEM;
    *v = nv;
    *cap = ncap;
    return ENTIDX_OK;
}

int entidx_array_reserve_table(void **v, size_t *cap, size_t need, size_t elem)
{
    size_t bytes;
    void *nv;
    if (need <= *cap)
        return ENTIDX_OK;
    if (entidx_size_mul(&bytes, need, elem) < 0)
        return ENTIDX_ENOMEM;
    if (bytes < HUGE_PAGE)
        return entidx__array_realloc(v, cap, need, elem);
    if ((nv = entidx_malloc_table(bytes)) == NULL)
        return ENTIDX_ENOMEM;
    if (*cap > 0)
        memcpy(nv, *v, *cap * elem);
    entidx_free(*v);
    *v = nv;
    *cap = need;
    return ENTIDX_OK;
}

int entidx__array_grow_table(void **v, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    if (doubled_cap(*cap, need, &ncap) < 0)
        return ENTIDX_ENOMEM;
    return entidx_array_reserve_table(v, cap, ncap, elem);
}

void entidx_alloc_fail_at(unsigned long fail_at)
{
    alloc_fail_at = fail_at;
    atomic_store(&alloc_count, 0);
}

unsigned long entidx_alloc_count(void)
{
    return atomic_load(&alloc_count);
}
