/* SPDX-License-Identifier: MIT */
/*
 * name_context.c - word lists and neighbour rules that tell whether a matched
 * country or organisation name stands on its own or is part of a longer
 * proper name. See name_context.h.
 *
 * The word lists are folded (lower case, no accents, no dots) and short on
 * purpose: each entry is a word that commonly stands capitalised next to a
 * name in English news without being part of it, or one that marks a longer
 * name. They were chosen on the CoNLL-2003 train and testa splits and on
 * Reuters-21578 (see tests/eval/README.md).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "internal.h"
#include "gazetteer_int.h"
#include "name_context.h"
#include "word_table.h"
#include "wordlist.h"

/* Is byte c a space or a tab? */
static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Does byte c end a line? */
static int line_end(char c)
{
    return c == '\n' || c == '\r';
}

int entidx__ctx_word_in(const entidx_tokens *toks, size_t i, const char *const *words,
                        size_t n_words)
{
    return entidx_word_in(toks->norm.ptr + toks->v[i].norm_off, toks->v[i].norm_len, words,
                          n_words);
}

/*
 * The word lists below, one bit each. They are merged into one table
 * (word_table.h), built at the first question: a word is looked up once,
 * however many lists hold it or not.
 */
enum {
    WL_HONORIFIC = 1u << 0,
    WL_LEGAL_FORM = 1u << 1,
    WL_COMPANY_FORM = 1u << 2,
    WL_FUNCTION = 1u << 3,
    WL_MONTH_DAY = 1u << 4,
    WL_COUNTRY_QUALIFIER = 1u << 5,
    WL_TITLE = 1u << 6,
    WL_NAME_TAIL = 1u << 7,
    WL_NAME_HEAD = 1u << 8,
    WL_INSTITUTION = 1u << 9,
    WL_ORG_HEAD = 1u << 10,
    WL_NAME_PARTICLE = 1u << 11,
    WL_TITLE_CASE_SMALL = 1u << 12,
    WL_GIVEN_NAME = 1u << 13,
    WL_PORTFOLIO = 1u << 14,
    WL_STATE_HEAD = 1u << 15,
    WL_OFFICE = 1u << 16,
    WL_PERSONAL_TITLE = 1u << 17,
    WL_STATE_ABBREVIATION = 1u << 18,
    WL_TELLING = 1u << 19,
    WL_PRONOUN = 1u << 20,
    WL_BEFORE_OBJECT = 1u << 21,
    WL_GROUP = 1u << 22
};

static const entidx_word_table *rule_words(void);

/* The bits of the lists that hold token i's folded form. */
static uint32_t list_bits(const entidx_tokens *toks, size_t i)
{
    return entidx_word_table_bits(rule_words(), toks->norm.ptr + toks->v[i].norm_off,
                                  toks->v[i].norm_len);
}

/* Is token i's folded form in one of the lists `bits`? */
static int in_list(const entidx_tokens *toks, size_t i, uint32_t bits)
{
    return (list_bits(toks, i) & bits) != 0;
}

static const char *const honorifics[] = {
    "ambassador", "brother",      "captain",   "cardinal", "chairman",  "chancellor", "chief",
    "coach",      "commissioner", "dame",      "dr",       "father",    "gen",        "general",
    "gov",        "governor",     "judge",     "justice",  "king",      "lady",       "lord",
    "madam",      "mayor",        "minister",  "miss",     "mr",        "mrs",        "ms",
    "pope",       "premier",      "president", "prime",    "prince",    "princess",   "prof",
    "queen",      "rep",          "rev",       "saint",    "secretary", "sen",        "senator",
    "sheikh",     "sir",          "sister",    "speaker",  "st"};

int entidx__ctx_is_honorific(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_HONORIFIC);
}

static const char *const legal_forms[] = {
    "ab", "ag",  "as",  "asa",     "bhd", "bv",  "co",  "corp", "corporation", "gmbh", "inc",
    "kk", "llc", "ltd", "limited", "nv",  "oyj", "plc", "sa",   "se",          "spa"};

int entidx__ctx_is_legal_form(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_LEGAL_FORM);
}

static const char *const company_forms[] = {"corp",         "corporation", "gmbh", "inc",
                                            "incorporated", "llc",         "ltd",  "plc"};

int entidx__ctx_is_company_form(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_COMPANY_FORM);
}

int entidx__ctx_capitalised(unsigned shape)
{
    return shape == ENTIDX_SHAPE_TITLE || shape == ENTIDX_SHAPE_UPPER ||
           shape == ENTIDX_SHAPE_MIXED;
}

int entidx__ctx_name_like(unsigned shape)
{
    return shape == ENTIDX_SHAPE_TITLE || shape == ENTIDX_SHAPE_MIXED;
}

/* Words that are capitalised in Title Case or at a sentence start, never names. */
static const char *const function_words[] = {
    "a",         "about",  "across",  "after",   "again",   "against",  "all",       "also",
    "although",  "among",  "an",      "and",     "as",      "at",       "because",   "before",
    "between",   "both",   "but",     "by",      "during",  "even",     "every",     "for",
    "from",      "he",     "her",     "his",     "however", "i",        "if",        "in",
    "including", "into",   "it",      "its",     "like",    "many",     "most",      "my",
    "neither",   "next",   "no",      "nor",     "not",     "now",      "of",        "on",
    "only",      "or",     "our",     "over",    "she",     "since",    "so",        "some",
    "than",      "that",   "the",     "their",   "then",    "these",    "they",      "this",
    "those",     "though", "through", "to",      "today",   "tomorrow", "tonight",   "under",
    "unlike",    "until",  "upon",    "via",     "vs",      "was",      "we",        "were",
    "what",      "when",   "where",   "whether", "which",   "while",    "who",       "whose",
    "why",       "will",   "with",    "within",  "without", "would",    "yesterday", "yet",
    "you",       "your"};

/* Months and days of the week (and their short forms): capitalised, never a name's part. */
static const char *const months_and_days[] = {
    "january",   "february", "march",     "april",    "may",    "june",     "july",  "august",
    "september", "october",  "november",  "december", "jan",    "feb",      "mar",   "apr",
    "jun",       "jul",      "aug",       "sep",      "sept",   "oct",      "nov",   "dec",
    "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday"};

/* Words that qualify a country without making another name ("Western Ukraine", "Muslim Turkey"). */
static const char *const country_qualifiers[] = {
    "ancient",      "buddhist",     "catholic",  "central",      "christian",    "coastal",
    "communist",    "continental",  "czarist",   "east",         "eastern",      "former",
    "free",         "greater",      "hindu",     "imperial",     "independent",  "inner",
    "islamic",      "jewish",       "lower",     "mainland",     "medieval",     "metropolitan",
    "modern",       "moslem",       "muslim",    "nationalist",  "nazi",         "north",
    "northeast",    "northeastern", "northern",  "northwest",    "northwestern", "occupied",
    "orthodox",     "outer",        "postwar",   "prewar",       "protestant",   "red",
    "rural",        "secular",      "shiite",    "socialist",    "south",        "southeast",
    "southeastern", "southern",     "southwest", "southwestern", "soviet",       "sunni",
    "tsarist",      "upper",        "wartime",   "weimar",       "west",         "western"};

/* Words that, in the capitalised run after a country, make it a title, not a name. */
static const char *const title_words[] = {"admiral",
                                          "adviser",
                                          "day",
                                          "days",
                                          "finmin",
                                          "fm",
                                          "pm",
                                          "advisor",
                                          "ambassador",
                                          "attorney",
                                          "cabinet",
                                          "captain",
                                          "chairman",
                                          "chairwoman",
                                          "chancellor",
                                          "chief",
                                          "coach",
                                          "commander",
                                          "commissioner",
                                          "congressman",
                                          "congresswoman",
                                          "consul",
                                          "delegate",
                                          "delegation",
                                          "deputy",
                                          "diplomat",
                                          "director",
                                          "emperor",
                                          "envoy",
                                          "gen",
                                          "general",
                                          "governor",
                                          "judge",
                                          "king",
                                          "leader",
                                          "mayor",
                                          "minister",
                                          "negotiator",
                                          "official",
                                          "officials",
                                          "premier",
                                          "president",
                                          "prime",
                                          "prince",
                                          "princess",
                                          "queen",
                                          "rep",
                                          "representative",
                                          "secretary",
                                          "sen",
                                          "senator",
                                          "speaker",
                                          "spokesman",
                                          "spokeswoman",
                                          "undersecretary",
                                          "vice"};

/* Words that, capitalised right after a country's name, make it part of another name. */
static const char *const name_tails[] = {
    "air",        "airlines",  "airways",    "army",     "broadcasting", "city",       "court",
    "cup",        "daily",     "department", "district", "federal",      "freeport",   "herald",
    "interbank",  "municipal", "national",   "navy",     "news",         "newsroom",   "online",
    "open",       "post",      "power",      "press",    "radio",        "railways",   "sea",
    "securities", "senate",    "strait",     "straits",  "telecom",      "television", "times",
    "tribune",    "tv"};

static int is_name_tail(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_NAME_TAIL);
}

/*
 * Head words of broadcasters and airlines named after their country, which
 * stand right before it ("Radio New Zealand", "Television Ireland", "Air
 * Malta") even at the start of a sentence.
 */
static const char *const name_heads[] = {"air", "radio", "telecom", "television", "tv"};

static int is_name_head(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_NAME_HEAD);
}

/* Institution words that, before "of", make a following country part of a name. */
static const char *const institutions[] = {
    "academy",    "agency",  "associations", "bishops",      "churches",   "co",
    "corp",       "forces",  "news",         "association",  "authority",  "bank",
    "board",      "chamber", "church",       "club",         "college",    "commission",
    "committee",  "company", "corporation",  "council",      "exchange",   "federation",
    "foundation", "front",   "institute",    "league",       "liberation", "movement",
    "museum",     "office",  "organisation", "organization", "party",      "school",
    "service",    "society", "tour",         "union",        "university"};

static int is_institution(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_INSTITUTION);
}

/*
 * Head words of organisations named after the country they work in or for,
 * before "in" or "for" ("Human Rights in China", "Interim Force in Lebanon",
 * "Movement for Democracy in Kenya").
 */
static const char *const org_heads[] = {
    "alliance", "association", "campaign",   "coalition", "commission", "committee",
    "council",  "democracy",   "federation", "force",     "forum",      "foundation",
    "front",    "fund",        "league",     "mission",   "movement",   "party",
    "rights",   "solidarity",  "union",      "watch"};

static int is_org_head(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_ORG_HEAD);
}

/*
 * Romance particles that join a name to a country inside a longer name
 * ("Banque de France", "Jornal de Angola"), in lower case or in a run of
 * capitals. Not "do", an English word ("WHAT DO IRANIANS WANT").
 */
static const char *const name_particles[] = {"da", "de", "del", "della", "des", "di", "du"};

static int is_name_particle(const entidx_tokens *toks, size_t i)
{
    return (toks->v[i].shape == ENTIDX_SHAPE_LOWER ||
            (toks->v[i].shape == ENTIDX_SHAPE_UPPER && i > 0 &&
             toks->v[i - 1].shape == ENTIDX_SHAPE_UPPER)) &&
           in_list(toks, i, WL_NAME_PARTICLE);
}

/* Is token i the word w (folded)? */
static int is_word(const entidx_tokens *toks, size_t i, const char *w)
{
    size_t n = strlen(w);
    return toks->v[i].norm_len == n && memcmp(toks->norm.ptr + toks->v[i].norm_off, w, n) == 0;
}

/* Short words that Title Case leaves in lower case ("Talks on Trade in Paris"). */
static const char *const title_case_small_words[] = {
    "a",   "an", "and", "as", "at",  "but", "by", "for", "from", "in",  "into",
    "nor", "of", "on",  "or", "per", "the", "to", "via", "vs",   "with"};

static int is_title_case_small_word(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_TITLE_CASE_SMALL);
}

/*
 * Common given names, folded (hand-curated: English-language news
 * names and frequent European, Slavic and Arabic ones). Evidence that the
 * next word is a surname ("Neil Jordan", "Trevor Holland").
 */
static const char *const given_names[] = {
    "aaron",    "abdul",    "abdullah",  "abu",       "adam",        "adrian",    "ahmad",
    "ahmed",    "alan",     "albert",    "alberto",   "alex",        "alexander", "alexandre",
    "alfred",   "ali",      "alice",     "alison",    "amanda",      "amy",       "ana",
    "andre",    "andrea",   "andreas",   "andrei",    "andrew",      "andy",      "angela",
    "angelo",   "ann",      "anna",      "anne",      "anthony",     "antoine",   "antonio",
    "arnold",   "arthur",   "ashley",    "barbara",   "barry",       "ben",       "benjamin",
    "bernard",  "bernd",    "betty",     "bill",      "billy",       "bob",       "bobby",
    "boris",    "brad",     "brandon",   "brian",     "bruce",       "bruno",     "bryan",
    "carl",     "carlo",    "carlos",    "carol",     "caroline",    "catherine", "charles",
    "charlie",  "chris",    "christian", "christine", "christopher", "claire",    "claude",
    "claudia",  "colin",    "craig",     "dan",       "daniel",      "danny",     "dave",
    "david",    "dean",     "deborah",   "denis",     "dennis",      "derek",     "diana",
    "diane",    "dieter",   "dmitry",    "don",       "donald",      "doris",     "doug",
    "douglas",  "duncan",   "earl",      "ed",        "eddie",       "edward",    "elizabeth",
    "ellen",    "emily",    "emma",      "eric",      "erik",        "ernst",     "eugene",
    "evan",     "fernando", "frank",     "franz",     "fred",        "frederick", "gary",
    "gavin",    "geoff",    "geoffrey",  "george",    "gerald",      "gerhard",   "gordon",
    "graham",   "greg",     "gregory",   "guy",       "hans",        "harold",    "harry",
    "heinz",    "helen",    "helmut",    "henri",     "henry",       "herbert",   "howard",
    "hugh",     "hugo",     "ian",       "igor",      "ivan",        "jack",      "jacques",
    "james",    "jan",      "jane",      "janet",     "jason",       "jean",      "jeff",
    "jeffrey",  "jennifer", "jeremy",    "jerry",     "jim",         "jimmy",     "joan",
    "joe",      "joel",     "johan",     "johann",    "john",        "jon",       "jonathan",
    "jorge",    "jose",     "joseph",    "juan",      "julia",       "julian",    "julie",
    "justin",   "karen",    "karl",      "kate",      "keith",       "ken",       "kenneth",
    "kevin",    "kim",      "klaus",     "kurt",      "larry",       "laura",     "lee",
    "leo",      "leonard",  "lisa",      "louis",     "lucy",        "luis",      "luke",
    "manuel",   "marc",     "marco",     "margaret",  "maria",       "mark",      "martin",
    "mary",     "matt",     "matthew",   "max",       "michael",     "michel",    "miguel",
    "mike",     "mohamed",  "mohammad",  "mohammed",  "nancy",       "natalie",   "neil",
    "nicholas", "nick",     "nicola",    "nicolas",   "nigel",       "norman",    "oleg",
    "oliver",   "olivier",  "omar",      "oscar",     "pamela",      "pascal",    "patricia",
    "patrick",  "paul",     "paula",     "pedro",     "peter",       "phil",      "philip",
    "philippe", "pierre",   "rachel",    "ralph",     "ray",         "raymond",   "rebecca",
    "richard",  "rick",     "robert",    "roberto",   "robin",       "roger",     "ron",
    "ronald",   "rose",     "roy",       "ruth",      "ryan",        "sam",       "samuel",
    "sandra",   "sarah",    "scott",     "sean",      "sergei",      "sharon",    "simon",
    "stanley",  "stefan",   "stephen",   "steve",     "steven",      "stuart",    "susan",
    "ted",      "terry",    "thomas",    "tim",       "timothy",     "todd",      "tom",
    "tommy",    "tony",     "trevor",    "vincent",   "vladimir",    "walter",    "wayne",
    "werner",   "william",  "willie",    "wolfgang",  "yuri",
};

static int is_given_name(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_GIVEN_NAME);
}

int entidx__ctx_is_given_name(const entidx_tokens *toks, size_t i)
{
    return toks->v[i].shape != ENTIDX_SHAPE_MIXED && is_given_name(toks, i);
}

/* The bytes of x equal to c, as 0x80 in each (exact: no borrow between bytes). */
static uint64_t bytes_equal(uint64_t x, unsigned char c)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fu;
    uint64_t y = x ^ (0x0101010101010101u * c);
    return ~(((y & low7) + low7) | y | low7);
}

/* The start of the line holding byte s of text: after the last line feed before s, or 0. */
static size_t line_start(const char *text, size_t s)
{
    /* 8 bytes at a time while they hold no line feed */
    for (; s >= 8; s -= 8) {
        uint64_t x;
        memcpy(&x, text + s - 8, 8);
        if (bytes_equal(x, '\n') != 0)
            break;
    }
    while (s > 0 && text[s - 1] != '\n')
        s--;
    return s;
}

/* The first of tokens [lo, hi) that starts at or after byte `at` (hi when none). */
static size_t first_token_from(const entidx_tokens *toks, size_t lo, size_t hi, size_t at)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks->v[mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int soft_wrap(const char *text, size_t len, uint32_t nl, uint32_t next);

static int has_columns(const char *text, uint32_t from, uint32_t to);

/* Does the line open with a rank, token k a number and a dot or ")" right after it ("5.")? */
static int rank_first(const entidx_tokens *toks, const char *text, size_t len, size_t k)
{
    size_t e = toks->v[k].end;
    return toks->v[k].shape == ENTIDX_SHAPE_NONE && e < len && (text[e] == '.' || text[e] == ')');
}

/*
 * Is the lower-case token k a piece that pre-tokenized text or markup leaves
 * on a line, not a word of prose: a possessive's "s" or a word's tail after
 * an apostrophe written apart ("Australia 's", "Shi 'ites", as in AG News
 * and CoNLL-2003), or the letter of a tag ("<b>", "</b>")?
 */
static int stray_piece(const entidx_tokens *toks, const char *text, size_t len, size_t k)
{
    size_t s = toks->v[k].start, e = toks->v[k].end;
    if (s >= 2 && text[s - 1] == '\'' && text[s - 2] == ' ')
        return 1;
    if (s >= 4 && memcmp(text + s - 4, " \xe2\x80\x99", 4) == 0) /* " ’" */
        return 1;
    return s >= 1 && e < len && text[e] == '>' && e - s == 1 &&
           (text[s - 1] == '<' || (s >= 2 && text[s - 1] == '/' && text[s - 2] == '<'));
}

/*
 * Is token k, which has letters, a number with them after its digits ("29s"
 * in "MiG-29s", "1990s", "3rd")? Its first byte is a digit.
 */
static int number_with_letters(const entidx_tokens *toks, const char *text, size_t k)
{
    unsigned char c = (unsigned char)text[toks->v[k].start];
    return c >= '0' && c <= '9';
}

int entidx__ctx_titled_line(const entidx_tokens *toks, const char *text, size_t len, size_t i,
                            entidx_line_info *cache)
{
    size_t s = toks->v[i].start, a, b, first, end;
    unsigned caps = 0, upper = 0, lower = 0, numbers = 0;
    const char *nl;

    if (cache->valid && s >= cache->start && s < cache->end)
        return cache->titled;
    a = line_start(text, s);
    nl = memchr(text + s, '\n', len - s);
    b = nl ? (size_t)(nl - text) : len;
    first = first_token_from(toks, 0, i, a);
    end = first_token_from(toks, i, toks->n, b);
    cache->start = a;
    cache->end = b;
    cache->valid = 1;
    cache->titled = 0;
    for (size_t k = first; k < end; k++) {
        unsigned shape = toks->v[k].shape;
        if (entidx__ctx_capitalised(shape)) {
            caps++;
            upper += shape == ENTIDX_SHAPE_UPPER;
        } else if (shape == ENTIDX_SHAPE_NONE || number_with_letters(toks, text, k)) {
            numbers++;
        } else if (shape == ENTIDX_SHAPE_LOWER && !is_title_case_small_word(toks, k) &&
                   !stray_piece(toks, text, len, k)) {
            lower++;
            /* prose: not titled, whatever the rest of the line (each word of
               it one more capital at most); a long paragraph stops early */
            if (8 * lower >= caps + (end - k - 1))
                return 0;
        }
    }
    /* a row of a results table reads like prose: a number to each two
       capitalised words or more ("Austria Vienna 6 4 2 0", "Togo 1 Congo 0"),
       a rank first ("5. Jimmy Vasser (U.S.), Reynard Honda, 54.617"), or a
       number in a line laid out in columns; a headline has fewer numbers, no
       rank, and no columns ("Israel Kills 5 Palestinians in North", "2
       Troops Killed by Turkey Land Mine") */
    cache->titled = caps >= 2 && caps > 8 * lower &&
                    ((2 * numbers < caps && !rank_first(toks, text, len, first) &&
                      (numbers == 0 || !has_columns(text, (uint32_t)a, (uint32_t)b))) ||
                     2 * upper > caps);
    /* so does a line that wrapping broke out of a paragraph (not the text's first
       line: a headline may be longer than it and the line after it) */
    if (cache->titled && a > 0 &&
        (soft_wrap(text, len, (uint32_t)a - 1, (uint32_t)a) ||
         (b + 1 < len && soft_wrap(text, len, (uint32_t)b, (uint32_t)b + 1))))
        cache->titled = 0;
    return cache->titled;
}

/*
 * Is the line feed at nl, followed directly by `next` (the next line's first
 * byte), one that wrapping at a fixed width put into running text (newswire
 * archives), not one that ends a headline, a dateline, a line of an address
 * or signature, or a paragraph? Then:
 * - its line has SOFT_WRAP_MIN to SOFT_WRAP_MAX bytes, the line before it
 *   (if any) at most SOFT_WRAP_MAX, and the next line is not indented (a
 *   paragraph's first line is, in such text);
 * - the next line's first word would not have fitted on it: the line, a
 *   space and the word are longer than the line before it and the line after
 *   it (wrapping made no line longer than its width);
 * - the next line goes on as prose: it has SOFT_WRAP_MIN bytes too, or ends a
 *   sentence (the last of a paragraph) or the text, and its first word is no
 *   label ("Phone:", "Tel:" in a signature);
 * - neither line is laid out in columns (a tab, or three spaces in a row, as
 *   in tables and the address blocks of signatures).
 * The text is read up to len.
 */
#define SOFT_WRAP_MIN 50
#define SOFT_WRAP_MAX 200 /* a longer line is no wrapped one */

/* Does text[from, to) hold a tab or three spaces in a row: columns, not prose? */
static int has_columns(const char *text, uint32_t from, uint32_t to)
{
    unsigned run = 0;
    while (from < to && text[from] == ' ') /* (a paragraph's indent) */
        from++;
#if defined(__SSE2__) && defined(__GNUC__)
    /* 16 bytes at a time, the spaces that end a block carried into the next;
       the rest, below, overlaps the last block by 2: no run of three is split */
    if (to - from >= 16) {
        unsigned carry = 0; /* bits 0 and 1: the last block's last two bytes */
        for (; to - from >= 16; from += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(text + from));
            unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
            unsigned s = sp << 2 | carry;
            if ((s & s >> 1 & s >> 2) != 0 ||
                _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))) != 0)
                return 1;
            carry = sp >> 14;
        }
        from -= 2;
    }
#endif
    /* 8 bytes at a time, each window overlapping the last by 2 so that no run
       of three is split; then the rest byte by byte */
    for (; to - from >= 8; from += 6) {
        uint64_t x, sp;
        memcpy(&x, text + from, 8);
        sp = bytes_equal(x, ' ');
        if ((sp & sp >> 8 & sp >> 16) != 0 || bytes_equal(x, '\t') != 0)
            return 1;
    }
    for (uint32_t b = from; b < to; b++) {
        if (text[b] == '\t')
            return 1;
        run = text[b] == ' ' ? run + 1 : 0;
        if (run == 3)
            return 1;
    }
    return 0;
}

#if defined(__GNUC__)
__attribute__((noinline)) /* out of the way of spaced(), inlined in many rules */
#endif
static int
soft_wrap(const char *text, size_t len, uint32_t nl, uint32_t next)
{
    uint32_t start, prev_start = 0, word = next, after, last;
    const char *end;
    if (next != nl + 1 || next >= len || text[next] == ' ' || text[next] == '\t' ||
        text[next] == '\n')
        return 0;
    start = (uint32_t)line_start(text, nl);
    if (nl - start < SOFT_WRAP_MIN || nl - start > SOFT_WRAP_MAX)
        return 0;
    if (start > 0 &&
        start - 1 - (prev_start = (uint32_t)line_start(text, start - 1)) > SOFT_WRAP_MAX)
        return 0;
    while (word < len && text[word] != ' ' && text[word] != '\t' && text[word] != '\n')
        word++;
    if (word > next && text[word - 1] == ':')
        return 0;
    end = memchr(text + next, '\n', len - next);
    after = end != NULL ? (uint32_t)(end - text) : (uint32_t)len;
    for (last = after;
         last > next && (blank(text[last - 1]) || text[last - 1] == '"' || text[last - 1] == ')');
         last--)
        ;
    if (after - next < SOFT_WRAP_MIN && after < len && /* (the text's last line ends it) */
        !(last > next && (text[last - 1] == '.' || text[last - 1] == '!' || text[last - 1] == '?')))
        return 0;
    /* (start == 0: no line before, taken as empty) */
    return nl - start + 1 + (word - next) >
               ENTIDX_MAX(start ? start - 1 - prev_start : 0, after - next) &&
           !has_columns(text, start, nl) && !has_columns(text, next, after);
}

/*
 * Are tokens k-1 and k separated by spaces or tabs only (no dot or dash), on
 * one line or across a line feed soft_wrap() accepts?
 */
static inline int spaced(const entidx_tokens *toks, const char *text, size_t k)
{
    uint32_t next = toks->v[k].start;
    for (uint32_t b = toks->v[k - 1].end; b < next; b++) {
        if (text[b] != ' ' && text[b] != '\t')
            return text[b] == '\n' && soft_wrap(text, toks->text_len, b, next);
    }
    return 1;
}

/* Does token i follow token i-1 in the same sentence, after spaces only (spaced())? */
static int spaced_in_sentence(const entidx_tokens *toks, const char *text, size_t i)
{
    return i >= 1 && (toks->v[i].flags & ENTIDX_TOK_JOIN) &&
           toks->v[i - 1].sentence == toks->v[i].sentence && spaced(toks, text, i);
}

/* Is there a line feed between tokens k-1 and k? */
static int line_break_before(const entidx_tokens *toks, const char *text, size_t k)
{
    uint32_t from = toks->v[k - 1].end, to = toks->v[k].start;
    return to > from && memchr(text + from, '\n', to - from) != NULL;
}

/*
 * Does the run of capitalised words from token j (spaces only, or a line
 * feed of wrapping: spaced(); at most four) hold a title ("District Judge",
 * "Foreign Minister")?
 */
static int title_in_run(const entidx_tokens *toks, const char *text, size_t j)
{
    for (size_t k = j; k < toks->n && k < j + 4; k++) {
        if (!(toks->v[k].flags & ENTIDX_TOK_JOIN) ||
            (toks->v[k - 1].flags & ENTIDX_TOK_POSSESSIVE) ||
            !entidx__ctx_capitalised(toks->v[k].shape) || !spaced(toks, text, k))
            break;
        if (in_list(toks, k, WL_TITLE | WL_HONORIFIC))
            return 1;
    }
    return 0;
}

/*
 * Is token i, a country, preceded by "of" or "of the" in lower case after a
 * capitalised institution word ("Bank of Finland", "Coconut Associations of
 * the Philippines")? A company's legal form before "of the" names where the
 * company is from ("Dow Chemical Co of the United States"), and an adjective
 * after "of the" qualifies the next word ("Office of the Swiss cantonal
 * banks"). "of America" after any capitalised word ends a name ("United
 * Steelworkers of America", "Volkswagen of America"; all 50 such runs in
 * Reuters-21578, BBC News and AG News were names).
 */
static int after_institution_of(const entidx_tokens *toks, size_t i, int adjective)
{
    size_t of = i - 1;
    int the = i >= 3 && is_word(toks, of, "the") && toks->v[of].shape == ENTIDX_SHAPE_LOWER &&
              (toks->v[of].flags & ENTIDX_TOK_JOIN);
    if (the && adjective)
        return 0;
    of -= the;
    return of >= 1 && (toks->v[of + 1].flags & ENTIDX_TOK_JOIN) &&
           (toks->v[of].flags & ENTIDX_TOK_JOIN) && toks->v[of].shape == ENTIDX_SHAPE_LOWER &&
           is_word(toks, of, "of") && entidx__ctx_capitalised(toks->v[of - 1].shape) &&
           ((is_institution(toks, of - 1) && !(the && entidx__ctx_is_legal_form(toks, of - 1))) ||
            (!the && is_word(toks, i, "america")));
}

int entidx__ctx_country_in_other_name(const entidx_tokens *toks, const char *text, size_t i,
                                      size_t n, size_t prev_org_end, int adjective)
{
    size_t j = i + n;
    if (j < toks->n && (toks->v[j].flags & ENTIDX_TOK_JOIN) &&
        entidx__ctx_capitalised(toks->v[j].shape) && is_name_tail(toks, j) &&
        !title_in_run(toks, text, j))
        return 1;
    /* the cheap tests first: this runs for every country found */
    if (i >= 1 && entidx__ctx_capitalised(toks->v[i - 1].shape) &&
        (toks->v[i].flags & ENTIDX_TOK_JOIN) && is_name_head(toks, i - 1) && spaced(toks, text, i))
        return 1;
    if (i >= 2 && toks->v[i - 1].shape == ENTIDX_SHAPE_LOWER &&
        after_institution_of(toks, i, adjective))
        return 1;
    if (i >= 2 && (toks->v[i].flags & ENTIDX_TOK_JOIN) &&
        (toks->v[i - 1].flags & ENTIDX_TOK_JOIN) && entidx__ctx_capitalised(toks->v[i - 2].shape) &&
        ((toks->v[i - 1].shape == ENTIDX_SHAPE_LOWER &&
          (is_word(toks, i - 1, "in") || is_word(toks, i - 1, "for")) &&
          is_org_head(toks, i - 2)) ||
         is_name_particle(toks, i - 1)))
        return 1;
    return prev_org_end == i && (toks->v[i].flags & ENTIDX_TOK_JOIN);
}

/* Does text[from, to) end in a dash with a space on each side: " - ", " -- ", " — ", ") - "? */
static int ends_in_spaced_dash(const char *text, uint32_t from, uint32_t to)
{
    uint32_t b = to, a;
    while (b > from && text[b - 1] == ' ')
        b--;
    if (b == to)
        return 0;
    a = b;
    if (b - from >= 3 && (memcmp(text + b - 3, "\xe2\x80\x94", 3) == 0 ||
                          memcmp(text + b - 3, "\xe2\x80\x93", 3) == 0))
        a = b - 3;
    else
        for (; a > from && b - a < 2 && text[a - 1] == '-'; a--)
            ;
    return a < b && a > from && text[a - 1] == ' ';
}

/*
 * Does token k open a clause after token k - 1: a colon between them, an
 * opening quotation mark right before k after a space, or a dash with spaces
 * round it ("HANOI: Yesterday Vietnam", "He said: Yesterday", 'said "Given
 * Japan's', "FRANKFURT -- Hosts Germany", "(Reuters) - Upstarts Guatemala")?
 * Its capital is then a sentence's first word's.
 */
static int opens_clause(const entidx_tokens *toks, const char *text, size_t k)
{
    uint32_t from = toks->v[k - 1].end, to = toks->v[k].start;
    if (to <= from)
        return 0;
    if (memchr(text + from, ':', to - from) != NULL)
        return 1;
    if (to - from >= 2 && text[to - 1] == '"' && text[to - 2] == ' ')
        return 1;
    if (to - from >= 4 && memcmp(text + to - 4, " \xe2\x80\x9c", 4) == 0) /* " “" */
        return 1;
    return to - from >= 3 && ends_in_spaced_dash(text, from, to);
}

/*
 * Token k is capitalised, continues a name from k-1 and does not start a
 * sentence, a line or a clause.
 */
static int inner_capitalised(const entidx_tokens *toks, const char *text, size_t k)
{
    return k >= 1 && entidx__ctx_capitalised(toks->v[k].shape) &&
           toks->v[k].sentence == toks->v[k - 1].sentence && !line_break_before(toks, text, k) &&
           !opens_clause(toks, text, k);
}

#define LOWER_SCANS 8 /* questions answered by scanning the text, before collecting */

void entidx__ctx_lower_words_reset(entidx_lower_words *lw)
{
    entidx_dict_dispose(&lw->words);
    lw->built = 0;
    lw->scans = 0;
}

/*
 * Is token k's word written in lower case somewhere in the text? Then it is a
 * common word capitalised for style ("U.S. Dlrs", "U.K. Government"), not
 * part of a proper name. The first few questions of a text scan it; after
 * that its lower-case words are collected once, so a long text full of such
 * names costs linear time, not quadratic.
 */
static int lower_in_text(const entidx_tokens *toks, size_t k, entidx_lower_words *lw)
{
    const char *w = toks->norm.ptr + toks->v[k].norm_off;
    uint32_t len = toks->v[k].norm_len;
    if (!lw->built && ++lw->scans > LOWER_SCANS) {
        for (size_t m = 0; m < toks->n; m++) {
            uint32_t *slot;
            if (toks->v[m].shape == ENTIDX_SHAPE_LOWER &&
                entidx_dict_upsert(&lw->words, toks->norm.ptr + toks->v[m].norm_off,
                                   toks->v[m].norm_len, 1, &slot) < 0) {
                entidx_dict_dispose(&lw->words); /* out of memory: go on scanning */
                lw->scans = 0;
                break;
            }
        }
        lw->built = lw->scans > 0;
    }
    if (lw->built)
        return entidx_dict_get(&lw->words, w, len) != NULL;
    for (size_t m = 0; m < toks->n; m++) {
        /* one branch per token, rarely taken: its length, first byte and case at once */
        const entidx_token *v = &toks->v[m];
        if (((v->norm_len == len) & (toks->norm.ptr[v->norm_off] == w[0]) &
             (v->shape == ENTIDX_SHAPE_LOWER)) &&
            memcmp(toks->norm.ptr + v->norm_off, w, len) == 0)
            return 1;
    }
    return 0;
}

/*
 * Is the word w[0..len), of ASCII letters in lower case and digits only,
 * written as a whole word in p[0..n)?
 */
static int lower_word_in(const char *p, size_t n, const char *w, uint32_t len)
{
    const char *end = p + n, *at = p;
    while ((size_t)(end - at) >= len && (at = memchr(at, w[0], (size_t)(end - at) - len + 1))) {
        if ((at == p || !entidx__ctx_word_byte((unsigned char)at[-1])) && memcmp(at, w, len) == 0 &&
            (at + len == end || !entidx__ctx_word_byte((unsigned char)at[len])))
            return 1;
        at++;
    }
    return 0;
}

/*
 * Is token k's word written in lower case in the text (lower_in_text()) or in
 * one of the document's other texts (a headline's "Iran Says talks" beside
 * its article's "says")? Those are searched as bytes, for words of ASCII
 * letters and digits: they are not tokenized until their turn.
 */
static int lower_elsewhere(const entidx_tokens *toks, size_t k, entidx_lower_words *lw)
{
    const char *w = toks->norm.ptr + toks->v[k].norm_off;
    uint32_t len = toks->v[k].norm_len;
    if (lower_in_text(toks, k, lw))
        return 1;
    for (uint32_t b = 0; b < len; b++) {
        if (!((w[b] >= 'a' && w[b] <= 'z') || (w[b] >= '0' && w[b] <= '9')))
            return 0;
    }
    for (size_t m = 0; m < lw->n_others; m++) {
        if (lw->others[m].p != lw->self &&
            lower_word_in(lw->others[m].p, lw->others[m].len, w, len))
            return 1;
    }
    return 0;
}

/*
 * Does the text write the word of token p capitalised inside a sentence at
 * another token? Then a capitalised p at the start of its sentence or line is
 * a name there too ("Amoco Canada said ..." beside "a unit of Amoco Corp").
 */
static int capitalised_inside_elsewhere(const entidx_tokens *toks, const char *text, size_t p)
{
    const char *w = toks->norm.ptr + toks->v[p].norm_off;
    uint32_t len = toks->v[p].norm_len;
    for (size_t m = 1; m < toks->n; m++) {
        if (m != p && toks->v[m].norm_len == len &&
            memcmp(toks->norm.ptr + toks->v[m].norm_off, w, len) == 0 &&
            inner_capitalised(toks, text, m))
            return 1;
    }
    return 0;
}

/* Is token p, capitalised before a name, a word that does not make a name longer? */
static int no_name_word(const entidx_tokens *toks, size_t p, int is_country, entidx_lower_words *lw)
{
    uint32_t lists = WL_FUNCTION | WL_MONTH_DAY | WL_HONORIFIC | WL_TITLE |
                     (is_country ? WL_COUNTRY_QUALIFIER : 0);
    return in_list(toks, p, lists) || lower_elsewhere(toks, p, lw);
}

int entidx__ctx_institution_of(const entidx_tokens *toks, size_t i, size_t n)
{
    return n >= 3 && is_institution(toks, i) && toks->v[i + 1].shape == ENTIDX_SHAPE_LOWER &&
           is_word(toks, i + 1, "of");
}

/*
 * Is token p the last of a run of words in capitals that opens its line, and
 * token p + 1 not in capitals: a dateline before the article's first words
 * ("NEW YORK Iran 's foreign minister")?
 */
static int ends_capitals_dateline(const entidx_tokens *toks, const char *text, size_t p)
{
    if (toks->v[p].shape != ENTIDX_SHAPE_UPPER || toks->v[p + 1].shape == ENTIDX_SHAPE_UPPER)
        return 0;
    for (size_t k = p; k > 0 && !line_break_before(toks, text, k); k--) {
        if (toks->v[k - 1].shape != ENTIDX_SHAPE_UPPER || !spaced(toks, text, k))
            return 0;
    }
    return 1;
}

int entidx__ctx_name_word_before(const entidx_tokens *toks, const char *text, size_t i,
                                 int is_country, entidx_lower_words *lw)
{
    size_t p = i - 1;
    if (i < 1 || !entidx__ctx_capitalised(toks->v[p].shape) || !spaced_in_sentence(toks, text, i) ||
        !inner_capitalised(toks, text, p))
        return 0;
    return !no_name_word(toks, p, is_country, lw) && !ends_capitals_dateline(toks, text, p);
}

int entidx__ctx_name_word_opens_before(const entidx_tokens *toks, const char *text, size_t i,
                                       entidx_lower_words *lw)
{
    size_t p = i - 1;
    /* (in capitals, a word there is a dateline or a table's: "BAGHDAD US warplanes") */
    if (i < 1 ||
        (toks->v[p].shape != ENTIDX_SHAPE_TITLE && toks->v[p].shape != ENTIDX_SHAPE_MIXED) ||
        !spaced_in_sentence(toks, text, i) || inner_capitalised(toks, text, p))
        return 0;
    return !no_name_word(toks, p, 1, lw) && capitalised_inside_elsewhere(toks, text, p);
}

/*
 * Does the capitalised run from token j end, within four words, in an
 * organisation's head word ("Aluminium Federation", "Grain Commission")? Then
 * a country's name before it belongs to that name even when the text also
 * writes the run's words in lower case ("the Japan Aluminium Federation"
 * beside "aluminium"), and a possessive "People's" does not end the run
 * ("the Pakistan People's Party"). Not asked for an organisation's own name:
 * "Barclays Bank" is Barclays.
 */
static int run_ends_in_org_head(const entidx_tokens *toks, const char *text, size_t j)
{
    for (size_t k = j; k < toks->n && k < j + 4; k++) {
        int peoples = k > j && (toks->v[k - 1].flags & ENTIDX_TOK_POSSESSIVE) &&
                      is_word(toks, k - 1, "people") &&
                      toks->v[k].sentence == toks->v[k - 1].sentence;
        if (k > j && !peoples &&
            (!(toks->v[k].flags & ENTIDX_TOK_JOIN) ||
             (toks->v[k - 1].flags & ENTIDX_TOK_POSSESSIVE) || !spaced(toks, text, k)))
            return 0;
        if (k > j && !entidx__ctx_name_like(toks->v[k].shape))
            return 0;
        if (is_org_head(toks, k) || is_institution(toks, k))
            return 1;
    }
    return 0;
}

/* Words of a ministry's portfolio, before its head word ("Finance Ministry", "Central Bank"). */
static const char *const portfolios[] = {
    "affairs",        "agricultural", "agriculture", "air",         "central",  "commerce",
    "communications", "culture",      "defence",     "defense",     "economic", "economy",
    "economics",      "education",    "energy",      "environment", "federal",  "finance",
    "fisheries",      "foreign",      "health",      "home",        "industry", "information",
    "interior",       "justice",      "labor",       "labour",      "mines",    "oil",
    "petroleum",      "planning",     "trade",       "transport"};

static int is_portfolio(const entidx_tokens *toks, size_t i)
{
    return in_list(toks, i, WL_PORTFOLIO);
}

/* Is token k, after the run's first word j, the head word of a state's institution? */
static const char *const state_heads[] = {"army",    "cabinet",    "congress", "consulate",
                                          "embassy", "government", "govt",     "ministry",
                                          "navy",    "parliament", "senate",   "treasury"};

static int is_state_head(const entidx_tokens *toks, size_t j, size_t k)
{
    if (in_list(toks, k, WL_STATE_HEAD))
        return 1;
    return k > j && ((is_word(toks, k, "bank") && is_word(toks, k - 1, "central")) ||
                     (is_word(toks, k, "force") && is_word(toks, k - 1, "air")) ||
                     (is_word(toks, k, "office") &&
                      (is_word(toks, k - 1, "foreign") || is_word(toks, k - 1, "home"))));
}

/*
 * Does a capitalised word go on, at token e, the words before it (spaces
 * only between)? After an institution's head word it makes another name
 * ("the German Government Securities Fund").
 */
static int capital_goes_on(const entidx_tokens *toks, const char *text, size_t e)
{
    return e < toks->n && (toks->v[e].flags & ENTIDX_TOK_JOIN) &&
           entidx__ctx_capitalised(toks->v[e].shape) && spaced(toks, text, e);
}

/* Token k continues a run of capitalised words from k-1 (spaces, or a line feed of wrapping). */
static int run_goes_on(const entidx_tokens *toks, const char *text, size_t k)
{
    return k < toks->n && (toks->v[k].flags & ENTIDX_TOK_JOIN) &&
           !(toks->v[k - 1].flags & ENTIDX_TOK_POSSESSIVE) &&
           entidx__ctx_name_like(toks->v[k].shape) && spaced(toks, text, k);
}

static const char *const offices[] = {"code",         "court",     "day",       "department",
                                      "dept",         "exchange",  "force",     "minister",
                                      "ministers",    "ministry",  "office",    "organisation",
                                      "organization", "relations", "secretary", "tribunal"};

int entidx__ctx_portfolio_office(const entidx_tokens *toks, const char *text, size_t i, size_t n)
{
    size_t k = i + 1;
    return n == 1 && k < toks->n && (toks->v[k].flags & ENTIDX_TOK_JOIN) &&
           entidx__ctx_capitalised(toks->v[k].shape) && spaced(toks, text, k) &&
           is_portfolio(toks, i) && in_list(toks, k, WL_OFFICE);
}

int entidx__ctx_language_compound_after(const entidx_tokens *toks, const char *text, size_t j)
{
    return j < toks->n && j >= 1 && toks->v[j].start == toks->v[j - 1].end + 1 &&
           text[toks->v[j - 1].end] == '-' &&
           (is_word(toks, j, "speaking") || is_word(toks, j, "language"));
}

int entidx__ctx_state_institution_after(const entidx_tokens *toks, const char *text, size_t j)
{
    for (size_t k = j; k < j + 4 && run_goes_on(toks, text, k); k++) {
        if (is_state_head(toks, j, k)) {
            size_t e = k + 1;
            /* "Ministry of Finance", "Ministry of Foreign Affairs" */
            if (e < toks->n && toks->v[e].shape == ENTIDX_SHAPE_LOWER && is_word(toks, e, "of") &&
                (toks->v[e].flags & ENTIDX_TOK_JOIN) && spaced(toks, text, e) &&
                run_goes_on(toks, text, e + 1) && is_portfolio(toks, e + 1)) {
                for (e += 2; run_goes_on(toks, text, e) && is_portfolio(toks, e); e++)
                    ;
            }
            return !capital_goes_on(toks, text, e);
        }
        if (!is_portfolio(toks, k))
            return 0;
    }
    return 0;
}

/* Is token k (not the first) right after a comma and one space ("MADRID, Spain")? */
static int comma_before(const entidx_tokens *toks, const char *text, size_t k)
{
    size_t b = toks->v[k - 1].end;
    return toks->v[k].start == b + 2 && text[b] == ',' && text[b + 1] == ' ';
}

int entidx__ctx_government_after(const entidx_tokens *toks, const char *text, size_t j)
{
    size_t e = j + 1;
    /* (the words' lengths first: the question comes after every country) */
    if (j >= toks->n || (toks->v[j].norm_len != 10 && toks->v[j].norm_len != 4) ||
        !(is_word(toks, j, "government") || is_word(toks, j, "govt")) ||
        !run_goes_on(toks, text, j))
        return 0;
    /* "Govt." keeps its dot; no capitalised word after it ("Government Securities") */
    return !capital_goes_on(toks, text, e);
}

int entidx__ctx_dateline_country(const entidx_tokens *toks, const char *text, size_t i)
{
    size_t p;
    if (i < 1 || toks->v[i - 1].shape != ENTIDX_SHAPE_UPPER)
        return 0;
    if (!comma_before(toks, text, i))
        return 0;
    /* the city: tokens p to i - 1, in capitals, spaced, up to four */
    p = i - 1;
    while (p > 0 && i - p < 4 && toks->v[p - 1].shape == ENTIDX_SHAPE_UPPER &&
           (toks->v[p].flags & ENTIDX_TOK_JOIN) && spaced(toks, text, p))
        p--;
    /* it opens the text, the sentence or the line */
    return p == 0 || toks->v[p - 1].sentence != toks->v[p].sentence ||
           line_start(text, toks->v[p].start) >= toks->v[p - 1].end;
}

/*
 * Does token k go on the run of words before a legal form: joined by spaces,
 * after no possessive, capitalised or "plc", which is written in lower case
 * ("Barclays Bank plc")?
 */
static int legal_run_goes_on(const entidx_tokens *toks, const char *text, size_t k)
{
    return (toks->v[k].flags & ENTIDX_TOK_JOIN) &&
           !(toks->v[k - 1].flags & ENTIDX_TOK_POSSESSIVE) && spaced(toks, text, k) &&
           (entidx__ctx_capitalised(toks->v[k].shape) || is_word(toks, k, "plc"));
}

int entidx__ctx_name_words_after(const entidx_tokens *toks, const char *text, size_t i, size_t n,
                                 int is_org, size_t *legal_end, entidx_lower_words *lw)
{
    size_t j = i + n;
    if (j >= toks->n || !(toks->v[j].flags & ENTIDX_TOK_JOIN) ||
        (toks->v[j - 1].flags & ENTIDX_TOK_POSSESSIVE) ||
        !entidx__ctx_name_like(toks->v[j].shape) || toks->v[j].sentence != toks->v[i].sentence ||
        !spaced(toks, text, j))
        return ENTIDX_CTX_OWN;
    if (in_list(toks, j, WL_FUNCTION | WL_MONTH_DAY | WL_GROUP) || title_in_run(toks, text, j))
        return ENTIDX_CTX_OWN;
    /* a legal form ends the run: the organisation's longer name, even where the
       text also writes its words in lower case ("Nomura Research Institute Ltd"
       beside "research"); after "Co", "Ltd" too */
    for (size_t k = j; is_org && k < toks->n && k < j + 4; k++) {
        if (k > j && !legal_run_goes_on(toks, text, k))
            break;
        if (entidx__ctx_is_legal_form(toks, k)) {
            while (k + 1 < toks->n && legal_run_goes_on(toks, text, k + 1) &&
                   entidx__ctx_is_legal_form(toks, k + 1))
                k++;
            *legal_end = k + 1;
            return ENTIDX_CTX_EXTEND;
        }
    }
    if (lower_elsewhere(toks, j, lw) && (is_org || !run_ends_in_org_head(toks, text, j)))
        return ENTIDX_CTX_OWN;
    return ENTIDX_CTX_PART;
}

/* Is token i a middle initial: one capital letter, with or without a dot ("M.", "M")? */
static int is_initial(const entidx_tokens *toks, size_t i)
{
    return toks->v[i].norm_len == 1 && toks->v[i].shape == ENTIDX_SHAPE_UPPER;
}

int entidx__ctx_person_name_at(const entidx_tokens *toks, const char *text, size_t k)
{
    size_t p = k - 1;
    /* "David M. Holland": the word before the initial is the evidence */
    if (k >= 2 && is_initial(toks, p) && (toks->v[k].flags & ENTIDX_TOK_JOIN) &&
        toks->v[p].sentence == toks->v[k].sentence &&
        ((toks->v[k].start - toks->v[p].end == 1 && text[toks->v[p].end] == ' ') ||
         (toks->v[k].start - toks->v[p].end == 2 && text[toks->v[p].end] == '.' &&
          text[toks->v[p].end + 1] == ' ')))
        k = p--;
    if (k < 1 || !(toks->v[k].flags & ENTIDX_TOK_JOIN) ||
        toks->v[p].sentence != toks->v[k].sentence || !spaced(toks, text, k) ||
        !entidx__ctx_capitalised(toks->v[p].shape))
        return 0;
    return entidx__ctx_is_honorific(toks, p) || entidx__ctx_is_given_name(toks, p);
}

static const char *const personal_titles[] = {"dr", "messrs", "mme", "mr", "mrs", "ms"};

/*
 * US states' and Canadian provinces' abbreviations (AP style, with their
 * dots), folded: a dotted one loses its dots ("N.Y." is "ny"). Not the
 * two-letter postal codes, which are written without a dot and say less.
 */
static const char *const state_abbreviations[] = {
    "ala",  "alta", "ariz", "ark",  "bc",   "calif", "colo", "conn", "dc",   "del",  "fla",
    "ga",   "ill",  "ind",  "kan",  "kans", "ky",    "la",   "man",  "mass", "md",   "mich",
    "minn", "miss", "mo",   "mont", "nb",   "nc",    "nd",   "neb",  "nev",  "nfld", "nh",
    "nj",   "nm",   "ns",   "ny",   "okla", "ont",   "ore",  "pa",   "penn", "que",  "ri",
    "sask", "sc",   "sd",   "tenn", "tex",  "va",    "vt",   "wash", "wis",  "wisc", "wyo"};

int entidx__ctx_after_personal_title(const entidx_tokens *toks, const char *text, size_t k)
{
    size_t p = k - 1;
    uint32_t b;
    char first;
    if (k < 1 || !(toks->v[k].flags & ENTIDX_TOK_JOIN) || toks->v[p].norm_len > 6)
        return 0;
    /* most words before a name are no title: one byte says so */
    first = toks->norm.ptr[toks->v[p].norm_off];
    if ((first != 'd' && first != 'm') || toks->v[p].sentence != toks->v[k].sentence ||
        !in_list(toks, p, WL_PERSONAL_TITLE))
        return 0;
    /* "Mr" or "MR", not "mR"; "DR" in capitals is the Democratic Republic */
    if (toks->v[p].shape != ENTIDX_SHAPE_TITLE &&
        (toks->v[p].shape != ENTIDX_SHAPE_UPPER || is_word(toks, p, "dr")))
        return 0;
    /* the title's own dot, then spaces */
    b = toks->v[p].end;
    if (text[b] == '.')
        b++;
    if (b == toks->v[k].start)
        return 0;
    for (; b < toks->v[k].start; b++) {
        if (text[b] != ' ' && text[b] != '\t')
            return 0;
    }
    return 1;
}

int entidx__ctx_state_after_comma(const entidx_tokens *toks, const char *text, size_t len, size_t j)
{
    const entidx_token *st = &toks->v[j];
    if (j < 1 || j >= toks->n || !entidx__ctx_capitalised(st->shape) ||
        st->sentence != toks->v[j - 1].sentence || !comma_before(toks, text, j))
        return 0;
    /* its dot: the last of a dotted one ("N.Y."), or right after it ("Pa.") */
    if (text[st->end - 1] != '.' && (st->end >= len || text[st->end] != '.'))
        return 0;
    return in_list(toks, j, WL_STATE_ABBREVIATION);
}

/*
 * Verbs whose object a country's name may follow, opening the clause that
 * reports what was said ("told Reuters Japan is likely to", "assured
 * Reuters Brazil would").
 */
static const char *const telling_verbs[] = {"advised", "assured", "informed", "reminded",
                                            "tell",    "telling", "tells",    "told"};

/*
 * Relative and interrogative pronouns that an organisation's acronym may
 * spell ("WHO"); three or four letters (entidx__ctx_pronoun_in_capitals()
 * asks the length first).
 */
static const char *const pronouns[] = {"who", "whom"};

/*
 * Plural nouns of members of a body or of a faith or people, capitalised in
 * English, that follow a name without making a longer one: "Labour MPs",
 * "Bosnian Muslims", "Israeli Arabs", "Soviet Jews". In strcmp order.
 */
static const char *const group_nouns[] = {
    "arabs",   "buddhists",   "catholics", "christians", "croats",  "hindus", "jews",
    "kurds",   "meps",        "mks",       "mlas",       "moslems", "mps",    "msps",
    "muslims", "protestants", "serbs",     "shias",      "shiites", "sikhs",  "sunnis"};

/*
 * Words in capitals after which a word in capitals is a noun, the object of
 * a determiner, a preposition or a verb ("BY THE WHO", "IS WHO READY",
 * "MEETS WHO CHIEF"), not a pronoun.
 */
static const char *const before_object[] = {
    "a",     "about", "accuses", "against", "an",    "and",  "are",   "as",         "asks",
    "at",    "backs", "blames",  "by",      "calls", "can",  "could", "criticises", "criticizes",
    "did",   "does",  "for",     "from",    "had",   "has",  "have",  "in",         "into",
    "is",    "joins", "leaves",  "meets",   "of",    "on",   "or",    "praises",    "questions",
    "quits", "said",  "says",    "slams",   "sues",  "than", "the",   "to",         "urges",
    "via",   "warns", "was",     "were",    "will",  "with", "would"};

/*
 * Does token i open a question: the first word of its sentence, or after
 * punctuation, in a clause that ends in '?' (before any other punctuation
 * but closing quotes and brackets)?
 */
static int opens_question(const entidx_tokens *toks, const char *text, size_t len, size_t i)
{
    if (i >= 1 && toks->v[i - 1].sentence == toks->v[i].sentence) {
        int punct = 0;
        for (uint32_t at = toks->v[i - 1].end; at < toks->v[i].start; at++)
            punct |= !blank(text[at]) && !line_end(text[at]);
        if (!punct)
            return 0;
    }
    for (size_t k = i; k < toks->n && k < i + 40; k++) {
        uint32_t end = k + 1 < toks->n ? toks->v[k + 1].start : (uint32_t)len;
        for (uint32_t at = toks->v[k].end; at < end; at++) {
            char c = text[at];
            if (c == '?')
                return 1;
            if (c != '"' && c != '\'' && c != ')' && c != ']' && !blank(c) && !line_end(c))
                return 0;
        }
        if (k + 1 < toks->n && toks->v[k + 1].sentence != toks->v[i].sentence)
            return 0;
    }
    return 0;
}

int entidx__ctx_pronoun_in_capitals(const entidx_tokens *toks, const char *text, size_t len,
                                    size_t i, size_t n)
{
    const entidx_token *t = &toks->v[i];
    size_t j = i + 1;
    /* (the length first: most words in capitals are no "who" or "whom") */
    if (n != 1 || t->shape != ENTIDX_SHAPE_UPPER || t->norm_len < 3 || t->norm_len > 4 ||
        (t->flags & ENTIDX_TOK_POSSESSIVE) || !in_list(toks, i, WL_PRONOUN) || j >= toks->n ||
        toks->v[j].sentence != t->sentence || !spaced(toks, text, j))
        return 0;
    /* (after a word in lower case it may as well be a verb's object: "met WHO officials") */
    if (i >= 1 && toks->v[i - 1].sentence == t->sentence && spaced(toks, text, i) &&
        toks->v[i - 1].shape == ENTIDX_SHAPE_UPPER && toks->v[j].shape == ENTIDX_SHAPE_UPPER &&
        !in_list(toks, i - 1, WL_BEFORE_OBJECT | WL_TELLING))
        return 1;
    return opens_question(toks, text, len, i);
}

int entidx__ctx_told_before(const entidx_tokens *toks, size_t i)
{
    return i >= 1 && toks->v[i - 1].shape == ENTIDX_SHAPE_LOWER &&
           toks->v[i - 1].sentence == toks->v[i].sentence && in_list(toks, i - 1, WL_TELLING);
}

int entidx__ctx_company_word_before(const entidx_tokens *toks, const char *text, size_t i)
{
    size_t p = i - 1;
    if (!spaced_in_sentence(toks, text, i) || !entidx__ctx_capitalised(toks->v[p].shape) ||
        in_list(toks, p, WL_COUNTRY_QUALIFIER | WL_FUNCTION))
        return 0;
    /* the first word of its run: "BBC News US policy" has no "News US" */
    return p == 0 || !(toks->v[p].flags & ENTIDX_TOK_JOIN) ||
           toks->v[p - 1].sentence != toks->v[p].sentence ||
           !entidx__ctx_capitalised(toks->v[p - 1].shape) || !spaced(toks, text, p);
}

int entidx__ctx_numbered_label(const entidx_tokens *toks, const char *text, size_t len, size_t i,
                               size_t n)
{
    const entidx_token *t = &toks->v[i];
    size_t at = t->end;
    if (n != 1 || (t->shape != ENTIDX_SHAPE_UPPER && t->shape != ENTIDX_SHAPE_MIXED))
        return 0;
    at += at < len && text[at] == ' ';
    if (at >= len || text[at] != '#')
        return 0;
    at++;
    at += at < len && text[at] == ' ';
    return at < len && text[at] >= '0' && text[at] <= '9';
}

/* May byte c be part of a run of encoded data: ASCII, not blank, not a line's end? */
static int data_byte(char c)
{
    return (unsigned char)c < 0x80 && !blank(c) && !line_end(c);
}

#define DATA_RUN_MIN 40 /* bytes: no prose runs this long without a space */
#define UU_LINE_LEN  61 /* a full uuencoded line: 'M' (45 bytes) and 60 characters */
#define UU_PUNCT_MIN 12 /* of those 60: about 25 in encoded data, 0-4 in a headline */

/* May byte c be a character of uuencoded text, from ' ' to '`' (no lower case)? */
static int uu_byte(char c)
{
    return (unsigned char)c >= 0x20 && (unsigned char)c <= 0x60;
}

/*
 * Is token i on a full uuencoded line: 'M' at the line's start and 60 bytes
 * from ' ' to '`' (spaces encode zero bits), UU_PUNCT_MIN or more of them
 * punctuation? A headline in capitals of that length has a handful. A token
 * with a blank or a line's end on each side is not looked at: that spares
 * the look at most words in capitals, and in encoded data few are so (2 of
 * the 195 words matched on such lines of 20 Newsgroups).
 */
static int uuencoded_line(const entidx_tokens *toks, const char *text, size_t len, size_t i)
{
    size_t a = toks->v[i].start, b = toks->v[i].end, k, punct = 0;
    /* (most tokens: a lower-case letter in the word, or blanks on both sides,
       which encoded data seldom has) */
    if (toks->v[i].shape != ENTIDX_SHAPE_UPPER && toks->v[i].shape != ENTIDX_SHAPE_NONE)
        return 0;
    if ((a == 0 || blank(text[a - 1]) || line_end(text[a - 1])) &&
        (b == len || blank(text[b]) || line_end(text[b])))
        return 0;
    for (k = a; k < b; k++) {
        if (!uu_byte(text[k]))
            return 0;
    }
    while (a > 0 && uu_byte(text[a - 1]) && b - a <= UU_LINE_LEN)
        a--;
    while (b < len && uu_byte(text[b]) && b - a <= UU_LINE_LEN)
        b++;
    if (b - a != UU_LINE_LEN || text[a] != 'M' || (a > 0 && !line_end(text[a - 1])) ||
        (b < len && !line_end(text[b])))
        return 0;
    for (k = a + 1; k < b; k++)
        punct += text[k] != ' ' && !entidx__ctx_word_byte(text[k]);
    return punct >= UU_PUNCT_MIN;
}

int entidx__ctx_data_line(const entidx_tokens *toks, const char *text, size_t len, size_t i)
{
    size_t a = toks->v[i].start, b = toks->v[i].end, k;
    if (uuencoded_line(toks, text, len, i))
        return 1;
    /* (most tokens: a blank before it, and a word before that on the line) */
    if (a >= 2 && blank(text[a - 1]) && !blank(text[a - 2]) && !line_end(text[a - 2]))
        return 0;
    /* the run of bytes around the token up to a blank or a line's end; ASCII only */
    while (a > 0 && data_byte(text[a - 1]))
        a--;
    while (b < len && data_byte(text[b]))
        b++;
    if (b - a < DATA_RUN_MIN)
        return 0;
    /* ... which must be the whole line, but for blanks before and after it, and
       no table's row with dot leaders ("KUWAIT..........18.51......18.33") */
    for (k = a; k + 2 < b; k++) {
        if (text[k] == '.' && text[k + 1] == '.' && text[k + 2] == '.')
            return 0;
    }
    for (k = a; k > 0 && blank(text[k - 1]); k--)
        ;
    if (k > 0 && !line_end(text[k - 1]))
        return 0;
    for (k = b; k < len && blank(text[k]); k++)
        ;
    return k == len || line_end(text[k]);
}

int entidx__ctx_ticker(const entidx_tokens *toks, const char *text, size_t len, size_t i, size_t n)
{
    const entidx_token *t = &toks->v[i];
    /* ("<ANZA.S>" is one token: the tokenizer joins a dot to the letter after it) */
    return n == 1 && t->start > 0 && text[t->start - 1] == '<' && t->end < len &&
           text[t->end] == '>' && (t->shape == ENTIDX_SHAPE_UPPER || t->shape == ENTIDX_SHAPE_NONE);
}

/* The byte after position `at`, skipping spaces and tabs forward, or -1. */
static int next_byte(const char *text, size_t len, size_t at)
{
    while (at < len && blank(text[at]))
        at++;
    return at < len ? (unsigned char)text[at] : -1;
}

/* The byte before position `at`, skipping spaces and tabs backward, or -1. */
static int prev_byte(const char *text, size_t at)
{
    while (at > 0 && blank(text[at - 1]))
        at--;
    return at > 0 ? (unsigned char)text[at - 1] : -1;
}

/*
 * Is text[start, end) a whole number of one to three digits, not followed by
 * a decimal point or thousands separator ("11,424.64", "2.5")?
 */
static int small_whole_number(const char *text, size_t len, size_t start, size_t end)
{
    if (end - start > 3)
        return 0;
    for (size_t k = start; k < end; k++) {
        if (text[k] < '0' || text[k] > '9')
            return 0;
    }
    return !(end + 1 < len && (text[end] == '.' || text[end] == ',') && text[end + 1] >= '0' &&
             text[end + 1] <= '9');
}

int entidx__ctx_table_slot(const entidx_tokens *toks, const char *text, size_t len, size_t a,
                           size_t b)
{
    /* (the shape first: spaced() may read a line or two) */
    if (a > 0 && entidx__ctx_capitalised(toks->v[a - 1].shape) && spaced(toks, text, a))
        return ENTIDX_SLOT_NONE; /* not the whole run */
    if (b < toks->n && toks->v[b].shape == ENTIDX_SHAPE_NONE && spaced(toks, text, b) &&
        small_whole_number(text, len, toks->v[b].start, toks->v[b].end)) {
        /* a row ("Monaco 3 1 1 1"), a second team ("Guingamp 2 Monaco 1"), after ") " */
        int before = prev_byte(text, toks->v[a].start);
        size_t at = toks->v[a].start;
        while (at > 0 && blank(text[at - 1]))
            at--;
        if (before == -1 || before == '\n' || before == ')' || (before >= '0' && before <= '9') ||
            (before == '.' && at >= 2 && text[at - 2] >= '0' && text[at - 2] <= '9'))
            return ENTIDX_SLOT_SCORE; /* ... or after a rank: "5. Jordan 15" */
    }
    if (prev_byte(text, toks->v[a].start) == '(' && next_byte(text, len, toks->v[b - 1].end) == ')')
        return ENTIDX_SLOT_PAREN;
    return ENTIDX_SLOT_NONE;
}

/* The lists, each with its bit. */
static const entidx_word_list rule_lists[] = {
    {honorifics, ENTIDX_ARRAY_SIZE(honorifics), WL_HONORIFIC},
    {legal_forms, ENTIDX_ARRAY_SIZE(legal_forms), WL_LEGAL_FORM},
    {company_forms, ENTIDX_ARRAY_SIZE(company_forms), WL_COMPANY_FORM},
    {function_words, ENTIDX_ARRAY_SIZE(function_words), WL_FUNCTION},
    {months_and_days, ENTIDX_ARRAY_SIZE(months_and_days), WL_MONTH_DAY},
    {country_qualifiers, ENTIDX_ARRAY_SIZE(country_qualifiers), WL_COUNTRY_QUALIFIER},
    {title_words, ENTIDX_ARRAY_SIZE(title_words), WL_TITLE},
    {name_tails, ENTIDX_ARRAY_SIZE(name_tails), WL_NAME_TAIL},
    {name_heads, ENTIDX_ARRAY_SIZE(name_heads), WL_NAME_HEAD},
    {institutions, ENTIDX_ARRAY_SIZE(institutions), WL_INSTITUTION},
    {org_heads, ENTIDX_ARRAY_SIZE(org_heads), WL_ORG_HEAD},
    {name_particles, ENTIDX_ARRAY_SIZE(name_particles), WL_NAME_PARTICLE},
    {title_case_small_words, ENTIDX_ARRAY_SIZE(title_case_small_words), WL_TITLE_CASE_SMALL},
    {given_names, ENTIDX_ARRAY_SIZE(given_names), WL_GIVEN_NAME},
    {portfolios, ENTIDX_ARRAY_SIZE(portfolios), WL_PORTFOLIO},
    {state_heads, ENTIDX_ARRAY_SIZE(state_heads), WL_STATE_HEAD},
    {offices, ENTIDX_ARRAY_SIZE(offices), WL_OFFICE},
    {personal_titles, ENTIDX_ARRAY_SIZE(personal_titles), WL_PERSONAL_TITLE},
    {state_abbreviations, ENTIDX_ARRAY_SIZE(state_abbreviations), WL_STATE_ABBREVIATION},
    {telling_verbs, ENTIDX_ARRAY_SIZE(telling_verbs), WL_TELLING},
    {pronouns, ENTIDX_ARRAY_SIZE(pronouns), WL_PRONOUN},
    {before_object, ENTIDX_ARRAY_SIZE(before_object), WL_BEFORE_OBJECT},
    {group_nouns, ENTIDX_ARRAY_SIZE(group_nouns), WL_GROUP},
};

/* (so entidx_word_table_build() cannot fail) */
_Static_assert(ENTIDX_ARRAY_SIZE(honorifics) + ENTIDX_ARRAY_SIZE(legal_forms) +
                       ENTIDX_ARRAY_SIZE(company_forms) + ENTIDX_ARRAY_SIZE(function_words) +
                       ENTIDX_ARRAY_SIZE(months_and_days) + ENTIDX_ARRAY_SIZE(country_qualifiers) +
                       ENTIDX_ARRAY_SIZE(title_words) + ENTIDX_ARRAY_SIZE(name_tails) +
                       ENTIDX_ARRAY_SIZE(name_heads) + ENTIDX_ARRAY_SIZE(institutions) +
                       ENTIDX_ARRAY_SIZE(org_heads) + ENTIDX_ARRAY_SIZE(name_particles) +
                       ENTIDX_ARRAY_SIZE(title_case_small_words) + ENTIDX_ARRAY_SIZE(given_names) +
                       ENTIDX_ARRAY_SIZE(portfolios) + ENTIDX_ARRAY_SIZE(state_heads) +
                       ENTIDX_ARRAY_SIZE(offices) + ENTIDX_ARRAY_SIZE(personal_titles) +
                       ENTIDX_ARRAY_SIZE(state_abbreviations) + ENTIDX_ARRAY_SIZE(telling_verbs) +
                       ENTIDX_ARRAY_SIZE(pronouns) + ENTIDX_ARRAY_SIZE(before_object) +
                       ENTIDX_ARRAY_SIZE(group_nouns) <=
                   ENTIDX_WORD_TABLE_MAX,
               "the rule word lists outgrow ENTIDX_WORD_TABLE_MAX");

static entidx_word_table rule_table;
static atomic_int rule_table_ready;
static pthread_once_t rule_table_once = PTHREAD_ONCE_INIT;

static void build_rule_table(void)
{
    (void)entidx_word_table_build(&rule_table, rule_lists, ENTIDX_ARRAY_SIZE(rule_lists));
    atomic_store_explicit(&rule_table_ready, 1, memory_order_release);
}

/* The table of the lists, built by the first caller (threads may race to it). */
static const entidx_word_table *rule_words(void)
{
    if (!atomic_load_explicit(&rule_table_ready, memory_order_acquire))
        pthread_once(&rule_table_once, build_rule_table);
    return &rule_table;
}
