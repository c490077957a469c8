#!/usr/bin/env python3
"""`make bench`: every performance and size figure of Drydock in one report.

Usage (from the repository root; python3 standard library only):

    python3 scripts/bench.py                   # everything (about 10 minutes)
    python3 scripts/bench.py --only core,cli   # some parts: core, cli, lsp, browser, lighthouse
    python3 scripts/bench.py --json out.json   # also write the figures as JSON

The parts, all measured in the same run:

- core: criterion (`cargo bench -p drydock-core --bench corpus`) parses,
  lints and fixes every file of <corpus>/files; its median times become
  MB/s (10^6 bytes) and files/s.
- cli: `drydock lint` (the release-cli build) against hadolint on the same
  files. hadolint needs ~40 ms of CPU per file, so both run on a fixed
  sample (every --hadolint-every'th file by name); drydock also runs on the
  whole corpus. Each command runs --runs times; the report gives medians.
- browser: `node web/bench/page.mjs` on a release build of the page
  (built into target/bench-dist, so dist/ is left alone) in headless
  Chromium: lint + fix times, keystroke to findings (example 01 and 3,000
  lines), what the page loads, axe-core on every tab and dialog.
- lsp: `cargo run --example latency -p drydock-lsp` drives the release-cli
  `drydock lsp` over pipes with a 500-line file (the first 500 lines of
  the corpus files by name): wall time from each one-character didChange
  to the publishDiagnostics of its version (default settings, and with
  the client asking for a 10 ms pause).
- lighthouse: `web/bench/lighthouse/run.mjs` (its packages installed on
  first use) on that build served compressed, as `make build` writes it:
  performance and accessibility, the median of --lighthouse-runs runs.

Times of the core and the CLI are CPU time (user + system) of the measured
thread or process: the machines this runs on are shared, and their wall
time mostly measures the other tenants (the report prints the load
average). On an idle machine the two agree for single-threaded work; wall
medians of the CLI runs are printed beside them. Browser times can only be
wall time (performance.now() in the page).

Nothing here reaches the network; every run rewrites the same files.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Budgets: (label, figure key, comparison, goal, unit).
BUDGETS = [
    ("CLI throughput vs hadolint", "cli.ratio_cpu", ">=", 1000, "x"),
    ("parse throughput", "core.parse.mb_s", ">=", 100, "MB/s"),
    ("lint + fix of a 5,000-line file in Chromium (median)", "browser.lint_fix.5000_lines.median_ms", "<=", 200, "ms"),
    ("keystroke to findings, example 01 (median)", "browser.keystroke.median_ms", "<=", 16, "ms"),
    ("keystroke to findings, 3,000-line file (median)", "browser.keystroke_3000.median_ms", "<=", 100, "ms"),
    ("first visit (everything the page loads), gzipped", "browser.page.gzip_bytes", "<=", 400 * 1024, "bytes"),
    ("navigation to first finding (shared link of example 01, median)", "browser.page.first_finding_median_ms", "<=", 300, "ms"),
    ("Lighthouse mobile performance, served compressed (median)", "lighthouse.performance_median", ">=", 90, "score"),
    ("Lighthouse accessibility (median)", "lighthouse.accessibility_median", ">=", 100, "score"),
    ("axe-core serious + critical, every tab and dialog", "browser.axe.serious_critical", "<=", 0, "violations"),
    ("drydock lsp: keystroke to diagnostics, 500-line file (median)", "lsp.default_debounce.median_ms", "<=", 20, "ms"),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_checked(cmd, **kw):
    log("$ " + " ".join(cmd if len(cmd) < 12 else cmd[:11] + ["..."]))
    proc = subprocess.run(cmd, cwd=kw.pop("cwd", ROOT), **kw)
    if proc.returncode != 0:
        sys.exit(f"bench: {cmd[0]} exited with {proc.returncode}")
    return proc


def timed(cmd, cwd):
    """Run `cmd`; (cpu seconds of the child, wall seconds, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode


def repeat(cmd, cwd, runs):
    cpus, walls = [], []
    for _ in range(runs):
        cpu, wall, rc = timed(cmd, cwd)
        if rc not in (0, 1):
            sys.exit(f"bench: {cmd[0]} exited with {rc}")
        cpus.append(cpu)
        walls.append(wall)
    return {
        "cpu_s": statistics.median(cpus),
        "wall_s": statistics.median(walls),
        "cpu_runs_s": cpus,
        "wall_runs_s": walls,
    }


def corpus_files(corpus):
    files_dir = os.path.join(corpus, "files")
    if not os.path.isdir(files_dir):
        sys.exit(f"bench: {files_dir} not found (--corpus)")
    names = sorted(os.listdir(files_dir))
    sizes = {n: os.path.getsize(os.path.join(files_dir, n)) for n in names}
    return files_dir, names, sizes


# --------------------------------------------------------------------------
# core: criterion


def bench_lsp(corpus, keystrokes=200):
    files_dir, _, _ = corpus_files(corpus)
    run_checked(["cargo", "build", "--profile", "release-cli", "-p", "drydock-cli"], stdout=sys.stderr)
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "drydock-lsp", "--example", "latency", "--",
         os.path.join(ROOT, "target", "release-cli", "drydock"), files_dir, str(keystrokes)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_core(corpus):
    files_dir, names, sizes = corpus_files(corpus)
    run_checked(["cargo", "bench", "-p", "drydock-core", "--bench", "corpus"], stdout=sys.stderr)
    out = {"files": len(names), "bytes": sum(sizes.values())}
    for what in ("parse", "lint", "format", "fix"):
        path = os.path.join(ROOT, "target", "criterion", "corpus", what, "new", "estimates.json")
        with open(path, encoding="utf-8") as f:
            est = json.load(f)
        seconds = est["median"]["point_estimate"] / 1e9
        out[what] = {
            "median_ms": seconds * 1e3,
            "mb_s": out["bytes"] / seconds / 1e6,
            "files_s": out["files"] / seconds,
        }
    return out


# --------------------------------------------------------------------------
# cli: drydock lint vs hadolint


def hadolint_version():
    try:
        proc = subprocess.run(["hadolint", "--version"], capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return proc.stdout.strip() or None


def bench_cli(corpus, runs, every, binary=None):
    files_dir, names, sizes = corpus_files(corpus)
    if binary is None:
        run_checked(["cargo", "build", "--profile", "release-cli", "-p", "drydock-cli"], stdout=sys.stderr)
        binary = os.path.join(ROOT, "target", "release-cli", "drydock")
    version = hadolint_version()
    if version is None:
        sys.exit("bench: hadolint is not on PATH (make setup installs it)")
    sample = names[::every]
    total = sum(sizes.values())
    sample_bytes = sum(sizes[n] for n in sample)
    drydock = [binary, "lint", "--format", "json", "--no-fail", "--config", os.devnull, "--"]
    hadolint = ["hadolint", "--no-fail", "-f", "json", "--"]
    log(f"cli: drydock on {len(names)} files, drydock and hadolint on {len(sample)}, {runs} runs each")
    whole = repeat(drydock + names, files_dir, runs)
    dd = repeat(drydock + sample, files_dir, runs)
    hl = repeat(hadolint + sample, files_dir, runs)
    return {
        "hadolint": version,
        "runs": runs,
        "corpus": {"files": len(names), "bytes": total},
        "sample": {
            "every": every,
            "files": len(sample),
            "bytes": sample_bytes,
            "mean_bytes": sample_bytes / len(sample),
            "corpus_mean_bytes": total / len(names),
        },
        "drydock_corpus": dict(whole, mb_s=total / whole["cpu_s"] / 1e6, files_s=len(names) / whole["cpu_s"]),
        "drydock_sample": dict(dd, mb_s=sample_bytes / dd["cpu_s"] / 1e6),
        "hadolint_sample": dict(hl, mb_s=sample_bytes / hl["cpu_s"] / 1e6),
        "ratio_cpu": hl["cpu_s"] / dd["cpu_s"],
        "ratio_wall": hl["wall_s"] / dd["wall_s"],
    }


# --------------------------------------------------------------------------
# browser: release build, then headless Chromium


def gzip_size(path):
    import gzip

    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def bench_browser(corpus, dist):
    env_cmd = (
        "source scripts/wasm-env.sh && "
        f"trunk build --offline --release --dist {dist}"
    )
    run_checked(["npm", "--prefix", "web", "run", "bundle"], stdout=sys.stderr)
    run_checked(["bash", "-c", env_cmd], stdout=sys.stderr)
    files = {}
    for base, _, entries in os.walk(dist):
        for e in entries:
            p = os.path.join(base, e)
            files[os.path.relpath(p, dist)] = {"bytes": os.path.getsize(p), "gzip": gzip_size(p)}
    # What the wasm is made of: the shipped file's sections, and cargo's
    # output (with its names) by crate.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import wasm_sizes

    shipped = [os.path.join(dist, f) for f in os.listdir(dist) if f.endswith("_bg.wasm")]
    cargo_wasm = os.path.join(ROOT, "target", "wasm32-unknown-unknown", "release", "drydock-app.wasm")
    wasm = {}
    if len(shipped) == 1:
        wasm["shipped"] = wasm_sizes.measure(shipped[0], 0)
    if os.path.exists(cargo_wasm):
        wasm["by_crate"] = wasm_sizes.measure(cargo_wasm, 0).get("code_by_crate", [])
    out_json = os.path.join(ROOT, "target", "bench", "browser.json")
    run_checked(["node", "web/bench/page.mjs", "--dist", dist, "--corpus", corpus, "--json", out_json], stdout=sys.stderr)
    with open(out_json, encoding="utf-8") as f:
        result = json.load(f)
    result["dist_files"] = files
    result["wasm"] = wasm
    axe = result.get("axe") or {}
    result["axe"] = dict(axe, serious_critical=axe.get("serious", 0) + axe.get("critical", 0))
    return result


# --------------------------------------------------------------------------
# lighthouse: the release build served compressed, Lighthouse's mobile audit


def bench_lighthouse(dist, runs):
    folder = os.path.join(ROOT, "web", "bench", "lighthouse")
    if not os.path.isdir(os.path.join(folder, "node_modules", "lighthouse")):
        run_checked(["npm", "--prefix", folder, "ci", "--no-audit", "--no-fund"], stdout=sys.stderr)
    if not os.path.isdir(dist):
        sys.exit(f"bench: {dist} not found: run the browser part first (--only browser,lighthouse)")
    run_checked(["node", "web/scripts/compress.mjs", dist], stdout=sys.stderr)
    out_json = os.path.join(ROOT, "target", "bench", "lighthouse.json")
    run_checked(["node", os.path.join(folder, "run.mjs"), "--dist", dist, "--runs", str(runs), "--json", out_json], stdout=sys.stderr)
    with open(out_json, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------
# report


def get(figures, key):
    cur = figures
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    chromium = None
    if shutil.which("chromium"):
        chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "loadavg": load, "chromium": chromium, "rustc": rustc}


def fmt_budget(value, op, goal, unit):
    if value is None:
        return "not measured", "-"
    ok = value >= goal if op == ">=" else value <= goal
    if unit == "bytes":
        shown = f"{value:,.0f} B ({value / 1024:.1f} KB)"
        goal_s = f"{goal / 1024:.0f} KB"
    elif unit == "x":
        shown, goal_s = f"{value:,.0f}x", f"{goal:,}x"
    elif unit in ("score", "violations"):
        shown, goal_s = f"{value:,.0f}", f"{goal}"
    else:
        shown, goal_s = f"{value:,.1f} {unit}", f"{goal} {unit}"
    return f"{shown} (goal {op} {goal_s})", "PASS" if ok else "MISS"


def report(figures):
    lines = ["", "Drydock benchmarks", "=================="]
    m = figures["machine"]
    load = m["loadavg"]
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, load average {load[0]:.1f} at the end" if load else f"machine: {m['cpu']}")
    lines.append(f"toolchain: {m['rustc']}; {m['chromium'] or 'no chromium'}")
    core = figures.get("core")
    if core:
        lines += ["", f"Core (criterion, CPU time, median; {core['files']} corpus files, {core['bytes']:,} bytes)"]
        for what in ("parse", "lint", "format", "fix"):
            c = core[what]
            lines.append(f"  {what:<6} {c['median_ms']:9.1f} ms/corpus  {c['mb_s']:8.2f} MB/s  {c['files_s']:9.0f} files/s")
    cli = figures.get("cli")
    if cli:
        s = cli["sample"]
        lines += [
            "",
            f"CLI: drydock lint vs {cli['hadolint']} (CPU time, median of {cli['runs']} runs; wall in brackets)",
            f"  sample: 1 file in {s['every']} by name: {s['files']} files, {s['bytes']:,} bytes "
            f"(mean {s['mean_bytes']:.0f} B/file; corpus {s['corpus_mean_bytes']:.0f})",
        ]
        for key, label in (("drydock_corpus", "drydock, whole corpus"), ("drydock_sample", "drydock, sample"), ("hadolint_sample", "hadolint, sample")):
            r = cli[key]
            lines.append(f"  {label:<22} {r['cpu_s']:8.3f} s  [{r['wall_s']:8.3f} s]  {r['mb_s']:8.3f} MB/s")
        lines.append(f"  throughput ratio on the sample: {cli['ratio_cpu']:,.0f}x (wall: {cli['ratio_wall']:,.0f}x)")
    br = figures.get("browser")
    if br:
        lines += ["", f"Browser (headless Chromium {br.get('chromium', '')}, wall time in the page, {br.get('runs', '?')} runs; release build)"]
        for key, label in (("largest_corpus_file", "largest corpus file"), ("5000_lines", "5,000-line Dockerfile")):
            r = br["lint_fix"][key]
            lines.append(
                f"  lint + fix, {label} ({r['lines']} lines, {r['bytes']:,} B, {r['findings']} findings): median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms"
                f"  (lint alone: median {r['lint_median_ms']:.1f} ms, p95 {r['lint_p95_ms']:.1f} ms)"
            )
        for key in ("keystroke", "keystroke_3000"):
            k = br.get(key)
            if not k:
                continue
            lines.append(
                f"  keystroke to updated findings ({k['file']}, {k['runs']} keystrokes): median {k['median_ms']:.1f} ms, p95 {k['p95_ms']:.1f} ms"
            )
        a = br.get("axe")
        if a:
            lines.append(
                f"  axe-core on {a.get('pages', '?')} tabs and dialogs (desktop light, phone dark): "
                f"{a.get('critical', 0)} critical, {a.get('serious', 0)} serious, {a.get('moderate', 0)} moderate, {a.get('minor', 0)} minor"
            )
        p = br["page"]
        lines.append(
            f"  page, shared link of example 01: {p['requests']} requests, {p['gzip_bytes']:,} B gzipped "
            f"({p['raw_bytes']:,} B raw); first finding after {p['first_finding_median_ms']:.0f} ms (median of {p['loads']} loads, p95 {p['first_finding_p95_ms']:.0f} ms)"
        )
        if p.get("wasm_loaded_median_ms") is not None:
            lines.append(
                f"    (medians since navigation: DOMContentLoaded {p['dom_content_loaded_median_ms']:.0f} ms, "
                f"wasm downloaded {p['wasm_loaded_median_ms']:.0f} ms)"
            )
        for r in p["resources"]:
            lines.append(f"    {r['gzip']:>9,} B gz {r['bytes']:>10,} B  {r['path']}")
        w = br.get("wasm", {})
        if w.get("shipped"):
            parts = ", ".join(f"{x['name']} {x['gzip']:,}" for x in w["shipped"]["sections"] if x["gzip"] > 2048)
            lines.append(f"  the wasm by section (B gzipped): {parts}")
        if w.get("by_crate"):
            total = sum(c["bytes"] for c in w["by_crate"])
            parts = ", ".join(f"{c['crate']} {100 * c['bytes'] / total:.0f}%" for c in w["by_crate"][:8])
            lines.append(f"  its code by crate (before wasm-opt, scripts/wasm_sizes.py): {parts}")
        e = p.get("first_edit")
        if e:
            lines.append(f"  the first edit (starts the checking worker) adds {e['requests']} requests, {e['gzip_bytes']:,} B gzipped")
            for r in e["resources"]:
                lines.append(f"    {r['gzip']:>9,} B gz {r['bytes']:>10,} B  {r['path']}")
    ls = figures.get("lsp")
    if ls:
        lines += ["", f"Language server (drydock lsp over pipes, wall time; {ls['lines']} lines, {ls['bytes']:,} B)"]
        for key, label in (("default_debounce", "default settings"), ("debounce_10ms", "debounceMs 10")):
            r = ls[key]
            lines.append(
                f"  keystroke to diagnostics, {label}: median {r['median_ms']:.1f} ms, p90 {r['p90_ms']:.1f} ms, "
                f"max {r['max_ms']:.1f} ms ({r['keystrokes']} keystrokes, {r['findings']} findings)"
            )
    lh = figures.get("lighthouse")
    if lh:
        lines += ["", f"Lighthouse {lh.get('lighthouse') or ''} (mobile: simulated slow 4G, 4x CPU; the release build served with .br/.gz; {len(lh['runs'])} runs)"]
        for r in lh["runs"]:
            lines.append(
                f"  performance {r['performance']}, accessibility {r['accessibility']}; FCP {r['fcp_ms']:.0f} ms, LCP {r['lcp_ms']:.0f} ms, "
                f"TBT {r['tbt_ms']:.0f} ms, CLS {r['cls']:.3f}, {r['transfer_bytes']:,.0f} B transferred"
                + (f"; failed: {', '.join(r['failed_accessibility'])}" if r["failed_accessibility"] else "")
            )
    lines += ["", "Budgets"]
    for label, key, op, goal, unit in BUDGETS:
        shown, verdict = fmt_budget(get(figures, key), op, goal, unit)
        lines.append(f"  [{verdict:<4}] {label}: {shown}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--only", default="core,cli,lsp,browser,lighthouse")
    ap.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs (default 3; the median is reported)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each CLI command (default 5)")
    ap.add_argument("--hadolint-every", type=int, default=8, help="hadolint's sample: every Nth file (default 8)")
    ap.add_argument("--drydock", help="cli: measure this drydock binary instead of building release-cli (to compare builds)")
    ap.add_argument("--dist", default=os.path.join(ROOT, "target", "bench-dist"))
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - {"core", "cli", "lsp", "browser", "lighthouse"}
    if unknown:
        sys.exit(f"bench: unknown part(s) {', '.join(sorted(unknown))}")
    corpus = os.path.abspath(args.corpus)
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    figures = {}
    if "core" in parts:
        figures["core"] = bench_core(corpus)
    if "cli" in parts:
        drydock = os.path.abspath(args.drydock) if args.drydock else None
        figures["cli"] = bench_cli(corpus, args.runs, args.hadolint_every, drydock)
    if "lsp" in parts:
        figures["lsp"] = bench_lsp(corpus)
    if "browser" in parts:
        figures["browser"] = bench_browser(corpus, os.path.abspath(args.dist))
    if "lighthouse" in parts:
        figures["lighthouse"] = bench_lighthouse(os.path.abspath(args.dist), args.lighthouse_runs)
    figures["machine"] = machine()
    text = report(figures)
    print(text)
    with open(os.path.join(ROOT, "target", "bench", "report.txt"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
