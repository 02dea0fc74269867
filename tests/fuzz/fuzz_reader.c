/* SPDX-License-Identifier: MIT */
/*
 * fuzz_reader.c - arbitrary bytes as an input file (plain or gzip, JSON
 * Lines or text, detected from the bytes): the gzip source, line reader,
 * JSON decoding and document framing must report or deliver, never crash.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "entidx/entidx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_reader_opts opts = ENTIDX_READER_OPTS_INIT;
    entidx_reader *r = NULL;
    entidx_doc doc;
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
    if (entidx_reader_open(&r, path, &opts, NULL) == ENTIDX_OK) {
        while ((rc = entidx_reader_next(r, &doc, NULL)) != 0 && guard++ < 100000) {
            if (rc < 0 && rc != ENTIDX_EPARSE && rc != ENTIDX_ELIMIT)
                break;
        }
        entidx_reader_close(r, NULL);
    }
    unlink(path);
    return 0;
}
