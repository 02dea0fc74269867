/* SPDX-License-Identifier: MIT */
/*
 * report_svg.c - escaping, axis ticks, bar and line charts as inline SVG for
 * the HTML report (contracts in report_svg.h). Coordinates are written with
 * one decimal; text widths are estimated (about 7 px per character at the
 * 12 px font of the report's style sheet), which is enough to keep labels
 * apart without measuring fonts.
 */
#include "internal.h"
#include "report_svg.h"

#include <math.h>

#define CHAR_PX 7.0 /* estimated width of one character of a 12 px label */

void entidx_svg_escape(FILE *f, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *ref;
        switch (s[i]) {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        default: continue;
        }
        fwrite(s + start, 1, i - start, f);
        fputs(ref, f);
        start = i + 1;
    }
    fwrite(s + start, 1, len - start, f);
}

void entidx_svg_escs(FILE *f, const char *s)
{
    entidx_svg_escape(f, s, strlen(s));
}

void entidx_svg_esc_cut(FILE *f, const char *s, size_t max_chars)
{
    size_t chars = 0, i = 0, len = strlen(s), cut = len;
    /* count code points: bytes that are not UTF-8 continuation bytes */
    for (i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars - 1)
                cut = i; /* where the ellipsis would go */
            chars++;
            if (chars > max_chars)
                break;
        }
    }
    if (max_chars == 0 || chars <= max_chars) {
        entidx_svg_escape(f, s, len);
        return;
    }
    entidx_svg_escape(f, s, cut);
    fputs("\xE2\x80\xA6", f); /* U+2026 horizontal ellipsis */
}

void entidx_svg_number(FILE *f, double v)
{
    if (v == 0)
        v = 0; /* no "-0" */
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.3g", v);
}

void entidx_svg_ticks(double max, int want, double *step, double *top)
{
    double rough, mag, norm;
    if (!(max > 0) || want < 1) {
        *step = 1;
        *top = 1;
        return;
    }
    rough = max / want;
    mag = pow(10, floor(log10(rough)));
    norm = rough / mag;
    *step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    *top = ceil(max / *step - 1e-9) * *step;
}

/* ---- bar chart ---- */

#define BAR_LABEL_W 200 /* right edge of the labels */
#define BAR_ROW_H   22
#define BAR_H       16
#define BAR_TOP     8
#define BAR_AXIS_H  34

void entidx_svg_bar_chart(FILE *f, const entidx_svg_bar *bars, size_t n, const char *value_name,
                          int width)
{
    double max = 0, step, top;
    double x0 = BAR_LABEL_W + 8, plot_w = width - x0 - 64;
    double bottom = BAR_TOP + (double)n * BAR_ROW_H;
    int height = (int)bottom + BAR_AXIS_H;

    for (size_t i = 0; i < n; i++)
        max = ENTIDX_MAX(max, bars[i].value);
    entidx_svg_ticks(max, 5, &step, &top);
    fprintf(f, "<svg class=\"chart bars\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            width, height, width, height);
    for (double t = 0; t <= top + step / 2; t += step) {
        double x = x0 + t / top * plot_w;
        fprintf(f,
                "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>"
                "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, BAR_TOP - 4, x, bottom + 4, x, bottom + 18);
        entidx_svg_number(f, t);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text class=\"axis-name\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x0 + plot_w,
            bottom + 31);
    entidx_svg_escs(f, value_name);
    fputs("</text>\n", f);
    for (size_t i = 0; i < n; i++) {
        double y = BAR_TOP + (double)i * BAR_ROW_H + (BAR_ROW_H - BAR_H) / 2.0;
        double w = bars[i].value / top * plot_w;
        fprintf(f, "<text class=\"label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", BAR_LABEL_W,
                y + BAR_H - 4);
        entidx_svg_esc_cut(f, bars[i].label, (size_t)(BAR_LABEL_W / CHAR_PX));
        fprintf(f,
                "</text>\n<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                "fill=\"%s\"><title>",
                x0, y, w, BAR_H, bars[i].color);
        entidx_svg_escs(f, bars[i].label);
        fputs(": ", f);
        entidx_svg_escs(f, bars[i].note);
        fprintf(f, "</title></rect><text class=\"value\" x=\"%.1f\" y=\"%.1f\">", x0 + w + 4,
                y + BAR_H - 4);
        entidx_svg_number(f, bars[i].value);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
}

/* ---- line chart ---- */

#define LINE_LEFT   64
#define LINE_RIGHT  24
#define LINE_TOP    12
#define LINE_BOTTOM 44

void entidx_svg_line_chart(FILE *f, const char *const *labels, size_t n_x,
                           const entidx_svg_series *series, size_t n_series, const char *y_name,
                           int width, int height)
{
    double max = 0, step, top, label_w = 0;
    double plot_w = width - LINE_LEFT - LINE_RIGHT, plot_h = height - LINE_TOP - LINE_BOTTOM;
    double y_base = LINE_TOP + plot_h;
    size_t every;

    for (size_t s = 0; s < n_series; s++) {
        for (size_t i = 0; i < n_x; i++)
            max = ENTIDX_MAX(max, series[s].values[i]);
    }
    for (size_t i = 0; i < n_x; i++)
        label_w = ENTIDX_MAX(label_w, strlen(labels[i]) * CHAR_PX + 12);
    /* show every `every`-th x label so that neighbours never overlap */
    every = n_x > 1 ? (size_t)ceil(label_w / (plot_w / (double)(n_x - 1))) : 1;
    if (every < 1)
        every = 1;
    entidx_svg_ticks(max, 6, &step, &top);
    fprintf(f, "<svg class=\"chart lines\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            width, height, width, height);
    for (double t = 0; t <= top + step / 2; t += step) {
        double y = y_base - t / top * plot_h;
        fprintf(f,
                "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
                LINE_LEFT, y, LINE_LEFT + plot_w, y, LINE_LEFT - 6, y + 4);
        entidx_svg_number(f, t);
        fputs("</text>\n", f);
    }
    fprintf(f,
            "<text class=\"axis-name\" transform=\"translate(14,%.1f) rotate(-90)\" "
            "text-anchor=\"middle\">",
            LINE_TOP + plot_h / 2);
    entidx_svg_escs(f, y_name);
    fputs("</text>\n", f);
#define X_AT(i) \
    (n_x > 1 ? LINE_LEFT + (double)(i)*plot_w / (double)(n_x - 1) : LINE_LEFT + plot_w / 2)
    fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", LINE_LEFT,
            y_base, LINE_LEFT + plot_w, y_base);
    for (size_t i = 0; i < n_x; i++) {
        fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                X_AT(i), y_base, X_AT(i), y_base + (i % every == 0 ? 6 : 3));
        if (i % every == 0) {
            fprintf(f, "<text class=\"month\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    X_AT(i), y_base + 20);
            entidx_svg_escs(f, labels[i]);
            fputs("</text>", f);
        }
        fputc('\n', f);
    }
    for (size_t s = 0; s < n_series; s++) {
        fprintf(f, "<g class=\"series-group\"><polyline class=\"series\" stroke=\"%s\" points=\"",
                series[s].color);
        for (size_t i = 0; i < n_x; i++)
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", X_AT(i),
                    y_base - series[s].values[i] / top * plot_h);
        fprintf(f, "\"><title>");
        entidx_svg_escs(f, series[s].name);
        fputs("</title></polyline>\n", f);
        for (size_t i = 0; i < n_x; i++) {
            fprintf(f,
                    "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>",
                    X_AT(i), y_base - series[s].values[i] / top * plot_h, series[s].color);
            entidx_svg_escs(f, series[s].name);
            fputs(", ", f);
            entidx_svg_escs(f, labels[i]);
            fputs(": ", f);
            entidx_svg_number(f, series[s].values[i]);
            fputs("</title></circle>\n", f);
        }
        fputs("</g>\n", f);
    }
#undef X_AT
    fputs("</svg>\n", f);
}
