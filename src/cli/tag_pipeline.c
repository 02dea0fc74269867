/* SPDX-License-Identifier: MIT */
/*
 * tag_pipeline.c - read and tag a corpus with several threads while a sink
 * (the index writer of `entidx index`, the printer of `entidx tag`) gets the
 * documents and their mentions in input order.
 *
 * Reader threads each take the next input file and cut it into batches of
 * documents (copied out of the reader); JSON Lines records go undecoded,
 * for the worker that tags them to decode. Worker threads tag batches in any
 * order. The calling thread commits batches to the sink strictly in
 * (file, batch) order, so document numbers, the index bytes and the printed
 * mentions do not depend on the number of threads. At most
 * `2 * MAX_BATCHES` batches (of at most BATCH_BYTES of text each, plus one
 * document) are in flight, so memory stays bounded: a reader of a later file
 * waits when `MAX_BATCHES` are, and the reader of the file being committed
 * waits only for its own, so the pipeline cannot deadlock. Committed batches
 * are reused, buffers and all (batch_pool). The job's setup (loading the
 * gazetteers, opening the output) runs on the calling thread while the
 * readers fill the pipeline; the workers start after it. With one thread
 * everything runs inline. A fatal read error ends the run after the
 * documents read before it have reached the sink; with --strict or
 * --max-errors one reader reads the files in turn, so that the errors are
 * met in input order.
 */
#include "cli.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH_DOCS  512
#define BATCH_BYTES (1u << 20)
/* 32: with 4, workers on two cores waited for the committer's next batch
   (benchmark corpus 3.14 s against 2.81 s; peak RSS 29 MB against 37 MB);
   with 16 the cores still stood idle 8.7% of an index run, with 32 5.7%, most
   of that the single-threaded end (index 1.552 s against 1.520 s, medians of
   6 runs in turn; peak RSS 43 MB against 62 MB; 64 gave no more) */
#define MAX_BATCHES 32

/*
 * A document of a batch. A JSON Lines record may come undecoded (`raw`: its
 * line at raw_off in the store), to be decoded by the worker that tags it:
 * then only its metadata is stored, and its text fields too for a job that
 * gives the sink whole mentions (the index needs no text once tagged). A
 * record that does not decode keeps its error for the committer (read_rc);
 * so does an entry that is no document but a read error the reader met
 * there (deferred_error()), so that all are reported in input order.
 */
typedef struct pipe_doc {
    size_t off[4]; /* id, title, date, url: offsets in the batch's store */
    size_t len[4];
    size_t field_off[ENTIDX_MAX_TEXT_FIELDS], field_len[ENTIDX_MAX_TEXT_FIELDS];
    const char *field_name[ENTIDX_MAX_TEXT_FIELDS];
    size_t n_fields;
    uint64_t line;
    size_t mention0, n_mentions; /* in the batch's mentions */
    int raw;                     /* the record is still to be decoded */
    size_t raw_off, raw_len;
    int read_rc;     /* 0, or the ENTIDX_* its decoding or reading failed with ... */
    size_t bad_err;  /* ... and the batch's bad[] entry that says why */
    int file_failed; /* ... the file could not be opened or closed (no document) */
} pipe_doc;

typedef struct batch {
    size_t file, number;
    char *store;
    size_t store_len, store_cap;
    size_t path_off; /* every document of a batch comes from one file: its path, stored once */
    pipe_doc *docs;
    size_t n_docs, cap_docs;
    entidx_index_mention *mentions; /* the job's `full` is 0 */
    cli_mention *full;              /* ... or 1 */
    size_t n_mentions, cap_mentions;
    size_t field;        /* the field being tagged (collect_full) */
    uint64_t bytes_read; /* of its file, after this batch */
    int tag_error;       /* ENTIDX_* from the tagger, reported by the committer */
    entidx_error err;
    entidx_error *bad; /* why records did not decode (pipe_doc.read_rc) */
    size_t n_bad, cap_bad;
    struct batch *next;
} batch;

/*
 * Committed batches, kept with their buffers for the next ones: once the
 * pipeline is warm, no batch grows by realloc (copying its text) or touches
 * fresh pages. Holds at most POOL_MAX, so memory stays what the in-flight
 * bound allows.
 */
#define POOL_MAX (2 * MAX_BATCHES + 2)
typedef struct batch_pool {
    pthread_mutex_t mu;
    batch *spare;
    size_t n_spare;
} batch_pool;

typedef struct pipeline {
    cli_pipeline_job *job;
    batch_pool *pool;
    char **files;
    size_t n_files;
    uint64_t *file_size; /* 0 when unknown (standard input) */
    pthread_mutex_t mu;
    /* each waits on its own condition, woken only when it may go on: with
       one for all, every batch woke every waiting thread, and a thread woken
       while the other core stood idle could wait a scheduler tick (4 ms) on
       the busy one */
    pthread_cond_t room;  /* readers: room in the pipeline */
    pthread_cond_t work;  /* workers: a batch to tag */
    pthread_cond_t ready; /* the committer: batch (want_file, want_number) */
    size_t want_file, want_number;
    size_t next_file, head_file, in_flight;
    size_t *file_in_flight, *file_batches; /* file_batches: SIZE_MAX until read */
    batch *todo, *todo_tail, *done;
    unsigned readers_live;
    size_t last_file; /* after a fatal read error in a file, the last to commit; else SIZE_MAX */
    int stop;         /* a fatal error: everyone winds down */
    int defer;        /* readers leave JSON Lines records for the workers to decode */
} pipeline;

static void batch_free(batch *b)
{
    if (b == NULL)
        return;
    free(b->store);
    free(b->docs);
    free(b->mentions);
    free(b->full);
    free(b->bad);
    free(b);
}

static void pool_init(batch_pool *pool)
{
    pthread_mutex_init(&pool->mu, NULL);
    pool->spare = NULL;
    pool->n_spare = 0;
}

static void pool_dispose(batch_pool *pool)
{
    while (pool->spare != NULL) {
        batch *b = pool->spare;
        pool->spare = b->next;
        batch_free(b);
    }
    pthread_mutex_destroy(&pool->mu);
}

/* An empty batch for (file, number): a spare one, or a new one. NULL when out of memory. */
static batch *pool_take(batch_pool *pool, size_t file, size_t number)
{
    static const entidx_error no_error = ENTIDX_ERROR_INIT;
    batch *b;
    pthread_mutex_lock(&pool->mu);
    if ((b = pool->spare) != NULL) {
        pool->spare = b->next;
        pool->n_spare--;
    }
    pthread_mutex_unlock(&pool->mu);
    if (b == NULL && (b = calloc(1, sizeof(*b))) == NULL)
        return NULL;
    b->file = file;
    b->number = number;
    b->store_len = b->n_docs = b->n_mentions = b->n_bad = 0;
    b->bytes_read = 0;
    b->tag_error = 0;
    b->err = no_error;
    b->next = NULL;
    return b;
}

static void pool_give(batch_pool *pool, batch *b)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&pool->mu);
    if (pool->n_spare < POOL_MAX) {
        b->next = pool->spare;
        pool->spare = b;
        pool->n_spare++;
        b = NULL;
    }
    pthread_mutex_unlock(&pool->mu);
    batch_free(b);
}

static int store_put(batch *b, const char *s, size_t len, size_t *off)
{
    if (b->store_len + len + 1 > b->store_cap) {
        /* room for a whole batch at once: growing a new batch's store from small
           copied its text several times (2.5% of an index run of 63 MB); the pages
           a batch does not fill are not touched */
        size_t ncap = b->store_cap ? b->store_cap : 2 * (size_t)BATCH_BYTES;
        char *n;
        while (ncap < b->store_len + len + 1)
            ncap *= 2;
        if ((n = realloc(b->store, ncap)) == NULL)
            return CLI_FAIL;
        b->store = n;
        b->store_cap = ncap;
    }
    *off = b->store_len;
    if (len > 0)
        memcpy(b->store + b->store_len, s, len);
    b->store[b->store_len + len] = '\0';
    b->store_len += len + 1;
    return CLI_OK;
}

/*
 * Room in the array *v (*cap elements of elem bytes, n in use) for one more:
 * doubled when full, from `first`. CLI_OK or CLI_FAIL (out of memory).
 */
static int room_for_one(void **v, size_t *cap, size_t n, size_t elem, size_t first)
{
    size_t ncap = *cap ? *cap * 2 : first;
    void *nv;
    if (n < *cap)
        return CLI_OK;
    if ((nv = realloc(*v, ncap * elem)) == NULL)
        return CLI_FAIL;
    *v = nv;
    *cap = ncap;
    return CLI_OK;
}

/* A new, zeroed document at the end of the batch (the first stores the path); NULL: no memory. */
static pipe_doc *batch_new_doc(batch *b, const entidx_doc *doc)
{
    pipe_doc *d;
    if (room_for_one((void **)&b->docs, &b->cap_docs, b->n_docs, sizeof(*b->docs), 64) != CLI_OK)
        return NULL;
    if (b->n_docs == 0 && store_put(b, doc->path ? doc->path : "",
                                    doc->path ? strlen(doc->path) : 0, &b->path_off) != CLI_OK)
        return NULL;
    d = &b->docs[b->n_docs];
    memset(d, 0, sizeof(*d));
    d->line = doc->line;
    return d;
}

/* Copy doc's metadata, and its text fields when `text`, into the batch as d's. */
static int store_doc(batch *b, pipe_doc *d, const entidx_doc *doc, int text)
{
    const char *s[4] = {doc->id, doc->title, doc->date, doc->url};
    size_t l[4] = {doc->id_len, doc->title_len, doc->date_len, doc->url_len};
    for (int i = 0; i < 4; i++) {
        d->len[i] = l[i];
        if (store_put(b, s[i], l[i], &d->off[i]) != CLI_OK)
            return CLI_FAIL;
    }
    d->n_fields = text ? doc->n_fields : 0;
    for (size_t f = 0; f < d->n_fields; f++) {
        d->field_name[f] = doc->fields[f].name;
        d->field_len[f] = doc->fields[f].len;
        if (store_put(b, doc->fields[f].text, doc->fields[f].len, &d->field_off[f]) != CLI_OK)
            return CLI_FAIL;
    }
    return CLI_OK;
}

/* Copy a document out of the reader's buffers into the batch. */
static int batch_add(batch *b, const entidx_doc *doc)
{
    pipe_doc *d = batch_new_doc(b, doc);
    if (d == NULL || store_doc(b, d, doc, 1) != CLI_OK)
        return CLI_FAIL;
    b->n_docs++;
    return CLI_OK;
}

/* Copy an undecoded JSON Lines record (its line, raw[0..len)) into the batch. */
static int batch_add_raw(batch *b, const entidx_doc *doc, const char *raw, size_t len)
{
    pipe_doc *d = batch_new_doc(b, doc);
    if (d == NULL || store_put(b, raw, len, &d->raw_off) != CLI_OK)
        return CLI_FAIL;
    d->raw = 1;
    d->raw_len = len;
    b->n_docs++;
    return CLI_OK;
}

/* d failed with rc, err saying why (see pipe_doc). ENTIDX_OK or ENTIDX_ENOMEM. */
static int note_bad(batch *b, pipe_doc *d, int rc, const entidx_error *err)
{
    if (room_for_one((void **)&b->bad, &b->cap_bad, b->n_bad, sizeof(*b->bad), 4) != CLI_OK)
        return ENTIDX_ENOMEM;
    d->read_rc = rc;
    d->bad_err = b->n_bad;
    b->bad[b->n_bad++] = *err;
    return ENTIDX_OK;
}

/*
 * A read error of file `path` (rc, err) met by a reader whose records the
 * workers decode: it goes into the batch as an entry of its own, for the
 * committer to report and count in input order, after the records before it
 * that did not decode. file_failed: the file could not be opened or closed
 * (reported and counted as a failed file); else cli_read_error() takes it.
 * CLI_OK or CLI_FAIL (out of memory).
 */
static int deferred_error(batch *b, const char *path, int rc, const entidx_error *err,
                          int file_failed)
{
    entidx_doc none;
    pipe_doc *d;
    memset(&none, 0, sizeof(none));
    none.path = path;
    if ((d = batch_new_doc(b, &none)) == NULL || note_bad(b, d, rc, err) < 0)
        return CLI_FAIL;
    d->file_failed = file_failed;
    b->n_docs++;
    return CLI_OK;
}

/*
 * What a read error means for the rest of the file when the reader leaves
 * reporting it to the committer: what cli_read_error() says of it without
 * --strict and --max-errors (the only runs that defer).
 */
static int deferred_action(int rc)
{
    if (rc == ENTIDX_EPARSE || rc == ENTIDX_ELIMIT || rc == ENTIDX_ECORRUPT)
        return CLI_READ_NEXT;
    return rc == ENTIDX_ENOMEM ? CLI_READ_FATAL : CLI_READ_END_FILE;
}

/*
 * Decode the batch's record d with dec into *doc (fields valid until dec's
 * next use) and store what the committer needs. A record that does not
 * decode keeps its error and gets no fields. ENTIDX_OK or ENTIDX_ENOMEM.
 */
static int decode_doc(entidx_record_decoder *dec, batch *b, pipe_doc *d, int full, entidx_doc *doc)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    int rc = entidx_record_decode(dec, b->store + b->path_off, d->line, b->store + d->raw_off,
                                  d->raw_len, doc, &err);
    d->raw = 0;
    if (rc < 0) {
        doc->n_fields = 0;
        return note_bad(b, d, rc, &err);
    }
    return store_doc(b, d, doc, full) == CLI_OK ? ENTIDX_OK : ENTIDX_ENOMEM;
}

/* The entidx_doc view of a batched document (field names must outlive the reader: see below). */
static void doc_view(const batch *b, const pipe_doc *d, entidx_doc *doc, entidx_field *fields)
{
    memset(doc, 0, sizeof(*doc));
    doc->id = b->store + d->off[0];
    doc->id_len = d->len[0];
    doc->title = b->store + d->off[1];
    doc->title_len = d->len[1];
    doc->date = b->store + d->off[2];
    doc->date_len = d->len[2];
    doc->url = b->store + d->off[3];
    doc->url_len = d->len[3];
    doc->path = b->store + b->path_off;
    doc->line = d->line;
    for (size_t f = 0; f < d->n_fields; f++) {
        fields[f].name = d->field_name[f];
        fields[f].text = b->store + d->field_off[f];
        fields[f].len = d->field_len[f];
    }
    doc->fields = fields;
    doc->n_fields = d->n_fields;
}

/* Room for one more mention in the batch's array of `size`-byte mentions. */
static int mention_room(batch *b, void **v, size_t size)
{
    return room_for_one(v, &b->cap_mentions, b->n_mentions, size, 256) == CLI_OK ? ENTIDX_OK
                                                                                 : ENTIDX_ENOMEM;
}

static int collect_index(const entidx_mention *m, void *payload)
{
    batch *b = payload;
    entidx_index_mention *im;
    if (mention_room(b, (void **)&b->mentions, sizeof(*b->mentions)) < 0)
        return ENTIDX_ENOMEM;
    im = &b->mentions[b->n_mentions++];
    im->entity = m->entity;
    im->sentence = m->sentence;
    im->position = m->position;
    return 0;
}

static int collect_full(const entidx_mention *m, void *payload)
{
    batch *b = payload;
    if (mention_room(b, (void **)&b->full, sizeof(*b->full)) < 0)
        return ENTIDX_ENOMEM;
    b->full[b->n_mentions].m = *m;
    b->full[b->n_mentions].field = b->field;
    b->n_mentions++;
    return 0;
}

/* Tag the batch's documents, decoding its undecoded records with dec first. */
static void tag_batch(entidx_tagger *t, entidx_record_decoder *dec, batch *b, int full)
{
    entidx_mention_cb collect = full ? collect_full : collect_index;
    for (size_t i = 0; i < b->n_docs && b->tag_error == 0; i++) {
        pipe_doc *d = &b->docs[i];
        entidx_field fields[ENTIDX_MAX_TEXT_FIELDS];
        entidx_doc doc;
        d->mention0 = b->n_mentions;
        if (!d->raw) {
            doc_view(b, d, &doc, fields);
        } else if (decode_doc(dec, b, d, full, &doc) < 0) {
            b->tag_error = ENTIDX_ENOMEM;
            break;
        }
        if (doc.n_fields > 1) { /* rules that look at the whole document (cue words) */
            const char *texts[ENTIDX_MAX_TEXT_FIELDS];
            size_t lens[ENTIDX_MAX_TEXT_FIELDS];
            for (size_t f = 0; f < doc.n_fields; f++) {
                texts[f] = doc.fields[f].text;
                lens[f] = doc.fields[f].len;
            }
            if (entidx_tagger_lookahead(t, texts, lens, doc.n_fields) < 0) {
                b->tag_error = ENTIDX_ENOMEM;
                break;
            }
        }
        for (size_t f = 0; f < doc.n_fields; f++) {
            int rc;
            b->field = f;
            rc = (f == 0 ? entidx_tagger_scan : entidx_tagger_scan_continue)(
                t, doc.fields[f].text, doc.fields[f].len, collect, b, &b->err);
            if (rc != 0) {
                b->tag_error = rc < 0 ? rc : ENTIDX_ENOMEM;
                break;
            }
        }
        d->n_mentions = b->n_mentions - d->mention0;
    }
}

/*
 * Hand a tagged batch to the sink, document by document; records that did
 * not decode, and read errors the reader left to it, are reported here, in
 * input order, and counted in *st.
 */
static int commit_batch(cli_pipeline_job *job, batch *b, cli_scan_stats *st)
{
    if (b->tag_error != 0) {
        if (b->tag_error == ENTIDX_ENOMEM)
            cli_error("out of memory tagging");
        else
            cli_report(&b->err);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < b->n_docs; i++) {
        const pipe_doc *d = &b->docs[i];
        entidx_field fields[ENTIDX_MAX_TEXT_FIELDS];
        entidx_doc doc;
        cli_tagged_doc td;
        if (d->read_rc != 0) {
            const entidx_error *e = &b->bad[d->bad_err];
            if (d->file_failed) {
                cli_report(e);
                st->failed_files++;
            } else if (cli_read_error(d->read_rc, e, job->strict, st) == CLI_READ_FATAL) {
                return CLI_FAIL;
            }
            continue;
        }
        doc_view(b, d, &doc, fields);
        td.doc = &doc;
        td.index_mentions = job->full ? NULL : b->mentions + d->mention0;
        td.mentions = job->full ? b->full + d->mention0 : NULL;
        td.n_mentions = d->n_mentions;
        if (job->sink(job->sink_payload, &td) != CLI_OK)
            return CLI_FAIL;
        job->mentions += d->n_mentions;
        job->st.docs++;
    }
    return CLI_OK;
}

/* ---- progress ---- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
    int on;
    double start, last;
    uint64_t total, done_files; /* bytes: all inputs, files fully committed */
} progress;

static void progress_show(progress *p, cli_pipeline_job *job, uint64_t in_file, int final)
{
    double t = now_seconds(), el = t - p->start, rate;
    uint64_t done = p->done_files + in_file;
    if (!p->on || (!final && t - p->last < 0.5))
        return;
    p->last = t;
    rate = el > 0 ? (double)job->st.docs / el : 0;
    fprintf(stderr, "\rentidx: %.1f of %.1f MB read, %lu articles, %.0f articles/s", done / 1e6,
            p->total / 1e6, job->st.docs, rate);
    if (done > 0 && p->total > done && el > 1)
        fprintf(stderr, ", ETA %.0f s  ", el * (double)(p->total - done) / (double)done);
    else
        fputs("            ", stderr);
    if (final)
        fputc('\n', stderr);
}

/* ---- reading one file into batches ---- */

/*
 * Read file `f` and hand each full batch to `emit`. Returns CLI_OK,
 * READ_STOPPED (a fatal read error: the documents read before it were
 * emitted and still count, but no later file may be read) or CLI_FAIL (out
 * of memory, or emit failed: stop everything).
 */
enum { READ_STOPPED = 3 };
typedef int (*emit_fn)(void *ctx, batch *b);

static int read_file(cli_pipeline_job *job, batch_pool *pool, const char *path, size_t f, int defer,
                     cli_scan_stats *st, emit_fn emit, void *ctx, size_t *n_batches)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *raw = NULL;
    size_t raw_len = 0;
    entidx_reader *r;
    entidx_doc doc;
    batch *b = NULL;
    uint64_t bytes_read = 0;
    int rc, result = CLI_OK, no_memory = 0;

    *n_batches = 0;
    if ((rc = entidx_reader_open(&r, path, &job->in->reader, &err)) < 0) {
        if (!defer) {
            cli_report(&err);
            st->failed_files++;
            return job->strict ? READ_STOPPED : CLI_OK;
        }
        r = NULL; /* the batch below carries the error */
        if ((b = pool_take(pool, f, 0)) == NULL || deferred_error(b, path, rc, &err, 1) != CLI_OK)
            no_memory = 1;
    } else {
        st->files++;
    }
    while (r != NULL && result == CLI_OK && !no_memory) {
        if (b == NULL && (b = pool_take(pool, f, *n_batches)) == NULL) {
            no_memory = 1;
            break;
        }
        rc = defer ? entidx_reader_next_raw(r, &doc, &raw, &raw_len, &err)
                   : entidx_reader_next(r, &doc, &err);
        if (rc == 1) {
            no_memory =
                (raw != NULL ? batch_add_raw(b, &doc, raw, raw_len) : batch_add(b, &doc)) != CLI_OK;
        } else if (rc == 0) {
            break;
        } else {
            /* reported here, or (deferring) by the committer in input order */
            int action = !defer ? cli_read_error(rc, &err, job->strict, st) : deferred_action(rc);
            no_memory = defer && deferred_error(b, path, rc, &err, 0) != CLI_OK;
            if (action == CLI_READ_FATAL)
                result = READ_STOPPED;
            else if (action != CLI_READ_NEXT)
                break;
        }
        if (!no_memory && (b->n_docs >= BATCH_DOCS || b->store_len >= BATCH_BYTES)) {
            b->bytes_read = entidx_reader_bytes_read(r);
            (*n_batches)++;
            rc = emit(ctx, b);
            b = NULL;
            if (rc != CLI_OK)
                result = CLI_FAIL; /* (emit took the batch; the run stops) */
        }
    }
    if (r != NULL) {
        bytes_read = entidx_reader_bytes_read(r);
        if (entidx_reader_close(r, &err) < 0 && result == CLI_OK && !no_memory) {
            if (!defer) {
                cli_report(&err);
                st->failed_files++;
                if (job->strict)
                    result = READ_STOPPED;
            } else if ((b == NULL && (b = pool_take(pool, f, *n_batches)) == NULL) ||
                       deferred_error(b, path, err.code, &err, 1) != CLI_OK) {
                no_memory = 1;
            }
        }
    }
    if (no_memory) {
        cli_error("out of memory");
        result = CLI_FAIL;
    } else if (result != CLI_FAIL && b != NULL && b->n_docs > 0) {
        b->bytes_read = bytes_read;
        (*n_batches)++;
        rc = emit(ctx, b);
        b = NULL;
        if (rc != CLI_OK)
            result = CLI_FAIL;
    }
    pool_give(pool, b);
    return result;
}

/*
 * The job's setup (the gazetteers, the output), then the files announced to
 * the sink: before the first batch is tagged. CLI_OK or CLI_FAIL (reported).
 */
static int set_up(cli_pipeline_job *job, char **files, size_t n_files)
{
    if (job->setup != NULL && job->setup(job->setup_payload, job) != CLI_OK)
        return CLI_FAIL;
    if (job->files_known != NULL && job->files_known(job->sink_payload, files, n_files) != CLI_OK)
        return CLI_FAIL;
    return CLI_OK;
}

/* ---- one thread ---- */

typedef struct inline_ctx {
    cli_pipeline_job *job;
    batch_pool pool;
    entidx_tagger *tagger;
    progress *prog;
} inline_ctx;

static int inline_emit(void *ctx, batch *b)
{
    inline_ctx *c = ctx;
    int rc;
    tag_batch(c->tagger, NULL, b, c->job->full);
    rc = commit_batch(c->job, b, &c->job->st);
    progress_show(c->prog, c->job, b->bytes_read, 0);
    pool_give(&c->pool, b);
    return rc;
}

static int run_inline(cli_pipeline_job *job, char **files, size_t n_files, const uint64_t *sizes,
                      progress *prog)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    inline_ctx c;
    int rc = CLI_OK;

    c.job = job;
    c.tagger = NULL;
    c.prog = prog;
    if (set_up(job, files, n_files) != CLI_OK)
        return CLI_FAIL;
    if (entidx_tagger_new(&c.tagger, job->gz, job->tagger_opts, &err) < 0) {
        cli_report(&err);
        return CLI_FAIL;
    }
    pool_init(&c.pool);
    for (size_t f = 0; f < n_files && rc == CLI_OK; f++) {
        size_t nb;
        rc = read_file(job, &c.pool, files[f], f, 0, &job->st, inline_emit, &c, &nb);
        prog->done_files += sizes[f];
    }
    pool_dispose(&c.pool);
    entidx_tagger_free(c.tagger);
    return rc == CLI_OK ? CLI_OK : CLI_FAIL;
}

/* ---- several threads ---- */

/* Wake every waiting thread (a fatal error, a file's end). Caller holds the lock. */
static void wake_all(pipeline *p)
{
    pthread_cond_broadcast(&p->room);
    pthread_cond_broadcast(&p->work);
    pthread_cond_broadcast(&p->ready);
}

static int thread_emit(void *ctx, batch *b)
{
    pipeline *p = ctx;
    pthread_mutex_lock(&p->mu);
    while (!p->stop && (b->file == p->head_file ? p->file_in_flight[b->file] >= MAX_BATCHES
                                                : p->in_flight >= MAX_BATCHES))
        pthread_cond_wait(&p->room, &p->mu);
    if (p->stop) {
        pthread_mutex_unlock(&p->mu);
        pool_give(p->pool, b);
        return CLI_FAIL;
    }
    p->in_flight++;
    p->file_in_flight[b->file]++;
    b->next = NULL;
    if (p->todo_tail)
        p->todo_tail->next = b;
    else
        p->todo = b;
    p->todo_tail = b;
    pthread_mutex_unlock(&p->mu);
    /* (signalled after the unlock: a worker woken while the lock is held
       would at once wait for it again) */
    pthread_cond_signal(&p->work);
    return CLI_OK;
}

static void *reader_main(void *arg)
{
    pipeline *p = arg;
    for (;;) {
        cli_scan_stats st;
        size_t f, nb = 0;
        int rc;
        pthread_mutex_lock(&p->mu);
        f = p->stop || p->last_file != SIZE_MAX ? p->n_files : p->next_file++;
        pthread_mutex_unlock(&p->mu);
        if (f >= p->n_files)
            break;
        memset(&st, 0, sizeof(st));
        rc = read_file(p->job, p->pool, p->files[f], f, p->defer, &st, thread_emit, p, &nb);
        pthread_mutex_lock(&p->mu);
        p->job->st.files += st.files;
        p->job->st.skipped += st.skipped;
        p->job->st.failed_files += st.failed_files;
        p->job->st.damaged += st.damaged;
        p->file_batches[f] = nb;
        if (rc == READ_STOPPED && f < p->last_file)
            p->last_file = f; /* committed up to here, then the run fails */
        else if (rc != CLI_OK)
            p->stop = 1;
        wake_all(p);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    p->readers_live--;
    wake_all(p); /* (workers wait for batches only while a reader lives) */
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void *worker_main(void *arg)
{
    pipeline *p = arg;
    entidx_tagger *t = NULL;
    entidx_record_decoder *dec = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;

    if (entidx_tagger_new(&t, p->job->gz, p->job->tagger_opts, &err) < 0 ||
        (p->defer && entidx_record_decoder_new(&dec, &p->job->in->reader, &err) < 0)) {
        cli_report(&err);
        entidx_tagger_free(t);
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        wake_all(p);
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    for (;;) {
        batch *b;
        int wanted;
        pthread_mutex_lock(&p->mu);
        while (p->todo == NULL && p->readers_live > 0 && !p->stop)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->todo == NULL || p->stop) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        b = p->todo;
        p->todo = b->next;
        if (p->todo == NULL)
            p->todo_tail = NULL;
        pthread_mutex_unlock(&p->mu);
        tag_batch(t, dec, b, p->job->full);
        pthread_mutex_lock(&p->mu);
        b->next = p->done;
        p->done = b;
        wanted = b->file == p->want_file && b->number == p->want_number;
        pthread_mutex_unlock(&p->mu);
        if (wanted) /* (after the unlock, as in thread_emit()) */
            pthread_cond_signal(&p->ready);
    }
    entidx_tagger_free(t);
    entidx_record_decoder_free(dec);
    return NULL;
}

/* Take batch (f, n) from the done list, or NULL. Caller holds the lock. */
static batch *take_done(pipeline *p, size_t f, size_t n)
{
    for (batch **link = &p->done; *link != NULL; link = &(*link)->next) {
        if ((*link)->file == f && (*link)->number == n) {
            batch *b = *link;
            *link = b->next;
            return b;
        }
    }
    return NULL;
}

static int run_threads(cli_pipeline_job *job, char **files, size_t n_files, const uint64_t *sizes,
                       progress *prog)
{
    pipeline p;
    batch_pool pool;
    cli_scan_stats decoded; /* the committer's: the read errors it reported */
    unsigned n_readers, n_workers, started_r = 0, started_w = 0;
    pthread_t *tids;
    int rc = CLI_OK;

    n_readers = job->threads / 2 ? job->threads / 2 : 1;
    if (n_readers > n_files)
        n_readers = n_files ? (unsigned)n_files : 1;
    /* a run that stops at an error must meet the errors in input order, or
       which error stops it (and what tag printed before) would depend on
       the threads */
    if (job->strict || cli_max_errors > 0)
        n_readers = 1;
    /* as many workers as threads: a reader spends much of its time waiting for
       room in the pipeline, and with N - readers workers two cores left one
       worker tagging alone (3.8 s against 3.2 s on the benchmark corpus) */
    n_workers = job->threads;
    memset(&p, 0, sizeof(p));
    memset(&decoded, 0, sizeof(decoded));
    p.job = job;
    /* JSON Lines records are decoded by the workers: the reader, which has
       the inflating to do alone, is then seldom the one the others wait for
       (it was, in stretches, with the decoding too). Read errors, records
       that do not decode and the reader's own (an over-long line, damaged
       gzip data, a file that cannot be read), are then all reported by the
       committer, in input order, the same for any -j. A run that may stop at
       one leaves decoding and reporting to the one reader, which meets them
       in order */
    p.defer = !job->strict && cli_max_errors == 0;
    p.pool = &pool;
    p.files = files;
    p.n_files = n_files;
    p.file_in_flight = calloc(n_files ? n_files : 1, sizeof(size_t));
    p.file_batches = malloc((n_files ? n_files : 1) * sizeof(size_t));
    tids = calloc(n_readers + n_workers, sizeof(*tids));
    if (p.file_in_flight == NULL || p.file_batches == NULL || tids == NULL) {
        free(p.file_in_flight);
        free(p.file_batches);
        free(tids);
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (size_t f = 0; f < n_files; f++)
        p.file_batches[f] = SIZE_MAX;
    p.last_file = SIZE_MAX;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.room, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.ready, NULL);
    pool_init(&pool);
    p.readers_live = n_readers;
    for (unsigned i = 0; i < n_readers; i++)
        started_r += pthread_create(&tids[i], NULL, reader_main, &p) == 0;
    /* the readers fill the pipeline (up to MAX_BATCHES) meanwhile */
    if (set_up(job, files, n_files) != CLI_OK)
        rc = CLI_FAIL;
    for (unsigned i = 0; rc == CLI_OK && i < n_workers; i++)
        started_w += pthread_create(&tids[n_readers + i], NULL, worker_main, &p) == 0;
    pthread_mutex_lock(&p.mu);
    p.readers_live -= n_readers - started_r;
    if (rc == CLI_OK && (started_r == 0 || started_w == 0)) {
        cli_error("cannot start threads");
        rc = CLI_FAIL;
    }
    /* commit in (file, batch) order */
    for (size_t f = 0; f < n_files && rc == CLI_OK; f++) {
        for (size_t n = 0; rc == CLI_OK; n++) {
            batch *b;
            p.want_file = f;
            p.want_number = n;
            while ((b = take_done(&p, f, n)) == NULL && !p.stop && p.file_batches[f] != n)
                pthread_cond_wait(&p.ready, &p.mu);
            if (b == NULL) {
                if (p.stop)
                    rc = CLI_FAIL;
                break;
            }
            pthread_mutex_unlock(&p.mu);
            rc = commit_batch(job, b, &decoded);
            progress_show(prog, job, b->bytes_read, 0);
            pool_give(&pool, b);
            pthread_mutex_lock(&p.mu);
            p.in_flight--;
            p.file_in_flight[f]--;
            if (rc != CLI_OK) {
                p.stop = 1;
                wake_all(&p);
            }
            pthread_cond_broadcast(&p.room); /* (readers of later files wait too) */
        }
        prog->done_files += sizes[f];
        p.head_file = f + 1;
        pthread_cond_broadcast(&p.room);
        if (f == p.last_file)
            rc = CLI_FAIL;
    }
    if (rc != CLI_OK)
        p.stop = 1;
    wake_all(&p);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < n_readers + n_workers; i++) {
        if (i < n_readers ? i < started_r : i - n_readers < started_w)
            pthread_join(tids[i], NULL);
    }
    job->st.skipped += decoded.skipped;
    job->st.damaged += decoded.damaged;
    job->st.failed_files += decoded.failed_files;
    while (p.todo != NULL) {
        batch *b = p.todo;
        p.todo = b->next;
        batch_free(b);
    }
    while (p.done != NULL) {
        batch *b = p.done;
        p.done = b->next;
        batch_free(b);
    }
    pool_dispose(&pool);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.room);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.ready);
    free(p.file_in_flight);
    free(p.file_batches);
    free(tids);
    return rc;
}

typedef struct path_list {
    char **v;
    size_t n;
} path_list;

int cli_pipeline_run(cli_pipeline_job *job)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    path_list *lists;
    char **files = NULL;
    size_t n_files = 0, n_lists = 0;
    uint64_t *sizes = NULL;
    progress prog;
    int rc = CLI_FAIL;

    memset(&job->st, 0, sizeof(job->st));
    job->mentions = 0;
    lists = calloc(job->inputs->n ? job->inputs->n : 1, sizeof(*lists));
    if (lists == NULL) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    /* expand one argument at a time so a missing one does not hide the others */
    for (size_t i = 0; i < job->inputs->n; i++) {
        path_list *l = &lists[n_lists];
        if (entidx_expand_inputs(&l->v, &l->n, &job->inputs->v[i], 1, &err) < 0) {
            cli_report(&err);
            job->st.failed_files++;
            if (job->strict) {
                entidx_paths_free(l->v, l->n);
                goto done;
            }
            if (l->n == 0) /* else read the files that were found */
                continue;
        }
        n_files += l->n;
        n_lists++;
    }
    files = calloc(n_files ? n_files : 1, sizeof(*files));
    sizes = calloc(n_files ? n_files : 1, sizeof(*sizes));
    if (files == NULL || sizes == NULL) {
        cli_error("out of memory");
        goto done;
    }
    n_files = 0;
    for (size_t i = 0; i < n_lists; i++) {
        for (size_t k = 0; k < lists[i].n; k++)
            files[n_files++] = lists[i].v[k];
    }
    memset(&prog, 0, sizeof(prog));
    prog.on = job->progress;
    prog.start = prog.last = now_seconds();
    for (size_t f = 0; f < n_files; f++) {
        struct stat st;
        if (strcmp(files[f], "-") != 0 && stat(files[f], &st) == 0 && S_ISREG(st.st_mode))
            sizes[f] = (uint64_t)st.st_size;
        prog.total += sizes[f];
    }
    if (job->threads <= 1 || n_files == 0)
        rc = run_inline(job, files, n_files, sizes, &prog);
    else
        rc = run_threads(job, files, n_files, sizes, &prog);
    if (prog.on && rc == CLI_OK)
        progress_show(&prog, job, 0, 1);
    job->seconds = now_seconds() - prog.start;
done:
    for (size_t i = 0; i < n_lists; i++)
        entidx_paths_free(lists[i].v, lists[i].n);
    free(lists);
    free(files);
    free(sizes);
    return rc;
}
