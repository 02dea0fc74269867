/* SPDX-License-Identifier: MIT */
/*
 * test_name_context.c - tests for src/lib/name_context.c: Title Case line
 * detection, the neighbour rules that make a name part of a longer one, and
 * the person-name test for words flagged {person}.
 */
#include "test_support.h"
#include "name_context.h"

typedef struct ctx_text {
    const char *text;
    entidx_tokens toks;
} ctx_text;

static void ctx_open(ctx_text *c, const char *text)
{
    entidx_tokens init = ENTIDX_TOKENS_INIT;
    c->text = text;
    c->toks = init;
    assert_int_equal(entidx_tokenize(&c->toks, text, strlen(text)), ENTIDX_OK);
}

/* The index of the token starting at the first occurrence of `word`. */
static size_t tok_of(const ctx_text *c, const char *word)
{
    const char *at = strstr(c->text, word);
    assert_non_null(at);
    for (size_t i = 0; i < c->toks.n; i++) {
        if (c->toks.v[i].start == (uint32_t)(at - c->text))
            return i;
    }
    fail_msg("no token starts at '%s'", word);
    return 0;
}

static int titled(const char *text, const char *word)
{
    ctx_text c;
    entidx_line_info line = ENTIDX_LINE_INFO_INIT;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_titled_line(&c.toks, text, strlen(text), tok_of(&c, word), &line);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_titled_lines(void **state)
{
    (void)state;
    assert_true(titled("Japan Cuts Rates As Germany Holds Steady", "Japan"));
    assert_true(titled("GERMANY AND TURKEY SIGN TRADE DEAL", "TURKEY"));
    assert_true(titled("Talks on Trade in Paris End With a Deal", "Paris"));
    assert_false(titled("Japan cut rates on Monday, Germany said.", "Japan"));
    /* many names, but verbs in lower case: prose */
    assert_false(titled("Bayer Leverkusen beat NEC Nijmegen 2-1 on Sunday", "Bayer"));
    /* a results-table row is read like prose; an all-capitals one is a headline */
    assert_false(titled("Austria Vienna 6 4 2 0 9 5 14", "Austria"));
    assert_false(titled("Austria Vienna 14", "Austria"));
    assert_false(titled("Austria Vienna 2 Sparta Prague 1", "Austria"));
    assert_false(titled("Togo 1 Congo 0", "Congo"));
    assert_false(titled("5. Jimmy Vasser (U.S.), Reynard Honda, 54.617", "Honda"));
    assert_false(titled("Cincinnati Reds   IDLE   Cleveland Indians   1", "Indians"));
    assert_false(titled("Cincinnati Reds\tIDLE\tCleveland Indians\t1", "Indians"));
    assert_true(titled("Cincinnati Reds   Idle   Cleveland Indians", "Indians"));
    /* a headline with a number or two among more capitalised words is one */
    assert_true(titled("Israel Kills 5 Palestinians in North", "Israel"));
    assert_true(titled("Japan Shares Down 1.6 Pct", "Japan"));
    assert_true(titled("Death Toll 69 in Japan Typhoon, 19 Still Missing", "Japan"));
    assert_true(titled("2 Troops Said Killed by Turkey Land Mine (AP)", "Turkey"));
    /* a number with letters after its digits is a number, not a word in lower case */
    assert_true(titled("Venezuela Seeking Arms, Perhaps MiG-29s", "Venezuela"));
    assert_true(titled("Fed Raises Interest Rate A 4th Time", "Fed"));
    assert_false(titled("Togo 1st Congo 2nd", "Congo"));
    /* pieces that pre-tokenized text and markup leave are no lower-case words */
    assert_true(titled("Indonesia Furious Over Australia 's New Maritime Zone", "Indonesia"));
    assert_true(titled("Pakistan Ups Security, Shi 'ites Mourn Bomb Victims", "Pakistan"));
    assert_true(titled("Darfur Rebels Urge Nigeria To Intervene <b>...</b>", "Nigeria"));
    assert_false(titled("it is Australia 's view that the talks go on", "Australia"));
    assert_false(titled("Australia said the b and s were wrong", "Australia"));
    assert_false(titled("2) Jimmy Vasser (U.S.), Reynard Honda, 54.617", "Honda"));
    assert_true(titled("TOGO BEAT CONGO 1-0 IN CUP QUALIFIER", "CONGO"));
    /* only the token's own line counts */
    assert_true(titled("the text said so\nJapan Cuts Rates Again\nand more words here", "Cuts"));
    assert_false(titled("Japan Cuts Rates Again\nthe text said Germany", "Germany"));
    /* a single capitalised word is not a headline */
    assert_false(titled("Germany", "Germany"));
    /* more than eight capitals to each lower-case word: the count runs to the
       line's end (a word in lower case near its start does not settle it) */
    assert_true(titled("report Japan Cuts Rates As Germany Holds Steady Once More", "More"));
    assert_false(titled("report Japan Cuts Rates As Germany Holds Steady Once", "Once"));
    /* the line starts after the last line feed, however far back (here 28
       and 26 bytes before "Holds"), and only there */
    assert_true(titled("words of prose\nJapan Cuts Rates As Germany Holds", "Holds"));
    assert_true(titled("words of prose, so\nJapan Cut Them As Germany Holds", "Holds"));
    assert_false(titled("words of prose here Japan Cut Them As Germany Holds", "Holds"));
    /* a line that wrapping broke out of a paragraph is prose, however capitalised */
    assert_false(titled("Some words of a wrapped paragraph, then Leaders of the\n"
                        "American Soybean Association and the National Soybean\n"
                        "Processors Association offered loan options to the USDA.",
                        "American"));
    assert_false(titled("Some words of a wrapped paragraph, then Leaders of the\n"
                        "American Soybean Association and the National Soybean\n",
                        "American"));
    /* the text's first line, a long headline before a longer line, is still one */
    assert_true(titled("Japan Cuts Rates Again As Germany Holds Steady In Talks On Trade\n"
                       "TOKYO, March 3 - The central bank said on Monday it would cut rates.",
                       "Japan"));
}

static int before(const char *text, const char *word, int is_country)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    entidx_lower_words lw = ENTIDX_LOWER_WORDS_INIT;
    r = entidx__ctx_name_word_before(&c.toks, text, tok_of(&c, word), is_country, &lw);
    entidx__ctx_lower_words_reset(&lw);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_name_word_before(void **state)
{
    (void)state;
    assert_true(before("reports from Radio New Zealand said", "New Zealand", 1));
    assert_true(before("the group Karen National Union said", "National Union", 0));
    assert_true(before("shares of AOL Germany rose", "Germany", 1));
    assert_false(before("as Trade Germany said, trade", "Germany", 1));
    /* a word that starts the sentence or the line is not evidence */
    assert_false(before("Radio New Zealand said", "New Zealand", 1));
    assert_false(before("it rained.\nRadio New Zealand said", "New Zealand", 1));
    assert_false(before("it rained. Radio New Zealand said", "New Zealand", 1));
    /* nor one that opens a clause, after a colon or an opening quotation mark */
    assert_false(before("HANOI: Yesterday Vietnam said", "Vietnam", 1));
    assert_false(before("he said \"Given Japan's trade", "Japan", 1));
    assert_false(before("he said \xe2\x80\x9cGiven Japan's trade", "Japan", 1));
    assert_true(before("he said Given Japan's trade", "Japan", 1));
    /* or a dash with spaces round it, as after a dateline */
    assert_false(before("FRANKFURT, Hesse -- Hosts Germany will play", "Germany", 1));
    assert_false(before("RIO (Reuters) - Upstarts Guatemala face", "Guatemala", 1));
    assert_false(before("a new era \xe2\x80\x94 Hosts Germany will play", "Germany", 1));
    assert_true(before("the Trans-Hosts Germany unit", "Germany", 1));
    /* nor the last word of a dateline in capitals that opens the line */
    assert_false(before("NEW YORK Iran 's foreign minister said", "Iran", 1));
    assert_false(before("Talks ended.\nRIO DE JANEIRO Brazil said", "Brazil", 1));
    assert_true(before("shares of NEW YORK Iran Fund rose", "Iran", 1));
    assert_true(before("NEW York Iran Fund rose", "Iran", 1));
    /* qualifiers, titles, months, function words */
    assert_false(before("rain in Western Ukraine fell", "Ukraine", 1));
    assert_false(before("trade with Red China grew", "China", 1));
    assert_false(before("setting mostly Muslim Turkey on a course", "Turkey", 1));
    assert_false(before("in largely Catholic Ireland the vote", "Ireland", 1));
    assert_true(before("in largely Catholic Ireland the vote", "Ireland", 0));
    assert_true(before("rain in Western Ukraine fell", "Ukraine", 0));
    assert_false(before("he met President Clinton there", "Clinton", 0));
    assert_false(before("since last January Germany has", "Germany", 1));
    assert_false(before("he said that In Germany it", "Germany", 1));
    /* punctuation or a line feed in between */
    assert_false(before("he met Acme Corp. Niger there", "Niger", 1));
    assert_false(before("the table: Brazil ) Jordan 1:55", "Jordan", 1));
    assert_false(before("seen by Brazil\nJordan fell", "Jordan", 1));
    /* nothing before */
    assert_false(before("Germany won", "Germany", 1));
    /* (a word opening its sentence may count: name_word_opens_before()) */
    assert_false(before("Amoco Canada said so. It is a unit of Amoco Corp", "Canada", 1));
    assert_false(before("in Ancient Egypt, as in Ancient Rome", "Egypt", 1));
}

static int opens(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    entidx_lower_words lw = ENTIDX_LOWER_WORDS_INIT;
    r = entidx__ctx_name_word_opens_before(&c.toks, text, tok_of(&c, word), &lw);
    entidx__ctx_lower_words_reset(&lw);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_name_word_opens_before(void **state)
{
    (void)state;
    /* a word that starts the sentence or the line counts when the text writes
       it capitalised inside a sentence too: then it is a name */
    assert_true(opens("Amoco Canada said so. It is a unit of Amoco Corp", "Canada"));
    assert_true(opens("rain fell.\nAmoco Canada said so, as did Amoco Corp", "Canada"));
    assert_true(opens("Radio New Zealand said it, and so did Radio Australia", "New Zealand"));
    /* not where the other one starts a sentence or a line too, or the word is
       written in lower case too, or is a month, function word or qualifier */
    assert_false(opens("Amoco Canada said so. Amoco Corp agreed", "Canada"));
    assert_false(opens("Amoco Canada said so, it and\nAmoco Corp agreed", "Canada"));
    assert_false(opens("Wheat Australia said so. It is the Wheat Board, with wheat", "Australia"));
    assert_false(opens("June Canada rose. It fell in June", "Canada"));
    assert_false(opens("But Britain said so. It is a But and Co", "Britain"));
    assert_false(opens("Northern Ireland said so. It is the Northern Line", "Ireland"));
    assert_false(opens("Ancient Egypt fell. Books on Ancient Rome", "Egypt"));
    /* nor a word in capitals there: a dateline ("BAGHDAD US warplanes") */
    assert_false(opens("BAGHDAD US warplanes fired on east Baghdad", "US"));
    /* the word itself, at its sentence start, is no evidence */
    assert_false(opens("it rained. Amoco Canada said so", "Canada"));
}

static int after(const char *text, const char *word, size_t n, int is_org, size_t *legal_end)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    *legal_end = 0;
    entidx_lower_words lw = ENTIDX_LOWER_WORDS_INIT;
    r = entidx__ctx_name_words_after(&c.toks, text, tok_of(&c, word), n, is_org, legal_end, &lw);
    entidx__ctx_lower_words_reset(&lw);
    if (r == ENTIDX_CTX_EXTEND)
        *legal_end -= tok_of(&c, word); /* as a count of tokens from the match */
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_name_words_after(void **state)
{
    size_t end;
    (void)state;
    assert_int_equal(after("the win over Bayer Leverkusen on", "Bayer", 1, 1, &end),
                     ENTIDX_CTX_PART);
    assert_int_equal(after("he sold US Treasuries today", "US", 1, 0, &end), ENTIDX_CTX_PART);
    /* a word the text also writes in lower case is a common word */
    assert_int_equal(after("the UK Government said the government", "UK", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    assert_int_equal(after("the UK Government said the cabinet", "UK", 1, 0, &end),
                     ENTIDX_CTX_PART);
    /* an adverb of time is no name's word ("Russia Next to get", "Japan Today says") */
    assert_int_equal(after("Russia Next to get Windows", "Russia", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("but Japan Today says so", "Japan", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("but Japan Tobacco says so", "Japan", 1, 0, &end), ENTIDX_CTX_PART);
    /* members of a body, of a faith or a people: no name's word ("Labour MPs",
       "Bosnian Muslims") */
    assert_int_equal(after("Some 32 Labour MPs voted", "Labour", 1, 1, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("the Bosnian Muslims fled", "Bosnian", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("the Bosnian Muslim Party said", "Bosnian", 1, 0, &end),
                     ENTIDX_CTX_PART);
    /* ... unless the run ends in an organisation's head word, for a country */
    assert_int_equal(after("the Japan Aluminium Federation said aluminium", "Japan", 1, 0, &end),
                     ENTIDX_CTX_PART);
    assert_int_equal(
        after("the Japan Aluminium prices rose and aluminium fell", "Japan", 1, 0, &end),
        ENTIDX_CTX_OWN);
    /* "People's" is part of a party's name; another possessive ends the run */
    assert_int_equal(
        after("oust the Pakistan People's Party as people want", "Pakistan", 1, 0, &end),
        ENTIDX_CTX_PART);
    assert_int_equal(
        after("the Japan Finance's Party agreed, the party and finance", "Japan", 1, 0, &end),
        ENTIDX_CTX_OWN);
    /* an organisation keeps its own name: "Barclays Bank" is Barclays */
    assert_int_equal(after("Barclays Bank said the bank", "Barclays", 1, 1, &end), ENTIDX_CTX_OWN);
    /* plc in lower case ends an organisation's run; "as" does not */
    assert_int_equal(after("Barclays Bank plc said", "Barclays", 1, 1, &end), ENTIDX_CTX_EXTEND);
    assert_int_equal(end, 3);
    assert_int_equal(after("Merrill Lynch Capital Markets as arranger", "Merrill", 1, 1, &end),
                     ENTIDX_CTX_PART);
    /* titles and days keep the country */
    assert_int_equal(after("said U.S. District Judge Ann Lee", "U.S.", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("the Japan Finance Minister said", "Japan", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("ahead of the U.S. Labor Day holiday", "U.S.", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    /* acronyms, possessives, lower case, function words, line ends */
    assert_int_equal(after("Mexico GDP forecast", "Mexico", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("as Jordan's King Hussein said", "Jordan", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("Germany and France", "Germany", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("Germany In Talks", "Germany", 1, 0, &end), ENTIDX_CTX_OWN);
    assert_int_equal(after("we saw Australia\nMark Waugh bat", "Australia", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    assert_int_equal(after("the end of it", "it", 1, 0, &end), ENTIDX_CTX_OWN);
    /* an organisation's run ending in a legal form extends it */
    assert_int_equal(after("made by Kia Motor Corp of Seoul", "Kia", 1, 1, &end),
                     ENTIDX_CTX_EXTEND);
    assert_int_equal(end, 3);
    /* after "Co", "Ltd" too: the company's name is "Nomura Securities Co Ltd" */
    assert_int_equal(after("lead manager Nomura Securities Co Ltd said", "Nomura", 1, 1, &end),
                     ENTIDX_CTX_EXTEND);
    assert_int_equal(end, 4);
    assert_int_equal(after("Nomura Securities Co Ltd. said", "Nomura", 1, 1, &end),
                     ENTIDX_CTX_EXTEND);
    assert_int_equal(end, 4);
    /* ... even where the text writes the run's words in lower case too */
    assert_int_equal(after("Nomura Research Institute Ltd cut its research", "Nomura", 1, 1, &end),
                     ENTIDX_CTX_EXTEND);
    assert_int_equal(end, 4);
    assert_int_equal(after("Nomura Research said research", "Nomura", 1, 1, &end), ENTIDX_CTX_OWN);
    /* not for a country */
    assert_int_equal(after("Tyndall Australia Ltd rose", "Australia", 1, 0, &end), ENTIDX_CTX_PART);
}

/* Past the first few questions the text's lower-case words are collected: same answers. */
static void test_ctx_lower_words_collected_give_the_same_answers(void **state)
{
    char text[2048] = "";
    entidx_lower_words lw = ENTIDX_LOWER_WORDS_INIT;
    ctx_text c;
    size_t end = 0, asked = 0;
    (void)state;
    for (int k = 0; k < 12; k++)
        strcat(text, "the UK Government and UK Treasuries said; ");
    strcat(text, "the government agreed.");
    ctx_open(&c, text);
    for (size_t i = 0; i < c.toks.n; i++) {
        const char *w = c.toks.norm.ptr + c.toks.v[i].norm_off;
        if (c.toks.v[i].norm_len != 2 || memcmp(w, "uk", 2) != 0)
            continue;
        asked++;
        assert_int_equal(entidx__ctx_name_words_after(&c.toks, text, i, 1, 0, &end, &lw),
                         asked % 2 ? ENTIDX_CTX_OWN : ENTIDX_CTX_PART);
    }
    assert_int_equal(asked, 24);
    assert_true(lw.built);
    entidx__ctx_lower_words_reset(&lw);
    entidx_tokens_dispose(&c.toks);
}

static int country_rule_of(const char *text, const char *word, size_t n, size_t prev_org_end_at,
                           int adjective)
{
    ctx_text c;
    int r;
    size_t i;
    ctx_open(&c, text);
    i = tok_of(&c, word);
    r = entidx__ctx_country_in_other_name(&c.toks, text, i, n, prev_org_end_at ? i : SIZE_MAX,
                                          adjective);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static int country_rule(const char *text, const char *word, size_t n, size_t prev_org_end_at)
{
    return country_rule_of(text, word, n, prev_org_end_at, 0);
}

static void test_ctx_country_in_other_name(void **state)
{
    (void)state;
    assert_true(country_rule("ISRAEL RADIO SAID", "ISRAEL", 1, 0));
    assert_true(country_rule("in Mexico City today", "Mexico", 1, 0));
    assert_true(country_rule("the Bank of Finland said", "Finland", 1, 0));
    assert_true(country_rule("group Human Rights in China said", "China", 1, 0));
    assert_true(country_rule("the Interim Force in Lebanon left", "Lebanon", 1, 0));
    assert_true(country_rule("a Movement for Democracy in Kenya", "Kenya", 1, 0));
    assert_false(country_rule("group human rights in China said", "China", 1, 0));
    assert_false(country_rule("Talks in China ended", "China", 1, 0));
    assert_false(country_rule("the Embassy in Moscow said", "Moscow", 1, 0));
    assert_true(country_rule("the Revolutionary Armed Forces of Colombia", "Colombia", 1, 0));
    assert_true(country_rule("at Toyota Australia", "Australia", 1, 1));
    assert_false(country_rule("the people of Finland", "Finland", 1, 0));
    /* "of America" after any capitalised word ends an organisation's name */
    assert_true(country_rule("the United Steelworkers of America said", "America", 1, 0));
    assert_true(country_rule("talks with Volkswagen of America on", "America", 1, 0));
    assert_false(country_rule("the people of America said", "America", 1, 0));
    assert_false(country_rule("the Steelworkers of Canada said", "Canada", 1, 0));
    assert_false(country_rule("U.S. District Judge Mark Wolf", "U.S.", 1, 0));
    assert_true(country_rule("the U.S. District Court ruled", "U.S.", 1, 0));
    /* "of the" before a country named with its article */
    assert_true(country_rule("the Coconut Associations of the Philippines", "Philippines", 1, 0));
    assert_false(country_rule("the people of the Philippines", "Philippines", 1, 0));
    assert_false(country_rule("a Bank in the Philippines", "Philippines", 1, 0));
    assert_false(country_rule("Dow Chemical Co of the United States", "United", 2, 0));
    assert_false(country_rule_of("the Office of the Swiss cantonal banks", "Swiss", 1, 0, 1));
    assert_true(country_rule_of("the Office of the Swiss cantonal banks", "Swiss", 1, 0, 0));
    assert_true(country_rule_of("the Bank of Swiss said", "Swiss", 1, 0, 1));
    /* a broadcaster's or airline's head word, even at the start of a sentence */
    assert_true(country_rule("Radio New Zealand reported", "New", 2, 0));
    assert_true(country_rule("said. Television Ireland reported", "Ireland", 1, 0));
    assert_true(country_rule("Air Malta flew", "Malta", 1, 0));
    assert_true(country_rule("state TV Ireland reported", "Ireland", 1, 0));
    assert_false(country_rule("the radio Ireland heard", "Ireland", 1, 0));
    assert_false(country_rule("on radio. Ireland said", "Ireland", 1, 0));
    assert_false(country_rule("Radio, Ireland said", "Ireland", 1, 0));
}

/*
 * Text wrapped at a fixed width (newswire archives): a line feed after a line
 * of 50 bytes or more, before a line that is not indented and whose first word
 * would not have fitted, is a space to the neighbour rules; a short line, an
 * indented next line (a paragraph), a blank line, or the lines of an address
 * or signature still end the run.
 */
static void test_ctx_soft_line_breaks_inside_names(void **state)
{
    size_t end;
    (void)state;
    assert_int_equal(after("The soybean market was quiet, said the American Soybean\n"
                           "Association on Monday, and the soybean crop grew.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_PART);
    assert_int_equal(after("The soybean market was quiet, said the American Soybean\n"
                           "    Association on Monday, and the soybean crop grew.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    assert_int_equal(after("A soy market was quiet, said the American Soybean\n"
                           "Association on Monday, and the soybean crop grew.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_OWN); /* a line of 49 bytes */
    assert_int_equal(after("Aa soy market was quiet, said the American Soybean\n"
                           "Association on Monday, and the soybean crop grew.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_PART); /* 50 bytes */
    assert_int_equal(after("The soybean market was quiet, said the American Soybean\n\n"
                           "Association on Monday, and the soybean crop grew.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    /* "Association" would have fitted on a line as long as the next one (76) */
    assert_int_equal(after("The soybean market was quiet, said the American Soybean\n"
                           "Association on Monday, while the soybean crop grew in most of the US "
                           "states.",
                           "American", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    /* a signature: a label, or a short line that ends no sentence */
    assert_int_equal(after("Send letters to Jane Roe, 12 Imaginary Road, Lyon 69000, France\n"
                           "Phone: 01 23 45 67 89, fax 01 98 76 54 32, both in office hours only",
                           "France", 1, 0, &end),
                     ENTIDX_CTX_OWN);
    assert_false(before("Department of Widget Studies, Imaginary University of Lyon\n"
                        "France\n"
                        "jane@example.org",
                        "France", 1));
    assert_true(before("Department of Widget Studies, Imaginary University of Lyon\n"
                       "France said.",
                       "France", 1));
    /* a short next line must end a sentence, also before the text's end */
    assert_false(before("Jane Roe\n"
                        "Department of Widget Studies, Imaginary University of Lyon\n"
                        "France\n",
                        "France", 1));
    assert_true(before("Department of Widget Studies, Imaginary University of Lyon\n"
                       "France said.\n"
                       "More words follow on another line.",
                       "France", 1));
    assert_false(before("Department of Widget Studies, Imaginary University of Lyon\n"
                        "France said\n"
                        "more words follow on another line.",
                        "France", 1));
    assert_true(before("Shares rose at the London brokerage house Kleinwort Benson\n"
                       "Australia Ltd on Monday",
                       "Australia", 1));
    /* lines laid out in columns (a signature, a table) are no wrapped prose */
    assert_true(before("Jane Roe, Department of Widget Studies, Imaginary University of Lyon\n"
                       "France said so to everybody who came by here that day.",
                       "France", 1));
    assert_false(before("Jane Roe   Department of Widget Studies, Imaginary University of Lyon\n"
                        "France said so to everybody who came by here that day.",
                        "France", 1));
    assert_false(before("Jane Roe, Department of Widget Studies,\tImaginary University of Lyon\n"
                        "France said so to everybody who came by here that day.",
                        "France", 1));
    assert_false(before("Shares rose at the London brokerage house Kleinwort Benson\n"
                        "  Australia Ltd on Monday",
                        "Australia", 1));
    assert_true(country_rule("and the news came from the state-owned broadcaster Radio\n"
                             "New Zealand on Monday",
                             "New", 2, 0));
}

/*
 * Columns (three spaces in a row, or a tab) are found wherever they stand in
 * a line: the scan reads a line in blocks, and a run may straddle two.
 */
static void test_ctx_columns_anywhere_in_a_line(void **state)
{
    static const char line[] =
        "Jane Roe, Department of Widget Studies, Imaginary University of Lyon";
    static const char next[] = "\nFrance said so to everybody who came by here that day.";
    char text[256];
    (void)state;
    for (size_t p = 1; p + 1 < sizeof(line) - 1; p++) {
        static const char *const gaps[] = {"  ", "   ", "\t"};
        if (line[p] != ' ')
            continue;
        for (size_t g = 0; g < 3; g++) {
            int wrapped;
            snprintf(text, sizeof(text), "%.*s%s%s%s", (int)p, line, gaps[g], line + p + 1, next);
            wrapped = before(text, "France", 1);
            if (wrapped != (g == 0)) /* two spaces are no column */
                fail_msg("gap %zu at byte %zu: wrapped %d in \"%s\"", g, p, wrapped, text);
        }
    }
}

/* A rule about the words after `word` (a demonym), asked of text. */
typedef int words_after_rule(const entidx_tokens *toks, const char *text, size_t j);

static int ask_after(words_after_rule *rule, const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = rule(&c.toks, text, tok_of(&c, word) + 1);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static int language_compound(const char *text, const char *word)
{
    return ask_after(entidx__ctx_language_compound_after, text, word);
}

static void test_ctx_language_compound_after(void **state)
{
    (void)state;
    assert_true(language_compound("the Spanish-speaking world", "Spanish"));
    assert_true(language_compound("a French-language daily", "French"));
    assert_true(language_compound("in GERMAN-SPEAKING cantons", "GERMAN"));
    assert_false(language_compound("the Spanish speaking at the summit", "Spanish"));
    assert_false(language_compound("a French - language row", "French"));
    assert_false(language_compound("the Spanish-led talks", "Spanish"));
    assert_false(language_compound("the Spanish", "Spanish"));
}

static int state_institution(const char *text, const char *word)
{
    return ask_after(entidx__ctx_state_institution_after, text, word);
}

static void test_ctx_state_institution_after(void **state)
{
    (void)state;
    assert_true(state_institution("the Italian Treasury said", "Italian"));
    assert_true(state_institution("the Japanese Finance Ministry said", "Japanese"));
    assert_true(state_institution("the Dutch Central Bank cut", "Dutch"));
    assert_true(state_institution("the Turkish Foreign Affairs Ministry", "Turkish"));
    assert_true(state_institution("the Indian Ministry of Finance said", "Indian"));
    assert_true(state_institution("The British Government.", "British"));
    assert_true(state_institution("the French Air Force flew", "French"));
    assert_true(state_institution("the Nigerian Army said", "Nigerian"));
    assert_true(state_institution("the Dutch Economics Ministry said", "Dutch"));
    /* a run that goes on past the head word is another name */
    assert_false(state_institution("the Nigerian Army Corps said", "Nigerian"));
    assert_false(state_institution("the German Government Securities Fund", "German"));
    /* words that are no ministry's portfolio make the run a name */
    assert_false(state_institution("the American Pork Congress met", "American"));
    assert_false(state_institution("the Indian National Congress won", "Indian"));
    assert_false(state_institution("the Chinese Development Bank lent", "Chinese"));
    assert_false(state_institution("the Japanese Bank said", "Japanese"));
    assert_false(state_institution("the Japanese Trade Bank lent", "Japanese"));
    /* lower case, another line, a possessive, or punctuation between */
    assert_false(state_institution("the Italian treasury said", "Italian"));
    assert_false(state_institution("the Italian\nTreasury said", "Italian"));
    assert_false(state_institution("an Italian, Treasury said", "Italian"));
    assert_false(state_institution("the Italian Finance said", "Italian"));
    assert_false(state_institution("the Italian", "Italian"));
}

static int government(const char *text, const char *word)
{
    return ask_after(entidx__ctx_government_after, text, word);
}

static void test_ctx_government_after(void **state)
{
    (void)state;
    assert_true(government("the interim Iraq Government said", "Iraq"));
    assert_true(government("Sudan Govt rejects call", "Sudan"));
    assert_true(government("Iraq Govt. Seeks to confirm", "Iraq"));
    assert_true(government("the Iraq Government", "Iraq"));
    /* other institutions after the name itself are names of their own */
    assert_false(government("the Australia Senate voted", "Australia"));
    assert_false(government("the Israel Army said", "Israel"));
    /* a run that goes on past it, lower case, punctuation or another line */
    assert_false(government("the Japan Government Securities Fund", "Japan"));
    assert_false(government("the Iraq government said", "Iraq"));
    assert_false(government("in Iraq, Government sources", "Iraq"));
    assert_false(government("in Iraq\nGovernment sources", "Iraq"));
    assert_false(government("in Iraq", "Iraq"));
}

static int person_at(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_person_name_at(&c.toks, text, tok_of(&c, word));
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_person_name_at(void **state)
{
    (void)state;
    assert_true(person_at("director Neil Jordan said", "Jordan"));
    assert_true(person_at("Trevor Holland, 52, was", "Holland"));
    assert_true(person_at("recognised Mr Holland in", "Holland"));
    assert_true(person_at("TONY JORDAN WINS", "JORDAN"));
    assert_false(person_at("the Golan Heights Israel captured", "Israel"));
    assert_false(person_at("King Hussein of Jordan", "Jordan"));
    assert_false(person_at("Neighbouring Jordan said", "Jordan"));
    assert_false(person_at("with Neil. Jordan said", "Jordan"));
    assert_false(person_at("Jordan said", "Jordan"));
    assert_false(person_at("tony jordan", "jordan"));
    /* a given name and a middle initial before it */
    assert_true(person_at("said David M. Holland, who", "Holland"));
    assert_true(person_at("said Mr M. Holland, who", "Holland"));
    assert_false(person_at("said Paris M. Holland, who", "Holland"));
    assert_true(person_at("said David M Holland, who", "Holland"));
    assert_false(person_at("said David MB Holland, who", "Holland"));
    assert_false(person_at("said David. M. Holland, who", "Holland"));
    assert_false(person_at("said David M-Holland, who", "Holland"));
}

static int after_title(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_after_personal_title(&c.toks, text, tok_of(&c, word));
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_after_personal_title(void **state)
{
    (void)state;
    assert_true(after_title("said Mr Irish, who", "Irish"));
    assert_true(after_title("said Mr. Turkish, who", "Turkish"));
    assert_true(after_title("Mrs French and Ms German", "French"));
    assert_true(after_title("Mrs French and Ms German", "German"));
    assert_true(after_title("asked Dr Kenya", "Kenya"));
    assert_true(after_title("MR IRISH SAYS", "IRISH"));
    /* "DR Congo" is the country; a pageant's "Miss Peru" names it too */
    assert_false(after_title("fighting in DR Congo", "Congo"));
    assert_false(after_title("Miss Peru won", "Peru"));
    /* only right after the title, spaced, in the same sentence */
    assert_false(after_title("Mr Smith of Ireland", "Ireland"));
    assert_false(after_title("Mr-Irish", "Irish"));
    assert_false(after_title("Mr, Irish", "Irish"));
    assert_false(after_title("Irish", "Irish"));
    assert_false(after_title("the mr Irish", "Irish"));
}

/* Is the word after `word` (a name) a state's abbreviation after a comma? */
static int state_after(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_state_after_comma(&c.toks, text, strlen(text), tok_of(&c, word) + 1);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_state_after_comma(void **state)
{
    (void)state;
    assert_true(state_after("a bank in Lebanon, Pa., said", "Lebanon"));
    assert_true(state_after("Peru, Ind. The town", "Peru"));
    assert_true(state_after("in Mexico, N.Y., where", "Mexico"));
    assert_true(state_after("LEBANON, PA. (AP) -", "LEBANON"));
    assert_true(state_after("near Paris, Ont.", "Paris"));
    /* the dot is the evidence: a postal code or a word without one is not */
    assert_false(state_after("Holland, MI 49423", "Holland"));
    assert_false(state_after("Lebanon, Pa said", "Lebanon"));
    /* a list of countries, a state in full (a list as often), other words */
    assert_false(state_after("Lebanon, Peru, Mexico", "Lebanon"));
    assert_false(state_after("Mexico, Texas and California", "Mexico"));
    assert_false(state_after("Jordan, Dr. Smith said", "Jordan"));
    /* only right after the name, a comma and one space, capitalised */
    assert_false(state_after("Lebanon ,Pa. said", "Lebanon"));
    assert_false(state_after("Lebanon,  Pa. said", "Lebanon"));
    assert_false(state_after("Lebanon; Pa. said", "Lebanon"));
    assert_false(state_after("Lebanon, pa. said", "Lebanon"));
    assert_false(state_after("in Lebanon", "Lebanon"));
}

static int ticker(const char *text, const char *word, size_t n)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_ticker(&c.toks, text, strlen(text), tok_of(&c, word), n);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_ticker(void **state)
{
    (void)state;
    assert_true(ticker("Rockwell International Corp <ROK> said", "ROK", 1));
    assert_true(ticker("ROCKWELL <ROK> GETS ORDER", "ROK", 1));
    assert_true(ticker("the 3M Co <3M> said", "3M>", 1));
    /* a name in brackets is a name: Reuters brackets unlisted companies too */
    assert_false(ticker("said <Bank of New Zealand> on Monday", "Bank", 4));
    assert_false(ticker("<SAMSUNG CO> CALLS", "SAMSUNG", 2));
    assert_false(ticker("a unit of <Nestle> said", "Nestle", 1));
    /* both brackets, right against the word */
    assert_false(ticker("Corp <ROK said", "ROK", 1));
    assert_false(ticker("Corp ROK> said", "ROK", 1));
    assert_false(ticker("Corp < ROK > said", "ROK", 1));
    assert_false(ticker("<ROK", "ROK", 1));
    assert_false(ticker("ROK>", "ROK", 1));
}

static int portfolio_office(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_portfolio_office(&c.toks, text, tok_of(&c, word), 1);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_portfolio_office(void **state)
{
    (void)state;
    assert_true(portfolio_office("said Labour Minister Norman Fowler", "Labour"));
    assert_true(portfolio_office("the Labor Department said", "Labor"));
    assert_true(portfolio_office("on Labour Day", "Labour"));
    assert_true(portfolio_office("the TRADE MINISTRY said", "TRADE"));
    /* the party: no office after it, or not right after it */
    assert_false(portfolio_office("Labour said", "Labour"));
    assert_false(portfolio_office("the Labour Party said", "Labour"));
    assert_false(portfolio_office("Labour minister", "Labour"));
    assert_false(portfolio_office("Labour, Minister", "Labour"));
    assert_false(portfolio_office("Labour.\nMinister", "Labour"));
    assert_false(portfolio_office("Likud Minister Ariel Sharon", "Likud"));
}

static int company_before(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_company_word_before(&c.toks, text, tok_of(&c, word));
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_company_word_before(void **state)
{
    (void)state;
    assert_true(company_before("Shell Canada said", "Canada"));
    assert_true(company_before("said Shell Canada", "Canada"));
    assert_true(company_before("FORD CANADA SALES", "CANADA"));
    assert_true(company_before("unit, Ford New Zealand", "New"));
    /* a qualifier or function word of the country, not a name */
    assert_false(company_before("Northern Ireland voted", "Ireland"));
    assert_false(company_before("Southern Lebanon", "Lebanon"));
    assert_false(company_before("But Canada said", "Canada"));
    /* not the first word of its run */
    assert_false(company_before("BBC News China said", "China"));
    assert_true(company_before("the BBC. News China said", "China"));
    /* spaced, in one sentence, after a capitalised word */
    assert_false(company_before("Shell, Canada said", "Canada"));
    assert_false(company_before("Shell-Canada", "Canada"));
    assert_false(company_before("in the shell Canada said", "Canada"));
    assert_false(company_before("Canada said", "Canada"));
}

static int told_before(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_told_before(&c.toks, tok_of(&c, word));
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_told_before(void **state)
{
    (void)state;
    assert_true(told_before("He told Reuters Japan is", "Reuters"));
    assert_true(told_before("officials assured the IMF", "the"));
    assert_true(told_before("She tells Reuters", "Reuters"));
    /* a verb in lower case, in the same sentence, right before */
    assert_false(told_before("He told. Reuters Japan said", "Reuters"));
    assert_false(told_before("TOLD REUTERS", "REUTERS"));
    assert_false(told_before("He told the Reuters", "Reuters"));
    assert_false(told_before("He said Reuters Japan", "Reuters"));
    assert_false(told_before("Reuters Japan", "Reuters"));
}

static int institution_of(const char *text, const char *word, size_t n)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_institution_of(&c.toks, tok_of(&c, word), n);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_institution_of(void **state)
{
    (void)state;
    assert_true(institution_of("the Bank of Japan Ltd", "Bank", 3));
    assert_true(institution_of("the Bank of the Philippine Islands", "Bank", 5));
    assert_false(institution_of("the Bank of Japan Ltd", "Bank", 2));
    assert_false(institution_of("the Bank Of Japan Ltd", "Bank", 3));
    assert_false(institution_of("the Bank in Japan Ltd", "Bank", 3));
    assert_false(institution_of("the Toyota of Japan Ltd", "Toyota", 3));
}

static int numbered_label(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_numbered_label(&c.toks, text, strlen(text), tok_of(&c, word), 1);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_numbered_label(void **state)
{
    (void)state;
    assert_true(numbered_label("Chris DoD #0362 rides", "DoD"));
    assert_true(numbered_label("DoD# 114", "DoD"));
    assert_true(numbered_label("ABC #2", "ABC"));
    /* a word in lower or Title Case, no number, or more than a space between */
    assert_false(numbered_label("Boeing #1 plant", "Boeing"));
    assert_false(numbered_label("the DoD #tag", "DoD"));
    assert_false(numbered_label("the DoD  #2", "DoD"));
    assert_false(numbered_label("the DoD said", "DoD"));
    assert_false(numbered_label("the DoD #", "DoD"));
}

static int pronoun(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_pronoun_in_capitals(&c.toks, text, strlen(text), tok_of(&c, word), 1);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_pronoun_in_capitals(void **state)
{
    (void)state;
    /* after a word that is no determiner or preposition, a word after it */
    assert_true(pronoun("(3) A PERSON WHO HAS CHANGED HIS RESIDENCE", "WHO"));
    assert_true(pronoun("NORANDA REVISES NUMBER OF MINERS WHO WERE TRAPPED", "WHO"));
    /* opening a question */
    assert_true(pronoun("Please. WHO CARES? Of what value is it", "WHO"));
    assert_true(pronoun("in finals...WHO WON?   Please post.", "WHO"));
    assert_true(pronoun("the motherboard [WHO DOES THESE?], and", "WHO"));
    /* the organisation: after a determiner, a preposition, a number, a word in
       Title Case; opening a sentence that is no question; before a possessive */
    assert_false(pronoun("tests conducted by the WHO and the Pan American", "WHO"));
    assert_false(pronoun("mentioned in a WHO climate report", "WHO"));
    assert_false(pronoun("reports from WHO staff", "WHO"));
    assert_false(pronoun("58 WHO collaborating laboratories", "WHO"));
    assert_false(pronoun("Sudan Questions WHO Darfur Deaths Figures", "WHO"));
    assert_false(pronoun("WHO would like the developing countries to act.", "WHO"));
    assert_false(pronoun("WHO SAYS FLU SPREADS", "WHO"));
    assert_false(pronoun("doesn't tell you WHO's doing it", "WHO"));
    assert_false(pronoun("the UN and WHO said", "WHO"));
    assert_false(pronoun("BIDEN MEETS WHO CHIEF", "WHO"));
    /* after a word in lower case: a verb's object as often as not, so not looked at */
    assert_false(pronoun("Joseph R. Biden met WHO officials", "WHO"));
    assert_false(pronoun("to show Gant exactly WHO was in charge", "WHO"));
    assert_false(pronoun("IS WHO READY?", "WHO"));
    assert_false(pronoun("\"WHO TODAY REMEMBERS THE ARMENIANS.\"\n\nAre you sure?", "WHO"));
    /* another word in capitals */
    assert_false(pronoun("(3) A PERSON UN HAS CHANGED HIS RESIDENCE", "UN"));
}

static int data_line(const char *text, const char *word)
{
    ctx_text c;
    int r;
    ctx_open(&c, text);
    r = entidx__ctx_data_line(&c.toks, text, strlen(text), tok_of(&c, word));
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_data_line(void **state)
{
    (void)state;
    /* a uuencoded line, alone or indented among others */
    assert_true(
        data_line("M9QF\"/RZ7]W95?_3U!S:08F8.%0A:9?1K5<=\\EU>?+SOP\\,UCPVJJ6N$'A!\"H", "EU>"));
    assert_true(
        data_line("begin 644 x\n  M9QF/RZ7]W95?_3U!S:08F8.0A:9?1K5<=EU>?+SOP,UCPVJ  \nend", "EU>"));
    /* 39 bytes are not enough, 40 are; a space, the line's other words or non-ASCII
       bytes break the run */
    assert_false(data_line("M9QF/RZ7]W95?_3U!S:08F8.0A:9?1K5<=EU>?+", "EU>"));
    assert_true(data_line("M9QF/RZ7]W95?_3U!S:08F8.0A:9?1K5<=EU>?+S", "EU>"));
    assert_false(data_line("M9QF/RZ7]W95?_3U!S:08 F8.0A:9?1K5<=EU>?+SOP,UCPVJ", "EU>"));
    assert_false(data_line("see M9QF/RZ7]W95?_3U!S:08F8.0A:9?1K5<=EU>?+SOP,UCPVJ", "EU>"));
    assert_false(data_line("M9QF/RZ7]W95?_3U!S:08F8.0A:9?1K5<=EU>?+SOP,UCPVJ now", "EU>"));
    assert_false(data_line("M9QF/RZ7]W95?_3U!S:08F8\xc3\xa9"
                           "0A:9?1K5<=EU>?+SOP,UCPVJ",
                           "EU>"));
    /* a uuencoded line with spaces: 'M' and 60 bytes from ' ' to '`', many of them
       punctuation; not a headline of the same length in capitals, nor one byte short */
    assert_true(data_line("M&SNV\"F-WK%V*AHE?EU?9?6F4Z,8;=+! :G '<OB&ITMBZZ1\\I9;1ZI097MF=", "EU"));
    assert_true(data_line(
        "begin 644 x\nM&SNV\"F-WK%V*AHE?EU?9?6F4Z,8;=+! :G '<OB&ITMBZZ1\\I9;1ZI097MF=\r\n", "EU"));
    assert_false(data_line("M&SNV\"F-WK%V*AHE?EU?9?6F4Z,8;=+! :G '<OB&ITMBZZ1\\I9;1ZI097MF", "EU"));
    assert_false(data_line("> M&SNV\"F-WK%V*AHE?EU?9?6F4Z,8;=+! :G '<OB&ITMBZZ1\\I9;1ZI097", "EU"));
    assert_false(data_line("MINISTERS OF THE EU MEET IN BRUSSELS ON FARM PRICES AND QUOTA", "EU"));
    /* (a word with blanks on both sides is not looked at, on such a line too) */
    assert_false(
        data_line("M&SNV\"F-WK%V*AHE? EU 9?6F4Z,8;=+!:G '<OB&ITMBZZ1\\I9;1ZI097MF=", "EU"));
    /* a table's row with dot leaders, and prose */
    assert_false(data_line("KUWAIT..........18.51......18.33......15.42", "KUWAIT"));
    assert_false(data_line("The EU said so on Monday in a long sentence of prose.", "EU"));
}

static int slot(const char *text, const char *word, size_t n)
{
    ctx_text c;
    int r;
    size_t i;
    ctx_open(&c, text);
    i = tok_of(&c, word);
    r = entidx__ctx_table_slot(&c.toks, text, strlen(text), i, i + n);
    entidx_tokens_dispose(&c.toks);
    return r;
}

static void test_ctx_table_slots(void **state)
{
    (void)state;
    assert_int_equal(slot("Monaco 3 1 1 1 5 3 4", "Monaco", 1), ENTIDX_SLOT_SCORE);
    assert_int_equal(slot("x\nBayer Leverkusen 0 Fortuna 1", "Bayer", 2), ENTIDX_SLOT_SCORE);
    assert_int_equal(slot("Guingamp 2 Monaco 1", "Monaco", 1), ENTIDX_SLOT_SCORE);
    assert_int_equal(slot("9. Martin Brundle ( Britain ) Jordan 1:55.385", "Jordan", 1),
                     ENTIDX_SLOT_SCORE);
    assert_int_equal(slot("4. McLaren 41 | 5. Jordan 15", "Jordan", 1), ENTIDX_SLOT_SCORE);
    assert_int_equal(slot("Enzo Scifo ( Monaco ) , Vladimir Smicer", "Monaco", 1),
                     ENTIDX_SLOT_PAREN);
    /* not a slot: part of a run, prose, a dateline, a decimal, a long number */
    assert_int_equal(slot("Austria Vienna 6 4 2 0", "Vienna", 1), ENTIDX_SLOT_NONE);
    assert_int_equal(slot("France beat Mexico 2-0 on", "Mexico", 1), ENTIDX_SLOT_NONE);
    assert_int_equal(slot("STUTTGART , Germany 1996-08-25", "Germany", 1), ENTIDX_SLOT_NONE);
    assert_int_equal(slot("Hong Kong 11,424.64 - 54.13", "Hong", 2), ENTIDX_SLOT_NONE);
    assert_int_equal(slot("Japan 2.5 3.1", "Japan", 1), ENTIDX_SLOT_NONE);
    assert_int_equal(slot("Brundle ( Britain", "Britain", 1), ENTIDX_SLOT_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx_titled_lines),
        cmocka_unit_test(test_ctx_name_word_before),
        cmocka_unit_test(test_ctx_name_word_opens_before),
        cmocka_unit_test(test_ctx_name_words_after),
        cmocka_unit_test(test_ctx_country_in_other_name),
        cmocka_unit_test(test_ctx_state_institution_after),
        cmocka_unit_test(test_ctx_government_after),
        cmocka_unit_test(test_ctx_person_name_at),
        cmocka_unit_test(test_ctx_after_personal_title),
        cmocka_unit_test(test_ctx_state_after_comma),
        cmocka_unit_test(test_ctx_ticker),
        cmocka_unit_test(test_ctx_portfolio_office),
        cmocka_unit_test(test_ctx_company_word_before),
        cmocka_unit_test(test_ctx_told_before),
        cmocka_unit_test(test_ctx_institution_of),
        cmocka_unit_test(test_ctx_numbered_label),
        cmocka_unit_test(test_ctx_pronoun_in_capitals),
        cmocka_unit_test(test_ctx_data_line),
        cmocka_unit_test(test_ctx_language_compound_after),
        cmocka_unit_test(test_ctx_table_slots),
        cmocka_unit_test(test_ctx_soft_line_breaks_inside_names),
        cmocka_unit_test(test_ctx_columns_anywhere_in_a_line),
        cmocka_unit_test(test_ctx_lower_words_collected_give_the_same_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
