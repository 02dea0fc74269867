/* SPDX-License-Identifier: MIT */
/*
 * test_gazetteer_compiled.c - tests for src/lib/gazetteer_compiled.c: a
 * compiled gazetteer loads back into the same gazetteer (entities, lookups,
 * mentions, fingerprint); where it may stand among the paths; the stemmer and
 * skip flags; and a damaged file, truncated, flipped or with inconsistent
 * tables under a correct CRC, is an error with its message, never a crash.
 */
#include "test_support.h"
#include "gazetteer_int.h"

#include <zlib.h>

/* Offsets of the file format (documented in gazetteer_compiled.c). */
#define CRC_AT     20
#define CRC_FROM   24
#define TABLES_AT  1640
#define N_TABLES   16
#define DIGEST_AT  (TABLES_AT + 8 * N_TABLES)
#define HEADER_LEN (DIGEST_AT + 8)
enum { T_POOL, T_ENTS, T_ALIAS_STRS, T_ATTRS, T_ALIASES, T_KEYS, T_KEY_SLOTS };

static const char countries[] = "id\ttype\tname\taliases\tcapital\n"
                                "DEU\tCOUNTRY\tGermany\tDeutschland|Germans{demonym}|"
                                "German{demonym,exact}\tBerlin\n"
                                "USA\tCOUNTRY\tUnited States\tUS|U.S.|United States of America\t\n"
                                "CAN\tCOUNTRY\tCanada\tCanadian{demonym,stem}\tOttawa\n"
                                "JOR\tCOUNTRY\tJordan{person}\t\tAmman\n"
                                "TCD\tCOUNTRY\tChad{person}\t\t\n";
static const char others[] = "id\ttype\tname\taliases\tcountry\n"
                             "ORG_APPLE\tORG\tApple Inc.\tApple{ambiguous}\tUSA\n"
                             "PER_MERKEL\tPERSON\tAngela Merkel\t\tDEU\n"
                             "ORG_MOODYS\tORG\tMoody's\tMoody's Investors Service\tUSA\n"
                             "ORG_BOE\tORG\tBank of England\t\tGBR\n";
static const char text[] =
    "Angela Merkel met Canadians in the U.S. on Monday. Merkel said Germany and "
    "the United States of America back Moody's. GERMANS cheered; Neil Jordan "
    "filmed in Chad, and Apple fans in Jordan did not. The Bank of England did.";

/* Load paths with opts (NULL: defaults); fails the test on error. */
static entidx_gazetteer *load_paths(const char *const *paths, size_t n,
                                    const entidx_gazetteer_opts *opts)
{
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_gazetteer *gz = NULL;
    int rc = entidx_gazetteer_load(&gz, paths, n, opts, &err);
    if (rc != ENTIDX_OK)
        fail_msg("loading failed: %s", err.msg);
    return gz;
}

/* Compile the files in paths[0..n) into the file at temp slot `slot`; return its path. */
static const char *compile(const char *const *paths, size_t n, const entidx_gazetteer_opts *opts,
                           int slot)
{
    entidx_gazetteer *gz = load_paths(paths, n, opts);
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *out = ts_temp_path(slot, ".gaz");
    int rc = entidx_gazetteer_save(gz, out, &err);
    if (rc != ENTIDX_OK)
        fail_msg("saving failed: %s", err.msg);
    entidx_gazetteer_free(gz);
    return out;
}

/* Every entity, alias, flag and attribute of a and b are the same. */
static void assert_same_entities(const entidx_gazetteer *a, const entidx_gazetteer *b)
{
    assert_int_equal(entidx_gazetteer_count(a), entidx_gazetteer_count(b));
    for (uint32_t i = 0; i < entidx_gazetteer_count(a); i++) {
        entidx_entity ea, eb;
        uint32_t found;
        entidx_gazetteer_entity(a, i, &ea);
        entidx_gazetteer_entity(b, i, &eb);
        assert_string_equal(ea.id, eb.id);
        assert_string_equal(ea.type, eb.type);
        assert_string_equal(ea.name, eb.name);
        assert_string_equal(ea.path, eb.path);
        assert_int_equal(ea.line, eb.line);
        assert_int_equal(ea.name_flags, eb.name_flags);
        assert_int_equal(ea.n_aliases, eb.n_aliases);
        assert_int_equal(ea.n_attrs, eb.n_attrs);
        for (size_t k = 0; k < ea.n_aliases; k++) {
            assert_string_equal(entidx_gazetteer_alias(a, i, k), entidx_gazetteer_alias(b, i, k));
            assert_int_equal(entidx_gazetteer_alias_flags(a, i, k),
                             entidx_gazetteer_alias_flags(b, i, k));
        }
        for (size_t k = 0; k < ea.n_attrs; k++) {
            const char *na, *nb;
            assert_string_equal(entidx_gazetteer_attr(a, i, k, &na),
                                entidx_gazetteer_attr(b, i, k, &nb));
            assert_string_equal(na, nb);
        }
        assert_int_equal(entidx_gazetteer_find_id(b, eb.id, strlen(eb.id), &found), ENTIDX_OK);
        assert_int_equal(found, i);
    }
    assert_true(entidx_gazetteer_fingerprint(a) == entidx_gazetteer_fingerprint(b));
}

typedef struct mentions {
    char text[4096];
    size_t len;
} mentions;

static int add_mention(const entidx_mention *m, void *payload)
{
    mentions *out = payload;
    int n =
        snprintf(out->text + out->len, sizeof(out->text) - out->len, "%u@%zu-%zu:%s:%u:%d;",
                 (unsigned)m->entity, m->start, m->end, m->alias, m->alias_flags, m->via_surname);
    assert_true(n > 0 && (size_t)n < sizeof(out->text) - out->len);
    out->len += (size_t)n;
    return 0;
}

/* The mentions of `text` as one string: entity@start-end:alias:flags:surname; ... */
static void tag(const entidx_gazetteer *gz, mentions *out)
{
    entidx_tagger *t = NULL;
    out->len = 0;
    out->text[0] = '\0';
    assert_int_equal(entidx_tagger_new(&t, gz, NULL, NULL), ENTIDX_OK);
    assert_int_equal(entidx_tagger_scan(t, text, strlen(text), add_mention, out, NULL), ENTIDX_OK);
    entidx_tagger_free(t);
}

/* The same bits in a filter of gazetteer_int.h, and the same members. */
static void assert_same_filter(const entidx_gz_filter *a, const entidx_gz_filter *b)
{
    assert_int_equal(a->log2, b->log2);
    assert_int_equal(a->n, b->n);
    assert_true(a->log2 > 0);
    assert_memory_equal(a->bits, b->bits, (size_t)1 << (a->log2 - 3));
    assert_memory_equal(a->hashes, b->hashes, a->n * sizeof(*a->hashes));
}

static void test_compiled_gazetteer_is_the_same_gazetteer(void **state)
{
    const char *paths[2];
    entidx_gazetteer *tsv, *compiled;
    mentions mt, mc;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = ts_write_temp(1, others, strlen(others));
    tsv = load_paths(paths, 2, NULL);
    paths[0] = compile(paths, 2, NULL, 2);
    compiled = load_paths(paths, 1, NULL);
    assert_same_entities(tsv, compiled);
    assert_same_filter(&tsv->first_words, &compiled->first_words);
    assert_same_filter(&tsv->word_aliases, &compiled->word_aliases);
    assert_same_filter(&tsv->word_pairs, &compiled->word_pairs);
    assert_memory_equal(tsv->low_one, compiled->low_one, sizeof(tsv->low_one));
    assert_memory_equal(tsv->low_two, compiled->low_two, sizeof(tsv->low_two));
    assert_memory_equal(tsv->low_next, compiled->low_next, sizeof(tsv->low_next));

    tag(tsv, &mt);
    tag(compiled, &mc);
    assert_string_equal(mc.text, mt.text);
    /* the comparison has something to compare: people, surnames, stems, possessives */
    assert_non_null(strstr(mt.text, ":Angela Merkel:0:1;")); /* "Merkel" alone */
    assert_non_null(strstr(mt.text, ":Canadian:17:0;"));     /* "Canadians", stemmed */
    assert_non_null(strstr(mt.text, ":Moody's:0:0;"));
    assert_non_null(strstr(mt.text, ":United States of America:0:0;"));
    assert_non_null(strstr(mt.text, ":Bank of England:0:0;")); /* "of": low_next */
    assert_null(strstr(mt.text, ":Apple:"));                   /* ambiguous: off by default */
    entidx_gazetteer_free(tsv);
    entidx_gazetteer_free(compiled);
    ts_cleanup();
}

static void test_compiled_gazetteer_answers_lookups_like_its_files(void **state)
{
    const char *paths[2];
    entidx_gazetteer *compiled;
    entidx_lookup_match m[4];
    size_t n;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = ts_write_temp(1, others, strlen(others));
    paths[0] = compile(paths, 2, NULL, 2);
    compiled = load_paths(paths, 1, NULL);
    assert_int_equal(entidx_gazetteer_lookup(compiled, "U.S.", 4, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].entity, 1);
    assert_string_equal(m[0].alias, "U.S.");
    assert_int_equal(entidx_gazetteer_lookup(compiled, "us", 2, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_false(m[0].case_ok);
    assert_int_equal(entidx_gazetteer_lookup(compiled, "Canadians", 9, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].alias, "Canadian");
    assert_int_equal(entidx_gazetteer_lookup(compiled, "Apple", 5, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_true(m[0].skipped);
    assert_int_equal(entidx_gazetteer_lookup(compiled, "Atlantis", 8, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 0);
    entidx_gazetteer_free(compiled);
    ts_cleanup();
}

static void test_gazetteer_files_may_follow_a_compiled_one(void **state)
{
    const char *paths[2];
    entidx_gazetteer *tsv, *mixed;
    mentions mt, mm;
    uint32_t id;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = ts_write_temp(1, others, strlen(others));
    tsv = load_paths(paths, 2, NULL);
    paths[0] = compile(paths, 1, NULL, 2); /* the countries alone */
    mixed = load_paths(paths, 2, NULL);
    /* the same table as from both files, and so the same fingerprint (not the compiled one's) */
    assert_same_entities(tsv, mixed);
    assert_int_equal(entidx_gazetteer_find_id(mixed, "PER_MERKEL", 10, &id), ENTIDX_OK);
    assert_int_equal(id, 6);
    tag(tsv, &mt);
    tag(mixed, &mm);
    assert_string_equal(mm.text, mt.text);
    entidx_gazetteer_free(tsv);
    entidx_gazetteer_free(mixed);
    ts_cleanup();
}

static void test_compiled_gazetteer_must_come_first(void **state)
{
    const char *paths[2];
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = compile(paths, 1, NULL, 1);
    paths[0] = ts_write_temp(0, others, strlen(others));
    assert_entidx_error(entidx_gazetteer_load(&gz, paths, 2, NULL, &err), err, ENTIDX_EINVAL,
                        "a compiled gazetteer must be the first one loaded");
    assert_string_equal(err.path, paths[1]);
    assert_null(gz);
    ts_cleanup();
}

static void test_compiled_gazetteer_keeps_its_stemmer(void **state)
{
    entidx_gazetteer_opts german = {ENTIDX_ALIAS_AMBIGUOUS, "german"};
    entidx_gazetteer_opts english = {ENTIDX_ALIAS_AMBIGUOUS, "english"};
    const char *paths[1];
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_lookup_match m[2];
    size_t n;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[0] = compile(paths, 1, &german, 1);
    assert_entidx_error(entidx_gazetteer_load(&gz, paths, 1, &english, &err), err, ENTIDX_EINVAL,
                        "gazetteer compiled with the 'german' stemmer, not 'english' (compile "
                        "it again with --stem-language english)");
    assert_null(gz);
    /* no language asked for: the file's */
    gz = load_paths(paths, 1, NULL);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Canadian", 8, m, 2, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    entidx_gazetteer_free(gz);
    gz = load_paths(paths, 1, &german);
    entidx_gazetteer_free(gz);

    /* without stemmed aliases the language does not matter */
    paths[0] = ts_write_temp(0, others, strlen(others));
    paths[0] = compile(paths, 1, &german, 1);
    gz = load_paths(paths, 1, &english);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_skip_flags_apply_when_a_compiled_gazetteer_is_loaded(void **state)
{
    entidx_gazetteer_opts none = {0, NULL}, demonyms = {ENTIDX_ALIAS_DEMONYM, NULL};
    const char *paths[2];
    entidx_gazetteer *gz;
    entidx_lookup_match m[2];
    size_t n;
    (void)state;

    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = ts_write_temp(1, others, strlen(others));
    paths[0] = compile(paths, 2, NULL, 2); /* compiled with ambiguous aliases off */
    gz = load_paths(paths, 1, &none);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Apple", 5, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].skipped);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Germans", 7, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].skipped);
    entidx_gazetteer_free(gz);
    gz = load_paths(paths, 1, &demonyms);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Apple", 5, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].skipped);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Germans", 7, m, 2, &n, NULL), ENTIDX_OK);
    assert_true(m[0].skipped);
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

static void test_an_empty_gazetteer_compiles(void **state)
{
    static const char header_only[] = "id\ttype\tname\n";
    const char *paths[1];
    entidx_gazetteer *gz;
    mentions mc;
    (void)state;

    paths[0] = ts_write_temp(0, header_only, strlen(header_only));
    paths[0] = compile(paths, 1, NULL, 1);
    gz = load_paths(paths, 1, NULL);
    assert_int_equal(entidx_gazetteer_count(gz), 0);
    tag(gz, &mc);
    assert_string_equal(mc.text, "");
    entidx_gazetteer_free(gz);
    ts_cleanup();
}

/* ---- damaged files ---- */

/* Load a compiled file from bytes; returns the result and the gazetteer is freed. */
static int load_bytes(const unsigned char *bytes, size_t len, entidx_error *err)
{
    const char *paths[1];
    entidx_gazetteer *gz = NULL;
    int rc;
    paths[0] = ts_write_temp(3, bytes, len);
    *err = (entidx_error)ENTIDX_ERROR_INIT;
    rc = entidx_gazetteer_load(&gz, paths, 1, NULL, err);
    if (rc == ENTIDX_OK) {
        mentions mc;
        tag(gz, &mc); /* whatever it loaded is safe to use */
        entidx_gazetteer_free(gz);
    } else {
        assert_null(gz);
    }
    return rc;
}

/* A compiled file of both test gazetteers, read into memory. */
static unsigned char *compiled_bytes(size_t *len)
{
    const char *paths[2];
    paths[0] = ts_write_temp(0, countries, strlen(countries));
    paths[1] = ts_write_temp(1, others, strlen(others));
    return (unsigned char *)ts_read_file(compile(paths, 2, NULL, 2), len);
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Byte offset of record `i` of table `t` in a compiled file. */
static size_t record_at(const unsigned char *bytes, int t, size_t record_size, size_t i)
{
    static const size_t rsize[N_TABLES] = {1, 40, 8, 8, 32, 12, 16, 1, 16, 1, 1, 4, 1, 4, 1, 4};
    size_t at = HEADER_LEN;
    assert_int_equal(rsize[t], record_size);
    for (int u = 0; u < t; u++) {
        at += (8 - at % 8) % 8;
        at += get_u64(bytes + TABLES_AT + 8 * u) * rsize[u];
    }
    at += (8 - at % 8) % 8;
    assert_true(i < get_u64(bytes + TABLES_AT + 8 * t));
    return at + i * record_size;
}

/* Store a new CRC, so that a change passes the CRC check and meets the table checks. */
static void fix_crc(unsigned char *bytes, size_t len)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    uint32_t v;
    crc = crc32(crc, bytes + CRC_FROM, (uInt)(len - CRC_FROM));
    v = (uint32_t)crc;
    memcpy(bytes + CRC_AT, &v, 4);
}

static void test_every_truncation_is_an_error(void **state)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    entidx_error err;
    (void)state;

    assert_true(len > HEADER_LEN);
    for (size_t cut = 8; cut < len; cut++) {
        int rc = load_bytes(bytes, cut, &err);
        assert_int_equal(rc, ENTIDX_ECORRUPT);
        if (strstr(err.msg, "truncated") == NULL)
            fail_msg("cut at %zu: '%s'", cut, err.msg);
    }
    /* shorter than the magic: not recognised, so read as a TSV file, which it is not */
    assert_int_equal(load_bytes(bytes, 7, &err), ENTIDX_EPARSE);
    /* one byte too many */
    bytes = realloc(bytes, len + 1);
    assert_non_null(bytes);
    bytes[len] = 0;
    assert_entidx_error(load_bytes(bytes, len + 1, &err), err, ENTIDX_ECORRUPT,
                        "truncated or damaged");
    free(bytes);
    ts_cleanup();
}

static void test_an_older_format_is_named_even_when_its_header_is_shorter(void **state)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    uint32_t old = 3;
    entidx_error err;
    (void)state;

    /* version 3's header ended at 1264 bytes: a small file of it may be shorter than ours */
    memcpy(bytes + 8, &old, 4);
    assert_entidx_error(load_bytes(bytes, 1300, &err), err, ENTIDX_ECORRUPT,
                        "compiled gazetteer of format version 3; this entidx reads version 4 "
                        "(compile it again)");
    free(bytes);
    ts_cleanup();
}

/*
 * The fuzz target's seeds (tests/fuzz/corpus/gazetteer_compiled/) load: a
 * seed this build refuses ("compile it again") only exercises the refusal,
 * and the fuzzer then never reaches the tables.
 */
static void test_the_fuzz_seeds_load(void **state)
{
    static const char *const seeds[] = {"small.gaz", "flags.gaz"};
    (void)state;
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        char path[4096];
        const char *paths[1];
        entidx_gazetteer *gz = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        int rc;
        snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/gazetteer_compiled/%s",
                 ENTIDX_SOURCE_DIR, seeds[i]);
        paths[0] = path;
        rc = entidx_gazetteer_load(&gz, paths, 1, NULL, &err);
        if (rc != ENTIDX_OK && (strstr(err.msg, "byte order") || strstr(err.msg, "record sizes")))
            continue; /* compiled on x86-64: another machine refuses them, as it should */
        if (rc != ENTIDX_OK)
            fail_msg("%s: %s (compile the seed again: see tests/fuzz/fuzz_gazetteer_compiled.c)",
                     path, err.msg);
        assert_true(entidx_gazetteer_count(gz) > 0);
        entidx_gazetteer_free(gz);
    }
}

static void test_every_flipped_bit_is_an_error(void **state)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    entidx_error err;
    (void)state;

    assert_int_equal(load_bytes(bytes, len, &err), ENTIDX_OK);
    for (size_t at = 8; at < len; at++) {
        int bit = (int)(at % 8);
        int rc;
        bytes[at] ^= (unsigned char)(1u << bit);
        rc = load_bytes(bytes, len, &err);
        bytes[at] ^= (unsigned char)(1u << bit);
        if (rc != ENTIDX_ECORRUPT)
            fail_msg("bit %d of byte %zu: %d '%s'", bit, at, rc, err.msg);
    }
    /* the messages name what is wrong */
    bytes[8] ^= 1;
    assert_entidx_error(load_bytes(bytes, len, &err), err, ENTIDX_ECORRUPT,
                        "compiled gazetteer of format version 5; this entidx reads version 4");
    bytes[8] ^= 1;
    bytes[12] ^= 1;
    assert_entidx_error(load_bytes(bytes, len, &err), err, ENTIDX_ECORRUPT, "other byte order");
    bytes[12] ^= 1;
    bytes[16] ^= 1;
    assert_entidx_error(load_bytes(bytes, len, &err), err, ENTIDX_ECORRUPT, "other record sizes");
    bytes[16] ^= 1;
    bytes[len - 1] ^= 1;
    assert_entidx_error(load_bytes(bytes, len, &err), err, ENTIDX_ECORRUPT,
                        "compiled gazetteer is damaged (CRC mismatch)");
    free(bytes);
    ts_cleanup();
}

/* Fix the CRC of changed bytes (freed here), so that the loader meets the change: expect msg. */
static void expect_refused(unsigned char *bytes, size_t len, const char *msg)
{
    entidx_error err;
    fix_crc(bytes, len);
    assert_entidx_error(load_bytes(bytes, len, &err), err, ENTIDX_ECORRUPT, msg);
    free(bytes);
}

/* A file from a build that makes other keys of the same names is refused. */
static void test_keys_made_differently_are_refused(void **state)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    (void)state;

    bytes[DIGEST_AT + 3] ^= 0x10; /* as if another tokenizer, utf8proc or stemmer wrote it */
    expect_refused(bytes, len,
                   "gazetteer compiled by a build that makes name keys differently "
                   "(another entidx, libutf8proc or libstemmer): compile it again");
    ts_cleanup();
}

/* Set the u32 at `field` of record i of table t, fix the CRC, expect the message. */
static void expect_inconsistent(int t, size_t record_size, size_t i, size_t field, uint32_t value,
                                const char *what)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    char msg[128];

    memcpy(bytes + record_at(bytes, t, record_size, i) + field, &value, 4);
    snprintf(msg, sizeof(msg), "compiled gazetteer is inconsistent (%s)", what);
    expect_refused(bytes, len, msg);
}

static void test_inconsistent_tables_under_a_good_crc_are_errors(void **state)
{
    size_t len;
    unsigned char *bytes = compiled_bytes(&len);
    size_t pool_len = get_u64(bytes + TABLES_AT + 8 * T_POOL);
    uint32_t n_ents = (uint32_t)get_u64(bytes + TABLES_AT + 8 * T_ENTS);
    uint32_t n_aliases = (uint32_t)get_u64(bytes + TABLES_AT + 8 * T_ALIASES);
    uint32_t n_keys = (uint32_t)get_u64(bytes + TABLES_AT + 8 * T_KEYS);
    (void)state;

    /* the pool must end with a NUL */
    bytes[record_at(bytes, T_POOL, 1, pool_len - 1)] = 'x';
    expect_refused(bytes, len, "compiled gazetteer is inconsistent (string pool)");

    expect_inconsistent(T_ENTS, 40, 2, 8, (uint32_t)pool_len, "entity table"); /* name */
    expect_inconsistent(T_ENTS, 40, 0, 16, 1000, "entity table");              /* n_aliases */
    expect_inconsistent(T_ALIAS_STRS, 8, 0, 0, (uint32_t)pool_len, "alias strings");
    expect_inconsistent(T_ATTRS, 8, 0, 4, UINT32_MAX, "attributes");
    expect_inconsistent(T_ALIASES, 32, 0, 0, n_ents, "alias table");    /* entity */
    expect_inconsistent(T_ALIASES, 32, 1, 8, 0, "alias table");         /* next */
    expect_inconsistent(T_ALIASES, 32, 0, 8, n_aliases, "alias table"); /* next */
    expect_inconsistent(T_KEYS, 12, 0, 0, n_aliases, "key table");      /* first */
    /* a used dictionary slot whose value is past the keys: find one */
    bytes = compiled_bytes(&len);
    {
        size_t slot = 0, n_slots = get_u64(bytes + TABLES_AT + 8 * T_KEY_SLOTS);
        uint32_t hash = 0;
        for (; slot < n_slots; slot++) {
            memcpy(&hash, bytes + record_at(bytes, T_KEY_SLOTS, 16, slot), 4);
            if (hash != 0)
                break;
        }
        assert_true(slot < n_slots);
        free(bytes);
        /* entidx_dict_slot (dict.h): hash, key_off, key_len, value */
        expect_inconsistent(T_KEY_SLOTS, 16, slot, 12, n_keys, "alias dictionary");
        expect_inconsistent(T_KEY_SLOTS, 16, slot, 8, UINT32_MAX, "alias dictionary");
    }
    ts_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiled_gazetteer_is_the_same_gazetteer),
        cmocka_unit_test(test_compiled_gazetteer_answers_lookups_like_its_files),
        cmocka_unit_test(test_gazetteer_files_may_follow_a_compiled_one),
        cmocka_unit_test(test_compiled_gazetteer_must_come_first),
        cmocka_unit_test(test_compiled_gazetteer_keeps_its_stemmer),
        cmocka_unit_test(test_skip_flags_apply_when_a_compiled_gazetteer_is_loaded),
        cmocka_unit_test(test_an_empty_gazetteer_compiles),
        cmocka_unit_test(test_every_truncation_is_an_error),
        cmocka_unit_test(test_an_older_format_is_named_even_when_its_header_is_shorter),
        cmocka_unit_test(test_the_fuzz_seeds_load),
        cmocka_unit_test(test_every_flipped_bit_is_an_error),
        cmocka_unit_test(test_inconsistent_tables_under_a_good_crc_are_errors),
        cmocka_unit_test(test_keys_made_differently_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
