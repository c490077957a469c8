//! What runs after an instruction in the image it builds: the rest of
//! its stage, then the stages built `FROM` it (directly or not). Fixes
//! ask before they change what a later step finds: a cache that is no
//! longer written is no longer there to `rm`, apt lists deleted are not
//! there for a later `apt-get install`.

use crate::diagnostic::Edit;
use crate::rules::pkg::{run_at, Run};
use crate::rules::Checker;
use crate::semantics::Base;
use crate::syntax::shell::SimpleCommand;

/// The instructions that run after instruction `i` in the images built
/// on its stage, in order: the rest of its stage, then every stage built
/// `FROM` it, directly or not (their instructions from the `FROM` on).
pub fn after(cx: &Checker, i: usize) -> Vec<usize> {
    let sem = cx.semantics();
    let Some(stage) = sem.stage_of(i) else {
        return Vec::new();
    };
    let mut out: Vec<usize> = (i + 1..stage.end).collect();
    // Stages are in source order and can only be built on earlier ones:
    // one pass finds every descendant.
    let mut inherits = vec![false; sem.stages.len()];
    inherits[stage.index] = true;
    for s in &sem.stages[stage.index + 1..] {
        if let Base::Stage(p) = s.base {
            if p < s.index && inherits[p] {
                inherits[s.index] = true;
                out.extend(s.instructions());
            }
        }
    }
    out
}

/// The `RUN`s after instruction `i` (see [`after`]), with their index.
pub fn runs_after<'a>(cx: &Checker<'a>, i: usize) -> Vec<(usize, &'a Run<'a>)> {
    after(cx, i)
        .into_iter()
        .filter_map(|j| run_at(cx, j).map(|r| (j, r)))
        .collect()
}

/// `rm` without `-f` (`--force`), whose arguments include a path `hits`
/// accepts: it fails when nothing is there to remove.
pub fn strict_rm_of(cmd: &SimpleCommand, hits: impl Fn(&str) -> bool) -> bool {
    let Some(("rm", args)) = cmd.effective() else {
        return false;
    };
    let forced = args.iter().any(|w| {
        let v = w.value.as_str();
        v == "--force" || (v.starts_with('-') && !v.starts_with("--") && v.contains('f'))
    });
    !forced
        && args
            .iter()
            .filter(|w| !w.value.starts_with('-'))
            .any(|w| hits(strip_home(&w.value)))
}

/// `path` with a leading `~`, `$HOME` or `${HOME}` written as `/root`
/// (the steps that write caches run as root).
fn strip_home(path: &str) -> &str {
    for home in ["~/", "$HOME/", "${HOME}/"] {
        if let Some(rest) = path.strip_prefix(home) {
            // `rest` is relative to the home directory: callers compare
            // the part after `/root/`.
            return rest;
        }
    }
    path.strip_prefix("/root/").unwrap_or(path)
}

/// Edits adding `-f` to every strict `rm` of a path `hits` accepts that
/// runs after the command ending at byte `from` of instruction `i` (the
/// rest of that `RUN`, then the later `RUN`s of the image): what a fix that
/// stops writing something must add, so that removing it does not fail
/// once it is not there. `None` when such an `rm` cannot be edited (an
/// exec-form `RUN`).
pub fn force_later_removals(
    cx: &Checker,
    i: usize,
    from: usize,
    hits: impl Fn(&str) -> bool + Copy,
) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    let here = run_at(cx, i).map(|r| (i, r));
    for (j, run) in here.into_iter().chain(runs_after(cx, i)) {
        for cmd in &run.commands {
            if j == i && cmd.span.start < from {
                continue;
            }
            if strict_rm_of(cmd, hits) {
                if run.exec {
                    return None;
                }
                let at = crate::syntax::shell::effective_index(&cmd.words).unwrap_or(0);
                edits.push(Edit::insert(cmd.words[at].span.end, " -f"));
            }
        }
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::apply_edits;
    use crate::rules::{FixAvailability, Rule, Source};
    use crate::Severity;

    fn probe(cx: &mut Checker) {
        let file = cx.file;
        let Some(i) = file
            .instructions
            .iter()
            .position(|i| file.source[i.span.start..i.span.end].contains("pip install"))
        else {
            return;
        };
        let edits = force_later_removals(cx, i, 0, |p| p.starts_with(".cache")).unwrap();
        let after: Vec<usize> = after(cx, i);
        let d = cx.report(crate::syntax::Span::new(0, 0), format!("{after:?}"));
        d.fix = Some(crate::diagnostic::Fix::safe("", edits));
    }

    static PROBE: Rule = Rule {
        code: "XX0003",
        name: "probe-later",
        severity: Severity::Info,
        source: Source::Drydock,
        fix: FixAvailability::Never,
        summary: "",
        docs: "",
        check: probe,
    };

    #[test]
    fn later_removals_get_forced() {
        let text = "FROM python:3 AS a\nRUN pip install x && rm -r /root/.cache\nRUN rm -rf ~/.cache/pip\nFROM a\nRUN rm ~/.cache/pip/x /tmp/y\nFROM python:3\nRUN rm -r /root/.cache\n";
        let found = crate::testing::findings_with(&PROBE, text, &Config::default());
        assert_eq!(found[0].message, "[2, 3, 4]");
        let out = apply_edits(text, &found[0].fix.as_ref().unwrap().edits);
        assert_eq!(out, "FROM python:3 AS a\nRUN pip install x && rm -f -r /root/.cache\nRUN rm -rf ~/.cache/pip\nFROM a\nRUN rm -f ~/.cache/pip/x /tmp/y\nFROM python:3\nRUN rm -r /root/.cache\n");
    }
}
