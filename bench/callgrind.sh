#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instruction counts (valgrind --tool=callgrind, total Ir) of entidx on a small
# corpus, to compare two builds exactly on a machine too busy for timings.
#
# usage: bench/callgrind.sh [--docs N] [--work DIR] [-g GAZ] [ENTIDX_A [ENTIDX_B]]
#   ENTIDX_A  the binary to count (default: $ENTIDX, else build/entidx)
#   ENTIDX_B  a second binary (say, a build of another commit): both are
#             counted on the same input and the ratio B/A is printed
#   --docs N  corpus size (default 2000): the first N articles of
#             ../shared/data/corpora/reuters21578 when present, else
#             bench/make_synthetic_corpus.py --docs N
#   --work DIR  where the corpus, the callgrind.out files and the index go
#             (default ${TMPDIR:-/tmp}/entidx-callgrind)
#   -g GAZ    gazetteer file or directory (default: the shipped gazetteers/)
#
# Commands counted, each a whole process:
#   lookup   entidx lookup -g GAZ Germany: loading the gazetteer, little else
#   tag      entidx tag -q -j1 -g GAZ CORPUS > /dev/null (one thread, as index)
#   index    entidx index -q -j1 -g GAZ -o DIR/cg.idx CORPUS (one thread, so
#            the count does not depend on scheduling)
# and tag - lookup, index - lookup: the work on the corpus without the load.
# The counts repeat to the instruction for the same binary and input; a
# build's flags (Release vs Debug) change them, so compare like with like.
# Needs: valgrind, python3 (the synthetic corpus only), gzip.
set -euo pipefail
usage="usage: bench/callgrind.sh [--docs N] [--work DIR] [-g GAZ] [ENTIDX_A [ENTIDX_B]]"
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
docs=2000
work=${TMPDIR:-/tmp}/entidx-callgrind
gaz=$repo/gazetteers
bins=()
while [ $# -gt 0 ]; do
    case $1 in
    --docs) docs=${2:?$usage}; shift ;;
    --work) work=${2:?$usage}; shift ;;
    -g) gaz=${2:?$usage}; shift ;;
    -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) bins+=("$1") ;;
    esac
    shift
done
case $docs in '' | *[!0-9]* | 0) echo "callgrind.sh: --docs wants a positive number" >&2; exit 2 ;; esac
[ ${#bins[@]} -le 2 ] || { echo "$usage" >&2; exit 2; }
[ ${#bins[@]} -ge 1 ] || bins=("${ENTIDX:-$repo/build/entidx}")
for b in "${bins[@]}"; do
    [ -x "$b" ] || { echo "callgrind.sh: $b is not an executable (build entidx first)" >&2; exit 1; }
done
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 1; }
mkdir -p "$work"

reuters=$repo/../shared/data/corpora/reuters21578/reuters21578.jsonl.gz
if [ -f "$reuters" ]; then
    corpus=$work/reuters-$docs.jsonl
    what="the first $docs articles of Reuters-21578"
    [ -f "$corpus" ] || { gzip -dc "$reuters" | head -n "$docs" >"$corpus.tmp" || true; mv "$corpus.tmp" "$corpus"; }
else
    corpus=$work/synthetic-$docs.jsonl
    what="$docs synthetic articles (bench/make_synthetic_corpus.py)"
    [ -f "$corpus" ] || python3 "$here/make_synthetic_corpus.py" --docs "$docs" "$corpus"
fi

# count LABEL BIN ARGS...: total Ir of one run, printed on stdout.
count() {
    local label=$1 out=$work/callgrind.out.$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out" --log-file="$out.log" "$@" >/dev/null ||
        { echo "callgrind.sh: $label failed, see $out.log" >&2; exit 1; }
    sed -n 's/^totals: *\([0-9]*\).*/\1/p; s/^summary: *\([0-9]*\).*/\1/p' "$out" | head -n 1
}

declare -A ir
for i in "${!bins[@]}"; do
    b=${bins[$i]}
    echo "counting $b (lookup, tag, index; a minute or two)" >&2
    ir[$i,lookup]=$(count "$i-lookup" "$b" lookup -g "$gaz" Germany)
    ir[$i,tag]=$(count "$i-tag" "$b" tag -q -j1 -g "$gaz" "$corpus")
    ir[$i,index]=$(count "$i-index" "$b" index -q -j1 -g "$gaz" -o "$work/cg.idx" "$corpus")
    ir[$i,tag - lookup]=$((ir[$i,tag] - ir[$i,lookup]))
    ir[$i,index - lookup]=$((ir[$i,index] - ir[$i,lookup]))
done
rm -f "$work/cg.idx"

echo "instruction counts (callgrind, total Ir), $what, $(wc -c <"$corpus") bytes"
names=(A B)
for i in "${!bins[@]}"; do echo "  ${names[$i]}: ${bins[$i]}"; done
if [ ${#bins[@]} -eq 1 ]; then
    printf '%-16s %16s\n' command Ir
    for c in lookup tag index "tag - lookup" "index - lookup"; do
        printf '%-16s %16s\n' "$c" "${ir[0,$c]}"
    done
else
    printf '%-16s %16s %16s %8s\n' command "Ir A" "Ir B" "B/A"
    for c in lookup tag index "tag - lookup" "index - lookup"; do
        printf '%-16s %16s %16s %8s\n' "$c" "${ir[0,$c]}" "${ir[1,$c]}" \
            "$(awk -v a="${ir[0,$c]}" -v b="${ir[1,$c]}" 'BEGIN { printf "%.4f", b / a }')"
    done
fi
