/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gzsrc.c - arbitrary bytes as a file for the gzip byte source: every
 * read either delivers bytes or reports damage and goes on (ENTIDX_ECORRUPT),
 * never crashes, never loops; the byte count and offsets stay consistent.
 * The first byte chooses the read size, so member and buffer boundaries move.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "entidx/entidx.h"
#include "gzsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[70000];
    static const size_t sizes[] = {1, 3, 17, 512, 4096, sizeof(buf)};
    entidx_gzsrc *s = NULL;
    char path[64];
    size_t chunk = size > 0 ? sizes[data[0] % 6] : 4096, got, total = 0;
    unsigned damage = 0;
    FILE *f;
    int rc;

    snprintf(path, sizeof(path), "/tmp/entidx-fuzz-gzsrc-%d", (int)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (entidx_gzsrc_open(&s, path, NULL) == ENTIDX_OK) {
        for (;;) {
            rc = entidx_gzsrc_read(s, buf, chunk, &got, NULL);
            if (rc == ENTIDX_ECORRUPT) {
                /* each report skips input: there can be no more reports than bytes */
                if (++damage > size + 1)
                    abort();
                continue;
            }
            if (rc < 0 || got == 0)
                break;
            if (got > chunk)
                abort();
            total += got;
            if (entidx_gzsrc_offset(s) != total || entidx_gzsrc_raw_offset(s) > size)
                abort();
        }
        entidx_gzsrc_close(s, NULL);
    }
    unlink(path);
    return 0;
}
