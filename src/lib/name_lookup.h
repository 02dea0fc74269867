/* SPDX-License-Identifier: MIT */
/*
 * name_lookup.h - resolve a whole name to entities, the way the tagger would
 * read it in text: tokenize and fold it, find its key (or, for aliases flagged
 * stem, its stemmed key), then rank the aliases stored under that key by
 * their case rules. One implementation for two stores of aliases: a loaded
 * gazetteer (its dictionary) and an index (its mapped NAMES table).
 */
#ifndef ENTIDX_NAME_LOOKUP_H
#define ENTIDX_NAME_LOOKUP_H

#include "entidx/gazetteer.h"

#include <stddef.h>
#include <stdint.h>

/* One alias stored under a key, as a store describes it. */
typedef struct entidx_name_candidate {
    uint32_t entity;
    const char *text; /* as written, NUL-terminated; lives as long as the store */
    uint8_t rule;     /* ENTIDX_RULE_* (gazetteer_int.h) */
    uint8_t flags;    /* entidx_alias_flag bits */
    uint8_t n_tokens;
    uint8_t possessive; /* written with a possessive: only matches one */
    uint8_t skipped;    /* listed but not matched in text */
    uint64_t shapes;    /* token shapes, 3 bits each */
} entidx_name_candidate;

typedef struct entidx_name_candidates {
    entidx_name_candidate *v;
    size_t n, cap;
} entidx_name_candidates;

/*
 * A store: append to `out` the aliases stored under a key (none when the key
 * is absent or only a prefix of longer keys); ENTIDX_OK or an error code
 * (with *err set).
 */
typedef int (*entidx_name_source)(void *store, const char *key, size_t key_len,
                                  entidx_name_candidates *out, entidx_error *err);

/*
 * Resolve `name` (len bytes) through `source`; `stem_language` is the
 * Snowball language of the store's stemmed keys, or NULL when it has none.
 * Output as entidx_gazetteer_lookup() documents it.
 */
int entidx__name_lookup(entidx_name_source source, void *store, const char *stem_language,
                        const char *name, size_t len, entidx_lookup_match *out, size_t cap,
                        size_t *n_out, entidx_error *err);

/* Append one candidate: ENTIDX_OK or ENTIDX_ENOMEM. */
int entidx__name_candidate_add(entidx_name_candidates *c, const entidx_name_candidate *cand);

#endif
