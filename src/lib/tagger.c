/* SPDX-License-Identifier: MIT */
/*
 * tagger.c - leftmost-longest (or all-overlaps) matching of gazetteer aliases
 * over a token stream.
 *
 * For each start token the candidate key grows one token at a time while the
 * dictionary says some alias continues it (the key is a registered prefix)
 * and the gap to the next token may be spanned (ENTIDX_TOK_JOIN). A key that
 * names aliases is a match when one of its aliases' case rules accepts the
 * surface tokens.
 */
#include "internal.h"
#include "entidx/tagger.h"
#include "gazetteer_int.h"

struct entidx_tagger {
    const entidx_gazetteer *gz;
    entidx_tagger_opts opts;
    entidx_tokens toks;
    entidx_buf key;
};

int entidx_tagger_new(entidx_tagger **out, const entidx_gazetteer *gz,
                      const entidx_tagger_opts *opts, entidx_error *err)
{
    static const entidx_tagger_opts defaults = ENTIDX_TAGGER_OPTS_INIT;
    entidx_tagger *t;

    *out = NULL;
    t = entidx_calloc(1, sizeof(*t));
    if (t == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate tagger");
    t->gz = gz;
    t->opts = opts ? *opts : defaults;
    *out = t;
    return ENTIDX_OK;
}

/* The entity of the first alias of key k whose case rule accepts tokens [i, i+n), or NONE. */
static uint32_t accept(const entidx_gazetteer *gz, const entidx_gz_key *k, const entidx_token *tok,
                       size_t n)
{
    for (uint32_t j = k->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *a = &gz->aliases[j];
        int ok = !a->skipped;
        for (size_t t = 0; ok && t < n; t++)
            ok = entidx_shape_ok(a->rule, tok[t].shape, (a->shapes >> (3 * t)) & 7);
        if (ok)
            return a->entity;
    }
    return ENTIDX_GZ_NONE;
}

static int emit(entidx_mention_cb cb, void *payload, const entidx_tokens *toks, size_t i, size_t n,
                uint32_t entity)
{
    entidx_mention m;
    m.entity = entity;
    m.first_token = (uint32_t)i;    m.n_tokens = (uint32_t)n;
    m.sentence = toks->v[i].sentence;
    m.start = toks->v[i].start;
    m.end = toks->v[i + n - 1].end;
    return cb(&m, payload);
}

int entidx_tagger_scan(entidx_tagger *t, const char *text, size_t len, entidx_mention_cb cb,
                       void *payload, entidx_error *err)
{
    const entidx_gazetteer *gz = t->gz;
    entidx_tokens *toks = &t->toks;
    size_t i = 0;
    int rc;

    if ((rc = entidx_tokenize(toks, text, len)) < 0)
        return ENTIDX_FAIL(err, rc,
                           rc == ENTIDX_ELIMIT ? "text longer than 4 GiB"
                                               : "out of memory tokenizing text");
    while (i < toks->n) {
        size_t best_n = 0;
        uint32_t best = ENTIDX_GZ_NONE;

        for (size_t n = 1; n <= gz->max_tokens && i + n <= toks->n; n++) {
            const entidx_gz_key *k;
            if (n > 1 && !(toks->v[i + n - 1].flags & ENTIDX_TOK_JOIN))
                break;
            if ((rc = entidx__gz_key(&t->key, toks, i, n)) < 0)
                return ENTIDX_FAIL(err, rc, "out of memory matching text");
            k = entidx__gz_find_key(gz, t->key.ptr, t->key.len);
            if (k == NULL)
                break;
            if (k->first != ENTIDX_GZ_NONE) {
                uint32_t e = accept(gz, k, &toks->v[i], n);
                if (e != ENTIDX_GZ_NONE) {
                    if (t->opts.overlaps == ENTIDX_OVERLAPS_ALL) {
                        if ((rc = emit(cb, payload, toks, i, n, e)) != 0)
                            return rc;
                    } else {
                        best = e;
                        best_n = n;
                    }
                }
            }
            if (!k->is_prefix)
                break;
        }
        if (best != ENTIDX_GZ_NONE) {
            if ((rc = emit(cb, payload, toks, i, best_n, best)) != 0)
                return rc;
            i += best_n;
        } else {
            i++;
        }
    }
    return ENTIDX_OK;
}

void entidx_tagger_free(entidx_tagger *t)
{
    if (t == NULL)
        return;
    entidx_tokens_dispose(&t->toks);
    entidx_buf_dispose(&t->key);
    entidx_free(t);
}
