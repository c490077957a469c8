use crate::rules::buildkit::{default_global_env, expand_with, var_refs};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "InvalidDefaultArgInFrom",
    name: "invalid-default-arg-in-from",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Default value for global ARG results in an empty or invalid base image name",
    docs: r#"
## What it does
Reports a `FROM` whose image, built from global `ARG`s, is not a valid
image reference when the build is run without `--build-arg`: an `ARG`
with no default leaves `busybox:${TAG}` as `busybox:` (an empty tag) and
`$IMAGE` empty. Like BuildKit, the reference is checked with the Docker
reference grammar (lowercase repository, a tag of at most 128 word
characters, a valid digest). `FROM` lines without a variable are left to
the build itself. Predefined platform arguments (`$TARGETARCH` …) depend
on the machine, so a `FROM` that uses them is not judged.

## Why is this bad?
A Dockerfile should build as written; one that needs `--build-arg` to
produce a valid base image fails for whoever builds it plainly, with an
error far from the cause. Give the `ARG` a default (the right one is the
author's choice, so no edit is offered), or write a default inside the
reference: `${TAG:-3.20}`.

## Example
```dockerfile
ARG TAG
FROM busybox:${TAG}
```

## Use instead
```dockerfile
ARG TAG=1.36
FROM busybox:${TAG}
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // The global scope, made for the first `FROM` that expands a variable.
    let mut env = None;
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        if var_refs(&from.image.text, file.escape).is_empty() {
            continue;
        }
        let env = env.get_or_insert_with(|| default_global_env(file));
        let r = expand_with(env, &from.image.text, file.escape);
        if r.is_complete() && !is_valid_reference(&r.value) {
            cx.report(
                inst.span,
                format!(
                    "Default value for ARG {} results in empty or invalid base image name",
                    from.image.text
                ),
            );
        }
    }
}

/// Docker's `ParseNormalizedNamed`: `[domain/]path[:tag][@digest]`, the
/// repository lowercase, at most 255 characters of name.
pub fn is_valid_reference(s: &str) -> bool {
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'a'..=b'f' | b'0'..=b'9')) {
        return false;
    }
    // `splitDockerDomain`: the first component is a registry when it
    // looks like a host (a `.` or `:`, `localhost`, or uppercase).
    let (domain, remainder) = match s.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            (first, rest)
        }
        _ => ("docker.io", s),
    };
    let remote = remainder.split(':').next().unwrap_or(remainder);
    if remote.to_lowercase() != remote {
        return false;
    }
    let (name, digest) = match remainder.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (remainder, None),
    };
    let (path, tag) = match name.split_once(':') {
        Some((p, t)) => (p, Some(t)),
        None => (name, None),
    };
    let library = if domain == "docker.io" && !path.contains('/') {
        "library/".len()
    } else {
        0
    };
    domain_ok(domain)
        && !path.is_empty()
        && path.split('/').all(path_component_ok)
        && domain.len() + 1 + library + path.len() <= 255
        && tag.is_none_or(tag_ok)
        && digest.is_none_or(digest_ok)
}

/// `host[:port]`: dot-separated components of letters, digits and inner
/// `-`, or a bracketed IPv6 address.
fn domain_ok(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(':') && !p.contains(']') => (h, Some(p)),
        _ => (domain, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
    }
    !host.is_empty()
        && host.split('.').all(|c| {
            !c.is_empty()
                && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !c.starts_with('-')
                && !c.ends_with('-')
        })
}

/// `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
fn path_component_ok(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[\w][\w.-]{0,127}`
fn tag_ok(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    t.len() <= 128
        && t.bytes().next().is_some_and(word)
        && t.bytes().all(|b| word(b) || b == b'.' || b == b'-')
}

/// `algorithm:hex` with a hex part of at least 32 digits.
fn digest_ok(d: &str) -> bool {
    let Some((algo, hex)) = d.split_once(':') else {
        return false;
    };
    let algo_ok = algo.split(['-', '_', '+', '.']).all(|c| {
        c.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && c.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    algo_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::{is_valid_reference, RULE};
    use crate::testing::messages;

    #[test]
    fn reference_grammar() {
        for ok in [
            "busybox",
            "busybox:stable",
            "library/busybox:1.36-musl",
            "docker.io/library/alpine:3.20",
            "ghcr.io/org/app:v1.2.3",
            "localhost:5000/app",
            "MyRegistry/app",
            "[::1]:5000/app:tag",
            "a__b/c-d---e.f:TAG_1",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_valid_reference(ok), "{ok}");
        }
        for bad in [
            "",
            "busybox:",
            "Busybox",
            "busy box",
            ":tag",
            "app:-x",
            "app/",
            "a..b",
            "app@sha256:short",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(!is_valid_reference(bad), "{bad}");
        }
    }

    #[test]
    fn reports_what_defaults_break() {
        assert_eq!(
            messages(&RULE, "ARG VERSION\nFROM busybox:$VERSION\n"),
            ["Default value for ARG busybox:$VERSION results in empty or invalid base image name"]
        );
        assert_eq!(messages(&RULE, "ARG IMAGE\nFROM $IMAGE\n").len(), 1);
        assert_eq!(
            messages(&RULE, "ARG SFX=\"box:\"\nFROM busy${SFX}\n").len(),
            1
        );
        for fine in [
            "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
            "ARG V=\"\"\nFROM busybox:stable${V}\n",
            "ARG V\nFROM busybox:stable${V}\n",
            "ARG TAG\nFROM alpine:${TAG:-3.14}\n",
            "FROM image-${TARGETARCH}\n",
            "FROM Builder\n",
        ] {
            assert!(messages(&RULE, fine).is_empty(), "{fine}");
        }
    }
}
