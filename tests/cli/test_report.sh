# entidx report: the HTML file's parts against what `entities` and `cooc`
# print for the same index, options, determinism, and errors (unknown type,
# bad measure, unwritable output). The rendering itself is checked in a
# browser by test_report_chromium.sh; the HTML structure by unit.report.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"
C="$SRC/corpora"

run index -q -g "$G" -o "$T/s.idx" "$C/news-sample.jsonl.gz" "$C/text" "$C/lines-sample.txt"
expect_status 0 "index"

count() { grep -o -- "$1" "$2" | wc -l; }

run report --help
expect_status 0 "report --help"
expect_out_has "usage: entidx report [OPTIONS] INDEX -o FILE"
expect_out_has "--measure M"

run report "$T/s.idx" -o "$T/r.html"
expect_status 0 "report"
expect_err_empty
checks=$((checks + 1))
head -c 15 "$T/r.html" | grep -qx '<!DOCTYPE html>' || fail "report does not start with <!DOCTYPE html>"
# one bar per entity mentioned, at most 15 per type
want=0
for type in $("$ENTIDX" entities "$T/s.idx" -f csv | tail -n +2 | cut -d, -f2 | sort -u); do
    n=$("$ENTIDX" entities "$T/s.idx" --type "$type" -f csv | tail -n +2 | wc -l)
    want=$((want + (n < 15 ? n : 15)))
done
checks=$((checks + 1))
[ "$(count '<rect class="bar"' "$T/r.html")" -eq "$want" ] ||
    fail "$(count '<rect class="bar"' "$T/r.html") bars, expected $want"
# the network: the 40 first pairs of `cooc` (or all of them when fewer)
pairs=$("$ENTIDX" cooc "$T/s.idx" --top 40 | tail -n +2 | wc -l)
checks=$((checks + 1))
[ "$(count '<line class="edge"' "$T/r.html")" -eq "$pairs" ] || fail "edges differ from cooc's $pairs"
checks=$((checks + 1))
for forbidden in '<script' 'http://' 'https://'; do
    ! grep -qF -- "$forbidden" "$T/r.html" || fail "report contains $forbidden"
done

# -o - writes the same bytes to standard output; a second run gives the same bytes
run report "$T/s.idx" -o -
expect_status 0 "report -o -"
checks=$((checks + 1))
"$ENTIDX" report "$T/s.idx" -o - | cmp -s - "$T/r.html" || fail "-o - differs from -o FILE"

# --types, --top: the bars are the first of `entities --type`, in order
run report "$T/s.idx" -o "$T/c.html" --types COUNTRY --top 3 --series 2 --title 'Q & A'
expect_status 0 "report --types COUNTRY --top 3"
checks=$((checks + 1))
[ "$(count '<rect class="bar"' "$T/c.html")" -eq 3 ] || fail "--top 3 does not give 3 bars"
checks=$((checks + 1))
[ "$(count '<polyline class="series"' "$T/c.html")" -eq 2 ] || fail "--series 2 does not give 2 lines"
want=$("$ENTIDX" entities "$T/s.idx" --type COUNTRY --top 3 -f tsv | tail -n +2 | cut -f3 | paste -sd' ')
got=$(grep -o '<rect class="bar"[^>]*><title>[^:]*' "$T/c.html" | sed 's/.*<title>//' | paste -sd' ')
checks=$((checks + 1))
[ "$got" = "$want" ] || fail "bars '$got', expected '$want'"
checks=$((checks + 1))
grep -qF '<title>Q &amp; A</title>' "$T/c.html" || fail "--title not escaped"
checks=$((checks + 1))
! grep -q '<h3>ORG</h3>' "$T/c.html" || fail "--types COUNTRY still shows ORG"

# --measure, --pairs, --level: the strongest pair is cooc's first row
run report "$T/s.idx" -o "$T/p.html" --measure pmi --pairs 5 --level sentence --min-count 2
expect_status 0 "report --measure pmi"
first=$("$ENTIDX" cooc "$T/s.idx" --sort pmi --level sentence --min-count 2 --top 1 -f tsv |
    tail -n +2 | awk -F'\t' '{ printf "<td>%s</td><td>%s</td><td class=\"n\">%s</td>", $2, $5, $7 }')
n=$("$ENTIDX" cooc "$T/s.idx" --sort pmi --level sentence --min-count 2 --top 5 | tail -n +2 | wc -l)
checks=$((checks + 1))
grep -qF "<tr><td class=\"n\">1</td>$first" "$T/p.html" || fail "first pair is not cooc's: $first"
checks=$((checks + 1))
[ "$(count '<line class="edge"' "$T/p.html")" -eq "$n" ] || fail "--pairs 5 does not give $n edges"
checks=$((checks + 1))
grep -qF '<th class="n">pmi</th>' "$T/p.html" || fail "no pmi column"

# errors
run report "$T/s.idx" -o "$T/bad.html" --types ORG,NOPE
expect_status 2 "unknown type"
expect_err_has "entidx: unknown entity type 'NOPE'; the index has COUNTRY, ORG, PERSON"
checks=$((checks + 1))
[ ! -e "$T/bad.html" ] || fail "a failed report leaves its file behind"
run report "$T/s.idx" -o "$T/bad.html" --measure bogus
expect_status 2 "bad measure"
expect_err_has "--measure takes count, pmi, npmi, jaccard, dice or g2, not 'bogus'"
run report "$T/s.idx" -o "$T/bad.html" --level window:3
expect_status 2 "bad level"
expect_err_has "--level takes doc or sentence, not 'window:3'"
run report "$T/s.idx" -o "$T/bad.html" --top many
expect_status 2 "bad --top"
expect_err_has "--top needs a number"
run report "$T/s.idx"
expect_status 2 "no -o"
expect_err_has "missing -o FILE"
run report -o "$T/bad.html"
expect_status 2 "no index"
expect_err_has "no index given"
run report "$T/s.idx" -o "$T/no/such/dir/r.html"
expect_status 1 "unwritable -o"
expect_err_has "cannot write $T/no/such/dir/r.html: No such file or directory"
run report "$T/s.idx" -o "$T"
expect_status 1 "-o a directory"
expect_err_has "cannot write $T: Is a directory"
run report "$C/news-sample.jsonl.gz" -o "$T/bad.html"
expect_status 1 "not an index"
checks=$((checks + 1))
[ ! -e "$T/bad.html" ] || fail "a report of no index leaves a file behind"
if [ -w /dev/full ]; then
    "$ENTIDX" report "$T/s.idx" -o - >/dev/full 2>"$T/err"
    status=$?
    err=$(cat "$T/err")
    expect_status 1 "stdout full"
    expect_err_has "entidx: "
fi

finish
