/* SPDX-License-Identifier: MIT */
/*
 * cmd_query.c - `entidx query`: the documents matching an entity expression,
 * with their metadata and the mention count of each entity named.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx query [OPTIONS] INDEX EXPR...\n"
    "\n"
    "Print the documents matching EXPR (the words of EXPR are joined by spaces):\n"
    "one row per document with doc, date, title, url, then the number of mentions\n"
    "of each entity the expression names.\n"
    "\n"
    "  EXPR     terms combined with NOT, AND, OR and parentheses; NOT binds\n"
    "           tighter than AND, AND tighter than OR; AND may be left out.\n"
    "  terms    Germany, \"New Zealand\", U.S., AT&T, O'Neill   a name or alias\n"
    "           ORG:Apple, COUNTRY:\"Georgia\"              a name of one type only\n"
    "           id:DEU                                    an entity id\n"
    "           type:PERSON                               any entity of a type\n"
    "           Huawei>=3, \"New Zealand\">=2               at least 3 mentions\n"
    "           date:2019-01-01..2019-06-30, date:2019.., date:..2019-06, date:2020\n"
    "  Example: 'Japan AND \"United States\" AND NOT China AND date:2019..'\n"
    "\n"
    "  -f, --format F   table (terminal default), csv (pipe default), tsv, jsonl\n"
    "  -n, --limit N    print at most N documents\n"
    "  -s, --sort KEY   doc (input order, default), date (oldest first, undated\n"
    "                   last) or mentions (most mentions of the named entities first)\n"
    "  -c, --count      print only the number of matching documents\n"
    "  --explain        print the parsed expression with every term resolved to\n"
    "                   entity ids, and the number of matches, instead of the rows\n"
    "  --all-matches    a name shared by several entities means all of them\n"
    "                   (by default it is an error that lists them)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Options may follow the expression; put -- before an expression that starts\n"
    "with '-'. An unknown name is an error that suggests close ones.\n";

static int join_args(int argc, char **argv, char **out)
{
    size_t len = 1;
    char *s;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = malloc(len);
    if (s == NULL) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        size_t used = strlen(s), n = strlen(argv[i]);
        if (i > 0)
            s[used++] = ' ';
        memcpy(s + used, argv[i], n + 1);
    }
    *out = s;
    return CLI_OK;
}

/* Mention counts in `doc` of the query's entities, into counts[]. */
static int entity_counts(const entidx_index *ix, const entidx_query *q, uint32_t doc,
                         uint32_t *counts, entidx_error *err)
{
    size_t n = entidx_query_entity_count(q);
    entidx_iter it;
    uint32_t e, c;
    int rc;

    memset(counts, 0, n * sizeof(*counts));
    if ((rc = entidx_index_doc_entities(ix, doc, &it, err)) < 0)
        return rc;
    while ((rc = entidx_iter_next(&it, &e, &c, err)) == 1) {
        for (size_t i = 0; i < n; i++) {
            if (entidx_query_entity(q, i) == e)
                counts[i] = c;
        }
    }
    return rc;
}

typedef struct row_key {
    uint32_t doc;
    uint64_t mentions;
    const char *date;
    size_t date_len;
} row_key;

static int by_date(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    int dx = x->date_len >= 10, dy = y->date_len >= 10, c;
    if (dx != dy)
        return dx ? -1 : 1; /* undated last */
    if (dx && (c = memcmp(x->date, y->date, 10)) != 0)
        return c;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int by_mentions(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    if (x->mentions != y->mentions)
        return x->mentions > y->mentions ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Reorder docs[] by date or by the named entities' mentions. */
static int sort_docs(const entidx_index *ix, const entidx_query *q, uint32_t *docs, size_t n,
                     int by, uint32_t *counts, entidx_error *err)
{
    row_key *k = calloc(n ? n : 1, sizeof(*k));
    if (k == NULL)
        return ENTIDX_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        entidx_doc_info d;
        int rc;
        k[i].doc = docs[i];
        if (by == 'd') {
            if ((rc = entidx_index_doc(ix, docs[i], &d, err)) < 0) {
                free(k);
                return rc;
            }
            k[i].date = d.date;
            k[i].date_len = d.date_len;
        } else {
            if ((rc = entity_counts(ix, q, docs[i], counts, err)) < 0) {
                free(k);
                return rc;
            }
            for (size_t e = 0; e < entidx_query_entity_count(q); e++)
                k[i].mentions += counts[e];
        }
    }
    qsort(k, n, sizeof(*k), by == 'd' ? by_date : by_mentions);
    for (size_t i = 0; i < n; i++)
        docs[i] = k[i].doc;
    free(k);
    return ENTIDX_OK;
}

int cmd_query(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"limit", required_argument, NULL, 'n'},
        {"count", no_argument, NULL, 'c'},        {"sort", required_argument, NULL, 's'},
        {"explain", no_argument, NULL, 1201},     {"all-matches", no_argument, NULL, 1202},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *format = NULL;
    entidx_table_format fmt;
    entidx_index *ix = NULL;
    entidx_query *q = NULL;
    entidx_table *out = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    const char **cols = NULL;
    uint32_t *docs = NULL, *counts = NULL;
    size_t n_docs = 0, n_ents = 0, limit = (size_t)-1;
    char *expr = NULL, **labels = NULL;
    int count_only = 0, explain = 0, sort = 0, opt, rc = CLI_FAIL;
    unsigned flags = 0;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "f:n:s:ch", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f': format = optarg; break;
        case 'n': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || optarg[0] == '-') {
                rc = cli_usage_error("query", "--limit needs a number, not '%s'", optarg);
                goto done;
            }
            limit = (size_t)v;
            break;
        }
        case 'c': count_only = 1; break;
        case 's':
            if (strcmp(optarg, "doc") == 0)
                sort = 0;
            else if (strcmp(optarg, "date") == 0)
                sort = 'd';
            else if (strcmp(optarg, "mentions") == 0)
                sort = 'm';
            else {
                rc = cli_usage_error("query", "--sort takes doc, date or mentions, not '%s'",
                                     optarg);
                goto done;
            }
            break;
        case 1201: explain = 1; break;
        case 1202: flags |= ENTIDX_QUERY_ALL_MATCHES; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("query", "invalid option"); goto done;
        }
    }
    if (argc - optind < 2) {
        rc = cli_usage_error("query", argc - optind < 1 ? "no index given" : "no expression given");
        goto done;
    }
    if ((rc = cli_output_format("query", format, ENTIDX_TABLE_CSV, &fmt)) != CLI_OK)
        goto done;
    rc = CLI_FAIL;
    if (join_args(argc - optind - 1, argv + optind + 1, &expr) != CLI_OK ||
        cli_open_index(argv[optind], &ix) != CLI_OK)
        goto done;
    if (entidx_query_parse_flags(&q, ix, expr, flags, &err) < 0) {
        if (err.column > 0)
            cli_error("query column %llu: %s", (unsigned long long)err.column, err.msg);
        else
            cli_report(&err);
        goto done;
    }
    if (entidx_query_run(q, &docs, &n_docs, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (explain) {
        size_t need = entidx_query_explain(q, NULL, 0);
        char *text = malloc(need + 1);
        if (text == NULL) {
            cli_error("out of memory");
            goto done;
        }
        entidx_query_explain(q, text, need + 1);
        printf("%smatches: %zu documents\n", text, n_docs);
        free(text);
        rc = cli_finish_stdout(CLI_OK);
        goto done;
    }
    if (count_only) {
        printf("%zu\n", n_docs);
        rc = cli_finish_stdout(CLI_OK);
        goto done;
    }
    n_ents = entidx_query_entity_count(q);
    cols = calloc(4 + n_ents, sizeof(*cols));
    labels = calloc(n_ents + 1, sizeof(*labels));
    counts = calloc(n_ents + 1, sizeof(*counts));
    if (cols == NULL || counts == NULL || labels == NULL) {
        cli_error("out of memory");
        goto done;
    }
    cols[0] = "doc";
    cols[1] = "date";
    cols[2] = "title";
    cols[3] = "url";
    for (size_t i = 0; i < n_ents; i++) {
        entidx_entity e, o;
        int shared = 0;
        size_t len;
        if (entidx_index_entity(ix, entidx_query_entity(q, i), &e, &err) < 0) {
            cli_report(&err);
            goto done;
        }
        for (size_t k = 0; k < n_ents && !shared; k++) {
            if (entidx_index_entity(ix, entidx_query_entity(q, k), &o, &err) < 0) {
                cli_report(&err);
                goto done;
            }
            shared = k != i && strcmp(o.name, e.name) == 0;
        }
        /* two entities with one name: the columns say which is which */
        len = strlen(e.name) + strlen(e.id) + 4;
        if ((labels[i] = malloc(len)) == NULL) {
            cli_error("out of memory");
            goto done;
        }
        if (shared)
            snprintf(labels[i], len, "%s (%s)", e.name, e.id);
        else
            snprintf(labels[i], len, "%s", e.name);
        cols[4 + i] = labels[i];
    }
    if (sort && (rc = sort_docs(ix, q, docs, n_docs, sort, counts, &err)) < 0) {
        if (rc == ENTIDX_ENOMEM)
            cli_error("out of memory");
        else
            cli_report(&err);
        rc = CLI_FAIL;
        goto done;
    }
    rc = CLI_FAIL;
    if (entidx_table_new(&out, stdout, fmt, cols, 4 + n_ents, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    for (size_t i = 0; i < n_docs && i < limit; i++) {
        entidx_doc_info d;
        if (entidx_index_doc(ix, docs[i], &d, &err) < 0 ||
            entity_counts(ix, q, docs[i], counts, &err) < 0) {
            cli_report(&err);
            goto done;
        }
        entidx_table_str(out, d.id, d.id_len);
        entidx_table_str(out, d.date, d.date_len);
        entidx_table_str(out, d.title, d.title_len);
        entidx_table_str(out, d.url, d.url_len);
        for (size_t k = 0; k < n_ents; k++)
            entidx_table_int(out, counts[k]);
        if (entidx_table_end_row(out) < 0)
            break; /* reported by finish */
    }
    if (entidx_table_finish(out, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    rc = cli_finish_stdout(CLI_OK);
done:
    entidx_table_free(out);
    entidx_query_docs_free(docs);
    entidx_query_free(q);
    entidx_index_close(ix);
    for (size_t i = 0; labels != NULL && i < n_ents; i++)
        free(labels[i]);
    free(labels);
    free(cols);
    free(counts);
    free(expr);
    return rc;
}
