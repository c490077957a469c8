#!/usr/bin/env python3
"""Differential build check: build each Dockerfile and its `drydock fix` rewrite.

Usage (from the repository root, as root; python3 standard library only):

    cargo build --profile release-cli -p drydock-cli
    python3 scripts/verify_builds.py                  # make verify-builds
    python3 scripts/verify_builds.py --limit 5        # the first 5 selected files
    python3 scripts/verify_builds.py --files 'github__a__*' --jobs 3
    python3 scripts/verify_builds.py --list           # show the selection, build nothing
    python3 scripts/verify_builds.py --keep DIR       # keep the built roots in DIR

Options: --binary PATH (as scripts/verify_fixes.py picks it), --corpus DIR
(default ../shared/corpus), --files GLOB, --limit N (default 60), --seed S,
--jobs N (builds at once, default 2), --step-timeout S (default 900),
--build-timeout S (default 2700), --time-budget S (stop starting new files
after S seconds), --no-bisect, --json PATH (default
target/verify-builds/report.json), --work DIR (default target/verify-builds).

No Docker: each Dockerfile is replayed on a Debian or Ubuntu root
filesystem made with `debootstrap --variant=minbase` (cached per release
and per image "flavor" under <work>/roots, copied for every build), with
chroot. Old releases are approximated by the nearest reachable one and the
official images built on Debian (python, node, ruby, golang, openjdk,
buildpack-deps, php, ...) by the Debian packages that come closest to what
they add (see FLAVORS and docs/fix-safety.md). Stages whose base is not
Debian or Ubuntu (alpine, scratch, centos, windows...) are skipped.

Every stage is replayed in order: RUN in a chroot under the stage's ENV,
ARG defaults, WORKDIR, USER (resolved in the root) and SHELL; COPY/ADD of
build-context files become empty files and folders of the same names
(steps that then use them are marked "stub"); COPY --from copies from the
earlier stage's root. Downloads of .deb files go through a small caching
HTTP proxy started by this script, so each package is fetched once. The
host's local CAs (/usr/local/share/ca-certificates: a TLS-inspecting proxy)
are put in each root's same folder, so they count only once a Dockerfile
installs ca-certificates.

For every selected file the ORIGINAL and the REWRITE (`drydock fix --json`,
default config) are built, and a regression is:

  step       a step (or a group of steps the rewrite changed, mapped by
             line ranges) passes in the original and fails in the rewrite;
  program    a program that a RUN, CMD, ENTRYPOINT or HEALTHCHECK calls
             (first word of each command) is found by `command -v` in the
             original's stage and not in the rewrite's;
  ca-certs   /etc/ssl/certs/ca-certificates.crt is lost;
  users      a user or group that the Dockerfile names is lost;
  package    a dpkg package that the Dockerfile names is lost.

Files (outside documentation and cache folders), executables of the PATH
folders and dpkg packages that the rewrite loses are reported as
differences, not regressions. For a regressing file the applied fix codes
are bisected (`drydock fix --only SUBSET`) to find which codes cause each
regression. Build results are cached by the hash of the text built, so a
second run only rebuilds what changed.

Exit codes: 0 no regression; 1 some regression; 2 cannot run (not root,
no debootstrap, no binary, no corpus).
"""

import argparse
import concurrent.futures
import copy
import difflib
import fnmatch
import gzip
import hashlib
import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Bump when a change of this script changes what a build yields: cached
# build results of another version are ignored.
HARNESS_VERSION = "4"

DEBIAN_MIRROR = "http://deb.debian.org/debian"
UBUNTU_MIRROR = "http://archive.ubuntu.com/ubuntu"
DEBIAN_SUITES = ("bullseye", "bookworm", "trixie")
UBUNTU_SUITES = ("bionic", "focal", "jammy", "noble")
HOST_CA_DIR = "/usr/local/share/ca-certificates"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Folders whose content is not compared (documentation, caches, logs,
# pseudo file systems, the apt lists and archives).
IGNORED_PREFIXES = (
    "/usr/share/doc", "/usr/share/man", "/usr/share/info", "/usr/share/lintian",
    "/usr/share/locale", "/var/cache", "/var/lib/apt/lists", "/var/log", "/root/.cache",
    "/tmp", "/var/tmp", "/proc", "/sys", "/dev", "/run", "/var/lib/dpkg", "/var/lib/apt",
    "/etc/apt/apt.conf.d/00verify-builds", "/usr/lib/python3/dist-packages/__pycache__",
)
PATH_DIRS = ("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
LIB_DIRS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")


def log(message):
    print(f"verify-builds: {message}", flush=True)


def fail(message):
    print(f"verify-builds: {message}", file=sys.stderr)
    sys.exit(2)


def default_binary():
    for rel in ("target/release-cli/drydock", "target/release/drydock", "target/debug/drydock"):
        path = os.path.join(ROOT, rel)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return os.path.join(ROOT, "target/release-cli/drydock")


def sha(text):
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


# ---------------------------------------------------------------------------
# Base images: which root filesystem stands in for an image
# ---------------------------------------------------------------------------

BP_CURL = ["ca-certificates", "curl", "gnupg", "dirmngr", "netbase", "wget"]
BP_SCM = BP_CURL + ["git", "mercurial", "openssh-client", "subversion", "procps"]
BP_FULL = BP_SCM + [
    "autoconf", "automake", "bzip2", "dpkg-dev", "file", "g++", "gcc", "imagemagick", "libbz2-dev",
    "libc6-dev", "libcurl4-openssl-dev", "libdb-dev", "libevent-dev", "libffi-dev", "libgdbm-dev",
    "libglib2.0-dev", "libgmp-dev", "libjpeg-dev", "libkrb5-dev", "liblzma-dev", "libmagickcore-dev",
    "libmagickwand-dev", "libmaxminddb-dev", "libncurses5-dev", "libncursesw5-dev", "libpng-dev",
    "libpq-dev", "libreadline-dev", "libsqlite3-dev", "libssl-dev", "libtool", "libwebp-dev",
    "libxml2-dev", "libxslt1-dev", "libyaml-dev", "make", "patch", "unzip", "xz-utils", "zlib1g-dev",
    "default-libmysqlclient-dev",
]
PHPIZE_DEPS = ["autoconf", "dpkg-dev", "file", "g++", "gcc", "libc6-dev", "make", "pkg-config", "re2c"]
LANG_ENV = {"LANG": "C.UTF-8"}

# name: (packages, extra shell setup, ENV, WORKDIR, how close it is)
FLAVORS = {
    "plain": ([], "", {}, "/", "the release's minbase system (official images add little more)"),
    "dockerfile-ubuntu": (
        ["build-essential", "software-properties-common", "byobu", "curl", "git", "htop", "man-db",
         "unzip", "vim", "wget", "ca-certificates"], "", {"HOME": "/root"}, "/root",
        "the packages its Dockerfile installs, on a newer Ubuntu"),
    "bp-curl": (BP_CURL, "", {}, "/", "buildpack-deps:*-curl's package list"),
    "bp-scm": (BP_SCM, "", {}, "/", "buildpack-deps:*-scm's package list (bzr dropped)"),
    "bp-full": (BP_FULL, "", {}, "/", "buildpack-deps' package list (packages missing in the release dropped)"),
    "python": (
        BP_FULL + ["python3", "python3-dev", "python3-pip", "python3-venv", "python3-setuptools", "python3-wheel"],
        "py", dict(LANG_ENV), "/",
        "buildpack-deps + Debian's python3 and pip in /usr/bin (python, pip linked), not the image's own "
        "CPython in /usr/local; python 2 tags get python 3"),
    "python-slim": (
        ["ca-certificates", "netbase", "tzdata", "python3", "python3-pip", "python3-venv", "python3-setuptools",
         "python3-wheel"], "py", dict(LANG_ENV), "/",
        "minbase + ca-certificates, netbase, tzdata, Debian's python3 and pip (no compiler, as the image)"),
    "node": (BP_FULL + ["nodejs", "npm"], "node", {}, "/",
             "buildpack-deps + Debian's nodejs and npm (older node than most tags), user node (1000)"),
    "node-slim": (["nodejs", "npm"], "node", {}, "/",
                  "minbase + Debian's nodejs and npm, user node (1000)"),
    "ruby": (BP_FULL + ["ruby", "ruby-dev", "ruby-bundler"], "", dict(
        LANG_ENV, GEM_HOME="/usr/local/bundle", BUNDLE_SILENCE_ROOT_WARNING="1", BUNDLE_APP_CONFIG="/usr/local/bundle",
        PATH="/usr/local/bundle/bin:" + DEFAULT_PATH), "/", "buildpack-deps + Debian's ruby and bundler, the image's GEM_HOME"),
    "ruby-slim": (["ca-certificates", "ruby", "ruby-bundler"], "", dict(
        LANG_ENV, GEM_HOME="/usr/local/bundle", BUNDLE_SILENCE_ROOT_WARNING="1", BUNDLE_APP_CONFIG="/usr/local/bundle",
        PATH="/usr/local/bundle/bin:" + DEFAULT_PATH), "/", "minbase + Debian's ruby and bundler"),
    "golang": (BP_SCM + ["g++", "gcc", "libc6-dev", "make", "pkg-config", "golang-go"], "go", dict(
        GOPATH="/go", PATH="/go/bin:/usr/local/go/bin:" + DEFAULT_PATH), "/go",
        "buildpack-deps:scm + gcc + Debian's golang-go (older Go than most tags), GOPATH /go"),
    "openjdk": (BP_SCM + ["bzip2", "unzip", "xz-utils", "default-jdk-headless"], "", dict(
        LANG_ENV, JAVA_HOME="/usr/lib/jvm/default-java"), "/",
        "buildpack-deps:scm + Debian's default JDK (11 or 17, not the tag's version)"),
    "openjdk-jre": (BP_CURL + ["default-jre-headless"], "", dict(LANG_ENV, JAVA_HOME="/usr/lib/jvm/default-java"), "/",
                    "buildpack-deps:curl + Debian's default JRE"),
    "openjdk-slim": (["ca-certificates", "default-jdk-headless"], "", dict(
        LANG_ENV, JAVA_HOME="/usr/lib/jvm/default-java"), "/", "minbase + Debian's default JDK"),
    "maven": (BP_SCM + ["default-jdk-headless", "maven"], "", dict(
        LANG_ENV, JAVA_HOME="/usr/lib/jvm/default-java", MAVEN_HOME="/usr/share/maven"), "/",
        "buildpack-deps:scm + Debian's JDK and maven"),
    "php": (PHPIZE_DEPS + ["ca-certificates", "curl", "xz-utils", "php-cli", "php-dev"], "php", dict(
        PHPIZE_DEPS=" ".join(PHPIZE_DEPS), PHP_INI_DIR="/usr/local/etc/php"), "/",
        "Debian's php-cli and php-dev + PHPIZE_DEPS; no docker-php-ext-* scripts"),
    "php-apache": (PHPIZE_DEPS + ["ca-certificates", "curl", "xz-utils", "php-cli", "php-dev", "apache2",
                                  "libapache2-mod-php"], "php", dict(
        PHPIZE_DEPS=" ".join(PHPIZE_DEPS), PHP_INI_DIR="/usr/local/etc/php"), "/var/www/html",
        "Debian's php with apache2; no docker-php-ext-* scripts"),
    "php-fpm": (PHPIZE_DEPS + ["ca-certificates", "curl", "xz-utils", "php-cli", "php-dev", "php-fpm"], "php", dict(
        PHPIZE_DEPS=" ".join(PHPIZE_DEPS), PHP_INI_DIR="/usr/local/etc/php"), "/var/www/html",
        "Debian's php-fpm; no docker-php-ext-* scripts"),
    "perl": (BP_FULL + ["perl", "cpanminus"], "", {}, "/", "buildpack-deps + Debian's perl and cpanminus"),
    "nginx": (["ca-certificates", "curl", "gettext-base", "nginx"], "", {}, "/",
              "minbase + Debian's nginx (the image's is nginx.org's build)"),
    "httpd": (["ca-certificates", "apache2"], "", {}, "/usr/local/apache2",
              "minbase + Debian's apache2 (the image keeps it in /usr/local/apache2)"),
}

FLAVOR_PARENTS = {"bp-scm": "bp-curl", "bp-full": "bp-scm", "python": "bp-full", "node": "bp-full", "ruby": "bp-full",
                  "perl": "bp-full", "golang": "bp-scm", "openjdk": "bp-scm", "maven": "bp-scm", "openjdk-jre": "bp-curl"}

DEBIAN_CODENAMES = {"wheezy": 7, "jessie": 8, "stretch": 9, "buster": 10, "bullseye": 11, "bookworm": 12,
                    "trixie": 13, "sid": 99, "unstable": 99, "testing": 13}
UBUNTU_CODENAMES = {"precise": 12.04, "trusty": 14.04, "xenial": 16.04, "artful": 17.10, "bionic": 18.04,
                    "cosmic": 18.10, "disco": 19.04, "eoan": 19.10, "focal": 20.04, "groovy": 20.10,
                    "hirsute": 21.04, "impish": 21.10, "jammy": 22.04, "kinetic": 22.10, "lunar": 23.04,
                    "mantic": 23.10, "noble": 24.04}
NOT_DEBIAN = ("alpine", "windowsservercore", "nanoserver", "windows", "onbuild", "centos", "fedora", "ubi")


def debian_suite(version):
    """Nearest reachable Debian release for a version number (old ones: bullseye)."""
    if version >= 13:
        return "trixie"
    if version >= 12:
        return "bookworm"
    return "bullseye"


def ubuntu_suite(version):
    if version >= 24:
        return "noble"
    if version >= 21:
        return "jammy"
    if version >= 19:
        return "focal"
    return "bionic"


def suite_from_tag(tag, default_distro="debian"):
    """(distro, suite) named by a tag (codename or a Debian/Ubuntu number), else the default's."""
    words = re.split(r"[-_.]", tag)
    for w in words:
        if w in DEBIAN_CODENAMES:
            return "debian", debian_suite(DEBIAN_CODENAMES[w])
        if w in UBUNTU_CODENAMES:
            return "ubuntu", ubuntu_suite(UBUNTU_CODENAMES[w])
    return default_distro, ("bullseye" if default_distro == "debian" else "bionic")


def classify_image(image):
    """{distro, suite, flavor} of the root standing in for `image`, or None (not comparable)."""
    image = image.strip().lower()
    if "$" in image or "%" in image or not image:
        return None
    name, _, digest = image.partition("@")
    tag = ""
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    for prefix in ("docker.io/", "index.docker.io/", "registry.hub.docker.com/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name.startswith("library/"):
        name = name[len("library/"):]
    if any(w in tag for w in NOT_DEBIAN):
        return None
    slim = "slim" in tag.split("-") or "slim" in tag
    if name == "debian":
        m = re.match(r"^(\d+)", tag)
        if m:
            return {"distro": "debian", "suite": debian_suite(int(m.group(1))), "flavor": "plain"}
        distro, suite = suite_from_tag(tag)
        return {"distro": distro, "suite": suite, "flavor": "plain"} if distro == "debian" else None
    if name == "ubuntu":
        m = re.match(r"^(\d+)\.(\d+)", tag)
        if m:
            return {"distro": "ubuntu", "suite": ubuntu_suite(int(m.group(1))), "flavor": "plain"}
        distro, suite = suite_from_tag(tag, "ubuntu")
        return {"distro": "ubuntu", "suite": suite, "flavor": "plain"} if distro == "ubuntu" else None
    if name == "dockerfile/ubuntu":
        return {"distro": "ubuntu", "suite": "bionic", "flavor": "dockerfile-ubuntu"}
    if name == "buildpack-deps":
        distro, suite = suite_from_tag(tag)
        flavor = "bp-curl" if tag.endswith("curl") else "bp-scm" if tag.endswith("scm") else "bp-full"
        return {"distro": distro, "suite": suite, "flavor": flavor}
    simple = {"python": "python", "node": "node", "ruby": "ruby", "golang": "golang", "perl": "perl"}
    if name in simple:
        distro, suite = suite_from_tag(tag)
        flavor = simple[name]
        if slim and flavor + "-slim" in FLAVORS:
            flavor += "-slim"
        return {"distro": distro, "suite": suite, "flavor": flavor}
    if name in ("openjdk", "java", "adoptopenjdk", "eclipse-temurin", "amazoncorretto"):
        if name in ("adoptopenjdk", "eclipse-temurin", "amazoncorretto"):
            return None  # Ubuntu or Amazon Linux based, other layout
        distro, suite = suite_from_tag(tag)
        flavor = "openjdk-slim" if slim else "openjdk-jre" if "jre" in tag else "openjdk"
        return {"distro": distro, "suite": suite, "flavor": flavor}
    if name == "maven":
        distro, suite = suite_from_tag(tag)
        return {"distro": distro, "suite": suite, "flavor": "maven"}
    if name == "php":
        distro, suite = suite_from_tag(tag)
        flavor = "php-apache" if "apache" in tag else "php-fpm" if "fpm" in tag else "php"
        return {"distro": distro, "suite": suite, "flavor": flavor}
    if name in ("nginx", "httpd"):
        distro, suite = suite_from_tag(tag)
        return {"distro": distro, "suite": suite, "flavor": name}
    return None


# ---------------------------------------------------------------------------
# Dockerfile model (from `drydock parse --format json`)
# ---------------------------------------------------------------------------

VAR_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def expand(text, variables):
    """Docker's variable substitution ($X, ${X}, ${X:-d}, ${X:+a}); `\\$` escapes."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] == "$":
            out.append("$")
            i += 2
            continue
        m = VAR_RE.match(text, i) if text[i] == "$" else None
        if not m:
            out.append(text[i])
            i += 1
            continue
        name = m.group(1) or m.group(4)
        value = variables.get(name)
        op, word = m.group(2), m.group(3) or ""
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                value = expand(word, variables)
        elif op in (":+", "+"):
            value = expand(word, variables) if value else ""
        out.append(value or "")
        i = m.end()
    return "".join(out)


def unquote(word):
    """One Dockerfile word without its quotes (ENV/ARG/LABEL values)."""
    try:
        parts = shlex.split(word, posix=True)
    except ValueError:
        return word
    return " ".join(parts) if len(parts) != 1 else parts[0]


def pairs_of(instr):
    """ENV/ARG/LABEL arguments as [(key, value or None)] from drydock's triples."""
    args = instr["arguments"]
    if instr["keyword"] == "ARG":
        out = []
        for a in args:
            k, eq, v = a.partition("=")
            out.append((k, unquote(v) if eq else None))
        return out
    out = []
    for i in range(0, len(args) - 2, 3):
        out.append((args[i], unquote(args[i + 1])))
    if len(args) % 3 == 2:  # no separator kept
        out.append((args[-2], unquote(args[-1])))
    return out


def flag(instr, name):
    for f in instr["flags"]:
        if f.startswith(f"--{name}="):
            return f.split("=", 1)[1]
    return None


def is_exec_form(instr, text):
    """Whether a RUN/CMD/ENTRYPOINT is written as a JSON array."""
    body = text[instr["start"]:instr["end"]]
    body = re.sub(r"^\s*\S+", "", body, count=1)
    body = re.sub(r"(--\S+\s+)*", "", body.lstrip(), count=1).lstrip()
    return body.startswith("[")


def stages_of(parsed, text):
    """[{from, name, instructions}] plus the global ARGs."""
    stages, global_args = [], []
    for instr in parsed["instructions"]:
        kw = instr["keyword"].upper()
        instr = dict(instr, keyword=kw, exec_form=kw in ("RUN", "CMD", "ENTRYPOINT", "SHELL") and is_exec_form(instr, text))
        if kw == "FROM":
            args = instr["arguments"]
            name = args[2].lower() if len(args) >= 3 and args[1].upper() == "AS" else None
            stages.append({"from": args[0] if args else "", "name": name, "line": instr["line"],
                           "instructions": []})
        elif not stages:
            if kw == "ARG":
                global_args.extend(pairs_of(instr))
        else:
            stages[-1]["instructions"].append(instr)
    return stages, global_args


def resolve_stage_bases(stages, global_args):
    """Give each stage `base` = ("stage", index) | ("image", classification or None, image)."""
    gvars = {k: v for k, v in global_args if v is not None}
    names = {}
    for i, st in enumerate(stages):
        image = expand(st["from"], gvars)
        ref = image.lower()
        if ref in names:
            st["base"] = ("stage", names[ref])
        elif ref.isdigit() and int(ref) < i:
            st["base"] = ("stage", int(ref))
        elif ref == "scratch":
            st["base"] = ("image", None, image)
        else:
            st["base"] = ("image", classify_image(image), image)
        if st["name"]:
            names[st["name"]] = i
        names.setdefault(str(i), i)
    return stages


def stage_comparable(stages, i):
    base = stages[i]["base"]
    if base[0] == "stage":
        return stage_comparable(stages, base[1])
    return base[1] is not None


def stage_classification(stages, i):
    base = stages[i]["base"]
    if base[0] == "stage":
        return stage_classification(stages, base[1])
    return base[1]


SEPARATORS = re.compile(r"&&|\|\||;|\||\n|\(|\)|`|\$\(|\bthen\b|\bdo\b|\belse\b|\{|\}")
SKIP_WORDS = {
    "if", "then", "fi", "for", "do", "done", "while", "until", "case", "esac", "else", "elif", "in", "!",
    "[", "[[", "]]", "test", "set", "export", "cd", "echo", "true", "false", "exit", "return", "source", ".",
    "eval", "exec", "unset", "local", "read", "shift", "printf", "trap", "wait", "umask", "ulimit", "alias",
    "sudo", "env", "nohup", "time", "command", "builtin", "type", "hash", "break", "continue", ":", "function",
}


def command_words(command):
    """First words of the simple commands of a shell command (programs it calls)."""
    words = set()
    for part in SEPARATORS.split(command):
        try:
            tokens = shlex.split(part, comments=True, posix=True)
        except ValueError:
            tokens = part.split()
        while tokens and (re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", tokens[0]) or tokens[0] in ("sudo", "env", "nohup", "exec", "time", "command")
                          or tokens[0].startswith("-")):
            tokens = tokens[1:]
        if not tokens:
            continue
        w = tokens[0]
        if w in SKIP_WORDS or not re.match(r"^[A-Za-z0-9_./+-]+$", w) or w.startswith(".") or "/" in w.strip("/") and not w.startswith("/"):
            continue
        if re.match(r"^\d", w) or w.startswith("-"):
            continue
        words.add(w)
    return words


# ---------------------------------------------------------------------------
# Caching HTTP proxy for apt
# ---------------------------------------------------------------------------

class AptProxy:
    """Forward proxy for http:// apt traffic: .deb files and by-hash indexes
    cached on disk forever, other index files for this run only."""

    def __init__(self, cache_dir, run_dir):
        self.cache_dir, self.run_dir = cache_dir, run_dir
        os.makedirs(cache_dir, exist_ok=True)
        os.makedirs(run_dir, exist_ok=True)
        self.hits = self.misses = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_HEAD(self):
                self.do_GET(head=True)

            def do_GET(self, head=False):
                url = self.path
                if not url.startswith("http://"):
                    self.send_error(400, "absolute http URL expected")
                    return
                path, status = proxy.fetch(url)
                if path is None:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                size = os.path.getsize(path)
                self.send_response(200)
                self.send_header("Content-Length", str(size))
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                if not head:
                    with open(path, "rb") as f:
                        shutil.copyfileobj(f, self.wfile, 1 << 20)

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def fetch(self, url):
        permanent = re.search(r"\.(u?deb|dsc)$|/by-hash/", url) is not None
        key = hashlib.sha256(url.encode()).hexdigest()
        base = os.path.basename(url.split("?")[0])[-80:]
        path = os.path.join(self.cache_dir if permanent else self.run_dir, f"{key[:16]}-{base}")
        if os.path.exists(path):
            self.hits += 1
            return path, 200
        self.misses += 1
        tmp = f"{path}.{threading.get_ident()}.part"
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "Debian APT-HTTP/1.3 (verify-builds)"})
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(req, timeout=60) as resp, open(tmp, "wb") as out:
                shutil.copyfileobj(resp, out, 1 << 20)
            os.replace(tmp, path)
            return path, 200
        except urllib.error.HTTPError as e:
            return None, e.code
        except Exception:
            return None, 502
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def close(self):
        self.server.shutdown()


# ---------------------------------------------------------------------------
# Root file systems, mounts, chroot
# ---------------------------------------------------------------------------

def mounts_under(path):
    path = os.path.realpath(path)
    out = []
    with open("/proc/self/mounts") as f:
        for line in f:
            mp = line.split()[1].replace("\\040", " ")
            if mp == path or mp.startswith(path + "/"):
                out.append(mp)
    return out


def unmount_all(path):
    for mp in sorted(mounts_under(path), key=len, reverse=True):
        subprocess.run(["umount", "-l", mp], capture_output=True)


def kill_chroot_processes(root):
    """SIGKILL every process whose root directory is inside `root`."""
    real = os.path.realpath(root)
    for _ in range(3):
        found = False
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                r = os.readlink(f"/proc/{pid}/root")
            except OSError:
                continue
            if r == real or r.startswith(real + "/"):
                found = True
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
        if not found:
            return
        time.sleep(0.3)


def remove_tree(path):
    if not os.path.lexists(path):
        return
    kill_chroot_processes(path)
    unmount_all(path)
    if mounts_under(path):
        raise RuntimeError(f"still mounted under {path}: {mounts_under(path)}")
    subprocess.run(["rm", "-rf", "--one-file-system", path], check=False)


def copy_tree(src, dst):
    if mounts_under(src):
        raise RuntimeError(f"copying a mounted root: {src}")
    subprocess.run(["cp", "-a", "--reflink=auto", src, dst], check=True)


class Mounted:
    """/proc, /sys, /dev, /dev/pts and resolv.conf for one chroot call."""

    def __init__(self, root):
        self.root = root
        self.done = []

    def __enter__(self):
        try:
            for src, rel, args in (("proc", "proc", ["-t", "proc"]), ("sysfs", "sys", ["-t", "sysfs", "-o", "ro"]),
                                   ("/dev", "dev", ["--bind"]), ("/dev/pts", "dev/pts", ["--bind"])):
                target = os.path.join(self.root, rel)
                if os.path.islink(target):
                    continue
                os.makedirs(target, exist_ok=True)
                subprocess.run(["mount"] + args + [src, target], check=True, capture_output=True)
                self.done.append(target)
            etc = os.path.join(self.root, "etc")
            resolv = os.path.join(etc, "resolv.conf")
            if os.path.isdir(etc):
                if os.path.islink(resolv) or os.path.exists(resolv):
                    os.unlink(resolv)
                shutil.copyfile("/etc/resolv.conf", resolv)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        kill_chroot_processes(self.root)
        for target in reversed(self.done):
            subprocess.run(["umount", "-l", target], capture_output=True)
        self.done = []
        return False


def read_db(root, name):
    """[fields] of /etc/passwd or /etc/group inside the root."""
    try:
        with open(os.path.join(root, "etc", name), encoding="utf-8", errors="replace") as f:
            return [line.rstrip("\n").split(":") for line in f if line.strip() and not line.startswith("#")]
    except OSError:
        return []


def resolve_user(root, spec):
    """(uid, gid, groups, home) for a USER value, or raise ValueError as Docker does."""
    spec = spec or "root"
    user, _, group = spec.partition(":")
    passwd = read_db(root, "passwd")
    groups = read_db(root, "group")
    entry = next((p for p in passwd if len(p) >= 7 and (p[0] == user or (user.isdigit() and p[2] == user))), None)
    if entry:
        uid, gid, home, name = int(entry[2]), int(entry[3]), entry[5], entry[0]
    elif user.isdigit():
        uid, gid, home, name = int(user), 0, "/", None
    else:
        raise ValueError(f"unable to find user {user}: no matching entries in passwd file")
    if group:
        g = next((x for x in groups if len(x) >= 3 and (x[0] == group or (group.isdigit() and x[2] == group))), None)
        if g:
            gid = int(g[2])
        elif group.isdigit():
            gid = int(group)
        else:
            raise ValueError(f"unable to find group {group}: no matching entries in group file")
        extra = [gid]
    else:
        extra = [gid] + [int(x[2]) for x in groups if len(x) >= 4 and name and name in x[3].split(",")]
    return uid, gid, sorted(set(extra)), home


def chroot_run(root, argv, env, workdir="/", user="root", timeout=900, stdin_text=None):
    """Run argv in the chroot; (exit status or 'timeout', output tail)."""
    try:
        uid, gid, groups, home = resolve_user(root, user)
    except ValueError as e:
        return 1, str(e)
    env = dict(env)
    env.setdefault("PATH", DEFAULT_PATH)
    env.setdefault("HOME", "/root" if uid == 0 else home or "/")
    wd = os.path.join(root, workdir.lstrip("/"))
    if not os.path.isdir(wd):
        os.makedirs(wd, exist_ok=True)
    cmd = ["chroot", f"--userspec={uid}:{gid}", f"--groups={','.join(map(str, groups))}", root,
           "/usr/bin/env", "-i"] + [f"{k}={v}" for k, v in env.items()] + \
          ["/bin/sh", "-c", 'cd "$0" && exec "$@"', workdir] + list(argv)
    with Mounted(root):
        with tempfile.TemporaryFile() as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                                    start_new_session=True)
            try:
                if stdin_text is not None:
                    proc.stdin.write(stdin_text.encode())
                    proc.stdin.close()
                status = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                proc.wait()
                status = "timeout"
            out.seek(0, 2)
            size = out.tell()
            out.seek(max(0, size - 6000))
            tail = out.read().decode("utf-8", "replace")
    return status, tail


# ---------------------------------------------------------------------------
# Base roots and flavors
# ---------------------------------------------------------------------------

class Roots:
    def __init__(self, work, proxy_port, step_timeout):
        self.dir = os.path.join(work, "roots")
        os.makedirs(self.dir, exist_ok=True)
        self.proxy_port = proxy_port
        self.step_timeout = step_timeout
        self.locks = defaultdict(threading.Lock)
        self.meta_lock = threading.Lock()

    def apt_conf(self, root):
        conf = os.path.join(root, "etc/apt/apt.conf.d/00verify-builds")
        with open(conf, "w") as f:
            f.write(f'Acquire::http::Proxy "http://127.0.0.1:{self.proxy_port}/";\n')

    def base(self, distro, suite):
        path = os.path.join(self.dir, suite)
        with self.locks[path]:
            if os.path.exists(path + ".ok"):
                return path
            remove_tree(path)
            tmp = path + ".tmp"
            remove_tree(tmp)
            log(f"debootstrap --variant=minbase {suite} (once)")
            mirror = DEBIAN_MIRROR if distro == "debian" else UBUNTU_MIRROR
            cmd = ["debootstrap", "--variant=minbase"]
            if distro == "ubuntu":
                cmd.append("--no-check-gpg")  # no Ubuntu keyring on a Debian host; apt checks inside
            proc = subprocess.run(cmd + [suite, tmp, mirror], capture_output=True, timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(f"debootstrap {suite} failed: {proc.stdout.decode(errors='replace')[-2000:]}")
            with open(os.path.join(tmp, "etc/apt/sources.list"), "w") as f:
                if distro == "debian":
                    f.write(f"deb {DEBIAN_MIRROR} {suite} main\ndeb {DEBIAN_MIRROR} {suite}-updates main\n")
                    # bullseye-security's index names pool files the mirror no longer has (404).
                    if suite != "bullseye":
                        f.write(f"deb http://security.debian.org/debian-security {suite}-security main\n")
                else:
                    comps = "main restricted universe multiverse"
                    f.write(f"deb {UBUNTU_MIRROR} {suite} {comps}\ndeb {UBUNTU_MIRROR} {suite}-updates {comps}\n"
                            f"deb {UBUNTU_MIRROR} {suite}-security {comps}\n")
            # What Docker's Debian/Ubuntu images add: no service starts, fast dpkg, no translations.
            with open(os.path.join(tmp, "usr/sbin/policy-rc.d"), "w") as f:
                f.write("#!/bin/sh\nexit 101\n")
            os.chmod(os.path.join(tmp, "usr/sbin/policy-rc.d"), 0o755)
            # The host's local CAs (a TLS-inspecting proxy's): they enter the bundle only
            # when a Dockerfile installs ca-certificates, as the public CAs do.
            local_ca = os.path.join(tmp, "usr/local/share/ca-certificates")
            os.makedirs(local_ca, exist_ok=True)
            for n in sorted(os.listdir(HOST_CA_DIR)) if os.path.isdir(HOST_CA_DIR) else []:
                if n.endswith(".crt"):
                    shutil.copyfile(os.path.join(HOST_CA_DIR, n), os.path.join(local_ca, n))
            with open(os.path.join(tmp, "etc/dpkg/dpkg.cfg.d/docker-apt-speedup"), "w") as f:
                f.write("force-unsafe-io\n")
            with open(os.path.join(tmp, "etc/apt/apt.conf.d/docker-no-languages"), "w") as f:
                f.write('Acquire::Languages "none";\n')
            subprocess.run(["rm", "-rf", "--one-file-system", os.path.join(tmp, "var/lib/apt/lists"),
                            os.path.join(tmp, "var/cache/apt/archives")])
            os.makedirs(os.path.join(tmp, "var/lib/apt/lists/partial"))
            os.makedirs(os.path.join(tmp, "var/cache/apt/archives/partial"))
            os.rename(tmp, path)
            open(path + ".ok", "w").close()
            return path

    def flavor(self, distro, suite, flavor):
        """(root path, meta) of a base + flavor root, made once."""
        if flavor == "plain":
            return self.base(distro, suite), {"env": {}, "workdir": "/", "missing": [], "ok": True}
        # A flavor starts from its parent's root (the packages lists are cumulative).
        base, _ = self.flavor(distro, suite, FLAVOR_PARENTS.get(flavor, "plain"))
        path = os.path.join(self.dir, f"{suite}+{flavor}")
        with self.locks[path]:
            if os.path.exists(path + ".json"):
                with open(path + ".json") as f:
                    return path, json.load(f)
            remove_tree(path)
            tmp = path + ".tmp"
            remove_tree(tmp)
            copy_tree(base, tmp)
            self.apt_conf(tmp)
            packages, setup, env, workdir, _ = FLAVORS[flavor]
            log(f"making {suite}+{flavor} ({len(packages)} packages, once)")
            env_all = {"DEBIAN_FRONTEND": "noninteractive"}
            status, out = chroot_run(tmp, ["sh", "-c", "apt-get update -q"], env_all, timeout=self.step_timeout)
            if status != 0:
                raise RuntimeError(f"apt-get update in {suite} failed: {out[-1500:]}")
            packages = list(dict.fromkeys(packages))
            _, out = chroot_run(tmp, ["sh", "-c", 'for p in "$@"; do apt-cache show "$p" 2>/dev/null | grep -q "^Package:" '
                                      '&& echo "have:$p"; done; true', "sh"] + packages, env_all, timeout=300)
            found = {line[5:].strip() for line in out.splitlines() if line.startswith("have:")}
            have = [p for p in packages if p in found]
            missing = [p for p in packages if p not in found]
            if have:
                status, out = chroot_run(tmp, ["sh", "-c", "apt-get install -y -q --no-install-recommends "
                                               + " ".join(shlex.quote(p) for p in dict.fromkeys(have))],
                                         env_all, timeout=max(self.step_timeout, 1800))
                if status != 0:
                    raise RuntimeError(f"installing {flavor} in {suite} failed: {out[-1500:]}")
            script = {
                "py": "for p in python pip; do [ -e /usr/bin/$p ] || ln -s /usr/bin/${p}3 /usr/bin/$p; done; "
                      "rm -f /usr/lib/python3*/EXTERNALLY-MANAGED",
                "node": "groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node"
                        " && (npm install -g yarn >/dev/null 2>&1 || true)",
                "go": "mkdir -p /go/src /go/bin && chmod -R 777 /go",
                "php": "mkdir -p /usr/local/etc/php/conf.d && for f in /etc/php/*/cli/php.ini; do "
                       "cp $f /usr/local/etc/php/php.ini-production; cp $f /usr/local/etc/php/php.ini-development; done",
            }.get(setup, "true")
            script += "; rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/apt/lists/partial"
            status, out = chroot_run(tmp, ["sh", "-c", script], env_all, timeout=self.step_timeout)
            if status != 0:
                raise RuntimeError(f"setting up {flavor} in {suite} failed: {out[-1500:]}")
            os.makedirs(os.path.join(tmp, workdir.lstrip("/")), exist_ok=True)
            meta = {"env": env, "workdir": workdir, "missing": missing, "ok": True}
            os.rename(tmp, path)
            with open(path + ".json", "w") as f:
                json.dump(meta, f)
            return path, meta


# ---------------------------------------------------------------------------
# Replaying a Dockerfile
# ---------------------------------------------------------------------------

DIR_NAMES_WITHOUT_DOT = re.compile(r"^(Dockerfile|Makefile|Gemfile|Procfile|Rakefile|Pipfile|LICENSE|README|VERSION|Vagrantfile|Jenkinsfile|Brewfile|Berksfile|Guardfile|Capfile|Podfile)$", re.I)
ARCHIVE_RE = re.compile(r"\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz)$")


def looks_like_dir(src):
    base = src.rstrip("/").rsplit("/", 1)[-1]
    if src.endswith("/") or src in (".", "./") or base in (".", ""):
        return True
    if DIR_NAMES_WITHOUT_DOT.match(base):
        return False
    return "." not in base.lstrip(".") and not base.startswith(".")


class Build:
    """One replay of a Dockerfile text; results as a plain dict."""

    def __init__(self, roots, text, parsed, workdir, step_timeout, build_timeout, label):
        self.roots, self.text, self.parsed = roots, text, parsed
        self.dir = workdir
        self.step_timeout, self.build_timeout = step_timeout, build_timeout
        self.label = label
        self.started = time.monotonic()

    def run(self):
        """({stages: [...]}, {stage index: root path or None}); keeps self.stages."""
        stages, global_args = stages_of(self.parsed, self.text)
        resolve_stage_bases(stages, global_args)
        self.stages = stages
        result = {"stages": []}
        roots = {}
        os.makedirs(self.dir, exist_ok=True)
        try:
            for i, st in enumerate(stages):
                result["stages"].append(self.run_stage(i, st, stages, global_args, roots))
        finally:
            for r in roots.values():
                if r:
                    kill_chroot_processes(r)
                    unmount_all(r)
        return result, roots

    def stage_root(self, i):
        return os.path.join(self.dir, f"stage{i}")

    def run_stage(self, i, st, stages, global_args, roots):
        res = {"index": i, "name": st["name"], "from": st["from"], "line": st["line"], "steps": []}
        base = st["base"]
        if not stage_comparable(stages, i):
            res["comparable"] = False
            res["why"] = f"base {st['from']} is not Debian or Ubuntu"
            roots[i] = None
            return res
        cls = stage_classification(stages, i)
        res.update(comparable=True, distro=cls["distro"], suite=cls["suite"], flavor=cls["flavor"])
        root = self.stage_root(i)
        remove_tree(root)
        if base[0] == "stage":
            src = roots.get(base[1])
            if not src:
                res["comparable"] = False
                res["why"] = f"stage {base[1]} was not built"
                roots[i] = None
                return res
            copy_tree(src, root)
            state = copy.deepcopy(stages[base[1]]["final_state"])
            state["args"] = {}
        else:
            src, meta = self.roots.flavor(cls["distro"], cls["suite"], cls["flavor"])
            copy_tree(src, root)
            self.roots.apt_conf(root)
            # Every Debian/Ubuntu image's config sets PATH; `ENV PATH=/x:$PATH` expands it.
            state = {"env": dict({"PATH": DEFAULT_PATH}, **meta["env"]), "workdir": meta["workdir"], "user": "root",
                     "shell": ["/bin/sh", "-c"], "args": {}, "stubs": []}
        roots[i] = root
        gvars = {k: v for k, v in global_args}
        for instr in st["instructions"]:
            step = self.run_instruction(instr, state, root, stages, roots, gvars, i)
            if step is not None:
                res["steps"].append(step)
        st["final_state"] = state
        res["final"] = {"env": state["env"], "user": state["user"], "workdir": state["workdir"]}
        return res

    def vars_of(self, state):
        v = {k: val for k, val in state["args"].items() if val is not None}
        v.update(state["env"])
        return v

    def run_instruction(self, instr, state, root, stages, roots, gvars, stage_index):
        kw = instr["keyword"]
        step = {"keyword": kw, "line": instr["line"], "end_line": instr["end_line"],
                "text": self.text[instr["start"]:instr["end"]][:400]}
        variables = self.vars_of(state)
        if kw == "ENV":
            for k, v in pairs_of(instr):
                state["env"][k] = expand(v, self.vars_of(state))
            return None
        if kw == "ARG":
            for k, v in pairs_of(instr):
                if v is not None:
                    state["args"][k] = expand(v, self.vars_of(state))
                elif k in gvars and gvars[k] is not None:
                    state["args"][k] = gvars[k]
                else:
                    state["args"].setdefault(k, None)
            return None
        if kw == "WORKDIR":
            path = expand(instr["arguments"][0] if instr["arguments"] else "/", variables)
            if not path.startswith("/"):
                path = os.path.normpath(os.path.join(state["workdir"], path))
            state["workdir"] = path
            target = os.path.join(root, path.lstrip("/"))
            if not os.path.isdir(target):
                os.makedirs(target, exist_ok=True)
                try:
                    uid, gid, _, _ = resolve_user(root, state["user"])
                    if uid:
                        os.chown(target, uid, gid)
                except ValueError:
                    pass
            return None
        if kw == "USER":
            state["user"] = expand(" ".join(instr["arguments"]), variables)
            return None
        if kw == "SHELL":
            state["shell"] = list(instr["arguments"])
            return None
        if kw in ("RUN",):
            return self.run_run(instr, state, root, step)
        if kw in ("COPY", "ADD"):
            return self.run_copy(instr, state, root, stages, roots, step, stage_index)
        if kw in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            state.setdefault("commands", []).append({"keyword": kw, "exec": instr["exec_form"],
                                                     "arguments": instr["arguments"]})
            return None
        return None  # LABEL, EXPOSE, MAINTAINER, VOLUME, STOPSIGNAL, ONBUILD: metadata only

    def time_left(self):
        return self.build_timeout - (time.monotonic() - self.started)

    def run_run(self, instr, state, root, step):
        env = dict({k: v for k, v in state["args"].items() if v is not None})
        env.update(state["env"])
        flags = instr["flags"]
        if any(f.startswith("--mount") for f in flags):
            step["notes"] = ["--mount ignored"]
        if instr["heredocs"]:
            args = instr["arguments"]
            only = len(args) == 1 and args[0].strip().startswith("<<") and len(instr["heredocs"]) == 1
            if only:
                body = instr["heredocs"][0]["body"]
                argv = state["shell"] + [body]
            else:
                cmd = " ".join(args)
                for h in instr["heredocs"]:
                    cmd += "\n" + h["body"] + h["name"]
                argv = state["shell"] + [cmd]
            command_text = "\n".join(h["body"] for h in instr["heredocs"]) + " " + " ".join(args)
        elif instr["exec_form"]:
            argv = list(instr["arguments"])
            command_text = " ".join(argv)
        else:
            command_text = " ".join(instr["arguments"])
            argv = state["shell"] + [command_text]
        step["command"] = command_text[:2000]
        state.setdefault("run_commands", []).append(command_text)
        stubs = [s for s in state["stubs"] if re.search(r"(^|[\s/'\"=])" + re.escape(s) + r"($|[\s/'\";|&)])", command_text)]
        if stubs:
            step["stub"] = sorted(set(stubs))[:10]
        left = self.time_left()
        if left <= 0:
            step.update(status="timeout", output="build time budget spent")
            return step
        t0 = time.monotonic()
        status, out = chroot_run(root, argv, env, state["workdir"], state["user"],
                                 timeout=min(self.step_timeout, left))
        step["seconds"] = round(time.monotonic() - t0, 1)
        step["status"] = "pass" if status == 0 else "timeout" if status == "timeout" else "fail"
        step["exit"] = status
        if status != 0:
            step["output"] = out[-3000:]
        return step

    def run_copy(self, instr, state, root, stages, roots, step, stage_index):
        variables = self.vars_of(state)
        args = [expand(a, variables) for a in instr["arguments"]]
        if instr["heredocs"]:
            step.update(status="pass", notes=["heredoc COPY: written empty"])
        if len(args) < 2:
            step.update(status="fail", output="COPY needs a source and a destination")
            return step
        srcs, dest = args[:-1], args[-1]
        if not dest.startswith("/"):
            dest = os.path.join(state["workdir"], dest)
        dest_is_dir = args[-1].endswith("/") or len(srcs) > 1 or args[-1] in (".", "./")
        chown = flag(instr, "chown")
        from_ = flag(instr, "from")
        notes = []
        targets = []
        try:
            if from_ is not None:
                ref = expand(from_, variables).lower()
                idx = next((j for j, s in enumerate(stages) if s["name"] == ref), None)
                if idx is None and ref.isdigit():
                    idx = int(ref)
                if idx is None or idx >= stage_index:
                    step.update(status="stub", notes=[f"COPY --from={from_}: an image, not a stage: stubbed"])
                    for s in srcs:
                        targets.append(self.stub(root, s, dest, dest_is_dir, state))
                elif not roots.get(idx):
                    step.update(status="stub", notes=[f"COPY --from={from_}: stage not built: stubbed"])
                    for s in srcs:
                        targets.append(self.stub(root, s, dest, dest_is_dir, state))
                else:
                    for s in srcs:
                        targets.extend(self.copy_from(roots[idx], root, s, dest, dest_is_dir, step))
                    step.setdefault("status", "pass")
            else:
                for s in srcs:
                    if re.match(r"^https?://", s):
                        if instr["keyword"] != "ADD":
                            raise ValueError(f"COPY of a URL: {s}")
                        targets.append(self.download(root, s, dest, dest_is_dir))
                        notes.append(f"downloaded {s}")
                    else:
                        targets.append(self.stub(root, s, dest, dest_is_dir, state,
                                                 archive=instr["keyword"] == "ADD" and ARCHIVE_RE.search(s)))
                step.setdefault("status", "stub")
        except (OSError, ValueError, RuntimeError, subprocess.CalledProcessError) as e:
            step.update(status="fail", output=str(e)[-1500:])
            return step
        if chown:
            spec = expand(chown, variables)
            try:
                user, _, group = spec.partition(":")
                uid, gid, _, _ = resolve_user(root, user)
                if group:
                    _, gid, _, _ = resolve_user(root, f"{user}:{group}")
                for t in targets:
                    if t:
                        subprocess.run(["chown", "-R", "--no-dereference", f"{uid}:{gid}", t], capture_output=True)
            except ValueError as e:
                step.update(status="fail", output=str(e))
        if notes:
            step["notes"] = step.get("notes", []) + notes
        return step

    def inside(self, root, path):
        """Host path of `path` in the root, refusing to leave it."""
        full = os.path.normpath(os.path.join(root, path.lstrip("/")))
        if not (full == root or full.startswith(root + "/")):
            raise ValueError(f"path leaves the root: {path}")
        return full

    def stub(self, root, src, dest, dest_is_dir, state, archive=False):
        name = src.rstrip("/").rsplit("/", 1)[-1]
        if name and name not in (".", "..") and not re.search(r"[*?\[]", name):
            state["stubs"].append(name)
        if dest.rstrip("/") not in ("", "/"):
            state["stubs"].append(dest.rstrip("/"))
        if archive or looks_like_dir(src) or re.search(r"[*?\[]", name):
            target = self.inside(root, dest)
            os.makedirs(target, exist_ok=True)
            return target
        target = self.inside(root, os.path.join(dest, name) if dest_is_dir or os.path.isdir(self.inside(root, dest)) else dest)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            with open(target, "w"):
                pass
            mode = 0o755 if name.endswith(".sh") or "/bin/" in dest else 0o644
            os.chmod(target, mode)
        return target

    def download(self, root, url, dest, dest_is_dir):
        name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "index.html"
        target = self.inside(root, os.path.join(dest, name) if dest_is_dir or dest.endswith("/") else dest)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(url, timeout=20) as resp, open(target, "wb") as out:
                shutil.copyfileobj(resp, out)
        except Exception as e:
            raise RuntimeError(f"ADD {url}: {e}")
        os.chmod(target, 0o600)
        return target

    def copy_from(self, src_root, root, src, dest, dest_is_dir, step):
        import glob
        pattern = self.inside(src_root, src)
        matches = sorted(glob.glob(pattern)) if re.search(r"[*?\[]", src) else [pattern]
        out = []
        for m in matches:
            if not os.path.lexists(m):
                raise RuntimeError(f"COPY --from: {src} not found in the stage")
            if os.path.isdir(m) and not os.path.islink(m):
                target = self.inside(root, dest)
                os.makedirs(target, exist_ok=True)
                subprocess.run(["cp", "-a", "--reflink=auto", m + "/.", target + "/"], check=True, capture_output=True)
            else:
                target = self.inside(root, os.path.join(dest, os.path.basename(m))
                                     if dest_is_dir or len(matches) > 1 or os.path.isdir(self.inside(root, dest)) else dest)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                subprocess.run(["cp", "-a", "--reflink=auto", m, target], check=True, capture_output=True)
            out.append(target)
        return out


def inspect_root(root, state, words):
    """What a stage's final root holds: programs found, files, packages, users."""
    found = set()
    if words:
        script = 'for w in "$@"; do command -v "$w" >/dev/null 2>&1 && echo "$w"; done; true'
        env = dict(state["env"])
        status, out = chroot_run(root, ["/bin/sh", "-c", script, "sh"] + sorted(words), env, "/", "root", timeout=120)
        found = set(out.split()) & set(words)
    files = []
    rl = len(root)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = dirpath[rl:] or "/"
        if rel.startswith(IGNORED_PREFIXES) and any(rel == p or rel.startswith(p + "/") for p in IGNORED_PREFIXES):
            dirnames[:] = []
            continue
        for n in filenames:
            files.append(os.path.join(rel, n))
        for n in dirnames:
            if os.path.islink(os.path.join(dirpath, n)):
                files.append(os.path.join(rel, n))
    files = [f for f in files if not any(f == p or f.startswith(p + "/") for p in IGNORED_PREFIXES)]
    packages = []
    try:
        with open(os.path.join(root, "var/lib/dpkg/status"), encoding="utf-8", errors="replace") as f:
            pkg = None
            for line in f:
                if line.startswith("Package: "):
                    pkg = line.split(": ", 1)[1].strip()
                elif line.startswith("Status: ") and line.strip().endswith(" installed") and pkg:
                    packages.append(pkg)
    except OSError:
        pass
    users = sorted(p[0] for p in read_db(root, "passwd"))
    groups = sorted(g[0] for g in read_db(root, "group"))
    ca = os.path.exists(os.path.join(root, "etc/ssl/certs/ca-certificates.crt"))
    return {"programs_found": sorted(found), "programs_checked": sorted(words), "files": sorted(files),
            "packages": sorted(packages), "users": users, "groups": groups, "ca_certs": ca}


def stage_words(state):
    words = set()
    for c in state.get("run_commands", []):
        words |= command_words(c)
    for c in state.get("commands", []):
        if c["exec"]:
            if c["arguments"]:
                w = c["arguments"][0]
                if c["keyword"] == "HEALTHCHECK" and len(c["arguments"]) > 1:
                    w = c["arguments"][1]
                if re.match(r"^[A-Za-z0-9_./+-]+$", w) and not w.startswith("."):
                    words.add(w)
        else:
            words |= command_words(" ".join(a for a in c["arguments"] if a.upper() != "CMD"))
    return words


# ---------------------------------------------------------------------------
# Cached builds
# ---------------------------------------------------------------------------

class Builder:
    def __init__(self, args, roots, binary):
        self.args, self.roots, self.binary = args, roots, binary
        self.cache_dir = os.path.join(args.work, "cache")
        self.build_dir = os.path.join(args.work, "builds")
        os.makedirs(self.cache_dir, exist_ok=True)
        os.makedirs(self.build_dir, exist_ok=True)
        self.counter = Counter()
        self.lock = threading.Lock()

    def parse(self, text):
        proc = subprocess.run([self.binary, "parse", "--format", "json", "-"], input=text.encode("utf-8", "surrogateescape"),
                              capture_output=True)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"drydock parse failed: {proc.stderr.decode(errors='replace')[-500:]}")
        return json.loads(proc.stdout)

    def key(self, text):
        return sha(f"{HARNESS_VERSION}\n{text}")

    def build(self, text, label, keep=None):
        """Results of building `text` (cached by its hash)."""
        key = self.key(text)
        path = os.path.join(self.cache_dir, key[:32] + ".json.gz")
        if os.path.exists(path) and not keep:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                with self.lock:
                    self.counter["cached"] += 1
                return json.load(f)
        with self.lock:
            self.counter["built"] += 1
        work = os.path.join(self.build_dir, key[:16])
        remove_tree(work)
        started = time.monotonic()
        parsed = self.parse(text)
        b = Build(self.roots, text, parsed, work, self.args.step_timeout, self.args.build_timeout, label)
        try:
            result, stage_roots = b.run()
            for res, st in zip(result["stages"], b.stages):
                r = stage_roots.get(res["index"])
                if r and res.get("comparable"):
                    state = st.get("final_state", {"env": {}})
                    res["inspect"] = inspect_root(r, state, stage_words(state))
            if keep:
                os.makedirs(keep, exist_ok=True)
                dst = os.path.join(keep, label.replace("/", "_"))
                remove_tree(dst)
                shutil.move(work, dst)
        finally:
            remove_tree(work)
        result["seconds"] = round(time.monotonic() - started, 1)
        result["key"] = key
        tmp = path + ".tmp"
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            json.dump(result, f)
        os.replace(tmp, path)
        return result


# ---------------------------------------------------------------------------
# Comparing two builds
# ---------------------------------------------------------------------------

def step_ok(step):
    return step.get("status") in ("pass", "stub")


def step_key(step):
    return re.sub(r"\s+", " ", step.get("text", "")).strip()


def compare(orig, rew, applied, text=""):
    """Regressions and differences of the rewrite's build against the original's."""
    regressions, differences, incomparable, steps_compared = [], [], 0, 0
    not_comparable_steps = []
    failed_in_both = []  # commands of the steps failing in both builds
    for so, sr in zip(orig["stages"], rew["stages"]):
        if not so.get("comparable") or not sr.get("comparable"):
            continue
        a, b = so["steps"], sr["steps"]
        sm = difflib.SequenceMatcher(a=[step_key(s) for s in a], b=[step_key(s) for s in b], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2))) if op == "equal" else [(range(i1, i2), range(j1, j2))]
            for pa, pb in pairs:
                ga = [a[i] for i in (pa if isinstance(pa, range) else [pa])]
                gb = [b[j] for j in (pb if isinstance(pb, range) else [pb])]
                if not ga or not gb:
                    continue
                ok_a = all(step_ok(s) for s in ga)
                ok_b = all(step_ok(s) for s in gb)
                lines = (ga[0]["line"], ga[-1]["end_line"])
                stub = any(s.get("stub") or s.get("status") == "stub" for s in ga + gb)
                if ok_a and ok_b:
                    steps_compared += len(ga)
                    if stub:
                        not_comparable_steps.append({"stage": so["index"], "lines": lines, "why": "uses stubbed files"})
                elif not ok_a and not ok_b:
                    incomparable += len(ga)
                    failed_in_both.extend(x.get("command") or x.get("text") or "" for x in ga + gb)
                    not_comparable_steps.append({"stage": so["index"], "lines": lines,
                                                 "why": why_failed(ga), "status": [s.get("status") for s in ga]})
                elif ok_a and not ok_b:
                    bad = next(s for s in gb if not step_ok(s))
                    missing = re.findall(r"(?:^|\s)([\w.+-]+): (?:command )?not found", bad.get("output") or "")
                    named = [m for m in missing if any(re.search(r"(?<![\w.-])" + re.escape(m) + r"(?![\w.-])", c)
                                                       for c in failed_in_both)]
                    if named:
                        # The program it lacks is one a step failing in both builds installs.
                        incomparable += len(ga)
                        not_comparable_steps.append({"stage": so["index"], "lines": lines, "why":
                                                     f"{', '.join(named)} not found, installed by a step failing in both"})
                        continue
                    if NETWORK_HINTS.search(bad.get("output") or "") and not CERT_HINTS.search(bad.get("output") or ""):
                        # A download from an unreachable host that the original's pipe or `||`
                        # hid (`curl URL | sh` under pipefail): with the network both would pass.
                        incomparable += len(ga)
                        not_comparable_steps.append({"stage": so["index"], "lines": lines, "why":
                                                     "needs the network; the original hid the failure",
                                                     "command": (bad.get("command") or "")[:300]})
                        differences.append({"kind": "network-failure-surfaced", "stage": so["index"], "lines": list(lines),
                                            "codes_on_lines": sorted({x["code"] for x in applied if lines[0] <= x["line"] <= lines[1]}),
                                            "command": (bad.get("command") or "")[:300],
                                            "output": (bad.get("output") or "")[-300:]})
                        continue
                    steps_compared += len(ga)
                    codes = sorted({x["code"] for x in applied if lines[0] <= x["line"] <= lines[1]})
                    regressions.append({
                        "kind": "step", "stage": so["index"], "lines": list(lines),
                        "id": f"step:{so['index']}:{lines[0]}-{lines[1]}",
                        "what": f"line {lines[0]}-{lines[1]} passes in the original, fails in the rewrite"
                                + (" (uses stubbed files)" if stub else ""),
                        "codes_on_lines": codes, "command": bad.get("command") or bad.get("text"),
                        "status": bad.get("status"), "output": (bad.get("output") or "")[-1500:],
                        "error": error_lines(bad.get("output") or "")})
                else:
                    differences.append({"kind": "step-repaired", "stage": so["index"], "lines": list(lines),
                                        "what": "fails in the original, passes in the rewrite"})
        io, ir = so.get("inspect"), sr.get("inspect")
        if not io or not ir:
            continue
        lost_programs = sorted(set(io["programs_found"]) - set(ir["programs_found"]))
        # A program that a step failing in both builds names (`apt-get install -y wget
        # python-pip` where python-pip is gone from the release) would have been
        # installed by both in a real build: not comparable.
        hidden = [p for p in lost_programs
                  if any(re.search(r"(?<![\w.-])" + re.escape(p) + r"(?![\w.-])", c) for c in failed_in_both)]
        for p in hidden:
            not_comparable_steps.append({"stage": so["index"], "program": p,
                                         "why": f"`{p}` is lost, but a step failing in both builds names it"})
        for p in (p for p in lost_programs if p not in hidden):
            regressions.append({"kind": "program", "stage": so["index"], "id": f"program:{so['index']}:{p}",
                                "what": f"`{p}` (called by the Dockerfile) is in the original's stage {so['index']}, not in the rewrite's"})
        if io["ca_certs"] and not ir["ca_certs"]:
            regressions.append({"kind": "ca-certs", "stage": so["index"], "id": f"ca:{so['index']}",
                                "what": f"/etc/ssl/certs/ca-certificates.crt is lost (stage {so['index']})"})
        for kind in ("users", "groups"):
            lost = sorted(set(io[kind]) - set(ir[kind]))
            # A user the Dockerfile names (USER, --chown, chown, useradd...) is a regression;
            # the system users of packages the rewrite no longer installs are a difference.
            named = [u for u in lost if re.search(r"(?<![\w-])" + re.escape(u) + r"(?![\w-])", text or "")]
            if named:
                regressions.append({"kind": "users", "stage": so["index"], "id": f"{kind}:{so['index']}:{','.join(named)}",
                                    "what": f"{kind} the Dockerfile names are lost: {', '.join(named)}"})
            if lost:
                differences.append({"kind": f"lost-{kind}", "stage": so["index"], "names": lost})
        lost_files = sorted(set(io["files"]) - set(ir["files"]))
        lost_pkgs = sorted(set(io["packages"]) - set(ir["packages"]))
        # A package the Dockerfile names (`apt-get install ... x`) that the rewrite's image lacks.
        def names(word, texts):
            return any(re.search(r"(?<![\w.+-])" + re.escape(word) + r"(?![\w.+-])", t or "") for t in texts)

        # Named in an install command (`apt-get install`, `apt install`, `aptitude install`),
        # so that a common word ("file", "make") elsewhere does not count.
        installs = [x.get("command") or "" for x in so["steps"] + sr["steps"]
                    if re.search(r"\b(apt-get|apt|aptitude)\b[^;&|]*\binstall\b", x.get("command") or "")]
        named_pkgs = [p for p in lost_pkgs if names(p, installs)]
        for p in named_pkgs:
            if names(p, failed_in_both):
                # Installed by a step failing in both builds (merged, in the rewrite,
                # with an install of a package the release lacks): not comparable.
                not_comparable_steps.append({"stage": so["index"], "package": p,
                                             "why": f"package {p} is lost, but a step failing in both builds names it"})
                continue
            regressions.append({"kind": "package", "stage": so["index"], "id": f"package:{so['index']}:{p}",
                                "what": f"package {p}, which the Dockerfile names, is installed in the original's stage "
                                        f"{so['index']}, not in the rewrite's"})
        if lost_files or lost_pkgs:
            execs = [f for f in lost_files if os.path.dirname(f) in PATH_DIRS]
            libs = [f for f in lost_files if f.startswith(tuple(d + "/" for d in LIB_DIRS)) and ".so" in f]
            differences.append({
                "kind": "lost", "stage": so["index"], "files": len(lost_files), "executables": execs[:40],
                "executables_count": len(execs), "libraries_count": len(libs),
                "etc": [f for f in lost_files if f.startswith("/etc/")][:20],
                "packages": lost_pkgs[:60], "packages_count": len(lost_pkgs),
                "gained_files": len(set(ir["files"]) - set(io["files"]))})
    return {"regressions": regressions, "differences": differences, "steps_compared": steps_compared,
            "steps_not_comparable": incomparable, "not_comparable": not_comparable_steps}


NETWORK_HINTS = re.compile(r"Could not resolve|Temporary failure in name resolution|Failed to connect|Connection refused|"
                           r"Network is unreachable|unable to access|Connection timed out|Could not connect|"
                           r"Failed to fetch|ERROR 40[34]|404 +Not Found|Name or service not known|unable to resolve|"
                           r"Unable to look up|ADD http", re.I)
CERT_HINTS = re.compile(r"certificate|CAfile|SSL certificate problem|server certificate verification", re.I)
PACKAGE_HINTS = re.compile(r"Unable to locate package|has no installation candidate|No matching distribution|"
                           r"Package '.*' has no|is not available|Couldn't find any package", re.I)


ERROR_LINE_RE = re.compile(r"\b(error|exception|fatal|not found|failed|cannot|unable|no such)\b|^E: ", re.I)


def error_lines(output, n=4):
    """The last lines of a step's output that say what went wrong."""
    lines = [x.strip() for x in output.splitlines() if ERROR_LINE_RE.search(x) and len(x) < 400]
    return lines[-n:]


def why_failed(steps):
    out = " ".join(s.get("output") or "" for s in steps)
    if any(s.get("status") == "timeout" for s in steps):
        return "timeout in both"
    if any(s.get("stub") for s in steps):
        return "fails in both (uses stubbed files)"
    if PACKAGE_HINTS.search(out):
        return "fails in both (package missing in the approximated release)"
    if NETWORK_HINTS.search(out):
        return "fails in both (network beyond the package registries)"
    return "fails in both"


# ---------------------------------------------------------------------------
# Per file: fix, build both, bisect
# ---------------------------------------------------------------------------

def fix_text(binary, path, only=None):
    cmd = [binary, "fix", "--json", "--quiet", "--config", os.devnull]
    if only is not None:
        cmd += ["--only", ",".join(only)]
    proc = subprocess.run(cmd + ["--", path], capture_output=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"drydock fix failed on {path}: {proc.stderr.decode(errors='replace')[-500:]}")
    return json.loads(proc.stdout)[0]


URL_HOST_RE = re.compile(r"\b(?:https?|ftp|git)://([A-Za-z0-9.-]+)(?::(\d+))?")
_reachable = {}
_reachable_lock = threading.Lock()


def unreachable_hosts(command):
    """Hosts of the URLs in a command that this machine cannot connect to."""
    out = []
    for host, port in set(URL_HOST_RE.findall(command or "")):
        key = (host, port)
        with _reachable_lock:
            known = _reachable.get(key)
        if known is None:
            try:
                socket.create_connection((host, int(port) if port else 443), timeout=10).close()
                known = True
            except OSError:
                try:
                    socket.create_connection((host, 80), timeout=10).close()
                    known = True
                except OSError:
                    known = False
            with _reachable_lock:
                _reachable[key] = known
        if not known:
            out.append(host)
    return sorted(out)


def drop_network_regressions(cmp):
    """A failing step that downloads from a host this machine cannot reach (its
    failure hidden in the original by a pipe: `curl -s URL | bash` under pipefail)
    is not comparable: with the network both builds would pass."""
    kept = []
    for r in cmp["regressions"]:
        hosts = unreachable_hosts(r.get("command")) if r["kind"] == "step" else []
        if not hosts:
            kept.append(r)
            continue
        cmp["steps_compared"] -= 1
        cmp["steps_not_comparable"] += 1
        cmp["not_comparable"].append({"stage": r["stage"], "lines": r["lines"],
                                      "why": f"needs {', '.join(hosts)} (unreachable); the original hid the failure"})
        cmp["differences"].append({"kind": "network-failure-surfaced", "stage": r["stage"], "lines": r["lines"],
                                   "codes_on_lines": r["codes_on_lines"], "command": (r.get("command") or "")[:300],
                                   "output": r.get("output", "")[-300:], "hosts": hosts})
    cmp["regressions"] = kept
    return cmp


def check_file(builder, name, path, args):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    fixed = fix_text(builder.binary, path)
    entry = {"file": name, "original_sha": sha(text)[:16], "rewrite_sha": sha(fixed["text"])[:16],
             "applied": [{"code": a["code"], "line": a["line"], "id": a["id"]} for a in fixed["applied"]],
             "changed": fixed["changed"]}
    started = time.monotonic()
    keep = os.path.join(args.keep, name) if args.keep else None
    orig = builder.build(text, f"{name}/original", keep=keep)
    rew = builder.build(fixed["text"], f"{name}/rewrite", keep=keep) if fixed["changed"] else orig
    cmp = drop_network_regressions(compare(orig, rew, fixed["applied"], text))
    entry["stages"] = [{"index": s["index"], "from": s["from"], "comparable": s.get("comparable"),
                        "suite": s.get("suite"), "flavor": s.get("flavor"), "why": s.get("why")}
                       for s in orig["stages"]]
    entry["original"] = summary(orig)
    entry["rewrite"] = summary(rew)
    entry.update(cmp)
    codes = sorted({a["code"] for a in fixed["applied"]})
    entry["culprits"] = {}
    if cmp["regressions"] and not args.no_bisect and len(codes) > 0:
        target = {r["id"] for r in cmp["regressions"]}
        culprits = bisect(builder, path, name, orig, codes, target, fixed["text"])
        entry["culprits"] = culprits
        for r in cmp["regressions"]:
            r["codes"] = sorted(c for c, ids in culprits.items() if r["id"] in ids and c != "(not reproduced)")
            if not r["codes"]:
                r["codes"] = ["(interaction or not reproduced)"]
    else:
        for r in cmp["regressions"]:
            r["codes"] = r.get("codes_on_lines") or codes
    entry["seconds"] = round(time.monotonic() - started, 1)
    return entry


def summary(build):
    c = Counter()
    for st in build["stages"]:
        for s in st.get("steps", []):
            c[s.get("status")] += 1
    return {"pass": c["pass"], "fail": c["fail"] + c["timeout"], "stub": c["stub"], "timeout": c["timeout"],
            "seconds": build.get("seconds")}


def same_regression(target, r):
    """Whether regression `r` of a subset's build is the target (a regression id).
    Step ids name the first original line of the group of steps the rewrite
    changed; another subset groups other lines, so steps match when their
    original line ranges overlap."""
    if not target.startswith("step:") or r["kind"] != "step":
        return r["id"] == target
    _, stage, lines = target.split(":", 2)
    first, last = (int(x) for x in lines.split("-"))
    return r["stage"] == int(stage) and r["lines"][0] <= last and first <= r["lines"][1]


def bisect(builder, path, name, orig, codes, target, full_text):
    """{code: [regression ids it reproduces alone or as the smallest subset found]}."""
    found = defaultdict(set)

    def regressions_of(subset):
        fixed = fix_text(builder.binary, path, only=subset)
        if not fixed["changed"]:
            return set()
        if fixed["text"] == full_text:
            return set(target)
        res = builder.build(fixed["text"], f"{name}/only-{'+'.join(subset)}")
        found = drop_network_regressions(compare(orig, res, fixed["applied"], full_text))["regressions"]
        return {t for t in target if any(same_regression(t, r) for r in found)}

    def search(subset, wanted):
        if not wanted:
            return
        if len(subset) == 1:
            for w in wanted:
                found[subset[0]].add(w)
            return
        half = len(subset) // 2
        left, right = subset[:half], subset[half:]
        rl = regressions_of(left)
        rr = regressions_of(right)
        search(left, wanted & rl)
        search(right, wanted & rr)
        for w in wanted - rl - rr:
            # Only the two halves together reproduce it: name the whole subset.
            for c in subset:
                found[c].add(w)

    search(list(codes), set(target))
    return {c: sorted(v) for c, v in sorted(found.items())}


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------

# Files that compile software from source are left out: one such build
# takes longer than the rest of a file's builds together.
SOURCE_BUILD_RE = re.compile(r"\./configure\b|\bmake\s+(-j|install|all\b)|\bcmake\b|\bbazel\b")
INSTALL_RE = re.compile(r"\b(apt-get|apt|aptitude)\s+(-\S+\s+)*install\b|\bpip3?\s+install\b|\bnpm\s+install\b|\bgem\s+install\b")


def select(binary, files_dir, names, args):
    """Files whose final stage is Debian/Ubuntu based, whose rewrite changes and which install packages."""
    reports = []
    for i in range(0, len(names), 200):
        chunk = names[i:i + 200]
        proc = subprocess.run([binary, "fix", "--json", "--quiet", "--config", os.devnull, "--"] + chunk,
                              cwd=files_dir, capture_output=True)
        reports.extend(json.loads(proc.stdout))
    fixed = {r["file"]: r for r in reports}
    chosen = []
    for name in names:
        r = fixed.get(name)
        if not r or not r["changed"] or r["syntax_errors_before"]:
            continue
        with open(os.path.join(files_dir, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if not INSTALL_RE.search(text) or SOURCE_BUILD_RE.search(text):
            continue
        froms = re.findall(r"(?im)^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", text)
        if not froms:
            continue
        gargs = {}
        for m in re.finditer(r"(?im)^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)", text.split("FROM", 1)[0] if "FROM" in text else ""):
            gargs[m.group(1)] = unquote(m.group(2))
        stage_names = set()
        ok = []
        for image, alias in froms:
            img = expand(image, gargs).lower()
            ok.append(img in stage_names or classify_image(img) is not None)
            if alias:
                stage_names.add(alias.lower())
        if not ok[-1]:
            continue
        chosen.append(name)
    chosen.sort(key=lambda n: sha(f"{args.seed}:{n}"))
    return chosen


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def per_code(entries):
    table = defaultdict(lambda: {"applied_files": 0, "applied": 0, "regressed_files": [], "what": [],
                                 "lost_files_with": 0})
    for e in entries:
        for a in e["applied"]:
            table[a["code"]]["applied"] += 1
        for code in {a["code"] for a in e["applied"]}:
            table[code]["applied_files"] += 1
        for r in e["regressions"]:
            for code in r.get("codes", []):
                t = table[code]
                if e["file"] not in t["regressed_files"]:
                    t["regressed_files"].append(e["file"])
                t["what"].append(f"{e['file']}: {r['what']}")
    return table


def print_report(entries, started, builder, proxy, out):
    w = out.write
    w("\nper file (original | rewrite: steps passed/failed; not comparable: steps failing in both)\n")
    w(f"{'file':<62} {'base -> root':<40} {'orig':>7} {'rewrite':>7} {'n/c':>4} {'lost pkgs':>9} {'regressions'}\n")
    for e in entries:
        if "error" in e:
            w(f"{e['file'][:62]:<62} ERROR: {e['error'][:200]}\n")
            continue
        st = [s for s in e["stages"] if s["comparable"]]
        last = e["stages"][-1] if e["stages"] else {}
        base = f"{last.get('from', '')[:22]}->{last.get('suite')}+{last.get('flavor')}" if last.get("comparable") else \
            f"{len(st)}/{len(e['stages'])} stages"
        o, r = e["original"], e["rewrite"]
        regs = "; ".join(f"{x['kind']} {x.get('lines', '')} [{','.join(x.get('codes', []))}]".replace("[] ", "")
                         for x in e["regressions"]) or "-"
        lost = sum(d["packages_count"] for d in e["differences"] if d["kind"] == "lost")
        w(f"{e['file'][:62]:<62} {base[:40]:<40} {o['pass']:>3}/{o['fail']:<3} {r['pass']:>3}/{r['fail']:<3} "
          f"{e['steps_not_comparable']:>4} {lost:>9} {regs}\n")
    table = per_code([e for e in entries if "error" not in e])
    w("\nper fix code\n")
    w(f"{'code':<24} {'files':>5} {'fixes':>5} {'regressed':>9}  what broke\n")
    for code, t in sorted(table.items(), key=lambda kv: (-len(kv[1]["regressed_files"]), kv[0])):
        what = t["what"][0][:100] if t["what"] else ""
        w(f"{code:<24} {t['applied_files']:>5} {t['applied']:>5} {len(t['regressed_files']):>9}  {what}\n")
    ok = [e for e in entries if "error" not in e]
    n_reg = sum(1 for e in ok if e["regressions"])
    w(f"\nfiles: {len(entries)} ({len(entries) - len(ok)} errors); steps compared: "
      f"{sum(e['steps_compared'] for e in ok)}; not comparable (fail in both): {sum(e['steps_not_comparable'] for e in ok)}; "
      f"files with regressions: {n_reg}; builds: {builder.counter['built']} run, {builder.counter['cached']} cached; "
      f"apt proxy: {proxy.hits} hits, {proxy.misses} downloads; {time.monotonic() - started:.0f} s\n")
    if n_reg:
        w("\nregressions\n")
        for e in ok:
            for r in e["regressions"]:
                w(f"  {e['file']}: {r['what']} [{', '.join(r.get('codes', []))}]\n")
                if r.get("command"):
                    w(f"    command: {r['command'][:300]!r}\n")
                if r.get("error") or r.get("output"):
                    text = "\n".join(r.get("error") or []) or r["output"][-400:]
                    w("    error: " + text.replace("\n", "\n           ") + "\n")
    return table


def markdown(report):
    """The results of a run as the Markdown tables of docs/fix-safety.md."""
    files = report["files"]
    ok = [e for e in files if "error" not in e]
    t = report["totals"]
    lines = [f"Run of {report['date']}, drydock code at commit `{report['drydock_commit']}`: "
             f"{t['files']} files ({t['errors']} could not be checked), {t['steps_compared']} steps compared, "
             f"{t['steps_not_comparable']} not comparable (failing in both builds), "
             f"{t['files_with_regressions']} files with regressions, {t['seconds'] // 60} min.", "",
             "| file | base → root | original pass/fail | rewrite pass/fail | not comparable | lost in the rewrite | regressions [codes] |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for e in files:
        if "error" in e:
            lines.append(f"| {e['file']} | | | | | | error: {e['error'][:80]} |")
            continue
        last = e["stages"][-1]
        base = f"`{last['from']}` → {last['suite']}+{last['flavor']}" if last.get("comparable") else "(last stage skipped)"
        if len(e["stages"]) > 1:
            base += f" ({sum(1 for s in e['stages'] if s['comparable'])}/{len(e['stages'])} stages)"
        lost = [d for d in e["differences"] if d["kind"] == "lost"]
        lost_txt = ", ".join(f"{d['packages_count']} pkgs, {d['executables_count']} execs" for d in lost) or "-"
        regs = "; ".join(f"{r['kind']}{' ' + str(r['lines'][0]) if r.get('lines') else ''} [{', '.join(r.get('codes', []))}]"
                         for r in e["regressions"]) or "-"
        o, r = e["original"], e["rewrite"]
        lines.append(f"| {e['file']} | {base} | {o['pass']}/{o['fail']} | {r['pass']}/{r['fail']} | "
                     f"{e['steps_not_comparable']} | {lost_txt} | {regs} |")
    lines += ["", "| code | files applied | fixes applied | files regressed | what broke |", "| --- | --- | --- | --- | --- |"]
    for code, c in sorted(report["per_code"].items(), key=lambda kv: (-len(kv[1]["regressed_files"]), -kv[1]["applied_files"], kv[0])):
        what = "<br>".join(sorted(set(c["what"]))[:4]) or "-"
        lines.append(f"| {code} | {c['applied_files']} | {c['applied']} | {len(c['regressed_files'])} | {what} |")
    return "\n".join(lines) + "\n"


def git_commit(*paths):
    """Short hash of HEAD, or of the last commit touching `paths` (crates/: the drydock code)."""
    cmd = ["git", "-C", ROOT, "log", "-1", "--format=%h"] + (["--"] + list(paths) if paths else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=default_binary())
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    ap.add_argument("--files", default="*", help="only corpus files matching this glob")
    ap.add_argument("--limit", type=int, default=60, help="at most N files (0: all selected)")
    ap.add_argument("--seed", default="verify-builds-1", help="orders the selection (sha256 of seed:name)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--step-timeout", type=int, default=900)
    ap.add_argument("--build-timeout", type=int, default=2700)
    ap.add_argument("--time-budget", type=int, default=0, help="start no new file after S seconds (0: none)")
    ap.add_argument("--no-bisect", action="store_true")
    ap.add_argument("--list", action="store_true", help="print the selected files and exit")
    ap.add_argument("--keep", default=None, help="keep the built roots in this directory")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "verify-builds"))
    ap.add_argument("--json", default=None, help="results (default <work>/report.json)")
    ap.add_argument("--markdown", default=None, metavar="REPORT",
                    help="print the tables of a report.json as Markdown (docs/fix-safety.md) and exit")
    args = ap.parse_args()

    if args.markdown:
        with open(args.markdown, encoding="utf-8") as f:
            sys.stdout.write(markdown(json.load(f)))
        return 0
    files_dir = os.path.join(args.corpus, "files")
    if not os.path.isdir(files_dir):
        fail(f"no corpus at {args.corpus} (expected files/)")
    binary = os.path.abspath(args.binary)
    if not os.path.isfile(binary):
        fail(f"no drydock binary at {binary}; build it first (cargo build --profile release-cli -p drydock-cli)")
    names = sorted(n for n in os.listdir(files_dir) if fnmatch.fnmatch(n, args.files))
    if not names:
        fail(f"no corpus file matches {args.files!r}")
    selected = select(binary, files_dir, names, args)
    if args.limit:
        selected = selected[:args.limit]
    if args.list:
        for n in selected:
            print(n)
        return 0
    if not selected:
        fail("no selected file (Debian/Ubuntu based, changed by drydock fix, installing packages)")
    if os.geteuid() != 0:
        fail("needs root (debootstrap, chroot, mount)")
    if not shutil.which("debootstrap"):
        fail("debootstrap missing: apt-get install debootstrap")
    args.work = os.path.abspath(args.work)
    if args.keep:
        args.keep = os.path.abspath(args.keep)
    os.makedirs(args.work, exist_ok=True)
    # Stale mounts and builds of an interrupted run.
    unmount_all(args.work)
    remove_tree(os.path.join(args.work, "builds"))
    for n in os.listdir(os.path.join(args.work, "roots")) if os.path.isdir(os.path.join(args.work, "roots")) else []:
        if n.endswith(".tmp"):
            remove_tree(os.path.join(args.work, "roots", n))

    started = time.monotonic()
    run_dir = tempfile.mkdtemp(prefix="verify-builds-index-")
    proxy = AptProxy(os.path.join(args.work, "apt-cache"), run_dir)
    roots = Roots(args.work, proxy.port, args.step_timeout)
    builder = Builder(args, roots, binary)
    log(f"{len(selected)} files, {args.jobs} jobs, drydock code {git_commit('crates')} (HEAD {git_commit()}), apt proxy on 127.0.0.1:{proxy.port}")
    entries = {}
    try:
        def one(name):
            if args.time_budget and time.monotonic() - started > args.time_budget:
                return {"file": name, "error": "skipped: time budget spent"}
            t0 = time.monotonic()
            try:
                e = check_file(builder, name, os.path.join(files_dir, name), args)
            except Exception as ex:  # one file's failure must not stop the others
                import traceback
                e = {"file": name, "error": f"{type(ex).__name__}: {ex}", "trace": traceback.format_exc()[-2000:]}
            log(f"{name}: {'ERROR ' + e['error'][:200] if 'error' in e else str(len(e['regressions'])) + ' regressions'}"
                f" ({time.monotonic() - t0:.0f} s)")
            return e

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for e in pool.map(one, selected):
                entries[e["file"]] = e
    finally:
        proxy.close()
        shutil.rmtree(run_dir, ignore_errors=True)
        unmount_all(args.work)
    ordered = [entries[n] for n in selected if n in entries]
    table = print_report(ordered, started, builder, proxy, sys.stdout)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "drydock_commit": git_commit("crates"), "head": git_commit(),
        "harness_version": HARNESS_VERSION, "seed": args.seed, "files": ordered,
        "per_code": {c: {"applied_files": t["applied_files"], "applied": t["applied"],
                         "regressed_files": t["regressed_files"], "what": t["what"]} for c, t in table.items()},
        "totals": {"files": len(ordered), "errors": sum(1 for e in ordered if "error" in e),
                   "steps_compared": sum(e.get("steps_compared", 0) for e in ordered),
                   "steps_not_comparable": sum(e.get("steps_not_comparable", 0) for e in ordered),
                   "files_with_regressions": sum(1 for e in ordered if e.get("regressions")),
                   "seconds": round(time.monotonic() - started)},
    }
    out = args.json or os.path.join(args.work, "report.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    log(f"results in {out}")
    if report["totals"]["files"] == report["totals"]["errors"]:
        return 2
    return 1 if report["totals"]["files_with_regressions"] else 0


if __name__ == "__main__":
    sys.exit(main())
