/* SPDX-License-Identifier: MIT */
/*
 * json.c - single-pass extraction of selected top-level fields from one JSON
 * object. Nested values are validated by an iterative, depth-bounded skipper;
 * only wanted values are decoded into the caller's scratch buffer.
 */
#include "internal.h"
#include "json.h"
#include "utf8.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#define JSON_MAX_DEPTH 64

/* Byte classes inside a string: plain bytes are 0 so the scan loop tests one value. */
enum { SC_PLAIN = 0, SC_QUOTE, SC_BACKSLASH, SC_CONTROL, SC_HIGH };

static const uint8_t string_class[256] = {
    /* 0x00-0x1f: control characters */
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    3,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0, /* 0x22 '"' */
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    2,
    0,
    0,
    0, /* 0x5c '\\' */
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    /* 0x80-0xff: start or continuation of a multi-byte sequence */
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
    4,
};

typedef struct json_parser {
    const uint8_t *s;
    size_t len;
    size_t pos;
    size_t err_off;
    const char *msg;
    const uint32_t *key_sigs; /* key_sig() of each wanted key, or NULL (too many keys) */
    int plain;                /* decode strings the plain way only (entidx__json_fields_plain) */
} json_parser;

static int parse_fail(json_parser *p, size_t off, const char *msg)
{
    p->err_off = off;
    p->msg = msg;
    return ENTIDX_EPARSE;
}

static void skip_ws(json_parser *p)
{
    while (p->pos < p->len) {
        uint8_t c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Read the 4 hex digits of a \u escape whose backslash is at `at`; -1 if malformed. */
static int32_t read_u_escape(const json_parser *p, size_t at)
{
    int32_t v = 0;

    if (p->len - at < 6 || p->s[at] != '\\' || p->s[at + 1] != 'u')
        return -1;
    for (size_t i = 2; i < 6; i++) {
        int h = hex_value(p->s[at + i]);
        if (h < 0)
            return -1;
        v = (v << 4) | h;
    }
    return v;
}

/* What the escapes of one letter after a backslash stand for ("\n"); 0: none. */
static const char short_escape[256] = {['"'] = '"',  ['\\'] = '\\', ['/'] = '/',  ['b'] = '\b',
                                       ['f'] = '\f', ['n'] = '\n',  ['r'] = '\r', ['t'] = '\t'};

/*
 * Decode the escape whose backslash is at p->pos (not the last byte), one
 * that is not in short_escape (scan_string() takes those): a \u escape, or
 * an invalid one. On success p->pos is past it and the UTF-8 bytes are in
 * out[0..*n).
 */
static int decode_u_escape(json_parser *p, char out[4], size_t *n)
{
    size_t at = p->pos;
    int32_t cp, lo;

    if (p->s[at + 1] != 'u')
        return parse_fail(p, at, "invalid escape in string");
    cp = read_u_escape(p, at);
    if (cp < 0)
        return parse_fail(p, at, "invalid \\u escape in string");
    p->pos = at + 6;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        lo = read_u_escape(p, p->pos);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            p->pos += 6;
        } else {
            cp = 0xfffd;
        }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = 0xfffd;
    }
    *n = entidx_utf8_encode(cp, out);
    return ENTIDX_OK;
}

/*
 * The first byte at or after i that is not SC_PLAIN (len when none). With
 * SSE2, 16 bytes at a time: a quote, a backslash, or a byte below 0x20 as a
 * signed char, which also catches every byte from 0x80 (SC_HIGH).
 */
#if defined(__SSE2__) && defined(__GNUC__)
/* The bytes of v that are not SC_PLAIN, as bits (signed compares: from 0x80 too). */
static inline unsigned special_bytes(__m128i v)
{
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))));
}
#endif

static size_t skip_plain(const uint8_t *s, size_t i, size_t len)
{
#if defined(__SSE2__) && defined(__GNUC__)
    for (; i + 16 <= len; i += 16) {
        unsigned m = special_bytes(_mm_loadu_si128((const __m128i *)(s + i)));
        if (m != 0)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    while (i < len && string_class[s[i]] == SC_PLAIN)
        i++;
    return i;
}

/*
 * The escape whose backslash is at *i (not the last byte), `next` the byte
 * after it: its decoded bytes in out[0..*n), *i past it. (The caller reads
 * `next`: read here through p, it would be read again after every store to
 * out, which may alias p.)
 */
#if defined(__GNUC__)
__attribute__((always_inline)) /* one call per escape, one every 80 bytes of news text */
#endif
static inline int
decode_escape(json_parser *p, uint8_t next, size_t *i, char out[4], size_t *n)
{
    int rc;
    if (short_escape[next] != 0) { /* the usual ("\n" in news text), in short */
        out[0] = short_escape[next];
        *n = 1;
        *i += 2;
        return ENTIDX_OK;
    }
    p->pos = *i;
    if ((rc = decode_u_escape(p, out, n)) < 0)
        return rc;
    *i = p->pos;
    return ENTIDX_OK;
}

/* The length in *n of the valid UTF-8 character at i (a byte from 0x80), or an error. */
static inline int high_char(json_parser *p, size_t i, size_t *n)
{
    int32_t cp;
    *n = entidx_utf8_decode(p->s + i, p->len - i, &cp);
    return cp < 0 ? parse_fail(p, i, "invalid UTF-8 in string") : ENTIDX_OK;
}

/*
 * scan_string() into out in one pass: the bytes are copied 16 at a time as
 * they are scanned, not scanned and then copied run by run (with SSE2). A
 * decoded string is never longer than its JSON text (an escape is longer
 * than what it stands for; other bytes are copied), so out needs room for
 * the rest of the input and the spill of one 16-byte store, made before.
 */
static int decode_string(json_parser *p, entidx_buf *out)
{
    const uint8_t *s = p->s;
    size_t len = p->len, start = p->pos, i = p->pos + 1, n;
    char *o = out->ptr + out->len;
    int rc;

    for (;;) {
#if defined(__SSE2__) && defined(__GNUC__)
        while (i + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            unsigned m = special_bytes(v);
            _mm_storeu_si128((__m128i *)o, v);
            if (m == 0) {
                i += 16;
                o += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(m);
            i += k;
            o += k;
            /* "\n", the escape of wrapped and paragraphed text, without leaving the loop */
            if (s[i] != '\\' || i + 1 >= len || s[i + 1] != 'n')
                break;
            *o++ = '\n';
            i += 2;
        }
#endif
        while (i < len && string_class[s[i]] == SC_PLAIN)
            *o++ = (char)s[i++];
        if (i >= len)
            return parse_fail(p, start, "unterminated string");
        switch (string_class[s[i]]) {
        case SC_QUOTE:
            out->len = (size_t)(o - out->ptr);
            *o = '\0';
            p->pos = i + 1;
            return ENTIDX_OK;
        case SC_BACKSLASH: /* (its at most 4 bytes fit: an escape is longer) */
            if (i + 1 >= len)
                return parse_fail(p, start, "unterminated string");
            if ((rc = decode_escape(p, s[i + 1], &i, o, &n)) < 0)
                return rc;
            o += n;
            break;
        case SC_CONTROL: return parse_fail(p, i, "control character in string");
        default: /* SC_HIGH */
            if ((rc = high_char(p, i, &n)) < 0)
                return rc;
            memcpy(o, s + i, n);
            o += n;
            i += n;
            break;
        }
    }
}

/*
 * Scan the string whose opening quote is at p->pos, validating it; p->pos ends
 * past the closing quote. With `out`, the decoded text is appended to it: by
 * decode_string() when out has room for the rest of the input under its cap
 * (always, but for a capped buffer near its cap), else run by run, each run
 * without escapes copied with one memcpy. *has_escape (may be NULL) reports
 * whether any backslash occurred.
 */
static int scan_string(json_parser *p, entidx_buf *out, int *has_escape)
{
    const uint8_t *s = p->s;
    size_t len = p->len, start = p->pos, i = p->pos + 1, run = i;
    int escaped = 0, rc;

    if (out != NULL && has_escape == NULL && !p->plain &&
        (out->cap == 0 || out->cap - out->len >= len - i)) {
        if (out->size - out->len > len - i + 16 ||
            (rc = entidx_buf_reserve(out, len - i + 16)) == ENTIDX_OK)
            return decode_string(p, out);
        if (rc != ENTIDX_ELIMIT)
            return rc;
    }
    for (;;) {
        i = skip_plain(s, i, len);
        if (i >= len)
            return parse_fail(p, start, "unterminated string");
        switch (string_class[s[i]]) {
        case SC_QUOTE:
            if (out != NULL && (rc = entidx_buf_put(out, s + run, i - run)) < 0)
                return rc;
            p->pos = i + 1;
            if (has_escape != NULL)
                *has_escape = escaped;
            return ENTIDX_OK;
        case SC_BACKSLASH: {
            char tmp[4];
            size_t n = 0;

            escaped = 1;
            if (i + 1 >= len)
                return parse_fail(p, start, "unterminated string");
            if (out != NULL && (rc = entidx_buf_put(out, s + run, i - run)) < 0)
                return rc;
            if ((rc = decode_escape(p, s[i + 1], &i, tmp, &n)) < 0)
                return rc;
            if (out != NULL && (rc = entidx_buf_put(out, tmp, n)) < 0)
                return rc;
            run = i;
            break;
        }
        case SC_CONTROL: return parse_fail(p, i, "control character in string");
        default: { /* SC_HIGH */
            size_t n;
            if ((rc = high_char(p, i, &n)) < 0)
                return rc;
            i += n;
            break;
        }
        }
    }
}

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

/* Validate the number at p->pos against the JSON grammar; p->pos ends past it. */
static int scan_number(json_parser *p)
{
    const uint8_t *s = p->s;
    size_t len = p->len, i = p->pos;

    if (i < len && s[i] == '-')
        i++;
    if (i >= len || !is_digit(s[i]))
        return parse_fail(p, i, "invalid number");
    if (s[i] == '0') {
        i++;
    } else {
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i < len && s[i] == '.') {
        i++;
        if (i >= len || !is_digit(s[i]))
            return parse_fail(p, i, "invalid number");
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= len || !is_digit(s[i]))
            return parse_fail(p, i, "invalid number");
        while (i < len && is_digit(s[i]))
            i++;
    }
    p->pos = i;
    return ENTIDX_OK;
}

/* Match true/false/null at p->pos; returns its type or ENTIDX_EPARSE. */
static int scan_literal(json_parser *p)
{
    static const struct {
        const char *text;
        size_t len;
        int type;
    } lits[] = {
        {"true", 4, ENTIDX_JSON_BOOL},
        {"false", 5, ENTIDX_JSON_BOOL},
        {"null", 4, ENTIDX_JSON_NULL},
    };

    for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(lits); k++) {
        if (p->len - p->pos >= lits[k].len &&
            memcmp(p->s + p->pos, lits[k].text, lits[k].len) == 0) {
            p->pos += lits[k].len;
            return lits[k].type;
        }
    }
    return parse_fail(p, p->pos, "invalid literal");
}

/* Expect the ':' after an object key, skipping white space around it. */
static int expect_colon(json_parser *p)
{
    skip_ws(p);
    if (p->pos >= p->len || p->s[p->pos] != ':')
        return parse_fail(p, p->pos, "expected ':' after object key");
    p->pos++;
    skip_ws(p);
    return ENTIDX_OK;
}

/* Validate a scalar at p->pos (after white space) without storing it. */
static int skip_scalar(json_parser *p)
{
    uint8_t c;
    int rc;

    if (p->pos >= p->len)
        return parse_fail(p, p->pos, "unexpected end of input");
    c = p->s[p->pos];
    if (c == '"')
        return scan_string(p, NULL, NULL);
    if (c == '-' || is_digit(c))
        return scan_number(p);
    if (c == 't' || c == 'f' || c == 'n') {
        rc = scan_literal(p);
        return rc < 0 ? rc : ENTIDX_OK;
    }
    return parse_fail(p, p->pos, "expected a value");
}

/*
 * Validate and skip the object or array at p->pos, which sits at nesting level
 * `level` (the top-level object is level 1). Iterative, with an explicit stack.
 */
static int skip_container(json_parser *p, size_t level)
{
    uint8_t stack[JSON_MAX_DEPTH];
    size_t n = 0;
    int rc;

    for (;;) {
        /* At the start of a value. */
        uint8_t c = p->pos < p->len ? p->s[p->pos] : 0;

        if (c == '{' || c == '[') {
            if (level + n >= JSON_MAX_DEPTH || n >= JSON_MAX_DEPTH)
                return parse_fail(p, p->pos, "nesting too deep");
            stack[n++] = c;
            p->pos++;
            skip_ws(p);
            if (p->pos < p->len && p->s[p->pos] == (c == '{' ? '}' : ']')) {
                p->pos++;
                n--;
            } else if (c == '{') {
                if (p->pos >= p->len || p->s[p->pos] != '"')
                    return parse_fail(p, p->pos,
                                      p->pos >= p->len ? "unexpected end of input"
                                                       : "expected string key");
                if ((rc = scan_string(p, NULL, NULL)) < 0 || (rc = expect_colon(p)) < 0)
                    return rc;
                continue;
            } else {
                continue;
            }
        } else if ((rc = skip_scalar(p)) < 0) {
            return rc;
        }

        /* After a value: close containers or move to the next element. */
        for (;;) {
            uint8_t top, close;

            if (n == 0)
                return ENTIDX_OK;
            top = stack[n - 1];
            close = top == '{' ? '}' : ']';
            skip_ws(p);
            if (p->pos >= p->len)
                return parse_fail(p, p->pos, "unexpected end of input");
            c = p->s[p->pos];
            if (c == close) {
                p->pos++;
                n--;
                continue;
            }
            if (c != ',')
                return parse_fail(p, p->pos,
                                  top == '{' ? "expected ',' or '}' in object"
                                             : "expected ',' or ']' in array");
            p->pos++;
            skip_ws(p);
            if (top == '{') {
                if (p->pos >= p->len || p->s[p->pos] != '"')
                    return parse_fail(p, p->pos,
                                      p->pos >= p->len ? "unexpected end of input"
                                                       : "expected string key");
                if ((rc = scan_string(p, NULL, NULL)) < 0 || (rc = expect_colon(p)) < 0)
                    return rc;
            }
            break;
        }
    }
}

/* 1 when the NUL-terminated `key` equals the n bytes at s. */
static int key_equals(const char *key, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (key[i] == '\0' || key[i] != s[i])
            return 0;
    }
    return key[n] == '\0';
}

/*
 * A key's length and first and last bytes, compared before its bytes: a line
 * of news JSON has a dozen fields ("date", "date_raw", "dateline"...), and a
 * byte-by-byte comparison of each with each wanted key stops at a different
 * place every time, which branch prediction cannot follow.
 */
static uint32_t key_sig(const char *s, size_t n)
{
    return n == 0 ? 0
                  : (uint32_t)(n & 0xffff) << 16 | (uint32_t)(uint8_t)s[0] << 8 | (uint8_t)s[n - 1];
}

/* First index whose key equals the n bytes at s, or n_keys; sigs as in json_parser. */
static size_t find_key(const char *const *keys, const uint32_t *sigs, size_t n_keys, const char *s,
                       size_t n)
{
    uint32_t sig = key_sig(s, n);
    for (size_t i = 0; i < n_keys; i++) {
        if ((sigs == NULL || sigs[i] == sig) && key_equals(keys[i], s, n))
            return i;
    }
    return n_keys;
}

/*
 * Parse the key at p->pos (a '"') and return in *match the first index of a
 * wanted key equal to its decoded text, or n_keys. A key with escapes is
 * decoded at the end of scratch for the comparison and then dropped.
 */
static int parse_key(json_parser *p, const char *const *keys, size_t n_keys, entidx_buf *scratch,
                     size_t *match)
{
    size_t start = p->pos, save;
    int escaped = 0, rc;

    if ((rc = scan_string(p, NULL, &escaped)) < 0)
        return rc;
    if (n_keys == 0) {
        *match = 0;
        return ENTIDX_OK;
    }
    if (!escaped) {
        *match =
            find_key(keys, p->key_sigs, n_keys, (const char *)p->s + start + 1, p->pos - start - 2);
        return ENTIDX_OK;
    }
    /* Rare: decode the key at the end of scratch, compare, then drop it. */
    save = scratch->len;
    p->pos = start;
    if ((rc = scan_string(p, scratch, NULL)) < 0)
        return rc;
    *match = find_key(keys, p->key_sigs, n_keys, scratch->ptr + save, scratch->len - save);
    scratch->len = save;
    scratch->ptr[save] = '\0';
    return ENTIDX_OK;
}

/* Parse a wanted value at p->pos into *v, storing its text in scratch. */
static int parse_value(json_parser *p, entidx_buf *scratch, size_t level, entidx_json_value *v)
{
    size_t start = p->pos, off = scratch->len;
    uint8_t c;
    int rc;

    if (p->pos >= p->len)
        return parse_fail(p, p->pos, "unexpected end of input");
    c = p->s[p->pos];
    v->off = 0;
    v->len = 0;
    if (c == '"') {
        if ((rc = scan_string(p, scratch, NULL)) < 0)
            return rc;
        v->type = ENTIDX_JSON_STRING;
        v->off = off;
        v->len = scratch->len - off;
        return ENTIDX_OK;
    }
    if (c == '{' || c == '[') {
        if ((rc = skip_container(p, level)) < 0)
            return rc;
        v->type = c == '{' ? ENTIDX_JSON_OBJECT : ENTIDX_JSON_ARRAY;
        return ENTIDX_OK;
    }
    if (c == '-' || is_digit(c)) {
        if ((rc = scan_number(p)) < 0)
            return rc;
        v->type = ENTIDX_JSON_NUMBER;
    } else if (c == 't' || c == 'f' || c == 'n') {
        if ((rc = scan_literal(p)) < 0)
            return rc;
        v->type = (entidx_json_type)rc;
        if (rc == ENTIDX_JSON_NULL)
            return ENTIDX_OK;
    } else {
        return parse_fail(p, p->pos, "expected a value");
    }
    if ((rc = entidx_buf_put(scratch, p->s + start, p->pos - start)) < 0)
        return rc;
    v->off = off;
    v->len = p->pos - start;
    return ENTIDX_OK;
}

static int parse_object(json_parser *p, const char *const *keys, size_t n_keys,
                        entidx_json_value *vals, entidx_buf *scratch)
{
    int rc;

    skip_ws(p);
    if (p->pos >= p->len)
        return parse_fail(p, p->pos, "empty record");
    if (p->s[p->pos] != '{')
        return parse_fail(p, p->pos, "record is not a JSON object");
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == '}') {
        p->pos++;
    } else {
        for (;;) {
            size_t match = n_keys;

            if (p->pos >= p->len)
                return parse_fail(p, p->pos, "unexpected end of input");
            if (p->s[p->pos] != '"')
                return parse_fail(p, p->pos, "expected string key");
            if ((rc = parse_key(p, keys, n_keys, scratch, &match)) < 0 ||
                (rc = expect_colon(p)) < 0)
                return rc;
            if (match < n_keys) {
                entidx_json_value v;

                if ((rc = parse_value(p, scratch, 1, &v)) < 0)
                    return rc;
                vals[match] = v;
                /* The same name may be wanted more than once (signatures first:
                   this runs for every wanted value of every record) */
                for (size_t i = match + 1; i < n_keys; i++) {
                    if ((p->key_sigs == NULL || p->key_sigs[i] == p->key_sigs[match]) &&
                        strcmp(keys[i], keys[match]) == 0)
                        vals[i] = v;
                }
            } else if (p->pos < p->len && (p->s[p->pos] == '{' || p->s[p->pos] == '[')) {
                if ((rc = skip_container(p, 1)) < 0)
                    return rc;
            } else if ((rc = skip_scalar(p)) < 0) {
                return rc;
            }
            skip_ws(p);
            if (p->pos >= p->len)
                return parse_fail(p, p->pos, "unexpected end of input");
            if (p->s[p->pos] == '}') {
                p->pos++;
                break;
            }
            if (p->s[p->pos] != ',')
                return parse_fail(p, p->pos, "expected ',' or '}' in object");
            p->pos++;
            skip_ws(p);
        }
    }
    skip_ws(p);
    if (p->pos < p->len)
        return parse_fail(p, p->pos, "unexpected data after the JSON object");
    return ENTIDX_OK;
}

static int json_fields(const char *line, size_t len, const char *const *keys, size_t n_keys,
                       entidx_json_value *vals, entidx_buf *scratch, size_t *err_off,
                       const char **msg, int plain)
{
    json_parser p;
    uint32_t sigs[32];
    int rc;

    p.plain = plain;
    p.s = (const uint8_t *)line;
    p.len = line != NULL ? len : 0;
    p.pos = 0;
    p.err_off = 0;
    p.msg = NULL;
    p.key_sigs = n_keys <= ENTIDX_ARRAY_SIZE(sigs) ? sigs : NULL;
    entidx_buf_clear(scratch);
    for (size_t i = 0; i < n_keys; i++) {
        vals[i].type = ENTIDX_JSON_ABSENT;
        vals[i].off = 0;
        vals[i].len = 0;
        if (p.key_sigs != NULL)
            sigs[i] = key_sig(keys[i], strlen(keys[i]));
    }
    rc = parse_object(&p, keys, n_keys, vals, scratch);
    if (rc == ENTIDX_OK)
        return ENTIDX_OK;
    if (rc != ENTIDX_EPARSE) {
        p.err_off = p.pos;
        p.msg = rc == ENTIDX_ELIMIT ? "record too large for the scratch buffer" : "out of memory";
    }
    if (err_off != NULL)
        *err_off = p.err_off;
    if (msg != NULL)
        *msg = p.msg;
    return rc;
}

int entidx_json_fields(const char *line, size_t len, const char *const *keys, size_t n_keys,
                       entidx_json_value *vals, entidx_buf *scratch, size_t *err_off,
                       const char **msg)
{
    return json_fields(line, len, keys, n_keys, vals, scratch, err_off, msg, 0);
}

int entidx__json_fields_plain(const char *line, size_t len, const char *const *keys, size_t n_keys,
                              entidx_json_value *vals, entidx_buf *scratch, size_t *err_off,
                              const char **msg)
{
    return json_fields(line, len, keys, n_keys, vals, scratch, err_off, msg, 1);
}
