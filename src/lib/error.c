/* SPDX-License-Identifier: MIT */
/*
 * error.c - filling and rendering entidx_error records.
 */
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

const char *entidx_version(void)
{
    return ENTIDX_VERSION_STRING;
}

void entidx_error_clear(entidx_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof(*err));
}

int entidx__error_set(entidx_error *err, int code, int sys_errno, const char *path, uint64_t line,
                      uint64_t column, const char *src_file, int src_line, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    memset(err, 0, sizeof(*err));
    err->code = code;
    err->sys_errno = sys_errno;
    err->line = line;
    err->column = column;
    err->src_file = src_file;
    err->src_line = src_line;
    if (path != NULL)
        snprintf(err->path, sizeof(err->path), "%s", path);
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    if (sys_errno != 0) {
        size_t n = strlen(err->msg);
        if (n < sizeof(err->msg))
            snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(sys_errno));
    }
    return code;
}

int entidx__error_at_offset(entidx_error *err, uint64_t offset)
{
    if (err == NULL)
        return ENTIDX_ERROR;
    err->offset = offset + 1;
    return err->code;
}

const char *entidx_error_format(const entidx_error *err, char *buf, size_t size)
{
    size_t n = 0;
    int w;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (err == NULL)
        return buf;
#define APPEND(...)                                       \
    do {                                                  \
        if (n < size) {                                   \
            w = snprintf(buf + n, size - n, __VA_ARGS__); \
            if (w > 0)                                    \
                n += (size_t)w;                           \
        }                                                 \
    } while (0)
    if (err->path[0] != '\0') {
        APPEND("%s:", err->path);
        if (err->line > 0) {
            APPEND("%" PRIu64 ":", err->line);
            if (err->column > 0)
                APPEND("%" PRIu64 ":", err->column);
        } else if (err->offset > 0) {
            APPEND(" byte %" PRIu64 ":", err->offset - 1);
        }
        APPEND(" ");
    } else if (err->line > 0) {
        APPEND("line %" PRIu64 ":", err->line);
        if (err->column > 0)
            APPEND("%" PRIu64 ":", err->column);
        APPEND(" ");
    } else if (err->column > 0) {
        APPEND("column %" PRIu64 ": ", err->column);
    }
    APPEND("%s", err->msg[0] ? err->msg : entidx_status_name(err->code));
#undef APPEND
    return buf;
}

const char *entidx_status_name(int code)
{
    switch (code) {
    case ENTIDX_OK: return "success";
    case ENTIDX_ERROR: return "error";
    case ENTIDX_ENOMEM: return "out of memory";
    case ENTIDX_EIO: return "input/output error";
    case ENTIDX_EPARSE: return "parse error";
    case ENTIDX_ECORRUPT: return "corrupt data";
    case ENTIDX_EVERSION: return "unsupported format version";
    case ENTIDX_ENOTFOUND: return "not found";
    case ENTIDX_EINVAL: return "invalid argument";
    case ENTIDX_ELIMIT: return "limit exceeded";
    default: return "unknown error";
    }
}
