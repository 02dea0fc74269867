/* SPDX-License-Identifier: MIT */
/*
 * isal.h - optional fast gzip inflate (and CRC-32) through Intel's ISA-L
 * (igzip), loaded at run time.
 *
 * ISA-L inflates 2.5-2.8 times as fast as zlib on the benchmark corpus
 * (bench/run.sh: isal_read 0.63-0.71 s against zlib_read 1.65-2.03 s).
 * It is not a link dependency: libentidx opens libisal.so.2 with dlopen()
 * when first asked, so the library, the static library and a fully static
 * program still need only zlib, and a machine with ISA-L installed gets the
 * speed. Debian ships ISA-L only as a shared library (libisal2), which is
 * why it is not linked like zlib. Setting ENTIDX_INFLATE=zlib in the
 * environment turns it off (for comparisons and debugging).
 *
 * Only the good path uses it: zlib reads each member's header, ISA-L the
 * deflate data and the trailer, and gzsrc.c hands the member to zlib again as
 * soon as either reports anything but clean data, so every diagnostic is
 * zlib's (gzsrc.c tells what else is and is not the same).
 */
#ifndef ENTIDX_ISAL_H
#define ENTIDX_ISAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct entidx_isal entidx_isal;

/* Results of entidx_isal_inflate(). */
enum {
    ENTIDX_ISAL_MORE = 0,    /* went as far as input and output allow */
    ENTIDX_ISAL_END = 1,     /* the member ended: its trailer (CRC-32, length) checked */
    ENTIDX_ISAL_DAMAGED = -1 /* bad data, bad checksum or length: let zlib say what */
};

/*
 * A decoder for one gzip member at a time in *out, or NULL there when ISA-L
 * is not installed or was disabled (ENTIDX_INFLATE=zlib). The decoder reads
 * a member's deflate data and its trailer: its input starts right after the
 * member's header. ENTIDX_OK, or ENTIDX_ENOMEM.
 */
int entidx_isal_new(entidx_isal **out);

/* Would entidx_isal_new() give a decoder now (memory permitting)? */
int entidx_isal_usable(void);

/* Start over at the deflate data of a new member. */
void entidx_isal_reset(entidx_isal *d);

/*
 * Inflate from *in (*avail_in bytes) into out (room bytes); on return *in and
 * *avail_in describe the unread input and *produced the bytes written.
 * ISA-L may keep a few input bytes in its bit buffer, so the unread input is
 * exact only at ENTIDX_ISAL_END (it then starts after the trailer). Returns
 * an ENTIDX_ISAL_* value.
 */
int entidx_isal_inflate(entidx_isal *d, const unsigned char **in, size_t *avail_in,
                        unsigned char *out, size_t room, size_t *produced);

void entidx_isal_free(entidx_isal *d);

/*
 * The CRC-32 of gzip and zlib's crc32() over len bytes, going on from crc (0
 * to start): ISA-L's crc32_gzip_refl() when ISA-L is in use (4-5 times the
 * speed of zlib's here: 10 ms against 47 ms for 256 MB), else zlib's. Which
 * one is decided at the first call of the process (ENTIDX_INFLATE then).
 */
uint32_t entidx_crc32(uint32_t crc, const void *p, size_t len);

#endif
