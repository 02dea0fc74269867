/* SPDX-License-Identifier: MIT */
/*
 * fuzz_table.c - CSV round trip: arbitrary bytes cut into cells are written
 * by the table writer as RFC 4180 CSV and read back by a small CSV parser
 * here; every cell must come back byte for byte.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entidx/entidx.h"

/* Parse one CSV field starting at *p; its bytes into out (cap >= len). */
static size_t field(const char **p, const char *end, char *out)
{
    size_t n = 0;
    if (*p < end && **p == '"') {
        (*p)++;
        while (*p < end) {
            if (**p == '"') {
                if (*p + 1 < end && (*p)[1] == '"') {
                    out[n++] = '"';
                    *p += 2;
                    continue;
                }
                (*p)++;
                break;
            }
            out[n++] = *(*p)++;
        }
    } else {
        while (*p < end && **p != ',' && **p != '\n')
            out[n++] = *(*p)++;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const cols[] = {"a", "b", "c"};
    const char *cells[3];
    size_t lens[3], cut1 = size / 3, cut2 = 2 * size / 3;
    char *out = NULL, *buf;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    entidx_table *t = NULL;
    const char *p, *end;

    if (f == NULL)
        return 0;
    cells[0] = (const char *)data;
    lens[0] = cut1;
    cells[1] = (const char *)data + cut1;
    lens[1] = cut2 - cut1;
    cells[2] = (const char *)data + cut2;
    lens[2] = size - cut2;
    if (entidx_table_new(&t, f, ENTIDX_TABLE_CSV, cols, 3, NULL) != ENTIDX_OK) {
        fclose(f);
        free(out);
        return 0;
    }
    for (int i = 0; i < 3; i++)
        entidx_table_str(t, cells[i], lens[i]);
    entidx_table_end_row(t);
    if (entidx_table_finish(t, NULL) != ENTIDX_OK) {
        /* invalid UTF-8 and other refusals are fine; nothing to compare */
        entidx_table_free(t);
        fclose(f);
        free(out);
        return 0;
    }
    entidx_table_free(t);
    fclose(f);
    buf = malloc(out_len + 1);
    p = strchr(out, '\n') + 1; /* past the header */
    end = out + out_len;
    for (int i = 0; i < 3; i++) {
        size_t n = field(&p, end, buf);
        if (n != lens[i] || memcmp(buf, cells[i], n) != 0)
            abort();
        if (i < 2) {
            if (p >= end || *p != ',')
                abort();
            p++;
        }
    }
    if (p >= end || *p != '\n')
        abort();
    free(buf);
    free(out);
    return 0;
}
