/* SPDX-License-Identifier: MIT */
/*
 * test_support.c - temporary files and fixtures for the unit tests.
 */
#include "test_support.h"

#include <stdlib.h>
#include <unistd.h>

#define SLOTS 8

static char paths[SLOTS][512];

const char *ts_temp_path(int slot, const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    snprintf(paths[slot], sizeof(paths[slot]), "%s/entidx-test-%ld-%d%s", dir ? dir : "/tmp",
             (long)getpid(), slot, suffix ? suffix : "");
    unlink(paths[slot]);
    return paths[slot];
}

const char *ts_write_temp(int slot, const void *data, size_t len)
{
    const char *p = ts_temp_path(slot, NULL);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    if (len > 0)
        assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

char *ts_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;

    assert_non_null(f);
    do {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void ts_cleanup(void)
{
    for (int i = 0; i < SLOTS; i++) {
        if (paths[i][0] != '\0')
            unlink(paths[i]);
    }
}

entidx_gazetteer *ts_gazetteer(const char *tsv)
{
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    int rc = entidx_gazetteer_load_buffer(&gz, "test.tsv", tsv, strlen(tsv), NULL, &err);
    if (rc != 0)
        fail_msg("gazetteer failed to load: %s (line %llu)", err.msg, (unsigned long long)err.line);
    return gz;
}

const entidx_index_mention *ts_mentions(const uint32_t *entities, size_t n)
{
    static entidx_index_mention m[64];
    assert_true(n <= 64);
    for (size_t k = 0; k < n; k++) {
        m[k].entity = entities[k];
        m[k].sentence = (uint32_t)(k / 2);
        m[k].position = (uint32_t)(3 * k);
    }
    return m;
}
