/* SPDX-License-Identifier: MIT */
/*
 * gazetteer.c - build the entity table and the alias dictionary (in two
 * steps: gazetteer_build.h; the TSV files are read by gazetteer_tsv.c), answer
 * questions about entities, and serialize the table for the index.
 *
 * Every name and alias is tokenized and folded exactly as corpus text is, and
 * stored under its key (folded tokens joined by ENTIDX_KEY_SEP). Each proper
 * prefix of a multi-word key is registered too, so the tagger can stop
 * extending a candidate as soon as no alias can continue it.
 */
#include "internal.h"
#include "gazetteer_build.h"
#include "name_lookup.h"
#include "utf8.h"
#include "varint.h"

#include <stdatomic.h>
#include <stdio.h>

static int pool_add(entidx_gazetteer *gz, const char *s, size_t len, uint32_t *off)
{
    int rc;
    if (gz->pool.len > UINT32_MAX - len - 1)
        return ENTIDX_ELIMIT;
    *off = (uint32_t)gz->pool.len;
    if ((rc = entidx_buf_put(&gz->pool, s, len)) < 0)
        return rc;
    return entidx_buf_put(&gz->pool, "", 1);
}

static const char *pool_str(const entidx_gazetteer *gz, uint32_t off)
{
    return gz->pool.ptr + off;
}

int entidx__gz_key(entidx_buf *key, const entidx_tokens *toks, size_t first, size_t n)
{
    int rc;
    entidx_buf_clear(key);
    for (size_t i = first; i < first + n; i++) {
        const entidx_token *t = &toks->v[i];
        if (i > first && (rc = entidx_buf_putc(key, ENTIDX_KEY_SEP)) < 0)
            return rc;
        if ((rc = entidx_buf_put(key, toks->norm.ptr + t->norm_off, t->norm_len)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

int entidx__gz_stem_key(entidx_buf *key, const entidx_tokens *toks, size_t first, size_t n,
                        entidx_stemmer *st)
{
    int rc;
    entidx_buf_clear(key);
    if ((rc = entidx_buf_putc(key, ENTIDX_STEM_MARK)) < 0)
        return rc;
    for (size_t i = first; i < first + n; i++) {
        const entidx_token *t = &toks->v[i];
        size_t len;
        const char *stem = entidx_stemmer_stem(st, toks->norm.ptr + t->norm_off, t->norm_len, &len);
        if (stem == NULL)
            return ENTIDX_ENOMEM;
        if ((i > first && (rc = entidx_buf_putc(key, ENTIDX_KEY_SEP)) < 0) ||
            (rc = entidx_buf_put(key, stem, len)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

const entidx_gz_key *entidx__gz_find_key(const entidx_gazetteer *gz, const char *key, size_t len)
{
    const uint32_t *v = entidx_dict_get(&gz->keydict, key, len);
    return v ? &gz->keys[*v] : NULL;
}

const entidx_gz_key *entidx__gz_find_key_hashed(const entidx_gazetteer *gz, const char *key,
                                                size_t len, uint64_t h)
{
    const uint32_t *v = entidx_dict_get_hashed(&gz->keydict, key, len, h);
    return v ? &gz->keys[*v] : NULL;
}

/* Set bit `bit` of a bit set (the filters of gazetteer_int.h). */
static void bit_set(uint8_t *set, uint64_t bit)
{
    set[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}

int entidx__gz_filter_add(entidx_gz_filter *f, uint64_t h)
{
    if (entidx_array_grow((void **)&f->hashes, &f->cap, f->n + 1, sizeof(*f->hashes)) < 0)
        return ENTIDX_ENOMEM;
    f->hashes[f->n++] = (uint32_t)(h >> 32);
    if (f->log2 == 0 || f->n * 16 > (size_t)1 << f->log2) {
        size_t log2 = f->log2 ? f->log2 + 2 : 15;
        uint8_t *bits;
        if (log2 > 31 || (bits = entidx_calloc_table((size_t)1 << (log2 - 3))) == NULL)
            return ENTIDX_ENOMEM;
        entidx_free(f->bits);
        f->bits = bits;
        f->log2 = log2;
        /* (h >> 32) >> (32 - log2) = h >> (64 - log2) */
        for (size_t i = 0; i < f->n; i++)
            bit_set(bits, f->hashes[i] >> (32 - log2));
    }
    bit_set(f->bits, h >> (64 - f->log2));
    return ENTIDX_OK;
}

void entidx__gz_filter_dispose(entidx_gz_filter *f)
{
    entidx_free(f->bits);
    entidx_free(f->hashes);
    memset(f, 0, sizeof(*f));
}

/* Field checks shared by the TSV parser and the index reader. */

static const struct {
    const char *name;
    uint8_t flag;
} flag_names[] = {{"demonym", ENTIDX_ALIAS_DEMONYM}, {"ambiguous", ENTIDX_ALIAS_AMBIGUOUS},
                  {"exact", ENTIDX_ALIAS_EXACT},     {"anycase", ENTIDX_ALIAS_ANYCASE},
                  {"stem", ENTIDX_ALIAS_STEM},       {"person", ENTIDX_ALIAS_PERSON},
                  {"cued", ENTIDX_ALIAS_CUED}};

const char *entidx_alias_flags_format(unsigned flags, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < ENTIDX_ARRAY_SIZE(flag_names); i++) {
        if (flags & flag_names[i].flag) {
            int w = snprintf(buf + used, size - used, "%s%s", used ? "," : "", flag_names[i].name);
            if (w < 0 || (size_t)w >= size - used)
                break;
            used += (size_t)w;
        }
    }
    return buf;
}

/*
 * Split a trailing "{flag,flag}" off *s into *flags. A name without a
 * trailing '}' has no flags. On error *bad_at points at the problem.
 */
static int parse_flags(entidx_slice *s, uint8_t *flags, const char **bad_at, entidx_error *err)
{
    const char *open = NULL;
    size_t i;

    *flags = 0;
    if (s->len == 0 || s->p[s->len - 1] != '}')
        return ENTIDX_OK;
    for (i = s->len; i > 0; i--) {
        if (s->p[i - 1] == '{') {
            open = s->p + i - 1;
            break;
        }
    }
    if (open == NULL) {
        *bad_at = s->p + s->len - 1;
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "'}' without '{' in '%.*s'",
                           (int)ENTIDX_MIN(s->len, 60), s->p);
    }
    if (open + 1 == s->p + s->len - 1) {
        *bad_at = open;
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty flag list '{}'");
    }
    for (const char *p = open + 1; p < s->p + s->len - 1;) {
        const char *end = p;
        size_t k;
        while (end < s->p + s->len - 1 && *end != ',')
            end++;
        for (k = 0; k < ENTIDX_ARRAY_SIZE(flag_names); k++) {
            if (strlen(flag_names[k].name) == (size_t)(end - p) &&
                memcmp(flag_names[k].name, p, (size_t)(end - p)) == 0)
                break;
        }
        if (k == ENTIDX_ARRAY_SIZE(flag_names)) {
            *bad_at = p;
            return ENTIDX_FAIL(err, ENTIDX_EPARSE,
                               "unknown flag '%.*s' (expected demonym, ambiguous, exact, "
                               "anycase or stem)",
                               (int)ENTIDX_MIN((size_t)(end - p), 40), p);
        }
        *flags |= flag_names[k].flag;
        p = end + 1;
    }
    if ((*flags & ENTIDX_ALIAS_EXACT) && (*flags & ENTIDX_ALIAS_ANYCASE)) {
        *bad_at = open;
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "flags 'exact' and 'anycase' contradict each other");
    }
    s->len = (size_t)(open - s->p);
    return ENTIDX_OK;
}
int entidx__gz_split_flags(const char *s, size_t len, size_t *text_len, uint8_t *flags)
{
    entidx_slice sl = {s, len};
    const char *bad_at;
    int rc = parse_flags(&sl, flags, &bad_at, NULL);
    *text_len = sl.len;
    return rc;
}

/* Are the 8 bytes of x all printable ASCII (0x20-0x7e)? (Exact: no false "yes".) */
static int printable_ascii8(uint64_t x)
{
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    uint64_t del = x ^ (0x7f * ones);
    return ((x & high) |                        /* a byte from 0x80 */
            ((x - 0x20 * ones) & ~x & high) |   /* below 0x20 (when none is from 0x80) */
            ((del - ones) & ~del & high)) == 0; /* 0x7f */
}

/*
 * Valid UTF-8 without control characters; an invalid sequence is reported
 * before a control character, wherever they are. One pass, eight ASCII bytes
 * at a time.
 */
static int check_text(const entidx_slice *s, const char *what, entidx_error *err)
{
    const uint8_t *p = (const uint8_t *)s->p;
    size_t i = 0;
    int control = 0;

    while (i < s->len) {
        uint64_t x;
        int32_t cp;
        if (i + 8 <= s->len && (memcpy(&x, p + i, 8), printable_ascii8(x))) {
            i += 8;
        } else if (p[i] < 0x80) {
            control |= p[i] < 0x20 || p[i] == 0x7f;
            i++;
        } else {
            i += entidx_utf8_decode(p + i, s->len - i, &cp);
            if (cp < 0)
                return ENTIDX_FAIL(err, ENTIDX_EPARSE,
                                   "%s is not valid UTF-8 (is the file UTF-16?)", what);
        }
    }
    if (control)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "%s contains a control character", what);
    return ENTIDX_OK;
}

static int check_type(const entidx_slice *s, entidx_error *err)
{
    int ok = s->len > 0 && s->p[0] >= 'A' && s->p[0] <= 'Z';
    for (size_t i = 1; ok && i < s->len; i++) {
        char c = s->p[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE,
                           "bad type '%.*s': expected an upper-case word such as COUNTRY, ORG "
                           "or PERSON",
                           (int)ENTIDX_MIN(s->len, 60), s->p);
    return ENTIDX_OK;
}

void entidx__gz_reader_init(entidx_gz_reader *r, entidx_gazetteer *gz)
{
    memset(r, 0, sizeof(*r));
    r->stem_language = gz->stem_language;
    r->ids = &gz->iddict;
    r->n_ents = (uint32_t)gz->n_ents;
}

void entidx__gz_reader_dispose(entidx_gz_reader *r)
{
    entidx_tokens_dispose(&r->toks);
    entidx_buf_dispose(&r->key);
    entidx_stemmer_free(r->stemmer);
}

void entidx__gz_batch_clear(entidx_gz_batch *b)
{
    b->n_rows = b->n_aliases = b->n_attrs = b->n_prefixes = 0;
    entidx_buf_clear(&b->keys);
    entidx_buf_clear(&b->strings);
    b->rc = ENTIDX_OK;
    b->last = 0;
}

void entidx__gz_batch_dispose(entidx_gz_batch *b)
{
    entidx_free(b->rows);
    entidx_free(b->aliases);
    entidx_free(b->attrs);
    entidx_free(b->prefixes);
    entidx_buf_dispose(&b->keys);
    entidx_buf_dispose(&b->strings);
    memset(b, 0, sizeof(*b));
}

/* A new row at the end of b, or NULL (out of memory). */
static entidx_gz_prepared_row *batch_row(entidx_gz_batch *b, uint64_t line)
{
    entidx_gz_prepared_row *row;
    if (entidx_array_grow((void **)&b->rows, &b->cap_rows, b->n_rows + 1, sizeof(*b->rows)) < 0)
        return NULL;
    row = &b->rows[b->n_rows++];
    memset(row, 0, sizeof(*row));
    row->line = line;
    row->strings = b->strings.len;
    row->alias0 = (uint32_t)b->n_aliases;
    row->attr0 = (uint32_t)b->n_attrs;
    return row;
}

/* Append s and a NUL to b->strings. */
static int put_string(entidx_gz_batch *b, const entidx_slice *s)
{
    int rc = entidx_buf_put(&b->strings, s->p, s->len);
    return rc < 0 ? rc : entidx_buf_putc(&b->strings, '\0');
}

/* Read the precomputed key record of the next name or alias: its token count and shapes. */
static int read_pre_key(entidx_gz_reader *r, uint8_t flags, size_t *n, uint64_t *shapes)
{
    uint64_t nt, seps = 0;
    if (entidx_cursor_varint(r->pre, &nt) < 0 || entidx_cursor_varint(r->pre, shapes) < 0 ||
        entidx_cursor_bytes(r->pre, &r->pre_key[0], &r->pre_len[0]) < 0)
        return ENTIDX_ECORRUPT;
    r->pre_possessive = (uint8_t)(nt & 1);
    nt >>= 1;
    if (nt == 0 || nt > ENTIDX_MAX_ALIAS_TOK)
        return ENTIDX_ECORRUPT;
    for (uint32_t i = 0; i < r->pre_len[0]; i++)
        seps += r->pre_key[0][i] == ENTIDX_KEY_SEP;
    if (seps + 1 != nt)
        return ENTIDX_ECORRUPT;
    if (flags & ENTIDX_ALIAS_STEM) {
        if (entidx_cursor_bytes(r->pre, &r->pre_key[1], &r->pre_len[1]) < 0)
            return ENTIDX_ECORRUPT;
        seps = 0;
        for (uint32_t i = 0; i < r->pre_len[1]; i++)
            seps += r->pre_key[1][i] == ENTIDX_KEY_SEP;
        if (seps + 1 != nt)
            return ENTIDX_ECORRUPT;
    }
    *n = (size_t)nt;
    return ENTIDX_OK;
}

/*
 * The plain or stemmed key of the n tokens in r->toks (or precomputed),
 * appended to b->keys, and its first 1, 2, ... n words to b->prefixes.
 */
static int add_key(entidx_gz_reader *r, entidx_gz_batch *b, size_t n, int stemmed, uint32_t *off,
                   uint32_t *len)
{
    const char *key, *q;
    size_t key_len;
    int rc;

    if (r->pre != NULL) {
        key = r->pre_key[stemmed];
        key_len = r->pre_len[stemmed];
    } else {
        rc = stemmed ? entidx__gz_stem_key(&r->key, &r->toks, 0, n, r->stemmer)
                     : entidx__gz_key(&r->key, &r->toks, 0, n);
        if (rc < 0)
            return rc;
        key = r->key.ptr;
        key_len = r->key.len;
    }
    if (b->keys.len > UINT32_MAX - key_len)
        return ENTIDX_ELIMIT;
    if ((rc = entidx_array_grow((void **)&b->prefixes, &b->cap_prefixes, b->n_prefixes + n,
                                sizeof(*b->prefixes))) < 0)
        return rc;
    *off = (uint32_t)b->keys.len;
    *len = (uint32_t)key_len;
    if ((rc = entidx_buf_put(&b->keys, key, key_len)) < 0)
        return rc;
    key = b->keys.ptr + *off;
    q = key;
    for (size_t i = 0; i < n; i++) {
        size_t cut = key_len;
        if (q != NULL && i + 1 < n) {
            entidx_slice word = entidx__gz_next_field(&q, key + key_len, ENTIDX_KEY_SEP);
            cut = (size_t)(word.p + word.len - key);
        }
        b->prefixes[b->n_prefixes].hash = entidx_hash(key, cut);
        b->prefixes[b->n_prefixes++].len = (uint32_t)cut;
    }
    return ENTIDX_OK;
}

/* Read one name or alias (text without its flags) into b; `what` names it in messages. */
static int read_alias(entidx_gz_reader *r, entidx_gz_batch *b, entidx_slice text, uint8_t flags,
                      const char *what, entidx_error *err)
{
    entidx_gz_prepared_alias *a;
    uint64_t shapes = 0;
    size_t n;
    int rc;

    if ((flags & ENTIDX_ALIAS_STEM) && r->stemmer == NULL &&
        (rc = entidx_stemmer_new(&r->stemmer, r->stem_language, err)) < 0)
        return rc;
    if (r->pre != NULL) {
        if (read_pre_key(r, flags, &n, &shapes) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "bad key record for %s '%.*s'", what,
                               (int)ENTIDX_MIN(text.len, 60), text.p);
    } else {
        if ((rc = entidx_tokenize(&r->toks, text.p, text.len)) < 0)
            return ENTIDX_FAIL(err, rc, "cannot tokenize %s '%.*s'", what,
                               (int)ENTIDX_MIN(text.len, 60), text.p);
        n = r->toks.n;
        if (n == 0)
            return ENTIDX_FAIL(err, ENTIDX_EPARSE, "%s '%.*s' has no letters or digits", what,
                               (int)ENTIDX_MIN(text.len, 60), text.p);
        if (n > ENTIDX_MAX_ALIAS_TOK)
            return ENTIDX_FAIL(err, ENTIDX_ELIMIT, "%s '%.*s' has %zu words, the limit is %d", what,
                               (int)ENTIDX_MIN(text.len, 60), text.p, n, ENTIDX_MAX_ALIAS_TOK);
        for (size_t i = 0; i < n; i++)
            shapes |= (uint64_t)r->toks.v[i].shape << (3 * i);
    }
    if ((rc = entidx_array_grow((void **)&b->aliases, &b->cap_aliases, b->n_aliases + 1,
                                sizeof(*b->aliases))) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    if ((rc = put_string(b, &text)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    a = &b->aliases[b->n_aliases];
    memset(a, 0, sizeof(*a));
    a->text = text;
    a->shapes = shapes;
    a->flags = flags;
    a->n_tokens = (uint8_t)n;
    a->possessive =
        r->pre != NULL ? r->pre_possessive : (r->toks.v[n - 1].flags & ENTIDX_TOK_POSSESSIVE) != 0;
    /* (a key record from an index file does not keep these: it serves lookups, not tagging) */
    for (size_t i = 0; r->pre == NULL && i + 1 < n; i++) {
        if (r->toks.v[i].flags & ENTIDX_TOK_POSSESSIVE)
            a->inner_possessive |= (uint16_t)(1u << i);
    }
    a->prefixes = (uint32_t)b->n_prefixes;
    for (int stemmed = 0; stemmed <= ((flags & ENTIDX_ALIAS_STEM) != 0); stemmed++) {
        if ((rc = add_key(r, b, n, stemmed, &a->key[stemmed], &a->key_len[stemmed])) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory reading %s '%.*s'", what,
                               (int)ENTIDX_MIN(text.len, 60), text.p);
    }
    if (n >= 2) {
        /* for word_pairs: the first word's hash is the key's first, the second's is not kept */
        const char *key = b->keys.ptr + a->key[0], *end = key + a->key_len[0];
        const char *w2 = (const char *)memchr(key, ENTIDX_KEY_SEP, a->key_len[0]) + 1;
        const char *w2_end = memchr(w2, ENTIDX_KEY_SEP, (size_t)(end - w2));
        a->pair = entidx__gz_pair_hash(b->prefixes[a->prefixes].hash,
                                       entidx_hash(w2, (size_t)((w2_end ? w2_end : end) - w2)));
    }
    b->n_aliases++;
    return ENTIDX_OK;
}

/*
 * Read an entity's id, type and name (with its flags) into a new row of b,
 * line `line` (0: unknown). On error *bad_field tells which field was at
 * fault (FIELD_*); the row is there when the error came after the id's checks.
 */
int entidx__gz_read_entity(entidx_gz_reader *r, entidx_gz_batch *b, const entidx_slice *id,
                           const entidx_slice *type, const entidx_slice *name_field, uint64_t line,
                           int *bad_field, entidx_error *err)
{
    entidx_slice name = *name_field;
    const char *bad_at = NULL;
    entidx_gz_prepared_row *row;
    uint8_t name_flags;
    uint32_t *slot;
    int rc;

    *bad_field = ENTIDX_GZ_FIELD_ID;
    if (id->len == 0)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty id");
    if ((rc = check_text(id, "id", err)) < 0)
        return rc;
    if (memchr(id->p, ' ', id->len) != NULL)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "id '%.*s' contains a space",
                           (int)ENTIDX_MIN(id->len, 60), id->p);
    *bad_field = ENTIDX_GZ_FIELD_TYPE;
    if ((rc = check_type(type, err)) < 0)
        return rc;
    *bad_field = ENTIDX_GZ_FIELD_NAME;
    if ((rc = parse_flags(&name, &name_flags, &bad_at, err)) < 0)
        return rc;
    if (name.len == 0)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty name for id '%.*s'",
                           (int)ENTIDX_MIN(id->len, 60), id->p);
    if ((rc = check_text(&name, "name", err)) < 0)
        return rc;
    *bad_field = ENTIDX_GZ_FIELD_ID;
    if ((row = batch_row(b, line)) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    row->id = *id;
    row->type = *type;
    row->duplicate_of = ENTIDX_GZ_NONE;
    if (r->n_ents >= UINT32_MAX - 1)
        return ENTIDX_FAIL(err, ENTIDX_ELIMIT, "too many entities");
    if ((rc = entidx_dict_upsert(r->ids, id->p, id->len, r->n_ents, &slot)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    if (rc == 0) {
        /* the adding thread words the message: it has the first one's name */
        row->duplicate_of = *slot;
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "duplicate id");
    }
    r->n_ents++;
    if ((rc = put_string(b, id)) < 0 || (rc = put_string(b, type)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    *bad_field = ENTIDX_GZ_FIELD_NAME;
    return read_alias(r, b, name, name_flags, "name", err);
}

/* Read one alias field ("text" or "text{flags}") of the row read last; *bad_at locates errors. */
int entidx__gz_read_alias_field(entidx_gz_reader *r, entidx_gz_batch *b, const entidx_slice *field,
                                const char **bad_at, entidx_error *err)
{
    entidx_slice alias = *field;
    uint8_t flags;
    int rc;

    *bad_at = field->p;
    if ((rc = parse_flags(&alias, &flags, bad_at, err)) < 0)
        return rc;
    if (alias.len == 0)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty alias");
    if ((rc = check_text(&alias, "alias", err)) < 0)
        return rc;
    if ((rc = read_alias(r, b, alias, flags, "alias", err)) < 0)
        return rc;
    b->rows[b->n_rows - 1].n_aliases++;
    return ENTIDX_OK;
}

/* Read one attribute of the row read last (an empty value means none). */
int entidx__gz_read_attr(entidx_gz_batch *b, const entidx_slice *name, const entidx_slice *value,
                         entidx_error *err)
{
    int rc;
    if (value->len == 0)
        return ENTIDX_OK;
    if ((rc = check_text(value, "attribute value", err)) < 0)
        return rc;
    if ((rc = entidx_array_grow((void **)&b->attrs, &b->cap_attrs, b->n_attrs + 1,
                                sizeof(*b->attrs))) < 0 ||
        (rc = put_string(b, name)) < 0 || (rc = put_string(b, value)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory");
    b->attrs[b->n_attrs].name = *name;
    b->attrs[b->n_attrs].value = *value;
    b->n_attrs++;
    b->rows[b->n_rows - 1].n_attrs++;
    return ENTIDX_OK;
}

/*
 * The key record of key[0..len) (hash h), created if new. one_word: the key is
 * one folded word, not stemmed; pair: for word_pairs (two-word keys), or 0.
 */
static inline int key_record(entidx_gazetteer *gz, const char *key, size_t len, uint64_t h,
                             int one_word, uint64_t pair, entidx_gz_key **out)
{
    entidx_gz_key *k;
    uint32_t *slot;
    int rc;

    if (gz->n_keys >= UINT32_MAX)
        return ENTIDX_ELIMIT;
    rc = entidx_dict_upsert_hashed(&gz->keydict, key, len, h, (uint32_t)gz->n_keys, &slot);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if ((rc = entidx_array_grow_table((void **)&gz->keys, &gz->cap_keys, gz->n_keys + 1,
                                          sizeof(*gz->keys))) < 0)
            return rc;
        k = &gz->keys[gz->n_keys++];
        memset(k, 0, sizeof(*k));
        k->first = ENTIDX_GZ_NONE;
        k->last = ENTIDX_GZ_NONE;
        k->one_word = (uint8_t)one_word;
        if (k->one_word)
            rc = entidx__gz_filter_add(&gz->first_words, h);
        else if (pair != 0)
            rc = entidx__gz_filter_add(&gz->word_pairs, pair);
        if (rc < 0)
            return rc;
    }
    *out = &gz->keys[*slot];
    return ENTIDX_OK;
}

/* Start loading the dictionary slots that adding alias a will visit. */
static void prefetch_alias(const entidx_gazetteer *gz, const entidx_gz_batch *b,
                           const entidx_gz_prepared_alias *a)
{
    size_t n = (size_t)a->n_tokens << ((a->flags & ENTIDX_ALIAS_STEM) != 0);
    for (size_t i = 0; i < n; i++)
        entidx_dict_prefetch(&gz->keydict, b->prefixes[a->prefixes + i].hash);
}

/*
 * The bits of low_one, low_two and low_next (gazetteer_int.h) for an alias
 * with case rule `rule`, token shapes `shapes` and plain key key[0..key_len).
 */
static void lower_case_bits(entidx_gazetteer *gz, int rule, uint64_t shapes, const char *key,
                            size_t key_len)
{
    const char *end = key + key_len, *sep = memchr(key, ENTIDX_KEY_SEP, key_len), *w2 = NULL;
    size_t len2 = 0;

    if (sep != NULL) { /* (a key read from a damaged index may lack it) */
        const char *sep2 = memchr(sep + 1, ENTIDX_KEY_SEP, (size_t)(end - sep - 1));
        w2 = sep + 1;
        len2 = (size_t)((sep2 ? sep2 : end) - w2);
    }
    /* its second word may be lower case in text ("Bank of England") */
    if (w2 != NULL && entidx_shape_ok(rule, ENTIDX_SHAPE_LOWER, (unsigned)(shapes >> 3 & 7)))
        bit_set(gz->low_next, entidx__gz_low_next_sig(w2, len2));
    /* its first word may be lower case or digits: it, or its first two, go into the filter */
    if (entidx_shape_ok(rule, ENTIDX_SHAPE_LOWER, (unsigned)(shapes & 7)) ||
        entidx_shape_ok(rule, ENTIDX_SHAPE_NONE, (unsigned)(shapes & 7))) {
        if (w2 == NULL) {
            bit_set(gz->low_one, entidx__gz_low_one_sig(key, key_len));
        } else {
            bit_set(gz->low_two, entidx__gz_low_first_sig(key, (size_t)(sep - key)));
            bit_set(gz->low_two, entidx__gz_low_two_sig(key, (size_t)(sep - key), w2, len2));
        }
    }
}

/* Add the record of a name or alias read into b (text at text_off), under one of its keys. */
static int add_key_record(entidx_gazetteer *gz, uint32_t entity, uint32_t text_off,
                          const entidx_gz_batch *b, const entidx_gz_prepared_alias *pa, int stemmed)
{
    const char *text = pool_str(gz, text_off), *key = b->keys.ptr + pa->key[stemmed];
    const entidx_gz_prefix_key *pk = b->prefixes + pa->prefixes + (stemmed ? pa->n_tokens : 0);
    size_t n = pa->n_tokens, key_len = pa->key_len[stemmed];
    /* (a plain key read from an index is checked too: it may be corrupt) */
    int plain = !stemmed && key_len > 0 && key[0] != ENTIDX_STEM_MARK, rc;
    entidx_gz_key *k = NULL;
    entidx_gz_alias a = {0};

    /* its first 1, 2, ... n - 1 words are keys too: the tagger extends candidates on them */
    for (size_t i = 0; i < n; i++) {
        int one_word = i == 0 && plain && pk[0].len > 0;
        uint64_t pair = i == 1 && plain ? pa->pair : 0; /* of two-word keys */
        if ((rc = key_record(gz, key, pk[i].len, pk[i].hash, one_word, pair, &k)) < 0)
            return rc;
        if (i + 1 < n)
            k->is_prefix = 1;
    }
    /* the same alias text listed twice for one entity adds nothing; aliases of
       one entity under one key are cued alike ("Georgia{cued}" and a
       "Geórgia" that folds to it): a document without a cue word must not
       match the entity through the other */
    a.flags = pa->flags;
    for (uint32_t j = k->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        entidx_gz_alias *o = &gz->aliases[j];
        if (o->entity != entity)
            continue;
        if (strcmp(pool_str(gz, o->text), text) == 0)
            return ENTIDX_OK;
        if ((o->flags | a.flags) & ENTIDX_ALIAS_CUED) {
            o->flags |= ENTIDX_ALIAS_CUED;
            a.flags |= ENTIDX_ALIAS_CUED;
        }
    }
    if (gz->n_aliases >= UINT32_MAX)
        return ENTIDX_ELIMIT;
    if ((rc = entidx_array_grow_table((void **)&gz->aliases, &gz->cap_aliases, gz->n_aliases + 1,
                                      sizeof(*gz->aliases))) < 0)
        return rc;
    a.entity = entity;
    a.text = text_off;
    a.next = ENTIDX_GZ_NONE;
    a.n_tokens = (uint8_t)n;
    a.rule = (pa->flags & ENTIDX_ALIAS_EXACT)     ? ENTIDX_RULE_EXACT
             : (pa->flags & ENTIDX_ALIAS_ANYCASE) ? ENTIDX_RULE_ANY
                                                  : ENTIDX_RULE_DEFAULT;
    a.skipped = (a.flags & gz->opts.skip_flags) != 0;
    a.possessive = pa->possessive;
    a.inner_possessive = pa->inner_possessive;
    a.shapes = pa->shapes;
    gz->aliases[gz->n_aliases] = a;
    if (k->last == ENTIDX_GZ_NONE) {
        k->first = (uint32_t)gz->n_aliases;
        if (k->one_word && (rc = entidx__gz_filter_add(&gz->word_aliases, pk[0].hash)) < 0)
            return rc;
    } else
        gz->aliases[k->last].next = (uint32_t)gz->n_aliases;
    k->last = (uint32_t)gz->n_aliases;
    gz->n_aliases++;
    if (!stemmed && key_len > 0)
        lower_case_bits(gz, a.rule, pa->shapes, key, key_len);
    return ENTIDX_OK;
}

/* Register a name or alias of `entity` read into b: its plain key, and its stemmed one if any. */
static int add_alias_keys(entidx_gazetteer *gz, uint32_t entity, uint32_t text_off,
                          const entidx_gz_batch *b, const entidx_gz_prepared_alias *pa)
{
    int rc;
    for (int stemmed = 0; stemmed <= ((pa->flags & ENTIDX_ALIAS_STEM) != 0); stemmed++) {
        if ((rc = add_key_record(gz, entity, text_off, b, pa, stemmed)) < 0)
            return rc;
    }
    if (pa->flags & ENTIDX_ALIAS_STEM)
        gz->has_stem = 1;
    if (pa->n_tokens > gz->max_tokens)
        gz->max_tokens = pa->n_tokens;
    return ENTIDX_OK;
}

#define PREFETCH_AHEAD 8 /* aliases whose slots are loading while one is added */

/* May ch start a cue or follow its space or hyphen: a letter, a digit, a byte from 0x80? */
static int cue_word_byte(unsigned char ch)
{
    return ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/*
 * Cues, separated by '|', must each be a word, or words joined by one space
 * or one hyphen ("Kinshasa", "DR Congo", "Pointe-Noire"): letters and digits
 * (any from 0x80), with a dot or an apostrophe inside ("U.S.", "O'Brien").
 * The tagger looks for each as written, a space standing for any run of
 * white space, between word boundaries. ENTIDX_OK or ENTIDX_EPARSE, naming
 * the cue and the alias it is for.
 */
static int check_cue_words(const entidx_slice *cues, const entidx_slice *alias, const char *path,
                           uint64_t line, uint64_t column, entidx_error *err)
{
    const char *p = cues->p, *end = cues->p + cues->len;
    for (;;) {
        const char *bar = memchr(p, '|', (size_t)(end - p)), *e = bar ? bar : end;
        int ok = e > p && cue_word_byte((unsigned char)*p);
        for (const char *c = p + 1; c < e && ok; c++) {
            unsigned char ch = (unsigned char)*c;
            if (ch == ' ' || ch == '-')
                ok = c + 1 < e && cue_word_byte((unsigned char)c[1]);
            else
                ok = cue_word_byte(ch) || ch == '.' || ch == '\'';
        }
        if (!ok)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, line, column,
                                  "cue '%.*s' of '%.*s' is not words joined by one space or hyphen",
                                  (int)ENTIDX_MIN(e - p, 60), p, (int)ENTIDX_MIN(alias->len, 60),
                                  alias->p);
        if (e == end)
            return ENTIDX_OK;
        p = e + 1;
    }
}

/*
 * A row with an alias flagged cued must have cue words (attribute cues, not
 * empty): without them the alias could never match. ENTIDX_OK or
 * ENTIDX_EPARSE, naming the alias.
 */
static int check_cues(const entidx_gz_batch *b, const entidx_gz_prepared_row *row, const char *path,
                      entidx_error *err)
{
    for (size_t i = 0; i <= row->n_aliases; i++) {
        const entidx_gz_prepared_alias *pa = &b->aliases[row->alias0 + i];
        if (!(pa->flags & ENTIDX_ALIAS_CUED))
            continue;
        for (uint32_t k = 0; k < row->n_attrs; k++) {
            const entidx_slice *name = &b->attrs[row->attr0 + k].name;
            if (name->len == 4 && memcmp(name->p, "cues", 4) == 0)
                return check_cue_words(&b->attrs[row->attr0 + k].value, &pa->text, path, row->line,
                                       row->id_column, err);
        }
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, row->line, row->id_column,
                              "'%.*s' is flagged cued but its row has no cue words (column cues)",
                              (int)ENTIDX_MIN(pa->text.len, 60), pa->text.p);
    }
    return ENTIDX_OK;
}

/*
 * Add the entity of a row read into b (its id registered by reading): its
 * name and aliases, its attributes. Its strings are in the pool from offset
 * `strings` on, in the order they were read. Errors name `path` (NULL: none)
 * and the row's line.
 */
static int add_row(entidx_gazetteer *gz, const entidx_gz_batch *b,
                   const entidx_gz_prepared_row *row, uint32_t strings, const char *path,
                   entidx_error *err)
{
    const entidx_gz_prepared_alias *name;
    entidx_gz_entity *e;
    uint32_t entity, at = strings;
    int rc;

    if (row->duplicate_of != ENTIDX_GZ_NONE)
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, row->line, row->id_column,
                              "duplicate id '%.*s' (first used by '%s')",
                              (int)ENTIDX_MIN(row->id.len, 60), row->id.p,
                              pool_str(gz, gz->ents[row->duplicate_of].name));
    if (row->failed)
        return ENTIDX_OK; /* the caller reports the error that stopped its reading */
    if ((rc = check_cues(b, row, path, err)) < 0)
        return rc;
    if ((rc = entidx_array_grow_table((void **)&gz->ents, &gz->cap_ents, gz->n_ents + 1,
                                      sizeof(*gz->ents))) < 0)
        return ENTIDX_FAIL_AT(err, rc, path, row->line, row->id_column, "out of memory");
    name = &b->aliases[row->alias0];
    entity = (uint32_t)gz->n_ents++;
    e = &gz->ents[entity];
    memset(e, 0, sizeof(*e));
    e->id = at;
    at += (uint32_t)row->id.len + 1;
    e->type = at;
    at += (uint32_t)row->type.len + 1;
    e->name = at; /* where the name's alias record comes next */
    e->alias0 = (uint32_t)gz->n_alias_strs;
    e->attr0 = (uint32_t)gz->n_attrs;
    e->path = gz->cur_path;
    e->line = row->line > UINT32_MAX ? 0 : (uint32_t)row->line;
    e->name_flags = name->flags;
    for (size_t i = 0, j = row->alias0; i <= row->n_aliases; i++, j++) {
        const entidx_gz_prepared_alias *pa = &b->aliases[j];
        uint32_t off = at;
        at += (uint32_t)pa->text.len + 1;
        if (j + PREFETCH_AHEAD < b->n_aliases)
            prefetch_alias(gz, b, &b->aliases[j + PREFETCH_AHEAD]);
        if (i > 0) {
            if ((rc = entidx_array_grow_table((void **)&gz->alias_strs, &gz->cap_alias_strs,
                                              gz->n_alias_strs + 1, sizeof(*gz->alias_strs))) < 0)
                return ENTIDX_FAIL_AT(err, rc, path, row->line, row->id_column, "out of memory");
            memset(&gz->alias_strs[gz->n_alias_strs], 0, sizeof(gz->alias_strs[0]));
            gz->alias_strs[gz->n_alias_strs].text = off;
            gz->alias_strs[gz->n_alias_strs].flags = pa->flags;
            gz->n_alias_strs++;
            e->n_aliases++;
        }
        if ((rc = add_alias_keys(gz, entity, off, b, pa)) < 0)
            return ENTIDX_FAIL_AT(err, rc, path, row->line, row->id_column,
                                  "out of memory adding %s '%.60s'", i == 0 ? "name" : "alias",
                                  pool_str(gz, off));
    }
    for (uint32_t i = 0; i < row->n_attrs; i++) {
        const entidx_gz_prepared_attr *pa = &b->attrs[row->attr0 + i];
        entidx_gz_attr *a;
        if ((rc = entidx_array_grow_table((void **)&gz->attrs, &gz->cap_attrs, gz->n_attrs + 1,
                                          sizeof(*gz->attrs))) < 0)
            return ENTIDX_FAIL_AT(err, rc, path, row->line, row->id_column, "out of memory");
        a = &gz->attrs[gz->n_attrs++];
        a->name = at;
        at += (uint32_t)pa->name.len + 1;
        a->value = at;
        at += (uint32_t)pa->value.len + 1;
        e->n_attrs++;
    }
    return ENTIDX_OK;
}

/*
 * Add the rows of b, in order; then report the error that ended the batch, if
 * one did. Their strings go into the pool first, all at once.
 */
int entidx__gz_add_rows(entidx_gazetteer *gz, const entidx_gz_batch *b, const char *path,
                        entidx_error *err)
{
    uint32_t strings = (uint32_t)gz->pool.len;
    int rc;

    if (b->strings.len > UINT32_MAX - gz->pool.len)
        return ENTIDX_FAIL_AT(err, ENTIDX_ELIMIT, path, b->n_rows ? b->rows[0].line : 0, 0,
                              "the gazetteer's text is over 4 GiB");
    if ((rc = entidx_buf_put(&gz->pool, b->strings.ptr, b->strings.len)) < 0)
        return ENTIDX_FAIL_AT(err, rc, path, b->n_rows ? b->rows[0].line : 0, 0, "out of memory");
    for (size_t i = 0; i < ENTIDX_MIN(b->n_aliases, (size_t)PREFETCH_AHEAD); i++)
        prefetch_alias(gz, b, &b->aliases[i]);
    for (size_t i = 0; i < b->n_rows; i++) {
        const entidx_gz_prepared_row *row = &b->rows[i];
        if ((rc = add_row(gz, b, row, strings + (uint32_t)row->strings, path, err)) < 0)
            return rc;
    }
    if (b->rc < 0 && err != NULL)
        *err = b->err;
    return b->rc;
}

int entidx__gz_new(entidx_gazetteer **out, const entidx_gazetteer_opts *opts, entidx_error *err)
{
    static const entidx_gazetteer_opts defaults = ENTIDX_GAZETTEER_OPTS_INIT;
    entidx_gazetteer *gz = entidx_calloc(1, sizeof(*gz));
    *out = gz;
    if (gz == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate gazetteer");
    gz->opts = opts ? *opts : defaults;
    snprintf(gz->stem_language, sizeof(gz->stem_language), "%s",
             gz->opts.stem_language ? gz->opts.stem_language : "english");
    gz->opts.stem_language = NULL; /* the caller's string need not outlive the call */
    return ENTIDX_OK;
}

/* Remember the name of the file being read, for entidx_entity.path. */
int entidx__gz_set_path(entidx_gazetteer *gz, const char *path, entidx_error *err)
{
    if (pool_add(gz, path, strlen(path), &gz->cur_path) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    return ENTIDX_OK;
}

void entidx_gazetteer_free(entidx_gazetteer *gz)
{
    if (gz == NULL)
        return;
    entidx_buf_dispose(&gz->pool);
    entidx_free(gz->ents);
    entidx_free(gz->alias_strs);
    entidx_free(gz->attrs);
    entidx_free(gz->aliases);
    entidx_free(gz->keys);
    entidx__gz_filter_dispose(&gz->first_words);
    entidx__gz_filter_dispose(&gz->word_aliases);
    entidx__gz_filter_dispose(&gz->word_pairs);
    entidx_dict_dispose(&gz->keydict);
    entidx_dict_dispose(&gz->iddict);
    entidx_free(gz);
}

uint32_t entidx_gazetteer_count(const entidx_gazetteer *gz)
{
    return (uint32_t)gz->n_ents;
}

void entidx_gazetteer_entity(const entidx_gazetteer *gz, uint32_t entity, entidx_entity *out)
{
    const entidx_gz_entity *e = &gz->ents[entity];
    out->id = pool_str(gz, e->id);
    out->type = pool_str(gz, e->type);
    out->name = pool_str(gz, e->name);
    out->n_aliases = e->n_aliases;
    out->n_attrs = e->n_attrs;
    out->name_flags = e->name_flags;
    out->path = pool_str(gz, e->path);
    out->line = e->line;
}

const char *entidx_gazetteer_alias(const entidx_gazetteer *gz, uint32_t entity, size_t k)
{
    return pool_str(gz, gz->alias_strs[gz->ents[entity].alias0 + k].text);
}

unsigned entidx_gazetteer_alias_flags(const entidx_gazetteer *gz, uint32_t entity, size_t k)
{
    return gz->alias_strs[gz->ents[entity].alias0 + k].flags;
}

const char *entidx_gazetteer_attr(const entidx_gazetteer *gz, uint32_t entity, size_t k,
                                  const char **name)
{
    const entidx_gz_attr *a = &gz->attrs[gz->ents[entity].attr0 + k];
    *name = pool_str(gz, a->name);
    return pool_str(gz, a->value);
}

int entidx_gazetteer_find_id(const entidx_gazetteer *gz, const char *id, size_t id_len,
                             uint32_t *entity)
{
    const uint32_t *v = entidx_dict_get(&gz->iddict, id, id_len);
    if (v == NULL)
        return ENTIDX_ENOTFOUND;
    *entity = *v;
    return ENTIDX_OK;
}

/*
 * entidx_hash() of the serialized entity table, worked out on the first call
 * and kept (loading does not need it, and serializing a million aliases costs
 * a tenth of their load). Threads that ask at once compute the same value.
 */
uint64_t entidx_gazetteer_fingerprint(const entidx_gazetteer *gz)
{
    /* the gazetteer was allocated mutable: only this cache changes */
    entidx_gazetteer *cache = (entidx_gazetteer *)gz;
    uint64_t f = atomic_load_explicit(&cache->fingerprint, memory_order_relaxed);
    entidx_buf ser = ENTIDX_BUF_INIT;

    if (f != 0)
        return f;
    if (entidx__gazetteer_serialize(gz, &ser) == ENTIDX_OK)
        f = entidx_hash(ser.ptr, ser.len); /* never 0 */
    entidx_buf_dispose(&ser);
    atomic_store_explicit(&cache->fingerprint, f, memory_order_relaxed);
    return f;
}

/* The name_lookup store of a loaded gazetteer: its dictionary and alias chains. */
static int gz_candidates(void *store, const char *key, size_t key_len, entidx_name_candidates *out,
                         entidx_error *err)
{
    const entidx_gazetteer *gz = store;
    const entidx_gz_key *k = entidx__gz_find_key(gz, key, key_len);

    for (uint32_t j = k ? k->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *a = &gz->aliases[j];
        entidx_name_candidate c;
        c.entity = a->entity;
        c.text = pool_str(gz, a->text);
        c.rule = a->rule;
        c.flags = a->flags;
        c.n_tokens = a->n_tokens;
        c.possessive = a->possessive;
        c.skipped = a->skipped;
        c.shapes = a->shapes;
        if (entidx__name_candidate_add(out, &c) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory looking up a name");
    }
    return ENTIDX_OK;
}

int entidx_gazetteer_lookup(const entidx_gazetteer *gz, const char *name, size_t len,
                            entidx_lookup_match *out, size_t cap, size_t *n_out, entidx_error *err)
{
    return entidx__name_lookup(gz_candidates, (void *)gz, gz->has_stem ? gz->stem_language : NULL,
                               name, len, out, cap, n_out, err);
}

/* ---- serialized entity table (stored in the index) ---- */

static int put_str(entidx_buf *b, const char *s)
{
    size_t len = strlen(s);
    int rc = entidx_buf_put_varint(b, len);
    return rc < 0 ? rc : entidx_buf_put(b, s, len);
}

/* A name or alias with its flag suffix, as it would appear in a gazetteer file. */
static int put_flagged(entidx_buf *b, const char *s, unsigned flags)
{
    char fl[64], suffix[68] = "";
    size_t len = strlen(s), slen;
    int rc;

    if (flags != 0)
        snprintf(suffix, sizeof(suffix), "{%s}", entidx_alias_flags_format(flags, fl, sizeof(fl)));
    slen = strlen(suffix);
    if ((rc = entidx_buf_put_varint(b, len + slen)) < 0 || (rc = entidx_buf_put(b, s, len)) < 0)
        return rc;
    return entidx_buf_put(b, suffix, slen);
}

int entidx__gazetteer_serialize(const entidx_gazetteer *gz, entidx_buf *out)
{
    int rc = entidx_buf_put_varint(out, gz->n_ents);
    for (size_t i = 0; rc == 0 && i < gz->n_ents; i++) {
        const entidx_gz_entity *e = &gz->ents[i];
        if ((rc = put_str(out, pool_str(gz, e->id))) < 0 ||
            (rc = put_str(out, pool_str(gz, e->type))) < 0 ||
            (rc = put_flagged(out, pool_str(gz, e->name), e->name_flags)) < 0 ||
            (rc = entidx_buf_put_varint(out, e->n_aliases)) < 0)
            return rc;
        for (uint32_t k = 0; k < e->n_aliases; k++) {
            const entidx_gz_alias_str *a = &gz->alias_strs[e->alias0 + k];
            if ((rc = put_flagged(out, pool_str(gz, a->text), a->flags)) < 0)
                return rc;
        }
        if ((rc = entidx_buf_put_varint(out, e->n_attrs)) < 0)
            return rc;
        for (uint32_t k = 0; k < e->n_attrs; k++) {
            const entidx_gz_attr *a = &gz->attrs[e->attr0 + k];
            if ((rc = put_str(out, pool_str(gz, a->name))) < 0 ||
                (rc = put_str(out, pool_str(gz, a->value))) < 0)
                return rc;
        }
    }
    return rc;
}

typedef struct key_writer {
    entidx_tokens toks;
    entidx_buf key;
    entidx_stemmer *stemmer; /* created for the first alias flagged stem */
    const char *language;
} key_writer;

/* One name's or alias's key record (see gazetteer_int.h). */
static int put_key_record(key_writer *kw, entidx_buf *out, const char *text, uint8_t flags)
{
    uint64_t shapes = 0;
    int rc;
    if ((rc = entidx_tokenize(&kw->toks, text, strlen(text))) < 0)
        return rc;
    for (size_t i = 0; i < kw->toks.n; i++)
        shapes |= (uint64_t)kw->toks.v[i].shape << (3 * i);
    if (kw->toks.n == 0)
        return ENTIDX_EINVAL;
    if ((rc = entidx_buf_put_varint(
             out, 2 * (uint64_t)kw->toks.n +
                      ((kw->toks.v[kw->toks.n - 1].flags & ENTIDX_TOK_POSSESSIVE) != 0))) < 0 ||
        (rc = entidx_buf_put_varint(out, shapes)) < 0 ||
        (rc = entidx__gz_key(&kw->key, &kw->toks, 0, kw->toks.n)) < 0 ||
        (rc = entidx_buf_put_varint(out, kw->key.len)) < 0 ||
        (rc = entidx_buf_put(out, kw->key.ptr, kw->key.len)) < 0)
        return rc;
    if (flags & ENTIDX_ALIAS_STEM) {
        if (kw->stemmer == NULL && (rc = entidx_stemmer_new(&kw->stemmer, kw->language, NULL)) < 0)
            return rc;
        if ((rc = entidx__gz_stem_key(&kw->key, &kw->toks, 0, kw->toks.n, kw->stemmer)) < 0 ||
            (rc = entidx_buf_put_varint(out, kw->key.len)) < 0 ||
            (rc = entidx_buf_put(out, kw->key.ptr, kw->key.len)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

int entidx__gazetteer_serialize_keys(const entidx_gazetteer *gz, entidx_buf *out)
{
    key_writer kw = {ENTIDX_TOKENS_INIT, ENTIDX_BUF_INIT, NULL, gz->stem_language};
    int rc = ENTIDX_OK;
    for (size_t i = 0; rc == ENTIDX_OK && i < gz->n_ents; i++) {
        const entidx_gz_entity *e = &gz->ents[i];
        rc = put_key_record(&kw, out, pool_str(gz, e->name), e->name_flags);
        for (uint32_t k = 0; rc == ENTIDX_OK && k < e->n_aliases; k++) {
            const entidx_gz_alias_str *a = &gz->alias_strs[e->alias0 + k];
            rc = put_key_record(&kw, out, pool_str(gz, a->text), a->flags);
        }
    }
    entidx_tokens_dispose(&kw.toks);
    entidx_buf_dispose(&kw.key);
    entidx_stemmer_free(kw.stemmer);
    return rc;
}

static int get_slice(entidx_cursor *c, entidx_slice *s)
{
    uint32_t len;
    if (entidx_cursor_bytes(c, &s->p, &len) < 0)
        return -1;
    s->len = len;
    return 0;
}

int entidx__gazetteer_deserialize(entidx_gazetteer **out, const char *path, const void *data,
                                  size_t len, const void *keys, size_t keys_len, entidx_error *err)
{
    static const entidx_gazetteer_opts all = {0}; /* an index resolves every alias */
    entidx_gazetteer *gz;
    entidx_cursor c, kc;
    entidx_gz_reader r;
    entidx_gz_batch b;
    uint64_t n;
    int rc;

    *out = NULL;
    memset(&r, 0, sizeof(r));
    memset(&b, 0, sizeof(b));
    if ((rc = entidx__gz_new(&gz, &all, err)) < 0)
        return rc;
    entidx__gz_reader_init(&r, gz);
    if ((rc = entidx__gz_set_path(gz, path, err)) < 0)
        goto fail;
    entidx_cursor_init(&c, data, len);
    if (keys != NULL) {
        entidx_cursor_init(&kc, keys, keys_len);
        r.pre = &kc;
    }
    if (entidx_cursor_varint(&c, &n) < 0 || n > len)
        goto corrupt;
    for (uint64_t i = 0; i < n; i++) {
        entidx_slice id, type, name, s, v;
        size_t rows = b.n_rows;
        uint64_t na;
        int bad;
        if (get_slice(&c, &id) < 0 || get_slice(&c, &type) < 0 || get_slice(&c, &name) < 0 ||
            entidx_cursor_varint(&c, &na) < 0)
            goto corrupt;
        if ((rc = entidx__gz_read_entity(&r, &b, &id, &type, &name, 0, &bad, &b.err)) < 0)
            goto unread;
        for (uint64_t k = 0; k < na; k++) {
            const char *bad_at;
            if (get_slice(&c, &s) < 0)
                goto corrupt;
            if ((rc = entidx__gz_read_alias_field(&r, &b, &s, &bad_at, &b.err)) < 0)
                goto unread;
        }
        if (entidx_cursor_varint(&c, &na) < 0)
            goto corrupt;
        for (uint64_t k = 0; k < na; k++) {
            if (get_slice(&c, &s) < 0 || get_slice(&c, &v) < 0)
                goto corrupt;
            if ((rc = entidx__gz_read_attr(&b, &s, &v, &b.err)) < 0)
                goto unread;
        }
        if (b.n_rows == ENTIDX_GZ_BATCH_ROWS || i + 1 == n) {
            if ((rc = entidx__gz_add_rows(gz, &b, NULL, err)) < 0)
                goto invalid;
            entidx__gz_batch_clear(&b);
        }
        continue;
    unread:
        if (b.n_rows > rows) /* the id was checked: adding it may find it a duplicate */
            b.rows[b.n_rows - 1].failed = 1;
        b.rc = rc;
        rc = entidx__gz_add_rows(gz, &b, NULL, err);
        goto invalid;
    }
    if (c.p != c.end || (keys != NULL && kc.p != kc.end))
        goto corrupt;
    entidx__gz_batch_dispose(&b);
    entidx__gz_reader_dispose(&r);
    /* the bytes are the serialized form (index_merge.c relies on the round trip) */
    atomic_store_explicit(&gz->fingerprint, entidx_hash(data, len), memory_order_relaxed);
    *out = gz;
    return ENTIDX_OK;
corrupt:
    /* the rows read before the corruption first (one may repeat an id) */
    if ((rc = entidx__gz_add_rows(gz, &b, NULL, err)) < 0)
        goto invalid;
    rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0, "entity table is corrupt");
    goto fail;
invalid:
    /* what would be a gazetteer error in a file is corruption in an index */
    if (rc != ENTIDX_ENOMEM)
        rc = ENTIDX_ECORRUPT;
    if (err != NULL) {
        err->code = rc;
        snprintf(err->path, sizeof(err->path), "%s", path);
    }
fail:
    entidx__gz_batch_dispose(&b);
    entidx__gz_reader_dispose(&r);
    entidx_gazetteer_free(gz);
    return rc;
}
