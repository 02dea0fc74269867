/* SPDX-License-Identifier: MIT */
/*
 * record.h - decoding one JSON Lines record into a document (record.c), and
 * the document metadata both it and the reader's plain-text framings fill.
 * The reader embeds a decoder; entidx_record_decoder_new() gives callers
 * one of their own, so that records framed on one thread can be decoded on
 * others (entidx/reader.h).
 */
#ifndef ENTIDX_RECORD_H
#define ENTIDX_RECORD_H

#include "entidx/reader.h"
#include "buf.h"
#include "json.h"

enum { ENTIDX_KEY_ID, ENTIDX_KEY_TITLE, ENTIDX_KEY_DATE, ENTIDX_KEY_URL, ENTIDX_KEY_TEXT0 };
#define ENTIDX_RECORD_MAX_KEYS (ENTIDX_KEY_TEXT0 + ENTIDX_MAX_TEXT_FIELDS)

struct entidx_record_decoder {
    const char *keys[ENTIDX_RECORD_MAX_KEYS]; /* borrowed from the options */
    size_t n_keys;
    entidx_json_value vals[ENTIDX_RECORD_MAX_KEYS];
    entidx_buf scratch; /* decoded JSON values, capped at max_doc_bytes */
    entidx_buf meta;    /* NUL-terminated id, title, date, url of the current doc */
    entidx_buf idbuf;   /* a generated "path:LINE" id (not capped) */
    entidx_field fields[ENTIDX_MAX_TEXT_FIELDS];
};

/* Set up d for opts (already checked: at most ENTIDX_MAX_TEXT_FIELDS text fields). */
void entidx__record_decoder_init(entidx_record_decoder *d, const entidx_reader_opts *opts);
void entidx__record_decoder_dispose(entidx_record_decoder *d);

/*
 * Fill doc's id, title, date and url from (pointer, length) pairs, copied
 * NUL-terminated into meta (NULL: absent, ""), and its path.
 */
int entidx__doc_set_meta(entidx_buf *meta, entidx_doc *doc, const char *const *s, const size_t *len,
                         const char *path);

/* The id "path:LINE" of a record or line without one of its own, into idbuf. */
int entidx__doc_line_id(entidx_buf *idbuf, const char *path, uint64_t line);

#endif
