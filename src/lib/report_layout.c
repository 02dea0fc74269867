/* SPDX-License-Identifier: MIT */
/*
 * report_layout.c - Fruchterman-Reingold force-directed layout with gravity
 * (contract in report_layout.h). Work is O(iterations * (n^2 + edges)),
 * fine for the few hundred nodes a readable drawing can hold.
 */
#include "internal.h"
#include "report_layout.h"

#include <math.h>

#define PI 3.14159265358979323846

int entidx_layout_force(double *x, double *y, size_t n, const entidx_layout_edge *edges,
                        size_t n_edges, unsigned iterations)
{
    double *dx, *dy, k, temp, min_x, max_x, min_y, max_y;

    if (n == 0)
        return 0;
    if (n == 1) {
        x[0] = y[0] = 0.5;
        return 0;
    }
    dx = entidx_calloc(n, sizeof(*dx));
    dy = entidx_calloc(n, sizeof(*dy));
    if (dx == NULL || dy == NULL) {
        entidx_free(dx);
        entidx_free(dy);
        return ENTIDX_ENOMEM;
    }
    /* start on a circle, in node order (the report lists the strongest pairs first) */
    for (size_t i = 0; i < n; i++) {
        double angle = 2 * PI * (double)i / (double)n;
        x[i] = 0.5 + 0.4 * cos(angle);
        y[i] = 0.5 + 0.4 * sin(angle);
    }
    k = sqrt(1.0 / (double)n); /* ideal edge length in the unit square */
    for (unsigned it = 0; it < iterations; it++) {
        temp = 0.1 * (1.0 - (double)it / (double)iterations) + 0.002;
        for (size_t i = 0; i < n; i++) {
            /* gravity towards the centre keeps components together */
            dx[i] = (0.5 - x[i]) * 0.1;
            dy[i] = (0.5 - y[i]) * 0.1;
        }
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; j < n; j++) {
                double ux = x[i] - x[j], uy = y[i] - y[j];
                double d2 = ux * ux + uy * uy, f;
                if (d2 < 1e-12) { /* coincident: separate along a fixed direction */
                    ux = 1e-6 * (double)(1 + (i + j) % 7);
                    uy = 1e-6;
                    d2 = ux * ux + uy * uy;
                }
                if (d2 > 4 * k * k)
                    continue;   /* far nodes do not push (FR's cut-off): components stay close */
                f = k * k / d2; /* repulsion k^2/d, along the unit vector u/d */
                dx[i] += ux * f;
                dy[i] += uy * f;
                dx[j] -= ux * f;
                dy[j] -= uy * f;
            }
        }
        for (size_t e = 0; e < n_edges; e++) {
            uint32_t a = edges[e].a, b = edges[e].b;
            double ux = x[a] - x[b], uy = y[a] - y[b];
            double d = sqrt(ux * ux + uy * uy), f = d / k * edges[e].weight; /* d^2/k along u/d */
            dx[a] -= ux * f;
            dy[a] -= uy * f;
            dx[b] += ux * f;
            dy[b] += uy * f;
        }
        for (size_t i = 0; i < n; i++) {
            double d = sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
            if (d > temp) {
                dx[i] *= temp / d;
                dy[i] *= temp / d;
            }
            x[i] += dx[i];
            y[i] += dy[i];
        }
    }
    /* stretch to the unit square */
    min_x = max_x = x[0];
    min_y = max_y = y[0];
    for (size_t i = 1; i < n; i++) {
        min_x = ENTIDX_MIN(min_x, x[i]);
        max_x = ENTIDX_MAX(max_x, x[i]);
        min_y = ENTIDX_MIN(min_y, y[i]);
        max_y = ENTIDX_MAX(max_y, y[i]);
    }
    for (size_t i = 0; i < n; i++) {
        x[i] = max_x > min_x ? (x[i] - min_x) / (max_x - min_x) : 0.5;
        y[i] = max_y > min_y ? (y[i] - min_y) / (max_y - min_y) : 0.5;
    }
    entidx_free(dx);
    entidx_free(dy);
    return 0;
}

/* Area of the intersection of two boxes. */
static double overlap(double ax0, double ay0, double ax1, double ay1, double bx0, double by0,
                      double bx1, double by1)
{
    double w = ENTIDX_MIN(ax1, bx1) - ENTIDX_MAX(ax0, bx0);
    double h = ENTIDX_MIN(ay1, by1) - ENTIDX_MAX(ay0, by0);
    return w > 0 && h > 0 ? w * h : 0;
}

void entidx_layout_labels(entidx_layout_label *l, size_t n, double width, double height)
{
    for (size_t i = 0; i < n; i++) {
        double best = -1;
        for (int c = 0; c < 4; c++) {
            /* right, left, above, below the node */
            double x0 = c == 0   ? l[i].x + l[i].r + 3
                        : c == 1 ? l[i].x - l[i].r - 3 - l[i].w
                                 : l[i].x - l[i].w / 2;
            double y0 = c < 2    ? l[i].y - l[i].h / 2
                        : c == 2 ? l[i].y - l[i].r - 2 - l[i].h
                                 : l[i].y + l[i].r + 2;
            /* a box reaching out of the drawing is worse than any overlap */
            double score = 10 * (l[i].w * l[i].h -
                                 overlap(x0, y0, x0 + l[i].w, y0 + l[i].h, 0, 0, width, height));
            for (size_t j = 0; j < n; j++) {
                if (j != i) /* other nodes */
                    score += overlap(x0, y0, x0 + l[i].w, y0 + l[i].h, l[j].x - l[j].r,
                                     l[j].y - l[j].r, l[j].x + l[j].r, l[j].y + l[j].r);
                if (j < i) /* labels already placed */
                    score += overlap(x0, y0, x0 + l[i].w, y0 + l[i].h, l[j].box_x, l[j].box_y,
                                     l[j].box_x + l[j].w, l[j].box_y + l[j].h);
            }
            if (best < 0 || score < best) {
                best = score;
                l[i].box_x = x0;
                l[i].box_y = y0;
            }
            if (best == 0)
                break;
        }
    }
}
