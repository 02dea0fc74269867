# On the real Reuters-21578 corpus (when ../shared is beside the repository):
# the documents `entidx query` returns for Japan AND "United States" are
# exactly those in which `entidx tag` finds both. Skipped (77) without the data.
. "$(dirname "$0")/lib.sh"

corpus="$SRC/../shared/data/corpora/reuters21578/reuters21578.jsonl.gz"
if [ ! -r "$corpus" ]; then
    echo "skipped: $corpus not present"
    exit 77
fi

run index -q -o "$T/r.idx" "$corpus"
expect_status 0 "index reuters"
run verify "$T/r.idx"
expect_status 0 "verify reuters index"

"$ENTIDX" query "$T/r.idx" --format tsv 'Japan AND "United States"' | tail -n +2 | cut -f1 |
    sort >"$T/query.txt"
"$ENTIDX" tag --format tsv "$corpus" | awk -F'\t' '
    NR > 1 && $3 == "JPN" { jp[$1] = 1 }
    NR > 1 && $3 == "USA" { us[$1] = 1 }
    END { for (d in jp) if (d in us) print d }' | sort >"$T/tag.txt"

n_query=$(wc -l <"$T/query.txt")
n_tag=$(wc -l <"$T/tag.txt")
echo "query: $n_query documents, tag: $n_tag documents"
checks=$((checks + 1))
[ "$n_query" -gt 100 ] || fail "suspiciously few documents mention both ($n_query)"
checks=$((checks + 1))
cmp -s "$T/query.txt" "$T/tag.txt" || fail "query and tag disagree: $(diff "$T/query.txt" "$T/tag.txt" | head -5)"

# the count agrees too
run query "$T/r.idx" --count 'Japan AND "United States"'
checks=$((checks + 1))
[ "$out" = "$n_query" ] || fail "--count says $out, the listing has $n_query"

finish
