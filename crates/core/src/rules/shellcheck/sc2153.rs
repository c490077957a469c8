use super::shared::{assigned, is_name, typo_distance};
use super::{sub_span, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2153",
    name: "possible-misspelled-variable",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "This upper-case variable is set nowhere, but one with a very similar name is: a typo?",
    docs: r#"
## What it does
Reports a `RUN` that expands an upper-case variable (`$APP_VERSIO`) that
neither the script, an earlier `ARG` or `ENV` of the stage, nor the proxy
variables set, when a name that is set differs from it by one or two
typed characters (`APP_VERSION`). Names with lower-case letters are
SC2154's. On the `RUN`'s first line, once.

## Why is this bad?
Upper-case variables may come from the environment, so an unset one is
not an error in itself; but one a typo away from a variable that *is*
set almost always is the typo. It expands to nothing, and
`rm -rf "/opt/app-$APP_VERSIO"` removes something else than intended.

## Example
```dockerfile
FROM debian:12
ARG APP_VERSION=1.2.3
RUN echo "$APP_VERSIO" > /version
```

## Use instead
```dockerfile
FROM debian:12
ARG APP_VERSION=1.2.3
RUN echo "$APP_VERSION" > /version
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Whether `name` is close enough to `known` to be a typo of it: one
/// edit for names of four to seven characters, two from eight on.
fn close(name: &str, known: &str) -> bool {
    let max = (known.len() / 4).min(2);
    max > 0 && name != known && typo_distance(name, known, max) <= max
}

/// Whether the text expands an upper-case name the stage does not declare
/// (a quick look before the word-by-word one).
fn any_candidate(run: &ShellRun) -> bool {
    let text = run.text.text.as_str();
    let b = text.as_bytes();
    text.match_indices('$').any(|(i, _)| {
        let from = if b.get(i + 1) == Some(&b'{') {
            i + 2
        } else {
            i + 1
        };
        let rest = &text[from.min(b.len())..];
        let len = rest
            .bytes()
            .position(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        is_name(name) && !run.exported.contains(name)
    })
}

pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    if !any_candidate(run) {
        return out;
    }
    let mut known: Option<Vec<&str>> = None;
    for (w, p) in run.params() {
        let Kind::Param { name, modified, .. } = &p.kind else {
            continue;
        };
        if *modified
            || !is_name(name)
            || name.bytes().any(|c| c.is_ascii_lowercase())
            || run.exported.contains(name)
        {
            continue;
        }
        let known = known.get_or_insert_with(|| {
            let mut k: Vec<&str> = assigned(run).into_iter().collect();
            k.extend(run.exported.names());
            k
        });
        if known.contains(name) {
            continue;
        }
        if known.iter().any(|k| close(name, k)) {
            out.push(sub_span(w, p.start, p.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, reports_run};

    #[test]
    fn reports_near_misses_of_set_names() {
        assert!(reports_run(&RULE, "ABCD=1; echo \"$ABC\""));
        assert!(reports_run(&RULE, "FOOBA=1; echo \"$FOOBAR\""));
        assert!(reports_run(&RULE, "echo \"$HTTP_PROX\""));
        assert!(reports_run(
            &RULE,
            "echo \"$APP_VERSOIN\"; export APP_VERSION=1"
        ));
        let text = "FROM a:1\nARG ALLUXIO_VERSION=1\nRUN rm -f \"alluxio-${ALLUXIO_VERSIO}.tgz\"\n";
        assert_eq!(findings(&RULE, text).len(), 1);
    }

    #[test]
    fn set_far_or_lower_case_names_pass() {
        assert!(!reports_run(&RULE, "echo \"$ABC\"; ABD=1"));
        assert!(!reports_run(&RULE, "echo \"$FOOO\"; FOO=1"));
        assert!(!reports_run(&RULE, "echo \"$ABCDEFGH\"; ABCDEFXYZ=1"));
        assert!(!reports_run(&RULE, "echo \"$HOME\""));
        assert!(!reports_run(&RULE, "echo \"${ABC:-x}\"; ABCD=1"));
        assert!(!reports_run(&RULE, "echo \"$abc\"; abcd=1"));
        let text = "FROM a:1\nARG APP_VERSION=1\nRUN echo \"$APP_VERSION\"\n";
        assert!(findings(&RULE, text).is_empty());
    }
}
