/* SPDX-License-Identifier: MIT */
/*
 * gazetteer.c - parse gazetteer TSV files and build the alias dictionary.
 *
 * Every name and alias is tokenized and folded exactly as corpus text is, and
 * stored under its key (folded tokens joined by ENTIDX_KEY_SEP). Each proper
 * prefix of a multi-word key is registered too, so the tagger can stop
 * extending a candidate as soon as no alias can continue it.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "internal.h"
#include "gazetteer_int.h"
#include "name_lookup.h"
#include "utf8.h"
#include "varint.h"

#include <errno.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_GAZETTEER_BYTES ((size_t)1 << 31)

#ifdef MAP_POPULATE
#define MAP_POPULATE_IF_ANY MAP_POPULATE /* map the whole file at once, not page by page */
#else
#define MAP_POPULATE_IF_ANY 0
#endif

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

/*
 * The field at *p: its bytes up to the next `sep`, or to end. *p moves past
 * that separator, or becomes NULL after the last field.
 */
static entidx_slice next_field(const char **p, const char *end, char sep)
{
    const char *at = *p, *stop = memchr(at, sep, (size_t)(end - at));
    entidx_slice f = {at, (size_t)((stop != NULL ? stop : end) - at)};
    *p = stop != NULL ? stop + 1 : NULL;
    return f;
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
                  {"stem", ENTIDX_ALIAS_STEM},       {"person", ENTIDX_ALIAS_PERSON}};

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

enum { FIELD_ID, FIELD_TYPE, FIELD_NAME };

/*
 * Loading runs in two steps. Reading (gz_reader, below) parses a row, checks
 * its fields, tokenizes its name and aliases and builds and hashes their
 * keys: all of it from the row alone. Adding (commit_rows) puts what was read
 * into the tables and the dictionary, in file order. Rows go from one step to
 * the other a batch at a time, so that a large file can be read by a second
 * thread while this one adds the batch read before (parse_tsv), and so that
 * the dictionary slots of the aliases about to be added can be loaded into
 * the cache ahead of them: at a million aliases each is a cache miss.
 */

/* One name or alias, read and keyed. */
typedef struct prepared_alias {
    entidx_slice text;           /* as written, without its "{flags}" */
    uint64_t shapes;             /* as entidx_gz_alias.shapes */
    uint64_t pair;               /* entidx__gz_pair_hash() of its first two words */
    uint32_t key[2], key_len[2]; /* plain and stemmed key: offsets in batch.keys */
    uint32_t prefixes;           /* batch.prefixes[prefixes + i]: its first i+1 words' plain
                                    key; then, flagged stem, the stemmed one's */
    uint8_t flags;               /* entidx_alias_flag bits */
    uint8_t n_tokens;
    uint8_t possessive; /* as entidx_gz_alias.possessive */
} prepared_alias;

typedef struct prepared_attr {
    entidx_slice name, value;
} prepared_attr;

/* The key of an alias's first words. */
typedef struct prefix_key {
    uint64_t hash; /* entidx_hash() */
    uint32_t len;  /* bytes of the alias's key */
} prefix_key;

typedef struct prepared_row {
    entidx_slice id, type;
    uint32_t duplicate_of; /* the entity that has its id already, or ENTIDX_GZ_NONE */
    size_t strings;        /* batch.strings[strings...]: its id, type, name, aliases, attributes */
    uint64_t line;         /* in the file; 0 when unknown */
    uint64_t id_column;    /* of the id field, 1-based; 0 when unknown */
    uint32_t alias0;       /* batch.aliases[alias0] is the name, its aliases follow */
    uint32_t n_aliases;    /* besides the name */
    uint32_t attr0, n_attrs;
    int failed; /* reading failed after the id was checked: the batch's last row */
} prepared_row;

/* Rows read, waiting to be added. */
typedef struct batch {
    prepared_row *rows;
    size_t n_rows, cap_rows;
    prepared_alias *aliases;
    size_t n_aliases, cap_aliases;
    prepared_attr *attrs;
    size_t n_attrs, cap_attrs;
    prefix_key *prefixes;
    size_t n_prefixes, cap_prefixes;
    entidx_buf keys;
    entidx_buf strings; /* NUL-terminated, in the order the gazetteer's pool takes them */
    entidx_error err;   /* why reading stopped */
    int rc;             /* its code; ENTIDX_OK when no row failed */
    int last;           /* no batch follows (the input ended, or a row failed) */
} batch;

/*
 * What reading needs of its own (a thread may read while another adds). It
 * registers the ids too, in the order adding will number the entities: a
 * duplicate is found where the row's reading would have found it, and the
 * adding thread (the bottleneck) is spared a cache miss per row.
 */
typedef struct gz_reader {
    entidx_dict *ids; /* the gazetteer's (entity id -> entity number) */
    uint32_t n_ents;  /* entities read (with those of files before) */
    entidx_tokens toks;
    entidx_buf key;
    entidx_stemmer *stemmer; /* created with the first alias flagged stem */
    const char *stem_language;
    /* while deserializing with precomputed keys (index KEYS section): */
    entidx_cursor *pre;     /* the next name's or alias's key record */
    const char *pre_key[2]; /* its plain and stemmed keys */
    uint32_t pre_len[2];
    uint8_t pre_possessive; /* the string ends with a possessive ("Moody's") */
} gz_reader;

static void reader_dispose(gz_reader *r)
{
    entidx_tokens_dispose(&r->toks);
    entidx_buf_dispose(&r->key);
    entidx_stemmer_free(r->stemmer);
}

static void batch_clear(batch *b)
{
    b->n_rows = b->n_aliases = b->n_attrs = b->n_prefixes = 0;
    entidx_buf_clear(&b->keys);
    entidx_buf_clear(&b->strings);
    b->rc = ENTIDX_OK;
    b->last = 0;
}

static void batch_dispose(batch *b)
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
static prepared_row *batch_row(batch *b, uint64_t line)
{
    prepared_row *row;
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
static int put_string(batch *b, const entidx_slice *s)
{
    int rc = entidx_buf_put(&b->strings, s->p, s->len);
    return rc < 0 ? rc : entidx_buf_putc(&b->strings, '\0');
}

/* Read the precomputed key record of the next name or alias: its token count and shapes. */
static int read_pre_key(gz_reader *r, uint8_t flags, size_t *n, uint64_t *shapes)
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
static int add_key(gz_reader *r, batch *b, size_t n, int stemmed, uint32_t *off, uint32_t *len)
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
            entidx_slice word = next_field(&q, key + key_len, ENTIDX_KEY_SEP);
            cut = (size_t)(word.p + word.len - key);
        }
        b->prefixes[b->n_prefixes].hash = entidx_hash(key, cut);
        b->prefixes[b->n_prefixes++].len = (uint32_t)cut;
    }
    return ENTIDX_OK;
}

/* Read one name or alias (text without its flags) into b; `what` names it in messages. */
static int read_alias(gz_reader *r, batch *b, entidx_slice text, uint8_t flags, const char *what,
                      entidx_error *err)
{
    prepared_alias *a;
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
static int read_entity(gz_reader *r, batch *b, const entidx_slice *id, const entidx_slice *type,
                       const entidx_slice *name_field, uint64_t line, int *bad_field,
                       entidx_error *err)
{
    entidx_slice name = *name_field;
    const char *bad_at = NULL;
    prepared_row *row;
    uint8_t name_flags;
    uint32_t *slot;
    int rc;

    *bad_field = FIELD_ID;
    if (id->len == 0)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty id");
    if ((rc = check_text(id, "id", err)) < 0)
        return rc;
    if (memchr(id->p, ' ', id->len) != NULL)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "id '%.*s' contains a space",
                           (int)ENTIDX_MIN(id->len, 60), id->p);
    *bad_field = FIELD_TYPE;
    if ((rc = check_type(type, err)) < 0)
        return rc;
    *bad_field = FIELD_NAME;
    if ((rc = parse_flags(&name, &name_flags, &bad_at, err)) < 0)
        return rc;
    if (name.len == 0)
        return ENTIDX_FAIL(err, ENTIDX_EPARSE, "empty name for id '%.*s'",
                           (int)ENTIDX_MIN(id->len, 60), id->p);
    if ((rc = check_text(&name, "name", err)) < 0)
        return rc;
    *bad_field = FIELD_ID;
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
    *bad_field = FIELD_NAME;
    return read_alias(r, b, name, name_flags, "name", err);
}

/* Read one alias field ("text" or "text{flags}") of the row read last; *bad_at locates errors. */
static int read_alias_field(gz_reader *r, batch *b, const entidx_slice *field, const char **bad_at,
                            entidx_error *err)
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
static int read_attr(batch *b, const entidx_slice *name, const entidx_slice *value,
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
        if ((rc = entidx_array_grow((void **)&gz->keys, &gz->cap_keys, gz->n_keys + 1,
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
static void prefetch_alias(const entidx_gazetteer *gz, const batch *b, const prepared_alias *a)
{
    size_t n = (size_t)a->n_tokens << ((a->flags & ENTIDX_ALIAS_STEM) != 0);
    for (size_t i = 0; i < n; i++)
        entidx_dict_prefetch(&gz->keydict, b->prefixes[a->prefixes + i].hash);
}

/* Add the record of a name or alias read into b (text at text_off), under one of its keys. */
static int add_key_record(entidx_gazetteer *gz, uint32_t entity, uint32_t text_off, const batch *b,
                          const prepared_alias *pa, int stemmed)
{
    const char *text = pool_str(gz, text_off), *key = b->keys.ptr + pa->key[stemmed];
    const prefix_key *pk = b->prefixes + pa->prefixes + (stemmed ? pa->n_tokens : 0);
    size_t n = pa->n_tokens, key_len = pa->key_len[stemmed];
    entidx_gz_key *k = NULL;
    entidx_gz_alias a = {0};
    int rc;

    /* its first 1, 2, ... n - 1 words are keys too: the tagger extends candidates on them */
    for (size_t i = 0; i < n; i++) {
        uint64_t pair = i == 1 && !stemmed ? pa->pair : 0; /* of two-word keys */
        if ((rc = key_record(gz, key, pk[i].len, pk[i].hash, i == 0 && !stemmed, pair, &k)) < 0)
            return rc;
        if (i + 1 < n)
            k->is_prefix = 1;
    }
    /* the same alias text listed twice for one entity adds nothing */
    for (uint32_t j = k->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        if (gz->aliases[j].entity == entity && strcmp(pool_str(gz, gz->aliases[j].text), text) == 0)
            return ENTIDX_OK;
    }
    if (gz->n_aliases >= UINT32_MAX)
        return ENTIDX_ELIMIT;
    if ((rc = entidx_array_grow((void **)&gz->aliases, &gz->cap_aliases, gz->n_aliases + 1,
                                sizeof(*gz->aliases))) < 0)
        return rc;
    a.entity = entity;
    a.text = text_off;
    a.next = ENTIDX_GZ_NONE;
    a.n_tokens = (uint8_t)n;
    a.rule = (pa->flags & ENTIDX_ALIAS_EXACT)     ? ENTIDX_RULE_EXACT
             : (pa->flags & ENTIDX_ALIAS_ANYCASE) ? ENTIDX_RULE_ANY
                                                  : ENTIDX_RULE_DEFAULT;
    a.flags = pa->flags;
    a.skipped = (pa->flags & gz->opts.skip_flags) != 0;
    a.possessive = pa->possessive;
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
    if (!stemmed && (entidx_shape_ok(a.rule, ENTIDX_SHAPE_LOWER, (unsigned)(pa->shapes & 7)) ||
                     entidx_shape_ok(a.rule, ENTIDX_SHAPE_NONE, (unsigned)(pa->shapes & 7)))) {
        /* its first word, or two, go into the filter */
        const char *end = key + key_len, *sep = memchr(key, ENTIDX_KEY_SEP, key_len);
        if (sep == NULL) {
            bit_set(gz->low_one, entidx__gz_low_one_sig(key, key_len));
        } else {
            const char *w2 = sep + 1, *sep2 = memchr(w2, ENTIDX_KEY_SEP, (size_t)(end - w2));
            bit_set(gz->low_two, entidx__gz_low_two_sig(key, (size_t)(sep - key), w2,
                                                        (size_t)((sep2 ? sep2 : end) - w2)));
        }
    }
    return ENTIDX_OK;
}

/* Register a name or alias of `entity` read into b: its plain key, and its stemmed one if any. */
static int add_alias_keys(entidx_gazetteer *gz, uint32_t entity, uint32_t text_off, const batch *b,
                          const prepared_alias *pa)
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

/*
 * Add the entity of a row read into b (its id registered by reading): its
 * name and aliases, its attributes. Its strings are in the pool from offset
 * `strings` on, in the order they were read. Errors name `path` (NULL: none)
 * and the row's line.
 */
static int add_row(entidx_gazetteer *gz, const batch *b, const prepared_row *row, uint32_t strings,
                   const char *path, entidx_error *err)
{
    const prepared_alias *name;
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
    if ((rc = entidx_array_grow((void **)&gz->ents, &gz->cap_ents, gz->n_ents + 1,
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
        const prepared_alias *pa = &b->aliases[j];
        uint32_t off = at;
        at += (uint32_t)pa->text.len + 1;
        if (j + PREFETCH_AHEAD < b->n_aliases)
            prefetch_alias(gz, b, &b->aliases[j + PREFETCH_AHEAD]);
        if (i > 0) {
            if ((rc = entidx_array_grow((void **)&gz->alias_strs, &gz->cap_alias_strs,
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
        const prepared_attr *pa = &b->attrs[row->attr0 + i];
        entidx_gz_attr *a;
        if ((rc = entidx_array_grow((void **)&gz->attrs, &gz->cap_attrs, gz->n_attrs + 1,
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
static int add_rows(entidx_gazetteer *gz, const batch *b, const char *path, entidx_error *err)
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
        const prepared_row *row = &b->rows[i];
        if ((rc = add_row(gz, b, row, strings + (uint32_t)row->strings, path, err)) < 0)
            return rc;
    }
    if (b->rc < 0 && err != NULL)
        *err = b->err;
    return b->rc;
}

static int gz_new(entidx_gazetteer **out, const entidx_gazetteer_opts *opts, entidx_error *err)
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
static int set_path(entidx_gazetteer *gz, const char *path, entidx_error *err)
{
    if (pool_add(gz, path, strlen(path), &gz->cur_path) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    return ENTIDX_OK;
}

/* ---- TSV parsing ---- */

#define MAX_COLUMNS 64
#define BATCH_ROWS  1024 /* rows read at a time */

/* Read, from anywhere: big enough files are read by a thread of their own (tests lower it). */
size_t entidx__gz_thread_min_bytes = (size_t)1 << 20;

typedef struct tsv_ctx {
    const char *path;
    const char *data; /* the file */
    size_t len;
    size_t pos;    /* where reading goes on */
    uint64_t line; /* of the line read last */
    const char *line_start;
    int col_id, col_type, col_name, col_aliases;
    size_t n_cols;
    int ids_sized; /* the id dictionary has room for the file's rows */
    entidx_slice col_names[MAX_COLUMNS];
} tsv_ctx;

/* Locate an error raised by a helper at the given field of the current line. */
static int locate(const tsv_ctx *c, const char *at, int rc, entidx_error *err)
{
    if (err != NULL) {
        snprintf(err->path, sizeof(err->path), "%s", c->path);
        err->line = c->line;
        err->column = (uint64_t)(at - c->line_start) + 1;
    }
    return rc;
}

/* Split a line at its tabs into f[0..max); returns the number of fields (may exceed max). */
static size_t split_tabs(const char *p, size_t len, entidx_slice *f, size_t max)
{
    const char *end = p + len;
    size_t n = 0;
    for (const char *q = p; q != NULL; n++) {
        entidx_slice field = next_field(&q, end, '\t');
        if (n < max)
            f[n] = field;
    }
    return n;
}

static int parse_header(tsv_ctx *c, const char *p, size_t len, entidx_error *err)
{
    size_t n = split_tabs(p, len, c->col_names, MAX_COLUMNS);
    static const char *const required[] = {"id", "type", "name"};
    int *idx[] = {&c->col_id, &c->col_type, &c->col_name};

    if (n > MAX_COLUMNS)
        return ENTIDX_FAIL_AT(err, ENTIDX_ELIMIT, c->path, c->line, 1,
                              "header has %zu columns, the limit is %d", n, MAX_COLUMNS);
    c->n_cols = n;
    c->col_id = c->col_type = c->col_name = c->col_aliases = -1;
    for (size_t i = 0; i < n; i++) {
        const entidx_slice *s = &c->col_names[i];
        uint64_t col = (uint64_t)(s->p - p) + 1;
        if (s->len == 0)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, col,
                                  "empty column name in header");
        for (size_t j = 0; j < i; j++) {
            if (c->col_names[j].len == s->len && memcmp(c->col_names[j].p, s->p, s->len) == 0)
                return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, col,
                                      "duplicate column '%.*s' in header",
                                      (int)ENTIDX_MIN(s->len, 60), s->p);
        }
        for (size_t r = 0; r < ENTIDX_ARRAY_SIZE(required); r++) {
            if (s->len == strlen(required[r]) && memcmp(s->p, required[r], s->len) == 0)
                *idx[r] = (int)i;
        }
        if (s->len == 7 && memcmp(s->p, "aliases", 7) == 0)
            c->col_aliases = (int)i;
    }
    for (size_t r = 0; r < ENTIDX_ARRAY_SIZE(required); r++) {
        if (*idx[r] < 0)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, 1,
                                  "header lacks the required column '%s' (header must name "
                                  "id, type and name, separated by tabs)",
                                  required[r]);
    }
    return ENTIDX_OK;
}

/* Read one row (line c->line, p[0..len)) into b. */
static int read_row(gz_reader *r, const tsv_ctx *c, batch *b, const char *p, size_t len,
                    entidx_error *err)
{
    entidx_slice f[MAX_COLUMNS];
    size_t n = split_tabs(p, len, f, MAX_COLUMNS), rows = b->n_rows;
    int rc, bad;

    if (n > c->n_cols) {
        const char *at = p + len;
        size_t tabs = 0;
        for (size_t i = 0; i < len; i++) {
            if (p[i] == '\t' && ++tabs == c->n_cols) {
                at = p + i; /* the tab that starts the first extra field */
                break;
            }
        }
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, (uint64_t)(at - p) + 1,
                              "line has %zu fields, the header has %zu", n, c->n_cols);
    }
    /* trailing optional fields may be left out; required ones may not */
    for (size_t i = n; i < c->n_cols; i++) {
        if ((int)i == c->col_id || (int)i == c->col_type || (int)i == c->col_name)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, len + 1,
                                  "missing field '%.*s' (line has %zu fields, the header has %zu)",
                                  (int)ENTIDX_MIN(c->col_names[i].len, 60), c->col_names[i].p, n,
                                  c->n_cols);
        f[i].p = p + len;
        f[i].len = 0;
    }
    rc = read_entity(r, b, &f[c->col_id], &f[c->col_type], &f[c->col_name], c->line, &bad, err);
    if (b->n_rows > rows)
        b->rows[rows].id_column = (uint64_t)(f[c->col_id].p - p) + 1;
    if (rc < 0) {
        int col = bad == FIELD_TYPE ? c->col_type : bad == FIELD_NAME ? c->col_name : c->col_id;
        rc = locate(c, f[col].p, rc, err);
        goto fail;
    }
    if (c->col_aliases >= 0 && f[c->col_aliases].len > 0) {
        const char *q = f[c->col_aliases].p, *end = q + f[c->col_aliases].len, *bad_at;
        while (q != NULL) {
            entidx_slice one = next_field(&q, end, '|');
            if ((rc = read_alias_field(r, b, &one, &bad_at, err)) < 0) {
                rc = locate(c, bad_at, rc, err);
                goto fail;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if ((int)i == c->col_id || (int)i == c->col_type || (int)i == c->col_name ||
            (int)i == c->col_aliases)
            continue;
        if ((rc = read_attr(b, &c->col_names[i], &f[i], err)) < 0) {
            rc = locate(c, f[i].p, rc, err);
            goto fail;
        }
    }
    return ENTIDX_OK;
fail:
    if (b->n_rows > rows) /* the id was checked: adding it may find it a duplicate */
        b->rows[rows].failed = 1;
    return rc;
}

/*
 * The next line that is neither blank nor a comment, without its line end:
 * 1, or 0 at the end of the data, or an error (a NUL byte).
 */
static int next_line(tsv_ctx *c, const char **line, size_t *len, entidx_error *err)
{
    while (c->pos < c->len) {
        const char *p = c->data + c->pos, *nl = memchr(p, '\n', c->len - c->pos), *nul;
        size_t n = nl ? (size_t)(nl - p) : c->len - c->pos;
        c->pos += n + (nl != NULL);
        c->line++;
        c->line_start = p;
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (n == 0 || p[0] == '#')
            continue;
        if ((nul = memchr(p, '\0', n)) != NULL)
            return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, c->path, c->line, (uint64_t)(nul - p) + 1,
                                  "NUL byte in gazetteer (is the file UTF-16 or binary?)");
        *line = p;
        *len = n;
        return 1;
    }
    return 0;
}

/* Occurrences of byte c in data[0..len): 16 bytes at a time (a memchr() per line costs more). */
static size_t count_byte(const char *data, size_t len, char c)
{
    size_t n = 0, i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i want = _mm_set1_epi8(c);
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + i));
        n += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, want)));
    }
#endif
    for (; i < len; i++)
        n += data[i] == c;
    return n;
}

/*
 * Read up to BATCH_ROWS rows from c->pos into b (emptied first). The first
 * time, size the id dictionary for the file (one id per line), so that a
 * large gazetteer does not rehash it at every doubling.
 */
static void read_rows(gz_reader *r, tsv_ctx *c, batch *b)
{
    const char *p = NULL;
    size_t n = 0;
    batch_clear(b);
    if (!c->ids_sized) {
        c->ids_sized = 1;
        if (entidx_dict_reserve(r->ids, r->ids->count + count_byte(c->data, c->len, '\n')) < 0) {
            b->rc = ENTIDX_FAIL_AT(&b->err, ENTIDX_ENOMEM, c->path, 0, 0,
                                   "out of memory loading gazetteer");
            b->last = 1;
            return;
        }
    }
    while (b->n_rows < BATCH_ROWS && (b->rc = next_line(c, &p, &n, &b->err)) == 1) {
        if ((b->rc = read_row(r, c, b, p, n, &b->err)) < 0)
            break;
    }
    if (b->rc > 0)
        b->rc = ENTIDX_OK;
    b->last = b->rc < 0 || c->pos >= c->len;
}

/*
 * Size the key dictionary and the tables for the names and aliases of a file
 * about to be read (one name per line, aliases split by '|'; half as many
 * again for the keys of multi-word names' first words; its strings take about
 * as many bytes as the file), at once and in huge pages: filled record by
 * record, they would take a page fault per 4 kB, and they are the adding
 * thread's, which sets the pace.
 */
static int reserve_for(entidx_gazetteer *gz, const char *data, size_t len)
{
    size_t lines = count_byte(data, len, '\n'), names = lines + count_byte(data, len, '|');
    int rc;
    if ((rc = entidx_dict_reserve(&gz->keydict, gz->keydict.count + names + names / 2)) < 0 ||
        (rc = entidx_array_reserve_table((void **)&gz->ents, &gz->cap_ents, gz->n_ents + lines,
                                         sizeof(*gz->ents))) < 0 ||
        (rc = entidx_array_reserve_table((void **)&gz->aliases, &gz->cap_aliases,
                                         gz->n_aliases + names, sizeof(*gz->aliases))) < 0 ||
        (rc = entidx_array_reserve_table((void **)&gz->keys, &gz->cap_keys,
                                         gz->n_keys + names + names / 2, sizeof(*gz->keys))) < 0 ||
        (rc = entidx_buf_reserve_table(&gz->pool, len)) < 0 ||
        (rc = entidx_buf_reserve_table(&gz->keydict.keys, len)) < 0)
        return rc;
    return ENTIDX_OK;
}

/*
 * Two batches go back and forth between the thread that reads rows and the
 * one that adds them: each is either the reader's to fill or, once `full`,
 * the adder's to empty.
 */
typedef struct tsv_pipeline {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch b[2];
    int full[2];
    int stop; /* the adder failed: read no more */
    gz_reader *r;
    tsv_ctx *c;
} tsv_pipeline;

static void *read_thread(void *arg)
{
    tsv_pipeline *pl = arg;
    for (int k = 0;; k ^= 1) {
        int last;
        pthread_mutex_lock(&pl->mu);
        while (pl->full[k] && !pl->stop)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop) {
            pthread_mutex_unlock(&pl->mu);
            break;
        }
        pthread_mutex_unlock(&pl->mu);
        read_rows(pl->r, pl->c, &pl->b[k]);
        last = pl->b[k].last;
        pthread_mutex_lock(&pl->mu);
        pl->full[k] = 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
        if (last)
            break;
    }
    return NULL;
}

/*
 * Add the rows of c->data from c->pos on, read by another thread (which starts
 * while this one sizes the tables). 1 when no thread could start.
 */
static int add_rows_threaded(entidx_gazetteer *gz, gz_reader *r, tsv_ctx *c, entidx_error *err)
{
    tsv_pipeline pl;
    pthread_t th;
    int rc = ENTIDX_OK;

    memset(&pl, 0, sizeof(pl));
    pl.r = r;
    pl.c = c;
    if (pthread_mutex_init(&pl.mu, NULL) != 0)
        return 1;
    if (pthread_cond_init(&pl.cv, NULL) != 0) {
        pthread_mutex_destroy(&pl.mu);
        return 1;
    }
    if (pthread_create(&th, NULL, read_thread, &pl) != 0) {
        rc = 1;
        goto out;
    }
    if ((rc = reserve_for(gz, c->data, c->len)) < 0) {
        rc = ENTIDX_FAIL_AT(err, rc, c->path, 0, 0, "out of memory loading gazetteer");
        pthread_mutex_lock(&pl.mu);
        pl.stop = 1;
        pthread_cond_broadcast(&pl.cv);
        pthread_mutex_unlock(&pl.mu);
    }
    for (int k = 0; rc == ENTIDX_OK; k ^= 1) {
        int last;
        pthread_mutex_lock(&pl.mu);
        while (!pl.full[k])
            pthread_cond_wait(&pl.cv, &pl.mu);
        pthread_mutex_unlock(&pl.mu);
        rc = add_rows(gz, &pl.b[k], c->path, err);
        last = pl.b[k].last;
        pthread_mutex_lock(&pl.mu);
        pl.full[k] = 0;
        pl.stop = rc < 0;
        pthread_cond_broadcast(&pl.cv);
        pthread_mutex_unlock(&pl.mu);
        if (rc < 0 || last)
            break;
    }
    pthread_join(th, NULL);
out:
    batch_dispose(&pl.b[0]);
    batch_dispose(&pl.b[1]);
    pthread_cond_destroy(&pl.cv);
    pthread_mutex_destroy(&pl.mu);
    return rc;
}

static int parse_tsv(entidx_gazetteer *gz, const char *path, const char *data, size_t len,
                     entidx_error *err)
{
    const char *header = NULL;
    size_t header_len = 0;
    gz_reader r;
    tsv_ctx c;
    batch b;
    int rc;

    memset(&c, 0, sizeof(c));
    memset(&r, 0, sizeof(r));
    memset(&b, 0, sizeof(b));
    c.path = path;
    c.data = data;
    c.len = len;
    r.stem_language = gz->stem_language;
    r.ids = &gz->iddict;
    r.n_ents = (uint32_t)gz->n_ents;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        c.pos = 3;
    /* the header: the first line that is neither blank nor a comment */
    if ((rc = next_line(&c, &header, &header_len, err)) < 0)
        return rc;
    if (rc == 0)
        return ENTIDX_FAIL_AT(err, ENTIDX_EPARSE, path, c.line ? c.line : 1, 0,
                              "no header row (expected columns id, type, name)");
    if ((rc = parse_header(&c, header, header_len, err)) < 0)
        return rc;
    if (len - c.pos >= entidx__gz_thread_min_bytes &&
        (rc = add_rows_threaded(gz, &r, &c, err)) <= 0)
        goto out;
    if ((rc = reserve_for(gz, data, len)) < 0) {
        rc = ENTIDX_FAIL_AT(err, rc, path, 0, 0, "out of memory loading gazetteer");
        goto out;
    }
    while (c.pos < len && rc == ENTIDX_OK) {
        read_rows(&r, &c, &b);
        rc = add_rows(gz, &b, path, err);
    }
out:
    batch_dispose(&b);
    reader_dispose(&r);
    return rc;
}

static int read_file(const char *path, entidx_buf *out, entidx_error *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    struct stat st;
    size_t n, room = 65536;
    int rc = ENTIDX_OK;

    if (f == NULL)
        return ENTIDX_FAIL_SYS(err, errno, path, "cannot open gazetteer");
    out->cap = MAX_GAZETTEER_BYTES;
    /* a file's size is known: one allocation, and fread() straight into it */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size < MAX_GAZETTEER_BYTES)
        room = (size_t)st.st_size + 1; /* +1: the end of the file is seen without growing */
    for (;;) {
        if ((rc = entidx_buf_reserve(out, room)) < 0) {
            rc = ENTIDX_FAIL_AT(err, rc, path, 0, 0,
                                rc == ENTIDX_ELIMIT ? "gazetteer larger than 2 GiB"
                                                    : "out of memory reading gazetteer");
            break;
        }
        if ((n = fread(out->ptr + out->len, 1, room, f)) == 0)
            break;
        out->len += n;
        out->ptr[out->len] = '\0';
        room = 65536;
    }
    if (rc == ENTIDX_OK && ferror(f))
        rc = ENTIDX_FAIL_SYS(err, errno ? errno : EIO, path, "cannot read gazetteer");
    if (f != stdin)
        fclose(f);
    return rc;
}

/*
 * Parse the gazetteer file at path: mapped when it is a regular file (on this
 * machine, 20 ms for 35 MB against 150 ms to read it into fresh memory, every
 * page of which faults), else read (standard input, a pipe). Like the index
 * reader, this trusts the file not to be truncated while it is being read.
 */
static int parse_file(entidx_gazetteer *gz, const char *path, entidx_buf *data, entidx_error *err)
{
    struct stat st;
    int fd, rc;

    if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
        void *m = MAP_FAILED;
        size_t len = 0;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
            (uint64_t)st.st_size <= MAX_GAZETTEER_BYTES) {
            len = (size_t)st.st_size;
            m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE_IF_ANY, fd, 0);
        }
        close(fd);
        if (m != MAP_FAILED) {
            rc = parse_tsv(gz, path, m, len, err);
            munmap(m, len);
            return rc;
        }
    }
    entidx_buf_clear(data);
    if ((rc = read_file(path, data, err)) < 0)
        return rc;
    return parse_tsv(gz, path, data->ptr ? data->ptr : "", data->len, err);
}

int entidx_gazetteer_load(entidx_gazetteer **out, const char *const *paths, size_t n_paths,
                          const entidx_gazetteer_opts *opts, entidx_error *err)
{
    entidx_gazetteer *gz;
    entidx_buf data = ENTIDX_BUF_INIT;
    int rc;

    if ((rc = gz_new(&gz, opts, err)) < 0)
        return rc;
    *out = NULL;
    for (size_t i = 0; i < n_paths; i++) {
        if (entidx__gz_is_compiled(paths[i])) {
            if (i > 0) {
                rc = ENTIDX_FAIL_AT(err, ENTIDX_EINVAL, paths[i], 0, 0,
                                    "a compiled gazetteer must be the first one loaded "
                                    "(compile the files together)");
                goto fail;
            }
            if ((rc = entidx__gz_load_compiled(gz, paths[i], opts ? opts->stem_language : NULL,
                                               err)) < 0)
                goto fail;
            continue;
        }
        if ((rc = set_path(gz, paths[i], err)) < 0 ||
            (rc = parse_file(gz, paths[i], &data, err)) < 0)
            goto fail;
        /* after a compiled gazetteer: its fingerprint no longer describes the table */
        atomic_store_explicit(&gz->fingerprint, 0, memory_order_relaxed);
    }
    entidx_buf_dispose(&data);
    *out = gz;
    return ENTIDX_OK;
fail:
    entidx_buf_dispose(&data);
    entidx_gazetteer_free(gz);
    return rc;
}

int entidx_gazetteer_load_buffer(entidx_gazetteer **out, const char *name, const char *data,
                                 size_t len, const entidx_gazetteer_opts *opts, entidx_error *err)
{
    entidx_gazetteer *gz;
    int rc;

    if ((rc = gz_new(&gz, opts, err)) < 0)
        return rc;
    *out = NULL;
    if ((rc = set_path(gz, name, err)) < 0 || (rc = parse_tsv(gz, name, data, len, err)) < 0) {
        entidx_gazetteer_free(gz);
        return rc;
    }
    *out = gz;
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
    gz_reader r;
    batch b;
    uint64_t n;
    int rc;

    *out = NULL;
    memset(&r, 0, sizeof(r));
    memset(&b, 0, sizeof(b));
    if ((rc = gz_new(&gz, &all, err)) < 0)
        return rc;
    r.stem_language = gz->stem_language;
    r.ids = &gz->iddict;
    if ((rc = set_path(gz, path, err)) < 0)
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
        if ((rc = read_entity(&r, &b, &id, &type, &name, 0, &bad, &b.err)) < 0)
            goto unread;
        for (uint64_t k = 0; k < na; k++) {
            const char *bad_at;
            if (get_slice(&c, &s) < 0)
                goto corrupt;
            if ((rc = read_alias_field(&r, &b, &s, &bad_at, &b.err)) < 0)
                goto unread;
        }
        if (entidx_cursor_varint(&c, &na) < 0)
            goto corrupt;
        for (uint64_t k = 0; k < na; k++) {
            if (get_slice(&c, &s) < 0 || get_slice(&c, &v) < 0)
                goto corrupt;
            if ((rc = read_attr(&b, &s, &v, &b.err)) < 0)
                goto unread;
        }
        if (b.n_rows == BATCH_ROWS || i + 1 == n) {
            if ((rc = add_rows(gz, &b, NULL, err)) < 0)
                goto invalid;
            batch_clear(&b);
        }
        continue;
    unread:
        if (b.n_rows > rows) /* the id was checked: adding it may find it a duplicate */
            b.rows[b.n_rows - 1].failed = 1;
        b.rc = rc;
        rc = add_rows(gz, &b, NULL, err);
        goto invalid;
    }
    if (c.p != c.end || (keys != NULL && kc.p != kc.end))
        goto corrupt;
    batch_dispose(&b);
    reader_dispose(&r);
    /* the bytes are the serialized form (index_merge.c relies on the round trip) */
    atomic_store_explicit(&gz->fingerprint, entidx_hash(data, len), memory_order_relaxed);
    *out = gz;
    return ENTIDX_OK;
corrupt:
    /* the rows read before the corruption first (one may repeat an id) */
    if ((rc = add_rows(gz, &b, NULL, err)) < 0)
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
    batch_dispose(&b);
    reader_dispose(&r);
    entidx_gazetteer_free(gz);
    return rc;
}
