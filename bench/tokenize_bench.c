/* SPDX-License-Identifier: MIT */
/*
 * tokenize_bench.c - the tokenizer and the whole tagger timed apart, on texts
 * held in memory: no inflating, no JSON, no threads, no index. For changes
 * to the tokenizer or the matcher, whose share of `entidx index` is hard to
 * see in whole-process timings on a busy machine.
 *
 * usage: entidx_tokenize_bench [-r ROUNDS] [-g GAZ]... CORPUS...
 *   CORPUS  JSON Lines (gzip or not) or text, read as `entidx tag` reads it
 *           (fields title and text); every field is kept in memory and
 *           tagged as a document of its own
 *   -r N    rounds of each pass (default 7); the fastest round is printed
 *   -g GAZ  gazetteer files or directories (default: the shipped ones,
 *           ENTIDX_DEFAULT_GAZETTEER_DIR)
 * Prints, for each pass (tokenize: entidx_tokenize() on every field; tag:
 * entidx_tagger_scan() on them, the tokenizing included), its fastest
 * round in ms, ns per token and MB/s of text; and tag - tokenize.
 * Built on request: `cmake --build BUILD --target entidx_tokenize_bench`.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entidx/gazetteer.h"
#include "entidx/reader.h"
#include "entidx/tagger.h"
#include "tokenize.h"

typedef struct texts {
    char *bytes; /* the fields back to back */
    size_t len, cap;
    size_t *starts; /* field k: bytes[starts[k] .. starts[k + 1]) */
    size_t n, cap_starts;
} texts;

static void die(const char *what, const entidx_error *err)
{
    if (err != NULL && err->code != 0)
        fprintf(stderr, "entidx_tokenize_bench: %s: %s%s%s\n", what, err->path,
                err->path[0] ? ": " : "", err->msg);
    else
        fprintf(stderr, "entidx_tokenize_bench: %s\n", what);
    exit(1);
}

static void texts_add(texts *t, const char *s, size_t len)
{
    if (t->n + 2 > t->cap_starts) {
        t->cap_starts = t->cap_starts ? 2 * t->cap_starts : 1024;
        if ((t->starts = realloc(t->starts, t->cap_starts * sizeof(*t->starts))) == NULL)
            die("out of memory", NULL);
    }
    if (t->len + len > t->cap) {
        while (t->len + len > t->cap)
            t->cap = t->cap ? 2 * t->cap : (size_t)1 << 24;
        if ((t->bytes = realloc(t->bytes, t->cap)) == NULL)
            die("out of memory", NULL);
    }
    t->starts[t->n++] = t->len;
    memcpy(t->bytes + t->len, s, len);
    t->len += len;
    t->starts[t->n] = t->len;
}

static void read_corpus(texts *t, const char *path)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc doc;
    int rc;
    if (entidx_reader_open(&r, path, NULL, &err) < 0)
        die(path, &err);
    while ((rc = entidx_reader_next(r, &doc, &err)) != 0) {
        if (rc < 0)
            die(path, &err);
        for (size_t f = 0; f < doc.n_fields; f++)
            texts_add(t, doc.fields[f].text, doc.fields[f].len);
    }
    entidx_reader_close(r, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_mention(const entidx_mention *m, void *payload)
{
    (void)m;
    ++*(size_t *)payload;
    return 0;
}

int main(int argc, char **argv)
{
    const char *gaz[64];
    size_t n_gaz = 0, tokens = 0, mentions = 0;
    int rounds = 7, i;
    texts t = {0};
    entidx_tokens toks = ENTIDX_TOKENS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_gazetteer *gz;
    entidx_tagger *tagger;
    char **files, *load[256];
    size_t n_files, n_load = 0;
    double best_tok = 1e30, best_tag = 1e30;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "-g") == 0 && i + 1 < argc && n_gaz == 64)
            die("at most 64 -g options", NULL);
        else if (strcmp(argv[i], "-g") == 0 && i + 1 < argc)
            gaz[n_gaz++] = argv[++i];
        else
            die("usage: entidx_tokenize_bench [-r ROUNDS] [-g GAZ]... CORPUS...", NULL);
    }
    if (i == argc)
        die("usage: entidx_tokenize_bench [-r ROUNDS] [-g GAZ]... CORPUS...", NULL);
    for (; i < argc; i++)
        read_corpus(&t, argv[i]);
    if (n_gaz == 0)
        gaz[n_gaz++] = ENTIDX_DEFAULT_GAZETTEER_DIR;
    for (size_t g = 0; g < n_gaz; g++) {
        /* as `entidx` reads them: a file named, or the *.tsv files directly in a directory */
        size_t dlen = strlen(gaz[g]);
        if (entidx_expand_inputs(&files, &n_files, &gaz[g], 1, &err) < 0)
            die("gazetteer", &err);
        for (size_t k = 0; k < n_files; k++) {
            const char *rest = files[k] + dlen + (dlen > 0 && gaz[g][dlen - 1] != '/');
            size_t flen = strlen(files[k]);
            if (strcmp(files[k], gaz[g]) != 0 && (flen <= dlen + 4 || strchr(rest, '/') != NULL ||
                                                  strcmp(files[k] + flen - 4, ".tsv") != 0))
                continue;
            if (n_load == 256)
                die("more than 256 gazetteer files", NULL);
            if ((load[n_load++] = strdup(files[k])) == NULL)
                die("out of memory", NULL);
        }
        entidx_paths_free(files, n_files);
    }
    if (entidx_gazetteer_load(&gz, (const char *const *)load, n_load, NULL, &err) < 0)
        die("gazetteer", &err);
    for (size_t k = 0; k < n_load; k++)
        free(load[k]);
    if (entidx_tagger_new(&tagger, gz, NULL, &err) < 0)
        die("tagger", &err);

    for (int r = 0; r < rounds; r++) {
        double a = now(), b;
        tokens = 0;
        for (size_t k = 0; k < t.n; k++) {
            if (entidx_tokenize(&toks, t.bytes + t.starts[k], t.starts[k + 1] - t.starts[k]) < 0)
                die("tokenize failed", NULL);
            tokens += toks.n;
        }
        b = now();
        best_tok = b - a < best_tok ? b - a : best_tok;
        mentions = 0;
        for (size_t k = 0; k < t.n; k++) {
            if (entidx_tagger_scan(tagger, t.bytes + t.starts[k], t.starts[k + 1] - t.starts[k],
                                   count_mention, &mentions, &err) < 0)
                die("tag", &err);
        }
        b = now() - b;
        best_tag = b < best_tag ? b : best_tag;
    }
    printf("texts %zu, %.1f MB, tokens %zu, mentions %zu; fastest of %d rounds:\n", t.n,
           (double)t.len / 1e6, tokens, mentions, rounds);
    printf("%-16s %9s %9s %9s\n", "pass", "ms", "ns/token", "MB/s");
    printf("%-16s %9.1f %9.2f %9.1f\n", "tokenize", best_tok * 1e3,
           best_tok * 1e9 / (double)(tokens ? tokens : 1), (double)t.len / 1e6 / best_tok);
    printf("%-16s %9.1f %9.2f %9.1f\n", "tag", best_tag * 1e3,
           best_tag * 1e9 / (double)(tokens ? tokens : 1), (double)t.len / 1e6 / best_tag);
    printf("%-16s %9.1f %9.2f\n", "tag - tokenize", (best_tag - best_tok) * 1e3,
           (best_tag - best_tok) * 1e9 / (double)(tokens ? tokens : 1));
    entidx_tagger_free(tagger);
    entidx_gazetteer_free(gz);
    entidx_tokens_dispose(&toks);
    free(t.bytes);
    free(t.starts);
    return 0;
}
