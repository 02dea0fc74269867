# kill -9 during `merge`: the output is either the previous file, byte for
# byte, or the whole new index (a kill can land after the rename, while the
# process exits), and no file is left behind, whether the kill lands at start-up or while the new
# index is being written (seen as an open file in the output directory).
# (kill -9 during `index` is tested in test_index_scale.sh.)
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"

# no_extra_files DIR NAME: DIR holds exactly NAME
no_extra_files() {
    checks=$((checks + 1))
    [ "$(ls -A "$1")" = "$2" ] || fail "$1 holds '$(ls -A "$1" | tr '\n' ' ')', expected '$2'"
}

# a shard of about 1 MB: the sample articles 400 times, each copy with its own ids
for i in $(seq 1 400); do
    sed "s/^{\"id\": \"/{\"id\": \"c$i-/" "$SRC/corpora/news-sample.jsonl"
done >"$T/shard.jsonl"
"$ENTIDX" index -q -g "$G" -o "$T/shard.idx" "$T/shard.jsonl" || fail "cannot build the shard"
"$ENTIDX" index -q -g "$G" -o "$T/previous.idx" "$SRC/corpora/news-sample.jsonl" ||
    fail "cannot build the previous index"
mkdir -p "$T/m"

# writing_into DIR PID: PID has a file open in DIR (the anonymous new index)
writing_into() {
    local fd
    for fd in /proc/"$2"/fd/*; do
        case "$(readlink "$fd" 2>/dev/null)" in "$1"/*) return 0 ;; esac
    done
    return 1
}

# kill merges of n shards: once as soon as the new index is open, then after fixed delays
n=30
midway=0
for attempt in 1 2 3 4 5 6; do
    cp "$T/previous.idx" "$T/m/out.idx"
    shards=()
    for i in $(seq 1 $n); do shards+=("$T/shard.idx"); done
    [ -f "$T/ref_$n.idx" ] || "$ENTIDX" merge -q -o "$T/ref_$n.idx" "${shards[@]}" ||
        fail "reference merge failed"
    "$ENTIDX" merge -q -o "$T/m/out.idx" "${shards[@]}" 2>/dev/null &
    pid=$!
    seen=0
    while kill -0 "$pid" 2>/dev/null; do
        if writing_into "$T/m" "$pid"; then
            seen=1
            break
        fi
    done
    if [ "$seen" = 1 ] && kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        midway=$((midway + 1))
        checks=$((checks + 1))
        cmp -s "$T/previous.idx" "$T/m/out.idx" || cmp -s "$T/ref_$n.idx" "$T/m/out.idx" ||
            fail "kill -9 mid-merge left an output that is neither the previous nor the new index"
        no_extra_files "$T/m" out.idx
        [ "$midway" -ge 3 ] && break
    else
        wait "$pid"
        n=$((n * 2)) # it finished first: more shards
    fi
done
checks=$((checks + 1))
[ "$midway" -ge 3 ] || fail "merge was never killed while writing ($midway times)"

# the index a finished merge of these shards writes
"$ENTIDX" merge -q -o "$T/ref.idx" "${shards[@]}" || fail "reference merge failed"
for delay in 0 0.01 0.03 0.1 0.2; do
    cp "$T/previous.idx" "$T/m/out.idx"
    "$ENTIDX" merge -q -o "$T/m/out.idx" "${shards[@]}" 2>/dev/null &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        checks=$((checks + 1))
        # the previous index, or (the kill landed after the rename) the whole new one
        cmp -s "$T/previous.idx" "$T/m/out.idx" || cmp -s "$T/ref.idx" "$T/m/out.idx" ||
            fail "kill -9 after ${delay}s left an output that is neither the previous nor the new index"
    else
        wait "$pid"
        run verify "$T/m/out.idx" # it finished: the new index is whole
        expect_status 0 "merge that finished before kill after ${delay}s"
    fi
    no_extra_files "$T/m" out.idx
done

finish
