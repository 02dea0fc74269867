/* SPDX-License-Identifier: MIT */
/*
 * cmd_report.c - `entidx report`: a self-contained HTML report of an index
 * (charts and tables; written by entidx_report_write()).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: entidx report [OPTIONS] INDEX -o FILE\n"
    "\n"
    "Write one self-contained HTML file (inline SVG and CSS, no script, nothing\n"
    "fetched from the network) about the index: a corpus summary; the most\n"
    "mentioned entities of each type (bar charts); mentions per month of the top\n"
    "entities (line chart, when documents have dates); the co-occurrence network\n"
    "of the strongest pairs (nodes coloured by type, edge width by weight); and\n"
    "the table behind each chart. The same index and options give the same bytes.\n"
    "\n"
    "  -o, --output FILE   where to write the report (required; - for stdout)\n"
    "  --types T1,T2,...   only entities of these types (default: all)\n"
    "  -t, --top N         entities per type in the bar charts (default 15)\n"
    "  --series N          entities in the time chart (default 8)\n"
    "  --pairs N           edges of the network (default 40)\n"
    "  -s, --measure M     what ranks and weighs the network's edges: count\n"
    "                      (default), pmi, npmi, jaccard, dice or g2 (see `entidx\n"
    "                      cooc --help`)\n"
    "  -m, --min-count N   network: only pairs seen in at least N units (default 1)\n"
    "  -l, --level L       network units: doc (default) or sentence\n"
    "  --title TEXT        page title (default \"entidx report\")\n"
    "  -h, --help          show this help\n";

static int parse_count(const char *opt, const char *arg, size_t max, size_t *out)
{
    char *end;
    unsigned long long v;
    if (arg[0] < '0' || arg[0] > '9' || (v = strtoull(arg, &end, 10), *end != '\0') || v > max)
        return cli_usage_error("report", "%s needs a number up to %zu, not '%s'", opt, max, arg);
    *out = (size_t)v;
    return CLI_OK;
}

/* Split "A,B,C" in place into *types (malloc'd array of pointers into s). */
static int split_types(char *s, const char ***types, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    free(*types);
    *types = malloc(cap * sizeof(**types));
    *n = 0;
    if (*types == NULL) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (char *p = s;;) {
        char *comma = strchr(p, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*p == '\0')
            return cli_usage_error("report", "--types takes T1,T2,... with no empty type");
        (*types)[(*n)++] = p;
        if (comma == NULL)
            return CLI_OK;
        p = comma + 1;
    }
}

/* Remove a report left half-written; only a regular file (never, say, /dev/full). */
static void discard(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        remove(path);
}

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"types", required_argument, NULL, 1401},
                                             {"top", required_argument, NULL, 't'},
                                             {"series", required_argument, NULL, 1402},
                                             {"pairs", required_argument, NULL, 1403},
                                             {"measure", required_argument, NULL, 's'},
                                             {"min-count", required_argument, NULL, 'm'},
                                             {"level", required_argument, NULL, 'l'},
                                             {"title", required_argument, NULL, 1404},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char *const measures[] = {"count", "pmi", "npmi", "jaccard", "dice", "g2"};
    entidx_report_opts ro = ENTIDX_REPORT_OPTS_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_index *ix = NULL;
    const char *output = NULL;
    const char **types = NULL;
    char *types_arg = NULL;
    size_t v = 0;
    FILE *f = NULL;
    int opt, rc = CLI_FAIL;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:t:s:m:l:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case 't':
            if ((rc = parse_count("--top", optarg, 10000, &ro.top)) != CLI_OK)
                goto done;
            break;
        case 1402:
            if ((rc = parse_count("--series", optarg, 100, &ro.series)) != CLI_OK)
                goto done;
            break;
        case 1403:
            if ((rc = parse_count("--pairs", optarg, 2000, &ro.pairs)) != CLI_OK)
                goto done;
            break;
        case 'm':
            if ((rc = parse_count("--min-count", optarg, UINT32_MAX, &v)) != CLI_OK)
                goto done;
            ro.min_count = (uint32_t)v;
            break;
        case 's': {
            size_t k = 0;
            while (k < 6 && strcmp(optarg, measures[k]) != 0)
                k++;
            if (k == 6) {
                rc = cli_usage_error(
                    "report", "--measure takes count, pmi, npmi, jaccard, dice or g2, not '%s'",
                    optarg);
                goto done;
            }
            ro.measure = (entidx_cooc_sort)k;
            break;
        }
        case 'l':
            if (strcmp(optarg, "doc") == 0) {
                ro.level = ENTIDX_COOC_DOC;
            } else if (strcmp(optarg, "sentence") == 0) {
                ro.level = ENTIDX_COOC_SENTENCE;
            } else {
                rc = cli_usage_error("report", "--level takes doc or sentence, not '%s'", optarg);
                goto done;
            }
            break;
        case 1401:
            free(types_arg);
            types_arg = strdup(optarg);
            if (types_arg == NULL) {
                cli_error("out of memory");
                rc = CLI_FAIL;
                goto done;
            }
            if ((rc = split_types(types_arg, &types, &ro.n_types)) != CLI_OK)
                goto done;
            ro.types = types;
            break;
        case 1404: ro.title = optarg; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("report", "invalid option"); goto done;
        }
    }
    rc = CLI_FAIL;
    if (argc - optind != 1) {
        rc = cli_usage_error("report", argc == optind ? "no index given" : "too many arguments");
        goto done;
    }
    if (output == NULL) {
        rc = cli_usage_error("report", "missing -o FILE (- for standard output)");
        goto done;
    }
    if (cli_open_index(argv[optind], &ix) != CLI_OK)
        goto done;
    if (strcmp(output, "-") == 0) {
        f = stdout;
    } else if ((f = fopen(output, "w")) == NULL) {
        cli_error("cannot write %s: %s", output, strerror(errno));
        goto done;
    }
    if (entidx_report_write(ix, &ro, f, &err) < 0) {
        if (err.code == ENTIDX_EINVAL)
            rc = cli_usage_error("report", "%s", err.msg);
        else
            cli_report(&err);
        if (f != stdout) {
            fclose(f);
            discard(output);
        }
        f = NULL;
        goto done;
    }
    if (f == stdout) {
        f = NULL;
        rc = cli_finish_stdout(CLI_OK);
    } else {
        int bad = fclose(f) != 0;
        f = NULL;
        if (bad) {
            cli_error("cannot write %s: %s", output, strerror(errno));
            discard(output);
            goto done;
        }
        rc = CLI_OK;
    }
done:
    if (f != NULL && f != stdout)
        fclose(f);
    entidx_index_close(ix);
    free(types);
    free(types_arg);
    return rc;
}
