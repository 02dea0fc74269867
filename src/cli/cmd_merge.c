/* SPDX-License-Identifier: MIT */
/*
 * cmd_merge.c - `entidx merge`: concatenate index shards into one index.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: entidx merge -o OUT.idx INDEX...\n"
    "\n"
    "Concatenate indexes built with the same gazetteers, in argument order:\n"
    "the documents of each follow those of the ones before. The result is\n"
    "byte-identical to indexing all their inputs in one run in that order, so\n"
    "a corpus can be indexed in shards (on many cores or machines) and merged.\n"
    "\n"
    "  -o, --output FILE    the index to write (replaced atomically; it may be one\n"
    "                       of the inputs)\n"
    "  -q, --quiet          no summary on standard error\n"
    "  -h, --help           show this help\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *output = NULL;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case 'q': cli_quiet = 1; break;
        case 'h': fputs(usage, stdout); return cli_finish_stdout(CLI_OK);
        default: return cli_usage_error("merge", "invalid option");
        }
    }
    if (output == NULL)
        return cli_usage_error("merge", "missing -o OUT.idx");
    if (cli_output_not_stdout("merge", output, "an index") != CLI_OK)
        return CLI_USAGE;
    if (optind >= argc)
        return cli_usage_error("merge", "no index to merge");
    if (entidx_index_merge(output, (const char *const *)argv + optind, (size_t)(argc - optind),
                           NULL, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    if (!cli_quiet)
        fprintf(stderr, "entidx: merged %d indexes into %s\n", argc - optind, output);
    return CLI_OK;
}
