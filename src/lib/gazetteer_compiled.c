/* SPDX-License-Identifier: MIT */
/*
 * gazetteer_compiled.c - a loaded gazetteer's tables saved as they are in
 * memory, and loaded back by reading them: no parsing, tokenizing, folding or
 * hashing of every alias again (a million aliases take seconds to build).
 *
 * File format, version 4. Integers are in the byte order of the machine that
 * wrote the file, and the tables are its records as they are in memory, so a
 * machine of the other byte order, or whose records have other sizes, refuses
 * the file (compile it again there). The file is a cache of its gazetteer
 * files, not an exchange format.
 *
 *   offset size
 *      0    8  magic "ENTIDXGZ"
 *      8    4  version (4)
 *     12    4  byte-order mark 0x01020304
 *     16    4  record sizes in bytes: entity | alias << 8 | key << 16 |
 *              dictionary slot << 24
 *     20    4  CRC-32 (gzip's, as zlib's crc32()) of every byte from offset 24 to the end
 *     24    8  file length
 *     32    8  fingerprint (entidx_gazetteer_fingerprint())
 *     40    4  longest alias, in tokens
 *     44    4  1 when some alias is flagged stem
 *     48    4  pool offset of the name of the last file read
 *     52    4  log2 of the first-word filter's size in bits, 0 when empty
 *     56    8  keys in the alias dictionary
 *     64    8  keys in the id dictionary
 *     72   32  stem language the stemmed keys were made with, NUL-padded
 *    104  512  lower-case one-word filter (gazetteer_int.h)
 *    616  512  lower-case two-word filter
 *   1128  512  lower-case second-word filter
 *   1640  128  length of each of the 16 tables, in records
 *   1768    8  keying digest: how the writing build made dictionary keys
 *              (tokenizing, folding, stemming: keying_digest())
 *   1776       the tables, each starting at a multiple of 8 (zero bytes
 *              between): string pool (bytes: NUL-terminated strings),
 *              entities, alias strings, attributes, aliases, keys,
 *              alias-dictionary slots, its key bytes, id-dictionary slots,
 *              its key bytes, then the bits (bytes) and member hashes (u32)
 *              of each filter of gazetteer_int.h: first words, one-word
 *              aliases, word pairs. A filter's size in bits, log 2, is 3
 *              more than that of its bytes (the first-word one's is in the
 *              header too).
 *
 * Loading checks the CRC and then every offset, index and count in the
 * tables, so that a damaged or hostile file is an error, never a crash. The
 * keys in the tables are only right for a build that would make the same
 * keys from the same names and place them the same way: another entidx whose
 * tokenizer or hash changed, or the same one with another libutf8proc or
 * libstemmer, would load them and then miss names without a word. So the
 * writer stores a digest of what it makes of a fixed set of tricky names
 * (their keys and the whole loaded tables), and the loader refuses a file
 * whose digest is not its own.
 *
 * The tables are read into memory (huge pages for the large ones), not
 * mapped: for a 256 MB file, reading and summing took 47 ms against 135 ms
 * through mmap (4 kB page-cache pages fault one by one, and the tagger's
 * random probes then miss the TLB more); see bench/README.md.
 */
#define _DEFAULT_SOURCE /* mkstemp, fchmod, fsync */
#include "internal.h"
#include "gazetteer_int.h"
#include "isal.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC       "ENTIDXGZ"
#define VERSION     4
#define ORDER_MARK  0x01020304u
#define N_TABLES    16
#define TABLES_AT   1640
#define DIGEST_AT   (TABLES_AT + 8 * N_TABLES)
#define HEADER_LEN  (DIGEST_AT + 8)
#define CRC_FROM    24
#define READ_CHUNK  ((size_t)1 << 20)
#define STEM_LANG_N 32

_Static_assert(sizeof(entidx_gz_alias) == 32 && sizeof(entidx_gz_key) == 12 &&
                   sizeof(entidx_gz_entity) == 40 && sizeof(entidx_gz_alias_str) == 8 &&
                   sizeof(entidx_gz_attr) == 8 && sizeof(entidx_dict_slot) == 16,
               "records have padding the compiled form would write: name it in gazetteer_int.h");
_Static_assert(sizeof(((entidx_gazetteer *)0)->stem_language) == STEM_LANG_N, "stem language");
_Static_assert(ENTIDX_LOW_START_BITS / 8 == 512, "filter size in the format");

enum {
    T_POOL,
    T_ENTS,
    T_ALIAS_STRS,
    T_ATTRS,
    T_ALIASES,
    T_KEYS,
    T_KEY_SLOTS,
    T_KEY_BYTES,
    T_ID_SLOTS,
    T_ID_BYTES,
    T_FIRST_WORDS,
    T_FIRST_HASHES,
    T_ALIAS_WORDS,
    T_ALIAS_WORD_HASHES,
    T_WORD_PAIRS,
    T_WORD_PAIR_HASHES
};

static const size_t record_size[N_TABLES] = {1,
                                             sizeof(entidx_gz_entity),
                                             sizeof(entidx_gz_alias_str),
                                             sizeof(entidx_gz_attr),
                                             sizeof(entidx_gz_alias),
                                             sizeof(entidx_gz_key),
                                             sizeof(entidx_dict_slot),
                                             1,
                                             sizeof(entidx_dict_slot),
                                             1,
                                             1,
                                             sizeof(uint32_t),
                                             1,
                                             sizeof(uint32_t),
                                             1,
                                             sizeof(uint32_t)};

static uint32_t record_sizes(void)
{
    return (uint32_t)(sizeof(entidx_gz_entity) | sizeof(entidx_gz_alias) << 8 |
                      sizeof(entidx_gz_key) << 16 | sizeof(entidx_dict_slot) << 24);
}

static size_t dict_slots(const entidx_dict *d)
{
    return d->slots != NULL ? d->mask + 1 : 0;
}

/* Where each table lives in a gazetteer. */
static void table_ptrs(const entidx_gazetteer *gz, const void *ptr[N_TABLES])
{
    ptr[T_POOL] = gz->pool.ptr;
    ptr[T_ENTS] = gz->ents;
    ptr[T_ALIAS_STRS] = gz->alias_strs;
    ptr[T_ATTRS] = gz->attrs;
    ptr[T_ALIASES] = gz->aliases;
    ptr[T_KEYS] = gz->keys;
    ptr[T_KEY_SLOTS] = gz->keydict.slots;
    ptr[T_KEY_BYTES] = gz->keydict.keys.ptr;
    ptr[T_ID_SLOTS] = gz->iddict.slots;
    ptr[T_ID_BYTES] = gz->iddict.keys.ptr;
    ptr[T_FIRST_WORDS] = gz->first_words.bits;
    ptr[T_FIRST_HASHES] = gz->first_words.hashes;
    ptr[T_ALIAS_WORDS] = gz->word_aliases.bits;
    ptr[T_ALIAS_WORD_HASHES] = gz->word_aliases.hashes;
    ptr[T_WORD_PAIRS] = gz->word_pairs.bits;
    ptr[T_WORD_PAIR_HASHES] = gz->word_pairs.hashes;
}

/* The bytes of a filter's bit set. */
static size_t filter_bytes(const entidx_gz_filter *f)
{
    return f->bits != NULL ? (size_t)1 << (f->log2 - 3) : 0;
}

/* The length of each table of a built gazetteer, in records. */
static void table_lengths(const entidx_gazetteer *gz, size_t n[N_TABLES])
{
    n[T_POOL] = gz->pool.len;
    n[T_ENTS] = gz->n_ents;
    n[T_ALIAS_STRS] = gz->n_alias_strs;
    n[T_ATTRS] = gz->n_attrs;
    n[T_ALIASES] = gz->n_aliases;
    n[T_KEYS] = gz->n_keys;
    n[T_KEY_SLOTS] = dict_slots(&gz->keydict);
    n[T_KEY_BYTES] = gz->keydict.keys.len;
    n[T_ID_SLOTS] = dict_slots(&gz->iddict);
    n[T_ID_BYTES] = gz->iddict.keys.len;
    n[T_FIRST_WORDS] = filter_bytes(&gz->first_words);
    n[T_FIRST_HASHES] = gz->first_words.n;
    n[T_ALIAS_WORDS] = filter_bytes(&gz->word_aliases);
    n[T_ALIAS_WORD_HASHES] = gz->word_aliases.n;
    n[T_WORD_PAIRS] = filter_bytes(&gz->word_pairs);
    n[T_WORD_PAIR_HASHES] = gz->word_pairs.n;
}

/* The bytes before a table that starts at or after `at`: up to a multiple of 8. */
static size_t padding(uint64_t at)
{
    return (size_t)((8 - at % 8) % 8);
}

/* ---- keying digest ---- */

/*
 * Names whose keys depend on every step of making a key: case and accent
 * folding (utf8proc), tokenizing (dots, apostrophes, '&', hyphens,
 * possessives, also inside a name), scripts other than Latin, and stemming; and lower-case first
 * words, one alone ("running") and one of two ("de Beers"), and a lower-case
 * second word ("Isle of Man"), which set bits of the filters low_one, low_two
 * and low_next.
 */
static const char probe_tsv[] =
    "id\ttype\tname\taliases\n"
    "P\tPROBE\tCuraçao\tSÃO TOMÉ|Schönbohm|İSTANBUL|Straße|ﬁnance|"
    "Œuvre|Ελλάδα|Москва|東京|U.S.|AT&T|O'Neill|Côte d’Ivoire|"
    "Guinea-Bissau|Moody's|People's Republic|Joseph R. Biden|3M|de Beers|"
    "Isle of Man|"
    "Canadian{stem}|Germans{stem}|Nations{stem}|running{stem}\n";

/*
 * A digest of what this build makes of probe_tsv with stemmer `language`: the
 * keys of its names (tokenizer, folding, stemmer) and every table of the
 * loaded probe (hash function, dictionary placement, filters), so that a
 * change to any of them changes it. ENTIDX_OK, ENTIDX_EINVAL for a language
 * libstemmer lacks, or ENTIDX_ENOMEM.
 */
static int keying_digest(const char *language, uint64_t *out)
{
    entidx_gazetteer_opts opts = {0, language};
    entidx_gazetteer *probe = NULL;
    entidx_buf all = ENTIDX_BUF_INIT;
    const void *ptr[N_TABLES];
    size_t n[N_TABLES];
    int rc = entidx_gazetteer_load_buffer(&probe, "(probe)", probe_tsv, sizeof(probe_tsv) - 1,
                                          &opts, NULL);
    if (rc == ENTIDX_OK)
        rc = entidx__gazetteer_serialize_keys(probe, &all);
    if (rc == ENTIDX_OK) {
        table_ptrs(probe, ptr);
        table_lengths(probe, n);
        for (size_t t = 0; rc == ENTIDX_OK && t < N_TABLES; t++)
            rc = entidx_buf_put(&all, ptr[t], n[t] * record_size[t]);
    }
    if (rc == ENTIDX_OK &&
        (rc = entidx_buf_put(&all, probe->low_one, sizeof(probe->low_one))) == ENTIDX_OK &&
        (rc = entidx_buf_put(&all, probe->low_two, sizeof(probe->low_two))) == ENTIDX_OK &&
        (rc = entidx_buf_put(&all, probe->low_next, sizeof(probe->low_next))) == ENTIDX_OK)
        *out = entidx_hash(all.ptr, all.len);
    entidx_buf_dispose(&all);
    entidx_gazetteer_free(probe);
    return rc;
}

/* ---- saving ---- */

typedef struct out_file {
    FILE *f;
    uint32_t crc; /* of everything written after the header's first CRC_FROM bytes */
} out_file;

static int out_put(out_file *o, const void *p, size_t len)
{
    if (len > 0 && fwrite(p, 1, len, o->f) != len)
        return -1;
    o->crc = entidx_crc32(o->crc, p, len);
    return 0;
}

static void header_of(const entidx_gazetteer *gz, uint8_t *h, const size_t n[N_TABLES],
                      uint64_t file_len, uint64_t digest)
{
    uint32_t v;
    memset(h, 0, HEADER_LEN);
    memcpy(h, MAGIC, 8);
    v = VERSION, memcpy(h + 8, &v, 4);
    v = ORDER_MARK, memcpy(h + 12, &v, 4);
    v = record_sizes(), memcpy(h + 16, &v, 4);
    memcpy(h + 24, &file_len, 8);
    {
        uint64_t fp = entidx_gazetteer_fingerprint(gz), kc = gz->keydict.count,
                 ic = gz->iddict.count;
        uint32_t mt = gz->max_tokens, hs = (uint32_t)gz->has_stem, cp = gz->cur_path,
                 fl = (uint32_t)gz->first_words.log2;
        memcpy(h + 32, &fp, 8);
        memcpy(h + 40, &mt, 4);
        memcpy(h + 44, &hs, 4);
        memcpy(h + 48, &cp, 4);
        memcpy(h + 52, &fl, 4);
        memcpy(h + 56, &kc, 8);
        memcpy(h + 64, &ic, 8);
    }
    memcpy(h + 72, gz->stem_language, strnlen(gz->stem_language, STEM_LANG_N - 1));
    memcpy(h + 104, gz->low_one, 512);
    memcpy(h + 616, gz->low_two, 512);
    memcpy(h + 1128, gz->low_next, 512);
    for (size_t t = 0; t < N_TABLES; t++) {
        uint64_t len = n[t];
        memcpy(h + TABLES_AT + 8 * t, &len, 8);
    }
    memcpy(h + DIGEST_AT, &digest, 8);
}

/* Write the compiled form to an open file; CRC and all. ENTIDX_EIO with errno set on failure. */
static int write_compiled(const entidx_gazetteer *gz, uint64_t digest, FILE *f)
{
    static const uint8_t zeros[8] = {0};
    const void *ptr[N_TABLES];
    size_t n[N_TABLES];
    uint8_t h[HEADER_LEN];
    uint64_t file_len = HEADER_LEN, at = HEADER_LEN;
    out_file o = {f, 0};
    uint32_t crc;

    table_ptrs(gz, ptr);
    table_lengths(gz, n);
    for (size_t t = 0; t < N_TABLES; t++)
        file_len += padding(file_len) + (uint64_t)n[t] * record_size[t];
    header_of(gz, h, n, file_len, digest);
    if (fwrite(h, 1, CRC_FROM, f) != CRC_FROM ||
        out_put(&o, h + CRC_FROM, HEADER_LEN - CRC_FROM) < 0)
        return ENTIDX_EIO;
    for (size_t t = 0; t < N_TABLES; t++) {
        size_t skip = padding(at), len = n[t] * record_size[t];
        if (out_put(&o, zeros, skip) < 0 || out_put(&o, ptr[t], len) < 0)
            return ENTIDX_EIO;
        at += skip + len;
    }
    crc = o.crc;
    if (fflush(f) != 0 || fseek(f, 20, SEEK_SET) != 0 || fwrite(&crc, 4, 1, f) != 1 ||
        fflush(f) != 0)
        return ENTIDX_EIO;
    return ENTIDX_OK;
}

int entidx_gazetteer_save(const entidx_gazetteer *gz, const char *path, entidx_error *err)
{
    size_t plen = strlen(path);
    char *tmp;
    FILE *f = NULL;
    uint64_t digest;
    int fd, rc;

    if ((rc = keying_digest(gz->stem_language, &digest)) < 0)
        return rc == ENTIDX_EINVAL
                   ? ENTIDX_FAIL(err, rc, "unknown stemmer language '%s'", gz->stem_language)
                   : ENTIDX_FAIL(err, rc, "out of memory");
    if ((tmp = entidx_malloc(plen + sizeof(".tmp-XXXXXX"))) == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
    if ((fd = mkstemp(tmp)) < 0) {
        rc = ENTIDX_FAIL_SYS(err, errno, path, "cannot create a temporary file beside it");
        entidx_free(tmp);
        return rc;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; a compiled gazetteer is meant to be shared */
    if ((f = fdopen(fd, "wb")) == NULL) {
        rc = ENTIDX_FAIL_SYS(err, errno, path, "cannot write");
        close(fd);
    } else if ((rc = write_compiled(gz, digest, f)) < 0 || fsync(fileno(f)) != 0) {
        rc = ENTIDX_FAIL_SYS(err, errno ? errno : EIO, path, "write failed");
        fclose(f);
    } else if (fclose(f) != 0) {
        rc = ENTIDX_FAIL_SYS(err, errno ? errno : EIO, path, "write failed");
    } else if (rename(tmp, path) != 0) {
        rc = ENTIDX_FAIL_SYS(err, errno, path, "cannot move the temporary file into place");
    } else {
        entidx_free(tmp);
        return ENTIDX_OK;
    }
    unlink(tmp);
    entidx_free(tmp);
    return rc;
}

/* ---- loading ---- */

int entidx__gz_is_compiled(const char *path)
{
    char magic[8];
    FILE *f = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    int yes;
    if (f == NULL)
        return 0;
    yes = fread(magic, 1, 8, f) == 8 && memcmp(magic, MAGIC, 8) == 0;
    fclose(f);
    return yes;
}

/* Read len bytes into dst, adding them to *crc (in pieces, each summed while in cache). */
static int read_crc(FILE *f, void *dst, size_t len, uint32_t *crc)
{
    unsigned char *p = dst;
    while (len > 0) {
        size_t chunk = ENTIDX_MIN(len, READ_CHUNK);
        if (fread(p, 1, chunk, f) != chunk)
            return -1;
        *crc = entidx_crc32(*crc, p, chunk);
        p += chunk;
        len -= chunk;
    }
    return 0;
}

/* Are the `len` bytes at `off` inside a table of `size` bytes? */
static int inside(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* Slots [0, n_slots) of a dictionary whose values must be below n_values. */
static int dict_ok(const entidx_dict *d, size_t n_slots, uint64_t count, size_t n_values)
{
    size_t used = 0;
    if (n_slots == 0)
        return count == 0 && d->keys.len == 0;
    if ((n_slots & (n_slots - 1)) != 0 || n_slots - 1 > UINT32_MAX || count > n_slots / 2)
        return 0;
    for (size_t i = 0; i < n_slots; i++) {
        const entidx_dict_slot *s = &d->slots[i];
        if (s->hash == 0)
            continue;
        if (!inside(s->key_off, s->key_len, d->keys.len) || s->value >= n_values)
            return 0;
        used++;
    }
    return used == count; /* so at least half the slots are empty: probes end */
}

static int in_pool(const entidx_gazetteer *gz, uint32_t off)
{
    return off < gz->pool.len; /* the pool ends with a NUL: every string ends */
}

/* Can a filter's bit set have this many bytes (none, or a power of two up to 2^31 bits)? */
static int filter_size_ok(size_t bytes)
{
    return (bytes & (bytes - 1)) == 0 && bytes <= (size_t)1 << 28;
}

/* NULL when every offset, index and count of the tables holds, else what does not. */
static const char *tables_wrong(const entidx_gazetteer *gz, uint32_t first_words_log2,
                                const size_t n[N_TABLES], uint64_t key_count, uint64_t id_count)
{
    if (gz->pool.len == 0 || gz->pool.ptr[gz->pool.len - 1] != '\0' || gz->pool.len > UINT32_MAX)
        return "string pool";
    if (!in_pool(gz, gz->cur_path) || gz->max_tokens > ENTIDX_MAX_ALIAS_TOK)
        return "header";
    for (size_t i = 0; i < gz->n_ents; i++) {
        const entidx_gz_entity *e = &gz->ents[i];
        if (!in_pool(gz, e->id) || !in_pool(gz, e->type) || !in_pool(gz, e->name) ||
            !in_pool(gz, e->path) || !inside(e->alias0, e->n_aliases, gz->n_alias_strs) ||
            !inside(e->attr0, e->n_attrs, gz->n_attrs))
            return "entity table";
    }
    for (size_t i = 0; i < gz->n_alias_strs; i++) {
        if (!in_pool(gz, gz->alias_strs[i].text))
            return "alias strings";
    }
    for (size_t i = 0; i < gz->n_attrs; i++) {
        if (!in_pool(gz, gz->attrs[i].name) || !in_pool(gz, gz->attrs[i].value))
            return "attributes";
    }
    for (size_t i = 0; i < gz->n_aliases; i++) {
        const entidx_gz_alias *a = &gz->aliases[i];
        /* a chain only goes forward, so following it ends */
        if (a->entity >= gz->n_ents || !in_pool(gz, a->text) || a->n_tokens == 0 ||
            a->n_tokens > gz->max_tokens || a->rule > ENTIDX_RULE_EXACT ||
            (a->next != ENTIDX_GZ_NONE && (a->next <= i || a->next >= gz->n_aliases)))
            return "alias table";
    }
    for (size_t i = 0; i < gz->n_keys; i++) {
        const entidx_gz_key *k = &gz->keys[i];
        if ((k->first == ENTIDX_GZ_NONE) != (k->last == ENTIDX_GZ_NONE) ||
            (k->first != ENTIDX_GZ_NONE && (k->first >= gz->n_aliases || k->last >= gz->n_aliases)))
            return "key table";
    }
    if (!dict_ok(&gz->keydict, n[T_KEY_SLOTS], key_count, gz->n_keys))
        return "alias dictionary";
    if (!dict_ok(&gz->iddict, n[T_ID_SLOTS], id_count, gz->n_ents))
        return "id dictionary";
    if (first_words_log2 == 0 ? n[T_FIRST_WORDS] != 0
                              : first_words_log2 < 3 || first_words_log2 > 31 ||
                                    n[T_FIRST_WORDS] != (size_t)1 << (first_words_log2 - 3))
        return "first-word filter";
    /* (these two have their log 2 from their size, so it must be a power of two) */
    if (!filter_size_ok(n[T_ALIAS_WORDS]) || !filter_size_ok(n[T_WORD_PAIRS]))
        return "word filters";
    return NULL;
}

/* The log 2 of the bits of a filter of `bytes` bytes (0 for none), as its size holds. */
static size_t filter_log2(size_t bytes)
{
    size_t log2 = 0;
    while (bytes > 0 && ((size_t)1 << log2) < bytes)
        log2++;
    return bytes > 0 ? log2 + 3 : 0;
}

/* Point each table of gz at its own allocation of n[t] records (byte tables get a NUL after). */
static int allocate_tables(entidx_gazetteer *gz, const size_t n[N_TABLES])
{
    void **slot[N_TABLES] = {(void **)&gz->pool.ptr,          (void **)&gz->ents,
                             (void **)&gz->alias_strs,        (void **)&gz->attrs,
                             (void **)&gz->aliases,           (void **)&gz->keys,
                             (void **)&gz->keydict.slots,     (void **)&gz->keydict.keys.ptr,
                             (void **)&gz->iddict.slots,      (void **)&gz->iddict.keys.ptr,
                             (void **)&gz->first_words.bits,  (void **)&gz->first_words.hashes,
                             (void **)&gz->word_aliases.bits, (void **)&gz->word_aliases.hashes,
                             (void **)&gz->word_pairs.bits,   (void **)&gz->word_pairs.hashes};
    for (size_t t = 0; t < N_TABLES; t++) {
        int buf = t == T_POOL || t == T_KEY_BYTES || t == T_ID_BYTES;
        size_t bytes = n[t] * record_size[t] + (size_t)buf;
        if (n[t] == 0)
            continue;
        if ((*slot[t] = entidx_malloc_table(bytes)) == NULL)
            return ENTIDX_ENOMEM;
        if (buf)
            ((char *)*slot[t])[bytes - 1] = '\0';
    }
    gz->pool.len = n[T_POOL], gz->pool.size = n[T_POOL] ? n[T_POOL] + 1 : 0;
    gz->n_ents = gz->cap_ents = n[T_ENTS];
    gz->n_alias_strs = gz->cap_alias_strs = n[T_ALIAS_STRS];
    gz->n_attrs = gz->cap_attrs = n[T_ATTRS];
    gz->n_aliases = gz->cap_aliases = n[T_ALIASES];
    gz->n_keys = gz->cap_keys = n[T_KEYS];
    gz->keydict.mask = n[T_KEY_SLOTS] ? n[T_KEY_SLOTS] - 1 : 0;
    gz->keydict.keys.len = n[T_KEY_BYTES],
    gz->keydict.keys.size = n[T_KEY_BYTES] ? n[T_KEY_BYTES] + 1 : 0;
    gz->iddict.mask = n[T_ID_SLOTS] ? n[T_ID_SLOTS] - 1 : 0;
    gz->iddict.keys.len = n[T_ID_BYTES],
    gz->iddict.keys.size = n[T_ID_BYTES] ? n[T_ID_BYTES] + 1 : 0;
    gz->first_words.n = gz->first_words.cap = n[T_FIRST_HASHES];
    gz->word_aliases.n = gz->word_aliases.cap = n[T_ALIAS_WORD_HASHES];
    gz->word_aliases.log2 = filter_log2(n[T_ALIAS_WORDS]);
    gz->word_pairs.n = gz->word_pairs.cap = n[T_WORD_PAIR_HASHES];
    gz->word_pairs.log2 = filter_log2(n[T_WORD_PAIRS]);
    return ENTIDX_OK;
}

int entidx__gz_load_compiled(entidx_gazetteer *gz, const char *path, const char *stem_language,
                             entidx_error *err)
{
    FILE *f = fopen(path, "rb");
    uint8_t h[HEADER_LEN];
    size_t n[N_TABLES];
    const void *ptr[N_TABLES];
    uint64_t file_len, total = HEADER_LEN, key_count, id_count, fingerprint, digest_stored, digest;
    uint32_t u, crc_stored, first_words_log2;
    uint32_t crc = 0;
    const char *wrong = NULL;
    struct stat st;
    int rc = ENTIDX_OK;

    if (f == NULL)
        return ENTIDX_FAIL_SYS(err, errno, path, "cannot open gazetteer");
    if (fstat(fileno(f), &st) != 0) {
        rc = ENTIDX_FAIL_SYS(err, errno, path, "cannot read gazetteer");
        goto done;
    }
    /* the version first: another version's header may be shorter */
    if (fread(h, 1, 12, f) != 12 || memcmp(h, MAGIC, 8) != 0) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer is truncated (shorter than its header)");
        goto done;
    }
    memcpy(&u, h + 8, 4);
    if (u != VERSION) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer of format version %u; this entidx reads "
                            "version %d (compile it again)",
                            (unsigned)u, VERSION);
        goto done;
    }
    if (fread(h + 12, 1, HEADER_LEN - 12, f) != HEADER_LEN - 12) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer is truncated (shorter than its header)");
        goto done;
    }
    memcpy(&u, h + 12, 4);
    if (u != ORDER_MARK) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "gazetteer compiled on a machine of the other byte order "
                            "(compile it again here)");
        goto done;
    }
    memcpy(&u, h + 16, 4);
    if (u != record_sizes()) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "gazetteer compiled by a build with other record sizes "
                            "(compile it again with this entidx)");
        goto done;
    }
    memcpy(&crc_stored, h + 20, 4);
    memcpy(&file_len, h + 24, 8);
    memcpy(&fingerprint, h + 32, 8);
    memcpy(&gz->max_tokens, h + 40, 4);
    memcpy(&u, h + 44, 4);
    gz->has_stem = u != 0;
    memcpy(&gz->cur_path, h + 48, 4);
    memcpy(&first_words_log2, h + 52, 4);
    memcpy(&key_count, h + 56, 8);
    memcpy(&id_count, h + 64, 8);
    memcpy(gz->low_one, h + 104, 512);
    memcpy(gz->low_two, h + 616, 512);
    memcpy(gz->low_next, h + 1128, 512);
    memcpy(&digest_stored, h + DIGEST_AT, 8);
    crc = entidx_crc32(crc, h + CRC_FROM, HEADER_LEN - CRC_FROM);
    /* the table lengths must add up to the file's length before anything is allocated */
    for (size_t t = 0; t < N_TABLES; t++) {
        uint64_t len;
        memcpy(&len, h + TABLES_AT + 8 * t, 8);
        if (len > (uint64_t)st.st_size / record_size[t]) {
            total = UINT64_MAX;
            break;
        }
        n[t] = (size_t)len;
        total += padding(total) + len * record_size[t];
    }
    if (file_len != (uint64_t)st.st_size || total != file_len) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer is truncated or damaged (%llu bytes, its "
                            "header says %llu)",
                            (unsigned long long)st.st_size, (unsigned long long)file_len);
        goto done;
    }
    if ((rc = allocate_tables(gz, n)) < 0) {
        rc = ENTIDX_FAIL(err, rc, "out of memory loading gazetteer '%s'", path);
        goto done;
    }
    table_ptrs(gz, ptr);
    total = HEADER_LEN;
    for (size_t t = 0; t < N_TABLES; t++) {
        uint8_t pad[8];
        size_t skip = padding(total);
        if (read_crc(f, pad, skip, &crc) < 0 ||
            read_crc(f, (void *)ptr[t], n[t] * record_size[t], &crc) < 0) {
            rc = ENTIDX_FAIL_SYS(err, ferror(f) && errno ? errno : EIO, path,
                                 "cannot read gazetteer");
            goto done;
        }
        total += skip + n[t] * record_size[t];
    }
    if (crc != crc_stored) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer is damaged (CRC mismatch)");
        goto done;
    }
    gz->first_words.log2 = first_words_log2;
    if (memchr(h + 72, '\0', STEM_LANG_N) == NULL) {
        wrong = "header";
    } else if (gz->has_stem) { /* the stemmed keys were made with this stemmer */
        if (stem_language != NULL && strcmp(stem_language, (const char *)h + 72) != 0) {
            rc = ENTIDX_FAIL_AT(err, ENTIDX_EINVAL, path, 0, 0,
                                "gazetteer compiled with the '%s' stemmer, not '%s' (compile it "
                                "again with --stem-language %s)",
                                (const char *)h + 72, stem_language, stem_language);
            goto done;
        }
        memcpy(gz->stem_language, h + 72, STEM_LANG_N);
    }
    if (wrong == NULL &&
        (keying_digest((const char *)h + 72, &digest) < 0 || digest != digest_stored)) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "gazetteer compiled by a build that makes name keys differently "
                            "(another entidx, libutf8proc or libstemmer): compile it again");
        goto done;
    }
    gz->keydict.count = (size_t)key_count;
    gz->iddict.count = (size_t)id_count;
    if (wrong == NULL)
        wrong = tables_wrong(gz, first_words_log2, n, key_count, id_count);
    if (wrong != NULL) {
        rc = ENTIDX_FAIL_AT(err, ENTIDX_ECORRUPT, path, 0, 0,
                            "compiled gazetteer is inconsistent (%s)", wrong);
        goto done;
    }
    /* what the caller switches off is not part of the file */
    for (size_t i = 0; i < gz->n_aliases; i++)
        gz->aliases[i].skipped = (gz->aliases[i].flags & gz->opts.skip_flags) != 0;
    atomic_store_explicit(&gz->fingerprint, fingerprint, memory_order_relaxed);
done:
    fclose(f);
    return rc;
}
