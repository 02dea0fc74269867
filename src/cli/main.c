/* SPDX-License-Identifier: MIT */
/*
 * main.c - the entidx command table, global options and dispatch.
 */
#include "cli.h"

#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"index", cmd_index, "scan corpora and write an index file"},
    {"query", cmd_query, "documents matching an entity expression"},
    {"cooc", cmd_cooc, "co-occurrence report of entity pairs (CSV)"},
    {"entities", cmd_entities, "entities with document and mention counts"},
    {"tag", cmd_tag, "stream every mention as JSON Lines, without an index"},
    {"lookup", cmd_lookup, "which entity a name resolves to, and through which alias"},
    {"verify", cmd_verify, "check an index file end to end"},
    {"merge", cmd_merge, "concatenate index shards into one index"},
    {"docs", cmd_docs, "a document's metadata and its entities"},
    {"report", cmd_report, "self-contained HTML report: charts, time line, network"},
    {"gazetteer", cmd_gazetteer, "gazetteer check|compile ...: validate or compile gazetteers"},
};

static void print_help(FILE *out)
{
    fputs("usage: entidx COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Index news corpora by the countries, organisations and people they mention.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Run 'entidx COMMAND --help' for a command's options.\n"
          "\n"
          "Options:\n"
          "  -h, --help     show this help\n"
          "  --version      show the version, the index format version and the gzip decoder\n"
          "\n"
          "Exit status: 0 success, 1 data or I/O failure (or no match, for lookup),\n"
          "2 usage error.\n",
          out);
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const command *cmd;

    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        print_help(stdout);
        return cli_finish_stdout(CLI_OK);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("entidx %s (index format %u, gzip inflate: %s)\n", entidx_version(),
               (unsigned)entidx_index_format_current(), entidx_inflate_name());
        return cli_finish_stdout(CLI_OK);
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return cli_finish_stdout(CLI_OK);
        }
        cmd = find(argv[2]);
        if (cmd == NULL) {
            cli_error("unknown command '%s'; see 'entidx --help'", argv[2]);
            return CLI_USAGE;
        }
        {
            char *help_argv[] = {argv[2], (char *)"--help", NULL};
            return cmd->fn(2, help_argv);
        }
    }
    cmd = find(argv[1]);
    if (cmd == NULL) {
        cli_error("unknown command '%s'; see 'entidx --help'", argv[1]);
        return CLI_USAGE;
    }
    return cmd->fn(argc - 1, argv + 1);
}
