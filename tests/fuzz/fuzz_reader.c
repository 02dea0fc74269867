/* SPDX-License-Identifier: MIT */
/*
 * fuzz_reader.c - arbitrary bytes as an input file (plain or gzip, JSON
 * Lines or text, detected from the bytes): the gzip source, line reader,
 * JSON decoding and document framing must report or deliver, never crash.
 * Records framed by entidx_reader_next_raw() and decoded apart must come out
 * as entidx_reader_next() gives them (aborts otherwise).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entidx/entidx.h"

static void same_str(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len || memcmp(a, b, a_len) != 0)
        abort();
}

/* The same document, or the same error, from both ways of reading. */
static void same_result(int rc1, const entidx_doc *d1, const entidx_error *e1, int rc2,
                        const entidx_doc *d2, const entidx_error *e2)
{
    if (rc1 != rc2)
        abort();
    if (rc1 < 0 && (strcmp(e1->msg, e2->msg) != 0 || e1->line != e2->line ||
                    e1->column != e2->column || e1->offset != e2->offset))
        abort();
    if (rc1 != 1)
        return;
    same_str(d1->id, d1->id_len, d2->id, d2->id_len);
    same_str(d1->title, d1->title_len, d2->title, d2->title_len);
    same_str(d1->date, d1->date_len, d2->date, d2->date_len);
    same_str(d1->url, d1->url_len, d2->url, d2->url_len);
    if (d1->line != d2->line || d1->n_fields != d2->n_fields)
        abort();
    for (size_t i = 0; i < d1->n_fields; i++) {
        if (strcmp(d1->fields[i].name, d2->fields[i].name) != 0)
            abort();
        same_str(d1->fields[i].text, d1->fields[i].len, d2->fields[i].text, d2->fields[i].len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_reader *r = NULL, *raw_r = NULL;
    entidx_record_decoder *dec = NULL;
    entidx_doc doc, doc2;
    entidx_error err = ENTIDX_ERROR_INIT, err2 = ENTIDX_ERROR_INIT;
    char path[64];
    FILE *f;
    int rc, guard = 0;

    snprintf(path, sizeof(path), "/tmp/entidx-fuzz-reader-%d", (int)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    opts.max_doc_bytes = 4096;
    if (size > 0)
        opts.format = (entidx_input_format)(data[0] % 4);
    if (entidx_reader_open(&r, path, &opts, NULL) == ENTIDX_OK &&
        entidx_reader_open(&raw_r, path, &opts, NULL) == ENTIDX_OK &&
        entidx_record_decoder_new(&dec, &opts, NULL) == ENTIDX_OK) {
        while ((rc = entidx_reader_next(r, &doc, &err)) != 0 && guard++ < 100000) {
            const char *raw;
            size_t raw_len;
            int rc2 = entidx_reader_next_raw(raw_r, &doc2, &raw, &raw_len, &err2);
            if (rc2 == 1 && raw != NULL)
                rc2 = entidx_record_decode(dec, doc2.path, doc2.line, raw, raw_len, &doc2, &err2);
            same_result(rc, &doc, &err, rc2, &doc2, &err2);
            if (rc < 0 && rc != ENTIDX_EPARSE && rc != ENTIDX_ELIMIT)
                break;
        }
    }
    entidx_record_decoder_free(dec);
    entidx_reader_close(raw_r, NULL);
    entidx_reader_close(r, NULL);
    unlink(path);
    return 0;
}
