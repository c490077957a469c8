use crate::rules::pkg::runs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{Op, SimpleCommand};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD018",
    name: "password-in-run",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A `RUN` sets or removes an account's password: it stays in the image.",
    docs: r#"
## What it does
Reports a `RUN` that sets an account's password: `chpasswd`, `passwd`
fed by a pipe or `--stdin`, `passwd -d` (no password at all), and
`useradd`/`usermod` with `-p`/`--password`. Locking an account
(`passwd -l`, `usermod -L`, `-p '*'`) is not reported.

Also reported by Checkov CKV2_DOCKER_17.

## Why is this bad?
The password is written in the Dockerfile and in the image's history
(`docker history` shows every `RUN`), and its hash is in `/etc/shadow`
of every container started from the image: anyone who can pull the image
can read or crack it, and every container shares it. An account without
a password (`passwd -d`) can be entered by anyone who reaches a login.

## Fix
*Manual.* Containers do not need login passwords: run as an unprivileged
`USER` and use `docker exec` for a shell. When a service really needs a
password, give it at run time (a secret or an environment variable of
the container), or at build time through
`RUN --mount=type=secret,id=pw …`, which leaves nothing in a layer.

## Example
```dockerfile
FROM debian:12
RUN useradd -m app && echo 'app:hunter2' | chpasswd
```

## Use instead
```dockerfile
FROM debian:12
RUN useradd -m app
USER app
```
"#,
    check,
};

/// Values of `-p` that lock an account rather than set a password.
fn locks(value: &str) -> bool {
    matches!(value, "*" | "!" | "!!" | "!*")
}

fn sets_password(cmd: &SimpleCommand, piped: bool) -> Option<&'static str> {
    let (name, args) = cmd.effective()?;
    match name {
        "chpasswd" => Some("`chpasswd` sets a password"),
        "passwd" => {
            let has = |f: &str| args.iter().any(|w| w.value == f);
            if has("-d") || has("--delete") {
                Some("`passwd -d` leaves the account without a password")
            } else if has("-l") || has("--lock") || has("-S") || has("--status") {
                None
            } else if piped || has("--stdin") {
                Some("`passwd` reads a password written in the Dockerfile")
            } else {
                None
            }
        }
        "useradd" | "usermod" | "adduser" => {
            let at = args.iter().position(|w| {
                w.value == "-p" || w.value == "--password" || w.value.starts_with("--password=")
            })?;
            let w = &args[at].value;
            let value = match w.split_once('=') {
                Some((_, v)) => v.to_string(),
                None => args.get(at + 1)?.value.clone(),
            };
            (!locks(&value)).then_some("`-p`/`--password` sets a password")
        }
        _ => None,
    }
}

fn check(cx: &mut Checker) {
    let runs: Vec<_> = runs(cx).collect();
    for run in runs {
        let found = run.commands.iter().find_map(|cmd| {
            let piped = cmd.op_before == Some(Op::Pipe) || !cmd.redirects.is_empty();
            sets_password(cmd, piped)
        });
        if let Some(what) = found {
            cx.report(
                run.inst.span,
                format!(
                    "{what} in the image: anyone who pulls it can read the password or its hash"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_passwords() {
        for text in [
            "FROM a\nRUN echo 'root:x' | chpasswd\n",
            "FROM a\nRUN chpasswd <<< 'root:x'\n",
            "FROM a\nRUN echo x | passwd --stdin root\n",
            "FROM a\nRUN echo -e 'x\\nx' | passwd app\n",
            "FROM a\nRUN passwd -d root\n",
            "FROM a\nRUN useradd -m -p $(openssl passwd -1 x) app\n",
            "FROM a\nRUN usermod --password=abc app\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_locked_accounts_alone() {
        for text in [
            "FROM a\nRUN useradd -m app\n",
            "FROM a\nRUN passwd -l root\n",
            "FROM a\nRUN useradd -p '*' app\n",
            "FROM a\nRUN usermod -L app\n",
            "FROM a\nRUN echo chpasswd\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
