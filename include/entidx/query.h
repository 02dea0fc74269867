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
 *   term    := NAME | "QUOTED NAME" | id:ID | type:TYPE
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

/** Distinct entities named in the query (by name or id:), in order of first appearance. */
ENTIDX_EXTERN size_t entidx_query_entity_count(const entidx_query *q);
ENTIDX_EXTERN uint32_t entidx_query_entity(const entidx_query *q, size_t i);

/**
 * Evaluate: the matching document numbers in increasing order. Free *docs
 * with entidx_query_docs_free().
 * @return ENTIDX_OK, ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_query_run(const entidx_query *q, uint32_t **docs, size_t *n_docs,
                                   entidx_error *err);
ENTIDX_EXTERN void entidx_query_docs_free(uint32_t *docs);

#endif
