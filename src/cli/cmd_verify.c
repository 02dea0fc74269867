/* SPDX-License-Identifier: MIT */
/*
 * cmd_verify.c - `entidx verify`: check an index file end to end.
 */
#include "cli.h"

#include <string.h>

static const char usage[] = "usage: entidx verify INDEX...\n"
                            "\n"
                            "Check every checksum and structural invariant of each index.\n"
                            "Prints 'INDEX: ok (...)' per good index; exit status 1 when one\n"
                            "is damaged, with the problem on standard error.\n";

int cmd_verify(int argc, char **argv)
{
    int rc = CLI_OK;

    if (argc < 2)
        return cli_usage_error("verify", "no index given");
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return cli_finish_stdout(CLI_OK);
        }
    }
    for (int i = 1; i < argc; i++) {
        entidx_error err = ENTIDX_ERROR_INIT;
        entidx_index *ix;
        if (cli_open_index(argv[i], &ix) != CLI_OK) {
            rc = CLI_FAIL;
            continue;
        }
        if (entidx_index_verify(ix, &err) < 0) {
            cli_report(&err);
            rc = CLI_FAIL;
        } else {
            printf("%s: ok (%u documents, %u entities, format version %u)\n", argv[i],
                   (unsigned)entidx_index_doc_count(ix), (unsigned)entidx_index_entity_count(ix),
                   (unsigned)entidx_index_format_version(ix));
        }
        entidx_index_close(ix);
    }
    return cli_finish_stdout(rc);
}
