/* SPDX-License-Identifier: MIT */
/*
 * tagger.c - leftmost-longest (or all-overlaps) matching of gazetteer aliases
 * over a token stream, and resolution of people's surnames within a document.
 *
 * For each start token the candidate key grows one token at a time while the
 * dictionary says some alias continues it (the key is a registered prefix)
 * and the gap to the next token may be spanned (ENTIDX_TOK_JOIN, or
 * ENTIDX_TOK_JOIN_PAST_POSSESSIVE after a possessive). A key that names
 * aliases is a match when one of its aliases' case rules accepts the surface
 * tokens, and the alias has a possessive wherever they have one inside
 * ("People's Republic of China"; "New Zealand's Herald" is not the "New
 * Zealand Herald"). A possessive the alias has may be missing ("People
 * Republic of China"), but for its last word's ("Moody's", not "Tom Moody").
 *
 * Surnames: when a PERSON is mentioned by a name of two or more words, its
 * surname (see surname_range()) becomes a document-local alias of that person
 * for the rest of the document, unless another person mentioned in the same
 * document has the same surname, or the surname is an alias of another
 * gazetteer entity (then it is that entity's, or nobody's).
 *
 * Acronyms: one that the document spells out for itself ("the Farm Credit
 * Administration (FCA)", acronym.h) is what the document says it is, in all
 * its texts: another entity's when those words are its alias, no mention
 * when they are no gazetteer name.
 */
#include "internal.h"
#include "acronym.h"
#include "entidx/tagger.h"
#include "gazetteer_int.h"
#include "name_context.h"

#define SURNAME_CONFLICT   (UINT32_MAX - 1)
#define PERSON_WORD        UINT32_MAX /* person_words: the word is a person in this document */
#define CUE_SEEN           UINT32_MAX /* cued: the document has a cue word of the entity */
#define CUE_ABSENT         (UINT32_MAX - 1) /* cued: no text of the listed document has one */
#define NAME_FOUND         UINT32_MAX       /* names_found: the document has the entity's name */
#define NAME_ABSENT        (UINT32_MAX - 1) /* names_found: not in the listed document */
#define ACRONYMS_KNOWN     16               /* acronyms a document's answers are kept for */
#define MAX_SURNAME_TOKENS 4
#define MAX_TEAM_TOKENS    4 /* longest team name counted in a table slot */
/* a key may go on into a token with one of these flags (accept() then checks possessives) */
#define NAME_GOES_ON (ENTIDX_TOK_JOIN | ENTIDX_TOK_JOIN_PAST_POSSESSIVE)

/*
 * RULES is 0 in the plain matcher that issue 4's throughput criterion is
 * measured against (CMake option ENTIDX_PLAIN_MATCHER; bench/plain_matcher.sh):
 * the same leftmost-longest search, tokenizer, dictionary and case rules, with
 * every rule of context compiled out: name_context() takes every match as a
 * name of its own, no surname is learnt nor a title trimmed, a person's word
 * is not told from a place's, an alias skipped as ambiguous stays skipped, a
 * cued one needs no cue word, and a mixed-case word is taken in capitals. Not
 * for use: it tags worse, by design.
 */
#ifdef ENTIDX_PLAIN_MATCHER
#define RULES 0
#else
#define RULES 1
#endif

/* own_name: may name_in_document() look for the entity's name? */
enum { OWN_NAME_UNKNOWN, OWN_NAME_USABLE, OWN_NAME_UNUSABLE };

/*
 * The alias a rule dropped at a token, and why (an entidx_refusal), for the
 * near miss there (opts.report_refused). Kept in the tagger, not in scan()'s
 * locals, which cost its loop 0.2% more instructions.
 */
typedef struct dropped_alias {
    size_t at; /* the token; SIZE_MAX: none in this text yet */
    const entidx_gz_alias *alias;
    size_t n; /* its words */
    unsigned why;
} dropped_alias;

struct entidx_tagger {
    const entidx_gazetteer *gz;
    entidx_tagger_opts opts;
    dropped_alias dropped;
    entidx_tokens toks;
    uint64_t *word_hash; /* per token of the text, when prefetching(): entidx_hash() of a
                            capitalised word, else 0 */
    size_t word_hash_cap;
    entidx_buf key;
    entidx_dict surnames;    /* this document: folded surname key -> entity or CONFLICT */
    unsigned max_surname;    /* longest surname in `surnames`, in tokens */
    entidx_tokens name_toks; /* scratch: a person's name */
    entidx_buf name_key;
    entidx_stemmer *stemmer;  /* when the gazetteer has aliases flagged stem */
    entidx_dict person_words; /* this document: words flagged person -> PERSON_WORD or scan_gen */
    entidx_dict cued;         /* this document: entities of cued aliases (their ids' bytes) ->
                                 CUE_SEEN or the scan_gen of a text without their cue words */
    /* the document's texts from entidx_tagger_lookahead(): `ahead` for the next
       document, `doc` for the current one (n_doc 0: none given) */
    entidx_slice *ahead, *doc;
    size_t n_ahead, n_doc, cap_ahead, cap_doc;
    int ahead_given;   /* entidx_tagger_lookahead() since the last entidx_tagger_scan() */
    const char *text;  /* the text being scanned */
    uint32_t scan_gen; /* counts scanned texts */
    /* per entity, when some aliases are skipped only for being ambiguous or are
       cued: the doc_gen of the last document that named it (revived(), accept_rare()) */
    uint32_t *named;
    uint8_t *own_name;       /* with `named`, per entity: OWN_NAME_*, worked out at first need */
    uint32_t doc_gen;        /* counts documents, from 1 */
    entidx_dict names_found; /* this document: entities (their ids' bytes) -> NAME_FOUND,
                                NAME_ABSENT or the scan_gen of a text without the name */
    /* this document: answers of acronym_defined_other() (no allocation: most
       documents ask about one or two acronyms) */
    struct acronym_known {
        char w[2 * ENTIDX_ACRONYM_MAX]; /* the acronym as written */
        uint8_t n;
        uint8_t other;     /* the document defines it as another name */
        uint32_t scan_gen; /* 0: the answer holds for the document; else for this text only */
        uint32_t alias;    /* when other: the alias its words are, or ENTIDX_GZ_NONE */
    } acronyms[ACRONYMS_KNOWN];
    size_t n_acronyms;
    entidx_lower_words lower; /* the current text's lower-case words (name_context.h) */
    uint32_t sentence_base;   /* sentences in the document's earlier texts */
    uint32_t token_base;      /* tokens in the document's earlier texts */
    uint32_t next_base;       /* ... including the current one */
    uint8_t *kinds;           /* per entity: KIND_* of its type, worked out once */
    /* bit entidx__gz_low_one_sig(w) is set when the word w in lower case may
       start an alias: its low_one bit or its low_two first-word bit (one probe
       for next_candidate() where low_start_may() makes two) */
    uint8_t low_any[ENTIDX_LOW_START_BITS / 8];
    uint32_t slots_gen;                  /* slot counts below are for the text of this scan_gen */
    unsigned slots[3], country_slots[3]; /* per ENTIDX_SLOT_*: runs in it, countries among them */
};

/* Can token i start a match? Most words cannot (filters in gazetteer_int.h). */
static int low_start_may(const entidx_tagger *t, size_t i)
{
    const entidx_tokens *toks = &t->toks;
    const entidx_token *tok = &toks->v[i], *next;
    const char *w = toks->norm.ptr + tok->norm_off;

    if (tok->shape != ENTIDX_SHAPE_LOWER && tok->shape != ENTIDX_SHAPE_NONE)
        return 1; /* (longest_at() tests first_words) */
    if (entidx__gz_bit(t->gz->low_one, entidx__gz_low_one_sig(w, tok->norm_len)))
        return 1;
    if (!entidx__gz_bit(t->gz->low_two, entidx__gz_low_first_sig(w, tok->norm_len)) ||
        i + 1 >= toks->n || !((next = tok + 1)->flags & NAME_GOES_ON))
        return 0;
    return entidx__gz_bit(
        t->gz->low_two,
        entidx__gz_low_two_sig(w, tok->norm_len, toks->norm.ptr + next->norm_off, next->norm_len));
}

/* Entity types the rules tell apart (t->kinds). */
enum { KIND_OTHER, KIND_COUNTRY, KIND_ORG, KIND_PERSON };

static uint8_t kind_of_type(const char *type)
{
    return strcmp(type, "COUNTRY") == 0  ? KIND_COUNTRY
           : strcmp(type, "ORG") == 0    ? KIND_ORG
           : strcmp(type, "PERSON") == 0 ? KIND_PERSON
                                         : KIND_OTHER;
}

/* The kind for the name rules: countries, organisations, and all others (people too). */
static int kind_of(const entidx_tagger *t, uint32_t entity)
{
    return t->kinds[entity] == KIND_PERSON ? KIND_OTHER : t->kinds[entity];
}

/*
 * Is alias a skipped for being ambiguous and for no other flag (not a demonym
 * under --no-demonyms)?
 */
static int only_ambiguous(const entidx_gazetteer *gz, const entidx_gz_alias *a)
{
    return a->skipped && (a->flags & gz->opts.skip_flags) == ENTIDX_ALIAS_AMBIGUOUS;
}

/* One word in mixed case ("DoD"), found in capitals in running text only once named. */
static int mixed_case_word(const entidx_gz_alias *a)
{
    return RULES && a->shapes == ENTIDX_SHAPE_MIXED && a->n_tokens == 1 &&
           a->rule == ENTIDX_RULE_DEFAULT;
}

/* Does alias a ask whether its entity was named earlier in the document (t->named)? */
static int asks_named(const entidx_gazetteer *gz, const entidx_gz_alias *a)
{
    return only_ambiguous(gz, a) || (a->flags & ENTIDX_ALIAS_CUED) || mixed_case_word(a);
}

/*
 * May a, of key k, an alias skipped only for being ambiguous, be taken when
 * the document names its entity (revived())? Not a country's other name of
 * its own that is neither a demonym nor another entity's alias too
 * ("Nippon", "Formosa"): companies bear those, and a document about the
 * country names them as often.
 */
static int revivable(const entidx_tagger *t, const entidx_gz_key *k, const entidx_gz_alias *a)
{
    if (!RULES || t->named == NULL || !only_ambiguous(t->gz, a))
        return 0;
    return t->kinds[a->entity] != KIND_COUNTRY || (a->flags & ENTIDX_ALIAS_DEMONYM) ||
           t->gz->aliases[k->first].next != ENTIDX_GZ_NONE;
}

int entidx_tagger_new(entidx_tagger **out, const entidx_gazetteer *gz,
                      const entidx_tagger_opts *opts, entidx_error *err)
{
    static const entidx_tagger_opts defaults = ENTIDX_TAGGER_OPTS_INIT;
    entidx_tagger *t;

    *out = NULL;
    t = entidx_calloc(1, sizeof(*t));
    if (t == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate tagger");
    t->gz = gz;
    t->opts = opts ? *opts : defaults;
    t->kinds = entidx_malloc(gz->n_ents ? gz->n_ents : 1);
    if (t->kinds == NULL) {
        entidx_free(t);
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate tagger");
    }
    for (size_t e = 0; e < gz->n_ents; e++)
        t->kinds[e] = kind_of_type(gz->pool.ptr + gz->ents[e].type);
    for (size_t a = 0; a < gz->n_aliases && t->named == NULL; a++) {
        if (asks_named(gz, &gz->aliases[a]) &&
            ((t->named = entidx_calloc(gz->n_ents, sizeof(*t->named))) == NULL ||
             (t->own_name = entidx_calloc(gz->n_ents, 1)) == NULL)) {
            entidx_free(t->named);
            entidx_free(t->kinds);
            entidx_free(t);
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate tagger");
        }
    }
    for (uint32_t sig = 0; sig < ENTIDX_LOW_START_BITS; sig++) {
        /* a word's low_two first-word signature is its low_one signature >> 1 */
        if (entidx__gz_bit(gz->low_one, sig) || entidx__gz_bit(gz->low_two, sig >> 1))
            t->low_any[sig >> 3] |= (uint8_t)(1u << (sig & 7));
    }
    if (gz->has_stem) {
        int rc = entidx_stemmer_new(&t->stemmer, gz->stem_language, err);
        if (rc < 0) {
            entidx_free(t->kinds);
            entidx_free(t);
            return rc;
        }
    }
    *out = t;
    return ENTIDX_OK;
}

/*
 * The possessives inside tokens [0, n) (all but the last), as
 * entidx_gz_alias.inner_possessive has them (n is at most the longest alias).
 */
_Static_assert(ENTIDX_MAX_ALIAS_TOK - 1 <= 16, "entidx_gz_alias.inner_possessive has 16 bits");
static unsigned inner_possessives(const entidx_token *tok, size_t n)
{
    unsigned m = 0;
    for (size_t t = 1; t < n; t++) {
        if (tok[t].flags & ENTIDX_TOK_JOIN_PAST_POSSESSIVE)
            m |= 1u << (t - 1);
    }
    return m;
}

/*
 * Report tokens [i, i+n) as entity; `a` is the alias that matched, NULL for a
 * surname. `refused`: 0 for a mention, else the entidx_refusal of a near miss.
 */
#if defined(__GNUC__)
__attribute__((always_inline)) /* (emit()'s body, as it was before near misses) */
#endif
static inline int
report(const entidx_tagger *t, entidx_mention_cb cb, void *payload, size_t i, size_t n,
       uint32_t entity, const entidx_gz_alias *a, size_t extra_end, unsigned evidence,
       unsigned refused)
{
    const entidx_tokens *toks = &t->toks;
    entidx_mention m;
    m.entity = entity;
    m.alias = a ? t->gz->pool.ptr + a->text : t->gz->pool.ptr + t->gz->ents[entity].name;
    m.alias_flags = a ? a->flags : 0;
    m.via_surname = a == NULL;
    m.evidence = evidence;
    m.refused = refused;
    m.first_token = (uint32_t)i;
    m.n_tokens = (uint32_t)n;
    m.position = t->token_base + (uint32_t)i;
    m.sentence = t->sentence_base + toks->v[i].sentence;
    m.start = toks->v[i].start;
    m.end = toks->v[i + n - 1].end + extra_end;
    return cb(&m, payload);
}

/* Report tokens [i, i+n) as a mention of entity (report() with no refusal). */
static int emit(const entidx_tagger *t, entidx_mention_cb cb, void *payload, size_t i, size_t n,
                uint32_t entity, const entidx_gz_alias *a, size_t extra_end, unsigned evidence)
{
    return report(t, cb, payload, i, n, entity, a, extra_end, evidence, 0);
}

/* The value of attribute `name` of an entity, or NULL. */
static const char *attr(const entidx_gazetteer *gz, uint32_t entity, const char *name)
{
    const entidx_gz_entity *e = &gz->ents[entity];
    for (uint32_t k = 0; k < e->n_attrs; k++) {
        const entidx_gz_attr *a = &gz->attrs[e->attr0 + k];
        if (strcmp(gz->pool.ptr + a->name, name) == 0)
            return gz->pool.ptr + a->value;
    }
    return NULL;
}

/* Has the entity no country (its `country` column empty: an international body)? */
static int stateless(const entidx_gazetteer *gz, uint32_t entity)
{
    const char *country = attr(gz, entity, "country");
    return country == NULL || country[0] == '\0';
}

/* Countries whose names are usually written family name first (Xi Jinping, Moon Jae-in). */
static int family_name_first(const char *country)
{
    static const char *const codes[] = {"CHN", "HKG", "KOR", "MAC", "PRK", "TWN", "VNM"};
    for (size_t i = 0; country != NULL && i < ENTIDX_ARRAY_SIZE(codes); i++) {
        if (strcmp(country, codes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Lower-case name particles that belong to the surname ("von der Leyen", "da Silva"). */
static int is_particle(const entidx_tokens *toks, size_t i)
{
    static const char *const particles[] = {"al",  "bin", "da", "das", "de", "del", "der", "di",
                                            "dos", "du",  "el", "la",  "le", "ter", "van", "von"};
    return toks->v[i].shape == ENTIDX_SHAPE_LOWER &&
           entidx__ctx_word_in(toks, i, particles, ENTIDX_ARRAY_SIZE(particles));
}

/*
 * The surname of a person, as tokens [*first, *first + *n) of t->name_toks:
 * the `surname` attribute when the gazetteer gives one; else the first word
 * for names written family name first (by `country`); else the last word with
 * the particles before it. Returns 1, 0 when the name has a single word, or
 * ENTIDX_ENOMEM.
 */
static int surname_range(entidx_tagger *t, uint32_t entity, size_t *first, size_t *n)
{
    const entidx_gazetteer *gz = t->gz;
    const char *given = attr(gz, entity, "surname");
    const char *name = given ? given : gz->pool.ptr + gz->ents[entity].name;
    size_t last;
    int rc = entidx_tokenize(&t->name_toks, name, strlen(name));

    if (rc < 0)
        return rc; /* out of memory: not "no surname", which would drop mentions silently */
    if (t->name_toks.n == 0)
        return 0;
    if (given != NULL) {
        *first = 0;
        *n = t->name_toks.n;
        return *n <= MAX_SURNAME_TOKENS;
    }
    if (t->name_toks.n < 2)
        return 0;
    if (family_name_first(attr(gz, entity, "country"))) {
        *first = 0;
        *n = 1;
        return 1;
    }
    last = t->name_toks.n - 1;
    *first = last;
    while (*first > 1 && last - *first + 1 < MAX_SURNAME_TOKENS &&
           is_particle(&t->name_toks, *first - 1))
        (*first)--;
    *n = last - *first + 1;
    return 1;
}

/* After a multi-word mention of a person: remember the surname for this document. */
static int learn_surname(entidx_tagger *t, uint32_t entity, size_t n_tokens)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_gz_key *k;
    size_t first, n;
    uint32_t *slot;
    int rc;

    if (!RULES || n_tokens < 2 || t->kinds[entity] != KIND_PERSON)
        return ENTIDX_OK;
    if ((rc = surname_range(t, entity, &first, &n)) <= 0)
        return rc;
    if ((rc = entidx__gz_key(&t->name_key, &t->name_toks, first, n)) < 0)
        return rc;
    /* a surname that is an alias of another entity belongs to that entity */
    k = entidx__gz_find_key(gz, t->name_key.ptr, t->name_key.len);
    for (uint32_t j = k ? k->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        if (gz->aliases[j].entity != entity && !(gz->aliases[j].flags & ENTIDX_ALIAS_PERSON))
            return ENTIDX_OK;
    }
    rc = entidx_dict_upsert(&t->surnames, t->name_key.ptr, t->name_key.len, entity, &slot);
    if (rc < 0)
        return rc;
    if (rc == 0 && *slot != entity)
        *slot = SURNAME_CONFLICT; /* two people with this surname in one document */
    if (n > t->max_surname)
        t->max_surname = (unsigned)n;
    return ENTIDX_OK;
}

/*
 * Does alias a end with an abbreviation's dot ("Apple Inc.", "Kia Motors
 * Corp.") that the text has right after token last? Then the dot is the
 * mention's too, as a legal form's is after a name (ENTIDX_CTX_EXTEND): the
 * token leaves it out, since it may end a sentence as well. Not the last dot
 * of a dotted acronym ("U.S.": "in the US." ends a sentence).
 */
static int dot_after(const entidx_tagger *t, const entidx_gz_alias *a, size_t last)
{
    const char *w = t->gz->pool.ptr + a->text;
    size_t end = t->toks.v[last].end, len, k;
    if (end >= t->toks.text_len || t->text[end] != '.') /* (the text first: the rarer) */
        return 0;
    len = strlen(w);
    if (len < 2 || w[len - 1] != '.')
        return 0;
    for (k = len - 1; k > 0 && w[k - 1] != ' ' && w[k - 1] != '.'; k--)
        ;
    return k > 0 && w[k - 1] != '.' && k < len - 1; /* a word of letters before the dot */
}

/*
 * How many leading words of a person's mention [i, i+n) are titles that the
 * person's own name does not begin with ("President Suharto", "King Fahd",
 * but not "Lady Gaga" or "King Charles III"): the mention is the name, as
 * for "Mr Xi". At least one word is left. The count, or ENTIDX_ENOMEM.
 */
static int leading_titles(entidx_tagger *t, uint32_t entity, size_t i, size_t n)
{
    const entidx_tokens *toks = &t->toks, *name = &t->name_toks;
    const char *text = t->gz->pool.ptr + t->gz->ents[entity].name;
    size_t k = 0;
    int rc;

    if (!RULES || n < 2 || t->kinds[entity] != KIND_PERSON || !entidx__ctx_is_honorific(toks, i))
        return 0;
    if ((rc = entidx_tokenize(&t->name_toks, text, strlen(text))) < 0)
        return rc;
    while (k + 1 < n && entidx__ctx_is_honorific(toks, i + k) &&
           !(k < name->n && name->v[k].norm_len == toks->v[i + k].norm_len &&
             memcmp(name->norm.ptr + name->v[k].norm_off, toks->norm.ptr + toks->v[i + k].norm_off,
                    name->v[k].norm_len) == 0))
        k++;
    return (int)k;
}

static int found(entidx_tagger *t, entidx_mention_cb cb, void *payload, size_t i, size_t n,
                 const entidx_gz_alias *a, size_t extra_end, unsigned evidence, entidx_error *err)
{
    int rc = learn_surname(t, a->entity, n), skip;
    if (rc < 0 || (skip = leading_titles(t, a->entity, i, n)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory matching text");
    if (extra_end == 0 && dot_after(t, a, i + n - 1))
        extra_end = 1;
    if (t->named != NULL)
        t->named[a->entity] = t->doc_gen;
    return emit(t, cb, payload, i + (size_t)skip, n - (size_t)skip, a->entity, a, extra_end,
                evidence);
}

/*
 * A surname learnt earlier in the document at token i: *len gets its length
 * in tokens, or 0. ENTIDX_OK or ENTIDX_ENOMEM (not "no surname": a failed
 * allocation must not drop a mention silently).
 */
static int match_surname(entidx_tagger *t, size_t i, uint32_t *entity, size_t *len)
{
    entidx_tokens *toks = &t->toks;
    for (size_t n = ENTIDX_MIN((size_t)t->max_surname, toks->n - i); n > 0; n--) {
        const uint32_t *v;
        int ok = 1;
        for (size_t k = 0; ok && k < n; k++) {
            unsigned shape = toks->v[i + k].shape;
            ok = (k == 0 || (toks->v[i + k].flags & ENTIDX_TOK_JOIN)) &&
                 (shape == ENTIDX_SHAPE_TITLE || shape == ENTIDX_SHAPE_UPPER ||
                  shape == ENTIDX_SHAPE_MIXED || (shape == ENTIDX_SHAPE_LOWER && k + 1 < n));
        }
        if (!ok)
            continue;
        if (entidx__gz_key(&t->key, toks, i, n) < 0)
            return ENTIDX_ENOMEM;
        /* part of another person's full name: "Naina Yeltsin", "Susan Roosevelt Weld";
           at the start of a sentence, where any word is capitalised, only after a
           given name ("Eddie Jordan said", not "Yesterday Yeltsin said") */
        if (i > 0 && (toks->v[i].flags & ENTIDX_TOK_JOIN) &&
            entidx__ctx_name_like(toks->v[i - 1].shape) && !entidx__ctx_is_honorific(toks, i - 1) &&
            ((i - 1 > 0 && toks->v[i - 2].sentence == toks->v[i - 1].sentence) ||
             entidx__ctx_is_given_name(toks, i - 1)))
            continue;
        if (i + n < toks->n && (toks->v[i + n].flags & ENTIDX_TOK_JOIN) &&
            entidx__ctx_name_like(toks->v[i + n].shape))
            continue;
        v = entidx_dict_get(&t->surnames, t->key.ptr, t->key.len);
        if (v != NULL && *v != SURNAME_CONFLICT) {
            *entity = *v;
            *len = n;
            return ENTIDX_OK;
        }
    }
    *len = 0;
    return ENTIDX_OK;
}

/*
 * Before the scan of a text: the hashes of its capitalised words (the words
 * that may start a name), and a prefetch of the filter bytes start_may() will
 * read for them. With a large gazetteer the filters are megabytes and most
 * probes would miss the cache one after the other; started together, the
 * misses overlap. A filter of less than PREFETCH_FILTER_LOG2 bits stays in
 * the cache: then this is not worth its pass over the tokens (2-3% more
 * instructions for the shipped gazetteers; for 1M aliases, a third less time).
 */
#define PREFETCH_FILTER_LOG2 21 /* 256 kB */
static int prefetching(const entidx_tagger *t)
{
    return t->gz->first_words.log2 >= PREFETCH_FILTER_LOG2;
}

/* entidx_hash() of token i's folded form (computed ahead for capitalised words). */
static uint64_t word_hash(const entidx_tagger *t, size_t i)
{
    const entidx_token *tok = &t->toks.v[i];
    uint64_t h = prefetching(t) ? t->word_hash[i] : 0;
    return h != 0 ? h : entidx_hash(t->toks.norm.ptr + tok->norm_off, tok->norm_len);
}

/* The hashes and the prefetches above, for the text just tokenized. */
static int hash_capitalised(entidx_tagger *t)
{
    const entidx_tokens *toks = &t->toks;
    const entidx_token *v = toks->v;
    const entidx_gz_filter first = t->gz->first_words, aliases = t->gz->word_aliases;
    uint64_t *hashes;

    if (!prefetching(t))
        return ENTIDX_OK;
    if (entidx_array_grow((void **)&t->word_hash, &t->word_hash_cap, toks->n,
                          sizeof(*t->word_hash)) < 0)
        return ENTIDX_ENOMEM;
    hashes = t->word_hash;
    for (size_t i = 0; i < toks->n; i++) {
        uint64_t h = 0;
        if (v[i].shape >= ENTIDX_SHAPE_UPPER) { /* upper, title or mixed case */
            h = entidx_hash(toks->norm.ptr + v[i].norm_off, v[i].norm_len);
            entidx__gz_filter_prefetch(&first, h);
            entidx__gz_filter_prefetch(&aliases, h);
        }
        hashes[i] = h;
    }
    return ENTIDX_OK;
}

/* May a key start with the words at tokens i and i + 1 (the first's entidx_hash() h)? */
static int pair_may(const entidx_tagger *t, size_t i, uint64_t h)
{
    const entidx_token *next = &t->toks.v[i + 1];
    if (next->shape == ENTIDX_SHAPE_LOWER &&
        !entidx__gz_bit(t->gz->low_next,
                        entidx__gz_low_next_sig(t->toks.norm.ptr + next->norm_off, next->norm_len)))
        return 0; /* "Bank said": no alias takes a lower-case word there */
    return entidx__gz_filter_may(&t->gz->word_pairs, entidx__gz_pair_hash(h, word_hash(t, i + 1)));
}

/* What start_may() knows of the keys that start at a token. */
enum {
    START_NONE, /* no key starts there */
    START_ONE,  /* a one-word alias may: two-word keys were not looked at */
    START_PAIR  /* a two-word key may, with the next word; no one-word alias */
};

/*
 * May a key of one word or more start at token i, whose folded form has
 * entidx_hash() h? From the filters of gazetteer_int.h alone: no dictionary
 * probe. START_*.
 */
static int start_may(const entidx_tagger *t, size_t i, uint64_t h)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_tokens *toks = &t->toks;
    const entidx_token *next;
    if (!entidx__gz_first_word_may(gz, h))
        return START_NONE;
    if (entidx__gz_filter_may(&gz->word_aliases, h))
        return START_ONE;
    if (i + 1 >= toks->n || !((next = &toks->v[i + 1])->flags & NAME_GOES_ON))
        return START_NONE;
    return pair_may(t, i, h) ? START_PAIR : START_NONE;
}

/* The cue words of an entity (its attribute cues), or NULL. */
static const char *cues_of(const entidx_gazetteer *gz, uint32_t entity)
{
    entidx_entity e;
    entidx_gazetteer_entity(gz, entity, &e);
    for (size_t k = 0; k < e.n_attrs; k++) {
        const char *name, *value = entidx_gazetteer_attr(gz, entity, k, &name);
        if (strcmp(name, "cues") == 0)
            return value;
    }
    return NULL;
}

/* A word looked for in raw text (raw_count()): a cue word or an entity's name. */
typedef struct raw_word {
    const char *w;
    size_t n; /* > 0 */
} raw_word;

/* cue words of one entity grouped by first byte at once (doc_cues()): the rest in turn */
#define MAX_GROUPED_CUES 64

/*
 * Is word[0..n) written at `at` in text that ends at `end`, up to a word
 * boundary, in any letter case of ASCII past its first byte (which the
 * caller found), a space in it standing for any run of white space
 * ("Federal\nReserve" in wrapped text)?
 */
static int raw_word_at(const char *at, const char *end, const char *word, size_t n)
{
    const char *q = at, *w = word, *w_end = word + n;
    while (w < w_end && q < end) {
        if (*w == ' ') {
            if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
                return 0;
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
                q++;
            w++;
            continue;
        }
        if (*q != *w && ((unsigned char)*w >= 0x80 || (*q | 0x20) != (*w | 0x20) ||
                         (*w | 0x20) < 'a' || (*w | 0x20) > 'z'))
            return 0;
        q++, w++;
    }
    return w == w_end && (q == end || !entidx__ctx_word_byte((unsigned char)*q));
}

/*
 * How often are the words[0..n_words), which all begin with the same byte,
 * written in p[0..len) as whole words (raw_word_at()), a first letter in
 * lower case not standing for a capital of the word ("the Guardian" is no
 * name, as a token in lower case is none)? Counted up to `enough`. On the
 * raw bytes, not tokens: a document's other texts are not tokenized until
 * their turn comes, and memchr() finds the candidates, once for all the
 * words.
 */
static size_t raw_count(const char *p, size_t len, const raw_word *words, size_t n_words,
                        size_t enough)
{
    unsigned char c0 = (unsigned char)words[0].w[0];
    unsigned char cases[2] = {c0, c0};
    const char *end = p + len;
    size_t count = 0;
    if (c0 >= 'a' && c0 <= 'z')
        cases[1] = (unsigned char)(c0 & ~0x20);
    for (int c = 0; c < 2 && count < enough; c++) {
        const char *at = p;
        while (count < enough && (at = memchr(at, cases[c], (size_t)(end - at))) != NULL) {
            if (at == p || !entidx__ctx_word_byte((unsigned char)at[-1])) {
                for (size_t k = 0; k < n_words && count < enough; k++)
                    count += (size_t)raw_word_at(at, end, words[k].w, words[k].n);
            }
            at++;
        }
        if (cases[0] == cases[1])
            break;
    }
    return count;
}

/*
 * raw_count() of words[0..n_words) in the text being scanned and in the
 * document's texts listed by entidx_tagger_lookahead(): up to `enough`.
 */
static size_t doc_count(const entidx_tagger *t, const raw_word *words, size_t n_words,
                        size_t enough)
{
    size_t count = raw_count(t->text, t->toks.text_len, words, n_words, enough);
    for (size_t k = 0; k < t->n_doc && count < enough; k++) {
        if (t->doc[k].p != t->text) /* (this text: counted above) */
            count += raw_count(t->doc[k].p, t->doc[k].len, words, n_words, enough - count);
    }
    return count;
}

/*
 * How many words of the entity's cues stand, not in lower case, in this
 * text and in the document's texts listed by entidx_tagger_lookahead():
 * counted up to `enough` (1 asks whether there is one). Cue words are
 * mostly names of one country and its people ("Norway|Norwegian|
 * Norwegians"): those that begin with the same byte are looked for at once.
 */
static size_t doc_cues(const entidx_tagger *t, uint32_t entity, size_t enough)
{
    const char *w = cues_of(t->gz, entity);
    raw_word words[MAX_GROUPED_CUES], group[MAX_GROUPED_CUES];
    size_t n = 0;
    while (w != NULL && *w != '\0' && n < enough) {
        size_t n_words = 0;
        for (; *w != '\0' && n_words < MAX_GROUPED_CUES; w++) {
            const char *bar = strchr(w, '|');
            size_t wlen = bar ? (size_t)(bar - w) : strlen(w);
            if (wlen > 0) {
                words[n_words].w = w;
                words[n_words++].n = wlen;
            }
            w += wlen;
            if (bar == NULL)
                break;
        }
        for (size_t k = 0; k < n_words && n < enough; k++) {
            size_t n_group = 0;
            if (words[k].w == NULL)
                continue; /* (in an earlier word's group) */
            for (size_t m = k; m < n_words; m++) {
                if (words[m].w != NULL && words[m].w[0] == words[k].w[0]) {
                    group[n_group++] = words[m];
                    if (m > k)
                        words[m].w = NULL;
                }
            }
            n += doc_count(t, group, n_group, enough - n);
        }
    }
    return n;
}

/*
 * May an alias of `entity` flagged cued match here: is one of the entity's
 * cue words, not in lower case ("Tbilisi", "TBILISI"), in this text or in
 * the document's texts listed by entidx_tagger_lookahead()? The answer is
 * remembered: a "yes" for the rest of the document, a "no" for this text
 * (t->scan_gen) or, when the document's texts were listed, for the document.
 * Without the list, earlier texts of the document are not looked at again
 * (they are gone): only a "yes" found with a match there counts. 1, 0 or an
 * error.
 */
static int cue_seen(entidx_tagger *t, uint32_t entity)
{
    const uint32_t *v = entidx_dict_get(&t->cued, (const char *)&entity, sizeof(entity));
    uint32_t *slot;
    int rc, hit;

    if (v != NULL && (*v == CUE_SEEN || *v == CUE_ABSENT || *v == t->scan_gen))
        return *v == CUE_SEEN;
    hit = doc_cues(t, entity, 1) > 0;
    if ((rc = entidx_dict_upsert(&t->cued, (const char *)&entity, sizeof(entity), 0, &slot)) < 0)
        return rc;
    /* with the document's texts listed, all of them were looked at: a "no" holds for it */
    *slot = hit ? CUE_SEEN : t->n_doc > 0 ? CUE_ABSENT : t->scan_gen;
    return hit;
}

/*
 * The gazetteer key of the words text[0, len), tokenized as a text is, into
 * *key (NULL: none; t->name_toks and t->name_key hold them). ENTIDX_OK or an
 * error.
 */
static int words_key(entidx_tagger *t, const char *text, size_t len, const entidx_gz_key **key)
{
    int rc;
    *key = NULL;
    if ((rc = entidx_tokenize(&t->name_toks, text, len)) < 0 ||
        (t->name_toks.n > 0 &&
         (rc = entidx__gz_key(&t->name_key, &t->name_toks, 0, t->name_toks.n)) < 0))
        return rc;
    if (t->name_toks.n > 0)
        *key = entidx__gz_find_key(t->gz, t->name_key.ptr, t->name_key.len);
    return ENTIDX_OK;
}

/*
 * Is the entity's own name matched by an alias of its own that is neither
 * skipped nor cued, so that name_in_document() may look for it? "Ford",
 * ambiguous, proves nothing, nor does "Labour Party", cued, which other
 * parties bear too. Into t->own_name, once per tagger. ENTIDX_OK or an error.
 */
static int own_name_usable(entidx_tagger *t, uint32_t entity)
{
    const entidx_gazetteer *gz = t->gz;
    const char *name = gz->pool.ptr + gz->ents[entity].name;
    const entidx_gz_key *k;
    int rc, usable = 0;

    if ((rc = words_key(t, name, strlen(name), &k)) < 0)
        return rc;
    for (uint32_t j = k ? k->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE && !usable;
         j = gz->aliases[j].next)
        usable = gz->aliases[j].entity == entity && !gz->aliases[j].skipped &&
                 !(gz->aliases[j].flags & ENTIDX_ALIAS_CUED);
    t->own_name[entity] = usable ? OWN_NAME_USABLE : OWN_NAME_UNUSABLE;
    return ENTIDX_OK;
}

/*
 * Does the document name the entity by its own name, if own_name_usable()
 * ("the Federal Reserve" for "FED" in a headline, "UK Independence Party"
 * after a first "UKIP"): in this text or in another listed by
 * entidx_tagger_lookahead()? Remembered like cue_seen()'s answers. 1, 0 or
 * an error.
 */
static int name_in_document(entidx_tagger *t, uint32_t entity)
{
    const entidx_gazetteer *gz = t->gz;
    const uint32_t *v;
    const char *name = gz->pool.ptr + gz->ents[entity].name;
    raw_word own;
    uint32_t *slot;
    int rc, hit;

    if (t->own_name[entity] == OWN_NAME_UNKNOWN && (rc = own_name_usable(t, entity)) < 0)
        return rc;
    if (t->own_name[entity] == OWN_NAME_UNUSABLE)
        return 0;
    v = entidx_dict_get(&t->names_found, (const char *)&entity, sizeof(entity));
    if (v != NULL && (*v == NAME_FOUND || *v == NAME_ABSENT || *v == t->scan_gen))
        return *v == NAME_FOUND;
    own.w = name;
    own.n = strlen(name);
    hit = own.n > 0 && doc_count(t, &own, 1, 1) > 0;
    if ((rc = entidx_dict_upsert(&t->names_found, (const char *)&entity, sizeof(entity), 0,
                                 &slot)) < 0)
        return rc;
    *slot = hit ? NAME_FOUND : t->n_doc > 0 ? NAME_ABSENT : t->scan_gen;
    return hit;
}

/* Is the run of a definition one of the entity's names or aliases? */
static int run_names_entity(const entidx_gazetteer *gz, uint32_t entity, const char *run,
                            size_t run_len)
{
    entidx_entity e;
    entidx_gazetteer_entity(gz, entity, &e);
    if (entidx__acronym_run_is(run, run_len, e.name))
        return 1;
    for (size_t k = 0; k < e.n_aliases; k++) {
        if (entidx__acronym_run_is(run, run_len, entidx_gazetteer_alias(gz, entity, k)))
            return 1;
    }
    return 0;
}

/*
 * The gazetteer alias that the words run[0, run_len) are, matched and not
 * skipped, in *alias (ENTIDX_GZ_NONE: none). ENTIDX_OK or an error.
 */
static int alias_of_words(entidx_tagger *t, const char *run, size_t run_len, uint32_t *alias)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_gz_key *k;
    int rc;

    *alias = ENTIDX_GZ_NONE;
    if ((rc = words_key(t, run, run_len, &k)) < 0)
        return rc;
    for (uint32_t j = k ? k->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        if (!gz->aliases[j].skipped) {
            *alias = j;
            break;
        }
    }
    return ENTIDX_OK;
}

/*
 * Does the document define the acronym at token i, matched as an alias of
 * `entity`, as another name: "the Farm Credit Administration (FCA)", "Intel
 * Developer Forum (IDF)" (acronym.h)? Then the acronym is no mention of the
 * entity anywhere in the document; when those words are another entity's
 * alias ("the Chicago Mercantile Exchange (CME)"), that alias goes to
 * *other, else NULL. Looked for in this text and in the document's texts
 * listed by entidx_tagger_lookahead() (a headline's "FCA" before the
 * article's definition), and remembered like cue_seen()'s answers (for the
 * document's first ACRONYMS_KNOWN acronyms). 1, 0 or an error.
 */
static int acronym_defined_other(entidx_tagger *t, size_t i, uint32_t entity,
                                 const entidx_gz_alias **other)
{
    const entidx_token *tok = &t->toks.v[i];
    const char *acro = t->text + tok->start, *run = NULL;
    size_t n = tok->end - tok->start, run_len = 0;
    struct acronym_known *known = NULL;
    uint32_t alias = ENTIDX_GZ_NONE;
    int rc, found, is_other = 0;

    *other = NULL;
    if (n > sizeof(t->acronyms[0].w))
        return 0;
    for (size_t k = 0; k < t->n_acronyms; k++) {
        if (t->acronyms[k].n == n && memcmp(t->acronyms[k].w, acro, n) == 0) {
            known = &t->acronyms[k];
            if (known->scan_gen != 0 && known->scan_gen != t->scan_gen)
                break; /* (a "no" for an earlier text: ask this one) */
            if (known->other && known->alias != ENTIDX_GZ_NONE)
                *other = &t->gz->aliases[known->alias];
            return known->other;
        }
    }
    found = entidx__acronym_definition(t->text, t->toks.text_len, acro, n, &run, &run_len);
    for (size_t k = 0; k < t->n_doc && !found; k++) {
        if (t->doc[k].p != t->text) /* (this text: looked at above) */
            found = entidx__acronym_definition(t->doc[k].p, t->doc[k].len, acro, n, &run, &run_len);
    }
    if (found && !run_names_entity(t->gz, entity, run, run_len)) {
        if ((rc = alias_of_words(t, run, run_len, &alias)) < 0)
            return rc;
        /* (words that are the entity's alias after all confirm it) */
        is_other = alias == ENTIDX_GZ_NONE || t->gz->aliases[alias].entity != entity;
    }
    if (known == NULL && t->n_acronyms < ACRONYMS_KNOWN)
        known = &t->acronyms[t->n_acronyms++];
    if (known != NULL) {
        memcpy(known->w, acro, n);
        known->n = (uint8_t)n;
        known->other = (uint8_t)is_other;
        /* without the document's texts listed, a "no" holds for this text only */
        known->scan_gen = found || t->n_doc > 0 ? 0 : t->scan_gen;
        known->alias = alias;
    }
    if (is_other && alias != ENTIDX_GZ_NONE)
        *other = &t->gz->aliases[alias];
    return is_other;
}

/*
 * Is the organisation a company: has it a name or alias with a legal form
 * ("Oracle Corporation", "Ball Corp") or, when `company_word`, the word
 * Company ("Ford Motor Company", "Southern Company")? A party called
 * Heritage or Horizons is not "Heritage Inc". 1, 0 or an error.
 */
static int company(entidx_tagger *t, uint32_t entity, int company_word)
{
    static const char *const company_words[] = {"company"};
    entidx_entity e;
    int rc;
    entidx_gazetteer_entity(t->gz, entity, &e);
    for (size_t k = 0; k <= e.n_aliases; k++) {
        const char *text = k == 0 ? e.name : entidx_gazetteer_alias(t->gz, entity, k - 1);
        if ((rc = entidx_tokenize(&t->name_toks, text, strlen(text))) < 0)
            return rc;
        for (size_t w = 1; w < t->name_toks.n; w++) {
            if (entidx__ctx_is_company_form(&t->name_toks, w) ||
                (company_word && entidx__ctx_word_in(&t->name_toks, w, company_words, 1)))
                return 1;
        }
    }
    return 0;
}

/*
 * May the ambiguous alias a (revivable()) matched at tokens [i, i+n) be
 * taken: has another alias named its entity earlier in the document ("the
 * British Medical Association (BMA) ... the BMA"), does the document have its
 * own name anywhere (name_in_document(); not asked for an alias of three
 * capitals or fewer, "UP", "AND", which headlines are full of), or, for a
 * company, does a legal form follow ("Oracle Corp.")? The entidx_evidence
 * bit that says which, 0 or an error.
 */
static int revived(entidx_tagger *t, const entidx_gz_alias *a, size_t i, size_t n)
{
    const entidx_tokens *toks = &t->toks;
    const char *text = t->gz->pool.ptr + a->text;
    size_t len = strlen(text);
    int short_caps = len <= 3, rc;
    if (t->named[a->entity] == t->doc_gen)
        return ENTIDX_EVIDENCE_NAMED;
    if (t->kinds[a->entity] == KIND_ORG && i + n < toks->n &&
        (toks->v[i + n].flags & ENTIDX_TOK_JOIN) && entidx__ctx_capitalised(toks->v[i + n].shape) &&
        entidx__ctx_is_company_form(toks, i + n))
        return (rc = company(t, a->entity, 0)) > 0 ? ENTIDX_EVIDENCE_LEGAL_FORM : rc;
    for (size_t c = 0; c < len && short_caps; c++)
        short_caps = (unsigned char)text[c] >= 0x80 || !(text[c] >= 'a' && text[c] <= 'z');
    if (short_caps)
        return 0;
    return (rc = name_in_document(t, a->entity)) > 0 ? ENTIDX_EVIDENCE_OWN_NAME : rc;
}

/*
 * Has the word in capitals at token i a neighbour in capitals on its line, as
 * a headline's or a table's words have?
 */
#if defined(__GNUC__)
__attribute__((noinline)) /* rare: out of alias_accepts()' way */
#endif
static int
capitals_beside(const entidx_tagger *t, size_t i)
{
    const entidx_token *v = t->toks.v;
    const char *text = t->text;
    if (i > 0 && v[i - 1].shape == ENTIDX_SHAPE_UPPER &&
        memchr(text + v[i - 1].end, '\n', v[i].start - v[i - 1].end) == NULL)
        return 1;
    return i + 1 < t->toks.n && v[i + 1].shape == ENTIDX_SHAPE_UPPER &&
           memchr(text + v[i].end, '\n', v[i + 1].start - v[i].end) == NULL;
}

/*
 * The entidx_evidence of alias a, accepted at token i by alias_accepts():
 * ENTIDX_EVIDENCE_NAMED for a one-word alias in mixed case taken in capitals
 * only because another alias named its entity before, else 0.
 */
static unsigned case_evidence(const entidx_tagger *t, const entidx_gz_alias *a, size_t i)
{
    return mixed_case_word(a) && t->toks.v[i].shape == ENTIDX_SHAPE_UPPER && !capitals_beside(t, i)
               ? ENTIDX_EVIDENCE_NAMED
               : 0;
}

/*
 * Do alias a's case rule and possessives accept tokens [i, i+n), whose inner
 * possessives are `inner` (inner_possessives())? A one-word alias that mixes
 * cases ("DoD", "CdT", "eBay") is taken in capitals only beside other
 * capitals on its line (capitals_beside()), or after another alias named its
 * entity in the document ("the Defense Department, DOD", "eBay (nasdaq:
 * EBAY)"): in running text "Drink Or Die (DOD)" or "1300 CDT" is another word.
 */
static inline int alias_accepts(const entidx_tagger *t, const entidx_gz_alias *a, size_t i,
                                size_t n, unsigned inner)
{
    const entidx_token *tok = &t->toks.v[i];
    int ok = (!a->possessive || (tok[n - 1].flags & ENTIDX_TOK_POSSESSIVE)) &&
             (inner & ~(unsigned)a->inner_possessive) == 0;
    for (size_t w = 0; ok && w < n; w++)
        ok = entidx_shape_ok(a->rule, tok[w].shape, (a->shapes >> (3 * w)) & 7);
    if (ok && mixed_case_word(a) && tok->shape == ENTIDX_SHAPE_UPPER)
        ok = capitals_beside(t, i) || t->named[a->entity] == t->doc_gen;
    return ok;
}

/*
 * accept() for a key some of whose aliases are skipped or cued: the first
 * alias that accepts tokens [i, i+n), into *out (NULL: none). An alias flagged
 * cued is passed over without a cue word of its entity in the document, so
 * that an alias several entities share, each with its cue words ("Labour
 * Party": Britain, Israel, New Zealand...), is the one whose cue the document
 * has; if several have, the one whose cue words stand there most often (the
 * first listed on a tie). Another alias of its entity earlier in the document
 * counts as a cue ("DR Congo ... Congo"; evidence: named before), though as
 * no occurrence of a cue word. An alias skipped only for being ambiguous is
 * taken, when no other is, if the document names its entity (revived()). The
 * entidx_evidence of the alias taken goes to *evidence (0: none needed): one
 * name, one meaning, in one document. ENTIDX_OK or an error.
 */
#if defined(__GNUC__)
__attribute__((noinline)) /* out of longest_at()'s way: few keys have such aliases */
#endif
static int
accept_rare(entidx_tagger *t, const entidx_gz_key *k, size_t i, size_t n,
            const entidx_gz_alias **out, unsigned *evidence)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_token *tok = &t->toks.v[i];
    const entidx_gz_alias *named = NULL, *cued = NULL;
    unsigned named_evidence = 0, cued_evidence = 0;
    size_t cued_count = SIZE_MAX; /* doc_cues() of `cued`, once a second one was found */
    unsigned inner = inner_possessives(tok, n);
    for (uint32_t j = k->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *a = &gz->aliases[j];
        int ok = (!a->skipped || (named == NULL && revivable(t, k, a))) &&
                 alias_accepts(t, a, i, n, inner);
        if (ok && a->skipped && (ok = revived(t, a, i, n)) < 0)
            return ok;
        if (ok && (a->flags & ENTIDX_ALIAS_CUED)) {
            size_t c;
            unsigned why = (unsigned)ok;
            if ((ok = cue_seen(t, a->entity)) < 0)
                return ok;
            if (ok && a->skipped && named == NULL)
                named = a, named_evidence = why; /* (revived()) */
            if (a->skipped)
                continue;
            why = 0;
            /* named before by another alias ("Republic of Georgia ... Georgia"): as a cue */
            if (!ok && t->named != NULL && t->named[a->entity] == t->doc_gen)
                ok = 1, why = ENTIDX_EVIDENCE_NAMED;
            if (!ok)
                continue;
            if (cued == NULL) {
                cued = a, cued_evidence = why;
                continue;
            }
            /* another entity's cue too: the one the document cues more */
            if (cued_count == SIZE_MAX)
                cued_count = doc_cues(t, cued->entity, SIZE_MAX - 1);
            if ((c = doc_cues(t, a->entity, SIZE_MAX - 1)) > cued_count)
                cued = a, cued_count = c, cued_evidence = why;
            continue;
        }
        if (ok && !a->skipped) {
            *out = cued != NULL ? cued : a;
            *evidence = cued != NULL ? cued_evidence : case_evidence(t, a, i);
            return ENTIDX_OK;
        }
        if (ok)
            named = a, named_evidence = (unsigned)ok;
    }
    *out = cued != NULL ? cued : named;
    *evidence = cued != NULL ? cued_evidence : named_evidence;
    return ENTIDX_OK;
}

/*
 * accept() for the usual key, whose aliases are neither skipped nor cued: the
 * first that the case rule accepts. At the first accepted alias that is
 * either, the whole search is accept_rare()'s (the aliases before it were not
 * accepted, and one its case rule refuses counts for nothing there either).
 */
#if defined(__GNUC__)
__attribute__((always_inline)) /* as before it took the tagger: its call cost 0.2% */
#endif
static inline int
accept(entidx_tagger *t, const entidx_gz_key *k, size_t i, size_t n, const entidx_gz_alias **out,
       unsigned *evidence)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_token *tok = &t->toks.v[i];
    unsigned inner = inner_possessives(tok, n);
    for (uint32_t j = k->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *a = &gz->aliases[j];
        if (!alias_accepts(t, a, i, n, inner))
            continue; /* skipped or cued, such an alias is no candidate ("The" for THE) */
        if (RULES && (a->skipped || (a->flags & ENTIDX_ALIAS_CUED)))
            return accept_rare(t, k, i, n, out, evidence);
        if (!RULES && a->skipped)
            continue;
        *out = a;
        *evidence = case_evidence(t, a, i);
        return ENTIDX_OK;
    }
    *out = NULL;
    *evidence = 0;
    return ENTIDX_OK;
}

/*
 * The longest alias starting at token i: plain keys, or (stemmed = 1) keys of
 * aliases flagged stem; *best_n tokens (0: none) matched through *best, with
 * entidx_evidence *best_evidence (when not NULL). In all-overlaps mode every
 * match is reported here. Returns 0, the callback's non-zero value, or an
 * error. Inlined where scan() asks for every candidate word (its other
 * callers are rare, and a call there, with the registers it saves, cost 1%
 * of the instructions of a scan); longest_at() below is the same for them.
 */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
longest_at_inline(entidx_tagger *t, size_t i, int stemmed, const entidx_gz_alias **best,
                  size_t *best_n, unsigned *best_evidence, entidx_mention_cb cb, void *payload,
                  entidx_error *err)
{
    const entidx_gazetteer *gz = t->gz;
    entidx_tokens *toks = &t->toks;
    uint64_t h = 0;             /* (not stemmed) the first word's entidx_hash() */
    unsigned evidence = 0;      /* accept()'s, of the alias it found */
    int start = START_NONE, rc; /* (not stemmed) start_may() of the first word */

    *best = NULL;
    *best_n = 0;
    for (size_t n = 1; n <= gz->max_tokens && i + n <= toks->n; n++) {
        const entidx_gz_key *k;
        const entidx_gz_alias *a;
        const entidx_token *last = &toks->v[i + n - 1];
        if (n > 1 && !(last->flags & NAME_GOES_ON))
            break;
        /* a one-word alias whose word, like most, starts no longer key with this next one */
        if (n == 2 && !stemmed && start == START_ONE && !pair_may(t, i, h))
            break;
        if (stemmed) {
            rc = entidx__gz_stem_key(&t->key, toks, i, n, t->stemmer);
        } else if (n == 1) { /* one token: its folded form is the key; built when extended */
            rc = ENTIDX_OK;
        } else { /* the key of n - 1 tokens, extended by one */
            rc = n == 2 ? entidx__gz_key(&t->key, toks, i, 1) : ENTIDX_OK;
            if (rc == ENTIDX_OK)
                rc = entidx_buf_putc(&t->key, ENTIDX_KEY_SEP);
            if (rc == ENTIDX_OK)
                rc = entidx_buf_put(&t->key, toks->norm.ptr + last->norm_off, last->norm_len);
        }
        if (rc < 0)
            return ENTIDX_FAIL(err, rc, "out of memory matching text");
        if (!stemmed && n == 1) {
            const char *w = toks->norm.ptr + last->norm_off;
            h = word_hash(t, i);
            start = start_may(t, i, h);
            k = start != START_NONE ? entidx__gz_find_key_hashed(gz, w, last->norm_len, h) : NULL;
        } else {
            k = entidx__gz_find_key(gz, t->key.ptr, t->key.len);
        }
        if (k == NULL)
            break;
        a = NULL;
        if (k->first != ENTIDX_GZ_NONE && (rc = accept(t, k, i, n, &a, &evidence)) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory matching text");
        if (a != NULL) {
            if (t->opts.overlaps == ENTIDX_OVERLAPS_ALL &&
                (rc = found(t, cb, payload, i, n, a, 0, evidence, err)) != 0)
                return rc;
            *best = a;
            *best_n = n;
            if (best_evidence != NULL)
                *best_evidence = evidence;
        }
        if (!k->is_prefix)
            break;
    }
    return ENTIDX_OK;
}

static int longest_at(entidx_tagger *t, size_t i, int stemmed, const entidx_gz_alias **best,
                      size_t *best_n, unsigned *best_evidence, entidx_mention_cb cb, void *payload,
                      entidx_error *err)
{
    return longest_at_inline(t, i, stemmed, best, best_n, best_evidence, cb, payload, err);
}

/*
 * Is the single word at token i (an alias flagged person) used as a person's
 * name anywhere in this text ("Neil Jordan", "Mr Jordan")? Once it is, it is
 * a person for the rest of the document. The answer is remembered: a "yes"
 * for the document, a "no" for this text (t->scan_gen). 1, 0 or an error.
 */
static int person_word(entidx_tagger *t, const char *text, size_t i)
{
    const entidx_tokens *toks = &t->toks;
    const char *w = toks->norm.ptr + toks->v[i].norm_off;
    uint32_t wlen = toks->v[i].norm_len, *slot;
    const uint32_t *v = entidx_dict_get(&t->person_words, w, wlen);
    int rc, hit = 0;

    if (v != NULL && (*v == PERSON_WORD || *v == t->scan_gen))
        return *v == PERSON_WORD;
    for (size_t k = 0; k < toks->n && !hit; k++)
        hit = toks->v[k].norm_len == wlen &&
              memcmp(toks->norm.ptr + toks->v[k].norm_off, w, wlen) == 0 &&
              entidx__ctx_person_name_at(toks, text, k);
    if ((rc = entidx_dict_upsert(&t->person_words, w, wlen, 0, &slot)) < 0)
        return rc;
    *slot = hit ? PERSON_WORD : t->scan_gen;
    return hit;
}

/* Count the table slots of this text and the countries among them (see team_name()). */
static int count_slots(entidx_tagger *t, const char *text, size_t len, entidx_error *err)
{
    const entidx_tokens *toks = &t->toks;
    memset(t->slots, 0, sizeof(t->slots));
    memset(t->country_slots, 0, sizeof(t->country_slots));
    for (size_t a = 0; a < toks->n; a++) {
        const entidx_gz_alias *best;
        size_t b = a + 1, best_n;
        int slot, rc;
        if (!entidx__ctx_capitalised(toks->v[a].shape))
            continue;
        while (b < toks->n && b < a + MAX_TEAM_TOKENS &&
               entidx__ctx_capitalised(toks->v[b].shape) && (toks->v[b].flags & ENTIDX_TOK_JOIN) &&
               toks->v[b].sentence == toks->v[a].sentence &&
               !memchr(text + toks->v[b - 1].end, '\n', toks->v[b].start - toks->v[b - 1].end))
            b++;
        slot = entidx__ctx_table_slot(toks, text, len, a, b);
        if (slot != ENTIDX_SLOT_NONE) {
            t->slots[slot]++;
            if ((rc = longest_at(t, a, 0, &best, &best_n, NULL, NULL, NULL, err)) < 0)
                return rc;
            if (best != NULL && best_n == b - a && kind_of(t, best->entity) == KIND_COUNTRY)
                t->country_slots[slot]++;
        }
        a = b - 1;
    }
    t->slots_gen = t->scan_gen;
    return ENTIDX_OK;
}

/*
 * Is the country's name at [i, i+n) a team in a results table or list whose
 * other teams are not countries ("Guingamp 2 Monaco 1", "Monaco 3 1 1 1 5 3
 * 4" among French clubs, "Martin Brundle ( Britain ) Jordan 1:55.385" among
 * Ferrari and Williams, "Enzo Scifo ( Monaco )" among Lens and Metz)? It is
 * when at least three names in the same kind of slot in this text are not
 * countries and they outnumber the countries two to one. 1, 0 or an error.
 */
static int team_name(entidx_tagger *t, const char *text, size_t len, size_t i, size_t n,
                     entidx_error *err)
{
    int slot = entidx__ctx_table_slot(&t->toks, text, len, i, i + n), rc;
    unsigned others;
    if (slot == ENTIDX_SLOT_NONE)
        return 0;
    if (t->slots_gen != t->scan_gen && (rc = count_slots(t, text, len, err)) < 0)
        return rc;
    others = t->slots[slot] - t->country_slots[slot];
    return others >= 3 && others > 2 * t->country_slots[slot];
}

/* The gazetteer key of token k's word alone into *key, NULL for none. ENTIDX_OK or an error. */
static int word_key(entidx_tagger *t, size_t k, const entidx_gz_key **key)
{
    int rc = entidx__gz_key(&t->name_key, &t->toks, k, 1);
    *key = rc < 0 ? NULL : entidx__gz_find_key(t->gz, t->name_key.ptr, t->name_key.len);
    return rc < 0 ? rc : ENTIDX_OK;
}

/*
 * Is token k's word alone a country's alias, taken here or not (a demonym
 * left out, an ambiguous name)? 1, 0 or an error.
 */
static int country_word(entidx_tagger *t, size_t k)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_gz_key *key;
    int rc = word_key(t, k, &key);
    if (rc < 0)
        return rc;
    for (uint32_t j = key ? key->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE;
         j = gz->aliases[j].next) {
        if (t->kinds[gz->aliases[j].entity] == KIND_COUNTRY)
            return 1;
    }
    return 0;
}

/*
 * Is token i-1 a company's one-word name, in a case its alias allows, that
 * the country name at token i goes on ("Shell Canada", "Ford China JV": the
 * company's arm there, not the country)? Aliases skipped as ambiguous count
 * too, and are what this is for: a country after an organisation matched
 * there is country_in_other_name()'s already. 1, 0 or an error.
 */
static int company_before(entidx_tagger *t, const char *text, size_t i)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_gz_key *k;
    int rc;
    /* the cheap tests first: this runs for every country found */
    if (i < 1 || !(t->toks.v[i].flags & ENTIDX_TOK_JOIN) ||
        !entidx__ctx_capitalised(t->toks.v[i - 1].shape))
        return 0;
    if ((rc = word_key(t, i - 1, &k)) < 0)
        return rc;
    for (uint32_t j = k ? k->first : ENTIDX_GZ_NONE; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *a = &gz->aliases[j];
        if (t->kinds[a->entity] == KIND_ORG && alias_accepts(t, a, i - 1, 1, 0) &&
            entidx__ctx_company_word_before(&t->toks, text, i) &&
            (rc = company(t, a->entity, 1)) != 0)
            return rc;
    }
    return 0;
}

/* Does token k end in a dot ("U.S.", "Corp.")? */
static int ends_in_dot(const entidx_tokens *toks, const char *text, size_t k)
{
    return toks->v[k].end > 0 && text[toks->v[k].end - 1] == '.';
}

/*
 * Does a capitalised word at token j go on, in the same run of words, from a
 * dotted acronym at j - 1 ("U.S. Federal")?
 */
static int dotted_before_name(const entidx_tokens *toks, const char *text, size_t j)
{
    return j < toks->n && ends_in_dot(toks, text, j - 1) && (toks->v[j].flags & ENTIDX_TOK_JOIN) &&
           entidx__ctx_capitalised(toks->v[j].shape);
}

/*
 * Does a gazetteer name start at token j ("Federal Reserve" after "U.S.")? 1,
 * 0, or negative on error. For leftmost-longest matching only (longest_at()
 * then calls no callback).
 */
static int name_starts_at(entidx_tagger *t, size_t j, entidx_error *err)
{
    const entidx_gz_alias *next;
    size_t next_n;
    int rc = longest_at(t, j, 0, &next, &next_n, NULL, NULL, NULL, err);
    return rc < 0 ? rc : next != NULL;
}

/*
 * Is the country or organisation name at tokens [i, i+n) part of a longer
 * proper name? ENTIDX_CTX_PART (skip it), ENTIDX_CTX_OWN, or
 * ENTIDX_CTX_EXTEND with *name_end the token after the organisation's legal
 * form ("Kia Motor Corp"). alias_flags are the matched alias's flags (a
 * demonym is an adjective). On lines in Title Case or capitals only the
 * word-list rules apply; elsewhere a capitalised word right before the name
 * (not itself a mention: prev_end) or a capitalised run after it that does
 * not start a gazetteer name makes the name part of a longer one. A demonym
 * before a state's institution is the country before all that ("the Italian
 * Treasury"). Negative on error.
 */
static int name_context(entidx_tagger *t, const char *text, size_t len, size_t i, size_t n,
                        int kind, unsigned alias_flags, size_t prev_org_end, size_t prev_end,
                        entidx_line_info *line, size_t *name_end, entidx_error *err)
{
    const entidx_tokens *toks = &t->toks;
    size_t j = i + n;
    int r, rc;

    if (!RULES)
        return ENTIDX_CTX_OWN;
    /* "Rockwell International Corp <ROK>": a stock ticker */
    if (entidx__ctx_ticker(toks, text, len, i, n))
        return ENTIDX_CTX_PART;
    /* "DoD #0362": a membership number's label */
    if (kind == KIND_ORG && entidx__ctx_numbered_label(toks, text, len, i, n))
        return ENTIDX_CTX_PART;
    /* "ANY PERSON WHO HAS", "WHO CARES?": a pronoun in capitals */
    if (n == 1 && toks->v[i].shape == ENTIDX_SHAPE_UPPER &&
        entidx__ctx_pronoun_in_capitals(toks, text, len, i, n))
        return ENTIDX_CTX_PART;
    /* "M9QF/RZ7]W95?_3U!S:0\EU>?+SOP": encoded data, no prose */
    if (entidx__ctx_data_line(toks, text, len, i))
        return ENTIDX_CTX_PART;
    /* "Labour Minister", "Labor Department": an office, not the party Labour */
    if (kind == KIND_ORG && entidx__ctx_portfolio_office(toks, text, i, n))
        return ENTIDX_CTX_PART;
    /* "MADRID, Spain There was": a dateline's country */
    if (kind == KIND_COUNTRY && entidx__ctx_dateline_country(toks, text, i))
        return ENTIDX_CTX_OWN;
    /* "Lebanon, Pa.", "Mexico, N.Y.": a town */
    if (kind == KIND_COUNTRY && entidx__ctx_state_after_comma(toks, text, len, j))
        return ENTIDX_CTX_PART;
    /* "said Mr Irish", "Mrs. French": a person's surname */
    if ((kind == KIND_COUNTRY || kind == KIND_ORG) && n == 1 &&
        entidx__ctx_after_personal_title(toks, text, i))
        return ENTIDX_CTX_PART;
    /* "the Italian Treasury", "the Japanese Finance Ministry": the country's own;
       after the name itself only its government ("the interim Iraq Government",
       "Sudan Govt"): "Australia Senate" is an institution's name */
    if (kind == KIND_COUNTRY && (alias_flags & ENTIDX_ALIAS_DEMONYM) &&
        entidx__ctx_state_institution_after(toks, text, j))
        return ENTIDX_CTX_OWN;
    if (kind == KIND_COUNTRY && entidx__ctx_government_after(toks, text, j))
        return ENTIDX_CTX_OWN;
    /* "Spanish-speaking", "French-language": the language */
    if (kind == KIND_COUNTRY && (alias_flags & ENTIDX_ALIAS_DEMONYM) &&
        entidx__ctx_language_compound_after(toks, text, j))
        return ENTIDX_CTX_PART;
    /* "the U.S. Federal Reserve": a dotted country acronym before a name of
       its own is the country's adjective, also when that name begins with a
       word that often goes on a country's name ("Federal", "National") */
    if (kind == KIND_COUNTRY && dotted_before_name(toks, text, j) &&
        (rc = name_starts_at(t, j, err)) != 0)
        return rc < 0 ? rc : ENTIDX_CTX_OWN;
    if (kind == KIND_COUNTRY &&
        entidx__ctx_country_in_other_name(toks, text, i, n, prev_org_end,
                                          (alias_flags & ENTIDX_ALIAS_DEMONYM) != 0))
        return ENTIDX_CTX_PART;
    if (kind == KIND_COUNTRY && (rc = team_name(t, text, len, i, n, err)) != 0)
        return rc < 0 ? rc : ENTIDX_CTX_PART;
    /* "Shell Canada", "Ford China JV": a company's arm in the country */
    if (kind == KIND_COUNTRY && (rc = company_before(t, text, i)) != 0)
        return rc < 0 ? ENTIDX_FAIL(err, rc, "out of memory matching text") : ENTIDX_CTX_PART;
    if (kind == KIND_OTHER)
        return ENTIDX_CTX_OWN;
    /* an organisation's legal form is part of its name: "Johnson Controls Inc."
       (but "the Long-Term Credit Bank of Japan Ltd" is another bank's name,
       so the rules below decide) */
    if (kind == KIND_ORG && j < toks->n && (toks->v[j].flags & ENTIDX_TOK_JOIN) &&
        toks->v[j].shape != ENTIDX_SHAPE_LOWER && entidx__ctx_is_legal_form(toks, j) &&
        !(prev_end != i && entidx__ctx_institution_of(toks, i, n) &&
          entidx__ctx_name_word_before(toks, text, i, 0, &t->lower))) {
        *name_end = j + 1;
        return ENTIDX_CTX_EXTEND;
    }
    /* the line's shape is looked at only when a neighbour suggests a longer name */
    if (prev_end != i &&
        entidx__ctx_name_word_before(toks, text, i, kind == KIND_COUNTRY, &t->lower))
        return entidx__ctx_titled_line(toks, text, len, i, line) ? ENTIDX_CTX_OWN : ENTIDX_CTX_PART;
    /* "Amoco Canada said ..." beside "a unit of Amoco Corp" */
    if (kind == KIND_COUNTRY && prev_end != i &&
        entidx__ctx_name_word_opens_before(toks, text, i, &t->lower)) {
        if ((rc = country_word(t, i - 1)) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory matching text");
        if (rc == 0)
            return entidx__ctx_titled_line(toks, text, len, i, line) ? ENTIDX_CTX_OWN
                                                                     : ENTIDX_CTX_PART;
    }
    /* "U.S. Farm Credit Administration", "U.K. Government": a dotted country
       acronym before a name is an adjective of the country (and its dot may
       end a sentence) */
    if (kind == KIND_COUNTRY && ends_in_dot(toks, text, j - 1))
        return ENTIDX_CTX_OWN;
    /* "Ambassador to Thailand William Brown", "Kenyan Bernard Lagat": a person's
       name after it (not after a name that is also a person's: "Chad Nicholas
       Hunter" is one person) */
    if (kind == KIND_COUNTRY && !(alias_flags & ENTIDX_ALIAS_PERSON) && j + 1 < toks->n &&
        (toks->v[j].flags & ENTIDX_TOK_JOIN) && entidx__ctx_capitalised(toks->v[j].shape) &&
        entidx__ctx_is_given_name(toks, j) && entidx__ctx_person_name_at(toks, text, j + 1))
        return ENTIDX_CTX_OWN;
    r = entidx__ctx_name_words_after(toks, text, i, n, kind == KIND_ORG, name_end, &t->lower);
    if (r == ENTIDX_CTX_OWN || entidx__ctx_titled_line(toks, text, len, i, line))
        return ENTIDX_CTX_OWN;
    if (r != ENTIDX_CTX_PART)
        return r;
    /* the capitalised words after it start a name the gazetteers know: one of their own */
    if ((rc = name_starts_at(t, j, err)) < 0)
        return rc;
    return rc ? ENTIDX_CTX_OWN : ENTIDX_CTX_PART;
}

/*
 * Where the scan goes on after the n words at token i, a name that a longer
 * name takes in (name_context() said ENTIDX_CTX_PART): past them, unless an
 * alias that starts among them goes on past their end ("The Dominican" in
 * "The Dominican Republic": "Dominican Republic"); then at its first word.
 * Into *next; ENTIDX_OK or an error. For leftmost-longest matching only
 * (longest_at() then reports nothing).
 */
static int resume_inside(entidx_tagger *t, size_t i, size_t n, size_t *next, entidx_error *err)
{
    for (size_t j = i + 1; j < i + n; j++) {
        const entidx_gz_alias *inner;
        size_t inner_n;
        int rc;
        /* (not low_start_may() first: a second caller made GCC stop inlining it
           into scan()'s loop, 1.3% more instructions; this path is rare) */
        if ((rc = longest_at(t, j, 0, &inner, &inner_n, NULL, NULL, NULL, err)) != 0)
            return rc;
        if (inner != NULL && j + inner_n > i + n) {
            *next = j;
            return ENTIDX_OK;
        }
    }
    *next = i + n;
    return ENTIDX_OK;
}

/*
 * Why the longest key of the words from token i, which has aliases, gave no
 * mention: the first alias whose case rule takes the words and that is
 * skipped only for being ambiguous (ENTIDX_REFUSED_AMBIGUOUS) or cued
 * (ENTIDX_REFUSED_CUED), else the first alias, not skipped, whose case rule
 * refused them (ENTIDX_REFUSED_CASE), when the first word has a capital.
 * Into *a and *n. 0 when there is no such key, when its aliases are skipped
 * for what the caller asked (demonyms under --no-demonyms), or for a word in
 * lower case that the case rules refused. Stemmed keys are not looked at. It
 * builds again the keys that longest_at() built: slow, for near misses only.
 */
static int refused_key(entidx_tagger *t, size_t i, const entidx_gz_alias **a, size_t *n)
{
    const entidx_gazetteer *gz = t->gz;
    const entidx_tokens *toks = &t->toks;
    const entidx_gz_key *key = NULL;
    const entidx_gz_alias *case_refused = NULL;
    unsigned inner;
    int rc;
    for (size_t m = 1; m <= gz->max_tokens && i + m <= toks->n; m++) {
        const entidx_gz_key *k;
        if (m > 1 && !(toks->v[i + m - 1].flags & NAME_GOES_ON))
            break;
        if ((rc = entidx__gz_key(&t->key, toks, i, m)) < 0)
            return rc;
        if ((k = entidx__gz_find_key(gz, t->key.ptr, t->key.len)) == NULL)
            break;
        if (k->first != ENTIDX_GZ_NONE)
            key = k, *n = m;
    }
    if (key == NULL)
        return 0;
    inner = inner_possessives(&toks->v[i], *n);
    for (uint32_t j = key->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
        const entidx_gz_alias *c = &gz->aliases[j];
        if (!alias_accepts(t, c, i, *n, inner)) {
            /* (not one skipped anyway: "The" for THE{ambiguous} is no near miss) */
            if (case_refused == NULL && !c->skipped)
                case_refused = c;
            continue;
        }
        *a = c;
        if (only_ambiguous(gz, c))
            return ENTIDX_REFUSED_AMBIGUOUS;
        if (!c->skipped && (c->flags & ENTIDX_ALIAS_CUED))
            return ENTIDX_REFUSED_CUED;
    }
    /* (a word in lower case that an alias in capitals refuses, "us" for US, is
       what the case rules are for: no near miss) */
    *a = case_refused;
    return case_refused != NULL && toks->v[i].shape > ENTIDX_SHAPE_LOWER ? ENTIDX_REFUSED_CASE : 0;
}

/* Alias a of n words, found at token i, was dropped by a rule: why (an entidx_refusal). */
static void drop(entidx_tagger *t, size_t i, const entidx_gz_alias *a, size_t n, unsigned why)
{
    t->dropped.at = i;
    t->dropped.alias = a;
    t->dropped.n = n;
    t->dropped.why = why;
}

/*
 * No mention starts at token i: with report_refused, the near miss there to
 * the callback. The alias a rule dropped there (drop()), else refused_key()'s.
 * Returns 0, the callback's non-zero value, or an error.
 */
#if defined(__GNUC__)
__attribute__((noinline)) /* out of scan()'s way: asked only for near misses */
#endif
static int
near_miss(entidx_tagger *t, entidx_mention_cb cb, void *payload, size_t i, entidx_error *err)
{
    const entidx_gz_alias *a = t->dropped.alias;
    size_t n = t->dropped.n;
    unsigned why = t->dropped.why;
    if (t->dropped.at != i) {
        int rc = refused_key(t, i, &a, &n);
        if (rc <= 0)
            return rc < 0 ? ENTIDX_FAIL(err, rc, "out of memory matching text") : 0;
        why = (unsigned)rc;
    }
    return report(t, cb, payload, i, n, a->entity, a, 0, 0, why);
}

_Static_assert(ENTIDX_REFUSED_DEFINED == 7, "entidx_refusal_name() names every refusal");
const char *entidx_refusal_name(unsigned refused)
{
    static const char *const names[] = {"",        "case",   "ambiguous", "cued",
                                        "context", "person", "currency",  "defined"};
    return refused < ENTIDX_ARRAY_SIZE(names) ? names[refused] : "";
}

/*
 * From token i on, the first that may start a mention. Most words are in
 * lower case (or numbers) and start no alias: for them scan() would find
 * nothing, so they are passed over here in a tight loop, with one probe of
 * low_any. A word in lower case may also begin a surname this document has
 * learnt ("de Gaulle"): with any surname of two words or more, scan() looks
 * at every such word.
 */
static size_t next_candidate(const entidx_tagger *t, size_t i)
{
    const entidx_token *v = t->toks.v;
    const char *norm = t->toks.norm.ptr;
    size_t n = t->toks.n;
    unsigned passed = t->max_surname >= 2 ? ENTIDX_SHAPE_NONE : ENTIDX_SHAPE_LOWER;
    while (i < n && v[i].shape <= passed &&
           !entidx__gz_bit(t->low_any, entidx__gz_low_one_sig(norm + v[i].norm_off, v[i].norm_len)))
        i++;
    return i;
}

static int scan(entidx_tagger *t, const char *text, size_t len, entidx_mention_cb cb, void *payload,
                entidx_error *err)
{
    const entidx_gazetteer *gz = t->gz;
    entidx_tokens *toks = &t->toks;
    entidx_line_info line = ENTIDX_LINE_INFO_INIT;
    size_t i = 0, prev_org_end = SIZE_MAX, prev_end = SIZE_MAX;
    int rc;

    /* (below CUE_ABSENT and PERSON_WORD, the other values of the dicts that hold it) */
    t->scan_gen = t->scan_gen >= CUE_ABSENT - 1 ? 1 : t->scan_gen + 1;
    t->text = text;
    t->dropped.at = SIZE_MAX;
    entidx__ctx_lower_words_reset(&t->lower);
    t->lower.others = t->doc;
    t->lower.n_others = t->n_doc;
    t->lower.self = text;
    if ((rc = entidx_tokenize(toks, text, len)) < 0)
        return ENTIDX_FAIL(err, rc,
                           rc == ENTIDX_ELIMIT ? "text longer than 4 GiB"
                                               : "out of memory tokenizing text");
    if ((rc = hash_capitalised(t)) < 0)
        return ENTIDX_FAIL(err, rc, "out of memory matching text");
    t->next_base = t->sentence_base + (toks->n ? toks->v[toks->n - 1].sentence + 1 : 0);
    while ((i = next_candidate(t, i)) < toks->n) {
        size_t best_n = 0, extra = 0;
        const entidx_gz_alias *best = NULL;
        unsigned evidence = 0; /* of best */
        uint32_t person;
        int kind = KIND_OTHER;

        if (low_start_may(t, i) &&
            (rc = longest_at_inline(t, i, 0, &best, &best_n, &evidence, cb, payload, err)) != 0)
            return rc;
        /* inflected forms, for aliases that ask for it: only capitalised words are names */
        if (best == NULL && gz->has_stem && toks->v[i].shape != ENTIDX_SHAPE_LOWER &&
            toks->v[i].shape != ENTIDX_SHAPE_NONE &&
            (rc = longest_at(t, i, 1, &best, &best_n, &evidence, cb, payload, err)) != 0)
            return rc;
        /* "US$" is a currency, not the country */
        if (best != NULL && best_n == 1 && toks->v[i].shape == ENTIDX_SHAPE_UPPER &&
            toks->v[i].end < len && text[toks->v[i].end] == '$') {
            drop(t, i, best, best_n, ENTIDX_REFUSED_CURRENCY);
            best = NULL;
            best_n = 0;
        }
        /* "the Farm Credit Administration (FCA)": the document's own acronym (an
           alias written in capitals: not "JAPAN" in a headline) */
        if (RULES && best != NULL && best_n == 1 && toks->v[i].shape == ENTIDX_SHAPE_UPPER &&
            (best->shapes & 7) == ENTIDX_SHAPE_UPPER) {
            const entidx_gz_alias *other;
            if ((rc = acronym_defined_other(t, i, best->entity, &other)) < 0)
                return ENTIDX_FAIL(err, rc, "out of memory matching text");
            if (rc) {
                if (other == NULL)
                    drop(t, i, best, best_n, ENTIDX_REFUSED_DEFINED);
                best = other;
                best_n = other != NULL;
                evidence = ENTIDX_EVIDENCE_DEFINED;
            }
        }
        if (best != NULL && t->opts.overlaps == ENTIDX_OVERLAPS_LONGEST) {
            size_t name_end = i + best_n;
            kind = kind_of(t, best->entity);
            /* "Neil Jordan ... Jordan said": the word is a person in this document */
            if (RULES && best_n == 1 && kind != KIND_OTHER && (best->flags & ENTIDX_ALIAS_PERSON)) {
                if ((rc = person_word(t, text, i)) < 0)
                    return ENTIDX_FAIL(err, rc, "out of memory matching text");
                if (rc) {
                    drop(t, i, best, best_n, ENTIDX_REFUSED_PERSON);
                    best = NULL;
                    best_n = 0;
                }
            }
            if (best != NULL) {
                rc = name_context(t, text, len, i, best_n, kind, best->flags, prev_org_end,
                                  prev_end, &line, &name_end, err);
                if (rc < 0)
                    return rc;
                if (rc == ENTIDX_CTX_PART) {
                    /* the words belong to another name: skip them, unless a name
                       starts among them and goes on past them */
                    if (t->opts.report_refused) {
                        drop(t, i, best, best_n, ENTIDX_REFUSED_CONTEXT);
                        if ((rc = near_miss(t, cb, payload, i, err)) != 0)
                            return rc;
                    }
                    if ((rc = resume_inside(t, i, best_n, &i, err)) < 0)
                        return rc;
                    continue;
                }
                if (rc == ENTIDX_CTX_EXTEND) {
                    best_n = name_end - i;
                    extra =
                        toks->v[name_end - 1].end < len && text[toks->v[name_end - 1].end] == '.';
                }
            }
        }
        if (best == NULL && t->max_surname > 0 && (rc = match_surname(t, i, &person, &best_n)) < 0)
            return ENTIDX_FAIL(err, rc, "out of memory matching text");
        if (best == NULL && t->max_surname > 0 && best_n > 0) {
            if ((rc = emit(t, cb, payload, i, best_n, person, NULL, 0, 0)) != 0)
                return rc;
            i += t->opts.overlaps == ENTIDX_OVERLAPS_LONGEST ? best_n : 1;
            prev_end = i;
            continue;
        }
        if (best != NULL && t->opts.overlaps == ENTIDX_OVERLAPS_LONGEST) {
            if ((rc = found(t, cb, payload, i, best_n, best, extra, evidence, err)) != 0)
                return rc;
            /* a country's name right after it is part of its name ("Toyota
               Australia"), unless it is an international body, of no country
               ("EU China arms ban", "UN Iraq inspectors"), or the object of
               "told", after which the country opens what was told ("told
               Reuters Japan is likely to") */
            if (kind == KIND_ORG && !stateless(t->gz, best->entity) &&
                !entidx__ctx_told_before(toks, i))
                prev_org_end = i + best_n;
            i += best_n;
            prev_end = i;
        } else {
            if (best == NULL && t->opts.report_refused &&
                (rc = near_miss(t, cb, payload, i, err)) != 0)
                return rc;
            i++;
        }
    }
    return ENTIDX_OK;
}

int entidx_tagger_lookahead(entidx_tagger *t, const char *const *texts, const size_t *lens,
                            size_t n)
{
    if (entidx_array_grow((void **)&t->ahead, &t->cap_ahead, n, sizeof(*t->ahead)) < 0)
        return ENTIDX_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        t->ahead[k].p = texts[k];
        t->ahead[k].len = lens[k];
    }
    t->n_ahead = n;
    t->ahead_given = 1;
    return ENTIDX_OK;
}

/* The texts listed for the document that starts now become the current document's. */
static void start_document(entidx_tagger *t)
{
    entidx_slice *texts = t->doc;
    size_t cap = t->cap_doc;
    t->n_doc = 0;
    if (!t->ahead_given)
        return;
    t->doc = t->ahead, t->cap_doc = t->cap_ahead, t->n_doc = t->n_ahead;
    t->ahead = texts, t->cap_ahead = cap, t->n_ahead = 0;
    t->ahead_given = 0;
}

int entidx_tagger_scan(entidx_tagger *t, const char *text, size_t len, entidx_mention_cb cb,
                       void *payload, entidx_error *err)
{
    start_document(t);
    if (++t->doc_gen == 0) { /* after 2^32 documents: forget them all */
        if (t->named != NULL)
            memset(t->named, 0, t->gz->n_ents * sizeof(*t->named));
        t->doc_gen = 1;
    }
    entidx_dict_dispose(&t->surnames);
    entidx_dict_dispose(&t->person_words);
    entidx_dict_dispose(&t->cued);
    entidx_dict_dispose(&t->names_found);
    t->n_acronyms = 0;
    t->max_surname = 0;
    t->sentence_base = t->next_base = 0;
    t->token_base = 0;
    return scan(t, text, len, cb, payload, err);
}

int entidx_tagger_scan_continue(entidx_tagger *t, const char *text, size_t len,
                                entidx_mention_cb cb, void *payload, entidx_error *err)
{
    t->sentence_base = t->next_base;
    t->token_base += (uint32_t)t->toks.n; /* the previous text's tokens */
    return scan(t, text, len, cb, payload, err);
}

void entidx_tagger_free(entidx_tagger *t)
{
    if (t == NULL)
        return;
    entidx_tokens_dispose(&t->toks);
    entidx_free(t->word_hash);
    entidx_tokens_dispose(&t->name_toks);
    entidx_buf_dispose(&t->key);
    entidx_buf_dispose(&t->name_key);
    entidx_dict_dispose(&t->surnames);
    entidx_dict_dispose(&t->person_words);
    entidx_dict_dispose(&t->cued);
    entidx_dict_dispose(&t->names_found);
    entidx_free(t->ahead);
    entidx_free(t->doc);
    entidx__ctx_lower_words_reset(&t->lower);
    entidx_stemmer_free(t->stemmer);
    entidx_free(t->kinds);
    entidx_free(t->named);
    entidx_free(t->own_name);
    entidx_free(t);
}
