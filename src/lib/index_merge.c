/* SPDX-License-Identifier: MIT */
/*
 * index_merge.c - concatenate index shards built with the same gazetteer.
 *
 * Documents are copied in argument order (renumbered after the earlier
 * shards'), forward lists as they are, and each entity's postings are the
 * shards' postings one after the other with shifted document numbers. The
 * writer's final assembly does the rest, so the result is byte-identical to
 * indexing all the shards' inputs in one run (index_writer.c).
 */
#include "internal.h"
#include "entidx/index.h"
#include "index_format.h"
#include "index_int.h"
#include "buf.h"

static int same_entities(entidx_index *a, entidx_index *b)
{
    const uint8_t *pa, *pb;
    size_t la, lb;
    entidx__index_section(a, ENTIDX_SEC_ENTITIES, &pa, &la);
    entidx__index_section(b, ENTIDX_SEC_ENTITIES, &pb, &lb);
    return la == lb && memcmp(pa, pb, la) == 0;
}

/* Copy shard `ix`'s documents into the merging writer. */
static int copy_docs(entidx_index_writer *w, entidx_index *ix, const char *name, entidx_buf *path,
                     uint32_t **pairs, size_t *cap, entidx_error *err)
{
    for (uint32_t d = 0; d < entidx_index_doc_count(ix); d++) {
        entidx_doc_info info;
        entidx_doc doc;
        entidx_iter it;
        uint32_t e, cnt;
        size_t n = 0;
        int rc;

        if ((rc = entidx_index_doc(ix, d, &info, err)) < 0 ||
            (rc = entidx_index_doc_entities(ix, d, &it, err)) < 0)
            return rc;
        while ((rc = entidx_iter_next(&it, &e, &cnt, err)) == 1) {
            if (entidx_array_grow((void **)pairs, cap, 2 * (n + 1), sizeof(**pairs)) < 0)
                return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory merging %s", name);
            (*pairs)[2 * n] = e;
            (*pairs)[2 * n + 1] = cnt;
            n++;
        }
        if (rc < 0)
            return rc;
        entidx_buf_clear(path);
        if (entidx_buf_put(path, info.path, info.path_len) < 0 || entidx_buf_putc(path, '\0') < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory merging %s", name);
        memset(&doc, 0, sizeof(doc));
        doc.id = info.id;
        doc.id_len = info.id_len;
        doc.title = info.title;
        doc.title_len = info.title_len;
        doc.date = info.date;
        doc.date_len = info.date_len;
        doc.url = info.url;
        doc.url_len = info.url_len;
        doc.path = path->ptr;
        doc.line = info.line;
        if ((rc = entidx__index_writer_add_counts(w, &doc, *pairs, n, err)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

/*
 * Tell the writer the files the merged documents come from, the shards'
 * sources in order, so that the document records stream straight into the
 * output (a file that ends one shard and starts the next is one source: the
 * writer counts it once).
 */
static int announce_sources(entidx_index_writer *w, entidx_index *const *ix, size_t n_inputs,
                            entidx_error *err)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    int rc = ENTIDX_OK;

    for (size_t i = 0; i < n_inputs && rc == ENTIDX_OK; i++) {
        for (uint32_t k = 0; k < entidx__index_n_sources(ix[i]) && rc == ENTIDX_OK; k++) {
            const char *p;
            size_t len;
            entidx__index_source(ix[i], k, &p, &len);
            if (entidx_array_grow((void **)&v, &cap, n + 1, sizeof(*v)) < 0 ||
                (v[n] = entidx_strndup(p, len)) == NULL)
                rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
            else
                n++;
        }
    }
    if (rc == ENTIDX_OK)
        rc = entidx_index_writer_expect_sources(w, (const char *const *)v, n, err);
    for (size_t i = 0; i < n; i++)
        entidx_free(v[i]);
    entidx_free(v);
    return rc;
}

int entidx_index_merge(const char *out, const char *const *inputs, size_t n_inputs,
                       const entidx_index_writer_opts *opts, entidx_error *err)
{
    entidx_index **ix;
    const entidx_gazetteer *gz = NULL;
    entidx_index_writer *w = NULL;
    entidx_buf path = ENTIDX_BUF_INIT;
    uint32_t *pairs = NULL;
    size_t cap = 0;
    uint64_t total = 0;
    int rc = ENTIDX_OK;

    if (n_inputs == 0)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "nothing to merge");
    ix = entidx_calloc(n_inputs, sizeof(*ix));
    if (ix == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_inputs && rc == ENTIDX_OK; i++) {
        if ((rc = entidx_index_open(&ix[i], inputs[i], err)) < 0)
            break;
        if (i > 0 && !same_entities(ix[0], ix[i]))
            rc = ENTIDX_FAIL_AT(err, ENTIDX_EINVAL, inputs[i], 0, 0,
                                "built with other gazetteers than %s: indexes merge only when "
                                "their entity tables are identical",
                                inputs[0]);
        total += entidx_index_doc_count(ix[i]);
        if (rc == ENTIDX_OK && total >= UINT32_MAX)
            rc = ENTIDX_FAIL(err, ENTIDX_EINVAL, "more than %u documents in all",
                             (unsigned)UINT32_MAX - 1);
    }
    if (rc == ENTIDX_OK)
        rc = entidx_index_load_gazetteer(ix[0], &gz, err);
    if (rc == ENTIDX_OK)
        rc = entidx__index_writer_open_merge(&w, out, gz, ix, n_inputs, opts, err);
    if (rc == ENTIDX_OK)
        rc = announce_sources(w, ix, n_inputs, err);
    for (size_t i = 0; i < n_inputs && rc == ENTIDX_OK; i++)
        rc = copy_docs(w, ix[i], inputs[i], &path, &pairs, &cap, err);
    if (rc == ENTIDX_OK)
        rc = entidx_index_writer_finish(w, err);
    entidx_index_writer_free(w);
    for (size_t i = 0; i < n_inputs; i++)
        entidx_index_close(ix[i]);
    entidx_free(ix);
    entidx_free(pairs);
    entidx_buf_dispose(&path);
    return rc;
}
