/* SPDX-License-Identifier: MIT */
/*
 * cooc.c - co-occurrence of entity pairs (definitions in entidx/cooc.h).
 *
 * Documents are walked in order (all, or a query's). Document level: the
 * forward list gives each document's entities. Sentence level: each entity
 * of the document is looked up in its own postings (one iterator per entity,
 * advanced with skips, so the walk stays linear) for its sentence numbers,
 * and every sentence with mentions is a unit. Window level: the same lookup
 * gives the mentions' token positions, and pairs within K tokens count once
 * per document. Pairs, document frequencies
 * and unit counts are kept in hash tables keyed by (bucket, entities); more
 * distinct pairs than the budget is an error, never a silent cut.
 */
#include "internal.h"
#include "entidx/cooc.h"
#include "dict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_NUMBERS 4096 /* sentence numbers or positions read per posting */

/* ---- buckets ---- */

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void entidx_cooc_bucket_label(entidx_cooc_bucket b, const char *date, size_t len, char out[16])
{
    unsigned y, m, d;
    out[0] = '\0';
    if (b == ENTIDX_BUCKET_NONE || len < 10 || date[4] != '-' || date[7] != '-')
        return;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return;
    }
    y = (unsigned)((date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
                   (date[3] - '0'));
    m = (unsigned)((date[5] - '0') * 10 + (date[6] - '0'));
    d = (unsigned)((date[8] - '0') * 10 + (date[9] - '0'));
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return;
    switch (b) {
    case ENTIDX_BUCKET_DAY: snprintf(out, 16, "%04u-%02u-%02u", y, m, d); break;
    case ENTIDX_BUCKET_MONTH: snprintf(out, 16, "%04u-%02u", y, m); break;
    case ENTIDX_BUCKET_YEAR: snprintf(out, 16, "%04u", y); break;
    case ENTIDX_BUCKET_WEEK: {
        /* ISO 8601: the week with the year's first Thursday is week 1 */
        int64_t days = days_from_civil(y, m, d);
        int wday = (int)(((days + 3) % 7 + 7) % 7); /* Monday = 0 (1970-01-01 was a Thursday) */
        int64_t thursday = days - wday + 3;
        int64_t ty = y + (thursday >= days_from_civil((int64_t)y + 1, 1, 1)) -
                     (thursday < days_from_civil(y, 1, 1));
        int64_t week = (thursday - days_from_civil(ty, 1, 1)) / 7 + 1;
        snprintf(out, 16, "%04u-W%02u", (unsigned)ty % 10000u, (unsigned)week % 100u);
        break;
    }
    default: break;
    }
}

/* ---- counting ---- */

/* A sentence number or token position, and the entity mentioned there. */
typedef struct num_ent {
    uint32_t number, entity;
} num_ent;

typedef struct counter {
    const entidx_index *ix;
    const entidx_cooc_opts *o;
    uint8_t *is_a, *is_b; /* per entity: has type_a, type_b */
    entidx_dict buckets;  /* label -> bucket id (first seen order) */
    char **labels;
    size_t n_labels, cap_labels;
    uint64_t *units; /* per bucket id */
    size_t cap_units;
    entidx_dict pairs;  /* (bucket, a, b) -> count */
    entidx_dict df;     /* (bucket, e) -> units */
    entidx_iter *iters; /* sentence and window levels: per entity, created on first use */
    uint8_t *iter_open;
    uint32_t *numbers; /* sentence and window levels: one posting's sentences or positions */
    num_ent *items;    /* ... all of the document's, with their entities */
    size_t cap_items;
    uint32_t *group; /* a sentence's entities; a document's window pairs */
    size_t cap_group;
    entidx_error *err;
} counter;

static int bucket_of(counter *c, uint32_t doc, uint32_t *out)
{
    entidx_doc_info info;
    char label[16];
    uint32_t *slot;
    int rc;
    if (c->o->bucket == ENTIDX_BUCKET_NONE) {
        label[0] = '\0';
    } else {
        if ((rc = entidx_index_doc(c->ix, doc, &info, c->err)) < 0)
            return rc;
        entidx_cooc_bucket_label(c->o->bucket, info.date, info.date_len, label);
    }
    rc = entidx_dict_upsert(&c->buckets, label, strlen(label), (uint32_t)c->n_labels, &slot);
    if (rc < 0)
        return ENTIDX_FAIL(c->err, rc, "out of memory counting pairs");
    if (rc == 1) {
        char *copy = entidx_strndup(label, strlen(label));
        if (copy == NULL ||
            entidx_array_grow((void **)&c->labels, &c->cap_labels, c->n_labels + 1,
                              sizeof(*c->labels)) < 0 ||
            entidx_array_grow((void **)&c->units, &c->cap_units, c->n_labels + 1,
                              sizeof(*c->units)) < 0) {
            entidx_free(copy);
            return ENTIDX_FAIL(c->err, ENTIDX_ENOMEM, "out of memory counting pairs");
        }
        c->labels[c->n_labels] = copy;
        c->units[c->n_labels] = 0;
        c->n_labels++;
    }
    *out = *slot;
    return ENTIDX_OK;
}

static int bump(entidx_dict *d, const uint32_t *key, size_t n_words, entidx_error *err)
{
    uint32_t *slot;
    int rc = entidx_dict_upsert(d, (const char *)key, n_words * sizeof(uint32_t), 0, &slot);
    if (rc < 0)
        return ENTIDX_FAIL(err, rc, "out of memory counting pairs");
    (*slot)++;
    return ENTIDX_OK;
}

/* Does the pair of entities x < y qualify, and in which orientation? */
static int orient(const counter *c, uint32_t x, uint32_t y, uint32_t *a, uint32_t *b)
{
    const entidx_cooc_opts *o = c->o;
    int xy = 1, yx = 1;
    if (o->with >= 0) {
        xy = (int64_t)x == o->with;
        yx = (int64_t)y == o->with;
    }
    if (o->type_a != NULL) {
        xy = xy && c->is_a[x];
        yx = yx && c->is_a[y];
    }
    if (o->type_b != NULL) {
        xy = xy && c->is_b[y];
        yx = yx && c->is_b[x];
    }
    if (!xy && !yx)
        return 0;
    *a = xy ? x : y;
    *b = xy ? y : x;
    return 1;
}

/* Count one more unit holding the pair (bucket, a, b), within the pair budget. */
static int count_pair(counter *c, uint32_t bucket, uint32_t a, uint32_t b)
{
    uint32_t key[3] = {bucket, a, b};
    int rc = bump(&c->pairs, key, 3, c->err);
    if (rc < 0)
        return rc;
    if (c->pairs.count > c->o->max_pairs)
        return ENTIDX_FAIL(c->err, ENTIDX_ELIMIT,
                           "more than %zu distinct pairs: narrow the question (types, --with, a "
                           "query; --min-count does not help here) or raise the budget",
                           c->o->max_pairs);
    return ENTIDX_OK;
}

/* One more unit in the bucket, mentioning entities ents[0..n) (distinct). */
static int count_df(counter *c, uint32_t bucket, const uint32_t *ents, size_t n)
{
    c->units[bucket]++;
    for (size_t i = 0; i < n; i++) {
        uint32_t key[2] = {bucket, ents[i]};
        int rc = bump(&c->df, key, 2, c->err);
        if (rc < 0)
            return rc;
    }
    return ENTIDX_OK;
}

/* One unit: its entities (increasing, distinct), every pair of them. */
static int count_unit(counter *c, uint32_t bucket, const uint32_t *ents, size_t n)
{
    int rc = count_df(c, bucket, ents, n);
    for (size_t i = 0; rc == ENTIDX_OK && i < n; i++) {
        for (size_t j = i + 1; rc == ENTIDX_OK && j < n; j++) {
            uint32_t a, b;
            if (orient(c, ents[i], ents[j], &a, &b))
                rc = count_pair(c, bucket, a, b);
        }
    }
    return rc;
}

/* Entity e's posting for document doc: its iterator, advanced there (created on first use). */
static int posting_at(counter *c, uint32_t e, uint32_t doc, entidx_iter **it)
{
    uint32_t d, cnt;
    int rc;
    if (!c->iter_open[e]) {
        if ((rc = entidx_index_postings(c->ix, e, &c->iters[e], c->err)) < 0)
            return rc;
        c->iter_open[e] = 1;
    }
    if ((rc = entidx_iter_skip_to(&c->iters[e], doc, &d, &cnt, c->err)) < 0)
        return rc;
    if (rc == 0 || d != doc)
        return ENTIDX_FAIL(c->err, ENTIDX_ECORRUPT,
                           "corrupt index: forward list and postings disagree");
    *it = &c->iters[e];
    return ENTIDX_OK;
}

static int cmp_items(const void *x, const void *y)
{
    const num_ent *a = x, *b = y;
    if (a->number != b->number)
        return a->number < b->number ? -1 : 1;
    return (a->entity > b->entity) - (a->entity < b->entity);
}

/*
 * The document's mentions as (sentence, entity) or (position, entity) items
 * in c->items, sorted by number then entity. The number of items, or an error.
 */
static int64_t gather(counter *c, uint32_t doc, const uint32_t *ents, size_t n, int positions)
{
    size_t n_items = 0;
    for (size_t i = 0; i < n; i++) {
        entidx_iter *it = NULL;
        int rc, k;
        if ((rc = posting_at(c, ents[i], doc, &it)) < 0)
            return rc;
        k = positions ? entidx_iter_positions(it, c->numbers, MAX_NUMBERS, c->err)
                      : entidx_iter_sentences(it, c->numbers, MAX_NUMBERS, c->err);
        if (k < 0)
            return k;
        if (k > MAX_NUMBERS)
            k = MAX_NUMBERS;
        if (entidx_array_grow((void **)&c->items, &c->cap_items, n_items + (size_t)k,
                              sizeof(*c->items)) < 0)
            return ENTIDX_FAIL(c->err, ENTIDX_ENOMEM, "out of memory counting pairs");
        for (int j = 0; j < k; j++) {
            c->items[n_items].number = c->numbers[j];
            c->items[n_items++].entity = ents[i];
        }
    }
    if (n_items > 1)
        qsort(c->items, n_items, sizeof(*c->items), cmp_items);
    return (int64_t)n_items;
}

/* Sentence level: every sentence of the document with mentions is a unit. */
static int count_sentences(counter *c, uint32_t doc, uint32_t bucket, const uint32_t *ents,
                           size_t n)
{
    int64_t n_items = gather(c, doc, ents, n, 0);
    int rc = n_items < 0 ? (int)n_items : ENTIDX_OK;
    for (size_t i = 0; rc == ENTIDX_OK && i < (size_t)n_items;) {
        size_t j = i, m = 0;
        while (j < (size_t)n_items && c->items[j].number == c->items[i].number)
            j++;
        if (entidx_array_grow((void **)&c->group, &c->cap_group, j - i, sizeof(*c->group)) < 0)
            return ENTIDX_FAIL(c->err, ENTIDX_ENOMEM, "out of memory counting pairs");
        for (size_t k = i; k < j; k++)
            c->group[m++] = c->items[k].entity;
        rc = count_unit(c, bucket, c->group, m);
        i = j;
    }
    return rc;
}

static int cmp_pair_key(const void *x, const void *y)
{
    const uint32_t *a = x, *b = y;
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/*
 * Window level: the document is the unit, and a pair counts in it (once)
 * when mentions of both start at most opts->window tokens apart.
 */
static int count_window(counter *c, uint32_t doc, uint32_t bucket, const uint32_t *ents, size_t n)
{
    size_t n_pairs = 0;
    int64_t n_items;
    int rc;

    if ((rc = count_df(c, bucket, ents, n)) < 0 || (n_items = gather(c, doc, ents, n, 1)) < 0)
        return rc < 0 ? rc : (int)n_items;
    for (size_t i = 0; i < (size_t)n_items; i++) {
        for (size_t j = i + 1;
             j < (size_t)n_items && c->items[j].number - c->items[i].number <= c->o->window; j++) {
            uint32_t x = c->items[i].entity, y = c->items[j].entity, a, b;
            if (x == y || !orient(c, x < y ? x : y, x < y ? y : x, &a, &b))
                continue;
            if (entidx_array_grow((void **)&c->group, &c->cap_group, 2 * (n_pairs + 1),
                                  sizeof(*c->group)) < 0)
                return ENTIDX_FAIL(c->err, ENTIDX_ENOMEM, "out of memory counting pairs");
            c->group[2 * n_pairs] = a;
            c->group[2 * n_pairs + 1] = b;
            n_pairs++;
        }
    }
    if (n_pairs > 1)
        qsort(c->group, n_pairs, 2 * sizeof(*c->group), cmp_pair_key);
    for (size_t i = 0; rc == ENTIDX_OK && i < n_pairs; i++) {
        if (i > 0 && c->group[2 * i] == c->group[2 * i - 2] &&
            c->group[2 * i + 1] == c->group[2 * i - 1])
            continue; /* once per document */
        rc = count_pair(c, bucket, c->group[2 * i], c->group[2 * i + 1]);
    }
    return rc;
}

static int count_all(counter *c)
{
    const entidx_cooc_opts *o = c->o;
    uint32_t *ents = NULL;
    size_t cap_ents = 0;
    size_t n_docs = o->docs ? o->n_docs : entidx_index_doc_count(c->ix);
    int rc = ENTIDX_OK;

    for (size_t k = 0; k < n_docs && rc == ENTIDX_OK; k++) {
        uint32_t doc = o->docs ? o->docs[k] : (uint32_t)k, e, cnt, bucket = 0;
        entidx_iter it;
        size_t n = 0;
        if ((rc = bucket_of(c, doc, &bucket)) < 0 ||
            (rc = entidx_index_doc_entities(c->ix, doc, &it, c->err)) < 0)
            break;
        while ((rc = entidx_iter_next(&it, &e, &cnt, c->err)) == 1) {
            if (entidx_array_grow((void **)&ents, &cap_ents, n + 1, sizeof(*ents)) < 0) {
                rc = ENTIDX_FAIL(c->err, ENTIDX_ENOMEM, "out of memory counting pairs");
                break;
            }
            ents[n++] = e;
        }
        if (rc < 0)
            break;
        if (o->level == ENTIDX_COOC_DOC)
            rc = count_unit(c, bucket, ents, n);
        else if (o->level == ENTIDX_COOC_SENTENCE)
            rc = count_sentences(c, doc, bucket, ents, n);
        else
            rc = count_window(c, doc, bucket, ents, n);
    }
    entidx_free(ents);
    return rc;
}

/* ---- measures and order ---- */

static double xlogx_ratio(double o, double e)
{
    return o > 0 && e > 0 ? o * log(o / e) : 0.0;
}

static void measures(entidx_cooc_pair *p)
{
    double n = (double)p->units, c = p->count, a = p->df_a, b = p->df_b;
    p->pmi = log2(c * n / (a * b));
    p->npmi = c >= n ? 1.0 : p->pmi / -log2(c / n);
    p->jaccard = c / (a + b - c);
    p->dice = 2 * c / (a + b);
    p->g2 = 2 * (xlogx_ratio(c, a * b / n) + xlogx_ratio(a - c, a * (n - b) / n) +
                 xlogx_ratio(b - c, (n - a) * b / n) +
                 xlogx_ratio(n - a - b + c, (n - a) * (n - b) / n));
    if (p->g2 < 0) /* rounding */
        p->g2 = 0;
}

/* Comparators: bucket, then the measure (descending), then a, b. */
#define CMP_BY(name, expr)                         \
    static int name(const void *x, const void *y)  \
    {                                              \
        const entidx_cooc_pair *a = x, *b = y;     \
        double ma, mb;                             \
        if (a->bucket != b->bucket)                \
            return a->bucket < b->bucket ? -1 : 1; \
        ma = (expr)(a);                            \
        mb = (expr)(b);                            \
        if (ma != mb)                              \
            return ma > mb ? -1 : 1;               \
        if (a->a != b->a)                          \
            return a->a < b->a ? -1 : 1;           \
        return (a->b > b->b) - (a->b < b->b);      \
    }

static double m_count(const entidx_cooc_pair *p)
{
    return p->count;
}
static double m_pmi(const entidx_cooc_pair *p)
{
    return p->pmi;
}
static double m_npmi(const entidx_cooc_pair *p)
{
    return p->npmi;
}
static double m_jaccard(const entidx_cooc_pair *p)
{
    return p->jaccard;
}
static double m_dice(const entidx_cooc_pair *p)
{
    return p->dice;
}
static double m_g2(const entidx_cooc_pair *p)
{
    return p->g2;
}

CMP_BY(cmp_count, m_count)
CMP_BY(cmp_pmi, m_pmi)
CMP_BY(cmp_npmi, m_npmi)
CMP_BY(cmp_jaccard, m_jaccard)
CMP_BY(cmp_dice, m_dice)
CMP_BY(cmp_g2, m_g2)

static int (*comparator(entidx_cooc_sort s))(const void *, const void *)
{
    switch (s) {
    case ENTIDX_COOC_BY_PMI: return cmp_pmi;
    case ENTIDX_COOC_BY_NPMI: return cmp_npmi;
    case ENTIDX_COOC_BY_JACCARD: return cmp_jaccard;
    case ENTIDX_COOC_BY_DICE: return cmp_dice;
    case ENTIDX_COOC_BY_G2: return cmp_g2;
    default: return cmp_count;
    }
}

static int cmp_label(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void counter_dispose(counter *c)
{
    entidx_free(c->is_a);
    entidx_free(c->is_b);
    entidx_dict_dispose(&c->buckets);
    for (size_t i = 0; i < c->n_labels; i++)
        entidx_free(c->labels[i]);
    entidx_free(c->labels);
    entidx_free(c->units);
    entidx_dict_dispose(&c->pairs);
    entidx_dict_dispose(&c->df);
    entidx_free(c->iters);
    entidx_free(c->iter_open);
    entidx_free(c->numbers);
    entidx_free(c->items);
    entidx_free(c->group);
}

int entidx_cooc_run(const entidx_index *ix, const entidx_cooc_opts *opts, entidx_cooc_result *out,
                    entidx_error *err)
{
    static const entidx_cooc_opts defaults = ENTIDX_COOC_OPTS_INIT;
    uint32_t n_ent = entidx_index_entity_count(ix), *remap = NULL;
    counter c;
    size_t n_out = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&c, 0, sizeof(c));
    if (opts == NULL)
        opts = &defaults;
    c.ix = ix;
    c.o = opts;
    c.err = err;
    if (opts->with >= (int64_t)n_ent)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no entity %lld", (long long)opts->with);
    c.is_a = entidx_calloc(n_ent ? n_ent : 1, 1);
    c.is_b = entidx_calloc(n_ent ? n_ent : 1, 1);
    if (opts->level != ENTIDX_COOC_DOC) {
        c.iters = entidx_calloc(n_ent ? n_ent : 1, sizeof(*c.iters));
        c.iter_open = entidx_calloc(n_ent ? n_ent : 1, 1);
        c.numbers = entidx_calloc(MAX_NUMBERS, sizeof(*c.numbers));
    }
    if (c.is_a == NULL || c.is_b == NULL ||
        (opts->level != ENTIDX_COOC_DOC &&
         (c.iters == NULL || c.iter_open == NULL || c.numbers == NULL))) {
        rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory counting pairs");
        goto done;
    }
    for (uint32_t e = 0; (opts->type_a != NULL || opts->type_b != NULL) && e < n_ent; e++) {
        entidx_entity info;
        if ((rc = entidx_index_entity(ix, e, &info, err)) < 0)
            goto done;
        c.is_a[e] = opts->type_a != NULL && strcmp(info.type, opts->type_a) == 0;
        c.is_b[e] = opts->type_b != NULL && strcmp(info.type, opts->type_b) == 0;
    }
    if ((rc = count_all(&c)) < 0)
        goto done;

    /* buckets in label order */
    remap = entidx_calloc(c.n_labels ? c.n_labels : 1, sizeof(*remap));
    out->buckets = entidx_calloc(c.n_labels ? c.n_labels : 1, sizeof(*out->buckets));
    if (remap == NULL || out->buckets == NULL) {
        rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory counting pairs");
        goto done;
    }
    memcpy(out->buckets, c.labels, c.n_labels * sizeof(*c.labels));
    if (c.n_labels > 1)
        qsort(out->buckets, c.n_labels, sizeof(*out->buckets), cmp_label);
    for (size_t i = 0; i < c.n_labels; i++) {
        const uint32_t *id = entidx_dict_get(&c.buckets, out->buckets[i], strlen(out->buckets[i]));
        remap[*id] = (uint32_t)i;
    }
    out->n_buckets = c.n_labels;
    c.n_labels = 0;            /* the labels now belong to out */
    if (out->n_buckets == 0) { /* no document at all */
        entidx_free(out->buckets);
        out->buckets = NULL;
    }

    if (c.pairs.count > 0 &&
        (out->pairs = entidx_calloc(c.pairs.count, sizeof(*out->pairs))) == NULL) {
        rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory counting pairs");
        goto done;
    }
    for (size_t s = 0; c.pairs.slots != NULL && s <= c.pairs.mask; s++) {
        const entidx_dict_slot *sl = &c.pairs.slots[s];
        entidx_cooc_pair *p;
        uint32_t key[3], dk[2];
        const uint32_t *v;
        if (sl->hash == 0 || sl->value < opts->min_count)
            continue;
        memcpy(key, c.pairs.keys.ptr + sl->key_off, sizeof(key));
        p = &out->pairs[n_out++];
        p->a = key[1];
        p->b = key[2];
        p->count = sl->value;
        dk[0] = key[0];
        dk[1] = p->a;
        v = entidx_dict_get(&c.df, (const char *)dk, sizeof(dk));
        p->df_a = v ? *v : 0;
        dk[1] = p->b;
        v = entidx_dict_get(&c.df, (const char *)dk, sizeof(dk));
        p->df_b = v ? *v : 0;
        p->units = c.units[key[0]];
        p->bucket = remap[key[0]];
        measures(p);
    }
    if (n_out > 1)
        qsort(out->pairs, n_out, sizeof(*out->pairs), comparator(opts->sort));
    if (opts->top > 0) { /* the first `top` of each bucket */
        size_t w = 0, run = 0;
        for (size_t r = 0; r < n_out; r++) {
            run = (r > 0 && out->pairs[r].bucket == out->pairs[r - 1].bucket) ? run + 1 : 0;
            if (run < opts->top)
                out->pairs[w++] = out->pairs[r];
        }
        n_out = w;
    }
    out->n_pairs = n_out;
    if (n_out == 0) {
        entidx_free(out->pairs);
        out->pairs = NULL;
    }
    rc = ENTIDX_OK;
done:
    if (rc < 0)
        entidx_cooc_result_free(out);
    entidx_free(remap);
    counter_dispose(&c);
    return rc;
}

void entidx_cooc_result_free(entidx_cooc_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_buckets; i++)
        entidx_free(r->buckets[i]);
    entidx_free(r->buckets);
    entidx_free(r->pairs);
    memset(r, 0, sizeof(*r));
}

int entidx_cooc_compute(const entidx_index *ix, const entidx_cooc_opts *opts,
                        entidx_cooc_pair **pairs, size_t *n_pairs, entidx_error *err)
{
    entidx_cooc_opts o = ENTIDX_COOC_OPTS_INIT;
    entidx_cooc_result r;
    int rc;
    if (opts != NULL)
        o = *opts;
    o.bucket = ENTIDX_BUCKET_NONE;
    *pairs = NULL;
    *n_pairs = 0;
    if ((rc = entidx_cooc_run(ix, &o, &r, err)) < 0)
        return rc;
    *pairs = r.pairs;
    *n_pairs = r.n_pairs;
    r.pairs = NULL;
    entidx_cooc_result_free(&r);
    return ENTIDX_OK;
}

void entidx_cooc_free(entidx_cooc_pair *pairs)
{
    entidx_free(pairs);
}

double entidx_cooc_pair_weight(const entidx_cooc_pair *p, entidx_cooc_sort s)
{
    switch (s) {
    case ENTIDX_COOC_BY_PMI: return p->pmi;
    case ENTIDX_COOC_BY_NPMI: return p->npmi;
    case ENTIDX_COOC_BY_JACCARD: return p->jaccard;
    case ENTIDX_COOC_BY_DICE: return p->dice;
    case ENTIDX_COOC_BY_G2: return p->g2;
    default: return p->count;
    }
}
