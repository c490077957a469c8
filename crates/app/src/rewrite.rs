//! The rewrite: the text with every accepted fix applied.
//!
//! Until the core's fix engine lands this applies the accepted fixes'
//! edits itself, the conservative way: fixes are taken in source order and
//! a fix any of whose edits touches an edit already taken is left out (its
//! finding stays, and the next lint offers it again).

use std::collections::BTreeSet;

use drydock_core::fix::{Applicability, Edit, ExtraFile};
use drydock_core::Diagnostic;

/// The key that remembers a rejected suggestion across edits: the rule and
/// the text it points at (offsets move as the user types; this does not).
pub fn fix_key(text: &str, d: &Diagnostic) -> String {
    let at = text.get(d.span.start..d.span.end).unwrap_or("");
    format!("{}\u{1f}{}", d.code, at)
}

/// Whether `d` carries an edit the user can accept or reject.
pub fn has_edit(d: &Diagnostic) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.applicability != Applicability::Manual && !f.edits.is_empty())
}

pub struct Rewrite {
    pub text: String,
    /// Fixes applied.
    pub applied: usize,
    /// Files the applied fixes create beside the Dockerfile.
    pub files: Vec<ExtraFile>,
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    // Ranges that share a byte, an insertion inside the other range, or
    // two insertions at one point (their order is unknown).
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}

pub fn rewrite(text: &str, diagnostics: &[Diagnostic], rejected: &BTreeSet<String>) -> Rewrite {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut files: Vec<ExtraFile> = Vec::new();
    for d in diagnostics {
        if !has_edit(d) || rejected.contains(&fix_key(text, d)) {
            continue;
        }
        let fix = d.fix.as_ref().expect("has_edit");
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.iter().any(|t| overlaps(e, t)) || fix.edits[..i].iter().any(|o| overlaps(e, o))
        });
        if !valid || clashes {
            continue;
        }
        taken.extend(fix.edits.iter());
        applied += 1;
        for f in &fix.files {
            if !files.iter().any(|x| x.path == f.path) {
                files.push(f.clone());
            }
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    Rewrite {
        text: out,
        applied,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_core::fix::Fix;
    use drydock_core::syntax::Span;
    use drydock_core::Severity;

    fn diag(code: &str, span: (usize, usize), fix: Option<Fix>) -> Diagnostic {
        let mut d = Diagnostic::new(code, Severity::Info, "m", Span::new(span.0, span.1));
        d.fix = fix;
        d
    }

    #[test]
    fn applies_accepted_and_skips_rejected() {
        let text = "FROM python:3.13\nRUN pip install x\n";
        let slim = diag(
            "DD001",
            (5, 16),
            Some(Fix::suggested("slim", vec![Edit::insert(16, "-slim")])),
        );
        let cache = diag(
            "DL3042",
            (21, 34),
            Some(Fix::safe(
                "no cache",
                vec![Edit::insert(32, " --no-cache-dir")],
            )),
        );
        let advice = diag("DL3007", (0, 16), Some(Fix::manual("pin it")));
        let all = vec![slim.clone(), cache.clone(), advice];
        let r = rewrite(text, &all, &BTreeSet::new());
        assert_eq!(
            r.text,
            "FROM python:3.13-slim\nRUN pip install --no-cache-dir x\n"
        );
        assert_eq!(r.applied, 2);
        let rejected: BTreeSet<String> = [fix_key(text, &slim)].into();
        let r = rewrite(text, &all, &rejected);
        assert_eq!(
            r.text,
            "FROM python:3.13\nRUN pip install --no-cache-dir x\n"
        );
        assert_eq!(r.applied, 1);
    }

    #[test]
    fn clashing_and_invalid_fixes_are_left_out() {
        let text = "FROM a\n";
        let one = diag(
            "A",
            (0, 6),
            Some(Fix::safe("x", vec![Edit::replace(Span::new(5, 6), "b")])),
        );
        let two = diag(
            "B",
            (0, 6),
            Some(Fix::safe("y", vec![Edit::replace(Span::new(5, 6), "c")])),
        );
        let bad = diag(
            "C",
            (0, 6),
            Some(Fix::safe("z", vec![Edit::insert(99, "!")])),
        );
        let r = rewrite(text, &[one, two, bad], &BTreeSet::new());
        assert_eq!(r.text, "FROM b\n");
        assert_eq!(r.applied, 1);
    }
}
