/* SPDX-License-Identifier: MIT */
/*
 * gazetteer_build.h - building a gazetteer in two steps, shared by the TSV
 * reader (gazetteer_tsv.c) and the entity table an index stores (gazetteer.c).
 *
 * Reading (entidx_gz_reader) parses an entity, checks its fields, tokenizes
 * its name and aliases, builds and hashes their keys, registers its id and
 * lays out its strings: all of it from the entity alone. Adding
 * (entidx__gz_add_rows) puts what was read into the tables and the
 * dictionary, in file order. Entities go from one step to the other a batch
 * at a time, so that a large file can be read by a second thread while this
 * one adds the batch read before, and so that the dictionary slots of the
 * aliases about to be added can be loaded into the cache ahead of them: at a
 * million aliases each is a cache miss.
 */
#ifndef ENTIDX_GAZETTEER_BUILD_H
#define ENTIDX_GAZETTEER_BUILD_H

#include "gazetteer_int.h"

#define ENTIDX_GZ_BATCH_ROWS 1024 /* entities read at a time */

/* Which field of an entity a reading error is about. */
enum { ENTIDX_GZ_FIELD_ID, ENTIDX_GZ_FIELD_TYPE, ENTIDX_GZ_FIELD_NAME };

/* One name or alias, read and keyed. */
typedef struct entidx_gz_prepared_alias {
    entidx_slice text;           /* as written, without its "{flags}" */
    uint64_t shapes;             /* as entidx_gz_alias.shapes */
    uint64_t pair;               /* entidx__gz_pair_hash() of its first two words */
    uint32_t key[2], key_len[2]; /* plain and stemmed key: offsets in batch.keys */
    uint32_t prefixes;           /* batch.prefixes[prefixes + i]: its first i+1 words' plain
                                    key; then, flagged stem, the stemmed one's */
    uint8_t flags;               /* entidx_alias_flag bits */
    uint8_t n_tokens;
    uint8_t possessive;        /* as entidx_gz_alias.possessive */
    uint16_t inner_possessive; /* as entidx_gz_alias.inner_possessive */
} entidx_gz_prepared_alias;

typedef struct entidx_gz_prepared_attr {
    entidx_slice name, value;
} entidx_gz_prepared_attr;

/* The key of an alias's first words. */
typedef struct entidx_gz_prefix_key {
    uint64_t hash; /* entidx_hash() of the prefix */
    uint32_t len;  /* its length: the prefix is the alias's key cut there */
} entidx_gz_prefix_key;

typedef struct entidx_gz_prepared_row {
    entidx_slice id, type;
    uint32_t duplicate_of; /* the entity that has its id already, or ENTIDX_GZ_NONE */
    size_t strings;        /* batch.strings[strings...]: its id, type, name, aliases, attributes */
    uint64_t line;         /* in the file; 0 when unknown */
    uint64_t id_column;    /* of the id field, 1-based; 0 when unknown */
    uint32_t alias0;       /* batch.aliases[alias0] is the name, its aliases follow */
    uint32_t n_aliases;    /* besides the name */
    uint32_t attr0, n_attrs;
    int failed; /* reading failed after the id was checked: the batch's last row */
} entidx_gz_prepared_row;

/* Rows read, waiting to be added. */
typedef struct entidx_gz_batch {
    entidx_gz_prepared_row *rows;
    size_t n_rows, cap_rows;
    entidx_gz_prepared_alias *aliases;
    size_t n_aliases, cap_aliases;
    entidx_gz_prepared_attr *attrs;
    size_t n_attrs, cap_attrs;
    entidx_gz_prefix_key *prefixes;
    size_t n_prefixes, cap_prefixes;
    entidx_buf keys;
    entidx_buf strings; /* NUL-terminated, in the order the gazetteer's pool takes them */
    entidx_error err;   /* why reading stopped */
    int rc;             /* its code; ENTIDX_OK when no row failed */
    int last;           /* no batch follows (the input ended, or a row failed) */
} entidx_gz_batch;

/*
 * What reading needs of its own (a thread may read while another adds). It
 * registers the ids too, in the order adding will number the entities: a
 * duplicate is found where the row's reading would have found it, and the
 * adding thread (the bottleneck) is spared a cache miss per row.
 */
typedef struct entidx_gz_reader {
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
} entidx_gz_reader;

/*
 * The field at *p: its bytes up to the next `sep`, or to end. *p moves past
 * that separator, or becomes NULL after the last field.
 */
static inline entidx_slice entidx__gz_next_field(const char **p, const char *end, char sep)
{
    const char *at = *p, *stop = memchr(at, sep, (size_t)(end - at));
    entidx_slice f = {at, (size_t)((stop != NULL ? stop : end) - at)};
    *p = stop != NULL ? stop + 1 : NULL;
    return f;
}

/* A new, empty gazetteer with these options (NULL: the defaults). */
int entidx__gz_new(entidx_gazetteer **out, const entidx_gazetteer_opts *opts, entidx_error *err);

/* Remember the name of the file being read, for entidx_entity.path. */
int entidx__gz_set_path(entidx_gazetteer *gz, const char *path, entidx_error *err);

/* A reader for gz (its ids, its stemmer's language); dispose of it after. */
void entidx__gz_reader_init(entidx_gz_reader *r, entidx_gazetteer *gz);
void entidx__gz_reader_dispose(entidx_gz_reader *r);

void entidx__gz_batch_clear(entidx_gz_batch *b);
void entidx__gz_batch_dispose(entidx_gz_batch *b);

/*
 * Read an entity's id, type and name (with its flags) into a new row of b,
 * line `line` (0: unknown), and register its id. On error *bad_field tells
 * which field was at fault (ENTIDX_GZ_FIELD_*); the row is there when the error
 * came after the id's checks (the caller then marks it failed).
 */
int entidx__gz_read_entity(entidx_gz_reader *r, entidx_gz_batch *b, const entidx_slice *id,
                           const entidx_slice *type, const entidx_slice *name_field, uint64_t line,
                           int *bad_field, entidx_error *err);

/* Read one alias field ("text" or "text{flags}") of the row read last; *bad_at locates errors. */
int entidx__gz_read_alias_field(entidx_gz_reader *r, entidx_gz_batch *b, const entidx_slice *field,
                                const char **bad_at, entidx_error *err);

/* Read one attribute of the row read last (an empty value means none). */
int entidx__gz_read_attr(entidx_gz_batch *b, const entidx_slice *name, const entidx_slice *value,
                         entidx_error *err);

/*
 * Add the rows of b to gz, in order; then report the error that ended the
 * batch, if one did. Errors name `path` (NULL: none) and the row's line.
 */
int entidx__gz_add_rows(entidx_gazetteer *gz, const entidx_gz_batch *b, const char *path,
                        entidx_error *err);

#endif
