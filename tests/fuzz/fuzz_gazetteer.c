/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gazetteer.c - arbitrary bytes as a gazetteer file; when it loads,
 * the same bytes are tagged as text (all overlaps and leftmost-longest),
 * looked up as a name, checked, and the entity table round-trips. The file is
 * loaded again with its rows read by a second thread, which must give the
 * same error or the same entity table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entidx/entidx.h"
#include "fuzz_tag.h"
#include "gazetteer_int.h"

/* Load with the rows read by a second thread, and compare with gz (NULL: it failed with err). */
static void same_read_by_a_thread(const char *text, size_t size, const entidx_gazetteer_opts *opts,
                                  const entidx_gazetteer *gz, const entidx_error *err)
{
    entidx_error err2 = ENTIDX_ERROR_INIT;
    entidx_gazetteer *gz2 = NULL;
    size_t saved = entidx__gz_thread_min_bytes;
    int rc;

    entidx__gz_thread_min_bytes = 0;
    rc = entidx_gazetteer_load_buffer(&gz2, "fuzz.tsv", text, size, opts, &err2);
    entidx__gz_thread_min_bytes = saved;
    if ((rc == ENTIDX_OK) != (gz != NULL))
        abort();
    if (gz == NULL) {
        if (err2.code != err->code || err2.line != err->line || err2.column != err->column ||
            strcmp(err2.msg, err->msg) != 0)
            abort();
        return;
    }
    {
        entidx_buf a = ENTIDX_BUF_INIT, b = ENTIDX_BUF_INIT;
        if (entidx__gazetteer_serialize(gz, &a) != ENTIDX_OK ||
            entidx__gazetteer_serialize(gz2, &b) != ENTIDX_OK || a.len != b.len ||
            memcmp(a.ptr, b.ptr, a.len) != 0)
            abort();
        entidx_buf_dispose(&a);
        entidx_buf_dispose(&b);
    }
    entidx_gazetteer_free(gz2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    entidx_gazetteer_opts opts = ENTIDX_GAZETTEER_OPTS_INIT;
    entidx_gazetteer *gz = NULL;
    entidx_error err = ENTIDX_ERROR_INIT;
    const char *text = (const char *)data;

    opts.skip_flags = 0;
    if (entidx_gazetteer_load_buffer(&gz, "fuzz.tsv", text, size, &opts, &err) != ENTIDX_OK)
        gz = NULL;
    same_read_by_a_thread(text, size, &opts, gz, &err);
    if (gz != NULL) {
        fuzz_tag(gz, text, size);
        entidx_gazetteer_free(gz);
    }
    return 0;
}
