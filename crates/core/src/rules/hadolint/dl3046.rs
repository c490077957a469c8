use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{named_commands, run_script, with_onbuild};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::{Body, CommandForm};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3046",
    name: "useradd-high-uid",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`useradd` without flag `-l` and high UID will result in excessively large Image.",
    docs: r#"
## What it does
Reports `useradd -u <uid>` with a UID of more than five digits and
without `-l` (`--no-log-init`). A UID given by a variable is resolved
(`ARG UID=1000` makes `-u $UID` a short UID); one only known at build
time is not reported.

## Why is this bad?
`useradd` records the new user in `/var/log/lastlog` and
`/var/log/faillog`, sparse files indexed by UID. Docker's layer format
does not keep them sparse: a UID like 100000000 writes gigabytes of
zeros into the layer. `-l` skips those logs.

## Fix
*Safe.* Inserts `-l` after `useradd`.

- **What changes in the image:** the user is created the same way (same
  UID, group, home and shell), without its entries in
  `/var/log/lastlog` and `/var/log/faillog`: the layer no longer holds
  the gigabytes of zeros those sparse files become.
- **What must hold:** nothing needs those two records, which are empty
  ones ("never logged in", no failures).
- **What the fix checks:** every such `useradd` of the `RUN` gets `-l`
  when the `RUN` is a shell form written in the file itself (not an exec
  form or a heredoc script) and each command names `useradd` as a plain
  word; otherwise the finding has no edit.

## Example
```dockerfile
FROM debian:12
RUN useradd -u 1000000 app
```

## Use instead
```dockerfile
FROM debian:12
RUN useradd -l -u 1000000 app
```
"#,
    check,
};

/// The UID `word` stands for is longer than five characters. A variable
/// is resolved in the scope of instruction `i`; an unknown value is not
/// judged (hadolint measures the text `${UID}` instead).
fn uid_is_long(cx: &Checker, i: usize, word: &ShellWord) -> bool {
    if !word.has_expansion {
        return word.value.len() > 5;
    }
    let resolved = cx.resolve(i, &word.value);
    resolved.is_complete() && resolved.value.len() > 5
}

fn forgot_l(cx: &Checker, i: usize, cmd: &SimpleCommand) -> bool {
    let args = cmd.args();
    let mut has_l = false;
    let mut long_uid = false;
    for (n, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if v == "--no-log-init" {
            has_l = true;
        } else if let Some(short) = v.strip_prefix('-').filter(|s| !s.starts_with('-')) {
            if short.contains('l') {
                has_l = true;
            }
            if short.contains('u') && args.get(n + 1).is_some_and(|w| uid_is_long(cx, i, w)) {
                long_uid = true;
            }
        }
    }
    long_uid && !has_l
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, (outer, inst)) in with_onbuild(file).enumerate() {
        let Some(script) = run_script(inst) else {
            continue;
        };
        let forgot: Vec<&SimpleCommand> = named_commands(&script)
            .filter(|(name, cmd)| *name == "useradd" && forgot_l(cx, i, cmd))
            .map(|(_, cmd)| cmd)
            .collect();
        if forgot.is_empty() {
            continue;
        }
        // Edits only where the script is the source text itself.
        let literal =
            matches!(inst.body, Body::Run(CommandForm::Shell { .. })) && inst.heredocs.is_empty();
        let edits: Vec<Edit> = forgot
            .iter()
            .filter_map(|cmd| cmd.words.iter().find(|w| w.value == "useradd" && !w.quoted))
            .map(|w| Edit::insert(w.span.end, " -l"))
            .collect();
        if literal && edits.len() == forgot.len() {
            cx.report_fix(
                outer.span,
                RULE.summary,
                Fix::safe("Add `-l` (`--no-log-init`) to `useradd`", edits),
            );
        } else {
            cx.report(outer.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn high_uid() {
        let text = "FROM a:1\nRUN useradd -u 1000000 a\nRUN useradd -l -u 1000000 a\nRUN useradd -u 1000 a\nRUN useradd --no-log-init -u 1234567 a\nRUN useradd -ou 1234567 a\n";
        assert_eq!(lines(&RULE, text), vec![2, 6]);
    }

    #[test]
    fn variables_are_resolved() {
        // ARG uid=1000 is a short UID whatever the variable's name.
        let text = "FROM a:1\nARG uid=1000\nENV uid $uid\nRUN useradd -u $uid a\nRUN useradd -u ${uid} a\nARG BIG=1234567\nRUN useradd -u ${BIG} a\nARG LATER\nRUN useradd -u ${LATER} a\n";
        assert_eq!(lines(&RULE, text), vec![7]);
    }

    #[test]
    fn fix_adds_l() {
        let text =
            "FROM a:1\nRUN groupadd g && useradd -u 1000000 -g g a && useradd -u 2000000 b\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nRUN groupadd g && useradd -l -u 1000000 -g g a && useradd -l -u 2000000 b\n"
        );
        let text = "FROM a:1\nRUN [\"useradd\", \"-u\", \"1000000\", \"a\"]\n";
        assert!(crate::testing::findings(&RULE, text)[0].fix.is_none());
    }
}
