# The bad-input catalogue: every row of tests/bad_input/catalogue.tsv (case,
# input, command, expected exit status, expected message on standard error)
# is run here. make_<case> builds the input at test time ($IN, and any
# variables the message names); check_<case>, when defined, asserts what must
# hold besides the status and message (what was kept, what was not written).
# A row without its make_ function, or a make_ function without its row,
# fails the test, so the table and the script stay in sync.
. "$(dirname "$0")/lib.sh"

CATALOGUE="$SRC/tests/bad_input/catalogue.tsv"
G="$T/g.tsv"
printf 'id\ttype\tname\nDEU\tCOUNTRY\tGermany\nJPN\tCOUNTRY\tJapan\n' >"$G"
printf '{"id":"ok","text":"Japan"}\n' >"$T/ok.jsonl"

entidx() { "$ENTIDX" "$@"; }

# count DOCS QUERY: documents of index $T/out.idx matching QUERY
count() { "$ENTIDX" query "$T/out.idx" --count "$1"; }

expect_count() {
    checks=$((checks + 1))
    local n
    n=$(count "$1")
    [ "$n" = "$2" ] || fail "$case: '$1' matches $n documents, expected $2"
}

expect_no_output_index() {
    checks=$((checks + 1))
    [ ! -e "$T/out.idx" ] || fail "$case: an index was written"
    checks=$((checks + 1))
    [ -z "$(ls -A "$T/outdir" 2>/dev/null)" ] || fail "$case: stray files: $(ls -A "$T/outdir")"
}

jsonl_records() { # N TEXT: N records with ids r1..rN
    for i in $(seq 1 "$1"); do printf '{"id":"r%d","text":"%s"}\n' "$i" "$2"; done
}

# ---- gzip ----
make_truncated_gzip() {
    jsonl_records 400 "Germany and Japan" | gzip -c >"$T/full.gz"
    local size
    size=$(stat -c %s "$T/full.gz")
    IN="$T/trunc.gz"
    head -c $((size - 20)) "$T/full.gz" >"$IN"
    AT=$((size - 20))
}
check_truncated_gzip() {
    local n
    n=$(count Japan)
    checks=$((checks + 1))
    [ "$n" -ge 390 ] && [ "$n" -lt 400 ] || fail "$case: $n documents kept, expected 390-399"
}

make_corrupt_gzip_middle_member() {
    IN="$T/three.gz"
    for i in $(seq 1 100); do printf '{"id":"a%d","text":"Germany"}\n' "$i"; done | gzip -c >"$IN"
    B=$(stat -c %s "$IN")
    for i in $(seq 1 100); do printf '{"id":"m%d","text":"Germany and Japan %d"}\n' "$i" "$i"; done |
        gzip -c >>"$IN"
    C=$(stat -c %s "$IN")
    for i in $(seq 1 100); do printf '{"id":"z%d","text":"Japan"}\n' "$i"; done | gzip -c >>"$IN"
    local at=$(((B + C) / 2))
    printf '\125' | dd of="$IN" bs=1 seek=$at conv=notrunc 2>/dev/null
}
check_corrupt_gzip_middle_member() {
    expect_err_has "reading on at the gzip member at byte $C"
    expect_err_has "1 damaged gzip regions skipped"
    # member 1 (ids a1..a100) and member 3 (z1..z100) whole, whatever member 2 gave
    run query "$T/out.idx" --format tsv 'Germany OR Japan'
    checks=$((checks + 1))
    [ "$(printf '%s\n' "$out" | grep -cE '^a[0-9]+	')" = 100 ] || fail "$case: member 1 not whole"
    checks=$((checks + 1))
    [ "$(printf '%s\n' "$out" | grep -cE '^z[0-9]+	')" = 100 ] || fail "$case: member 3 not whole"
}

make_gzip_trailing_garbage() {
    IN="$T/garbage.gz"
    jsonl_records 50 "Germany" | gzip -c >"$IN"
    AT=$(stat -c %s "$IN")
    printf 'junk\n' >>"$IN"
}
check_gzip_trailing_garbage() { expect_count Germany 50; }

make_gzip_of_binary() {
    IN="$T/binary.gz"
    # 64 KiB of every byte value from a fixed generator (an LCG), not /dev/urandom:
    # random bytes that began with '{' were read as JSON Lines (1 run in ~30 failed)
    python3 -c '
import sys
x, out = 12345, bytearray()
for _ in range(65536):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    out.append(x >> 16 & 0xFF)
sys.stdout.buffer.write(bytes(out))' | gzip -c -n >"$IN"
}

# ---- encodings and bytes ----
make_invalid_utf8_jsonl() {
    IN="$T/inv.jsonl"
    printf '{"id":"a","text":"Germany \377\376 x"}\n{"id":"b","text":"Japan"}\n' >"$IN"
}
check_invalid_utf8_jsonl() { expect_count 'Germany OR Japan' 1; }

make_invalid_utf8_text() {
    IN="$T/inv.txt"
    printf 'Germany \377\376 Japan\n' >"$IN"
}
check_invalid_utf8_text() {
    expect_out_has ",DEU,COUNTRY,Germany,0,7,Germany,0"
    expect_out_has ",JPN,COUNTRY,Japan,11,16,Japan,0"
}

make_nul_jsonl() {
    IN="$T/nul.jsonl"
    printf '{"id":"a","text":"Germany \000 x"}\n{"id":"b","text":"Japan"}\n' >"$IN"
}
check_nul_jsonl() { expect_count 'Germany OR Japan' 1; }

make_nul_text() {
    IN="$T/nul.txt"
    printf 'Germany \000 Japan\n' >"$IN"
}
check_nul_text() {
    expect_out_has ",DEU,COUNTRY,Germany,0,7,Germany,0"
    expect_out_has ",JPN,COUNTRY,Japan,10,15,Japan,0"
}

make_line_100mb() {
    IN="$T/huge.jsonl"
    { printf '{"id":"x","text":"'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}\n'
      printf '{"id":"y","text":"Japan"}\n'; } >"$IN"
}
check_line_100mb() { expect_count Japan 1; rm -f "$IN"; }

make_empty_file() { IN="$T/empty.jsonl"; : >"$IN"; }
check_empty_file() { expect_status 0 "query the empty index"; expect_count Japan 0; }

make_unreadable_file() {
    IN=/proc/self/mem
    [ -r "$IN" ] || return 77
}
check_unreadable_file() { expect_count Japan 1; }

make_unreadable_permission() {
    [ "$(id -u)" != 0 ] || return 77 # root reads anything
    IN="$T/secret.jsonl"
    printf '{"id":"s","text":"Germany"}\n' >"$IN"
    chmod 000 "$IN"
}
check_unreadable_permission() { expect_count Japan 1; }

make_directory_loop() {
    IN="$T/loop"
    mkdir -p "$IN/sub"
    printf 'Germany\n' >"$IN/a.txt"
    printf 'Japan\n' >"$IN/sub/b.txt"
    ln -s .. "$IN/sub/up"
}
check_directory_loop() { expect_err_has "indexed 2 documents"; }

# ---- records ----
make_json_not_object() {
    IN="$T/notobj.jsonl"
    printf '{"id":"a","text":"Germany"}\n[1,2]\n{"id":"b","text":"Japan"}\n' >"$IN"
}
check_json_not_object() { expect_count 'Germany OR Japan' 2; expect_err_has "1 records skipped"; }

make_text_wrong_type() {
    IN="$T/wrongtype.jsonl"
    printf '{"id":"c","text":5}\n{"id":"d","text":"Japan"}\n' >"$IN"
}
check_text_wrong_type() { expect_count Japan 1; }

make_missing_id() { IN="$T/noid.jsonl"; printf '{"text":"Germany"}\n' >"$IN"; }
check_missing_id() {
    run query "$T/out.idx" --format tsv Germany
    expect_out_has "$IN:1	" # the id is path:LINE
}

make_duplicate_ids() {
    IN="$T/dup.jsonl"
    printf '{"id":"x","text":"Germany"}\n{"id":"x","text":"Japan"}\n' >"$IN"
}
check_duplicate_ids() { expect_count 'Germany OR Japan' 2; }

# ---- gazetteers ----
make_gazetteer_bad_type() { IN="$T/badtype.tsv"; printf 'id\ttype\tname\nX\tcountry\tFoo\n' >"$IN"; }
make_gazetteer_empty_name() { IN="$T/emptyname.tsv"; printf 'id\ttype\tname\nDEU\tCOUNTRY\t\n' >"$IN"; }
make_gazetteer_missing_column() { IN="$T/short.tsv"; printf 'id\ttype\tname\nDEU\tCOUNTRY\n' >"$IN"; }
make_utf16_gazetteer() { IN="$T/g16.tsv"; iconv -f UTF-8 -t UTF-16 "$G" >"$IN"; }
for c in gazetteer_bad_type gazetteer_empty_name gazetteer_missing_column utf16_gazetteer; do
    eval "check_$c() { expect_no_output_index; }"
done

make_utf16_corpus() {
    IN="$T/u16.txt"
    printf 'Germany and Japan\n' | iconv -f UTF-8 -t UTF-16 >"$IN"
    [ "$(head -c 2 "$IN" | od -An -tx1 | tr -d ' ')" = fffe ] || return 77 # a big-endian iconv
}
check_utf16_corpus() { expect_err_has "indexed 0 documents"; }

# ---- indexes ----
good_index() { # a valid index of two documents at $1
    printf '{"id":"a","text":"Germany"}\n{"id":"b","text":"Japan"}\n' >"$T/two.jsonl"
    "$ENTIDX" index -q -g "$G" -o "$1" "$T/two.jsonl" || fail "cannot build the test index"
}
make_index_truncated() { good_index "$T/good.idx"; IN="$T/short.idx"; head -c 200 "$T/good.idx" >"$IN"; }
make_index_bit_flipped() {
    IN="$T/flip.idx"
    good_index "$IN"
    printf '\377' | dd of="$IN" bs=1 seek=$(($(stat -c %s "$IN") - 3)) conv=notrunc 2>/dev/null
}
make_index_newer_version() {
    IN="$T/v3.idx"
    good_index "$IN"
    printf '\003' | dd of="$IN" bs=1 seek=8 conv=notrunc 2>/dev/null
}
make_not_an_index() { IN="$T/random.idx"; head -c 5000 /dev/urandom >"$IN"; }
make_not_an_index_short() { IN="$T/hello.idx"; printf 'hello\n' >"$IN"; }

# ---- policy ----
make_strict_bad_record() {
    IN="$T/strict.jsonl"
    printf '{"id":"a","text":"Germany"}\n{"id":"b","text": }\n' >"$IN"
}
check_strict_bad_record() { expect_no_output_index; }

make_max_errors_index() {
    IN="$T/many-bad.jsonl"
    for i in 1 2 3 4 5; do printf '{"id":"g%d","text":"Japan"}\n{"id":"b%d","text": }\n' "$i" "$i"; done >"$IN"
}
check_max_errors_index() {
    expect_no_output_index
    expect_err_has "entidx: warning: $IN:4:20: expected a value"
    checks=$((checks + 1))
    ! printf '%s' "$err" | grep -qF "$IN:6:" || fail "$case: read on after the limit"
}
make_max_errors_tag() { make_max_errors_index; }
check_max_errors_tag() {
    checks=$((checks + 1))
    [ "$(printf '%s\n' "$out" | grep -c '"id":"JPN"')" = 1 ] || fail "$case: not stopped at the first bad record"
}

# ---- full disks ----
make_stdout_full() {
    [ -w /dev/full ] || return 77
    IN="$T/g.idx"
    good_index "$IN"
}

big_corpus() { # about 1 MB of index: 20000 documents
    IN="$T/big.jsonl"
    for i in $(seq 1 20000); do printf '{"id":"d%d","text":"Germany and Japan, item %d"}\n' "$i" "$i"; done >"$IN"
}
make_index_output_file_size_limit() {
    big_corpus
    good_index "$T/out.idx" # the previous output, which must survive
    cp "$T/out.idx" "$T/previous.idx"
}
check_index_output_file_size_limit() {
    checks=$((checks + 1))
    cmp -s "$T/out.idx" "$T/previous.idx" || fail "$case: the previous index changed"
    checks=$((checks + 1))
    [ "$(ls -A "$T/outdir")" = "out.idx" ] || fail "$case: stray files: $(ls -A "$T/outdir")"
}

make_index_output_tmpfs_full() {
    [ "$(id -u)" = 0 ] || return 77
    big_corpus
    mkdir -p "$T/mnt"
    mount -t tmpfs -o size=256k tmpfs "$T/mnt" 2>/dev/null || return 77
}
check_index_output_tmpfs_full() {
    checks=$((checks + 1))
    [ -z "$(ls -A "$T/mnt")" ] || fail "$case: files left on the full disk: $(ls -A "$T/mnt")"
    umount "$T/mnt"
}

# ---- hostile names ----
make_hostile_file_name() {
    IN="$T/evil"$'\033'"[31m"$'\n'"name"$'\177'".jsonl"
    printf '{"id":"a","text":}\n' >"$IN"
}
check_hostile_file_name() {
    checks=$((checks + 1))
    ! printf '%s' "$err" | grep -q $'[\033\177]' || fail "$case: raw control characters on stderr"
}
make_hostile_gazetteer_id() {
    IN="$T/evil-id.tsv"
    printf 'id\ttype\tname\nX\033[2J\tCOUNTRY\tX\n' >"$IN"
}
check_hostile_gazetteer_id() {
    checks=$((checks + 1))
    ! printf '%s' "$err" | grep -q $'\033' || fail "$case: raw ESC on stderr"
}
make_hostile_query() { IN="$T/q.idx"; good_index "$IN"; }
check_hostile_query() { check_hostile_gazetteer_id; }

# ---- the table drives the run ----
declare -A listed
rows=0
while IFS=$'\t' read -r case input command want_status message; do
    [ "$case" = case ] && continue # the header
    rows=$((rows + 1))
    listed[$case]=1
    if ! declare -F "make_$case" >/dev/null; then
        fail "catalogue row '$case' has no make_$case in $(basename "$0")"
        continue
    fi
    rm -rf "$T/outdir" "$T/out.idx"
    mkdir -p "$T/outdir"
    IN= AT= B= C=
    "make_$case"
    if [ $? -eq 77 ]; then
        echo "skipped: $case ($input)"
        continue
    fi
    # the output index is written into an empty directory, so stray files show
    cmd=${command//\$T\/out.idx/\$T\/outdir\/out.idx}
    [ -e "$T/out.idx" ] && mv "$T/out.idx" "$T/outdir/out.idx"
    (IFS=; set -f; eval "$cmd") >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
    expect_status "$want_status" "$case"
    if [ "$message" = - ]; then
        checks=$((checks + 1))
        [ -z "$err" ] || fail "$case: standard error is not empty"
    else
        want=$(IFS=; set -f; eval "printf '%s' \"$message\"")
        checks=$((checks + 1))
        printf '%s' "$err" | grep -qF -- "$want" || fail "$case: stderr lacks '$want'"
    fi
    [ -e "$T/outdir/out.idx" ] && ln -sf "$T/outdir/out.idx" "$T/out.idx"
    if declare -F "check_$case" >/dev/null; then
        "check_$case"
    fi
    rm -f "$T/out.idx"
done <"$CATALOGUE"

for f in $(declare -F | awk '{print $3}' | grep '^make_'); do
    checks=$((checks + 1))
    [ -n "${listed[${f#make_}]:-}" ] || fail "$f has no row in $CATALOGUE"
done
checks=$((checks + 1))
[ "$rows" -ge 35 ] || fail "the catalogue has $rows rows"
finish
