#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/eval/conll_eval.py scores a tiny team-written data set in the shape of
# ../shared/data/eval/conll2003 (which tests may not need): exact-span true
# positives, a false positive, a false negative, a non-country LOC span, a
# country inside it (not scored, counted on its own line) and a country
# inside a MISC span (not scored), and a name across a sentence break (not
# scored, counted on its own line).
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }

mkdir -p "$T/data"
# id, text, and gold spans [type, surface, start, end] in code points
python3 - "$T/data/conll2003_testa.jsonl" <<'EOF'
import json, sys
docs = [
    ("d1", "Rainfall in Western Ukraine delayed the harvest. Poland said so.",
     [("LOC", "Western Ukraine"), ("LOC", "Poland")]),
    ("d2", "The U.S.-led force reached Germany.",
     [("MISC", "U.S.-led"), ("LOC", "Germany")]),
    # Kenya has no gold span (a false positive); Freedonia is never found (a false negative)
    ("d3", "Troops left Chad for Kenya and Freedonia.",
     [("LOC", "Chad"), ("LOC", "Freedonia")]),
    # a name across the data set's sentence break: the gold cannot hold it
    ("d4", "Jiri Novak ( Czech\nRepublic ) won .",
     [("LOC", "Czech"), ("LOC", "Republic")]),
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for did, text, spans in docs:
        ents = []
        for typ, surface in spans:
            start = text.index(surface)
            ents.append([typ, surface, start, start + len(surface)])
        f.write(json.dumps({"id": did, "text": text, "entities_char": ents}) + "\n")
EOF
gzip "$T/data/conll2003_testa.jsonl"
printf '%s\n' Ukraine Poland Germany Chad Kenya Freedonia "United States" >"$T/countries.txt"

checks=$((checks + 1))
python3 "$SRC/tests/eval/conll_eval.py" --entidx "$ENTIDX" --data "$T/data" \
    --countries "$T/countries.txt" --split testa >"$T/out" 2>"$T/err" ||
    fail "conll_eval.py exited with status $?"
out=$(cat "$T/out")
expect_out_has "COUNTRY     4     4   3   1   1     0.7500  0.7500  0.7500"
expect_out_has "COUNTRY inside a longer non-country LOC span, not scored: 1 (counted as false positives: COUNTRY precision 0.6000)"
expect_out_has "predictions not scored (within a MISC span, or on a non-country LOC span): COUNTRY 1, ORG 0, PERSON 0"
expect_out_has "predictions across a sentence break of the data set, not scored: COUNTRY 1, ORG 0, PERSON 0 (counted as false positives: COUNTRY precision 0.6000; with the nested ones too: 0.5000)"

# --errors lists the false positive and the false negative with their context
checks=$((checks + 1))
python3 "$SRC/tests/eval/conll_eval.py" --entidx "$ENTIDX" --data "$T/data" \
    --countries "$T/countries.txt" --split testa --errors 5 >"$T/out" 2>"$T/err" ||
    fail "conll_eval.py --errors exited with status $?"
out=$(cat "$T/out")
expect_out_has "== COUNTRY: 1 false positives, 1 false negatives"
expect_out_has "d3	Kenya (Kenya alias 'Kenya')"
expect_out_has "d3	Freedonia	Troops left Chad for Kenya and [[Freedonia]]."

finish
