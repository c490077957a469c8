//! Fixes: what a rule proposes, as text edits. Rules never edit text; the
//! engine applies their edits.

use serde::Serialize;

use crate::syntax::Span;

mod engine;

pub use engine::{
    apply_edits, fix_all, fix_all_with, map_forward, AppliedFix, Choices, FixOutcome, Skip,
    SkippedFix, SuggestionId, MAX_ROUNDS,
};

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

/// How safe applying a fix is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Only an explanation: no edit is offered (a human must choose).
    Manual,
    /// Recommended; behaviour may change (a slimmer base image).
    Suggested,
    /// Same behaviour.
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
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
            files: Vec::new(),
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
}
