/* SPDX-License-Identifier: MIT */
/*
 * walk.c - expand input arguments (files, directories, "-") into the sorted
 * list of files to read.
 */
#include "internal.h"
#include "entidx/reader.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MAX_DEPTH 64
/* walk result: a loop or too deep a nesting was reported in err and left out; the rest goes on */
#define SKIPPED 1

typedef struct path_list {
    char **v;
    size_t n, cap;
} path_list;

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

static int list_add(path_list *l, const char *p, size_t len)
{
    char *s;
    if (entidx_array_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return ENTIDX_ENOMEM;
    if ((s = entidx_strndup(p, len)) == NULL)
        return ENTIDX_ENOMEM;
    l->v[l->n++] = s;
    return ENTIDX_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(path_list *out, const char *path, dir_id *chain, int depth, entidx_error *err);

static int walk_dir(path_list *out, const char *path, const struct stat *st, dir_id *chain,
                    int depth, entidx_error *err)
{
    path_list names = {NULL, 0, 0};
    struct dirent *de;
    DIR *d;
    int rc = ENTIDX_OK, skipped = 0;

    for (int i = 0; i < depth; i++) {
        if (chain[i].dev == st->st_dev && chain[i].ino == st->st_ino) {
            ENTIDX_FAIL_AT(err, ENTIDX_EIO, path, 0, 0,
                           "directory loop (a symbolic link leads back to a parent); skipped");
            return SKIPPED;
        }
    }
    if (depth >= MAX_DEPTH) {
        ENTIDX_FAIL_AT(err, ENTIDX_EIO, path, 0, 0, "directories nested deeper than %d; skipped",
                       MAX_DEPTH);
        return SKIPPED;
    }
    chain[depth].dev = st->st_dev;
    chain[depth].ino = st->st_ino;
    if ((d = opendir(path)) == NULL)
        return ENTIDX_FAIL_SYS(err, errno, path, "cannot open directory");
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if ((rc = list_add(&names, de->d_name, strlen(de->d_name))) < 0) {
            rc = ENTIDX_FAIL(err, rc, "out of memory listing '%s'", path);
            break;
        }
    }
    closedir(d);
    if (rc == ENTIDX_OK && names.n > 0)
        qsort(names.v, names.n, sizeof(*names.v), cmp_str);
    for (size_t i = 0; rc == ENTIDX_OK && i < names.n; i++) {
        size_t plen = strlen(path), nlen = strlen(names.v[i]);
        int slash = plen > 0 && path[plen - 1] == '/';
        char *child = entidx_malloc(plen + nlen + 2);
        if (child == NULL) {
            rc = ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory listing '%s'", path);
            break;
        }
        memcpy(child, path, plen);
        if (!slash)
            child[plen++] = '/';
        memcpy(child + plen, names.v[i], nlen + 1);
        rc = walk(out, child, chain, depth + 1, err);
        entidx_free(child);
        if (rc == SKIPPED) {
            skipped = 1;
            rc = ENTIDX_OK;
        }
    }
    entidx_paths_free(names.v, names.n);
    return rc == ENTIDX_OK && skipped ? SKIPPED : rc;
}

static int walk(path_list *out, const char *path, dir_id *chain, int depth, entidx_error *err)
{
    struct stat st;

    if (strcmp(path, "-") == 0)
        return list_add(out, path, 1) < 0 ? ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory")
                                          : ENTIDX_OK;
    if (stat(path, &st) != 0) {
        if (depth == 0)
            return ENTIDX_FAIL_SYS(err, errno, path, "cannot open");
        /* inside a directory: list it, so that reading it reports the problem
           and its siblings are still read (a dangling link, a vanished file) */
        if (list_add(out, path, strlen(path)) < 0)
            return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
        return ENTIDX_OK;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(out, path, &st, chain, depth, err);
    if (list_add(out, path, strlen(path)) < 0)
        return ENTIDX_FAIL(err, ENTIDX_ENOMEM, "out of memory");
    return ENTIDX_OK;
}

int entidx_expand_inputs(char ***out, size_t *n_out, const char *const *inputs, size_t n_inputs,
                         entidx_error *err)
{
    path_list l = {NULL, 0, 0};
    dir_id chain[MAX_DEPTH];
    int rc = ENTIDX_OK;

    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        int r = walk(&l, inputs[i], chain, 0, err);
        if (r == SKIPPED) {
            rc = ENTIDX_EIO;
        } else if (r < 0) {
            rc = r;
            break;
        }
    }
    if (rc == ENTIDX_ENOMEM || l.n == 0) {
        entidx_paths_free(l.v, l.n);
        return rc;
    }
    /* after ENTIDX_EIO the files found are still given */
    *out = l.v;
    *n_out = l.n;
    return rc;
}

void entidx_paths_free(char **paths, size_t n)
{
    if (paths == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        entidx_free(paths[i]);
    entidx_free(paths);
}
