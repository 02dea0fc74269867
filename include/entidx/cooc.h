/* SPDX-License-Identifier: MIT */
/*
 * entidx/cooc.h - document-level co-occurrence of entities: for every
 * unordered pair of entities, the number of documents that mention both.
 */
#ifndef ENTIDX_COOC_H
#define ENTIDX_COOC_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"
#include "index.h"

typedef struct entidx_cooc_pair {
    uint32_t a, b;       /**< entity numbers, a < b */
    uint32_t count;      /**< documents mentioning both */
    uint32_t df_a, df_b; /**< documents mentioning a, and b */
} entidx_cooc_pair;

typedef struct entidx_cooc_opts {
    uint32_t min_count; /**< drop pairs seen in fewer documents (default 1) */
    size_t top;         /**< keep only the first `top` pairs (0 = all) */
} entidx_cooc_opts;

#define ENTIDX_COOC_OPTS_INIT \
    {                         \
        1, 0                  \
    }

/**
 * Count pairs over all documents. Pairs are ordered by count (descending),
 * then a, then b (ascending), so output is deterministic.
 * @param[out] pairs  free with entidx_cooc_free()
 * @return ENTIDX_OK, ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_cooc_compute(const entidx_index *ix, const entidx_cooc_opts *opts,
                                      entidx_cooc_pair **pairs, size_t *n_pairs, entidx_error *err);
ENTIDX_EXTERN void entidx_cooc_free(entidx_cooc_pair *pairs);

#endif
