#!/usr/bin/env bash
# Every public header must compile on its own, strictly (no hidden include order).
set -u
root=${1:?usage: check_headers.sh REPO CC}
cc=${2:-cc}
status=0
n=0
for h in "$root"/include/entidx/*.h; do
    n=$((n + 1))
    if ! echo "#include \"entidx/$(basename "$h")\"" |
        "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$root/include" -x c -; then
        echo "header not self-contained: $h" >&2
        status=1
    fi
done
echo "lint.headers: $n headers checked"
exit $status
