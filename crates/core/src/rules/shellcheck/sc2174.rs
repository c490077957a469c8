use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2174",
    name: "mkdir-parents-mode",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "With `mkdir -p`, `-m` sets the mode of the last directory only; the parents it creates get the default.",
    docs: r#"
## What it does
Reports a `RUN` where `mkdir` gets both `-p` and `-m MODE`
(`mkdir -p -m 0700 /home/app/.ssh`). On the `RUN`'s first line.

## Why is this bad?
Only the deepest directory gets `MODE`; the parents `-p` creates get the
umask's default. When the mode matters for the whole path (a world-writable
tree, a private one), set it on each directory with `chmod`.

## Example
```dockerfile
FROM debian:12
RUN mkdir -p -m 0700 /home/app/.ssh
```

## Use instead
```dockerfile
FROM debian:12
RUN mkdir -p /home/app/.ssh && chmod 0700 /home/app /home/app/.ssh
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `mkdir` with both `-p` and `-m`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.named(&["mkdir"])
        .map(|(_, cmd)| cmd)
        .filter(|cmd| {
            let (mut p, mut m) = (false, false);
            for a in cmd.args() {
                let v = a.value.as_str();
                if v == "--" {
                    break;
                }
                if v == "--parents" {
                    p = true;
                } else if v.starts_with("--mode") {
                    m = true;
                } else if let Some(flags) = v.strip_prefix('-').filter(|f| !f.starts_with('-')) {
                    // `-pm777`: letters until `m`, whose value is the rest.
                    for c in flags.chars() {
                        match c {
                            'p' => p = true,
                            'm' => {
                                m = true;
                                break;
                            }
                            _ => {}
                        }
                    }
                }
            }
            p && m
        })
        .map(|cmd| cmd.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_parents_with_a_mode() {
        assert!(reports_run(&RULE, "mkdir -p -m 777 /a/b"));
        assert!(reports_run(&RULE, "mkdir -pm777 /a"));
        assert!(reports_run(&RULE, "mkdir --parents --mode=700 /a"));
    }

    #[test]
    fn one_of_them_passes() {
        assert!(!reports_run(&RULE, "mkdir -m 777 /a"));
        assert!(!reports_run(&RULE, "mkdir -p /a/b"));
        assert!(!reports_run(&RULE, "mkdir -m 0700 /p"));
    }
}
