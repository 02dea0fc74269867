/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - strict UTF-8 decoding and encoding. Invalid sequences (overlongs,
 * surrogates, truncated or stray continuation bytes, values past U+10FFFF)
 * decode as one byte with code point -1, so a scanner always advances.
 */
#ifndef ENTIDX_UTF8_H
#define ENTIDX_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at p (avail > 0 bytes). Returns the bytes consumed (1-4); *cp is -1 when
 * invalid. */
size_t entidx_utf8_decode(const uint8_t *p, size_t avail, int32_t *cp);

/* Encode cp (0..0x10FFFF, not a surrogate) into out; returns bytes written (1-4), 0 if invalid. */
size_t entidx_utf8_encode(int32_t cp, char out[4]);

/* 1 when the whole buffer is valid UTF-8. */
int entidx_utf8_valid(const char *s, size_t len);

#endif
