use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2129",
    name: "group-appends",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "Several commands in a row append to the same file: group them, `{ a; b; c; } >> file`.",
    docs: r#"
## What it does
Reports a `RUN` where three or more consecutive commands each append (`>>`) to the same file. On the `RUN`'s first line.

## Why is this bad?
The file is opened and closed once per command; a group opens it once and shows in one place where the output goes.

## Example
```dockerfile
FROM debian:12
RUN echo 'a=1' >> /etc/app.conf; echo 'b=2' >> /etc/app.conf; echo 'c=3' >> /etc/app.conf
```

## Use instead
```dockerfile
FROM debian:12
RUN { echo 'a=1'; echo 'b=2'; echo 'c=3'; } >> /etc/app.conf
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The first of three or more consecutive commands appending to one file.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    let target = |c: &crate::syntax::shell::SimpleCommand| -> Option<String> {
        let [r] = c.redirects.as_slice() else {
            return None;
        };
        let t = r.raw.strip_prefix(">>")?.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < commands.len() {
        let Some(t) = target(&commands[k]) else {
            k += 1;
            continue;
        };
        let depth = commands[k].depth;
        let mut n = 1;
        let mut j = k + 1;
        while let Some(c) = commands.get(j) {
            if c.depth != depth
                || c.op_before != Some(Op::Seq)
                || target(c).as_deref() != Some(t.as_str())
            {
                break;
            }
            n += 1;
            j += 1;
        }
        if n >= 3 {
            out.push(commands[k].span);
        }
        k = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "echo a >> f; echo b >> f; echo c >> f"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(
            &RULE,
            "echo a >> f && echo b >> f && echo c >> f"
        ));
        assert!(!reports_run(&RULE, "echo a >> f; echo b >> g; echo c >> f"));
    }
}
