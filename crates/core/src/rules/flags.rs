//! The "add a flag" family: a package manager or downloader run without
//! the flag that keeps it quiet, non-interactive or cache-free (`apt-get
//! install -y` DL3014, `apk add --no-cache` DL3019, `yum install -y`
//! DL3030, `zypper -n` DL3034, `dnf install -y` DL3038, `wget
//! --progress` DL3047). One loop reports them all; each rule says which
//! commands lack the flag and how its fix adds it.

use crate::diagnostic::{Edit, Fix};
use crate::rules::pkg::{insert_after, run_at, CommandExt, Run};
use crate::rules::Checker;
use crate::syntax::shell::SimpleCommand;

/// Report every `RUN` (or `ONBUILD RUN`) with commands `forgot` picks,
/// unless `skip` excuses the `RUN`: on an exec-form `RUN` without a fix
/// (its words cannot be edited), otherwise with the fix `fix` makes for
/// the instruction's index and those commands. The finding is on the
/// instruction, as hadolint reports it, and follows the first such
/// command.
pub(crate) fn report_missing_flag<'a>(
    cx: &mut Checker<'a>,
    message: &str,
    skip: impl Fn(&Run<'a>) -> bool,
    forgot: fn(&SimpleCommand) -> bool,
    fix: impl Fn(&Checker<'a>, usize, &[&'a SimpleCommand]) -> Fix,
) {
    for i in 0..cx.file.instructions.len() {
        let Some(run) = run_at(cx, i) else { continue };
        if skip(run) {
            continue;
        }
        let bad: Vec<&'a SimpleCommand> = run.matching(forgot).collect();
        let Some(first) = bad.first() else { continue };
        if run.exec {
            cx.report(run.inst.span, message);
            continue;
        }
        let fix = fix(cx, i, &bad);
        cx.report_at(run.inst.span, Some(first.span.start), message, Some(fix));
    }
}

/// `flag` inserted after each command's subcommand (`install` in
/// `apt-get install`, one of `subcommands`).
pub(crate) fn after_subcommand(
    commands: &[&SimpleCommand],
    subcommands: &[&str],
    flag: &str,
) -> Vec<Edit> {
    commands
        .iter()
        .filter_map(|c| c.arg_word(subcommands))
        .map(|w| insert_after(w, flag))
        .collect()
}

/// `flag` inserted after each command's program name: in `exec zypper …`
/// or `command zypper …`, a flag after the first word would be the
/// wrapper's option.
pub(crate) fn after_program(commands: &[&SimpleCommand], flag: &str) -> Vec<Edit> {
    commands
        .iter()
        .map(|c| insert_after(&c.words[c.program_word.unwrap_or(0)], flag))
        .collect()
}
