/* SPDX-License-Identifier: MIT */
/*
 * report_svg.h - the drawing primitives of the HTML report (report.c): text
 * escaped for HTML and SVG, "nice" axis ticks, a horizontal bar chart and a
 * line chart with axes, written as inline <svg> elements. Every string given
 * here is escaped on output; nothing is written raw. Output is a pure function
 * of the arguments (no clock, no randomness), so equal input gives equal bytes.
 */
#ifndef ENTIDX_REPORT_SVG_H
#define ENTIDX_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* Write s[0..len) with & < > " ' replaced by character references. */
void entidx_svg_escape(FILE *f, const char *s, size_t len);
/* The same for a NUL-terminated string. */
void entidx_svg_escs(FILE *f, const char *s);
/*
 * Write at most `max_chars` characters (UTF-8 code points) of s, escaped,
 * ending with an ellipsis when cut. Never cuts inside a multi-byte character.
 */
void entidx_svg_esc_cut(FILE *f, const char *s, size_t max_chars);

/* A number as a tick label or cell: integers without decimals, else 3 significant digits. */
void entidx_svg_number(FILE *f, double v);

/*
 * Axis ticks from 0 to at least `max`: a step of 1, 2 or 5 times a power of
 * ten giving at most about `want` intervals, and the top tick (a multiple of
 * the step). max <= 0 gives step 1, top 1.
 */
void entidx_svg_ticks(double max, int want, double *step, double *top);

/* One bar: `label` left of it (cut to fit), `value` its length; the tooltip is "label: note". */
typedef struct entidx_svg_bar {
    const char *label;
    const char *note; /* e.g. "1463 documents, 5085 mentions" */
    double value;
    const char *color; /* CSS colour, written as given: a constant of the caller, never input */
} entidx_svg_bar;

/*
 * Horizontal bar chart `width` pixels wide, one row per bar in the given
 * order, an x axis of `value_name` with ticks and grid lines. Each bar is a
 * <rect class="bar"> carrying a <title> tooltip.
 */
void entidx_svg_bar_chart(FILE *f, const entidx_svg_bar *bars, size_t n, const char *value_name,
                          int width);

/* One line of a line chart: values[0..n_x) at the x labels; `color` as for bars. */
typedef struct entidx_svg_series {
    const char *name;
    const double *values;
    const char *color;
} entidx_svg_series;

/*
 * Line chart `width` x `height`: the x axis is categorical (labels[0..n_x),
 * e.g. months, thinned so they do not overlap), the y axis from 0 with
 * ticks. Each series is a <polyline class="series"> with a <circle
 * class="point"> per value carrying a <title> tooltip "name, label: value".
 */
void entidx_svg_line_chart(FILE *f, const char *const *labels, size_t n_x,
                           const entidx_svg_series *series, size_t n_series, const char *y_name,
                           int width, int height);

#endif
