# entidx report rendered by a real browser: headless Chromium draws the page
# (the screenshot is not blank and shows the type colours of the bars and
# nodes) and parses it into the DOM we wrote (as many <svg>, bars, edges and
# nodes as in the file). Skipped (exit 77) when Chromium is not installed.
. "$(dirname "$0")/lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "SKIP: Chromium is not installed (Debian: apt-get install chromium); the HTML" \
        "structure is still checked by unit.report and cli.report"
    exit 77
fi
G="$SRC/tests/data/gazetteers"
C="$SRC/corpora"
run index -q -g "$G" -o "$T/s.idx" "$C/news-sample.jsonl.gz" "$C/text" "$C/lines-sample.txt"
expect_status 0 "index"
run report "$T/s.idx" -o "$T/r.html"
expect_status 0 "report"

# Chromium wants a writable home and profile; keep both in the test's directory.
chrome() {
    HOME="$T" timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --user-data-dir="$T/profile" --no-first-run "$@" 2>>"$T/chromium.log"
}
chrome --screenshot="$T/r.png" --window-size=1280,4000 "file://$T/r.html" >/dev/null
checks=$((checks + 1))
[ -s "$T/r.png" ] || { fail "no screenshot"; tail -5 "$T/chromium.log" >&2; finish; }

# Decode the PNG with zlib (no imaging library needed): 8-bit RGB or RGBA, filters 0-4.
python3 - "$T/r.png" >"$T/pixels" <<'PY' || fail "cannot decode the screenshot"
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, 'unexpected PNG kind'
    elif kind == b'IDAT':
        idat += body
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, i, colours, inked = bytearray(stride), 0, {}, 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        rgb = bytes(line[x:x + 3])
        colours[rgb] = colours.get(rgb, 0) + 1
        if rgb != b'\xff\xff\xff':
            inked += 1
    prev = line
print('size', w, h)
print('inked', inked)
print('colours', len(colours))
for hexc in ('0072b2', 'e69f00', '009e73'):
    print('type', hexc, colours.get(bytes.fromhex(hexc), 0))
PY
cat "$T/pixels"
inked=$(awk '$1 == "inked" { print $2 }' "$T/pixels")
colours=$(awk '$1 == "colours" { print $2 }' "$T/pixels")
checks=$((checks + 1))
[ "${inked:-0}" -gt 50000 ] || fail "screenshot nearly blank: ${inked:-0} non-white pixels"
checks=$((checks + 1))
[ "${colours:-0}" -gt 50 ] || fail "only ${colours:-0} distinct colours"
# every type with a bar is drawn in its colour (COUNTRY, ORG, PERSON: palette order)
for pair in COUNTRY:0072b2 ORG:e69f00 PERSON:009e73; do
    type=${pair%%:*}
    hexc=${pair#*:}
    if [ -n "$("$ENTIDX" entities "$T/s.idx" --type "$type" --top 1 -f csv | tail -n +2)" ]; then
        px=$(awk -v c="$hexc" '$1 == "type" && $2 == c { print $3 }' "$T/pixels")
        checks=$((checks + 1))
        [ "${px:-0}" -gt 200 ] || fail "$type colour #$hexc covers only ${px:-0} pixels"
    fi
done

# The browser's DOM holds the elements the file has.
chrome --dump-dom "file://$T/r.html" >"$T/dom.html"
for element in '<svg' '<rect class="bar"' '<line class="edge"' '<circle class="node"' \
    '<polyline class="series"' '<details>'; do
    in_file=$(grep -o -- "$element" "$T/r.html" | wc -l)
    in_dom=$(grep -o -- "$element" "$T/dom.html" | wc -l)
    checks=$((checks + 1))
    [ "$in_file" -gt 0 ] && [ "$in_dom" -eq "$in_file" ] ||
        fail "$element: $in_file in the file, $in_dom in Chromium's DOM"
done
finish
