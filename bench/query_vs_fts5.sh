#!/usr/bin/env bash
# Whole-process time of entidx queries against SQLite FTS5 answering the same
# questions over the same articles, measured in the same run (hyperfine,
# medians), printed with the ratios FTS5 / entidx.
#
# usage: bench/query_vs_fts5.sh CORPUS.jsonl.gz [WORKDIR]
#   builds WORKDIR/corpus.idx (entidx index, shipped gazetteers) and
#   WORKDIR/corpus.db (bench/fts5_build.py) unless they exist, then times
#     one entity:   entidx query --count 'Germany'
#                   sqlite3: SELECT count(*) FROM docs WHERE docs MATCH 'germany'
#     three terms:  entidx query --count 'Japan AND Germany AND NOT China'
#                   sqlite3: ... MATCH 'japan AND germany NOT china'
# The questions are the same, not the answers: FTS5 matches words, entidx
# matches entities (aliases such as "Deutschland" or "FRG", case rules,
# longer names), so the counts differ a little; both are printed.
# The large corpus: ../shared/bench/make-corpus.sh OUT.jsonl.gz 20 (633 MB).
# Needs: hyperfine, sqlite3, python3.
set -euo pipefail
corpus=${1:?usage: bench/query_vs_fts5.sh CORPUS.jsonl.gz [WORKDIR]}
work=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
entidx=${ENTIDX:-$here/../build/entidx}
mkdir -p "$work"
for tool in hyperfine sqlite3 python3; do
    command -v "$tool" >/dev/null || { echo "query_vs_fts5: $tool is missing" >&2; exit 1; }
done
[ -f "$work/corpus.idx" ] || "$entidx" index -q -o "$work/corpus.idx" "$corpus"
[ -f "$work/corpus.db" ] || python3 "$here/fts5_build.py" "$corpus" "$work/corpus.db"
ls -l "$work/corpus.idx" "$work/corpus.db"

q1_e="Germany"
q1_s="SELECT count(*) FROM docs WHERE docs MATCH 'germany';"
q3_e="Japan AND Germany AND NOT China"
q3_s="SELECT count(*) FROM docs WHERE docs MATCH 'japan AND germany NOT china';"
echo "counts: entidx '$q1_e' $("$entidx" query --count "$work/corpus.idx" "$q1_e"), fts5 $(sqlite3 "$work/corpus.db" "$q1_s")"
echo "counts: entidx '$q3_e' $("$entidx" query --count "$work/corpus.idx" "$q3_e"), fts5 $(sqlite3 "$work/corpus.db" "$q3_s")"

hyperfine -N -w 3 -r 20 --export-json "$work/times.json" \
    -n entidx-1 "$entidx query --count $work/corpus.idx $q1_e" \
    -n fts5-1 "sqlite3 $work/corpus.db \"$q1_s\"" \
    -n entidx-3 "$entidx query --count $work/corpus.idx 'Japan AND Germany AND NOT China'" \
    -n fts5-3 "sqlite3 $work/corpus.db \"$q3_s\"" >/dev/null
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
for q in ("1", "3"):
    e, s = r["entidx-" + q], r["fts5-" + q]
    print("%s-term query: entidx %.1f ms, fts5 %.1f ms (medians of 20): fts5/entidx = %.2f"
          % ("one" if q == "1" else "three", e * 1e3, s * 1e3, s / e))
PY
