/* SPDX-License-Identifier: MIT */
/*
 * entidx/index.h - write and read the on-disk inverted index: for each entity
 * the documents that mention it (with counts), for each document its
 * metadata and its entities. The file is self-contained (it carries the entity
 * table) and versioned, with a CRC-32 per section; the byte layout is
 * specified in src/lib/index_format.h.
 *
 * A writer is single-threaded; memory for postings is bounded (sorted runs
 * spill to temporary files and are merged at the end). An opened index is immutable and may be
 * shared by threads; iterators are per thread.
 */
#ifndef ENTIDX_INDEX_H
#define ENTIDX_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"
#include "gazetteer.h"
#include "reader.h"

typedef struct entidx_index_writer entidx_index_writer;
typedef struct entidx_index entidx_index;

/** How a writer may use memory and disk. */
typedef struct entidx_index_writer_opts {
    /**
     * Bytes of postings kept in memory before a sorted run is spilled to a
     * temporary file (merged at the end). Default 512 MiB; at least 4 KiB.
     */
    size_t mem_limit;
    /** Directory for spill files; default: the directory of the index. */
    const char *tmp_dir;
} entidx_index_writer_opts;

#define ENTIDX_INDEX_WRITER_OPTS_INIT \
    {                                 \
        (size_t)512 << 20, NULL       \
    }

/** One mention given to the writer: which entity, in which sentence. */
typedef struct entidx_index_mention {
    uint32_t entity;
    uint32_t sentence; /**< sentence number within the document (tagger numbering) */
    uint32_t position; /**< token number within the document (entidx_mention.position) */
} entidx_index_mention;

/**
 * Start an index that will be written to `path` by entidx_index_writer_finish().
 * `opts` may be NULL for the defaults.
 */
ENTIDX_EXTERN int entidx_index_writer_open(entidx_index_writer **out, const char *path,
                                           const entidx_gazetteer *gz,
                                           const entidx_index_writer_opts *opts, entidx_error *err);

/**
 * Announce, before the first document, the files the documents will come from
 * (entidx_doc.path), in order; a file named twice in a row counts once. When
 * the announcement holds (the documents come from exactly these files, each
 * giving at least one), the writer streams
 * document records straight into the index instead of a temporary file to be
 * copied at the end: less disk traffic and a shorter finish. Either way the
 * index is byte for byte the same. The paths are copied.
 * @return ENTIDX_OK, ENTIDX_EINVAL (documents already added), ENTIDX_ENOMEM
 *         (neither of those leaves the writer failed) or an earlier sticky error.
 */
ENTIDX_EXTERN int entidx_index_writer_expect_sources(entidx_index_writer *w,
                                                     const char *const *paths, size_t n,
                                                     entidx_error *err);

/**
 * Add the next document (numbered in call order) with its mentions, in any
 * order. Postings beyond the memory limit are spilled to temporary files
 * (unlinked at once, so nothing is left behind even after kill -9).
 * @return ENTIDX_OK, ENTIDX_EINVAL (entity number out of range), ENTIDX_ELIMIT
 *         (over 2^32-1 documents), ENTIDX_EIO or ENTIDX_ENOMEM; errors are sticky.
 */
ENTIDX_EXTERN int entidx_index_writer_add(entidx_index_writer *w, const entidx_doc *doc,
                                          const entidx_index_mention *mentions, size_t n,
                                          entidx_error *err);

/** Sorted runs spilled to disk so far (0 when everything fitted in memory). */
ENTIDX_EXTERN unsigned entidx_index_writer_runs(const entidx_index_writer *w);

/** Documents added so far. */
ENTIDX_EXTERN uint32_t entidx_index_writer_docs(const entidx_index_writer *w);

/**
 * Write the index atomically: a temporary file in the destination directory,
 * fsync, rename over `path`. On failure nothing is left at `path` that was not
 * there before. @return ENTIDX_OK, ENTIDX_EIO or an earlier sticky error.
 */
ENTIDX_EXTERN int entidx_index_writer_finish(entidx_index_writer *w, entidx_error *err);

/**
 * Concatenate indexes built with the same gazetteer into `out`, in argument
 * order: documents are renumbered after those of the earlier inputs. The
 * result is byte-identical to indexing all the inputs' corpora in one run in
 * that order. Written atomically like entidx_index_writer_finish().
 * @return ENTIDX_OK, ENTIDX_EINVAL (different entity tables, too many
 *         documents), ENTIDX_ECORRUPT, ENTIDX_EVERSION, ENTIDX_EIO, ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_index_merge(const char *out, const char *const *inputs, size_t n_inputs,
                                     const entidx_index_writer_opts *opts, entidx_error *err);

/** Free the writer; an unfinished index is abandoned. Accepts NULL. */
ENTIDX_EXTERN void entidx_index_writer_free(entidx_index_writer *w);

/**
 * Open an index (memory-mapped). Checks the header, its checksum and the
 * section table; everything else is checked when it is read (entity records
 * when first asked for), and entidx_index_verify() checks it all at once.
 * @return ENTIDX_OK, ENTIDX_EIO, ENTIDX_ECORRUPT (not an index, truncated,
 *         damaged), ENTIDX_EVERSION (written by a newer entidx) or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_index_open(entidx_index **out, const char *path, entidx_error *err);
ENTIDX_EXTERN void entidx_index_close(entidx_index *ix);

/** Number of entities in the index's entity table (all of them, mentioned or not). */
ENTIDX_EXTERN uint32_t entidx_index_entity_count(const entidx_index *ix);

/**
 * Describe entity `entity` (< count), read from the index when first asked
 * for; strings live as long as the index (path is the index's path, line 0).
 * @return ENTIDX_OK, ENTIDX_EINVAL (no such entity), ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_index_entity(const entidx_index *ix, uint32_t entity, entidx_entity *out,
                                      entidx_error *err);
/** The k-th alias (< n_aliases) of an entity, without its flags; errors as above. */
ENTIDX_EXTERN int entidx_index_entity_alias(const entidx_index *ix, uint32_t entity, size_t k,
                                            const char **alias, entidx_error *err);

/**
 * Resolve a whole name as entidx_gazetteer_lookup() does, through the
 * index's own name table (no alias is skipped: an index resolves every name
 * it knows). Costs a few probes of the mapped file, not a gazetteer load.
 */
ENTIDX_EXTERN int entidx_index_lookup(const entidx_index *ix, const char *name, size_t len,
                                      entidx_lookup_match *out, size_t cap, size_t *n_out,
                                      entidx_error *err);

/** Find an entity by id: ENTIDX_OK and *entity, ENTIDX_ENOTFOUND, or ENTIDX_ECORRUPT. */
ENTIDX_EXTERN int entidx_index_find_id(const entidx_index *ix, const char *id, size_t id_len,
                                       uint32_t *entity, entidx_error *err);

/**
 * The whole entity table as a gazetteer (aliases, attributes, the alias
 * dictionary), built when first asked for and then kept; borrowed, lives as
 * long as the index. Costs about as much as loading the gazetteer files.
 * @return ENTIDX_OK, ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_index_load_gazetteer(const entidx_index *ix, const entidx_gazetteer **out,
                                              entidx_error *err);
/** The same, or NULL when it cannot be built (entidx_index_load_gazetteer() says why). */
ENTIDX_EXTERN const entidx_gazetteer *entidx_index_gazetteer(const entidx_index *ix);
ENTIDX_EXTERN uint32_t entidx_index_doc_count(const entidx_index *ix);
ENTIDX_EXTERN uint32_t entidx_index_format_version(const entidx_index *ix);
/** The index format version this library writes (and the newest it reads). */
ENTIDX_EXTERN uint32_t entidx_index_format_current(void);

/** A document's metadata. Strings point into the index and are NOT NUL-terminated. */
typedef struct entidx_doc_info {
    const char *id, *title, *date, *url, *path;
    size_t id_len, title_len, date_len, url_len, path_len;
    uint64_t line; /**< line of the record in its source file */
} entidx_doc_info;

/** @return ENTIDX_OK, ENTIDX_EINVAL (doc out of range) or ENTIDX_ECORRUPT */
ENTIDX_EXTERN int entidx_index_doc(const entidx_index *ix, uint32_t doc, entidx_doc_info *out,
                                   entidx_error *err);

/** Documents mentioning an entity and its total mentions. */
ENTIDX_EXTERN void entidx_index_entity_stats(const entidx_index *ix, uint32_t entity,
                                             uint32_t *n_docs, uint64_t *n_mentions);

/**
 * Iterator over a sorted list of (number, count) pairs: an entity's postings
 * (document numbers) or a document's entities (entity numbers). Caller storage;
 * the fields are private.
 */
typedef struct entidx_iter {
    const unsigned char *p, *end;
    uint32_t left;  /* pairs not yet returned */
    uint32_t last;  /* previous number */
    uint32_t limit; /* numbers must be below this */
    int started;
    int postings;                  /* entries carry sentence numbers */
    const unsigned char *tail;     /* the last entry's sentences and positions */
    uint32_t tail_len, last_count; /* their bytes; the last entry's count */
    const unsigned char *base;     /* postings: the first posting */
    const unsigned char *skips;    /* postings: skip entries (n_skips of them) */
    uint32_t n_skips, total;       /* total: postings in the list */
} entidx_iter;

/**
 * The distinct sentence numbers of the posting `it` returned last (postings
 * only; a forward-list iterator has none): up to `cap` into `out`.
 * @return how many there are (may exceed cap), or ENTIDX_ECORRUPT
 */
ENTIDX_EXTERN int entidx_iter_sentences(const entidx_iter *it, uint32_t *out, size_t cap,
                                        entidx_error *err);

/**
 * The token positions (document-wide, increasing) of the mentions of the
 * posting `it` returned last, up to `cap` into `out`.
 * @return how many there are (the posting's count), or ENTIDX_ECORRUPT
 */
ENTIDX_EXTERN int entidx_iter_positions(const entidx_iter *it, uint32_t *out, size_t cap,
                                        entidx_error *err);

/** Position `it` on the postings of `entity` (< entity count). */
ENTIDX_EXTERN int entidx_index_postings(const entidx_index *ix, uint32_t entity, entidx_iter *it,
                                        entidx_error *err);
/** Position `it` on the entities of document `doc` (< doc count). */
ENTIDX_EXTERN int entidx_index_doc_entities(const entidx_index *ix, uint32_t doc, entidx_iter *it,
                                            entidx_error *err);
/** @return 1 with the next pair, 0 at the end, ENTIDX_ECORRUPT */
ENTIDX_EXTERN int entidx_iter_next(entidx_iter *it, uint32_t *number, uint32_t *count,
                                   entidx_error *err);

/**
 * Postings only: advance to the first posting whose document is >= target,
 * jumping over runs of 128 postings through the skip entries, so probing a
 * long list costs about the number of probes, not its length.
 * @return 1 with that pair, 0 when there is none, ENTIDX_ECORRUPT
 */
ENTIDX_EXTERN int entidx_iter_skip_to(entidx_iter *it, uint32_t target, uint32_t *number,
                                      uint32_t *count, entidx_error *err);

/** Check every checksum and structural invariant. @return ENTIDX_OK or ENTIDX_ECORRUPT */
ENTIDX_EXTERN int entidx_index_verify(const entidx_index *ix, entidx_error *err);

#endif
