/* SPDX-License-Identifier: MIT */
/*
 * report_layout.h - a deterministic force-directed graph layout for the
 * co-occurrence network of the HTML report (Fruchterman and Reingold, 1991:
 * edges pull like springs, all nodes push each other apart, a temperature
 * limits each move and cools linearly). Fixed initial positions (a circle in
 * node order) and a fixed number of iterations, no randomness: the same graph
 * gives the same coordinates, bit for bit, on the same machine.
 */
#ifndef ENTIDX_REPORT_LAYOUT_H
#define ENTIDX_REPORT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct entidx_layout_edge {
    uint32_t a, b; /* node numbers (< n) */
    double weight; /* > 0: relative strength of the spring (1 = plain) */
} entidx_layout_edge;

/*
 * Place n nodes in the unit square [0,1] x [0,1] (x[i], y[i]), each side
 * spanning it. Every node is pulled gently to the centre and nodes far apart
 * do not repel, so that separate components stay near each other.
 * @return 0 or ENTIDX_ENOMEM
 */
int entidx_layout_force(double *x, double *y, size_t n, const entidx_layout_edge *edges,
                        size_t n_edges, unsigned iterations);

/* A node's label: where its node is, how big the label is, and where it goes. */
typedef struct entidx_layout_label {
    double x, y, r;      /* in: centre and radius of the node */
    double w, h;         /* in: size of the label's box */
    double box_x, box_y; /* out: top left corner of the label's box */
} entidx_layout_label;

/*
 * Place each label right of, left of, above or below its node (in that order
 * of preference), where it overlaps least with the nodes and with the labels
 * placed before it (so earlier, more important labels win), and stays inside
 * the drawing of `width` x `height` when it can. Greedy and
 * deterministic; O(4 n^2).
 */
void entidx_layout_labels(entidx_layout_label *l, size_t n, double width, double height);

#endif
