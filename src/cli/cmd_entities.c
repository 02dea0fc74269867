/* SPDX-License-Identifier: MIT */
/*
 * cmd_entities.c - `entidx entities`: entities with the number of documents
 * and mentions, most documents first.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx entities [OPTIONS] INDEX\n"
    "\n"
    "Print id, type, name, documents, mentions for every entity mentioned at\n"
    "least once, most documents first (then most mentions, then id).\n"
    "\n"
    "  --type T         only entities of type T (COUNTRY, ORG, PERSON, ...)\n"
    "  -t, --top N      only the first N\n"
    "  -a, --all        include entities never mentioned\n"
    "  -f, --format F   table (terminal default), csv (pipe default), tsv, jsonl\n"
    "  -h, --help       show this help\n";

typedef struct row {
    uint32_t entity, docs;
    uint64_t mentions;
    const char *id;
} row;

static int cmp_row(const void *x, const void *y)
{
    const row *a = x, *b = y;
    if (a->docs != b->docs)
        return a->docs > b->docs ? -1 : 1;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions ? -1 : 1;
    return strcmp(a->id, b->id);
}

int cmd_entities(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"type", required_argument, NULL, 'T'}, {"top", required_argument, NULL, 't'},
        {"all", no_argument, NULL, 'a'},        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    static const char *const columns[] = {"id", "type", "name", "documents", "mentions"};
    const char *format = NULL, *type = NULL;
    entidx_table_format fmt;
    entidx_index *ix = NULL;
    const entidx_gazetteer *gz;
    entidx_table *out = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    row *rows = NULL;
    size_t n = 0, top = (size_t)-1;
    int all = 0, opt, rc = CLI_FAIL;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "t:af:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'T': type = optarg; break;
        case 't': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (optarg[0] == '\0' || optarg[0] == '-' || *end != '\0') {
                rc = cli_usage_error("entities", "--top needs a number, not '%s'", optarg);
                goto done;
            }
            top = (size_t)v;
            break;
        }
        case 'a': all = 1; break;
        case 'f': format = optarg; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("entities", "invalid option"); goto done;
        }
    }
    if (argc - optind != 1) {
        rc = cli_usage_error("entities", argc == optind ? "no index given" : "too many arguments");
        goto done;
    }
    if ((rc = cli_output_format("entities", format, ENTIDX_TABLE_CSV, &fmt)) != CLI_OK)
        goto done;
    rc = CLI_FAIL;
    if (cli_open_index(argv[optind], &ix) != CLI_OK)
        goto done;
    if (cli_index_entities(ix, &gz) != CLI_OK)
        goto done;
    {
        uint32_t count = entidx_gazetteer_count(gz);
        rows = calloc(count ? count : 1, sizeof(*rows));
        if (rows == NULL) {
            cli_error("out of memory");
            goto done;
        }
        for (uint32_t e = 0; e < count; e++) {
            entidx_entity info;
            row *r = &rows[n];
            entidx_gazetteer_entity(gz, e, &info);
            if (type != NULL && strcmp(info.type, type) != 0)
                continue;
            r->entity = e;
            r->id = info.id;
            entidx_index_entity_stats(ix, e, &r->docs, &r->mentions);
            if (r->docs > 0 || all)
                n++;
        }
        qsort(rows, n, sizeof(*rows), cmp_row);
        if (entidx_table_new(&out, stdout, fmt, columns, 5, &err) < 0) {
            cli_report(&err);
            goto done;
        }
        for (size_t i = 0; i < n && i < top; i++) {
            entidx_entity info;
            entidx_gazetteer_entity(gz, rows[i].entity, &info);
            entidx_table_cstr(out, info.id);
            entidx_table_cstr(out, info.type);
            entidx_table_cstr(out, info.name);
            entidx_table_int(out, rows[i].docs);
            entidx_table_int(out, (int64_t)rows[i].mentions);
            if (entidx_table_end_row(out) < 0)
                break;
        }
    }
    if (entidx_table_finish(out, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    rc = cli_finish_stdout(CLI_OK);
done:
    entidx_table_free(out);
    entidx_index_close(ix);
    free(rows);
    return rc;
}
