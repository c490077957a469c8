use super::{pieces, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2115",
    name: "rm-variable-root",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Write `\"${var:?}\"/…`: if the variable is empty, this removes from `/`.",
    docs: r#"
## What it does
Reports a `RUN` where `rm -r` removes a path that starts with a variable and ends with `/` or `/*` (`rm -rf "$DIR/"`, `rm -rf "${DIR}"/*`, `rm -rf $DIR/cache/*`). On the `RUN`'s first line.

## Why is this bad?
When the variable is empty or unset (a typo, an `ARG` not passed) the path becomes `/` or `/*`, and the step deletes the image's root. `${DIR:?}` stops the shell with an error instead.

## Example
```dockerfile
FROM debian:12
ARG BUILD_DIR
RUN rm -rf "$BUILD_DIR"/*
```

## Use instead
```dockerfile
FROM debian:12
ARG BUILD_DIR
RUN rm -rf "${BUILD_DIR:?}"/*
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every recursive `rm` of `$VAR/` or `$VAR/*`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["rm"]) {
        let args = cmd.args();
        let recursive = args.iter().any(|a| {
            let v = a.value.as_str();
            v == "--recursive"
                || (v.starts_with('-') && !v.starts_with("--") && v.contains(['r', 'R']))
        });
        if !recursive {
            continue;
        }
        for w in args {
            let p = pieces(&w.raw);
            let Some((first, rest)) = p.split_first() else {
                continue;
            };
            if !matches!(&first.kind, Kind::Param { modified: false, length: false, name } if !name.is_empty())
            {
                continue;
            }
            let tail: String = rest
                .iter()
                .map(|p| &w.raw[p.start..p.end])
                .collect::<String>()
                .replace('"', "");
            if tail == "/" || tail.ends_with("/*") {
                out.push(w.span);
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
        assert!(reports_run(&RULE, "rm -rf \"$D\"/"));
        assert!(reports_run(&RULE, "rm -rf \"${D}/\"*"));
        assert!(reports_run(&RULE, "rm -r $D/*"));
        assert!(reports_run(&RULE, "rm -rf $SONAR_HOME/bin/*"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "rm -rf \"$D/x\""));
        assert!(!reports_run(&RULE, "rm -rf \"${D:?}\"/*"));
        assert!(!reports_run(&RULE, "rm -f \"$D\"/*"));
        assert!(!reports_run(&RULE, "rm -rf /x/\"$D\""));
    }
}
