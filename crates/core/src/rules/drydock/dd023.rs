use crate::rules::pkg::runs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD023",
    name: "remote-script-pipe",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A script downloaded with `curl`/`wget` is piped into a shell without checking it.",
    docs: r#"
## What it does
Reports a `RUN` that runs a downloaded script without saving it first:
`curl … | sh`, `wget -qO- … | bash -s -- …`, `curl … | sudo python3 -`,
`sh -c "$(curl …)"`, `bash <(curl …)`. Piping into a command that reads
the download as data (`| tar x`, `| gpg --dearmor`, `| python3
script.py`) is not reported, nor `sh -c '…'` with a script of its own.

Not checked by hadolint, BuildKit, Trivy, Checkov or Semgrep.

## Why is this bad?
The shell runs whatever the server (or anything between the build and
the server) sends, as root in the build, with nothing checking that it
is the script that was reviewed: a compromised install script, or one
changed since, runs unseen. A download cut off half-way runs half a
script. And each build may run a different script: the image is not
reproducible.

## Fix
*Manual.* Download the script (or better, a release archive) at a
pinned version, check its checksum, then run it:

```
RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.4.2.sh \
 && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh && rm /tmp/install.sh
```

`ADD --checksum=sha256:<sum> https://… /tmp/install.sh` does the same
check in BuildKit.

## Example
```dockerfile
FROM debian:12
RUN curl -fsSL https://get.example.com | sh
```

## Use instead
```dockerfile
FROM debian:12
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://get.example.com/install-1.4.2.sh /tmp/install.sh
RUN sh /tmp/install.sh && rm /tmp/install.sh
```
"#,
    check,
};

const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ash", "ksh", "mksh", "fish"];

/// A program that runs what it reads on standard input as code.
fn is_interpreter(name: &str) -> bool {
    SHELLS.contains(&name)
        || ["python", "perl", "ruby", "node", "php"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
}

/// `cmd` runs code read from standard input.
fn runs_stdin(cmd: &SimpleCommand) -> bool {
    let Some((name, args)) = cmd.effective() else {
        return false;
    };
    if !is_interpreter(name) {
        return false;
    }
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let v = w.value.as_str();
        match v {
            "-" | "-s" => return true,
            "--" => return false,
            "-c" | "-e" | "-m" | "-r" => return false,
            _ if v.starts_with('-') => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// `cmd` downloads to standard output.
fn downloads(cmd: &SimpleCommand) -> bool {
    match cmd.effective() {
        Some(("curl", _)) => true,
        Some(("wget", args)) => args.iter().enumerate().any(|(i, w)| {
            let v = w.value.as_str();
            v == "--output-document=-"
                || (v.starts_with('-') && !v.starts_with("--") && v.ends_with("O-"))
                || ((v == "-O" || (v.starts_with('-') && !v.starts_with("--") && v.ends_with('O')))
                    && args.get(i + 1).is_some_and(|n| n.value == "-"))
        }),
        _ => false,
    }
}

/// A word that runs a download as a script: `"$(curl …)"`, `<(wget …)`.
fn substituted_download(w: &ShellWord) -> bool {
    [
        "$(curl ", "$(wget ", "<(curl ", "<(wget ", "`curl ", "`wget ",
    ]
    .iter()
    .any(|p| w.raw.contains(p))
}

fn check(cx: &mut Checker) {
    let runs: Vec<_> = runs(cx).collect();
    for run in runs {
        let cmds = &run.commands;
        let piped = cmds.iter().enumerate().any(|(j, c)| {
            runs_stdin(c)
                && cmds[..j]
                    .iter()
                    .any(|d| d.pipeline == c.pipeline && d.depth == c.depth && downloads(d))
        });
        let substituted = cmds.iter().any(|c| {
            c.effective().is_some_and(|(name, args)| {
                SHELLS.contains(&name)
                    && args.iter().any(|w| {
                        substituted_download(w)
                            && (w.raw.starts_with('<') || args.iter().any(|a| a.value == "-c"))
                    })
            })
        });
        if piped || substituted {
            cx.report(
                run.inst.span,
                "A downloaded script runs without being checked: save it, check its checksum, \
                 then run it",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_piped_scripts() {
        for text in [
            "FROM a\nRUN curl -fsSL https://x | sh\n",
            "FROM a\nRUN curl -sL https://x | bash -s -- --version 1\n",
            "FROM a\nRUN wget -qO- https://x | sh\n",
            "FROM a\nRUN wget -q -O - https://x | bash\n",
            "FROM a\nRUN curl https://x | sudo -E bash -\n",
            "FROM a\nRUN curl -sSL https://install.python-poetry.org | python3 -\n",
            "FROM a\nRUN apt-get update && curl -sL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs\n",
            "FROM a\nRUN sh -c \"$(curl -fsSL https://x)\"\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_data_pipes_alone() {
        for text in [
            "FROM a\nRUN curl -fsSL https://x | tar xz\n",
            "FROM a\nRUN curl -fsSL https://x | gpg --dearmor -o /k.gpg\n",
            "FROM a\nRUN curl -fsSL https://x | python3 check.py\n",
            "FROM a\nRUN curl -fsSLo /tmp/i.sh https://x && sh /tmp/i.sh\n",
            "FROM a\nRUN wget https://x | sh\n",
            "FROM a\nRUN echo hi | sh\n",
            "FROM a\nRUN curl -fsSL https://x > /tmp/i.sh; sh -c 'echo ok'\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
