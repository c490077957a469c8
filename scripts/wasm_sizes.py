#!/usr/bin/env python3
"""What a wasm file is made of: its sections (bytes and gzip -9 bytes) and,
when it has a name section (cargo's output, before wasm-bindgen and
wasm-opt), its code by crate and its largest functions.

    python3 scripts/wasm_sizes.py dist/drydock-app-*_bg.wasm
    python3 scripts/wasm_sizes.py target/wasm32-unknown-unknown/release/drydock-app.wasm --top 30

A function counts for the crate its symbol names first: generic code of
`core`/`alloc` instantiated for our types counts for `core`/`alloc`, a trait
impl for a type (`<yew::..::BuildView as ..>::run`) for the type's crate.
`--json` prints the figures as JSON (scripts/bench.py reads them).
"""

import argparse
import collections
import gzip
import json
import re
import sys

SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
            7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}


def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return result, i


def name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf-8", "replace"), i + n


def sections(b):
    if b[:4] != b"\0asm":
        sys.exit("wasm_sizes: not a wasm file")
    i, out = 8, []
    while i < len(b):
        sid = b[i]
        size, start = leb(b, i + 1)
        label, body = SECTIONS.get(sid, str(sid)), start
        if sid == 0:
            custom, body = name(b, start)
            label = "custom " + custom
        # (label, where its contents start, its end); sizes count the whole section.
        out.append((label, body, start + size, size))
        i = start + size
    return out


def imported_functions(b, start):
    count, i = leb(b, start)
    funcs = 0
    for _ in range(count):
        _, i = name(b, i)
        _, i = name(b, i)
        kind = b[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb(b, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags, i = leb(b, i)
            _, i = leb(b, i)
            if flags & 1:
                _, i = leb(b, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(b, i)
            _, i = leb(b, i)
            if flags & 1:
                _, i = leb(b, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        else:
            sys.exit(f"wasm_sizes: unknown import kind {kind}")
    return funcs


def function_names(b, start, end):
    i, names = start, {}
    while i < end:
        sub = b[i]
        size, i = leb(b, i + 1)
        if sub == 1:
            j = i
            count, j = leb(b, j)
            for _ in range(count):
                index, j = leb(b, j)
                names[index], j = name(b, j)
        i += size
    return names


def crate_of(symbol):
    """The crate a (mangled) Rust symbol names first; '?' when unknown."""
    m = re.match(r"_ZN(\d+)", symbol)
    if m:
        first = symbol[m.end():m.end() + int(m.group(1))]
        if first.startswith("_$LT$"):
            inner = first[5:]
            inner = re.sub(r"^(\$RF\$|mut\$u20\$|\$u5b\$|\$BP\$|dyn\$u20\$)+", "", inner)
            return inner.split("..")[0].split("$")[0] or "?"
        return first
    m = re.search(r"Cs[0-9a-zA-Z_]*?_(\d+)([a-z_][a-z0-9_]*)", symbol)
    if symbol.startswith("_R") and m:
        return m.group(2)[: int(m.group(1))]
    return "?"


def measure(path, top):
    b = open(path, "rb").read()
    secs = sections(b)
    out = {
        "file": path,
        "bytes": len(b),
        "gzip": len(gzip.compress(b, 9)),
        "sections": [
            {"name": label, "bytes": size, "gzip": len(gzip.compress(b[end - size:end], 9))} for label, _, end, size in secs
        ],
    }
    by_label = {label: (start, end) for label, start, end, _ in secs}
    if "custom name" in by_label and "code" in by_label:
        imports = imported_functions(b, by_label["import"][0]) if "import" in by_label else 0
        names = function_names(b, *by_label["custom name"])
        count, i = leb(b, by_label["code"][0])
        funcs = []
        for k in range(count):
            size, j = leb(b, i)
            funcs.append((j - i + size, names.get(imports + k, "?")))
            i = j + size
        crates = collections.Counter()
        for size, symbol in funcs:
            crates[crate_of(symbol)] += size
        funcs.sort(reverse=True)
        out["code_by_crate"] = [{"crate": c, "bytes": n} for c, n in crates.most_common()]
        out["largest_functions"] = [{"bytes": n, "symbol": s} for n, s in funcs[:top]]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wasm")
    ap.add_argument("--top", type=int, default=15, help="largest functions to list")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    m = measure(args.wasm, args.top)
    if args.json:
        print(json.dumps(m, indent=2))
        return
    print(f"{m['file']}: {m['bytes']:,} B, {m['gzip']:,} B gzipped")
    for s in m["sections"]:
        print(f"  {s['bytes']:>10,} B {s['gzip']:>9,} B gz  {s['name']}")
    if "code_by_crate" in m:
        total = sum(c["bytes"] for c in m["code_by_crate"])
        print(f"code by crate ({total:,} B, before wasm-opt):")
        for c in m["code_by_crate"][:20]:
            print(f"  {c['bytes']:>10,} B {100 * c['bytes'] / total:5.1f}%  {c['crate']}")
        print("largest functions:")
        for f in m["largest_functions"]:
            print(f"  {f['bytes']:>10,} B  {f['symbol'][:110]}")


if __name__ == "__main__":
    main()
