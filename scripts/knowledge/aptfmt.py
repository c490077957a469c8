"""How the apt tables are written, and read back to check them.

Three files, each in sections `[both]`, `[debian]`, `[ubuntu]`: a family
reads the lines of `[both]` and of its own section, and a key written in
both places stands for the union of its lines (so what the two families
share is written once). The list syntax is textfmt's.

- apt-recommends.txt: `@HUB WORDS` names a set of packages (what installing
  HUB brings); `KEY WORDS` is the dropped set of KEY (`@HUB` stands for the
  hub's set, `^OTHER` for OTHER's dropped set); `= KEYS` lists packages
  that drop nothing notable.
- apt-kept.txt: `KEY WORDS` lists the packages with programs that the
  install of KEY without Recommends brings besides KEY itself (KEY counts
  when it ships programs); `^OTHER` stands for what OTHER's line brings,
  OTHER included, and `-PROGRAM` takes a program out of KEY's result; `!
  PROGRAMS` lists programs minbase has (never part of a result). A key of
  apt-recommends.txt without a line keeps its own programs only.
- apt-executables.txt: `PACKAGE PROGRAMS`.

A key word may be a brace word standing for several keys with the same line.
"""

import heapq

from textfmt import compress, expand

FAMILIES = ("debian", "ubuntu")
WIDTH = 100


def _rc(words):
    return sum(len(w) + 1 for w in words)


def _below(a, sa, b, sb):
    """Whether the line of a (set sa) may stand on the line of b (set sb):
    sb is in sa and (len, name) orders b first, so references never loop."""
    return a != b and (len(sb), b) < (len(sa), a) and sb <= sa


def factor_hubs(sets, hubs, min_gain=8):
    """Name shared subsets of the dropped sets. Two kinds of reference:
    `@h`, hub h standing for hubs[h] (what installing h brings), usable in
    a row whose set holds h and all of hubs[h]; and `^q`, standing for
    the set of row q, usable in a row whose set holds all of q's.
    Returns (named: hub -> set, rows: key -> (refs, rest)) with sets[key]
    == rest | the sets of its refs, exactly (refs written with their sigil).

    Greedy, lazily re-scored: repeatedly take the reference saving the
    most characters (each word counted at its length plus a space).
    """
    rest = {k: set(v) for k, v in sets.items()}
    refs = {k: [] for k in sets}
    cand = {}
    holders = {}
    for k, v in sets.items():
        for h in v:
            if len(hubs.get(h, ())) >= 2 and hubs[h] <= v:
                cand["@" + h] = hubs[h]
                holders.setdefault("@" + h, []).append(k)
    by_size = sorted(sets, key=lambda k: (len(sets[k]), k))
    for i, k in enumerate(by_size):
        v = sets[k]
        for q in by_size[:i]:
            if len(sets[q]) >= 2 and sets[q] <= v:
                cand["^" + q] = sets[q]
                holders.setdefault("^" + q, []).append(k)

    def usable(r, k):
        return r.startswith("^") or r[1:] in rest[k]

    def gain(r):
        c = cand[r]
        g = 0 if r.startswith("^") else -(_rc(compress(c)) + len(r) + 1)
        for k in holders[r]:
            if usable(r, k):
                g += _rc(rest[k] & c) - len(r) - 1
        return g

    heap = [(-gain(r), r) for r in holders]
    heapq.heapify(heap)
    named = {}
    while heap:
        _, r = heapq.heappop(heap)
        g = gain(r)
        if heap and g < -heap[0][0]:
            heapq.heappush(heap, (-g, r))
            continue
        if g <= min_gain:
            break
        if r.startswith("@"):
            named[r[1:]] = set(cand[r])
        for k in holders[r]:
            if usable(r, k) and rest[k] & cand[r]:
                refs[k].append(r)
                rest[k] -= cand[r]
    return named, {k: (sorted(refs[k]), rest[k]) for k in sets}


def factor_kept(kept, keys, min_gain=4):
    """Write each kept set as other keys' sets plus packages. `kept[k]` is
    the set of k (k included when it ships programs). A row may stand on
    the set of another package q of its set when kept[q] is a strict subset
    (or an equal set of a smaller name), so references never loop; the
    packages referred to get a row too. Returns key -> (refs, rest) with
    kept[key] == rest | {key} & kept[key] | union of kept[q] for its refs.
    """
    out = {}
    todo = sorted(keys, reverse=True)
    wanted = set(keys)
    while todo:
        p = todo.pop()
        if p in out:
            continue
        s = kept.get(p, set())
        order = (len(s), p)
        cands = [
            q
            for q in s
            if q != p and kept.get(q) and (len(kept[q]), q) < order and kept[q] <= s
        ]
        rest = set(s)
        chosen = []
        while cands:
            def score(q):
                g = _rc(rest & kept[q]) - len(q) - 2
                if q not in wanted:
                    g -= _rc(kept[q]) // 3
                return g

            best = max(cands, key=lambda q: (score(q), q))
            if score(best) < min_gain:
                break
            chosen.append(best)
            rest -= kept[best]
            cands = [q for q in cands if q != best and kept[q] & rest]
        rest.discard(p)
        out[p] = (sorted("^" + q for q in chosen), rest)
        for q in chosen:
            if q not in out:
                wanted.add(q)
                todo.append(q)
    return out


def _line(key, refs, words):
    items = sorted(refs) + sorted(words)
    return key + (" " + " ".join(items) if items else "")


def _wrapped(lead, words):
    lines, cur = [], lead
    for w in words:
        if len(cur) + 1 + len(w) > WIDTH and cur != lead:
            lines.append(cur)
            cur = lead
        cur += " " + w
    if cur != lead:
        lines.append(cur)
    return lines


def _group(rows):
    """rows: key -> text after the key; keys with the same text share a
    line (brace words)."""
    by_text = {}
    for k, t in rows.items():
        by_text.setdefault(t, []).append(k)
    out = []
    for t, ks in by_text.items():
        for kw in compress(ks):
            out.append((kw, t))
    return [k + (" " + t if t else "") for k, t in sorted(out, key=lambda x: (expand([x[0]])[0], x[0]))]


def merge(per_family, extra=None):
    """per_family: family -> key -> (refs, words, empty) where words are
    already-compressed-or-not plain words (a set) and empty says the key is
    listed on `=` lines. Returns the text of the three sections.

    extra: family -> list of prefix lines for that family's section (such
    as `!` lines), or for 'both'.
    """
    extra = extra or {}
    sect = {"both": {}, "debian": {}, "ubuntu": {}}
    hubs = {"both": {}, "debian": {}, "ubuntu": {}}
    empty = {"both": [], "debian": [], "ubuntu": []}
    keys = set()
    for f in FAMILIES:
        keys |= set(per_family[f])
    for k in keys:
        a = per_family["debian"].get(k)
        b = per_family["ubuntu"].get(k)
        target = hubs if k.startswith("@") else sect
        if a is not None and b is not None and not a[2] and not b[2]:
            cr, cw = set(a[0]) & set(b[0]), set(a[1]) & set(b[1])
            diff = {f: (set(e[0]) - cr, set(e[1]) - cw) for f, e in (("debian", a), ("ubuntu", b))}
            bare = {f: not (r or w) for f, (r, w) in diff.items()}
            if cr or cw or all(bare.values()):
                target["both"][k] = (cr, cw)
            for f, (r, w) in diff.items():
                # A family needs a line of its own when it adds something,
                # or when nothing else says it knows the key.
                if not bare[f] or not (cr or cw or all(bare.values())):
                    target[f][k] = (r, w)
            continue
        if a is not None and b is not None and a[2] and b[2]:
            empty["both"].append(k)
            continue
        for f, e in (("debian", a), ("ubuntu", b)):
            if e is None:
                continue
            if e[2]:
                empty[f].append(k)
            else:
                target[f][k] = (set(e[0]), set(e[1]))
    lines = []
    for s in ("both",) + FAMILIES:
        lines.append(f"[{s}]")
        lines += extra.get(s, [])
        for h, (r, w) in sorted(hubs[s].items()):
            lines.append(_line(h, r, compress(w)))
        rows = {k: " ".join(sorted(r) + compress(w)) for k, (r, w) in sect[s].items()}
        lines += _group(rows)
        lines += _wrapped("=", compress(empty[s]))
    return lines


# ---------------------------------------------------------------- reading


def sections(text):
    """family -> list of data lines ([both] lines and its own)."""
    out = {f: [] for f in FAMILIES}
    cur = "both"
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1]
            continue
        for f in FAMILIES:
            if cur in ("both", f):
                out[f].append(line)
    return out


def read_recommends(text):
    """family -> key -> dropped set (empty for `=` keys)."""
    out = {}
    for f, lines in sections(text).items():
        named, rows, table = {}, {}, {}
        for line in lines:
            words = line.split()
            if words[0] == "=":
                for k in expand(words[1:]):
                    table.setdefault(k, set())
            elif words[0].startswith("@"):
                named.setdefault(words[0][1:], set()).update(expand(words[1:]))
            else:
                for k in expand(words[:1]):
                    rows.setdefault(k, []).extend(words[1:])

        def resolve(k, depth=0):
            assert depth < 64, k
            s = set()
            for w in expand(rows[k]):
                if w.startswith("@"):
                    s |= named[w[1:]]
                elif w.startswith("^"):
                    s |= resolve(w[1:], depth + 1)
                else:
                    s.add(w)
            return s

        for k in rows:
            table[k] = resolve(k)
        out[f] = table
    return out


def read_executables(text):
    """(family -> package -> programs, package -> programs over all)."""
    fam = {}
    union = {}
    for f, lines in sections(text).items():
        t = {}
        for line in lines:
            words = line.split()
            for k in expand(words[:1]):
                t.setdefault(k, set()).update(expand(words[1:]))
                union.setdefault(k, set()).update(expand(words[1:]))
        fam[f] = t
    return fam, union


def read_kept(text, exes, known):
    """family -> key -> programs, for the keys with a line and those of
    `known` (family -> keys: what apt-recommends.txt knows)."""
    out = {}
    for f, lines in sections(text).items():
        rows, table, minbase = {}, {}, set()
        for line in lines:
            words = line.split()
            if words[0] == "=":
                for k in expand(words[1:]):
                    table[k] = set()
            elif words[0] == "!":
                minbase |= set(expand(words[1:]))
            else:
                for k in expand(words[:1]):
                    rows.setdefault(k, []).extend(words[1:])
        memo = {}

        def packages(k, depth=0):
            if k in memo:
                return memo[k]
            s = {k} if exes[f].get(k) else set()
            for w in expand(rows.get(k, ())):
                if w.startswith("^"):
                    assert depth < 64, k
                    s |= packages(w[1:], depth + 1)
                elif not w.startswith("-"):
                    s.add(w)
            memo[k] = s
            return s

        for k in known[f]:
            rows.setdefault(k, [])
        for k, items in rows.items():
            progs = set()
            for p in packages(k):
                progs |= exes[f].get(p, set())
            progs -= minbase
            progs -= {w[1:] for w in expand(items) if w.startswith("-")}
            table[k] = progs
        out[f] = table
    return out
