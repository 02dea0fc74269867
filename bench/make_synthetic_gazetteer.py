#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a synthetic gazetteer with exactly K aliases, for measuring how load
time and tagging speed depend on the size of the gazetteer.

usage: make_synthetic_gazetteer.py K OUT.tsv [--countries COUNTRIES.tsv] [--seed S]

The file is in the format entidx reads (gazetteers/README.md): a header
`id type name aliases`, then one entity per line. It holds

  - every country of COUNTRIES.tsv (default: the shipped gazetteers/countries.tsv)
    with its `name` only, no aliases and no attributes, so that a news corpus
    has the same hits whatever K is (255 aliases), then
  - synthetic ORG and PERSON entities made of random syllables ("Valomir
    Trezan", "Kodessa Baruni Holdings") with 0 to 2 extra aliases each, until
    the file has K names and aliases in all.

Every name and alias is unique after lower-casing, so no two entities share an
alias. The output depends only on K, the seed and the countries file: the same
arguments give the same bytes. Needs Python 3 only.
"""
import argparse
import os
import random
import sys

ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "br", "dr", "gr", "kr", "tr", "st", "sh", "ch", "th", "pl"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ia", "ou"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "th", "nd"]
ORG_SUFFIXES = ["Group", "Holdings", "Bank", "Corporation", "Airlines", "Energy",
                "Foundation", "Institute", "Partners", "Industries", "Motors",
                "Telecom", "Capital", "Agency", "Council", "Union"]
LEGAL_FORMS = ["Inc.", "Ltd.", "AG", "S.A.", "plc", "GmbH", "N.V.", "Co."]


def word(rng, syllables):
    """A capitalised made-up word of the given number of syllables."""
    parts = []
    for i in range(syllables):
        parts.append(rng.choice(ONSETS) + rng.choice(VOWELS))
        if i == syllables - 1:
            parts.append(rng.choice(CODAS))
    return "".join(parts).capitalize()


def person(rng):
    """(name, [aliases]) of a made-up person."""
    given, family = word(rng, rng.randint(2, 3)), word(rng, rng.randint(2, 4))
    name = given + " " + family
    aliases = []
    r = rng.random()
    if r < 0.4:
        aliases.append(given + " " + word(rng, 2) + " " + family)
    if r < 0.15:
        aliases.append(given[0] + ". " + family)
    return name, aliases


def org(rng):
    """(name, [aliases]) of a made-up organisation."""
    words = [word(rng, rng.randint(2, 3)) for _ in range(rng.randint(1, 2))]
    name = " ".join(words + [rng.choice(ORG_SUFFIXES)])
    aliases = []
    r = rng.random()
    if r < 0.5:
        aliases.append(name + " " + rng.choice(LEGAL_FORMS))
    if r < 0.2 and len(words) > 1:
        aliases.append(" ".join(words))  # never a single word: made-up words can be real ones
    return name, aliases


def country_names(path):
    """(id, name) of every country row in a gazetteer file, flags removed."""
    out, header = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            out.append((row["id"], row["name"].split("{")[0]))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("k", type=int, help="number of names and aliases in all")
    ap.add_argument("out", help="the TSV file to write")
    ap.add_argument("--countries", default=os.path.join(here, "..", "gazetteers", "countries.tsv"))
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    countries = country_names(args.countries)
    if args.k < len(countries):
        sys.exit("make_synthetic_gazetteer: K must be at least %d (the country names)" % len(countries))

    rng = random.Random(args.seed)
    seen = {name.lower() for _, name in countries}
    n_aliases = len(countries)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Synthetic gazetteer for benchmarks: %d names and aliases, seed %d.\n"
                % (args.k, args.seed))
        f.write("# Written by bench/make_synthetic_gazetteer.py; not real entities except the countries.\n")
        f.write("id\ttype\tname\taliases\n")
        for cid, name in countries:
            f.write("%s\tCOUNTRY\t%s\t\n" % (cid, name))
        serial = 0
        while n_aliases < args.k:
            kind = "PERSON" if rng.random() < 0.5 else "ORG"
            name, aliases = person(rng) if kind == "PERSON" else org(rng)
            if name.lower() in seen:
                continue
            kept = []
            for a in aliases:
                if a.lower() not in seen and n_aliases + 1 + len(kept) < args.k:
                    seen.add(a.lower())
                    kept.append(a)
            seen.add(name.lower())
            serial += 1
            f.write("SYN_%s_%07d\t%s\t%s\t%s\n" % (kind[:3], serial, kind, name, "|".join(kept)))
            n_aliases += 1 + len(kept)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
