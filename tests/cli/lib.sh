# lib.sh - helpers for the end-to-end CLI tests (sourced by tests/cli/test_*.sh).
# The environment gives ENTIDX (the binary) and SRC (the repository).
set -u
: "${ENTIDX:?ENTIDX must name the entidx binary}"
: "${SRC:?SRC must name the repository}"
T=$(mktemp -d "${TMPDIR:-/tmp}/entidx-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

# run ARGS...: run entidx; sets $out, $err, $status
run() {
    "$ENTIDX" "$@" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
}

# run_within SECONDS ARGS...: run entidx, killed after SECONDS (status 124
# then, which no expectation accepts); sets $out, $err, $status
run_within() {
    local limit=$1
    shift
    timeout "$limit" "$ENTIDX" "$@" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
}

fail() {
    failures=$((failures + 1))
    printf 'FAIL: %s\n' "$*" >&2
    printf '  stdout: %s\n' "$(head -c 600 "$T/out")" >&2
    printf '  stderr: %s\n' "$(head -c 600 "$T/err")" >&2
}

expect_status() {
    checks=$((checks + 1))
    [ "$status" -eq "$1" ] || fail "${2:-command}: exit status $status, expected $1"
}

# expect_out TEXT: stdout equals TEXT exactly (trailing newlines aside)
expect_out() {
    checks=$((checks + 1))
    [ "$out" = "$1" ] || fail "stdout differs; expected:
$1"
}

expect_out_has() {
    checks=$((checks + 1))
    printf '%s' "$out" | grep -qF -- "$1" || fail "stdout lacks '$1'"
}

expect_out_lacks() {
    checks=$((checks + 1))
    ! printf '%s' "$out" | grep -qF -- "$1" || fail "stdout has '$1'"
}

expect_err_has() {
    checks=$((checks + 1))
    printf '%s' "$err" | grep -qF -- "$1" || fail "stderr lacks '$1'"
}

expect_err_empty() {
    checks=$((checks + 1))
    [ -z "$err" ] || fail "stderr is not empty"
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
    exit $?
}
