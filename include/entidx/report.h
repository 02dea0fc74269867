/* SPDX-License-Identifier: MIT */
/*
 * entidx/report.h - a self-contained HTML report of an index: corpus summary,
 * the most mentioned entities per type (bar charts), mentions per month of
 * the top entities (line chart), and the co-occurrence network of the top
 * pairs (a drawn graph), each chart followed by the table behind it.
 *
 * The file needs nothing else: inline SVG and CSS, no script, no link to the
 * network. Every name from the index is escaped for HTML. The output depends
 * only on the index and the options (no clock), so it is byte-identical for
 * the same input.
 */
#ifndef ENTIDX_REPORT_H
#define ENTIDX_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "common.h"
#include "cooc.h"
#include "error.h"
#include "index.h"

typedef struct entidx_report_opts {
    const char *const *types; /**< entity types to show (NULL: all types of the index) */
    size_t n_types;
    size_t top;               /**< entities per type in the bar charts (default 15) */
    size_t series;            /**< entities in the time chart (default 8) */
    size_t pairs;             /**< edges of the network (default 40) */
    entidx_cooc_sort measure; /**< what ranks and weighs the edges (default count) */
    entidx_cooc_level level;  /**< ENTIDX_COOC_DOC (default) or ENTIDX_COOC_SENTENCE */
    uint32_t min_count; /**< network: only pairs seen in at least this many units (default 1) */
    const char *title;  /**< page title (default "entidx report") */
} entidx_report_opts;

#define ENTIDX_REPORT_OPTS_INIT                                            \
    {                                                                      \
        NULL, 0, 15, 8, 40, ENTIDX_COOC_BY_COUNT, ENTIDX_COOC_DOC, 1, NULL \
    }

/**
 * Write the report of `ix` to `out` (which stays open). `opts` may be NULL
 * for the defaults.
 * @return ENTIDX_OK, ENTIDX_EINVAL (a type the index does not have; an
 *         unsupported level), ENTIDX_EIO (writing failed), ENTIDX_ELIMIT
 *         (too many pairs, see entidx_cooc_run()), ENTIDX_ECORRUPT or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_report_write(const entidx_index *ix, const entidx_report_opts *opts,
                                      FILE *out, entidx_error *err);

#endif
