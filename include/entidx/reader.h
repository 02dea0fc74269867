/* SPDX-License-Identifier: MIT */
/*
 * entidx/reader.h - read documents from a corpus file: gzip or plain (decided
 * from the bytes), as JSON Lines (one article per line) or plain text (the
 * whole file is one document, or one document per line).
 *
 * Memory stays bounded whatever the corpus size: one document at a time, each
 * at most max_doc_bytes. A bad record (malformed JSON, over-long line) is
 * reported as ENTIDX_EPARSE/ENTIDX_ELIMIT with file:line and the reader stays
 * usable: the next call moves on to the next record.
 *
 * Corpus formats are described in corpora/README.md.
 */
#ifndef ENTIDX_READER_H
#define ENTIDX_READER_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"

typedef enum entidx_input_format {
    ENTIDX_FORMAT_AUTO = 0, /**< JSONL when the first non-blank byte is '{', else TEXT */
    ENTIDX_FORMAT_JSONL,    /**< one JSON object per line */
    ENTIDX_FORMAT_TEXT,     /**< the whole file is one document; its id is the path */
    ENTIDX_FORMAT_LINES     /**< each non-blank line is a document; its id is "path:LINE" */
} entidx_input_format;

#define ENTIDX_MAX_TEXT_FIELDS 8

typedef struct entidx_reader_opts {
    entidx_input_format format;
    const char *id_field;    /**< JSONL key of the document id (default "id") */
    const char *title_field; /**< default "title" */
    const char *date_field;  /**< default "date" */
    const char *url_field;   /**< default "url" */
    /** JSONL keys scanned for mentions, in order (default: "title", "text") */
    const char *text_fields[ENTIDX_MAX_TEXT_FIELDS];
    size_t n_text_fields;
    size_t max_doc_bytes; /**< longest line or document accepted (default 16 MiB) */
} entidx_reader_opts;

#define ENTIDX_READER_OPTS_INIT                                                           \
    {                                                                                     \
        ENTIDX_FORMAT_AUTO, "id", "title", "date", "url", {"title", "text"}, 2, 16u << 20 \
    }

/** A text field of a document, to be scanned for mentions. */
typedef struct entidx_field {
    const char *name; /**< the JSONL key, or "text" for plain text */
    const char *text; /**< UTF-8, not NUL-terminated */
    size_t len;
} entidx_field;

/**
 * One document. Every pointer is borrowed and valid until the next call to
 * entidx_reader_next() or entidx_reader_close(). Strings are NUL-terminated
 * (besides their length); absent metadata is "" with length 0.
 */
typedef struct entidx_doc {
    const char *id;
    size_t id_len;
    const char *title;
    size_t title_len;
    const char *date;
    size_t date_len;
    const char *url;
    size_t url_len;
    const entidx_field *fields; /**< the text fields present, in configured order */
    size_t n_fields;
    const char *path; /**< the file it came from */
    uint64_t line;    /**< 1-based line of the record (1 for whole-file text) */
} entidx_doc;

typedef struct entidx_reader entidx_reader;

/** Open `path` ("-" = standard input). opts may be NULL for the defaults. */
ENTIDX_EXTERN int entidx_reader_open(entidx_reader **out, const char *path,
                                     const entidx_reader_opts *opts, entidx_error *err);

/**
 * Read the next document.
 *
 * JSONL records: the id is the id field (a string, or a number taken as
 * written); when absent, "path:LINE". Metadata fields that are not strings are
 * ignored. A record that is not a JSON object, or whose text field is not a
 * string, is ENTIDX_EPARSE.
 *
 * @return 1 with *doc filled, 0 at the end, or ENTIDX_EPARSE / ENTIDX_ELIMIT
 *         (record skipped; the reader stays usable), ENTIDX_EIO,
 *         ENTIDX_ECORRUPT (damaged gzip data, reported with its compressed
 *         byte offset and the bytes skipped; the reader stays usable: the
 *         next call reads on at the next gzip member, or returns 0),
 *         ENTIDX_ENOMEM.
 */
ENTIDX_EXTERN int entidx_reader_next(entidx_reader *r, entidx_doc *doc, entidx_error *err);

/**
 * entidx_reader_next() without decoding JSON Lines records, for callers that
 * decode them elsewhere (on other threads: entidx_record_decode()). For a
 * JSON Lines record, *raw and *raw_len give its line (without a leading byte
 * order mark or trailing blanks; valid until the next call) and only
 * doc->path and doc->line are set; in the other formats *raw is NULL and
 * *doc is the document. Returns as entidx_reader_next(), but a record's
 * decoding errors are entidx_record_decode()'s to report.
 */
ENTIDX_EXTERN int entidx_reader_next_raw(entidx_reader *r, entidx_doc *doc, const char **raw,
                                         size_t *raw_len, entidx_error *err);

/**
 * Decodes JSON Lines records as a reader opened with the same options does.
 * Its key strings are borrowed from the options: they must outlive it. One
 * decoder per thread.
 */
typedef struct entidx_record_decoder entidx_record_decoder;

/** A decoder for records read with opts (NULL for the defaults). */
ENTIDX_EXTERN int entidx_record_decoder_new(entidx_record_decoder **out,
                                            const entidx_reader_opts *opts, entidx_error *err);

/**
 * Decode the record `raw` (raw_len bytes: a line from entidx_reader_next_raw())
 * that was line `line` of `path` into *doc, exactly as entidx_reader_next()
 * does. doc's pointers are valid until the next call with d; doc->path is
 * `path`. Returns 1, or ENTIDX_EPARSE / ENTIDX_ELIMIT (the record is to be
 * skipped, reported with path:line) or ENTIDX_ENOMEM.
 */
ENTIDX_EXTERN int entidx_record_decode(entidx_record_decoder *d, const char *path, uint64_t line,
                                       const char *raw, size_t raw_len, entidx_doc *doc,
                                       entidx_error *err);

/** Free a decoder; accepts NULL. */
ENTIDX_EXTERN void entidx_record_decoder_free(entidx_record_decoder *d);

/** Lines (or files) read so far. */
ENTIDX_EXTERN uint64_t entidx_reader_line(const entidx_reader *r);

/** Bytes of the input file (compressed, for gzip) consumed so far, for progress reports. */
ENTIDX_EXTERN uint64_t entidx_reader_bytes_read(const entidx_reader *r);

/** Close; ENTIDX_EIO when closing the file fails. Accepts NULL. */
ENTIDX_EXTERN int entidx_reader_close(entidx_reader *r, entidx_error *err);

/**
 * Expand files and directories into the list of files to read: directories
 * are walked recursively, entries in byte order of their names, hidden entries
 * (starting with '.') skipped, symbolic-link loops reported. "-" stays as it
 * is. The list and its strings are freed with entidx_paths_free().
 *
 * @return ENTIDX_OK, ENTIDX_EIO (naming the path) or ENTIDX_ENOMEM. After
 *         ENTIDX_EIO, *out may still list the files that were found (a
 *         directory loop inside a walked directory is reported and left out,
 *         its siblings are kept): free it and read them when *n_out > 0.
 */
ENTIDX_EXTERN int entidx_expand_inputs(char ***out, size_t *n_out, const char *const *inputs,
                                       size_t n_inputs, entidx_error *err);
ENTIDX_EXTERN void entidx_paths_free(char **paths, size_t n);

#endif
