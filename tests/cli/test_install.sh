# Install the current build into a temporary prefix and use it as a user would:
# the installed entidx finds its gazetteers without -g (also after the prefix
# is moved), the shared library exports exactly the ENTIDX_EXTERN functions of
# the headers, and the README's library example compiles and runs against the
# installed library through pkg-config (shared, static) and find_package(entidx).
# The environment (tests/CMakeLists.txt) gives ENTIDX_BUILD_DIR, CC, CMAKE and
# ENTIDX_SANITIZE (the example is built with the same sanitizers as the library).
. "$(dirname "$0")/lib.sh"

: "${ENTIDX_BUILD_DIR:?ENTIDX_BUILD_DIR must name the build directory}"
CC=${CC:-cc}
CMAKE=${CMAKE:-cmake}
for tool in "$CC" "$CMAKE" pkg-config nm readelf; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not found"; exit 77; }
done
unset ENTIDX_GAZETTEER_DIR PKG_CONFIG_PATH LD_LIBRARY_PATH
san=()
[ -n "${ENTIDX_SANITIZE:-}" ] && san=("-fsanitize=$ENTIDX_SANITIZE")

# check COND_STATUS MESSAGE: count a check; fail with MESSAGE when COND_STATUS != 0
check() {
    checks=$((checks + 1))
    [ "$1" -eq 0 ] || fail "$2"
}

stage=$T/stage
"$CMAKE" --install "$ENTIDX_BUILD_DIR" --prefix "$stage" >"$T/install.log" 2>&1
check $? "cmake --install failed: $(tail -5 "$T/install.log")"

# --- what is installed
pc=$(find "$stage" -name entidx.pc)
libdir=$(dirname "$(dirname "$pc")")
for f in bin/entidx include/entidx/entidx.h share/entidx/gazetteers/README.md \
    share/entidx/gazetteers/SOURCES.md share/man/man1/entidx.1 \
    share/bash-completion/completions/entidx; do
    [ -f "$stage/$f" ]
    check $? "not installed: $f"
done
for f in libentidx.a libentidx.so libentidx.so.0 cmake/entidx/entidxConfig.cmake \
    cmake/entidx/entidxConfigVersion.cmake cmake/entidx/entidxTargets.cmake; do
    [ -e "$libdir/$f" ]
    check $? "not installed: ${libdir#"$stage"/}/$f"
done
diff <(cd "$SRC/include/entidx" && ls) <(cd "$stage/include/entidx" && ls) >"$T/out" 2>&1
check $? "installed headers differ from include/entidx"
diff <(cd "$SRC/gazetteers" && ls ./*.tsv) <(cd "$stage/share/entidx/gazetteers" && ls ./*.tsv) \
    >"$T/out" 2>&1
check $? "installed gazetteers differ from gazetteers/*.tsv"
cmp -s "$SRC/src/cli/entidx.bash" "$stage/share/bash-completion/completions/entidx"
check $? "installed completion differs from src/cli/entidx.bash"

# --- the shared library exports exactly the ENTIDX_EXTERN functions
nm -D --defined-only "$libdir/libentidx.so" | awk '{print $3}' | sort >"$T/exported"
for h in "$stage"/include/entidx/*.h; do
    "$CC" -fpreprocessed -dD -E -P "$h" 2>/dev/null
done | grep -v '^#' | tr '\n' ' ' | grep -oE 'ENTIDX_EXTERN[^;{]*' |
    sed -E 's/\(.*//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*$/\1/' |
    sort >"$T/declared"
n_declared=$(wc -l <"$T/declared")
[ "$n_declared" -ge 50 ]
check $? "only $n_declared ENTIDX_EXTERN declarations found in the headers"
comm -23 "$T/exported" "$T/declared" >"$T/out"
[ ! -s "$T/out" ]
check $? "libentidx.so exports symbols no public header declares: $(head -5 "$T/out" | tr '\n' ' ')"
comm -13 "$T/exported" "$T/declared" >"$T/out"
[ ! -s "$T/out" ]
check $? "public functions missing from libentidx.so: $(head -5 "$T/out" | tr '\n' ' ')"

# --- the installed entidx finds its gazetteers without -g
inst=$stage/bin/entidx
(cd "$T" && "$inst" index -q -o "$T/inst.idx" "$SRC/corpora/news-sample.jsonl.gz") >"$T/out" 2>"$T/err"
check $? "installed entidx index without -g failed: $(cat "$T/err")"
"$ENTIDX" index -q -o "$T/build.idx" "$SRC/corpora/news-sample.jsonl.gz" >"$T/out" 2>"$T/err"
check $? "build-tree entidx index failed: $(cat "$T/err")"
cmp -s "$T/inst.idx" "$T/build.idx"
check $? "the installed entidx wrote another index than the build-tree one"
ENTIDX=$inst run query "$T/inst.idx" --format csv 'Japan AND "United States"'
expect_status 0 "installed entidx query"
expect_out_has "sample-2,2019-06-28,JAPAN AND U.S. AGREE TO WIDEN TRADE TALKS"
ENTIDX=$inst run verify "$T/inst.idx"
expect_status 0 "installed entidx verify"
expect_out_has "ok (12 documents"

# It reads the installed copy, not the source tree: an entity added there only
# is found, by the installed program and by a copy of the prefix moved elsewhere.
printf 'id\ttype\tname\taliases\nZZ_TEST\tPLACE\tZorblandia\tZorbland\n' \
    >"$stage/share/entidx/gazetteers/zz-test.tsv"
ENTIDX=$inst run lookup --format csv Zorbland
expect_status 0 "installed lookup of an entity only the installed gazetteers have"
expect_out_has "Zorbland,ZZ_TEST,PLACE,Zorblandia,Zorbland,default"
run lookup --format csv Zorbland
expect_status 1 "build-tree lookup must not see the installed gazetteers"
mv "$stage" "$T/moved"
ENTIDX=$T/moved/bin/entidx run lookup --format csv Zorbland Germany
expect_status 0 "lookup from a moved prefix"
expect_out_has "Zorbland,ZZ_TEST,PLACE,Zorblandia"
expect_out_has "Germany,DEU,COUNTRY,Germany"
mv "$T/moved" "$stage"
# ENTIDX_GAZETTEER_DIR comes first, and a wrong one is reported, not passed over.
mkdir "$T/only"
cp "$stage/share/entidx/gazetteers/zz-test.tsv" "$T/only/"
ENTIDX_GAZETTEER_DIR=$T/only ENTIDX=$inst run lookup --format csv Zorbland Germany
expect_status 1 "lookup with ENTIDX_GAZETTEER_DIR"
expect_out_has "Zorbland,ZZ_TEST"
expect_err_has "no entity matches 'Germany'"
ENTIDX_GAZETTEER_DIR=$T/nowhere ENTIDX=$inst run lookup Germany
expect_status 1 "lookup with a missing ENTIDX_GAZETTEER_DIR"
expect_err_has "$T/nowhere"
expect_err_has "set ENTIDX_GAZETTEER_DIR"
rm "$stage/share/entidx/gazetteers/zz-test.tsv"
ENTIDX=$inst run index --help
expect_out_has "1. \$ENTIDX_GAZETTEER_DIR, when set;"
expect_out_has "2. ../share/entidx/gazetteers relative to the directory of"

# --- the README's library example, built against the installed library
awk '/^## Library/ { on = 1; next } on && /^## / { exit }
     on && /^```c$/ { code = 1; next } code && /^```$/ { exit } code' \
    "$SRC/README.md" >"$T/tag.c"
[ "$(wc -l <"$T/tag.c")" -gt 20 ]
check $? "no C example in the Library section of README.md"
gaz=("$stage"/share/entidx/gazetteers/*.tsv)
expected='0-7 Germany: COUNTRY Germany (DEU)
47-58 New Zealand: COUNTRY New Zealand (NZL)
79-82 WHO: ORG World Health Organization (ORG_WHO)'
cflags=(-std=c11 -Wall -Wextra -Wpedantic -Werror "${san[@]}")
export PKG_CONFIG_PATH=$libdir/pkgconfig

# run_example NAME PROGRAM [ENV...]: run it on the installed gazetteers, check its output
run_example() {
    local name=$1 prog=$2
    shift 2
    env "$@" "$prog" "${gaz[@]}" >"$T/out" 2>"$T/err"
    status=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
    expect_status 0 "$name"
    checks=$((checks + 1))
    [ "$out" = "$expected" ] || fail "$name: output differs; expected:
$expected"
}

# pkg-config, shared library
"$CC" "${cflags[@]}" -o "$T/tag-shared" "$T/tag.c" $(pkg-config --cflags --libs entidx) \
    >"$T/out" 2>&1
check $? "pkg-config shared build failed: $(head -5 "$T/out")"
readelf -d "$T/tag-shared" | grep -q 'NEEDED.*libentidx\.so\.0'
check $? "the pkg-config shared build does not use libentidx.so.0"
run_example "pkg-config shared" "$T/tag-shared" LD_LIBRARY_PATH="$libdir"

# pkg-config --static: the static libentidx with the dependencies entidx.pc
# lists; without sanitizers also a fully static program (-static).
static_libs=$(pkg-config --static --libs entidx | sed 's/-lentidx/-Wl,-Bstatic -lentidx -Wl,-Bdynamic/')
"$CC" "${cflags[@]}" -o "$T/tag-static" "$T/tag.c" $(pkg-config --cflags entidx) $static_libs \
    >"$T/out" 2>&1
check $? "pkg-config --static build failed: $(head -5 "$T/out")"
! readelf -d "$T/tag-static" | grep -q 'NEEDED.*libentidx'
check $? "the pkg-config --static build still needs libentidx.so"
run_example "pkg-config static" "$T/tag-static"
if [ ${#san[@]} -eq 0 ]; then
    "$CC" "${cflags[@]}" -static -o "$T/tag-allstatic" "$T/tag.c" \
        $(pkg-config --static --cflags --libs entidx) >"$T/out" 2>&1
    check $? "pkg-config --static -static build failed: $(head -5 "$T/out")"
    ! readelf -d "$T/tag-allstatic" | grep -q NEEDED
    check $? "the -static build is not fully static"
    run_example "pkg-config fully static" "$T/tag-allstatic"
fi
unset PKG_CONFIG_PATH

# find_package(entidx): entidx::entidx (shared) and entidx::entidx_static
mkdir -p "$T/proj"
cp "$T/tag.c" "$T/proj/tag.c"
cat >"$T/proj/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.21)
project(tag C)
find_package(entidx 0.1 REQUIRED)
add_executable(tag_shared tag.c)
target_link_libraries(tag_shared PRIVATE entidx::entidx)
add_executable(tag_static tag.c)
target_link_libraries(tag_static PRIVATE entidx::entidx_static)
EOF
"$CMAKE" -S "$T/proj" -B "$T/proj/build" -DCMAKE_PREFIX_PATH="$stage" -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="${cflags[*]}" >"$T/out" 2>&1 &&
    "$CMAKE" --build "$T/proj/build" >>"$T/out" 2>&1
check $? "find_package(entidx) project failed: $(tail -15 "$T/out")"
readelf -d "$T/proj/build/tag_shared" | grep -q 'NEEDED.*libentidx\.so\.0'
check $? "entidx::entidx is not the shared library"
! readelf -d "$T/proj/build/tag_static" | grep -q 'NEEDED.*libentidx'
check $? "entidx::entidx_static needs libentidx.so"
run_example "find_package entidx::entidx" "$T/proj/build/tag_shared"
run_example "find_package entidx::entidx_static" "$T/proj/build/tag_static"
# The version file accepts 0.1 only: before 1.0 a minor release may break the API.
sed -i 's/find_package(entidx 0.1 REQUIRED)/find_package(entidx 0.2 REQUIRED)/' "$T/proj/CMakeLists.txt"
"$CMAKE" -S "$T/proj" -B "$T/proj/build2" -DCMAKE_PREFIX_PATH="$stage" >"$T/out" 2>&1
status=$?
expect_status 1 "find_package(entidx 0.2) must fail against 0.1"
grep -q 'version: 0.1.0' "$T/out"
check $? "find_package(entidx 0.2) does not name the version found: $(tail -5 "$T/out")"

finish
