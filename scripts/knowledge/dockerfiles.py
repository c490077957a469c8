"""What Debian packages the official images' Dockerfiles install and keep.

Each Dockerfile (every version of every path, over the repository's
history) is read: the last stage's FROM gives the parent and the Debian or
Ubuntu release; each RUN's `apt-get install` words are the packages,
with ENV variables and the RUN's own shell variables expanded. Packages
named to `apt-get purge`/`remove` are removed again. A RUN that runs
`apt-mark auto` (docker-library's "savedAptMark" pattern: mark everything
auto, mark manual what to keep, purge with --auto-remove) keeps only the
packages it names to `apt-mark manual` (plus the shared libraries the build
needs, which this does not model).
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
    """(parent 'image:tag', [(installed and kept, removed)] per RUN) of the
    last stage."""
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
            # Shell variables the script sets (`buildDeps='a b'`).
            local = {}
            for k, q1, q2, bare in re.findall(r"(?:^|[\s;&|(])(\w+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s;&|'\"]*))", script):
                local[k] = q1 or q2 or bare
            script = re.sub(r"\$\{?(\w+)\}?", lambda mm: local.get(mm.group(1), mm.group(0)), script)
            installed, removed, manual = set(), set(), set()
            for cmd in re.split(r"&&|;|\|\||\|", script):
                words = cmd.split()
                for i, w in enumerate(words):
                    if w in ("apt-get", "apt"):
                        rest_words = words[i + 1 :]
                        verbs = [x for x in rest_words if not x.startswith("-")]
                        verb = verbs[0] if verbs else ""
                        if verb == "install":
                            installed |= _names(rest_words[rest_words.index("install") + 1 :])
                        elif verb in ("purge", "remove"):
                            removed |= _names(rest_words[rest_words.index(verb) + 1 :])
                        break
                    if w == "apt-mark" and words[i + 1 : i + 2] == ["manual"]:
                        manual |= _names(words[i + 2 :])
                        break
            if re.search(r"apt-mark\s+auto", script):
                # docker-library's pattern: everything is marked auto, the
                # packages named to `apt-mark manual` (and those manual
                # before the RUN) are kept, the rest is purged.
                installed &= manual
            if installed or removed:
                runs.append((installed, removed))
    return parent, runs


def _names(words):
    out = set()
    skip = False
    for a in words:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a.startswith("-") or a.startswith("$") or a.startswith(">"):
            continue
        a = a.split("=")[0]
        if PKG.match(a) and a not in NOT_PACKAGES:
            out.add(a)
    return out


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
        for installed, removed in runs:
            kept = (kept | installed) - removed
        key = (kind, release)
        if key not in result or result[key][0] <= date:
            result[key] = (date, parent, kept)
    return result
