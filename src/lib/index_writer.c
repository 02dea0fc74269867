/* SPDX-License-Identifier: MIT */
/*
 * index_writer.c - build an index in bounded memory and write it atomically.
 *
 * Document records and forward lists go straight to spool files (temporary
 * files unlinked as soon as they are created, so a killed run leaves nothing
 * behind). Postings are kept per entity in memory; when they outgrow the
 * memory limit, all of them are written as one sorted run (entity order, each
 * entity's chunk starting with an absolute document number) to another spool
 * and memory starts afresh. At finish the sections are streamed into an
 * anonymous temporary file in the destination directory (O_TMPFILE, or a
 * named one where that is unsupported): each entity's chunks are read back
 * from the runs in order and re-encoded as one list, so the bytes do not
 * depend on where runs were cut. Then fsync, a name, and rename over the
 * destination. Layout: index_format.h.
 *
 * The document records are the bulk of an index. When the input files are
 * announced before the first document (expect_sources()), the two sections
 * before them (ENTITIES, SOURCES) can be written at once, and the records go
 * into the anonymous output file during the scan instead of a spool; should
 * the documents come from other files after all, finish() copies them from
 * there into a fresh output file as it would from the spool.
 */
#define _GNU_SOURCE /* O_TMPFILE, linkat */
#include "internal.h"
#include "entidx/index.h"
#include "gazetteer_int.h"
#include "index_format.h"
#include "index_int.h"
#include "isal.h"
#include "varint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPOOL_BUF      (1u << 20)
#define WRITEBACK_STEP ((uint64_t)8 << 20)
#define MIN_MEMORY     ((size_t)4 << 10)

/* ---- spools: unnamed temporary files written once, read back in order ---- */

typedef struct spool {
    int fd;
    entidx_buf buf; /* not yet written */
    uint64_t len;   /* bytes in the file and in buf */
} spool;

static int spool_open(spool *s, const char *dir, entidx_error *err)
{
    size_t n = strlen(dir);
    char *tmpl = entidx_malloc(n + sizeof("/.entidx-spool-XXXXXX"));
    memset(s, 0, sizeof(*s));
    s->fd = -1;
    if (tmpl == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    memcpy(tmpl, dir, n);
    memcpy(tmpl + n, "/.entidx-spool-XXXXXX", sizeof("/.entidx-spool-XXXXXX"));
#ifdef O_TMPFILE
    /* a file with no name at all, so even kill -9 leaves nothing behind */
    s->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (s->fd >= 0) {
        entidx_free(tmpl);
        return ENTIDX_OK;
    }
#endif
    /* no O_TMPFILE here (or not on this file system): named, then unlinked at once */
    s->fd = mkstemp(tmpl);
    if (s->fd < 0) {
        int rc = ENTIDX_FAIL_SYS(err, errno, dir, "cannot create a temporary file");
        entidx_free(tmpl);
        return rc;
    }
    unlink(tmpl); /* the file lives as long as the descriptor */
    entidx_free(tmpl);
    return ENTIDX_OK;
}

static int write_fd(int fd, const void *data, size_t len, const char *what, entidx_error *err)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ENTIDX_FAIL_SYS(err, errno, what, "write failed");
        }
        p += n;
        len -= (size_t)n;
    }
    return ENTIDX_OK;
}

static int spool_flush(spool *s, entidx_error *err)
{
    int rc = write_fd(s->fd, s->buf.ptr, s->buf.len, "temporary file", err);
    entidx_buf_clear(&s->buf);
    return rc;
}

static int spool_write(spool *s, const void *data, size_t len, entidx_error *err)
{
    int rc;
    if (s->buf.len + len > SPOOL_BUF && s->buf.len > 0 && (rc = spool_flush(s, err)) < 0)
        return rc;
    if (len >= SPOOL_BUF)
        rc = write_fd(s->fd, data, len, "temporary file", err);
    else if ((rc = entidx_buf_put(&s->buf, data, len)) < 0)
        rc = ENTIDX_FAIL(err, rc, "out of memory");
    if (rc == ENTIDX_OK)
        s->len += len;
    return rc;
}

static void spool_close(spool *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    entidx_buf_dispose(&s->buf);
}

/* Sequential reading of a flushed spool. */
typedef struct spool_reader {
    int fd;
    uint64_t pos, size; /* file position of buf[0..have) end, file size */
    unsigned char *buf;
    size_t have, at, cap; /* cap: bytes allocated (grows for a chunk larger than it) */
} spool_reader;

static int reader_fill(spool_reader *r, size_t need, entidx_error *err)
{
    if (r->have - r->at >= need)
        return ENTIDX_OK;
    memmove(r->buf, r->buf + r->at, r->have - r->at);
    r->have -= r->at;
    r->at = 0;
    if (need > r->cap) {
        unsigned char *nb = entidx_realloc(r->buf, need);
        if (nb == NULL)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory reading a temporary file");
        r->buf = nb;
        r->cap = need;
    }
    while (r->have < need && r->pos < r->size) {
        size_t want = r->cap - r->have;
        ssize_t n;
        if (want > r->size - r->pos)
            want = (size_t)(r->size - r->pos);
        n = pread(r->fd, r->buf + r->have, want, (off_t)r->pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ENTIDX_FAIL_SYS(err, n < 0 ? errno : EIO, "temporary file", "read failed");
        r->have += (size_t)n;
        r->pos += (uint64_t)n;
    }
    return r->have - r->at >= need ? ENTIDX_OK
                                   : ENTIDX_FAIL(err, ENTIDX_EIO, "temporary file is truncated");
}

/* ---- the output file ---- */

typedef struct out_file {
    int fd;
    int anonymous;  /* O_TMPFILE: no name until finished */
    char *tmp_path; /* named temporary file (or the name given at the end) */
    entidx_buf buf;
    uint64_t off;                /* bytes written, including buf */
    uint64_t written, writeback; /* bytes in the file; those whose writing to disk has begun */
    uint32_t crc;                /* of the current section, up to buf[crc_at] */
    size_t crc_at;               /* buf's bytes from here on are not in crc yet */
    uint64_t sec_off[ENTIDX_INDEX_N_SECTIONS + 1], sec_len[ENTIDX_INDEX_N_SECTIONS + 1];
    uint32_t sec_crc[ENTIDX_INDEX_N_SECTIONS + 1];
    uint64_t fingerprint; /* entidx_hash() of the entity section, for the header */
} out_file;

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? entidx_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                 : entidx_strndup(".", 1);
}

/*
 * Add the buffered bytes not yet summed to the section's CRC. The CRC is
 * taken over the buffer, not over each write: the postings come a few bytes
 * at a time, and a CRC call per few bytes cost more than the rest of their
 * copying.
 */
static void out_sum_buffered(out_file *o)
{
    if (o->buf.len > o->crc_at)
        o->crc = entidx_crc32(o->crc, o->buf.ptr + o->crc_at, o->buf.len - o->crc_at);
    o->crc_at = o->buf.len;
}

/*
 * Write len bytes at the end of the file, and start the disk writing every
 * WRITEBACK_STEP bytes: the fsync at the end then waits for less (where
 * sync_file_range() exists; an error shows at that fsync).
 */
static int out_put(out_file *o, const void *data, size_t len, entidx_error *err)
{
    int rc = write_fd(o->fd, data, len, "index", err);
    o->written += len;
#ifdef SYNC_FILE_RANGE_WRITE
    if (rc == ENTIDX_OK && o->written - o->writeback >= WRITEBACK_STEP) {
        (void)sync_file_range(o->fd, (off_t)o->writeback, (off_t)(o->written - o->writeback),
                              SYNC_FILE_RANGE_WRITE);
        o->writeback = o->written;
    }
#endif
    return rc;
}

static int out_write(out_file *o, const void *data, size_t len, entidx_error *err)
{
    o->off += len;
    if (o->buf.len + len > SPOOL_BUF && o->buf.len > 0) {
        int rc;
        out_sum_buffered(o);
        rc = out_put(o, o->buf.ptr, o->buf.len, err);
        entidx_buf_clear(&o->buf);
        o->crc_at = 0;
        if (rc < 0)
            return rc;
    }
    if (len >= SPOOL_BUF) {
        out_sum_buffered(o);
        o->crc = entidx_crc32(o->crc, data, len);
        return out_put(o, data, len, err);
    }
    return entidx_buf_put(&o->buf, data, len) < 0 ? ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory")
                                                  : ENTIDX_OK;
}

static void out_begin(out_file *o, int kind)
{
    o->sec_off[kind] = o->off;
    o->crc = 0;
    o->crc_at = o->buf.len; /* bytes before the section are not in its CRC */
}

static void out_end(out_file *o, int kind)
{
    out_sum_buffered(o);
    o->sec_len[kind] = o->off - o->sec_off[kind];
    o->sec_crc[kind] = o->crc;
}

static int out_create(out_file *o, const char *path, entidx_error *err)
{
    static const char
        zeros[ENTIDX_INDEX_HEADER_LEN + ENTIDX_INDEX_N_SECTIONS * ENTIDX_INDEX_SECTION_LEN] = {0};
    char *dir = dir_of(path);
    size_t plen = strlen(path);

    memset(o, 0, sizeof(*o));
    o->fd = -1;
    if (dir == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
#ifdef O_TMPFILE
    if (access("/proc/self/fd", X_OK) == 0) {
        /* read too: streamed document records may have to be copied (stream_fits()) */
        o->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
        o->anonymous = o->fd >= 0;
    }
#endif
    entidx_free(dir);
    o->tmp_path = entidx_malloc(plen + sizeof(".tmp-XXXXXX"));
    if (o->tmp_path == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    memcpy(o->tmp_path, path, plen);
    memcpy(o->tmp_path + plen, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
    if (o->fd < 0) {
        o->fd = mkstemp(o->tmp_path);
        if (o->fd < 0)
            return ENTIDX_FAIL_SYS(err, errno, path,
                                   "cannot create a temporary file beside the index");
        (void)fchmod(o->fd, 0644); /* mkstemp makes 0600; an index is meant to be shared */
    }
    return out_write(o, zeros, sizeof(zeros), err);
}

/* Drop an unfinished output: nothing of it stays on disk. */
static void out_abandon(out_file *o)
{
    if (o->fd >= 0) {
        close(o->fd);
        if (!o->anonymous && o->tmp_path != NULL)
            unlink(o->tmp_path);
    }
    o->fd = -1;
    entidx_free(o->tmp_path);
    o->tmp_path = NULL;
    entidx_buf_dispose(&o->buf);
}

static void sync_dir_of(const char *path)
{
    char *dir = dir_of(path);
    int fd;
    if (dir == NULL)
        return;
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    entidx_free(dir);
}

/* Write the header and section table, sync, and give the file its name. */
static int out_commit(out_file *o, const char *path, const entidx_gazetteer *gz, uint32_t n_docs,
                      entidx_error *err)
{
    uint8_t head[ENTIDX_INDEX_HEADER_LEN + ENTIDX_INDEX_N_SECTIONS * ENTIDX_INDEX_SECTION_LEN];
    uint32_t c;
    int rc;

    if (o->buf.len > 0 && (rc = write_fd(o->fd, o->buf.ptr, o->buf.len, "index", err)) < 0)
        return rc;
    entidx_buf_clear(&o->buf);
    o->crc_at = 0;
    memcpy(head, ENTIDX_INDEX_MAGIC, ENTIDX_INDEX_MAGIC_LEN);
    entidx_put_u32le(head + 8, ENTIDX_INDEX_VERSION);
    entidx_put_u32le(head + 12, 0);
    entidx_put_u64le(head + 16, o->fingerprint); /* = entidx_gazetteer_fingerprint(gz) */
    entidx_put_u32le(head + 24, entidx_gazetteer_count(gz));
    entidx_put_u32le(head + 28, n_docs);
    entidx_put_u32le(head + 32, ENTIDX_INDEX_N_SECTIONS);
    for (unsigned k = 1; k <= ENTIDX_INDEX_N_SECTIONS; k++) {
        uint8_t *s = head + ENTIDX_INDEX_HEADER_LEN + (k - 1) * ENTIDX_INDEX_SECTION_LEN;
        entidx_put_u32le(s, k);
        entidx_put_u32le(s + 4, o->sec_crc[k]);
        entidx_put_u64le(s + 8, o->sec_off[k]);
        entidx_put_u64le(s + 16, o->sec_len[k]);
    }
    c = entidx_crc32(0, head, ENTIDX_INDEX_HEADER_LEN - 4);
    c = entidx_crc32(c, head + ENTIDX_INDEX_HEADER_LEN, sizeof(head) - ENTIDX_INDEX_HEADER_LEN);
    entidx_put_u32le(head + ENTIDX_INDEX_HEADER_LEN - 4, c);
    if (pwrite(o->fd, head, sizeof(head), 0) != (ssize_t)sizeof(head))
        return ENTIDX_FAIL_SYS(err, errno, path, "write failed");
    if (fsync(o->fd) != 0)
        return ENTIDX_FAIL_SYS(err, errno, path, "fsync failed");
    if (o->anonymous) {
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
        for (unsigned attempt = 0;; attempt++) {
            size_t plen = strlen(path);
            snprintf(o->tmp_path + plen, sizeof(".tmp-XXXXXX"), ".tmp-%06x",
                     (unsigned)((unsigned)getpid() * 2654435761u + attempt) & 0xffffffu);
            if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp_path, AT_SYMLINK_FOLLOW) == 0)
                break;
            if (errno != EEXIST || attempt > 100)
                return ENTIDX_FAIL_SYS(err, errno, path, "cannot name the temporary file");
        }
        o->anonymous = 0; /* it has a name now: out_abandon() removes it */
    }
    if (close(o->fd) != 0) {
        o->fd = -1;
        return ENTIDX_FAIL_SYS(err, errno, path, "close failed");
    }
    o->fd = -1;
    if (rename(o->tmp_path, path) != 0) {
        rc = ENTIDX_FAIL_SYS(err, errno, path, "cannot move the temporary file into place");
        unlink(o->tmp_path);
        return rc;
    }
    sync_dir_of(path);
    return ENTIDX_OK;
}

/* ---- accumulating documents ---- */

typedef struct entity_acc {
    entidx_buf bytes;    /* postings of the current in-memory chunk */
    uint32_t chunk_docs; /* postings in `bytes` */
    uint32_t last_doc;   /* valid when chunk_docs > 0 */
    uint32_t n_docs;     /* totals over all chunks */
    uint64_t n_mentions;
} entity_acc;

typedef struct run_file {
    spool s;
} run_file;

/*
 * Where an entity's SKIPS entry will point, noted as its postings come (every
 * ENTIDX_INDEX_SKIP_EVERY-th of its in-memory chunk): with no spilled run
 * the chunk is the entity's whole list, written as it is, and its skip
 * entries need not be found by decoding every posting at the end.
 */
typedef struct chunk_skip {
    uint32_t entity, doc;
    uint64_t at; /* its posting's offset in the chunk, = in the list */
} chunk_skip;

struct entidx_index_writer {
    const entidx_gazetteer *gz;
    char *path, *tmp_dir;
    size_t mem_limit, mem_used;
    uint32_t n_entities, n_docs;
    entity_acc *acc;
    spool docs, doc_index, forward, fwd_index;
    /* streaming: the document records go straight into `out`, whose leading
       sections were written for the `expected` sources (expect_sources()) */
    int streaming;
    out_file out;
    char **expected;
    size_t n_expected;
    entidx_buf ents; /* the ENTITIES section, serialized once */
    /* KEYS, ENTITY_INDEX, NAMES and IDS: from the gazetteer alone, so built at
       open (while `entidx index` reads its first input) rather than at the end */
    entidx_buf gz_secs[4];
    char **sources; /* input paths, in order; consecutive documents share one */
    size_t n_sources, cap_sources;
    run_file *runs;
    size_t n_runs, cap_runs;
    chunk_skip *skips; /* of the chunks in memory, in the order added */
    size_t n_skips, cap_skips;
    entidx_index_mention *sorted; /* scratch for one document */
    size_t sorted_cap;
    entidx_buf rec;              /* scratch record */
    entidx_buf tail;             /* scratch: one posting's sentences and positions */
    entidx_index *const *shards; /* merge mode: postings come from these */
    size_t n_shards;
    int rc; /* sticky error */
};

/* The sections derived from the gazetteer alone, after the postings (index_format.h 10..13). */
static const int gz_sec_kinds[4] = {ENTIDX_SEC_KEYS, ENTIDX_SEC_ENTITY_INDEX, ENTIDX_SEC_NAMES,
                                    ENTIDX_SEC_IDS};

/* Serialize ENTITIES (w->ents) and the sections of gz_sec_kinds (w->gz_secs). */
static int build_gazetteer_sections(entidx_index_writer *w, entidx_error *err)
{
    int rc;
    if (entidx__gazetteer_serialize(w->gz, &w->ents) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    if ((rc = entidx__gazetteer_serialize_keys(w->gz, &w->gz_secs[0])) < 0)
        return ENTIDX_FAIL(err, rc, "cannot write the alias keys");
    if ((rc = entidx__entity_table_offsets(w->ents.ptr, w->ents.len, &w->gz_secs[1])) < 0 ||
        (rc = entidx__gazetteer_serialize_names(w->gz, &w->gz_secs[2])) < 0 ||
        (rc = entidx__gazetteer_serialize_ids(w->gz, &w->gz_secs[3])) < 0)
        return ENTIDX_FAIL(err, rc, "cannot build the entity lookup tables");
    return ENTIDX_OK;
}

static int writer_new(entidx_index_writer **out, const char *path, const entidx_gazetteer *gz,
                      const entidx_index_writer_opts *opts, entidx_error *err)
{
    static const entidx_index_writer_opts defaults = ENTIDX_INDEX_WRITER_OPTS_INIT;
    entidx_index_writer *w;
    int rc;

    if (opts == NULL)
        opts = &defaults;
    *out = NULL;
    w = entidx_calloc(1, sizeof(*w));
    if (w == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index writer");
    w->gz = gz;
    w->n_entities = entidx_gazetteer_count(gz);
    w->mem_limit = opts->mem_limit < MIN_MEMORY ? MIN_MEMORY : opts->mem_limit;
    w->path = entidx_strndup(path, strlen(path));
    w->tmp_dir =
        opts->tmp_dir ? entidx_strndup(opts->tmp_dir, strlen(opts->tmp_dir)) : dir_of(path);
    w->acc = entidx_calloc(w->n_entities ? w->n_entities : 1, sizeof(*w->acc));
    w->docs.fd = w->doc_index.fd = w->forward.fd = w->fwd_index.fd = w->out.fd = -1;
    if (w->path == NULL || w->tmp_dir == NULL || w->acc == NULL) {
        entidx_index_writer_free(w);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index writer");
    }
    if ((rc = spool_open(&w->docs, w->tmp_dir, err)) < 0 ||
        (rc = spool_open(&w->doc_index, w->tmp_dir, err)) < 0 ||
        (rc = spool_open(&w->forward, w->tmp_dir, err)) < 0 ||
        (rc = spool_open(&w->fwd_index, w->tmp_dir, err)) < 0 ||
        (rc = build_gazetteer_sections(w, err)) < 0) {
        entidx_index_writer_free(w);
        return rc;
    }
    *out = w;
    return ENTIDX_OK;
}

int entidx_index_writer_open(entidx_index_writer **out, const char *path,
                             const entidx_gazetteer *gz, const entidx_index_writer_opts *opts,
                             entidx_error *err)
{
    return writer_new(out, path, gz, opts, err);
}

int entidx__index_writer_open_merge(entidx_index_writer **out, const char *path,
                                    const entidx_gazetteer *gz, entidx_index *const *shards,
                                    size_t n_shards, const entidx_index_writer_opts *opts,
                                    entidx_error *err)
{
    int rc = writer_new(out, path, gz, opts, err);
    if (rc == ENTIDX_OK) {
        (*out)->shards = shards;
        (*out)->n_shards = n_shards;
    }
    return rc;
}

static int cmp_mention(const void *a, const void *b)
{
    const entidx_index_mention *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    if (x->sentence != y->sentence)
        return x->sentence < y->sentence ? -1 : 1;
    return x->position < y->position ? -1 : x->position > y->position;
}

/*
 * Sort a document's mentions by entity, sentence, position: by insertion
 * when there are few (most documents: qsort()'s set-up cost more than the
 * sorting), else qsort(). Equal mentions are equal in every field, so the
 * order does not depend on which sort ran.
 */
static void sort_mentions(entidx_index_mention *v, size_t n)
{
    if (n > 16) {
        qsort(v, n, sizeof(*v), cmp_mention);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        entidx_index_mention x = v[i];
        size_t j = i;
        for (; j > 0 && cmp_mention(&v[j - 1], &x) > 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static int put_str(entidx_buf *b, const char *s, size_t len)
{
    int rc = entidx_buf_put_varint(b, len);
    return rc < 0 ? rc : entidx_buf_put(b, s, len);
}

/* The document record and its offset; a new source entry when the path changes. */
static int add_record(entidx_index_writer *w, const entidx_doc *doc, entidx_error *err)
{
    const char *path = doc->path ? doc->path : "";
    uint8_t off[8];
    int rc;

    if (w->n_sources == 0 || strcmp(w->sources[w->n_sources - 1], path) != 0) {
        char *copy = entidx_strndup(path, strlen(path));
        if (copy == NULL || entidx_array_grow((void **)&w->sources, &w->cap_sources,
                                              w->n_sources + 1, sizeof(*w->sources)) < 0) {
            entidx_free(copy);
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        }
        w->sources[w->n_sources++] = copy;
    }
    entidx_buf_clear(&w->rec);
    if (put_str(&w->rec, doc->id, doc->id_len) < 0 ||
        put_str(&w->rec, doc->title, doc->title_len) < 0 ||
        put_str(&w->rec, doc->date, doc->date_len) < 0 ||
        put_str(&w->rec, doc->url, doc->url_len) < 0 ||
        entidx_buf_put_varint(&w->rec, w->n_sources - 1) < 0 ||
        entidx_buf_put_varint(&w->rec, doc->line) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    entidx_put_u64le(off,
                     w->streaming ? w->out.off - w->out.sec_off[ENTIDX_SEC_DOCS] : w->docs.len);
    if ((rc = spool_write(&w->doc_index, off, 8, err)) < 0)
        return rc;
    return w->streaming ? out_write(&w->out, w->rec.ptr, w->rec.len, err)
                        : spool_write(&w->docs, w->rec.ptr, w->rec.len, err);
}

/* The forward list of (entity, count) pairs, increasing. */
static int add_forward(entidx_index_writer *w, const uint32_t *pairs, size_t n, entidx_error *err)
{
    uint8_t off[8];
    uint32_t prev = 0;
    int rc;

    entidx_buf_clear(&w->rec);
    if (entidx_buf_put_varint(&w->rec, n) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (entidx_buf_put_varint(&w->rec, pairs[2 * i] - prev) < 0 ||
            entidx_buf_put_varint(&w->rec, pairs[2 * i + 1]) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        prev = pairs[2 * i];
    }
    entidx_put_u64le(off, w->forward.len);
    if ((rc = spool_write(&w->fwd_index, off, 8, err)) < 0 ||
        (rc = spool_write(&w->forward, w->rec.ptr, w->rec.len, err)) < 0)
        return rc;
    return ENTIDX_OK;
}

/* Write every in-memory chunk as one sorted run and start afresh. */
static int spill(entidx_index_writer *w, entidx_error *err)
{
    run_file *r;
    int rc;

    if (entidx_array_grow((void **)&w->runs, &w->cap_runs, w->n_runs + 1, sizeof(*w->runs)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    r = &w->runs[w->n_runs];
    if ((rc = spool_open(&r->s, w->tmp_dir, err)) < 0)
        return rc;
    w->n_runs++;
    for (uint32_t e = 0; e < w->n_entities; e++) {
        entity_acc *a = &w->acc[e];
        uint8_t head[16];
        if (a->chunk_docs == 0)
            continue;
        entidx_put_u32le(head, e);
        entidx_put_u32le(head + 4, a->chunk_docs);
        entidx_put_u64le(head + 8, a->bytes.len);
        if ((rc = spool_write(&r->s, head, sizeof(head), err)) < 0 ||
            (rc = spool_write(&r->s, a->bytes.ptr, a->bytes.len, err)) < 0)
            return rc;
        entidx_buf_dispose(&a->bytes);
        a->chunk_docs = 0;
    }
    w->n_skips = 0; /* (copy_own_postings() finds them after a spill) */
    w->mem_used = 0;
    return spool_flush(&r->s, err);
}

/* Append one posting of document `doc` to entity e's in-memory chunk. */
static int add_posting(entidx_index_writer *w, uint32_t e, uint32_t doc,
                       const entidx_index_mention *m, size_t n)
{
    entity_acc *a = &w->acc[e];
    size_t before = a->bytes.size, n_sent = 0;
    int rc;

    for (size_t i = 0; i < n; i++)
        n_sent += i == 0 || m[i].sentence != m[i - 1].sentence;
    entidx_buf_clear(&w->tail);
    if ((rc = entidx_buf_put_varint(&w->tail, n_sent)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && m[i].sentence == m[i - 1].sentence)
            continue;
        if ((rc = entidx_buf_put_varint(&w->tail, i == 0 ? m[i].sentence
                                                         : m[i].sentence - m[i - 1].sentence)) < 0)
            return rc;
    }
    for (size_t i = 0; i < n; i++) { /* non-decreasing: the sort was by sentence, position */
        uint32_t prev = i == 0 ? 0 : m[i - 1].position;
        if ((rc = entidx_buf_put_varint(&w->tail,
                                        m[i].position >= prev ? m[i].position - prev : 0)) < 0)
            return rc;
    }
    if (a->chunk_docs > 0 && a->chunk_docs % ENTIDX_INDEX_SKIP_EVERY == 0) {
        if (entidx_array_grow((void **)&w->skips, &w->cap_skips, w->n_skips + 1,
                              sizeof(*w->skips)) < 0)
            return ENTIDX_ENOMEM;
        w->skips[w->n_skips].entity = e;
        w->skips[w->n_skips].doc = doc;
        w->skips[w->n_skips].at = a->bytes.len;
        w->n_skips++;
    }
    if ((rc = entidx_buf_put_varint(&a->bytes, a->chunk_docs ? doc - a->last_doc : doc)) < 0 ||
        (rc = entidx_buf_put_varint(&a->bytes, n)) < 0 ||
        (rc = entidx_buf_put_varint(&a->bytes, w->tail.len)) < 0 ||
        (rc = entidx_buf_put(&a->bytes, w->tail.ptr, w->tail.len)) < 0)
        return rc;
    a->chunk_docs++;
    a->last_doc = doc;
    a->n_docs++;
    a->n_mentions += n;
    w->mem_used += a->bytes.size - before;
    return ENTIDX_OK;
}

static int add_doc(entidx_index_writer *w, const entidx_doc *doc, const entidx_index_mention *m,
                   size_t n, entidx_error *err)
{
    uint32_t doc_id = w->n_docs, *pairs;
    size_t n_distinct = 0;
    int rc;

    if ((rc = add_record(w, doc, err)) < 0)
        return rc;
    if (entidx_array_grow((void **)&w->sorted, &w->sorted_cap, n, sizeof(*w->sorted)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    if (n > 0) {
        memcpy(w->sorted, m, n * sizeof(*m));
        sort_mentions(w->sorted, n);
    }
    /* (entity, count) pairs reuse the scratch entries as two uint32 each */
    pairs = (uint32_t *)w->sorted;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t e = w->sorted[i].entity;
        while (j < n && w->sorted[j].entity == e)
            j++;
        if ((rc = add_posting(w, e, doc_id, &w->sorted[i], j - i)) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory");
        pairs[2 * n_distinct] = e;
        pairs[2 * n_distinct + 1] = (uint32_t)(j - i);
        n_distinct++;
        i = j;
    }
    if ((rc = add_forward(w, pairs, n_distinct, err)) < 0)
        return rc;
    w->n_docs++;
    if (w->mem_used > w->mem_limit)
        return spill(w, err);
    return ENTIDX_OK;
}

static int check_add(entidx_index_writer *w, entidx_error *err)
{
    if (w->rc)
        return ENTIDX_FAIL(err, w->rc, "index writer failed earlier");
    if (w->n_docs == UINT32_MAX) {
        w->rc = ENTIDX_ELIMIT;
        return ENTIDX_FAIL(err, w->rc, "more than %u documents", (unsigned)UINT32_MAX - 1);
    }
    return ENTIDX_OK;
}

int entidx_index_writer_add(entidx_index_writer *w, const entidx_doc *doc,
                            const entidx_index_mention *mentions, size_t n, entidx_error *err)
{
    int rc;
    if ((rc = check_add(w, err)) < 0)
        return rc;
    if (w->shards != NULL)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "a merging writer takes no mentions");
    for (size_t i = 0; i < n; i++) {
        if (mentions[i].entity >= w->n_entities)
            return ENTIDX_FAIL(err, ENTIDX_EINVAL, "entity number %u out of range",
                               (unsigned)mentions[i].entity);
    }
    if ((rc = add_doc(w, doc, mentions, n, err)) < 0)
        w->rc = rc;
    return rc;
}

int entidx__index_writer_add_counts(entidx_index_writer *w, const entidx_doc *doc,
                                    const uint32_t *pairs, size_t n_pairs, entidx_error *err)
{
    int rc;
    if ((rc = check_add(w, err)) < 0)
        return rc;
    if ((rc = add_record(w, doc, err)) < 0 || (rc = add_forward(w, pairs, n_pairs, err)) < 0) {
        w->rc = rc;
        return rc;
    }
    w->n_docs++;
    return ENTIDX_OK;
}

uint32_t entidx_index_writer_docs(const entidx_index_writer *w)
{
    return w->n_docs;
}

unsigned entidx_index_writer_runs(const entidx_index_writer *w)
{
    return (unsigned)w->n_runs;
}

/* ---- final assembly ---- */

/* One entity's postings being written: where it started, what came last. */
typedef struct post_out {
    uint64_t start;    /* offset of its first posting in the POSTINGS section */
    uint32_t n_done;   /* postings written */
    uint32_t last_doc; /* valid when n_done > 0 */
    entidx_buf skips;  /* SKIPS entries of all entities so far */
} post_out;

/*
 * Before the entity's next posting, of document `doc` at byte `at` of its
 * list: a SKIPS entry every ENTIDX_INDEX_SKIP_EVERY postings. 0 or
 * ENTIDX_ENOMEM.
 */
static int add_skip(post_out *po, uint64_t doc, uint64_t at)
{
    uint8_t sk[ENTIDX_INDEX_SKIP_LEN];
    if (po->n_done == 0 || po->n_done % ENTIDX_INDEX_SKIP_EVERY != 0)
        return 0;
    entidx_put_u32le(sk, (uint32_t)doc);
    entidx_put_u64le(sk + 4, at);
    return entidx_buf_put(&po->skips, sk, sizeof(sk)) < 0 ? ENTIDX_ENOMEM : 0;
}

/*
 * Re-encode `n` postings from p..end whose first document number is
 * `base` + its delta (a chunk starts afresh), continuing entity `po`'s list.
 * Returns bytes consumed, or an error.
 */
static int64_t copy_postings(out_file *o, post_out *po, const uint8_t *p, const uint8_t *end,
                             uint32_t n, uint64_t base, uint32_t n_docs_total, entidx_error *err)
{
    entidx_cursor c;
    uint64_t doc = 0;
    int rc;

    entidx_cursor_init(&c, p, (size_t)(end - p));
    for (uint32_t k = 0; k < n; k++) {
        uint64_t delta, count, tail_len, n_sent, s;
        const uint8_t *rest;
        uint8_t head[ENTIDX_VARINT_MAX];
        size_t hlen;
        entidx_cursor t;
        if (entidx_cursor_varint(&c, &delta) < 0)
            break;
        rest = c.p;
        if (entidx_cursor_varint(&c, &count) < 0 || entidx_cursor_varint(&c, &tail_len) < 0 ||
            tail_len > (uint64_t)(c.end - c.p)) {
            c.bad = 1;
            break;
        }
        entidx_cursor_init(&t, c.p, (size_t)tail_len);
        if (entidx_cursor_varint(&t, &n_sent) < 0 || n_sent == 0 || n_sent > count) {
            c.bad = 1;
            break;
        }
        for (uint64_t j = 0; j < n_sent + count && !t.bad; j++)
            entidx_cursor_varint(&t, &s);
        if (t.bad || t.p != t.end) {
            c.bad = 1;
            break;
        }
        c.p = t.end;
        doc = k == 0 ? base + delta : doc + delta;
        if ((k > 0 && delta == 0) || doc >= n_docs_total || (po->n_done && doc <= po->last_doc))
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "postings out of order while merging");
        if (add_skip(po, doc, o->off - o->sec_off[ENTIDX_SEC_POSTINGS] - po->start) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        hlen = entidx_varint_put(head, po->n_done ? doc - po->last_doc : doc);
        if ((rc = out_write(o, head, hlen, err)) < 0 ||
            (rc = out_write(o, rest, (size_t)(c.p - rest), err)) < 0)
            return rc;
        po->n_done++;
        po->last_doc = (uint32_t)doc;
    }
    if (c.bad)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "damaged postings while merging");
    return (int64_t)(c.p - p);
}

/*
 * The postings this writer holds in memory for one entity, `n` of them at
 * p..end, continuing entity `po`'s list: the same bytes copy_postings()
 * would write, at less cost. They were encoded by this process
 * (add_posting()), so each posting's sentence list is skipped, not decoded,
 * and only the first posting's document delta changes (it becomes relative
 * to the postings written before it, from spilled runs): the rest is written
 * as one block. Returns bytes consumed, or an error.
 */
static int64_t copy_own_postings(out_file *o, post_out *po, const uint8_t *p, const uint8_t *end,
                                 uint32_t n, uint32_t n_docs_total, entidx_error *err)
{
    entidx_cursor c;
    const uint8_t *after_first = p; /* the first posting, after its document delta */
    uint64_t doc = 0, at = o->off - o->sec_off[ENTIDX_SEC_POSTINGS] - po->start;
    uint8_t head[ENTIDX_VARINT_MAX];
    size_t hlen = 0;
    int rc;

    entidx_cursor_init(&c, p, (size_t)(end - p));
    for (uint32_t k = 0; k < n; k++) {
        const uint8_t *start = c.p;
        uint64_t delta, count, tail_len;
        if (entidx_cursor_varint(&c, &delta) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "damaged postings while merging");
        if (k == 0)
            after_first = c.p;
        if (entidx_cursor_varint(&c, &count) < 0 || entidx_cursor_varint(&c, &tail_len) < 0 ||
            tail_len > (uint64_t)(c.end - c.p))
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "damaged postings while merging");
        c.p += tail_len;
        doc = k == 0 ? delta : doc + delta;
        if ((k > 0 && delta == 0) || doc >= n_docs_total || (po->n_done && doc <= po->last_doc))
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "postings out of order while merging");
        if (k == 0)
            hlen = entidx_varint_put(head, po->n_done ? doc - po->last_doc : doc);
        if (add_skip(po, doc, at + (k == 0 ? 0 : hlen + (uint64_t)(start - after_first))) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        po->n_done++;
        po->last_doc = (uint32_t)doc;
    }
    if (n > 0 && ((rc = out_write(o, head, hlen, err)) < 0 ||
                  (rc = out_write(o, after_first, (size_t)(c.p - after_first), err)) < 0))
        return rc;
    return (int64_t)(c.p - p);
}

/* The next chunk header of a run, or none (*entity = UINT32_MAX). */
typedef struct run_cursor {
    spool_reader r;
    uint32_t entity, n;
    uint64_t len;
} run_cursor;

static int run_peek(run_cursor *rc_, entidx_error *err)
{
    int rc;
    rc_->entity = UINT32_MAX;
    if (rc_->r.pos >= rc_->r.size && rc_->r.have == rc_->r.at)
        return ENTIDX_OK;
    if ((rc = reader_fill(&rc_->r, 16, err)) < 0)
        return rc;
    rc_->entity = entidx_get_u32le(rc_->r.buf + rc_->r.at);
    rc_->n = entidx_get_u32le(rc_->r.buf + rc_->r.at + 4);
    rc_->len = entidx_get_u64le(rc_->r.buf + rc_->r.at + 8);
    rc_->r.at += 16;
    return ENTIDX_OK;
}

/* By entity, then document: each entity's skips in the order they came. */
static int cmp_chunk_skip(const void *a, const void *b)
{
    const chunk_skip *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/*
 * Entity e's list when its in-memory chunk is all of it: the chunk as it is
 * (its first document delta is from 0, as the list's is) and the skips noted
 * for it, w->skips[*next...] in entity order. The bytes copy_own_postings()
 * would write, without decoding every posting.
 */
static int write_whole_chunk(entidx_index_writer *w, out_file *o, post_out *po, uint32_t e,
                             size_t *next, entidx_error *err)
{
    const entity_acc *a = &w->acc[e];
    int rc;
    for (; *next < w->n_skips && w->skips[*next].entity == e; ++*next) {
        uint8_t sk[ENTIDX_INDEX_SKIP_LEN];
        entidx_put_u32le(sk, w->skips[*next].doc);
        entidx_put_u64le(sk + 4, w->skips[*next].at);
        if (entidx_buf_put(&po->skips, sk, sizeof(sk)) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    }
    if ((rc = out_write(o, a->bytes.ptr, a->bytes.len, err)) < 0)
        return rc;
    po->n_done = a->chunk_docs;
    po->last_doc = a->last_doc;
    return ENTIDX_OK;
}

static int write_postings(entidx_index_writer *w, out_file *o, entidx_buf *pidx, post_out *po,
                          entidx_error *err)
{
    run_cursor *cur = NULL;
    uint64_t *shard_base = NULL;
    /* each entity's in-memory chunk is its whole list (no run, no shard) */
    int whole_chunks = w->n_runs == 0 && w->n_shards == 0;
    size_t next_skip = 0;
    int rc = ENTIDX_OK;

    if (w->n_runs > 0 && (cur = entidx_calloc(w->n_runs, sizeof(*cur))) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    for (size_t r = 0; r < w->n_runs && rc == ENTIDX_OK; r++) {
        cur[r].r.fd = w->runs[r].s.fd;
        cur[r].r.size = w->runs[r].s.len;
        cur[r].r.cap = SPOOL_BUF;
        if ((cur[r].r.buf = entidx_malloc(SPOOL_BUF)) == NULL)
            rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        else
            rc = run_peek(&cur[r], err);
    }
    if (rc == ENTIDX_OK && w->n_shards > 0) {
        shard_base = entidx_calloc(w->n_shards, sizeof(*shard_base));
        if (shard_base == NULL)
            rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        for (size_t s = 1; rc == ENTIDX_OK && s < w->n_shards; s++)
            shard_base[s] = shard_base[s - 1] + entidx_index_doc_count(w->shards[s - 1]);
    }
    if (whole_chunks && w->n_skips > 1)
        qsort(w->skips, w->n_skips, sizeof(*w->skips), cmp_chunk_skip);
    out_begin(o, ENTIDX_SEC_POSTINGS);
    for (uint32_t e = 0; rc == ENTIDX_OK && e < w->n_entities; e++) {
        uint64_t skip_at = po->skips.len, mentions = 0;
        int64_t used;
        po->start = o->off - o->sec_off[ENTIDX_SEC_POSTINGS];
        po->n_done = 0;
        for (size_t r = 0; rc == ENTIDX_OK && r < w->n_runs; r++) {
            run_cursor *c = &cur[r];
            if (c->entity != e)
                continue;
            if ((rc = reader_fill(&c->r, (size_t)c->len, err)) < 0)
                break;
            used = copy_postings(o, po, c->r.buf + c->r.at, c->r.buf + c->r.at + c->len, c->n, 0,
                                 w->n_docs, err);
            if (used < 0) {
                rc = (int)used;
                break;
            }
            c->r.at += (size_t)c->len;
            rc = run_peek(c, err);
        }
        if (rc == ENTIDX_OK && w->acc[e].chunk_docs > 0 && whole_chunks) {
            rc = write_whole_chunk(w, o, po, e, &next_skip, err);
        } else if (rc == ENTIDX_OK && w->acc[e].chunk_docs > 0) {
            entity_acc *a = &w->acc[e];
            used = copy_own_postings(o, po, (const uint8_t *)a->bytes.ptr,
                                     (const uint8_t *)a->bytes.ptr + a->bytes.len, a->chunk_docs,
                                     w->n_docs, err);
            rc = used < 0 ? (int)used : ENTIDX_OK;
        }
        for (size_t s = 0; rc == ENTIDX_OK && s < w->n_shards; s++) {
            const uint8_t *p, *end;
            uint32_t nd;
            uint64_t nm;
            if ((rc = entidx__index_raw_postings(w->shards[s], e, &p, &end, &nd, &nm, err)) < 0)
                break;
            mentions += nm;
            if (nd > 0) {
                used = copy_postings(o, po, p, end, nd, shard_base[s], w->n_docs, err);
                rc = used < 0 ? (int)used : ENTIDX_OK;
            }
        }
        if (rc < 0)
            break;
        if (w->n_shards == 0) {
            mentions = w->acc[e].n_mentions;
            if (po->n_done != w->acc[e].n_docs) {
                rc = ENTIDX_FAIL(err, ENTIDX_EIO, "temporary files lost postings");
                break;
            }
        }
        if (entidx_buf_put_u64le(pidx, po->start) < 0 ||
            entidx_buf_put_u32le(pidx, po->n_done) < 0 ||
            entidx_buf_put_u64le(pidx, mentions) < 0 ||
            entidx_buf_put_u64le(pidx, po->n_done > ENTIDX_INDEX_SKIP_EVERY ? skip_at : 0) < 0)
            rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    }
    out_end(o, ENTIDX_SEC_POSTINGS);
    for (size_t r = 0; cur != NULL && r < w->n_runs; r++)
        entidx_free(cur[r].r.buf);
    entidx_free(cur);
    entidx_free(shard_base);
    return rc;
}

/* Copy bytes [from, to) of the file fd as section `kind`. */
static int copy_range(out_file *o, int fd, uint64_t from, uint64_t to, int kind, entidx_error *err)
{
    spool_reader r;
    int rc = ENTIDX_OK;

    out_begin(o, kind);
    memset(&r, 0, sizeof(r));
    r.fd = fd;
    r.pos = from;
    r.size = to;
    r.cap = SPOOL_BUF;
    if ((r.buf = entidx_malloc(SPOOL_BUF)) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    while (rc == ENTIDX_OK && r.pos < r.size) {
        size_t chunk = (size_t)(r.size - r.pos < SPOOL_BUF ? r.size - r.pos : SPOOL_BUF);
        r.at = r.have = 0;
        if ((rc = reader_fill(&r, chunk, err)) == ENTIDX_OK)
            rc = out_write(o, r.buf, r.have, err);
    }
    entidx_free(r.buf);
    out_end(o, kind);
    return rc;
}

static int copy_spool(out_file *o, spool *s, int kind, entidx_error *err)
{
    int rc = spool_flush(s, err);
    return rc < 0 ? rc : copy_range(o, s->fd, 0, s->len, kind, err);
}

/* Write one section held in memory. */
static int write_section(out_file *o, int kind, const entidx_buf *b, entidx_error *err)
{
    int rc;
    out_begin(o, kind);
    rc = out_write(o, b->ptr, b->len, err);
    out_end(o, kind);
    return rc;
}

/* Write the sections of gz_sec_kinds, built at open. */
static int write_gazetteer_sections(entidx_index_writer *w, out_file *o, entidx_error *err)
{
    int rc = ENTIDX_OK;
    for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(gz_sec_kinds) && rc == ENTIDX_OK; k++)
        rc = write_section(o, gz_sec_kinds[k], &w->gz_secs[k], err);
    return rc;
}

/* The sections before the document records: ENTITIES, and SOURCES listing `sources`. */
static int write_leading_sections(entidx_index_writer *w, out_file *o, char *const *sources,
                                  size_t n, entidx_error *err)
{
    entidx_buf b = ENTIDX_BUF_INIT;
    int rc = ENTIDX_OK;

    /* the gazetteer's fingerprint is defined as this hash: taking it here spares
       entidx_gazetteer_fingerprint() a second serialization */
    o->fingerprint = entidx_hash(w->ents.ptr, w->ents.len);
    if ((rc = write_section(o, ENTIDX_SEC_ENTITIES, &w->ents, err)) < 0)
        return rc;
    if (entidx_buf_put_varint(&b, n) < 0)
        rc = ENTIDX_ENOMEM;
    for (size_t i = 0; i < n && rc == ENTIDX_OK; i++) {
        if (put_str(&b, sources[i], strlen(sources[i])) < 0)
            rc = ENTIDX_ENOMEM;
    }
    rc = rc < 0 ? ENTIDX_FAIL(err, rc, "out of memory")
                : write_section(o, ENTIDX_SEC_SOURCES, &b, err);
    entidx_buf_dispose(&b);
    return rc;
}

/* Did the documents come from exactly the files announced (so SOURCES holds)? */
static int stream_fits(const entidx_index_writer *w)
{
    if (w->n_sources != w->n_expected)
        return 0;
    for (size_t i = 0; i < w->n_sources; i++) {
        if (strcmp(w->sources[i], w->expected[i]) != 0)
            return 0;
    }
    return 1;
}

int entidx__index_writer_streams(const entidx_index_writer *w)
{
    return w->streaming && stream_fits(w);
}

/* The streamed document records, copied into o after all (their sources differed). */
static int copy_streamed_docs(entidx_index_writer *w, out_file *o, entidx_error *err)
{
    int rc = write_fd(w->out.fd, w->out.buf.ptr, w->out.buf.len, "index", err);
    entidx_buf_clear(&w->out.buf);
    return rc < 0 ? rc
                  : copy_range(o, w->out.fd, w->out.sec_off[ENTIDX_SEC_DOCS], w->out.off,
                               ENTIDX_SEC_DOCS, err);
}

/* Every section into o; with docs_written, o already holds those up to DOCS. */
static int write_sections(entidx_index_writer *w, out_file *o, int docs_written, entidx_error *err)
{
    entidx_buf pidx = ENTIDX_BUF_INIT;
    post_out po;
    int rc = ENTIDX_OK;

    memset(&po, 0, sizeof(po));
    if (!docs_written && ((rc = write_leading_sections(w, o, w->sources, w->n_sources, err)) < 0 ||
                          (rc = w->streaming ? copy_streamed_docs(w, o, err)
                                             : copy_spool(o, &w->docs, ENTIDX_SEC_DOCS, err)) < 0))
        goto done;
    if ((rc = copy_spool(o, &w->doc_index, ENTIDX_SEC_DOC_INDEX, err)) < 0 ||
        (rc = copy_spool(o, &w->forward, ENTIDX_SEC_FORWARD, err)) < 0 ||
        (rc = copy_spool(o, &w->fwd_index, ENTIDX_SEC_FWD_INDEX, err)) < 0 ||
        (rc = write_postings(w, o, &pidx, &po, err)) < 0 ||
        (rc = write_section(o, ENTIDX_SEC_POSTINGS_INDEX, &pidx, err)) < 0 ||
        (rc = write_section(o, ENTIDX_SEC_SKIPS, &po.skips, err)) < 0)
        goto done;
    rc = write_gazetteer_sections(w, o, err);
done:
    entidx_buf_dispose(&pidx);
    entidx_buf_dispose(&po.skips);
    return rc;
}

static void drop_expected(entidx_index_writer *w)
{
    for (size_t i = 0; i < w->n_expected; i++)
        entidx_free(w->expected[i]);
    entidx_free(w->expected);
    w->expected = NULL;
    w->n_expected = 0;
}

int entidx_index_writer_expect_sources(entidx_index_writer *w, const char *const *paths, size_t n,
                                       entidx_error *err)
{
    entidx_error ignored = ENTIDX_ERROR_INIT;
    int rc;

    if (w->n_docs > 0 || w->streaming)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL,
                           "the input files are announced before the first document");
    if (w->rc)
        return ENTIDX_FAIL(err, w->rc, "index writer failed earlier");
    drop_expected(w); /* (of an earlier call that ran out of memory) */
    if (n == 0)
        return ENTIDX_OK; /* no document will come: nothing to stream */
    if ((w->expected = entidx_calloc(n, sizeof(*w->expected))) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        /* a file right after itself is one source, as add_record() counts them */
        if (w->n_expected > 0 && strcmp(w->expected[w->n_expected - 1], paths[i]) == 0)
            continue;
        if ((w->expected[w->n_expected] = entidx_strndup(paths[i], strlen(paths[i]))) == NULL)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        w->n_expected++;
    }
    /* the index file now, if it has no name until it is finished: a named
       one would outlive a killed run (finish() reports a failure to create) */
    if (out_create(&w->out, w->path, &ignored) < 0 || !w->out.anonymous) {
        out_abandon(&w->out);
        return ENTIDX_OK;
    }
    if ((rc = write_leading_sections(w, &w->out, w->expected, w->n_expected, err)) < 0) {
        out_abandon(&w->out);
        return rc;
    }
    out_begin(&w->out, ENTIDX_SEC_DOCS);
    w->streaming = 1;
    return ENTIDX_OK;
}

int entidx_index_writer_finish(entidx_index_writer *w, entidx_error *err)
{
    out_file fresh, *o = &fresh;
    int rc;

    if (w->rc)
        return ENTIDX_FAIL(err, w->rc, "index writer failed earlier");
    if (w->streaming && stream_fits(w)) {
        o = &w->out;
        out_end(o, ENTIDX_SEC_DOCS);
        rc = write_sections(w, o, 1, err);
    } else if ((rc = out_create(o, w->path, err)) == ENTIDX_OK) {
        rc = write_sections(w, o, 0, err);
    }
    if (rc == ENTIDX_OK)
        rc = out_commit(o, w->path, w->gz, w->n_docs, err);
    out_abandon(o);
    if (w->streaming)
        out_abandon(&w->out);
    w->streaming = 0;
    if (rc < 0)
        w->rc = rc;
    return rc;
}

void entidx_index_writer_free(entidx_index_writer *w)
{
    if (w == NULL)
        return;
    for (uint32_t e = 0; w->acc != NULL && e < w->n_entities; e++)
        entidx_buf_dispose(&w->acc[e].bytes);
    entidx_free(w->acc);
    if (w->streaming)
        out_abandon(&w->out);
    drop_expected(w);
    entidx_buf_dispose(&w->ents);
    for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(w->gz_secs); k++)
        entidx_buf_dispose(&w->gz_secs[k]);
    spool_close(&w->docs);
    spool_close(&w->doc_index);
    spool_close(&w->forward);
    spool_close(&w->fwd_index);
    for (size_t r = 0; r < w->n_runs; r++)
        spool_close(&w->runs[r].s);
    entidx_free(w->runs);
    entidx_free(w->skips);
    for (size_t i = 0; i < w->n_sources; i++)
        entidx_free(w->sources[i]);
    entidx_free(w->sources);
    entidx_free(w->sorted);
    entidx_buf_dispose(&w->rec);
    entidx_buf_dispose(&w->tail);
    entidx_free(w->tmp_dir);
    entidx_free(w->path);
    entidx_free(w);
}
