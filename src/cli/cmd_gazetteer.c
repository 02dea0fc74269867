/* SPDX-License-Identifier: MIT */
/*
 * cmd_gazetteer.c - `entidx gazetteer check`: validate gazetteer files and
 * report likely mistakes (alias collisions, shadowed aliases, common words);
 * `entidx gazetteer compile`: save loaded gazetteers in their compiled form.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_WORDS "/usr/share/dict/words"

static const char usage[] = "usage: entidx gazetteer check [OPTIONS] GAZ...\n"
                            "       entidx gazetteer compile [OPTIONS] -o FILE [GAZ...]\n"
                            "\n"
                            "Subcommands:\n"
                            "  check    validate gazetteer files and report likely mistakes\n"
                            "  compile  save gazetteers in a form that loads without parsing\n"
                            "\n"
                            "entidx gazetteer SUBCOMMAND --help shows the options of each.\n";

static const char usage_check[] =
    "usage: entidx gazetteer check [OPTIONS] GAZ...\n"
    "\n"
    "Load gazetteer files (or directories of *.tsv) as the tagger would and report:\n"
    "  errors    (exit status 1): anything that stops loading, with file:line:column,\n"
    "            such as a bad type, an empty name or alias, a duplicate id;\n"
    "  warnings  (exit status 0): an alias shared by two entities (unless both are\n"
    "            flagged ambiguous); a one-word alias that is a common lower-case\n"
    "            word, without an ambiguous or exact flag; with --shadowed, each\n"
    "            alias found inside a longer alias of another entity (where the\n"
    "            longer one appears, the shorter is not reported).\n"
    "Then a summary: entities per type, aliases, findings per kind.\n"
    "\n"
    "  --words FILE   common words, one per line; only all-lower-case lines count\n"
    "                 (default: " DEFAULT_WORDS " when present, from Debian's wamerican)\n"
    "  --no-words     skip the common-word check\n"
    "  --shadowed     list shadowed aliases (by default only counted)\n"
    "  -q, --quiet    print only the summary\n"
    "  -h, --help     show this help\n";

typedef struct check_run {
    const entidx_gazetteer *gz;
    unsigned long counts[4];
    int list_shadowed;
} check_run;

static void where(const entidx_gazetteer *gz, uint32_t entity, const char **path,
                  unsigned long *line)
{
    entidx_entity e;
    entidx_gazetteer_entity(gz, entity, &e);
    *path = e.path;
    *line = (unsigned long)e.line;
}

static int print_finding(const entidx_finding *f, void *payload)
{
    check_run *run = payload;
    entidx_entity a, b;
    const char *path, *opath;
    unsigned long line, oline;
    run->counts[f->kind]++;
    if (cli_quiet || (f->kind == ENTIDX_FINDING_SHADOWED && !run->list_shadowed))
        return 0;
    entidx_gazetteer_entity(run->gz, f->entity, &a);
    where(run->gz, f->entity, &path, &line);
    switch (f->kind) {
    case ENTIDX_FINDING_COLLISION:
        entidx_gazetteer_entity(run->gz, f->other, &b);
        where(run->gz, f->other, &opath, &oline);
        printf("%s:%lu: warning: alias '%s' of %s is also '%s' of %s (%s:%lu); the tagger "
               "reports %s\n",
               path, line, f->alias, a.id, f->other_alias, b.id, opath, oline, b.id);
        break;
    case ENTIDX_FINDING_SHADOWED:
        entidx_gazetteer_entity(run->gz, f->other, &b);
        where(run->gz, f->other, &opath, &oline);
        printf("%s:%lu: warning: alias '%s' of %s is inside '%s' of %s (%s:%lu)\n", path, line,
               f->alias, a.id, f->other_alias, b.id, opath, oline);
        break;
    case ENTIDX_FINDING_COMMON_WORD:
        printf("%s:%lu: warning: alias '%s' of %s is also a common word (it still matches "
               "capitalised, as at a sentence start); add {exact} or {ambiguous} if that is "
               "wrong\n",
               path, line, f->alias, a.id);
        break;
    }
    return 0;
}

/* Read the all-lower-case lines of a word list. */
static int read_words(const char *path, char **buf_out, cli_strs *words)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 20, len = 0, n;
    char *buf = malloc(cap);

    *buf_out = NULL;
    if (f == NULL || buf == NULL) {
        free(buf);
        if (f != NULL)
            fclose(f);
        return CLI_FAIL;
    }
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return CLI_FAIL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    buf[len] = '\0';
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        int lower = 1;
        if (nl != NULL)
            *nl = '\0';
        for (char *q = p; *q; q++)
            lower &= *q >= 'a' && *q <= 'z';
        if (lower && *p && cli_strs_add(words, p) != CLI_OK) {
            free(buf);
            return CLI_FAIL;
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    *buf_out = buf;
    return CLI_OK;
}

static int check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"words", required_argument, NULL, 'w'}, {"no-words", no_argument, NULL, 'W'},
        {"shadowed", no_argument, NULL, 'S'},    {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    const char *words_path = NULL;
    int no_words = 0, opt, rc = CLI_FAIL;
    cli_gaz_opts gaz;
    cli_strs words = {NULL, 0, 0};
    char *words_buf = NULL;
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    check_run run;
    unsigned long n_aliases = 0;

    cli_gaz_opts_init(&gaz);
    gaz.load.skip_flags = 0; /* check every alias, whatever is switched off when tagging */
    memset(&run, 0, sizeof(run));
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'w': words_path = optarg; break;
        case 'W': no_words = 1; break;
        case 'S': run.list_shadowed = 1; break;
        case 'q': cli_quiet = 1; break;
        case 'h':
            fputs(usage_check, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("gazetteer check", "invalid option"); goto done;
        }
    }
    if (optind >= argc) {
        rc = cli_usage_error("gazetteer check", "no gazetteer given");
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_strs_add(&gaz.paths, argv[i]) != CLI_OK)
            goto done;
    }
    if (!no_words) {
        const char *p = words_path ? words_path : DEFAULT_WORDS;
        if (read_words(p, &words_buf, &words) != CLI_OK) {
            if (words_path != NULL) {
                cli_error("cannot read word list '%s'", words_path);
                goto done;
            }
            cli_warning("common-word check skipped: no %s (install wamerican, or give --words)",
                        DEFAULT_WORDS);
        }
    }
    if (cli_load_gazetteers(&gaz, &gz) != CLI_OK)
        goto done;
    run.gz = gz;
    if (entidx_gazetteer_check(gz, words.v, words.n, print_finding, &run, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    {
        /* the summary: entities per type in order of first appearance */
        const char *types[16];
        unsigned long per_type[16];
        size_t n_types = 0, other = 0;
        uint32_t count = entidx_gazetteer_count(gz);
        for (uint32_t e = 0; e < count; e++) {
            entidx_entity info;
            size_t t;
            entidx_gazetteer_entity(gz, e, &info);
            n_aliases += 1 + info.n_aliases;
            for (t = 0; t < n_types && strcmp(types[t], info.type) != 0; t++)
                ;
            if (t == n_types && n_types < 16) {
                types[n_types] = info.type;
                per_type[n_types++] = 0;
            }
            if (t < n_types)
                per_type[t]++;
            else
                other++;
        }
        printf("%u entities (", (unsigned)count);
        for (size_t t = 0; t < n_types; t++)
            printf("%s%s %lu", t ? ", " : "", types[t], per_type[t]);
        if (other)
            printf(", other %zu", other);
        printf("), %lu names and aliases; %lu collisions, %lu common words, %lu shadowed%s\n",
               n_aliases, run.counts[ENTIDX_FINDING_COLLISION],
               run.counts[ENTIDX_FINDING_COMMON_WORD], run.counts[ENTIDX_FINDING_SHADOWED],
               run.counts[ENTIDX_FINDING_SHADOWED] && !run.list_shadowed
                   ? " (list them with --shadowed)"
                   : "");
    }
    rc = cli_finish_stdout(CLI_OK);
done:
    entidx_gazetteer_free(gz);
    cli_gaz_opts_dispose(&gaz);
    cli_strs_dispose(&words);
    free(words_buf);
    return rc;
}

static const char usage_compile[] =
    "usage: entidx gazetteer compile [OPTIONS] -o FILE [GAZ...]\n"
    "\n"
    "Load gazetteer files (or directories of *.tsv; default: the shipped\n"
    "gazetteers) and save them as one compiled gazetteer: the loaded tables as\n"
    "they are in memory, which load again without parsing, folding or hashing\n"
    "(a million aliases: seconds from TSV, a fraction of a second compiled).\n"
    "Give FILE to -g like any gazetteer; it must come first, and TSV files may\n"
    "follow it. It is a cache: compile again after editing the TSV files, and\n"
    "with each new entidx (an older or other build refuses it with a message).\n"
    "--no-demonyms and --ambiguous apply when it is loaded, not here.\n"
    "\n"
    "  -o, --output FILE    the compiled gazetteer to write (replaced atomically)\n"
    "  --stem-language L    Snowball stemmer for aliases flagged stem (default\n"
    "                       english); loading it with another language is an error\n"
    "  -q, --quiet          no summary on standard error\n"
    "  -h, --help           show this help\n"
    "\n" CLI_GAZ_SEARCH_USAGE;

/* "entidx: compiled N entities (M names and aliases) into FILE (B bytes)" */
static void report_compiled(const entidx_gazetteer *gz, const char *output)
{
    uint32_t n = entidx_gazetteer_count(gz);
    size_t names = 0;
    struct stat st;
    for (uint32_t e = 0; e < n; e++) {
        entidx_entity ent;
        entidx_gazetteer_entity(gz, e, &ent);
        names += 1 + ent.n_aliases;
    }
    fprintf(stderr, "entidx: compiled %u entities (%zu names and aliases) into %s", (unsigned)n,
            names, output);
    if (stat(output, &st) == 0)
        fprintf(stderr, " (%lld bytes)", (long long)st.st_size);
    fputc('\n', stderr);
}

static int compile(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"stem-language", required_argument, NULL, 1103},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *output = NULL;
    int opt, rc = CLI_FAIL;
    cli_gaz_opts gaz;
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;

    cli_gaz_opts_init(&gaz);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case 'q': cli_quiet = 1; break;
        case 1103: gaz.load.stem_language = optarg; break;
        case 'h':
            fputs(usage_compile, stdout);
            rc = cli_finish_stdout(CLI_OK);
            goto done;
        default: rc = cli_usage_error("gazetteer compile", "invalid option"); goto done;
        }
    }
    if (output == NULL) {
        rc = cli_usage_error("gazetteer compile", "no output file given (-o FILE)");
        goto done;
    }
    if (cli_output_not_stdout("gazetteer compile", output, "a compiled gazetteer") != CLI_OK) {
        rc = CLI_USAGE;
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        if (cli_strs_add(&gaz.paths, argv[i]) != CLI_OK)
            goto done;
    }
    if (cli_load_gazetteers(&gaz, &gz) != CLI_OK)
        goto done;
    if (entidx_gazetteer_save(gz, output, &err) < 0) {
        cli_report(&err);
        goto done;
    }
    if (!cli_quiet)
        report_compiled(gz, output);
    rc = CLI_OK;
done:
    entidx_gazetteer_free(gz);
    cli_gaz_opts_dispose(&gaz);
    return rc;
}

int cmd_gazetteer(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "check") == 0)
        return check(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "compile") == 0)
        return compile(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(usage, stdout);
        return cli_finish_stdout(CLI_OK);
    }
    return cli_usage_error("gazetteer", argc < 2 ? "missing subcommand (check or compile)"
                                                 : "unknown subcommand; expected 'check' or "
                                                   "'compile'");
}
