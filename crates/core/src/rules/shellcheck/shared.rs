//! Helpers more than one ShellCheck rule uses (rules never import rules).

use super::*;

/// Where a `(` the shell cannot parse is, and whether it follows a single
/// word (SC1065) rather than a command's arguments (SC1088). The parser
/// records it as an "unexpected `(`" error; the command before it is the
/// one starting last before it.
pub(crate) fn misplaced_paren(run: &ShellRun) -> Option<(Span, bool)> {
    let err = run
        .script
        .errors
        .iter()
        .find(|e| e.message == "unexpected `(`")?;
    let before = run
        .script
        .commands
        .iter()
        .rev()
        .find(|c| c.span.start < err.span.start)?;
    let single = before.words.len() == 1 && before.assignments.is_empty();
    Some((err.span, single))
}

/// The unquoted `$(…)` or backticks in a `for` list whose command is
/// `prog` (`find`, `cat` …), for this rule and SC2013.
pub(crate) fn loops_over(run: &ShellRun, prog: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for w in run
        .script
        .loops
        .iter()
        .flat_map(|l| l.items.iter().flatten())
    {
        for p in pieces(&w.raw) {
            let open = match p.kind {
                Kind::CommandSub => 2,
                Kind::Backtick => 1,
                _ => continue,
            };
            if p.quoted {
                continue;
            }
            let inner = w.raw.get(p.start + open..p.end).unwrap_or("").trim_start();
            let first = inner.split_whitespace().next().unwrap_or("");
            let first = first.rsplit('/').next().unwrap_or(first);
            if first == prog {
                out.push(sub_span(w, p.start, p.end));
            }
        }
    }
    out
}

/// Whether the script turns on `errexit` (`set -e`, `set -eux`,
/// `set -o errexit`).
pub(crate) fn sets_e(script: &Script) -> bool {
    script.commands.iter().any(|c| {
        name_of(c) == Some("set")
            && c.args().iter().any(|a| {
                let v = a.value.as_str();
                v == "errexit" || (v.starts_with('-') && !v.starts_with("--") && v.contains('e'))
            })
    })
}
