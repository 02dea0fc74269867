/* SPDX-License-Identifier: MIT */
/*
 * entidx/common.h - export macro, status codes and version numbers shared by
 * every public header of libentidx.
 */
#ifndef ENTIDX_COMMON_H
#define ENTIDX_COMMON_H

#if defined(__GNUC__) || defined(__clang__)
#define ENTIDX_EXTERN __attribute__((visibility("default")))
#else
#define ENTIDX_EXTERN
#endif

#define ENTIDX_VERSION_MAJOR  0
#define ENTIDX_VERSION_MINOR  1
#define ENTIDX_VERSION_PATCH  0
#define ENTIDX_VERSION_STRING "0.1.0"

/** Status codes: every fallible function returns ENTIDX_OK (0) or one of these. */
typedef enum entidx_status {
    ENTIDX_OK = 0,
    ENTIDX_ERROR = -1,     /**< unspecified failure; see the error record */
    ENTIDX_ENOMEM = -2,    /**< allocation failed */
    ENTIDX_EIO = -3,       /**< open/read/write failed; sys_errno is set */
    ENTIDX_EPARSE = -4,    /**< malformed input: gazetteer line, corpus record, query */
    ENTIDX_ECORRUPT = -5,  /**< index or gzip data fails validation */
    ENTIDX_EVERSION = -6,  /**< index format version not supported */
    ENTIDX_ENOTFOUND = -7, /**< expected miss, e.g. unknown entity in a query */
    ENTIDX_EINVAL = -8,    /**< API misuse or invalid option */
    ENTIDX_ELIMIT = -9     /**< a configured limit was exceeded (line or document too long) */
} entidx_status;

/** The library version as "MAJOR.MINOR.PATCH" (static storage). */
ENTIDX_EXTERN const char *entidx_version(void);

/**
 * The decoder gzip files are inflated with: "isal" when ISA-L's
 * libisal.so.2 is installed (and ENTIDX_INFLATE=zlib is not set), else
 * "zlib". Either gives the same bytes and the same messages; standard input
 * and pipes always use zlib.
 */
ENTIDX_EXTERN const char *entidx_inflate_name(void);

#endif
