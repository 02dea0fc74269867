# `entidx gazetteer compile`: a compiled gazetteer gives the same index bytes
# and the same mentions as the files it was compiled from; TSV files may follow
# it; load-time options still apply; misuse and damaged files are errors that
# say what to do.
. "$(dirname "$0")/lib.sh"

corpus=$SRC/corpora/news-sample.jsonl.gz
gaz=$SRC/gazetteers

run gazetteer compile -o "$T/ship.gaz"
expect_status 0 "compile the shipped gazetteers"
size=$(stat -c %s "$T/ship.gaz")
counts=$("$ENTIDX" gazetteer check --no-words -q "$gaz" | sed -n 's/^\([0-9]*\) entities (.*), \([0-9]*\) names and aliases;.*/\1 entities (\2 names and aliases)/p')
checks=$((checks + 1))
[ -n "$counts" ] || fail "no counts from gazetteer check"
expect_err_has "entidx: compiled $counts into $T/ship.gaz ($size bytes)"
run gazetteer compile -q -o "$T/ship-q.gaz"
expect_status 0 "compile, quiet"
expect_err_empty
checks=$((checks + 1))
cmp -s "$T/ship.gaz" "$T/ship-q.gaz" || fail "two compiles of the same files differ"
checks=$((checks + 1))
[ "$(head -c 8 "$T/ship.gaz")" = ENTIDXGZ ] || fail "compiled file lacks its magic"

# Same index, byte for byte, and the same mentions with their rules.
run index -o "$T/tsv.idx" "$corpus"
expect_status 0 "index with the shipped gazetteers"
run index -g "$T/ship.gaz" -o "$T/compiled.idx" "$corpus"
expect_status 0 "index with the compiled gazetteer"
checks=$((checks + 1))
cmp -s "$T/tsv.idx" "$T/compiled.idx" || fail "index from the compiled gazetteer differs"
run tag --explain "$corpus"
cp "$T/out" "$T/tag-tsv"
run tag --explain -g "$T/ship.gaz" "$corpus"
expect_status 0 "tag with the compiled gazetteer"
checks=$((checks + 1))
[ -s "$T/tag-tsv" ] && cmp -s "$T/tag-tsv" "$T/out" || fail "tag --explain output differs"
# queries of the index read the gazetteer stored in it, whichever built it
run query "$T/compiled.idx" 'Germany'
expect_status 0 "query the index built from the compiled gazetteer"
cp "$T/out" "$T/q-compiled"
run query "$T/tsv.idx" 'Germany'
checks=$((checks + 1))
[ -s "$T/out" ] && cmp -s "$T/out" "$T/q-compiled" || fail "query answers differ"

# gazetteer check reads it too, with the files and lines of the entities
run gazetteer check --no-words -q "$gaz"
cp "$T/out" "$T/check-tsv"
run gazetteer check --no-words -q "$T/ship.gaz"
expect_status 0 "check a compiled gazetteer"
checks=$((checks + 1))
cmp -s "$T/out" "$T/check-tsv" || fail "check of the compiled gazetteer differs"

# The tricky sentences give their expected mentions from the compiled form of
# their gazetteer too (names with a possessive inside, "{person}" words, ...).
run gazetteer compile -q -o "$T/tricky.gaz" "$SRC/tests/data/tricky/gazetteer.tsv"
expect_status 0 "compile the tricky gazetteer"
(cd "$SRC" && "$ENTIDX" tag -g "$T/tricky.gaz" --input-format lines --explain --format csv \
    tests/data/tricky/sentences.txt) >"$T/tricky.csv" 2>&1
checks=$((checks + 1))
cmp -s "$T/tricky.csv" "$SRC/tests/data/tricky/expected.csv" ||
    fail "tricky sentences with the compiled gazetteer: $(diff "$SRC/tests/data/tricky/expected.csv" "$T/tricky.csv" | head -5)"

# TSV files may follow it; a compiled file may itself be compiled with more.
printf 'id\ttype\tname\taliases\nORG_ZX\tORG\tZeta Xylophones\tZetaX\n' >"$T/extra.tsv"
printf 'ZetaX sells to Germany.\n' >"$T/doc.txt"
run tag -g "$T/ship.gaz" -g "$T/extra.tsv" "$T/doc.txt"
expect_status 0 "compiled then TSV"
expect_out_has '"id":"ORG_ZX"'
expect_out_has '"id":"DEU"'
run gazetteer compile -o "$T/more.gaz" "$T/ship.gaz" "$T/extra.tsv"
expect_status 0 "compile a compiled gazetteer with a TSV file"
run tag -g "$T/more.gaz" "$T/doc.txt"
expect_out_has '"id":"ORG_ZX"'

# --no-demonyms applies when the compiled file is loaded.
printf 'Germans voted.\n' >"$T/demonym.txt"
run tag -g "$T/ship.gaz" "$T/demonym.txt"
expect_out_has '"id":"DEU"'
run tag --no-demonyms -g "$T/ship.gaz" "$T/demonym.txt"
expect_status 0 "--no-demonyms with a compiled gazetteer"
expect_out ""

# The stemmer is fixed when compiling.
printf 'id\ttype\tname\taliases\nCAN\tCOUNTRY\tCanada\tCanadian{demonym,stem}\n' >"$T/stem.tsv"
run gazetteer compile --stem-language german -o "$T/german.gaz" "$T/stem.tsv"
expect_status 0 "compile with a stemmer"
run lookup -g "$T/german.gaz" --stem-language english Canadian
expect_status 1 "another stemmer"
expect_err_has "entidx: $T/german.gaz: gazetteer compiled with the 'german' stemmer, not 'english' (compile it again with --stem-language english)"

# Misuse and damage.
run gazetteer compile "$T/stem.tsv"
expect_status 2 "no output"
expect_err_has "no output file given (-o FILE)"
run gazetteer
expect_status 2 "no subcommand"
expect_err_has "missing subcommand (check or compile)"
run gazetteer build
expect_status 2 "unknown subcommand"
expect_err_has "unknown subcommand; expected 'check' or 'compile'"
run tag -g "$T/extra.tsv" -g "$T/ship.gaz" "$T/doc.txt"
expect_status 1 "compiled after TSV"
expect_err_has "entidx: $T/ship.gaz: a compiled gazetteer must be the first one loaded (compile the files together)"
head -c 5000 "$T/ship.gaz" >"$T/cut.gaz"
run tag -g "$T/cut.gaz" "$T/doc.txt"
expect_status 1 "truncated compiled gazetteer"
expect_err_has "entidx: $T/cut.gaz: compiled gazetteer is truncated or damaged (5000 bytes, its header says"
cp "$T/ship.gaz" "$T/flip.gaz"
printf 'X' | dd of="$T/flip.gaz" bs=1 seek=40000 conv=notrunc status=none
run tag -g "$T/flip.gaz" "$T/doc.txt"
expect_status 1 "damaged compiled gazetteer"
expect_err_has "entidx: $T/flip.gaz: compiled gazetteer is damaged (CRC mismatch)"
run gazetteer compile -o "$T/no/such/dir/x.gaz" "$T/stem.tsv"
expect_status 1 "unwritable output"
expect_err_has "$T/no/such/dir/x.gaz"
checks=$((checks + 1))
[ -z "$(ls "$T" | grep '\.tmp-')" ] || fail "a temporary file was left behind"

finish
