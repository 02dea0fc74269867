/* SPDX-License-Identifier: MIT */
/*
 * report.c - the HTML report of an index (entidx/report.h): gathers the
 * figures through the public index and co-occurrence API, then writes one
 * page: summary, bar charts per type, mentions per month, co-occurrence
 * network, each chart followed by its table in a <details> element. Drawing
 * is in report_svg.c, the network layout in report_layout.c.
 *
 * Colours: each entity type gets a colour from a fixed palette by its place
 * in the entity table (so COUNTRY has the same colour in every chart and in
 * every report of the same gazetteer); the lines of the time chart, which
 * may show several entities of one type, use a second palette and a legend.
 */
#include "internal.h"
#include "entidx/report.h"
#include "report_layout.h"
#include "report_svg.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define BAR_WIDTH       560
#define LINE_WIDTH      1120
#define LINE_HEIGHT     380
#define NET_WIDTH       1120
#define NET_HEIGHT      760
#define NET_ITERATIONS  500
#define NET_MARGIN      40 /* around the nodes' centres */
#define NET_LABEL_CHARS 26
#define MAX_MONTHS      240 /* longer spans are drawn by year */

/* Okabe-Ito colours (distinguishable with colour blindness), then greys. */
static const char *const type_palette[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                           "#d55e00", "#56b4e9", "#8c6d31", "#777777"};
static const char *const series_palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                             "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
static const char *const measure_names[] = {"count", "pmi", "npmi", "jaccard", "dice", "g2"};

/* An entity with its figures, for ranking. */
typedef struct ranked {
    uint32_t entity, docs, type;
    uint64_t mentions;
    const char *id;
} ranked;

typedef struct report {
    const entidx_index *ix;
    const entidx_gazetteer *gz;
    entidx_report_opts o;
    FILE *f;
    entidx_error *err;
    uint32_t n_ent, n_docs;
    const char **types; /* every type of the entity table, in table order */
    size_t n_types;
    unsigned char *shown; /* per type: selected */
    ranked *rows;         /* mentioned entities of the shown types, best first */
    size_t n_rows;
    uint64_t *type_mentions;  /* per type */
    uint32_t *type_entities;  /* per type: entities in the table */
    uint32_t *type_mentioned; /* per type: entities mentioned */
    uint64_t mentions;        /* all types */
    int32_t *doc_month;       /* per document: year * 12 + month - 1, or -1 when undated */
    uint32_t dated;
    char first_date[16], last_date[16];
    int32_t month_lo, month_hi;
} report;

static const char *type_color(size_t type)
{
    return type_palette[type % ENTIDX_ARRAY_SIZE(type_palette)];
}

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->docs != b->docs)
        return a->docs > b->docs ? -1 : 1;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int oom(report *r)
{
    return ENTIDX_FAIL(r->err, ENTIDX_ENOMEM, "out of memory writing the report");
}

static size_t type_index(const report *r, const char *type)
{
    size_t t = 0;
    while (t < r->n_types && strcmp(r->types[t], type) != 0)
        t++;
    return t;
}

/* Types, per-entity figures, the ranking; checks the requested types. */
static int gather_entities(report *r)
{
    uint32_t *type_of;
    int rc = 0;

    r->types = entidx_calloc(r->n_ent + 1, sizeof(*r->types));
    type_of = entidx_calloc(r->n_ent + 1, sizeof(*type_of));
    r->rows = entidx_calloc(r->n_ent + 1, sizeof(*r->rows));
    if (r->types == NULL || type_of == NULL || r->rows == NULL) {
        entidx_free(type_of);
        return oom(r);
    }
    for (uint32_t e = 0; e < r->n_ent; e++) {
        entidx_entity info;
        entidx_gazetteer_entity(r->gz, e, &info);
        type_of[e] = (uint32_t)type_index(r, info.type);
        if (type_of[e] == r->n_types)
            r->types[r->n_types++] = info.type;
    }
    r->shown = entidx_calloc(r->n_types + 1, 1);
    r->type_mentions = entidx_calloc(r->n_types + 1, sizeof(*r->type_mentions));
    r->type_entities = entidx_calloc(r->n_types + 1, sizeof(*r->type_entities));
    r->type_mentioned = entidx_calloc(r->n_types + 1, sizeof(*r->type_mentioned));
    if (r->shown == NULL || r->type_mentions == NULL || r->type_entities == NULL ||
        r->type_mentioned == NULL) {
        entidx_free(type_of);
        return oom(r);
    }
    if (r->o.types == NULL || r->o.n_types == 0)
        memset(r->shown, 1, r->n_types);
    for (size_t k = 0; r->o.types != NULL && k < r->o.n_types; k++) {
        size_t t = type_index(r, r->o.types[k]);
        if (t == r->n_types) {
            char have[160] = "";
            size_t used = 0;
            for (size_t i = 0; i < r->n_types && used < sizeof(have); i++)
                used += (size_t)snprintf(have + used, sizeof(have) - used, "%s%s", i ? ", " : "",
                                         r->types[i]);
            rc = ENTIDX_FAIL(r->err, ENTIDX_EINVAL, "unknown entity type '%s'; the index has %s",
                             r->o.types[k], r->n_types ? have : "no entities");
            entidx_free(type_of);
            return rc;
        }
        r->shown[t] = 1;
    }
    for (uint32_t e = 0; e < r->n_ent; e++) {
        entidx_entity info;
        uint32_t docs, t = type_of[e];
        uint64_t mentions;
        entidx_index_entity_stats(r->ix, e, &docs, &mentions);
        r->type_entities[t]++;
        r->type_mentions[t] += mentions;
        r->type_mentioned[t] += docs > 0;
        r->mentions += mentions;
        if (docs == 0 || !r->shown[t])
            continue;
        entidx_gazetteer_entity(r->gz, e, &info);
        r->rows[r->n_rows].entity = e;
        r->rows[r->n_rows].docs = docs;
        r->rows[r->n_rows].mentions = mentions;
        r->rows[r->n_rows].type = t;
        r->rows[r->n_rows].id = info.id;
        r->n_rows++;
    }
    qsort(r->rows, r->n_rows, sizeof(*r->rows), cmp_ranked);
    entidx_free(type_of);
    return 0;
}

/* The month of every document, the date range. */
static int gather_dates(report *r)
{
    r->doc_month = entidx_calloc((size_t)r->n_docs + 1, sizeof(*r->doc_month));
    if (r->doc_month == NULL)
        return oom(r);
    for (uint32_t d = 0; d < r->n_docs; d++) {
        entidx_doc_info info;
        char day[16];
        int rc = entidx_index_doc(r->ix, d, &info, r->err);
        if (rc < 0)
            return rc;
        entidx_cooc_bucket_label(ENTIDX_BUCKET_DAY, info.date, info.date_len, day);
        if (day[0] == '\0') {
            r->doc_month[d] = -1;
            continue;
        }
        r->doc_month[d] = (int32_t)(((day[0] - '0') * 1000 + (day[1] - '0') * 100 +
                                     (day[2] - '0') * 10 + (day[3] - '0')) *
                                        12 +
                                    (day[5] - '0') * 10 + (day[6] - '0') - 1);
        if (r->dated == 0 || strcmp(day, r->first_date) < 0)
            memcpy(r->first_date, day, sizeof(day));
        if (r->dated == 0 || strcmp(day, r->last_date) > 0)
            memcpy(r->last_date, day, sizeof(day));
        if (r->dated == 0 || r->doc_month[d] < r->month_lo)
            r->month_lo = r->doc_month[d];
        if (r->dated == 0 || r->doc_month[d] > r->month_hi)
            r->month_hi = r->doc_month[d];
        r->dated++;
    }
    return 0;
}

/* ---- page parts ---- */

static const char style[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1160px;padding:0 "
    "16px;color:#222;background:#fff}\n"
    "h1{font-size:26px;margin:0 0 8px}h2{font-size:20px;border-bottom:1px solid "
    "#ddd;padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin:12px 0 4px}\n"
    "table{border-collapse:collapse;font-size:13px}th,td{padding:2px "
    "10px;border-bottom:1px solid #eee;text-align:left}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:8px "
    "24px}\n"
    "svg text{font-size:12px;fill:#333}svg .tick,svg .month{font-size:11px;fill:#666}\n"
    "svg .axis-name{font-size:11px;fill:#666;font-style:italic}\n"
    "svg .grid{stroke:#e8e8e8}svg .axis{stroke:#999}svg .series{fill:none;stroke-width:2}\n"
    "svg .edge{stroke:#7a7a7a;stroke-opacity:.45;stroke-linecap:round}svg .node{stroke:#fff;"
    "stroke-width:1.5}\n"
    "svg .node-label{font-size:11px;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px;"
    "stroke-linejoin:round}\n"
    ".legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 18px}\n"
    ".swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;"
    "border-radius:2px}\n"
    "details{margin:4px 0 18px}summary{cursor:pointer;color:#555}p.note{color:#555}\n";

static void write_head(report *r)
{
    FILE *f = r->f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n"
          "<meta name=\"generator\" content=\"entidx " ENTIDX_VERSION_STRING "\">\n<title>",
          f);
    entidx_svg_escs(f, r->o.title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    entidx_svg_escs(f, r->o.title);
    fputs("</h1>\n", f);
}

static void swatch(FILE *f, const char *color)
{
    fprintf(f, "<span class=\"swatch\" style=\"background:%s\"></span>", color);
}

static void type_legend(report *r)
{
    fputs("<ul class=\"legend types\">", r->f);
    for (size_t t = 0; t < r->n_types; t++) {
        if (!r->shown[t])
            continue;
        fputs("<li>", r->f);
        swatch(r->f, type_color(t));
        entidx_svg_escs(r->f, r->types[t]);
        fputs("</li>", r->f);
    }
    fputs("</ul>\n", r->f);
}

static void write_summary(report *r)
{
    FILE *f = r->f;
    uint32_t mentioned = 0;
    for (size_t t = 0; t < r->n_types; t++)
        mentioned += r->type_mentioned[t];
    fputs("<section id=\"summary\">\n<h2>Corpus</h2>\n<table class=\"summary\"><tbody>\n", f);
    fprintf(f, "<tr><th>Documents</th><td class=\"n\">%u</td></tr>\n", (unsigned)r->n_docs);
    fprintf(f, "<tr><th>Documents with a date</th><td class=\"n\">%u</td></tr>\n",
            (unsigned)r->dated);
    if (r->dated > 0) {
        fputs("<tr><th>First date</th><td class=\"n\">", f);
        entidx_svg_escs(f, r->first_date);
        fputs("</td></tr>\n<tr><th>Last date</th><td class=\"n\">", f);
        entidx_svg_escs(f, r->last_date);
        fputs("</td></tr>\n", f);
    }
    fprintf(f, "<tr><th>Entities in the index</th><td class=\"n\">%u</td></tr>\n",
            (unsigned)r->n_ent);
    fprintf(f, "<tr><th>Entities mentioned</th><td class=\"n\">%u</td></tr>\n",
            (unsigned)mentioned);
    fprintf(f, "<tr><th>Mentions</th><td class=\"n\">%llu</td></tr>\n",
            (unsigned long long)r->mentions);
    fputs("</tbody></table>\n<h3>Entity types</h3>\n<table class=\"types\"><thead><tr>"
          "<th>type</th><th class=\"n\">entities</th><th class=\"n\">mentioned</th>"
          "<th class=\"n\">mentions</th><th>shown</th></tr></thead><tbody>\n",
          f);
    for (size_t t = 0; t < r->n_types; t++) {
        fputs("<tr><td>", f);
        swatch(f, type_color(t));
        entidx_svg_escs(f, r->types[t]);
        fprintf(f,
                "</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%llu</td>"
                "<td>%s</td></tr>\n",
                (unsigned)r->type_entities[t], (unsigned)r->type_mentioned[t],
                (unsigned long long)r->type_mentions[t], r->shown[t] ? "yes" : "no");
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* The top rows of type t into `out` (capacity r->o.top); returns how many. */
static size_t top_of_type(const report *r, size_t t, const ranked **out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_rows && n < r->o.top; i++) {
        if (r->rows[i].type == t)
            out[n++] = &r->rows[i];
    }
    return n;
}

static const char *entity_name(const report *r, uint32_t e)
{
    entidx_entity info;
    entidx_gazetteer_entity(r->gz, e, &info);
    return info.name;
}

static int write_entities(report *r)
{
    FILE *f = r->f;
    const ranked **top = entidx_calloc(r->o.top + 1, sizeof(*top));
    entidx_svg_bar *bars = entidx_calloc(r->o.top + 1, sizeof(*bars));
    char(*notes)[64] = entidx_calloc(r->o.top + 1, sizeof(*notes));

    if (top == NULL || bars == NULL || notes == NULL) {
        entidx_free(top);
        entidx_free(bars);
        entidx_free(notes);
        return oom(r);
    }
    fprintf(f,
            "<section id=\"entities\">\n<h2>Most mentioned entities</h2>\n<p class=\"note\">The "
            "top %zu of each type by the number of documents that mention them.</p>\n",
            r->o.top);
    type_legend(r);
    fputs("<div class=\"charts\">\n", f);
    for (size_t t = 0; t < r->n_types; t++) {
        size_t n;
        if (!r->shown[t])
            continue;
        n = top_of_type(r, t, top);
        fputs("<div class=\"chart-box\">\n<h3>", f);
        entidx_svg_escs(f, r->types[t]);
        fputs("</h3>\n", f);
        if (n == 0) {
            fputs("<p class=\"note\">No entity of this type is mentioned.</p>\n</div>\n", f);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            snprintf(notes[i], sizeof(notes[i]), "%u documents, %llu mentions",
                     (unsigned)top[i]->docs, (unsigned long long)top[i]->mentions);
            bars[i].label = entity_name(r, top[i]->entity);
            bars[i].note = notes[i];
            bars[i].value = top[i]->docs;
            bars[i].color = type_color(t);
        }
        entidx_svg_bar_chart(f, bars, n, "documents", BAR_WIDTH);
        fputs("<details><summary>Table</summary>\n<table class=\"data\"><thead><tr><th "
              "class=\"n\">#</th><th>id</th><th>name</th><th class=\"n\">documents</th><th "
              "class=\"n\">mentions</th></tr></thead><tbody>\n",
              f);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
            entidx_svg_escs(f, top[i]->id);
            fputs("</td><td>", f);
            entidx_svg_escs(f, entity_name(r, top[i]->entity));
            fprintf(f, "</td><td class=\"n\">%u</td><td class=\"n\">%llu</td></tr>\n",
                    (unsigned)top[i]->docs, (unsigned long long)top[i]->mentions);
        }
        fputs("</tbody></table></details>\n</div>\n", f);
    }
    fputs("</div>\n</section>\n", f);
    entidx_free(top);
    entidx_free(bars);
    entidx_free(notes);
    return 0;
}

/* Mentions per period (month, or year for long spans) of the top entities. */
static int write_time(report *r)
{
    FILE *f = r->f;
    size_t n_series = ENTIDX_MIN(r->o.series, r->n_rows), n_x, unit, cells;
    int32_t lo;
    double *values = NULL;
    char(*labels)[16] = NULL;
    const char **label_ptrs = NULL;
    entidx_svg_series *series = NULL;
    int rc = 0;

    fputs("<section id=\"time\">\n", f);
    if (r->dated == 0) {
        fputs("<h2>Mentions over time</h2>\n<p class=\"note no-dates\">No document has a date, "
              "so there is no time chart.</p>\n</section>\n",
              f);
        return 0;
    }
    unit = r->month_hi - r->month_lo + 1 > MAX_MONTHS ? 12 : 1;
    lo = unit == 12 ? r->month_lo - r->month_lo % 12 : r->month_lo;
    n_x = (size_t)(r->month_hi - lo) / unit + 1;
    fprintf(f, "<h2>Mentions per %s</h2>\n", unit == 12 ? "year" : "month");
    if (n_series == 0) {
        fputs("<p class=\"note\">No entity is mentioned.</p>\n</section>\n", f);
        return 0;
    }
    if (entidx_size_mul(&cells, n_x, n_series) < 0 ||
        (values = entidx_calloc(cells, sizeof(*values))) == NULL ||
        (labels = entidx_calloc(n_x, sizeof(*labels))) == NULL ||
        (label_ptrs = entidx_calloc(n_x, sizeof(*label_ptrs))) == NULL ||
        (series = entidx_calloc(n_series, sizeof(*series))) == NULL) {
        rc = oom(r);
        goto done;
    }
    for (size_t i = 0; i < n_x; i++) {
        int32_t m = lo + (int32_t)(i * unit);
        if (unit == 12)
            snprintf(labels[i], sizeof(labels[i]), "%04d", (int)(m / 12));
        else
            snprintf(labels[i], sizeof(labels[i]), "%04d-%02d", (int)(m / 12), (int)(m % 12 + 1));
        label_ptrs[i] = labels[i];
    }
    for (size_t s = 0; s < n_series; s++) {
        entidx_iter it;
        uint32_t doc, count;
        double *v = values + s * n_x;
        if ((rc = entidx_index_postings(r->ix, r->rows[s].entity, &it, r->err)) < 0)
            goto done;
        while ((rc = entidx_iter_next(&it, &doc, &count, r->err)) == 1) {
            if (doc < r->n_docs && r->doc_month[doc] >= 0)
                v[(size_t)(r->doc_month[doc] - lo) / unit] += count;
        }
        if (rc < 0)
            goto done;
        rc = 0;
        series[s].name = entity_name(r, r->rows[s].entity);
        series[s].values = v;
        series[s].color = series_palette[s % ENTIDX_ARRAY_SIZE(series_palette)];
    }
    fprintf(f,
            "<p class=\"note\">Mentions of the %zu entities mentioned in most documents, per "
            "%s of the document date; %s with no mention count as zero. Documents without a "
            "date (%u) are left out.</p>\n",
            n_series, unit == 12 ? "year" : "month", unit == 12 ? "years" : "months",
            (unsigned)(r->n_docs - r->dated));
    fputs("<ul class=\"legend series\">", f);
    for (size_t s = 0; s < n_series; s++) {
        fputs("<li>", f);
        swatch(f, series[s].color);
        entidx_svg_escs(f, series[s].name);
        fputs(" (", f);
        entidx_svg_escs(f, r->types[r->rows[s].type]);
        fputs(")</li>", f);
    }
    fputs("</ul>\n", f);
    entidx_svg_line_chart(f, label_ptrs, n_x, series, n_series, "mentions", LINE_WIDTH,
                          LINE_HEIGHT);
    fprintf(f, "<details><summary>Table</summary>\n<table class=\"data\"><thead><tr><th>%s</th>",
            unit == 12 ? "year" : "month");
    for (size_t s = 0; s < n_series; s++) {
        fputs("<th class=\"n\">", f);
        entidx_svg_escs(f, series[s].name);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < n_x; i++) {
        fprintf(f, "<tr><td>%s</td>", labels[i]);
        for (size_t s = 0; s < n_series; s++)
            fprintf(f, "<td class=\"n\">%.0f</td>", values[s * n_x + i]);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></details>\n</section>\n", f);
done:
    entidx_free(values);
    entidx_free(labels);
    entidx_free(label_ptrs);
    entidx_free(series);
    return rc;
}

/* Keep the first o.pairs pairs whose entities are both of shown types. */
static size_t select_pairs(const report *r, entidx_cooc_result *res, uint32_t *type_of_pair_a,
                           uint32_t *type_of_pair_b)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_pairs && n < r->o.pairs; i++) {
        entidx_entity a, b;
        size_t ta, tb;
        entidx_gazetteer_entity(r->gz, res->pairs[i].a, &a);
        entidx_gazetteer_entity(r->gz, res->pairs[i].b, &b);
        ta = type_index(r, a.type);
        tb = type_index(r, b.type);
        if (!r->shown[ta] || !r->shown[tb])
            continue;
        res->pairs[n] = res->pairs[i];
        type_of_pair_a[n] = (uint32_t)ta;
        type_of_pair_b[n] = (uint32_t)tb;
        n++;
    }
    return n;
}

static int write_network(report *r)
{
    FILE *f = r->f;
    entidx_cooc_opts co = ENTIDX_COOC_OPTS_INIT;
    entidx_cooc_result res;
    uint32_t *node_of = NULL, *nodes = NULL, *ta = NULL, *tb = NULL, *node_type = NULL;
    entidx_layout_edge *edges = NULL;
    entidx_layout_label *labels = NULL;
    double *x = NULL, *y = NULL, wmin = 0, wmax = 0, dmax = 1;
    size_t n_pairs, n_nodes = 0;
    const char *unit = r->o.level == ENTIDX_COOC_SENTENCE ? "sentences" : "documents";
    int rc = 0;

    memset(&res, 0, sizeof(res));
    co.level = r->o.level;
    co.sort = r->o.measure;
    co.min_count = r->o.min_count;
    /* with some types hidden, cut after filtering them out */
    co.top = r->n_types > 0 && !memchr(r->shown, 0, r->n_types) ? r->o.pairs : 0;
    if (r->o.pairs > 0 && (rc = entidx_cooc_run(r->ix, &co, &res, r->err)) < 0)
        return rc;
    ta = entidx_calloc(res.n_pairs + 1, sizeof(*ta));
    tb = entidx_calloc(res.n_pairs + 1, sizeof(*tb));
    node_of = entidx_calloc((size_t)r->n_ent + 1, sizeof(*node_of)); /* node + 1, 0 = none */
    if (ta == NULL || tb == NULL || node_of == NULL) {
        rc = oom(r);
        goto done;
    }
    n_pairs = r->o.pairs == 0 ? 0 : select_pairs(r, &res, ta, tb);
    nodes = entidx_calloc(2 * n_pairs + 1, sizeof(*nodes));
    node_type = entidx_calloc(2 * n_pairs + 1, sizeof(*node_type));
    edges = entidx_calloc(n_pairs + 1, sizeof(*edges));
    x = entidx_calloc(2 * n_pairs + 1, sizeof(*x));
    y = entidx_calloc(2 * n_pairs + 1, sizeof(*y));
    labels = entidx_calloc(2 * n_pairs + 1, sizeof(*labels));
    if (nodes == NULL || node_type == NULL || edges == NULL || x == NULL || y == NULL ||
        labels == NULL) {
        rc = oom(r);
        goto done;
    }
    for (size_t i = 0; i < n_pairs; i++) {
        const entidx_cooc_pair *p = &res.pairs[i];
        double w = entidx_cooc_pair_weight(p, r->o.measure);
        if (node_of[p->a] == 0) {
            nodes[n_nodes] = p->a;
            node_type[n_nodes] = ta[i];
            node_of[p->a] = (uint32_t)++n_nodes;
        }
        if (node_of[p->b] == 0) {
            nodes[n_nodes] = p->b;
            node_type[n_nodes] = tb[i];
            node_of[p->b] = (uint32_t)++n_nodes;
        }
        wmin = i == 0 || w < wmin ? w : wmin;
        wmax = i == 0 || w > wmax ? w : wmax;
    }
    for (size_t i = 0; i < n_pairs; i++) {
        double w = entidx_cooc_pair_weight(&res.pairs[i], r->o.measure);
        edges[i].a = node_of[res.pairs[i].a] - 1;
        edges[i].b = node_of[res.pairs[i].b] - 1;
        edges[i].weight = 0.5 + (wmax > wmin ? (w - wmin) / (wmax - wmin) : 1.0);
    }
    for (size_t i = 0; i < n_nodes; i++) {
        uint32_t docs;
        uint64_t mentions;
        entidx_index_entity_stats(r->ix, nodes[i], &docs, &mentions);
        dmax = ENTIDX_MAX(dmax, (double)docs);
    }
    if (entidx_layout_force(x, y, n_nodes, edges, n_pairs, NET_ITERATIONS) < 0) {
        rc = oom(r);
        goto done;
    }
    fputs("<section id=\"network\">\n<h2>Co-occurrence network</h2>\n", f);
    if (n_pairs == 0) {
        fputs("<p class=\"note\">No two entities of the types shown are mentioned "
              "together.</p>\n</section>\n",
              f);
        goto done;
    }
    fprintf(f,
            "<p class=\"note\">The %zu strongest pairs by %s, counted in %s (%zu entities). "
            "Edge width grows with %s; node size with the number of documents mentioning the "
            "entity; colour is the type.</p>\n",
            n_pairs, measure_names[r->o.measure], unit, n_nodes, measure_names[r->o.measure]);
    type_legend(r);
    fprintf(f, "<svg class=\"chart network\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            NET_WIDTH, NET_HEIGHT, NET_WIDTH, NET_HEIGHT);
#define PX(i) (NET_MARGIN + x[i] * (NET_WIDTH - 2 * NET_MARGIN))
#define PY(i) (NET_MARGIN + y[i] * (NET_HEIGHT - 2 * NET_MARGIN))
    for (size_t i = 0; i < n_pairs; i++) {
        const entidx_cooc_pair *p = &res.pairs[i];
        double w = entidx_cooc_pair_weight(p, r->o.measure);
        double width = 1 + 7 * (wmax > wmin ? (w - wmin) / (wmax - wmin) : 1.0);
        fprintf(f,
                "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "stroke-width=\"%.1f\"><title>",
                PX(edges[i].a), PY(edges[i].a), PX(edges[i].b), PY(edges[i].b), width);
        entidx_svg_escs(f, entity_name(r, p->a));
        fputs(" \xE2\x80\x93 ", f); /* en dash */
        entidx_svg_escs(f, entity_name(r, p->b));
        fprintf(f, ": %u %s together", (unsigned)p->count, unit);
        if (r->o.measure != ENTIDX_COOC_BY_COUNT)
            fprintf(f, ", %s %.4f", measure_names[r->o.measure], w);
        fputs("</title></line>\n", f);
    }
    for (size_t i = 0; i < n_nodes; i++) {
        uint32_t docs;
        uint64_t mentions;
        size_t chars = 0;
        const char *name = entity_name(r, nodes[i]);
        entidx_index_entity_stats(r->ix, nodes[i], &docs, &mentions);
        for (const char *c = name; *c; c++)
            chars += ((unsigned char)*c & 0xC0) != 0x80;
        labels[i].x = PX(i);
        labels[i].y = PY(i);
        labels[i].r = 4 + 12 * sqrt((double)docs / dmax);
        labels[i].w = (double)ENTIDX_MIN(chars, NET_LABEL_CHARS) * 6.4 + 2;
        labels[i].h = 13;
        fprintf(f, "<circle class=\"node\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>",
                labels[i].x, labels[i].y, labels[i].r, type_color(node_type[i]));
        entidx_svg_escs(f, name);
        fputs(" (", f);
        entidx_svg_escs(f, r->types[node_type[i]]);
        fprintf(f, "): %u documents, %llu mentions</title></circle>\n", (unsigned)docs,
                (unsigned long long)mentions);
    }
    entidx_layout_labels(labels, n_nodes, NET_WIDTH, NET_HEIGHT);
    for (size_t i = 0; i < n_nodes; i++) {
        fprintf(f, "<text class=\"node-label\" x=\"%.1f\" y=\"%.1f\">", labels[i].box_x + 1,
                labels[i].box_y + labels[i].h - 3);
        entidx_svg_esc_cut(f, entity_name(r, nodes[i]), NET_LABEL_CHARS);
        fputs("</text>\n", f);
    }
#undef PX
#undef PY
    fputs("</svg>\n<details><summary>Table</summary>\n<table class=\"data\"><thead><tr><th "
          "class=\"n\">#</th><th>entity a</th><th>entity b</th><th class=\"n\">count</th><th "
          "class=\"n\">df a</th><th class=\"n\">df b</th>",
          f);
    if (r->o.measure != ENTIDX_COOC_BY_COUNT)
        fprintf(f, "<th class=\"n\">%s</th>", measure_names[r->o.measure]);
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < n_pairs; i++) {
        const entidx_cooc_pair *p = &res.pairs[i];
        fprintf(f, "<tr><td class=\"n\">%zu</td><td>", i + 1);
        entidx_svg_escs(f, entity_name(r, p->a));
        fputs("</td><td>", f);
        entidx_svg_escs(f, entity_name(r, p->b));
        fprintf(f, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td>",
                (unsigned)p->count, (unsigned)p->df_a, (unsigned)p->df_b);
        if (r->o.measure != ENTIDX_COOC_BY_COUNT)
            fprintf(f, "<td class=\"n\">%.4f</td>", entidx_cooc_pair_weight(p, r->o.measure));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></details>\n</section>\n", f);
    rc = 0;
done:
    entidx_cooc_result_free(&res);
    entidx_free(node_of);
    entidx_free(nodes);
    entidx_free(node_type);
    entidx_free(ta);
    entidx_free(tb);
    entidx_free(edges);
    entidx_free(x);
    entidx_free(y);
    entidx_free(labels);
    return rc;
}

int entidx_report_write(const entidx_index *ix, const entidx_report_opts *opts, FILE *out,
                        entidx_error *err)
{
    static const entidx_report_opts defaults = ENTIDX_REPORT_OPTS_INIT;
    report r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.ix = ix;
    if ((rc = entidx_index_load_gazetteer(ix, &r.gz, err)) < 0)
        return rc;
    r.o = opts != NULL ? *opts : defaults;
    r.f = out;
    r.err = err;
    r.n_ent = entidx_gazetteer_count(r.gz);
    r.n_docs = entidx_index_doc_count(ix);
    if (r.o.title == NULL)
        r.o.title = "entidx report";
    if (r.o.level != ENTIDX_COOC_DOC && r.o.level != ENTIDX_COOC_SENTENCE) {
        rc = ENTIDX_FAIL(err, ENTIDX_EINVAL, "the report counts pairs by document or sentence");
        goto done;
    }
    if ((unsigned)r.o.measure >= ENTIDX_ARRAY_SIZE(measure_names)) {
        rc = ENTIDX_FAIL(err, ENTIDX_EINVAL, "unknown measure %d", (int)r.o.measure);
        goto done;
    }
    if ((rc = gather_entities(&r)) < 0 || (rc = gather_dates(&r)) < 0)
        goto done;
    write_head(&r);
    write_summary(&r);
    if ((rc = write_entities(&r)) < 0 || (rc = write_time(&r)) < 0 || (rc = write_network(&r)) < 0)
        goto done;
    fprintf(out,
            "<footer><p class=\"note\">Written by entidx %s from an index of %u documents.</p>"
            "</footer>\n</body>\n</html>\n",
            entidx_version(), (unsigned)r.n_docs);
    if (fflush(out) != 0 || ferror(out))
        rc = ENTIDX_FAIL_SYS(err, errno, NULL, "writing the report failed");
done:
    entidx_free(r.types);
    entidx_free(r.shown);
    entidx_free(r.rows);
    entidx_free(r.type_mentions);
    entidx_free(r.type_entities);
    entidx_free(r.type_mentioned);
    entidx_free(r.doc_month);
    return rc;
}
