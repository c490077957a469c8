use std::collections::HashMap;

use crate::diagnostic::{Edit, Fix};
use crate::rules::later::force_later_removals;
use crate::rules::pkg::{image_name, insert_after, is_pip_install, run_at, unquote, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3042",
    name: "pip-no-cache-dir",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`.",
    docs: r#"
## What it does
Reports a `RUN` with a `pip install` that lacks `--no-cache-dir`, unless
the cache is turned off otherwise: `PIP_NO_CACHE_DIR` set to a true value
by `ENV` in the stage (or a stage it builds on) or in the `RUN` itself, or
a cache/tmpfs mount on `.cache/pip`. `pipx` and `pipenv` are not checked.

## Why is this bad?
pip keeps every downloaded wheel in `~/.cache/pip` so the next install is
faster — but in an image there is no next install: the cache only makes
the layer bigger, often by as much as the packages themselves.

## Fix
*Safe.* Inserts `--no-cache-dir` after `install` (or spells out pip's
abbreviation `--no-cache`, which hadolint does not recognise).

- **What changes in the image:** `~/.cache/pip` is not written: the layer
  is smaller; the installed packages are the same.
- **What must hold:** nothing later needs the cache. The one thing that
  does in practice is removing it: `rm -r /root/.cache` fails when there
  is nothing to remove.
- **What the fix checks:** later `rm`s of the cache without `-f` (in the
  same `RUN` after the install, and in the later `RUN`s of the image) get
  `-f` in the same fix. When such an `rm` is an exec-form `RUN`, there
  is no edit, only the explanation.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install requests==2.32.3
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.32.3
```
"#,
    check,
};

const MESSAGE: &str =
    "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`";

const TRUTHY: &[&str] = &[
    "1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES",
];

fn is_wrapper(cmd: &SimpleCommand) -> bool {
    let name = cmd.program().unwrap_or("");
    let values: Vec<&str> = cmd.args().iter().map(|w| w.value.as_str()).collect();
    ["pipx", "pipenv"].iter().any(|w| {
        name.contains(w)
            || (name.starts_with("python") && values.windows(2).any(|p| p == ["-m", *w]))
    })
}

fn forgot(cmd: &SimpleCommand) -> bool {
    is_pip_install(cmd) && cmd.arg_word(&["--no-cache-dir"]).is_none() && !is_wrapper(cmd)
}

/// `PIP_NO_CACHE_DIR=<truthy>` written in the script (first occurrence).
/// A path under pip's cache, as [`force_later_removals`] gives it (home
/// directory prefix removed): `.cache`, `.cache/*`, `.cache/pip…`.
fn is_pip_cache(path: &str) -> bool {
    matches!(path, ".cache" | ".cache/" | ".cache/*") || path.starts_with(".cache/pip")
}

fn set_in_script(text: &str) -> bool {
    let Some(at) = text.find("PIP_NO_CACHE_DIR=") else {
        return false;
    };
    let value = &text[at + "PIP_NO_CACHE_DIR=".len()..];
    TRUTHY.iter().any(|t| value.starts_with(t))
}

/// Which stages have `PIP_NO_CACHE_DIR` set, as hadolint tracks it: by
/// stage name (alias, else image name), inherited by `FROM <name>`.
#[derive(Default)]
struct Stages {
    /// `None` before the first `FROM` (and inside `ONBUILD`).
    current: Option<String>,
    no_cache: HashMap<Option<String>, bool>,
}

impl Stages {
    fn from(&mut self, image: &str, alias: Option<&str>) {
        let name = image_name(image).to_string();
        let key = alias.map(str::to_string).unwrap_or_else(|| name.clone());
        let inherited = self.no_cache.get(&Some(name)).copied().unwrap_or(false);
        self.no_cache.insert(Some(key.clone()), inherited);
        self.current = Some(key);
    }
    fn env(&mut self, pairs: &[crate::syntax::KeyValue]) {
        let set = pairs
            .iter()
            .find(|kv| kv.key.text == "PIP_NO_CACHE_DIR")
            .is_some_and(|kv| {
                kv.value
                    .as_ref()
                    .is_some_and(|v| TRUTHY.contains(&unquote(&v.text)))
            });
        if set {
            self.no_cache.insert(self.current.clone(), true);
        }
    }
    fn disabled(&self) -> bool {
        self.no_cache.get(&self.current).copied().unwrap_or(false)
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    // hadolint folds ONBUILD instructions separately from the others.
    let mut stages = Stages::default();
    let mut onbuild = Stages::default();
    for (index, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::From(from) => stages.from(
                &from.image.text,
                from.alias.as_ref().map(|a| a.text.as_str()),
            ),
            Body::Env(pairs) => stages.env(pairs),
            Body::Onbuild(inner) => {
                if let Body::Env(pairs) = &inner.body {
                    onbuild.env(pairs);
                }
            }
            _ => {}
        }
        let Some(run) = run_at(cx, index) else {
            continue;
        };
        let scope = if run.onbuild { &onbuild } else { &stages };
        let bad: Vec<_> = run.matching(forgot).collect();
        if bad.is_empty()
            || scope.disabled()
            || set_in_script(&run.text())
            || run.has_cache_mount(".cache/pip")
        {
            continue;
        }
        if run.exec {
            cx.report(inst.span, MESSAGE);
            continue;
        }
        if !cx.wants_fixes() {
            cx.report_at(inst.span, bad.first().map(|c| c.span.start), MESSAGE, None);
            continue;
        }
        // pip reads an unambiguous prefix (`--no-cache`) as `--no-cache-dir`;
        // hadolint does not: spell it out rather than add a second one.
        let mut edits: Vec<Edit> = bad
            .iter()
            .filter_map(
                |c| match c.arg_word(&["--no-cache", "--no-cache-d", "--no-cache-di"]) {
                    Some(w) if !w.quoted => Some(Edit::replace(w.span, "--no-cache-dir")),
                    _ => c
                        .arg_word(&["install"])
                        .map(|w| insert_after(w, "--no-cache-dir")),
                },
            )
            .collect();
        // A later `rm` of the cache without `-f` would fail once the cache
        // is not written: it gets `-f`.
        let from = bad.iter().map(|c| c.span.end).min().unwrap_or(0);
        let fix = match force_later_removals(cx, index, from, is_pip_cache) {
            Some(forced) if forced.is_empty() => {
                Fix::safe("Add --no-cache-dir to pip install", edits)
            }
            Some(forced) => {
                edits.extend(forced);
                Fix::safe(
                    "Add --no-cache-dir to pip install, and -f to the later `rm` of the cache",
                    edits,
                )
            }
            None => Fix::manual(
                "Add --no-cache-dir to pip install, and make the later exec-form `rm` of the \
                 cache tolerate its absence",
            ),
        };
        cx.report_at(
            inst.span,
            bad.first().map(|c| c.span.start),
            MESSAGE,
            Some(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn fix_forces_later_removals_of_the_cache() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM python:3.12\nRUN pip install x && rm -r /root/.cache\nRUN rm -r ~/.cache/pip\n"
            ),
            "FROM python:3.12\nRUN pip install --no-cache-dir x && rm -f -r /root/.cache\nRUN rm -f -r ~/.cache/pip\n"
        );
        // Other caches, forced removals: left alone.
        assert_eq!(
            fixed_until_clean(&RULE, "FROM python:3.12\nRUN pip install x && rm -r /root/.cache/yarn && rm -rf /root/.cache\n"),
            "FROM python:3.12\nRUN pip install --no-cache-dir x && rm -r /root/.cache/yarn && rm -rf /root/.cache\n"
        );
    }

    #[test]
    fn reports_cache_use() {
        for text in [
            "RUN pip install django\n",
            "RUN python3 -m pip install -r requirements.txt\n",
            "RUN pip3 install --no-cache-dir a && pip install b\n",
            "FROM python AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3 AS b\nRUN pip install x\n",
            "FROM python\nENV PIP_NO_CACHE_DIR=false\nRUN pip install x\n",
            "RUN --mount=type=bind,target=/root/.cache/pip pip install x\n",
            "ONBUILD RUN pip install x\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_cache_disabled() {
        for text in [
            "RUN pip install --no-cache-dir django\n",
            "RUN pip install django --no-cache-dir\n",
            "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
            "FROM python AS base\nENV PIP_NO_CACHE_DIR=yes\nFROM base\nRUN pip install x\n",
            "RUN PIP_NO_CACHE_DIR=1 pip install x\n",
            "RUN export PIP_NO_CACHE_DIR=true && pip install x\n",
            "RUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
            "RUN pipx install black\n",
            "RUN python -m pipx install black\n",
            "RUN pipenv install\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_flag() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "RUN python -m pip install -U pip && pip install x==1\n"
            ),
            "RUN python -m pip install --no-cache-dir -U pip && pip install --no-cache-dir x==1\n"
        );
        // pip's abbreviation of the flag is spelled out.
        assert_eq!(
            fixed_until_clean(&RULE, "RUN pip install --no-cache /wheels/*\n"),
            "RUN pip install --no-cache-dir /wheels/*\n"
        );
    }
}
