use rustc_hash::FxHashSet as HashSet;

use super::shared::{is_name, name_part};
use super::{name_of, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::ShellWord;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2034",
    name: "unused-variable",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "This variable is set but never read in the RUN, and not exported: a typo, or a leftover?",
    docs: r#"
## What it does
Reports a `RUN` that sets a shell variable (`x=1` on its own, `local`,
`declare`, `readonly`, a `for` loop's variable) that nothing in the
same `RUN` reads and that is not exported (by `export` or an `ARG` or
`ENV` of the stage). Names starting with `_` are taken as deliberately
unused. On the `RUN`'s first line, once.

## Why is this bad?
Every `RUN` starts a new shell: a variable set in one is gone in the
next, and programs the `RUN` starts do not see it unless it is exported.
So a variable nothing reads is either a typo of the name that is read
further on, or meant to configure something that never sees it
(`DEBIAN_FRONTEND=noninteractive; apt-get install …` does not reach
`apt-get`). Use `ENV`/`ARG`, `export`, or put the assignment in front of
the command (`DEBIAN_FRONTEND=noninteractive apt-get install …`).

## Example
```dockerfile
FROM debian:12
RUN DEBIAN_FRONTEND=noninteractive; apt-get update
```

## Use instead
```dockerfile
FROM debian:12
RUN DEBIAN_FRONTEND=noninteractive apt-get update
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The names the script reads, or may read: every `$name`, `${name…}`,
/// `${!name}`, `${#name}` in its text (quoted or not, so a name is never
/// called unused when the flat parse misses a word, a `case` subject or a
/// `[[ ]]` operand), every name inside `((…))`, and the names `export`ed.
fn read_names<'a>(run: &ShellRun<'a>) -> HashSet<&'a str> {
    let mut out = HashSet::default();
    let text: &'a str = run.text.text.as_str();
    let b = text.as_bytes();
    for (i, _) in text.match_indices('$') {
        let mut from = i + 1;
        if b.get(from) == Some(&b'{') {
            from += 1;
            if matches!(b.get(from), Some(b'!' | b'#')) {
                from += 1;
            }
        }
        let rest = &text[from.min(b.len())..];
        let len = rest
            .bytes()
            .position(|c| !(c.is_ascii_alphanumeric() || c == b'_'))
            .unwrap_or(rest.len());
        if is_name(&rest[..len]) {
            out.insert(&rest[..len]);
        }
    }
    let mut from = 0;
    while let Some(k) = text[from..].find("((") {
        let start = from + k + 2;
        let end = text[start..].find("))").map_or(text.len(), |e| start + e);
        for t in text[start..end].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if is_name(t) {
                out.insert(t);
            }
        }
        from = end;
    }
    for c in &run.script.commands {
        if name_of(c) == Some("export") {
            for w in c.args() {
                if let Some(n) = name_part(w) {
                    out.insert(n);
                }
            }
        }
    }
    out
}

/// Every variable the script sets and never reads.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    // `eval`, `source` and indirection can read any name.
    let opaque = run.named(&["eval", "source", "."]).next().is_some();
    if opaque {
        return Vec::new();
    }
    let mut set: Vec<&ShellWord> = Vec::new();
    for (k, c) in commands.iter().enumerate() {
        if c.words.is_empty() {
            set.extend(&c.assignments);
        } else if matches!(
            run.name(k),
            Some("local" | "declare" | "typeset" | "readonly")
        ) {
            set.extend(c.args().iter().filter(|w| !w.value.starts_with('-')));
        } else if run.name(k) == Some("read") {
            // The names after the options (`-p PROMPT`, `-d DELIM` … take
            // a value).
            let mut args = c.args().iter();
            while let Some(w) = args.next() {
                if w.value.starts_with('-') {
                    if matches!(
                        w.value.as_str(),
                        "-p" | "-d" | "-n" | "-N" | "-t" | "-u" | "-a"
                    ) {
                        args.next();
                    }
                } else {
                    set.push(w);
                }
            }
        }
    }
    set.extend(run.script.loops.iter().map(|l| &l.var));
    if set.is_empty() {
        return Vec::new();
    }
    let read = read_names(run);
    set.into_iter()
        .filter(|w| {
            name_part(w).is_some_and(|n| {
                !n.starts_with('_') && !read.contains(n) && !run.exported.contains(n)
            })
        })
        .map(|w| w.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, reports_run};

    #[test]
    fn reports_variables_nothing_reads() {
        assert!(reports_run(&RULE, "foo=1"));
        assert!(reports_run(
            &RULE,
            "DEBIAN_FRONTEND=noninteractive; apt-get update"
        ));
        assert!(reports_run(&RULE, "x=1; y=$x"));
        assert!(reports_run(&RULE, "read -r line"));
        assert!(reports_run(&RULE, "set -a; X=1"));
        assert!(reports_run(&RULE, "for i in a b; do echo x; done"));
    }

    #[test]
    fn read_exported_or_prefixed_variables_pass() {
        assert!(!reports_run(&RULE, "x=1; echo \"$x\""));
        assert!(!reports_run(&RULE, "export x=1"));
        assert!(!reports_run(&RULE, "x=1; export x"));
        assert!(!reports_run(&RULE, "x=1 make"));
        assert!(!reports_run(&RULE, "_x=1"));
        assert!(!reports_run(
            &RULE,
            "read -r -p 'name? ' line; echo \"$line\""
        ));
        assert!(!reports_run(&RULE, "x=1; echo $((x + 1))"));
        assert!(!reports_run(&RULE, "x=1; echo \"${y:-$x}\""));
        assert!(!reports_run(
            &RULE,
            "a=\"$(uname -m)\"; case \"$a\" in x) echo;; esac"
        ));
        assert!(!reports_run(&RULE, "x=1; eval \"echo \\$x\""));
        assert!(!reports_run(&RULE, "for f in a b; do echo \"$f\"; done"));
        let text = "FROM a:1\nENV X=1\nRUN X=2\n";
        assert!(findings(&RULE, text).is_empty());
    }
}
