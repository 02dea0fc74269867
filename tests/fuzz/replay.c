/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a main() for the fuzz targets when they are built without
 * libFuzzer (gcc, every normal build): runs LLVMFuzzerTestOneInput on every
 * file named on the command line, or in the directories named, so the
 * committed corpora are regression tests in ctest.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, got;
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    do {
        if (len == cap) {
            uint8_t *n = realloc(buf, cap = cap ? 2 * cap : 4096);
            if (n == NULL) {
                fclose(f);
                free(buf);
                return 1;
            }
            buf = n;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int failures = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no %s\n", argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            char **names = NULL;
            size_t n = 0;
            while (d != NULL && (e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                    continue;
                names = realloc(names, (n + 1) * sizeof(*names));
                names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
                sprintf(names[n++], "%s/%s", argv[i], e->d_name);
            }
            if (d != NULL)
                closedir(d);
            qsort(names, n, sizeof(*names), cmp_str);
            for (size_t k = 0; k < n; k++) {
                failures += run_file(names[k]);
                runs++;
                free(names[k]);
            }
            free(names);
        } else {
            failures += run_file(argv[i]);
            runs++;
        }
    }
    printf("replay: %d inputs, %d unreadable\n", runs, failures);
    return failures != 0 || runs == 0;
}
