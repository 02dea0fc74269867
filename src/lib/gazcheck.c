/* SPDX-License-Identifier: MIT */
/*
 * gazcheck.c - find likely mistakes in a loaded gazetteer: aliases shared by
 * two entities, aliases hidden inside longer aliases of other entities, and
 * one-word aliases that are common lower-case words.
 */
#include "internal.h"
#include "gazetteer_int.h"
#include "normalize.h"

/* The entity's display form of alias record a (its text). */
static const char *alias_text(const entidx_gazetteer *gz, const entidx_gz_alias *a)
{
    return gz->pool.ptr + a->text;
}

static int report(entidx_finding_cb cb, void *payload, entidx_finding_kind kind,
                  const entidx_gazetteer *gz, const entidx_gz_alias *a, const entidx_gz_alias *b)
{
    entidx_finding f;
    f.kind = kind;
    f.entity = a->entity;
    f.alias = alias_text(gz, a);
    f.other = b ? b->entity : 0;
    f.other_alias = b ? alias_text(gz, b) : NULL;
    return cb(&f, payload);
}

/* Aliases of different entities under one key: report each against the first. */
static int check_collisions(const entidx_gazetteer *gz, entidx_finding_cb cb, void *payload)
{
    for (size_t k = 0; k < gz->n_keys; k++) {
        const entidx_gz_alias *first = NULL;
        for (uint32_t j = gz->keys[k].first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
            const entidx_gz_alias *a = &gz->aliases[j];
            int rc;
            if (first == NULL) {
                first = a;
                continue;
            }
            if (a->entity == first->entity)
                continue;
            /* acknowledged on both sides: off by default, or told apart by cue words */
            if ((a->flags & (ENTIDX_ALIAS_AMBIGUOUS | ENTIDX_ALIAS_CUED)) &&
                (first->flags & (ENTIDX_ALIAS_AMBIGUOUS | ENTIDX_ALIAS_CUED)))
                continue;
            if ((rc = report(cb, payload, ENTIDX_FINDING_COLLISION, gz, a, first)) != 0)
                return rc;
        }
    }
    return ENTIDX_OK;
}

/* Every run of words strictly inside alias b that is itself an alias of another entity. */
static int check_shadowed(const entidx_gazetteer *gz, entidx_tokens *toks, entidx_buf *key,
                          entidx_finding_cb cb, void *payload)
{
    int rc;

    for (size_t j = 0; j < gz->n_aliases; j++) {
        const entidx_gz_alias *b = &gz->aliases[j];
        const char *text = alias_text(gz, b);
        if (b->n_tokens < 2)
            continue;
        if ((rc = entidx_tokenize(toks, text, strlen(text))) < 0)
            return rc;
        for (size_t i = 0; i < toks->n; i++) {
            for (size_t n = 1; i + n <= toks->n; n++) {
                const entidx_gz_key *k;
                if (n == toks->n)
                    break;
                if ((rc = entidx__gz_key(key, toks, i, n)) < 0)
                    return rc;
                k = entidx__gz_find_key(gz, key->ptr, key->len);
                if (k == NULL)
                    continue;
                for (uint32_t a = k->first; a != ENTIDX_GZ_NONE; a = gz->aliases[a].next) {
                    const entidx_gz_alias *s = &gz->aliases[a];
                    int ok = s->entity != b->entity && s->n_tokens == n &&
                             !(s->flags & ENTIDX_ALIAS_AMBIGUOUS);
                    /* only where the words, as written in b, would match s */
                    for (size_t t = 0; ok && t < n; t++)
                        ok = entidx_shape_ok(s->rule, toks->v[i + t].shape,
                                             (s->shapes >> (3 * t)) & 7);
                    if (!ok)
                        continue;
                    if ((rc = report(cb, payload, ENTIDX_FINDING_SHADOWED, gz, s, b)) != 0)
                        return rc;
                    break; /* one report per shadowed key and longer alias */
                }
            }
        }
    }
    return ENTIDX_OK;
}

static int check_common_words(const entidx_gazetteer *gz, const char *const *words, size_t n_words,
                              entidx_buf *key, entidx_finding_cb cb, void *payload)
{
    entidx_dict common = ENTIDX_DICT_INIT;
    int rc = ENTIDX_OK;

    for (size_t i = 0; i < n_words; i++) {
        uint32_t *slot;
        entidx_buf_clear(key);
        if ((rc = entidx_fold_string(key, words[i], strlen(words[i]))) < 0 ||
            (key->len > 0 && (rc = entidx_dict_upsert(&common, key->ptr, key->len, 0, &slot)) < 0))
            goto done;
    }
    rc = ENTIDX_OK;
    for (size_t j = 0; j < gz->n_aliases; j++) {
        const entidx_gz_alias *a = &gz->aliases[j];
        const char *text = alias_text(gz, a);
        if (a->n_tokens != 1 || (a->shapes & 7) == ENTIDX_SHAPE_UPPER ||
            (a->flags & (ENTIDX_ALIAS_AMBIGUOUS | ENTIDX_ALIAS_EXACT)))
            continue;
        entidx_buf_clear(key);
        if ((rc = entidx_fold_string(key, text, strlen(text))) < 0)
            goto done;
        if (key->len > 0 && entidx_dict_get(&common, key->ptr, key->len) != NULL &&
            (rc = report(cb, payload, ENTIDX_FINDING_COMMON_WORD, gz, a, NULL)) != 0)
            goto done;
    }
done:
    entidx_dict_dispose(&common);
    return rc;
}

int entidx_gazetteer_check(const entidx_gazetteer *gz, const char *const *common_words,
                           size_t n_common_words, entidx_finding_cb cb, void *payload,
                           entidx_error *err)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    entidx_buf key = ENTIDX_BUF_INIT;
    int rc;

    if ((rc = check_collisions(gz, cb, payload)) == ENTIDX_OK &&
        (rc = check_shadowed(gz, &toks, &key, cb, payload)) == ENTIDX_OK && n_common_words > 0)
        rc = check_common_words(gz, common_words, n_common_words, &key, cb, payload);
    entidx_tokens_dispose(&toks);
    entidx_buf_dispose(&key);
    if (rc == ENTIDX_ENOMEM)
        return ENTIDX_FAIL(err, rc, "out of memory checking gazetteer");
    return rc;
}
