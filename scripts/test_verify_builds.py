#!/usr/bin/env python3
"""Offline unit tests of scripts/verify_builds.py's pure parts (no root, no
network, no build): image classification, variable expansion, ENV/ARG
pairs, the programs a command calls, stub shapes and the comparison of two
build results.

    python3 scripts/test_verify_builds.py      # or: python3 -m unittest discover -s scripts -p 'test_*.py'

Not part of `make test`: the harness itself only runs with `make verify-builds`.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_builds as vb  # noqa: E402


class Classify(unittest.TestCase):
    def c(self, image):
        k = vb.classify_image(image)
        return k and (k["distro"], k["suite"], k["flavor"])

    def test_debian_and_ubuntu_releases(self):
        self.assertEqual(self.c("debian:jessie"), ("debian", "bullseye", "plain"))
        self.assertEqual(self.c("debian:stretch-slim"), ("debian", "bullseye", "plain"))
        self.assertEqual(self.c("debian:12-slim"), ("debian", "bookworm", "plain"))
        self.assertEqual(self.c("debian"), ("debian", "bullseye", "plain"))
        self.assertEqual(self.c("debian:sid"), ("debian", "trixie", "plain"))
        self.assertEqual(self.c("ubuntu:14.04"), ("ubuntu", "bionic", "plain"))
        self.assertEqual(self.c("ubuntu:20.04"), ("ubuntu", "focal", "plain"))
        self.assertEqual(self.c("ubuntu:jammy"), ("ubuntu", "jammy", "plain"))
        self.assertEqual(self.c("docker.io/library/ubuntu:xenial"), ("ubuntu", "bionic", "plain"))

    def test_images_built_on_debian(self):
        self.assertEqual(self.c("python:3.6"), ("debian", "bullseye", "python"))
        self.assertEqual(self.c("python:3.7-slim-buster"), ("debian", "bullseye", "python-slim"))
        self.assertEqual(self.c("python:3.12-slim-bookworm"), ("debian", "bookworm", "python-slim"))
        self.assertEqual(self.c("node:8-slim"), ("debian", "bullseye", "node-slim"))
        self.assertEqual(self.c("buildpack-deps:xenial-scm"), ("ubuntu", "bionic", "bp-scm"))
        self.assertEqual(self.c("buildpack-deps:stretch-curl"), ("debian", "bullseye", "bp-curl"))
        self.assertEqual(self.c("openjdk:8-jre"), ("debian", "bullseye", "openjdk-jre"))
        self.assertEqual(self.c("openjdk:8-jdk-slim"), ("debian", "bullseye", "openjdk-slim"))
        self.assertEqual(self.c("php:7.2-apache"), ("debian", "bullseye", "php-apache"))

    def test_not_comparable(self):
        for image in ("alpine:3.8", "python:3.7-alpine", "golang:1.12-alpine", "centos:7", "scratch",
                      "mcr.microsoft.com/windows/servercore:ltsc2019", "myorg/thing:1", "$BASE",
                      "debian:%%TAG%%", "python:3-onbuild"):
            self.assertIsNone(vb.classify_image(image), image)


class Expand(unittest.TestCase):
    def test_forms(self):
        v = {"A": "1", "E": ""}
        self.assertEqual(vb.expand("$A/${A}/x", v), "1/1/x")
        self.assertEqual(vb.expand("${B:-def}${E:-e}${E-f}", v), "defe")
        self.assertEqual(vb.expand("${A:+set}${B:+no}", v), "set")
        self.assertEqual(vb.expand("\\$A $B", v), "$A ")


class Pairs(unittest.TestCase):
    def test_env_triples_and_arg(self):
        env = {"keyword": "ENV", "arguments": ["A", "1", "=", "B", '"two words"', "="]}
        self.assertEqual(vb.pairs_of(env), [("A", "1"), ("B", "two words")])
        legacy = {"keyword": "ENV", "arguments": ["C", "three four", ""]}
        self.assertEqual(vb.pairs_of(legacy), [("C", "three four")])
        arg = {"keyword": "ARG", "arguments": ["X=1", "Y"]}
        self.assertEqual(vb.pairs_of(arg), [("X", "1"), ("Y", None)])


class Words(unittest.TestCase):
    def test_first_words(self):
        w = vb.command_words("apt-get update && DEBIAN_FRONTEND=x apt-get install -y curl | tee log; "
                             "if [ -f x ]; then make; fi; sudo pip install y; cd /x && ./run.sh")
        self.assertEqual(w, {"apt-get", "tee", "make", "pip"})


class Stubs(unittest.TestCase):
    def test_shapes(self):
        for d in (".", "./", "src/", "app", "conf/nginx"):
            self.assertTrue(vb.looks_like_dir(d), d)
        for f in ("requirements.txt", "run.sh", "Gemfile", "Dockerfile", ".bashrc", "x/package.json"):
            self.assertFalse(vb.looks_like_dir(f), f)


def step(line, status, text, end=None):
    return {"keyword": "RUN", "line": line, "end_line": end or line, "status": status, "text": text}


def stage(steps, inspect=None):
    return {"index": 0, "comparable": True, "steps": steps, "inspect": inspect}


def inspect(programs=(), ca=True, users=("root",), files=()):
    return {"programs_found": list(programs), "programs_checked": list(programs), "files": list(files),
            "packages": [], "users": list(users), "groups": [], "ca_certs": ca}


class Compare(unittest.TestCase):
    def test_changed_group_maps_to_original_lines(self):
        orig = {"stages": [stage([step(3, "pass", "RUN a"), step(4, "pass", "RUN b"), step(6, "pass", "RUN c")])]}
        rew = {"stages": [stage([step(3, "fail", "RUN a && b"), step(5, "pass", "RUN c")])]}
        applied = [{"code": "DL3059", "line": 4}, {"code": "DL3015", "line": 9}]
        out = vb.compare(orig, rew, applied)
        self.assertEqual(len(out["regressions"]), 1)
        r = out["regressions"][0]
        self.assertEqual((r["kind"], r["lines"], r["codes_on_lines"]), ("step", [3, 4], ["DL3059"]))
        self.assertEqual(out["steps_compared"], 3)

    def test_failing_in_both_is_not_comparable(self):
        orig = {"stages": [stage([step(3, "fail", "RUN x", 5)])]}
        rew = {"stages": [stage([step(3, "fail", "RUN x --y", 5)])]}
        out = vb.compare(orig, rew, [])
        self.assertEqual((out["regressions"], out["steps_not_comparable"]), ([], 1))

    def test_programs_certificates_users(self):
        orig = {"stages": [stage([], inspect(programs=["curl", "git"], users=["root", "app", "messagebus"]))]}
        rew = {"stages": [stage([], inspect(programs=["curl"], ca=False, users=["root"]))]}
        out = vb.compare(orig, rew, [], text="FROM debian\nUSER app\n")
        kinds = sorted(r["id"] for r in out["regressions"])
        self.assertEqual(kinds, ["ca:0", "program:0:git", "users:0:app"])
        lost_users = [d for d in out["differences"] if d["kind"] == "lost-users"]
        self.assertEqual(lost_users[0]["names"], ["app", "messagebus"])

    def test_named_package_lost(self):
        a, b = inspect(), inspect()
        a["packages"], b["packages"] = ["dbus", "default-libmysqlclient-dev"], ["libmysqlclient-dev"]
        install = {"keyword": "RUN", "line": 2, "end_line": 2, "status": "pass", "text": "RUN i",
                   "command": "apt-get install -y $(echo default-libmysqlclient-dev)"}
        out = vb.compare({"stages": [stage([install], a)]}, {"stages": [stage([install], b)]}, [],
                         text="RUN apt-get install -y $(echo default-libmysqlclient-dev)")
        self.assertEqual([r["id"] for r in out["regressions"]], ["package:0:default-libmysqlclient-dev"])
        out = vb.compare({"stages": [stage([], a)]}, {"stages": [stage([], b)]}, [],
                         text="RUN apt-get install -y $(echo default-libmysqlclient-dev)")
        self.assertEqual(out["regressions"], [])
        failing = {"keyword": "RUN", "line": 3, "end_line": 3, "status": "fail", "text": "RUN x",
                   "command": "apt-get install -y default-libmysqlclient-dev php5"}
        out = vb.compare({"stages": [stage([failing], a)]}, {"stages": [stage([dict(failing, text="RUN y")], b)]}, [],
                         text="RUN apt-get install -y default-libmysqlclient-dev php5")
        self.assertEqual(out["regressions"], [])

    def test_program_named_by_a_step_failing_in_both_is_not_comparable(self):
        failing = {"keyword": "RUN", "line": 3, "end_line": 3, "status": "fail", "text": "RUN x",
                   "command": "apt-get install -y wget python-pip"}
        orig = {"stages": [stage([failing], inspect(programs=["wget", "git"]))]}
        rew = {"stages": [stage([dict(failing, text="RUN y")], inspect(programs=[]))]}
        out = vb.compare(orig, rew, [])
        self.assertEqual([r["id"] for r in out["regressions"]], ["program:0:git"])
        self.assertEqual([x.get("program") for x in out["not_comparable"] if "program" in x], ["wget"])


class SameRegression(unittest.TestCase):
    def test_step_ranges_overlap(self):
        r = {"kind": "step", "stage": 0, "lines": [28, 28], "id": "step:0:28-28"}
        self.assertTrue(vb.same_regression("step:0:24-28", r))
        self.assertFalse(vb.same_regression("step:0:24-27", r))
        self.assertFalse(vb.same_regression("step:1:24-28", r))
        self.assertTrue(vb.same_regression("ca:0", {"kind": "ca-certs", "id": "ca:0"}))


if __name__ == "__main__":
    unittest.main()
