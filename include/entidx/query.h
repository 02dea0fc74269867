/* SPDX-License-Identifier: MIT */
/*
 * entidx/query.h - entity expressions over an index: which documents mention
 * this entity, or this combination?
 *
 *   expr    := or
 *   or      := and ("OR" and)*
 *   and     := not (["AND"] not)*        -- AND may be left out
 *   not     := "NOT" not | primary
 *   primary := "(" expr ")" | term
 *   term    := name [">=" N] | id:ID | type:TYPE | date:RANGE
 *   name    := NAME | "QUOTED NAME" | TYPE:NAME | TYPE:"QUOTED NAME"
 *   RANGE   := DAY ".." DAY | DAY ".." | ".." DAY | DAY
 *   DAY     := YYYY | YYYY-MM | YYYY-MM-DD
 *
 * TYPE:NAME resolves the name among entities of that type only (ORG:Apple).
 * NAME>=N keeps documents with at least N mentions of the entity. date:
 * keeps documents whose date (the first ten characters, when they read
 * YYYY-MM-DD) lies in the range, ends included; a shortened day covers its
 * month or year; undated documents never match.
 *
 * Operators are recognised in any case (AND, and); quote a name that is one
 * of them. A bare NAME runs to the next space or parenthesis, so punctuation
 * inside names (U.S., AT&T, O'Neill) needs no quoting; consecutive bare words
 * that only resolve together ("New Zealand") are taken as one name. Inside
 * quotes, \" and \\ stand for " and \. Names resolve like `entidx lookup`,
 * ignoring letter case; a name that fits several entities is an error listing
 * them (use id:ID), an unknown name is an error suggesting close names.
 */
#ifndef ENTIDX_QUERY_H
#define ENTIDX_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"
#include "index.h"

typedef struct entidx_query entidx_query;

/**
 * Parse and resolve `expr` against the index's entity table.
 * @return ENTIDX_OK, ENTIDX_EPARSE (err->column = 1-based byte column),
 *         ENTIDX_ENOTFOUND (unknown or ambiguous name, with suggestions) or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_query_parse(entidx_query **out, const entidx_index *ix, const char *expr,
                                     entidx_error *err);
ENTIDX_EXTERN void entidx_query_free(entidx_query *q);

/** entidx_query_parse() flags. */
enum {
    ENTIDX_QUERY_ALL_MATCHES = 1 /**< an ambiguous name means all the entities it names */
};

/** entidx_query_parse() with flags (ENTIDX_QUERY_*). */
ENTIDX_EXTERN int entidx_query_parse_flags(entidx_query **out, const entidx_index *ix,
                                           const char *expr, unsigned flags, entidx_error *err);

/**
 * The parsed tree, one node a line, indented, each term with the entities it
 * resolved to and the length of their postings. snprintf-like: writes at
 * most `size` bytes (NUL-terminated) and returns the length of the whole text.
 */
ENTIDX_EXTERN size_t entidx_query_explain(const entidx_query *q, char *buf, size_t size);

/** Distinct entities named in the query (by name or id:), in order of first appearance. */
ENTIDX_EXTERN size_t entidx_query_entity_count(const entidx_query *q);
ENTIDX_EXTERN uint32_t entidx_query_entity(const entidx_query *q, size_t i);

/**
 * Evaluate: the matching document numbers in increasing order. Free *docs
 * with entidx_query_docs_free(). An AND whose one side is a single entity
 * with a much longer postings list probes it through its skip entries.
 * @return ENTIDX_OK, ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_query_run(const entidx_query *q, uint32_t **docs, size_t *n_docs,
                                   entidx_error *err);
ENTIDX_EXTERN void entidx_query_docs_free(uint32_t *docs);

#endif
