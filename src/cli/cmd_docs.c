/* SPDX-License-Identifier: MIT */
/*
 * cmd_docs.c - `entidx docs`: a document's metadata and the entities it
 * mentions, with counts and sentence numbers.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx docs [OPTIONS] INDEX DOC...\n"
    "\n"
    "For each DOC (a document id as in the corpus, or #N for the N-th document\n"
    "of the index, from 0): one row per entity it mentions, with the document's\n"
    "metadata repeated, most mentioned first:\n"
    "  doc,date,title,url,source,line,id,type,name,mentions,sentences\n"
    "(sentences: the sentence numbers, from 0, separated by spaces). A document\n"
    "that mentions nothing gets one row with the entity columns empty.\n"
    "\n"
    "  -f, --format F   table (terminal default), csv (pipe default), tsv, jsonl\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status 1 when a DOC is not in the index (the others are printed).\n";

/* The document numbered by `arg`: #N, or the first with that id. */
static int find_doc(const entidx_index *ix, const char *arg, uint32_t *out)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    size_t len = strlen(arg);
    if (arg[0] == '#' && len > 1) {
        char *end;
        unsigned long long v = strtoull(arg + 1, &end, 10);
        if (*end == '\0' && v < entidx_index_doc_count(ix)) {
            *out = (uint32_t)v;
            return CLI_OK;
        }
    }
    for (uint32_t d = 0; d < entidx_index_doc_count(ix); d++) {
        entidx_doc_info info;
        if (entidx_index_doc(ix, d, &info, &err) < 0) {
            cli_report(&err);
            return CLI_FAIL;
        }
        if (info.id_len == len && memcmp(info.id, arg, len) == 0) {
            *out = d;
            return CLI_OK;
        }
    }
    cli_error("no document '%s' in the index", arg);
    return CLI_FAIL;
}

typedef struct ent_row {
    uint32_t entity, count;
} ent_row;

static int by_count(const void *a, const void *b)
{
    const ent_row *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/* Sentence numbers of entity e in document d, space-separated, into buf. */
static int sentences(const entidx_index *ix, uint32_t e, uint32_t d, char *buf, size_t size,
                     entidx_error *err)
{
    uint32_t s[64], doc, cnt;
    entidx_iter it;
    int rc, n;
    size_t used = 0;
    buf[0] = '\0';
    if ((rc = entidx_index_postings(ix, e, &it, err)) < 0 ||
        (rc = entidx_iter_skip_to(&it, d, &doc, &cnt, err)) < 0)
        return rc;
    if (rc == 0 || doc != d)
        return ENTIDX_OK;
    if ((n = entidx_iter_sentences(&it, s, 64, err)) < 0)
        return n;
    for (int i = 0; i < n && i < 64 && used + 12 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%u", i ? " " : "", (unsigned)s[i]);
    if (n > 64 && used + 4 < size)
        snprintf(buf + used, size - used, " ...");
    return ENTIDX_OK;
}

static int print_doc(const entidx_index *ix, entidx_table *out, uint32_t d)
{
    const entidx_gazetteer *gz;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_doc_info info;
    entidx_iter it;
    ent_row *rows = NULL;
    size_t n = 0, cap = 0;
    uint32_t e, c;
    int rc;

    if (cli_index_entities(ix, &gz) != CLI_OK)
        return CLI_FAIL;

    if (entidx_index_doc(ix, d, &info, &err) < 0 ||
        entidx_index_doc_entities(ix, d, &it, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    while ((rc = entidx_iter_next(&it, &e, &c, &err)) == 1) {
        if (n == cap) {
            ent_row *nr = realloc(rows, (cap = cap ? 2 * cap : 16) * sizeof(*rows));
            if (nr == NULL) {
                free(rows);
                cli_error("out of memory");
                return CLI_FAIL;
            }
            rows = nr;
        }
        rows[n].entity = e;
        rows[n++].count = c;
    }
    if (rc < 0) {
        free(rows);
        cli_report(&err);
        return CLI_FAIL;
    }
    qsort(rows, n, sizeof(*rows), by_count);
    for (size_t i = 0; i < (n ? n : 1); i++) {
        entidx_entity ent;
        char sent[512];
        entidx_table_str(out, info.id, info.id_len);
        entidx_table_str(out, info.date, info.date_len);
        entidx_table_str(out, info.title, info.title_len);
        entidx_table_str(out, info.url, info.url_len);
        entidx_table_str(out, info.path, info.path_len);
        entidx_table_int(out, (long long)info.line);
        if (n == 0) {
            for (int k = 0; k < 5; k++)
                entidx_table_str(out, "", 0);
        } else {
            entidx_gazetteer_entity(gz, rows[i].entity, &ent);
            if (sentences(ix, rows[i].entity, d, sent, sizeof(sent), &err) < 0) {
                free(rows);
                cli_report(&err);
                return CLI_FAIL;
            }
            entidx_table_cstr(out, ent.id);
            entidx_table_cstr(out, ent.type);
            entidx_table_cstr(out, ent.name);
            entidx_table_int(out, rows[i].count);
            entidx_table_cstr(out, sent);
        }
        if (entidx_table_end_row(out) < 0)
            break; /* reported by finish */
    }
    free(rows);
    return CLI_OK;
}

int cmd_docs(int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char *const cols[] = {"doc", "date", "title", "url",      "source",   "line",
                                       "id",  "type", "name",  "mentions", "sentences"};
    const char *format = NULL;
    entidx_table_format fmt;
    entidx_index *ix = NULL;
    entidx_table *out = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    int opt, rc, missing = 0;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f': format = optarg; break;
        case 'h': fputs(usage, stdout); return cli_finish_stdout(CLI_OK);
        default: return cli_usage_error("docs", "invalid option");
        }
    }
    if (argc - optind < 2)
        return cli_usage_error("docs", argc - optind < 1 ? "no index given" : "no document given");
    if ((rc = cli_output_format("docs", format, ENTIDX_TABLE_CSV, &fmt)) != CLI_OK)
        return rc;
    if (cli_open_index(argv[optind], &ix) != CLI_OK)
        return CLI_FAIL;
    if (entidx_table_new(&out, stdout, fmt, cols, 11, &err) < 0) {
        cli_report(&err);
        entidx_index_close(ix);
        return CLI_FAIL;
    }
    rc = CLI_OK;
    for (int i = optind + 1; i < argc && rc == CLI_OK; i++) {
        uint32_t d;
        if (find_doc(ix, argv[i], &d) != CLI_OK) {
            missing = 1;
            continue;
        }
        rc = print_doc(ix, out, d);
    }
    if (entidx_table_finish(out, &err) < 0) {
        cli_report(&err);
        rc = CLI_FAIL;
    }
    entidx_table_free(out);
    entidx_index_close(ix);
    return cli_finish_stdout(rc != CLI_OK || missing ? CLI_FAIL : CLI_OK);
}
