/* SPDX-License-Identifier: MIT */
/*
 * gazetteer_int.h - the gazetteer's internal layout, shared with the tagger
 * (which probes the alias dictionary) and the index (which stores the entity
 * table in serialized form so that queries need no gazetteer file).
 */
#ifndef ENTIDX_GAZETTEER_INT_H
#define ENTIDX_GAZETTEER_INT_H

#include "entidx/gazetteer.h"
#include "buf.h"
#include "dict.h"
#include "normalize.h"
#include "tokenize.h"
#include "varint.h"

#define ENTIDX_GZ_NONE        UINT32_MAX
#define ENTIDX_MAX_ALIAS_TOK  16     /* tokens in one alias; bounds the tagger's lookahead */
#define ENTIDX_KEY_SEP        '\x1f' /* joins folded tokens into a dictionary key */
#define ENTIDX_STEM_MARK      '\x1e' /* starts the key of a stemmed alias */
#define ENTIDX_LOW_START_LOG2 12     /* bits in the lower-case first-word filter: 4096 */
#define ENTIDX_LOW_START_BITS (1u << ENTIDX_LOW_START_LOG2)

/*
 * Case rules. DEFAULT: each token as written, in Title Case, or in capitals
 * (the tagger asks more of a one-word alias in mixed case found in capitals:
 * tagger.c, alias_accepts()).
 * EXACT: each token with the letter-case shape it has in the gazetteer.
 * ANY: any letter case.
 */
enum { ENTIDX_RULE_DEFAULT = 0, ENTIDX_RULE_ANY = 1, ENTIDX_RULE_EXACT = 2 };

typedef struct entidx_gz_alias {
    uint32_t entity;
    uint32_t text; /* pool offset of the alias as written */
    uint32_t next; /* next alias sharing the key, or ENTIDX_GZ_NONE */
    uint8_t n_tokens;
    uint8_t rule;       /* ENTIDX_RULE_* */
    uint8_t flags;      /* entidx_alias_flag bits */
    uint8_t skipped;    /* flags include one of opts.skip_flags: listed, never matched */
    uint8_t possessive; /* written with a possessive ("Moody's"): only matches one */
    uint8_t pad0;       /* zero (the compiled form writes these records as they are) */
    /* bit i: token i, before the last, is written with a possessive ("People's
       Republic of China"); text may have a possessive inside the name only there */
    uint16_t inner_possessive;
    uint8_t pad[4];  /* zero */
    uint64_t shapes; /* ENTIDX_SHAPE_* of token i in bits 3i..3i+2 */
} entidx_gz_alias;

typedef struct entidx_gz_key {
    uint32_t first; /* first alias with this key, or ENTIDX_GZ_NONE (prefix only) */
    uint32_t last;
    uint8_t is_prefix; /* some longer alias starts with this key */
    uint8_t one_word;  /* the key is one folded word, not stemmed */
    uint8_t pad[2];    /* zero */
} entidx_gz_key;

typedef struct entidx_gz_entity {
    uint32_t id, type, name; /* pool offsets */
    uint32_t alias0;         /* first index in alias_strs */
    uint32_t n_aliases;
    uint32_t attr0; /* first index in attrs */
    uint32_t n_attrs;
    uint32_t path; /* pool offset of the file name */
    uint32_t line; /* line in that file, 0 when unknown */
    uint8_t name_flags;
    uint8_t pad[3]; /* zero */
} entidx_gz_entity;

typedef struct entidx_gz_alias_str {
    uint32_t text; /* pool offset, without the flag suffix */
    uint8_t flags; /* entidx_alias_flag bits */
    uint8_t pad[3];
} entidx_gz_alias_str;

typedef struct entidx_gz_attr {
    uint32_t name, value; /* pool offsets */
} entidx_gz_attr;

/*
 * A bit set over 64-bit hashes (entidx_hash() and the like) that answers "may
 * h be a member?" from one bit: sized at 16 bits per member, so that about 1
 * in 200 other hashes gets through, and grown x4 (refilled from the upper
 * halves of the members' hashes, kept for this) as members are added.
 */
typedef struct entidx_gz_filter {
    uint8_t *bits;
    size_t log2;      /* its size in bits, log 2 (0: empty, no member) */
    size_t n;         /* members */
    uint32_t *hashes; /* h >> 32 of each member */
    size_t cap;
} entidx_gz_filter;

struct entidx_gazetteer {
    entidx_buf pool; /* NUL-terminated strings */
    entidx_gz_entity *ents;
    size_t n_ents, cap_ents;
    entidx_gz_alias_str *alias_strs;
    size_t n_alias_strs, cap_alias_strs;
    entidx_gazetteer_opts opts;
    uint32_t cur_path; /* pool offset of the file being parsed */
    entidx_gz_attr *attrs;
    size_t n_attrs, cap_attrs;
    entidx_gz_alias *aliases;
    size_t n_aliases, cap_aliases;
    entidx_gz_key *keys;
    size_t n_keys, cap_keys;
    entidx_dict keydict; /* folded key -> index in keys */
    entidx_dict iddict;  /* entity id -> entity number */
    unsigned max_tokens; /* longest alias, in tokens */
    /* entidx_gazetteer_fingerprint(): 0 until worked out (entidx_hash() is never 0) */
    _Atomic uint64_t fingerprint;
    char stem_language[32];
    int has_stem; /* some alias is flagged stem */
    /* filters that spare the tagger most dictionary probes (below) */
    uint8_t low_one[ENTIDX_LOW_START_BITS / 8];  /* lower-case one-word aliases */
    uint8_t low_two[ENTIDX_LOW_START_BITS / 8];  /* first two words of longer ones */
    uint8_t low_next[ENTIDX_LOW_START_BITS / 8]; /* second words that may be lower case */
    entidx_gz_filter first_words;                /* hashes of one-word keys */
    entidx_gz_filter word_aliases;               /* ... of one-word keys that name an alias */
    entidx_gz_filter word_pairs; /* entidx__gz_pair_hash() of two-word keys' words */
};

/*
 * Most words of news text are lower case ("the", "said"), and under the case
 * rules a lower-case (or digits-only) word can start a name only when some
 * alias allows that shape for its first word ("de Beers", "eBay", an alias
 * ruled anycase). Two bit sets over cheap signatures of folded words are kept
 * up to date as aliases are added: low_one for the words of such one-word
 * aliases, low_two for the first two words of longer ones (so that "the",
 * which starts "the Abode of Peace", only costs a dictionary probe before
 * "Abode"). low_two's first half holds the first word alone, its second half
 * the two words: most words start no such alias, and are turned away without
 * the next word being read. A lower-case word whose bits are clear cannot
 * start a match, and the tagger skips its probe. A set bit only means
 * "probe": signatures collide, and the answer never changes. A third set,
 * low_next, holds the second words that an alias lets be lower case ("of" in
 * "Bank of England"): a word followed by a lower-case word outside it ("A
 * spokesman", "Bank said") starts no name of two words or more, which the
 * tagger then knows without hashing the second word or reading word_pairs
 * below.
 *
 * For any word, first_words is a bit set over the hashes of all one-word keys
 * (every alias's first word has one: its shortest prefix), sized at 16 bits
 * per word so that about 1 in 200 absent words gets through: most capitalised
 * words of news text ("He", "Smith", "Monday") start no name, and the test
 * reads one bit from a table far smaller than the dictionary (which, at a
 * million aliases, does not fit in any cache).
 *
 * A word that gets through may start a name of one word (word_aliases: the
 * one-word keys that name an alias) or of two or more. For the second, the
 * first two words must be a key, and word_pairs holds entidx__gz_pair_hash()
 * of the two words' hashes for every two-word key. A word in neither ("John"
 * or "Bank" before "said", where a gazetteer names "John Smith" and "Bank of
 * England") starts nothing: the tagger spares the one or two dictionary
 * probes, each a cache miss in a big dictionary. A compiled gazetteer stores
 * all three (gazetteer_compiled.c).
 */
static inline uint32_t entidx__gz_word_value(const char *w, size_t len)
{
    return ((uint32_t)(uint8_t)w[0] | (uint32_t)(uint8_t)w[len - 1] << 8 |
            (uint32_t)(uint8_t)w[len / 2] << 16 | (uint32_t)(len & 0xff) << 24) *
           0x9e3779b1u;
}

static inline uint32_t entidx__gz_low_one_sig(const char *w, size_t len)
{
    return entidx__gz_word_value(w, len) >> (32 - ENTIDX_LOW_START_LOG2);
}

/* low_next's bit for a second word w: the signature low_one takes of a word. */
static inline uint32_t entidx__gz_low_next_sig(const char *w, size_t len)
{
    return entidx__gz_low_one_sig(w, len);
}

/* May h be a member of f? */
static inline int entidx__gz_filter_may(const entidx_gz_filter *f, uint64_t h)
{
    uint64_t bit;
    if (f->bits == NULL)
        return 0;
    bit = h >> (64 - f->log2);
    return (f->bits[bit >> 3] >> (bit & 7)) & 1;
}

/* Start loading the byte of f that entidx__gz_filter_may() will read for h. */
static inline void entidx__gz_filter_prefetch(const entidx_gz_filter *f, uint64_t h)
{
#if defined(__GNUC__)
    if (f->bits != NULL)
        __builtin_prefetch(&f->bits[(h >> (64 - f->log2)) >> 3]);
#else
    (void)f;
    (void)h;
#endif
}

/* May a key start with the word whose entidx_hash() is h? */
static inline int entidx__gz_first_word_may(const entidx_gazetteer *gz, uint64_t h)
{
    return entidx__gz_filter_may(&gz->first_words, h); /* no one-word key: no key at all */
}

/* What word_pairs holds of two words with entidx_hash() h1 and h2 (not symmetric). */
static inline uint64_t entidx__gz_pair_hash(uint64_t h1, uint64_t h2)
{
    uint64_t h = h1 ^ (h2 * 0x9e3779b97f4a7c15u + 0x632be59bd9b4e019u);
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9u;
    return h ^ h >> 29;
}

/* low_two's bit for a first word w1 (its first half). */
static inline uint32_t entidx__gz_low_first_sig(const char *w1, size_t len1)
{
    return entidx__gz_low_one_sig(w1, len1) >> 1; /* (the tagger's low_any relies on it) */
}

/* low_two's bit for the first two words w1 w2 (its second half). */
static inline uint32_t entidx__gz_low_two_sig(const char *w1, size_t len1, const char *w2,
                                              size_t len2)
{
    uint32_t v = entidx__gz_word_value(w1, len1) ^ (entidx__gz_word_value(w2, len2) >> 7);
    return ((v * 0x85ebca6bu) >> (33 - ENTIDX_LOW_START_LOG2)) | ENTIDX_LOW_START_BITS / 2;
}

static inline int entidx__gz_bit(const uint8_t *set, uint32_t sig)
{
    return (set[sig >> 3] >> (sig & 7)) & 1;
}

/* A string slice (not NUL-terminated). */
typedef struct entidx_slice {
    const char *p;
    size_t len;
} entidx_slice;

/* Does a token of shape `surface` satisfy an alias token of shape `alias` under `rule`? */
static inline int entidx_shape_ok(int rule, unsigned surface, unsigned alias)
{
    if (rule == ENTIDX_RULE_ANY)
        return 1;
    if (rule == ENTIDX_RULE_EXACT)
        return surface == alias;
    return surface == ENTIDX_SHAPE_UPPER || surface == alias ||
           (surface == ENTIDX_SHAPE_TITLE && alias == ENTIDX_SHAPE_LOWER);
}

/*
 * A gazetteer file is read by a second thread while this one adds what it
 * read, when at least this many bytes follow its header (gazetteer_tsv.c). For
 * tests, which set it to 0 to take that path with small files.
 */
extern size_t entidx__gz_thread_min_bytes;

/* Add hash h to filter f. ENTIDX_OK or ENTIDX_ENOMEM. */
int entidx__gz_filter_add(entidx_gz_filter *f, uint64_t h);

void entidx__gz_filter_dispose(entidx_gz_filter *f);

/* Build the dictionary key of tokens [first, first+n) of toks into key. */
int entidx__gz_key(entidx_buf *key, const entidx_tokens *toks, size_t first, size_t n);

/*
 * The stemmed key of tokens [first, first+n): ENTIDX_STEM_MARK, then the stem
 * of each folded token, joined by ENTIDX_KEY_SEP. ENTIDX_ENOMEM on failure.
 */
int entidx__gz_stem_key(entidx_buf *key, const entidx_tokens *toks, size_t first, size_t n,
                        entidx_stemmer *st);

/*
 * Split a name or alias as stored ("Germans{demonym}") into its length
 * without the flag suffix and its flags: ENTIDX_OK or ENTIDX_EPARSE.
 */
int entidx__gz_split_flags(const char *s, size_t len, size_t *text_len, uint8_t *flags);

/* The key record for a folded key, or NULL. */
const entidx_gz_key *entidx__gz_find_key(const entidx_gazetteer *gz, const char *key, size_t len);

/* The same, for a key whose entidx_hash() the caller has computed. */
const entidx_gz_key *entidx__gz_find_key_hashed(const entidx_gazetteer *gz, const char *key,
                                                size_t len, uint64_t h);

/*
 * The entity table in the index's serialized form (format in index_format.h):
 * varint n_entities, then per entity: str id, str type, str name, varint
 * n_aliases, str alias..., varint n_attrs, (str name, str value)...; where str
 * is a varint length and that many UTF-8 bytes. Names and aliases carry their
 * flag suffix as in a gazetteer file ("Germans{demonym}"). Deserializing
 * skips no alias: an index resolves every name it knows.
 */
int entidx__gazetteer_serialize(const entidx_gazetteer *gz, entidx_buf *out);
/*
 * The folded dictionary keys of every name and alias, in entity order (name
 * first): per string varint 2 * n_tokens + possessive, varint shapes, str
 * key, and for an
 * alias flagged stem str stemmed_key. Lets an index rebuild the alias
 * dictionary without tokenizing and folding (index_format.h, KEYS).
 */
int entidx__gazetteer_serialize_keys(const entidx_gazetteer *gz, entidx_buf *out);

/*
 * The index's mapped lookup tables (index_format.h: NAMES and IDS), appended
 * to `out`: folded key -> the aliases stored under it, entity id -> entity
 * number. ENTIDX_ENOMEM or ENTIDX_ELIMIT on failure.
 */
int entidx__gazetteer_serialize_names(const entidx_gazetteer *gz, entidx_buf *out);
int entidx__gazetteer_serialize_ids(const entidx_gazetteer *gz, entidx_buf *out);
/*
 * The offset of each entity record in a serialized entity table, as u64le
 * appended to `out` (index_format.h: ENTITY_INDEX); ENTIDX_ECORRUPT when the
 * table is malformed.
 */
int entidx__entity_table_offsets(const void *data, size_t len, entidx_buf *out);

/* Does the file at path start like a compiled gazetteer (gazetteer_compiled.c)? */
int entidx__gz_is_compiled(const char *path);

/*
 * Fill a new, empty gazetteer from a compiled one. stem_language: the
 * stemmer the caller asks for, or NULL for whichever the file was made with.
 */
int entidx__gz_load_compiled(entidx_gazetteer *gz, const char *path, const char *stem_language,
                             entidx_error *err);

/*
 * Rebuild a gazetteer from its serialized entity table; `keys` (may be
 * NULL) is the output of entidx__gazetteer_serialize_keys() for it.
 */
int entidx__gazetteer_deserialize(entidx_gazetteer **out, const char *path, const void *data,
                                  size_t len, const void *keys, size_t keys_len, entidx_error *err);

#endif
