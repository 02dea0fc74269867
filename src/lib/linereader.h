/* SPDX-License-Identifier: MIT */
/*
 * linereader.h - split a byte source into lines with a hard cap on line
 * length. An over-long line is reported once (ENTIDX_ELIMIT with its line
 * number) and skipped; reading then goes on with the next line.
 */
#ifndef ENTIDX_LINEREADER_H
#define ENTIDX_LINEREADER_H

#include <stddef.h>
#include <stdint.h>

#include "gzsrc.h"

typedef struct entidx_linereader {
    entidx_gzsrc *src; /* borrowed */
    char *buf;
    size_t size;     /* allocated */
    size_t start;    /* first unread byte */
    size_t end;      /* one past the last valid byte */
    size_t max_line; /* longest line accepted, excluding the newline */
    uint64_t line;   /* number of the line last returned (1-based) */
    int eof;
} entidx_linereader;

int entidx_linereader_init(entidx_linereader *lr, entidx_gzsrc *src, size_t max_line,
                           entidx_error *err);

/*
 * The next line without its "\n" (and without a "\r" before it): 1, 0 at the
 * end, ENTIDX_ELIMIT (line skipped), or the source's error. After
 * ENTIDX_ECORRUPT (damaged gzip data) the line the damage cut is dropped and
 * the next call reads on after the damage. *line is valid until the next call.
 */
int entidx_linereader_next(entidx_linereader *lr, const char **line, size_t *len,
                           entidx_error *err);

/*
 * Peek at the first bytes of the source without consuming them: *p and *len
 * describe what is buffered (up to the first refill). For format detection.
 */
int entidx_linereader_peek(entidx_linereader *lr, const char **p, size_t *len, entidx_error *err);

void entidx_linereader_dispose(entidx_linereader *lr);

#endif
