/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gazetteer_compiled.c - arbitrary bytes as a compiled gazetteer. The
 * CRC at offset 20 is set right first, so that mutations get past it to the
 * checks of the header and tables (a wrong CRC alone is an easy refusal).
 * When the file loads, everything that reads the tables runs on it: tagging
 * in both overlap modes, lookups, the entity accessors, the fingerprint.
 *
 * The seeds (corpus/gazetteer_compiled/) are the gazetteer target's seeds
 * small.tsv and flags.tsv compiled by `entidx gazetteer compile` on x86-64
 * (compile them again when the format changes); on a machine with other
 * record sizes or byte order they exercise the refusal.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "entidx/entidx.h"
#include "fuzz_tag.h"

#define CRC_AT   20
#define CRC_FROM 24

static const char text[] = "Ab Cd met the AB in Abs. Mr Cd said Germany's U.S. allies, "
                           "GERMANS and Canadians, back Moody's; Jordan and Chad agreed.";

/* The file the input is written to: one per process, removed at exit. */
static char path[64];

static void remove_file(void)
{
    unlink(path);
}

static const char *input_path(void)
{
    if (path[0] == '\0') {
        snprintf(path, sizeof(path), "/tmp/fuzz-gazetteer-compiled-%ld", (long)getpid());
        atexit(remove_file);
    }
    return path;
}

static void use(const entidx_gazetteer *gz)
{
    static const char *const names[] = {"Ab Cd", "AB", "ab", "Abs", "Germany", "Mr Cd"};
    entidx_lookup_match m[4];
    size_t n;

    fuzz_tag(gz, text, sizeof(text) - 1);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        entidx_gazetteer_lookup(gz, names[i], strlen(names[i]), m, 4, &n, NULL);
    for (uint32_t e = 0; e < entidx_gazetteer_count(gz); e++) {
        entidx_entity ent;
        uint32_t found;
        entidx_gazetteer_entity(gz, e, &ent);
        for (size_t k = 0; k < ent.n_aliases; k++)
            (void)entidx_gazetteer_alias_flags(gz, e, k), (void)entidx_gazetteer_alias(gz, e, k);
        for (size_t k = 0; k < ent.n_attrs; k++) {
            const char *name;
            (void)entidx_gazetteer_attr(gz, e, k, &name);
        }
        entidx_gazetteer_find_id(gz, ent.id, strlen(ent.id), &found);
    }
    (void)entidx_gazetteer_fingerprint(gz);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_gazetteer_opts opts = ENTIDX_GAZETTEER_OPTS_INIT;
    entidx_gazetteer *gz = NULL;
    const char *paths[1] = {input_path()};
    FILE *f = fopen(paths[0], "wb");
    uint8_t *copy = malloc(size ? size : 1);

    if (f == NULL || copy == NULL)
        abort();
    memcpy(copy, data, size);
    if (size >= CRC_FROM) {
        uint32_t crc =
            (uint32_t)crc32(crc32(0L, Z_NULL, 0), copy + CRC_FROM, (uInt)(size - CRC_FROM));
        memcpy(copy + CRC_AT, &crc, 4);
    }
    if (fwrite(copy, 1, size, f) != size || fclose(f) != 0)
        abort();
    free(copy);
    opts.skip_flags = 0;
    if (entidx_gazetteer_load(&gz, paths, 1, &opts, NULL) == ENTIDX_OK) {
        use(gz);
        entidx_gazetteer_free(gz);
    }
    return 0;
}
