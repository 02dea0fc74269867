/* SPDX-License-Identifier: MIT */
/*
 * test_json.c - unit tests for entidx_json_fields(): field extraction, string
 * decoding, skipping of nested values and exact parse errors with offsets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "json.h"
#include "internal.h"

#define MAX_TEST_KEYS 8

typedef struct parsed {
    int rc;
    entidx_json_value vals[MAX_TEST_KEYS];
    entidx_buf scratch;
    size_t err_off;
    const char *msg;
} parsed;

static const char *const default_keys[] = {"id", "text", "title"};

static void parse_keys(parsed *p, const char *line, size_t len, const char *const *keys,
                       size_t n_keys)
{
    p->err_off = (size_t)-1;
    p->msg = NULL;
    p->rc = entidx_json_fields(line, len, keys, n_keys, p->vals, &p->scratch, &p->err_off, &p->msg);
}

static void parse(parsed *p, const char *line)
{
    parse_keys(p, line, strlen(line), default_keys, ENTIDX_ARRAY_SIZE(default_keys));
}

/* Assert that vals[i] has `type` and the given text (NULL: don't check). */
static void assert_value(const parsed *p, size_t i, entidx_json_type type, const char *text,
                         size_t len)
{
    assert_int_equal(p->vals[i].type, type);
    if (text != NULL) {
        assert_int_equal(p->vals[i].len, len);
        assert_memory_equal(p->scratch.ptr + p->vals[i].off, text, len);
    }
}

#define ASSERT_STR(p, i, lit) assert_value((p), (i), ENTIDX_JSON_STRING, (lit), sizeof(lit) - 1)

static void assert_parse_error(const char *line, size_t len, const char *msg, size_t off)
{
    parsed p = {0};

    parse_keys(&p, line, len, default_keys, ENTIDX_ARRAY_SIZE(default_keys));
    assert_int_equal(p.rc, ENTIDX_EPARSE);
    assert_non_null(p.msg);
    assert_string_equal(p.msg, msg);
    assert_int_equal(p.err_off, off);
    entidx_buf_dispose(&p.scratch);
}

#define ASSERT_ERROR(lit, msg, off) assert_parse_error((lit), sizeof(lit) - 1, (msg), (off))

static void test_simple_object(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, " {\"id\": \"doc-1\", \"text\": \"Hello world\", \"title\":\"T\"}\r\n");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "doc-1");
    ASSERT_STR(&p, 1, "Hello world");
    ASSERT_STR(&p, 2, "T");
    entidx_buf_dispose(&p.scratch);
}

static void test_empty_object_and_absent(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{}");
    assert_int_equal(p.rc, ENTIDX_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(p.vals[i].type, ENTIDX_JSON_ABSENT);

    parse(&p, "{\"text\":\"only text\",\"other\":1}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_int_equal(p.vals[0].type, ENTIDX_JSON_ABSENT);
    ASSERT_STR(&p, 1, "only text");
    assert_int_equal(p.vals[2].type, ENTIDX_JSON_ABSENT);
    entidx_buf_dispose(&p.scratch);
}

static void test_escapes(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"text\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "a\"b\\c/d\be\ff\ng\rh\ti");

    parse(&p, "{\"text\":\"Cura\\u00e7ao \\u00C7\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1,
               "Cura\xc3\xa7"
               "ao \xc3\x87");

    parse(&p, "{\"text\":\"smile \\ud83d\\ude00!\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "smile \xf0\x9f\x98\x80!");

    /* Raw UTF-8 passes through unchanged. */
    parse(&p, "{\"text\":\"Cura\xc3\xa7"
              "ao \xf0\x9f\x98\x80\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1,
               "Cura\xc3\xa7"
               "ao \xf0\x9f\x98\x80");

    /* \u0000 decodes to a NUL byte. */
    parse(&p, "{\"text\":\"a\\u0000b\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_value(&p, 1, ENTIDX_JSON_STRING, "a\0b", 3);

    parse(&p, "{\"text\":\"\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "");
    entidx_buf_dispose(&p.scratch);
}

static void test_unpaired_surrogates(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"text\":\"x\\ud83dy\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "x\xef\xbf\xbdy");

    parse(&p, "{\"text\":\"\\ude00\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "\xef\xbf\xbd");

    /* High surrogate at the end of the string. */
    parse(&p, "{\"text\":\"\\ud83d\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "\xef\xbf\xbd");

    /* High surrogate followed by a non-surrogate escape: both kept. */
    parse(&p, "{\"text\":\"\\ud83d\\u0041\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1,
               "\xef\xbf\xbd"
               "A");

    /* Two high surrogates in a row. */
    parse(&p, "{\"text\":\"\\ud83d\\ud83d\\ude00\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 1, "\xef\xbf\xbd\xf0\x9f\x98\x80");
    entidx_buf_dispose(&p.scratch);
}

static void test_escaped_key(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"\\u0069d\":\"k1\",\"t\\u0065xt\":\"body\",\"titl\\u0065\\u0000\":\"no\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "k1");
    ASSERT_STR(&p, 1, "body");
    /* "title\0" is not "title". */
    assert_int_equal(p.vals[2].type, ENTIDX_JSON_ABSENT);
    /* The decoded keys left nothing behind in scratch. */
    assert_int_equal(p.scratch.len, 2 + 4);
    entidx_buf_dispose(&p.scratch);
}

static void test_numbers_raw(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"id\":12345,\"text\":-1.5e3,\"title\":0}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_value(&p, 0, ENTIDX_JSON_NUMBER, "12345", 5);
    assert_value(&p, 1, ENTIDX_JSON_NUMBER, "-1.5e3", 6);
    assert_value(&p, 2, ENTIDX_JSON_NUMBER, "0", 1);

    parse(&p, "{\"id\":1E+10 , \"text\":0.25e-2}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_value(&p, 0, ENTIDX_JSON_NUMBER, "1E+10", 5);
    assert_value(&p, 1, ENTIDX_JSON_NUMBER, "0.25e-2", 7);

    ASSERT_ERROR("{\"id\":01}", "expected ',' or '}' in object", 7);
    ASSERT_ERROR("{\"id\":-}", "invalid number", 7);
    ASSERT_ERROR("{\"id\":1.}", "invalid number", 8);
    ASSERT_ERROR("{\"id\":1e}", "invalid number", 8);
    ASSERT_ERROR("{\"id\":+1}", "expected a value", 6);
    entidx_buf_dispose(&p.scratch);
}

static void test_literals(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"id\":true,\"text\":null,\"title\":false}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_value(&p, 0, ENTIDX_JSON_BOOL, "true", 4);
    assert_int_equal(p.vals[1].type, ENTIDX_JSON_NULL);
    assert_value(&p, 2, ENTIDX_JSON_BOOL, "false", 5);

    ASSERT_ERROR("{\"id\":tru}", "invalid literal", 6);
    ASSERT_ERROR("{\"x\":nul}", "invalid literal", 5);
    entidx_buf_dispose(&p.scratch);
}

static void test_nested_skipped(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"meta\":{\"a\":[1,2,{\"b\":\"\\u00e7\"}],\"c\":{}},"
              "\"id\":{\"x\":[true,false,null]},"
              "\"text\":[ [], {}, \"s\", -0.5 ],"
              "\"title\":\"kept\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_int_equal(p.vals[0].type, ENTIDX_JSON_OBJECT);
    assert_int_equal(p.vals[1].type, ENTIDX_JSON_ARRAY);
    ASSERT_STR(&p, 2, "kept");
    /* Skipped values are not copied into scratch. */
    assert_int_equal(p.scratch.len, 4);

    /* Errors inside skipped values are still found. */
    ASSERT_ERROR("{\"meta\":[1 2]}", "expected ',' or ']' in array", 11);
    ASSERT_ERROR("{\"meta\":{\"a\" 1}}", "expected ':' after object key", 13);
    ASSERT_ERROR("{\"meta\":{1:2}}", "expected string key", 9);
    ASSERT_ERROR("{\"meta\":[\"\x01\"]}", "control character in string", 10);
    ASSERT_ERROR("{\"meta\":[1,]}", "expected a value", 11);
    ASSERT_ERROR("{\"meta\":[1,", "unexpected end of input", 11);
    entidx_buf_dispose(&p.scratch);
}

static void test_repeated_key_keeps_last(void **state)
{
    parsed p = {0};
    (void)state;

    parse(&p, "{\"id\":\"first\",\"text\":\"t\",\"id\":\"second\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "second");
    ASSERT_STR(&p, 1, "t");

    parse(&p, "{\"id\":\"first\",\"id\":[1]}");
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_int_equal(p.vals[0].type, ENTIDX_JSON_ARRAY);
    entidx_buf_dispose(&p.scratch);
}

static void test_same_key_wanted_twice(void **state)
{
    static const char *const keys[] = {"id", "text", "id"};
    parsed p = {0};
    const char *line = "{\"id\":\"x\"}";
    (void)state;

    parse_keys(&p, line, strlen(line), keys, 3);
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "x");
    assert_int_equal(p.vals[1].type, ENTIDX_JSON_ABSENT);
    ASSERT_STR(&p, 2, "x");
    entidx_buf_dispose(&p.scratch);
}

static void test_error_not_object(void **state)
{
    (void)state;
    ASSERT_ERROR("[1,2]", "record is not a JSON object", 0);
    ASSERT_ERROR("  \"str\"", "record is not a JSON object", 2);
    ASSERT_ERROR("42", "record is not a JSON object", 0);
}

static void test_error_missing_colon(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"id\" \"x\"}", "expected ':' after object key", 6);
    ASSERT_ERROR("{\"id\"", "expected ':' after object key", 5);
}

static void test_error_unterminated_string(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"text\":\"abc", "unterminated string", 8);
    ASSERT_ERROR("{\"text\":\"abc\\", "unterminated string", 8);
    ASSERT_ERROR("{\"te", "unterminated string", 1);
}

static void test_error_bad_escapes(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"text\":\"a\\x\"}", "invalid escape in string", 10);
    ASSERT_ERROR("{\"text\":\"a\\u12G4\"}", "invalid \\u escape in string", 10);
    ASSERT_ERROR("{\"text\":\"a\\u12\"}", "invalid \\u escape in string", 10);
}

static void test_error_trailing_garbage(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"id\":\"1\"} x", "unexpected data after the JSON object", 11);
    ASSERT_ERROR("{}{}", "unexpected data after the JSON object", 2);
}

static void test_error_control_char(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"text\":\"tab\there\"}", "control character in string", 12);
    ASSERT_ERROR("{\"text\":\"nl\nx\"}", "control character in string", 11);
    /* A raw NUL byte inside a string. */
    ASSERT_ERROR("{\"text\":\"a\0b\"}", "control character in string", 10);
}

static void test_error_invalid_utf8(void **state)
{
    (void)state;
    ASSERT_ERROR("{\"text\":\"ab\xff\"}", "invalid UTF-8 in string", 11);
    /* Truncated 2-byte sequence, overlong, encoded surrogate, stray continuation. */
    ASSERT_ERROR("{\"text\":\"\xc3\"}", "invalid UTF-8 in string", 9);
    ASSERT_ERROR("{\"text\":\"\xc0\xaf\"}", "invalid UTF-8 in string", 9);
    ASSERT_ERROR("{\"text\":\"\xed\xa0\x80\"}", "invalid UTF-8 in string", 9);
    ASSERT_ERROR("{\"x\":\"ok\x80\"}", "invalid UTF-8 in string", 8);
    /* In a key, too. */
    ASSERT_ERROR("{\"k\xfe\":1}", "invalid UTF-8 in string", 3);
}

static void test_error_depth(void **state)
{
    char line[256];
    size_t n = 0;
    (void)state;

    memcpy(line, "{\"a\":", 5);
    n = 5;
    for (int i = 0; i < 100; i++)
        line[n++] = '[';
    for (int i = 0; i < 100; i++)
        line[n++] = ']';
    line[n++] = '}';
    /* The top-level object is level 1; the '[' at level 65 is at offset 5 + 63. */
    assert_parse_error(line, n, "nesting too deep", 68);

    /* 64 levels in total are fine. */
    {
        parsed p = {0};

        n = 5;
        for (int i = 0; i < 63; i++)
            line[n++] = '[';
        for (int i = 0; i < 63; i++)
            line[n++] = ']';
        line[n++] = '}';
        parse_keys(&p, line, n, default_keys, 3);
        assert_int_equal(p.rc, ENTIDX_OK);
        entidx_buf_dispose(&p.scratch);
    }
}

static void test_error_empty(void **state)
{
    (void)state;
    ASSERT_ERROR("", "empty record", 0);
    ASSERT_ERROR(" \t ", "empty record", 3);
    ASSERT_ERROR("{", "unexpected end of input", 1);
    ASSERT_ERROR("{\"id\":", "unexpected end of input", 6);
    ASSERT_ERROR("{\"id\":1", "unexpected end of input", 7);
    ASSERT_ERROR("{\"id\":1,}", "expected string key", 8);
}

static void test_len_is_respected(void **state)
{
    parsed p = {0};
    const char *line = "{\"id\":\"abc\"}GARBAGE";
    (void)state;

    parse_keys(&p, line, 12, default_keys, 3);
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "abc");
    /* Cut in the middle of the string. */
    parse_keys(&p, line, 9, default_keys, 3);
    assert_int_equal(p.rc, ENTIDX_EPARSE);
    assert_string_equal(p.msg, "unterminated string");
    entidx_buf_dispose(&p.scratch);
}

static void test_scratch_limit(void **state)
{
    parsed p = {0};
    (void)state;

    p.scratch.cap = 8;
    parse(&p, "{\"id\":\"short\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "short");

    parse(&p, "{\"id\":\"short\",\"text\":\"this is far too long\"}");
    assert_int_equal(p.rc, ENTIDX_ELIMIT);
    assert_non_null(p.msg);

    /* Skipped values need no scratch space. */
    parse(&p, "{\"id\":\"short\",\"other\":\"this is far too long\"}");
    assert_int_equal(p.rc, ENTIDX_OK);
    ASSERT_STR(&p, 0, "short");
    entidx_buf_dispose(&p.scratch);
}

/*
 * Strings are decoded in one pass, 16 bytes at a time, when the scratch
 * buffer has room for the rest of the line (else run by run): both ways give
 * the same values, bytes and errors, wherever an escape, a multi-byte
 * character, a control character or the closing quote falls in a 16-byte
 * block, and in a buffer capped at the decoded size or one byte short of it.
 */
static void test_one_pass_decoding_agrees_with_run_by_run(void **state)
{
    static const char *const middles[] = {"\\n",
                                          "\\n\\n\\n",
                                          "\\\\n",
                                          "\\n\\",
                                          "\\\"",
                                          "\\u00e9",
                                          "\\ud83d\\ude00",
                                          "\\udc00x",
                                          "\xc3\xa9",
                                          "\xe2\x80\x99",
                                          "\xf0\x9f\x98\x80",
                                          "\x01",
                                          "\x01n",
                                          "\xc3",
                                          "\\x",
                                          "\\",
                                          "\\u12",
                                          "\\u0000",
                                          ""};
    char line[512], body[128];
    (void)state;

    for (size_t m = 0; m < ENTIDX_ARRAY_SIZE(middles); m++) {
        for (size_t pad = 0; pad < 40; pad++) {
            for (size_t tail = 0; tail < 20; tail += 3) {
                size_t n;
                memset(body, 'a', pad);
                n = pad + (size_t)snprintf(body + pad, sizeof(body) - pad, "%s", middles[m]);
                memset(body + n, 'b', tail);
                body[n + tail] = '\0';
                snprintf(line, sizeof(line), "{\"id\":\"%s\",\"text\":\"x%sy\",\"n\":1}", body,
                         body);
                for (int capped = 0; capped < 3; capped++) {
                    parsed a = {0}, b = {0};
                    size_t len = strlen(line);
                    if (capped > 0) {
                        /* the cap the run-by-run decoding just fits in, and one less */
                        parse_keys(&b, line, len, default_keys, ENTIDX_ARRAY_SIZE(default_keys));
                        a.scratch.cap = b.scratch.len + 1 - (size_t)capped;
                        if (a.scratch.cap == 0)
                            a.scratch.cap = 1;
                        b.scratch.cap = a.scratch.cap;
                        entidx_buf_clear(&b.scratch);
                    }
                    parse_keys(&a, line, len, default_keys, ENTIDX_ARRAY_SIZE(default_keys));
                    b.err_off = (size_t)-1;
                    b.msg = NULL;
                    b.rc = entidx__json_fields_plain(line, len, default_keys,
                                                     ENTIDX_ARRAY_SIZE(default_keys), b.vals,
                                                     &b.scratch, &b.err_off, &b.msg);
                    assert_int_equal(a.rc, b.rc);
                    if (a.rc == ENTIDX_OK) {
                        assert_int_equal(a.scratch.len, b.scratch.len);
                        assert_memory_equal(a.scratch.ptr, b.scratch.ptr, b.scratch.len + 1);
                        for (size_t k = 0; k < ENTIDX_ARRAY_SIZE(default_keys); k++) {
                            assert_int_equal(a.vals[k].type, b.vals[k].type);
                            assert_int_equal(a.vals[k].off, b.vals[k].off);
                            assert_int_equal(a.vals[k].len, b.vals[k].len);
                        }
                    } else {
                        assert_int_equal(a.err_off, b.err_off);
                        assert_ptr_equal(a.msg, b.msg);
                    }
                    entidx_buf_dispose(&a.scratch);
                    entidx_buf_dispose(&b.scratch);
                }
            }
        }
    }
}

static void test_out_of_memory(void **state)
{
    parsed p = {0};
    (void)state;

    entidx_alloc_fail_at(1);
    parse(&p, "{\"id\":\"x\"}");
    entidx_alloc_fail_at(0);
    assert_int_equal(p.rc, ENTIDX_ENOMEM);
    entidx_buf_dispose(&p.scratch);
}

/*
 * Keys alike in length, first and last byte ("date", "dote"; what json.c
 * compares first) are still told apart, and the empty key matches only
 * itself; with more than 32 wanted keys (no such comparison) too.
 */
static void test_keys_alike_and_many_keys(void **state)
{
    static const char *const alike[] = {"dote", "date", "", "d"};
    static const char line[] = "{\"date\":\"x\",\"dt\":1,\"\":\"e\",\"dx\":2}";
    static const char line_many[] = "{\"k39\":\"last\",\"k3\":\"third\",\"k\":0}";
    const char *many[40];
    char names[40][8];
    entidx_json_value vals[40];
    entidx_buf scratch = ENTIDX_BUF_INIT;
    size_t err_off;
    const char *msg;
    parsed p = {0};
    (void)state;

    parse_keys(&p, line, strlen(line), alike, 4);
    assert_int_equal(p.rc, ENTIDX_OK);
    assert_int_equal(p.vals[0].type, ENTIDX_JSON_ABSENT);
    ASSERT_STR(&p, 1, "x");
    ASSERT_STR(&p, 2, "e");
    assert_int_equal(p.vals[3].type, ENTIDX_JSON_ABSENT);
    entidx_buf_dispose(&p.scratch);

    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof(names[i]), "k%d", i);
        many[i] = names[i];
    }
    assert_int_equal(
        entidx_json_fields(line_many, strlen(line_many), many, 40, vals, &scratch, &err_off, &msg),
        ENTIDX_OK);
    assert_int_equal(vals[39].type, ENTIDX_JSON_STRING);
    assert_memory_equal(scratch.ptr + vals[39].off, "last", 4);
    assert_int_equal(vals[3].type, ENTIDX_JSON_STRING);
    assert_memory_equal(scratch.ptr + vals[3].off, "third", 5);
    for (int i = 0; i < 39; i++) {
        if (i != 3)
            assert_int_equal(vals[i].type, ENTIDX_JSON_ABSENT);
    }
    entidx_buf_dispose(&scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_object),
        cmocka_unit_test(test_keys_alike_and_many_keys),
        cmocka_unit_test(test_empty_object_and_absent),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_unpaired_surrogates),
        cmocka_unit_test(test_escaped_key),
        cmocka_unit_test(test_numbers_raw),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_nested_skipped),
        cmocka_unit_test(test_repeated_key_keeps_last),
        cmocka_unit_test(test_same_key_wanted_twice),
        cmocka_unit_test(test_error_not_object),
        cmocka_unit_test(test_error_missing_colon),
        cmocka_unit_test(test_error_unterminated_string),
        cmocka_unit_test(test_error_bad_escapes),
        cmocka_unit_test(test_error_trailing_garbage),
        cmocka_unit_test(test_error_control_char),
        cmocka_unit_test(test_error_invalid_utf8),
        cmocka_unit_test(test_error_depth),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_len_is_respected),
        cmocka_unit_test(test_scratch_limit),
        cmocka_unit_test(test_one_pass_decoding_agrees_with_run_by_run),
        cmocka_unit_test(test_out_of_memory),
    };

    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
