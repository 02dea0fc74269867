/* SPDX-License-Identifier: MIT */
/*
 * gzsrc.h - a byte source over a file or standard input that inflates gzip
 * (single or multi-member, as `cat a.gz b.gz` makes) and passes plain data
 * through unchanged; which one is decided from the bytes, not the name.
 */
#ifndef ENTIDX_GZSRC_H
#define ENTIDX_GZSRC_H

#include <stddef.h>
#include <stdint.h>

#include "entidx/error.h"

typedef struct entidx_gzsrc entidx_gzsrc;

/* Open `path` ("-" = standard input). ENTIDX_EIO when it cannot be opened. */
int entidx_gzsrc_open(entidx_gzsrc **out, const char *path, entidx_error *err);

/*
 * Read up to len bytes into buf; *got is the count (0 only at the end).
 * Returns 0, ENTIDX_EIO (read error), or ENTIDX_ECORRUPT (bad or truncated
 * gzip data; err names the file and the uncompressed byte offset reached).
 * After an error, later reads return the same error.
 */
int entidx_gzsrc_read(entidx_gzsrc *s, void *buf, size_t len, size_t *got, entidx_error *err);

/* Uncompressed bytes delivered so far. */
uint64_t entidx_gzsrc_offset(const entidx_gzsrc *s);

/* Bytes of the file (compressed, for gzip) consumed so far: for progress. */
uint64_t entidx_gzsrc_raw_offset(const entidx_gzsrc *s);

/* The path given to open (for messages). */
const char *entidx_gzsrc_path(const entidx_gzsrc *s);

/* Close; reports a truncated gzip stream that reads did not (ENTIDX_ECORRUPT). Accepts NULL. */
int entidx_gzsrc_close(entidx_gzsrc *s, entidx_error *err);

#endif
