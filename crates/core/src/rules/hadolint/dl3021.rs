use crate::fix::{Edit, Fix};
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3021",
    name: "copy-dest-not-dir",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Always,
    summary: "COPY with more than 2 arguments requires the last argument to end with /",
    docs: r#"
## What it does
Reports a `COPY` with several sources whose destination does not end
with `/`.

## Why is this bad?
With more than one source the destination must be a directory, and
Docker requires it to be written with a trailing `/`; the build fails
otherwise. The fix adds the `/`.

## Example
```dockerfile
FROM alpine:3.20
COPY package.json package-lock.json /app
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY package.json package-lock.json /app/
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Copy(copy) = &inst.body else {
            continue;
        };
        let Some(dest) = &copy.dest else {
            continue;
        };
        if copy.sources.len() < 2 || drop_quotes(&dest.text).ends_with('/') {
            continue;
        }
        // Insert the slash inside the closing quote, if any.
        let raw = &cx.source()[dest.span.start..dest.span.end];
        let at = if raw.len() > 1 && (raw.ends_with('"') || raw.ends_with('\'')) {
            dest.span.end - 1
        } else {
            dest.span.end
        };
        let fix = Fix::safe("Add a trailing `/`", vec![Edit::insert(at, "/")]);
        cx.report_fix(inst.span, RULE.summary, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn multi_source() {
        let text = "FROM a:1\nCOPY a b /x\nCOPY a /x\nCOPY a b /x/\nCOPY [\"a\", \"b\", \"/x\"]\n";
        assert_eq!(lines(&RULE, text), vec![2, 5]);
        let out = fixed(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nCOPY a b /x/\nCOPY a /x\nCOPY a b /x/\nCOPY [\"a\", \"b\", \"/x/\"]\n"
        );
        assert!(lines(&RULE, &out).is_empty());
    }
}
