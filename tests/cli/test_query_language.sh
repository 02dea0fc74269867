# The query language against document sets computed independently: from the
# mentions `entidx tag` prints for the sample corpus and the dates in its
# JSON Lines, with awk and sort only. Every operator, TYPE:NAME, NAME>=N,
# id:, type:, date ranges, --sort, --explain, --all-matches and `docs`.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"
C="$SRC/corpora"
INPUTS="$C/news-sample.jsonl.gz $C/text $C/lines-sample.txt"

run index -q -g "$G" -o "$T/s.idx" $INPUTS
expect_status 0 "index"
"$ENTIDX" tag -g "$G" --format tsv $INPUTS >"$T/tags.tsv" || fail "tag failed"
# every document id in input order (tag prints only documents with mentions)
"$ENTIDX" query "$T/s.idx" --format tsv 'date:0000..9999 OR NOT date:0000..9999' |
    tail -n +2 | cut -f1 >"$T/all.txt"
# doc -> date for the JSON Lines documents
zcat "$C/news-sample.jsonl.gz" |
    sed -n 's/.*"id": "\([^"]*\)", "date": "\([0-9-]*\)".*/\1\t\2/p' >"$T/dates.tsv"

# docs_with ID [MIN]: documents with at least MIN (default 1) mentions of ID, in input order
docs_with() {
    awk -F'\t' -v id="$1" -v min="${2:-1}" 'NR > 1 && $3 == id { n[$1]++ }
        END { for (d in n) if (n[d] >= min) print d }' "$T/tags.tsv" | sort >"$T/set.tmp"
    in_order "$T/set.tmp"
}
# in_order FILE: the documents of FILE (any order) in index order
in_order() {
    awk 'NR == FNR { want[$0] = 1; next } ($0 in want)' "$1" "$T/all.txt"
}
# setop and|or|minus A B: on files holding one document a line
setop() {
    sort "$2" >"$T/a.tmp"
    sort "$3" >"$T/b.tmp"
    case $1 in
    and) comm -12 "$T/a.tmp" "$T/b.tmp" ;;
    or) sort -u "$T/a.tmp" "$T/b.tmp" ;;
    minus) comm -23 "$T/a.tmp" "$T/b.tmp" ;;
    esac >"$T/c.tmp"
    in_order "$T/c.tmp"
}
# check EXPR FILE: the query's documents equal FILE's, in order
check() {
    checks=$((checks + 1))
    if ! "$ENTIDX" query "$T/s.idx" --format tsv "$1" >"$T/q.out" 2>"$T/q.err"; then
        fail "query '$1' failed: $(cat "$T/q.err")"
        return
    fi
    tail -n +2 "$T/q.out" | cut -f1 >"$T/got.txt"
    cmp -s "$T/got.txt" "$2" || fail "query '$1': got $(tr '\n' ' ' <"$T/got.txt"), expected $(tr '\n' ' ' <"$2")"
}

docs_with JPN >"$T/jpn"
docs_with USA >"$T/usa"
docs_with CHN >"$T/chn"
docs_with ORG_HUAWEI >"$T/huawei"
docs_with DEU >"$T/deu"
docs_with ORG_HUAWEI 2 >"$T/huawei2"
docs_with USA 3 >"$T/usa3"
checks=$((checks + 1))
[ -s "$T/jpn" ] && [ -s "$T/usa" ] && [ -s "$T/huawei2" ] || fail "the sample corpus lost its mentions"

check 'Japan' "$T/jpn"
check 'id:USA' "$T/usa"
setop and "$T/jpn" "$T/usa" >"$T/e1"
check 'Japan AND "United States"' "$T/e1"
check 'Japan "United States"' "$T/e1"
check 'japan and U.S.' "$T/e1"
setop or "$T/jpn" "$T/chn" >"$T/e2"
check 'Japan OR China' "$T/e2"
setop minus "$T/all.txt" "$T/huawei" >"$T/e3"
check 'NOT Huawei' "$T/e3"
setop minus "$T/usa" "$T/chn" >"$T/e4"
check 'United States AND NOT China' "$T/e4"
setop or "$T/jpn" "$T/deu" >"$T/t1"
setop and "$T/t1" "$T/usa" >"$T/e5"
check '(Japan OR Germany) AND U.S.' "$T/e5"
setop and "$T/deu" "$T/usa" >"$T/t2"
setop or "$T/jpn" "$T/t2" >"$T/e6"
check 'Japan OR Germany AND U.S.' "$T/e6" # AND binds tighter than OR
setop minus "$T/deu" "$T/usa" >"$T/t3"
setop or "$T/jpn" "$T/t3" >"$T/e7"
check 'Japan OR Germany AND NOT U.S.' "$T/e7"
check 'Huawei>=2' "$T/huawei2"
check 'ORG:Huawei>=2' "$T/huawei2"
check '"United States">=3' "$T/usa3"
check 'ORG:Huawei' "$T/huawei"

# type: every entity of a type
awk -F'\t' 'NR > 1 && $4 == "PERSON" { print $1 }' "$T/tags.tsv" | sort -u >"$T/set.tmp"
in_order "$T/set.tmp" >"$T/people"
check 'type:PERSON' "$T/people"

# dates: 2019-06-01..2022-12-31, an open end, a year, a month
awk -F'\t' '$2 >= "2019-06-01" && $2 <= "2022-12-31" { print $1 }' "$T/dates.tsv" >"$T/set.tmp"
in_order "$T/set.tmp" >"$T/d1"
check 'date:2019-06-01..2022-12-31' "$T/d1"
check 'date:2019-06..2022' "$T/d1"
awk -F'\t' '$2 >= "2022-01-01" { print $1 }' "$T/dates.tsv" >"$T/set.tmp"
in_order "$T/set.tmp" >"$T/d2"
check 'date:2022..' "$T/d2"
awk -F'\t' '$2 <= "2020-12-31" { print $1 }' "$T/dates.tsv" >"$T/set.tmp"
in_order "$T/set.tmp" >"$T/d3"
check 'date:..2020' "$T/d3"
awk -F'\t' '$2 ~ /^2019-06/ { print $1 }' "$T/dates.tsv" >"$T/set.tmp"
in_order "$T/set.tmp" >"$T/d4"
check 'date:2019-06' "$T/d4"
setop and "$T/huawei" "$T/d2" >"$T/e8"
check 'Huawei date:2022..' "$T/e8"
setop minus "$T/huawei" "$T/d2" >"$T/e9"
check 'Huawei AND NOT date:2022..' "$T/e9"

# --count, --sort, --limit
run query "$T/s.idx" --count 'Japan OR China'
expect_out "$(wc -l <"$T/e2" | tr -d ' ')"
run query "$T/s.idx" --format tsv --sort date 'Huawei'
checks=$((checks + 1))
got=$(printf '%s\n' "$out" | tail -n +2 | cut -f2 | grep . | tr '\n' ' ')
want=$(printf '%s\n' "$out" | tail -n +2 | cut -f2 | grep . | sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "--sort date is not by date: $got"
checks=$((checks + 1))
[ -z "$(printf '%s\n' "$out" | tail -n +2 | cut -f2 | sed -n '/^$/,$p' | grep .)" ] ||
    fail "--sort date: undated documents are not last"
run query "$T/s.idx" --format tsv --sort mentions --limit 2 'Huawei'
expect_status 0 "--sort mentions"
checks=$((checks + 1))
first=$(printf '%s\n' "$out" | sed -n 2p | cut -f5)
most=$(awk -F'\t' 'NR > 1 && $3 == "ORG_HUAWEI" { n[$1]++ } END { m = 0; for (d in n) if (n[d] > m) m = n[d]; print m }' "$T/tags.tsv")
[ "$first" = "$most" ] || fail "--sort mentions: first row has $first mentions, the most is $most"
checks=$((checks + 1))
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "--limit 2 printed $(printf '%s\n' "$out" | wc -l) lines"

# --explain shows the tree with ids
run query "$T/s.idx" --explain 'Japan AND (ORG:Huawei>=2 OR NOT date:..2020)'
expect_status 0 "--explain"
expect_out "AND
  Japan -> id:JPN (Japan, COUNTRY); postings: $(wc -l <"$T/jpn" | tr -d ' ') documents
  OR
    ORG:Huawei>=2 -> id:ORG_HUAWEI (Huawei, ORG); at least 2 mentions; postings: $(wc -l <"$T/huawei" | tr -d ' ') documents
    NOT
      DATE (open) .. 2020-12-31
matches: $("$ENTIDX" query "$T/s.idx" --count 'Japan AND (ORG:Huawei>=2 OR NOT date:..2020)') documents"

# errors: unknown names suggest, wrong types, bad ranges, bad counts
run query "$T/s.idx" 'Germny'
expect_status 1 "unknown name"
expect_err_has "unknown entity 'Germny'; did you mean 'Germany' (DEU)"
run query "$T/s.idx" 'PERSON:Huawei'
expect_status 1 "wrong type"
expect_err_has "no PERSON is called 'Huawei'"
run query "$T/s.idx" 'date:2019-13'
expect_status 1 "bad month"
expect_err_has "bad date range '2019-13'"
run query "$T/s.idx" 'date:2021..2020'
expect_status 1 "reversed range"
expect_err_has "ends before it starts"
run query "$T/s.idx" 'Huawei>=0'
expect_status 1 "zero count"
expect_err_has "a minimum count must be a number from 1"
run query "$T/s.idx" --sort size Huawei
expect_status 2 "bad --sort"

# a name two entities share: an error listing them, or both with --all-matches
printf 'id\ttype\tname\taliases\nA1\tORG\tAcme Corp\tAcme\nA2\tORG\tAcme Mining\tAcme\nJP\tCOUNTRY\tJapan\t\n' >"$T/amb.tsv"
printf '{"id": "x1", "text": "Acme Corp and Japan"}\n{"id": "x2", "text": "Acme Mining and Japan"}\n{"id": "x3", "text": "Japan"}\n' >"$T/amb.jsonl"
run index -q -g "$T/amb.tsv" --ambiguous -o "$T/amb.idx" "$T/amb.jsonl"
run query "$T/amb.idx" Acme
expect_status 1 "ambiguous name"
expect_err_has "ambiguous name 'Acme' matches 2 entities: id:A1 (Acme Corp), id:A2 (Acme Mining)"
run query "$T/amb.idx" --all-matches --format csv 'Acme AND Japan'
expect_status 0 "--all-matches"
expect_out "doc,date,title,url,Acme Corp,Acme Mining,Japan
x1,,,,1,0,1
x2,,,,0,1,1"

# docs: metadata and entities, most mentioned first, sentences from the postings
run docs "$T/s.idx" --format tsv sample-2
expect_status 0 "docs"
checks=$((checks + 1))
n=$(awk -F'\t' 'NR > 1 && $1 == "sample-2" { print $3 }' "$T/tags.tsv" | sort -u | wc -l)
[ "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" -eq "$n" ] || fail "docs: expected $n entities"
checks=$((checks + 1))
usa=$(awk -F'\t' 'NR > 1 && $1 == "sample-2" && $3 == "USA"' "$T/tags.tsv" | wc -l)
printf '%s\n' "$out" | awk -F'\t' -v n="$usa" '$7 == "USA" && $10 == n { ok = 1 } END { exit !ok }' ||
    fail "docs: USA should have $usa mentions"
checks=$((checks + 1))
sents=$(awk -F'\t' 'NR > 1 && $1 == "sample-2" && $3 == "USA" { print $9 }' "$T/tags.tsv" | sort -n -u | tr '\n' ' ' | sed 's/ $//')
printf '%s\n' "$out" | awk -F'\t' -v s="$sents" '$7 == "USA" && $11 == s { ok = 1 } END { exit !ok }' ||
    fail "docs: USA sentences should be '$sents'"
run docs "$T/s.idx" sample-2 nowhere
expect_status 1 "docs of a missing document"
expect_err_has "no document 'nowhere' in the index"

finish
