use crate::fix::{Edit, Fix};
use crate::rules::hadolint::scan::{has_pipes, indent_of, run_script};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, CommandForm, Instruction};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4006",
    name: "pipefail",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check",
    docs: r#"
## What it does
Reports a `RUN` with a pipe (`a | b`) when the stage has not set a
`SHELL` with `-o pipefail`.

## Why is this bad?
A pipeline's exit status is that of its last command. In
`RUN curl -fsSL https://example.com/install.sh | sh`, a failed download
still pipes nothing into a successful `sh`: the step passes, the image is
broken, and nobody notices until run time. `set -o pipefail` (through
`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`) makes the pipeline fail
when any of its commands fails. `/bin/sh` in Debian (dash) has no
`pipefail`; on Alpine use `/bin/ash`.

When the stage's base image is known to ship bash (Debian and Ubuntu
families and the official images built on them), the fix inserts that
`SHELL` line before the first such `RUN` of the stage. On Alpine (and
the official images' `-alpine` variants) it uses `/bin/ash`, which is
Alpine's `/bin/sh`. It is a suggestion: later `RUN`s run under that shell
and fail on broken pipes.

## Example
```dockerfile
FROM debian:12
RUN wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/example.gpg
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/example.gpg
```
"#,
    check,
};

const PIPEFAIL_SHELLS: &[&str] = &["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"];

/// What a `SHELL` instruction does to the check: `Some(true)` when it
/// sets pipefail or is not a POSIX shell (the check then does not apply).
fn shell_handles_pipes(inst: &Instruction) -> bool {
    let words: Vec<String> = match &inst.body {
        Body::Shell(words) => words.iter().map(|w| w.text.clone()).collect(),
        _ => return false,
    };
    let joined = words.join(" ");
    if ["pwsh", "powershell", "cmd"]
        .iter()
        .any(|p| joined.starts_with(p))
    {
        return true;
    }
    let Some((name, rest)) = words.split_first() else {
        return false;
    };
    if !PIPEFAIL_SHELLS.contains(&name.as_str()) {
        return false;
    }
    let has_o = rest.iter().any(|w| {
        w.strip_prefix("--").map_or_else(
            || w.starts_with('-') && w.len() > 1 && w[1..].contains('o'),
            |l| l.split('=').next() == Some("o"),
        )
    });
    has_o && rest.iter().any(|w| w == "pipefail")
}

/// Base images known to ship bash at `/bin/bash`.
/// The shell with `pipefail` a stage on `image` can switch to, and the
/// fix's message: bash where the image is known to ship it, else Alpine's
/// `/bin/ash` (the `/bin/sh` of Alpine images: only `pipefail` changes).
fn pipefail_shell(image: &str) -> Option<(&'static str, &'static str)> {
    if has_bash(image) {
        Some(("/bin/bash", "Run with bash and `-o pipefail`"))
    } else if is_alpine(image) {
        Some(("/bin/ash", "Run with ash and `-o pipefail`"))
    } else {
        None
    }
}

/// `alpine`, `docker` (built on Alpine), and official images' `-alpine`
/// variants.
fn is_alpine(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    let r = crate::rules::hadolint::scan::image_ref(&lower);
    let tag = r.tag.unwrap_or("");
    let name = r.name.strip_prefix("library/").unwrap_or(r.name);
    if r.registry.is_some_and(|reg| reg != "docker.io") || tag.contains('$') || name.contains('$') {
        return false;
    }
    name == "alpine"
        || name == "docker"
        || (tag.contains("alpine") && crate::rules::drydock::images::is_official(name))
}

fn has_bash(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    let r = crate::rules::hadolint::scan::image_ref(&lower);
    let name = r.name.rsplit('/').next().unwrap_or(r.name);
    let tag = r.tag.unwrap_or("");
    if ["alpine", "windows", "nanoserver", "busybox", "distroless"]
        .iter()
        .any(|bad| tag.contains(bad) || r.name.contains(bad))
        || r.name.starts_with('$')
        || tag.contains('$')
    {
        return false;
    }
    const BASH_IMAGES: &[&str] = &[
        "debian",
        "ubuntu",
        "buildpack-deps",
        "python",
        "node",
        "golang",
        "ruby",
        "rust",
        "php",
        "perl",
        "openjdk",
        "eclipse-temurin",
        "maven",
        "gradle",
        "centos",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "adoptopenjdk",
        "amazoncorretto",
        "java",
        "ibmjava",
        "sapmachine",
        "elixir",
        "erlang",
        "clojure",
        "haskell",
        "gcc",
        "swift",
        "julia",
        "r-base",
        "groovy",
        "jruby",
        "pypy",
        "oraclelinux",
        "postgres",
        "mysql",
        "mariadb",
        "mongo",
        "redis",
        "nginx",
        "httpd",
        "tomcat",
        "jenkins",
    ];
    BASH_IMAGES.contains(&name)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let source = cx.source();
    let mut handled = false;
    // The stage's base image text (following `FROM <stage>` to its base),
    // and whether a fix was already offered in this stage.
    // Alias (ASCII-lowercased) → base image text, first stage wins.
    let mut aliases: std::collections::HashMap<String, String> = Default::default();
    let mut base = String::new();
    let mut fixed_stage = false;
    for inst in &file.instructions {
        match &inst.body {
            Body::From(from) => {
                handled = false;
                fixed_stage = false;
                let image = from.image.text.clone();
                base = aliases
                    .get(&image.to_ascii_lowercase())
                    .map_or(image, String::clone);
                if let Some(alias) = &from.alias {
                    aliases
                        .entry(alias.text.to_ascii_lowercase())
                        .or_insert_with(|| base.clone());
                }
            }
            Body::Shell(_) => handled = shell_handles_pipes(inst),
            Body::Run(_) if !handled => {
                let Some(script) = run_script(inst) else {
                    continue;
                };
                if !has_pipes(&script) && !exec_has_pipe(inst) {
                    continue;
                }
                if let Some((shell, message)) = pipefail_shell(&base).filter(|_| !fixed_stage) {
                    fixed_stage = true;
                    if let Some(indent) = indent_of(source, inst) {
                        let fix = Fix::suggested(
                            message,
                            vec![Edit::insert(
                                inst.span.start,
                                format!(
                                    "SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]\n{indent}"
                                ),
                            )],
                        );
                        cx.report_fix(inst.span, RULE.summary, fix);
                        continue;
                    }
                }
                cx.report(inst.span, RULE.summary);
            }
            _ => {}
        }
    }
}

/// hadolint joins exec-form arguments with spaces and parses the result as
/// shell: `RUN ["sh", "-c", "a | b"]` has a pipe for it.
fn exec_has_pipe(inst: &Instruction) -> bool {
    let Body::Run(CommandForm::Exec { args, .. }) = &inst.body else {
        return false;
    };
    args.iter().any(|a| {
        let b = a.text.as_bytes();
        b.iter()
            .enumerate()
            .any(|(i, &c)| c == b'|' && b.get(i + 1) != Some(&b'|') && (i == 0 || b[i - 1] != b'|'))
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn pipes() {
        let text = "FROM a:1\nRUN a | b\nRUN a || b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM b:1\nRUN [\"sh\", \"-c\", \"a | b\"]\nSHELL [\"/bin/bash\", \"-c\"]\nRUN x | y\nSHELL [\"pwsh\", \"-c\"]\nRUN x | y\n";
        assert_eq!(lines(&RULE, text), vec![2, 7, 9]);
        let text = "FROM a:1\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n";
        assert!(lines(&RULE, text).is_empty());
    }

    #[test]
    fn fix_inserts_shell() {
        let text = "FROM debian:12 AS base\nRUN a | b\nRUN c | d\nFROM base\nRUN e | f\nFROM alpine:3\nRUN g | h\n";
        let out = fixed(&RULE, text);
        let shell = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
        let ash = "SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\n";
        assert_eq!(
            out,
            format!("FROM debian:12 AS base\n{shell}RUN a | b\nRUN c | d\nFROM base\n{shell}RUN e | f\nFROM alpine:3\n{ash}RUN g | h\n")
        );
        assert!(lines(&RULE, &out).is_empty());
        // python's Alpine variant has ash; an unknown image gets no fix.
        let text = "FROM python:3.12-alpine\nRUN a | b\n";
        assert_eq!(
            fixed(&RULE, text),
            format!("FROM python:3.12-alpine\n{ash}RUN a | b\n")
        );
        let text = "FROM example/thing:1-alpine\nRUN a | b\n";
        assert!(crate::rules::testing::codes(&RULE, text)[0].fix.is_none());
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }
}
