/* SPDX-License-Identifier: MIT */
/*
 * normalize.c - character classes, case and accent folding (utf8proc) and the
 * libstemmer wrapper.
 */
#include "internal.h"
#include "normalize.h"
#include "utf8.h"

#include <libstemmer.h>
#include <utf8proc.h>

int entidx_char_class(int32_t cp)
{
    if (cp < 0)
        return ENTIDX_CC_OTHER;
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return ENTIDX_CC_WORD;
        if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
            return ENTIDX_CC_SPACE;
        if (cp == '\'')
            return ENTIDX_CC_APOS;
        if (cp == '-')
            return ENTIDX_CC_DASH;
        return ENTIDX_CC_OTHER;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02bc)
        return ENTIDX_CC_APOS;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return ENTIDX_CC_WORD;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return ENTIDX_CC_SPACE;
    case UTF8PROC_CATEGORY_PD: return ENTIDX_CC_DASH;
    default: return ENTIDX_CC_OTHER;
    }
}

int entidx_char_case(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z')
            return ENTIDX_CASE_LOWER;
        if (cp >= 'A' && cp <= 'Z')
            return ENTIDX_CASE_UPPER;
        return ENTIDX_CASE_NONE;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LL: return ENTIDX_CASE_LOWER;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return ENTIDX_CASE_UPPER;
    default: return ENTIDX_CASE_NONE;
    }
}

int entidx_fold_append(entidx_buf *out, int32_t cp)
{
    utf8proc_int32_t tmp[32];
    utf8proc_ssize_t n;
    int last_boundclass = 0;
    char enc[4];
    int rc;

    if (cp < 0x80) {
        if (cp == '.')
            return ENTIDX_OK;
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        return entidx_buf_putc(out, (char)cp);
    }
    if (entidx_char_class(cp) == ENTIDX_CC_APOS)
        return entidx_buf_putc(out, '\'');
    n = utf8proc_decompose_char(cp, tmp, (utf8proc_ssize_t)ENTIDX_ARRAY_SIZE(tmp),
                                UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                    UTF8PROC_STRIPMARK,
                                &last_boundclass);
    if (n < 0 || n > (utf8proc_ssize_t)ENTIDX_ARRAY_SIZE(tmp)) {
        /* cannot decompose: keep the code point as it is */
        size_t k = entidx_utf8_encode(cp, enc);
        return k ? entidx_buf_put(out, enc, k) : ENTIDX_OK;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        size_t k = entidx_utf8_encode(tmp[i], enc);
        if (k && (rc = entidx_buf_put(out, enc, k)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

int entidx_fold_string(entidx_buf *out, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    int rc;

    while (i < len) {
        int32_t cp;
        i += entidx_utf8_decode(p + i, len - i, &cp);
        if (cp >= 0 && (rc = entidx_fold_append(out, cp)) < 0)
            return rc;
    }
    return ENTIDX_OK;
}

struct entidx_stemmer {
    struct sb_stemmer *sb;
};

int entidx_stemmer_new(entidx_stemmer **out, const char *language, entidx_error *err)
{
    entidx_stemmer *st;

    *out = NULL;
    st = entidx_calloc(1, sizeof(*st));
    if (st == NULL)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "cannot allocate stemmer");
    st->sb = sb_stemmer_new(language, "UTF_8");
    if (st->sb == NULL) {
        entidx_free(st);
        /* libstemmer returns NULL for an unknown language and for OOM alike */
        return ENTIDX_FAIL(err, ENTIDX_EINVAL, "unknown stemmer language '%s'", language);
    }
    *out = st;
    return ENTIDX_OK;
}

const char *entidx_stemmer_stem(entidx_stemmer *st, const char *word, size_t len, size_t *out_len)
{
    const sb_symbol *r;
    if (len > INT32_MAX)
        return NULL;
    r = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
    if (r == NULL)
        return NULL;
    *out_len = (size_t)sb_stemmer_length(st->sb);
    return (const char *)r;
}

void entidx_stemmer_free(entidx_stemmer *st)
{
    if (st == NULL)
        return;
    sb_stemmer_delete(st->sb);
    entidx_free(st);
}
