/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what the entidx commands share: exit codes, messages, gazetteer
 * and input options, output format selection. The CLI uses only the public
 * API in include/entidx/.
 */
#ifndef ENTIDX_CLI_H
#define ENTIDX_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "entidx/entidx.h"

/* Exit codes (documented in `entidx --help`). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* "entidx: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
/* "entidx: warning: MESSAGE" on stderr, unless quiet. */
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);
/* "entidx: path:line:col: message" for a library error. */
void cli_report(const entidx_error *err);
/* A usage error for `cmd`: the message, a hint to --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/*
 * For -o of a file that is written beside its destination and renamed into
 * place (an index, a compiled gazetteer; `what` names it): a usage error when
 * it is "-", which cannot be renamed into; CLI_OK otherwise.
 */
int cli_output_not_stdout(const char *cmd, const char *output, const char *what);
/* Flush and close stdout; on failure report it and return CLI_FAIL. */
int cli_finish_stdout(int rc);

extern int cli_quiet;
/* --max-errors: stop reading after this many bad records or damaged regions (0 = no limit). */
extern unsigned long cli_max_errors;

/* Growable list of strings from repeated options (not owned). */
typedef struct cli_strs {
    const char **v;
    size_t n, cap;
} cli_strs;
int cli_strs_add(cli_strs *l, const char *s);
void cli_strs_dispose(cli_strs *l);

/* Gazetteer options shared by `index`, `tag` and `lookup`. */
typedef struct cli_gaz_opts {
    cli_strs paths; /* -g arguments */
    entidx_gazetteer_opts load;
} cli_gaz_opts;

/* clang-format off */
#define CLI_GAZ_LONG_OPTIONS                                                                       \
    {"gazetteer", required_argument, NULL, 'g'},                                                   \
    {"no-demonyms", no_argument, NULL, 1101},                                                      \
    {"ambiguous", no_argument, NULL, 1102},                                                        \
    {"stem-language", required_argument, NULL, 1103}
/* clang-format on */

#define CLI_GAZ_USAGE                                                                 \
    "  -g, --gazetteer GAZ  gazetteer file or directory of *.tsv; repeatable\n"       \
    "                       (default: the shipped gazetteers, see below)\n"           \
    "  --no-demonyms        do not match aliases flagged demonym (German, Germans)\n" \
    "  --ambiguous          also match aliases flagged ambiguous (by default only\n"  \
    "                       in a document that names the entity otherwise)\n"         \
    "  --stem-language L    Snowball stemmer for aliases flagged stem (default english)\n"

/*
 * Where the shipped gazetteers are looked for without -g (see
 * shipped_gazetteer_dir() in cli_common.c); CMake defines both paths for this
 * build: the source tree's gazetteers/, and the installed data directory
 * relative to the installed bin/.
 */
#ifndef ENTIDX_DEFAULT_GAZETTEER_DIR
#define ENTIDX_DEFAULT_GAZETTEER_DIR "gazetteers"
#endif
#ifndef ENTIDX_GAZETTEER_DIR_FROM_BIN
#define ENTIDX_GAZETTEER_DIR_FROM_BIN "../share/entidx/gazetteers"
#endif
#define CLI_GAZ_SEARCH_USAGE                                                       \
    "Without -g, the shipped gazetteers (every *.tsv of one directory) are read\n" \
    "from the first of:\n"                                                         \
    "  1. $ENTIDX_GAZETTEER_DIR, when set;\n"                                      \
    "  2. " ENTIDX_GAZETTEER_DIR_FROM_BIN " relative to the directory of\n"        \
    "     the entidx program, when it exists (an installed entidx);\n"             \
    "  3. " ENTIDX_DEFAULT_GAZETTEER_DIR " (the source tree of this build).\n"

void cli_gaz_opts_init(cli_gaz_opts *o);
void cli_gaz_opts_dispose(cli_gaz_opts *o);
/* Handle one of the CLI_GAZ_LONG_OPTIONS: 1 handled, 0 not ours, -1 out of memory (reported). */
int cli_gaz_option(cli_gaz_opts *o, int opt, const char *arg);

/*
 * Load the gazetteers named by -g options (files, or directories whose *.tsv
 * files are read in name order); with none, the shipped gazetteers.
 * Returns CLI_OK or CLI_FAIL (reported).
 */
int cli_load_gazetteers(const cli_gaz_opts *opts, entidx_gazetteer **out);

/* --format: table on a terminal, csv otherwise, unless given. CLI_USAGE if unknown. */
int cli_output_format(const char *cmd, const char *name, entidx_table_format dflt_pipe,
                      entidx_table_format *out);

/* Corpus reader options shared by `index` and `tag`. */
typedef struct cli_input_opts {
    entidx_reader_opts reader;
    int text_fields_given;
} cli_input_opts;

/* clang-format off */
#define CLI_INPUT_LONG_OPTIONS                                                                     \
    {"input-format", required_argument, NULL, 1001},                                               \
    {"id-field", required_argument, NULL, 1002},                                                   \
    {"text-field", required_argument, NULL, 1003},                                                 \
    {"title-field", required_argument, NULL, 1004},                                                \
    {"date-field", required_argument, NULL, 1005},                                                 \
    {"url-field", required_argument, NULL, 1006},                                                  \
    {"max-errors", required_argument, NULL, 1007}
/* clang-format on */

#define CLI_INPUT_USAGE                                                               \
    "  --input-format F     auto (default), jsonl, text (one document per file)\n"    \
    "                       or lines (one document per line)\n"                       \
    "  --id-field K         JSON key of the document id (default: id)\n"              \
    "  --text-field K       JSON key to scan; repeatable (default: title and text)\n" \
    "  --title-field K      JSON key of the title (default: title)\n"                 \
    "  --date-field K       JSON key of the date (default: date)\n"                   \
    "  --url-field K        JSON key of the url (default: url)\n"                     \
    "  --max-errors N       stop at the Nth bad record or damaged gzip region:\n"     \
    "                       exit status 1, and index writes no index (default 0:\n"   \
    "                       no limit)\n"

void cli_input_opts_init(cli_input_opts *o);
/* Handle one of the CLI_INPUT_LONG_OPTIONS: 1 handled, 0 not ours, CLI_USAGE on a bad value. */
int cli_input_option(const char *cmd, cli_input_opts *o, int opt, const char *arg);

/*
 * Handle a gazetteer or corpus option for `index` and `tag`: 1 handled, 0 not
 * one of them, CLI_USAGE (reported), or -1 out of memory (reported).
 */
int cli_corpus_option(const char *cmd, cli_gaz_opts *gaz, cli_input_opts *in, int opt,
                      const char *arg);

/* Iterate the documents of every input file; `fn` gets each document. */
typedef int (*cli_doc_fn)(const entidx_doc *doc, void *payload);

typedef struct cli_scan_stats {
    unsigned long files, docs, skipped, failed_files;
    unsigned long damaged; /* damaged gzip regions skipped */
} cli_scan_stats;

/*
 * After entidx_reader_next() failed with rc: a bad record is counted and
 * warned about (CLI_READ_NEXT: read on) or, with strict, fatal; damaged gzip
 * data is reported as an error and counted, and reading goes on after it
 * (CLI_READ_NEXT), or with strict stops; any other error loses the rest of
 * the file (CLI_READ_END_FILE), or everything with strict or when out of
 * memory (CLI_READ_FATAL). The --max-errors'th bad record or damaged region
 * is fatal too. Reports as it goes; safe to call from several threads.
 */
enum { CLI_READ_NEXT, CLI_READ_END_FILE, CLI_READ_FATAL };
int cli_read_error(int rc, const entidx_error *err, int strict, cli_scan_stats *st);

/*
 * Read every input (files, directories, "-"). Bad records are warned about
 * and counted (or fatal with `strict`); a file that cannot be read or whose
 * gzip data is damaged is reported and counted in failed_files. Returns
 * CLI_OK, CLI_FAIL (fatal: strict, out of memory, or fn failed).
 */
int cli_scan_inputs(const cli_strs *inputs, const cli_input_opts *o, int strict, cli_doc_fn fn,
                    void *payload, cli_scan_stats *stats);

/*
 * How an alias matches, for `lookup` and `tag --explain`: the case rule
 * (default, exact, anycase), then its flags (demonym, ambiguous), then "off"
 * when the alias is switched off. Returns buf.
 */
const char *cli_rule_string(unsigned alias_flags, int off, char *buf, size_t size);

/* Open an index, reporting failure. */
int cli_open_index(const char *path, entidx_index **out);
/* The index's whole entity table (entidx_index_load_gazetteer()); reports failures. */
int cli_index_entities(const entidx_index *ix, const entidx_gazetteer **out);

/* The command entry points. */
/*
 * Read and tag inputs with `threads` threads (tag_pipeline.c), for `entidx
 * index` and `entidx tag`. The sink gets every document with its mentions on
 * the calling thread, strictly in input order, whatever the number of threads.
 */
typedef struct cli_mention {
    entidx_mention m;
    size_t field; /* index into the document's fields */
} cli_mention;

typedef struct cli_tagged_doc {
    const entidx_doc *doc;
    const entidx_index_mention *index_mentions; /* when the job's `full` is 0 */
    const cli_mention *mentions;                /* when it is 1 */
    size_t n_mentions;
} cli_tagged_doc;

/* CLI_OK, or CLI_FAIL to stop the run (the sink reports why). */
typedef int (*cli_sink_fn)(void *payload, const cli_tagged_doc *d);
struct cli_pipeline_job;
/* Setup on the calling thread while the readers inflate the first input; CLI_OK or CLI_FAIL. */
typedef int (*cli_setup_fn)(void *payload, struct cli_pipeline_job *job);
/* The files to be read, in order, before the first document; CLI_OK or CLI_FAIL (reported). */
typedef int (*cli_files_fn)(void *payload, char *const *files, size_t n);

typedef struct cli_pipeline_job {
    const cli_strs *inputs;
    const cli_input_opts *in;
    int strict;
    /*
     * Work that needs no input, done on the calling thread once the readers
     * have started (with one thread: first): loading the gazetteers takes
     * 25-40 ms that inflating the first input would otherwise wait for. It
     * sets gz, and sink_payload if the sink needs it; no worker starts, and
     * files_known is not called, before it returns; a failure (it reports
     * why) stops the readers and fails the run. May be NULL: gz is set.
     */
    cli_setup_fn setup;
    void *setup_payload;
    const entidx_gazetteer *gz;
    const entidx_tagger_opts *tagger_opts; /* NULL: the defaults */
    /* give the sink whole mentions (offsets, alias) and the documents' text;
       with 0, index mentions, and the documents may come without their text
       fields (only their metadata is kept once they are tagged) */
    int full;
    cli_sink_fn sink;
    cli_files_fn files_known; /* may be NULL; given sink_payload */
    void *sink_payload;
    unsigned threads;
    int progress; /* show progress on standard error */
    /* results */
    cli_scan_stats st;
    unsigned long long mentions;
    double seconds;
} cli_pipeline_job;

int cli_pipeline_run(cli_pipeline_job *job);

/* Parse a size such as 512M, 64k, 2G or 1048576. CLI_OK or CLI_USAGE (reported). */
int cli_parse_size(const char *cmd, const char *opt, const char *arg, size_t *out);

/* The number of cores, the default for -j. */
unsigned cli_default_threads(void);
/* Parse -j N (1 to 256). CLI_OK or CLI_USAGE (reported). */
int cli_parse_threads(const char *cmd, const char *arg, unsigned *out);

int cmd_index(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_cooc(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_gazetteer(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
