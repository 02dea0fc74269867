# The tricky sentences (tests/data/tricky): exact mentions, offsets, sentence
# numbers, aliases and rules, compared byte for byte.
. "$(dirname "$0")/lib.sh"

cd "$SRC" || exit 1
run tag -g tests/data/tricky/gazetteer.tsv --input-format lines --explain --format csv \
    tests/data/tricky/sentences.txt
expect_status 0 "tag the tricky sentences"
checks=$((checks + 1))
if ! printf '%s\n' "$out" | cmp -s - tests/data/tricky/expected.csv; then
    fail "output differs from tests/data/tricky/expected.csv:
$(printf '%s\n' "$out" | diff tests/data/tricky/expected.csv - | head -20)"
fi
finish
