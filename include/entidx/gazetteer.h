/* SPDX-License-Identifier: MIT */
/*
 * entidx/gazetteer.h - load gazetteer files (entities and their aliases) into
 * an immutable dictionary used by the tagger, the index and queries.
 *
 * File format (documented in gazetteers/README.md): UTF-8 TSV, `#` comment
 * lines and blank lines ignored, a header row naming the columns; required
 * columns `id`, `type`, `name`; optional `aliases` (`|`-separated); any other
 * column is an attribute (e.g. `country`).
 *
 * An alias (or the name) may end with a flag list in braces, e.g.
 * `Germans{demonym}` or `Chad{exact}`: see entidx_alias_flag.
 *
 * A loaded gazetteer is immutable and may be shared by threads.
 */
#ifndef ENTIDX_GAZETTEER_H
#define ENTIDX_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"

typedef struct entidx_gazetteer entidx_gazetteer;

/** Flags an alias may carry, written as a `{flag,flag}` suffix in the file. */
typedef enum entidx_alias_flag {
    ENTIDX_ALIAS_DEMONYM = 1, /**< `demonym`: a demonym or adjective (German, Germans) */
    ENTIDX_ALIAS_AMBIGUOUS = 2,
    /**< `ambiguous`: also a common word or another thing. Off by default
     * (entidx_gazetteer_opts.skip_flags), but the tagger takes it in a
     * document that names its entity: by another alias earlier, by its own
     * name anywhere (not for an alias of three capitals or fewer), or, for a
     * company, by a legal form right after it; never a country's own other
     * name that is neither a demonym nor shared */
    ENTIDX_ALIAS_EXACT = 4,
    /**< `exact`: matches only with the letter case as written */ ENTIDX_ALIAS_ANYCASE =
        8,                  /**< `anycase`: matches in any letter case */
    ENTIDX_ALIAS_STEM = 16, /**< `stem`: inflected forms match too (Canadian: Canadians) */
    ENTIDX_ALIAS_PERSON = 32,
    /**< `person`: also a person's name (Jordan, Chad). Next to a capitalised
     * name word ("Neil Jordan", "Chad Curtis") it is that person, and then
     * the bare word means the person for the whole document */
    ENTIDX_ALIAS_CUED = 64
    /**< `cued`: mostly another thing (Georgia, the US state). Matched only in
     * a document that also has one of the entity's cue words, not in lower
     * case (its attribute `cues`: words separated by `|`, such as
     * Tbilisi|Caucasus): in the text being scanned, the texts scanned before
     * it, and those listed by entidx_tagger_lookahead(). Several entities may
     * share a cued alias (Labour Party): the one whose cue words the
     * document has most is taken, the first listed on a tie. Every alias of
     * an entity that folds to a cued one's words is cued too */
} entidx_alias_flag;

typedef struct entidx_gazetteer_opts {
    /**
     * Aliases carrying any of these flags are kept in the entity table but not
     * matched. Default: ENTIDX_ALIAS_AMBIGUOUS (ambiguous aliases are off).
     */
    unsigned skip_flags;
    /**
     * Snowball stemmer for aliases flagged `stem` ("english", "german",
     * "french", ... as libstemmer names them); NULL means "english". Names
     * without the flag are never stemmed, so "Wales" stays "Wales".
     */
    const char *stem_language;
} entidx_gazetteer_opts;

#define ENTIDX_GAZETTEER_OPTS_INIT   \
    {                                \
        ENTIDX_ALIAS_AMBIGUOUS, NULL \
    }

/** One entity, as listed in its gazetteer file. Strings are borrowed from the gazetteer. */
typedef struct entidx_entity {
    const char *id;      /**< unique id, e.g. "DEU" */
    const char *type;    /**< "COUNTRY", "ORG", "PERSON" or another upper-case word */
    const char *name;    /**< preferred name */
    size_t n_aliases;    /**< aliases besides the name */
    size_t n_attrs;      /**< attribute columns with a non-empty value */
    unsigned name_flags; /**< entidx_alias_flag bits of the name */
    const char *path;    /**< file it was read from ("" when unknown) */
    uint64_t line;       /**< its line in that file (0 when unknown) */
} entidx_entity;

/**
 * Load and merge gazetteer files, in order. Entity numbers (0, 1, ...) follow
 * file order, then line order. A file is mapped into memory (standard input
 * and pipes are read); one of 1 MiB or more is parsed by a second thread
 * while the calling one builds the tables, which gives the same gazetteer
 * and the same errors as one thread would, in about half the time.
 *
 * @param[out] out  the gazetteer, or NULL on failure
 * @param paths     files to read; "-" reads standard input; the first may be
 *                  a compiled gazetteer (entidx_gazetteer_save())
 * @param opts      NULL for the defaults
 * @param err       optional; on ENTIDX_EPARSE names file:line:column and the problem
 * @return ENTIDX_OK, ENTIDX_EIO, ENTIDX_EPARSE, ENTIDX_ELIMIT, ENTIDX_ENOMEM, or for a
 *         compiled gazetteer ENTIDX_ECORRUPT (damaged, or made by another kind of
 *         build) or ENTIDX_EINVAL (out of place, or made with another stemmer)
 */
ENTIDX_EXTERN int entidx_gazetteer_load(entidx_gazetteer **out, const char *const *paths,
                                        size_t n_paths, const entidx_gazetteer_opts *opts,
                                        entidx_error *err);

/**
 * Save a loaded gazetteer in compiled form: its tables as they are in memory,
 * which entidx_gazetteer_load() reads back (it recognises the file by its
 * first bytes) several times faster than it builds them from gazetteer files.
 * A compiled file must be the first path given to entidx_gazetteer_load();
 * gazetteer files may follow it. It is tied to this build's record layout and
 * byte order, to the way it makes dictionary keys of names (tokenizer,
 * libutf8proc, libstemmer: a digest of the keys of a fixed set of names is
 * stored and compared), and to the stemmer its stemmed aliases were made
 * with: loading refuses it, with a message, elsewhere. Written to a temporary file and
 * renamed into place.
 *
 * @return ENTIDX_OK, ENTIDX_EIO, ENTIDX_ENOMEM, or ENTIDX_EINVAL for a
 *         stemmer language libstemmer lacks
 */
ENTIDX_EXTERN int entidx_gazetteer_save(const entidx_gazetteer *gz, const char *path,
                                        entidx_error *err);

/**
 * Load one gazetteer from memory; `name` is used in error messages as the file name.
 */
ENTIDX_EXTERN int entidx_gazetteer_load_buffer(entidx_gazetteer **out, const char *name,
                                               const char *data, size_t len,
                                               const entidx_gazetteer_opts *opts,
                                               entidx_error *err);

ENTIDX_EXTERN void entidx_gazetteer_free(entidx_gazetteer *gz);

/** Number of entities. */
ENTIDX_EXTERN uint32_t entidx_gazetteer_count(const entidx_gazetteer *gz);

/** Describe entity `entity` (< count) into *out. Strings live as long as the gazetteer. */
ENTIDX_EXTERN void entidx_gazetteer_entity(const entidx_gazetteer *gz, uint32_t entity,
                                           entidx_entity *out);

/** The k-th alias (< n_aliases) of an entity, as written in the file (without its flags). */
ENTIDX_EXTERN const char *entidx_gazetteer_alias(const entidx_gazetteer *gz, uint32_t entity,
                                                 size_t k);
/** The entidx_alias_flag bits of the k-th alias of an entity. */
ENTIDX_EXTERN unsigned entidx_gazetteer_alias_flags(const entidx_gazetteer *gz, uint32_t entity,
                                                    size_t k);
/**
 * Write the flags as they appear in a file ("demonym,exact"; "" for none)
 * into buf of `size` bytes. @return buf
 */
ENTIDX_EXTERN const char *entidx_alias_flags_format(unsigned flags, char *buf, size_t size);

/** The k-th attribute (< n_attrs) of an entity: its column name in *name, value returned. */
ENTIDX_EXTERN const char *entidx_gazetteer_attr(const entidx_gazetteer *gz, uint32_t entity,
                                                size_t k, const char **name);

/** Find an entity by id; ENTIDX_OK and *entity, or ENTIDX_ENOTFOUND. */
ENTIDX_EXTERN int entidx_gazetteer_find_id(const entidx_gazetteer *gz, const char *id,
                                           size_t id_len, uint32_t *entity);

/**
 * A 64-bit digest of the whole entity table (ids, types, names, aliases,
 * attributes). Worked out on the first call (it serializes the table) and
 * kept; 0 only if memory runs out then.
 */
ENTIDX_EXTERN uint64_t entidx_gazetteer_fingerprint(const entidx_gazetteer *gz);

/** One way a name resolves (see entidx_gazetteer_lookup()). */
typedef struct entidx_lookup_match {
    uint32_t entity;   /**< entity number */
    const char *alias; /**< the name or alias that matched, as written in the gazetteer */
    unsigned flags;    /**< that alias's entidx_alias_flag bits */
    int case_ok;       /**< 1 when the name's letter case satisfies the alias's case rule */
    int skipped;       /**< 1 when the alias is not matched in text (opts.skip_flags) */
} entidx_lookup_match;

/**
 * Resolve a whole name through the same tokenizing, folding and case rules the
 * tagger uses on text. Matches are reported in gazetteer order; an entity
 * appears once (its first matching alias, preferring one whose case rule holds
 * and that is not skipped). Skipped aliases are reported too (skipped = 1).
 *
 * @param[out] out  room for `cap` matches
 * @param[out] n_out the number of matches found (may exceed cap; only cap are stored)
 * @return ENTIDX_OK or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_gazetteer_lookup(const entidx_gazetteer *gz, const char *name, size_t len,
                                          entidx_lookup_match *out, size_t cap, size_t *n_out,
                                          entidx_error *err);

/** What entidx_gazetteer_check() reports. */
typedef enum entidx_finding_kind {
    /** two entities share an alias after folding (unless both sides are flagged ambiguous) */
    ENTIDX_FINDING_COLLISION =
        1, /** an alias of one entity is a run of words inside a longer alias of another entity,
            * with compatible letter case, so where the longer one appears the shorter is not
            * reported (aliases flagged ambiguous are not considered) */
    ENTIDX_FINDING_SHADOWED = 2,
    /** a one-word alias that is a common lowercase word, without an ambiguous or exact flag */
    ENTIDX_FINDING_COMMON_WORD = 3
} entidx_finding_kind;

typedef struct entidx_finding {
    entidx_finding_kind kind;
    uint32_t entity;         /**< the entity whose alias is at issue */
    const char *alias;       /**< that alias (or name), as written */
    uint32_t other;          /**< COLLISION, SHADOWED: the other entity */
    const char *other_alias; /**< its alias */
} entidx_finding;

/** Called per finding, in a deterministic order; non-zero stops the check and is returned. */
typedef int (*entidx_finding_cb)(const entidx_finding *f, void *payload);

/**
 * Look for likely gazetteer mistakes: alias collisions, shadowed aliases and
 * (when `common_words` is given: lower-case words, one per element) aliases
 * that are common words. Parse errors and duplicate ids are already errors of
 * entidx_gazetteer_load().
 * @return ENTIDX_OK, the callback's value, or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_gazetteer_check(const entidx_gazetteer *gz,
                                         const char *const *common_words, size_t n_common_words,
                                         entidx_finding_cb cb, void *payload, entidx_error *err);

#endif
