use crate::fix::Fix;
use crate::rules::pkg::{insert_after, runs, CommandExt};
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
drowns. `--progress=dot:giga` prints one dot per megabyte. The fix
inserts `--progress=dot:giga` after `wget`.

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
    for run in runs(cx) {
        let bad: Vec<_> = run.matching(forgot).collect();
        if bad.is_empty() {
            continue;
        }
        if run.exec {
            cx.report(run.inst.span, MESSAGE);
            continue;
        }
        let edits = bad
            .iter()
            .map(|c| insert_after(&c.words[0], "--progress=dot:giga"))
            .collect();
        cx.report_fix(
            run.inst.span,
            MESSAGE,
            Fix::safe("Add --progress=dot:giga", edits),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::pkg::testing::{fixed, reports};

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
    fn fix_inserts_progress() {
        assert_eq!(
            fixed(&RULE, "RUN wget -O /tmp/y http://x/y && echo \"$(wget http://z)\"\n"),
            "RUN wget --progress=dot:giga -O /tmp/y http://x/y && echo \"$(wget --progress=dot:giga http://z)\"\n"
        );
    }
}
