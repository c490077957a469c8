"""Where the knowledge data comes from, and how it is downloaded.

Standard library only. Downloads go to a cache directory (default
target/knowledge-cache) and are reused when present; delete the cache to
fetch afresh.
"""

import os
import subprocess
import sys
import urllib.request

DEBIAN_MIRROR = "http://deb.debian.org/debian"
UBUNTU_MIRROR = "http://archive.ubuntu.com/ubuntu"

# family -> (mirror, [(release, [components])])
APT_FAMILIES = {
    "debian": (
        DEBIAN_MIRROR,
        [(r, ["main"]) for r in ("bullseye", "bookworm", "trixie")],
    ),
    "ubuntu": (
        UBUNTU_MIRROR,
        [(r, ["main", "universe"]) for r in ("focal", "jammy", "noble")],
    ),
}

# GitHub repositories read for the image data (full history needed for
# official-images).
REPOS = [
    "docker-library/official-images",
    "docker-library/python",
    "docker-library/buildpack-deps",
    "nodejs/docker-node",
    "docker-library/ruby",
    "docker-library/golang",
    "docker-library/openjdk",
    "docker-library/php",
    "Perl/docker-perl",
    "rust-lang/docker-rust",
    "mirror/busybox",
]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def download(url, path):
    """Download url to path unless path exists. Returns path."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    log("download", url)
    tmp = path + ".part"
    with urllib.request.urlopen(url, timeout=120) as r, open(tmp, "wb") as f:
        while True:
            chunk = r.read(1 << 20)
            if not chunk:
                break
            f.write(chunk)
    os.replace(tmp, path)
    return path


def apt_files(cache, family, release, component):
    """(Packages.xz, Contents-amd64.gz paths) for one release component.

    Debian keeps the arch:all packages' files in a separate Contents-all.gz;
    Ubuntu has one Contents-amd64.gz per release, all components together.
    Returns (packages_path, [contents_paths]).
    """
    mirror, _ = APT_FAMILIES[family]
    base = f"{mirror}/dists/{release}"
    d = os.path.join(cache, "apt", family, release)
    pk = download(
        f"{base}/{component}/binary-amd64/Packages.xz",
        os.path.join(d, f"{component}-Packages.xz"),
    )
    contents = []
    if family == "debian":
        for arch in ("amd64", "all"):
            contents.append(
                download(
                    f"{base}/{component}/Contents-{arch}.gz",
                    os.path.join(d, f"{component}-Contents-{arch}.gz"),
                )
            )
    else:
        contents.append(
            download(f"{base}/Contents-amd64.gz", os.path.join(d, "Contents-amd64.gz"))
        )
    return pk, contents


def apt_sources(cache, family, release, component):
    """The Sources.xz path of one release component (downloaded if needed)."""
    mirror, _ = APT_FAMILIES[family]
    return download(
        f"{mirror}/dists/{release}/{component}/source/Sources.xz",
        os.path.join(cache, "apt", family, release, f"{component}-Sources.xz"),
    )


def release_date(cache, family, release):
    """The Date: field of a release's Release file."""
    mirror, _ = APT_FAMILIES[family]
    path = download(
        f"{mirror}/dists/{release}/Release",
        os.path.join(cache, "apt", family, release, "Release"),
    )
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Date:"):
                return line.split(":", 1)[1].strip()
            if not line.strip():
                break
    return "?"


def repo_git_dir(cache, repo, mirrors):
    """A bare git directory holding `repo` (owner/name).

    Looks in each directory of `mirrors` for `owner+name/repo` or
    `owner+name.git` or `name.git` first (a local snapshot); otherwise clones
    https://github.com/owner/name into the cache (bare, full history).
    """
    owner, name = repo.split("/")
    for m in mirrors:
        for cand in (
            os.path.join(m, f"{owner}+{name}", "repo"),
            os.path.join(m, f"{owner}+{name}.git"),
            os.path.join(m, f"{name}.git"),
        ):
            if os.path.isdir(cand):
                return cand
    dest = os.path.join(cache, "git", f"{owner}+{name}.git")
    if not os.path.isdir(dest):
        log("clone", repo)
        subprocess.run(
            ["git", "clone", "--bare", "--quiet", f"https://github.com/{repo}", dest],
            check=True,
        )
    return dest


def git(gitdir, *args):
    return subprocess.run(
        ["git", "--git-dir", gitdir, *args],
        check=True,
        capture_output=True,
        text=False,
    ).stdout.decode("utf-8", "replace")


def head_commit(gitdir):
    return git(gitdir, "rev-parse", "HEAD").strip()


def head_date(gitdir):
    return git(gitdir, "log", "-1", "--format=%cI", "HEAD").strip()
