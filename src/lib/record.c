/* SPDX-License-Identifier: MIT */
/*
 * record.c - one JSON Lines record decoded into a document: its text fields
 * and metadata picked out of the object, an id made up when it has none.
 */
#include "internal.h"
#include "record.h"

#include <inttypes.h>
#include <stdio.h>

void entidx__record_decoder_init(entidx_record_decoder *d, const entidx_reader_opts *opts)
{
    memset(d, 0, sizeof(*d));
    d->keys[ENTIDX_KEY_ID] = opts->id_field ? opts->id_field : "id";
    d->keys[ENTIDX_KEY_TITLE] = opts->title_field ? opts->title_field : "title";
    d->keys[ENTIDX_KEY_DATE] = opts->date_field ? opts->date_field : "date";
    d->keys[ENTIDX_KEY_URL] = opts->url_field ? opts->url_field : "url";
    for (size_t i = 0; i < opts->n_text_fields; i++)
        d->keys[ENTIDX_KEY_TEXT0 + i] = opts->text_fields[i];
    d->n_keys = ENTIDX_KEY_TEXT0 + opts->n_text_fields;
    d->scratch.cap = opts->max_doc_bytes;
}

void entidx__record_decoder_dispose(entidx_record_decoder *d)
{
    entidx_buf_dispose(&d->scratch);
    entidx_buf_dispose(&d->meta);
    entidx_buf_dispose(&d->idbuf);
}

int entidx_record_decoder_new(entidx_record_decoder **out, const entidx_reader_opts *opts,
                              entidx_error *err)
{
    static const entidx_reader_opts defaults = ENTIDX_READER_OPTS_INIT;
    entidx_reader_opts o = opts ? *opts : defaults;
    entidx_record_decoder *d;

    *out = NULL;
    if (o.n_text_fields > ENTIDX_MAX_TEXT_FIELDS)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "at most %d text fields", ENTIDX_MAX_TEXT_FIELDS);
    if (o.max_doc_bytes == 0)
        o.max_doc_bytes = defaults.max_doc_bytes;
    if ((d = entidx_malloc(sizeof(*d))) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate record decoder");
    entidx__record_decoder_init(d, &o);
    *out = d;
    return ENTIDX_OK;
}

void entidx_record_decoder_free(entidx_record_decoder *d)
{
    if (d == NULL)
        return;
    entidx__record_decoder_dispose(d);
    entidx_free(d);
}

/* Append a NUL-terminated copy of s to meta; *off gets its offset. */
static int meta_put(entidx_buf *meta, const char *s, size_t len, size_t *off)
{
    int rc;
    *off = meta->len;
    if ((rc = entidx_buf_put(meta, s, len)) < 0)
        return rc;
    return entidx_buf_putc(meta, '\0');
}

int entidx__doc_set_meta(entidx_buf *meta, entidx_doc *doc, const char *const *s, const size_t *len,
                         const char *path)
{
    size_t off[4];
    int rc;

    entidx_buf_clear(meta);
    for (int i = 0; i < 4; i++) {
        if ((rc = meta_put(meta, s[i] ? s[i] : "", s[i] ? len[i] : 0, &off[i])) < 0)
            return rc;
    }
    doc->id = meta->ptr + off[0];
    doc->id_len = s[0] ? len[0] : 0;
    doc->title = meta->ptr + off[1];
    doc->title_len = s[1] ? len[1] : 0;
    doc->date = meta->ptr + off[2];
    doc->date_len = s[2] ? len[2] : 0;
    doc->url = meta->ptr + off[3];
    doc->url_len = s[3] ? len[3] : 0;
    doc->path = path;
    return ENTIDX_OK;
}

int entidx__doc_line_id(entidx_buf *idbuf, const char *path, uint64_t line)
{
    char num[32];
    int n = snprintf(num, sizeof(num), ":%" PRIu64, line), rc;
    entidx_buf_clear(idbuf);
    if ((rc = entidx_buf_puts(idbuf, path)) < 0)
        return rc;
    return entidx_buf_put(idbuf, num, (size_t)n);
}

int entidx_record_decode(entidx_record_decoder *d, const char *path, uint64_t line, const char *raw,
                         size_t raw_len, entidx_doc *doc, entidx_error *err)
{
    const char *ms[4];
    size_t ml[4], err_off;
    const char *msg;
    int rc;

    memset(doc, 0, sizeof(*doc));
    rc = entidx_json_fields(raw, raw_len, d->keys, d->n_keys, d->vals, &d->scratch, &err_off, &msg);
    if (rc == ENTIDX_EPARSE)
        return ENTIDX_FAIL_AT(err, rc, path, line, err_off + 1, "%s", msg);
    if (rc < 0)
        return ENTIDX_FAIL_AT(err, rc, path, line, 0,
                              rc == ENTIDX_ELIMIT ? "record too large; skipped"
                                                  : "out of memory decoding record");
    for (size_t i = ENTIDX_KEY_TEXT0; i < d->n_keys; i++) {
        const entidx_json_value *v = &d->vals[i];
        if (v->type == ENTIDX_JSON_ABSENT || v->type == ENTIDX_JSON_NULL)
            continue;
        if (v->type != ENTIDX_JSON_STRING)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, line, 0,
                                  "field '%s' is not a string; record skipped", d->keys[i]);
        d->fields[doc->n_fields].name = d->keys[i];
        d->fields[doc->n_fields].text = d->scratch.ptr + v->off;
        d->fields[doc->n_fields].len = v->len;
        doc->n_fields++;
    }
    for (int i = 0; i < 4; i++) {
        const entidx_json_value *v = &d->vals[i];
        int usable =
            v->type == ENTIDX_JSON_STRING || (i == ENTIDX_KEY_ID && v->type == ENTIDX_JSON_NUMBER);
        ms[i] = usable ? d->scratch.ptr + v->off : NULL;
        ml[i] = usable ? v->len : 0;
    }
    if (ms[ENTIDX_KEY_ID] == NULL || ml[ENTIDX_KEY_ID] == 0) {
        if ((rc = entidx__doc_line_id(&d->idbuf, path, line)) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory");
        ms[ENTIDX_KEY_ID] = d->idbuf.ptr;
        ml[ENTIDX_KEY_ID] = d->idbuf.len;
    }
    if ((rc = entidx__doc_set_meta(&d->meta, doc, ms, ml, path)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    doc->fields = d->fields;
    doc->line = line;
    return 1;
}
