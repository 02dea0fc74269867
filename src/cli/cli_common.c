/* SPDX-License-Identifier: MIT */
/*
 * cli_common.c - messages, stdout checks, gazetteer loading and input
 * scanning shared by the entidx commands.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_quiet;
unsigned long cli_max_errors;
static atomic_ulong cli_errors_seen; /* bad records and damaged regions, all threads */

/*
 * Write a message to standard error with control characters escaped, so a
 * hostile file name, id or record cannot move the cursor, clear the screen
 * or forge a line of its own: C0 controls and DEL as \n, \t, \r or \xHH,
 * and C1 controls (UTF-8 C2 80 to C2 9F) as \u00HH.
 */
static void put_escaped(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '\n')
            fputs("\\n", stderr);
        else if (*p == '\t')
            fputs("\\t", stderr);
        else if (*p == '\r')
            fputs("\\r", stderr);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            fprintf(stderr, "\\u00%02x", *++p);
        else
            fputc(*p, stderr);
    }
}

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    char buf[4096];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    fputs(prefix, stderr);
    put_escaped(buf);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("entidx: ", fmt, ap);
    va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    if (cli_quiet)
        return;
    va_start(ap, fmt);
    vmessage("entidx: warning: ", fmt, ap);
    va_end(ap);
}

void cli_report(const entidx_error *err)
{
    char buf[1024];
    cli_error("%s", entidx_error_format(err, buf, sizeof(buf)));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("entidx: ", fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'entidx %s --help' for more information.\n", cmd);
    return CLI_USAGE;
}

int cli_output_not_stdout(const char *cmd, const char *output, const char *what)
{
    if (strcmp(output, "-") != 0)
        return CLI_OK;
    return cli_usage_error(cmd,
                           "cannot write %s to standard output (-o -): it is written to a "
                           "temporary file and renamed; give a file name",
                           what);
}

int cli_finish_stdout(int rc)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        cli_error("write failure on standard output: %s", strerror(e));
        return CLI_FAIL;
    }
    return rc;
}

int cli_strs_add(cli_strs *l, const char *s)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 8;
        const char **nv = realloc(l->v, ncap * sizeof(*nv));
        if (nv == NULL) {
            cli_error("out of memory");
            return CLI_FAIL;
        }
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n++] = s;
    return CLI_OK;
}

void cli_strs_dispose(cli_strs *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

void cli_gaz_opts_init(cli_gaz_opts *o)
{
    static const entidx_gazetteer_opts dflt = ENTIDX_GAZETTEER_OPTS_INIT;
    o->paths.v = NULL;
    o->paths.n = o->paths.cap = 0;
    o->load = dflt;
}

void cli_gaz_opts_dispose(cli_gaz_opts *o)
{
    cli_strs_dispose(&o->paths);
}

int cli_gaz_option(cli_gaz_opts *o, int opt, const char *arg)
{
    switch (opt) {
    case 'g': return cli_strs_add(&o->paths, arg) == CLI_OK ? 1 : -1;
    case 1101: o->load.skip_flags |= ENTIDX_ALIAS_DEMONYM; return 1;
    case 1102: o->load.skip_flags &= ~(unsigned)ENTIDX_ALIAS_AMBIGUOUS; return 1;
    case 1103: o->load.stem_language = arg; return 1;
    default: return 0;
    }
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The directory of the shipped gazetteers, for a command given no -g; the
 * first that applies wins:
 *   1. $ENTIDX_GAZETTEER_DIR when set and not empty (taken as is, so that a
 *      wrong value is reported rather than silently passed over);
 *   2. ENTIDX_GAZETTEER_DIR_FROM_BIN relative to the directory of the running
 *      program (/proc/self/exe), when it is a directory: an installed entidx
 *      finds <prefix>/share/entidx/gazetteers wherever the prefix was put or
 *      moved to, without a path fixed at build time;
 *   3. ENTIDX_DEFAULT_GAZETTEER_DIR, the source tree it was built from, so
 *      that build/entidx (and the tests) work without installing.
 * Returns CLI_OK with the directory in buf, or CLI_FAIL (reported).
 */
static int shipped_gazetteer_dir(char *buf, size_t size)
{
    const char *env = getenv("ENTIDX_GAZETTEER_DIR");
    char exe[4096], beside[4096] = "";
    ssize_t n;

    if (env != NULL && env[0] != '\0') {
        if ((size_t)snprintf(buf, size, "%s", env) >= size) {
            cli_error("ENTIDX_GAZETTEER_DIR is too long");
            return CLI_FAIL;
        }
        return CLI_OK;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0 && (size_t)n < sizeof(exe) - 1) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            slash[1] = '\0';
            if ((size_t)snprintf(beside, sizeof(beside), "%s%s", exe,
                                 ENTIDX_GAZETTEER_DIR_FROM_BIN) >= sizeof(beside))
                beside[0] = '\0';
        }
    }
    if (beside[0] != '\0' && is_directory(beside)) {
        snprintf(buf, size, "%s", beside);
        return CLI_OK;
    }
    if (is_directory(ENTIDX_DEFAULT_GAZETTEER_DIR)) {
        snprintf(buf, size, "%s", ENTIDX_DEFAULT_GAZETTEER_DIR);
        return CLI_OK;
    }
    cli_error("no gazetteer given and the shipped ones are missing (looked in %s%s%s); use -g "
              "FILE or set ENTIDX_GAZETTEER_DIR",
              beside[0] ? beside : "", beside[0] ? " and " : "", ENTIDX_DEFAULT_GAZETTEER_DIR);
    return CLI_FAIL;
}

int cli_load_gazetteers(const cli_gaz_opts *opts, entidx_gazetteer **out)
{
    const cli_strs *paths = &opts->paths;
    char dir[4096];
    const char *dflt[1] = {dir};
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *const *in = paths->n ? paths->v : dflt;
    size_t n_in = paths->n ? paths->n : 1;
    cli_strs files = {NULL, 0, 0};
    int rc = CLI_OK;

    *out = NULL;
    if (paths->n == 0 && shipped_gazetteer_dir(dir, sizeof(dir)) != CLI_OK)
        return CLI_FAIL;
    for (size_t i = 0; rc == CLI_OK && i < n_in; i++) {
        char **list;
        size_t n;
        if (entidx_expand_inputs(&list, &n, &in[i], 1, &err) < 0) {
            entidx_paths_free(list, n);
            cli_report(&err);
            if (paths->n == 0)
                cli_error("no gazetteer given and the shipped ones are missing; use -g FILE "
                          "(or set ENTIDX_GAZETTEER_DIR to their directory)");
            rc = CLI_FAIL;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            /*
             * Files named directly are read whatever their name; in a directory,
             * the *.tsv files directly inside it (not in its subdirectories,
             * such as the generator's sources under gazetteers/build/).
             */
            size_t dlen = strlen(in[i]);
            const char *rest = list[k] + dlen + (dlen > 0 && in[i][dlen - 1] != '/');
            int direct = strcmp(list[k], in[i]) == 0;
            int top = !direct && strlen(list[k]) > dlen && strchr(rest, '/') == NULL;
            if (direct || (top && ends_with(list[k], ".tsv"))) {
                char *keep = strdup(list[k]);
                rc = keep ? cli_strs_add(&files, keep) : CLI_FAIL;
                if (rc != CLI_OK)
                    free(keep);
            }
        }
        entidx_paths_free(list, n);
    }
    if (rc == CLI_OK && files.n == 0) {
        cli_error("no gazetteer files (*.tsv) found");
        rc = CLI_FAIL;
    }
    if (rc == CLI_OK && entidx_gazetteer_load(out, files.v, files.n, &opts->load, &err) < 0) {
        cli_report(&err);
        rc = CLI_FAIL;
    }
    for (size_t i = 0; i < files.n; i++)
        free((char *)files.v[i]);
    cli_strs_dispose(&files);
    return rc;
}

int cli_output_format(const char *cmd, const char *name, entidx_table_format dflt_pipe,
                      entidx_table_format *out)
{
    if (name == NULL) {
        *out = isatty(STDOUT_FILENO) ? ENTIDX_TABLE_TEXT : dflt_pipe;
        return CLI_OK;
    }
    if (entidx_table_format_parse(name, out) < 0)
        return cli_usage_error(cmd, "unknown format '%s' (expected table, csv, tsv or jsonl)",
                               name);
    return CLI_OK;
}

void cli_input_opts_init(cli_input_opts *o)
{
    static const entidx_reader_opts dflt = ENTIDX_READER_OPTS_INIT;
    o->reader = dflt;
    o->text_fields_given = 0;
}

int cli_input_option(const char *cmd, cli_input_opts *o, int opt, const char *arg)
{
    switch (opt) {
    case 1001:
        if (strcmp(arg, "auto") == 0)
            o->reader.format = ENTIDX_FORMAT_AUTO;
        else if (strcmp(arg, "jsonl") == 0)
            o->reader.format = ENTIDX_FORMAT_JSONL;
        else if (strcmp(arg, "text") == 0)
            o->reader.format = ENTIDX_FORMAT_TEXT;
        else if (strcmp(arg, "lines") == 0)
            o->reader.format = ENTIDX_FORMAT_LINES;
        else
            return cli_usage_error(cmd, "unknown input format '%s' (auto, jsonl, text, lines)",
                                   arg);
        return 1;
    case 1002: o->reader.id_field = arg; return 1;
    case 1003:
        if (!o->text_fields_given) {
            o->reader.n_text_fields = 0;
            o->text_fields_given = 1;
        }
        if (o->reader.n_text_fields == ENTIDX_MAX_TEXT_FIELDS)
            return cli_usage_error(cmd, "at most %d --text-field options", ENTIDX_MAX_TEXT_FIELDS);
        o->reader.text_fields[o->reader.n_text_fields++] = arg;
        return 1;
    case 1004: o->reader.title_field = arg; return 1;
    case 1005: o->reader.date_field = arg; return 1;
    case 1006: o->reader.url_field = arg; return 1;
    case 1007: {
        char *end;
        unsigned long long v;
        errno = 0;
        v = strtoull(arg, &end, 10);
        if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0 || v > ULONG_MAX)
            return cli_usage_error(cmd, "--max-errors wants a number (0: no limit), not '%s'", arg);
        cli_max_errors = (unsigned long)v;
        return 1;
    }
    default: return 0;
    }
}

int cli_corpus_option(const char *cmd, cli_gaz_opts *gaz, cli_input_opts *in, int opt,
                      const char *arg)
{
    int r = cli_input_option(cmd, in, opt, arg);
    return r != 0 ? r : cli_gaz_option(gaz, opt, arg);
}

/* Count one more bad record or damaged region: 1 when that reaches --max-errors. */
static int too_many_errors(void)
{
    unsigned long n = atomic_fetch_add(&cli_errors_seen, 1) + 1;
    if (cli_max_errors == 0 || n < cli_max_errors)
        return 0;
    if (n == cli_max_errors)
        cli_error("stopping after %lu bad records or damaged regions (--max-errors %lu)", n,
                  cli_max_errors);
    return 1;
}

int cli_read_error(int rc, const entidx_error *err, int strict, cli_scan_stats *st)
{
    if (rc == ENTIDX_EPARSE || rc == ENTIDX_ELIMIT) {
        st->skipped++;
        if (strict) {
            cli_report(err);
            return CLI_READ_FATAL;
        }
        if (!cli_quiet) {
            char buf[1024];
            cli_warning("%s", entidx_error_format(err, buf, sizeof(buf)));
        }
        return too_many_errors() ? CLI_READ_FATAL : CLI_READ_NEXT;
    }
    cli_report(err);
    if (rc == ENTIDX_ECORRUPT) {
        /* damaged gzip data: lost, reported; the reader goes on after it */
        st->damaged++;
        return strict || too_many_errors() ? CLI_READ_FATAL : CLI_READ_NEXT;
    }
    /* I/O error: the rest of this file is lost */
    st->failed_files++;
    return (strict || rc == ENTIDX_ENOMEM) ? CLI_READ_FATAL : CLI_READ_END_FILE;
}

static int scan_file(const char *path, const cli_input_opts *o, int strict, cli_doc_fn fn,
                     void *payload, cli_scan_stats *st)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_reader *r;
    entidx_doc doc;
    int rc;

    if (entidx_reader_open(&r, path, &o->reader, &err) < 0) {
        cli_report(&err);
        st->failed_files++;
        return strict ? CLI_FAIL : CLI_OK;
    }
    st->files++;
    for (;;) {
        rc = entidx_reader_next(r, &doc, &err);
        if (rc == 1) {
            st->docs++;
            if (fn(&doc, payload) != CLI_OK) {
                entidx_reader_close(r, NULL);
                return CLI_FAIL;
            }
            continue;
        }
        if (rc == 0)
            break;
        rc = cli_read_error(rc, &err, strict, st);
        if (rc == CLI_READ_NEXT)
            continue;
        entidx_reader_close(r, NULL);
        return rc == CLI_READ_FATAL ? CLI_FAIL : CLI_OK;
    }
    if (entidx_reader_close(r, &err) < 0) {
        cli_report(&err);
        st->failed_files++;
        return strict ? CLI_FAIL : CLI_OK;
    }
    return CLI_OK;
}

int cli_scan_inputs(const cli_strs *inputs, const cli_input_opts *o, int strict, cli_doc_fn fn,
                    void *payload, cli_scan_stats *stats)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    int rc = CLI_OK;

    memset(stats, 0, sizeof(*stats));
    for (size_t i = 0; rc == CLI_OK && i < inputs->n; i++) {
        char **files;
        size_t n;
        /* expand one argument at a time so a missing one does not hide the others */
        if (entidx_expand_inputs(&files, &n, &inputs->v[i], 1, &err) < 0) {
            cli_report(&err);
            stats->failed_files++;
            if (strict)
                rc = CLI_FAIL;
            if (strict || n == 0) { /* else read the files that were found */
                entidx_paths_free(files, n);
                continue;
            }
        }
        for (size_t k = 0; rc == CLI_OK && k < n; k++)
            rc = scan_file(files[k], o, strict, fn, payload, stats);
        entidx_paths_free(files, n);
    }
    return rc;
}

const char *cli_rule_string(unsigned alias_flags, int off, char *buf, size_t size)
{
    char flags[64];
    entidx_alias_flags_format(alias_flags & ~(unsigned)(ENTIDX_ALIAS_EXACT | ENTIDX_ALIAS_ANYCASE),
                              flags, sizeof(flags));
    snprintf(buf, size, "%s%s%s%s",
             (alias_flags & ENTIDX_ALIAS_EXACT)     ? "exact"
             : (alias_flags & ENTIDX_ALIAS_ANYCASE) ? "anycase"
                                                    : "default",
             flags[0] ? "," : "", flags, off ? ",off" : "");
    return buf;
}

int cli_open_index(const char *path, entidx_index **out)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    if (entidx_index_open(out, path, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_index_entities(const entidx_index *ix, const entidx_gazetteer **out)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    if (entidx_index_load_gazetteer(ix, out, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_parse_size(const char *cmd, const char *opt, const char *arg, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(arg, &end, 10);
    unsigned shift = 0;
    if (end == arg || *arg == '-')
        return cli_usage_error(cmd, "%s wants a size such as 512M, not '%s'", opt, arg);
    switch (*end) {
    case '\0': break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    default: return cli_usage_error(cmd, "%s wants a size such as 512M, not '%s'", opt, arg);
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v > (SIZE_MAX >> shift))
        return cli_usage_error(cmd, "%s wants a size such as 512M, not '%s'", opt, arg);
    *out = (size_t)(v << shift);
    return CLI_OK;
}

unsigned cli_default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 0 ? (unsigned)cores : 1;
}

int cli_parse_threads(const char *cmd, const char *arg, unsigned *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || v < 1 || v > 256)
        return cli_usage_error(cmd, "-j wants a number of threads from 1 to 256, not '%s'", arg);
    *out = (unsigned)v;
    return CLI_OK;
}
