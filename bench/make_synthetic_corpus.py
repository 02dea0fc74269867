#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a synthetic news corpus of the same shape as the benchmark corpus
(../shared/bench/make-corpus.sh: Reuters-21578 + BBC News, N copies), for
machines without ../shared.

usage: make_synthetic_corpus.py OUT.jsonl[.gz] [--copies N] [--docs D] [--seed S]
                                [--gazetteers DIR]

Shape, measured on one copy of the real corpus (23,803 articles, 31.7 MB):

  - JSON Lines, one article per line, keys id, title, date, text and some
    metadata keys (dateline, topics, places, source_file); lines average
    1.33 KB, texts 0.89 KB (generated: 1.30 KB and 0.88 KB);
  - nine articles in ten are wire-like: an ALL CAPS title, an ISO date, a text
    whose length is log-normal around 0.5 KB (one in twelve empty); one in ten
    is feature-like: a Title Case title, a null date, a text of about 2 KB;
  - 3.6 gazetteer mentions per article as entidx tags them (one title in two
    has one), of which about 64 % countries, 32 % organisations, 3.5 % people,
    0.7 % places, a few names much more frequent than the rest. The script
    inserts one name per 250 bytes of text; entidx finds a few less, as names
    next to each other merge or are case-restricted.

The words are a fixed English vocabulary written for this script; the
mentions are names and unflagged aliases of the gazetteers in DIR (default:
the shipped gazetteers/). D articles are generated once (default 23,803, one
copy) and written N times (default 1) with ids made unique per copy, as the
real corpus repeats its sources. A fixed seed gives the same bytes every time
(a .gz output goes through `gzip -6 -n`). Needs Python 3 and gzip.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

# Ordinary words of news prose, none of them a gazetteer name.
VOCAB = """the of to and a in that is for on said was with it as by at from be
has have had are were will would which this its year after but they not been
more than about new also last two first over into percent million billion up
out one could company market share shares prices price government talks trade
week month official officials report reported analysts expected rise fell rose
higher lower sales profit profits loss quarter results bank rates rate interest
oil exports imports growth economy economic minister president spokesman told
agreement plan deal offer bid stake group board meeting statement earlier today
yesterday since while under between some other three four five most such may
further because early late level levels industry production output demand supply
tonnes barrels crude wheat sugar coffee cocoa grain corn export import budget
deficit surplus dollar currency exchange central policy tax cuts investment
investors stock bonds debt loans credit capital increase decrease net income
revenue operating period ended compared against record high low strong weak
political election party leader leaders vote parliament court case law police
security forces military troops talks peace foreign domestic national local
state public private sector firms business businesses chief executive director
chairman announced agreed added expects plans reached made make take taken
held hold continue continued remain remained still however although during
before later next end start began set sets put any all many much each both
very well only even just so than then there their them these those what when
where whom whose why how our we you he she his her him new now""".split()
WIRE_CITIES = ["LONDON", "NEW YORK", "TOKYO", "WASHINGTON", "CHICAGO", "PARIS",
               "FRANKFURT", "SYDNEY", "TORONTO", "HONG KONG", "ZURICH", "MADRID"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept",
          "Oct", "Nov", "Dec"]
TOPICS = ["earn", "acq", "money-fx", "grain", "crude", "trade", "interest",
          "ship", "wheat", "corn", "sugar", "coffee", "gold", "gnp", "cpi"]

DOCS_PER_COPY = 23803           # articles in one copy of Reuters-21578 + BBC
FEATURE_SHARE = 0.093           # BBC's share of those articles
EMPTY_WIRE_TEXT = 0.083         # Reuters articles without a body
TEXT_BYTES_PER_MENTION = 250.0  # one name inserted per this many bytes of text
TITLE_MENTION_RATE = 0.46       # mentions per title
TYPE_SHARE = [("COUNTRY", 0.640), ("ORG", 0.318), ("PERSON", 0.035), ("PLACE", 0.007)]


def gazetteer_names(gdir):
    """type -> ([names], [aliases]), unflagged ones only, in file order."""
    names = {}
    for fn in sorted(os.listdir(gdir)):
        if not fn.endswith(".tsv"):
            continue
        header = None
        with open(os.path.join(gdir, fn), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                fields = line.split("\t")
                if header is None:
                    header = fields
                    continue
                row = dict(zip(header, fields))
                # Flagged names are demonyms, ambiguous or case-restricted:
                # leave them out, the plain ones match under the default rules.
                pair = names.setdefault(row["type"], ([], []))
                if "{" not in row["name"]:
                    pair[0].append(row["name"])
                pair[1].extend(a for a in row.get("aliases", "").split("|") if a and "{" not in a)
    return names


class MentionPicker:
    """Draws gazetteer names by type share, each type Zipf-distributed."""

    def __init__(self, rng, names):
        self.rng = rng
        self.types, self.type_cum, self.pools = [], [], {}
        total = 0.0
        for t, share in TYPE_SHARE:
            if t not in names:
                continue
            # Names first, then aliases, each shuffled: the frequent mentions
            # are mostly canonical names, as in news.
            pool_names, pool_aliases = list(names[t][0]), list(names[t][1])
            rng.shuffle(pool_names)
            rng.shuffle(pool_aliases)
            pool = pool_names + pool_aliases
            weights = [1.0 / (i + 1) ** 1.1 for i in range(len(pool))]
            cum, acc = [], 0.0
            for w in weights:
                acc += w
                cum.append(acc)
            self.pools[t] = (pool, cum)
            total += share
            self.types.append(t)
            self.type_cum.append(total)

    def pick(self):
        r = self.rng.random() * self.type_cum[-1]
        t = next(t for t, c in zip(self.types, self.type_cum) if r <= c)
        pool, cum = self.pools[t]
        x = self.rng.random() * cum[-1]
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return pool[lo]


def sentence(rng, picker, p_mention):
    n = rng.randint(8, 28)
    words = []
    for i in range(n):
        r = rng.random()
        if r < p_mention:
            words.append(picker.pick())
        elif r < p_mention + 0.05:
            words.append(str(rng.randint(1, 999)) + rng.choice(["", ".5", ",000", " pct"]))
        else:
            w = rng.choice(VOCAB)
            words.append(w.capitalize() if i == 0 else w)
    return " ".join(words) + "."


def body(rng, picker, target, wire):
    """About target bytes of sentences, in paragraphs."""
    if target <= 0:
        return ""
    # A word averages about 6 bytes with its space.
    p_mention = 6.0 / TEXT_BYTES_PER_MENTION
    out, size, in_par = [], 0, 0
    while size < target:
        s = sentence(rng, picker, p_mention)
        if in_par >= rng.randint(2, 5):
            sep = "\n    " if wire else "\n\n"
            in_par = 0
        else:
            sep = " " if out else ""
        out.append(sep + s)
        size += len(sep) + len(s.encode("utf-8"))
        in_par += 1
    return "".join(out)


def title(rng, picker, wire):
    words = [rng.choice(VOCAB) for _ in range(rng.randint(3, 8))]
    if rng.random() < TITLE_MENTION_RATE:
        words.insert(rng.randint(0, len(words)), picker.pick())
    if wire:
        return " ".join(words).upper()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def article(rng, picker, k):
    """One article as a JSON object without its id."""
    wire = rng.random() >= FEATURE_SHARE
    if wire:
        length = 0 if rng.random() < EMPTY_WIRE_TEXT else int(
            min(14000, max(40, rng.lognormvariate(math.log(450), 1.0))))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        doc = {"title": title(rng, picker, True),
               "date": "1987-%02d-%02dT%02d:%02d:%02d" % (month, day, rng.randint(0, 23),
                                                         rng.randint(0, 59), rng.randint(0, 59)),
               "date_raw": "%02d-%s-1987" % (day, MONTHS[month - 1][:3].upper()),
               "newid": k + 1, "oldid": 5000 + 3 * k, "type": "NORM",
               "lewissplit": rng.choice(["TRAIN", "TEST", "NOT-USED"]),
               "cgisplit": rng.choice(["TRAINING-SET", "PUBLISHED-TESTSET"]),
               "dateline": "%s, %s %d -" % (rng.choice(WIRE_CITIES), MONTHS[month - 1], day),
               "topics": rng.sample(TOPICS, rng.randint(0, 3)),
               "places": [], "people": [], "orgs": [], "exchanges": [], "companies": [],
               "topics_attr": rng.choice(["YES", "NO"]),
               "source_file": "synthetic/wire-%03d.sgm" % (k // 1000),
               "text": body(rng, picker, length, True)}
    else:
        length = int(min(25000, max(500, rng.lognormvariate(math.log(1950), 0.45))))
        doc = {"title": title(rng, picker, False), "date": None,
               "category": rng.choice(["business", "politics", "sport", "tech"]),
               "source_file": "synthetic/%03d.txt" % (k % 1000),
               "text": body(rng, picker, length, False)}
    return json.dumps(doc, ensure_ascii=False)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="OUT.jsonl, or OUT.jsonl.gz for gzip -6")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--docs", type=int, default=DOCS_PER_COPY)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--gazetteers", default=os.path.join(here, "..", "gazetteers"))
    args = ap.parse_args()

    rng = random.Random(args.seed)
    picker = MentionPicker(rng, gazetteer_names(args.gazetteers))
    # Each article is stored without its opening brace and id.
    rest = [article(rng, picker, k)[1:] for k in range(args.docs)]

    tmp = args.out + ".tmp"
    with open(tmp, "wb") as raw:
        gz = None
        if args.out.endswith(".gz"):
            gz = subprocess.Popen(["gzip", "-6", "-n"], stdin=subprocess.PIPE, stdout=raw)
            sink = gz.stdin
        else:
            sink = raw
        for c in range(1, args.copies + 1):
            chunk = "".join('{"id": "c%d-syn-%d", %s\n' % (c, k + 1, r) for k, r in enumerate(rest))
            sink.write(chunk.encode("utf-8"))
        if gz:
            gz.stdin.close()
            if gz.wait() != 0:
                sys.exit("make_synthetic_corpus: gzip failed")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
