/* SPDX-License-Identifier: MIT */
/*
 * gzread_loop.c - the floor for a one-thread zlib reader: decompress a gzip
 * (or plain) file with gzread into a 128 KiB buffer and print the number of
 * bytes. bench/run.sh uses it as the zlib_read peer when ../shared/bench is
 * absent; it does the same work as ../shared/bench/zlib_read.c.
 * usage: gzread_loop FILE
 */
#include <stdio.h>
#include <zlib.h>

int main(int argc, char **argv)
{
    static char buf[1 << 17];
    long long total = 0;
    int n;
    gzFile in;

    if (argc != 2) {
        fputs("usage: gzread_loop FILE\n", stderr);
        return 2;
    }
    in = gzopen(argv[1], "rb");
    if (in == NULL) {
        perror(argv[1]);
        return 1;
    }
    gzbuffer(in, sizeof buf);
    while ((n = gzread(in, buf, sizeof buf)) > 0)
        total += n;
    if (n < 0 || gzclose(in) != Z_OK) {
        fprintf(stderr, "%s: damaged gzip data\n", argv[1]);
        return 1;
    }
    printf("%lld\n", total);
    return 0;
}
