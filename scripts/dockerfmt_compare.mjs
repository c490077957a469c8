// Runs dockerfmt (npm `@reteps/dockerfmt`, installed by the caller in a
// temporary directory: not a dependency) over every corpus file and
// writes each output to OUT/<name> (or OUT/<name>.error), plus
// OUT/times.json (milliseconds per file). docs/formatting.md says how
// to run it with `cargo run --release -p drydock-core --example format_compare`.
//
//   node scripts/dockerfmt_compare.mjs NODE_MODULES_DIR CORPUS_FILES OUT
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, corpus, out] = process.argv.slice(2);
const entry = path.join(modules, '@reteps/dockerfmt/dist/node.js');
const { formatDockerfileContents } = await import(pathToFileURL(entry).href);
fs.mkdirSync(out, { recursive: true });
// A Go panic ends the process: the caller runs this again until it
// prints `done`; the file that was being formatted is recorded as a crash.
const timesPath = path.join(out, 'times.json');
const times = fs.existsSync(timesPath) ? JSON.parse(fs.readFileSync(timesPath, 'utf8')) : {};
const current = path.join(out, '.current');
if (fs.existsSync(current)) {
  const name = fs.readFileSync(current, 'utf8');
  fs.writeFileSync(path.join(out, name + '.error'), 'dockerfmt crashed (Go panic)');
  times[name] = null;
  fs.rmSync(current);
}
const names = fs.readdirSync(corpus).sort().filter((n) => !(n in times));
// Warm up (the Go runtime starts on the first call).
await formatDockerfileContents('FROM x\n', { indent: 4, trailingNewline: true, spaceRedirects: false });
for (const name of names) {
  const text = fs.readFileSync(path.join(corpus, name), 'utf8');
  fs.writeFileSync(current, name);
  const t0 = process.hrtime.bigint();
  try {
    const result = await formatDockerfileContents(text, { indent: 4, trailingNewline: true, spaceRedirects: false });
    times[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    fs.writeFileSync(path.join(out, name), result);
  } catch (e) {
    times[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    fs.writeFileSync(path.join(out, name + '.error'), String(e && e.message || e));
  }
  fs.rmSync(current);
  if (Object.keys(times).length % 50 === 0) fs.writeFileSync(timesPath, JSON.stringify(times));
}
fs.writeFileSync(path.join(out, 'times.json'), JSON.stringify(times));
console.log('done');
