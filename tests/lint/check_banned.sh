#!/usr/bin/env bash
# Fail when src/ uses a banned function, or when the library allocates without
# the entidx_* allocators (so fault injection covers every allocation).
set -u
root=${1:?usage: check_banned.sh REPO}
status=0
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|gets|strtok|atoi|atol|atof|scanf|sscanf|tmpnam)[[:space:]]*\('
if grep -nE "$banned" "$root"/src/lib/*.c "$root"/src/lib/*.h "$root"/src/cli/*.c "$root"/src/cli/*.h; then
    echo "banned function used (see above)" >&2
    status=1
fi
if grep -nE '(^|[^_a-z])(malloc|calloc|realloc|free|strdup|strndup)[[:space:]]*\(' "$root"/src/lib/*.c \
    | grep -v 'src/lib/alloc.c'; then
    echo "raw allocation in the library: use entidx_malloc and friends" >&2
    status=1
fi
[ $status -eq 0 ] && echo "lint.banned: 0 problems"
exit $status
