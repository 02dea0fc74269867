#!/usr/bin/env python3
"""Build the shipped entidx gazetteers from open data.

Usage: python3 gazetteers/build/build.py [SOURCES_DIR] [OUT_DIR]

  SOURCES_DIR  default: ../shared/data/gazetteer-sources relative to the repository
  OUT_DIR      default: gazetteers/ of the repository

Python 3 standard library only. The output is deterministic (sorted, no
timestamps): running the script twice gives identical bytes.

Derived rows come from the sources listed in gazetteers/SOURCES.md. They are
merged with the hand-curated files in gazetteers/build/curated/:

  countries.tsv, orgs.tsv, people.tsv   rows in the gazetteer format; a row
      whose id (or, for ORG/PERSON, whose name) matches a derived entity
      overrides its name and attributes and adds its aliases; other rows are
      added as they are. Curated aliases win every alias collision.
  drop_aliases.tsv   `id<TAB>alias`: remove this alias from this entity
      (`*` as id: from every entity). Compared after folding.
  common_words.txt   one word a line: single-word names/aliases that are also
      common English words get the {ambiguous} flag, unless curated {cued}
      (country-name translations that are common words are dropped).
  drop_entities.txt  one id a line: derived entities not to ship.
  given_names.txt    one given name a line: derived single-word COUNTRY aliases
      and translations equal to one are not used (Dominique, Maurice, Malte).
  places.tsv         hand-written PLACE rows, written to OUT_DIR/places.tsv.
  person_words.txt   one word a line: single-word names and aliases that are
      also common personal names (Jordan, Chad) get the {person} flag.

Derived all-capitals aliases of <= 3 letters are flagged {ambiguous} unless
they are the entity's name or the entity is curated.

Alias collisions (two entities sharing an alias after folding case, accents
and dots) are resolved by source priority: curated > derived names > derived
aliases > translations/former names. A lower-priority alias loses (is
removed); equal priority means the name really is shared in the world and
both sides get {ambiguous} (translations and former names are dropped
instead); a name every side flags {ambiguous} or {cued} is shared as it is
(cue words tell the cued ones apart: the Labour Parties), and so is one whose
highest-priority sides are all {cued} (the others get {ambiguous}). A derived
entity whose own name loses to a higher-priority alias of another entity is
not shipped. Party names several countries' organisations share are then
{cued} with their countries' words (cue_shared_names()). The build prints a summary on stderr.
"""

import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CURATED = os.path.join(HERE, "curated")

P_CURATED, P_NAME, P_ALIAS, P_WEAK = 3, 2, 1, 0
# Derived all-capitals aliases that also occur as everyday capitals (legal forms,
# units, words in headlines); such aliases get {ambiguous}.
RISKY_CAPS = {"inc", "plc", "ag", "sa", "nv", "ltd", "co", "corp", "pct", "the", "be", "share",
              "pact", "bbb", "aa", "and", "or", "for", "new", "all", "one", "pm", "am", "ceo",
              "cfo", "gdp", "usd", "eur", "ok", "vat", "tax", "oil", "gas", "net", "up", "us",
              "can", "may", "are", "not", "but", "any", "off", "out", "see", "act", "aid", "art",
              "bar", "bid", "cap", "car", "cut", "fed", "fit", "key", "law", "max", "mid", "mix",
              "pay", "per", "pro", "run", "set", "sun", "tip", "top", "war", "win", "yes", "now"}
STATS = {"translations_skipped": 0, "given_name_aliases_dropped": 0, "short_caps_flagged": 0}
MAX_WORDS = 14  # the loader accepts names of at most 16 words
LANGS = ["de", "fr", "es", "it", "pt", "nl"]
FLAG_ORDER = ["demonym", "ambiguous", "exact", "anycase", "stem", "person", "cued"]


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------- folding

def strip_accents(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def fold(s):
    """Matching key: case, accents and dots folded, hyphens split tokens."""
    s = strip_accents(s).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = s.replace(".", "")
    s = re.sub(r"[-\u2010-\u2015/]", " ", s)
    s = re.sub(r"[^\w\s]", "", s)  # the loader ignores other punctuation
    return " ".join(s.split())


def ascii_slug(s):
    s = strip_accents(s)
    s = s.replace("&", " AND ").replace("'", "").replace("\u2019", "")
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").upper()
    return s or "X"


def clean(s):
    s = unicodedata.normalize("NFC", s or "")
    s = s.replace("\u00a0", " ").replace("\t", " ")
    s = "".join(c for c in s if unicodedata.category(c)[0] != "C")
    s = s.replace("|", "/").replace("{", "(").replace("}", ")")
    return " ".join(s.split())


def is_latin(s):
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def split_flags(s):
    m = re.match(r"^(.*?)\{([a-z,]+)\}$", s)
    if m:
        return m.group(1), set(f for f in m.group(2).split(",") if f)
    return s, set()


def with_flags(text, flags):
    fl = [f for f in FLAG_ORDER if f in flags]
    return text + ("{" + ",".join(fl) + "}" if fl else "")


def single_word(s):
    return len(fold(s).split()) == 1


def all_caps(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ---------------------------------------------------------------- model

class Entity:
    def __init__(self, eid, etype, name, attrs, prio, source):
        self.id = eid
        self.type = etype
        self.name = None
        self.attrs = dict(attrs)
        self.sources = {source}
        self.aliases = {}  # text -> [prio, flags, is_name_candidate]
        self.curated_name = False
        self.set_name(name, prio)

    def set_name(self, name, prio, flags=()):
        name = clean(name)
        self.name = name
        self.add(name, prio, flags)

    def add(self, text, prio, flags=()):
        text = clean(text)
        if len(text) < 2 and not text.isdigit():
            return
        if not fold(text) or len(fold(text).split()) > MAX_WORDS:
            return
        cur = self.aliases.get(text)
        flags = set(flags)
        if cur is None:
            self.aliases[text] = [prio, flags]
        else:
            # a plain (non-demonym) use of the same text wins: "Kosovo" is a name
            if "demonym" in cur[1] and "demonym" not in flags and cur[0] != P_CURATED:
                cur[1].discard("demonym")
            if "demonym" in flags and "demonym" not in cur[1]:
                flags.discard("demonym")
            if prio > cur[0]:
                cur[0] = prio
                if prio == P_CURATED:
                    cur[1] = set(flags)
                    return
            if cur[0] != P_CURATED or prio == P_CURATED:
                cur[1] |= set(flags)

    def keys(self):
        return {fold(t) for t in self.aliases}


class Registry:
    def __init__(self):
        self.ents = {}
        self.by_type_key = {}  # (type, key) -> set(ids) for merge lookups

    def index(self, e):
        for t in e.aliases:
            self.by_type_key.setdefault((e.type, fold(t)), set()).add(e.id)

    def get(self, eid):
        return self.ents.get(eid)

    def put(self, e):
        assert e.id not in self.ents, e.id
        self.ents[e.id] = e
        self.index(e)

    def find(self, etype, text, pred=None):
        ids = sorted(self.by_type_key.get((etype, fold(text)), ()))
        for i in ids:
            e = self.ents.get(i)
            if e is not None and (pred is None or pred(e)):
                return e
        return None

    def unique_id(self, base, suffixes=()):
        if base not in self.ents:
            return base
        for s in suffixes:
            cand = base + "_" + s
            if cand not in self.ents:
                return cand
        n = 2
        while "%s_%d" % (base, n) in self.ents:
            n += 1
        return "%s_%d" % (base, n)


# ---------------------------------------------------------------- readers

def read_tsv(path):
    rows = []
    header = None
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            rows.append(dict(zip(header, fields + [""] * (len(header) - len(fields)))))
    return rows


def read_lines(path):
    out = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    out.append(line)
    return out


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- countries

US_STATES = set("""Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania
Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming""".split()) | {
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Rhode Island", "South Carolina", "South Dakota", "West Virginia", "District of Columbia",
    "Washington, D.C.", "D.C."}


def good_country_alias(s, codes):
    if not s or any(ch in s for ch in ",;()/[]"):
        return False
    if not is_latin(s):
        return False
    if s.upper() in codes and all_caps(s):  # bare ISO codes (DE, DEU)
        return False
    return True


def build_countries(src, reg, common, given):
    codes = load_json(os.path.join(src, "countries/npm-i18n-iso-countries/codes.json"))
    a2_to_a3, a3_attrs = {}, {}
    for a2, a3, num, *_ in codes:
        a2_to_a3[a2] = a3
        a3_attrs[a3] = {"alpha2": a2, "numeric": num}
    # codes.json also lists Kosovo (XK / XKK / 983): user-assigned codes, not ISO.
    allcodes = set(a2_to_a3) | set(a3_attrs)

    wc = {c["cca3"] if c["cca3"] != "UNK" else "XKK": c
          for c in load_json(os.path.join(src, "countries/npm-world-countries/countries.json"))}
    en = load_json(os.path.join(src, "countries/npm-i18n-iso-countries/langs/en.json"))["countries"]

    def en_names(a2):
        v = en.get(a2)
        return [] if v is None else (v if isinstance(v, list) else [v])

    tr_langs = {lang: load_json(os.path.join(src, "countries/npm-i18n-iso-countries/langs/%s.json" % lang))
                for lang in LANGS}
    pending_tr = []
    for a3 in sorted(a3_attrs):
        a2 = a3_attrs[a3]["alpha2"]
        name = None
        if a3 in wc:
            name = wc[a3]["name"]["common"]
        if not name:
            name = [n for n in en_names(a2) if good_country_alias(n, allcodes)][-1]
        e = reg.get(a3)
        if e is None:
            e = Entity(a3, "COUNTRY", name, a3_attrs[a3], P_NAME, "derived")
            reg.put(e)
        else:
            e.add(name, P_NAME)
            for k, v in a3_attrs[a3].items():
                if not e.attrs.get(k):
                    e.attrs[k] = v
        # English names (MIT, i18n-iso-countries)
        for n in en_names(a2):
            if good_country_alias(n, allcodes):
                e.add(n, P_NAME)
        # world-countries (ODbL): official name, alt spellings, demonyms
        if a3 in wc:
            c = wc[a3]
            if good_country_alias(c["name"]["official"], allcodes):
                e.add(c["name"]["official"], P_NAME)
            for alt in c.get("altSpellings", []):
                if good_country_alias(alt, allcodes) and is_latin(alt):
                    e.add(alt, P_ALIAS)
            dem = c.get("demonyms", {}).get("eng", {})
            for g in ("m", "f"):
                d = dem.get(g)
                if d and good_country_alias(d, allcodes):
                    e.add(d, P_ALIAS, {"demonym"})
        # translations (MIT, i18n-iso-countries): Latin script only; added at the end
        for lang in LANGS:
            v = tr_langs[lang]["countries"].get(a2)
            for n in ([] if v is None else (v if isinstance(v, list) else [v])):
                if good_country_alias(n, allcodes):
                    pending_tr.append((e, n))
        reg.index(e)

    # datasets/country-codes (PDDL): UN terminology names, CLDR name; FIPS crosswalk
    fips = {"KV": "XKK"}
    with open(os.path.join(src, "countries/github-datasets-country-codes/country-codes.csv"),
              encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            a3 = r["ISO3166-1-Alpha-3"]
            if r["FIPS"]:
                fips[r["FIPS"].upper()] = a3
            e = reg.get(a3)
            if e is None:
                continue
            for col in ("UNTERM English Short", "UNTERM English Formal", "official_name_en",
                        "CLDR display name"):
                n = re.sub(r"^the ", "", r.get(col, "").strip())
                if n and good_country_alias(n, allcodes):
                    e.add(n[0].upper() + n[1:], P_NAME)
            reg.index(e)

    # CIA World Factbook (public domain / CC0): names, former names, demonyms
    for r in read_tsv(os.path.join(src, "cia-factbook/country_names.tsv")):
        a3 = fips.get(r["gec"].upper())
        e = reg.get(a3) if a3 else None
        if e is None or r["value"].strip().lower() == "none":
            continue
        field, val = r["field"], r["value"]
        val = re.sub(r"\([^)]*\)", "", val)
        if field in ("conventional long form", "conventional short form"):
            if good_country_alias(val.strip(), allcodes):
                e.add(val.strip(), P_NAME)
        elif field == "abbreviation":
            for part in re.split(r",|\bor\b", val):
                part = part.strip()
                if part and good_country_alias(part, allcodes):
                    e.add(part, P_ALIAS)
        elif field == "former":
            for part in val.split(","):
                part = part.strip()
                if part and good_country_alias(part, allcodes):
                    e.add(part, P_WEAK)
        reg.index(e)

    for r in read_tsv(os.path.join(src, "cia-factbook/nationalities.tsv")):
        a3 = fips.get(r["gec"].upper())
        e = reg.get(a3) if a3 else None
        if e is None:
            continue
        for col in ("noun", "adjective"):
            for d in demonym_forms(r[col]):
                if good_country_alias(d, allcodes):
                    e.add(d, P_ALIAS, {"demonym"})
        reg.index(e)

    # i18n-nationality (MIT): English nationality adjectives
    nat = load_json(os.path.join(src, "countries/npm-i18n-nationality/langs/en.json"))["nationalities"]
    for a2 in sorted(nat):
        a3 = a2_to_a3.get(a2)
        e = reg.get(a3) if a3 else None
        v = nat[a2]
        for d in (v if isinstance(v, list) else [v]):
            if e is not None and d and good_country_alias(d, allcodes):
                e.add(d, P_ALIAS, {"demonym"})
        if e is not None:
            reg.index(e)

    # Translations last, so that they can be checked against everything else.
    # Policy (README "Country-name translations"): a de/fr/es/it/pt/nl name is
    # used when it is several words, or a single word that is new and is not a
    # common English word (common_words.txt), not a given name (given_names.txt)
    # and not an English demonym of the country ("Argentine" stays a demonym).
    # Single words that are other places, clubs or brands are listed in
    # drop_aliases.tsv.
    for e, n in pending_tr:
        k = fold(n)
        if single_word(n) and k not in {fold(t) for t in e.aliases if e.aliases[t][0] >= P_NAME}:
            if k in common or k in given:
                STATS["translations_skipped"] += 1
                continue
            if any(fold(t) == k and "demonym" in fl for t, (_, fl) in e.aliases.items()):
                STATS["translations_skipped"] += 1
                continue
        e.add(n, P_WEAK)
        reg.index(e)
    return fips, a2_to_a3


def demonym_forms(raw):
    out = []
    raw = re.sub(r"\((singular|plural|singular and plural)\)", "", raw)
    raw = re.sub(r"\bnote\b.*$", "", raw)
    for part in re.split(r",|;|\bor\b|\band\b|/", raw):
        part = part.strip()
        if not part or part.lower() in ("none", "na"):
            continue
        if "(" in part or ")" in part:
            m = re.match(r"^(.*?)\((\w+)\)$", part)
            if m:  # German(s), Dutchman(men)
                base, suf = m.group(1).strip(), m.group(2)
                out.append(base)
                if suf in ("men", "women") and base.endswith(suf[:-2] + "an"):
                    out.append(base[:-len(suf)] + suf)
                else:
                    out.append(base + suf)
            continue
        out.append(part)
    return [o for o in out if o and o[0].isupper()]


# ---------------------------------------------------------------- organisations

LEGAL_SUFFIX = re.compile(
    r",?\s+(Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Companies|plc|PLC|Ltd\.?|Limited|"
    r"N\.V\.|S\.A\.|AG|SE|LLC|L\.P\.|LP|Holdings?|Group|Trust)$")


def strip_legal(name):
    prev = None
    while prev != name:
        prev = name
        m = LEGAL_SUFFIX.search(name)
        if m and len(name[:m.start()].strip()) >= 2:
            name = name[:m.start()].strip().rstrip(",")
    return name


def org_id(reg, base_text, suffixes=()):
    return reg.unique_id("ORG_" + ascii_slug(base_text), suffixes)


def add_or_merge_org(reg, name, aliases, country, source, pred=None, id_hint=None, id_suffixes=()):
    """aliases: list of (text, prio, flags). Merge into an existing ORG with the same name."""
    if len(fold(name).split()) > MAX_WORDS:
        short = [t for t, _, _ in aliases if len(fold(t).split()) <= MAX_WORDS and not all_caps(t)]
        if not short:
            return None
        name = short[0]
    e = reg.find("ORG", name, pred)
    if e is None:
        e = Entity(org_id(reg, id_hint or name, id_suffixes), "ORG", name,
                   {"country": country or ""}, P_NAME, source)
        reg.put(e)
    else:
        e.sources.add(source)
        e.add(name, P_NAME)
        if country and not e.attrs.get("country"):
            e.attrs["country"] = country
    for text, prio, flags in aliases:
        e.add(text, prio, flags)
    reg.index(e)
    return e


def build_orgs(src, reg, fips):
    # SupraVerden (CC BY-SA 4.0): international organisations
    groups = {}
    for r in read_tsv(os.path.join(src, "organisations/github-supraverden/aliases.tsv")):
        groups.setdefault(r["sprvd_id"], []).append(r)
    for sid in sorted(groups):
        rows = groups[sid]
        name = clean(rows[0]["name_en"])
        if not name or not is_latin(name):
            continue
        aliases, abbr = [], None
        for r in rows:
            kind, lang, alias = r["kind"], r["lang"], clean(r["alias"])
            if not alias or not is_latin(alias) or any(ch in alias for ch in "()[];"):
                continue
            if kind == "abbreviation_en":
                abbr = abbr or alias
                aliases.append((alias, P_ALIAS, ()))
            elif kind in ("name_other_en", "abbreviation_other_en"):
                aliases.append((alias, P_ALIAS, ()))
            elif kind.startswith("name_") and lang in LANGS:
                aliases.append((alias, P_WEAK, ()))
        hint = abbr if abbr and len(abbr) <= 12 and re.match(r"^[A-Za-z0-9.&\- ]+$", abbr) else name
        e = reg.find("ORG", name)
        if e is None and abbr:
            e = reg.find("ORG", abbr, lambda x: not x.attrs.get("country") and "curated" in x.sources)
            if e is not None:
                name = e.name
        add_or_merge_org(reg, name, aliases, "", "supraverden", id_hint=hint,
                         id_suffixes=[ascii_slug(rows[0]["name_en"])])

    # dieghernan / CIA Factbook Appendix B (MIT / public domain): IGO abbreviations
    for r in read_tsv(os.path.join(src, "organisations/github-dieghernan-country-orgs/orgs_list.tsv")):
        name, abbr = clean(r["name"]), clean(r["abbreviation"])
        if not name or any(ch in name for ch in "()[];"):
            continue
        e = reg.find("ORG", name)
        if e is None and abbr:
            e = reg.find("ORG", abbr, lambda x: not x.attrs.get("country"))
            if e is not None:
                name = e.name
        add_or_merge_org(reg, name, [(abbr, P_ALIAS, ())] if abbr and abbr != name else [],
                         "", "dieghernan", id_hint=abbr if abbr and len(abbr) <= 12 else name,
                         id_suffixes=[ascii_slug(name)])

    # CIA World Factbook political parties (public domain)
    seen = set()
    for r in read_tsv(os.path.join(src, "cia-factbook/parties.tsv")):
        a3 = fips.get(r["gec"].upper())
        if not a3 or not reg.get(a3):
            continue
        raw = clean(r["party"]).split(";")[0]
        raw = re.sub(r"\s*\[[^\]]*\]", "", raw)
        parts = [p.strip() for p in re.split(r"\s+or\s+", raw) if p.strip()]
        names = []
        for p in parts:
            base = re.sub(r"\s*\([^)]*\)", "", p).strip()
            inner = [x.strip() for x in re.findall(r"\(([^)]*)\)", p)]
            for x in [base] + inner:
                x = x.replace('"', "").strip(" ,.-:'")
                if x and x[0].isupper() and not any(ch in x for ch in "()[]") \
                        and not re.match(r"^[0-9 ]+$", x) and not re.search(r"\b(formerly|also known|note|coalition of|includes?|led by|alliance of)\b", x, re.I) \
                        and is_latin(x) and len(x) <= 90 and "," not in x:
                    names.append(x)
        abbr = clean(r["abbreviation"])
        if not names:
            continue
        # prefer a name that is not the bare abbreviation as display name
        full = [n for n in names if not (all_caps(n) and len(n) <= 8)]
        name = full[0] if full else names[0]
        key = (a3, fold(name))
        aliases = [(n, P_ALIAS, ()) for n in names if n != name]
        if abbr and is_latin(abbr) and len(abbr) <= 15:
            # party abbreviations (INC, PCT, EC, S, PLC...) collide with everyday capitals
            # in headlines and company names: listed, but off unless asked for
            aliases.append((abbr, P_ALIAS, ("ambiguous",)))
        if key in seen:
            e = reg.find("ORG", name, lambda x: x.attrs.get("country") == a3 and "cia-parties" in x.sources)
            if e:
                for t, p, fl in aliases:
                    e.add(t, p, fl)
                reg.index(e)
                continue
        seen.add(key)
        add_or_merge_org(reg, name, aliases, a3, "cia-parties",
                         pred=lambda x, a3=a3: x.attrs.get("country") in ("", a3),
                         id_hint=name + " " + a3)

    # S&P 500 constituents (PDDL): large US-listed companies
    country_names = {}
    for e in reg.ents.values():
        if e.type == "COUNTRY":
            for t in e.aliases:
                country_names.setdefault(fold(t), e.id)
    with open(os.path.join(src, "organisations/companies-sp500/constituents.csv"),
              encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (r["Security"], r["Symbol"]))
    for r in rows:
        legal = clean(re.sub(r"\s*\(Class [A-Z]\)", "", r["Security"]))
        name = strip_legal(legal)
        hq = [x.strip() for x in r["Headquarters Location"].split(",")]
        last = hq[-1] if hq else ""
        country = "USA" if last in US_STATES else country_names.get(fold(last), "")
        aliases = [(legal, P_NAME, ())] if legal != name else []
        add_or_merge_org(reg, name, aliases, country, "sp500")


# ---------------------------------------------------------------- people

def person_id(reg, name):
    return reg.unique_id("PER_" + ascii_slug(name))


def add_or_merge_person(reg, name, aliases, country, source, pred=None):
    if single_word(name):
        return None
    e = reg.find("PERSON", name, pred)
    for text, _ in aliases:
        if e is None and not single_word(text):
            e = reg.find("PERSON", text, pred)
    if e is None:
        e = Entity(person_id(reg, name), "PERSON", name, {"country": country or ""}, P_NAME, source)
        reg.put(e)
    else:
        e.sources.add(source)
        e.add(name, P_NAME)
        if country and not e.attrs.get("country"):
            e.attrs["country"] = country
    for text, prio in aliases:
        if not single_word(text):
            e.add(text, prio)
    reg.index(e)
    return e


def fix_case(tok):
    # "J.m." -> "J.M."; "Mcdonald" stays; keep particles lower-case
    if re.match(r"^([A-Za-z]\.)+[A-Za-z]?\.?$", tok):
        return tok.upper()
    if tok in ("Bin", "Bint", "Ibn", "Al-", "De", "Da", "Van", "Von", "Der", "Del", "Di"):
        return tok.lower()
    return tok


TITLES = re.compile(r"^(Governor-General|Governor General|Air Vice-Marshal|Vice-Admiral|Admiral|"
                    r"General|Lieutenant General|Major General|Brigadier|Dr\.?|Sir|Dame|Lord|"
                    r"Sheikh|Shaykh|Prince|King|Queen|Emir|Sultan)\s+")


def leader_names(raw, disp):
    """Display name and variants from the Factbook's CAPS-surname form."""
    disp = " ".join(fix_case(t) for t in disp.split())
    raw_t = raw.split()
    while True:
        m = TITLES.match(disp)
        if not m:
            break
        n = len(m.group(0).split())
        disp = disp[m.end():]
        raw_t = raw_t[n:]
    variants = []
    caps = [i for i, t in enumerate(raw_t) if all_caps(t) and len(re.sub(r"\W", "", t)) > 1]
    toks = disp.split()
    if caps and len(toks) == len(raw_t) and len(toks) >= 3:
        first_cap, last_cap = caps[0], caps[-1]
        if first_cap > 0:
            # given name(s) then SURNAME [maternal name]: "Claudia SHEINBAUM Pardo"
            v = [toks[0]] + toks[first_cap:last_cap + 1]
            if len(v) >= 2:
                variants.append(" ".join(v))
            if last_cap < len(toks) - 1:
                variants.append(" ".join(toks[:last_cap + 1]))
            if last_cap > first_cap:  # given name + paternal surname: "Pedro SANCHEZ PEREZ-CASTEJON"
                variants.append(" ".join([toks[0], toks[first_cap]]))
            elif "-" in toks[first_cap]:
                variants.append(" ".join([toks[0], toks[first_cap].split("-")[0]]))
    return disp, [v for v in variants if v != disp]


def build_people(src, reg, fips):
    # CIA World Factbook world leaders (public domain)
    rows = read_tsv(os.path.join(src, "cia-factbook/leaders.tsv"))
    rows.sort(key=lambda r: (r["role"].endswith("(representative)"), r["gec"], r["role"], r["name"]))
    for r in rows:
        a3 = fips.get(r["gec"].upper())
        if not a3:
            continue
        name, variants = leader_names(clean(r["name_raw"]), clean(r["name"]))
        if not name or single_word(name) or not is_latin(name):
            continue
        add_or_merge_person(reg, name, [(v, P_ALIAS) for v in variants], a3, "cia-leaders")

    # US Congress legislators + presidents/vice presidents (CC0)
    rows = read_tsv(os.path.join(src, "people/us-congress-legislators/people.tsv"))
    seen = set()
    for r in sorted(rows, key=lambda r: (r["wikidata"], r["bioguide"], r["official_full"], r["first"], r["last"])):
        key = r["wikidata"] or r["bioguide"] or (r["first"] + " " + r["last"])
        if key in seen:
            continue
        seen.add(key)
        variants = [v.strip() for v in r["variants"].split("|") if v.strip()]
        name = clean(r["official_full"]) or (variants[0] if variants else clean(r["first"] + " " + r["last"]))
        if r["nickname"] and r["last"]:
            nick = clean(r["nickname"] + " " + r["last"] + (" " + r["suffix"] if r["suffix"] else ""))
            if nick not in variants:
                variants.append(nick)
        add_or_merge_person(reg, name, [(v, P_NAME) for v in variants if v != name], "USA", "congress",
                            pred=lambda x: x.attrs.get("country") in ("", "USA"))


# ---------------------------------------------------------------- curated

def load_curated(reg, fname, etype, attr_cols):
    path = os.path.join(CURATED, fname)
    if not os.path.exists(path):
        return
    for r in read_tsv(path):
        name, nflags = split_flags(r["name"].strip())
        e = reg.get(r["id"])
        attrs = {c: r.get(c, "").strip() for c in attr_cols}
        if e is None:
            e = Entity(r["id"], r["type"] or etype, name, attrs, P_CURATED, "curated")
            reg.ents[e.id] = e
        else:
            for c, v in attrs.items():
                if v:
                    e.attrs[c] = v
            e.sources.add("curated")
        e.set_name(name, P_CURATED, nflags)
        e.curated_name = True
        for a in (r.get("aliases") or "").split("|"):
            a = a.strip()
            if a:
                t, fl = split_flags(a)
                e.add(t, P_CURATED, fl)
        reg.index(e)


# ---------------------------------------------------------------- resolution

def apply_drops(reg):
    drops = []
    path = os.path.join(CURATED, "drop_aliases.tsv")
    for line in read_lines(path):
        parts = line.split("\t")
        if len(parts) >= 2:
            drops.append((parts[0].strip(), fold(parts[1])))
    for eid, key in drops:
        targets = reg.ents.values() if eid == "*" else [reg.ents[eid]] if eid in reg.ents else []
        for e in targets:
            for t in list(e.aliases):
                if fold(t) == key and e.aliases[t][0] != P_CURATED and t != e.name:
                    del e.aliases[t]
    for eid in read_lines(os.path.join(CURATED, "drop_entities.txt")):
        reg.ents.pop(eid, None)


def drop_given_names(reg, given):
    """Derived single-word country aliases that are given names (Dominique,
    Maurice, Mauricio, Malte...) are not used: a person is far more likely."""
    for e in reg.ents.values():
        if e.type != "COUNTRY":
            continue
        for t in list(e.aliases):
            prio, flags = e.aliases[t]
            if prio < P_CURATED and t != e.name and single_word(t) and fold(t) in given \
                    and fold(t) != fold(e.name):
                del e.aliases[t]
                STATS["given_name_aliases_dropped"] += 1


def flag_person_words(reg, words):
    """Single-word names and aliases that are also people's names (Jordan,
    Chad, Holland) get {person}: the tagger then reads "Neil Jordan" as a
    person and the bare word as that person for the rest of the document."""
    for e in reg.ents.values():
        if e.type not in ("COUNTRY", "ORG"):
            continue
        for t, (prio, flags) in e.aliases.items():
            if single_word(t) and fold(t) in words:
                flags.add("person")


def flag_short_caps(reg):
    """A derived all-capitals alias of at most three letters (BAT, CPI, LAS) is
    flagged {ambiguous} unless it is the entity's own name or the entity is
    curated: such strings are headline words and table abbreviations."""
    for e in reg.ents.values():
        if "curated" in e.sources:
            continue
        for t, (prio, flags) in e.aliases.items():
            letters = re.sub(r"[^A-Za-z]", "", strip_accents(t))
            if prio < P_CURATED and t != e.name and all_caps(t) and len(letters) <= 3 \
                    and "ambiguous" not in flags:
                flags.add("ambiguous")
                STATS["short_caps_flagged"] += 1


def flag_common(reg, common):
    for e in reg.ents.values():
        if e.type == "COUNTRY":
            for t, (prio, flags) in e.aliases.items():
                if "demonym" in flags and prio < P_CURATED and fold(t) in common:
                    flags.add("ambiguous")
            continue
        for t, (prio, flags) in e.aliases.items():
            # (not a curated {cued} alias: its cue words already tell the word apart)
            if single_word(t) and not all_caps(t) and fold(t) in common and "cued" not in flags:
                flags.add("ambiguous")
            elif all_caps(t) and prio < P_CURATED and t != e.name and \
                    (len(fold(t)) <= 2 or fold(t) in common or fold(t) in RISKY_CAPS):
                # a derived acronym that is a word, a legal suffix or one or two letters
                flags.add("ambiguous")


def resolve(reg):
    stats = {"dropped_aliases": 0, "flagged_keys": 0, "dropped_entities": []}
    while True:
        owners = {}
        for e in reg.ents.values():
            for t, (prio, flags) in e.aliases.items():
                k = fold(t)
                cur = owners.setdefault(k, {}).get(e.id)
                best = max(prio, cur[0]) if cur else prio
                owners[k][e.id] = (best, (cur[1] if cur else set()) | flags)
        changed = False
        drop_entities = set()
        for k in sorted(owners):
            ids = owners[k]
            if len(ids) < 2:
                continue
            if all("ambiguous" in fl or "cued" in fl for _, fl in ids.values()):
                continue  # shared, off by default or told apart by cue words
            top = max(p for p, _ in ids.values())
            winners = [i for i, (p, _) in ids.items() if p == top]
            losers = [i for i, (p, _) in ids.items() if p < top]
            if all("cued" in ids[i][1] for i in winners):
                # a cued name (a curated party) is shared with the others, which are off
                # by default (and cued by cue_shared_names() where their country allows)
                for i in losers:
                    for t, (prio, flags) in reg.ents[i].aliases.items():
                        if fold(t) == k and not flags & {"ambiguous", "cued"}:
                            flags.add("ambiguous")
                            changed = True
                continue
            if len(winners) > 1 and top == P_WEAK:
                losers, winners = losers + winners, []
            for i in losers:
                e = reg.ents[i]
                if fold(e.name) == k:
                    if e.curated_name or e.type == "COUNTRY":
                        winners.append(i)  # cannot drop: share it, flagged
                        continue
                    drop_entities.add(i)
                    continue
                for t in list(e.aliases):
                    if fold(t) == k:
                        del e.aliases[t]
                        stats["dropped_aliases"] += 1
                        changed = True
            if len(winners) > 1:
                stats["flagged_keys"] += 1
                for i in winners:
                    e = reg.ents[i]
                    for t, (prio, flags) in e.aliases.items():
                        if fold(t) == k and "ambiguous" not in flags:
                            flags.add("ambiguous")
                            changed = True
                    if top == P_CURATED:
                        log("warning: curated alias %r shared by %s" % (k, sorted(winners)))
        for i in sorted(drop_entities):
            stats["dropped_entities"].append(i)
            del reg.ents[i]
            changed = True
        if not changed:
            return stats


def country_cues(reg, a3):
    """Cue words for a country: its English names and demonyms of one or two
    words that carry no flag of doubt (Britain, British, UK, U.K., Briton;
    Japan, Japanese; New Zealand, South African), not its translations."""
    e = reg.ents.get(a3)
    if e is None or e.type != "COUNTRY":
        return []
    words = []
    for t, (prio, flags) in sorted(e.aliases.items()):
        if flags & {"ambiguous", "cued", "person"} or len(t.split(" ")) > 2 or "-" in t or \
                prio == P_WEAK:  # (translations: Italie, Italien... cost a search each)
            continue
        if not re.fullmatch(r"[^\W_][\w.']*( [^\W_][\w.']*)?", t) or \
                t.lower() in (w.lower() for w in words):
            continue
        words.append(t)
    return words


# Head words of the shared names cue_shared_names() takes: parties' names, not
# shared common words ("Republic", "Together", "Alternative") left {ambiguous}.
PARTY_WORDS = {"party", "democrats", "greens", "liberals", "socialists", "front", "alliance",
               "movement", "union", "coalition", "congress", "league", "rally", "fein"}


def cue_shared_names(reg):
    """A name that several organisations share, each of a country (Democratic
    Party, Conservative Party, Green Party, Democrats), is flagged
    {cued} instead of {ambiguous} for each of them whose country has cue
    words: the document's mentions of the country tell the parties apart. The
    cue words are the country's (country_cues()) and the row's own."""
    owners = {}
    for e in reg.ents.values():
        for t, (prio, flags) in e.aliases.items():
            owners.setdefault(fold(t), set()).add(e.id)
    n_keys = n_ents = 0
    for k in sorted(owners):
        ids = sorted(owners[k])
        if len(ids) < 2 or not set(k.split()) & PARTY_WORDS:
            continue
        ents = [reg.ents[i] for i in ids]
        if any(e.type != "ORG" for e in ents):
            continue
        holders = [(e, t, flags) for e in ents for t, (prio, flags) in e.aliases.items()
                   if fold(t) == k]
        if not all(flags & {"ambiguous", "cued"} for _, _, flags in holders) or \
                any(all_caps(t) for _, t, _ in holders):
            continue
        cued_here = 0
        for e in ents:
            cues = country_cues(reg, e.attrs.get("country", ""))
            if not cues or not any("ambiguous" in flags for e2, _, flags in holders if e2 is e):
                continue
            own = [c for c in e.attrs.get("cues", "").split("|") if c]
            lower_own = [c.lower() for c in own]
            e.attrs["cues"] = "|".join(own + [c for c in cues if c.lower() not in lower_own])
            for t, (prio, flags) in e.aliases.items():
                if fold(t) == k:
                    flags.discard("ambiguous")
                    flags.add("cued")
            cued_here += 1
            n_ents += 1
        n_keys += cued_here > 0
    STATS["shared_names_cued"] = (n_keys, n_ents)


# ---------------------------------------------------------------- output

HEADERS = {
    "COUNTRY": ("countries.tsv", ["alpha2", "numeric", "cues"],
                "countries (type COUNTRY), id = ISO 3166-1 alpha-3"),
    "ORG": ("orgs.tsv", ["country", "cues"], "organisations (type ORG), id = ORG_ + slug"),
    "PERSON": ("people.tsv", ["country"], "people (type PERSON), id = PER_ + slug"),
    "PLACE": ("places.tsv", ["country"], "places (type PLACE), id = PLACE_ + slug"),
}


def sort_aliases(e):
    items = [(t, v) for t, v in e.aliases.items() if t != e.name]
    return sorted(items, key=lambda tv: (-tv[1][0], fold(tv[0]), tv[0]))


def write_outputs(reg, out_dir):
    counts = {}
    for etype, (fname, attr_cols, desc) in HEADERS.items():
        ents = sorted((e for e in reg.ents.values() if e.type == etype), key=lambda e: e.id)
        counts[etype] = len(ents)
        if etype == "PLACE":
            lines = [
                "# entidx gazetteer: %s." % desc,
                "# HAND-WRITTEN for entidx (names as facts; no third-party data): continents,",
                "# regions, seas, straits and cities whose names contain a country name, so that",
                "# longest matching gives the place (North America) instead of the country.",
                "# Copied by gazetteers/build/build.py from gazetteers/build/curated/places.tsv",
                "# and checked against the other gazetteers. Edit the curated file and rebuild.",
                "# Columns: id, type, name, aliases (|-separated, optional {flags} suffix), %s "
                "(ISO 3166-1 alpha-3; empty when several or none)." % ", ".join(attr_cols),
                "\t".join(["id", "type", "name", "aliases"] + attr_cols),
            ]
        else:
            lines = [
            "# entidx gazetteer: %s." % desc,
            "# GENERATED by gazetteers/build/build.py from the open-data sources listed in",
            "# gazetteers/SOURCES.md (licences and attribution there) plus the hand-curated",
            "# rows in gazetteers/build/curated/. Do not edit by hand: edit curated/ and rebuild.",
            "# Columns: id, type, name, aliases (|-separated, optional {flags} suffix), %s." % ", ".join(attr_cols),
            "\t".join(["id", "type", "name", "aliases"] + attr_cols),
            ]
        for e in ents:
            nflags = e.aliases.get(e.name, [0, set()])[1]
            fields = [e.id, e.type, with_flags(e.name, nflags),
                      "|".join(with_flags(t, v[1]) for t, v in sort_aliases(e))]
            fields += [e.attrs.get(c, "") for c in attr_cols]
            lines.append("\t".join(fields))
        with open(os.path.join(out_dir, fname), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
    return counts


def main(argv):
    src = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(REPO), "shared", "data",
                                                      "gazetteer-sources")
    out = argv[2] if len(argv) > 2 else os.path.join(REPO, "gazetteers")
    if not os.path.isdir(src):
        log("sources directory not found: %s" % src)
        return 2
    common = {fold(w) for w in read_lines(os.path.join(CURATED, "common_words.txt"))}
    given = {fold(w) for w in read_lines(os.path.join(CURATED, "given_names.txt"))}
    person_words = {fold(w) for w in read_lines(os.path.join(CURATED, "person_words.txt"))}
    reg = Registry()
    load_curated(reg, "countries.tsv", "COUNTRY", ["alpha2", "numeric", "cues"])
    load_curated(reg, "orgs.tsv", "ORG", ["country", "cues"])
    load_curated(reg, "people.tsv", "PERSON", ["country"])
    load_curated(reg, "places.tsv", "PLACE", ["country"])
    fips, _ = build_countries(src, reg, common, given)
    build_orgs(src, reg, fips)
    build_people(src, reg, fips)
    apply_drops(reg)
    drop_given_names(reg, given)
    flag_common(reg, common)
    flag_short_caps(reg)
    flag_person_words(reg, person_words)
    stats = resolve(reg)
    cue_shared_names(reg)
    counts = write_outputs(reg, out)
    log("wrote %s: %s" % (out, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    log("collisions: %d aliases removed, %d shared names flagged {ambiguous}, %d derived entities dropped"
        % (stats["dropped_aliases"], stats["flagged_keys"], len(stats["dropped_entities"])))
    for i in stats["dropped_entities"]:
        log("  dropped entity %s" % i)
    log("shared names of organisations flagged {cued}, with their countries' cue words: %d "
        "(for %d organisations)" % STATS["shared_names_cued"])
    log("country translations not used (common word, given name or demonym): %d; derived country "
        "aliases dropped as given names: %d; derived <=3-letter capitals flagged {ambiguous}: %d"
        % (STATS["translations_skipped"], STATS["given_name_aliases_dropped"], STATS["short_caps_flagged"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
