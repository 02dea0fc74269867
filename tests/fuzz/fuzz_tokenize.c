/* SPDX-License-Identifier: MIT */
/*
 * fuzz_tokenize.c - arbitrary bytes through the tokenizer and the folding:
 * offsets must stay inside the text, in order, and folded forms inside the
 * folded buffer.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    if (entidx_tokenize(&toks, (const char *)data, size) == 0) {
        uint32_t prev_end = 0;
        for (size_t i = 0; i < toks.n; i++) {
            const entidx_token *t = &toks.v[i];
            if (t->start < prev_end || t->end <= t->start || t->end > size ||
                (size_t)t->norm_off + t->norm_len > toks.norm.len)
                abort();
            prev_end = t->end;
        }
    }
    entidx_tokens_dispose(&toks);
    return 0;
}
