use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::ImageRef;
use crate::syntax::{Body, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3026",
    name: "untrusted-registry",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Use only an allowed registry in the FROM image",
    docs: r#"
## What it does
With `trusted_registries` configured (hadolint's
`trustedRegistries`), reports a `FROM`, `COPY --from` or
`RUN --mount=…,from=…` that pulls an image from any other registry.
Patterns may start or end with `*` (`*.example.com`, `registry.example.*`);
images without a registry come from Docker Hub, allowed as `docker.io` or
`hub.docker.com`. Stages and `scratch` are always allowed; references
built from variables are resolved, and those only known at build time are
not judged.

## Configuration
```json
{"trusted_registries": ["registry.example.com"]}
```

## Why is this bad?
Organisations that mirror and scan their base images want every build to
pull from those mirrors. An image from elsewhere bypasses the scanning
and can change or disappear without notice.

## Example
```dockerfile
FROM ghcr.io/someone/tool:1.0
```

## Use instead
```dockerfile
FROM registry.example.com/tools/tool:1.0
```
"#,
    check,
};

/// hadolint's registry patterns: `*`, `*suffix`, `prefix*`, or exact.
pub fn matches(pattern: &str, registry: &str) -> bool {
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        registry == pattern
    }
}

fn allowed(trusted: &[String], image: &str) -> bool {
    let Some(r) = ImageRef::parse(image) else {
        return true;
    };
    if r.is_scratch() {
        return true;
    }
    let ok = |reg: &str| trusted.iter().any(|p| matches(p, reg));
    match &r.registry {
        Some(reg) => ok(reg),
        None => ok("docker.io") || ok("hub.docker.com"),
    }
}

fn check(cx: &mut Checker) {
    let trusted = cx.config.trusted_registries.clone();
    if trusted.is_empty() {
        return;
    }
    let file = cx.file;
    let mut aliases: Vec<String> = Vec::new();
    for (i, inst) in file.instructions.iter().enumerate() {
        // The image references this instruction pulls.
        let mut refs: Vec<String> = Vec::new();
        match &inst.body {
            Body::From(from) => {
                refs.push(from.image.text.clone());
            }
            _ if inst.keyword == Keyword::Copy || inst.keyword == Keyword::Add => {
                if let Some(v) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                    refs.push(v.text.clone());
                }
            }
            Body::Run(_) => {
                for flag in inst
                    .flags
                    .iter()
                    .filter(|f| f.name.eq_ignore_ascii_case("mount"))
                {
                    let Some(v) = &flag.value else { continue };
                    for field in v.text.trim_matches(['"', '\'']).split(',') {
                        if let Some((k, val)) = field.split_once('=') {
                            if k.trim().eq_ignore_ascii_case("from") {
                                refs.push(val.trim().to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let mut bad = false;
        for text in &refs {
            let r = cx.resolve(i, text);
            if !r.is_complete() {
                continue;
            }
            let name = r.value.as_str();
            let stage_ref = aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
                || (inst.keyword != Keyword::From && name.parse::<usize>().is_ok());
            if !stage_ref && !allowed(&trusted, name) {
                bad = true;
            }
        }
        if let Body::From(from) = &inst.body {
            if let Some(a) = &from.alias {
                aliases.push(a.text.clone());
            }
        }
        if bad {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings_with, lines_with};
    use crate::Config;

    #[test]
    fn registries() {
        let text = "FROM ghcr.io/a/b:1 AS x\nFROM x\nFROM ubuntu:22.04\nFROM my.registry.io/app:1\nCOPY --from=quay.io/c/d:1 /a /a\nCOPY --from=x /a /a\nRUN --mount=type=cache,target=/c,from=gcr.io/e/f:1 true\nFROM scratch\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let config = Config {
            trusted_registries: vec!["*.registry.io".into(), "docker.io".into()],
            ..Config::default()
        };
        let lines = lines_with(&RULE, text, &config);
        assert_eq!(lines, vec![1, 5, 7]);
    }

    #[test]
    fn patterns() {
        assert!(matches("*", "x"));
        assert!(matches("*.io", "ghcr.io"));
        assert!(matches("ghcr*", "ghcr.io"));
        assert!(!matches("ghcr.io", "quay.io"));
    }
}
