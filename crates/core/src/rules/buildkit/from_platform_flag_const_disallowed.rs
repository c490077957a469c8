use crate::rules::buildkit::{expand_with, var_refs};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "FromPlatformFlagConstDisallowed",
    name: "from-platform-flag-const-disallowed",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "FROM --platform flag should not use a constant value",
    docs: r#"
## What it does
Reports `FROM --platform=` with a constant value (`linux/amd64`), unless
the stage's name contains the platform's operating system or
architecture (`AS build_amd64`), the sign of a deliberately
platform-specific stage. As in BuildKit, the platform is normalised
first (`x86_64` is `amd64`, `aarch64` is `arm64`). hadolint's DL3029
reports any `--platform` under its own code.

## Why is this bad?
A constant platform forces that stage onto one platform whatever the
build asks for: the Dockerfile can no longer build a multi-platform
image, and on another machine the stage runs under emulation. Leave the
platform to `docker build --platform`, or use `$BUILDPLATFORM` for
stages that only prepare files. Which one fits is a choice, so no edit
is offered.

## Example
```dockerfile
FROM --platform=linux/amd64 alpine:3.20 AS base
RUN apk add --no-cache git
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM alpine:3.20 AS base
RUN apk add --no-cache git
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let empty = Default::default();
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(value) = inst.flag("platform").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        if !var_refs(&value.text, file.escape).is_empty() {
            continue;
        }
        let platform = expand_with(&empty, &value.text, file.escape).value;
        let Some((os, arch)) = parse_platform(&platform) else {
            continue;
        };
        let stage = from
            .alias
            .as_ref()
            .map(|a| a.text.to_lowercase())
            .unwrap_or_default();
        if stage.contains(&os) || stage.contains(&arch) {
            continue;
        }
        cx.report(
            inst.span,
            format!(
                "FROM --platform flag should not use constant value {}",
                go_quote(&platform)
            ),
        );
    }
}

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// containerd's `platforms.Parse`, reduced to the normalised OS and
/// architecture: `os[/arch[/variant]]`, or a lone OS or architecture.
/// `None` for what it rejects.
pub fn parse_platform(spec: &str) -> Option<(String, String)> {
    if spec.contains('*') {
        return None;
    }
    let parts: Vec<&str> = spec.split('/').collect();
    // `windows(10.0.17763)/amd64`: an OS version in parentheses.
    let first = parts[0].split_once('(').map_or(parts[0], |(os, _)| os);
    let valid = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };
    if !valid(first) || !parts[1..].iter().all(|p| valid(p)) {
        return None;
    }
    let os = normalize_os(first);
    match parts.len() {
        1 if KNOWN_OS.contains(&os.as_str()) => Some((os, "amd64".to_string())),
        1 => {
            let arch = normalize_arch(first);
            KNOWN_ARCH
                .contains(&arch.as_str())
                .then(|| ("linux".to_string(), arch))
        }
        2 | 3 => Some((os, normalize_arch(parts[1]))),
        _ => None,
    }
}

fn normalize_os(os: &str) -> String {
    match os.to_lowercase().as_str() {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_lowercase().as_str() {
        "i386" => "386".to_string(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_string(),
        "aarch64" | "arm64" => "arm64".to_string(),
        "armhf" | "armel" | "arm" => "arm".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_platform, RULE};
    use crate::testing::messages;

    #[test]
    fn platforms() {
        let p = |s| parse_platform(s).map(|(o, a)| format!("{o}/{a}"));
        assert_eq!(p("linux/amd64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("Linux/x86_64").as_deref(), Some("linux/amd64"));
        assert_eq!(p("linux/arm64/v8").as_deref(), Some("linux/arm64"));
        assert_eq!(p("aarch64").as_deref(), Some("linux/arm64"));
        assert_eq!(p("windows").as_deref(), Some("windows/amd64"));
        assert_eq!(p("nonsense"), None);
        assert_eq!(p("linux/*"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn reports_constant_platforms() {
        assert_eq!(
            messages(&RULE, "FROM --platform=linux/amd64 scratch\n"),
            ["FROM --platform flag should not use constant value \"linux/amd64\""]
        );
        assert_eq!(
            messages(&RULE, "FROM --platform=\"linux/x86_64\" scratch AS b\n"),
            ["FROM --platform flag should not use constant value \"linux/x86_64\""]
        );
        for fine in [
            "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
            "FROM --platform=linux/amd64 scratch AS linux\n",
            "FROM --platform=linux/x86_64 scratch AS build-amd64\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "FROM --platform=bogus scratch\n",
        ] {
            assert!(messages(&RULE, fine).is_empty(), "{fine}");
        }
    }
}
