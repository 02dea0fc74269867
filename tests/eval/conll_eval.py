#!/usr/bin/env python3
"""Score entidx tagging against the CoNLL-2003 English NER gold annotations.

Runs `entidx tag` once over a whole CoNLL-2003 split (gzip JSON Lines, one
document per line) and compares its mentions with the gold entity spans.
Python 3 standard library only.  See tests/eval/README.md.
"""

import argparse
import collections
import gzip
import json
import os
import shlex
import subprocess
import sys
import unicodedata

SCORED_TYPES = ("COUNTRY", "ORG", "PERSON")
EXIT_SKIP = 77  # the data set is not available (automake/ctest "skipped")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_ENTIDX = os.path.join(REPO, "build", "entidx")
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "eval", "conll2003"))

DESCRIPTION = """\
Score entidx against CoNLL-2003 (English NER) gold spans.

Runs, in one process over the whole split:
  entidx tag --text-field text --no-demonyms --format jsonl [-g GAZ]... FILE.jsonl.gz
(--text-field text: the field's first line is the headline, so the title is
scanned once; --no-demonyms: CoNLL tags demonyms such as "German" as MISC).
entidx reports byte offsets into the UTF-8 text; they are converted to code
point offsets before matching.

Gold mapping:
  PER  -> PERSON
  ORG  -> ORG
  LOC  -> COUNTRY when the surface is a country name in country_names.txt
          (compared case-insensitively, ignoring dots and accents, also after
          removing a leading "the "); any other LOC span is not scored: a
          predicted COUNTRY with exactly that span, or lying inside it
          ("Ukraine" in "Western Ukraine", "U.S." in "U.S. Midwest"), counts
          neither as TP nor FP (an ORG or PERSON prediction on it is a false
          positive); CoNLL marks only the outer name, so its gold does not
          say whether the inner country is mentioned. Those inner countries
          are counted on a line of their own, with the COUNTRY precision they
          would give if they were counted as false positives
  MISC -> not scored: a prediction of any type lying within a MISC span
          (exactly on it, or inside it: "U.S." in "U.S.-led" or "U.S. Open")
          counts neither as TP nor FP; CoNLL marks derived words, events and
          titles as MISC, and whether they "mention" a country is not what
          its gold answers
A prediction whose span crosses a sentence break of the data set (a line
feed in `text`: "Czech\nRepublic" in a results table that CoNLL splits into
two sentences) is not scored either: a gold span never crosses a sentence, so
the gold cannot say. Those are counted on a line of their own, with the
COUNTRY precision they would give as false positives.
A prediction is a true positive when a gold span of the same scored type has
exactly the same start and end; every other prediction is a false positive;
every unmatched scored gold span is a false negative.  Micro-averaged figures
pool COUNTRY, ORG and PERSON.

testb is held out: it reports figures only (--errors is refused with it).
Tune on train and testa.
"""


def die(msg, status=1):
    print("conll_eval: " + msg, file=sys.stderr)
    sys.exit(status)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="conll_eval.py",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--entidx", default=DEFAULT_ENTIDX,
                   help="entidx binary (default: build/entidx in the repository)")
    p.add_argument("--split", choices=("train", "testa", "testb"), default="testa",
                   help="CoNLL-2003 split (default: testa; testb is held out)")
    p.add_argument("--data", default=DEFAULT_DATA,
                   help="directory holding conll2003_SPLIT.jsonl.gz "
                        "(default: <repo>/../shared/data/eval/conll2003; "
                        "exit 77 when absent)")
    p.add_argument("--countries", default=None,
                   help="country name list (default: DATA/../country_names.txt)")
    p.add_argument("-g", "--gazetteer", action="append", default=[], metavar="GAZ",
                   help="gazetteer file or directory, passed to entidx; repeatable "
                        "(default: entidx's shipped gazetteers)")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="also print up to N false positives and N false negatives "
                        "per type with context, and the most frequent error "
                        "surfaces (not with --split testb)")
    p.add_argument("--extra-args", default="", metavar="'ARGS'",
                   help="extra arguments for entidx tag / lookup (shell-quoted string)")
    p.add_argument("--ceiling", action="store_true",
                   help="instead of tagging, report how many gold ORG and PERSON "
                        "spans have a surface that `entidx lookup --ignore-case` "
                        "resolves to some gazetteer entity (a bound on recall)")
    # Let "--extra-args '--ambiguous'" work: argparse would take a value that
    # starts with "-" for an option.
    argv = list(argv)
    for i in range(len(argv) - 1):
        if argv[i] == "--extra-args":
            argv[i:i + 2] = ["--extra-args=" + argv[i + 1]]
            break
    args = p.parse_args(argv)
    if args.errors < 0:
        p.error("--errors needs a number >= 0")
    if args.errors and args.split == "testb":
        p.error("testb is held out: it reports figures only (use --errors with "
                "--split train or testa)")
    return args


# ---------------------------------------------------------------- gold data

def norm_country(s):
    """Case-insensitive, dots and accents ignored, white space collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace(".", "")
    return " ".join(s.split())


def strip_the(s):
    return s[4:] if s.startswith("the ") else s


def load_countries(path):
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                n = norm_country(line)
                names.add(n)
                names.add(strip_the(n))
    return names


def is_country(surface, names):
    n = norm_country(surface)
    return n in names or strip_the(n) in names


def load_docs(path):
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except ValueError as e:
                die("%s:%d: bad JSON: %s" % (path, lineno, e))
            docs.append(d)
    return docs


def gold_spans(docs, countries):
    """Returns (scored, ignored): scored maps (doc, start, end, type) -> surface;
    ignored maps (doc, start, end) -> set of prediction types not to count
    (None = every type)."""
    scored = {}
    ignored = collections.defaultdict(set)
    for d in docs:
        did = d["id"]
        for typ, surface, start, end in d["entities_char"]:
            if typ == "PER":
                scored[(did, start, end, "PERSON")] = surface
            elif typ == "ORG":
                scored[(did, start, end, "ORG")] = surface
            elif typ == "LOC":
                if is_country(surface, countries):
                    scored[(did, start, end, "COUNTRY")] = surface
                else:
                    ignored[(did, start, end)].add("COUNTRY")
                    ignored[("loc", did)].add((start, end))
            elif typ == "MISC":
                ignored[(did, start, end)].add(None)
                ignored[("misc", did)].add((start, end))
    return scored, ignored


# ---------------------------------------------------------------- entidx

def byte_to_char_map(text):
    """List m with m[byte offset] = code point offset (for every byte
    offset of the UTF-8 encoding, plus its end)."""
    b = text.encode("utf-8")
    if len(b) == len(text):
        return None  # ASCII: identity
    m = [0] * (len(b) + 1)
    pos = 0
    for i, ch in enumerate(text):
        n = len(ch.encode("utf-8"))
        for k in range(n):
            m[pos + k] = i
        pos += n
    m[pos] = len(text)
    return m


def run_tag(entidx, path, gazetteers, extra, explain):
    cmd = [entidx, "tag", "--text-field", "text", "--no-demonyms", "--format", "jsonl"]
    if explain:
        cmd.append("--explain")
    for g in gazetteers:
        cmd += ["-g", g]
    cmd += extra
    cmd.append(path)
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        die("cannot run %s: %s (build it, or pass --entidx PATH)" % (entidx, e))
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        die("%s exited with status %d" % (shlex.join(cmd), proc.returncode))
    recs = []
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            recs.append(json.loads(line))
    return cmd, recs


def predictions(recs, docs_by_id):
    """(doc, start, end, type) in code point offsets -> record."""
    maps = {}
    preds = {}
    bad = 0
    for r in recs:
        did = r["doc"]
        if did not in docs_by_id:
            die("entidx reported unknown document id %r" % did)
        if r.get("field", "text") != "text":
            continue
        if did not in maps:
            maps[did] = byte_to_char_map(docs_by_id[did]["text"])
        m = maps[did]
        s, e = r["start"], r["end"]
        if m is not None:
            s, e = m[s], m[e]
        if "text" in r and docs_by_id[did]["text"][s:e] != r["text"]:
            bad += 1
        preds[(did, s, e, r["type"])] = r
    if bad:
        print("conll_eval: warning: %d mentions whose converted offsets do not "
              "point at their text" % bad, file=sys.stderr)
    return preds


# ---------------------------------------------------------------- scoring

def across_sentences(preds, docs_by_id):
    """The predictions whose span holds a line feed: the data set joins its
    sentences with one, and a gold span never crosses a sentence."""
    return set(k for k in preds if "\n" in docs_by_id[k[0]]["text"][k[1]:k[2]])


def score(scored, ignored, preds, across):
    """Returns (tp, fp, fn, n_ignored, nested, crossing): nested lists the
    COUNTRY predictions lying inside a longer non-country LOC span, crossing
    the predictions of the set `across` (neither is scored)."""
    tp, fp, fn, nested, crossing = [], [], [], [], []
    n_ignored = collections.Counter()
    for key in preds:
        did, s, e, typ = key
        if key in scored:
            tp.append(key)
            continue
        if key in across:
            crossing.append(key)
            continue
        ign = ignored.get((did, s, e))
        if ign and (None in ign or typ in ign):
            n_ignored[typ] += 1
            continue
        if any(ms <= s and e <= me for ms, me in ignored.get(("misc", did), ())):
            n_ignored[typ] += 1
            continue
        if typ == "COUNTRY" and any(ls <= s and e <= le
                                    for ls, le in ignored.get(("loc", did), ())):
            nested.append(key)
            continue
        fp.append(key)
    for key in scored:
        if key not in preds:
            fn.append(key)
    return tp, fp, fn, n_ignored, nested, crossing


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def print_table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for j, r in enumerate(rows):
        cells = []
        for i, c in enumerate(r):
            c = str(c)
            cells.append(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]))
        print("  ".join(cells).rstrip())


def context(text, s, e, width=40):
    left = text[max(0, s - width):s]
    right = text[e:e + width]
    flat = lambda t: t.replace("\n", " | ")
    return "%s[[%s]]%s" % (flat(left), flat(text[s:e]), flat(right))


def overlapping(spans_by_doc, did, s, e, skip=None):
    out = []
    for (gs, ge, gt, surf) in spans_by_doc.get(did, ()):
        if gs < e and s < ge and (gs, ge, gt) != skip:
            out.append("%s %r" % (gt, surf))
    return out


def print_errors(n, docs_by_id, docs, scored, preds, fp, fn):
    gold_by_doc = collections.defaultdict(list)
    for d in docs:
        for typ, surface, start, end in d["entities_char"]:
            gold_by_doc[d["id"]].append((start, end, typ, surface))
    pred_by_doc = collections.defaultdict(list)
    for (did, s, e, typ), r in preds.items():
        pred_by_doc[did].append((s, e, typ, r.get("text", "")))
    for typ in SCORED_TYPES:
        fps = sorted(k for k in fp if k[3] == typ)
        fns = sorted(k for k in fn if k[3] == typ)
        print()
        print("== %s: %d false positives, %d false negatives" % (typ, len(fps), len(fns)))
        c = collections.Counter()
        for k in fps:
            r = preds[k]
            label = r.get("text", "")
            if "alias" in r:
                label += " -> %s (alias %r)" % (r.get("name", ""), r["alias"])
            else:
                label += " -> %s" % r.get("name", "")
            c[label] += 1
        print("most frequent false positives: " +
              "; ".join("%s x%d" % kv for kv in c.most_common(n)))
        c = collections.Counter(scored[k] for k in fns)
        print("most frequent false negatives: " +
              "; ".join("%s x%d" % kv for kv in c.most_common(n)))
        print("-- false positives (gold spans overlapping it in brackets)")
        for k in fps[:n]:
            did, s, e, _ = k
            r = preds[k]
            ov = overlapping(gold_by_doc, did, s, e)
            extra = " [%s]" % ", ".join(ov) if ov else ""
            via = " alias %r" % r["alias"] if "alias" in r else ""
            print("%s\t%s (%s%s)%s\t%s" % (did, r.get("text", ""), r.get("name", ""), via,
                                          extra, context(docs_by_id[did]["text"], s, e)))
        print("-- false negatives (predictions overlapping it in brackets)")
        for k in fns[:n]:
            did, s, e, _ = k
            ov = overlapping(pred_by_doc, did, s, e)
            extra = " [%s]" % ", ".join(ov) if ov else ""
            print("%s\t%s%s\t%s" % (did, scored[k], extra,
                                    context(docs_by_id[did]["text"], s, e)))


# ---------------------------------------------------------------- ceiling

def tsv_unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def lookup_types(entidx, gazetteers, extra, names, batch=500):
    """surface -> set of entity types it resolves to (ignoring case)."""
    found = collections.defaultdict(set)
    names = sorted(names)
    cmd0 = [entidx, "lookup", "--ignore-case", "--format", "tsv"]
    for g in gazetteers:
        cmd0 += ["-g", g]
    cmd0 += extra
    calls = 0
    for i in range(0, len(names), batch):
        cmd = cmd0 + ["--"] + names[i:i + batch]
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            die("cannot run %s: %s (build it, or pass --entidx PATH)" % (entidx, e))
        calls += 1
        if proc.returncode not in (0, 1):  # 1: some name matched nothing
            sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
            die("entidx lookup exited with status %d" % proc.returncode)
        lines = proc.stdout.decode("utf-8").split("\n")
        for line in lines[1:]:  # header: input id type name alias rule
            if not line:
                continue
            f = line.split("\t")
            if len(f) >= 3:
                found[tsv_unescape(f[0])].add(f[2])
    return found, cmd0, calls


def ceiling(args, docs, extra):
    spans = {"ORG": [], "PERSON": []}
    for d in docs:
        for typ, surface, start, end in d["entities_char"]:
            if typ == "ORG":
                spans["ORG"].append(surface)
            elif typ == "PER":
                spans["PERSON"].append(surface)
    surfaces = set(spans["ORG"]) | set(spans["PERSON"])
    found, cmd0, calls = lookup_types(args.entidx, args.gazetteer, extra, surfaces)
    print("split %s: %d documents; %s -- SURFACE... (%d calls, %d distinct surfaces)"
          % (args.split, len(docs), shlex.join(cmd0), calls, len(surfaces)))
    for typ, label in (("ORG", "ORG"), ("PERSON", "PER")):
        ss = spans[typ]
        any_n = sum(1 for s in ss if found.get(s))
        same_n = sum(1 for s in ss if typ in found.get(s, ()))
        dist = set(ss)
        dist_any = sum(1 for s in dist if found.get(s))
        pct = 100.0 * any_n / len(ss) if ss else 0.0
        print("gazetteer coverage of gold %s surfaces: %d/%d (%.1f%%; as %s: %d; "
              "distinct surfaces %d/%d)"
              % (label, any_n, len(ss), pct, typ, same_n, dist_any, len(dist)))
        if args.errors:
            miss = collections.Counter(s for s in ss if not found.get(s))
            print("  most frequent uncovered %s surfaces: %s" % (label, "; ".join(
                "%s x%d" % kv for kv in miss.most_common(args.errors))))


# ---------------------------------------------------------------- main

def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    path = os.path.join(args.data, "conll2003_%s.jsonl.gz" % args.split)
    if not os.path.isfile(path):
        print("conll_eval: %s not found; CoNLL-2003 data is not available, skipping"
              % path, file=sys.stderr)
        return EXIT_SKIP
    cpath = args.countries or os.path.join(os.path.dirname(os.path.abspath(args.data)),
                                          "country_names.txt")
    if not os.path.isfile(cpath):
        print("conll_eval: %s not found; skipping" % cpath, file=sys.stderr)
        return EXIT_SKIP
    if not os.path.isfile(args.entidx):
        die("%s not found: build entidx first, or pass --entidx PATH" % args.entidx)
    extra = shlex.split(args.extra_args)

    docs = load_docs(path)
    docs_by_id = {d["id"]: d for d in docs}
    if len(docs_by_id) != len(docs):
        die("%s: duplicate document ids" % path)

    if args.ceiling:
        ceiling(args, docs, extra)
        return 0

    countries = load_countries(cpath)
    scored, ignored = gold_spans(docs, countries)
    cmd, recs = run_tag(args.entidx, path, args.gazetteer, extra, explain=bool(args.errors))
    preds = predictions(recs, docs_by_id)
    tp, fp, fn, n_ignored, nested, crossing = score(scored, ignored, preds,
                                                    across_sentences(preds, docs_by_id))

    rows = [("type", "gold", "pred", "TP", "FP", "FN", "precision", "recall", "F1")]
    tot = [0, 0, 0, 0, 0]
    for typ in SCORED_TYPES:
        t = sum(1 for k in tp if k[3] == typ)
        f = sum(1 for k in fp if k[3] == typ)
        n = sum(1 for k in fn if k[3] == typ)
        g = sum(1 for k in scored if k[3] == typ)
        pr = t + f  # scored predictions (ignored ones are left out)
        p, r, f1 = prf(t, f, n)
        rows.append((typ, g, pr, t, f, n, "%.4f" % p, "%.4f" % r, "%.4f" % f1))
        for i, v in enumerate((g, pr, t, f, n)):
            tot[i] += v
    p, r, f1 = prf(tot[2], tot[3], tot[4])
    rows.append(("micro", tot[0], tot[1], tot[2], tot[3], tot[4],
                 "%.4f" % p, "%.4f" % r, "%.4f" % f1))
    print("split %s: %d documents; %s" % (args.split, len(docs), shlex.join(cmd)))
    print_table(rows)
    other = collections.Counter(k[3] for k in preds if k[3] not in SCORED_TYPES)
    note = "predictions not scored (within a MISC span, or on a non-country LOC span): %s" % (
        ", ".join("%s %d" % (t, n_ignored[t]) for t in SCORED_TYPES))
    if other:
        note += "; of other types: %s" % ", ".join("%s %d" % kv for kv in sorted(other.items()))
    print(note)
    c_tp = sum(1 for k in tp if k[3] == "COUNTRY")
    c_fp = sum(1 for k in fp if k[3] == "COUNTRY")
    print("COUNTRY inside a longer non-country LOC span, not scored: %d "
          "(counted as false positives: COUNTRY precision %.4f)"
          % (len(nested), prf(c_tp, c_fp + len(nested), 0)[0]))
    c_cross = sum(1 for k in crossing if k[3] == "COUNTRY")
    print("predictions across a sentence break of the data set, not scored: %s "
          "(counted as false positives: COUNTRY precision %.4f; with the nested ones too: %.4f)"
          % (", ".join("%s %d" % (t, sum(1 for k in crossing if k[3] == t))
                       for t in SCORED_TYPES),
             prf(c_tp, c_fp + c_cross, 0)[0], prf(c_tp, c_fp + c_cross + len(nested), 0)[0]))

    if args.errors:
        print_errors(args.errors, docs_by_id, docs, scored, preds, fp, fn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
