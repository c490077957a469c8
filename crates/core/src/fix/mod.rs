//! Fixes: what a rule proposes, as text edits. Rules never edit text; the
//! engine applies their edits.

use serde::Serialize;

use crate::syntax::Span;

mod commands;
mod engine;
pub mod problems;

pub use engine::{
    apply_edits, fix_all, fix_all_with, fix_with, map_forward, AppliedFix, Choices, FixOutcome,
    Skip, SkippedFix, SuggestionId, MAX_ROUNDS,
};
pub use problems::{problems, Problem};

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
