/* SPDX-License-Identifier: MIT */
/*
 * linereader.c - capped line splitting over a byte source.
 */
#include "internal.h"
#include "linereader.h"

#define CHUNK (256u * 1024u)

int entidx_linereader_init(entidx_linereader *lr, entidx_gzsrc *src, size_t max_line,
                           entidx_error *err)
{
    memset(lr, 0, sizeof(*lr));
    lr->src = src;
    lr->max_line = max_line;
    lr->size = CHUNK;
    lr->buf = entidx_malloc(lr->size);
    if (lr->buf == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate line buffer");
    return ENTIDX_OK;
}

/* Read more data after the buffered bytes, growing the buffer up to max_line + CHUNK. */
static int fill(entidx_linereader *lr, entidx_error *err)
{
    size_t got;
    int rc;

    if (lr->start > 0) {
        memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
        lr->end -= lr->start;
        lr->start = 0;
    }
    if (lr->end == lr->size) {
        size_t limit = lr->max_line + CHUNK;
        size_t nsize = lr->size * 2 > limit ? limit : lr->size * 2;
        char *p;
        if (nsize <= lr->size)
            return ENTIDX_ELIMIT;
        p = entidx_realloc(lr->buf, nsize);
        if (p == NULL)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot grow line buffer");
        lr->buf = p;
        lr->size = nsize;
    }
    if ((rc = entidx_gzsrc_read(lr->src, lr->buf + lr->end, lr->size - lr->end, &got, err)) < 0)
        return rc;
    if (got == 0)
        lr->eof = 1;
    lr->end += got;
    return ENTIDX_OK;
}

int entidx_linereader_peek(entidx_linereader *lr, const char **p, size_t *len, entidx_error *err)
{
    int rc;
    if (lr->end == 0 && !lr->eof && (rc = fill(lr, err)) < 0)
        return rc;
    *p = lr->buf + lr->start;
    *len = lr->end - lr->start;
    return ENTIDX_OK;
}

/* Discard input up to and including the next newline. */
static int skip_line(entidx_linereader *lr, entidx_error *err)
{
    int rc;
    for (;;) {
        char *nl = memchr(lr->buf + lr->start, '\n', lr->end - lr->start);
        if (nl != NULL) {
            lr->start = (size_t)(nl - lr->buf) + 1;
            return ENTIDX_OK;
        }
        lr->start = lr->end = 0;
        if (lr->eof)
            return ENTIDX_OK;
        if ((rc = fill(lr, err)) < 0)
            return rc;
    }
}

/* Report the current line as too long and skip it. */
static int too_long(entidx_linereader *lr, entidx_error *err)
{
    uint64_t bad = ++lr->line;
    int rc = skip_line(lr, err);
    if (rc < 0)
        return rc;
    return ENTIDX_FAIL_AT(err, ENTIDX_ELIMIT, entidx_gzsrc_path(lr->src), bad, 0,
                          "line longer than %zu bytes; skipped", lr->max_line);
}

int entidx_linereader_next(entidx_linereader *lr, const char **line, size_t *len, entidx_error *err)
{
    size_t scanned = 0;
    int rc;

    for (;;) {
        char *p = lr->buf + lr->start;
        size_t avail = lr->end - lr->start;
        char *nl = avail > scanned ? memchr(p + scanned, '\n', avail - scanned) : NULL;
        size_t n;

        /* max_line + 1: room for the "\r" of a CRLF line end, which does not count */
        if (nl == NULL && !lr->eof && avail <= lr->max_line + 1) {
            scanned = avail;
            rc = fill(lr, err);
            if (rc == ENTIDX_ELIMIT) /* the buffer is full: the line is too long */
                return too_long(lr, err);
            if (rc == ENTIDX_ECORRUPT) {
                /* damaged gzip data cut this line: drop its start, read on after the damage */
                lr->start = lr->end;
                return rc;
            }
            if (rc < 0)
                return rc;
            continue; /* fill() may have moved the data: look again */
        }
        if (nl == NULL && lr->eof && avail == 0)
            return 0;
        n = nl ? (size_t)(nl - p) : avail;
        if (n - (n > 0 && p[n - 1] == '\r') > lr->max_line)
            return too_long(lr, err);
        lr->line++;
        lr->start += n + (nl != NULL);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        *line = p;
        *len = n;
        return 1;
    }
}

void entidx_linereader_dispose(entidx_linereader *lr)
{
    entidx_free(lr->buf);
    lr->buf = NULL;
}
