/* SPDX-License-Identifier: MIT */
/*
 * name_lookup.c - resolve a whole name through a store of aliases (see
 * name_lookup.h): the key, the stemmed fallback, and the ranking that reports
 * each entity once through its best alias.
 */
#include "internal.h"
#include "name_lookup.h"

#include "gazetteer_int.h"

int entidx__name_candidate_add(entidx_name_candidates *c, const entidx_name_candidate *cand)
{
    int rc = entidx_array_grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
    if (rc < 0)
        return rc;
    c->v[c->n++] = *cand;
    return ENTIDX_OK;
}

/* Rank the candidates into out[] (see entidx_gazetteer_lookup()). */
static int rank(const entidx_tokens *toks, const char *name, size_t len,
                const entidx_name_candidates *c, entidx_lookup_match *out, size_t cap,
                size_t *n_out, entidx_error *err)
{
    uint32_t *extra = NULL; /* entities found beyond cap */
    size_t n_extra = 0, cap_extra = 0, n = 0;

    /*
     * Three passes, so that each entity is reported through its best alias:
     * usable with its case rule holding, then skipped but case-compatible,
     * then the rest.
     */
    for (int pass = 2; pass >= 0; pass--) {
        for (size_t j = 0; j < c->n; j++) {
            const entidx_name_candidate *a = &c->v[j];
            int ok = a->n_tokens == toks->n, seen = 0, r;
            for (size_t t = 0; ok && t < toks->n; t++)
                ok = entidx_shape_ok(a->rule, toks->v[t].shape, (a->shapes >> (3 * t)) & 7);
            /* (possessives inside the name are not compared, as the tagger compares them:
               an index's entity table does not keep them; "New Zealand's Herald" is the
               newspaper here, which tag would not report in running text) */
            if (ok && a->possessive && !(toks->v[toks->n - 1].flags & ENTIDX_TOK_POSSESSIVE))
                ok = 0;
            r = ok ? (a->skipped ? 1 : 2) : 0;
            if (r != pass)
                continue;
            for (size_t m = 0; m < n && m < cap; m++) {
                if (out[m].entity != a->entity)
                    continue;
                seen = 1;
                /* among equally good aliases, report the one written like the name */
                if (out[m].case_ok == ok && out[m].skipped == a->skipped &&
                    strlen(a->text) == len && memcmp(a->text, name, len) == 0)
                    out[m].alias = a->text;
            }
            /* entities beyond `cap` are remembered too, so each counts once */
            for (size_t m = 0; !seen && m < n_extra; m++)
                seen = extra[m] == a->entity;
            if (seen)
                continue;
            if (n >= cap) {
                if (entidx_array_grow((void **)&extra, &cap_extra, n_extra + 1, sizeof(*extra)) <
                    0) {
                    entidx_free(extra);
                    return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory looking up a name");
                }
                extra[n_extra++] = a->entity;
            }
            if (n < cap) {
                out[n].entity = a->entity;
                out[n].alias = a->text;
                out[n].flags = a->flags;
                out[n].case_ok = ok;
                out[n].skipped = a->skipped;
            }
            n++;
        }
    }
    entidx_free(extra);
    /* report in gazetteer order */
    for (size_t i = 1; i < ENTIDX_MIN(n, cap); i++) {
        entidx_lookup_match m = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1].entity > m.entity) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = m;
    }
    *n_out = n;
    return ENTIDX_OK;
}

int entidx__name_lookup(entidx_name_source source, void *store, const char *stem_language,
                        const char *name, size_t len, entidx_lookup_match *out, size_t cap,
                        size_t *n_out, entidx_error *err)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    entidx_name_candidates cands = {NULL, 0, 0};
    entidx_stemmer *stemmer = NULL;
    entidx_buf key = ENTIDX_BUF_INIT;
    int rc;

    *n_out = 0;
    if ((rc = entidx_tokenize(&toks, name, len)) < 0 ||
        (rc = entidx__gz_key(&key, &toks, 0, toks.n)) < 0) {
        rc = ENTIDX_FAIL(err, rc, "cannot tokenize '%.*s'", (int)ENTIDX_MIN(len, 60), name);
        goto done;
    }
    if (toks.n > 0 && (rc = source(store, key.ptr, key.len, &cands, err)) < 0)
        goto done;
    if (cands.n == 0 && toks.n > 0 && stem_language != NULL) {
        /*
         * An inflected form of an alias flagged stem ("Canadians"). A stemmer
         * of our own: lookups may run in several threads at once.
         */
        if ((rc = entidx_stemmer_new(&stemmer, stem_language, err)) < 0)
            goto done;
        if ((rc = entidx__gz_stem_key(&key, &toks, 0, toks.n, stemmer)) < 0) {
            rc = ENTIDX_FAIL(err, rc, "out of memory looking up '%.*s'", (int)ENTIDX_MIN(len, 60),
                             name);
            goto done;
        }
        if ((rc = source(store, key.ptr, key.len, &cands, err)) < 0)
            goto done;
    }
    rc = rank(&toks, name, len, &cands, out, cap, n_out, err);
done:
    entidx_free(cands.v);
    entidx_stemmer_free(stemmer);
    entidx_tokens_dispose(&toks);
    entidx_buf_dispose(&key);
    return rc;
}
