/* SPDX-License-Identifier: MIT */
/*
 * name_context.h - what the words around a matched name say about it.
 *
 * The tagger finds gazetteer aliases; these predicates look at the tokens
 * around a match and tell whether the match is only a piece of a longer
 * proper name ("Human Rights in China", "Bayer Leverkusen", "Radio New
 * Zealand"), whether a capitalised word next to it is a title, a legal form
 * or a person's name, and whether a line is a headline or table row written
 * in capitals, where capitalisation says nothing about names.
 *
 * All functions take the token array of the text being scanned; none
 * allocates.
 */
#ifndef ENTIDX_NAME_CONTEXT_H
#define ENTIDX_NAME_CONTEXT_H

#include <stddef.h>

#include "dict.h"
#include "tokenize.h"

/* Is the folded form of token i one of words[0..n_words)? */
int entidx__ctx_word_in(const entidx_tokens *toks, size_t i, const char *const *words,
                        size_t n_words);

/* Is token i a common given name ("Neil", "Eddie"; not in mixed case)? */
int entidx__ctx_is_given_name(const entidx_tokens *toks, size_t i);

/* Titles that may stand before a person's name ("President", "Mr", "Sen"). */
int entidx__ctx_is_honorific(const entidx_tokens *toks, size_t i);

/* Legal forms of companies ("Inc", "Ltd", "AG", "Co"). */
int entidx__ctx_is_legal_form(const entidx_tokens *toks, size_t i);

/*
 * The legal forms that no everyday word in a capitals headline spells ("Inc",
 * "Corp", "Ltd", "PLC"; not "Co", "AS", "SA"): after a word that is also a
 * common one, they make it a company ("Oracle Corp").
 */
int entidx__ctx_is_company_form(const entidx_tokens *toks, size_t i);

/* Shapes: capitalised = Title, CAPITALS or MiXed; name-like = Title or MiXed. */
int entidx__ctx_capitalised(unsigned shape);
int entidx__ctx_name_like(unsigned shape);

/* The line (between line feeds) around a token, remembered between calls. */
typedef struct entidx_line_info {
    size_t start, end; /* byte range of the line */
    int titled;        /* the line is in Title Case or capitals */
    int valid;
} entidx_line_info;

#define ENTIDX_LINE_INFO_INIT \
    {                         \
        0, 0, 0, 0            \
    }

/*
 * Is the line holding token i a headline in Title Case or capitals rather
 * than sentence case? Such a line has at least two capitalised words and
 * fewer than one lower-case word per eight capitalised ones, not counting the
 * small words Title Case leaves in lower case ("of", "and", "in");
 * a line with numbers and mostly Title Case words is a row of a results table
 * ("Bayer Leverkusen 3 2 0 1"), read like prose, and so is a line (not the
 * text's first) that wrapping at a fixed width broke out of a paragraph.
 * `cache` keeps the last line's answer.
 */
int entidx__ctx_titled_line(const entidx_tokens *toks, const char *text, size_t len, size_t i,
                            entidx_line_info *cache);

/*
 * Country rules that hold on any line: a country's name [i, i+n) followed by
 * a capitalised tail word ("Israel Radio", "Mexico City"; but not "U.S.
 * District Judge": a title follows), after a broadcaster's or airline's head
 * word ("Radio New Zealand", "Air Malta"), after "<Institution> of" or
 * "<Institution> of the" ("Bank of Finland", "Development Bank of the
 * Philippines"; not for an adjective such as "Swiss" after "of the"), after
 * an organisation's head word and "in" or "for" ("Human Rights in China"),
 * after a capitalised word and a Romance particle ("Electricite de France"),
 * or right after an organisation's name that ends at token prev_org_end
 * ("Toyota Australia"). adjective: the match is a demonym or adjective.
 */
int entidx__ctx_country_in_other_name(const entidx_tokens *toks, const char *text, size_t i,
                                      size_t n, size_t prev_org_end, int adjective);

/*
 * Do the words from token j name a state's institution, so that a demonym
 * right before it is the country ("the Italian Treasury", "the Japanese
 * Finance Ministry", "the Indian Ministry of Finance", "the Dutch Central
 * Bank")? A run of capitalised words, spaces only (or a line feed that
 * wrapping put into running text): words of a
 * ministry's portfolio ("Finance", "Foreign Affairs"), if any, then a head
 * word ("Ministry", "Government", "Treasury", "Army", "Central Bank"), and
 * no capitalised word after it ("the German Government Securities Fund"
 * is a name). A word of no portfolio makes the run a name of its own ("the
 * American Pork Congress", "the Chinese Development Bank").
 */
int entidx__ctx_state_institution_after(const entidx_tokens *toks, const char *text, size_t j);

/*
 * Is token j, right after a country's name, its government ("the interim
 * Iraq Government", "Sudan Govt rejects"), with no capitalised word after
 * it ("the Japan Government Securities Fund")? Then the name is the
 * country's.
 */
int entidx__ctx_government_after(const entidx_tokens *toks, const char *text, size_t j);

/*
 * Is the country's name at token i a dateline's, after a city in capitals
 * and a comma that open the text, the sentence or the line ("MADRID, Spain
 * There was", "NEW YORK, Greece")? Then it is the country whatever
 * capitalised word follows it.
 */
int entidx__ctx_dateline_country(const entidx_tokens *toks, const char *text, size_t i);

/*
 * Does token j join a demonym before it into a word about a language
 * ("Spanish-speaking", "French-language"): a hyphen, nothing else, then
 * "speaking" or "language"? Then the demonym names the language, not the
 * country.
 */
int entidx__ctx_language_compound_after(const entidx_tokens *toks, const char *text, size_t j);

/*
 * May byte c be part of a word, where raw text is searched for whole words
 * without tokenizing it: an ASCII letter or digit, or a byte of a UTF-8
 * sequence?
 */
static inline int entidx__ctx_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

struct entidx_slice;

/*
 * The words a text writes in lower case, collected when a text asks often
 * (a capitalised word found among them is a common word: "U.K. Government"
 * beside "the government"). Dispose with entidx__ctx_lower_words_reset()
 * before the next text.
 */
typedef struct entidx_lower_words {
    entidx_dict words;
    int built;
    unsigned scans; /* questions answered by scanning so far */
    /* the document's other texts, where a word in lower case counts too (a
       headline's "Says" beside its article's "says"); set by the caller, kept
       by entidx__ctx_lower_words_reset(); `self`, the text being scanned, is
       skipped among them */
    const struct entidx_slice *others;
    size_t n_others;
    const char *self;
} entidx_lower_words;

#define ENTIDX_LOWER_WORDS_INIT               \
    {                                         \
        ENTIDX_DICT_INIT, 0, 0, NULL, 0, NULL \
    }

void entidx__ctx_lower_words_reset(entidx_lower_words *lw);

/*
 * Do the n words at token i open with an institution's word and "of" ("Bank
 * of Japan")? Such a name is often the tail of a longer one ("the
 * Long-Term Credit Bank of Japan", "the Export-Import Bank of Japan").
 */
int entidx__ctx_institution_of(const entidx_tokens *toks, size_t i, size_t n);

/*
 * Is the capitalised word right before token i the end of a longer name that
 * [i, ...) belongs to ("Karen National Union", "Radio New Zealand", "Neil
 * Jordan")? Not when that word starts its sentence or line, is a function
 * word, a month or day, a title, or (for a country) a qualifier such as
 * "Northern" or "Former". The caller checks that it is not itself a mention.
 */
int entidx__ctx_name_word_before(const entidx_tokens *toks, const char *text, size_t i,
                                 int is_country, entidx_lower_words *lw);

/*
 * Is the word right before the country at token i, which opens its sentence
 * or line and so is capitalised anyway, the end of a longer name all the same
 * ("Amoco Canada said ...")? Yes when the text also writes it capitalised
 * inside a sentence ("a unit of Amoco Corp"), it is in Title Case (a word in
 * capitals there is a dateline's or a table's: "BAGHDAD US warplanes"), and it
 * is none of the words name_word_before() passes over. The caller checks that
 * it is no country's alias (a demonym left out: "Afghan UAE embassy").
 */
int entidx__ctx_name_word_opens_before(const entidx_tokens *toks, const char *text, size_t i,
                                       entidx_lower_words *lw);

enum {
    ENTIDX_CTX_OWN = 0,   /* the match is a name of its own */
    ENTIDX_CTX_PART = 1,  /* the match is part of a longer name */
    ENTIDX_CTX_EXTEND = 2 /* the match continues to a legal form at *legal_end - 1 */
};

/*
 * Does the run of capitalised words after [i, i+n), on the same line (or
 * across a line feed that wrapping put into running text), make
 * the match part of a longer name ("Bayer Leverkusen", "U.S. Treasuries",
 * "Pirelli Cables")? ENTIDX_CTX_OWN when the next word is not in Title Case
 * (acronyms such as "GDP" or "PM" follow countries freely), a possessive
 * ends the match, or the run holds a title or a day ("U.S. District Judge",
 * "Japan Finance Minister", "U.S. Labor Day"); for an organisation (is_org) a run of up to three
 * words ending in a legal form, and a second one right after it ("Co Ltd"), gives
 * ENTIDX_CTX_EXTEND ("Kia Motor Corp", "Nomura Research Institute Ltd" even beside
 * "research"). The caller checks that the next word does not start a gazetteer name of its own.
 */
int entidx__ctx_name_words_after(const entidx_tokens *toks, const char *text, size_t i, size_t n,
                                 int is_org, size_t *legal_end, entidx_lower_words *lw);


/*
 * Is the single token k used as a person's name: right after a title ("Mr
 * Jordan") or after a common given name ("Neil Jordan", "Trevor Holland"),
 * also with a middle initial between ("David M. Holland")?
 */
int entidx__ctx_person_name_at(const entidx_tokens *toks, const char *text, size_t k);

/*
 * Does token k stand right after a personal title ("Mr Irish", "Mrs. French",
 * "Dr Kenya"), so that it is a person's surname, not the country or
 * organisation it also names? Not "Miss" (a pageant's "Miss Peru" names the
 * country) nor a "DR" in capitals ("DR Congo").
 */
int entidx__ctx_after_personal_title(const entidx_tokens *toks, const char *text, size_t k);

/*
 * Is token j, after a comma right after a name, a US state's or Canadian
 * province's abbreviation with its dot ("Lebanon, Pa.", "Peru, Ind.",
 * "Mexico, N.Y.")? Then the name before it is a town's. (Full state names
 * are not asked: "Mexico, Texas and California" is a list as often.)
 */
int entidx__ctx_state_after_comma(const entidx_tokens *toks, const char *text, size_t len,
                                  size_t j);

/*
 * Is the word before token i, in lower case, a verb of telling ("told
 * Reuters")? Then the name at i is its object, and a country's name right
 * after that name opens what was told ("told Reuters Japan is likely to").
 */
int entidx__ctx_told_before(const entidx_tokens *toks, size_t i);

/*
 * May token i-1 be a company's one-word name that the country name at token
 * i goes on ("Shell Canada", "Ford China JV", "Apple Sweden"): a capitalised
 * word joined to it by spaces in one sentence, the first of its run of
 * capitalised words, neither a function word nor a country's qualifier
 * ("Northern Ireland", "Southern Lebanon")? The tagger then asks the
 * gazetteer whether a company bears that name.
 */
int entidx__ctx_company_word_before(const entidx_tokens *toks, const char *text, size_t i);

/*
 * Is the match at tokens [i, i+n) one word in capitals or mixed case before a
 * number sign and a number ("DoD #0362", "DoD# 114": a club's membership
 * number in a signature)? Then it labels the number, not the organisation.
 */
int entidx__ctx_numbered_label(const entidx_tokens *toks, const char *text, size_t len, size_t i,
                               size_t n);

/*
 * Is the match at tokens [i, i+n) a relative or interrogative pronoun in
 * capitals, which an organisation's acronym may spell ("WHO"): between two
 * words in capitals, the one before no determiner, preposition or verb that
 * takes an object ("ANY PERSON WHO HAS", not "MEETS WHO CHIEF"), or opening
 * a question ("WHO CARES?", "finals...WHO WON?")? Not before a possessive
 * ("WHO's"), nor after a word in lower case ("met WHO officials", though
 * "exactly WHO was" is the pronoun) or a number ("58 WHO laboratories").
 */
int entidx__ctx_pronoun_in_capitals(const entidx_tokens *toks, const char *text, size_t len,
                                    size_t i, size_t n);

/*
 * Is token i on a line of encoded data: one run of 40 bytes or more of
 * ASCII without a space or tab, indentation aside (uuencoded or base64
 * text, a long URL), and no dot leaders ("..."), which lay out a table's
 * row; or a full uuencoded line with spaces in it ('M' and 60 bytes from
 * ' ' to '`', a fifth or more of them punctuation)? Words the tokenizer
 * finds there are no prose.
 */
int entidx__ctx_data_line(const entidx_tokens *toks, const char *text, size_t len, size_t i);

/*
 * Is the match at tokens [i, i+n) a stock ticker symbol: one word in capitals
 * (or digits) alone in angle brackets ("<GE>", "<ROK>", as Reuters writes
 * after a company's name)? A ticker is no mention, not even of the company
 * it stands for: the name before it is one already.
 */
int entidx__ctx_ticker(const entidx_tokens *toks, const char *text, size_t len, size_t i, size_t n);

/*
 * Is the one-word organisation name at token i a portfolio ("Labour",
 * "Trade") before a word of a state's office ("Labour Minister", "Labor
 * Department", "Labour Day"), so that it names the office, not the
 * organisation (a party called Labour)?
 */
int entidx__ctx_portfolio_office(const entidx_tokens *toks, const char *text, size_t i, size_t n);

/* Places in a results table or list where a team's name stands. */
enum {
    ENTIDX_SLOT_NONE = 0,
    ENTIDX_SLOT_SCORE = 1, /* a name starting a line, after a number or after ")", and
                              before a small whole number: "Monaco 3 1 1 1", "Guingamp 2
                              Monaco 1", "( Britain ) Jordan 1:55.385" */
    ENTIDX_SLOT_PAREN = 2  /* a name alone in parentheses: "Enzo Scifo ( Monaco )" */
};

/*
 * The slot that tokens [a, b) fill, when they are a whole run of capitalised
 * words (not preceded by another capitalised word on the same line, or on
 * the line before when wrapping broke them apart).
 */
int entidx__ctx_table_slot(const entidx_tokens *toks, const char *text, size_t len, size_t a,
                           size_t b);

#endif
