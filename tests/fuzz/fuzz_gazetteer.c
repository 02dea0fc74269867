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
#include "fuzz_tag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_gazetteer_opts opts = ENTIDX_GAZETTEER_OPTS_INIT;
    entidx_gazetteer *gz = NULL;
    const char *text = (const char *)data;

    opts.skip_flags = 0;
    if (entidx_gazetteer_load_buffer(&gz, "fuzz.tsv", text, size, &opts, NULL) == ENTIDX_OK) {
        fuzz_tag(gz, text, size);
        entidx_gazetteer_free(gz);
    }
    return 0;
}
