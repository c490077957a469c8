use crate::diagnostic::Fix;
use crate::rules::flags::{after_program, report_missing_flag};
use crate::rules::pkg::CommandExt;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3047",
    name: "wget-progress",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).",
    docs: r#"
## What it does
Reports `wget` without `--progress`, unless it is quiet (`-q`,
`--quiet`, `-nv`, `--no-verbose`) or logs to a file (`-o`, `-a`).

## Why is this bad?
In a build, wget's default progress bar is written as thousands of
partial lines: the build log balloons to megabytes and the useful output
drowns. `--progress=dot:giga` prints one dot per megabyte.

## Fix
*Safe.* Quiets the download's progress output.

- **What changes in the image:** nothing; only the build log is shorter.
- **What must hold:** the `wget` that runs accepts the option. GNU wget
  (Debian, Ubuntu, the Red Hat and SUSE families) knows
  `--progress=dot:giga`; busybox's `wget` (Alpine's, unless GNU wget is
  installed) rejects it as an unrecognized option and the download fails,
  and so does wget2, Fedora's `wget` since Fedora 40.
- **What the fix checks:** the stage's base image. On a Debian, Ubuntu,
  Red Hat (Fedora only with a release below 40) or SUSE base it inserts
  `--progress=dot:giga` after `wget`; anywhere else (Alpine, busybox,
  Fedora 40 and later or `fedora:latest`, an image it does not know,
  `busybox wget`) it inserts `-q`, which every wget accepts (errors
  still end the step with a failing status).

## Example
```dockerfile
FROM debian:12
RUN wget https://example.com/app.tar.gz
```

## Use instead
```dockerfile
FROM debian:12
RUN wget --progress=dot:giga https://example.com/app.tar.gz
```
"#,
    check,
};

const MESSAGE: &str = "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.is("wget")
        && !cmd.has_any_flag(&[
            "progress",
            "q",
            "quiet",
            "o",
            "output-file",
            "a",
            "append-output",
            "no-verbose",
        ])
        && cmd.arg_word(&["-nv"]).is_none()
}

fn check(cx: &mut Checker) {
    let sem = cx.semantics();
    report_missing_flag(
        cx,
        MESSAGE,
        |_| false,
        forgot,
        |_, i, bad| {
            // GNU wget only where the base image says so (busybox's and
            // Fedora's wget2 reject `--progress`); `-q` is understood by all.
            let gnu = sem.gnu_wget_at(i) && bad.iter().all(|c| c.words[0].value == "wget");
            let (flag, message) = if gnu {
                ("--progress=dot:giga", "Add --progress=dot:giga")
            } else {
                (
                    "-q",
                    "Add -q (this wget may not take --progress: busybox's, or Fedora's wget2)",
                )
            };
            Fix::safe(message, after_program(bad, flag))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_noisy_wget() {
        for text in [
            "RUN wget http://x/y\n",
            "RUN wget -O /tmp/y http://x/y\n",
            "RUN wget -q http://x/a && wget http://x/b\n",
            "RUN tar xz <(wget -O- http://x/y)\n",
            "ONBUILD RUN wget http://x/y\n",
            "RUN busybox wget http://x/y\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_quiet_or_progress() {
        for text in [
            "RUN wget --progress=dot:giga http://x/y\n",
            "RUN wget -q http://x/y\n",
            "RUN wget -qO- http://x/y | tar xz\n",
            "RUN wget --quiet http://x/y\n",
            "RUN wget -nv http://x/y\n",
            "RUN wget --no-verbose http://x/y\n",
            "RUN wget -o /tmp/log http://x/y\n",
            "RUN wget -a /tmp/log http://x/y\n",
            "RUN curl -fsSL http://x/y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_progress_for_gnu_wget() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM debian:12\nRUN wget -O /tmp/y http://x/y && echo \"$(wget http://z)\"\n"),
            "FROM debian:12\nRUN wget --progress=dot:giga -O /tmp/y http://x/y && echo \"$(wget --progress=dot:giga http://z)\"\n"
        );
    }

    #[test]
    fn fix_quiets_wget2_on_fedora() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM fedora:latest\nRUN wget http://x/y\n"),
            "FROM fedora:latest\nRUN wget -q http://x/y\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "FROM fedora:38\nRUN wget http://x/y\n"),
            "FROM fedora:38\nRUN wget --progress=dot:giga http://x/y\n"
        );
    }

    #[test]
    fn fix_quiets_busybox_wget() {
        // Alpine's wget is busybox's: `--progress` would fail the download.
        for (text, out) in [
            (
                "FROM alpine:3.20\nRUN wget -O /tmp/y http://x/y\n",
                "FROM alpine:3.20\nRUN wget -q -O /tmp/y http://x/y\n",
            ),
            (
                "FROM haproxy:2.9-alpine\nRUN wget http://x/y\n",
                "FROM haproxy:2.9-alpine\nRUN wget -q http://x/y\n",
            ),
            (
                "FROM debian:12\nRUN busybox wget http://x/y\n",
                "FROM debian:12\nRUN busybox wget -q http://x/y\n",
            ),
            (
                "FROM myorg/base:1\nRUN wget http://x/y\n",
                "FROM myorg/base:1\nRUN wget -q http://x/y\n",
            ),
        ] {
            assert_eq!(fixed_until_clean(&RULE, text), out, "{text}");
        }
    }
}
