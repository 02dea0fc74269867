# The bash completion (src/cli/entidx.bash): sourced in bash, its function is
# called with COMP_WORDS/COMP_CWORD as bash would, and COMPREPLY is checked:
# commands, every command's long options (the same set as its --help), the
# values of options with a fixed set, files where files are expected.
. "$(dirname "$0")/lib.sh"

completion=$SRC/src/cli/entidx.bash
mkdir -p "$T/work/sub"
: >"$T/work/news.idx"
: >"$T/work/notes.txt"

# complete WORD...: the completions, sorted one per line, for the command line
# "$ENTIDX WORD..." with the cursor on the last WORD (give '' for an empty one).
complete_line() {
    (cd "$T/work" && bash -c '
        source "$1" || exit 3
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        _entidx
        printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$ENTIDX" "$@") 2>"$T/err" | sed '/^$/d' | sort
}

# expect_completion EXPECTED WORD...: EXPECTED is a space-separated list
expect_completion() {
    local expected=$1 got
    shift
    got=$(complete_line "$@" | tr '\n' ' ' | sed 's/ $//')
    expected=$(printf '%s\n' $expected | sort | tr '\n' ' ' | sed 's/ $//')
    checks=$((checks + 1))
    [ "$got" = "$expected" ] || fail "completion of 'entidx $*': got '$got', expected '$expected'"
}

bash -c 'source "$1" && complete -p entidx' _ "$completion" >"$T/out" 2>"$T/err"
status=$?
out=$(cat "$T/out")
expect_status 0 "sourcing the completion"
expect_out "complete -F _entidx entidx"

# Commands: those of `entidx --help`, plus help.
run --help
commands=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
expect_completion "$commands help" ''
expect_completion "query" qu
expect_completion "cooc" co
expect_completion "--help --version" --
expect_completion "query" help qu

# Options: exactly the long options of each command's --help.
for cmd in $commands; do
    "$ENTIDX" "$cmd" --help | sed -nE 's/^ {2}(-[a-zA-Z], )?(--[a-z0-9-]+).*/\2/p' >"$T/opts"
    expect_completion "$(cat "$T/opts")" "$cmd" --
done
# gazetteer: each subcommand's options come from its own --help.
for sub in check compile; do
    "$ENTIDX" gazetteer "$sub" --help | sed -nE 's/^ {2}(-[a-zA-Z], )?(--[a-z0-9-]+).*/\2/p' >"$T/opts"
    expect_completion "$(cat "$T/opts")" gazetteer "$sub" --
done
expect_completion "--shadowed" gazetteer check --sh
expect_completion "--stem-language" gazetteer compile --st
expect_completion "german" gazetteer compile --stem-language ge
expect_completion "news.idx notes.txt sub" gazetteer compile -o ''
expect_completion "--level" cooc --le
expect_completion "-j" index -j
expect_completion "--no-demonyms" index --no

# Values of options with a fixed set, also as --option=value.
expect_completion "table csv tsv jsonl" query --format ''
expect_completion "csv" query -f cs
expect_completion "csv" query --format = c
expect_completion "pmi" cooc --sort p
expect_completion "doc date mentions" query -s ''
expect_completion "day week month year" cooc --by ''
expect_completion "window:" cooc --level w
expect_completion "longest all" tag --overlaps ''
expect_completion "auto jsonl text lines" index --input-format ''
# An option's value that is not a file and has no fixed set: nothing.
expect_completion "" cooc --top ''

# Files: any file for inputs and FILE/GAZ options, *.idx and directories for indexes.
expect_completion "news.idx notes.txt sub" index ''
expect_completion "news.idx notes.txt sub" index -o ''
expect_completion "news.idx notes.txt sub" tag -g ''
expect_completion "news.idx sub" query ''
expect_completion "news.idx sub" cooc --top 5 ''
expect_completion "notes.txt" gazetteer check no
expect_completion "check compile" gazetteer ''
expect_completion "" lookup Ger

finish
