/* SPDX-License-Identifier: MIT */
/*
 * entidx/cooc.h - co-occurrence of entities: for every unordered pair of
 * entities, the number of units (documents, or sentences) that mention both,
 * with association measures, optionally per time bucket.
 *
 * Units: with ENTIDX_COOC_DOC a unit is a document; with
 * ENTIDX_COOC_SENTENCE a (document, sentence) pair in which at least one
 * entity is mentioned; with ENTIDX_COOC_WINDOW a document again, but a pair
 * counts in it only when mentions of both start within `window` tokens. N is the number of units
 * considered (in the bucket), df_a and df_b the units mentioning a and b, count the units
 * mentioning both. The measures (log base 2 for pmi): pmi     = log2(count * N / (df_a * df_b))
 *   npmi    = pmi / -log2(count / N)      (1 when count == N)
 *   jaccard = count / (df_a + df_b - count)
 *   dice    = 2 * count / (df_a + df_b)
 *   g2      = 2 * sum O * ln(O / E) over the 2x2 table of a and b
 *             (O11 = count, O12 = df_a - count, O21 = df_b - count,
 *             O22 = N - df_a - df_b + count; E = row * column / N; O = 0
 *             adds nothing): Dunning's log-likelihood ratio
 */
#ifndef ENTIDX_COOC_H
#define ENTIDX_COOC_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"
#include "index.h"

typedef struct entidx_cooc_pair {
    uint32_t a, b;       /**< entity numbers (a < b unless types or `with` orient the pair) */
    uint32_t bucket;     /**< index into the result's bucket labels (0 without buckets) */
    uint32_t count;      /**< units mentioning both */
    uint32_t df_a, df_b; /**< units mentioning a, and b */
    uint64_t units;      /**< N: units considered (in the bucket) */
    double pmi, npmi, jaccard, dice, g2;
} entidx_cooc_pair;

typedef enum entidx_cooc_level {
    ENTIDX_COOC_DOC = 0,  /**< units are documents */
    ENTIDX_COOC_SENTENCE, /**< units are sentences with mentions */
    ENTIDX_COOC_WINDOW    /**< units are documents; a pair counts in a document when a
                               mention of each starts at most `window` tokens apart */
} entidx_cooc_level;

typedef enum entidx_cooc_sort {
    ENTIDX_COOC_BY_COUNT = 0,
    ENTIDX_COOC_BY_PMI,
    ENTIDX_COOC_BY_NPMI,
    ENTIDX_COOC_BY_JACCARD,
    ENTIDX_COOC_BY_DICE,
    ENTIDX_COOC_BY_G2
} entidx_cooc_sort;

typedef enum entidx_cooc_bucket {
    ENTIDX_BUCKET_NONE = 0,
    ENTIDX_BUCKET_DAY,   /**< YYYY-MM-DD */
    ENTIDX_BUCKET_WEEK,  /**< ISO 8601 week, YYYY-Www */
    ENTIDX_BUCKET_MONTH, /**< YYYY-MM */
    ENTIDX_BUCKET_YEAR   /**< YYYY */
} entidx_cooc_bucket;

typedef struct entidx_cooc_opts {
    uint32_t min_count;      /**< drop pairs seen in fewer units (default 1) */
    size_t top;              /**< keep the first `top` pairs (per bucket); 0 = all */
    entidx_cooc_level level; /**< default ENTIDX_COOC_DOC */
    entidx_cooc_sort sort;   /**< descending; ties by bucket, a, b */
    const char *type_a;      /**< only pairs with an entity of this type, as a (NULL: any) */
    const char *type_b;      /**< ... and one of this type, as b (NULL: any) */
    int64_t with;            /**< only pairs with this entity, as a; -1 for all */
    const uint32_t *docs;    /**< only these documents (increasing), e.g. a query's; NULL: all */
    size_t n_docs;
    entidx_cooc_bucket bucket; /**< per time bucket of the document date ("" for undated) */
    size_t max_pairs;          /**< distinct pairs counted before ENTIDX_ELIMIT (default 50M) */
    uint32_t window;           /**< ENTIDX_COOC_WINDOW: the distance K, in tokens */
} entidx_cooc_opts;

#define ENTIDX_COOC_OPTS_INIT                                                                     \
    {                                                                                             \
        1, 0, ENTIDX_COOC_DOC, ENTIDX_COOC_BY_COUNT, NULL, NULL, -1, NULL, 0, ENTIDX_BUCKET_NONE, \
            (size_t)50000000, 10                                                                  \
    }

/** What entidx_cooc_run() returns. */
typedef struct entidx_cooc_result {
    entidx_cooc_pair *pairs;
    size_t n_pairs;
    char **buckets; /**< bucket labels, sorted; one "" label without buckets */
    size_t n_buckets;
} entidx_cooc_result;

/**
 * Count pairs, compute the measures, filter, sort, cut. Deterministic.
 * @return ENTIDX_OK, ENTIDX_ELIMIT (more than max_pairs distinct pairs: narrow
 *         the question or raise the budget; nothing is dropped silently),
 *         ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_cooc_run(const entidx_index *ix, const entidx_cooc_opts *opts,
                                  entidx_cooc_result *out, entidx_error *err);
ENTIDX_EXTERN void entidx_cooc_result_free(entidx_cooc_result *r);

/** The value of a pair that `s` ranks by (count for ENTIDX_COOC_BY_COUNT). */
ENTIDX_EXTERN double entidx_cooc_pair_weight(const entidx_cooc_pair *p, entidx_cooc_sort s);

/**
 * Document-level pairs ordered by count (the first version of this API):
 * entidx_cooc_run() without buckets, pairs only.
 * @param[out] pairs  free with entidx_cooc_free()
 */
ENTIDX_EXTERN int entidx_cooc_compute(const entidx_index *ix, const entidx_cooc_opts *opts,
                                      entidx_cooc_pair **pairs, size_t *n_pairs, entidx_error *err);
ENTIDX_EXTERN void entidx_cooc_free(entidx_cooc_pair *pairs);

/** The bucket label of a date string (its first 10 characters read as YYYY-MM-DD), into out[16]. */
ENTIDX_EXTERN void entidx_cooc_bucket_label(entidx_cooc_bucket b, const char *date, size_t len,
                                            char out[16]);

#endif
