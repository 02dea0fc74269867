/* SPDX-License-Identifier: MIT */
/*
 * fuzz_query.c - arbitrary bytes as a query expression over a small index
 * built once: parse, explain, run.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entidx/entidx.h"

static entidx_index *fixture(void)
{
    static const char gaz[] = "id\ttype\tname\taliases\n"
                              "JPN\tCOUNTRY\tJapan\tNippon\n"
                              "USA\tCOUNTRY\tUnited States\tU.S.|US\n"
                              "ACME\tORG\tAcme Corp\tAcme|AT&T\n"
                              "ACM2\tORG\tAcme Mining\tAcme\n"
                              "ONEIL\tPERSON\tTip O'Neill\t\n";
    static entidx_index *ix;
    static entidx_gazetteer *gz;
    char path[64];
    entidx_index_writer *w = NULL;
    if (ix != NULL)
        return ix;
    snprintf(path, sizeof(path), "/tmp/entidx-fuzz-query-%d.idx", (int)getpid());
    if (entidx_gazetteer_load_buffer(&gz, "q.tsv", gaz, strlen(gaz), NULL, NULL) < 0 ||
        entidx_index_writer_open(&w, path, gz, NULL, NULL) < 0)
        abort();
    for (uint32_t d = 0; d < 300; d++) {
        entidx_index_mention m[3] = {{d % 5, 0, 0}, {(d + 1) % 5, 1, 4}, {d % 3, 1, 9}};
        entidx_doc doc;
        char date[16];
        memset(&doc, 0, sizeof(doc));
        snprintf(date, sizeof(date), "20%02u-%02u-01", d % 30, d % 12 + 1);
        doc.id = doc.title = doc.url = "";
        doc.date = date;
        doc.date_len = strlen(date);
        if (entidx_index_writer_add(w, &doc, m, d % 4, NULL) < 0)
            abort();
    }
    if (entidx_index_writer_finish(w, NULL) < 0 || entidx_index_open(&ix, path, NULL) < 0)
        abort();
    entidx_index_writer_free(w);
    unlink(path);
    return ix;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_index *ix = fixture();
    entidx_query *q = NULL;
    char *expr = malloc(size + 1);
    if (expr == NULL)
        return 0;
    memcpy(expr, data, size);
    expr[size] = '\0';
    if (entidx_query_parse_flags(&q, ix, expr, size % 2 ? ENTIDX_QUERY_ALL_MATCHES : 0, NULL) ==
        ENTIDX_OK) {
        char buf[256];
        uint32_t *docs;
        size_t n;
        entidx_query_explain(q, buf, sizeof(buf));
        if (entidx_query_run(q, &docs, &n, NULL) == ENTIDX_OK)
            entidx_query_docs_free(docs);
        entidx_query_free(q);
    }
    free(expr);
    return 0;
}
