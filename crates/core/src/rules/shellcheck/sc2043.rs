use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2043",
    name: "loop-runs-once",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This loop runs exactly once: its list is one plain word. Bad quoting, or a missing glob or expansion?",
    docs: r#"
## What it does
Reports a `RUN` with a `for` loop over a single literal word (`for f in /opt/*.jar` is a glob and is not reported; `for v in "$A $B"` is one quoted word with expansions, which SC2086's family covers). On the `RUN`'s first line.

## Why is this bad?
A loop over one fixed word does its body once: usually the list was meant to be split (`for p in "a b c"`) or globbed, and is not.

## Example
```dockerfile
FROM debian:12
RUN for pkg in curl; do apt-get install -y "$pkg"; done
```

## Use instead
```dockerfile
FROM debian:12
RUN for pkg in curl git; do apt-get install -y "$pkg"; done
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `for` over one literal word.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.script
        .loops
        .iter()
        .filter_map(|l| match l.items.as_deref() {
            Some([w]) if !w.has_expansion && !w.raw.contains(['*', '?', '[', '{']) => {
                Some(l.var.span)
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "for x in a; do echo \"$x\"; done"));
        assert!(reports_run(&RULE, "for x in 'a b'; do echo \"$x\"; done"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "for x in a b; do echo \"$x\"; done"));
        assert!(!reports_run(
            &RULE,
            "for x in /opt/*.jar; do echo \"$x\"; done"
        ));
        assert!(!reports_run(&RULE, "for x in $(ls); do echo \"$x\"; done"));
    }
}
