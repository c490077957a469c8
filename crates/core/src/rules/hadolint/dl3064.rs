use crate::rules::hadolint::scan::with_onbuild;
use crate::rules::shared::is_sensitive;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3064",
    name: "secret-in-arg-env",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Potentially sensitive data should not be used in the `ARG` or `ENV` commands",
    docs: r#"
## What it does
Reports an `ARG` or `ENV` (also inside `ONBUILD`) whose name looks like a
secret: a well-known credential name (`AWS_SECRET_ACCESS_KEY`,
`GITHUB_TOKEN`, `NPM_TOKEN` …) or a name containing `password`, `secret`,
`token`, `api_key`, `client_key`, `private` or `username`.

## Why is this bad?
`ENV` values are stored in the image config and `ARG` values in its
history (`docker history` shows them): anyone who can pull the image can
read the secret. Pass secrets with `RUN --mount=type=secret`, which never
writes them to a layer or to the metadata.

## Example
```dockerfile
FROM node:20
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## Use instead
```dockerfile
FROM node:20
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (outer, inst) in with_onbuild(file) {
        let pairs = match &inst.body {
            Body::Arg(pairs) | Body::Env(pairs) => pairs,
            _ => continue,
        };
        if pairs.iter().any(|kv| is_sensitive(&kv.key.text)) {
            cx.report(outer.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn names() {
        let text = "FROM a:1\nARG NPM_TOKEN\nENV DB_PASSWORD=x\nARG VERSION=1\nENV A=1 my_secret=2\nONBUILD ARG github_token\nENV PATH=/x\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 5, 6]);
    }
}
