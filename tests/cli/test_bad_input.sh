# Bad input is normal input: clear messages naming file:line, nothing lost
# that could be kept, never a crash.
. "$(dirname "$0")/lib.sh"

G="$T/g.tsv"
printf 'id\ttype\tname\nDEU\tCOUNTRY\tGermany\nJPN\tCOUNTRY\tJapan\n' >"$G"

# a malformed record is skipped with a warning naming file:line:column
printf '%s\n' '{"id":"a","text":"Germany"}' '{"id":"b","text": }' '[1,2]' \
    '{"id":"c","text":5}' '{"id":"d","text":"Japan"}' >"$T/bad.jsonl"
run index -g "$G" -o "$T/bad.idx" "$T/bad.jsonl"
expect_status 0 "index with bad records"
expect_err_has "entidx: warning: $T/bad.jsonl:2:19:"
expect_err_has "entidx: warning: $T/bad.jsonl:3:"
expect_err_has "entidx: warning: $T/bad.jsonl:4: field 'text' is not a string; record skipped"
expect_err_has "indexed 2 documents"
expect_err_has "3 records skipped"
run query "$T/bad.idx" --count 'Germany OR Japan'
expect_out "2"

# with threads the workers decode the records: bad ones among many batches
# are reported in input order all the same, and nothing else changes
for i in $(seq 1 3000); do
    case $((i % 700)) in
    0) printf '{"id":"r%d","text": }\n' "$i" ;;
    350) printf '{"id":"r%d","text":["Japan"]}\n' "$i" ;;
    *) printf '{"id":"r%d","title":"Item %d","text":"Germany and Japan, item %d"}\n' "$i" "$i" "$i" ;;
    esac
done >"$T/many.jsonl"
for j in 1 2 4; do
    run index -j "$j" -g "$G" -o "$T/many-$j.idx" "$T/many.jsonl"
    expect_status 0 "index -j $j with bad records"
    expect_err_has "indexed 2992 documents"
    expect_err_has "8 records skipped"
    grep 'warning' "$T/err" >"$T/many-$j.warnings"
    run tag -j "$j" -g "$G" --format csv "$T/many.jsonl"
    expect_status 0 "tag -j $j with bad records"
    printf '%s\n' "$out" >"$T/many-$j.csv"
done
checks=$((checks + 1))
[ "$(wc -l <"$T/many-1.warnings")" -eq 8 ] || fail "expected 8 warnings with -j 1"
head -n 2 "$T/many-1.warnings" | tr '\n' '|' | grep -q "many.jsonl:350: field 'text' is not a string; record skipped|.*many.jsonl:700:22: expected a value|" ||
    fail "warnings with -j 1: $(head -n 2 "$T/many-1.warnings")"
for j in 2 4; do
    checks=$((checks + 1))
    cmp -s "$T/many-1.warnings" "$T/many-$j.warnings" || fail "warnings differ with -j $j"
    cmp -s "$T/many-1.idx" "$T/many-$j.idx" || fail "index differs with -j $j"
    cmp -s "$T/many-1.csv" "$T/many-$j.csv" || fail "tag output differs with -j $j"
done

# every read error, the reader's own (damaged gzip data, a file whose reads
# fail) and the records that do not decode, comes in input order whatever -j
for m in 1 2 3; do
    for i in $(seq 1 300); do
        case $((i % 120)) in
        0) printf '{"id":"g%d-%d","text": }\n' "$m" "$i" ;;
        *) printf '{"id":"g%d-%d","text":"Germany and Japan, part %d"}\n' "$m" "$i" "$i" ;;
        esac
    done | gzip -c >>"$T/mixed.gz"
    [ "$m" = 1 ] && b1=$(stat -c %s "$T/mixed.gz")
    [ "$m" = 2 ] && b2=$(stat -c %s "$T/mixed.gz")
done
printf '\125' | dd of="$T/mixed.gz" bs=1 seek=$(((b1 + b2) / 2)) conv=notrunc 2>/dev/null
inputs="$T/mixed.gz $T/many.jsonl"
[ -r /proc/self/mem ] && inputs="$T/mixed.gz /proc/self/mem $T/many.jsonl"
for j in 1 2 4; do
    # shellcheck disable=SC2086
    run index -j "$j" -g "$G" -o "$T/mixed-$j.idx" $inputs
    expect_status 1 "index -j $j of damaged and bad inputs"
    grep -v '^entidx: indexed ' "$T/err" >"$T/mixed-$j.err"
done
checks=$((checks + 1))
grep -q 'mixed.gz:120:' "$T/mixed-1.err" && grep -q 'corrupt gzip data' "$T/mixed-1.err" &&
    grep -q "many.jsonl:350:" "$T/mixed-1.err" || fail "messages with -j 1: $(cat "$T/mixed-1.err")"
checks=$((checks + 1))
[ "$(grep -n 'mixed.gz:120:' "$T/mixed-1.err" | cut -d: -f1)" -lt \
    "$(grep -n 'corrupt gzip data' "$T/mixed-1.err" | cut -d: -f1)" ] ||
    fail "with -j 1 the bad record of member 1 is not reported before the damage in member 2"
for j in 2 4; do
    checks=$((checks + 1))
    cmp -s "$T/mixed-1.err" "$T/mixed-$j.err" ||
        fail "messages with -j $j differ from -j 1: $(diff "$T/mixed-1.err" "$T/mixed-$j.err")"
    cmp -s "$T/mixed-1.idx" "$T/mixed-$j.idx" || fail "index with -j $j differs from -j 1"
done

run index -g "$G" -o "$T/strict.idx" --strict "$T/bad.jsonl"
expect_status 1 "--strict"
expect_err_has "entidx: $T/bad.jsonl:2:19:"
[ ! -e "$T/strict.idx" ] || fail "--strict failure left an index"

# truncated gzip: the documents before the damage are kept, the damage is reported
for i in $(seq 1 400); do printf '{"id":"n%d","text":"Germany and Japan, item %d"}\n' "$i" "$i"; done |
    gzip -c >"$T/full.gz"
size=$(stat -c %s "$T/full.gz")
head -c $((size - 20)) "$T/full.gz" >"$T/trunc.gz"
run index -g "$G" -o "$T/trunc.idx" "$T/trunc.gz"
expect_status 1 "truncated gzip"
expect_err_has "entidx: $T/trunc.gz: byte 20"
expect_err_has "truncated gzip data"
run query "$T/trunc.idx" --count Japan
[ "$out" -gt 300 ] 2>/dev/null || fail "documents before the truncation were not kept ($out)"

# multi-member gzip (cat a.gz b.gz) reads every member
printf '{"id":"m1","text":"Germany"}\n' | gzip -c >"$T/m.gz"
printf '{"id":"m2","text":"Japan"}\n' | gzip -c >>"$T/m.gz"
run index -g "$G" -o "$T/m.idx" -q "$T/m.gz"
expect_status 0 "multi-member gzip"
run query "$T/m.idx" --count 'Germany OR Japan'
expect_out "2"

# an unreadable input is reported and the others are still indexed
run index -g "$G" -o "$T/miss.idx" "$T/nonexistent.jsonl" "$T/m.gz"
expect_status 1 "missing input"
expect_err_has "entidx: $T/nonexistent.jsonl: cannot open: No such file or directory"
run query "$T/miss.idx" --count 'Germany OR Japan'
expect_out "2"

# a dangling link inside a directory is reported; its siblings are still indexed
mkdir -p "$T/corp"
printf 'Germany\n' >"$T/corp/a.txt"
ln -s "$T/nowhere" "$T/corp/b.txt"
printf 'Japan\n' >"$T/corp/c.txt"
run index -g "$G" -o "$T/corp.idx" "$T/corp"
expect_status 1 "dangling link in a directory"
expect_err_has "entidx: $T/corp/b.txt: cannot open: No such file or directory"
expect_err_has "indexed 2 documents"

# a long first line of a text file becomes a title cut on a character boundary
{ printf 'Germany '; for i in $(seq 1 200); do printf '\303\251'; done; printf '\nbody\n'; } >"$T/long-title.txt"
run index -g "$G" -o "$T/lt.idx" -q "$T/long-title.txt"
"$ENTIDX" query "$T/lt.idx" --format csv Germany >"$T/lt.csv"
checks=$((checks + 1))
iconv -f UTF-8 -t UTF-8 "$T/lt.csv" >/dev/null 2>&1 || fail "title is not valid UTF-8"

# invalid UTF-8 and NUL bytes in plain text never crash
printf 'Germany \377\376 Japan \000 Germany\n' >"$T/bin.txt"
run tag -g "$G" --format csv "$T/bin.txt"
expect_status 0 "invalid UTF-8"
expect_out_has ",DEU,COUNTRY,Germany,0,7,Germany,0"
expect_out_has ",JPN,COUNTRY,Japan,11,16,Japan,0"

# a line longer than the limit is skipped with its line number (limit: 16 MiB)
{ printf '{"id":"x","text":"'; head -c 17000000 /dev/zero | tr '\0' 'a'; printf '"}\n';
  printf '{"id":"y","text":"Japan"}\n'; } >"$T/long.jsonl"
run index -g "$G" -o "$T/long.idx" "$T/long.jsonl"
expect_status 0 "over-long line"
expect_err_has "entidx: warning: $T/long.jsonl:1: line longer than 16777216 bytes; skipped"
run query "$T/long.idx" --count Japan
expect_out "1"

# bad gazetteers name file:line:column
printf 'id\ttype\tname\nX\tcountry\tFoo\n' >"$T/badgaz.tsv"
run index -g "$T/badgaz.tsv" -o "$T/x.idx" "$T/m.gz"
expect_status 1 "bad gazetteer"
expect_err_has "entidx: $T/badgaz.tsv:2:3: bad type 'country'"

# not an index, a truncated index, a damaged index
printf 'hello\n' >"$T/text.idx"
run query "$T/text.idx" Japan
expect_status 1 "not an index"
expect_err_has "$T/text.idx: too short to be an entidx index"
head -c 200 "$T/m.idx" >"$T/short.idx"
run verify "$T/short.idx"
expect_status 1 "truncated index"
expect_err_has "corrupt index"
cp "$T/m.idx" "$T/flip.idx"
size=$(stat -c %s "$T/flip.idx")
printf '\377' | dd of="$T/flip.idx" bs=1 seek=$((size - 3)) conv=notrunc 2>/dev/null
run verify "$T/flip.idx"
expect_status 1 "damaged index"
expect_err_has "checksum mismatch"

# a full disk for standard output is an error, not silence
if [ -w /dev/full ]; then
    "$ENTIDX" tag -g "$G" "$T/m.gz" >/dev/full 2>"$T/err"
    status=$?
    err=$(cat "$T/err")
    expect_status 1 "stdout on a full disk"
    expect_err_has "No space left on device"
fi

finish
