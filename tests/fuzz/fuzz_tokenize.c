/* SPDX-License-Identifier: MIT */
/*
 * fuzz_tokenize.c - arbitrary bytes through the tokenizer and the folding:
 * offsets must stay inside the text, in order, and folded forms inside the
 * folded buffer; and the fast path for ASCII text must find exactly what
 * the general scanner alone finds (entidx__tokenize_stepwise()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

static int same_token(const entidx_tokens *a, const entidx_tokens *b, size_t i)
{
    const entidx_token *x = &a->v[i], *y = &b->v[i];
    return x->start == y->start && x->end == y->end && x->norm_len == y->norm_len &&
           x->sentence == y->sentence && x->flags == y->flags && x->shape == y->shape &&
           memcmp(a->norm.ptr + x->norm_off, b->norm.ptr + y->norm_off, x->norm_len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT, ref = ENTIDX_TOKENS_INIT;
    int rc = entidx_tokenize(&toks, (const char *)data, size);
    if (rc != entidx__tokenize_stepwise(&ref, (const char *)data, size))
        abort();
    if (rc == 0) {
        uint32_t prev_end = 0;
        if (toks.n != ref.n || toks.norm.len != ref.norm.len)
            abort();
        for (size_t i = 0; i < toks.n; i++) {
            const entidx_token *t = &toks.v[i];
            if (t->start < prev_end || t->end <= t->start || t->end > size ||
                (size_t)t->norm_off + t->norm_len > toks.norm.len || !same_token(&toks, &ref, i))
                abort();
            prev_end = t->end;
        }
    }
    entidx_tokens_dispose(&toks);
    entidx_tokens_dispose(&ref);
    return 0;
}
