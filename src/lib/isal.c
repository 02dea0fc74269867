/* SPDX-License-Identifier: MIT */
/*
 * isal.c - ISA-L's igzip inflate and CRC-32, found with dlopen() (see
 * isal.h). Built without the ISA-L header (ENTIDX_HAVE_ISAL undefined), every
 * decoder request answers NULL and zlib does all the work.
 */
#include "internal.h"
#include "isal.h"

#include <zlib.h>

/* zlib's CRC-32, whose length argument is an unsigned int: in pieces. */
static uint32_t zlib_crc32(uint32_t crc, const void *p, size_t len)
{
    const unsigned char *b = p;
    uLong c = crc;
    while (len > 0) {
        size_t chunk = len < ((size_t)1 << 30) ? len : (size_t)1 << 30;
        c = crc32(c, b, (uInt)chunk);
        b += chunk;
        len -= chunk;
    }
    return (uint32_t)c;
}

#ifdef ENTIDX_HAVE_ISAL

#include <dlfcn.h>
#include <isa-l/igzip_lib.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef void (*init_fn)(struct inflate_state *);
typedef int (*reset_fn)(struct inflate_state *);
typedef int (*inflate_fn)(struct inflate_state *);
typedef uint32_t (*crc_fn)(uint32_t, const unsigned char *, uint64_t);

/* Resolved once per process; threads that race here store the same values. */
static _Atomic(init_fn) p_init;
static _Atomic(reset_fn) p_reset;
static _Atomic(inflate_fn) p_inflate;
static _Atomic(crc_fn) p_crc; /* NULL if this libisal lacks it: zlib's then */
static atomic_int loaded;     /* 0: not tried, 1: ready, -1: not installed */

struct entidx_isal {
    struct inflate_state st;
};

static int load(void)
{
    int state = atomic_load_explicit(&loaded, memory_order_acquire);
    void *lib;

    if (state != 0)
        return state > 0;
    /* the soname of Debian's libisal2; never closed: the decoders may outlive any caller */
    lib = dlopen("libisal.so.2", RTLD_NOW | RTLD_LOCAL);
    if (lib != NULL) {
        /* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer */
        void *i = dlsym(lib, "isal_inflate_init"), *r = dlsym(lib, "isal_inflate_reset"),
             *f = dlsym(lib, "isal_inflate"), *c = dlsym(lib, "crc32_gzip_refl");
        if (i != NULL && r != NULL && f != NULL) {
            init_fn fi;
            reset_fn fr;
            inflate_fn ff;
            crc_fn fc;
            memcpy(&fi, &i, sizeof(fi));
            memcpy(&fr, &r, sizeof(fr));
            memcpy(&ff, &f, sizeof(ff));
            memcpy(&fc, &c, sizeof(fc));
            atomic_store(&p_init, fi);
            atomic_store(&p_reset, fr);
            atomic_store(&p_inflate, ff);
            atomic_store(&p_crc, fc);
            atomic_store_explicit(&loaded, 1, memory_order_release);
            return 1;
        }
    }
    atomic_store_explicit(&loaded, -1, memory_order_release);
    return 0;
}

int entidx_isal_usable(void)
{
    const char *want = getenv("ENTIDX_INFLATE");
    return !(want != NULL && strcmp(want, "zlib") == 0) && load();
}

int entidx_isal_new(entidx_isal **out)
{
    entidx_isal *d;

    *out = NULL;
    if (!entidx_isal_usable())
        return ENTIDX_OK;
    if ((d = entidx_malloc(sizeof(*d))) == NULL)
        return ENTIDX_ENOMEM;
    atomic_load (&p_init)(&d->st);
    d->st.crc_flag = ISAL_GZIP_NO_HDR_VER;
    *out = d;
    return ENTIDX_OK;
}

void entidx_isal_reset(entidx_isal *d)
{
    atomic_load (&p_reset)(&d->st);
    d->st.crc_flag = ISAL_GZIP_NO_HDR_VER;
}

int entidx_isal_inflate(entidx_isal *d, const unsigned char **in, size_t *avail_in,
                        unsigned char *out, size_t room, size_t *produced)
{
    uint32_t in_given = *avail_in > UINT32_MAX ? UINT32_MAX : (uint32_t)*avail_in;
    uint32_t out_given = room > UINT32_MAX ? UINT32_MAX : (uint32_t)room;
    int rc;

    d->st.next_in = (uint8_t *)*in; /* ISA-L does not write through it */
    d->st.avail_in = in_given;
    d->st.next_out = out;
    d->st.avail_out = out_given;
    rc = atomic_load(&p_inflate)(&d->st);
    *produced = out_given - d->st.avail_out;
    *in += in_given - d->st.avail_in;
    *avail_in -= in_given - d->st.avail_in;
    if (rc < 0 || rc == ISAL_NEED_DICT)
        return ENTIDX_ISAL_DAMAGED;
    return d->st.block_state == ISAL_BLOCK_FINISH ? ENTIDX_ISAL_END : ENTIDX_ISAL_MORE;
}

void entidx_isal_free(entidx_isal *d)
{
    entidx_free(d);
}

const char *entidx_inflate_name(void)
{
    return entidx_isal_usable() ? "isal" : "zlib";
}

/* 0: not decided yet, 1: ISA-L's, -1: zlib's (entidx_crc32()) */
static atomic_int crc_with_isal;

uint32_t entidx_crc32(uint32_t crc, const void *p, size_t len)
{
    /* decided once per process: which function sums does not change the sum,
       and asking getenv() on every call cost 1% of an index run */
    int with = atomic_load_explicit(&crc_with_isal, memory_order_acquire);
    crc_fn f;
    if (with == 0) {
        with = entidx_isal_usable() && atomic_load(&p_crc) != NULL ? 1 : -1;
        atomic_store_explicit(&crc_with_isal, with, memory_order_release);
    }
    f = with > 0 ? atomic_load(&p_crc) : NULL;
    return f != NULL ? f(crc, p, len) : zlib_crc32(crc, p, len);
}

#else /* no ISA-L header at build time */

int entidx_isal_usable(void)
{
    return 0;
}

int entidx_isal_new(entidx_isal **out)
{
    *out = NULL;
    return ENTIDX_OK;
}

void entidx_isal_reset(entidx_isal *d)
{
    (void)d;
}

int entidx_isal_inflate(entidx_isal *d, const unsigned char **in, size_t *avail_in,
                        unsigned char *out, size_t room, size_t *produced)
{
    (void)d;
    (void)in;
    (void)avail_in;
    (void)out;
    (void)room;
    *produced = 0;
    return ENTIDX_ISAL_DAMAGED;
}

void entidx_isal_free(entidx_isal *d)
{
    (void)d;
}

const char *entidx_inflate_name(void)
{
    return "zlib";
}

uint32_t entidx_crc32(uint32_t crc, const void *p, size_t len)
{
    return zlib_crc32(crc, p, len);
}

#endif
