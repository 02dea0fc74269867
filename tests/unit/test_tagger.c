/* SPDX-License-Identifier: MIT */
/*
 * test_tagger.c - tests for src/lib/tagger.c: whole tokens, multi-word names,
 * leftmost-longest and all-overlaps, case rules, possessives, offsets.
 */
#include "test_support.h"
#include "alloc.h"
#include "buf.h"

static const char gaz[] = "id\ttype\tname\taliases\n"
                          "NER\tCOUNTRY\tNiger\t\n"
                          "NGA\tCOUNTRY\tNigeria\t\n"
                          "OMN\tCOUNTRY\tOman\t\n"
                          "KOR\tCOUNTRY\tSouth Korea\tRepublic of Korea\n"
                          "KOR_ANY\tREGION\tKorea\t\n"
                          "NZL\tCOUNTRY\tNew Zealand\t\n"
                          "USA\tCOUNTRY\tUnited States\tUS|U.S.\n"
                          "DEU\tCOUNTRY\tGermany\t\n"
                          "WHO\tORG\tWorld Health Organization\tWHO\n"
                          "HUAWEI\tORG\tHuawei\t\n"
                          "CIV\tCOUNTRY\tCôte d'Ivoire\tCote d'Ivoire\n"
                          "ATT\tORG\tAT&T\t\n"
                          "BIDEN\tPERSON\tJoseph R. Biden\t\n";

typedef struct found {
    char text[8][64];
    char id[8][16];
    size_t start[8];
    unsigned evidence[8];
    size_t n;
    const entidx_gazetteer *gz;
    const char *src;
} found;

static int record(const entidx_mention *m, void *payload)
{
    found *f = payload;
    entidx_entity e;
    if (f->n == 8)
        return 0;
    entidx_gazetteer_entity(f->gz, m->entity, &e);
    snprintf(f->id[f->n], sizeof(f->id[0]), "%s", e.id);
    snprintf(f->text[f->n], sizeof(f->text[0]), "%.*s", (int)(m->end - m->start),
             f->src + m->start);
    f->start[f->n] = m->start;
    f->evidence[f->n] = m->evidence;
    f->n++;
    return 0;
}

/* Tag text as one document with opts, each callback to cb with a `found`. */
static found scan_with(entidx_gazetteer *g, const entidx_tagger_opts *opts, entidx_mention_cb cb,
                       const char *text)
{
    entidx_tagger *t = NULL;
    found f;
    memset(&f, 0, sizeof(f));
    f.gz = g;
    f.src = text;
    assert_int_equal(entidx_tagger_new(&t, g, opts, NULL), ENTIDX_OK);
    assert_int_equal(entidx_tagger_scan(t, text, strlen(text), cb, &f, NULL), ENTIDX_OK);
    entidx_tagger_free(t);
    return f;
}

static found scan(entidx_gazetteer *g, entidx_overlaps mode, const char *text)
{
    entidx_tagger_opts opts = ENTIDX_TAGGER_OPTS_INIT;
    opts.overlaps = mode;
    return scan_with(g, &opts, record, text);
}

/* Expect exactly the listed "ID=surface" mentions, in order. */
static void expect(const char *text, const char *const *want, size_t n_want)
{
    entidx_gazetteer *g = ts_gazetteer(gaz);
    found f = scan(g, ENTIDX_OVERLAPS_LONGEST, text);
    if (f.n != n_want)
        fail_msg("'%s': %zu mentions, expected %zu (first: %s)", text, f.n, n_want,
                 f.n ? f.text[0] : "-");
    for (size_t i = 0; i < n_want; i++) {
        char got[128];
        snprintf(got, sizeof(got), "%.15s=%.63s", f.id[i], f.text[i]);
        if (strcmp(got, want[i]) != 0)
            fail_msg("'%s': mention %zu is '%s', expected '%s'", text, i, got, want[i]);
    }
    entidx_gazetteer_free(g);
}

#define EXPECT(text, ...)                              \
    do {                                               \
        static const char *const w_[] = {__VA_ARGS__}; \
        expect(text, w_, sizeof(w_) / sizeof(w_[0]));  \
    } while (0)
#define EXPECT_NONE(text) expect(text, NULL, 0)

static void test_tagger_matches_whole_tokens_only(void **state)
{
    (void)state;
    EXPECT("Nigeria and Niger", "NGA=Nigeria", "NER=Niger");
    EXPECT_NONE("Romania and Nigerian troops");
    EXPECT("Oman, not Romania.", "OMN=Oman");
}

static void test_tagger_prefers_leftmost_longest(void **state)
{
    (void)state;
    EXPECT("South Korea and Korea", "KOR=South Korea", "KOR_ANY=Korea");
    EXPECT("the Republic of Korea said", "KOR=Republic of Korea");
    EXPECT_NONE("the Republic of France");
}

static void test_tagger_reports_all_overlaps_on_request(void **state)
{
    entidx_gazetteer *g = ts_gazetteer(gaz);
    found f = scan(g, ENTIDX_OVERLAPS_ALL, "South Korea");
    (void)state;
    assert_int_equal(f.n, 2);
    assert_string_equal(f.id[0], "KOR");
    assert_string_equal(f.id[1], "KOR_ANY");
    assert_int_equal(f.start[1], 6);
    entidx_gazetteer_free(g);
}

static void test_tagger_spans_line_breaks_but_not_punctuation(void **state)
{
    (void)state;
    EXPECT("in New\nZealand today", "NZL=New\nZealand");
    EXPECT("in New  \r\n  Zealand", "NZL=New  \r\n  Zealand");
    EXPECT_NONE("New, Zealand");
    EXPECT("Joseph R. Biden spoke", "BIDEN=Joseph R. Biden");
}

static void test_tagger_applies_case_rules(void **state)
{
    (void)state;
    EXPECT_NONE("let us go; who knows");
    EXPECT("US and U.S. and WHO", "USA=US", "USA=U.S.", "WHO=WHO");
    EXPECT("GERMANY AND THE UNITED STATES", "DEU=GERMANY", "USA=UNITED STATES");
    EXPECT_NONE("germany");
    EXPECT("World Health Organization", "WHO=World Health Organization");
}

static void test_tagger_handles_possessives_and_hyphens(void **state)
{
    (void)state;
    EXPECT("Germany's plan and Huawei\xe2\x80\x99s phones", "DEU=Germany", "HUAWEI=Huawei");
    EXPECT("a US-led, Huawei-made network", "USA=US", "HUAWEI=Huawei");
    EXPECT("in the U.S.", "USA=U.S.");
}

/* Names with a possessive inside match across it, however far into the name (16 tokens). */
static void test_tagger_matches_possessives_inside_long_names(void **state)
{
    static const char long_names[] =
        "id\ttype\tname\taliases\n"
        "L15\tORG\tAa Bb Cc Dd Ee Ff Gg Hh Ii's Kk Ll Mm Nn Oo Pp\t\n"
        "L16\tORG\tAa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo's Qq\t\n";
    entidx_gazetteer *g = ts_gazetteer(long_names);
    found f =
        scan(g, ENTIDX_OVERLAPS_LONGEST, "x Aa Bb Cc Dd Ee Ff Gg Hh Ii's Kk Ll Mm Nn Oo Pp x");
    (void)state;
    assert_int_equal(f.n, 1);
    assert_string_equal(f.id[0], "L15");
    f = scan(g, ENTIDX_OVERLAPS_LONGEST, "x Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo's Qq x");
    assert_int_equal(f.n, 1);
    assert_string_equal(f.id[0], "L16");
    /* a possessive the name does not have ends it */
    f = scan(g, ENTIDX_OVERLAPS_LONGEST, "x Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj's Kk Ll Mm Nn Oo's Qq x");
    assert_int_equal(f.n, 0);
    entidx_gazetteer_free(g);
}

static void test_tagger_folds_accents_and_keeps_punctuation_inside_names(void **state)
{
    (void)state;
    EXPECT("C\xc3\x94TE D'IVOIRE and Cote d\xe2\x80\x99Ivoire", "CIV=C\xc3\x94TE D'IVOIRE",
           "CIV=Cote d\xe2\x80\x99Ivoire");
    EXPECT("AT&T and AT & T", "ATT=AT&T");
}

static void test_tagger_survives_invalid_utf8(void **state)
{
    (void)state;
    EXPECT("\xff\xfeGermany\xc3 \xe2\x82Niger\x80", "DEU=Germany", "NER=Niger");
}

typedef struct sentences {
    uint32_t s[16];
    size_t n;
} sentences;

static int record_sentence(const entidx_mention *m, void *payload)
{
    sentences *r = payload;
    if (r->n < 16)
        r->s[r->n++] = m->sentence;
    return 0;
}

static void test_tagger_numbers_sentences(void **state)
{
    static const char text[] =
        "Mr. Lee of Niger met Dr. Ng of Oman in Jan. 2020 in the U.S. Then Germany spoke. "
        "Niger? Oman! Huawei said. the U.S. and Acme Corp. Niger\n\nGermany\n"
        "Joseph R. Biden and U.S. officials.";
    entidx_gazetteer *g = ts_gazetteer(gaz);
    entidx_tagger *t = NULL;
    sentences r = {{0}, 0};
    static const uint32_t want[] = {0, 0, 0, 1, 2, 3, 4, 4, 4, 5, 5, 5};
    (void)state;

    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    assert_int_equal(entidx_tagger_scan(t, text, strlen(text), record_sentence, &r, NULL),
                     ENTIDX_OK);
    /* Niger Oman U.S. | Germany | Niger | Oman | Huawei U.S. Niger | Germany Biden U.S.
       ("Then" after "U.S." starts a sentence) */
    assert_int_equal(r.n, 12);
    for (size_t i = 0; i < r.n; i++) {
        if (r.s[i] != want[i])
            fail_msg("mention %zu is in sentence %u, expected %u", i, (unsigned)r.s[i],
                     (unsigned)want[i]);
    }
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

/*
 * The scanner skips the dictionary for lower-case and digit words that no
 * alias lets start a name, and for lower-case second words that no alias
 * lets follow its first; these aliases do let them, and must still match
 * (with many other aliases around, so the skip filters have bits set).
 */
static void test_tagger_lower_case_first_words_still_match(void **state)
{
    char tsv[16384];
    size_t used = (size_t)snprintf(tsv, sizeof(tsv),
                                   "id\ttype\tname\taliases\n"
                                   "EBAY\tORG\teBay\t\n"
                                   "DEBEERS\tORG\tde Beers\t\n"
                                   "SEVEN\tORG\t7-Eleven\t\n"
                                   "ACME\tORG\tAcme\tacme widgets{anycase}\n"
                                   "ZEBRA\tORG\tZebra Corporation\tZebracorp{anycase}\n"
                                   "WSJ\tORG\tThe Wall Street Journal\t"
                                   "Wall Street Journal{anycase}\n"
                                   "DEU\tCOUNTRY\tGermany\t\n");
    entidx_gazetteer *g;
    found f;
    (void)state;
    for (int i = 0; i < 300; i++)
        used +=
            (size_t)snprintf(tsv + used, sizeof(tsv) - used, "N%d\tORG\tName%d Holdings\t\n", i, i);
    g = ts_gazetteer(tsv);
    f = scan(g, ENTIDX_OVERLAPS_LONGEST,
             "shares of eBay, de Beers and 7-Eleven rose; acme widgets, zebracorp and germany "
             "did not; Wall street journal");
    assert_int_equal(f.n, 6);
    assert_string_equal(f.text[0], "eBay");
    assert_string_equal(f.text[1], "de Beers");
    assert_string_equal(f.text[2], "7-Eleven");
    assert_string_equal(f.text[3], "acme widgets");
    assert_string_equal(f.id[3], "ACME");
    assert_string_equal(f.text[4], "zebracorp");
    /* a lower-case second word, allowed by the rule of an alias that writes it capitalised */
    assert_string_equal(f.text[5], "Wall street journal");
    f = scan(g, ENTIDX_OVERLAPS_ALL, "ebay de beers Name7 holdings");
    assert_int_equal(f.n, 0); /* written in lower case: "ebay" is not "eBay" */
    entidx_gazetteer_free(g);
}

/*
 * The scanner also skips a word that names no alias alone when it and the
 * next word start no longer name. Names must still match after such words,
 * and a word that starts a longer name and is a name itself (a later row)
 * matches alone.
 */
static void test_tagger_first_words_of_longer_names_still_match(void **state)
{
    entidx_gazetteer *g = ts_gazetteer("id\ttype\tname\taliases\n"
                                       "PER\tPERSON\tJohn Smith\t\n"
                                       "BOE\tORG\tBank of England\t\n"
                                       "BANK\tORG\tBank\t\n");
    found f;
    (void)state;
    f = scan(g, ENTIDX_OVERLAPS_LONGEST,
             "John. Smith said the Bank of England and John Smith met. Bank shares fell");
    assert_int_equal(f.n, 3);
    assert_string_equal(f.text[0], "Bank of England");
    assert_string_equal(f.text[1], "John Smith");
    assert_string_equal(f.text[2], "Bank");
    assert_string_equal(f.id[2], "BANK");
    entidx_gazetteer_free(g);
}

static void test_tagger_names_do_not_span_a_sentence_end(void **state)
{
    (void)state;
    EXPECT_NONE("in New. Zealand");
}

static const char people[] = "id\ttype\tname\taliases\tcountry\n"
                             "MERKEL\tPERSON\tAngela Merkel\tAngela Dorothea Merkel\tDEU\n"
                             "BJ\tPERSON\tBoris Johnson\t\tGBR\n"
                             "LBJ\tPERSON\tLyndon Johnson\t\tUSA\n"
                             "MJ\tPERSON\tMichael Jordan\t\tUSA\n"
                             "JOR\tCOUNTRY\tJordan\t\t\n"
                             "XI\tPERSON\tXi Jinping\t\tCHN\n"
                             "VDL\tPERSON\tUrsula von der Leyen\t\tDEU\n";

/* All mentions of text as "ID=surface ..." (a new document per call to this helper). */
static void expect_people(const char *text, const char *want)
{
    entidx_gazetteer *g = ts_gazetteer(people);
    found f = scan(g, ENTIDX_OVERLAPS_LONGEST, text);
    char got[512] = "";
    for (size_t i = 0; i < f.n; i++) {
        size_t used = strlen(got);
        snprintf(got + used, sizeof(got) - used, "%s%s=%s", i ? " " : "", f.id[i], f.text[i]);
    }
    if (strcmp(got, want) != 0)
        fail_msg("'%s': got '%s', expected '%s'", text, got, want);
    entidx_gazetteer_free(g);
}

static void test_tagger_resolves_surnames_after_a_full_name(void **state)
{
    (void)state;
    expect_people("Angela Merkel spoke. Later Merkel's aides and MERKEL herself; merkel no.",
                  "MERKEL=Angela Merkel MERKEL=Merkel MERKEL=MERKEL");
    /* only after the full name */
    expect_people("Merkel arrived. Angela Merkel spoke.", "MERKEL=Angela Merkel");
    /* two people with the surname in one document: nobody gets it */
    expect_people("Boris Johnson met Lyndon Johnson. Johnson said.",
                  "BJ=Boris Johnson LBJ=Lyndon Johnson");
    /* a surname that is another entity's alias stays that entity's */
    expect_people("Michael Jordan visited Jordan.", "MJ=Michael Jordan JOR=Jordan");
    /* family name first, and titles before the surname */
    expect_people("Xi Jinping met Ursula von der Leyen. Mr Xi told von der Leyen so.",
                  "XI=Xi Jinping VDL=Ursula von der Leyen XI=Xi VDL=von der Leyen");
    /* not another person's: after a given name, also where it opens the sentence */
    expect_people("Boris Johnson spoke. Eddie Johnson agreed. Yesterday Johnson left.",
                  "BJ=Boris Johnson BJ=Johnson");
}

/*
 * Words that name_context() gives to a longer name are skipped, but not a
 * name that starts among them and goes on past them.
 */
static void test_tagger_resumes_inside_words_of_a_longer_name(void **state)
{
    static const char dom[] = "id\ttype\tname\taliases\n"
                              "DOM\tCOUNTRY\tDominican Republic\tThe Dominican\n";
    static const char *const texts[] = {"The Dominican Republic voted.",
                                        "In 1996 The Dominican Republic voted.",
                                        "The Dominican Herald said so."};
    static const size_t want_start[] = {4, 12, 0};
    static const size_t want_n[] = {1, 1, 0};
    entidx_gazetteer *g = ts_gazetteer(dom);
    (void)state;
    for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
        found f = scan(g, ENTIDX_OVERLAPS_LONGEST, texts[k]);
        assert_int_equal(f.n, want_n[k]);
        if (f.n == 1) {
            assert_string_equal(f.text[0], "Dominican Republic");
            assert_int_equal(f.start[0], want_start[k]);
        }
    }
    entidx_gazetteer_free(g);
}

static void test_tagger_surnames_last_for_one_document(void **state)
{
    entidx_gazetteer *g = ts_gazetteer(people);
    entidx_tagger *t = NULL;
    found f;
    (void)state;

    memset(&f, 0, sizeof(f));
    f.gz = g;
    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    f.src = "Angela Merkel";
    assert_int_equal(entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL), ENTIDX_OK);
    f.src = "Merkel said";
    assert_int_equal(entidx_tagger_scan_continue(t, f.src, strlen(f.src), record, &f, NULL),
                     ENTIDX_OK);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.text[1], "Merkel");
    /* a new document forgets */
    assert_int_equal(entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL), ENTIDX_OK);
    assert_int_equal(f.n, 2);
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

static const char cued[] = "id\ttype\tname\taliases\tcues\n"
                           "GEO\tCOUNTRY\tGeorgia{cued}\tGeorgian{demonym}\t"
                           "Tbilisi|Georgian|Soviet|Caucasus\n"
                           "RUS\tCOUNTRY\tRussia\t\t\n";

static const char parties[] = "id\ttype\tname\taliases\tcues\n"
                              "GBR_LAB\tORG\tLabour Party{cued}\t\tLondon|Blair\n"
                              "ISR_LAB\tORG\tLabour Party{cued}\t\tPeres|Israel\n"
                              "ISR\tCOUNTRY\tIsrael\t\t\n";
/* cue words that share their first letter, counted alike (doc_cues() looks for them at once) */
static const char parties_by_count[] = "id\ttype\tname\taliases\tcues\n"
                                       "NOR_LAB\tORG\tLabour Party{cued}\t\tNorway|Oslo|Norwegian\n"
                                       "ISR_LAB\tORG\tLabour Party{cued}\t\tIsrael|Peres|Israeli\n";
static const char cued_first[] = "id\ttype\tname\taliases\tcues\n"
                                 "GEO\tCOUNTRY\tGeorgia{cued}\tGeórgia\tTbilisi\n";
static const char cued_last[] = "id\ttype\tname\taliases\tcues\n"
                                "GEO\tCOUNTRY\tGeórgia\tGeorgia{cued}\tTbilisi\n";

/* The ids and surfaces of the mentions in the texts of one document, "ID=surface ...". */
static void expect_document(const char *gz_text, const char *const *texts, size_t n_texts,
                            const char *want)
{
    entidx_gazetteer *g = ts_gazetteer(gz_text);
    entidx_tagger *t = NULL;
    char got[512] = "";
    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    for (size_t k = 0; k < n_texts; k++) {
        found f;
        memset(&f, 0, sizeof(f));
        f.gz = g;
        f.src = texts[k];
        assert_int_equal(
            k == 0 ? entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL)
                   : entidx_tagger_scan_continue(t, f.src, strlen(f.src), record, &f, NULL),
            ENTIDX_OK);
        for (size_t i = 0; i < f.n; i++)
            snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s=%s", got[0] ? " " : "",
                     f.id[i], f.text[i]);
    }
    if (strcmp(got, want) != 0)
        fail_msg("'%s': got '%s', expected '%s'", texts[0], got, want);
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

#define EXPECT_DOCUMENT(gz_text, want, ...)                                         \
    do {                                                                            \
        static const char *const texts_[] = {__VA_ARGS__};                          \
        expect_document(gz_text, texts_, sizeof(texts_) / sizeof(texts_[0]), want); \
    } while (0)

/*
 * An alias flagged cued matches only where one of its entity's cue words
 * (attribute cues) is in the same text, before or after it; once it has
 * matched so, it matches in the rest of the document too.
 */
static void test_tagger_cued_aliases_need_a_cue_in_the_document(void **state)
{
    (void)state;
    /* the US state: no cue */
    EXPECT_DOCUMENT(cued, "", "He moved to Atlanta, Georgia, in May.");
    EXPECT_DOCUMENT(cued, "RUS=Russia", "Georgia and Russia signed.");
    /* a cue before or after it in the text */
    EXPECT_DOCUMENT(cued, "GEO=Georgia", "Georgia said talks in Tbilisi went well.");
    EXPECT_DOCUMENT(cued, "GEO=Georgia", "The former Soviet republic of Georgia said.");
    /* another alias of the entity that is also a cue: both match */
    EXPECT_DOCUMENT(cued, "GEO=Georgian GEO=Georgia", "A Georgian envoy said Georgia would.");
    /* a cue word in lower case is no cue ("caucasus" is not a name here) */
    EXPECT_DOCUMENT(cued, "", "the caucasus of Georgia");
    /* once found with a match, a cue holds for the rest of the document */
    EXPECT_DOCUMENT(cued, "GEO=GEORGIA GEO=Georgia", "GEORGIA TALKS IN TBILISI", "Georgia said.");
    EXPECT_DOCUMENT(cued, "GEO=Georgia", "Georgia said.", "Talks in Tbilisi, Georgia.");
    /* a cue in a text without a match is not looked for */
    EXPECT_DOCUMENT(cued, "", "TBILISI TALKS", "Georgia said.");
    /* a new document forgets the cue */
    EXPECT_DOCUMENT(cued, "", "Georgia said.");
    /* an alias of several entities, each with cue words of its own: the one whose
       cue the document has; none without a cue; the first listed with both */
    EXPECT_DOCUMENT(parties, "ISR_LAB=Labour Party", "Peres led the Labour Party.");
    EXPECT_DOCUMENT(parties, "GBR_LAB=Labour Party", "In London, the Labour Party met.");
    EXPECT_DOCUMENT(parties, "", "The Labour Party met.");
    EXPECT_DOCUMENT(parties, "GBR_LAB=Labour Party", "Peres and the Labour Party in London.");
    /* cues of both: the one with more of them */
    EXPECT_DOCUMENT(parties, "ISR=Israel ISR_LAB=Labour Party",
                    "Peres told Israel's Labour Party in London.");
    /* every cue word counts, those with the same first letter too; a tie goes to the
       first listed */
    EXPECT_DOCUMENT(parties_by_count, "NOR_LAB=Labour Party",
                    "An Israeli met a Norwegian from Norway; the Labour Party.");
    EXPECT_DOCUMENT(parties_by_count, "ISR_LAB=Labour Party",
                    "Israel's Peres and an Israeli met Norway; the Labour Party.");
    EXPECT_DOCUMENT(parties_by_count, "ISR_LAB=Labour Party",
                    "Israel and an Israeli met Norway; the Labour Party.");
    EXPECT_DOCUMENT(parties_by_count, "NOR_LAB=Labour Party",
                    "Israel and Israelis met Norway; the Labour Party.");
    EXPECT_DOCUMENT(parties_by_count, "NOR_LAB=Labour Party", "OSLO, Israel - the Labour Party.");
    /* another alias of the entity that folds to the same words is cued too, listed
       before the cued one or after it */
    EXPECT_DOCUMENT(cued_first, "", "Atlanta, Georgia and Atlanta, Geórgia.");
    EXPECT_DOCUMENT(cued_first, "GEO=Geórgia", "Tbilisi, Geórgia.");
    EXPECT_DOCUMENT(cued_last, "", "Atlanta, Georgia and Atlanta, Geórgia.");
    EXPECT_DOCUMENT(cued_last, "GEO=Geórgia", "Tbilisi, Geórgia.");
    /* in all-overlaps mode too */
    {
        entidx_gazetteer *g = ts_gazetteer(cued);
        found f = scan(g, ENTIDX_OVERLAPS_ALL, "Atlanta, Georgia.");
        assert_int_equal(f.n, 0);
        f = scan(g, ENTIDX_OVERLAPS_ALL, "Tbilisi, Georgia.");
        assert_int_equal(f.n, 1);
        assert_string_equal(f.id[0], "GEO");
        entidx_gazetteer_free(g);
    }
}

/*
 * An entity with more cue words than doc_cues() groups at once (64): those
 * past the first 64 count too, grouped with nothing before them.
 */
static void test_tagger_many_cue_words(void **state)
{
    static char gz[2048];
    size_t at;
    (void)state;
    at = (size_t)snprintf(gz, sizeof(gz),
                          "id\ttype\tname\taliases\tcues\n"
                          "GEO\tCOUNTRY\tGeorgia{cued}\t\t");
    for (int k = 0; k < 70; k++)
        at += (size_t)snprintf(gz + at, sizeof(gz) - at, "Cue%d|", k);
    snprintf(gz + at, sizeof(gz) - at, "Tbilisi\n");
    expect_document(gz, (const char *const[]){"Georgia said talks in Tbilisi went well."}, 1,
                    "GEO=Georgia");
    expect_document(gz, (const char *const[]){"Georgia said Cue69 went well."}, 1, "GEO=Georgia");
    expect_document(gz, (const char *const[]){"Georgia said Cue3 went well."}, 1, "GEO=Georgia");
    expect_document(gz, (const char *const[]){"Georgia said Cue70 went well."}, 1, "");
}

static const char cued_named[] = "id\ttype\tname\taliases\tcues\n"
                                 "GEO\tCOUNTRY\tRepublic of Georgia\tGeorgia{cued}\tTbilisi\n"
                                 "COD\tCOUNTRY\tDemocratic Republic of the Congo\t"
                                 "DR Congo|Congo{cued}\tKinshasa\n"
                                 "COG\tCOUNTRY\tRepublic of the Congo\tCongo{cued}\tBrazzaville\n";

/*
 * A cued alias is also taken, without a cue word, in a document that has
 * named its entity before by another alias ("the Republic of Georgia ...
 * Georgia", "DR Congo ... Congo"); among several entities of the name, a
 * cue word still counts for more than that.
 */
static void test_tagger_cued_alias_after_its_entity_was_named(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(cued_named, "", "Georgia voted.");
    EXPECT_DOCUMENT(cued_named, "GEO=Republic of Georgia GEO=Georgia",
                    "The Republic of Georgia voted; Georgia said so.");
    EXPECT_DOCUMENT(cued_named, "GEO=Republic of Georgia",
                    "Georgia said the Republic of Georgia voted.");
    EXPECT_DOCUMENT(cued_named, "COD=DR Congo COD=Congo", "DR Congo and Congo met.");
    EXPECT_DOCUMENT(cued_named, "COD=DR Congo COG=Congo", "DR Congo met Congo in Brazzaville.");
    EXPECT_DOCUMENT(cued_named, "COG=Congo COD=DR Congo", "Congo met DR Congo in Brazzaville.");
    EXPECT_DOCUMENT(cued_named, "COD=Congo COD=DR Congo", "Congo met DR Congo in Kinshasa.");
    /* --explain's evidence: named before, or none for a cue */
    {
        entidx_gazetteer *g = ts_gazetteer(cued_named);
        found f = scan(g, ENTIDX_OVERLAPS_LONGEST, "DR Congo and Congo met.");
        assert_int_equal(f.n, 2);
        assert_int_equal(f.evidence[0], 0);
        assert_int_equal(f.evidence[1], ENTIDX_EVIDENCE_NAMED);
        f = scan(g, ENTIDX_OVERLAPS_LONGEST, "DR Congo and Congo met in Kinshasa.");
        assert_int_equal(f.n, 2);
        assert_int_equal(f.evidence[1], 0);
        f = scan(g, ENTIDX_OVERLAPS_LONGEST, "DR Congo met Congo in Brazzaville.");
        assert_int_equal(f.n, 2);
        assert_string_equal(f.id[1], "COG");
        assert_int_equal(f.evidence[1], 0);
        f = scan(g, ENTIDX_OVERLAPS_LONGEST, "Tbilisi: Georgia voted.");
        assert_int_equal(f.n, 1);
        assert_int_equal(f.evidence[0], 0);
        entidx_gazetteer_free(g);
    }
}

static const char shared_own_name[] = "id\ttype\tname\taliases\tcues\n"
                                      "GBR_LAB\tORG\tLabour Party{cued}\tLabourites{ambiguous}\t"
                                      "London\n"
                                      "NZL_LAB\tORG\tLabour Party{cued}\t\tWellington\n";

/*
 * An entity's own name that is cued, shared with another entity, proves
 * nothing about which of them a document names: it revives none of its
 * ambiguous aliases.
 */
static void test_tagger_shared_cued_own_name_revives_nothing(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(shared_own_name, "NZL_LAB=Labour Party",
                    "The Labour Party met in Wellington; Labourites cheered.");
    EXPECT_DOCUMENT(shared_own_name, "GBR_LAB=Labour Party GBR_LAB=Labourites",
                    "The Labour Party met in London; Labourites cheered.");
}

static const char cue_phrases[] = "id\ttype\tname\taliases\tcues\n"
                                  "COG\tCOUNTRY\tRepublic of the Congo\tCongo{cued}\t"
                                  "Pointe-Noire|People's Republic of the Congo\n";

/* A cue may be words joined by a space, which stands for any white space, or a hyphen. */
static void test_tagger_cue_phrases(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(cue_phrases, "COG=Congo", "Oil off Pointe-Noire, Congo.");
    EXPECT_DOCUMENT(cue_phrases, "COG=CONGO COG=Republic of the  Congo",
                    "CONGO FINDS OIL off the People's\nRepublic of the  Congo");
    /* the phrase whole, as written, between word boundaries */
    EXPECT_DOCUMENT(cue_phrases, "", "Oil off Pointe Noire, Congo.");
    EXPECT_DOCUMENT(cue_phrases, "", "Oil off Pointe-Noires, Congo.");
    EXPECT_DOCUMENT(cue_phrases, "", "Congo: the People's Republic of China.");
}

static const char named[] =
    "id\ttype\tname\taliases\n"
    "FED\tORG\tFederal Reserve\tFed{ambiguous}|FRB\n"
    "UPP\tORG\tUnited People's Party\tUP{ambiguous}\n"
    "ORACLE\tORG\tOracle{ambiguous}\tOracle Corporation\n"
    "HERITAGE\tORG\tHeritage{ambiguous}\t\n"
    "CRICKET\tORG\tBoard of Control for Cricket in India\tBCCI{ambiguous}\n"
    "BANK\tORG\tBank of Credit and Commerce International\tBCCI{ambiguous}\n"
    "JPN\tCOUNTRY\tJapan\tNippon{ambiguous}\n"
    "POL\tCOUNTRY\tPoland\tPoles{demonym,ambiguous}\n";

/*
 * An ambiguous alias, off by default, matches in a document that names its
 * entity: by another alias earlier, by its own name anywhere, or (a company)
 * by a legal form after it. One name, one meaning.
 */
static void test_tagger_ambiguous_aliases_in_a_document_that_names_the_entity(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(named, "", "The Fed met.");
    EXPECT_DOCUMENT(named, "FED=Federal Reserve FED=Fed", "The Federal Reserve met; the Fed said.");
    /* before the entity's own name too ("FED" in a headline); not before another alias
       of it, and still under the alias's case rule */
    EXPECT_DOCUMENT(named, "FED=Fed FED=Federal Reserve", "The Fed said the Federal Reserve met.");
    EXPECT_DOCUMENT(named, "FED=FED FED=FEDERAL RESERVE", "FED MEETS; FEDERAL RESERVE WAITS");
    EXPECT_DOCUMENT(named, "FED=Federal Reserve", "The Federal Reserve met; the fed said.");
    EXPECT_DOCUMENT(named, "FED=FRB FED=Fed", "The Fed said the FRB met; the Fed agreed.");
    /* an acronym of three capitals or fewer needs another alias before it: headlines
       are full of such words ("PRICES UP") */
    EXPECT_DOCUMENT(named, "UPP=United People's Party",
                    "PRICES UP; the United People's Party met.");
    EXPECT_DOCUMENT(named, "UPP=United People's Party UPP=UP",
                    "The United People's Party (UP) met.");
    /* a company's legal form after it ("Oracle Corp"): a company's, one with a legal
       form in a name of its own, not a party's */
    EXPECT_DOCUMENT(named, "", "Oracle said.");
    EXPECT_DOCUMENT(named, "ORACLE=Oracle Corp", "Oracle Corp said.");
    EXPECT_DOCUMENT(named, "", "Heritage Inc said.");
    /* across the texts of one document */
    EXPECT_DOCUMENT(named, "FED=FEDERAL RESERVE FED=Fed", "FEDERAL RESERVE TALKS", "The Fed said.");
    /* an alias of two entities: the one named */
    EXPECT_DOCUMENT(named, "BANK=Bank of Credit and Commerce International BANK=BCCI",
                    "The Bank of Credit and Commerce International (BCCI) closed.");
    EXPECT_DOCUMENT(named, "CRICKET=Board of Control for Cricket in India CRICKET=BCCI",
                    "The Board of Control for Cricket in India (BCCI) met.");
    /* a country's own other name is not taken ("Nippon Steel"); a demonym is */
    EXPECT_DOCUMENT(named, "JPN=Japan", "Japan said Nippon rose.");
    EXPECT_DOCUMENT(named, "POL=Poland POL=Poles", "Poland said Poles voted.");
    /* a headline's FED, with the name in its article: when the texts are listed */
    for (int listed = 0; listed < 2; listed++) {
        static const char *const texts[] = {"FED HOLDS RATES", "The Federal Reserve held."};
        static const size_t lens[] = {15, 25};
        entidx_gazetteer *g = ts_gazetteer(named);
        entidx_tagger *t = NULL;
        found f;
        assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
        if (listed)
            assert_int_equal(entidx_tagger_lookahead(t, texts, lens, 2), ENTIDX_OK);
        memset(&f, 0, sizeof(f));
        f.gz = g;
        f.src = texts[0];
        assert_int_equal(entidx_tagger_scan(t, f.src, lens[0], record, &f, NULL), ENTIDX_OK);
        assert_int_equal(f.n, (size_t)listed);
        entidx_tagger_free(t);
        entidx_gazetteer_free(g);
    }
    /* a new document forgets the name */
    {
        static const char *const texts[] = {"The Federal Reserve met.", "The Fed said."};
        entidx_gazetteer *g = ts_gazetteer(named);
        entidx_tagger *t = NULL;
        found f;
        assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
        for (int k = 0; k < 2; k++) {
            memset(&f, 0, sizeof(f));
            f.gz = g;
            f.src = texts[k];
            assert_int_equal(entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL),
                             ENTIDX_OK);
        }
        assert_int_equal(f.n, 0);
        entidx_tagger_free(t);
        entidx_gazetteer_free(g);
    }
    /* an alias skipped for another flag too (demonyms off) stays off */
    {
        entidx_gazetteer_opts o = ENTIDX_GAZETTEER_OPTS_INIT;
        entidx_gazetteer *g = NULL;
        found f;
        o.skip_flags |= ENTIDX_ALIAS_DEMONYM;
        assert_int_equal(entidx_gazetteer_load_buffer(&g, "t.tsv", named, strlen(named), &o, NULL),
                         ENTIDX_OK);
        f = scan(g, ENTIDX_OVERLAPS_LONGEST,
                 "Poland said Poles voted; the Federal Reserve, the Fed.");
        assert_int_equal(f.n, 3);
        assert_string_equal(f.text[1], "Federal Reserve");
        assert_string_equal(f.text[2], "Fed");
        entidx_gazetteer_free(g);
    }
}

static const char arms[] = "id\ttype\tname\taliases\n"
                           "SHELL\tORG\tShell{ambiguous}\tShell plc\n"
                           "FORD\tORG\tFord{ambiguous}\tFord Motor Company\n"
                           "NORTHERN\tORG\tNorthern{ambiguous}\tNorthern Trust Company\n"
                           "NEWS\tORG\tNews{ambiguous}\tNews Corp\n"
                           "HERITAGE\tORG\tHeritage{ambiguous}\t\n"
                           "ICI\tORG\tICI{ambiguous}\tImperial Chemical Industries plc\n"
                           "BBC\tORG\tBBC\t\n"
                           "CAN\tCOUNTRY\tCanada\t\n"
                           "CHN\tCOUNTRY\tChina\t\n"
                           "IRL\tCOUNTRY\tIreland\t\n";

/*
 * A company's one-word name before a country's ("Shell Canada", "Ford China
 * JV"): the company's arm there, not the country. A company has a legal form
 * or the word Company in a name of its own; the word starts its run of
 * capitalised words and qualifies no country ("Northern Ireland").
 */
static void test_tagger_company_arm_in_a_country(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(arms, "", "Shell Canada raised prices.");
    EXPECT_DOCUMENT(arms, "", "Prices rose, said Shell Canada.");
    EXPECT_DOCUMENT(arms, "", "SHELL CANADA RAISES PRICES");
    EXPECT_DOCUMENT(arms, "", "Ford China JV posts profit.");
    EXPECT_DOCUMENT(arms, "CAN=Canada", "Shell said Canada rose.");
    EXPECT_DOCUMENT(arms, "CAN=Canada", "Said Shell, Canada rose.");
    /* not a company's name: a party's, or none */
    EXPECT_DOCUMENT(arms, "CAN=Canada", "Heritage Canada met.");
    EXPECT_DOCUMENT(arms, "IRL=Ireland", "Northern Ireland voted.");
    /* not the first word of its run: "BBC News US" (the word "news" makes BBC a name
       of its own, and China too without this rule) */
    EXPECT_DOCUMENT(arms, "BBC=BBC CHN=China", "BBC News China reported the news.");
    /* a company's alias in a case it does not allow */
    EXPECT_DOCUMENT(arms, "", "ICI Canada said.");
    EXPECT_DOCUMENT(arms, "CAN=Canada", "Ici Canada said.");
}

static const char opening[] = "id\ttype\tname\taliases\n"
                              "AFG\tCOUNTRY\tAfghanistan\tAfghan{demonym}\n"
                              "ARE\tCOUNTRY\tUnited Arab Emirates\tUAE\n"
                              "CAN\tCOUNTRY\tCanada\t\n";

/*
 * A word that opens its sentence before a country's name, and that the text
 * writes capitalised inside a sentence too, makes the country part of a
 * longer name ("Amoco Canada said", beside "a unit of Amoco Corp"); not on a
 * line in Title Case, and not when the word is a country's alias, even one
 * left out.
 */
static void test_tagger_name_opening_a_sentence_before_a_country(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(opening, "", "Amoco Canada said so. It is a unit of Amoco Corp.");
    EXPECT_DOCUMENT(opening, "", "Prices rose.\nAmoco Canada said so, as did Amoco Corp.");
    EXPECT_DOCUMENT(opening, "CAN=Canada", "Amoco Canada said so.");
    EXPECT_DOCUMENT(opening, "CAN=Canada", "AMOCO Canada said so; a unit of Amoco Corp.");
    EXPECT_DOCUMENT(opening, "CAN=Canada", "Amoco Canada Raises Prices\nA unit of Amoco Corp did.");
    /* a demonym before the country, left out under --no-demonyms */
    {
        entidx_gazetteer_opts o = ENTIDX_GAZETTEER_OPTS_INIT;
        entidx_gazetteer *g = NULL;
        found f;
        o.skip_flags |= ENTIDX_ALIAS_DEMONYM;
        assert_int_equal(
            entidx_gazetteer_load_buffer(&g, "t.tsv", opening, strlen(opening), &o, NULL),
            ENTIDX_OK);
        f = scan(g, ENTIDX_OVERLAPS_LONGEST, "Afghan UAE embassy shuts. The Afghan envoy left.");
        assert_int_equal(f.n, 1);
        assert_string_equal(f.text[0], "UAE");
        entidx_gazetteer_free(g);
    }
}

static const char mixed_case[] = "id\ttype\tname\taliases\n"
                                 "DOD\tORG\tDepartment of Defense\tDoD\n"
                                 "CDT\tORG\tTranslation Centre\tCdT|CDT Forum{anycase}\n"
                                 "EBAY\tORG\teBay\t\n"
                                 "NATW\tORG\tNatWest{anycase}\t\n";

/*
 * A name whose one word mixes cases ("DoD", "CdT", "eBay") matches in
 * capitals only among other words in capitals on its line, as in a headline
 * or a table, or once another alias named its entity in the document: in
 * running text the word in capitals is another ("1300 CDT", "Drink Or Die
 * (DOD)"). An alias's own case rule ({anycase}) still holds.
 */
static void test_tagger_mixed_case_name_in_capitals_needs_a_line_in_capitals(void **state)
{
    (void)state;
    EXPECT_DOCUMENT(mixed_case, "DOD=DoD", "The DoD said so.");
    EXPECT_DOCUMENT(mixed_case, "", "The DOD said so.");
    EXPECT_DOCUMENT(mixed_case, "", "Bids by 1300 CDT April 7.");
    EXPECT_DOCUMENT(mixed_case, "", "Drink Or Die (DOD) members");
    EXPECT_DOCUMENT(mixed_case, "", "Shares of EBAY rose.");
    /* a neighbour in capitals on the same line, before or after */
    EXPECT_DOCUMENT(mixed_case, "DOD=DOD", "DOD CUTS BUDGET");
    EXPECT_DOCUMENT(mixed_case, "DOD=DOD", "BUDGET CUT AT DOD");
    EXPECT_DOCUMENT(mixed_case, "EBAY=EBAY", "EBAY <EBAY> UP 1/4");
    EXPECT_DOCUMENT(mixed_case, "", "AS OF 1300\nDOD\nFIRST");
    EXPECT_DOCUMENT(mixed_case, "", "AS OF MONDAY\nDOD said so.");
    /* or after another alias named the entity, earlier in the document */
    EXPECT_DOCUMENT(mixed_case, "EBAY=eBay EBAY=EBAY", "Shares of eBay (nasdaq: EBAY) rose.");
    EXPECT_DOCUMENT(mixed_case, "DOD=Department of Defense DOD=DOD", "The Department of Defense",
                    "said DOD would.");
    EXPECT_DOCUMENT(mixed_case, "EBAY=eBay", "Shares of EBAY rose, eBay said.");
    /* the alias's own rule */
    EXPECT_DOCUMENT(mixed_case, "CDT=CDT FORUM", "At the CDT FORUM today.");
    EXPECT_DOCUMENT(mixed_case, "NATW=NATWEST", "Shares of NATWEST rose.");
}

/*
 * With the document's texts listed by entidx_tagger_lookahead(), a cue word
 * anywhere in the document counts: a headline's name matches by its
 * article's cue. The list is for the next document only.
 */
static void test_tagger_lookahead_lets_a_headline_use_its_article(void **state)
{
    static const char *const doc1[] = {"Georgia plans a pardon", "Talks in Tbilisi."};
    static const size_t lens1[] = {22, 17};
    static const char *const doc2[] = {"Georgia plans a pardon", "In Atlanta."};
    entidx_gazetteer *g = ts_gazetteer(cued);
    entidx_tagger *t = NULL;
    found f;
    (void)state;

    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    for (int round = 0; round < 3; round++) {
        /* round 0: listed; 1: the same texts, not listed; 2: doc2 after doc1 listed */
        const char *const *texts = round == 2 ? doc2 : doc1;
        memset(&f, 0, sizeof(f));
        f.gz = g;
        if (round != 1)
            assert_int_equal(entidx_tagger_lookahead(t, doc1, lens1, 2), ENTIDX_OK);
        if (round == 2) { /* doc1 listed, then scanned; doc2 scanned without a list */
            f.src = doc1[0];
            assert_int_equal(entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL),
                             ENTIDX_OK);
            memset(&f, 0, sizeof(f));
            f.gz = g;
        }
        f.src = texts[0];
        assert_int_equal(entidx_tagger_scan(t, f.src, strlen(f.src), record, &f, NULL), ENTIDX_OK);
        f.src = texts[1];
        assert_int_equal(entidx_tagger_scan_continue(t, f.src, strlen(f.src), record, &f, NULL),
                         ENTIDX_OK);
        assert_int_equal(f.n, round == 0 ? 1 : 0);
        if (round == 0)
            assert_string_equal(f.id[0], "GEO");
    }
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

/*
 * The mentions of a two-text document, listed by entidx_tagger_lookahead()
 * first or not: "ID=surface ...".
 */
static void tag_two_texts(const char *gz_text, const char *const texts[2], int listed, char *got,
                          size_t size)
{
    entidx_gazetteer *g = ts_gazetteer(gz_text);
    entidx_tagger *t = NULL;
    const size_t lens[2] = {strlen(texts[0]), strlen(texts[1])};
    found f;
    got[0] = '\0';
    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    if (listed)
        assert_int_equal(entidx_tagger_lookahead(t, texts, lens, 2), ENTIDX_OK);
    memset(&f, 0, sizeof(f));
    f.gz = g;
    for (int k = 0; k < 2; k++) {
        f.src = texts[k];
        assert_int_equal(k == 0 ? entidx_tagger_scan(t, f.src, lens[k], record, &f, NULL)
                                : entidx_tagger_scan_continue(t, f.src, lens[k], record, &f, NULL),
                         ENTIDX_OK);
    }
    for (size_t i = 0; i < f.n; i++)
        snprintf(got + strlen(got), size - strlen(got), "%s%s=%s", got[0] ? " " : "", f.id[i],
                 f.text[i]);
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

/*
 * A capitalised word next to a name that the document's other texts write in
 * lower case is no part of a name: a headline's "Iran Says talks" by its
 * article's "says", an article's "Iran Sources" by its headline's "sources".
 */
static void test_tagger_lower_case_words_of_the_other_texts(void **state)
{
    static const char iran[] = "id\ttype\tname\nIRN\tCOUNTRY\tIran\n";
    static const char *const doc1[] = {"Iran Says talks are over", "The minister says so."};
    static const char *const doc2[] = {"What the sources say", "He said Iran Sources would go."};
    static const char *const doc3[] = {"Iran Says talks are over", "The minister Says so."};
    static const char *const doc4[] = {"Iran Says talks are over", "The minister sayss so."};
    char got[256];
    (void)state;
    tag_two_texts(iran, doc1, 1, got, sizeof(got));
    assert_string_equal(got, "IRN=Iran");
    tag_two_texts(iran, doc2, 1, got, sizeof(got));
    assert_string_equal(got, "IRN=Iran");
    /* not listed, or not in lower case, or only inside a longer word: no evidence */
    tag_two_texts(iran, doc1, 0, got, sizeof(got));
    assert_string_equal(got, "");
    tag_two_texts(iran, doc3, 1, got, sizeof(got));
    assert_string_equal(got, "");
    tag_two_texts(iran, doc4, 1, got, sizeof(got));
    assert_string_equal(got, "");
}

/*
 * An acronym that the document spells out as another name is not the
 * gazetteer's, in any of its texts ("FCA" in the headline too); spelt out as
 * another entity's name, it is that entity's; spelt out as its own entity's
 * name (another spelling, its last words), it stays.
 */
static void test_tagger_acronym_the_document_defines(void **state)
{
    static const char gz[] = "id\ttype\tname\taliases\n"
                             "FCA\tORG\tFinancial Conduct Authority\tFCA\n"
                             "CME\tORG\tCME Group\tCME\n"
                             "MERC\tORG\tChicago Mercantile Exchange\n"
                             "WTO\tORG\tWorld Trade Organization\tWTO\n"
                             "EPA\tORG\tUnited States Environmental Protection Agency\tEPA\n";
    static const char *const farm[] = {
        "FCA PROPOSES RULES", "The Farm Credit Administration (FCA) said the FCA will act."};
    static const char *const merc[] = {"CME sets margins",
                                       "The Chicago Mercantile Exchange (CME) said the CME would."};
    static const char *const wto[] = {"WTO rules", "The World Trade Organisation (WTO) ruled."};
    static const char *const epa[] = {"EPA acts", "the US Environmental Protection Agency (EPA)"};
    static const char *const fca[] = {"FCA fines", "The Financial Conduct Authority (FCA) fined."};
    char got[512];
    (void)state;
    tag_two_texts(gz, farm, 1, got, sizeof(got));
    assert_string_equal(got, "");
    /* without the texts listed, the headline's FCA cannot see the definition */
    tag_two_texts(gz, farm, 0, got, sizeof(got));
    assert_string_equal(got, "FCA=FCA");
    tag_two_texts(gz, merc, 1, got, sizeof(got));
    assert_string_equal(got, "MERC=CME MERC=Chicago Mercantile Exchange MERC=CME MERC=CME");
    tag_two_texts(gz, wto, 1, got, sizeof(got));
    assert_string_equal(got, "WTO=WTO WTO=WTO");
    tag_two_texts(gz, epa, 1, got, sizeof(got));
    assert_string_equal(got, "EPA=EPA EPA=EPA");
    tag_two_texts(gz, fca, 1, got, sizeof(got));
    assert_string_equal(got, "FCA=FCA FCA=Financial Conduct Authority FCA=FCA");
}

/* Every callback as "ID=surface" (a mention) or "ID=surface:reason" (a near miss), one line. */
static int record_line(const entidx_mention *m, void *payload)
{
    found *f = payload;
    char *line = f->text[0]; /* (the whole of f->text, 512 bytes) */
    size_t used = strlen(line);
    entidx_entity e;
    entidx_gazetteer_entity(f->gz, m->entity, &e);
    snprintf(line + used, sizeof(f->text) - used, "%s%s=%.*s%s%s", used ? " " : "", e.id,
             (int)(m->end - m->start), f->src + m->start, m->refused ? ":" : "",
             entidx_refusal_name(m->refused));
    return 0;
}

/* The mentions (and with report_refused the near misses) of one text, as record_line(). */
static void tag_line(entidx_gazetteer *g, const char *text, int report_refused, char *got,
                     size_t size)
{
    entidx_tagger_opts opts = ENTIDX_TAGGER_OPTS_INIT;
    found f;
    opts.report_refused = report_refused;
    f = scan_with(g, &opts, record_line, text);
    snprintf(got, size, "%s", f.text[0]);
}

/*
 * Near misses, on request: words that spell an alias but that a rule
 * refused, each with its reason, among the mentions, which stay the same.
 * Not a word in lower case that an alias's case rule refuses ("us").
 */
static void test_tagger_reports_near_misses_on_request(void **state)
{
    static const char gz[] = "id\ttype\tname\taliases\tcues\n"
                             "USA\tCOUNTRY\tUnited States\tUS|U.S.\t\n"
                             "GEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi\n"
                             "JOR\tCOUNTRY\tJordan{person}\t\t\n"
                             "FCA\tORG\tFinancial Conduct Authority\tFCA\t\n"
                             "TTE\tORG\tTotalEnergies\tTotal{ambiguous}\t\n"
                             "WHO\tORG\tWorld Health Organization\tWHO\t\n";
    static const char text[] =
        "Us and us in Georgia. The Jordan Grand Prix team paid US$ 5 in Jordan. ANY PERSON WHO "
        "HAS. The Farm Credit Administration (FCA) said. Total rose.";
    static const char person[] = "Neil Jordan met them. Then Jordan left.";
    entidx_gazetteer *g = ts_gazetteer(gz);
    char got[512];
    (void)state;
    tag_line(g, text, 0, got, sizeof(got));
    assert_string_equal(got, "JOR=Jordan");
    tag_line(g, text, 1, got, sizeof(got));
    assert_string_equal(got, "USA=Us:case GEO=Georgia:cued JOR=Jordan:context USA=US:currency "
                             "JOR=Jordan WHO=WHO:context FCA=FCA:defined TTE=Total:ambiguous");
    tag_line(g, person, 0, got, sizeof(got));
    assert_string_equal(got, "");
    tag_line(g, person, 1, got, sizeof(got));
    assert_string_equal(got, "JOR=Jordan:person JOR=Jordan:person");
    assert_string_equal(entidx_refusal_name(0), "");
    assert_string_equal(entidx_refusal_name(ENTIDX_REFUSED_PERSON), "person");
    assert_string_equal(entidx_refusal_name(99), "");
    entidx_gazetteer_free(g);
}

/*
 * An alias that ends with an abbreviation's dot takes the dot after its last
 * word ("Apple Inc." at a sentence's end too); a dotted acronym's last dot
 * does not ("in the US." is "US").
 */
static void test_tagger_alias_ending_in_a_dot_takes_the_dot(void **state)
{
    static const char gz[] = "id\ttype\tname\taliases\n"
                             "APPLE\tORG\tApple Inc.\t\n"
                             "USA\tCOUNTRY\tUnited States\tU.S.|US\n";
    entidx_gazetteer *g = ts_gazetteer(gz);
    char got[512];
    (void)state;
    tag_line(g, "Apple Inc. said so to Apple Inc. In the US. Apple Inc says.", 0, got, sizeof(got));
    assert_string_equal(got, "APPLE=Apple Inc. APPLE=Apple Inc. USA=US APPLE=Apple Inc");
    entidx_gazetteer_free(g);
}

static int stop_at_first(const entidx_mention *m, void *payload)
{
    (void)m;
    (*(int *)payload)++;
    return 42;
}

static void test_tagger_stops_when_the_callback_says_so(void **state)
{
    entidx_gazetteer *g = ts_gazetteer(gaz);
    entidx_tagger *t = NULL;
    int calls = 0;
    (void)state;
    assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
    assert_int_equal(entidx_tagger_scan(t, "Niger Niger Niger", 17, stop_at_first, &calls, NULL),
                     42);
    assert_int_equal(calls, 1);
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
}

/* Load the gazetteer, create a tagger and scan `text` into *f; the first error or ENTIDX_OK. */
static int load_and_tag(const char *text, found *f)
{
    entidx_gazetteer *g = NULL;
    entidx_tagger *t = NULL;
    int rc;
    memset(f, 0, sizeof(*f));
    rc = entidx_gazetteer_load_buffer(&g, "g.tsv", gaz, strlen(gaz), NULL, NULL);
    if (rc == ENTIDX_OK)
        rc = entidx_tagger_new(&t, g, NULL, NULL);
    if (rc == ENTIDX_OK) {
        f->gz = g;
        f->src = text;
        rc = entidx_tagger_scan(t, text, strlen(text), record, f, NULL);
    }
    entidx_tagger_free(t);
    entidx_gazetteer_free(g);
    return rc;
}

/*
 * Gazetteer load, tagger creation and a scan with the 1st, 2nd, ...
 * allocation failing: ENTIDX_ENOMEM each time, nothing leaked, then the same
 * mentions as without failures.
 */
static void test_tagger_survives_every_allocation_failure(void **state)
{
    static const char text[] = "Joseph R. Biden met WHO officials in Nigeria; Biden left.";
    found want, f;
    unsigned long n;
    (void)state;
    assert_int_equal(load_and_tag(text, &want), ENTIDX_OK);
    assert_int_equal(want.n, 4);
    for (n = 1;; n++) {
        int rc;
        entidx_alloc_fail_at(n);
        rc = load_and_tag(text, &f);
        entidx_alloc_fail_at(0);
        if (rc == ENTIDX_OK) {
            assert_int_equal(f.n, want.n);
            for (size_t i = 0; i < f.n; i++) {
                assert_string_equal(f.id[i], want.id[i]);
                assert_int_equal(f.start[i], want.start[i]);
            }
            break;
        }
        assert_int_equal(rc, ENTIDX_ENOMEM);
    }
    assert_true(n > 10);
}

/*
 * A gazetteer with 40,000 names more, so that its first-word filter is large
 * enough for the tagger to hash capitalised words ahead and prefetch (see
 * hash_capitalised()): the same mentions as with the small one, and a scan
 * with any of its allocations failing fails cleanly.
 */
static void test_tagger_large_gazetteer_matches_the_same(void **state)
{
    static const char text[] = "Joseph R. Biden met WHO officials in New Zealand; Zq17 Kv17 "
                               "and Zq39998, not Zq17 alone or Kv17, left for the US.";
    static const char *const want[] = {"BIDEN=Joseph R. Biden", "WHO=WHO",        "NZL=New Zealand",
                                       "X17=Zq17 Kv17",         "Y39998=Zq39998", "USA=US"};
    entidx_buf tsv = ENTIDX_BUF_INIT;
    entidx_gazetteer *g = NULL;
    entidx_tagger *t = NULL;
    found f;
    unsigned long n;
    (void)state;

    assert_int_equal(entidx_buf_puts(&tsv, gaz), ENTIDX_OK);
    for (unsigned i = 0; i < 40000; i++) {
        char line[64];
        /* two-word names (their first words alone are not names), and one-word ones */
        snprintf(line, sizeof(line), "%s%u\tORG\tZq%u%s\t\n", i % 2 ? "X" : "Y", i, i,
                 i % 2 ? " Kv17" : "");
        assert_int_equal(entidx_buf_puts(&tsv, line), ENTIDX_OK);
    }
    assert_int_equal(entidx_gazetteer_load_buffer(&g, "big.tsv", tsv.ptr, tsv.len, NULL, NULL),
                     ENTIDX_OK);
    entidx_buf_dispose(&tsv);
    f = scan(g, ENTIDX_OVERLAPS_LONGEST, text);
    assert_int_equal(f.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < f.n; i++) {
        char got[128];
        snprintf(got, sizeof(got), "%.15s=%.63s", f.id[i], f.text[i]);
        assert_string_equal(got, want[i]);
    }
    for (n = 1;; n++) {
        int rc;
        memset(&f, 0, sizeof(f));
        f.gz = g;
        f.src = text;
        assert_int_equal(entidx_tagger_new(&t, g, NULL, NULL), ENTIDX_OK);
        entidx_alloc_fail_at(n);
        rc = entidx_tagger_scan(t, text, strlen(text), record, &f, NULL);
        entidx_alloc_fail_at(0);
        entidx_tagger_free(t);
        if (rc == ENTIDX_OK) {
            assert_int_equal(f.n, sizeof(want) / sizeof(want[0]));
            break;
        }
        assert_int_equal(rc, ENTIDX_ENOMEM);
    }
    assert_true(n > 3);
    entidx_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tagger_survives_every_allocation_failure),
        cmocka_unit_test(test_tagger_large_gazetteer_matches_the_same),
        cmocka_unit_test(test_tagger_matches_whole_tokens_only),
        cmocka_unit_test(test_tagger_prefers_leftmost_longest),
        cmocka_unit_test(test_tagger_reports_all_overlaps_on_request),
        cmocka_unit_test(test_tagger_spans_line_breaks_but_not_punctuation),
        cmocka_unit_test(test_tagger_applies_case_rules),
        cmocka_unit_test(test_tagger_handles_possessives_and_hyphens),
        cmocka_unit_test(test_tagger_matches_possessives_inside_long_names),
        cmocka_unit_test(test_tagger_folds_accents_and_keeps_punctuation_inside_names),
        cmocka_unit_test(test_tagger_survives_invalid_utf8),
        cmocka_unit_test(test_tagger_stops_when_the_callback_says_so),
        cmocka_unit_test(test_tagger_numbers_sentences),
        cmocka_unit_test(test_tagger_resolves_surnames_after_a_full_name),
        cmocka_unit_test(test_tagger_resumes_inside_words_of_a_longer_name),
        cmocka_unit_test(test_tagger_surnames_last_for_one_document),
        cmocka_unit_test(test_tagger_cued_aliases_need_a_cue_in_the_document),
        cmocka_unit_test(test_tagger_many_cue_words),
        cmocka_unit_test(test_tagger_lookahead_lets_a_headline_use_its_article),
        cmocka_unit_test(test_tagger_lower_case_words_of_the_other_texts),
        cmocka_unit_test(test_tagger_acronym_the_document_defines),
        cmocka_unit_test(test_tagger_cued_alias_after_its_entity_was_named),
        cmocka_unit_test(test_tagger_cue_phrases),
        cmocka_unit_test(test_tagger_ambiguous_aliases_in_a_document_that_names_the_entity),
        cmocka_unit_test(test_tagger_shared_cued_own_name_revives_nothing),
        cmocka_unit_test(test_tagger_company_arm_in_a_country),
        cmocka_unit_test(test_tagger_name_opening_a_sentence_before_a_country),
        cmocka_unit_test(test_tagger_mixed_case_name_in_capitals_needs_a_line_in_capitals),
        cmocka_unit_test(test_tagger_names_do_not_span_a_sentence_end),
        cmocka_unit_test(test_tagger_lower_case_first_words_still_match),
        cmocka_unit_test(test_tagger_first_words_of_longer_names_still_match),
        cmocka_unit_test(test_tagger_reports_near_misses_on_request),
        cmocka_unit_test(test_tagger_alias_ending_in_a_dot_takes_the_dot),
    };
    return cmocka_run_group_tests_name("tagger", tests, NULL, NULL);
}
