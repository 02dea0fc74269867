/* SPDX-License-Identifier: MIT */
/*
 * cmd_cooc.c - `entidx cooc`: co-occurrence of entity pairs with association
 * measures, filters and time buckets, as CSV/TSV/JSON Lines or Gephi files.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx cooc [OPTIONS] INDEX\n"
    "\n"
    "Print one row per pair of entities mentioned in the same unit (document or\n"
    "sentence): [bucket,]id_a,name_a,type_a,id_b,name_b,type_b,count,df_a,df_b,\n"
    "units,pmi,npmi,jaccard,dice,g2. count: units mentioning both; df_a, df_b:\n"
    "units mentioning each; units: N, the units considered (in the bucket); the\n"
    "measures are defined in the README. Highest first by the sort measure, then\n"
    "by entity order. RFC 4180 CSV by default.\n"
    "\n"
    "  -l, --level L       doc (default), sentence, or window:K: documents in which\n"
    "                      mentions of both start at most K tokens apart\n"
    "  --type-a T          pairs with an entity of type T (as a)\n"
    "  --type-b T          ... and one of type T (as b)\n"
    "  --types T1,T2       both at once\n"
    "  -w, --with NAME     pairs with this entity (a name, alias or id:ID), as a\n"
    "  -q, --query EXPR    only the documents matching this query (see `entidx\n"
    "                      query --help`), e.g. date:2019-01..2019-06\n"
    "  -m, --min-count N   only pairs seen in at least N units (default 1)\n"
    "  -t, --top N         only the first N pairs (per bucket with --by)\n"
    "  -s, --sort M        count (default), pmi, npmi, jaccard, dice or g2\n"
    "  --by P              day, week (ISO YYYY-Www), month or year of the document\n"
    "                      date: a bucket column, counts per bucket (\"\" for undated)\n"
    "  --max-pairs N       distinct pairs counted before giving up (default 50000000):\n"
    "                      a budget, so memory stays bounded; narrow the question\n"
    "                      or raise it, nothing is dropped silently\n"
    "  -f, --format F      csv (default), tsv, jsonl or table\n"
    "  --gephi PREFIX      write PREFIX-nodes.csv (Id,Label,Type,Documents) and\n"
    "                      PREFIX-edges.csv (Source,Target,Weight,Type and the\n"
    "                      measures; Weight is the sort measure) for Gephi instead\n"
    "  --excel-safe        prefix text cells starting with = + - @ with ' so that\n"
    "                      spreadsheets do not run them as formulas (CSV injection)\n"
    "  -h, --help          show this help\n";

static int parse_count(const char *opt, const char *arg, unsigned long long *out)
{
    char *end;
    if (arg[0] == '\0' || arg[0] == '-' || (*out = strtoull(arg, &end, 10), *end != '\0'))
        return cli_usage_error("cooc", "%s needs a number, not '%s'", opt, arg);
    return CLI_OK;
}

/* A text cell, made harmless for spreadsheets when asked. */
static void text_cell(entidx_table *t, const char *s, int excel_safe)
{
    if (excel_safe && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) {
        size_t n = strlen(s);
        char *p = malloc(n + 2);
        if (p != NULL) {
            p[0] = '\'';
            memcpy(p + 1, s, n + 1);
            entidx_table_cstr(t, p);
            free(p);
            return;
        }
    }
    entidx_table_cstr(t, s);
}

static void measure_cells(entidx_table *t, const entidx_cooc_pair *p)
{
    entidx_table_real(t, p->pmi);
    entidx_table_real(t, p->npmi);
    entidx_table_real(t, p->jaccard);
    entidx_table_real(t, p->dice);
    entidx_table_real(t, p->g2);
}

static int open_csv(const char *prefix, const char *suffix, FILE **f)
{
    size_t n = strlen(prefix) + strlen(suffix) + 1;
    char *path = malloc(n);
    if (path == NULL) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    snprintf(path, n, "%s%s", prefix, suffix);
    *f = fopen(path, "w");
    if (*f == NULL) {
        cli_error("cannot write %s", path);
        free(path);
        return CLI_FAIL;
    }
    free(path);
    return CLI_OK;
}

/* PREFIX-nodes.csv and PREFIX-edges.csv, as Gephi's spreadsheet import reads them. */
static int write_gephi(const entidx_index *ix, const entidx_cooc_result *r, entidx_cooc_sort sort,
                       const char *prefix, int excel_safe)
{
    static const char *const node_cols[] = {"Id", "Label", "Type", "Documents"};
    static const char *const edge_cols[] = {"Source",  "Target", "Weight", "Type",  "count",
                                            "df_a",    "df_b",   "units",  "pmi",   "npmi",
                                            "jaccard", "dice",   "g2",     "bucket"};
    const entidx_gazetteer *gz;
    entidx_error err = ENTIDX_ERROR_INIT;
    uint8_t *seen;
    entidx_table *t = NULL;
    FILE *f = NULL;
    int rc = CLI_FAIL;

    if (cli_index_entities(ix, &gz) != CLI_OK)
        return CLI_FAIL;
    if ((seen = calloc(entidx_gazetteer_count(gz) + 1, 1)) == NULL) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (size_t i = 0; i < r->n_pairs; i++)
        seen[r->pairs[i].a] = seen[r->pairs[i].b] = 1;
    if (open_csv(prefix, "-nodes.csv", &f) != CLI_OK ||
        entidx_table_new(&t, f, ENTIDX_TABLE_CSV, node_cols, 4, &err) < 0)
        goto done;
    for (uint32_t e = 0; e < entidx_gazetteer_count(gz); e++) {
        entidx_entity info;
        uint32_t docs;
        uint64_t mentions;
        if (!seen[e])
            continue;
        entidx_gazetteer_entity(gz, e, &info);
        entidx_index_entity_stats(ix, e, &docs, &mentions);
        text_cell(t, info.id, excel_safe);
        text_cell(t, info.name, excel_safe);
        text_cell(t, info.type, excel_safe);
        entidx_table_int(t, docs);
        entidx_table_end_row(t);
    }
    if (entidx_table_finish(t, &err) < 0 || fclose(f) != 0) {
        f = NULL;
        goto done;
    }
    f = NULL;
    entidx_table_free(t);
    t = NULL;
    if (open_csv(prefix, "-edges.csv", &f) != CLI_OK ||
        entidx_table_new(&t, f, ENTIDX_TABLE_CSV, edge_cols, 14, &err) < 0)
        goto done;
    for (size_t i = 0; i < r->n_pairs; i++) {
        const entidx_cooc_pair *p = &r->pairs[i];
        entidx_entity a, b;
        entidx_gazetteer_entity(gz, p->a, &a);
        entidx_gazetteer_entity(gz, p->b, &b);
        text_cell(t, a.id, excel_safe);
        text_cell(t, b.id, excel_safe);
        entidx_table_real(t, entidx_cooc_pair_weight(p, sort));
        entidx_table_cstr(t, "Undirected");
        entidx_table_int(t, p->count);
        entidx_table_int(t, p->df_a);
        entidx_table_int(t, p->df_b);
        entidx_table_int(t, (int64_t)p->units);
        measure_cells(t, p);
        entidx_table_cstr(t, r->n_buckets ? r->buckets[p->bucket] : "");
        entidx_table_end_row(t);
    }
    if (entidx_table_finish(t, &err) < 0 || fclose(f) != 0) {
        f = NULL;
        goto done;
    }
    f = NULL;
    rc = CLI_OK;
done:
    if (rc != CLI_OK && err.msg[0])
        cli_report(&err);
    entidx_table_free(t);
    if (f != NULL)
        fclose(f);
    free(seen);
    return rc;
}

/* The entity a --with argument names, through the query parser (names, aliases, id:). */
static int resolve_with(const entidx_index *ix, const char *name, int64_t *out)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_query *q = NULL;
    if (entidx_query_parse(&q, ix, name, &err) < 0 || entidx_query_entity_count(q) != 1) {
        if (q != NULL)
            cli_error("--with names %zu entities; name one", entidx_query_entity_count(q));
        else
            cli_error("--with: %s", err.msg);
        entidx_query_free(q);
        return CLI_FAIL;
    }
    *out = entidx_query_entity(q, 0);
    entidx_query_free(q);
    return CLI_OK;
}

int cmd_cooc(int argc, char **argv)
{
    static const struct option longopts[] = {{"min-count", required_argument, NULL, 'm'},
                                             {"top", required_argument, NULL, 't'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"level", required_argument, NULL, 'l'},
                                             {"sort", required_argument, NULL, 's'},
                                             {"with", required_argument, NULL, 'w'},
                                             {"query", required_argument, NULL, 'q'},
                                             {"type-a", required_argument, NULL, 1301},
                                             {"type-b", required_argument, NULL, 1302},
                                             {"types", required_argument, NULL, 1303},
                                             {"by", required_argument, NULL, 1304},
                                             {"max-pairs", required_argument, NULL, 1305},
                                             {"gephi", required_argument, NULL, 1306},
                                             {"excel-safe", no_argument, NULL, 1307},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char *const columns[] = {
        "bucket", "id_a", "name_a", "type_a", "id_b", "name_b",  "type_b", "count",
        "df_a",   "df_b", "units",  "pmi",    "npmi", "jaccard", "dice",   "g2"};
    entidx_cooc_opts copts = ENTIDX_COOC_OPTS_INIT;
    entidx_table_format fmt = ENTIDX_TABLE_CSV;
    entidx_index *ix = NULL;
    entidx_table *out = NULL;
    entidx_cooc_result r;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_query *q = NULL;
    const entidx_gazetteer *gz;
    uint32_t *docs = NULL;
    unsigned long long v = 0;
    const char *with = NULL, *query = NULL, *gephi = NULL;
    char *types = NULL, *wend = NULL;
    int opt, rc = CLI_FAIL, excel_safe = 0, bucketed;

    memset(&r, 0, sizeof(r));
    optind = 1;
    while ((opt = getopt_long(argc, argv, "m:t:f:l:s:w:q:h", longopts, NULL)) != -1) {
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
        case 1305:
            if ((rc = parse_count("--max-pairs", optarg, &v)) != CLI_OK)
                goto done;
            copts.max_pairs = (size_t)v;
            break;
        case 'f':
            if (entidx_table_format_parse(optarg, &fmt) < 0) {
                rc = cli_usage_error("cooc", "unknown format '%s'", optarg);
                goto done;
            }
            break;
        case 'l':
            if (strcmp(optarg, "doc") == 0)
                copts.level = ENTIDX_COOC_DOC;
            else if (strcmp(optarg, "sentence") == 0)
                copts.level = ENTIDX_COOC_SENTENCE;
            else if (strncmp(optarg, "window:", 7) == 0 && optarg[7] >= '0' && optarg[7] <= '9' &&
                     (v = strtoull(optarg + 7, &wend, 10), *wend == '\0') && v <= 1000000) {
                copts.level = ENTIDX_COOC_WINDOW;
                copts.window = (uint32_t)v;
            } else {
                rc = cli_usage_error("cooc",
                                     "--level takes doc, sentence or window:K (K tokens), not "
                                     "'%s'",
                                     optarg);
                goto done;
            }
            break;
        case 's': {
            static const char *const names[] = {"count", "pmi", "npmi", "jaccard", "dice", "g2"};
            size_t k = 0;
            while (k < 6 && strcmp(optarg, names[k]) != 0)
                k++;
            if (k == 6) {
                rc = cli_usage_error(
                    "cooc", "--sort takes count, pmi, npmi, jaccard, dice or g2, not '%s'", optarg);
                goto done;
            }
            copts.sort = (entidx_cooc_sort)k;
            break;
        }
        case 1304: {
            static const char *const names[] = {"", "day", "week", "month", "year"};
            size_t k = 1;
            while (k < 5 && strcmp(optarg, names[k]) != 0)
                k++;
            if (k == 5) {
                rc = cli_usage_error("cooc", "--by takes day, week, month or year, not '%s'",
                                     optarg);
                goto done;
            }
            copts.bucket = (entidx_cooc_bucket)k;
            break;
        }
        case 'w': with = optarg; break;
        case 'q': query = optarg; break;
        case 1301: copts.type_a = optarg; break;
        case 1302: copts.type_b = optarg; break;
        case 1303: {
            char *comma;
            free(types);
            types = strdup(optarg);
            if (types == NULL || (comma = strchr(types, ',')) == NULL || comma == types ||
                comma[1] == '\0') {
                rc = cli_usage_error("cooc", "--types takes T1,T2, not '%s'", optarg);
                goto done;
            }
            *comma = '\0';
            copts.type_a = types;
            copts.type_b = comma + 1;
            break;
        }
        case 1306: gephi = optarg; break;
        case 1307: excel_safe = 1; break;
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
    if (with != NULL && resolve_with(ix, with, &copts.with) != CLI_OK)
        goto done;
    if (query != NULL) {
        size_t n_docs;
        if (entidx_query_parse(&q, ix, query, &err) < 0 ||
            entidx_query_run(q, &docs, &n_docs, &err) < 0) {
            if (err.column > 0)
                cli_error("--query column %llu: %s", (unsigned long long)err.column, err.msg);
            else
                cli_report(&err);
            goto done;
        }
        copts.docs = docs;
        copts.n_docs = n_docs;
    }
    if (entidx_cooc_run(ix, &copts, &r, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (gephi != NULL) {
        rc = write_gephi(ix, &r, copts.sort, gephi, excel_safe);
        goto done;
    }
    if (cli_index_entities(ix, &gz) != CLI_OK)
        goto done;
    bucketed = copts.bucket != ENTIDX_BUCKET_NONE;
    if (entidx_table_new(&out, stdout, fmt, columns + !bucketed, 16 - !bucketed, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    for (size_t i = 0; i < r.n_pairs; i++) {
        const entidx_cooc_pair *p = &r.pairs[i];
        entidx_entity a, b;
        entidx_gazetteer_entity(gz, p->a, &a);
        entidx_gazetteer_entity(gz, p->b, &b);
        if (bucketed)
            entidx_table_cstr(out, r.buckets[p->bucket]);
        text_cell(out, a.id, excel_safe);
        text_cell(out, a.name, excel_safe);
        text_cell(out, a.type, excel_safe);
        text_cell(out, b.id, excel_safe);
        text_cell(out, b.name, excel_safe);
        text_cell(out, b.type, excel_safe);
        entidx_table_int(out, p->count);
        entidx_table_int(out, p->df_a);
        entidx_table_int(out, p->df_b);
        entidx_table_int(out, (int64_t)p->units);
        measure_cells(out, p);
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
    entidx_cooc_result_free(&r);
    entidx_query_docs_free(docs);
    entidx_query_free(q);
    entidx_index_close(ix);
    free(types);
    return rc;
}
