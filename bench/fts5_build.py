#!/usr/bin/env python3
"""Load a JSON Lines corpus (gzip or plain) into an SQLite FTS5 table, the
peer that bench/query_vs_fts5.sh measures `entidx query` against.

Usage: python3 bench/fts5_build.py CORPUS.jsonl[.gz] OUT.db

Table: docs(id UNINDEXED, title, text), tokenizer unicode61 (SQLite's
default: case-folded words, diacritics removed). Python 3 standard library.
"""
import gzip
import json
import os
import sqlite3
import sys


def rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError:
                continue
            yield (str(d.get("id", "")), d.get("title") or "", d.get("text") or "")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    src, out = argv[1], argv[2]
    if os.path.exists(out):
        os.unlink(out)
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text)")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows(src))
    db.commit()
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    n = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    db.close()
    sys.stderr.write("fts5_build: %d documents into %s\n" % (n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
