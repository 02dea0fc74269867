/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gzsrc.c - arbitrary bytes as a file for the gzip byte source: every
 * read either delivers bytes or reports damage and goes on (ENTIDX_ECORRUPT),
 * never crashes, never loops; the byte count and offsets stay consistent.
 * The first byte chooses the read size, so member and buffer boundaries move.
 * The file is read twice, with the default decoder (ISA-L when installed) and
 * with zlib (ENTIDX_INFLATE=zlib): every report must be the same, and so must
 * every byte after the last report and, when there is none, every byte.
 * (Before a report of a damaged member they may differ: ISA-L decodes some
 * malformed Huffman tables that zlib rejects; gzsrc.c explains.)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entidx/entidx.h"
#include "gzsrc.h"

/* What one decoder made of the file: hashes of the bytes since the last
   report (all of them when there is none) and of the reports. */
typedef struct outcome {
    uint64_t since_hash, reports_hash, total;
    unsigned damage;
    int last_rc;
} outcome;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static void decode(const char *path, size_t size, size_t chunk, outcome *o)
{
    static char buf[70000];
    entidx_gzsrc *s = NULL;
    entidx_error err;
    size_t got;
    int rc;

    memset(o, 0, sizeof(*o));
    o->since_hash = o->reports_hash = 0xcbf29ce484222325ULL;
    if (entidx_gzsrc_open(&s, path, NULL) != ENTIDX_OK)
        return;
    for (;;) {
        memset(&err, 0, sizeof(err));
        rc = entidx_gzsrc_read(s, buf, chunk, &got, &err);
        if (rc == ENTIDX_ECORRUPT) {
            /* each report skips input: there can be no more reports than bytes */
            if (++o->damage > size + 1)
                abort();
            o->reports_hash = fnv(o->reports_hash, err.msg, strlen(err.msg));
            o->reports_hash = fnv(o->reports_hash, &err.offset, sizeof(err.offset));
            o->since_hash = 0xcbf29ce484222325ULL;
            continue;
        }
        o->last_rc = rc;
        if (rc < 0 || got == 0)
            break;
        if (got > chunk)
            abort();
        o->total += got;
        o->since_hash = fnv(o->since_hash, buf, got);
        if (entidx_gzsrc_offset(s) != o->total || entidx_gzsrc_raw_offset(s) > size)
            abort();
    }
    entidx_gzsrc_close(s, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t sizes[] = {1, 3, 17, 512, 4096, 70000};
    size_t chunk = size > 0 ? sizes[data[0] % 6] : 4096;
    outcome fast, plain;
    char path[64];
    FILE *f;

    snprintf(path, sizeof(path), "/tmp/entidx-fuzz-gzsrc-%d", (int)getpid());
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    unsetenv("ENTIDX_INFLATE");
    decode(path, size, chunk, &fast);
    setenv("ENTIDX_INFLATE", "zlib", 1);
    decode(path, size, chunk, &plain);
    unsetenv("ENTIDX_INFLATE");
    if (fast.damage != plain.damage || fast.reports_hash != plain.reports_hash ||
        fast.since_hash != plain.since_hash || fast.last_rc != plain.last_rc ||
        (plain.damage == 0 && fast.total != plain.total))
        abort(); /* ISA-L and zlib disagree */
    unlink(path);
    return 0;
}
