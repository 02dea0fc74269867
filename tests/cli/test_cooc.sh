# Co-occurrence against values computed independently with awk from the
# mentions `entidx tag` prints: counts, document frequencies, units and every
# measure, at document and sentence level; buckets summing to the unbucketed
# counts; filters; CSV that Python's csv module reads back exactly; Gephi
# files; --excel-safe.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"
C="$SRC/corpora"
INPUTS="$C/news-sample.jsonl.gz $C/text $C/lines-sample.txt"

run index -q -g "$G" -o "$T/s.idx" $INPUTS
expect_status 0 "index"
"$ENTIDX" tag -g "$G" --format tsv $INPUTS | tail -n +2 >"$T/tags.tsv" || fail "tag failed"
n_docs=$("$ENTIDX" query --count "$T/s.idx" 'date:0000..9999 OR NOT date:0000..9999')

# expected TSV rows "a b count df_a df_b units" (a < b by id) for units = $1 (doc | sentence)
expected() {
    awk -F'\t' -v level="$1" -v ndocs="$n_docs" '
        { u = (level == "doc") ? $1 : $1 SUBSEP $9
          if (!((u, $3) in seen)) { seen[u, $3] = 1; ents[u] = ents[u] " " $3; df[$3]++ }
          units[u] = 1 }
        END {
          n = 0; for (u in units) n++
          if (level == "doc") n = ndocs
          for (u in ents) {
            k = split(substr(ents[u], 2), e, " ")
            for (i = 1; i <= k; i++) for (j = 1; j <= k; j++)
              if (e[i] < e[j]) pair[e[i] " " e[j]]++
          }
          for (p in pair) { split(p, ab, " "); print ab[1], ab[2], pair[p], df[ab[1]], df[ab[2]], n }
        }' "$T/tags.tsv" | sort
}
# entidx rows in the same shape, plus the measures
actual() {
    "$ENTIDX" cooc "$T/s.idx" --format tsv "$@" | tail -n +2 |
        awk -F'\t' '{ if ($1 < $4) print $1, $4, $7, $8, $9, $10, $11, $12, $13, $14, $15
                      else print $4, $1, $7, $9, $8, $10, $11, $12, $13, $14, $15 }' | sort
}

for level in doc sentence; do
    expected "$level" >"$T/want.$level"
    actual --level "$level" >"$T/got.$level"
    checks=$((checks + 1))
    [ -s "$T/want.$level" ] || fail "no pairs expected at $level level"
    cut -d' ' -f1-6 "$T/got.$level" >"$T/got6.$level"
    cmp -s "$T/want.$level" "$T/got6.$level" ||
        fail "$level level counts differ: $(diff "$T/want.$level" "$T/got6.$level" | head -5)"
    # the measures, from the counts, to 5 significant digits
    checks=$((checks + 1))
    bad=$(awk '
        function log2(x) { return log(x) / log(2) }
        function xl(o, e) { return (o > 0 && e > 0) ? o * log(o / e) : 0 }
        function near(x, y) { d = x - y; if (d < 0) d = -d; ay = y < 0 ? -y : y; return d <= 1e-4 * (ay > 1 ? ay : 1) + 1e-6 }
        { c = $3; a = $4; b = $5; n = $6
          pmi = log2(c * n / (a * b))
          npmi = (c >= n) ? 1 : pmi / -log2(c / n)
          jac = c / (a + b - c); dice = 2 * c / (a + b)
          g2 = 2 * (xl(c, a * b / n) + xl(a - c, a * (n - b) / n) + xl(b - c, (n - a) * b / n) + xl(n - a - b + c, (n - a) * (n - b) / n))
          if (!near($7, pmi) || !near($8, npmi) || !near($9, jac) || !near($10, dice) || !near($11, g2))
            print $0 " expected " pmi " " npmi " " jac " " dice " " g2 }' "$T/got.$level" | head -3)
    [ -z "$bad" ] || fail "$level level measures: $bad"
done

# window:K: positions are tokens from the document's start, the title first
printf 'id\ttype\tname\nJP\tCOUNTRY\tJapan\nDE\tCOUNTRY\tGermany\nCN\tCOUNTRY\tChina\n' >"$T/w.tsv"
printf '{"id": "w1", "title": "Japan", "text": "and Germany met. Then one two three four China."}\n' >"$T/w.jsonl"
run index -q -g "$T/w.tsv" -o "$T/w.idx" "$T/w.jsonl"
# tokens: Japan 0 | and 1, Germany 2, met 3, Then 4, one 5, two 6, three 7, four 8, China 9
for k in 1 2 6 7; do
    run cooc "$T/w.idx" --format tsv --level "window:$k"
    printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '{ print ($1 < $4) ? $1 "-" $4 : $4 "-" $1 }' | sort | tr '\n' ' ' >"$T/w.$k"
done
checks=$((checks + 1))
[ "$(cat "$T/w.1")" = "" ] || fail "window:1: $(cat "$T/w.1")"
checks=$((checks + 1))
[ "$(cat "$T/w.2")" = "DE-JP " ] || fail "window:2: $(cat "$T/w.2")"
checks=$((checks + 1))
[ "$(cat "$T/w.6")" = "DE-JP " ] || fail "window:6: $(cat "$T/w.6")"
checks=$((checks + 1))
[ "$(cat "$T/w.7")" = "CN-DE DE-JP " ] || fail "window:7: $(cat "$T/w.7")"
# a window as wide as any document is the document level
run cooc "$T/s.idx" --format tsv --level window:1000000
checks=$((checks + 1))
[ "$out" = "$("$ENTIDX" cooc "$T/s.idx" --format tsv)" ] || fail "window:1000000 differs from doc"
run cooc "$T/s.idx" --level window:
expect_status 2 "window: without K"

# buckets: per month, the counts of every pair add up to the unbucketed count
"$ENTIDX" cooc "$T/s.idx" --format tsv --by month | tail -n +2 >"$T/months.tsv"
checks=$((checks + 1))
summed=$(awk -F'\t' '{ k = ($2 < $5) ? $2 " " $5 : $5 " " $2; s[k] += $8 } END { for (k in s) print k, s[k] }' "$T/months.tsv" | sort)
plain=$(cut -d' ' -f1-3 "$T/got.doc")
[ "$summed" = "$plain" ] || fail "monthly counts do not add up to the totals"
checks=$((checks + 1))
awk -F'\t' '$1 != "" && $1 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]$/ { bad = 1 } END { exit bad }' "$T/months.tsv" ||
    fail "bucket labels are not YYYY-MM"
run cooc "$T/s.idx" --by week --format tsv
checks=$((checks + 1))
printf '%s\n' "$out" | tail -n +2 | cut -f1 | grep -qE '^2019-W(22|26)$' || fail "no ISO week labels: $(printf '%s\n' "$out" | cut -f1 | sort -u | tr '\n' ' ')"

# filters: --with, --types, --query, --min-count, --top with --sort
run cooc "$T/s.idx" --format tsv --with Huawei
checks=$((checks + 1))
printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '$1 != "ORG_HUAWEI" { bad = 1 } END { exit bad }' ||
    fail "--with: a is not Huawei"
checks=$((checks + 1))
[ "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" -eq "$(grep -c 'ORG_HUAWEI' "$T/got.doc")" ] ||
    fail "--with Huawei: not every Huawei pair"
run cooc "$T/s.idx" --format tsv --types ORG,COUNTRY
checks=$((checks + 1))
printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '$3 != "ORG" || $6 != "COUNTRY" { bad = 1 } END { exit bad }' ||
    fail "--types ORG,COUNTRY"
run cooc "$T/s.idx" --format tsv --query 'date:2020..' --with Huawei
expect_status 0 "--query"
checks=$((checks + 1))
n_2020=$("$ENTIDX" query --count "$T/s.idx" 'date:2020..')
printf '%s\n' "$out" | tail -n +2 | awk -F'\t' -v n="$n_2020" '$10 != n { bad = 1 } END { exit bad }' ||
    fail "--query: units should be the $n_2020 matching documents"
run cooc "$T/s.idx" --format tsv --sort npmi --top 3 --min-count 2
checks=$((checks + 1))
printf '%s\n' "$out" | tail -n +2 | awk -F'\t' 'NR > 1 && $12 > prev + 1e-9 { bad = 1 } { prev = $12 } $8 < 2 { bad = 1 } END { exit bad || NR != 3 }' ||
    fail "--sort npmi --top 3 --min-count 2: $out"
run cooc "$T/s.idx" --max-pairs 3
expect_status 1 "--max-pairs"
expect_err_has "more than 3 distinct pairs"
run cooc "$T/s.idx" --sort size
expect_status 2 "--sort size"
run cooc "$T/s.idx" --by decade
expect_status 2 "--by decade"

# names with commas and quotes survive CSV; --excel-safe defuses formulas
printf 'id\ttype\tname\taliases\nQ1\tORG\tAcme, "The" Works\tAcme Works\nQ2\tORG\t=Evil Corp\tEvil Corp\nQ3\tCOUNTRY\tJapan\t\n' >"$T/q.tsv"
printf '{"id": "x1", "text": "Acme Works and Evil Corp met in Japan."}\n' >"$T/q.jsonl"
run index -q -g "$T/q.tsv" -o "$T/q.idx" "$T/q.jsonl"
"$ENTIDX" cooc "$T/q.idx" >"$T/q.csv"
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
names = sorted({r["name_a"] for r in rows} | {r["name_b"] for r in rows})
assert names == ["=Evil Corp", "Acme, \"The\" Works", "Japan"], names
assert len(rows) == 3 and all(r["count"] == "1" for r in rows), rows
' "$T/q.csv" || fail "python csv does not read the names back"
fi
# the same CSV writer carries newlines: a title with one, through `query`, read back by Python
printf '{"id": "n1", "title": "Acme Works, \\"quoted\\"\\nand a second line", "text": "Japan"}\n' >"$T/n.jsonl"
run index -q -g "$T/q.tsv" -o "$T/n.idx" "$T/n.jsonl"
"$ENTIDX" query "$T/n.idx" Japan >"$T/n.csv"
if command -v python3 >/dev/null 2>&1; then
    checks=$((checks + 1))
    python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 1 and rows[0]["title"] == "Acme Works, \"quoted\"\nand a second line", rows
' "$T/n.csv" || fail "python csv does not read a title with a newline back"
fi
run cooc "$T/q.idx" --excel-safe
expect_out_has "'=Evil Corp"
checks=$((checks + 1))
printf '%s\n' "$out" | grep -q ',=Evil' && fail "--excel-safe left a formula"
run cooc "$T/q.idx"
expect_out_has ",=Evil Corp,"

# Gephi: nodes and edges files as the spreadsheet import reads them
run cooc "$T/s.idx" --gephi "$T/g" --sort g2 --min-count 2
expect_status 0 "--gephi"
checks=$((checks + 1))
[ "$(head -1 "$T/g-nodes.csv")" = "Id,Label,Type,Documents" ] || fail "nodes header: $(head -1 "$T/g-nodes.csv")"
checks=$((checks + 1))
[ "$(head -1 "$T/g-edges.csv")" = "Source,Target,Weight,Type,count,df_a,df_b,units,pmi,npmi,jaccard,dice,g2,bucket" ] ||
    fail "edges header: $(head -1 "$T/g-edges.csv")"
checks=$((checks + 1))
n_edges=$(awk '$3 >= 2' "$T/got.doc" | wc -l)
[ "$(tail -n +2 "$T/g-edges.csv" | wc -l)" -eq "$n_edges" ] || fail "expected $n_edges edges"
checks=$((checks + 1))
tail -n +2 "$T/g-edges.csv" | awk -F, '$4 != "Undirected" { bad = 1 } END { exit bad }' || fail "edges are not Undirected"
checks=$((checks + 1))
cut -d, -f1,2 "$T/g-edges.csv" | tail -n +2 | tr ',' '\n' | sort -u >"$T/edge-ids"
tail -n +2 "$T/g-nodes.csv" | cut -d, -f1 | sort -u >"$T/node-ids"
cmp -s "$T/edge-ids" "$T/node-ids" || fail "nodes are not exactly the edges' ends"

finish
