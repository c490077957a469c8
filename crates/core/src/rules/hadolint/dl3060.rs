use crate::diagnostic::Fix;
use crate::rules::cleanup::{cleanup_fix, Cleanup};
use crate::rules::drydock::lineage::{lineage, official_name, root_image};
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::pkg::{run_at, CommandExt, Run, StageScope};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3060",
    name: "yarn-cache-clean",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`yarn cache clean` missing after `yarn install` was run.",
    docs: r#"
## What it does
Reports a `RUN` with `yarn install` that does not run `yarn cache clean`
after it (in the same `RUN`), in a stage that ends up in the image (the
last stage, or one another `FROM` builds on). A cache/tmpfs mount on
`.cache/yarn` is accepted.

## Why is this bad?
yarn keeps a copy of every package it downloads in its global cache. In an
image that copy is dead weight, often as big as `node_modules` itself.

## Fix
*Safe* where the file shows that Yarn 1 runs the install; otherwise
offered unticked, as a risk. Appends `&& yarn cache clean` to the end of
the `RUN`.

- **What changes in the image:** Yarn 1's cache is emptied before the
  layer is written: the layer is smaller; `node_modules` is the same.
  The `RUN` fails as before when its commands fail (`&&` runs the
  cleanup only after they succeed).
- **What must hold:** nothing later reads the cache: not a later
  `yarn install --offline`, and not the application. Yarn 2 or later
  (which Yarn 1 hands over to when the project's `.yarnrc.yml` names a
  `yarnPath`, and which corepack may run) in Plug'n'Play mode loads the
  packages from the cache's archives when the application runs: there,
  cleaning it breaks the application.
- **What the fix checks:** that Yarn 1 runs the install: the image is
  built on the official `node` image (which ships Yarn 1) and nothing
  before the install, in the stages it is built on, mentions `corepack`
  or `yarn set version`, downloads or unpacks files (`git`, `curl`,
  `wget`, `tar`, `unzip`), or copies in anything but `package*.json`,
  `yarn.lock` and `.npmrc` (a `COPY . .` may bring a `.yarnrc.yml`). And
  no later `RUN` of the image runs `yarn` with `--offline`. Otherwise
  the edit is offered unticked, with its risk. The last command of the
  `RUN` must be at its top level, the script must parse, and the `RUN`
  must not clean the cache before it installs (else no edit); later
  `rm`s of the cache without `-f` get `-f` in the same fix (when one is
  an exec-form `RUN`, only the explanation).

## Example
```dockerfile
FROM node:22-slim
RUN yarn install --frozen-lockfile
```

## Use instead
```dockerfile
FROM node:22-slim
RUN yarn install --frozen-lockfile && yarn cache clean
```
"#,
    check,
};

const MESSAGE: &str = "`yarn cache clean` missing after `yarn install` was run.";

fn install(c: &SimpleCommand) -> bool {
    c.runs_with(&["yarn"], &["install"])
}

fn clean(c: &SimpleCommand) -> bool {
    // hadolint: `yarn` with a `cache` or a `clean` argument.
    c.runs_with(&["yarn"], &["cache", "clean"])
}

/// `yarn … --offline`: installs from the cache only.
fn offline(c: &SimpleCommand) -> bool {
    c.is("yarn") && c.has_flag("offline")
}

/// Yarn 1's cache (`/usr/local/share/.cache/yarn` for root, `~/.cache/yarn`).
fn yarn_cache(path: &str) -> bool {
    path.starts_with(".cache/yarn") || path.starts_with("/usr/local/share/.cache/yarn")
}

const MAYBE_BERRY: &str = "With Yarn 2+ in Plug'n'Play mode (a `.yarnrc.yml`), the application \
     loads its packages from this cache: cleaning it breaks the application";

/// Files a `COPY` may bring in without changing which Yarn runs.
fn harmless_source(source: &str) -> bool {
    let path = drop_quotes(source);
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("package") && name.ends_with(".json"))
        || name == "yarn.lock"
        || name == ".npmrc"
}

/// Programs that fetch or unpack files a project may be in.
const FETCHERS: &[&str] = &["git", "curl", "wget", "tar", "unzip", "svn", "hg"];

/// The file shows that Yarn 1 runs the `yarn install` of instruction
/// `i`: the image is built on the official `node` image, and nothing
/// before the install (in its stage and the stages it is built on) turns
/// on another Yarn, fetches files, or copies in more than the package
/// manifests: a `.yarnrc.yml` with `yarnPath` would make Yarn 1 hand over
/// to Yarn 2+.
fn classic_yarn(cx: &Checker, i: usize, run: &Run) -> bool {
    let sem = cx.semantics();
    let Some(stage) = sem.stage_of(i).filter(|_| !run.onbuild) else {
        return false;
    };
    if root_image(sem, stage.index).and_then(|(_, r)| official_name(r)) != Some("node") {
        return false;
    }
    let file = cx.file;
    let source = cx.source();
    let mentions_other_yarn = |j: usize| {
        let span = file.instructions[j].span;
        let text = &source[span.start..span.end];
        [
            "corepack",
            "set version",
            "set-version",
            "yarnPath",
            "yarn-path",
            ".yarnrc",
        ]
        .iter()
        .any(|w| text.contains(w))
    };
    let install_at = run.position(install).unwrap_or(0);
    let fetches_before_install = run.commands[..install_at]
        .iter()
        .any(|c| c.program_name().is_some_and(|p| FETCHERS.contains(&p)));
    if mentions_other_yarn(i) || fetches_before_install {
        return false;
    }
    let before = lineage(sem, stage.index)
        .into_iter()
        .flat_map(|s| s.instructions())
        .filter(|&j| j < i);
    for j in before {
        if mentions_other_yarn(j) {
            return false;
        }
        let inst = &file.instructions[j];
        let brings_files = match &inst.body {
            Body::Copy(copy) | Body::Add(copy) => {
                inst.flag("from").is_some()
                    || !inst.heredocs.is_empty()
                    || !copy.sources.iter().all(|s| harmless_source(&s.text))
            }
            Body::Onbuild(_) => true,
            _ => false,
        };
        if brings_files {
            return false;
        }
        if run_at(cx, j)
            .is_some_and(|r| r.any(|c| c.program_name().is_some_and(|p| FETCHERS.contains(&p))))
        {
            return false;
        }
    }
    true
}

/// Yarn's cache cleaned at byte `at` of the `RUN` at instruction `i`.
fn clean_fix(cx: &Checker, i: usize, at: usize, run: &Run) -> Fix {
    const CLEANUP: Cleanup = Cleanup {
        append: " && yarn cache clean",
        message: "Clean the yarn cache at the end of this RUN",
        hits: yarn_cache,
        reads_cache: offline,
        risk: "A later `yarn install --offline` installs from this cache: it would fail",
    };
    let fix = cleanup_fix(cx, i, at, &CLEANUP);
    match fix.applicability {
        crate::diagnostic::Applicability::Safe if !classic_yarn(cx, i, run) => {
            Fix::risky(fix.message, fix.edits, MAYBE_BERRY)
        }
        _ => fix,
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let scope = StageScope::new(file);
    for (index, inst) in file.instructions.iter().enumerate() {
        let Some(run) = run_at(cx, index) else {
            continue;
        };
        if !run.any(install) {
            continue;
        }
        let missing = !run.any(clean) && !run.has_cache_mount(".cache/yarn");
        let too_early = run.any(clean) && run.comes_before(clean, install);
        if !(missing || too_early) || !scope.counts(file, index) {
            continue;
        }
        match run.append_point() {
            Some(at) if missing => {
                let fix = clean_fix(cx, index, at, run);
                cx.report_fix(inst.span, MESSAGE, fix);
            }
            _ => {
                cx.report(inst.span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_missing_clean() {
        for text in [
            "FROM node\nRUN yarn install\n",
            "FROM node\nRUN yarn cache clean && yarn install\n",
            "FROM node AS deps\nRUN yarn install\nFROM deps\n",
            "ONBUILD RUN yarn install\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_clean_or_unused_stage() {
        for text in [
            "FROM node\nRUN yarn install && yarn cache clean\n",
            "FROM node\nRUN yarn install; yarn cache clean --all\n",
            "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM node AS build\nRUN yarn install\nFROM nginx\nCOPY --from=build /app /app\n",
            "FROM node\nRUN yarn build\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn safe_only_where_yarn_1_runs() {
        use crate::diagnostic::Applicability::{Manual, Safe};
        for (text, want) in [
            ("FROM node:22\nRUN yarn install\n", Safe),
            (
                "FROM node:22-slim AS base\nWORKDIR /app\nFROM base\nCOPY package*.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
                Safe,
            ),
            // The whole project (maybe a `.yarnrc.yml` with `yarnPath`).
            ("FROM node:22\nCOPY . .\nRUN yarn install\n", Manual),
            ("FROM node:22\nCOPY --from=src /app ./\nRUN yarn install\n", Manual),
            ("FROM node:22\nRUN corepack enable\nRUN yarn install\n", Manual),
            ("FROM node:22\nRUN yarn set version berry && yarn install\n", Manual),
            ("FROM node:22\nRUN git clone https://x/y.git . && yarn install\n", Manual),
            // Which Yarn another image ships is unknown.
            ("FROM example/node:22\nRUN yarn install\n", Manual),
            // A later offline install needs the cache.
            ("FROM node:22\nRUN yarn install\nRUN yarn add --offline left-pad\n", Manual),
        ] {
            let d = crate::testing::findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, want, "{text}");
            assert!(!fix.edits.is_empty(), "{text}");
            if want == Manual {
                assert!(fix.risk.is_some(), "{text}");
            }
        }
    }

    #[test]
    fn fix_appends_clean() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM node\nRUN yarn install --frozen-lockfile \\\n && yarn build\n"),
            "FROM node\nRUN yarn install --frozen-lockfile \\\n && yarn build && yarn cache clean\n"
        );
    }
}
