"""apt data: what `--no-install-recommends` drops, and which executables the
notable packages ship.

Model (per release, amd64): a minbase system has every package of Priority
`required` and what `apt` and `usr-is-merged` depend on (what `debootstrap
--variant=minbase` installs). `apt-get install P` installs P and, recursively, every package
named by Pre-Depends and Depends, and with apt's default also by
Recommends. In a `a | b` group the group is already satisfied when any
alternative is in minbase; otherwise the first alternative that names a
real package, or a virtual one some package Provides (the provider of the
highest priority, then the first by name), is taken. Version constraints
are ignored. Because the choice of an alternative depends only on minbase,
the closure is plain graph reachability, computed once per release over
strongly connected components with bit sets.

Dropped(P) = closure with Recommends minus closure without. Only notable
packages are kept (see `is_notable`), and the union is taken over the
family's releases.
"""

import gzip
import lzma
import re

from sources import APT_FAMILIES, apt_files, apt_sources, log

BIN_DIRS = ("bin/", "sbin/", "usr/bin/", "usr/sbin/")
SPECIAL = {
    "ca-certificates",
    "build-essential",
    "python3-setuptools",
    "python-setuptools",
    "python3-wheel",
    "python3-dev",
}
PRIORITY_RANK = {"required": 0, "important": 1, "standard": 2, "optional": 3, "extra": 4}


def parse_packages(path):
    """Yield one dict per stanza of a Packages.xz file."""
    with lzma.open(path, "rt", encoding="utf-8", errors="replace") as f:
        stanza = {}
        key = None
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if stanza:
                    yield stanza
                stanza, key = {}, None
                continue
            if line[0] in " \t":
                if key:
                    stanza[key] += " " + line.strip()
                continue
            key, _, value = line.partition(":")
            stanza[key] = value.strip()
        if stanza:
            yield stanza


DEP_RE = re.compile(r"^\s*([^\s(:\[<]+)")


def parse_deps(value):
    """'a (>= 1) | b:any, c' -> [['a', 'b'], ['c']]."""
    groups = []
    if not value:
        return groups
    for group in value.split(","):
        alts = []
        for alt in group.split("|"):
            m = DEP_RE.match(alt)
            if m:
                alts.append(m.group(1))
        if alts:
            groups.append(alts)
    return groups


def contents_executables(paths):
    """package -> set of program names in the bin directories."""
    exes = {}
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.startswith(BIN_DIRS):
                    continue
                parts = line.rstrip("\n").rsplit(None, 1)
                if len(parts) != 2:
                    continue
                location, pkgs = parts
                rel = location.split("/", 1)[1] if location.startswith(("bin/", "sbin/")) else location.split("/", 2)[2]
                if not rel or "/" in rel:
                    continue
                for qualified in pkgs.split(","):
                    name = qualified.rsplit("/", 1)[-1]
                    exes.setdefault(name, set()).add(rel)
    return exes


def is_notable(name, exes):
    return name in SPECIAL or name.endswith("-dev") or bool(exes.get(name))


class Release:
    def __init__(self, cache, family, release, components):
        self.name = release
        self.pkgs = {}  # name -> stanza (first seen wins)
        contents = []
        for comp in components:
            pk, cont = apt_files(cache, family, release, comp)
            for s in parse_packages(pk):
                name = s.get("Package")
                if name and name not in self.pkgs:
                    self.pkgs[name] = s
            for c in cont:
                if c not in contents:
                    contents.append(c)
        self.exes = contents_executables(contents)
        self.providers = {}
        for name, s in self.pkgs.items():
            for group in parse_deps(s.get("Provides", "")):
                for v in group:
                    self.providers.setdefault(v, []).append(name)
        for v in self.providers:
            self.providers[v].sort(key=lambda n: (PRIORITY_RANK.get(self.pkgs[n].get("Priority"), 5), n))
        self.base = self._minbase()
        self.base_virtual = {v for n in self.base for g in parse_deps(self.pkgs[n].get("Provides", "")) for v in g}
        self.hard = {}
        self.soft = {}
        for name, s in self.pkgs.items():
            hard = []
            for field in ("Pre-Depends", "Depends"):
                hard += self._choose(parse_deps(s.get(field, "")))
            self.hard[name] = hard
            self.soft[name] = self._choose(parse_deps(s.get("Recommends", "")))

    def _resolve(self, alt):
        """The package apt installs for the name `alt`: itself, or the
        provider of a virtual name when one provider has the strictly
        highest priority (apt's pick among equals is not predictable, so
        such names are left unresolved)."""
        if alt in self.pkgs:
            return alt
        prov = self.providers.get(alt)
        if not prov:
            return None
        if len(prov) > 1:
            rank = [PRIORITY_RANK.get(self.pkgs[p].get("Priority"), 5) for p in prov[:2]]
            if rank[0] == rank[1]:
                return None
        return prov[0]

    def _choose(self, groups, base=None):
        base = self.base if base is None else base
        virt = getattr(self, "base_virtual", set())
        out = []
        for alts in groups:
            if any(a in base or a in virt for a in alts):
                continue
            for a in alts:
                r = self._resolve(a)
                if r:
                    out.append(r)
                    break
        return out

    def _minbase(self):
        base = {n for n, s in self.pkgs.items() if s.get("Priority") == "required"}
        # debootstrap (and so the debian/ubuntu images) installs
        # usr-is-merged, where apt would take the first alternative of
        # init-system-helpers' `usrmerge | usr-is-merged`.
        todo = list(base) + ["apt", "usr-is-merged"]  # popped first
        seen = set()
        while todo:
            n = todo.pop()
            if n in seen or n not in self.pkgs:
                continue
            seen.add(n)
            s = self.pkgs[n]
            for field in ("Pre-Depends", "Depends"):
                for alts in parse_deps(s.get(field, "")):
                    if any(a in seen for a in alts):
                        continue
                    for a in alts:
                        r = self._resolve(a)
                        if r:
                            todo.append(r)
                            break
        return seen

    def installed_with(self, packages):
        """minbase plus everything `apt-get install --no-install-recommends
        packages` brings (names apt cannot resolve are skipped)."""
        seen = set(self.base)
        todo = [r for r in (self._resolve(p) for p in packages) if r]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            todo += self.hard.get(n, [])
        return seen

    def reach(self, edges, bit):
        """name -> int bit set of the notable packages reachable (P included)
        through `edges` (name -> [name]), minbase packages excluded."""
        nodes = [n for n in self.pkgs if n not in self.base]
        index = {}
        low = {}
        on_stack = set()
        stack = []
        comp_of = {}
        comps = []  # in reverse topological order (Tarjan emits sinks first)
        counter = 0
        for root in nodes:
            if root in index:
                continue
            work = [(root, iter(edges.get(root, ())))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                v, it = work[-1]
                advanced = False
                for w in it:
                    if w in self.base or w not in self.pkgs:
                        continue
                    if w not in index:
                        index[w] = low[w] = counter
                        counter += 1
                        stack.append(w)
                        on_stack.add(w)
                        work.append((w, iter(edges.get(w, ()))))
                        advanced = True
                        break
                    if w in on_stack:
                        low[v] = min(low[v], index[w])
                if advanced:
                    continue
                work.pop()
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
                if low[v] == index[v]:
                    members = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp_of[w] = len(comps)
                        members.append(w)
                        if w == v:
                            break
                    comps.append(members)
        comp_bits = [0] * len(comps)
        for ci, members in enumerate(comps):
            bits = 0
            for m in members:
                bits |= bit.get(m, 0)
                for w in edges.get(m, ()):
                    cw = comp_of.get(w)
                    if cw is not None and cw != ci:
                        bits |= comp_bits[cw]
            comp_bits[ci] = bits
        return {n: comp_bits[comp_of[n]] for n in nodes}


def _names(bits, notable):
    out = set()
    while bits:
        low = bits & -bits
        out.add(notable[low.bit_length() - 1])
        bits ^= low
    return out


ARCH_DUPLICATE = re.compile(r"^x86_64-linux-gnu-|[-.]x86_64-linux-gnu$")


def programs_of(exes, name):
    """The programs of `name` in `exes`, without the arch-qualified
    duplicates (`x86_64-linux-gnu-gcc`, `perl5.36-x86_64-linux-gnu`,
    `glxinfo.x86_64-linux-gnu`)."""
    return {x for x in exes.get(name, ()) if not ARCH_DUPLICATE.search(x)}


class Family:
    """The data of one family, united over its releases.

    - dropped: name -> notable packages `--no-install-recommends` drops
      (empty for a package that drops nothing notable, minbase packages
      included; virtual names count as their provider)
    - kept: name -> the packages with programs (outside minbase) that the
      install without Recommends brings, the package itself included
    - kept_programs: name -> the programs those bring that the release's
      minbase does not have (exact, per release, then united)
    - exes: package -> programs (bin dirs; arch-prefixed ones left out),
      for every notable package of any release
    - minbase_programs: the programs minbase has in every release
    - installs: notable name -> the notable packages `apt-get install`
      (with Recommends) brings, itself included
    - names: every package and virtual name
    - minbase: the packages of minbase in any release
    - rdeps: name -> how many stanzas name it in Pre-Depends, Depends or
      Recommends (first alternative of each group), over the releases
    """

    def __init__(self, releases):
        self.releases = releases
        self.dropped = {}
        self.kept = {}
        self.kept_programs = {}
        self.exes = {}
        self.minbase_programs = None
        self.installs = {}
        self.names = set()
        self.minbase = set()
        self.rdeps = {}


def compute_family(cache, family, visit=None):
    """The Family of `family`. `visit(release)` is called with each Release
    object."""
    _, releases = APT_FAMILIES[family]
    fam = Family([x for x, _ in releases])
    for release, comps in releases:
        log("apt", family, release)
        r = Release(cache, family, release, comps)
        fam.names |= set(r.pkgs) | set(r.providers)
        fam.minbase |= r.base
        if visit:
            visit(r)
        notable = sorted(n for n in r.pkgs if n not in r.base and is_notable(n, r.exes))
        bit = {n: 1 << i for i, n in enumerate(notable)}
        with_programs = 0
        for n in notable:
            progs = programs_of(r.exes, n)
            if progs:
                with_programs |= bit[n]
                fam.exes.setdefault(n, set()).update(progs)
        minbase_programs = set()
        for n in r.base:
            minbase_programs |= programs_of(r.exes, n)
        fam.minbase_programs = (
            minbase_programs if fam.minbase_programs is None else fam.minbase_programs & minbase_programs
        )
        both = {n: r.hard[n] + r.soft[n] for n in r.pkgs}
        hard = r.reach(r.hard, bit)
        full = r.reach(both, bit)
        # What `apt-get install NAME` installs: NAME itself, or for a virtual
        # name its provider (`git-core` -> `git`).
        targets = {n: n for n in r.pkgs}
        for v in r.providers:
            if v not in r.pkgs:
                p = r._resolve(v)
                if p:
                    targets[v] = p
        progs_cache = {}
        for name, p in targets.items():
            dropped = fam.dropped.setdefault(name, set())
            kept = fam.kept.setdefault(name, set())
            kept_programs = fam.kept_programs.setdefault(name, set())
            if p in r.base:
                continue
            dropped |= _names(full[p] & ~hard[p], notable)
            k = hard[p] & with_programs
            if k not in progs_cache:
                pk = _names(k, notable)
                pp = set()
                for q in pk:
                    pp |= programs_of(r.exes, q)
                progs_cache[k] = (pk, pp - minbase_programs)
            pk, pp = progs_cache[k]
            kept |= pk
            kept_programs |= pp
        for n in notable:
            fam.installs.setdefault(n, set()).update(_names(full[n], notable))
        for s in r.pkgs.values():
            for field in ("Pre-Depends", "Depends", "Recommends"):
                for alts in parse_deps(s.get(field, "")):
                    fam.rdeps[alts[0]] = fam.rdeps.get(alts[0], 0) + 1
        log("  packages", len(r.pkgs), "minbase", len(r.base), "notable", len(notable))
    return fam


def build_depends(cache, family):
    """name -> how many source stanzas name it in Build-Depends,
    Build-Depends-Indep or Build-Depends-Arch (first alternative of each
    group; once per stanza), over the family's releases."""
    _, releases = APT_FAMILIES[family]
    counts = {}
    for release, comps in releases:
        for comp in comps:
            for s in parse_packages(apt_sources(cache, family, release, comp)):
                seen = set()
                for field in ("Build-Depends", "Build-Depends-Indep", "Build-Depends-Arch"):
                    for alts in parse_deps(s.get(field, "")):
                        seen.add(alts[0])
                for n in seen:
                    counts[n] = counts.get(n, 0) + 1
    return counts


def _cost(words):
    return sum(len(w) + 1 for w in words)


def factor(sets, installs, min_gain=8):
    """Name shared subsets: returns (named, rows) where named maps a hub
    package h to installs[h] (written once as `@h ...`), and rows maps each
    key to (hubs, rest) with sets[key] == rest ∪ ⋃ installs[h] exactly.

    Greedy: repeatedly take the hub whose use saves the most characters,
    a hub being usable in a row when everything it stands for is in the
    row's set.
    """
    from textfmt import compress

    rest = {k: set(v) for k, v in sets.items()}
    hubs = {k: [] for k in sets}
    named = {}
    candidates = {h for v in sets.values() for h in v if len(installs.get(h, ())) >= 2}
    while True:
        best, best_gain = None, min_gain
        for h in candidates:
            c = installs[h]
            gain = -_cost(compress(c)) - len(h) - 2
            for k, v in sets.items():
                if c <= v and h in rest[k]:
                    gain += _cost(compress(rest[k])) - _cost(compress(rest[k] - c)) - len(h) - 2
            if gain > best_gain:
                best, best_gain = h, gain
        if best is None:
            break
        c = installs[best]
        named[best] = set(c)
        candidates.discard(best)
        for k, v in sets.items():
            if c <= v and best in rest[k]:
                hubs[k].append(best)
                rest[k] -= c
    return named, {k: (sorted(hubs[k]), rest[k]) for k in sets}
