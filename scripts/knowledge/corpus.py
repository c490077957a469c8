"""Package names that Dockerfiles of a corpus install with apt-get/apt."""

import os
import re

SPLIT = re.compile(r"&&|\|\||;|\||\(|\)|`|\$\(")
NAME = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")


def install_names(text):
    """Every package name (each occurrence, in order) that the apt-get, apt
    or aptitude installs of a Dockerfile's text name (versions and
    releases cut off; words with variables, globs or braces skipped)."""
    out = []
    text = re.sub(r"\\\r?\n", " ", text)
    for line in text.splitlines():
        for cmd in SPLIT.split(line):
            words = cmd.split()
            for i, w in enumerate(words):
                if w.rsplit("/", 1)[-1] not in ("apt-get", "apt", "aptitude"):
                    continue
                rest = words[i + 1 :]
                if "install" not in rest:
                    break
                for a in rest[rest.index("install") + 1 :]:
                    a = a.strip("'\"")
                    if a.startswith("-") or "$" in a or "{" in a:
                        continue
                    a = re.split(r"[=:]", a, 1)[0]
                    if a.endswith("/") or "*" in a:
                        continue
                    if NAME.match(a):
                        out.append(a)
                break
    return out


def installed_packages(corpus_dir):
    """name -> number of files that install it."""
    counts = {}
    files = os.path.join(corpus_dir, "files")
    for fn in sorted(os.listdir(files)):
        try:
            with open(os.path.join(files, fn), encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        for n in set(install_names(text)):
            counts[n] = counts.get(n, 0) + 1
    return counts


def run_programs(corpus_dir):
    """program name -> number of files whose RUN lines call it (roughly: the
    first word of each simple command, without its directory)."""
    counts = {}
    files = os.path.join(corpus_dir, "files")
    for fn in sorted(os.listdir(files)):
        try:
            with open(os.path.join(files, fn), encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        text = re.sub(r"\\\r?\n", " ", text)
        seen = set()
        for line in text.splitlines():
            m = re.match(r"^\s*RUN\s+(.*)$", line, re.I)
            if not m:
                continue
            for cmd in SPLIT.split(m.group(1)):
                words = cmd.split()
                while words and (re.match(r"^\w+=", words[0]) or words[0] in ("sudo", "exec", "then", "do", "else", "if", "!", "{", "time", "env", "nohup", "xargs")):
                    words = words[1:]
                if not words:
                    continue
                w = words[0].rsplit("/", 1)[-1]
                if re.match(r"^[a-z][a-z0-9_.+-]*$", w):
                    seen.add(w)
        for n in seen:
            counts[n] = counts.get(n, 0) + 1
    return counts
