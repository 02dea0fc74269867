/* SPDX-License-Identifier: MIT */
/*
 * cooc.c - document-level co-occurrence: walk each document's forward list
 * and count every unordered entity pair in a hash table keyed by the pair.
 */
#include "internal.h"
#include "entidx/cooc.h"
#include "dict.h"

#include <stdlib.h>

static int cmp_pair(const void *x, const void *y)
{
    const entidx_cooc_pair *a = x, *b = y;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

static void pair_key(char key[8], uint32_t a, uint32_t b)
{
    memcpy(key, &a, 4);
    memcpy(key + 4, &b, 4);
}

int entidx_cooc_compute(const entidx_index *ix, const entidx_cooc_opts *opts,
                        entidx_cooc_pair **pairs, size_t *n_pairs, entidx_error *err)
{
    static const entidx_cooc_opts defaults = ENTIDX_COOC_OPTS_INIT;
    entidx_dict counts = ENTIDX_DICT_INIT;
    uint32_t *ents = NULL;
    size_t cap_ents = 0, n_out = 0;
    entidx_cooc_pair *out = NULL;
    int rc = ENTIDX_OK;

    *pairs = NULL;
    *n_pairs = 0;
    if (opts == NULL)
        opts = &defaults;
    for (uint32_t d = 0; d < entidx_index_doc_count(ix); d++) {
        entidx_iter it;
        uint32_t e, cnt;
        size_t n = 0;
        if ((rc = entidx_index_doc_entities(ix, d, &it, err)) < 0)
            goto done;
        while ((rc = entidx_iter_next(&it, &e, &cnt, err)) == 1) {
            if (entidx_array_grow((void **)&ents, &cap_ents, n + 1, sizeof(*ents)) < 0)
                goto oom;
            ents[n++] = e;
        }
        if (rc < 0)
            goto done;
        /* the forward list is increasing, so ents[i] < ents[j] for i < j */
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; j < n; j++) {
                char key[8];
                uint32_t *slot;
                pair_key(key, ents[i], ents[j]);
                rc = entidx_dict_upsert(&counts, key, sizeof(key), 0, &slot);
                if (rc < 0)
                    goto oom;
                (*slot)++;
            }
        }
        rc = ENTIDX_OK;
    }
    if (counts.count > 0) {
        out = entidx_calloc(counts.count, sizeof(*out));
        if (out == NULL)
            goto oom;
    }
    for (size_t s = 0; counts.slots != NULL && s <= counts.mask; s++) {
        const entidx_dict_slot *sl = &counts.slots[s];
        entidx_cooc_pair *p;
        uint64_t n_mentions;
        if (sl->hash == 0 || sl->value < opts->min_count)
            continue;
        p = &out[n_out++];
        memcpy(&p->a, counts.keys.ptr + sl->key_off, 4);
        memcpy(&p->b, counts.keys.ptr + sl->key_off + 4, 4);
        p->count = sl->value;
        entidx_index_entity_stats(ix, p->a, &p->df_a, &n_mentions);
        entidx_index_entity_stats(ix, p->b, &p->df_b, &n_mentions);
    }
    if (n_out > 1)
        qsort(out, n_out, sizeof(*out), cmp_pair);
    if (opts->top > 0 && n_out > opts->top)
        n_out = opts->top;
    if (n_out == 0) {
        entidx_free(out);
        out = NULL;
    }
    *pairs = out;
    *n_pairs = n_out;
    out = NULL;
    rc = ENTIDX_OK;
    goto done;
oom:
    rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory counting pairs");
done:
    entidx_free(out);
    entidx_free(ents);
    entidx_dict_dispose(&counts);
    return rc;
}

void entidx_cooc_free(entidx_cooc_pair *pairs)
{
    entidx_free(pairs);
}
