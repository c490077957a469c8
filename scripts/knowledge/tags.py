"""Every tag ever published for some Docker Official Images, from the full
history of docker-library/official-images (`library/<name>` files).

Two formats are read: the old line format (`3.4.1: git://...@commit dir`)
and the RFC 2822-like one (`Tags:` / `SharedTags:` fields, comma
separated, continuation lines indented).
"""

import re
import subprocess

from sources import git, log

OLD_LINE = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:\s*\S+@[0-9a-fA-F]+(\s|$)")
TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def parse_library(text):
    tags = set()
    field = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            field = None
            continue
        m = OLD_LINE.match(line)
        if m:
            tags.add(m.group(1))
            field = None
            continue
        if line[0] in " \t":
            if field in ("tags", "sharedtags"):
                values = line
            else:
                continue
        else:
            key, sep, values = line.partition(":")
            if not sep:
                field = None
                continue
            field = key.strip().lower()
            if field not in ("tags", "sharedtags"):
                continue
        for t in values.split(","):
            t = t.strip()
            if TAG_RE.match(t):
                tags.add(t)
    return tags


def blobs_of(gitdir, path):
    """Every blob id `path` had in the history (all branches' first-parent
    and merged commits alike)."""
    out = git(gitdir, "log", "--all", "--format=", "--raw", "--no-abbrev", "--", path)
    blobs = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 5 and line.startswith(":"):
            new = parts[3]
            if set(new) != {"0"} and new not in blobs:
                blobs.append(new)
    return blobs


def cat_blobs(gitdir, blobs):
    if not blobs:
        return []
    p = subprocess.run(
        ["git", "--git-dir", gitdir, "cat-file", "--batch"],
        input="\n".join(blobs).encode() + b"\n",
        capture_output=True,
        check=True,
    )
    data = p.stdout
    texts = []
    pos = 0
    while pos < len(data):
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        pos = nl + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        texts.append(data[pos : pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return texts


def all_tags(gitdir, image):
    blobs = blobs_of(gitdir, f"library/{image}")
    tags = set()
    for text in cat_blobs(gitdir, blobs):
        tags |= parse_library(text)
    log("tags", image, "versions", len(blobs), "tags", len(tags))
    return tags
