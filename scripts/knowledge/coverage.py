#!/usr/bin/env python3
"""How much of a Dockerfile corpus's apt installs the apt tables know.

    python3 scripts/knowledge/coverage.py --corpus ../shared/corpus [--data DIR]

For every package name an `apt-get`/`apt install` of the corpus names (each
occurrence counted), whether the apt tables in DIR (default: the bundled
data) knows it with a non-empty dropped set, knows it drops nothing, or
does not know it; for each family over all occurrences, and over
the occurrences in files whose first FROM is of that family (ubuntu; debian
and the Debian-based official images). Standard library only.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import aptfmt  # noqa: E402
import corpus  # noqa: E402
from textfmt import expand  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "crates", "core", "src", "knowledge", "data")
DEBIAN_IMAGES = {
    "debian", "buildpack-deps", "python", "node", "ruby", "perl", "rust",
    "openjdk", "golang", "php",
}


def read_tables(data):
    """family -> (names known with drops, names known to drop nothing).
    Reads apt-recommends.txt, or the older apt-FAMILY.txt files."""
    path = os.path.join(data, "apt-recommends.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            tables = aptfmt.read_recommends(f.read())
        return {
            fam: ({k for k, v in t.items() if v}, {k for k, v in t.items() if not v})
            for fam, t in tables.items()
        }
    out = {}
    for fam in aptfmt.FAMILIES:
        full, empty = set(), set()
        with open(os.path.join(data, f"apt-{fam}.txt"), encoding="utf-8") as f:
            for line in f:
                words = line.split()
                if not words or words[0].startswith(("#", "@")):
                    continue
                if words[0] == "=":
                    empty.update(expand(words[1:]))
                else:
                    full.add(words[0])
        out[fam] = (full, empty)
    return out


def family_of(text):
    m = re.search(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)", text, re.I | re.M)
    if not m:
        return None
    image = m.group(1).split("@")[0].split(":")[0]
    image = image.removeprefix("docker.io/").removeprefix("library/")
    if image == "ubuntu":
        return "ubuntu"
    if image in DEBIAN_IMAGES:
        return "debian"
    return None


def occurrences(corpus_dir):
    """[(family of the file or None, package name)] for every name an apt
    install of the corpus names."""
    out = []
    files = os.path.join(corpus_dir, "files")
    for fn in sorted(os.listdir(files)):
        with open(os.path.join(files, fn), encoding="utf-8", errors="replace") as f:
            text = f.read()
        fam = family_of(text)
        out += [(fam, n) for n in corpus.install_names(text)]
    return out


def report(occ, data):
    rows = []
    tables = read_tables(data)
    for family in aptfmt.FAMILIES:
        full, empty = tables[family]
        for scope, names in (
            ("all files", [n for _, n in occ]),
            (f"{family} files", [n for f, n in occ if f == family]),
        ):
            total = len(names)
            a = sum(1 for n in names if n in full)
            b = sum(1 for n in names if n in empty and n not in full)
            c = total - a - b
            pct = lambda x: f"{100 * x / total:.1f}%" if total else "-"
            rows.append((family, scope, total, f"{a} ({pct(a)})", f"{b} ({pct(b)})", f"{c} ({pct(c)})"))
    print("| table | occurrences in | names | known, drops | known, drops nothing | unknown |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    p.add_argument("--data", default=DATA)
    args = p.parse_args()
    report(occurrences(args.corpus), args.data)


if __name__ == "__main__":
    main()
