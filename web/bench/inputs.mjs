// What the browser benchmarks check: files of the corpus, a long
// Dockerfile made of them, and share links.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";

/** The corpus's Dockerfiles, sorted by name: [name, path]. */
function corpusFiles(corpus) {
  const dir = join(corpus, "files");
  return readdirSync(dir).sort().map((name) => [name, join(dir, name)]);
}

/** The first `lines` lines of the corpus's files, one after the other. */
export function bigDockerfile(corpus, lines) {
  const out = [];
  for (const [, path] of corpusFiles(corpus)) {
    out.push(...readFileSync(path, "utf8").split("\n"));
    if (out.length >= lines) break;
  }
  return out.slice(0, lines).join("\n") + "\n";
}

/** The largest file of the corpus (in bytes): {name, text}. */
export function largestCorpusFile(corpus) {
  let best = null;
  for (const [name, path] of corpusFiles(corpus)) {
    const size = statSync(path).size;
    if (!best || size > best.size) best = { name, path, size };
  }
  return { name: best.name, text: readFileSync(best.path, "utf8") };
}

/** The URL fragment of a share link to `text` (as the app writes it). */
export function shareFragment(text) {
  return "#code=" + deflateRawSync(Buffer.from(text)).toString("base64url");
}

/** The value at fraction `p` (0.95: p95) of `xs`, nearest rank below. */
export function percentile(xs, p) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
