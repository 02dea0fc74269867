/* SPDX-License-Identifier: MIT */
/*
 * entidx/tagger.h - find every gazetteer mention in a text.
 *
 * Matching works on whole tokens (see src/lib/tokenize.h for what a token is):
 * "Niger" never matches inside "Nigeria"; multi-word names match across any
 * white space, line breaks included; a possessive "'s" after a name does not
 * stop it and is not part of the reported span. Each alias carries a case
 * rule; by default every word must appear as written in the gazetteer, in
 * Title Case or in capitals, so "US" does not match "us" (a one-word alias
 * that mixes cases, "DoD", matches in capitals only beside other capitals on
 * its line, or once another alias named its entity in the document). By
 * default the leftmost-longest match wins ("South Korea" over "Korea") and
 * matches do not overlap; ENTIDX_OVERLAPS_ALL reports every match at every
 * position. When two entities share an alias, the one listed first in the
 * gazetteer is reported.
 *
 * People: after a PERSON is mentioned by a name of two or more words, its
 * surname alone ("Merkel", "Mr Xi", "von der Leyen") refers to that person for
 * the rest of the document, unless another person mentioned in the document
 * has the same surname or the surname is an alias of another entity. The
 * surname is the gazetteer attribute `surname` when present, else the first
 * word for names written family name first (attribute `country` CHN, HKG,
 * KOR, MAC, PRK, TWN, VNM), else the last word with any lower-case particles
 * before it (von, van, der, de, da, dos, bin, al...).
 *
 * A tagger borrows its gazetteer (which must outlive it) and is not
 * thread-safe: use one per thread.
 */
#ifndef ENTIDX_TAGGER_H
#define ENTIDX_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "error.h"
#include "gazetteer.h"

typedef struct entidx_tagger entidx_tagger;

typedef enum entidx_overlaps {
    ENTIDX_OVERLAPS_LONGEST = 0, /**< leftmost-longest, non-overlapping (default) */
    ENTIDX_OVERLAPS_ALL = 1      /**< every match, including those inside longer ones, before
                                      the context rules (US$, a country inside another name) */
} entidx_overlaps;

typedef struct entidx_tagger_opts {
    entidx_overlaps overlaps;
    /** 1: also give the callback the candidates the rules refused, each with
        entidx_mention.refused saying why (near misses, for tuning gazetteers) */
    int report_refused;
} entidx_tagger_opts;

#define ENTIDX_TAGGER_OPTS_INIT    \
    {                              \
        ENTIDX_OVERLAPS_LONGEST, 0 \
    }

typedef struct entidx_mention {
    uint32_t entity;      /**< entity number in the gazetteer */
    uint32_t first_token; /**< index of the first token of the mention in the text */
    uint32_t n_tokens;    /**< tokens in the mention */
    uint32_t position;    /**< its first token's number in the document, from 0: like
                               sentences, texts given to entidx_tagger_scan_continue()
                               go on counting after the earlier ones */
    uint32_t sentence;    /**< sentence number in the document, from 0: texts given to
                               entidx_tagger_scan_continue() go on counting after the
                               earlier ones (see src/lib/tokenize.h) */
    size_t start;         /**< first byte of the mention in the text */
    size_t end;           /**< one past its last byte */
    const char *alias;    /**< the gazetteer name or alias that matched (borrowed from the
                               gazetteer); for a surname, the person's name */
    unsigned alias_flags; /**< entidx_alias_flag bits of that alias */
    int via_surname;      /**< 1 when matched as the surname of a person named earlier */
    unsigned evidence;    /**< entidx_evidence bits: why an ambiguous, cued or mixed-case alias
                               matched where it does not by default */
    unsigned refused;     /**< 0 for a mention; with entidx_tagger_opts.report_refused, the
                               entidx_refusal of words the rules did not take as this alias */
} entidx_mention;

/**
 * Why the rules refused words that spell an alias (entidx_mention.refused,
 * with entidx_tagger_opts.report_refused): the longest alias the words spell
 * from the refused word on, and its entity, are reported with the reason.
 * Only words that may start a name are looked at (capitalised ones, and
 * lower-case ones that begin an alias matched in any case), and a word in
 * lower case is no near miss of an alias whose case rule refuses it ("us"
 * for US: that is what the rule is for).
 */
typedef enum entidx_refusal {
    ENTIDX_REFUSED_CASE = 1,  /**< the alias's case rule: "Us" for US, "Who" for WHO */
    ENTIDX_REFUSED_AMBIGUOUS, /**< an ambiguous alias, and the document gave no evidence */
    ENTIDX_REFUSED_CUED,      /**< a cued alias, and the document has no cue word of it */
    /** the words around it: part of a longer name ("Jordan" in "Michael Jordan" with no
        such person in the gazetteers), a pronoun ("ANY PERSON WHO"), a data line... */
    ENTIDX_REFUSED_CONTEXT,
    ENTIDX_REFUSED_PERSON,   /**< a person of that name is in the document ("Neil Jordan") */
    ENTIDX_REFUSED_CURRENCY, /**< a currency sign follows ("US$") */
    /** an acronym the document defines as a name no gazetteer knows ("Farm Credit
        Administration (FCA)") */
    ENTIDX_REFUSED_DEFINED
} entidx_refusal;

/** The name of an entidx_refusal ("case", "ambiguous", ...; "" for 0). */
ENTIDX_EXTERN const char *entidx_refusal_name(unsigned refused);

/**
 * Why an alias that is off by default (flagged ambiguous) matched, or a cued
 * one without a cue word, or a one-word alias in mixed case ("eBay") in
 * capitals in running text (ENTIDX_EVIDENCE_NAMED only for these two), or
 * an acronym went to another entity than its alias's
 * (ENTIDX_EVIDENCE_DEFINED): entidx_mention.evidence.
 */
typedef enum entidx_evidence {
    ENTIDX_EVIDENCE_NAMED = 1,      /**< another alias named the entity earlier in the document */
    ENTIDX_EVIDENCE_OWN_NAME = 2,   /**< the document has the entity's own name */
    ENTIDX_EVIDENCE_LEGAL_FORM = 4, /**< a company's legal form follows ("Oracle Corp") */
    /** the document spells the acronym out as a name of another entity than its own
        alias's: "the Chicago Mercantile Exchange (CME)" (the mention's alias is that name) */
    ENTIDX_EVIDENCE_DEFINED = 8
} entidx_evidence;

/** Called for each mention in text order; a non-zero return stops the scan and is returned. */
typedef int (*entidx_mention_cb)(const entidx_mention *m, void *payload);

/** @param opts may be NULL for the defaults. @return ENTIDX_OK or ENTIDX_ENOMEM */
ENTIDX_EXTERN int entidx_tagger_new(entidx_tagger **out, const entidx_gazetteer *gz,
                                    const entidx_tagger_opts *opts, entidx_error *err);

/**
 * Scan text[0..len) (UTF-8; invalid bytes separate words and never match) as
 * the start of a new document.
 *
 * @return ENTIDX_OK, the callback's non-zero value, ENTIDX_ENOMEM, or
 *         ENTIDX_ELIMIT when len exceeds 4 GiB
 */
ENTIDX_EXTERN int entidx_tagger_scan(entidx_tagger *t, const char *text, size_t len,
                                     entidx_mention_cb cb, void *payload, entidx_error *err);

/**
 * Scan more text of the same document (another field, the next paragraph):
 * surnames learnt earlier in the document still resolve.
 */
ENTIDX_EXTERN int entidx_tagger_scan_continue(entidx_tagger *t, const char *text, size_t len,
                                              entidx_mention_cb cb, void *payload,
                                              entidx_error *err);

/**
 * List the texts of the document the next entidx_tagger_scan() starts (all
 * its fields, the ones scanned later included) for the rules that look at a
 * whole document: an alias flagged cued (ENTIDX_ALIAS_CUED) in a headline
 * then matches when its cue word is in the article's text. Optional: without
 * it a text sees only itself and the texts scanned before it. The texts are
 * borrowed until the next entidx_tagger_scan() after that one, which forgets
 * them unless this is called again before it.
 *
 * @return ENTIDX_OK or ENTIDX_ENOMEM
 */
ENTIDX_EXTERN int entidx_tagger_lookahead(entidx_tagger *t, const char *const *texts,
                                          const size_t *lens, size_t n);

ENTIDX_EXTERN void entidx_tagger_free(entidx_tagger *t);

#endif
