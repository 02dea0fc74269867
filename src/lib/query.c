/* SPDX-License-Identifier: MIT */
/*
 * query.c - parse entity expressions (grammar in entidx/query.h) into a tree
 * and evaluate it over postings as sorted document lists.
 */
#include "internal.h"
#include "entidx/query.h"
#include "gazetteer_int.h"
#include "normalize.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_DEPTH      100
#define MAX_NODES      10000 /* bounds the evaluator's recursion too */
#define MAX_QUERY      65536
#define MAX_JOIN_WORDS 8
#define MAX_MATCHES    16

enum { N_TERM, N_AND, N_OR, N_NOT, N_DATE };

typedef struct node {
    int kind;
    int left, right;     /* child nodes (N_NOT uses left) */
    size_t ent0, n_ent;  /* N_TERM: entities[ent0 .. ent0+n_ent), their union */
    uint32_t min_count;  /* N_TERM: mentions a document needs (>= 1) */
    char lo[11], hi[11]; /* N_DATE: inclusive YYYY-MM-DD bounds ("" = open) */
    size_t pos, len;     /* the term's text in the expression, for explain */
} node;

typedef struct lex_tok {
    enum { T_END, T_LPAR, T_RPAR, T_AND, T_OR, T_NOT, T_WORD, T_QUOTED } kind;
    size_t pos; /* byte offset in the expression */
    size_t end; /* one past the token */
} lex_tok;

struct entidx_query {
    const entidx_index *ix;
    node *nodes;
    size_t n_nodes, cap_nodes;
    uint32_t *ents; /* term entity lists, back to back */
    size_t n_ents, cap_ents;
    uint32_t *named; /* distinct entities named by name or id, in order */
    size_t n_named, cap_named;
    int root;
    unsigned flags; /* ENTIDX_QUERY_* */
    char *src;      /* a copy of the expression, for explain */
    /* parsing state */
    const char *expr;
    size_t len;
    lex_tok tok;
    entidx_buf text; /* decoded quoted string / joined words */
    int depth;
};

static int syntax(size_t pos, const char *msg, entidx_error *err)
{
    return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, NULL, 0, pos + 1, "%s", msg);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int word_is(const entidx_query *q, const lex_tok *t, const char *kw)
{
    size_t n = strlen(kw);
    if (t->end - t->pos != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = q->expr[t->pos + i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != kw[i])
            return 0;
    }
    return 1;
}

/* Read the token starting at or after `pos` into *t. */
static int lex_at(entidx_query *q, size_t pos, lex_tok *t, entidx_error *err)
{
    while (pos < q->len && is_space(q->expr[pos]))
        pos++;
    t->pos = pos;
    if (pos >= q->len) {
        t->kind = T_END;
        t->end = pos;
        return ENTIDX_OK;
    }
    if (q->expr[pos] == '(' || q->expr[pos] == ')') {
        t->kind = q->expr[pos] == '(' ? T_LPAR : T_RPAR;
        t->end = pos + 1;
        return ENTIDX_OK;
    }
    if (q->expr[pos] == '"') {
        size_t i = pos + 1;
        while (i < q->len && q->expr[i] != '"')
            i += (q->expr[i] == '\\' && i + 1 < q->len) ? 2 : 1;
        if (i >= q->len)
            return syntax(pos, "unterminated quoted name", err);
        t->kind = T_QUOTED;
        t->end = i + 1;
        /* a minimum count right after the quote: "New Zealand">=3 */
        if (t->end + 1 < q->len && q->expr[t->end] == '>' && q->expr[t->end + 1] == '=') {
            t->end += 2;
            while (t->end < q->len && q->expr[t->end] >= '0' && q->expr[t->end] <= '9')
                t->end++;
        }
        return ENTIDX_OK;
    }
    t->kind = T_WORD;
    t->end = pos;
    while (t->end < q->len && !is_space(q->expr[t->end]) && q->expr[t->end] != '(' &&
           q->expr[t->end] != ')') {
        if (q->expr[t->end] == '"') { /* ORG:"Apple Inc." */
            size_t i = t->end + 1;
            while (i < q->len && q->expr[i] != '"')
                i += (q->expr[i] == '\\' && i + 1 < q->len) ? 2 : 1;
            if (i >= q->len)
                return syntax(t->end, "unterminated quoted name", err);
            t->end = i;
        }
        t->end++;
    }
    if (word_is(q, t, "AND"))
        t->kind = T_AND;
    else if (word_is(q, t, "OR"))
        t->kind = T_OR;
    else if (word_is(q, t, "NOT"))
        t->kind = T_NOT;
    return ENTIDX_OK;
}

static int advance(entidx_query *q, entidx_error *err)
{
    return lex_at(q, q->tok.end, &q->tok, err);
}

static int new_node(entidx_query *q, int kind, int left, int right, int *out, entidx_error *err)
{
    if (q->n_nodes >= MAX_NODES)
        return ENTIDX_FAIL_AT(err, ENTIDX_ELIMIT, NULL, 0, q->tok.pos + 1,
                              "query has more than %d terms and operators", MAX_NODES);
    if (entidx_array_grow((void **)&q->nodes, &q->cap_nodes, q->n_nodes + 1, sizeof(node)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
    q->nodes[q->n_nodes].kind = kind;
    q->nodes[q->n_nodes].left = left;
    q->nodes[q->n_nodes].right = right;
    q->nodes[q->n_nodes].ent0 = q->n_ents;
    q->nodes[q->n_nodes].n_ent = 0;
    q->nodes[q->n_nodes].min_count = 1;
    q->nodes[q->n_nodes].lo[0] = q->nodes[q->n_nodes].hi[0] = '\0';
    q->nodes[q->n_nodes].pos = q->tok.pos;
    q->nodes[q->n_nodes].len = q->tok.end - q->tok.pos;
    *out = (int)q->n_nodes++;
    return ENTIDX_OK;
}

static int add_entity(entidx_query *q, int term, uint32_t e, int named, entidx_error *err)
{
    if (entidx_array_grow((void **)&q->ents, &q->cap_ents, q->n_ents + 1, sizeof(*q->ents)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
    q->ents[q->n_ents++] = e;
    q->nodes[term].n_ent++;
    if (named) {
        for (size_t i = 0; i < q->n_named; i++) {
            if (q->named[i] == e)
                return ENTIDX_OK;
        }
        if (entidx_array_grow((void **)&q->named, &q->cap_named, q->n_named + 1,
                              sizeof(*q->named)) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
        q->named[q->n_named++] = e;
    }
    return ENTIDX_OK;
}

/* Levenshtein distance between two short byte strings, capped at 255. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    unsigned row[65];
    if (la > 64 || lb > 64)
        return 255;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* "unknown entity 'X'" with up to three close names (by folded edit distance). */
static int unknown_name(entidx_query *q, const char *name, size_t len, size_t pos,
                        entidx_error *err)
{
    entidx_buf want = ENTIDX_BUF_INIT, cand = ENTIDX_BUF_INIT;
    const entidx_gazetteer *gz;
    uint32_t best[3] = {0, 0, 0};
    unsigned best_d[3] = {255, 255, 255};
    char sugg[200] = "";
    unsigned limit;
    int rc;

    /* the suggestions read every name and alias: the whole entity table */
    if ((rc = entidx_index_load_gazetteer(q->ix, &gz, err)) < 0)
        return rc;
    if (entidx_fold_string(&want, name, len) < 0 || want.len == 0) {
        entidx_buf_dispose(&want);
        return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, pos + 1, "unknown entity '%.*s'",
                              (int)ENTIDX_MIN(len, 60), name);
    }
    limit = want.len < 6 ? 1 : (unsigned)(want.len / 3);
    for (uint32_t e = 0; e < entidx_gazetteer_count(gz); e++) {
        entidx_entity info;
        entidx_gazetteer_entity(gz, e, &info);
        for (size_t k = 0; k <= info.n_aliases; k++) {
            const char *s = k == 0 ? info.name : entidx_gazetteer_alias(gz, e, k - 1);
            unsigned d;
            entidx_buf_clear(&cand);
            if (entidx_fold_string(&cand, s, strlen(s)) < 0)
                continue;
            d = edit_distance(want.ptr, want.len, cand.ptr ? cand.ptr : "", cand.len);
            if (d > limit || d >= best_d[2] || (best_d[0] < 255 && e == best[0]) ||
                (best_d[1] < 255 && e == best[1]))
                continue;
            best[2] = e;
            best_d[2] = d;
            for (int i = 2; i > 0 && best_d[i] < best_d[i - 1]; i--) {
                uint32_t te = best[i];
                unsigned td = best_d[i];
                best[i] = best[i - 1];
                best_d[i] = best_d[i - 1];
                best[i - 1] = te;
                best_d[i - 1] = td;
            }
        }
    }
    for (int i = 0; i < 3 && best_d[i] < 255; i++) {
        entidx_entity info;
        size_t n = strlen(sugg);
        entidx_gazetteer_entity(gz, best[i], &info);
        snprintf(sugg + n, sizeof(sugg) - n, "%s'%s' (%s)", i ? ", " : "; did you mean ", info.name,
                 info.id);
    }
    entidx_buf_dispose(&want);
    entidx_buf_dispose(&cand);
    return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, pos + 1, "unknown entity '%.*s'%s",
                          (int)ENTIDX_MIN(len, 60), name, sugg);
}

/*
 * Resolve a name (of entity type `type`, or any type when NULL) and add its
 * entity to term node `term`. Returns 1, 0 when nothing matches, or an error
 * (an ambiguous name lists the entities, unless ENTIDX_QUERY_ALL_MATCHES asks
 * for all of them; OOM).
 */
static int resolve(entidx_query *q, int term, const char *type, const char *name, size_t len,
                   size_t pos, entidx_error *err)
{
    entidx_lookup_match m[MAX_MATCHES];
    uint32_t keep[MAX_MATCHES];
    size_t n, n_keep = 0, n_ok = 0, pick = 0;
    char list[200] = "";
    int rc;

    if ((rc = entidx_index_lookup(q->ix, name, len, m, MAX_MATCHES, &n, err)) < 0)
        return rc;
    for (size_t i = 0; i < ENTIDX_MIN(n, MAX_MATCHES); i++) {
        entidx_entity info;
        if ((rc = entidx_index_entity(q->ix, m[i].entity, &info, err)) < 0)
            return rc;
        if (type != NULL && strcmp(info.type, type) != 0)
            continue;
        if (m[i].case_ok) {
            n_ok++;
            pick = n_keep;
        }
        keep[n_keep++] = m[i].entity;
    }
    if (n_keep == 0)
        return 0;
    if (n_keep == 1 || n_ok == 1)
        return (rc = add_entity(q, term, keep[n_keep == 1 ? 0 : pick], 1, err)) < 0 ? rc : 1;
    if (q->flags & ENTIDX_QUERY_ALL_MATCHES) {
        for (size_t i = 0; i < n_keep; i++) {
            if ((rc = add_entity(q, term, keep[i], 1, err)) < 0)
                return rc;
        }
        return 1;
    }
    for (size_t i = 0; i < n_keep; i++) {
        entidx_entity info;
        size_t used = strlen(list);
        if ((rc = entidx_index_entity(q->ix, keep[i], &info, err)) < 0)
            return rc;
        snprintf(list + used, sizeof(list) - used, "%s%s:%s (%s)", i ? ", " : "", "id", info.id,
                 info.name);
    }
    return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, pos + 1,
                          "ambiguous name '%.*s' matches %zu entities: %s (name one with id:ID, "
                          "or TYPE:NAME, or ask for all of them)",
                          (int)ENTIDX_MIN(len, 60), name, n_keep, list);
}

static int parse_or(entidx_query *q, int *out, entidx_error *err);

/* A date bound "YYYY", "YYYY-MM" or "YYYY-MM-DD" as YYYY-MM-DD (`hi`: the last day). */
static int date_bound(const char *s, size_t len, int hi, char out[11])
{
    static const char *const lo_fill = "0000-01-01", *const hi_fill = "9999-12-31";
    if (len != 4 && len != 7 && len != 10)
        return -1;
    for (size_t i = 0; i < len; i++) {
        int digit = s[i] >= '0' && s[i] <= '9';
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
            return -1;
    }
    if (len >= 7 && (memcmp(s + 5, "01", 2) < 0 || memcmp(s + 5, "12", 2) > 0))
        return -1; /* month 01..12 */
    if (len == 10 && (memcmp(s + 8, "01", 2) < 0 || memcmp(s + 8, "31", 2) > 0))
        return -1; /* day 01..31 */
    memcpy(out, hi ? hi_fill : lo_fill, 11);
    memcpy(out, s, len);
    return 0;
}

/* date:FROM..TO with either end open. */
static int parse_date(entidx_query *q, int term, const char *s, size_t len, size_t pos,
                      entidx_error *err)
{
    const char *dots = NULL;
    node *nd = &q->nodes[term];
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    }
    nd->kind = N_DATE;
    if (dots == NULL) { /* one day, month or year */
        if (date_bound(s, len, 0, nd->lo) < 0 || date_bound(s, len, 1, nd->hi) < 0)
            goto bad;
        return ENTIDX_OK;
    }
    if ((dots > s && date_bound(s, (size_t)(dots - s), 0, nd->lo) < 0) ||
        (dots + 2 < s + len && date_bound(dots + 2, (size_t)(s + len - dots - 2), 1, nd->hi) < 0) ||
        (dots == s && dots + 2 == s + len))
        goto bad;
    if (nd->lo[0] && nd->hi[0] && strcmp(nd->lo, nd->hi) > 0)
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, NULL, 0, pos + 1,
                              "date range '%.*s' ends before it starts", (int)ENTIDX_MIN(len, 60),
                              s);
    return ENTIDX_OK;
bad:
    return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, NULL, 0, pos + 1,
                          "bad date range '%.*s' (expected date:YYYY-MM-DD..YYYY-MM-DD; a side may "
                          "be left open or shortened to YYYY-MM or YYYY)",
                          (int)ENTIDX_MIN(len, 60), s);
}

/* Is s[0..len) the type of some entity? 1, 0, or an error (a damaged entity record). */
static int known_type(const entidx_query *q, const char *s, size_t len, entidx_error *err)
{
    for (uint32_t i = 0; i < entidx_index_entity_count(q->ix); i++) {
        entidx_entity info;
        int rc = entidx_index_entity(q->ix, i, &info, err);
        if (rc < 0)
            return rc;
        if (strlen(info.type) == len && memcmp(info.type, s, len) == 0)
            return 1;
    }
    return 0;
}

/* Copy a name into q->text, removing the quotes (and \-escapes) of a quoted one. */
static int take_name(entidx_query *q, const char *s, size_t len, entidx_error *err)
{
    entidx_buf_clear(&q->text);
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        for (size_t i = 1; i + 1 < len; i++) {
            char c = s[i];
            if (c == '\\' && i + 2 < len)
                c = s[++i];
            if (entidx_buf_putc(&q->text, c) < 0)
                return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
        }
        return ENTIDX_OK;
    }
    if (entidx_buf_put(&q->text, s, len) < 0 || entidx_buf_putc(&q->text, '\0') < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
    q->text.len--;
    return ENTIDX_OK;
}

static int parse_term(entidx_query *q, int *out, entidx_error *err)
{
    lex_tok t = q->tok;
    const char *s = q->expr + t.pos;
    size_t len = t.end - t.pos, colon = 0;
    char type[64];
    int rc, term = -1, quoted;

    if ((rc = new_node(q, N_TERM, -1, -1, &term, err)) < 0)
        return rc;
    *out = term;
    /* NAME>=N: a minimum number of mentions */
    for (size_t i = len; i >= 3; i--) {
        if (s[i - 1] < '0' || s[i - 1] > '9') {
            if (i < len && s[i - 1] == '=' && s[i - 2] == '>') {
                unsigned long v = strtoul(s + i, NULL, 10);
                if (v == 0 || v > UINT32_MAX || len - i > 9)
                    return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, NULL, 0, t.pos + i + 1,
                                          "a minimum count must be a number from 1 to 999999999");
                q->nodes[term].min_count = (uint32_t)v;
                len = i - 2;
            }
            break;
        }
    }
    if (len == 0)
        return syntax(t.pos, "expected a name before '>='", err);
    if (t.kind == T_WORD && len > 5 && memcmp(s, "date:", 5) == 0) {
        if (q->nodes[term].min_count > 1)
            return syntax(t.pos, "a date range takes no minimum count", err);
        if ((rc = parse_date(q, term, s + 5, len - 5, t.pos, err)) < 0)
            return rc;
        return advance(q, err);
    }
    if (t.kind == T_WORD && len > 5 && memcmp(s, "type:", 5) == 0) {
        size_t n0 = q->n_ents;
        for (uint32_t i = 0; i < entidx_index_entity_count(q->ix); i++) {
            entidx_entity info;
            if ((rc = entidx_index_entity(q->ix, i, &info, err)) < 0)
                return rc;
            if (strlen(info.type) == len - 5 && memcmp(info.type, s + 5, len - 5) == 0 &&
                (rc = add_entity(q, term, i, 0, err)) < 0)
                return rc;
        }
        if (q->n_ents == n0)
            return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, t.pos + 1,
                                  "no entity has type '%.*s'", (int)ENTIDX_MIN(len - 5, 60), s + 5);
        return advance(q, err);
    }
    if (t.kind == T_WORD && len > 3 && memcmp(s, "id:", 3) == 0) {
        uint32_t e;
        if ((rc = entidx_index_find_id(q->ix, s + 3, len - 3, &e, err)) == ENTIDX_ECORRUPT)
            return rc;
        if (rc < 0)
            return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, t.pos + 1,
                                  "unknown entity id '%.*s'", (int)ENTIDX_MIN(len - 3, 60), s + 3);
        if ((rc = add_entity(q, term, e, 1, err)) < 0)
            return rc;
        return advance(q, err);
    }
    /* TYPE:NAME restricts the name to entities of that type (ORG:Apple) */
    type[0] = '\0';
    if (t.kind == T_WORD) {
        for (size_t i = 0; i < len && i < sizeof(type) - 1; i++) {
            if (s[i] == ':') {
                colon = i;
                break;
            }
            if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'))
                break;
        }
        int is_type = 0;
        if (colon > 0 && colon + 1 < len && (is_type = known_type(q, s, colon, err)) < 0)
            return is_type;
        if (is_type) {
            memcpy(type, s, colon);
            type[colon] = '\0';
            s += colon + 1;
            len -= colon + 1;
        } else {
            colon = 0;
        }
    }
    quoted = len >= 2 && s[0] == '"' && s[len - 1] == '"';
    if ((rc = take_name(q, s, len, err)) < 0)
        return rc;
    rc = resolve(q, term, type[0] ? type : NULL, q->text.ptr ? q->text.ptr : "", q->text.len, t.pos,
                 err);
    if (rc == 0 && !quoted && q->nodes[term].min_count == 1 && t.kind == T_WORD) {
        /* "New Zealand" typed without quotes: try joining the following bare words */
        lex_tok next = t;
        for (int k = 1; rc == 0 && k < MAX_JOIN_WORDS; k++) {
            if ((rc = lex_at(q, next.end, &next, err)) < 0)
                return rc;
            if (next.kind != T_WORD)
                break;
            if (entidx_buf_putc(&q->text, ' ') < 0 ||
                entidx_buf_put(&q->text, q->expr + next.pos, next.end - next.pos) < 0)
                return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
            rc = resolve(q, term, type[0] ? type : NULL, q->text.ptr, q->text.len, t.pos, err);
            if (rc == 1) {
                q->tok = next; /* consumed through `next` */
                q->nodes[term].len = next.end - q->nodes[term].pos;
            }
        }
    }
    if (rc == 0) {
        if (type[0]) {
            if ((rc = take_name(q, s, len, err)) < 0)
                return rc;
            return ENTIDX_FAIL_AT(err, ENTIDX_ENOTFOUND, NULL, 0, t.pos + 1,
                                  "no %s is called '%.*s'", type, (int)ENTIDX_MIN(q->text.len, 60),
                                  q->text.ptr ? q->text.ptr : "");
        }
        if ((rc = take_name(q, s, len, err)) < 0)
            return rc;
        return unknown_name(q, q->text.ptr ? q->text.ptr : "", q->text.len, t.pos, err);
    }
    if (rc < 0)
        return rc;
    return advance(q, err);
}

static int parse_not(entidx_query *q, int *out, entidx_error *err)
{
    int rc, child;

    if (++q->depth > MAX_DEPTH)
        return syntax(q->tok.pos, "query nested too deeply", err);
    switch (q->tok.kind) {
    case T_NOT:
        if ((rc = advance(q, err)) < 0 || (rc = parse_not(q, &child, err)) < 0)
            return rc;
        rc = new_node(q, N_NOT, child, -1, out, err);
        break;
    case T_LPAR: {
        size_t open = q->tok.pos;
        if ((rc = advance(q, err)) < 0 || (rc = parse_or(q, out, err)) < 0)
            return rc;
        if (q->tok.kind != T_RPAR)
            return syntax(open, "unbalanced '(': missing ')'", err);
        rc = advance(q, err);
        break;
    }
    case T_WORD:
    case T_QUOTED: rc = parse_term(q, out, err); break;
    case T_END: return syntax(q->tok.pos, "expected a name, 'NOT' or '(' at the end", err);
    case T_RPAR: return syntax(q->tok.pos, "unexpected ')'", err);
    default:
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, NULL, 0, q->tok.pos + 1,
                              "expected a name, 'NOT' or '(' before '%.*s'",
                              (int)(q->tok.end - q->tok.pos), q->expr + q->tok.pos);
    }
    q->depth--;
    return rc;
}

static int parse_and(entidx_query *q, int *out, entidx_error *err)
{
    int rc, right;

    if ((rc = parse_not(q, out, err)) < 0)
        return rc;
    for (;;) {
        int k = q->tok.kind;
        if (k == T_AND) {
            if ((rc = advance(q, err)) < 0)
                return rc;
        } else if (k != T_NOT && k != T_LPAR && k != T_WORD && k != T_QUOTED) {
            return ENTIDX_OK;
        }
        if ((rc = parse_not(q, &right, err)) < 0 ||
            (rc = new_node(q, N_AND, *out, right, out, err)) < 0)
            return rc;
    }
}

static int parse_or(entidx_query *q, int *out, entidx_error *err)
{
    int rc, right;

    if ((rc = parse_and(q, out, err)) < 0)
        return rc;
    while (q->tok.kind == T_OR) {
        if ((rc = advance(q, err)) < 0 || (rc = parse_and(q, &right, err)) < 0 ||
            (rc = new_node(q, N_OR, *out, right, out, err)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

int entidx_query_parse(entidx_query **out, const entidx_index *ix, const char *expr,
                       entidx_error *err)
{
    return entidx_query_parse_flags(out, ix, expr, 0, err);
}

int entidx_query_parse_flags(entidx_query **out, const entidx_index *ix, const char *expr,
                             unsigned flags, entidx_error *err)
{
    entidx_query *q;
    int rc;

    *out = NULL;
    q = entidx_calloc(1, sizeof(*q));
    if (q == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
    q->ix = ix;
    q->flags = flags;
    q->expr = expr;
    q->len = strlen(expr);
    if (q->len > MAX_QUERY) {
        rc = ENTIDX_FAIL(err, ENTIDX_ELIMIT, "query longer than %d bytes", MAX_QUERY);
        goto fail;
    }
    if ((q->src = entidx_strndup(expr, q->len)) == NULL) {
        rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory parsing query");
        goto fail;
    }
    if ((rc = lex_at(q, 0, &q->tok, err)) < 0)
        goto fail;
    if (q->tok.kind == T_END) {
        rc = syntax(0, "empty query", err);
        goto fail;
    }
    if ((rc = parse_or(q, &q->root, err)) < 0)
        goto fail;
    if (q->tok.kind != T_END) {
        rc = syntax(q->tok.pos,
                    q->tok.kind == T_RPAR ? "unbalanced ')'" : "unexpected text after the query",
                    err);
        goto fail;
    }
    entidx_buf_dispose(&q->text);
    q->expr = NULL;
    *out = q;
    return ENTIDX_OK;
fail:
    entidx_query_free(q);
    return rc;
}

void entidx_query_free(entidx_query *q)
{
    if (q == NULL)
        return;
    entidx_free(q->nodes);
    entidx_free(q->ents);
    entidx_free(q->named);
    entidx_free(q->src);
    entidx_buf_dispose(&q->text);
    entidx_free(q);
}

size_t entidx_query_entity_count(const entidx_query *q)
{
    return q->n_named;
}

uint32_t entidx_query_entity(const entidx_query *q, size_t i)
{
    return q->named[i];
}

/* ---- evaluation over sorted document lists ---- */

typedef struct doclist {
    uint32_t *v;
    size_t n, cap;
} doclist;

static int dl_push(doclist *l, uint32_t d)
{
    if (l->n == l->cap && entidx_array_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return ENTIDX_ENOMEM;
    l->v[l->n++] = d;
    return ENTIDX_OK;
}

static int eval(const entidx_query *q, int id, doclist *out, entidx_error *err);

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The union of the postings of the term's entities, with at least min_count mentions. */
static int eval_term(const entidx_query *q, const node *nd, doclist *out, entidx_error *err)
{
    int rc = ENTIDX_OK;

    for (size_t i = 0; rc == ENTIDX_OK && i < nd->n_ent; i++) {
        entidx_iter it;
        uint32_t d, cnt;
        if ((rc = entidx_index_postings(q->ix, q->ents[nd->ent0 + i], &it, err)) < 0)
            break;
        while ((rc = entidx_iter_next(&it, &d, &cnt, err)) == 1) {
            if (cnt >= nd->min_count && dl_push(out, d) < 0) {
                rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory evaluating query");
                break;
            }
        }
    }
    if (rc == ENTIDX_OK && nd->n_ent > 1 && out->n > 1) {
        size_t w = 1;
        qsort(out->v, out->n, sizeof(*out->v), cmp_u32);
        for (size_t r = 1; r < out->n; r++) {
            if (out->v[r] != out->v[w - 1])
                out->v[w++] = out->v[r];
        }
        out->n = w;
    }
    if (rc < 0) {
        entidx_free(out->v);
        out->v = NULL;
    }
    return rc;
}

/* Is document d's date inside the N_DATE node's range? Undated documents are not. */
static int date_in(const entidx_query *q, const node *nd, uint32_t d, int *in, entidx_error *err)
{
    entidx_doc_info info;
    char day[11];
    int rc = entidx_index_doc(q->ix, d, &info, err);
    *in = 0;
    if (rc < 0)
        return rc;
    if (info.date_len < 10 || info.date[4] != '-' || info.date[7] != '-')
        return ENTIDX_OK;
    memcpy(day, info.date, 10);
    day[10] = '\0';
    *in = (!nd->lo[0] || strcmp(day, nd->lo) >= 0) && (!nd->hi[0] || strcmp(day, nd->hi) <= 0);
    return ENTIDX_OK;
}

/* Keep the documents of `in` that satisfy the date node, into out. */
static int filter_date(const entidx_query *q, const node *nd, const doclist *in, doclist *out,
                       entidx_error *err)
{
    for (size_t i = 0; i < in->n; i++) {
        int ok, rc;
        if ((rc = date_in(q, nd, in->v[i], &ok, err)) < 0)
            return rc;
        if (ok && dl_push(out, in->v[i]) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory evaluating query");
    }
    return ENTIDX_OK;
}

/*
 * Documents of `in` that a single-entity term matches (or, with `keep` = 0,
 * does not match), probing its postings with skips.
 */
static int probe_term(const entidx_query *q, const node *nd, const doclist *in, int keep,
                      doclist *out, entidx_error *err)
{
    entidx_iter it;
    uint32_t d = 0, cnt = 0;
    int rc, have = 0, more = 1;

    if ((rc = entidx_index_postings(q->ix, q->ents[nd->ent0], &it, err)) < 0)
        return rc;
    for (size_t i = 0; i < in->n; i++) {
        int match;
        if (more && (!have || d < in->v[i])) {
            rc = entidx_iter_skip_to(&it, in->v[i], &d, &cnt, err);
            if (rc < 0)
                return rc;
            more = rc == 1;
            have = 1;
        }
        if (!more && keep)
            break;
        match = more && d == in->v[i] && cnt >= nd->min_count;
        if (match == keep && dl_push(out, in->v[i]) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory evaluating query");
    }
    return ENTIDX_OK;
}

/* Documents an N_TERM node's postings hold (an upper bound of what it matches). */
static uint64_t term_size(const entidx_query *q, const node *nd)
{
    uint64_t total = 0;
    for (size_t i = 0; i < nd->n_ent; i++) {
        uint32_t nd_docs;
        uint64_t nm;
        entidx_index_entity_stats(q->ix, q->ents[nd->ent0 + i], &nd_docs, &nm);
        total += nd_docs;
    }
    return total;
}

static int combine(int kind, const doclist *a, const doclist *b, uint32_t n_docs, doclist *out)
{
    size_t i = 0, j = 0;
    if (kind == N_NOT) {
        for (uint32_t d = 0; d < n_docs; d++) {
            if (i < a->n && a->v[i] == d) {
                i++;
                continue;
            }
            if (dl_push(out, d) < 0)
                return ENTIDX_ENOMEM;
        }
        return ENTIDX_OK;
    }
    while (i < a->n || j < b->n) {
        uint32_t x = i < a->n ? a->v[i] : UINT32_MAX, y = j < b->n ? b->v[j] : UINT32_MAX;
        int take = kind == N_OR || (i < a->n && j < b->n && x == y);
        uint32_t d = x <= y ? x : y;
        if (kind == N_AND && (i >= a->n || j >= b->n))
            break;
        if (take && dl_push(out, d) < 0)
            return ENTIDX_ENOMEM;
        i += x == d && i < a->n;
        j += y == d && j < b->n;
    }
    return ENTIDX_OK;
}

/*
 * AND where one side is a date range or a single-entity term much longer
 * than the other side's result: evaluate the other side, then filter it
 * (dates) or probe the term's postings with skips, so `rare AND frequent`
 * costs the rare side. Returns 1 when it handled the node.
 */
static int eval_and_filtered(const entidx_query *q, const node *nd, doclist *out, entidx_error *err)
{
    const node *l = &q->nodes[nd->left], *r = &q->nodes[nd->right];
    doclist a = {NULL, 0, 0};
    const node *filter = NULL;
    int rc, other;

    if (r->kind == N_DATE || l->kind == N_DATE) {
        filter = r->kind == N_DATE ? r : l;
        other = r->kind == N_DATE ? nd->left : nd->right;
        if (q->nodes[other].kind == N_DATE) /* two ranges: intersect by evaluation */
            return 0;
    } else if (r->kind == N_TERM && r->n_ent == 1) {
        filter = r;
        other = nd->left;
    } else if (l->kind == N_TERM && l->n_ent == 1) {
        filter = l;
        other = nd->right;
    } else {
        return 0;
    }
    if (filter->kind == N_TERM) {
        const node *o = &q->nodes[other];
        /* worth it only when the other side is clearly shorter */
        if (o->kind != N_TERM || term_size(q, o) * 8 > term_size(q, filter))
            return 0;
    }
    if ((rc = eval(q, other, &a, err)) < 0)
        return rc;
    rc = filter->kind == N_DATE ? filter_date(q, filter, &a, out, err)
                                : probe_term(q, filter, &a, 1, out, err);
    entidx_free(a.v);
    if (rc < 0) {
        entidx_free(out->v);
        out->v = NULL;
        return rc;
    }
    return 1;
}

/*
 * X AND NOT Y: the documents of X that Y does not match, without the
 * complement of Y over the whole collection; a single-entity Y is probed
 * with skips. Returns 1 when it handled the node.
 */
static int eval_and_not(const entidx_query *q, const node *nd, doclist *out, entidx_error *err)
{
    const node *l = &q->nodes[nd->left], *r = &q->nodes[nd->right];
    const node *neg;
    doclist a = {NULL, 0, 0}, b = {NULL, 0, 0};
    int rc, other;

    if (r->kind == N_NOT && l->kind != N_NOT) {
        neg = &q->nodes[r->left];
        other = nd->left;
    } else if (l->kind == N_NOT && r->kind != N_NOT) {
        neg = &q->nodes[l->left];
        other = nd->right;
    } else {
        return 0;
    }
    if ((rc = eval(q, other, &a, err)) < 0)
        return rc;
    if (neg->kind == N_TERM && neg->n_ent == 1) {
        rc = probe_term(q, neg, &a, 0, out, err);
    } else if ((rc = eval(q, (int)(neg - q->nodes), &b, err)) == ENTIDX_OK) {
        size_t j = 0;
        for (size_t i = 0; i < a.n && rc == ENTIDX_OK; i++) {
            while (j < b.n && b.v[j] < a.v[i])
                j++;
            if ((j == b.n || b.v[j] != a.v[i]) && dl_push(out, a.v[i]) < 0)
                rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory evaluating query");
        }
    }
    entidx_free(a.v);
    entidx_free(b.v);
    if (rc < 0) {
        entidx_free(out->v);
        out->v = NULL;
        return rc;
    }
    return 1;
}

static int eval(const entidx_query *q, int id, doclist *out, entidx_error *err)
{
    const node *nd = &q->nodes[id];
    doclist a = {NULL, 0, 0}, b = {NULL, 0, 0};
    int rc;

    out->v = NULL;
    out->n = out->cap = 0;
    if (nd->kind == N_TERM)
        return eval_term(q, nd, out, err);
    if (nd->kind == N_DATE) {
        for (uint32_t d = 0; d < entidx_index_doc_count(q->ix); d++) {
            int ok;
            if ((rc = date_in(q, nd, d, &ok, err)) < 0 || (ok && (rc = dl_push(out, d)) < 0)) {
                entidx_free(out->v);
                out->v = NULL;
                return rc == ENTIDX_ENOMEM ? ENTIDX_FAIL(err, rc, "out of memory evaluating query")
                                           : rc;
            }
        }
        return ENTIDX_OK;
    }
    if (nd->kind == N_AND && ((rc = eval_and_not(q, nd, out, err)) != 0 ||
                              (rc = eval_and_filtered(q, nd, out, err)) != 0))
        return rc < 0 ? rc : ENTIDX_OK;
    if ((rc = eval(q, nd->left, &a, err)) < 0)
        return rc;
    if (nd->kind != N_NOT && (rc = eval(q, nd->right, &b, err)) < 0) {
        entidx_free(a.v);
        return rc;
    }
    rc = combine(nd->kind, &a, &b, entidx_index_doc_count(q->ix), out);
    entidx_free(a.v);
    entidx_free(b.v);
    if (rc < 0) {
        entidx_free(out->v);
        out->v = NULL;
        return ENTIDX_FAIL(err, rc, "out of memory evaluating query");
    }
    return ENTIDX_OK;
}

int entidx_query_run(const entidx_query *q, uint32_t **docs, size_t *n_docs, entidx_error *err)
{
    doclist l;
    int rc = eval(q, q->root, &l, err);

    *docs = NULL;
    *n_docs = 0;
    if (rc < 0)
        return rc;
    *docs = l.v;
    *n_docs = l.n;
    return ENTIDX_OK;
}

void entidx_query_docs_free(uint32_t *docs)
{
    entidx_free(docs);
}

/* ---- explain ---- */

typedef struct out_text {
    char *buf;
    size_t size, used; /* used may exceed size: the length needed */
} out_text;

static void put_text(out_text *o, const char *fmt, ...) ENTIDX_PRINTF(2, 3);

static void put_text(out_text *o, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(o->used < o->size ? o->buf + o->used : NULL,
                  o->used < o->size ? o->size - o->used : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n;
}

static void explain_node(const entidx_query *q, int id, int depth, out_text *o)
{
    static const char *const names[] = {"TERM", "AND", "OR", "NOT", "DATE"};
    const node *nd = &q->nodes[id];
    put_text(o, "%*s", 2 * depth, "");
    if (nd->kind == N_TERM) {
        uint64_t docs = term_size(q, nd);
        put_text(o, "%.*s ->", (int)nd->len, q->src + nd->pos);
        for (size_t i = 0; i < nd->n_ent && i < 20; i++) {
            entidx_entity info;
            if (entidx_index_entity(q->ix, q->ents[nd->ent0 + i], &info, NULL) < 0)
                put_text(o, "%s entity %u (unreadable)", i ? "," : "",
                         (unsigned)q->ents[nd->ent0 + i]);
            else
                put_text(o, "%s id:%s (%s, %s)", i ? "," : "", info.id, info.name, info.type);
        }
        if (nd->n_ent > 20)
            put_text(o, ", ... %zu entities in all", nd->n_ent);
        if (nd->min_count > 1)
            put_text(o, "; at least %u mentions", (unsigned)nd->min_count);
        put_text(o, "; postings: %llu documents\n", (unsigned long long)docs);
        return;
    }
    if (nd->kind == N_DATE) {
        put_text(o, "DATE %s .. %s\n", nd->lo[0] ? nd->lo : "(open)",
                 nd->hi[0] ? nd->hi : "(open)");
        return;
    }
    put_text(o, "%s\n", names[nd->kind]);
    explain_node(q, nd->left, depth + 1, o);
    if (nd->kind != N_NOT)
        explain_node(q, nd->right, depth + 1, o);
}

size_t entidx_query_explain(const entidx_query *q, char *buf, size_t size)
{
    out_text o = {buf, size, 0};
    if (size > 0)
        buf[0] = '\0';
    explain_node(q, q->root, 0, &o);
    return o.used;
}
