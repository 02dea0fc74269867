/* SPDX-License-Identifier: MIT */
/*
 * fuzz_tag.h - what the gazetteer fuzz targets do with a gazetteer that
 * loaded: tag a text in both overlap modes (and half of it again as the same
 * document's continuation; in one mode with the text and its second half
 * listed as the document's texts) and look a name up.
 */
#ifndef ENTIDX_FUZZ_TAG_H
#define ENTIDX_FUZZ_TAG_H

#include <stddef.h>

#include "entidx/entidx.h"

static int fuzz_ignore_mention(const entidx_mention *m, void *payload)
{
    (void)m;
    (void)payload;
    return 0;
}

static void fuzz_tag(const entidx_gazetteer *gz, const char *text, size_t len)
{
    entidx_tagger_opts topts = ENTIDX_TAGGER_OPTS_INIT;
    entidx_tagger *t = NULL;
    entidx_lookup_match m[4];
    /* the document's texts listed ahead (cue words and names looked for in them) */
    const char *texts[2] = {text, text + len / 2};
    size_t lens[2] = {len, len - len / 2}, n;

    for (int mode = 0; mode < 2; mode++) {
        topts.overlaps = mode ? ENTIDX_OVERLAPS_ALL : ENTIDX_OVERLAPS_LONGEST;
        if (entidx_tagger_new(&t, gz, &topts, NULL) == ENTIDX_OK) {
            if (mode == 0)
                entidx_tagger_lookahead(t, texts, lens, 2);
            entidx_tagger_scan(t, text, len, fuzz_ignore_mention, NULL, NULL);
            entidx_tagger_scan_continue(t, text, len / 2, fuzz_ignore_mention, NULL, NULL);
            entidx_tagger_free(t);
        }
    }
    entidx_gazetteer_lookup(gz, text, len < 200 ? len : 200, m, 4, &n, NULL);
}

#endif
