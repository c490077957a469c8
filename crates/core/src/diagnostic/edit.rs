//! Edits and fixes: what a rule proposes, as text edits, and how edits
//! are applied to a text. Part of the bottom layer ([`crate::diagnostic`]).

use serde::Serialize;

use crate::position::Span;

/// Replace `span` of the source with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::new(at, at), text)
    }
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }
}

/// How safe applying a fix is: what it does to the built image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Never part of the default rewrite: an explanation only (a human
    /// must choose: a version, a tag, a secret), or an edit that changes
    /// the image in a way the file does not show to be harmless. The edit,
    /// when there is one, is applied only when the user accepts it.
    Manual,
    /// Changes the image on purpose (fewer packages, a smaller base), and
    /// the file shows that what must hold for that to be harmless holds.
    Suggested,
    /// The image and its behaviour stay the same.
    Safe,
}

/// A file a fix creates beside the Dockerfile (a generated `.dockerignore`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExtraFile {
    pub path: String,
    pub contents: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in a few words ("Use python:3.11-slim").
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    pub files: Vec<ExtraFile>,
    /// For a manual fix with an edit: in one line, why it is not applied
    /// by default (what could break). For a suggested one: what must hold
    /// for it to be harmless, when the file cannot show all of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
            files: Vec::new(),
            risk: None,
        }
    }
    pub fn suggested(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            applicability: Applicability::Suggested,
            ..Fix::safe(message, edits)
        }
    }
    pub fn manual(message: impl Into<String>) -> Self {
        Fix {
            applicability: Applicability::Manual,
            ..Fix::safe(message, Vec::new())
        }
    }
    /// A manual fix that carries its edit: shown, explained by `risk`, and
    /// applied only when the user accepts it.
    pub fn risky(message: impl Into<String>, edits: Vec<Edit>, risk: impl Into<String>) -> Self {
        Fix {
            applicability: Applicability::Manual,
            risk: Some(risk.into()),
            ..Fix::safe(message, edits)
        }
    }
    /// The same fix with a note on what must hold for it to be harmless.
    pub fn with_risk(mut self, risk: impl Into<String>) -> Self {
        self.risk = Some(risk.into());
        self
    }
}

/// Two edits conflict when their spans overlap, or when they touch at one
/// point and either inserts there (the order of the two texts would be
/// ambiguous).
pub fn conflicts(a: &Edit, b: &Edit) -> bool {
    if a.span.start < b.span.end && b.span.start < a.span.end {
        return true;
    }
    let touch = a.span.end == b.span.start || b.span.end == a.span.start;
    touch && (a.span.is_empty() || b.span.is_empty())
}

/// The edits lie inside `text`, on character boundaries, and do not
/// conflict with each other (identical edits are allowed).
pub fn edits_valid(text: &str, edits: &[Edit]) -> bool {
    let in_text = edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    });
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup();
    // Sorted by start, an edit that conflicts with a later one conflicts
    // with the one right after it.
    in_text && sorted.windows(2).all(|w| !conflicts(w[0], w[1]))
}

/// `text` with `edits` applied. The edits must not conflict (see
/// [`edits_valid`]); identical edits are applied once. Every byte outside
/// the edits' spans is kept.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let start = e.span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&e.replacement);
        at = e.span.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// Where `span` of the text before `edits` ends up after them (used by
/// tests to check that untouched bytes stay put).
pub fn map_forward(edits: &[Edit], span: Span) -> Span {
    let mut shift: isize = 0;
    for e in edits {
        if e.span.end <= span.start {
            shift += e.replacement.len() as isize - e.span.len() as isize;
        }
    }
    let start = (span.start as isize + shift) as usize;
    Span::new(start, start + span.len())
}
