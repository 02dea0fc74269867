/* SPDX-License-Identifier: MIT */
/*
 * fuzz_tag.h - what the gazetteer fuzz targets do with a gazetteer that
 * loaded: tag a text in both overlap modes (and half of it again as the same
 * document's continuation; in one mode with the text and its second half
 * listed as the document's texts), again with near misses reported (the
 * mentions must not change), and look a name up.
 */
#ifndef ENTIDX_FUZZ_TAG_H
#define ENTIDX_FUZZ_TAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "entidx/entidx.h"

/* Mentions, and near misses apart (they are counted, not kept). */
typedef struct fuzz_counts {
    size_t mentions, refused;
    uint64_t sum; /* of the mentions' entity, start and end */
} fuzz_counts;

static int fuzz_count_mention(const entidx_mention *m, void *payload)
{
    fuzz_counts *c = payload;
    if (m->refused) {
        c->refused++;
        return 0;
    }
    c->mentions++;
    c->sum += m->entity + (uint64_t)m->start * 31 + (uint64_t)m->end * 131;
    return 0;
}

/*
 * Tag in mode 0 (leftmost-longest, the texts listed), 1 (all overlaps) or 2
 * (as 0, with near misses reported) into *c.
 */
static void fuzz_tag_mode(const entidx_gazetteer *gz, const char *text, size_t len, int mode,
                          fuzz_counts *c)
{
    entidx_tagger_opts topts = ENTIDX_TAGGER_OPTS_INIT;
    entidx_tagger *t = NULL;
    /* the document's texts listed ahead (cue words and names looked for in them) */
    const char *texts[2] = {text, text + len / 2};
    size_t lens[2] = {len, len - len / 2};

    topts.overlaps = mode == 1 ? ENTIDX_OVERLAPS_ALL : ENTIDX_OVERLAPS_LONGEST;
    topts.report_refused = mode == 2;
    if (entidx_tagger_new(&t, gz, &topts, NULL) != ENTIDX_OK)
        return;
    if (mode != 1)
        entidx_tagger_lookahead(t, texts, lens, 2);
    entidx_tagger_scan(t, text, len, fuzz_count_mention, c, NULL);
    entidx_tagger_scan_continue(t, text, len / 2, fuzz_count_mention, c, NULL);
    entidx_tagger_free(t);
}

/* Near misses change no mention: modes 0 and 2 give the same ones. */
static void fuzz_tag(const entidx_gazetteer *gz, const char *text, size_t len)
{
    fuzz_counts c[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    entidx_lookup_match m[4];
    size_t n;

    for (int mode = 0; mode < 3; mode++)
        fuzz_tag_mode(gz, text, len, mode, &c[mode]);
    if (c[0].mentions != c[2].mentions || c[0].sum != c[2].sum || c[0].refused != 0)
        abort();
    entidx_gazetteer_lookup(gz, text, len < 200 ? len : 200, m, 4, &n, NULL);
}

#endif
