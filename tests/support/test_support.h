/* SPDX-License-Identifier: MIT */
/*
 * test_support.h - shared fixtures for the cmocka unit tests: includes in the
 * order cmocka needs, paths to test data, temporary files and an assertion
 * on entidx_error contents.
 */
#ifndef ENTIDX_TEST_SUPPORT_H
#define ENTIDX_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entidx/entidx.h"

/* Directory of the repository (for gazetteers/ and corpora/). */
#ifndef ENTIDX_SOURCE_DIR
#error "ENTIDX_SOURCE_DIR must be defined by the build"
#endif

/* Write `len` bytes to a new temporary file; returns its path (static storage, one per slot 0-7).
 */
const char *ts_write_temp(int slot, const void *data, size_t len);
/* A fresh temporary path (not created), slot 0-7. */
const char *ts_temp_path(int slot, const char *suffix);
/* Read a whole file into a malloc'd buffer (NUL-terminated); *len gets its size. */
char *ts_read_file(const char *path, size_t *len);
/* Remove temporary files made by the helpers above. */
void ts_cleanup(void);

/* Assert that rc == code and that err's message contains `needle`. */
#define assert_entidx_error(rc_, err_, code_, needle_)                        \
    do {                                                                      \
        assert_int_equal((rc_), (code_));                                     \
        assert_int_equal((err_).code, (code_));                               \
        if (strstr((err_).msg, (needle_)) == NULL)                            \
            fail_msg("error message '%s' lacks '%s'", (err_).msg, (needle_)); \
    } while (0)

/* Load a gazetteer from a TSV string; fails the test on error. */
entidx_gazetteer *ts_gazetteer(const char *tsv);

/*
 * The mentions of entities[0..n) for entidx_index_writer_add(): mention k is
 * in sentence k / 2 at token 3k. A static buffer (at most 64 mentions) reused by each call.
 */
const entidx_index_mention *ts_mentions(const uint32_t *entities, size_t n);

#endif
