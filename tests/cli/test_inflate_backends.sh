# ISA-L and zlib give the same answers: on good and damaged gzip input,
# `entidx tag` prints the same mentions and the same messages, with the same
# exit status, and `entidx index` writes the same bytes, whichever inflates
# (ENTIDX_INFLATE=zlib forces zlib). Damage: bytes flipped all over a
# three-member file, truncation at many points, trailing garbage, a member
# cut in the middle of the file. Skipped when ISA-L is not installed.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"

case "$("$ENTIDX" --version)" in
*"gzip inflate: isal"*) ;;
*)
    echo "SKIP: ISA-L (libisal.so.2) is not installed; entidx uses zlib only"
    exit 77
    ;;
esac

# A corpus of three gzip members, each large enough for several deflate blocks.
for part in 1 2 3; do
    for copy in $(seq 1 40); do
        sed "s/\"id\": *\"\\([^\"]*\\)\"/\"id\": \"\\1-$part-$copy\"/" "$SRC/corpora/news-sample.jsonl"
    done | gzip -6 -n >"$T/part$part.gz"
done
cat "$T/part1.gz" "$T/part2.gz" "$T/part3.gz" >"$T/good.gz"
size=$(stat -c %s "$T/good.gz")
[ "$size" -gt 20000 ] || fail "the test corpus is too small ($size bytes)"

# damage KIND N: write a damaged copy of good.gz to $T/bad.gz
damage() {
    python3 - "$T/good.gz" "$T/bad.gz" "$1" "$2" <<'EOF'
import sys
src, dst, kind, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = bytearray(open(src, "rb").read())
pos = (n * 7919 + 13) % len(data)
if kind == "flip":
    data[pos] ^= 0x5A
elif kind == "flip3":
    for k in range(3):
        data[(pos + k * 101) % len(data)] ^= 0xFF
elif kind == "truncate":
    del data[pos:]
elif kind == "trailing":
    data += b"not gzip at all" * (n % 3 + 1)
elif kind == "cut_member":  # a hole of n*37 bytes in the middle
    del data[pos:pos + n * 37]
open(dst, "wb").write(bytes(data))
EOF
}

# same_answers LABEL FILE: tag and index FILE with both decoders and compare
same_answers() {
    "$ENTIDX" tag -g "$G" "$2" >"$T/isal.out" 2>"$T/isal.err"
    s1=$?
    ENTIDX_INFLATE=zlib "$ENTIDX" tag -g "$G" "$2" >"$T/zlib.out" 2>"$T/zlib.err"
    s2=$?
    checks=$((checks + 1))
    [ "$s1" = "$s2" ] || fail "$1: exit status $s1 with ISA-L, $s2 with zlib"
    cmp -s "$T/isal.out" "$T/zlib.out" || fail "$1: tag output differs between ISA-L and zlib"
    cmp -s "$T/isal.err" "$T/zlib.err" ||
        fail "$1: messages differ: ISA-L '$(head -3 "$T/isal.err")' zlib '$(head -3 "$T/zlib.err")'"
}

same_answers good "$T/good.gz"
[ "$(wc -l <"$T/isal.out")" -gt 1000 ] || fail "good: only $(wc -l <"$T/isal.out") mentions"
[ ! -s "$T/isal.err" ] || fail "good: unexpected messages: $(head -3 "$T/isal.err")"

"$ENTIDX" index -q -g "$G" -o "$T/isal.idx" "$T/good.gz"
ENTIDX_INFLATE=zlib "$ENTIDX" index -q -g "$G" -o "$T/zlib.idx" "$T/good.gz"
checks=$((checks + 1))
cmp -s "$T/isal.idx" "$T/zlib.idx" || fail "good: the indexes differ between ISA-L and zlib"

damaged=0
for kind in flip flip3 truncate trailing cut_member; do
    for n in $(seq 1 12); do
        damage "$kind" "$n"
        same_answers "$kind $n" "$T/bad.gz"
        grep -q "gzip" "$T/zlib.err" && damaged=$((damaged + 1))
    done
done
# most of the damage must really be damage that zlib reports (else this tests little)
checks=$((checks + 1))
[ "$damaged" -ge 40 ] || fail "only $damaged of 60 damaged files gave a gzip message"

# a damaged file indexed with both: the same index, the same summary
damage flip 5
"$ENTIDX" index -g "$G" -o "$T/isal.idx" "$T/bad.gz" 2>"$T/isal.err"
ENTIDX_INFLATE=zlib "$ENTIDX" index -g "$G" -o "$T/zlib.idx" "$T/bad.gz" 2>"$T/zlib.err"
checks=$((checks + 1))
cmp -s "$T/isal.idx" "$T/zlib.idx" || fail "flip 5: the indexes differ between ISA-L and zlib"
[ "$(grep -v ' in [0-9.]* s ' "$T/isal.err")" = "$(grep -v ' in [0-9.]* s ' "$T/zlib.err")" ] ||
    fail "flip 5: index messages differ"

finish
