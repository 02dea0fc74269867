/* SPDX-License-Identifier: MIT */
/*
 * cmd_index.c - `entidx index`: scan corpora, tag every document and write
 * the index file atomically.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: entidx index -o OUT.idx [-g GAZ]... [OPTIONS] INPUT...\n"
    "\n"
    "Scan corpora (files, directories read recursively, or - for standard input;\n"
    "gzip or plain, JSON Lines or text) and write an index of every mention.\n"
    "\n"
    "  -o, --output FILE    the index to write (replaced atomically)\n" CLI_GAZ_USAGE
        CLI_INPUT_USAGE
    "  -j, --threads N      threads (default: all cores); the index is the same for any N\n"
    "  --mem-limit SIZE     postings kept in memory before sorted runs spill to\n"
    "                       temporary files (default 512M; suffixes k, M, G)\n"
    "  --strict             stop at the first bad record or unreadable input\n"
    "  -q, --quiet          no warnings, progress or summary on standard error\n"
    "  -h, --help           show this help\n"
    "\n"
    "Documents are numbered in input order. Progress (input read, articles/s,\n"
    "ETA) is shown when standard error is a terminal. Bad records are reported\n"
    "as warnings with file:line and skipped; the summary counts them. An input\n"
    "that cannot be read is reported; damaged gzip data is reported with its\n"
    "byte offset and skipped up to the next gzip member; in both cases the\n"
    "rest is indexed and the exit status is 1.\n"
    "\n" CLI_GAZ_SEARCH_USAGE;

/* The pipeline's sink: each document, in input order, into the index. */
static int add_to_index(void *payload, const cli_tagged_doc *d)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    if (entidx_index_writer_add(payload, d->doc, d->index_mentions, d->n_mentions, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/*
 * The files to be read, told to the writer before the first document: when
 * every one gives documents, their records go straight into the index.
 */
static int announce_files(void *payload, char *const *files, size_t n)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    if (entidx_index_writer_expect_sources(payload, (const char *const *)files, n, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* What the pipeline's setup makes, and from what. */
typedef struct index_setup {
    const cli_gaz_opts *gaz;
    const char *output;
    const entidx_index_writer_opts *wopts;
    entidx_gazetteer *gz;        /* loaded here, freed by cmd_index() */
    entidx_index_writer *writer; /* opened here, freed by cmd_index() */
} index_setup;

/* The pipeline's setup, while the first input is read: the gazetteers, then the writer. */
static int set_up_index(void *payload, cli_pipeline_job *job)
{
    index_setup *s = payload;
    entidx_error err = ENTIDX_ERROR_INIT;
    if (cli_load_gazetteers(s->gaz, &s->gz) != CLI_OK)
        return CLI_FAIL;
    if (entidx_index_writer_open(&s->writer, s->output, s->gz, s->wopts, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    job->gz = s->gz;
    job->sink_payload = s->writer;
    return CLI_OK;
}

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             CLI_GAZ_LONG_OPTIONS,
                                             {"strict", no_argument, NULL, 's'},
                                             {"threads", required_argument, NULL, 'j'},
                                             {"mem-limit", required_argument, NULL, 'm'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_LONG_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    static const entidx_index_writer_opts wdefaults = ENTIDX_INDEX_WRITER_OPTS_INIT;
    entidx_index_writer_opts wopts = wdefaults;
    cli_strs inputs = {NULL, 0, 0};
    cli_gaz_opts gaz;
    cli_input_opts in;
    const char *output = NULL;
    index_setup setup = {NULL, NULL, NULL, NULL, NULL};
    entidx_error err = ENTIDX_ERROR_INIT;
    cli_pipeline_job job;
    unsigned threads = cli_default_threads();
    int strict = 0, opt, rc = CLI_FAIL;

    cli_input_opts_init(&in);
    cli_gaz_opts_init(&gaz);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:g:j:qh", longopts, NULL)) != -1) {
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
        case 'j':
            if ((rc = cli_parse_threads("index", optarg, &threads)) != CLI_OK)
                goto done;
            rc = CLI_FAIL;
            break;
        case 'm':
            if ((rc = cli_parse_size("index", "--mem-limit", optarg, &wopts.mem_limit)) != CLI_OK)
                goto done;
            rc = CLI_FAIL;
            break;
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
    if (cli_output_not_stdout("index", output, "an index") != CLI_OK) {
        rc = CLI_USAGE;
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
    setup.gaz = &gaz;
    setup.output = output;
    setup.wopts = &wopts;
    memset(&job, 0, sizeof(job));
    job.inputs = &inputs;
    job.in = &in;
    job.strict = strict;
    job.setup = set_up_index;
    job.setup_payload = &setup;
    job.sink = add_to_index;
    job.files_known = announce_files;
    job.threads = threads;
    job.progress = !cli_quiet && isatty(STDERR_FILENO);
    if (cli_pipeline_run(&job) != CLI_OK)
        goto done;
    if (entidx_index_writer_finish(setup.writer, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (!cli_quiet)
        fprintf(stderr,
                "entidx: indexed %lu documents (%llu mentions of %u entities) from %lu files "
                "into %s in %.1f s (%.0f documents/s, %u threads, %u sorted runs spilled); %lu "
                "records skipped, %lu inputs failed, %lu damaged gzip regions skipped\n",
                job.st.docs, job.mentions, (unsigned)entidx_gazetteer_count(setup.gz), job.st.files,
                output, job.seconds, job.seconds > 0 ? (double)job.st.docs / job.seconds : 0.0,
                threads, entidx_index_writer_runs(setup.writer), job.st.skipped,
                job.st.failed_files, job.st.damaged);
    rc = job.st.failed_files || job.st.damaged ? CLI_FAIL : CLI_OK;
done:
    entidx_index_writer_free(setup.writer);
    entidx_gazetteer_free(setup.gz);
    cli_gaz_opts_dispose(&gaz);
    cli_strs_dispose(&inputs);
    return rc;
}
