/* SPDX-License-Identifier: MIT */
/*
 * table.c - rows of named columns as CSV, TSV, JSON Lines or an aligned text
 * table. CSV/TSV/JSONL rows are built in a buffer and written with one fwrite
 * per row; TEXT cells are buffered until finish so column widths are known.
 */
#include "internal.h"
#include "entidx/table.h"
#include "buf.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

enum { CELL_ABSENT = 0, CELL_STR, CELL_NUM };

typedef struct table_cell {
    size_t off; /* sanitized UTF-8 text in t->cells */
    size_t len;
    int kind;
} table_cell;

struct entidx_table {
    FILE *out;
    entidx_table_format format;
    size_t n_columns;
    char **columns;
    size_t *column_len;
    entidx_buf row;  /* the row being built (CSV/TSV/JSONL), a line at finish (TEXT) */
    entidx_buf keys; /* JSONL: "\"name\":" for each column, back to back */
    size_t *key_off; /* JSONL: n_columns + 1 offsets into keys */
    size_t n_cells;  /* cells appended to the current row */
    int status;      /* sticky failure (ENTIDX_EIO or ENTIDX_ENOMEM), 0 when none */
    int sys_errno;   /* errno of the failed write */
    int finished;
    /* TEXT only */
    entidx_buf cells;  /* all cell texts */
    table_cell *cellv; /* n_rows * n_columns cells */
    size_t n_cellv;
    size_t cap_cellv;
};

static int set_status(entidx_table *t, int code)
{
    if (t->status == 0)
        t->status = code;
    return t->status;
}

static int write_bytes(entidx_table *t, const void *data, size_t len)
{
    if (len == 0)
        return ENTIDX_OK;
    errno = 0;
    if (fwrite(data, 1, len, t->out) != len) {
        t->sys_errno = errno != 0 ? errno : EIO;
        return set_status(t, ENTIDX_EIO);
    }
    return ENTIDX_OK;
}

/* ---- escaping ---- */

static int csv_needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return 1;
    }
    return 0;
}

static int put_csv(entidx_buf *b, const char *s, size_t len)
{
    size_t run = 0;
    int rc;

    if (!csv_needs_quotes(s, len))
        return entidx_buf_put(b, s, len);
    if ((rc = entidx_buf_putc(b, '"')) < 0)
        return rc;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            /* Copy through this quote, then double it. */
            if ((rc = entidx_buf_put(b, s + run, i + 1 - run)) < 0)
                return rc;
            if ((rc = entidx_buf_putc(b, '"')) < 0)
                return rc;
            run = i + 1;
        }
    }
    if ((rc = entidx_buf_put(b, s + run, len - run)) < 0)
        return rc;
    return entidx_buf_putc(b, '"');
}

static int put_tsv(entidx_buf *b, const char *s, size_t len)
{
    size_t run = 0;
    int rc;

    for (size_t i = 0; i < len; i++) {
        char esc;

        switch (s[i]) {
        case '\t': esc = 't'; break;
        case '\n': esc = 'n'; break;
        case '\r': esc = 'r'; break;
        case '\\': esc = '\\'; break;
        default: continue;
        }
        if ((rc = entidx_buf_put(b, s + run, i - run)) < 0 || (rc = entidx_buf_putc(b, '\\')) < 0 ||
            (rc = entidx_buf_putc(b, esc)) < 0)
            return rc;
        run = i + 1;
    }
    return entidx_buf_put(b, s + run, len - run);
}

/*
 * How many of the 8 bytes at p a JSON string takes as they are (printable
 * ASCII but the quote and the backslash), counted from the first: 8 when
 * all. In one 64-bit word: with the usual tests for a zero byte and a byte
 * below a bound, a borrow runs only upward, so the lowest flagged byte is
 * the first that needs a look (the flags above it may be wrong).
 */
static unsigned json_plain8(const uint8_t *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
    uint64_t x, quote, slash, special;
    memcpy(&x, p, 8);
    quote = x ^ (ones * '"');
    slash = x ^ (ones * '\\');
    special = x | ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
    special &= high;
    return special == 0 ? 8 : (unsigned)__builtin_ctzll(special) / 8;
#else
    unsigned n = 0;
    while (n < 8 && p[n] >= 0x20 && p[n] < 0x80 && p[n] != '"' && p[n] != '\\')
        n++;
    return n;
#endif
}

/* A JSON string literal, quotes included; invalid UTF-8 bytes become \ufffd. */
static int put_json(entidx_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *u = (const uint8_t *)s;
    size_t run = 0, i = 0;
    int rc;

    if ((rc = entidx_buf_putc(b, '"')) < 0)
        return rc;
    while (i < len) {
        uint8_t c;
        char esc[6];
        size_t n_esc, adv = 1;

        if (len - i >= 8) {
            unsigned n = json_plain8(u + i);
            i += n;
            if (n == 8)
                continue;
        }
        if ((c = u[i]) >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            int32_t cp;
            adv = entidx_utf8_decode(u + i, len - i, &cp);
            if (cp >= 0) {
                i += adv;
                continue;
            }
            memcpy(esc, "\\ufffd", 6);
            n_esc = 6;
        } else if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n_esc = 2;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            esc[0] = '\\';
            esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            n_esc = 2;
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];
            n_esc = 6;
        }
        if ((rc = entidx_buf_put(b, s + run, i - run)) < 0 ||
            (rc = entidx_buf_put(b, esc, n_esc)) < 0)
            return rc;
        i += adv;
        run = i;
    }
    if ((rc = entidx_buf_put(b, s + run, len - run)) < 0)
        return rc;
    return entidx_buf_putc(b, '"');
}

/*
 * TEXT cells are shown on a terminal: invalid UTF-8 and control characters
 * become U+FFFD, except tab, CR and LF, which become a space.
 */
static int put_text(entidx_buf *b, const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t run = 0, i = 0;
    int rc;

    while (i < len) {
        uint8_t c = u[i];
        const char *rep;
        size_t n_rep, adv = 1;

        if (c >= 0x20 && c < 0x7f) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            int32_t cp;
            adv = entidx_utf8_decode(u + i, len - i, &cp);
            if (cp >= 0) {
                i += adv;
                continue;
            }
        }
        if (c == '\t' || c == '\n' || c == '\r') {
            rep = " ";
            n_rep = 1;
        } else {
            rep = "\xef\xbf\xbd";
            n_rep = 3;
        }
        if ((rc = entidx_buf_put(b, s + run, i - run)) < 0 ||
            (rc = entidx_buf_put(b, rep, n_rep)) < 0)
            return rc;
        i += adv;
        run = i;
    }
    return entidx_buf_put(b, s + run, len - run);
}

/* Width in code points of `s` once put_text() has sanitized it. */
static size_t display_width(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t w = 0, i = 0;

    while (i < len) {
        int32_t cp;

        if (u[i] < 0x80) {
            i++;
        } else {
            i += entidx_utf8_decode(u + i, len - i, &cp);
        }
        w++;
    }
    return w;
}

/* ---- creation ---- */

static int write_header(entidx_table *t)
{
    int rc = ENTIDX_OK;

    if (t->format != ENTIDX_TABLE_CSV && t->format != ENTIDX_TABLE_TSV)
        return ENTIDX_OK;
    entidx_buf_clear(&t->row);
    for (size_t i = 0; i < t->n_columns && rc == 0; i++) {
        if (i > 0)
            rc = entidx_buf_putc(&t->row, t->format == ENTIDX_TABLE_CSV ? ',' : '\t');
        if (rc == 0)
            rc = t->format == ENTIDX_TABLE_CSV ? put_csv(&t->row, t->columns[i], t->column_len[i])
                                               : put_tsv(&t->row, t->columns[i], t->column_len[i]);
    }
    if (rc == 0)
        rc = entidx_buf_putc(&t->row, '\n');
    if (rc < 0)
        return rc;
    rc = write_bytes(t, t->row.ptr, t->row.len);
    entidx_buf_clear(&t->row);
    return rc;
}

static int build_json_keys(entidx_table *t)
{
    int rc;

    t->key_off = entidx_calloc(t->n_columns + 1, sizeof(*t->key_off));
    if (t->key_off == NULL)
        return ENTIDX_ENOMEM;
    for (size_t i = 0; i < t->n_columns; i++) {
        t->key_off[i] = t->keys.len;
        if ((rc = put_json(&t->keys, t->columns[i], t->column_len[i])) < 0 ||
            (rc = entidx_buf_putc(&t->keys, ':')) < 0)
            return rc;
    }
    t->key_off[t->n_columns] = t->keys.len;
    return ENTIDX_OK;
}

int entidx_table_new(entidx_table **out_table, FILE *out, entidx_table_format format,
                     const char *const *columns, size_t n_columns, entidx_error *err)
{
    entidx_table *t;
    int rc;

    if (out_table == NULL)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no table to return");
    *out_table = NULL;
    if (out == NULL)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no output stream");
    if ((unsigned)format > (unsigned)ENTIDX_TABLE_TEXT)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "unknown table format %d", (int)format);
    if (columns == NULL || n_columns == 0)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "a table needs at least one column");
    for (size_t i = 0; i < n_columns; i++) {
        if (columns[i] == NULL)
            return ENTIDX_FAIL(err, ENTIDX_EINVAL, "column %zu has no name", i + 1);
    }
    t = entidx_calloc(1, sizeof(*t));
    if (t == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    t->out = out;
    t->format = format;
    t->columns = entidx_calloc(n_columns, sizeof(*t->columns));
    t->column_len = entidx_calloc(n_columns, sizeof(*t->column_len));
    if (t->columns == NULL || t->column_len == NULL)
        goto nomem;
    t->n_columns = n_columns;
    for (size_t i = 0; i < n_columns; i++) {
        t->column_len[i] = strlen(columns[i]);
        t->columns[i] = entidx_strndup(columns[i], t->column_len[i]);
        if (t->columns[i] == NULL)
            goto nomem;
    }
    if (format == ENTIDX_TABLE_JSONL && build_json_keys(t) < 0)
        goto nomem;
    /* A write failure here is sticky and reported by entidx_table_finish(). */
    rc = write_header(t);
    if (rc == ENTIDX_ENOMEM)
        goto nomem;
    *out_table = t;
    return ENTIDX_OK;

nomem:
    entidx_table_free(t);
    return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
}

void entidx_table_free(entidx_table *t)
{
    if (t == NULL)
        return;
    if (t->columns != NULL) {
        for (size_t i = 0; i < t->n_columns; i++)
            entidx_free(t->columns[i]);
    }
    entidx_free(t->columns);
    entidx_free(t->column_len);
    entidx_free(t->key_off);
    entidx_free(t->cellv);
    entidx_buf_dispose(&t->row);
    entidx_buf_dispose(&t->keys);
    entidx_buf_dispose(&t->cells);
    entidx_free(t);
}

int entidx_table_format_parse(const char *name, entidx_table_format *out)
{
    static const struct {
        const char *name;
        entidx_table_format format;
    } names[] = {
        {"csv", ENTIDX_TABLE_CSV},
        {"tsv", ENTIDX_TABLE_TSV},
        {"jsonl", ENTIDX_TABLE_JSONL},
        {"table", ENTIDX_TABLE_TEXT},
    };

    if (name == NULL || out == NULL)
        return ENTIDX_EINVAL;
    for (size_t i = 0; i < ENTIDX_ARRAY_SIZE(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return ENTIDX_OK;
        }
    }
    return ENTIDX_EINVAL;
}

/* ---- cells ---- */

/*
 * Append one cell: `s` (len bytes) is the text, NULL for an absent cell;
 * `kind` says how TEXT aligns it and whether JSONL quotes it.
 */
static int add_cell(entidx_table *t, const char *s, size_t len, int kind)
{
    size_t col;
    int rc = ENTIDX_OK;

    if (t == NULL)
        return ENTIDX_EINVAL;
    if (t->status != 0)
        return t->status;
    if (t->finished)
        return ENTIDX_EINVAL;
    col = t->n_cells++;
    if (col >= t->n_columns)
        return ENTIDX_OK; /* the row is rejected at end_row */
    switch (t->format) {
    case ENTIDX_TABLE_CSV:
    case ENTIDX_TABLE_TSV:
        if (col > 0)
            rc = entidx_buf_putc(&t->row, t->format == ENTIDX_TABLE_CSV ? ',' : '\t');
        if (rc == 0 && s != NULL)
            rc =
                t->format == ENTIDX_TABLE_CSV ? put_csv(&t->row, s, len) : put_tsv(&t->row, s, len);
        break;
    case ENTIDX_TABLE_JSONL:
        rc = entidx_buf_putc(&t->row, col == 0 ? '{' : ',');
        if (rc == 0)
            rc = entidx_buf_put(&t->row, t->keys.ptr + t->key_off[col],
                                t->key_off[col + 1] - t->key_off[col]);
        if (rc == 0) {
            if (s == NULL)
                rc = entidx_buf_put(&t->row, "null", 4);
            else if (kind == CELL_NUM)
                rc = entidx_buf_put(&t->row, s, len);
            else
                rc = put_json(&t->row, s, len);
        }
        break;
    case ENTIDX_TABLE_TEXT:
    default: {
        table_cell *c;
        size_t off = t->cells.len;

        if (entidx_array_grow((void **)&t->cellv, &t->cap_cellv, t->n_cellv + 1,
                              sizeof(*t->cellv)) < 0) {
            rc = ENTIDX_ENOMEM;
            break;
        }
        if (s != NULL && (rc = put_text(&t->cells, s, len)) < 0)
            break;
        c = &t->cellv[t->n_cellv++];
        c->off = off;
        c->len = t->cells.len - off;
        c->kind = s == NULL ? CELL_ABSENT : kind;
        break;
    }
    }
    if (rc < 0)
        return set_status(t, rc == ENTIDX_ELIMIT ? ENTIDX_ENOMEM : rc);
    return ENTIDX_OK;
}

int entidx_table_str(entidx_table *t, const char *s, size_t len)
{
    return add_cell(t, s, s != NULL ? len : 0, CELL_STR);
}

int entidx_table_cstr(entidx_table *t, const char *s)
{
    return add_cell(t, s, s != NULL ? strlen(s) : 0, CELL_STR);
}

/*
 * v in decimal, written backwards ending at `end`; returns its first byte.
 * (snprintf() took a tenth of `entidx tag`'s instructions: every mention
 * prints its offsets.)
 */
static char *format_int(char *end, int64_t v)
{
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v; /* INT64_MIN too */
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--p = '-';
    return p;
}

int entidx_table_int(entidx_table *t, int64_t v)
{
    char tmp[24]; /* 20 digits and a sign at most */
    char *p = format_int(tmp + sizeof(tmp), v);

    return add_cell(t, p, (size_t)(tmp + sizeof(tmp) - p), CELL_NUM);
}

int entidx_table_real(entidx_table *t, double v)
{
    char tmp[64];
    int n;

    if (!isfinite(v))
        return add_cell(t, NULL, 0, CELL_NUM);
    n = snprintf(tmp, sizeof(tmp), "%.6g", v);
    if (n < 0 || (size_t)n >= sizeof(tmp))
        return add_cell(t, NULL, 0, CELL_NUM);
    return add_cell(t, tmp, (size_t)n, CELL_NUM);
}

int entidx_table_end_row(entidx_table *t)
{
    int rc;

    if (t == NULL)
        return ENTIDX_EINVAL;
    if (t->status != 0)
        return t->status;
    if (t->finished)
        return ENTIDX_EINVAL;
    if (t->n_cells != t->n_columns) {
        /* Drop the partial row so the output stays well-formed. */
        if (t->format == ENTIDX_TABLE_TEXT) {
            size_t kept = t->n_cellv - ENTIDX_MIN(t->n_cells, t->n_columns);
            t->cells.len = kept < t->n_cellv ? t->cellv[kept].off : t->cells.len;
            if (t->cells.ptr != NULL)
                t->cells.ptr[t->cells.len] = '\0';
            t->n_cellv = kept;
        }
        entidx_buf_clear(&t->row);
        t->n_cells = 0;
        return ENTIDX_EINVAL;
    }
    t->n_cells = 0;
    if (t->format == ENTIDX_TABLE_TEXT)
        return ENTIDX_OK;
    rc = entidx_buf_put(&t->row, t->format == ENTIDX_TABLE_JSONL ? "}\n" : "\n",
                        t->format == ENTIDX_TABLE_JSONL ? 2 : 1);
    if (rc < 0)
        return set_status(t, ENTIDX_ENOMEM);
    rc = write_bytes(t, t->row.ptr, t->row.len);
    entidx_buf_clear(&t->row);
    return rc;
}

/* ---- TEXT output ---- */

static int pad(entidx_buf *b, size_t n)
{
    static const char spaces[] = "                                ";
    int rc;

    while (n > 0) {
        size_t k = ENTIDX_MIN(n, sizeof(spaces) - 1);
        if ((rc = entidx_buf_put(b, spaces, k)) < 0)
            return rc;
        n -= k;
    }
    return ENTIDX_OK;
}

/* Append `s`, sanitized, padded to `width` code points (right-aligned when `right`). */
static int put_aligned(entidx_buf *b, const char *s, size_t len, size_t width, int right)
{
    size_t w = display_width(s, len), fill = width > w ? width - w : 0;
    int rc;

    if (right && (rc = pad(b, fill)) < 0)
        return rc;
    if ((rc = put_text(b, s, len)) < 0)
        return rc;
    if (!right && (rc = pad(b, fill)) < 0)
        return rc;
    return ENTIDX_OK;
}

/* Write the line in t->row without trailing spaces, then a newline. */
static int flush_line(entidx_table *t)
{
    int rc;

    while (t->row.len > 0 && t->row.ptr[t->row.len - 1] == ' ')
        t->row.len--;
    if ((rc = entidx_buf_putc(&t->row, '\n')) < 0)
        return set_status(t, ENTIDX_ENOMEM);
    rc = write_bytes(t, t->row.ptr, t->row.len);
    entidx_buf_clear(&t->row);
    return rc;
}

static const char *cell_text(const entidx_table *t, const table_cell *cell)
{
    return cell->len > 0 ? t->cells.ptr + cell->off : "";
}

/*
 * Header, underline and rows. A column is right-aligned when it holds numbers
 * only; its header follows.
 */
static int write_text(entidx_table *t)
{
    size_t nc = t->n_columns, n_rows = t->n_cellv / nc;
    size_t *width = entidx_calloc(nc, sizeof(*width));
    unsigned char *numeric = entidx_calloc(nc, 1);
    int rc = ENTIDX_OK;

    if (width == NULL || numeric == NULL) {
        rc = set_status(t, ENTIDX_ENOMEM);
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        width[c] = display_width(t->columns[c], t->column_len[c]);
        numeric[c] = n_rows > 0;
    }
    for (size_t r = 0; r < n_rows; r++) {
        for (size_t c = 0; c < nc; c++) {
            const table_cell *cell = &t->cellv[r * nc + c];
            size_t w = display_width(cell_text(t, cell), cell->len);

            width[c] = ENTIDX_MAX(width[c], w);
            if (cell->kind == CELL_STR)
                numeric[c] = 0;
        }
    }
    for (size_t c = 0; c < nc && rc == 0; c++) {
        if (c > 0)
            rc = entidx_buf_put(&t->row, "  ", 2);
        if (rc == 0)
            rc = put_aligned(&t->row, t->columns[c], t->column_len[c], width[c], numeric[c]);
    }
    if (rc < 0 || (rc = flush_line(t)) < 0)
        goto done;
    for (size_t c = 0; c < nc && rc == 0; c++) {
        if (c > 0)
            rc = entidx_buf_put(&t->row, "  ", 2);
        for (size_t k = 0; k < width[c] && rc == 0; k++)
            rc = entidx_buf_putc(&t->row, '-');
    }
    if (rc < 0 || (rc = flush_line(t)) < 0)
        goto done;
    for (size_t r = 0; r < n_rows && rc == 0; r++) {
        for (size_t c = 0; c < nc && rc == 0; c++) {
            const table_cell *cell = &t->cellv[r * nc + c];

            if (c > 0)
                rc = entidx_buf_put(&t->row, "  ", 2);
            if (rc == 0)
                rc = put_aligned(&t->row, cell_text(t, cell), cell->len, width[c],
                                 cell->kind == CELL_NUM);
        }
        if (rc == 0)
            rc = flush_line(t);
    }

done:
    if (rc < 0)
        set_status(t, rc == ENTIDX_EIO ? ENTIDX_EIO : ENTIDX_ENOMEM);
    entidx_free(width);
    entidx_free(numeric);
    return rc;
}

int entidx_table_finish(entidx_table *t, entidx_error *err)
{
    if (t == NULL)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no table");
    if (t->status == 0 && !t->finished) {
        t->finished = 1;
        if (t->n_cells != 0) {
            t->n_cells = 0;
            return ENTIDX_FAIL(err, ENTIDX_EINVAL, "the last row was not ended");
        }
        if (t->format == ENTIDX_TABLE_TEXT)
            (void)write_text(t);
    }
    if (t->status == 0) {
        errno = 0;
        if (fflush(t->out) != 0) {
            t->sys_errno = errno != 0 ? errno : EIO;
            set_status(t, ENTIDX_EIO);
        }
    }
    if (t->status == ENTIDX_EIO)
        return ENTIDX_FAIL_SYS(err, t->sys_errno, NULL, "write failed");
    if (t->status != 0)
        return ENTIDX_FAIL(err, t->status, "out of memory");
    return ENTIDX_OK;
}
