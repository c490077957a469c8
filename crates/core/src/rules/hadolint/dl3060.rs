use crate::fix::{Edit, Fix};
use crate::rules::pkg::{run_at, CommandExt, StageScope};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
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
image that copy is dead weight, often as big as `node_modules` itself. The
fix appends `&& yarn cache clean` to the end of the `RUN`.

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
            Some(at) if missing => cx.report_fix(
                inst.span,
                MESSAGE,
                Fix::safe(
                    "Clean the yarn cache at the end of this RUN",
                    vec![Edit::insert(at, " && yarn cache clean")],
                ),
            ),
            _ => {
                cx.report(inst.span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::pkg::testing::{fixed, reports};

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
    fn fix_appends_clean() {
        assert_eq!(
            fixed(&RULE, "FROM node\nRUN yarn install --frozen-lockfile \\\n && yarn build\n"),
            "FROM node\nRUN yarn install --frozen-lockfile \\\n && yarn build && yarn cache clean\n"
        );
    }
}
