use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2156",
    name: "find-exec-injection",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Do not put `{}` inside the script of `find -exec sh -c`: pass the names as arguments and read them as `\"$1\"`.",
    docs: r#"
## What it does
Reports a `RUN` where `find … -exec sh -c '… {} …'` places the file name inside the shell script. On the `RUN`'s first line.

## Why is this bad?
The name becomes part of the code: a file named `$(rm -rf /)` or `a;b` runs as a command, and one with a space or a quote breaks the script. `-exec sh -c 'echo "$1"' _ {} \;` passes it as data.

## Example
```dockerfile
FROM debian:12
RUN find /opt -name '*.sh' -exec sh -c 'chmod +x {}' \;
```

## Use instead
```dockerfile
FROM debian:12
RUN find /opt -name '*.sh' -exec sh -c 'chmod +x "$1"' _ {} \;
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `find -exec sh -c SCRIPT` whose SCRIPT contains `{}`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["find"]) {
        let args = cmd.args();
        for k in 0..args.len() {
            if !matches!(
                args[k].value.as_str(),
                "-exec" | "-execdir" | "-ok" | "-okdir"
            ) {
                continue;
            }
            let shell = args
                .get(k + 1)
                .map(|w| w.value.rsplit('/').next().unwrap_or(""));
            if !matches!(shell, Some("sh" | "bash" | "dash" | "ash" | "ksh")) {
                continue;
            }
            if let (Some(c), Some(script)) = (args.get(k + 2), args.get(k + 3)) {
                if c.value.starts_with("-c") && script.value.contains("{}") {
                    out.push(script.span);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "find . -exec sh -c \"echo {}\" \\;"));
        assert!(reports_run(&RULE, "find . -exec bash -c 'rm {}' +"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(
            &RULE,
            "find . -exec sh -c 'echo \"$1\"' _ {} \\;"
        ));
        assert!(!reports_run(&RULE, "find . -exec rm {} +"));
    }
}
