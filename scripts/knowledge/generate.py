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
# rules/drydock/images.rs SLIM_IMAGES are among them).
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


def gen_apt(args, releases_out):
    installed = corpus.installed_packages(args.corpus)
    families = {}
    all_exes = {}
    values = set()
    stats = []
    for family in ("debian", "ubuntu"):
        releases = {}
        dropped, exes, rels, names, rdeps, installs = apt.compute_family(
            args.cache, family, visit=lambda r: releases.__setitem__(r.name, r)
        )
        releases_out.update(releases)
        real_nonempty = [k for k, v in dropped.items() if v and k in names]
        keys = {k for k, n in installed.items() if n >= args.min_corpus and dropped.get(k)}
        common = sorted(
            (k for k in names if dropped.get(k)), key=lambda k: (-rdeps.get(k, 0), k)
        )[: args.top_depended]
        keys |= set(common)
        sets = {k: dropped[k] for k in keys}
        named, rows = apt.factor(sets, installs)
        for v in sets.values():
            values |= v
        for k, v in exes.items():
            all_exes.setdefault(k, set()).update(v)
        dates = ", ".join(f"{r} {sources.release_date(args.cache, family, r)}" for r in rels)
        mirror, comps = sources.APT_FAMILIES[family]
        lines = [
            f"# {len(real_nonempty)} packages of these releases have a non-empty set; this table",
            f"# keeps {len(keys)}: those installed with apt-get/apt install by at least",
            f"# {args.min_corpus} files of the Dockerfile corpus, and the {args.top_depended} most depended on.",
            "# Line: PACKAGE DROPPED... where @NAME stands for the line @NAME (the",
            "# notable packages installing NAME brings, NAME included).",
        ]
        lines += ["@" + h + " " + " ".join(compress(v)) for h, v in sorted(named.items())]
        lines += [
            k + " " + " ".join(["@" + h for h in hs] + compress(r))
            for k, (hs, r) in sorted(rows.items())
        ]
        srcs = [
            f"{mirror}/dists/{{{','.join(r for r, _ in comps)}}}/{{{','.join(comps[0][1])}}}/binary-amd64/Packages.xz (Release dates: {dates})",
            f"{mirror}/dists/.../Contents-amd64.gz" + (" and Contents-all.gz" if family == "debian" else ""),
            f"the corpus: {os.path.relpath(args.corpus, ROOT)}/files",
        ]
        write(
            f"apt-{family}.txt",
            header(lines, f"apt {family}: notable packages `--no-install-recommends` drops (amd64).", srcs),
        )
        families[family] = (len(real_nonempty), len(keys))
        stats.append((family, len(real_nonempty), len(keys)))
    lines = ["# Line: PACKAGE PROGRAM... (bin, sbin, usr/bin, usr/sbin; arch-prefixed x86_64-linux-gnu-* left out)."]
    for v in sorted(values):
        progs = [x for x in all_exes.get(v, ()) if not x.startswith("x86_64-linux-gnu-")]
        if progs:
            lines.append(v + " " + " ".join(compress(progs)))
    write(
        "apt-executables.txt",
        header(
            lines,
            "Programs each notable package of apt-debian.txt and apt-ubuntu.txt ships (union over the releases).",
            ["the Contents-amd64.gz (and Debian's Contents-all.gz) of the releases named there"],
        ),
    )
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
    p.add_argument("--min-corpus", type=int, default=2)
    p.add_argument("--top-depended", type=int, default=50)
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
