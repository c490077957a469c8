use crate::diagnostic::Fix;
use crate::rules::hadolint::scan::with_onbuild;
use crate::rules::shared::{contains_ignore_ascii_case, is_sensitive};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD009",
    name: "secret-in-env",
    severity: Severity::Error,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A secret is written in an `ENV` or `ARG` value",
    docs: r#"
## What it does
Reports an `ENV` or `ARG` (also inside `ONBUILD`) whose value is a
secret written into the Dockerfile:
- **by value**, whatever the name: an AWS access key ID (`AKIA…`,
  `ASIA…`), a private key (`-----BEGIN … PRIVATE KEY-----`), a GitHub
  (`ghp_…`, `github_pat_…`), GitLab (`glpat-…`), Slack (`xoxb-…`, a
  `hooks.slack.com/services/…` URL), Stripe (`sk_live_…`), Google
  (`AIza…`), npm (`npm_…`), PyPI (`pypi-…`), Hugging Face (`hf_…`),
  SendGrid (`SG.….…`), OpenAI or Anthropic (`sk-proj-…`, `sk-ant-…`)
  token, or a connection string with a password
  (`postgres://user:pass@host`);
- **by name**: a name hadolint's DL3064 calls sensitive that names a
  credential (`…PASSWORD…`, `…SECRET…`, `…TOKEN…`, `…KEY…`) with a
  literal value.

Not reported: values that are variable references (`$DB_PASSWORD`,
`${TOKEN}`), empty values, file paths (`/run/secrets/db`), booleans and
short numbers, placeholders (`<token>`, `changeme`, `xxx`, `dummy`);
names that point to a secret rather than hold one (`PASSWORD_FILE`,
`SECRET_KEY_PATH`, `TOKEN_URL`, `API_KEY_HEADER` …) or only name an
account (`DOCKER_USERNAME`). An `ARG` without a default is DL3064's
finding (a secret passed with `--build-arg` still lands in the history),
not this one's: nothing is written in the file.

## Why is this bad?
`ENV` values are stored in the image configuration: anyone who can pull
the image reads them with `docker inspect`. `ARG` values are recorded in
the image history (`docker history`). Layers are immutable, so deleting
the variable later does not remove it, and the Dockerfile itself is
usually committed to a repository. Treat a secret that was written here
as leaked: rotate it.

Pass secrets at run time instead (`docker run -e NAME` or
`--env-file`, a secret store of your orchestrator), and give the build
steps that need one a build secret, which is mounted for that `RUN` only
and never written to a layer or to the metadata:

```dockerfile
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
```

built with `docker build --secret id=npm_token,env=NPM_TOKEN .`. The
fix is an explanation: Drydock never invents or moves a secret value.

## Example
```dockerfile
FROM python:3.11-slim
ENV SECRET_KEY=my-super-secret-hardcoded
ENV AWS_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE
```

## Use instead
```dockerfile
FROM python:3.11-slim
# Set at run time: docker run -e SECRET_KEY -e AWS_ACCESS_KEY ...
ENV DATABASE_URL=postgres://db:5432/app
ENV SECRET_KEY_FILE=/run/secrets/secret_key
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (_, inst) in with_onbuild(file) {
        let (pairs, keyword) = match &inst.body {
            Body::Env(pairs) => (pairs, "ENV"),
            Body::Arg(pairs) => (pairs, "ARG"),
            _ => continue,
        };
        for kv in pairs {
            let Some(value) = &kv.value else { continue };
            let name = kv.key.text.as_str();
            let value = value.unquoted(file.escape);
            let what = match secret_in_value(&value) {
                Some(kind) => format!("holds what looks like {kind}"),
                None if names_credential(name) && hardcoded(&value) => {
                    "is a credential with a value written in the Dockerfile".to_string()
                }
                None => continue,
            };
            let leak = match keyword {
                "ENV" => "`ENV` values are stored in the image config, where `docker inspect` shows them",
                _ => "`ARG` values are recorded in the image history, where `docker history` shows them",
            };
            let message = format!("`{name}` {what}: {leak}");
            let fix = cx.wants_fixes().then(|| Fix::manual(advice(name)));
            cx.report_with(kv.span, message, fix);
        }
    }
}

fn advice(name: &str) -> String {
    let id = name.to_ascii_lowercase();
    format!(
        "Remove the value and rotate the secret (it is in the image already). Pass it at run time (`docker run -e {name}`, `--env-file`), or for a build step mount it as a build secret: `RUN --mount=type=secret,id={id} …` reads `/run/secrets/{id}` (`docker build --secret id={id},env={name}`)"
    )
}

/// Words of a name that say it holds a credential (among the names
/// DL3064 calls sensitive; `USERNAME` alone does not).
const CREDENTIAL_WORDS: &[&str] = &["key", "passwd", "password", "secret", "token"];

/// Name endings that point to a secret, or describe one, without holding
/// it.
const REFERENCE_SUFFIXES: &[&str] = &[
    "_algorithm",
    "_cmd",
    "_command",
    "_dir",
    "_directory",
    "_enabled",
    "_endpoint",
    "_expiration",
    "_expiry",
    "_file",
    "_format",
    "_header",
    "_host",
    "_len",
    "_length",
    "_location",
    "_mode",
    "_name",
    "_path",
    "_port",
    "_prefix",
    "_provider",
    "_required",
    "_script",
    "_size",
    "_timeout",
    "_ttl",
    "_type",
    "_uri",
    "_url",
    "_user",
    "_username",
    "_version",
];

/// A name that holds a credential: DL3064's matching, narrowed to
/// credential words and without reference suffixes.
pub fn names_credential(name: &str) -> bool {
    // (The lists are lower case: compared without case, nothing
    // allocated.)
    let ends_with = |s: &str| {
        name.len() >= s.len()
            && name.as_bytes()[name.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
    };
    is_sensitive(name)
        && CREDENTIAL_WORDS
            .iter()
            .any(|w| contains_ignore_ascii_case(name, w))
        && !REFERENCE_SUFFIXES.iter().any(|s| ends_with(s))
}

/// A value written in the file, as opposed to a reference, a path, a
/// switch or a placeholder.
fn hardcoded(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || v.contains('$') {
        return false;
    }
    let path = v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || (v.len() > 2 && v.as_bytes()[1] == b':' && matches!(v.as_bytes()[2], b'\\' | b'/'));
    let switch = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "none" | "null" | "nil" | "undefined"
    );
    let short_number = v.len() < 6 && v.bytes().all(|b| b.is_ascii_digit());
    !(path || switch || short_number || placeholder(&lower))
}

fn placeholder(lower: &str) -> bool {
    // `xxxx`, `****`, `0000-0000`: one character repeated (separators aside).
    let mut alnum = lower.chars().filter(|c| c.is_ascii_alphanumeric());
    let repeated = match alnum.next() {
        None => true,
        Some(first) => alnum.all(|c| c == first),
    };
    repeated
        || (lower.starts_with('<') && lower.ends_with('>'))
        || lower.starts_with("your")
        || [
            "changeme",
            "change-me",
            "change_me",
            "replace",
            "placeholder",
            "dummy",
            "todo",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// What kind of secret `value` contains, if it matches a known format.
pub fn secret_in_value(value: &str) -> Option<&'static str> {
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    if value.contains("hooks.slack.com/services/") {
        return Some("a Slack webhook URL");
    }
    if credentials_in_url(value) {
        return Some("a connection string with a password");
    }
    value
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .find_map(token_kind)
}

/// A token format: (kind, prefix, minimum length after the prefix,
/// allowed characters after the prefix).
type TokenFormat = (&'static str, &'static str, usize, fn(char) -> bool);

const TOKENS: &[TokenFormat] = &[
    ("a GitHub token", "ghp_", 36, alnum),
    ("a GitHub token", "gho_", 36, alnum),
    ("a GitHub token", "ghu_", 36, alnum),
    ("a GitHub token", "ghs_", 36, alnum),
    ("a GitHub token", "ghr_", 36, alnum),
    ("a GitHub token", "github_pat_", 22, word),
    ("a GitLab token", "glpat-", 20, dashed),
    ("a Slack token", "xoxb-", 10, dashed),
    ("a Slack token", "xoxp-", 10, dashed),
    ("a Slack token", "xoxa-", 10, dashed),
    ("a Slack token", "xoxr-", 10, dashed),
    ("a Slack token", "xoxs-", 10, dashed),
    ("a Stripe key", "sk_live_", 16, alnum),
    ("a Stripe key", "rk_live_", 16, alnum),
    ("a Stripe key", "sk_test_", 16, alnum),
    ("a Google API key", "AIza", 35, dashed),
    ("an npm token", "npm_", 36, alnum),
    ("a PyPI token", "pypi-AgEIcHlwaS5vcmc", 20, dashed),
    ("a Hugging Face token", "hf_", 34, alnum),
    ("an OpenAI key", "sk-proj-", 20, dashed),
    ("an Anthropic key", "sk-ant-", 20, dashed),
];

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn dashed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The length of the shortest token [`token_kind`] names: a prefix of
/// [`TOKENS`] and its minimum, or an AWS key ID (20).
const SHORTEST_TOKEN: usize = {
    let mut shortest = 20;
    let mut k = 0;
    while k < TOKENS.len() {
        let (_, prefix, min, _) = TOKENS[k];
        if prefix.len() + min < shortest {
            shortest = prefix.len() + min;
        }
        k += 1;
    }
    shortest
};

/// The kind of one token (a run of `[A-Za-z0-9_.-]`).
fn token_kind(token: &str) -> Option<&'static str> {
    // Most tokens are words far shorter than any key.
    if token.len() < SHORTEST_TOKEN {
        return None;
    }
    for &(kind, prefix, min, allowed) in TOKENS {
        if let Some(rest) = token.strip_prefix(prefix) {
            if rest.len() >= min && rest.chars().all(allowed) {
                return Some(kind);
            }
        }
    }
    if aws_key_id(token) {
        return Some("an AWS access key ID");
    }
    let mut parts = token.split('.');
    if let (Some("SG"), Some(a), Some(b), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    {
        if a.len() == 22 && b.len() == 43 && a.chars().all(dashed) && b.chars().all(dashed) {
            return Some("a SendGrid key");
        }
    }
    None
}

/// `AKIA`/`ASIA`/`ABIA`/`ACCA` and 16 upper-case letters or digits.
fn aws_key_id(token: &str) -> bool {
    token.len() == 20
        && ["AKIA", "ASIA", "ABIA", "ACCA"]
            .iter()
            .any(|p| token.starts_with(p))
        && token
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `scheme://user:password@host…` with a literal, non-placeholder
/// password.
fn credentials_in_url(value: &str) -> bool {
    value.match_indices("://").any(|(at, _)| {
        let scheme_ok = value[..at]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .next()
            .is_some_and(|s| s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
        let rest = &value[at + 3..];
        let authority = rest.split(['/', '?', '#', ' ']).next().unwrap_or("");
        let Some((userinfo, host)) = authority.rsplit_once('@') else {
            return false;
        };
        let Some((_, password)) = userinfo.split_once(':') else {
            return false;
        };
        scheme_ok && !host.is_empty() && hardcoded(password)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `names_credential` compares without case on lower-case lists.
    #[test]
    fn credential_lists_are_lower_case() {
        for w in CREDENTIAL_WORDS.iter().chain(REFERENCE_SUFFIXES) {
            assert_eq!(*w, w.to_ascii_lowercase(), "{w}");
        }
        assert!(names_credential("DB_PASSWORD"));
        assert!(!names_credential("DB_PASSWORD_FILE"));
    }
    use crate::testing::{findings, lines};

    #[test]
    fn both_lines_of_the_article() {
        let text = "FROM python:3.11-slim\nENV SECRET_KEY=my-super-secret-hardcoded\nENV AWS_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE\nRUN pip install awscli\n";
        let found = findings(&RULE, text);
        assert_eq!(lines(&RULE, text), vec![2, 3]);
        assert!(found.iter().all(|d| d.severity == Severity::Error));
        assert!(
            found[1].message.contains("AWS access key ID"),
            "{}",
            found[1].message
        );
        // The secret itself is never repeated in the output.
        for d in &found {
            assert!(!d.message.contains("AKIAIOSFODNN7EXAMPLE"));
            assert!(!d.message.contains("my-super-secret"));
            let fix = d.fix.as_ref().unwrap();
            assert!(fix.edits.is_empty());
            assert!(
                fix.message.contains("--mount=type=secret"),
                "{}",
                fix.message
            );
            assert!(fix.message.contains("docker run -e"), "{}", fix.message);
        }
    }

    #[test]
    fn by_value() {
        let cases = [
            ("ARG GH=ghp_0123456789abcdefghijABCDEFGHIJ012345", "GitHub"),
            (
                "ENV A=github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
                "GitHub",
            ),
            ("ENV SLACK=xoxb-1234567890-abcdefghij", "Slack"),
            (
                "ENV HOOK=https://hooks.slack.com/services/T000/B000/XXXX",
                "Slack",
            ),
            (
                "ENV DATABASE_URL=postgres://app:s3cret@db:5432/app",
                "connection string",
            ),
            (
                "ENV REDIS=redis://:hunter22@cache:6379/0",
                "connection string",
            ),
            (
                "ENV PIP_INDEX_URL=https://user:tok3n@pypi.example.com/simple",
                "connection string",
            ),
            (
                "ENV K=\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\"",
                "private key",
            ),
            ("ENV G=AIzaSyA1234567890abcdefghijklmnopqrstuv", "Google"),
            ("ENV S=sk_live_0123456789abcdefABCD", "Stripe"),
            ("ENV O=sk-proj-abcdefghijklmnopqrstuvwxyz", "OpenAI"),
            ("ENV ID=ASIAIOSFODNN7EXAMPLE", "AWS"),
            (
                "ONBUILD ENV NPM=npm_abcdefghijklmnopqrstuvwxyz0123456789",
                "npm",
            ),
        ];
        for (line, kind) in cases {
            let text = format!("FROM alpine:3.20\n{line}\n");
            let d = findings(&RULE, &text);
            assert_eq!(d.len(), 1, "{line}");
            assert!(d[0].message.contains(kind), "{line}: {}", d[0].message);
        }
    }

    #[test]
    fn by_name() {
        for line in [
            "ENV DB_PASSWORD=hunter2",
            "ARG GITHUB_TOKEN=abc123def",
            "ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "ENV MYSQL_ROOT_PASSWORD=root",
            "ENV A=1 APP_SECRET=s3cr3t",
        ] {
            let text = format!("FROM alpine:3.20\n{line}\n");
            assert_eq!(lines(&RULE, &text), vec![2], "{line}");
        }
    }

    #[test]
    fn no_false_positives() {
        for line in [
            "ARG NPM_TOKEN",
            "ENV SECRET_KEY=$SECRET_KEY",
            "ENV DB_PASSWORD=${DB_PASSWORD}",
            "ENV API_TOKEN=\"\"",
            "ENV PASSWORD_FILE=/run/secrets/db_password",
            "ENV SECRET_KEY_PATH=/etc/app/key.pem",
            "ENV TOKEN_URL=https://auth.example.com/token",
            "ENV JWT_SECRET_ALGORITHM=HS256",
            "ENV TOKEN_TTL=3600",
            "ENV DOCKER_USERNAME=ci",
            "ENV USERNAME=app",
            "ENV PRIVATE_NETWORK=true",
            "ENV TRAVIS_OS_NAME=linux",
            "ENV PASSWORD=changeme",
            "ENV API_KEY=<your-api-key>",
            "ENV SECRET=xxxxxxxx",
            "ENV TOKEN 00000000-0000-0000-0000-000000000000",
            "ENV PASSWORD=****",
            "ENV DJANGO_SECRET_KEY=dummy",
            "ENV DATABASE_URL 'sqlite:///db.sqlite3'",
            "ENV DATABASE_URL=postgres://app@db/app",
            "ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
            "ENV KEYBOARD=us",
            "ENV PATH=/usr/local/bin:$PATH",
            "ENV MONKEY_PATCH=1",
            "ARG AKIA=1",
        ] {
            let text = format!("FROM alpine:3.20\n{line}\n");
            assert!(lines(&RULE, &text).is_empty(), "{line}");
        }
    }

    #[test]
    fn names_are_a_subset_of_dl3064() {
        for name in [
            "DB_PASSWORD",
            "GITHUB_TOKEN",
            "APP_SECRET",
            "HEROKU_API_KEY",
        ] {
            assert!(names_credential(name) && is_sensitive(name), "{name}");
        }
        for name in ["KEYBOARD", "MONKEY", "DOCKER_USERNAME", "PASSWORD_FILE"] {
            assert!(!names_credential(name), "{name}");
        }
    }
}
