# Every command answers --help on stdout with exit 0; usage errors exit 2 on stderr.
. "$(dirname "$0")/lib.sh"

run --help
expect_status 0 "--help"
expect_out_has "usage: entidx COMMAND"
expect_out_has "Exit status: 0 success, 1 data or I/O failure"
expect_err_empty

for cmd in index query cooc entities tag lookup verify; do
    run "$cmd" --help
    expect_status 0 "$cmd --help"
    expect_out_has "usage: entidx $cmd"
    expect_err_empty
    run help "$cmd"
    expect_status 0 "help $cmd"
    expect_out_has "usage: entidx $cmd"
done

ENTIDX_INFLATE=zlib run --version
expect_status 0 "--version"
expect_out "entidx 0.1.0 (index format 2, gzip inflate: zlib)"
run --version
expect_status 0 "--version"
expect_out_has "entidx 0.1.0 (index format 2, gzip inflate: "

run frobnicate
expect_status 2 "unknown command"
expect_err_has "entidx: unknown command 'frobnicate'"

run
expect_status 2 "no command"

run index --bogus x
expect_status 2 "unknown option"
expect_err_has "Try 'entidx index --help'"

run index "$SRC/corpora"
expect_status 2 "index without -o"
expect_err_has "entidx: missing -o OUT.idx"

# An index and a compiled gazetteer are written beside their destination and
# renamed into place: "-o -" is refused, and no file named "-" appears.
(cd "$T" && "$ENTIDX" index -o - "$SRC/corpora/news-sample.jsonl") >"$T/out" 2>"$T/err"
status=$?
err=$(cat "$T/err")
expect_status 2 "index -o -"
expect_err_has "entidx: cannot write an index to standard output (-o -): it is written to a temporary file and renamed; give a file name"
(cd "$T" && "$ENTIDX" merge -o - x.idx) >"$T/out" 2>"$T/err"
status=$?
err=$(cat "$T/err")
expect_status 2 "merge -o -"
expect_err_has "entidx: cannot write an index to standard output (-o -)"
(cd "$T" && "$ENTIDX" gazetteer compile -o -) >"$T/out" 2>"$T/err"
status=$?
err=$(cat "$T/err")
expect_status 2 "gazetteer compile -o -"
expect_err_has "entidx: cannot write a compiled gazetteer to standard output (-o -)"
checks=$((checks + 1))
[ ! -e "$T/-" ] || fail "a file named '-' was written"

run query "$T/x.idx"
expect_status 2 "query without expression"
expect_err_has "no expression given"

run cooc --top abc "$T/x.idx"
expect_status 2 "cooc --top abc"
expect_err_has "--top needs a number, not 'abc'"

run tag --overlaps some "$SRC/corpora"
expect_status 2 "tag --overlaps some"

run lookup
expect_status 2 "lookup without names"

finish
