#!/usr/bin/env python3
"""Make the diffs of docs/fix-review.md's sample with a drydock binary.

Usage: python3 scripts/fix_review_diffs.py BINARY OUT_DIR [CORPUS_FILES]
(default corpus: ../shared/corpus/files). One OUT_DIR/<name>.diff per
sampled file: the fixes applied, the risky ones offered, the unified diff.
"""
import difflib, json, os, subprocess, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) < 3:
    sys.exit(__doc__)
B = sys.argv[1]; out = sys.argv[2]
corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, '..', 'shared', 'corpus', 'files')
os.makedirs(out, exist_ok=True)
sample = [l.strip() for l in open(os.path.join(ROOT, 'docs', 'fix-review-sample.txt')) if l.strip()]
changed = 0
for name in sample:
    path = os.path.join(corpus, name)
    d = json.loads(subprocess.run([B, 'fix', '--json', '-q', path], capture_output=True).stdout)[0]
    orig = open(path, encoding='utf-8', errors='surrogateescape').read()
    new = d['text']
    lines = [f"### {name}", "", "--- applied fixes (id, applicability, what):"]
    for a in d['applied']:
        also = [c for c in a['codes'] if c != a['code']]
        lines.append(f"  {a['id']} {a['applicability']} - {a['fix_message']}" + (f" [also {','.join(also)}]" if also else ""))
    for f in d.get('files', []):
        lines.append(f"  creates {f.get('path')}")
    lines += ["", "--- offered but not applied (risky, shown unticked), for context:"]
    for s in d['skipped']:
        if s.get('reason') == 'risky':
            lines.append(f"  {s['id']} - {s['fix_message']} (risk: {s.get('risk')})")
    lines.append("")
    diff = list(difflib.unified_diff(orig.splitlines(), new.splitlines(), 'original', 'rewrite', n=3, lineterm=''))
    if diff: changed += 1
    lines += diff if diff else ["(no change)"]
    open(os.path.join(out, name + '.diff'), 'w').write('\n'.join(lines) + '\n')
print(f"{changed} of {len(sample)} changed")
