//! What a rule reports: [`Diagnostic`] (of a rule's [`Code`]),
//! [`Severity`], and the fix it may carry ([`Edit`], [`Fix`],
//! [`Applicability`], [`apply_edits`]).
//!
//! **Architecture Invariant:** the bottom layer, with [`crate::position`]:
//! it imports nothing else from the crate, so every layer above (syntax,
//! semantics, rules, the fix engine, the views) can share these types.

use serde::{Deserialize, Serialize};

use crate::position::{LineIndex, Position, Span};

pub mod code;
pub mod edit;

pub use code::Code;

pub use edit::{
    apply_edits, conflicts, edits_valid, map_forward, Applicability, Edit, ExtraFile, Fix,
};

/// How serious a finding is, as hadolint names the levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    // Ordered from least to most severe so `>=` means "at least as bad".
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "style" => Some(Severity::Style),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `DL3007`, `FromAsCasing`, `DD…`.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the linted text.
    pub span: Span,
    /// 1-based start and end positions of `span`.
    pub start: Position,
    pub end: Position,
    /// A proposed fix, when the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Where exactly the problem is, when `span` is wider (a finding
    /// reported on a whole `RUN`, as hadolint does, about one of its
    /// commands): the fix engine follows the problem by it when other
    /// fixes join or move instructions.
    #[serde(skip)]
    pub anchor: Option<usize>,
    /// Where the exact place that starts at `anchor` ends, when the rule
    /// knows it (ShellCheck's codes): editors underline `anchor..anchor_end`
    /// instead of the whole `span`.
    #[serde(skip)]
    pub anchor_end: Option<usize>,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<Code>,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message: message.into(),
            span,
            start: Position::default(),
            end: Position::default(),
            fix: None,
            anchor: None,
            anchor_end: None,
        }
    }

    /// The offset the problem is followed by (see [`Diagnostic::anchor`]).
    pub fn anchor(&self) -> usize {
        self.anchor.unwrap_or(self.span.start)
    }

    /// The exact place of the problem (`anchor..anchor_end`) when the rule
    /// gave one inside `span`, else `span`.
    pub fn exact_span(&self) -> Span {
        match (self.anchor, self.anchor_end) {
            (Some(a), Some(e)) if self.span.start <= a && a <= e && e <= self.span.end => {
                Span::new(a, e)
            }
            _ => self.span,
        }
    }

    /// Fill `start`/`end` from `span`.
    pub fn locate(&mut self, text: &str, index: &LineIndex) {
        self.start = index.position(text, self.span.start);
        self.end = index.position(text, self.span.end);
    }
}
