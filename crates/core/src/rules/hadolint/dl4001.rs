use std::collections::BTreeSet;

use crate::rules::pkg::run_at;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4001",
    name: "wget-and-curl",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Either use Wget or Curl but not both.",
    docs: r#"
## What it does
Reports, within one stage, every `RUN` that uses `wget` or `curl` once
both have been used in that stage.

## Why is this bad?
Both tools do the same job. Installing and using the two means two sets
of packages (and their libraries and CVEs) in the image, and two sets of
flags and failure behaviours for reviewers to know. Pick one; which one
is a human choice, so there is no automatic fix.

## Example
```dockerfile
FROM debian:12
RUN wget -q https://example.com/a.tar.gz
RUN curl -fsSLO https://example.com/b.tar.gz
```

## Use instead
```dockerfile
FROM debian:12
RUN curl -fsSLO https://example.com/a.tar.gz
RUN curl -fsSLO https://example.com/b.tar.gz
```
"#,
    check,
};

const MESSAGE: &str = "Either use Wget or Curl but not both";

fn check(cx: &mut Checker) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    // hadolint folds ONBUILD instructions separately, never reset.
    let mut onbuild_seen: BTreeSet<&str> = BTreeSet::new();
    let file = cx.file;
    for (index, inst) in file.instructions.iter().enumerate() {
        if matches!(inst.body, Body::From(_)) {
            seen.clear();
            continue;
        }
        let Some(run) = run_at(cx, index) else {
            continue;
        };
        let used: BTreeSet<&str> = run
            .commands
            .iter()
            .filter_map(|c| {
                let name = c.words.first().filter(|w| !w.has_expansion)?;
                ["curl", "wget"].into_iter().find(|t| *t == name.value)
            })
            .collect();
        let set = if run.onbuild {
            &mut onbuild_seen
        } else {
            &mut seen
        };
        set.extend(used.iter().copied());
        if !used.is_empty() && set.len() >= 2 {
            cx.report(inst.span, MESSAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_both() {
        assert_eq!(reports(&RULE, "FROM a\nRUN wget x && curl y\n"), 1);
        assert_eq!(
            reports(&RULE, "FROM a\nRUN wget x\nRUN curl y\nRUN curl z\n"),
            2
        );
        assert_eq!(
            reports(&RULE, "FROM a\nRUN wget x\nRUN echo $(curl y)\n"),
            1
        );
    }

    #[test]
    fn accepts_one_tool_per_stage() {
        assert_eq!(
            reports(&RULE, "FROM a\nRUN wget x\nFROM b\nRUN curl y\n"),
            0
        );
        assert_eq!(reports(&RULE, "FROM a\nRUN curl x\nRUN curl y\n"), 0);
        assert_eq!(
            reports(&RULE, "FROM a\nRUN apt-get install -y wget curl\n"),
            0
        );
    }
}
