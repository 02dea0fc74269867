/* SPDX-License-Identifier: MIT */
/*
 * fuzz_index.c - arbitrary bytes as an index file: open, verify, then walk
 * every document, list and posting, query and count pairs. Nothing read
 * from the file may be trusted, whatever verify said.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "entidx/entidx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    entidx_index *ix = NULL;
    FILE *f;
    snprintf(path, sizeof(path), "/tmp/entidx-fuzz-index-%d", (int)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (entidx_index_open(&ix, path, NULL) == ENTIDX_OK) {
        uint32_t n_docs = entidx_index_doc_count(ix), d, c, s[8];
        uint32_t n_ent = entidx_index_entity_count(ix);
        const entidx_gazetteer *gz;
        entidx_lookup_match m[4];
        entidx_entity info;
        const char *alias;
        size_t n_m;
        entidx_query *q = NULL;
        entidx_cooc_opts co = ENTIDX_COOC_OPTS_INIT;
        entidx_cooc_result r;
        entidx_index_verify(ix, NULL);
        entidx_index_lookup(ix, "Germany", 7, m, 4, &n_m, NULL);
        entidx_index_lookup(ix, "Canadians", 9, m, 4, &n_m, NULL);
        entidx_index_find_id(ix, "DEU", 3, &d, NULL);
        if (entidx_index_load_gazetteer(ix, &gz, NULL) == ENTIDX_OK)
            (void)entidx_gazetteer_count(gz);
        for (uint32_t e = 0; e < n_ent && e < 64; e++) {
            if (entidx_index_entity(ix, e, &info, NULL) == ENTIDX_OK && info.n_aliases > 0)
                entidx_index_entity_alias(ix, e, info.n_aliases - 1, &alias, NULL);
        }
        for (uint32_t k = 0; k < n_docs && k < 64; k++) {
            entidx_doc_info info;
            entidx_iter it;
            entidx_index_doc(ix, k, &info, NULL);
            if (entidx_index_doc_entities(ix, k, &it, NULL) == ENTIDX_OK)
                while (entidx_iter_next(&it, &d, &c, NULL) == 1)
                    ;
        }
        for (uint32_t e = 0; e < n_ent && e < 64; e++) {
            entidx_iter it;
            if (entidx_index_postings(ix, e, &it, NULL) != ENTIDX_OK)
                continue;
            while (entidx_iter_next(&it, &d, &c, NULL) == 1) {
                entidx_iter_sentences(&it, s, 8, NULL);
                entidx_iter_positions(&it, s, 8, NULL);
            }
            if (entidx_index_postings(ix, e, &it, NULL) == ENTIDX_OK)
                entidx_iter_skip_to(&it, n_docs / 2, &d, &c, NULL);
        }
        if (entidx_query_parse(&q, ix, "type:COUNTRY OR NOT date:2000..", NULL) == ENTIDX_OK) {
            uint32_t *docs;
            size_t nd;
            if (entidx_query_run(q, &docs, &nd, NULL) == ENTIDX_OK)
                entidx_query_docs_free(docs);
            entidx_query_free(q);
        }
        co.level = size % 3 == 0   ? ENTIDX_COOC_SENTENCE
                   : size % 3 == 1 ? ENTIDX_COOC_WINDOW
                                   : ENTIDX_COOC_DOC;
        co.bucket = ENTIDX_BUCKET_WEEK;
        co.max_pairs = 10000;
        if (entidx_cooc_run(ix, &co, &r, NULL) == ENTIDX_OK)
            entidx_cooc_result_free(&r);
        entidx_index_close(ix);
    }
    unlink(path);
    return 0;
}
