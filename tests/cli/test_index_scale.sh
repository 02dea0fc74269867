# The index at scale: identical bytes for any -j and --mem-limit (and the
# same tag output for any -j, up to a fatal read error), merge of
# shards equal to one run, the GNU parallel recipe of the README, kill -9
# during index leaves the previous index intact, and no temporary files ever
# remain in the output directory.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"
C="$SRC/corpora"

# no_extra_files DIR EXPECTED...: DIR holds exactly these names
no_extra_files() {
    local dir=$1
    shift
    checks=$((checks + 1))
    local have want
    have=$(ls -A "$dir" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$have" = "$want" ] || fail "$dir holds '$have', expected '$want'"
}

# A corpus large enough to spill and to run a while: the sample articles
# again and again, each copy with its own ids.
mkdir -p "$T/in"
for i in $(seq 1 40); do
    sed "s/^{\"id\": \"/{\"id\": \"c$i-/" "$C/news-sample.jsonl"
done >"$T/in/a.jsonl"
cp "$C/lines-sample.txt" "$T/in/b.txt"
gzip -c "$T/in/a.jsonl" >"$T/in/c.jsonl.gz"

mkdir -p "$T/ix"
run index -g "$G" -j 1 -o "$T/ix/j1.idx" "$T/in"
expect_status 0 "index -j 1"
run index -g "$G" -j 2 -o "$T/ix/j2.idx" "$T/in"
expect_status 0 "index -j 2"
run index -g "$G" -j 4 --mem-limit 4k -o "$T/ix/j4.idx" "$T/in"
expect_status 0 "index -j 4 --mem-limit 4k"
checks=$((checks + 1))
printf '%s' "$err" | grep -qE '[1-9][0-9]* sorted runs spilled' ||
    fail "--mem-limit 4k did not spill: $err"
run index -g "$G" -j 1 --mem-limit 64k -o "$T/ix/j1small.idx" "$T/in"
expect_status 0 "index -j 1 --mem-limit 64k"
for f in j2 j4 j1small; do
    checks=$((checks + 1))
    cmp -s "$T/ix/j1.idx" "$T/ix/$f.idx" || fail "$f.idx differs from j1.idx"
done
run verify "$T/ix/j4.idx"
expect_status 0 "verify"
expect_out "$T/ix/j4.idx: ok (961 documents, 163 entities, format version 2)"
no_extra_files "$T/ix" j1.idx j2.idx j4.idx j1small.idx

# tag_stops_as OPTIONS DIR WHERE WANT J...: for each J, `tag OPTIONS -j J DIR`
# exits 1, reports the error at WHERE and prints exactly the file WANT
tag_stops_as() {
    local opts=$1 dir=$2 where=$3 want=$4 j
    shift 4
    for j in "$@"; do
        run tag -g "$G" $opts -j "$j" "$dir"
        expect_status 1 "tag $opts -j $j"
        expect_err_has "$where"
        checks=$((checks + 1))
        [ "$out" = "$(cat "$want")" ] || fail "tag $opts -j $j: not the mentions of $want"
    done
}

# --max-errors counts the errors in input order for any -j: with 2, the bad
# record at the end of a long first file is the first error (a warning), and
# the one in the second file, after three good records, stops the run there
mkdir -p "$T/maxerr"
{
    for i in 1 2 3 4 5; do cat "$T/in/a.jsonl"; done
    echo '{"id": "bad1", "text": }'
} >"$T/maxerr/1.jsonl"
{
    head -3 "$T/in/a.jsonl"
    echo '{"id": "bad2", "text": }'
    cat "$T/in/a.jsonl"
} >"$T/maxerr/2.jsonl"
{
    for i in 1 2 3 4 5; do cat "$T/in/a.jsonl"; done
    head -3 "$T/in/a.jsonl"
} | "$ENTIDX" tag -g "$G" -j 1 - >"$T/maxerr-want.jsonl"
tag_stops_as "--max-errors 2" "$T/maxerr" "$T/maxerr/2.jsonl:4:" "$T/maxerr-want.jsonl" 1 4

# tag runs on the same pipeline: the same output for any -j
"$ENTIDX" tag -g "$G" -j 1 "$T/in" >"$T/tag-j1.jsonl"
checks=$((checks + 1))
[ "$(wc -l <"$T/tag-j1.jsonl")" -gt 1000 ] || fail "tag -j 1: too few mentions"
for j in 2 4; do
    "$ENTIDX" tag -g "$G" -j $j "$T/in" >"$T/tag-j$j.jsonl"
    checks=$((checks + 1))
    cmp -s "$T/tag-j1.jsonl" "$T/tag-j$j.jsonl" || fail "tag -j $j differs from tag -j 1"
done

# ... and the same as one run per file: nothing of one file's batches (reused
# from the pool for the next file) shows in the next file's output
for f in a.jsonl b.txt c.jsonl.gz; do
    "$ENTIDX" tag -g "$G" -j 1 "$T/in/$f"
done >"$T/tag-each.jsonl"
checks=$((checks + 1))
cmp -s "$T/tag-j1.jsonl" "$T/tag-each.jsonl" || fail "tag of the three files differs from one run per file"

# ... and after a fatal bad record (--strict) in the second of three files,
# the mentions before it are printed, none after it, for any -j
mkdir -p "$T/strict"
cp "$T/in/a.jsonl" "$T/strict/1.jsonl"
{
    head -3 "$T/in/a.jsonl"
    echo '{"id": "bad", "text": }'
    head -3 "$T/in/a.jsonl"
} >"$T/strict/2.jsonl"
cp "$T/in/a.jsonl" "$T/strict/3.jsonl"
{
    "$ENTIDX" tag -g "$G" "$T/strict/1.jsonl"
    head -3 "$T/in/a.jsonl" | "$ENTIDX" tag -g "$G" -
} >"$T/strict-want.jsonl"
tag_stops_as --strict "$T/strict" "$T/strict/2.jsonl:4:" "$T/strict-want.jsonl" 1 2 4

# progress on a terminal (script(1) gives the run one), none with -q or when piped
if command -v script >/dev/null 2>&1 && script -qec 'test -t 2' /dev/null >/dev/null 2>&1; then
    script -qec "'$ENTIDX' index -g '$G' -o '$T/ix/tty.idx' '$T/in/a.jsonl'" /dev/null >"$T/tty.txt"
    checks=$((checks + 1))
    tr '\r' '\n' <"$T/tty.txt" | grep -qE '^entidx: [0-9.]+ of [0-9.]+ MB read, [0-9]+ articles, [0-9]+ articles/s' ||
        fail "no progress line on a terminal: $(cat "$T/tty.txt")"
    script -qec "'$ENTIDX' index -q -g '$G' -o '$T/ix/tty.idx' '$T/in/a.jsonl'" /dev/null >"$T/tty.txt"
    checks=$((checks + 1))
    [ ! -s "$T/tty.txt" ] || fail "-q printed on a terminal: $(cat "$T/tty.txt")"
    rm -f "$T/ix/tty.idx"
else
    echo "note: no pseudo-terminal here (script(1)); the progress-line check is skipped" >&2
fi
run index -g "$G" -o "$T/ix/piped.idx" "$T/in/a.jsonl"
checks=$((checks + 1))
printf '%s' "$err" | grep -q 'MB read' && fail "progress printed when stderr is not a terminal"
checks=$((checks + 1))
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "expected the one-line summary only: $err"
rm -f "$T/ix/piped.idx"

# merge: the shards in order equal one run over their inputs
run index -g "$G" -q -o "$T/ix/sa.idx" "$T/in/a.jsonl"
run index -g "$G" -q -o "$T/ix/sb.idx" "$T/in/b.txt"
run index -g "$G" -q -o "$T/ix/sc.idx" "$T/in/c.jsonl.gz"
run merge -o "$T/ix/merged.idx" "$T/ix/sa.idx" "$T/ix/sb.idx" "$T/ix/sc.idx"
expect_status 0 "merge"
checks=$((checks + 1))
cmp -s "$T/ix/j1.idx" "$T/ix/merged.idx" || fail "merged index differs from one run"
run merge -o "$T/ix/x.idx" "$T/ix/sa.idx" "$SRC/corpora/lines-sample.txt"
expect_status 1 "merge of a non-index"
expect_err_has "not an entidx index"
run merge "$T/ix/sa.idx"
expect_status 2 "merge without -o"
rm -f "$T/ix/sa.idx" "$T/ix/sb.idx" "$T/ix/sc.idx"

# the README recipe: shards indexed by GNU parallel, merged in shard order
if command -v parallel >/dev/null 2>&1; then
    mkdir -p "$T/shards"
    split -l 100 -d -a 3 --additional-suffix=.jsonl "$T/in/a.jsonl" "$T/shards/part-"
    ls "$T/shards"/part-*.jsonl >"$T/shard-list"
    parallel --will-cite -j 2 "$ENTIDX" index -q -g "$G" -o {}.idx {} <"$T/shard-list"
    checks=$((checks + 1))
    [ $? -eq 0 ] || fail "parallel index failed"
    run merge -o "$T/ix/par.idx" $(sed 's/$/.idx/' "$T/shard-list")
    expect_status 0 "merge of the parallel shards"
    run index -g "$G" -q -o "$T/ix/one.idx" $(cat "$T/shard-list")
    checks=$((checks + 1))
    cmp -s "$T/ix/one.idx" "$T/ix/par.idx" || fail "GNU parallel shards + merge differ from one run"
else
    echo "note: GNU parallel not installed; the recipe check is skipped" >&2
fi

# kill -9 in the middle of index: the previous index stays, and nothing else
mkdir -p "$T/kill"
cp "$T/ix/j1.idx" "$T/kill/k.idx"
for i in $(seq 1 60); do cat "$T/in/a.jsonl"; done >"$T/in/big.jsonl"
killed=0
for attempt in 1 2 3 4 5; do
    "$ENTIDX" index -q -g "$G" -j 2 --mem-limit 16k -o "$T/kill/k.idx" "$T/in/big.jsonl" \
        2>/dev/null &
    pid=$!
    sleep 0.2
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        # killed after it had put its finished index in place (between the
        # rename and the exit) is no kill in the middle: try again, unless
        # the file is neither index, which the check below reports
        "$ENTIDX" index -q -g "$G" -o "$T/full.idx" "$T/in/big.jsonl"
        if ! cmp -s "$T/full.idx" "$T/kill/k.idx" || cmp -s "$T/ix/j1.idx" "$T/kill/k.idx"; then
            killed=1
            break
        fi
    else
        wait "$pid"
    fi
    cp "$T/ix/j1.idx" "$T/kill/k.idx" # it finished first: try again with more input
    cat "$T/in/big.jsonl" "$T/in/big.jsonl" >"$T/in/big2.jsonl"
    mv "$T/in/big2.jsonl" "$T/in/big.jsonl"
done
checks=$((checks + 1))
[ "$killed" -eq 1 ] || fail "index always finished before it could be killed"
checks=$((checks + 1))
cmp -s "$T/ix/j1.idx" "$T/kill/k.idx" || fail "kill -9 changed the previous index"
run verify "$T/kill/k.idx"
expect_status 0 "verify after kill -9"
no_extra_files "$T/kill" k.idx

# a failed run leaves nothing behind either
run index -g "$G" --strict -o "$T/kill/k.idx" "$T/in/a.jsonl" "$T/nonexistent.jsonl"
expect_status 1 "index --strict with a missing input"
checks=$((checks + 1))
cmp -s "$T/ix/j1.idx" "$T/kill/k.idx" || fail "a failed run changed the previous index"
no_extra_files "$T/kill" k.idx
# The gazetteers load (and the output opens) while the first input is
# being read: when that fails, the readers stop, even those waiting for
# room in a full pipeline (20000 documents fill its 32 batches of 512),
# and the run fails with the error alone (run_within: a reader left
# waiting would hang the run).
seq 1 20000 | sed 's/.*/{"id": "t&", "text": "Japan and France"}/' >"$T/in/many.jsonl"
printf 'id\ttype\tname\nX\tcountry\tFoo\n' >"$T/badgaz.tsv"
for j in 1 2 4; do
    run_within 30 index -g "$T/badgaz.tsv" -j "$j" -o "$T/kill/k.idx" "$T/in/many.jsonl"
    expect_status 1 "index -j $j with a bad gazetteer"
    expect_err_has "entidx: $T/badgaz.tsv:2:3: bad type 'country'"
    checks=$((checks + 1))
    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "-j $j: more than the gazetteer's error"
    run_within 30 index -g "$G" -j "$j" -o "$T/nonexistent/k.idx" "$T/in/many.jsonl"
    expect_status 1 "index -j $j into a missing directory"
    expect_err_has "entidx: $T/nonexistent: cannot create a temporary file"
done
checks=$((checks + 1))
cmp -s "$T/ix/j1.idx" "$T/kill/k.idx" || fail "a failed setup changed the previous index"
no_extra_files "$T/kill" k.idx
run_within 30 tag -g "$T/badgaz.tsv" -j 2 "$T/in/many.jsonl"
expect_status 1 "tag -j 2 with a bad gazetteer"
expect_err_has "entidx: $T/badgaz.tsv:2:3: bad type 'country'"
expect_out ""
run index -g "$G" -j 0 -o "$T/kill/k.idx" "$T/in/a.jsonl"
expect_status 2 "-j 0"
expect_err_has "-j wants a number of threads"
run index -g "$G" --mem-limit lots -o "$T/kill/k.idx" "$T/in/a.jsonl"
expect_status 2 "--mem-limit lots"
expect_err_has "--mem-limit wants a size such as 512M, not 'lots'"

finish
