/* SPDX-License-Identifier: MIT */
/*
 * cmd_lookup.c - `entidx lookup`: which entity each name resolves to, and
 * through which alias.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: entidx lookup [-g GAZ]... [OPTIONS] NAME...\n"
    "\n"
    "Resolve each NAME through the same tokenizing, folding and case rules that\n"
    "tagging uses, and print one row per matching entity: input, id, type, name,\n"
    "the alias that matched and its rule: the case rule (default: as written,\n"
    "Title Case or capitals; exact; anycase) and flags (demonym, ambiguous).\n"
    "Exit status 1 when some NAME matches nothing.\n"
    "\n" CLI_GAZ_USAGE
    "  -i, --ignore-case    also report aliases whose case rule the name breaks\n"
    "                       (e.g. 'us' for US), and aliases switched off\n"
    "  -f, --format F       table (terminal default), csv (pipe default), tsv, jsonl\n"
    "  -h, --help           show this help\n"
    "\n" CLI_GAZ_SEARCH_USAGE;

#define MAX_MATCHES 64

int cmd_lookup(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_GAZ_LONG_OPTIONS,
                                             {"format", required_argument, NULL, 'f'},
                                             {"ignore-case", no_argument, NULL, 'i'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    static const char *const columns[] = {"input", "id", "type", "name", "alias", "rule"};
    cli_gaz_opts gaz;
    const char *format = NULL;
    entidx_table_format fmt;
    entidx_gazetteer *gz = NULL;
    entidx_table *out = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    int ignore_case = 0, opt, rc = CLI_FAIL, missing = 0;
    cli_gaz_opts_init(&gaz);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "g:f:ih", longopts, NULL)) != -1) {
        int r = cli_gaz_option(&gaz, opt, optarg);
        if (r < 0)
            goto done;
        if (r == 1)
            continue;
        switch (opt) {
        case 'f': format = optarg; break;
        case 'i': ignore_case = 1; break;
        case 'h':
            fputs(usage, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("lookup", "invalid option"); goto done;
        }
    }
    if (optind >= argc) {
        rc = cli_usage_error("lookup", "no name given");
        goto done;
    }
    if ((rc = cli_output_format("lookup", format, ENTIDX_TABLE_CSV, &fmt)) != CLI_OK)
        goto done;
    rc = CLI_FAIL;
    if (cli_load_gazetteers(&gaz, &gz) != CLI_OK)
        goto done;
    if (entidx_table_new(&out, stdout, fmt, columns, 6, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        entidx_lookup_match m[MAX_MATCHES];
        size_t n, shown = 0;
        if (entidx_gazetteer_lookup(gz, argv[i], strlen(argv[i]), m, MAX_MATCHES, &n, &err) < 0) {
            cli_report(&err);
            goto done;
        }
        for (size_t k = 0; k < n && k < MAX_MATCHES; k++) {
            entidx_entity e;
            char rule[96];
            if ((!m[k].case_ok || m[k].skipped) && !ignore_case)
                continue;
            cli_rule_string(m[k].flags, m[k].skipped, rule, sizeof(rule));
            entidx_gazetteer_entity(gz, m[k].entity, &e);
            entidx_table_cstr(out, argv[i]);
            entidx_table_cstr(out, e.id);
            entidx_table_cstr(out, e.type);
            entidx_table_cstr(out, e.name);
            entidx_table_cstr(out, m[k].alias);
            entidx_table_cstr(out, rule);
            entidx_table_end_row(out);
            shown++;
        }
        if (shown == 0) {
            missing++;
            if (n > 0)
                cli_error("no entity matches '%s' in this letter case, or only through "
                          "aliases switched off (try --ignore-case)",
                          argv[i]);
            else
                cli_error("no entity matches '%s'", argv[i]);
        }
    }
    if (entidx_table_finish(out, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    rc = cli_finish_stdout(missing ? CLI_FAIL : CLI_OK);
done:
    entidx_table_free(out);
    entidx_gazetteer_free(gz);
    cli_gaz_opts_dispose(&gaz);
    return rc;
}
