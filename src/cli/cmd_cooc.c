/* SPDX-License-Identifier: MIT */
/*
 * cmd_cooc.c - `entidx cooc`: document-level co-occurrence of entity pairs.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx cooc [OPTIONS] INDEX\n"
    "\n"
    "Print one row per unordered pair of entities mentioned in the same document:\n"
    "id_a,name_a,type_a,id_b,name_b,type_b,count,df_a,df_b where count is the\n"
    "number of documents mentioning both and df_a, df_b the number mentioning\n"
    "each. Most frequent pairs first, then by entity order; CSV (RFC 4180) by\n"
    "default.\n"
    "\n"
    "  -m, --min-count N  only pairs seen in at least N documents (default 1)\n"
    "  -t, --top N        only the first N pairs\n"
    "  -f, --format F     csv (default), tsv, jsonl or table\n"
    "  -h, --help         show this help\n";

static int parse_count(const char *opt, const char *arg, unsigned long long *out)
{
    char *end;
    if (arg[0] == '\0' || arg[0] == '-' || (*out = strtoull(arg, &end, 10), *end != '\0'))
        return cli_usage_error("cooc", "%s needs a number, not '%s'", opt, arg);
    return CLI_OK;
}

int cmd_cooc(int argc, char **argv)
{
    static const struct option longopts[] = {{"min-count", required_argument, NULL, 'm'},
                                             {"top", required_argument, NULL, 't'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char *const columns[] = {"id_a",   "name_a", "type_a", "id_b", "name_b",
                                          "type_b", "count",  "df_a",   "df_b"};
    entidx_cooc_opts copts = ENTIDX_COOC_OPTS_INIT;
    entidx_table_format fmt = ENTIDX_TABLE_CSV;
    entidx_index *ix = NULL;
    entidx_table *out = NULL;
    entidx_cooc_pair *pairs = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    unsigned long long v = 0;
    size_t n_pairs = 0;
    int opt, rc = CLI_FAIL;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "m:t:f:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'm':
            if ((rc = parse_count("--min-count", optarg, &v)) != CLI_OK)
                goto done;
            copts.min_count = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
            break;
        case 't':
            if ((rc = parse_count("--top", optarg, &v)) != CLI_OK)
                goto done;
            copts.top = (size_t)v;
            break;
        case 'f':
            if (entidx_table_format_parse(optarg, &fmt) < 0) {
                rc = cli_usage_error("cooc", "unknown format '%s'", optarg);
                goto done;
            }
            break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("cooc", "invalid option"); goto done;
        }
    }
    rc = CLI_FAIL;
    if (argc - optind != 1) {
        rc = cli_usage_error("cooc", argc == optind ? "no index given" : "too many arguments");
        goto done;
    }
    if (cli_open_index(argv[optind], &ix) != CLI_OK)
        goto done;
    if (entidx_cooc_compute(ix, &copts, &pairs, &n_pairs, &err) < 0 ||
        entidx_table_new(&out, stdout, fmt, columns, 9, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    for (size_t i = 0; i < n_pairs; i++) {
        const entidx_gazetteer *gz = entidx_index_gazetteer(ix);
        entidx_entity a, b;
        entidx_gazetteer_entity(gz, pairs[i].a, &a);
        entidx_gazetteer_entity(gz, pairs[i].b, &b);
        entidx_table_cstr(out, a.id);
        entidx_table_cstr(out, a.name);
        entidx_table_cstr(out, a.type);
        entidx_table_cstr(out, b.id);
        entidx_table_cstr(out, b.name);
        entidx_table_cstr(out, b.type);
        entidx_table_int(out, pairs[i].count);
        entidx_table_int(out, pairs[i].df_a);
        entidx_table_int(out, pairs[i].df_b);
        if (entidx_table_end_row(out) < 0)
            break;
    }
    if (entidx_table_finish(out, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    rc = cli_finish_stdout(CLI_OK);
done:
    entidx_table_free(out);
    entidx_cooc_free(pairs);
    entidx_index_close(ix);
    return rc;
}
