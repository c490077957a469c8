#!/usr/bin/env python3
"""Regenerate crates/core/src/knowledge/data/*.txt (run by `make knowledge`).

Standard library only. Downloads Debian's and Ubuntu's Packages and
Contents indexes into the cache directory, reads Git repositories (local
snapshots given with --mirrors, or cloned from GitHub into the cache) and
the Dockerfile corpus (--corpus), and writes the data files with a header
naming every source, commit and date. See crates/core/src/knowledge/README.md.
"""

import argparse
import datetime
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import apt  # noqa: E402
import aptfmt  # noqa: E402
import corpus  # noqa: E402
import dockerfiles  # noqa: E402
import sources  # noqa: E402
import tags  # noqa: E402
from sources import log  # noqa: E402
from textfmt import compress, expand  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "crates", "core", "src", "knowledge", "data")

# Images whose every published tag is recorded: the language images with
# variants, buildpack-deps, debian and ubuntu (the slim images of
# knowledge/official.rs SLIM_IMAGES are among them).
TAG_IMAGES = [
    "python", "node", "ruby", "perl", "rust", "openjdk", "golang", "php",
    "buildpack-deps", "debian", "ubuntu",
]

# The repository of each image's Dockerfiles, and how a Dockerfile's path
# names the image's variant ("kind").
def _slim(path):
    return "slim" if "slim" in path else "full"


def _php(path):
    for v in ("apache", "fpm", "zts"):
        if f"/{v}/" in f"/{path}" or f"-{v}/" in path:
            return v
    return "cli"


def _openjdk(path):
    if "versions/" in path or "openjdk-" in path:
        return None
    flavor = "jre" if "jre" in path else "jdk"
    return flavor + ("-slim" if "slim" in path else "")


def _bpd(path):
    if "/curl/" in f"/{path}":
        return "curl"
    if "/scm/" in f"/{path}":
        return "scm"
    return "full"


def _perl(path):
    return "slim" if "slim" in path else "full"


IMAGE_REPOS = {
    "buildpack-deps": ("docker-library/buildpack-deps", _bpd),
    "python": ("docker-library/python", _slim),
    "node": ("nodejs/docker-node", _slim),
    "ruby": ("docker-library/ruby", _slim),
    "golang": ("docker-library/golang", lambda p: "full"),
    "openjdk": ("docker-library/openjdk", _openjdk),
    "php": ("docker-library/php", _php),
    "perl": ("Perl/docker-perl", _perl),
    "rust": ("rust-lang/docker-rust", _slim),
}

# Programs the language images install outside apt (from their
# Dockerfiles: /usr/local/bin, or the image's own tool directory on PATH).
LANGUAGE_PROGRAMS = {
    "python": "python python3 pip pip3",
    "node": "node npm npx yarn",
    "ruby": "ruby gem bundle irb",
    "golang": "go gofmt",
    "openjdk/jdk": "java javac jar",
    "openjdk/jre": "java",
    "php": "php pecl pear phpize php-config docker-php-ext-install docker-php-ext-enable docker-php-ext-configure",
    "perl": "perl cpanm",
    "rust": "cargo rustc rustup",
}

# Programs always looked for, besides those the corpus calls often.
CORE_PROGRAMS = (
    "curl wget git gcc g++ cc c++ make bash python3 python pip pip3 perl ssh scp "
    "patch less unzip xz bzip2 gzip tar gpg file svn hg sq openssl update-ca-certificates "
    "awk sed grep find xargs ps procps"
).split()


def header(lines, what, srcs, regen="make knowledge"):
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    out = [f"# {what}", f"# Made {today} by scripts/knowledge/generate.py ({regen})."]
    out += [f"# Source: {s}" for s in srcs]
    return "\n".join(out + lines) + "\n"


def write(name, text):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    log("wrote", path, len(text.encode()), "bytes,", len(gzip.compress(text.encode(), 9)), "gzipped")


# ---------------------------------------------------------------- apt


def _budget_line(name, text):
    raw = len(text.encode())
    return f"{name}: {raw} bytes, {len(gzip.compress(text.encode(), 9))} gzipped"


def gen_apt(args, releases_out):
    installed = corpus.installed_packages(args.corpus)
    fams = {}
    for family in aptfmt.FAMILIES:
        releases = {}
        fam = apt.compute_family(args.cache, family, visit=lambda r: releases.__setitem__(r.name, r))
        releases_out.update(releases)
        fam.build_depends = apt.build_depends(args.cache, family)
        fams[family] = fam

    # Which packages the tables hold: those the corpus installs, and the
    # packages most named by other packages' Pre-Depends, Depends,
    # Recommends and by source packages' Build-Depends.
    keys = {}
    stats = {}
    for family, fam in fams.items():
        known = set(fam.dropped)
        from_corpus = {k for k, n in installed.items() if n >= args.min_corpus and k in known}
        score = lambda k: fam.rdeps.get(k, 0) + fam.build_depends.get(k, 0)
        ranked = sorted(
            (k for k in known if score(k) > 0), key=lambda k: (-score(k), k)
        )[: args.top_depended]
        if not args.top_with_drops:
            ranked = [k for k in ranked if not fam.dropped[k]]
        # Minbase packages drop nothing (in a release where they are not in
        # minbase, they may).
        minbase = {k for k in fam.minbase if not fam.dropped.get(k, {""})}
        keys[family] = from_corpus | set(ranked) | minbase
        stats[family] = {
            "names": len(known),
            "corpus": len(from_corpus),
            "ranked": len(ranked),
            "minbase": len(minbase),
            "keys": len(keys[family]),
            "nonempty": sum(1 for k in keys[family] if fam.dropped[k]),
        }

    # apt-recommends.txt
    rec = {}
    values = set()
    for family, fam in fams.items():
        sets = {k: fam.dropped[k] for k in keys[family] if fam.dropped[k]}
        named, rows = aptfmt.factor_hubs(sets, fam.installs)
        t = {k: (r, w, False) for k, (r, w) in rows.items()}
        t.update({"@" + h: ([], v, False) for h, v in named.items()})
        t.update({k: ([], set(), True) for k in keys[family] if not fam.dropped[k]})
        rec[family] = t
        for v in sets.values():
            values |= v

    # apt-kept.txt
    kept_rows = {}
    kept_packages = {f: set() for f in aptfmt.FAMILIES}
    for family, fam in fams.items():
        rows = aptfmt.factor_kept(fam.kept, keys[family])
        kept_rows[family] = rows
        for k in rows:
            kept_packages[family] |= fam.kept.get(k, set())
    exes = {}
    for family, fam in fams.items():
        need = (values | kept_packages[family]) & set(fam.exes)
        exes[family] = {p: fam.exes[p] for p in need}
    kept = {}
    minbase_lines = {}
    for family, fam in fams.items():
        rows = kept_rows[family]
        shipped = set()
        for p in kept_packages[family]:
            shipped |= exes[family].get(p, set())
        minbase = fam.minbase_programs & shipped
        minbase_lines[family] = minbase
        memo = {}

        def packages(k):
            if k not in memo:
                s = {k} if k in exes[family] else set()
                refs, rest = rows[k]
                s |= rest
                for q in refs:
                    s |= packages(q[1:])
                memo[k] = s
            return memo[k]

        t = {}
        for k, (refs, rest) in rows.items():
            assert packages(k) == fam.kept.get(k, set()), k
            progs = set()
            for p in packages(k):
                progs |= exes[family].get(p, set())
            progs -= minbase
            exact = fam.kept_programs[k]
            assert exact <= progs, (k, sorted(exact - progs)[:5])
            words = rest | {"-" + x for x in progs - exact}
            # A package apt-recommends.txt knows and whose line would be
            # empty (it keeps its own programs, or none) gets no line.
            if refs or words or k not in keys[family]:
                t[k] = (refs, words, False)
        kept[family] = t
        kept[family] = t

    common_minbase = minbase_lines["debian"] & minbase_lines["ubuntu"]
    extra = {"both": aptfmt._wrapped("!", compress(common_minbase))}
    for f in aptfmt.FAMILIES:
        extra[f] = aptfmt._wrapped("!", compress(minbase_lines[f] - common_minbase))

    ex = {f: {p: ([], v, False) for p, v in exes[f].items()} for f in aptfmt.FAMILIES}

    mirrors = []
    for family in aptfmt.FAMILIES:
        mirror, comps = sources.APT_FAMILIES[family]
        dates = ", ".join(
            f"{r} {sources.release_date(args.cache, family, r)}" for r in fams[family].releases
        )
        mirrors.append(
            f"{mirror}/dists/{{{','.join(r for r, _ in comps)}}}/{{{','.join(comps[0][1])}}}/binary-amd64/Packages.xz,"
            f" source/Sources.xz (Release dates: {dates})"
        )
        mirrors.append(
            f"{mirror}/dists/.../Contents-amd64.gz" + (" and Contents-all.gz" if family == "debian" else "")
        )
    selection = [
        f"# Packages: those installed with apt-get/apt/aptitude install by at least {args.min_corpus} file(s)",
        f"# of the Dockerfile corpus; of the {args.top_depended} names most named by other packages'",
        "# Pre-Depends/Depends/Recommends and source packages' Build-Depends (first",
        "# alternatives, over the releases), "
        + ("all" if args.top_with_drops else "those that drop nothing")
        + "; minbase packages that drop nothing.",
    ]
    for f in aptfmt.FAMILIES:
        st = stats[f]
        selection.append(
            f"# {f}: {st['keys']} packages ({st['corpus']} from the corpus), {st['nonempty']} dropping something."
        )
    sections = "# A family reads [both] and its own section; a key on several lines is their union."
    rec_text = header(
        selection
        + [
            sections,
            "# @HUB WORDS: what installing HUB brings (HUB included); KEY WORDS: the notable",
            "# packages KEY's install drops (@HUB: the hub's words, ^OTHER: what OTHER drops);",
            "# = KEYS: packages that drop nothing notable.",
        ]
        + aptfmt.merge(rec),
        "apt: the notable packages `apt-get install --no-install-recommends` drops (amd64).",
        mirrors + [f"the corpus: {os.path.relpath(args.corpus, ROOT)}/files"],
    )
    kept_text = header(
        [
            sections,
            "# KEY WORDS: the packages with programs that KEY's install brings besides KEY (KEY",
            "# counts if it ships programs); ^OTHER: what OTHER's line brings, OTHER included;",
            "# -PROGRAM: left out of KEY's result. The result: their programs (apt-executables.txt)",
            "# less the ! PROGRAMS (minbase has them). A package of apt-recommends.txt without a",
            "# line keeps its own programs only.",
        ]
        + aptfmt.merge(kept, extra),
        "apt: the programs `apt-get install --no-install-recommends` keeps (amd64).",
        mirrors[1::2],
    )
    exe_text = header(
        [
            sections,
            "# PACKAGE PROGRAMS (bin, sbin, usr/bin, usr/sbin; x86_64-linux-gnu-qualified duplicates left out).",
        ]
        + aptfmt.merge(ex),
        "The programs of the packages of apt-recommends.txt and apt-kept.txt (union over the releases).",
        mirrors[1::2],
    )
    # Check: the files give back the data.
    back = aptfmt.read_recommends(rec_text)
    exe_back, _ = aptfmt.read_executables(exe_text)
    kept_back = aptfmt.read_kept(kept_text, exe_back, back)
    for f, fam in fams.items():
        assert set(back[f]) == keys[f] | set(), (f, sorted(set(back[f]) ^ keys[f])[:10])
        for k in keys[f]:
            assert back[f][k] == fam.dropped[k], (f, k)
        assert keys[f] <= set(kept_back[f]), f
        assert set(kept_back[f]) <= set(kept_rows[f]), f
        for k, v in kept_back[f].items():
            assert v == fam.kept_programs[k], (f, k, sorted(v ^ fam.kept_programs[k])[:10])
    for name, text in (
        ("apt-recommends.txt", rec_text),
        ("apt-kept.txt", kept_text),
        ("apt-executables.txt", exe_text),
    ):
        write(name, text)
        log(_budget_line(name, text))
    for old in ("apt-debian.txt", "apt-ubuntu.txt"):
        if os.path.exists(os.path.join(OUT, old)):
            os.remove(os.path.join(OUT, old))
    for f in aptfmt.FAMILIES:
        stats[f]["kept rows"] = len(kept_back[f])
    return stats


# ---------------------------------------------------------------- tags

HEAD_TOKEN = re.compile(r"^(\d[\w.]*|rc|ea|b\d+)$")


def split_tag(tag):
    toks = tag.split("-")
    i = 1
    while i < len(toks) and HEAD_TOKEN.match(toks[i]):
        i += 1
    return "-".join(toks[:i]) or "~", "-".join(toks[i:]) or "~"


def gen_tags(args):
    gitdir = sources.repo_git_dir(args.cache, "docker-library/official-images", args.mirrors)
    commit, date = sources.head_commit(gitdir), sources.head_date(gitdir)
    lines = [
        "# [IMAGE] starts an image. `%N WORDS` names a set of suffixes; then each line",
        "# HEADS : SUFFIXES means every HEAD-SUFFIX is a tag (~ is empty: HEAD alone, or SUFFIX alone).",
    ]
    counts = {}
    for image in TAG_IMAGES:
        all_tags = tags.all_tags(gitdir, image)
        counts[image] = len(all_tags)
        by_head = {}
        for t in all_tags:
            h, s = split_tag(t)
            by_head.setdefault(h, set()).add(s)
        groups = {}
        for h, s in by_head.items():
            groups.setdefault(frozenset(s), []).append(h)
        keys = sorted(groups, key=lambda k: sorted(groups[k]))
        named, refs, rest = tags_factor(keys)
        lines.append(f"[{image}]")
        for i, n in enumerate(named):
            lines.append(f"%{i + 1} " + " ".join(compress(n)))
        body = []
        for i, k in enumerate(keys):
            body.append(
                " ".join(compress(groups[k]))
                + " : "
                + " ".join([f"%{r}" for r in refs[i]] + compress(rest[i]))
            )
        lines += sorted(body)
        # Check: the lines give back exactly the tags.
        back = set()
        for i, k in enumerate(keys):
            sufs = set(rest[i])
            for r in refs[i]:
                sufs |= named[r - 1]
            for h in expand(compress(groups[k])):
                for s in expand(compress(sufs)):
                    back.add("-".join(x for x in (h, s) if x))
        assert back == all_tags, (image, sorted(back ^ all_tags)[:10])
    write(
        "image-tags.txt",
        header(
            lines,
            "Every tag ever published for some Docker Official Images.",
            [
                f"github.com/docker-library/official-images at {commit} ({date}): every version, in the full",
                "# history, of library/IMAGE (old `TAG: URL@COMMIT DIR` lines and `Tags:`/`SharedTags:` fields)",
            ],
        ),
    )
    return counts, commit, date


def _cost(ws):
    return sum(len(w) + 1 for w in compress(ws)) if ws else 0


def tags_factor(sets, min_gain=10):
    """Greedy: name intersections of suffix sets that save characters."""
    import itertools

    rest = [set(s) for s in sets]
    refs = [[] for _ in sets]
    named = []
    cands = set()
    for a, b in itertools.combinations(range(len(sets)), 2):
        x = sets[a] & sets[b]
        if len(x) >= 2:
            cands.add(frozenset(x))
    cands = sorted(cands, key=lambda c: sorted(c))
    while True:
        best, best_gain = None, min_gain
        for c in cands:
            g = -_cost(c) - 4
            for i, s in enumerate(sets):
                if c <= s and c & rest[i]:
                    g += _cost(rest[i]) - _cost(rest[i] - c) - 3
            if g > best_gain:
                best, best_gain = c, g
        if best is None:
            break
        named.append(set(best))
        cands.remove(best)
        for i, s in enumerate(sets):
            if best <= s and best & rest[i]:
                refs[i].append(len(named))
                rest[i] -= best
    return named, refs, rest


# ---------------------------------------------------------------- image packages


def parent_of(ref):
    """'buildpack-deps:bookworm-scm' -> ('buildpack-deps', 'scm')."""
    if not ref or "/" in ref.split(":")[0]:
        return None
    image, _, tag = ref.partition(":")
    if image == "buildpack-deps":
        return image, ("curl" if "curl" in tag else "scm" if "scm" in tag else "full")
    if image in ("debian", "ubuntu"):
        return image, "base"
    return None


def gen_images(args, releases):
    vocab = set(CORE_PROGRAMS)
    progs = corpus.run_programs(args.corpus)
    shipped = set()
    for r in releases.values():
        for v in r.exes.values():
            shipped |= v
    vocab |= {p for p, n in progs.items() if n >= args.min_corpus and p in shipped}
    srcs = []
    entries = {}  # (image, kind, release) -> (parent, packages)
    for image, (repo, kind_of) in IMAGE_REPOS.items():
        gitdir = sources.repo_git_dir(args.cache, repo, args.mirrors)
        srcs.append(f"github.com/{repo} at {sources.head_commit(gitdir)} ({sources.head_date(gitdir)})")
        for (kind, release), (date, parent, kept) in dockerfiles.latest_by(gitdir, kind_of).items():
            p = parent_of(parent)
            if p is None:
                continue
            entries[(image, kind, release)] = (p, kept, date[:10])
    releases_seen = {r for _, _, r in entries}
    for release in sorted(releases_seen):
        fam = "ubuntu" if release in dockerfiles.UBUNTU_RELEASES else "debian"
        entries[(fam, "base", release)] = (None, set(), "")

    def all_packages(key, depth=0):
        parent, kept, _ = entries.get(key, (None, set(), ""))
        out = set(kept)
        if parent and depth < 8:
            out |= all_packages((parent[0], parent[1], key[2]), depth + 1)
        return out

    present = {}
    for key in sorted(entries):
        image, kind, release = key
        r = releases.get(release)
        if r is None:
            continue
        inst = r.installed_with(sorted(all_packages(key)))
        have = set()
        for p in inst:
            have |= r.exes.get(p, set())
        if "gcc" in have:
            have.add("cc")
        if "g++" in have:
            have.add("c++")
        if "mawk" in have or "gawk" in have:
            have.add("awk")
        lang = LANGUAGE_PROGRAMS.get(f"{image}/{kind.split('-')[0]}") or LANGUAGE_PROGRAMS.get(image, "")
        present[key] = (have & vocab) | set(lang.split())
    universal = set.intersection(*present.values()) if present else set()
    looked_for = sorted(vocab - universal)
    lines = [
        "# ? PROGRAMS looked for; ! PROGRAMS every image below has (from minbase)",
        "# IMAGE KIND RELEASES < PARENT PARENT-KIND : PACKAGES its Dockerfiles install and keep",
        "#   on top of the parent (newest version of the Dockerfiles of that kind and release)",
        "# = IMAGE KIND RELEASES : PROGRAMS of the ? list available in the image besides its",
        "#   parent's: minbase plus apt's --no-install-recommends closure of the packages",
        "#   (releases with package data only), plus what the language image installs itself",
        "? " + " ".join(looked_for),
        "! " + " ".join(sorted(universal)),
    ]
    grouped = {}
    for key in sorted(entries):
        image, kind, release = key
        parent, kept, _ = entries[key]
        if parent is None:
            continue
        sig = (image, kind, parent, " ".join(sorted(kept)))
        grouped.setdefault(sig, []).append(release)
    for (image, kind, parent, pkgs), rels in sorted(grouped.items()):
        lines.append(f"{image} {kind} {','.join(sorted(rels))} < {parent[0]} {parent[1]} : {pkgs}")
    grouped = {}
    for key, progs in sorted(present.items()):
        image, kind, release = key
        parent = entries[key][0]
        inherited = present.get((parent[0], parent[1], release), set()) if parent else set()
        own = progs - universal - inherited
        grouped.setdefault((image, kind, " ".join(sorted(own))), []).append(release)
    for (image, kind, progs), rels in sorted(grouped.items()):
        lines.append(f"= {image} {kind} {','.join(sorted(rels))} : {progs}")
    write(
        "image-packages.txt",
        header(
            lines,
            "What the Debian- and Ubuntu-based official images install with apt on top of their parent.",
            srcs + ["the package data of apt-debian.txt / apt-ubuntu.txt (for the programs)"],
        ),
    )


# ---------------------------------------------------------------- busybox


def gen_busybox(args):
    gitdir = sources.repo_git_dir(args.cache, "mirror/busybox", args.mirrors)
    ref = args.busybox_ref
    commit = sources.git(gitdir, "rev-parse", ref + "^{commit}").strip()
    src = sources.git(gitdir, "show", f"{commit}:networking/wget.c")
    block = src[src.index("wget_longopts[]") : src.index("# define GETOPT32 getopt32long")]
    longs = []
    for m in re.finditer(r'"([a-z-]+)\\0"\s+(No_argument|Required_argument)', block):
        longs.append((m.group(1), m.group(2) == "Required_argument"))
    opt = src[src.index('GETOPT32(argv, "^"') :]
    opt = re.sub(r"/\*.*?\*/", "", opt, flags=re.S)
    opt = opt[: opt.index('"\\0"')]
    shorts = "".join(re.findall(r'"([^"]*)"', opt[len("GETOPT32(argv, ") :]))
    shorts = shorts.lstrip("^")
    lines = [
        "# long NAME [=] (= takes a value); short LETTER [:] (: takes a value, :: an optional attached one)",
    ]
    for name, arg in longs:
        lines.append(f"long {name}" + (" =" if arg else ""))
    i = 0
    while i < len(shorts):
        c = shorts[i]
        j = i + 1
        while j < len(shorts) and shorts[j] in ":+":
            j += 1
        if c.isalpha():
            lines.append(f"short {c}" + (" " + shorts[i + 1 : j].replace("+", "") if j > i + 1 and ":" in shorts[i + 1 : j] else ""))
        i = j
    write(
        "busybox-wget.txt",
        header(
            lines,
            "Options busybox's wget applet accepts (FEATURE_WGET_LONG_OPTIONS, DESKTOP and WGET_TIMEOUT on, as Alpine builds it).",
            [f"busybox {ref} ({commit}), networking/wget.c: wget_longopts and the getopt32 string"],
        ),
    )


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cache", default=os.path.join(ROOT, "target", "knowledge-cache"))
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    p.add_argument(
        "--mirrors",
        action="append",
        default=[],
        help="a directory holding bare Git snapshots (owner+name/repo or owner+name.git); repeatable",
    )
    p.add_argument("--min-corpus", type=int, default=1)
    p.add_argument("--top-depended", type=int, default=800)
    p.add_argument(
        "--top-with-drops",
        action="store_true",
        help="keep the --top-depended packages that drop something too (by default only those that drop nothing)",
    )
    p.add_argument("--busybox-ref", default="1_36_1")
    p.add_argument("--only", choices=["apt", "tags", "images", "busybox"], action="append")
    args = p.parse_args()
    only = set(args.only or ["apt", "tags", "images", "busybox"])
    releases = {}
    if "apt" in only or "images" in only:
        stats = gen_apt(args, releases)
        log("apt", stats)
    if "tags" in only:
        counts, _, _ = gen_tags(args)
        log("tags", counts)
    if "images" in only:
        gen_images(args, releases)
    if "busybox" in only:
        gen_busybox(args)


if __name__ == "__main__":
    main()
