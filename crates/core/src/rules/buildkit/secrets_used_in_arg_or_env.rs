use crate::diagnostic::Fix;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SecretsUsedInArgOrEnv",
    name: "secrets-used-in-arg-or-env",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Sensitive data should not be used in the ARG or ENV commands",
    docs: r#"
## What it does
Reports an `ARG` or `ENV` whose name says it holds a secret: one of its
`_`-separated words (in any case) is `apikey`, `auth`, `credential(s)`,
`key`, `password`, `pword`, `passwd`, `secret` or `token`, unless one
is `public`, `file` or `version` (`PUBLIC_KEY`, `PASSWORD_FILE` and
`AUTH_MODULE_VERSION` are fine). These are BuildKit's word lists. Unlike
BuildKit, `ARG`s before the first `FROM` are checked too, as the
BuildKit documentation's example expects. Drydock's own secret rule
also looks at values.

## Why is this bad?
`ENV` values are stored in the image's configuration, and `ARG` values
in its build history (`docker history` shows them): anyone who can pull
the image can read them. Mount the secret into the one `RUN` that needs
it instead: `RUN --mount=type=secret,id=token,env=TOKEN …`, built with
`docker build --secret id=token,env=TOKEN`; give runtime secrets to the
container when it starts (`docker run -e`, an orchestrator's secrets).
Where the secret goes is a choice, so no edit is offered.

## Example
```dockerfile
FROM alpine:3.20
ARG AWS_SECRET_ACCESS_KEY
ENV DATABASE_PASSWORD=changeme
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN --mount=type=secret,id=aws_key,env=AWS_SECRET_ACCESS_KEY \
    aws s3 cp s3://my-bucket/file .
```
"#,
    check,
};

/// Words that name a secret.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// Words that say the value is not the secret itself.
const ALLOWED_WORDS: &[&str] = &["public", "file", "version"];

/// BuildKit's test: some `_`-separated word is a secret word and none is
/// an allowed one (its regular expressions `(?i)(?:_|^)(?:…)(?:_|$)`).
pub fn names_a_secret(key: &str) -> bool {
    let has = |list: &[&str]| {
        key.split('_')
            .any(|w| list.iter().any(|s| w.eq_ignore_ascii_case(s)))
    };
    has(SECRET_WORDS) && !has(ALLOWED_WORDS)
}

fn check(cx: &mut Checker) {
    for inst in &cx.file.instructions {
        let (what, pairs) = match &inst.body {
            Body::Arg(pairs) => ("ARG", pairs),
            Body::Env(pairs) => ("ENV", pairs),
            _ => continue,
        };
        for kv in pairs {
            if !names_a_secret(&kv.key.text) {
                continue;
            }
            let d = cx.report(
                inst.span,
                format!(
                    "Do not use ARG or ENV instructions for sensitive data ({what} {})",
                    go_quote(&kv.key.text)
                ),
            );
            d.fix = Some(Fix::manual(
                "Mount the secret where it is used: `RUN --mount=type=secret,id=…,env=NAME …` with `docker build --secret id=…`; pass runtime secrets when the container starts",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{names_a_secret, RULE};
    use crate::testing::messages;

    #[test]
    fn buildkit_word_lists() {
        for key in [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "super_duper_secret_token",
            "auth",
            "apikey",
            "git_key",
            "AWS_ACCESS_KEY_ID",
        ] {
            assert!(names_a_secret(key), "{key}");
        }
        for key in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "SECRET_PASSPHRASE_FILE",
            "secret_File",
            "AUTH_MODULE_VERSION",
            "KEYBOARD",
            "MONKEY",
            "TOKENIZER_PATH",
        ] {
            assert!(!names_a_secret(key), "{key}");
        }
    }

    #[test]
    fn reports_each_key() {
        assert_eq!(
            messages(
                &RULE,
                "FROM scratch\nENV password=bar secret=baz\nARG NAME\n"
            ),
            [
                "Do not use ARG or ENV instructions for sensitive data (ENV \"password\")",
                "Do not use ARG or ENV instructions for sensitive data (ENV \"secret\")",
            ]
        );
        assert_eq!(
            messages(&RULE, "ARG GITHUB_TOKEN\nFROM a\nENV API_KEY x\n").len(),
            2
        );
    }
}
