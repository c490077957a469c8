#!/usr/bin/env python3
"""Parity harness: drydock's DL findings against hadolint 2.15.1's on the corpus.

Usage (from the repository root; python3 standard library only):

    cargo build --release -p drydock-cli      # or a debug build
    python3 scripts/parity.py                 # full report
    python3 scripts/parity.py --floor 0.9     # exit 1 when overall F1 < 0.9
    python3 scripts/parity.py --rule DL3008   # one rule's FPs/FNs with source lines
    python3 scripts/parity.py --rule DL3008 --limit 50
    python3 scripts/parity.py --time-hadolint # also time hadolint on the same files
    python3 scripts/parity.py --dl1000-evidence  # needs hadolint: see below

Options: --binary PATH (default target/release/drydock, else target/debug/drydock;
the release-cli profile's target/release-cli/drydock is preferred when present),
--corpus DIR (default ../shared/corpus: holds files/ and hadolint-2.15.1.jsonl),
--top N (files listed where we differ, default 15), --json PATH (write the
per-rule figures as JSON).

What it does: runs ONE `drydock lint --format json --no-fail` over every file
of <corpus>/files, keeps DL codes other than DL1000 on both sides (with
--family SC: the ShellCheck codes hadolint reports, SC…, instead), and compares
the sets of (file, line, code). A finding's line is the line the instruction
starts on, as hadolint reports it: rules should report on the instruction's
first line (a span starting there) to match.

Cases documented in docs/hadolint-differences.md (its table with columns
file | line | code | kind | why, kind `hadolint-fp` = hadolint reports it and is
wrong, `hadolint-fn` = hadolint misses it and we are right) are counted
separately as "documented", not as FP/FN; the adjusted F1 (the one checked
against --floor) leaves them out.

--dl1000-evidence (needs hadolint on PATH): for each file hadolint rejects with
DL1000 (it then reports nothing else), repairs a copy the least it can and runs
hadolint again: whitespace-only lines are emptied (BuildKit skips them inside a
continuation; hadolint's parser stops there), then, while hadolint still reports
DL1000, the instruction on that line is commented out (same line numbers). It
prints, per file, the repair, the findings hadolint then reports that drydock
reports on the original, and the differences; and the table rows
(`hadolint-fn`) for docs/hadolint-differences.md.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIFFERENCES = os.path.join(ROOT, "docs", "hadolint-differences.md")


def default_binary():
    for rel in ("target/release-cli/drydock", "target/release/drydock", "target/debug/drydock"):
        path = os.path.join(ROOT, rel)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return os.path.join(ROOT, "target/release/drydock")


# Which findings are compared: hadolint's DL rules (the default) or the
# ShellCheck codes it reports (SC…), chosen by --family.
FAMILY = "DL"


def keep(code):
    if FAMILY == "SC":
        return code.startswith("SC")
    return code.startswith("DL") and code != "DL1000"


def load_hadolint(path):
    """{file: set((line, code))} from the corpus's hadolint output."""
    expected = {}
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.strip()
            if not raw:
                continue
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError as e:
                sys.exit(f"parity: {path}:{n}: invalid JSON: {e}")
            expected[entry["file"]] = {
                (int(x["line"]), x["code"]) for x in entry.get("findings", []) if keep(x["code"])
            }
    return expected


def load_documented(path):
    """{(file, line, code): (kind, why)} from the differences table."""
    documented = {}
    if not os.path.isfile(path):
        return documented
    row = re.compile(r"^\|\s*`?([^|`]+?)`?\s*\|\s*(\d+)\s*\|\s*`?((?:DL|SC)\d{4})`?\s*\|\s*(hadolint-fp|hadolint-fn)\s*\|(.*)\|\s*$")
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = row.match(line.strip())
            if m:
                documented[(m.group(1), int(m.group(2)), m.group(3))] = (m.group(4), m.group(5).strip())
    return documented


def run_drydock(binary, files_dir, names):
    cmd = [binary, "lint", "--format", "json", "--no-fail", "--config", os.devnull, "--"] + names
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=files_dir, capture_output=True)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
        sys.exit(f"parity: drydock exited with {proc.returncode}")
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        sys.exit(f"parity: drydock's JSON output is invalid: {e}")
    got = defaultdict(set)
    for x in findings:
        if keep(x["code"]):
            got[x["file"]].add((int(x["line"]), x["code"]))
    return got, elapsed


def time_hadolint(files_dir, names):
    cmd = ["hadolint", "--no-fail", "-f", "json", "--"] + names
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=files_dir, capture_output=True)
    return time.monotonic() - start, proc.returncode


def dl1000_evidence(binary, files_dir, expected_path):
    """See --dl1000-evidence in the module docs. Returns an exit status."""
    rejected = []
    with open(expected_path, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                entry = json.loads(raw)
                lines = [x["line"] for x in entry.get("findings", []) if x["code"] == "DL1000"]
                if lines:
                    rejected.append((entry["file"], lines[0]))

    def hadolint(path):
        proc = subprocess.run(["hadolint", "--no-fail", "-f", "json", path], capture_output=True)
        return json.loads(proc.stdout or b"[]")

    def ours(path):
        proc = subprocess.run([binary, "lint", "--no-fail", "--config", os.devnull, "-f", "json", path],
                              capture_output=True)
        return {(x["line"], x["code"]) for x in json.loads(proc.stdout) if keep(x["code"])}

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, first_error in sorted(rejected):
            original = os.path.join(files_dir, name)
            with open(original, encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
            parsed = json.loads(subprocess.run([binary, "parse", "--format", "json", original],
                                               capture_output=True).stdout)
            spans = [(i["line"], i["end_line"]) for i in parsed["instructions"]]
            blank = [n for n, text in enumerate(lines, 1) if text.strip() == "" and text != ""]
            for n in blank:
                lines[n - 1] = ""
            repairs = [f"emptied whitespace-only line(s) {', '.join(map(str, blank))}"] if blank else []
            copy = os.path.join(tmp, name)
            for _ in range(20):
                with open(copy, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines))
                found = hadolint(copy)
                errors = [x["line"] for x in found if x["code"] == "DL1000"]
                if not errors:
                    break
                at = errors[0]
                first, last = next(((a, b) for a, b in spans if a <= at <= b), (at, at))
                for n in range(first, last + 1):
                    lines[n - 1] = "# " + lines[n - 1]
                repairs.append(f"commented out line(s) {first}-{last}" if last > first else f"commented out line {first}")
            else:
                print(f"{name}: hadolint still rejects the repaired copy; no evidence")
                continue
            theirs = {(x["line"], x["code"]) for x in found if keep(x["code"])}
            mine = ours(original)
            print(f"{name} (hadolint DL1000 on line {first_error}): {'; '.join(repairs) or 'no repair'}")
            print(f"  both:          {sorted(mine & theirs)}")
            print(f"  drydock only:  {sorted(mine - theirs)}")
            print(f"  hadolint only: {sorted(theirs - mine)}")
            how = "; ".join(repairs)
            for line, code in sorted(mine & theirs):
                rows.append(f"| {name} | {line} | {code} | hadolint-fn | hadolint stops at its parse error "
                            f"(DL1000, line {first_error}) and reports nothing else; with the copy repaired "
                            f"({how}) it reports this finding (section 4) |")
    print("\nrows for docs/hadolint-differences.md:")
    print("\n".join(rows))
    return 0


def ratio(a, b):
    return a / b if b else 1.0


def f1(tp, fp, fn):
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def source_line(files_dir, name, line, cache={}):
    if name not in cache:
        try:
            with open(os.path.join(files_dir, name), encoding="utf-8", errors="replace") as f:
                cache[name] = f.read().split("\n")
        except OSError:
            cache[name] = []
    lines = cache[name]
    return lines[line - 1].rstrip() if 0 < line <= len(lines) else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=default_binary())
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    ap.add_argument("--floor", type=float, default=None, help="fail when adjusted overall F1 is below")
    ap.add_argument("--rule", default=None, help="show this rule's FPs and FNs")
    ap.add_argument("--limit", type=int, default=30, help="cases shown per kind with --rule")
    ap.add_argument("--top", type=int, default=15, help="files listed where we differ")
    ap.add_argument("--json", default=None, help="write per-rule figures to this file")
    ap.add_argument("--family", choices=("DL", "SC"), default="DL",
                    help="compare hadolint's DL findings (default) or its ShellCheck (SC) findings")
    ap.add_argument("--time-hadolint", action="store_true")
    ap.add_argument("--dl1000-evidence", action="store_true",
                    help="re-run hadolint on repaired copies of the files it rejects (DL1000)")
    args = ap.parse_args()
    global FAMILY
    FAMILY = args.family

    files_dir = os.path.join(args.corpus, "files")
    expected_path = os.path.join(args.corpus, "hadolint-2.15.1.jsonl")
    if not os.path.isdir(files_dir) or not os.path.isfile(expected_path):
        sys.exit(f"parity: no corpus at {args.corpus} (expected files/ and hadolint-2.15.1.jsonl)")
    args.binary = os.path.abspath(args.binary)
    if not os.path.isfile(args.binary):
        sys.exit(f"parity: no drydock binary at {args.binary}; build it first (cargo build --release -p drydock-cli)")

    if args.dl1000_evidence:
        return dl1000_evidence(args.binary, files_dir, expected_path)
    expected = load_hadolint(expected_path)
    names = sorted(n for n in os.listdir(files_dir) if n in expected)
    missing = len(expected) - len(names)
    got, elapsed = run_drydock(args.binary, files_dir, names)
    documented = {k: v for k, v in load_documented(DIFFERENCES).items() if keep(k[2])}

    per_rule = defaultdict(Counter)
    per_file = Counter()
    used = set()
    cases = defaultdict(lambda: {"fp": [], "fn": [], "doc": []})
    for name in names:
        exp, have = expected.get(name, set()), got.get(name, set())
        for line, code in exp & have:
            per_rule[code]["tp"] += 1
        for line, code in exp - have:
            doc = documented.get((name, line, code))
            if doc and doc[0] == "hadolint-fp":
                used.add((name, line, code))
                per_rule[code]["doc"] += 1
                per_rule[code]["doc_fp"] += 1
                cases[code]["doc"].append((name, line, doc[1]))
            else:
                per_rule[code]["fn"] += 1
                per_file[name] += 1
                cases[code]["fn"].append((name, line))
        for line, code in have - exp:
            doc = documented.get((name, line, code))
            if doc and doc[0] == "hadolint-fn":
                used.add((name, line, code))
                per_rule[code]["doc"] += 1
                per_rule[code]["doc_fn"] += 1
                cases[code]["doc"].append((name, line, doc[1]))
            else:
                per_rule[code]["fp"] += 1
                per_file[name] += 1
                cases[code]["fp"].append((name, line))

    if args.rule:
        code = args.rule.upper()
        c = per_rule[code]
        print(f"{code}: TP {c['tp']}  FP {c['fp']}  FN {c['fn']}  documented {c['doc']}  F1 {f1(c['tp'], c['fp'], c['fn']):.3f}")
        for kind, title in (("fp", "we report, hadolint does not"), ("fn", "hadolint reports, we do not")):
            items = sorted(cases[code][kind])
            print(f"\n{kind.upper()} ({len(items)}): {title}")
            for name, line in items[: args.limit]:
                print(f"  {name}:{line}: {source_line(files_dir, name, line)[:150]}")
            if len(items) > args.limit:
                print(f"  … {len(items) - args.limit} more (--limit)")
        if cases[code]["doc"]:
            print(f"\nDOCUMENTED ({len(cases[code]['doc'])}): see docs/hadolint-differences.md")
            for name, line, why in sorted(cases[code]["doc"])[: args.limit]:
                print(f"  {name}:{line}: {why[:120]}")
        return 0

    total = Counter()
    rows = []
    for code in sorted(per_rule):
        c = per_rule[code]
        total.update(c)
        rows.append({
            "code": code,
            "hadolint": sum(1 for n in names for (_, k) in expected.get(n, ()) if k == code),
            "drydock": sum(1 for n in names for (_, k) in got.get(n, ()) if k == code),
            "tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "documented": c["doc"],
            "precision": ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": ratio(c["tp"], c["tp"] + c["fn"]),
            "f1": f1(c["tp"], c["fp"], c["fn"]),
        })

    print(f"corpus: {len(names)} files ({missing} listed without a file); drydock: {args.binary}")
    print(f"drydock wall time over the corpus (one process): {elapsed:.2f} s")
    if args.time_hadolint:
        t, rc = time_hadolint(files_dir, names)
        print(f"hadolint wall time over the same files (one process): {t:.2f} s (exit {rc})")
    print()
    print(f"{'rule':<8} {'hadolint':>8} {'drydock':>8} {'TP':>6} {'FP':>5} {'FN':>5} {'doc':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for r in rows:
        flag = "  <" if r["hadolint"] >= 20 and r["f1"] < 0.95 else ""
        print(f"{r['code']:<8} {r['hadolint']:>8} {r['drydock']:>8} {r['tp']:>6} {r['fp']:>5} {r['fn']:>5} {r['documented']:>4} "
              f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}{flag}")
    tp, fp, fn, doc = total["tp"], total["fp"], total["fn"], total["doc"]
    overall = f1(tp, fp, fn)
    # Raw: documented cases counted as disagreements, the way a plain diff sees them.
    raw = f1(tp, fp + total["doc_fn"], fn + total["doc_fp"])
    print()
    print(f"overall: TP {tp}  FP {fp}  FN {fn}  documented differences {doc}")
    print(f"overall precision {ratio(tp, tp + fp):.4f}  recall {ratio(tp, tp + fn):.4f}  F1 {overall:.4f}  (raw, documented cases as disagreements: {raw:.4f})")
    stale = sorted(set(documented) - used)
    print(f"documented rows that match no current disagreement (stale): {len(stale)}")
    for name, line, code in stale[: args.top]:
        print(f"  {name}:{line} {code} ({documented[(name, line, code)][0]})")
    low = [r["code"] for r in rows if r["hadolint"] >= 20 and r["f1"] < 0.95]
    print(f"rules with >= 20 hadolint findings under F1 0.95 (marked <): {', '.join(low) or 'none'}")
    if per_file:
        print(f"\nfiles where we differ most (of {len(per_file)}):")
        for name, n in per_file.most_common(args.top):
            print(f"  {n:>4}  {name}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"overall": {"tp": tp, "fp": fp, "fn": fn, "documented": doc, "f1": overall, "raw_f1": raw},
                       "rules": rows, "drydock_seconds": elapsed}, f, indent=2)
    if args.floor is not None and stale:
        print(f"\nparity: {len(stale)} documented rows are stale; update docs/hadolint-differences.md", file=sys.stderr)
        return 1
    if args.floor is not None and overall < args.floor:
        print(f"\nparity: overall F1 {overall:.4f} is under the floor {args.floor}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
