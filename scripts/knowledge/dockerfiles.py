"""What Debian packages the official images' Dockerfiles install and keep.

Each Dockerfile (every version of every path, over the repository's
history) is read: the last stage's FROM gives the parent and the Debian or
Ubuntu release; each RUN's `apt-get install` words are the packages,
with ENV variables expanded. A RUN that also runs `apt-get purge`,
`apt-get remove`, `apt-get autoremove` or `apt-mark auto` removes what it
installed (docker-library's "savedAptMark" pattern keeps only the shared
libraries the build needs): its packages are not kept.
"""

import re
import subprocess

from sources import git, log

DEBIAN_RELEASES = ["wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "sid"]
UBUNTU_RELEASES = ["precise", "trusty", "xenial", "bionic", "focal", "jammy", "noble", "resolute"]
RELEASES = DEBIAN_RELEASES + UBUNTU_RELEASES
SKIP_PATH = re.compile(r"alpine|windows|nanoserver|oracle|onbuild|centos|fedora|wheezy|precise|cross|/\.|^\.", re.I)
# Words of shell constructs inside an install list (`$(if apt-cache show x
# ...; then echo x; fi)`), not packages.
NOT_PACKAGES = {"if", "then", "else", "fi", "apt-cache", "show", "echo", "true", "false", "grep", "do", "done"}
PKG = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")


def logical_lines(text):
    out, cur = [], ""
    for line in text.splitlines():
        if not cur and line.lstrip().startswith("#"):
            continue
        if cur and line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
        else:
            out.append(cur + line)
            cur = ""
    if cur:
        out.append(cur)
    return out


def parse(text):
    """(parent 'image:tag', [(packages, kept)] per RUN) of the last stage."""
    env = {}
    parent = None
    runs = []
    for line in logical_lines(text):
        m = re.match(r"^\s*(\w+)\s+(.*)$", line)
        if not m:
            continue
        inst, rest = m.group(1).upper(), m.group(2)
        if inst == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            parent = words[0] if words else None
            runs = []
        elif inst == "ENV":
            mm = re.match(r"^(\w+)\s+(.*)$", rest)
            if mm and "=" not in mm.group(1):
                env[mm.group(1)] = mm.group(2)
            else:
                for k, v in re.findall(r'(\w+)=("[^"]*"|\S*)', rest):
                    env[k] = v.strip('"')
        elif inst == "RUN":
            script = re.sub(r"\$\{?(\w+)\}?", lambda mm: env.get(mm.group(1), mm.group(0)), rest)
            temporary = bool(
                re.search(r"apt-get\s+(-\S+\s+)*(purge|remove|autoremove)|apt-mark\s+auto", script)
            )
            pkgs = set()
            for cmd in re.split(r"&&|;|\|\||\|", script):
                words = cmd.split()
                for i, w in enumerate(words):
                    if w in ("apt-get", "apt") and "install" in words[i + 1 :]:
                        for a in words[words.index("install", i) + 1 :]:
                            if a.startswith("-") or a.startswith("$"):
                                continue
                            a = a.split("=")[0]
                            if PKG.match(a) and a not in NOT_PACKAGES:
                                pkgs.add(a)
                        break
            if pkgs:
                runs.append((pkgs, not temporary))
    return parent, runs


def release_of(parent):
    tag = parent.split(":", 1)[1] if parent and ":" in parent else ""
    for tok in re.split(r"[-.]", tag):
        if tok in RELEASES:
            return tok
    return None


def dockerfile_versions(gitdir):
    """(date, path, blob) of every Dockerfile version, oldest first."""
    out = git(gitdir, "log", "--all", "--reverse", "--format=@%cI", "--raw", "--no-abbrev")
    date = None
    rows = []
    for line in out.splitlines():
        if line.startswith("@"):
            date = line[1:]
            continue
        if not line.startswith(":"):
            continue
        meta, _, path = line.partition("\t")
        parts = meta.split()
        blob = parts[3]
        if not path.endswith("Dockerfile") or set(blob) == {"0"} or SKIP_PATH.search(path):
            continue
        rows.append((date, path, blob))
    return rows


def cat(gitdir, blobs):
    p = subprocess.run(
        ["git", "--git-dir", gitdir, "cat-file", "--batch"],
        input="\n".join(blobs).encode() + b"\n",
        capture_output=True,
        check=True,
    )
    data, pos, out = p.stdout, 0, {}
    while pos < len(data):
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        pos = nl + 1
        if len(header) < 3:
            continue
        size = int(header[2])
        out[header[0].decode()] = data[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return out


def latest_by(gitdir, kind_of):
    """(kind, release) -> (date, parent, kept packages) of the newest
    Dockerfile version of that kind and release."""
    rows = dockerfile_versions(gitdir)
    texts = cat(gitdir, sorted({b for _, _, b in rows}))
    result = {}
    for date, path, blob in rows:
        kind = kind_of(path)
        if kind is None:
            continue
        parent, runs = parse(texts.get(blob, ""))
        release = release_of(parent)
        if not parent or not release:
            continue
        kept = set()
        for pkgs, keep in runs:
            if keep:
                kept |= pkgs
        key = (kind, release)
        if key not in result or result[key][0] <= date:
            result[key] = (date, parent, kept)
    return result
