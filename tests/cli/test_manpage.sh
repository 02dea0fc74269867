# doc/entidx.1 documents every command and every option of the tool: each
# command of `entidx --help` has its section and its line in the COMMANDS table
# (with the same summary), each long option that `entidx CMD --help` prints is
# in the page, and the page names no option the tool lacks. groff renders it
# without warnings. So the page and the program cannot drift apart.
. "$(dirname "$0")/lib.sh"

page=$SRC/doc/entidx.1
# The page as plain text for grepping: roff's \- is a hyphen, \fB..\fR are fonts.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$page" >"$T/page"

# help_options CMD: the long options an `entidx CMD --help` lists.
help_options() {
    "$ENTIDX" "$@" --help | sed -nE 's/^ {2}(-[a-zA-Z], )?(--[a-z0-9-]+).*/\2/p' | sort -u
}

run --help
expect_status 0 "entidx --help"
commands=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
checks=$((checks + 1))
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 10 ] || fail "too few commands in entidx --help: $commands"

help_options >"$T/all-options"
for cmd in $commands; do
    summary=$(printf '%s\n' "$out" | sed -n "s/^  $cmd  *//p")
    checks=$((checks + 1))
    grep -qxF "$cmd	$summary" "$T/page" ||
        fail "COMMANDS table of entidx.1 lacks the line '$cmd<TAB>$summary'"
    checks=$((checks + 1))
    grep -qE "^\.SS \"entidx $cmd( |\")" "$T/page" || fail "entidx.1 has no section .SS \"entidx $cmd ...\""
    help_options "$cmd" >"$T/options" # empty for verify, which has none
    # A command with subcommands (gazetteer check|compile) lists them in its
    # usage lines; each has its own --help and options.
    subs=$("$ENTIDX" "$cmd" --help | sed -nE "s/^(usage:|      ) entidx $cmd ([a-z]+) .*/\2/p")
    for sub in $subs; do
        help_options "$cmd" "$sub" >>"$T/options"
        checks=$((checks + 1))
        grep -qE "^\.SS \"entidx $cmd $sub( |\")" "$T/page" || fail "entidx.1 has no section .SS \"entidx $cmd $sub ...\""
    done
    sort -u -o "$T/options" "$T/options"
    while read -r opt; do
        checks=$((checks + 1))
        grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$T/page" || fail "entidx.1 lacks $opt of entidx $cmd"
    done <"$T/options"
    cat "$T/options" >>"$T/all-options"
done

checks=$((checks + 1))
[ "$(sort -u "$T/all-options" | wc -l)" -ge 40 ] || fail "too few options read from the --help texts"

# No stale option: every --option the page names is one the tool has.
grep -oE -- '--[a-z][a-z0-9-]*' "$T/page" | sort -u >"$T/page-options"
sort -u "$T/all-options" | comm -23 "$T/page-options" - | grep -vx -- '--name' >"$T/stale"
checks=$((checks + 1))
[ ! -s "$T/stale" ] || fail "entidx.1 names options no command has: $(tr '\n' ' ' <"$T/stale")"

# The version in the title line is the program's.
run --version
version=$(printf '%s' "$out" | sed -n 's/^entidx \([0-9.]*\) .*/\1/p')
checks=$((checks + 1))
grep -q "^\.TH ENTIDX 1 [0-9-]* \"entidx $version\"" "$page" || fail ".TH of entidx.1 does not say entidx $version"

# Exit status section: 0, 1 and 2.
for code in 0 1 2; do
    checks=$((checks + 1))
    sed -n '/^\.SH "EXIT STATUS"/,/^\.SH /p' "$T/page" | grep -qx "\.B $code" ||
        fail "EXIT STATUS of entidx.1 lacks $code"
done

if command -v groff >/dev/null 2>&1; then
    groff -man -t -ww -z "$page" >"$T/out" 2>"$T/err"
    status=$?
    expect_status 0 "groff -man -ww"
    expect_err_empty
    LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -t -Tutf8 -P-cbou "$page" >"$T/out" 2>"$T/err"
    out=$(cat "$T/out")
    expect_out_has "GAZETTEER SEARCH"
    expect_out_has "--gazetteer GAZ"
else
    echo "groff not installed: rendering not checked"
fi

finish
