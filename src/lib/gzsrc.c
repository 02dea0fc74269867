/* SPDX-License-Identifier: MIT */
/*
 * gzsrc.c - byte source over a file descriptor: gzip (every member, inflated
 * with zlib's inflate in a loop of our own) or plain data passed through.
 *
 * Damage handling. A member whose deflate data or trailer is bad is reported
 * when inflate finds the damage, with the compressed byte offset; then the
 * input is scanned for the next plausible member header (1f 8b 08, flags with
 * no reserved bit, a known XFL and OS byte) and reading goes on there, so one
 * bad member costs only itself. Data after the last member that is not a
 * member (trailing garbage) is reported and ignored; a member cut short by
 * the end of the file is reported as truncated at the moment the end is met.
 * Memory stays bounded: one input buffer and zlib's window.
 *
 * Speed. When ISA-L is installed (isal.h) and the input is a regular file,
 * zlib reads each member's header and ISA-L, much faster, its deflate data
 * and trailer. The moment either sees anything wrong (a bad header, bad data,
 * a bad checksum or length, the file ending inside a member) the file is read
 * again from the start of that member with zlib alone, which drops as many
 * bytes as were already delivered and then goes on as above. The rest of
 * that file is read with zlib. So every message is zlib's, and so are the
 * bytes of every member zlib finds nothing wrong with, whichever decoder ran.
 * Of a damaged member the bytes before the damage may differ: ISA-L accepts
 * some malformed Huffman tables zlib rejects, and decodes them to bytes zlib
 * does not deliver (both decoders deliver some garbage from some damage).
 */
#include "internal.h"
#include "gzsrc.h"
#include "isal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define GZ_INPUT_BYTES  (128u * 1024u)
#define GZ_HEADER_BYTES 10u /* fixed part of a member header (RFC 1952) */

enum gz_mode { MODE_UNKNOWN, MODE_PLAIN, MODE_GZIP };

struct entidx_gzsrc {
    int fd;
    char *path;
    unsigned char *in; /* compressed input buffer */
    z_stream z;        /* next_in/avail_in describe the unread part of `in` */
    int z_ready;       /* inflateInit2 succeeded */
    enum gz_mode mode;
    int in_eof;              /* read() returned 0 */
    int in_member;           /* inside a member (its header has been started) */
    int done;                /* nothing more will be delivered */
    int failed;              /* sticky I/O or memory error code */
    int pending;             /* damage found after data was delivered: report on the next read */
    const char *pending_msg; /* zlib's message for the pending damage */
    uint64_t pending_at;     /* compressed offset of the pending damage */
    uint64_t member_start;   /* compressed offset of the current member */
    uint64_t raw_read;       /* bytes read from fd */
    uint64_t offset;         /* uncompressed bytes delivered */
    entidx_isal *isal;       /* the fast decoder while it has seen no damage, else NULL */
    int isal_body;           /* with isal: zlib has read the member's header, ISA-L goes on */
    uint64_t member_out;     /* bytes of the current member delivered (ISA-L) */
    uint64_t skip;           /* zlib re-reading a member: bytes already delivered from it */
};

int entidx_gzsrc_open(entidx_gzsrc **out, const char *path, entidx_error *err)
{
    entidx_gzsrc *s;

    *out = NULL;
    s = entidx_calloc(1, sizeof(*s));
    if (s == NULL || (s->path = entidx_strndup(path, strlen(path))) == NULL ||
        (s->in = entidx_malloc(GZ_INPUT_BYTES)) == NULL) {
        if (s != NULL)
            entidx_free(s->path);
        entidx_free(s);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate reader for '%s'", path);
    }
    s->fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (s->fd < 0) {
        int e = errno;
        entidx_free(s->in);
        entidx_free(s->path);
        entidx_free(s);
        return ENTIDX_FAIL_SYS(err, e, path, "cannot open");
    }
    s->z.next_in = s->in;
    *out = s;
    return ENTIDX_OK;
}

/* Compressed bytes consumed so far (read from the file and not left in the buffer). */
static uint64_t raw_pos(const entidx_gzsrc *s)
{
    return s->raw_read - s->z.avail_in;
}

/* One read(2) of up to len bytes into buf: *got bytes, 0 at the end of the file. */
static int read_fd(entidx_gzsrc *s, unsigned char *buf, size_t len, size_t *got, entidx_error *err)
{
    ssize_t n;
    do
        n = read(s->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return s->failed = ENTIDX_FAIL_SYS(err, errno, s->path, "read failed");
    if (n == 0)
        s->in_eof = 1;
    s->raw_read += (uint64_t)n;
    *got = (size_t)n;
    return ENTIDX_OK;
}

/* Move the unread input to the front of the buffer and read more after it. */
static int refill(entidx_gzsrc *s, entidx_error *err)
{
    size_t have = s->z.avail_in, n = 0;
    int rc;

    if (have > 0 && s->z.next_in != s->in)
        memmove(s->in, s->z.next_in, have);
    s->z.next_in = s->in;
    if (have == GZ_INPUT_BYTES || s->in_eof)
        return ENTIDX_OK;
    if ((rc = read_fd(s, s->in + have, GZ_INPUT_BYTES - have, &n, err)) < 0)
        return rc;
    s->z.avail_in = (uInt)(have + n);
    return ENTIDX_OK;
}

/* Make at least `want` unread bytes available unless the file ends first. */
static int need_input(entidx_gzsrc *s, size_t want, entidx_error *err)
{
    int rc;
    while (s->z.avail_in < want && !s->in_eof) {
        if ((rc = refill(s, err)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

/* Does p (at least GZ_HEADER_BYTES long) start a plausible gzip member header? */
static int plausible_header(const unsigned char *p)
{
    return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && (p[3] & 0xe0) == 0 &&
           (p[8] == 0 || p[8] == 2 || p[8] == 4) && (p[9] <= 13 || p[9] == 255);
}

/*
 * Skip input up to the next plausible member header. 1 when one was found
 * (the input then starts with it), 0 when the file ended first (all consumed).
 */
static int find_member(entidx_gzsrc *s, entidx_error *err)
{
    int rc;
    for (;;) {
        const unsigned char *p, *end;
        if ((rc = need_input(s, GZ_HEADER_BYTES, err)) < 0)
            return rc;
        if (s->z.avail_in < GZ_HEADER_BYTES) {
            s->z.next_in += s->z.avail_in;
            s->z.avail_in = 0;
            return 0;
        }
        p = s->z.next_in;
        end = p + s->z.avail_in - (GZ_HEADER_BYTES - 1);
        while (p < end && !(*p == 0x1f && plausible_header(p)))
            p++;
        s->z.avail_in -= (uInt)(p - s->z.next_in);
        s->z.next_in = (unsigned char *)p;
        if (p < end)
            return 1;
    }
}

/*
 * The input at the current position is not (or no longer) a good member: `at`
 * is where the damage was seen. Skip to the next member and report what was
 * lost; reading then goes on from there (or ends).
 */
static int resync(entidx_gzsrc *s, uint64_t at, const char *what, entidx_error *err)
{
    int found, rc;
    uint64_t to;

    if (s->z_ready)
        inflateReset(&s->z);
    s->in_member = 0;
    s->skip = 0; /* (what ISA-L delivered of the damaged member stays delivered) */
    if ((found = find_member(s, err)) < 0)
        return found;
    to = raw_pos(s);
    if (!found) {
        s->done = 1;
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                            "%s; compressed bytes %" PRIu64 "-%" PRIu64
                            " skipped (no gzip member after them)",
                            what, at, to > at ? to - 1 : at);
    } else if (to == at) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                            "%s; reading on at the gzip member at byte %" PRIu64, what, to);
    } else {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                            "%s; compressed bytes %" PRIu64 "-%" PRIu64
                            " skipped, reading on at the gzip member at byte %" PRIu64,
                            what, at, to - 1, to);
    }
    entidx__error_at_offset(err, at);
    return rc;
}

/* zlib allocates through the library's allocator (so fault injection reaches it). */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    size_t n;
    (void)opaque;
    return entidx_size_mul(&n, items, size) < 0 ? NULL : entidx_malloc(n);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    entidx_free(p);
}

/* Decide between gzip and plain from the first two bytes. */
static int detect(entidx_gzsrc *s, entidx_error *err)
{
    struct stat st;
    int rc;
    if ((rc = need_input(s, 2, err)) < 0)
        return rc;
    if (s->z.avail_in >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        /* 15 + 32: a 32 KiB window, gzip or zlib header detected */
        s->z.zalloc = z_alloc;
        s->z.zfree = z_free;
        rc = inflateInit2(&s->z, 15 + 32);
        if (rc != Z_OK)
            return s->failed = ENTIDX_FAIL(err, ENTIDX_ENOMEM,
                                           "cannot allocate gzip stream for '%s'", s->path);
        s->z_ready = 1;
        s->mode = MODE_GZIP;
        if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode) &&
            entidx_isal_new(&s->isal) < 0) /* a regular file: zlib can go back */
            return s->failed = ENTIDX_FAIL(err, ENTIDX_ENOMEM,
                                           "cannot allocate gzip stream for '%s'", s->path);
    } else {
        s->mode = MODE_PLAIN;
    }
    return ENTIDX_OK;
}

static int read_plain(entidx_gzsrc *s, unsigned char *buf, size_t len, size_t *got,
                      entidx_error *err)
{
    if (s->z.avail_in > 0) { /* what detection buffered comes first */
        size_t k = s->z.avail_in < len ? s->z.avail_in : len;
        memcpy(buf, s->z.next_in, k);
        s->z.next_in += k;
        s->z.avail_in -= (uInt)k;
        *got = k;
        return ENTIDX_OK;
    }
    if (s->in_eof)
        return ENTIDX_OK;
    return read_fd(s, buf, len, got, err);
}

/*
 * ISA-L met something it does not like in the current member: read the member
 * again from its header with zlib, dropping the bytes already delivered.
 */
static int isal_give_up(entidx_gzsrc *s, entidx_error *err)
{
    entidx_isal_free(s->isal);
    s->isal = NULL;
    if (lseek(s->fd, (off_t)s->member_start, SEEK_SET) < 0)
        return s->failed = ENTIDX_FAIL_SYS(err, errno, s->path, "cannot seek");
    s->raw_read = s->member_start;
    s->z.next_in = s->in;
    s->z.avail_in = 0;
    s->in_eof = 0;
    inflateReset(&s->z);
    s->skip = s->member_out;
    s->isal_body = 0;
    return ENTIDX_OK;
}

/*
 * One step of a member with ISA-L into buf (*got bytes): zlib reads the
 * header (inflate stops right after it with Z_BLOCK), ISA-L the rest.
 */
static int isal_step(entidx_gzsrc *s, unsigned char *buf, size_t len, size_t *got,
                     entidx_error *err)
{
    const unsigned char *in = s->z.next_in;
    size_t avail = s->z.avail_in;
    int r, stuck;

    if (!s->isal_body) {
        unsigned char none;
        int zrc;
        s->z.next_out = &none; /* room zlib must not use: it stops before the first block */
        s->z.avail_out = 1;
        zrc = inflate(&s->z, Z_BLOCK);
        if ((zrc != Z_OK && zrc != Z_BUF_ERROR) || s->z.avail_out == 0)
            return isal_give_up(s, err); /* a bad header: zlib alone says what */
        if (s->z.data_type & 128) {      /* the header is read */
            entidx_isal_reset(s->isal);
            s->isal_body = 1;
        }
        return ENTIDX_OK;
    }
    r = entidx_isal_inflate(s->isal, &in, &avail, buf, len, got);
    stuck = r == ENTIDX_ISAL_MORE && *got == 0 && avail == s->z.avail_in;
    s->z.next_in = (Bytef *)in;
    s->z.avail_in = (uInt)avail;
    if (r == ENTIDX_ISAL_DAMAGED || stuck) {
        *got = 0; /* zlib delivers the bytes of this step, or not, itself */
        return isal_give_up(s, err);
    }
    s->member_out += *got;
    if (r == ENTIDX_ISAL_END) {
        inflateReset(&s->z);
        s->isal_body = 0;
        s->in_member = 0;
        s->member_out = 0;
    }
    return ENTIDX_OK;
}

/* Drop the first bytes zlib inflated again (see isal_give_up()). */
static void skip_delivered(entidx_gzsrc *s, unsigned char *buf, size_t *got)
{
    size_t k = s->skip < *got ? (size_t)s->skip : *got;
    memmove(buf, buf + k, *got - k);
    *got -= k;
    s->skip -= k;
}

static int read_gzip(entidx_gzsrc *s, unsigned char *buf, size_t len, size_t *got,
                     entidx_error *err)
{
    int rc, zrc;

    while (*got == 0 && !s->done) {
        if (s->z.avail_in == 0 && (rc = refill(s, err)) < 0)
            return rc;
        if (!s->in_member) {
            /* between members: the next one, the end, or trailing garbage */
            if ((rc = need_input(s, 2, err)) < 0)
                return rc;
            if (s->z.avail_in == 0) {
                s->done = 1;
                break;
            }
            if (s->z.avail_in < 2 || s->z.next_in[0] != 0x1f || s->z.next_in[1] != 0x8b) {
                uint64_t at = raw_pos(s);
                int found = find_member(s, err);
                if (found < 0)
                    return found;
                if (!found) {
                    s->done = 1;
                    rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                                        "%" PRIu64 " bytes of trailing data after the last "
                                        "gzip member ignored",
                                        raw_pos(s) - at);
                } else {
                    rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                                        "bytes %" PRIu64 "-%" PRIu64 " between gzip members are "
                                        "not gzip data; skipped",
                                        at, raw_pos(s) - 1);
                }
                entidx__error_at_offset(err, at);
                return rc;
            }
            s->in_member = 1;
            s->member_start = raw_pos(s);
            s->member_out = 0;
        }
        if (s->z.avail_in == 0 && s->isal != NULL) { /* ended inside a member: zlib tells */
            if ((rc = isal_give_up(s, err)) < 0)
                return rc;
            continue;
        }
        if (s->z.avail_in == 0) { /* the file ended inside a member */
            uint64_t at = raw_pos(s);
            s->done = 1;
            rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0,
                                "truncated gzip data: the member at byte %" PRIu64 " ends early",
                                s->member_start);
            entidx__error_at_offset(err, at);
            return rc;
        }
        if (s->isal != NULL) {
            if ((rc = isal_step(s, buf, len, got, err)) < 0)
                return rc;
            continue;
        }
        s->z.next_out = buf;
        s->z.avail_out = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
        zrc = inflate(&s->z, Z_NO_FLUSH);
        *got = (size_t)(s->z.next_out - buf);
        if (s->skip > 0)
            skip_delivered(s, buf, got);
        if (zrc == Z_STREAM_END) {
            inflateReset(&s->z);
            s->in_member = 0;
            s->skip = 0;
        } else if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT || zrc == Z_STREAM_ERROR) {
            s->pending = 1;
            s->pending_msg = s->z.msg ? s->z.msg : "bad data";
            s->pending_at = raw_pos(s);
            break; /* deliver what came before the damage first */
        } else if (zrc == Z_MEM_ERROR) {
            return s->failed =
                       ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory inflating '%s'", s->path);
        }
        /* Z_OK or Z_BUF_ERROR: more input or more room needed; loop */
    }
    return ENTIDX_OK;
}

int entidx_gzsrc_read(entidx_gzsrc *s, void *buf, size_t len, size_t *got, entidx_error *err)
{
    int rc;

    *got = 0;
    if (s->failed)
        return ENTIDX_FAIL_AT(err, s->failed, s->path, 0, 0, "earlier read failed");
    if (s->pending) {
        char what[160];
        s->pending = 0;
        snprintf(what, sizeof(what), "corrupt gzip data (%s) in the member at byte %" PRIu64,
                 s->pending_msg, s->member_start);
        return resync(s, s->pending_at, what, err);
    }
    if (len == 0)
        return ENTIDX_OK;
    if (s->mode == MODE_UNKNOWN && (rc = detect(s, err)) < 0)
        return rc;
    rc = s->mode == MODE_PLAIN ? read_plain(s, buf, len, got, err)
                               : read_gzip(s, buf, len, got, err);
    if (rc < 0) {
        *got = 0;
        return rc;
    }
    if (*got == 0 && s->pending) /* the damage came before any byte of this read */
        return entidx_gzsrc_read(s, buf, len, got, err);
    s->offset += *got;
    return ENTIDX_OK;
}

uint64_t entidx_gzsrc_offset(const entidx_gzsrc *s)
{
    return s->offset;
}

uint64_t entidx_gzsrc_raw_offset(const entidx_gzsrc *s)
{
    return raw_pos(s);
}

const char *entidx_gzsrc_path(const entidx_gzsrc *s)
{
    return s->path;
}

int entidx_gzsrc_close(entidx_gzsrc *s, entidx_error *err)
{
    int rc = ENTIDX_OK;

    if (s == NULL)
        return ENTIDX_OK;
    if (s->z_ready)
        inflateEnd(&s->z);
    entidx_isal_free(s->isal);
    if (close(s->fd) != 0 && !s->failed)
        rc = ENTIDX_FAIL_SYS(err, errno, s->path, "close failed");
    entidx_free(s->in);
    entidx_free(s->path);
    entidx_free(s);
    return rc;
}
