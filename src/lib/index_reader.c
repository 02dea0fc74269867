/* SPDX-License-Identifier: MIT */
/*
 * index_reader.c - open a memory-mapped index and decode it through
 * bounds-checked cursors; verify checksums and invariants. Layout:
 * index_format.h. Nothing read from the file is trusted: every offset,
 * length and number is checked before use.
 */
#include "internal.h"
#include "entidx/index.h"
#include "gazetteer_int.h"
#include "index_format.h"
#include "index_int.h"
#include "isal.h"
#include "maptable.h"
#include "name_lookup.h"
#include "utf8.h"
#include "varint.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct section {
    uint32_t crc;
    const uint8_t *p;
    size_t len;
} section;

/* One entity read from ENTITIES, its strings NUL-terminated in the same allocation. */
typedef struct cached_entity {
    entidx_entity info;
    const char **alias; /* [0] the name, [k] alias k - 1, without flag suffixes */
} cached_entity;

/*
 * Entities and the whole entity table are read when first asked for, so that
 * opening an index costs a header read. An opened index is shared by threads:
 * each lazily built object is published with a compare-and-swap; a thread
 * that loses the race frees its copy.
 */
struct entidx_index {
    char *path;
    const uint8_t *map;
    size_t size;
    uint32_t version;
    uint32_t n_entities, n_docs;
    section sec[ENTIDX_INDEX_N_SECTIONS + 1]; /* indexed by ENTIDX_SEC_* */
    entidx_maptable names, ids;               /* NAMES (after its header) and IDS */
    char stem_language[32];                   /* of the NAMES stemmed keys; "" for none */
    _Atomic(cached_entity *) *ents;           /* n_entities, built when first asked for */
    _Atomic(entidx_gazetteer *) gz;           /* the whole entity table, likewise */
    const char **source;                      /* SOURCES: paths (not NUL-terminated) and lengths */
    uint32_t *source_len;
    uint32_t n_sources;
};

static int corrupt(const entidx_index *ix, entidx_error *err, const char *what)
{
    return ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, ix->path, 0, 0, "corrupt index: %s", what);
}

static int map_file(entidx_index *ix, entidx_error *err)
{
    struct stat st;
    int fd = open(ix->path, O_RDONLY);
    void *m;

    if (fd < 0)
        return ENTIDX_FAIL_SYS(err, errno, ix->path, "cannot open index");
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return ENTIDX_FAIL_SYS(err, e, ix->path, "cannot stat index");
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return ENTIDX_FAIL_AT(err, ENTIDX_EIO, ix->path, 0, 0, "is a directory, not an index");
    }
    if ((uint64_t)st.st_size < ENTIDX_INDEX_HEADER_LEN) {
        close(fd);
        return ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, ix->path, 0, 0,
                              st.st_size == 0 ? "empty file, not an entidx index"
                                              : "too short to be an entidx index");
    }
    ix->size = (size_t)st.st_size;
    m = mmap(NULL, ix->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return ENTIDX_FAIL_SYS(err, errno, ix->path, "cannot map index");
    ix->map = m;
    return ENTIDX_OK;
}

static int read_header(entidx_index *ix, entidx_error *err)
{
    const uint8_t *h = ix->map;
    size_t table_end;
    uint32_t n_sections, header_crc;
    uint64_t expect_off;
    uint32_t c;

    if (memcmp(h, ENTIDX_INDEX_MAGIC, ENTIDX_INDEX_MAGIC_LEN) != 0)
        return ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, ix->path, 0, 0, "not an entidx index");
    ix->version = entidx_get_u32le(h + 8);
    if (ix->version < ENTIDX_INDEX_VERSION)
        return ENTIDX_FAIL_AT(err, ENTIDX_EVERSION, ix->path, 0, 0,
                              "index format version %u is no longer read by this entidx (it "
                              "reads %u); build the index again",
                              (unsigned)ix->version, ENTIDX_INDEX_VERSION);
    if (ix->version > ENTIDX_INDEX_VERSION)
        return ENTIDX_FAIL_AT(err, ENTIDX_EVERSION, ix->path, 0, 0,
                              "index format version %u is newer than this entidx supports (%u); "
                              "upgrade entidx",
                              (unsigned)ix->version, ENTIDX_INDEX_VERSION);
    ix->n_entities = entidx_get_u32le(h + 24);
    ix->n_docs = entidx_get_u32le(h + 28);
    n_sections = entidx_get_u32le(h + 32);
    header_crc = entidx_get_u32le(h + 36);
    if (n_sections != ENTIDX_INDEX_N_SECTIONS)
        return corrupt(ix, err, "wrong number of sections");
    table_end = ENTIDX_INDEX_HEADER_LEN + ENTIDX_INDEX_N_SECTIONS * ENTIDX_INDEX_SECTION_LEN;
    if (ix->size < table_end)
        return corrupt(ix, err, "file truncated inside the section table");
    c = entidx_crc32(0, h, ENTIDX_INDEX_HEADER_LEN - 4);
    c = entidx_crc32(c, h + ENTIDX_INDEX_HEADER_LEN, table_end - ENTIDX_INDEX_HEADER_LEN);
    if (c != header_crc)
        return corrupt(ix, err, "header checksum mismatch");
    expect_off = table_end;
    for (unsigned i = 0; i < ENTIDX_INDEX_N_SECTIONS; i++) {
        const uint8_t *s = h + ENTIDX_INDEX_HEADER_LEN + i * ENTIDX_INDEX_SECTION_LEN;
        uint64_t off = entidx_get_u64le(s + 8), len = entidx_get_u64le(s + 16);
        if (entidx_get_u32le(s) != i + 1 || off != expect_off)
            return corrupt(ix, err, "bad section table");
        if (len > ix->size || off > ix->size - len)
            return ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, ix->path, 0, 0,
                                  "corrupt index: file truncated (%zu bytes, section %u ends at "
                                  "%llu)",
                                  ix->size, i + 1, (unsigned long long)(off + len));
        ix->sec[i + 1].crc = entidx_get_u32le(s + 4);
        ix->sec[i + 1].p = h + off;
        ix->sec[i + 1].len = (size_t)len;
        expect_off = off + len;
    }
    if (expect_off != ix->size)
        return corrupt(ix, err, "unexpected data after the last section");
    if (ix->sec[ENTIDX_SEC_SKIPS].len % ENTIDX_INDEX_SKIP_LEN != 0 ||
        ix->sec[ENTIDX_SEC_DOC_INDEX].len != (uint64_t)ix->n_docs * 8 ||
        ix->sec[ENTIDX_SEC_FWD_INDEX].len != (uint64_t)ix->n_docs * 8 ||
        ix->sec[ENTIDX_SEC_POSTINGS_INDEX].len !=
            (uint64_t)ix->n_entities * ENTIDX_INDEX_POSTING_DIR ||
        ix->sec[ENTIDX_SEC_ENTITY_INDEX].len != (uint64_t)ix->n_entities * 8)
        return corrupt(ix, err, "section sizes do not match the header counts");
    return ENTIDX_OK;
}

static int read_sources(entidx_index *ix, entidx_error *err)
{
    entidx_cursor c;
    uint32_t n;
    entidx_cursor_init(&c, ix->sec[ENTIDX_SEC_SOURCES].p, ix->sec[ENTIDX_SEC_SOURCES].len);
    if (entidx_cursor_varint32(&c, &n) < 0 || n > ix->sec[ENTIDX_SEC_SOURCES].len)
        return corrupt(ix, err, "bad source table");
    ix->source = entidx_calloc(n ? n : 1, sizeof(*ix->source));
    ix->source_len = entidx_calloc(n ? n : 1, sizeof(*ix->source_len));
    if (ix->source == NULL || ix->source_len == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory reading the source table");
    for (uint32_t i = 0; i < n; i++) {
        if (entidx_cursor_bytes(&c, &ix->source[i], &ix->source_len[i]) < 0)
            return corrupt(ix, err, "source table runs past its section");
    }
    if (c.p != c.end)
        return corrupt(ix, err, "unexpected bytes after the source table");
    ix->n_sources = n;
    return ENTIDX_OK;
}

/* The NAMES header and the two mapped tables. */
static int read_tables(entidx_index *ix, entidx_error *err)
{
    entidx_cursor c;
    const char *lang;
    uint32_t lang_len;

    entidx_cursor_init(&c, ix->sec[ENTIDX_SEC_NAMES].p, ix->sec[ENTIDX_SEC_NAMES].len);
    if (entidx_cursor_bytes(&c, &lang, &lang_len) < 0 || lang_len >= sizeof(ix->stem_language) ||
        memchr(lang, '\0', lang_len) != NULL ||
        entidx_maptable_open(&ix->names, c.p, (size_t)(c.end - c.p)) < 0 ||
        entidx_maptable_open(&ix->ids, ix->sec[ENTIDX_SEC_IDS].p, ix->sec[ENTIDX_SEC_IDS].len) < 0)
        return corrupt(ix, err, "bad name or id table");
    memcpy(ix->stem_language, lang, lang_len);
    ix->stem_language[lang_len] = '\0';
    return ENTIDX_OK;
}

int entidx_index_open(entidx_index **out, const char *path, entidx_error *err)
{
    entidx_index *ix;
    int rc;

    *out = NULL;
    ix = entidx_calloc(1, sizeof(*ix));
    if (ix == NULL || (ix->path = entidx_strndup(path, strlen(path))) == NULL) {
        entidx_free(ix);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index reader");
    }
    atomic_init(&ix->gz, NULL);
    if ((rc = map_file(ix, err)) < 0 || (rc = read_header(ix, err)) < 0 ||
        (rc = read_sources(ix, err)) < 0 || (rc = read_tables(ix, err)) < 0)
        goto fail;
    ix->ents = entidx_calloc(ix->n_entities ? ix->n_entities : 1, sizeof(*ix->ents));
    if (ix->ents == NULL) {
        rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate index reader");
        goto fail;
    }
    for (uint32_t e = 0; e < ix->n_entities; e++)
        atomic_init(&ix->ents[e], NULL);
    *out = ix;
    return ENTIDX_OK;
fail:
    entidx_index_close(ix);
    return rc;
}

void entidx_index_close(entidx_index *ix)
{
    if (ix == NULL)
        return;
    if (ix->map != NULL)
        munmap((void *)ix->map, ix->size);
    if (ix->ents != NULL) {
        for (uint32_t e = 0; e < ix->n_entities; e++)
            entidx_free(atomic_load(&ix->ents[e]));
        entidx_free((void *)ix->ents);
    }
    entidx_gazetteer_free(atomic_load(&ix->gz));
    entidx_free(ix->source);
    entidx_free(ix->source_len);
    entidx_free(ix->path);
    entidx_free(ix);
}

uint32_t entidx_index_entity_count(const entidx_index *ix)
{
    return ix->n_entities;
}

/* A stored string: check it is UTF-8 without NUL and split its flags off when asked. */
static int entity_string(entidx_cursor *c, int flagged, const char **s, size_t *len, uint8_t *flags)
{
    uint32_t n;
    if (entidx_cursor_bytes(c, s, &n) < 0 || !entidx_utf8_valid(*s, n) ||
        memchr(*s, '\0', n) != NULL)
        return -1;
    *len = n;
    *flags = 0;
    if (flagged && entidx__gz_split_flags(*s, n, len, flags) < 0)
        return -1;
    return 0;
}

/* Decode entity e's record from ENTITIES into one allocation. */
static int decode_entity(const entidx_index *ix, uint32_t e, cached_entity **out, entidx_error *err)
{
    const section *ents = &ix->sec[ENTIDX_SEC_ENTITIES];
    uint64_t off = entidx_get_u64le(ix->sec[ENTIDX_SEC_ENTITY_INDEX].p + (size_t)e * 8);
    const char *str[3];
    size_t len[3], bytes, n_attrs_at;
    uint8_t fl[3];
    uint64_t n_aliases, n_attrs;
    entidx_cursor c;
    cached_entity *ce;
    char *w;

    if (off >= ents->len)
        return corrupt(ix, err, "entity index points outside the entity table");
    entidx_cursor_init(&c, ents->p + off, ents->len - (size_t)off);
    for (int f = 0; f < 3; f++) {
        if (entity_string(&c, f == 2, &str[f], &len[f], &fl[f]) < 0)
            return corrupt(ix, err, "bad entity record");
    }
    if (len[0] == 0 || len[2] == 0 || entidx_cursor_varint(&c, &n_aliases) < 0 ||
        n_aliases > (size_t)(c.end - c.p))
        return corrupt(ix, err, "bad entity record");
    /* first pass: sizes; the aliases are read again below */
    bytes = sizeof(*ce) + (size_t)(n_aliases + 1) * sizeof(char *) + len[0] + len[1] + len[2] + 3;
    {
        entidx_cursor a = c;
        for (uint64_t k = 0; k < n_aliases; k++) {
            const char *s;
            size_t l;
            uint8_t f;
            if (entity_string(&a, 1, &s, &l, &f) < 0)
                return corrupt(ix, err, "bad alias in an entity record");
            bytes += l + 1;
        }
        if (entidx_cursor_varint(&a, &n_attrs) < 0)
            return corrupt(ix, err, "bad entity record");
        n_attrs_at = (size_t)n_attrs;
    }
    if ((ce = entidx_malloc(bytes)) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory reading an entity");
    ce->alias = (const char **)(ce + 1);
    w = (char *)(ce->alias + n_aliases + 1);
    for (int f = 0; f < 3; f++) {
        memcpy(w, str[f], len[f]);
        w[len[f]] = '\0';
        str[f] = w;
        w += len[f] + 1;
    }
    ce->info.id = str[0];
    ce->info.type = str[1];
    ce->info.name = str[2];
    ce->info.n_aliases = (size_t)n_aliases;
    ce->info.n_attrs = n_attrs_at;
    ce->info.name_flags = fl[2];
    ce->info.path = ix->path;
    ce->info.line = 0;
    ce->alias[0] = str[2];
    for (uint64_t k = 0; k < n_aliases; k++) {
        const char *s;
        size_t l;
        uint8_t f;
        (void)entity_string(&c, 1, &s, &l, &f); /* checked in the first pass */
        memcpy(w, s, l);
        w[l] = '\0';
        ce->alias[k + 1] = w;
        w += l + 1;
    }
    *out = ce;
    return ENTIDX_OK;
}

/* Entity e, read when first asked for. */
static int load_entity(const entidx_index *ix, uint32_t e, const cached_entity **out,
                       entidx_error *err)
{
    cached_entity *ce = atomic_load(&ix->ents[e]), *expected = NULL;
    int rc;

    if (ce == NULL) {
        if ((rc = decode_entity(ix, e, &ce, err)) < 0)
            return rc;
        if (!atomic_compare_exchange_strong(&ix->ents[e], &expected, ce)) {
            entidx_free(ce);
            ce = expected;
        }
    }
    *out = ce;
    return ENTIDX_OK;
}

int entidx_index_entity(const entidx_index *ix, uint32_t entity, entidx_entity *out,
                        entidx_error *err)
{
    const cached_entity *ce;
    int rc;

    if (entity >= ix->n_entities)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no entity number %u in the index",
                           (unsigned)entity);
    if ((rc = load_entity(ix, entity, &ce, err)) < 0)
        return rc;
    *out = ce->info;
    return ENTIDX_OK;
}

int entidx_index_entity_alias(const entidx_index *ix, uint32_t entity, size_t k, const char **alias,
                              entidx_error *err)
{
    const cached_entity *ce;
    int rc;

    if (entity >= ix->n_entities)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no entity number %u in the index",
                           (unsigned)entity);
    if ((rc = load_entity(ix, entity, &ce, err)) < 0)
        return rc;
    if (k >= ce->info.n_aliases)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "entity %u has no alias %zu", (unsigned)entity, k);
    *alias = ce->alias[k + 1];
    return ENTIDX_OK;
}

/* The name_lookup store of an index: its mapped NAMES table. */
static int names_candidates(void *store, const char *key, size_t key_len,
                            entidx_name_candidates *out, entidx_error *err)
{
    const entidx_index *ix = store;
    const uint8_t *v;
    size_t vlen;
    entidx_cursor c;
    uint64_t n;
    int found = entidx_maptable_get(&ix->names, key, key_len, &v, &vlen);

    if (found < 0)
        return corrupt(ix, err, "bad name table");
    if (found == 0)
        return ENTIDX_OK;
    entidx_cursor_init(&c, v, vlen);
    if (entidx_cursor_varint(&c, &n) < 0 || n > vlen)
        return corrupt(ix, err, "bad name table record");
    for (uint64_t i = 0; i < n; i++) {
        entidx_name_candidate cand;
        const cached_entity *ce;
        uint64_t entity, k, nt, shapes;
        int rc;
        if (entidx_cursor_varint(&c, &entity) < 0 || entidx_cursor_varint(&c, &k) < 0 ||
            c.end - c.p < 2)
            return corrupt(ix, err, "bad name table record");
        cand.rule = c.p[0];
        cand.flags = c.p[1];
        c.p += 2;
        if (entidx_cursor_varint(&c, &nt) < 0 || entidx_cursor_varint(&c, &shapes) < 0 ||
            entity >= ix->n_entities || cand.rule > ENTIDX_RULE_EXACT ||
            nt / 2 > ENTIDX_MAX_ALIAS_TOK)
            return corrupt(ix, err, "bad name table record");
        if ((rc = load_entity(ix, (uint32_t)entity, &ce, err)) < 0)
            return rc;
        if (k > ce->info.n_aliases)
            return corrupt(ix, err, "name table names a missing alias");
        cand.entity = (uint32_t)entity;
        cand.text = ce->alias[k];
        cand.n_tokens = (uint8_t)(nt / 2);
        cand.possessive = (uint8_t)(nt & 1);
        cand.skipped = 0; /* an index resolves every name it knows */
        cand.shapes = shapes;
        if (entidx__name_candidate_add(out, &cand) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory looking up a name");
    }
    return ENTIDX_OK;
}

int entidx_index_lookup(const entidx_index *ix, const char *name, size_t len,
                        entidx_lookup_match *out, size_t cap, size_t *n_out, entidx_error *err)
{
    return entidx__name_lookup(names_candidates, (void *)ix,
                               ix->stem_language[0] ? ix->stem_language : NULL, name, len, out, cap,
                               n_out, err);
}

int entidx_index_find_id(const entidx_index *ix, const char *id, size_t id_len, uint32_t *entity,
                         entidx_error *err)
{
    const uint8_t *v;
    size_t vlen;
    entidx_cursor c;
    uint64_t e;
    int found = entidx_maptable_get(&ix->ids, id, id_len, &v, &vlen);

    if (found < 0)
        return corrupt(ix, err, "bad id table");
    if (found == 0)
        return ENTIDX_ENOTFOUND;
    entidx_cursor_init(&c, v, vlen);
    if (entidx_cursor_varint(&c, &e) < 0 || e >= ix->n_entities)
        return corrupt(ix, err, "bad id table record");
    *entity = (uint32_t)e;
    return ENTIDX_OK;
}

int entidx_index_load_gazetteer(const entidx_index *ix, const entidx_gazetteer **out,
                                entidx_error *err)
{
    entidx_gazetteer *gz = atomic_load(&ix->gz), *expected = NULL;
    int rc;

    if (gz == NULL) {
        if ((rc = entidx__gazetteer_deserialize(
                 &gz, ix->path, ix->sec[ENTIDX_SEC_ENTITIES].p, ix->sec[ENTIDX_SEC_ENTITIES].len,
                 ix->sec[ENTIDX_SEC_KEYS].p, ix->sec[ENTIDX_SEC_KEYS].len, err)) < 0)
            return rc;
        if (ix->stem_language[0] != '\0')
            snprintf(gz->stem_language, sizeof(gz->stem_language), "%s", ix->stem_language);
        if (entidx_gazetteer_count(gz) != ix->n_entities ||
            entidx_gazetteer_fingerprint(gz) != entidx_get_u64le(ix->map + 16)) {
            entidx_gazetteer_free(gz);
            return corrupt(ix, err, "entity table does not match the header");
        }
        if (!atomic_compare_exchange_strong(&((entidx_index *)ix)->gz, &expected, gz)) {
            entidx_gazetteer_free(gz);
            gz = expected;
        }
    }
    *out = gz;
    return ENTIDX_OK;
}

const entidx_gazetteer *entidx_index_gazetteer(const entidx_index *ix)
{
    const entidx_gazetteer *gz;
    return entidx_index_load_gazetteer(ix, &gz, NULL) < 0 ? NULL : gz;
}

uint32_t entidx_index_doc_count(const entidx_index *ix)
{
    return ix->n_docs;
}

uint32_t entidx_index_format_version(const entidx_index *ix)
{
    return ix->version;
}

uint32_t entidx_index_format_current(void)
{
    return ENTIDX_INDEX_VERSION;
}

/* Offset table entry i of a fixed-width u64 index section, checked against `target`. */
static int table_offset(const entidx_index *ix, int index_sec, int target_sec, uint32_t i,
                        const uint8_t **p, const uint8_t **end, entidx_error *err)
{
    uint64_t off = entidx_get_u64le(ix->sec[index_sec].p + (size_t)i * 8);
    if (off >= ix->sec[target_sec].len)
        return corrupt(ix, err, "record offset out of range");
    *p = ix->sec[target_sec].p + off;
    *end = ix->sec[target_sec].p + ix->sec[target_sec].len;
    return ENTIDX_OK;
}

int entidx_index_doc(const entidx_index *ix, uint32_t doc, entidx_doc_info *out, entidx_error *err)
{
    const uint8_t *p = NULL, *end = NULL;
    entidx_cursor c;
    uint32_t len[4], source;
    const char *s[4];
    int rc;

    if (doc >= ix->n_docs)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no document %u (the index has %u)", (unsigned)doc,
                           (unsigned)ix->n_docs);
    if ((rc = table_offset(ix, ENTIDX_SEC_DOC_INDEX, ENTIDX_SEC_DOCS, doc, &p, &end, err)) < 0)
        return rc;
    entidx_cursor_init(&c, p, (size_t)(end - p));
    for (int i = 0; i < 4; i++)
        entidx_cursor_bytes(&c, &s[i], &len[i]);
    entidx_cursor_varint32(&c, &source);
    entidx_cursor_varint(&c, &out->line);
    if (c.bad)
        return corrupt(ix, err, "document record runs past its section");
    if (source >= ix->n_sources)
        return corrupt(ix, err, "document names a source that does not exist");
    out->id = s[0];
    out->id_len = len[0];
    out->title = s[1];
    out->title_len = len[1];
    out->date = s[2];
    out->date_len = len[2];
    out->url = s[3];
    out->url_len = len[3];
    out->path = ix->source[source];
    out->path_len = ix->source_len[source];
    return ENTIDX_OK;
}

void entidx_index_entity_stats(const entidx_index *ix, uint32_t entity, uint32_t *n_docs,
                               uint64_t *n_mentions)
{
    const uint8_t *d =
        ix->sec[ENTIDX_SEC_POSTINGS_INDEX].p + (size_t)entity * ENTIDX_INDEX_POSTING_DIR;
    *n_docs = entidx_get_u32le(d + 8);
    *n_mentions = entidx_get_u64le(d + 12);
}

int entidx_index_postings(const entidx_index *ix, uint32_t entity, entidx_iter *it,
                          entidx_error *err)
{
    const uint8_t *d;
    uint64_t off;

    if (entity >= ix->n_entities)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no entity %u", (unsigned)entity);
    d = ix->sec[ENTIDX_SEC_POSTINGS_INDEX].p + (size_t)entity * ENTIDX_INDEX_POSTING_DIR;
    off = entidx_get_u64le(d);
    memset(it, 0, sizeof(*it));
    it->postings = 1;
    it->left = entidx_get_u32le(d + 8);
    it->limit = ix->n_docs;
    if (it->left > ix->n_docs || off > ix->sec[ENTIDX_SEC_POSTINGS].len)
        return corrupt(ix, err, "postings entry out of range");
    it->p = ix->sec[ENTIDX_SEC_POSTINGS].p + off;
    it->end = ix->sec[ENTIDX_SEC_POSTINGS].p + ix->sec[ENTIDX_SEC_POSTINGS].len;
    it->base = it->p;
    it->total = it->left;
    if (it->left > ENTIDX_INDEX_SKIP_EVERY) {
        uint64_t skip = entidx_get_u64le(d + 20);
        uint32_t n = (it->left - 1) / ENTIDX_INDEX_SKIP_EVERY;
        if (skip > ix->sec[ENTIDX_SEC_SKIPS].len ||
            (uint64_t)n * ENTIDX_INDEX_SKIP_LEN > ix->sec[ENTIDX_SEC_SKIPS].len - skip)
            return corrupt(ix, err, "skip entries out of range");
        it->skips = ix->sec[ENTIDX_SEC_SKIPS].p + skip;
        it->n_skips = n;
    }
    return ENTIDX_OK;
}

int entidx_index_doc_entities(const entidx_index *ix, uint32_t doc, entidx_iter *it,
                              entidx_error *err)
{
    const uint8_t *p = NULL, *end = NULL;
    entidx_cursor c;
    uint32_t n;
    int rc;

    if (doc >= ix->n_docs)
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "no document %u", (unsigned)doc);
    if ((rc = table_offset(ix, ENTIDX_SEC_FWD_INDEX, ENTIDX_SEC_FORWARD, doc, &p, &end, err)) < 0)
        return rc;
    entidx_cursor_init(&c, p, (size_t)(end - p));
    if (entidx_cursor_varint32(&c, &n) < 0 || n > ix->n_entities)
        return corrupt(ix, err, "bad forward list");
    memset(it, 0, sizeof(*it));
    it->p = c.p;
    it->end = end;
    it->left = n;
    it->limit = ix->n_entities;
    return ENTIDX_OK;
}

/* Read a varint, taking the one-byte case (most deltas and counts) without a call. */
static inline int read_varint(entidx_cursor *c, uint64_t *v)
{
    if (c->p < c->end && *c->p < 0x80) {
        *v = *c->p++;
        return 0;
    }
    return entidx_cursor_varint(c, v);
}

int entidx_iter_next(entidx_iter *it, uint32_t *number, uint32_t *count, entidx_error *err)
{
    entidx_cursor c;
    uint64_t delta, next, v;
    uint32_t cnt;

    if (it->left == 0)
        return 0;
    c.p = it->p;
    c.end = it->end;
    c.bad = 0;
    if (read_varint(&c, &delta) < 0 || read_varint(&c, &v) < 0 || v > UINT32_MAX)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: list runs past its section");
    cnt = (uint32_t)v;
    if (it->postings) { /* step over the sentences and positions, remembering where they are */
        if (read_varint(&c, &v) < 0 || v > (uint64_t)(c.end - c.p))
            return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: list runs past its section");
        it->tail = c.p;
        it->tail_len = (uint32_t)v;
        it->last_count = cnt;
        c.p += v;
    }
    if (it->started && delta == 0)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: list is not increasing");
    /* compare before adding: a huge delta must not wrap around to a small number */
    if (delta >= it->limit || (it->started && delta >= (uint64_t)it->limit - it->last) || cnt == 0)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: list entry out of range");
    next = it->started ? (uint64_t)it->last + delta : delta;
    if (next >= it->limit)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: list entry out of range");
    it->p = c.p;
    it->last = (uint32_t)next;
    it->started = 1;
    it->left--;
    *number = it->last;
    *count = cnt;
    return 1;
}

int entidx_iter_skip_to(entidx_iter *it, uint32_t target, uint32_t *number, uint32_t *count,
                        entidx_error *err)
{
    int rc;
    /* jump to the last skip entry at or before target that lies ahead */
    if (it->postings && it->n_skips > 0) {
        uint32_t done = it->total - it->left; /* postings consumed */
        uint32_t lo = 0, hi = it->n_skips;    /* find the last entry with doc <= target */
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (entidx_get_u32le(it->skips + (size_t)mid * ENTIDX_INDEX_SKIP_LEN) <= target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > 0 && lo * ENTIDX_INDEX_SKIP_EVERY > done) {
            const unsigned char *e = it->skips + (size_t)(lo - 1) * ENTIDX_INDEX_SKIP_LEN;
            uint32_t doc = entidx_get_u32le(e);
            uint64_t off = entidx_get_u64le(e + 4);
            entidx_cursor c;
            uint64_t delta;
            if (off >= (uint64_t)(it->end - it->base))
                return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: skip entry out of range");
            entidx_cursor_init(&c, it->base + off, (size_t)(it->end - it->base - off));
            /* not the first posting of the list, so its delta is > 0 */
            if (entidx_cursor_varint(&c, &delta) < 0 || delta == 0 || delta > doc ||
                doc >= it->limit)
                return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: bad skip entry");
            it->p = it->base + off;
            it->last = doc - (uint32_t)delta; /* next() adds the delta back */
            it->started = 1;
            it->left = it->total - lo * ENTIDX_INDEX_SKIP_EVERY;
        }
    }
    while ((rc = entidx_iter_next(it, number, count, err)) == 1) {
        if (*number >= target)
            return 1;
    }
    return rc;
}

/* Decode n delta-coded numbers from p (bounded by end) into out[0..cap); n, or an error. */
/* Decode n deltas from c as running sums into out[0..cap); sentences (`strict`) increase. */
static int decode_deltas(entidx_cursor *c, uint32_t n, int strict, uint32_t *out, size_t cap)
{
    uint64_t v = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t d;
        if (entidx_cursor_varint(c, &d) < 0 || d > UINT32_MAX - v || (strict && k > 0 && d == 0))
            return -1;
        v += d;
        if (k < cap)
            out[k] = (uint32_t)v;
    }
    return 0;
}

/*
 * Decode the last posting's tail (index_format.h): its sentence numbers
 * (want_positions = 0) or its positions, checking the whole tail.
 */
static int decode_tail(const entidx_iter *it, int want_positions, uint32_t *out, size_t cap,
                       entidx_error *err)
{
    entidx_cursor c;
    uint64_t n_sent;

    entidx_cursor_init(&c, it->tail, it->tail_len);
    if (entidx_cursor_varint(&c, &n_sent) < 0 || n_sent == 0 || n_sent > it->last_count ||
        decode_deltas(&c, (uint32_t)n_sent, 1, want_positions ? NULL : out,
                      want_positions ? 0 : cap) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: bad sentence list");
    if (decode_deltas(&c, it->last_count, 0, want_positions ? out : NULL,
                      want_positions ? cap : 0) < 0 ||
        c.p != c.end)
        return ENTIDX_FAIL(err, ENTIDX_ECORRUPT, "corrupt index: bad position list");
    return (int)(want_positions ? it->last_count : n_sent);
}

int entidx_iter_sentences(const entidx_iter *it, uint32_t *out, size_t cap, entidx_error *err)
{
    if (!it->postings || !it->started)
        return 0;
    return decode_tail(it, 0, out, cap, err);
}

int entidx_iter_positions(const entidx_iter *it, uint32_t *out, size_t cap, entidx_error *err)
{
    if (!it->postings || !it->started)
        return 0;
    return decode_tail(it, 1, out, cap, err);
}

void entidx__index_section(const entidx_index *ix, int kind, const uint8_t **p, size_t *len)
{
    *p = ix->sec[kind].p;
    *len = ix->sec[kind].len;
}

uint32_t entidx__index_n_sources(const entidx_index *ix)
{
    return ix->n_sources;
}

void entidx__index_source(const entidx_index *ix, uint32_t i, const char **p, size_t *len)
{
    *p = ix->source[i];
    *len = ix->source_len[i];
}

int entidx__index_raw_postings(const entidx_index *ix, uint32_t e, const uint8_t **p,
                               const uint8_t **end, uint32_t *n_docs, uint64_t *n_mentions,
                               entidx_error *err)
{
    entidx_iter it;
    int rc = entidx_index_postings(ix, e, &it, err);
    if (rc < 0)
        return rc;
    *p = it.p;
    *end = it.end;
    entidx_index_entity_stats(ix, e, n_docs, n_mentions);
    return ENTIDX_OK;
}

static int check_crcs(const entidx_index *ix, entidx_error *err)
{
    static const char *const names[] = {"",
                                        "entity table",
                                        "source table",
                                        "documents",
                                        "document index",
                                        "forward lists",
                                        "forward index",
                                        "postings",
                                        "postings index",
                                        "skip table",
                                        "key table",
                                        "entity index",
                                        "name table",
                                        "id table"};
    for (unsigned i = 1; i <= ENTIDX_INDEX_N_SECTIONS; i++) {
        if (entidx_crc32(0, ix->sec[i].p, ix->sec[i].len) != ix->sec[i].crc)
            return ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, ix->path, 0, 0,
                                  "corrupt index: checksum mismatch in the %s section", names[i]);
    }
    return ENTIDX_OK;
}

/* Sections 10..13 hold exactly what the entity table gives (index_format.h). */
static int check_entity_sections(const entidx_index *ix, entidx_error *err)
{
    static const int kinds[] = {ENTIDX_SEC_KEYS, ENTIDX_SEC_ENTITY_INDEX, ENTIDX_SEC_NAMES,
                                ENTIDX_SEC_IDS};
    const entidx_gazetteer *gz;
    entidx_buf b = ENTIDX_BUF_INIT;
    int rc;

    if ((rc = entidx_index_load_gazetteer(ix, &gz, err)) < 0)
        return rc;
    for (size_t i = 0; i < ENTIDX_ARRAY_SIZE(kinds); i++) {
        const section *sec = &ix->sec[kinds[i]];
        entidx_buf_clear(&b);
        switch (kinds[i]) {
        case ENTIDX_SEC_KEYS: rc = entidx__gazetteer_serialize_keys(gz, &b); break;
        case ENTIDX_SEC_ENTITY_INDEX:
            rc = entidx__entity_table_offsets(ix->sec[ENTIDX_SEC_ENTITIES].p,
                                              ix->sec[ENTIDX_SEC_ENTITIES].len, &b);
            break;
        case ENTIDX_SEC_NAMES: rc = entidx__gazetteer_serialize_names(gz, &b); break;
        default: rc = entidx__gazetteer_serialize_ids(gz, &b); break;
        }
        if (rc == ENTIDX_ENOMEM || rc == ENTIDX_ELIMIT) {
            rc = ENTIDX_FAIL(err, rc, "out of memory verifying the index");
            break;
        }
        if (rc < 0 || b.len != sec->len || memcmp(b.ptr, sec->p, b.len) != 0) {
            rc = corrupt(ix, err, "entity lookup tables do not match the entity table");
            break;
        }
    }
    entidx_buf_dispose(&b);
    return rc;
}

int entidx_index_verify(const entidx_index *ix, entidx_error *err)
{
    uint64_t total_postings = 0, total_forward = 0, total_skips = 0;
    int rc;

    if ((rc = check_crcs(ix, err)) < 0 || (rc = check_entity_sections(ix, err)) < 0)
        return rc;
    for (uint32_t d = 0; d < ix->n_docs; d++) {
        entidx_doc_info info;
        entidx_iter it;
        uint32_t e, cnt;
        if ((rc = entidx_index_doc(ix, d, &info, err)) < 0 ||
            (rc = entidx_index_doc_entities(ix, d, &it, err)) < 0)
            goto located;
        while ((rc = entidx_iter_next(&it, &e, &cnt, err)) == 1)
            total_forward += cnt;
        if (rc < 0)
            goto located;
    }
    for (uint32_t e = 0; e < ix->n_entities; e++) {
        entidx_iter it;
        uint32_t d, cnt, n_docs, seen = 0;
        uint64_t n_mentions, sum = 0;
        const uint8_t *dir =
            ix->sec[ENTIDX_SEC_POSTINGS_INDEX].p + (size_t)e * ENTIDX_INDEX_POSTING_DIR;
        uint64_t first = entidx_get_u64le(dir), skip = entidx_get_u64le(dir + 20);
        uint32_t n_skips;
        entidx_index_entity_stats(ix, e, &n_docs, &n_mentions);
        n_skips = n_docs > ENTIDX_INDEX_SKIP_EVERY ? (n_docs - 1) / ENTIDX_INDEX_SKIP_EVERY : 0;
        if (n_skips > 0 && (skip != total_skips * ENTIDX_INDEX_SKIP_LEN))
            return corrupt(ix, err, "skip table does not follow the postings index");
        total_skips += n_skips;
        if ((rc = entidx_index_postings(ix, e, &it, err)) < 0)
            goto located;
        for (;;) {
            const uint8_t *at = it.p;
            if ((rc = entidx_iter_next(&it, &d, &cnt, err)) != 1)
                break;
            /* the sentences and positions that iteration steps over */
            if ((rc = entidx_iter_positions(&it, NULL, 0, err)) < 0)
                goto located;
            if (seen > 0 && seen % ENTIDX_INDEX_SKIP_EVERY == 0) {
                const uint8_t *sk;
                if (total_skips * ENTIDX_INDEX_SKIP_LEN > ix->sec[ENTIDX_SEC_SKIPS].len)
                    return corrupt(ix, err, "skip table too short");
                sk = ix->sec[ENTIDX_SEC_SKIPS].p + skip +
                     (size_t)(seen / ENTIDX_INDEX_SKIP_EVERY - 1) * ENTIDX_INDEX_SKIP_LEN;
                if (entidx_get_u32le(sk) != d ||
                    entidx_get_u64le(sk + 4) !=
                        (uint64_t)(at - ix->sec[ENTIDX_SEC_POSTINGS].p) - first)
                    return corrupt(ix, err, "skip entry does not match the postings");
            }
            sum += cnt;
            seen++;
        }
        if (rc < 0)
            goto located;
        if (seen != n_docs || sum != n_mentions)
            return corrupt(ix, err, "postings counts do not match the postings index");
        total_postings += sum;
    }
    if (total_postings != total_forward)
        return corrupt(ix, err, "postings and forward lists disagree");
    if (total_skips * ENTIDX_INDEX_SKIP_LEN != ix->sec[ENTIDX_SEC_SKIPS].len)
        return corrupt(ix, err, "skip table size does not match the postings");
    return ENTIDX_OK;
located:
    if (err != NULL && err->path[0] == '\0') {
        size_t n = strlen(ix->path);
        if (n >= sizeof(err->path))
            n = sizeof(err->path) - 1;
        memcpy(err->path, ix->path, n);
        err->path[n] = '\0';
    }
    return rc;
}
