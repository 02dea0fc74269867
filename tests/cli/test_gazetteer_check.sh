# `entidx gazetteer check`: errors exit 1 with file:line:column; collisions,
# shadowed aliases and common words are warnings (exit 0); a summary counts them.
. "$(dirname "$0")/lib.sh"

printf 'turkey\nchad\nApple\nit'"'"'s\ngeorgia\n' >"$T/words"
cat >"$T/a.tsv" <<'TSV'
id	type	name	aliases
TUR	COUNTRY	Turkey
TCD	COUNTRY	Chad{exact}
GEO	COUNTRY	Georgia{ambiguous}
GIN	COUNTRY	Guinea
PNG	COUNTRY	Papua New Guinea
TSV
cat >"$T/b.tsv" <<'TSV'
id	type	name	aliases
US_GA	STATE	Georgia State	Georgia{ambiguous}
APPLE	ORG	Apple Inc.	Apple
TURK	ORG	Turkey Holdings	Turkey
TSV

run gazetteer check --shadowed --words "$T/words" "$T/a.tsv" "$T/b.tsv"
expect_status 0 "check with warnings"
expect_out "$T/b.tsv:4: warning: alias 'Turkey' of TURK is also 'Turkey' of TUR ($T/a.tsv:2); the tagger reports TUR
$T/a.tsv:5: warning: alias 'Guinea' of GIN is inside 'Papua New Guinea' of PNG ($T/a.tsv:6)
$T/a.tsv:2: warning: alias 'Turkey' of TUR is inside 'Turkey Holdings' of TURK ($T/b.tsv:4)
$T/a.tsv:2: warning: alias 'Turkey' of TUR is also a common word (it still matches capitalised, as at a sentence start); add {exact} or {ambiguous} if that is wrong
$T/b.tsv:4: warning: alias 'Turkey' of TURK is also a common word (it still matches capitalised, as at a sentence start); add {exact} or {ambiguous} if that is wrong
8 entities (COUNTRY 5, STATE 1, ORG 2), 11 names and aliases; 1 collisions, 2 common words, 2 shadowed"

run gazetteer check --no-words --quiet "$T/a.tsv"
expect_out "5 entities (COUNTRY 5), 5 names and aliases; 0 collisions, 0 common words, 1 shadowed (list them with --shadowed)"

# an alias shared by entities that are each cued is told apart by their cue words
# (no collision); one side without the flag is a collision
printf 'id\ttype\tname\tcues\nGB\tORG\tLabour Party{cued}\tLondon\nIL\tORG\tLabour Party{cued}\tPeres\n' >"$T/cued.tsv"
run gazetteer check --no-words --quiet "$T/cued.tsv"
expect_out "2 entities (ORG 2), 2 names and aliases; 0 collisions, 0 common words, 0 shadowed"
printf 'id\ttype\tname\tcues\nGB\tORG\tLabour Party{cued}\tLondon\nIL\tORG\tLabour Party\t\n' >"$T/cued1.tsv"
run gazetteer check --no-words --quiet "$T/cued1.tsv"
expect_out "2 entities (ORG 2), 2 names and aliases; 1 collisions, 0 common words, 0 shadowed"

printf 'id\ttype\tname\nTUR\tCOUNTRY\tTurkey\nTUR\tCOUNTRY\tTürkiye\n' >"$T/dup.tsv"
run gazetteer check --no-words "$T/dup.tsv"
expect_status 1 "duplicate id"
expect_err_has "entidx: $T/dup.tsv:3:1: duplicate id 'TUR' (first used by 'Turkey')"

run gazetteer check --words "$T/nonexistent" "$T/a.tsv"
expect_status 1 "missing word list"
expect_err_has "cannot read word list"

run gazetteer
expect_status 2 "no subcommand"
run gazetteer check
expect_status 2 "no file"
run gazetteer check --help
expect_status 0 "check --help"
expect_out_has "usage: entidx gazetteer check"

# the shipped gazetteers pass the check (warnings allowed)
run gazetteer check --quiet --no-words "$SRC"/gazetteers/*.tsv
expect_status 0 "check of the shipped gazetteers"

finish
