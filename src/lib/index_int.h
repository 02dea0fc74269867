/* SPDX-License-Identifier: MIT */
/*
 * index_int.h - raw access to an opened index for the merger
 * (index_merge.c) and the writer's shared final assembly (index_writer.c).
 */
#ifndef ENTIDX_INDEX_INT_H
#define ENTIDX_INDEX_INT_H

#include "entidx/index.h"

/* The bytes of section `kind` (ENTIDX_SEC_*), checked at open. */
void entidx__index_section(const entidx_index *ix, int kind, const uint8_t **p, size_t *len);

/* The source files of the documents (SOURCES), in order: how many, and path i (no NUL). */
uint32_t entidx__index_n_sources(const entidx_index *ix);
void entidx__index_source(const entidx_index *ix, uint32_t i, const char **p, size_t *len);

/*
 * Entity e's encoded postings (index_format.h): they start at *p; the
 * section ends at *end; *n_docs postings.
 */
int entidx__index_raw_postings(const entidx_index *ix, uint32_t e, const uint8_t **p,
                               const uint8_t **end, uint32_t *n_docs, uint64_t *n_mentions,
                               entidx_error *err);

/*
 * Start a writer that takes documents with entidx__index_writer_add_counts()
 * and, at finish, takes entity postings from `shards` (document numbers
 * shifted by the documents of earlier shards) instead of its own.
 */
int entidx__index_writer_open_merge(entidx_index_writer **out, const char *path,
                                    const entidx_gazetteer *gz, entidx_index *const *shards,
                                    size_t n_shards, const entidx_index_writer_opts *opts,
                                    entidx_error *err);

/* Add a document with its forward list as (entity, count) pairs, increasing. */
int entidx__index_writer_add_counts(entidx_index_writer *w, const entidx_doc *doc,
                                    const uint32_t *entity_count_pairs, size_t n_pairs,
                                    entidx_error *err);

/*
 * Would finish() now keep the document records where they are, streamed into
 * the index (they came from exactly the announced files so far)? For tests.
 */
int entidx__index_writer_streams(const entidx_index_writer *w);

#endif
