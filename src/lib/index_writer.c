/* SPDX-License-Identifier: MIT */
/*
 * index_writer.c - accumulate postings and document records in memory, then
 * write the index file atomically (temporary file, fsync, rename).
 * Layout: index_format.h.
 */
#include "internal.h"
#include "entidx/index.h"
#include "gazetteer_int.h"
#include "index_format.h"
#include "varint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

typedef struct entity_postings {
    entidx_buf bytes;  /* (doc_delta, count) pairs */
    uint32_t last_doc; /* previous document, valid when n_docs > 0 */
    uint32_t n_docs;
    uint64_t n_mentions;
} entity_postings;

struct entidx_index_writer {
    const entidx_gazetteer *gz;
    char *path;
    uint32_t n_entities;
    uint32_t n_docs;
    entity_postings *postings; /* n_entities */
    entidx_buf docs, doc_index, forward, fwd_index;
    uint32_t *sorted; /* scratch for one document's entity list */
    size_t sorted_cap;
    int rc; /* sticky error */
};

int entidx_index_writer_open(entidx_index_writer **out, const char *path,
                             const entidx_gazetteer *gz, entidx_error *err)
{
    entidx_index_writer *w;

    *out = NULL;
    w = entidx_calloc(1, sizeof(*w));
    if (w == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index writer");
    w->gz = gz;
    w->n_entities = entidx_gazetteer_count(gz);
    w->path = entidx_strndup(path, strlen(path));
    w->postings = entidx_calloc(w->n_entities ? w->n_entities : 1, sizeof(*w->postings));
    if (w->path == NULL || w->postings == NULL) {
        entidx_index_writer_free(w);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index writer");
    }
    *out = w;
    return ENTIDX_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int put_str(entidx_buf *b, const char *s, size_t len)
{
    int rc = entidx_buf_put_varint(b, len);
    return rc < 0 ? rc : entidx_buf_put(b, s, len);
}

static int add_doc(entidx_index_writer *w, const entidx_doc *doc, const uint32_t *entities,
                   size_t n)
{
    uint32_t doc_id = w->n_docs;
    size_t n_distinct = 0;
    int rc;

    if ((rc = entidx_buf_put_u64le(&w->doc_index, w->docs.len)) < 0 ||
        (rc = put_str(&w->docs, doc->id, doc->id_len)) < 0 ||
        (rc = put_str(&w->docs, doc->title, doc->title_len)) < 0 ||
        (rc = put_str(&w->docs, doc->date, doc->date_len)) < 0 ||
        (rc = put_str(&w->docs, doc->url, doc->url_len)) < 0 ||
        (rc = put_str(&w->docs, doc->path ? doc->path : "", doc->path ? strlen(doc->path) : 0)) <
            0 ||
        (rc = entidx_buf_put_varint(&w->docs, doc->line)) < 0)
        return rc;

    if ((rc = entidx_array_grow((void **)&w->sorted, &w->sorted_cap, n, sizeof(*w->sorted))) < 0)
        return rc;
    if (n > 0) {
        memcpy(w->sorted, entities, n * sizeof(*entities));
        qsort(w->sorted, n, sizeof(*w->sorted), cmp_u32);
    }
    for (size_t i = 0; i < n; i++)
        n_distinct += i == 0 || w->sorted[i] != w->sorted[i - 1];
    if ((rc = entidx_buf_put_u64le(&w->fwd_index, w->forward.len)) < 0 ||
        (rc = entidx_buf_put_varint(&w->forward, n_distinct)) < 0)
        return rc;
    for (size_t i = 0, prev = 0; i < n;) {
        uint32_t e = w->sorted[i];
        entity_postings *p = &w->postings[e];
        uint32_t count = 0;
        while (i < n && w->sorted[i] == e) {
            count++;
            i++;
        }
        if ((rc = entidx_buf_put_varint(&w->forward, e - prev)) < 0 ||
            (rc = entidx_buf_put_varint(&w->forward, count)) < 0 ||
            (rc = entidx_buf_put_varint(&p->bytes, p->n_docs ? doc_id - p->last_doc : doc_id)) <
                0 ||
            (rc = entidx_buf_put_varint(&p->bytes, count)) < 0)
            return rc;
        prev = e;
        p->last_doc = doc_id;
        p->n_docs++;
        p->n_mentions += count;
    }
    w->n_docs++;
    return ENTIDX_OK;
}

int entidx_index_writer_add(entidx_index_writer *w, const entidx_doc *doc, const uint32_t *entities,
                            size_t n, entidx_error *err)
{
    if (w->rc)
        return ENTIDX_FAIL(err, w->rc, "index writer failed earlier");
    for (size_t i = 0; i < n; i++) {
        if (entities[i] >= w->n_entities)
            return ENTIDX_FAIL(err, ENTIDX_EINVAL, "entity number %u out of range",
                               (unsigned)entities[i]);
    }
    if (w->n_docs == UINT32_MAX) {
        w->rc = ENTIDX_ELIMIT;
        return ENTIDX_FAIL(err, w->rc, "more than %u documents", (unsigned)UINT32_MAX - 1);
    }
    if ((w->rc = add_doc(w, doc, entities, n)) < 0)
        return ENTIDX_FAIL(err, w->rc, "out of memory adding document %u", (unsigned)w->n_docs);
    return ENTIDX_OK;
}

uint32_t entidx_index_writer_docs(const entidx_index_writer *w)
{
    return w->n_docs;
}

/* ---- writing the file ---- */

typedef struct out_file {
    int fd;
    uint64_t written;
    const char *path; /* temporary file, for messages */
} out_file;

static int write_all(out_file *f, const void *data, size_t len, entidx_error *err)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(f->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ENTIDX_FAIL_SYS(err, errno, f->path, "write failed");
        }
        p += n;
        len -= (size_t)n;
        f->written += (uint64_t)n;
    }
    return ENTIDX_OK;
}

static uint32_t crc(const void *data, size_t len)
{
    uLong c = crc32(0L, Z_NULL, 0);
    const unsigned char *p = data;
    while (len > 0) {
        uInt chunk = len > 0x40000000u ? 0x40000000u : (uInt)len;
        c = crc32(c, p, chunk);
        p += chunk;
        len -= chunk;
    }
    return (uint32_t)c;
}

static int write_index(entidx_index_writer *w, out_file *f, entidx_error *err)
{
    entidx_buf ents = ENTIDX_BUF_INIT, pidx = ENTIDX_BUF_INIT, post = ENTIDX_BUF_INIT;
    entidx_buf head = ENTIDX_BUF_INIT;
    const entidx_buf *sec[ENTIDX_INDEX_N_SECTIONS];
    uint64_t off;
    int rc;

    if ((rc = entidx__gazetteer_serialize(w->gz, &ents)) < 0)
        goto oom;
    for (uint32_t e = 0; e < w->n_entities; e++) {
        entity_postings *p = &w->postings[e];
        if ((rc = entidx_buf_put_u64le(&pidx, post.len)) < 0 ||
            (rc = entidx_buf_put_u32le(&pidx, p->n_docs)) < 0 ||
            (rc = entidx_buf_put_u64le(&pidx, p->n_mentions)) < 0 ||
            (p->bytes.len && (rc = entidx_buf_put(&post, p->bytes.ptr, p->bytes.len)) < 0))
            goto oom;
    }
    sec[0] = &ents;
    sec[1] = &w->doc_index;
    sec[2] = &w->docs;
    sec[3] = &pidx;
    sec[4] = &post;
    sec[5] = &w->fwd_index;
    sec[6] = &w->forward;

    if ((rc = entidx_buf_put(&head, ENTIDX_INDEX_MAGIC, ENTIDX_INDEX_MAGIC_LEN)) < 0 ||
        (rc = entidx_buf_put_u32le(&head, ENTIDX_INDEX_VERSION)) < 0 ||
        (rc = entidx_buf_put_u32le(&head, 0)) < 0 ||
        (rc = entidx_buf_put_u64le(&head, entidx_gazetteer_fingerprint(w->gz))) < 0 ||
        (rc = entidx_buf_put_u32le(&head, w->n_entities)) < 0 ||
        (rc = entidx_buf_put_u32le(&head, w->n_docs)) < 0 ||
        (rc = entidx_buf_put_u32le(&head, ENTIDX_INDEX_N_SECTIONS)) < 0 ||
        (rc = entidx_buf_put_u32le(&head, 0)) < 0) /* header_crc, filled below */
        goto oom;
    off = ENTIDX_INDEX_HEADER_LEN + ENTIDX_INDEX_N_SECTIONS * ENTIDX_INDEX_SECTION_LEN;
    for (unsigned i = 0; i < ENTIDX_INDEX_N_SECTIONS; i++) {
        if ((rc = entidx_buf_put_u32le(&head, i + 1)) < 0 ||
            (rc = entidx_buf_put_u32le(&head, crc(sec[i]->ptr, sec[i]->len))) < 0 ||
            (rc = entidx_buf_put_u64le(&head, off)) < 0 ||
            (rc = entidx_buf_put_u64le(&head, sec[i]->len)) < 0)
            goto oom;
        off += sec[i]->len;
    }
    {
        uLong c = crc32(0L, Z_NULL, 0);
        c = crc32(c, (const Bytef *)head.ptr, ENTIDX_INDEX_HEADER_LEN - 4);
        c = crc32(c, (const Bytef *)head.ptr + ENTIDX_INDEX_HEADER_LEN,
                  (uInt)(head.len - ENTIDX_INDEX_HEADER_LEN));
        entidx_put_u32le((uint8_t *)head.ptr + ENTIDX_INDEX_HEADER_LEN - 4, (uint32_t)c);
    }
    if ((rc = write_all(f, head.ptr, head.len, err)) < 0)
        goto done;
    for (unsigned i = 0; i < ENTIDX_INDEX_N_SECTIONS; i++) {
        if (sec[i]->len && (rc = write_all(f, sec[i]->ptr, sec[i]->len, err)) < 0)
            goto done;
    }
    rc = ENTIDX_OK;
    goto done;
oom:
    rc = ENTIDX_FAIL(err, rc, "out of memory writing index");
done:
    entidx_buf_dispose(&ents);
    entidx_buf_dispose(&pidx);
    entidx_buf_dispose(&post);
    entidx_buf_dispose(&head);
    return rc;
}

/* fsync the directory holding `path` so the rename is durable. */
static void sync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? entidx_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : entidx_strndup(".", 1);
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

int entidx_index_writer_finish(entidx_index_writer *w, entidx_error *err)
{
    size_t plen = strlen(w->path);
    char *tmp;
    out_file f;
    int rc;

    if (w->rc)
        return ENTIDX_FAIL(err, w->rc, "index writer failed earlier");
    tmp = entidx_malloc(plen + sizeof(".tmp-XXXXXX"));
    if (tmp == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    memcpy(tmp, w->path, plen);
    memcpy(tmp + plen, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
    f.fd = mkstemp(tmp);
    f.written = 0;
    f.path = tmp;
    if (f.fd < 0) {
        rc =
            ENTIDX_FAIL_SYS(err, errno, w->path, "cannot create a temporary file beside the index");
        entidx_free(tmp);
        return w->rc = rc;
    }
    (void)fchmod(f.fd, 0644); /* mkstemp makes 0600; an index is meant to be shared */
    rc = write_index(w, &f, err);
    if (rc == ENTIDX_OK && fsync(f.fd) != 0)
        rc = ENTIDX_FAIL_SYS(err, errno, tmp, "fsync failed");
    if (close(f.fd) != 0 && rc == ENTIDX_OK)
        rc = ENTIDX_FAIL_SYS(err, errno, tmp, "close failed");
    if (rc == ENTIDX_OK && rename(tmp, w->path) != 0)
        rc = ENTIDX_FAIL_SYS(err, errno, w->path, "cannot move the temporary file into place");
    if (rc < 0)
        unlink(tmp);
    else
        sync_dir_of(w->path);
    entidx_free(tmp);
    if (rc < 0)
        w->rc = rc;
    return rc;
}

void entidx_index_writer_free(entidx_index_writer *w)
{
    if (w == NULL)
        return;
    for (uint32_t e = 0; w->postings != NULL && e < w->n_entities; e++)
        entidx_buf_dispose(&w->postings[e].bytes);
    entidx_free(w->postings);
    entidx_buf_dispose(&w->docs);
    entidx_buf_dispose(&w->doc_index);
    entidx_buf_dispose(&w->forward);
    entidx_buf_dispose(&w->fwd_index);
    entidx_free(w->sorted);
    entidx_free(w->path);
    entidx_free(w);
}
