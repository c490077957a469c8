use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{command_name, has_pipes, indent_of, run_script};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::{Base, Distro};
use crate::syntax::shell::{Op, Script, SimpleCommand};
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

## Fix
*Suggested*, only where a pipe is fed by a download. Sets pipefail just
around the `RUN` (or the adjacent `RUN`s) that need it:
`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before (`/bin/ash` on
Alpine, whose `/bin/sh` it is), and the shell in force before after.

- **What changes in the image:** nothing when the downloads succeed; a
  download that fails now fails the step instead of piping nothing into
  the next command. Those `RUN`s run under bash instead of dash.
- **What must hold:** no command feeding a pipe in them fails as part of
  normal operation (pipefail would turn that into a failed build:
  `dpkg-query` finding nothing, `grep` matching nothing, `yes` killed by
  SIGPIPE, `curl … | head`); nothing in them behaves differently under
  bash (`echo 'a\nb'`, `echo -e`, `$'…'`); the image has the shell; the
  later instructions keep the shell they had.
- **What the fix checks:** every command feeding a pipe is `curl` or
  `wget` (and the consumer reads to the end: not `head` or `grep -q`)
  or cannot fail (`echo`, `printf`); no `echo` with escapes or options,
  no `$'…'`; the stage's image is Debian or Ubuntu (bash) or Alpine
  (ash). The previous shell is restored after them unless nothing later
  in the stage uses a shell and nothing inherits the stage's settings.
  Otherwise there is no edit, and the explanation says why: where only
  `echo`/`printf` feed the pipes pipefail changes nothing; where other
  commands do, it is a decision the author has to make.

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
SHELL ["/bin/sh", "-c"]
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

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut handled = false;
    // The pipe RUNs of the current run of adjacent ones, waiting for
    // their fix: (instruction, what its pipes need).
    let mut group: Vec<(usize, Need)> = Vec::new();
    // What the pipes need shapes the fix only.
    let fixes = cx.wants_fixes();
    for (i, inst) in file.instructions.iter().enumerate() {
        let reported = match &inst.body {
            Body::From(_) => {
                handled = false;
                None
            }
            Body::Shell(_) => {
                handled = shell_handles_pipes(inst);
                None
            }
            Body::Run(_) if !handled => {
                let Some(script) = run_script(inst) else {
                    continue;
                };
                (has_pipes(&script) || exec_has_pipe(inst)).then(|| {
                    if fixes {
                        need(inst, &script)
                    } else {
                        Need::Nothing
                    }
                })
            }
            _ => None,
        };
        match reported {
            Some(n) => group.push((i, n)),
            None => report_group(cx, &mut group),
        }
    }
    report_group(cx, &mut group);
}

/// What a `RUN`'s pipes say about setting pipefail around it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Need {
    /// Some pipe is fed by a download (`curl`, `wget`) whose failure must
    /// fail the step, and nothing else in it changes under pipefail and
    /// bash.
    Yes,
    /// Every command feeding a pipe cannot fail (`echo`, `printf`):
    /// pipefail would change nothing.
    Nothing,
    /// Pipefail (or bash) would change what passes: the reason.
    Changes(String),
}

/// Commands that cannot fail when they feed a pipe.
const CANNOT_FAIL: &[&str] = &["echo", "printf", "true", ":"];

/// Commands whose failure, feeding a pipe, means the step is broken.
const DOWNLOADS: &[&str] = &["curl", "wget"];

/// Consumers that may stop reading before the end: the command feeding
/// them then dies of SIGPIPE, and pipefail turns that into a failure.
fn stops_early(cmd: &SimpleCommand) -> bool {
    let Some((program, args)) = cmd.effective() else {
        return false;
    };
    match program {
        "head" => true,
        "grep" | "egrep" | "fgrep" => args.iter().any(|w| {
            let v = w.value.as_str();
            v == "--quiet"
                || v.starts_with("--max-count")
                || (v.starts_with('-')
                    && !v.starts_with("--")
                    && (v.contains('q') || v.contains('m')))
        }),
        _ => false,
    }
}

fn need(inst: &Instruction, script: &Script) -> Need {
    if matches!(inst.body, Body::Run(CommandForm::Exec { .. })) {
        return Need::Changes("an exec-form RUN runs no shell".into());
    }
    // bash and dash differ on `echo` escapes (`echo 'a\nb'`, `echo -e`)
    // and `$'…'`: the RUN must not depend on them.
    for cmd in &script.commands {
        if command_name(cmd) == Some("echo")
            && cmd
                .args()
                .iter()
                .any(|w| w.raw.contains('\\') || matches!(w.value.as_str(), "-e" | "-n" | "-E"))
        {
            return Need::Changes("its `echo` prints differently under bash".into());
        }
        if cmd.words.iter().any(|w| w.raw.contains("$'")) {
            return Need::Changes("`$'…'` means something else under bash".into());
        }
    }
    let mut downloads = false;
    let commands = &script.commands;
    for (k, cmd) in commands.iter().enumerate() {
        // `cmd` feeds a pipe when the next command of its pipeline follows
        // it with `|`.
        let feeds = commands[k + 1..]
            .iter()
            .find(|c| c.pipeline == cmd.pipeline)
            .filter(|c| c.op_before == Some(Op::Pipe));
        let Some(consumer) = feeds else { continue };
        // What runs, through `sudo`, `env`, `timeout` ….
        let name = cmd.effective().map_or("", |(p, _)| p);
        if name == "yes" {
            return Need::Changes(
                "`yes |` ends with SIGPIPE: under pipefail the step fails".into(),
            );
        }
        if CANNOT_FAIL.contains(&name) {
            continue;
        }
        if DOWNLOADS.contains(&name) {
            if stops_early(consumer) {
                return Need::Changes(format!(
                    "`{name} | {}` may stop reading early: under pipefail the step would fail",
                    command_name(consumer).unwrap_or("…")
                ));
            }
            downloads = true;
            continue;
        }
        let what = if name.is_empty() { "a command" } else { name };
        return Need::Changes(format!(
            "`{what}` feeds a pipe and may fail as part of normal operation (no match, nothing found): under pipefail the step would fail"
        ));
    }
    if downloads {
        Need::Yes
    } else {
        Need::Nothing
    }
}

/// Report the adjacent pipe `RUN`s of `group` (and empty it): one fix,
/// setting pipefail just around them, when every one of them needs it or
/// is unaffected, and at least one needs it.
fn report_group(cx: &mut Checker, group: &mut Vec<(usize, Need)>) {
    if group.is_empty() {
        return;
    }
    let file = cx.file;
    let sem = cx.semantics();
    let (first, last) = (group[0].0, group[group.len() - 1].0);
    let wanted = group.iter().any(|(_, n)| *n == Need::Yes)
        && group
            .iter()
            .all(|(_, n)| matches!(n, Need::Yes | Need::Nothing));
    let fix = if wanted && cx.wants_fixes() {
        scoped_shell(cx, first, last)
    } else {
        None
    };
    for (i, n) in group.drain(..) {
        let inst = &file.instructions[i];
        if !cx.wants_fixes() {
            cx.report(inst.span, RULE.summary);
            continue;
        }
        let fix = match (&fix, n) {
            (Some(f), _) => f.clone(),
            (None, Need::Nothing) => Fix::manual(
                "The commands that feed its pipes cannot fail (`echo`, `printf`): pipefail \
                 changes nothing here. Leave it, or silence the check for this line \
                 (`# hadolint ignore=DL4006`)",
            ),
            (None, Need::Changes(why)) => Fix::manual(format!(
                "Setting pipefail is a decision, not a formality here: {why}. Set \
                 `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before it if a failure \
                 there must fail the build (and check the later RUNs), or silence the check \
                 for this line (`# hadolint ignore=DL4006`)"
            )),
            (None, Need::Yes) => Fix::manual(format!(
                "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN{}",
                match sem.distro_at(i) {
                    Distro::Unknown => " if its image has bash (its base image is unknown here)",
                    _ => " and the previous SHELL after it",
                }
            )),
        };
        cx.report_fix(inst.span, RULE.summary, fix);
    }
}

/// The fix that sets pipefail just around instructions `first..=last`
/// (adjacent pipe `RUN`s): `SHELL […, "-o", "pipefail", "-c"]` before, the
/// shell in force before after. `None` when the stage's image is not known
/// to have the shell, or the lines cannot take the edit.
fn scoped_shell(cx: &Checker, first: usize, last: usize) -> Option<Fix> {
    let file = cx.file;
    let source = cx.source();
    let sem = cx.semantics();
    let base = sem.stage_of(first)?;
    let (shell, message) = match sem.distro(base.index) {
        d if d.is_debian_like() => ("/bin/bash", "Run it with bash and `-o pipefail`"),
        Distro::Alpine => ("/bin/ash", "Run it with ash and `-o pipefail`"),
        _ => return None,
    };
    let before = sem.shell(first);
    if !before.posix {
        return None;
    }
    let restore = json_array(&before.program);
    let a = &file.instructions[first];
    let b = &file.instructions[last];
    let indent = indent_of(source, a)?;
    // After `b`: at the end of its last line.
    let line_end = source[b.span.end..]
        .find('\n')
        .map_or(source.len(), |n| b.span.end + n);
    if !source[b.span.end..line_end].trim().is_empty() {
        return None;
    }
    let newline = if line_end == source.len() { "\n" } else { "" };
    let mut edits = vec![Edit::insert(
        a.span.start,
        format!("SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]\n{indent}"),
    )];
    // The shell is restored unless nothing after it uses it: no later
    // instruction of the stage runs a shell, the stage is not the image
    // (whose configuration keeps its SHELL) and no stage is built on it.
    let later_use = file.instructions[last + 1..base.end]
        .iter()
        .any(uses_the_shell);
    let inherited = base.is_final
        || sem
            .stages
            .iter()
            .any(|s| matches!(s.base, Base::Stage(p) if p == base.index));
    if later_use || inherited {
        edits.push(Edit::insert(
            line_end,
            format!("{newline}\n{indent}SHELL {restore}"),
        ));
    }
    Some(Fix::suggested(message, edits))
}

/// Whether `inst` runs the shell in force: shell-form `RUN`, `CMD`,
/// `ENTRYPOINT`, `HEALTHCHECK CMD`, or `ONBUILD` (its trigger may).
fn uses_the_shell(inst: &Instruction) -> bool {
    matches!(
        &inst.body,
        Body::Run(CommandForm::Shell { .. })
            | Body::Cmd(CommandForm::Shell { .. })
            | Body::Entrypoint(CommandForm::Shell { .. })
            | Body::Onbuild(_)
            | Body::Healthcheck(_)
    )
}

/// `["a", "b"]`, JSON strings.
fn json_array(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| {
            let mut out = String::from('"');
            for c in w.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        })
        .collect();
    format!("[{}]", quoted.join(", "))
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
    use crate::testing::{fixed_once, lines};

    #[test]
    fn pipes() {
        let text = "FROM a:1\nRUN a | b\nRUN a || b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM b:1\nRUN [\"sh\", \"-c\", \"a | b\"]\nSHELL [\"/bin/bash\", \"-c\"]\nRUN x | y\nSHELL [\"pwsh\", \"-c\"]\nRUN x | y\n";
        assert_eq!(lines(&RULE, text), vec![2, 7, 9]);
        let text = "FROM a:1\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n";
        assert!(lines(&RULE, text).is_empty());
    }

    #[test]
    fn fix_sets_pipefail_around_downloads_only() {
        let shell = "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n";
        let ash = "SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\n";
        let sh = "SHELL [\"/bin/sh\", \"-c\"]\n";
        // Around the RUN, restored for what follows.
        let text =
            "FROM debian:12\nRUN curl -fsSL https://x/k | gpg --dearmor > /k\nRUN echo done\n";
        assert_eq!(
            fixed_once(&RULE, text),
            format!("FROM debian:12\n{shell}RUN curl -fsSL https://x/k | gpg --dearmor > /k\n{sh}RUN echo done\n")
        );
        // Adjacent ones share one scope; the last thing of a stage nothing
        // inherits needs no restore.
        let text = "FROM debian:12 AS build\nRUN curl -sL https://x/a | tar xz\nRUN wget -qO- https://x/b | tar xz\nFROM alpine:3\nRUN wget -qO- https://x/c | tar xz\n";
        assert_eq!(
            fixed_once(&RULE, text),
            format!("FROM debian:12 AS build\n{shell}RUN curl -sL https://x/a | tar xz\nRUN wget -qO- https://x/b | tar xz\nFROM alpine:3\n{ash}RUN wget -qO- https://x/c | tar xz\n{sh}")
        );
        assert!(lines(&RULE, &fixed_once(&RULE, text)).is_empty());
    }

    fn fix_of(text: &str) -> crate::diagnostic::Fix {
        crate::testing::findings(&RULE, text)[0]
            .fix
            .clone()
            .expect("an explanation at least")
    }

    #[test]
    fn no_edit_where_pipefail_changes_what_passes_or_nothing() {
        use crate::diagnostic::Applicability::Manual;
        for text in [
            // Only echo feeds the pipe: nothing to gain.
            "FROM debian:12\nRUN echo \"$SHA  f\" | sha256sum -c -\n",
            // yes dies of SIGPIPE; dpkg-query finds nothing; head stops early.
            "FROM debian:12\nRUN yes | apt-get install x\n",
            "FROM debian:12\nRUN ldd /usr/local/bin/x | awk '{print $3}' | xargs -r dpkg-query --search | cut -d: -f1\n",
            "FROM debian:12\nRUN curl -s https://x/list | head -1 > /v\n",
            // bash's echo keeps the backslashes dash's expands.
            "FROM debian:12\nRUN curl -s https://x | sh && echo '[mysqld]\\nskip-host-cache' > /etc/my.cnf\n",
            // An image nobody knows: is there a bash?
            "FROM example/thing:1\nRUN curl -s https://x | sh\n",
        ] {
            let fix = fix_of(text);
            assert_eq!(fix.applicability, Manual, "{text}");
            assert!(fix.edits.is_empty(), "{text}");
        }
    }
}
