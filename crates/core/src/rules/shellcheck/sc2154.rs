use std::collections::HashSet;

use super::{is_declaration, name_of, pieces, sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::ShellWord;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2154",
    name: "unassigned-variable",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "This variable is used but never set: not by the script, nor by an ARG or ENV of the stage.",
    docs: r#"
## What it does
Reports a `RUN` that expands a variable with a lowercase letter in its name
(`$version`, `${app_dir}`) that nothing sets: no assignment, `read` or `for`
in the script, no `ARG` or `ENV` of the stage. All-uppercase names are taken
for environment variables and not reported; nor are expansions with a
default (`${name:-x}`). On the `RUN`'s first line.

## Why is this bad?
It usually is a typo (`$verison`) or a variable set in another `RUN`, whose
shell is gone: each `RUN` starts a new shell, and only `ARG` and `ENV`
carry values from one to the next. The expansion is empty.

## Example
```dockerfile
FROM debian:12
RUN app_dir=/opt/app
RUN mkdir -p "$app_dir/bin"
```

## Use instead
```dockerfile
FROM debian:12
ENV app_dir=/opt/app
RUN mkdir -p "$app_dir/bin"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The name `NAME=…`, `NAME+=…`, `NAME[i]=…` or `NAME` sets.
fn name_part(w: &ShellWord) -> Option<&str> {
    let raw = w.raw.as_str();
    let name = raw.split('=').next()?.trim_end_matches('+');
    let name = name.split('[').next()?;
    is_name(name).then_some(&raw[..name.len()])
}

/// The names a script sets anywhere (order does not matter here).
fn assigned<'a>(run: &'a ShellRun) -> HashSet<&'a str> {
    let mut names: HashSet<&str> = HashSet::new();
    for l in &run.script.loops {
        names.insert(l.var.raw.as_str());
    }
    for cmd in &run.script.commands {
        for a in &cmd.assignments {
            if let Some(n) = name_part(a) {
                names.insert(n);
            }
        }
        match name_of(cmd) {
            Some(n)
                if is_declaration(n)
                    || matches!(n, "read" | "getopts" | "mapfile" | "readarray" | "unset") =>
            {
                for w in cmd.args() {
                    if let Some(n) = name_part(w) {
                        names.insert(n);
                    }
                }
            }
            Some("printf") => {
                if let [v, name, ..] = cmd.args() {
                    if v.value == "-v" {
                        names.extend(name_part(name));
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// Every expansion of a lowercase-named variable the script never sets.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut known: Option<HashSet<&str>> = None;
    let mut out = Vec::new();
    let items = run
        .script
        .loops
        .iter()
        .flat_map(|l| l.items.iter().flatten());
    let words = run
        .script
        .commands
        .iter()
        .flat_map(|c| c.assignments.iter().chain(&c.words).chain(&c.redirects))
        .chain(items);
    for w in words {
        if !w.raw.contains('$') {
            continue;
        }
        for p in pieces(&w.raw) {
            let Kind::Param { name, modified, .. } = &p.kind else {
                continue;
            };
            if !is_name(name) || !name.bytes().any(|c| c.is_ascii_lowercase()) {
                continue;
            }
            if *modified {
                // `${x:-default}`, `${x-d}`, `${x:=d}`, `${x:?msg}`, `${x:+y}`.
                let after = &w.raw[p.start..p.end];
                let rest = after
                    .find(name.as_str())
                    .map_or("", |i| &after[i + name.len()..]);
                let rest = rest.strip_prefix(':').unwrap_or(rest);
                if rest.starts_with(['-', '=', '?', '+']) {
                    continue;
                }
            }
            let known = known.get_or_insert_with(|| assigned(run));
            if !known.contains(name.as_str()) && !run.exported.contains(name) {
                out.push(sub_span(w, p.start, p.end));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::shellcheck::testing::flags;

    #[test]
    fn reports_lowercase_variables_nothing_sets() {
        assert!(flags(&RULE, "echo \"$version\""));
        assert!(flags(&RULE, "a=$bar"));
        assert!(flags(&RULE, "echo \"${#name}\""));
    }

    #[test]
    fn set_uppercase_or_defaulted_pass() {
        assert!(!flags(&RULE, "echo \"$HOME\""));
        assert!(!flags(&RULE, "echo \"$x\"; x=1"));
        assert!(!flags(&RULE, "for f in a b; do echo \"$f\"; done"));
        assert!(!flags(&RULE, "read -r line; echo \"$line\""));
        assert!(!flags(&RULE, "echo \"${name:-x}\""));
        assert!(!flags(&RULE, "awk '{print $x}' f"));
        let text = "FROM a:1\nARG version\nRUN echo \"$version\"\n";
        assert!(crate::rules::testing::codes(&RULE, text).is_empty());
    }
}
