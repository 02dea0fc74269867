/* SPDX-License-Identifier: MIT */
/*
 * cmd_index.c - `entidx index`: scan corpora, tag every document and write
 * the index file atomically.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx index -o OUT.idx [-g GAZ]... [OPTIONS] INPUT...\n"
    "\n"
    "Scan corpora (files, directories read recursively, or - for standard input;\n"
    "gzip or plain, JSON Lines or text) and write an index of every mention.\n"
    "\n"
    "  -o, --output FILE    the index to write (replaced atomically)\n" CLI_GAZ_USAGE
        CLI_INPUT_USAGE "  --strict             stop at the first bad record or unreadable input\n"
    "  -q, --quiet          no warnings or summary on standard error\n"
    "  -h, --help           show this help\n"
    "\n"
    "Bad records are reported as warnings with file:line and skipped. An input\n"
    "that cannot be read or has damaged gzip data is reported; what was read\n"
    "before the damage is indexed, and the exit status is 1.\n";

typedef struct index_run {
    entidx_tagger *tagger;
    entidx_index_writer *writer;
    uint32_t *ents;
    size_t n_ents, cap_ents;
    unsigned long long mentions;
} index_run;

static int collect(const entidx_mention *m, void *payload)
{
    index_run *run = payload;
    if (run->n_ents == run->cap_ents) {
        size_t ncap = run->cap_ents ? run->cap_ents * 2 : 64;
        uint32_t *nv = realloc(run->ents, ncap * sizeof(*nv));
        if (nv == NULL)
            return ENTIDX_ENOMEM;
        run->ents = nv;
        run->cap_ents = ncap;
    }
    run->ents[run->n_ents++] = m->entity;
    return 0;
}

static int index_doc(const entidx_doc *doc, void *payload)
{
    index_run *run = payload;
    entidx_error err = ENTIDX_ERROR_INIT;

    run->n_ents = 0;
    for (size_t f = 0; f < doc->n_fields; f++) {
        int rc = (f == 0 ? entidx_tagger_scan : entidx_tagger_scan_continue)(
            run->tagger, doc->fields[f].text, doc->fields[f].len, collect, run, &err);
        if (rc != 0) {
            if (rc == ENTIDX_ENOMEM)
                cli_error("out of memory");
            else
                cli_report(&err);
            return CLI_FAIL;
        }
    }
    if (entidx_index_writer_add(run->writer, doc, run->ents, run->n_ents, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    run->mentions += run->n_ents;
    return CLI_OK;
}

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             CLI_GAZ_LONG_OPTIONS,
                                             {"strict", no_argument, NULL, 's'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_LONG_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    cli_strs inputs = {NULL, 0, 0};
    cli_gaz_opts gaz;
    cli_input_opts in;
    const char *output = NULL;
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    index_run run;
    cli_scan_stats st;
    int strict = 0, opt, rc = CLI_FAIL;

    memset(&run, 0, sizeof(run));
    cli_input_opts_init(&in);
    cli_gaz_opts_init(&gaz);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:g:qh", longopts, NULL)) != -1) {
        int r = cli_corpus_option("index", &gaz, &in, opt, optarg);
        if (r == CLI_USAGE || r < 0) {
            rc = r == CLI_USAGE ? CLI_USAGE : CLI_FAIL;
            goto done;
        }
        if (r == 1)
            continue;
        switch (opt) {
        case 'o': output = optarg; break;
        case 's': strict = 1; break;
        case 'q': cli_quiet = 1; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("index", "invalid option"); goto done;
        }
    }
    if (output == NULL) {
        rc = cli_usage_error("index", "missing -o OUT.idx");
        goto done;
    }
    if (optind >= argc) {
        rc = cli_usage_error("index", "no input given (use - for standard input)");
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_strs_add(&inputs, argv[i]) != CLI_OK)
            goto done;
    }
    if (cli_load_gazetteers(&gaz, &gz) != CLI_OK)
        goto done;
    if (entidx_tagger_new(&run.tagger, gz, NULL, &err) < 0 ||
        entidx_index_writer_open(&run.writer, output, gz, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (cli_scan_inputs(&inputs, &in, strict, index_doc, &run, &st) != CLI_OK)
        goto done;
    if (entidx_index_writer_finish(run.writer, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (!cli_quiet)
        fprintf(stderr,
                "entidx: indexed %lu documents (%llu mentions of %u entities) from %lu files "
                "into %s; %lu records skipped, %lu inputs failed\n",
                st.docs, run.mentions, (unsigned)entidx_gazetteer_count(gz), st.files, output,
                st.skipped, st.failed_files);
    rc = st.failed_files ? CLI_FAIL : CLI_OK;
done:
    entidx_index_writer_free(run.writer);
    entidx_tagger_free(run.tagger);
    entidx_gazetteer_free(gz);
    free(run.ents);
    cli_gaz_opts_dispose(&gaz);
    cli_strs_dispose(&inputs);
    return rc;
}
