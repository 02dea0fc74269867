/* SPDX-License-Identifier: MIT */
/*
 * gzsrc.c - byte source over zlib's gz* interface (gzip or plain, stdin too).
 */
#include "internal.h"
#include "gzsrc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#define GZ_BUFFER_BYTES (128u * 1024u)

struct entidx_gzsrc {
    gzFile gz;
    char *path;
    uint64_t offset;
    int failed; /* sticky error code */
};

int entidx_gzsrc_open(entidx_gzsrc **out, const char *path, entidx_error *err)
{
    entidx_gzsrc *s;
    int fd;

    *out = NULL;
    s = entidx_calloc(1, sizeof(*s));
    if (s == NULL || (s->path = entidx_strndup(path, strlen(path))) == NULL) {
        entidx_free(s);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate reader for '%s'", path);
    }
    if (strcmp(path, "-") == 0)
        fd = dup(STDIN_FILENO);
    else
        fd = open(path, O_RDONLY);
    if (fd < 0) {
        int e = errno;
        entidx_free(s->path);
        entidx_free(s);
        return ENTIDX_FAIL_SYS(err, e, path, "cannot open");
    }
    s->gz = gzdopen(fd, "rb");
    if (s->gz == NULL) {
        close(fd);
        entidx_free(s->path);
        entidx_free(s);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate gzip stream for '%s'", path);
    }
    gzbuffer(s->gz, GZ_BUFFER_BYTES);
    *out = s;
    return ENTIDX_OK;
}

static int gz_fail(entidx_gzsrc *s, entidx_error *err)
{
    int errnum = 0;
    const char *msg = gzerror(s->gz, &errnum);

    if (errnum == Z_ERRNO)
        s->failed = ENTIDX_FAIL_SYS(err, errno ? errno : EIO, s->path, "read failed");
    else if (errnum == Z_MEM_ERROR)
        s->failed = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory inflating '%s'", s->path);
    else if (errnum == Z_BUF_ERROR)
        s->failed = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0, "truncated gzip data (%s)",
                                   msg ? msg : "unexpected end");
    else
        s->failed = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0, "corrupt gzip data (%s)",
                                   msg ? msg : "unknown zlib error");
    if (s->failed == ENTIDX_ECORRUPT)
        entidx__error_at_offset(err, s->offset);
    return s->failed;
}

int entidx_gzsrc_read(entidx_gzsrc *s, void *buf, size_t len, size_t *got, entidx_error *err)
{
    int n;

    *got = 0;
    if (s->failed)
        return ENTIDX_FAIL_AT(err, s->failed, s->path, 0, 0, "earlier read failed");
    if (len > INT_MAX)
        len = INT_MAX;
    n = gzread(s->gz, buf, (unsigned)len);
    if (n < 0)
        return gz_fail(s, err);
    if (n == 0 && !gzeof(s->gz)) {
        int errnum = 0;
        gzerror(s->gz, &errnum);
        if (errnum != Z_OK)
            return gz_fail(s, err);
    }
    s->offset += (uint64_t)n;
    *got = (size_t)n;
    return ENTIDX_OK;
}

uint64_t entidx_gzsrc_offset(const entidx_gzsrc *s)
{
    return s->offset;
}

uint64_t entidx_gzsrc_raw_offset(const entidx_gzsrc *s)
{
    z_off_t off = gzoffset(s->gz);
    return off < 0 ? 0 : (uint64_t)off;
}

const char *entidx_gzsrc_path(const entidx_gzsrc *s)
{
    return s->path;
}

int entidx_gzsrc_close(entidx_gzsrc *s, entidx_error *err)
{
    int rc = ENTIDX_OK, zrc;

    if (s == NULL)
        return ENTIDX_OK;
    zrc = gzclose_r(s->gz);
    if (!s->failed) {
        if (zrc == Z_BUF_ERROR) {
            rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0, "truncated gzip data");
            entidx__error_at_offset(err, s->offset);
        } else if (zrc == Z_ERRNO)
            rc = ENTIDX_FAIL_SYS(err, errno ? errno : EIO, s->path, "close failed");
        else if (zrc != Z_OK)
            rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, s->path, 0, 0, "corrupt gzip data");
    }
    entidx_free(s->path);
    entidx_free(s);
    return rc;
}
