/* SPDX-License-Identifier: MIT */
/*
 * gzsrc.h - a byte source over a file or standard input that inflates gzip
 * (single or multi-member, as `cat a.gz b.gz` makes) and passes plain data
 * through unchanged; which one is decided from the bytes, not the name.
 * A damaged gzip member is reported and skipped: later members are read.
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
 * Returns 0, ENTIDX_EIO (read error; later reads fail too), ENTIDX_ENOMEM, or
 * ENTIDX_ECORRUPT: damaged gzip data, reported when it is found. err names
 * the file, the compressed byte offset of the damage (err->offset) and the
 * compressed byte range skipped; the next read goes on at the next gzip
 * member, or reports the end when there is none. A truncated member and
 * trailing garbage after the last member are reported the same way.
 */
int entidx_gzsrc_read(entidx_gzsrc *s, void *buf, size_t len, size_t *got, entidx_error *err);

/* Uncompressed bytes delivered so far. */
uint64_t entidx_gzsrc_offset(const entidx_gzsrc *s);

/* Bytes of the file (compressed, for gzip) consumed so far: for progress. */
uint64_t entidx_gzsrc_raw_offset(const entidx_gzsrc *s);

/* The path given to open (for messages). */
const char *entidx_gzsrc_path(const entidx_gzsrc *s);

/* Close the file; ENTIDX_EIO only when close(2) fails. Accepts NULL. */
int entidx_gzsrc_close(entidx_gzsrc *s, entidx_error *err);

#endif
