use rustc_hash::FxHashSet as HashSet;

use super::shared::{assigned, is_name};
use super::{sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
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

/// Every expansion of a lowercase-named variable the script never sets.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut known: Option<HashSet<&str>> = None;
    let mut out = Vec::new();
    for (w, p) in run.params() {
        let Kind::Param { name, modified, .. } = &p.kind else {
            continue;
        };
        if !is_name(name) || !name.bytes().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        if *modified {
            // `${x:-default}`, `${x-d}`, `${x:=d}`, `${x:?msg}`, `${x:+y}`.
            let after = &w.raw[p.start..p.end];
            let rest = after.find(*name).map_or("", |i| &after[i + name.len()..]);
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            if rest.starts_with(['-', '=', '?', '+']) {
                continue;
            }
        }
        let known = known.get_or_insert_with(|| assigned(run));
        if !known.contains(name) && !run.exported.contains(name) {
            out.push(sub_span(w, p.start, p.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_lowercase_variables_nothing_sets() {
        assert!(reports_run(&RULE, "echo \"$version\""));
        assert!(reports_run(&RULE, "a=$bar"));
        assert!(reports_run(&RULE, "echo \"${#name}\""));
    }

    #[test]
    fn set_uppercase_or_defaulted_pass() {
        assert!(!reports_run(&RULE, "echo \"$HOME\""));
        assert!(!reports_run(&RULE, "echo \"$x\"; x=1"));
        assert!(!reports_run(&RULE, "for f in a b; do echo \"$f\"; done"));
        assert!(!reports_run(&RULE, "read -r line; echo \"$line\""));
        assert!(!reports_run(&RULE, "echo \"${name:-x}\""));
        assert!(!reports_run(&RULE, "awk '{print $x}' f"));
        let text = "FROM a:1\nARG version\nRUN echo \"$version\"\n";
        assert!(crate::testing::findings(&RULE, text).is_empty());
    }
}
