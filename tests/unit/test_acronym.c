/* SPDX-License-Identifier: MIT */
/*
 * test_acronym.c - tests for src/lib/acronym.c: which runs of words define an
 * acronym in parentheses after them, and when such a run is an entity's name.
 */
#include "test_support.h"
#include "acronym.h"

/* The run that defines acro in text, as a string ("" when there is none). */
static const char *defined(const char *text, const char *acro)
{
    static char out[256];
    const char *run = NULL;
    size_t run_len = 0;
    out[0] = '\0';
    if (entidx__acronym_definition(text, strlen(text), acro, strlen(acro), &run, &run_len)) {
        assert_true(run_len < sizeof(out));
        memcpy(out, run, run_len);
        out[run_len] = '\0';
    }
    return out;
}

static void test_acronym_definition_spelt_by_initials(void **state)
{
    (void)state;
    assert_string_equal(defined("said the Farm Credit Administration (FCA) on Monday", "FCA"),
                        "Farm Credit Administration");
    /* function words give no letter; the run starts at a word that gives one */
    assert_string_equal(
        defined("of the Organisation of Petroleum Exporting Countries (OPEC) met", "OPEC"),
        "Organisation of Petroleum Exporting Countries");
    assert_string_equal(defined("the People's Bank of China (PBoC) cut", "PBoC"),
                        "People's Bank of China");
    /* a dotted abbreviation gives each of its letters; a possessive stays on its word */
    assert_string_equal(defined("the U.S. Department of Agriculture (USDA) said", "USDA"),
                        "U.S. Department of Agriculture");
    assert_string_equal(defined("the Chicago Mercantile Exchange's (CME) rule", "CME"),
                        "Chicago Mercantile Exchange's");
    /* across a line feed, and only the words needed: "US" before is no part */
    assert_string_equal(defined("the US Federal Trade\nCommission (FTC)", "FTC"),
                        "Federal Trade\nCommission");
    /* the first definition that spells it counts; "(FCA)" alone does not */
    assert_string_equal(defined("(FCA) and the Fiat Chrysler Automobiles (FCA)", "FCA"),
                        "Fiat Chrysler Automobiles");
    assert_string_equal(defined("the acronym (USA) for it", "USA"), "");
    /* a stock ticker after the name that it spells, as Reuters writes them */
    assert_string_equal(defined("with Chinese\nPetroleum Corp <CPC> for", "CPC"),
                        "Chinese\nPetroleum Corp");
    assert_string_equal(defined("Rockwell International Corp <ROK> said", "ROK"), "");
}

static void test_acronym_definition_refused(void **state)
{
    (void)state;
    /* initials that do not spell it, a word in lower case, punctuation in the run */
    assert_string_equal(defined("the Federal Trade Commission (FCC) said", "FCC"), "");
    assert_string_equal(defined("the farm credit administration (FCA)", "FCA"), "");
    assert_string_equal(defined("in Farm, Credit Administration (FCA)", "FCA"), "");
    /* a run that ends in a function word, or too few words */
    assert_string_equal(defined("Bank of (BO) there", "BO"), "");
    assert_string_equal(defined("Credit Administration (FCA)", "FCA"), "");
    /* digits, a one-letter acronym, another acronym in the parentheses, none closed */
    assert_string_equal(defined("the Group of Seven (G7) met", "G7"), "");
    assert_string_equal(defined("the Xenon (X) line", "X"), "");
    assert_string_equal(defined("the Farm Credit Administration (FCAS)", "FCA"), "");
    assert_string_equal(defined("the Farm Credit Administration (FCA", "FCA"), "");
    /* text that ends before the parenthesis closes, an empty text */
    assert_string_equal(defined("(", "FCA"), "");
    assert_string_equal(defined("", "FCA"), "");
}

static void test_acronym_definition_long_text(void **state)
{
    char text[2048];
    (void)state;
    /* a window of words before "(": a run longer than it is cut, not read past */
    memset(text, 'a', sizeof(text));
    memcpy(text + 1000, " Farm Credit Administration (FCA)", 33);
    text[1033] = '\0';
    assert_string_equal(defined(text, "FCA"), "Farm Credit Administration");
    memset(text, 'A', 1200);
    memcpy(text + 1200, " (AA)", 6);
    assert_string_equal(defined(text, "AA"), "");
}

static int run_is(const char *run, const char *name)
{
    return entidx__acronym_run_is(run, strlen(run), name);
}

static void test_acronym_run_is_name(void **state)
{
    (void)state;
    assert_true(run_is("World Trade Organization", "World Trade Organization"));
    /* spellings: the same first four letters, one word a prefix of the other */
    assert_true(run_is("World Trade Organisation", "World Trade Organization"));
    assert_true(run_is("Abu Dhabi National Oil Co", "Abu Dhabi National Oil Company"));
    assert_true(run_is("Organization for Economic Cooperation and Development",
                       "Organisation for Economic Co-operation and Development"));
    /* function words, letter case, a possessive, a line feed */
    assert_true(run_is("Organisation of Petroleum\nExporting Countries",
                       "Organization of the Petroleum Exporting Countries"));
    assert_true(run_is("Chicago Mercantile Exchange's", "Chicago Mercantile Exchange"));
    assert_true(run_is("The CHICAGO Mercantile EXCHANGE", "Chicago Mercantile Exchange"));
    /* a dotted abbreviation letter by letter, a hyphen before a capital */
    assert_true(
        run_is("U.S. Department of Agriculture", "United States Department of Agriculture"));
    assert_true(run_is("U.S Department of Agriculture", "United States Department of Agriculture"));
    assert_true(run_is("Agence France Presse", "Agence France-Presse"));
    /* two words or more: the name's first or last words */
    assert_true(
        run_is("Environmental Protection Agency", "United States Environmental Protection Agency"));
    assert_true(
        run_is("Centers for Disease Control", "Centers for Disease Control and Prevention"));
    assert_false(run_is("Agency", "United States Environmental Protection Agency"));
    assert_false(
        run_is("Protection Agency Rules", "United States Environmental Protection Agency"));
    /* other names with the same initials */
    assert_false(run_is("Farm Credit Administration", "Financial Conduct Authority"));
    assert_false(run_is("Islamic Development Bank", "Inter-American Development Bank"));
    assert_false(run_is("Electronic Code Book", "European Central Bank"));
    assert_false(run_is("Parents Television Council", "PTC"));
    assert_false(run_is("", "PTC"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acronym_definition_spelt_by_initials),
        cmocka_unit_test(test_acronym_definition_refused),
        cmocka_unit_test(test_acronym_definition_long_text),
        cmocka_unit_test(test_acronym_run_is_name),
    };
    return cmocka_run_group_tests_name("acronym", tests, NULL, NULL);
}
