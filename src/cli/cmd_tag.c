/* SPDX-License-Identifier: MIT */
/*
 * cmd_tag.c - `entidx tag`: stream every mention in the inputs, one record
 * per mention, without building an index. Tagging runs on the index's
 * pipeline (tag_pipeline.c): several threads, output in input order.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: entidx tag [-g GAZ]... [OPTIONS] INPUT...\n"
    "\n"
    "Print every mention found in the inputs, in input order, as JSON Lines with\n"
    "the keys doc, field, id, type, name, start, end, text, sentence. start and end\n"
    "are byte offsets into the decoded field text (end exclusive); text is the\n"
    "mention as written; sentence numbers the sentences of the field from 0.\n"
    "\n" CLI_GAZ_USAGE CLI_INPUT_USAGE
    "  --overlaps MODE      longest (default: leftmost-longest, no overlaps) or all\n"
    "  --explain            add the columns alias (the gazetteer name or alias that\n"
    "                       matched) and rule (default, exact or anycase, its flags,\n"
    "                       why an ambiguous alias matched: named-before, own-name\n"
    "                       or legal-form, and named-before for a cued one without\n"
    "                       a cue word or a name in mixed case (eBay) found in\n"
    "                       capitals in running text; or surname: a person's\n"
    "                       surname after the full name)\n"
    "  --refused            also print near misses: words that spell an alias but\n"
    "                       that the rules refused, with --explain's columns and\n"
    "                       the column refused saying why: case (\"Us\" for US),\n"
    "                       ambiguous, cued (no cue word in the document), context\n"
    "                       (part of a longer name, a pronoun, a data line...),\n"
    "                       person (a person of that name in the document),\n"
    "                       currency (US$) or defined (an acronym the document\n"
    "                       defines as a name no gazetteer knows); empty for a\n"
    "                       mention\n"
    "  -f, --format F       jsonl (default), csv, tsv or table\n"
    "  -j, --threads N      threads (default: all cores); the output is the same for any N\n"
    "  --strict             stop at the first bad record or unreadable input\n"
    "  -q, --quiet          no warnings on standard error\n"
    "  -h, --help           show this help\n"
    "\n" CLI_GAZ_SEARCH_USAGE;

static const char *const columns[] = {"doc", "field", "id",       "type",  "name", "start",
                                      "end", "text",  "sentence", "alias", "rule", "refused"};

typedef struct tag_run {
    int explain; /* the columns alias and rule */
    int refused; /* near misses too, and the column refused */
    const cli_gaz_opts *gaz_opts;
    entidx_gazetteer *gz; /* loaded by set_up_tag() */
    entidx_table *out;
} tag_run;

/* The pipeline's setup, while the first input is read: the gazetteers. */
static int set_up_tag(void *payload, cli_pipeline_job *job)
{
    tag_run *run = payload;
    if (cli_load_gazetteers(run->gaz_opts, &run->gz) != CLI_OK)
        return CLI_FAIL;
    job->gz = run->gz;
    return CLI_OK;
}

static int print_mention(tag_run *run, const entidx_doc *doc, const cli_mention *cm)
{
    const entidx_mention *m = &cm->m;
    const entidx_field *field = &doc->fields[cm->field];
    entidx_entity e;

    entidx_gazetteer_entity(run->gz, m->entity, &e);
    entidx_table_str(run->out, doc->id, doc->id_len);
    entidx_table_cstr(run->out, field->name);
    entidx_table_cstr(run->out, e.id);
    entidx_table_cstr(run->out, e.type);
    entidx_table_cstr(run->out, e.name);
    entidx_table_int(run->out, (int64_t)m->start);
    entidx_table_int(run->out, (int64_t)m->end);
    entidx_table_str(run->out, field->text + m->start, m->end - m->start);
    entidx_table_int(run->out, m->sentence);
    if (run->explain) {
        char rule[160];
        entidx_table_cstr(run->out, m->alias);
        if (m->via_surname) {
            entidx_table_cstr(run->out, "surname");
        } else if (m->refused) {
            entidx_table_cstr(run->out, cli_rule_string(m->alias_flags, 0, rule, sizeof(rule)));
        } else {
            /* why an ambiguous alias matched: the evidence after its flags */
            size_t len = strlen(cli_rule_string(m->alias_flags, 0, rule, sizeof(rule)));
            snprintf(rule + len, sizeof(rule) - len, "%s%s%s%s",
                     m->evidence & ENTIDX_EVIDENCE_NAMED ? ",named-before" : "",
                     m->evidence & ENTIDX_EVIDENCE_OWN_NAME ? ",own-name" : "",
                     m->evidence & ENTIDX_EVIDENCE_LEGAL_FORM ? ",legal-form" : "",
                     m->evidence & ENTIDX_EVIDENCE_DEFINED ? ",defined" : "");
            entidx_table_cstr(run->out, rule);
        }
    }
    if (run->refused)
        entidx_table_cstr(run->out, entidx_refusal_name(m->refused));
    return entidx_table_end_row(run->out);
}

/* The pipeline's sink: a document's mentions, in input order. */
static int print_doc(void *payload, const cli_tagged_doc *d)
{
    tag_run *run = payload;
    for (size_t k = 0; k < d->n_mentions; k++) {
        /* a write error (closed pipe, full disk) stops the run */
        if (print_mention(run, d->doc, &d->mentions[k]) < 0) {
            entidx_error err = ENTIDX_ERROR_INIT;
            entidx_table_finish(run->out, &err);
            cli_report(&err);
            return CLI_FAIL;
        }
    }
    return CLI_OK;
}

int cmd_tag(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_GAZ_LONG_OPTIONS,
                                             {"format", required_argument, NULL, 'f'},
                                             {"overlaps", required_argument, NULL, 'O'},
                                             {"explain", no_argument, NULL, 'E'},
                                             {"refused", no_argument, NULL, 'R'},
                                             {"threads", required_argument, NULL, 'j'},
                                             {"strict", no_argument, NULL, 's'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_INPUT_LONG_OPTIONS,
                                             {NULL, 0, NULL, 0}};
    cli_strs inputs = {NULL, 0, 0};
    cli_gaz_opts gaz;
    cli_input_opts in;
    entidx_tagger_opts topts = ENTIDX_TAGGER_OPTS_INIT;
    entidx_table_format fmt = ENTIDX_TABLE_JSONL;
    entidx_error err = ENTIDX_ERROR_INIT;
    tag_run run;
    cli_pipeline_job job;
    unsigned threads = cli_default_threads();
    int strict = 0, opt, rc = CLI_FAIL;

    memset(&run, 0, sizeof(run));
    cli_input_opts_init(&in);
    cli_gaz_opts_init(&gaz);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "g:f:j:qh", longopts, NULL)) != -1) {
        int r = cli_corpus_option("tag", &gaz, &in, opt, optarg);
        if (r == CLI_USAGE || r < 0) {
            rc = r == CLI_USAGE ? CLI_USAGE : CLI_FAIL;
            goto done;
        }
        if (r == 1)
            continue;
        switch (opt) {
        case 'f':
            if (entidx_table_format_parse(optarg, &fmt) < 0) {
                rc = cli_usage_error("tag", "unknown format '%s'", optarg);
                goto done;
            }
            break;
        case 'O':
            if (strcmp(optarg, "longest") == 0) {
                topts.overlaps = ENTIDX_OVERLAPS_LONGEST;
            } else if (strcmp(optarg, "all") == 0) {
                topts.overlaps = ENTIDX_OVERLAPS_ALL;
            } else {
                rc = cli_usage_error("tag", "--overlaps must be longest or all, not '%s'", optarg);
                goto done;
            }
            break;
        case 'E': run.explain = 1; break;
        case 'R': run.refused = run.explain = topts.report_refused = 1; break;
        case 'j':
            if ((rc = cli_parse_threads("tag", optarg, &threads)) != CLI_OK)
                goto done;
            rc = CLI_FAIL;
            break;
        case 's': strict = 1; break;
        case 'q': cli_quiet = 1; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("tag", "invalid option"); goto done;
        }
    }
    if (optind >= argc) {
        rc = cli_usage_error("tag", "no input given (use - for standard input)");
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_strs_add(&inputs, argv[i]) != CLI_OK)
            goto done;
    }
    run.gaz_opts = &gaz;
    if (entidx_table_new(&run.out, stdout, fmt, columns,
                         sizeof(columns) / sizeof(columns[0]) - (run.refused ? 0 : 1) -
                             (run.explain ? 0 : 2),
                         &err) < 0) {
        cli_report(&err);
        goto done;
    }
    memset(&job, 0, sizeof(job));
    job.inputs = &inputs;
    job.in = &in;
    job.strict = strict;
    job.setup = set_up_tag;
    job.setup_payload = &run;
    job.tagger_opts = &topts;
    job.full = 1;
    job.sink = print_doc;
    job.sink_payload = &run;
    job.threads = threads;
    if (cli_pipeline_run(&job) != CLI_OK)
        goto done;
    if (entidx_table_finish(run.out, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    rc = cli_finish_stdout(job.st.failed_files || job.st.damaged ? CLI_FAIL : CLI_OK);
done:
    entidx_table_free(run.out);
    entidx_gazetteer_free(run.gz);
    cli_gaz_opts_dispose(&gaz);
    cli_strs_dispose(&inputs);
    return rc;
}
