/* SPDX-License-Identifier: MIT */
/*
 * test_gazetteer.c - tests for src/lib/gazetteer.c and gazetteer_tsv.c: the
 * TSV format, its error messages with file:line:column, reading by a second
 * thread, lookups and the serialized entity table.
 */
#include "test_support.h"
#include "alloc.h"
#include "gazetteer_int.h"

static const char small[] = "# a comment\n"
                            "\n"
                            "id\ttype\tname\taliases\tcountry\n"
                            "DEU\tCOUNTRY\tGermany\tDeutschland|Federal Republic of Germany\t\n"
                            "USA\tCOUNTRY\tUnited States\tUS|U.S.|America\t\n"
                            "ORG_HUAWEI\tORG\tHuawei\tHuawei Technologies\tCHN\n";

static int load(const char *tsv, entidx_gazetteer **gz, entidx_error *err)
{
    return entidx_gazetteer_load_buffer(gz, "g.tsv", tsv, strlen(tsv), NULL, err);
}

static void test_gazetteer_loads_entities_aliases_and_attributes(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(small);
    entidx_entity e;
    const char *name;
    uint32_t id;
    (void)state;

    assert_int_equal(entidx_gazetteer_count(gz), 3);
    entidx_gazetteer_entity(gz, 1, &e);
    assert_string_equal(e.id, "USA");
    assert_string_equal(e.type, "COUNTRY");
    assert_string_equal(e.name, "United States");
    assert_int_equal(e.n_aliases, 3);
    assert_int_equal(e.n_attrs, 0); /* empty attribute values are not stored */
    assert_string_equal(entidx_gazetteer_alias(gz, 1, 1), "U.S.");
    entidx_gazetteer_entity(gz, 2, &e);
    assert_int_equal(e.n_attrs, 1);
    assert_string_equal(entidx_gazetteer_attr(gz, 2, 0, &name), "CHN");
    assert_string_equal(name, "country");
    assert_int_equal(entidx_gazetteer_find_id(gz, "ORG_HUAWEI", 10, &id), ENTIDX_OK);
    assert_int_equal(id, 2);
    assert_int_equal(entidx_gazetteer_find_id(gz, "FRA", 3, &id), ENTIDX_ENOTFOUND);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_lookup_applies_case_rules(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(small);
    entidx_lookup_match m[4];
    size_t n;
    (void)state;

    assert_int_equal(entidx_gazetteer_lookup(gz, "U.S.", 4, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].entity, 1);
    assert_true(m[0].case_ok);
    assert_string_equal(m[0].alias, "U.S."); /* US shares its key; the alias as typed wins */
    /* "us" folds to the key of US but breaks its capitals-only shape */
    assert_int_equal(entidx_gazetteer_lookup(gz, "us", 2, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_false(m[0].case_ok);
    /* names match as written, in Title Case and in capitals, with accents and case folded */
    assert_int_equal(entidx_gazetteer_lookup(gz, "FEDERAL REPUBLIC OF GERMANY", 27, m, 4, &n, NULL),
                     ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_true(m[0].case_ok);
    assert_string_equal(m[0].alias, "Federal Republic of Germany");
    assert_int_equal(entidx_gazetteer_lookup(gz, "Federal Republic Of Germany", 27, m, 4, &n, NULL),
                     ENTIDX_OK);
    assert_true(m[0].case_ok);
    assert_int_equal(entidx_gazetteer_lookup(gz, "germany", 7, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_false(m[0].case_ok);
    /* a prefix of an alias is not a match */
    assert_int_equal(entidx_gazetteer_lookup(gz, "Federal Republic", 16, m, 4, &n, NULL),
                     ENTIDX_OK);
    assert_int_equal(n, 0);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_lookup_lists_every_entity_sharing_an_alias(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer("id\ttype\tname\taliases\n"
                                        "GEO\tCOUNTRY\tGeorgia\t\n"
                                        "US_GA\tSTATE\tGeorgia State\tGeorgia\n");
    entidx_lookup_match m[4];
    size_t n;
    (void)state;

    assert_int_equal(entidx_gazetteer_lookup(gz, "Georgia", 7, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].entity, 0);
    assert_int_equal(m[1].entity, 1);
    entidx_gazetteer_free(gz);
}

/*
 * A name's control character or bad UTF-8 byte is found wherever it stands
 * (the check reads eight ASCII bytes at a time), and bad UTF-8 is reported
 * before a control character, as by a check of each in turn.
 */
static void test_gazetteer_name_text_check_at_every_position(void **state)
{
    static const struct {
        char byte;
        const char *msg;
    } bad[] = {{'\x01', "contains a control character"},
               {'\x1f', "contains a control character"},
               {'\x7f', "contains a control character"},
               {'\r', "contains a control character"},
               {'\xff', "not valid UTF-8"},
               {'\x80', "not valid UTF-8"}};
    (void)state;
    for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
        for (size_t at = 0; at < 20; at++) {
            char tsv[128], name[24];
            entidx_gazetteer *gz = NULL;
            entidx_error err = ENTIDX_ERROR_INIT;
            int n;
            memcpy(name, "Abcdefghijklmnopqrst", 20);
            name[at] = bad[b].byte;
            n = snprintf(tsv, sizeof(tsv), "id\ttype\tname\nX\tORG\t%.20s Caf\xc3\xa9\n", name);
            assert_entidx_error(
                entidx_gazetteer_load_buffer(&gz, "t.tsv", tsv, (size_t)n, NULL, &err), err,
                ENTIDX_EPARSE, bad[b].msg);
            assert_null(gz);
        }
    }
    /* both: the bad UTF-8 is reported, even after the control character */
    {
        static const char tsv[] = "id\ttype\tname\nX\tORG\tA\x01"
                                  "bcdefghij\xff"
                                  "k\n";
        entidx_gazetteer *gz = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        assert_entidx_error(
            entidx_gazetteer_load_buffer(&gz, "t.tsv", tsv, sizeof(tsv) - 1, NULL, &err), err,
            ENTIDX_EPARSE, "not valid UTF-8");
    }
    /* printable ASCII around a multi-byte character, and space and tilde, are fine */
    {
        static const char tsv[] =
            "id\ttype\tname\nX\tORG\t ~Abcdefgh S\xc3\xa3o Tom\xc3\xa9 ~xyz\n";
        entidx_gazetteer *gz = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        assert_int_equal(
            entidx_gazetteer_load_buffer(&gz, "t.tsv", tsv, sizeof(tsv) - 1, NULL, &err),
            ENTIDX_OK);
        entidx_gazetteer_free(gz);
    }
}

typedef struct bad_case {
    const char *tsv;
    int code;
    uint64_t line, column;
    const char *msg;
} bad_case;

static void test_gazetteer_errors_name_line_and_column(void **state)
{
    static const bad_case cases[] = {
        {"id\ttype\tname\nX\tCOUNTRY\n", ENTIDX_EPARSE, 2, 10,
         "missing field 'name' (line has 2 fields, the header has 3)"},
        {"id\ttype\tname\nX\tCOUNTRY\tA\tB\n", ENTIDX_EPARSE, 2, 12,
         "line has 4 fields, the header has 3"},
        {"id\tname\nX\tA\n", ENTIDX_EPARSE, 1, 1, "lacks the required column 'type'"},
        {"id\ttype\tname\nX\tcountry\tA\n", ENTIDX_EPARSE, 2, 3, "bad type 'country'"},
        {"id\ttype\tname\n\tORG\tA\n", ENTIDX_EPARSE, 2, 1, "empty id"},
        {"id\ttype\tname\nX\tORG\t\n", ENTIDX_EPARSE, 2, 7, "empty name"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\tA||B\n", ENTIDX_EPARSE, 2, 14, "empty alias"},
        {"id\ttype\tname\nX\tORG\tA\nX\tORG\tB\n", ENTIDX_EPARSE, 3, 1, "duplicate id 'X'"},
        {"id\ttype\tname\nX\tORG\t!!!\n", ENTIDX_EPARSE, 2, 7, "has no letters or digits"},
        {"id\ttype\tname\nX\tORG\tA\xff\n", ENTIDX_EPARSE, 2, 7, "not valid UTF-8"},
        {"i\0d\0\t\0", ENTIDX_EPARSE, 1, 2, "NUL byte"},
        {"# only a comment\n", ENTIDX_EPARSE, 1, 0, "no header row"},
        {"id\ttype\tname\tid\n", ENTIDX_EPARSE, 1, 14, "duplicate column 'id'"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\tAC{caps}\n", ENTIDX_EPARSE, 2, 15,
         "unknown flag 'caps'"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\tAC}\n", ENTIDX_EPARSE, 2, 14, "'}' without '{'"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme{exact,anycase}\n", ENTIDX_EPARSE, 2, 7,
         "flags 'exact' and 'anycase' contradict each other"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\t{demonym}\n", ENTIDX_EPARSE, 2, 12, "empty alias"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\tAcme Co{exact}{}\n", ENTIDX_EPARSE, 2, 26,
         "empty flag list '{}'"},
        {"id\ttype\tname\nA B\tORG\tX\n", ENTIDX_EPARSE, 2, 1, "id 'A B' contains a space"},
        {"id\ttype\tname\taliases\nX\tORG\tAcme\tA|\n", ENTIDX_EPARSE, 2, 14, "empty alias"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia\tGeorgie{cued}\t\n", ENTIDX_EPARSE,
         2, 1, "'Georgie' is flagged cued but its row has no cue words (column cues)"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi|South  Ossetia\n",
         ENTIDX_EPARSE, 2, 1,
         "cue 'South  Ossetia' of 'Georgia' is not words joined by one space or hyphen"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi||Soviet\n",
         ENTIDX_EPARSE, 2, 1, "cue '' of 'Georgia' is not words joined by one space or hyphen"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia{cued}\t\t Tbilisi\n", ENTIDX_EPARSE,
         2, 1, "cue ' Tbilisi' of 'Georgia' is not words joined by one space or hyphen"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi-\n", ENTIDX_EPARSE,
         2, 1, "cue 'Tbilisi-' of 'Georgia' is not words joined by one space or hyphen"},
        {"id\ttype\tname\taliases\tcues\nGEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi, Soviet\n",
         ENTIDX_EPARSE, 2, 1,
         "cue 'Tbilisi, Soviet' of 'Georgia' is not words joined by one space or hyphen"},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        entidx_gazetteer *gz = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        size_t len = i == 10 ? 7 : strlen(cases[i].tsv);
        int rc = entidx_gazetteer_load_buffer(&gz, "bad.tsv", cases[i].tsv, len, NULL, &err);
        assert_null(gz);
        assert_entidx_error(rc, err, cases[i].code, cases[i].msg);
        assert_string_equal(err.path, "bad.tsv");
        if (err.line != cases[i].line || err.column != cases[i].column)
            fail_msg("case %zu: got %llu:%llu, want %llu:%llu (%s)", i,
                     (unsigned long long)err.line, (unsigned long long)err.column,
                     (unsigned long long)cases[i].line, (unsigned long long)cases[i].column,
                     err.msg);
    }
}

static void test_gazetteer_allows_trailing_optional_fields_to_be_left_out(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer("id\ttype\tname\taliases\tcountry\n"
                                        "A\tORG\tAcme\n"
                                        "B\tORG\tBeta\tB Corp\n");
    entidx_entity e;
    (void)state;
    entidx_gazetteer_entity(gz, 0, &e);
    assert_int_equal(e.n_aliases, 0);
    assert_int_equal(e.n_attrs, 0);
    entidx_gazetteer_entity(gz, 1, &e);
    assert_int_equal(e.n_aliases, 1);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_parses_alias_flags(void **state)
{
    static const char tsv[] = "id\ttype\tname\taliases\n"
                              "DEU\tCOUNTRY\tGermany\tGermans{demonym}|German{demonym,exact}\n"
                              "GEO\tCOUNTRY\tGeorgia{ambiguous}\tSakartvelo\n";
    entidx_gazetteer *gz = ts_gazetteer(tsv), *back = NULL;
    entidx_buf ser = ENTIDX_BUF_INIT;
    entidx_lookup_match m[2];
    entidx_entity e;
    char buf[64];
    size_t n;
    (void)state;

    entidx_gazetteer_entity(gz, 0, &e);
    assert_string_equal(entidx_gazetteer_alias(gz, 0, 0), "Germans");
    assert_int_equal(entidx_gazetteer_alias_flags(gz, 0, 0), ENTIDX_ALIAS_DEMONYM);
    assert_int_equal(entidx_gazetteer_alias_flags(gz, 0, 1),
                     ENTIDX_ALIAS_DEMONYM | ENTIDX_ALIAS_EXACT);
    assert_string_equal(
        entidx_alias_flags_format(ENTIDX_ALIAS_DEMONYM | ENTIDX_ALIAS_EXACT, buf, sizeof(buf)),
        "demonym,exact");
    entidx_gazetteer_entity(gz, 1, &e);
    assert_string_equal(e.name, "Georgia");
    assert_int_equal(e.name_flags, ENTIDX_ALIAS_AMBIGUOUS);
    assert_string_equal(e.path, "test.tsv");
    assert_int_equal(e.line, 3);
    /* ambiguous names are off by default: reported, but skipped */
    assert_int_equal(entidx_gazetteer_lookup(gz, "Georgia", 7, m, 2, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_true(m[0].skipped);
    assert_int_equal(m[0].flags, ENTIDX_ALIAS_AMBIGUOUS);
    /* exact: only as written */
    assert_int_equal(entidx_gazetteer_lookup(gz, "GERMAN", 6, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].case_ok);

    /* flags survive the index's entity table; an index resolves every alias */
    assert_int_equal(entidx__gazetteer_serialize(gz, &ser), ENTIDX_OK);
    assert_int_equal(entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, ser.len, NULL, 0, NULL),
                     ENTIDX_OK);
    assert_int_equal(entidx_gazetteer_alias_flags(back, 0, 1),
                     ENTIDX_ALIAS_DEMONYM | ENTIDX_ALIAS_EXACT);
    assert_int_equal(entidx_gazetteer_lookup(back, "Georgia", 7, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].skipped);
    assert_true(entidx_gazetteer_fingerprint(gz) == entidx_gazetteer_fingerprint(back));
    entidx_gazetteer_free(back);

    /* with the precomputed keys, lookups give the same answers; damaged keys are caught */
    {
        static const char *const names[] = {"Georgia", "GERMAN", "Germans", "germany", "Nowhere"};
        entidx_buf keys = ENTIDX_BUF_INIT;
        entidx_gazetteer *slow = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        assert_int_equal(entidx__gazetteer_serialize_keys(gz, &keys), ENTIDX_OK);
        assert_int_equal(entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, ser.len, keys.ptr,
                                                       keys.len, NULL),
                         ENTIDX_OK);
        assert_int_equal(
            entidx__gazetteer_deserialize(&slow, "x.idx", ser.ptr, ser.len, NULL, 0, NULL),
            ENTIDX_OK);
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            entidx_lookup_match a[4], b[4];
            size_t na, nb;
            assert_int_equal(
                entidx_gazetteer_lookup(back, names[i], strlen(names[i]), a, 4, &na, NULL),
                ENTIDX_OK);
            assert_int_equal(
                entidx_gazetteer_lookup(slow, names[i], strlen(names[i]), b, 4, &nb, NULL),
                ENTIDX_OK);
            assert_int_equal(na, nb);
            for (size_t k = 0; k < na && k < 4; k++) {
                assert_int_equal(a[k].entity, b[k].entity);
                assert_int_equal(a[k].case_ok, b[k].case_ok);
                assert_string_equal(a[k].alias, b[k].alias);
            }
        }
        assert_true(entidx_gazetteer_fingerprint(gz) == entidx_gazetteer_fingerprint(back));
        entidx_gazetteer_free(back);
        entidx_gazetteer_free(slow);
        for (size_t cut = 0; cut + 1 < keys.len; cut += 3) {
            back = NULL;
            assert_int_equal(entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, ser.len,
                                                           keys.ptr, cut, &err),
                             ENTIDX_ECORRUPT);
            assert_null(back);
        }
        entidx_buf_dispose(&keys);
    }
    entidx_buf_dispose(&ser);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_skip_flags_are_chosen_by_the_caller(void **state)
{
    static const char tsv[] = "id\ttype\tname\taliases\n"
                              "DEU\tCOUNTRY\tGermany\tGermans{demonym}\n"
                              "APPLE\tORG\tApple Inc.\tApple{ambiguous}\n";
    entidx_gazetteer_opts opts = {ENTIDX_ALIAS_DEMONYM, NULL};
    entidx_gazetteer *gz = NULL;
    entidx_lookup_match m[2];
    size_t n;
    (void)state;

    assert_int_equal(entidx_gazetteer_load_buffer(&gz, "f.tsv", tsv, strlen(tsv), &opts, NULL),
                     ENTIDX_OK);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Germans", 7, m, 2, &n, NULL), ENTIDX_OK);
    assert_true(m[0].skipped);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Apple", 5, m, 2, &n, NULL), ENTIDX_OK);
    assert_false(m[0].skipped);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_stems_only_aliases_that_ask_for_it(void **state)
{
    static const char tsv[] = "id\ttype\tname\taliases\n"
                              "CAN\tCOUNTRY\tCanada\tCanadian{demonym,stem}\n"
                              "WAL\tREGION\tWales\t\n";
    entidx_gazetteer *gz = ts_gazetteer(tsv);
    entidx_gazetteer_opts opts = {0, "klingon"};
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_lookup_match m[2];
    size_t n;
    (void)state;

    assert_int_equal(entidx_gazetteer_lookup(gz, "Canadians", 9, m, 2, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].alias, "Canadian");
    assert_int_equal(m[0].flags, ENTIDX_ALIAS_DEMONYM | ENTIDX_ALIAS_STEM);
    /* names without the flag are never stemmed */
    assert_int_equal(entidx_gazetteer_lookup(gz, "Wale", 4, m, 2, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 0);
    entidx_gazetteer_free(gz);

    gz = NULL;
    assert_entidx_error(entidx_gazetteer_load_buffer(&gz, "s.tsv", tsv, strlen(tsv), &opts, &err),
                        err, ENTIDX_EINVAL, "unknown stemmer language 'klingon'");
    assert_int_equal(err.line, 2);
    assert_null(gz);
}

static void test_gazetteer_lookup_counts_each_entity_once_beyond_cap(void **state)
{
    char tsv[2048] = "id\ttype\tname\taliases\n";
    entidx_gazetteer *gz;
    entidx_lookup_match m[4];
    size_t n;
    (void)state;
    for (int i = 0; i < 20; i++) {
        size_t used = strlen(tsv);
        snprintf(tsv + used, sizeof(tsv) - used, "E%d\tORG\tFoo\tFOO{exact}\n", i);
    }
    gz = ts_gazetteer(tsv);
    assert_int_equal(entidx_gazetteer_lookup(gz, "Foo", 3, m, 4, &n, NULL), ENTIDX_OK);
    assert_int_equal(n, 20);
    assert_int_equal(m[3].entity, 3);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_error_format_is_compiler_style(void **state)
{
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    char buf[300];
    (void)state;

    assert_int_equal(load("id\ttype\tname\nX\tbad\tA\n", &gz, &err), ENTIDX_EPARSE);
    assert_string_equal(entidx_error_format(&err, buf, sizeof(buf)),
                        "g.tsv:2:3: bad type 'bad': expected an upper-case word such as COUNTRY, "
                        "ORG or PERSON");
}

static void test_gazetteer_loads_files_in_order_and_reports_missing_ones(void **state)
{
    const char *a = ts_write_temp(0, "id\ttype\tname\nA\tORG\tAlpha\n", 25);
    const char *paths[2];
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    entidx_entity e;
    (void)state;

    paths[0] = a;
    paths[1] = ts_write_temp(1, "id\ttype\tname\nB\tORG\tBeta\n", 24);
    assert_int_equal(entidx_gazetteer_load(&gz, paths, 2, NULL, &err), ENTIDX_OK);
    entidx_gazetteer_entity(gz, 1, &e);
    assert_string_equal(e.name, "Beta");
    entidx_gazetteer_free(gz);

    paths[1] = "/nonexistent/g.tsv";
    assert_int_equal(entidx_gazetteer_load(&gz, paths, 2, NULL, &err), ENTIDX_EIO);
    assert_null(gz);
    assert_string_equal(err.path, "/nonexistent/g.tsv");
    assert_non_null(strstr(err.msg, "cannot open gazetteer"));
    ts_cleanup();
}

static void test_gazetteer_shipped_files_load(void **state)
{
    const char *paths[] = {ENTIDX_SOURCE_DIR "/gazetteers/countries.tsv",
                           ENTIDX_SOURCE_DIR "/gazetteers/orgs.tsv",
                           ENTIDX_SOURCE_DIR "/gazetteers/people.tsv"};
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    uint32_t id;
    (void)state;

    if (entidx_gazetteer_load(&gz, paths, 3, NULL, &err) != ENTIDX_OK)
        fail_msg("%s:%llu:%llu: %s", err.path, (unsigned long long)err.line,
                 (unsigned long long)err.column, err.msg);
    assert_true(entidx_gazetteer_count(gz) > 100);
    assert_int_equal(entidx_gazetteer_find_id(gz, "DEU", 3, &id), ENTIDX_OK);
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_serialized_table_round_trips(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer(small), *back = NULL;
    entidx_buf ser = ENTIDX_BUF_INIT, again = ENTIDX_BUF_INIT;
    entidx_error err = ENTIDX_ERROR_INIT;
    (void)state;

    assert_int_equal(entidx__gazetteer_serialize(gz, &ser), ENTIDX_OK);
    assert_int_equal(entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, ser.len, NULL, 0, &err),
                     ENTIDX_OK);
    assert_int_equal(entidx__gazetteer_serialize(back, &again), ENTIDX_OK);
    assert_int_equal(ser.len, again.len);
    assert_memory_equal(ser.ptr, again.ptr, ser.len);
    assert_true(entidx_gazetteer_fingerprint(gz) == entidx_gazetteer_fingerprint(back));
    entidx_gazetteer_free(back);

    /* every truncation is reported as corruption, never a crash */
    for (size_t cut = 0; cut < ser.len; cut++) {
        int rc = entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, cut, NULL, 0, &err);
        assert_int_equal(rc, ENTIDX_ECORRUPT);
        assert_null(back);
    }
    entidx_buf_dispose(&ser);
    entidx_buf_dispose(&again);
    entidx_gazetteer_free(gz);
}

/*
 * The first-word filter grows (x4) as one-word keys arrive and is refilled
 * each time: every word added before a growth must still pass it (a miss
 * would make the tagger skip a name). 20,000 one-word names take it from 2^15
 * bits to 2^19 through two refills.
 */
static void test_gazetteer_first_word_filter_keeps_words_through_growth(void **state)
{
    enum { N = 20000 };
    entidx_buf tsv = ENTIDX_BUF_INIT;
    entidx_gazetteer *gz;
    char word[32];
    (void)state;

    assert_int_equal(entidx_buf_puts(&tsv, "id\ttype\tname\n"), 0);
    for (int i = 0; i < N; i++) {
        snprintf(word, sizeof(word), "E%d\tORG\tQz%dx\n", i, i);
        assert_int_equal(entidx_buf_puts(&tsv, word), 0);
    }
    gz = ts_gazetteer(tsv.ptr);
    assert_int_equal(gz->first_words.log2, 19);
    for (int i = 0; i < N; i++) {
        int n = snprintf(word, sizeof(word), "qz%dx", i); /* the folded key */
        if (!entidx__gz_first_word_may(gz, entidx_hash(word, (size_t)n)))
            fail_msg("'%s' (name %d of %d) does not pass the first-word filter", word, i, N);
    }
    entidx_gazetteer_free(gz);
    entidx_buf_dispose(&tsv);
}

/* entidx_hash() of a folded word, as the tagger computes it. */
static uint64_t word_hash(const char *w)
{
    return entidx_hash(w, strlen(w));
}

/*
 * word_aliases holds the one-word keys that name an alias, word_pairs the
 * first two words of longer keys: the tagger probes the dictionary for a word
 * only when one of them may hold it. "bank" starts "Bank of England" before it
 * becomes an alias of its own (a later row): it must then enter word_aliases.
 */
static void test_gazetteer_word_filters_hold_aliases_and_pairs(void **state)
{
    entidx_gazetteer *gz = ts_gazetteer("id\ttype\tname\taliases\n"
                                        "PER\tPERSON\tJohn Smith\t\n"
                                        "BOE\tORG\tBank of England\t\n"
                                        "JOR\tCOUNTRY\tJordan\t\n"
                                        "BANK\tORG\tBank\t\n");
    (void)state;
    assert_true(entidx__gz_first_word_may(gz, word_hash("john")));
    assert_true(entidx__gz_filter_may(&gz->word_aliases, word_hash("jordan")));
    assert_true(entidx__gz_filter_may(&gz->word_aliases, word_hash("bank")));
    assert_false(entidx__gz_filter_may(&gz->word_aliases, word_hash("john")));
    assert_int_equal(gz->word_aliases.n, 2);
    assert_true(entidx__gz_filter_may(&gz->word_pairs,
                                      entidx__gz_pair_hash(word_hash("john"), word_hash("smith"))));
    assert_true(entidx__gz_filter_may(&gz->word_pairs,
                                      entidx__gz_pair_hash(word_hash("bank"), word_hash("of"))));
    assert_false(entidx__gz_filter_may(&gz->word_pairs,
                                       entidx__gz_pair_hash(word_hash("john"), word_hash("said"))));
    assert_false(entidx__gz_filter_may(
        &gz->word_pairs, entidx__gz_pair_hash(word_hash("smith"), word_hash("john"))));
    assert_int_equal(gz->word_pairs.n, 2); /* "john smith", "bank of": not "bank of england" */
    entidx_gazetteer_free(gz);
}

static void test_gazetteer_fingerprint_changes_with_content(void **state)
{
    entidx_gazetteer *a = ts_gazetteer("id\ttype\tname\nX\tORG\tAcme\n");
    entidx_gazetteer *b = ts_gazetteer("id\ttype\tname\nX\tORG\tAcme Corp\n");
    (void)state;
    assert_true(entidx_gazetteer_fingerprint(a) != entidx_gazetteer_fingerprint(b));
    entidx_gazetteer_free(a);
    entidx_gazetteer_free(b);
}

/* Load tsv[0..len) with its rows read by a second thread (threaded) or by this one. */
static int load_read_by(const char *tsv, size_t len, int threaded, entidx_gazetteer **gz,
                        entidx_error *err)
{
    size_t saved = entidx__gz_thread_min_bytes;
    int rc;
    entidx__gz_thread_min_bytes = threaded ? 0 : SIZE_MAX;
    rc = entidx_gazetteer_load_buffer(gz, "g.tsv", tsv, len, NULL, err);
    entidx__gz_thread_min_bytes = saved;
    return rc;
}

/* Also with the rows read by a second thread, which allocates too. */
static void test_gazetteer_load_survives_every_allocation_failure(void **state)
{
    (void)state;
    for (int threaded = 0; threaded <= 1; threaded++) {
        for (unsigned long n = 1;; n++) {
            entidx_gazetteer *gz = NULL;
            entidx_error err = ENTIDX_ERROR_INIT;
            int rc;
            entidx_alloc_fail_at(n);
            rc = load_read_by(small, strlen(small), threaded, &gz, &err);
            entidx_alloc_fail_at(0);
            if (rc == ENTIDX_OK) {
                assert_int_equal(entidx_gazetteer_count(gz), 3);
                entidx_gazetteer_free(gz);
                break;
            }
            assert_int_equal(rc, ENTIDX_ENOMEM);
            assert_null(gz);
            assert_true(n < 10000);
        }
    }
}

/*
 * A gazetteer of n rows, several batches of the loader long: names of one to
 * four words (some sharing a first word or a whole alias with another entity),
 * aliases flagged stem, exact or anycase, a possessive, an alias listed twice,
 * attributes, comments and blank lines. Row i (from 0) is on line i + 2 (the
 * header is line 1), plus one line for each comment and blank line before it.
 */
static char *many_rows_tsv(size_t n)
{
    static const char *const words[] = {"Vale", "Korro", "Aster", "Brun", "Cabo", "Delta"};
    entidx_buf b = ENTIDX_BUF_INIT;
    char line[256];
    assert_int_equal(entidx_buf_puts(&b, "id\ttype\tname\taliases\tcountry\n"), ENTIDX_OK);
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i % 6], *w2 = words[(i / 6) % 6];
        int len;
        if (i % 500 == 250)
            assert_int_equal(entidx_buf_puts(&b, "# a comment\n\n"), ENTIDX_OK);
        switch (i % 5) {
        case 0:
            len = snprintf(line, sizeof(line),
                           "E%zu\tORG\t%s Works %zu\t%s Works|Widgets{stem}\tDEU\n", i, w, i, w);
            break;
        case 1:
            len = snprintf(line, sizeof(line), "E%zu\tPERSON\t%s%zu %s\t%s%zu|%s%zu\t\n", i, w, i,
                           w2, w, i, w, i);
            break;
        case 2:
            len =
                snprintf(line, sizeof(line),
                         "E%zu\tORG\t%s %s Bank of Q%zu{exact}\tQB%zu{anycase}\n", i, w, w2, i, i);
            break;
        case 3: len = snprintf(line, sizeof(line), "E%zu\tORG\t%s's %zu\t\tFRA\n", i, w2, i); break;
        default:
            len = snprintf(line, sizeof(line), "E%zu\tCOUNTRY\tLand %zu\t%s\n", i, i, w);
            break;
        }
        assert_true(len > 0 && (size_t)len < sizeof(line));
        assert_int_equal(entidx_buf_put(&b, line, (size_t)len), ENTIDX_OK);
    }
    assert_int_equal(entidx_buf_putc(&b, '\0'), ENTIDX_OK);
    return b.ptr;
}

/*
 * Read by a second thread or not, a file gives the same tables: compiled, the
 * same bytes. Its entity table, serialized, reads back (in batches too).
 */
static void test_gazetteer_read_by_a_thread_is_the_same_gazetteer(void **state)
{
    char *tsv = many_rows_tsv(5000), *saved[2];
    size_t len[2];
    (void)state;

    for (int threaded = 0; threaded <= 1; threaded++) {
        entidx_gazetteer *gz = NULL;
        entidx_error err = ENTIDX_ERROR_INIT;
        entidx_lookup_match m[4];
        entidx_entity e;
        const char *path;
        size_t n;
        assert_int_equal(load_read_by(tsv, strlen(tsv), threaded, &gz, &err), ENTIDX_OK);
        assert_int_equal(entidx_gazetteer_count(gz), 5000);
        entidx_gazetteer_entity(gz, 4999, &e);
        assert_string_equal(e.id, "E4999");
        assert_int_equal(e.line, 5000 + 1 + 2 * 10); /* ten comments, ten blank lines */
        assert_int_equal(entidx_gazetteer_lookup(gz, "Cabo Works 4000", 15, m, 4, &n, NULL),
                         ENTIDX_OK);
        assert_int_equal(n, 1);
        assert_int_equal(m[0].entity, 4000);
        path = ts_temp_path(threaded, ".gaz");
        assert_int_equal(entidx_gazetteer_save(gz, path, &err), ENTIDX_OK);
        if (threaded) {
            entidx_buf ser = ENTIDX_BUF_INIT, again = ENTIDX_BUF_INIT;
            entidx_gazetteer *back = NULL;
            assert_int_equal(entidx__gazetteer_serialize(gz, &ser), ENTIDX_OK);
            assert_int_equal(
                entidx__gazetteer_deserialize(&back, "x.idx", ser.ptr, ser.len, NULL, 0, &err),
                ENTIDX_OK);
            assert_int_equal(entidx__gazetteer_serialize(back, &again), ENTIDX_OK);
            assert_int_equal(ser.len, again.len);
            assert_memory_equal(ser.ptr, again.ptr, ser.len);
            entidx_gazetteer_free(back);
            entidx_buf_dispose(&ser);
            entidx_buf_dispose(&again);
        }
        entidx_gazetteer_free(gz);
        saved[threaded] = ts_read_file(path, &len[threaded]);
    }
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(saved[0], saved[1], len[0]);
    free(saved[0]);
    free(saved[1]);
    free(tsv);
    ts_cleanup();
}

/*
 * Read by a second thread or not, a file with a mistake fails with the same
 * error: the first in file order, even when the thread has read further.
 * Mistakes: in the middle of the file (batches follow), in the last row, a
 * duplicate id in a row whose alias is bad too (the id is reported), a NUL.
 */
static void test_gazetteer_read_by_a_thread_reports_the_same_errors(void **state)
{
#define TEXT(s) s, sizeof(s) - 1
    static const struct {
        const char *find; /* in many_rows_tsv(3000), replaced; NULL: the text is appended */
        const char *text;
        size_t text_len;
        uint64_t line, column;
        const char *message;
    } cases[] = {
        {"E1500\tORG", TEXT("E1500\tOrg"), 1508, 7, "bad type 'Org'"},
        {"E2200\t", TEXT("E1000\t"), 2210, 1,
         "duplicate id 'E1000' (first used by 'Cabo Works 1000')"},
        {NULL, TEXT("E3\tORG\tAgain\n"), 3014, 1, "duplicate id 'E3'"},
        {NULL, TEXT("E5\tORG\tAgain\t---\n"), 3014, 1, "duplicate id 'E5'"},
        {NULL, TEXT("E7\tORG\t---\n"), 3014, 1, "duplicate id 'E7'"},
        {NULL, TEXT("X7\tORG\t---\n"), 3014, 8, "name '---' has no letters or digits"},
        {NULL, TEXT("X1\tORG\tFine\tok|---\n"), 3014, 16, "alias '---' has no letters or digits"},
        {NULL, TEXT("X1\tORG\tFi\0ne\n"), 3014, 10, "NUL byte in gazetteer"},
    };
#undef TEXT
    char *base = many_rows_tsv(3000);
    size_t base_len = strlen(base);
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        entidx_error err[2] = {ENTIDX_ERROR_INIT, ENTIDX_ERROR_INIT};
        size_t add = cases[i].find ? 0 : cases[i].text_len;
        char *tsv = malloc(base_len + add + 1);
        size_t len = base_len + add;
        assert_non_null(tsv);
        memcpy(tsv, base, base_len + 1);
        if (cases[i].find != NULL) {
            char *at = strstr(tsv, cases[i].find);
            assert_non_null(at);
            memcpy(at, cases[i].text, cases[i].text_len); /* as long as what it replaces */
        } else {
            memcpy(tsv + base_len, cases[i].text, add);
        }
        for (int threaded = 0; threaded <= 1; threaded++) {
            entidx_gazetteer *gz = NULL;
            int rc = load_read_by(tsv, len, threaded, &gz, &err[threaded]);
            assert_null(gz);
            assert_entidx_error(rc, err[threaded], ENTIDX_EPARSE, cases[i].message);
            assert_string_equal(err[threaded].path, "g.tsv");
            assert_int_equal(err[threaded].line, cases[i].line);
            assert_int_equal(err[threaded].column, cases[i].column);
        }
        assert_string_equal(err[0].msg, err[1].msg);
        free(tsv);
    }
    free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_loads_entities_aliases_and_attributes),
        cmocka_unit_test(test_gazetteer_lookup_applies_case_rules),
        cmocka_unit_test(test_gazetteer_lookup_lists_every_entity_sharing_an_alias),
        cmocka_unit_test(test_gazetteer_errors_name_line_and_column),
        cmocka_unit_test(test_gazetteer_name_text_check_at_every_position),
        cmocka_unit_test(test_gazetteer_allows_trailing_optional_fields_to_be_left_out),
        cmocka_unit_test(test_gazetteer_parses_alias_flags),
        cmocka_unit_test(test_gazetteer_skip_flags_are_chosen_by_the_caller),
        cmocka_unit_test(test_gazetteer_stems_only_aliases_that_ask_for_it),
        cmocka_unit_test(test_gazetteer_lookup_counts_each_entity_once_beyond_cap),
        cmocka_unit_test(test_gazetteer_error_format_is_compiler_style),
        cmocka_unit_test(test_gazetteer_loads_files_in_order_and_reports_missing_ones),
        cmocka_unit_test(test_gazetteer_shipped_files_load),
        cmocka_unit_test(test_gazetteer_serialized_table_round_trips),
        cmocka_unit_test(test_gazetteer_fingerprint_changes_with_content),
        cmocka_unit_test(test_gazetteer_first_word_filter_keeps_words_through_growth),
        cmocka_unit_test(test_gazetteer_word_filters_hold_aliases_and_pairs),
        cmocka_unit_test(test_gazetteer_load_survives_every_allocation_failure),
        cmocka_unit_test(test_gazetteer_read_by_a_thread_is_the_same_gazetteer),
        cmocka_unit_test(test_gazetteer_read_by_a_thread_reports_the_same_errors),
    };
    return cmocka_run_group_tests_name("gazetteer", tests, NULL, NULL);
}
