//! Helpers more than one ShellCheck rule uses (rules never import rules).

use rustc_hash::FxHashSet as HashSet;

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

/// Whether `s` is a variable name.
pub(crate) fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The name `NAME=…`, `NAME+=…`, `NAME[i]=…` or `NAME` sets.
/// The name a `NAME=value` (or `NAME+=`, `NAME[i]=`) word assigns.
pub(crate) fn name_part(w: &ShellWord) -> Option<&str> {
    let raw = w.raw.as_str();
    let name = raw.split('=').next()?.trim_end_matches('+');
    let name = name.split('[').next()?;
    is_name(name).then_some(&raw[..name.len()])
}

/// The names a script sets anywhere (order does not matter here).
/// Every name the script assigns: by `NAME=value`, a declaration,
/// `read`, `getopts`, `mapfile`, `unset`, `printf -v` or a `for` loop.
pub(crate) fn assigned<'a>(run: &'a ShellRun) -> HashSet<&'a str> {
    let mut names: HashSet<&str> = HashSet::default();
    for l in &run.script.loops {
        names.insert(l.var.raw.as_str());
    }
    for cmd in &run.script.commands {
        for a in &cmd.assignments {
            if let Some(n) = name_part(a) {
                names.insert(n);
            }
        }
        match name_of(cmd) {
            Some(n)
                if is_declaration(n)
                    || matches!(n, "read" | "getopts" | "mapfile" | "readarray" | "unset") =>
            {
                for w in cmd.args() {
                    if let Some(n) = name_part(w) {
                        names.insert(n);
                    }
                }
            }
            Some("printf") => {
                if let [v, name, ..] = cmd.args() {
                    if v.value == "-v" {
                        names.extend(name_part(name));
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// Edit distance counting insertions, deletions, substitutions and swaps
/// of two adjacent characters, compared without case; `max + 1` when
/// larger than `max`. Inputs are variable names. The core's one
/// [`edit_distance`](crate::rules::shared::edit_distance), with swaps.
pub(crate) fn typo_distance(a: &str, b: &str, max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let (mut a_buf, mut b_buf) = (['\0'; 64], ['\0'; 64]);
    let chars = |s, buf| crate::rules::shared::chars_in(s, buf, true);
    let (Some(a), Some(b)) = (chars(a, &mut a_buf), chars(b, &mut b_buf)) else {
        return max + 1;
    };
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    crate::rules::shared::edit_distance_capped(a, b, true, max)
}
