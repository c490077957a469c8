use crate::diagnostic::{Edit, Fix};
use crate::rules::drydock::lineage;
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::pkg::{insert_after, is_pip_install, run_at, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::{Body, CommandForm, Keyword, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD011",
    name: "dev-dependencies",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "Development dependencies are installed in the final image",
    docs: r#"
## What it does
Reports a dependency install in the final image (its stage or a stage it
is built `FROM`) that brings development dependencies along:
- `npm install` / `npm ci` of the `package.json` without `--omit=dev`
  (or `--production`), `pnpm install` without `--prod`, `yarn install`
  without `--production`, when `NODE_ENV` is not `production` (npm, pnpm
  and Yarn skip dev dependencies then);
- `pip install -r requirements-dev.txt` (any requirements file named
  `dev`, `develop`, `development`, `test`, `tests` or `testing`:
  `dev-requirements.txt`, `requirements/test.txt` …) or `.[dev]` extras;
- `pipenv install --dev`, `poetry install` without `--only main` /
  `--without dev` / `--no-dev`, `uv sync` without `--no-dev`;
- `composer install` without `--no-dev` (unless `COMPOSER_NO_DEV` is
  set);
- `bundle install` without excluding the `development` and `test` groups
  (`--without`, `BUNDLE_WITHOUT`, `bundle config set without`).

Builder stages are not checked: they need their dev dependencies to
build and test, and only what they copy out reaches the final image.
Neither are development or test images (a stage of the final image named
`dev`, `test`, `ci` …, or a base image so named).
Installs inside an `if` or `case` branch are not reported either: which
branch runs depends on the build (`if [ "$RAILS_ENV" = production ]`);
nor are installs whose arguments come from a variable
(`bundle install $BUNDLE_OPTS`).
Installs of named packages (`npm install express`), global installs and
installs followed by a prune (`npm prune --omit=dev`) are not reported.
Nor are npm, pnpm and Yarn installs in an image whose `CMD` or
`ENTRYPOINT` runs a development tool (a program from `node_modules/`,
`gulp`, `nodemon`, `webpack-dev-server`, `npm run dev`, `npm test` …):
the container needs its dev dependencies to run.

## Why is this bad?
Test runners, linters, bundlers, type checkers and their own
dependencies often weigh more than the application's runtime
dependencies. In the final image they are dead weight on every pull,
and extra code for vulnerability scanners to flag and for an attacker
to use.

## Fix
*Suggested*, where the change is unambiguous: adds the flag
(`npm ci --omit=dev`, `--production` where the npm version may predate
npm 7, `pnpm install --prod`, `composer install --no-dev`,
`uv sync --no-dev`) or removes `--dev` from `pipenv install`.

- **What changes in the image:** the development dependencies are not
  installed: a smaller image with less code in it.
- **What must hold:** nothing in the image uses them: no later step
  (a build, a bundler, a test run) and not the program the container
  starts.
- **What the fix checks:** no later command of the final image runs a
  build or a package script (then the explanation suggests a builder
  stage, see DD010, or a prune after the build); the container does not
  start a development tool (then nothing is reported). When it starts
  through a package manager's runner (`npm start`, `yarn serve`, `pipenv
  run …`), the script it runs is in a file Drydock does not see: the
  edit is offered unticked, as a risk. Poetry, Yarn, Bundler and
  requirement files get an explanation only, because the right command
  depends on the tool's version or on the project.

## Example
```dockerfile
FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]
```
"#,
    check,
};

/// One finding: where, what, and the fix.
struct Finding {
    span: Span,
    message: String,
    fix: Fix,
}

/// Where a command sits among the final image's commands.
struct Ctx<'c, 'a> {
    cx: &'c Checker<'a>,
    /// The instruction of the command.
    inst: usize,
    /// The `RUN` is in exec form: its words cannot be edited.
    exec: bool,
    /// What the commands after this one in the final image do.
    later: Later,
    /// A `bundle config … without …` ran before it.
    bundle_configured: bool,
    /// The container starts through a package manager's runner (`npm
    /// start`, `yarn serve`, `pipenv run …`): a script of the project,
    /// which may use a dev dependency. Its command, for the risk note.
    started_by_runner: Option<&'static str>,
}

/// What the commands after one command do (computed for every command
/// in one backward pass, so each install costs the same however many
/// commands follow it).
#[derive(Clone, Copy, Default)]
struct Later {
    /// A build, a bundler or a package script may need the dev
    /// dependencies ([`js_tooling`]).
    tooling: bool,
    /// `npm prune --production` or the like ([`prunes`]).
    prunes: bool,
}

fn configures_bundle_without(c: &SimpleCommand) -> bool {
    if !c.is("bundle") {
        return false;
    }
    let a = values(c);
    a.first() == Some(&"config") && a.iter().any(|w| w.contains("without"))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    if lineage::is_dev_image(cx.semantics()) {
        return;
    }
    let runs: Vec<(usize, &Run)> = lineage::final_instructions(cx.semantics())
        .into_iter()
        .filter_map(|i| run_at(cx, i).map(|r| (i, r)))
        .filter(|(_, r)| !r.onbuild)
        .collect();
    let all: Vec<(usize, bool, &SimpleCommand)> = runs
        .iter()
        .flat_map(|(i, r)| r.commands.iter().map(move |c| (*i, r.exec, &**c)))
        .collect();
    // Nothing below reports a command that is none of these programs.
    if !all.iter().any(|(_, _, c)| may_install(c)) {
        return;
    }
    let dev_runtime = runs_dev_tooling(cx);
    // Only the fixes read it (what starts the container).
    let fixes = cx.wants_fixes();
    let started_by_runner = if fixes {
        lineage::start_programs(file, cx.semantics())
            .iter()
            .find_map(|p| RUNNERS.iter().find(|r| **r == p.as_str()).copied())
    } else {
        None
    };
    // later[k]: what the commands after all[k] do.
    let mut later = vec![Later::default(); all.len()];
    for k in (0..all.len().saturating_sub(1)).rev() {
        let next = all[k + 1].2;
        later[k] = Later {
            tooling: later[k + 1].tooling || js_tooling(next),
            prunes: later[k + 1].prunes || prunes(next),
        };
    }
    let mut bundle_configured = false;
    let mut findings = Vec::new();
    for (k, &(inst, exec, cmd)) in all.iter().enumerate() {
        let ctx = Ctx {
            cx,
            inst,
            exec,
            later: later[k],
            bundle_configured,
            started_by_runner,
        };
        bundle_configured |= configures_bundle_without(cmd);
        // Which branch of an `if`/`case` runs depends on the build: an
        // install there is not reported.
        // Nor is one whose arguments come from a variable
        // (`bundle install $BUNDLE_OPTS` may well exclude the groups).
        if cmd.in_compound || cmd.args().iter().any(|w| w.has_expansion) {
            continue;
        }
        let js: &[Check] = if dev_runtime { &[] } else { &[npm, pnpm, yarn] };
        let found = js
            .iter()
            .chain(&[pip, pipenv, poetry, uv, composer, bundler] as &[Check])
            .find_map(|f| f(&ctx, cmd));
        if let Some(mut f) = found {
            if exec {
                f.span = file.instructions[inst].span;
            }
            findings.push(f);
        }
    }
    for f in findings {
        cx.report_with(f.span, f.message, fixes.then_some(f.fix));
    }
}

/// A command one of the checks may report: it runs a package manager
/// they know (by file name, so a superset of what they accept).
fn may_install(cmd: &SimpleCommand) -> bool {
    is_pip_install(cmd)
        || matches!(
            cmd.program_name(),
            Some(
                "npm"
                    | "pnpm"
                    | "yarn"
                    | "uv"
                    | "pipenv"
                    | "poetry"
                    | "composer"
                    | "composer.phar"
                    | "bundle"
            )
        )
}

/// A check of one kind of install.
type Check = fn(&Ctx, &SimpleCommand) -> Option<Finding>;

/// Programs that run a project's scripts (`npm start`, `pipenv run x`).
const RUNNERS: &[&str] = &[
    "npm", "yarn", "pnpm", "npx", "pipenv", "poetry", "uv", "composer", "bundle",
];

/// Programs that only development or test containers run.
const DEV_TOOLS: &[&str] = &[
    "webpack",
    "vite",
    "parcel",
    "react-scripts",
    "vue-cli-service",
    "ts-node",
    "gulp",
    "grunt",
    "nodemon",
    "webpack-dev-server",
    "ng",
    "ember",
    "brunch",
    "karma",
    "jest",
    "mocha",
    "ts-node-dev",
];

/// Package scripts that run a development server, a watcher or the tests.
const DEV_SCRIPTS: &[&str] = &["dev", "develop", "development", "watch", "test"];

/// The final image's last `CMD` or `ENTRYPOINT` runs a development tool:
/// a program from `node_modules/`, one of [`DEV_TOOLS`], or one of
/// [`DEV_SCRIPTS`] through npm, pnpm or Yarn.
fn runs_dev_tooling(cx: &Checker) -> bool {
    let last = |keyword: Keyword| {
        lineage::final_instructions(cx.semantics())
            .into_iter()
            .rev()
            .find(|&i| cx.file.instructions[i].keyword == keyword)
    };
    [last(Keyword::Cmd), last(Keyword::Entrypoint)]
        .into_iter()
        .flatten()
        .any(|i| {
            let words: Vec<&str> = match &cx.file.instructions[i].body {
                Body::Cmd(CommandForm::Exec { args, .. })
                | Body::Entrypoint(CommandForm::Exec { args, .. }) => args
                    .iter()
                    .flat_map(|w| w.text.split_whitespace())
                    .collect(),
                Body::Cmd(CommandForm::Shell { text, .. })
                | Body::Entrypoint(CommandForm::Shell { text, .. }) => {
                    text.text.split_whitespace().collect()
                }
                _ => Vec::new(),
            };
            let words: Vec<&str> = words
                .iter()
                .map(|w| w.trim_matches(|c| matches!(c, '"' | '\'' | ';' | '(' | ')')))
                .collect();
            words.iter().enumerate().any(|(k, w)| {
                let program = w.rsplit('/').next().unwrap_or(w);
                let runner = matches!(program, "npm" | "pnpm" | "yarn");
                let script = match words.get(k + 1) {
                    Some(&"run" | &"run-script") => words.get(k + 2),
                    next => next,
                };
                w.contains("node_modules/")
                    || DEV_TOOLS.contains(&program)
                    || runner && script.is_some_and(|s| DEV_SCRIPTS.contains(s))
            })
        })
}

impl Ctx<'_, '_> {
    /// `name` is one of `values` for the command: set by its own
    /// `NAME=value` prefix, or by `ENV`/`ARG` before its instruction.
    fn env_is(&self, cmd: &SimpleCommand, name: &str, values: &[&str]) -> bool {
        let prefix = format!("{name}=");
        if let Some(a) = cmd
            .assignments
            .iter()
            .find(|a| a.value.starts_with(&prefix))
        {
            return values.contains(&a.value[prefix.len()..].to_ascii_lowercase().as_str());
        }
        let r = self.cx.resolve(self.inst, &format!("${{{name}}}"));
        r.is_complete() && values.contains(&r.value.to_ascii_lowercase().as_str())
    }

    /// A later command (a build, a bundler, a package script) may need
    /// the dev dependencies.
    fn tooling_later(&self) -> bool {
        self.later.tooling
    }

    /// `edit`, described by `what`, as a suggestion; as an explanation
    /// where the words cannot be edited (exec form); as a risky one when
    /// the container starts through a package manager's runner, whose
    /// script may need a dev dependency.
    fn edit_or_explain(&self, what: String, edit: Edit) -> Fix {
        if self.exec {
            Fix::manual(what)
        } else if let Some(runner) = self.started_by_runner {
            Fix::risky(
                what,
                vec![edit],
                format!("the container starts with `{runner}`: if the script it runs uses a dev dependency, it no longer starts"),
            )
        } else {
            Fix::suggested(what, vec![edit])
        }
    }

    fn finding(&self, cmd: &SimpleCommand, message: String, fix: Fix) -> Option<Finding> {
        Some(Finding {
            span: cmd.span,
            message,
            fix,
        })
    }
}

/// The words of `cmd` after its name.
fn values(cmd: &SimpleCommand) -> Vec<&str> {
    cmd.args().iter().map(|w| w.value.as_str()).collect()
}

/// `--name=value` or `--name value` among `args`, with `value` one of
/// `wanted` (comma-separated lists allowed).
fn flag_value(args: &[&str], names: &[&str], wanted: &[&str]) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        names.iter().any(|n| {
            let value = match a.strip_prefix(n) {
                Some(v) if v.starts_with('=') => Some(&v[1..]),
                Some("") => args.get(i + 1).copied(),
                _ => None,
            };
            value.is_some_and(|v| v.split(',').any(|x| wanted.contains(&x.trim())))
        })
    })
}

/// A later command that may need dev dependencies: any package script
/// but `start`, `npx`, or a build tool run directly.
fn js_tooling(cmd: &SimpleCommand) -> bool {
    let arg = |k: usize| cmd.args().get(k).map(|w| w.value.as_str());
    let Some(path) = cmd.program() else {
        return false;
    };
    if path.contains("node_modules/") {
        return true;
    }
    let program = path.rsplit('/').next().unwrap_or(path);
    let script = match (program, arg(0)) {
        ("npm" | "pnpm" | "yarn", Some("run" | "run-script")) => arg(1),
        ("yarn" | "pnpm", Some(a))
            if !matches!(a, "install" | "i" | "add") && !a.starts_with('-') =>
        {
            Some(a)
        }
        (
            "npx" | "pnpx" | "webpack" | "gulp" | "grunt" | "brunch" | "tsc" | "ng" | "vite"
            | "rollup" | "parcel" | "babel" | "bower",
            _,
        ) => return true,
        _ => None,
    };
    script.is_some_and(|s| !matches!(s, "start" | "serve"))
}

/// `npm prune --omit=dev`, `npm prune --production`, `pnpm prune --prod`.
fn prunes(cmd: &SimpleCommand) -> bool {
    if !matches!(cmd.program(), Some("npm" | "pnpm")) {
        return false;
    }
    let args = values(cmd);
    args.first() == Some(&"prune")
        && (args.iter().any(|a| {
            matches!(*a, "--production" | "--prod" | "--omit=dev") || a.starts_with("--production=")
        }) || flag_value(&args, &["--omit"], &["dev"]))
}

/// The `NODE_ENV`/npm config settings that make installs skip dev
/// dependencies.
fn node_production(ctx: &Ctx, cmd: &SimpleCommand) -> bool {
    ctx.env_is(cmd, "NODE_ENV", &["production"])
        || ctx.env_is(cmd, "NPM_CONFIG_PRODUCTION", &["true", "1"])
        || ctx.env_is(cmd, "npm_config_production", &["true", "1"])
        || ctx.env_is(cmd, "NPM_CONFIG_OMIT", &["dev"])
        || ctx.env_is(cmd, "npm_config_omit", &["dev"])
}

/// The advice when a build after the install needs the dev dependencies.
const BUILD_LATER: &str = "The build that runs after it needs them: build in a stage of its own and install production dependencies only in the final stage (see DD010), or prune after the build";

fn npm(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("npm") {
        return None;
    }
    let sub = cmd.args().first()?;
    if !matches!(
        sub.value.as_str(),
        "install" | "i" | "ci" | "clean-install" | "isntall"
    ) {
        return None;
    }
    let args = values(cmd);
    let takes_value = [
        "omit",
        "only",
        "include",
        "prefix",
        "registry",
        "cache",
        "w",
        "workspace",
        "loglevel",
        "C",
    ];
    let named_packages = cmd.positionals(&takes_value).len() > 1;
    let explicit = args.iter().any(|a| {
        matches!(
            *a,
            "-g" | "--global" | "--production" | "--prod" | "--omit=dev" | "--dev"
        ) || a.starts_with("--production=")
            || a.starts_with("--only=")
            || a.starts_with("--include=")
            || a.starts_with("--also=")
    }) || flag_value(&args, &["--omit"], &["dev"])
        || flag_value(
            &args,
            &["--only", "--include"],
            &["prod", "production", "dev", "development"],
        );
    if named_packages || explicit || node_production(ctx, cmd) {
        return None;
    }
    if ctx.later.prunes {
        return None;
    }
    let flag = if modern_npm(ctx) {
        "--omit=dev"
    } else {
        "--production"
    };
    let shown = format!("npm {}", sub.value);
    let message = format!(
        "`{shown}` installs the devDependencies into the final image (`NODE_ENV` is not `production`)"
    );
    let fix = if ctx.tooling_later() {
        Fix::manual(format!("{BUILD_LATER}: `npm prune {flag}`"))
    } else {
        ctx.edit_or_explain(format!("Use `{shown} {flag}`"), insert_after(sub, flag))
    };
    ctx.finding(cmd, message, fix)
}

/// The final image is an official `node` image of npm 7 or later (node
/// 15+, or an unversioned tag): `--omit=dev` exists there.
fn modern_npm(ctx: &Ctx) -> bool {
    let sem = ctx.cx.semantics();
    let Some(image) = lineage::final_base(sem) else {
        return false;
    };
    if lineage::official_name(image) != Some("node") {
        return false;
    }
    let tag = image.tag.as_deref().unwrap_or("latest");
    let major: String = tag.chars().take_while(|c| c.is_ascii_digit()).collect();
    match major.parse::<u32>() {
        Ok(m) => m >= 15,
        Err(_) => !tag.starts_with(|c: char| c.is_ascii_digit()),
    }
}

fn pnpm(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("pnpm") {
        return None;
    }
    let sub = cmd.args().first()?;
    if !matches!(sub.value.as_str(), "install" | "i") {
        return None;
    }
    let args = values(cmd);
    let explicit = args.iter().any(|a| {
        matches!(
            *a,
            "--prod" | "-P" | "--production" | "--dev" | "-D" | "-g" | "--global"
        ) || a.starts_with("--production=")
    });
    if explicit || node_production(ctx, cmd) || ctx.later.prunes {
        return None;
    }
    let message = "`pnpm install` installs the devDependencies into the final image (`NODE_ENV` is not `production`)".to_string();
    let fix = if ctx.tooling_later() {
        Fix::manual(format!("{BUILD_LATER}: `pnpm prune --prod`"))
    } else {
        ctx.edit_or_explain(
            "Use `pnpm install --prod`".into(),
            insert_after(sub, "--prod"),
        )
    };
    ctx.finding(cmd, message, fix)
}

fn yarn(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("yarn") {
        return None;
    }
    let args = values(cmd);
    let installs = match args.first() {
        None => true,
        Some(a) => *a == "install" || a.starts_with('-'),
    };
    let explicit = args.iter().any(|a| {
        matches!(
            *a,
            "--production" | "--prod" | "--version" | "-v" | "--help" | "-h"
        ) || a.starts_with("--production=")
    });
    if !installs || explicit || node_production(ctx, cmd) {
        return None;
    }
    let message = "`yarn install` installs the devDependencies into the final image (`NODE_ENV` is not `production`)".to_string();
    let advice = if !ctx.tooling_later() {
        "Install production dependencies only: `yarn install --production --frozen-lockfile` (Yarn 1) or `yarn workspaces focus --all --production` (Yarn 2+), or set `ENV NODE_ENV=production` first".to_string()
    } else {
        BUILD_LATER.to_string()
    };
    ctx.finding(cmd, message, Fix::manual(advice))
}

/// A requirements file or extra that names development dependencies.
fn dev_name(text: &str) -> bool {
    let file = text.rsplit('/').next().unwrap_or(text);
    let dir = text.rsplit('/').nth(1).unwrap_or("");
    let dev = |part: &str| {
        matches!(
            part.to_ascii_lowercase().as_str(),
            "dev" | "develop" | "development" | "test" | "tests" | "testing"
        )
    };
    let requirements = file.to_ascii_lowercase().contains("requirements")
        || dir.to_ascii_lowercase().starts_with("requirements");
    requirements && file.split(['-', '_', '.']).any(dev)
}

fn pip(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    let uv_pip = cmd.is("uv") && values(cmd).starts_with(&["pip", "install"]);
    if !is_pip_install(cmd) && !uv_pip {
        return None;
    }
    let args = values(cmd);
    let mut culprit = None;
    for (i, a) in args.iter().enumerate() {
        let file = match *a {
            "-r" | "--requirement" => args.get(i + 1).copied(),
            _ => a.strip_prefix("--requirement=").or_else(|| {
                a.strip_prefix("-r")
                    .filter(|f| !f.is_empty() && !f.starts_with('-'))
            }),
        };
        if let Some(f) = file.filter(|f| dev_name(f)) {
            culprit = Some(f.to_string());
            break;
        }
        // `.[dev]`, `-e .[dev,test]`
        if let Some(extras) = a.split_once('[').and_then(|(_, e)| e.strip_suffix(']')) {
            if extras
                .split(',')
                .any(|e| dev_name(&format!("requirements-{}", e.trim())))
            {
                culprit = Some(a.to_string());
                break;
            }
        }
    }
    let culprit = culprit?;
    let message = format!("`{culprit}` installs development dependencies into the final image");
    let fix = Fix::manual(
        "Install only the runtime requirements in the final image (`pip install -r requirements.txt`); keep development and test requirements for a builder or test stage",
    );
    ctx.finding(cmd, message, fix)
}

fn pipenv(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("pipenv") {
        return None;
    }
    let words = cmd.args();
    if !matches!(
        words.first().map(|w| w.value.as_str()),
        Some("install" | "sync")
    ) {
        return None;
    }
    let (k, flag) = words
        .iter()
        .enumerate()
        .find(|(_, w)| matches!(w.value.as_str(), "--dev" | "-d"))?;
    let message = format!(
        "`pipenv {} {}` installs the dev packages into the final image",
        words[0].value, flag.value
    );
    let fix = ctx.edit_or_explain(
        format!("Remove `{}`", flag.value),
        delete_word(&words[k - 1], flag),
    );
    ctx.finding(cmd, message, fix)
}

/// Delete `word` and the blank before it (after `previous`).
fn delete_word(previous: &ShellWord, word: &ShellWord) -> Edit {
    Edit::delete(Span::new(previous.span.end, word.span.end))
}

fn poetry(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("poetry") || values(cmd).first() != Some(&"install") {
        return None;
    }
    let args = values(cmd);
    let excluded = args
        .iter()
        .any(|a| matches!(*a, "--no-dev" | "--only-root"))
        || flag_value(&args, &["--without"], &["dev", "test"])
        || flag_value(&args, &["--only"], &["main"]);
    if excluded {
        return None;
    }
    let message =
        "`poetry install` installs the dev dependency group into the final image".to_string();
    let fix = Fix::manual(
        "Install the main group only: `poetry install --only main` (Poetry 1.2+; `--no-dev` before), or `--without dev` if your dev group is named `dev`",
    );
    ctx.finding(cmd, message, fix)
}

fn uv(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("uv") {
        return None;
    }
    let sub = cmd.args().first()?;
    if sub.value != "sync" {
        return None;
    }
    let args = values(cmd);
    let excluded = args.iter().any(|a| {
        matches!(*a, "--no-dev" | "--only-dev" | "--no-default-groups")
            || a.starts_with("--only-group")
            || a.starts_with("--no-group")
    });
    if excluded || ctx.env_is(cmd, "UV_NO_DEV", &["1", "true"]) {
        return None;
    }
    let message = "`uv sync` installs the dev dependency group into the final image".to_string();
    let fix = ctx.edit_or_explain(
        "Use `uv sync --no-dev`".into(),
        insert_after(sub, "--no-dev"),
    );
    ctx.finding(cmd, message, fix)
}

fn composer(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    let name = cmd.program_name()?;
    if !(name == "composer" || name == "composer.phar") {
        return None;
    }
    let sub = cmd.args().iter().find(|w| !w.value.starts_with('-'))?;
    if sub.value != "install" {
        return None;
    }
    if values(cmd).contains(&"--no-dev") || ctx.env_is(cmd, "COMPOSER_NO_DEV", &["1", "true"]) {
        return None;
    }
    let message =
        "`composer install` installs the require-dev packages into the final image".to_string();
    let fix = ctx.edit_or_explain(
        "Use `composer install --no-dev`".into(),
        insert_after(sub, "--no-dev"),
    );
    ctx.finding(cmd, message, fix)
}

fn bundler(ctx: &Ctx, cmd: &SimpleCommand) -> Option<Finding> {
    if !cmd.is("bundle") {
        return None;
    }
    let args = values(cmd);
    // `bundle` alone runs `bundle install`; `bundle --version` does not.
    if !matches!(args.first(), None | Some(&"install")) {
        return None;
    }
    let groups = ["development", "test", "development:test", "dev"];
    let without = |args: &[&str]| {
        args.iter().enumerate().any(|(i, a)| {
            let v = match a.strip_prefix("--without") {
                Some(v) if v.starts_with('=') => Some(&v[1..]),
                Some("") => args.get(i + 1).copied(),
                _ => None,
            };
            v.is_some_and(|v| {
                v.split([' ', ':', ','])
                    .any(|g| groups.contains(&drop_quotes(g)))
            })
        })
    };
    let configured = ctx.bundle_configured;
    let env = {
        let r = ctx.cx.resolve(ctx.inst, "${BUNDLE_WITHOUT}");
        r.is_complete() && r.value.split([':', ' ', ',']).any(|g| groups.contains(&g))
    };
    if without(&args) || configured || env {
        return None;
    }
    let message = "`bundle install` installs the development and test groups into the final image"
        .to_string();
    let fix = Fix::manual(
        "Exclude them: `bundle config set --local without 'development test'` before `bundle install`, or `ENV BUNDLE_WITHOUT=development:test`",
    );
    ctx.finding(cmd, message, fix)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Applicability;
    use crate::testing::{findings, fixed_until_clean, lines};

    fn one(text: &str) -> crate::Diagnostic {
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn a_container_started_by_a_package_script_makes_the_fix_risky() {
        // `npm start` runs a script of package.json Drydock cannot see.
        let d = one("FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npm\", \"start\"]\n");
        let fix = d.fix.unwrap();
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(!fix.edits.is_empty());
        assert!(fix.risk.unwrap().contains("npm"));
        // A direct program: the suggestion stands.
        let d = one("FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n");
        assert_eq!(d.fix.unwrap().applicability, Applicability::Suggested);
        // A dev tool as the command: not reported at all.
        for cmd in ["CMD [\"webpack\", \"--watch\"]", "CMD ember serve"] {
            let text = format!(
                "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n{cmd}\n"
            );
            assert!(findings(&RULE, &text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reports_dev_installs_in_the_final_image() {
        for text in [
            "FROM node:20\nRUN npm ci\n",
            "FROM node:20\nRUN npm install --no-audit\n",
            "FROM node:20\nRUN yarn install --frozen-lockfile\n",
            "FROM node:20\nRUN yarn\n",
            "FROM node:20\nRUN pnpm install --frozen-lockfile\n",
            "FROM python:3.12-slim\nRUN pip install -r requirements-dev.txt\n",
            "FROM python:3.12-slim\nRUN pip install -r requirements/test.txt\n",
            "FROM python:3.12-slim\nRUN pip install --requirement=dev-requirements.txt\n",
            "FROM python:3.12-slim\nRUN pip install -e '.[dev]'\n",
            "FROM python:3.12-slim\nRUN uv pip install -r requirements_dev.txt\n",
            "FROM python:3.12-slim\nRUN pipenv install --dev --system\n",
            "FROM python:3.12-slim\nRUN poetry install --no-root\n",
            "FROM python:3.12-slim\nRUN uv sync --frozen\n",
            "FROM php:8.3\nRUN composer install --optimize-autoloader\n",
            "FROM ruby:3.3\nRUN bundle install\n",
            // The dev install is in the final image's parent stage.
            "FROM node:20 AS base\nRUN npm ci\nFROM base\nCMD [\"node\", \"s.js\"]\n",
            // `start` and `serve` scripts may well be production servers.
            "FROM node:20\nRUN npm ci\nCMD [\"npm\", \"start\"]\n",
            "FROM node:20\nRUN yarn\nCMD yarn run serve\n",
            // The runtime tool does not excuse a Python dev install.
            "FROM python:3.12\nRUN pip install -r requirements-dev.txt\nCMD [\"npm\", \"test\"]\n",
        ] {
            assert_eq!(lines(&RULE, text).len(), 1, "{text}");
        }
    }

    #[test]
    fn leaves_images_that_run_a_dev_tool_alone() {
        // Seen on the corpus: the container itself runs gulp from
        // node_modules, a dev server or the tests.
        for text in [
            "FROM ubuntu:14.04\nRUN npm install\nCMD ./node_modules/gulp/bin/gulp.js serve\n",
            "FROM node:20\nRUN npm ci\nCMD [\"npm\", \"run\", \"dev\"]\n",
            "FROM node:20\nRUN yarn install\nENTRYPOINT [\"yarn\", \"test\"]\n",
            "FROM node:20\nRUN npm install\nCMD [\"nodemon\", \"server.js\"]\n",
            "FROM node:20\nRUN pnpm install\nCMD sh -c \"npx webpack-dev-server --host 0.0.0.0\"\n",
        ] {
            assert!(lines(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn leaves_production_installs_and_builders_alone() {
        for text in [
            "FROM node:20\nRUN npm ci --omit=dev\n",
            "FROM node:20\nRUN npm ci --omit dev\n",
            "FROM node:10\nRUN npm install --production\n",
            "FROM node:20\nRUN npm install --only=production\n",
            "FROM node:20\nENV NODE_ENV=production\nRUN npm ci\n",
            "FROM node:20\nARG NODE_ENV=production\nRUN npm ci\n",
            "FROM node:20\nRUN NODE_ENV=production npm ci\n",
            "FROM node:20\nRUN npm install express\n",
            "FROM node:20\nRUN npm install -g pm2\n",
            "FROM node:20\nRUN npm ci && npm run build && npm prune --omit=dev\n",
            "FROM node:20\nRUN yarn install --production\n",
            "FROM node:20\nRUN yarn add lodash\n",
            "FROM node:20\nRUN pnpm install --prod\n",
            "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12-slim\nRUN pip install -r requirements-prod.txt\n",
            "FROM python:3.12-slim\nRUN pip install devtools pytest-django\n",
            "FROM python:3.12-slim\nRUN pipenv install --system --deploy\n",
            "FROM python:3.12-slim\nRUN poetry install --only main\n",
            "FROM python:3.12-slim\nRUN poetry install --without dev,test\n",
            "FROM python:3.12-slim\nRUN poetry install --no-dev\n",
            "FROM python:3.12-slim\nRUN uv sync --no-dev\n",
            "FROM php:8.3\nRUN composer install --no-dev\n",
            "FROM php:8.3\nENV COMPOSER_NO_DEV=1\nRUN composer install\n",
            "FROM ruby:3.3\nRUN bundle config set --local without 'development test' && bundle install\n",
            "FROM ruby:3.3\nENV BUNDLE_WITHOUT=development:test\nRUN bundle install\n",
            "FROM ruby:3.3\nRUN bundle install --without development test\n",
            "FROM ruby:3.3\nRUN ruby --version && bundle --version && yarn --version\n",
            "FROM ruby:3.3\nARG OPTS\nRUN bundle install $OPTS\n",
            "FROM ruby:3.3\nRUN if [ \"$E\" = prod ]; then bundle install --without test; else bundle install; fi\n",
            // Development images want them.
            "FROM node:20 AS base\nFROM base AS dev\nRUN npm ci\n",
            // Builder stages need their dev dependencies.
            "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n",
        ] {
            assert!(lines(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn suggested_fixes() {
        let cases = [
            (
                "FROM node:20\nRUN npm ci\n",
                "FROM node:20\nRUN npm ci --omit=dev\n",
            ),
            (
                "FROM node:lts-alpine\r\nRUN npm install  --no-audit\r\n",
                "FROM node:lts-alpine\r\nRUN npm install --omit=dev  --no-audit\r\n",
            ),
            // Old npm, or npm of unknown version: the flag every npm knows.
            (
                "FROM node:12\nRUN npm ci\n",
                "FROM node:12\nRUN npm ci --production\n",
            ),
            (
                "FROM debian:12\nRUN apt-get install -y npm && npm ci\n",
                "FROM debian:12\nRUN apt-get install -y npm && npm ci --production\n",
            ),
            (
                "FROM node:20\nRUN pnpm i\n",
                "FROM node:20\nRUN pnpm i --prod\n",
            ),
            (
                "FROM php:8.3\nRUN composer install -o\n",
                "FROM php:8.3\nRUN composer install --no-dev -o\n",
            ),
            (
                "FROM python:3.12\nRUN pipenv install --dev --system\n",
                "FROM python:3.12\nRUN pipenv install --system\n",
            ),
            (
                "FROM python:3.12\nRUN uv sync --frozen\n",
                "FROM python:3.12\nRUN uv sync --no-dev --frozen\n",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(fixed_until_clean(&RULE, text), want, "{text}");
        }
    }

    #[test]
    fn explains_when_a_build_needs_them() {
        let d = one("FROM node:20\nRUN npm ci\nCOPY . .\nRUN npm run build\n");
        let fix = d.fix.unwrap();
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(
            fix.message.contains("npm prune --omit=dev"),
            "{}",
            fix.message
        );
        for text in [
            "FROM python:3.12\nRUN poetry install\n",
            "FROM node:20\nRUN yarn\n",
            "FROM python:3.12\nRUN pip install -r requirements-dev.txt\n",
            "FROM node:20\nRUN [\"npm\", \"ci\"]\n",
        ] {
            let fix = one(text).fix.unwrap();
            assert_eq!(fix.applicability, Applicability::Manual, "{text}");
            assert!(fix.edits.is_empty());
        }
    }
}
