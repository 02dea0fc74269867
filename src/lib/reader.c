/* SPDX-License-Identifier: MIT */
/*
 * reader.c - document framing over a byte source: JSON Lines records, whole
 * plain-text files, or one plain-text document per line.
 */
#include "internal.h"
#include "entidx/reader.h"
#include "gzsrc.h"
#include "linereader.h"
#include "record.h"

#define MAX_TITLE_FROM_TEXT 300

struct entidx_reader {
    entidx_reader_opts opts;
    entidx_gzsrc *src;
    entidx_linereader lr;
    entidx_input_format format;   /* resolved: never AUTO after the first read */
    entidx_record_decoder record; /* JSONL records */
    entidx_buf meta;              /* NUL-terminated id, title, date, url of a text document */
    entidx_buf text;              /* whole-file text */
    entidx_buf idbuf;             /* a generated "path:LINE" id (not capped by max_doc_bytes) */
    entidx_field fields[1];       /* a text document's one field */
    int done;                     /* TEXT: the single document has been returned */
};

int entidx_reader_open(entidx_reader **out, const char *path, const entidx_reader_opts *opts,
                       entidx_error *err)
{
    static const entidx_reader_opts defaults = ENTIDX_READER_OPTS_INIT;
    entidx_reader *r;
    int rc;

    *out = NULL;
    if (opts == NULL)
        opts = &defaults;
    if (opts->n_text_fields > ENTIDX_MAX_TEXT_FIELDS)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "at most %d text fields", ENTIDX_MAX_TEXT_FIELDS);
    r = entidx_calloc(1, sizeof(*r));
    if (r == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate reader");
    r->opts = *opts;
    if (r->opts.max_doc_bytes == 0)
        r->opts.max_doc_bytes = defaults.max_doc_bytes;
    entidx__record_decoder_init(&r->record, &r->opts);
    r->text.cap = r->opts.max_doc_bytes;
    if ((rc = entidx_gzsrc_open(&r->src, path, err)) < 0)
        goto fail;
    if ((rc = entidx_linereader_init(&r->lr, r->src, r->opts.max_doc_bytes, err)) < 0)
        goto fail;
    r->format = r->opts.format;
    *out = r;
    return ENTIDX_OK;
fail:
    entidx_reader_close(r, NULL);
    return rc;
}

static int detect_format(entidx_reader *r, entidx_error *err)
{
    const char *p;
    size_t len, i = 0;
    int rc;

    if ((rc = entidx_linereader_peek(&r->lr, &p, &len, err)) < 0)
        return rc;
    if (len >= 2 && ((p[0] == '\xff' && p[1] == '\xfe') || (p[0] == '\xfe' && p[1] == '\xff'))) {
        /* UTF-16 would index as garbage: say so and skip the file */
        r->format = ENTIDX_FORMAT_TEXT;
        r->done = 1;
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, entidx_gzsrc_path(r->src), 1, 0,
                              "UTF-16 text (byte order mark %02X %02X) is not supported; file "
                              "skipped (convert it: iconv -f UTF-16 -t UTF-8)",
                              (unsigned char)p[0], (unsigned char)p[1]);
    }
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    r->format = (i < len && p[i] == '{') ? ENTIDX_FORMAT_JSONL : ENTIDX_FORMAT_TEXT;
    return ENTIDX_OK;
}

/*
 * The next JSON Lines record, framed but not decoded: its line without a
 * leading byte order mark or trailing blanks. Blank lines are no records.
 */
static int next_record(entidx_reader *r, const char **raw, size_t *raw_len, entidx_error *err)
{
    const char *line;
    size_t len;
    int rc;

    do {
        if ((rc = entidx_linereader_next(&r->lr, &line, &len, err)) <= 0)
            return rc;
        if (r->lr.line == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
            line += 3;
            len -= 3;
        }
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
    } while (len == 0);
    *raw = line;
    *raw_len = len;
    return 1;
}

static int next_jsonl(entidx_reader *r, entidx_doc *doc, entidx_error *err)
{
    const char *raw;
    size_t len;
    int rc = next_record(r, &raw, &len, err);
    if (rc <= 0)
        return rc;
    return entidx_record_decode(&r->record, entidx_gzsrc_path(r->src), r->lr.line, raw, len, doc,
                                err);
}

static int next_line_doc(entidx_reader *r, entidx_doc *doc, entidx_error *err)
{
    const char *line, *path = entidx_gzsrc_path(r->src);
    const char *ms[4] = {NULL, NULL, NULL, NULL};
    size_t len, ml[4] = {0, 0, 0, 0};
    int rc;

    for (;;) {
        size_t k = 0;
        if ((rc = entidx_linereader_next(&r->lr, &line, &len, err)) <= 0)
            return rc;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k < len)
            break; /* lines of white space only are not documents */
    }
    if ((rc = entidx__doc_line_id(&r->idbuf, path, r->lr.line)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    ms[0] = r->idbuf.ptr;
    ml[0] = r->idbuf.len;
    if ((rc = entidx__doc_set_meta(&r->meta, doc, ms, ml, path)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    /* the line stays valid until the next call: no copy needed */
    r->fields[0].name = "text";
    r->fields[0].text = line;
    r->fields[0].len = len;
    doc->fields = r->fields;
    doc->n_fields = 1;
    doc->line = r->lr.line;
    return 1;
}

static int next_text_file(entidx_reader *r, entidx_doc *doc, entidx_error *err)
{
    const char *path = entidx_gzsrc_path(r->src);
    const char *ms[4] = {NULL, NULL, NULL, NULL};
    size_t ml[4] = {0, 0, 0, 0};
    const char *p;
    size_t len, start, title_end;
    int rc;

    if (r->done)
        return 0;
    r->done = 1;
    entidx_buf_clear(&r->text);
    /* take what the line reader has buffered, then read the rest directly */
    if ((rc = entidx_linereader_peek(&r->lr, &p, &len, err)) < 0)
        return rc;
    if ((rc = entidx_buf_put(&r->text, p, len)) < 0)
        goto put_failed;
    r->lr.start = r->lr.end;
    for (;;) {
        char chunk[65536];
        size_t got;
        if ((rc = entidx_gzsrc_read(r->src, chunk, sizeof(chunk), &got, err)) < 0)
            return rc;
        if (got == 0)
            break;
        if ((rc = entidx_buf_put(&r->text, chunk, got)) < 0)
            goto put_failed;
    }
    p = r->text.ptr ? r->text.ptr : "";
    len = r->text.len;
    if (len == 0)
        return 0; /* an empty file is no document */
    start = (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
    /* the title is the first non-blank line, clipped */
    while (start < len &&
           (p[start] == ' ' || p[start] == '\t' || p[start] == '\r' || p[start] == '\n'))
        start++;
    title_end = start;
    while (title_end < len && p[title_end] != '\n' && title_end - start < MAX_TITLE_FROM_TEXT)
        title_end++;
    /* never cut a UTF-8 sequence: back up over continuation bytes */
    while (title_end > start && title_end < len && p[title_end] != '\n' &&
           ((unsigned char)p[title_end] & 0xc0) == 0x80)
        title_end--;
    while (title_end > start && (p[title_end - 1] == '\r' || p[title_end - 1] == ' '))
        title_end--;
    ms[0] = path;
    ml[0] = strlen(path);
    ms[1] = p + start;
    ml[1] = title_end - start;
    if ((rc = entidx__doc_set_meta(&r->meta, doc, ms, ml, path)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    r->fields[0].name = "text";
    r->fields[0].text = p;
    r->fields[0].len = len;
    doc->fields = r->fields;
    doc->n_fields = 1;
    doc->line = 1;
    return 1;
put_failed:
    if (rc == ENTIDX_ELIMIT) {
        return ENTIDX_FAIL_AT(err, rc, path, 0, 0, "document larger than %zu bytes; skipped",
                              r->opts.max_doc_bytes);
    }
    return ENTIDX_FAIL(err, rc, "out of memory reading '%s'", path);
}

int entidx_reader_next(entidx_reader *r, entidx_doc *doc, entidx_error *err)
{
    int rc;
    memset(doc, 0, sizeof(*doc));
    if (r->format == ENTIDX_FORMAT_AUTO && (rc = detect_format(r, err)) < 0)
        return rc;
    switch (r->format) {
    case ENTIDX_FORMAT_JSONL: return next_jsonl(r, doc, err);
    case ENTIDX_FORMAT_LINES: return next_line_doc(r, doc, err);
    default: return next_text_file(r, doc, err);
    }
}

int entidx_reader_next_raw(entidx_reader *r, entidx_doc *doc, const char **raw, size_t *raw_len,
                           entidx_error *err)
{
    int rc;
    *raw = NULL;
    *raw_len = 0;
    memset(doc, 0, sizeof(*doc));
    if (r->format == ENTIDX_FORMAT_AUTO && (rc = detect_format(r, err)) < 0)
        return rc;
    if (r->format != ENTIDX_FORMAT_JSONL)
        return entidx_reader_next(r, doc, err);
    if ((rc = next_record(r, raw, raw_len, err)) <= 0)
        return rc;
    doc->path = entidx_gzsrc_path(r->src);
    doc->line = r->lr.line;
    return 1;
}

uint64_t entidx_reader_line(const entidx_reader *r)
{
    return r->lr.line;
}

uint64_t entidx_reader_bytes_read(const entidx_reader *r)
{
    return entidx_gzsrc_raw_offset(r->src);
}

int entidx_reader_close(entidx_reader *r, entidx_error *err)
{
    int rc;
    if (r == NULL)
        return ENTIDX_OK;
    rc = entidx_gzsrc_close(r->src, err);
    entidx_linereader_dispose(&r->lr);
    entidx__record_decoder_dispose(&r->record);
    entidx_buf_dispose(&r->meta);
    entidx_buf_dispose(&r->text);
    entidx_buf_dispose(&r->idbuf);
    entidx_free(r);
    return rc;
}
