#!/usr/bin/env python3
"""Verify `drydock fix` on the corpus: rewrites must be sound and must help.

Usage (from the repository root; python3 standard library only):

    cargo build --release -p drydock-cli
    python3 scripts/verify_fixes.py              # full check (make verify-fixes)
    python3 scripts/verify_fixes.py --no-hadolint
    python3 scripts/verify_fixes.py --keep DIR   # keep the rewrites in DIR
    python3 scripts/verify_fixes.py --files 'github__a__*'   # a subset (glob)

Options: --binary PATH (as scripts/parity.py picks it), --corpus DIR (default
../shared/corpus), --jobs N (hadolint processes at once, default 2),
--batch N (files per hadolint process, default 20), --min-reduction R
(default 0.5: fail when hadolint's DL findings drop by less), --json PATH.

For every file of <corpus>/files it applies every safe and suggested fix
(`drydock fix --json`, default config) and checks:

  broken     the rewrite has more syntax errors than the original;
  unstable   fixing the rewrite again changes it (or the engine did not
             converge);
  grew       drydock's findings of some code are more numerous on the
             rewrite than on the original;
  new kind   hadolint (when on PATH) finds on the rewrite a DL code it did
             not find on the original (DL1000, a parse error, included);
  more       hadolint finds more of some DL code on the rewrite.

A file hadolint could not parse (DL1000) that it parses after the fixes is
listed as "repaired" and not compared: its findings on the original are
no baseline (hadolint reported nothing but the parse error).

hadolint's findings on the originals are read from
<corpus>/hadolint-2.15.1.jsonl; it runs only on rewrites that differ from
their original (the others have the same findings), in batches, at most
--jobs at a time. The script prints hadolint's DL findings before and after,
summed and per code, lists the offending files, and exits 1 when any file
is broken, unstable, grew, or got a new kind or more of a hadolint finding,
or when the DL findings dropped by less than --min-reduction; 2 when it
cannot run.
"""

import argparse
import concurrent.futures
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_binary():
    for rel in ("target/release-cli/drydock", "target/release/drydock", "target/debug/drydock"):
        path = os.path.join(ROOT, rel)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return os.path.join(ROOT, "target/release/drydock")


def fail(message):
    print(f"verify-fixes: {message}", file=sys.stderr)
    sys.exit(2)


def drydock_json(binary, cwd, args):
    proc = subprocess.run([binary] + args, cwd=cwd, capture_output=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
        fail(f"`drydock {' '.join(args[:3])} …` exited with {proc.returncode}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        fail(f"drydock's JSON output is invalid: {e}")


def fix_all(binary, cwd, names):
    """{name: fix report} from one `drydock fix --json` over `names`."""
    reports = drydock_json(binary, cwd, ["fix", "--json", "--quiet", "--config", os.devnull, "--"] + names)
    return {r["file"]: r for r in reports}


def lint_counts(binary, cwd, names):
    """{name: Counter(code)} of drydock's findings."""
    found = drydock_json(binary, cwd, ["lint", "--format", "json", "--no-fail", "--config", os.devnull, "--"] + names)
    out = {n: Counter() for n in names}
    for x in found:
        out[x["file"]][x["code"]] += 1
    return out


def load_hadolint(path):
    """{file: Counter(DL code)} from the corpus's hadolint output."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError as e:
                fail(f"{path}:{n}: invalid JSON: {e}")
            out[entry["file"]] = Counter(x["code"] for x in entry.get("findings", []) if x["code"].startswith("DL"))
    return out


def hadolint_batch(cwd, names):
    """{name: Counter(DL code)} for one hadolint process over `names`."""
    proc = subprocess.run(["hadolint", "--no-fail", "-f", "json", "--"] + names, cwd=cwd, capture_output=True)
    try:
        findings = json.loads(proc.stdout or b"[]")
    except json.JSONDecodeError:
        fail(f"hadolint's JSON output is invalid (exit {proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-500:]}")
    out = {n: Counter() for n in names}
    for x in findings:
        if x["code"].startswith("DL"):
            out.setdefault(x["file"], Counter())[x["code"]] += 1
    return out


def hadolint_all(cwd, names, jobs, batch):
    batches = [names[i:i + batch] for i in range(0, len(names), batch)]
    out = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for result in pool.map(lambda b: hadolint_batch(cwd, b), batches):
            out.update(result)
    return out


def grown(before, after):
    """Codes whose count grew, as 'CODE a→b'."""
    return [f"{c} {before.get(c, 0)}→{n}" for c, n in sorted(after.items()) if n > before.get(c, 0)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=default_binary())
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    ap.add_argument("--files", default="*", help="only corpus files matching this glob")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--min-reduction", type=float, default=0.5)
    ap.add_argument("--no-hadolint", action="store_true")
    ap.add_argument("--keep", default=None, help="write the rewrites to this directory")
    ap.add_argument("--json", default=None, help="write the figures to this file")
    args = ap.parse_args()

    files_dir = os.path.join(args.corpus, "files")
    expected_path = os.path.join(args.corpus, "hadolint-2.15.1.jsonl")
    if not os.path.isdir(files_dir):
        fail(f"no corpus at {args.corpus} (expected files/)")
    binary = os.path.abspath(args.binary)
    if not os.path.isfile(binary):
        fail(f"no drydock binary at {binary}; build it first (cargo build --release -p drydock-cli)")
    use_hadolint = not args.no_hadolint and shutil.which("hadolint") is not None
    if not args.no_hadolint and not use_hadolint:
        print("verify-fixes: hadolint not on PATH: its comparison is skipped")
    if use_hadolint and not os.path.isfile(expected_path):
        fail(f"{expected_path} missing: hadolint's findings on the originals are needed")
    names = sorted(n for n in os.listdir(files_dir) if fnmatch.fnmatch(n, args.files))
    if not names:
        fail(f"no corpus file matches {args.files!r}")

    work = tempfile.mkdtemp(prefix="drydock-verify-")
    try:
        return verify(args, binary, files_dir, expected_path, names, use_hadolint, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def verify(args, binary, files_dir, expected_path, names, use_hadolint, work):
    started = time.monotonic()
    # Work on copies: the rewrites live in `out`, named as the originals.
    out_dir = os.path.join(work, "rewrites")
    os.makedirs(out_dir)
    first = fix_all(binary, files_dir, names)
    changed = []
    for name in names:
        r = first[name]
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(r["text"])
        if r["changed"]:
            changed.append(name)
    fix_seconds = time.monotonic() - started
    second = fix_all(binary, out_dir, names)
    ours_before = lint_counts(binary, files_dir, names)
    ours_after = lint_counts(binary, out_dir, names)

    problems = {"broken": [], "unstable": [], "grew": [], "new kind": [], "more": []}
    # Files hadolint could not parse (DL1000) and can after the fixes: its
    # findings before are no baseline, so they are listed, not compared.
    repaired = []
    for name in names:
        r = first[name]
        if r["syntax_errors_after"] > r["syntax_errors_before"]:
            problems["broken"].append(f"{name}: {r['syntax_errors_before']} → {r['syntax_errors_after']} syntax errors")
        if second[name]["changed"] or not r["converged"]:
            again = [a["id"] for a in second[name]["applied"]]
            problems["unstable"].append(f"{name}: fixing again applies {again}" if again else f"{name}: did not converge")
        g = grown(ours_before[name], ours_after[name])
        if g:
            problems["grew"].append(f"{name}: {', '.join(g)}")

    applied = Counter(a["code"] for r in first.values() for a in r["applied"])
    manual = Counter(s["code"] for r in first.values() for s in r["skipped"] if s["reason"] == "manual")
    dropped = Counter(s["code"] for r in first.values() for s in r["skipped"] if s["reason"] == "breaks_syntax")
    adds = Counter(s["code"] for r in first.values() for s in r["skipped"] if s["reason"] == "adds_findings")
    sum_before = sum(sum(c.values()) for c in ours_before.values())
    sum_after = sum(sum(c.values()) for c in ours_after.values())

    print(f"corpus: {len(names)} files, {len(changed)} rewritten; drydock: {binary}")
    print(f"drydock fix over the corpus (one process): {fix_seconds:.2f} s")
    print(f"fixes applied: {sum(applied.values())} of {len(applied)} rules; "
          f"left for a human (manual): {sum(manual.values())}; dropped: {sum(dropped.values())} (would break the syntax), "
          f"{sum(adds.values())} (would add a lasting finding: {dict(adds.most_common(5))})")
    print(f"drydock's findings: {sum_before} → {sum_after}")

    figures = {"files": len(names), "rewritten": len(changed), "applied": dict(applied),
               "drydock_before": sum_before, "drydock_after": sum_after}
    if use_hadolint:
        expected = load_hadolint(expected_path)
        missing = [n for n in names if n not in expected]
        if missing:
            fail(f"{len(missing)} files have no hadolint entry, e.g. {missing[0]}")
        started = time.monotonic()
        after = hadolint_all(out_dir, changed, args.jobs, args.batch)
        hadolint_seconds = time.monotonic() - started
        per_code_before, per_code_after = Counter(), Counter()
        for name in names:
            b = expected[name]
            a = after.get(name, b)
            per_code_before.update(b)
            per_code_after.update(a)
            if "DL1000" in b and "DL1000" not in a:
                repaired.append(f"{name}: hadolint now parses it and finds {', '.join(sorted(a)) or 'nothing'}")
                continue
            new = sorted(set(a) - set(b))
            if new:
                problems["new kind"].append(f"{name}: {', '.join(new)}")
            more = [g for g in grown(b, a) if g.split()[0] not in new]
            if more:
                problems["more"].append(f"{name}: {', '.join(more)}")
        total_before, total_after = sum(per_code_before.values()), sum(per_code_after.values())
        reduction = 1 - total_after / total_before if total_before else 0.0
        print(f"hadolint over the {len(changed)} rewritten files: {hadolint_seconds:.1f} s ({args.jobs} jobs)")
        print()
        print(f"{'code':<8} {'before':>7} {'after':>7}")
        for code in sorted(set(per_code_before) | set(per_code_after)):
            print(f"{code:<8} {per_code_before[code]:>7} {per_code_after[code]:>7}")
        print(f"{'all DL':<8} {total_before:>7} {total_after:>7}   reduced by {reduction:.1%}")
        figures.update({"hadolint_before": total_before, "hadolint_after": total_after, "reduction": reduction,
                        "hadolint_per_code": {c: [per_code_before[c], per_code_after[c]] for c in per_code_before | per_code_after}})
    print()
    if repaired:
        print(f"repaired: {len(repaired)} files hadolint could not parse before (not compared)")
        for item in repaired:
            print(f"  {item}")
    failed = False
    for kind, items in problems.items():
        print(f"{kind}: {len(items)} files")
        for item in items:
            print(f"  {item}")
        failed |= bool(items)
    if use_hadolint and reduction < args.min_reduction:
        print(f"\nverify-fixes: hadolint's DL findings dropped by {reduction:.1%}, under {args.min_reduction:.0%}")
        failed = True
    figures["problems"] = {k: len(v) for k, v in problems.items()}
    figures["repaired"] = len(repaired)
    if args.keep:
        shutil.copytree(out_dir, args.keep, dirs_exist_ok=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
